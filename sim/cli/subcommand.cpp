#include "cli/subcommand.hpp"

#include <iostream>
#include <sstream>

#include "cli/options.hpp"
#include "io/input_error.hpp"
#include "report/report_writer.hpp"

namespace po = boost::program_options;

namespace drillsim::cli {

SubcommandLine parse_subcommand(const char* name, int argc, char* argv[],
                                const po::options_description& described) {
  po::options_description hidden;
  hidden.add_options()("files", po::value<std::vector<std::string>>());
  po::options_description all;
  all.add(described).add(hidden);
  po::positional_options_description positional;
  positional.add("files", -1);
  SubcommandLine line;
  try {
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), line.options);
    po::notify(line.options);
  } catch (const po::error& e) {
    throw UsageError(std::string(name) + ": " + e.what() + " (see drillsim " + name + " --help)");
  }
  if (line.options.count("help")) {
    std::ostringstream text;
    text << described;
    throw Help{text.str()};
  }
  if (line.options.count("files")) line.files = line.options["files"].as<std::vector<std::string>>();
  return line;
}

void StudyArguments::add_to(po::options_description& described, const char* runs_value, const char* runs_help,
                            const char* seed_help) {
  described.add_options()("runs", po::value<std::string>(&runs)->value_name(runs_value), runs_help)(
      "jobs,j", po::value<int>(&jobs)->value_name("J"), "drills at a time (default: the cores)")(
      "seed", po::value<std::string>(&seed)->value_name("S"), seed_help);
}

void StudyArguments::apply(const po::variables_map& options, std::size_t runs_digits, std::uint64_t& runs_out,
                           std::optional<std::uint64_t>& seed_out, unsigned& jobs_out) const {
  if (!runs.empty()) runs_out = whole_number(runs, "--runs", runs_digits);
  if (runs_out == 0) throw UsageError("--runs expects at least 1 run");
  if (!seed.empty()) seed_out = whole_number(seed, "--seed", 19);
  if (options.count("jobs") && jobs < 1) throw UsageError("--jobs expects at least 1");
  jobs_out = static_cast<unsigned>(jobs);
}

std::uint64_t whole_number(const std::string& text, const char* what, std::size_t digits) {
  if (text.empty() || text.size() > digits || text.find_first_not_of("0123456789") != std::string::npos)
    throw UsageError(std::string(what) + " expects a whole number, got \"" + text + "\"");
  return std::stoull(text);
}

std::string dump_json(const nlohmann::ordered_json& json, int indent) {
  return json.dump(indent, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

void check_out_file(const po::variables_map& options, const std::string& out_file) {
  if (options.count("out") && out_file.empty()) throw UsageError("--out/-o needs a file name, got \"\"");
}

int run_subcommand(const std::function<int()>& body,
                   const std::function<std::string(const RunFailed&)>& failed) {
  try {
    return body();
  } catch (const Help& help) {
    std::cout << help.text;
    return kAllObjectivesMet;
  } catch (const UsageError& e) {
    std::cerr << "drillsim: " << e.what() << "\n";
    return kUsageError;
  } catch (const io::InputError& e) {
    std::cerr << "drillsim: invalid input: " << e.what() << "\n";
    return kInvalidInput;
  } catch (const report::WriteError& e) {
    std::cerr << "drillsim: cannot write the report: " << e.what() << "\n";
    return kCannotWriteOutput;
  } catch (const Interrupted&) {
    std::cerr << "drillsim: interrupted; nothing was written\n";
    return kInterrupted;
  } catch (const RunFailed& e) {
    std::cerr << "drillsim: internal error: " << failed(e) << " failed: " << e.what()
              << "; nothing was written\n";
    return kInternalError;
  } catch (const std::exception& e) {
    std::cerr << "drillsim: internal error: " << e.what() << " (please report it with the scenario)\n";
    return kInternalError;
  }
}

}  // namespace drillsim::cli
