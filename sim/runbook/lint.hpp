// drillsim lint: a runbook's own claims, checked without running anything (the simulated replay against
// a scenario is the CLI's, which owns the engine). docs/runbook-import.md lists every check.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "runbook/importer.hpp"

namespace drillsim::runbook {

struct LintFinding {
  enum class Severity { Fail, Warn };  // Fail: a claim of the runbook does not hold.
  Severity severity = Severity::Warn;
  std::string check;  // "level-budget", "verification", "order", "scale-to-zero", "restore-point",
                      // "no-estimate", "trigger-duration", "contradiction", "simulated-budget", "objective"
  int line = 0;
  std::string text;
};

std::vector<LintFinding> lint_runbook(const ImportResult& imported);

bool any_failure(const std::vector<LintFinding>& findings);
std::string format_findings(const std::vector<LintFinding>& findings, const std::string& file);
nlohmann::ordered_json findings_to_json(const std::vector<LintFinding>& findings);

}  // namespace drillsim::runbook
