// What one drill of a Monte Carlo study sends back to the coordinator: every metric, the verdicts and
// the uncertain inputs drawn -- a few hundred bytes, never the per-second series, so that the
// coordinator's memory does not grow with the drill's length. Its JSON form is the per-run table of
// the aggregate report, from which the whole aggregate is rebuilt (drillsim merge).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/drill_result.hpp"
#include "model/scenario.hpp"
#include "report/report.hpp"

namespace drillsim::montecarlo {

struct ObjectiveOutcome {
  std::string service;
  double rto_s = 0.0;
  double rpo_s = 0.0;
  std::optional<double> time_to_restore_s;
  double data_loss_window_s = 0.0;
  bool rto_met = false;
  bool rpo_met = false;
};

struct LevelClaimOutcome {
  std::string level;
  std::optional<bool> met;  // the report's level_claims; nullopt: nothing to judge in this run.
};

// One uncertain input as drawn (model::Draw, summed by name) or derived from the run (the fault's
// phase against an alert rule's evaluation ticks).
struct Input {
  std::string name;
  double value = 0.0;
};

struct RunSummary {
  std::uint64_t run = 0;   // Index in the study, 0-based.
  std::uint64_t seed = 0;  // montecarlo::run_seed(study seed, run).
  // The incident's metrics (docs/metrics.md); nullopt where the instants did not both happen.
  std::optional<double> time_to_detect_s;
  std::optional<double> time_to_decide_s;
  std::optional<double> time_to_rollback_s;
  std::optional<double> time_to_restore_s;
  // Time to restore for attribution: time_to_restore_s, else (an onset, never restored) the time from
  // the onset to the drill's end, a lower bound; nullopt without an onset.
  std::optional<double> restore_or_censored_s;
  double downtime_s = 0.0;
  std::uint64_t requests_failed = 0;
  std::uint64_t users_affected = 0;
  double data_loss_window_s = 0.0;  // The largest over the stores.
  std::uint64_t writes_lost = 0;    // Over every store.
  std::string exit_state;           // The plan's.
  std::vector<ObjectiveOutcome> objectives;
  std::vector<LevelClaimOutcome> levels;
  std::vector<Input> inputs;
  std::vector<std::string> violations;  // Invariants the run broke (report::check_invariants).
};

// The summary of one drill. `run` and `seed` are left for the caller.
RunSummary summarize(const model::Scenario& scenario, const model::DrillResult& result,
                     const report::Report& report);

nlohmann::ordered_json to_json(const RunSummary& summary);
// Throws std::runtime_error naming the missing or mistyped field.
RunSummary summary_from_json(const nlohmann::ordered_json& json);

}  // namespace drillsim::montecarlo
