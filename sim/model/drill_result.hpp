// What one simulated drill produced, before any metric is computed: per-second series, the failed
// requests, the incident's timeline and the plan's outcome. The engine fills it; metrics/ and
// report/ read it. Plain values, no SimGrid.
#pragma once

#include <cstdint>
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

  void resize(std::size_t seconds);
  std::size_t size() const { return requests.size(); }
};

struct ServiceSeries {
  std::string service;
  std::array<SecondSeries, 2> by_version;  // Indexed by Version.
  SecondSeries total;                      // Both versions together (percentiles over the union).
};

// One failed request. Kept for all failures (they are few next to all requests), so that any
// window's requests_failed and distinct users_affected are exact.
struct Failure {
  double t_s = 0.0;  // Completion time.
  std::uint32_t user = 0;
  bool caused_by_fault = false;  // Would have succeeded without the fault (same random draw).
};

struct StepOutcome {
  enum class Status { Completed, Failed, NotRun, Interrupted };
  std::string name;
  std::string action;
  std::optional<double> start_s;
  std::optional<double> end_s;
  Status status = Status::NotRun;
  std::string detail;  // Why it failed, what it did.
};
const char* to_string(StepOutcome::Status status);

struct PlanOutcome {
  // "completed": every step ran; "aborted": a step failed and the plan stopped; "not_started": no
  // decision to roll back was taken in the simulated time; "unfinished": the drill ended mid-plan.
  std::string exit_state = "not_started";
  std::string reason;
  std::vector<StepOutcome> steps;
};

struct IncidentRecord {
  std::string service;
  std::string fault;  // Fault kind, e.g. "bad_release".
  double fault_start_s = 0.0;
  std::string detect_signal;  // Name of the signal that fired first (the alert rule's name).
  Timeline timeline;
};

struct DrillResult {
  double duration_s = 0.0;
  std::uint64_t seed = 0;
  std::uint64_t requests_total = 0;
  std::vector<ServiceSeries> series;           // One per scenario service, same order.
  std::vector<std::vector<Failure>> failures;  // One list per service, in completion order.
  std::optional<IncidentRecord> incident;      // Present when the scenario has a fault.
  PlanOutcome plan;
};

}  // namespace drillsim::model
