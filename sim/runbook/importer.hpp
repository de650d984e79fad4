// A Markdown runbook in, an executable plan out (docs/runbook-import.md): levels and their time budgets,
// ordered steps with durations and actions (through the command catalogue), alternatives, gates and
// undo pairs, triggers as detection rules, RTO/RPO tables and decision tables. Everything the importer
// did not understand is listed with its line, never silently dropped.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace drillsim::runbook {

struct ImportNote {
  enum class Kind {
    Level,            // A level (or rollback type) and its budget.
    Step,             // A step mapped to an action.
    ManualStep,       // A step kept as manual: no command the catalogue knows.
    UnknownCommand,   // A command the catalogue does not know.
    DefaultDuration,  // A step with no time estimate: the documented default was used.
    Alternative,      // An alternative (Option B, Via Y, another platform) not run one after another.
    Gate,             // A go / no-go check or an approval.
    Pair,             // Something that must be undone later (pause/resume, maintenance on/off).
    Trigger,          // A trigger turned into a detection rule.
    Unexpressed,      // A trigger or decision that cannot be expressed: kept as text.
    Objective,        // An RTO/RPO row.
    Decision,         // A decision rule from a flowchart or a table.
    Placeholder,      // A value left to fill in (<previous-version>, [DOMAIN], ${VAR}): not taken.
    Contradiction,    // Two statements of the document that disagree.
    NotDuration,      // A duration that is not a step's: a window, a deadline, a timeout, a frequency.
    NotStep,          // A section that is not procedure (contents, contacts, troubleshooting, ...).
    Correction,       // A correction from the runbook's comments or its sidecar file, applied or unused.
  };
  int line = 0;
  Kind kind = Kind::Step;
  std::string text;
  int end_line = 0;  // The last line it is about (>= line; a step's source spans several lines).
};
const char* to_string(ImportNote::Kind kind);

struct ImportStats {
  int steps_found = 0;   // Steps in the plan.
  int steps_mapped = 0;  // Of them, mapped to an action that changes the simulated system or checks it.
  int steps_manual = 0;  // Kept as manual or time-only (notify, status page, wait).
};

struct ImportResult {
  std::string title;
  // The plan, in the scenario format's "plan" object (docs/plan-format.md). Service names are the
  // commands' targets (a placeholder becomes "app"); stores are "db" unless a command names one.
  nlohmann::ordered_json plan;
  nlohmann::ordered_json alerts = nlohmann::ordered_json::array();            // Triggers as alert rules.
  nlohmann::ordered_json probes = nlohmann::ordered_json::array();            // "health check fails N times"
  nlohmann::ordered_json smoke_tests = nlohmann::ordered_json::array();       // "smoke tests fail"
  nlohmann::ordered_json integrity_checks = nlohmann::ordered_json::array();  // "data integrity check fails"
  nlohmann::ordered_json complaints;                                    // "customer complaints" (null: none)
  nlohmann::ordered_json objectives = nlohmann::ordered_json::array();  // {"key", "rto_s", "rpo_s"} rows
  nlohmann::ordered_json decision = nlohmann::ordered_json::object();   // {"rules": [...]} when found
  std::vector<std::string> services;         // Every service the plan names, in first-use order.
  std::vector<std::string> stores;           // Every store the plan names.
  std::vector<std::string> migrated_stores;  // Of them, those a db_migrate_down step reverts (they need
                                             // a "migration" in the scenario).
  std::vector<std::string> flags;            // Every feature flag a disable_flag step turns off.
  std::vector<ImportNote> notes;             // In line order.
  ImportStats stats;
  // For lint: each step's duration as the runbook states it (mean, seconds; absent: no estimate), its
  // line, and the backup intervals the text mentions ("backups every 6 hours"); whether it mentions
  // point-in-time recovery (WAL / binlog archiving).
  std::map<std::string, double> stated_s;
  std::map<std::string, int> step_line;
  std::map<std::string, int> step_end_line;  // The last source line of each step (its "source").
  std::map<std::string, int> level_line;
  std::vector<double> backup_intervals_s;
  bool mentions_pitr = false;
};

// Imports `markdown` (any bytes). Never throws on content; an empty document gives an empty plan.
// `sidecar` is the text of the runbook's corrections file (sidecar_path), "" for none: corrections there
// and in the runbook's own `<!-- drillsim: key=value ... -->` comments are applied to the steps they name,
// and each one is reported, applied or unused (docs/runbook-import.md, corrections).
ImportResult import_runbook(std::string_view markdown, std::string_view sidecar = {});

// The corrections file of a runbook: "ops/RUNBOOK.md" -> "ops/RUNBOOK.drillsim.json".
std::string sidecar_path(const std::string& runbook_file);

// The import report as people read it: what was understood and what was not, with line numbers.
std::string format_import_report(const ImportResult& result, const std::string& file);

// The import result as JSON: {"title", "plan", "detection": {"alerts", "probes"}, "objectives",
// "decision", "notes": [{"line", "kind", "text"}], "stats"}.
nlohmann::ordered_json import_to_json(const ImportResult& result);

// A value's JSON text for a note or a message. A runbook is any bytes, so a name may hold invalid
// UTF-8: it is written as U+FFFD instead of throwing.
inline std::string json_text(const nlohmann::ordered_json& value) {
  return value.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace drillsim::runbook
