// The scoring arithmetic of runbook_score.hpp.
#include "runbook_score.hpp"

#include "model/scenario.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace drillsim::runbook_score {

using nlohmann::json;

bool overlaps(const LineRange& a, const LineRange& b) {
  return a.line <= b.end_line && b.line <= a.end_line;
}

const std::vector<std::string>& plan_actions() {
  // The loader's own list, so that a label may name every action a plan may hold.
  static const std::vector<std::string> actions = [] {
    std::vector<std::string> out;
    for (std::string_view name : model::step_action_names()) out.emplace_back(name);
    return out;
  }();
  return actions;
}

namespace {

// Whether a note names `name`: import notes start with the quoted name (`"NAME" -> ...`,
// `"NAME": manual ...`, `"NAME" with a budget ...`). Names may hold quotes themselves, so the name is
// matched, not parsed.
bool names(const std::string& text, const std::string& name) {
  const std::string quoted = "\"" + name + "\"";
  return !name.empty() && text.compare(0, quoted.size(), quoted) == 0;
}

bool read_source(const json& item, LineRange& out) {
  if (!item.contains("source") || !item["source"].is_object()) return false;
  const json& s = item["source"];
  if (!s.contains("line") || !s["line"].is_number_integer()) return false;
  out.line = s["line"].get<int>();
  out.end_line =
      s.contains("end_line") && s["end_line"].is_number_integer() ? s["end_line"].get<int>() : out.line;
  return true;
}

LineRange range_of(const json& pair) {
  if (!pair.is_array() || pair.size() != 2 || !pair[0].is_number_integer() || !pair[1].is_number_integer()) {
    throw std::runtime_error("\"lines\" must be [first, last], found " + pair.dump());
  }
  return {pair[0].get<int>(), pair[1].get<int>()};
}

std::vector<LineRange> ranges(const json& labels, const char* key) {
  std::vector<LineRange> out;
  if (!labels.contains(key)) return out;
  for (const json& item : labels[key])
    out.push_back(range_of(item.at("lines")));
  return out;
}

std::string describe(const json& step) {
  const LineRange r = range_of(step.at("lines"));
  std::string title = step.contains("title") ? step["title"].get<std::string>() : std::string{};
  return "L" + std::to_string(r.line) + "-" + std::to_string(r.end_line) + (title.empty() ? "" : " " + title);
}

}  // namespace

ImportedPlan read_imported_plan(const json& plan, const json& import_report) {
  ImportedPlan out;
  std::vector<std::pair<std::string, int>> step_notes;  // (text, line)
  std::vector<std::pair<std::string, int>> level_notes;
  if (import_report.contains("notes")) {
    for (const json& n : import_report["notes"]) {
      const std::string kind = n.value("kind", "");
      if (kind == "step" || kind == "manual step")
        step_notes.emplace_back(n.value("text", ""), n.value("line", 0));
      if (kind == "level") level_notes.emplace_back(n.value("text", ""), n.value("line", 0));
    }
  }
  const auto from_notes = [](const std::vector<std::pair<std::string, int>>& notes, const std::string& name,
                             LineRange& r) {
    for (const auto& [text, line] : notes) {
      if (line > 0 && names(text, name)) {
        r = {line, line};
        return true;
      }
    }
    return false;
  };
  const auto add_steps = [&](const json& steps) {
    for (const json& s : steps) {
      PlanStep step;
      step.name = s.value("name", "");
      step.action = s.value("action", "");
      step.located = read_source(s, step.lines) || from_notes(step_notes, step.name, step.lines);
      step.conditional = s.contains("when");
      out.steps.push_back(step);
    }
  };
  if (plan.contains("levels")) {
    for (const json& l : plan["levels"]) {
      PlanLevel level;
      level.name = l.value("name", "");
      level.located = read_source(l, level.lines) || from_notes(level_notes, level.name, level.lines);
      out.levels.push_back(level);
      if (l.contains("steps")) add_steps(l["steps"]);
    }
  }
  if (plan.contains("steps")) add_steps(plan["steps"]);
  if (import_report.contains("detection") && import_report["detection"].contains("alerts") &&
      import_report["detection"]["alerts"].is_array()) {
    out.alerts = import_report["detection"]["alerts"];
  }
  if (import_report.contains("objectives") && import_report["objectives"].is_array()) {
    out.objectives = import_report["objectives"];
  }
  return out;
}

void validate_labels(const json& labels, int runbook_lines) {
  if (!labels.is_object()) throw std::runtime_error("labels must be a JSON object");
  for (const char* key : {"style", "restores_service", "primary_steps"}) {
    if (!labels.contains(key)) throw std::runtime_error(std::string("missing key \"") + key + "\"");
  }
  if (labels["primary_steps"].empty()) throw std::runtime_error("\"primary_steps\" is empty");
  const auto check = [&](const char* key) {
    if (!labels.contains(key)) return;
    if (!labels[key].is_array()) throw std::runtime_error(std::string("\"") + key + "\" must be an array");
    for (const json& item : labels[key]) {
      const LineRange r = range_of(item.at("lines"));
      if (r.line < 1 || r.end_line < r.line || r.end_line > runbook_lines) {
        throw std::runtime_error(std::string("\"") + key + "\": lines [" + std::to_string(r.line) + ", " +
                                 std::to_string(r.end_line) + "] outside 1.." +
                                 std::to_string(runbook_lines) + " or reversed");
      }
    }
  };
  for (const char* key : {"primary_steps", "alternatives", "non_steps", "levels"})
    check(key);
  for (const json& step : labels["primary_steps"]) {
    if (!step.contains("actions") || !step["actions"].is_array() || step["actions"].empty()) {
      throw std::runtime_error("primary step " + describe(step) + " has no \"actions\"");
    }
    for (const json& a : step["actions"]) {
      const auto& known = plan_actions();
      if (std::find(known.begin(), known.end(), a.get<std::string>()) == known.end()) {
        throw std::runtime_error("primary step " + describe(step) + ": unknown action " + a.dump());
      }
    }
  }
  if (labels.contains("triggers")) {
    for (const json& t : labels["triggers"]) {
      const int line = t.at("line").get<int>();
      if (line < 1 || line > runbook_lines) throw std::runtime_error("trigger line outside the document");
    }
  }
}

Score score(const json& labels, const ImportedPlan& plan, bool loads) {
  Score s;
  s.runbooks = 1;
  s.loads = loads ? 1 : 0;
  const json& primaries = labels.at("primary_steps");
  const std::vector<LineRange> alternatives = ranges(labels, "alternatives");
  s.primary = static_cast<int>(primaries.size());
  for (const json& p : primaries) {
    const LineRange r = range_of(p.at("lines"));
    bool found = false;
    bool alone = false;
    bool acceptable = false;
    std::string got;
    for (const PlanStep& step : plan.steps) {
      if (!step.located || !overlaps(step.lines, r)) continue;
      found = true;
      int hits = 0;
      for (const json& other : primaries)
        hits += overlaps(step.lines, range_of(other.at("lines"))) ? 1 : 0;
      alone = alone || hits == 1;
      for (const json& a : p.at("actions"))
        acceptable = acceptable || a.get<std::string>() == step.action;
      got += (got.empty() ? "" : ",") + step.action;
    }
    if (!found) {
      s.missed.push_back(describe(p));
      continue;
    }
    ++s.found;
    if (alone) ++s.found_alone;
    if (acceptable) {
      ++s.with_action;
    } else {
      s.wrong_action.push_back(describe(p) + ": got " + got);
    }
  }
  s.plan_steps = static_cast<int>(plan.steps.size());
  for (const PlanStep& step : plan.steps) {
    if (!step.located) {
      ++s.false_steps;
      ++s.unlocated;
      s.false_names.push_back(step.name + " (not located)");
      continue;
    }
    int hits = 0;
    for (const json& p : primaries)
      hits += overlaps(step.lines, range_of(p.at("lines"))) ? 1 : 0;
    if (hits >= 2) ++s.merged;
    bool alternative = false;
    for (const LineRange& a : alternatives)
      alternative = alternative || overlaps(step.lines, a);
    if (hits == 0 && !alternative) {
      ++s.false_steps;
      s.false_names.push_back(step.name + " (L" + std::to_string(step.lines.line) + ")");
    } else if (hits == 0 && !step.conditional) {
      // An alternative or a conditional path that the plan runs one after the other with the procedure:
      // the drill then does both, which the document never asks.
      ++s.false_steps;
      ++s.in_series;
      s.false_names.push_back(step.name + " (L" + std::to_string(step.lines.line) +
                              ", an alternative run in series)");
    }
  }
  // A trigger is found when an alert has its metric, its threshold and its window (none: 0). drillsim's
  // alerts fire above their threshold, so a trigger written with "<" or "<=" needs an alert that says
  // so ("op"); one without "op" does not match it.
  // With the runbook's triggers labelled (an empty list: it states none), every alert of the import that
  // matches no labelled trigger is a false one.
  if (labels.contains("triggers")) {
    const auto matches = [](const json& t, const json& a) {
      const std::string op = t.value("op", ">");
      if (a.value("metric", "") != t.value("metric", "")) return false;
      if (std::abs(a.value("threshold", -1.0) - t.value("threshold", -2.0)) > 1e-9) return false;
      if (std::abs(a.value("for_s", 0.0) - t.value("for_s", 0.0)) > 1e-9) return false;
      const std::string alert_op = a.value("op", ">");
      const bool above = op == ">" || op == ">=";
      return above ? (alert_op == ">" || alert_op == ">=") : alert_op == op;
    };
    for (const json& t : labels["triggers"]) {
      ++s.triggers;
      if (std::any_of(plan.alerts.begin(), plan.alerts.end(), [&](const json& a) { return matches(t, a); }))
        ++s.triggers_found;
    }
    for (const json& a : plan.alerts) {
      ++s.alerts;
      const json& ts = labels["triggers"];
      if (std::none_of(ts.begin(), ts.end(), [&](const json& t) { return matches(t, a); })) {
        ++s.false_alerts;
        s.false_alert_names.push_back(a.value("name", std::string("?")) + " (" + a.value("metric", "") + " " +
                                      a.value("op", ">") + " " + a.value("threshold", json()).dump() + ")");
      }
    }
  }
  if (labels.contains("objectives")) {
    for (const char* key : {"rto_s", "rpo_s"}) {
      if (!labels["objectives"].contains(key)) continue;
      ++s.objectives;
      const double want = labels["objectives"][key].get<double>();
      for (const json& row : plan.objectives) {
        if (row.contains(key) && row[key].is_number() && std::abs(row[key].get<double>() - want) < 1e-9) {
          ++s.objectives_found;
          break;
        }
      }
    }
  }
  if (labels.contains("levels")) {
    for (const json& l : labels["levels"]) {
      ++s.levels;
      const LineRange r = range_of(l.at("lines"));
      for (const PlanLevel& level : plan.levels) {
        if (level.located && level.lines.line >= r.line && level.lines.line <= r.end_line) {
          ++s.levels_found;
          break;
        }
      }
    }
  }
  return s;
}

Score& Score::operator+=(const Score& o) {
  primary += o.primary;
  found += o.found;
  found_alone += o.found_alone;
  with_action += o.with_action;
  plan_steps += o.plan_steps;
  false_steps += o.false_steps;
  unlocated += o.unlocated;
  in_series += o.in_series;
  merged += o.merged;
  levels += o.levels;
  levels_found += o.levels_found;
  triggers += o.triggers;
  triggers_found += o.triggers_found;
  alerts += o.alerts;
  false_alerts += o.false_alerts;
  objectives += o.objectives;
  objectives_found += o.objectives_found;
  loads += o.loads;
  crashed += o.crashed;
  runbooks += o.runbooks;
  restores += o.restores;
  restored += o.restored;
  return *this;
}

namespace {
double ratio(int num, int den, double empty) {
  return den == 0 ? empty : static_cast<double>(num) / den;
}
}  // namespace

double found_ratio(const Score& s) {
  return ratio(s.found, s.primary, 1);
}
double action_ratio(const Score& s) {
  return ratio(s.with_action, s.found, 1);
}
double false_ratio(const Score& s) {
  return ratio(s.false_steps, s.plan_steps, 0);
}
double load_ratio(const Score& s) {
  return ratio(s.loads, s.runbooks, 1);
}
double level_ratio(const Score& s) {
  return ratio(s.levels_found, s.levels, 1);
}

Thresholds acceptance() {
  return {0.90, 0.90, 0.10, 1.0, 0, 0.90};
}

double restore_ratio(const Score& s) {
  return ratio(s.restored, s.restores, 1.0);
}

bool drill_restored(const nlohmann::json& report) {
  if (!report.is_object() || !report.contains("incidents") || !report["incidents"].is_array() ||
      report["incidents"].empty())
    return false;
  for (const auto& incident : report["incidents"]) {
    if (!incident.is_object() || !incident.contains("instants") || !incident["instants"].is_object())
      return false;
    const auto& instants = incident["instants"];
    if (!instants.contains("restored") || !instants["restored"].is_number()) return false;
  }
  return true;
}

std::vector<std::string> shortfalls(const Score& total, const Thresholds& t) {
  std::vector<std::string> out;
  const auto below = [&](const char* what, double value, double limit, bool at_most) {
    if (at_most ? value <= limit + 1e-12 : value >= limit - 1e-12) return;
    char buffer[96];
    std::snprintf(buffer, sizeof buffer, "%s %.3f %s %.3f", what, value, at_most ? ">" : "<", limit);
    out.emplace_back(buffer);
  };
  below("found", found_ratio(total), t.min_found, false);
  below("with_action", action_ratio(total), t.min_action, false);
  below("false", false_ratio(total), t.max_false, true);
  below("loads", load_ratio(total), t.min_load, false);
  below("levels", level_ratio(total), t.min_levels, false);
  below("restored", restore_ratio(total), t.min_restore, false);
  return out;
}

}  // namespace drillsim::runbook_score
