// Durations as runbooks write them ("< 5 minutes", "(1-3 minutes)", "~2-3 min", "5–10 minutes",
// "Time to Complete: 5-30 minutes", "≤ 5 minutes", "T+3.5 hours", "2:30"), told apart by their context
// from what are not step durations (monitoring windows, deadlines, command timeouts, frequencies).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace drillsim::runbook {

struct DurationMention {
  enum class Form {
    Point,        // "5 minutes", "90s", "2:30" (m:ss)
    Range,        // "1-3 minutes", "5–10 min", "between 2 and 4 hours"
    UpperBound,   // "< 5 minutes", "≤ 5 minutes", "under 5 minutes", "up to 5 minutes", "max 5 min"
    Approximate,  // "~2 minutes", "about 5 minutes", "approx. 10 min" (a range "~2-3 min" is a Range)
    Offset,       // "T+3.5 hours", "T+30m": an instant relative to the start of the incident
  };
  enum class Role {
    Step,       // How long a step takes: "(1-3 minutes)", "Time to Complete: 5-30 minutes", "takes 2 min"
    Budget,     // A target for a whole procedure or level: "Target Time: < 5 minutes", "RTO: 15 min"
    Window,     // A monitoring or condition window: "> 5% for 5 minutes", "monitor for 30 minutes"
    Deadline,   // "within 1 hour", "by T+2h", "no later than", "SLA"
    Timeout,    // A command's or a probe's timeout: "--timeout=5m", "timeout: 30s"
    Frequency,  // "every 6 hours", "daily", "hourly backups", "each 15 minutes"
    Unknown,    // No cue in the text around it: the caller decides from where it appears
  };
  double min_s = 0;  // Point/Approximate/Offset: min_s == max_s. UpperBound: min_s = 0.
  double max_s = 0;
  Form form = Form::Point;
  Role role = Role::Unknown;
  std::size_t begin = 0;  // Byte offsets of the mention in the text given.
  std::size_t end = 0;
  std::string text;  // text.substr(begin, end - begin)
};

// Every duration in `text`, in order of appearance, each with the role its surroundings give it.
// Never throws; any input (binary, huge, malformed UTF-8) is handled in time linear in its size.
std::vector<DurationMention> find_durations(std::string_view text);

const char* to_string(DurationMention::Form form);
const char* to_string(DurationMention::Role role);

// A duration as lint and scaffold write it in their messages: "45 s" below two minutes, else minutes to
// one decimal ("4.5 min").
std::string describe_seconds(double s);

}  // namespace drillsim::runbook
