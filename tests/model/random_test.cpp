// Known-answer tests for drillsim's random streams. The expected values were computed by an
// independent implementation of the published algorithms (FNV-1a 64, SplitMix64, xoshiro256**),
// not by this code: a change to the generator, its seeding or its transforms changes every drill's
// numbers, and must show up here first.
#include "model/random.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace drillsim::model {
namespace {

TEST(StableHash, MatchesTheFnv1a64TestVectors) {
  // The FNV-1a 64-bit reference values of the empty string, "a" and "foobar".
  EXPECT_EQ(stable_hash(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(stable_hash("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(stable_hash("foobar"), 0x85944171f73967e8ULL);
  EXPECT_EQ(stable_hash("checkout/arrivals"), 0xb805016f49e50d64ULL);
}

TEST(StableHash, EveryByteCounts) {
  EXPECT_NE(stable_hash("checkout/arrivals"), stable_hash("checkout/arrival"));
  EXPECT_NE(stable_hash(std::string_view("a\0b", 3)), stable_hash(std::string_view("a\0c", 3)));
}

TEST(Rng, FirstOutputsForAFixedSeedAndStream) {
  // State = SplitMix64 from seed ^ FNV-1a(stream); outputs of xoshiro256**.
  Rng rng(1, "checkout/arrivals");
  const std::vector<std::uint64_t> expected = {0xe25ac5adc05b7f70ULL, 0xbbf00ff59ce2c383ULL,
                                               0xd5f223b4a95f6f5dULL, 0x4c532996526a6eeaULL};
  for (const std::uint64_t want : expected)
    EXPECT_EQ(rng.next_u64(), want);
}

TEST(Rng, EmptyStreamNameIsTheSeedItselfHashedWithTheFnvBasis) {
  Rng rng(42, "");
  EXPECT_EQ(rng.next_u64(), 0x4b754824dc9b9a86ULL);
  EXPECT_EQ(rng.next_u64(), 0xf3909741e47d08e3ULL);
  EXPECT_EQ(rng.next_u64(), 0x3ec19ab6530b56f9ULL);
}

TEST(Rng, UniformTakesTheTop53Bits) {
  Rng rng(1, "kat");
  EXPECT_DOUBLE_EQ(rng.uniform(), 0.8993302750198371);
  EXPECT_DOUBLE_EQ(rng.uniform(), 0.7007102244555676);
  EXPECT_DOUBLE_EQ(rng.uniform(), 0.9070485199315648);
}

TEST(Rng, BelowIsLemiresMultiplyShiftOfTheHigh32Bits) {
  Rng rng(1, "kat");
  const std::vector<std::uint32_t> expected = {8, 7, 9, 0, 4};
  for (const std::uint32_t want : expected)
    EXPECT_EQ(rng.below(10), want);
}

TEST(Rng, StreamsWithDifferentNamesOrSeedsDiffer) {
  Rng a(1, "checkout/arrivals");
  Rng b(1, "checkout/service");
  Rng c(2, "checkout/arrivals");
  const std::uint64_t first = a.next_u64();
  EXPECT_NE(first, b.next_u64());
  EXPECT_NE(first, c.next_u64());
}

TEST(Rng, UniformOpen0NeverReturnsZeroAndStaysInRange) {
  Rng rng(3, "open0");
  for (int i = 0; i < 100000; ++i) {
    const double u = rng.uniform_open0();
    ASSERT_GT(u, 0.0);
    ASSERT_LE(u, 1.0);
  }
}

}  // namespace
}  // namespace drillsim::model
