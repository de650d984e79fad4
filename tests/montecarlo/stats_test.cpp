#include "montecarlo/stats.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace drillsim::montecarlo {
namespace {

// 8 of 10, 95 %: z = 1.9599640, z^2 = 3.8414588, p = 0.8; centre = (p + z^2/2n) / (1 + z^2/n) =
// 0.9920729 / 1.3841459 = 0.7167402; half = z / (1 + z^2/n) * sqrt(p(1-p)/n + z^2/4n^2) =
// 1.4160018 * 0.1600123 = 0.2265777; so 0.4901625 to 0.9433178 (statsmodels' proportion_confint
// with method="wilson" prints 0.4902, 0.9433).
TEST(Stats, WilsonKnownAnswer) {
  const Interval i = wilson_interval(8, 10);
  EXPECT_NEAR(i.lo, 0.4901625, 1e-6);
  EXPECT_NEAR(i.hi, 0.9433178, 1e-6);
}

// R's binom.test(8, 10)$conf.int: 0.4439045 0.9747893.
TEST(Stats, ClopperPearsonKnownAnswer) {
  const Interval i = clopper_pearson_interval(8, 10);
  EXPECT_NEAR(i.lo, 0.4439045, 1e-7);
  EXPECT_NEAR(i.hi, 0.9747893, 1e-7);
}

// k = 0: the upper bound solves (1 - p)^n = alpha/2, p = 1 - 0.025^(1/10); symmetric for k = n.
TEST(Stats, ClopperPearsonAtTheEdges) {
  const Interval none = clopper_pearson_interval(0, 10);
  EXPECT_EQ(none.lo, 0.0);
  EXPECT_NEAR(none.hi, 1.0 - std::pow(0.025, 0.1), 1e-12);
  const Interval all = clopper_pearson_interval(10, 10);
  EXPECT_NEAR(all.lo, std::pow(0.025, 0.1), 1e-12);
  EXPECT_EQ(all.hi, 1.0);
}

TEST(Stats, WilsonStaysInsideZeroOne) {
  const Interval all = wilson_interval(10, 10);
  EXPECT_LE(all.hi, 1.0);
  EXPECT_GT(all.lo, 0.69);  // 10 / (10 + z^2) = 0.7225.
  EXPECT_NEAR(all.lo, 10.0 / (10.0 + 1.959964 * 1.959964), 1e-6);
}

TEST(Stats, RejectsImpossibleCounts) {
  EXPECT_THROW(wilson_interval(3, 2), std::invalid_argument);
  EXPECT_THROW(clopper_pearson_interval(0, 0), std::invalid_argument);
}

// Type 7: h = (n - 1) p; {1, 2, 3, 4}: p50 -> h = 1.5 -> 2.5; p90 -> h = 2.7 -> 3.7.
TEST(Stats, QuantileInterpolatesLinearly) {
  const std::vector<double> v{1, 2, 3, 4};
  EXPECT_DOUBLE_EQ(quantile(v, 0.5), 2.5);
  EXPECT_DOUBLE_EQ(quantile(v, 0.9), 3.7);
  EXPECT_DOUBLE_EQ(quantile(v, 0.0), 1.0);
  EXPECT_DOUBLE_EQ(quantile(v, 1.0), 4.0);
  EXPECT_DOUBLE_EQ(quantile({7}, 0.95), 7.0);
}

TEST(Stats, HistogramPutsTheMaximumInTheLastBin) {
  const Histogram h = histogram({0, 1, 2, 3, 4}, 2);
  EXPECT_EQ(h.lo, 0.0);
  EXPECT_EQ(h.hi, 4.0);
  EXPECT_EQ(h.counts, (std::vector<std::uint64_t>{2, 3}));
  EXPECT_EQ(histogram({5, 5, 5}, 20).counts, std::vector<std::uint64_t>{3});
}

TEST(Stats, AverageRanksShareTies) {
  EXPECT_EQ(average_ranks({5, 6, 7, 8, 7}), (std::vector<double>{1, 2, 3.5, 5, 3.5}));
}

// y's ranks {1, 2, 3.5, 5, 3.5} against 1..5: sxy = 8, sxx = 10, syy = 9.5, rho = 8 / sqrt(95).
TEST(Stats, SpearmanKnownAnswer) {
  EXPECT_NEAR(spearman({1, 2, 3, 4, 5}, {5, 6, 7, 8, 7}), 8.0 / std::sqrt(95.0), 1e-12);
  EXPECT_DOUBLE_EQ(spearman({1, 2, 3, 4}, {1, 8, 27, 64}), 1.0);
  EXPECT_DOUBLE_EQ(spearman({1, 2, 3, 4}, {4, 3, 2, 1}), -1.0);
  EXPECT_TRUE(std::isnan(spearman({1, 1, 1, 1}, {1, 2, 3, 4})));
}

// y = x over 1..8 in two classes {1..4}, {5..8}: class means 2.5 and 6.5 around 4.5, between =
// 4 * 4 + 4 * 4 = 32, total = sum (x - 4.5)^2 = 42, eta^2 = 32 / 42. A step function of the class: 1.
TEST(Stats, CorrelationRatioKnownAnswer) {
  const std::vector<double> x{3, 1, 4, 2, 8, 6, 5, 7};
  EXPECT_NEAR(correlation_ratio(x, x, 2), 32.0 / 42.0, 1e-12);
  std::vector<double> step;
  for (const double v : x)
    step.push_back(v > 4 ? 1.0 : 0.0);
  EXPECT_NEAR(correlation_ratio(x, step, 2), 1.0, 1e-12);
  EXPECT_TRUE(std::isnan(correlation_ratio(x, std::vector<double>(8, 2.0), 2)));
}

// A non-monotone effect that Spearman misses and the correlation ratio sees: y = (x - 4.5)^2.
TEST(Stats, CorrelationRatioSeesWhatRankCorrelationMisses) {
  std::vector<double> x;
  std::vector<double> y;
  for (int i = 1; i <= 8; ++i) {
    x.push_back(i);
    y.push_back((i - 4.5) * (i - 4.5));
  }
  // Classes {1,2} {3,4} {5,6} {7,8}: means 9.25, 1.25, 1.25, 9.25 around 5.25; between = 2 * 4 * 16 =
  // 128, total = 2 * (49 + 1 + 9 + 25) = 168.
  EXPECT_NEAR(spearman(x, y), 0.0, 1e-12);
  EXPECT_NEAR(correlation_ratio(x, y, 4), 128.0 / 168.0, 1e-12);
}

}  // namespace
}  // namespace drillsim::montecarlo
