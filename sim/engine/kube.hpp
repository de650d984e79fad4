// Kubernetes pods and the Deployment controller's arithmetic, over the data plane's Ready counts.
//
// Plain bookkeeping, no SimGrid: the actors call it at their instants and sleep until next_event().
// A pod becomes Ready through DataPlane::schedule_ready, so capacity changes at the exact instant
// even when no actor is awake then.
//
// Semantics (docs/plan-format.md; sources in the comments): a pod created at c is Ready at the first
// readiness probe at or after c + start (PodSpec::ready_at), Available min_ready_s later. A
// ReplicaSet's desired count (.spec.replicas) counts every live pod, Ready or not; a deleted pod is
// gone from the count at once (the controller's GetReplicaCountForReplicaSets reads .spec.replicas).
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "engine/data_plane.hpp"
#include "model/random.hpp"
#include "model/scenario.hpp"

namespace drillsim::engine {

class Cluster {
 public:
  // Every version starts with its scenario replica count, Ready and Available since before time 0.
  Cluster(const model::Scenario& scenario, DataPlane& plane, std::uint64_t seed);

  int desired(int service, model::Version version) const;
  int available(int service, model::Version version, double now_s) const;
  // All desired pods of the version are Available.
  bool settled(int service, model::Version version, double now_s) const;

  // Sets the version's desired count: creates pods (each with its own start time) or deletes them,
  // the not-yet-Ready first, then the most recently Ready (the ReplicaSet controller's ranking).
  // Returns when the deleted pods are gone (see DataPlane::set_replicas), now_s if none.
  double scale(int service, model::Version version, int replicas, double now_s);

  // The next instant after now_s at which a pod of the service becomes Ready or Available; +inf if none.
  double next_event(int service, double now_s) const;

  // One reconciliation of a RollingUpdate towards `to` with `replicas` desired pods, repeated until it
  // changes nothing (the controller resyncs at once after each change). Kubernetes' rolling.go:
  //   scale up:   new += min(replicas + maxSurge - (new + old), replicas - new)
  //   scale down: if (new + old) - minAvailable - (new - newAvailable) > 0, the old lose
  //               availableOfAll - minAvailable pods, with minAvailable = replicas - maxUnavailable.
  // Returns whether it scaled anything.
  bool reconcile_rolling(int service, model::Version to, int replicas, double now_s);
  // The rollout is complete: `replicas` pods of `to`, all Available, and no pod of the other version.
  bool rollout_complete(int service, model::Version to, int replicas, double now_s) const;

 private:
  struct Pod {
    std::uint64_t schedule_id = 0;  // DataPlane::schedule_ready's id while not Ready; 0 after.
    double ready_at = -std::numeric_limits<double>::infinity();
    double available_at = -std::numeric_limits<double>::infinity();
  };
  std::vector<Pod>& pods(int service, model::Version version);
  const std::vector<Pod>& pods(int service, model::Version version) const;
  void create(int service, model::Version version, int n, double now_s);
  double remove(int service, model::Version version, int n, double now_s);

  const model::Scenario& scenario_;
  DataPlane& plane_;
  std::vector<model::Rng> start_rng_;                  // Per service: pod start times.
  std::vector<std::array<std::vector<Pod>, 2>> pods_;  // Live pods, per service and version.
};

}  // namespace drillsim::engine
