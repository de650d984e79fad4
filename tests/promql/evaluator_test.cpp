#include "promql/evaluator.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "metrics/prometheus.hpp"
#include "promql/parser.hpp"

namespace drillsim::promql {
namespace {

// A store with one sample a minute (t = 0, 60 s, ...) for each given series.
class EvaluatorTest : public ::testing::Test {
 protected:
  SeriesStore store;

  void add(const std::string& series, const std::vector<double>& values) {
    const Labels labels = parse_series_labels(series);
    for (std::size_t i = 0; i < values.size(); ++i)
      store.append(labels, {static_cast<std::int64_t>(i) * 60'000, values[i]});
  }
  Value eval(const std::string& expr, std::int64_t t_s) {
    const NodePtr n = parse_expression(expr);
    return Evaluator(store).evaluate(*n, t_s * 1000);
  }
  Vector vec(const std::string& expr, std::int64_t t_s) { return std::get<Vector>(eval(expr, t_s)); }
  double one(const std::string& expr, std::int64_t t_s) {
    const Vector v = vec(expr, t_s);
    EXPECT_EQ(v.size(), 1u) << expr;
    return v.empty() ? NAN : v[0].value;
  }
};

TEST_F(EvaluatorTest, RateOfASteadyCounterIsItsSlope) {
  add("c", {0, 60, 120, 180, 240, 300});
  // Six samples cover [0, 300] end to end: factor (300/300)/300, 300 * (1/300) = 1 per second.
  EXPECT_DOUBLE_EQ(one("rate(c[5m])", 300), 1.0);
  EXPECT_DOUBLE_EQ(one("increase(c[5m])", 300), 300.0);
}

TEST_F(EvaluatorTest, RateAddsBackCounterResets) {
  add("c", {0, 60, 120, 10, 70, 130});
  // 130 - 0 + 120 (lost at the reset) = 250 over 300 s.
  EXPECT_DOUBLE_EQ(one("increase(c[5m])", 300), 250.0);
  EXPECT_DOUBLE_EQ(one("resets(c[5m])", 300), 1.0);
  // delta does not treat the drop as a reset: 130 - 0.
  EXPECT_DOUBLE_EQ(one("delta(c[5m])", 300), 130.0);
}

TEST_F(EvaluatorTest, RateExtrapolatesHalfAnIntervalWhenTheSeriesStartsInsideTheWindow) {
  add("c", {100, 110, 120});  // at 0, 60, 120 s
  // At 240 s the window is [-60, 240]: samples 0..120, increase 20 over 120 s, average gap 60 s.
  // To the start: 60 s (< 66 s threshold, and the zero point is 600 s away): extrapolate 60 s.
  // To the end: 120 s (>= 66 s): extrapolate half a gap, 30 s. 20 * (210 / 120) = 35.
  EXPECT_DOUBLE_EQ(one("increase(c[5m])", 240), 35.0);
}

// The PromQL layer and the alert rules' evaluator share one extrapolatedRate (metrics::prom::extrapolate):
// on the same irregular samples with a reset, a start near the zero point and ends that are and are not
// within 1.1 average gaps, rate() and increase() agree to the last bit at every evaluation instant.
TEST_F(EvaluatorTest, RateAndIncreaseAreTheAlertEvaluatorsArithmetic) {
  const std::vector<std::pair<std::int64_t, double>> points = {
      {7'000, 3}, {22'500, 40}, {37'000, 95}, {52'250, 12}, {67'000, 70}, {83'500, 71}, {98'000, 160}};
  metrics::prom::Samples samples;
  const Labels labels = parse_series_labels("c");
  for (const auto& [t_ms, v] : points) {
    store.append(labels, {t_ms, v});
    samples.push_back({static_cast<double>(t_ms) / 1000.0, v});
  }
  int compared = 0;
  for (std::int64_t t_s = 30; t_s <= 130; t_s += 5) {
    for (const int range_s : {30, 60, 90}) {
      const std::string sel = "c[" + std::to_string(range_s) + "s]";
      const Vector r = vec("rate(" + sel + ")", t_s);
      const Vector i = vec("increase(" + sel + ")", t_s);
      const auto want_r = metrics::prom::rate(samples, static_cast<double>(t_s), range_s);
      const auto want_i = metrics::prom::increase(samples, static_cast<double>(t_s), range_s);
      ASSERT_EQ(r.empty(), !want_r.has_value()) << sel << " at " << t_s;
      ASSERT_EQ(i.empty(), !want_i.has_value()) << sel << " at " << t_s;
      if (!want_r) continue;
      EXPECT_EQ(r[0].value, *want_r) << "rate " << sel << " at " << t_s;
      EXPECT_EQ(i[0].value, *want_i) << "increase " << sel << " at " << t_s;
      ++compared;
    }
  }
  EXPECT_GT(compared, 40);
}

TEST_F(EvaluatorTest, IrateUsesTheLastTwoSamples) {
  add("c", {0, 60, 180, 30});
  EXPECT_DOUBLE_EQ(one("irate(c[5m])", 120), 2.0);  // (180 - 60) / 60
  EXPECT_DOUBLE_EQ(one("irate(c[5m])", 180), 0.5);  // reset: 30 / 60
  EXPECT_DOUBLE_EQ(one("idelta(c[5m])", 180), -150.0);
}

TEST_F(EvaluatorTest, LookbackIsFiveMinutesAndStalenessEndsItAtOnce) {
  add("g", {7});
  EXPECT_EQ(vec("g", 300).size(), 1u);  // 300 s back is still inside the lookback
  EXPECT_EQ(vec("g", 301).size(), 0u);
  store.append(parse_series_labels("g"), {60'000, stale_nan()});
  EXPECT_EQ(vec("g", 60).size(), 0u);
  EXPECT_EQ(vec("g", 30).size(), 1u);
}

TEST_F(EvaluatorTest, ArithmeticDropsTheNameComparisonKeepsIt) {
  add(R"(x{a="1"})", {4});
  EXPECT_EQ(vec("x * 2", 0)[0].labels, (Labels{{"a", "1"}}));
  EXPECT_EQ(vec("x > 2", 0)[0].labels, (Labels{{"__name__", "x"}, {"a", "1"}}));
  EXPECT_EQ(vec("x > bool 5", 0)[0].labels, (Labels{{"a", "1"}}));
  EXPECT_EQ(vec("x > bool 5", 0)[0].value, 0);
  // The scalar on the left of a comparison: the vector's value is kept.
  EXPECT_EQ(vec("2 < x", 0)[0].value, 4);
}

TEST_F(EvaluatorTest, OneToOneMatchingAndGroupLeft) {
  add(R"(used{instance="a", job="j"})", {3});
  add(R"(used{instance="b", job="j"})", {6});
  add(R"(cap{instance="a", team="t1"})", {10});
  add(R"(cap{instance="b", team="t2"})", {12});
  const Vector ratio = vec("used / on(instance) cap", 0);
  ASSERT_EQ(ratio.size(), 2u);
  EXPECT_EQ(ratio[0].labels, (Labels{{"instance", "a"}}));  // on(): only the matching labels remain
  EXPECT_DOUBLE_EQ(ratio[0].value, 0.3);
  const Vector joined = vec("used * on(instance) group_left(team) cap", 0);
  EXPECT_EQ(joined[1].labels, (Labels{{"instance", "b"}, {"job", "j"}, {"team", "t2"}}));
  EXPECT_EQ(joined[1].value, 72);
}

TEST_F(EvaluatorTest, ManyToManyIsAnError) {
  add(R"(a{x="1", y="1"})", {1});
  add(R"(a{x="1", y="2"})", {1});
  add(R"(b{x="1", y="1"})", {1});
  add(R"(b{x="1", y="2"})", {1});
  EXPECT_THROW(vec("a + on(x) b", 0), EvalError);
  EXPECT_THROW(vec("a + on(x) group_left b", 0), EvalError);  // two "one"-side elements per group
  EXPECT_EQ(vec("a and on(x) b", 0).size(), 2u);              // set operators match many-to-many
}

TEST_F(EvaluatorTest, SetOperators) {
  add(R"(a{i="1"})", {1});
  add(R"(a{i="2"})", {2});
  add(R"(b{i="2"})", {5});
  add(R"(b{i="3"})", {6});
  EXPECT_EQ(vec("a and b", 0).size(), 1u);
  EXPECT_EQ(vec("a unless b", 0)[0].labels, (Labels{{"__name__", "a"}, {"i", "1"}}));
  const Vector u = vec("a or b", 0);
  ASSERT_EQ(u.size(), 3u);
  EXPECT_EQ(u[2].value, 6);  // b{i="3"}; b{i="2"} is hidden by a{i="2"}
}

TEST_F(EvaluatorTest, AggregationsByAndWithout) {
  add(R"(q{i="a", job="j"})", {1});
  add(R"(q{i="b", job="j"})", {2});
  add(R"(q{i="c", job="k"})", {6});
  const Vector s = vec("sum by (job) (q)", 0);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].labels, (Labels{{"job", "j"}}));
  EXPECT_EQ(s[0].value, 3);
  EXPECT_EQ(vec("max without (i) (q)", 0)[1].value, 6);
  EXPECT_DOUBLE_EQ(one("avg(q)", 0), 3.0);
  EXPECT_EQ(one("count(q)", 0), 3);
  EXPECT_EQ(one("group(q)", 0), 1);
  EXPECT_EQ(vec("topk(1, q)", 0)[0].labels, (Labels{{"__name__", "q"}, {"i", "c"}, {"job", "k"}}));
  EXPECT_EQ(vec("count_values(\"v\", q)", 0).size(), 3u);
  // quantile 0.5 of {1, 2, 6}: rank 1 -> 2.
  EXPECT_EQ(one("quantile(0.5, q)", 0), 2);
}

TEST_F(EvaluatorTest, HistogramQuantileInterpolatesInsideTheBucket) {
  add(R"(h_bucket{le="0.1"})", {10});
  add(R"(h_bucket{le="0.5"})", {30});
  add(R"(h_bucket{le="+Inf"})", {40});
  // rank 0.5 * 40 = 20 falls in (0.1, 0.5] holding 20: 0.1 + 0.4 * (10 / 20) = 0.3.
  EXPECT_DOUBLE_EQ(one("histogram_quantile(0.5, h_bucket)", 0), 0.30000000000000004);
  // rank 0.9 * 40 = 36 falls in the +Inf bucket: the largest finite bound.
  EXPECT_EQ(one("histogram_quantile(0.9, h_bucket)", 0), 0.5);
}

TEST_F(EvaluatorTest, AbsentTakesTheEqualityMatchersLabels) {
  const Vector v = vec(R"(absent(nope{job="api", instance=~"a.*"}))", 0);
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].labels, (Labels{{"job", "api"}}));
  add(R"(yes{job="api"})", {1});
  EXPECT_TRUE(vec(R"(absent(yes{job="api"}))", 0).empty());
  EXPECT_TRUE(vec(R"(absent_over_time(yes{job="api"}[5m]))", 240).empty());
  EXPECT_EQ(vec(R"(absent_over_time(yes{job="api"}[1m]))", 240).size(), 1u);
}

TEST_F(EvaluatorTest, LabelReplaceAndJoin) {
  add(R"(up{instance="host-7:9100", job="node"})", {1});
  const Vector r = vec(R"(label_replace(up, "host", "$1", "instance", "(.*):.*"))", 0);
  EXPECT_EQ(label_value(r[0].labels, "host"), "host-7");
  EXPECT_EQ(label_value(r[0].labels, "__name__"), "up");
  const Vector j = vec(R"(label_join(up, "id", "/", "job", "instance"))", 0);
  EXPECT_EQ(label_value(j[0].labels, "id"), "node/host-7:9100");
}

TEST_F(EvaluatorTest, OverTimeFunctionsAndPrediction) {
  add("g", {1, 3, 2, 8});
  EXPECT_EQ(one("max_over_time(g[5m])", 180), 8);
  EXPECT_EQ(one("min_over_time(g[5m])", 180), 1);
  EXPECT_EQ(one("sum_over_time(g[5m])", 180), 14);
  EXPECT_EQ(one("avg_over_time(g[5m])", 180), 3.5);
  EXPECT_EQ(one("count_over_time(g[5m])", 180), 4);
  EXPECT_EQ(one("changes(g[5m])", 180), 3);
  EXPECT_EQ(one("last_over_time(g[5m])", 180), 8);
  add("line", {10, 20, 30});
  // Slope 10 per 60 s; at 120 s the fitted value is 30; 600 s later 30 + 100.
  EXPECT_DOUBLE_EQ(one("predict_linear(line[5m], 600)", 120), 130.0);
  EXPECT_DOUBLE_EQ(one("deriv(line[5m])", 120), 10.0 / 60.0);
}

TEST_F(EvaluatorTest, ScalarsVectorTimeAndRounding) {
  add("g", {2.5});
  EXPECT_EQ(std::get<Scalar>(eval("time()", 90)).value, 90);
  EXPECT_EQ(std::get<Scalar>(eval("scalar(g)", 0)).value, 2.5);
  EXPECT_TRUE(std::isnan(std::get<Scalar>(eval("scalar(nothing)", 0)).value));
  EXPECT_EQ(one("vector(1) + 1", 0), 2);
  EXPECT_EQ(one("round(g)", 0), 3);  // ties round up
  EXPECT_EQ(one("floor(g)", 0), 2);
  EXPECT_EQ(one("clamp_max(g, 1)", 0), 1);
  EXPECT_EQ(one("clamp_min(g, 4)", 0), 4);
  EXPECT_EQ(one("g offset 1m", 60), 2.5);
}

TEST_F(EvaluatorTest, DroppingTheNameCanCollide) {
  add(R"(a{i="1"})", {1});
  add(R"(b{i="1"})", {2});
  EXPECT_THROW(vec(R"(abs({__name__=~"a|b"}))", 0), EvalError);
}

}  // namespace
}  // namespace drillsim::promql
