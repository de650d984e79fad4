#include "model/distribution.hpp"

#include <cmath>
#include <sstream>

namespace drillsim::model {

double Distribution::mean() const {
  switch (kind) {
    case Kind::Fixed:
    case Kind::Exponential:
      return a;
    case Kind::Uniform:
      return (a + b) / 2.0;
    case Kind::Triangular:
      return (a + b + c) / 3.0;
    case Kind::Lognormal:
      return a * std::exp(b * b / 2.0);
  }
  return a;
}

double Distribution::sample(Rng& rng) const {
  switch (kind) {
    case Kind::Fixed:
      return a;
    case Kind::Exponential:
      return rng.exponential(a);
    case Kind::Uniform:
      return a + (b - a) * rng.uniform();
    case Kind::Triangular: {
      // Inverse CDF of the triangular distribution on [a, c] with mode b.
      const double u = rng.uniform();
      const double span = c - a;
      if (span <= 0.0) return a;
      const double split = (b - a) / span;
      if (u < split) return a + std::sqrt(u * span * (b - a));
      return c - std::sqrt((1.0 - u) * span * (c - b));
    }
    case Kind::Lognormal:
      return a * std::exp(b * rng.normal());
  }
  return a;
}

std::string Distribution::describe() const {
  std::ostringstream out;
  switch (kind) {
    case Kind::Fixed:
      out << a << " s";
      break;
    case Kind::Exponential:
      out << "exponential(mean " << a << " s)";
      break;
    case Kind::Uniform:
      out << "uniform(" << a << " s, " << b << " s)";
      break;
    case Kind::Triangular:
      out << "triangular(" << a << " s, " << b << " s, " << c << " s)";
      break;
    case Kind::Lognormal:
      out << "lognormal(median " << a << " s, sigma " << b << ")";
      break;
  }
  return out.str();
}

}  // namespace drillsim::model
