// The protocols of actors.cpp: the horizon, a scheduled deployment, and the responder's path from the
// Page to the Decision (without decision rules: the plan's first level). Each TEST runs in its own
// process.
#include "engine/actors.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>

#include "engine/drill.hpp"
#include "test_scenarios.hpp"

namespace drillsim::engine {
namespace {

using model::Instant;

// A deployment at 50 s sends half of "api"'s traffic (100 req/s) to its 2 new pods; the horizon ends
// the drill at 100 s. Before 50 no request reaches new; in the whole seconds 51..99 about half of
// 4,900 requests do (binomial, sd 35).
TEST(Actors, ADeploymentShiftsTheWeightsAtItsInstantAndTheHorizonEndsTheDrill) {
  auto s = testing::single_service(100.0, 2, 0.001, 100.0);
  s.services[0].versions[1].replicas = 2;
  s.deployments.push_back({"api", 50.0, {0.5, 0.5}});
  const auto r = run_drill(s, DrillOptions{});
  const auto& fresh = r.series[0].by_version[1].requests;
  ASSERT_EQ(fresh.size(), 100u);
  for (std::size_t k = 0; k < 50; ++k)
    ASSERT_EQ(fresh[k], 0u) << "second " << k;
  std::uint64_t to_new = 0, all = 0;
  for (std::size_t k = 51; k < 100; ++k) {
    to_new += fresh[k];
    all += r.series[0].total.requests[k];
  }
  EXPECT_NEAR(static_cast<double>(to_new), 0.5 * static_cast<double>(all), 5 * 35.0);
  EXPECT_EQ(r.duration_s, 100.0);
}

// Without decision rules the responder decides for the plan's first level once acknowledged (230) and
// assessed (270), and the plan executor starts it then.
TEST(Actors, WithoutDecisionRulesTheResponderDecidesTheFirstLevel) {
  auto s = testing::chain();
  s.plan->levels[0].name = "Level 1";
  s.decision.reset();
  const auto r = run_drill(s, DrillOptions{});
  ASSERT_TRUE(r.incident->decision);
  EXPECT_EQ(r.incident->decision->action, "Level 1");
  EXPECT_EQ(r.incident->decision->rule, "");
  EXPECT_EQ(r.incident->decision->reason, "the plan's first level");
  EXPECT_EQ(r.incident->timeline.at(Instant::Ack), 230.0);
  EXPECT_EQ(r.incident->timeline.at(Instant::Decide), 270.0);
  EXPECT_EQ(r.plan.steps[0].start_s, 270.0);
  EXPECT_EQ(r.incident->acked_by, s.responder->name);
}

// Without a responder nobody is paged into action: the alert fires and Alertmanager notifies, but no
// acknowledgement, decision or plan follows.
TEST(Actors, WithoutAResponderThePageIsNeverAnswered) {
  auto s = testing::chain();
  s.responder.reset();
  const auto r = run_drill(s, DrillOptions{});
  EXPECT_EQ(r.incident->timeline.at(Instant::Detect), 140.0);
  EXPECT_EQ(r.incident->timeline.at(Instant::Page), 170.0);
  EXPECT_FALSE(r.incident->timeline.at(Instant::Ack));
  EXPECT_FALSE(r.incident->timeline.at(Instant::Decide));
  EXPECT_EQ(r.plan.exit_state, "not_started");
}

}  // namespace
}  // namespace drillsim::engine
