#include "montecarlo/assess.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "model/scenario.hpp"

namespace drillsim::montecarlo {
namespace {

using Json = nlohmann::ordered_json;

TEST(AssessDisruption, EveryFaultKindHasADisruptionType) {
  for (const auto& kind : model::fault_kind_names())
    EXPECT_TRUE(disruption_of(kind).has_value()) << kind;
  EXPECT_EQ(*disruption_of("bad_config"), Disruption::Software);
  EXPECT_EQ(*disruption_of("node_crash"), Disruption::Hardware);
  EXPECT_EQ(*disruption_of("zone_outage"), Disruption::AZ);
  EXPECT_EQ(*disruption_of("dependency_outage"), Disruption::Region);
  EXPECT_FALSE(disruption_of("meteor").has_value());
}

TEST(AssessPolicy, ReadsResilienceHubsShapeAndWritesItBack) {
  const Json create = Json::parse(R"({
    "policyName": "checkout-critical",
    "policyDescription": "Quarterly drills",
    "tier": "Critical",
    "dataLocationConstraint": "AnyLocation",
    "policy": {
      "Software": {"rtoInSecs": 900, "rpoInSecs": 300},
      "Hardware": {"rtoInSecs": 600, "rpoInSecs": 0},
      "AZ": {"rtoInSecs": 1800, "rpoInSecs": 60}
    }
  })");
  const Policy p = policy_from_json(create);
  EXPECT_EQ(p.name, "checkout-critical");
  EXPECT_EQ(p.tier, "Critical");
  ASSERT_EQ(p.targets.size(), 3U);
  EXPECT_EQ(p.targets.at(Disruption::Software).rto_s, 900);
  EXPECT_EQ(p.targets.at(Disruption::Software).rpo_s, 300);
  EXPECT_EQ(p.targets.at(Disruption::AZ).rpo_s, 60);
  EXPECT_FALSE(p.targets.count(Disruption::Region));
  const Json exported = policy_to_json(p);
  EXPECT_EQ(exported.at("policyDescription"), "Quarterly drills");
  EXPECT_EQ(exported.at("policy").at("Hardware"), Json::parse(R"({"rpoInSecs": 0, "rtoInSecs": 600})"));
  const Policy again = policy_from_json(exported);
  EXPECT_EQ(policy_to_json(again), exported);
  // DescribeResiliencyPolicy's answer wraps it.
  const Policy described = policy_from_json(Json{{"policy", create}});
  EXPECT_EQ(described.name, "checkout-critical");
  EXPECT_EQ(described.targets.size(), 3U);
}

TEST(AssessPolicy, RejectsWhatIsNotAPolicy) {
  EXPECT_THROW(policy_from_json(Json::parse(R"({"policyName": "x"})")), PolicyError);
  EXPECT_THROW(policy_from_json(Json::parse(R"({"policy": {"Zone": {"rtoInSecs": 1, "rpoInSecs": 1}}})")),
               PolicyError);
  EXPECT_THROW(policy_from_json(Json::parse(R"({"policy": {"AZ": {"rtoInSecs": 1}}})")), PolicyError);
  EXPECT_THROW(policy_from_json(Json::parse(R"({"policy": {"AZ": {"rtoInSecs": -1, "rpoInSecs": 0}}})")),
               PolicyError);
  EXPECT_THROW(policy_from_json(Json::parse(R"([1])")), PolicyError);
}

TEST(AssessAchieved, ReadsTheRunsObjective) {
  // Restored in 120 s, window 30 s.
  EXPECT_EQ(achieved({"a", 900, 60, 120.0, 30, true, true}).rto_s, 120.0);
  EXPECT_EQ(achieved({"a", 900, 60, 120.0, 30, true, true}).rpo_s, 30.0);
  // Never breached: RTO 0. Not restored: unbounded.
  EXPECT_EQ(achieved({"a", 900, 60, std::nullopt, 0, true, true}).rto_s, 0.0);
  EXPECT_TRUE(std::isinf(achieved({"a", 900, 60, std::nullopt, 0, false, true}).rto_s));
  // RPO missed with a window inside it: corrupted writes remain.
  EXPECT_TRUE(std::isinf(achieved({"a", 900, 60, 100.0, 10, true, false}).rpo_s));
  EXPECT_EQ(achieved({"a", 900, 60, 100.0, 90, true, false}).rpo_s, 90.0);
}

RunSummary run_with(const std::string& service, std::optional<double> ttr, bool rto_met, double window) {
  RunSummary r;
  r.objectives.push_back({service, 1, 1e9, ttr, window, rto_met, true});
  return r;
}

TEST(Assess, GroupsByServiceAndTypeAndJudgesThePolicysTargets) {
  Policy policy;
  policy.targets[Disruption::Software] = {250, 10};
  // Two Software scenarios (restored in 100, 200 s; 300 s and never) and one AZ scenario.
  const std::vector<Disruption> types{Disruption::Software, Disruption::Software, Disruption::AZ};
  const std::vector<std::vector<RunSummary>> runs{
      {run_with("api", 100, false, 0), run_with("api", 200, false, 5)},
      {run_with("api", 300, false, 20), run_with("api", std::nullopt, false, 0)},
      {run_with("api", 50, true, 0)}};
  const auto result = assess(policy, types, runs);
  ASSERT_EQ(result.size(), 2U);
  const Compliance& sw = result[0];
  EXPECT_EQ(sw.disruption, Disruption::Software);
  EXPECT_EQ(sw.runs, 4U);
  EXPECT_EQ(sw.rto_met, 2U);   // 100 and 200 <= 250 (the scenario's own RTO of 1 s does not count).
  EXPECT_EQ(sw.rpo_met, 3U);   // 0, 5, 0 <= 10; 20 is not.
  EXPECT_EQ(sw.both_met, 2U);  // 100/0 and 200/5.
  EXPECT_EQ(sw.status(0.95), "PolicyBreached");
  EXPECT_EQ(sw.status(0.5), "PolicyMet");
  // Achieved RTOs 100, 200, 300, unbounded: p50 = 250; p95 rests on the unrestored run.
  EXPECT_EQ(*quantile_or_unbounded(sw.rto_s, 0.5), 250.0);
  EXPECT_FALSE(quantile_or_unbounded(sw.rto_s, 0.95).has_value());
  EXPECT_EQ(*quantile_or_unbounded(sw.rto_s, 2.0 / 3.0), 300.0);  // h = 2 exactly: the third value.
  const Compliance& az = result[1];
  EXPECT_EQ(az.disruption, Disruption::AZ);
  EXPECT_FALSE(az.target.has_value());
  EXPECT_EQ(az.status(0.95), "MissingPolicy");
}

}  // namespace
}  // namespace drillsim::montecarlo
