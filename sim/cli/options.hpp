// Command-line parsing: Boost.Program_options in, one plain struct out. Exit codes live here too,
// so that docs/cli.md, main() and the tests agree.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace drillsim::cli {

// Process exit codes (docs/cli.md).
enum ExitCode : int {
  kAllObjectivesMet = 0,
  kObjectiveMissed = 1,
  kUsageError = 2,
  kInvalidInput = 3,
  kCannotWriteOutput = 4,
  kClaimFailed = 5,  // lint: a claim of the runbook fails.
  kOutOfMemory = 6,  // std::bad_alloc: the input asks for more memory than there is.
  // model::ResourceError: a long drill's temporary file cannot be made, written or read back.
  kOutOfResources = 7,
  kInternalError = 70,
  kInterrupted = 130,  // run --runs: Ctrl-C (or SIGTERM) stopped the study; nothing was written.
};

struct RunOptions {
  std::string scenario_file;
  std::optional<std::uint64_t> seed;   // Overrides the scenario's seed.
  std::string out_file;                // Empty: default_report_path().
  bool quiet = false;                  // No summary on stdout.
  bool verbose = false;                // Engine events on stderr as they happen, with simulated time.
  bool stats = false;                  // Wall time, requests per wall second, peak RSS.
  std::optional<double> max_requests;  // --max-requests: raises the request budget (io::LoadLimits).
  std::vector<std::string> simgrid_config;
  std::string simgrid_log;
  // Monte Carlo (docs/monte-carlo.md): --runs N makes this a study of N drills.
  std::optional<std::uint64_t> runs;
  unsigned jobs = 0;                         // 0: the cores available.
  std::vector<std::string> settings;         // --set POINTER=VALUE, in order.
  std::vector<std::string> sweeps;           // --sweep POINTER=v1,v2,...; several make a grid.
  std::optional<std::uint64_t> shard_index;  // --shard i/K.
  std::optional<std::uint64_t> shard_count;
  // --candidate NAME:POINTER=VALUE[,POINTER=VALUE...] (repeatable): rank these changes against the
  // baseline (docs/monte-carlo.md, "Ranking fixes").
  std::vector<std::string> candidates;
  std::string compare_file;  // --compare FILE: more candidates, one NAME:POINTER=VALUE,... a line.
  std::string rank_by;       // --rank-by SERVICE[:rto|rpo]; empty: every objective's RTO together.
  // The scenario's rule files (docs/detection.md): the scraped series as a promtool unit-test file,
  // and as OpenMetrics text. Empty: not written.
  std::string export_series_file;
  std::string openmetrics_file;
};

// drillsim merge A.json B.json ... [-o OUT]
struct MergeOptions {
  std::vector<std::string> files;
  std::string out_file;  // Required: where the merged aggregate is written.
  bool quiet = false;
};

// drillsim import RUNBOOK.md [-o plan.json] [--json]
struct ImportOptions {
  std::string runbook_file;
  std::string out_file;  // Empty: the plan is not written, only the import report printed.
  bool json = false;     // Print the whole import (plan, triggers, notes) as JSON instead of the report.
};

// drillsim lint RUNBOOK.md [--scenario S] [--json]
struct LintOptions {
  std::string runbook_file;
  std::string scenario_file;  // Empty: the static checks only.
  bool json = false;
  std::optional<std::uint64_t> seed;
};

// drillsim scaffold RUNBOOK.md -o DIR [--level NAME|N]
struct ScaffoldOptions {
  std::string runbook_file;
  std::string out_dir;  // Gets plan.json and scenario.json.
  std::string level;    // "": the first level.
};

struct Command {
  enum class Kind { Run, Import, Lint, Scaffold, Merge, Help, Version } kind = Kind::Help;
  RunOptions run;
  MergeOptions merge;
  ImportOptions import;
  LintOptions lint;
  ScaffoldOptions scaffold;
  std::string help_text;
};

// Where `run` writes its report without --out: reports/<scenario name>.json, the name's characters
// outside [A-Za-z0-9._-] replaced by '-' (the file's stem when the name has none left), so bundled
// scenarios that share a file name (every seed's scenario.json) keep their reports apart.
std::string default_report_path(const std::string& scenario_name, const std::string& scenario_file);

// Parses argv. Throws UsageError (what(): one line saying what is wrong) on a bad command line.
Command parse_command_line(int argc, const char* const argv[]);

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace drillsim::cli
