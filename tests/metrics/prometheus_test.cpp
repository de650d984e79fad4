// Prometheus's rate() and alerting semantics (sim/metrics/prometheus.*): hand-derived cases, then the
// same samples handed to promtool (Debian's prometheus 2.42), which must fire at the same evaluation.
#include "metrics/prometheus.hpp"

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

TEST(ScrapeCounter, ASampleSeesEverySecondThatEndedByIt) {
  const std::vector<std::uint32_t> ten_per_second(200, 10);
  const auto aligned = scrape_counter(ten_per_second, 60, 0, 130);
  ASSERT_EQ(aligned.size(), 3u);  // 0, 60, 120
  EXPECT_EQ(aligned[1].t_s, 60.0);
  EXPECT_EQ(aligned[1].value, 600.0);  // seconds 0..59
  EXPECT_EQ(aligned[2].value, 1200.0);
  const auto offset = scrape_counter(ten_per_second, 60, 15, 100);
  ASSERT_EQ(offset.size(), 2u);  // 15, 75
  EXPECT_EQ(offset[0].value, 150.0);
  EXPECT_EQ(offset[1].value, 750.0);
}

TEST(Increase, AlignedSamplesNeedNoExtrapolation) {
  // Scrapes every 60 s at multiples of 60, range 300 at t = 600: samples 300..600, both ends included.
  const std::vector<std::uint32_t> ten_per_second(700, 10);
  const auto samples = scrape_counter(ten_per_second, 60, 0, 700);
  EXPECT_DOUBLE_EQ(*increase(samples, 600, 300), 3000.0);
}

TEST(Increase, ExtrapolatesToTheRangeBoundariesWithinOneAndATenthIntervals) {
  // Scrapes at 15 + 60 j: in [300, 600] the samples 315..555 (5 of them, 240 s apart end to end,
  // average 60). 15 s to the start and 45 s to the end are both < 66: extrapolate over 300 s:
  // (5550 - 3150) * 300 / 240 = 3000, the true increase at 10/s.
  const std::vector<std::uint32_t> ten_per_second(700, 10);
  const auto samples = scrape_counter(ten_per_second, 60, 15, 700);
  EXPECT_DOUBLE_EQ(*increase(samples, 600, 300), 3000.0);
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

TEST(FirstFiring, PendingForTheWholeForDurationThenFiring) {
  // True from 840 on, evaluated every 60 s: pending at 840, 300 s later (1140) firing.
  const auto fired = first_firing([](double ts) { return std::optional<bool>(ts >= 840); }, 60, 0, 300, 3600);
  EXPECT_EQ(fired, 1140.0);
  // False once while pending (at 960): starts over at 1020, fires at 1320.
  const auto flapping =
      first_firing([](double ts) { return std::optional<bool>(ts >= 840 && ts != 960); }, 60, 0, 300, 3600);
  EXPECT_EQ(flapping, 1320.0);
}

// ---------------------------------------------------------------------------------------------- promtool

// The error-ratio rule of the drills, as Prometheus evaluates it over scraped counters.
std::optional<double> error_ratio_fires(const std::vector<std::uint32_t>& requests,
                                        const std::vector<std::uint32_t>& errors, double threshold,
                                        double window_s, double for_s, double end_s) {
  const auto r = scrape_counter(requests, 60, 0, end_s);
  const auto e = scrape_counter(errors, 60, 0, end_s);
  return first_firing(
      [&](double ts) -> std::optional<bool> {
        const auto num = increase(e, ts, window_s);
        const auto den = increase(r, ts, window_s);
        if (!num || !den || *den == 0.0) return std::nullopt;
        return *num / *den > threshold;
      },
      60, 0, for_s, end_s);
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
                                  << values(scrape_counter(requests, 60, 0, end_s))
                                  << "'\n"
                                     "      - series: 'errors_total'\n"
                                     "        values: '"
                                  << values(scrape_counter(errors, 60, 0, end_s))
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
  // Cumulative per le, then scraped.
  std::array<std::vector<Sample>, 5> scraped;
  for (std::size_t b = 0; b < 5; ++b) {
    std::vector<std::uint32_t> cumulative(per_second.size(), 0);
    for (std::size_t k = 0; k < per_second.size(); ++k) {
      for (std::size_t c = 0; c <= b; ++c)
        cumulative[k] += per_second[k][c];
    }
    scraped[b] = scrape_counter(cumulative, 60, 0, end_s);
  }
  return first_firing(
      [&](double ts) -> std::optional<bool> {
        std::vector<Bucket> rates;
        for (std::size_t b = 0; b < 5; ++b) {
          const auto inc = increase(scraped[b], ts, window_s);
          if (!inc) return std::nullopt;
          rates.push_back({b < 4 ? kLe[b] : std::numeric_limits<double>::infinity(), *inc / window_s});
        }
        const double q = histogram_quantile(0.95, rates);
        if (std::isnan(q)) return std::nullopt;
        return q > threshold;
      },
      60, 0, for_s, end_s);
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
         << values(scrape_counter(cumulative, 60, 0, 3540)) << "'\n";
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

// The whole state sequence of an error-ratio rule with for: 2m and keep_firing_for: 10m, as AlertState
// computes it on the scraped samples, is what promtool reports at every evaluation from 0 to 3540 s.
TEST(Promtool, KeepFiringForRuleFiresAndResolvesWhenPromtoolSaysSo) {
  if (!have_promtool())
    GTEST_SKIP() << "promtool not found (Debian package prometheus): ./dev.sh deps installs it";
  // 10 requests/s; 2 of them fail over [600, 1200), none otherwise.
  std::vector<std::uint32_t> requests(3600, 10), errors(3600, 0);
  for (std::size_t k = 600; k < 1200; ++k)
    errors[k] = 2;
  const double end = 3540;
  const auto r = scrape_counter(requests, 60, 0, end);
  const auto e = scrape_counter(errors, 60, 0, end);
  AlertState alert(120, 600);
  std::vector<bool> firing;  // At each evaluation k * 60.
  for (double ts = 0; ts <= end; ts += 60) {
    const auto num = increase(e, ts, 300);
    const auto den = increase(r, ts, 300);
    alert.evaluate(ts, num && den && *den > 0 && *num / *den > 0.05);
    firing.push_back(alert.state() == AlertState::State::Firing);
  }
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
       << values(r) << "'\n      - series: 'errors_total'\n        values: '" << values(e)
       << "'\n    alert_rule_test:\n";
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
