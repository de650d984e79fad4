// Private to the scenario loader (io/scenario_loader.cpp and the section readers io/load_*.cpp): the
// reading helpers every section shares and the ScenarioReader whose members each section file defines.
// Nothing outside sim/io includes it; io/scenario_loader.hpp is the loader's interface.
//
// The scenario format, section by section (docs/scenario-format.md):
//   scenario_loader.cpp  the whole document (its top-level keys, in order), objectives, references to a
//                        service or a store, the shared helpers below, and reading files;
//   load_traffic.cpp     services: versions, traffic and rates, SLO, pods, rollout strategy, request
//                        classes, calls and the request budget; deployments;
//   load_stores.cpp      data stores: backups, WAL archiving, migrations;
//   load_faults.cpp      the fault and each kind's keys;
//   load_detection.cpp   alerts, probes, smoke tests, complaints, integrity checks, Alertmanager, rule files;
//   load_response.cpp    the responder and the decision;
//   load_plan.cpp        the plan: levels, steps, requirements and escalations.
// Each read_* function takes a reader positioned on one JSON value, checks its keys first (so a typo is
// reported as a typo rather than as a missing field), then reads each field with its range and default.
// The order of checks fixes which error a user sees first: keys, then fields in the order
// docs/scenario-format.md lists them, then rules across fields.
#pragma once

#include <algorithm>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "io/json_reader.hpp"
#include "io/scenario_loader.hpp"
#include "model/scenario.hpp"
#include "schema/description.hpp"

namespace drillsim::io::detail {

constexpr std::int64_t kIntLimit = INT_MAX;
constexpr const char* kDistributionExpected =
    "a duration in seconds (a number >= 0) or a distribution object with a \"kind\"";
constexpr const char* kWeightsExpected = "a weights object {\"stable\": w, \"new\": w}";
constexpr const char* kNameExpected = "a non-empty name made of letters, digits, \"_\", \".\" and \"-\"";
constexpr const char* kServiceRefExpected = "the name of a service";
inline const std::vector<std::string_view> kVersionNames{"stable", "new"};  // Indexed by model::Version.

// --- Defaults. Every key the loader reads with a default takes the scenario description's (sim/schema),
// the one place defaults are written: `path` is the key's path in the description ("stores/[]/size_gb",
// "fault/kind=memory_leak/leak_mb_per_s"), its last part the key read, so key and default cannot part.
// A path the description lacks, or whose field has no default of that type, is a bug (std::logic_error
// or std::out_of_range), which every test that loads the section finds.

// The last part of a description path: the key it reads.
std::string_view key_of(std::string_view path);
// The described default of the field at `path`; std::logic_error if it has none.
const schema::Json& described_default(std::string_view path);
double number_or_described(const JsonReader& r, std::string_view path, const Range& range = {});
std::int64_t integer_or_described(const JsonReader& r, std::string_view path, const Range& range = {},
                                  std::int64_t limit = std::numeric_limits<std::int64_t>::max());
bool boolean_or_described(const JsonReader& r, std::string_view path);
std::string string_or_described(const JsonReader& r, std::string_view path, bool non_empty = false);
// The index in `choices` of the key's value, or of the described default.
std::size_t choice_or_described(const JsonReader& r, std::string_view path,
                                const std::vector<std::string_view>& choices, std::string_view noun);

// `takes` text for allow_only: `a "uniform" distribution takes`.
std::string takes(std::string_view what, std::string_view kind);
// Distribution: a plain number (fixed, seconds) or an object with a "kind".
model::Distribution read_distribution(const JsonReader& r);
// A duration (a number or a distribution object) with the description's default, a fixed value.
model::Distribution distribution_or_described(const JsonReader& r, std::string_view path);
// {"stable": w, "new": w}, adding up to 1.
model::Weights read_weights(const JsonReader& r);

// closest_match, unless another candidate is as close: "Level 3" is as close to "Level 1" as to
// "Level 2", and suggesting either would be a guess.
std::optional<std::string_view> unambiguous_match(std::string_view word,
                                                  const std::vector<std::string_view>& candidates);
// A comma-separated list: "a, b, c".
std::string join(const std::vector<std::string>& words);

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
FileBeside read_file_beside(const JsonReader& field, const std::string& name, const std::string& what);

// Reads one scenario document. Sections are read in the order of read(), each by the members its file
// defines; what a section needs of those read before it (the names declared so far, the fault's flag)
// is kept in the fields at the end.
class ScenarioReader {
 public:
  explicit ScenarioReader(const LoadLimits& limits) : limits_(limits) {}

  // The whole document (scenario_loader.cpp).
  model::Scenario read(const JsonReader& root);

  // --- References and the whole (scenario_loader.cpp).
  // The "service" field of `r`, which must name a service declared in "services".
  std::string read_service_ref(const JsonReader& r) const;
  // The "store" field of `r`, which must name a store declared in "stores".
  std::string read_store_ref(const JsonReader& r) const;
  // A name that must be one of `known` (declared under the top-level key `plural`).
  static std::string read_ref(const JsonReader& field, const std::vector<std::string>& known,
                              const std::string& kind, const std::string& plural);
  model::ObjectiveSpec read_objective(const JsonReader& r) const;
  // A time inside the run: [0, duration_s).
  Range instant_range() const { return Range::at_least(0.0).and_less_than(duration_s_, "duration_s"); }

  // --- Services and deployments (load_traffic.cpp).
  model::ServiceSpec read_service(const JsonReader& r) const;
  model::DeploymentSpec read_deployment(const JsonReader& r) const;
  // Traffic weights mean nothing to a service that routes by pods: say so rather than ignore them.
  void reject_weights_on_pod_routing(const JsonReader& r, const std::string& service, const char* what) const;
  // Each service's "calls", once every service is known. The call graph must have no cycle: a request
  // would call itself.
  void read_calls(const std::vector<JsonReader>& services, model::Scenario& scenario) const;
  double requests_per_request(const std::vector<JsonReader>& services, const model::Scenario& scenario,
                              std::size_t service, std::vector<double>& memo,
                              std::vector<std::size_t>& depth) const;
  void check_request_budget(const std::vector<JsonReader>& services, const model::Scenario& scenario) const;

  // --- Data stores (load_stores.cpp).
  model::DataStoreSpec read_store(const JsonReader& r) const;

  // --- The fault (load_faults.cpp).
  model::FaultSpec read_fault(const JsonReader& r) const;

  // --- Detection signals and Alertmanager (load_detection.cpp).
  void read_detection(const JsonReader& root, model::Scenario& scenario) const;
  model::AlertRuleSpec read_alert(const JsonReader& r) const;
  // Each receiver's tier must be the responder's name or one of its escalation tiers' (with no
  // responder: "on-call"), and some receiver must page.
  static void check_receivers(const JsonReader& root, const model::Scenario& scenario);

  // --- The responder and the decision (load_response.cpp).
  model::ResponderSpec read_responder(const JsonReader& r) const;
  model::DecisionSpec read_decision(const JsonReader& r, const model::Scenario& scenario) const;

  // --- The plan (load_plan.cpp).
  struct PlanState;  // What the plan's readers gather across steps, checked once every level is read.
  model::PlanSpec read_plan(const JsonReader& r) const;
  model::LevelSpec read_level(const JsonReader& r, std::size_t index, PlanState& state) const;
  // A step of level `level`, with the checks across steps: a unique name, and its escalation noted.
  model::StepSpec read_plan_step(const JsonReader& r, std::size_t level, PlanState& state) const;
  model::StepSpec read_step(const JsonReader& r) const;

  // What the sections read so far tell the next ones.
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

}  // namespace drillsim::io::detail
