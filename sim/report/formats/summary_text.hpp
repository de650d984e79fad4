// The facts of a drill summary in words, shared by the Markdown summary and the HTML report so that
// both say the same thing in the same words: the headline verdict, an instant's note in the timeline,
// the impact rows, a step's status and time taken. The text is plain (unescaped): each writer escapes
// it for its own format. Verdicts are the report's own fields; nothing here judges.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/drill_result.hpp"
#include "model/timeline.hpp"
#include "report/report.hpp"

namespace drillsim::report::formats {

// "every objective met" or "N of M objectives missed" (each service's RTO and RPO count as two).
std::string headline_text(const Report& report);

// A time in seconds with one decimal ("12.3"); "—" when absent.
std::string at_text(std::optional<double> t_s);

// `t_s` relative to `from_s` as "+12m 05s" / "-3.0 s"; "—" when either is absent.
std::string offset_text(std::optional<double> t_s, std::optional<double> from_s);

// The note beside one instant of the incident's timeline: the detecting signal, the number of
// Alertmanager notifications, who acknowledged and the escalations, the decision and its rule, why
// `onset` or `restored` is absent. "" when there is nothing to add.
std::string instant_note(const Report::Incident& incident, model::Instant instant);

// "Time to detect 1m 00s, to decide …, to roll back …, to restore …."
std::string time_to_text(const metrics::IncidentMetrics& metrics);

// The impact table: measure and value, in order (users, downtime, failed requests, revenue when the
// scenario gives one; writes lost and corrupted writes left when there are stores).
struct ImpactRow {
  std::string measure;
  std::string value;
};
std::vector<ImpactRow> impact_rows(const Report& report);

// A step's status with its attempts: "completed", "failed ×3".
std::string step_status_text(const model::StepOutcome& step);

// A step's time taken (end - start); nullopt while either is absent.
std::optional<double> step_took_s(const model::StepOutcome& step);

// The onset of the first incident, the origin of the "since onset" columns; nullopt without one.
std::optional<double> first_onset_s(const Report& report);

// True when the plan has named levels (and so a table of level claims).
bool has_named_levels(const Report& report);

// A store's loss window: "45.0 s (120.0 s → 165.0 s)"; "—" when nothing was lost.
std::string loss_window_text(const model::StoreOutcome& store);

// When a signal first fired: "120.0" or "never".
std::string fired_text(const model::SignalRecord& signal);

// The sentence introducing the assumptions, and the one saying there are none.
inline constexpr const char* kAssumptionsIntro =
    "The verdicts hold only as far as these values the scenario invented, rather than took from the "
    "system, do:";
inline constexpr const char* kNoAssumption = "The scenario lists no assumption.";

}  // namespace drillsim::report::formats
