// The Deployment controller's arithmetic and the pod life cycle, on a DataPlane without SimGrid: the
// test plays the actors' part (advance the plane to each pod event, reconcile). Every count is
// derived by hand in the comments, from Kubernetes' rolling.go as summarised in kube.hpp.
#include "engine/kube.hpp"

#include <gtest/gtest.h>

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
  DataPlane plane(s, 1);
  Cluster cluster(s, plane, 1);
  EXPECT_TRUE(cluster.reconcile_rolling(0, Version::Stable, 10, 0.0));
  EXPECT_EQ(cluster.desired(0, Version::Stable), 5);
  EXPECT_EQ(cluster.desired(0, Version::New), 8);
  EXPECT_EQ(plane.ready_replicas(0, Version::New), 8);
  EXPECT_EQ(plane.ready_replicas(0, Version::Stable), 0);
  EXPECT_FALSE(cluster.reconcile_rolling(0, Version::Stable, 10, 0.0));  // nothing more at t = 0
  EXPECT_EQ(cluster.next_event(0, 0.0), 20.0);

  plane.advance_to(20.0);
  EXPECT_EQ(plane.ready_replicas(0, Version::Stable), 5);  // joined at 20 without anyone calling
  EXPECT_TRUE(cluster.reconcile_rolling(0, Version::Stable, 10, 20.0));
  EXPECT_EQ(cluster.desired(0, Version::Stable), 10);
  EXPECT_EQ(cluster.desired(0, Version::New), 3);
  EXPECT_FALSE(cluster.rollout_complete(0, Version::Stable, 10, 20.0));
  EXPECT_EQ(cluster.next_event(0, 20.0), 40.0);

  plane.advance_to(40.0);
  EXPECT_TRUE(cluster.reconcile_rolling(0, Version::Stable, 10, 40.0));
  EXPECT_EQ(cluster.desired(0, Version::New), 0);
  EXPECT_TRUE(cluster.rollout_complete(0, Version::Stable, 10, 40.0));
  EXPECT_EQ(plane.ready_replicas(0, Version::Stable), 10);
  EXPECT_EQ(plane.ready_replicas(0, Version::New), 0);
}

// maxSurge 0, maxUnavailable 1 on 3 replicas: one pod at a time, never above 3.
//   t=0: scale up min(3 + 0 - 3, 3) = 0; down: 3 - 2 - 0 = 1 -> new 2; up min(3 - 2, 3) = 1 -> stable 1.
//   t=20: stable 1 available; down: 3 - 2 - 0 = 1, available 3 - 2 = 1 -> new 1; up -> stable 2. Etc.
TEST(Cluster, NoSurgeReplacesOnePodAtATime) {
  auto s = ten_new_pods();
  s.services[0].versions[static_cast<int>(Version::New)].replicas = 3;
  s.services[0].strategy.max_surge = {false, 0.0};
  s.services[0].strategy.max_unavailable = {false, 1.0};
  DataPlane plane(s, 1);
  Cluster cluster(s, plane, 1);
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
  DataPlane plane(s, 1);
  Cluster cluster(s, plane, 1);
  cluster.scale(0, Version::Stable, 2, 0.0);  // 2 pods, Ready at 20
  EXPECT_EQ(cluster.desired(0, Version::Stable), 2);
  cluster.scale(0, Version::Stable, 1, 5.0);
  plane.advance_to(30.0);
  EXPECT_EQ(plane.ready_replicas(0, Version::Stable), 1);
  EXPECT_TRUE(cluster.settled(0, Version::Stable, 30.0));
}

}  // namespace
}  // namespace drillsim::engine
