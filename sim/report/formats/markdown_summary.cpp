#include "report/formats/markdown_summary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <sstream>

#include "metrics/incident_metrics.hpp"
#include "report/formats/text.hpp"
#include "report/formats/verdict_text.hpp"

namespace drillsim::report::formats {

namespace {

std::string at(std::optional<double> t) {
  return t ? fmt::format("{:.1f}", *t) : "—";
}

const char* verdict(bool met) {
  return met ? "✅ met" : "❌ missed";
}

// A step's or level's time from `from` (the onset) as "+12m 05s"; "—" when either is absent.
std::string offset(std::optional<double> t, std::optional<double> from) {
  if (!t || !from) return "—";
  return (*t >= *from ? "+" : "-") + human_duration(std::fabs(*t - *from));
}

void timeline(std::ostream& out, const Report::Incident& incident) {
  out << fmt::format("Incident on **{}**: fault {} injected at {:.1f} s.\n\n",
                     markdown_escape(incident.service), markdown_escape(incident.fault),
                     incident.fault_start_s);
  out << "| Instant | At (s) | Since onset | Note |\n|---|---:|---:|---|\n";
  const auto onset = incident.instants.at(model::Instant::Onset);
  for (const auto instant : model::kInstants) {
    const auto t = incident.instants.at(instant);
    std::string note;
    if (instant == model::Instant::Onset && !t)
      note = "the fault never made a request fail or breach the SLO";
    if (instant == model::Instant::Detect && t) note = "signal " + markdown_escape(incident.detect_signal);
    if (instant == model::Instant::Page && incident.notifications_s.size() > 1)
      note = std::to_string(incident.notifications_s.size()) + " Alertmanager notifications in all";
    if (instant == model::Instant::Ack && t && !incident.acked_by.empty()) {
      note = "by " + markdown_escape(incident.acked_by);
      for (const auto& e : incident.escalations)
        note += fmt::format("; escalated to {} at {:.1f} s", markdown_escape(e.responder), e.t_s);
    }
    if (instant == model::Instant::Decide && t && incident.decision) {
      const std::string& action = incident.decision->action;
      note = action == "fix_forward" ? std::string("fix forward")
             : action.empty()        ? std::string("roll back")
                                     : "roll back with level " + markdown_escape(action);
      if (!incident.decision->rule.empty())
        note += " (rule " + markdown_escape(incident.decision->rule) + ": " +
                markdown_escape(incident.decision->reason) + ")";
    }
    if (instant == model::Instant::Restored && !t)
      note = incident.metrics.slo_breached ? "not restored before the drill ended"
                                           : "the service stayed within SLO";
    out << fmt::format("| {} | {} | {} | {} |\n", model::to_string(instant), at(t), offset(t, onset), note);
  }
  const auto& m = incident.metrics;
  out << fmt::format("\nTime to detect {}, to decide {}, to roll back {}, to restore {}.\n",
                     human_duration(m.time_to_detect_s), human_duration(m.time_to_decide_s),
                     human_duration(m.time_to_rollback_s), human_duration(m.time_to_restore_s));
}

void impact(std::ostream& out, const Report& report) {
  out << "\n## Impact\n\n| Measure | Value |\n|---|---:|\n";
  for (const auto& incident : report.incidents) {
    const auto& m = incident.metrics;
    out << fmt::format("| Users affected | {} |\n", m.users_affected);
    out << fmt::format("| Downtime (seconds out of SLO) | {} |\n", human_duration(m.downtime_s));
    out << fmt::format("| Failed requests | {} |\n", m.requests_failed);
    if (m.revenue_impact > 0.0) out << fmt::format("| Revenue impact | {:.2f} |\n", m.revenue_impact);
  }
  std::uint64_t lost = 0;
  std::uint64_t corrupted = 0;
  for (const auto& store : report.stores) {
    lost += store.writes_lost;
    corrupted += store.corrupted_remaining;
  }
  if (!report.stores.empty()) {
    out << fmt::format("| Writes lost | {} |\n", lost);
    out << fmt::format("| Corrupted writes left | {} |\n", corrupted);
  }
  if (report.incidents.empty() && report.stores.empty()) out << "| Incident | none injected |\n";
}

void plan(std::ostream& out, const Report& report) {
  if (report.plan.steps.empty() && report.plan.exit_state == "not_started") {
    out << "\n## Plan\n\nNo plan ran";
    out << (report.plan.reason.empty() ? std::string(".\n")
                                       : ": " + markdown_escape(report.plan.reason) + "\n");
    return;
  }
  out << fmt::format("\n## Plan{}\n\n",
                     report.plan_name.empty() ? "" : ": " + markdown_escape(report.plan_name));
  out << fmt::format(
      "Exit state **{}**{}\n", report.plan.exit_state,
      report.plan.reason.empty() ? std::string(".") : ": " + markdown_escape(report.plan.reason));
  const bool named_levels = std::any_of(report.plan.levels.begin(), report.plan.levels.end(),
                                        [](const auto& level) { return !level.name.empty(); });
  if (named_levels) {
    out << "\n| Level | Claim | Took | Verdict | Outcome | Why |\n|---|---:|---:|---|---|---|\n";
    for (const auto& level : report.plan.levels) {
      const metrics::LevelClaim claim = metrics::judge_level_claim(level, report.scenario.duration_s);
      out << fmt::format("| {} | {} | {} | {} | {} | {} |\n", markdown_escape(level.name),
                         human_duration(level.claim_s), human_duration(claim.elapsed_s),
                         claim.met ? verdict(*claim.met) : "—", level.outcome,
                         markdown_escape(level_claim_text(level, claim)));
    }
  }
  const std::optional<double> onset =
      report.incidents.empty() ? std::nullopt : report.incidents.front().instants.at(model::Instant::Onset);
  out << "\n| # | Level | Step | Action | Start (s) | End (s) | Since onset | Took | Status | Detail |\n"
         "|---:|---|---|---|---:|---:|---:|---:|---|---|\n";
  int n = 0;
  for (const auto& step : report.plan.steps) {
    std::string status = model::to_string(step.status);
    if (step.attempts > 1) status += fmt::format(" ×{}", step.attempts);
    const std::optional<double> took =
        step.start_s && step.end_s ? std::optional<double>(*step.end_s - *step.start_s) : std::nullopt;
    out << fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n", ++n,
                       markdown_escape(step.level), markdown_escape(step.name), markdown_escape(step.action),
                       at(step.start_s), at(step.end_s), offset(step.start_s, onset), human_duration(took),
                       status, markdown_escape(step.detail));
  }
}

void objectives(std::ostream& out, const Report& report) {
  out << "\n## Objectives\n\n";
  if (report.objectives.empty()) {
    out << "The scenario sets no recovery objective.\n";
    return;
  }
  out << "| Service | Objective | Target | Actual | Margin | Verdict | Why "
         "|\n|---|---|---:|---:|---:|---|---|\n";
  for (const auto& o : report.objectives) {
    const std::string service = markdown_escape(o.service);
    out << fmt::format("| {} | RTO | {} | {} | {} | {} | {} |\n", service, human_duration(o.rto_s),
                       human_duration(o.time_to_restore_s), rto_margin(o), verdict(o.rto_met),
                       markdown_escape(rto_text(o)));
    out << fmt::format("| {} | RPO | {} | {} | {} | {} | {} |\n", service, human_duration(o.rpo_s),
                       human_duration(o.data_loss_window_s), rpo_margin(o), verdict(o.rpo_met),
                       markdown_escape(rpo_text(o)));
    out << fmt::format("| {} | Data integrity | none corrupted | {} corrupted | — | {} | {} |\n", service,
                       o.corrupted_remaining, verdict(integrity_met(o)), markdown_escape(integrity_text(o)));
  }
}

void data(std::ostream& out, const Report& report) {
  if (report.stores.empty()) return;
  out << "\n## Data\n\n| Store | Service | Committed | Lost | Loss window | Corrupted | Corrupted left |\n"
         "|---|---|---:|---:|---|---:|---:|\n";
  for (const auto& store : report.stores) {
    const std::string window =
        store.loss_start_s && store.loss_end_s
            ? fmt::format("{} ({:.1f} s → {:.1f} s)", human_duration(store.loss_window_s()),
                          *store.loss_start_s, *store.loss_end_s)
            : "—";
    out << fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", markdown_escape(store.store),
                       markdown_escape(store.service), store.writes_committed, store.writes_lost, window,
                       store.writes_corrupted, store.corrupted_remaining);
  }
}

void signals(std::ostream& out, const Report& report) {
  if (report.signals.empty()) return;
  out << "\n## Detection signals\n\n| Signal | Kind | Service | First fired (s) |\n|---|---|---|---:|\n";
  for (const auto& s : report.signals) {
    out << fmt::format("| {} | {} | {} | {} |\n", markdown_escape(s.name), s.kind, markdown_escape(s.service),
                       s.fired_s ? fmt::format("{:.1f}", *s.fired_s) : std::string("never"));
  }
}

}  // namespace

std::string markdown_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '<':
      case '>':
      case '|':
      case '#':
      case '~':
        out += '\\';
        out += c;
        break;
      case '\n':
      case '\r':
      case '\t':
        out += ' ';
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string markdown_summary(const Report& report) {
  std::ostringstream out;
  out << "# Drill summary: " << markdown_escape(report.scenario.name) << "\n\n";
  if (!report.scenario.description.empty()) out << markdown_escape(report.scenario.description) << "\n\n";
  std::size_t missed = 0;
  for (const auto& o : report.objectives)
    missed += (o.rto_met ? 0 : 1) + (o.rpo_met ? 0 : 1);
  const std::string headline = report.all_objectives_met() ? "every objective met"
                                                           : fmt::format("{} of {} objectives missed", missed,
                                                                         2 * report.objectives.size());
  out << "| | |\n|---|---|\n";
  out << fmt::format("| Verdict | **{}** |\n", headline);
  out << fmt::format("| Scenario file | {} |\n", markdown_escape(report.scenario.file));
  out << fmt::format("| Seed | {} |\n", report.seed);
  out << fmt::format("| Simulated | {} |\n", human_duration(report.scenario.duration_s));
  out << fmt::format("| Requests simulated | {} |\n", report.requests_simulated);
  out << fmt::format("| Generator | {} |\n", markdown_escape(report.generator));

  out << "\n## Timeline\n\n";
  if (report.incidents.empty()) out << "No fault was injected.\n";
  for (const auto& incident : report.incidents)
    timeline(out, incident);
  impact(out, report);
  plan(out, report);
  objectives(out, report);
  data(out, report);
  signals(out, report);

  out << "\n## Assumptions\n\n";
  if (report.scenario.assumptions.empty()) {
    out << "The scenario lists no assumption.\n";
  } else {
    out << "The verdicts hold only as far as these values the scenario invented, rather than took from the "
           "system, do:\n\n";
    for (const auto& assumption : report.scenario.assumptions)
      out << "- " << markdown_escape(assumption) << "\n";
  }

  out << "\n## Lessons\n\n<!-- For the team to fill in after the review. -->\n\n"
         "### What went well\n\n### What went wrong\n\n### Where we were lucky\n\n"
         "### Action items\n\n- [ ] \n";
  return out.str();
}

}  // namespace drillsim::report::formats
