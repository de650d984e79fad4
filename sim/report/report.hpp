// The report of one drill: what the CLI writes and the viewer reads. It gathers the scenario's
// identity, the incident's instants and metrics, the RTO/RPO verdicts, the plan's outcome and the
// per-second series. build_report derives it from a DrillResult; report_json.hpp converts it to and
// from JSON (docs/report-format.md); report_writer.hpp writes it atomically.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "metrics/incident_metrics.hpp"
#include "model/drill_result.hpp"
#include "model/scenario.hpp"
#include "model/timeline.hpp"

namespace drillsim::report {

// Version of the JSON layout. Bump it on any change a reader of the previous version would misread.
// A drill of up to kCoarseAfterS is written in version 1 (per-second series); a longer one in version
// 2, whose series are per minute with full-resolution windows around the incident (docs/report-format.md).
inline constexpr int kSchemaVersion = 1;
inline constexpr int kCoarseSchemaVersion = 2;

// Drills longer than this (6 simulated hours) get coarse series in their report.
inline constexpr double kCoarseAfterS = 6 * 3600;
// The step of a coarse series, and how far the full-resolution window reaches before the fault (or the
// onset, whichever is first) and after the last instant of the incident or step of the plan.
inline constexpr double kCoarseStepS = 60;
inline constexpr double kDetailMarginS = 900;

struct Report {
  int schema_version = kSchemaVersion;
  std::string generator;  // "drillsim <version>".

  struct ScenarioInfo {
    std::string name;
    std::string description;
    std::string file;                      // The scenario's source file, as the user gave it.
    double duration_s = 0;                 // Simulated length of the drill.
    std::vector<std::string> assumptions;  // The scenario's "assumptions": what it invented.
  } scenario;

  std::uint64_t seed = 0;
  std::uint64_t requests_simulated = 0;

  struct Incident {
    std::string service;
    std::string fault;          // Fault kind, e.g. "bad_release".
    double fault_start_s = 0;   // When the fault was injected.
    std::string detect_signal;  // Name of the signal that fired first; "" if none fired.
    model::Timeline instants;   // Including `restored`, derived by build_report.
    metrics::IncidentMetrics metrics;
    std::vector<double> notifications_s;         // Alertmanager notifications; the first is the page.
    std::vector<model::Escalation> escalations;  // Tiers paged because nobody acknowledged.
    std::string acked_by;                        // "" if nobody acknowledged.
    std::optional<model::Decision> decision;     // nullopt: no decision was taken.
  };
  std::vector<Incident> incidents;  // One per injected fault (zero or one for now).

  std::vector<metrics::ObjectiveVerdict> objectives;  // One per scenario objective, same order.

  model::PlanOutcome plan;
  std::string plan_name;  // "" when the scenario has no plan.
  // Each level's claim judged once, by metrics::judge_level_claim in build_report, in plan.levels'
  // order (same size). The JSON's elapsed_s and claim_met are these fields, and report_from_json reads
  // them back; the console, lint, the JSON writer and the export formats only read them.
  std::vector<metrics::LevelClaim> level_claims;

  std::vector<model::StoreOutcome> stores;  // One per scenario data store, same order.
  // Each store against its service's RPO, judged once by metrics::judge_stores in build_report (same
  // size and order as stores); the JSON's rpo_s and rpo_met of each data item are these fields.
  std::vector<metrics::StoreVerdict> store_verdicts;

  struct Series {
    std::string service;
    std::string version;  // "stable", "new" or "all" (both versions together).
    // Sample k covers [k·step_s, (k+1)·step_s). With step_s 1, one second per sample. With step_s
    // kCoarseStepS (a long drill): requests, errors and slow are sums over the step, p50_s, p95_s and
    // p99_s the largest per-second value in it (NaN: no request in the step), ready the smallest.
    model::SecondSeries data;
    double step_s = 1;
    // A coarse series' full-resolution windows: per-second samples from t0_s (a whole second) on.
    struct Window {
      double t0_s = 0;
      model::SecondSeries data;
    };
    std::vector<Window> detail;
  };
  std::vector<Series> series;  // For each service in scenario order: stable, new, all.

  bool coarse() const { return schema_version == kCoarseSchemaVersion; }

  std::vector<model::SignalRecord> signals;  // Every detection signal of the scenario, in its order.

  // True when every objective has both its RTO and its RPO met (also when there is no objective).
  bool all_objectives_met() const;
};

// Builds the report of one drill: for the incident (if any), computes slo_status of its service's
// total series, find_restoration from onset with the SLO's stabilisation window (and sets `restored`
// in the incident's timeline), the incident metrics over the service's failures, and the objective
// verdicts. `generator` is "drillsim <version>". If the scenario has no plan, the report's plan is
// "not_started" with an empty name.
// A drill longer than `coarse_after_s` (default kCoarseAfterS) gets coarse series (coarsen_series) and
// schema version 2.
// Throws std::logic_error if `result` does not match `scenario` (an engine bug: the incident's service
// has no series or failure list).
Report build_report(const model::Scenario& scenario, const model::DrillResult& result,
                    const std::string& generator, double coarse_after_s = kCoarseAfterS);

// The full-resolution window of a long drill's report, [start, end) in whole seconds: from
// kDetailMarginS before the fault's injection (or the onset, if earlier) to kDetailMarginS after the
// latest instant of the incident's timeline, notification or plan step, both rounded out to whole
// kCoarseStepS and clamped to [0, seconds]. Empty (start == end) without an incident.
struct DetailWindow {
  std::size_t start = 0;
  std::size_t end = 0;
};
DetailWindow detail_window(const Report& report, std::size_t seconds);

// A per-second series summarised per `step` seconds (the last step may be shorter), as Report::Series
// documents, with the per-second samples of [window.start, window.end) kept as its one detail window.
// whole_run and latency_sum_s are copied as they are.
Report::Series coarsen_series(const std::string& service, const std::string& version,
                              const model::SecondSeries& per_second, std::size_t step, DetailWindow window);

}  // namespace drillsim::report
