// drillsim assess (docs/monte-carlo.md, "Assessment against a resiliency policy"): RTO / RPO targets
// per disruption type, in the shape of AWS Resilience Hub's resiliency policies (Software, Hardware,
// AZ, Region, each {rtoInSecs, rpoInSecs}), judged on many drills of each scenario: per service and
// disruption type, the achievable RTO and RPO as distributions and P(met), where Resilience Hub gives
// one estimate from configuration.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "montecarlo/stats.hpp"
#include "montecarlo/summary.hpp"

namespace drillsim::montecarlo {

enum class Disruption { Software, Hardware, AZ, Region };
inline constexpr std::array<Disruption, 4> kDisruptions{Disruption::Software, Disruption::Hardware,
                                                        Disruption::AZ, Disruption::Region};
// Resilience Hub's key: "Software", "Hardware", "AZ", "Region".
const char* to_string(Disruption d);

// The disruption type a fault kind (the scenario format's name) belongs to; nullopt for an unknown
// kind. The table is in docs/monte-carlo.md: application faults are Software, a node or the network
// between pods Hardware, a zone AZ, a dependency (another region's or provider's service) Region.
std::optional<Disruption> disruption_of(std::string_view fault_kind);

struct PolicyError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Target {
  double rto_s = 0.0;
  double rpo_s = 0.0;
};

// A resiliency policy: CreateResiliencyPolicy's request shape (policyName, policyDescription, tier,
// dataLocationConstraint, policy: {Software|Hardware|AZ|Region: {rtoInSecs, rpoInSecs}}), or a
// DescribeResiliencyPolicy answer ({"policy": {...that...}}). Other fields are kept as read.
struct Policy {
  std::string name;
  std::string tier;
  std::map<Disruption, Target> targets;  // A type the policy does not name: MissingPolicy.
  nlohmann::ordered_json extra = nlohmann::ordered_json::object();  // Fields not interpreted, kept on export.
};
// Throws PolicyError naming the field.
Policy policy_from_json(const nlohmann::ordered_json& json);
// CreateResiliencyPolicy's request shape: imported again by policy_from_json to the same policy.
nlohmann::ordered_json policy_to_json(const Policy& policy);

// One run's objective on a service, for the policy: the achievable RTO (the time to restore; 0 when
// the service never breached its SLO; +infinity when it was not restored before the drill ended) and
// RPO (the data loss window; +infinity when corrupted writes remain, which no window measures).
struct Achieved {
  double rto_s = 0.0;
  double rpo_s = 0.0;
};
Achieved achieved(const ObjectiveOutcome& objective);

// Per service and disruption type, over every run of every scenario of that type.
struct Compliance {
  std::string service;
  Disruption disruption = Disruption::Software;
  std::optional<Target> target;  // nullopt: the policy names no target for the type (MissingPolicy).
  std::uint64_t runs = 0;
  std::uint64_t rto_met = 0;   // Runs with achieved RTO <= target.
  std::uint64_t rpo_met = 0;   // Runs with achieved RPO <= target.
  std::uint64_t both_met = 0;  // Both.
  std::vector<double> rto_s;   // Achieved, sorted (+infinity last).
  std::vector<double> rpo_s;
  // "PolicyMet" when at least `met_share` of the runs meet both targets, else "PolicyBreached";
  // "MissingPolicy" without a target.
  std::string status(double met_share) const;
};

// Judges runs against the policy one at a time, grouped by (service, disruption): what it keeps per run
// is the achieved RTO and RPO of each service (two doubles), never the run's summary, so a study's runs
// can be streamed in from its RunTable (docs/monte-carlo.md, flat memory).
class Assessor {
 public:
  explicit Assessor(Policy policy);
  // One run of a scenario whose fault is of type `type`.
  void add(Disruption type, const RunSummary& run);
  // The groups: services in the order first met, then disruption types in the policy's order.
  std::vector<Compliance> results() const;

 private:
  Policy policy_;
  std::vector<Compliance> groups_;
};

// The same over runs in memory: `runs[i]` are the runs of a scenario whose fault is of type `types[i]`.
std::vector<Compliance> assess(const Policy& policy, const std::vector<Disruption>& types,
                               const std::vector<std::vector<RunSummary>>& runs);

// The p-quantile (type 7) of ascending values that may end in +infinity: nullopt when it rests on an
// infinite value (more runs unrestored than the quantile leaves out).
std::optional<double> quantile_or_unbounded(const std::vector<double>& sorted, double p);

}  // namespace drillsim::montecarlo
