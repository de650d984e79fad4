// Protocols of the drill's actors (see actors.hpp for the message flow).
#include "engine/actors.hpp"

#include <simgrid/s4u.hpp>

#include <array>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "engine/actor_support.hpp"
#include "engine/engine_log.hpp"
#include "metrics/prometheus.hpp"

namespace sg4 = simgrid::s4u;

namespace drillsim::engine {

using model::Instant;

double now() {
  return sg4::Engine::get_clock();
}

void sync(DrillContext& ctx) {
  ctx.plane.advance_to(now());
}

void send(const char* mailbox, model::IncidentRecord* incident) {
  // Detached: the sender never waits for the receiver (a busy responder must not stall alert evaluation).
  sg4::Mailbox::by_name(mailbox)->put_init(incident, 0)->detach();
}

model::IncidentRecord* receive(const char* mailbox) {
  return sg4::Mailbox::by_name(mailbox)->get<model::IncidentRecord>();
}

void record(DrillContext& ctx, Instant instant) {
  ctx.incident.timeline.record(instant, now());
  log().info("{} ({})", model::to_string(instant), ctx.incident.service);
}

void horizon_actor(DrillContext& ctx) {
  sg4::this_actor::sleep_until(ctx.scenario.duration_s);
  sync(ctx);
  log().info("drill ends");
}

void deployment_actor(DrillContext& ctx, const model::DeploymentSpec& deployment) {
  sg4::this_actor::sleep_until(deployment.at_s);
  sync(ctx);
  const int service = ctx.scenario.service_index(deployment.service);
  ctx.plane.set_weights(service, deployment.weights);
  log().info("deployment: {} sends {:.1f}% of its traffic to the new version", deployment.service,
             100.0 * deployment.weights.new_version);
}

void fault_actor(DrillContext& ctx) {
  const model::FaultSpec& fault = *ctx.scenario.fault;
  const int service = ctx.scenario.service_index(fault.service);
  sg4::this_actor::sleep_until(fault.at_s);
  sync(ctx);
  if (!fault.flag.empty()) {
    const auto off = ctx.flags_off_at.find(fault.flag);
    if (off != ctx.flags_off_at.end() && off->second <= now()) {
      log().info("fault {} on {} does not start: flag {} is off", model::to_string(fault.kind), fault.service,
                 fault.flag);
      return;
    }
  }
  if (fault.kind == model::FaultSpec::Kind::BadConfig) {
    ctx.plane.start_config_fault(service, fault.error_probability, fault.latency_factor);
    log().info("fault bad_config on {} starts: error probability {}, latency factor {}", fault.service,
               fault.error_probability, fault.latency_factor);
    if (!fault.duration_s) return;
    sg4::this_actor::sleep_for(*fault.duration_s);
    sync(ctx);
    ctx.plane.restore_config(service, true);
    log().info("fault bad_config on {} ends", fault.service);
    return;
  }
  ctx.plane.start_fault(service, fault.version, fault.error_probability, fault.latency_factor,
                        fault.corrupts_writes);
  log().info("fault {} on {}/{} starts: error probability {}, latency factor {}",
             model::to_string(fault.kind), fault.service, model::to_string(fault.version),
             fault.error_probability, fault.latency_factor);
  if (!fault.duration_s) return;  // Until fixed: only the rollback takes traffic away from it.
  sg4::this_actor::sleep_for(*fault.duration_s);
  sync(ctx);
  ctx.plane.end_fault(service, fault.version);
  log().info("fault on {}/{} ends", fault.service, model::to_string(fault.version));
}

// A store's migration that runs during the drill (with a deployment, say).
void migration_actor(DrillContext& ctx, int store) {
  const model::DataStoreSpec& spec = ctx.scenario.stores[static_cast<std::size_t>(store)];
  sg4::this_actor::sleep_until(spec.migration->applied_at_s);
  sync(ctx);
  ctx.plane.apply_migration(store);
  log().info("migration {} applied to {}", model::to_string(spec.migration->kind), spec.name);
}

// Prometheus alerting-rule semantics (rules/alerting.go): at each evaluation, a true condition creates a
// pending alert with ActiveAt = ts; it fires at the first evaluation with ts - ActiveAt >= for; a pending
// alert whose condition is false is dropped, so `for` starts over. Evaluations fall at
// offset + k * interval (the group's fixed phase). The ratio is rate() over scraped counters, as
// PromQL 2.42 computes it (metrics/prometheus.hpp; checked against promtool in the tests).
void alert_evaluator_actor(DrillContext& ctx) {
  const model::AlertRuleSpec& rule = *ctx.scenario.alert;
  const int service = ctx.scenario.service_index(rule.service);
  enum class State { Inactive, Pending, Firing } state = State::Inactive;
  double active_at = 0.0;
  bool paged = false;
  // The service's counters as Prometheus scrapes them: a sample at t holds every request completed in
  // the seconds before t. Requests and errors; and, for a latency rule, the cumulative count of each
  // latency bucket (le), the last one +Inf. Only the samples a window can still reach are kept.
  constexpr std::size_t kBuckets = model::kLatencyBuckets.size() + 1;
  const bool latency_rule = rule.metric == model::AlertRuleSpec::Metric::LatencyP95;
  std::vector<metrics::prom::Sample> requests, errors;
  std::array<std::vector<metrics::prom::Sample>, kBuckets> le_samples;
  std::array<double, kBuckets> le_totals{};
  double next_scrape = rule.scrape_offset_s;
  std::int64_t counted = 0;
  double requests_total = 0.0, errors_total = 0.0;
  for (std::int64_t k = 0;; ++k) {
    const double ts = rule.evaluation_offset_s + static_cast<double>(k) * rule.evaluation_interval_s;
    if (ts >= ctx.scenario.duration_s) return;
    sg4::this_actor::sleep_until(ts);
    sync(ctx);
    for (; next_scrape <= ts; next_scrape += rule.scrape_interval_s) {
      const auto through = static_cast<std::int64_t>(std::floor(next_scrape));
      const auto counts = ctx.plane.counts(service, counted, through);
      requests_total += static_cast<double>(counts.requests);
      errors_total += static_cast<double>(counts.errors);
      requests.push_back({next_scrape, requests_total});
      errors.push_back({next_scrape, errors_total});
      if (latency_rule) {
        const auto buckets = ctx.plane.latency_buckets(service, counted, through);
        double cumulative = 0.0;
        for (std::size_t b = 0; b < kBuckets; ++b) {
          cumulative += static_cast<double>(buckets[b]);
          le_totals[b] += cumulative;
          le_samples[b].push_back({next_scrape, le_totals[b]});
        }
      }
      counted = through;
    }
    const auto stale = [&](const metrics::prom::Sample& sample) { return sample.t_s < ts - rule.window_s; };
    std::erase_if(requests, stale);
    std::erase_if(errors, stale);
    for (auto& samples : le_samples)
      std::erase_if(samples, stale);
    std::optional<double> value;  // The rule's expression; nullopt: it returned nothing.
    if (latency_rule) {
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
    } else {
      // rate(errors[w]) / rate(requests[w]); no request: the ratio is NaN and returns nothing.
      const auto failed = metrics::prom::increase(errors, ts, rule.window_s);
      const auto served = metrics::prom::increase(requests, ts, rule.window_s);
      if (failed && served && *served > 0.0) value = *failed / *served;
    }
    const bool condition = value && *value > rule.threshold;
    if (!condition) {
      if (state != State::Inactive)
        log().info("alert {} {} -> inactive", rule.name, state == State::Pending ? "pending" : "firing");
      state = State::Inactive;
      continue;
    }
    if (state == State::Inactive) {
      state = State::Pending;
      active_at = ts;
      log().info("alert {} pending ({} {:.4f} > {})", rule.name, latency_rule ? "p95 latency" : "error ratio",
                 *value, rule.threshold);
    }
    if (state == State::Pending && ts - active_at >= rule.for_s) {
      state = State::Firing;
      log().info("alert {} firing", rule.name);
      const bool incident_open = ctx.scenario.fault && ts >= ctx.scenario.fault->at_s;
      if (!incident_open) {
        log().warn("alert {} fired before any fault was injected: a false alarm, not paged", rule.name);
      } else if (!paged && rule.service == ctx.incident.service) {
        paged = true;
        ctx.incident.detect_signal = rule.name;
        record(ctx, Instant::Detect);
        send("alertmanager", &ctx.incident);
      }
    }
  }
}

// Alertmanager: a new alert group waits group_wait before its first notification.
void alertmanager_actor(DrillContext& ctx) {
  const double group_wait = ctx.scenario.responder ? ctx.scenario.responder->group_wait_s : 30.0;
  for (;;) {
    model::IncidentRecord* incident = receive("alertmanager");
    sg4::this_actor::sleep_for(group_wait);
    sync(ctx);
    record(ctx, Instant::Page);
    if (ctx.scenario.responder) send("responder", incident);
  }
}

void responder_actor(DrillContext& ctx) {
  const model::ResponderSpec& responder = *ctx.scenario.responder;
  model::Rng ack_rng(ctx.seed, "responder/ack");
  model::Rng assess_rng(ctx.seed, "responder/assess");
  for (;;) {
    model::IncidentRecord* incident = receive("responder");
    sg4::this_actor::sleep_for(responder.ack.sample(ack_rng));
    sync(ctx);
    record(ctx, Instant::Ack);
    sg4::this_actor::sleep_for(responder.assess.sample(assess_rng));
    sync(ctx);
    record(ctx, Instant::Decide);
    if (ctx.scenario.plan) send("plan", incident);
  }
}

}  // namespace drillsim::engine
