// Detection: Prometheus alert rules over scraped metrics, health checks, smoke tests, customer
// complaints and data integrity checks; and Alertmanager, which turns firing signals into the page.
#include <simgrid/s4u.hpp>

#include <array>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "engine/actor_support.hpp"
#include "engine/actors.hpp"
#include "engine/engine_log.hpp"
#include "metrics/prometheus.hpp"

namespace sg4 = simgrid::s4u;

namespace drillsim::engine {

using model::Instant;

SignalIndex signal_index(const model::Scenario& scenario) {
  SignalIndex index;
  index.probes = scenario.alerts.size();
  index.smoke_tests = index.probes + scenario.probes.size();
  index.complaints = index.smoke_tests + scenario.smoke_tests.size();
  index.integrity_checks = index.complaints + (scenario.complaints ? 1 : 0);
  return index;
}

std::vector<model::SignalRecord> make_signal_records(const model::Scenario& scenario) {
  std::vector<model::SignalRecord> records;
  for (const auto& rule : scenario.alerts)
    records.push_back(
        {rule.name, "alert_rule", rule.service, model::to_string(rule.metric), rule.threshold, {}});
  for (const auto& probe : scenario.probes)
    records.push_back({probe.name, "probe", probe.service, "", std::nullopt, {}});
  for (const auto& test : scenario.smoke_tests)
    records.push_back({test.name, "smoke_test", test.flow.front(), "", std::nullopt, {}});
  if (scenario.complaints) {
    const std::string service = scenario.fault ? scenario.fault->service : scenario.services.front().name;
    records.push_back({scenario.complaints->name, "complaints", service, "", std::nullopt, {}});
  }
  for (const auto& check : scenario.integrity_checks) {
    const auto& store = scenario.stores[static_cast<std::size_t>(scenario.store_index(check.store))];
    records.push_back({check.name, "integrity_check", store.service, "", std::nullopt, {}});
  }
  return records;
}

namespace {

// Whether `caller` calls `callee`, directly or through other services.
bool depends_on(const model::Scenario& scenario, const std::string& caller, const std::string& callee) {
  const int index = scenario.service_index(caller);
  if (index < 0) return false;
  for (const auto& call : scenario.services[static_cast<std::size_t>(index)].calls) {
    if (call.service == callee || depends_on(scenario, call.service, callee)) return true;
  }
  return false;
}

// Whether a signal concerns the incident: it watches the incident's service or a service that calls it
// (the failure propagates up the call graph), or (a smoke test) a flow through it, or (a check) a store
// that service writes.
bool concerns_incident(const DrillContext& ctx, std::size_t signal) {
  const auto& record = ctx.signals[signal];
  if (record.service == ctx.incident.service) return true;
  if (depends_on(ctx.scenario, record.service, ctx.incident.service)) return true;
  const std::size_t first_test = signal_index(ctx.scenario).smoke_tests;
  if (signal >= first_test && signal < first_test + ctx.scenario.smoke_tests.size()) {
    const auto& flow = ctx.scenario.smoke_tests[signal - first_test].flow;
    return std::find(flow.begin(), flow.end(), ctx.incident.service) != flow.end();
  }
  // A dependency's alert concerns the incident when the fault is on that dependency.
  return ctx.scenario.fault && ctx.scenario.fault->target == record.service;
}

}  // namespace

void signal_fired(DrillContext& ctx, std::size_t signal) {
  auto& fired = ctx.signals[signal];
  if (!fired.fired_s) fired.fired_s = now();
  const bool incident_open = ctx.scenario.fault && now() >= ctx.scenario.fault->at_s;
  if (!incident_open) {
    log().warn("{} {} fired before any fault was injected: a false alarm, not paged", fired.kind, fired.name);
    return;
  }
  if (!concerns_incident(ctx, signal)) {
    log().info("{} {} fired on {}, not the incident's service", fired.kind, fired.name, fired.service);
    return;
  }
  if (!ctx.incident.timeline.at(Instant::Detect)) {
    ctx.incident.detect_signal = fired.name;
    record(ctx, Instant::Detect);
  }
  if (fired.kind == "complaints") {
    page(ctx);
    return;
  }
  const bool group_existed = ctx.alert_group.next_flush().has_value();
  ctx.alert_group.update(fired.name, true, now());
  if (!group_existed) send("alertmanager", &ctx.incident);  // Wakes Alertmanager for the new group.
}

void signal_resolved(DrillContext& ctx, std::size_t signal) {
  ctx.alert_group.update(ctx.signals[signal].name, false, now());
}

void page(DrillContext& ctx) {
  if (ctx.paged) return;
  ctx.paged = true;
  record(ctx, Instant::Page);
  if (ctx.scenario.responder) send("responder", &ctx.incident);
}

// Prometheus alerting-rule semantics (rules/alerting.go, via metrics::prom::AlertState): evaluations at
// offset + k * interval; pending -> firing after `for`; keep_firing_for. The expression is computed on
// the samples Prometheus would have scraped (PromQL 2.42's rate(); checked against promtool in the tests).
void alert_evaluator_actor(DrillContext& ctx, std::size_t index) {
  using Metric = model::AlertRuleSpec::Metric;
  const model::AlertRuleSpec& rule = ctx.scenario.alerts[index];
  const int service = ctx.scenario.service_index(rule.service);
  metrics::prom::AlertState alert(rule.for_s, rule.keep_firing_for_s);
  // The service's counters as Prometheus scrapes them: a sample at t holds every request completed in
  // the seconds before t. Requests and errors; for a latency rule, the cumulative count of each latency
  // bucket (le), the last +Inf; for container rules, the restart counters. Only the samples a window
  // can still reach are kept. Gauges are read at the evaluation (the latest scrape).
  constexpr std::size_t kBuckets = model::kLatencyBuckets.size() + 1;
  std::vector<metrics::prom::Sample> requests, errors, events;
  std::array<std::vector<metrics::prom::Sample>, kBuckets> le_samples;
  std::array<double, kBuckets> le_totals{};
  double next_scrape = rule.scrape_offset_s;
  std::int64_t counted = 0;
  double requests_total = 0.0, errors_total = 0.0;
  std::optional<double> gauge;
  for (std::int64_t k = 0;; ++k) {
    const double ts = rule.evaluation_offset_s + static_cast<double>(k) * rule.evaluation_interval_s;
    if (ts >= ctx.scenario.duration_s) return;
    sg4::this_actor::sleep_until(ts);
    sync(ctx);
    for (; next_scrape <= ts; next_scrape += rule.scrape_interval_s) {
      if (rule.is_counter_ratio()) {
        const auto through = static_cast<std::int64_t>(std::floor(next_scrape));
        const auto counts = ctx.plane.counts(service, counted, through);
        requests_total += static_cast<double>(counts.requests);
        errors_total += static_cast<double>(counts.errors);
        requests.push_back({next_scrape, requests_total});
        errors.push_back({next_scrape, errors_total});
        if (rule.metric == Metric::LatencyP95) {
          const auto buckets = ctx.plane.latency_buckets(service, counted, through);
          double cumulative = 0.0;
          for (std::size_t b = 0; b < kBuckets; ++b) {
            cumulative += static_cast<double>(buckets[b]);
            le_totals[b] += cumulative;
            le_samples[b].push_back({next_scrape, le_totals[b]});
          }
        }
        counted = through;
      } else if (rule.metric == Metric::OomKills || rule.metric == Metric::Restarts) {
        const auto& times = rule.metric == Metric::OomKills
                                ? ctx.health[static_cast<std::size_t>(service)].oom_kills_at
                                : ctx.health[static_cast<std::size_t>(service)].restarts_at;
        const auto total = std::upper_bound(times.begin(), times.end(), next_scrape) - times.begin();
        events.push_back({next_scrape, static_cast<double>(total)});
      } else {  // A gauge: the value at the latest scrape.
        gauge = rule.metric == Metric::MemoryUtilisation ? memory_utilisation(ctx, service, next_scrape)
                                                         : pool_utilisation(ctx, service, next_scrape);
      }
    }
    const auto stale = [&](const metrics::prom::Sample& sample) { return sample.t_s < ts - rule.window_s; };
    std::erase_if(requests, stale);
    std::erase_if(errors, stale);
    std::erase_if(events, stale);
    for (auto& samples : le_samples)
      std::erase_if(samples, stale);
    std::optional<double> value;  // The rule's expression; nullopt: it returned nothing.
    switch (rule.metric) {
      case Metric::LatencyP95: {
        // histogram_quantile(0.95, sum by (le) (rate(bucket[w]))).
        std::vector<metrics::prom::Bucket> rates;
        for (std::size_t b = 0; b < kBuckets; ++b) {
          const auto increase = metrics::prom::increase(le_samples[b], ts, rule.window_s);
          if (!increase) break;
          const double le = b < model::kLatencyBuckets.size() ? model::kLatencyBuckets[b]
                                                              : std::numeric_limits<double>::infinity();
          rates.push_back({le, *increase / rule.window_s});
        }
        if (rates.size() == kBuckets) {
          const double q = metrics::prom::histogram_quantile(0.95, rates);
          if (!std::isnan(q)) value = q;
        }
        break;
      }
      case Metric::ErrorRatio: {
        // rate(errors[w]) / rate(requests[w]); no request: the ratio is NaN and returns nothing.
        const auto failed = metrics::prom::increase(errors, ts, rule.window_s);
        const auto served = metrics::prom::increase(requests, ts, rule.window_s);
        if (failed && served && *served > 0.0) value = *failed / *served;
        break;
      }
      case Metric::OomKills:
      case Metric::Restarts:
        value = metrics::prom::increase(events, ts, rule.window_s);
        break;
      case Metric::MemoryUtilisation:
      case Metric::PoolUtilisation:
        value = gauge;
        break;
    }
    const bool condition = value && *value > rule.threshold;
    switch (alert.evaluate(ts, condition)) {
      case metrics::prom::AlertState::Change::Pending:
        log().info("alert {} pending ({} {:.4f} > {})", rule.name, model::to_string(rule.metric), *value,
                   rule.threshold);
        break;
      case metrics::prom::AlertState::Change::Fired:
        log().info("alert {} firing", rule.name);
        signal_fired(ctx, index);
        break;
      case metrics::prom::AlertState::Change::Dropped:
        log().info("alert {} pending -> inactive", rule.name);
        break;
      case metrics::prom::AlertState::Change::Resolved:
        log().info("alert {} resolved", rule.name);
        signal_resolved(ctx, index);
        break;
      case metrics::prom::AlertState::Change::None:
        break;
    }
  }
}

namespace {

// Runs a periodic check at offset + k * period until the drill ends: `failed()` says whether this run
// failed; the signal fires at the threshold-th consecutive failure and resolves at the next success.
template <class Check>
void periodic_check(DrillContext& ctx, std::size_t signal, double offset_s, double period_s, int threshold,
                    Check failed) {
  int consecutive = 0;
  bool firing = false;
  for (std::int64_t k = 0;; ++k) {
    const double t = offset_s + static_cast<double>(k) * period_s;
    if (t >= ctx.scenario.duration_s) return;
    sg4::this_actor::sleep_until(t);
    sync(ctx);
    if (failed()) {
      ++consecutive;
      if (!firing && consecutive >= threshold) {
        firing = true;
        log().info("{} {} fails {} times in a row", ctx.signals[signal].kind, ctx.signals[signal].name,
                   consecutive);
        signal_fired(ctx, signal);
      }
    } else {
      consecutive = 0;
      if (firing) {
        firing = false;
        signal_resolved(ctx, signal);
      }
    }
  }
}

}  // namespace

void probe_actor(DrillContext& ctx, std::size_t index) {
  const model::ProbeSpec& probe = ctx.scenario.probes[index];
  const int service = ctx.scenario.service_index(probe.service);
  model::Rng rng(ctx.seed, "probe/" + probe.name);
  periodic_check(ctx, signal_index(ctx.scenario).probes + index, probe.offset_s, probe.period_s,
                 probe.failure_threshold, [&] {
                   const auto result = ctx.plane.probe(service, probe.timeout_s, rng);
                   return result.failed || result.latency_s > probe.timeout_s;
                 });
}

void smoke_test_actor(DrillContext& ctx, std::size_t index) {
  const model::SmokeTestSpec& test = ctx.scenario.smoke_tests[index];
  model::Rng rng(ctx.seed, "smoke/" + test.name);
  periodic_check(ctx, signal_index(ctx.scenario).smoke_tests + index, test.offset_s, test.period_s,
                 test.failure_threshold, [&] {
                   bool failed = false;
                   for (const auto& name : test.flow) {  // Every request of the flow, even after a failure.
                     const auto result =
                         ctx.plane.probe(ctx.scenario.service_index(name), test.timeout_s, rng);
                     failed = failed || result.failed || result.latency_s > test.timeout_s;
                   }
                   return failed;
                 });
}

void integrity_check_actor(DrillContext& ctx, std::size_t index) {
  const model::IntegrityCheckSpec& check = ctx.scenario.integrity_checks[index];
  const int store = ctx.scenario.store_index(check.store);
  const std::size_t signal = signal_index(ctx.scenario).integrity_checks + index;
  periodic_check(ctx, signal, check.offset_s, check.period_s, 1,
                 [&] { return ctx.plane.corrupted_in_store(store) > 0; });
}

// Customers complain `delay` after the onset, once enough requests failed. The onset is only known as
// the data plane advances, so this actor looks every few seconds; the complaint comes at
// max(onset + delay, the look that saw both).
void complaints_actor(DrillContext& ctx) {
  const model::ComplaintsSpec& spec = *ctx.scenario.complaints;
  const int service = ctx.scenario.service_index(ctx.incident.service);
  const std::size_t signal = signal_index(ctx.scenario).complaints;
  model::Rng rng(ctx.seed, "complaints/delay");
  const double delay = spec.delay.sample(rng);
  constexpr double kLook = 5.0;
  for (double t = ctx.scenario.fault->at_s;; t += kLook) {
    if (t >= ctx.scenario.duration_s) return;
    sg4::this_actor::sleep_until(t);
    sync(ctx);
    const auto onset = ctx.plane.first_fault_effect(service);
    if (!onset) continue;
    const auto& failures = ctx.plane.failures(service);
    const auto failed = static_cast<std::uint64_t>(
        std::count_if(failures.begin(), failures.end(),
                      [&](const model::Failure& f) { return f.caused_by_fault && f.t_s <= now(); }));
    if (failed < spec.min_failed_requests) continue;
    sg4::this_actor::sleep_until(std::max(now(), *onset + delay));
    sync(ctx);
    log().info("customers complain about {}", ctx.incident.service);
    signal_fired(ctx, signal);
    return;
  }
}

// Alertmanager (dispatch.go): the incident's group flushes group_wait after its first alert, then every
// group_interval; a flush notifies when the firing set changed or repeat_interval passed. The first
// notification is the page.
void alertmanager_actor(DrillContext& ctx) {
  for (;;) {
    const auto next = ctx.alert_group.next_flush();
    if (!next) {
      receive("alertmanager");  // Sleeps until a group starts.
      continue;
    }
    sg4::this_actor::sleep_until(*next);
    sync(ctx);
    if (const auto sent = ctx.alert_group.flush(now())) {
      ctx.incident.notifications_s.push_back(now());
      log().info("alertmanager notifies ({} alert(s) firing)", sent->firing);
      if (sent->firing > 0) page(ctx);
    }
  }
}

}  // namespace drillsim::engine
