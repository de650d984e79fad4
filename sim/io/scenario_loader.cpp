// The scenario format, field by field. Each read_* function takes a reader positioned on one JSON value,
// checks its keys first (so a typo is reported as a typo rather than as a missing field), then reads each
// field with its range and default. The order of checks fixes which error a user sees first: keys, then
// fields in the order docs/scenario-format.md lists them, then rules across fields.
#include "io/scenario_loader.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <system_error>
#include <utility>
#include <variant>
#include <vector>

#include "io/input_error.hpp"
#include "io/json_reader.hpp"
#include "io/units.hpp"
#include "promql/alertmanager.hpp"
#include "promql/rule_file.hpp"
#include "promql/yaml.hpp"
#include "schema/description.hpp"

namespace drillsim::io {

namespace {

using model::Distribution;

constexpr double kMaxDurationS = 2592000.0;  // 30 days.
constexpr double kWeightsTolerance = 1e-9;
constexpr std::int64_t kIntLimit = INT_MAX;
constexpr std::int64_t kUint32Limit = UINT32_MAX;
// Limits (docs/cli.md, "Limits"): each bounds what one drill may cost, whatever the input.
constexpr double kMaxRps = 1e6;              // A rate (requests per second) of any profile.
constexpr std::size_t kMaxServices = 100;    // Services in a scenario.
constexpr std::int64_t kMaxReplicas = 1000;  // Replicas of one version of a service.
constexpr std::size_t kMaxCallDepth = 8;     // Services on the longest chain of calls, after the first.
constexpr double kMinIntervalS = 1.0;        // An alert's evaluation interval.
const Range kRpsRange = Range::at_least(0.0).and_at_most(kMaxRps);

constexpr const char* kDistributionExpected =
    "a duration in seconds (a number >= 0) or a distribution object with a \"kind\"";
constexpr const char* kWeightsExpected = "a weights object {\"stable\": w, \"new\": w}";
constexpr const char* kNameExpected = "a non-empty name made of letters, digits, \"_\", \".\" and \"-\"";
constexpr const char* kServiceRefExpected = "the name of a service";
constexpr const char* kIntOrPercentExpected =
    "an integer >= 0 (pods) or a percentage (digits then %, such as \"25%\")";
constexpr const char* kStepsExpected = "a non-empty array of step objects";

const std::vector<std::string_view> kVersionNames{"stable", "new"};  // Indexed by model::Version.

// --- Defaults. Every key the loader reads with a default takes the scenario description's (sim/schema),
// the one place defaults are written: `path` is the key's path in the description ("stores/[]/size_gb",
// "fault/kind=memory_leak/leak_mb_per_s"), its last part the key read, so key and default cannot part.
// A path the description lacks, or whose field has no default of that type, is a bug (std::logic_error
// or std::out_of_range), which every test that loads the section finds.

std::string_view key_of(std::string_view path) {
  return path.substr(path.rfind('/') + 1);
}

const schema::Json& described_default(std::string_view path) {
  const schema::Field& field = schema::field_at(schema::Format::Scenario, path);
  if (!field.has_default) throw std::logic_error("scenario description: " + std::string(path) + " has no default");
  return field.default_value;
}

double number_or_described(const JsonReader& r, std::string_view path, const Range& range = {}) {
  return r.number_or(key_of(path), schema::default_number(schema::Format::Scenario, path), range);
}

std::int64_t integer_or_described(const JsonReader& r, std::string_view path, const Range& range = {},
                                  std::int64_t limit = std::numeric_limits<std::int64_t>::max()) {
  const schema::Json& fallback = described_default(path);
  if (!fallback.is_number_integer())
    throw std::logic_error("scenario description: " + std::string(path) + " has no integer default");
  return r.integer_or(key_of(path), fallback.get<std::int64_t>(), range, limit);
}

bool boolean_or_described(const JsonReader& r, std::string_view path) {
  return r.boolean_or(key_of(path), described_default(path).get<bool>());
}

std::string string_or_described(const JsonReader& r, std::string_view path, bool non_empty = false) {
  return r.string_or(key_of(path), described_default(path).get<std::string>(), non_empty);
}

// The index in `choices` of the key's value, or of the described default.
std::size_t choice_or_described(const JsonReader& r, std::string_view path,
                                const std::vector<std::string_view>& choices, std::string_view noun) {
  const std::string fallback = described_default(path).get<std::string>();
  const auto it = std::find(choices.begin(), choices.end(), fallback);
  if (it == choices.end())
    throw std::logic_error("scenario description: " + std::string(path) + "'s default is not a choice");
  return r.choice_or(key_of(path), static_cast<std::size_t>(it - choices.begin()), choices, noun);
}

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
      rate.period_s = number_or_described(r, "services/[]/traffic/rate/kind=diurnal/period_s", Range::greater_than(0.0));
      rate.peak_s = number_or_described(r, "services/[]/traffic/rate/kind=diurnal/peak_s");
      break;
  }
  return rate;
}

// A duration (a number or a distribution object) with the description's default, a fixed value.
Distribution distribution_or_described(const JsonReader& r, std::string_view path) {
  const auto given = r.find(key_of(path));
  return given ? read_distribution(*given)
               : Distribution::fixed(schema::default_number(schema::Format::Scenario, path));
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
      r.has("readiness") ? r.find("readiness")
                         : std::optional<JsonReader>(JsonReader(no_readiness, r.file(), r.pointer() + "/readiness"));
  readiness->expect_object("a readiness probe object");
  readiness->allow_only({"initial_delay_s", "period_s", "success_threshold", "failure_threshold"});
  const auto probe_count = [&readiness](std::string_view key) {
    const auto fallback = static_cast<std::int64_t>(pods_default("readiness/" + std::string(key)));
    return static_cast<int>(readiness->integer_or(key, fallback, Range::at_least(1.0), kIntLimit));
  };
  pods.readiness_initial_delay_s =
      readiness->number_or("initial_delay_s", pods_default("readiness/initial_delay_s"), Range::at_least(0.0));
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
  strategy.kind = static_cast<Kind>(choice_or_described(r, "services/[]/strategy/type", types, "strategy type"));
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
    return read_int_or_percent(given ? *given
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

// closest_match, unless another candidate is as close: "Level 3" is as close to "Level 1" as to
// "Level 2", and suggesting either would be a guess.
std::optional<std::string_view> unambiguous_match(std::string_view word,
                                                  const std::vector<std::string_view>& candidates) {
  const auto best = closest_match(word, candidates);
  if (!best) return best;
  const std::size_t distance = edit_distance(word, *best);
  for (const auto candidate : candidates) {
    if (candidate != *best && edit_distance(word, candidate) == distance) return std::nullopt;
  }
  return best;
}

// A comma-separated list: "a, b, c".
std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& word : words)
    out += (out.empty() ? "" : ", ") + word;
  return out;
}

// Depth-first over a directed graph of `n` nodes, from each node in order. `edges[k]` lists node k's
// edges as (target, tag). The first edge that leads back to a node on the current path closes a cycle:
// on_cycle(nodes of the cycle from that node on, tag of the closing edge) is called, and is expected to
// throw. REQUIRES: every target < n.
template <class Tag, class OnCycle>
void find_cycle(const std::vector<std::vector<std::pair<std::size_t, Tag>>>& edges, OnCycle on_cycle) {
  enum class Mark { Unseen, OnPath, Done };
  std::vector<Mark> marks(edges.size(), Mark::Unseen);
  std::vector<std::size_t> path;
  const auto visit = [&](const auto& self, std::size_t node) -> void {
    marks[node] = Mark::OnPath;
    path.push_back(node);
    for (const auto& [target, tag] : edges[node]) {
      if (marks[target] == Mark::OnPath) {
        std::vector<std::size_t> cycle(std::find(path.begin(), path.end(), target), path.end());
        cycle.push_back(target);
        on_cycle(cycle, tag);
      }
      if (marks[target] == Mark::Unseen) self(self, target);
    }
    path.pop_back();
    marks[node] = Mark::Done;
  };
  for (std::size_t node = 0; node < edges.size(); ++node) {
    if (marks[node] == Mark::Unseen) visit(visit, node);
  }
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

// "a" -> "b" -> "a", naming each node of a cycle.
template <class Name>
std::string describe_cycle(const std::vector<std::size_t>& cycle, Name name) {
  std::string text;
  for (const std::size_t node : cycle)
    text += (text.empty() ? "\"" : " -> \"") + std::string(name(node)) + "\"";
  return text;
}

// A file a scenario names (a plan, a rule file, an Alertmanager config), read beside it. `name`, held by
// `field`, resolves against the scenario's directory and must stay inside it: a relative name without
// "..", so a scenario from elsewhere cannot make drillsim read (and quote) any file the user can read.
// `what` names it in the errors ("the rule file").
struct FileBeside {
  std::filesystem::path path;
  std::string text;
};
FileBeside read_file_beside(const JsonReader& field, const std::string& name, const std::string& what) {
  const std::filesystem::path relative(name);
  const bool climbs = std::any_of(relative.begin(), relative.end(),
                                  [](const std::filesystem::path& part) { return part == ".."; });
  if (relative.is_absolute() || relative.has_root_name() || relative.has_root_directory() || climbs) {
    field.fail(what + " \"" + excerpt(name) +
               "\" must be a relative path inside the scenario's directory (no leading \"/\", no \"..\")");
  }
  FileBeside file{std::filesystem::path(field.file()).parent_path() / relative, {}};
  try {
    file.text = read_text_file(file.path);
  } catch (const InputError& e) {
    field.fail("cannot read " + what + " \"" + excerpt(name) + "\": " + e.problem());
  }
  return file;
}

class ScenarioReader {
 public:
  explicit ScenarioReader(const LoadLimits& limits) : limits_(limits) {}

  model::Scenario read(const JsonReader& root) {
    root.expect_object("a scenario object");
    root.allow_only({"$schema",      "name",        "description", "duration_s", "seed",
                     "services",     "stores",      "deployments", "fault",      "alert",
                     "alerts",       "probes",      "smoke_tests", "complaints", "integrity_checks",
                     "alertmanager", "responder",   "decision",    "plan",       "objectives",
                     "conditions",   "assumptions", "detection",   "flags"});
    // "$schema": the JSON Schema an editor checks the file against (`drillsim schema`); not read further.
    if (const auto schema_uri = root.find("$schema")) schema_uri->as_string();
    model::Scenario scenario;
    scenario.name = root.string("name", true);
    scenario.description = string_or_described(root, "description");
    if (const auto assumptions = root.find("assumptions")) {
      for (const auto& assumption : assumptions->as_array("an array of non-empty strings"))
        scenario.assumptions.push_back(assumption.as_string(true));
    }
    scenario.duration_s = root.number("duration_s", Range::greater_than(0.0).and_at_most(kMaxDurationS));
    duration_s_ = scenario.duration_s;
    if (const auto seed = root.find("seed")) scenario.seed = seed->as_uint64();

    const char* services_expected = "a non-empty array of service objects";
    const auto services = root.at("services", services_expected).as_array(services_expected, true);
    if (services.size() > kMaxServices) {
      root.at("services", "")
          .fail("a scenario of " + std::to_string(services.size()) + " services is over the limit of " +
                std::to_string(kMaxServices));
    }
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

    if (const auto stores = root.find("stores")) {
      const auto readers = stores->as_array("an array of data store objects");
      for (std::size_t i = 0; i < readers.size(); ++i) {
        scenario.stores.push_back(read_store(readers[i]));
        const std::string& name = scenario.stores.back().name;
        for (std::size_t j = 0; j < i; ++j) {
          if (scenario.stores[j].name == name) {
            readers[i]
                .at("name", kNameExpected)
                .fail("duplicate store name \"" + name + "\" (already used by " + readers[j].pointer() + ")");
          }
        }
        store_names_.push_back(name);
        store_has_migration_.push_back(scenario.stores.back().migration.has_value());
      }
    }
    for (const auto& service : scenario.services)
      routes_by_pods_.push_back(service.routing == model::Routing::Pods);
    service_specs_ = &scenario.services;
    read_calls(services, scenario);
    check_request_budget(services, scenario);

    if (const auto deployments = root.find("deployments")) {
      for (const auto& deployment : deployments->as_array("an array of deployment objects")) {
        scenario.deployments.push_back(read_deployment(deployment));
        reject_weights_on_pod_routing(deployment, scenario.deployments.back().service, "a deployment");
      }
    }
    if (const auto fault = root.find("fault")) {
      scenario.fault = read_fault(*fault);
      fault_flag_ = scenario.fault->flag;
    }
    // Feature flags the system has besides the fault's: a disable_flag step on one takes its time and
    // ends no fault.
    if (const auto flags = root.find("flags")) {
      for (const auto& flag : flags->as_array("an array of non-empty flag names")) {
        std::string name = flag.as_string(true);
        if (name == fault_flag_ ||
            std::find(scenario.flags.begin(), scenario.flags.end(), name) != scenario.flags.end())
          flag.fail("flag \"" + name + "\" is declared twice" +
                    (name == fault_flag_ ? std::string(" (the fault is behind it)") : std::string()));
        scenario.flags.push_back(std::move(name));
      }
    }
    declared_flags_ = scenario.flags;
    read_detection(root, scenario);
    if (const auto responder = root.find("responder")) {
      scenario.responder = read_responder(*responder);
      // responder.group_wait_s: the older place of Alertmanager's group_wait, still read.
      if (responder->has("group_wait_s")) {
        const auto alertmanager = root.find("alertmanager");
        if (alertmanager && (alertmanager->has("group_wait") || alertmanager->has("group_wait_s"))) {
          responder->at("group_wait_s", "")
              .fail(
                  "group_wait is set twice: here and in \"alertmanager\"; keep the one in \"alertmanager\"");
        }
        scenario.alertmanager.group_wait_s = responder->number("group_wait_s", Range::at_least(0.0));
      }
    }
    check_receivers(root, scenario);
    if (scenario.alertmanager.config && root.find("responder") && root.find("responder")->has("group_wait_s"))
      root.find("responder")
          ->at("group_wait_s", "")
          .fail("with an Alertmanager \"config\", its route tree sets group_wait");
    // The conditions that hold in this scenario: a plan step with a "when" runs only if its text is one.
    if (const auto conditions = root.find("conditions")) {
      for (const auto& c : conditions->as_array("an array of the plan's \"when\" texts that hold here"))
        scenario.conditions.push_back(c.as_string(true));
      conditions_ = scenario.conditions;
    }
    if (const auto plan = root.find("plan")) {
      if (plan->json().is_string()) {
        // "plan": "plan.json": a plan file next to the scenario (an imported runbook's, say).
        const std::string& name = plan->json().get_ref<const std::string&>();
        if (name.empty()) plan->fail_expected("a plan object, or a plan file's name");
        const FileBeside beside = read_file_beside(*plan, name, "the plan file");
        const Json document = parse_json(beside.text, beside.path.string());
        scenario.plan = read_plan(JsonReader(document, beside.path.string()));
      } else {
        scenario.plan = read_plan(*plan);
      }
    }
    if (const auto decision = root.find("decision")) scenario.decision = read_decision(*decision, scenario);
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
    return read_ref(r.at("service", kServiceRefExpected), service_names_, "service", "services");
  }

  // The "store" field of `r`, which must name a store declared in "stores".
  std::string read_store_ref(const JsonReader& r) const {
    return read_ref(r.at("store", "the name of a data store declared in \"stores\""), store_names_, "store",
                    "stores");
  }

  // A name that must be one of `known` (declared under the top-level key `plural`).
  static std::string read_ref(const JsonReader& field, const std::vector<std::string>& known,
                              const std::string& kind, const std::string& plural) {
    std::string name = field.as_string();
    if (std::find(known.begin(), known.end(), name) != known.end()) return name;
    const std::string unknown = "unknown " + kind + " " + describe_found(field.json()) + "; ";
    if (known.empty()) field.fail(unknown + "the scenario declares no \"" + plural + "\"");
    field.fail(unknown + plural + " are: " + join(known));
  }

  // Traffic weights mean nothing to a service that routes by pods: say so rather than ignore them.
  void reject_weights_on_pod_routing(const JsonReader& r, const std::string& service,
                                     const char* what) const {
    for (std::size_t i = 0; i < service_names_.size(); ++i) {
      if (service_names_[i] != service || !routes_by_pods_[i]) continue;
      r.at("weights", kWeightsExpected)
          .fail(
              std::string(what) + " sets traffic weights, but service \"" + service +
              "\" has \"routing\": \"pods\": its traffic follows the Ready pods of each version; change the "
              "pods (scale, rollout_undo, set_image) or use \"routing\": \"weights\"");
    }
  }

  model::DataStoreSpec read_store(const JsonReader& r) const {
    r.expect_object("a data store object");
    r.allow_only({"name", "service", "write_fraction", "size_gb", "restore_throughput_mb_s", "backup",
                  "wal_archive_interval_s", "migration"});
    model::DataStoreSpec store;
    store.name = r.string("name", true);
    store.service = read_service_ref(r);
    store.write_fraction =
        number_or_described(r, "stores/[]/write_fraction", Range::greater_than(0.0).and_at_most(1.0));
    store.size_gb = number_or_described(r, "stores/[]/size_gb", Range::greater_than(0.0));
    store.restore_throughput_mb_s =
        number_or_described(r, "stores/[]/restore_throughput_mb_s", Range::greater_than(0.0));
    if (const auto backup = r.find("backup")) {
      backup->expect_object("a backup schedule object {\"interval_s\": t, \"offset_s\": t}");
      backup->allow_only({"interval_s", "offset_s"});
      store.backup_interval_s = number_or_described(*backup, "stores/[]/backup/interval_s", Range::greater_than(0.0));
      store.backup_offset_s = number_or_described(*backup, "stores/[]/backup/offset_s");
    }
    if (const auto wal = r.find("wal_archive_interval_s"); wal && !wal->json().is_null()) {
      store.wal_archive_interval_s = wal->as_number(Range::greater_than(0.0));
    }
    if (const auto migration = r.find("migration")) {
      migration->expect_object("a migration object {\"kind\": \"...\", \"applied_at_s\": t}");
      migration->allow_only({"kind", "applied_at_s"});
      // Indexed by model::MigrationSpec::Kind.
      static const std::vector<std::string_view> kinds{
          "add_nullable_column", "add_table",     "add_required_column", "change_type",
          "rename_column",       "remove_column", "remove_table"};
      model::MigrationSpec spec;
      spec.kind = static_cast<model::MigrationSpec::Kind>(migration->choice("kind", kinds, "migration kind"));
      spec.applied_at_s = number_or_described(*migration, "stores/[]/migration/applied_at_s", instant_range());
      store.migration = spec;
    }
    return store;
  }

  model::Version read_version_choice(const JsonReader& r, std::size_t fallback) const {
    return static_cast<model::Version>(r.choice_or("version", fallback, kVersionNames, "version"));
  }

  // A time inside the run: [0, duration_s).
  Range instant_range() const { return Range::at_least(0.0).and_less_than(duration_s_, "duration_s"); }

  model::ServiceSpec read_service(const JsonReader& r) const {
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
        static_cast<std::uint32_t>(
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
      service.slo.sli_window_s =
          slo->number_or("sli_window_s", fallback("sli_window_s"), Range::at_least(1.0));
      service.slo.stabilisation_window_s =
          slo->number_or("stabilisation_window_s", fallback("stabilisation_window_s"), Range::at_least(1.0));
    }

    static const std::vector<std::string_view> routings{"weights", "pods"};  // Indexed by model::Routing.
    service.routing = static_cast<model::Routing>(choice_or_described(r, "services/[]/routing", routings, "routing"));
    const Json no_pods = Json::object();
    service.pods = read_pods(r.has("pods") ? *r.find("pods") : JsonReader(no_pods, r.file(), r.pointer() + "/pods"));
    const Json no_strategy = Json::object();  // Absent: {}, every key its default.
    service.strategy = read_strategy(r.has("strategy") ? *r.find("strategy")
                                                       : JsonReader(no_strategy, r.file(), r.pointer() + "/strategy"));
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
    model::FaultSpec fault;
    fault.kind = fault_kind_at(r.choice("kind", model::fault_kind_names(), "fault kind"),
                               std::make_index_sequence<std::variant_size_v<model::FaultSpec::Kinds>>{});
    // Each kind takes the common keys and its own.
    std::vector<std::string_view> keys{"kind", "service", "at_s", "duration_s"};
    std::visit(
        [&](const auto& kind) {
          const auto more = kind_keys(kind);
          keys.insert(keys.end(), more.begin(), more.end());
        },
        fault.kind);
    r.allow_only(keys, "a \"" + std::string(fault.kind_name()) + "\" fault takes");
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
    const model::ServiceSpec& service = service_specs_->at(static_cast<std::size_t>(
        std::find(service_names_.begin(), service_names_.end(), fault.service) - service_names_.begin()));
    std::visit([&](auto& kind) { read_kind(r, fault, service, kind); }, fault.kind);
    return fault;
  }

  // The variant alternative of the kind named at `index` in model::fault_kind_names(), with its defaults.
  template <std::size_t... I>
  static model::FaultSpec::Kinds fault_kind_at(std::size_t index, std::index_sequence<I...>) {
    model::FaultSpec::Kinds kind;
    (void)((I == index ? (kind.emplace<I>(), true) : false) || ...);
    return kind;
  }

  // --- Each fault kind: its own keys (besides the common ones), and how they are read and checked.
  // The order of the reads is the order in which a user sees the errors.
  using Keys = std::vector<std::string_view>;

  static Keys kind_keys(const model::fault::BadRelease&) {
    return {"version", "error_probability", "latency_factor", "flag", "corrupts_writes", "fails_readiness"};
  }
  void read_kind(const JsonReader& r, model::FaultSpec& fault, const model::ServiceSpec&,
                 model::fault::BadRelease& k) const {
    k.error_probability = r.number("error_probability", Range::probability());
    k.latency_factor = number_or_described(r, "fault/kind=bad_release/latency_factor", Range::greater_than(0.0));
    if (r.has("flag")) fault.flag = r.string("flag", true);
    k.fails_readiness = boolean_or_described(r, "fault/kind=bad_release/fails_readiness");
    k.corrupts_writes = number_or_described(r, "fault/kind=bad_release/corrupts_writes", Range::probability());
  }

  // A configuration reaches every pod of the service, whatever its version.
  static Keys kind_keys(const model::fault::BadConfig&) { return {"error_probability", "latency_factor"}; }
  void read_kind(const JsonReader& r, model::FaultSpec&, const model::ServiceSpec&,
                 model::fault::BadConfig& k) const {
    k.error_probability = r.number("error_probability", Range::probability());
    k.latency_factor = number_or_described(r, "fault/kind=bad_config/latency_factor", Range::greater_than(0.0));
  }

  static Keys kind_keys(const model::fault::MemoryLeak&) {
    return {"version", "memory_limit_mb", "memory_base_mb", "leak_mb_per_s"};
  }
  void read_kind(const JsonReader& r, model::FaultSpec&, const model::ServiceSpec&,
                 model::fault::MemoryLeak& k) const {
    k.memory_limit_mb = number_or_described(r, "fault/kind=memory_leak/memory_limit_mb", Range::greater_than(0.0));
    k.memory_base_mb =
        number_or_described(r, "fault/kind=memory_leak/memory_base_mb",
                            Range::at_least(0.0).and_less_than(k.memory_limit_mb, "memory_limit_mb"));
    k.leak_mb_per_s = number_or_described(r, "fault/kind=memory_leak/leak_mb_per_s", Range::greater_than(0.0));
  }

  static Keys kind_keys(const model::fault::CrashLoop&) { return {"version", "crash_after_s"}; }
  void read_kind(const JsonReader& r, model::FaultSpec&, const model::ServiceSpec&,
                 model::fault::CrashLoop& k) const {
    k.crash_after_s = number_or_described(r, "fault/kind=crash_loop/crash_after_s", Range::at_least(0.0));
  }

  static Keys kind_keys(const model::fault::NodeCrash&) {
    return {"version", "pods", "node_monitor_grace_s", "eviction_timeout_s"};
  }
  void read_kind(const JsonReader& r, model::FaultSpec& fault, const model::ServiceSpec& service,
                 model::fault::NodeCrash& k) const {
    k.pods = static_cast<int>(integer_or_described(r, "fault/kind=node_crash/pods", Range::at_least(1.0), kIntLimit));
    k.node_monitor_grace_s =
        number_or_described(r, "fault/kind=node_crash/node_monitor_grace_s", Range::at_least(0.0));
    k.eviction_timeout_s = number_or_described(r, "fault/kind=node_crash/eviction_timeout_s", Range::at_least(0.0));
    const int replicas = service.version(fault.version).replicas;
    if (k.pods > replicas) {
      r.at("pods", "")
          .fail("the node holds " + std::to_string(k.pods) + " pods, but " + fault.service + "/" +
                model::to_string(fault.version) + " runs " + std::to_string(replicas));
    }
  }

  static Keys kind_keys(const model::fault::ZoneOutage&) {
    return {"zone", "node_monitor_grace_s", "eviction_timeout_s"};
  }
  void read_kind(const JsonReader& r, model::FaultSpec&, const model::ServiceSpec& service,
                 model::fault::ZoneOutage& k) const {
    k.node_monitor_grace_s =
        number_or_described(r, "fault/kind=zone_outage/node_monitor_grace_s", Range::at_least(0.0));
    k.eviction_timeout_s = number_or_described(r, "fault/kind=zone_outage/eviction_timeout_s", Range::at_least(0.0));
    k.zone = static_cast<int>(
        integer_or_described(r, "fault/kind=zone_outage/zone",
                             Range::at_least(0.0).and_less_than(service.zones, "the service's zones"), kIntLimit));
  }

  // A network fault sits on a call edge: its target must be a service the faulty service calls.
  std::string read_edge_target(const JsonReader& r, const model::FaultSpec& fault,
                               const model::ServiceSpec& service) const {
    const JsonReader target = r.at("target", "the name of a service that \"service\" calls");
    std::string name = target.as_string();
    const bool called = std::any_of(service.calls.begin(), service.calls.end(),
                                    [&](const model::CallSpec& c) { return c.service == name; });
    if (!called) {
      target.fail("service \"" + fault.service + "\" makes no call to " + describe_found(target.json()) +
                  "; a network fault sits on a call edge (add it to the service's \"calls\")");
    }
    return name;
  }

  static Keys kind_keys(const model::fault::NetworkLatency&) { return {"target", "added_latency_s"}; }
  void read_kind(const JsonReader& r, model::FaultSpec& fault, const model::ServiceSpec& service,
                 model::fault::NetworkLatency& k) const {
    k.added_latency_s = r.number_or("added_latency_s", 0.0, Range::at_least(0.0));
    k.target = read_edge_target(r, fault, service);
    if (!(k.added_latency_s > 0.0)) r.at("added_latency_s", "a number > 0").fail_expected("a number > 0");
  }

  static Keys kind_keys(const model::fault::NetworkLoss&) { return {"target", "loss_probability"}; }
  void read_kind(const JsonReader& r, model::FaultSpec& fault, const model::ServiceSpec& service,
                 model::fault::NetworkLoss& k) const {
    k.loss_probability = r.number_or("loss_probability", 0.0, Range::probability());
    k.target = read_edge_target(r, fault, service);
    if (!(k.loss_probability > 0.0))
      r.at("loss_probability", "a number in (0, 1]").fail_expected("a number in (0, 1]");
  }

  static Keys kind_keys(const model::fault::NetworkPartition&) { return {"target"}; }
  void read_kind(const JsonReader& r, model::FaultSpec& fault, const model::ServiceSpec& service,
                 model::fault::NetworkPartition& k) const {
    k.target = read_edge_target(r, fault, service);
  }

  static Keys kind_keys(const model::fault::DependencyOutage&) { return {"target", "hang"}; }
  void read_kind(const JsonReader& r, model::FaultSpec& fault, const model::ServiceSpec&,
                 model::fault::DependencyOutage& k) const {
    k.hang = boolean_or_described(r, "fault/kind=dependency_outage/hang");
    const JsonReader target = r.at("target", "the name of a service or a data store");
    k.target = target.as_string();
    const bool is_service =
        std::find(service_names_.begin(), service_names_.end(), k.target) != service_names_.end();
    const bool is_store = std::find(store_names_.begin(), store_names_.end(), k.target) != store_names_.end();
    if (!is_service && !is_store) {
      target.fail("unknown dependency " + describe_found(target.json()) +
                  "; services are: " + join(service_names_) +
                  (store_names_.empty() ? std::string() : "; stores are: " + join(store_names_)));
    }
    if (k.target == fault.service) {
      target.fail(
          "a dependency outage hits a service's dependency, not the service itself; for the "
          "service itself use node_crash, zone_outage or bad_release");
    }
  }

  static Keys kind_keys(const model::fault::PoolExhaustion&) {
    return {"pool_size", "pool_in_use", "pool_leak_per_s", "pool_timeout_s"};
  }
  void read_kind(const JsonReader& r, model::FaultSpec&, const model::ServiceSpec&,
                 model::fault::PoolExhaustion& k) const {
    k.pool_size =
        static_cast<int>(integer_or_described(r, "fault/kind=pool_exhaustion/pool_size", Range::at_least(1.0), kIntLimit));
    k.pool_in_use =
        r.number_or("pool_in_use", std::min(5.0, k.pool_size - 1.0),
                    Range::at_least(0.0).and_less_than(static_cast<double>(k.pool_size), "pool_size"));
    k.pool_leak_per_s =
        number_or_described(r, "fault/kind=pool_exhaustion/pool_leak_per_s", Range::greater_than(0.0));
    k.pool_timeout_s = number_or_described(r, "fault/kind=pool_exhaustion/pool_timeout_s", Range::at_least(0.0));
  }

  static Keys kind_keys(const model::fault::CpuHog&) { return {"version", "cpu_share"}; }
  void read_kind(const JsonReader& r, model::FaultSpec&, const model::ServiceSpec&,
                 model::fault::CpuHog& k) const {
    k.cpu_share =
        number_or_described(r, "fault/kind=cpu_hog/cpu_share", Range::at_least(0.0).and_less_than(1.0));
  }

  static Keys kind_keys(const model::fault::TrafficSpike&) { return {"spike_factor"}; }
  void read_kind(const JsonReader& r, model::FaultSpec&, const model::ServiceSpec&,
                 model::fault::TrafficSpike& k) const {
    k.spike_factor = number_or_described(r, "fault/kind=traffic_spike/spike_factor", Range::greater_than(0.0));
  }

  static Keys kind_keys(const model::fault::FailedMigration&) { return {}; }
  void read_kind(const JsonReader&, model::FaultSpec&, const model::ServiceSpec&,
                 model::fault::FailedMigration&) const {}

  static Keys kind_keys(const model::fault::DataCorruption&) { return {"version", "corrupts_writes"}; }
  void read_kind(const JsonReader& r, model::FaultSpec&, const model::ServiceSpec&,
                 model::fault::DataCorruption& k) const {
    k.corrupts_writes = r.number("corrupts_writes", Range::greater_than(0.0).and_at_most(1.0));
  }

  // --- Detection signals.

  void read_detection(const JsonReader& root, model::Scenario& scenario) const {
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
        probe.period_s = number_or_described(r, "probes/[]/period_s", Range::greater_than(0.0));
        probe.offset_s = number_or_described(r, "probes/[]/offset_s", Range::at_least(0.0));
        probe.timeout_s = number_or_described(r, "probes/[]/timeout_s", Range::greater_than(0.0));
        probe.failure_threshold =
            static_cast<int>(integer_or_described(r, "probes/[]/failure_threshold", Range::at_least(1.0), kIntLimit));
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
        test.period_s = number_or_described(r, "smoke_tests/[]/period_s", Range::greater_than(0.0));
        test.offset_s = number_or_described(r, "smoke_tests/[]/offset_s", Range::at_least(0.0));
        test.timeout_s = number_or_described(r, "smoke_tests/[]/timeout_s", Range::greater_than(0.0));
        test.failure_threshold =
            static_cast<int>(integer_or_described(r, "smoke_tests/[]/failure_threshold", Range::at_least(1.0), kIntLimit));
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
      complaints.min_failed_requests =
          static_cast<std::uint64_t>(integer_or_described(*r, "complaints/min_failed_requests", Range::at_least(0.0)));
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
      am.group_interval_s =
          read_duration(*r, "group_interval", am.group_interval_s, Range::greater_than(0.0));
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

  // --- "alertmanager": {"config": FILE, "receivers": {...}}: the team's alertmanager.yml.
  // (docs/detection.md, "Alertmanager configuration in a drill".) The receivers' tiers are checked
  // against the responder by check_receivers, once the responder is read.
  static void read_alertmanager_config(const JsonReader& r, model::AlertmanagerSpec& am) {
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

  // Each receiver's tier must be the responder's name or one of its escalation tiers' (with no
  // responder: "on-call"), and some receiver must page.
  static void check_receivers(const JsonReader& root, const model::Scenario& scenario) {
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

  // --- "detection": the team's Prometheus rule files over the engine's labelled series.
  // (docs/detection.md, "Rule files in a scenario"; this block is the whole of it.)
  static model::RuleFilesSpec read_rule_files(const JsonReader& r, const model::Scenario& scenario) {
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
    spec.evaluation_interval_s =
        read_duration_described(r, "detection/evaluation_interval_s", Range::at_least(1.0).and_at_most(86400.0));
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
          if (std::find(spec.alert_names.begin(), spec.alert_names.end(), rule.name) !=
              spec.alert_names.end())
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

  // read_duration with the description's default: `path` is the seconds key's ("alerts/[]/window_s").
  static double read_duration_described(const JsonReader& r, std::string_view path, const Range& range) {
    const std::string_view seconds_key = key_of(path);
    return read_duration(r, seconds_key.substr(0, seconds_key.size() - 2),
                         schema::default_number(schema::Format::Scenario, path), range);
  }

  // A duration given as `<key>_s` (seconds) or `<key>` (a Prometheus duration string: "5m", "1h30m",
  // "90s", "500ms"), not both.
  static double read_duration(const JsonReader& r, std::string_view key, double fallback,
                              const Range& range) {
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
    if (!value)
      field->fail("unparsable duration " + describe_found(field->json()) + "; expected " + expected);
    if (!range.contains(*value)) field->fail_expected(range.describe("a duration of"));
    return *value;
  }

  // The rule's threshold: a number, or a string with a unit: "5%" (a ratio), "200ms" / "0.2s" (seconds).
  static double read_threshold(const JsonReader& r, model::AlertRuleSpec::Metric metric) {
    using Metric = model::AlertRuleSpec::Metric;
    const bool ratio = metric == Metric::ErrorRatio || metric == Metric::MemoryUtilisation ||
                       metric == Metric::PoolUtilisation;
    const char* expected = metric == Metric::LatencyP95
                               ? "a number of seconds > 0, or a string like \"200ms\""
                           : ratio ? "a ratio in [0, 1], or a percentage like \"5%\""
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

  model::AlertRuleSpec read_alert(const JsonReader& r) const {
    using Metric = model::AlertRuleSpec::Metric;
    r.expect_object("an alert object");
    r.allow_only({"name", "service", "metric", "window", "window_s", "threshold", "for", "for_s",
                  "keep_firing_for", "keep_firing_for_s", "evaluation_interval", "evaluation_interval_s",
                  "evaluation_offset_s", "scrape_interval_s", "scrape_offset_s"});
    model::AlertRuleSpec alert;
    alert.name = r.string("name", true);
    alert.service = read_service_ref(r);
    // Indexed by model::AlertRuleSpec::Metric.
    alert.metric =
        static_cast<Metric>(choice_or_described(r, "alerts/[]/metric", model::alert_metric_names(), "alert metric"));
    alert.window_s = read_duration_described(r, "alerts/[]/window_s", Range::greater_than(0.0));
    alert.threshold = read_threshold(r, alert.metric);
    alert.for_s = read_duration_described(r, "alerts/[]/for_s", Range::at_least(0.0));
    alert.keep_firing_for_s = read_duration_described(r, "alerts/[]/keep_firing_for_s", Range::at_least(0.0));
    alert.evaluation_interval_s =
        read_duration_described(r, "alerts/[]/evaluation_interval_s", Range::at_least(kMinIntervalS));
    alert.evaluation_offset_s =
        number_or_described(r, "alerts/[]/evaluation_offset_s",
                            Range::at_least(0.0).and_less_than(alert.evaluation_interval_s, "evaluation_interval_s"));
    // Scrapes fall on whole seconds: the series count requests per second.
    alert.scrape_interval_s =
        static_cast<double>(integer_or_described(r, "alerts/[]/scrape_interval_s", Range::at_least(1.0), kIntLimit));
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

  model::ResponderSpec read_responder(const JsonReader& r) const {
    r.expect_object("a responder object");
    r.allow_only({"name", "group_wait_s", "ack", "assess", "escalate_after_s", "escalation"});
    model::ResponderSpec responder;
    responder.name = string_or_described(r, "responder/name", true);
    responder.ack = read_distribution(r.at("ack", kDistributionExpected));
    responder.assess = read_distribution(r.at("assess", kDistributionExpected));
    responder.escalate_after_s = number_or_described(r, "responder/escalate_after_s", Range::greater_than(0.0));
    if (const auto tiers = r.find("escalation")) {
      for (const auto& t : tiers->as_array("an array of escalation tiers ({\"name\", \"ack\"})")) {
        t.expect_object("an escalation tier object");
        t.allow_only({"name", "ack"});
        model::ResponderSpec::Tier tier;
        tier.name = t.string("name", true);
        tier.ack = read_distribution(t.at("ack", kDistributionExpected));
        responder.escalation.push_back(tier);
      }
    }
    return responder;
  }

  model::DecisionSpec read_decision(const JsonReader& r, const model::Scenario& scenario) const {
    r.expect_object("a decision object");
    r.allow_only({"rules", "otherwise", "fix_forward"});
    model::DecisionSpec decision;
    std::vector<std::string> levels;
    if (scenario.plan) {
      for (const auto& level : scenario.plan->levels)
        levels.push_back(level.name);
    }
    // "then" names a level of the plan (a plan written with "steps" has one unnamed level: "").
    const auto read_target = [&](const JsonReader& field) {
      std::string target = field.as_string();
      if (target == "fix_forward") return target;
      if (!scenario.plan) field.fail("the scenario has no plan; the only choice is \"fix_forward\"");
      if (std::find(levels.begin(), levels.end(), target) == levels.end()) {
        field.fail("unknown level " + describe_found(field.json()) + "; levels are: " + join(levels) +
                   "; or \"fix_forward\"");
      }
      return target;
    };
    for (const auto& rule :
         r.at("rules", "an array of decision rules").as_array("an array of decision rules")) {
      rule.expect_object("a decision rule object");
      rule.allow_only({"name", "then", "service", "error_ratio_above", "error_ratio_at_most",
                       "users_affected_share_above", "users_affected_share_at_most", "data_corrupted",
                       "fix_forward_above_s", "fix_forward_at_most_s", "signal", "window_s"});
      model::DecisionRuleSpec spec;
      spec.name = rule.string("name", true);
      spec.then = read_target(rule.at("then", "a level's name or \"fix_forward\""));
      if (rule.has("service")) spec.service = read_service_ref(rule);
      const auto optional_number = [&](std::string_view key, const Range& range) -> std::optional<double> {
        if (!rule.has(key)) return std::nullopt;
        return rule.number(key, range);
      };
      spec.error_ratio_above = optional_number("error_ratio_above", Range::probability());
      spec.error_ratio_at_most = optional_number("error_ratio_at_most", Range::probability());
      spec.users_affected_share_above = optional_number("users_affected_share_above", Range::probability());
      spec.users_affected_share_at_most =
          optional_number("users_affected_share_at_most", Range::probability());
      if (rule.has("data_corrupted")) spec.data_corrupted = rule.boolean_or("data_corrupted", false);
      spec.fix_forward_above_s = optional_number("fix_forward_above_s", Range::at_least(0.0));
      spec.fix_forward_at_most_s = optional_number("fix_forward_at_most_s", Range::at_least(0.0));
      if (const auto signal = rule.find("signal")) {
        spec.signal = signal->as_string(true);
        std::vector<std::string> known;
        for (const auto& a : scenario.alerts)
          known.push_back(a.name);
        for (const auto& p : scenario.probes)
          known.push_back(p.name);
        for (const auto& t : scenario.smoke_tests)
          known.push_back(t.name);
        if (scenario.complaints) known.push_back(scenario.complaints->name);
        for (const auto& c : scenario.integrity_checks)
          known.push_back(c.name);
        if (std::find(known.begin(), known.end(), spec.signal) == known.end()) {
          signal->fail("unknown signal " + describe_found(signal->json()) + "; signals are: " + join(known));
        }
      }
      spec.window_s = number_or_described(rule, "decision/rules/[]/window_s", Range::greater_than(0.0));
      decision.rules.push_back(std::move(spec));
    }
    if (const auto otherwise = r.find("otherwise"))
      decision.otherwise = read_target(*otherwise);
    else if (scenario.plan)
      decision.otherwise = scenario.plan->levels.front().name;
    else
      decision.otherwise = "fix_forward";
    decision.fix_forward = distribution_or_described(r, "decision/fix_forward");
    return decision;
  }

  // Each service's "calls", once every service is known. The call graph must have no cycle: a request
  // would call itself.
  void read_calls(const std::vector<JsonReader>& services, model::Scenario& scenario) const {
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
  double requests_per_request(const std::vector<JsonReader>& services, const model::Scenario& scenario,
                              std::size_t service, std::vector<double>& memo,
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
  void check_request_budget(const std::vector<JsonReader>& services, const model::Scenario& scenario) const {
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

  // --- The plan. Steps are read in file order, level by level; the rules that need every level (where
  // an escalation goes, and whether escalations go round in a cycle) are checked once all are read.

  // A step with on_failure "escalate": from `level` to the level named `target` (empty: the next one).
  // `where` is the field that says so: escalate_to, or on_failure when escalate_to is absent.
  struct Escalation {
    std::size_t level = 0;
    std::string target;
    JsonReader where;
  };

  struct PlanState {
    std::vector<std::pair<std::string, std::string>> step_names;  // Name, pointer of the step.
    // Ordering constraints: (level, index in level, the "requires" element) per required name.
    struct Requirement {
      std::size_t level;
      std::size_t index;
      std::string step;
      JsonReader where;
    };
    std::vector<Requirement> requirements;
    std::vector<std::string> skipped;  // Steps whose "when" the scenario does not enable: left out.
    std::size_t requirement_level = 0;
    std::size_t index_in_level = 0;
    std::vector<Escalation> escalations;
    // Parallel groups of the current level: the one the last step belongs to, and those already closed.
    std::size_t group_level = 0;
    std::string open_group;
    std::vector<std::string> closed_groups;
  };

  model::PlanSpec read_plan(const JsonReader& r) const {
    r.expect_object("a plan object");
    // A plan file (the whole document) may name its JSON Schema, as a scenario may; an inline plan not.
    if (r.pointer().empty()) {
      r.allow_only({"$schema", "name", "steps", "levels"});
      if (const auto schema_uri = r.find("$schema")) schema_uri->as_string();
    } else {
      r.allow_only({"name", "steps", "levels"});
    }
    model::PlanSpec plan;
    plan.name = r.string("name", true);
    const auto steps = r.find("steps");
    const auto levels = r.find("levels");
    if (steps && levels) {
      r.fail("a plan takes \"steps\" or \"levels\", not both: with levels, each level holds its own steps");
    }
    if (!steps && !levels) {
      r.fail(
          "missing \"steps\" or \"levels\": a plan needs one of them (a list of steps, or a list of "
          "levels that each hold steps)");
    }
    PlanState state;
    // Steps with a "when" that the scenario's "conditions" do not list are left out of the plan before
    // anything else is checked (they may name a flag or a store this scenario does not have).
    const auto collect_skipped = [&](const JsonReader& list) {
      if (!list.json().is_array()) return;
      for (const auto& step : list.as_array(kStepsExpected)) {
        if (!step.json().is_object() || !step.has("when")) continue;
        const std::string when = step.string("when", true);
        if (std::find(conditions_.begin(), conditions_.end(), when) == conditions_.end() && step.has("name"))
          state.skipped.push_back(step.string("name", true));
      }
    };
    if (steps) collect_skipped(*steps);
    if (levels && levels->json().is_array()) {
      for (const auto& level : levels->as_array("a non-empty array of level objects")) {
        if (level.json().is_object() && level.has("steps"))
          collect_skipped(level.at("steps", kStepsExpected));
      }
    }
    if (steps) {
      model::LevelSpec level;  // One level, no name, no claim.
      for (const auto& step : steps->as_array(kStepsExpected, true)) {
        if (!is_skipped(step, state)) level.steps.push_back(read_plan_step(step, 0, state));
      }
      if (level.steps.empty()) steps->fail(kAllSkipped);
      plan.levels.push_back(std::move(level));
    } else {
      const char* levels_expected = "a non-empty array of level objects";
      const auto level_readers = levels->as_array(levels_expected, true);
      for (std::size_t i = 0; i < level_readers.size(); ++i) {
        plan.levels.push_back(read_level(level_readers[i], i, state));
        const std::string& name = plan.levels.back().name;
        for (std::size_t j = 0; j < i; ++j) {
          if (plan.levels[j].name == name) {
            level_readers[i]
                .at("name", "a non-empty string")
                .fail("duplicate level name \"" + name + "\" (already used by " + level_readers[j].pointer() +
                      ")");
          }
        }
      }
    }
    check_escalations(plan, levels.has_value(), state);
    check_requirements(plan, state);
    return plan;
  }

  model::LevelSpec read_level(const JsonReader& r, std::size_t index, PlanState& state) const {
    r.expect_object("a level object {\"name\": \"...\", \"claim_s\": t, \"steps\": [...]}");
    r.allow_only({"name", "claim_s", "steps"});
    model::LevelSpec level;
    level.name = r.string("name", true);
    if (const auto claim = r.find("claim_s")) level.claim_s = claim->as_number(Range::greater_than(0.0));
    const JsonReader steps = r.at("steps", kStepsExpected);
    if (steps.json().is_array() && steps.json().empty())
      steps.fail("a level needs at least one step, found []");
    for (const auto& step : steps.as_array(kStepsExpected, true)) {
      if (!is_skipped(step, state)) level.steps.push_back(read_plan_step(step, index, state));
    }
    if (level.steps.empty()) steps.fail(kAllSkipped);
    return level;
  }

  static constexpr const char* kAllSkipped =
      "every step has a \"when\" that the scenario's \"conditions\" do not list: the level would have no "
      "step; list one of them in \"conditions\", or make a step unconditional";

  static bool is_skipped(const JsonReader& step, const PlanState& state) {
    if (!step.json().is_object() || !step.has("when") || !step.has("name")) return false;
    const std::string name = step.string("name", true);
    return std::find(state.skipped.begin(), state.skipped.end(), name) != state.skipped.end();
  }

  // A step of level `level`, with the checks across steps: a unique name, and its escalation noted.
  model::StepSpec read_plan_step(const JsonReader& r, std::size_t level, PlanState& state) const {
    model::StepSpec step = read_step(r);
    if (level != state.requirement_level) {
      state.requirement_level = level;
      state.index_in_level = 0;
    }
    if (const auto requires_field = r.find("requires")) {
      const char* expected = "an array of step names";
      for (const auto& element : requires_field->as_array(expected)) {
        // A required step left out by its condition is no constraint.
        if (element.json().is_string() &&
            std::find(state.skipped.begin(), state.skipped.end(), element.as_string()) != state.skipped.end())
          continue;
        state.requirements.push_back({level, state.index_in_level, element.as_string(true), element});
        step.requires_steps.push_back(state.requirements.back().step);
      }
    }
    ++state.index_in_level;
    for (const auto& [name, pointer] : state.step_names) {
      if (name == step.name) {
        r.at("name", "a non-empty string")
            .fail("duplicate step name \"" + name + "\" (already used by " + pointer +
                  "); give each step of the plan its own name");
      }
    }
    state.step_names.emplace_back(step.name, r.pointer());
    if (level != state.group_level) {
      state.group_level = level;
      state.open_group.clear();
      state.closed_groups.clear();
    }
    if (step.group != state.open_group) {
      if (!state.open_group.empty()) state.closed_groups.push_back(state.open_group);
      if (std::find(state.closed_groups.begin(), state.closed_groups.end(), step.group) !=
          state.closed_groups.end()) {
        r.at("group", "")
            .fail("the steps of group \"" + step.group +
                  "\" must be consecutive: a group runs its steps in parallel, then the plan goes on");
      }
      state.open_group = step.group;
    }
    if (step.on_failure == model::StepSpec::OnFailure::Escalate) {
      const auto escalate_to = r.find("escalate_to");
      state.escalations.push_back(Escalation{
          level, step.escalate_to, escalate_to ? *escalate_to : r.at("on_failure", "\"escalate\"")});
    }
    return step;
  }

  // Every required step exists and can run before the step that requires it: not later in the same
  // level, not in the same parallel group, and no chain of requirements leads back to where it started.
  static void check_requirements(const model::PlanSpec& plan, const PlanState& state) {
    struct Place {
      std::size_t level, index;
      const model::StepSpec* step;
    };
    std::vector<Place> places;
    std::vector<std::string_view> names;
    for (std::size_t l = 0; l < plan.levels.size(); ++l) {
      for (std::size_t i = 0; i < plan.levels[l].steps.size(); ++i) {
        places.push_back({l, i, &plan.levels[l].steps[i]});
        names.push_back(plan.levels[l].steps[i].name);
      }
    }
    const auto index_of = [&](std::string_view name) {
      return static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin());
    };
    // Per step (as `places`): its requirements as (required step, the "requires" element).
    std::vector<std::vector<std::pair<std::size_t, const JsonReader*>>> edges(places.size());
    for (const auto& requirement : state.requirements) {
      const model::StepSpec& step = plan.levels[requirement.level].steps[requirement.index];
      const std::size_t target = index_of(requirement.step);
      if (target == places.size()) {
        std::string problem = "unknown step " + describe_found(requirement.where.json()) + "; ";
        if (const auto suggestion = unambiguous_match(requirement.step, names)) {
          problem += "did you mean \"" + std::string(*suggestion) + "\"? ";
        }
        requirement.where.fail(problem + "a step may require any step of the plan by its name");
      }
      const Place& required = places[target];
      if (required.step == &step) requirement.where.fail("a step cannot require itself");
      if (required.level == requirement.level) {
        if (!step.group.empty() && required.step->group == step.group) {
          requirement.where.fail("\"" + required.step->name + "\" runs in parallel with \"" + step.name +
                                 "\" (group \"" + step.group + "\"): it cannot have completed before");
        }
        if (required.index > requirement.index) {
          requirement.where.fail("\"" + required.step->name + "\" comes after \"" + step.name +
                                 "\" in its level: the plan would block there every time; move it before");
        }
      }
      edges[index_of(step.name)].emplace_back(target, &requirement.where);
    }
    // Requirements across levels can still go round in a cycle.
    find_cycle(edges, [&](const std::vector<std::size_t>& cycle, const JsonReader* where) {
      where->fail("ordering cycle: " + describe_cycle(cycle, [&](std::size_t k) { return names[k]; }) +
                  " (each requires the next): none of them could ever run");
    });
  }

  // Every escalation goes to a level that exists, and no chain of escalations leads back to a level it
  // left (the plan could go round for ever). `has_levels`: the plan is written with "levels".
  static void check_escalations(const model::PlanSpec& plan, bool has_levels, const PlanState& state) {
    std::vector<std::string> names;
    std::vector<std::string_view> name_views;
    for (const auto& level : plan.levels)
      names.push_back(level.name);
    for (const auto& name : names)
      name_views.push_back(name);

    // Per level, in step order: (target level, the escalation).
    std::vector<std::vector<std::pair<std::size_t, const Escalation*>>> edges(plan.levels.size());
    for (const auto& escalation : state.escalations) {
      std::size_t target = escalation.level + 1;
      if (!escalation.target.empty()) {
        const std::string unknown = "unknown level " + describe_found(escalation.where.json()) + "; ";
        if (!has_levels) {
          escalation.where.fail(unknown +
                                "this plan is written with \"steps\" and has no named levels; write "
                                "\"levels\" to escalate");
        }
        const auto found = std::find(names.begin(), names.end(), escalation.target);
        if (found == names.end()) {
          std::string problem = unknown;
          if (const auto suggestion = unambiguous_match(escalation.target, name_views)) {
            problem += "did you mean \"" + std::string(*suggestion) + "\"? ";
          }
          escalation.where.fail(problem + "levels are: " + join(names));
        }
        target = static_cast<std::size_t>(found - names.begin());
      } else if (target >= plan.levels.size()) {
        if (!has_levels) {
          escalation.where.fail(
              "no level to escalate to: a plan written with \"steps\" has a single level; write \"levels\" "
              "to escalate");
        }
        escalation.where.fail(
            "no level after \"" + names[escalation.level] +
            "\" to escalate to; name a level with escalate_to, or choose another on_failure");
      }
      edges[escalation.level].emplace_back(target, &escalation);
    }

    find_cycle(edges, [&](const std::vector<std::size_t>& cycle, const Escalation* escalation) {
      escalation->where.fail(
          "escalation cycle: " + describe_cycle(cycle, [&](std::size_t l) { return names[l]; }) +
          "; a level must not escalate back to itself, directly or through other levels");
    });
  }

  model::StepSpec read_step(const JsonReader& r) const {
    using Action = model::StepSpec::Action;
    using OnFailure = model::StepSpec::OnFailure;
    r.expect_object("a step object");
    const std::vector<std::string_view>& actions = model::step_action_names();  // By StepSpec::Action.
    // The keys every step takes, then (indexed like `actions`) the keys of each action.
    static const std::vector<std::string_view> common_keys{
        "name",    "action",     "duration",    "automated", "failure_probability",
        "retries", "on_failure", "escalate_to", "group",     "requires",
        "source",  "assumed",    "when"};
    static const std::vector<std::vector<std::string_view>> extra_keys{
        {"service", "weights"},
        {"service", "version", "replicas", "wait_ready"},
        {},
        {"service", "window_s"},
        {"service", "to", "replicas", "wait_ready"},
        {"service", "to", "replicas", "wait_ready"},
        {},
        {},
        {"store", "point_in_time", "target"},
        {"store"},
        {"service", "on"},
        {"flag", "propagation"},
        {"service", "to", "replicas", "wait_ready"},
        {},
        {},
        {"service", "restart", "wait_ready"},
        {"service"},
        {"service"},
        {"service", "replicas", "wait_ready"}};
    if (!r.has("action")) {
      std::vector<std::string_view> any = common_keys;
      for (const auto& keys : extra_keys) {
        for (const auto key : keys) {
          if (std::find(any.begin(), any.end(), key) == any.end()) any.push_back(key);
        }
      }
      r.allow_only(any);
    }
    const std::size_t action = r.choice("action", actions, "action");
    std::vector<std::string_view> allowed = common_keys;
    allowed.insert(allowed.end(), extra_keys[action].begin(), extra_keys[action].end());
    r.allow_only(allowed, takes("step", actions[action]));

    model::StepSpec step;
    step.name = r.string("name", true);
    step.action = static_cast<Action>(action);
    if (step.action == Action::Wait || step.action == Action::Manual) {
      step.duration = read_distribution(r.at("duration", kDistributionExpected));
    } else if (const auto duration = r.find("duration")) {
      step.duration = read_distribution(*duration);
    }
    if (r.has("group")) step.group = r.string("group", true);
    step.when = r.string_or("when", "", true);
    // Informational: where an imported step came from in its runbook, and what the importer assumed.
    if (const auto source = r.find("source")) {
      source->expect_object("a source object {\"line\": a, \"end_line\": b}");
      source->allow_only({"line", "end_line"});
      step.source_line = static_cast<int>(source->integer("line", Range::at_least(1.0), kIntLimit));
      step.source_end_line = static_cast<int>(source->integer_or(
          "end_line", step.source_line, Range::at_least(static_cast<double>(step.source_line)), kIntLimit));
    }
    if (const auto assumed = r.find("assumed")) {
      for (const auto& element : assumed->as_array("an array of the keys the importer assumed"))
        step.assumed.push_back(element.as_string(true));
    }
    // A pipeline or an infrastructure apply is a tool's work; the other steps are a human's unless told.
    step.automated = r.boolean_or(
        "automated", step.action == Action::PipelineRedeploy || step.action == Action::InfraRollback);
    step.failure_probability = number_or_described(r, "plan/steps/[]/failure_probability", Range::probability());
    step.retries =
        static_cast<int>(integer_or_described(r, "plan/steps/[]/retries", Range::at_least(0.0), kIntLimit));
    // Indexed by model::StepSpec::OnFailure.
    static const std::vector<std::string_view> on_failures{"abort", "continue", "escalate", "block"};
    step.on_failure =
        static_cast<OnFailure>(choice_or_described(r, "plan/steps/[]/on_failure", on_failures, "on_failure"));
    if (const auto escalate_to = r.find("escalate_to")) {
      step.escalate_to = escalate_to->as_string(true);
      if (step.on_failure != OnFailure::Escalate) {
        escalate_to->fail(
            std::string("escalate_to is only taken with \"on_failure\": \"escalate\"; this step's "
                        "on_failure is \"") +
            model::to_string(step.on_failure) + "\"" + (r.has("on_failure") ? "" : " (the default)"));
      }
    }

    // The description's path of a key of this step's action ("plan/steps/[]/action=scale/wait_ready").
    const auto action_path = [&step](std::string_view key) {
      return "plan/steps/[]/action=" + std::string(model::to_string(step.action)) + "/" + std::string(key);
    };
    switch (step.action) {
      case Action::ShiftTraffic:
        step.service = read_service_ref(r);
        step.weights = read_weights(r.at("weights", kWeightsExpected));
        reject_weights_on_pod_routing(r, step.service, "a shift_traffic step");
        break;
      case Action::DbRestore: {
        step.store = read_store_ref(r);
        step.point_in_time = boolean_or_described(r, "plan/steps/[]/action=db_restore/point_in_time");
        // Indexed by model::StepSpec::RestoreTarget.
        static const std::vector<std::string_view> targets{"before_fault", "latest"};
        step.restore_target =
            static_cast<model::StepSpec::RestoreTarget>(
            choice_or_described(r, "plan/steps/[]/action=db_restore/target", targets, "restore target"));
        break;
      }
      case Action::DbMigrateDown: {
        step.store = read_store_ref(r);
        const auto index = static_cast<std::size_t>(
            std::find(store_names_.begin(), store_names_.end(), step.store) - store_names_.begin());
        if (!store_has_migration_[index]) {
          r.at("store", "")
              .fail("store \"" + step.store +
                    "\" has no \"migration\" to revert; give the store its migration, or remove the step");
        }
        break;
      }
      case Action::Scale:
        step.service = read_service_ref(r);
        step.version = static_cast<model::Version>(r.choice("version", kVersionNames, "version"));
        step.replicas = static_cast<int>(r.integer("replicas", Range::at_least(0.0), kIntLimit));
        step.wait_ready = boolean_or_described(r, action_path("wait_ready"));
        break;
      case Action::ScaleDeployment:
        step.service = read_service_ref(r);
        step.replicas = static_cast<int>(r.integer("replicas", Range::at_least(0.0), kIntLimit));
        step.wait_ready = boolean_or_described(r, action_path("wait_ready"));
        break;
      case Action::Verify:
        step.service = read_service_ref(r);
        step.window_s = number_or_described(r, "plan/steps/[]/action=verify/window_s", Range::greater_than(0.0));
        break;
      case Action::MaintenanceMode:
        step.service = read_service_ref(r);
        step.maintenance_on = boolean_or_described(r, "plan/steps/[]/action=maintenance_mode/on");
        break;
      case Action::DisableFlag: {
        const JsonReader flag = r.at("flag", "the name of the feature flag");
        step.flag = flag.as_string(true);
        if (step.flag != fault_flag_ &&
            std::find(declared_flags_.begin(), declared_flags_.end(), step.flag) == declared_flags_.end()) {
          flag.fail("unknown flag " + describe_found(flag.json()) +
                    (fault_flag_.empty()
                         ? std::string("; the scenario's fault is behind no flag (set fault.flag)")
                         : "; the scenario's fault is behind flag \"" + fault_flag_ + "\"") +
                    (declared_flags_.empty() ? std::string() : "; other flags: " + join(declared_flags_)));
        }
        step.propagation = distribution_or_described(r, action_path("propagation"));
        break;
      }
      case Action::InfraRollback:
      case Action::StatusPage:
        break;  // Time only.
      case Action::RolloutPause:
      case Action::RolloutResume:
        step.service = read_service_ref(r);
        break;
      case Action::RestoreConfig:
        step.service = read_service_ref(r);
        step.restart = boolean_or_described(r, "plan/steps/[]/action=restore_config/restart");
        step.wait_ready = boolean_or_described(r, action_path("wait_ready"));
        break;
      case Action::RolloutUndo:
      case Action::SetImage:
      case Action::PipelineRedeploy: {
        step.service = read_service_ref(r);
        step.version = static_cast<model::Version>(choice_or_described(r, action_path("to"), kVersionNames, "version"));
        if (const auto replicas = r.find("replicas")) {
          step.rollout_replicas = static_cast<int>(replicas->as_integer(Range::at_least(1.0), kIntLimit));
        }
        step.wait_ready = boolean_or_described(r, action_path("wait_ready"));
        break;
      }
      case Action::Wait:
      case Action::Manual:
      case Action::Notify:
        break;  // No key of their own.
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

  LoadLimits limits_;
  double duration_s_ = 0.0;
  std::vector<std::string> service_names_;
  std::vector<bool> routes_by_pods_;  // Per service, as service_names_.
  std::vector<std::string> store_names_;
  std::vector<bool> store_has_migration_;  // Per store, as store_names_.
  const std::vector<model::ServiceSpec>* service_specs_ = nullptr;
  std::string fault_flag_;                   // The fault's feature flag ("": none).
  std::vector<std::string> declared_flags_;  // The scenario's "flags": flags with no fault behind them.
  std::vector<std::string> conditions_;      // The scenario's "conditions".
};

}  // namespace

namespace {

const char* file_type_name(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

std::string size_limit_text(std::size_t bytes) {
  if (bytes % (1024 * 1024) == 0) return std::to_string(bytes / (1024 * 1024)) + " MiB";
  return std::to_string(bytes) + " bytes";
}

}  // namespace

std::string read_text_file(const std::filesystem::path& file, std::size_t max_bytes) {
  const std::string label = file.string();
  const auto fail = [&](const std::string& reason) -> void {
    throw InputError(label, "", "cannot read file: " + reason);
  };
  const auto refuse_type = [&](mode_t mode) {
    if (!S_ISREG(mode)) fail(std::string("it is ") + file_type_name(mode) + ", not a regular file");
  };
  // Refused before opening when possible (a FIFO would block the open, a device could be endless), and
  // checked again on what was opened, since the name may have changed meanwhile. O_NONBLOCK keeps even
  // that open from waiting on a FIFO.
  struct stat before {};
  if (::stat(file.c_str(), &before) != 0) fail(std::generic_category().message(errno));
  refuse_type(before.st_mode);
  const int fd = ::open(file.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) fail(std::generic_category().message(errno));
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat opened {};
  if (::fstat(fd, &opened) != 0) fail(std::generic_category().message(errno));
  refuse_type(opened.st_mode);
  const auto too_large = [&] {
    fail("larger than the limit of " + size_limit_text(max_bytes) + " for this kind of file");
  };
  if (opened.st_size < 0 || static_cast<std::uint64_t>(opened.st_size) > max_bytes) too_large();
  std::string text;
  text.resize(static_cast<std::size_t>(opened.st_size));
  std::size_t used = 0;
  for (;;) {
    if (used == text.size()) {
      if (text.size() > max_bytes) too_large();  // The file grew while being read.
      text.resize(std::min<std::size_t>(text.size() + 65536, max_bytes + 1));
    }
    const ssize_t n = ::read(fd, text.data() + used, text.size() - used);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail(std::generic_category().message(errno));
    }
    if (n == 0) break;
    used += static_cast<std::size_t>(n);
  }
  if (used > max_bytes) too_large();
  text.resize(used);
  return text;
}

model::Scenario load_scenario(const std::filesystem::path& file, const LoadLimits& limits) {
  return parse_scenario(read_text_file(file), file.string(), limits);
}

model::Scenario parse_scenario(std::string_view json_text, const std::string& file_label,
                               const LoadLimits& limits) {
  const Json document = parse_json(json_text, file_label);
  model::Scenario scenario = ScenarioReader(limits).read(JsonReader(document, file_label));
  scenario.source_file = file_label;
  return scenario;
}

}  // namespace drillsim::io
