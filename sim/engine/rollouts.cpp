// Kubernetes rollouts as the steps and the cluster drive them: one driver per rollout in progress,
// sleeping from one pod event to the next until it completes, passes its progress deadline, is
// superseded or paused. Protocol of a "rollout" actor: started by drive_rollouts for a rollout nobody
// waits for; ends with its rollout (or at the drill's horizon).
#include "engine/rollouts.hpp"

#include <simgrid/s4u.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "engine/actor_support.hpp"
#include "engine/engine_log.hpp"

namespace sg4 = simgrid::s4u;

namespace drillsim::engine {

namespace {

using model::StepSpec;
using model::Version;

// What waiting for the service's next pod event (Ready or Available) came to.
enum class PodWait { Event, DeadlinePassed, Never, Superseded, Paused };

// The service's "a rollout was superseded, or the Deployment paused" condition, created on first use.
sg4::ConditionVariable& rollout_signal(DrillContext& ctx, int service) {
  if (!ctx.rollout_mutex) {
    ctx.rollout_mutex = sg4::Mutex::create();
    for (std::size_t s = 0; s < ctx.scenario.services.size(); ++s)
      ctx.rollout_superseded.push_back(sg4::ConditionVariable::create());
  }
  return *ctx.rollout_superseded[static_cast<std::size_t>(service)];
}

// Sleeps until `until`, or less if rollout `watched` is (or already was) superseded meanwhile, or the
// Deployment is (or already was) paused.
void sleep_unless_superseded(DrillContext& ctx, int service, std::uint64_t watched, double until) {
  sg4::ConditionVariable& changed = rollout_signal(ctx, service);
  std::unique_lock<sg4::Mutex> lock(*ctx.rollout_mutex);
  // Another rollout of the service superseded (notify_all) leaves `watched` current: sleep on.
  while (ctx.cluster.current(service, watched) && !ctx.cluster.paused(service) &&
         changed.wait_until(lock, until) == std::cv_status::no_timeout) {
  }
}

// Sleeps to the service's next pod event, unless it comes after `deadline_at` (then sleeps to the
// deadline) or never comes. With `watched` (a rollout id, 0 for none), wakes as soon as that rollout is
// superseded (Superseded) or the Deployment paused (Paused). The plane is synced on return.
PodWait wait_for_pod_event(DrillContext& ctx, int service, double deadline_at, std::uint64_t watched = 0) {
  const double next = ctx.cluster.next_event(service, now());
  if (next <= deadline_at && std::isinf(next)) return PodWait::Never;
  const double until = std::min(next, deadline_at);
  if (watched == 0) {
    sg4::this_actor::sleep_until(until);
  } else {
    sleep_unless_superseded(ctx, service, watched, until);
  }
  sync(ctx);
  if (watched != 0 && !ctx.cluster.current(service, watched)) return PodWait::Superseded;
  if (watched != 0 && ctx.cluster.paused(service)) return PodWait::Paused;
  return next > deadline_at ? PodWait::DeadlinePassed : PodWait::Event;
}

// How driving a rollout ended.
enum class RolloutEnd {
  Complete,          // Every desired pod of the target is Available and no old pod is left.
  DeadlineExceeded,  // No progress for progressDeadlineSeconds (kubectl rollout status gives up).
  Stuck,             // No pod event will ever come: nothing can move it.
  Superseded,        // A newer rollout of the same pods replaced it (it is no longer the desired state).
  Paused,            // The Deployment is paused: the controller does not roll.
};

// Drives rollout `id` of `service` until it ends, sleeping from one pod event to the next; the caller
// holds its driver role. With a deadline, gives up (DeadlineExceeded, with `detail`) when no pod became
// Available for the service's progressDeadlineSeconds, as `kubectl rollout status` reports
// ProgressDeadlineExceeded; Kubernetes itself goes on, and so does the caller (see drive_rollouts).
// The rollout stops driving at the instant it is superseded or the Deployment is paused (kubectl rollout
// pause: the controller's next sync, at once, rolls no more), without touching a pod (the newer rollout,
// or the resume, takes over from there).
RolloutEnd run_rollout(DrillContext& ctx, int service, std::uint64_t id, bool enforce_deadline,
                       std::string& detail) {
  const model::ServiceSpec& spec = ctx.scenario.services[static_cast<std::size_t>(service)];
  const Cluster::Rollout rollout = ctx.cluster.rollout(service, id);
  const auto& [to, from, spec_replicas] = rollout;
  int replicas = spec_replicas;  // Follows a kubectl scale deployment (Cluster::scale_deployment).
  const double deadline = spec.strategy.progress_deadline_s;
  const auto stopped = [&]() -> std::optional<RolloutEnd> {
    if (!ctx.cluster.current(service, id)) {
      detail = fmt::format("{}: superseded by a newer rollout", spec.name);
      return RolloutEnd::Superseded;
    }
    if (ctx.cluster.paused(service)) {
      detail = fmt::format("{}: the Deployment is paused", spec.name);
      return RolloutEnd::Paused;
    }
    return std::nullopt;
  };
  if (const auto end = stopped()) return *end;
  double last_progress = now();
  if (spec.strategy.kind == model::StrategySpec::Kind::Recreate) {
    // Recreate: every old pod goes first; the new ones are created once the old ones are gone.
    if (ctx.cluster.count(service, from) > 0 || ctx.cluster.count(service, to) != replicas) {
      const double gone = ctx.cluster.scale(service, from, 0, now());
      sleep_unless_superseded(ctx, service, id, gone);
      sync(ctx);
      if (const auto end = stopped()) return *end;
      ctx.cluster.scale(service, to, replicas, now());
      last_progress = now();
    }
  }
  for (;;) {
    replicas = ctx.cluster.rollout(service, id).replicas;  // Current here: stopped() was checked.
    if (spec.strategy.kind == model::StrategySpec::Kind::RollingUpdate &&
        ctx.cluster.reconcile_rolling(service, to, from, replicas, now())) {
      last_progress = now();
    }
    if (ctx.cluster.rollout_complete(service, to, from, replicas, now())) {
      ctx.cluster.end_rollout(service, id);
      return RolloutEnd::Complete;
    }
    const int available_before = ctx.cluster.available(service, to, now());
    const double deadline_at =
        enforce_deadline ? last_progress + deadline : std::numeric_limits<double>::infinity();
    switch (wait_for_pod_event(ctx, service, deadline_at, id)) {
      case PodWait::Superseded:
      case PodWait::Paused:
        break;  // stopped() below says so.
      case PodWait::DeadlinePassed:
        if (const auto end = stopped()) return *end;
        detail = fmt::format(
            "{}: ProgressDeadlineExceeded ({} of {} {} pods available after {:g} s without progress)",
            spec.name, ctx.cluster.available(service, to, now()), replicas, model::to_string(to.version),
            deadline);
        return RolloutEnd::DeadlineExceeded;
      case PodWait::Never:
        detail = fmt::format("{}: the rollout cannot progress", spec.name);
        return RolloutEnd::Stuck;
      case PodWait::Event:
        break;
    }
    if (const auto end = stopped()) return *end;
    if (ctx.cluster.available(service, to, now()) > available_before) last_progress = now();
  }
}

// What `kubectl rollout status` (without --revision) does when the rollout it waited for, `superseded`,
// was replaced: it watches the Deployment, not a revision, so it waits for the newest rollout of the
// service. That rollout has a driver of its own (the step that began it, or an actor of drive_rollouts):
// this one only watches, from one pod event to the next, yielding at each so that the driver woken at
// the same instant reconciles first. True when the newest rollout completes (also when it completed
// before this was called); false, with `detail`, when it passes the progress deadline without progress,
// cannot progress, or the Deployment is paused. The step wakes at the instant its rollout is superseded
// (step_rollout notifies), so a successor that completes at once ends the step at that instant.
bool follow_newest(DrillContext& ctx, int service, std::uint64_t superseded, std::string& detail) {
  const model::ServiceSpec& spec = ctx.scenario.services[static_cast<std::size_t>(service)];
  const double deadline = spec.strategy.progress_deadline_s;
  for (;;) {
    const std::vector<std::uint64_t> ids = ctx.cluster.rollouts(service);
    if (ids.empty() || ids.back() < superseded) return true;  // The newer rollout completed.
    const std::uint64_t newest = ids.back();
    if (ctx.cluster.take_driver(service, newest)) {
      // Nobody drives it (its driver gave up): this step does, as step_rollout would.
      const RolloutEnd end = run_rollout(ctx, service, newest, true, detail);
      if (end == RolloutEnd::Complete) return true;
      ctx.cluster.drop_driver(service, newest);
      if (end == RolloutEnd::Superseded) continue;
      if (end == RolloutEnd::DeadlineExceeded || end == RolloutEnd::Stuck) drive_rollouts(ctx, service);
      return false;
    }
    const model::Version target = ctx.cluster.rollout(service, newest).to.version;
    double last_progress = now();
    while (ctx.cluster.current(service, newest)) {
      if (ctx.cluster.paused(service)) {
        detail = fmt::format("{}: the Deployment is paused", spec.name);
        return false;
      }
      const int available_before = ctx.cluster.available(service, target, now());
      const PodWait wait = wait_for_pod_event(ctx, service, last_progress + deadline, newest);
      sg4::this_actor::yield();  // The driver of this instant reconciles first.
      if (!ctx.cluster.current(service, newest)) break;
      if (wait == PodWait::Paused) continue;  // The loop's test says so.
      if (wait == PodWait::DeadlinePassed) {
        detail = fmt::format(
            "{}: ProgressDeadlineExceeded ({} {} pods available after {:g} s without progress)", spec.name,
            ctx.cluster.available(service, target, now()), model::to_string(target), deadline);
        return false;
      }
      if (wait == PodWait::Never) {
        detail = fmt::format("{}: the rollout cannot progress", spec.name);
        return false;
      }
      if (ctx.cluster.available(service, target, now()) > available_before) last_progress = now();
    }
    superseded = newest;  // Ended: completed, or replaced in turn (then the loop follows the newer one).
  }
}

}  // namespace

// The rollouts of the service that nobody waits for: Kubernetes carries on with each (one actor per
// rollout in progress that has no driver and is not paused).
void drive_rollouts(DrillContext& ctx, int service) {
  if (ctx.cluster.paused(service)) return;
  for (const std::uint64_t id : ctx.cluster.rollouts(service)) {
    if (!ctx.cluster.take_driver(service, id)) continue;
    sg4::Actor::create("rollout", sg4::this_actor::get_host(), [&ctx, service, id] {
      sync(ctx);
      std::string detail;
      const RolloutEnd end = run_rollout(ctx, service, id, false, detail);
      if (end == RolloutEnd::Complete) {
        log().info("rollout of {} complete", ctx.scenario.services[static_cast<std::size_t>(service)].name);
      } else {
        ctx.cluster.drop_driver(service, id);
        log().info("rollout stops: {}", detail);
      }
    })->daemonize();
  }
}

// Runs a rollout for a step: it becomes the Deployment's desired state at once (superseding any rollout
// of the same pods). The step waits for it (with the progress deadline) when it says so, and hands it to
// an actor of its own when it does not wait or gives up.
bool step_rollout(DrillContext& ctx, const StepSpec& step, int service, const Cluster::Rollout& rollout,
                  std::string& detail) {
  const std::vector<std::uint64_t> before = ctx.cluster.rollouts(service);
  const std::uint64_t id = ctx.cluster.begin_rollout(service, rollout);
  // The actors waiting on a rollout it superseded wake now (sleep_unless_superseded).
  if (std::any_of(before.begin(), before.end(),
                  [&](std::uint64_t old) { return !ctx.cluster.current(service, old); }))
    rollout_signal(ctx, service).notify_all();
  if (ctx.cluster.paused(service)) {
    detail += " (the Deployment is paused: the rollout starts when it is resumed)";
    return true;
  }
  if (!step.wait_ready) {
    drive_rollouts(ctx, service);
    detail += " (not waited for)";
    return true;
  }
  ctx.cluster.take_driver(service, id);
  std::string failure;
  switch (run_rollout(ctx, service, id, true, failure)) {
    case RolloutEnd::Complete:
      detail += ", complete";
      return true;
    case RolloutEnd::DeadlineExceeded:
    case RolloutEnd::Stuck:
      ctx.cluster.drop_driver(service, id);
      drive_rollouts(ctx, service);
      detail = failure;
      return false;
    case RolloutEnd::Superseded:
      // kubectl rollout status follows the Deployment: it waits for the rollout that replaced this one.
      if (!follow_newest(ctx, service, id, failure)) {
        detail = failure;
        return false;
      }
      detail += ", superseded by a newer rollout, which completed";
      return true;
    case RolloutEnd::Paused:
      ctx.cluster.drop_driver(service, id);
      detail = failure;
      return false;
  }
  return false;
}

// kubectl rollout pause: the Deployment is paused now, and the actors driving or watching its rollouts
// wake at this instant (sleep_unless_superseded) and stop.
void pause_rollouts(DrillContext& ctx, int service) {
  ctx.cluster.set_paused(service, true);
  rollout_signal(ctx, service).notify_all();
}

// Waits until every desired pod of the version is Available, or the progress deadline passes.
bool wait_settled(DrillContext& ctx, int service, Version version, std::string& detail) {
  const model::ServiceSpec& spec = ctx.scenario.services[static_cast<std::size_t>(service)];
  double last_progress = now();
  while (!ctx.cluster.settled(service, version, now())) {
    if (wait_for_pod_event(ctx, service, last_progress + spec.strategy.progress_deadline_s) !=
        PodWait::Event) {
      detail = fmt::format("{}/{}: {} of {} pods available after the {:g} s progress deadline", spec.name,
                           model::to_string(version), ctx.cluster.available(service, version, now()),
                           ctx.cluster.desired(service, version), spec.strategy.progress_deadline_s);
      return false;
    }
    last_progress = now();
  }
  return true;
}

}  // namespace drillsim::engine
