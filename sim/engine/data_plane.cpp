#include "engine/data_plane.hpp"

#include "engine/pod_requests.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <functional>
#include <limits>
#include <string>

namespace drillsim::engine {

using model::Version;

namespace {
constexpr std::size_t kStable = 0;
constexpr std::size_t kNew = 1;
std::size_t idx(Version v) {
  return static_cast<std::size_t>(v);
}
}  // namespace

DataPlane::DataPlane(const model::Scenario& scenario, std::uint64_t seed, Endpoints& endpoints,
                     const FaultLevers& levers, bool latency_percentiles, bool stream_long_series)
    : scenario_(scenario),
      endpoints_(endpoints),
      levers_(levers),
      duration_s_(scenario.duration_s),
      seconds_(static_cast<std::size_t>(std::ceil(scenario.duration_s))),
      series_(scenario, latency_percentiles, stream_long_series),
      stores_(scenario, seed) {
  services_.reserve(scenario.services.size());
  for (std::size_t s = 0; s < scenario.services.size(); ++s) {
    const auto& spec = scenario.services[s];
    services_.emplace_back(spec, seed);
    ServiceState& state = services_.back();
    state.index = static_cast<int>(s);
    state.levers = &levers.service(state.index);
    state.writes = stores_.writes(state.index);
    state.rate_max = spec.traffic.rate.max_rate();
    if (state.rate_max > 0.0) state.next_arrival_s = arrival_gap(state, 1.0 / state.rate_max);
    state.weights = spec.weights;
    for (const Version v : model::kVersions) {
      state.endpoints[idx(v)] = &endpoints.set(state.index, v);
      state.queues[idx(v)].resize(endpoints.set(state.index, v).slots.size());
    }
  }
  for (std::size_t s = 0; s < services_.size(); ++s)
    services_[s].schema_broken = stores_.schema_broken(static_cast<int>(s));
  for (auto& service : services_) {
    for (const auto& call : service.spec->calls)
      service.edge_rngs.emplace_back(seed, "calls/" + service.spec->name + "/" + call.service);
  }
}

void DataPlane::advance_to(double t_s) {
  // Pods scheduled to become Ready (or to leave) by t_s do so at their own instants, between the arrivals.
  for (double at = endpoints_.next_change_s(); at <= t_s; at = endpoints_.next_change_s()) {
    if (at > now_s_) {
      run_all_until(at);
      record_ready_through(at, false);
      now_s_ = at;
    }
    endpoints_.apply_next_change();
  }
  if (t_s <= now_s_) return;
  run_all_until(t_s);
  record_ready_through(t_s, false);
  now_s_ = t_s;
  endpoints_.reached(now_s_);
  // Completions of requests that arrive after now() are later than now(): seconds that end by now()
  // have all their requests.
  series_.finalize_before(static_cast<std::int64_t>(std::floor(std::min(now_s_, duration_s_))));
}

void DataPlane::run_all_until(double t_s) {
  const double end = std::min(t_s, duration_s_);
  // Services are independent (no call graph yet), so each runs to `end` on its own; the order does
  // not change any number because every service draws from its own streams.
  for (auto& service : services_)
    run_service_until(service, end);
}

double DataPlane::arrival_gap(ServiceState& service, double mean_s) {
  return service.spec->traffic.rate.kind == model::RateProfile::Kind::Constant
             ? service.arrival_gaps.next(mean_s)
             : service.arrivals.exponential(mean_s);
}

void DataPlane::run_service_until(ServiceState& service, double end_s) {
  const auto& rate = service.spec->traffic.rate;
  const double mean_gap = 1.0 / (service.rate_max * service.rate_factor);
  if (rate.kind == model::RateProfile::Kind::Constant) {
    while (service.next_arrival_s < end_s) {
      const double arrival = service.next_arrival_s;
      service.next_arrival_s = arrival + service.arrival_gaps.next(mean_gap);
      serve(service, arrival);
    }
    return;
  }
  while (service.next_arrival_s < end_s) {
    const double arrival = service.next_arrival_s;
    service.next_arrival_s = arrival + service.arrivals.exponential(mean_gap);
    // Lewis-Shedler thinning: keep a candidate of the rate_max process with probability rate(t)/rate_max.
    if (service.arrivals.uniform() * service.rate_max >= rate.rate_at(arrival)) continue;
    serve(service, arrival);
  }
}

// Per request (and per call): inlined, as queue_of is.
[[gnu::always_inline]] inline Version DataPlane::choose_version(const ServiceState& service, model::Rng& rng,
                                                                std::uint32_t& pick) {
  pick = 0;
  if (service.spec->routing == model::Routing::Pods) {
    // A Kubernetes Service: any Ready pod of either version, uniformly.
    const auto stable = static_cast<std::uint32_t>(service.endpoints[kStable]->ready);
    const auto all = stable + static_cast<std::uint32_t>(service.endpoints[kNew]->ready);
    pick = all > 1 ? rng.below(all) : 0u;
    if (all > 0 && pick >= stable) {
      pick -= stable;
      return Version::New;
    }
    return Version::Stable;
  }
  const double w_new = service.weights.new_version;
  return w_new >= 1.0 || (w_new > 0.0 && rng.uniform() < w_new) ? Version::New : Version::Stable;
}

bool DataPlane::fault_marked(const ServiceState& service, const VersionLevers& vl) {
  // With pod routing and no Ready pod at all, the fault that took the pods away is either version's.
  const bool no_pod_at_all = service.spec->routing == model::Routing::Pods &&
                             service.endpoints[kStable]->ready + service.endpoints[kNew]->ready == 0;
  const auto& levers = *service.levers;
  return levers.marked || vl.marked || vl.fault_active ||
         (no_pod_at_all && (levers.versions[kStable].marked || levers.versions[kNew].marked));
}

double DataPlane::latency_factor_of(const ServiceState& service, const VersionLevers& vl, const Slot& slot) {
  return slot.bad_config ? vl.latency_factor * service.levers->config_latency_factor : vl.latency_factor;
}

// A pod on a bad configuration fails with the larger of the two probabilities (one draw: a request that
// fails either way fails once).
double DataPlane::error_probability_of(const ServiceState& service, const VersionLevers& vl,
                                       const Slot& slot) {
  return slot.bad_config ? std::max(vl.error_probability, service.levers->config_error_probability)
                         : vl.error_probability;
}

namespace {
// queue_of's rare path, kept out of the per-request code: a slot the endpoints just added.
template <class Queues>
[[gnu::noinline, gnu::cold]] void grow_queues(Queues& queues, std::size_t size) {
  queues.resize(size);
}
}  // namespace

// Per request: both checks are almost always false, and the function is small enough to be inlined
// into serve(): out of line it was a call per request, a measurable share of the kernel's time.
inline DataPlane::Queue& DataPlane::queue_of(ServiceState& service, Version version, const Slot& slot) {
  auto& queues = service.queues[idx(version)];
  if (slot.queue >= queues.size()) [[unlikely]]
    grow_queues(queues, slot.queue + std::size_t{1});
  Queue& queue = queues[slot.queue];
  if (queue.pod_id != slot.pod_id) [[unlikely]] {  // A pod new to the slot: an empty queue.
    queue.in_system.clear();
    queue.head = 0;
    queue.busy_until = 0.0;
    queue.pod_id = slot.pod_id;
  }
  return queue;
}

void DataPlane::serve(ServiceState& service, double arrival_s) {
  ++requests_total_;
  std::uint32_t pick = 0;
  const Version version = choose_version(service, service.routing, pick);
  Outcome outcome;
  outcome.user = service.users.below(service.spec->traffic.users);
  const auto& classes = service.spec->request_classes;
  if (!classes.empty()) {
    double u = service.classes.uniform();
    for (std::size_t c = 0; c < classes.size(); ++c) {
      if (u < classes[c].share) {
        outcome.request_class = static_cast<std::int16_t>(c);
        break;
      }
      u -= classes[c].share;
    }
  }
  const FaultLevers::ServiceLevers& levers = *service.levers;
  const VersionLevers& vl = levers.versions[idx(version)];
  const Endpoints::Set& ready = *service.endpoints[idx(version)];
  // With pod routing and no Ready pod at all, the fault that took the pods away is either version's.
  const bool marked = fault_marked(service, vl);
  // No endpoint: the load balancer answers 503 at once. A data store that is down: the app fails fast.
  // The maintenance page answers at once too; an outage refuses at once or hangs until the client gives up.
  if (ready.ready == 0 || service.stores_down > 0 || levers.maintenance ||
      levers.outage != FaultLevers::Outage::None) {
    outcome.failed = true;
    outcome.fault_caused = marked && !levers.maintenance;
    const double end = levers.outage == FaultLevers::Outage::Hang && ready.ready > 0 &&
                               service.stores_down == 0 && !levers.maintenance
                           ? arrival_s + levers.hang_s
                           : arrival_s;
    record(service, version, arrival_s, end, outcome);
    return;
  }
  if (service.spec->routing == model::Routing::Weights && ready.ready > 1) {
    pick = service.routing.below(static_cast<std::uint32_t>(ready.ready));
  }
  const Slot& slot = ready.slots[pick];
  outcome.pod = slot.pod_id;
  if (slot.dead) {  // Its node is gone: the request times out (the client's own limit).
    outcome.failed = true;
    outcome.fault_caused = true;
    record(service, version, arrival_s, arrival_s + levers.hang_s, outcome);
    return;
  }
  Queue& replica = queue_of(service, version, slot);
  // busy_until is the last held request's due (FIFO): when it has passed, every held request is done.
  if (replica.busy_until <= arrival_s) {
    replica.head = replica.in_system.size();
  } else {
    while (replica.head < replica.in_system.size() && replica.in_system[replica.head].due <= arrival_s)
      ++replica.head;
  }
  if (replica.head == replica.in_system.size()) {
    replica.in_system.clear();
    replica.head = 0;
  } else if (replica.head > 4096) {
    replica.in_system.erase(replica.in_system.begin(),
                            replica.in_system.begin() + static_cast<std::ptrdiff_t>(replica.head));
    replica.head = 0;
  }
  const auto held = replica.in_system.size() - replica.head;
  if (held >= static_cast<std::size_t>(service.spec->max_queue)) {  // Queue full: rejected at once.
    outcome.failed = true;
    outcome.fault_caused = marked;
    record(service, version, arrival_s, arrival_s, outcome);
    return;
  }
  const model::Distribution& service_time = service.spec->service_time;
  const double work = service_time.kind == model::Distribution::Kind::Exponential
                          ? service.service_time_draws.next(service_time.a)
                          : service_time.sample(service.service_times);
  const double start = std::max(arrival_s, replica.busy_until);
  double own = work * latency_factor_of(service, vl, slot);
  if (vl.speed_factor != 1.0) own /= vl.speed_factor;  // Dividing by 1 changes nothing: no division then.
  double completion = start + own;
  replica.busy_until = completion;
  const std::size_t held_at = replica.in_system.size();
  replica.in_system.push_back({completion, completion, outcome.user, outcome.request_class, false});
  bool call_failed = false;
  bool call_fault = false;
  if (!service.edge_rngs.empty()) {  // Downstream calls, after the request's own work.
    const CallResult calls = make_calls(service, completion, false);
    completion += calls.latency_s;
    call_failed = calls.failed;
    call_fault = calls.fault;
  }

  // One draw decides the outcome under the current and the fault-free probability alike, so a failure
  // is "caused by the fault" exactly when it would not have happened without it.
  const double u = service.outcomes.uniform();
  // Code that does not work against a store's schema fails the request after serving it.
  const double error_probability = error_probability_of(service, vl, slot);
  const bool faulty = marked || slot.bad_config || call_fault;
  const bool own_failure = u < error_probability || service.schema_broken[idx(version)];
  outcome.failed = own_failure || call_failed;
  outcome.fault_caused = faulty && outcome.failed && (u >= vl.base_error_probability || call_failed);
  outcome.fault_slow = faulty && (completion - arrival_s) > service.spec->slo.max_p95_latency_s;
  record(service, version, arrival_s, completion, outcome);
  Held& held_request = replica.in_system[held_at];
  held_request.recorded_s = completion;
  held_request.failed = outcome.failed;
  if (outcome.failed) return;
  if (service.writes && stores_.commit(service.index, version, completion, duration_s_,
                                       vl.fault_active ? vl.corrupts_writes : 0.0)) {
    // Bad data reaches the store: the fault affects the service from here on.
    service.first_fault_effect_s = std::min(service.first_fault_effect_s, completion);
  }
}

// Per request: inlined into serve(), whose outcome it reads field by field.
[[gnu::always_inline]] inline void DataPlane::record(ServiceState& service, Version version, double arrival_s,
                                                     double completion_s, const Outcome& outcome) {
  if (completion_s >= duration_s_) {  // Completes after the drill: not observed.
    ++requests_in_flight_at_end_;
    return;
  }
  const double latency = completion_s - arrival_s;
  series_.record(service.index, version, completion_s, latency, outcome.failed, outcome.user,
                 outcome.fault_caused, outcome.request_class);
  if (pod_log_ != nullptr) [[unlikely]]
    pod_log_->record(service.index, version, outcome.pod, completion_s, latency, outcome.failed);
  // A failed request affects its user when it completes; a slow one as soon as it has waited longer
  // than the SLO's latency bound (a request that hangs breaches the SLO long before it times out).
  double effect_s = std::numeric_limits<double>::infinity();
  if (outcome.fault_caused) effect_s = completion_s;
  if (outcome.fault_slow || (outcome.fault_caused && latency > service.spec->slo.max_p95_latency_s))
    effect_s = std::min(effect_s, arrival_s + service.spec->slo.max_p95_latency_s);
  service.first_fault_effect_s = std::min(service.first_fault_effect_s, effect_s);
}

void DataPlane::record_ready_through(double t_s, bool inclusive) {
  // ready[k] is the Ready count at instant k, after the changes made at k: record every k < t_s now,
  // before the caller changes anything at t_s (and k == t_s too at the very end).
  const auto limit = static_cast<std::int64_t>(seconds_);
  for (; ready_recorded_ < limit; ++ready_recorded_) {
    const auto k = static_cast<double>(ready_recorded_);
    if (inclusive ? k > t_s : k >= t_s) break;
    const auto i = static_cast<std::size_t>(ready_recorded_);
    for (const auto& service : services_)
      series_.record_ready(i, service.index,
                           {service.endpoints[kStable]->ready, service.endpoints[kNew]->ready});
  }
}

void DataPlane::set_weights(int service, const model::Weights& weights) {
  services_[service].weights = weights;
}

bool DataPlane::fail_held(ServiceState& service, Version version, std::uint64_t pod, Held& held,
                          bool fault_caused) {
  // Counted when it arrived, in the second of its recorded completion: it becomes a failure of that
  // second, unless it already failed or completes after the drill (not observed).
  if (held.failed || held.recorded_s >= duration_s_) return false;
  held.failed = true;
  series_.fail_recorded(service.index, version,
                        {held.recorded_s, held.user, fault_caused, held.request_class});
  if (pod_log_ != nullptr) [[unlikely]]
    pod_log_->fail(service.index, version, pod, held.recorded_s);
  return true;
}

double DataPlane::terminate(ServiceState& service, Version version, Queue& replica) {
  const model::PodSpec& pods = service.spec->pods;
  const double sigterm = now_s_ + pods.pre_stop.sample(service.shutdown);
  const double exits = std::max(sigterm + service.spec->version(version).shutdown.sample(service.shutdown),
                                replica.busy_until);
  const double gone = std::min(now_s_ + pods.termination_grace_period_s, exits);
  // SIGKILL at `gone`: the requests still held then fail. They were counted as served when they arrived.
  for (std::size_t r = replica.head; r < replica.in_system.size(); ++r) {
    Held& held = replica.in_system[r];
    if (held.due <= gone) continue;
    fail_held(service, version, replica.pod_id, held, false);
  }
  return std::max(now_s_, gone);
}

double DataPlane::terminate_unready(int service, Version version) {
  ServiceState& state = services_[static_cast<std::size_t>(service)];
  Queue idle;
  idle.busy_until = now_s_;
  return terminate(state, version, idle);
}

double DataPlane::terminate(int service, Version version, const std::vector<std::uint64_t>& ids) {
  ServiceState& state = services_[static_cast<std::size_t>(service)];
  const Endpoints::Set& ready = *state.endpoints[idx(version)];
  double gone = now_s_;
  for (const std::uint64_t id : ids) {
    for (int i = 0; i < ready.ready; ++i) {
      const Slot& slot = ready.slots[static_cast<std::size_t>(i)];
      if (slot.pod_id != id) continue;
      gone = std::max(gone, terminate(state, version, queue_of(state, version, slot)));
      break;
    }
  }
  return gone;
}

DataPlane::CallResult DataPlane::make_calls(ServiceState& service, double t_s, bool synthetic) {
  CallResult result;
  for (std::size_t e = 0; e < service.edge_rngs.size(); ++e) {
    const FaultLevers::EdgeLevers& edge = service.levers->edges[e];
    model::Rng& rng = service.edge_rngs[e];
    const model::CallSpec& spec = service.spec->calls[e];
    for (int k = 0; k < spec.fanout; ++k) {
      CallResult one;
      if (edge.partition || (edge.loss_probability > 0.0 && rng.uniform() < edge.loss_probability)) {
        one = {true, spec.timeout_s, true};  // The call, or its answer, never arrives.
      } else {
        one = call(services_[edge.callee], t_s, spec.timeout_s, edge.added_latency_s, rng, synthetic);
        one.fault = one.fault || edge.faulty();
      }
      result.failed = result.failed || one.failed;
      result.fault = result.fault || (one.fault && (one.failed || edge.faulty()));
      result.latency_s = std::max(result.latency_s, one.latency_s);
    }
  }
  return result;
}

DataPlane::CallResult DataPlane::call(ServiceState& callee, double t_s, double timeout_s,
                                      double added_latency_s, model::Rng& rng, bool synthetic) {
  // A call the callee's own fault fails is the fault's effect on the callee, as its own users' requests
  // are: at the call's instant, or for a check's request at the check's instant (it judges then).
  const auto fault_effect = [&](bool caused) {
    if (caused) callee.first_fault_effect_s = std::min(callee.first_fault_effect_s, synthetic ? now_s_ : t_s);
  };
  const FaultLevers::ServiceLevers& levers = *callee.levers;
  const bool service_marked = levers.marked;
  if (levers.outage == FaultLevers::Outage::Hang) {
    fault_effect(service_marked);
    return {true, timeout_s, service_marked};
  }
  if (levers.outage == FaultLevers::Outage::Refuse || levers.maintenance || callee.stores_down > 0) {
    fault_effect(service_marked);
    return {true, 0.0, service_marked};
  }
  std::uint32_t pick = 0;
  const Version version = choose_version(callee, rng, pick);
  const VersionLevers& vl = levers.versions[idx(version)];
  const Endpoints::Set& ready = *callee.endpoints[idx(version)];
  const bool marked = fault_marked(callee, vl);
  if (ready.ready == 0) {
    fault_effect(marked);
    return {true, 0.0, marked};
  }
  if (callee.spec->routing == model::Routing::Weights && ready.ready > 1)
    pick = rng.below(static_cast<std::uint32_t>(ready.ready));
  const Slot& slot = ready.slots[pick];
  if (slot.dead) {
    fault_effect(true);
    return {true, timeout_s, true};
  }
  double latency =
      callee.spec->service_time.sample(rng) * latency_factor_of(callee, vl, slot) / vl.speed_factor +
      added_latency_s;
  const bool own_fault = marked || slot.bad_config;
  CallResult result{false, 0.0, own_fault};
  if (!callee.edge_rngs.empty()) {
    const CallResult nested = make_calls(callee, t_s + latency, synthetic);
    latency += nested.latency_s;
    result.failed = nested.failed;
    result.fault = result.fault || nested.fault;
  }
  if (latency > timeout_s) {
    fault_effect(own_fault);
    return {true, timeout_s, result.fault || added_latency_s > 0.0};
  }
  // One draw decides the outcome under the current and the fault-free probability alike (as serve()
  // does): the failure is the fault's when it would not have happened without it.
  const double u = rng.uniform();
  if (u < error_probability_of(callee, vl, slot) || callee.schema_broken[idx(version)]) {
    result.failed = true;
    fault_effect(own_fault && (u >= vl.base_error_probability || callee.schema_broken[idx(version)]));
  }
  result.latency_s = latency;
  return result;
}

DataPlane::CallResult DataPlane::probe(int service, double timeout_s, model::Rng& rng) {
  ServiceState& state = services_[static_cast<std::size_t>(service)];
  const CallResult result = call(state, now_s_, timeout_s, 0.0, rng, true);
  // A check's request that a fault failed (here or in a call it made, or on a faulty edge) is one of the
  // fault's effects on the service, as a user's request would be: a check sees a fault only through its
  // own request, so the onset can never come after the detection it causes.
  if (result.failed && result.fault)
    state.first_fault_effect_s = std::min(state.first_fault_effect_s, now_s_);
  return result;
}

void DataPlane::set_rate_factor(int service, double factor) {
  ServiceState& state = services_[static_cast<std::size_t>(service)];
  state.rate_factor = factor;
  // Poisson arrivals are memoryless: the next one is drawn afresh at the new rate from now on.
  if (state.rate_max > 0.0 && state.next_arrival_s < std::numeric_limits<double>::infinity())
    state.next_arrival_s = now_s_ + arrival_gap(state, 1.0 / (state.rate_max * factor));
}

void DataPlane::fail_in_flight(int service, Version version, const std::vector<std::uint64_t>& ids) {
  ServiceState& state = services_[static_cast<std::size_t>(service)];
  const Endpoints::Set& ready = *state.endpoints[idx(version)];
  for (int i = 0; i < ready.ready; ++i) {
    const Slot& slot = ready.slots[static_cast<std::size_t>(i)];
    if (std::find(ids.begin(), ids.end(), slot.pod_id) == ids.end()) continue;
    Queue& replica = queue_of(state, version, slot);
    for (std::size_t r = replica.head; r < replica.in_system.size(); ++r) {
      Held& held = replica.in_system[r];
      if (held.due <= now_s_) continue;
      if (fail_held(state, version, replica.pod_id, held, true))
        state.first_fault_effect_s = std::min(state.first_fault_effect_s, now_s_);
    }
    replica.in_system.clear();
    replica.head = 0;
    replica.busy_until = now_s_;
  }
}

std::uint64_t DataPlane::corrupted_in_store(int store) const {
  return stores_.corrupted_in_store(store);
}

void DataPlane::set_store_down(int store, bool down) {
  if (!stores_.set_down(store, down)) return;
  const int service = stores_.service_of(store);
  services_[static_cast<std::size_t>(service)].stores_down = stores_.down_count(service);
}

std::uint64_t DataPlane::roll_back_store(int store, double point_s) {
  const std::uint64_t lost = stores_.roll_back(store, point_s, now_s_);
  update_schema_compatibility(store);
  return lost;
}

void DataPlane::apply_migration(int store) {
  stores_.apply_migration(store);
  update_schema_compatibility(store);
}

std::uint64_t DataPlane::migrate_down(int store) {
  const std::uint64_t lost = stores_.migrate_down(store);
  update_schema_compatibility(store);
  return lost;
}

bool DataPlane::migration_applied(int store) const {
  return stores_.migration_applied(store);
}

void DataPlane::update_schema_compatibility(int store) {
  const int service = stores_.service_of(store);
  services_[static_cast<std::size_t>(service)].schema_broken = stores_.schema_broken(service);
}

DataPlane::Counts DataPlane::counts(int service, std::int64_t first_second, std::int64_t end_second) const {
  return series_.counts(service, first_second, end_second);
}

std::array<std::uint64_t, model::kLatencyBuckets.size() + 1> DataPlane::latency_buckets(
    int service, std::int64_t first_second, std::int64_t end_second) const {
  return series_.latency_buckets(service, first_second, end_second);
}

bool DataPlane::within_slo(int service, std::int64_t first_second, std::int64_t end_second) const {
  const Counts c = counts(service, first_second, end_second);
  return services_[static_cast<std::size_t>(service)].spec->slo.window_within(c.requests, c.errors, c.slow);
}

void DataPlane::note_fault_effect(int service, double t_s) {
  double& first = services_[static_cast<std::size_t>(service)].first_fault_effect_s;
  first = std::min(first, t_s);
}

std::optional<double> DataPlane::first_fault_effect(int service) const {
  const double t = services_[service].first_fault_effect_s;
  if (std::isinf(t)) return std::nullopt;
  return t;
}

void DataPlane::finish(model::DrillResult& result) {
  advance_to(duration_s_);
  record_ready_through(duration_s_, true);
  series_.finish(result);
  result.duration_s = duration_s_;
  result.requests_total = requests_total_;
  result.requests_in_flight_at_end = requests_in_flight_at_end_;
  result.stores = stores_.take_outcomes();
}

}  // namespace drillsim::engine
