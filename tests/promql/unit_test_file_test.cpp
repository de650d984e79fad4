#include "promql/unit_test_file.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

namespace drillsim::promql {
namespace {

TEST(UnitTestFile, ExpandingNotation) {
  const auto v = expand_series_values("1+2x3 _ 5x2 _x2 stale 10-1x1");
  // 1 3 5 7 | _ | 5 5 5 | _ _ | stale | 10 9
  ASSERT_EQ(v.size(), 13u);
  EXPECT_EQ(*v[3], 7);
  EXPECT_FALSE(v[4].has_value());
  EXPECT_EQ(*v[7], 5);
  EXPECT_FALSE(v[8].has_value());
  EXPECT_FALSE(v[9].has_value());
  EXPECT_TRUE(is_stale_nan(*v[10]));
  EXPECT_EQ(*v[12], 9);
  EXPECT_THROW(expand_series_values("1+"), std::invalid_argument);
}

TEST(UnitTestFile, StepsAreAddedInTurn) {
  // 0.1 added ten times is 1.0999999999999999, as promtool gives (not 0.1 + 10 * 0.1 = 1.1).
  const auto v = expand_series_values("0.1+0.1x10");
  EXPECT_EQ(*v.back(), 1.0999999999999999);
}

TEST(UnitTestFile, RunsAssertionsAndReportsEach) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("drillsim_unit_test_file_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "r.yml")
      << "groups:\n- name: g\n  rules:\n  - alert: High\n    expr: x > 1\n    for: 1m\n";
  std::ofstream(dir / "t.yml") << R"(rule_files: [r.yml]
tests:
  - interval: 1m
    input_series:
      - series: 'x{i="a"}'
        values: '0 2 2 2'
    alert_rule_test:
      - {eval_time: 1m, alertname: High, exp_alerts: []}
      - eval_time: 2m
        alertname: High
        exp_alerts: [{exp_labels: {i: a}}]
      - {eval_time: 3m, alertname: High, exp_alerts: []}
    promql_expr_test:
      - expr: ALERTS_FOR_STATE
        eval_time: 2m
        exp_samples: [{labels: 'ALERTS_FOR_STATE{alertname="High", i="a"}', value: 60}]
)";
  const UnitTestFileResult r = run_unit_test_file(dir / "t.yml");
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(r.errors.empty()) << r.errors[0];
  ASSERT_EQ(r.groups.size(), 1u);
  const auto& a = r.groups[0].assertions;
  ASSERT_EQ(a.size(), 4u);
  EXPECT_TRUE(a[0].passed);   // pending at 1m, not firing
  EXPECT_TRUE(a[1].passed);   // firing at 2m
  EXPECT_FALSE(a[2].passed);  // still firing at 3m
  EXPECT_EQ(a[2].heading(), "alertname: High, time: 3m");
  EXPECT_TRUE(a[3].passed);
  EXPECT_FALSE(r.passed());
}

TEST(UnitTestFile, MissingRuleFileIsAnError) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("drillsim_unit_test_missing_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "t.yml") << "rule_files: [nope.yml]\ntests: []\n";
  const UnitTestFileResult r = run_unit_test_file(dir / "t.yml");
  std::filesystem::remove_all(dir);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].find("nope.yml"), std::string::npos);
}

}  // namespace
}  // namespace drillsim::promql
