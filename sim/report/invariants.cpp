#include "report/invariants.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <optional>
#include <utility>

#include "metrics/incident_metrics.hpp"

namespace drillsim::report {

namespace {

using model::Instant;

// Pairs (earlier, later) of instants that causality orders. Restored and verified are not in the chain:
// shifting traffic can restore service before the plan's last step ends.
constexpr std::pair<Instant, Instant> kOrder[] = {
    {Instant::Onset, Instant::Detect},
    {Instant::Detect, Instant::Page},
    {Instant::Page, Instant::Ack},
    {Instant::Ack, Instant::Decide},
    {Instant::Decide, Instant::RollbackStart},
    {Instant::RollbackStart, Instant::RollbackEnd},
    {Instant::Onset, Instant::Restored},
    {Instant::RollbackStart, Instant::Verified},
};

void check_timeline(const model::Timeline& timeline, double duration_s, std::vector<std::string>& out) {
  for (const auto& [earlier, later] : kOrder) {
    const auto a = timeline.at(earlier);
    const auto b = timeline.at(later);
    if (a && b && *b < *a) {
      out.push_back(fmt::format("timeline: {} at {:.3f} s is before {} at {:.3f} s", model::to_string(later),
                                *b, model::to_string(earlier), *a));
    }
  }
  for (const Instant instant : model::kInstants) {
    const auto t = timeline.at(instant);
    if (t && (*t < 0.0 || *t > duration_s)) {
      out.push_back(fmt::format("timeline: {} at {:.3f} s is outside the drill [0, {:g}] s",
                                model::to_string(instant), *t, duration_s));
    }
  }
}

void check_series(const model::DrillResult& result, std::vector<std::string>& out) {
  std::uint64_t completed = 0;
  for (std::size_t s = 0; s < result.series.size(); ++s) {
    const model::ServiceSeries& service = result.series[s];
    const model::SecondSeries& total = service.total;
    std::uint64_t errors = 0;
    for (std::size_t k = 0; k < total.size(); ++k) {
      completed += total.requests[k];
      errors += total.errors[k];
      std::uint64_t version_requests = 0, version_errors = 0;
      for (const model::SecondSeries& version : service.by_version) {
        if (version.size() != total.size()) continue;  // Reported once below.
        version_requests += version.requests[k];
        version_errors += version.errors[k];
        if (version.errors[k] > version.requests[k] || version.slow[k] > version.requests[k]) {
          out.push_back(fmt::format("series: {} second {}: {} errors and {} slow out of {} requests",
                                    service.service, k, version.errors[k], version.slow[k],
                                    version.requests[k]));
        }
      }
      if (version_requests != total.requests[k] || version_errors != total.errors[k]) {
        out.push_back(fmt::format(
            "series: {} second {}: the versions add up to {} requests / {} errors, the "
            "total says {} / {}",
            service.service, k, version_requests, version_errors, total.requests[k], total.errors[k]));
      }
    }
    for (const model::SecondSeries& version : service.by_version) {
      if (version.size() != total.size()) {
        out.push_back(fmt::format("series: {}: a version has {} seconds, the total {}", service.service,
                                  version.size(), total.size()));
      }
    }
    if (s < result.failures.size()) {
      std::size_t listed = 0;
      double previous_s = 0.0;
      bool misplaced = false;
      model::for_each_failure(result, s, [&](const model::Failure& failure) {
        if (!misplaced && (failure.t_s < 0.0 || failure.t_s >= result.duration_s ||
                           (listed > 0 && failure.t_s < previous_s))) {
          misplaced = true;
          out.push_back(
              fmt::format("failures: {}: failure {} at {:.3f} s is out of order or outside the drill",
                          service.service, listed, failure.t_s));
        }
        previous_s = failure.t_s;
        ++listed;
      });
      if (listed != errors) {
        out.insert(out.end() - (misplaced ? 1 : 0),
                   fmt::format("failures: {}: {} failed requests listed, {} counted in the series",
                               service.service, listed, errors));
      }
    }
  }
  if (completed + result.requests_in_flight_at_end != result.requests_total) {
    out.push_back(fmt::format("requests: {} arrived, but {} completed + {} in flight at the end = {}",
                              result.requests_total, completed, result.requests_in_flight_at_end,
                              completed + result.requests_in_flight_at_end));
  }
}

void check_plan(const Report& report, std::vector<std::string>& out) {
  for (const model::StepOutcome& step : report.plan.steps) {
    if (step.start_s && step.end_s && *step.end_s < *step.start_s) {
      out.push_back(fmt::format("plan: step \"{}\" ends at {:.3f} s, before it starts at {:.3f} s", step.name,
                                *step.end_s, *step.start_s));
    }
    const bool ran = step.status == model::StepOutcome::Status::Completed ||
                     step.status == model::StepOutcome::Status::Failed;
    if (ran && (step.attempts < 1 || !step.start_s || !step.end_s)) {
      out.push_back(fmt::format("plan: step \"{}\" is {} with {} attempts and no start or end", step.name,
                                model::to_string(step.status), step.attempts));
    }
  }
  if (report.level_claims.size() != report.plan.levels.size()) {
    out.push_back(fmt::format("plan: {} level claims for {} levels", report.level_claims.size(),
                              report.plan.levels.size()));
    return;
  }
  for (std::size_t i = 0; i < report.plan.levels.size(); ++i) {
    const model::LevelOutcome& level = report.plan.levels[i];
    if (level.start_s && level.end_s && *level.end_s < *level.start_s) {
      out.push_back(fmt::format("plan: level \"{}\" ends before it starts", level.name));
    }
    const metrics::LevelClaim& claim = report.level_claims[i];
    if (claim.met.value_or(false) && level.outcome != "completed") {
      out.push_back(fmt::format("plan: level \"{}\" {} but its claim is met", level.name, level.outcome));
    }
  }
}

void check_stores(const Report& report, std::vector<std::string>& out) {
  for (const model::StoreOutcome& store : report.stores) {
    if (store.writes_lost > store.writes_committed || store.corrupted_remaining > store.writes_corrupted ||
        store.writes_corrupted > store.writes_committed) {
      out.push_back(fmt::format("data: {}: {} committed, {} lost, {} corrupted, {} corrupted left",
                                store.store, store.writes_committed, store.writes_lost,
                                store.writes_corrupted, store.corrupted_remaining));
    }
  }
  for (const metrics::ObjectiveVerdict& verdict : report.objectives) {
    if (verdict.rpo_met && verdict.corrupted_remaining > 0) {
      out.push_back(fmt::format("objectives: {}: RPO met with {} corrupted writes left", verdict.service,
                                verdict.corrupted_remaining));
    }
  }
}

}  // namespace

std::vector<std::string> check_invariants(const model::Scenario& scenario, const model::DrillResult& result,
                                          const Report& report) {
  std::vector<std::string> out;
  for (const Report::Incident& incident : report.incidents) {
    check_timeline(incident.instants, scenario.duration_s, out);
    if (incident.metrics.time_to_detect_s && *incident.metrics.time_to_detect_s < 0.0) {
      out.push_back(
          fmt::format("metrics: time to detect {:.3f} s is negative", *incident.metrics.time_to_detect_s));
    }
  }
  for (const std::string& violation : result.engine_violations)
    out.push_back(violation);
  check_series(result, out);
  check_plan(report, out);
  check_stores(report, out);
  return out;
}

}  // namespace drillsim::report
