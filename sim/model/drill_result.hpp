// What one simulated drill produced, before any metric is computed: per-second series, the failed
// requests, the incident's timeline and the plan's outcome. The engine fills it; metrics/ and
// report/ read it. Plain values, no SimGrid.
#pragma once

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/scenario.hpp"
#include "model/timeline.hpp"

namespace drillsim::model {

// Per-second samples for one service and one version (or the whole service). Second k covers
// simulated time [k, k+1); requests are counted in the second in which they complete.
struct SecondSeries {
  std::vector<std::uint32_t> requests;  // Completed requests (served or failed).
  std::vector<std::uint32_t> errors;    // Of which failed (5xx from the version, or rejected).
  std::vector<std::uint32_t> slow;      // Of all, those slower than the service's SLO latency bound.
  std::vector<double> p50_s;            // Latency percentiles (nearest rank); NaN if no request.
  std::vector<double> p95_s;
  std::vector<double> p99_s;
  std::vector<int> ready;      // Ready replicas at the start of the second.
  double latency_sum_s = 0.0;  // Sum of the latencies of every request counted above.
  // Over the whole drill, every request counted above (not an average of per-second figures): the mean
  // (latency_sum_s / requests) and the nearest-rank percentiles of all their latencies. NaN: none.
  struct WholeRun {
    double mean_s = std::numeric_limits<double>::quiet_NaN();
    double p50_s = std::numeric_limits<double>::quiet_NaN();
    double p95_s = std::numeric_limits<double>::quiet_NaN();
    double p99_s = std::numeric_limits<double>::quiet_NaN();
  } whole_run;

  void resize(std::size_t seconds);
  std::size_t size() const { return requests.size(); }
};

// Folds consecutive seconds of a SecondSeries into one coarser sample (a long drill's minute): the
// sums of requests, errors and slow (clipped to 2^32 - 1), the largest of each percentile (a second
// without requests, NaN, hides none), the fewest Ready replicas. Both the report's coarsening and the
// recorder's streaming of long drills use it, so that the two agree bit for bit.
class StepAccumulator {
 public:
  void add(const SecondSeries& per_second, std::size_t i) {
    add(per_second.requests[i], per_second.errors[i], per_second.slow[i], per_second.p50_s[i],
        per_second.p95_s[i], per_second.p99_s[i], per_second.ready[i]);
  }
  void add(std::uint32_t requests, std::uint32_t errors, std::uint32_t slow, double p50, double p95,
           double p99, int ready) {
    requests_ += requests;
    errors_ += errors;
    slow_ += slow;
    p50_ = worst(p50_, p50);
    p95_ = worst(p95_, p95);
    p99_ = worst(p99_, p99);
    ready_ = ready_ < ready ? ready_ : ready;
  }
  // Writes the step as element k of `out` (sized already) and starts a new one.
  void store(SecondSeries& out, std::size_t k);

 private:
  static double worst(double acc, double v) {
    return std::isnan(acc) ? v : (std::isnan(v) || v <= acc ? acc : v);
  }
  std::uint64_t requests_ = 0;
  std::uint64_t errors_ = 0;
  std::uint64_t slow_ = 0;
  double p50_ = std::numeric_limits<double>::quiet_NaN();
  double p95_ = std::numeric_limits<double>::quiet_NaN();
  double p99_ = std::numeric_limits<double>::quiet_NaN();
  int ready_ = std::numeric_limits<int>::max();
};

struct ServiceSeries {
  std::string service;
  std::array<SecondSeries, 2> by_version;  // Indexed by Version.
  SecondSeries total;                      // Both versions together (percentiles over the union).
};

// One failed request. Kept for all failures (they are few next to all requests; a long drill keeps
// them in a file, FailureArchive), so that any window's requests_failed and distinct users_affected
// are exact.
struct Failure {
  double t_s = 0.0;  // Completion time.
  std::uint32_t user = 0;
  bool caused_by_fault = false;     // Would have succeeded without the fault (same random draw).
  std::int16_t request_class = -1;  // Index into the service's request_classes; -1: none.
};

// One run of a step (a step that an escalation or a retry revisits appears once, with its attempts).
struct StepOutcome {
  enum class Status { Completed, Failed, NotRun, Interrupted };
  std::string name;
  std::string action;
  std::string level;  // The level it belongs to ("" for a plan without levels).
  std::optional<double> start_s;
  std::optional<double> end_s;
  Status status = Status::NotRun;
  int attempts = 0;     // 1 + the retries it used.
  std::string detail;   // Why it failed, what it did.
  int source_line = 0;  // The runbook lines the step came from (its plan's "source"); 0: not given.
  int source_end_line = 0;
};
const char* to_string(StepOutcome::Status status);

// How a level fared against the runbook's claim for it.
struct LevelOutcome {
  std::string name;
  std::optional<double> claim_s;
  std::optional<double> start_s;  // When its first step started; nullopt: never entered.
  std::optional<double> end_s;    // When it was left (finished, escalated from, or the plan stopped).
  std::string outcome;            // "completed", "escalated", "failed", "interrupted" or "not_run".
};

struct PlanOutcome {
  // "completed": every step ran and passed; "partial": it ran to the end but a step with on_failure
  // "continue" failed; "aborted": a failed step stopped it (or an escalation had nowhere to go);
  // "blocked": a failed step with on_failure "block" stopped it waiting on something outside the plan;
  // "not_started": no decision to roll back was taken in the simulated time; "unfinished": the drill
  // ended mid-plan.
  std::string exit_state = "not_started";
  std::string reason;
  std::vector<StepOutcome> steps;  // In the order they ran; then the steps never run, in plan order.
  std::vector<LevelOutcome> levels;
};

// A detection signal of the scenario and when it first fired (at any time of the drill).
struct SignalRecord {
  std::string name;
  std::string kind;     // "alert_rule", "probe", "smoke_test", "complaints", "integrity_check" or
                        // "rule_file_alert" (an alert name of the scenario's rule files).
  std::string service;  // The service it watches (a smoke test: its flow's first; a check: its store's).
  std::string metric;   // An alert rule's metric ("error_ratio", ...); "" for the other kinds.
  std::optional<double> threshold;  // An alert rule's threshold (a ratio, seconds or a count).
  std::optional<double> fired_s;    // First firing; nullopt: it never fired.
  // A rule file's alert: each of its alerts (one per label set) and its state changes, in time order.
  struct AlertInstance {
    std::vector<std::pair<std::string, std::string>> labels;  // Sorted by name, without alertname.
    // "pending", "firing", "resolved" (firing -> gone) or "inactive" (pending -> gone), and when.
    std::vector<std::pair<std::string, double>> states;
  };
  // An alert rule's "alerts" too: its one alert, without labels.
  std::vector<AlertInstance> alerts;

  // An alert's rule as its evaluator ran it, every default applied: at evaluation_offset_s +
  // k * evaluation_interval_s it compares `expression` with `threshold` by `comparison`.
  struct Rule {
    std::string expression;  // The compared quantity, in PromQL.
    std::string comparison = ">";
    std::optional<double> threshold;  // nullopt: a rule file's condition not of the form `quantity op number`.
    std::optional<double> window_s;   // The range of its rate() / increase(); nullopt: none.
    double for_s = 0.0;
    double keep_firing_for_s = 0.0;
    double evaluation_interval_s = 60.0;
    double evaluation_offset_s = 0.0;
    double scrape_interval_s = 60.0;
    double scrape_offset_s = 0.0;
  };
  std::optional<Rule> rule = {};  // Alert rules and rule file alerts.
  // The compared quantity at the evaluations, one series per label set (an alert rule: one, without
  // labels). A step function: a point at the first evaluation and at each evaluation whose value differs
  // from the previous point's; the value holds until the next point. nullopt: no value (the expression
  // returned nothing, or NaN), which compares false.
  struct ValueSeries {
    std::vector<std::pair<std::string, std::string>> labels;  // Sorted by name.
    std::vector<double> t_s;
    std::vector<std::optional<double>> value;
  };
  std::vector<ValueSeries> values = {};
  // Set when a series reached kMaxValuePoints or a label set beyond kMaxValueSeries came: the rest of
  // them is not recorded.
  bool values_truncated = false;
  static constexpr std::size_t kMaxValuePoints = 20000;
  static constexpr std::size_t kMaxValueSeries = 50;

  // Records the compared value of the series with `labels` at evaluation t_s (later than the previous
  // one of that series), as `values` describes; NaN is recorded as nullopt.
  void add_value(const std::vector<std::pair<std::string, std::string>>& labels, double t_s,
                 std::optional<double> value);
};

// Someone further along the escalation path was paged because nobody had acknowledged.
struct Escalation {
  std::string responder;
  double t_s = 0.0;
};

// What the responder decided, by which rule of the scenario's decision, and why.
struct Decision {
  std::string rule;    // The rule's name; "otherwise" when none held; "" without a decision spec.
  std::string action;  // A plan level's name, or "fix_forward".
  std::string reason;  // The conditions and the values they were checked against.
};

struct IncidentRecord {
  std::string service;
  std::string fault;  // Fault kind, e.g. "bad_release".
  double fault_start_s = 0.0;
  std::string detect_signal;  // Name of the signal that fired first (the alert rule's name).
  Timeline timeline;
  std::vector<double> notifications_s;  // Every Alertmanager notification (the first is the page).
  std::vector<Escalation> escalations;
  std::string acked_by;  // Who acknowledged ("" if nobody did).
  std::optional<Decision> decision;
};

// What happened to a data store's writes.
struct StoreOutcome {
  std::string store;
  std::string service;
  std::uint64_t writes_committed = 0;  // Every write committed during the drill, lost or not.
  std::uint64_t writes_lost = 0;       // Committed, then gone: after a restore point it was rolled back to.
  // The span whose writes were lost: a restore's point to its start; a down-migration's first to last
  // lost write; several losses widen it. nullopt: nothing was lost.
  std::optional<double> loss_start_s;
  std::optional<double> loss_end_s;
  std::vector<double> restores_s;  // When each restore started.
  std::uint64_t writes_corrupted =
      0;  // Committed by the faulty version with bad data (fault.corrupts_writes).
  std::uint64_t corrupted_remaining = 0;  // Of those, still in the store when the drill ended.

  double loss_window_s() const { return loss_start_s && loss_end_s ? *loss_end_s - *loss_start_s : 0.0; }
};

// One uncertain input as drawn in this drill, recorded so that a Monte Carlo study can attribute the
// spread of its outcomes to what was actually drawn (docs/monte-carlo.md). Names: "ack" (the first
// responder's acknowledgement delay), "escalation/<tier>/ack", "assess", "fix_forward", and
// "step/<level>/<step>" (the step's drawn durations, summed over its attempts), and one that is not
// drawn but varies with the traffic: "alert_pending/<rule>" (when the rule first went pending after the
// fault's injection, in seconds from it).
struct Draw {
  std::string name;
  double value_s = 0.0;
};

// A long drill's per-second samples, kept outside memory while the drill runs (the engine's series
// recorder writes them as they leave its window of recent seconds); the report reads its detail window
// back from here.
class SecondArchive {
 public:
  virtual ~SecondArchive() = default;
  // The seconds [first, end) of one series: `which` is 0 (stable), 1 (new) or 2 (both versions), of
  // the service with that index. REQUIRES: first <= end <= seconds().
  virtual SecondSeries read(std::size_t service, std::size_t which, std::size_t first,
                            std::size_t end) const = 0;
  virtual std::size_t seconds() const = 0;
};

// A long drill's failed requests, kept outside memory while the drill runs (the engine's series
// recorder writes each second's as it leaves its window of recent seconds), read back one service at
// a time in completion order.
class FailureArchive {
 public:
  virtual ~FailureArchive() = default;
  // Calls visit(failure) for each failed request of the service with that index, in completion order.
  virtual void for_each(std::size_t service, const std::function<void(const Failure&)>& visit) const = 0;
};

struct DrillResult {
  double duration_s = 0.0;
  std::uint64_t seed = 0;
  std::uint64_t requests_total = 0;             // Every request that arrived.
  std::uint64_t requests_in_flight_at_end = 0;  // Of those, the ones that complete after the drill's end.
  std::vector<ServiceSeries> series;            // One per scenario service, same order.
  // 1: `series` holds every second. A long drill run with DrillOptions::stream_long_series holds
  // per-step aggregates instead (StepAccumulator; 60 s steps, the last one possibly shorter), its
  // seconds in `seconds`, and each service's per-second SLO status (metrics::slo_status) in `in_slo`.
  std::size_t series_step_s = 1;
  std::shared_ptr<const SecondArchive> seconds;
  std::vector<std::vector<bool>> in_slo;
  // One list per service, in completion order; empty when failure_archive holds them (a long drill
  // run with DrillOptions::stream_long_series). Read them with for_each_failure.
  std::vector<std::vector<Failure>> failures;
  std::shared_ptr<const FailureArchive> failure_archive;
  std::optional<IncidentRecord> incident;      // Present when the scenario has a fault.
  PlanOutcome plan;
  std::vector<StoreOutcome> stores;   // One per scenario data store, same order.
  std::vector<SignalRecord> signals;  // One per detection signal of the scenario, in its order.
  // Invariants the engine checks as it runs (the Deployment controller's bounds), broken ones only.
  std::vector<std::string> engine_violations;
  std::vector<Draw> draws;  // Every uncertain human and step duration drawn, in the order drawn.
};

// Calls visit(failure) for each failed request of the service with that index, in completion order:
// from result.failure_archive when it is set, else from result.failures.
void for_each_failure(const DrillResult& result, std::size_t service,
                      const std::function<void(const Failure&)>& visit);

}  // namespace drillsim::model
