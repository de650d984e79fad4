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
inline constexpr int kSchemaVersion = 1;

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

  std::vector<model::StoreOutcome> stores;  // One per scenario data store, same order.

  struct Series {
    std::string service;
    std::string version;  // "stable", "new" or "all" (both versions together).
    model::SecondSeries data;
  };
  std::vector<Series> series;  // For each service in scenario order: stable, new, all.

  std::vector<model::SignalRecord> signals;  // Every detection signal of the scenario, in its order.

  // True when every objective has both its RTO and its RPO met (also when there is no objective).
  bool all_objectives_met() const;
};

// Builds the report of one drill: for the incident (if any), computes slo_status of its service's
// total series, find_restoration from onset with the SLO's stabilisation window (and sets `restored`
// in the incident's timeline), the incident metrics over the service's failures, and the objective
// verdicts. `generator` is "drillsim <version>". If the scenario has no plan, the report's plan is
// "not_started" with an empty name.
// Throws std::logic_error if `result` does not match `scenario` (an engine bug: the incident's service
// has no series or failure list).
Report build_report(const model::Scenario& scenario, const model::DrillResult& result,
                    const std::string& generator);

}  // namespace drillsim::report
