// drillsim assess (docs/monte-carlo.md, "Assessment against a resiliency policy"): a known answer.
#include "cli/assess_command.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "montecarlo/stats.hpp"

namespace drillsim::cli {
namespace {

using Json = nlohmann::ordered_json;
namespace fs = std::filesystem;

std::string data(const std::string& name) {
  return std::string(DRILLSIM_TEST_DATA) + "/montecarlo/" + name;
}

int assess(std::vector<std::string> args) {
  args.insert(args.begin(), "assess");
  std::vector<char*> argv;
  for (auto& a : args)
    argv.push_back(a.data());
  return assess_main(static_cast<int>(argv.size()), argv.data());
}

Json read(const fs::path& file) {
  std::ifstream in(file);
  return Json::parse(in);
}

// exponential-ack.json (a bad release: Software) restores in ceil(700.5 + a) - 600 - d seconds, a the
// acknowledgement ~ Exp(mean 200 s), d in (0, 0.501] (tests/cli/monte_carlo_test.cpp has the
// derivation). The policy's Software RTO of 300 s is met iff ceil(700.5 + a) <= 900 + d, i.e. iff
// a <= 199.5: P = 1 - exp(-199.5 / 200) = 0.6313, so at 95 % the policy is breached, at 30 % met. The
// median achievable RTO is ceil(700.5 + 200 ln 2) - 600 - d = 839.13 -> 240 - d. No store: every RPO is
// met, even 0. The policy's AZ has no scenario.
TEST(AssessCommand, JudgesTheRunsAgainstThePolicysTargetForTheFaultsType) {
  const fs::path dir = fs::temp_directory_path() / "drillsim-assess-test";
  fs::create_directories(dir);
  const fs::path policy = dir / "policy.json";
  std::ofstream(policy) << R"({"policyName": "api", "tier": "Critical", "policyDescription": "drills",
    "policy": {"Software": {"rtoInSecs": 300, "rpoInSecs": 0}, "AZ": {"rtoInSecs": 3600, "rpoInSecs": 60}}})";
  const fs::path out = dir / "assessment.json";
  const fs::path exported = dir / "exported.json";
  constexpr std::uint64_t n = 200;
  ASSERT_EQ(assess({policy.string(), data("exponential-ack.json"), "--runs", std::to_string(n), "--seed", "5",
                    "-o", out.string(), "--export-policy", exported.string(), "--quiet"}),
            1);
  const Json a = read(out);
  EXPECT_EQ(a.at("kind"), "assessment");
  EXPECT_EQ(a.at("scenarios")[0].at("disruption_type"), "Software");
  ASSERT_EQ(a.at("results").size(), 1U);
  const Json& r = a.at("results")[0];
  EXPECT_EQ(r.at("service"), "api");
  EXPECT_EQ(r.at("disruptionType"), "Software");
  EXPECT_EQ(r.at("complianceStatus"), "PolicyBreached");
  EXPECT_EQ(r.at("runs"), n);
  const double analytic = 1.0 - std::exp(-199.5 / 200.0);
  const Json& met = r.at("rto").at("met");
  EXPECT_LE(met.at("wilson")[0].get<double>(), analytic);
  EXPECT_GE(met.at("wilson")[1].get<double>(), analytic);
  // The sample median's standard error: sqrt(0.25 / n) / f(median), f = 0.5 / 200: 14.1 s; 4 of them.
  EXPECT_NEAR(r.at("rto").at("p50_s").get<double>(), 240.0, 4 * 14.1 + 1.5);
  EXPECT_EQ(r.at("rpo").at("met").at("count"), n);
  EXPECT_EQ(a.at("not_applicable"), Json::parse(R"(["AZ"])"));
  // The export is CreateResiliencyPolicy's shape, whole seconds as integers, the other fields kept.
  const Json e = read(exported);
  EXPECT_EQ(e.at("policy").at("Software"), Json::parse(R"({"rpoInSecs": 0, "rtoInSecs": 300})"));
  EXPECT_EQ(e.at("policyDescription"), "drills");
  EXPECT_EQ(e.at("tier"), "Critical");

  // Judged at 30 %, the same runs meet the policy: exit 0.
  EXPECT_EQ(assess({policy.string(), data("exponential-ack.json"), "--runs", "40", "--seed", "5", "--met-at",
                    "0.3", "-o", out.string(), "--quiet"}),
            0);
  EXPECT_EQ(read(out).at("results")[0].at("complianceStatus"), "PolicyMet");
  fs::remove_all(dir);
}

TEST(AssessCommand, RejectsABadPolicyAndAMissingScenario) {
  const fs::path dir = fs::temp_directory_path() / "drillsim-assess-bad";
  fs::create_directories(dir);
  const fs::path policy = dir / "policy.json";
  std::ofstream(policy) << R"({"policy": {"Zone": {"rtoInSecs": 1, "rpoInSecs": 1}}})";
  EXPECT_EQ(assess({policy.string(), data("exponential-ack.json"), "--quiet"}), 3);
  EXPECT_EQ(assess({policy.string()}), 2);
  EXPECT_EQ(assess({policy.string(), data("exponential-ack.json"), "--met-at", "0"}), 2);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace drillsim::cli
