// The Deployment controller's arithmetic and the pod life cycle, on the endpoints and a DataPlane without
// SimGrid: the test plays the actors' part (advance the plane to each pod event, reconcile). Every count is
// derived by hand in the comments, from Kubernetes' rolling.go as summarised in kube.hpp.
#include "engine/kube.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "rig.hpp"
#include "test_scenarios.hpp"

namespace drillsim::engine {
namespace {

using model::Distribution;
using model::Version;

// "api" with 10 pods of the new version, none of stable; pods answer 20 s after creation and are
// probed every 10 s from creation.
model::Scenario ten_new_pods() {
  auto s = testing::single_service(50.0, 0, 0.001, 200.0);
  auto& api = s.services[0];
  api.routing = model::Routing::Pods;
  api.versions[static_cast<int>(Version::New)].replicas = 10;
  api.pods.start = Distribution::fixed(20.0);
  return s;
}

TEST(PodSpec, ReadyAtTheFirstProbeAtOrAfterTheAppAnswers) {
  model::PodSpec pod;                            // initial delay 0, period 10
  EXPECT_EQ(pod.ready_at(100.0, 120.0), 120.0);  // probes 100, 110, 120: the one at 120 succeeds
  EXPECT_EQ(pod.ready_at(100.0, 121.0), 130.0);
  EXPECT_EQ(pod.ready_at(100.0, 100.0), 100.0);  // answers at once: the probe at creation
  pod.readiness_initial_delay_s = 5.0;
  EXPECT_EQ(pod.ready_at(100.0, 101.0), 105.0);  // first probe at 105
  EXPECT_EQ(pod.ready_at(100.0, 106.0), 115.0);
  pod.readiness_period_s = 3.0;
  EXPECT_EQ(pod.ready_at(0.0, 12.5), 14.0);  // probes 5, 8, 11, 14
}

// successThreshold: the kubelet's readiness result starts as Failure and flips to Success only after
// successThreshold passing probes in a row, so the pod is Ready success_threshold - 1 periods after the
// first passing probe.
TEST(PodSpec, SuccessThresholdNeedsThatManyPassingProbesInARow) {
  model::PodSpec pod;  // initial delay 0, period 10
  pod.readiness_success_threshold = 3;
  EXPECT_EQ(pod.ready_at(100.0, 120.0), 140.0);  // passes at 120, 130, 140
  EXPECT_EQ(pod.ready_at(100.0, 121.0), 150.0);  // passes at 130, 140, 150
  EXPECT_EQ(pod.probe_at_or_after(100.0, 121.0), 130.0);
}

// The probes count from the container's start, not from the pod's creation. Created at 0, the container
// starts 7 s later (scheduling and image pull), the app answers 20 s after that (27); with initialDelay
// 5 and period 10 the probes run at 7 + 5 = 12, 22, 32: Ready at 32, Available (minReadySeconds 15) at
// 47. Timed from creation, the probes would run at 5, 15, 25, 35 and the pod be Ready at 35.
TEST(Cluster, ReadinessIsTimedFromTheContainerStart) {
  auto s = ten_new_pods();
  s.services[0].pods.container_start = Distribution::fixed(7.0);
  s.services[0].pods.readiness_initial_delay_s = 5.0;
  s.services[0].pods.min_ready_s = 15.0;
  testing::Rig rig(s, 1);
  DataPlane& plane = rig.plane;
  Cluster& cluster = rig.cluster;
  cluster.scale(0, Version::Stable, 1, 0.0);
  EXPECT_EQ(cluster.next_event(0, 0.0), 32.0);
  EXPECT_EQ(cluster.next_event(0, 32.0), 47.0);
  plane.advance_to(31.9);
  EXPECT_EQ(rig.endpoints.ready(0, Version::Stable), 0);
  plane.advance_to(32.0);
  EXPECT_EQ(rig.endpoints.ready(0, Version::Stable), 1);
  EXPECT_EQ(cluster.available(0, Version::Stable, 46.9), 0);
  EXPECT_EQ(cluster.available(0, Version::Stable, 47.0), 1);
}

// A version whose containers crash on start: its pods are never Ready nor Available; the Ready one
// crashes at once. The rollout to it (10 replicas, surge 3, unavailable 2) stalls with 8 old pods:
//   t=0: up min(13 - 10, 10) = 3; down 13 - 8 - 3 = 2, available 10 - 8 = 2 -> old 8; up 2 -> new 5;
//   no new pod ever becomes Available, so nothing else happens (next_event is +inf).
// Turned off at 100, each pod's container restarts at its next back-off restart: first crash at 0,
// restarts at 10, 30, 70, 150 (10, 20, 40, 80 s back-off): the one at 150 starts, answers 20 s later and
// is Ready at the probe at 170.
TEST(Cluster, ContainersThatCrashOnStartAreNeverAvailable) {
  auto s = ten_new_pods();
  s.services[0].versions[0].replicas = 10;
  s.services[0].versions[1].replicas = 0;
  testing::Rig rig(s, 1);
  DataPlane& plane = rig.plane;
  Cluster& cluster = rig.cluster;
  cluster.set_crash_on_start(0, Version::New, true, 0.0);
  EXPECT_TRUE(cluster.reconcile_rolling(0, Version::New, 10, 0.0));
  EXPECT_EQ(cluster.desired(0, Version::New), 5);
  EXPECT_EQ(cluster.desired(0, Version::Stable), 8);
  EXPECT_TRUE(std::isinf(cluster.next_event(0, 0.0)));
  plane.advance_to(100.0);
  EXPECT_FALSE(cluster.reconcile_rolling(0, Version::New, 10, 100.0));
  EXPECT_EQ(rig.endpoints.ready(0, Version::New), 0);
  EXPECT_EQ(cluster.available(0, Version::New, 100.0), 0);
  EXPECT_EQ(Cluster::nth_restart(0.0, 4), 150.0);
  EXPECT_EQ(cluster.set_crash_on_start(0, Version::New, false, 100.0), 170.0);
  plane.advance_to(170.0);
  EXPECT_EQ(rig.endpoints.ready(0, Version::New), 5);
}

// failureThreshold: a Ready pod whose readiness probe starts failing at 95 leaves the endpoints at its
// third failed probe in a row: probes at 100, 110, 120 (the pods of time 0 are probed at k * 10) -> not
// Ready, not Available from 120, though its container runs. With successThreshold 2, once the probe
// passes again from 200 the pods are Ready at the second passing probe: 200, 210 -> 210.
TEST(Cluster, AReadyPodLeavesTheEndpointsAfterFailureThresholdFailedProbes) {
  auto s = ten_new_pods();
  s.services[0].pods.readiness_success_threshold = 2;
  testing::Rig rig(s, 1);
  DataPlane& plane = rig.plane;
  Cluster& cluster = rig.cluster;
  plane.advance_to(95.0);
  cluster.set_probe_failing(0, Version::New, true, 95.0);
  EXPECT_EQ(cluster.next_event(0, 95.0), 120.0);
  plane.advance_to(119.9);
  EXPECT_EQ(rig.endpoints.ready(0, Version::New), 10);
  EXPECT_EQ(cluster.available(0, Version::New, 119.9), 10);
  plane.advance_to(120.0);
  EXPECT_EQ(rig.endpoints.ready(0, Version::New), 0);
  EXPECT_EQ(cluster.available(0, Version::New, 120.0), 0);
  EXPECT_EQ(cluster.desired(0, Version::New), 10);  // Still running: the ReplicaSet replaces none.
  plane.advance_to(200.0);
  cluster.set_probe_failing(0, Version::New, false, 200.0);
  EXPECT_EQ(cluster.next_event(0, 200.0), 210.0);
  plane.advance_to(210.0);
  EXPECT_EQ(rig.endpoints.ready(0, Version::New), 10);
  EXPECT_EQ(cluster.available(0, Version::New, 210.0), 10);
}

// A failing probe that recovers before failureThreshold failures in a row changes nothing: failing from
// 95 (fails at 100, 110), passing again from 115: the pod never leaves the endpoints.
TEST(Cluster, FewerFailedProbesThanTheThresholdKeepThePodReady) {
  auto s = ten_new_pods();
  testing::Rig rig(s, 1);
  DataPlane& plane = rig.plane;
  Cluster& cluster = rig.cluster;
  plane.advance_to(95.0);
  cluster.set_probe_failing(0, Version::New, true, 95.0);
  plane.advance_to(115.0);
  cluster.set_probe_failing(0, Version::New, false, 115.0);
  plane.advance_to(200.0);
  EXPECT_EQ(rig.endpoints.ready(0, Version::New), 10);
  EXPECT_TRUE(std::isinf(cluster.next_event(0, 115.0)));
}

TEST(StrategySpec, SurgeRoundsUpUnavailableRoundsDownAndTheFencepost) {
  model::StrategySpec strategy;                           // 25% / 25%
  EXPECT_EQ(strategy.resolve(10), std::make_pair(3, 2));  // ceil(2.5), floor(2.5)
  EXPECT_EQ(strategy.resolve(4), std::make_pair(1, 1));
  EXPECT_EQ(strategy.resolve(1), std::make_pair(1, 0));  // ceil(0.25) = 1, floor(0.25) = 0
  strategy.max_surge = {true, 0.0};
  EXPECT_EQ(strategy.resolve(3), std::make_pair(0, 1));  // floor(0.75) = 0 and surge 0 -> unavailable 1
  strategy.max_surge = {false, 2.0};
  strategy.max_unavailable = {false, 0.0};
  EXPECT_EQ(strategy.resolve(10), std::make_pair(2, 0));
}

// 10 replicas, maxSurge 3, maxUnavailable 2 (minAvailable 8), rollout from new to stable at t = 0:
//   t=0:  scale up stable min(13 - 10, 10 - 0) = 3; scale down: 13 - 8 - 3 = 2 > 0 and 10 available
//         - 8 = 2 -> new 8; scale up min(13 - 11, 7) = 2 -> stable 5; scale down: 13 - 8 - 5 = 0: stop.
//   t=20: the 5 stable pods are Ready (probe at 20). Scale down: 13 - 8 - 0 = 5 > 0, available
//         8 + 5 = 13 -> 5 go: new 3. Scale up min(13 - 8, 10 - 5) = 5 -> stable 10. Stop.
//   t=40: 10 stable available; scale down 13 - 8 = 5 >= 3: new 0. Complete.
TEST(Cluster, RollingUndoOfTenReplicasStepByStep) {
  const auto s = ten_new_pods();
  testing::Rig rig(s, 1);
  DataPlane& plane = rig.plane;
  Cluster& cluster = rig.cluster;
  EXPECT_TRUE(cluster.reconcile_rolling(0, Version::Stable, 10, 0.0));
  EXPECT_EQ(cluster.desired(0, Version::Stable), 5);
  EXPECT_EQ(cluster.desired(0, Version::New), 8);
  EXPECT_EQ(rig.endpoints.ready(0, Version::New), 8);
  EXPECT_EQ(rig.endpoints.ready(0, Version::Stable), 0);
  EXPECT_FALSE(cluster.reconcile_rolling(0, Version::Stable, 10, 0.0));  // nothing more at t = 0
  EXPECT_EQ(cluster.next_event(0, 0.0), 20.0);

  plane.advance_to(20.0);
  EXPECT_EQ(rig.endpoints.ready(0, Version::Stable), 5);  // joined at 20 without anyone calling
  EXPECT_TRUE(cluster.reconcile_rolling(0, Version::Stable, 10, 20.0));
  EXPECT_EQ(cluster.desired(0, Version::Stable), 10);
  EXPECT_EQ(cluster.desired(0, Version::New), 3);
  EXPECT_FALSE(cluster.rollout_complete(0, Version::Stable, 10, 20.0));
  EXPECT_EQ(cluster.next_event(0, 20.0), 40.0);

  plane.advance_to(40.0);
  EXPECT_TRUE(cluster.reconcile_rolling(0, Version::Stable, 10, 40.0));
  EXPECT_EQ(cluster.desired(0, Version::New), 0);
  EXPECT_TRUE(cluster.rollout_complete(0, Version::Stable, 10, 40.0));
  EXPECT_EQ(rig.endpoints.ready(0, Version::Stable), 10);
  EXPECT_EQ(rig.endpoints.ready(0, Version::New), 0);
  EXPECT_TRUE(cluster.violations().empty());  // Never past 10 + 3 pods, never more Available than exist.
}

// maxSurge 0, maxUnavailable 1 on 3 replicas: one pod at a time, never above 3.
//   t=0: scale up min(3 + 0 - 3, 3) = 0; down: 3 - 2 - 0 = 1 -> new 2; up min(3 - 2, 3) = 1 -> stable 1.
//   t=20: stable 1 available; down: 3 - 2 - 0 = 1, available 3 - 2 = 1 -> new 1; up -> stable 2. Etc.
TEST(Cluster, NoSurgeReplacesOnePodAtATime) {
  auto s = ten_new_pods();
  s.services[0].versions[static_cast<int>(Version::New)].replicas = 3;
  s.services[0].strategy.max_surge = {false, 0.0};
  s.services[0].strategy.max_unavailable = {false, 1.0};
  testing::Rig rig(s, 1);
  DataPlane& plane = rig.plane;
  Cluster& cluster = rig.cluster;
  for (int round = 0; round < 3; ++round) {
    const double t = 20.0 * round;
    plane.advance_to(t);
    cluster.reconcile_rolling(0, Version::Stable, 3, t);
    EXPECT_EQ(cluster.desired(0, Version::Stable), round + 1) << "t=" << t;
    EXPECT_EQ(cluster.desired(0, Version::New), 2 - round) << "t=" << t;
    EXPECT_EQ(cluster.desired(0, Version::Stable) + cluster.desired(0, Version::New), 3);
  }
  plane.advance_to(60.0);
  cluster.reconcile_rolling(0, Version::Stable, 3, 60.0);
  EXPECT_TRUE(cluster.rollout_complete(0, Version::Stable, 3, 60.0));
}

// Scaling down removes pods that are not Ready yet before Ready ones: a starting pod is cancelled and
// never joins.
TEST(Cluster, ScaleDownRemovesStartingPodsFirst) {
  auto s = ten_new_pods();
  testing::Rig rig(s, 1);
  DataPlane& plane = rig.plane;
  Cluster& cluster = rig.cluster;
  cluster.scale(0, Version::Stable, 2, 0.0);  // 2 pods, Ready at 20
  EXPECT_EQ(cluster.desired(0, Version::Stable), 2);
  cluster.scale(0, Version::Stable, 1, 5.0);
  plane.advance_to(30.0);
  EXPECT_EQ(rig.endpoints.ready(0, Version::Stable), 1);
  EXPECT_TRUE(cluster.settled(0, Version::Stable, 30.0));
}

// Proportional scaling (sync.go scale(), the example of the Kubernetes documentation's "Proportional
// scaling"): 10 replicas, maxSurge 3, maxUnavailable 2, a rollout from new to stable whose pods are not
// Ready yet: stable (the new ReplicaSet) 5, new (the old one) 8, as in RollingUndoOfTenReplicasStepByStep.
// Scaled to 15 at t = 5: allowed = 15 + 3 = 18, to_add = 18 - 13 = 5, annotated = 10 + 3 = 13. The larger
// (new, 8) first: round(8 * 18 / 13) - 8 = round(11.08) - 8 = 3; then stable: round(5 * 18 / 13) - 5 =
// round(6.92) - 5 = 2 (within 5 - 3 = 2). new 11, stable 7: 18 pods.
// Scaled down to 5 at t = 6: allowed = 5 + 3 = 8, to_add = 8 - 18 = -10, annotated = 15 + 3 = 18. The
// larger (new, 11): round(11 * 8 / 18) - 11 = 5 - 11 = -6; stable: round(7 * 8 / 18) - 7 = 3 - 7 = -4
// (within -10 + 6 = -4). new 5, stable 3: 8 pods.
TEST(Cluster, ScalingADeploymentMidRolloutSpreadsTheChangeInProportion) {
  auto s = ten_new_pods();
  s.services[0].strategy.max_surge = {false, 3.0};
  s.services[0].strategy.max_unavailable = {false, 2.0};
  testing::Rig rig(s, 1);
  DataPlane& plane = rig.plane;
  Cluster& cluster = rig.cluster;
  const std::uint64_t id =
      cluster.begin_rollout(0, {Cluster::all_of(Version::Stable), Cluster::all_of(Version::New), 10});
  cluster.reconcile_rolling(0, Version::Stable, 10, 0.0);
  ASSERT_EQ(cluster.desired(0, Version::Stable), 5);
  ASSERT_EQ(cluster.desired(0, Version::New), 8);

  plane.advance_to(5.0);
  cluster.scale_deployment(0, 15, 5.0);
  EXPECT_EQ(cluster.desired(0, Version::New), 11);
  EXPECT_EQ(cluster.desired(0, Version::Stable), 7);
  EXPECT_EQ(cluster.spec_replicas(0), 15);
  EXPECT_EQ(cluster.rollout(0, id).replicas, 15);

  plane.advance_to(6.0);
  cluster.scale_deployment(0, 5, 6.0);
  EXPECT_EQ(cluster.desired(0, Version::New), 5);
  EXPECT_EQ(cluster.desired(0, Version::Stable), 3);
  EXPECT_EQ(cluster.spec_replicas(0), 5);
}

// With one ReplicaSet holding pods (no rollout in progress), it takes the whole count.
TEST(Cluster, ScalingADeploymentWithOneReplicaSetScalesThatOne) {
  const auto s = ten_new_pods();
  testing::Rig rig(s, 1);
  Cluster& cluster = rig.cluster;
  cluster.scale_deployment(0, 4, 0.0);
  EXPECT_EQ(cluster.desired(0, Version::New), 4);
  EXPECT_EQ(cluster.desired(0, Version::Stable), 0);
  EXPECT_EQ(cluster.spec_replicas(0), 4);
}

}  // namespace
}  // namespace drillsim::engine
