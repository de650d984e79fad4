#include "gui/result_widgets.hpp"

#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QCursor>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

#include "gui/aggregate_models.hpp"
#include "gui/palette.hpp"
#include "gui/report_facts.hpp"
#include "gui/report_widgets.hpp"
#include "gui/result_models.hpp"

namespace drillsim::gui {

namespace {

QString qs(const std::string& s) {
  return QString::fromStdString(s);
}

QChartView* new_chart_view(QWidget* parent, const QString& name, const QString& title) {
  auto* chart = new QChart();
  chart->setAnimationOptions(QChart::NoAnimation);
  chart->legend()->setAlignment(Qt::AlignBottom);
  chart->setMargins(QMargins(4, 4, 4, 4));
  chart->setTitle(title);
  auto* view = new QChartView(chart, parent);
  view->setRenderHint(QPainter::Antialiasing);
  view->setObjectName(name);
  view->setMinimumHeight(220);
  return view;
}

void clear_chart(QChartView* view) {
  QChart* chart = view->chart();
  chart->removeAllSeries();
  for (QAbstractAxis* axis : chart->axes()) {
    chart->removeAxis(axis);
    delete axis;
  }
}

QLabel* new_headline(QWidget* parent, const QString& name) {
  auto* label = new QLabel(parent);
  label->setWordWrap(true);
  label->setTextInteractionFlags(Qt::TextSelectableByMouse);
  label->setObjectName(name);
  return label;
}

QTableView* new_table(QWidget* parent, StudyTable* model, const QString& name) {
  QTableView* view = new_table_view(parent, model);
  view->setObjectName(name);
  view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  view->horizontalHeader()->setStretchLastSection(true);
  return view;
}

// Sizes a table to its rows (at most `max_rows`, then it scrolls), so that the chart gets the rest.
void fit_rows(QTableView* view, int max_rows = 12) {
  const int rows = std::clamp(view->model()->rowCount(), 1, max_rows);
  view->setFixedHeight(view->horizontalHeader()->sizeHint().height() +
                       rows * view->verticalHeader()->defaultSectionSize() + 2 * view->frameWidth() + 4);
}

// A chart of labelled rows (the first at the top) on a value axis: each row holds marks of several
// kinds, each mark a point with an optional interval drawn as an error bar, and vertical reference
// lines across every row.
struct MarkKind {
  QString name;
  QColor colour;
  QScatterSeries::MarkerShape shape = QScatterSeries::MarkerShapeCircle;
  double size = 12;
  double offset = 0;  // Up from the row's line, in rows.
  bool hollow = false;
};
struct Mark {
  int kind = 0;
  double x = 0;
  std::optional<std::pair<double, double>> interval;
  QString tooltip;
};
struct Row {
  QString label;
  std::vector<Mark> marks;
};
struct Reference {
  double x = 0;
  QString name;
  QColor colour;
  Qt::PenStyle style = Qt::SolidLine;
};

void draw_rows_chart(QChartView* view, const std::vector<MarkKind>& kinds, const std::vector<Row>& rows,
                     std::pair<double, double> x_range, const QString& x_title, const QString& x_format,
                     const std::vector<Reference>& references, double tick_interval = 0) {
  clear_chart(view);
  QChart* chart = view->chart();
  auto* x = new QValueAxis();
  x->setRange(x_range.first, x_range.second);
  x->setTitleText(x_title);
  x->setLabelFormat(x_format);
  if (tick_interval > 0) {
    x->setTickType(QValueAxis::TicksDynamic);
    x->setTickAnchor(0);
    x->setTickInterval(tick_interval);
  } else {
    x->applyNiceNumbers();  // Round ticks (−80, −60, …) rather than the range's fifths.
  }
  auto* y = new QCategoryAxis();
  y->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
  const auto n = static_cast<double>(rows.size());
  const double y_lo = -0.6;
  const double y_hi = std::max(0.6, n - 0.4);
  y->setStartValue(y_lo);
  for (std::size_t i = rows.size(); i-- > 0;)
    y->append(rows[i].label, n - 1 - static_cast<double>(i));
  y->setRange(y_lo, y_hi);
  y->setGridLineVisible(false);
  chart->addAxis(x, Qt::AlignBottom);
  chart->addAxis(y, Qt::AlignLeft);
  const auto attach = [&](QXYSeries* s, bool in_legend) {
    chart->addSeries(s);
    s->attachAxis(x);
    s->attachAxis(y);
    if (!in_legend) {
      for (QLegendMarker* m : chart->legend()->markers(s))
        m->setVisible(false);
    }
  };
  for (const Reference& r : references) {
    auto* line = new QLineSeries();
    line->setName(r.name);
    QPen pen(r.colour);
    pen.setWidthF(1.5);
    pen.setStyle(r.style);
    line->setPen(pen);
    line->append(r.x, y_lo);
    line->append(r.x, y_hi);
    attach(line, !r.name.isEmpty());
  }
  // Error bars first, so that the points are drawn over them: an I from lo to hi.
  const double cap = 0.08;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const double row_y = n - 1 - static_cast<double>(i);
    for (const Mark& m : rows[i].marks) {
      if (!m.interval) continue;
      const MarkKind& k = kinds[static_cast<std::size_t>(m.kind)];
      const double yy = row_y + k.offset;
      auto* bar = new QLineSeries();
      QPen pen(k.colour);
      pen.setWidthF(2);
      bar->setPen(pen);
      const auto [lo, hi] = *m.interval;
      bar->append({QPointF(lo, yy + cap), QPointF(lo, yy - cap), QPointF(lo, yy), QPointF(hi, yy),
                   QPointF(hi, yy + cap), QPointF(hi, yy - cap)});
      attach(bar, false);
    }
  }
  for (std::size_t k = 0; k < kinds.size(); ++k) {
    const MarkKind& kind = kinds[k];
    auto* points = new QScatterSeries();
    points->setName(kind.name);
    points->setMarkerShape(kind.shape);
    points->setMarkerSize(kind.size);
    if (kind.hollow) {
      points->setBrush(Qt::NoBrush);
      points->setPen(QPen(kind.colour, 2.5));
    } else {
      points->setColor(kind.colour);
      points->setBorderColor(kind.colour.darker(140));
    }
    std::vector<std::pair<QPointF, QString>> tips;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      for (const Mark& m : rows[i].marks) {
        if (m.kind != static_cast<int>(k)) continue;
        const QPointF p(m.x, n - 1 - static_cast<double>(i) + kind.offset);
        points->append(p);
        tips.emplace_back(p, m.tooltip);
      }
    }
    attach(points, true);
    if (points->count() == 0) {
      // A kind without a mark stays out of the legend.
      for (QLegendMarker* m : chart->legend()->markers(points))
        m->setVisible(false);
    }
    QObject::connect(points, &QScatterSeries::hovered, view, [tips](const QPointF& point, bool on) {
      if (!on) {
        QToolTip::hideText();
        return;
      }
      for (const auto& [p, text] : tips) {
        if (std::abs(p.x() - point.x()) < 1e-9 && std::abs(p.y() - point.y()) < 1e-9 && !text.isEmpty()) {
          QToolTip::showText(QCursor::pos(), text);
          return;
        }
      }
    });
  }
}

// A range around every value and 0, with a margin.
std::pair<double, double> padded_range(double lo, double hi) {
  lo = std::min(lo, 0.0);
  hi = std::max(hi, 0.0);
  const double span = std::max(hi - lo, 1e-9);
  return {lo - 0.08 * span, hi + 0.08 * span};
}

using palette::better;
using palette::unclear;
using palette::worse;

// 0 better, 1 worse, 2 neither: by where the interval lies against 0.
int change_kind(const std::pair<double, double>& interval, bool higher_is_better) {
  if (interval.first > 0) return higher_is_better ? 0 : 1;
  if (interval.second < 0) return higher_is_better ? 1 : 0;
  return 2;
}

QWidget* vertical_box(QWidget* parent, std::initializer_list<QWidget*> children) {
  auto* box = new QWidget(parent);
  box->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);  // No taller than its table.
  auto* layout = new QVBoxLayout(box);
  layout->setContentsMargins(0, 0, 0, 0);
  for (QWidget* c : children) {
    c->setParent(box);
    layout->addWidget(c);
  }
  return box;
}

}  // namespace

// --- Capacity ---------------------------------------------------------------------------------------

CapacityWidget::CapacityWidget(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  headline_ = new_headline(this, QStringLiteral("capacity-headline"));
  layout->addWidget(headline_);
  auto* splitter = new QSplitter(Qt::Vertical, this);
  chart_ = new_chart_view(splitter, QStringLiteral("capacity-chart"),
                          tr("Stable replica counts tried, per service"));
  splitter->addWidget(chart_);
  services_ = new StudyTable(this);
  probes_ = new StudyTable(this);
  services_view_ = new_table(splitter, services_, QStringLiteral("capacity-services"));
  probes_view_ = new_table(splitter, probes_, QStringLiteral("capacity-probes"));
  auto* services_title = new QLabel(tr("<b>Per service</b>"), splitter);
  auto* probes_title = new QLabel(tr("<b>Every count tried</b>, in the order tried"), splitter);
  splitter->addWidget(vertical_box(splitter, {services_title, services_view_}));
  splitter->addWidget(vertical_box(splitter, {probes_title, probes_view_}));
  splitter->setStretchFactor(0, 1);
  splitter->setStretchFactor(1, 0);
  splitter->setStretchFactor(2, 0);
  layout->addWidget(splitter, 1);
}

void CapacityWidget::setReport(const CapacityReport& r) {
  headline_->setText(
      tr("<b>Capacity</b> of %1 (%2): the fewest stable replicas that keep each service's SLO while the "
         "stable version takes all of its traffic. %3 drill(s) per count (seeds from %4); a count passes "
         "when every one keeps every SLI window within the SLO, judged from %5 s to %6 s; counts up to %7.")
          .arg(qs(r.scenario_name).toHtmlEscaped(), qs(r.scenario_file).toHtmlEscaped())
          .arg(r.runs_per_count)
          .arg(r.seed)
          .arg(r.judged_from_s, 0, 'f', 0)
          .arg(r.judged_to_s, 0, 'f', 0)
          .arg(r.max_replicas));
  fill_capacity(*services_, r);
  fill_capacity_probes(*probes_, r);
  fit_rows(services_view_);
  fit_rows(probes_view_);

  const std::vector<MarkKind> kinds{
      {tr("passed: every run within the SLO"), better(), QScatterSeries::MarkerShapeCircle, 13, 0, false},
      {tr("failed"), worse(), QScatterSeries::MarkerShapeRectangle, 12, 0, false},
      {tr("fewest that passes"), better(), QScatterSeries::MarkerShapeStar, 24, 0, false},
      {tr("today's count"), QColor(0x21, 0x21, 0x21), QScatterSeries::MarkerShapeCircle, 26, 0, true}};
  std::vector<Row> rows;
  double x_max = 1;
  for (const auto& s : r.services) {
    Row row;
    row.label = qs(s.service);
    if (!s.fewest_replicas) row.label += tr(" (none ≤ %1)").arg(r.max_replicas);
    int order = 0;
    for (const auto& p : s.probes) {
      ++order;
      const bool fewest = s.fewest_replicas && *s.fewest_replicas == p.replicas;
      const QString tip = tr("%1 at %2 replicas (tried %3th): %4 of %5 runs within the SLO; worst window: "
                             "error ratio %6, slow share %7; utilisation %8")
                              .arg(qs(s.service))
                              .arg(p.replicas)
                              .arg(order)
                              .arg(p.runs_within_slo)
                              .arg(p.runs)
                              .arg(p.worst_window_error_ratio, 0, 'f', 4)
                              .arg(p.worst_window_slow_share, 0, 'f', 4)
                              .arg(format_percent(p.utilisation));
      row.marks.push_back({fewest ? 2 : (p.passed ? 0 : 1), static_cast<double>(p.replicas), {}, tip});
      x_max = std::max(x_max, static_cast<double>(p.replicas));
    }
    row.marks.push_back({3,
                         static_cast<double>(s.today_replicas),
                         {},
                         tr("%1 today: %2 stable replicas").arg(qs(s.service)).arg(s.today_replicas)});
    x_max = std::max(x_max, static_cast<double>(s.today_replicas));
    rows.push_back(std::move(row));
  }
  const double tick = x_max <= 16 ? 1 : 0;
  draw_rows_chart(chart_, kinds, rows, {0, x_max + 1}, tr("stable replicas"), QStringLiteral("%d"), {}, tick);
}

// --- Assessment -------------------------------------------------------------------------------------

AssessmentWidget::AssessmentWidget(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  headline_ = new_headline(this, QStringLiteral("assessment-headline"));
  layout->addWidget(headline_);
  auto* splitter = new QSplitter(Qt::Vertical, this);
  chart_ = new_chart_view(splitter, QStringLiteral("assessment-chart"),
                          tr("P(met) per service and disruption type, with Wilson intervals, against the "
                             "policy's threshold"));
  splitter->addWidget(chart_);
  results_ = new StudyTable(this);
  results_view_ = new_table(splitter, results_, QStringLiteral("assessment-results"));
  splitter->addWidget(results_view_);
  splitter->setStretchFactor(0, 1);
  splitter->setStretchFactor(1, 0);
  layout->addWidget(splitter, 1);
}

void AssessmentWidget::setReport(const AssessmentReport& r) {
  QStringList targets;
  for (const auto& t : r.policy_targets) {
    targets.append(tr("%1 RTO %2 / RPO %3")
                       .arg(qs(t.disruption_type), format_duration(t.rto_s), format_duration(t.rpo_s)));
  }
  QStringList scenarios;
  for (const auto& s : r.scenarios) {
    scenarios.append(tr("%1 (%2, %3: %4 runs, seed %5)")
                         .arg(qs(s.name).toHtmlEscaped(), qs(s.fault_kind), qs(s.disruption_type))
                         .arg(s.runs)
                         .arg(s.seed));
  }
  QString text =
      tr("<b>Assessment</b> against policy <b>%1</b>%2: %3. PolicyMet when at least %4 of the runs meet "
         "both targets; %5% Wilson intervals. Scenarios: %6.")
          .arg(r.policy_name.empty() ? tr("(unnamed)") : qs(r.policy_name).toHtmlEscaped(),
               r.policy_tier.empty() ? QString()
                                     : QStringLiteral(" [%1]").arg(qs(r.policy_tier).toHtmlEscaped()),
               targets.isEmpty() ? tr("no targets") : targets.join(QStringLiteral("; ")),
               format_percent(r.met_at))
          .arg(r.confidence * 100.0, 0, 'g', 3)
          .arg(scenarios.join(QStringLiteral(", ")));
  if (!r.not_applicable.empty()) {
    QStringList types;
    for (const auto& t : r.not_applicable)
      types.append(qs(t));
    text += tr(" No scenario for: %1 (not applicable).").arg(types.join(QStringLiteral(", ")));
  }
  if (r.runs_with_violations > 0)
    text += tr(" <b>%1 run(s) broke an invariant.</b>").arg(r.runs_with_violations);
  headline_->setText(text);
  fill_assessment(*results_, r);
  fit_rows(results_view_);

  const std::vector<MarkKind> kinds{
      {tr("P(RTO met)"), palette::stable(), QScatterSeries::MarkerShapeCircle, 9, 0.25, false},
      {tr("P(RPO met)"), palette::new_version(), QScatterSeries::MarkerShapeRectangle, 9, -0.25, false},
      {tr("P(both met): PolicyMet"), better(), QScatterSeries::MarkerShapeCircle, 14, 0, false},
      {tr("P(both met): PolicyBreached"), worse(), QScatterSeries::MarkerShapeCircle, 14, 0, false}};
  std::vector<Row> rows;
  const auto mark = [](int kind, const std::optional<Proportion>& p, const QString& what) {
    std::optional<Mark> m;
    if (!p || !p->p) return m;
    std::optional<std::pair<double, double>> interval;
    if (p->wilson) interval = std::pair(p->wilson->first * 100.0, p->wilson->second * 100.0);
    m = Mark{kind, *p->p * 100.0, interval,
             QStringLiteral("%1: %2 (%3 of %4 runs), Wilson %5")
                 .arg(what, format_percent(p->p))
                 .arg(p->count)
                 .arg(p->of)
                 .arg(format_interval(p->wilson))};
    return m;
  };
  for (const auto& a : r.results) {
    Row row;
    row.label = QStringLiteral("%1 · %2").arg(qs(a.service), qs(a.disruption_type));
    if (a.compliance_status == "MissingPolicy") row.label += tr(" (no target)");
    const QString who = row.label;
    if (auto m = mark(0, a.rto.met, who + tr(" P(RTO met)"))) row.marks.push_back(*m);
    if (auto m = mark(1, a.rpo.met, who + tr(" P(RPO met)"))) row.marks.push_back(*m);
    const int both = a.compliance_status == "PolicyMet" ? 2 : 3;
    if (auto m = mark(both, a.both_met, who + tr(" P(both met), ") + qs(a.compliance_status)))
      row.marks.push_back(*m);
    rows.push_back(std::move(row));
  }
  draw_rows_chart(chart_, kinds, rows, {-2, 102}, tr("P(met), % of runs"), QStringLiteral("%.0f%%"),
                  {{r.met_at * 100.0, tr("policy threshold: met at %1").arg(format_percent(r.met_at)),
                    palette::threshold(), Qt::DashLine}},
                  10);
}

// --- Comparison -------------------------------------------------------------------------------------

ComparisonWidget::ComparisonWidget(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  headline_ = new_headline(this, QStringLiteral("comparison-headline"));
  layout->addWidget(headline_);
  pages_ = new QTabWidget(this);
  pages_->setObjectName(QStringLiteral("comparison-pages"));
  layout->addWidget(pages_, 1);

  auto* splitter = new QSplitter(Qt::Vertical, pages_);
  auto* charts = new QWidget(splitter);
  auto* charts_layout = new QHBoxLayout(charts);
  charts_layout->setContentsMargins(0, 0, 0, 0);
  p_chart_ = new_chart_view(charts, QStringLiteral("comparison-p-rto"),
                            tr("Change in P(RTO met), percentage points"));
  ttr_chart_ = new_chart_view(charts, QStringLiteral("comparison-p95"),
                              tr("Change in the p95 time to restore, seconds"));
  charts_layout->addWidget(p_chart_);
  charts_layout->addWidget(ttr_chart_);
  splitter->addWidget(charts);
  candidates_ = new StudyTable(this);
  candidates_view_ = new_table(splitter, candidates_, QStringLiteral("comparison-candidates"));
  splitter->addWidget(candidates_view_);
  splitter->setStretchFactor(0, 1);
  splitter->setStretchFactor(1, 0);
  pages_->addTab(splitter, tr("Candidates"));

  auto* per_service = new QSplitter(Qt::Vertical, pages_);
  services_chart_ = new_chart_view(
      per_service, QStringLiteral("comparison-services"),
      tr("Change per service in P(RTO met) (circles) and P(RPO met) (squares), percentage points"));
  per_service->addWidget(services_chart_);
  services_ = new StudyTable(this);
  services_view_ = new_table(per_service, services_, QStringLiteral("comparison-services-table"));
  per_service->addWidget(services_view_);
  per_service->setStretchFactor(0, 1);
  per_service->setStretchFactor(1, 0);
  pages_->addTab(per_service, tr("Per service"));
}

bool ComparisonWidget::setPage(const QString& name) {
  if (name == QLatin1String("candidates")) {
    pages_->setCurrentIndex(0);
    return true;
  }
  if (name == QLatin1String("services") && pages_->isTabEnabled(1)) {
    pages_->setCurrentIndex(1);
    return true;
  }
  return false;
}

void ComparisonWidget::setReport(const ComparisonReport& r) {
  const QString level = QString::number(r.confidence * 100.0, 'g', 3) + QLatin1Char('%');
  headline_->setText(
      tr("<b>Comparison</b> of %1 candidate(s) against the baseline of %2 (%3), ranked by %12: %4 runs "
         "each with the same seeds (from %5). Baseline%6: P(RTO met) %7, p95 time to restore %8. Intervals: "
         "%9 %10 bootstrap of the paired runs (%11 resamples); green when the whole interval is better than "
         "no change, red when it is worse.")
          .arg(r.candidates.size())
          .arg(qs(r.scenario_name).toHtmlEscaped(), qs(r.scenario_file).toHtmlEscaped())
          .arg(r.runs)
          .arg(r.seed)
          .arg(r.baseline_settings.empty()
                   ? QString()
                   : QStringLiteral(" (%1)").arg(format_settings(r.baseline_settings).toHtmlEscaped()),
               format_percent(r.baseline_p_rto_met),
               r.baseline_p95_time_to_restore_s
                   ? QStringLiteral("%1 s").arg(*r.baseline_p95_time_to_restore_s, 0, 'f', 1)
                   : tr("— (never restored)"),
               level, qs(r.bootstrap_method).toHtmlEscaped())
          .arg(r.bootstrap_resamples)
          .arg(QStringLiteral("<b>%1</b>").arg(qs(r.ranked_by_text()).toHtmlEscaped())));
  fill_comparison(*candidates_, r);
  fit_rows(candidates_view_);

  const std::vector<MarkKind> kinds{
      {tr("better (interval clear of 0)"), better(), QScatterSeries::MarkerShapeCircle, 13, 0, false},
      {tr("worse (interval clear of 0)"), worse(), QScatterSeries::MarkerShapeCircle, 13, 0, false},
      {tr("interval reaches 0"), unclear(), QScatterSeries::MarkerShapeCircle, 13, 0, false}};
  std::vector<Row> p_rows;
  std::vector<Row> q_rows;
  double p_lo = 0, p_hi = 0, q_lo = 0, q_hi = 0;
  for (const auto& c : r.candidates) {
    const QString label = QStringLiteral("%1. %2").arg(c.rank).arg(qs(c.name));
    const auto& d = c.delta_p_rto_met;
    const std::pair<double, double> points{d.interval.first * 100.0, d.interval.second * 100.0};
    p_rows.push_back({label,
                      {{change_kind(d.interval, true), d.estimate * 100.0, points,
                        tr("%1: %2 points (%3 to %4); P(RTO met) %5; %6 run(s) gained, %7 lost")
                            .arg(label, format_points(d.estimate), format_points(d.interval.first),
                                 format_points(d.interval.second), format_percent(c.p_rto_met))
                            .arg(c.runs_gained)
                            .arg(c.runs_lost)}}});
    p_lo = std::min(p_lo, points.first);
    p_hi = std::max(p_hi, points.second);
    Row q{label, {}};
    if (const auto& dq = c.delta_p95_time_to_restore_s) {
      q.marks.push_back({change_kind(dq->interval, false), dq->estimate, dq->interval,
                         tr("%1: %2 s (%3 to %4); p95 time to restore %5 s")
                             .arg(label)
                             .arg(dq->estimate, 0, 'f', 1)
                             .arg(dq->interval.first, 0, 'f', 1)
                             .arg(dq->interval.second, 0, 'f', 1)
                             .arg(c.p95_time_to_restore_s ? QString::number(*c.p95_time_to_restore_s, 'f', 1)
                                                          : QStringLiteral("—"))});
      q_lo = std::min(q_lo, dq->interval.first);
      q_hi = std::max(q_hi, dq->interval.second);
    } else {
      q.label += tr(" (no restore)");
    }
    q_rows.push_back(std::move(q));
  }
  const std::vector<Reference> zero{{0, tr("no change"), QColor(0x21, 0x21, 0x21), Qt::SolidLine}};
  draw_rows_chart(p_chart_, kinds, p_rows, padded_range(p_lo, p_hi), tr("points (candidate − baseline)"),
                  QStringLiteral("%+.0f"), zero);
  draw_rows_chart(ttr_chart_, kinds, q_rows, padded_range(q_lo, q_hi), tr("seconds (candidate − baseline)"),
                  QStringLiteral("%+.0f"), zero);
  drawServices(r);
}

void ComparisonWidget::drawServices(const ComparisonReport& r) {
  fill_comparison_services(*services_, r);
  fit_rows(services_view_, 16);
  // Services in the order of the first candidate that has them (the scenario's), then any other.
  std::vector<std::string> services;
  for (const auto& c : r.candidates) {
    for (const auto& s : c.services) {
      if (std::find(services.begin(), services.end(), s.service) == services.end())
        services.push_back(s.service);
    }
  }
  pages_->setTabEnabled(1, !services.empty());
  pages_->setTabToolTip(1, services.empty() ? tr("This file has no per-service changes (an older drillsim "
                                                 "wrote it).")
                                            : QString());
  if (services.empty()) {
    pages_->setCurrentIndex(0);
    clear_chart(services_chart_);
    return;
  }
  // Kinds 0–2: the RTO's change (circles, above the row's line), 3–5 the RPO's (squares, below), each
  // better / worse / reaching 0 as on the Candidates page.
  const std::vector<MarkKind> kinds{
      {tr("RTO better"), better(), QScatterSeries::MarkerShapeCircle, 11, 0.18, false},
      {tr("RTO worse"), worse(), QScatterSeries::MarkerShapeCircle, 11, 0.18, false},
      {tr("RTO reaches 0"), unclear(), QScatterSeries::MarkerShapeCircle, 11, 0.18, false},
      {tr("RPO better"), better(), QScatterSeries::MarkerShapeRectangle, 10, -0.18, false},
      {tr("RPO worse"), worse(), QScatterSeries::MarkerShapeRectangle, 10, -0.18, false},
      {tr("RPO reaches 0"), unclear(), QScatterSeries::MarkerShapeRectangle, 10, -0.18, false}};
  std::vector<Row> rows;
  double lo = 0, hi = 0;
  const auto mark = [&](int first_kind, const Difference& d, const QString& what, double p,
                        std::int64_t gained, std::int64_t lost) {
    const std::pair<double, double> points{d.interval.first * 100.0, d.interval.second * 100.0};
    lo = std::min(lo, points.first);
    hi = std::max(hi, points.second);
    return Mark{
        first_kind + change_kind(d.interval, true), d.estimate * 100.0, points,
        tr("%1: %2 points (%3 to %4); %5 %6; %7 run(s) gained, %8 lost")
            .arg(what, format_points(d.estimate), format_points(d.interval.first),
                 format_points(d.interval.second), what.section(QLatin1Char(' '), -2), format_percent(p))
            .arg(gained)
            .arg(lost)};
  };
  for (const auto& service : services) {
    for (const auto& c : r.candidates) {
      for (const auto& s : c.services) {
        if (s.service != service) continue;
        const QString label = QStringLiteral("%1 · %2. %3").arg(qs(s.service)).arg(c.rank).arg(qs(c.name));
        rows.push_back({label,
                        {mark(0, s.delta_p_rto_met, label + tr(" P(RTO met)"), s.p_rto_met, s.rto_runs_gained,
                              s.rto_runs_lost),
                         mark(3, s.delta_p_rpo_met, label + tr(" P(RPO met)"), s.p_rpo_met, s.rpo_runs_gained,
                              s.rpo_runs_lost)}});
      }
    }
  }
  const std::vector<Reference> zero{{0, tr("no change"), QColor(0x21, 0x21, 0x21), Qt::SolidLine}};
  draw_rows_chart(services_chart_, kinds, rows, padded_range(lo, hi), tr("points (candidate − baseline)"),
                  QStringLiteral("%+.0f"), zero);
}

// --- The tab ----------------------------------------------------------------------------------------

ResultWidget::ResultWidget(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  stack_ = new QStackedWidget(this);
  hint_ = new QLabel(
      tr("Open a capacity, assessment or comparison report (drillsim capacity, drillsim assess, drillsim run "
         "--candidate / --compare) to see it here."),
      stack_);
  hint_->setWordWrap(true);
  hint_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
  hint_->setMargin(8);
  capacity_ = new CapacityWidget(stack_);
  assessment_ = new AssessmentWidget(stack_);
  comparison_ = new ComparisonWidget(stack_);
  stack_->addWidget(hint_);
  stack_->addWidget(capacity_);
  stack_->addWidget(assessment_);
  stack_->addWidget(comparison_);
  layout->addWidget(stack_);
}

void ResultWidget::setResult(ResultPtr result) {
  result_ = std::move(result);
  if (!result_) {
    stack_->setCurrentWidget(hint_);
    return;
  }
  if (const auto* c = result_->capacity()) {
    capacity_->setReport(*c);
    stack_->setCurrentWidget(capacity_);
  } else if (const auto* a = result_->assessment()) {
    assessment_->setReport(*a);
    stack_->setCurrentWidget(assessment_);
  } else if (const auto* m = result_->comparison()) {
    comparison_->setReport(*m);
    stack_->setCurrentWidget(comparison_);
  }
}

}  // namespace drillsim::gui
