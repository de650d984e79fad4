// A small hand-built drill shared by the report tests: 3 seconds, two services, one incident.
//
// checkout total series (slo: max_error_ratio 0.01, max_p95 0.5 s, SLI window 1 s, stabilisation window
// 1 s; no request is slower than 0.5 s, so every `slow` is 0):
//   second        0     1     2
//   requests     10    10   200
//   errors        0     5     2
//   p95_s       0.1   0.2   0.1
//   in SLO        T     F     T    (0/10 = 0; 5/10 = 0.5 > 0.01; 2/200 = 0.01 <= 0.01, at the threshold)
// onset 1.25 -> B = floor(1.25) = 1 (out of SLO). W = ceil(1) = 1. s = 2: in_slo[1] = F, in_slo[2] = T,
// 2 + 1 = 3 <= 3 -> restored = 2.
// Failures (one per error above): second 1: 1.0 (user 9, before onset), 1.25 (3), 1.5 (4), 1.75 (3),
// 1.9 (5); second 2: 2.0 (6, at restored), 2.5 (7).
// search: no traffic (all zeros, percentiles NaN).
#pragma once

#include <limits>

#include "model/drill_result.hpp"
#include "model/scenario.hpp"

namespace drillsim::report::testing {

inline model::Scenario tiny_scenario() {
  model::Scenario s;
  s.name = "tiny";
  s.description = "two services, one bad release";
  s.source_file = "scenarios/tiny.json";
  s.duration_s = 3.0;
  s.seed = 7;
  model::ServiceSpec checkout;
  checkout.name = "checkout";
  checkout.slo.max_error_ratio = 0.01;
  checkout.slo.max_p95_latency_s = 0.5;
  checkout.slo.sli_window_s = 1.0;
  checkout.slo.stabilisation_window_s = 1.0;
  model::ServiceSpec search;
  search.name = "search";
  s.services = {checkout, search};
  model::PlanSpec plan;
  plan.name = "undo canary";
  s.plan = plan;
  s.objectives = {{"checkout", 4.0, 60.0}, {"search", 900.0, 0.0}};
  return s;
}

inline model::DrillResult tiny_result() {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  model::DrillResult r;
  r.duration_s = 3.0;
  r.seed = 7;
  r.requests_total = 220;

  model::ServiceSeries checkout;
  checkout.service = "checkout";
  auto& stable = checkout.by_version[0];
  stable.resize(3);
  stable.requests = {8, 5, 150};
  stable.errors = {0, 0, 1};
  stable.p50_s = {0.05, 0.05, 0.05};
  stable.p95_s = {0.1, 0.1, 0.1};
  stable.p99_s = {0.2, 0.2, 0.2};
  stable.ready = {3, 3, 3};
  auto& canary = checkout.by_version[1];
  canary.resize(3);
  canary.requests = {2, 5, 50};
  canary.errors = {0, 5, 1};
  canary.p50_s = {0.05, 0.1, nan};  // A NaN percentile becomes null in JSON.
  canary.p95_s = {0.1, 0.2, nan};
  canary.p99_s = {0.2, 0.3, nan};
  canary.ready = {1, 1, 0};
  checkout.total.resize(3);
  checkout.total.requests = {10, 10, 200};
  checkout.total.errors = {0, 5, 2};
  checkout.total.p50_s = {0.05, 0.1, 0.05};
  checkout.total.p95_s = {0.1, 0.2, 0.1};
  checkout.total.p99_s = {0.2, 0.3, 0.2};
  checkout.total.ready = {4, 4, 3};

  model::ServiceSeries search;
  search.service = "search";
  search.by_version[0].resize(3);
  search.by_version[1].resize(3);
  search.total.resize(3);

  r.series = {checkout, search};
  r.failures = {{{1.0, 9, false},
                 {1.25, 3, true},
                 {1.5, 4, true},
                 {1.75, 3, true},
                 {1.9, 5, true},
                 {2.0, 6, false},
                 {2.5, 7, false}},
                {}};

  model::IncidentRecord incident;
  incident.service = "checkout";
  incident.fault = "bad_release";
  incident.fault_start_s = 1.0;
  incident.detect_signal = "CheckoutErrors";
  incident.timeline.record(model::Instant::Onset, 1.25);
  incident.timeline.record(model::Instant::Detect, 1.5);
  incident.timeline.record(model::Instant::Page, 1.5);
  incident.timeline.record(model::Instant::Ack, 1.625);
  incident.timeline.record(model::Instant::Decide, 1.75);
  incident.timeline.record(model::Instant::RollbackStart, 1.75);
  incident.timeline.record(model::Instant::RollbackEnd, 2.0);
  r.incident = incident;

  r.plan.exit_state = "unfinished";
  r.plan.reason = "the drill ended while the plan was running";
  model::StepOutcome shift;
  shift.name = "shift traffic to stable";
  shift.action = "shift_traffic";
  shift.start_s = 1.75;
  shift.end_s = 2.0;
  shift.status = model::StepOutcome::Status::Completed;
  shift.attempts = 1;
  shift.detail = "100% to stable";
  model::StepOutcome verify;
  verify.name = "verify";
  verify.action = "verify";
  verify.start_s = 2.0;
  verify.status = model::StepOutcome::Status::Interrupted;  // end_s stays null.
  verify.attempts = 1;
  r.plan.steps = {shift, verify};
  // One unnamed level (a plan written with "steps"), still running when the drill ended.
  model::LevelOutcome level;
  level.start_s = 1.75;
  level.outcome = "interrupted";
  r.plan.levels = {level};
  // A store of checkout restored at 1.75 to a point at 1.0: 3 of its 12 writes were after it.
  r.stores = {{"orders", "checkout", 12, 3, 1.0, 1.75, {1.75}}};
  return r;
}

}  // namespace drillsim::report::testing
