// The viewer's reading of the reports that answer a question about a scenario (docs/monte-carlo.md):
// `drillsim capacity` ("kind": "capacity"), `drillsim assess` ("kind": "assessment") and a ranking of
// candidate changes, `drillsim run --candidate` / `--compare` ("kind": "comparison"), each at format 1.
// Like the rest of the viewer it computes no statistic: every proportion, interval, quantile and
// difference shown is the file's. The readers check the fields they show and name the JSON pointer of
// the first one that is wrong (AggregateFormatError, as for an aggregate).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "gui/aggregate.hpp"

namespace drillsim::gui {

inline constexpr int kCapacityFormat = 1;  // The layouts this viewer reads.
inline constexpr int kAssessmentFormat = 1;
inline constexpr int kComparisonFormat = 1;

// --- drillsim capacity -----------------------------------------------------------------------------

// One replica count tried: its K drills, how many kept every SLI window within the SLO, the worst
// window's error ratio and share of slow requests, and the mean utilisation over the judged seconds.
struct CapacityProbe {
  std::int64_t replicas = 0;
  std::int64_t runs = 0;
  std::int64_t runs_within_slo = 0;
  bool passed = false;
  double worst_window_error_ratio = 0;
  double worst_window_slow_share = 0;
  double utilisation = 0;
};

struct CapacityService {
  std::string service;
  std::int64_t today_replicas = 0;
  std::optional<std::int64_t> fewest_replicas;    // Absent when even max_replicas fails.
  std::optional<std::int64_t> headroom_replicas;  // today − fewest; absent with fewest.
  std::optional<double> utilisation_at_today, utilisation_at_fewest;
  std::optional<double> utilisation_stable, utilisation_new, utilisation_all;  // Over the drill as it is.
  std::vector<CapacityProbe> probes;                                           // In the order tried.
};

struct CapacityReport {
  std::string generator;
  std::string scenario_name, scenario_file;
  std::uint64_t seed = 0;
  std::int64_t runs_per_count = 0;
  std::int64_t max_replicas = 0;
  double judged_from_s = 0, judged_to_s = 0;
  std::vector<CapacityService> services;
};

// --- drillsim assess ------------------------------------------------------------------------------

// One objective (RTO or RPO) of a result. `target_s` and `met` are absent without a policy target
// (MissingPolicy); a quantile is absent when it is unbounded (it rests on a run never restored, or on
// corrupted writes that remain).
struct AssessmentObjective {
  std::optional<double> target_s;
  std::optional<Proportion> met;  // count of of, p and its Wilson interval (no Clopper–Pearson).
  std::optional<double> p50_s, p95_s;
};

struct AssessmentResult {
  std::string service;
  std::string disruption_type;    // Software, Hardware, AZ or Region.
  std::string compliance_status;  // PolicyMet, PolicyBreached or MissingPolicy.
  std::int64_t runs = 0;
  std::optional<double> achievable_rto_s, achievable_rpo_s;  // The p95s; absent when unbounded.
  AssessmentObjective rto, rpo;
  std::optional<Proportion> both_met;
};

struct AssessmentScenario {
  std::string file, name, fault_kind, disruption_type;
  std::uint64_t seed = 0;
  std::int64_t runs = 0;
};

struct PolicyTarget {
  std::string disruption_type;
  std::optional<double> rto_s, rpo_s;
};

struct AssessmentReport {
  std::string generator;
  std::string policy_name, policy_tier;  // Empty when the policy has none.
  std::vector<PolicyTarget> policy_targets;
  double met_at = 0.95;  // PolicyMet when P(both met) is at least this.
  double confidence = 0.95;
  std::vector<AssessmentScenario> scenarios;
  std::int64_t runs_with_violations = 0;
  std::vector<AssessmentResult> results;
  std::vector<std::string> not_applicable;  // The policy's types with no scenario.
};

// --- drillsim run --candidate / --compare ---------------------------------------------------------

// A paired difference, candidate minus baseline, and its bootstrap interval.
struct Difference {
  double estimate = 0;
  std::pair<double, double> interval;
};

// One service's (one objective's) change under a candidate: its P(RTO met) and P(RPO met) alone, their
// paired changes from the baseline with intervals, and the runs that meet each with the change only
// (gained) or without it only (lost).
struct ComparisonService {
  std::string service;
  double p_rto_met = 0, p_rpo_met = 0;
  Difference delta_p_rto_met, delta_p_rpo_met;
  std::int64_t rto_runs_gained = 0, rto_runs_lost = 0, rpo_runs_gained = 0, rpo_runs_lost = 0;
};

// The baseline's own proportions for one service.
struct BaselineService {
  std::string service;
  double p_rto_met = 0, p_rpo_met = 0;
};

struct ComparisonCandidate {
  std::int64_t rank = 0;
  std::string name;
  std::vector<std::pair<std::string, std::string>> settings;  // The baseline's and its own: pointer, JSON.
  double p_rto_met = 0;
  std::optional<double> p95_time_to_restore_s;
  Difference delta_p_rto_met;
  std::optional<Difference> delta_p95_time_to_restore_s;  // Absent when a side never restored.
  std::int64_t runs_gained = 0, runs_lost = 0;
  // The difference the rank was decided on (the file's ranked_change): delta_p_rto_met, or the
  // ranked-by service's change in P(RTO met) or P(RPO met). Absent in files written before --rank-by.
  std::optional<Difference> ranked_change;
  std::vector<ComparisonService> services;  // Per objective, in the scenario's order; empty in older files.
};

struct ComparisonReport {
  std::string generator;
  std::string scenario_name, scenario_file;
  std::uint64_t seed = 0;
  std::int64_t runs = 0;
  double confidence = 0.95;
  std::int64_t bootstrap_resamples = 0;
  std::string bootstrap_method;
  std::string target;  // The time compared, e.g. "restore_or_censored_s".
  std::vector<std::pair<std::string, std::string>> baseline_settings;
  double baseline_p_rto_met = 0;
  std::optional<double> baseline_p95_time_to_restore_s;
  std::vector<BaselineService> baseline_services;  // Empty in older files.
  // What the candidates were ranked by (the file's ranked_by): one service's P(RTO met), or its
  // P(RPO met) when ranked_by_rpo; without a service, P(every RTO met) (also a file without ranked_by).
  std::optional<std::string> ranked_by_service;
  bool ranked_by_rpo = false;
  std::vector<ComparisonCandidate> candidates;  // In rank order, as in the file.

  // "P(every RTO met)", or "checkout's P(RTO met)" / "checkout's P(RPO met)".
  std::string ranked_by_text() const;

  // The baseline's figures for `service`, or nullptr.
  const BaselineService* baseline_service(const std::string& service) const;

  // The settings of `c` that the baseline does not have (or has with another value).
  std::vector<std::pair<std::string, std::string>> own_settings(const ComparisonCandidate& c) const;
};

// --- dispatch -------------------------------------------------------------------------------------

enum class ResultKind { Capacity, Assessment, Comparison };

struct ResultReport {
  std::variant<CapacityReport, AssessmentReport, ComparisonReport> data;

  ResultKind kind() const { return static_cast<ResultKind>(data.index()); }
  const CapacityReport* capacity() const { return std::get_if<CapacityReport>(&data); }
  const AssessmentReport* assessment() const { return std::get_if<AssessmentReport>(&data); }
  const ComparisonReport* comparison() const { return std::get_if<ComparisonReport>(&data); }
  // What the window's title and report selector call it: the scenario's name (the policy's for an
  // assessment).
  std::string name() const;
};
using ResultPtr = std::shared_ptr<const ResultReport>;

// "capacity", "assessment", "comparison".
const char* kind_name(ResultKind kind);

// What a JSON file is, from its "kind": a drill's report has none.
enum class FileKind { DrillReport, Study, Result, Unknown };
FileKind file_kind(const nlohmann::json& json);
// The kinds this viewer opens, for a message: "aggregate, sweep, capacity, assessment and comparison".
const char* known_kinds();

// Reads a capacity, assessment or comparison report. Throws AggregateFormatError naming the pointer of
// the first field that is missing or of the wrong type, or an unsupported `format`.
// REQUIRES: file_kind(json) == FileKind::Result.
ResultReport result_from_json(const nlohmann::json& json);

}  // namespace drillsim::gui
