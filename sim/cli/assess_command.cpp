#include "cli/assess_command.hpp"

#include <unistd.h>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <boost/program_options.hpp>

#include <cmath>
#include <filesystem>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "cli/monte_carlo.hpp"
#include "cli/options.hpp"
#include "cli/subcommand.hpp"
#include "drillsim/version.hpp"
#include "engine/drill.hpp"
#include "engine/engine_log.hpp"
#include "io/input_error.hpp"
#include "io/json_reader.hpp"
#include "io/scenario_loader.hpp"
#include "montecarlo/assess.hpp"
#include "montecarlo/stats.hpp"
#include "report/report_writer.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace drillsim::cli {

namespace {

using Json = nlohmann::ordered_json;
constexpr int kAssessmentFormat = 1;

struct AssessOptions {
  std::string policy_file;
  std::vector<std::string> scenario_files;
  std::uint64_t runs = 100;
  unsigned jobs = 0;
  std::optional<std::uint64_t> seed;
  double met_at = 0.95;
  std::string out_file;
  std::string export_policy;
  bool quiet = false;
};

const char* const kUsage =
    "Usage: drillsim assess POLICY.json SCENARIO.json... [--runs N] [--jobs J] [--seed S] [--met-at Q]\n"
    "                       [-o FILE] [--export-policy FILE] [--quiet]\n"
    "Runs each scenario's drill N times and judges each service against the resiliency policy's RTO and\n"
    "RPO for the scenario's disruption type (AWS Resilience Hub's policy JSON: Software, Hardware, AZ,\n"
    "Region). Writes reports/assessment.json.\n\n"
    "Options";

AssessOptions parse(int argc, char* argv[]) {
  AssessOptions options;
  StudyArguments study;
  po::options_description described(kUsage);
  study.add_to(described, "N", "drills per scenario (default 100)",
               "the seed every scenario's runs derive from (default: each scenario's own)");
  described.add_options()("met-at", po::value<double>(&options.met_at)->value_name("Q"),
                          "PolicyMet when at least this share of the runs meets both targets (default 0.95)")(
      "out,o", po::value<std::string>(&options.out_file)->value_name("FILE"),
      "where to write the assessment (default: reports/assessment.json)")(
      "export-policy", po::value<std::string>(&options.export_policy)->value_name("FILE"),
      "also write the policy as read, in CreateResiliencyPolicy's request shape")(
      "quiet,q", po::bool_switch(&options.quiet), "print nothing on success")("help,h", "show this help");
  const SubcommandLine line = parse_subcommand("assess", argc, argv, described);
  const auto& files = line.files;
  if (files.size() < 2)
    throw UsageError(
        "assess needs a policy and at least one scenario: drillsim assess POLICY.json SCENARIO.json...");
  options.policy_file = files.front();
  options.scenario_files.assign(files.begin() + 1, files.end());
  study.apply(line.options, 9, options.runs, options.seed, options.jobs);
  if (!(options.met_at > 0.0 && options.met_at <= 1.0))
    throw UsageError("--met-at expects a share in (0, 1]");
  check_out_file(line.options, options.out_file);
  return options;
}

Json proportion(std::uint64_t k, std::uint64_t n) {
  if (n == 0) return Json{{"count", k}, {"of", n}, {"p", nullptr}, {"wilson", nullptr}};
  const montecarlo::Interval w = montecarlo::wilson_interval(k, n, 0.95);
  return Json{{"count", k},
              {"of", n},
              {"p", static_cast<double>(k) / static_cast<double>(n)},
              {"wilson", {w.lo, w.hi}}};
}

Json optional_number(const std::optional<double>& v) {
  return v ? Json(*v) : Json(nullptr);
}

int run_assess(const AssessOptions& options) {
  const Json policy_json =
      io::parse_json(io::read_text_file(options.policy_file, io::kMaxInputFileBytes), options.policy_file);
  montecarlo::Policy policy;
  try {
    policy = montecarlo::policy_from_json(policy_json);
  } catch (const montecarlo::PolicyError& e) {
    throw io::InputError(options.policy_file, "", e.what());
  }
  if (!options.export_policy.empty())
    report::write_text_atomically(dump_json(montecarlo::policy_to_json(policy), 2) + "\n",
                                  options.export_policy);

  // Every scenario is read and classified before the first run.
  std::vector<model::Scenario> scenarios;
  std::vector<montecarlo::Disruption> types;
  for (const auto& file : options.scenario_files) {
    scenarios.push_back(io::load_scenario(file));
    const model::Scenario& s = scenarios.back();
    if (!s.fault) throw io::InputError(file, "", "the scenario injects no fault: no disruption to assess");
    const auto type = montecarlo::disruption_of(s.fault->kind_name());
    if (!type)
      throw io::InputError(file, "/fault/kind",
                           std::string("no disruption type for fault kind \"") + s.fault->kind_name() + "\"");
    types.push_back(*type);
  }
  engine::log().set_level(spdlog::level::warn);
  engine::DrillOptions drill;
  montecarlo::Assessor assessor(policy);
  Json scenario_rows = Json::array();
  std::uint64_t violations = 0;
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    StudyRun study;
    study.seed = options.seed.value_or(scenarios[i].seed);
    study.end = options.runs;
    study.jobs = options.jobs > 0 ? options.jobs : available_cores();
    study.progress = !options.quiet && isatty(STDERR_FILENO) == 1;
    study.label = fmt::format("{} ", scenarios[i].name);
    // Streamed from the study's table on disk: one run's summary in memory at a time.
    run_study(scenarios[i], study, drill).for_each([&](const montecarlo::RunSummary& r) {
      violations += r.violations.empty() ? 0 : 1;
      assessor.add(types[i], r);
    });
    scenario_rows.push_back({{"file", options.scenario_files[i]},
                             {"name", scenarios[i].name},
                             {"fault_kind", scenarios[i].fault->kind_name()},
                             {"disruption_type", montecarlo::to_string(types[i])},
                             {"seed", study.seed},
                             {"runs", options.runs}});
  }
  const std::vector<montecarlo::Compliance> results = assessor.results();

  Json rows = Json::array();
  bool breached = false;
  for (const auto& c : results) {
    const std::string status = c.status(options.met_at);
    breached = breached || status == "PolicyBreached";
    const auto p50_rto = montecarlo::quantile_or_unbounded(c.rto_s, 0.5);
    const auto p95_rto = montecarlo::quantile_or_unbounded(c.rto_s, 0.95);
    const auto p50_rpo = montecarlo::quantile_or_unbounded(c.rpo_s, 0.5);
    const auto p95_rpo = montecarlo::quantile_or_unbounded(c.rpo_s, 0.95);
    Json row{{"service", c.service},
             {"disruptionType", montecarlo::to_string(c.disruption)},
             {"complianceStatus", status},
             {"runs", c.runs},
             {"achievableRtoInSecs", optional_number(p95_rto)},
             {"achievableRpoInSecs", optional_number(p95_rpo)},
             {"rto",
              {{"target_s", c.target ? Json(c.target->rto_s) : Json(nullptr)},
               {"met", c.target ? proportion(c.rto_met, c.runs) : Json(nullptr)},
               {"p50_s", optional_number(p50_rto)},
               {"p95_s", optional_number(p95_rto)}}},
             {"rpo",
              {{"target_s", c.target ? Json(c.target->rpo_s) : Json(nullptr)},
               {"met", c.target ? proportion(c.rpo_met, c.runs) : Json(nullptr)},
               {"p50_s", optional_number(p50_rpo)},
               {"p95_s", optional_number(p95_rpo)}}},
             {"both_met", c.target ? proportion(c.both_met, c.runs) : Json(nullptr)}};
    rows.push_back(std::move(row));
  }
  Json not_applicable = Json::array();
  for (const auto& [d, t] : policy.targets)
    if (std::find(types.begin(), types.end(), d) == types.end())
      not_applicable.push_back(montecarlo::to_string(d));
  const Json report{{"kind", "assessment"},
                    {"format", kAssessmentFormat},
                    {"generator", std::string("drillsim ") + kVersion},
                    {"policy", montecarlo::policy_to_json(policy)},
                    {"met_at", options.met_at},
                    {"confidence", 0.95},
                    {"seed_derivation", "splitmix64(seed, run) >> 11 (docs/monte-carlo.md)"},
                    {"scenarios", std::move(scenario_rows)},
                    {"runs_with_violations", violations},
                    {"results", std::move(rows)},
                    {"not_applicable", std::move(not_applicable)}};
  const fs::path out =
      options.out_file.empty() ? fs::path("reports/assessment.json") : fs::path(options.out_file);
  report::write_text_atomically(dump_json(report, 2) + "\n", out);
  if (!options.quiet) {
    std::cout << fmt::format(
        "Assessment against policy {}{} ({} runs per scenario; PolicyMet when >= {:.0f}% of "
        "the runs meet both targets)\n",
        policy.name.empty() ? std::string("(unnamed)") : policy.name,
        policy.tier.empty() ? std::string() : " [" + policy.tier + "]", options.runs, options.met_at * 100.0);
    std::cout << fmt::format("  {:<16} {:<9} {:<15} {:>6} {:>7} {:>8} {:>9} {:>9} {:>7} {:>8} {:>9}\n",
                             "service", "type", "status", "runs", "RTO s", "P(RTO)", "p50 RTO", "p95 RTO",
                             "RPO s", "P(RPO)", "p95 RPO");
    for (const auto& row : report.at("results")) {
      const auto& rto = row.at("rto");
      const auto& rpo = row.at("rpo");
      const auto pct = [](const Json& p) {
        return p.is_null() ? std::string("—") : fmt::format("{:.1f}%", p.at("p").get<double>() * 100.0);
      };
      const auto num = [](const Json& v) {
        return v.is_null() ? std::string("—") : fmt::format("{:.0f}", v.get<double>());
      };
      const auto unbounded = [](const Json& v) {
        return v.is_null() ? std::string("unbounded") : fmt::format("{:.0f}", v.get<double>());
      };
      std::cout << fmt::format(
          "  {:<16} {:<9} {:<15} {:>6} {:>7} {:>8} {:>9} {:>9} {:>7} {:>8} {:>9}\n",
          row.at("service").get<std::string>(), row.at("disruptionType").get<std::string>(),
          row.at("complianceStatus").get<std::string>(), row.at("runs").get<std::uint64_t>(),
          num(rto.at("target_s")), pct(rto.at("met")), unbounded(rto.at("p50_s")), unbounded(rto.at("p95_s")),
          num(rpo.at("target_s")), pct(rpo.at("met")), unbounded(rpo.at("p95_s")));
    }
    if (!report.at("not_applicable").empty())
      std::cout << "  No scenario for: " << dump_json(report.at("not_applicable")) << " (NotApplicable)\n";
    std::cout << "\nAssessment written to " << out.string() << "\n";
  }
  if (violations > 0) {
    std::cerr << "drillsim: internal error: " << violations
              << " run(s) broke an invariant; their numbers are wrong\n";
    return kInternalError;
  }
  return breached ? kObjectiveMissed : kAllObjectivesMet;
}

}  // namespace

int assess_main(int argc, char* argv[]) {
  return run_subcommand([&] { return run_assess(parse(argc, argv)); },
                        [](const RunFailed& e) { return fmt::format("run {} (--seed {})", e.run, e.seed); });
}

}  // namespace drillsim::cli
