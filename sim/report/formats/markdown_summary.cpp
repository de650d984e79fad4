#include "report/formats/markdown_summary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <sstream>

#include "metrics/incident_metrics.hpp"
#include "report/formats/summary_text.hpp"
#include "report/formats/text.hpp"
#include "report/formats/verdict_text.hpp"

namespace drillsim::report::formats {

namespace {

const char* verdict(bool met) {
  return met ? "✅ met" : "❌ missed";
}

void timeline(std::ostream& out, const Report::Incident& incident) {
  out << fmt::format("Incident on **{}**: fault {} injected at {:.1f} s.\n\n",
                     markdown_escape(incident.service), markdown_escape(incident.fault),
                     incident.fault_start_s);
  out << "| Instant | At (s) | Since onset | Note |\n|---|---:|---:|---|\n";
  const auto onset = incident.instants.at(model::Instant::Onset);
  for (const auto instant : model::kInstants) {
    const auto t = incident.instants.at(instant);
    out << fmt::format("| {} | {} | {} | {} |\n", model::to_string(instant), at_text(t),
                       offset_text(t, onset), markdown_escape(instant_note(incident, instant)));
  }
  out << "\n" << time_to_text(incident.metrics) << "\n";
}

void impact(std::ostream& out, const Report& report) {
  out << "\n## Impact\n\n| Measure | Value |\n|---|---:|\n";
  for (const auto& row : impact_rows(report))
    out << fmt::format("| {} | {} |\n", row.measure, row.value);
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
  if (has_named_levels(report)) {
    out << "\n| Level | Claim | Took | Verdict | Outcome | Why |\n|---|---:|---:|---|---|---|\n";
    for (std::size_t i = 0; i < report.plan.levels.size(); ++i) {
      const model::LevelOutcome& level = report.plan.levels[i];
      const metrics::LevelClaim& claim = report.level_claims.at(i);
      out << fmt::format("| {} | {} | {} | {} | {} | {} |\n", markdown_escape(level.name),
                         human_duration(level.claim_s), human_duration(claim.elapsed_s),
                         claim.met ? verdict(*claim.met) : "—", level.outcome,
                         markdown_escape(level_claim_text(level, claim)));
    }
  }
  const std::optional<double> onset = first_onset_s(report);
  out << "\n| # | Level | Step | Action | Start (s) | End (s) | Since onset | Took | Status | Detail |\n"
         "|---:|---|---|---|---:|---:|---:|---:|---|---|\n";
  int n = 0;
  for (const auto& step : report.plan.steps) {
    out << fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n", ++n,
                       markdown_escape(step.level), markdown_escape(step.name), markdown_escape(step.action),
                       at_text(step.start_s), at_text(step.end_s), offset_text(step.start_s, onset),
                       human_duration(step_took_s(step)), step_status_text(step),
                       markdown_escape(step.detail));
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
    const std::string window = loss_window_text(store);
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
                       fired_text(s));
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
  const std::string headline = headline_text(report);
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
    out << kNoAssumption << "\n";
  } else {
    out << kAssumptionsIntro << "\n\n";
    for (const auto& assumption : report.scenario.assumptions)
      out << "- " << markdown_escape(assumption) << "\n";
  }

  out << "\n## Lessons\n\n<!-- For the team to fill in after the review. -->\n\n"
         "### What went well\n\n### What went wrong\n\n### Where we were lucky\n\n"
         "### Action items\n\n- [ ] \n";
  return out.str();
}

}  // namespace drillsim::report::formats
