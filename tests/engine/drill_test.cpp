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

using testing::chain;

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
  s.alerts[0].threshold = 0.3;
  const auto r = run_drill(s, DrillOptions{});
  ASSERT_TRUE(r.incident.has_value());
  EXPECT_TRUE(r.incident->timeline.at(Instant::Onset));
  EXPECT_FALSE(r.incident->timeline.at(Instant::Detect));
  EXPECT_FALSE(r.incident->timeline.at(Instant::Page));
  EXPECT_EQ(r.plan.exit_state, "not_started");
}

// Scaling to zero for 60 s fails every request of those 60 s: the plan (started by the alert) scales
// stable to 0 at 282 s and back to 2 after a 60 s wait, at 342 s. The fault is over by then
// (duration 150 s: 100-250), so outside [282, 342) nothing fails after the fault. The pods answer at
// once (start 0) and the first readiness probe runs at creation, so they are Ready at 342.
TEST(Drill, ScaleToZeroForSixtySecondsFailsSixtySecondsOfRequests) {
  auto s = chain();
  s.fault->duration_s = 150.0;
  s.services[0].pods.start = Distribution::fixed(0.0);
  StepSpec wait60;
  wait60.name = "hold";
  wait60.action = StepSpec::Action::Wait;
  wait60.duration = Distribution::fixed(60.0);
  auto& steps = s.plan->levels[0].steps;
  StepSpec up = steps[1];
  up.name = "scale back";
  up.replicas = 2;
  up.duration = Distribution::fixed(0.0);
  steps = {steps[0], steps[1], wait60, up};
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

// Prometheus's defaults: counters scraped every 60 s, the rule evaluated every 60 s, error ratio over
// [5m] > 0.05 for 5m. The stable version fails everything from 100 s. Evaluation at 60: samples at 0 and
// 60, no error yet. At 120: samples 0, 60, 120; both counters start at 0, so rate() extrapolates no
// further than the zero point and the ratio is errors(100..120) / requests(0..120), about 1/6 > 0.05:
// pending from 120, firing 300 s later, at 420. (With every-second samples it would be pending at 110.)
TEST(Drill, ScrapedCountersAndTheRuleGroupSetWhenTheAlertFires) {
  auto s = chain();
  s.duration_s = 600.0;
  s.alerts[0].window_s = 300.0;
  s.alerts[0].threshold = 0.05;
  s.alerts[0].for_s = 300.0;
  s.alerts[0].evaluation_interval_s = 60.0;
  s.alerts[0].scrape_interval_s = 60.0;
  s.plan.reset();
  const auto r = run_drill(s, DrillOptions{});
  EXPECT_EQ(r.incident->timeline.at(Instant::Detect), 420.0);
}

// A p95 latency rule on the chain's timing: from 100 s the stable version is 10 times slower (1 ms ->
// 10 ms of service, utilisation 0.5: p95 near 60 ms) but fails nothing. Before, p95 sits in the
// (0, 5 ms] bucket, under 10 ms; the window [100, 110] at 110 holds only slow requests, so p95 > 10 ms:
// pending at 110, firing at 140, as the error-ratio rule does.
TEST(Drill, LatencyP95RuleDetectsASlowRelease) {
  auto s = chain();
  s.fault->as<model::fault::BadRelease>().error_probability = 0.0;
  s.fault->as<model::fault::BadRelease>().latency_factor = 10.0;
  s.alerts[0].metric = model::AlertRuleSpec::Metric::LatencyP95;
  s.alerts[0].threshold = 0.01;
  s.plan.reset();
  const auto r = run_drill(s, DrillOptions{});
  EXPECT_EQ(r.incident->timeline.at(Instant::Detect), 140.0);
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

// The chain's timing (detect 140, decide 270) on a plain Kubernetes Service whose 10 pods all run the
// new version, which fails every request from 100 s; the plan is one `rollout_undo` (duration 0) at 270.
// With 25% / 25% (surge 3, unavailable 2), pods Ready 20 s after creation (probes every 10 s from
// creation), the controller goes (kube_test.cpp derives each count):
//   [270, 290): stable 0 Ready (5 starting), new 8   -> 8 Ready, all failing
//   [290, 310): stable 5, new 3 (5 more stable starting)
//   310 on:     stable 10, new 0: complete at 310, which ends the step.
model::Scenario rolling_undo() {
  auto s = chain();
  auto& api = s.services[0];
  api.routing = model::Routing::Pods;
  api.versions[0].replicas = 0;
  api.versions[1].replicas = 10;
  api.pods.start = Distribution::fixed(20.0);
  s.fault->version = model::Version::New;
  StepSpec undo;
  undo.name = "kubectl rollout undo";
  undo.action = StepSpec::Action::RolloutUndo;
  undo.service = "api";
  undo.version = model::Version::Stable;
  s.plan = testing::one_level_plan({undo});
  return s;
}

TEST(Drill, RollingUndoOfTenReplicasFollowsTheDeploymentController) {
  const auto s = rolling_undo();
  const auto r = run_drill(s, DrillOptions{});
  EXPECT_EQ(r.incident->timeline.at(Instant::Decide), 270.0);
  EXPECT_EQ(r.plan.exit_state, "completed");
  ASSERT_EQ(r.plan.steps.size(), 1u);
  EXPECT_EQ(r.plan.steps[0].start_s, 270.0);
  EXPECT_EQ(r.plan.steps[0].end_s, 310.0);
  EXPECT_EQ(r.incident->timeline.at(Instant::RollbackEnd), 310.0);
  const auto& stable = r.series[0].by_version[0].ready;
  const auto& fresh = r.series[0].by_version[1].ready;
  // ready[k] is the count at instant k, after what happened at k.
  for (std::size_t k = 0; k < 400; ++k) {
    const int want_stable = k < 290 ? 0 : k < 310 ? 5 : 10;
    const int want_new = k < 270 ? 10 : k < 290 ? 8 : k < 310 ? 3 : 0;
    ASSERT_EQ(stable[k], want_stable) << "second " << k;
    ASSERT_EQ(fresh[k], want_new) << "second " << k;
  }
  // Routing follows the Ready pods: from 310 on, every request goes to stable and none fails.
  const auto& total = r.series[0].total;
  for (std::size_t k = 311; k < 400; ++k)
    ASSERT_EQ(total.errors[k], 0u) << "second " << k;
  // Between 290 and 310, 3 of 8 Ready pods run the failing version: about 3/8 of requests fail.
  std::uint64_t requests = 0, errors = 0;
  for (std::size_t k = 291; k < 310; ++k) {
    requests += total.requests[k];
    errors += total.errors[k];
  }
  EXPECT_NEAR(static_cast<double>(errors) / static_cast<double>(requests), 3.0 / 8.0, 0.05);
}

// Recreate: all 10 new pods go at 270 (they drain their 1 ms requests at once); the stable pods are
// created when the old ones are gone and are Ready 20 s later, so nothing is Ready for ~20 s and every
// request of those seconds fails at once (no endpoint).
TEST(Drill, RecreateIsAnOutageUntilTheNewPodsAreReady) {
  auto s = rolling_undo();
  s.services[0].strategy.kind = model::StrategySpec::Kind::Recreate;
  const auto r = run_drill(s, DrillOptions{});
  ASSERT_TRUE(r.plan.steps[0].end_s);
  EXPECT_NEAR(*r.plan.steps[0].end_s, 290.0, 0.05);
  const auto& total = r.series[0].total;
  EXPECT_EQ(total.ready[271], 0);
  EXPECT_EQ(total.ready[289], 0);
  EXPECT_EQ(total.ready[291], 10);
  for (std::size_t k = 271; k < 290; ++k)
    ASSERT_EQ(total.errors[k], total.requests[k]) << "second " << k;
  for (std::size_t k = 291; k < 400; ++k)
    ASSERT_EQ(total.errors[k], 0u) << "second " << k;
}

// Recreate waits for every old pod to be gone, and a deleted pod is Terminating for its shutdown: the
// preStop hook (5 s), then SIGTERM, then the application's exit (the new version's shutdown: 12 s; its
// 1 ms requests are long done). The old pods leave the endpoints at 270 and are gone at 270 + 5 + 12 =
// 287; the stable pods are created then and Ready 20 s later, at 307 (probes 287, 297, 307). Nothing is
// Ready from 270 to 307, so every request of those seconds fails at once.
TEST(Drill, RecreateWaitsForTheOldPodsPreStopAndShutdown) {
  auto s = rolling_undo();
  s.services[0].strategy.kind = model::StrategySpec::Kind::Recreate;
  s.services[0].pods.pre_stop = Distribution::fixed(5.0);
  s.services[0].versions[1].shutdown = Distribution::fixed(12.0);
  const auto r = run_drill(s, DrillOptions{});
  ASSERT_TRUE(r.plan.steps[0].end_s);
  EXPECT_EQ(*r.plan.steps[0].end_s, 307.0);
  const auto& total = r.series[0].total;
  EXPECT_EQ(total.ready[269], 10);
  EXPECT_EQ(total.ready[270], 0);
  EXPECT_EQ(total.ready[306], 0);
  EXPECT_EQ(total.ready[307], 10);
  for (std::size_t k = 271; k < 307; ++k)
    ASSERT_EQ(total.errors[k], total.requests[k]) << "second " << k;
  for (std::size_t k = 308; k < 400; ++k)
    ASSERT_EQ(total.errors[k], 0u) << "second " << k;
}

// An application that ignores SIGTERM (a shutdown longer than the grace period) is killed at
// terminationGracePeriodSeconds: the old pods are gone at 270 + 30 = 300, the new ones Ready at 320.
TEST(Drill, AnApplicationThatIgnoresSigtermTakesTheWholeGracePeriod) {
  auto s = rolling_undo();
  s.services[0].strategy.kind = model::StrategySpec::Kind::Recreate;
  s.services[0].versions[1].shutdown = Distribution::fixed(1000.0);
  const auto r = run_drill(s, DrillOptions{});
  ASSERT_TRUE(r.plan.steps[0].end_s);
  EXPECT_EQ(*r.plan.steps[0].end_s, 320.0);
  EXPECT_EQ(r.series[0].total.ready[319], 0);
  EXPECT_EQ(r.series[0].total.ready[320], 10);
}

// A rollout whose pods take longer than progressDeadlineSeconds to become Ready fails its step at
// 270 + 600 = 870 (kubectl rollout status gives up), while Kubernetes goes on: the pods are Ready at
// the first probe after 270 + 700 = 970.
TEST(Drill, ProgressDeadlineFailsTheStepButTheRolloutGoesOn) {
  auto s = rolling_undo();
  s.duration_s = 1100.0;
  s.services[0].pods.start = Distribution::fixed(700.0);
  const auto r = run_drill(s, DrillOptions{});
  EXPECT_EQ(r.plan.exit_state, "aborted");
  EXPECT_EQ(r.plan.steps[0].end_s, 870.0);
  EXPECT_NE(r.plan.steps[0].detail.find("ProgressDeadlineExceeded"), std::string::npos)
      << r.plan.steps[0].detail;
  EXPECT_EQ(r.series[0].by_version[0].ready[969], 0);
  EXPECT_EQ(r.series[0].by_version[0].ready[970], 5);  // the first 5; the rest follow 700 s later
}

// The chain's timing (decide 270) on a plain Kubernetes Service running 10 stable pods (none new);
// the plan rolls the service to the new version and then undoes it. Pods answer 20 s after creation
// and are probed every 10 s from then on; 25% / 25% gives surge 3, unavailable 2, minAvailable 8.
model::Scenario release_then_undo() {
  auto s = rolling_undo();
  s.services[0].versions[0].replicas = 10;
  s.services[0].versions[1].replicas = 0;
  s.fault->version = model::Version::Stable;
  StepSpec release;
  release.name = "kubectl set image";
  release.action = StepSpec::Action::SetImage;
  release.service = "api";
  release.version = model::Version::New;
  StepSpec undo;
  undo.name = "kubectl rollout undo";
  undo.action = StepSpec::Action::RolloutUndo;
  undo.service = "api";
  undo.version = model::Version::Stable;
  StepSpec wait;
  wait.name = "wait";
  wait.action = StepSpec::Action::Wait;
  wait.duration = Distribution::fixed(10.0);
  release.wait_ready = false;
  s.plan = testing::one_level_plan({release, wait, undo});
  return s;
}

// An undo 10 s after a set image that was not waited for. The undo replaces the Deployment's template
// at once; the set image's rollout stops driving, and rolling.go moves the pods from where it left them:
//   270 set image (new RS = new): up min(13 - 10, 10) = 3; down: 13 - 8 - 3 = 2 > 0, available
//       10 - 8 = 2 -> stable 8; up min(13 - 11, 7) = 2 -> new 5 (Ready at 290); down 13 - 8 - 5 = 0.
//   280 undo (new RS = stable, .spec.replicas still 10): up min(13 - 13, 10 - 8) = 0; down:
//       maxScaledDown 13 - 8 - (8 - 8) = 5; cleanupUnhealthyReplicas takes the 5 new pods, none
//       Available (min(5, 5) = 5) -> new 0; scaleDownOldReplicaSetsForRollingUpdate has nothing left.
//       Up min(13 - 8, 10 - 8) = 2 -> stable 10, the 2 Ready at 300.
//   300: 10 stable pods Available, no new pod: complete; the undo step ends at 300.
// The 5 new pods never become Ready (deleted at 280, before their probe at 290).
TEST(Drill, UndoTenSecondsAfterAnUnwaitedSetImageCompletes) {
  const auto r = run_drill(release_then_undo(), DrillOptions{});
  EXPECT_EQ(r.incident->timeline.at(Instant::Decide), 270.0);
  EXPECT_EQ(r.plan.exit_state, "completed");
  ASSERT_EQ(r.plan.steps.size(), 3u);
  EXPECT_EQ(r.plan.steps[2].start_s, 280.0);
  EXPECT_EQ(r.plan.steps[2].end_s, 300.0) << r.plan.steps[2].detail;
  const auto& stable = r.series[0].by_version[0].ready;
  const auto& fresh = r.series[0].by_version[1].ready;
  for (std::size_t k = 0; k < 400; ++k) {
    ASSERT_EQ(stable[k], k < 270 || k >= 300 ? 10 : 8) << "second " << k;
    ASSERT_EQ(fresh[k], 0) << "second " << k;
  }
}

// An undo after ProgressDeadlineExceeded. maxUnavailable 0 (maxSurge 25% = 3, minAvailable 10) and a
// progress deadline of 15 s. Level 1's set image is waited for:
//   270: up min(13 - 10, 10) = 3 -> new 3 (Ready at 290); down: 13 - 10 - 3 = 0, nothing.
//   285: no pod became Available since 270: ProgressDeadlineExceeded; the step fails and escalates, and
//        Kubernetes goes on with the rollout (a rollout actor of its own).
// Level 2 undoes at 285 (duration 0), .spec.replicas still 10: up min(13 - 13, 10 - 10) = 0; down:
// maxScaledDown 13 - 10 - 0 = 3, cleanupUnhealthyReplicas takes the 3 new pods (none Available) ->
// new 0. Stable has its 10 Available pods and no new pod is left: complete at 285, and the new pods
// never become Ready.
TEST(Drill, UndoAfterProgressDeadlineExceededCompletes) {
  auto s = release_then_undo();
  s.services[0].strategy.progress_deadline_s = 15.0;
  s.services[0].strategy.max_unavailable = {false, 0.0};
  auto release = s.plan->levels[0].steps[0];
  release.wait_ready = true;
  release.on_failure = StepSpec::OnFailure::Escalate;
  const auto undo = s.plan->levels[0].steps[2];
  model::PlanSpec plan;
  plan.name = "p";
  plan.levels.push_back({"Level 1", std::nullopt, {release}});
  plan.levels.push_back({"Level 2", std::nullopt, {undo}});
  s.plan = plan;
  const auto r = run_drill(s, DrillOptions{});
  EXPECT_EQ(r.plan.exit_state, "completed") << r.plan.reason;
  ASSERT_EQ(r.plan.steps.size(), 2u);
  EXPECT_EQ(r.plan.steps[0].end_s, 285.0);
  EXPECT_NE(r.plan.steps[0].detail.find("ProgressDeadlineExceeded"), std::string::npos)
      << r.plan.steps[0].detail;
  EXPECT_EQ(r.plan.steps[1].start_s, 285.0);
  EXPECT_EQ(r.plan.steps[1].end_s, 285.0) << r.plan.steps[1].detail;
  const auto& stable = r.series[0].by_version[0].ready;
  const auto& fresh = r.series[0].by_version[1].ready;
  for (std::size_t k = 0; k < 400; ++k) {
    ASSERT_EQ(stable[k], 10) << "second " << k;
    ASSERT_EQ(fresh[k], 0) << "second " << k;
  }
}

// A rollout to a version whose containers crash on start (failed_migration) stalls where Kubernetes
// stalls: pods that never pass readiness are never Available, not even for an instant. "api" routes by
// weights, 90% to stable (10 pods) and 10% to new (1 pod). At 100 the new version's migration fails:
// its pod crashes and every later container of it exits before it answers, so the 10% routed to new
// fail at once (no endpoint). The chain's alert with a threshold of 5% fires at 140, decide is 270.
// The plan rolls the Deployment to new with replicas 10 (surge 3, unavailable 2, minAvailable 8):
//   270: up min(13 - 11, 10 - 1) = 2 -> new 3; down: 13 - 8 - 3 = 2 > 0, no old pod unhealthy,
//        available 10 - 8 = 2 -> stable 8; up min(13 - 11, 10 - 3) = 2 -> new 5; down 13 - 8 - 5 = 0.
// No new pod ever becomes Ready, so nothing changes again: stable stays at 8 Ready pods (the old code
// let each new pod be Ready at its probe, 290, long enough for the controller to count 5 Available and
// cut stable to 13 - 8 - 0 = 5 pods fewer: 3).
TEST(Drill, ARolloutToContainersThatCrashOnStartStallsWithTheGoodPodsAtEight) {
  auto s = chain();
  s.duration_s = 600.0;
  auto& api = s.services[0];
  api.versions[0].replicas = 10;
  api.versions[1].replicas = 1;
  api.weights = {0.9, 0.1};
  api.pods.start = Distribution::fixed(20.0);
  s.fault->kind = model::fault::FailedMigration{};
  s.fault->version = model::Version::New;
  s.alerts[0].threshold = 0.05;
  StepSpec release;
  release.name = "kubectl set image";
  release.action = StepSpec::Action::SetImage;
  release.service = "api";
  release.version = model::Version::New;
  release.rollout_replicas = 10;
  s.plan = testing::one_level_plan({release});
  const auto r = run_drill(s, DrillOptions{});
  EXPECT_EQ(r.incident->timeline.at(Instant::Decide), 270.0);
  const auto& stable = r.series[0].by_version[0].ready;
  const auto& fresh = r.series[0].by_version[1].ready;
  for (std::size_t k = 0; k < 600; ++k) {
    ASSERT_EQ(stable[k], k < 270 ? 10 : 8) << "second " << k;
    ASSERT_EQ(fresh[k], k < 100 ? 1 : 0) << "second " << k;
  }
}

// kubectl rollout undo on a paused Deployment fails as kubectl does, before touching anything. Level 1
// pauses (270) and undoes: the undo fails at 270 with kubectl's message and escalates. Level 2 resumes
// and undoes at 270: the rolling undo of RollingUndoOfTenReplicasFollowsTheDeploymentController,
// complete at 310.
TEST(Drill, UndoOfAPausedDeploymentFailsAsKubectlDoes) {
  auto s = rolling_undo();
  StepSpec pause;
  pause.name = "kubectl rollout pause";
  pause.action = StepSpec::Action::RolloutPause;
  pause.service = "api";
  StepSpec resume = pause;
  resume.name = "kubectl rollout resume";
  resume.action = StepSpec::Action::RolloutResume;
  auto undo = s.plan->levels[0].steps[0];
  undo.on_failure = StepSpec::OnFailure::Escalate;
  model::PlanSpec plan;
  plan.name = "p";
  plan.levels.push_back({"Level 1", std::nullopt, {pause, undo}});
  plan.levels.push_back({"Level 2", std::nullopt, {resume, undo}});
  s.plan = plan;
  const auto r = run_drill(s, DrillOptions{});
  ASSERT_EQ(r.plan.steps.size(), 4u);
  EXPECT_EQ(r.plan.steps[1].status, model::StepOutcome::Status::Failed);
  EXPECT_EQ(r.plan.steps[1].end_s, 270.0);
  EXPECT_EQ(r.plan.steps[1].detail,
            "error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume "
            "deployment/api' and try again");
  EXPECT_EQ(r.plan.exit_state, "completed") << r.plan.reason;
  EXPECT_EQ(r.plan.steps[3].end_s, 310.0) << r.plan.steps[3].detail;
  EXPECT_EQ(r.series[0].by_version[0].ready[309], 5);
  EXPECT_EQ(r.series[0].by_version[0].ready[310], 10);
}

// A set image on a paused Deployment changes its template but rolls nothing until it is resumed. Paused
// at 270, set image at 270, resumed at 280; from 280 the rollout is UndoTenSeconds...'s set image
// shifted by 10 s, carried on by Kubernetes (nobody waits):
//   280: new 5 (Ready at 300), stable 8.
//   300: down: maxScaledDown 13 - 8 - 0 = 5, available 13 - 8 = 5 -> stable 3; up min(13 - 8, 10 - 5)
//        = 5 -> new 10 (the 5 Ready at 320); down 13 - 8 - 5 = 0.
//   320: down: 13 - 8 - 0 = 5, available 13 - 8 = 5 >= 3 -> stable 0. Complete.
TEST(Drill, APausedDeploymentRollsWhenResumed) {
  auto s = release_then_undo();
  StepSpec pause;
  pause.name = "kubectl rollout pause";
  pause.action = StepSpec::Action::RolloutPause;
  pause.service = "api";
  StepSpec resume = pause;
  resume.name = "kubectl rollout resume";
  resume.action = StepSpec::Action::RolloutResume;
  auto release = s.plan->levels[0].steps[0];
  release.wait_ready = true;  // Paused: the step does not wait (kubectl set image returns at once).
  const auto wait = s.plan->levels[0].steps[1];
  s.plan = testing::one_level_plan({pause, release, wait, resume});
  const auto r = run_drill(s, DrillOptions{});
  EXPECT_EQ(r.plan.exit_state, "completed") << r.plan.reason;
  EXPECT_EQ(r.plan.steps[1].end_s, 270.0);
  EXPECT_EQ(r.plan.steps[3].end_s, 280.0);
  const auto& stable = r.series[0].by_version[0].ready;
  const auto& fresh = r.series[0].by_version[1].ready;
  for (std::size_t k = 0; k < 400; ++k) {
    ASSERT_EQ(stable[k], k < 280 ? 10 : k < 300 ? 8 : k < 320 ? 3 : 0) << "second " << k;
    ASSERT_EQ(fresh[k], k < 300 ? 0 : k < 320 ? 5 : 10) << "second " << k;
  }
}

// Exit states. A manual step that always fails (failure probability 1) with 2 retries takes three
// 10 s attempts (270 -> 300); then its on_failure decides.
model::Scenario failing_step(StepSpec::OnFailure on_failure) {
  auto s = chain();
  StepSpec doomed;
  doomed.name = "approve";
  doomed.action = StepSpec::Action::Manual;
  doomed.duration = Distribution::fixed(10.0);
  doomed.failure_probability = 1.0;
  doomed.retries = 2;
  doomed.on_failure = on_failure;
  StepSpec after;
  after.name = "announce";
  after.action = StepSpec::Action::Notify;
  after.duration = Distribution::fixed(5.0);
  model::PlanSpec plan;
  plan.name = "p";
  plan.levels.push_back({"Level 1", 20.0, {doomed, after}});
  StepSpec wait;
  wait.name = "restore from backup";
  wait.action = StepSpec::Action::Wait;
  wait.duration = Distribution::fixed(40.0);
  plan.levels.push_back({"Level 2", 60.0, {wait}});
  s.plan = plan;
  return s;
}

TEST(Drill, FailedStepWithAbortEndsThePlanAborted) {
  const auto r = run_drill(failing_step(StepSpec::OnFailure::Abort), DrillOptions{});
  EXPECT_EQ(r.plan.exit_state, "aborted");
  ASSERT_EQ(r.plan.steps.size(), 3u);  // the failed one, then the two never run
  EXPECT_EQ(r.plan.steps[0].attempts, 3);
  EXPECT_EQ(r.plan.steps[0].end_s, 300.0);
  EXPECT_EQ(r.plan.steps[0].status, model::StepOutcome::Status::Failed);
  EXPECT_EQ(r.plan.steps[1].status, model::StepOutcome::Status::NotRun);
  EXPECT_EQ(r.plan.levels[0].outcome, "failed");
  EXPECT_EQ(r.plan.levels[1].outcome, "not_run");
}

TEST(Drill, FailedStepWithContinueEndsThePlanPartial) {
  const auto r = run_drill(failing_step(StepSpec::OnFailure::Continue), DrillOptions{});
  EXPECT_EQ(r.plan.exit_state, "partial");
  EXPECT_EQ(r.plan.steps[1].name, "announce");
  EXPECT_EQ(r.plan.steps[1].status, model::StepOutcome::Status::Completed);
  EXPECT_EQ(r.plan.steps[1].end_s, 305.0);
  EXPECT_EQ(r.plan.levels[0].end_s, 305.0);
}

TEST(Drill, FailedStepWithBlockEndsThePlanBlocked) {
  const auto r = run_drill(failing_step(StepSpec::OnFailure::Block), DrillOptions{});
  EXPECT_EQ(r.plan.exit_state, "blocked");
}

// Escalation: Level 1 fails at 300 (30 s against its 20 s claim), Level 2 runs 300 -> 340 (40 s,
// within its 60 s claim) and completes the plan.
TEST(Drill, FailedStepWithEscalateRunsTheNextLevel) {
  const auto r = run_drill(failing_step(StepSpec::OnFailure::Escalate), DrillOptions{});
  EXPECT_EQ(r.plan.exit_state, "completed");
  ASSERT_EQ(r.plan.levels.size(), 2u);
  EXPECT_EQ(r.plan.levels[0].outcome, "escalated");
  EXPECT_EQ(r.plan.levels[0].start_s, 270.0);
  EXPECT_EQ(r.plan.levels[0].end_s, 300.0);
  EXPECT_EQ(r.plan.levels[1].outcome, "completed");
  EXPECT_EQ(r.plan.levels[1].start_s, 300.0);
  EXPECT_EQ(r.plan.levels[1].end_s, 340.0);
  ASSERT_EQ(r.plan.steps.size(), 3u);
  EXPECT_EQ(r.plan.steps[1].name, "restore from backup");
  EXPECT_EQ(r.plan.steps[1].level, "Level 2");
  EXPECT_EQ(r.plan.steps[2].name, "announce");  // never run: Level 1 was left
  EXPECT_EQ(r.plan.steps[2].status, model::StepOutcome::Status::NotRun);
  EXPECT_EQ(r.incident->timeline.at(Instant::RollbackEnd), 340.0);
}

// A step that fails only sometimes: with failure probability 0.5 and enough retries, it ends completed
// after a number of attempts that the seed fixes (the same in every run).
TEST(Drill, RetriesUntilAnAttemptSucceeds) {
  auto s = failing_step(StepSpec::OnFailure::Abort);
  s.plan->levels[0].steps[0].failure_probability = 0.5;
  s.plan->levels[0].steps[0].retries = 50;
  const auto r = run_drill(s, DrillOptions{});
  EXPECT_EQ(r.plan.exit_state, "completed");
  const int attempts = r.plan.steps[0].attempts;
  EXPECT_GE(attempts, 1);
  EXPECT_EQ(r.plan.steps[0].end_s, 270.0 + 10.0 * attempts);
}

// Data stores. The chain shifted by 3000 s: the stable version fails every request from 3100 s to
// 3200 s, detect 3140, decide 3270, and the plan is one db_restore (duration 0) at 3270 of "orders",
// which every successful request writes to (write fraction 1). Its only backup was taken at 100 s,
// 50 minutes before the failure; restoring it takes 1 GB / 100 MB/s = 10.24 s.
model::Scenario restore_drill(bool point_in_time) {
  auto s = chain();
  s.duration_s = 3400.0;
  s.fault->at_s = 3100.0;
  s.fault->duration_s = 100.0;
  auto orders = testing::write_everything_store("orders", "api");
  orders.size_gb = 1.0;
  orders.restore_throughput_mb_s = 100.0;
  orders.backup_interval_s = 86400.0;
  orders.backup_offset_s = 100.0;
  if (point_in_time) orders.wal_archive_interval_s = 60.0;
  s.stores = {orders};
  StepSpec restore;
  restore.name = "restore orders";
  restore.action = StepSpec::Action::DbRestore;
  restore.store = "orders";
  restore.point_in_time = point_in_time;
  s.plan = testing::one_level_plan({restore});
  return s;
}

// Successful requests completed in the whole seconds [first, end): the writes committed then.
std::uint64_t successes(const model::SecondSeries& total, std::size_t first, std::size_t end) {
  std::uint64_t n = 0;
  for (std::size_t k = first; k < end; ++k)
    n += total.requests[k] - total.errors[k];
  return n;
}

TEST(Drill, RestoreFromABackupFiftyMinutesOldLosesEveryWriteSinceIt) {
  const auto r = run_drill(restore_drill(false), DrillOptions{});
  EXPECT_EQ(r.incident->timeline.at(Instant::Decide), 3270.0);
  ASSERT_EQ(r.stores.size(), 1u);
  const auto& orders = r.stores[0];
  const auto& total = r.series[0].total;
  // Restore point: the backup at 100. Lost: every write committed in (100, 3270), i.e. the successful
  // requests of seconds 100..3269 (none fails outside 3100-3200, and none completes exactly at 100).
  EXPECT_EQ(orders.loss_start_s, 100.0);
  EXPECT_EQ(orders.loss_end_s, 3270.0);
  EXPECT_EQ(orders.loss_window_s(), 3170.0);
  EXPECT_EQ(orders.writes_lost, successes(total, 100, 3270));
  // ...about 100 req/s for the 3070 s outside the fault.
  EXPECT_NEAR(static_cast<double>(orders.writes_lost), 307000.0, 5.0 * std::sqrt(307000.0));
  // Committed over the whole drill: every success, the lost ones included.
  EXPECT_EQ(orders.writes_committed, successes(total, 0, 3400));
  // The store is down 3270 -> 3280.24: the app fails every request then, and none after.
  for (std::size_t k = 3271; k < 3280; ++k)
    ASSERT_EQ(total.errors[k], total.requests[k]) << "second " << k;
  for (std::size_t k = 3281; k < 3400; ++k)
    ASSERT_EQ(total.errors[k], 0u) << "second " << k;
  ASSERT_TRUE(r.plan.steps[0].end_s);
  EXPECT_NEAR(*r.plan.steps[0].end_s, 3280.24, 1e-9);
}

// With WAL shipped every 60 s, the restore reaches the fault's start exactly (3100 <= the last segment
// shipped by 3270, at 3240): only the writes of (3100, 3270) are lost, i.e. those of 3200..3269.
TEST(Drill, PointInTimeRestoreLosesOnlyTheWritesAfterTheTarget) {
  const auto r = run_drill(restore_drill(true), DrillOptions{});
  const auto& orders = r.stores[0];
  EXPECT_EQ(orders.loss_start_s, 3100.0);
  EXPECT_EQ(orders.writes_lost, successes(r.series[0].total, 3100, 3270));
  EXPECT_NEAR(static_cast<double>(orders.writes_lost), 7000.0, 5.0 * std::sqrt(7000.0));
}

// Step order (seeds 001 and 002): the release shipped an add_required_column migration, which stable
// code cannot work with (its inserts lack the column). 4 pods of the new version behind a plain
// Service, failing every request from 100 s; decide at 270. Pods are Ready 20 s after creation.
// A rolling undo of 4 (surge 1, unavailable 1) gives stable 2 Ready at +20 s and 4 at +40 s, new 1
// Ready from +20 s to +40 s (kube_test.cpp's arithmetic).
//   database first: migrate down 270 -> 280 (old schema), undo 280 -> 320: stable pods work as soon as
//     they are Ready (300), so [300, 320) fails only on the last new pod (1 of 3 Ready pods).
//   code first: undo 270 -> 310, migrate down 310 -> 320: the stable pods Ready from 290 fail against
//     the new schema until 320, so every request fails until 320.
model::Scenario step_order(bool database_first) {
  auto s = rolling_undo();
  s.services[0].versions[1].replicas = 4;
  s.plan->levels[0].steps[0].duration = Distribution::fixed(0.0);
  auto accounts = testing::write_everything_store("accounts", "api");
  accounts.migration = model::MigrationSpec{model::MigrationSpec::Kind::AddRequiredColumn, 0.0};
  s.stores = {accounts};
  StepSpec down;
  down.name = "migrate down";
  down.action = StepSpec::Action::DbMigrateDown;
  down.store = "accounts";
  down.duration = Distribution::fixed(10.0);
  StepSpec undo = s.plan->levels[0].steps[0];
  s.plan->levels[0].steps =
      database_first ? std::vector<StepSpec>{down, undo} : std::vector<StepSpec>{undo, down};
  return s;
}

std::uint64_t all_successes(const model::SecondSeries& series) {
  std::uint64_t n = 0;
  for (std::size_t k = 0; k < series.requests.size(); ++k)
    n += series.requests[k] - series.errors[k];
  return n;
}

TEST(Drill, DatabaseFirstRestoresServiceBeforeCodeFirst) {
  const auto r = run_drill(step_order(true), DrillOptions{});
  EXPECT_EQ(r.plan.exit_state, "completed");
  EXPECT_EQ(r.plan.steps[0].end_s, 280.0);
  EXPECT_EQ(r.plan.steps[1].end_s, 320.0);
  const auto& total = r.series[0].total;
  for (std::size_t k = 271; k < 300; ++k)
    ASSERT_EQ(total.errors[k], total.requests[k]) << "second " << k;
  std::uint64_t requests = 0, errors = 0;
  for (std::size_t k = 301; k < 320; ++k) {
    requests += total.requests[k];
    errors += total.errors[k];
  }
  EXPECT_NEAR(static_cast<double>(errors) / static_cast<double>(requests), 1.0 / 3.0, 0.05);
  for (std::size_t k = 321; k < 400; ++k)
    ASSERT_EQ(total.errors[k], 0u) << "second " << k;
  // Migrating down dropped what the new code wrote: every write it ever committed (it failed every
  // request from 100 s on). The loss window is the span of those writes: from the first request's
  // completion (the first arrival is within a second of 0) to the last success, just after 100 s.
  ASSERT_EQ(r.stores.size(), 1u);
  EXPECT_EQ(r.stores[0].writes_lost, all_successes(r.series[0].by_version[1]));
  EXPECT_NEAR(static_cast<double>(r.stores[0].writes_lost), 10000.0, 5.0 * std::sqrt(10000.0));
  ASSERT_TRUE(r.stores[0].loss_start_s && r.stores[0].loss_end_s);
  EXPECT_LT(*r.stores[0].loss_start_s, 1.0);
  EXPECT_NEAR(*r.stores[0].loss_end_s, 100.0, 0.1);
}

TEST(Drill, CodeFirstLeavesStableCodeFailingOnTheNewSchema) {
  const auto r = run_drill(step_order(false), DrillOptions{});
  EXPECT_EQ(r.plan.steps[0].end_s, 310.0);
  EXPECT_EQ(r.plan.steps[1].end_s, 320.0);
  const auto& total = r.series[0].total;
  for (std::size_t k = 271; k < 320; ++k)
    ASSERT_EQ(total.errors[k], total.requests[k]) << "second " << k;
  for (std::size_t k = 321; k < 400; ++k)
    ASSERT_EQ(total.errors[k], 0u) << "second " << k;
  EXPECT_EQ(r.stores[0].writes_lost, all_successes(r.series[0].by_version[1]));
  EXPECT_NEAR(*r.stores[0].loss_end_s, 100.0, 0.1);
}

// A fault behind a feature flag: disabling the flag at 270 (decide) ends the fault once every instance
// sees it, 30 s later: every request fails from 100 to 300, none after.
TEST(Drill, DisablingTheFlagEndsTheFaultAfterItPropagates) {
  auto s = chain();
  s.fault->flag = "new-pricing";
  StepSpec off;
  off.name = "disable the flag";
  off.action = StepSpec::Action::DisableFlag;
  off.flag = "new-pricing";
  off.propagation = Distribution::fixed(30.0);
  s.plan = testing::one_level_plan({off});
  const auto r = run_drill(s, DrillOptions{});
  EXPECT_EQ(r.plan.exit_state, "completed");
  const auto& total = r.series[0].total;
  for (std::size_t k = 101; k < 300; ++k)
    ASSERT_EQ(total.errors[k], total.requests[k]) << "second " << k;
  for (std::size_t k = 301; k < 400; ++k)
    ASSERT_EQ(total.errors[k], 0u) << "second " << k;
}

// The maintenance page from 270 to 330 (a 60 s wait between on and off): every request of those
// seconds fails at once and writes nothing. The fault is over at 250.
TEST(Drill, MaintenanceModeFailsEveryRequestAndWritesNothing) {
  auto s = chain();
  s.fault->duration_s = 150.0;
  s.stores = {testing::write_everything_store("db", "api")};
  StepSpec on;
  on.name = "maintenance on";
  on.action = StepSpec::Action::MaintenanceMode;
  on.service = "api";
  StepSpec hold;
  hold.name = "hold";
  hold.action = StepSpec::Action::Wait;
  hold.duration = Distribution::fixed(60.0);
  StepSpec off = on;
  off.name = "maintenance off";
  off.maintenance_on = false;
  s.plan = testing::one_level_plan({on, hold, off});
  const auto r = run_drill(s, DrillOptions{});
  const auto& total = r.series[0].total;
  for (std::size_t k = 271; k < 330; ++k)
    ASSERT_EQ(total.errors[k], total.requests[k]) << "second " << k;
  for (std::size_t k = 331; k < 400; ++k)
    ASSERT_EQ(total.errors[k], 0u) << "second " << k;
  // Every success wrote once; none failed after 250 except the maintenance seconds, so the store holds
  // exactly the successes.
  std::uint64_t successes = 0;
  for (std::size_t k = 0; k < 400; ++k)
    successes += total.requests[k] - total.errors[k];
  EXPECT_EQ(r.stores[0].writes_committed, successes);
}

// A fault that corrupts every write the stable version commits from 100 to 200 (error probability
// 0: all requests succeed). The writes of those seconds are corrupted, give or take the requests in
// flight at each edge (1 ms of service at 100 req/s: a couple at most).
TEST(Drill, CorruptingFaultMarksTheWritesOfItsWindow) {
  auto s = testing::single_service(100.0, 2, 0.001, 300.0);
  model::FaultSpec fault;
  fault.service = "api";
  fault.version = model::Version::Stable;
  fault.at_s = 100.0;
  fault.duration_s = 100.0;
  fault.kind = model::fault::BadRelease{.corrupts_writes = 1.0};
  s.fault = fault;
  s.stores = {testing::write_everything_store("db", "api")};
  const auto r = run_drill(s, DrillOptions{});
  const auto& total = r.series[0].total;
  std::uint64_t in_window = 0;
  for (std::size_t k = 100; k < 200; ++k)
    in_window += total.requests[k];
  EXPECT_NEAR(static_cast<double>(r.stores[0].writes_corrupted), static_cast<double>(in_window), 3.0);
  EXPECT_EQ(r.stores[0].corrupted_remaining, r.stores[0].writes_corrupted);  // nothing restored them away
}

// Request classes: a quarter of the requests are "paid"; the failures carry their class in about that
// proportion (every request fails from 100 s on).
TEST(Drill, FailuresCarryTheirRequestClass) {
  auto s = chain();
  s.services[0].request_classes = {{"paid", 0.25, 40.0}};
  s.plan.reset();
  const auto r = run_drill(s, DrillOptions{});
  std::uint64_t paid = 0;
  for (const auto& failure : r.failures[0])
    paid += failure.request_class == 0 ? 1 : 0;
  const double n = static_cast<double>(r.failures[0].size());
  ASSERT_GT(n, 20000.0);
  EXPECT_NEAR(static_cast<double>(paid) / n, 0.25, 5.0 * std::sqrt(0.25 * 0.75 / n));
}

// A parallel group: "page DBA" (10 s) and "freeze deploys" (30 s) both start at 270; the next step
// starts when both have ended, at 300, and takes 5 s.
model::Scenario parallel_plan(double freeze_failure_probability) {
  auto s = chain();
  StepSpec page;
  page.name = "page the DBA";
  page.action = StepSpec::Action::Manual;
  page.duration = Distribution::fixed(10.0);
  page.group = "prepare";
  StepSpec freeze = page;
  freeze.name = "freeze deploys";
  freeze.duration = Distribution::fixed(30.0);
  page.failure_probability = freeze_failure_probability;  // the short one may fail
  StepSpec announce;
  announce.name = "announce";
  announce.action = StepSpec::Action::StatusPage;
  announce.duration = Distribution::fixed(5.0);
  s.plan = testing::one_level_plan({page, freeze, announce});
  return s;
}

TEST(Drill, ParallelGroupEndsWhenItsLongestStepEnds) {
  const auto r = run_drill(parallel_plan(0.0), DrillOptions{});
  EXPECT_EQ(r.plan.exit_state, "completed");
  ASSERT_EQ(r.plan.steps.size(), 3u);
  EXPECT_EQ(r.plan.steps[0].start_s, 270.0);
  EXPECT_EQ(r.plan.steps[0].end_s, 280.0);
  EXPECT_EQ(r.plan.steps[1].start_s, 270.0);
  EXPECT_EQ(r.plan.steps[1].end_s, 300.0);
  EXPECT_EQ(r.plan.steps[2].start_s, 300.0);
  EXPECT_EQ(r.plan.steps[2].end_s, 305.0);
}

// A step of the group fails at 280 (abort): the plan stops when the whole group has ended, at 300.
TEST(Drill, AFailedStepInAParallelGroupStopsThePlanAfterTheGroup) {
  const auto r = run_drill(parallel_plan(1.0), DrillOptions{});
  EXPECT_EQ(r.plan.exit_state, "aborted");
  EXPECT_EQ(r.plan.steps[0].status, model::StepOutcome::Status::Failed);
  EXPECT_EQ(r.plan.steps[0].end_s, 280.0);
  EXPECT_EQ(r.plan.steps[1].status, model::StepOutcome::Status::Completed);
  EXPECT_EQ(r.plan.levels[0].end_s, 300.0);
  EXPECT_EQ(r.plan.steps[2].status, model::StepOutcome::Status::NotRun);
}

// A bad configuration (every pod fails from 100 s) restored at 270 with a restart of the 4 stable pods
// (surge 1, unavailable 1, pods Ready 20 s after creation). As kube_test.cpp derives for 4 pods:
//   [270, 290): 3 old pods Ready, all on the bad configuration        -> every request fails
//   [290, 310): 2 restarted pods (good) + 1 old pod (bad) Ready        -> about 1/3 fail
//   310 on:     4 restarted pods                                        -> none fails
model::Scenario config_restore(bool restart) {
  auto s = chain();
  s.services[0].versions[0].replicas = 4;
  s.services[0].pods.start = Distribution::fixed(20.0);
  s.fault->kind = model::fault::BadConfig{.error_probability = 1.0};
  StepSpec restore;
  restore.name = "restore the configuration";
  restore.action = StepSpec::Action::RestoreConfig;
  restore.service = "api";
  restore.restart = restart;
  s.plan = testing::one_level_plan({restore});
  return s;
}

TEST(Drill, RestoringAConfigurationWithARestartReplacesPodsThroughTheStrategy) {
  const auto r = run_drill(config_restore(true), DrillOptions{});
  EXPECT_EQ(r.incident->timeline.at(Instant::Detect), 140.0);
  EXPECT_EQ(r.plan.exit_state, "completed");
  EXPECT_EQ(r.plan.steps[0].end_s, 310.0);
  const auto& total = r.series[0].total;
  for (std::size_t k = 101; k < 290; ++k)
    ASSERT_EQ(total.errors[k], total.requests[k]) << "second " << k;
  std::uint64_t requests = 0, errors = 0;
  for (std::size_t k = 291; k < 310; ++k) {
    requests += total.requests[k];
    errors += total.errors[k];
  }
  EXPECT_NEAR(static_cast<double>(errors) / static_cast<double>(requests), 1.0 / 3.0, 0.05);
  for (std::size_t k = 311; k < 400; ++k)
    ASSERT_EQ(total.errors[k], 0u) << "second " << k;
  EXPECT_EQ(total.ready[280], 3);
  EXPECT_EQ(total.ready[300], 3);
  EXPECT_EQ(total.ready[310], 4);
}

TEST(Drill, ReloadingAConfigurationEndsTheFaultAtOnce) {
  const auto r = run_drill(config_restore(false), DrillOptions{});
  EXPECT_EQ(r.plan.steps[0].end_s, 270.0);
  const auto& total = r.series[0].total;
  for (std::size_t k = 271; k < 400; ++k)
    ASSERT_EQ(total.errors[k], 0u) << "second " << k;
  EXPECT_EQ(total.ready[300], 4);
}

// Ordering constraints: "deploy" requires "migrate", which failed with on_failure "continue" (at 280);
// so "deploy" cannot run and the plan is blocked at 280 instead of going on.
TEST(Drill, AStepWhoseRequiredStepFailedBlocksThePlan) {
  auto s = chain();
  StepSpec migrate;
  migrate.name = "migrate";
  migrate.action = StepSpec::Action::Manual;
  migrate.duration = Distribution::fixed(10.0);
  migrate.failure_probability = 1.0;
  migrate.on_failure = StepSpec::OnFailure::Continue;
  StepSpec deploy;
  deploy.name = "deploy";
  deploy.action = StepSpec::Action::Manual;
  deploy.duration = Distribution::fixed(10.0);
  deploy.requires_steps = {"migrate"};
  s.plan = testing::one_level_plan({migrate, deploy});
  const auto r = run_drill(s, DrillOptions{});
  EXPECT_EQ(r.plan.exit_state, "blocked");
  EXPECT_EQ(r.plan.reason, "step \"deploy\" requires \"migrate\", which did not complete");
  EXPECT_EQ(r.plan.levels[0].end_s, 280.0);
  ASSERT_EQ(r.plan.steps.size(), 2u);
  EXPECT_EQ(r.plan.steps[1].status, model::StepOutcome::Status::NotRun);
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
