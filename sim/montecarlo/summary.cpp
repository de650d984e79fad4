#include "montecarlo/summary.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "metrics/incident_metrics.hpp"
#include "report/invariants.hpp"

namespace drillsim::montecarlo {

namespace {

using Json = nlohmann::ordered_json;

Json optional_number(const std::optional<double>& value) {
  return value ? Json(*value) : Json(nullptr);
}

std::optional<double> read_optional(const Json& json, const char* key) {
  const auto& value = json.at(key);
  if (value.is_null()) return std::nullopt;
  return value.get<double>();
}

// The alert rule whose ticks the fault's phase is measured against: the signal that detected the
// incident when it is an alert rule, else the first rule on the incident's service, else none.
const model::AlertRuleSpec* phase_rule(const model::Scenario& scenario,
                                       const model::IncidentRecord& incident) {
  for (const auto& rule : scenario.alerts)
    if (rule.name == incident.detect_signal) return &rule;
  for (const auto& rule : scenario.alerts)
    if (rule.service == incident.service) return &rule;
  return nullptr;
}

}  // namespace

RunSummary summarize(const model::Scenario& scenario, const model::DrillResult& result,
                     const report::Report& report) {
  RunSummary s;
  if (!report.incidents.empty()) {
    const auto& incident = report.incidents.front();
    const auto& m = incident.metrics;
    s.time_to_detect_s = m.time_to_detect_s;
    s.time_to_decide_s = m.time_to_decide_s;
    s.time_to_rollback_s = m.time_to_rollback_s;
    s.time_to_restore_s = m.time_to_restore_s;
    s.downtime_s = m.downtime_s;
    s.requests_failed = m.requests_failed;
    s.users_affected = m.users_affected;
    const auto onset = incident.instants.at(model::Instant::Onset);
    if (m.time_to_restore_s) {
      s.restore_or_censored_s = m.time_to_restore_s;
    } else if (onset) {
      s.restore_or_censored_s = report.scenario.duration_s - *onset;
    }
  }
  for (const auto& store : report.stores) {
    s.data_loss_window_s = std::max(s.data_loss_window_s, store.loss_window_s());
    s.writes_lost += store.writes_lost;
  }
  s.exit_state = report.plan.exit_state;
  for (const auto& verdict : report.objectives) {
    s.objectives.push_back({verdict.service, verdict.rto_s, verdict.rpo_s, verdict.time_to_restore_s,
                            verdict.data_loss_window_s, verdict.rto_met, verdict.rpo_met});
  }
  for (std::size_t i = 0; i < report.plan.levels.size(); ++i) {
    const auto& level = report.plan.levels[i];
    if (!level.claim_s) continue;
    s.levels.push_back({level.name, report.level_claims.at(i).met});  // the report's own verdict
  }
  // The draws, summed by name (a step revisited by an escalation counts once, with all its time).
  for (const auto& draw : result.draws) {
    const auto it =
        std::find_if(s.inputs.begin(), s.inputs.end(), [&](const Input& in) { return in.name == draw.name; });
    if (it == s.inputs.end()) {
      s.inputs.push_back({draw.name, draw.value_s});
    } else {
      it->value += draw.value_s;
    }
  }
  if (result.incident) {
    const auto onset = result.incident->timeline.at(model::Instant::Onset);
    const model::AlertRuleSpec* rule = phase_rule(scenario, *result.incident);
    if (onset && rule && rule->evaluation_interval_s > 0.0) {
      const double phase = std::fmod(*onset - rule->evaluation_offset_s, rule->evaluation_interval_s);
      s.inputs.push_back(
          {"fault_phase/" + rule->name, phase < 0.0 ? phase + rule->evaluation_interval_s : phase});
    }
  }
  s.violations = report::check_invariants(scenario, result, report);
  return s;
}

Json to_json(const RunSummary& s) {
  Json objectives = Json::array();
  for (const auto& o : s.objectives) {
    objectives.push_back({{"service", o.service},
                          {"rto_s", o.rto_s},
                          {"rpo_s", o.rpo_s},
                          {"time_to_restore_s", optional_number(o.time_to_restore_s)},
                          {"data_loss_window_s", o.data_loss_window_s},
                          {"rto_met", o.rto_met},
                          {"rpo_met", o.rpo_met}});
  }
  Json levels = Json::array();
  for (const auto& l : s.levels)
    levels.push_back({{"level", l.level}, {"claim_met", l.met ? Json(*l.met) : Json(nullptr)}});
  Json inputs = Json::object();
  for (const auto& in : s.inputs)
    inputs[in.name] = in.value;
  Json json{{"run", s.run},
            {"seed", s.seed},
            {"exit_state", s.exit_state},
            {"time_to_detect_s", optional_number(s.time_to_detect_s)},
            {"time_to_decide_s", optional_number(s.time_to_decide_s)},
            {"time_to_rollback_s", optional_number(s.time_to_rollback_s)},
            {"time_to_restore_s", optional_number(s.time_to_restore_s)},
            {"restore_or_censored_s", optional_number(s.restore_or_censored_s)},
            {"downtime_s", s.downtime_s},
            {"requests_failed", s.requests_failed},
            {"users_affected", s.users_affected},
            {"data_loss_window_s", s.data_loss_window_s},
            {"writes_lost", s.writes_lost},
            {"objectives", std::move(objectives)},
            {"levels", std::move(levels)},
            {"inputs", std::move(inputs)}};
  if (!s.violations.empty()) json["violations"] = s.violations;
  return json;
}

namespace {

// A count: a JSON integer >= 0. nlohmann's get<uint64_t> would wrap a negative one to a huge count.
std::uint64_t read_count(const nlohmann::ordered_json& json, const char* key) {
  const auto& value = json.at(key);
  if (!value.is_number_unsigned() && !(value.is_number_integer() && value.get<std::int64_t>() >= 0))
    throw std::runtime_error(std::string("per-run summary: \"") + key + "\" must be a whole number >= 0, not " +
                             value.dump().substr(0, 40));
  return value.get<std::uint64_t>();
}

}  // namespace

RunSummary summary_from_json(const nlohmann::ordered_json& json) {
  try {
    RunSummary s;
    s.run = read_count(json, "run");
    s.seed = read_count(json, "seed");
    s.exit_state = json.at("exit_state").get<std::string>();
    s.time_to_detect_s = read_optional(json, "time_to_detect_s");
    s.time_to_decide_s = read_optional(json, "time_to_decide_s");
    s.time_to_rollback_s = read_optional(json, "time_to_rollback_s");
    s.time_to_restore_s = read_optional(json, "time_to_restore_s");
    s.restore_or_censored_s = read_optional(json, "restore_or_censored_s");
    s.downtime_s = json.at("downtime_s").get<double>();
    s.requests_failed = read_count(json, "requests_failed");
    s.users_affected = read_count(json, "users_affected");
    s.data_loss_window_s = json.at("data_loss_window_s").get<double>();
    s.writes_lost = read_count(json, "writes_lost");
    for (const auto& o : json.at("objectives")) {
      s.objectives.push_back({o.at("service").get<std::string>(), o.at("rto_s").get<double>(),
                              o.at("rpo_s").get<double>(), read_optional(o, "time_to_restore_s"),
                              o.at("data_loss_window_s").get<double>(), o.at("rto_met").get<bool>(),
                              o.at("rpo_met").get<bool>()});
    }
    for (const auto& l : json.at("levels")) {
      const auto& met = l.at("claim_met");
      s.levels.push_back({l.at("level").get<std::string>(),
                          met.is_null() ? std::nullopt : std::optional<bool>(met.get<bool>())});
    }
    for (const auto& [name, value] : json.at("inputs").items())
      s.inputs.push_back({name, value.get<double>()});
    if (json.contains("violations")) s.violations = json.at("violations").get<std::vector<std::string>>();
    return s;
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(std::string("per-run summary: ") + e.what());
  }
}

}  // namespace drillsim::montecarlo
