#include "promql/rule_group.hpp"

#include <gtest/gtest.h>

#include "promql/parser.hpp"

namespace drillsim::promql {
namespace {

RuleGroup group(const std::string& expr, std::int64_t for_ms, std::int64_t keep_ms) {
  RuleGroup g;
  g.name = "g";
  Rule r;
  r.alerting = true;
  r.name = "A";
  r.expr_text = expr;
  r.expr = parse_expression(expr);
  r.for_ms = for_ms;
  r.keep_firing_for_ms = keep_ms;
  g.rules.push_back(std::move(r));
  return g;
}

std::vector<AlertState> states(const std::vector<double>& values, std::int64_t for_ms, std::int64_t keep_ms) {
  SeriesStore store;
  for (std::size_t i = 0; i < values.size(); ++i)
    store.append(parse_series_labels("x"), {static_cast<std::int64_t>(i) * 60'000, values[i]});
  const RuleGroup g = group("x > 1", for_ms, keep_ms);
  GroupEvaluator e(g, store);
  std::vector<AlertState> out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    EXPECT_TRUE(e.evaluate(static_cast<std::int64_t>(i) * 60'000).empty());
    const auto alerts = e.active_alerts(0);
    out.push_back(alerts.empty() ? AlertState::Inactive : alerts[0].state);
  }
  return out;
}

using S = AlertState;

TEST(GroupEvaluator, PendingThenFiringAfterFor) {
  // True from 1m; for: 2m -> pending at 1m and 2m, firing at 3m (3m - 1m >= 2m).
  EXPECT_EQ(states({0, 2, 2, 2, 2}, 120'000, 0),
            (std::vector<S>{S::Inactive, S::Pending, S::Pending, S::Firing, S::Firing}));
}

TEST(GroupEvaluator, PendingResetsWhenTheElementDisappears) {
  EXPECT_EQ(states({2, 0, 2, 2}, 60'000, 0),
            (std::vector<S>{S::Pending, S::Inactive, S::Pending, S::Firing}));
}

TEST(GroupEvaluator, KeepFiringForHoldsAResolvedAlert) {
  // Firing at 0 (for: 0); false from 1m; keep_firing_for 2m: kept at 1m and 2m (2m - 1m < 2m), resolved at
  // 3m.
  EXPECT_EQ(states({2, 0, 0, 0, 0}, 0, 120'000),
            (std::vector<S>{S::Firing, S::Firing, S::Firing, S::Inactive, S::Inactive}));
}

TEST(GroupEvaluator, WritesAlertsSeriesAndMarksThemStale) {
  SeriesStore store;
  store.append(parse_series_labels("x"), {0, 2});
  store.append(parse_series_labels("x"), {60'000, 0});
  const RuleGroup g = group("x > 1", 0, 0);
  GroupEvaluator e(g, store);
  e.evaluate(0);
  e.evaluate(60'000);
  LabelMatcher m{kMetricName, LabelMatcher::Op::Equal, "ALERTS", nullptr};
  const auto series = store.select({m});
  ASSERT_EQ(series.size(), 1u);
  EXPECT_EQ(label_value(series[0]->labels, "alertstate"), "firing");
  ASSERT_EQ(series[0]->samples.size(), 2u);
  EXPECT_TRUE(is_stale_nan(series[0]->samples[1].value));
}

TEST(GroupEvaluator, DuplicateLabelsetAfterRelabelIsAnError) {
  SeriesStore store;
  store.append(parse_series_labels(R"(a{i="1"})"), {0, 2});
  store.append(parse_series_labels(R"(b{i="1"})"), {0, 2});
  const RuleGroup g = group(R"({__name__=~"a|b"} > 1)", 0, 0);
  GroupEvaluator e(g, store);
  const auto errors = e.evaluate(0);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("same labelset after applying alert labels"), std::string::npos);
}

}  // namespace
}  // namespace drillsim::promql
