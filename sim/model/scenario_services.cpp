// The services section's arithmetic (model/scenario_services.hpp): rate profiles, the rollout strategy's
// surge and unavailability, readiness probes.

#include "model/scenario_services.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <numbers>
#include <utility>

namespace drillsim::model {

double RateProfile::rate_at(double t_s) const {
  switch (kind) {
    case Kind::Constant:
      return rps;
    case Kind::Steps: {
      // The last step with from_s <= t_s (from_s increases strictly), found by binary search: a profile of
      // one step per second over a day is asked for every request.
      const auto after = std::upper_bound(steps.begin(), steps.end(), t_s,
                                          [](double t, const Step& step) { return t < step.from_s; });
      return after == steps.begin() ? rps : std::prev(after)->rps;
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

const char* to_string(Routing routing) {
  return routing == Routing::Weights ? "weights" : "pods";
}

const char* to_string(StrategySpec::Kind kind) {
  return kind == StrategySpec::Kind::RollingUpdate ? "RollingUpdate" : "Recreate";
}

double PodSpec::probe_at_or_after(double started_s, double t_s) const {
  const double first_probe = started_s + readiness_initial_delay_s;
  if (t_s <= first_probe) return first_probe;
  // The small tolerance keeps a probe that lands on t_s up to rounding (started 20 + start 20 = probe
  // 40) from slipping a whole period.
  const double periods = std::ceil((t_s - first_probe) / readiness_period_s - 1e-9);
  return first_probe + periods * readiness_period_s;
}

double PodSpec::ready_at(double started_s, double ready_from_s) const {
  return probe_at_or_after(started_s, ready_from_s) +
         static_cast<double>(readiness_success_threshold - 1) * readiness_period_s;
}

int IntOrPercent::resolve(int replicas, bool round_up) const {
  if (!percent) return static_cast<int>(value);
  const double exact = value * static_cast<double>(replicas) / 100.0;
  // Kubernetes computes in integers (intstr.GetScaledValueFromIntOrPercent); the tolerance keeps
  // 25% of 8 at 2 whichever way the double rounds.
  return static_cast<int>(round_up ? std::ceil(exact - 1e-9) : std::floor(exact + 1e-9));
}

std::pair<int, int> StrategySpec::resolve(int replicas) const {
  const int surge = max_surge.resolve(replicas, true);
  int unavailable = max_unavailable.resolve(replicas, false);
  if (surge == 0 && unavailable == 0) unavailable = 1;  // deployment_util.go ResolveFenceposts
  return {surge, unavailable};
}

}  // namespace drillsim::model
