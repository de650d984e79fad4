#include "report/alert_series.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace drillsim::report {
namespace {

TEST(AlertSeries, RecordingKeepsTheFirstEvaluationAndEachChange) {
  model::SignalRecord signal;
  signal.add_value({}, 60, std::nullopt);
  signal.add_value({}, 120, std::nullopt);  // No value again: no point.
  signal.add_value({}, 180, 0.0);
  signal.add_value({}, 240, 0.0);  // Same value: no point.
  signal.add_value({}, 300, 0.25);
  signal.add_value({}, 360, std::numeric_limits<double>::quiet_NaN());  // NaN is no value.
  ASSERT_EQ(signal.values.size(), 1U);
  const auto& s = signal.values.front();
  EXPECT_EQ(s.t_s, (std::vector<double>{60, 180, 300, 360}));
  ASSERT_EQ(s.value.size(), 4U);
  EXPECT_FALSE(s.value[0]);
  EXPECT_EQ(s.value[1], 0.0);
  EXPECT_EQ(s.value[2], 0.25);
  EXPECT_FALSE(s.value[3]);
  EXPECT_FALSE(signal.values_truncated);

  // The step function: before the first point nothing; then the latest point's value.
  EXPECT_FALSE(value_at(s, 59.9));
  EXPECT_FALSE(value_at(s, 120));
  EXPECT_EQ(value_at(s, 240), 0.0);
  EXPECT_EQ(value_at(s, 300), 0.25);
  EXPECT_EQ(value_at(s, 359), 0.25);
  EXPECT_FALSE(value_at(s, 1000));
}

TEST(AlertSeries, OneSeriesPerLabelSetAndBoundedSize) {
  model::SignalRecord signal;
  signal.add_value({{"pod", "a"}}, 0, 1.0);
  signal.add_value({{"pod", "b"}}, 0, 2.0);
  signal.add_value({{"pod", "a"}}, 60, 3.0);
  ASSERT_EQ(signal.values.size(), 2U);
  EXPECT_EQ(signal.values[0].t_s, (std::vector<double>{0, 60}));
  EXPECT_EQ(signal.values[1].t_s, (std::vector<double>{0}));

  // Past kMaxValueSeries label sets, the others are left out and the record says so.
  for (std::size_t i = 0; i < model::SignalRecord::kMaxValueSeries; ++i)
    signal.add_value({{"pod", "p" + std::to_string(i)}}, 0, 1.0);
  EXPECT_EQ(signal.values.size(), model::SignalRecord::kMaxValueSeries);
  EXPECT_TRUE(signal.values_truncated);

  // Past kMaxValuePoints points, a series stops.
  model::SignalRecord changing;
  for (std::size_t i = 0; i < model::SignalRecord::kMaxValuePoints + 10; ++i)
    changing.add_value({}, static_cast<double>(i), static_cast<double>(i % 2));
  EXPECT_EQ(changing.values.front().t_s.size(), model::SignalRecord::kMaxValuePoints);
  EXPECT_TRUE(changing.values_truncated);
}

TEST(AlertSeries, ComparisonsArePromQLs) {
  EXPECT_TRUE(meets(">", 0.05000000000000001, 0.05));
  EXPECT_FALSE(meets(">", 0.05, 0.05));
  EXPECT_TRUE(meets(">=", 0.05, 0.05));
  EXPECT_TRUE(meets("<", 1, 2));
  EXPECT_FALSE(meets("<=", 3, 2));
  EXPECT_TRUE(meets("==", 2, 2));
  EXPECT_TRUE(meets("!=", 1, 2));
  EXPECT_FALSE(meets("", 1, 0));
  EXPECT_FALSE(meets(">", std::nan(""), 0));
}

TEST(AlertSeries, SpansFromStateChanges) {
  model::SignalRecord signal;
  signal.alerts.push_back({{}, {{"pending", 600}, {"firing", 780}, {"resolved", 1200}, {"pending", 1500}}});
  signal.alerts.push_back({{{"pod", "b"}}, {{"pending", 660}, {"inactive", 720}}});
  const auto spans = alert_spans(signal, 1800);
  ASSERT_EQ(spans.size(), 4U);
  EXPECT_EQ(spans[0].start_s, 600);
  EXPECT_EQ(spans[0].end_s, 780);
  EXPECT_FALSE(spans[0].firing);
  EXPECT_EQ(spans[1].start_s, 660);
  EXPECT_EQ(spans[1].end_s, 720);
  EXPECT_EQ(spans[2].start_s, 780);
  EXPECT_EQ(spans[2].end_s, 1200);
  EXPECT_TRUE(spans[2].firing);
  EXPECT_EQ(spans[3].start_s, 1500);  // Still pending when the drill ended.
  EXPECT_EQ(spans[3].end_s, 1800);
}

}  // namespace
}  // namespace drillsim::report
