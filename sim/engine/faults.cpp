// The fault catalogue (model::FaultSpec): how each kind acts on the data plane and the cluster, and
// when it ends. Every kind has one Handler (start, end, blame), all in the table below; the fault's
// actor and end_fault visit the scenario's kind and call its handler. docs/faults.md describes each
// model and its sources.
#include <simgrid/s4u.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "engine/actor_support.hpp"
#include "engine/actors.hpp"
#include "engine/engine_log.hpp"

namespace sg4 = simgrid::s4u;

namespace drillsim::engine {

using model::Version;
namespace fault = model::fault;

namespace {

int service_of(const DrillContext& ctx) {
  return ctx.scenario.service_index(ctx.scenario.fault->service);
}

// Memory leaks, crash loops and failed migrations: each container of the faulty version crashes
// `uptime(uid)` after it is Ready and restarts after CrashLoopBackOff's delay, until the fault is fixed
// (or its duration ends). A pod that a rollout deletes simply stops crashing.
template <class Uptime>
void crash_cycle(DrillContext& ctx, Uptime uptime, bool oom, double end_s) {
  const model::FaultSpec& fault = *ctx.scenario.fault;
  const int service = service_of(ctx);
  const model::PodSpec& pods = ctx.scenario.services[static_cast<std::size_t>(service)].pods;
  model::Rng start_rng(ctx.seed, "fault/restart_start");
  std::map<std::uint64_t, int> restarts;  // By pod uid.
  constexpr double kLook = 10.0;          // Notices pods created by rollouts at least this often.
  for (;;) {
    sync(ctx);
    if (ctx.faults.fixed() || now() >= end_s) return;
    double next = std::min(end_s, now() + kLook);
    for (const auto& pod : ctx.cluster.pod_views(service, fault.version)) {
      if (std::isinf(pod.ready_at) && pod.ready_at > 0) continue;  // Lost with its node.
      // A container Ready before the fault (the faulty code) started runs it from the fault on.
      const double crash_at = std::max(pod.ready_at, fault.at_s) + uptime(pod.uid);
      if (crash_at > now()) {
        next = std::min(next, crash_at);
        continue;
      }
      int& count = restarts[pod.uid];
      // The kubelet resets the back-off after a container ran 10 minutes.
      if (uptime(pod.uid) >= 600.0) count = 0;
      const double restart = now() + model::crash_loop_backoff_s(count);
      ++count;
      const double ready_again = pods.ready_at(restart, restart + pods.start.sample(start_rng));
      ctx.cluster.crash(service, fault.version, pod.uid, now(), ready_again);
      // The crash is the fault's effect even when no request was in flight on the container: the
      // restart (or OOM kill) counters an alert rule watches already show it.
      ctx.plane.note_fault_effect(service, now());
      ctx.faults.container_restarted(service, now(), oom);
      ctx.faults.pod_restarted(service, pod.uid, now(), restart);
      log().debug("{} container of {}/{} {}; back at {:.1f}", oom ? "OOMKilled:" : "crashed:", fault.service,
                  model::to_string(fault.version), pod.uid, ready_again);
      next = std::min(next, ready_again + uptime(pod.uid));
    }
    sg4::this_actor::sleep_until(std::max(next, now()));
  }
}

// A failed migration: the version's containers exit as they start, so none of its pods is ever Ready
// (Cluster::set_crash_on_start). Each pod's container restarts after CrashLoopBackOff's delay and crashes
// again; every such restart is recorded for kube-state-metrics (the restarts of a pod created by a
// rollout are noticed within kLook seconds, at their own instants). Until the fault is fixed, or its
// duration ends (then the containers start normally at their next restart).
void crash_on_start_cycle(DrillContext& ctx, double end_s) {
  const model::FaultSpec& fault = *ctx.scenario.fault;
  const int service = service_of(ctx);
  std::map<std::uint64_t, int> recorded;  // By pod uid: crashes recorded so far.
  constexpr double kLook = 10.0;
  ctx.cluster.set_crash_on_start(service, fault.version, true, now());
  for (;;) {
    sync(ctx);
    if (ctx.faults.fixed()) return;
    double next = std::min(end_s, now() + kLook);
    for (const auto& pod : ctx.cluster.pod_views(service, fault.version)) {
      if (std::isnan(pod.crash_loop_since)) continue;
      int& n = recorded[pod.uid];
      // Crash n happens at the n-th restart (crash 0 at the container's first start).
      while (Cluster::nth_restart(pod.crash_loop_since, n) <= now()) {
        const double at = Cluster::nth_restart(pod.crash_loop_since, n);
        ctx.faults.container_restarted(service, at, false);
        ctx.faults.pod_restarted(service, pod.uid, at, Cluster::nth_restart(pod.crash_loop_since, n + 1));
        ++n;
      }
      next = std::min(next, Cluster::nth_restart(pod.crash_loop_since, n));
    }
    if (now() >= end_s) {
      end_fault(ctx);
      return;
    }
    sg4::this_actor::sleep_until(std::max(next, now()));
  }
}

// A crashed node's pods: requests to them fail until the node is NotReady (they leave the endpoints),
// and their ReplicaSet replaces them once they are evicted.
void lose_nodes(DrillContext& ctx, const std::vector<std::array<std::vector<std::uint64_t>, 2>>& uids,
                double node_monitor_grace_s, double eviction_timeout_s) {
  const model::FaultSpec& fault = *ctx.scenario.fault;
  const auto each = [&](auto action) {
    for (std::size_t s = 0; s < uids.size(); ++s) {
      for (const Version v : model::kVersions) {
        if (!uids[s][static_cast<std::size_t>(v)].empty())
          action(static_cast<int>(s), v, uids[s][static_cast<std::size_t>(v)]);
      }
    }
  };
  each([&](int s, Version v, const std::vector<std::uint64_t>& lost) {
    ctx.levers.mark_fault(s, true);
    ctx.plane.fail_in_flight(s, v, ctx.cluster.plane_ids(s, v, lost));
    ctx.cluster.mark_dead(s, v, lost);
  });
  log().info("fault {}: {} pods lost their node", fault.kind_name(), [&] {
    std::size_t n = 0;
    for (const auto& per : uids)
      n += per[0].size() + per[1].size();
    return n;
  }());
  sg4::this_actor::sleep_for(node_monitor_grace_s);
  sync(ctx);
  each([&](int s, Version v, const std::vector<std::uint64_t>& lost) { ctx.cluster.lose(s, v, lost); });
  sg4::this_actor::sleep_for(eviction_timeout_s);
  sync(ctx);
  double ready = now();
  each([&](int s, Version v, const std::vector<std::uint64_t>& lost) {
    ready = std::max(ready, ctx.cluster.evict(s, v, lost, now()));
  });
  log().info("fault {}: pods evicted, replacements Ready by {:.1f}", fault.kind_name(), ready);
  sg4::this_actor::sleep_until(ready);
  sync(ctx);
  each([&](int s, Version, const std::vector<std::uint64_t>&) { ctx.levers.mark_fault(s, false); });
}

// --- The table: one Handler per kind.
//
// start acts on the plane and the cluster at the fault's instant and returns what the fault's actor
// does next; end undoes what start did (end_fault); blame says whose failures beyond the fault-free
// draw count as the fault's once it acts (onset and requests_failed attribution):
//   Own      the kind marks what it hits itself (a faulty version or configuration marks its own
//            requests through its error probability; lost nodes mark the services they hit);
//   Service  every failure of the fault's service;
//   Version  the failures of the fault's version.
enum class Blame { Own, Service, Version };
// BlameAndWait: blame now, then end the fault when its duration runs out. Done: the kind ran its own
// course (a crash cycle, lost nodes) or the fault was fixed meanwhile.
enum class Then { BlameAndWait, Done };

struct Run {
  DrillContext& ctx;
  const model::FaultSpec& fault;
  int service;
  double end_s;
};

void apply_blame(const Run& run, Blame blame) {
  switch (blame) {
    case Blame::Own:
      break;
    case Blame::Service:
      run.ctx.levers.mark_fault(run.service, true);
      break;
    case Blame::Version:
      run.ctx.levers.mark_fault(run.service, run.fault.version, true);
      break;
  }
}

// The pods that lose their node: those Ready now for which hit(service, version, slot, already) holds.
template <class Hit>
std::vector<std::array<std::vector<std::uint64_t>, 2>> pods_hit(const DrillContext& ctx, Hit hit) {
  std::vector<std::array<std::vector<std::uint64_t>, 2>> lost(ctx.scenario.services.size());
  for (std::size_t s = 0; s < ctx.scenario.services.size(); ++s) {
    for (const Version v : model::kVersions) {
      const auto views = ctx.cluster.pod_views(static_cast<int>(s), v);
      auto& list = lost[s][static_cast<std::size_t>(v)];
      for (std::size_t i = 0; i < views.size(); ++i) {
        if (!(views[i].ready_at <= now())) continue;
        if (hit(static_cast<int>(s), v, static_cast<int>(i), list.size())) list.push_back(views[i].uid);
      }
    }
  }
  return lost;
}

template <class K>
struct Handler;  // A kind without a handler does not compile.

template <>
struct Handler<fault::BadRelease> {
  static constexpr Blame blame = Blame::Own;
  static Then start(const Run& run, const fault::BadRelease& k) {
    run.ctx.levers.start_fault(run.service, run.fault.version, k.error_probability, k.latency_factor,
                               k.corrupts_writes);
    if (k.fails_readiness) run.ctx.cluster.set_probe_failing(run.service, run.fault.version, true, now());
    return Then::BlameAndWait;
  }
  static void end(const Run& run, const fault::BadRelease& k) {
    run.ctx.levers.end_fault(run.service, run.fault.version);
    if (k.fails_readiness) {
      run.ctx.cluster.set_probe_failing(run.service, run.fault.version, false, now());
      drive_rollouts(run.ctx, run.service);  // A rollout stalled on the unready pods can go on.
    }
  }
};

template <>
struct Handler<fault::BadConfig> {
  static constexpr Blame blame = Blame::Own;
  static Then start(const Run& run, const fault::BadConfig& k) {
    run.ctx.levers.set_config_fault(run.service, k.error_probability, k.latency_factor);
    run.ctx.cluster.set_bad_config(run.service);
    return Then::BlameAndWait;
  }
  static void end(const Run& run, const fault::BadConfig&) {
    run.ctx.cluster.restore_config(run.service, true);
  }
};

template <>
struct Handler<fault::MemoryLeak> {
  static constexpr Blame blame = Blame::Version;
  static Then start(const Run& run, const fault::MemoryLeak& k) {
    DrillContext& ctx = run.ctx;
    ctx.faults.start_leak(run.service, run.fault.version);
    model::Rng rate_rng(ctx.seed, "fault/leak_rate");
    apply_blame(run, blame);
    crash_cycle(
        ctx,
        [&](std::uint64_t uid) {
          std::optional<double> rate = ctx.faults.leak_rate(run.service, uid);
          if (!rate) {
            rate = k.leak_mb_per_s * (0.8 + 0.4 * rate_rng.uniform());
            ctx.faults.set_leak_rate(run.service, uid, *rate);
          }
          // Pods Ready before the fault (the release) start leaking at the fault.
          return (k.memory_limit_mb - k.memory_base_mb) / *rate;
        },
        true, run.end_s);
    return Then::Done;
  }
  static void end(const Run&, const fault::MemoryLeak&) {}  // The crash cycle stops at its next look.
};

template <>
struct Handler<fault::CrashLoop> {
  static constexpr Blame blame = Blame::Version;
  static Then start(const Run& run, const fault::CrashLoop& k) {
    apply_blame(run, blame);
    crash_cycle(
        run.ctx, [&](std::uint64_t) { return k.crash_after_s; }, false, run.end_s);
    return Then::Done;
  }
  static void end(const Run&, const fault::CrashLoop&) {}  // The crash cycle stops at its next look.
};

template <>
struct Handler<fault::NodeCrash> {
  static constexpr Blame blame = Blame::Own;
  static Then start(const Run& run, const fault::NodeCrash& k) {
    const auto lost = pods_hit(run.ctx, [&](int s, Version v, int, std::size_t already) {
      return s == run.service && v == run.fault.version && static_cast<int>(already) < k.pods;
    });
    lose_nodes(run.ctx, lost, k.node_monitor_grace_s, k.eviction_timeout_s);
    return Then::Done;
  }
  static void end(const Run&, const fault::NodeCrash&) {}  // Kubernetes replaces the node's pods anyway.
};

template <>
struct Handler<fault::ZoneOutage> {
  static constexpr Blame blame = Blame::Own;
  static Then start(const Run& run, const fault::ZoneOutage& k) {
    const auto lost = pods_hit(run.ctx, [&](int s, Version, int slot, std::size_t) {
      return slot % run.ctx.scenario.services[static_cast<std::size_t>(s)].zones == k.zone;
    });
    lose_nodes(run.ctx, lost, k.node_monitor_grace_s, k.eviction_timeout_s);
    return Then::Done;
  }
  static void end(const Run&, const fault::ZoneOutage&) {}  // Kubernetes replaces the zone's pods anyway.
};

// The network kinds: a fault on the call edge from the service to its target.
void set_edge(const Run& run, const std::string& target, double added_latency_s, double loss_probability,
              bool partition) {
  run.ctx.levers.set_edge_fault(run.service, run.ctx.scenario.service_index(target), added_latency_s,
                                loss_probability, partition);
}

template <>
struct Handler<fault::NetworkLatency> {
  static constexpr Blame blame = Blame::Service;
  static Then start(const Run& run, const fault::NetworkLatency& k) {
    set_edge(run, k.target, k.added_latency_s, 0.0, false);
    return Then::BlameAndWait;
  }
  static void end(const Run& run, const fault::NetworkLatency& k) {
    set_edge(run, k.target, 0.0, 0.0, false);
  }
};

template <>
struct Handler<fault::NetworkLoss> {
  static constexpr Blame blame = Blame::Service;
  static Then start(const Run& run, const fault::NetworkLoss& k) {
    set_edge(run, k.target, 0.0, k.loss_probability, false);
    return Then::BlameAndWait;
  }
  static void end(const Run& run, const fault::NetworkLoss& k) { set_edge(run, k.target, 0.0, 0.0, false); }
};

template <>
struct Handler<fault::NetworkPartition> {
  static constexpr Blame blame = Blame::Service;
  static Then start(const Run& run, const fault::NetworkPartition& k) {
    set_edge(run, k.target, 0.0, 0.0, true);
    return Then::BlameAndWait;
  }
  static void end(const Run& run, const fault::NetworkPartition& k) {
    set_edge(run, k.target, 0.0, 0.0, false);
  }
};

template <>
struct Handler<fault::DependencyOutage> {
  static constexpr Blame blame = Blame::Service;
  static Then start(const Run& run, const fault::DependencyOutage& k) {
    if (const int target = run.ctx.scenario.service_index(k.target); target >= 0) {
      run.ctx.levers.mark_fault(target, true);
      run.ctx.levers.set_outage(target, k.hang ? FaultLevers::Outage::Hang : FaultLevers::Outage::Refuse);
    } else {
      run.ctx.plane.set_store_down(run.ctx.scenario.store_index(k.target), true);
    }
    return Then::BlameAndWait;
  }
  static void end(const Run& run, const fault::DependencyOutage& k) {
    if (const int target = run.ctx.scenario.service_index(k.target); target >= 0) {
      run.ctx.levers.set_outage(target, FaultLevers::Outage::None);
      run.ctx.levers.mark_fault(target, false);
    } else {
      run.ctx.plane.set_store_down(run.ctx.scenario.store_index(k.target), false);
    }
  }
};

template <>
struct Handler<fault::PoolExhaustion> {
  static constexpr Blame blame = Blame::Service;
  // The pool fills up at its leak rate; the service hangs from the instant it is full.
  static Then start(const Run& run, const fault::PoolExhaustion& k) {
    const double exhausted = k.exhausted_at_s(run.fault.at_s);
    if (exhausted >= run.end_s) return Then::BlameAndWait;
    sg4::this_actor::sleep_until(exhausted);
    sync(run.ctx);
    if (run.ctx.faults.fixed()) return Then::Done;
    log().info("connection pool of {} exhausted", run.fault.service);
    run.ctx.levers.set_outage(run.service, FaultLevers::Outage::Hang, k.pool_timeout_s);
    return Then::BlameAndWait;
  }
  static void end(const Run& run, const fault::PoolExhaustion&) {
    run.ctx.levers.set_outage(run.service, FaultLevers::Outage::None);
  }
};

template <>
struct Handler<fault::CpuHog> {
  static constexpr Blame blame = Blame::Version;
  static Then start(const Run& run, const fault::CpuHog& k) {
    run.ctx.levers.set_speed_factor(run.service, run.fault.version, 1.0 - k.cpu_share);
    return Then::BlameAndWait;
  }
  static void end(const Run& run, const fault::CpuHog&) {
    run.ctx.levers.set_speed_factor(run.service, run.fault.version, 1.0);
  }
};

template <>
struct Handler<fault::TrafficSpike> {
  static constexpr Blame blame = Blame::Service;
  static Then start(const Run& run, const fault::TrafficSpike& k) {
    run.ctx.plane.set_rate_factor(run.service, k.spike_factor);
    return Then::BlameAndWait;
  }
  static void end(const Run& run, const fault::TrafficSpike&) {
    run.ctx.plane.set_rate_factor(run.service, 1.0);
  }
};

template <>
struct Handler<fault::FailedMigration> {
  static constexpr Blame blame = Blame::Version;  // The new version (the only one the kind takes).
  static Then start(const Run& run, const fault::FailedMigration&) {
    apply_blame(run, blame);
    crash_on_start_cycle(run.ctx, run.end_s);
    return Then::Done;
  }
  static void end(const Run& run, const fault::FailedMigration&) {
    run.ctx.cluster.set_crash_on_start(run.service, run.fault.version, false, now());
    drive_rollouts(run.ctx, run.service);  // A rollout stalled on the crashing pods can go on.
  }
};

template <>
struct Handler<fault::DataCorruption> {
  static constexpr Blame blame = Blame::Own;
  // The version keeps its own error probability and speed; its writes go bad.
  static Then start(const Run& run, const fault::DataCorruption& k) {
    const model::VersionSpec& own =
        run.ctx.scenario.services[static_cast<std::size_t>(run.service)].version(run.fault.version);
    run.ctx.levers.start_fault(run.service, run.fault.version, own.error_probability, own.latency_factor,
                               k.corrupts_writes);
    return Then::BlameAndWait;
  }
  static void end(const Run& run, const fault::DataCorruption&) {
    run.ctx.levers.end_fault(run.service, run.fault.version);
  }
};

template <class Kind>
using HandlerOf = Handler<std::decay_t<Kind>>;

Run run_of(DrillContext& ctx) {
  const model::FaultSpec& fault = *ctx.scenario.fault;
  const double end_s =
      fault.duration_s ? fault.at_s + *fault.duration_s : std::numeric_limits<double>::infinity();
  return Run{ctx, fault, service_of(ctx), end_s};
}

}  // namespace

void end_fault(DrillContext& ctx) {
  if (!ctx.faults.fix()) return;
  const Run run = run_of(ctx);
  std::visit([&](const auto& kind) { HandlerOf<decltype(kind)>::end(run, kind); }, run.fault.kind);
  ctx.levers.mark_fault(run.service, false);
  ctx.levers.mark_fault(run.service, run.fault.version, false);
  log().info("fault {} on {} ends", run.fault.kind_name(), run.fault.service);
}

double memory_utilisation(const DrillContext& ctx, int service, double t_s) {
  const std::optional<model::Version> leaking = ctx.faults.leaking_version(service);
  if (!leaking) return 0.5;
  const model::FaultSpec& fault = *ctx.scenario.fault;
  const auto& leak = fault.as<fault::MemoryLeak>();  // Only a memory leak leaks.
  double worst = leak.memory_base_mb / leak.memory_limit_mb;
  for (const auto& pod : ctx.cluster.pod_views(service, *leaking)) {
    if (!(pod.ready_at <= t_s)) continue;
    const std::optional<double> rate = ctx.faults.leak_rate(service, pod.uid);
    if (!rate) continue;
    const double from = std::max(pod.ready_at, fault.at_s);
    const double mb = std::min(leak.memory_limit_mb, leak.memory_base_mb + *rate * (t_s - from));
    worst = std::max(worst, mb / leak.memory_limit_mb);
  }
  return worst;
}

double pool_utilisation(const DrillContext& ctx, int service, double t_s) {
  const auto& fault = ctx.scenario.fault;
  const auto* pool = fault ? std::get_if<fault::PoolExhaustion>(&fault->kind) : nullptr;
  if (!pool || ctx.scenario.service_index(fault->service) != service || t_s < fault->at_s ||
      ctx.faults.fixed())
    return 0.25;
  const double in_use =
      std::min<double>(pool->pool_size, pool->pool_in_use + pool->pool_leak_per_s * (t_s - fault->at_s));
  return in_use / pool->pool_size;
}

void fault_actor(DrillContext& ctx) {
  const model::FaultSpec& fault = *ctx.scenario.fault;
  sg4::this_actor::sleep_until(fault.at_s);
  sync(ctx);
  if (!fault.flag.empty()) {
    if (ctx.faults.flag_off(fault.flag, now())) {
      log().info("fault {} on {} does not start: flag {} is off", fault.kind_name(), fault.service,
                 fault.flag);
      return;
    }
  }
  const Run run = run_of(ctx);
  log().info("fault {} on {} starts", fault.kind_name(), fault.service);
  const Then then = std::visit(
      [&](const auto& kind) {
        using H = HandlerOf<decltype(kind)>;
        const Then next = H::start(run, kind);
        if (next == Then::BlameAndWait) apply_blame(run, H::blame);
        return next;
      },
      fault.kind);
  if (then == Then::Done) return;
  if (!fault.duration_s) return;  // Until fixed: a rollback or a fix-forward.
  sg4::this_actor::sleep_until(run.end_s);
  sync(ctx);
  end_fault(ctx);
}

}  // namespace drillsim::engine
