#include "metrics/decision.hpp"

#include <cstdio>

namespace drillsim::metrics {

namespace {

std::string percent(double ratio) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f%%", 100.0 * ratio);
  return text;
}

std::string seconds(double s) {
  return std::to_string(static_cast<long>(s)) + " s";
}

// One rule's conditions: whether they all hold, and what each saw.
struct Check {
  bool holds = true;
  std::vector<std::string> why;

  // `value` compared with `bound`: above (>) or at most (<=), each shown as the rule wrote it.
  void compare(const std::string& seen, double value, const std::optional<double>& above,
               const std::optional<double>& at_most, std::string (*show)(double)) {
    if (above) {
      const bool ok = value > *above;
      holds = holds && ok;
      why.push_back(seen + (ok ? " > " : " <= ") + show(*above));
    }
    if (at_most) {
      const bool ok = value <= *at_most;
      holds = holds && ok;
      why.push_back(seen + (ok ? " <= " : " > ") + show(*at_most));
    }
  }

  std::string reason() const {
    std::string text;
    for (const auto& part : why)
      text += (text.empty() ? "" : "; ") + part;
    return text;
  }
};

}  // namespace

DecisionOutcome decide(const model::DecisionSpec& spec, const std::string& incident_service,
                       double fix_forward_s, const DecisionView& view) {
  DecisionOutcome outcome;
  for (const auto& rule : spec.rules) {
    const std::string& service = rule.service.empty() ? incident_service : rule.service;
    Check check;
    if (rule.error_ratio_above || rule.error_ratio_at_most) {
      const auto seen = view.error_ratio(service, rule.window_s);
      check.compare(service + " error ratio " + percent(seen.ratio) + " over the last " +
                        std::to_string(seen.seconds) + " s",
                    seen.ratio, rule.error_ratio_above, rule.error_ratio_at_most, percent);
    }
    if (rule.users_affected_share_above || rule.users_affected_share_at_most) {
      const double share = view.users_affected_share(service);
      check.compare(percent(share) + " of " + service + "'s users affected", share,
                    rule.users_affected_share_above, rule.users_affected_share_at_most, percent);
    }
    if (rule.data_corrupted) {
      const std::uint64_t corrupted = view.corrupted_writes();
      check.holds = check.holds && (corrupted > 0) == *rule.data_corrupted;
      check.why.push_back(std::to_string(corrupted) + " corrupted writes in the stores");
    }
    check.compare("fix-forward estimate " + seconds(fix_forward_s), fix_forward_s, rule.fix_forward_above_s,
                  rule.fix_forward_at_most_s, seconds);
    if (!rule.signal.empty()) {
      const bool fired = view.signal_fired(rule.signal);
      check.holds = check.holds && fired;
      check.why.push_back(rule.signal + (fired ? " fired" : " has not fired"));
    }
    if (check.holds) {
      outcome.decision = {rule.name, rule.then,
                          check.why.empty() ? "the rule has no condition" : check.reason()};
      return outcome;
    }
    outcome.rejected.push_back({rule.name, check.reason()});
  }
  outcome.decision = {"otherwise", spec.otherwise, "no rule held"};
  return outcome;
}

}  // namespace drillsim::metrics
