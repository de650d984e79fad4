// The decision rules (sim/metrics/decision.*) on a fake view of the drill: first rule that holds wins,
// its reason names what was seen, and `otherwise` applies when none holds. No SimGrid.
#include "metrics/decision.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

namespace drillsim::metrics {
namespace {

class FakeView final : public DecisionView {
 public:
  std::map<std::string, ErrorRatio> ratios;
  std::map<std::string, double> shares;
  std::uint64_t corrupted = 0;
  std::set<std::string> fired;
  mutable std::vector<std::string> asked;  // Services whose error ratio or users were read.

  ErrorRatio error_ratio(const std::string& service, double) const override {
    asked.push_back(service);
    return ratios.at(service);
  }
  double users_affected_share(const std::string& service) const override {
    asked.push_back(service);
    return shares.at(service);
  }
  std::uint64_t corrupted_writes() const override { return corrupted; }
  bool signal_fired(const std::string& name) const override { return fired.contains(name); }
};

model::DecisionRuleSpec rule(std::string name, std::string then) {
  model::DecisionRuleSpec r;
  r.name = std::move(name);
  r.then = std::move(then);
  return r;
}

// The engine's end-to-end case (Detection.TheFirstDecisionRuleThatHoldsPicksTheLevel), by hand: 61 % over
// 255 s. "Small" (<= 10 %) does not hold, "Big" (> 50 %) does.
TEST(Decision, TheFirstRuleThatHoldsPicksTheLevel) {
  FakeView view;
  view.ratios["api"] = {0.61, 255};
  model::DecisionSpec spec;
  auto small = rule("Small", "fix_forward");
  small.error_ratio_at_most = 0.10;
  auto big = rule("Big", "L2");
  big.error_ratio_above = 0.50;
  auto also = rule("Also", "L3");  // Would hold too, but comes later.
  also.error_ratio_above = 0.20;
  spec.rules = {small, big, also};
  spec.otherwise = "L1";
  const auto outcome = decide(spec, "api", 600, view);
  EXPECT_EQ(outcome.decision.rule, "Big");
  EXPECT_EQ(outcome.decision.action, "L2");
  EXPECT_EQ(outcome.decision.reason, "api error ratio 61.0% over the last 255 s > 50.0%");
  ASSERT_EQ(outcome.rejected.size(), 1u);
  EXPECT_EQ(outcome.rejected[0].rule, "Small");
  EXPECT_EQ(outcome.rejected[0].reason, "api error ratio 61.0% over the last 255 s > 10.0%");
}

TEST(Decision, OtherwiseWhenNoRuleHolds) {
  FakeView view;
  view.ratios["api"] = {0.02, 300};
  model::DecisionSpec spec;
  auto big = rule("Big", "L2");
  big.error_ratio_above = 0.50;
  spec.rules = {big};
  spec.otherwise = "fix_forward";
  const auto outcome = decide(spec, "api", 600, view);
  EXPECT_EQ(outcome.decision.rule, "otherwise");
  EXPECT_EQ(outcome.decision.action, "fix_forward");
  EXPECT_EQ(outcome.decision.reason, "no rule held");
  EXPECT_EQ(outcome.rejected.size(), 1u);
}

// Seed 004's "High" row: > 50 % of users AND > 30 min to fix. Each condition alone is not enough.
TEST(Decision, EveryConditionOfARuleMustHold) {
  FakeView view;
  view.shares["web"] = 0.6;
  model::DecisionSpec spec;
  auto high = rule("High", "Level 2");
  high.users_affected_share_above = 0.5;
  high.fix_forward_above_s = 1800;
  spec.rules = {high};
  spec.otherwise = "Level 1";
  EXPECT_EQ(decide(spec, "web", 1200, view).decision.action, "Level 1");  // 1200 s <= 1800 s
  const auto outcome = decide(spec, "web", 2400, view);
  EXPECT_EQ(outcome.decision.action, "Level 2");
  EXPECT_EQ(outcome.decision.reason,
            "60.0% of web's users affected > 50.0%; fix-forward estimate 2400 s > 1800 s");
  view.shares["web"] = 0.5;  // At most 50 %: "above" does not hold.
  EXPECT_EQ(decide(spec, "web", 2400, view).decision.action, "Level 1");
}

TEST(Decision, ARuleReadsItsOwnServiceElseTheIncidents) {
  FakeView view;
  view.ratios["web"] = {0.995, 120};
  view.ratios["db"] = {0.0, 120};
  model::DecisionSpec spec;
  auto down = rule("Down", "Level 1");
  down.service = "web";
  down.error_ratio_above = 0.99;
  down.window_s = 120;
  spec.rules = {down};
  const auto outcome = decide(spec, "db", 100, view);
  EXPECT_EQ(outcome.decision.rule, "Down");
  EXPECT_EQ(view.asked, std::vector<std::string>{"web"});
  spec.rules[0].service.clear();  // Now the incident's service, db: 0 % does not hold.
  EXPECT_EQ(decide(spec, "db", 100, view).decision.rule, "otherwise");
}

TEST(Decision, CorruptionSignalsAndRulesWithoutConditions) {
  FakeView view;
  model::DecisionSpec spec;
  auto corrupted = rule("Corrupted", "Level 2");
  corrupted.data_corrupted = true;
  auto paged = rule("Paged", "Level 3");
  paged.signal = "DbIntegrity";
  auto any = rule("Any", "Level 1");
  spec.rules = {corrupted, paged, any};
  auto outcome = decide(spec, "api", 0, view);
  EXPECT_EQ(outcome.decision.rule, "Any");
  EXPECT_EQ(outcome.decision.reason, "the rule has no condition");
  ASSERT_EQ(outcome.rejected.size(), 2u);
  EXPECT_EQ(outcome.rejected[0].reason, "0 corrupted writes in the stores");
  EXPECT_EQ(outcome.rejected[1].reason, "DbIntegrity has not fired");
  view.fired.insert("DbIntegrity");
  EXPECT_EQ(decide(spec, "api", 0, view).decision.rule, "Paged");
  view.corrupted = 3;
  outcome = decide(spec, "api", 0, view);
  EXPECT_EQ(outcome.decision.rule, "Corrupted");
  EXPECT_EQ(outcome.decision.reason, "3 corrupted writes in the stores");
  spec.rules[0].data_corrupted = false;  // "is not corrupted" no longer holds with 3.
  EXPECT_EQ(decide(spec, "api", 0, view).decision.rule, "Paged");
}

}  // namespace
}  // namespace drillsim::metrics
