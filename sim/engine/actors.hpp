// The drill's discrete actors. All run on the "control" host and share one DrillContext; each wakes at
// its own simulated instants, first advances the data plane to now, then reads or changes it.
//
// Message flow (mailboxes carry a non-owning pointer to the context's IncidentRecord):
//   AlertEvaluator --"alertmanager"--> Alertmanager --"responder"--> Responder --"plan"--> PlanExecutor
// Deployment and FaultInjector act at their scheduled times. A rollout that outlives its step (wait_ready
// false, or its progress deadline passed) goes on in a "rollout" actor of its own. Horizon is the only
// non-daemon actor: when it ends at the drill's duration, SimGrid ends every other actor wherever it is.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "engine/data_plane.hpp"
#include "engine/kube.hpp"
#include "model/drill_result.hpp"
#include "model/scenario.hpp"

namespace drillsim::engine {

struct DrillContext {
  const model::Scenario& scenario;
  DataPlane& plane;
  Cluster& cluster;
  std::uint64_t seed;
  model::IncidentRecord incident;  // Meaningful when scenario.fault is set.
  model::PlanOutcome plan;
  bool plan_running = false;
  std::map<std::string, double> flags_off_at;  // Feature flags turned off: when every instance sees it.
};

// Each function is an actor body; it returns when its work is done (or never, for the receivers).
void horizon_actor(DrillContext& ctx);
void deployment_actor(DrillContext& ctx, const model::DeploymentSpec& deployment);
void fault_actor(DrillContext& ctx);
void migration_actor(DrillContext& ctx, int store);
void alert_evaluator_actor(DrillContext& ctx);
void alertmanager_actor(DrillContext& ctx);
void responder_actor(DrillContext& ctx);
void plan_executor_actor(DrillContext& ctx);

}  // namespace drillsim::engine
