// The fault levers: their values at rest come from the scenario, and each lever changes only its own
// service, version or edge.
#include "engine/fault_levers.hpp"

#include <gtest/gtest.h>

#include "test_scenarios.hpp"

namespace drillsim::engine {
namespace {

using model::Version;

// "api" calls "db" and "cache"; "db" calls "cache".
model::Scenario three_services() {
  auto s = testing::single_service(10.0, 1, 0.001, 100.0);
  s.services[0].versions[0].error_probability = 0.01;
  s.services[0].versions[1].latency_factor = 1.5;
  auto db = s.services[0];
  db.name = "db";
  auto cache = s.services[0];
  cache.name = "cache";
  s.services[0].calls.push_back({.service = "db"});
  s.services[0].calls.push_back({.service = "cache"});
  db.calls.push_back({.service = "cache"});
  s.services.push_back(db);
  s.services.push_back(cache);
  return s;
}

TEST(FaultLevers, AtRestTheyHoldTheScenariosValues) {
  const auto s = three_services();
  const FaultLevers levers(s);
  const auto& api = levers.service(0);
  EXPECT_EQ(api.versions[0].error_probability, 0.01);
  EXPECT_EQ(api.versions[0].base_error_probability, 0.01);
  EXPECT_EQ(api.versions[1].latency_factor, 1.5);
  EXPECT_FALSE(api.versions[0].fault_active);
  EXPECT_EQ(api.versions[0].speed_factor, 1.0);
  EXPECT_EQ(api.outage, FaultLevers::Outage::None);
  ASSERT_EQ(api.edges.size(), 2u);
  EXPECT_EQ(api.edges[0].callee, 1u);
  EXPECT_EQ(api.edges[1].callee, 2u);
  EXPECT_FALSE(api.edges[0].faulty());
}

TEST(FaultLevers, AFaultOnAVersionEndsBackAtTheScenariosValues) {
  const auto s = three_services();
  FaultLevers levers(s);
  levers.start_fault(0, Version::New, 0.3, 4.0, 0.2);
  const auto& vl = levers.service(0).versions[1];
  EXPECT_TRUE(vl.fault_active);
  EXPECT_EQ(vl.error_probability, 0.3);
  EXPECT_EQ(vl.latency_factor, 4.0);
  EXPECT_EQ(vl.corrupts_writes, 0.2);
  EXPECT_EQ(levers.service(0).versions[0].error_probability, 0.01);  // The other version: untouched.
  levers.end_fault(0, Version::New);
  EXPECT_FALSE(vl.fault_active);
  EXPECT_EQ(vl.error_probability, 0.0);
  EXPECT_EQ(vl.latency_factor, 1.5);
}

// An edge fault names caller and callee: api -> cache changes api's second edge only, not db -> cache.
TEST(FaultLevers, AnEdgeFaultChangesOnlyThatEdge) {
  const auto s = three_services();
  FaultLevers levers(s);
  levers.set_edge_fault(0, 2, 0.25, 0.1, false);
  EXPECT_FALSE(levers.service(0).edges[0].faulty());
  EXPECT_EQ(levers.service(0).edges[1].added_latency_s, 0.25);
  EXPECT_EQ(levers.service(0).edges[1].loss_probability, 0.1);
  EXPECT_FALSE(levers.service(1).edges[0].faulty());
  levers.set_edge_fault(0, 2, 0.0, 0.0, false);
  EXPECT_FALSE(levers.service(0).edges[1].faulty());
}

TEST(FaultLevers, ServiceLeversAreTheirServicesOwn) {
  const auto s = three_services();
  FaultLevers levers(s);
  levers.set_outage(1, FaultLevers::Outage::Hang, 12.0);
  levers.mark_fault(1, true);
  levers.mark_fault(2, Version::Stable, true);
  levers.set_maintenance(2, true);
  levers.set_speed_factor(0, Version::Stable, 0.25);
  levers.set_config_fault(0, 0.5, 3.0);
  EXPECT_EQ(levers.service(1).outage, FaultLevers::Outage::Hang);
  EXPECT_EQ(levers.service(1).hang_s, 12.0);
  EXPECT_EQ(levers.service(0).outage, FaultLevers::Outage::None);
  EXPECT_TRUE(levers.service(1).marked);
  EXPECT_FALSE(levers.service(2).marked);
  EXPECT_TRUE(levers.service(2).versions[0].marked);
  EXPECT_FALSE(levers.service(2).versions[1].marked);
  EXPECT_TRUE(levers.service(2).maintenance);
  EXPECT_EQ(levers.service(0).versions[0].speed_factor, 0.25);
  EXPECT_EQ(levers.service(0).versions[1].speed_factor, 1.0);
  EXPECT_EQ(levers.service(0).config_error_probability, 0.5);
  EXPECT_EQ(levers.service(0).config_latency_factor, 3.0);
}

}  // namespace
}  // namespace drillsim::engine
