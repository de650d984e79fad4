#include "gui/report_facts.hpp"

#include <QLocale>

#include <cmath>

#include "report/formats/text.hpp"

namespace drillsim::gui {

// The report writers' own wording, so that the viewer, the console's tables, the HTML page and the
// Markdown summary write a duration alike (a tie such as 0.25 s rounds to even: "0.2 s").
QString format_duration(std::optional<double> seconds) {
  return QString::fromStdString(report::formats::human_duration(seconds));
}

QString format_time(std::optional<double> t_s) {
  return t_s ? QString::number(*t_s, 'f', 1) : QStringLiteral("—");
}

QString format_count(std::uint64_t n) {
  QString digits = QString::number(n);
  for (qsizetype i = digits.size() - 3; i > 0; i -= 3)
    digits.insert(i, QChar(0x2009));  // Thin space: unambiguous in every locale.
  return digits;
}

QString format_money(double amount) {
  return QString::number(amount, 'f', 2);
}

Phases phases_of(const report::Report& report, const report::Report::Incident& incident) {
  using model::Instant;
  const auto& at = incident.instants;
  const auto between = [&at](Instant from, Instant to) -> std::optional<double> {
    if (!at.at(from) || !at.at(to)) return std::nullopt;
    return *at.at(to) - *at.at(from);
  };
  Phases p;
  p.seconds[Phases::Detect] = incident.metrics.time_to_detect_s;
  p.seconds[Phases::Decide] = incident.metrics.time_to_decide_s;
  p.seconds[Phases::Start] = between(Instant::Decide, Instant::RollbackStart);
  p.seconds[Phases::Rollback] = incident.metrics.time_to_rollback_s;
  p.seconds[Phases::Verify] = between(Instant::RollbackEnd, Instant::Verified);
  p.time_to_restore_s = incident.metrics.time_to_restore_s;
  if (const auto* objective = objective_for(report, incident.service)) p.rto_s = objective->rto_s;
  return p;
}

const metrics::ObjectiveVerdict* objective_for(const report::Report& report, const std::string& service) {
  for (const auto& objective : report.objectives) {
    if (objective.service == service) return &objective;
  }
  return nullptr;
}

const report::Report::Incident* incident_on(const report::Report& report, const std::string& service) {
  for (const auto& incident : report.incidents) {
    if (incident.service == service) return &incident;
  }
  return nullptr;
}

std::uint64_t writes_lost(const report::Report& report, const std::string& service) {
  std::uint64_t lost = 0;
  for (const auto& store : report.stores) {
    if (store.service == service) lost += store.writes_lost;
  }
  return lost;
}

QStringList services_of(const report::Report& report) {
  QStringList out;
  for (const auto& s : report.series) {
    const QString name = QString::fromStdString(s.service);
    if (!out.contains(name)) out.append(name);
  }
  return out;
}

}  // namespace drillsim::gui
