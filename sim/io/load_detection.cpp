// Detection (docs/detection.md): alert rules, probes, smoke tests, complaints, integrity checks (every
// signal's name unique), Alertmanager's intervals or its configuration file and receivers, and the
// team's Prometheus rule files.

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "io/json_reader.hpp"
#include "io/scenario_reading.hpp"
#include "io/units.hpp"
#include "promql/alertmanager.hpp"
#include "promql/rule_file.hpp"
#include "promql/yaml.hpp"
#include "schema/description.hpp"

namespace drillsim::io::detail {

namespace {

constexpr double kMinIntervalS = 1.0;  // An alert's evaluation interval.

// A duration given as `<key>_s` (seconds) or `<key>` (a Prometheus duration string: "5m", "1h30m",
// "90s", "500ms"), not both.
double read_duration(const JsonReader& r, std::string_view key, double fallback, const Range& range) {
  const std::string seconds_key = std::string(key) + "_s";
  if (r.has(key) && r.has(seconds_key)) {
    r.at(key, "").fail("give either \"" + std::string(key) + "\" or \"" + seconds_key + "\", not both");
  }
  if (r.has(seconds_key)) return r.number(seconds_key, range);
  const auto field = r.find(key);
  if (!field) return fallback;
  const char* expected = "a Prometheus duration such as \"30s\", \"5m\" or \"1h30m\"";
  if (!field->json().is_string()) field->fail_expected(expected);
  const auto value = parse_prometheus_duration(field->json().get<std::string>());
  if (!value) field->fail("unparsable duration " + describe_found(field->json()) + "; expected " + expected);
  if (!range.contains(*value)) field->fail_expected(range.describe("a duration of"));
  return *value;
}

// read_duration with the description's default: `path` is the seconds key's ("alerts/[]/window_s").
double read_duration_described(const JsonReader& r, std::string_view path, const Range& range) {
  const std::string_view seconds_key = key_of(path);
  return read_duration(r, seconds_key.substr(0, seconds_key.size() - 2),
                       schema::default_number(schema::Format::Scenario, path), range);
}

// The rule's threshold: a number, or a string with a unit: "5%" (a ratio), "200ms" / "0.2s" (seconds).
double read_threshold(const JsonReader& r, model::AlertRuleSpec::Metric metric) {
  using Metric = model::AlertRuleSpec::Metric;
  const bool ratio = metric == Metric::ErrorRatio || metric == Metric::MemoryUtilisation ||
                     metric == Metric::PoolUtilisation;
  const char* expected = metric == Metric::LatencyP95 ? "a number of seconds > 0, or a string like \"200ms\""
                         : ratio                      ? "a ratio in [0, 1], or a percentage like \"5%\""
                                                      : "a count >= 0";
  const JsonReader field = r.at("threshold", expected);
  double value = 0.0;
  if (field.json().is_number()) {
    value = field.as_number();
  } else if (field.json().is_string()) {
    const std::string text = field.json().get<std::string>();
    std::optional<double> parsed;
    if (ratio && !text.empty() && text.back() == '%') {
      parsed = parse_decimal(text.substr(0, text.size() - 1));
      if (parsed) *parsed /= 100.0;
    } else if (metric == Metric::LatencyP95) {
      parsed = parse_prometheus_duration(text);
      if (!parsed)
        parsed = parse_decimal(text.size() > 1 && text.back() == 's' ? text.substr(0, text.size() - 1)
                                                                     : std::string("x"));
    }
    if (!parsed)
      field.fail("unparsable threshold " + describe_found(field.json()) + "; expected " + expected);
    value = *parsed;
  } else {
    field.fail_expected(expected);
  }
  const bool ok = ratio                          ? value >= 0.0 && value <= 1.0
                  : metric == Metric::LatencyP95 ? value > 0.0
                                                 : value >= 0.0;
  if (!ok || !std::isfinite(value)) field.fail_expected(expected);
  return value;
}

// A probe's or smoke test's timing (period, offset, timeout, failures in a row), each with its default
// from the description of `section` ("probes", "smoke_tests").
template <class Check>
void read_check_timing(const JsonReader& r, const std::string& section, Check& check) {
  const std::string item = section + "/[]/";
  check.period_s = number_or_described(r, item + "period_s", Range::greater_than(0.0));
  check.offset_s = number_or_described(r, item + "offset_s", Range::at_least(0.0));
  check.timeout_s = number_or_described(r, item + "timeout_s", Range::greater_than(0.0));
  check.failure_threshold =
      static_cast<int>(integer_or_described(r, item + "failure_threshold", Range::at_least(1.0), kIntLimit));
}

// --- "alertmanager": {"config": FILE, "receivers": {...}}: the team's alertmanager.yml.
// (docs/detection.md, "Alertmanager configuration in a drill".) The receivers' tiers are checked
// against the responder by check_receivers, once the responder is read.
void read_alertmanager_config(const JsonReader& r, model::AlertmanagerSpec& am) {
  for (const char* key : {"group_wait", "group_interval", "repeat_interval", "group_wait_s",
                          "group_interval_s", "repeat_interval_s"}) {
    if (r.has(key))
      r.at(key, "").fail("with a \"config\", the route tree sets the intervals: remove \"" +
                         std::string(key) + "\"");
  }
  const JsonReader item = r.at("config", "the name of an alertmanager.yml");
  const std::string name = item.as_string(true);
  FileBeside beside = read_file_beside(item, name, "the Alertmanager config");
  const std::string& text = beside.text;
  promql::AlertmanagerConfig config;
  try {
    config = promql::read_alertmanager_config(promql::parse_yaml(text, name));
  } catch (const promql::YamlError& e) {
    item.fail(std::string("the Alertmanager config is not YAML: ") + e.what());
  } catch (const promql::AlertmanagerConfigError& e) {
    item.fail("the Alertmanager config " + name + ":" + e.what());
  }
  if (const auto receivers = r.find("receivers")) {
    receivers->expect_object("an object: receiver name -> the responder tier it pages, or null");
    for (const auto& item_of_receivers : receivers->json().items()) {
      // Named, not a structured binding: clang 14 cannot capture a binding in the lambda below.
      const std::string receiver = item_of_receivers.key();
      const auto& tier = item_of_receivers.value();
      const JsonReader value = receivers->at(receiver, "a responder tier's name, or null");
      const bool known = std::any_of(config.receivers.begin(), config.receivers.end(),
                                     [&](const auto& entry) { return entry.first == receiver; });
      if (!known) value.fail("the Alertmanager config has no receiver \"" + excerpt(receiver) + "\"");
      if (tier.is_null()) {
        am.receivers.emplace_back(receiver, std::nullopt);
      } else {
        am.receivers.emplace_back(receiver, value.as_string(true));
      }
    }
  }
  am.config = model::AlertmanagerSpec::Config{name, beside.path.string(), std::move(beside.text)};
}

// --- "detection": the team's Prometheus rule files over the engine's labelled series.
// (docs/detection.md, "Rule files in a scenario"; this block is the whole of it.)
model::RuleFilesSpec read_rule_files(const JsonReader& r, const model::Scenario& scenario) {
  r.expect_object("a detection object");
  r.allow_only({"rule_files", "metric_names", "label_names", "scrape_interval", "scrape_interval_s",
                "scrape_offset_s", "evaluation_interval", "evaluation_interval_s", "evaluation_offset_s",
                "histogram_buckets"});
  model::RuleFilesSpec spec;
  spec.scrape_interval_s =
      read_duration_described(r, "detection/scrape_interval_s", Range::at_least(1.0).and_at_most(3600.0));
  if (spec.scrape_interval_s != std::floor(spec.scrape_interval_s))
    r.fail("the scrape interval must be a whole number of seconds");
  spec.scrape_offset_s = number_or_described(r, "detection/scrape_offset_s", Range::at_least(0.0));
  if (spec.scrape_offset_s >= spec.scrape_interval_s ||
      spec.scrape_offset_s != std::floor(spec.scrape_offset_s))
    r.at("scrape_offset_s", "").fail("expected a whole number of seconds in [0, scrape interval)");
  spec.evaluation_interval_s = read_duration_described(r, "detection/evaluation_interval_s",
                                                       Range::at_least(1.0).and_at_most(86400.0));
  spec.evaluation_offset_s = number_or_described(r, "detection/evaluation_offset_s", Range::at_least(0.0));
  if (spec.evaluation_offset_s >= spec.evaluation_interval_s)
    r.at("evaluation_offset_s", "").fail("expected a number of seconds in [0, evaluation interval)");
  const auto renames = [&](std::string_view key, const std::vector<std::string_view>& known,
                           std::vector<std::pair<std::string, std::string>>& out) {
    const auto field = r.find(key);
    if (!field) return;
    field->expect_object("an object mapping drillsim's names to yours");
    field->allow_only(known, "a name drillsim exports");
    for (const auto& [from, to] : field->json().items()) {
      const std::string& name = field->at(from, "a non-empty string").as_string(true);
      const bool valid = std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == ':';
      });
      if (!valid || std::isdigit(static_cast<unsigned char>(name.front())))
        field->at(from, "").fail("\"" + excerpt(name) +
                                 "\" is not a Prometheus name ([a-zA-Z_:][a-zA-Z0-9_:]*)");
      out.emplace_back(from, name);
      (void)to;
    }
  };
  renames("metric_names",
          {"http_requests_total", "http_request_duration_seconds", "up",
           "kube_deployment_status_replicas_available", "kube_pod_container_status_restarts_total",
           "kube_pod_container_status_waiting_reason", "container_memory_working_set_bytes"},
          spec.metric_names);
  renames("label_names",
          {"service", "version", "code", "instance", "job", "le", "namespace", "deployment", "pod",
           "container", "reason"},
          spec.label_names);
  if (const auto buckets = r.find("histogram_buckets")) {
    buckets->expect_object("an object: service name -> its histogram's bucket bounds in seconds");
    for (const auto& [service, bounds] : buckets->json().items()) {
      const JsonReader item = buckets->at(service, "an array of bucket bounds");
      if (scenario.service_index(service) < 0) item.fail("no service \"" + excerpt(service) + "\"");
      std::vector<double> les;
      for (const auto& b : item.as_array("a non-empty array of bucket bounds in seconds", true)) {
        const double le = b.as_number();
        if (std::find(model::kLatencyBuckets.begin(), model::kLatencyBuckets.end(), le) ==
            model::kLatencyBuckets.end())
          b.fail(
              "a bound must be one the engine records: 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, "
              "5, 10");
        if (!les.empty() && le <= les.back()) b.fail("bounds must increase");
        les.push_back(le);
      }
      spec.histogram_buckets.emplace_back(service, std::move(les));
      (void)bounds;
    }
  }
  for (const auto& item : r.at("rule_files", "an array of rule file names")
                              .as_array("a non-empty array of rule file names", true)) {
    const std::string name = item.as_string(true);
    FileBeside beside = read_file_beside(item, name, "the rule file");
    const std::string& text = beside.text;
    promql::RuleFile rules;
    try {
      rules = promql::read_rule_file(promql::parse_yaml(text, name), name);
    } catch (const promql::YamlError& e) {
      item.fail(std::string("the rule file is not YAML: ") + e.what());
    }
    if (!rules.ok()) {
      const auto& problem = rules.problems.front();
      item.fail("the rule file " + problem.where + ": " + problem.message);
    }
    for (const auto& group : rules.groups) {
      for (const auto& rule : group.rules) {
        if (!rule.alerting) continue;
        if (std::find(spec.alert_names.begin(), spec.alert_names.end(), rule.name) != spec.alert_names.end())
          continue;
        spec.alert_names.push_back(rule.name);
        const std::string labelled = promql::label_value(rule.labels, "service");
        spec.alert_services.push_back(scenario.service_index(labelled) >= 0 ? labelled
                                      : scenario.fault                      ? scenario.fault->service
                                                                            : scenario.services.front().name);
      }
    }
    spec.files.push_back({name, beside.path.string(), std::move(beside.text)});
  }
  return spec;
}

}  // namespace

// --- Detection signals.

void ScenarioReader::read_detection(const JsonReader& root, model::Scenario& scenario) const {
  std::vector<std::pair<std::string, std::string>> names;  // Signal names and where they were set.
  const auto unique = [&](const JsonReader& item, const std::string& name) {
    for (const auto& [other, where] : names) {
      if (other == name) {
        item.at("name", kNameExpected)
            .fail("duplicate signal name \"" + name + "\" (already used by " + where + ")");
      }
    }
    names.emplace_back(name, item.pointer());
  };
  if (root.has("alert") && root.has("alerts")) {
    root.at("alerts", "").fail("give either \"alert\" (one rule) or \"alerts\" (a list), not both");
  }
  if (const auto alert = root.find("alert")) {
    scenario.alerts.push_back(read_alert(*alert));
    unique(*alert, scenario.alerts.back().name);
  }
  if (const auto alerts = root.find("alerts")) {
    for (const auto& alert : alerts->as_array("an array of alert rule objects")) {
      scenario.alerts.push_back(read_alert(alert));
      unique(alert, scenario.alerts.back().name);
    }
  }
  if (const auto probes = root.find("probes")) {
    for (const auto& r : probes->as_array("an array of probe objects")) {
      r.expect_object("a probe object");
      r.allow_only({"name", "service", "period_s", "offset_s", "timeout_s", "failure_threshold"});
      model::ProbeSpec probe;
      probe.name = r.string("name", true);
      probe.service = read_service_ref(r);
      read_check_timing(r, "probes", probe);
      scenario.probes.push_back(probe);
      unique(r, probe.name);
    }
  }
  if (const auto tests = root.find("smoke_tests")) {
    for (const auto& r : tests->as_array("an array of smoke test objects")) {
      r.expect_object("a smoke test object");
      r.allow_only({"name", "flow", "period_s", "offset_s", "timeout_s", "failure_threshold"});
      model::SmokeTestSpec test;
      test.name = r.string("name", true);
      const char* flow_expected = "a non-empty array of service names";
      for (const auto& step : r.at("flow", flow_expected).as_array(flow_expected, true))
        test.flow.push_back(read_ref(step, service_names_, "service", "services"));
      read_check_timing(r, "smoke_tests", test);
      scenario.smoke_tests.push_back(test);
      unique(r, test.name);
    }
  }
  if (const auto r = root.find("complaints")) {
    r->expect_object("a complaints object");
    r->allow_only({"name", "delay", "min_failed_requests"});
    model::ComplaintsSpec complaints;
    complaints.name = string_or_described(*r, "complaints/name", true);
    complaints.delay = distribution_or_described(*r, "complaints/delay");
    complaints.min_failed_requests = static_cast<std::uint64_t>(
        integer_or_described(*r, "complaints/min_failed_requests", Range::at_least(0.0)));
    scenario.complaints = complaints;
    names.emplace_back(complaints.name, r->pointer());
  }
  if (const auto checks = root.find("integrity_checks")) {
    for (const auto& r : checks->as_array("an array of integrity check objects")) {
      r.expect_object("an integrity check object");
      r.allow_only({"name", "store", "period_s", "offset_s"});
      model::IntegrityCheckSpec check;
      check.name = r.string("name", true);
      check.store = read_store_ref(r);
      check.period_s = number_or_described(r, "integrity_checks/[]/period_s", Range::greater_than(0.0));
      check.offset_s = number_or_described(r, "integrity_checks/[]/offset_s", Range::at_least(0.0));
      scenario.integrity_checks.push_back(check);
      unique(r, check.name);
    }
  }
  // The description's intervals, unless the section gives its own or its config's route tree sets them.
  const auto described = [](std::string_view path) {
    return schema::default_number(schema::Format::Scenario, path);
  };
  scenario.alertmanager.group_wait_s = described("alertmanager/group_wait_s");
  scenario.alertmanager.group_interval_s = described("alertmanager/group_interval_s");
  scenario.alertmanager.repeat_interval_s = described("alertmanager/repeat_interval_s");
  if (const auto r = root.find("alertmanager")) {
    r->expect_object("an alertmanager object");
    r->allow_only({"group_wait", "group_interval", "repeat_interval", "group_wait_s", "group_interval_s",
                   "repeat_interval_s", "config", "receivers"});
    auto& am = scenario.alertmanager;
    if (r->has("config"))
      read_alertmanager_config(*r, am);
    else if (r->has("receivers"))
      r->at("receivers", "").fail("receivers need an Alertmanager \"config\"");
    am.group_wait_s = read_duration(*r, "group_wait", am.group_wait_s, Range::at_least(0.0));
    am.group_interval_s = read_duration(*r, "group_interval", am.group_interval_s, Range::greater_than(0.0));
    am.repeat_interval_s =
        read_duration(*r, "repeat_interval", am.repeat_interval_s, Range::greater_than(0.0));
  }
  if (const auto r = root.find("detection")) {
    scenario.rule_files = read_rule_files(*r, scenario);
    for (std::size_t i = 0; i < scenario.rule_files->alert_names.size(); ++i) {
      for (const auto& [other, where] : names) {
        if (other == scenario.rule_files->alert_names[i]) {
          r->at("rule_files", "")
              .fail("the rule files' alert \"" + other + "\" has the name of the signal at " + where +
                    "; signal names must be unique");
        }
      }
    }
  }
}

// Each receiver's tier must be the responder's name or one of its escalation tiers' (with no
// responder: "on-call"), and some receiver must page.
void ScenarioReader::check_receivers(const JsonReader& root, const model::Scenario& scenario) {
  const auto& am = scenario.alertmanager;
  if (!am.config) return;
  const auto r = root.find("alertmanager");
  const model::ResponderSpec responder = scenario.responder ? *scenario.responder : model::ResponderSpec{};
  bool pages = false;
  for (const auto& entry : am.receivers) {
    const std::string& receiver = entry.first;  // Not a structured binding: captured below (clang 14).
    const auto& tier = entry.second;
    if (!tier) continue;
    pages = true;
    const bool known =
        *tier == responder.name || std::any_of(responder.escalation.begin(), responder.escalation.end(),
                                               [&](const auto& t) { return t.name == *tier; });
    if (!known)
      r->at("receivers", "")
          .at(receiver, "")
          .fail("no responder tier \"" + excerpt(*tier) +
                "\" (the responder's name or an escalation tier's)");
  }
  if (!pages)
    r->fail("no receiver pages anyone: map a receiver of the config to a responder tier in \"receivers\"");
}

model::AlertRuleSpec ScenarioReader::read_alert(const JsonReader& r) const {
  using Metric = model::AlertRuleSpec::Metric;
  r.expect_object("an alert object");
  r.allow_only({"name", "service", "metric", "window", "window_s", "threshold", "for", "for_s",
                "keep_firing_for", "keep_firing_for_s", "evaluation_interval", "evaluation_interval_s",
                "evaluation_offset_s", "scrape_interval_s", "scrape_offset_s"});
  model::AlertRuleSpec alert;
  alert.name = r.string("name", true);
  alert.service = read_service_ref(r);
  // Indexed by model::AlertRuleSpec::Metric.
  alert.metric = static_cast<Metric>(
      choice_or_described(r, "alerts/[]/metric", model::alert_metric_names(), "alert metric"));
  alert.window_s = read_duration_described(r, "alerts/[]/window_s", Range::greater_than(0.0));
  alert.threshold = read_threshold(r, alert.metric);
  alert.for_s = read_duration_described(r, "alerts/[]/for_s", Range::at_least(0.0));
  alert.keep_firing_for_s = read_duration_described(r, "alerts/[]/keep_firing_for_s", Range::at_least(0.0));
  alert.evaluation_interval_s =
      read_duration_described(r, "alerts/[]/evaluation_interval_s", Range::at_least(kMinIntervalS));
  alert.evaluation_offset_s = number_or_described(
      r, "alerts/[]/evaluation_offset_s",
      Range::at_least(0.0).and_less_than(alert.evaluation_interval_s, "evaluation_interval_s"));
  // Scrapes fall on whole seconds: the series count requests per second.
  alert.scrape_interval_s = static_cast<double>(
      integer_or_described(r, "alerts/[]/scrape_interval_s", Range::at_least(1.0), kIntLimit));
  alert.scrape_offset_s = static_cast<double>(integer_or_described(
      r, "alerts/[]/scrape_offset_s",
      Range::at_least(0.0).and_less_than(alert.scrape_interval_s, "scrape_interval_s"), kIntLimit));
  const bool ranged = alert.metric != Metric::MemoryUtilisation && alert.metric != Metric::PoolUtilisation;
  if (ranged && alert.window_s < alert.scrape_interval_s) {
    r.at(r.has("window") ? "window" : "window_s", "")
        .fail("a window of " + format_number(alert.window_s) +
              " s holds fewer than two samples scraped every " + format_number(alert.scrape_interval_s) +
              " s: rate() would return nothing and the rule could never fire; make the window at least "
              "scrape_interval_s (Prometheus advises 4 times)");
  }
  return alert;
}

}  // namespace drillsim::io::detail
