// The plan steps' actions (actions.cpp), each on the chain's timing (decide 270, the plan starts then)
// and checked on what it does to the simulated system. Each TEST runs in its own process.
#include "engine/actions.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>

#include "engine/drill.hpp"
#include "test_scenarios.hpp"

namespace drillsim::engine {
namespace {

using model::Distribution;
using model::StepSpec;
using model::Version;

model::Scenario chain_with(std::vector<StepSpec> steps) {
  auto s = testing::chain();
  s.plan = testing::one_level_plan(std::move(steps));
  return s;
}

StepSpec step(const std::string& name, StepSpec::Action action) {
  StepSpec st;
  st.name = name;
  st.action = action;
  st.service = "api";
  return st;
}

// shift_traffic on Routing::Weights: "api" runs 2 stable pods (failing from 100) and 2 new ones, all
// traffic on stable. Shifting every request to new at 270: no request reaches stable after 270, so none
// fails, and new serves every one.
TEST(Actions, ShiftTrafficSendsTheWeightsShareToEachVersion) {
  StepSpec shift = step("shift to new", StepSpec::Action::ShiftTraffic);
  shift.weights = {0.0, 1.0};
  auto s = chain_with({shift});
  s.services[0].versions[1].replicas = 2;
  const auto r = run_drill(s, DrillOptions{});
  EXPECT_EQ(r.plan.steps[0].end_s, 270.0);
  EXPECT_EQ(r.plan.steps[0].detail, "api: stable 0, new 1");
  const auto& stable = r.series[0].by_version[0];
  const auto& fresh = r.series[0].by_version[1];
  for (std::size_t k = 0; k < 269; ++k)
    ASSERT_EQ(fresh.requests[k], 0u) << "second " << k;
  std::uint64_t served = 0;
  for (std::size_t k = 271; k < 400; ++k) {
    ASSERT_EQ(stable.requests[k], 0u) << "second " << k;
    ASSERT_EQ(r.series[0].total.errors[k], 0u) << "second " << k;
    served += fresh.requests[k];
  }
  // 129 s of Poisson arrivals at 100/s: 12,900 expected, sd ~114.
  EXPECT_NEAR(static_cast<double>(served), 12900.0, 5 * std::sqrt(12900.0));
}

// Scaling down is at once (no wait): 2 -> 1 stable pod at 270.
TEST(Actions, ScaleDownTakesThePodsOutAtOnce) {
  StepSpec down = step("scale down", StepSpec::Action::Scale);
  down.version = Version::Stable;
  down.replicas = 1;
  const auto r = run_drill(chain_with({down}), DrillOptions{});
  EXPECT_EQ(r.plan.steps[0].end_s, 270.0);
  EXPECT_EQ(r.plan.steps[0].detail, "api/stable: 2 -> 1 pods");
  EXPECT_EQ(r.series[0].total.ready[269], 2);
  EXPECT_EQ(r.series[0].total.ready[270], 1);
}

// pipeline_redeploy is a rollout like set_image once its duration has passed (60 s: 330). The 2 stable
// pods (25% / 25% of 2: surge 1, unavailable 0, minAvailable 2) roll to new one at a time, each new pod
// Ready 10 s after creation (the default start 10 s, probes every 10 s):
//   330: new 1 (Ready 340). 340: stable 1, new 2 (Ready 350). 350: stable 0: complete, the step ends.
TEST(Actions, PipelineRedeployRollsTheDeploymentAfterItsDuration) {
  StepSpec redeploy = step("redeploy", StepSpec::Action::PipelineRedeploy);
  redeploy.version = Version::New;
  redeploy.duration = Distribution::fixed(60.0);
  auto s = chain_with({redeploy});
  s.services[0].routing = model::Routing::Pods;
  const auto r = run_drill(s, DrillOptions{});
  EXPECT_EQ(r.plan.exit_state, "completed");
  EXPECT_EQ(r.plan.steps[0].start_s, 270.0);
  EXPECT_EQ(r.plan.steps[0].end_s, 350.0);
  EXPECT_EQ(r.plan.steps[0].detail, "api: RollingUpdate to new, 2 pods, complete");
  const auto& stable = r.series[0].by_version[0].ready;
  const auto& fresh = r.series[0].by_version[1].ready;
  for (std::size_t k = 0; k < 400; ++k) {
    ASSERT_EQ(stable[k], k < 340 ? 2 : k < 350 ? 1 : 0) << "second " << k;
    ASSERT_EQ(fresh[k], k < 340 ? 0 : k < 350 ? 1 : 2) << "second " << k;
  }
}

// kubectl scale deployment with one ReplicaSet: "api" routes to pods, 2 stable, no rollout. At 270 the
// Deployment goes to 4: stable gets 2 more pods, Ready 10 s after creation (default start 10 s, probes
// every 10 s from the container's start at creation): 280, when the step ends (wait_ready).
TEST(Actions, ScaleDeploymentWithOneReplicaSetScalesThatOne) {
  StepSpec up = step("scale deployment", StepSpec::Action::ScaleDeployment);
  up.replicas = 4;
  auto s = chain_with({up});
  s.services[0].routing = model::Routing::Pods;
  const auto r = run_drill(s, DrillOptions{});
  EXPECT_EQ(r.plan.steps[0].end_s, 280.0);
  EXPECT_EQ(r.plan.steps[0].detail, "api: 2 -> 4 replicas (stable 4, new 0), all Ready");
  for (std::size_t k = 0; k < 400; ++k) {
    ASSERT_EQ(r.series[0].by_version[0].ready[k], k < 280 ? 2 : 4) << "second " << k;
    ASSERT_EQ(r.series[0].by_version[1].ready[k], 0) << "second " << k;
  }
}

// Mid-RollingUpdate (sync.go scale()). set_image at 270 rolls "api" (2 pods; maxSurge 25% -> 1,
// maxUnavailable 25% -> 0) to new: 1 new pod at 270. At 275 the Deployment is scaled to 4: allowed = 4 +
// maxSurge(4) = 5, annotated = 2 + maxSurge(2) = 3, to add 5 - (1 + 2) = 2. The larger ReplicaSet
// first: stable round(2 * 5 / 3) - 2 = 1 -> 3; new round(1 * 5 / 3) - 1 = 1, within the 1 left -> 2.
// The rollout then goes on to 4 new pods (not the 2 it began with), never past 4 + 1 pods Ready.
TEST(Actions, ScaleDeploymentMidRolloutSpreadsInProportionAndTheRolloutFollows) {
  StepSpec release = step("set image", StepSpec::Action::SetImage);
  release.version = Version::New;
  release.wait_ready = false;
  StepSpec up = step("scale deployment", StepSpec::Action::ScaleDeployment);
  up.replicas = 4;
  up.duration = Distribution::fixed(5.0);
  auto s = chain_with({release, up});
  s.services[0].routing = model::Routing::Pods;
  const auto r = run_drill(s, DrillOptions{});
  EXPECT_EQ(r.plan.steps[1].end_s, 275.0);
  EXPECT_EQ(r.plan.steps[1].detail, "api: 2 -> 4 replicas (stable 3, new 2)");
  for (std::size_t k = 0; k < 400; ++k) {
    const auto& stable = r.series[0].by_version[0].ready;
    const auto& fresh = r.series[0].by_version[1].ready;
    ASSERT_LE(stable[k] + fresh[k], 5) << "second " << k;
  }
  EXPECT_EQ(r.series[0].by_version[1].ready[399], 4);
  EXPECT_EQ(r.series[0].by_version[0].ready[399], 0);
}

// While paused, a set image only records the new template: no pod moves until the drill's end.
TEST(Actions, ASetImageOnAPausedDeploymentWaitsForTheResume) {
  StepSpec pause = step("pause", StepSpec::Action::RolloutPause);
  StepSpec release = step("set image", StepSpec::Action::SetImage);
  release.version = Version::New;
  auto s = chain_with({pause, release});
  s.services[0].routing = model::Routing::Pods;
  const auto r = run_drill(s, DrillOptions{});
  EXPECT_EQ(r.plan.steps[0].detail, "deployment.apps/api paused");
  EXPECT_EQ(r.plan.steps[1].detail,
            "api: RollingUpdate to new, 2 pods (the Deployment is paused: the rollout starts when it is "
            "resumed)");
  for (std::size_t k = 0; k < 400; ++k) {
    ASSERT_EQ(r.series[0].by_version[0].ready[k], 2) << "second " << k;
    ASSERT_EQ(r.series[0].by_version[1].ready[k], 0) << "second " << k;
  }
}

// verify looks back over whole seconds: at 270 + 20 = 290 the last 20 s [270, 290) of the failing
// stable version are out of SLO, so the step fails and the plan is aborted.
TEST(Actions, VerifyFailsWhenTheWindowWasOutOfSlo) {
  StepSpec verify = step("verify", StepSpec::Action::Verify);
  verify.window_s = 20.0;
  verify.duration = Distribution::fixed(20.0);
  const auto r = run_drill(chain_with({verify}), DrillOptions{});
  EXPECT_EQ(r.plan.steps[0].end_s, 290.0);
  EXPECT_EQ(r.plan.steps[0].detail, "api was not within SLO over the last 20 s");
  EXPECT_EQ(r.plan.exit_state, "aborted");
}

// Time-only actions change nothing in the system: the stable version goes on failing every request.
TEST(Actions, TimeOnlyActionsTakeTheirDurationAndTouchNothing) {
  StepSpec manual = step("ask the DBA", StepSpec::Action::Manual);
  manual.duration = Distribution::fixed(15.0);
  StepSpec notify = step("tell support", StepSpec::Action::Notify);
  notify.duration = Distribution::fixed(5.0);
  StepSpec infra = step("terraform apply", StepSpec::Action::InfraRollback);
  infra.duration = Distribution::fixed(30.0);
  const auto r = run_drill(chain_with({manual, notify, infra}), DrillOptions{});
  EXPECT_EQ(r.plan.steps[0].end_s, 285.0);
  EXPECT_EQ(r.plan.steps[1].end_s, 290.0);
  EXPECT_EQ(r.plan.steps[2].end_s, 320.0);
  EXPECT_EQ(r.plan.exit_state, "completed");
  for (std::size_t k = 101; k < 400; ++k)
    ASSERT_EQ(r.series[0].total.errors[k], r.series[0].total.requests[k]) << "second " << k;
}

}  // namespace
}  // namespace drillsim::engine
