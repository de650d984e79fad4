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

// Largest-triangle-three-buckets by hand: y = 0 1 5 1 0 2 0 at x = 0..6, to 4 points. every = (7-2)/(4-2)
// = 2.5: bucket 0 holds indices [1, 3), bucket 1 [3, 6); the last point (6, 0) is the last bucket.
// Bucket 0, a = (0, 0), next bucket's mean c = ((3+4+5)/3, (1+0+2)/3) = (4, 1); twice the area
// |(ax-cx)(py-ay) - (ax-px)(cy-ay)|: (1, 1): |-4 + 1| = 3; (2, 5): |-20 + 2| = 18 -> (2, 5).
// Bucket 1, a = (2, 5), c = (6, 0): (3, 1): |16 - 5| = 11; (4, 0): |20 - 10| = 10; (5, 2): |12 - 15| = 3
// -> (3, 1). Result: (0, 0), (2, 5), (3, 1), (6, 0).
TEST(Thinning, LargestTriangleThreeBucketsByHand) {
  const std::vector<QPointF> points{{0, 0}, {1, 1}, {2, 5}, {3, 1}, {4, 0}, {5, 2}, {6, 0}};
  const auto out = largest_triangle_three_buckets(points, 4);
  ASSERT_EQ(out.size(), 4);
  EXPECT_EQ(out[0], QPointF(0, 0));
  EXPECT_EQ(out[1], QPointF(2, 5));
  EXPECT_EQ(out[2], QPointF(3, 1));
  EXPECT_EQ(out[3], QPointF(6, 0));
  // Through thin_series, the same: the range [0, 6] holds all 7 samples, over a budget of 4.
  const auto thinned = thin_series({0, 1, 5, 1, 0, 2, 0}, 1.0, 0, 6, 4);
  ASSERT_EQ(thinned.size(), 4);
  EXPECT_EQ(thinned[1], QPointF(2, 5));
  EXPECT_EQ(thinned[2], QPointF(3, 1));
  // Within the budget: unchanged.
  EXPECT_EQ(largest_triangle_three_buckets(points, 7).size(), 7);
}

// Zooming re-thins from the full series: a range of 3,000 seconds out of a million, to 2,000 points,
// keeps a one-second spike inside it that the whole-range thinning cannot show at its own x.
TEST(Thinning, ZoomRethinsFromTheFullSeries) {
  std::vector<double> v(1'000'000);
  for (std::size_t i = 0; i < v.size(); ++i)
    v[i] = static_cast<double>(i % 7);
  v[500'001] = 1000;
  const auto zoomed = thin_series(v, 1.0, 499'000, 502'000, 2000);
  EXPECT_EQ(zoomed.size(), 2000);
  EXPECT_GE(zoomed.front().x(), 498'998);
  EXPECT_LE(zoomed.back().x(), 502'002);
  bool spike = false;
  for (const auto& p : zoomed)
    spike = spike || (p.x() == 500'001 && p.y() == 1000);
  EXPECT_TRUE(spike);
}

TEST(Thinning, EmptyOrInvertedRangeGivesNothing) {
  EXPECT_TRUE(thin_series({}, 1.0, 0, 10, 100).isEmpty());
  EXPECT_TRUE(thin_series({1, 2, 3}, 1.0, 5, 1, 100).isEmpty());
}

}  // namespace
}  // namespace drillsim::gui
