// The data plane against queueing theory and probability. These run the kernel directly (no SimGrid
// engine), so several may share a process.
#include "engine/data_plane.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "rig.hpp"
#include "test_scenarios.hpp"

namespace drillsim::engine {
namespace {

using model::Version;

std::uint64_t sum(const std::vector<std::uint32_t>& v) {
  return std::accumulate(v.begin(), v.end(), std::uint64_t{0});
}

model::DrillResult run_plane(const model::Scenario& s, std::uint64_t seed) {
  testing::Rig rig(s, seed);
  model::DrillResult result;
  rig.plane.finish(result);
  return result;
}

// M/M/1: lambda = 50/s, mu = 100/s (mean service 10 ms), rho = 0.5. FIFO sojourn time is exponential
// with rate mu - lambda = 50/s: mean 1/50 s = 20 ms. Over 20,000 s (~1 M requests) the sample mean's
// relative standard error is about 1/sqrt(n_eff) with autocorrelation inflating n_eff's cost roughly
// (1+rho)/(1-rho)^2... = 6x at rho 0.5: ~0.25%; 3% is over 10 standard errors.
TEST(DataPlaneTheory, MM1MeanSojournTime) {
  const auto s = testing::single_service(50.0, 1, 0.010, 20000.0);
  const auto r = run_plane(s, 7);
  const auto& total = r.series[0].total;
  const double n = static_cast<double>(sum(total.requests));
  EXPECT_NEAR(total.latency_sum_s / n, 0.020, 0.020 * 0.03);
}

// The whole-drill latency of the same M/M/1 queue: sojourn ~ Exponential(50/s), so the mean is 20 ms
// and the q-quantile is -ln(1 - q) / 50: p50 = 13.86 ms, p95 = 59.91 ms, p99 = 92.10 ms. The whole-run
// percentiles are over all ~1 M requests, so they sit within a few percent of theory (the per-second
// percentiles, over ~50 requests each, would not).
TEST(DataPlaneTheory, MM1WholeRunLatencyQuantiles) {
  const auto s = testing::single_service(50.0, 1, 0.010, 20000.0);
  const auto r = run_plane(s, 7);
  const auto& run = r.series[0].total.whole_run;
  const auto quantile = [](double q) { return -std::log(1.0 - q) / 50.0; };
  EXPECT_NEAR(run.mean_s, 0.020, 0.020 * 0.03);
  EXPECT_NEAR(run.p50_s, quantile(0.50), quantile(0.50) * 0.03);
  EXPECT_NEAR(run.p95_s, quantile(0.95), quantile(0.95) * 0.03);
  EXPECT_NEAR(run.p99_s, quantile(0.99), quantile(0.99) * 0.05);
  // One version only: its whole-run figures are the total's.
  EXPECT_EQ(r.series[0].by_version[0].whole_run.p95_s, run.p95_s);
  EXPECT_TRUE(std::isnan(r.series[0].by_version[1].whole_run.mean_s));  // No request to the new version.
}

// M/M/1 at rho = 0.8 (lambda 80/s, mu 100/s): mean sojourn 1/(100-80) = 50 ms. Heavier load, where a
// wrong queue discipline or a lost busy period shows at once.
TEST(DataPlaneTheory, MM1MeanSojournTimeAtHighUtilisation) {
  const auto s = testing::single_service(80.0, 1, 0.010, 40000.0);
  const auto r = run_plane(s, 11);
  const auto& total = r.series[0].total;
  EXPECT_NEAR(total.latency_sum_s / static_cast<double>(sum(total.requests)), 0.050, 0.050 * 0.05);
}

// Random routing splits a Poisson stream into independent Poisson streams: 4 replicas at 200/s total
// are four M/M/1 queues at 50/s each, so the mean sojourn is again 20 ms.
TEST(DataPlaneTheory, RandomRoutingGivesIndependentMM1Queues) {
  const auto s = testing::single_service(200.0, 4, 0.010, 5000.0);
  const auto r = run_plane(s, 3);
  const auto& total = r.series[0].total;
  EXPECT_NEAR(total.latency_sum_s / static_cast<double>(sum(total.requests)), 0.020, 0.020 * 0.03);
}

// Poisson arrivals at 100/s for 10,000 s: N ~ Poisson(1e6), sd 1,000; 5 sd = 5,000.
TEST(DataPlaneTheory, ArrivalCountIsPoisson) {
  const auto s = testing::single_service(100.0, 2, 0.001, 10000.0);
  const auto r = run_plane(s, 5);
  EXPECT_NEAR(static_cast<double>(sum(r.series[0].total.requests)), 1e6, 5000.0);
}

// A step profile: 50/s before 1,000 s, 200/s after (thinning of a 200/s process). Expected counts
// 50,000 and 200,000 (sd 224 and 447); allow 5 sd.
TEST(DataPlaneTheory, StepProfileRatesHoldInEachSegment) {
  auto s = testing::single_service(50.0, 4, 0.001, 2000.0);
  s.services[0].traffic.rate.kind = model::RateProfile::Kind::Steps;
  s.services[0].traffic.rate.steps = {{1000.0, 200.0}};
  const auto r = run_plane(s, 9);
  const auto& req = r.series[0].total.requests;
  const auto before = std::accumulate(req.begin(), req.begin() + 1000, std::uint64_t{0});
  const auto after = std::accumulate(req.begin() + 1000, req.end(), std::uint64_t{0});
  EXPECT_NEAR(static_cast<double>(before), 50000.0, 5 * 224.0);
  EXPECT_NEAR(static_cast<double>(after), 200000.0, 5 * 447.0);
}

// Observed error ratio = configured probability: errors ~ Binomial(n, 0.05) with n ~ 500,000, sd of
// the ratio sqrt(0.05 * 0.95 / n) = 0.00031; allow 5 sd.
TEST(DataPlaneTheory, ObservedErrorRatioMatchesConfigured) {
  auto s = testing::single_service(100.0, 2, 0.002, 5000.0);
  s.services[0].versions[0].error_probability = 0.05;
  const auto r = run_plane(s, 13);
  const auto& total = r.series[0].total;
  const double ratio = static_cast<double>(sum(total.errors)) / static_cast<double>(sum(total.requests));
  EXPECT_NEAR(ratio, 0.05, 5 * 0.00031);
  EXPECT_EQ(r.failures[0].size(), sum(total.errors));
}

// Weights route the configured share to each version: 20% of ~400,000 requests to new (sd 253).
TEST(DataPlaneTheory, WeightsSplitTraffic) {
  auto s = testing::single_service(200.0, 2, 0.002, 2000.0);
  s.services[0].versions[1].replicas = 2;
  s.services[0].weights = {0.8, 0.2};
  const auto r = run_plane(s, 17);
  const double n_new = static_cast<double>(sum(r.series[0].by_version[1].requests));
  const double n_all = static_cast<double>(sum(r.series[0].total.requests));
  EXPECT_NEAR(n_new / n_all, 0.2, 5 * std::sqrt(0.2 * 0.8 / n_all));
}

// Deterministic queue: arrivals every... here a fixed service time of 0.5 s at 1 replica and a rate of
// 10/s overloads it 5x; with max_queue 10 most requests are rejected at once (latency 0) and count as
// errors, and a replica never holds more than 10: the served ones wait at most 10 * 0.5 = 5 s.
// Termination: a deleted pod finishes the requests it holds until SIGKILL at the grace period; those
// still held then fail. Stable has one pod serving each request in exactly 20 s (FIFO); from 10 s every
// new request goes to the new version (fast, never failing), and the stable pod is deleted at 10 holding
// the n requests that arrived in [0, 10) (Poisson, 1/s). The first completes at a1 + 20 < 30, the second
// at a1 + 40 > 40: with the 30 s grace (SIGKILL at 40) exactly one of the n completes and n - 1 fail,
// each after 40 s. With a grace of 1000 s the application drains them all (n * 20 s) and none fails.
model::DrillResult delete_a_busy_pod(double grace_s, double& gone) {
  auto s = testing::single_service(1.0, 1, 0.001, 400.0);
  s.services[0].service_time = model::Distribution::fixed(20.0);
  s.services[0].versions[1].replicas = 1;
  s.services[0].pods.termination_grace_period_s = grace_s;
  testing::Rig rig(s, 5);
  rig.plane.advance_to(10.0);
  rig.plane.set_weights(0, {0.0, 1.0});
  gone = rig.cluster.scale(0, Version::Stable, 0, 10.0);  // Deletes the one stable pod.
  EXPECT_EQ(rig.endpoints.ready(0, Version::Stable), 0);  // Out of the endpoints at once.
  model::DrillResult result;
  rig.plane.finish(result);
  return result;
}

TEST(DataPlane, ADeletedPodsRequestsStillHeldAtTheGracePeriodFail) {
  double gone = 0.0;
  const auto cut = delete_a_busy_pod(30.0, gone);
  EXPECT_EQ(gone, 40.0);
  const auto& stable = cut.series[0].by_version[0];
  const std::uint64_t n = sum(stable.requests);
  ASSERT_GE(n, 2u);
  EXPECT_EQ(sum(stable.errors), n - 1);
  EXPECT_EQ(sum(cut.series[0].by_version[1].errors), 0u);
  ASSERT_EQ(cut.failures[0].size(), n - 1);
  for (const auto& failure : cut.failures[0])
    EXPECT_GT(failure.t_s, 40.0);

  const auto drained = delete_a_busy_pod(1000.0, gone);
  EXPECT_EQ(sum(drained.series[0].by_version[0].requests), n);  // The same draws: the same requests.
  EXPECT_EQ(sum(drained.series[0].by_version[0].errors), 0u);
  EXPECT_GT(gone, 10.0 + 20.0 * static_cast<double>(n - 1));
}

TEST(DataPlane, FullQueueRejects) {
  auto s = testing::single_service(10.0, 1, 0.5, 200.0);
  s.services[0].service_time = model::Distribution::fixed(0.5);
  s.services[0].max_queue = 10;
  const auto r = run_plane(s, 1);
  const auto& total = r.series[0].total;
  const auto served = sum(total.requests) - sum(total.errors);
  // The replica serves 2 per second: at most 400 in 200 s.
  EXPECT_LE(served, 400u);
  EXPECT_GE(served, 390u);
  for (std::size_t k = 0; k < total.size(); ++k) {
    if (!std::isnan(total.p99_s[k])) {
      EXPECT_LE(total.p99_s[k], 5.0 + 1e-6) << "second " << k;
    }
  }
}

// Same seed, same numbers; another seed, other numbers.
TEST(DataPlane, SeedDeterminesEverything) {
  const auto s = testing::single_service(100.0, 2, 0.005, 300.0);
  const auto a = run_plane(s, 42);
  const auto b = run_plane(s, 42);
  const auto c = run_plane(s, 43);
  EXPECT_EQ(a.series[0].total.requests, b.series[0].total.requests);
  EXPECT_EQ(a.series[0].total.latency_sum_s, b.series[0].total.latency_sum_s);
  EXPECT_NE(a.series[0].total.requests, c.series[0].total.requests);
}

// Ready replicas are sampled at each second's start, after the changes made at that instant.
TEST(DataPlane, ReadySeriesFollowsScaling) {
  const auto s = testing::single_service(10.0, 3, 0.001, 10.0);
  testing::Rig rig(s, 1);
  rig.plane.advance_to(4.0);
  rig.endpoints.leave(0, Version::Stable, rig.endpoints.ready_pod_ids(0, Version::Stable));
  rig.plane.advance_to(6.5);
  for (int i = 0; i < 2; ++i)
    rig.endpoints.schedule_ready(0, Version::Stable, 6.5);
  model::DrillResult r;
  rig.plane.finish(r);
  const std::vector<int> expected{3, 3, 3, 3, 0, 0, 0, 2, 2, 2};
  EXPECT_EQ(r.series[0].by_version[0].ready, expected);
}

// With no Ready replica every request fails at once: seconds 4 and 5 above would be all errors.
TEST(DataPlane, NoReadyReplicaFailsEveryRequest) {
  const auto s = testing::single_service(100.0, 2, 0.001, 20.0);
  testing::Rig rig(s, 1);
  rig.plane.advance_to(5.0);
  rig.endpoints.leave(0, Version::Stable, rig.endpoints.ready_pod_ids(0, Version::Stable));
  rig.plane.advance_to(15.0);
  for (int i = 0; i < 2; ++i)
    rig.endpoints.schedule_ready(0, Version::Stable, 15.0);
  model::DrillResult r;
  rig.plane.finish(r);
  const auto& total = r.series[0].total;
  for (std::size_t k = 6; k < 15; ++k) {  // Second 5 still completes requests that arrived before 5.
    EXPECT_GT(total.requests[k], 0u);
    EXPECT_EQ(total.errors[k], total.requests[k]) << "second " << k;
  }
  EXPECT_EQ(total.errors[16], 0u);
}

TEST(NearestRank, MatchesDefinition) {
  std::vector<float> v{5, 1, 4, 2, 3};    // sorted 1 2 3 4 5
  EXPECT_EQ(nearest_rank(v, 0.5), 3.0);   // rank ceil(2.5) = 3
  EXPECT_EQ(nearest_rank(v, 0.95), 5.0);  // rank ceil(4.75) = 5
  EXPECT_EQ(nearest_rank(v, 0.2), 1.0);   // rank ceil(1.0) = 1
  std::vector<float> one{7};
  EXPECT_EQ(nearest_rank(one, 0.99), 7.0);
}

}  // namespace
}  // namespace drillsim::engine
