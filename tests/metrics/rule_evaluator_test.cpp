// The rule evaluator's own bookkeeping (sim/metrics/rule_evaluator.*), by hand: scrape instants and
// what a sample holds, bounded memory, the gauge's lookback, NaN, and a scenario rule as the engine
// builds it. The promtool agreement tests drive the same object (prometheus_test.cpp).
#include "metrics/rule_evaluator.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace drillsim::metrics::prom {
namespace {

// A sample at t holds every second that ended by t. Events at 10 per second, scrapes at 15 + 60 j: the
// evaluation at 600 reads the samples 315..555 of [300, 600], 3150 .. 5550, and extrapolates to 3000 (as
// in Increase.ExtrapolatesToTheRangeBoundaries...): `increase(events[5m]) > 2999` fires at once.
TEST(RuleEvaluator, ScrapesAtTheTargetsOffsetSeeTheSecondsBeforeThem) {
  Timing timing;
  timing.scrape_offset_s = 15;
  RuleEvaluator evaluator({{"Events", Expression::EventIncrease, 300, 0.95, 2999, 0, 0}}, timing);
  EXPECT_TRUE(evaluator.needs().events);
  EXPECT_FALSE(evaluator.needs().counts);
  EXPECT_EQ(evaluator.seconds_needed(600), 555);
  std::vector<AlertChange> changes;
  for (double ts = 0; ts <= 600; ts += 60) {
    ASSERT_EQ(evaluator.next_evaluation(), ts);
    while (evaluator.fed_seconds() < evaluator.seconds_needed(ts))
      evaluator.feed({.events = 10});
    for (const auto& change : evaluator.evaluate(ts))
      changes.push_back(change);
  }
  EXPECT_EQ(evaluator.last_value(0), 3000.0);
  ASSERT_FALSE(changes.empty());
  EXPECT_EQ(changes.front().change, AlertState::Change::Fired);
  EXPECT_EQ(changes.front().value, 3000.0);
  // It fired earlier, at 300: [0, 300] holds the samples 15..255 (150 .. 2550), 2400 over 240 s; 15 s
  // to the start (the zero point is 240 * 150 / 2400 = 15 s back too) and 45 s to the end are both
  // < 66: 2400 * 300 / 240 = 3000. At 240, [-60, 240] holds 15..195: 1800 over 180 s, the start clamped
  // at the zero point 15 s back, 45 s to the end: 1800 * 240 / 180 = 2400.
  EXPECT_EQ(changes.front().t_s, 300.0);
}

// Samples older than the largest range plus the lookback are dropped: with a 5-minute range, scrapes
// every 60 s and a 300 s lookback, the next evaluation (t + 60) can read back to t + 60 - 600, so after
// the evaluation at t each series holds the 10 scrapes of [t - 540, t], whether the drill has run one
// hour or ten.
TEST(RuleEvaluator, MemoryIsFlatInSimulatedTime) {
  RuleEvaluator evaluator({{"Ratio", Expression::ErrorRatio, 300, 0.95, 0.05, 300, 0}}, Timing{});
  std::size_t at_one_hour = 0;
  std::size_t most = 0;
  for (double ts = 0; ts <= 36000; ts = evaluator.next_evaluation()) {
    while (evaluator.fed_seconds() < evaluator.seconds_needed(ts))
      evaluator.feed({.requests = 10, .errors = 1});
    evaluator.evaluate(ts);
    most = std::max(most, evaluator.samples_held());
    if (ts == 3600) at_one_hour = evaluator.samples_held();
  }
  EXPECT_EQ(most, 2u * 10u);  // requests and errors
  EXPECT_EQ(evaluator.samples_held(), at_one_hour);
  EXPECT_EQ(evaluator.state(0), AlertState::State::Firing);  // 10 % > 5 %
}

// A gauge is read at its scrapes by the feeder; an evaluation sees the latest sample within the 5-minute
// lookback. Scraped every 600 s: the sample at 0 is visible at 300 and gone (absent, so false) at 360.
TEST(RuleEvaluator, AGaugeOlderThanTheLookbackIsAbsent) {
  Timing timing;
  timing.scrape_interval_s = 600;
  RuleEvaluator evaluator({{"Memory", Expression::Gauge, 300, 0.95, 0.9, 0, 0}}, timing);
  EXPECT_EQ(evaluator.seconds_needed(1000), 0);
  std::vector<AlertChange> changes;
  for (double ts = 0; ts <= 660; ts = evaluator.next_evaluation()) {
    for (const double scrape : evaluator.due_scrapes(ts))
      evaluator.feed_gauge(scrape, scrape == 0 ? 0.95 : 0.5);
    for (const auto& change : evaluator.evaluate(ts))
      changes.push_back(change);
  }
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].change, AlertState::Change::Fired);
  EXPECT_EQ(changes[0].t_s, 0.0);
  EXPECT_EQ(changes[0].value, 0.95);
  EXPECT_EQ(changes[1].change, AlertState::Change::Resolved);
  EXPECT_EQ(changes[1].t_s, 360.0);
  EXPECT_FALSE(changes[1].value);
}

// An error ratio without any request is 0 / 0 = NaN in Prometheus, and NaN > threshold is false.
TEST(RuleEvaluator, NoRequestsMeansNoAlert) {
  RuleEvaluator evaluator({{"Ratio", Expression::ErrorRatio, 300, 0.95, 0.0, 0, 0}}, Timing{});
  for (double ts = 0; ts <= 900; ts = evaluator.next_evaluation()) {
    while (evaluator.fed_seconds() < evaluator.seconds_needed(ts))
      evaluator.feed({});
    EXPECT_TRUE(evaluator.evaluate(ts).empty());
  }
  ASSERT_TRUE(evaluator.last_value(0));
  EXPECT_TRUE(std::isnan(*evaluator.last_value(0)));
}

// A scenario's alert rule becomes a group of one rule with the rule's timing: the engine runs exactly this.
TEST(RuleEvaluator, ForSpecTakesTheScenarioRuleAndItsTiming) {
  model::AlertRuleSpec spec;
  spec.name = "SlowCheckout";
  spec.metric = model::AlertRuleSpec::Metric::LatencyP95;
  spec.window_s = 600;
  spec.threshold = 0.2;
  spec.for_s = 120;
  spec.keep_firing_for_s = 60;
  spec.evaluation_interval_s = 30;
  spec.evaluation_offset_s = 5;
  spec.scrape_interval_s = 15;
  spec.scrape_offset_s = 3;
  const auto evaluator = RuleEvaluator::for_spec(spec);
  ASSERT_EQ(evaluator.rules().size(), 1u);
  const AlertRule& rule = evaluator.rules()[0];
  EXPECT_EQ(rule.name, "SlowCheckout");
  EXPECT_EQ(rule.expression, Expression::HistogramQuantile);
  EXPECT_EQ(rule.quantile, 0.95);
  EXPECT_EQ(rule.range_s, 600);
  EXPECT_EQ(rule.threshold, 0.2);
  EXPECT_EQ(rule.for_s, 120);
  EXPECT_EQ(rule.keep_firing_for_s, 60);
  EXPECT_TRUE(evaluator.needs().latency);
  EXPECT_FALSE(evaluator.needs().counts);
  EXPECT_EQ(evaluator.next_evaluation(), 5);
  EXPECT_EQ(evaluator.seconds_needed(5), 3);    // the scrape at 3
  EXPECT_EQ(evaluator.seconds_needed(35), 33);  // scrapes at 3, 18, 33
  spec.metric = model::AlertRuleSpec::Metric::Restarts;
  EXPECT_EQ(RuleEvaluator::for_spec(spec).rules()[0].expression, Expression::EventIncrease);
  spec.metric = model::AlertRuleSpec::Metric::MemoryUtilisation;
  EXPECT_EQ(RuleEvaluator::for_spec(spec).rules()[0].expression, Expression::Gauge);
  EXPECT_TRUE(RuleEvaluator::for_spec(spec).needs().gauge);
}

}  // namespace
}  // namespace drillsim::metrics::prom
