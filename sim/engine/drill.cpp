#include "engine/drill.hpp"

#include <xbt/log.h>
#include <simgrid/s4u.hpp>

#include <algorithm>
#include <atomic>
#include <optional>
#include <stdexcept>

#include "engine/actors.hpp"
#include "engine/data_plane.hpp"
#include "engine/engine_log.hpp"

namespace sg4 = simgrid::s4u;

namespace drillsim::engine {

namespace {

// The control host's speed (flop/s). No actor computes: they only sleep and exchange messages.
constexpr double kNominalSpeed = 1e9;

}  // namespace

model::DrillResult run_drill(const model::Scenario& scenario, const DrillOptions& options) {
  static std::atomic<bool> used{false};
  if (used.exchange(true)) {
    throw std::logic_error(
        "run_drill: a SimGrid engine runs once per process; start a new process per drill");
  }

  // Settings go in as command-line arguments: some (the context factory) are read while the engine is
  // built, before set_config could reach them.
  std::vector<std::string> arguments{"drillsim"};
#if defined(DRILLSIM_SANITIZE)
  // ASan cannot follow SimGrid's hand-switched actor stacks (Debian's SimGrid is built without the
  // sanitizer's fiber annotations): an actor ended at the horizon unwinds on a stack ASan does not
  // know and is reported as a stack overflow. One system thread per actor keeps every stack known.
  arguments.emplace_back("--cfg=contexts/factory:thread");
#endif
  for (const auto& setting : options.simgrid_config)
    arguments.push_back("--cfg=" + setting);
  std::vector<char*> argv;
  for (auto& argument : arguments)
    argv.push_back(argument.data());
  int argc = static_cast<int>(argv.size());
  xbt_log_control_set(options.simgrid_log.empty() ? "root.thresh:critical" : options.simgrid_log.c_str());
  std::optional<sg4::Engine> engine_holder;
  try {
    engine_holder.emplace(&argc, argv.data());
  } catch (const std::exception& e) {
    const std::string what = e.what();
    throw SimGridConfigError(what.substr(0, what.find('\n')));
  }
  sg4::Engine& engine = *engine_holder;

  // Platform: one host for the control actors. Requests are not SimGrid activities (they live in the
  // data plane's kernel) and nothing crosses a simulated network, so no other host or link is needed.
  auto* zone = sg4::create_full_zone("drill");
  sg4::Host* control = zone->create_host("control", kNominalSpeed);
  zone->seal();

  DataPlane plane(scenario, options.seed);
  Cluster cluster(scenario, plane, options.seed);
  DrillContext ctx{.scenario = scenario,
                   .plane = plane,
                   .cluster = cluster,
                   .seed = options.seed,
                   .incident = {},
                   .plan = {},
                   .plan_running = false,
                   .flags_off_at = {},
                   .signals = make_signal_records(scenario),
                   .alert_group = metrics::prom::AlertGroup({scenario.alertmanager.group_wait_s,
                                                             scenario.alertmanager.group_interval_s,
                                                             scenario.alertmanager.repeat_interval_s}),
                   .paged = false,
                   .health = std::vector<ContainerHealth>(scenario.services.size()),
                   .start_level = 0,
                   .fault_fixed = false,
                   .draws = {}};
  if (scenario.fault) {
    ctx.incident.service = scenario.fault->service;
    ctx.incident.fault = model::to_string(scenario.fault->kind);
    ctx.incident.fault_start_s = scenario.fault->at_s;
  }
  if (scenario.plan) {
    for (const auto& level : scenario.plan->levels) {
      model::LevelOutcome outcome;
      outcome.name = level.name;
      outcome.claim_s = level.claim_s;
      outcome.outcome = "not_run";
      ctx.plan.levels.push_back(std::move(outcome));
    }
  }

  sg4::Actor::create("horizon", control, [&ctx] { horizon_actor(ctx); });
  auto daemon = [control](const std::string& name, std::function<void()> body) {
    sg4::Actor::create(name, control, std::move(body))->daemonize();
  };
  for (const auto& deployment : scenario.deployments) {
    daemon("deployment", [&ctx, &deployment] { deployment_actor(ctx, deployment); });
  }
  if (scenario.fault) daemon("fault", [&ctx] { fault_actor(ctx); });
  for (std::size_t i = 0; i < scenario.stores.size(); ++i) {
    const auto& migration = scenario.stores[i].migration;
    if (migration && migration->applied_at_s > 0.0) {
      daemon("migration", [&ctx, i] { migration_actor(ctx, static_cast<int>(i)); });
    }
  }
  for (std::size_t i = 0; i < scenario.alerts.size(); ++i)
    daemon("alert-evaluator", [&ctx, i] { alert_evaluator_actor(ctx, i); });
  for (std::size_t i = 0; i < scenario.probes.size(); ++i)
    daemon("probe", [&ctx, i] { probe_actor(ctx, i); });
  for (std::size_t i = 0; i < scenario.smoke_tests.size(); ++i)
    daemon("smoke-test", [&ctx, i] { smoke_test_actor(ctx, i); });
  if (scenario.complaints && scenario.fault) daemon("complaints", [&ctx] { complaints_actor(ctx); });
  for (std::size_t i = 0; i < scenario.integrity_checks.size(); ++i)
    daemon("integrity-check", [&ctx, i] { integrity_check_actor(ctx, i); });
  daemon("alertmanager", [&ctx] { alertmanager_actor(ctx); });
  if (scenario.responder) daemon("responder", [&ctx] { responder_actor(ctx); });
  if (scenario.plan) daemon("plan-executor", [&ctx] { plan_executor_actor(ctx); });

  engine.run();

  model::DrillResult result;
  result.seed = options.seed;
  plane.finish(result);
  if (scenario.fault) {
    const auto onset = plane.first_fault_effect(scenario.service_index(scenario.fault->service));
    if (onset) ctx.incident.timeline.record(model::Instant::Onset, *onset);
    result.incident = ctx.incident;
  }
  if (scenario.plan) {
    if (ctx.plan_running) {
      ctx.plan.exit_state = "unfinished";
      ctx.plan.reason = "the drill ended while the plan was running";
    } else if (ctx.plan.exit_state == "not_started") {
      ctx.plan.reason = "no rollback decision was taken before the drill ended";
    }
    // The steps that never ran, in plan order, after those that did.
    for (const auto& level : scenario.plan->levels) {
      for (const auto& step : level.steps) {
        const bool ran = std::any_of(
            ctx.plan.steps.begin(), ctx.plan.steps.end(),
            [&](const model::StepOutcome& o) { return o.name == step.name && o.level == level.name; });
        if (ran) continue;
        model::StepOutcome outcome;
        outcome.name = step.name;
        outcome.action = model::to_string(step.action);
        outcome.level = level.name;
        ctx.plan.steps.push_back(std::move(outcome));
      }
    }
  }
  result.plan = ctx.plan;
  result.signals = ctx.signals;
  result.engine_violations = cluster.violations();
  result.draws = std::move(ctx.draws);
  return result;
}

}  // namespace drillsim::engine
