#include "cli/console.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>

#include "report/formats/text.hpp"

namespace drillsim::cli {

namespace {

std::string seconds(std::optional<double> t) {
  return t ? fmt::format("{:.1f}", *t) : "—";
}

// "12m 05s" for a duration in seconds, "—" when absent: the report writers' own wording, so the console,
// the HTML, the Markdown and the viewer read the same.
std::string duration(std::optional<double> s) {
  return report::formats::human_duration(s);
}

const char* verdict(bool met) {
  return met ? "MET" : "MISSED";
}

}  // namespace

void print_summary(std::ostream& out, const report::Report& report) {
  out << fmt::format("drillsim: scenario \"{}\" ({}), seed {}, {} simulated, {} requests\n",
                     report.scenario.name, report.scenario.file, report.seed,
                     duration(report.scenario.duration_s), report.requests_simulated);
  for (const auto& incident : report.incidents) {
    out << fmt::format("\nIncident on {}: {} injected at {:.1f} s\n", incident.service, incident.fault,
                       incident.fault_start_s);
    out << fmt::format("  {:<16} {:>10} {:>12}  {}\n", "instant", "t (s)", "since onset", "note");
    const auto onset = incident.instants.at(model::Instant::Onset);
    for (const auto instant : model::kInstants) {
      const auto t = incident.instants.at(instant);
      std::string since = "—";
      if (t && onset) since = *t >= *onset ? "+" + duration(*t - *onset) : "-" + duration(*onset - *t);
      std::string note;
      if (instant == model::Instant::Detect && t) note = "signal: " + incident.detect_signal;
      if (instant == model::Instant::Page && incident.notifications_s.size() > 1)
        note = std::to_string(incident.notifications_s.size()) + " Alertmanager notifications in all";
      if (instant == model::Instant::Ack && t && !incident.escalations.empty()) {
        note = "by " + incident.acked_by + " after escalation to";
        for (const auto& e : incident.escalations)
          note += fmt::format(" {} ({:.1f} s)", e.responder, e.t_s);
      }
      if (instant == model::Instant::Decide && t && incident.decision && !incident.decision->rule.empty()) {
        note = (incident.decision->action == "fix_forward" ? std::string("fix forward")
                                                           : "level \"" + incident.decision->action + "\"") +
               " (rule \"" + incident.decision->rule + "\": " + incident.decision->reason + ")";
      }
      if (instant == model::Instant::Onset && !t)
        note = "the fault never made a request fail or breach the SLO";
      if (instant == model::Instant::Restored && !t) {
        note = incident.metrics.slo_breached ? "not restored before the drill ended"
                                             : "the service stayed within SLO";
      }
      out << fmt::format("  {:<16} {:>10} {:>12}  {}\n", model::to_string(instant), seconds(t), since, note);
    }
    const auto& m = incident.metrics;
    out << fmt::format("  time to detect {}, to decide {}, to roll back {}, to restore {}\n",
                       duration(m.time_to_detect_s), duration(m.time_to_decide_s),
                       duration(m.time_to_rollback_s), duration(m.time_to_restore_s));
    out << fmt::format("  downtime {}, requests failed {}, users affected {}", duration(m.downtime_s),
                       m.requests_failed, m.users_affected);
    if (m.revenue_impact > 0.0) out << fmt::format(", revenue impact {:.2f}", m.revenue_impact);
    out << "\n";
  }
  if (report.signals.size() > 1) {
    out << "\nDetection signals\n";
    out << fmt::format("  {:<28} {:<16} {:<14} {:>10}\n", "signal", "kind", "service", "fired (s)");
    for (const auto& signal : report.signals) {
      out << fmt::format("  {:<28} {:<16} {:<14} {:>10}\n", signal.name, signal.kind, signal.service,
                         signal.fired_s ? fmt::format("{:.1f}", *signal.fired_s) : std::string("never"));
    }
  }
  if (!report.plan.steps.empty() || report.plan.exit_state != "not_started") {
    out << fmt::format("\nPlan \"{}\": {} — {}\n", report.plan_name, report.plan.exit_state,
                       report.plan.reason);
    // The step column is as wide as the longest name, so a long runbook heading never shifts a row.
    std::size_t name_width = 4;
    for (const auto& step : report.plan.steps)
      name_width = std::max(name_width, step.name.size() + (step.level.empty() ? 0 : step.level.size() + 2));
    const auto row = [&](const auto& n, const std::string& name, const std::string& action,
                         const std::string& start, const std::string& end, const std::string& status,
                         const std::string& detail) {
      out << fmt::format("  {:<3} {:<{}}  {:<14} {:>9} {:>9}  {:<11} {}\n", n, name, name_width, action,
                         start, end, status, detail);
    };
    row("#", "step", "action", "start", "end", "status", "detail");
    int n = 0;
    for (const auto& step : report.plan.steps) {
      std::string status = model::to_string(step.status);
      if (step.attempts > 1) status += fmt::format(" x{}", step.attempts);
      const std::string name = step.level.empty() ? step.name : step.level + ": " + step.name;
      row(++n, name, step.action, seconds(step.start_s), seconds(step.end_s), status, step.detail);
    }
    const bool named_levels = std::any_of(report.plan.levels.begin(), report.plan.levels.end(),
                                          [](const auto& level) { return !level.name.empty(); });
    if (named_levels) {
      out << fmt::format("  {:<24} {:>9} {:>9}  {:<8} {}\n", "level", "claim", "took", "claim", "outcome");
      for (std::size_t i = 0; i < report.plan.levels.size(); ++i) {
        const model::LevelOutcome& level = report.plan.levels[i];
        const metrics::LevelClaim& claim = report.level_claims.at(i);
        const std::string met = claim.met ? verdict(*claim.met) : "—";
        out << fmt::format("  {:<24} {:>9} {:>9}  {:<8} {}\n", level.name, duration(level.claim_s),
                           duration(claim.elapsed_s), met, level.outcome);
      }
    }
  }
  if (!report.stores.empty()) {
    out << "\nData\n";
    out << fmt::format("  {:<16} {:<16} {:>12} {:>10} {:>10}  {}\n", "store", "service", "committed", "lost",
                       "corrupted", "loss window");
    for (const auto& store : report.stores) {
      const std::string window =
          store.loss_start_s ? fmt::format("{} ({:.1f} s -> {:.1f} s)", duration(store.loss_window_s()),
                                           *store.loss_start_s, *store.loss_end_s)
                             : "—";
      const std::string corrupted =
          store.writes_corrupted == 0 ? "—" : fmt::format("{} left", store.corrupted_remaining);
      out << fmt::format("  {:<16} {:<16} {:>12} {:>10} {:>10}  {}\n", store.store, store.service,
                         store.writes_committed, store.writes_lost, corrupted, window);
    }
  }
  if (!report.series.empty()) {
    // Every request of the drill, not an average of per-second figures (docs/report-format.md, latency).
    out << "\nLatency over the whole drill (every request)\n";
    out << fmt::format("  {:<16} {:<7} {:>10} {:>10} {:>10} {:>10} {:>10}\n", "service", "version",
                       "requests", "mean", "p50", "p95", "p99");
    const auto ms = [](double s) {
      return std::isnan(s) ? std::string("—") : fmt::format("{:.1f} ms", s * 1e3);
    };
    for (const auto& series : report.series) {
      std::uint64_t requests = 0;
      for (const std::uint32_t n : series.data.requests)
        requests += n;
      if (requests == 0) continue;
      const auto& run = series.data.whole_run;
      out << fmt::format("  {:<16} {:<7} {:>10} {:>10} {:>10} {:>10} {:>10}\n", series.service,
                         series.version, requests, ms(run.mean_s), ms(run.p50_s), ms(run.p95_s),
                         ms(run.p99_s));
    }
  }
  if (!report.objectives.empty()) {
    out << "\nObjectives\n";
    out << fmt::format("  {:<16} {:>9} {:>16} {:<7} {:>9} {:>10} {:<7} {}\n", "service", "RTO",
                       "time to restore", "RTO", "RPO", "data loss", "RPO", "why");
    for (const auto& o : report.objectives) {
      out << fmt::format("  {:<16} {:>9} {:>16} {:<7} {:>9} {:>10} {:<7} {}\n", o.service, duration(o.rto_s),
                         duration(o.time_to_restore_s), verdict(o.rto_met), duration(o.rpo_s),
                         duration(o.data_loss_window_s), verdict(o.rpo_met), o.reason);
    }
  }
  if (!report.scenario.assumptions.empty()) {
    // The verdicts above hold only as far as these do.
    out << fmt::format("\nAssumptions ({}): values the scenario invented, not taken from the system\n",
                       report.scenario.assumptions.size());
    for (const auto& assumption : report.scenario.assumptions)
      out << "  - " << assumption << "\n";
  }
}

}  // namespace drillsim::cli
