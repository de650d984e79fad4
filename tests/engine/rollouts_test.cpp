// A step's rollout (rollouts.cpp) end to end: waited for or not, through the Deployment controller's
// arithmetic (rolling.go, summarised in kube.hpp), and the wait for a scaled version to settle. Each
// TEST runs in its own process (gtest_discover_tests + ctest).
#include "engine/rollouts.hpp"

#include <gtest/gtest.h>

#include <string>

#include "engine/drill.hpp"
#include "test_scenarios.hpp"

namespace drillsim::engine {
namespace {

using model::Distribution;
using model::Instant;
using model::StepSpec;

// The chain's timing (decide 270) on a plain Kubernetes Service of 4 stable pods; the stable version
// fails every request from 100 s. Pods answer 20 s after creation and are probed every 10 s from then,
// so a pod created at t is Ready at t + 20. maxSurge 1, maxUnavailable 0: replicas 4, minAvailable 4.
model::Scenario four_pods_one_surge(bool wait_ready) {
  auto s = testing::chain();
  auto& api = s.services[0];
  api.routing = model::Routing::Pods;
  api.versions[0].replicas = 4;
  api.pods.start = Distribution::fixed(20.0);
  api.strategy.max_surge = {false, 1.0};
  api.strategy.max_unavailable = {false, 0.0};
  StepSpec release;
  release.name = "kubectl set image";
  release.action = StepSpec::Action::SetImage;
  release.service = "api";
  release.version = model::Version::New;
  release.wait_ready = wait_ready;
  s.plan = testing::one_level_plan({release});
  return s;
}

// Stable and new Ready pods of four_pods_one_surge from 270 on, by rolling.go:
//   270: up min(4 + 1 - 4, 4 - 0) = 1 -> new 1 (Ready 290); down: 5 - 4 - (1 - 0) = 0.
//   290: down: 5 - 4 - (1 - 1) = 1 > 0, availableOfAll 5 - minAvailable 4 = 1 -> stable 3;
//        up min(5 - 4, 4 - 1) = 1 -> new 2 (Ready 310); down 5 - 4 - (2 - 1) = 0.
//   310: stable 2, new 3 (Ready 330). 330: stable 1, new 4 (Ready 350).
//   350: stable 0; new has 4 Available and no old pod is left: complete.
// One pod at a time, never fewer than 4 Ready.
void expect_one_pod_at_a_time(const model::DrillResult& r) {
  const auto& stable = r.series[0].by_version[0].ready;
  const auto& fresh = r.series[0].by_version[1].ready;
  for (std::size_t k = 0; k < 400; ++k) {
    const int replaced = k < 290 ? 0 : k < 310 ? 1 : k < 330 ? 2 : k < 350 ? 3 : 4;
    ASSERT_EQ(stable[k], 4 - replaced) << "second " << k;
    ASSERT_EQ(fresh[k], replaced) << "second " << k;
  }
}

TEST(Rollouts, AWaitedRollingUpdateReplacesOnePodPerReadinessWithOneSurge) {
  const auto r = run_drill(four_pods_one_surge(true), DrillOptions{});
  EXPECT_EQ(r.incident->timeline.at(Instant::Decide), 270.0);
  expect_one_pod_at_a_time(r);
  ASSERT_EQ(r.plan.steps.size(), 1u);
  EXPECT_EQ(r.plan.steps[0].start_s, 270.0);
  EXPECT_EQ(r.plan.steps[0].end_s, 350.0);
  EXPECT_EQ(r.plan.steps[0].detail, "api: RollingUpdate to new, 4 pods, complete");
  EXPECT_EQ(r.plan.exit_state, "completed");
  EXPECT_TRUE(r.engine_violations.empty());
}

// Not waited for, the step ends at once and Kubernetes carries on with the rollout in an actor of its
// own: the pods move exactly as when the step waits.
TEST(Rollouts, ARolloutNobodyWaitsForGoesOnToTheSameEnd) {
  const auto r = run_drill(four_pods_one_surge(false), DrillOptions{});
  expect_one_pod_at_a_time(r);
  EXPECT_EQ(r.plan.steps[0].end_s, 270.0);
  EXPECT_EQ(r.plan.steps[0].detail, "api: RollingUpdate to new, 4 pods (not waited for)");
}

// Recreate on the same pods: the 4 stable pods go at 270 (their 1 ms requests drain at once), the 4 new
// ones are created then and Ready at 290: nothing is Ready in between, and the step ends at 290.
TEST(Rollouts, RecreateDeletesEveryOldPodBeforeItCreatesTheNewOnes) {
  auto s = four_pods_one_surge(true);
  s.services[0].strategy.kind = model::StrategySpec::Kind::Recreate;
  const auto r = run_drill(s, DrillOptions{});
  const auto& total = r.series[0].total.ready;
  const auto& fresh = r.series[0].by_version[1].ready;
  EXPECT_EQ(total[269], 4);
  EXPECT_EQ(total[271], 0);
  EXPECT_EQ(total[289], 0);
  EXPECT_EQ(fresh[290], 4);
  ASSERT_TRUE(r.plan.steps[0].end_s);
  EXPECT_NEAR(*r.plan.steps[0].end_s, 290.0, 0.01);
}

// wait_settled: scaling stable from 2 to 4 pods and waiting ends when both new pods are Ready (created
// at 270, Ready at 290).
TEST(Rollouts, AWaitedScaleUpEndsWhenEveryPodIsReady) {
  auto s = testing::chain();
  s.services[0].pods.start = Distribution::fixed(20.0);
  auto& steps = s.plan->levels[0].steps;
  StepSpec up = steps[1];
  up.name = "scale up";
  up.replicas = 4;
  up.duration = Distribution::fixed(0.0);
  steps = {up};
  const auto r = run_drill(s, DrillOptions{});
  EXPECT_EQ(r.plan.steps[0].end_s, 290.0);
  EXPECT_EQ(r.plan.steps[0].detail, "api/stable: 2 -> 4 pods, all Ready");
  EXPECT_EQ(r.series[0].total.ready[289], 2);
  EXPECT_EQ(r.series[0].total.ready[290], 4);
}

// wait_settled gives up at the progress deadline: pods that answer after 700 s are not Ready by
// 270 + 600 = 870, so the step fails there; they join at 970 all the same.
TEST(Rollouts, AWaitedScaleUpFailsAtTheProgressDeadline) {
  auto s = testing::chain();
  s.duration_s = 1000.0;
  s.services[0].pods.start = Distribution::fixed(700.0);
  auto& steps = s.plan->levels[0].steps;
  StepSpec up = steps[1];
  up.name = "scale up";
  up.replicas = 4;
  up.duration = Distribution::fixed(0.0);
  steps = {up};
  const auto r = run_drill(s, DrillOptions{});
  EXPECT_EQ(r.plan.steps[0].end_s, 870.0);
  EXPECT_EQ(r.plan.steps[0].status, model::StepOutcome::Status::Failed);
  EXPECT_EQ(r.plan.steps[0].detail, "api/stable: 2 of 4 pods available after the 600 s progress deadline");
  EXPECT_EQ(r.series[0].total.ready[969], 2);
  EXPECT_EQ(r.series[0].total.ready[970], 4);
}

// kubectl rollout status without --revision follows the Deployment, not one revision: when a newer
// rollout replaces the one a step waits for, the step waits for the newer one. A parallel group on the
// chain's timing (decide 270) with 10 stable pods (25% / 25%: surge 3, unavailable 2, minAvailable 8),
// pods Ready 20 s after creation: a waited set image at 270 and, 10 s later, an undo.
//   270 set image: new 5 (Ready 290), stable 8 (drill_test's UndoTenSecondsAfterAnUnwaitedSetImage).
//   280 undo (waited): the 5 new pods go (none Available), stable up 2 -> 10 (Ready 300).
//   300: 10 stable Available, no new pod: the undo is complete, and so is what the set image's
//        `rollout status` watched. Both steps end at 300 and the plan completes. (Before, the set
//        image's step failed at its next pod event, 290, "superseded", and the group aborted the plan.)
TEST(Rollouts, AWaitedStepFollowsTheRolloutThatSupersedesIt) {
  auto s = testing::chain();
  auto& api = s.services[0];
  api.routing = model::Routing::Pods;
  api.versions[0].replicas = 10;
  api.pods.start = Distribution::fixed(20.0);
  StepSpec release;
  release.name = "kubectl set image";
  release.action = StepSpec::Action::SetImage;
  release.service = "api";
  release.version = model::Version::New;
  release.group = "both";
  StepSpec undo = release;
  undo.name = "kubectl rollout undo";
  undo.action = StepSpec::Action::RolloutUndo;
  undo.version = model::Version::Stable;
  undo.duration = Distribution::fixed(10.0);
  s.plan = testing::one_level_plan({release, undo});
  const auto r = run_drill(s, DrillOptions{});
  ASSERT_EQ(r.plan.steps.size(), 2u);
  EXPECT_EQ(r.plan.steps[0].start_s, 270.0);
  EXPECT_EQ(r.plan.steps[0].end_s, 300.0) << r.plan.steps[0].detail;
  EXPECT_EQ(r.plan.steps[0].status, model::StepOutcome::Status::Completed) << r.plan.steps[0].detail;
  EXPECT_EQ(r.plan.steps[0].detail,
            "api: RollingUpdate to new, 10 pods, superseded by a newer rollout, which completed");
  EXPECT_EQ(r.plan.steps[1].end_s, 300.0);
  EXPECT_EQ(r.plan.exit_state, "completed") << r.plan.reason;
  const auto& stable = r.series[0].by_version[0].ready;
  const auto& fresh = r.series[0].by_version[1].ready;
  for (std::size_t k = 0; k < 400; ++k) {
    ASSERT_EQ(stable[k], k < 270 || k >= 300 ? 10 : 8) << "second " << k;
    ASSERT_EQ(fresh[k], 0) << "second " << k;
  }
}

// A waited step whose rollout is superseded wakes at the instant of the supersession, not at its next
// pod event. Ten stable pods, maxSurge 3, maxUnavailable 0 (minAvailable 10), pods Ready 20 s after
// creation, a parallel group on the chain's timing (decide 270):
//   270 set image (waited): up min(10 + 3 - 10, 10 - 0) = 3 new pods (Ready 290); down:
//       13 - 10 - 3 = 0, so the 10 stable pods stay. The step sleeps towards its next pod event, 290.
//   280 undo (waited): stable has 10 of 10 Available; the 3 new pods are old now and none is Available:
//       13 - 10 - 0 = 3 > 0, all 3 are cleaned up. 10 stable Available and no new pod: the undo is
//       complete at 280, and so is the Deployment the set image's `rollout status` watches.
// Both steps end at 280. (Before, the set image's step slept on to 290, the deleted pods' Ready instant
// computed at 270, and ended there.)
TEST(Rollouts, AWaitedStepWakesAtTheInstantItsRolloutIsSuperseded) {
  auto s = testing::chain();
  auto& api = s.services[0];
  api.routing = model::Routing::Pods;
  api.versions[0].replicas = 10;
  api.pods.start = Distribution::fixed(20.0);
  api.strategy.max_surge = {false, 3.0};
  api.strategy.max_unavailable = {false, 0.0};
  StepSpec release;
  release.name = "kubectl set image";
  release.action = StepSpec::Action::SetImage;
  release.service = "api";
  release.version = model::Version::New;
  release.group = "both";
  StepSpec undo = release;
  undo.name = "kubectl rollout undo";
  undo.action = StepSpec::Action::RolloutUndo;
  undo.version = model::Version::Stable;
  undo.duration = Distribution::fixed(10.0);
  s.plan = testing::one_level_plan({release, undo});
  const auto r = run_drill(s, DrillOptions{});
  ASSERT_EQ(r.plan.steps.size(), 2u);
  EXPECT_EQ(r.plan.steps[1].end_s, 280.0) << r.plan.steps[1].detail;
  EXPECT_EQ(r.plan.steps[0].start_s, 270.0);
  EXPECT_EQ(r.plan.steps[0].end_s, 280.0) << r.plan.steps[0].detail;
  EXPECT_EQ(r.plan.steps[0].status, model::StepOutcome::Status::Completed) << r.plan.steps[0].detail;
  EXPECT_EQ(r.plan.steps[0].detail,
            "api: RollingUpdate to new, 10 pods, superseded by a newer rollout, which completed");
  EXPECT_EQ(r.plan.exit_state, "completed") << r.plan.reason;
  const auto& stable = r.series[0].by_version[0].ready;
  const auto& fresh = r.series[0].by_version[1].ready;
  for (std::size_t k = 0; k < 400; ++k) {
    ASSERT_EQ(stable[k], 10) << "second " << k;
    ASSERT_EQ(fresh[k], 0) << "second " << k;
  }
}

// kubectl rollout pause stops the controller at once: the sync that follows the spec change rolls no
// more, so a rollout in progress makes no scale step after the pause instant, and a step waiting for it
// stops waiting then (not at the service's next pod event). four_pods_one_surge with the waited set image
// and a pause 10 s later in one parallel group (decide 270):
//   270 set image: up min(4 + 1 - 4, 4 - 0) = 1 -> new 1 (Ready 290); down 5 - 4 - (1 - 0) = 0.
//   280 pause: the controller stops rolling; the set image's step ends, failed (the Deployment is paused).
//   290 the new pod is Ready and Available, but paused, nothing scales: without the pause, down
//       5 - 4 - (1 - 1) = 1 would take stable to 3 and up would create a second new pod.
// Stable 4 and new 1 (from 290) to the end: nobody resumes.
TEST(Rollouts, APauseStopsARolloutInProgressAtThePauseInstant) {
  auto s = four_pods_one_surge(true);
  StepSpec& release = s.plan->levels[0].steps[0];
  release.group = "both";
  StepSpec pause;
  pause.name = "kubectl rollout pause";
  pause.action = StepSpec::Action::RolloutPause;
  pause.service = "api";
  pause.group = "both";
  pause.duration = Distribution::fixed(10.0);
  s.plan->levels[0].steps.push_back(pause);
  const auto r = run_drill(s, DrillOptions{});
  ASSERT_EQ(r.plan.steps.size(), 2u);
  EXPECT_EQ(r.plan.steps[1].end_s, 280.0);
  EXPECT_EQ(r.plan.steps[0].start_s, 270.0);
  EXPECT_EQ(r.plan.steps[0].end_s, 280.0) << r.plan.steps[0].detail;
  EXPECT_EQ(r.plan.steps[0].status, model::StepOutcome::Status::Failed);
  EXPECT_EQ(r.plan.steps[0].detail, "api: the Deployment is paused");
  const auto& stable = r.series[0].by_version[0].ready;
  const auto& fresh = r.series[0].by_version[1].ready;
  for (std::size_t k = 0; k < stable.size(); ++k) {
    ASSERT_EQ(stable[k], 4) << "second " << k;
    ASSERT_EQ(fresh[k], k < 290 ? 0 : 1) << "second " << k;
  }
  EXPECT_TRUE(r.engine_violations.empty());
}

// Resumed, the controller rolls on from the resume instant. Nobody waits: the set image's rollout is
// Kubernetes' own (an actor of drive_rollouts), paused at 275 and resumed at 295, after the new pod
// became Available (290):
//   270: new 1 (Ready 290), stable 4.  275 pause.  290: paused, nothing scales.
//   295 resume, the controller syncs at once: down 5 - 4 - (1 - 1) = 1 > 0, availableOfAll 5 - 4 = 1
//       -> stable 3; up min(5 - 4, 4 - 1) = 1 -> new 2 (Ready 315).
//   315: stable 2, new 3 (Ready 335). 335: stable 1, new 4 (Ready 355). 355: stable 0, complete.
TEST(Rollouts, AResumedRolloutRollsOnFromTheResumeInstant) {
  auto s = four_pods_one_surge(false);
  StepSpec& release = s.plan->levels[0].steps[0];
  release.group = "all";
  StepSpec pause;
  pause.name = "kubectl rollout pause";
  pause.action = StepSpec::Action::RolloutPause;
  pause.service = "api";
  pause.group = "all";
  pause.duration = Distribution::fixed(5.0);
  StepSpec resume = pause;
  resume.name = "kubectl rollout resume";
  resume.action = StepSpec::Action::RolloutResume;
  resume.duration = Distribution::fixed(20.0);
  s.plan->levels[0].steps.push_back(pause);
  s.plan->levels[0].steps.push_back(resume);
  // The resume follows the pause: a group of its own after it.
  s.plan->levels[0].steps[2].group = "";
  const auto r = run_drill(s, DrillOptions{});
  ASSERT_EQ(r.plan.steps.size(), 3u);
  EXPECT_EQ(r.plan.steps[1].end_s, 275.0);
  EXPECT_EQ(r.plan.steps[2].end_s, 295.0);
  const auto& stable = r.series[0].by_version[0].ready;
  const auto& fresh = r.series[0].by_version[1].ready;
  for (std::size_t k = 0; k < 400; ++k) {
    const int replaced = k < 290 ? 0 : k < 315 ? 1 : k < 335 ? 2 : k < 355 ? 3 : 4;
    const int stable_left = k < 295 ? 4 : k < 315 ? 3 : k < 335 ? 2 : k < 355 ? 1 : 0;
    ASSERT_EQ(stable[k], stable_left) << "second " << k;
    ASSERT_EQ(fresh[k], replaced) << "second " << k;
  }
  EXPECT_TRUE(r.engine_violations.empty());
}

}  // namespace
}  // namespace drillsim::engine
