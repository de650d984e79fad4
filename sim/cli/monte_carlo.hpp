// drillsim run --runs N: the runs of a Monte Carlo study, each in a forked child process (a SimGrid
// engine runs once per process), J at a time. A child runs one drill and writes its summary (JSON,
// one line) to a pipe; the coordinator keeps only summaries, so its memory does not grow with the
// drills' length (docs/monte-carlo.md).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/drill.hpp"
#include "model/scenario.hpp"
#include "montecarlo/compare.hpp"
#include "montecarlo/run_table.hpp"
#include "montecarlo/summary.hpp"

namespace drillsim::cli {

struct StudyRun {
  std::uint64_t seed = 1;   // The study's seed.
  std::uint64_t first = 0;  // Runs [first, end).
  std::uint64_t end = 0;
  unsigned jobs = 1;      // Children at a time.
  bool progress = false;  // A progress bar with ETA on stderr.
  std::string label;      // Shown before the bar (a sweep's point).
};

// Ctrl-C (SIGINT) or SIGTERM during the study: the children were stopped, nothing is written.
struct Interrupted : std::runtime_error {
  std::uint64_t done = 0;
  Interrupted(std::uint64_t runs_done) : std::runtime_error("interrupted"), done(runs_done) {}
};

// A run's child failed (crashed, or threw): its run, seed and why. The other children were stopped.
struct RunFailed : std::runtime_error {
  std::uint64_t run = 0;
  std::uint64_t seed = 0;
  RunFailed(std::uint64_t r, std::uint64_t s, const std::string& why)
      : std::runtime_error(why), run(r), seed(s) {}
};

// What a child computes for run `index` (one line, JSON), in its own process: it may run one drill.
// An exception becomes a failed run (RunFailed, with its message).
using ChildWork = std::function<std::string(std::uint64_t index)>;
// What the coordinator does with run `index`'s line, in completion order. An exception fails the run.
using ChildDone = std::function<void(std::uint64_t index, std::string line)>;

// Forks one child per index of [study.first, study.end), study.jobs at a time, each running `work`;
// hands each child's line to `done`. The seed RunFailed names is montecarlo::run_seed(study.seed,
// index). Throws Interrupted, RunFailed.
void run_children(const StudyRun& study, const ChildWork& work, const ChildDone& done);

// Runs the study's runs [first, end) of `scenario`, each with montecarlo::run_seed(seed, i), and
// returns their summaries as a RunTable (on disk as they arrive; read back in run order). `drill` carries
// the SimGrid settings (its seed is replaced).
montecarlo::RunTable run_study(const model::Scenario& scenario, const StudyRun& study,
                               const engine::DrillOptions& drill);

// Writes `document` (an aggregate or a sweep whose per-run tables are montecarlo::per_run_placeholder
// k) with tables[k] streamed in, to `out` through a temporary file renamed over it (no partial file).
// Throws report::WriteError.
void write_aggregate_file(const nlohmann::ordered_json& document,
                          const std::vector<montecarlo::RunTable>& tables, const std::filesystem::path& out);

// The candidates of a --compare file `text` (read from `file`): one NAME:/POINTER=VALUE[,/POINTER=VALUE...]
// a line, as --candidate takes it; blank lines and lines starting with '#' (after spaces) are skipped,
// spaces around a line are dropped. Throws UsageError naming the file and line of a malformed one, or
// when the file lists no candidate.
std::vector<std::string> candidates_from_file(const std::string& file, const std::string& text);

// --rank-by names a service with an objective in `scenario`; throws UsageError listing those services.
void check_rank_by(const montecarlo::RankBy& by, const model::Scenario& scenario);

// The number of cores this process may use (sched_getaffinity), at least 1.
unsigned available_cores();

}  // namespace drillsim::cli
