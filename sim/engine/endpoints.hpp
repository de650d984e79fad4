// The endpoints of every service: which pods of each version are Ready and take requests (a
// Kubernetes EndpointSlice), and what the kernel must know of each (the configuration it runs, whether
// its node is gone). Plain bookkeeping, no SimGrid.
//
// One owner: the cluster model (`Cluster`) is the only writer. It schedules a pod's Ready instant (and
// the instant a failing readiness probe takes it out) when it computes it, and removes the pods it
// deletes, crashes or loses. The data plane's kernel reads the Ready slots on every request through
// the const accessors, and it is the clock: it applies each scheduled change between the arrivals at
// exactly its instant (next_change_s / apply_next_change), so capacity changes on time even when no
// actor wakes then.
//
// One record of the Ready instants: each pod id is one Ready spell, and the endpoints keep when it
// joins (or joined) and when it leaves (or left) the endpoints, scheduled or applied (ready_at /
// leaves_at). The cluster reads them for its own arithmetic (Ready, Available, the next pod event) and
// keeps none of its own.
//
// Slots: each (service, version) has a vector of slots, the first `ready` of which hold the Ready pods.
// A request picks one of those uniformly, so the order of the slots is part of the random draw: a pod
// that leaves swaps with the last Ready slot, a pod that joins takes the first free slot (a new one
// when all are taken). Each slot keeps its `queue` for life: the kernel keeps the FIFO queue of that
// slot's pod under that index, so the queues stay with their pods while the slots move.
//
// Thread-compatible, not thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <vector>

#include "model/scenario.hpp"

namespace drillsim::engine {

class Endpoints {
 public:
  struct Slot {
    std::uint64_t pod_id = 0;  // The pod in this slot while it is Ready; unique per Ready spell.
    std::uint32_t queue = 0;   // The kernel's queue of this slot (fixed when the slot is created).
    bool bad_config = false;   // It runs the faulty configuration (set_bad_config).
    bool dead = false;         // Its node crashed: requests to it time out (mark_dead).
  };
  // The Ready pods of one version of one service: slots[0, ready).
  struct Set {
    std::vector<Slot> slots;
    int ready = 0;
  };

  // Every version starts with its scenario replica count, Ready since before time 0; their ids are
  // 1, 2, ... in the order of the services, stable before new.
  explicit Endpoints(const model::Scenario& scenario);

  // --- Read-outs (the kernel, on every request; the cluster).
  // The Set stays at the same address for the Endpoints' life.
  const Set& set(int service, model::Version version) const {
    return sets_[static_cast<std::size_t>(service)][static_cast<std::size_t>(version)];
  }
  int ready(int service, model::Version version) const { return set(service, version).ready; }
  std::vector<std::uint64_t> ready_pod_ids(int service, model::Version version) const;
  // The Ready spell of pod id `pod_id`: the instant it joins (or joined) the endpoints, and the instant
  // it leaves (or left) them, scheduled or applied; -inf for the pods Ready since before time 0, +inf
  // when none is scheduled (and for id 0, or a Ready instant cancelled before it came).
  double ready_at(std::uint64_t pod_id) const {
    return pod_id < spells_.size() ? spells_[pod_id].ready_at : kNever;
  }
  double leaves_at(std::uint64_t pod_id) const {
    return pod_id < spells_.size() ? spells_[pod_id].leaves_at : kNever;
  }
  // Whether new pods of the service start on the faulty configuration.
  bool config_bad(int service) const { return config_bad_[static_cast<std::size_t>(service)]; }

  // --- The cluster's levers. Changes take effect at now_s() (the kernel's clock).
  // A pod of `version` becomes Ready at max(t_s, now_s()); at once if that is now_s(). Returns its id
  // (the pod's id in the endpoints, and the id for cancel()).
  std::uint64_t schedule_ready(int service, model::Version version, double t_s);
  // Ready pod `pod_id` leaves the endpoints at max(t_s, now_s()) (its readiness probe failed
  // failureThreshold times) and keeps running. Returns an id for cancel().
  std::uint64_t schedule_not_ready(int service, model::Version version, std::uint64_t pod_id, double t_s);
  // Forgets a scheduled change that has not happened yet (no effect if it has): the pod's ready_at
  // (or leaves_at) is +inf again.
  void cancel(std::uint64_t id);
  // These Ready pods leave the endpoints now (deleted, crashed or lost; leaves_at becomes now_s()); the
  // ids that are not Ready are ignored. In the order given: each takes the last Ready slot's place.
  void leave(int service, model::Version version, const std::vector<std::uint64_t>& ids);
  // These Ready pods lost their node: they stay in the endpoints, and requests routed to them time out.
  void mark_dead(int service, model::Version version, const std::vector<std::uint64_t>& ids);
  // A bad configuration is rolled out: every Ready pod of the service runs it, and so does every pod
  // that becomes Ready until restore_config().
  void set_bad_config(int service);
  // Pods that become Ready from now on run the good configuration; with `reload`, the running ones pick
  // it up too.
  void restore_config(int service, bool reload);

  // --- The clock: the kernel applies the scheduled changes in time order, ties in scheduling order.
  // The instant of the next scheduled change; +inf if none.
  double next_change_s() const {
    return scheduled_.empty() ? std::numeric_limits<double>::infinity() : scheduled_.front().t_s;
  }
  // Applies the next scheduled change; now_s() becomes its instant. REQUIRES: one is scheduled.
  void apply_next_change();
  // The kernel has advanced to t_s: changes scheduled from now on are not earlier.
  void reached(double t_s) {
    if (t_s > now_s_) now_s_ = t_s;
  }
  double now_s() const { return now_s_; }

 private:
  struct Scheduled {
    double t_s;
    std::uint64_t id;  // Also the order of scheduling: ties apply in that order.
    int service;
    model::Version version;
    std::uint64_t leaving = 0;  // Non-zero: this Ready pod leaves the endpoints instead.
  };
  static constexpr double kNever = std::numeric_limits<double>::infinity();
  struct Spell {
    double ready_at = kNever;
    double leaves_at = kNever;
  };
  Set& mutable_set(int service, model::Version version) {
    return sets_[static_cast<std::size_t>(service)][static_cast<std::size_t>(version)];
  }
  void join(int service, model::Version version, std::uint64_t pod_id);
  void schedule(const Scheduled& change);
  void apply(const Scheduled& change);

  std::vector<std::array<Set, 2>> sets_;  // Per service and version; never resized after construction.
  std::vector<bool> config_bad_;          // Per service.
  std::vector<Scheduled> scheduled_;      // Sorted by (t_s, id).
  std::vector<Spell> spells_;             // By pod id (the ids of not-Ready events keep the default).
  double now_s_ = 0.0;
  std::uint64_t next_id_ = 1;
};

}  // namespace drillsim::engine
