#include "promql/rule_file.hpp"

#include <gtest/gtest.h>

namespace drillsim::promql {
namespace {

RuleFile read(const std::string& text) {
  return read_rule_file(parse_yaml(text, "r.yml"), "r.yml");
}

TEST(RuleFile, ReadsGroupsAlertsAndRecords) {
  const RuleFile f = read(R"(groups:
  - name: g
    interval: 30s
    rules:
      - record: job:up:sum
        expr: sum by (job) (up)
      - alert: Down
        expr: up == 0
        for: 5m
        keep_firing_for: 1m
        labels: {severity: page}
        annotations: {summary: 'down {{ $labels.instance }}'}
)");
  ASSERT_TRUE(f.ok()) << f.problems[0].message;
  ASSERT_EQ(f.groups.size(), 1u);
  const RuleGroup& g = f.groups[0];
  EXPECT_EQ(g.interval_ms, 30'000);
  ASSERT_EQ(g.rules.size(), 2u);
  EXPECT_FALSE(g.rules[0].alerting);
  EXPECT_EQ(g.rules[0].name, "job:up:sum");
  EXPECT_TRUE(g.rules[1].alerting);
  EXPECT_EQ(g.rules[1].for_ms, 300'000);
  EXPECT_EQ(g.rules[1].keep_firing_for_ms, 60'000);
  EXPECT_EQ(g.rules[1].labels, (Labels{{"severity", "page"}}));
}

TEST(RuleFile, UnsupportedFeatureIsNamedWithItsPlace) {
  const RuleFile f = read(R"(groups:
  - name: g
    rules:
      - alert: A
        expr: max_over_time(holt_winters(x[1h], 0.5, 0.5)[5m:1m]) > 1
)");
  ASSERT_EQ(f.problems.size(), 1u);
  EXPECT_EQ(f.problems[0].kind, RuleProblem::Kind::Unsupported);
  EXPECT_EQ(f.problems[0].where, "r.yml:5:15");
  EXPECT_NE(f.problems[0].message.find("function \"holt_winters\""), std::string::npos);
}

TEST(RuleFile, InvalidRulesAsPromtoolRejectsThem) {
  const RuleFile f = read(R"(groups:
  - name: g
    rules:
      - alert: A
        record: b
        expr: up
      - record: bad name
        expr: up
      - alert: C
        expr: up
        bogus: 1
  - name: g
)");
  std::vector<std::string> messages;
  for (const auto& p : f.problems) {
    EXPECT_EQ(p.kind, RuleProblem::Kind::Invalid);
    messages.push_back(p.message);
  }
  ASSERT_EQ(messages.size(), 4u);
  EXPECT_EQ(messages[0], "only one of 'record' and 'alert' must be set");
  EXPECT_EQ(messages[1], "invalid recording rule name: bad name");
  EXPECT_EQ(messages[2], "field bogus not found in type rulefmt.Rule");
  EXPECT_EQ(messages[3], "groupname: \"g\" is repeated in the same file");
}

TEST(RuleFile, AlertTemplatesAreParsedAndTheirProblemsNamed) {
  // promtool check rules: a template that does not parse is invalid (an unknown function, an
  // unclosed action); a Prometheus function drillsim does not run is "cannot evaluate"; recording
  // rules' labels are not templates.
  const RuleFile f = read(R"(groups:
  - name: g
    rules:
      - alert: A
        expr: up
        annotations: {s: '{{ printf "%.2f" $value }} {{ $labels.job | toUpper }}'}
      - alert: B
        expr: up
        annotations: {s: '{{ nosuchfunc $value }}'}
      - alert: C
        expr: up
        labels: {s: '{{ graphLink "up" }}'}
      - record: r
        expr: up
        labels: {s: '{{ nosuchfunc }}'}
)");
  ASSERT_EQ(f.problems.size(), 2u);
  EXPECT_EQ(f.problems[0].kind, RuleProblem::Kind::Invalid);
  EXPECT_NE(f.problems[0].message.find("function \"nosuchfunc\" not defined"), std::string::npos);
  EXPECT_EQ(f.problems[1].kind, RuleProblem::Kind::Unsupported);
  EXPECT_NE(f.problems[1].message.find("graphLink"), std::string::npos);
  ASSERT_EQ(f.groups.at(0).rules.at(0).annotation_templates.size(), 1u);
  EXPECT_NE(f.groups[0].rules[0].annotation_templates[0], nullptr);
}

}  // namespace
}  // namespace drillsim::promql
