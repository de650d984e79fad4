// The responder and the decision (io/load_response.cpp).
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "io/input_error.hpp"
#include "io/scenario_loader.hpp"
#include "scenario_text.hpp"

namespace drillsim::io {
namespace {

using namespace scenario_text;  // NOLINT(google-build-using-namespace): the shared scenario texts.
using model::Distribution;
using model::RateProfile;
using model::StepSpec;
using model::Version;

const fs::path kData = DRILLSIM_TEST_DATA;

TEST(ParseScenario, ResponderDefaults) {
  const auto s = parse_scenario(scenario_with(R"("responder": {"ack": 60, "assess": 120})"), "t");
  ASSERT_TRUE(s.responder.has_value());
  EXPECT_EQ(s.responder->name, "on-call");
  EXPECT_DOUBLE_EQ(s.alertmanager.group_wait_s, 30.0);  // Alertmanager's group_wait
  expect_distribution(s.responder->ack, Distribution::Kind::Fixed, 60.0);
  expect_distribution(s.responder->assess, Distribution::Kind::Fixed, 120.0);
}

TEST(ParseScenario, EscalationTiersAreReadInOrder) {
  const auto s = parse_scenario(scenario_with(R"("responder": {"name": "primary", "ack": 60, "assess": 120,
      "escalate_after_s": 300, "escalation": [{"name": "secondary", "ack": 90},
                                              {"name": "manager", "ack": {"kind": "exponential", "mean_s": 600}}]})"),
                                "t");
  ASSERT_TRUE(s.responder.has_value());
  EXPECT_EQ(s.responder->name, "primary");
  EXPECT_DOUBLE_EQ(s.responder->escalate_after_s, 300.0);
  ASSERT_EQ(s.responder->escalation.size(), 2u);
  EXPECT_EQ(s.responder->escalation[0].name, "secondary");
  expect_distribution(s.responder->escalation[0].ack, Distribution::Kind::Fixed, 90.0);
  EXPECT_EQ(s.responder->escalation[1].name, "manager");
  expect_distribution(s.responder->escalation[1].ack, Distribution::Kind::Exponential, 600.0);
}

TEST(ParseScenario, ResponderGroupWaitIsTheOlderPlaceOfAlertmanagersAndNotBoth) {
  const auto s =
      parse_scenario(scenario_with(R"("responder": {"ack": 60, "assess": 120, "group_wait_s": 45})"), "t");
  EXPECT_DOUBLE_EQ(s.alertmanager.group_wait_s, 45.0);
  const InputError e = scenario_error(scenario_with(
      R"("responder": {"ack": 60, "assess": 120, "group_wait_s": 45}, "alertmanager": {"group_wait": "1m"})"));
  EXPECT_EQ(e.where(), "/responder/group_wait_s");
  EXPECT_EQ(e.problem(),
            "group_wait is set twice: here and in \"alertmanager\"; keep the one in \"alertmanager\"");
}

const std::string kTwoLevels = R"("plan": {"name": "p", "levels": [
    {"name": "L1", "steps": [{"name": "a", "action": "notify"}]},
    {"name": "L2", "steps": [{"name": "b", "action": "notify"}]}]})";

TEST(ParseScenario, DecisionDefaultsToThePlansFirstLevelOrFixingForward) {
  const auto with_plan = parse_scenario(scenario_with(kTwoLevels + R"(, "decision": {"rules": []})"), "t");
  ASSERT_TRUE(with_plan.decision.has_value());
  EXPECT_EQ(with_plan.decision->otherwise, "L1");
  expect_distribution(with_plan.decision->fix_forward, Distribution::Kind::Fixed, 1800.0);
  const auto no_plan = parse_scenario(scenario_with(R"("decision": {"rules": []})"), "t");
  EXPECT_EQ(no_plan.decision->otherwise, "fix_forward");
}

TEST(ParseScenario, DecisionRulesAreRead) {
  const auto s = parse_scenario(
      scenario_with(kTwoLevels + R"(, "alert": {"name": "High", "service": "checkout", "threshold": 0.05},
        "decision": {"otherwise": "fix_forward", "fix_forward": 600, "rules": [
          {"name": "big", "then": "L2", "service": "checkout", "error_ratio_above": 0.2, "signal": "High",
           "data_corrupted": true, "window_s": 120},
          {"name": "small", "then": "fix_forward", "users_affected_share_at_most": 0.01}]})"),
      "t");
  ASSERT_TRUE(s.decision.has_value());
  const auto& d = *s.decision;
  EXPECT_EQ(d.otherwise, "fix_forward");
  expect_distribution(d.fix_forward, Distribution::Kind::Fixed, 600.0);
  ASSERT_EQ(d.rules.size(), 2u);
  EXPECT_EQ(d.rules[0].then, "L2");
  EXPECT_EQ(d.rules[0].service, "checkout");
  EXPECT_EQ(d.rules[0].error_ratio_above, 0.2);
  EXPECT_FALSE(d.rules[0].error_ratio_at_most.has_value());
  EXPECT_EQ(d.rules[0].signal, "High");
  EXPECT_EQ(d.rules[0].data_corrupted, true);
  EXPECT_DOUBLE_EQ(d.rules[0].window_s, 120.0);
  EXPECT_EQ(d.rules[1].then, "fix_forward");
  EXPECT_EQ(d.rules[1].users_affected_share_at_most, 0.01);
  EXPECT_FALSE(d.rules[1].data_corrupted.has_value());
  EXPECT_DOUBLE_EQ(d.rules[1].window_s, 300.0);  // The described default.
}

TEST(ParseScenario, DecisionTargetsAndSignalsMustExist) {
  InputError e =
      scenario_error(scenario_with(kTwoLevels + R"(, "decision": {"rules": [{"name": "r", "then": "L3"}]})"));
  EXPECT_EQ(e.where(), "/decision/rules/0/then");
  EXPECT_EQ(e.problem(), "unknown level \"L3\"; levels are: L1, L2; or \"fix_forward\"");
  e = scenario_error(scenario_with(R"("decision": {"rules": [], "otherwise": "L1"})"));
  EXPECT_EQ(e.where(), "/decision/otherwise");
  EXPECT_EQ(e.problem(), "the scenario has no plan; the only choice is \"fix_forward\"");
  e = scenario_error(scenario_with(
      R"("alert": {"name": "High", "service": "checkout", "threshold": 0.05},
         "decision": {"rules": [{"name": "r", "then": "fix_forward", "signal": "Hihg"}]})"));
  EXPECT_EQ(e.where(), "/decision/rules/0/signal");
  EXPECT_EQ(e.problem(), "unknown signal \"Hihg\"; signals are: High");
}

}  // namespace
}  // namespace drillsim::io
