#include "report/report.hpp"

#include <algorithm>
#include <stdexcept>

namespace drillsim::report {

bool Report::all_objectives_met() const {
  return std::all_of(objectives.begin(), objectives.end(),
                     [](const metrics::ObjectiveVerdict& v) { return v.rto_met && v.rpo_met; });
}

namespace {

Report::Incident build_incident(const model::Scenario& scenario, const model::DrillResult& result,
                                const model::IncidentRecord& record) {
  const int index = scenario.service_index(record.service);
  if (index < 0) {
    throw std::logic_error("build_report: the incident's service \"" + record.service +
                           "\" is not in the scenario");
  }
  const auto i = static_cast<std::size_t>(index);
  if (i >= result.series.size() || result.series[i].service != record.service ||
      i >= result.failures.size()) {
    throw std::logic_error("build_report: the drill result has no series or failure list for service \"" +
                           record.service + "\"");
  }
  const model::Slo& slo = scenario.services[i].slo;

  Report::Incident incident;
  incident.service = record.service;
  incident.fault = record.fault;
  incident.fault_start_s = record.fault_start_s;
  incident.detect_signal = record.detect_signal;
  incident.instants = record.timeline;
  incident.notifications_s = record.notifications_s;
  incident.escalations = record.escalations;
  incident.acked_by = record.acked_by;
  incident.decision = record.decision;

  const std::vector<bool> in_slo = metrics::slo_status(result.series[i].total, slo);
  metrics::Restoration restoration;
  if (const auto onset = record.timeline.at(model::Instant::Onset)) {
    restoration = metrics::find_restoration(in_slo, *onset, slo.stabilisation_window_s);
  }
  incident.instants.set(model::Instant::Restored, restoration.restored_s);
  incident.metrics =
      metrics::compute_incident_metrics(incident.instants, in_slo, result.failures[i],
                                        restoration.slo_breached, scenario.services[i].request_classes);
  return incident;
}

}  // namespace

Report build_report(const model::Scenario& scenario, const model::DrillResult& result,
                    const std::string& generator) {
  Report report;
  report.generator = generator;
  report.scenario.name = scenario.name;
  report.scenario.description = scenario.description;
  report.scenario.file = scenario.source_file;
  report.scenario.duration_s = scenario.duration_s;
  report.scenario.assumptions = scenario.assumptions;
  report.seed = result.seed;
  report.requests_simulated = result.requests_total;

  if (result.incident) report.incidents.push_back(build_incident(scenario, result, *result.incident));
  const model::IncidentRecord* incident = result.incident ? &*result.incident : nullptr;
  const metrics::IncidentMetrics* incident_metrics =
      report.incidents.empty() ? nullptr : &report.incidents[0].metrics;
  report.objectives =
      metrics::evaluate_objectives(scenario.objectives, incident, incident_metrics, result.stores);
  report.stores = result.stores;
  report.signals = result.signals;

  report.plan = result.plan;
  if (scenario.plan) {
    report.plan_name = scenario.plan->name;
    // Each step's runbook lines, from the plan (step names are unique in a plan).
    for (auto& outcome : report.plan.steps) {
      for (const auto& level : scenario.plan->levels) {
        for (const auto& step : level.steps) {
          if (step.name != outcome.name) continue;
          outcome.source_line = step.source_line;
          outcome.source_end_line = step.source_end_line;
        }
      }
    }
  } else {
    report.plan.exit_state = "not_started";
    report.plan.steps.clear();
    report.plan.levels.clear();
    if (report.plan.reason.empty()) report.plan.reason = "the scenario has no rollback plan";
  }

  for (const auto& service : result.series) {
    for (const auto version : model::kVersions) {
      report.series.push_back({service.service, model::to_string(version),
                               service.by_version[static_cast<std::size_t>(version)]});
    }
    report.series.push_back({service.service, "all", service.total});
  }
  return report;
}

}  // namespace drillsim::report
