// Known answers for the faults section: CrashLoopBackOff, the fault kinds' names and parameters.
#include "model/scenario_faults.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace drillsim::model {
namespace {

// The kubelet's back-off: 10 s, doubled after each crash, at most 300 s.
TEST(CrashLoopBackOff, DoublesFromTenSecondsUpToFiveMinutes) {
  const std::vector<double> expected{10.0, 20.0, 40.0, 80.0, 160.0, 300.0, 300.0};
  for (std::size_t n = 0; n < expected.size(); ++n)
    EXPECT_DOUBLE_EQ(crash_loop_backoff_s(static_cast<int>(n)), expected[n]) << n;
  EXPECT_DOUBLE_EQ(crash_loop_backoff_s(50), 300.0);
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

}  // namespace
}  // namespace drillsim::model
