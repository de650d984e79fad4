// ExponentialDraws must give the very numbers of Rng::exponential on the same stream (a seed's drills
// must not change when the data plane draws through it): compared bit for bit over several blocks,
// with the mean changing between draws as the arrival gap's does with the rate factor.
#include "model/exponential_draws.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <cstdint>

namespace drillsim::model {
namespace {

TEST(ExponentialDraws, SameNumbersAsTheStreamItselfAcrossBlocks) {
  for (const std::uint64_t seed : {1ULL, 7ULL, 123456789ULL}) {
    Rng direct(seed, "svc0/arrivals");
    ExponentialDraws drawn(Rng(seed, "svc0/arrivals"));
    const double means[] = {0.005, 1.0 / 36.363636364, 1.0, 300.0};
    for (std::size_t i = 0; i < 5 * ExponentialDraws::kBlock + 3; ++i) {
      const double mean = means[(i * 7) % 4];
      const double want = direct.exponential(mean);
      ASSERT_EQ(drawn.next(mean), want) << "seed " << seed << ", draw " << i;
    }
  }
}

TEST(ExponentialDraws, TheFirstDrawIsTheStreamsFirstUniform) {
  // Known answer by hand: the stream's first output 0xe25ac5adc05b7f70 (random_test) gives
  // u = (0xe25ac5adc05b7f70 >> 11) * 2^-53, and the draw -log(1 - u) with mean 1.
  const double u = static_cast<double>(0xe25ac5adc05b7f70ULL >> 11) * 0x1.0p-53;
  ExponentialDraws drawn(Rng(1, "checkout/arrivals"));
  EXPECT_DOUBLE_EQ(drawn.next(1.0), -std::log(1.0 - u));
  EXPECT_GT(drawn.next(2.0), 0.0);
}

TEST(ExponentialDraws, DifferentStreamsDiffer) {
  ExponentialDraws a(Rng(1, "svc0/arrivals"));
  ExponentialDraws b(Rng(1, "svc1/arrivals"));
  EXPECT_NE(a.next(1.0), b.next(1.0));
}

}  // namespace
}  // namespace drillsim::model
