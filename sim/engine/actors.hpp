// The drill's discrete actors. All run on the "control" host and share one DrillContext; each wakes at
// its own simulated instants, first advances the data plane to now, then reads or changes it.
//
// Message flow (mailboxes carry a non-owning pointer to the context's IncidentRecord):
//   detection actors --signal_fired()--> the Alertmanager group --"alertmanager" (wake-up)--> Alertmanager
//   Alertmanager (first notification) or complaints --page()--> "responder" --> Responder --"plan"-->
//   PlanExecutor
// The detection actors are one per alert rule, probe, smoke test and integrity check, and one for
// complaints (detection.cpp). Deployment and the fault act at their scheduled times (faults.cpp). A
// rollout that outlives its step goes on in a "rollout" actor of its own. Horizon is the only non-daemon
// actor: when it ends at the drill's duration, SimGrid ends every other actor wherever it is.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/data_plane.hpp"
#include "engine/kube.hpp"
#include "metrics/prometheus.hpp"
#include "model/drill_result.hpp"
#include "model/scenario.hpp"

namespace drillsim::engine {

// What kube-state-metrics and cAdvisor would export about a service's containers.
struct ContainerHealth {
  std::vector<double> restarts_at;   // Every container restart (crash), in time order.
  std::vector<double> oom_kills_at;  // Those that were OOMKills.
  // Memory: a leaking version's containers grow from base at their own rate since they were Ready.
  bool leaking = false;
  model::Version leaking_version = model::Version::New;
  std::map<std::uint64_t, double> leak_mb_per_s;  // By pod uid.
};

struct DrillContext {
  const model::Scenario& scenario;
  DataPlane& plane;
  Cluster& cluster;
  std::uint64_t seed;
  model::IncidentRecord incident;  // Meaningful when scenario.fault is set.
  model::PlanOutcome plan;
  bool plan_running = false;
  std::map<std::string, double> flags_off_at;  // Feature flags turned off: when every instance sees it.
  std::vector<model::SignalRecord> signals;    // One per detection signal (signal_index order).
  metrics::prom::AlertGroup alert_group;       // The incident's Alertmanager group.
  bool paged = false;
  std::vector<ContainerHealth> health;  // Per service.
  std::size_t start_level = 0;          // The plan level the decision picked.
  bool fault_fixed = false;             // A fix-forward (or the fault's own end) ended the fault.
  std::vector<model::Draw> draws;       // The uncertain durations drawn (DrillResult::draws).
};

// Each function is an actor body; it returns when its work is done (or never, for the receivers).
void horizon_actor(DrillContext& ctx);
void deployment_actor(DrillContext& ctx, const model::DeploymentSpec& deployment);
void fault_actor(DrillContext& ctx);
void migration_actor(DrillContext& ctx, int store);
void alert_evaluator_actor(DrillContext& ctx, std::size_t rule);
void probe_actor(DrillContext& ctx, std::size_t probe);
void smoke_test_actor(DrillContext& ctx, std::size_t test);
void complaints_actor(DrillContext& ctx);
void integrity_check_actor(DrillContext& ctx, std::size_t check);
void alertmanager_actor(DrillContext& ctx);
void responder_actor(DrillContext& ctx);
void plan_executor_actor(DrillContext& ctx);

// The records of every signal of the scenario, in the order alerts, probes, smoke tests, complaints,
// integrity checks; signal_fired / signal_resolved take an index into it.
std::vector<model::SignalRecord> make_signal_records(const model::Scenario& scenario);

// Where each kind's signals start in that order (alert rules start at 0).
struct SignalIndex {
  std::size_t probes = 0;
  std::size_t smoke_tests = 0;
  std::size_t complaints = 0;
  std::size_t integrity_checks = 0;
};
SignalIndex signal_index(const model::Scenario& scenario);

// Starts an actor for each rollout of the service in progress that nobody drives (Kubernetes carries on
// with a rollout no step waits for); none while the Deployment is paused.
void drive_rollouts(DrillContext& ctx, int service);

// Ends the fault now (its duration ran out, or a fix-forward shipped).
void end_fault(DrillContext& ctx);

// The memory utilisation gauge of the service at t_s <= now(): the largest working set / limit of its
// containers Ready then (judged on the pods of now), 0.5 for a service without a memory fault.
double memory_utilisation(const DrillContext& ctx, int service, double t_s);
// Connections in use / pool size of the service at t_s (0.25 without a pool fault).
double pool_utilisation(const DrillContext& ctx, int service, double t_s);

}  // namespace drillsim::engine
