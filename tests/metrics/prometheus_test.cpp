// Prometheus's rate() and alerting semantics (sim/metrics/prometheus.*) and the rule evaluator the engine
// runs (sim/metrics/rule_evaluator.*): hand-derived cases, then the same per-second counts handed to
// promtool (Debian's prometheus 2.42) as scraped series, which must fire at the same evaluation as the
// RuleEvaluator fed those counts.
#include "metrics/prometheus.hpp"

#include "metrics/rule_evaluator.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <sstream>
#include <string>

namespace drillsim::metrics::prom {
namespace {

// A counter growing by per_second_increase every second, sampled at offset_s + j * interval_s up to end_s.
Samples linear_counter(double per_second_increase, double interval_s, double offset_s, double end_s) {
  Samples samples;
  for (double t = offset_s; t <= end_s; t += interval_s)
    samples.push_back({t, per_second_increase * t});
  return samples;
}

TEST(Increase, AlignedSamplesNeedNoExtrapolation) {
  // Scrapes every 60 s at multiples of 60, range 300 at t = 600: samples 300..600, both ends included.
  const auto samples = linear_counter(10, 60, 0, 700);
  EXPECT_DOUBLE_EQ(*increase(samples, 600, 300), 3000.0);
  EXPECT_DOUBLE_EQ(*rate(samples, 600, 300), 10.0);
}

TEST(Increase, ExtrapolatesToTheRangeBoundariesWithinOneAndATenthIntervals) {
  // Scrapes at 15 + 60 j: in [300, 600] the samples 315..555 (5 of them, 240 s apart end to end,
  // average 60). 15 s to the start and 45 s to the end are both < 66: extrapolate over 300 s:
  // (5550 - 3150) * 300 / 240 = 3000, the true increase at 10/s.
  const auto samples = linear_counter(10, 60, 15, 700);
  EXPECT_DOUBLE_EQ(*increase(samples, 600, 300), 3000.0);
}

// rate() is not increase() / range in floating point: the range divides the factor before the factor
// multiplies the difference. 45 over an aligned 300 s range: 45 * (1 / 300) = 0.15000000000000002,
// where 45 / 300 = 0.15.
TEST(Rate, TheRangeDividesTheFactorNotTheIncrease) {
  const Samples samples{{0, 0}, {60, 9}, {120, 18}, {180, 27}, {240, 36}, {300, 45}};
  EXPECT_EQ(*increase(samples, 300, 300), 45.0);
  EXPECT_EQ(*rate(samples, 300, 300), 0.15000000000000002);
  EXPECT_NE(*rate(samples, 300, 300), 45.0 / 300.0);
}

TEST(InstantValue, TheLatestSampleWithinTheLookback) {
  const Samples samples{{0, 1}, {60, 2}, {120, 3}};
  EXPECT_EQ(instant_value(samples, 119), 2.0);
  EXPECT_EQ(instant_value(samples, 120), 3.0);
  EXPECT_EQ(instant_value(samples, 420), 3.0);  // 300 s old: still inside (both ends included)
  EXPECT_FALSE(instant_value(samples, 421));    // older than the 5-minute lookback: absent
  EXPECT_FALSE(instant_value(samples, -1));
}

TEST(Increase, NeverExtrapolatesBelowTheCountersZero) {
  // (300, 5), (360, 65) at t = 400 over 100 s: 0 s to the start, 40 s to the end (< 66): 60 * 100 / 60.
  EXPECT_DOUBLE_EQ(*increase({{300, 5}, {360, 65}}, 400, 100), 100.0);
  // (310, 5), (370, 65): 10 s to the start, but the counter reached 0 only 60 * 5 / 60 = 5 s before
  // the first sample: 60 + 5 + 30 = 95 s of extrapolated interval: 60 * 95 / 60.
  EXPECT_DOUBLE_EQ(*increase({{310, 5}, {370, 65}}, 400, 100), 95.0);
  // Far from a boundary (>= 1.1 average intervals): only half an interval is added there.
  // (200, 0), (210, 10) at t = 300 over 100: start 0 s, end 90 s >= 11: 10 + 0 + 5 = 15 s.
  EXPECT_DOUBLE_EQ(*increase({{200, 0}, {210, 10}}, 300, 100), 15.0);
}

TEST(Increase, ACounterResetAddsBackWhatItHad) {
  // 0, 50, then a reset to 10, then 40: increases 50 + 10 + 30 = 90; aligned, no extrapolation.
  EXPECT_DOUBLE_EQ(*increase({{0, 0}, {10, 50}, {20, 10}, {30, 40}}, 30, 30), 90.0);
}

TEST(Increase, FewerThanTwoSamplesGiveNothing) {
  EXPECT_FALSE(increase({{100, 5}}, 120, 60));
  EXPECT_FALSE(increase({{10, 5}, {20, 6}}, 200, 60));
}

TEST(HistogramQuantile, InterpolatesInsideTheBucketWhereTheRankFalls) {
  const double inf = std::numeric_limits<double>::infinity();
  // Cumulative: 50 requests <= 0.1 s, 90 <= 0.5 s, 100 in all.
  const std::vector<Bucket> buckets{{0.1, 50}, {0.5, 90}, {inf, 100}};
  EXPECT_DOUBLE_EQ(histogram_quantile(0.5, buckets), 0.1);    // rank 50: the top of the first bucket
  EXPECT_DOUBLE_EQ(histogram_quantile(0.7, buckets), 0.3);    // rank 70: 20 of the 40 in (0.1, 0.5]
  EXPECT_DOUBLE_EQ(histogram_quantile(0.25, buckets), 0.05);  // rank 25: half of the first, from 0
  EXPECT_DOUBLE_EQ(histogram_quantile(0.95, buckets), 0.5);   // rank 95 falls in +Inf: the largest finite le
  EXPECT_TRUE(std::isnan(histogram_quantile(0.5, {{0.1, 5}, {0.5, 9}})));            // no +Inf bucket
  EXPECT_TRUE(std::isnan(histogram_quantile(0.5, {{0.1, 0}, {0.5, 0}, {inf, 0}})));  // no observation
  // Out of order and slightly non-monotonic (rates of counters can be): sorted, then made monotonic.
  EXPECT_DOUBLE_EQ(histogram_quantile(0.5, {{inf, 100}, {0.1, 50}, {0.5, 49}}), 0.1);
}

// ---------------------------------------------------------------------------------------------- promtool

// Runs `evaluator` (scrape and evaluation every 60 s at offset 0, unless its timing says otherwise) over
// per-second counts from second 0 up to the evaluation at end_s, as the engine's shell does: before each
// evaluation, the seconds its scrapes need. Calls on_evaluation(ts) after each evaluation.
template <class OnEvaluation>
std::vector<AlertChange> run(RuleEvaluator& evaluator, const std::vector<std::uint32_t>& requests,
                             const std::vector<std::uint32_t>& errors,
                             const std::vector<std::array<std::uint64_t, 5>>& latency, double end_s,
                             OnEvaluation on_evaluation) {
  std::vector<AlertChange> changes;
  for (double ts = evaluator.next_evaluation(); ts <= end_s; ts = evaluator.next_evaluation()) {
    for (std::int64_t k = evaluator.fed_seconds(); k < evaluator.seconds_needed(ts); ++k) {
      const auto i = static_cast<std::size_t>(k);
      SecondCounts second;
      if (i < requests.size()) second.requests = requests[i];
      if (i < errors.size()) second.errors = errors[i];
      if (i < latency.size()) second.latency = latency[i];
      evaluator.feed(second);
    }
    for (const auto& change : evaluator.evaluate(ts))
      changes.push_back(change);
    on_evaluation(ts);
  }
  return changes;
}

std::optional<double> first_fired(const std::vector<AlertChange>& changes) {
  for (const auto& change : changes) {
    if (change.change == AlertState::Change::Fired) return change.t_s;
  }
  return std::nullopt;
}

// The error-ratio rule of the drills, `sum(rate(errors_total[w])) / sum(rate(requests_total[w])) >
// threshold`, on the rule evaluator the engine runs. Returns the first firing evaluation.
std::optional<double> error_ratio_fires(const std::vector<std::uint32_t>& requests,
                                        const std::vector<std::uint32_t>& errors, double threshold,
                                        double window_s, double for_s, double end_s) {
  RuleEvaluator evaluator({{"HighErrorRatio", Expression::ErrorRatio, window_s, 0.95, threshold, for_s, 0.0}},
                          Timing{});
  return first_fired(run(evaluator, requests, errors, {}, end_s, [](double) {}));
}

// What promtool is given: the counter's value at each scrape 0, 60, ..., end_s, holding every second
// that ended by the scrape (computed here independently of the evaluator).
std::vector<Sample> scraped(const std::vector<std::uint32_t>& per_second, double end_s) {
  std::vector<Sample> samples;
  for (double t = 0; t <= end_s; t += 60) {
    double total = 0;
    for (std::size_t k = 0; k < per_second.size() && static_cast<double>(k) < t; ++k)
      total += per_second[k];
    samples.push_back({t, total});
  }
  return samples;
}

std::string values(const std::vector<Sample>& samples) {
  std::ostringstream out;
  for (const auto& s : samples)
    out << (out.tellp() > 0 ? " " : "") << static_cast<long long>(s.value);
  return out.str();
}

// Writes a promtool unit test: the scraped series, the rule, and the expectation that the alert is not
// firing one evaluation before `fires_at` and firing at it. Returns promtool's exit status.
int promtool_agrees(const std::vector<std::uint32_t>& requests, const std::vector<std::uint32_t>& errors,
                    double end_s, double fires_at, const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("drillsim-promtool-" + name);
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "rules.yml")
      << "groups:\n"
         "  - name: drill\n"
         "    interval: 1m\n"
         "    rules:\n"
         "      - alert: HighErrorRatio\n"
         "        expr: sum(rate(errors_total[5m])) / sum(rate(requests_total[5m])) > 0.05\n"
         "        for: 5m\n";
  const auto minutes = [](double s) { return std::to_string(static_cast<long long>(s / 60)) + "m"; };
  std::ofstream(dir / "test.yml") << "rule_files: [rules.yml]\n"
                                     "evaluation_interval: 1m\n"
                                     "tests:\n"
                                     "  - interval: 1m\n"
                                     "    input_series:\n"
                                     "      - series: 'requests_total'\n"
                                     "        values: '"
                                  << values(scraped(requests, end_s))
                                  << "'\n"
                                     "      - series: 'errors_total'\n"
                                     "        values: '"
                                  << values(scraped(errors, end_s))
                                  << "'\n"
                                     "    alert_rule_test:\n"
                                     "      - eval_time: "
                                  << minutes(fires_at - 60)
                                  << "\n"
                                     "        alertname: HighErrorRatio\n"
                                     "        exp_alerts: []\n"
                                     "      - eval_time: "
                                  << minutes(fires_at)
                                  << "\n"
                                     "        alertname: HighErrorRatio\n"
                                     "        exp_alerts:\n"
                                     "          - exp_labels: {}\n";
  const std::string command = "cd '" + dir.string() + "' && promtool test rules test.yml > promtool.log 2>&1";
  const int status = std::system(command.c_str());
  if (status != 0) {
    std::ifstream log(dir / "promtool.log");
    std::cerr << log.rdbuf();
  }
  return status;
}

bool have_promtool() {
  return std::system("promtool --version > /dev/null 2>&1") == 0;
}

// Latency: per second, 10 requests; their buckets (non-cumulative, le as kLe below, then +Inf).
constexpr std::array<double, 4> kLe{0.05, 0.1, 0.25, 0.5};

std::optional<double> p95_fires(const std::vector<std::array<std::uint32_t, 5>>& per_second, double threshold,
                                double window_s, double for_s, double end_s) {
  std::vector<std::array<std::uint64_t, 5>> latency(per_second.size());
  for (std::size_t k = 0; k < per_second.size(); ++k)
    std::copy(per_second[k].begin(), per_second[k].end(), latency[k].begin());
  RuleEvaluator evaluator(
      {{"HighLatency", Expression::HistogramQuantile, window_s, 0.95, threshold, for_s, 0.0}}, Timing{},
      {kLe.begin(), kLe.end()});
  return first_fired(run(evaluator, {}, {}, latency, end_s, [](double) {}));
}

TEST(Promtool, LatencyP95RuleWithForTenMinutesFiresWhenPromtoolSaysSo) {
  if (!have_promtool())
    GTEST_SKIP() << "promtool not found (Debian package prometheus): ./dev.sh deps installs it";
  // 10 requests/s, all <= 50 ms; from second 900 on, 2 of them take 300 ms (bucket (0.25, 0.5]).
  std::vector<std::array<std::uint32_t, 5>> per_second(3600, {10, 0, 0, 0, 0});
  for (std::size_t k = 900; k < per_second.size(); ++k)
    per_second[k] = {8, 0, 0, 2, 0};
  const auto fires = p95_fires(per_second, 0.2, 300, 600, 3540);
  ASSERT_TRUE(fires);
  // By hand (a scrape at t holds the seconds before t): at 960 the 5-minute window holds 60 s x 2 =
  // 120 slow of 3000 (4%): p95 inside (0, 0.05]. At 1020, 240 of 3000 (8%): the rank 2850 falls in
  // (0.25, 0.5], with 2760 below it: p95 = 0.25 + 0.25 * 90 / 240 = 0.34375 > 0.2: pending from 1020,
  // firing 10 minutes later, at 1620.
  EXPECT_EQ(*fires, 1620.0);

  const auto dir = std::filesystem::temp_directory_path() / "drillsim-promtool-latency";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "rules.yml") << "groups:\n"
                                      "  - name: drill\n"
                                      "    interval: 1m\n"
                                      "    rules:\n"
                                      "      - alert: HighLatency\n"
                                      "        expr: histogram_quantile(0.95, sum by (le) "
                                      "(rate(request_duration_seconds_bucket[5m]))) > 0.2\n"
                                      "        for: 10m\n";
  std::ofstream test(dir / "test.yml");
  test << "rule_files: [rules.yml]\nevaluation_interval: 1m\ntests:\n  - interval: 1m\n    input_series:\n";
  const std::array<std::string, 5> le{"0.05", "0.1", "0.25", "0.5", "+Inf"};
  for (std::size_t b = 0; b < 5; ++b) {
    std::vector<std::uint32_t> cumulative(per_second.size(), 0);
    for (std::size_t k = 0; k < per_second.size(); ++k) {
      for (std::size_t c = 0; c <= b; ++c)
        cumulative[k] += per_second[k][c];
    }
    test << "      - series: 'request_duration_seconds_bucket{le=\"" << le[b] << "\"}'\n        values: '"
         << values(scraped(cumulative, 3540)) << "'\n";
  }
  test << "    alert_rule_test:\n      - eval_time: " << static_cast<long long>((*fires - 60) / 60)
       << "m\n        alertname: HighLatency\n        exp_alerts: []\n      - eval_time: "
       << static_cast<long long>(*fires / 60) << "m\n        alertname: HighLatency\n        exp_alerts:\n"
       << "          - exp_labels: {}\n";
  test.close();
  const std::string command = "cd '" + dir.string() + "' && promtool test rules test.yml > promtool.log 2>&1";
  const int status = std::system(command.c_str());
  if (status != 0) {
    std::ifstream log(dir / "promtool.log");
    std::cerr << log.rdbuf();
  }
  EXPECT_EQ(status, 0);
}

TEST(Promtool, ErrorRatioRuleWithForFiveMinutesFiresWhenPromtoolSaysSo) {
  if (!have_promtool())
    GTEST_SKIP() << "promtool not found (Debian package prometheus): ./dev.sh deps installs it";
  // 10 requests/s; from second 660 on, 1 of them fails each second (10% > 5%).
  std::vector<std::uint32_t> requests(3600, 10), errors(3600, 0);
  for (std::size_t k = 660; k < errors.size(); ++k)
    errors[k] = 1;
  const auto fires = error_ratio_fires(requests, errors, 0.05, 300, 300, 3540);
  ASSERT_TRUE(fires);
  // By hand: at 780 the 5-minute window holds 2 minutes of errors (120 / 3000 = 0.04 <= 0.05); at 840,
  // 3 minutes (0.06): pending from 840, firing at 1140.
  EXPECT_EQ(*fires, 1140.0);
  EXPECT_EQ(promtool_agrees(requests, errors, 3540, *fires, "steady"), 0);
}

TEST(Promtool, AFlappingConditionResetsPendingAsPromtoolDoes) {
  if (!have_promtool())
    GTEST_SKIP() << "promtool not found (Debian package prometheus): ./dev.sh deps installs it";
  // Errors at 2/s over [600, 720), none over [720, 1080), then 2/s again from 1080: the first burst
  // makes the alert pending, the quiet gap drops it before `for` is reached, the second burst fires it.
  std::vector<std::uint32_t> requests(3600, 10), errors(3600, 0);
  for (std::size_t k = 600; k < 720; ++k)
    errors[k] = 2;
  for (std::size_t k = 1080; k < errors.size(); ++k)
    errors[k] = 2;
  const auto fires = error_ratio_fires(requests, errors, 0.05, 300, 300, 3540);
  ASSERT_TRUE(fires);
  EXPECT_GT(*fires, 1080.0 + 300.0);  // the first burst never fired
  EXPECT_EQ(promtool_agrees(requests, errors, 3540, *fires, "flapping"), 0);
}

// Float order (PromQL's extrapolatedRate): each rate() carries its own extrapolation factor, already
// divided by the range, and the ratio divides the two rates. 3 requests/s, and from second 600 on 9
// errors in the first 9 seconds of every minute: from the evaluation at 900 on, each 5-minute window
// holds 45 errors of 900 requests, exactly 5 %. In doubles 45 * (1/300) = 0.15000000000000002 and
// 900 * (1/300) = 3, so the ratio is 0.05000000000000001 > 0.05: pending at 900 (at 840 the window held
// 4 minutes of errors, 36 / 900), firing 5 minutes later at 1200. Dividing the two increases instead
// gives 45 / 900 = 0.05, which never fires.
TEST(Promtool, AnErrorRatioOfExactlyFivePercentFiresAsInPrometheus) {
  std::vector<std::uint32_t> requests(3600, 3), errors(3600, 0);
  for (std::size_t k = 600; k < errors.size(); ++k)
    errors[k] = k % 60 < 9 ? 1 : 0;
  const auto fires = error_ratio_fires(requests, errors, 0.05, 300, 300, 3540);
  ASSERT_TRUE(fires) << "an error ratio of exactly 5 % must fire against > 0.05";
  EXPECT_EQ(*fires, 1200.0);
  RuleEvaluator evaluator({{"HighErrorRatio", Expression::ErrorRatio, 300, 0.95, 0.05, 300, 0}}, Timing{});
  const auto changes = run(evaluator, requests, errors, {}, 900, [](double) {});
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].change, AlertState::Change::Pending);
  EXPECT_EQ(changes[0].t_s, 900.0);
  EXPECT_EQ(changes[0].value, 0.05000000000000001);
  if (!have_promtool())
    GTEST_SKIP() << "promtool not found (Debian package prometheus): ./dev.sh deps installs it";
  EXPECT_EQ(promtool_agrees(requests, errors, 3540, *fires, "exactly-five-percent"), 0);
}

// The evaluator's own bookkeeping, by hand.

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

// keep_firing_for by hand: interval 60 s, for 120 s, keep 300 s. The condition holds at 600..1140 and
// not from 1200: pending at 600, firing at 720 (600 + 120); false from 1200, so KeepFiringSince = 1200
// and it keeps firing while ts - 1200 < 300, i.e. through 1440; resolved at 1500.
TEST(AlertState, KeepFiringForHoldsAFiringAlertAfterTheConditionClears) {
  AlertState alert(120, 300);
  std::vector<double> fired, resolved;
  for (double ts = 0; ts <= 2400; ts += 60) {
    const bool condition = ts >= 600 && ts < 1200;
    const auto change = alert.evaluate(ts, condition);
    if (change == AlertState::Change::Fired) fired.push_back(ts);
    if (change == AlertState::Change::Resolved) resolved.push_back(ts);
  }
  EXPECT_EQ(fired, std::vector<double>{720});
  EXPECT_EQ(resolved, std::vector<double>{1500});
}

TEST(AlertState, ATrueConditionDuringKeepFiringRestartsTheHold) {
  AlertState alert(0, 300);
  EXPECT_EQ(alert.evaluate(0, true), AlertState::Change::Fired);        // for = 0: fires at once.
  EXPECT_EQ(alert.evaluate(60, false), AlertState::Change::None);       // held since 60
  EXPECT_EQ(alert.evaluate(120, true), AlertState::Change::None);       // true again: the hold is reset
  EXPECT_EQ(alert.evaluate(180, false), AlertState::Change::None);      // held since 180
  EXPECT_EQ(alert.evaluate(420, false), AlertState::Change::None);      // 420 - 180 = 240 < 300
  EXPECT_EQ(alert.evaluate(480, false), AlertState::Change::Resolved);  // 300: resolved
  EXPECT_EQ(alert.state(), AlertState::State::Inactive);
}

TEST(AlertState, WithoutKeepFiringForAFalseConditionResolvesAndDropsPending) {
  AlertState alert(120, 0);
  EXPECT_EQ(alert.evaluate(0, true), AlertState::Change::Pending);
  EXPECT_EQ(alert.evaluate(60, false), AlertState::Change::Dropped);
  EXPECT_EQ(alert.evaluate(120, true), AlertState::Change::Pending);  // ActiveAt = 120 afresh
  EXPECT_EQ(alert.evaluate(180, true), AlertState::Change::None);
  EXPECT_EQ(alert.evaluate(240, true), AlertState::Change::Fired);
  EXPECT_EQ(alert.evaluate(300, false), AlertState::Change::Resolved);
}

// The whole state sequence of an error-ratio rule with for: 2m and keep_firing_for: 10m, as the rule
// evaluator computes it from the per-second counts, is what promtool reports at every evaluation from 0 to
// 3540 s.
TEST(Promtool, KeepFiringForRuleFiresAndResolvesWhenPromtoolSaysSo) {
  if (!have_promtool())
    GTEST_SKIP() << "promtool not found (Debian package prometheus): ./dev.sh deps installs it";
  // 10 requests/s; 2 of them fail over [600, 1200), none otherwise.
  std::vector<std::uint32_t> requests(3600, 10), errors(3600, 0);
  for (std::size_t k = 600; k < 1200; ++k)
    errors[k] = 2;
  const double end = 3540;
  RuleEvaluator evaluator({{"HighErrorRatio", Expression::ErrorRatio, 300, 0.95, 0.05, 120, 600}}, Timing{});
  std::vector<bool> firing;  // At each evaluation k * 60.
  run(evaluator, requests, errors, {}, end,
      [&](double) { firing.push_back(evaluator.state(0) == AlertState::State::Firing); });
  // By hand: the scrape at 660 holds the first minute of errors: over [360, 660] that is 120 of 3000
  // requests (4%, not above 5%); at 720, 240 of 3000 (8%): pending at 720, firing at 840 (for 2m). The
  // last errors are in the scrape at 1200; at 1380 the window [1080, 1380] still holds 240 errors, at
  // 1440 only 120 (4%): the condition is false from 1440, so keep_firing_for holds the alert while
  // ts - 1440 < 600, through 1980, and it resolves at 2040.
  const auto first = std::find(firing.begin(), firing.end(), true) - firing.begin();
  const auto last = firing.rend() - std::find(firing.rbegin(), firing.rend(), true) - 1;
  EXPECT_EQ(first * 60, 840);
  EXPECT_EQ(last * 60, 1980);

  const auto dir = std::filesystem::temp_directory_path() / "drillsim-promtool-keep-firing";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "rules.yml")
      << "groups:\n"
         "  - name: drill\n"
         "    interval: 1m\n"
         "    rules:\n"
         "      - alert: HighErrorRatio\n"
         "        expr: sum(rate(errors_total[5m])) / sum(rate(requests_total[5m])) > 0.05\n"
         "        for: 2m\n"
         "        keep_firing_for: 10m\n";
  std::ofstream test(dir / "test.yml");
  test << "rule_files: [rules.yml]\n"
          "evaluation_interval: 1m\n"
          "tests:\n"
          "  - interval: 1m\n"
          "    input_series:\n"
          "      - series: 'requests_total'\n"
          "        values: '"
       << values(scraped(requests, end)) << "'\n      - series: 'errors_total'\n        values: '"
       << values(scraped(errors, end)) << "'\n    alert_rule_test:\n";
  for (std::size_t k = 0; k < firing.size(); ++k) {
    test << "      - eval_time: " << k << "m\n        alertname: HighErrorRatio\n"
         << (firing[k] ? "        exp_alerts:\n          - exp_labels: {}\n" : "        exp_alerts: []\n");
  }
  test.close();
  const std::string command = "cd '" + dir.string() + "' && promtool test rules test.yml > promtool.log 2>&1";
  const int status = std::system(command.c_str());
  if (status != 0) {
    std::ifstream log(dir / "promtool.log");
    std::cerr << log.rdbuf();
  }
  EXPECT_EQ(status, 0);
}

}  // namespace
}  // namespace drillsim::metrics::prom
