// Known answers for the scenario's own arithmetic: rate profiles, Kubernetes' strategy and probe
// arithmetic, CrashLoopBackOff, backups and restore points, and the fault kinds' names and parameters.
#include "model/scenario.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

namespace drillsim::model {
namespace {

TEST(RateProfile, ConstantIsTheSameAtEveryInstant) {
  RateProfile rate;
  rate.rps = 50.0;
  EXPECT_DOUBLE_EQ(rate.rate_at(0.0), 50.0);
  EXPECT_DOUBLE_EQ(rate.rate_at(12345.6), 50.0);
  EXPECT_DOUBLE_EQ(rate.max_rate(), 50.0);
}

TEST(RateProfile, StepsTakeTheRateOfTheLastStepReached) {
  RateProfile rate;
  rate.kind = RateProfile::Kind::Steps;
  rate.rps = 10.0;
  rate.steps = {{100.0, 30.0}, {200.0, 5.0}};
  EXPECT_DOUBLE_EQ(rate.rate_at(99.9), 10.0);   // Before the first step: rps.
  EXPECT_DOUBLE_EQ(rate.rate_at(100.0), 30.0);  // A step applies from its own instant.
  EXPECT_DOUBLE_EQ(rate.rate_at(250.0), 5.0);
  EXPECT_DOUBLE_EQ(rate.max_rate(), 30.0);
}

// A day as one step per second (issue 14: the steps were scanned for every request; now a binary search).
TEST(RateProfile, ADayOfOneStepPerSecond) {
  RateProfile rate;
  rate.kind = RateProfile::Kind::Steps;
  rate.rps = 7.0;
  for (int i = 1; i <= 86400; ++i)
    rate.steps.push_back({static_cast<double>(i), static_cast<double>(i % 1000)});
  EXPECT_DOUBLE_EQ(rate.rate_at(0.5), 7.0);
  EXPECT_DOUBLE_EQ(rate.rate_at(1.0), 1.0);
  EXPECT_DOUBLE_EQ(rate.rate_at(43210.99), 210.0);
  EXPECT_DOUBLE_EQ(rate.rate_at(86399.0), 399.0);
  EXPECT_DOUBLE_EQ(rate.rate_at(1e9), 400.0);  // 86400 % 1000: the last step holds.
}

// rate = rps (1 + amplitude cos(2 pi (t - peak) / period)): the peak at peak_s, the trough half a
// period later, the mean a quarter period from either.
TEST(RateProfile, DiurnalPeaksAtItsPeakAndNeverGoesNegative) {
  RateProfile rate;
  rate.kind = RateProfile::Kind::Diurnal;
  rate.rps = 100.0;
  rate.amplitude = 0.5;
  rate.period_s = 86400.0;
  rate.peak_s = 3600.0;
  EXPECT_DOUBLE_EQ(rate.rate_at(3600.0), 150.0);
  EXPECT_DOUBLE_EQ(rate.rate_at(3600.0 + 43200.0), 50.0);
  EXPECT_NEAR(rate.rate_at(3600.0 + 21600.0), 100.0, 1e-9);
  EXPECT_DOUBLE_EQ(rate.max_rate(), 150.0);
  rate.amplitude = 1.5;  // 100 (1 - 1.5) = -50 at the trough: clamped at 0.
  EXPECT_DOUBLE_EQ(rate.rate_at(3600.0 + 43200.0), 0.0);
}

// Kubernetes: maxSurge is a percentage of the replicas rounded up, maxUnavailable rounded down.
TEST(Strategy, PercentagesRoundAsTheDeploymentControllerDoes) {
  const IntOrPercent quarter{true, 25.0};
  EXPECT_EQ(quarter.resolve(10, true), 3);   // 2.5 up
  EXPECT_EQ(quarter.resolve(10, false), 2);  // 2.5 down
  EXPECT_EQ(quarter.resolve(8, true), 2);    // exactly 2 either way
  EXPECT_EQ(quarter.resolve(8, false), 2);
  EXPECT_EQ((IntOrPercent{false, 2.0}).resolve(100, true), 2);  // An absolute number of pods.
  StrategySpec strategy;
  EXPECT_EQ(strategy.resolve(10), std::make_pair(3, 2));
  EXPECT_EQ(strategy.resolve(4), std::make_pair(1, 1));
}

TEST(Strategy, BothZeroMakesOnePodUnavailable) {
  StrategySpec strategy;
  strategy.max_surge = {false, 0.0};
  strategy.max_unavailable = {true, 10.0};  // 10% of 3 = 0.3, down to 0.
  EXPECT_EQ(strategy.resolve(3), std::make_pair(0, 1));
}

// Probes run at started + initialDelaySeconds + k periodSeconds.
TEST(PodSpec, ProbesRunOnThePeriodFromTheInitialDelay) {
  PodSpec pods;
  pods.readiness_period_s = 10.0;
  EXPECT_DOUBLE_EQ(pods.probe_at_or_after(20.0, 10.0), 20.0);  // Before the first probe: the first.
  EXPECT_DOUBLE_EQ(pods.probe_at_or_after(20.0, 40.0), 40.0);  // On a probe: that probe.
  EXPECT_DOUBLE_EQ(pods.probe_at_or_after(20.0, 41.0), 50.0);
  pods.readiness_initial_delay_s = 5.0;
  EXPECT_DOUBLE_EQ(pods.probe_at_or_after(20.0, 26.0), 35.0);
}

// successThreshold 3: Ready at the third passing probe in a row, two periods after the first.
TEST(PodSpec, ReadyAfterSuccessThresholdPassingProbes) {
  PodSpec pods;
  pods.readiness_period_s = 10.0;
  pods.readiness_success_threshold = 3;
  EXPECT_DOUBLE_EQ(pods.ready_at(0.0, 12.0), 40.0);  // First passing probe at 20, then 30, 40.
  pods.readiness_success_threshold = 1;
  EXPECT_DOUBLE_EQ(pods.ready_at(0.0, 12.0), 20.0);
}

// The kubelet's back-off: 10 s, doubled after each crash, at most 300 s.
TEST(CrashLoopBackOff, DoublesFromTenSecondsUpToFiveMinutes) {
  const std::vector<double> expected{10.0, 20.0, 40.0, 80.0, 160.0, 300.0, 300.0};
  for (std::size_t n = 0; n < expected.size(); ++n)
    EXPECT_DOUBLE_EQ(crash_loop_backoff_s(static_cast<int>(n)), expected[n]) << n;
  EXPECT_DOUBLE_EQ(crash_loop_backoff_s(50), 300.0);
}

// Backups every hour from 600 s: 600, 4200, 7800, ...
TEST(DataStore, LatestBackupAndRestorePoint) {
  DataStoreSpec store;
  store.backup_interval_s = 3600.0;
  store.backup_offset_s = 600.0;
  EXPECT_DOUBLE_EQ(store.latest_backup(5000.0), 4200.0);
  EXPECT_DOUBLE_EQ(store.latest_backup(4200.0), 4200.0);
  // No WAL archive: the backup before the target, point in time or not.
  EXPECT_DOUBLE_EQ(store.restore_point(5000.0, 6000.0, true), 4200.0);
  store.wal_archive_interval_s = 300.0;
  EXPECT_DOUBLE_EQ(store.restore_point(5000.0, 6000.0, false), 4200.0);
  // Segments shipped by 6000 reach the target itself.
  EXPECT_DOUBLE_EQ(store.restore_point(5000.0, 6000.0, true), 5000.0);
  // At 4500 the last shipped segment ends at 4500: the target 5000 is not reachable yet.
  EXPECT_DOUBLE_EQ(store.restore_point(5000.0, 4500.0, true), 4500.0);
  // At 4250 the segment of 4200 is the latest: no later than the backup itself.
  EXPECT_DOUBLE_EQ(store.restore_point(5000.0, 4250.0, true), 4200.0);
}

TEST(Scenario, IndexesByNameOrMinusOne) {
  Scenario s;
  s.services.resize(2);
  s.services[0].name = "web";
  s.services[1].name = "api";
  s.stores.resize(1);
  s.stores[0].name = "db";
  EXPECT_EQ(s.service_index("api"), 1);
  EXPECT_EQ(s.service_index("db"), -1);
  EXPECT_EQ(s.store_index("db"), 0);
  EXPECT_EQ(s.store_index("web"), -1);
}

// The names are the format's (docs/scenario-format.md), in the variant's order.
TEST(FaultSpec, KindNamesFollowTheVariantOrder) {
  const std::vector<std::string_view> expected{
      "bad_release",     "bad_config",      "memory_leak",   "crash_loop",        "node_crash",
      "zone_outage",     "network_latency", "network_loss",  "network_partition", "dependency_outage",
      "pool_exhaustion", "cpu_hog",         "traffic_spike", "failed_migration",  "data_corruption"};
  EXPECT_EQ(fault_kind_names(), expected);
  FaultSpec fault;
  EXPECT_TRUE(fault.is<fault::BadRelease>());  // The default, as the format's "kind" has none.
  EXPECT_STREQ(fault.kind_name(), "bad_release");
  fault.kind = fault::DataCorruption{.corrupts_writes = 0.2};
  EXPECT_STREQ(fault.kind_name(), "data_corruption");
  EXPECT_DOUBLE_EQ(fault.as<fault::DataCorruption>().corrupts_writes, 0.2);
}

TEST(FaultSpec, TargetIsTheEdgeOrDependencyOfTheKindsThatHaveOne) {
  FaultSpec fault;
  fault.kind = fault::NetworkLoss{.target = "payments", .loss_probability = 0.1};
  EXPECT_EQ(fault.target(), "payments");
  fault.kind = fault::DependencyOutage{.target = "db", .hang = true};
  EXPECT_EQ(fault.target(), "db");
  fault.kind = fault::CpuHog{};
  EXPECT_EQ(fault.target(), "");
}

// 20 connections, 5 in use, 0.5 leaked per second: the 15 free ones are gone 30 s after the start.
TEST(FaultSpec, PoolIsExhaustedWhenTheLeakTookEveryFreeConnection) {
  const fault::PoolExhaustion pool{.pool_size = 20, .pool_in_use = 5.0, .pool_leak_per_s = 0.5};
  EXPECT_DOUBLE_EQ(pool.exhausted_at_s(100.0), 130.0);
}

TEST(Names, ActionsAndEnumerationsHaveTheFormatsNames) {
  const auto& actions = step_action_names();
  ASSERT_EQ(actions.size(), 19u);
  EXPECT_EQ(actions.front(), "shift_traffic");
  EXPECT_EQ(actions.back(), "scale_deployment");
  EXPECT_STREQ(to_string(StepSpec::Action::PipelineRedeploy), "pipeline_redeploy");
  EXPECT_STREQ(to_string(StepSpec::OnFailure::Escalate), "escalate");
  EXPECT_STREQ(to_string(MigrationSpec::Kind::RenameColumn), "rename_column");
  EXPECT_STREQ(to_string(StrategySpec::Kind::Recreate), "Recreate");
  EXPECT_STREQ(to_string(Routing::Pods), "pods");
}

}  // namespace
}  // namespace drillsim::model
