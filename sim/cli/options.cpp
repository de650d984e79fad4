#include "cli/options.hpp"

#include <boost/program_options.hpp>

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "drillsim/version.hpp"

namespace po = boost::program_options;

namespace drillsim::cli {

namespace {

const char* const kUsage = R"(drillsim — rollback drill and chaos simulator

Usage:
  drillsim run SCENARIO.json [options]   simulate the drill, print its timeline, write its report
  drillsim import RUNBOOK.md [-o PLAN.json] [--json]
                                         turn a Markdown runbook into a plan; report what was and
                                         was not understood, with line numbers
  drillsim lint RUNBOOK.md [--scenario SCENARIO.json] [--json]
                                         check the runbook's own claims (budgets, verification,
                                         order, downtime, restore points); with a scenario, replay
                                         its plan in that scenario
  drillsim scaffold RUNBOOK.md -o DIR [--level NAME|N]
                                         write DIR/plan.json and DIR/scenario.json: a drill of the
                                         runbook that `drillsim run DIR/scenario.json` runs, with
                                         every invented value listed as an assumption
  drillsim run SCENARIO.json --runs N [--jobs J] [--seed S] [--set P=V]... [--sweep P=v1,v2]...
           [--shard i/K] [--candidate NAME:P=V,P=V]... [--compare FILE]
                                         a Monte Carlo study: N drills with seeds derived from S, J at a
                                         time; writes the aggregate report (P(RTO met), quantiles,
                                         what drives the misses, the per-run table); with
                                         --candidate/--compare, the changes ranked by P(RTO met)
  drillsim capacity SCENARIO.json [--runs K] [--service NAME]...
                                         per service, the fewest stable replicas that keep the SLO
                                         with all traffic on stable, and utilisation (--help)
  drillsim assess POLICY.json SCENARIO.json... [--runs N]
                                         judge many drills of each scenario against a resiliency
                                         policy's RTO/RPO per disruption type (--help)
  drillsim report REPORT.json --format html|md|junit|csv -o FILE [--format ... -o ...]
                                         a report as one self-contained HTML page, a Markdown
                                         incident summary, JUnit XML for CI, CSV tables (--help)
  drillsim export REPORT.json [--html FILE] [--markdown FILE] [--junit FILE] [--csv DIR]
                                         the same forms, one option each (--help)
  drillsim schema FORMAT [--out FILE]   a format's JSON Schema, for editors and CI validators:
                                         scenario, plan, report, aggregate, sweep, comparison,
                                         assessment or capacity
  drillsim merge A.json B.json ... -o OUT.json
                                         merge the aggregates of a study's shards
  drillsim --help | --version

A drill replays a rollback plan against a simulated system: traffic is served request by request,
a fault is injected, an alert rule detects it, an on-call responder decides, the plan's steps run,
and the report gives the timeline (onset, detect, page, ack, decide, rollback, restored, verified),
the metrics and the RTO/RPO verdicts. Formats: docs/scenario-format.md, docs/report-format.md.

Exit codes: 0 every objective met (lint: every claim holds; run --runs, merge: every run completed),
            1 an objective missed, 2 bad command line, 3 invalid scenario or unreadable runbook,
            4 cannot write the output, 5 lint: a claim of the runbook fails, 6 out of memory, 70 internal error
            (run --runs: a run failed or broke an invariant), 130 run --runs interrupted.

Options)";

}  // namespace

std::string default_report_path(const std::string& scenario_name, const std::string& scenario_file) {
  std::string stem;
  for (const char c : scenario_name) {
    const bool plain = std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '_' || c == '-';
    stem += plain ? c : '-';
  }
  // Nothing but separators (or dots, which could climb out of reports/): use the file's own stem.
  if (stem.find_first_not_of(".-_") == std::string::npos) {
    stem = std::filesystem::path(scenario_file).stem().string();
  }
  if (stem.empty() || stem.find_first_not_of('.') == std::string::npos) stem = "scenario";
  return (std::filesystem::path("reports") / (stem + ".json")).string();
}

Command parse_command_line(int argc, const char* const argv[]) {
  Command command;
  std::string seed;
  std::string runs;
  std::string shard;
  std::string max_requests;
  int jobs = 0;
  po::options_description run_options(kUsage);
  run_options.add_options()(
      "seed", po::value<std::string>(&seed)->value_name("N"),
      "random seed (default: the scenario's \"seed\", else 1); the same seed gives a byte-identical report")(
      "out,o", po::value<std::string>(&command.run.out_file)->value_name("FILE"),
      "where to write the JSON report (default: reports/<scenario name>.json)")(
      "quiet,q", po::bool_switch(&command.run.quiet), "print nothing on success")(
      "verbose,v", po::bool_switch(&command.run.verbose), "log the drill's events with their simulated time")(
      "stats", po::bool_switch(&command.run.stats),
      "print wall time, requests simulated per wall second and peak memory")(
      "max-requests", po::value<std::string>(&max_requests)->value_name("N"),
      "allow a drill to simulate up to N requests (default 1e7; docs/cli.md, Limits)")(
      "simgrid-cfg",
      po::value<std::vector<std::string>>(&command.run.simgrid_config)->value_name("NAME:VALUE"),
      "pass a setting to SimGrid (repeatable), e.g. network/model:CM02")(
      "simgrid-log", po::value<std::string>(&command.run.simgrid_log)->value_name("SPEC"),
      "SimGrid log control, e.g. root.thresh:info (SimGrid is quiet by default)")(
      "scenario", po::value<std::string>(&command.lint.scenario_file)->value_name("FILE"),
      "lint: replay the runbook's plan in this scenario (its plan is replaced)")(
      "json", po::bool_switch(&command.import.json), "import, lint: print JSON instead of text")(
      "level", po::value<std::string>(&command.scaffold.level)->value_name("NAME|N"),
      "scaffold: the level the drill replays, by number (1 = first) or name (default: the first)")(
      "runs", po::value<std::string>(&runs)->value_name("N"),
      "run N drills with seeds derived from --seed and write their aggregate report "
      "(default: reports/<scenario name>.aggregate.json)")("jobs,j", po::value<int>(&jobs)->value_name("J"),
                                                           "--runs: drills at a time (default: the cores)")(
      "set", po::value<std::vector<std::string>>(&command.run.settings)->value_name("POINTER=VALUE"),
      "--runs: change the scenario at a JSON pointer (repeatable), e.g. /responder/ack/max_s=120")(
      "sweep", po::value<std::vector<std::string>>(&command.run.sweeps)->value_name("POINTER=V1,V2,..."),
      "--runs: one aggregate per value, the same seeds at each (repeatable: a grid)")(
      "shard", po::value<std::string>(&shard)->value_name("i/K"),
      "--runs: run only shard i (0-based) of K; `drillsim merge` joins the shards")(
      "candidate", po::value<std::vector<std::string>>(&command.run.candidates)->value_name("NAME:P=V,P=V"),
      "--runs: a change to rank against the scenario, with the same seeds (repeatable)")(
      "compare", po::value<std::string>(&command.run.compare_file)->value_name("FILE"),
      "--runs: candidates from FILE, one NAME:P=V,P=V a line (# starts a comment)")(
      "rank-by", po::value<std::string>(&command.run.rank_by)->value_name("SERVICE[:rto|rpo]"),
      "--candidate/--compare: rank by this service's P(RTO met) or P(RPO met) (default: every RTO)")(
      "export-series", po::value<std::string>(&command.run.export_series_file)->value_name("FILE"),
      "run: write the series the rule files read, and the alerts seen firing, as a promtool test file")(
      "openmetrics", po::value<std::string>(&command.run.openmetrics_file)->value_name("FILE"),
      "run: write the series the rule files read as OpenMetrics text with timestamps")(
      "help,h", "show this help")("version", "show the version");
  po::options_description hidden;
  hidden.add_options()("command", po::value<std::string>())("files", po::value<std::vector<std::string>>());
  po::options_description all;
  all.add(run_options).add(hidden);
  po::positional_options_description positional;
  positional.add("command", 1).add("files", -1);

  std::ostringstream help;
  help << run_options;
  command.help_text = help.str();

  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError(std::string(e.what()) + " (see drillsim --help)");
  }
  if (vm.count("help")) return command;
  if (vm.count("out") && command.run.out_file.empty())
    throw UsageError("--out/-o needs a file name, got \"\"");
  if (!max_requests.empty()) {
    char* end = nullptr;
    const double value = std::strtod(max_requests.c_str(), &end);
    if (end == max_requests.c_str() || *end != '\0' || !(value >= 1.0) || !std::isfinite(value))
      throw UsageError("--max-requests expects a number >= 1, such as 5e8, got \"" + max_requests + "\"");
    command.run.max_requests = value;
  }
  if (vm.count("version")) {
    command.kind = Command::Kind::Version;
    return command;
  }
  if (!vm.count("command")) throw UsageError("no command given; try: drillsim run scenarios/default.json");
  const auto name = vm["command"].as<std::string>();
  if (name == "help") return command;
  const auto scenarios =
      vm.count("files") ? vm["files"].as<std::vector<std::string>>() : std::vector<std::string>{};
  if (name != "scaffold" && !command.scaffold.level.empty()) throw UsageError("--level is for scaffold");
  if (name == "import" || name == "lint") {
    if (scenarios.size() != 1) {
      throw UsageError(name + (scenarios.empty()
                                   ? " needs a runbook file: drillsim " + name + " RUNBOOK.md"
                                   : " takes one runbook file, got " + std::to_string(scenarios.size())));
    }
    command.kind = name == "import" ? Command::Kind::Import : Command::Kind::Lint;
    command.import.runbook_file = command.lint.runbook_file = scenarios.front();
    command.import.out_file = command.run.out_file;
    command.lint.json = command.import.json;
    if (name == "import" && !command.lint.scenario_file.empty())
      throw UsageError("--scenario is for lint; import writes the plan with -o");
    if (name == "lint" && !command.run.out_file.empty()) throw UsageError("-o is for import and run");
    return command;
  }
  if (name == "scaffold") {
    if (scenarios.size() != 1) {
      throw UsageError(scenarios.empty()
                           ? "scaffold needs a runbook file: drillsim scaffold RUNBOOK.md -o DIR"
                           : "scaffold takes one runbook file, got " + std::to_string(scenarios.size()));
    }
    if (command.run.out_file.empty())
      throw UsageError("scaffold needs -o DIR: the directory for plan.json and scenario.json");
    if (!command.lint.scenario_file.empty() || command.import.json)
      throw UsageError("--scenario and --json are for import and lint");
    command.kind = Command::Kind::Scaffold;
    command.scaffold.runbook_file = scenarios.front();
    command.scaffold.out_dir = command.run.out_file;
    return command;
  }
  const bool study_options = !runs.empty() || jobs != 0 || !command.run.settings.empty() ||
                             !command.run.sweeps.empty() || !shard.empty() ||
                             !command.run.candidates.empty() || !command.run.compare_file.empty();
  if (name == "merge") {
    if (scenarios.size() < 1)
      throw UsageError("merge needs aggregate files: drillsim merge A.json B.json -o OUT.json");
    if (command.run.out_file.empty()) throw UsageError("merge needs -o OUT.json");
    if (study_options || vm.count("seed") || !command.lint.scenario_file.empty() || command.import.json)
      throw UsageError("merge takes aggregate files and -o only");
    command.kind = Command::Kind::Merge;
    command.merge.files = scenarios;
    command.merge.out_file = command.run.out_file;
    command.merge.quiet = command.run.quiet;
    return command;
  }
  if (name != "run") {
    throw UsageError(
        "unknown command \"" + name +
        "\"; the commands are: run, import, lint, scaffold, merge, capacity, assess, rules, report, export, "
        "schema (see "
        "drillsim --help)");
  }
  if (study_options && runs.empty())
    throw UsageError("--jobs, --set, --sweep, --shard, --candidate and --compare need --runs N");
  const auto whole = [](const std::string& text, const char* what) {
    const bool digits =
        !text.empty() && text.size() <= 9 && text.find_first_not_of("0123456789") == std::string::npos;
    if (!digits) throw UsageError(std::string(what) + " expects a whole number, got \"" + text + "\"");
    return std::stoull(text);
  };
  if (!runs.empty()) {
    command.run.runs = whole(runs, "--runs");
    if (*command.run.runs == 0) throw UsageError("--runs expects at least 1 run");
    if (vm.count("jobs") && jobs < 1) throw UsageError("--jobs expects at least 1");
    command.run.jobs = static_cast<unsigned>(jobs);
    if (command.run.verbose) throw UsageError("--verbose is for a single drill, not --runs");
    if (vm.count("export-series") || vm.count("openmetrics"))
      throw UsageError("--export-series and --openmetrics are for a single drill, not --runs");
    if (!shard.empty()) {
      const auto slash = shard.find('/');
      if (slash == std::string::npos)
        throw UsageError("--shard expects i/K (e.g. 0/3), got \"" + shard + "\"");
      command.run.shard_index = whole(shard.substr(0, slash), "--shard's i");
      command.run.shard_count = whole(shard.substr(slash + 1), "--shard's K");
      if (*command.run.shard_count == 0 || *command.run.shard_index >= *command.run.shard_count)
        throw UsageError("--shard i/K needs 0 <= i < K, got \"" + shard + "\"");
      if (!command.run.sweeps.empty())
        throw UsageError("--shard and --sweep exclude each other (shard each point)");
    }
    for (const auto& setting : command.run.settings)
      if (setting.find('=') == std::string::npos || setting.front() != '/')
        throw UsageError("--set expects /JSON/POINTER=VALUE, got \"" + setting + "\"");
    for (const auto& sweep : command.run.sweeps)
      if (sweep.find('=') == std::string::npos || sweep.front() != '/' || sweep.back() == '=')
        throw UsageError("--sweep expects /JSON/POINTER=V1,V2,..., got \"" + sweep + "\"");
    if ((!command.run.candidates.empty() || !command.run.compare_file.empty()) &&
        (!command.run.sweeps.empty() || !shard.empty()))
      throw UsageError("--candidate and --compare exclude --sweep and --shard");
    if (vm.count("rank-by") && command.run.candidates.empty() && command.run.compare_file.empty())
      throw UsageError("--rank-by ranks candidates: give --candidate or --compare");
    for (const auto& candidate : command.run.candidates) {
      const auto colon = candidate.find(':');
      if (colon == 0 || colon == std::string::npos || candidate.find('=', colon) == std::string::npos ||
          candidate.compare(colon + 1, 1, "/") != 0)
        throw UsageError("--candidate expects NAME:/JSON/POINTER=VALUE[,/POINTER=VALUE...], got \"" +
                         candidate + "\"");
    }
  }
  if (!command.lint.scenario_file.empty() || command.import.json)
    throw UsageError("--scenario and --json are for import and lint");
  if (scenarios.size() != 1) {
    throw UsageError(scenarios.empty()
                         ? "run needs a scenario file: drillsim run SCENARIO.json"
                         : "run takes one scenario file, got " + std::to_string(scenarios.size()));
  }
  command.kind = Command::Kind::Run;
  command.run.scenario_file = scenarios.front();
  if (vm.count("seed")) {
    // Parsed by hand: Boost would wrap "-1" into a huge unsigned number.
    const bool digits =
        !seed.empty() && seed.size() <= 19 && seed.find_first_not_of("0123456789") == std::string::npos;
    if (!digits)
      throw UsageError("--seed expects a whole number from 0 to 9999999999999999999, got \"" + seed + "\"");
    command.run.seed = std::stoull(seed);
  }
  if (command.run.quiet && command.run.verbose) throw UsageError("--quiet and --verbose exclude each other");
  for (const auto& setting : command.run.simgrid_config) {
    // SimGrid aborts the process on a malformed setting or an unknown context factory, so catch
    // those here; unknown names and bad values of other settings come back as SimGridConfigError.
    const auto colon = setting.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == setting.size() || setting[0] == '-') {
      throw UsageError("--simgrid-cfg expects NAME:VALUE (e.g. network/model:CM02), got \"" + setting + "\"");
    }
    const std::string name = setting.substr(0, colon);
    const std::string value = setting.substr(colon + 1);
    if (name == "contexts/factory" && value != "thread" && value != "raw" && value != "ucontext" &&
        value != "boost") {
      throw UsageError("--simgrid-cfg contexts/factory expects thread, raw, ucontext or boost, got \"" +
                       value + "\"");
    }
  }
  return command;
}

}  // namespace drillsim::cli
