// The incident recorder (sim/engine/incident_recorder.*): the first occurrence of an instant wins, set()
// replaces, a signal keeps its first firing, and the signal records follow the scenario's order
// (alerts, probes, smoke tests, complaints, integrity checks). No SimGrid: times are passed in.
#include "engine/incident_recorder.hpp"

#include <gtest/gtest.h>

#include "test_scenarios.hpp"

namespace drillsim::engine {
namespace {

using model::Instant;

model::Scenario scenario_with_signals() {
  auto s = testing::single_service(10.0, 2, 0.01, 600.0);
  model::FaultSpec fault;
  fault.kind = model::fault::BadRelease{};
  fault.service = "api";
  fault.at_s = 120.0;
  s.fault = fault;
  model::AlertRuleSpec rule;
  rule.name = "HighErrors";
  rule.service = "api";
  s.alerts.push_back(rule);
  model::ProbeSpec probe;
  probe.name = "api-health";
  probe.service = "api";
  s.probes.push_back(probe);
  s.complaints = model::ComplaintsSpec{};
  return s;
}

TEST(IncidentRecorder, TheIncidentIsTheFaultsAndTheFirstRecordOfAnInstantWins) {
  const auto scenario = scenario_with_signals();
  IncidentRecorder recorder(scenario);
  EXPECT_EQ(recorder.service(), "api");
  EXPECT_EQ(recorder.incident().fault, "bad_release");
  EXPECT_EQ(recorder.incident().fault_start_s, 120.0);
  recorder.record(Instant::Detect, 150.0);
  recorder.record(Instant::Detect, 170.0);
  EXPECT_EQ(recorder.at(Instant::Detect), 150.0);
  recorder.set(Instant::RollbackEnd, 300.0);
  recorder.set(Instant::RollbackEnd, 280.0);  // set() replaces: the plan passes the latest end it knows.
  EXPECT_EQ(recorder.at(Instant::RollbackEnd), 280.0);
  EXPECT_FALSE(recorder.at(Instant::Page).has_value());
  recorder.notified(180.0);
  recorder.notified(480.0);
  recorder.escalated({"secondary", 400.0});
  recorder.acknowledged_by("secondary");
  recorder.decided({"r1", "L2", "error ratio 0.3 > 0.1"});
  const auto& incident = recorder.incident();
  EXPECT_EQ(incident.notifications_s, (std::vector<double>{180.0, 480.0}));
  ASSERT_EQ(incident.escalations.size(), 1u);
  EXPECT_EQ(incident.escalations[0].responder, "secondary");
  EXPECT_EQ(incident.acked_by, "secondary");
  ASSERT_TRUE(incident.decision.has_value());
  EXPECT_EQ(incident.decision->action, "L2");
}

TEST(IncidentRecorder, DrawsKeepTheirOrderAndAStepsAttemptsAreSummed) {
  const auto scenario = scenario_with_signals();
  IncidentRecorder recorder(scenario);
  recorder.drew("ack", 95.5);
  recorder.add_draw("step/L1/Undo", 0.0);   // The step starts: its draw exists at 0.
  recorder.add_draw("step/L1/Undo", 30.0);  // First attempt.
  recorder.drew("assess", 60.0);
  recorder.add_draw("step/L1/Undo", 12.5);  // The retry.
  EXPECT_TRUE(recorder.has_draw("assess"));
  EXPECT_FALSE(recorder.has_draw("fix_forward"));
  const auto draws = recorder.take_draws();
  ASSERT_EQ(draws.size(), 3u);
  EXPECT_EQ(draws[0].name, "ack");
  EXPECT_EQ(draws[0].value_s, 95.5);
  EXPECT_EQ(draws[1].name, "step/L1/Undo");
  EXPECT_EQ(draws[1].value_s, 42.5);
  EXPECT_EQ(draws[2].name, "assess");
}

TEST(IncidentRecorder, SignalsFollowTheScenarioOrderAndKeepTheirFirstFiring) {
  const auto scenario = scenario_with_signals();
  IncidentRecorder recorder(scenario);
  ASSERT_EQ(recorder.signals().size(), 3u);
  EXPECT_EQ(recorder.signal(0).kind, "alert_rule");
  EXPECT_EQ(recorder.signal(1).kind, "probe");
  EXPECT_EQ(recorder.signal(2).kind, "complaints");
  const SignalIndex index = signal_index(scenario);
  EXPECT_EQ(index.probes, 1u);
  EXPECT_EQ(index.smoke_tests, 2u);
  EXPECT_EQ(index.complaints, 2u);
  EXPECT_EQ(index.integrity_checks, 3u);
  EXPECT_FALSE(recorder.fired("api-health"));
  recorder.signal_fired(1, 200.0);
  recorder.signal_fired(1, 260.0);  // Fired again after resolving: the first firing stays.
  EXPECT_TRUE(recorder.fired("api-health"));
  EXPECT_EQ(recorder.signal(1).fired_s, 200.0);
  EXPECT_FALSE(recorder.fired("HighErrors"));
  EXPECT_FALSE(recorder.fired("no-such-signal"));
}

TEST(IncidentRecorder, ADrillWithoutAFaultHasAnEmptyIncident) {
  const auto scenario = testing::single_service(10.0, 2, 0.01, 600.0);
  IncidentRecorder recorder(scenario);
  EXPECT_EQ(recorder.service(), "");
  EXPECT_TRUE(recorder.signals().empty());
}

}  // namespace
}  // namespace drillsim::engine
