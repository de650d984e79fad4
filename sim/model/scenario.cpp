#include "model/scenario.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace drillsim::model {

double RateProfile::rate_at(double t_s) const {
  switch (kind) {
    case Kind::Constant:
      return rps;
    case Kind::Steps: {
      double rate = rps;
      for (const auto& step : steps) {
        if (t_s >= step.from_s) rate = step.rps;
      }
      return rate;
    }
    case Kind::Diurnal:
      return std::max(0.0,
                      rps * (1.0 + amplitude * std::cos(2.0 * std::numbers::pi * (t_s - peak_s) / period_s)));
  }
  return rps;
}

double RateProfile::max_rate() const {
  switch (kind) {
    case Kind::Constant:
      return rps;
    case Kind::Steps: {
      double peak = rps;
      for (const auto& step : steps)
        peak = std::max(peak, step.rps);
      return peak;
    }
    case Kind::Diurnal:
      return rps * (1.0 + amplitude);
  }
  return rps;
}

int Scenario::service_index(const std::string& service) const {
  for (std::size_t i = 0; i < services.size(); ++i) {
    if (services[i].name == service) return static_cast<int>(i);
  }
  return -1;
}

const char* to_string(StepSpec::Action action) {
  switch (action) {
    case StepSpec::Action::ShiftTraffic:
      return "shift_traffic";
    case StepSpec::Action::Scale:
      return "scale";
    case StepSpec::Action::Wait:
      return "wait";
    case StepSpec::Action::Verify:
      return "verify";
  }
  return "?";
}

const char* to_string(FaultSpec::Kind kind) {
  switch (kind) {
    case FaultSpec::Kind::BadRelease:
      return "bad_release";
  }
  return "?";
}

}  // namespace drillsim::model
