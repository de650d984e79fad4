// Scoring an imported plan against a hand-labelled runbook (docs/runbook-corpus.md): which labelled
// primary steps the plan found, with an acceptable action, which plan steps are not steps of the
// document at all, and which labelled levels the plan has. Pure functions on JSON values, so the
// arithmetic is testable on a hand-made case; runbook_score.cpp runs drillsim and prints the table.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace drillsim::runbook_score {

// A 1-based, inclusive range of lines of the runbook.
struct LineRange {
  int line = 0;
  int end_line = 0;
};
bool overlaps(const LineRange& a, const LineRange& b);

// A step of the imported plan, located in the runbook (or not: located false).
struct PlanStep {
  std::string name;
  std::string action;
  bool located = false;
  LineRange lines;
  bool conditional = false;  // The step has a `when`: it runs only in a scenario that lists its condition.
};

// A level of the imported plan and the line it starts at (located false: unknown).
struct PlanLevel {
  std::string name;
  bool located = false;
  LineRange lines;
};

// What the importer produced, as the scorer reads it.
struct ImportedPlan {
  std::vector<PlanStep> steps;
  std::vector<PlanLevel> levels;
  nlohmann::json alerts = nlohmann::json::array();  // The import's detection.alerts.
  nlohmann::json objectives =
      nlohmann::json::array();  // The import's objective rows {"key", "rto_s", "rpo_s"}.
};

// Reads the plan (drillsim's plan format, with "steps" or "levels") and the import JSON
// (`drillsim import --json`). A step's lines come from its "source" {"line", "end_line"} when the plan
// carries one; otherwise from the import report's note of kind "step" or "manual step" that names it
// (its start line only); otherwise the step is not located. A step with a "when" is conditional. Levels
// likewise ("source", else the note
// of kind "level"). Alerts and objective rows are taken from the import JSON as they are.
ImportedPlan read_imported_plan(const nlohmann::json& plan, const nlohmann::json& import_report);

// The counts for one runbook. Ratios are taken on sums over runbooks (micro-averaged), so a long
// runbook weighs by its steps.
struct Score {
  int primary = 0;      // Labelled primary steps.
  int found = 0;        // Of them, overlapped by at least one plan step.
  int with_action = 0;  // Of the found, overlapped by a plan step whose action is acceptable.
  int found_alone =
      0;  // Of the found, overlapped by a plan step that overlaps no other primary step (informative).
  int plan_steps = 0;        // Steps in the plan.
  int false_steps = 0;       // Plan steps overlapping no primary step and no alternative, or overlapping only
                             // an alternative without a `when` (run in series), or not located.
  int unlocated = 0;         // Of the false steps, those the plan does not locate in the runbook.
  int in_series = 0;         // Of the false steps, alternatives the plan runs in series (no `when`).
  int merged = 0;            // Plan steps overlapping two or more primary steps (informative).
  int levels = 0;            // Labelled levels.
  int levels_found = 0;      // Of them, with a plan level starting within their lines.
  int triggers = 0;          // Labelled triggers (informative).
  int triggers_found = 0;    // Of them, with an alert of the same metric, threshold, window and direction.
  int alerts = 0;            // Alerts of imports whose runbook has its triggers labelled (informative).
  int false_alerts = 0;      // Of them, matching no labelled trigger: precision is 1 - false_alerts / alerts.
  int objectives = 0;        // Labelled objective values (rto_s, rpo_s; informative).
  int objectives_found = 0;  // Of them, stated with the same value by an objective row of the import.
  int loads = 0;             // 1 when drillsim's loader accepted the plan in a scenario.
  int crashed = 0;   // 1 when the drill then ended abnormally (not a rejection by the loader; informative).
  int runbooks = 0;  // 1 for one runbook; the count for totals.
  // With --scaffold: labelled runbooks whose procedure restores service ("restores_service": true), and
  // of them those whose scaffolded drill (`drillsim scaffold`, then `drillsim run`) restored service.
  int restores = 0;
  int restored = 0;
  std::vector<std::string> missed;        // Titles (or lines) of the primary steps not found.
  std::vector<std::string> wrong_action;  // "title: got ACTION" for found steps without an acceptable action.
  std::vector<std::string> false_names;   // Names of the false plan steps.
  std::vector<std::string> false_alert_names;  // The false alerts: name (metric op threshold).
  Score& operator+=(const Score& other);
};

// Checks a label file against its runbook's line count: throws std::runtime_error naming the first
// problem (a missing key, a range outside the document, start after end, an unknown action).
void validate_labels(const nlohmann::json& labels, int runbook_lines);

// Scores one plan against its labels. `loads`: whether the plan loaded.
Score score(const nlohmann::json& labels, const ImportedPlan& plan, bool loads);

// Ratios of a score; a ratio over an empty denominator is 1 for the "at least" measures and 0 for the
// false-step share (nothing to miss, nothing false).
double found_ratio(const Score& s);
double action_ratio(const Score& s);
double false_ratio(const Score& s);
double load_ratio(const Score& s);
double level_ratio(const Score& s);
double restore_ratio(const Score& s);  // restored / restores; 1 when no drill was scaffolded.

// Whether a drill report (`drillsim run --out`) says service was restored: every incident has a
// "restored" instant, and there is at least one incident.
bool drill_restored(const nlohmann::json& report);

struct Thresholds {
  double min_found = 0;
  double min_action = 0;
  double max_false = 1;
  double min_load = 0;
  double min_levels = 0;
  double min_restore = 0;
};
// The acceptance thresholds of the import work: 90 % found, 90 % of them mapped, 10 % false, all load,
// and 90 % of the scaffolded drills of runbooks whose procedure restores service restore it.
Thresholds acceptance();

// The measures that fall short of `t`, as "found 0.53 < 0.90"; empty when every one holds.
std::vector<std::string> shortfalls(const Score& total, const Thresholds& t);

// The plan actions of docs/plan-format.md: model::step_action_names(), the loader's list.
const std::vector<std::string>& plan_actions();

}  // namespace drillsim::runbook_score
