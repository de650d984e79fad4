#include "montecarlo/seeds.hpp"

#include <gtest/gtest.h>

#include <set>

namespace drillsim::montecarlo {
namespace {

// SplitMix64 started at 0: its first three outputs are the reference implementation's published test
// vector (Vigna's splitmix64.c).
TEST(Seeds, SplitMix64MatchesTheReferenceOutputs) {
  EXPECT_EQ(splitmix64_output(0, 0), 0xE220A8397B1DCDAFULL);
  EXPECT_EQ(splitmix64_output(0, 1), 0x6E789E6AA1B965F4ULL);
  EXPECT_EQ(splitmix64_output(0, 2), 0x06C45D188009454FULL);
}

TEST(Seeds, RunSeedIsTheTop53Bits) {
  EXPECT_EQ(run_seed(0, 0), 0xE220A8397B1DCDAFULL >> 11);
  for (std::uint64_t i = 0; i < 1000; ++i)
    EXPECT_LT(run_seed(12345, i), 1ULL << 53);
}

TEST(Seeds, DistinctAcrossRunsAndStudies) {
  std::set<std::uint64_t> seen;
  for (std::uint64_t s = 1; s <= 3; ++s)
    for (std::uint64_t i = 0; i < 10000; ++i)
      seen.insert(run_seed(s, i));
  EXPECT_EQ(seen.size(), 30000U);
}

}  // namespace
}  // namespace drillsim::montecarlo
