#include "montecarlo/seeds.hpp"

namespace drillsim::montecarlo {

std::uint64_t splitmix64_output(std::uint64_t study_seed, std::uint64_t run_index) {
  std::uint64_t z = study_seed + (run_index + 1) * 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

std::uint64_t run_seed(std::uint64_t study_seed, std::uint64_t run_index) {
  return splitmix64_output(study_seed, run_index) >> 11;
}

}  // namespace drillsim::montecarlo
