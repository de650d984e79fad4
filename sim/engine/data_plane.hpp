// The data plane: every request of every service, served one by one with FIFO queueing at its replica.
//
// Why not one SimGrid activity per request: on the reference benchmark (7.2 M requests) that costs
// ~30 s against ~1.4 s for a hand-written event loop (docs/architecture.md). So the per-request work
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
// Thread-compatible, not thread-safe; the SimGrid actors run one at a time.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "engine/series_recorder.hpp"
#include "engine/store_ledger.hpp"
#include "model/drill_result.hpp"
#include "model/random.hpp"
#include "model/scenario.hpp"

namespace drillsim::engine {

class DataPlane {
 public:
  // REQUIRES: `scenario` is valid (io::load_scenario checked it) and outlives the DataPlane.
  // Replica slots grow as pods join: any number of pods can become Ready. latency_percentiles: as
  // DrillOptions::latency_percentiles.
  DataPlane(const model::Scenario& scenario, std::uint64_t seed, bool latency_percentiles = true);

  // Processes every arrival at a time < t_s (and < the drill's duration). Idempotent for t_s <= now().
  void advance_to(double t_s);
  double now() const { return now_s_; }

  // State changes take effect at now(): call advance_to(t) first.
  void set_weights(int service, const model::Weights& weights);
  // Sets the Ready count. A pod that joins starts with an empty queue; one that leaves is Terminating
  // (see remove_pods). Returns when the leaving pods are gone (now() if none leaves).
  // REQUIRES: replicas >= 0.
  double set_replicas(int service, model::Version version, int replicas);
  // A pod of `version` becomes Ready at t_s >= now(): advance_to() applies it at exactly t_s (after the
  // arrivals before t_s), so no actor needs to wake for it. Returns an id for cancel_ready().
  std::uint64_t schedule_ready(int service, model::Version version, double t_s);
  // Forgets a scheduled pod that has not become Ready yet (it was deleted while starting), or a
  // scheduled schedule_not_ready.
  void cancel_ready(std::uint64_t id);
  // Ready pod `pod_id` stops being Ready at t_s >= now() (its readiness probe failed failureThreshold
  // times): it leaves the endpoints then, as drop_pods, and keeps running. Returns an id for cancel_ready.
  std::uint64_t schedule_not_ready(int service, model::Version version, std::uint64_t pod_id, double t_s);
  // The ids of the version's Ready pods (those of time 0 get theirs when the plane is built).
  std::vector<std::uint64_t> ready_pod_ids(int service, model::Version version) const;
  // Deletes these Ready pods (ids from schedule_ready or ready_pod_ids): each is Terminating. It leaves
  // the endpoints now (no new request), its preStop hook runs (pods.pre_stop), then SIGTERM: the
  // application finishes the requests it holds and exits after the version's shutdown draw. It is gone
  // at that exit or at the termination grace period after now() (SIGKILL), whichever comes first; the
  // requests it still holds then fail (counted in the second they were due to complete). Returns when
  // the last of them is gone (now() if none).
  double remove_pods(int service, model::Version version, const std::vector<std::uint64_t>& ids);
  // These Ready pods leave the endpoints now without a termination (their container crashed, or their
  // node is NotReady): the caller has dealt with the requests they hold (fail_in_flight).
  void drop_pods(int service, model::Version version, const std::vector<std::uint64_t>& ids);
  // A deleted pod whose container runs but that is not Ready (it holds no request): when it is gone,
  // as remove_pods (its preStop and shutdown, at most the grace period).
  double terminate_unready(int service, model::Version version);

  // A bad configuration: every Ready pod of the service, of either version, and every pod that becomes
  // Ready while the configuration is bad, fails with `error_probability` and is `latency_factor`
  // slower. restore_config() makes pods that become Ready from now on good; with `reload`, the running
  // pods pick the good configuration up too (no restart needed).
  void start_config_fault(int service, double error_probability, double latency_factor);
  void restore_config(int service, bool reload);
  // `corrupts_writes`: probability that a write the version commits while the fault is active is bad data.
  void start_fault(int service, model::Version version, double error_probability, double latency_factor,
                   double corrupts_writes = 0.0);
  void end_fault(int service, model::Version version);

  // --- The fault catalogue's levers (model::FaultSpec).
  // How a service answers when it is out: Refuse fails at once (connection refused); Hang fails after
  // hang_s (nobody answers: the client's timeout); None serves normally.
  enum class Outage { None, Refuse, Hang };
  void set_outage(int service, Outage outage, double hang_s = 30.0);
  // Multiplies the service's request rate (a traffic spike); 1 restores it.
  void set_rate_factor(int service, double factor);
  // Multiplies the speed of every pod of the version (a CPU hog leaves 1 - share); 1 restores it.
  void set_speed_factor(int service, model::Version version, double factor);
  // A fault on the calls from `from` to `to`: extra latency, loss (a lost call times out), partition
  // (every call times out). All zero / false clears it.
  void set_edge_fault(int from, int to, double added_latency_s, double loss_probability, bool partition);
  // These Ready pods lost their node: they stay in the endpoints (until remove_pods), and every request
  // routed to one of them fails (a call to one times out).
  void set_pods_dead(int service, model::Version version, const std::vector<std::uint64_t>& ids);
  // These Ready pods' processes die now (an OOMKill, a crash, a lost node): the requests they hold fail
  // (counted in the second they were due to complete, as the fault's), and their queues empty.
  void fail_in_flight(int service, model::Version version, const std::vector<std::uint64_t>& ids);
  // While set, the service's (or one version's) failures and slow requests beyond the fault-free draw
  // count as caused by the fault (onset and requests_failed attribution).
  void mark_fault(int service, bool on);
  void mark_fault(int service, model::Version version, bool on);

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
  // The service's failed requests so far (completion order); those completing after now() may be there.
  const std::vector<model::Failure>& failures(int service) const { return series_.failures(service); }

  // The service's maintenance page: while on, every request is answered at once and counts as failed.
  void set_maintenance(int service, bool on);
  // A data store goes down (a restore): its service's requests fail at once until it is back.
  void set_store_down(int store, bool down);
  // Rolls the store back to point_s: every committed write after it is gone, and the schema is the one
  // of point_s (a point before the migration brings the old schema back). Returns the writes lost.
  std::uint64_t roll_back_store(int store, double point_s);
  // The store's migration runs now (set) or is reverted now: requests of code that does not work
  // against the schema fail from now on (model::MigrationSpec). Reverting loses data by the
  // migration's kind; returns the writes lost. REQUIRES: the store has a migration.
  void apply_migration(int store);
  std::uint64_t migrate_down(int store);
  bool migration_applied(int store) const;

  int ready_replicas(int service, model::Version version) const;
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
  struct Replica {
    std::vector<Held> in_system;  // Oldest first. A ring would save the erase; the head index does the same.
    std::size_t head = 0;
    double busy_until = 0.0;
    std::uint64_t pod_id = 0;  // The pod in this slot while it is Ready.
    bool bad_config = false;   // It runs the faulty configuration (a bad_config fault).
    bool dead = false;         // Its node crashed: requests to it fail.
  };
  struct VersionState {
    std::vector<Replica> replicas;  // All slots; the first `ready` are Ready.
    int ready = 0;
    double base_error_probability = 0.0;
    double base_latency_factor = 1.0;
    double error_probability = 0.0;
    double latency_factor = 1.0;
    bool fault_active = false;
    double corrupts_writes = 0.0;
    bool marked = false;        // mark_fault on this version.
    double speed_factor = 1.0;  // set_speed_factor.
  };
  struct ServiceState {
    ServiceState(const model::ServiceSpec& service, std::uint64_t seed)
        : spec(&service),
          arrivals(seed, service.name + "/arrivals"),
          routing(seed, service.name + "/routing"),
          service_times(seed, service.name + "/service_times"),
          outcomes(seed, service.name + "/outcomes"),
          users(seed, service.name + "/users"),
          classes(seed, service.name + "/classes"),
          shutdown(seed, service.name + "/shutdown") {}
    const model::ServiceSpec* spec = nullptr;
    int index = 0;        // In scenario.services.
    bool writes = false;  // It writes to a data store (StoreLedger::commit).
    model::Rng arrivals;
    model::Rng routing;
    model::Rng service_times;
    model::Rng outcomes;
    model::Rng users;
    model::Rng classes;
    model::Rng shutdown;  // preStop and application shutdown draws of deleted pods.
    double rate_max = 0.0;
    bool maintenance = false;
    bool config_bad = false;  // Pods that become Ready now run the faulty configuration.
    double config_error_probability = 0.0;
    double config_latency_factor = 1.0;
    double next_arrival_s = std::numeric_limits<double>::infinity();
    model::Weights weights;
    std::array<VersionState, 2> versions;
    double first_fault_effect_s = std::numeric_limits<double>::infinity();
    int stores_down = 0;                  // Of its stores, those down (StoreLedger::down_count).
    std::array<bool, 2> schema_broken{};  // Per version: its code fails against a store's schema.
    bool marked = false;                  // mark_fault on the whole service.
    Outage outage = Outage::None;
    double hang_s = 30.0;
    double rate_factor = 1.0;
    struct Edge {  // One per spec->calls entry.
      std::size_t callee = 0;
      model::Rng rng;
      double added_latency_s = 0.0;
      double loss_probability = 0.0;
      bool partition = false;
      bool faulty() const { return added_latency_s > 0.0 || loss_probability > 0.0 || partition; }
    };
    std::vector<Edge> edges;
  };

  struct ScheduledReady {
    double t_s;
    std::uint64_t id;  // Also the order of scheduling: ties apply in that order.
    int service;
    model::Version version;
    std::uint64_t leaving = 0;  // Non-zero: this Ready pod leaves the endpoints instead (not Ready).
  };

  void run_all_until(double end_s);
  void run_service_until(ServiceState& service, double end_s);
  void join_replica(ServiceState& service, VersionState& vs, double t_s, std::uint64_t pod_id);
  // The replica's pod is deleted now: returns when it is gone, and fails the requests it still holds then.
  double terminate(ServiceState& service, model::Version version, Replica& replica);
  double leave_endpoints(int service, model::Version version, const std::vector<std::uint64_t>& ids,
                         bool terminating);
  // Caches the ledger's schema_broken for the store's service (read per request).
  void update_schema_compatibility(int store);
  void serve(ServiceState& service, double arrival_s);
  // The version a request (or a call) goes to, drawing from `rng`; with pod routing, `pick` is the
  // chosen pod's index among that version's Ready ones.
  static model::Version choose_version(const ServiceState& service, model::Rng& rng, std::uint32_t& pick);
  // Whether a failure of this version now counts as the fault's (mark_fault, a faulty version, or no
  // Ready pod at all because of a fault).
  static bool fault_marked(const ServiceState& service, const VersionState& vs);
  static double latency_factor_of(const ServiceState& service, const VersionState& vs,
                                  const Replica& replica);
  static double error_probability_of(const ServiceState& service, const VersionState& vs,
                                     const Replica& replica);
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
  };
  void record(ServiceState& service, model::Version version, double arrival_s, double completion_s,
              const Outcome& outcome);
  // A held request fails (its pod was killed under it); false if it had failed already or is not
  // observed. See Held.
  bool fail_held(ServiceState& service, model::Version version, Held& held, bool fault_caused);
  void record_ready_through(double t_s, bool inclusive);

  const model::Scenario& scenario_;
  double duration_s_;
  std::size_t seconds_;
  std::vector<ServiceState> services_;
  SeriesRecorder series_;
  StoreLedger stores_;
  double now_s_ = 0.0;
  std::int64_t ready_recorded_ = 0;
  std::uint64_t requests_total_ = 0;
  std::uint64_t requests_in_flight_at_end_ = 0;  // Arrived, complete after duration_s_.
  std::vector<ScheduledReady> scheduled_;        // Sorted by (t_s, id).
  std::uint64_t next_id_ = 1;
};

}  // namespace drillsim::engine
