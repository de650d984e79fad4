// A stream's exponential draws taken ahead, a block at a time. Rng::exponential computes one
// logarithm per draw, and in the data plane that logarithm sits on each request's critical path (the
// arrival gap, the service time). Taken a block ahead, the logarithms of a block are computed one after
// the other and independent of each other, so the processor overlaps them.
// The values and their order are exactly those of Rng::exponential on the same stream: the block keeps
// -log(u) of each draw and multiplies by the mean when it is taken, which is the same expression.
#pragma once

#include <array>
#include <cstddef>

#include "model/random.hpp"

namespace drillsim::model {

class ExponentialDraws {
 public:
  // The block owns its stream: any other draw from it would skip numbers the block took ahead.
  explicit ExponentialDraws(const Rng& stream) : rng_(stream) {}

  // The next draw with the given mean: what stream.exponential(mean) would have returned.
  double next(double mean) {
    if (at_ == kBlock) [[unlikely]]
      refill();
    return unit_[at_++] * mean;
  }

  static constexpr std::size_t kBlock = 64;

 private:
  void refill();

  Rng rng_;
  std::size_t at_ = kBlock;
  std::array<double, kBlock> unit_{};  // -log(u) of the block's draws.
};

}  // namespace drillsim::model
