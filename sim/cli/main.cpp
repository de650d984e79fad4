// drillsim: parses the command line, loads and validates the scenario, runs the drill, writes the
// report, prints the summary. Every error is caught here once and turned into one line and an exit
// code (docs/cli.md).
#include <sys/resource.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <chrono>
#include <exception>
#include <filesystem>
#include <iostream>
#include <new>

#include "cli/assess_command.hpp"
#include "cli/capacity_command.hpp"
#include "cli/console.hpp"
#include "cli/export_command.hpp"
#include "cli/merge_command.hpp"
#include "cli/monte_carlo.hpp"
#include "cli/mpi_study.hpp"
#include "cli/options.hpp"
#include "cli/rules_command.hpp"
#include "cli/schema_command.hpp"
#include "cli/scraped_series.hpp"
#include "drillsim/version.hpp"
#include "engine/drill.hpp"
#include "engine/engine_log.hpp"
#include "io/input_error.hpp"
#include "io/json_reader.hpp"
#include "io/scenario_loader.hpp"
#include "io/terminal.hpp"
#include "model/resource_error.hpp"
#include "montecarlo/aggregate.hpp"
#include "montecarlo/compare.hpp"
#include "promql/series_store.hpp"
#include "report/invariants.hpp"
#include "report/report.hpp"
#include "report/report_writer.hpp"
#include "runbook/importer.hpp"
#include "runbook/lint.hpp"
#include "runbook/scaffold.hpp"

namespace fs = std::filesystem;
using namespace drillsim;

namespace {

double peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux reports KiB.
}

io::LoadLimits load_limits(const cli::RunOptions& options) {
  io::LoadLimits limits;
  if (options.max_requests) limits.max_requests = *options.max_requests;
  return limits;
}

int run(const cli::RunOptions& options) {
  const auto wall_start = std::chrono::steady_clock::now();
  const model::Scenario scenario = io::load_scenario(options.scenario_file, load_limits(options));

  engine::DrillOptions drill_options;
  drill_options.seed = options.seed.value_or(scenario.seed);
  drill_options.simgrid_config = options.simgrid_config;
  drill_options.simgrid_log = options.simgrid_log;
  drill_options.stream_long_series = true;  // Only the report reads the series (docs/report-format.md).
  engine::log().set_level(options.verbose ? spdlog::level::info : spdlog::level::warn);

  const fs::path out = options.out_file.empty()
                           ? fs::path(cli::default_report_path(scenario.name, options.scenario_file))
                           : fs::path(options.out_file);

  promql::SeriesStore scraped_store;
  engine::ScrapedSeries scraped{&scraped_store, {}, {}, {}};
  const bool keep_series = !options.export_series_file.empty() || !options.openmetrics_file.empty();
  if (keep_series || scenario.rule_files) drill_options.scraped = &scraped;
  if (!keep_series) scraped.store = nullptr;

  const model::DrillResult result = engine::run_drill(scenario, drill_options);
  const report::Report rep = report::build_report(scenario, result, std::string("drillsim ") + kVersion);
  report::write_report(rep, out);
  cli::write_scraped_series(scenario, scraped, options.export_series_file, options.openmetrics_file);

  if (!options.quiet) {
    cli::print_summary(std::cout, rep);
    if (scenario.rule_files) cli::print_rule_alerts(std::cout, scraped);
    std::cout << "\nReport written to " << out.string() << "\n";
  }
  if (options.stats) {
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
    std::cout << fmt::format(
        "stats: wall_s={:.3f} requests={} requests_per_wall_s={:.0f} peak_rss_mib={:.1f}\n", wall,
        rep.requests_simulated, static_cast<double>(rep.requests_simulated) / wall, peak_rss_mib());
  }
  // A drill that breaks an invariant has numbers nobody should trust: say so, and fail as a bug.
  const std::vector<std::string> violations = report::check_invariants(scenario, result, rep);
  if (!violations.empty()) {
    for (const std::string& violation : violations)
      std::cerr << "drillsim: internal error: invariant violated: " << violation << "\n";
    std::cerr << "drillsim: the report was written for inspection, but its numbers are wrong; please report "
                 "this with the scenario and --seed "
              << drill_options.seed << "\n";
    return cli::kInternalError;
  }
  return rep.all_objectives_met() ? cli::kAllObjectivesMet : cli::kObjectiveMissed;
}

// A --set, --sweep or --candidate argument as given, once it is known to be UTF-8 text (a scenario is
// JSON, which holds only UTF-8): an argument with other bytes is a usage error, not a failure later.
const std::string& utf8_setting(const std::string& setting) {
  try {
    (void)io::Json(setting).dump();
  } catch (const nlohmann::json::type_error&) {
    throw cli::UsageError("--set/--sweep/--candidate: " +
                          io::Json(setting).dump(-1, ' ', false, io::Json::error_handler_t::replace) +
                          " is not valid UTF-8 text");
  }
  return setting;
}

// One --set or --sweep value: JSON when it parses as JSON (5, 0.5, true, "text", {"kind": ...}),
// else the text itself as a string (--set /fault/kind=bad_config).
io::Json setting_value(const std::string& text) {
  try {
    return io::Json::parse(text);
  } catch (const io::Json::parse_error&) {
    return io::Json(text);
  }
}

// The scenario document with `settings` (pointer -> value, in order) applied. A pointer must name a
// value that exists or a new key of an existing object; anything else is a usage error.
io::Json apply_settings(io::Json document, const io::Json& settings) {
  for (const auto& [pointer_text, value] : settings.items()) {
    nlohmann::ordered_json::json_pointer pointer;
    try {
      pointer = nlohmann::ordered_json::json_pointer(pointer_text);
    } catch (const nlohmann::json::exception& e) {
      throw cli::UsageError("--set/--sweep: \"" + pointer_text + "\" is not a JSON pointer: " + e.what());
    }
    const auto parent = pointer.parent_pointer();
    if (pointer.empty() || !document.contains(parent) ||
        !(document.at(parent).is_object() || (document.at(parent).is_array() && document.contains(pointer))))
      throw cli::UsageError("--set/--sweep: the scenario has no place \"" + pointer_text +
                            "\" (its parent must exist; an array element must exist)");
    document[pointer] = value;
  }
  return document;
}

// The points of a sweep: the cartesian product of the axes, the first axis slowest; each point is the
// --set settings followed by the axes' values. Without --sweep, one point: the --set settings.
std::vector<io::Json> sweep_points(const cli::RunOptions& options) {
  io::Json base = io::Json::object();
  for (const auto& given : options.settings) {
    const std::string& setting = utf8_setting(given);
    const auto eq = setting.find('=');
    base[setting.substr(0, eq)] = setting_value(setting.substr(eq + 1));
  }
  std::vector<io::Json> points{base};
  for (const auto& given : options.sweeps) {
    const std::string& sweep = utf8_setting(given);
    const auto eq = sweep.find('=');
    const std::string pointer = sweep.substr(0, eq);
    std::vector<io::Json> values;
    std::string rest = sweep.substr(eq + 1);
    for (std::size_t start = 0;;) {
      const auto comma = rest.find(',', start);
      values.push_back(
          setting_value(rest.substr(start, comma == std::string::npos ? std::string::npos : comma - start)));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    std::vector<io::Json> next;
    for (const auto& point : points) {
      for (const auto& value : values) {
        io::Json p = point;
        p[pointer] = value;
        next.push_back(std::move(p));
      }
    }
    points = std::move(next);
  }
  return points;
}

void write_json(const io::Json& json, const fs::path& out) {
  report::write_text_atomically(json.dump(2, ' ', false, io::Json::error_handler_t::replace) + "\n", out);
}

// drillsim run --runs N: the study (or one study per sweep point), its aggregate, the console summary.
int study(const cli::RunOptions& options) {
  const auto wall_start = std::chrono::steady_clock::now();
  const std::string text = io::read_text_file(options.scenario_file);
  const io::Json document = io::parse_json(text, options.scenario_file);
  const model::Scenario plain = io::parse_scenario(text, options.scenario_file, load_limits(options));

  engine::DrillOptions drill_options;
  drill_options.simgrid_config = options.simgrid_config;
  drill_options.simgrid_log = options.simgrid_log;
  engine::log().set_level(spdlog::level::warn);

  montecarlo::Study study;
  study.generator = std::string("drillsim ") + kVersion;
  study.scenario_name = plain.name;
  study.scenario_file = options.scenario_file;
  study.duration_s = plain.duration_s;
  study.seed = options.seed.value_or(plain.seed);
  study.runs = *options.runs;
  study.shard_index = options.shard_index;
  study.shard_count = options.shard_count;
  const montecarlo::RunRange range =
      options.shard_count ? montecarlo::shard_range(study.runs, *options.shard_index, *options.shard_count)
                          : montecarlo::RunRange{0, study.runs};

  const std::vector<io::Json> points = sweep_points(options);
  const bool sweep = !options.sweeps.empty();
  std::string stem = cli::default_report_path(plain.name, options.scenario_file);
  stem = stem.substr(0, stem.size() - 5);  // ".json"
  if (options.shard_count) stem += fmt::format(".shard{}of{}", *options.shard_index, *options.shard_count);
  const fs::path out = options.out_file.empty() ? fs::path(stem + (sweep ? ".sweep.json" : ".aggregate.json"))
                                                : fs::path(options.out_file);

  // Every point's scenario is validated before the first run.
  std::vector<model::Scenario> scenarios;
  for (const auto& point : points) {
    const io::Json changed = apply_settings(document, point);
    scenarios.push_back(io::parse_scenario(changed.dump(), options.scenario_file, load_limits(options)));
  }

  io::Json axes = io::Json::array();
  for (const auto& sweep_text : options.sweeps) {
    const auto eq = sweep_text.find('=');
    io::Json values = io::Json::array();
    for (const auto& point : points) {
      const auto& v = point.at(sweep_text.substr(0, eq));
      if (std::find(values.begin(), values.end(), v) == values.end()) values.push_back(v);
    }
    axes.push_back({{"pointer", sweep_text.substr(0, eq)}, {"values", std::move(values)}});
  }

  // Under mpirun, each rank runs its share and rank 0 aggregates (docs/monte-carlo.md).
  const cli::MpiSession mpi;
  const montecarlo::RunRange mine = mpi.share(range);
  cli::StudyRun run;
  run.seed = study.seed;
  run.first = mine.first;
  run.end = mine.end;
  run.jobs = options.jobs > 0 ? options.jobs : cli::available_cores();
  run.progress = !options.quiet && isatty(STDERR_FILENO) == 1 && mpi.rank() == 0;
  io::Json sweep_json{{"kind", "sweep"},
                      {"format", montecarlo::kAggregateFormat},
                      {"axes", axes},
                      {"points", io::Json::array()}};
  io::Json single;
  std::uint64_t violations = 0;
  // Per point, its runs: each aggregate is written with its per-run table streamed row by row.
  std::vector<montecarlo::RunTable> tables(points.size());
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (sweep) run.label = fmt::format("point {}/{} ", i + 1, points.size());
    montecarlo::RunTable& runs = tables[i];
    try {
      runs = cli::run_study(scenarios[i], run, drill_options);
      mpi.gather(runs);
    } catch (const cli::Interrupted& e) {
      std::cerr << "drillsim: interrupted after " << e.done << " of " << (mine.end - mine.first) << " runs"
                << (sweep ? fmt::format(" of point {}", i + 1) : "") << "; nothing was written\n";
      if (mpi.size() > 1) mpi.abort(cli::kInterrupted);
      return cli::kInterrupted;
    } catch (const cli::RunFailed& e) {
      std::cerr << "drillsim: internal error: run " << e.run << " (--seed " << e.seed
                << ") failed: " << e.what() << "; nothing was written. Replay it: drillsim run "
                << options.scenario_file << " --seed " << e.seed << "\n";
      if (mpi.size() > 1) mpi.abort(cli::kInternalError);
      return cli::kInternalError;
    }
    if (mpi.rank() != 0) continue;  // Rank 0 aggregates and writes.
    study.settings = points[i];
    io::Json aggregate = montecarlo::build_aggregate_statistics(study, runs, i);
    violations += aggregate.at("runs_with_violations").get<std::uint64_t>();
    if (!options.quiet) {
      if (sweep && i > 0) std::cout << "\n";
      std::cout << montecarlo::format_aggregate(aggregate);
    }
    if (sweep) {
      sweep_json["points"].push_back({{"settings", points[i]}, {"aggregate", std::move(aggregate)}});
    } else {
      single = std::move(aggregate);
    }
  }
  if (mpi.rank() != 0) return cli::kAllObjectivesMet;
  cli::write_aggregate_file(sweep ? sweep_json : single, tables, out);
  if (options.stats) {
    // The coordinator's own peak (RUSAGE_SELF): the drills' memory is in their own processes.
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
    std::cout << fmt::format("stats: wall_s={:.3f} runs={} jobs={} coordinator_peak_rss_mib={:.1f}{}\n", wall,
                             (range.end - range.first) * points.size(), run.jobs, peak_rss_mib(),
                             mpi.size() > 1 ? fmt::format(" ranks={}", mpi.size()) : std::string());
  }
  if (!options.quiet)
    std::cout << "\n" << (sweep ? "Sweep" : "Aggregate report") << " written to " << out.string() << "\n";
  if (violations > 0) {
    std::cerr << "drillsim: internal error: " << violations
              << " run(s) broke an invariant; their seeds are in the report (per_run[].violations)\n";
    return cli::kInternalError;
  }
  return cli::kAllObjectivesMet;
}

// --candidate NAME:/P=V,/P=V: its name and settings. A comma starts a new setting only before a '/',
// so a value may hold commas ({"kind": "fixed", "value_s": 60}).
std::pair<std::string, io::Json> parse_candidate(const std::string& text) {
  const auto colon = text.find(':');
  io::Json settings = io::Json::object();
  std::string rest = text.substr(colon + 1);
  while (!rest.empty()) {
    const auto next = rest.find(",/");
    const std::string setting = utf8_setting(rest.substr(0, next));
    const auto eq = setting.find('=');
    if (eq == std::string::npos)
      throw cli::UsageError("--candidate " + text.substr(0, colon) + ": \"" + setting +
                            "\" is not POINTER=VALUE");
    settings[setting.substr(0, eq)] = setting_value(setting.substr(eq + 1));
    rest = next == std::string::npos ? std::string() : rest.substr(next + 1);
  }
  return {text.substr(0, colon), settings};
}

// drillsim run --runs N --candidate ...: the baseline and each candidate with the same seeds, ranked.
int compare(const cli::RunOptions& options) {
  const auto wall_start = std::chrono::steady_clock::now();
  const std::string text = io::read_text_file(options.scenario_file);
  const io::Json document = io::parse_json(text, options.scenario_file);
  const model::Scenario plain = io::parse_scenario(text, options.scenario_file);
  engine::DrillOptions drill_options;
  drill_options.simgrid_config = options.simgrid_config;
  drill_options.simgrid_log = options.simgrid_log;
  engine::log().set_level(spdlog::level::warn);

  const io::Json baseline = sweep_points(options).front();  // The --set settings.
  std::vector<std::string> names{"baseline"};
  std::vector<io::Json> settings{baseline};
  std::vector<std::string> candidates = options.candidates;
  if (!options.compare_file.empty()) {
    for (auto& line :
         cli::candidates_from_file(options.compare_file, io::read_text_file(options.compare_file)))
      candidates.push_back(std::move(line));
  }
  for (const auto& candidate : candidates) {
    auto [name, changes] = parse_candidate(candidate);
    if (std::find(names.begin(), names.end(), name) != names.end())
      throw cli::UsageError("--candidate: two candidates are named \"" + name + "\"");
    io::Json combined = baseline;
    for (const auto& [pointer, value] : changes.items())
      combined[pointer] = value;
    names.push_back(name);
    settings.push_back(std::move(combined));
  }
  montecarlo::RankBy rank_by;
  try {
    if (!options.rank_by.empty()) rank_by = montecarlo::parse_rank_by(options.rank_by);
  } catch (const std::invalid_argument& e) {
    throw cli::UsageError(e.what());
  }
  cli::check_rank_by(rank_by, plain);
  // Every scenario is validated before the first run.
  std::vector<model::Scenario> scenarios;
  for (const auto& point : settings)
    scenarios.push_back(io::parse_scenario(apply_settings(document, point).dump(), options.scenario_file));

  montecarlo::ComparisonStudy info;
  info.generator = std::string("drillsim ") + kVersion;
  info.scenario_name = plain.name;
  info.scenario_file = options.scenario_file;
  info.seed = options.seed.value_or(plain.seed);
  info.runs = *options.runs;
  info.baseline_settings = baseline;
  info.resamples = 2000;
  info.rank_by = rank_by;
  cli::StudyRun run;
  run.seed = info.seed;
  run.end = info.runs;
  run.jobs = options.jobs > 0 ? options.jobs : cli::available_cores();
  run.progress = !options.quiet && isatty(STDERR_FILENO) == 1;

  std::vector<std::vector<montecarlo::PairedRun>> paired(scenarios.size());
  std::vector<std::string> services;  // The objectives' services, from the baseline's first run.
  std::uint64_t violations = 0;
  std::string first_violation;
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    run.label = i == 0 ? std::string("baseline ") : fmt::format("candidate {}/{} ", i, scenarios.size() - 1);
    try {
      cli::run_study(scenarios[i], run, drill_options).for_each([&](const montecarlo::RunSummary& summary) {
        if (i == 0 && paired[i].empty()) services = montecarlo::objective_services(summary);
        paired[i].push_back(montecarlo::paired_run(summary));
        if (!summary.violations.empty() && violations++ == 0)
          first_violation = fmt::format("run {} (--seed {}) of {}", summary.run, summary.seed, names[i]);
      });
    } catch (const cli::Interrupted& e) {
      std::cerr << "drillsim: interrupted after " << e.done << " of " << info.runs << " runs of " << names[i]
                << "; nothing was written\n";
      return cli::kInterrupted;
    } catch (const cli::RunFailed& e) {
      std::cerr << "drillsim: internal error: run " << e.run << " (--seed " << e.seed << ") of " << names[i]
                << " failed: " << e.what() << "; nothing was written\n";
      return cli::kInternalError;
    }
  }
  std::vector<montecarlo::CandidateComparison> ranked;
  for (std::size_t i = 1; i < scenarios.size(); ++i) {
    montecarlo::CandidateComparison c = montecarlo::compare_paired(paired[0], paired[i], info.resamples,
                                                                   info.seed, info.confidence, services);
    c.name = names[i];
    c.settings = settings[i];
    ranked.push_back(std::move(c));
  }
  const montecarlo::CandidateComparison self =
      montecarlo::compare_paired(paired[0], paired[0], 2, info.seed, info.confidence, services);
  info.baseline_p_rto_met = self.p_rto_met;
  info.baseline_p95_restore_s = self.p95_restore_s;
  info.baseline_services = self.services;
  montecarlo::rank_candidates(ranked, rank_by);
  const io::Json json = montecarlo::comparison_json(info, ranked);

  std::string stem = cli::default_report_path(plain.name, options.scenario_file);
  const fs::path out = options.out_file.empty() ? fs::path(stem.substr(0, stem.size() - 5) + ".compare.json")
                                                : fs::path(options.out_file);
  write_json(json, out);
  if (!options.quiet) std::cout << montecarlo::format_comparison(json);
  if (options.stats) {
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
    std::cout << fmt::format("stats: wall_s={:.3f} runs={} jobs={} coordinator_peak_rss_mib={:.1f}\n", wall,
                             info.runs * scenarios.size(), run.jobs, peak_rss_mib());
  }
  if (!options.quiet) std::cout << "\nComparison written to " << out.string() << "\n";
  if (violations > 0) {
    std::cerr << "drillsim: internal error: " << violations << " run(s) broke an invariant, the first "
              << first_violation << "; its numbers are wrong\n";
    return cli::kInternalError;
  }
  return cli::kAllObjectivesMet;
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
  std::size_t steps = 0;
  if (imported.plan.contains("levels") && imported.plan["levels"].is_array())
    for (const auto& level : imported.plan["levels"])
      steps += level.contains("steps") && level["steps"].is_array() ? level["steps"].size() : 0;
  // A plan without a step does not load: it is reported, not written.
  const bool write = steps > 0 && !options.out_file.empty();
  if (write) {
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
    if (write) std::cout << "\nPlan written to " << options.out_file << "\n";
  }
  if (steps == 0) {
    std::cerr << "drillsim: " << options.runbook_file
              << ": no step of a procedure was found, so no plan was written; the notes above say which "
                 "sections were read and why the others were not\n";
    return cli::kInvalidInput;
  }
  return cli::kAllObjectivesMet;
}

// A file that is not a runbook (YAML, JSON, code) gets no verdict: exit 2 with the reason.
struct NotARunbook : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string read_runbook(const std::string& file) {
  std::string text = io::read_text_file(file);
  if (const auto why = runbook::not_a_runbook(text))
    throw NotARunbook(file + " is not a Markdown runbook: " + *why);
  return text;
}

// scaffold: the import, then plan.json and scenario.json in the directory, and what was invented.
int scaffold(const cli::ScaffoldOptions& options) {
  const std::string text = read_runbook(options.runbook_file);
  const auto imported = runbook::import_runbook(text, corrections_of(options.runbook_file));
  runbook::ScaffoldOptions scaffold_options;
  scaffold_options.level = options.level;
  scaffold_options.runbook_file = fs::path(options.runbook_file).filename().string();
  std::string stem = fs::path(options.runbook_file).stem().string();
  scaffold_options.name = "scaffold-" + (stem.empty() ? std::string("runbook") : stem);
  runbook::ScaffoldResult result;
  try {
    result = runbook::scaffold(imported, scaffold_options);
  } catch (const runbook::ScaffoldError& e) {
    if (!options.level.empty()) {
      std::cerr << "drillsim: " << e.what() << "\n";
      return cli::kUsageError;
    }
    throw io::InputError(options.runbook_file, "", e.what());
  }
  const auto dump = [](const nlohmann::ordered_json& j) {
    return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
  };
  const fs::path dir(options.out_dir);
  std::error_code ec;
  fs::create_directories(dir, ec);  // A failure shows when the files are written.
  report::write_text_atomically(dump(result.plan), dir / "plan.json");
  report::write_text_atomically(dump(result.scenario), dir / "scenario.json");
  // The scenario must load as written: check it now rather than at the user's first run.
  const model::Scenario loaded = io::load_scenario((dir / "scenario.json").string());
  std::size_t steps = 0;
  for (const auto& level : loaded.plan->levels)
    steps += level.steps.size();
  std::cout << "Scaffolded " << options.runbook_file << ": " << loaded.plan->levels.size() << " level(s), "
            << steps << " steps, " << loaded.services.size() << " service(s), " << loaded.stores.size()
            << " store(s)\n";
  std::cout << "  incident: " << result.incident << " on " << loaded.fault->service << "\n";
  std::cout << "  replays: \"" << result.level << "\"\n";
  std::cout << "  detection: " << loaded.alerts.size() << " alert(s), " << loaded.probes.size()
            << " probe(s), " << loaded.smoke_tests.size() << " smoke test(s), "
            << loaded.integrity_checks.size() << " integrity check(s)\n";
  for (const auto& o : loaded.objectives)
    std::cout << "  objective: " << o.service << " RTO " << o.rto_s << " s, RPO " << o.rpo_s << " s\n";
  for (const auto& note : result.notes)
    std::cout << "  note: " << note << "\n";
  std::cout << "\nAssumptions (" << result.assumptions.size() << "):\n";
  for (const auto& a : result.assumptions)
    std::cout << "  - " << a << "\n";
  std::cout << "\nWrote " << (dir / "plan.json").string() << " and " << (dir / "scenario.json").string()
            << "\nRun it: drillsim run " << (dir / "scenario.json").string() << "\n";
  return cli::kAllObjectivesMet;
}

// lint: the static checks, then (with --scenario) the plan replayed in the scenario: each level's
// simulated time against its claim, and the objectives.
int lint(const cli::LintOptions& options) {
  const std::string text = read_runbook(options.runbook_file);
  const auto imported = runbook::import_runbook(text, corrections_of(options.runbook_file));
  auto findings = runbook::lint_runbook(imported, text);
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
    // Each level's claim, judged on what the level did: one that failed or escalated never meets it.
    // These findings rest on the scenario's assumptions (its system, the responder model, default
    // durations), not on the runbook's words alone.
    using runbook::LintFinding;
    for (std::size_t i = 0; i < rep.plan.levels.size(); ++i) {
      const model::LevelOutcome& level = rep.plan.levels[i];
      const metrics::LevelClaim& claim = rep.level_claims.at(i);
      if (!level.claim_s || !level.start_s || claim.met.value_or(true)) continue;
      const auto line = imported.level_line.count(level.name) ? imported.level_line.at(level.name) : 0;
      std::string why;
      if (level.outcome == "failed" || level.outcome == "escalated") {
        why = fmt::format("\"{}\" {} in the simulation, so it did not do what its {:.0f} s claim says",
                          level.name, level.outcome, *level.claim_s);
      } else if (!claim.elapsed_s) {
        why = "\"" + level.name + "\" had not finished when the drill ended";
      } else {
        why = fmt::format("\"{}\" took {:.0f} s in the simulation, more than its {:.0f} s", level.name,
                          *claim.elapsed_s, *level.claim_s);
      }
      findings.push_back(
          {LintFinding::Severity::Fail, "simulated-budget", line, why, LintFinding::Basis::Assumption});
    }
    for (const auto& verdict : rep.objectives) {
      if (!verdict.rto_met || !verdict.rpo_met)
        findings.push_back({LintFinding::Severity::Fail, "objective", 0,
                            verdict.service + ": " + verdict.reason, LintFinding::Basis::Assumption});
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

// Out of memory: a reserve, never touched (so it costs address space, not memory), is given back at the
// first failed allocation, which then throws std::bad_alloc as usual. Unwinding frees the input's data
// with destructors that allocate themselves (nlohmann's destroys a big array through a vector of its
// elements): the reserve leaves them room, so the error reaches main and its exit code.
char* g_memory_reserve = nullptr;

void release_memory_reserve() {
  delete[] g_memory_reserve;
  g_memory_reserve = nullptr;
  std::set_new_handler(nullptr);
  throw std::bad_alloc();
}

int main(int argc, char* argv[]) {
  g_memory_reserve = new char[std::size_t{128} << 20];
  std::set_new_handler(release_memory_reserve);
  // Names from scenarios, runbooks and reports reach the terminal with control characters escaped.
  // Error messages always; standard output only when it is a terminal (a pipe gets the exact bytes).
  io::PrintableStreambuf printable_err(std::cerr.rdbuf());
  io::PrintableStreambuf printable_out(std::cout.rdbuf());
  struct Restore {  // The filters live in main's frame: the streams get their own buffers back first.
    std::streambuf* out = std::cout.rdbuf();
    std::streambuf* err = std::cerr.rdbuf();
    ~Restore() {
      std::cout.flush();
      std::cerr.flush();
      std::cout.rdbuf(out);
      std::cerr.rdbuf(err);
    }
  } restore;
  std::cerr.rdbuf(&printable_err);
  if (isatty(STDOUT_FILENO) == 1) std::cout.rdbuf(&printable_out);
  if (argc >= 2 && std::string(argv[1]) == "rules") return cli::rules_main(argc - 2, argv + 2);
  if (argc >= 2 && std::string(argv[1]) == "capacity") return cli::capacity_main(argc - 1, argv + 1);
  if (argc >= 2 && std::string(argv[1]) == "assess") return cli::assess_main(argc - 1, argv + 1);
  if (argc >= 2 && std::string(argv[1]) == "export") return cli::export_main(argc - 1, argv + 1);
  if (argc >= 2 && std::string(argv[1]) == "report") return cli::report_main(argc - 1, argv + 1);
  if (argc >= 2 && std::string(argv[1]) == "schema")
    return cli::schema_main(argc - 2, argv + 2, std::cout, std::cerr);
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
    case cli::Command::Kind::Scaffold:
    case cli::Command::Kind::Merge:
      break;
  }
  try {
    if (command.kind == cli::Command::Kind::Import) return import(command.import);
    if (command.kind == cli::Command::Kind::Lint) return lint(command.lint);
    if (command.kind == cli::Command::Kind::Scaffold) return scaffold(command.scaffold);
    if (command.kind == cli::Command::Kind::Merge) return cli::merge_shards(command.merge);
    if (command.run.runs && (!command.run.candidates.empty() || !command.run.compare_file.empty()))
      return compare(command.run);
    if (command.run.runs) return study(command.run);
    return run(command.run);
  } catch (const cli::UsageError& e) {
    std::cerr << "drillsim: " << e.what() << "\n";
    return cli::kUsageError;
  } catch (const NotARunbook& e) {
    std::cerr << "drillsim: " << e.what() << "\n";
    return cli::kUsageError;
  } catch (const io::InputError& e) {
    std::cerr << "drillsim: invalid input: " << e.what() << "\n";
    return cli::kInvalidInput;
  } catch (const engine::SimGridConfigError& e) {
    std::cerr << "drillsim: --simgrid-cfg: " << e.what() << " (see SimGrid's configuration documentation)\n";
    return cli::kUsageError;
  } catch (const report::WriteError& e) {
    std::cerr << "drillsim: cannot write the report: " << e.what() << "\n";
    return cli::kCannotWriteOutput;
  } catch (const std::bad_alloc&) {
    std::cerr << "drillsim: out of memory: the input asks for more than this machine has; reduce the "
                 "scenario's duration_s, rates, replicas or services (or --runs/--jobs), or raise the "
                 "memory limit\n";
    return cli::kOutOfMemory;
  } catch (const model::ResourceError& e) {
    std::cerr << "drillsim: out of resources: " << e.what() << "\n";
    return cli::kOutOfResources;
  } catch (const std::exception& e) {
    std::cerr << "drillsim: internal error: " << e.what() << " (please report it with the scenario)\n";
    return cli::kInternalError;
  }
}
