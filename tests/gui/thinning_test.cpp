#include "gui/thinning.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace drillsim::gui {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

TEST(Thinning, ShortSeriesIsKeptWhole) {
  const std::vector<double> v{3, 1, 4, 1, 5};
  const auto points = thin_series(v, 1.0, 0, 4, 2000);
  ASSERT_EQ(points.size(), 5);
  for (int i = 0; i < 5; ++i) {
    EXPECT_DOUBLE_EQ(points[i].x(), i);  // Second i is plotted at x = i.
    EXPECT_DOUBLE_EQ(points[i].y(), v[static_cast<std::size_t>(i)]);
  }
}

TEST(Thinning, GapsAreLeftOut) {
  const std::vector<double> v{0.1, kNaN, kNaN, 0.4};
  const auto points = thin_series(v, 1.0, 0, 3, 2000);
  ASSERT_EQ(points.size(), 2);
  EXPECT_DOUBLE_EQ(points[1].x(), 3);
}

TEST(Thinning, RangeKeepsOneSampleOnEachSide) {
  std::vector<double> v(100);
  for (std::size_t i = 0; i < v.size(); ++i)
    v[i] = static_cast<double>(i);
  // [10, 20] plus one sample on each side: seconds 9 to 21.
  const auto points = thin_series(v, 1.0, 10, 20, 2000);
  ASSERT_FALSE(points.isEmpty());
  EXPECT_DOUBLE_EQ(points.front().x(), 9);
  EXPECT_DOUBLE_EQ(points.back().x(), 21);
}

TEST(Thinning, MillionSamplesKeepTheirExtremesWithinTheBudget) {
  std::vector<double> v(1'000'000, 1.0);
  v[123'456] = -50;  // A dip and a spike, one second each: both must survive.
  v[654'321] = 100;
  const auto points = thin_series(v, 1.0, 0, 1e6, 2000);
  EXPECT_LE(points.size(), 2000);
  EXPECT_GE(points.size(), 1000);
  bool dip = false;
  bool spike = false;
  for (qsizetype i = 0; i < points.size(); ++i) {
    if (i > 0) {
      EXPECT_GT(points[i].x(), points[i - 1].x());
    }
    dip = dip || (points[i].x() == 123'456 && points[i].y() == -50);
    spike = spike || (points[i].x() == 654'321 && points[i].y() == 100);
  }
  EXPECT_TRUE(dip);
  EXPECT_TRUE(spike);
}

TEST(Thinning, BucketsOfGapsContributeNothing) {
  std::vector<double> v(10'000, kNaN);
  v[5000] = 2;
  const auto points = thin_series(v, 1.0, 0, 10'000, 100);
  ASSERT_EQ(points.size(), 1);  // Min and max are the same sample: one point.
  EXPECT_DOUBLE_EQ(points[0].x(), 5000);
}

TEST(Thinning, EmptyOrInvertedRangeGivesNothing) {
  EXPECT_TRUE(thin_series({}, 1.0, 0, 10, 100).isEmpty());
  EXPECT_TRUE(thin_series({1, 2, 3}, 1.0, 5, 1, 100).isEmpty());
}

}  // namespace
}  // namespace drillsim::gui
