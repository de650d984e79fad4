// Incident metrics as PRODUCT.md defines them (time to detect, time to decide, time to rollback, time
// to restore, downtime, requests failed, users affected) and the RTO/RPO verdict per service.
// Pure functions over model values: they never see SimGrid, do no I/O and log nothing, so every
// number can be derived by hand (docs/metrics.md gives each formula with a worked example).
//
// Units: every time is in simulated seconds. Second k of a series covers [k, k+1).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "model/drill_result.hpp"
#include "model/scenario.hpp"
#include "model/timeline.hpp"

namespace drillsim::metrics {

// One entry per second of `total`: true when second k is within SLO. Like a Prometheus rate over a
// trailing range, second k is judged on the requests that completed in the seconds [k-W+1, k]
// (clamped at 0), W = max(1, ceil(slo.sli_window_s)): it is within SLO when that window had no
// request, or when errors <= max_error_ratio * requests and slow <= 5% of requests (the nearest-rank
// p95 is within the latency bound exactly then). A ratio exactly at the threshold is within SLO.
// REQUIRES: total.errors and total.slow have total.requests.size() entries.
std::vector<bool> slo_status(const model::SecondSeries& total, const model::Slo& slo);

// Whether the SLO was breached after the onset and, if so, when the service was restored.
struct Restoration {
  bool slo_breached = false;
  std::optional<double> restored_s;  // A whole second; nullopt: not breached, or not restored in the drill.
};

// B is the first second k >= floor(onset_s) with !in_slo[k]; without one the SLO was not breached:
// {false, nullopt}. Otherwise `restored` is the smallest whole second s > B such that !in_slo[s-1] and
// in_slo[s], ..., in_slo[s+W-1] are all true, with W = ceil(window_s) and s + W <= in_slo.size()
// (the stabilisation window must fit inside the drill). Without such an s: {true, nullopt}, "not
// restored before the drill ended".
// REQUIRES: onset_s >= 0, window_s >= 0.
Restoration find_restoration(const std::vector<bool>& in_slo, double onset_s, double window_s);

// The metrics of one incident. A metric whose instants did not both happen is nullopt, never 0.
struct IncidentMetrics {
  std::optional<double> time_to_detect_s;    // detect - onset
  std::optional<double> time_to_decide_s;    // decide - detect
  std::optional<double> time_to_rollback_s;  // rollback_end - rollback_start
  std::optional<double> time_to_restore_s;   // restored - onset (held against the RTO)
  // Number of seconds k in [floor(onset), end) with !in_slo[k]; end = ceil(restored) if restored,
  // else in_slo.size().
  double downtime_s = 0;
  std::uint64_t requests_failed = 0;  // Failures with onset <= t_s < end (end = restored, else +inf).
  std::uint64_t users_affected = 0;   // Distinct users among those failures.
  double revenue_impact = 0;          // Sum of the value of their request classes (0 outside any class).
  bool slo_breached = false;          // As given by the caller (Restoration::slo_breached).
};

// Computes the metrics of one incident. Each difference is nullopt when either of its instants is
// missing. Without an onset every field is null, zero or false. `timeline` must already hold
// `restored` (the caller sets it from find_restoration). `in_slo` is slo_status() of the incident's
// service and `failures` its failed requests (any order).
// `classes` are the service's request classes (a failure's request_class indexes them).
IncidentMetrics compute_incident_metrics(const model::Timeline& timeline, const std::vector<bool>& in_slo,
                                         const std::vector<model::Failure>& failures, bool slo_breached,
                                         const std::vector<model::RequestClass>& classes = {});
// The same with the failures given by `for_each_failure`, which calls its argument with each of them
// (model::for_each_failure: a long drill's come from a file). Memory: the distinct users, not the
// failures.
using FailureSource = std::function<void(const std::function<void(const model::Failure&)>&)>;
IncidentMetrics compute_incident_metrics_of(const model::Timeline& timeline, const std::vector<bool>& in_slo,
                                            const FailureSource& for_each_failure, bool slo_breached,
                                            const std::vector<model::RequestClass>& classes = {});

// The verdict on one service's recovery objectives.
struct ObjectiveVerdict {
  std::string service;
  double rto_s = 0;
  double rpo_s = 0;
  std::optional<double>
      time_to_restore_s;  // Of the incident on this service; nullopt if none or not restored.
  // The largest data loss window over the service's data stores (StoreOutcome::loss_window_s); 0 when
  // it has none or none lost a write.
  double data_loss_window_s = 0;
  // Corrupted writes (bad data a faulty version committed) still in the service's stores when the drill
  // ended: the data was not recovered, so the RPO is missed however short the loss window.
  std::uint64_t corrupted_remaining = 0;
  bool rto_met = false;
  bool rpo_met = false;
  // Why, in words: "restored in 642 s <= RTO 900 s", "restored in 1000 s > RTO 900 s",
  // "no incident on this service", "no onset: the fault made no request fail or breach the SLO",
  // "stayed within SLO", "not restored before the drill ended". A missed RPO appends
  // "; data loss window X s > RPO Y s" and/or "; N corrupted writes remain in STORE".
  std::string reason;
};

// One verdict per objective, in the same order. RTO: no incident on the service (or no onset) -> met;
// an incident that never breached the SLO -> met; breached and time_to_restore <= rto -> met;
// otherwise (restored too late, or not restored) missed. RPO: store_rpo_met for every one of the
// `stores` whose service is the objective's. `incident` and `incident_metrics` may be null (the scenario
// has no fault); nothing is retained.
// REQUIRES: incident_metrics != nullptr whenever incident != nullptr.
std::vector<ObjectiveVerdict> evaluate_objectives(const std::vector<model::ObjectiveSpec>& objectives,
                                                  const model::IncidentRecord* incident,
                                                  const IncidentMetrics* incident_metrics,
                                                  const std::vector<model::StoreOutcome>& stores = {});

// A store's data against an RPO: its loss window is within the RPO and no corrupted write remains in it.
bool store_rpo_met(const model::StoreOutcome& store, double rpo_s);

// A data store judged against the RPO of its service's objective (the last objective that names the
// service, as in the scenario's order). Both nullopt when no objective names the store's service.
struct StoreVerdict {
  std::optional<double> rpo_s;
  std::optional<bool> rpo_met;
};

// One verdict per store, in the stores' order: the one place the report's per-store RPO is judged.
std::vector<StoreVerdict> judge_stores(const std::vector<ObjectiveVerdict>& objectives,
                                       const std::vector<model::StoreOutcome>& stores);

// A plan level against the runbook's claim for it ("Level 1: < 5 minutes"). The one place that judges
// a claim: the report, console, lint and viewer all read this.
struct LevelClaim {
  std::optional<double> elapsed_s;  // end - start; nullopt while the level was never entered or not left.
  // nullopt: no claim, or nothing to judge yet (never entered; interrupted within its budget).
  // A level is met only if it completed within its claim: a level that failed or escalated did not do
  // what the runbook claims of it, whatever its time; one interrupted by the drill's end past its
  // budget has missed it.
  std::optional<bool> met;
};
LevelClaim judge_level_claim(const model::LevelOutcome& level, double drill_end_s);

}  // namespace drillsim::metrics
