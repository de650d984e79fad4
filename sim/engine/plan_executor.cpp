// The plan executor actor: levels, parallel groups, ordering constraints, attempts and retries, and
// what each action does to the simulated system (Kubernetes rollouts, scaling, flags, configuration,
// data stores). docs/plan-format.md is the user's view of the same rules.
#include <simgrid/s4u.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/actor_support.hpp"
#include "engine/actors.hpp"
#include "engine/engine_log.hpp"

namespace sg4 = simgrid::s4u;

namespace drillsim::engine {

using model::Instant;

namespace {

using model::StepSpec;
using model::Version;

// What waiting for the service's next pod event (Ready or Available) came to.
enum class PodWait { Event, DeadlinePassed, Never };

// Sleeps to the service's next pod event, unless it comes after `deadline_at` (then sleeps to the
// deadline) or never comes. The plane is synced on return.
PodWait wait_for_pod_event(DrillContext& ctx, int service, double deadline_at) {
  const double next = ctx.cluster.next_event(service, now());
  if (next > deadline_at) {
    sg4::this_actor::sleep_until(deadline_at);
    sync(ctx);
    return PodWait::DeadlinePassed;
  }
  if (std::isinf(next)) return PodWait::Never;
  sg4::this_actor::sleep_until(next);
  sync(ctx);
  return PodWait::Event;
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
// The rollout stops driving as soon as it is superseded or the Deployment is paused, without touching a
// pod (the newer rollout, or the resume, takes over from there).
RolloutEnd run_rollout(DrillContext& ctx, int service, std::uint64_t id, bool enforce_deadline,
                       std::string& detail) {
  const model::ServiceSpec& spec = ctx.scenario.services[static_cast<std::size_t>(service)];
  const Cluster::Rollout rollout = ctx.cluster.rollout(service, id);
  const auto& [to, from, replicas] = rollout;
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
      sg4::this_actor::sleep_until(gone);
      sync(ctx);
      if (const auto end = stopped()) return *end;
      ctx.cluster.scale(service, to, replicas, now());
      last_progress = now();
    }
  }
  for (;;) {
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
    switch (wait_for_pod_event(ctx, service, deadline_at)) {
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

namespace {

// Runs a rollout for a step: it becomes the Deployment's desired state at once (superseding any rollout
// of the same pods). The step waits for it (with the progress deadline) when it says so, and hands it to
// an actor of its own when it does not wait or gives up.
bool step_rollout(DrillContext& ctx, const StepSpec& step, int service, const Cluster::Rollout& rollout,
                  std::string& detail) {
  const std::uint64_t id = ctx.cluster.begin_rollout(service, rollout);
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
    case RolloutEnd::Paused:
      ctx.cluster.drop_driver(service, id);
      detail = failure;
      return false;
  }
  return false;
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

// Turns a feature flag off now; every instance sees it `propagation_s` later, and then the fault behind
// the flag (if any) ends.
void disable_flag(DrillContext& ctx, const std::string& flag, double propagation_s) {
  const double seen = now() + propagation_s;
  const auto [it, inserted] = ctx.flags_off_at.emplace(flag, seen);
  if (!inserted) it->second = std::min(it->second, seen);
  const auto& fault = ctx.scenario.fault;
  if (!fault || fault->flag != flag) return;
  sg4::Actor::create("flag-propagation", sg4::this_actor::get_host(), [&ctx, seen] {
    sg4::this_actor::sleep_until(seen);
    sync(ctx);
    const model::FaultSpec& f = *ctx.scenario.fault;
    ctx.plane.end_fault(ctx.scenario.service_index(f.service), f.version);
    log().info("flag {} is off everywhere: the fault on {}/{} ends", f.flag, f.service,
               model::to_string(f.version));
  })->daemonize();
}

// Does a step's action, after its duration. Returns false (with `detail`) if it fails. Actions that
// wait for pods (wait_ready) take longer than their duration. `rng`: the step's own stream, for what
// the action draws (a propagation delay).
bool perform_step(DrillContext& ctx, const StepSpec& step, model::Rng& rng, std::string& detail) {
  using Action = StepSpec::Action;
  const int service = step.service.empty() ? -1 : ctx.scenario.service_index(step.service);
  switch (step.action) {
    case Action::ShiftTraffic:
      ctx.plane.set_weights(service, step.weights);
      detail = fmt::format("{}: stable {:g}, new {:g}", step.service, step.weights.stable,
                           step.weights.new_version);
      return true;
    case Action::Scale: {
      const int before = ctx.cluster.desired(service, step.version);
      ctx.cluster.scale(service, step.version, step.replicas, now());
      detail = fmt::format("{}/{}: {} -> {} pods", step.service, model::to_string(step.version), before,
                           step.replicas);
      if (step.replicas > before && step.wait_ready) {
        if (!wait_settled(ctx, service, step.version, detail)) return false;
        detail += ", all Ready";
      }
      return true;
    }
    case Action::RolloutUndo:
    case Action::SetImage:
    case Action::PipelineRedeploy: {
      if (step.action == Action::RolloutUndo && ctx.cluster.paused(service)) {
        // kubectl refuses before it touches the Deployment (rollback.go).
        detail = fmt::format(
            "error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume "
            "deployment/{}' and try again",
            step.service);
        return false;
      }
      const int replicas = step.rollout_replicas.value_or(ctx.cluster.spec_replicas(service));
      const auto& strategy = ctx.scenario.services[static_cast<std::size_t>(service)].strategy;
      detail = fmt::format("{}: {} to {}, {} pods", step.service, model::to_string(strategy.kind),
                           model::to_string(step.version), replicas);
      return step_rollout(
          ctx, step, service,
          {Cluster::all_of(step.version), Cluster::all_of(Cluster::other(step.version)), replicas}, detail);
    }
    case Action::RolloutPause:
      ctx.cluster.set_paused(service, true);
      detail = fmt::format("deployment.apps/{} paused", step.service);
      return true;
    case Action::RolloutResume:
      ctx.cluster.set_paused(service, false);
      drive_rollouts(ctx, service);
      detail = fmt::format("deployment.apps/{} resumed", step.service);
      return true;
    case Action::RestoreConfig: {
      ctx.plane.restore_config(service, !step.restart);
      if (!step.restart) {
        detail = fmt::format("{}: configuration restored and reloaded", step.service);
        return true;
      }
      // kubectl rollout restart: each version's pods are replaced through the strategy; a pod that
      // becomes Ready from now on runs the restored configuration.
      detail = fmt::format("{}: configuration restored, pods restarted", step.service);
      for (const Version v : model::kVersions) {
        const int replicas = ctx.cluster.desired(service, v);
        if (replicas == 0) continue;
        const auto [fresh, stale] = ctx.cluster.begin_restart(service, v);
        std::string part = fmt::format("{} {}", model::to_string(v), replicas);
        if (!step_rollout(ctx, step, service, {fresh, stale, replicas}, part)) {
          detail = part;
          return false;
        }
        detail += "; " + part;
      }
      return true;
    }
    case Action::Wait:
    case Action::Manual:
    case Action::Notify:
    case Action::InfraRollback:
    case Action::StatusPage:
      return true;
    case Action::MaintenanceMode:
      ctx.plane.set_maintenance(service, step.maintenance_on);
      detail = fmt::format("{}: maintenance page {}", step.service, step.maintenance_on ? "on" : "off");
      return true;
    case Action::DisableFlag: {
      const double propagation = step.propagation.sample(rng);
      disable_flag(ctx, step.flag, propagation);
      detail = fmt::format("flag {} off; every instance sees it after {:.1f} s", step.flag, propagation);
      return true;
    }
    case Action::DbRestore: {
      const int store = ctx.scenario.store_index(step.store);
      const model::DataStoreSpec& spec = ctx.scenario.stores[static_cast<std::size_t>(store)];
      const bool before_fault =
          step.restore_target == StepSpec::RestoreTarget::BeforeFault && ctx.scenario.fault;
      const double target = before_fault ? std::min(ctx.scenario.fault->at_s, now()) : now();
      const double point = spec.restore_point(target, now(), step.point_in_time);
      const double started = now();
      ctx.plane.set_store_down(store, true);
      const std::uint64_t lost = ctx.plane.roll_back_store(store, point);
      log().info("restore of {} to {:.1f} s starts: {} writes lost", spec.name, point, lost);
      sg4::this_actor::sleep_for(spec.restore_duration_s());
      sync(ctx);
      ctx.plane.set_store_down(store, false);
      detail =
          fmt::format("{}: restored to {:.1f} s from {}; {} writes after it lost; down {:.1f} s", spec.name,
                      point, step.point_in_time ? "backup + WAL" : "backup", lost, now() - started);
      if (spec.migration && !ctx.plane.migration_applied(store)) detail += "; schema before the migration";
      return true;
    }
    case Action::DbMigrateDown: {
      const int store = ctx.scenario.store_index(step.store);
      const model::DataStoreSpec& spec = ctx.scenario.stores[static_cast<std::size_t>(store)];
      if (!ctx.plane.migration_applied(store)) {
        detail = fmt::format("{}: {} is not applied: nothing to revert", spec.name,
                             model::to_string(spec.migration->kind));
        return true;
      }
      const std::uint64_t lost = ctx.plane.migrate_down(store);
      detail = fmt::format("{}: {} reverted; {} writes lost", spec.name,
                           model::to_string(spec.migration->kind), lost);
      return true;
    }
    case Action::Verify: {
      const std::int64_t end = ctx.plane.completed_seconds();
      const auto window = static_cast<std::int64_t>(std::ceil(step.window_s));
      const bool healthy = ctx.plane.within_slo(service, end - window, end);
      detail = fmt::format("{} {} within SLO over the last {} s", step.service, healthy ? "was" : "was not",
                           window);
      return healthy;
    }
  }
  return false;
}

void finish_plan(DrillContext& ctx, const std::string& exit_state, const std::string& reason) {
  ctx.plan.exit_state = exit_state;
  ctx.plan.reason = reason;
  ctx.plan_running = false;
  log().info("plan \"{}\" {}: {}", ctx.scenario.plan->name, exit_state, reason);
}

}  // namespace

namespace {

// Runs one step to its end: its attempts, each taking a new duration, until one passes or the retries
// are used up. Fills the outcome at `index` (already pushed, with its start). Returns whether it passed.
bool run_step(DrillContext& ctx, const StepSpec& spec, std::size_t index, model::Rng& durations,
              model::Rng& failures) {
  bool ok = false;
  std::string detail;
  const std::string& level = ctx.plan.steps[index].level;
  ctx.draws.push_back({(level.empty() ? "step/" : "step/" + level + "/") + spec.name, 0.0});
  const std::size_t draw = ctx.draws.size() - 1;
  for (int attempt = 0; attempt <= spec.retries && !ok; ++attempt) {
    ctx.plan.steps[index].attempts = attempt + 1;
    const double duration_s = spec.duration.sample(durations);
    ctx.draws[draw].value_s += duration_s;
    sg4::this_actor::sleep_for(duration_s);
    sync(ctx);
    if (spec.failure_probability > 0.0 && failures.uniform() < spec.failure_probability) {
      detail =
          fmt::format("attempt {} failed (failure probability {:g})", attempt + 1, spec.failure_probability);
      log().info("step \"{}\": {}", spec.name, detail);
      continue;
    }
    ok = perform_step(ctx, spec, durations, detail);
    if (!ok) log().info("step \"{}\" attempt {} failed: {}", spec.name, attempt + 1, detail);
  }
  model::StepOutcome& outcome = ctx.plan.steps[index];
  outcome.end_s = now();
  outcome.detail = detail;
  outcome.status = ok ? model::StepOutcome::Status::Completed : model::StepOutcome::Status::Failed;
  log().info("step \"{}\" {}: {}", spec.name, ok ? "completed" : "failed", detail);
  return ok;
}

}  // namespace

// Runs the plan from its first level. A step takes its duration, then acts; a failed attempt (its
// failure probability, or its action failing) is retried `retries` times, each with a new duration;
// then on_failure decides: abort, block, continue (the plan ends "partial"), or escalate to a level.
// Finishing a level's steps finishes the plan: levels are escalation tiers, not phases.
void plan_executor_actor(DrillContext& ctx) {
  const model::PlanSpec& plan = *ctx.scenario.plan;
  // Each step draws from streams of its own, keyed by its level and name: reordering the steps, or
  // adding one, leaves every other step's durations and failures as they were (common random numbers
  // when two plans are compared).
  std::map<std::string, std::pair<model::Rng, model::Rng>> step_streams;
  const auto streams = [&](const std::string& level,
                           const std::string& step) -> std::pair<model::Rng, model::Rng>& {
    const std::string key = "plan/" + level + "/" + step;
    auto it = step_streams.find(key);
    if (it == step_streams.end()) {
      it = step_streams
               .emplace(key, std::pair{model::Rng(ctx.seed, key + "/duration"),
                                       model::Rng(ctx.seed, key + "/failure")})
               .first;
    }
    return it->second;
  };
  receive("plan");
  ctx.plan_running = true;
  ctx.plan.exit_state = "unfinished";
  log().info("plan \"{}\" starts", plan.name);
  std::optional<double> verified;
  std::string partial_reason;
  bool started = false;
  std::size_t level = ctx.start_level;
  // The plan stops inside the current level: the level failed there.
  const auto stop_in_level = [&](const std::string& exit_state, const std::string& reason) {
    ctx.plan.levels[level].end_s = now();
    ctx.plan.levels[level].outcome = "failed";
    finish_plan(ctx, exit_state, reason);
  };
  for (;;) {
    const model::LevelSpec& level_spec = plan.levels[level];
    ctx.plan.levels[level].start_s = now();
    ctx.plan.levels[level].outcome = "interrupted";
    std::optional<std::size_t> escalate_to;
    const auto& steps = level_spec.steps;
    for (std::size_t first = 0; first < steps.size() && !escalate_to;) {
      // The batch: one step, or the consecutive steps of one parallel group.
      std::size_t end = first + 1;
      if (!steps[first].group.empty()) {
        while (end < steps.size() && steps[end].group == steps[first].group)
          ++end;
      }
      // Ordering constraints: a step whose required steps did not complete cannot run.
      for (std::size_t i = first; i < end; ++i) {
        for (const std::string& required : steps[i].requires_steps) {
          const bool done =
              std::any_of(ctx.plan.steps.begin(), ctx.plan.steps.end(), [&](const model::StepOutcome& o) {
                return o.name == required && o.status == model::StepOutcome::Status::Completed;
              });
          if (done) continue;
          stop_in_level("blocked", "step \"" + steps[i].name + "\" requires \"" + required +
                                       "\", which did not complete");
          return;
        }
      }
      std::vector<std::size_t> indexes;
      for (std::size_t i = first; i < end; ++i) {
        model::StepOutcome started_step;
        started_step.name = steps[i].name;
        started_step.action = model::to_string(steps[i].action);
        started_step.level = level_spec.name;
        started_step.start_s = now();
        started_step.status = model::StepOutcome::Status::Interrupted;  // Until it ends.
        ctx.plan.steps.push_back(std::move(started_step));
        indexes.push_back(ctx.plan.steps.size() - 1);
      }
      if (!started) record(ctx, Instant::RollbackStart);
      started = true;
      std::vector<char> passed(end - first, 0);
      if (end - first == 1) {
        auto& [durations, failures] = streams(level_spec.name, steps[first].name);
        passed[0] = run_step(ctx, steps[first], indexes[0], durations, failures) ? 1 : 0;
      } else {
        std::vector<sg4::ActorPtr> workers;
        for (std::size_t i = first; i < end; ++i) {
          auto& [durations, failures] = streams(level_spec.name, steps[i].name);
          workers.push_back(
              sg4::Actor::create("step", sg4::this_actor::get_host(),
                                 [&ctx, &spec = steps[i], index = indexes[i - first], &durations = durations,
                                  &failures = failures, &result = passed[i - first]] {
                                   result = run_step(ctx, spec, index, durations, failures) ? 1 : 0;
                                 }));
        }
        for (const auto& worker : workers)
          worker->join();
        sync(ctx);
      }

      // Outcomes in plan order; the first failure decides what follows.
      for (std::size_t i = first; i < end; ++i) {
        const StepSpec& spec = steps[i];
        const model::StepOutcome& outcome = ctx.plan.steps[indexes[i - first]];
        if (passed[i - first]) {
          if (spec.action == StepSpec::Action::Verify) {
            verified = std::max(verified.value_or(0.0), *outcome.end_s);
          } else {
            // The last rollback step's end wins.
            const auto end_so_far = ctx.incident.timeline.at(Instant::RollbackEnd);
            ctx.incident.timeline.set(Instant::RollbackEnd,
                                      std::max(end_so_far.value_or(0.0), *outcome.end_s));
          }
          continue;
        }
        const std::string why = "step \"" + spec.name + "\" failed: " + outcome.detail;
        switch (spec.on_failure) {
          case StepSpec::OnFailure::Continue:
            if (partial_reason.empty()) partial_reason = why + "; the plan went on";
            continue;
          case StepSpec::OnFailure::Abort:
            stop_in_level("aborted", why);
            return;
          case StepSpec::OnFailure::Block:
            stop_in_level("blocked", why + "; the plan waits on something outside it");
            return;
          case StepSpec::OnFailure::Escalate: {
            std::size_t target = level + 1;
            if (!spec.escalate_to.empty()) {
              for (std::size_t l = 0; l < plan.levels.size(); ++l) {
                if (plan.levels[l].name == spec.escalate_to) target = l;
              }
            }
            if (target >= plan.levels.size()) {
              stop_in_level("aborted", why + "; no level left to escalate to");
              return;
            }
            ctx.plan.levels[level].end_s = now();
            ctx.plan.levels[level].outcome = "escalated";
            log().info("escalating from level \"{}\" to \"{}\"", level_spec.name, plan.levels[target].name);
            escalate_to = target;
            break;
          }
        }
        break;  // Escalating: leave this level's remaining steps.
      }
      first = end;
    }
    if (escalate_to) {
      level = *escalate_to;
      continue;
    }
    ctx.plan.levels[level].end_s = now();
    ctx.plan.levels[level].outcome = "completed";
    break;
  }
  if (!partial_reason.empty()) {
    finish_plan(ctx, "partial", partial_reason);
    return;
  }
  // `verified`: the plan's verification steps passed (the last of them), and the plan completed.
  if (verified) ctx.incident.timeline.set(Instant::Verified, *verified);
  finish_plan(ctx, "completed", "every step completed");
}

}  // namespace drillsim::engine
