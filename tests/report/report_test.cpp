// build_report on the hand-built drill of test_report_fixture.hpp (derivations there and below).
#include "report/report.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "test_report_fixture.hpp"

namespace drillsim::report {
namespace {

using model::Instant;

Report tiny_report() {
  return build_report(testing::tiny_scenario(), testing::tiny_result(), "drillsim 0.1.0");
}

TEST(BuildReport, Header) {
  const Report r = tiny_report();
  EXPECT_EQ(r.schema_version, kSchemaVersion);
  EXPECT_EQ(r.generator, "drillsim 0.1.0");
  EXPECT_EQ(r.scenario.name, "tiny");
  EXPECT_EQ(r.scenario.description, "two services, one bad release");
  EXPECT_EQ(r.scenario.file, "scenarios/tiny.json");
  EXPECT_EQ(r.scenario.duration_s, 3.0);
  EXPECT_EQ(r.seed, 7u);
  EXPECT_EQ(r.requests_simulated, 220u);
}

TEST(BuildReport, SetsRestoredAndComputesIncidentMetrics) {
  const Report r = tiny_report();
  ASSERT_EQ(r.incidents.size(), 1u);
  const auto& incident = r.incidents[0];
  EXPECT_EQ(incident.service, "checkout");
  EXPECT_EQ(incident.fault, "bad_release");
  EXPECT_EQ(incident.fault_start_s, 1.0);
  EXPECT_EQ(incident.detect_signal, "CheckoutErrors");
  // restored = 2 (fixture header); the engine's instants are copied unchanged.
  EXPECT_EQ(incident.instants.at(Instant::Restored), std::optional<double>(2.0));
  EXPECT_EQ(incident.instants.at(Instant::Onset), std::optional<double>(1.25));
  EXPECT_EQ(incident.instants.at(Instant::Ack), std::optional<double>(1.625));
  EXPECT_FALSE(incident.instants.at(Instant::Verified).has_value());

  const auto& m = incident.metrics;
  EXPECT_EQ(m.time_to_detect_s, std::optional<double>(0.25));    // 1.5 - 1.25
  EXPECT_EQ(m.time_to_decide_s, std::optional<double>(0.25));    // 1.75 - 1.5
  EXPECT_EQ(m.time_to_rollback_s, std::optional<double>(0.25));  // 2.0 - 1.75
  EXPECT_EQ(m.time_to_restore_s, std::optional<double>(0.75));   // 2 - 1.25
  EXPECT_EQ(m.downtime_s, 1.0);                                  // seconds [1, 2) out of SLO: only second 1
  // Failures with 1.25 <= t < 2: 1.25 (user 3), 1.5 (4), 1.75 (3), 1.9 (5) -> 4 requests, users {3, 4, 5}.
  EXPECT_EQ(m.requests_failed, 4u);
  EXPECT_EQ(m.users_affected, 3u);
  EXPECT_TRUE(m.slo_breached);
}

TEST(BuildReport, ObjectiveVerdicts) {
  const Report r = tiny_report();
  ASSERT_EQ(r.objectives.size(), 2u);
  EXPECT_EQ(r.objectives[0].service, "checkout");
  EXPECT_TRUE(r.objectives[0].rto_met);  // 0.75 <= 4
  EXPECT_TRUE(r.objectives[0].rpo_met);  // 0 <= 60
  EXPECT_EQ(r.objectives[0].time_to_restore_s, std::optional<double>(0.75));
  EXPECT_EQ(r.objectives[0].reason, "restored in 0.75 s <= RTO 4 s");
  EXPECT_EQ(r.objectives[1].service, "search");
  EXPECT_TRUE(r.objectives[1].rto_met);
  EXPECT_EQ(r.objectives[1].reason, "no incident on this service");
  EXPECT_TRUE(r.all_objectives_met());
}

TEST(BuildReport, MissedRtoFailsAllObjectivesMet) {
  auto scenario = testing::tiny_scenario();
  scenario.objectives[0].rto_s = 0.5;  // 0.75 > 0.5
  const Report r = build_report(scenario, testing::tiny_result(), "drillsim 0.1.0");
  EXPECT_FALSE(r.objectives[0].rto_met);
  EXPECT_EQ(r.objectives[0].reason, "restored in 0.75 s > RTO 0.5 s");
  EXPECT_FALSE(r.all_objectives_met());
}

TEST(BuildReport, PlanAndSeries) {
  const Report r = tiny_report();
  EXPECT_EQ(r.plan_name, "undo canary");
  EXPECT_EQ(r.plan.exit_state, "unfinished");
  ASSERT_EQ(r.plan.steps.size(), 2u);
  EXPECT_EQ(r.plan.steps[1].status, model::StepOutcome::Status::Interrupted);

  // For each service in order: stable, new, all.
  ASSERT_EQ(r.series.size(), 6u);
  const char* expected[6][2] = {{"checkout", "stable"}, {"checkout", "new"}, {"checkout", "all"},
                                {"search", "stable"},   {"search", "new"},   {"search", "all"}};
  for (std::size_t i = 0; i < 6; ++i) {
    EXPECT_EQ(r.series[i].service, expected[i][0]);
    EXPECT_EQ(r.series[i].version, expected[i][1]);
  }
  EXPECT_EQ(r.series[1].data.requests, (std::vector<std::uint32_t>{2, 5, 50}));
  EXPECT_EQ(r.series[2].data.errors, (std::vector<std::uint32_t>{0, 5, 2}));
  EXPECT_TRUE(std::isnan(r.series[5].data.p95_s[0]));
}

TEST(BuildReport, NoPlanGivesNotStartedWithEmptyName) {
  auto scenario = testing::tiny_scenario();
  scenario.plan.reset();
  auto result = testing::tiny_result();
  result.plan = {};
  const Report r = build_report(scenario, result, "drillsim 0.1.0");
  EXPECT_EQ(r.plan_name, "");
  EXPECT_EQ(r.plan.exit_state, "not_started");
  EXPECT_TRUE(r.plan.steps.empty());
}

TEST(BuildReport, IncidentWithoutOnsetHasNoRestoredAndNullMetrics) {
  auto result = testing::tiny_result();
  result.incident->timeline = model::Timeline{};
  result.incident->timeline.record(Instant::Detect, 1.5);
  const Report r = build_report(testing::tiny_scenario(), result, "drillsim 0.1.0");
  ASSERT_EQ(r.incidents.size(), 1u);
  EXPECT_FALSE(r.incidents[0].instants.at(Instant::Restored).has_value());
  EXPECT_FALSE(r.incidents[0].metrics.time_to_detect_s.has_value());
  EXPECT_EQ(r.incidents[0].metrics.requests_failed, 0u);
  EXPECT_FALSE(r.incidents[0].metrics.slo_breached);
  EXPECT_TRUE(r.objectives[0].rto_met);
  EXPECT_EQ(r.objectives[0].reason, "no onset: the fault made no request fail or breach the SLO");
}

TEST(BuildReport, NoFaultGivesNoIncident) {
  auto result = testing::tiny_result();
  result.incident.reset();
  const Report r = build_report(testing::tiny_scenario(), result, "drillsim 0.1.0");
  EXPECT_TRUE(r.incidents.empty());
  EXPECT_EQ(r.objectives[0].reason, "no incident on this service");
}

TEST(BuildReport, ResultThatDoesNotMatchTheScenarioIsALogicError) {
  auto result = testing::tiny_result();
  result.failures.clear();  // An engine bug: no failure list for checkout.
  EXPECT_THROW(build_report(testing::tiny_scenario(), result, "drillsim 0.1.0"), std::logic_error);
}

}  // namespace
}  // namespace drillsim::report

namespace drillsim::report {
namespace {

// Five seconds summarised per 2: [0,2), [2,4), [4,5). Sums of counts, the largest percentile of the
// seconds that had one (none: NaN), the fewest Ready; seconds [1, 4) kept as they are.
TEST(CoarsenSeries, PerStepSummaryAndDetailWindow) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  model::SecondSeries s;
  s.resize(5);
  s.requests = {1, 2, 3, 4, 5};
  s.errors = {0, 1, 0, 0, 2};
  s.slow = {1, 0, 0, 1, 0};
  s.p50_s = {nan, 0.1, 0.05, 0.07, nan};
  s.p95_s = {nan, 0.2, 0.1, 0.3, nan};
  s.p99_s = {0.4, 0.2, nan, nan, nan};
  s.ready = {3, 2, 4, 4, 1};
  s.latency_sum_s = 1.5;
  s.whole_run.p95_s = 0.25;
  const Report::Series c = coarsen_series("api", "all", s, 2, {1, 4});
  EXPECT_EQ(c.step_s, 2.0);
  EXPECT_EQ(c.data.requests, (std::vector<std::uint32_t>{3, 7, 5}));
  EXPECT_EQ(c.data.errors, (std::vector<std::uint32_t>{1, 0, 2}));
  EXPECT_EQ(c.data.slow, (std::vector<std::uint32_t>{1, 1, 0}));
  EXPECT_EQ(c.data.p50_s[0], 0.1);
  EXPECT_EQ(c.data.p50_s[1], 0.07);
  EXPECT_EQ(c.data.p95_s[0], 0.2);  // The NaN of second 0 hides nothing.
  EXPECT_EQ(c.data.p95_s[1], 0.3);
  EXPECT_TRUE(std::isnan(c.data.p95_s[2]));
  EXPECT_EQ(c.data.p99_s[0], 0.4);
  EXPECT_TRUE(std::isnan(c.data.p99_s[1]));
  EXPECT_EQ(c.data.ready, (std::vector<int>{2, 4, 1}));
  EXPECT_EQ(c.data.latency_sum_s, 1.5);
  EXPECT_EQ(c.data.whole_run.p95_s, 0.25);
  ASSERT_EQ(c.detail.size(), 1u);
  EXPECT_EQ(c.detail[0].t0_s, 1.0);
  EXPECT_EQ(c.detail[0].data.requests, (std::vector<std::uint32_t>{2, 3, 4}));
  EXPECT_EQ(c.detail[0].data.ready, (std::vector<int>{2, 4, 4}));
  EXPECT_EQ(coarsen_series("api", "all", s, 2, {3, 3}).detail.size(), 0u);  // An empty window.
}

// The window reaches kDetailMarginS (900 s) before the fault (onset is later here) and after the latest
// instant or step end, rounded out to whole minutes: fault 10,000 -> 9,100 -> 9,060; rollback end
// 11,000.5 -> 11,900.5 -> 11,940.
TEST(CoarsenSeries, DetailWindowAroundTheIncident) {
  Report r;
  EXPECT_EQ(detail_window(r, 86'400).end, 0u);  // No incident: no window.
  Report::Incident incident;
  incident.fault_start_s = 10'000;
  incident.instants.record(model::Instant::Onset, 10'030);
  incident.instants.record(model::Instant::RollbackEnd, 11'000.5);
  incident.notifications_s = {10'400};
  r.incidents.push_back(incident);
  auto w = detail_window(r, 86'400);
  EXPECT_EQ(w.start, 9'060u);
  EXPECT_EQ(w.end, 11'940u);
  model::StepOutcome step;
  step.end_s = 12'000;  // A plan step that ends later widens it: 12,900.
  r.plan.steps.push_back(step);
  EXPECT_EQ(detail_window(r, 86'400).end, 12'900u);
  EXPECT_EQ(detail_window(r, 12'000).end, 12'000u);  // Clamped to the drill.
}

}  // namespace
}  // namespace drillsim::report
