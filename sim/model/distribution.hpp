// A probability distribution over non-negative durations, in seconds. Scenario files use it for
// service times, human latencies and step durations ("5-10 minutes" is a range, not a constant).
// Plain value type: sampling takes the caller's random stream, so each actor owns its own.
#pragma once

#include <string>

#include "model/random.hpp"

namespace drillsim::model {

struct Distribution {
  enum class Kind { Fixed, Exponential, Uniform, Triangular, Lognormal };

  Kind kind = Kind::Fixed;
  // Meaning of the parameters by kind (all in seconds except sigma):
  //   Fixed:       a = value
  //   Exponential: a = mean
  //   Uniform:     a = min, b = max
  //   Triangular:  a = min, b = mode, c = max
  //   Lognormal:   a = median (= exp(mu)), b = sigma of the underlying normal (dimensionless)
  double a = 0.0;
  double b = 0.0;
  double c = 0.0;

  static Distribution fixed(double value_s) { return {Kind::Fixed, value_s, 0.0, 0.0}; }
  static Distribution exponential(double mean_s) { return {Kind::Exponential, mean_s, 0.0, 0.0}; }
  static Distribution uniform(double min_s, double max_s) { return {Kind::Uniform, min_s, max_s, 0.0}; }
  static Distribution triangular(double min_s, double mode_s, double max_s) {
    return {Kind::Triangular, min_s, mode_s, max_s};
  }
  static Distribution lognormal(double median_s, double sigma) {
    return {Kind::Lognormal, median_s, sigma, 0.0};
  }

  // Expected value in seconds.
  double mean() const;

  // One draw, in seconds, never negative. Consumes one or two numbers from `rng`.
  double sample(Rng& rng) const;

  // Human-readable form for logs and reports, e.g. "uniform(60 s, 180 s)".
  std::string describe() const;
};

}  // namespace drillsim::model
