// The per-pod request log behind the per-pod request counters and histograms, on requests whose
// counts, buckets and latency sums are worked out by hand.
#include "engine/pod_requests.hpp"

#include <gtest/gtest.h>

namespace drillsim::engine {
namespace {

using model::Version;

// Data plane ids 7 and 9 are two Ready spells of pod 3 (a restart in between), id 8 is pod 4's.
std::uint64_t uid_of(std::uint64_t plane_id) {
  return plane_id == 8 ? 4 : 3;
}

TEST(PodRequestLog, ARequestCountsAtTheFirstScrapeAfterItCompletedUnderItsPod) {
  PodRequestLog log;
  log.record(0, Version::Stable, 7, 9.5, 0.004, false);   // bucket le=0.005
  log.record(0, Version::Stable, 8, 9.9, 0.2, true);      // bucket le=0.25
  log.record(0, Version::Stable, 9, 10.0, 0.005, false);  // completes at the scrape: not before it
  log.record(0, Version::Stable, 0, 3.0, 0.0, true);      // no pod answered
  log.complete_before(10.0, uid_of);
  EXPECT_EQ(log.pending(), 1u);
  const auto* pod3 = log.totals(0, Version::Stable, 3);
  ASSERT_NE(pod3, nullptr);
  EXPECT_EQ(pod3->ok, 1u);
  EXPECT_EQ(pod3->errors, 0u);
  EXPECT_EQ(pod3->buckets[0], 1u);
  EXPECT_EQ(pod3->latency_sum_s, 0.004);
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

  // The next scrape: the request of the second spell joins pod 3's totals; 0.005 is in le=0.005.
  log.complete_before(20.0, uid_of);
  EXPECT_EQ(log.pending(), 0u);
  EXPECT_EQ(pod3->ok, 2u);
  EXPECT_EQ(pod3->buckets[0], 2u);
  EXPECT_EQ(pod3->latency_sum_s, 0.004 + 0.005);
}

// A request counted as served whose pod is killed before it completes moves from 200 to 500 in the
// scrape after its completion; its latency stays in the histogram.
TEST(PodRequestLog, AServedRequestThatFailsLaterIsAFiveHundred) {
  PodRequestLog log;
  log.record(1, Version::New, 8, 30.2, 3.0, false);
  log.fail(1, Version::New, 8, 30.2);
  log.record(1, Version::New, 8, 31.0, 20.0, false);  // above every bound: +Inf only
  log.complete_before(31.0, uid_of);
  const auto* pod4 = log.totals(1, Version::New, 4);
  ASSERT_NE(pod4, nullptr);
  EXPECT_EQ(pod4->ok, 0u);
  EXPECT_EQ(pod4->errors, 1u);
  EXPECT_EQ(pod4->buckets[9], 1u);  // 2.5 < 3 <= 5
  log.complete_before(32.0, uid_of);
  EXPECT_EQ(pod4->ok, 1u);
  EXPECT_EQ(pod4->buckets[model::kLatencyBuckets.size()], 1u);
  EXPECT_EQ(pod4->latency_sum_s, 23.0);
}

}  // namespace
}  // namespace drillsim::engine
