// The detection section (model/scenario_detection.hpp): the alert metrics' names.

#include "model/scenario_detection.hpp"

#include <iterator>
#include <string_view>
#include <vector>

namespace drillsim::model {

namespace {
constexpr const char* kMetricNames[] = {"error_ratio",      "latency_p95", "memory_utilisation",
                                        "pool_utilisation", "oom_kills",   "restarts"};
}  // namespace

const std::vector<std::string_view>& alert_metric_names() {
  static const std::vector<std::string_view> names(std::begin(kMetricNames), std::end(kMetricNames));
  return names;
}

const char* to_string(AlertRuleSpec::Metric metric) {
  return kMetricNames[static_cast<int>(metric)];
}

}  // namespace drillsim::model
