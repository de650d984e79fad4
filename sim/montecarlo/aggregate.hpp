// The aggregate report of a Monte Carlo study ("kind": "aggregate", docs/monte-carlo.md): per service
// P(RTO met) and P(RPO met) with Wilson and Clopper-Pearson intervals, quantiles and histograms of
// each metric, exit-state frequencies, per level P(claim met), what drives the time to restore, and
// the per-run table. Everything in it is a function of the study's header and the per-run table,
// which is why shards merge into the very bytes a single process writes.
#pragma once

#include <cstdint>
#include <functional>
#include <istream>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "montecarlo/run_table.hpp"
#include "montecarlo/summary.hpp"

namespace drillsim::montecarlo {

// Version of the aggregate's JSON layout; bump it on any change a reader of the previous one would misread.
inline constexpr int kAggregateFormat = 1;

struct Study {
  std::string generator;  // "drillsim <version>".
  std::string scenario_name;
  std::string scenario_file;  // As the user gave it.
  double duration_s = 0.0;
  std::uint64_t seed = 1;  // The study's seed; run i has run_seed(seed, i).
  std::uint64_t runs = 0;  // N, of the whole study (a shard holds part of them).
  nlohmann::ordered_json settings = nlohmann::ordered_json::object();  // --set: pointer -> value.
  std::optional<std::uint64_t> shard_index;  // With shard_count: this file is shard i of K.
  std::optional<std::uint64_t> shard_count;
  double confidence = 0.95;
};

// The runs [first, end) of shard i of K: first = floor(i N / K), end = floor((i+1) N / K).
struct RunRange {
  std::uint64_t first = 0;
  std::uint64_t end = 0;
};
RunRange shard_range(std::uint64_t runs, std::uint64_t index, std::uint64_t count);

// The aggregate of `runs` (any order; sorted by run index here). REQUIRES: every run index distinct.
nlohmann::ordered_json build_aggregate(const Study& study, std::vector<RunSummary> runs);

// build_aggregate without the per-run table: "per_run" holds per_run_placeholder(table) instead, and
// `runs` is left sorted by run index. write_json_with_tables then writes the table row by row, so the
// table never exists as one JSON tree or one string (docs/monte-carlo.md, flat memory).
nlohmann::ordered_json build_aggregate_statistics(const Study& study, std::vector<RunSummary>& runs,
                                                  std::size_t table = 0);
// The same from a RunTable, streamed from its file (the CLI's way: flat memory in N).
nlohmann::ordered_json build_aggregate_statistics(const Study& study, const RunTable& runs,
                                                  std::size_t table = 0);
std::string per_run_placeholder(std::size_t table);

// Writes `document` exactly as document.dump(2) followed by a newline would be written, except that
// each string per_run_placeholder(k) becomes the array of to_json(row) for the rows of tables[k], one
// row serialised at a time. `write` receives the text in pieces, in order.
void write_json_with_tables(const nlohmann::ordered_json& document,
                            const std::vector<const std::vector<RunSummary>*>& tables,
                            const std::function<void(std::string_view)>& write);
void write_json_with_tables(const nlohmann::ordered_json& document,
                            const std::vector<const RunTable*>& tables,
                            const std::function<void(std::string_view)>& write);

// Reading an aggregate back (merge): its header and its per-run table. Throw AggregateError.
Study study_from_aggregate(const nlohmann::ordered_json& aggregate);
std::vector<RunSummary> runs_from_aggregate(const nlohmann::ordered_json& aggregate);

struct AggregateError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Arrays and objects nested more than `max_depth` deep (one inside another) in an aggregate being read.
struct AggregateTooDeep : AggregateError {
  using AggregateError::AggregateError;
};

// Reads an aggregate report from `in` without ever holding its per-run table: each row of "per_run" is
// parsed, decoded and appended to `runs`, then dropped. Returns the rest of the document ("per_run" is
// left an empty array). Throws nlohmann::json::parse_error on a syntax error, AggregateTooDeep as soon as
// nesting passes `max_depth` (so a hostile file cannot exhaust the stack), AggregateError on a row that
// is not a run summary.
nlohmann::ordered_json read_aggregate_streaming(std::istream& in, RunTable& runs, std::size_t max_depth);

// Merges aggregates of the same study (same generator, scenario, settings, seed and N) whose runs
// together are every run 0..N-1 exactly once: the aggregate one process would have written. The inputs
// come one at a time, each as its document without the rows (`header`) and its rows (a RunTable), so that
// only the merged RunTable and one owner index per run stay in memory (docs/monte-carlo.md, flat memory).
class AggregateMerger {
 public:
  // Input number `position` (0-based), named `name` in messages ("aggregate K" when empty). Throws
  // AggregateError when it is not from the first input's study, or a run is out of range, repeated or
  // has another seed than the study's.
  void add(const nlohmann::ordered_json& header, const RunTable& rows, const std::string& name);
  // After the last input: the merged study (shard fields cleared). Throws AggregateError when no input
  // was added or some run is in no input.
  const Study& finish();
  const RunTable& runs() const { return runs_; }
  RunTable release_runs() { return std::move(runs_); }

 private:
  std::vector<std::string> names_;
  Study study_;
  RunTable runs_;
  std::vector<std::uint32_t> owner_;  // Per run: the input it came from + 1; 0: not seen yet.
};

// The same over whole documents (tests, fuzzing): merges them with AggregateMerger and returns the
// merged aggregate with its per-run table. `names` name the inputs in messages.
nlohmann::ordered_json merge_aggregates(const std::vector<nlohmann::ordered_json>& aggregates,
                                        const std::vector<std::string>& names);

// The console summary of an aggregate: P(RTO met) and P(RPO met) per service, the phases' quantiles,
// exit states, the top of the attribution table.
std::string format_aggregate(const nlohmann::ordered_json& aggregate);

}  // namespace drillsim::montecarlo
