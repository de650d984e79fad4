// The per-pod request log behind the per-pod request counters and histograms, on requests whose
// counts, buckets and latency sums are worked out by hand.
#include "engine/pod_requests.hpp"

#include <gtest/gtest.h>

namespace drillsim::engine {
namespace {

using model::Version;

// Data plane ids 7 and 9 are two Ready spells of pod 3, the first of its first container, the second of
// the container after its first restart; id 8 is pod 4's first container's.
PodRequestLog::Container container_of(int /*service*/, std::uint64_t plane_id) {
  if (plane_id == 8) return {4, 0};
  return {3, plane_id == 9 ? 1u : 0u};
}

TEST(PodRequestLog, ARequestCountsAtTheFirstScrapeAfterItCompletedUnderItsContainer) {
  PodRequestLog log;
  log.record(0, Version::Stable, 7, 9.5, 0.004, false);   // bucket le=0.005
  log.record(0, Version::Stable, 8, 9.9, 0.2, true);      // bucket le=0.25
  log.record(0, Version::Stable, 9, 10.0, 0.005, false);  // completes at the scrape: not before it
  log.record(0, Version::Stable, 0, 3.0, 0.0, true);      // no pod answered
  log.complete_before(10.0, container_of);
  EXPECT_EQ(log.pending(), 1u);
  const auto* pod3 = log.totals(0, Version::Stable, 3);
  ASSERT_NE(pod3, nullptr);
  EXPECT_EQ(pod3->ok, 1u);
  EXPECT_EQ(pod3->errors, 0u);
  EXPECT_EQ(pod3->buckets[0], 1u);
  EXPECT_EQ(pod3->latency_sum_s, 0.004);
  EXPECT_EQ(log.totals(0, Version::Stable, 3, 1), nullptr);
  const auto* pod4 = log.totals(0, Version::Stable, 4);
  ASSERT_NE(pod4, nullptr);
  EXPECT_EQ(pod4->errors, 1u);
  EXPECT_EQ(pod4->buckets[5], 1u);  // 0.1 < 0.2 <= 0.25
  const auto* unrouted = log.totals(0, Version::Stable, 0);
  ASSERT_NE(unrouted, nullptr);
  EXPECT_EQ(unrouted->errors, 1u);
  EXPECT_EQ(unrouted->buckets[0], 1u);
  EXPECT_EQ(log.totals(0, Version::New, 3), nullptr);
  EXPECT_EQ(log.totals(1, Version::Stable, 3), nullptr);

  // The next scrape: the request of the second spell is the restarted container's, which counts from
  // 0; the first container's totals stay as they were.
  log.complete_before(20.0, container_of);
  EXPECT_EQ(log.pending(), 0u);
  EXPECT_EQ(pod3->ok, 1u);
  EXPECT_EQ(pod3->latency_sum_s, 0.004);
  const auto* restarted = log.totals(0, Version::Stable, 3, 1);
  ASSERT_NE(restarted, nullptr);
  EXPECT_EQ(restarted->ok, 1u);
  EXPECT_EQ(restarted->buckets[0], 1u);  // 0.005 is in le=0.005
  EXPECT_EQ(restarted->latency_sum_s, 0.005);
}

// A request counted as served whose pod is killed before it completes never completes in that process:
// at the scrape after its completion it is a 500 of the load balancer's target (uid 0), with its
// latency in that target's histogram, and not in the pod's.
TEST(PodRequestLog, ARequestItsPodIsKilledUnderIsTheLoadBalancersFiveHundred) {
  PodRequestLog log;
  log.record(1, Version::New, 8, 30.2, 3.0, false);
  log.record(1, Version::New, 8, 30.4, 0.1, false);
  log.fail(1, Version::New, 8, 30.2);
  log.record(1, Version::New, 8, 31.0, 20.0, false);  // above every bound: +Inf only
  log.complete_before(31.0, container_of);
  const auto* pod4 = log.totals(1, Version::New, 4);
  ASSERT_NE(pod4, nullptr);
  EXPECT_EQ(pod4->ok, 1u);
  EXPECT_EQ(pod4->errors, 0u);
  EXPECT_EQ(pod4->buckets[4], 1u);  // 0.05 < 0.1 <= 0.1
  EXPECT_EQ(pod4->latency_sum_s, 0.1);
  const auto* unrouted = log.totals(1, Version::New, 0);
  ASSERT_NE(unrouted, nullptr);
  EXPECT_EQ(unrouted->ok, 0u);
  EXPECT_EQ(unrouted->errors, 1u);
  EXPECT_EQ(unrouted->buckets[9], 1u);  // 2.5 < 3 <= 5
  EXPECT_EQ(unrouted->latency_sum_s, 3.0);
  log.complete_before(32.0, container_of);
  EXPECT_EQ(pod4->ok, 2u);
  EXPECT_EQ(pod4->buckets[model::kLatencyBuckets.size()], 1u);
  EXPECT_EQ(pod4->latency_sum_s, 20.1);
}

// A request already moved into its container's totals that fails afterwards (the data plane never
// does this: a killed request completes after the kill) turns from 200 into 500 there.
TEST(PodRequestLog, ARequestFailingAfterItWasCountedTurnsIntoAFiveHundred) {
  PodRequestLog log;
  log.record(0, Version::Stable, 7, 5.0, 0.01, false);
  log.complete_before(6.0, container_of);
  log.fail(0, Version::Stable, 7, 5.0);
  log.complete_before(7.0, container_of);
  const auto* pod3 = log.totals(0, Version::Stable, 3);
  ASSERT_NE(pod3, nullptr);
  EXPECT_EQ(pod3->ok, 0u);
  EXPECT_EQ(pod3->errors, 1u);
  EXPECT_EQ(log.totals(0, Version::Stable, 0), nullptr);
}

}  // namespace
}  // namespace drillsim::engine
