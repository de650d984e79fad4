// The scenario format, read whole: the document's top-level keys in the order docs/scenario-format.md
// lists them, each section handed to its reader (io/scenario_reading.hpp lists the section files), then
// the rules across sections. Also the helpers every section shares, and reading a file safely.

#include "io/scenario_loader.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "io/input_error.hpp"
#include "io/json_reader.hpp"
#include "io/scenario_reading.hpp"
#include "schema/description.hpp"

namespace drillsim::io {

namespace detail {

namespace {

constexpr double kMaxDurationS = 2592000.0;  // 30 days.
constexpr double kWeightsTolerance = 1e-9;

constexpr std::size_t kMaxServices = 100;  // Services in a scenario.

}  // namespace

using model::Distribution;

std::string_view key_of(std::string_view path) {
  return path.substr(path.rfind('/') + 1);
}

const schema::Json& described_default(std::string_view path) {
  const schema::Field& field = schema::field_at(schema::Format::Scenario, path);
  if (!field.has_default)
    throw std::logic_error("scenario description: " + std::string(path) + " has no default");
  return field.default_value;
}

double number_or_described(const JsonReader& r, std::string_view path, const Range& range) {
  return r.number_or(key_of(path), schema::default_number(schema::Format::Scenario, path), range);
}

std::int64_t integer_or_described(const JsonReader& r, std::string_view path, const Range& range,
                                  std::int64_t limit) {
  const schema::Json& fallback = described_default(path);
  if (!fallback.is_number_integer())
    throw std::logic_error("scenario description: " + std::string(path) + " has no integer default");
  return r.integer_or(key_of(path), fallback.get<std::int64_t>(), range, limit);
}

bool boolean_or_described(const JsonReader& r, std::string_view path) {
  return r.boolean_or(key_of(path), described_default(path).get<bool>());
}

std::string string_or_described(const JsonReader& r, std::string_view path, bool non_empty) {
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

// A duration (a number or a distribution object) with the description's default, a fixed value.
Distribution distribution_or_described(const JsonReader& r, std::string_view path) {
  const auto given = r.find(key_of(path));
  return given ? read_distribution(*given)
               : Distribution::fixed(schema::default_number(schema::Format::Scenario, path));
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

model::Scenario ScenarioReader::read(const JsonReader& root) {
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
            .fail("duplicate service name \"" + name + "\" (already used by " + services[i].pointer() + ")");
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
            .fail("group_wait is set twice: here and in \"alertmanager\"; keep the one in \"alertmanager\"");
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

// The "service" field of `r`, which must name a service declared in "services".
std::string ScenarioReader::read_service_ref(const JsonReader& r) const {
  return read_ref(r.at("service", kServiceRefExpected), service_names_, "service", "services");
}

// The "store" field of `r`, which must name a store declared in "stores".
std::string ScenarioReader::read_store_ref(const JsonReader& r) const {
  return read_ref(r.at("store", "the name of a data store declared in \"stores\""), store_names_, "store",
                  "stores");
}

// A name that must be one of `known` (declared under the top-level key `plural`).
std::string ScenarioReader::read_ref(const JsonReader& field, const std::vector<std::string>& known,
                                     const std::string& kind, const std::string& plural) {
  std::string name = field.as_string();
  if (std::find(known.begin(), known.end(), name) != known.end()) return name;
  const std::string unknown = "unknown " + kind + " " + describe_found(field.json()) + "; ";
  if (known.empty()) field.fail(unknown + "the scenario declares no \"" + plural + "\"");
  field.fail(unknown + plural + " are: " + join(known));
}

model::ObjectiveSpec ScenarioReader::read_objective(const JsonReader& r) const {
  r.expect_object("an objective object");
  r.allow_only({"service", "rto_s", "rpo_s"});
  model::ObjectiveSpec objective;
  objective.service = read_service_ref(r);
  objective.rto_s = r.number("rto_s", Range::greater_than(0.0));
  objective.rpo_s = r.number("rpo_s", Range::at_least(0.0));
  return objective;
}

}  // namespace detail

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
  model::Scenario scenario = detail::ScenarioReader(limits).read(JsonReader(document, file_label));
  scenario.source_file = file_label;
  return scenario;
}

}  // namespace drillsim::io
