// Detection (io/load_detection.cpp): alerts, probes and the other signals, Alertmanager, rule files.
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "io/input_error.hpp"
#include "io/scenario_loader.hpp"
#include "scenario_text.hpp"

namespace drillsim::io {
namespace {

using namespace scenario_text;  // NOLINT(google-build-using-namespace): the shared scenario texts.
using model::Distribution;
using model::RateProfile;
using model::StepSpec;
using model::Version;

const fs::path kData = DRILLSIM_TEST_DATA;

TEST(ParseScenario, AlertRulesReadPrometheusDurationsAndUnitThresholds) {
  const auto s = parse_scenario(scenario_with(R"("alerts": [
      {"name": "Errors", "service": "checkout", "window": "5m", "threshold": "5%", "for": "5m",
       "keep_firing_for": "10m", "evaluation_interval": "30s"},
      {"name": "Slow", "service": "checkout", "metric": "latency_p95", "threshold": "200ms", "for": "10m"},
      {"name": "OOM", "service": "checkout", "metric": "oom_kills", "window": "5m", "threshold": 3}],
      "alertmanager": {"group_wait": "30s", "group_interval": "5m", "repeat_interval": "4h"})"),
                                "t");
  ASSERT_EQ(s.alerts.size(), 3u);
  EXPECT_DOUBLE_EQ(s.alerts[0].window_s, 300.0);
  EXPECT_DOUBLE_EQ(s.alerts[0].threshold, 0.05);
  EXPECT_DOUBLE_EQ(s.alerts[0].for_s, 300.0);
  EXPECT_DOUBLE_EQ(s.alerts[0].keep_firing_for_s, 600.0);
  EXPECT_DOUBLE_EQ(s.alerts[0].evaluation_interval_s, 30.0);
  EXPECT_DOUBLE_EQ(s.alerts[1].threshold, 0.2);
  EXPECT_DOUBLE_EQ(s.alerts[1].for_s, 600.0);
  EXPECT_EQ(s.alerts[2].metric, model::AlertRuleSpec::Metric::OomKills);
  EXPECT_DOUBLE_EQ(s.alerts[2].threshold, 3.0);
  EXPECT_DOUBLE_EQ(s.alertmanager.group_interval_s, 300.0);
  EXPECT_DOUBLE_EQ(s.alertmanager.repeat_interval_s, 14400.0);
}

TEST(ParseScenario, AlertDefaults) {
  const auto s = parse_scenario(
      scenario_with(R"("alert": {"name": "HighErrors", "service": "search", "threshold": 0.1})"), "t");
  ASSERT_EQ(s.alerts.size(), 1u);
  EXPECT_EQ(s.alerts[0].service, "search");
  EXPECT_DOUBLE_EQ(s.alerts[0].threshold, 0.1);
  EXPECT_DOUBLE_EQ(s.alerts[0].window_s, 300.0);
  EXPECT_DOUBLE_EQ(s.alerts[0].for_s, 0.0);  // Prometheus's default `for`, not the model's 300
  EXPECT_DOUBLE_EQ(s.alerts[0].evaluation_interval_s, 60.0);
  EXPECT_DOUBLE_EQ(s.alerts[0].evaluation_offset_s, 0.0);
  EXPECT_DOUBLE_EQ(s.alerts[0].scrape_interval_s, 60.0);  // Prometheus's default scrape_interval
  EXPECT_DOUBLE_EQ(s.alerts[0].scrape_offset_s, 0.0);
}

TEST(ParseScenario, LatencyRuleTakesAThresholdInSeconds) {
  const auto s = parse_scenario(
      scenario_with(
          R"("alert": {"name": "Slow", "service": "search", "metric": "latency_p95", "threshold": 2.5})"),
      "t");
  EXPECT_EQ(s.alerts[0].metric, model::AlertRuleSpec::Metric::LatencyP95);
  EXPECT_DOUBLE_EQ(s.alerts[0].threshold, 2.5);
  // The same threshold is no error ratio.
  EXPECT_THROW(
      parse_scenario(scenario_with(R"("alert": {"name": "E", "service": "search", "threshold": 2.5})"), "t"),
      InputError);
}

TEST(ParseScenario, ScrapeKeysAreRead) {
  const auto s = parse_scenario(
      scenario_with(R"("alert": {"name": "E", "service": "search", "threshold": 0.1, "scrape_interval_s": 15,
                                "scrape_offset_s": 7})"),
      "t");
  EXPECT_DOUBLE_EQ(s.alerts[0].scrape_interval_s, 15.0);
  EXPECT_DOUBLE_EQ(s.alerts[0].scrape_offset_s, 7.0);
}

TEST(ScenarioLimits, EvaluationIntervalIsAtLeastOneSecond) {
  const auto e = scenario_error(scenario_with(
      R"("alerts": [{"name": "E", "service": "checkout", "threshold": 0.1, "evaluation_interval_s": 1e-6}])"));
  EXPECT_EQ(e.where(), "/alerts/0/evaluation_interval_s");
  EXPECT_EQ(e.problem(), "expected a number >= 1, found 1e-06");
}

constexpr const char* kRules = R"(groups:
  - name: g
    rules:
      - alert: CheckoutErrors
        expr: sum(rate(http_requests_total{code="500", service="checkout"}[5m])) > 1
        labels:
          service: checkout
      - alert: CheckoutErrors
        expr: up{job="checkout"} == 0
      - alert: Absent
        expr: absent(up{job="search"})
)";

TEST(RuleFiles, AreReadRelativeToTheScenarioWithTheirAlertNamesAndMappings) {
  TempDir dir;
  fs::create_directories(dir.path / "rules");
  write_file(dir.path / "rules" / "slo.yml", kRules);
  write_file(
      dir.path / "s.json",
      scenario_with(
          R"("fault": {"kind": "bad_release", "service": "search", "at_s": 60, "error_probability": 0.5},
                              "detection": {"rule_files": ["rules/slo.yml"], "scrape_interval": "15s",
                                            "scrape_offset_s": 5, "evaluation_interval_s": 30,
                                            "metric_names": {"http_requests_total": "app_requests_total"},
                                            "label_names": {"service": "app"},
                                            "histogram_buckets": {"checkout": [0.1, 0.5, 2.5]}})"));
  const auto s = load_scenario(dir.path / "s.json");
  ASSERT_TRUE(s.rule_files);
  const auto& r = *s.rule_files;
  ASSERT_EQ(r.files.size(), 1u);
  EXPECT_EQ(r.files[0].name, "rules/slo.yml");
  EXPECT_EQ(r.files[0].text, kRules);
  EXPECT_EQ(r.scrape_interval_s, 15.0);
  EXPECT_EQ(r.scrape_offset_s, 5.0);
  EXPECT_EQ(r.evaluation_interval_s, 30.0);
  // One signal per alert name; the service label names the watched service, else the fault's.
  EXPECT_EQ(r.alert_names, (std::vector<std::string>{"CheckoutErrors", "Absent"}));
  EXPECT_EQ(r.alert_services, (std::vector<std::string>{"checkout", "search"}));
  EXPECT_EQ(r.metric_names[0],
            (std::pair<std::string, std::string>{"http_requests_total", "app_requests_total"}));
  EXPECT_EQ(r.label_names[0], (std::pair<std::string, std::string>{"service", "app"}));
  EXPECT_EQ(r.histogram_buckets[0].second, (std::vector<double>{0.1, 0.5, 2.5}));
}

constexpr const char* kAlertmanagerYml = R"(route:
  receiver: pager
  routes:
    - matchers: ['severity="warning"']
      receiver: chat
receivers:
  - name: pager
  - name: chat
)";

TEST(AlertmanagerConfig, IsReadRelativeToTheScenarioWithItsReceiversTiers) {
  TempDir dir;
  write_file(dir.path / "am.yml", kAlertmanagerYml);
  write_file(
      dir.path / "s.json",
      scenario_with(R"("alertmanager": {"config": "am.yml", "receivers": {"pager": "lead", "chat": null}},
                              "responder": {"ack": 60, "assess": 60, "escalation": [{"name": "lead", "ack": 30}]})"));
  const auto s = load_scenario(dir.path / "s.json");
  ASSERT_TRUE(s.alertmanager.config);
  EXPECT_EQ(s.alertmanager.config->name, "am.yml");
  EXPECT_EQ(s.alertmanager.config->text, kAlertmanagerYml);
  ASSERT_EQ(s.alertmanager.receivers.size(), 2u);
  EXPECT_EQ(s.alertmanager.receivers[0].first, "pager");
  EXPECT_EQ(s.alertmanager.receivers[0].second, std::optional<std::string>("lead"));
  EXPECT_EQ(s.alertmanager.receivers[1].first, "chat");
  EXPECT_EQ(s.alertmanager.receivers[1].second, std::nullopt);
}

TEST(AlertmanagerConfig, BadConfigsAndReceiversAreErrors) {
  TempDir dir;
  write_file(dir.path / "am.yml", kAlertmanagerYml);
  write_file(dir.path / "bad.yml",
             "route:\n  receiver: pager\n  group_wait: soon\nreceivers:\n  - name: pager\n");
  const auto error_of = [&](const std::string& members) {
    write_file(dir.path / "s.json", scenario_with(members));
    try {
      load_scenario(dir.path / "s.json");
    } catch (const InputError& error) {
      return error.where() + ": " + error.problem();
    }
    return std::string("no error");
  };
  EXPECT_EQ(error_of(R"("alertmanager": {"config": "am.yml", "receivers": {"pager": "nobody-here"}})"),
            "/alertmanager/receivers/pager: no responder tier \"nobody-here\" (the responder's name or an "
            "escalation tier's)");
  EXPECT_EQ(error_of(R"("alertmanager": {"config": "am.yml", "receivers": {"pagr": "on-call"}})"),
            "/alertmanager/receivers/pagr: the Alertmanager config has no receiver \"pagr\"");
  EXPECT_EQ(error_of(R"("alertmanager": {"config": "am.yml", "receivers": {"chat": null}})"),
            "/alertmanager: no receiver pages anyone: map a receiver of the config to a responder tier in "
            "\"receivers\"");
  EXPECT_EQ(
      error_of(
          R"("alertmanager": {"config": "am.yml", "group_wait": "10s", "receivers": {"pager": "on-call"}})"),
      "/alertmanager/group_wait: with a \"config\", the route tree sets the intervals: remove "
      "\"group_wait\"");
  EXPECT_EQ(error_of(R"("alertmanager": {"receivers": {"pager": "on-call"}})"),
            "/alertmanager/receivers: receivers need an Alertmanager \"config\"");
  EXPECT_EQ(error_of(R"("alertmanager": {"config": "../am.yml", "receivers": {"pager": "on-call"}})"),
            "/alertmanager/config: the Alertmanager config \"../am.yml\" must be a relative path inside the "
            "scenario's directory (no leading \"/\", no \"..\")");
  EXPECT_EQ(error_of(R"("alertmanager": {"config": "bad.yml", "receivers": {"pager": "on-call"}})"),
            "/alertmanager/config: the Alertmanager config bad.yml:3:15: group_wait: not a valid duration: "
            "\"soon\"");
  EXPECT_EQ(error_of(R"("alertmanager": {"config": "am.yml", "receivers": {"pager": "on-call"}})"),
            "no error");
}

TEST(RuleFiles, ErrorsNameTheFileLineAndColumn) {
  TempDir dir;
  write_file(dir.path / "bad.yml",
             "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: rate(x[5m] > 0\n");
  write_file(dir.path / "s.json", scenario_with(R"("detection": {"rule_files": ["bad.yml"]})"));
  try {
    load_scenario(dir.path / "s.json");
    FAIL() << "no InputError";
  } catch (const InputError& error) {
    EXPECT_EQ(error.where(), "/detection/rule_files/0");
    EXPECT_EQ(error.problem().rfind("the rule file bad.yml:5:", 0), 0u) << error.problem();
  }
}

TEST(RuleFiles, BadDetectionSectionsAreErrors) {
  TempDir dir;
  write_file(dir.path / "slo.yml", kRules);
  const auto error_of = [&](const std::string& detection) {
    write_file(dir.path / "s.json", scenario_with(R"("detection": )" + detection));
    try {
      load_scenario(dir.path / "s.json");
    } catch (const InputError& error) {
      return error.where() + ": " + error.problem();
    }
    return std::string("no error");
  };
  EXPECT_EQ(
      error_of(R"({"rule_files": ["../slo.yml"]})"),
      "/detection/rule_files/0: the rule file \"../slo.yml\" must be a relative path inside the scenario's "
      "directory (no leading \"/\", no \"..\")");
  EXPECT_EQ(
      error_of(R"({"rule_files": ["missing.yml"]})")
          .rfind("/detection/rule_files/0: cannot read the rule file \"missing.yml\": cannot read file:", 0),
      0u);
  EXPECT_EQ(error_of(R"({"rule_files": ["slo.yml"], "metric_names": {"requests": "x"}})")
                .rfind("/detection/metric_names/requests:", 0),
            0u);
  EXPECT_EQ(error_of(R"({"rule_files": ["slo.yml"], "label_names": {"service": "1app"}})"),
            "/detection/label_names/service: \"1app\" is not a Prometheus name ([a-zA-Z_:][a-zA-Z0-9_:]*)");
  EXPECT_EQ(error_of(R"({"rule_files": ["slo.yml"], "histogram_buckets": {"checkout": [0.2]}})"),
            "/detection/histogram_buckets/checkout/0: a bound must be one the engine records: 0.005, 0.01, "
            "0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10");
  EXPECT_EQ(error_of(R"({"rule_files": ["slo.yml"], "scrape_offset_s": 60})"),
            "/detection/scrape_offset_s: expected a whole number of seconds in [0, scrape interval)");
  write_file(
      dir.path / "s.json",
      scenario_with(
          R"("probes": [{"name": "Absent", "service": "search"}], "detection": {"rule_files": ["slo.yml"]})"));
  try {
    load_scenario(dir.path / "s.json");
    FAIL() << "no InputError";
  } catch (const InputError& error) {
    EXPECT_EQ(error.where(), "/detection/rule_files");
    EXPECT_EQ(error.problem(),
              "the rule files' alert \"Absent\" has the name of the signal at /probes/0; signal names must "
              "be unique");
  }
}

}  // namespace
}  // namespace drillsim::io
