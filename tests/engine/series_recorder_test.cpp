// The series recorder by hand: a few requests recorded at known instants and latencies, and every
// count, percentile and bucket derived from them (nearest rank: the value at rank ceil(q n)).
#include "engine/series_recorder.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "metrics/incident_metrics.hpp"
#include "model/resource_error.hpp"

namespace drillsim::engine {
namespace {

using model::Version;

// "api" (SLO latency bound 0.1 s, watched by a latency rule) and "web", over 3.5 s: 4 seconds.
model::Scenario two_services() {
  model::Scenario s;
  s.duration_s = 3.5;
  s.services.resize(2);
  s.services[0].name = "api";
  s.services[0].slo.max_p95_latency_s = 0.1;
  s.services[1].name = "web";
  model::AlertRuleSpec rule;
  rule.service = "api";
  rule.metric = model::AlertRuleSpec::Metric::LatencyP95;
  s.alerts.push_back(rule);
  return s;
}

// Second 0: stable 0.05 s (ok) and 0.2 s (failed, slow); new 0.01 s. Second 2: stable 20 s.
void record_four(SeriesRecorder& r) {
  r.record(0, Version::Stable, 0.5, 0.05, false, 1, false, -1);
  r.record(0, Version::Stable, 0.7, 0.2, true, 7, true, 0);
  r.record(0, Version::New, 0.9, 0.01, false, 2, false, -1);
  r.record(0, Version::Stable, 2.5, 20.0, false, 3, false, -1);
}

TEST(SeriesRecorder, CountsAreReadOnceTheSecondsAreFinal) {
  const auto s = two_services();
  SeriesRecorder r(s);
  record_four(r);
  EXPECT_EQ(r.completed_seconds(), 0);
  r.finalize_before(1);
  EXPECT_EQ(r.completed_seconds(), 1);
  const auto c = r.counts(0, 0, 1);
  EXPECT_EQ(c.requests, 3u);
  EXPECT_EQ(c.errors, 1u);
  EXPECT_EQ(c.slow, 1u);   // 0.2 > 0.1; 0.05 and 0.01 are not.
  r.finalize_before(100);  // Clamped at the drill's 4 seconds.
  EXPECT_EQ(r.completed_seconds(), 4);
  const auto all = r.counts(0, -5, 4);  // Seconds before 0 count nothing.
  EXPECT_EQ(all.requests, 4u);
  EXPECT_EQ(all.slow, 2u);
  EXPECT_EQ(r.counts(1, 0, 4).requests, 0u);
}

TEST(SeriesRecorder, LatencyBucketsOnlyForAWatchedService) {
  const auto s = two_services();
  SeriesRecorder r(s);
  record_four(r);
  r.record(1, Version::Stable, 0.5, 0.05, false, 1, false, -1);
  r.finalize_before(4);
  const auto b = r.latency_buckets(0, 0, 4);
  // Bounds 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, ..., 10, then +Inf (element 11); a latency on a bound
  // is in that bound's bucket (le).
  EXPECT_EQ(b[1], 1u);   // 0.01
  EXPECT_EQ(b[3], 1u);   // 0.05
  EXPECT_EQ(b[5], 1u);   // 0.2
  EXPECT_EQ(b[11], 1u);  // 20
  std::uint64_t sum = 0;
  for (const auto n : b)
    sum += n;
  EXPECT_EQ(sum, 4u);
  EXPECT_EQ(r.latency_buckets(0, 0, 1)[11], 0u);  // The 20 s request completed in second 2.
  for (const auto n : r.latency_buckets(1, 0, 4))
    EXPECT_EQ(n, 0u);  // "web" is not watched.
}

TEST(SeriesRecorder, FinishGivesPerSecondAndWholeRunPercentiles) {
  const auto s = two_services();
  SeriesRecorder r(s);
  record_four(r);
  r.record_ready(0, 0, {2, 1});
  model::DrillResult result;
  r.finish(result);
  ASSERT_EQ(result.series.size(), 2u);
  const auto& api = result.series[0];
  EXPECT_EQ(api.service, "api");
  const auto& stable = api.by_version[0];
  // Second 0, stable {0.05, 0.2}: p50 rank 1 -> 0.05, p95 rank 2 -> 0.2. Latencies are kept as floats.
  EXPECT_EQ(stable.p50_s[0], static_cast<double>(0.05f));
  EXPECT_EQ(stable.p95_s[0], static_cast<double>(0.2f));
  // Both versions {0.01, 0.05, 0.2}: p50 rank 2 -> 0.05, p99 rank 3 -> 0.2.
  EXPECT_EQ(api.total.p50_s[0], static_cast<double>(0.05f));
  EXPECT_EQ(api.total.p99_s[0], static_cast<double>(0.2f));
  EXPECT_TRUE(std::isnan(api.total.p50_s[1]));  // No request in second 1.
  EXPECT_EQ(api.total.requests[0], 3u);
  EXPECT_EQ(api.total.ready[0], 3);
  EXPECT_EQ(api.by_version[1].ready[0], 1);
  // Whole run, stable {0.05, 0.2, 20}: mean 20.25 / 3 = 6.75; p50 rank 2 -> 0.2; p99 rank 3 -> 20.
  EXPECT_DOUBLE_EQ(stable.whole_run.mean_s, 6.75);
  EXPECT_EQ(stable.whole_run.p50_s, static_cast<double>(0.2f));
  EXPECT_EQ(stable.whole_run.p99_s, 20.0);
  // Both, {0.01, 0.05, 0.2, 20}: mean 20.26 / 4; p50 rank 2 -> 0.05; p95 rank ceil(3.8) = 4 -> 20.
  EXPECT_DOUBLE_EQ(api.total.whole_run.mean_s, (0.05 + 0.2 + 20.0 + 0.01) / 4.0);
  EXPECT_EQ(api.total.whole_run.p50_s, static_cast<double>(0.05f));
  EXPECT_EQ(api.total.whole_run.p95_s, 20.0);
  EXPECT_TRUE(std::isnan(result.series[1].total.whole_run.mean_s));  // "web": no request.
}

// The three per-second quantiles at once, each selection after the first restricted to the values above
// the previous rank, give the same values as three separate selections. 1..100 in a scrambled order:
// p50 rank 50, p95 rank 95, p99 rank 99.
TEST(SeriesRecorder, ThreeQuantilesAtOnceAsNearestRank) {
  std::vector<float> values;
  for (int k = 0; k < 100; ++k)
    values.push_back(static_cast<float>((k * 37) % 100 + 1));  // 37 is prime to 100: a permutation.
  auto copy = values;
  const auto q = nearest_ranks_50_95_99(values);
  EXPECT_EQ(q[0], 50.0);
  EXPECT_EQ(q[1], 95.0);
  EXPECT_EQ(q[2], 99.0);
  EXPECT_EQ(nearest_rank(copy, 0.95), 95.0);
  // Ties, and ranks that coincide: {3, 1, 3} -> p50 rank 2 = 3, p95 and p99 rank 3 = 3.
  std::vector<float> ties{3.0f, 1.0f, 3.0f};
  EXPECT_EQ(nearest_ranks_50_95_99(ties), (std::array<double, 3>{3.0, 3.0, 3.0}));
  std::vector<float> one{0.25f};
  EXPECT_EQ(nearest_ranks_50_95_99(one), (std::array<double, 3>{0.25, 0.25, 0.25}));
}

// A request that completes far ahead of the open seconds (44.7 s after it arrived, beyond the ring of
// open latency buffers) is in its own second's percentiles, not in a second that shares its buffer;
// the seconds around it keep theirs.
TEST(SeriesRecorder, ARequestCompletingFarAheadKeepsItsSecond) {
  model::Scenario s;
  s.duration_s = 60;
  s.services.resize(1);
  s.services[0].name = "api";
  SeriesRecorder r(s);
  r.record(0, Version::Stable, 0.5, 0.1, false, 1, false, -1);
  r.record(0, Version::Stable, 45.2, 44.7, false, 2, false, -1);
  for (int k = 1; k < 64; k *= 2)  // Seconds 1, 2, 4, ..., 32: every slot a smaller ring would share.
    r.record(0, Version::Stable, k + 0.5, 0.001 * k, false, 3, false, -1);
  r.finalize_before(20);
  r.record(0, Version::Stable, 53.5, 0.3, false, 4, false, -1);  // 53 = 45 + 8: shares 45's slot of 8 or 16.
  model::DrillResult result;
  r.finish(result);
  const auto& stable = result.series[0].by_version[0];
  EXPECT_EQ(stable.p99_s[0], static_cast<double>(0.1f));
  EXPECT_EQ(stable.p50_s[45], static_cast<double>(44.7f));
  EXPECT_EQ(stable.requests[45], 1u);
  EXPECT_EQ(stable.p99_s[53], static_cast<double>(0.3f));
  EXPECT_TRUE(std::isnan(stable.p99_s[13]));  // 13 = 45 - 32: no request.
  EXPECT_TRUE(std::isnan(stable.p99_s[29]));  // 29 = 45 - 16.
  for (int k = 1; k < 64; k *= 2)
    EXPECT_EQ(stable.p99_s[static_cast<std::size_t>(k)], static_cast<double>(static_cast<float>(0.001 * k)));
  // Whole run: the 9 latencies 0.001 .. 0.032, 0.1, 0.3, 44.7: p50 rank 5 -> 0.016.
  EXPECT_EQ(stable.whole_run.p50_s, static_cast<double>(static_cast<float>(0.016)));
  EXPECT_EQ(stable.whole_run.p99_s, static_cast<double>(44.7f));
}

// Whole-run percentiles over many values in many histogram buckets, per version and in total, by hand:
// stable 0.001 k (k = 1..1000) and new 0.5 + 0.01 k (k = 1..100), spread over 10 seconds.
TEST(SeriesRecorder, WholeRunPercentilesExactOverBothVersions) {
  model::Scenario s;
  s.duration_s = 10;
  s.services.resize(1);
  s.services[0].name = "api";
  SeriesRecorder r(s);
  // Recorded from the largest down, so that no order of arrival helps.
  for (int k = 1000; k >= 1; --k)
    r.record(0, Version::Stable, (k % 10) + 0.5, 0.001 * k, false, 1, false, -1);
  for (int k = 100; k >= 1; --k)
    r.record(0, Version::New, (k % 10) + 0.25, 0.5 + 0.01 * k, false, 1, false, -1);
  model::DrillResult result;
  r.finish(result);
  const auto f = [](double x) { return static_cast<double>(static_cast<float>(x)); };
  const auto& series = result.series[0];
  // Stable, n = 1000: ranks 500, 950, 990.
  EXPECT_EQ(series.by_version[0].whole_run.p50_s, f(0.001 * 500));
  EXPECT_EQ(series.by_version[0].whole_run.p95_s, f(0.001 * 950));
  EXPECT_EQ(series.by_version[0].whole_run.p99_s, f(0.001 * 990));
  // New, n = 100: ranks 50, 95, 99.
  EXPECT_EQ(series.by_version[1].whole_run.p50_s, f(0.5 + 0.01 * 50));
  EXPECT_EQ(series.by_version[1].whole_run.p95_s, f(0.5 + 0.01 * 95));
  EXPECT_EQ(series.by_version[1].whole_run.p99_s, f(0.5 + 0.01 * 99));
  // Both, n = 1100: ranks 550, 1045 and 1089 of the two sets merged (they interleave between 0.51 and
  // 1.0), here by sorting them.
  std::vector<double> all;
  for (int k = 1; k <= 1000; ++k)
    all.push_back(f(0.001 * k));
  for (int k = 1; k <= 100; ++k)
    all.push_back(f(0.5 + 0.01 * k));
  std::sort(all.begin(), all.end());
  EXPECT_EQ(series.total.whole_run.p50_s, all[549]);
  EXPECT_EQ(series.total.whole_run.p95_s, all[1044]);
  EXPECT_EQ(series.total.whole_run.p99_s, all[1088]);
}

// A request counted as served at 0.3 fails after all (its pod was killed): one more error in second 0,
// and the failures come out in completion order.
TEST(SeriesRecorder, FailuresInCompletionOrder) {
  const auto s = two_services();
  SeriesRecorder r(s);
  record_four(r);
  r.record(0, Version::New, 0.3, 0.01, false, 9, false, -1);
  r.fail_recorded(0, Version::New, {0.3, 9, true, 1});
  ASSERT_EQ(r.failures(0).size(), 2u);
  EXPECT_EQ(r.failures(0)[0].t_s, 0.7);  // Recorded order until the end.
  model::DrillResult result;
  r.finish(result);
  ASSERT_EQ(result.failures[0].size(), 2u);
  EXPECT_EQ(result.failures[0][0].t_s, 0.3);
  EXPECT_EQ(result.failures[0][0].user, 9u);
  EXPECT_TRUE(result.failures[0][0].caused_by_fault);
  EXPECT_EQ(result.failures[0][1].t_s, 0.7);
  EXPECT_EQ(result.failures[0][1].request_class, 0);
  EXPECT_EQ(result.series[0].by_version[1].errors[0], 1u);
  EXPECT_EQ(result.series[0].total.errors[0], 2u);
}

// The failures caused by the fault up to an instant, and their distinct users, by hand: caused ones
// at 0.7 (user 7), 1.2 (user 7), 1.5 (user 4) and 3.2 (user 4, recorded at once though it completes
// later), one not caused at 1.1 (user 8), and one on "web" (user 6).
TEST(SeriesRecorder, FaultFailuresUpToAnInstant) {
  const auto s = two_services();
  SeriesRecorder r(s);
  r.record(0, Version::Stable, 0.7, 0.2, true, 7, true, -1);
  r.record(0, Version::Stable, 3.2, 0.2, true, 4, true, -1);
  r.record(0, Version::Stable, 1.1, 0.2, true, 8, false, -1);
  r.record(1, Version::Stable, 1.3, 0.2, true, 6, true, -1);
  EXPECT_EQ(r.fault_failures(0, 0.5).failed, 0u);
  EXPECT_EQ(r.fault_failures(0, 0.7).failed, 1u);  // At or before the instant.
  r.record(0, Version::Stable, 1.2, 0.2, true, 7, true, -1);
  r.record(0, Version::New, 1.5, 0.1, false, 4, false, -1);
  r.fail_recorded(0, Version::New, {1.5, 4, true, -1});
  r.finalize_before(1);
  auto f = r.fault_failures(0, 1.4);
  EXPECT_EQ(f.failed, 2u);
  EXPECT_EQ(f.users, 1u);  // User 7 twice.
  r.finalize_before(2);  // Second 1 final: 1.2 and 1.5 are counted without being asked for.
  f = r.fault_failures(0, 2.0);
  EXPECT_EQ(f.failed, 3u);
  EXPECT_EQ(f.users, 2u);
  f = r.fault_failures(0, 3.5);
  EXPECT_EQ(f.failed, 4u);
  EXPECT_EQ(f.users, 2u);
  f = r.fault_failures(1, 3.5);
  EXPECT_EQ(f.failed, 1u);
  EXPECT_EQ(f.users, 1u);
}

}  // namespace
}  // namespace drillsim::engine

namespace drillsim::engine {
namespace {

// A drill longer than kExactWholeRunMaxS: each second's latencies are dropped once it is final, and the
// whole-run percentiles come from the histogram of the top 16 bits of each float. 1.0f is 0x3F800000
// and 1.001f is 0x3F8020C5: the same bucket (0x3F80); 0.5f (0x3F00) and 1.5f (0x3FC0) have their own.
TEST(SeriesRecorder, LongDrillWholeRunFromTheHistogram) {
  model::Scenario s;
  s.duration_s = kExactWholeRunMaxS + 3600;
  s.services.resize(1);
  s.services[0].name = "api";
  s.services[0].slo.max_p95_latency_s = 1.2;
  SeriesRecorder r(s);
  r.record(0, Version::Stable, 0.5, 1.0, false, 1, false, -1);
  r.record(0, Version::Stable, 0.6, 0.5, false, 2, false, -1);
  r.finalize_before(10);
  // Seconds far apart, after some are final: the slots follow the first second not yet final.
  r.record(0, Version::Stable, 20'000.5, 1.5, false, 3, false, -1);
  r.record(0, Version::New, 20'000.7, 1.001, false, 4, false, -1);
  model::DrillResult result;
  r.finish(result);
  const auto& api = result.series[0];
  // Per second, still exact: second 0 {0.5, 1.0}: p50 rank 1 -> 0.5, p95 rank 2 -> 1.0.
  EXPECT_EQ(api.by_version[0].p50_s[0], 0.5);
  EXPECT_EQ(api.by_version[0].p95_s[0], 1.0);
  // Second 20,000, both versions {1.001, 1.5}: p50 rank 1 -> 1.001.
  EXPECT_EQ(api.total.p50_s[20'000], static_cast<double>(1.001f));
  EXPECT_EQ(api.total.slow[20'000], 1u);
  // Whole run, both {0.5, 1.0, 1.001, 1.5}: p50 is rank 2, exactly 1.0; its bucket also holds 1.001,
  // the largest there, which is what a long drill reports (within 2^-7 above). p95 rank 4 -> 1.5.
  EXPECT_EQ(api.total.whole_run.p50_s, static_cast<double>(1.001f));
  EXPECT_EQ(api.total.whole_run.p95_s, 1.5);
  EXPECT_DOUBLE_EQ(api.total.whole_run.mean_s, (1.0 + 0.5 + 1.5 + 1.001) / 4.0);
  // Stable alone {0.5, 1.0, 1.5}: p50 rank 2 -> bucket 0x3F80, whose largest stable latency is 1.0.
  EXPECT_EQ(api.by_version[0].whole_run.p50_s, 1.0);
  EXPECT_EQ(api.by_version[1].whole_run.p99_s, static_cast<double>(1.001f));
}

}  // namespace
}  // namespace drillsim::engine

namespace drillsim::engine {
namespace {

// A long drill recorded twice with the same requests, every second kept and streamed: "api" (watched
// by a latency rule, SLI window 120 s) and "web". Each second k gets a few requests whose count,
// latency and outcome follow from k, and Ready counts k % 3 and k % 2; one request completes hours
// after it is recorded, beyond the ring the streamed recorder starts with.
model::Scenario long_two_services(double duration_s) {
  model::Scenario s;
  s.duration_s = duration_s;
  s.services.resize(2);
  s.services[0].name = "api";
  s.services[0].slo.max_p95_latency_s = 0.3;
  s.services[0].slo.max_error_ratio = 0.05;
  s.services[0].slo.sli_window_s = 120;
  s.services[1].name = "web";
  s.services[1].slo.sli_window_s = 1;
  model::AlertRuleSpec rule;
  rule.service = "api";
  rule.metric = model::AlertRuleSpec::Metric::LatencyP95;
  s.alerts.push_back(rule);
  return s;
}

void record_second(SeriesRecorder& r, std::size_t k) {
  for (int service = 0; service < 2; ++service) {
    r.record_ready(k, service, {static_cast<int>(k % 3), static_cast<int>(k % 2)});
    const std::size_t n = (k * 7919 + static_cast<std::size_t>(service)) % 5;
    for (std::size_t i = 0; i < n; ++i) {
      const auto version = (k + i) % 4 == 0 ? Version::New : Version::Stable;
      const double latency = 0.01 + static_cast<double>((k * 31 + i) % 100) / 200.0;
      const bool failed = (k * 13 + i) % 17 == 0;
      r.record(service, version, static_cast<double>(k) + 0.25 + 0.1 * static_cast<double>(i), latency,
               failed, static_cast<std::uint32_t>(k % 1000), failed, -1);
    }
  }
}

void expect_same_sample(const model::SecondSeries& a, std::size_t i, const model::SecondSeries& b,
                        std::size_t j) {
  EXPECT_EQ(a.requests[i], b.requests[j]);
  EXPECT_EQ(a.errors[i], b.errors[j]);
  EXPECT_EQ(a.slow[i], b.slow[j]);
  EXPECT_EQ(std::isnan(a.p95_s[i]), std::isnan(b.p95_s[j]));
  if (!std::isnan(a.p50_s[i])) {
    EXPECT_EQ(a.p50_s[i], b.p50_s[j]);
  }
  if (!std::isnan(a.p95_s[i])) {
    EXPECT_EQ(a.p95_s[i], b.p95_s[j]);
  }
  if (!std::isnan(a.p99_s[i])) {
    EXPECT_EQ(a.p99_s[i], b.p99_s[j]);
  }
  EXPECT_EQ(a.ready[i], b.ready[j]);
}

TEST(SeriesRecorder, StreamedLongDrillAgreesWithTheKeptOne) {
  const double duration = 40'000.5;  // 40,001 seconds; the last minute holds 41 of them.
  const auto s = long_two_services(duration);
  SeriesRecorder kept(s, true, false);
  SeriesRecorder streamed(s, true, true);
  const std::size_t seconds = 40'001;
  for (std::size_t k = 0; k < seconds; ++k) {
    record_second(kept, k);
    record_second(streamed, k);
    if (k == 100) {  // Completes at 39,000.5 s: beyond the first ring of 32,768 seconds.
      kept.record(1, Version::New, 39'000.5, 0.02, true, 5, true, -1);
      streamed.record(1, Version::New, 39'000.5, 0.02, true, 5, true, -1);
    }
    kept.finalize_before(static_cast<std::int64_t>(k));
    streamed.finalize_before(static_cast<std::int64_t>(k));
    if (k % 997 == 0 && k > 0) {  // What the actors read, while the drill runs.
      const auto end = static_cast<std::int64_t>(k);
      for (int service = 0; service < 2; ++service) {
        for (const std::int64_t back : {std::int64_t{1}, std::int64_t{120}, kStreamKeptS}) {
          const auto a = kept.counts(service, end - back, end);
          const auto b = streamed.counts(service, end - back, end);
          EXPECT_EQ(a.requests, b.requests);
          EXPECT_EQ(a.errors, b.errors);
          EXPECT_EQ(a.slow, b.slow);
        }
        const auto a = kept.counts(service, Version::New, 0, end);  // From the start: a scrape's counter.
        const auto b = streamed.counts(service, Version::New, 0, end);
        EXPECT_EQ(a.requests, b.requests);
        EXPECT_EQ(a.errors, b.errors);
        EXPECT_EQ(kept.latency_buckets(service, 0, end), streamed.latency_buckets(service, 0, end));
        EXPECT_EQ(kept.latency_buckets(service, end - 60, end),
                  streamed.latency_buckets(service, end - 60, end));
        // The failures caused by the fault up to now, counted by hand from the kept list (the one at
        // 39,000.5 s is recorded early and must wait for its time).
        const double now = static_cast<double>(k) + 0.5;
        std::uint64_t failed = 0;
        std::vector<std::uint32_t> users;
        for (const auto& f : kept.failures(service)) {
          if (!f.caused_by_fault || f.t_s > now) continue;
          ++failed;
          users.push_back(f.user);
        }
        std::sort(users.begin(), users.end());
        const auto distinct = static_cast<std::uint64_t>(std::unique(users.begin(), users.end()) - users.begin());
        for (SeriesRecorder* r : {&kept, &streamed}) {
          const auto got = r->fault_failures(service, now);
          EXPECT_EQ(got.failed, failed) << k;
          EXPECT_EQ(got.users, distinct) << k;
        }
      }
    }
  }
  // Older windows than the streamed recorder keeps are refused, not answered wrong.
  EXPECT_THROW((void)streamed.counts(0, 100, 40'000), std::logic_error);
  EXPECT_EQ(kept.counts(0, 100, 40'000).requests, kept.counts(0, 100, 40'000).requests);

  model::DrillResult a;
  model::DrillResult b;
  kept.finish(a);
  streamed.finish(b);
  EXPECT_EQ(a.series_step_s, 1u);
  EXPECT_EQ(b.series_step_s, kStreamStepS);
  ASSERT_TRUE(b.seconds);
  ASSERT_EQ(b.seconds->seconds(), seconds);
  ASSERT_EQ(b.in_slo.size(), 2u);
  for (std::size_t service = 0; service < 2; ++service) {
    const auto& per_second = a.series[service];
    const auto& minutes = b.series[service];
    EXPECT_EQ(minutes.service, per_second.service);
    EXPECT_EQ(b.in_slo[service], metrics::slo_status(per_second.total, s.services[service].slo));
    for (std::size_t which = 0; which < 3; ++which) {
      const model::SecondSeries& full = which < 2 ? per_second.by_version[which] : per_second.total;
      const model::SecondSeries& coarse = which < 2 ? minutes.by_version[which] : minutes.total;
      ASSERT_EQ(coarse.size(), 667u);  // ceil(40,001 / 60).
      // Each minute by hand: sums, the largest p95 of its seconds with requests, the fewest Ready.
      for (std::size_t m = 0; m < coarse.size(); ++m) {
        std::uint64_t requests = 0, errors = 0;
        double p95 = std::numeric_limits<double>::quiet_NaN();
        int ready = 1000;
        for (std::size_t k = m * 60; k < std::min(seconds, m * 60 + 60); ++k) {
          requests += full.requests[k];
          errors += full.errors[k];
          if (!std::isnan(full.p95_s[k]) && !(full.p95_s[k] <= p95)) p95 = full.p95_s[k];
          ready = std::min(ready, full.ready[k]);
        }
        ASSERT_EQ(coarse.requests[m], requests) << which << " minute " << m;
        ASSERT_EQ(coarse.errors[m], errors);
        ASSERT_EQ(std::isnan(coarse.p95_s[m]), std::isnan(p95));
        if (!std::isnan(p95)) {
          ASSERT_EQ(coarse.p95_s[m], p95);
        }
        ASSERT_EQ(coarse.ready[m], ready);
      }
      EXPECT_EQ(coarse.latency_sum_s, full.latency_sum_s);
      EXPECT_EQ(coarse.whole_run.mean_s, full.whole_run.mean_s);
      EXPECT_EQ(coarse.whole_run.p95_s, full.whole_run.p95_s);
      // Every second comes back from the archive as it was, wherever the window lies.
      const model::SecondSeries back = b.seconds->read(service, which, 0, seconds);
      ASSERT_EQ(back.size(), seconds);
      for (std::size_t k = 0; k < seconds; ++k)
        expect_same_sample(full, k, back, k);
      const model::SecondSeries window = b.seconds->read(service, which, 38'990, 39'010);
      for (std::size_t k = 0; k < 20; ++k)
        expect_same_sample(full, 38'990 + k, window, k);
    }
  }
  EXPECT_EQ(a.series[1].by_version[1].errors[39'000], b.seconds->read(1, 1, 39'000, 39'001).errors[0]);
  // The failures come back from their file in the order the kept recorder gives them.
  ASSERT_TRUE(b.failure_archive);
  for (std::size_t service = 0; service < 2; ++service) {
    EXPECT_TRUE(b.failures[service].empty());
    std::vector<model::Failure> back;
    model::for_each_failure(b, service, [&back](const model::Failure& f) { back.push_back(f); });
    ASSERT_EQ(back.size(), a.failures[service].size());
    ASSERT_GT(back.size(), 1000u);
    for (std::size_t i = 0; i < back.size(); ++i) {
      ASSERT_EQ(back[i].t_s, a.failures[service][i].t_s) << i;
      ASSERT_EQ(back[i].user, a.failures[service][i].user);
      ASSERT_EQ(back[i].caused_by_fault, a.failures[service][i].caused_by_fault);
      ASSERT_EQ(back[i].request_class, a.failures[service][i].request_class);
    }
  }
}

// The streamed recorder's memory does not grow with the drill: two days hold the same ring as a
// quarter of one (a power of two >= kStreamKeptS + 2 minutes + an hour ahead), where the kept one holds
// every second; and it holds only the failures of the seconds it keeps (at least those of the last
// kStreamKeptS final seconds, at most one minute more), not every failure so far.
TEST(SeriesRecorder, StreamedMemoryDoesNotGrowWithTheDrill) {
  for (const double duration : {6.0 * 3600 + 1, 2.0 * 86400}) {
    const auto s = long_two_services(duration);
    SeriesRecorder kept(s, true, false);
    SeriesRecorder streamed(s, true, true);
    const auto seconds = static_cast<std::size_t>(std::ceil(duration));
    std::vector<std::size_t> failed_in(seconds, 0);  // Failures of "api" per second, counted here.
    std::size_t total = 0;
    std::size_t most_held = 0;
    for (std::size_t k = 0; k < seconds; ++k) {
      const std::size_t before = streamed.failures(0).size();
      record_second(streamed, k);
      failed_in[k] = streamed.failures(0).size() - before;
      total += failed_in[k];
      streamed.finalize_before(static_cast<std::int64_t>(k));
      const std::size_t held = streamed.failures(0).size();
      most_held = std::max(most_held, held);
      if (k % 1009 != 0) continue;
      // Seconds [k - kept, k] with kept = kStreamKeptS + kStreamStepS at most, kStreamKeptS at least.
      const auto recent = [&](std::size_t back) {
        std::size_t n = 0;
        for (std::size_t j = k - std::min(k, back); j <= k; ++j)
          n += failed_in[j];
        return n;
      };
      ASSERT_LE(held, recent(static_cast<std::size_t>(kStreamKeptS) + kStreamStepS)) << k;
      ASSERT_GE(held, recent(static_cast<std::size_t>(kStreamKeptS) - 1)) << k;
    }
    EXPECT_EQ(kept.seconds_held(), seconds);
    EXPECT_EQ(streamed.seconds_held(), 32'768u);
    if (duration > 86400) {
      EXPECT_LT(most_held * 5, total);  // Two days of failures, at most 6 h 1 min of them held.
    }
    model::DrillResult result;
    streamed.finish(result);
    EXPECT_EQ(result.seconds->seconds(), seconds);
    std::size_t archived = 0;
    model::for_each_failure(result, 0, [&archived](const model::Failure&) { ++archived; });
    EXPECT_EQ(archived, total);
  }
}

// A long drill whose temporary file cannot take its samples (a full disk: /dev/full answers every write
// with ENOSPC) ends with a resource error that says where and what to reduce, not an internal error.
TEST(SeriesRecorder, ArchiveWriteFailureIsAResourceError) {
  const auto s = long_two_services(2.0 * 86400);
  SeriesRecorder r(s, true, true, [](std::string& where) {
    where = "/dev/full";
    return std::fopen("/dev/full", "w+b");
  });
  std::string message;
  try {
    for (std::size_t k = 0; k < 2 * 86400; ++k) {
      record_second(r, k);
      r.finalize_before(static_cast<std::int64_t>(k));
    }
    model::DrillResult result;
    r.finish(result);
  } catch (const model::ResourceError& e) {
    message = e.what();
  }
  EXPECT_NE(message.find("cannot write the per-second samples of a long drill to a temporary file in "
                         "/dev/full (No space left on device)"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("set TMPDIR to a larger file system, or shorten duration_s"), std::string::npos);
}

// The same when the file cannot be created at all: at once, when the recorder is made.
TEST(SeriesRecorder, ArchiveCreationFailureIsAResourceError) {
  const auto s = long_two_services(2.0 * 86400);
  const auto no_file = [](std::string& where) -> std::FILE* {
    where = "/nowhere";
    errno = ENOENT;
    return nullptr;
  };
  EXPECT_THROW(SeriesRecorder(s, true, true, no_file), model::ResourceError);
  EXPECT_NO_THROW(SeriesRecorder(s, true, false, no_file));  // Not streamed: no file.
}

// A drill of up to 6 hours is never streamed: its result holds every second, as before.
TEST(SeriesRecorder, ShortDrillIsNeverStreamed) {
  const auto s = long_two_services(kExactWholeRunMaxS);
  SeriesRecorder r(s, true, true);
  EXPECT_EQ(r.seconds_held(), 21'600u);
  model::DrillResult result;
  r.finish(result);
  EXPECT_EQ(result.series_step_s, 1u);
  EXPECT_FALSE(result.seconds);
  EXPECT_EQ(result.series[0].total.size(), 21'600u);
}

}  // namespace
}  // namespace drillsim::engine
