#include "model/exponential_draws.hpp"

#include <cmath>

namespace drillsim::model {

void ExponentialDraws::refill() {
  // Rng::exponential's expression without the mean: -log(u) * mean is (-log(u)) * mean.
  for (double& unit : unit_)
    unit = -std::log(rng_.uniform_open0());
  at_ = 0;
}

}  // namespace drillsim::model
