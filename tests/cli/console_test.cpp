// The terminal summary (cli/console.cpp) of a hand-built report: each line checked whole, its columns
// counted from the format (two-space indent, then the column widths of console.cpp).
#include "cli/console.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

namespace drillsim::cli {
namespace {

using model::Instant;

// A 600 s drill: a bad release on "api" at 100 s, onset 100, detected by ApiErrors at 140, never
// restored. The plan's Level 1 failed after 10 s within its 5-minute claim, Level 2 completed in 2
// minutes within its 10, Level 3 never ran. Store "orders" lost 12 writes and keeps 4 of its 10
// corrupted writes; "sessions" has none.
report::Report failed_level_report() {
  report::Report r;
  r.scenario.name = "drill";
  r.scenario.file = "scenarios/drill.json";
  r.scenario.duration_s = 600.0;
  r.seed = 3;
  r.requests_simulated = 1000;
  report::Report::Incident incident;
  incident.service = "api";
  incident.fault = "bad_release";
  incident.fault_start_s = 100.0;
  incident.detect_signal = "ApiErrors";
  incident.instants.record(Instant::Onset, 100.0);
  incident.instants.record(Instant::Detect, 140.0);
  incident.instants.record(Instant::Page, 170.0);
  incident.notifications_s = {170.0, 470.0};
  incident.metrics.time_to_detect_s = 40.0;
  incident.metrics.slo_breached = true;
  r.incidents.push_back(incident);
  r.plan_name = "rollback";
  r.plan.exit_state = "completed";
  r.plan.reason = "Level 2 completed";
  model::StepOutcome step;
  step.name = "undo";
  step.action = "rollout_undo";
  step.level = "Level 1";
  step.start_s = 270.0;
  step.end_s = 280.0;
  step.status = model::StepOutcome::Status::Failed;
  step.attempts = 2;
  step.detail = "error: paused";
  r.plan.steps.push_back(step);
  r.plan.levels = {{"Level 1", 300.0, 270.0, 280.0, "failed"},
                   {"Level 2", 600.0, 280.0, 400.0, "completed"},
                   {"Level 3", 3600.0, std::nullopt, std::nullopt, "not_run"}};
  // The claims as build_report judges them: a failed level misses; 120 s of 600 meets; never entered
  // has no verdict.
  r.level_claims = {{10.0, false}, {120.0, true}, {std::nullopt, std::nullopt}};
  model::StoreOutcome orders;
  orders.store = "orders";
  orders.service = "api";
  orders.writes_committed = 5000;
  orders.writes_lost = 12;
  orders.writes_corrupted = 10;
  orders.corrupted_remaining = 4;
  model::StoreOutcome sessions;
  sessions.store = "sessions";
  sessions.service = "api";
  sessions.writes_committed = 3000;
  r.stores = {orders, sessions};
  metrics::ObjectiveVerdict objective;
  objective.service = "api";
  objective.rto_s = 300.0;
  objective.rpo_s = 60.0;
  objective.corrupted_remaining = 4;
  objective.reason = "not restored; 4 corrupted writes remain in orders";
  r.objectives.push_back(objective);
  return r;
}

std::vector<std::string> summary_lines(const report::Report& r) {
  std::ostringstream out;
  print_summary(out, r);
  std::vector<std::string> lines;
  std::istringstream in(out.str());
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

// The line that starts with `prefix` (the first one), or "" if none does.
std::string line_of(const std::vector<std::string>& lines, const std::string& prefix) {
  for (const auto& line : lines)
    if (line.rfind(prefix, 0) == 0) return line;
  return "";
}

TEST(Console, TheHeaderNamesTheScenarioSeedDurationAndRequests) {
  const auto lines = summary_lines(failed_level_report());
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines[0],
            "drillsim: scenario \"drill\" (scenarios/drill.json), seed 3, 10m 00s simulated, 1000 requests");
  EXPECT_EQ(line_of(lines, "Incident"), "Incident on api: bad_release injected at 100.0 s");
}

// A duration reads as the report writers write it: 59.97 s rounds to "1m 00s" (it used to read "60.0 s"
// here and "1m 00s" in the HTML and Markdown).
TEST(Console, DurationsReadAsTheWritersWriteThem) {
  report::Report r = failed_level_report();
  r.scenario.duration_s = 59.97;
  EXPECT_EQ(summary_lines(r)[0],
            "drillsim: scenario \"drill\" (scenarios/drill.json), seed 3, 1m 00s simulated, 1000 requests");
}

TEST(Console, InstantsShowTheirTimeSinceOnsetAndWhatIsMissing) {
  const auto lines = summary_lines(failed_level_report());
  EXPECT_EQ(line_of(lines, "  onset "), "  onset                 100.0       +0.0 s  ");
  EXPECT_EQ(line_of(lines, "  detect "), "  detect                140.0      +40.0 s  signal: ApiErrors");
  EXPECT_EQ(line_of(lines, "  page "),
            "  page                  170.0      +1m 10s  2 Alertmanager notifications in all");
  EXPECT_EQ(line_of(lines, "  ack "), "  ack                       —            —  ");
  EXPECT_EQ(line_of(lines, "  restored "),
            "  restored                  —            —  not restored before the drill ended");
}

// Issue 11, point 8: a level that failed within its budget is MISSED, never MET.
TEST(Console, AFailedLevelMissesItsClaimWhateverItsTime) {
  const auto lines = summary_lines(failed_level_report());
  EXPECT_EQ(line_of(lines, "  Level 1  "), "  Level 1                     5m 00s    10.0 s  MISSED   failed");
  EXPECT_EQ(line_of(lines, "  Level 2  "),
            "  Level 2                    10m 00s    2m 00s  MET      completed");
  EXPECT_EQ(line_of(lines, "  Level 3  "),
            "  Level 3                  1h 00m 00s         —  —        not_run");
  EXPECT_EQ(line_of(lines, "Plan "), "Plan \"rollback\": completed — Level 2 completed");
  // The step row: its name prefixed by its level, the attempts after its status.
  const std::string step = line_of(lines, "  1 ");
  EXPECT_NE(step.find("Level 1: undo"), std::string::npos) << step;
  EXPECT_NE(step.find("failed x2"), std::string::npos) << step;
}

// Corrupted writes left in a store are counted; a store without any shows "—".
TEST(Console, TheDataTableCountsTheCorruptedWritesLeft) {
  const auto lines = summary_lines(failed_level_report());
  EXPECT_EQ(line_of(lines, "  orders "),
            "  orders           api                      5000         12     4 left  —");
  EXPECT_EQ(line_of(lines, "  sessions "),
            "  sessions         api                      3000          0          —  —");
  EXPECT_EQ(
      line_of(lines, "  api "),
      "  api                 5m 00s                — MISSED     1m 00s      0.0 s MISSED  not restored; 4 "
      "corrupted writes remain in orders");
}

// Without named levels there is no level table; without stores, no data table.
TEST(Console, TablesWithNothingToShowAreLeftOut) {
  auto r = failed_level_report();
  r.plan.levels = {{"", std::nullopt, 270.0, 280.0, "failed"}};
  r.level_claims = {{10.0, std::nullopt}};
  r.stores.clear();
  const auto lines = summary_lines(r);
  EXPECT_EQ(line_of(lines, "  level "), "");
  EXPECT_EQ(line_of(lines, "Data"), "");
}

}  // namespace
}  // namespace drillsim::cli
