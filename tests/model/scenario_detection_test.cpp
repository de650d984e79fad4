// The detection section's names: the alert metrics, as the format spells them.
#include "model/scenario_detection.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace drillsim::model {
namespace {

// The names are the format's "metric" values (docs/detection.md), in the enum's order.
TEST(Names, AlertMetricsHaveTheFormatsNamesInTheEnumsOrder) {
  const std::vector<std::string_view> expected{"error_ratio",      "latency_p95", "memory_utilisation",
                                               "pool_utilisation", "oom_kills",   "restarts"};
  EXPECT_EQ(alert_metric_names(), expected);
  EXPECT_STREQ(to_string(AlertRuleSpec::Metric::ErrorRatio), "error_ratio");
  EXPECT_STREQ(to_string(AlertRuleSpec::Metric::LatencyP95), "latency_p95");
  EXPECT_STREQ(to_string(AlertRuleSpec::Metric::Restarts), "restarts");
}

}  // namespace
}  // namespace drillsim::model
