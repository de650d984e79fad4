// The responder and the decision (docs/scenario-format.md, "Responder" and "Decision"): how the on-call
// engineer acknowledges, assesses and escalates, and the rules that choose a plan's level or fixing
// forward.

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "io/json_reader.hpp"
#include "io/scenario_reading.hpp"

namespace drillsim::io::detail {

model::ResponderSpec ScenarioReader::read_responder(const JsonReader& r) const {
  r.expect_object("a responder object");
  r.allow_only({"name", "group_wait_s", "ack", "assess", "escalate_after_s", "escalation"});
  model::ResponderSpec responder;
  responder.name = string_or_described(r, "responder/name", true);
  responder.ack = read_distribution(r.at("ack", kDistributionExpected));
  responder.assess = read_distribution(r.at("assess", kDistributionExpected));
  responder.escalate_after_s = number_or_described(r, "responder/escalate_after_s", Range::greater_than(0.0));
  if (const auto tiers = r.find("escalation")) {
    for (const auto& t : tiers->as_array("an array of escalation tiers ({\"name\", \"ack\"})")) {
      t.expect_object("an escalation tier object");
      t.allow_only({"name", "ack"});
      model::ResponderSpec::Tier tier;
      tier.name = t.string("name", true);
      tier.ack = read_distribution(t.at("ack", kDistributionExpected));
      responder.escalation.push_back(tier);
    }
  }
  return responder;
}

model::DecisionSpec ScenarioReader::read_decision(const JsonReader& r,
                                                  const model::Scenario& scenario) const {
  r.expect_object("a decision object");
  r.allow_only({"rules", "otherwise", "fix_forward"});
  model::DecisionSpec decision;
  std::vector<std::string> levels;
  if (scenario.plan) {
    for (const auto& level : scenario.plan->levels)
      levels.push_back(level.name);
  }
  // "then" names a level of the plan (a plan written with "steps" has one unnamed level: "").
  const auto read_target = [&](const JsonReader& field) {
    std::string target = field.as_string();
    if (target == "fix_forward") return target;
    if (!scenario.plan) field.fail("the scenario has no plan; the only choice is \"fix_forward\"");
    if (std::find(levels.begin(), levels.end(), target) == levels.end()) {
      field.fail("unknown level " + describe_found(field.json()) + "; levels are: " + join(levels) +
                 "; or \"fix_forward\"");
    }
    return target;
  };
  for (const auto& rule :
       r.at("rules", "an array of decision rules").as_array("an array of decision rules")) {
    rule.expect_object("a decision rule object");
    rule.allow_only({"name", "then", "service", "error_ratio_above", "error_ratio_at_most",
                     "users_affected_share_above", "users_affected_share_at_most", "data_corrupted",
                     "fix_forward_above_s", "fix_forward_at_most_s", "signal", "window_s"});
    model::DecisionRuleSpec spec;
    spec.name = rule.string("name", true);
    spec.then = read_target(rule.at("then", "a level's name or \"fix_forward\""));
    if (rule.has("service")) spec.service = read_service_ref(rule);
    const auto optional_number = [&](std::string_view key, const Range& range) -> std::optional<double> {
      if (!rule.has(key)) return std::nullopt;
      return rule.number(key, range);
    };
    spec.error_ratio_above = optional_number("error_ratio_above", Range::probability());
    spec.error_ratio_at_most = optional_number("error_ratio_at_most", Range::probability());
    spec.users_affected_share_above = optional_number("users_affected_share_above", Range::probability());
    spec.users_affected_share_at_most = optional_number("users_affected_share_at_most", Range::probability());
    if (rule.has("data_corrupted")) spec.data_corrupted = rule.boolean_or("data_corrupted", false);
    spec.fix_forward_above_s = optional_number("fix_forward_above_s", Range::at_least(0.0));
    spec.fix_forward_at_most_s = optional_number("fix_forward_at_most_s", Range::at_least(0.0));
    if (const auto signal = rule.find("signal")) {
      spec.signal = signal->as_string(true);
      std::vector<std::string> known;
      for (const auto& a : scenario.alerts)
        known.push_back(a.name);
      for (const auto& p : scenario.probes)
        known.push_back(p.name);
      for (const auto& t : scenario.smoke_tests)
        known.push_back(t.name);
      if (scenario.complaints) known.push_back(scenario.complaints->name);
      for (const auto& c : scenario.integrity_checks)
        known.push_back(c.name);
      if (std::find(known.begin(), known.end(), spec.signal) == known.end()) {
        signal->fail("unknown signal " + describe_found(signal->json()) + "; signals are: " + join(known));
      }
    }
    spec.window_s = number_or_described(rule, "decision/rules/[]/window_s", Range::greater_than(0.0));
    decision.rules.push_back(std::move(spec));
  }
  if (const auto otherwise = r.find("otherwise"))
    decision.otherwise = read_target(*otherwise);
  else if (scenario.plan)
    decision.otherwise = scenario.plan->levels.front().name;
  else
    decision.otherwise = "fix_forward";
  decision.fix_forward = distribution_or_described(r, "decision/fix_forward");
  return decision;
}

}  // namespace drillsim::io::detail
