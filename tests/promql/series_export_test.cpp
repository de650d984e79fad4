// The promtool unit-test file and the OpenMetrics text written from a series store: known answers
// for the expanding notation (runs, gaps, staleness markers), the assertions, and the exposition.
#include "promql/series_export.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "promql/unit_test_file.hpp"

namespace drillsim::promql {
namespace {

Labels metric(const std::string& name, Labels rest = {}) {
  rest.emplace_back(kMetricName, name);
  sort_labels(rest);
  return rest;
}

TEST(SeriesExport, PromtoolValuesUseTheExpandingNotationOnTheGrid) {
  SeriesStore store;
  const Labels up = metric("up", {{"job", "api"}, {"instance", "api-0"}});
  // 1 at 0, 10 and 20 s; nothing at 30 and 40 s; a staleness marker at 50 s; 2 at 60 s.
  for (const int t : {0, 10, 20})
    store.append(up, {t * 1000, 1.0});
  store.append(up, {50000, stale_nan()});
  store.append(up, {60000, 2.5});
  // A series that starts late.
  store.append(metric("late"), {20000, 7.0});
  PromtoolTestSpec spec;
  spec.rule_files = {"rules.yml"};
  spec.interval_ms = 10000;
  spec.evaluation_interval_ms = 60000;
  spec.alert_names = {"Down"};
  spec.evaluation_times_ms = {0, 60000};
  spec.firing.push_back({60000, "Down", {{"instance", "api-0"}, {"job", "api"}}, {{"summary", "it's down"}}});
  const std::string text = write_promtool_test(store, spec);
  EXPECT_NE(text.find("      - series: 'late{}'\n        values: '_x2 7'\n"), std::string::npos) << text;
  EXPECT_NE(
      text.find(
          "      - series: 'up{instance=\"api-0\", job=\"api\"}'\n        values: '1x2 _x2 stale 2.5'\n"),
      std::string::npos)
      << text;
  EXPECT_NE(
      text.find(
          "rule_files:\n  - 'rules.yml'\nevaluation_interval: 60000ms\ntests:\n  - interval: 10000ms\n"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("      - eval_time: 0ms\n        alertname: 'Down'\n        exp_alerts: []\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("      - eval_time: 60000ms\n        alertname: 'Down'\n        exp_alerts:\n"
                      "          - exp_labels:\n              instance: 'api-0'\n              job: 'api'\n"
                      "            exp_annotations:\n              summary: 'it''s down'\n"),
            std::string::npos)
      << text;
  // drillsim's own reader of promtool's notation gives the samples back.
  const auto values = expand_series_values("1x2 _x2 stale 2.5");
  ASSERT_EQ(values.size(), 7u);
  EXPECT_EQ(values[2], 1.0);
  EXPECT_FALSE(values[3]);
  EXPECT_FALSE(values[4]);
  EXPECT_TRUE(is_stale_nan(*values[5]));
  EXPECT_EQ(values[6], 2.5);
}

TEST(SeriesExport, APromtoolFileNeedsEverySampleOnTheGrid) {
  SeriesStore store;
  store.append(metric("x"), {15000, 1.0});
  PromtoolTestSpec spec;
  spec.interval_ms = 10000;
  EXPECT_THROW(write_promtool_test(store, spec), std::invalid_argument);
}

TEST(SeriesExport, OpenMetricsHasTimestampsInSecondsAndNoStalenessMarker) {
  SeriesStore store;
  const Labels requests = metric("http_requests_total", {{"code", "500"}, {"service", "a\"b"}});
  store.append(requests, {0, 0.0});
  store.append(requests, {30500, 12.0});
  store.append(metric("up"), {0, 1.0});
  store.append(metric("up"), {30000, stale_nan()});
  EXPECT_EQ(write_openmetrics(store, 1000.0),
            "http_requests_total{code=\"500\",service=\"a\\\"b\"} 0 1000\n"
            "http_requests_total{code=\"500\",service=\"a\\\"b\"} 12 1030.5\n"
            "up 1 1000\n"
            "# EOF\n");
}

}  // namespace
}  // namespace drillsim::promql
