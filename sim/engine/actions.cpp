// The plan steps' actions: Kubernetes rollouts, scaling, flags, configuration, maintenance, data
// stores, verification. Each handler runs in the actor that runs the step (the plan executor or one of
// its parallel workers); some sleep (a rollout waited for, a restore).
#include "engine/actions.hpp"

#include <simgrid/s4u.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <string>

#include "engine/actor_support.hpp"
#include "engine/engine_log.hpp"
#include "engine/rollouts.hpp"

namespace sg4 = simgrid::s4u;

namespace drillsim::engine {

namespace {

using model::StepSpec;
using model::Version;
using Action = StepSpec::Action;

// A handler: `service` is the index of step.service (-1 when the step names none).
using Handler = bool (*)(DrillContext& ctx, const StepSpec& step, int service, model::Rng& rng,
                         std::string& detail);

bool time_only(DrillContext&, const StepSpec&, int, model::Rng&, std::string&) {
  return true;
}

bool shift_traffic(DrillContext& ctx, const StepSpec& step, int service, model::Rng&, std::string& detail) {
  ctx.plane.set_weights(service, step.weights);
  detail =
      fmt::format("{}: stable {:g}, new {:g}", step.service, step.weights.stable, step.weights.new_version);
  return true;
}

bool scale(DrillContext& ctx, const StepSpec& step, int service, model::Rng&, std::string& detail) {
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

// kubectl scale deployment: the Deployment's .spec.replicas becomes step.replicas, spread over its
// ReplicaSets in proportion mid-rollout; a rollout in progress goes on towards the new count (its
// driver reads it at each reconciliation). With wait_ready and no rollout in progress, a scale that
// adds pods waits until every desired pod is Available; mid-rollout the rollout's own step, or a
// later one, waits for it.
bool scale_deployment(DrillContext& ctx, const StepSpec& step, int service, model::Rng&,
                      std::string& detail) {
  const int before = ctx.cluster.spec_replicas(service);
  ctx.cluster.scale_deployment(service, step.replicas, now());
  detail =
      fmt::format("{}: {} -> {} replicas (stable {}, new {})", step.service, before, step.replicas,
                  ctx.cluster.desired(service, Version::Stable), ctx.cluster.desired(service, Version::New));
  drive_rollouts(ctx, service);  // A rollout whose driver stopped (stuck, past its deadline) goes on.
  if (step.replicas > before && step.wait_ready && ctx.cluster.rollouts(service).empty()) {
    for (const Version v : model::kVersions) {
      if (!wait_settled(ctx, service, v, detail)) return false;
    }
    detail += ", all Ready";
  }
  return true;
}

// set_image, pipeline_redeploy: a rollout of the Deployment to step.version.
bool roll_to_version(DrillContext& ctx, const StepSpec& step, int service, model::Rng&, std::string& detail) {
  const int replicas = step.rollout_replicas.value_or(ctx.cluster.spec_replicas(service));
  const auto& strategy = ctx.scenario.services[static_cast<std::size_t>(service)].strategy;
  detail = fmt::format("{}: {} to {}, {} pods", step.service, model::to_string(strategy.kind),
                       model::to_string(step.version), replicas);
  return step_rollout(
      ctx, step, service,
      {Cluster::all_of(step.version), Cluster::all_of(Cluster::other(step.version)), replicas}, detail);
}

bool rollout_undo(DrillContext& ctx, const StepSpec& step, int service, model::Rng& rng,
                  std::string& detail) {
  if (ctx.cluster.paused(service)) {
    // kubectl refuses before it touches the Deployment (rollback.go).
    detail = fmt::format(
        "error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume "
        "deployment/{}' and try again",
        step.service);
    return false;
  }
  return roll_to_version(ctx, step, service, rng, detail);
}

bool rollout_pause(DrillContext& ctx, const StepSpec& step, int service, model::Rng&, std::string& detail) {
  pause_rollouts(ctx, service);
  detail = fmt::format("deployment.apps/{} paused", step.service);
  return true;
}

bool rollout_resume(DrillContext& ctx, const StepSpec& step, int service, model::Rng&, std::string& detail) {
  ctx.cluster.set_paused(service, false);
  drive_rollouts(ctx, service);
  detail = fmt::format("deployment.apps/{} resumed", step.service);
  return true;
}

bool restore_config(DrillContext& ctx, const StepSpec& step, int service, model::Rng&, std::string& detail) {
  ctx.cluster.restore_config(service, !step.restart);
  if (!step.restart) {
    detail = fmt::format("{}: configuration restored and reloaded", step.service);
    return true;
  }
  // kubectl rollout restart: each version's pods are replaced through the strategy; a pod that becomes
  // Ready from now on runs the restored configuration.
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

bool maintenance_mode(DrillContext& ctx, const StepSpec& step, int service, model::Rng&,
                      std::string& detail) {
  ctx.levers.set_maintenance(service, step.maintenance_on);
  detail = fmt::format("{}: maintenance page {}", step.service, step.maintenance_on ? "on" : "off");
  return true;
}

// Turns a feature flag off now; every instance sees it after the drawn propagation delay, and then the
// fault behind the flag (if any) ends.
bool disable_flag(DrillContext& ctx, const StepSpec& step, int, model::Rng& rng, std::string& detail) {
  const double propagation = step.propagation.sample(rng);
  const double seen = now() + propagation;
  ctx.faults.flag_turned_off(step.flag, seen);
  detail = fmt::format("flag {} off; every instance sees it after {:.1f} s", step.flag, propagation);
  const auto& fault = ctx.scenario.fault;
  if (!fault || fault->flag != step.flag) return true;
  sg4::Actor::create("flag-propagation", sg4::this_actor::get_host(), [&ctx, seen] {
    sg4::this_actor::sleep_until(seen);
    sync(ctx);
    const model::FaultSpec& f = *ctx.scenario.fault;
    ctx.levers.end_fault(ctx.scenario.service_index(f.service), f.version);
    log().info("flag {} is off everywhere: the fault on {}/{} ends", f.flag, f.service,
               model::to_string(f.version));
  })->daemonize();
  return true;
}

bool db_restore(DrillContext& ctx, const StepSpec& step, int, model::Rng&, std::string& detail) {
  const int store = ctx.scenario.store_index(step.store);
  const model::DataStoreSpec& spec = ctx.scenario.stores[static_cast<std::size_t>(store)];
  const bool before_fault = step.restore_target == StepSpec::RestoreTarget::BeforeFault && ctx.scenario.fault;
  const double target = before_fault ? std::min(ctx.scenario.fault->at_s, now()) : now();
  const double point = spec.restore_point(target, now(), step.point_in_time);
  const double started = now();
  ctx.plane.set_store_down(store, true);
  const std::uint64_t lost = ctx.plane.roll_back_store(store, point);
  log().info("restore of {} to {:.1f} s starts: {} writes lost", spec.name, point, lost);
  sg4::this_actor::sleep_for(spec.restore_duration_s());
  sync(ctx);
  ctx.plane.set_store_down(store, false);
  detail = fmt::format("{}: restored to {:.1f} s from {}; {} writes after it lost; down {:.1f} s", spec.name,
                       point, step.point_in_time ? "backup + WAL" : "backup", lost, now() - started);
  if (spec.migration && !ctx.plane.migration_applied(store)) detail += "; schema before the migration";
  return true;
}

bool db_migrate_down(DrillContext& ctx, const StepSpec& step, int, model::Rng&, std::string& detail) {
  const int store = ctx.scenario.store_index(step.store);
  const model::DataStoreSpec& spec = ctx.scenario.stores[static_cast<std::size_t>(store)];
  if (!ctx.plane.migration_applied(store)) {
    detail = fmt::format("{}: {} is not applied: nothing to revert", spec.name,
                         model::to_string(spec.migration->kind));
    return true;
  }
  const std::uint64_t lost = ctx.plane.migrate_down(store);
  detail =
      fmt::format("{}: {} reverted; {} writes lost", spec.name, model::to_string(spec.migration->kind), lost);
  return true;
}

bool verify(DrillContext& ctx, const StepSpec& step, int service, model::Rng&, std::string& detail) {
  const std::int64_t end = ctx.plane.completed_seconds();
  const auto window = static_cast<std::int64_t>(std::ceil(step.window_s));
  const bool healthy = ctx.plane.within_slo(service, end - window, end);
  detail =
      fmt::format("{} {} within SLO over the last {} s", step.service, healthy ? "was" : "was not", window);
  return healthy;
}

struct Row {
  Action action;
  Handler handler;
};

// One row per action, in the enum's order (checked below).
constexpr Row kHandlers[] = {
    {Action::ShiftTraffic, shift_traffic},
    {Action::Scale, scale},
    {Action::Wait, time_only},
    {Action::Verify, verify},
    {Action::RolloutUndo, rollout_undo},
    {Action::SetImage, roll_to_version},
    {Action::Manual, time_only},
    {Action::Notify, time_only},
    {Action::DbRestore, db_restore},
    {Action::DbMigrateDown, db_migrate_down},
    {Action::MaintenanceMode, maintenance_mode},
    {Action::DisableFlag, disable_flag},
    {Action::PipelineRedeploy, roll_to_version},
    {Action::InfraRollback, time_only},
    {Action::StatusPage, time_only},
    {Action::RestoreConfig, restore_config},
    {Action::RolloutPause, rollout_pause},
    {Action::RolloutResume, rollout_resume},
    {Action::ScaleDeployment, scale_deployment},
};

// ScaleDeployment is the enum's last value (model::step_action_names relies on it too).
constexpr std::size_t kActions = static_cast<std::size_t>(Action::ScaleDeployment) + 1;
static_assert(std::size(kHandlers) == kActions, "one handler per StepSpec::Action");
static_assert(
    [] {
      for (std::size_t i = 0; i < std::size(kHandlers); ++i) {
        if (static_cast<std::size_t>(kHandlers[i].action) != i) return false;
      }
      return true;
    }(),
    "kHandlers in StepSpec::Action order");

}  // namespace

bool perform_action(DrillContext& ctx, const StepSpec& step, model::Rng& rng, std::string& detail) {
  const int service = step.service.empty() ? -1 : ctx.scenario.service_index(step.service);
  return kHandlers[static_cast<std::size_t>(step.action)].handler(ctx, step, service, rng, detail);
}

}  // namespace drillsim::engine
