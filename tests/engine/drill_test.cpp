// run_drill end to end on SimGrid. Each TEST runs in its own process (gtest_discover_tests + ctest):
// a second SimGrid engine in one process would carry the clock over.
#include "engine/drill.hpp"

#include <gtest/gtest.h>

#include <numeric>
#include <stdexcept>

#include "test_scenarios.hpp"

namespace drillsim::engine {
namespace {

using model::Distribution;
using model::Instant;
using model::StepSpec;

// A chain whose every instant can be derived by hand:
// - "api" has 2 stable replicas, 100 req/s, 1 ms service; from t = 100 s the stable version fails
//   every request (bad release on stable, error probability 1).
// - Alert: error ratio over 10 s > 0.5, for 30 s, evaluated every 10 s at offset 0. Evaluations at
//   100 s see seconds [90, 100): no error. At 110 s the window [100, 110) is all errors: pending,
//   ActiveAt = 110. 120 s: 10 s < 30 s. 130 s: 20 s. 140 s: 30 s >= 30 s -> firing. detect = 140.
// - Alertmanager group_wait 30 s: page = 170. Ack fixed 60 s: ack = 230. Assess fixed 40 s: decide = 270.
// - Plan: a wait of 10 s (rollback_start 270, end 280), then scale stable to 0 (2 s: 282), then a
//   verify step (5 s) at 287 over 5 s: seconds [282, 287) all failed -> the verify fails, plan aborted.
model::Scenario chain() {
  auto s = testing::single_service(100.0, 2, 0.001, 400.0);
  model::FaultSpec fault;
  fault.service = "api";
  fault.version = model::Version::Stable;
  fault.at_s = 100.0;
  fault.error_probability = 1.0;
  s.fault = fault;
  model::AlertRuleSpec alert;
  alert.name = "ApiErrors";
  alert.service = "api";
  alert.window_s = 10.0;
  alert.threshold = 0.5;
  alert.for_s = 30.0;
  alert.evaluation_interval_s = 10.0;
  s.alert = alert;
  model::ResponderSpec responder;
  responder.group_wait_s = 30.0;
  responder.ack = Distribution::fixed(60.0);
  responder.assess = Distribution::fixed(40.0);
  s.responder = responder;
  model::PlanSpec plan;
  plan.name = "p";
  StepSpec wait;
  wait.name = "wait";
  wait.action = StepSpec::Action::Wait;
  wait.duration = Distribution::fixed(10.0);
  StepSpec scale;
  scale.name = "scale to zero";
  scale.action = StepSpec::Action::Scale;
  scale.service = "api";
  scale.version = model::Version::Stable;
  scale.replicas = 0;
  scale.duration = Distribution::fixed(2.0);
  StepSpec verify;
  verify.name = "verify";
  verify.action = StepSpec::Action::Verify;
  verify.service = "api";
  verify.window_s = 5.0;
  verify.duration = Distribution::fixed(5.0);
  plan.steps = {wait, scale, verify};
  s.plan = plan;
  return s;
}

TEST(Drill, InstantsFollowPrometheusAlertmanagerAndResponderTiming) {
  const auto s = chain();
  const auto r = run_drill(s, DrillOptions{});
  ASSERT_TRUE(r.incident.has_value());
  const auto& t = r.incident->timeline;
  ASSERT_TRUE(t.at(Instant::Onset));
  // Onset: the first request served after 100 s fails; it completes within a few ms.
  EXPECT_GE(*t.at(Instant::Onset), 100.0);
  EXPECT_LT(*t.at(Instant::Onset), 100.1);
  EXPECT_EQ(t.at(Instant::Detect), 140.0);
  EXPECT_EQ(r.incident->detect_signal, "ApiErrors");
  EXPECT_EQ(t.at(Instant::Page), 170.0);
  EXPECT_EQ(t.at(Instant::Ack), 230.0);
  EXPECT_EQ(t.at(Instant::Decide), 270.0);
  EXPECT_EQ(t.at(Instant::RollbackStart), 270.0);
  EXPECT_EQ(t.at(Instant::RollbackEnd), 282.0);
  EXPECT_FALSE(t.at(Instant::Verified));
  EXPECT_EQ(r.plan.exit_state, "aborted");
  ASSERT_EQ(r.plan.steps.size(), 3u);
  EXPECT_EQ(r.plan.steps[2].status, model::StepOutcome::Status::Failed);
  EXPECT_EQ(r.plan.steps[2].start_s, 282.0);
  EXPECT_EQ(r.plan.steps[2].end_s, 287.0);
}

// A condition that goes false while pending resets `for`: the fault lasts 15 s (100-115), so the 10 s
// windows at 110 (all errors) and 120 (half errors: 0.5 is not > 0.5) ... with threshold 0.3 the
// evaluation at 120 is still true (ratio ~0.5), at 130 false (no errors in [120,130)). Pending from 110,
// dropped at 130 before reaching for = 30 s: no detection, no page, the plan never starts.
TEST(Drill, PendingAlertResetsWhenConditionClears) {
  auto s = chain();
  s.fault->duration_s = 15.0;
  s.alert->threshold = 0.3;
  const auto r = run_drill(s, DrillOptions{});
  ASSERT_TRUE(r.incident.has_value());
  EXPECT_TRUE(r.incident->timeline.at(Instant::Onset));
  EXPECT_FALSE(r.incident->timeline.at(Instant::Detect));
  EXPECT_FALSE(r.incident->timeline.at(Instant::Page));
  EXPECT_EQ(r.plan.exit_state, "not_started");
}

// Scaling to zero for 60 s fails every request of those 60 s: the plan (started by the alert) scales
// stable to 0 at 282 s and back to 2 after a 60 s wait, at 342 s. The fault is over by then
// (duration 150 s: 100-250), so outside [282, 342) nothing fails after the fault.
TEST(Drill, ScaleToZeroForSixtySecondsFailsSixtySecondsOfRequests) {
  auto s = chain();
  s.fault->duration_s = 150.0;
  StepSpec wait60;
  wait60.name = "hold";
  wait60.action = StepSpec::Action::Wait;
  wait60.duration = Distribution::fixed(60.0);
  StepSpec up = s.plan->steps[1];
  up.name = "scale back";
  up.replicas = 2;
  up.duration = Distribution::fixed(0.0);
  s.plan->steps = {s.plan->steps[0], s.plan->steps[1], wait60, up};
  const auto r = run_drill(s, DrillOptions{});
  EXPECT_EQ(r.plan.exit_state, "completed");
  EXPECT_EQ(r.plan.steps[1].end_s, 282.0);
  EXPECT_EQ(r.plan.steps[3].end_s, 342.0);
  const auto& total = r.series[0].total;
  // Whole seconds 283..341 are entirely inside the outage (282 itself still completes requests that
  // arrived before 282).
  std::uint64_t failed = 0;
  for (std::size_t k = 283; k < 342; ++k) {
    EXPECT_EQ(total.errors[k], total.requests[k]) << "second " << k;
    failed += total.errors[k];
  }
  EXPECT_NEAR(static_cast<double>(failed), 59 * 100.0, 5 * std::sqrt(5900.0));
  for (std::size_t k = 260; k < 282; ++k)
    EXPECT_EQ(total.errors[k], 0u) << "second " << k;
  for (std::size_t k = 343; k < 400; ++k)
    EXPECT_EQ(total.errors[k], 0u) << "second " << k;
  EXPECT_EQ(total.ready[300], 0);
  EXPECT_EQ(total.ready[342], 2);
}

// An alert that fires before any fault is a false alarm: logged, not paged.
TEST(Drill, AlertBeforeFaultIsNotPaged) {
  auto s = chain();
  s.services[0].versions[0].error_probability = 0.9;  // Fails from the start.
  const auto r = run_drill(s, DrillOptions{});
  // 0 s: no data yet. 10 s: window [0, 10) at ~0.9 > 0.5 -> pending. 40 s: firing, before the fault at
  // 100 s: a false alarm, not paged. It keeps firing through the fault, so it never fires anew.
  EXPECT_FALSE(r.incident->timeline.at(Instant::Page));
}

TEST(Drill, SecondEngineInOneProcessIsRefused) {
  // Within one process only one engine may run; determinism across processes is checked by the
  // CLI test (two runs, byte-identical reports). Here: a second call is refused, loudly.
  const auto s = testing::single_service(10.0, 1, 0.01, 10.0);
  (void)run_drill(s, DrillOptions{});
  EXPECT_THROW((void)run_drill(s, DrillOptions{}), std::logic_error);
}

}  // namespace
}  // namespace drillsim::engine
