// Kubernetes pods and the Deployment controller's arithmetic; the cluster model, sole writer of the
// endpoints (engine/endpoints.hpp) the data plane's kernel reads.
//
// Plain bookkeeping, no SimGrid: the actors call it at their instants and sleep until next_event().
// A pod becomes Ready (Endpoints::schedule_ready) or stops being Ready (schedule_not_ready) at its own
// instant, applied by the plane between its arrivals, so capacity changes on time even when no actor
// is awake then.
//
// Semantics (docs/plan-format.md; sources in the comments): a pod created at c has its container
// started at s = c + container_start and is Ready at its success_threshold-th passing readiness probe
// (PodSpec::ready_at, probes from s); it is Available once Ready for min_ready_s without interruption,
// never while its containers crash on start or its probe has failed failure_threshold times in a row.
// A ReplicaSet's desired count (.spec.replicas) counts every live pod, Ready or not; a deleted pod is
// gone from the count at once (the controller's GetReplicaCountForReplicaSets reads .spec.replicas),
// while the data plane keeps it Terminating for its preStop and shutdown (DataPlane::terminate).
//
// A rollout moves pods from an old pool to a new one. Rolling a service to another version, the pools
// are the two versions' ReplicaSets; restarting a version (kubectl rollout restart), they are its pods
// of older generations and those of the restart's generation. One rollout is the desired state of a
// set of pods at a time (begin_rollout): a newer one supersedes it, as a Deployment has one template.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/data_plane.hpp"
#include "engine/endpoints.hpp"
#include "model/random.hpp"
#include "model/scenario.hpp"

namespace drillsim::engine {

class Cluster {
 public:
  // The pods of one version with a generation in [min_generation, max_generation]. New pods of a pool
  // get max_generation.
  struct Pool {
    model::Version version = model::Version::Stable;
    int min_generation = 0;
    int max_generation = std::numeric_limits<int>::max();
  };

  // Every version starts with its scenario replica count, Ready and Available since before time 0 (the
  // endpoints' initial pods). The Cluster is the only writer of `endpoints`; it calls the plane for what
  // its deleted and crashed pods' queues hold (terminate, fail_in_flight).
  Cluster(const model::Scenario& scenario, DataPlane& plane, Endpoints& endpoints, std::uint64_t seed);

  // The Ready pods per service and version, as the kernel reads them.
  const Endpoints& endpoints() const { return endpoints_; }

  int desired(int service, model::Version version) const { return count(service, all_of(version)); }
  int available(int service, model::Version version, double now_s) const {
    return available(service, all_of(version), now_s);
  }
  // All desired pods of the version are Available.
  bool settled(int service, model::Version version, double now_s) const;

  // Sets the version's desired count: creates pods (each with its own start time) or deletes them,
  // the not-yet-Ready first, then the most recently Ready (the ReplicaSet controller's ranking).
  // Returns when the deleted pods are gone (see DataPlane::terminate), now_s if none.
  double scale(int service, model::Version version, int replicas, double now_s) {
    return scale(service, all_of(version), replicas, now_s);
  }

  // The next instant after now_s at which a pod of the service becomes Ready or Available; +inf if none.
  double next_event(int service, double now_s) const;

  // One reconciliation of a RollingUpdate from pool `from` to pool `to` with `replicas` desired pods,
  // repeated until it changes nothing (the controller resyncs at once after each change).
  // Kubernetes' rolling.go:
  //   scale up:   new += min(replicas + maxSurge - (new + old), replicas - new)
  //   scale down: if (new + old) - minAvailable - (new - newAvailable) > 0, the old lose
  //               availableOfAll - minAvailable pods, with minAvailable = replicas - maxUnavailable.
  // Returns whether it scaled anything.
  bool reconcile_rolling(int service, const Pool& to, const Pool& from, int replicas, double now_s);
  bool reconcile_rolling(int service, model::Version to, int replicas, double now_s) {
    return reconcile_rolling(service, all_of(to), all_of(other(to)), replicas, now_s);
  }
  // The rollout is complete: `replicas` pods in `to`, all Available, and none left in `from`.
  bool rollout_complete(int service, const Pool& to, const Pool& from, int replicas, double now_s) const;
  bool rollout_complete(int service, model::Version to, int replicas, double now_s) const {
    return rollout_complete(service, all_of(to), all_of(other(to)), replicas, now_s);
  }

  // Starts a restart of the version: returns the pools (the restart's generation, the older ones).
  std::pair<Pool, Pool> begin_restart(int service, model::Version version);

  // --- The Deployment's desired state: one template per set of pods.
  struct Rollout {
    Pool to;
    Pool from;
    int replicas = 0;  // .spec.replicas
  };
  // The rollout becomes the desired state of its pools at once (kubectl rollout undo, set image, a
  // pipeline's apply): every rollout in progress whose pools share pods with its own is superseded, and
  // the controller moves the pods on from wherever the superseded one left them. Returns its id.
  std::uint64_t begin_rollout(int service, const Rollout& rollout);
  // The rollout is still the desired state (not superseded, not ended).
  bool current(int service, std::uint64_t id) const;
  // The rollout completed: it leaves the list of rollouts in progress.
  void end_rollout(int service, std::uint64_t id);
  // The ids of the rollouts in progress, oldest first, and each one's spec.
  std::vector<std::uint64_t> rollouts(int service) const;
  const Rollout& rollout(int service, std::uint64_t id) const;
  // One actor at a time drives a rollout (sleeps from one pod event to the next and reconciles):
  // take_driver() is false if another does; the driver lets go when it stops (paused, stuck, or it hands
  // the rollout to another actor).
  bool take_driver(int service, std::uint64_t id);
  void drop_driver(int service, std::uint64_t id);
  // The Deployment's .spec.replicas: that of the latest rollout of both versions, or, before any, the
  // pods of both versions (an undo or a set image keeps it; a surge in progress does not count).
  int spec_replicas(int service) const;
  // kubectl scale deployment --replicas=N (the controller's sync.go scale()): .spec.replicas becomes N,
  // for the rollouts in progress too. With pods in one ReplicaSet only, that one gets N; when the new
  // ReplicaSet (the latest rollout's target) holds N Available pods, the old one goes to 0. Otherwise,
  // mid-RollingUpdate, the change is spread over both in proportion to their sizes: allowed = N +
  // maxSurge(N), to_add = allowed - (old + new); the larger ReplicaSet first (on a tie the newer when
  // adding, the older when removing) gets round(size * allowed / annotated) - size, within what is left
  // to add, where annotated is the previous .spec.replicas + its maxSurge (the max-replicas annotation of
  // the ReplicaSets' last scaling); the rounding leftover goes to the first. Recreate: nothing more (its
  // rollout scales the new ReplicaSet to N).
  void scale_deployment(int service, int replicas, double now_s);
  // Broken invariants of the controller's arithmetic seen so far (a rollout's pods past replicas +
  // maxSurge, more pods Available than exist), one line each; empty when all held.
  const std::vector<std::string>& violations() const { return violations_; }
  // kubectl rollout pause / resume: while paused the controller does not roll (it neither creates nor
  // deletes pods for a rollout), and the progress deadline is not checked.
  bool paused(int service) const { return paused_[static_cast<std::size_t>(service)]; }
  void set_paused(int service, bool paused) { paused_[static_cast<std::size_t>(service)] = paused; }

  int count(int service, const Pool& pool) const;
  int available(int service, const Pool& pool, double now_s) const;
  double scale(int service, const Pool& pool, int replicas, double now_s);

  // --- Container and node failures (the fault catalogue).
  struct PodView {
    std::uint64_t uid = 0;  // Stable for the pod's life (its data plane id changes at each restart).
    double ready_at = 0;    // When its current container is (or was) Ready; +inf while lost.
    // When its containers started crash-looping (set_crash_on_start); NaN if they do not.
    double crash_loop_since = std::numeric_limits<double>::quiet_NaN();
  };
  std::vector<PodView> pod_views(int service, model::Version version) const;
  // The deleted pods still Terminating at t_s (their process has not exited: DataPlane::terminate), whose
  // exporter is still scraped; ready_at is their last Ready instant if they were Ready when deleted,
  // +inf otherwise.
  std::vector<PodView> terminating_views(int service, model::Version version, double t_s) const;
  // The data plane ids of these pods (those that still exist).
  std::vector<std::uint64_t> plane_ids(int service, model::Version version,
                                       const std::vector<std::uint64_t>& uids) const;
  // The pod (uid) a data plane id was a Ready spell of, also after the pod is gone; 0 for an id that
  // was never a pod's (the per-pod request counters, PromSeries).
  std::uint64_t uid_of(std::uint64_t plane_id) const {
    return plane_id < uid_of_plane_id_.size() ? uid_of_plane_id_[plane_id] : 0;
  }
  // The pod's container crashed at now_s: the pod leaves the endpoints, and is Ready again at
  // ready_again_s (the restart after its back-off). False if the pod no longer exists.
  bool crash(int service, model::Version version, std::uint64_t uid, double now_s, double ready_again_s);
  // The pods' node is NotReady: they leave the endpoints but still count for their ReplicaSet (it does
  // not replace them) until they are evicted.
  void lose(int service, model::Version version, const std::vector<std::uint64_t>& uids);
  // While on, the version's containers exit before they answer (a schema migration that fails at
  // start): no pod of it is Ready, and none counts as Available. The Ready ones crash at now_s (their
  // in-flight requests fail, they leave the endpoints), the starting ones never pass their probe, and
  // the pods created meanwhile crash-loop from their container's start. Turned off, each crash-looping
  // pod's container starts again at its next restart (CrashLoopBackOff: 10 s after the first crash,
  // doubling, at most 300 s) and goes through start and readiness. Returns the first Ready instant
  // scheduled (+inf if none).
  double set_crash_on_start(int service, model::Version version, bool on, double now_s);
  bool crashes_on_start(int service, model::Version version) const {
    return crash_on_start_[static_cast<std::size_t>(service)][static_cast<std::size_t>(version)];
  }
  // While on, the version's apps fail their readiness probe (a readiness endpoint that checks what a
  // fault broke) without crashing: a Ready pod leaves the endpoints at its failure_threshold-th failed
  // probe in a row (the first at or after now_s), and stops counting as Available then; a pod not Ready
  // yet does not become Ready. Turned off, a pod still Ready stays so, and the others are Ready again at
  // their success_threshold-th passing probe in a row (from now_s, once their app answers). The probes
  // of the pods Ready since before time 0 run at k * period_s.
  void set_probe_failing(int service, model::Version version, bool on, double now_s);

  // The n-th restart of a container crash-looping since `since_s` (its first crash): since_s + 10,
  // + 20 more, + 40 more, ... (model::crash_loop_backoff_s); n = 0 is since_s itself.
  static double nth_restart(double since_s, int n);

  // These pods' node is gone but not yet NotReady: they stay in the endpoints, and the requests routed
  // to them time out (their in-flight ones: DataPlane::fail_in_flight).
  void mark_dead(int service, model::Version version, const std::vector<std::uint64_t>& uids);
  // A bad configuration is rolled out to the service (a ConfigMap): every Ready pod runs it, and so does
  // every pod that becomes Ready until restore_config; with `reload`, the running pods pick the good one
  // up again without a restart.
  void set_bad_config(int service);
  void restore_config(int service, bool reload);

  // The lost pods are evicted: deleted, and their ReplicaSet creates as many replacements. Returns when
  // the last replacement is Ready (now_s if none).
  double evict(int service, model::Version version, const std::vector<std::uint64_t>& uids, double now_s);

  static Pool all_of(model::Version version) { return Pool{version, 0, std::numeric_limits<int>::max()}; }
  static model::Version other(model::Version v) {
    return v == model::Version::Stable ? model::Version::New : model::Version::Stable;
  }

 private:
  // A pod's Ready instants are the endpoints' (Endpoints::ready_at / leaves_at of its current id): the
  // cluster keeps no copy. It is Available min_ready_s after its Ready instant, until it leaves.
  struct Pod {
    // Its current Ready spell in the endpoints (Endpoints::schedule_ready / ready_pod_ids); 0 while it
    // has none (crash-looping, failing its probe before it was Ready, lost with its node).
    std::uint64_t id = 0;
    std::uint64_t uid = 0;
    int generation = 0;
    double started_at = 0.0;  // Its (first) container's start; the probes count from here.
    double answers_at = -std::numeric_limits<double>::infinity();  // Its app answers from then on.
    std::uint64_t unready_event = 0;                               // Endpoints::schedule_not_ready.
    double crash_loop_since = std::numeric_limits<double>::quiet_NaN();
  };
  std::vector<Pod>& pods(int service, model::Version version);
  const std::vector<Pod>& pods(int service, model::Version version) const;
  static bool in(const Pod& pod, const Pool& pool) {
    return pod.generation >= pool.min_generation && pod.generation <= pool.max_generation;
  }
  void create(int service, const Pool& pool, int n, double now_s);
  double remove(int service, const Pool& pool, int n, double now_s);

  const model::Scenario& scenario_;
  DataPlane& plane_;
  Endpoints& endpoints_;
  std::vector<model::Rng> start_rng_;                  // Per service: pod start times.
  std::vector<model::Rng> container_rng_;              // Per service: creation -> container started.
  std::vector<std::array<std::vector<Pod>, 2>> pods_;  // Live pods, per service and version.
  std::vector<int> generation_;                        // Per service: the latest restart's generation.
  struct RolloutEntry {
    std::uint64_t id = 0;
    Rollout spec;
    bool driven = false;
  };
  RolloutEntry* find_rollout(int service, std::uint64_t id);
  std::vector<std::vector<RolloutEntry>> rollouts_;  // Per service, in progress.
  std::vector<std::optional<int>> spec_replicas_;    // Per service.
  std::vector<std::string> violations_;
  std::vector<bool> paused_;                         // Per service.
  std::vector<std::array<bool, 2>> crash_on_start_;  // Per service and version.
  std::vector<std::array<bool, 2>> probe_failing_;   // Per service and version.
  double ready_at(const Pod& pod) const { return endpoints_.ready_at(pod.id); }
  double unready_at(const Pod& pod) const { return endpoints_.leaves_at(pod.id); }
  double available_at(int service, const Pod& pod) const {
    return ready_at(pod) + scenario_.services[static_cast<std::size_t>(service)].pods.min_ready_s;
  }
  bool ready(const Pod& pod, double now_s) const { return ready_at(pod) <= now_s && now_s < unready_at(pod); }
  bool is_available(int service, const Pod& pod, double now_s) const {
    return available_at(service, pod) <= now_s && now_s < unready_at(pod);
  }
  std::uint64_t next_rollout_ = 1;
  std::uint64_t next_uid_ = 1;
  std::vector<std::uint64_t> uid_of_plane_id_;  // uid_of.
  struct Terminating {
    PodView view;
    double gone_s = 0.0;
  };
  std::vector<std::array<std::vector<Terminating>, 2>> terminating_;  // Per service and version.
  // The pod's data plane id for a Ready spell from t_s (Endpoints::schedule_ready), remembered for uid_of.
  std::uint64_t ready_spell(int service, model::Version version, const Pod& pod, double t_s);
  void remember(const Pod& pod);
};

}  // namespace drillsim::engine
