#include "report/formats/summary_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "report/formats/text.hpp"

namespace drillsim::report::formats {

std::string headline_text(const Report& report) {
  if (report.all_objectives_met()) return "every objective met";
  std::size_t missed = 0;
  for (const auto& o : report.objectives)
    missed += (o.rto_met ? 0 : 1) + (o.rpo_met ? 0 : 1);
  return fmt::format("{} of {} objectives missed", missed, 2 * report.objectives.size());
}

std::string at_text(std::optional<double> t_s) {
  return t_s ? fmt::format("{:.1f}", *t_s) : "—";
}

std::string offset_text(std::optional<double> t_s, std::optional<double> from_s) {
  if (!t_s || !from_s) return "—";
  return (*t_s >= *from_s ? "+" : "-") + human_duration(std::fabs(*t_s - *from_s));
}

std::string instant_note(const Report::Incident& incident, model::Instant instant) {
  const auto t = incident.instants.at(instant);
  switch (instant) {
    case model::Instant::Onset:
      return t ? "" : "the fault never made a request fail or breach the SLO";
    case model::Instant::Detect:
      return t ? "signal " + incident.detect_signal : "";
    case model::Instant::Page:
      return incident.notifications_s.size() > 1
                 ? std::to_string(incident.notifications_s.size()) + " Alertmanager notifications in all"
                 : "";
    case model::Instant::Ack: {
      if (!t || incident.acked_by.empty()) return "";
      std::string note = "by " + incident.acked_by;
      for (const auto& e : incident.escalations)
        note += fmt::format("; escalated to {} at {:.1f} s", e.responder, e.t_s);
      return note;
    }
    case model::Instant::Decide: {
      if (!t || !incident.decision) return "";
      const std::string& action = incident.decision->action;
      std::string note = action == "fix_forward" ? std::string("fix forward")
                         : action.empty()        ? std::string("roll back")
                                                 : "roll back with level " + action;
      if (!incident.decision->rule.empty())
        note += " (rule " + incident.decision->rule + ": " + incident.decision->reason + ")";
      return note;
    }
    case model::Instant::Restored:
      if (t) return "";
      return incident.metrics.slo_breached ? "not restored before the drill ended"
                                           : "the service stayed within SLO";
    default:
      return "";
  }
}

std::string time_to_text(const metrics::IncidentMetrics& m) {
  return fmt::format("Time to detect {}, to decide {}, to roll back {}, to restore {}.",
                     human_duration(m.time_to_detect_s), human_duration(m.time_to_decide_s),
                     human_duration(m.time_to_rollback_s), human_duration(m.time_to_restore_s));
}

std::vector<ImpactRow> impact_rows(const Report& report) {
  std::vector<ImpactRow> rows;
  for (const auto& incident : report.incidents) {
    const auto& m = incident.metrics;
    rows.push_back({"Users affected", std::to_string(m.users_affected)});
    rows.push_back({"Downtime (seconds out of SLO)", human_duration(m.downtime_s)});
    rows.push_back({"Failed requests", std::to_string(m.requests_failed)});
    if (m.revenue_impact > 0.0) rows.push_back({"Revenue impact", fmt::format("{:.2f}", m.revenue_impact)});
  }
  std::uint64_t lost = 0;
  std::uint64_t corrupted = 0;
  for (const auto& store : report.stores) {
    lost += store.writes_lost;
    corrupted += store.corrupted_remaining;
  }
  if (!report.stores.empty()) {
    rows.push_back({"Writes lost", std::to_string(lost)});
    rows.push_back({"Corrupted writes left", std::to_string(corrupted)});
  }
  if (report.incidents.empty() && report.stores.empty()) rows.push_back({"Incident", "none injected"});
  return rows;
}

std::string step_status_text(const model::StepOutcome& step) {
  std::string status = model::to_string(step.status);
  if (step.attempts > 1) status += fmt::format(" ×{}", step.attempts);
  return status;
}

std::optional<double> step_took_s(const model::StepOutcome& step) {
  if (!step.start_s || !step.end_s) return std::nullopt;
  return *step.end_s - *step.start_s;
}

std::optional<double> first_onset_s(const Report& report) {
  if (report.incidents.empty()) return std::nullopt;
  return report.incidents.front().instants.at(model::Instant::Onset);
}

bool has_named_levels(const Report& report) {
  return std::any_of(report.plan.levels.begin(), report.plan.levels.end(),
                     [](const auto& level) { return !level.name.empty(); });
}

std::string loss_window_text(const model::StoreOutcome& store) {
  if (!store.loss_start_s || !store.loss_end_s) return "—";
  return fmt::format("{} ({:.1f} s → {:.1f} s)", human_duration(store.loss_window_s()), *store.loss_start_s,
                     *store.loss_end_s);
}

std::string fired_text(const model::SignalRecord& signal) {
  return signal.fired_s ? fmt::format("{:.1f}", *signal.fired_s) : std::string("never");
}

}  // namespace drillsim::report::formats
