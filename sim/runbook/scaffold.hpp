// drillsim scaffold: from an imported runbook to a drill that runs without edits
// (docs/runbook-import.md#scaffold). The plan is the import's, made loadable; the scenario declares
// the services and stores the plan and the triggers name, injects the incident the replayed level is
// written for, detects it with the runbook's own triggers, holds it against the runbook's RTO/RPO
// table and replays the chosen level. Every value it had to invent is listed in "assumptions".
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "runbook/importer.hpp"

namespace drillsim::runbook {

struct ScaffoldOptions {
  // The level to replay: "" (the first), a 1-based number ("2"), or a name: the exact name, else
  // the one level whose name contains it, ignoring case.
  std::string level;
  std::string name;                     // The scenario's name; "" gives "scaffold".
  std::string runbook_file;             // For the description only.
  std::string plan_file = "plan.json";  // The scenario's "plan": the plan file next to it.
};

struct ScaffoldResult {
  nlohmann::ordered_json plan;           // What plan.json holds.
  nlohmann::ordered_json scenario;       // What scenario.json holds; its "plan" names plan_file.
  std::string level;                     // The level the decision replays.
  std::string incident;                  // "bad_release", "bad_config" or "data_corruption".
  std::vector<std::string> assumptions;  // Also in scenario["assumptions"].
  // What the scaffold could not carry over or had to change, for the user to read: objective rows
  // that name no service, steps turned manual, the runbook's own decision rules left out.
  std::vector<std::string> notes;
};

// --level names no level of the plan, or the plan has no step: what() says which and lists the levels.
struct ScaffoldError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

ScaffoldResult scaffold(const ImportResult& imported, const ScaffoldOptions& options);

}  // namespace drillsim::runbook
