// `drillsim rules ...` as a function: exit codes for the command line, for files that load or cannot be
// evaluated, and for promtool unit tests that pass or fail. The files are written here; their rules and
// expectations are small enough to check by hand.
#include "cli/rules_command.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace drillsim::cli {
namespace {

int rules(std::vector<std::string> args) {
  std::vector<char*> argv;
  for (auto& a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  return rules_main(static_cast<int>(args.size()), argv.data());
}

std::string write(const std::string& name, const std::string& text) {
  const auto dir = std::filesystem::temp_directory_path() / "drillsim-rules-command-test";
  std::filesystem::create_directories(dir);
  const auto path = dir / name;
  std::ofstream(path) << text;
  return path.string();
}

const char* kRules = R"(groups:
  - name: g
    rules:
      - alert: Down
        expr: up == 0
        for: 1m
)";

TEST(RulesCommand, ABadCommandLineIsAUsageError) {
  EXPECT_EQ(rules({}), 2);
  EXPECT_EQ(rules({"verify", "x.yml"}), 2);
}

TEST(RulesCommand, CheckPassesARuleFileInTheSubsetAndFailsOneOutsideIt) {
  EXPECT_EQ(rules({"check", write("ok.yml", kRules)}), 0);
  EXPECT_EQ(rules({"check", write("holt_winters.yml", R"(groups:
  - name: g
    rules:
      - alert: Slow
        expr: max_over_time(holt_winters(x[1h], 0.5, 0.5)[30m:1m]) > 10
)")}),
            1);
}

// `up` is 0 from 0m: pending at 0m, firing from 1m (for: 1m). The passing file expects the alert at 2m,
// the failing one expects nothing then.
TEST(RulesCommand, TestPassesAndFailsAsTheAssertionsDo) {
  write("rules.yml", kRules);
  const std::string series = R"(rule_files: [rules.yml]
evaluation_interval: 1m
tests:
  - interval: 1m
    input_series:
      - series: 'up{job="a"}'
        values: '0x5'
    alert_rule_test:
      - eval_time: 2m
        alertname: Down
)";
  EXPECT_EQ(rules({"test", write("pass_test.yml", series + R"(        exp_alerts:
          - exp_labels: {job: a}
)")}),
            0);
  EXPECT_EQ(rules({"test", write("fail_test.yml", series + "        exp_alerts: []\n")}), 1);
}

}  // namespace
}  // namespace drillsim::cli
