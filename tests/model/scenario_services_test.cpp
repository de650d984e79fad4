// Known answers for the services section's arithmetic: rate profiles, Kubernetes' strategy and probe
// arithmetic, and its names.
#include "model/scenario_services.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <string>
#include <string_view>
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

TEST(Names, StrategiesAndRoutingsHaveTheFormatsNames) {
  EXPECT_STREQ(to_string(StrategySpec::Kind::Recreate), "Recreate");
  EXPECT_STREQ(to_string(StrategySpec::Kind::RollingUpdate), "RollingUpdate");
  EXPECT_STREQ(to_string(Routing::Pods), "pods");
  EXPECT_STREQ(to_string(Routing::Weights), "weights");
}

}  // namespace
}  // namespace drillsim::model
