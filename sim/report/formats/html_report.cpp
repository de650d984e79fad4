#include "report/formats/html_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <sstream>

#include "metrics/incident_metrics.hpp"
#include "report/alert_series.hpp"
#include "report/formats/summary_text.hpp"
#include "report/formats/text.hpp"
#include "report/formats/verdict_text.hpp"

namespace drillsim::report::formats {

namespace {

// Chart geometry, in SVG user units (CSS pixels at 100 %).
constexpr double kWidth = 960;
constexpr double kLeft = 72;  // Room for the y labels.
constexpr double kRight = 16;
constexpr std::size_t kLabelRows = 4;  // Rows for the instants' names above a chart.
constexpr double kLabelBand = 12.0 * kLabelRows + 4;
constexpr double kPanelHeight = 84;
constexpr double kPanelGap = 26;       // Room for a panel's title.
constexpr double kAxisBand = 34;       // Below the last panel: the time axis.
constexpr std::size_t kBuckets = 400;  // A chart draws at most 2 × kBuckets points per line.

// One colour per instant, in model::kInstants order: told apart on screen and in print.
constexpr std::array<const char*, model::kInstantCount> kInstantColour{
    "#d1242f", "#bf8700", "#8250df", "#0969da", "#1b7c83", "#fb8500", "#6e7781", "#1a7f37", "#57606a"};

const char* instant_colour(model::Instant instant) {
  return kInstantColour[static_cast<std::size_t>(instant)];
}

const char* const kStyle = R"(
:root { color-scheme: light; }
body { font: 15px/1.45 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #1f2328; margin: 24px auto;
       max-width: 1000px; padding: 0 16px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; margin-top: 32px; }
h3 { font-size: 16px; margin: 18px 0 6px; }
table { border-collapse: collapse; margin: 8px 0 12px; font-size: 14px; }
th, td { border: 1px solid #d0d7de; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.headline { display: inline-block; font-size: 20px; font-weight: bold; padding: 6px 14px; border-radius: 6px;
            margin: 10px 0; }
.headline.met { background: #dafbe1; color: #116329; border: 1px solid #1a7f37; }
.headline.missed { background: #ffebe9; color: #a40e26; border: 1px solid #cf222e; }
.verdict { font-weight: bold; white-space: nowrap; }
.verdict.met { color: #116329; }
.verdict.missed { color: #a40e26; }
.verdict.none { color: #57606a; font-weight: normal; }
.description { color: #57606a; margin: 0 0 8px; }
figure { margin: 12px 0 20px; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-size: 13px; color: #57606a; }
svg text { font: 11px "DejaVu Sans", "Liberation Sans", Arial, sans-serif; fill: #1f2328; }
svg .title { font-weight: bold; }
ul.legend { list-style: none; padding: 0; margin: 4px 0; font-size: 13px; }
ul.legend li { display: inline-block; margin-right: 14px; }
ul.legend span.swatch { display: inline-block; width: 14px; height: 3px; vertical-align: middle; margin-right: 4px; }
.lessons { color: #57606a; }
@media print {
  body { margin: 0; max-width: none; font-size: 12px; }
  table { font-size: 11px; }
  th, td { padding: 3px 5px; }
  h2, h3 { break-after: avoid; }
  figure, table, tr { break-inside: avoid; }
  ul.legend { break-before: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
)";

std::string esc(const std::string& text) {
  return html_escape(text);
}

std::string num(double v) {
  return fmt::format("{:.1f}", v);
}

std::string verdict_cell(std::optional<bool> met) {
  if (!met) return "<span class=\"verdict none\">—</span>";
  return *met ? "<span class=\"verdict met\">met</span>" : "<span class=\"verdict missed\">missed</span>";
}

// At most `limit` characters (code points) of `text`, with "…" when cut.
std::string shorten(const std::string& text, std::size_t limit) {
  std::size_t points = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (points == limit) return text.substr(0, i) + "…";
    ++points;
  }
  return text;
}

// A tick step for a time axis of `span` seconds: a round number giving at most 8 ticks.
double tick_step(double span) {
  static constexpr std::array<double, 20> kSteps{1,     2,     5,     10,    15,     30,    60,
                                                 120,   300,   600,   900,   1800,   3600,  7200,
                                                 10800, 21600, 43200, 86400, 172800, 604800};
  for (const double step : kSteps) {
    if (span / step <= 8) return step;
  }
  return std::ceil(span / 8 / 604800) * 604800;
}

// Maps simulated seconds [t0, t1] onto the plot's width.
struct TimeAxis {
  double t0 = 0;
  double t1 = 1;
  double left = kLeft;
  double width = kWidth - kLeft - kRight;
  double x(double t) const { return left + (t - t0) / (t1 - t0) * width; }
};

// The time axis under a chart or a Gantt: ticks and their labels at `y`.
void time_ticks(std::ostream& out, const TimeAxis& axis, double y_top, double y) {
  const double step = tick_step(axis.t1 - axis.t0);
  for (double t = std::ceil(axis.t0 / step) * step; t <= axis.t1 + 1e-9; t += step) {
    const double x = axis.x(t);
    out << fmt::format(R"(<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="#eaeef2"/>)", num(x), num(y_top),
                       num(y))
        << "\n";
    const std::string label = human_duration(t);
    const bool last = x + 3.5 * static_cast<double>(label.size()) > kWidth;
    out << fmt::format(R"(<text x="{}" y="{}" text-anchor="{}">{}</text>)", num(x), num(y + 14),
                       last ? "end" : "middle", esc(label))
        << "\n";
  }
}

// The instants of `incidents` as dashed vertical lines from y0 to y1; with `labels`, their names in up
// to kLabelRows rows above y0, each in the first row where it does not overlap its neighbour (a name
// that would pass the right edge ends at its line instead).
void instant_lines(std::ostream& out, const TimeAxis& axis,
                   const std::vector<const Report::Incident*>& incidents, double y0, double y1, bool labels) {
  std::array<double, kLabelRows> row_end{};
  row_end.fill(-1e9);
  for (const Report::Incident* incident : incidents) {
    for (const auto instant : model::kInstants) {
      const auto t = incident->instants.at(instant);
      if (!t || *t < axis.t0 || *t > axis.t1) continue;
      const double x = axis.x(*t);
      out << fmt::format(
                 R"(<line class="instant" x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="{3}" stroke-width="1.5" )"
                 R"(stroke-dasharray="5 3"><title>{4} at {5} s</title></line>)",
                 num(x), num(y0), num(y1), instant_colour(instant), model::to_string(instant), num(*t))
          << "\n";
      if (!labels) continue;
      const std::string name = model::to_string(instant);
      const double width = 6.5 * static_cast<double>(name.size()) + 4;
      const bool flip = x + 2 + width > kWidth;
      const double start = flip ? x - 2 - width : x + 2;
      std::size_t row = 0;
      while (row + 1 < row_end.size() && row_end[row] > start)
        ++row;
      row_end[row] = start + width;
      out << fmt::format(R"(<text x="{}" y="{}" text-anchor="{}" style="fill:{}">{}</text>)",
                         num(flip ? x - 2 : x + 2),
                         num(y0 - 6 - 12.0 * static_cast<double>(kLabelRows - 1 - row)),
                         flip ? "end" : "start", instant_colour(instant), name)
          << "\n";
    }
  }
}

struct Panel {
  std::string title;
  std::vector<double> values;
  const char* colour;
};

// One service's series as stacked panels sharing the time axis, with the incident's instants.
void series_chart(std::ostream& out, const Report& report, const Report::Series& series) {
  const auto& d = series.data;
  const std::size_t n = d.size();
  const std::string per = series.step_s == 1 ? "/s" : fmt::format(" per {}", human_duration(series.step_s));
  std::vector<Panel> panels(4);
  panels[0] = {"requests" + per, {}, "#0969da"};
  panels[1] = {"errors" + per, {}, "#cf222e"};
  panels[2] = {"p95 latency (s)", d.p95_s, "#8250df"};
  panels[3] = {"ready replicas", {}, "#1a7f37"};
  for (std::size_t i = 0; i < n; ++i) {
    panels[0].values.push_back(d.requests[i]);
    panels[1].values.push_back(d.errors[i]);
    panels[3].values.push_back(d.ready[i]);
  }
  std::vector<const Report::Incident*> incidents;
  for (const auto& incident : report.incidents) {
    if (incident.service == series.service) incidents.push_back(&incident);
  }
  TimeAxis axis;
  axis.t0 = 0;
  axis.t1 = std::max({report.scenario.duration_s, static_cast<double>(n) * series.step_s, 1.0});
  const double plot_top = (incidents.empty() ? 0 : kLabelBand) + kPanelGap;
  const double height = plot_top + 4 * kPanelHeight + 3 * kPanelGap + kAxisBand;
  const double plot_bottom = plot_top + 4 * kPanelHeight + 3 * kPanelGap;

  out << fmt::format("<figure class=\"chart\" id=\"series-{}\">\n", esc(series.service));
  out << fmt::format(
             R"(<svg xmlns="http://www.w3.org/2000/svg" width="{0}" height="{1}" viewBox="0 0 {0} {1}" role="img" )"
             R"(aria-label="series of {2}">)",
             num(kWidth), num(height), esc(series.service))
      << "\n";
  time_ticks(out, axis, plot_top, plot_bottom);
  for (std::size_t p = 0; p < panels.size(); ++p) {
    const Panel& panel = panels[p];
    const double top = plot_top + static_cast<double>(p) * (kPanelHeight + kPanelGap);
    const double bottom = top + kPanelHeight;
    double max = 0;
    for (const double v : panel.values) {
      if (std::isfinite(v)) max = std::max(max, v);
    }
    if (max <= 0) max = 1;
    out << fmt::format(R"(<text class="title" x="{}" y="{}">{}</text>)", num(kLeft), num(top - 6),
                       esc(panel.title))
        << "\n";
    out << fmt::format(R"(<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="#d0d7de"/>)",
                       num(kLeft), num(top), num(axis.width), num(kPanelHeight))
        << "\n";
    out << fmt::format(R"(<text x="{}" y="{}" text-anchor="end">{}</text>)", num(kLeft - 6), num(top + 10),
                       esc(fmt::format("{:.4g}", max)))
        << "\n";
    out << fmt::format(R"(<text x="{}" y="{}" text-anchor="end">0</text>)", num(kLeft - 6), num(bottom))
        << "\n";
    std::string path;
    bool pen_down = false;
    for (const ChartPoint& point : thin_series(panel.values, kBuckets)) {
      if (!std::isfinite(point.value)) {
        pen_down = false;
        continue;
      }
      const double t = (static_cast<double>(point.index) + 0.5) * series.step_s;
      const double y = bottom - point.value / max * kPanelHeight;
      path += fmt::format("{}{} {} ", pen_down ? "L" : "M", num(axis.x(t)), num(y));
      pen_down = true;
    }
    if (!path.empty()) path.pop_back();
    out << fmt::format(R"(<path class="series" d="{}" fill="none" stroke="{}" stroke-width="1.4"/>)", path,
                       panel.colour)
        << "\n";
  }
  instant_lines(out, axis, incidents, plot_top, plot_bottom, true);
  out << fmt::format(R"(<text x="{}" y="{}" text-anchor="end">time since the drill began</text>)",
                     num(kWidth - kRight), num(height - 2))
      << "\n";
  out << "</svg>\n";
  out << fmt::format(
      "<figcaption>{}: every request of both versions, one sample per {}{}.</figcaption>\n",
      esc(series.service), human_duration(series.step_s),
      n > 2 * kBuckets ? fmt::format(", drawn as the lowest and highest of each of {} runs", kBuckets) : "");
  out << "</figure>\n";
}

void legend(std::ostream& out, const Report& report) {
  bool any = false;
  for (const auto& incident : report.incidents) {
    for (const auto instant : model::kInstants)
      any = any || incident.instants.at(instant).has_value();
  }
  if (!any) return;
  out << "<ul class=\"legend\">\n";
  for (const auto instant : model::kInstants) {
    out << fmt::format("<li><span class=\"swatch\" style=\"background:{}\"></span>{}</li>\n",
                       instant_colour(instant), model::to_string(instant));
  }
  out << "</ul>\n";
}

void header(std::ostream& out, const Report& report) {
  out << "<header>\n<h1>Drill report: " << esc(report.scenario.name) << "</h1>\n";
  if (!report.scenario.description.empty())
    out << "<p class=\"description\">" << esc(report.scenario.description) << "</p>\n";
  out << fmt::format("<p class=\"headline {}\" id=\"headline\">{}</p>\n",
                     report.all_objectives_met() ? "met" : "missed", esc(headline_text(report)));
  out << "<table class=\"facts\">\n";
  const auto fact = [&out](const char* name, const std::string& value) {
    out << fmt::format("<tr><th>{}</th><td>{}</td></tr>\n", name, esc(value));
  };
  fact("Scenario file", report.scenario.file);
  fact("Seed", std::to_string(report.seed));
  fact("Simulated", human_duration(report.scenario.duration_s));
  fact("Requests simulated", std::to_string(report.requests_simulated));
  fact("Generator", report.generator);
  out << "</table>\n</header>\n";
}

void verdicts(std::ostream& out, const Report& report) {
  out << "<section id=\"verdicts\">\n<h2>Verdicts</h2>\n";
  if (report.objectives.empty()) {
    out << "<p>The scenario sets no recovery objective.</p>\n";
  } else {
    out << "<table "
           "class=\"objectives\">\n<tr><th>Service</th><th>Objective</th><th>Target</th><th>Actual</th>"
           "<th>Margin</th><th>Verdict</th><th>Why</th></tr>\n";
    for (const auto& o : report.objectives) {
      const std::string service = esc(o.service);
      // One row per objective: its name, target, actual value and margin (escaped already), verdict, why.
      const auto row = [&](const char* objective, const std::string& target, const std::string& actual,
                           const std::string& margin, std::optional<bool> met, const std::string& why) {
        out << fmt::format(
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td "
            "class=\"num\">{}</td><td>{}</td><td>{}</td></tr>\n",
            service, objective, target, actual, margin, verdict_cell(met), esc(why));
      };
      row("RTO", human_duration(o.rto_s), human_duration(o.time_to_restore_s), rto_margin(o), o.rto_met,
          rto_text(o));
      row("RPO", human_duration(o.rpo_s), human_duration(o.data_loss_window_s), rpo_margin(o), o.rpo_met,
          rpo_text(o));
      row("Data integrity", "none corrupted", fmt::format("{} corrupted", o.corrupted_remaining), "—",
          integrity_met(o), integrity_text(o));
    }
    out << "</table>\n";
  }
  if (has_named_levels(report)) {
    out << "<h3>Level claims</h3>\n<table class=\"levels\">\n<tr><th>Level</th><th>Claim</th><th>Took</th>"
           "<th>Verdict</th><th>Outcome</th><th>Why</th></tr>\n";
    for (std::size_t i = 0; i < report.plan.levels.size(); ++i) {
      const model::LevelOutcome& level = report.plan.levels[i];
      const metrics::LevelClaim& claim = report.level_claims.at(i);
      out << fmt::format(
          "<tr><td>{}</td><td class=\"num\">{}</td><td "
          "class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
          esc(level.name), human_duration(level.claim_s), human_duration(claim.elapsed_s),
          verdict_cell(claim.met), esc(level.outcome), esc(level_claim_text(level, claim)));
    }
    out << "</table>\n";
  }
  out << "</section>\n";
}

void charts(std::ostream& out, const Report& report) {
  out << "<section id=\"series\">\n<h2>Series</h2>\n";
  bool any = false;
  for (const auto& series : report.series) {
    if (series.version != "all") continue;
    out << "<h3>" << esc(series.service) << "</h3>\n";
    series_chart(out, report, series);
    any = true;
  }
  if (!any) out << "<p>The report holds no series.</p>\n";
  legend(out, report);
  out << "</section>\n";
}

void timeline(std::ostream& out, const Report& report) {
  out << "<section id=\"timeline\">\n<h2>Timeline</h2>\n";
  if (report.incidents.empty()) out << "<p>No fault was injected.</p>\n";
  for (const auto& incident : report.incidents) {
    out << fmt::format("<p>Incident on <strong>{}</strong>: fault {} injected at {:.1f} s.</p>\n",
                       esc(incident.service), esc(incident.fault), incident.fault_start_s);
    out << "<table class=\"instants\">\n<tr><th>Instant</th><th>At (s)</th><th>Since "
           "onset</th><th>Note</th></tr>\n";
    const auto onset = incident.instants.at(model::Instant::Onset);
    for (const auto instant : model::kInstants) {
      const auto t = incident.instants.at(instant);
      out << fmt::format(
          "<tr><td><span class=\"swatch\" style=\"color:{}\">■</span> {}</td><td class=\"num\">{}</td>"
          "<td class=\"num\">{}</td><td>{}</td></tr>\n",
          instant_colour(instant), model::to_string(instant), at_text(t), offset_text(t, onset),
          esc(instant_note(incident, instant)));
    }
    out << "</table>\n<p>" << esc(time_to_text(incident.metrics)) << "</p>\n";
  }
  out << "</section>\n";
}

void impact(std::ostream& out, const Report& report) {
  out << "<section id=\"impact\">\n<h2>Impact</h2>\n<table>\n<tr><th>Measure</th><th>Value</th></tr>\n";
  for (const auto& row : impact_rows(report))
    out << fmt::format("<tr><td>{}</td><td class=\"num\">{}</td></tr>\n", esc(row.measure), esc(row.value));
  out << "</table>\n</section>\n";
}

const char* step_colour(model::StepOutcome::Status status) {
  switch (status) {
    case model::StepOutcome::Status::Completed:
      return "#2da44e";
    case model::StepOutcome::Status::Failed:
      return "#cf222e";
    case model::StepOutcome::Status::Interrupted:
      return "#bf8700";
    default:
      return "#8c959f";
  }
}

// The steps as bars on a time axis spanning the plan, each level's claim as a band from its start,
// and the incident's instants.
void gantt(std::ostream& out, const Report& report) {
  const auto& steps = report.plan.steps;
  std::optional<double> t0;
  std::optional<double> t1;
  const auto widen = [&](std::optional<double> t) {
    if (!t) return;
    t0 = t0 ? std::min(*t0, *t) : *t;
    t1 = t1 ? std::max(*t1, *t) : *t;
  };
  for (const auto& step : steps) {
    widen(step.start_s);
    widen(step.end_s);
  }
  if (!t0) return;  // No step ran.
  for (const auto& level : report.plan.levels) {
    if (level.start_s && level.claim_s) widen(*level.start_s + *level.claim_s);
  }
  for (const auto& incident : report.incidents) {
    widen(incident.instants.at(model::Instant::Decide));
    widen(incident.instants.at(model::Instant::Restored));
  }
  const double pad = std::max((*t1 - *t0) * 0.03, 1.0);
  constexpr double kNameWidth = 260;
  constexpr double kRow = 22;
  constexpr double kTop = kLabelBand + 8;
  TimeAxis axis;
  axis.t0 = std::max(0.0, *t0 - pad);
  axis.t1 = std::min(std::max(report.scenario.duration_s, *t1), *t1 + pad);
  if (axis.t1 <= axis.t0) axis.t1 = axis.t0 + 1;
  axis.left = kNameWidth;
  axis.width = kWidth - kNameWidth - kRight;
  const double bottom = kTop + kRow * static_cast<double>(steps.size());
  const double height = bottom + kAxisBand;
  out << "<figure class=\"gantt\">\n";
  out << fmt::format(
             R"(<svg xmlns="http://www.w3.org/2000/svg" width="{0}" height="{1}" viewBox="0 0 {0} {1}" role="img" )"
             R"(aria-label="plan steps">)",
             num(kWidth), num(height))
      << "\n";
  time_ticks(out, axis, kTop, bottom);
  // Each level's claim: from the level's start for its claimed budget, over its steps' rows.
  for (std::size_t l = 0; l < report.plan.levels.size(); ++l) {
    const model::LevelOutcome& level = report.plan.levels[l];
    if (!level.start_s || !level.claim_s || level.name.empty()) continue;
    std::optional<std::size_t> first;
    std::size_t last = 0;
    for (std::size_t i = 0; i < steps.size(); ++i) {
      if (steps[i].level != level.name) continue;
      if (!first) first = i;
      last = i;
    }
    if (!first) continue;
    const double x0 = axis.x(*level.start_s);
    const double x1 = axis.x(std::min(*level.start_s + *level.claim_s, axis.t1));
    const metrics::LevelClaim& claim = report.level_claims.at(l);
    const char* edge = !claim.met ? "#8c959f" : *claim.met ? "#1a7f37" : "#cf222e";
    out << fmt::format(
               R"(<rect class="claim" x="{}" y="{}" width="{}" height="{}" fill="#ddf4ff" stroke="{}" )"
               R"(stroke-dasharray="4 2"><title>{}</title></rect>)",
               num(x0), num(kTop + kRow * static_cast<double>(*first) + 1), num(std::max(x1 - x0, 1.0)),
               num(kRow * static_cast<double>(last - *first + 1) - 2), edge,
               esc("level " + level.name + ": " + level_claim_text(level, claim)))
        << "\n";
  }
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const auto& step = steps[i];
    const double y = kTop + kRow * static_cast<double>(i);
    // Numbered as in the steps' table; the level's name is in the title and the table.
    const std::string name = fmt::format("{}. {}", i + 1, step.name);
    const std::string full = step.level.empty() ? name : name + " (" + step.level + ")";
    out << fmt::format(R"(<text x="4" y="{}">{}<title>{}</title></text>)", num(y + 15),
                       esc(shorten(name, 38)), esc(full))
        << "\n";
    if (!step.start_s) continue;
    const double end = step.end_s ? *step.end_s : axis.t1;
    const double x0 = axis.x(*step.start_s);
    const double x1 = axis.x(std::min(end, axis.t1));
    out << fmt::format(
               R"(<rect class="step" x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}: {}, {}</title></rect>)",
               num(x0), num(y + 5), num(std::max(x1 - x0, 2.0)), num(kRow - 10), step_colour(step.status),
               esc(full), esc(step_status_text(step)), esc(human_duration(step_took_s(step))))
        << "\n";
  }
  std::vector<const Report::Incident*> incidents;
  for (const auto& incident : report.incidents)
    incidents.push_back(&incident);
  instant_lines(out, axis, incidents, kTop, bottom, true);
  out << "</svg>\n<figcaption>Each step from its start to its end (green completed, red failed, amber "
         "interrupted); a dashed band is a level's claim from the level's start, edged green when met and "
         "red "
         "when missed.</figcaption>\n</figure>\n";
}

void plan(std::ostream& out, const Report& report) {
  out << "<section id=\"plan\">\n";
  if (report.plan.steps.empty() && report.plan.exit_state == "not_started") {
    out << "<h2>Plan</h2>\n<p>No plan ran"
        << (report.plan.reason.empty() ? std::string(".") : ": " + esc(report.plan.reason))
        << "</p>\n</section>\n";
    return;
  }
  out << "<h2>Plan" << (report.plan_name.empty() ? "" : ": " + esc(report.plan_name)) << "</h2>\n";
  out << fmt::format("<p>Exit state <strong>{}</strong>{}</p>\n", esc(report.plan.exit_state),
                     report.plan.reason.empty() ? std::string(".") : ": " + esc(report.plan.reason));
  gantt(out, report);
  const std::optional<double> onset = first_onset_s(report);
  out << "<table class=\"steps\">\n<tr><th>#</th><th>Level</th><th>Step</th><th>Action</th><th>Start (s)</th>"
         "<th>End (s)</th><th>Since onset</th><th>Took</th><th>Status</th><th>Detail</th></tr>\n";
  int n = 0;
  for (const auto& step : report.plan.steps) {
    out << fmt::format(
        "<tr><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td "
        "class=\"num\">{}"
        "</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>\n",
        ++n, esc(step.level), esc(step.name), esc(step.action), at_text(step.start_s), at_text(step.end_s),
        offset_text(step.start_s, onset), human_duration(step_took_s(step)), esc(step_status_text(step)),
        esc(step.detail));
  }
  out << "</table>\n</section>\n";
}

void data(std::ostream& out, const Report& report) {
  if (report.stores.empty()) return;
  out << "<section id=\"data\">\n<h2>Data</h2>\n<table>\n<tr><th>Store</th><th>Service</th><th>Committed</th>"
         "<th>Lost</th><th>Loss window</th><th>Corrupted</th><th>Corrupted left</th></tr>\n";
  for (const auto& store : report.stores) {
    out << fmt::format(
        "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td>"
        "<td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
        esc(store.store), esc(store.service), store.writes_committed, store.writes_lost,
        esc(loss_window_text(store)), store.writes_corrupted, store.corrupted_remaining);
  }
  out << "</table>\n</section>\n";
}

// A threshold or value as the report prints it: up to 6 significant digits.
std::string value_text(double v) {
  return fmt::format("{:.6g}", v);
}

// An alert's compared quantity at its evaluations (a step line per label set), its threshold, and the
// spans its alerts were pending (amber) and firing (red), under the incident's instants.
void alert_chart(std::ostream& out, const Report& report, const model::SignalRecord& signal) {
  const auto& rule = *signal.rule;
  TimeAxis axis;
  axis.t0 = 0;
  axis.t1 = std::max(report.scenario.duration_s, 1.0);
  std::vector<const Report::Incident*> incidents;
  for (const auto& incident : report.incidents)
    incidents.push_back(&incident);
  const double top = kPanelGap;
  const double height = top + 2 * kPanelHeight + kAxisBand;
  const double bottom = top + 2 * kPanelHeight;
  double max = rule.threshold.value_or(0.0);
  for (const auto& series : signal.values)
    for (const auto& v : series.value)
      if (v && std::isfinite(*v)) max = std::max(max, *v);
  max = max > 0 ? max * 1.1 : 1.0;
  const auto y = [&](double v) { return bottom - std::clamp(v, 0.0, max) / max * 2 * kPanelHeight; };
  out << fmt::format("<figure class=\"chart alert\" id=\"alert-{}\">\n", esc(signal.name));
  out << fmt::format(
             R"(<svg xmlns="http://www.w3.org/2000/svg" width="{0}" height="{1}" viewBox="0 0 {0} {1}" role="img" )"
             R"(aria-label="alert {2}">)",
             num(kWidth), num(height), esc(signal.name))
      << "\n";
  for (const auto& span : alert_spans(signal, axis.t1)) {
    out << fmt::format(
               R"(<rect class="{}" x="{}" y="{}" width="{}" height="{}" fill="{}" fill-opacity="0.18"><title>{} {}–{} s</title></rect>)",
               span.firing ? "firing" : "pending", num(axis.x(span.start_s)), num(top),
               num(axis.x(span.end_s) - axis.x(span.start_s)), num(2 * kPanelHeight),
               span.firing ? "#cf222e" : "#bf8700", span.firing ? "firing" : "pending", num(span.start_s),
               num(span.end_s))
        << "\n";
  }
  time_ticks(out, axis, top, bottom);
  const std::string condition =
      rule.threshold ? fmt::format("{} {} {}", rule.expression, rule.comparison, value_text(*rule.threshold))
                     : rule.expression;
  out << fmt::format(R"(<text class="title" x="{}" y="{}">{}</text>)", num(kLeft), num(top - 6),
                     esc(condition))
      << "\n";
  out << fmt::format(R"(<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="#d0d7de"/>)",
                     num(kLeft), num(top), num(axis.width), num(2 * kPanelHeight))
      << "\n";
  out << fmt::format(R"(<text x="{}" y="{}" text-anchor="end">{}</text>)", num(kLeft - 6), num(top + 10),
                     esc(value_text(max)))
      << "\n";
  out << fmt::format(R"(<text x="{}" y="{}" text-anchor="end">0</text>)", num(kLeft - 6), num(bottom))
      << "\n";
  for (const auto& series : signal.values) {
    // A step line: each point's value holds until the next point (or the drill's end).
    std::string path;
    bool pen_down = false;
    for (std::size_t i = 0; i < series.t_s.size(); ++i) {
      const double end = i + 1 < series.t_s.size() ? series.t_s[i + 1] : axis.t1;
      if (!series.value[i] || !std::isfinite(*series.value[i])) {
        pen_down = false;
        continue;
      }
      const double yv = y(*series.value[i]);
      path += fmt::format("{}{} {} L{} {} ", pen_down ? "L" : "M", num(axis.x(series.t_s[i])), num(yv),
                          num(axis.x(end)), num(yv));
      pen_down = true;
    }
    if (!path.empty()) path.pop_back();
    out << fmt::format(R"(<path class="value" d="{}" fill="none" stroke="#0969da" stroke-width="1.4"/>)",
                       path)
        << "\n";
  }
  if (rule.threshold) {
    out << fmt::format(
               R"(<line class="threshold" x1="{0}" y1="{1}" x2="{2}" y2="{1}" stroke="#cf222e" stroke-width="1.2" )"
               R"(stroke-dasharray="6 3"><title>threshold {3}</title></line>)",
               num(kLeft), num(y(*rule.threshold)), num(kLeft + axis.width), esc(value_text(*rule.threshold)))
        << "\n";
  }
  instant_lines(out, axis, incidents, top, bottom, false);
  out << fmt::format(R"(<text x="{}" y="{}" text-anchor="end">time since the drill began</text>)",
                     num(kWidth - kRight), num(height - 2))
      << "\n";
  out << "</svg>\n";
  std::string caption = fmt::format(
      "{}: the value the rule compared at each evaluation (every {}{}), its threshold (dashed), and when it "
      "was pending (amber) and firing (red); for {}, keep firing for {}",
      esc(signal.name), human_duration(rule.evaluation_interval_s),
      rule.window_s ? fmt::format(", over a {} window", human_duration(*rule.window_s)) : "",
      human_duration(rule.for_s), human_duration(rule.keep_firing_for_s));
  if (signal.values.size() > 1) caption += fmt::format("; {} label sets", signal.values.size());
  if (signal.values_truncated) caption += "; not every label set or point was recorded";
  out << "<figcaption>" << caption << ".</figcaption>\n</figure>\n";
}

void signals(std::ostream& out, const Report& report) {
  if (report.signals.empty()) return;
  out << "<section id=\"signals\">\n<h2>Detection signals</h2>\n<table>\n<tr><th>Signal</th><th>Kind</th>"
         "<th>Service</th><th>First fired (s)</th></tr>\n";
  for (const auto& s : report.signals) {
    out << fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>\n", esc(s.name),
                       esc(s.kind), esc(s.service), fired_text(s));
  }
  out << "</table>\n";
  for (const auto& s : report.signals) {
    if (!s.rule || s.values.empty()) continue;
    out << "<h3>Alert " << esc(s.name) << "</h3>\n";
    alert_chart(out, report, s);
  }
  out << "</section>\n";
}

void assumptions(std::ostream& out, const Report& report) {
  out << "<section id=\"assumptions\">\n<h2>Assumptions</h2>\n";
  if (report.scenario.assumptions.empty()) {
    out << "<p>" << kNoAssumption << "</p>\n";
  } else {
    out << "<p>" << kAssumptionsIntro << "</p>\n<ul>\n";
    for (const auto& assumption : report.scenario.assumptions)
      out << "<li>" << esc(assumption) << "</li>\n";
    out << "</ul>\n";
  }
  out << "</section>\n";
}

}  // namespace

std::string html_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::vector<ChartPoint> thin_series(const std::vector<double>& values, std::size_t buckets) {
  std::vector<ChartPoint> points;
  const std::size_t n = values.size();
  if (n <= 2 * buckets) {
    for (std::size_t i = 0; i < n; ++i)
      points.push_back({i, values[i]});
    return points;
  }
  points.reserve(2 * buckets);
  for (std::size_t b = 0; b < buckets; ++b) {
    const std::size_t begin = b * n / buckets;
    const std::size_t end = (b + 1) * n / buckets;
    std::optional<std::size_t> low;
    std::optional<std::size_t> high;
    for (std::size_t i = begin; i < end; ++i) {
      if (!std::isfinite(values[i])) continue;
      if (!low || values[i] < values[*low]) low = i;
      if (!high || values[i] > values[*high]) high = i;
    }
    if (!low) {
      points.push_back({begin, values[begin]});
      continue;
    }
    const std::size_t first = std::min(*low, *high);
    const std::size_t second = std::max(*low, *high);
    points.push_back({first, values[first]});
    if (second != first) points.push_back({second, values[second]});
  }
  return points;
}

std::string html_report(const Report& report) {
  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<title>Drill report: " << esc(report.scenario.name) << "</title>\n<style>" << kStyle
      << "</style>\n</head>\n<body>\n";
  header(out, report);
  verdicts(out, report);
  charts(out, report);
  timeline(out, report);
  impact(out, report);
  plan(out, report);
  data(out, report);
  signals(out, report);
  assumptions(out, report);
  out << "<section id=\"lessons\" class=\"lessons\">\n<h2>Lessons</h2>\n<p>For the team to fill in after the "
         "review: what went well, what went wrong, where we were lucky, action items.</p>\n</section>\n";
  out << "<footer><p class=\"description\">Written by " << esc(report.generator)
      << " from the drill's report.</p></footer>\n</body>\n</html>\n";
  return out.str();
}

}  // namespace drillsim::report::formats
