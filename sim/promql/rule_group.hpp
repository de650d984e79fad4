// One rule group's evaluation loop, as Prometheus 2.42's rules manager runs it: at each tick the
// rules run in order against the series store; recording rules write their series, alerting rules
// move each alert through pending, firing and resolved (`for`, `keep_firing_for`) and write the
// ALERTS and ALERTS_FOR_STATE series; a series a rule stops producing gets a staleness marker.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "promql/evaluator.hpp"
#include "promql/rule_file.hpp"
#include "promql/series_store.hpp"

namespace drillsim::promql {

enum class AlertState { Inactive, Pending, Firing };
const char* to_string(AlertState state);

struct Alert {
  Labels labels;       // query result minus __name__, plus the rule's labels and alertname
  Labels annotations;  // expanded
  AlertState state = AlertState::Pending;
  double value = 0;
  std::int64_t active_at_ms = 0;
  std::int64_t fired_at_ms = -1;
  std::int64_t resolved_at_ms = -1;
  std::int64_t keep_firing_since_ms = -1;
};

class GroupEvaluator {
 public:
  // `group` and `store` must outlive the evaluator. REQUIRES: every rule of `group` has an expr.
  GroupEvaluator(const RuleGroup& group, SeriesStore& store) : group_(&group), store_(&store) {}

  // Evaluates every rule at `t_ms` and writes the results into the store. Returns the rules'
  // errors of this evaluation ("rule: name, err: ..."), empty when all succeeded.
  std::vector<std::string> evaluate(std::int64_t t_ms);

  // The alerts of alerting rule `rule_index` that are pending or firing (resolved ones are kept
  // internally for 15 minutes, as Prometheus keeps them to send resolutions).
  std::vector<Alert> active_alerts(std::size_t rule_index) const;
  const RuleGroup& group() const { return *group_; }
  // What templates see as `$externalLabels` and `$externalURL` (Prometheus' global external labels
  // and --web.external-url; promtool's test groups set them).
  void set_external(Labels external_labels, std::string external_url) {
    external_labels_ = std::move(external_labels);
    external_url_ = std::move(external_url);
  }

 private:
  const RuleGroup* group_;
  SeriesStore* store_;
  std::map<std::size_t, std::map<Labels, Alert>> alerts_;            // per rule index
  std::map<std::size_t, std::set<Labels>> series_in_previous_eval_;  // per rule index
  Labels external_labels_;
  std::string external_url_;

  Vector evaluate_alerting(std::size_t index, const Rule& rule, const Vector& result, std::int64_t t_ms);
};

}  // namespace drillsim::promql
