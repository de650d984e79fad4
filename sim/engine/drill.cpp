#include "engine/drill.hpp"

#include <xbt/log.h>
#include <simgrid/s4u.hpp>

#include <atomic>
#include <optional>
#include <stdexcept>
#include <utility>

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

  // The endpoints are the cluster's (its only writer), the levers the faults' and the actions'; the
  // plane's kernel reads both.
  Endpoints endpoints(scenario);
  FaultLevers levers(scenario);
  DataPlane plane(scenario, options.seed, endpoints, levers, options.latency_percentiles,
                  options.stream_long_series);
  Cluster cluster(scenario, plane, endpoints, options.seed);
  IncidentRecorder recorder(scenario);
  FaultState faults(scenario.services.size());
  DrillContext ctx{.scenario = scenario,
                   .plane = plane,
                   .cluster = cluster,
                   .levers = levers,
                   .recorder = recorder,
                   .faults = faults,
                   .seed = options.seed};
  Alertmanager alertmanager(ctx);
  std::optional<Responder> responder;
  if (scenario.responder) responder.emplace(ctx);
  std::optional<PlanExecutor> executor;
  if (scenario.plan) executor.emplace(ctx);

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
  Alertmanager& am = alertmanager;
  for (std::size_t i = 0; i < scenario.alerts.size(); ++i)
    daemon("alert-evaluator", [&ctx, &am, i] { alert_evaluator_actor(ctx, am, i); });
  for (std::size_t i = 0; i < scenario.probes.size(); ++i)
    daemon("probe", [&ctx, &am, i] { probe_actor(ctx, am, i); });
  for (std::size_t i = 0; i < scenario.smoke_tests.size(); ++i)
    daemon("smoke-test", [&ctx, &am, i] { smoke_test_actor(ctx, am, i); });
  if (scenario.complaints && scenario.fault) daemon("complaints", [&ctx, &am] { complaints_actor(ctx, am); });
  for (std::size_t i = 0; i < scenario.integrity_checks.size(); ++i)
    daemon("integrity-check", [&ctx, &am, i] { integrity_check_actor(ctx, am, i); });
  if (scenario.rule_files) {
    ScrapedSeries* scraped = options.scraped;
    daemon("rule-files", [&ctx, &am, scraped] { rule_files_actor(ctx, am, scraped); });
  }
  daemon("alertmanager", [&am] { am.run(); });
  if (responder) daemon("responder", [&responder] { responder->run(); });
  if (executor) daemon("plan-executor", [&executor] { executor->run(); });

  engine.run();

  model::DrillResult result;
  result.seed = options.seed;
  plane.finish(result);
  if (scenario.fault) {
    model::IncidentRecord incident = recorder.incident();
    const auto onset = plane.first_fault_effect(scenario.service_index(scenario.fault->service));
    if (onset) incident.timeline.record(model::Instant::Onset, *onset);
    result.incident = std::move(incident);
  }
  if (executor) result.plan = executor->outcome();
  result.signals = recorder.signals();
  result.engine_violations = cluster.violations();
  result.draws = recorder.take_draws();
  return result;
}

}  // namespace drillsim::engine
