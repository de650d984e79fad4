#include "cli/rules_command.hpp"

#include <iostream>
#include <string>
#include <vector>

#include "promql/rule_file.hpp"
#include "promql/unit_test_file.hpp"

namespace drillsim::cli {

namespace {

constexpr const char* kUsage =
    "Usage: drillsim rules check FILE...   load Prometheus rule files, name what cannot be evaluated\n"
    "       drillsim rules test FILE...    run promtool unit-test files with drillsim's evaluator\n";

int check(const std::vector<std::string>& files) {
  bool all_ok = true;
  for (const std::string& path : files) {
    const promql::RuleFile file = promql::load_rule_file(path);
    std::cout << "Checking " << path << "\n";
    if (file.ok()) {
      std::size_t rules = 0;
      for (const auto& g : file.groups)
        rules += g.rules.size();
      std::cout << "  SUCCESS: " << rules << " rules found\n";
      continue;
    }
    all_ok = false;
    std::cout << "  FAILED:\n";
    for (const promql::RuleProblem& p : file.problems)
      std::cout << "    " << p.where << ": "
                << (p.kind == promql::RuleProblem::Kind::Unsupported ? "cannot evaluate: " : "invalid: ")
                << p.message << "\n";
  }
  return all_ok ? 0 : 1;
}

int test(const std::vector<std::string>& files) {
  bool all_passed = true;
  for (const std::string& path : files) {
    const promql::UnitTestFileResult result = promql::run_unit_test_file(path);
    std::cout << promql::format_result(result) << "\n";
    all_passed = all_passed && result.passed();
  }
  return all_passed ? 0 : 1;
}

}  // namespace

int rules_main(int argc, char* argv[]) {
  std::vector<std::string> args(argv, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    (args.empty() ? std::cerr : std::cout) << kUsage;
    return args.empty() ? 2 : 0;
  }
  const std::string sub = args[0];
  const std::vector<std::string> files(args.begin() + 1, args.end());
  if ((sub != "check" && sub != "test") || files.empty()) {
    std::cerr << "drillsim: rules: "
              << (files.empty() && (sub == "check" || sub == "test") ? "no FILE given"
                                                                     : "unknown subcommand \"" + sub + "\"")
              << "\n"
              << kUsage;
    return 2;
  }
  return sub == "check" ? check(files) : test(files);
}

}  // namespace drillsim::cli
