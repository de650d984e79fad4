// The drill's result: a series sized to the drill's seconds starts empty (no request, no latency:
// percentiles NaN, never 0), and step statuses have the report's names.
#include "model/drill_result.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace drillsim::model {
namespace {

TEST(SecondSeries, ResizeGivesEmptySecondsWithNoLatency) {
  SecondSeries s;
  s.resize(3);
  EXPECT_EQ(s.size(), 3u);
  for (std::size_t k = 0; k < 3; ++k) {
    EXPECT_EQ(s.requests[k], 0u);
    EXPECT_EQ(s.errors[k], 0u);
    EXPECT_EQ(s.slow[k], 0u);
    EXPECT_EQ(s.ready[k], 0);
    EXPECT_TRUE(std::isnan(s.p50_s[k]));
    EXPECT_TRUE(std::isnan(s.p95_s[k]));
    EXPECT_TRUE(std::isnan(s.p99_s[k]));
  }
  EXPECT_EQ(s.latency_sum_s, 0.0);
  EXPECT_TRUE(std::isnan(s.whole_run.mean_s));
}

TEST(SecondSeries, ResizeClearsWhatWasCounted) {
  SecondSeries s;
  s.resize(2);
  s.requests[1] = 7;
  s.p95_s[1] = 0.25;
  s.ready[0] = 4;
  s.latency_sum_s = 1.5;
  s.resize(4);
  EXPECT_EQ(s.size(), 4u);
  EXPECT_EQ(s.requests[1], 0u);
  EXPECT_TRUE(std::isnan(s.p95_s[1]));
  EXPECT_EQ(s.ready[0], 0);
  EXPECT_EQ(s.latency_sum_s, 0.0);
  EXPECT_EQ(s.errors.size(), 4u);
  EXPECT_EQ(s.p99_s.size(), 4u);
}

TEST(StepOutcome, StatusNames) {
  EXPECT_STREQ(to_string(StepOutcome::Status::Completed), "completed");
  EXPECT_STREQ(to_string(StepOutcome::Status::Failed), "failed");
  EXPECT_STREQ(to_string(StepOutcome::Status::NotRun), "not_run");
  EXPECT_STREQ(to_string(StepOutcome::Status::Interrupted), "interrupted");
}

}  // namespace
}  // namespace drillsim::model
