#include "montecarlo/capacity.hpp"

#include <gtest/gtest.h>

namespace drillsim::montecarlo {
namespace {

model::SecondSeries series_of(std::vector<std::uint32_t> requests, std::vector<std::uint32_t> errors,
                              std::vector<std::uint32_t> slow) {
  model::SecondSeries s;
  s.requests = std::move(requests);
  s.errors = std::move(errors);
  s.slow = std::move(slow);
  return s;
}

TEST(CapacityWindows, JudgesEachSecondsTrailingWindowInTheRange) {
  model::Slo slo;
  slo.max_error_ratio = 0.01;
  slo.max_p95_latency_s = 0.5;
  slo.sli_window_s = 2;
  // Seconds 0..5, 100 requests each. Second 1 has 10 slow (a 2 s window of 200 with 10 slow: 5 %, the
  // largest a p95 within the bound allows); second 4 has 3 errors (3/200 > 1 % in windows 4 and 5).
  const auto s = series_of({100, 100, 100, 100, 100, 100}, {0, 0, 0, 0, 3, 0}, {0, 10, 1, 0, 0, 0});
  const WindowJudgement all = judge_windows(s, slo, 0, 6);
  EXPECT_EQ(all.seconds, 6U);
  // Within: {0} (no slow), {0, 1} (10 of 200 slow), {2, 3} (1 slow). Out: {1, 2} (11 of 200 slow, over
  // 5 %), {3, 4} and {4, 5} (3/200 errors).
  EXPECT_EQ(all.seconds_within, 3U);
  EXPECT_DOUBLE_EQ(all.worst_error_ratio, 3.0 / 200.0);
  EXPECT_DOUBLE_EQ(all.worst_slow_share, 11.0 / 200.0);  // Window {1, 2}: 11 slow of 200.
  EXPECT_FALSE(all.within());
  EXPECT_EQ(all.requests, 600U);
  EXPECT_EQ(all.errors, 3U);
  const WindowJudgement early = judge_windows(s, slo, 0, 4);
  EXPECT_EQ(early.seconds_within, 3U);
  const WindowJudgement first_two = judge_windows(s, slo, 0, 2);
  EXPECT_TRUE(first_two.within());                     // {0}: 0 slow; {0, 1}: 10 of 200 = 5 %.
  EXPECT_FALSE(judge_windows(s, slo, 3, 3).within());  // No second judged.
}

TEST(CapacityUtilisation, IsServedWorkOverReadyReplicaSeconds) {
  // 3,600 requests of 10 ms each in 100 s on 2 replicas: 36 s of work in 200 replica-seconds.
  EXPECT_DOUBLE_EQ(utilisation(3600, 0.01, 1.0, 200), 0.18);
  EXPECT_DOUBLE_EQ(utilisation(3600, 0.01, 2.0, 200), 0.36);
  EXPECT_EQ(utilisation(10, 0.01, 1.0, 0), 0.0);
}

TEST(CapacitySearch, BisectsDownFromTodayWhenTodayPasses) {
  const auto passes = [](int r) { return r >= 5; };
  const CapacitySearch s = find_fewest_replicas(16, 256, passes);
  ASSERT_TRUE(s.fewest.has_value());
  EXPECT_EQ(*s.fewest, 5);
  // 16 passes; bisect (0, 16]: 8 pass, 4 fail, 6 pass, 5 pass.
  std::vector<int> tried;
  for (const auto& p : s.probes)
    tried.push_back(p.replicas);
  EXPECT_EQ(tried, (std::vector<int>{16, 8, 4, 6, 5}));
}

TEST(CapacitySearch, DoublesUpFromTodayWhenTodayFails) {
  int calls = 0;
  const CapacitySearch s = find_fewest_replicas(3, 256, [&](int r) {
    ++calls;
    return r >= 11;
  });
  ASSERT_TRUE(s.fewest.has_value());
  EXPECT_EQ(*s.fewest, 11);
  // 3, 6 fail, 12 passes; bisect (6, 12]: 9 fails, 10 fails (mid of 9..12 is 10), 11 passes.
  std::vector<int> tried;
  for (const auto& p : s.probes)
    tried.push_back(p.replicas);
  EXPECT_EQ(tried, (std::vector<int>{3, 6, 12, 9, 10, 11}));
  EXPECT_EQ(calls, 6);
}

TEST(CapacitySearch, OnePassesWithoutTryingZeroAndTheCapCanFail) {
  EXPECT_EQ(*find_fewest_replicas(4, 8, [](int) { return true; }).fewest, 1);
  const CapacitySearch none = find_fewest_replicas(4, 20, [](int r) { return r > 100; });
  EXPECT_FALSE(none.fewest.has_value());
  EXPECT_EQ(none.probes.back().replicas, 20);  // 4, 8, 16, then the cap.
  EXPECT_EQ(none.probes.size(), 4U);
  EXPECT_EQ(*find_fewest_replicas(0, 8, [](int r) { return r >= 2; }).fewest, 2);  // Today 0: start at 1.
  EXPECT_THROW(find_fewest_replicas(1, 0, [](int) { return true; }), std::invalid_argument);
}

}  // namespace
}  // namespace drillsim::montecarlo
