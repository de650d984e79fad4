// What the Monte Carlo subcommands (drillsim capacity, drillsim assess) share around their own
// options: the command line parsed with positional files, --help, the study's --runs/--jobs/--seed
// checked, and the exit codes of their errors (docs/cli.md).
#pragma once

#include <boost/program_options.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/monte_carlo.hpp"

namespace drillsim::cli {

// --help: thrown by parse_subcommand, written on stdout with exit 0 by run_subcommand.
struct Help {
  std::string text;
};

struct SubcommandLine {
  boost::program_options::variables_map options;
  std::vector<std::string> files;  // The positional arguments, in order.
};

// Parses argv[1..] (argv[0] being the subcommand) against `described`, every other argument a file.
// Throws Help{described as text} on --help/-h, UsageError "NAME: <what> (see drillsim NAME --help)" on
// what boost::program_options refuses.
SubcommandLine parse_subcommand(const char* name, int argc, char* argv[],
                                const boost::program_options::options_description& described);

// The study's options as typed: --runs and --seed as text (whole numbers, checked here), --jobs.
struct StudyArguments {
  std::string runs;
  std::string seed;
  int jobs = 0;
  // Adds --runs, --jobs/-j and --seed, in this order, with these help texts.
  void add_to(boost::program_options::options_description& described, const char* runs_value,
              const char* runs_help, const char* seed_help);
  // Checks and converts them: --runs at most `runs_digits` digits and at least 1 (`runs` is left as is
  // without --runs), --seed at most 19 digits, --jobs at least 1 when given (0: the cores). Throws
  // UsageError.
  void apply(const boost::program_options::variables_map& options, std::size_t runs_digits,
             std::uint64_t& runs_out, std::optional<std::uint64_t>& seed_out, unsigned& jobs_out) const;
};

// `text` as a whole number of at most `digits` digits; else UsageError "WHAT expects a whole number,
// got "TEXT"".
std::uint64_t whole_number(const std::string& text, const char* what, std::size_t digits);

// The JSON text of a report or a child's line: invalid UTF-8 written as U+FFFD, never an exception.
std::string dump_json(const nlohmann::ordered_json& json, int indent = -1);

// Throws UsageError when --out/-o was given an empty name.
void check_out_file(const boost::program_options::variables_map& options, const std::string& out_file);

// Runs `body` and turns what it throws into a message on stderr (Help: its text on stdout) and the exit
// code: Help 0, UsageError 2, io::InputError, report::WriteError, Interrupted, RunFailed (described by
// `failed`, e.g. "run 3 (--seed 42)"), any other exception an internal error.
int run_subcommand(const std::function<int()>& body,
                   const std::function<std::string(const RunFailed&)>& failed);

}  // namespace drillsim::cli
