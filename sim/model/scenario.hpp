// The scenario: everything a drill needs, as plain values. It is built by io::load_scenario (the only
// code that reads user files), validated there, and read by the engine. No I/O here. Each section's
// model is a header of its own (scenario_services, _stores, _faults, _detection, _response, _plan);
// this one holds the objectives and the whole.
//
// Units: every time is in simulated seconds (suffix _s), every rate in requests per second (_rps),
// probabilities and weights in [0, 1]. docs/scenario-format.md documents each field with its default.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "model/distribution.hpp"
#include "model/scenario_detection.hpp"
#include "model/scenario_faults.hpp"
#include "model/scenario_plan.hpp"
#include "model/scenario_response.hpp"
#include "model/scenario_services.hpp"
#include "model/scenario_stores.hpp"

namespace drillsim::model {

struct ObjectiveSpec {
  std::string service;
  double rto_s = 0.0;  // Recovery time objective: time_to_restore must not exceed it.
  double rpo_s = 0.0;  // Recovery point objective: the data loss window must not exceed it.
};

struct Scenario {
  std::string name;
  std::string description;
  // What the scenario's author invented rather than took from the system (a scaffolded drill's
  // traffic, replica counts, default durations, responder model): carried into the report.
  std::vector<std::string> assumptions;
  std::string source_file;  // Where it was loaded from (for messages and the report).
  double duration_s = 3600.0;
  std::uint64_t seed = 1;
  std::vector<ServiceSpec> services;
  std::vector<DataStoreSpec> stores;
  std::vector<DeploymentSpec> deployments;
  std::optional<FaultSpec> fault;
  std::vector<std::string> flags;  // Feature flags besides the fault's: turning one off ends nothing.
  // Detection signals.
  std::vector<AlertRuleSpec> alerts;
  std::vector<ProbeSpec> probes;
  std::vector<SmokeTestSpec> smoke_tests;
  std::optional<ComplaintsSpec> complaints;
  std::vector<IntegrityCheckSpec> integrity_checks;
  std::optional<RuleFilesSpec> rule_files;  // "detection": the team's Prometheus rule files.
  AlertmanagerSpec alertmanager;
  std::optional<ResponderSpec> responder;
  std::optional<DecisionSpec> decision;
  std::optional<PlanSpec> plan;
  std::vector<ObjectiveSpec> objectives;
  std::vector<std::string> conditions;  // The plan's "when" texts that hold in this scenario.

  // Index of the named service (or data store), or -1.
  int service_index(const std::string& name) const;
  int store_index(const std::string& name) const;
};

}  // namespace drillsim::model
