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
#include "io/json_reader.hpp"
#include "io/scenario_loader.hpp"
#include "report/report.hpp"
#include "report/report_writer.hpp"
#include "runbook/importer.hpp"
#include "runbook/lint.hpp"

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

// The runbook's corrections file (RUNBOOK.drillsim.json beside RUNBOOK.md), "" when it has none.
std::string corrections_of(const std::string& runbook_file) {
  const std::string path = runbook::sidecar_path(runbook_file);
  std::error_code error;
  if (!std::filesystem::exists(path, error)) return {};
  return io::read_text_file(path);
}

int import(const cli::ImportOptions& options) {
  const auto imported =
      runbook::import_runbook(io::read_text_file(options.runbook_file), corrections_of(options.runbook_file));
  if (!options.out_file.empty()) {
    const std::string text =
        imported.plan.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
    report::write_text_atomically(text, options.out_file);
  }
  if (options.json) {
    std::cout << runbook::import_to_json(imported).dump(2, ' ', false,
                                                        nlohmann::ordered_json::error_handler_t::replace)
              << "\n";
  } else {
    std::cout << runbook::format_import_report(imported, options.runbook_file);
    if (!options.out_file.empty()) std::cout << "\nPlan written to " << options.out_file << "\n";
  }
  return cli::kAllObjectivesMet;
}

// lint: the static checks, then (with --scenario) the plan replayed in the scenario: each level's
// simulated time against its claim, and the objectives.
int lint(const cli::LintOptions& options) {
  const auto imported =
      runbook::import_runbook(io::read_text_file(options.runbook_file), corrections_of(options.runbook_file));
  auto findings = runbook::lint_runbook(imported);
  if (!options.scenario_file.empty()) {
    const std::string text = io::read_text_file(options.scenario_file);
    auto document = io::parse_json(text, options.scenario_file);
    if (!document.is_object()) throw io::InputError(options.scenario_file, "", "expected a scenario object");
    document["plan"] =
        io::Json::parse(imported.plan.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
    document.erase("decision");  // Its rules name the scenario's own levels.
    const model::Scenario scenario = io::parse_scenario(
        document.dump(), options.scenario_file + " (plan from " + options.runbook_file + ")");
    engine::log().set_level(spdlog::level::warn);
    engine::DrillOptions drill_options;
    drill_options.seed = options.seed.value_or(scenario.seed);
    const model::DrillResult result = engine::run_drill(scenario, drill_options);
    const report::Report rep = report::build_report(scenario, result, std::string("drillsim ") + kVersion);
    for (const auto& level : rep.plan.levels) {
      if (!level.claim_s || !level.start_s) continue;
      const auto line = imported.level_line.count(level.name) ? imported.level_line.at(level.name) : 0;
      if (!level.end_s) {
        findings.push_back({runbook::LintFinding::Severity::Fail, "simulated-budget", line,
                            "\"" + level.name + "\" had not finished when the drill ended"});
      } else if (*level.end_s - *level.start_s > *level.claim_s) {
        findings.push_back({runbook::LintFinding::Severity::Fail, "simulated-budget", line,
                            fmt::format("\"{}\" took {:.0f} s in the simulation, more than its {:.0f} s",
                                        level.name, *level.end_s - *level.start_s, *level.claim_s)});
      }
    }
    for (const auto& verdict : rep.objectives) {
      if (!verdict.rto_met || !verdict.rpo_met)
        findings.push_back(
            {runbook::LintFinding::Severity::Fail, "objective", 0, verdict.service + ": " + verdict.reason});
    }
    if (!options.json) {
      cli::print_summary(std::cout, rep);
      std::cout << "\n";
    }
  }
  if (options.json) {
    nlohmann::ordered_json out{{"runbook", options.runbook_file},
                               {"claims_hold", !runbook::any_failure(findings)},
                               {"findings", runbook::findings_to_json(findings)}};
    // A runbook in another encoding may put invalid UTF-8 in the texts: replaced, never an error.
    std::cout << out.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
  } else {
    std::cout << runbook::format_findings(findings, options.runbook_file);
  }
  return runbook::any_failure(findings) ? cli::kClaimFailed : cli::kAllObjectivesMet;
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
    case cli::Command::Kind::Import:
    case cli::Command::Kind::Lint:
      break;
  }
  try {
    if (command.kind == cli::Command::Kind::Import) return import(command.import);
    if (command.kind == cli::Command::Kind::Lint) return lint(command.lint);
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
