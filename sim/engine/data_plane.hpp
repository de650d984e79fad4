// The data plane: every request of every service, served one by one with FIFO queueing at its replica.
//
// Why not one SimGrid activity per request: on the reference benchmark (7.2 M requests) that costs
// ~30 s, where a hand-written event loop takes a few seconds (bench/event_loop.sh, docs/architecture.md). So the per-request work
// lives here, in a plain kernel, and the SimGrid actors that own the discrete events (deployment,
// fault, alert evaluation, plan steps) call advance_to(now) before they read or change anything. The
// kernel then processes exactly the arrivals before `now` under the state in force until `now`, so
// the result is the same as if every request were a simulation event.
//
// Model, per service: Poisson arrivals at the profile's rate (thinning for a varying rate); each request
// picks a version by the traffic weights and a Ready replica of it uniformly at random (kube-proxy's
// iptables mode); a replica is a single FIFO server whose service time is the service's distribution
// times the version's latency factor over the version's speed factor; a replica holding
// `max_queue` requests rejects the next one, and a version with no Ready replica fails requests at once.
// A served request fails with the version's error probability. Because a replica is FIFO, a request's
// completion time is known when it arrives: max(arrival, replica busy until) + service time.
//
// What the kernel reads and who writes it: the Ready pods of each version come from the cluster's
// `Endpoints` (it applies their scheduled changes at their instants), the fault levers from
// `FaultLevers`; the kernel owns only the traffic (arrivals, routing draws, the replicas' FIFO queues,
// the rate factor), the `SeriesRecorder` and the `StoreLedger` its requests feed, and the fault's
// observed effects (first_fault_effect).
//
// Thread-compatible, not thread-safe; the SimGrid actors run one at a time.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "engine/endpoints.hpp"
#include "engine/fault_levers.hpp"
#include "engine/series_recorder.hpp"
#include "engine/store_ledger.hpp"
#include "model/drill_result.hpp"
#include "model/exponential_draws.hpp"
#include "model/random.hpp"
#include "model/scenario.hpp"

namespace drillsim::engine {

class PodRequestLog;

class DataPlane {
 public:
  // REQUIRES: `scenario` is valid (io::load_scenario checked it); it, `endpoints` and `levers` outlive
  // the DataPlane. The plane only applies the endpoints' scheduled changes (it is their clock) and
  // reads them; it never writes the levers. latency_percentiles, stream_long_series: as DrillOptions's.
  DataPlane(const model::Scenario& scenario, std::uint64_t seed, Endpoints& endpoints,
            const FaultLevers& levers, bool latency_percentiles = true, bool stream_long_series = false);

  // Processes every arrival at a time < t_s (and < the drill's duration), and every endpoint change
  // scheduled at or before t_s at its own instant between them. Idempotent for t_s <= now().
  void advance_to(double t_s);
  double now() const { return now_s_; }

  // State changes take effect at now(): call advance_to(t) first.
  void set_weights(int service, const model::Weights& weights);

  // --- Pods leaving: what happens to the requests their queues hold. The cluster calls these, then
  // takes the pods out of the endpoints.
  // These Ready pods (endpoint ids) are deleted now: each is Terminating. Its preStop hook runs
  // (pods.pre_stop), then SIGTERM: the application finishes the requests it holds and exits after the
  // version's shutdown draw. It is gone at that exit or at the termination grace period after now()
  // (SIGKILL), whichever comes first; the requests it still holds then fail (counted in the second they
  // were due to complete). Returns when the last of them is gone (now() if none).
  double terminate(int service, model::Version version, const std::vector<std::uint64_t>& ids);
  // A deleted pod whose container runs but that is not Ready (it holds no request): when it is gone,
  // as terminate (its preStop and shutdown, at most the grace period).
  double terminate_unready(int service, model::Version version);
  // These Ready pods' processes die now (an OOMKill, a crash, a lost node): the requests they hold fail
  // (counted in the second they were due to complete, as the fault's), and their queues empty.
  void fail_in_flight(int service, model::Version version, const std::vector<std::uint64_t>& ids);

  // Multiplies the service's request rate (a traffic spike); 1 restores it. The kernel's own lever: the
  // next arrival is drawn afresh at the new rate from now().
  void set_rate_factor(int service, double factor);

  // One synthetic request to the service at now(), answered as a call is (see model::CallSpec): a health
  // check or a smoke test. Draws from `rng`. When the fault failed it, it is the fault's effect at now()
  // (first_fault_effect), as a user's request would be.
  struct CallResult {
    bool failed = false;
    double latency_s = 0.0;
    bool fault = false;  // The failure or the delay came from a fault.
  };
  CallResult probe(int service, double timeout_s, model::Rng& rng);

  // Corrupted writes now in the store.
  std::uint64_t corrupted_in_store(int store) const;
  // The service's failed requests caused by the fault that completed by t_s (now(), or later), and the
  // distinct users among them (SeriesRecorder::fault_failures).
  SeriesRecorder::FaultFailures fault_failures(int service, double t_s) {
    return series_.fault_failures(service, t_s);
  }

  // A data store goes down (a restore): its service's requests fail at once until it is back.
  void set_store_down(int store, bool down);
  bool store_down(int store) const { return stores_.down(store); }
  // Rolls the store back to point_s: every committed write after it is gone, and the schema is the one
  // of point_s (a point before the migration brings the old schema back). Returns the writes lost.
  std::uint64_t roll_back_store(int store, double point_s);
  // The store's migration runs now (set) or is reverted now: requests of code that does not work
  // against the schema fail from now on (model::MigrationSpec). Reverting loses data by the
  // migration's kind; returns the writes lost. REQUIRES: the store has a migration.
  void apply_migration(int store);
  std::uint64_t migrate_down(int store);
  bool migration_applied(int store) const;

  const model::Weights& weights(int service) const { return services_[service].weights; }

  using Counts = SeriesRecorder::Counts;
  // Requests, errors and slow requests of a service (both versions) completed in the whole seconds
  // [first, end).
  // REQUIRES: end <= completed_seconds().
  Counts counts(int service, std::int64_t first_second, std::int64_t end_second) const;
  // One version's (a read-only view for the exported series). REQUIRES: end <= completed_seconds().
  Counts counts(int service, model::Version version, std::int64_t first_second,
                std::int64_t end_second) const {
    return series_.counts(service, version, first_second, end_second);
  }

  // Requests of a service (both versions) completed in the whole seconds [first, end), per latency
  // bucket: element b counts those with kLatencyBuckets[b-1] < latency <= kLatencyBuckets[b]; the last,
  // those above every bound (+Inf). Not cumulative. Kept only for the service of a latency_p95 alert
  // rule (all zero for the others). REQUIRES: end <= completed_seconds().
  std::array<std::uint64_t, model::kLatencyBuckets.size() + 1> latency_buckets(int service,
                                                                               std::int64_t first_second,
                                                                               std::int64_t end_second) const;

  // True if the service's SLIs over the whole seconds [first, end), taken as one window, were within
  // its SLO (see model::Slo::window_within). REQUIRES: end <= completed_seconds().
  bool within_slo(int service, std::int64_t first_second, std::int64_t end_second) const;

  // Seconds whose counts and percentiles are final: those that end at or before now().
  std::int64_t completed_seconds() const { return series_.completed_seconds(); }

  // When the fault first affected the service: the completion of the first request it made fail (a
  // user's, a caller's call, or a check's); the instant a request it slowed had waited longer than the
  // SLO's latency bound (arrival + bound); the commit of the first corrupted write; the death of a pod
  // holding requests; a container crash it caused (note_fault_effect). nullopt if none yet.
  std::optional<double> first_fault_effect(int service) const;
  // An effect of the fault on the service that no request shows (yet): one of its containers crashed
  // because of it, at t_s. Counts for first_fault_effect.
  void note_fault_effect(int service, double t_s);

  std::uint64_t requests_total() const { return requests_total_; }

  // From now on, every request counted is also handed to `log` with the pod that answered it (the
  // per-pod request series, engine::PromSeries); nullptr stops it. `log` must outlive the plane or
  // be detached first.
  void set_pod_log(PodRequestLog* log) { pod_log_ = log; }

  // Advances to the end of the drill and moves the series and failures into `result`.
  void finish(model::DrillResult& result);

 private:
  // A request a replica holds: when its own work ends (FIFO: non-decreasing over a replica), and how it
  // was recorded (the completion after its downstream calls, its user, whether it already failed), so
  // a pod killed under it turns it into a failure of the second it was counted in, once.
  struct Held {
    double due = 0.0;
    double recorded_s = 0.0;
    std::uint32_t user = 0;
    std::int16_t request_class = -1;
    bool failed = false;
  };
  // The FIFO queue of one endpoint slot (Endpoints::Slot::queue). It belongs to the pod whose id it
  // holds: when another pod is in the slot, it starts empty (the previous pod's requests were counted).
  struct Queue {
    std::vector<Held> in_system;  // Oldest first. A ring would save the erase; the head index does the same.
    std::size_t head = 0;
    double busy_until = 0.0;
    std::uint64_t pod_id = 0;
  };
  struct ServiceState {
    ServiceState(const model::ServiceSpec& service, std::uint64_t seed)
        : spec(&service),
          arrivals(seed, service.name + "/arrivals"),
          arrival_gaps(model::Rng(seed, service.name + "/arrivals")),
          routing(seed, service.name + "/routing"),
          service_times(seed, service.name + "/service_times"),
          service_time_draws(model::Rng(seed, service.name + "/service_times")),
          outcomes(seed, service.name + "/outcomes"),
          users(seed, service.name + "/users"),
          classes(seed, service.name + "/classes"),
          shutdown(seed, service.name + "/shutdown") {}
    const model::ServiceSpec* spec = nullptr;
    const FaultLevers::ServiceLevers* levers = nullptr;  // Read per request.
    std::array<const Endpoints::Set*, 2> endpoints{};    // Per version: its Ready slots.
    std::array<std::vector<Queue>, 2> queues;            // Per version, by Endpoints::Slot::queue.
    int index = 0;                                       // In scenario.services.
    bool writes = false;                                 // It writes to a data store (StoreLedger::commit).
    // Each stream below with a block of draws beside it is drawn through one of the two only: the
    // arrivals through arrival_gaps for a constant rate (exponential gaps only), else directly (the
    // gaps and thinning draws interleave); the service times through service_time_draws when they are
    // exponential. The block gives the same numbers as the stream would (model::ExponentialDraws).
    model::Rng arrivals;
    model::ExponentialDraws arrival_gaps;
    model::Rng routing;
    model::Rng service_times;
    model::ExponentialDraws service_time_draws;
    model::Rng outcomes;
    model::Rng users;
    model::Rng classes;
    model::Rng shutdown;  // preStop and application shutdown draws of deleted pods.
    double rate_max = 0.0;
    double next_arrival_s = std::numeric_limits<double>::infinity();
    model::Weights weights;
    double first_fault_effect_s = std::numeric_limits<double>::infinity();
    int stores_down = 0;                  // Of its stores, those down (StoreLedger::down_count).
    std::array<bool, 2> schema_broken{};  // Per version: its code fails against a store's schema.
    double rate_factor = 1.0;
    std::vector<model::Rng> edge_rngs;  // One per spec->calls entry (FaultLevers::ServiceLevers::edges).
  };
  using Slot = Endpoints::Slot;
  using VersionLevers = FaultLevers::VersionLevers;

  void run_all_until(double end_s);
  // The next gap between arrivals of the service's rate_max process (times its rate factor), of this mean.
  static double arrival_gap(ServiceState& service, double mean_s);
  void run_service_until(ServiceState& service, double end_s);
  // The queue of the slot's pod (empty if the pod has not used it yet).
  static Queue& queue_of(ServiceState& service, model::Version version, const Slot& slot);
  // The queue's pod is deleted now: returns when it is gone, and fails the requests it still holds then.
  double terminate(ServiceState& service, model::Version version, Queue& queue);
  // Caches the ledger's schema_broken for the store's service (read per request).
  void update_schema_compatibility(int store);
  void serve(ServiceState& service, double arrival_s);
  // The version a request (or a call) goes to, drawing from `rng`; with pod routing, `pick` is the
  // chosen pod's index among that version's Ready ones.
  static model::Version choose_version(const ServiceState& service, model::Rng& rng, std::uint32_t& pick);
  // Whether a failure of this version now counts as the fault's (mark_fault, a faulty version, or no
  // Ready pod at all because of a fault).
  static bool fault_marked(const ServiceState& service, const VersionLevers& vl);
  static double latency_factor_of(const ServiceState& service, const VersionLevers& vl, const Slot& slot);
  static double error_probability_of(const ServiceState& service, const VersionLevers& vl, const Slot& slot);
  // A call answered by `callee` at t_s (see model::CallSpec), nested calls included.
  // `synthetic`: the request is a check's (probe()), judged at now(). A call that the callee's own fault
  // fails is an effect of the fault on the callee (first_fault_effect).
  CallResult call(ServiceState& callee, double t_s, double timeout_s, double added_latency_s, model::Rng& rng,
                  bool synthetic);
  // The calls of a request of `service` whose own work ends at t_s: the slowest latency, and whether one
  // failed.
  CallResult make_calls(ServiceState& service, double t_s, bool synthetic);
  struct Outcome {
    bool failed = false;
    bool fault_caused = false;
    bool fault_slow = false;
    std::uint32_t user = 0;
    std::int16_t request_class = -1;
    std::uint64_t pod = 0;  // The data plane id of the pod that answered; 0: none (a pod_log_ entry).
  };
  void record(ServiceState& service, model::Version version, double arrival_s, double completion_s,
              const Outcome& outcome);
  // A held request fails (its pod was killed under it); false if it had failed already or is not
  // observed. See Held.
  bool fail_held(ServiceState& service, model::Version version, std::uint64_t pod, Held& held,
                 bool fault_caused);
  void record_ready_through(double t_s, bool inclusive);

  const model::Scenario& scenario_;
  Endpoints& endpoints_;  // Read, and advanced as their clock; written by the cluster.
  const FaultLevers& levers_;
  double duration_s_;
  std::size_t seconds_;
  std::vector<ServiceState> services_;
  SeriesRecorder series_;
  StoreLedger stores_;
  double now_s_ = 0.0;
  std::int64_t ready_recorded_ = 0;
  std::uint64_t requests_total_ = 0;
  std::uint64_t requests_in_flight_at_end_ = 0;  // Arrived, complete after duration_s_.
  PodRequestLog* pod_log_ = nullptr;             // set_pod_log.
};

}  // namespace drillsim::engine
