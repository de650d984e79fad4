// The endpoints: which pods are Ready, in which slot, and when scheduled changes apply. Plain
// bookkeeping: every expectation follows from the rules in endpoints.hpp by hand.
#include "engine/endpoints.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "test_scenarios.hpp"

namespace drillsim::engine {
namespace {

using model::Version;
using Ids = std::vector<std::uint64_t>;

// "api": 3 stable, 1 new; "db": 2 stable.
model::Scenario two_services() {
  auto s = testing::single_service(10.0, 3, 0.001, 100.0);
  s.services[0].versions[1].replicas = 1;
  auto db = s.services[0];
  db.name = "db";
  db.versions[0].replicas = 2;
  db.versions[1].replicas = 0;
  s.services.push_back(db);
  return s;
}

std::vector<std::uint32_t> queues(const Endpoints& e, int service, Version v) {
  std::vector<std::uint32_t> q;
  for (const auto& slot : e.set(service, v).slots)
    q.push_back(slot.queue);
  return q;
}

// Ids 1, 2, ... by service, stable before new; each slot's queue is its index.
TEST(Endpoints, InitialPodsAreReadyWithIdsInScenarioOrder) {
  const auto s = two_services();
  const Endpoints e(s);
  EXPECT_EQ(e.ready_pod_ids(0, Version::Stable), (Ids{1, 2, 3}));
  EXPECT_EQ(e.ready_pod_ids(0, Version::New), (Ids{4}));
  EXPECT_EQ(e.ready_pod_ids(1, Version::Stable), (Ids{5, 6}));
  EXPECT_EQ(e.ready(1, Version::New), 0);
  EXPECT_EQ(queues(e, 0, Version::Stable), (std::vector<std::uint32_t>{0, 1, 2}));
  EXPECT_TRUE(std::isinf(e.next_change_s()));
}

// Leaving swaps the last Ready slot into the leaver's place, and each slot keeps its queue: after 1
// leaves, [3, 2] with queues [2, 1]; the freed slot (queue 0) is the next one taken.
TEST(Endpoints, ALeaverSwapsWithTheLastReadySlotAndQueuesStayWithTheirSlots) {
  const auto s = two_services();
  Endpoints e(s);
  e.leave(0, Version::Stable, {1, 99});  // 99 is not Ready: ignored.
  EXPECT_EQ(e.ready_pod_ids(0, Version::Stable), (Ids{3, 2}));
  EXPECT_EQ(queues(e, 0, Version::Stable), (std::vector<std::uint32_t>{2, 1, 0}));
  const std::uint64_t id = e.schedule_ready(0, Version::Stable, 0.0);  // Due now: joins at once.
  EXPECT_EQ(id, 7u);                                                   // After the six initial pods.
  EXPECT_EQ(e.ready_pod_ids(0, Version::Stable), (Ids{3, 2, 7}));
  EXPECT_EQ(e.set(0, Version::Stable).slots[2].queue, 0u);
  // All three slots taken: the next one is a new slot with a new queue.
  e.schedule_ready(0, Version::Stable, 0.0);
  EXPECT_EQ(e.ready_pod_ids(0, Version::Stable), (Ids{3, 2, 7, 8}));
  EXPECT_EQ(queues(e, 0, Version::Stable), (std::vector<std::uint32_t>{2, 1, 0, 3}));
}

// Scheduled changes wait for the clock and apply in time order, ties in scheduling order; a change
// scheduled in the past applies at the clock's instant.
TEST(Endpoints, ScheduledChangesApplyInTimeThenSchedulingOrder) {
  const auto s = two_services();
  Endpoints e(s);
  const auto late = e.schedule_ready(1, Version::New, 20.0);               // id 7
  const auto first = e.schedule_ready(1, Version::New, 10.0);              // id 8
  const auto leaving = e.schedule_not_ready(1, Version::Stable, 5, 10.0);  // id 9, same instant as 8
  const auto cancelled = e.schedule_ready(1, Version::New, 15.0);          // id 10
  EXPECT_EQ(late, 7u);
  EXPECT_EQ(first, 8u);
  e.cancel(cancelled);
  EXPECT_EQ(e.ready(1, Version::New), 0);  // Nothing before the clock gets there.
  EXPECT_EQ(e.next_change_s(), 10.0);
  e.apply_next_change();
  EXPECT_EQ(e.now_s(), 10.0);
  EXPECT_EQ(e.ready_pod_ids(1, Version::New), (Ids{first}));
  EXPECT_EQ(e.ready_pod_ids(1, Version::Stable), (Ids{5, 6}));  // The tie scheduled later: not yet.
  EXPECT_EQ(e.next_change_s(), 10.0);
  e.apply_next_change();
  EXPECT_EQ(e.ready_pod_ids(1, Version::Stable), (Ids{6}));
  (void)leaving;
  EXPECT_EQ(e.next_change_s(), 20.0);  // 15 was cancelled.
  e.reached(30.0);
  const auto past = e.schedule_ready(1, Version::Stable, 25.0);  // Before the clock: at once.
  EXPECT_EQ(e.ready_pod_ids(1, Version::Stable), (Ids{6, past}));
  e.apply_next_change();  // The one of 20 s, still pending.
  EXPECT_EQ(e.ready_pod_ids(1, Version::New), (Ids{first, late}));
  EXPECT_EQ(e.now_s(), 30.0);  // The clock never goes back.
}

// A bad configuration: the Ready pods and those that join run it; restored without reload, the running
// pods keep it and new ones do not; with reload, none runs it.
TEST(Endpoints, BadConfigurationFollowsThePodsThatStartWithIt) {
  const auto s = two_services();
  Endpoints e(s);
  e.set_bad_config(0);
  e.schedule_ready(0, Version::New, 0.0);
  for (const Version v : model::kVersions) {
    for (int i = 0; i < e.ready(0, v); ++i)
      EXPECT_TRUE(e.set(0, v).slots[static_cast<std::size_t>(i)].bad_config);
  }
  EXPECT_FALSE(e.set(1, Version::Stable).slots[0].bad_config);  // Another service.
  e.restore_config(0, false);
  e.schedule_ready(0, Version::New, 0.0);
  EXPECT_TRUE(e.set(0, Version::New).slots[0].bad_config);
  EXPECT_FALSE(e.set(0, Version::New).slots[2].bad_config);
  e.set_bad_config(0);
  e.restore_config(0, true);
  for (const auto& slot : e.set(0, Version::New).slots)
    EXPECT_FALSE(slot.bad_config);
}

// A pod marked dead stays Ready; the slot it leaves is clean for the next pod.
TEST(Endpoints, DeadPodsStayReadyUntilTheyLeave) {
  const auto s = two_services();
  Endpoints e(s);
  e.mark_dead(0, Version::Stable, {2});
  EXPECT_EQ(e.ready(0, Version::Stable), 3);
  EXPECT_TRUE(e.set(0, Version::Stable).slots[1].dead);
  e.leave(0, Version::Stable, {2});
  e.schedule_ready(0, Version::Stable, 0.0);
  EXPECT_EQ(e.ready_pod_ids(0, Version::Stable), (Ids{1, 3, 7}));
  for (const auto& slot : e.set(0, Version::Stable).slots)
    EXPECT_FALSE(slot.dead);
}

// The one record of Ready instants (the cluster reads them back, kube.hpp): each id is one Ready
// spell. Initial pods: Ready since -inf, leaving never. Pod 7 scheduled Ready at 5 (leaves_at +inf),
// then to leave at 20 (its failing probe); pod 8 Ready at 10, cancelled before it comes (+inf); pod 1
// deleted at 12 (left at 12); pod 7's not-Ready at 20 cancelled at 15 (+inf again); id 0 has none.
TEST(Endpoints, EachPodIdIsOneReadySpellWithItsInstants) {
  const auto s = two_services();
  Endpoints e(s);
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(e.ready_at(1), -inf);
  EXPECT_EQ(e.leaves_at(1), inf);
  EXPECT_EQ(e.ready_at(0), inf);
  const std::uint64_t seven = e.schedule_ready(0, Version::Stable, 5.0);
  const std::uint64_t eight = e.schedule_ready(0, Version::Stable, 10.0);
  EXPECT_EQ(e.ready_at(seven), 5.0);
  EXPECT_EQ(e.leaves_at(seven), inf);
  EXPECT_EQ(e.ready_at(eight), 10.0);
  e.apply_next_change();  // 7 joins at 5.
  e.cancel(eight);
  EXPECT_EQ(e.ready_at(eight), inf);
  const std::uint64_t probe = e.schedule_not_ready(0, Version::Stable, seven, 20.0);
  EXPECT_EQ(e.leaves_at(seven), 20.0);
  e.reached(12.0);
  e.leave(0, Version::Stable, {1});
  EXPECT_EQ(e.leaves_at(1), 12.0);
  EXPECT_EQ(e.ready_at(1), -inf);
  e.reached(15.0);
  e.cancel(probe);
  EXPECT_EQ(e.leaves_at(seven), inf);
  EXPECT_EQ(e.ready_at(seven), 5.0);
  EXPECT_EQ(e.ready_pod_ids(0, Version::Stable), (Ids{7, 2, 3}));  // 1 left: 7 took its slot.
}

// A pod that leaves (crashes) before its scheduled not-Ready instant: cancelling that event keeps the
// instant it left at.
TEST(Endpoints, CancellingANotReadyEventKeepsAnEarlierLeave) {
  const auto s = two_services();
  Endpoints e(s);
  const std::uint64_t probe = e.schedule_not_ready(0, Version::Stable, 2, 30.0);
  e.reached(8.0);
  e.leave(0, Version::Stable, {2});
  EXPECT_EQ(e.leaves_at(2), 8.0);
  e.cancel(probe);
  EXPECT_EQ(e.leaves_at(2), 8.0);
}

}  // namespace
}  // namespace drillsim::engine
