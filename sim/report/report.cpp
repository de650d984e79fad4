#include "report/report.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
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

  // A streamed long drill's series are per minute: its per-second status came with it.
  const std::vector<bool> in_slo =
      result.series_step_s == 1 ? metrics::slo_status(result.series[i].total, slo) : result.in_slo.at(i);
  metrics::Restoration restoration;
  if (const auto onset = record.timeline.at(model::Instant::Onset)) {
    restoration = metrics::find_restoration(in_slo, *onset, slo.stabilisation_window_s);
  }
  incident.instants.set(model::Instant::Restored, restoration.restored_s);
  incident.metrics = metrics::compute_incident_metrics_of(
      incident.instants, in_slo,
      [&result, i](const std::function<void(const model::Failure&)>& visit) {
        model::for_each_failure(result, i, visit);
      },
      restoration.slo_breached, scenario.services[i].request_classes);
  return incident;
}

}  // namespace

DetailWindow detail_window(const Report& report, std::size_t seconds) {
  if (report.incidents.empty()) return {};
  const Report::Incident& incident = report.incidents.front();
  double first = incident.fault_start_s;
  double last = incident.fault_start_s;
  for (const auto instant : model::kInstants) {
    if (const auto t = incident.instants.at(instant)) {
      first = std::min(first, *t);
      last = std::max(last, *t);
    }
  }
  for (const double t : incident.notifications_s)
    last = std::max(last, t);
  for (const auto& step : report.plan.steps) {
    if (step.end_s) last = std::max(last, *step.end_s);
  }
  const auto round_down = [](double t) { return std::floor(t / kCoarseStepS) * kCoarseStepS; };
  const auto round_up = [](double t) { return std::ceil(t / kCoarseStepS) * kCoarseStepS; };
  const double n = static_cast<double>(seconds);
  const double start = std::clamp(round_down(first - kDetailMarginS), 0.0, n);
  const double end = std::clamp(round_up(last + kDetailMarginS), start, n);
  return {static_cast<std::size_t>(start), static_cast<std::size_t>(end)};
}

Report::Series coarsen_series(const std::string& service, const std::string& version,
                              const model::SecondSeries& per_second, std::size_t step, DetailWindow window) {
  Report::Series out;
  out.service = service;
  out.version = version;
  out.step_s = static_cast<double>(step);
  const std::size_t n = per_second.size();
  const std::size_t steps = (n + step - 1) / step;
  model::SecondSeries& c = out.data;
  c.resize(steps);
  model::StepAccumulator minute;
  for (std::size_t k = 0; k < steps; ++k) {
    const std::size_t begin = k * step;
    const std::size_t end = std::min(n, begin + step);
    for (std::size_t i = begin; i < end; ++i)
      minute.add(per_second, i);
    minute.store(c, k);
  }
  c.latency_sum_s = per_second.latency_sum_s;
  c.whole_run = per_second.whole_run;
  window.end = std::min(window.end, n);
  if (window.start < window.end) {
    Report::Series::Window w;
    w.t0_s = static_cast<double>(window.start);
    const auto b = static_cast<std::ptrdiff_t>(window.start);
    const auto e = static_cast<std::ptrdiff_t>(window.end);
    const auto slice = [b, e](const auto& v) {
      return std::decay_t<decltype(v)>(v.begin() + b, v.begin() + e);
    };
    w.data.requests = slice(per_second.requests);
    w.data.errors = slice(per_second.errors);
    w.data.slow = slice(per_second.slow);
    w.data.p50_s = slice(per_second.p50_s);
    w.data.p95_s = slice(per_second.p95_s);
    w.data.p99_s = slice(per_second.p99_s);
    w.data.ready = slice(per_second.ready);
    out.detail.push_back(std::move(w));
  }
  return out;
}

Report build_report(const model::Scenario& scenario, const model::DrillResult& result,
                    const std::string& generator, double coarse_after_s) {
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
  report.store_verdicts = metrics::judge_stores(report.objectives, report.stores);
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

  for (const auto& level : report.plan.levels)
    report.level_claims.push_back(metrics::judge_level_claim(level, scenario.duration_s));

  if (result.series_step_s != 1) {
    // Streamed by the engine (a long drill): the steps are summarised already and the window's seconds
    // are read back from the archive.
    if (!(scenario.duration_s > coarse_after_s) || result.series_step_s != kCoarseStepS || !result.seconds) {
      throw std::logic_error("build_report: the drill's series were streamed per " +
                             std::to_string(result.series_step_s) + " s, which this report cannot hold");
    }
    report.schema_version = kCoarseSchemaVersion;
    const DetailWindow window = detail_window(report, result.seconds->seconds());
    for (std::size_t s = 0; s < result.series.size(); ++s) {
      const model::ServiceSeries& service = result.series[s];
      const auto add = [&](const std::string& version, const model::SecondSeries& steps, std::size_t which) {
        Report::Series out{service.service, version, steps, kCoarseStepS, {}};
        if (window.start < window.end) {
          out.detail.push_back(
              {static_cast<double>(window.start), result.seconds->read(s, which, window.start, window.end)});
        }
        report.series.push_back(std::move(out));
      };
      for (const auto version : model::kVersions) {
        add(model::to_string(version), service.by_version[static_cast<std::size_t>(version)],
            static_cast<std::size_t>(version));
      }
      add("all", service.total, 2);
    }
    return report;
  }
  if (scenario.duration_s > coarse_after_s) {
    report.schema_version = kCoarseSchemaVersion;
    for (const auto& service : result.series) {
      const DetailWindow window = detail_window(report, service.total.size());
      const auto step = static_cast<std::size_t>(kCoarseStepS);
      for (const auto version : model::kVersions) {
        report.series.push_back(coarsen_series(service.service, model::to_string(version),
                                               service.by_version[static_cast<std::size_t>(version)], step,
                                               window));
      }
      report.series.push_back(coarsen_series(service.service, "all", service.total, step, window));
    }
    return report;
  }
  for (const auto& service : result.series) {
    for (const auto version : model::kVersions) {
      report.series.push_back({service.service,
                               model::to_string(version),
                               service.by_version[static_cast<std::size_t>(version)],
                               1.0,
                               {}});
    }
    report.series.push_back({service.service, "all", service.total, 1.0, {}});
  }
  return report;
}

}  // namespace drillsim::report
