// drillsim lint: a runbook's own claims, checked without running anything (the simulated replay against
// a scenario is the CLI's, which owns the engine). docs/runbook-import.md lists every check.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "runbook/importer.hpp"

namespace drillsim::runbook {

struct LintFinding {
  enum class Severity { Fail, Warn };  // Fail: a claim of the runbook does not hold.
  // What the finding rests on: the runbook's own words (its estimates, commands, tables), or an
  // assumption (a default duration, the responder model, a scenario's invented system).
  enum class Basis { Runbook, Assumption };
  Severity severity = Severity::Warn;
  std::string check;  // "level-budget", "verification", "order", "scale-to-zero", "restore-point",
                      // "no-estimate", "trigger-duration", "contradiction", "no-change", "paused-undo",
                      // "simulated-budget", "objective"
  int line = 0;
  std::string text;
  Basis basis = Basis::Runbook;
};

// The checks on the imported plan and, when `markdown` (the runbook's text) is given, on its words:
// verification in the text after a change, contradicting durations or RTOs, an undo of a paused
// Deployment.
std::vector<LintFinding> lint_runbook(const ImportResult& imported, std::string_view markdown = {});

// Why `text` is not a Markdown runbook (JSON, YAML such as a Prometheus rule file, a script or source
// code, an empty or binary file), or nullopt when it may be one. lint and scaffold give no verdict on
// such a file.
std::optional<std::string> not_a_runbook(std::string_view text);

bool any_failure(const std::vector<LintFinding>& findings);
std::string format_findings(const std::vector<LintFinding>& findings, const std::string& file);
nlohmann::ordered_json findings_to_json(const std::vector<LintFinding>& findings);

}  // namespace drillsim::runbook
