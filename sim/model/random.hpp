// Random streams. drillsim implements its own generator and transforms (xoshiro256** seeded by
// SplitMix64; inverse-CDF and Box-Muller draws) so that a seed gives the same numbers on every
// platform and standard library: the same seed must give a byte-identical report.
#pragma once

#include <cmath>
#include <cstdint>
#include <string_view>

namespace drillsim::model {

class Rng {
 public:
  // A stream is identified by the run's seed and a name ("checkout/arrivals"): streams with
  // different names are independent, and adding a stream never shifts the numbers of another.
  Rng(std::uint64_t seed, std::string_view stream);

  std::uint64_t next_u64() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform on [0, 1), 53 bits.
  double uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

  // Uniform on (0, 1]: safe to take the logarithm of.
  double uniform_open0() { return 1.0 - uniform(); }

  // Uniform integer on [0, n). REQUIRES: n > 0. Lemire's multiply-shift (bias below 2^-32 for the
  // sizes used here: replica and user counts).
  std::uint32_t below(std::uint32_t n) {
    return static_cast<std::uint32_t>(((next_u64() >> 32) * static_cast<std::uint64_t>(n)) >> 32);
  }

  // Exponential with the given mean.
  double exponential(double mean) { return -std::log(uniform_open0()) * mean; }

  // Standard normal (Box-Muller, one of the pair; no hidden state so streams stay reproducible).
  double normal();

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

// FNV-1a, 64 bits: a hash that is the same on every platform (std::hash is not).
std::uint64_t stable_hash(std::string_view text);

}  // namespace drillsim::model
