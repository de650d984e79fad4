// The scenario format, field by field. Each read_* function takes a reader positioned on one JSON value,
// checks its keys first (so a typo is reported as a typo rather than as a missing field), then reads each
// field with its range and default. The order of checks fixes which error a user sees first: keys, then
// fields in the order docs/scenario-format.md lists them, then rules across fields.
#include "io/scenario_loader.hpp"

#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <system_error>
#include <utility>
#include <vector>

#include "io/input_error.hpp"
#include "io/json_reader.hpp"

namespace drillsim::io {

namespace {

using model::Distribution;

constexpr double kMaxDurationS = 2592000.0;  // 30 days.
constexpr double kWeightsTolerance = 1e-9;
constexpr std::int64_t kIntLimit = INT_MAX;
constexpr std::int64_t kUint32Limit = UINT32_MAX;

constexpr const char* kDistributionExpected =
    "a duration in seconds (a number >= 0) or a distribution object with a \"kind\"";
constexpr const char* kWeightsExpected = "a weights object {\"stable\": w, \"new\": w}";
constexpr const char* kNameExpected = "a non-empty name made of letters, digits, \"_\", \".\" and \"-\"";
constexpr const char* kServiceRefExpected = "the name of a service";

const std::vector<std::string_view> kVersionNames{"stable", "new"};  // Indexed by model::Version.

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
         c == '-';
}

// `takes` text for allow_only: `a "uniform" distribution takes`.
std::string takes(std::string_view what, std::string_view kind) {
  return "a \"" + std::string(kind) + "\" " + std::string(what) + " takes";
}

// Distribution: a plain number (fixed, seconds) or an object with a "kind".
Distribution read_distribution(const JsonReader& r) {
  if (r.json().is_number()) return Distribution::fixed(r.as_number(Range::at_least(0.0)));
  r.expect_object(kDistributionExpected);
  static const std::vector<std::string_view> kinds{"fixed", "exponential", "uniform", "triangular",
                                                   "lognormal"};
  if (!r.has("kind")) {
    r.allow_only({"kind", "value_s", "mean_s", "min_s", "mode_s", "max_s", "median_s", "sigma"});
  }
  const std::size_t kind = r.choice("kind", kinds, "distribution kind");
  const std::string takes_text = takes("distribution", kinds[kind]);
  switch (kind) {
    case 0:
      r.allow_only({"kind", "value_s"}, takes_text);
      return Distribution::fixed(r.number("value_s", Range::at_least(0.0)));
    case 1:
      r.allow_only({"kind", "mean_s"}, takes_text);
      return Distribution::exponential(r.number("mean_s", Range::greater_than(0.0)));
    case 2: {
      r.allow_only({"kind", "min_s", "max_s"}, takes_text);
      const double min_s = r.number("min_s", Range::at_least(0.0));
      const double max_s = r.number("max_s", Range::at_least(min_s, "min_s"));
      return Distribution::uniform(min_s, max_s);
    }
    case 3: {
      r.allow_only({"kind", "min_s", "mode_s", "max_s"}, takes_text);
      const double min_s = r.number("min_s", Range::at_least(0.0));
      const double max_s = r.number("max_s", Range::at_least(min_s, "min_s"));
      const double mode_s = r.number("mode_s", Range::at_least(min_s, "min_s").and_at_most(max_s, "max_s"));
      return Distribution::triangular(min_s, mode_s, max_s);
    }
    default: {
      r.allow_only({"kind", "median_s", "sigma"}, takes_text);
      const double median_s = r.number("median_s", Range::greater_than(0.0));
      const double sigma = r.number("sigma", Range::at_least(0.0));
      return Distribution::lognormal(median_s, sigma);
    }
  }
}

model::Weights read_weights(const JsonReader& r) {
  r.expect_object(kWeightsExpected);
  r.allow_only({"stable", "new"});
  model::Weights weights;
  weights.stable = r.number("stable", Range::probability());
  weights.new_version = r.number("new", Range::probability());
  const double sum = weights.stable + weights.new_version;
  if (std::abs(sum - 1.0) > kWeightsTolerance) {
    r.fail("weights must add up to 1, found " + describe_found(r.json().at("stable")) + " + " +
           describe_found(r.json().at("new")) + " = " + format_number(sum));
  }
  return weights;
}

model::RateProfile read_rate(const JsonReader& r) {
  using Kind = model::RateProfile::Kind;
  r.expect_object("a rate profile object with a \"kind\" (\"constant\", \"steps\" or \"diurnal\")");
  static const std::vector<std::string_view> kinds{"constant", "steps", "diurnal"};
  if (!r.has("kind")) r.allow_only({"kind", "rps", "steps", "mean_rps", "amplitude", "period_s", "peak_s"});
  const std::size_t kind = r.choice("kind", kinds, "rate profile kind");
  const std::string takes_text = takes("rate profile", kinds[kind]);
  model::RateProfile rate;
  switch (kind) {
    case 0:
      r.allow_only({"kind", "rps"}, takes_text);
      rate.kind = Kind::Constant;
      rate.rps = r.number("rps", Range::at_least(0.0));
      break;
    case 1: {
      r.allow_only({"kind", "rps", "steps"}, takes_text);
      rate.kind = Kind::Steps;
      rate.rps = r.number("rps", Range::at_least(0.0));
      const char* steps_expected = "a non-empty array of {\"from_s\": t, \"rps\": x} objects";
      for (const auto& step_reader : r.at("steps", steps_expected).as_array(steps_expected, true)) {
        step_reader.expect_object("a rate step object {\"from_s\": t, \"rps\": x}");
        step_reader.allow_only({"from_s", "rps"});
        model::RateProfile::Step step;
        step.from_s = step_reader.number(
            "from_s", rate.steps.empty()
                          ? Range::at_least(0.0)
                          : Range::greater_than(rate.steps.back().from_s, "the previous from_s"));
        step.rps = step_reader.number("rps", Range::at_least(0.0));
        rate.steps.push_back(step);
      }
      break;
    }
    default:
      r.allow_only({"kind", "mean_rps", "amplitude", "period_s", "peak_s"}, takes_text);
      rate.kind = Kind::Diurnal;
      rate.rps = r.number("mean_rps", Range::at_least(0.0));
      rate.amplitude = r.number("amplitude", Range::probability());
      rate.period_s = r.number_or("period_s", 86400.0, Range::greater_than(0.0));
      rate.peak_s = r.number_or("peak_s", 0.0);
      break;
  }
  return rate;
}

model::VersionSpec read_version(const JsonReader& r) {
  r.expect_object("a version object {\"replicas\": n, \"error_probability\": p, \"latency_factor\": f}");
  r.allow_only({"replicas", "error_probability", "latency_factor"});
  model::VersionSpec version;
  version.replicas = static_cast<int>(r.integer("replicas", Range::at_least(0.0), kIntLimit));
  version.error_probability = r.number_or("error_probability", 0.0, Range::probability());
  version.latency_factor = r.number_or("latency_factor", 1.0, Range::greater_than(0.0));
  return version;
}

class ScenarioReader {
 public:
  model::Scenario read(const JsonReader& root) {
    root.expect_object("a scenario object");
    root.allow_only({"name", "description", "duration_s", "seed", "services", "deployments", "fault", "alert",
                     "responder", "plan", "objectives"});
    model::Scenario scenario;
    scenario.name = root.string("name", true);
    scenario.description = root.string_or("description", "");
    scenario.duration_s = root.number("duration_s", Range::greater_than(0.0).and_at_most(kMaxDurationS));
    duration_s_ = scenario.duration_s;
    if (const auto seed = root.find("seed")) scenario.seed = seed->as_uint64();

    const char* services_expected = "a non-empty array of service objects";
    const auto services = root.at("services", services_expected).as_array(services_expected, true);
    for (const auto& service : services) {
      scenario.services.push_back(read_service(service));
      const std::string& name = scenario.services.back().name;
      for (std::size_t i = 0; i + 1 < scenario.services.size(); ++i) {
        if (scenario.services[i].name == name) {
          service.at("name", kNameExpected)
              .fail("duplicate service name \"" + name + "\" (already used by " + services[i].pointer() +
                    ")");
        }
      }
      service_names_.push_back(name);
    }

    if (const auto deployments = root.find("deployments")) {
      for (const auto& deployment : deployments->as_array("an array of deployment objects")) {
        scenario.deployments.push_back(read_deployment(deployment));
      }
    }
    if (const auto fault = root.find("fault")) scenario.fault = read_fault(*fault);
    if (const auto alert = root.find("alert")) scenario.alert = read_alert(*alert);
    if (const auto responder = root.find("responder")) scenario.responder = read_responder(*responder);
    if (const auto plan = root.find("plan")) scenario.plan = read_plan(*plan);
    if (const auto objectives = root.find("objectives")) {
      std::vector<std::string> pointers;  // Of each objective, to name the first one for a service.
      for (const auto& objective : objectives->as_array("an array of objective objects")) {
        scenario.objectives.push_back(read_objective(objective));
        const std::string& service = scenario.objectives.back().service;
        for (std::size_t i = 0; i + 1 < scenario.objectives.size(); ++i) {
          if (scenario.objectives[i].service == service) {
            objective.at("service", kServiceRefExpected)
                .fail("duplicate objective for service \"" + service + "\" (already set by " + pointers[i] +
                      "); give at most one objective per service");
          }
        }
        pointers.push_back(objective.pointer());
      }
    }
    return scenario;
  }

 private:
  // The "service" field of `r`, which must name a service declared in "services".
  std::string read_service_ref(const JsonReader& r) const {
    const JsonReader field = r.at("service", kServiceRefExpected);
    std::string name = field.as_string();
    for (const auto& known : service_names_) {
      if (known == name) return name;
    }
    std::string list;
    for (const auto& known : service_names_)
      list += (list.empty() ? "" : ", ") + known;
    field.fail("unknown service " + describe_found(field.json()) + "; services are: " + list);
  }

  model::Version read_version_choice(const JsonReader& r, std::size_t fallback) const {
    return static_cast<model::Version>(r.choice_or("version", fallback, kVersionNames, "version"));
  }

  // A time inside the run: [0, duration_s).
  Range instant_range() const { return Range::at_least(0.0).and_less_than(duration_s_, "duration_s"); }

  model::ServiceSpec read_service(const JsonReader& r) const {
    r.expect_object("a service object");
    r.allow_only({"name", "service_time", "max_queue", "versions", "weights", "traffic", "slo"});
    model::ServiceSpec service;

    const JsonReader name = r.at("name", kNameExpected);
    service.name = name.as_string();
    bool valid_name = !service.name.empty();
    for (const char c : service.name)
      valid_name = valid_name && is_name_char(c);
    if (!valid_name) name.fail_expected(kNameExpected);

    const JsonReader service_time = r.at("service_time", kDistributionExpected);
    service.service_time = read_distribution(service_time);
    if (!(service.service_time.mean() > 0.0)) {
      service_time.fail("expected a service time with a mean > 0, found " + service.service_time.describe() +
                        " (mean " + format_number(service.service_time.mean()) + " s)");
    }

    service.max_queue = static_cast<int>(r.integer_or("max_queue", 1000, Range::at_least(1.0), kIntLimit));

    const JsonReader versions =
        r.at("versions", "a versions object {\"stable\": {\"replicas\": n}, \"new\": {\"replicas\": n}}");
    versions.expect_object("a versions object {\"stable\": {\"replicas\": n}, \"new\": {\"replicas\": n}}");
    versions.allow_only(kVersionNames);
    service.versions[static_cast<int>(model::Version::Stable)] =
        read_version(versions.at("stable", "a version object {\"replicas\": n}"));
    if (const auto new_version = versions.find("new")) {
      service.versions[static_cast<int>(model::Version::New)] = read_version(*new_version);
    } else {
      service.versions[static_cast<int>(model::Version::New)] = model::VersionSpec{0, 0.0, 1.0};
    }

    if (const auto weights = r.find("weights")) service.weights = read_weights(*weights);

    const char* traffic_expected = "a traffic object {\"rate\": {...}, \"users\": n}";
    const JsonReader traffic = r.at("traffic", traffic_expected);
    traffic.expect_object(traffic_expected);
    traffic.allow_only({"rate", "users"});
    service.traffic.rate = read_rate(traffic.at("rate", "a rate profile object"));
    service.traffic.users =
        static_cast<std::uint32_t>(traffic.integer_or("users", 10000, Range::at_least(1.0), kUint32Limit));

    if (const auto slo = r.find("slo")) {
      slo->expect_object("an slo object");
      slo->allow_only({"max_error_ratio", "max_p95_latency_s", "sli_window_s", "stabilisation_window_s"});
      service.slo.max_error_ratio = slo->number_or("max_error_ratio", 0.01, Range::probability());
      service.slo.max_p95_latency_s = slo->number_or("max_p95_latency_s", 0.5, Range::greater_than(0.0));
      service.slo.sli_window_s = slo->number_or("sli_window_s", 60.0, Range::at_least(1.0));
      service.slo.stabilisation_window_s =
          slo->number_or("stabilisation_window_s", 60.0, Range::at_least(1.0));
    }
    return service;
  }

  model::DeploymentSpec read_deployment(const JsonReader& r) const {
    r.expect_object("a deployment object");
    r.allow_only({"service", "at_s", "weights"});
    model::DeploymentSpec deployment;
    deployment.service = read_service_ref(r);
    deployment.at_s = r.number("at_s", instant_range());
    deployment.weights = read_weights(r.at("weights", kWeightsExpected));
    return deployment;
  }

  model::FaultSpec read_fault(const JsonReader& r) const {
    r.expect_object("a fault object");
    r.allow_only({"kind", "service", "version", "at_s", "duration_s", "error_probability", "latency_factor"});
    model::FaultSpec fault;
    r.choice("kind", {"bad_release"}, "fault kind");
    fault.kind = model::FaultSpec::Kind::BadRelease;
    fault.service = read_service_ref(r);
    fault.version = read_version_choice(r, static_cast<std::size_t>(model::Version::New));
    fault.at_s = r.number("at_s", instant_range());
    if (const auto duration = r.find("duration_s"); duration && !duration->json().is_null()) {
      const double value = duration->json().is_number() ? duration->json().get<double>() : 0.0;
      if (!duration->json().is_number() || !std::isfinite(value) || !(value > 0.0)) {
        duration->fail_expected("a number > 0, or null (until fixed)");
      }
      fault.duration_s = value;
    }
    fault.error_probability = r.number("error_probability", Range::probability());
    fault.latency_factor = r.number_or("latency_factor", 1.0, Range::greater_than(0.0));
    return fault;
  }

  model::AlertRuleSpec read_alert(const JsonReader& r) const {
    r.expect_object("an alert object");
    r.allow_only({"name", "service", "metric", "window_s", "threshold", "for_s", "evaluation_interval_s",
                  "evaluation_offset_s"});
    model::AlertRuleSpec alert;
    alert.name = r.string("name", true);
    alert.service = read_service_ref(r);
    r.choice_or("metric", 0, {"error_ratio"}, "alert metric");
    alert.window_s = r.number_or("window_s", 300.0, Range::greater_than(0.0));
    alert.threshold = r.number("threshold", Range::probability());
    alert.for_s = r.number_or("for_s", 0.0, Range::at_least(0.0));
    alert.evaluation_interval_s = r.number_or("evaluation_interval_s", 60.0, Range::greater_than(0.0));
    alert.evaluation_offset_s =
        r.number_or("evaluation_offset_s", 0.0,
                    Range::at_least(0.0).and_less_than(alert.evaluation_interval_s, "evaluation_interval_s"));
    return alert;
  }

  model::ResponderSpec read_responder(const JsonReader& r) const {
    r.expect_object("a responder object");
    r.allow_only({"name", "group_wait_s", "ack", "assess"});
    model::ResponderSpec responder;
    responder.name = r.string_or("name", "on-call", true);
    responder.group_wait_s = r.number_or("group_wait_s", 30.0, Range::at_least(0.0));
    responder.ack = read_distribution(r.at("ack", kDistributionExpected));
    responder.assess = read_distribution(r.at("assess", kDistributionExpected));
    return responder;
  }

  model::PlanSpec read_plan(const JsonReader& r) const {
    r.expect_object("a plan object");
    r.allow_only({"name", "steps"});
    model::PlanSpec plan;
    plan.name = r.string("name", true);
    const char* steps_expected = "a non-empty array of step objects";
    for (const auto& step : r.at("steps", steps_expected).as_array(steps_expected, true)) {
      plan.steps.push_back(read_step(step));
    }
    return plan;
  }

  model::StepSpec read_step(const JsonReader& r) const {
    using Action = model::StepSpec::Action;
    r.expect_object("a step object");
    static const std::vector<std::string_view> actions{"shift_traffic", "scale", "wait", "verify"};
    // Indexed like `actions`: the keys each action takes besides name, action and duration.
    static const std::vector<std::vector<std::string_view>> extra_keys{
        {"service", "weights"}, {"service", "version", "replicas"}, {}, {"service", "window_s"}};
    if (!r.has("action")) {
      r.allow_only({"name", "action", "duration", "service", "weights", "version", "replicas", "window_s"});
    }
    const std::size_t action = r.choice("action", actions, "action");
    std::vector<std::string_view> allowed{"name", "action", "duration"};
    allowed.insert(allowed.end(), extra_keys[action].begin(), extra_keys[action].end());
    r.allow_only(allowed, takes("step", actions[action]));

    model::StepSpec step;
    step.name = r.string("name", true);
    step.action = static_cast<Action>(action);
    if (step.action == Action::Wait) {
      step.duration = read_distribution(r.at("duration", kDistributionExpected));
    } else if (const auto duration = r.find("duration")) {
      step.duration = read_distribution(*duration);
    }
    switch (step.action) {
      case Action::ShiftTraffic:
        step.service = read_service_ref(r);
        step.weights = read_weights(r.at("weights", kWeightsExpected));
        break;
      case Action::Scale:
        step.service = read_service_ref(r);
        step.version = static_cast<model::Version>(r.choice("version", kVersionNames, "version"));
        step.replicas = static_cast<int>(r.integer("replicas", Range::at_least(0.0), kIntLimit));
        break;
      case Action::Wait:
        break;
      case Action::Verify:
        step.service = read_service_ref(r);
        step.window_s = r.number_or("window_s", 60.0, Range::greater_than(0.0));
        break;
    }
    return step;
  }

  model::ObjectiveSpec read_objective(const JsonReader& r) const {
    r.expect_object("an objective object");
    r.allow_only({"service", "rto_s", "rpo_s"});
    model::ObjectiveSpec objective;
    objective.service = read_service_ref(r);
    objective.rto_s = r.number("rto_s", Range::greater_than(0.0));
    objective.rpo_s = r.number("rpo_s", Range::at_least(0.0));
    return objective;
  }

  double duration_s_ = 0.0;
  std::vector<std::string> service_names_;
};

}  // namespace

model::Scenario load_scenario(const std::filesystem::path& file) {
  const std::string label = file.string();
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) {
    throw InputError(label, "", "cannot read file: " + std::generic_category().message(EISDIR));
  }
  errno = 0;
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    const int error = errno;
    throw InputError(
        label, "",
        "cannot read file: " + (error != 0 ? std::generic_category().message(error) : "cannot open"));
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw InputError(label, "", "cannot read file: read error");
  return parse_scenario(text.str(), label);
}

model::Scenario parse_scenario(std::string_view json_text, const std::string& file_label) {
  const Json document = parse_json(json_text, file_label);
  model::Scenario scenario = ScenarioReader().read(JsonReader(document, file_label));
  scenario.source_file = file_label;
  return scenario;
}

}  // namespace drillsim::io
