#include "promql/rule_group.hpp"

#include <cmath>

#include "promql/parser.hpp"

namespace drillsim::promql {

const char* to_string(AlertState state) {
  switch (state) {
    case AlertState::Inactive:
      return "inactive";
    case AlertState::Pending:
      return "pending";
    case AlertState::Firing:
      return "firing";
  }
  return "?";
}

namespace {

// Prometheus keeps a resolved alert this long so that its resolution is sent (rules/alerting.go).
constexpr std::int64_t kResolvedRetentionMs = 15 * 60 * 1000;

std::string expand(const std::string& text, const std::shared_ptr<const GoTemplate>& tmpl,
                   const TemplateData& data) {
  return tmpl ? tmpl->expand(data) : text;
}

}  // namespace

std::vector<Alert> GroupEvaluator::active_alerts(std::size_t rule_index) const {
  std::vector<Alert> out;
  const auto it = alerts_.find(rule_index);
  if (it == alerts_.end()) return out;
  for (const auto& [labels, alert] : it->second)
    if (alert.state != AlertState::Inactive) out.push_back(alert);
  return out;
}

Vector GroupEvaluator::evaluate_alerting(std::size_t index, const Rule& rule, const Vector& result,
                                         std::int64_t t_ms) {
  // Build this evaluation's alerts; two elements with the same labels after relabelling are an error.
  std::map<Labels, Alert> current;
  for (const VectorElement& e : result) {
    // Templates see the element's labels as the query gave them (`__name__` included).
    TemplateData data;
    data.labels = e.labels;
    data.external_labels = external_labels_;
    data.external_url = external_url_;
    data.value = e.value;
    data.query = [this, t_ms](const std::string& q) {
      const NodePtr node = parse_expression(q);
      const Value v = Evaluator(*store_).evaluate(*node, t_ms);
      if (const auto* s = std::get_if<Scalar>(&v)) return Vector{{{}, s->value}};
      if (const auto* vec = std::get_if<Vector>(&v)) return *vec;
      throw EvalError("query: expression must be an instant vector or a scalar");
    };
    Labels labels = e.labels;
    drop_label(labels, kMetricName);
    for (std::size_t k = 0; k < rule.labels.size(); ++k)
      set_label(labels, rule.labels[k].first,
                expand(rule.labels[k].second,
                       k < rule.label_templates.size() ? rule.label_templates[k] : nullptr, data));
    set_label(labels, "alertname", rule.name);
    Labels annotations;
    for (std::size_t k = 0; k < rule.annotations.size(); ++k)
      annotations.emplace_back(
          rule.annotations[k].first,
          expand(rule.annotations[k].second,
                 k < rule.annotation_templates.size() ? rule.annotation_templates[k] : nullptr, data));
    Alert alert;
    alert.labels = labels;
    alert.annotations = std::move(annotations);
    alert.active_at_ms = t_ms;
    alert.value = e.value;
    if (!current.emplace(labels, std::move(alert)).second)
      throw EvalError("vector contains metrics with the same labelset after applying alert labels");
  }
  auto& active = alerts_[index];
  for (auto& [labels, alert] : current) {
    const auto it = active.find(labels);
    if (it != active.end() && it->second.state != AlertState::Inactive) {
      it->second.value = alert.value;
      it->second.annotations = alert.annotations;
      continue;
    }
    active[labels] = std::move(alert);
  }
  Vector out;
  for (auto it = active.begin(); it != active.end();) {
    Alert& a = it->second;
    if (current.count(it->first) == 0) {
      // The element is gone: a pending alert is dropped; a firing one resolves unless
      // keep_firing_for holds it.
      bool keep_firing = false;
      if (a.state == AlertState::Firing && rule.keep_firing_for_ms > 0) {
        if (a.keep_firing_since_ms < 0) a.keep_firing_since_ms = t_ms;
        if (t_ms - a.keep_firing_since_ms < rule.keep_firing_for_ms) keep_firing = true;
      }
      const bool drop = a.state == AlertState::Pending ||
                        (a.resolved_at_ms >= 0 && t_ms - a.resolved_at_ms > kResolvedRetentionMs);
      if (a.state != AlertState::Inactive && !keep_firing) {
        a.state = AlertState::Inactive;
        a.resolved_at_ms = t_ms;
      }
      if (drop) {
        it = active.erase(it);
        continue;
      }
      if (!keep_firing) {
        ++it;
        continue;
      }
    } else {
      a.keep_firing_since_ms = -1;
    }
    if (a.state == AlertState::Pending && t_ms - a.active_at_ms >= rule.for_ms) {
      a.state = AlertState::Firing;
      a.fired_at_ms = t_ms;
    }
    Labels alerts_labels = a.labels;
    set_label(alerts_labels, kMetricName, "ALERTS");
    set_label(alerts_labels, "alertstate", to_string(a.state));
    out.push_back({std::move(alerts_labels), 1});
    Labels for_state = a.labels;
    set_label(for_state, kMetricName, "ALERTS_FOR_STATE");
    out.push_back({std::move(for_state), static_cast<double>(a.active_at_ms / 1000)});
    ++it;
  }
  return out;
}

std::vector<std::string> GroupEvaluator::evaluate(std::int64_t t_ms) {
  std::vector<std::string> errors;
  const Evaluator evaluator(*store_);
  for (std::size_t i = 0; i < group_->rules.size(); ++i) {
    const Rule& rule = group_->rules[i];
    Vector written;
    try {
      const Value value = evaluator.evaluate(*rule.expr, t_ms);
      Vector result;
      if (const auto* s = std::get_if<Scalar>(&value))
        result.push_back({{}, s->value});
      else if (const auto* v = std::get_if<Vector>(&value))
        result = *v;
      else
        throw EvalError("rule result is not a vector or scalar");
      if (rule.alerting) {
        written = evaluate_alerting(i, rule, result, t_ms);
      } else {
        std::set<Labels> seen;
        for (VectorElement& e : result) {
          set_label(e.labels, kMetricName, rule.name);
          for (const auto& [name, value] : rule.labels)
            set_label(e.labels, name, value);
          if (!seen.insert(e.labels).second)
            throw EvalError("vector contains metrics with the same labelset after applying rule labels");
        }
        written = std::move(result);
      }
    } catch (const EvalError& e) {
      errors.push_back("rule: " + rule.name + ", err: " + e.what());
      continue;
    }
    std::set<Labels> now;
    for (const VectorElement& e : written) {
      store_->append(e.labels, {t_ms, e.value});
      now.insert(e.labels);
    }
    // Series this rule wrote last time but not now go stale at once.
    for (const Labels& previous : series_in_previous_eval_[i])
      if (now.count(previous) == 0) store_->append(previous, {t_ms, stale_nan()});
    series_in_previous_eval_[i] = std::move(now);
  }
  return errors;
}

}  // namespace drillsim::promql
