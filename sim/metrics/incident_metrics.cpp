#include "metrics/incident_metrics.hpp"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <functional>

namespace drillsim::metrics {

namespace {

// b - a when both instants happened; nullopt otherwise (an absent instant is never 0).
std::optional<double> difference(std::optional<double> a, std::optional<double> b) {
  if (!a || !b) return std::nullopt;
  return *b - *a;
}

// Index of the second that contains t_s, clamped to [0, size]. Second k covers [k, k+1).
std::size_t second_of(double t_s, std::size_t size) {
  if (!(t_s > 0.0)) return 0;  // Also maps NaN to 0.
  const double k = std::floor(t_s);
  return k >= static_cast<double>(size) ? size : static_cast<std::size_t>(k);
}

// Seconds as text for a reason: at most 3 decimals, trailing zeros dropped ("642", "642.5").
// std::to_chars ignores the locale, so reports read the same everywhere.
std::string format_seconds(double s) {
  char buffer[64];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, s, std::chars_format::fixed, 3);
  if (ec != std::errc()) return "?";
  std::string text(buffer, end);
  if (text.find('.') != std::string::npos) {
    while (text.back() == '0')
      text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  if (text == "-0") text = "0";
  return text;
}

}  // namespace

std::vector<bool> slo_status(const model::SecondSeries& total, const model::Slo& slo) {
  const std::size_t n = total.requests.size();
  assert(total.errors.size() == n && total.slow.size() == n);
  const std::size_t window =
      slo.sli_window_s > 1.0 ? static_cast<std::size_t>(std::ceil(slo.sli_window_s)) : std::size_t{1};
  // Running sums over the trailing window: add second k, drop second k - W.
  std::uint64_t requests = 0, errors = 0, slow = 0;
  std::vector<bool> in_slo(n, true);
  for (std::size_t k = 0; k < n; ++k) {
    requests += total.requests[k];
    errors += total.errors[k];
    slow += total.slow[k];
    if (k >= window) {
      requests -= total.requests[k - window];
      errors -= total.errors[k - window];
      slow -= total.slow[k - window];
    }
    in_slo[k] = slo.window_within(requests, errors, slow);
  }
  return in_slo;
}

Restoration find_restoration(const std::vector<bool>& in_slo, double onset_s, double window_s) {
  const std::size_t n = in_slo.size();
  std::size_t breach = second_of(onset_s, n);
  while (breach < n && in_slo[breach])
    ++breach;
  if (breach == n) return {false, std::nullopt};

  const std::size_t window = window_s > 0.0 ? static_cast<std::size_t>(std::ceil(window_s)) : 0;
  // Candidates s > B with !in_slo[s-1]; from each, measure the run of in-SLO seconds. A run shorter
  // than W ends on an out-of-SLO second, so the next candidate is just past it.
  std::size_t s = breach + 1;
  while (s + window <= n) {
    if (in_slo[s - 1]) {
      ++s;
      continue;
    }
    std::size_t run = 0;
    while (run < window && in_slo[s + run])
      ++run;
    if (run == window) return {true, static_cast<double>(s)};
    s += run + 1;
  }
  return {true, std::nullopt};
}

IncidentMetrics compute_incident_metrics(const model::Timeline& timeline, const std::vector<bool>& in_slo,
                                         const std::vector<model::Failure>& failures, bool slo_breached,
                                         const std::vector<model::RequestClass>& classes) {
  return compute_incident_metrics_of(
      timeline, in_slo,
      [&failures](const std::function<void(const model::Failure&)>& visit) {
        for (const auto& failure : failures)
          visit(failure);
      },
      slo_breached, classes);
}

IncidentMetrics compute_incident_metrics_of(const model::Timeline& timeline, const std::vector<bool>& in_slo,
                                            const FailureSource& for_each_failure, bool slo_breached,
                                            const std::vector<model::RequestClass>& classes) {
  using model::Instant;
  IncidentMetrics m;
  const std::optional<double> onset = timeline.at(Instant::Onset);
  if (!onset) return m;  // No request ever failed because of the fault: nothing to measure.

  const std::optional<double> restored = timeline.at(Instant::Restored);
  m.time_to_detect_s = difference(onset, timeline.at(Instant::Detect));
  m.time_to_decide_s = difference(timeline.at(Instant::Detect), timeline.at(Instant::Decide));
  m.time_to_rollback_s = difference(timeline.at(Instant::RollbackStart), timeline.at(Instant::RollbackEnd));
  m.time_to_restore_s = difference(onset, restored);
  m.slo_breached = slo_breached;

  // Downtime: out-of-SLO seconds k with floor(onset) <= k < end. Second k counts when k < restored,
  // i.e. k < ceil(restored); restored is a whole second when it comes from find_restoration.
  const std::size_t n = in_slo.size();
  const std::size_t first = second_of(*onset, n);
  const std::size_t end =
      restored ? std::min(n, static_cast<std::size_t>(std::max(0.0, std::ceil(*restored)))) : n;
  std::uint64_t down = 0;
  for (std::size_t k = first; k < end; ++k) {
    if (!in_slo[k]) ++down;
  }
  m.downtime_s = static_cast<double>(down);

  // The users, made distinct whenever they have doubled since: at most twice as many as the distinct
  // ones are held, whatever the number of failures.
  std::vector<std::uint32_t> users;
  std::size_t distinct = 0;
  const auto make_distinct = [&users, &distinct] {
    std::sort(users.begin(), users.end());
    users.erase(std::unique(users.begin(), users.end()), users.end());
    distinct = users.size();
  };
  for_each_failure([&](const model::Failure& failure) {
    if (failure.t_s < *onset) return;
    if (restored && failure.t_s >= *restored) return;
    ++m.requests_failed;
    users.push_back(failure.user);
    if (users.size() >= 2 * distinct + 1024) make_distinct();
    if (failure.request_class >= 0 && static_cast<std::size_t>(failure.request_class) < classes.size()) {
      m.revenue_impact += classes[static_cast<std::size_t>(failure.request_class)].value;
    }
  });
  make_distinct();
  m.users_affected = distinct;
  return m;
}

std::vector<ObjectiveVerdict> evaluate_objectives(const std::vector<model::ObjectiveSpec>& objectives,
                                                  const model::IncidentRecord* incident,
                                                  const IncidentMetrics* incident_metrics,
                                                  const std::vector<model::StoreOutcome>& stores) {
  assert(incident == nullptr || incident_metrics != nullptr);
  std::vector<ObjectiveVerdict> verdicts;
  verdicts.reserve(objectives.size());
  for (const auto& objective : objectives) {
    ObjectiveVerdict v;
    v.service = objective.service;
    v.rto_s = objective.rto_s;
    v.rpo_s = objective.rpo_s;

    // RTO: held against time to restore (restored - onset).
    const bool on_this_service =
        incident != nullptr && incident_metrics != nullptr && incident->service == objective.service;
    if (!on_this_service) {
      v.rto_met = true;
      v.reason = "no incident on this service";
    } else if (!incident->timeline.at(model::Instant::Onset)) {
      v.rto_met = true;
      v.reason = "no onset: the fault made no request fail or breach the SLO";
    } else {
      v.time_to_restore_s = incident_metrics->time_to_restore_s;
      if (!incident_metrics->slo_breached) {
        v.rto_met = true;
        v.reason = "stayed within SLO";
      } else if (!v.time_to_restore_s) {
        v.rto_met = false;
        v.reason = "not restored before the drill ended";
      } else {
        v.rto_met = *v.time_to_restore_s <= v.rto_s;
        v.reason = "restored in " + format_seconds(*v.time_to_restore_s) + " s " + (v.rto_met ? "<=" : ">") +
                   " RTO " + format_seconds(v.rto_s) + " s";
      }
    }

    // RPO: the data loss window is the largest over the service's data stores; corrupted writes left
    // in any of them miss it too.
    v.data_loss_window_s = 0.0;
    v.rpo_met = true;
    std::string corrupted;
    for (const auto& store : stores) {
      if (store.service != objective.service) continue;
      v.data_loss_window_s = std::max(v.data_loss_window_s, store.loss_window_s());
      v.corrupted_remaining += store.corrupted_remaining;
      v.rpo_met = v.rpo_met && store_rpo_met(store, v.rpo_s);
      if (store.corrupted_remaining > 0) {
        corrupted +=
            "; " + std::to_string(store.corrupted_remaining) + " corrupted writes remain in " + store.store;
      }
    }
    v.rpo_met = v.rpo_met && v.data_loss_window_s <= v.rpo_s;
    if (v.data_loss_window_s > v.rpo_s) {
      v.reason += "; data loss window " + format_seconds(v.data_loss_window_s) + " s > RPO " +
                  format_seconds(v.rpo_s) + " s";
    }
    v.reason += corrupted;
    verdicts.push_back(std::move(v));
  }
  return verdicts;
}

bool store_rpo_met(const model::StoreOutcome& store, double rpo_s) {
  return store.loss_window_s() <= rpo_s && store.corrupted_remaining == 0;
}

std::vector<StoreVerdict> judge_stores(const std::vector<ObjectiveVerdict>& objectives,
                                       const std::vector<model::StoreOutcome>& stores) {
  std::vector<StoreVerdict> verdicts;
  verdicts.reserve(stores.size());
  for (const auto& store : stores) {
    StoreVerdict v;
    for (const auto& objective : objectives) {
      if (objective.service != store.service) continue;
      v.rpo_s = objective.rpo_s;
      v.rpo_met = store_rpo_met(store, objective.rpo_s);
    }
    verdicts.push_back(v);
  }
  return verdicts;
}

LevelClaim judge_level_claim(const model::LevelOutcome& level, double drill_end_s) {
  LevelClaim claim;
  if (level.start_s && level.end_s) claim.elapsed_s = *level.end_s - *level.start_s;
  if (!level.claim_s || !level.start_s) return claim;
  if (level.outcome == "completed") {
    if (claim.elapsed_s) claim.met = *claim.elapsed_s <= *level.claim_s;
  } else if (level.outcome == "failed" || level.outcome == "escalated") {
    claim.met = false;
  } else if (drill_end_s - *level.start_s > *level.claim_s) {
    claim.met = false;  // Interrupted (or still running) past its budget.
  }
  return claim;
}

}  // namespace drillsim::metrics
