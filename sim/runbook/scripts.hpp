// Whole scripts shown as files (docs/runbook-import.md, "Whole scripts"). A runbook often prints a
// complete program in one fence: a `#!/bin/bash` line, the file's name in its first comment or in the
// sentence before it ("Save it as restore.sh"), `set -euo pipefail`, variables, functions, echo lines.
// Such a script is one artifact. Its comments are the programmer's notes, not the runbook's steps, when
// the script is a tool beside the procedure (a health check, a validation or monitoring job, automation
// that runs by itself), when another line of the document runs it by name (that line is the step), or
// when it repeats, as one file, steps the document gave before it. When it is the procedure itself (the
// only place the document writes the stage down), its commented groups stay its steps, but the script's
// own scaffolding (banners it echoes, settings, variables) is no step.
//
// Pure functions on text: the importer gives them a code block's text and the words around it.
#pragma once

#include <string>
#include <string_view>

namespace drillsim::runbook {

// What a code block says of itself as a script file.
struct ScriptFile {
  bool whole = false;  // A complete script: a shebang first, or its own file name first or in its lead-in.
  std::string name;    // The file's name ("validate-backups.sh"), empty when it gives none.
  std::string about;   // The first comment that is neither the shebang nor the bare file name.
};

// Reads code block `text` (its info string `info`) with the paragraph just before it, `lead_in` (empty
// when the block follows a heading). A block is a whole script when its first non-blank line is a
// shebang (`#!/bin/bash`, `#!/usr/bin/env bash`), or when its first comment names a script file
// (`# validate-backups.sh - nightly check`, `# File: health.sh`) or its lead-in says to save or create one
// (`Save it as restore.sh`, `Create scripts/failover.sh:`, `File: check.sh`). Not for blocks in another
// language than a shell's.
ScriptFile script_file(std::string_view info, std::string_view text, std::string_view lead_in);

// The script file name (`name.sh`, `scripts/name.bash`, `name.ps1`) a text names first, without its
// directory; empty when there is none.
std::string script_name_in(std::string_view text);

// Whether words (a script's name, its first comment, its section's titles, its lead-in) name a tool
// that serves beside a procedure rather than a stage of it: a health check, a validation, monitoring,
// an audit, a report, automation or a job a scheduler runs (`quick-health-check.sh`, `Backup validation
// script`, `automated-failover.sh`, `run by cron`, `not by hand`).
bool names_tool(std::string_view words);

// Whether line `line` (a line of the document outside the script) runs the script called `name`:
// `./name`, `bash name`, `sh scripts/name`, `sudo ./name args`, or `name` as the first word of an inline
// command. A mention in prose ("failover.sh takes the replica's name") does not run it.
bool runs_script(std::string_view line, std::string_view name);

// Whether a lead-in says that the script after it repeats steps written above ("The script below
// automates steps 3 and 4 outlined above", "The same restore as steps 2 to 6 above").
bool repeats_steps_above(std::string_view lead_in);

// Whether a line of a script is its scaffolding rather than an operation: the shebang, an echo or printf
// that only prints (no redirection, no pipe), a call of a logging function (`log "..."`), a variable set
// to a literal (`NS="payments"`, `export STAMP=1`: no command substitution), `set -e...`, `exit`,
// `fi`/`done`/braces, or a function's opening line.
bool scaffolding_line(std::string_view line);

// Whether a section title names a catalogue of commands to look with, kept for reference beside a
// procedure: monitoring, observing, watching or following, logs, debugging, inspecting, diagnosis, useful
// or handy commands (`Monitoring during the rollout`, `Watch pods`, `View logs`, `Debugging`). A title
// that checks the result (verify, validate, confirm, smoke, test, health, check) names a step instead.
bool names_catalogue(std::string_view title);

}  // namespace drillsim::runbook
