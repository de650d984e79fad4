// drillsim: parses the command line, loads and validates the scenario, runs the drill, writes the
// report, prints the summary. Every error is caught here once and turned into one line and an exit
// code (docs/cli.md).
#include <sys/resource.h>

#include <spdlog/spdlog.h>

#include <chrono>
#include <exception>
#include <filesystem>
#include <iostream>

#include "cli/console.hpp"
#include "cli/options.hpp"
#include "drillsim/version.hpp"
#include "engine/drill.hpp"
#include "engine/engine_log.hpp"
#include "io/input_error.hpp"
#include "io/scenario_loader.hpp"
#include "report/report.hpp"
#include "report/report_writer.hpp"

namespace fs = std::filesystem;
using namespace drillsim;

namespace {

double peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux reports KiB.
}

int run(const cli::RunOptions& options) {
  const auto wall_start = std::chrono::steady_clock::now();
  const model::Scenario scenario = io::load_scenario(options.scenario_file);

  engine::DrillOptions drill_options;
  drill_options.seed = options.seed.value_or(scenario.seed);
  drill_options.simgrid_config = options.simgrid_config;
  drill_options.simgrid_log = options.simgrid_log;
  engine::log().set_level(options.verbose ? spdlog::level::info : spdlog::level::warn);

  const fs::path out = options.out_file.empty()
                           ? fs::path("reports") / (fs::path(options.scenario_file).stem().string() + ".json")
                           : fs::path(options.out_file);

  const model::DrillResult result = engine::run_drill(scenario, drill_options);
  const report::Report rep = report::build_report(scenario, result, std::string("drillsim ") + kVersion);
  report::write_report(rep, out);

  if (!options.quiet) {
    cli::print_summary(std::cout, rep);
    std::cout << "\nReport written to " << out.string() << "\n";
  }
  if (options.stats) {
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
    std::cout << fmt::format(
        "stats: wall_s={:.3f} requests={} requests_per_wall_s={:.0f} peak_rss_mib={:.1f}\n", wall,
        rep.requests_simulated, static_cast<double>(rep.requests_simulated) / wall, peak_rss_mib());
  }
  return rep.all_objectives_met() ? cli::kAllObjectivesMet : cli::kObjectiveMissed;
}

}  // namespace

int main(int argc, char* argv[]) {
  cli::Command command;
  try {
    command = cli::parse_command_line(argc, argv);
  } catch (const cli::UsageError& e) {
    std::cerr << "drillsim: " << e.what() << "\n";
    return cli::kUsageError;
  }
  switch (command.kind) {
    case cli::Command::Kind::Help:
      std::cout << command.help_text;
      return cli::kAllObjectivesMet;
    case cli::Command::Kind::Version:
      std::cout << "drillsim " << kVersion << "\n";
      return cli::kAllObjectivesMet;
    case cli::Command::Kind::Run:
      break;
  }
  try {
    return run(command.run);
  } catch (const io::InputError& e) {
    std::cerr << "drillsim: invalid input: " << e.what() << "\n";
    return cli::kInvalidInput;
  } catch (const engine::SimGridConfigError& e) {
    std::cerr << "drillsim: --simgrid-cfg: " << e.what() << " (see SimGrid's configuration documentation)\n";
    return cli::kUsageError;
  } catch (const report::WriteError& e) {
    std::cerr << "drillsim: cannot write the report: " << e.what() << "\n";
    return cli::kCannotWriteOutput;
  } catch (const std::exception& e) {
    std::cerr << "drillsim: internal error: " << e.what() << " (please report it with the scenario)\n";
    return cli::kInternalError;
  }
}
