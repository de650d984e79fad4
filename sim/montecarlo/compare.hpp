// Ranking candidate changes (drillsim run --runs N --candidate ..., docs/monte-carlo.md): every
// candidate runs the study's runs with the same seeds as the baseline (common random numbers), so run i
// of the baseline and run i of a candidate differ only by the change. Each candidate's change in
// P(RTO met) and in the p95 time to restore is estimated from these pairs, with a paired bootstrap
// interval, and the candidates are ranked. Per service, the change in P(RTO met) and in P(RPO met) is
// estimated from the same pairs and the same resamples.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "montecarlo/stats.hpp"
#include "montecarlo/summary.hpp"

namespace drillsim::montecarlo {

// What the comparison reads of one run: whether every objective's RTO was met, the time to restore
// (restore_or_censored_s: a run never restored counts with its lower bound; NaN without an onset), and
// each objective's verdicts, in the scenario's order.
struct ObjectiveMet {
  bool rto_met = false;
  bool rpo_met = false;
};
struct PairedRun {
  bool rto_met = false;
  double restore_s = 0.0;
  std::vector<ObjectiveMet> objectives;
};
PairedRun paired_run(const RunSummary& run);
// The services of a run's objectives, in order: the names of PairedRun::objectives.
std::vector<std::string> objective_services(const RunSummary& run);

struct Difference {
  double estimate = 0.0;  // Candidate minus baseline, on all the runs.
  Interval interval;      // Paired bootstrap percentile interval.
};

// One service's (one objective's) change: the candidate's P(RTO met) and P(RPO met), their changes from
// the baseline with paired bootstrap intervals, and the runs that meet it with the change only (gained)
// or without it only (lost).
struct ServiceComparison {
  std::string service;
  double p_rto_met = 0.0;
  double p_rpo_met = 0.0;
  Difference delta_p_rto_met;
  Difference delta_p_rpo_met;
  std::uint64_t rto_gained = 0;
  std::uint64_t rto_lost = 0;
  std::uint64_t rpo_gained = 0;
  std::uint64_t rpo_lost = 0;
};

struct CandidateComparison {
  std::string name;
  nlohmann::ordered_json settings = nlohmann::ordered_json::object();
  double p_rto_met = 0.0;               // The candidate's.
  std::optional<double> p95_restore_s;  // The candidate's; nullopt without a restore time in any run.
  Difference delta_p_rto_met;           // In [-1, 1].
  std::optional<Difference> delta_p95_restore_s;  // Seconds; nullopt when a side has no restore time.
  std::uint64_t gained = 0;                       // Runs (seeds) that meet every RTO with the change only.
  std::uint64_t lost = 0;                         // Runs that meet every RTO without the change only.
  std::vector<ServiceComparison> services;        // Per objective, in the scenario's order.
};

// The paired comparison of `candidate` with `baseline`, both in run order with the same seeds.
// `resamples` bootstrap resamples of the run indices, drawn from SplitMix64 started at `bootstrap_seed`;
// each gives mean(candidate met) - mean(baseline met) and p95(candidate) - p95(baseline) over the
// resampled pairs (p95 as quantile(), over the runs with a restore time). The interval is the
// ((1 - confidence) / 2, (1 + confidence) / 2) quantiles of these. The same resamples give each
// objective's changes in P(RTO met) and P(RPO met); `services` names the objectives ("objective K"
// past its end).
// REQUIRES: same size, not empty, every run with as many objectives as the baseline's first (throws
// std::invalid_argument), resamples >= 2; run i of both has the same seed (the caller's to ensure).
CandidateComparison compare_paired(const std::vector<PairedRun>& baseline,
                                   const std::vector<PairedRun>& candidate, int resamples,
                                   std::uint64_t bootstrap_seed, double confidence = 0.95,
                                   const std::vector<std::string>& services = {});

// What candidates are ranked by (--rank-by SERVICE[:rto|rpo]): every objective's RTO together (no
// service, the default), or one service's RTO or RPO -- "which change helps service X".
struct RankBy {
  std::string service;  // Empty: every objective together.
  bool rpo = false;     // With a service: its RPO rather than its RTO.
};
// "SERVICE", "SERVICE:rto", "SERVICE:rpo"; "overall" is the default. Throws std::invalid_argument with
// a message for the user.
RankBy parse_rank_by(const std::string& text);
// The change a candidate is ranked on: its change in P(RTO met) of every objective, or the service's
// change in P(RTO met) or P(RPO met). Throws std::invalid_argument when it has no such service.
const Difference& ranked_change(const CandidateComparison& candidate, const RankBy& by);

// Best first: the larger ranked_change, then (ranked by a service) the larger change in P(RTO met) of
// every objective, then the smaller change in p95 time to restore (none last), then by name. Stable.
// Throws std::invalid_argument when a candidate has not the service ranked by.
void rank_candidates(std::vector<CandidateComparison>& candidates, const RankBy& by = {});

// The "kind": "comparison" report (docs/monte-carlo.md) and its console form.
struct ComparisonStudy {
  std::string generator;
  std::string scenario_name;
  std::string scenario_file;
  std::uint64_t seed = 1;
  std::uint64_t runs = 0;
  nlohmann::ordered_json baseline_settings = nlohmann::ordered_json::object();
  double baseline_p_rto_met = 0.0;
  std::optional<double> baseline_p95_restore_s;
  std::vector<ServiceComparison> baseline_services;  // Only service, p_rto_met and p_rpo_met are read.
  int resamples = 0;
  double confidence = 0.95;
  RankBy rank_by;
};
nlohmann::ordered_json comparison_json(const ComparisonStudy& study,
                                       const std::vector<CandidateComparison>& ranked);
std::string format_comparison(const nlohmann::ordered_json& comparison);

}  // namespace drillsim::montecarlo
