// The scenario's rollback plan: steps and levels.
// Part of the scenario's model (model/scenario.hpp includes every part).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "model/scenario_services.hpp"

namespace drillsim::model {

// One step of a rollback plan. It takes `duration` (the human or the tool doing it), then acts on the
// simulated system; actions that start pods (scale up, rollout_undo, set_image) then wait for them
// to be Ready when wait_ready is set, as `kubectl rollout status` does.
struct StepSpec {
  enum class Action {
    ShiftTraffic,   // Set a service's traffic weights (Routing::Weights).
    Scale,          // Set a version's replica count: down at once, up through pod start and readiness.
    Wait,           // Time only.
    Verify,         // Go / no-go: passes only if the service was within SLO over the last window_s.
    RolloutUndo,    // Roll the service's Deployment back to `version` (default stable) per its strategy.
    SetImage,       // Roll the service's Deployment to `version` (default new) per its strategy.
    Manual,         // A human step: time only (and its failure probability).
    Notify,         // Tell people (status page, chat): time only.
    DbRestore,      // Restore a data store: it is down for its restore time, and every write committed
                    // after the restore point is lost. The service's requests fail while it is down.
                    // A restore point before the migration brings the old schema back.
    DbMigrateDown,  // Revert the store's migration (when the step ends); loses data by kind (MigrationSpec).
    MaintenanceMode,   // Turn a service's maintenance page on (every request is answered "down for
                       // maintenance" at once: failed, no write) or off.
    DisableFlag,       // Turn a feature flag off: the fault behind it ends after `propagation` (a cache TTL).
    PipelineRedeploy,  // A CI pipeline redeploys `version` (default stable): its duration, then a rollout.
    InfraRollback,     // Apply the previous infrastructure (a Terraform-like apply): time only.
    StatusPage,        // Post on the status page: time only.
    RestoreConfig,     // Restore a service's configuration; with `restart`, its pods are restarted
                       // through the strategy (kubectl rollout restart), else it is reloaded in place.
    RolloutPause,      // kubectl rollout pause: the Deployment stops rolling until resumed.
    RolloutResume,     // kubectl rollout resume: the rollouts in progress go on.
    ScaleDeployment,   // kubectl scale deployment --replicas: .spec.replicas of the whole Deployment,
                       // spread over its ReplicaSets in proportion mid-rollout (Cluster::scale_deployment).
  };
  enum class RestoreTarget {
    BeforeFault,  // The latest point reachable at or before the fault started (undo the bad writes).
    Latest,       // The latest point reachable at all (the newest backup or shipped WAL).
  };
  // What follows a failed step once its retries are used up.
  enum class OnFailure {
    Abort,     // Stop the plan: exit state "aborted".
    Continue,  // Go on with the next step: exit state "partial" at the end.
    Escalate,  // Go to level `escalate_to` (default: the next level); none left -> "aborted".
    Block,     // Stop the plan waiting for something outside it (an approval, a person): "blocked".
  };

  std::string name;
  Action action = Action::Wait;
  Distribution duration = Distribution::fixed(0.0);
  bool automated = false;            // Reported; a manual step's duration is a human's.
  double failure_probability = 0.0;  // Each attempt fails with this probability (after its duration).
  int retries = 0;                   // Further attempts after a failed one, each taking a new duration.
  OnFailure on_failure = OnFailure::Abort;
  std::string escalate_to;                  // Escalate: a level's name; empty: the next level.
  std::vector<std::string> requires_steps;  // Steps that must have completed before this one may run;
                                            // otherwise the plan is blocked.
  std::string group;    // Consecutive steps with the same non-empty group run in parallel; the
                        // plan goes on when all of them have ended.
  int source_line = 0;  // Informational: the runbook lines the step was imported from (0: none).
  int source_end_line = 0;
  std::vector<std::string> assumed;  // Informational: keys the importer assumed ("duration").
  std::string when;  // Runs only in a scenario whose "conditions" list this text ("": always). Steps
                     // whose condition does not hold are left out of the plan when it is loaded.

  std::string service;  // ShiftTraffic, Scale, Verify, RolloutUndo, SetImage, PipelineRedeploy,
                        // MaintenanceMode, RestoreConfig, RolloutPause, RolloutResume.
  Weights weights;      // ShiftTraffic.
  Version version =
      Version::New;  // Scale: the version scaled. RolloutUndo, SetImage, PipelineRedeploy: the target.
  int replicas = 0;  // Scale: the target count.
  std::optional<int> rollout_replicas;  // RolloutUndo / SetImage: desired pods; default: both versions' pods.
  bool wait_ready = true;      // Scale up, RolloutUndo, SetImage: the step ends when the pods are Ready.
  double window_s = 60.0;      // Verify: the service must have been within SLO for this long.
  std::string store;           // DbRestore, DbMigrateDown: the data store.
  bool point_in_time = false;  // DbRestore: replay archived WAL (PITR), not only the full backup.
  RestoreTarget restore_target = RestoreTarget::BeforeFault;
  bool maintenance_on = true;  // MaintenanceMode: on or off.
  bool restart = true;         // RestoreConfig: the configuration needs a restart to take effect.
  std::string flag;            // DisableFlag: the flag.
  Distribution propagation = Distribution::fixed(30.0);  // DisableFlag: until every instance sees it.
};

// A level of a runbook ("Level 1: rollback the app, < 5 minutes"): steps run in order, and an
// escalation jumps to another level. claim_s is the runbook's own budget for it, held against the
// simulated time.
struct LevelSpec {
  std::string name;
  std::optional<double> claim_s;
  std::vector<StepSpec> steps;
};

// A plan written with "steps" only has one level with an empty name and no claim.
struct PlanSpec {
  std::string name;
  std::vector<LevelSpec> levels;  // Run from levels[0]; escalation moves between them.
};

const char* to_string(StepSpec::Action action);
// Every action's name, indexed by StepSpec::Action: the one list the loader and the importer check.
const std::vector<std::string_view>& step_action_names();
const char* to_string(StepSpec::OnFailure on_failure);

}  // namespace drillsim::model
