// Known answers for each distribution's draws (fixed seed and stream -> fixed first outputs,
// computed by an independent implementation of the same inverse-CDF and Box-Muller transforms),
// and their moments against theory over many draws.
#include "model/distribution.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace drillsim::model {
namespace {

std::vector<double> first_draws(const Distribution& d, std::uint64_t seed, const char* stream, int n) {
  Rng rng(seed, stream);
  std::vector<double> out;
  for (int i = 0; i < n; ++i)
    out.push_back(d.sample(rng));
  return out;
}

void expect_draws(const std::vector<double>& got, const std::vector<double>& want) {
  ASSERT_EQ(got.size(), want.size());
  // Transcendental functions may differ in the last bit between libm versions.
  for (std::size_t i = 0; i < want.size(); ++i)
    EXPECT_NEAR(got[i], want[i], 1e-12 * std::max(1.0, std::abs(want[i]))) << "draw " << i;
}

TEST(Distribution, FixedDrawsItsValueAndConsumesNothing) {
  Rng rng(7, "kat/fixed");
  Rng untouched(7, "kat/fixed");
  EXPECT_EQ(Distribution::fixed(42.5).sample(rng), 42.5);
  EXPECT_EQ(rng.next_u64(), untouched.next_u64());
}

TEST(Distribution, ExponentialKnownAnswers) {
  expect_draws(first_draws(Distribution::exponential(60), 7, "kat/exp", 3),
               {108.5948624502933, 3.3026963194954897, 53.131997180758});
}

TEST(Distribution, UniformKnownAnswers) {
  expect_draws(first_draws(Distribution::uniform(60, 180), 7, "kat/uni", 3),
               {100.94084597448631, 74.32980422594702, 154.25420673709544});
}

TEST(Distribution, TriangularKnownAnswers) {
  expect_draws(first_draws(Distribution::triangular(10, 20, 60), 7, "kat/tri", 3),
               {24.933939935967487, 16.705533876961155, 26.99313901971984});
}

TEST(Distribution, LognormalKnownAnswers) {
  expect_draws(first_draws(Distribution::lognormal(30, 0.5), 7, "kat/logn", 3),
               {13.783379335875965, 17.559829219794874, 23.37995275335136});
}

// Sample means within 5 standard errors of the analytic mean. The seed is fixed, so the test is
// deterministic; 5 standard errors would hold for almost any seed.
TEST(Distribution, SampleMomentsMatchTheory) {
  struct Case {
    Distribution d;
    double variance;
  };
  const double s2 = 0.5 * 0.5;
  const std::vector<Case> cases = {
      {Distribution::exponential(60), 3600},
      {Distribution::uniform(60, 180), 120.0 * 120.0 / 12.0},
      {Distribution::triangular(10, 20, 60),
       (10.0 * 10 + 20.0 * 20 + 60.0 * 60 - 10.0 * 20 - 10.0 * 60 - 20.0 * 60) / 18.0},
      {Distribution::lognormal(30, 0.5), (std::exp(s2) - 1) * 30.0 * 30.0 * std::exp(s2)},
  };
  const int n = 200000;
  for (const Case& c : cases) {
    Rng rng(11, "moments");
    double sum = 0;
    for (int i = 0; i < n; ++i) {
      const double x = c.d.sample(rng);
      ASSERT_GE(x, 0.0) << c.d.describe();
      sum += x;
    }
    const double se = std::sqrt(c.variance / n);
    EXPECT_NEAR(sum / n, c.d.mean(), 5 * se) << c.d.describe();
  }
}

TEST(Distribution, MeanIsTheAnalyticMean) {
  EXPECT_DOUBLE_EQ(Distribution::fixed(3).mean(), 3);
  EXPECT_DOUBLE_EQ(Distribution::exponential(60).mean(), 60);
  EXPECT_DOUBLE_EQ(Distribution::uniform(60, 180).mean(), 120);
  EXPECT_DOUBLE_EQ(Distribution::triangular(10, 20, 60).mean(), 30);
  EXPECT_DOUBLE_EQ(Distribution::lognormal(30, 0.5).mean(), 30 * std::exp(0.125));
}

TEST(Distribution, DescribeNamesKindAndParameters) {
  EXPECT_EQ(Distribution::uniform(60, 180).describe(), "uniform(60 s, 180 s)");
  EXPECT_EQ(Distribution::lognormal(30, 0.5).describe(), "lognormal(median 30 s, sigma 0.5)");
}

}  // namespace
}  // namespace drillsim::model
