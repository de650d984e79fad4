#include "engine/incident_recorder.hpp"

#include <algorithm>

#include "engine/engine_log.hpp"

namespace drillsim::engine {

IncidentRecorder::IncidentRecorder(const model::Scenario& scenario)
    : signals_(make_signal_records(scenario)) {
  if (scenario.fault) {
    incident_.service = scenario.fault->service;
    incident_.fault = scenario.fault->kind_name();
    incident_.fault_start_s = scenario.fault->at_s;
  }
}

void IncidentRecorder::record(model::Instant instant, double t_s) {
  incident_.timeline.record(instant, t_s);
  log().info("{} ({})", model::to_string(instant), incident_.service);
}

void IncidentRecorder::set(model::Instant instant, double t_s) {
  incident_.timeline.set(instant, t_s);
}

std::optional<double> IncidentRecorder::at(model::Instant instant) const {
  return incident_.timeline.at(instant);
}

void IncidentRecorder::alert_state(std::size_t signal,
                                   const std::vector<std::pair<std::string, std::string>>& labels,
                                   const std::string& state, double t_s) {
  auto& alerts = signals_[signal].alerts;
  auto it = std::find_if(alerts.begin(), alerts.end(), [&](const auto& a) { return a.labels == labels; });
  if (it == alerts.end()) it = alerts.insert(alerts.end(), model::SignalRecord::AlertInstance{labels, {}});
  it->states.emplace_back(state, t_s);
}

void IncidentRecorder::signal_fired(std::size_t signal, double t_s) {
  auto& record = signals_[signal];
  if (!record.fired_s) record.fired_s = t_s;
}

bool IncidentRecorder::fired(const std::string& name) const {
  const auto it = std::find_if(signals_.begin(), signals_.end(),
                               [&](const model::SignalRecord& r) { return r.name == name; });
  return it != signals_.end() && it->fired_s.has_value();
}

SignalIndex signal_index(const model::Scenario& scenario) {
  SignalIndex index;
  index.probes = scenario.alerts.size();
  index.smoke_tests = index.probes + scenario.probes.size();
  index.complaints = index.smoke_tests + scenario.smoke_tests.size();
  index.integrity_checks = index.complaints + (scenario.complaints ? 1 : 0);
  index.rule_file_alerts = index.integrity_checks + scenario.integrity_checks.size();
  return index;
}

std::vector<model::SignalRecord> make_signal_records(const model::Scenario& scenario) {
  std::vector<model::SignalRecord> records;
  for (const auto& rule : scenario.alerts)
    records.push_back(
        {rule.name, "alert_rule", rule.service, model::to_string(rule.metric), rule.threshold, {}, {}});
  for (const auto& probe : scenario.probes)
    records.push_back({probe.name, "probe", probe.service, "", std::nullopt, {}, {}});
  for (const auto& test : scenario.smoke_tests)
    records.push_back({test.name, "smoke_test", test.flow.front(), "", std::nullopt, {}, {}});
  if (scenario.complaints) {
    const std::string service = scenario.fault ? scenario.fault->service : scenario.services.front().name;
    records.push_back({scenario.complaints->name, "complaints", service, "", std::nullopt, {}, {}});
  }
  for (const auto& check : scenario.integrity_checks) {
    const auto& store = scenario.stores[static_cast<std::size_t>(scenario.store_index(check.store))];
    records.push_back({check.name, "integrity_check", store.service, "", std::nullopt, {}, {}});
  }
  if (scenario.rule_files) {
    const auto& spec = *scenario.rule_files;
    for (std::size_t i = 0; i < spec.alert_names.size(); ++i)
      records.push_back(
          {spec.alert_names[i], "rule_file_alert", spec.alert_services[i], "", std::nullopt, {}, {}});
  }
  return records;
}

void IncidentRecorder::add_draw(const std::string& name, double value_s) {
  for (auto it = draws_.rbegin(); it != draws_.rend(); ++it) {
    if (it->name == name) {
      it->value_s += value_s;
      return;
    }
  }
  draws_.push_back({name, value_s});
}

bool IncidentRecorder::has_draw(const std::string& name) const {
  return std::any_of(draws_.begin(), draws_.end(), [&](const model::Draw& d) { return d.name == name; });
}

}  // namespace drillsim::engine
