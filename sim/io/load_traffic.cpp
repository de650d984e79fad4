// Services and deployments (docs/scenario-format.md, "Services" and "Deployments"): each service's
// versions, traffic and rate profile, SLO, routing, pods and rollout strategy, request classes and calls;
// the call graph (no cycle, bounded depth) and the request budget of the whole drill.

#include <algorithm>
#include <cctype>
#include <climits>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numbers>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "io/json_reader.hpp"
#include "io/scenario_reading.hpp"
#include "schema/description.hpp"

namespace drillsim::io::detail {

namespace {

constexpr std::int64_t kUint32Limit = UINT32_MAX;
// Limits (docs/cli.md, "Limits"): each bounds what one drill may cost, whatever the input.
constexpr double kMaxRps = 1e6;  // A rate (requests per second) of any profile.

constexpr std::int64_t kMaxReplicas = 1000;  // Replicas of one version of a service.
constexpr std::size_t kMaxCallDepth = 8;     // Services on the longest chain of calls, after the first.

const Range kRpsRange = Range::at_least(0.0).and_at_most(kMaxRps);

constexpr const char* kIntOrPercentExpected =
    "an integer >= 0 (pods) or a percentage (digits then %, such as \"25%\")";

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
         c == '-';
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
      rate.rps = r.number("rps", kRpsRange);
      break;
    case 1: {
      r.allow_only({"kind", "rps", "steps"}, takes_text);
      rate.kind = Kind::Steps;
      rate.rps = r.number("rps", kRpsRange);
      const char* steps_expected = "a non-empty array of {\"from_s\": t, \"rps\": x} objects";
      for (const auto& step_reader : r.at("steps", steps_expected).as_array(steps_expected, true)) {
        step_reader.expect_object("a rate step object {\"from_s\": t, \"rps\": x}");
        step_reader.allow_only({"from_s", "rps"});
        model::RateProfile::Step step;
        step.from_s = step_reader.number(
            "from_s", rate.steps.empty()
                          ? Range::at_least(0.0)
                          : Range::greater_than(rate.steps.back().from_s, "the previous from_s"));
        step.rps = step_reader.number("rps", kRpsRange);
        rate.steps.push_back(step);
      }
      break;
    }
    default:
      r.allow_only({"kind", "mean_rps", "amplitude", "period_s", "peak_s"}, takes_text);
      rate.kind = Kind::Diurnal;
      rate.rps = r.number("mean_rps", kRpsRange);
      rate.amplitude = r.number("amplitude", Range::probability());
      rate.period_s =
          number_or_described(r, "services/[]/traffic/rate/kind=diurnal/period_s", Range::greater_than(0.0));
      rate.peak_s = number_or_described(r, "services/[]/traffic/rate/kind=diurnal/peak_s");
      break;
  }
  return rate;
}

model::VersionSpec read_version(const JsonReader& r) {
  r.expect_object("a version object {\"replicas\": n, \"error_probability\": p, \"latency_factor\": f}");
  r.allow_only({"replicas", "error_probability", "latency_factor", "shutdown"});
  model::VersionSpec version;
  version.replicas = static_cast<int>(
      r.integer("replicas", Range::at_least(0.0).and_at_most(static_cast<double>(kMaxReplicas))));
  version.error_probability =
      number_or_described(r, "services/[]/versions/stable/error_probability", Range::probability());
  version.latency_factor =
      number_or_described(r, "services/[]/versions/stable/latency_factor", Range::greater_than(0.0));
  version.shutdown = distribution_or_described(r, "services/[]/versions/stable/shutdown");
  return version;
}

// maxSurge / maxUnavailable: a non-negative integer (pods) or a string of digits then "%" (at most
// max_percent: Kubernetes allows a surge above 100%, not an unavailability).
model::IntOrPercent read_int_or_percent(const JsonReader& r, int max_percent) {
  const Json& json = r.json();
  if (json.is_number()) {
    const double value = json.get<double>();
    if (!std::isfinite(value) || std::floor(value) != value || value < 0.0 ||
        value > static_cast<double>(kIntLimit)) {
      r.fail_expected(kIntOrPercentExpected);
    }
    return model::IntOrPercent{false, value};
  }
  if (!json.is_string()) r.fail_expected(kIntOrPercentExpected);
  const auto& text = json.get_ref<const std::string&>();
  if (text.size() < 2 || text.back() != '%') r.fail_expected(kIntOrPercentExpected);
  int percent = 0;
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    const char c = text[i];
    if (c < '0' || c > '9') r.fail_expected(kIntOrPercentExpected);
    percent = percent * 10 + (c - '0');
    if (percent > max_percent) {
      r.fail("expected at most " + std::to_string(max_percent) + "%, found " + describe_found(json));
    }
  }
  return model::IntOrPercent{true, static_cast<double>(percent)};
}

bool is_zero(const model::IntOrPercent& value) {
  return value.value == 0.0;
}

// The pods section's defaults are the description's (sim/schema), the one place they are written, as the
// SLO's are; an absent "pods" or "readiness" is read as {}, so model::PodSpec's initializers never reach a
// loaded scenario.
double pods_default(std::string_view key) {
  return schema::default_number(schema::Format::Scenario, "services/[]/pods/" + std::string(key));
}

model::PodSpec read_pods(const JsonReader& r) {
  r.expect_object("a pods object");
  r.allow_only(
      {"container_start", "start", "readiness", "pre_stop", "termination_grace_period_s", "min_ready_s"});
  model::PodSpec pods;
  const auto distribution = [&r](std::string_view key) {
    const auto given = r.find(key);
    return given ? read_distribution(*given) : model::Distribution::fixed(pods_default(key));
  };
  pods.container_start = distribution("container_start");
  pods.start = distribution("start");
  pods.pre_stop = distribution("pre_stop");
  const Json no_readiness = Json::object();
  const auto readiness =
      r.has("readiness")
          ? r.find("readiness")
          : std::optional<JsonReader>(JsonReader(no_readiness, r.file(), r.pointer() + "/readiness"));
  readiness->expect_object("a readiness probe object");
  readiness->allow_only({"initial_delay_s", "period_s", "success_threshold", "failure_threshold"});
  const auto probe_count = [&readiness](std::string_view key) {
    const auto fallback = static_cast<std::int64_t>(pods_default("readiness/" + std::string(key)));
    return static_cast<int>(readiness->integer_or(key, fallback, Range::at_least(1.0), kIntLimit));
  };
  pods.readiness_initial_delay_s = readiness->number_or(
      "initial_delay_s", pods_default("readiness/initial_delay_s"), Range::at_least(0.0));
  pods.readiness_period_s =
      readiness->number_or("period_s", pods_default("readiness/period_s"), Range::at_least(1.0));
  pods.readiness_success_threshold = probe_count("success_threshold");
  pods.readiness_failure_threshold = probe_count("failure_threshold");
  pods.termination_grace_period_s = r.number_or(
      "termination_grace_period_s", pods_default("termination_grace_period_s"), Range::at_least(0.0));
  pods.min_ready_s = r.number_or("min_ready_s", pods_default("min_ready_s"), Range::at_least(0.0));
  return pods;
}

model::StrategySpec read_strategy(const JsonReader& r) {
  using Kind = model::StrategySpec::Kind;
  r.expect_object("a strategy object");
  r.allow_only({"type", "max_surge", "max_unavailable", "progress_deadline_s"});
  static const std::vector<std::string_view> types{"RollingUpdate", "Recreate"};  // Indexed by Kind.
  model::StrategySpec strategy;
  strategy.kind =
      static_cast<Kind>(choice_or_described(r, "services/[]/strategy/type", types, "strategy type"));
  if (strategy.kind == Kind::Recreate) {
    for (const auto& item : r.json().items()) {
      if (item.key() != "max_surge" && item.key() != "max_unavailable") continue;
      r.at(item.key(), "")
          .fail("\"Recreate\" takes no " + item.key() +
                ": it deletes every old pod, then creates the new ones; max_surge and "
                "max_unavailable are for \"RollingUpdate\"");
    }
  }
  // Absent (always so for "Recreate"): the description's default, read as the key would be.
  const auto int_or_percent = [&r](std::string_view key, int max_percent) {
    const auto given = r.find(key);
    return read_int_or_percent(given
                                   ? *given
                                   : JsonReader(described_default("services/[]/strategy/" + std::string(key)),
                                                r.file(), r.pointer() + "/" + std::string(key)),
                               max_percent);
  };
  strategy.max_surge = int_or_percent("max_surge", 100000);
  strategy.max_unavailable = int_or_percent("max_unavailable", 100);
  strategy.progress_deadline_s =
      number_or_described(r, "services/[]/strategy/progress_deadline_s", Range::greater_than(0.0));
  if (strategy.kind == Kind::RollingUpdate && is_zero(strategy.max_surge) &&
      is_zero(strategy.max_unavailable)) {
    r.fail("max_surge and max_unavailable cannot both be 0, found " +
           describe_found(r.json().at("max_surge")) + " and " +
           describe_found(r.json().at("max_unavailable")) +
           ": the rollout could neither add a pod nor take one away; make one of them at least 1 or a "
           "percentage above 0");
  }
  return strategy;
}

// The requests a rate profile sends over [0, duration_s]: its integral.
double expected_requests(const model::RateProfile& rate, double duration_s) {
  using Kind = model::RateProfile::Kind;
  switch (rate.kind) {
    case Kind::Constant:
      return rate.rps * duration_s;
    case Kind::Steps: {
      double total = 0.0;
      double from = 0.0;
      double rps = rate.rps;
      for (const auto& step : rate.steps) {
        const double until = std::min(step.from_s, duration_s);
        if (until > from) total += rps * (until - from);
        from = std::max(from, until);
        rps = step.rps;
      }
      if (duration_s > from) total += rps * (duration_s - from);
      return total;
    }
    case Kind::Diurnal: {
      // rps * (1 + a cos(w (t - peak))), never negative since a <= 1: integral of the cosine in closed form.
      const double w = 2.0 * std::numbers::pi / rate.period_s;
      const double swing =
          rate.amplitude / w * (std::sin(w * (duration_s - rate.peak_s)) - std::sin(w * (0.0 - rate.peak_s)));
      return std::max(0.0, rate.rps * (duration_s + swing));
    }
  }
  return rate.max_rate() * duration_s;
}

}  // namespace

// Traffic weights mean nothing to a service that routes by pods: say so rather than ignore them.
void ScenarioReader::reject_weights_on_pod_routing(const JsonReader& r, const std::string& service,
                                                   const char* what) const {
  for (std::size_t i = 0; i < service_names_.size(); ++i) {
    if (service_names_[i] != service || !routes_by_pods_[i]) continue;
    r.at("weights", kWeightsExpected)
        .fail(std::string(what) + " sets traffic weights, but service \"" + service +
              "\" has \"routing\": \"pods\": its traffic follows the Ready pods of each version; change the "
              "pods (scale, rollout_undo, set_image) or use \"routing\": \"weights\"");
  }
}

model::ServiceSpec ScenarioReader::read_service(const JsonReader& r) const {
  r.expect_object("a service object");
  r.allow_only({"name", "service_time", "max_queue", "versions", "weights", "traffic", "slo", "routing",
                "pods", "strategy", "request_classes", "calls", "zones"});
  model::ServiceSpec service;
  service.zones = static_cast<int>(integer_or_described(r, "services/[]/zones", Range::at_least(1.0), 1000));

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

  service.max_queue =
      static_cast<int>(integer_or_described(r, "services/[]/max_queue", Range::at_least(1.0), kIntLimit));

  const JsonReader versions =
      r.at("versions", "a versions object {\"stable\": {\"replicas\": n}, \"new\": {\"replicas\": n}}");
  versions.expect_object("a versions object {\"stable\": {\"replicas\": n}, \"new\": {\"replicas\": n}}");
  versions.allow_only(kVersionNames);
  service.versions[static_cast<int>(model::Version::Stable)] =
      read_version(versions.at("stable", "a version object {\"replicas\": n}"));
  // Absent "new" and "weights": the description's defaults, read as the keys would be.
  const auto given_or_described = [&](const JsonReader& object, std::string_view key, std::string_view path) {
    const auto given = object.find(key);
    return given ? *given
                 : JsonReader(described_default(path), object.file(),
                              object.pointer() + "/" + std::string(key));
  };
  service.versions[static_cast<int>(model::Version::New)] =
      read_version(given_or_described(versions, "new", "services/[]/versions/new"));

  service.weights = read_weights(given_or_described(r, "weights", "services/[]/weights"));

  const char* traffic_expected = "a traffic object {\"rate\": {...}, \"users\": n}";
  const JsonReader traffic = r.at("traffic", traffic_expected);
  traffic.expect_object(traffic_expected);
  traffic.allow_only({"rate", "users"});
  service.traffic.rate = read_rate(traffic.at("rate", "a rate profile object"));
  service.traffic.users = static_cast<std::uint32_t>(
      integer_or_described(traffic, "services/[]/traffic/users", Range::at_least(1.0), kUint32Limit));

  // The SLO's defaults are the description's (sim/schema), the one place they are written; an absent
  // "slo" is read as {}.
  const Json no_slo = Json::object();
  const auto slo = r.has("slo")
                       ? r.find("slo")
                       : std::optional<JsonReader>(JsonReader(no_slo, r.file(), r.pointer() + "/slo"));
  {
    slo->expect_object("an slo object");
    slo->allow_only({"max_error_ratio", "max_p95_latency_s", "sli_window_s", "stabilisation_window_s"});
    const auto fallback = [](std::string_view key) {
      return schema::default_number(schema::Format::Scenario, "services/[]/slo/" + std::string(key));
    };
    service.slo.max_error_ratio =
        slo->number_or("max_error_ratio", fallback("max_error_ratio"), Range::probability());
    service.slo.max_p95_latency_s =
        slo->number_or("max_p95_latency_s", fallback("max_p95_latency_s"), Range::greater_than(0.0));
    service.slo.sli_window_s = slo->number_or("sli_window_s", fallback("sli_window_s"), Range::at_least(1.0));
    service.slo.stabilisation_window_s =
        slo->number_or("stabilisation_window_s", fallback("stabilisation_window_s"), Range::at_least(1.0));
  }

  static const std::vector<std::string_view> routings{"weights", "pods"};  // Indexed by model::Routing.
  service.routing =
      static_cast<model::Routing>(choice_or_described(r, "services/[]/routing", routings, "routing"));
  const Json no_pods = Json::object();
  service.pods =
      read_pods(r.has("pods") ? *r.find("pods") : JsonReader(no_pods, r.file(), r.pointer() + "/pods"));
  const Json no_strategy = Json::object();  // Absent: {}, every key its default.
  service.strategy = read_strategy(
      r.has("strategy") ? *r.find("strategy") : JsonReader(no_strategy, r.file(), r.pointer() + "/strategy"));
  if (const auto classes = r.find("request_classes")) {
    double total_share = 0.0;
    for (const auto& item : classes->as_array("an array of request class objects")) {
      item.expect_object("a request class object {\"name\": \"...\", \"share\": p, \"value\": v}");
      item.allow_only({"name", "share", "value"});
      model::RequestClass request_class;
      request_class.name = item.string("name", true);
      for (const auto& known : service.request_classes) {
        if (known.name == request_class.name) {
          item.at("name", "").fail("duplicate request class \"" + request_class.name + "\"");
        }
      }
      request_class.share = item.number("share", Range::greater_than(0.0).and_at_most(1.0));
      request_class.value = item.number("value", Range::at_least(0.0));
      total_share += request_class.share;
      if (total_share > 1.0 + 1e-9) {
        item.at("share", "")
            .fail("the request classes' shares add up to " + format_number(total_share) +
                  ", more than 1 (the whole of the service's requests)");
      }
      service.request_classes.push_back(std::move(request_class));
    }
  }
  return service;
}

model::DeploymentSpec ScenarioReader::read_deployment(const JsonReader& r) const {
  r.expect_object("a deployment object");
  r.allow_only({"service", "at_s", "weights"});
  model::DeploymentSpec deployment;
  deployment.service = read_service_ref(r);
  deployment.at_s = r.number("at_s", instant_range());
  deployment.weights = read_weights(r.at("weights", kWeightsExpected));
  return deployment;
}

// Each service's "calls", once every service is known. The call graph must have no cycle: a request
// would call itself.
void ScenarioReader::read_calls(const std::vector<JsonReader>& services, model::Scenario& scenario) const {
  std::vector<std::vector<std::pair<std::size_t, const JsonReader*>>> edges(services.size());
  std::vector<std::vector<JsonReader>> readers(services.size());
  for (std::size_t s = 0; s < services.size(); ++s) {
    const auto calls = services[s].find("calls");
    if (!calls) continue;
    readers[s] = calls->as_array("an array of call objects ({\"service\", \"fanout\", \"timeout_s\"})");
    for (const auto& c : readers[s]) {
      c.expect_object("a call object");
      c.allow_only({"service", "fanout", "timeout_s"});
      model::CallSpec call;
      call.service = read_service_ref(c);
      call.fanout = static_cast<int>(
          integer_or_described(c, "services/[]/calls/[]/fanout", Range::at_least(1.0).and_at_most(100.0)));
      call.timeout_s = number_or_described(c, "services/[]/calls/[]/timeout_s", Range::greater_than(0.0));
      scenario.services[s].calls.push_back(call);
    }
    for (std::size_t i = 0; i < readers[s].size(); ++i) {
      const auto target =
          static_cast<std::size_t>(scenario.service_index(scenario.services[s].calls[i].service));
      edges[s].emplace_back(target, &readers[s][i]);
    }
  }
  find_cycle(edges, [&](const std::vector<std::size_t>& cycle, const JsonReader* where) {
    where->at("service", "")
        .fail("call cycle: " + describe_cycle(cycle, [&](std::size_t k) { return service_names_[k]; }) +
              "; a request would wait for itself");
  });
}

// Requests per request that enters `service`: itself, and each call's fan-out times what the callee's
// requests cost in turn. Also checks the depth of the longest chain of calls (kMaxCallDepth): with a
// fan-out of up to 100 per call, depth multiplies the work of one request.
// REQUIRES: the call graph has no cycle (read_calls checked it).
double ScenarioReader::requests_per_request(const std::vector<JsonReader>& services,
                                            const model::Scenario& scenario, std::size_t service,
                                            std::vector<double>& memo,
                                            std::vector<std::size_t>& depth) const {
  if (memo[service] > 0.0) return memo[service];
  double total = 1.0;
  std::size_t deepest = 0;
  const auto& calls = scenario.services[service].calls;
  for (const auto& call : calls) {
    const auto target = static_cast<std::size_t>(scenario.service_index(call.service));
    total += call.fanout * requests_per_request(services, scenario, target, memo, depth);
    deepest = std::max(deepest, depth[target] + 1);
  }
  if (deepest > kMaxCallDepth) {
    services[service]
        .at("calls", "")
        .fail("a chain of calls " + std::to_string(deepest) +
              " services deep from here is over the limit of " + std::to_string(kMaxCallDepth));
  }
  depth[service] = deepest;
  memo[service] = total;
  return total;
}

// The requests a drill would simulate (each service's traffic over duration_s, times what one of its
// requests costs in calls) must fit the budget (LoadLimits::max_requests): rates and durations that
// pass every range can still ask for years of computing.
void ScenarioReader::check_request_budget(const std::vector<JsonReader>& services,
                                          const model::Scenario& scenario) const {
  std::vector<double> memo(scenario.services.size(), 0.0);
  std::vector<std::size_t> depth(scenario.services.size(), 0);
  double total = 0.0;
  double largest = -1.0;
  std::size_t largest_at = 0;
  for (std::size_t s = 0; s < scenario.services.size(); ++s) {
    const double requests = expected_requests(scenario.services[s].traffic.rate, scenario.duration_s) *
                            requests_per_request(services, scenario, s, memo, depth);
    total += requests;
    if (requests > largest) {
      largest = requests;
      largest_at = s;
    }
  }
  if (!(total <= limits_.max_requests)) {
    services[largest_at]
        .at("traffic", "")
        .fail("the drill would simulate about " + format_number(std::round(total)) +
              " requests (each service's rate over duration_s, times its calls' fan-out), over the limit "
              "of " +
              format_number(limits_.max_requests) +
              "; lower the rates or duration_s, or raise the limit with --max-requests");
  }
}

}  // namespace drillsim::io::detail
