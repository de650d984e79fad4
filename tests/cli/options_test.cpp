// The command line (cli/options.cpp): what each command accepts, what it refuses (UsageError, exit 2
// in main), and where a report goes without --out.
#include "cli/options.hpp"

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <vector>

namespace drillsim::cli {
namespace {

Command parse(std::initializer_list<const char*> args) {
  std::vector<const char*> argv{"drillsim"};
  argv.insert(argv.end(), args.begin(), args.end());
  return parse_command_line(static_cast<int>(argv.size()), argv.data());
}

// The UsageError's message, or "" when the command line parses.
std::string refusal(std::initializer_list<const char*> args) {
  try {
    parse(args);
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

TEST(Options, RunTakesOneScenarioAndItsOptions) {
  const auto c = parse({"run", "s.json", "--seed", "42", "-o", "out.json", "-q"});
  EXPECT_EQ(c.kind, Command::Kind::Run);
  EXPECT_EQ(c.run.scenario_file, "s.json");
  EXPECT_EQ(c.run.seed, 42u);
  EXPECT_EQ(c.run.out_file, "out.json");
  EXPECT_TRUE(c.run.quiet);
  EXPECT_FALSE(c.run.runs);
  const auto defaults = parse({"run", "s.json"});
  EXPECT_FALSE(defaults.run.seed);
  EXPECT_EQ(defaults.run.out_file, "");
}

// The seed is parsed by hand: Boost would turn "-1" into 2^64 - 1. The largest accepted has 19 digits.
TEST(Options, SeedIsAWholeNumberOfAtMostNineteenDigits) {
  EXPECT_EQ(parse({"run", "s.json", "--seed", "9999999999999999999"}).run.seed, 9999999999999999999ull);
  EXPECT_EQ(refusal({"run", "s.json", "--seed", "-1"}),
            "--seed expects a whole number from 0 to 9999999999999999999, got \"-1\"");
  EXPECT_NE(refusal({"run", "s.json", "--seed", "10000000000000000000"}), "");
  EXPECT_NE(refusal({"run", "s.json", "--seed", "1e3"}), "");
}

TEST(Options, RunRefusesWhatDoesNotFit) {
  EXPECT_EQ(refusal({"run"}), "run needs a scenario file: drillsim run SCENARIO.json");
  EXPECT_EQ(refusal({"run", "a.json", "b.json"}), "run takes one scenario file, got 2");
  EXPECT_EQ(refusal({"run", "s.json", "-q", "-v"}), "--quiet and --verbose exclude each other");
  EXPECT_EQ(refusal({"run", "s.json", "--json"}), "--scenario and --json are for import and lint");
  EXPECT_EQ(refusal({"frobnicate"}),
            "unknown command \"frobnicate\"; the commands are: run, import, lint, scaffold, merge, capacity, "
            "assess, rules, report, export, schema (see drillsim --help)");
  EXPECT_EQ(refusal({}), "no command given; try: drillsim run scenarios/default.json");
  EXPECT_NE(refusal({"run", "s.json", "--sead", "3"}).find("(see drillsim --help)"), std::string::npos);
}

// A Monte Carlo study: --runs N >= 1; --jobs, --set, --sweep and --shard only with it; a shard i/K
// with 0 <= i < K, not with a sweep.
TEST(Options, StudyOptionsNeedRunsAndAValidShard) {
  const auto c = parse({"run", "s.json", "--runs", "100", "-j", "3", "--shard", "1/4", "--set", "/a/b=1"});
  EXPECT_EQ(c.run.runs, 100u);
  EXPECT_EQ(c.run.jobs, 3u);
  EXPECT_EQ(c.run.shard_index, 1u);
  EXPECT_EQ(c.run.shard_count, 4u);
  EXPECT_EQ(c.run.settings, std::vector<std::string>{"/a/b=1"});
  EXPECT_EQ(refusal({"run", "s.json", "--runs", "0"}), "--runs expects at least 1 run");
  EXPECT_EQ(refusal({"run", "s.json", "--jobs", "2"}),
            "--jobs, --set, --sweep, --shard, --candidate and --compare need --runs N");
  EXPECT_EQ(refusal({"run", "s.json", "--runs", "3", "--shard", "3/3"}),
            "--shard i/K needs 0 <= i < K, got \"3/3\"");
  EXPECT_EQ(refusal({"run", "s.json", "--runs", "3", "--shard", "2"}),
            "--shard expects i/K (e.g. 0/3), got \"2\"");
  EXPECT_EQ(refusal({"run", "s.json", "--runs", "3", "--set", "a=1"}),
            "--set expects /JSON/POINTER=VALUE, got \"a=1\"");
  EXPECT_EQ(refusal({"run", "s.json", "--runs", "3", "--sweep", "/a="}),
            "--sweep expects /JSON/POINTER=V1,V2,..., got \"/a=\"");
  EXPECT_EQ(refusal({"run", "s.json", "--runs", "3", "-v"}), "--verbose is for a single drill, not --runs");
}

// SimGrid aborts the process on a malformed setting or an unknown context factory: refused here first.
TEST(Options, SimgridSettingsAreNameColonValue) {
  EXPECT_EQ(parse({"run", "s.json", "--simgrid-cfg", "network/model:CM02"}).run.simgrid_config,
            std::vector<std::string>{"network/model:CM02"});
  EXPECT_NE(refusal({"run", "s.json", "--simgrid-cfg", "help"}), "");
  EXPECT_NE(refusal({"run", "s.json", "--simgrid-cfg", ":x"}), "");
  EXPECT_EQ(refusal({"run", "s.json", "--simgrid-cfg", "contexts/factory:nosuch"}),
            "--simgrid-cfg contexts/factory expects thread, raw, ucontext or boost, got \"nosuch\"");
}

TEST(Options, ImportLintScaffoldAndMergeTakeTheirOwnOptions) {
  const auto import = parse({"import", "r.md", "-o", "plan.json", "--json"});
  EXPECT_EQ(import.kind, Command::Kind::Import);
  EXPECT_EQ(import.import.runbook_file, "r.md");
  EXPECT_EQ(import.import.out_file, "plan.json");
  EXPECT_TRUE(import.import.json);
  const auto lint = parse({"lint", "r.md", "--scenario", "s.json"});
  EXPECT_EQ(lint.kind, Command::Kind::Lint);
  EXPECT_EQ(lint.lint.scenario_file, "s.json");
  const auto scaffold = parse({"scaffold", "r.md", "-o", "dir", "--level", "2"});
  EXPECT_EQ(scaffold.kind, Command::Kind::Scaffold);
  EXPECT_EQ(scaffold.scaffold.out_dir, "dir");
  EXPECT_EQ(scaffold.scaffold.level, "2");
  const auto merge = parse({"merge", "a.json", "b.json", "-o", "m.json"});
  EXPECT_EQ(merge.kind, Command::Kind::Merge);
  EXPECT_EQ(merge.merge.files, (std::vector<std::string>{"a.json", "b.json"}));
  EXPECT_EQ(refusal({"lint", "r.md", "-o", "x"}), "-o is for import and run");
  EXPECT_EQ(refusal({"import", "r.md", "--scenario", "s.json"}),
            "--scenario is for lint; import writes the plan with -o");
  EXPECT_EQ(refusal({"import", "a.md", "b.md"}), "import takes one runbook file, got 2");
  EXPECT_EQ(refusal({"scaffold", "r.md"}),
            "scaffold needs -o DIR: the directory for plan.json and scenario.json");
  EXPECT_EQ(refusal({"run", "s.json", "--level", "1"}), "--level is for scaffold");
  EXPECT_EQ(refusal({"merge", "a.json"}), "merge needs -o OUT.json");
  EXPECT_EQ(refusal({"merge", "a.json", "-o", "m.json", "--seed", "2"}),
            "merge takes aggregate files and -o only");
}

TEST(Options, HelpAndVersion) {
  const auto help = parse({"--help"});
  EXPECT_EQ(help.kind, Command::Kind::Help);
  EXPECT_NE(help.help_text.find("reports/<scenario name>.json"), std::string::npos);
  EXPECT_EQ(parse({"help"}).kind, Command::Kind::Help);
  EXPECT_EQ(parse({"--version"}).kind, Command::Kind::Version);
}

// reports/<name>.json, characters outside [A-Za-z0-9._-] made '-'; a name of separators or dots only
// falls back to the file's stem, then to "scenario" (never a path that climbs out of reports/).
TEST(Options, DefaultReportPathIsNamedAfterTheScenario) {
  EXPECT_EQ(default_report_path("seed-catalytic-saas", "scenarios/seeds/catalytic-saas/scenario.json"),
            "reports/seed-catalytic-saas.json");
  EXPECT_EQ(default_report_path("ca marketplace/1", "x.json"), "reports/ca-marketplace-1.json");
  EXPECT_EQ(default_report_path("..", "scenarios/default.json"), "reports/default.json");
  EXPECT_EQ(default_report_path("/", "dir/.."), "reports/scenario.json");
  EXPECT_EQ(default_report_path("", ""), "reports/scenario.json");
}

}  // namespace
}  // namespace drillsim::cli
