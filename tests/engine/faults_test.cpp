// The fault catalogue end to end, each kind on a case whose effect can be derived by hand or from
// queueing theory. Each TEST runs in its own process (gtest_discover_tests + ctest).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "engine/drill.hpp"
#include "test_scenarios.hpp"

namespace drillsim::engine {
namespace {

using model::Distribution;
using model::FaultSpec;

std::uint64_t sum(const std::vector<std::uint32_t>& v, std::size_t from, std::size_t to) {
  return std::accumulate(v.begin() + static_cast<std::ptrdiff_t>(from),
                         v.begin() + static_cast<std::ptrdiff_t>(to), std::uint64_t{0});
}

FaultSpec fault_of(FaultSpec::Kinds kind, double at_s) {
  FaultSpec fault;
  fault.kind = kind;
  fault.service = "api";
  fault.version = model::Version::Stable;
  fault.at_s = at_s;
  return fault;
}

// CrashLoopBackOff by hand: one pod, containers start in 5 s and are probed every second from their
// start (so Ready 5 s after a restart), crash 30 s after Ready. The fault starts at 100: crash at 130,
// back-off 10 s -> restart 140, Ready 145; crash 175, back-off 20 -> 195, Ready 200; crash 230, 40 ->
// 270, Ready 275; crash 305, 80 -> 385, Ready 390; crash 420, 160 -> 580, Ready 585.
TEST(Faults, CrashLoopBacksOffTenSecondsDoubling) {
  auto s = testing::single_service(50.0, 1, 0.001, 600.0);
  s.services[0].pods.start = Distribution::fixed(5.0);
  s.services[0].pods.readiness_period_s = 1.0;
  auto fault = fault_of(model::fault::CrashLoop{.crash_after_s = 30.0}, 100.0);
  s.fault = fault;
  const auto r = run_drill(s, DrillOptions{});
  const auto& ready = r.series[0].total.ready;
  const std::vector<std::pair<int, int>> down{{130, 145}, {175, 200}, {230, 275}, {305, 390}, {420, 585}};
  for (int k = 1; k < 600; ++k) {
    const bool is_down =
        std::any_of(down.begin(), down.end(), [k](auto d) { return k > d.first && k < d.second; });
    const bool edge =
        std::any_of(down.begin(), down.end(), [k](auto d) { return k == d.first || k == d.second; });
    if (edge) continue;
    ASSERT_EQ(ready[static_cast<std::size_t>(k)], is_down ? 0 : 1) << "second " << k;
  }
  // Requests while the pod is down fail at once (no endpoint): they count as the fault's.
  ASSERT_TRUE(r.incident->timeline.at(model::Instant::Onset));
  EXPECT_GE(*r.incident->timeline.at(model::Instant::Onset), 130.0);
  EXPECT_LT(*r.incident->timeline.at(model::Instant::Onset), 131.0);
}

// A node with 2 of 4 pods crashes at 100. Requests routed to them (half, uniformly) hang until the
// client's 30 s timeout; at 140 (node-monitor grace 40 s) they leave the endpoints; at 440 (eviction
// after 300 s) replacements are created, Ready at 450 (start 10 s, probes every 10 s).
TEST(Faults, NodeCrashFailsItsShareUntilNotReadyThenKubernetesReplacesThePods) {
  auto s = testing::single_service(100.0, 4, 0.001, 600.0);
  s.services[0].pods.start = Distribution::fixed(10.0);
  auto fault = fault_of(model::fault::NodeCrash{.pods = 2}, 100.0);
  s.fault = fault;
  const auto r = run_drill(s, DrillOptions{});
  const auto& total = r.series[0].total;
  EXPECT_EQ(total.ready[99], 4);
  EXPECT_EQ(total.ready[120], 4);  // Still in the endpoints.
  EXPECT_EQ(total.ready[141], 2);
  EXPECT_EQ(total.ready[449], 2);
  EXPECT_EQ(total.ready[451], 4);
  // About half of the ~4000 requests of [100, 140) fail: binomial(4000, 1/2), sd ~32; they complete 30 s
  // later, in [130, 170).
  const auto failed = sum(total.errors, 0, 600);
  EXPECT_GT(failed, 1850u);
  EXPECT_LT(failed, 2150u);
  EXPECT_EQ(sum(total.errors, 0, 130), 0u);
  EXPECT_EQ(sum(total.errors, 171, 600), 0u);
}

// "web" calls "api" once per request (timeout 0.5 s). A partition of that edge over [100, 200) makes
// every web request fail after its own work plus the 0.5 s timeout; none fails outside.
TEST(Faults, NetworkPartitionFailsEveryCallerRequestAfterTheTimeout) {
  auto s = testing::single_service(50.0, 2, 0.001, 400.0);
  auto web = s.services[0];
  web.name = "web";
  web.calls = {{"api", 1, 0.5}};
  s.services.push_back(web);
  auto fault = fault_of(model::fault::NetworkPartition{.target = "api"}, 100.0);
  fault.service = "web";
  fault.duration_s = 100.0;
  s.fault = fault;
  const auto r = run_drill(s, DrillOptions{});
  const auto& w = r.series[1].total;
  EXPECT_EQ(sum(w.errors, 0, 100), 0u);
  for (std::size_t k = 101; k < 200; ++k)
    ASSERT_EQ(w.errors[k], w.requests[k]) << "second " << k;
  EXPECT_EQ(sum(w.errors, 201, 400), 0u);
  EXPECT_GE(w.p50_s[150], 0.5);
  EXPECT_LT(w.p50_s[150], 0.52);
  EXPECT_EQ(sum(r.series[0].total.errors, 0, 400), 0u);  // api itself is fine
}

// A dependency that refuses connections fails its callers at once; a latency fault on the edge adds
// exactly its latency to each call (fanout 1, no queueing of calls).
TEST(Faults, DependencyOutageFailsCallersAndNetworkLatencyAddsToThem) {
  auto s = testing::single_service(50.0, 2, 0.001, 300.0);
  auto web = s.services[0];
  web.name = "web";
  web.calls = {{"api", 1, 1.0}};
  s.services.push_back(web);
  auto fault = fault_of(model::fault::DependencyOutage{.target = "api"}, 100.0);
  fault.service = "web";
  fault.duration_s = 50.0;
  s.fault = fault;
  const auto r = run_drill(s, DrillOptions{});
  const auto& w = r.series[1].total;
  for (std::size_t k = 101; k < 150; ++k) {
    ASSERT_EQ(w.errors[k], w.requests[k]) << "second " << k;
    ASSERT_EQ(r.series[0].total.errors[k], r.series[0].total.requests[k]) << "api refuses its own users too";
  }
  EXPECT_EQ(sum(w.errors, 151, 300), 0u);
}

TEST(Faults, NetworkLatencyAddsItsDelayToEveryCall) {
  auto s = testing::single_service(50.0, 2, 0.001, 300.0);
  auto web = s.services[0];
  web.name = "web";
  web.calls = {{"api", 1, 1.0}};
  s.services.push_back(web);
  auto fault = fault_of(model::fault::NetworkLatency{.target = "api", .added_latency_s = 0.2}, 100.0);
  fault.service = "web";
  s.fault = fault;
  const auto r = run_drill(s, DrillOptions{});
  const auto& w = r.series[1].total;
  EXPECT_LT(w.p99_s[50], 0.05);  // 1 ms of its own, 1 ms of api's, with some queueing
  EXPECT_GT(w.p50_s[150], 0.2);
  EXPECT_LT(w.p50_s[150], 0.21);
  EXPECT_EQ(sum(w.errors, 0, 300), 0u);
}

// A spike doubles the Poisson rate over [100, 200): about 20000 requests there (sd 141) against about
// 10000 in [200, 300).
TEST(Faults, TrafficSpikeMultipliesTheRate) {
  auto s = testing::single_service(100.0, 4, 0.001, 300.0);
  auto fault = fault_of(model::fault::TrafficSpike{.spike_factor = 2.0}, 100.0);
  fault.duration_s = 100.0;
  s.fault = fault;
  const auto r = run_drill(s, DrillOptions{});
  const auto& total = r.series[0].total;
  const auto during = sum(total.requests, 100, 200);
  const auto after = sum(total.requests, 201, 300);
  EXPECT_GT(during, 20000u - 600u);
  EXPECT_LT(during, 20000u + 600u);
  EXPECT_GT(after, 9900u - 450u);
  EXPECT_LT(after, 9900u + 450u);
}

// M/M/1 at 100 req/s, 2 ms mean service (rho 0.2): the sojourn time is exponential with rate mu - lambda
// = 400/s, median ln 2 / 400 = 1.73 ms. A CPU hog taking half the CPU doubles the service time (mu =
// 250, rho 0.4): median ln 2 / 150 = 4.62 ms.
TEST(Faults, CpuHogSlowsTheQueueAsMm1Predicts) {
  auto s = testing::single_service(100.0, 1, 0.002, 2000.0);
  auto fault = fault_of(model::fault::CpuHog{.cpu_share = 0.5}, 1000.0);
  s.fault = fault;
  const auto r = run_drill(s, DrillOptions{});
  const auto& p50 = r.series[0].total.p50_s;
  auto median_of = [&](std::size_t from, std::size_t to) {
    std::vector<double> v(p50.begin() + static_cast<std::ptrdiff_t>(from),
                          p50.begin() + static_cast<std::ptrdiff_t>(to));
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
    return v[v.size() / 2];
  };
  EXPECT_NEAR(median_of(10, 1000), std::log(2.0) / 400.0, 0.15 * std::log(2.0) / 400.0);
  EXPECT_NEAR(median_of(1010, 2000), std::log(2.0) / 150.0, 0.15 * std::log(2.0) / 150.0);
}

// The pool (20 connections, 5 in use) leaks 0.5 connections/s from 100: exhausted at 100 + 15 / 0.5 =
// 130. From then every request waits the 30 s pool timeout and fails: nothing completes in (130, 160)
// and everything completing from 160 on has failed.
TEST(Faults, PoolExhaustionHangsThenFailsEveryRequest) {
  auto s = testing::single_service(100.0, 2, 0.001, 300.0);
  auto fault = fault_of(
      model::fault::PoolExhaustion{
          .pool_size = 20, .pool_in_use = 5, .pool_leak_per_s = 0.5, .pool_timeout_s = 30.0},
      100.0);
  s.fault = fault;
  const auto r = run_drill(s, DrillOptions{});
  const auto& total = r.series[0].total;
  EXPECT_EQ(sum(total.errors, 0, 160), 0u);
  EXPECT_EQ(sum(total.requests, 131, 160), 0u);
  for (std::size_t k = 161; k < 300; ++k)
    ASSERT_EQ(total.errors[k], total.requests[k]) << "second " << k;
}

// A bad release whose readiness probe fails too (failureThreshold used): "api" routes to any Ready pod
// of 2 stable and 2 new ones. The new pods fail every request from 100; they were Ready at time 0, so
// they are probed at k * 10 s: failed probes at 100, 110, 120, and at the third (failureThreshold 3)
// they leave the endpoints. From 120 every request goes to stable and none fails; before, about half do.
TEST(Faults, ABadReleaseThatFailsReadinessLeavesTheEndpointsAfterThreeProbes) {
  auto s = testing::single_service(100.0, 2, 0.001, 300.0);
  s.services[0].routing = model::Routing::Pods;
  s.services[0].versions[1].replicas = 2;
  auto fault = fault_of(model::fault::BadRelease{.error_probability = 1.0, .fails_readiness = true}, 100.0);
  fault.version = model::Version::New;
  s.fault = fault;
  const auto r = run_drill(s, DrillOptions{});
  const auto& ready = r.series[0].by_version[1].ready;
  EXPECT_EQ(ready[119], 2);
  EXPECT_EQ(ready[120], 0);
  EXPECT_EQ(r.series[0].by_version[0].ready[200], 2);
  const auto& total = r.series[0].total;
  const double ratio =
      static_cast<double>(sum(total.errors, 101, 119)) / static_cast<double>(sum(total.requests, 101, 119));
  EXPECT_NEAR(ratio, 0.5, 0.06);
  EXPECT_EQ(sum(total.errors, 121, 300), 0u);
}

// A failed migration: the new version's containers crash before they are Ready. With the traffic split
// 50/50 by weight, the new half fails at once from 100: an error ratio of 1/2 (binomial; over 100 s at
// 100 req/s, sd 0.5%).
TEST(Faults, FailedMigrationLeavesTheNewVersionWithoutEndpoints) {
  auto s = testing::single_service(100.0, 2, 0.001, 300.0);
  s.services[0].versions[1].replicas = 2;
  s.services[0].weights = {0.5, 0.5};
  s.fault = fault_of(model::fault::FailedMigration{}, 100.0);
  s.fault->version = model::Version::New;
  const auto r = run_drill(s, DrillOptions{});
  const auto& total = r.series[0].total;
  EXPECT_EQ(sum(total.errors, 0, 100), 0u);
  const double ratio =
      static_cast<double>(sum(total.errors, 101, 300)) / static_cast<double>(sum(total.requests, 101, 300));
  EXPECT_NEAR(ratio, 0.5, 0.02);
  EXPECT_EQ(r.series[0].by_version[1].ready[200], 0);
}

// A memory leak: containers grow from 256 MB at 1 MB/s (each at 0.8-1.2 of it) to their 512 MB limit, so
// each is OOMKilled 213-320 s after the fault. A memory rule (> 95%: 230-288 s of growth) and an OOMKill
// rule (increase over 5m > 3, with 4 pods) both fire within minutes.
TEST(Faults, MemoryLeakIsSeenByMemoryAndOomKillRules) {
  auto s = testing::single_service(100.0, 4, 0.001, 1200.0);
  auto fault = fault_of(model::fault::MemoryLeak{}, 100.0);
  s.fault = fault;
  model::AlertRuleSpec memory;
  memory.name = "MemoryHigh";
  memory.service = "api";
  memory.metric = model::AlertRuleSpec::Metric::MemoryUtilisation;
  memory.threshold = 0.95;
  model::AlertRuleSpec oom = memory;
  oom.name = "OOMKills";
  oom.metric = model::AlertRuleSpec::Metric::OomKills;
  oom.threshold = 3;
  s.alerts = {memory, oom};
  const auto r = run_drill(s, DrillOptions{});
  ASSERT_TRUE(r.signals[0].fired_s);
  EXPECT_GE(*r.signals[0].fired_s, 100.0 + 192.0);
  EXPECT_LE(*r.signals[0].fired_s, 100.0 + 288.0 + 60.0);
  ASSERT_TRUE(r.signals[1].fired_s);
  EXPECT_GE(*r.signals[1].fired_s, 100.0 + 213.0);
  EXPECT_LE(*r.signals[1].fired_s, 100.0 + 320.0 + 300.0);
  EXPECT_EQ(r.incident->detect_signal, "MemoryHigh");
}

// Data corruption: the stable version commits bad writes from 100; an hourly integrity check (offset
// 0, every 600 s here) finds them at its first run after 100: 600.
TEST(Faults, DataCorruptionIsFoundByTheNextIntegrityCheck) {
  auto s = testing::single_service(100.0, 2, 0.001, 900.0);
  s.stores.push_back(testing::write_everything_store("db", "api"));
  auto fault = fault_of(model::fault::DataCorruption{.corrupts_writes = 0.1}, 100.0);
  s.fault = fault;
  s.integrity_checks.push_back({"DbIntegrity", "db", 600.0, 0.0});
  const auto r = run_drill(s, DrillOptions{});
  EXPECT_EQ(r.incident->timeline.at(model::Instant::Detect), 600.0);
  EXPECT_EQ(r.incident->detect_signal, "DbIntegrity");
  EXPECT_GT(r.stores[0].writes_corrupted, 0u);
  EXPECT_EQ(sum(r.series[0].total.errors, 0, 900), 0u);
}

}  // namespace
}  // namespace drillsim::engine
