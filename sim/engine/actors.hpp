// The drill's discrete actors. All run on the "control" host. Each owns its state and talks to the
// others in typed, owned messages (engine/messages.hpp); what they all share is in DrillContext: the
// scenario, the data plane and the cluster (levers and read-outs), the incident recorder and the seed.
// Each wakes at its own simulated instants, first advances the data plane to now, then reads or changes
// it.
//
// Message flow (docs/architecture.md has the table):
//   detection actors --SignalFired/SignalResolved--> Alertmanager --GroupStarted--> its own actor
//   Alertmanager (first notification, or complaints) --Page--> Responder --Decision--> PlanExecutor
// The detection actors are one per alert rule, probe, smoke test and integrity check, and one for
// complaints (detection.cpp). Deployment and the fault act at their scheduled times (faults.cpp). A
// rollout that outlives its step goes on in a "rollout" actor of its own. Horizon is the only non-daemon
// actor: when it ends at the drill's duration, SimGrid ends every other actor wherever it is.
#pragma once

#include <simgrid/forward.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/data_plane.hpp"
#include "engine/endpoints.hpp"
#include "engine/fault_levers.hpp"
#include "engine/fault_state.hpp"
#include "engine/incident_recorder.hpp"
#include "engine/kube.hpp"
#include "engine/messages.hpp"
#include "metrics/plan_interpreter.hpp"
#include "metrics/prometheus.hpp"
#include "model/drill_result.hpp"
#include "model/random.hpp"
#include "model/scenario.hpp"
#include "promql/alertmanager.hpp"

namespace drillsim::engine {

// What the actors share. `plane` and `cluster` are the simulated system: every actor may pull its levers
// and read it out. `recorder` owns the incident's record; each actor writes the facts of its own events.
// `faults` owns the fault's state (fault_state.hpp): the flags turned off (a lever of the plan), the
// containers' health (read by the alert rules), and whether the fault was fixed.
struct DrillContext {
  const model::Scenario& scenario;
  DataPlane& plane;
  Cluster& cluster;
  FaultLevers& levers;
  IncidentRecorder& recorder;
  FaultState& faults;
  std::uint64_t seed;
  // Per service: notified when a rollout is superseded or the Deployment paused, so that the actor
  // waiting on it wakes at that instant (rollouts.cpp). Created on first use, inside the SimGrid engine.
  std::vector<simgrid::s4u::ConditionVariablePtr> rollout_superseded{};
  simgrid::s4u::MutexPtr rollout_mutex{};
};

// Alertmanager, and the router of every detection signal. It owns the incident's alert group and
// whether the on-call was paged. A detection actor hands it SignalFired / SignalResolved by a call at
// the instant of the event, not through a mailbox: the group changes in the same scheduling round as
// the event, so a change and a flush due at the same instant keep their order; a mailbox would add a
// round and could move a notification past the flush. The first signal after the fault started that
// concerns the incident's service is its `detect`; complaints page directly (people, not alerts); a
// signal that fires before any fault is a false alarm: logged, never paged.
class Alertmanager {
 public:
  explicit Alertmanager(DrillContext& ctx);
  void signal_fired(const SignalFired& fired);
  void signal_resolved(const SignalResolved& resolved);
  // The actor (dispatch.go): waits for GroupStarted, then flushes the group group_wait after its first
  // alert and every group_interval; a flush notifies when the firing set changed or repeat_interval
  // passed. The first notification with an alert firing pages (a Page to the responder).
  void run();
  // With an Alertmanager config (scenario.alertmanager.config): one alert of signal `signal` (a rule
  // file's alert: its labels, alertname included) fires / resolves at t_s. Other signals go to the
  // dispatcher from signal_fired / signal_resolved with the labels alertname and service.
  bool routes_alerts() const { return dispatcher_ != nullptr; }
  void alert_fired(std::size_t signal, const promql::Labels& labels, double t_s);
  void alert_resolved(const promql::Labels& labels, double t_s);

 private:
  bool concerns_incident(std::size_t signal) const;
  void page(double t_s, std::size_t tier = 0);
  // One aggregation group's actor: flushes it at each of its flushes until it is gone.
  void group_actor(const promql::AmGroupKey& key);
  void notify(const promql::AmNotification& notification);

  DrillContext& ctx_;
  metrics::prom::AlertGroup group_;
  bool paged_ = false;
  // With a config: the dispatcher, each receiver's tier (absent: pages nobody), each alert's signal and
  // whether it may page (it fired after the fault started and concerns the incident).
  std::unique_ptr<promql::AlertmanagerConfig> config_;
  std::unique_ptr<promql::AmDispatcher> dispatcher_;
  std::map<std::string, std::size_t> receiver_tiers_;
  std::map<promql::Labels, bool> may_page_;
};

// The on-call: receives the Page; acknowledges after `ack` (escalating along the path while nobody
// has); assesses; decides (metrics::decide), then ships a fix-forward itself or sends the Decision to the
// plan executor. Owns its random streams.
class Responder {
 public:
  explicit Responder(DrillContext& ctx) : ctx_(ctx) {}
  void run();

 private:
  DrillContext& ctx_;
};

// The plan executor: a protocol shell around metrics::PlanInterpreter. Receives the Decision, then
// starts the steps the interpreter names (a parallel group in worker actors), sleeps their durations,
// performs their actions, and feeds their ends back. Owns the plan's outcome (through the interpreter)
// and each step's random streams; run_drill reads outcome() when the drill ends.
// REQUIRES: ctx.scenario.plan is set.
class PlanExecutor {
 public:
  explicit PlanExecutor(DrillContext& ctx);
  void run();
  // The plan's outcome when the drill ends now (a running plan is "unfinished").
  model::PlanOutcome outcome() const { return interpreter_.final_outcome(); }

 private:
  struct Streams {
    model::Rng durations;
    model::Rng failures;
  };
  Streams& streams(const std::string& level, const std::string& step);
  // Runs one step's attempts; returns whether it passed, and what it did in `detail`.
  bool run_step(const model::StepSpec& spec, std::size_t record, Streams& streams, std::string& detail);
  // Writes the interpreter's instants on the incident's timeline.
  void publish();

  DrillContext& ctx_;
  metrics::PlanInterpreter interpreter_;
  std::map<std::string, Streams> streams_;
};

// Actor bodies; each returns when its work is done. The detection actors report to `alertmanager`.
void horizon_actor(DrillContext& ctx);
void deployment_actor(DrillContext& ctx, const model::DeploymentSpec& deployment);
void fault_actor(DrillContext& ctx);
void migration_actor(DrillContext& ctx, int store);
void alert_evaluator_actor(DrillContext& ctx, Alertmanager& alertmanager, std::size_t rule);
void probe_actor(DrillContext& ctx, Alertmanager& alertmanager, std::size_t probe);
void smoke_test_actor(DrillContext& ctx, Alertmanager& alertmanager, std::size_t test);
void complaints_actor(DrillContext& ctx, Alertmanager& alertmanager);
void integrity_check_actor(DrillContext& ctx, Alertmanager& alertmanager, std::size_t check);
// The scenario's rule files: scrapes the labelled series (PromSeries) and evaluates each rule group at
// its interval; an alert name's first firing alert fires its signal, the last one resolving resolves it.
struct ScrapedSeries;
void rule_files_actor(DrillContext& ctx, Alertmanager& alertmanager, ScrapedSeries* scraped);

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
