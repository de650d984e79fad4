#include "report/report_json.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace drillsim::report {

ReportFormatError::ReportFormatError(std::string pointer, std::string problem)
    : std::runtime_error(pointer.empty() ? problem : pointer + ": " + problem),
      pointer_(std::move(pointer)),
      problem_(std::move(problem)) {}

namespace {

using ojson = nlohmann::ordered_json;
using json = nlohmann::json;

// ---------------------------------------------------------------------------------------------------
// Writing

ojson number_or_null(double value) {
  return std::isfinite(value) ? ojson(value) : ojson(nullptr);
}

ojson number_or_null(const std::optional<double>& value) {
  return value ? number_or_null(*value) : ojson(nullptr);
}


ojson instants_to_json(const model::Timeline& timeline) {
  ojson out = ojson::object();
  for (const auto instant : model::kInstants)
    out[model::to_string(instant)] = number_or_null(timeline.at(instant));
  return out;
}

ojson metrics_to_json(const metrics::IncidentMetrics& m) {
  ojson out = ojson::object();
  out["time_to_detect_s"] = number_or_null(m.time_to_detect_s);
  out["time_to_decide_s"] = number_or_null(m.time_to_decide_s);
  out["time_to_rollback_s"] = number_or_null(m.time_to_rollback_s);
  out["time_to_restore_s"] = number_or_null(m.time_to_restore_s);
  out["downtime_s"] = m.downtime_s;
  out["requests_failed"] = m.requests_failed;
  out["users_affected"] = m.users_affected;
  out["revenue_impact"] = m.revenue_impact;
  out["slo_breached"] = m.slo_breached;
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Reading: a Node is a value together with its JSON pointer, so every error names its place.

std::string describe(const json& value) {
  std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  return std::string(value.type_name()) + " " + text;
}

class Node {
 public:
  Node(const json& value, std::string pointer) : value_(&value), pointer_(std::move(pointer)) {}

  [[noreturn]] void fail(const std::string& problem) const { throw ReportFormatError(pointer_, problem); }
  // "missing; expected a string" or "expected a string, found number 3".
  [[noreturn]] void expected(std::string_view what) const {
    if (value_ == nullptr) fail("missing; expected " + std::string(what));
    fail("expected " + std::string(what) + ", found " + describe(*value_));
  }

  const std::string& pointer() const { return pointer_; }
  bool present() const { return value_ != nullptr; }
  bool is_null() const { return value_ != nullptr && value_->is_null(); }
  // REQUIRES: present().
  const json& value() const { return *value_; }

  // The member `key` of this object; a missing member is reported by whichever accessor reads it, so
  // the message can say what was expected. REQUIRES: key holds no '/' or '~' (the schema's keys do not).
  Node field(std::string_view key) const {
    if (value_ == nullptr || !value_->is_object()) expected("an object");
    const auto it = value_->find(key);
    return Node(it == value_->end() ? nullptr : &*it, pointer_ + "/" + std::string(key));
  }

  // The elements of this array.
  std::vector<Node> elements() const {
    if (value_ == nullptr || !value_->is_array()) expected("an array");
    std::vector<Node> out;
    out.reserve(value_->size());
    for (std::size_t i = 0; i < value_->size(); ++i)
      out.push_back(Node(&(*value_)[i], pointer_ + "/" + std::to_string(i)));
    return out;
  }

  std::string as_string() const {
    if (value_ == nullptr || !value_->is_string()) expected("a string");
    return value_->get<std::string>();
  }
  bool as_bool() const {
    if (value_ == nullptr || !value_->is_boolean()) expected("true or false");
    return value_->get<bool>();
  }
  double as_number() const {
    if (value_ == nullptr || !value_->is_number()) expected("a number");
    return value_->get<double>();
  }
  std::optional<double> as_optional_number() const {
    if (value_ != nullptr && value_->is_null()) return std::nullopt;
    if (value_ == nullptr || !value_->is_number()) expected("a number or null");
    return value_->get<double>();
  }
  double as_number_or_nan() const {  // null stands for NaN (a percentile of no request).
    return as_optional_number().value_or(std::numeric_limits<double>::quiet_NaN());
  }
  std::uint64_t as_uint64() const {
    if (value_ == nullptr || !value_->is_number_unsigned()) expected("a non-negative integer");
    return value_->get<std::uint64_t>();
  }
  std::uint32_t as_uint32() const {
    if (value_ == nullptr || !value_->is_number_unsigned() ||
        value_->get<std::uint64_t>() > std::numeric_limits<std::uint32_t>::max()) {
      expected("an integer in [0, 4294967295]");
    }
    return value_->get<std::uint32_t>();
  }
  int as_int() const {
    if (value_ == nullptr || !value_->is_number_integer()) expected("an integer");
    const bool fits =
        value_->is_number_unsigned()
            ? value_->get<std::uint64_t>() <= static_cast<std::uint64_t>(std::numeric_limits<int>::max())
            : value_->get<std::int64_t>() >= std::numeric_limits<int>::min() &&
                  value_->get<std::int64_t>() <= std::numeric_limits<int>::max();
    if (!fits) expected("an integer that fits in 32 bits");
    return value_->get<int>();
  }

 private:
  Node(const json* value, std::string pointer) : value_(value), pointer_(std::move(pointer)) {}

  const json* value_;  // nullptr: the key is missing from its object.
  std::string pointer_;
};

model::Timeline instants_from_json(const Node& node) {
  model::Timeline timeline;
  for (const auto instant : model::kInstants) {
    timeline.set(instant, node.field(model::to_string(instant)).as_optional_number());
  }
  return timeline;
}

metrics::IncidentMetrics metrics_from_json(const Node& node) {
  metrics::IncidentMetrics m;
  m.time_to_detect_s = node.field("time_to_detect_s").as_optional_number();
  m.time_to_decide_s = node.field("time_to_decide_s").as_optional_number();
  m.time_to_rollback_s = node.field("time_to_rollback_s").as_optional_number();
  m.time_to_restore_s = node.field("time_to_restore_s").as_optional_number();
  m.downtime_s = node.field("downtime_s").as_number();
  m.requests_failed = node.field("requests_failed").as_uint64();
  m.users_affected = node.field("users_affected").as_uint64();
  m.revenue_impact = node.field("revenue_impact").as_number();
  m.slo_breached = node.field("slo_breached").as_bool();
  return m;
}

model::StepOutcome::Status status_from_json(const Node& node) {
  using Status = model::StepOutcome::Status;
  const std::string text = node.as_string();
  for (const auto status : {Status::Completed, Status::Failed, Status::NotRun, Status::Interrupted}) {
    if (text == model::to_string(status)) return status;
  }
  node.fail("expected one of \"completed\", \"failed\", \"not_run\", \"interrupted\", found \"" + text +
            "\"");
}

// One per-second array of a series: checks its length against `requests`, then converts each element.
template <typename T, typename Convert>
std::vector<T> series_array(const Node& series, std::string_view key, std::size_t length, Convert convert) {
  const Node node = series.field(key);
  const std::vector<Node> elements = node.elements();
  if (elements.size() != length) {
    node.fail("expected " + std::to_string(length) + " elements (as many as " + series.pointer() +
              "/requests), found " + std::to_string(elements.size()));
  }
  std::vector<T> out;
  out.reserve(length);
  for (const auto& element : elements)
    out.push_back(convert(element));
  return out;
}

// The seven per-second (or per-step) arrays of a series or of a detail window, all as long as
// `requests`.
void arrays_from_json(const Node& node, model::SecondSeries& data) {
  const std::size_t n = node.field("requests").elements().size();
  data.requests =
      series_array<std::uint32_t>(node, "requests", n, [](const Node& e) { return e.as_uint32(); });
  data.errors = series_array<std::uint32_t>(node, "errors", n, [](const Node& e) { return e.as_uint32(); });
  data.slow = series_array<std::uint32_t>(node, "slow", n, [](const Node& e) { return e.as_uint32(); });
  data.p50_s = series_array<double>(node, "p50_s", n, [](const Node& e) { return e.as_number_or_nan(); });
  data.p95_s = series_array<double>(node, "p95_s", n, [](const Node& e) { return e.as_number_or_nan(); });
  data.p99_s = series_array<double>(node, "p99_s", n, [](const Node& e) { return e.as_number_or_nan(); });
  data.ready = series_array<int>(node, "ready", n, [](const Node& e) { return e.as_int(); });
}

Report::Series series_from_json(const Node& node, bool coarse) {
  Report::Series s;
  s.service = node.field("service").as_string();
  const Node version = node.field("version");
  s.version = version.as_string();
  if (s.version != "stable" && s.version != "new" && s.version != "all") {
    version.fail("expected one of \"stable\", \"new\", \"all\", found \"" + s.version + "\"");
  }
  const Node t0 = node.field("t0_s");
  if (t0.as_number() != 0.0) t0.fail("expected 0 (series start at 0 s)");
  const Node step = node.field("step_s");
  if (coarse) {
    if (step.as_number() != kCoarseStepS)
      step.fail("expected 60 (schema version 2 series have one sample per minute)");
  } else if (step.as_number() != 1.0) {
    step.fail("expected 1 (schema version 1 series have one sample per second)");
  }
  s.step_s = step.as_number();
  arrays_from_json(node, s.data);
  // Whole-drill latency (absent from reports written before it existed: NaN).
  if (const Node latency = node.field("latency"); latency.present()) {
    s.data.whole_run.mean_s = latency.field("mean_s").as_number_or_nan();
    s.data.whole_run.p50_s = latency.field("p50_s").as_number_or_nan();
    s.data.whole_run.p95_s = latency.field("p95_s").as_number_or_nan();
    s.data.whole_run.p99_s = latency.field("p99_s").as_number_or_nan();
  }
  if (coarse) {
    for (const auto& window : node.field("detail").elements()) {
      Report::Series::Window w;
      const Node start = window.field("t0_s");
      w.t0_s = start.as_number();
      if (!(w.t0_s >= 0) || w.t0_s != std::floor(w.t0_s))
        start.fail("expected a whole number of seconds >= 0");
      arrays_from_json(window, w.data);
      s.detail.push_back(std::move(w));
    }
  }
  return s;
}

// The report's document; with `arrays` false, each of the series' arrays is an empty array in its place.
ojson report_document(const Report& report, bool arrays);

}  // namespace

nlohmann::ordered_json series_array_element(const model::SecondSeries& data, std::size_t key, std::size_t i) {
  switch (key) {
    case 0: return data.requests.at(i);
    case 1: return data.errors.at(i);
    case 2: return data.slow.at(i);
    case 3: return number_or_null(data.p50_s.at(i));
    case 4: return number_or_null(data.p95_s.at(i));
    case 5: return number_or_null(data.p99_s.at(i));
    case 6: return data.ready.at(i);
    default: throw std::out_of_range("series_array_element: no series array " + std::to_string(key));
  }
}

nlohmann::ordered_json to_json(const Report& report) {
  return report_document(report, true);
}

nlohmann::ordered_json to_json_without_series_arrays(const Report& report) {
  return report_document(report, false);
}

namespace {

ojson report_document(const Report& report, bool with_arrays) {
  ojson doc = ojson::object();
  doc["schema_version"] = report.schema_version;
  doc["generator"] = report.generator;

  ojson scenario = ojson::object();
  scenario["name"] = report.scenario.name;
  scenario["description"] = report.scenario.description;
  scenario["file"] = report.scenario.file;
  scenario["duration_s"] = report.scenario.duration_s;
  if (!report.scenario.assumptions.empty()) scenario["assumptions"] = report.scenario.assumptions;
  doc["scenario"] = std::move(scenario);
  doc["seed"] = report.seed;
  doc["requests_simulated"] = report.requests_simulated;

  ojson incidents = ojson::array();
  for (const auto& incident : report.incidents) {
    ojson item = ojson::object();
    item["service"] = incident.service;
    item["fault"] = incident.fault;
    item["fault_start_s"] = incident.fault_start_s;
    item["detect_signal"] = incident.detect_signal;
    item["instants"] = instants_to_json(incident.instants);
    item["metrics"] = metrics_to_json(incident.metrics);
    item["notifications_s"] = incident.notifications_s;
    ojson escalations = ojson::array();
    for (const auto& e : incident.escalations)
      escalations.push_back({{"responder", e.responder}, {"t_s", e.t_s}});
    item["escalations"] = std::move(escalations);
    item["acked_by"] = incident.acked_by;
    if (incident.decision) {
      item["decision"] = {{"rule", incident.decision->rule},
                          {"action", incident.decision->action},
                          {"reason", incident.decision->reason}};
    } else {
      item["decision"] = nullptr;
    }
    incidents.push_back(std::move(item));
  }
  doc["incidents"] = std::move(incidents);

  ojson objectives = ojson::array();
  for (const auto& verdict : report.objectives) {
    ojson item = ojson::object();
    item["service"] = verdict.service;
    item["rto_s"] = verdict.rto_s;
    item["rpo_s"] = verdict.rpo_s;
    item["time_to_restore_s"] = number_or_null(verdict.time_to_restore_s);
    item["data_loss_window_s"] = verdict.data_loss_window_s;
    item["corrupted_remaining"] = verdict.corrupted_remaining;
    item["rto_met"] = verdict.rto_met;
    item["rpo_met"] = verdict.rpo_met;
    item["reason"] = verdict.reason;
    objectives.push_back(std::move(item));
  }
  doc["objectives"] = std::move(objectives);

  ojson plan = ojson::object();
  plan["name"] = report.plan_name;
  plan["exit_state"] = report.plan.exit_state;
  plan["reason"] = report.plan.reason;
  ojson steps = ojson::array();
  for (const auto& step : report.plan.steps) {
    ojson item = ojson::object();
    item["name"] = step.name;
    item["action"] = step.action;
    item["level"] = step.level;
    item["start_s"] = number_or_null(step.start_s);
    item["end_s"] = number_or_null(step.end_s);
    item["status"] = model::to_string(step.status);
    item["attempts"] = step.attempts;
    item["detail"] = step.detail;
    if (step.source_line > 0)
      item["source"] = ojson{{"line", step.source_line}, {"end_line", step.source_end_line}};
    steps.push_back(std::move(item));
  }
  plan["steps"] = std::move(steps);
  ojson levels = ojson::array();
  for (std::size_t i = 0; i < report.plan.levels.size(); ++i) {
    const model::LevelOutcome& level = report.plan.levels[i];
    ojson item = ojson::object();
    item["name"] = level.name;
    item["claim_s"] = number_or_null(level.claim_s);
    item["start_s"] = number_or_null(level.start_s);
    item["end_s"] = number_or_null(level.end_s);
    const metrics::LevelClaim& claim = report.level_claims.at(i);
    item["elapsed_s"] = number_or_null(claim.elapsed_s);
    item["claim_met"] = claim.met ? ojson(*claim.met) : ojson(nullptr);
    item["outcome"] = level.outcome;
    levels.push_back(std::move(item));
  }
  plan["levels"] = std::move(levels);
  doc["plan"] = std::move(plan);

  ojson stores = ojson::array();
  for (std::size_t i = 0; i < report.stores.size(); ++i) {
    const model::StoreOutcome& store = report.stores[i];
    const metrics::StoreVerdict& verdict = report.store_verdicts.at(i);
    ojson item = ojson::object();
    item["store"] = store.store;
    item["service"] = store.service;
    item["writes_committed"] = store.writes_committed;
    item["writes_lost"] = store.writes_lost;
    item["loss_start_s"] = number_or_null(store.loss_start_s);
    item["loss_end_s"] = number_or_null(store.loss_end_s);
    item["loss_window_s"] = store.loss_window_s();
    item["restores_s"] = store.restores_s;
    item["writes_corrupted"] = store.writes_corrupted;
    item["corrupted_remaining"] = store.corrupted_remaining;
    item["rpo_s"] = number_or_null(verdict.rpo_s);
    item["rpo_met"] = verdict.rpo_met ? ojson(*verdict.rpo_met) : ojson(nullptr);
    stores.push_back(std::move(item));
  }
  doc["data"] = std::move(stores);

  ojson series = ojson::array();
  for (const auto& s : report.series) {
    ojson item = ojson::object();
    item["service"] = s.service;
    item["version"] = s.version;
    item["t0_s"] = 0;
    if (report.coarse()) {
      item["step_s"] = static_cast<std::int64_t>(s.step_s);
    } else {
      item["step_s"] = 1;
    }
    const auto arrays = [with_arrays](ojson& out, const model::SecondSeries& data) {
      for (std::size_t key = 0; key < kSeriesArrayKeys.size(); ++key) {
        ojson values = ojson::array();
        if (with_arrays) {
          values.get_ref<ojson::array_t&>().reserve(data.size());
          for (std::size_t i = 0; i < data.size(); ++i)
            values.push_back(series_array_element(data, key, i));
        }
        out[kSeriesArrayKeys[key]] = std::move(values);
      }
    };
    arrays(item, s.data);
    const auto nan_to_null = [](double x) { return std::isnan(x) ? ojson(nullptr) : ojson(x); };
    item["latency"] = {{"mean_s", nan_to_null(s.data.whole_run.mean_s)},
                       {"p50_s", nan_to_null(s.data.whole_run.p50_s)},
                       {"p95_s", nan_to_null(s.data.whole_run.p95_s)},
                       {"p99_s", nan_to_null(s.data.whole_run.p99_s)}};
    if (report.coarse()) {
      ojson detail = ojson::array();
      for (const auto& w : s.detail) {
        ojson window = ojson::object();
        window["t0_s"] = static_cast<std::int64_t>(w.t0_s);
        arrays(window, w.data);
        detail.push_back(std::move(window));
      }
      item["detail"] = std::move(detail);
    }
    series.push_back(std::move(item));
  }
  doc["series"] = std::move(series);

  ojson signals = ojson::array();
  for (const auto& signal : report.signals) {
    ojson item = ojson::object();
    item["name"] = signal.name;
    item["kind"] = signal.kind;
    item["service"] = signal.service;
    item["metric"] = signal.metric;
    item["threshold"] = number_or_null(signal.threshold);
    item["fired_s"] = number_or_null(signal.fired_s);
    const bool alert = signal.kind == "rule_file_alert" || signal.kind == "alert_rule";
    if (alert) {  // Added fields: other kinds' signals are as before.
      ojson alerts = ojson::array();
      for (const auto& alert : signal.alerts) {
        ojson labels = ojson::object();
        for (const auto& [name, value] : alert.labels)
          labels[name] = value;
        ojson states = ojson::array();
        for (const auto& [state, t_s] : alert.states)
          states.push_back(ojson{{"state", state}, {"t_s", t_s}});
        alerts.push_back(ojson{{"labels", std::move(labels)}, {"states", std::move(states)}});
      }
      item["alerts"] = std::move(alerts);
    }
    if (alert && signal.rule) {
      const auto& r = *signal.rule;
      item["rule"] = ojson{{"expression", r.expression},
                           {"comparison", r.comparison},
                           {"threshold", number_or_null(r.threshold)},
                           {"window_s", number_or_null(r.window_s)},
                           {"for_s", r.for_s},
                           {"keep_firing_for_s", r.keep_firing_for_s},
                           {"evaluation_interval_s", r.evaluation_interval_s},
                           {"evaluation_offset_s", r.evaluation_offset_s},
                           {"scrape_interval_s", r.scrape_interval_s},
                           {"scrape_offset_s", r.scrape_offset_s}};
      ojson values = ojson::array();
      for (const auto& v : signal.values) {
        ojson labels = ojson::object();
        for (const auto& [name, value] : v.labels)
          labels[name] = value;
        ojson t = ojson::array();
        ojson value = ojson::array();
        for (std::size_t i = 0; i < v.t_s.size(); ++i) {
          t.push_back(v.t_s[i]);
          value.push_back(number_or_null(v.value[i]));
        }
        values.push_back(ojson{{"labels", std::move(labels)}, {"t_s", std::move(t)}, {"value", std::move(value)}});
      }
      item["values"] = std::move(values);
      item["values_truncated"] = signal.values_truncated;
    }
    signals.push_back(std::move(item));
  }
  doc["signals"] = std::move(signals);
  return doc;
}

}  // namespace

Report report_from_json(const nlohmann::json& json) {
  const Node root(json, "");
  if (!json.is_object()) root.expected("a drillsim report (a JSON object)");

  Report report;
  // The version first: a report of another version may differ anywhere, so say that rather than
  // pointing at the first key that moved.
  const Node version = root.field("schema_version");
  report.schema_version = version.as_int();
  if (report.schema_version != kSchemaVersion && report.schema_version != kCoarseSchemaVersion) {
    version.fail("unsupported schema version " + std::to_string(report.schema_version) +
                 "; this build reads " + std::to_string(kSchemaVersion) + " and " +
                 std::to_string(kCoarseSchemaVersion));
  }
  report.generator = root.field("generator").as_string();

  const Node scenario = root.field("scenario");
  report.scenario.name = scenario.field("name").as_string();
  report.scenario.description = scenario.field("description").as_string();
  report.scenario.file = scenario.field("file").as_string();
  report.scenario.duration_s = scenario.field("duration_s").as_number();
  if (const Node assumptions = scenario.field("assumptions"); assumptions.present()) {
    for (const auto& node : assumptions.elements())
      report.scenario.assumptions.push_back(node.as_string());
  }
  report.seed = root.field("seed").as_uint64();
  report.requests_simulated = root.field("requests_simulated").as_uint64();

  for (const auto& node : root.field("incidents").elements()) {
    Report::Incident incident;
    incident.service = node.field("service").as_string();
    incident.fault = node.field("fault").as_string();
    incident.fault_start_s = node.field("fault_start_s").as_number();
    incident.detect_signal = node.field("detect_signal").as_string();
    incident.instants = instants_from_json(node.field("instants"));
    incident.metrics = metrics_from_json(node.field("metrics"));
    for (const auto& t : node.field("notifications_s").elements())
      incident.notifications_s.push_back(t.as_number());
    for (const auto& e : node.field("escalations").elements())
      incident.escalations.push_back({e.field("responder").as_string(), e.field("t_s").as_number()});
    incident.acked_by = node.field("acked_by").as_string();
    if (const Node decision = node.field("decision"); !decision.is_null()) {
      incident.decision =
          model::Decision{decision.field("rule").as_string(), decision.field("action").as_string(),
                          decision.field("reason").as_string()};
    }
    report.incidents.push_back(std::move(incident));
  }

  for (const auto& node : root.field("objectives").elements()) {
    metrics::ObjectiveVerdict verdict;
    verdict.service = node.field("service").as_string();
    verdict.rto_s = node.field("rto_s").as_number();
    verdict.rpo_s = node.field("rpo_s").as_number();
    verdict.time_to_restore_s = node.field("time_to_restore_s").as_optional_number();
    verdict.data_loss_window_s = node.field("data_loss_window_s").as_number();
    // Added in drillsim 0.x reports of schema 1 without breaking older readers: absent means none.
    if (const Node corrupted = node.field("corrupted_remaining"); corrupted.present())
      verdict.corrupted_remaining = corrupted.as_uint64();
    verdict.rto_met = node.field("rto_met").as_bool();
    verdict.rpo_met = node.field("rpo_met").as_bool();
    verdict.reason = node.field("reason").as_string();
    report.objectives.push_back(std::move(verdict));
  }

  const Node plan = root.field("plan");
  report.plan_name = plan.field("name").as_string();
  report.plan.exit_state = plan.field("exit_state").as_string();
  report.plan.reason = plan.field("reason").as_string();
  for (const auto& node : plan.field("steps").elements()) {
    model::StepOutcome step;
    step.name = node.field("name").as_string();
    step.action = node.field("action").as_string();
    step.level = node.field("level").as_string();
    step.start_s = node.field("start_s").as_optional_number();
    step.end_s = node.field("end_s").as_optional_number();
    step.status = status_from_json(node.field("status"));
    step.attempts = node.field("attempts").as_int();
    step.detail = node.field("detail").as_string();
    if (const Node source = node.field("source"); source.present()) {
      step.source_line = source.field("line").as_int();
      step.source_end_line = source.field("end_line").as_int();
    }
    report.plan.steps.push_back(std::move(step));
  }
  for (const auto& node : plan.field("levels").elements()) {
    model::LevelOutcome level;
    level.name = node.field("name").as_string();
    level.claim_s = node.field("claim_s").as_optional_number();
    level.start_s = node.field("start_s").as_optional_number();
    level.end_s = node.field("end_s").as_optional_number();
    level.outcome = node.field("outcome").as_string();
    report.plan.levels.push_back(std::move(level));
    metrics::LevelClaim claim;
    claim.elapsed_s = node.field("elapsed_s").as_optional_number();
    if (const Node met = node.field("claim_met"); !met.is_null()) claim.met = met.as_bool();
    report.level_claims.push_back(claim);
  }

  for (const auto& node : root.field("data").elements()) {
    model::StoreOutcome store;
    store.store = node.field("store").as_string();
    store.service = node.field("service").as_string();
    store.writes_committed = node.field("writes_committed").as_uint64();
    store.writes_lost = node.field("writes_lost").as_uint64();
    store.loss_start_s = node.field("loss_start_s").as_optional_number();
    store.loss_end_s = node.field("loss_end_s").as_optional_number();
    for (const auto& t : node.field("restores_s").elements())
      store.restores_s.push_back(t.as_number());
    store.writes_corrupted = node.field("writes_corrupted").as_uint64();
    store.corrupted_remaining = node.field("corrupted_remaining").as_uint64();
    report.stores.push_back(std::move(store));
    metrics::StoreVerdict verdict;
    verdict.rpo_s = node.field("rpo_s").as_optional_number();
    if (const Node met = node.field("rpo_met"); !met.is_null()) verdict.rpo_met = met.as_bool();
    report.store_verdicts.push_back(verdict);
  }

  for (const auto& node : root.field("series").elements())
    report.series.push_back(series_from_json(node, report.coarse()));
  for (const auto& node : root.field("signals").elements()) {
    model::SignalRecord signal;
    signal.name = node.field("name").as_string();
    signal.kind = node.field("kind").as_string();
    signal.service = node.field("service").as_string();
    signal.metric = node.field("metric").as_string();
    signal.threshold = node.field("threshold").as_optional_number();
    signal.fired_s = node.field("fired_s").as_optional_number();
    if (const Node alerts = node.field("alerts"); alerts.present()) {
      for (const auto& a : alerts.elements()) {
        model::SignalRecord::AlertInstance alert;
        const Node labels = a.field("labels");
        if (!labels.present() || !labels.value().is_object()) labels.expected("an object of labels");
        for (const auto& [name, value] : labels.value().items()) {
          if (!value.is_string()) labels.field(name).expected("a string");
          alert.labels.emplace_back(name, value.get<std::string>());
        }
        for (const auto& s : a.field("states").elements())
          alert.states.emplace_back(s.field("state").as_string(), s.field("t_s").as_number());
        signal.alerts.push_back(std::move(alert));
      }
    }
    if (const Node rule = node.field("rule"); rule.present()) {
      model::SignalRecord::Rule r;
      r.expression = rule.field("expression").as_string();
      r.comparison = rule.field("comparison").as_string();
      r.threshold = rule.field("threshold").as_optional_number();
      r.window_s = rule.field("window_s").as_optional_number();
      r.for_s = rule.field("for_s").as_number();
      r.keep_firing_for_s = rule.field("keep_firing_for_s").as_number();
      r.evaluation_interval_s = rule.field("evaluation_interval_s").as_number();
      r.evaluation_offset_s = rule.field("evaluation_offset_s").as_number();
      r.scrape_interval_s = rule.field("scrape_interval_s").as_number();
      r.scrape_offset_s = rule.field("scrape_offset_s").as_number();
      signal.rule = std::move(r);
      for (const auto& v : node.field("values").elements()) {
        model::SignalRecord::ValueSeries series;
        const Node labels = v.field("labels");
        if (!labels.present() || !labels.value().is_object()) labels.expected("an object of labels");
        for (const auto& [name, value] : labels.value().items()) {
          if (!value.is_string()) labels.field(name).expected("a string");
          series.labels.emplace_back(name, value.get<std::string>());
        }
        for (const auto& t : v.field("t_s").elements())
          series.t_s.push_back(t.as_number());
        for (const auto& x : v.field("value").elements())
          series.value.push_back(x.as_optional_number());
        if (series.value.size() != series.t_s.size())
          v.field("value").expected("as many values as `t_s` has times");
        signal.values.push_back(std::move(series));
      }
      signal.values_truncated = node.field("values_truncated").as_bool();
    }
    report.signals.push_back(std::move(signal));
  }
  return report;
}

}  // namespace drillsim::report
