// The fault catalogue (model::FaultSpec): how each kind acts on the data plane and the cluster, and
// when it ends. docs/faults.md describes each model and its sources.
#include <simgrid/s4u.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "engine/actor_support.hpp"
#include "engine/actors.hpp"
#include "engine/engine_log.hpp"

namespace sg4 = simgrid::s4u;

namespace drillsim::engine {

using Kind = model::FaultSpec::Kind;
using model::Version;

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
  ContainerHealth& health = ctx.health[static_cast<std::size_t>(service)];
  constexpr double kLook = 10.0;  // Notices pods created by rollouts at least this often.
  for (;;) {
    sync(ctx);
    if (ctx.fault_fixed || now() >= end_s) return;
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
      health.restarts_at.push_back(now());
      if (oom) health.oom_kills_at.push_back(now());
      // A killed container is an effect any restart or OOMKilled signal sees, even when it held no
      // request: the onset cannot come after the detection it allows.
      ctx.plane.note_fault_effect(service, now());
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
  ContainerHealth& health = ctx.health[static_cast<std::size_t>(service)];
  std::map<std::uint64_t, int> recorded;  // By pod uid: crashes recorded so far.
  constexpr double kLook = 10.0;
  ctx.cluster.set_crash_on_start(service, fault.version, true, now());
  for (;;) {
    sync(ctx);
    if (ctx.fault_fixed) return;
    double next = std::min(end_s, now() + kLook);
    for (const auto& pod : ctx.cluster.pod_views(service, fault.version)) {
      if (std::isnan(pod.crash_loop_since)) continue;
      int& n = recorded[pod.uid];
      // Crash n happens at the n-th restart (crash 0 at the container's first start).
      while (Cluster::nth_restart(pod.crash_loop_since, n) <= now()) {
        const double at = Cluster::nth_restart(pod.crash_loop_since, n);
        health.restarts_at.insert(std::upper_bound(health.restarts_at.begin(), health.restarts_at.end(), at),
                                  at);
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
void lose_nodes(DrillContext& ctx, const std::vector<std::array<std::vector<std::uint64_t>, 2>>& uids) {
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
    ctx.plane.mark_fault(s, true);
    ctx.plane.fail_in_flight(s, v, ctx.cluster.plane_ids(s, v, lost));
    ctx.plane.set_pods_dead(s, v, ctx.cluster.plane_ids(s, v, lost));
  });
  log().info("fault {}: {} pods lost their node", model::to_string(fault.kind), [&] {
    std::size_t n = 0;
    for (const auto& per : uids)
      n += per[0].size() + per[1].size();
    return n;
  }());
  sg4::this_actor::sleep_for(fault.node_monitor_grace_s);
  sync(ctx);
  each([&](int s, Version v, const std::vector<std::uint64_t>& lost) { ctx.cluster.lose(s, v, lost); });
  sg4::this_actor::sleep_for(fault.eviction_timeout_s);
  sync(ctx);
  double ready = now();
  each([&](int s, Version v, const std::vector<std::uint64_t>& lost) {
    ready = std::max(ready, ctx.cluster.evict(s, v, lost, now()));
  });
  log().info("fault {}: pods evicted, replacements Ready by {:.1f}", model::to_string(fault.kind), ready);
  sg4::this_actor::sleep_until(ready);
  sync(ctx);
  each([&](int s, Version, const std::vector<std::uint64_t>&) { ctx.plane.mark_fault(s, false); });
}

}  // namespace

void end_fault(DrillContext& ctx) {
  if (ctx.fault_fixed) return;
  ctx.fault_fixed = true;
  const model::FaultSpec& fault = *ctx.scenario.fault;
  const int service = service_of(ctx);
  switch (fault.kind) {
    case Kind::BadRelease:
      ctx.plane.end_fault(service, fault.version);
      if (fault.fails_readiness) {
        ctx.cluster.set_probe_failing(service, fault.version, false, now());
        drive_rollouts(ctx, service);  // A rollout stalled on the unready pods can go on.
      }
      break;
    case Kind::DataCorruption:
      ctx.plane.end_fault(service, fault.version);
      break;
    case Kind::BadConfig:
      ctx.plane.restore_config(service, true);
      break;
    case Kind::NetworkLatency:
    case Kind::NetworkLoss:
    case Kind::NetworkPartition:
      ctx.plane.set_edge_fault(service, ctx.scenario.service_index(fault.target), 0.0, 0.0, false);
      break;
    case Kind::DependencyOutage:
      if (const int target = ctx.scenario.service_index(fault.target); target >= 0) {
        ctx.plane.set_outage(target, DataPlane::Outage::None);
        ctx.plane.mark_fault(target, false);
      } else {
        ctx.plane.set_store_down(ctx.scenario.store_index(fault.target), false);
      }
      break;
    case Kind::PoolExhaustion:
      ctx.plane.set_outage(service, DataPlane::Outage::None);
      break;
    case Kind::CpuHog:
      ctx.plane.set_speed_factor(service, fault.version, 1.0);
      break;
    case Kind::TrafficSpike:
      ctx.plane.set_rate_factor(service, 1.0);
      break;
    case Kind::FailedMigration:
      ctx.cluster.set_crash_on_start(service, fault.version, false, now());
      drive_rollouts(ctx, service);  // A rollout stalled on the crashing pods can go on.
      break;
    case Kind::MemoryLeak:
    case Kind::CrashLoop:
    case Kind::NodeCrash:
    case Kind::ZoneOutage:
      break;  // The crash cycle stops at its next look; a node's pods are replaced by Kubernetes anyway.
  }
  ctx.plane.mark_fault(service, false);
  ctx.plane.mark_fault(service, fault.version, false);
  log().info("fault {} on {} ends", model::to_string(fault.kind), fault.service);
}

double memory_utilisation(const DrillContext& ctx, int service, double t_s) {
  const ContainerHealth& health = ctx.health[static_cast<std::size_t>(service)];
  if (!health.leaking) return 0.5;
  const model::FaultSpec& fault = *ctx.scenario.fault;
  double worst = fault.memory_base_mb / fault.memory_limit_mb;
  for (const auto& pod : ctx.cluster.pod_views(service, health.leaking_version)) {
    if (!(pod.ready_at <= t_s)) continue;
    const auto rate = health.leak_mb_per_s.find(pod.uid);
    if (rate == health.leak_mb_per_s.end()) continue;
    const double from = std::max(pod.ready_at, fault.at_s);
    const double mb = std::min(fault.memory_limit_mb, fault.memory_base_mb + rate->second * (t_s - from));
    worst = std::max(worst, mb / fault.memory_limit_mb);
  }
  return worst;
}

double pool_utilisation(const DrillContext& ctx, int service, double t_s) {
  const auto& fault = ctx.scenario.fault;
  if (!fault || fault->kind != Kind::PoolExhaustion ||
      ctx.scenario.service_index(fault->service) != service || t_s < fault->at_s || ctx.fault_fixed)
    return 0.25;
  const double in_use =
      std::min<double>(fault->pool_size, fault->pool_in_use + fault->pool_leak_per_s * (t_s - fault->at_s));
  return in_use / fault->pool_size;
}

void fault_actor(DrillContext& ctx) {
  const model::FaultSpec& fault = *ctx.scenario.fault;
  const int service = service_of(ctx);
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
  const double end_s =
      fault.duration_s ? fault.at_s + *fault.duration_s : std::numeric_limits<double>::infinity();
  log().info("fault {} on {} starts", model::to_string(fault.kind), fault.service);
  switch (fault.kind) {
    case Kind::BadRelease:
      ctx.plane.start_fault(service, fault.version, fault.error_probability, fault.latency_factor,
                            fault.corrupts_writes);
      if (fault.fails_readiness) ctx.cluster.set_probe_failing(service, fault.version, true, now());
      break;
    case Kind::DataCorruption: {  // The version keeps its own error probability and speed; its writes go bad.
      const model::VersionSpec& own =
          ctx.scenario.services[static_cast<std::size_t>(service)].version(fault.version);
      ctx.plane.start_fault(service, fault.version, own.error_probability, own.latency_factor,
                            fault.corrupts_writes);
      break;
    }
    case Kind::BadConfig:
      ctx.plane.start_config_fault(service, fault.error_probability, fault.latency_factor);
      break;
    case Kind::MemoryLeak: {
      ContainerHealth& health = ctx.health[static_cast<std::size_t>(service)];
      health.leaking = true;
      health.leaking_version = fault.version;
      model::Rng rate_rng(ctx.seed, "fault/leak_rate");
      ctx.plane.mark_fault(service, fault.version, true);
      crash_cycle(
          ctx,
          [&](std::uint64_t uid) {
            auto it = health.leak_mb_per_s.find(uid);
            if (it == health.leak_mb_per_s.end())
              it = health.leak_mb_per_s.emplace(uid, fault.leak_mb_per_s * (0.8 + 0.4 * rate_rng.uniform()))
                       .first;
            // Pods Ready before the fault (the release) start leaking at the fault.
            const double headroom = (fault.memory_limit_mb - fault.memory_base_mb) / it->second;
            return headroom;
          },
          true, end_s);
      return;
    }
    case Kind::CrashLoop:
      ctx.plane.mark_fault(service, fault.version, true);
      crash_cycle(
          ctx, [&](std::uint64_t) { return fault.crash_after_s; }, false, end_s);
      return;
    case Kind::FailedMigration:
      ctx.plane.mark_fault(service, Version::New, true);
      crash_on_start_cycle(ctx, end_s);
      return;
    case Kind::NodeCrash:
    case Kind::ZoneOutage: {
      std::vector<std::array<std::vector<std::uint64_t>, 2>> lost(ctx.scenario.services.size());
      for (std::size_t s = 0; s < ctx.scenario.services.size(); ++s) {
        for (const Version v : model::kVersions) {
          const auto views = ctx.cluster.pod_views(static_cast<int>(s), v);
          for (std::size_t i = 0; i < views.size(); ++i) {
            if (!(views[i].ready_at <= now())) continue;
            const bool hit =
                fault.kind == Kind::ZoneOutage
                    ? static_cast<int>(i) % ctx.scenario.services[s].zones == fault.zone
                    : static_cast<int>(s) == service && v == fault.version &&
                          static_cast<int>(lost[s][static_cast<std::size_t>(v)].size()) < fault.pods;
            if (hit) lost[s][static_cast<std::size_t>(v)].push_back(views[i].uid);
          }
        }
      }
      lose_nodes(ctx, lost);
      return;
    }
    case Kind::NetworkLatency:
    case Kind::NetworkLoss:
    case Kind::NetworkPartition:
      ctx.plane.set_edge_fault(service, ctx.scenario.service_index(fault.target), fault.added_latency_s,
                               fault.loss_probability, fault.kind == Kind::NetworkPartition);
      break;
    case Kind::DependencyOutage:
      if (const int target = ctx.scenario.service_index(fault.target); target >= 0) {
        ctx.plane.mark_fault(target, true);
        ctx.plane.set_outage(target, fault.hang ? DataPlane::Outage::Hang : DataPlane::Outage::Refuse);
      } else {
        ctx.plane.set_store_down(ctx.scenario.store_index(fault.target), true);
      }
      break;
    case Kind::PoolExhaustion: {
      const double exhausted = fault.pool_exhausted_at_s();
      if (exhausted >= end_s) break;
      sg4::this_actor::sleep_until(exhausted);
      sync(ctx);
      if (ctx.fault_fixed) return;
      log().info("connection pool of {} exhausted", fault.service);
      ctx.plane.set_outage(service, DataPlane::Outage::Hang, fault.pool_timeout_s);
      break;
    }
    case Kind::CpuHog:
      ctx.plane.set_speed_factor(service, fault.version, 1.0 - fault.cpu_share);
      break;
    case Kind::TrafficSpike:
      ctx.plane.set_rate_factor(service, fault.spike_factor);
      break;
  }
  switch (fault.kind) {  // Failures beyond the fault-free draw now count as the fault's.
    case Kind::CpuHog:
      ctx.plane.mark_fault(service, fault.version, true);
      break;
    case Kind::NetworkLatency:
    case Kind::NetworkLoss:
    case Kind::NetworkPartition:
    case Kind::DependencyOutage:
    case Kind::PoolExhaustion:
    case Kind::TrafficSpike:
      ctx.plane.mark_fault(service, true);
      break;
    default:
      break;  // A bad version or configuration marks its own requests.
  }
  if (!fault.duration_s) return;  // Until fixed: a rollback or a fix-forward.
  sg4::this_actor::sleep_until(end_s);
  sync(ctx);
  end_fault(ctx);
}

}  // namespace drillsim::engine
