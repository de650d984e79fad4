#include "runbook/triggers.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <sstream>

#include "runbook/durations.hpp"
#include "runbook/text.hpp"

namespace drillsim::runbook {

using ojson = nlohmann::ordered_json;
using Kind = ImportNote::Kind;

std::optional<double> percent_in(std::string_view text) {
  const auto pct = text.find('%');
  if (pct == std::string_view::npos) return std::nullopt;
  std::size_t b = pct;
  while (b > 0 && (std::isdigit(static_cast<unsigned char>(text[b - 1])) || text[b - 1] == '.'))
    --b;
  if (b == pct) return std::nullopt;
  try {
    return std::stod(std::string(text.substr(b, pct - b))) / 100.0;
  } catch (...) {
    return std::nullopt;
  }
}

namespace {

// The number after "level" in a decision cell ("Level 2", "level-3"), if the word is there.
std::optional<int> level_in(std::string_view text_lower) {
  return number_after(text_lower, "level");
}

class TriggerReader {
 public:
  TriggerReader(const std::vector<Block>& blocks, const std::string& main_service, ImportResult& result,
                std::vector<ojson>& decision_rules)
      : blocks_(blocks), main_service_(main_service), result_(result), decision_rules_(decision_rules) {}

  void read_tables() {
    std::map<int, std::vector<const Block*>> tables;
    for (const auto& b : blocks_) {
      if (b.kind == Block::Kind::TableRow) tables[b.table].push_back(&b);
    }
    // The heading each table is under: criteria of success after a rollback are not triggers.
    std::map<int, std::string> heading_of;
    {
      std::string heading;
      for (const auto& b : blocks_) {
        if (b.kind == Block::Kind::Heading) heading = lower(b.text);
        if (b.kind == Block::Kind::TableRow && !heading_of.count(b.table)) heading_of[b.table] = heading;
      }
    }
    for (const auto& [index, rows] : tables) {
      if (rows.empty() || !rows.front()->header) continue;
      const std::string& under = heading_of[index];
      const bool success_table = has(under, "success") || has(under, "validation") ||
                                 has(under, "post-rollback") || has(under, "after rollback") ||
                                 has(under, "verification") || has(under, "healthy");
      std::vector<std::string> head;
      for (const auto& cell : rows.front()->cells)
        head.push_back(lower(trim(cell)));
      const auto column = [&](std::initializer_list<const char*> words) -> int {
        for (std::size_t c = 0; c < head.size(); ++c) {
          for (const char* w : words) {
            if (has(head[c], w)) return static_cast<int>(c);
          }
        }
        return -1;
      };
      const int rto = column({"rto", "recovery time"});
      const int rpo = column({"rpo", "recovery point", "data loss"});
      const int level = column({"rollback level", "level", "action", "decision", "response"});
      const int trigger = column({"threshold", "condition", "trigger", "metric"});
      if (rto >= 0 || (rpo >= 0 && has(head[static_cast<std::size_t>(rpo)], "rpo"))) {
        read_objectives(rows, rto, rpo);
      } else if (level >= 0 && (column({"severity"}) >= 0 || column({"impact"}) >= 0)) {
        read_matrix(rows, head, level);
      } else if (trigger >= 0 && !success_table) {
        for (std::size_t r = 1; r < rows.size(); ++r) {
          // A column of healthy or expected values ("Expected Behavior: should return to 99.9%",
          // "Normal", "Target") states what success looks like, not when to roll back: left out.
          std::string text;
          const auto& cells = rows[r]->cells;
          for (std::size_t c = 0; c < cells.size(); ++c) {
            const std::string& h = c < head.size() ? head[c] : std::string();
            if (has(h, "expected") || has(h, "normal") || has(h, "target") || has(h, "healthy") ||
                has(h, "baseline") || has(h, "should") || has(h, "typical"))
              continue;
            text += trim(cells[c]) + " | ";
          }
          read_trigger(rows[r]->line, text);
        }
      }
    }
  }

  // RTO / RPO stated in a heading, a paragraph or a bullet ("RTO target: 5 minutes", "RPO 5 minutes,
  // RTO 2 hours", "Level 1 (RTO < 5 min)"): one objective row per block, keyed by the block's heading so
  // that a section about one service maps to it. A value is taken only when it follows its word closely
  // (at most four words and no number or parenthesis between): "RPO: up to the backup lag (24 hours on
  // the free plan)" states no RPO.
  void read_prose_objectives() {
    std::string heading;
    for (const auto& b : blocks_) {
      if (b.kind == Block::Kind::Heading) heading = trim(b.text);
      if (b.kind != Block::Kind::Heading && b.kind != Block::Kind::Paragraph &&
          b.kind != Block::Kind::ListItem)
        continue;
      std::string text;
      for (std::size_t i = 0; i < b.text.size(); ++i) {
        if (b.text[i] == '+' && i > 0 && std::isdigit(static_cast<unsigned char>(b.text[i - 1]))) continue;
        text += b.text[i];
      }
      const std::string t = lower(text);
      if (!has(t, "rto") && !has(t, "rpo") && !has(t, "recovery time objective") &&
          !has(t, "recovery point objective"))
        continue;
      const auto rto = stated_after(text, t, {"rto", "recovery time objective"});
      const auto rpo = stated_after(text, t, {"rpo", "recovery point objective"});
      if (!rto && !rpo) continue;
      ojson row{{"key", heading.empty() ? std::string("document") : heading}};
      row["rto_s"] = rto ? ojson(*rto) : ojson(nullptr);
      row["rpo_s"] = rpo ? ojson(*rpo) : ojson(nullptr);
      note(b.line, Kind::Objective,
           "\"" + one_line(text, 60) + "\": RTO " + (rto ? row["rto_s"].dump() : std::string("?")) +
               " s, RPO " + (rpo ? row["rpo_s"].dump() : std::string("?")) + " s (under \"" +
               one_line(heading, 40) + "\")");
      result_.objectives.push_back(std::move(row));
    }
  }

  // The duration right after one of `words` (whole words of `t`, the lower-case `text`), if any.
  static std::optional<double> stated_after(const std::string& text, const std::string& t,
                                            std::initializer_list<const char*> words) {
    for (const char* w : words) {
      const std::string_view word(w);
      for (std::size_t at = t.find(word); at != std::string::npos; at = t.find(word, at + 1)) {
        const std::size_t end = at + word.size();
        if ((at > 0 && std::isalnum(static_cast<unsigned char>(t[at - 1]))) ||
            (end < t.size() && std::isalnum(static_cast<unsigned char>(t[end])) && t[end] != 's'))
          continue;
        const std::size_t stop = std::min(t.size(), end + 60);
        const auto found = find_durations(std::string_view(text).substr(end, stop - end));
        if (found.empty()) continue;
        const std::string_view between = std::string_view(t).substr(end, found.front().begin);
        int words_between = 0;
        bool in_word = false, clean = true;
        for (const char c : between) {
          if (std::isdigit(static_cast<unsigned char>(c)) || c == '(' || c == '.' || c == ';') clean = false;
          const bool letter = std::isalpha(static_cast<unsigned char>(c)) != 0;
          if (letter && !in_word) ++words_between;
          in_word = letter;
        }
        if (clean && words_between <= 4) return found.front().max_s;
      }
    }
    return std::nullopt;
  }

  void read_objectives(const std::vector<const Block*>& rows, int rto, int rpo) {
    for (std::size_t r = 1; r < rows.size(); ++r) {
      const auto& cells = rows[r]->cells;
      if (cells.empty()) continue;
      ojson row{{"key", trim(cells[0])}};
      const auto seconds = [&](int col) -> ojson {
        if (col < 0 || static_cast<std::size_t>(col) >= cells.size()) return nullptr;
        const auto found = find_durations(cells[static_cast<std::size_t>(col)]);
        if (found.empty()) return nullptr;
        return found.front().max_s;
      };
      row["rto_s"] = seconds(rto);
      row["rpo_s"] = seconds(rpo);
      note(rows[r]->line, Kind::Objective,
           "\"" + one_line(cells[0], 40) + "\": RTO " + (row["rto_s"].is_null() ? "?" : row["rto_s"].dump()) +
               " s, RPO " + (row["rpo_s"].is_null() ? "?" : row["rpo_s"].dump()) + " s");
      result_.objectives.push_back(std::move(row));
    }
  }

  // A severity x impact matrix: one decision rule per row.
  void read_matrix(const std::vector<const Block*>& rows, const std::vector<std::string>& head, int level) {
    ojson rules = ojson::array();
    for (std::size_t r = 1; r < rows.size(); ++r) {
      const auto& cells = rows[r]->cells;
      if (static_cast<std::size_t>(level) >= cells.size()) continue;
      ojson rule{{"name", one_line(cells[0], 40)}};
      std::vector<std::string> unexpressed;
      for (std::size_t c = 0; c < cells.size() && c < head.size(); ++c) {
        if (static_cast<int>(c) == level) continue;
        const std::string v = lower(cells[c]);
        if (has(head[c], "impact") || has(v, "users")) {
          const auto pct = percent_in(v);
          if (has(v, "all"))
            rule["users_affected_share_above"] = 0.9;
          else if (pct && (has(v, "<") || has(v, "under") || has(v, "less")))
            rule["users_affected_share_at_most"] = *pct;
          else if (pct)
            rule["users_affected_share_above"] = *pct;
          else
            unexpressed.push_back(trim(cells[c]));
        } else if (has(head[c], "fix") || has(head[c], "time")) {
          const auto d = find_durations(cells[c]);
          if (!d.empty() && (has(v, "<") || has(v, "under")))
            rule["fix_forward_at_most_s"] = d.front().max_s;
          else if (!d.empty())
            rule["fix_forward_above_s"] = d.front().max_s;
          else
            unexpressed.push_back(trim(cells[c]));
        } else if (!has(head[c], "severity")) {
          unexpressed.push_back(trim(cells[c]));
        }
      }
      const std::string target = lower(cells[static_cast<std::size_t>(level)]);
      if (has(target, "fix forward") || has(target, "fix-forward")) {
        rule["then"] = "fix_forward";
      } else if (const auto n = level_in(target)) {
        rule["then_level_number"] = *n;  // Resolved to the level's name once levels are known.
      } else {
        note(rows[r]->line, Kind::Unexpressed,
             "decision row \"" + one_line(rows[r]->text, 60) + "\": no level");
        continue;
      }
      note(rows[r]->line, Kind::Decision,
           "matrix row \"" + one_line(cells[0], 30) + "\" -> " +
               one_line(cells[static_cast<std::size_t>(level)], 30) +
               (unexpressed.empty() ? "" : " (severity kept as the rule's name)"));
      rules.push_back(std::move(rule));
    }
    if (!rules.empty()) decision_rules_.insert(decision_rules_.end(), rules.begin(), rules.end());
  }

  static std::optional<double> number_after_op(std::string_view text, char op) {
    const auto at = text.find(op);
    if (at == std::string_view::npos) return std::nullopt;
    std::size_t i = at + 1;
    while (i < text.size() && (text[i] == ' ' || text[i] == '='))
      ++i;
    std::size_t e = i;
    while (e < text.size() && (std::isdigit(static_cast<unsigned char>(text[e])) || text[e] == '.'))
      ++e;
    if (e == i) return std::nullopt;
    try {
      return std::stod(std::string(text.substr(i, e - i)));
    } catch (...) {
      return std::nullopt;
    }
  }

  // The number after the first comparison that means "above" ("> 800 ms", "above 800ms", "exceeds 2 s",
  // "more than 1.5 s"), with the offset of the comparison.
  static std::pair<std::optional<double>, std::size_t> threshold_after_comparison(std::string_view t) {
    for (const char* op :
         {">", "above ", "over ", "exceeds ", "exceed ", "more than ", "greater than ", "higher than "}) {
      const auto at = t.find(op);
      if (at == std::string_view::npos) continue;
      std::size_t i = at + std::string_view(op).size();
      while (i < t.size() && (t[i] == ' ' || t[i] == '='))
        ++i;
      std::size_t e = i;
      while (e < t.size() && (std::isdigit(static_cast<unsigned char>(t[e])) || t[e] == '.'))
        ++e;
      if (e == i) continue;
      try {
        return {std::stod(std::string(t.substr(i, e - i))), at};
      } catch (...) {
        continue;
      }
    }
    return {std::nullopt, 0};
  }

  // The count in "<count> consecutive" right before offset `at` ("two consecutive 1-minute samples",
  // "3 consecutive 5 min windows"), if the text says so.
  static std::optional<double> count_before_consecutive(std::string_view t, std::size_t at) {
    // Only the few bytes before `at` are searched: linear time on any input.
    const std::size_t from = at > 32 ? at - 32 : 0;
    const auto found = t.substr(from, at - from).rfind("consecutive");
    if (found == std::string_view::npos) return std::nullopt;
    const std::size_t c = from + found;
    if (at - c > 16) return std::nullopt;
    std::size_t e = c;
    while (e > 0 && t[e - 1] == ' ')
      --e;
    std::size_t b = e;
    while (b > 0 && std::isalnum(static_cast<unsigned char>(t[b - 1])))
      --b;
    const std::string_view word = t.substr(b, e - b);
    static const char* const names[] = {"one", "two",   "three", "four", "five",
                                        "six", "seven", "eight", "nine", "ten"};
    for (int i = 0; i < 10; ++i) {
      if (word == names[i]) return i + 1;
    }
    if (!word.empty() && word.size() <= 3 && std::all_of(word.begin(), word.end(), [](char ch) {
          return std::isdigit(static_cast<unsigned char>(ch));
        }))
      return std::stod(std::string(word));
    return std::nullopt;
  }

  // A title that ends in "when" ("Use the kill switch when", "Roll back when").
  static bool ends_with_when(const std::string& t) {
    std::size_t e = t.size();
    while (e > 0 && !std::isalpha(static_cast<unsigned char>(t[e - 1])))
      --e;
    return e >= 5 && t.compare(e - 5, 5, " when") == 0;
  }

  // Bullets under a heading about triggers or rollback criteria.
  void read_trigger_lists(const std::vector<TriggerSection>& sections) {
    for (const auto& s : sections) {
      const std::string t = lower(s.title);
      // "Rollback triggers", "When to roll back", "Signs the canary is bad", "Use the kill switch when",
      // "Abort if", "High Error Rate Alert".
      const bool alert_title = has(t, "alert");
      if (!has(t, "trigger") && !has(t, "when to roll") && !has(t, "criteria") &&
          !has(t, "rollback required") && !has(t, "signs") && !has(t, "symptom") && !has(t, "roll back if") &&
          !has(t, "rollback if") && !has(t, "abort if") && !ends_with_when(t) && !alert_title)
        continue;
      if (s.step_title) continue;  // "Step 2: Trigger Rollback via GitHub Actions"
      // Criteria of success, not of failure.
      if (has(t, "success") || has(t, "acceptance") || has(t, "done") || has(t, "validation") ||
          has(t, "exit"))
        continue;
      bool skipping = false;
      int skip_depth = 0;
      for (std::size_t i = s.begin; i < s.end; ++i) {
        const Block& b = blocks_[i];
        if (b.kind == Block::Kind::Heading) {
          // Sub-sections about what does NOT call for a rollback.
          const std::string h = lower(b.text);
          if (skipping && b.level <= skip_depth) skipping = false;
          if (!skipping && (has(h, "non-critical") || has(h, "evaluate") || has(h, "fix forward") ||
                            has(h, "fix-forward") || has(h, "do not roll") || has(h, "don't roll"))) {
            skipping = true;
            skip_depth = b.level;
          }
          continue;
        }
        if (skipping) continue;
        // Under an alert's heading, only what states a threshold ("More than 2% of requests are
        // failing"): the operator's actions listed beside it are no trigger. A short paragraph states a
        // trigger as well as a bullet does.
        const bool states_threshold = b.text.find('%') != std::string::npos || has(lower(b.text), "ms ");
        if (alert_title && !states_threshold) continue;
        if (b.kind == Block::Kind::ListItem ||
            (b.kind == Block::Kind::Paragraph && b.text.size() <= 200 && states_threshold))
          read_trigger(b.line, b.text);
      }
    }
  }

  // One trigger: a condition that should make people roll back. Expressed as an alert rule or a probe
  // when drillsim has the signal; kept as text otherwise.
  void read_trigger(int line, const std::string& raw_text) {
    // "for 5+ minutes": the window is 5 minutes.
    std::string text;
    for (std::size_t i = 0; i < raw_text.size(); ++i) {
      if (raw_text[i] == '+' && i > 0 && std::isdigit(static_cast<unsigned char>(raw_text[i - 1]))) continue;
      text += raw_text[i];
    }
    const std::string t = lower(text);
    if (!seen_triggers_.insert(t).second) return;
    // A threshold relative to a baseline ("> 50% increase", "2x normal") is no absolute value.
    for (const char* relative :
         {"increase", "decrease", "x normal", "x the normal", "× normal", "times normal", "baseline",
          "than normal", "above normal", "over normal", "% higher", "% more", "% lower", "% drop",
          "relative to", "compared to", "x usual", "than usual"}) {
      if (has(t, relative))
        return unexpressed(
            line, text,
            "a threshold relative to a baseline (\"" + std::string(relative) + "\"), not an absolute value");
    }
    // The comparison: an alert fires above its threshold. "< 99%" of availability or success is an error
    // ratio above 1%; any other "<" cannot be said; ">=" is read as ">" (on a continuous metric).
    const bool below = has(t, " < ") || has(t, "<=") || has(t, "≤") || has(t, " below ") ||
                       has(t, " under ") || has(t, "less than") || has(t, " drops to ") || has(t, " falls ");
    const bool at_least = has(t, ">=") || has(t, "≥") || has(t, "at least");
    double window = 0;  // 0: no window given (fires at once)
    for (const auto& d : find_durations(text)) {
      // "> 5 seconds" is the threshold, not a window.
      std::size_t k = d.begin;
      while (k > 0 && text[k - 1] == ' ')
        --k;
      if (k > 0 && (text[k - 1] == '>' || text[k - 1] == '<' || text[k - 1] == '=')) continue;
      // "above 800ms", "exceeds 2 seconds": the threshold too.
      const std::string_view before = std::string_view(t).substr(0, k);  // no copy: linear time
      bool compared = false;
      for (const char* word : {"above", "over", "exceeds", "exceed", "than"})
        compared = compared || (before.size() >= std::string_view(word).size() &&
                                before.compare(before.size() - std::string_view(word).size(),
                                               std::string_view(word).size(), word) == 0);
      if (compared) continue;
      if (d.role == DurationMention::Role::Window || d.role == DurationMention::Role::Unknown) {
        // "for two consecutive 1-minute samples": the window is their number times their length.
        window = d.max_s * count_before_consecutive(t, d.begin).value_or(1.0);
      }
    }
    const std::string name = rule_name(text);
    ojson rule{{"name", name}, {"service", main_service_}};
    const auto pct = percent_in(t);
    std::string described;
    if (below && pct &&
        (has(t, "availability") || has(t, "success rate") || has(t, "success ratio") || has(t, "uptime"))) {
      rule["metric"] = "error_ratio";
      rule["threshold"] = std::max(0.0, 1.0 - *pct);
      described =
          "error ratio > " + format_ratio(1.0 - *pct) + " (availability below " + format_ratio(*pct) + ")";
    } else if (below) {
      return unexpressed(line, text, "the comparison is \"below\"; an alert fires above its threshold");
    } else if ((has(t, "error rate") || has(t, "error ratio") || has(t, "5xx") || has(t, "errors") ||
                (has(t, "request") && has(t, "fail"))) &&
               pct) {
      rule["metric"] = "error_ratio";
      rule["threshold"] = *pct;
      described = "error ratio > " + format_ratio(*pct);
    } else if (has(t, "p95") || ((has(t, "latency") || has(t, "response time")) && !has(t, "p99"))) {
      const auto [ms, at] = threshold_after_comparison(t);
      if (!ms) return unexpressed(line, text, "no latency threshold");
      const bool millis = has(t.substr(at, 16), "ms");
      rule["metric"] = "latency_p95";
      rule["threshold"] = millis ? *ms / 1000.0 : *ms;
      described = "p95 latency > " + std::to_string(rule["threshold"].get<double>()) + " s";
      if (!has(t, "p95")) described += " (read as p95)";
    } else if (has(t, "oomkill") || has(t, "out of memory")) {
      const auto count = number_after_op(t, '>');
      rule["metric"] = "oom_kills";
      rule["threshold"] = count.value_or(0.0);
      rule["window_s"] = window > 0 ? window : 300.0;
      window = 0;
      described = "OOMKills > " + std::to_string(static_cast<int>(count.value_or(0.0)));
    } else if (has(t, "memory") && pct) {
      rule["metric"] = "memory_utilisation";
      rule["threshold"] = *pct;
      described = "memory > " + format_ratio(*pct);
    } else if ((has(t, "pool") || has(t, "connections")) && has(t, "exhaust")) {
      rule["metric"] = "pool_utilisation";
      rule["threshold"] = 0.99;
      described = "connection pool exhausted";
    } else if (has(t, "health check") || has(t, "healthcheck")) {
      int threshold = 1;
      const auto at = t.find("consecutive");
      if (at != std::string::npos) {
        std::size_t e = at;
        while (e > 0 && !std::isdigit(static_cast<unsigned char>(t[e - 1])))
          --e;
        std::size_t b = e;
        while (b > 0 && std::isdigit(static_cast<unsigned char>(t[b - 1])))
          --b;
        if (b < e) threshold = std::stoi(t.substr(b, e - b));
      }
      result_.probes.push_back(
          {{"name", name}, {"service", main_service_}, {"failure_threshold", threshold}});
      note(line, Kind::Trigger,
           "\"" + one_line(text, 60) + "\" -> health check, " + std::to_string(threshold) +
               " consecutive failures");
      return;
    } else if (has(t, "smoke test")) {
      result_.smoke_tests.push_back({{"name", name}, {"flow", {main_service_}}, {"period_s", 300}});
      note(line, Kind::Trigger,
           "\"" + one_line(text, 60) + "\" -> smoke test of " + main_service_ + " every 300 s" +
               (pct ? " (its failure rate is not modelled: one failed run fires)" : ""));
      return;
    } else if (has(t, "integrity")) {
      result_.integrity_checks.push_back({{"name", name}, {"store", use_store()}, {"period_s", 3600}});
      note(line, Kind::Trigger, "\"" + one_line(text, 60) + "\" -> hourly data integrity check");
      return;
    } else if (has(t, "complain")) {
      if (result_.complaints.is_null()) result_.complaints = {{"name", name}};
      note(line, Kind::Trigger, "\"" + one_line(text, 60) + "\" -> customer complaints");
      return;
    } else {
      return unexpressed(line, text, "no signal drillsim models");
    }
    if (at_least) described += " (\">=\" read as \">\")";
    if (window > 0 && rule["metric"] != "oom_kills") rule["for_s"] = window;
    if (window <= 0 && rule["metric"] != "oom_kills") {
      note(line, Kind::Trigger,
           "\"" + one_line(text, 60) + "\" -> " + described + ", no duration given (fires at once)");
    } else {
      note(line, Kind::Trigger,
           "\"" + one_line(text, 60) + "\" -> " + described +
               (window > 0 ? " for " + std::to_string(static_cast<int>(window)) + " s" : ""));
    }
    result_.alerts.push_back(std::move(rule));
  }

  void unexpressed(int line, const std::string& text, const std::string& why) {
    note(line, Kind::Unexpressed, "trigger \"" + one_line(text, 60) + "\" kept as text: " + why);
  }

  static std::string format_ratio(double ratio) {
    std::ostringstream out;
    out << ratio * 100 << "%";
    return out.str();
  }

  std::string rule_name(const std::string& text) {
    std::string name;
    bool upper = true;
    for (const char c : text) {
      if (c == '|' || name.size() >= 40) break;
      if (std::isalnum(static_cast<unsigned char>(c))) {
        name += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
        upper = false;
      } else {
        upper = true;
      }
    }
    if (name.empty()) name = "Trigger";
    std::string unique = name;
    for (int n = 2; !rule_names_.insert(unique).second; ++n)
      unique = name + std::to_string(n);
    return unique;
  }

 private:
  void note(int line, Kind kind, std::string text) {
    result_.notes.push_back({line, kind, std::move(text), line});
  }

  // The store a data integrity check watches: "db", declared with the plan's stores.
  std::string use_store() {
    if (std::find(result_.stores.begin(), result_.stores.end(), "db") == result_.stores.end())
      result_.stores.push_back("db");
    return "db";
  }

  const std::vector<Block>& blocks_;
  const std::string& main_service_;
  ImportResult& result_;
  std::vector<ojson>& decision_rules_;
  std::set<std::string> rule_names_;
  std::set<std::string> seen_triggers_;
};

}  // namespace

void read_triggers(const std::vector<Block>& blocks, const std::vector<TriggerSection>& sections,
                   const std::string& main_service, ImportResult& result,
                   std::vector<ojson>& decision_rules) {
  TriggerReader reader(blocks, main_service, result, decision_rules);
  reader.read_tables();
  reader.read_prose_objectives();
  reader.read_trigger_lists(sections);
}

}  // namespace drillsim::runbook
