// How a Monte Carlo study derives each run's seed from its own (docs/monte-carlo.md).
#pragma once

#include <cstdint>

namespace drillsim::montecarlo {

// The seed of run i (0-based) of a study seeded with S: the (i+1)-th output of SplitMix64 started at
// S, i.e. z = S + (i+1) * 0x9E3779B97F4A7C15 (mod 2^64), z = (z ^ z>>30) * 0xBF58476D1CE4E5B9,
// z = (z ^ z>>27) * 0x94D049BB133111EB, z ^ z>>31, then its top 53 bits (z >> 11), so that every seed
// is exact in any JSON reader's doubles and within --seed's range. `drillsim run --seed <that>`
// replays run i alone. Independent of the number of runs, workers and shards.
std::uint64_t run_seed(std::uint64_t study_seed, std::uint64_t run_index);

// The full 64-bit SplitMix64 output, before the shift (for the known-answer test).
std::uint64_t splitmix64_output(std::uint64_t study_seed, std::uint64_t run_index);

}  // namespace drillsim::montecarlo
