// The scenario's responders and decision rules.
// Part of the scenario's model (model/scenario.hpp includes every part).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "model/distribution.hpp"

namespace drillsim::model {

// Alertmanager's routing delay and the on-call humans: who is paged, how fast they acknowledge, the
// escalation path when nobody acknowledges in time, and the assessment before the decision.
struct ResponderSpec {
  struct Tier {
    std::string name;
    Distribution ack = Distribution::fixed(120.0);  // Paged -> acknowledgement, for this tier.
  };
  std::string name = "on-call";
  Distribution ack = Distribution::fixed(120.0);     // Page -> acknowledgement.
  Distribution assess = Distribution::fixed(180.0);  // Acknowledgement -> decision.
  // Escalation (PagerDuty-style): when nobody has acknowledged escalate_after_s after a tier was paged,
  // the next tier is paged too. The first acknowledgement of any paged tier counts.
  double escalate_after_s = 900.0;
  std::vector<Tier> escalation;
};

// The decision at the end of the assessment: the first rule whose conditions all hold picks a plan
// level or fix-forward (seed 000's flowchart is an ordered list of questions, seed 004's matrix a list
// of rows); none: `otherwise`. Conditions are read from the drill at decision time.
struct DecisionRuleSpec {
  std::string name;
  std::string then;  // A level's name, or "fix_forward".
  // Conditions (each optional; a rule without any always holds).
  std::string service;  // Whose error ratio and users the conditions read ("": the incident's).
  std::optional<double> error_ratio_above;  // Error ratio over the last window_s.
  std::optional<double> error_ratio_at_most;
  std::optional<double> users_affected_share_above;    // Distinct users with a failed request since onset,
  std::optional<double> users_affected_share_at_most;  // over the service's user population.
  std::optional<bool> data_corrupted;                  // A corrupted write is in a store.
  std::optional<double> fix_forward_above_s;  // The fix-forward estimate (DecisionSpec::fix_forward).
  std::optional<double> fix_forward_at_most_s;
  std::string signal;  // This detection signal has fired.
  double window_s = 300.0;
};

struct DecisionSpec {
  std::vector<DecisionRuleSpec> rules;
  std::string otherwise;  // "": the plan's first level.
  // How long a fix-forward takes (and what the team estimates it at): when chosen, the fault ends this
  // long after the decision, and no rollback runs.
  Distribution fix_forward = Distribution::fixed(1800.0);
};

}  // namespace drillsim::model
