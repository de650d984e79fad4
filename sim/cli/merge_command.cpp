#include "cli/merge_command.hpp"

#include <sys/stat.h>

#include <fstream>
#include <iostream>

#include "cli/monte_carlo.hpp"
#include "io/input_error.hpp"
#include "io/json_reader.hpp"
#include "io/scenario_loader.hpp"
#include "montecarlo/aggregate.hpp"

namespace drillsim::cli {

namespace {

// The aggregate in `file` without its rows, which go to `rows`. A file that cannot be read or parsed is
// read again whole by the io layer, whose message (with the line and column of a syntax error) is the
// one every other input gets.
io::Json read_shard(const std::string& file, montecarlo::RunTable& rows) {
  const auto canonical_error = [&] {
    (void)io::parse_json(io::read_text_file(file, io::kMaxReportFileBytes), file);
  };
  struct stat info {};
  if (::stat(file.c_str(), &info) != 0 || !S_ISREG(info.st_mode) ||
      static_cast<std::uint64_t>(info.st_size) > io::kMaxReportFileBytes)
    canonical_error();
  std::ifstream in(file, std::ios::binary);
  if (!in) canonical_error();
  try {
    return montecarlo::read_aggregate_streaming(in, rows, io::kMaxJsonDepth);
  } catch (const nlohmann::json::exception&) {
    canonical_error();
    throw;
  } catch (const montecarlo::AggregateTooDeep&) {
    canonical_error();  // The reader's own error: the file and the pointer where nesting passes the limit.
    throw;
  }
}

}  // namespace

int merge_shards(const MergeOptions& options) {
  montecarlo::AggregateMerger merger;
  io::Json merged;
  try {
    for (const auto& file : options.files) {
      montecarlo::RunTable rows;
      const io::Json header = read_shard(file, rows);
      merger.add(header, rows, file);
    }
    merged = montecarlo::build_aggregate_statistics(merger.finish(), merger.runs());
  } catch (const montecarlo::AggregateError& e) {
    throw io::InputError(options.files.front(), "", e.what());
  }
  std::vector<montecarlo::RunTable> tables;
  tables.push_back(merger.release_runs());
  write_aggregate_file(merged, tables, options.out_file);
  if (!options.quiet) {
    std::cout << montecarlo::format_aggregate(merged) << "\nAggregate report written to " << options.out_file
              << "\n";
  }
  return merged.at("runs_with_violations").get<std::uint64_t>() > 0 ? kInternalError : kAllObjectivesMet;
}

}  // namespace drillsim::cli
