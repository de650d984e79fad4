#include "gui/result_models.hpp"

#include <limits>

#include "gui/palette.hpp"
#include "gui/report_facts.hpp"

namespace drillsim::gui {

namespace {

using Cell = StudyTable::Cell;

QString qs(const std::string& s) {
  return QString::fromStdString(s);
}

Cell text_cell(const QString& text) {
  return {text, text, text, {}, {}};
}

Cell count_cell(std::int64_t n) {
  return {QString::number(n), QVariant::fromValue<qlonglong>(n), static_cast<double>(n), {}, {}};
}

Cell optional_count_cell(std::optional<std::int64_t> n, const QString& absent) {
  if (!n) return {absent, {}, std::numeric_limits<double>::infinity(), {}, {}};
  return count_cell(*n);
}

Cell number_cell(std::optional<double> v, int decimals, const QString& absent = QStringLiteral("—")) {
  if (!v) return {absent, {}, std::numeric_limits<double>::infinity(), {}, {}};
  return {QString::number(*v, 'f', decimals), *v, *v, {}, {}};
}

Cell seconds_cell(std::optional<double> v, const QString& absent = QStringLiteral("—")) {
  Cell c = number_cell(v, 0, absent);
  if (v) c.tooltip = format_duration(v);
  return c;
}

Cell percent_cell(std::optional<double> p) {
  return {format_percent(p), p ? QVariant(*p) : QVariant(), p ? *p : -1.0, {}, {}};
}

Cell proportion_cell(const std::optional<Proportion>& p) {
  if (!p) return percent_cell(std::nullopt);
  Cell c = percent_cell(p->p);
  c.tooltip = QStringLiteral("%1 of %2 runs").arg(p->count).arg(p->of);
  return c;
}

Cell wilson_cell(const std::optional<Proportion>& p) {
  const std::optional<std::pair<double, double>> w = p ? p->wilson : std::nullopt;
  Cell c{format_interval(w), {}, w ? w->first : -1.0, {}, {}};
  if (w) c.value = QVariantList{w->first, w->second};
  return c;
}

QString signed_number(double v, int decimals) {
  QString text = QString::number(v, 'f', decimals);
  if (text.startsWith(QLatin1Char('-'))) {
    text.replace(0, 1, QChar(0x2212));  // A minus sign, as wide as the plus.
  } else if (v > 0) {
    text.prepend(QLatin1Char('+'));
  }
  return text;
}

// Green when the whole interval is on the better side of 0, red when on the worse side.
QColor change_colour(const std::pair<double, double>& interval, bool higher_is_better) {
  const bool above = interval.first > 0;
  const bool below = interval.second < 0;
  if (above) return higher_is_better ? palette::met() : palette::missed();
  if (below) return higher_is_better ? palette::missed() : palette::met();
  return {};
}

}  // namespace

QString format_settings(const std::vector<std::pair<std::string, std::string>>& settings) {
  QStringList parts;
  for (const auto& [pointer, value] : settings)
    parts.append(qs(pointer) + QLatin1Char('=') + qs(value));
  return parts.isEmpty() ? QStringLiteral("(none)") : parts.join(QStringLiteral(", "));
}

QString format_points(std::optional<double> delta) {
  if (!delta) return QStringLiteral("—");
  return signed_number(*delta * 100.0, 1);
}

void fill_capacity(StudyTable& table, const CapacityReport& r) {
  std::vector<std::vector<Cell>> rows;
  for (const auto& s : r.services) {
    std::vector<Cell> row;
    row.push_back(text_cell(qs(s.service)));
    row.push_back(count_cell(s.today_replicas));
    Cell fewest = optional_count_cell(s.fewest_replicas, QStringLiteral("> %1").arg(r.max_replicas));
    const bool enough = s.fewest_replicas && *s.fewest_replicas <= s.today_replicas;
    fewest.background = enough ? palette::met() : palette::missed();
    fewest.tooltip =
        !s.fewest_replicas ? QStringLiteral("no count up to %1 replicas kept the SLO").arg(r.max_replicas)
        : enough           ? QStringLiteral("today's %1 replicas are enough").arg(s.today_replicas)
                 : QStringLiteral("short of %1 replica(s) today").arg(*s.fewest_replicas - s.today_replicas);
    row.push_back(fewest);
    Cell headroom = optional_count_cell(s.headroom_replicas, QStringLiteral("—"));
    if (s.headroom_replicas && *s.headroom_replicas > 0) headroom.text.prepend(QLatin1Char('+'));
    if (s.headroom_replicas && *s.headroom_replicas < 0) headroom.text.replace(0, 1, QChar(0x2212));
    headroom.background = fewest.background;
    row.push_back(headroom);
    row.push_back(percent_cell(s.utilisation_at_today));
    row.push_back(percent_cell(s.utilisation_at_fewest));
    row.push_back(percent_cell(s.utilisation_stable));
    row.push_back(percent_cell(s.utilisation_new));
    row.push_back(percent_cell(s.utilisation_all));
    QStringList tried;
    for (const auto& p : s.probes)
      tried.append(QStringLiteral("%1: %2/%3").arg(p.replicas).arg(p.runs_within_slo).arg(p.runs));
    Cell t = text_cell(tried.join(QStringLiteral(", ")));
    t.tooltip = QStringLiteral("replica counts in the order tried: runs within the SLO of runs");
    row.push_back(t);
    rows.push_back(std::move(row));
  }
  table.setTable(
      {QStringLiteral("service"), QStringLiteral("today"), QStringLiteral("fewest"),
       QStringLiteral("headroom"), QStringLiteral("util. at today"), QStringLiteral("util. at fewest"),
       QStringLiteral("drill: stable"), QStringLiteral("drill: new"), QStringLiteral("drill: all"),
       QStringLiteral("tried (runs within SLO)")},
      std::move(rows));
}

void fill_capacity_probes(StudyTable& table, const CapacityReport& r) {
  std::vector<std::vector<Cell>> rows;
  for (const auto& s : r.services) {
    for (const auto& p : s.probes) {
      std::vector<Cell> row;
      row.push_back(text_cell(qs(s.service)));
      row.push_back(count_cell(p.replicas));
      row.push_back(count_cell(p.runs));
      row.push_back(count_cell(p.runs_within_slo));
      Cell passed{p.passed ? QStringLiteral("passed") : QStringLiteral("failed"),
                  p.passed,
                  p.passed ? 1.0 : 0.0,
                  {},
                  p.passed ? palette::met() : palette::missed()};
      row.push_back(passed);
      row.push_back(number_cell(p.worst_window_error_ratio, 4));
      row.push_back(number_cell(p.worst_window_slow_share, 4));
      row.push_back(percent_cell(p.utilisation));
      rows.push_back(std::move(row));
    }
  }
  table.setTable(
      {QStringLiteral("service"), QStringLiteral("replicas"), QStringLiteral("runs"),
       QStringLiteral("within SLO"), QStringLiteral("verdict"), QStringLiteral("worst error ratio"),
       QStringLiteral("worst slow share"), QStringLiteral("utilisation")},
      std::move(rows));
}

void fill_assessment(StudyTable& table, const AssessmentReport& r) {
  const QString unbounded = QStringLiteral("unbounded");
  std::vector<std::vector<Cell>> rows;
  for (const auto& a : r.results) {
    std::vector<Cell> row;
    row.push_back(text_cell(qs(a.service)));
    row.push_back(text_cell(qs(a.disruption_type)));
    Cell status = text_cell(qs(a.compliance_status));
    status.background = a.compliance_status == "PolicyMet"        ? palette::met()
                        : a.compliance_status == "PolicyBreached" ? palette::missed()
                                                                  : palette::neutral();
    row.push_back(status);
    row.push_back(count_cell(a.runs));
    // A quantile is "unbounded" when the file has null for it and there were runs.
    const QString absent = a.runs > 0 ? unbounded : QStringLiteral("—");
    for (const AssessmentObjective* o : {&a.rto, &a.rpo}) {
      row.push_back(seconds_cell(o->target_s));
      row.push_back(proportion_cell(o->met));
      row.push_back(wilson_cell(o->met));
      row.push_back(seconds_cell(o->p50_s, absent));
      row.push_back(seconds_cell(o->p95_s, absent));
    }
    row.push_back(proportion_cell(a.both_met));
    row.push_back(wilson_cell(a.both_met));
    rows.push_back(std::move(row));
  }
  table.setTable(
      {QStringLiteral("service"), QStringLiteral("type"), QStringLiteral("status"), QStringLiteral("runs"),
       QStringLiteral("RTO s"), QStringLiteral("P(RTO met)"), QStringLiteral("RTO Wilson"),
       QStringLiteral("p50 RTO s"), QStringLiteral("p95 RTO s"), QStringLiteral("RPO s"),
       QStringLiteral("P(RPO met)"), QStringLiteral("RPO Wilson"), QStringLiteral("p50 RPO s"),
       QStringLiteral("p95 RPO s"), QStringLiteral("P(both met)"), QStringLiteral("both Wilson")},
      std::move(rows));
}

void fill_comparison(StudyTable& table, const ComparisonReport& r) {
  const QString level = QString::number(r.confidence * 100.0, 'g', 3) + QLatin1Char('%');
  // Ranked by one service's objective: that service's change, the rank's key, right after the name.
  const bool by_service = r.ranked_by_service.has_value();
  const QString ranked = qs(r.ranked_by_text());
  std::vector<std::vector<Cell>> rows;
  for (const auto& c : r.candidates) {
    std::vector<Cell> row;
    row.push_back(count_cell(c.rank));
    row.push_back(text_cell(qs(c.name)));
    if (by_service) {
      // The change the rank was decided on, first, as the console prints it.
      if (const auto& d = c.ranked_change) {
        const QColor colour = change_colour(d->interval, true);
        row.push_back({format_points(d->estimate), d->estimate, d->estimate,
                       QStringLiteral("%1 of the candidate minus the baseline's, in percentage points: the "
                                      "change the candidates are ranked by")
                           .arg(ranked),
                       colour});
        row.push_back({format_points(d->interval.first) + QStringLiteral(" to ") + format_points(d->interval.second),
                       QVariantList{d->interval.first, d->interval.second}, d->interval.first, {}, colour});
      } else {
        row.push_back(text_cell(QStringLiteral("—")));
        row.push_back(text_cell(QStringLiteral("—")));
      }
    }
    Cell settings = text_cell(format_settings(r.own_settings(c)));
    settings.tooltip = QStringLiteral("with the baseline's: ") + format_settings(c.settings);
    row.push_back(settings);
    row.push_back(percent_cell(c.p_rto_met));
    Cell dp{format_points(c.delta_p_rto_met.estimate), c.delta_p_rto_met.estimate, c.delta_p_rto_met.estimate,
            QStringLiteral("P(RTO met) of the candidate minus the baseline's, in percentage points"),
            change_colour(c.delta_p_rto_met.interval, true)};
    row.push_back(dp);
    const auto& i = c.delta_p_rto_met.interval;
    Cell di{format_points(i.first) + QStringLiteral(" to ") + format_points(i.second),
            QVariantList{i.first, i.second},
            i.first,
            {},
            dp.background};
    row.push_back(di);
    row.push_back(seconds_cell(c.p95_time_to_restore_s));
    if (const auto& d = c.delta_p95_time_to_restore_s) {
      const QColor colour = change_colour(d->interval, false);
      row.push_back({signed_number(d->estimate, 1), d->estimate, d->estimate, {}, colour});
      row.push_back({signed_number(d->interval.first, 1) + QStringLiteral(" to ") +
                         signed_number(d->interval.second, 1),
                     QVariantList{d->interval.first, d->interval.second},
                     d->interval.first,
                     {},
                     colour});
    } else {
      const QString why = QStringLiteral("a side never restored");
      row.push_back({QStringLiteral("—"), {}, std::numeric_limits<double>::infinity(), why, {}});
      row.push_back({QStringLiteral("—"), {}, std::numeric_limits<double>::infinity(), why, {}});
    }
    row.push_back(count_cell(c.runs_gained));
    row.push_back(count_cell(c.runs_lost));
    rows.push_back(std::move(row));
  }
  QStringList headers{QStringLiteral("rank"), QStringLiteral("candidate")};
  if (by_service)
    headers << QStringLiteral("%1 change, points").arg(ranked)
            << QStringLiteral("%1 %2 interval").arg(ranked, level);
  headers << QStringLiteral("its settings") << QStringLiteral("P(RTO met)") << QStringLiteral("change, points")
          << QStringLiteral("points, %1 interval").arg(level) << QStringLiteral("p95 TTR s")
          << QStringLiteral("change, s") << QStringLiteral("seconds, %1 interval").arg(level)
          << QStringLiteral("gained") << QStringLiteral("lost");
  table.setTable(headers, std::move(rows));
}

void fill_comparison_services(StudyTable& table, const ComparisonReport& r) {
  const QString level = QString::number(r.confidence * 100.0, 'g', 3) + QLatin1Char('%');
  // The change in points and its interval, coloured by the interval.
  const auto change = [&](std::vector<Cell>& row, const Difference& d, const QString& what) {
    const QColor colour = change_colour(d.interval, true);
    row.push_back({format_points(d.estimate), d.estimate, d.estimate,
                   QStringLiteral("%1 of the candidate minus the baseline's, in percentage points").arg(what),
                   colour});
    row.push_back(
        {format_points(d.interval.first) + QStringLiteral(" to ") + format_points(d.interval.second),
         QVariantList{d.interval.first, d.interval.second}, d.interval.first,
         QStringLiteral("%1 paired bootstrap interval").arg(level), colour});
  };
  std::vector<std::vector<Cell>> rows;
  for (const auto& c : r.candidates) {
    for (const auto& s : c.services) {
      const BaselineService* base = r.baseline_service(s.service);
      std::vector<Cell> row;
      row.push_back(count_cell(c.rank));
      row.push_back(text_cell(qs(c.name)));
      row.push_back(text_cell(qs(s.service)));
      row.push_back(percent_cell(base ? std::optional(base->p_rto_met) : std::nullopt));
      row.push_back(percent_cell(s.p_rto_met));
      change(row, s.delta_p_rto_met, QStringLiteral("P(RTO met)"));
      row.push_back(count_cell(s.rto_runs_gained));
      row.push_back(count_cell(s.rto_runs_lost));
      row.push_back(percent_cell(base ? std::optional(base->p_rpo_met) : std::nullopt));
      row.push_back(percent_cell(s.p_rpo_met));
      change(row, s.delta_p_rpo_met, QStringLiteral("P(RPO met)"));
      row.push_back(count_cell(s.rpo_runs_gained));
      row.push_back(count_cell(s.rpo_runs_lost));
      rows.push_back(std::move(row));
    }
  }
  table.setTable(
      {QStringLiteral("rank"), QStringLiteral("candidate"), QStringLiteral("service"),
       QStringLiteral("baseline P(RTO)"), QStringLiteral("P(RTO met)"), QStringLiteral("RTO change"),
       QStringLiteral("RTO %1 interval").arg(level), QStringLiteral("RTO gained"), QStringLiteral("RTO lost"),
       QStringLiteral("baseline P(RPO)"), QStringLiteral("P(RPO met)"), QStringLiteral("RPO change"),
       QStringLiteral("RPO %1 interval").arg(level), QStringLiteral("RPO gained"),
       QStringLiteral("RPO lost")},
      std::move(rows));
}

}  // namespace drillsim::gui
