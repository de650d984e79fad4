#include "gui/report_widgets.hpp"

#include <QAreaSeries>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QCategoryAxis>
#include <QCursor>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QHorizontalBarSeries>
#include <QHorizontalStackedBarSeries>
#include <QLabel>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>
#include <QSplitter>
#include <QTableView>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>

#include "gui/palette.hpp"
#include "gui/table_models.hpp"

namespace drillsim::gui {

namespace {

QString qs(const std::string& s) {
  return QString::fromStdString(s);
}

// Replaces the single child widget of `holder` with `widget`.
void put_in(QWidget* holder, QWidget* widget) {
  auto* layout = holder->layout();
  while (QLayoutItem* item = layout->takeAt(0)) {
    delete item->widget();
    delete item;
  }
  if (widget) layout->addWidget(widget);
}

QWidget* new_holder(QWidget* parent) {
  auto* holder = new QWidget(parent);
  auto* layout = new QVBoxLayout(holder);
  layout->setContentsMargins(0, 0, 0, 0);
  return holder;
}

void hide_legend_marker(QChart* chart, QAbstractSeries* series) {
  for (QLegendMarker* marker : chart->legend()->markers(series))
    marker->setVisible(false);
}

QString headline_style(const QColor& background) {
  return QStringLiteral("QLabel { background: %1; padding: 6px; border-radius: 3px; }")
      .arg(background.name());
}

}  // namespace

QTableView* new_table_view(QWidget* parent, QAbstractItemModel* model) {
  auto* view = new QTableView(parent);
  view->setEditTriggers(QAbstractItemView::NoEditTriggers);
  view->setSelectionBehavior(QAbstractItemView::SelectRows);
  view->setAlternatingRowColors(true);
  view->verticalHeader()->setVisible(false);
  view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 6);
  view->horizontalHeader()->setStretchLastSection(true);
  view->setWordWrap(false);
  view->setModel(model);
  QObject::connect(model, &QAbstractItemModel::modelReset, view, [view] { view->resizeColumnsToContents(); });
  return view;
}

ChartView* make_phases_view(const std::vector<PhaseBar>& bars, QWidget* parent) {
  ChartView* view = new_time_chart_view(parent);
  view->setObjectName(QStringLiteral("phases"));
  QChart* chart = view->chart();
  QValueAxis* x = view->timeAxis();
  x->setTitleText(QObject::tr("seconds since onset"));

  auto* series = new QHorizontalStackedBarSeries();
  series->setBarWidth(0.55);
  double longest = 1;
  for (int k = 0; k < Phases::kCount; ++k) {
    bool any = false;
    for (const auto& bar : bars)
      any = any || bar.phases.seconds[static_cast<std::size_t>(k)].value_or(0) > 0;
    if (!any && k == Phases::Start) continue;  // Usually nothing between decide and the first step.
    auto* set = new QBarSet(QString::fromUtf8(kPhaseNames[static_cast<std::size_t>(k)]));
    set->setColor(palette::phase(k));
    set->setBorderColor(palette::phase(k).darker(130));
    // Category 0 is drawn at the bottom: append the bars last to first, so the first is at the top.
    for (auto bar = bars.rbegin(); bar != bars.rend(); ++bar)
      set->append(bar->phases.seconds[static_cast<std::size_t>(k)].value_or(0));
    const std::vector<PhaseBar> copy(bars.rbegin(), bars.rend());
    QObject::connect(set, &QBarSet::hovered, view, [copy, k](bool on, int index) {
      if (!on || index < 0 || index >= static_cast<int>(copy.size())) return;
      QToolTip::showText(
          QCursor::pos(),
          QStringLiteral("%1: %2 — %3")
              .arg(copy[static_cast<std::size_t>(index)].label,
                   QString::fromUtf8(kPhaseNames[static_cast<std::size_t>(k)]),
                   format_duration(
                       copy[static_cast<std::size_t>(index)].phases.seconds[static_cast<std::size_t>(k)])));
    });
    series->append(set);
  }
  QStringList categories;
  for (const auto& bar : bars) {
    categories.prepend(bar.label);
    double total = 0;
    for (const auto& s : bar.phases.seconds)
      total += s.value_or(0);
    longest =
        std::max({longest, total, bar.phases.rto_s.value_or(0), bar.phases.time_to_restore_s.value_or(0)});
  }
  chart->addSeries(series);
  auto* y = new QBarCategoryAxis();
  y->append(categories);
  chart->addAxis(y, Qt::AlignLeft);
  series->attachAxis(x);
  series->attachAxis(y);
  series->setLabelsVisible(true);
  series->setLabelsFormat(QStringLiteral("@value s"));
  series->setLabelsPrecision(3);

  auto* restored = new QScatterSeries();
  restored->setName(QObject::tr("time to restore"));
  restored->setMarkerShape(QScatterSeries::MarkerShapeRotatedRectangle);
  restored->setMarkerSize(13);
  restored->setColor(Qt::black);
  restored->setBorderColor(Qt::white);
  bool rto_in_legend = false;
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const auto& p = bars[i].phases;
    const double row = static_cast<double>(bars.size() - 1 - i);
    if (p.rto_s) {
      auto* rto = new QLineSeries();
      rto->setName(QObject::tr("RTO"));
      rto->setPen(QPen(palette::rto(), 3));
      rto->append(*p.rto_s, row - 0.42);
      rto->append(*p.rto_s, row + 0.42);
      chart->addSeries(rto);
      rto->attachAxis(x);
      rto->attachAxis(y);
      if (rto_in_legend) hide_legend_marker(chart, rto);
      rto_in_legend = true;
    }
    if (p.time_to_restore_s) restored->append(*p.time_to_restore_s, row);
  }
  chart->addSeries(restored);
  restored->attachAxis(x);
  restored->attachAxis(y);
  if (restored->count() == 0) hide_legend_marker(chart, restored);

  // The RTOs, labelled above the bars.
  std::vector<ChartView::Marker> markers;
  for (const auto& bar : bars) {
    const auto rto = bar.phases.rto_s;
    if (!rto || std::any_of(markers.begin(), markers.end(), [&](const auto& m) { return m.t_s == *rto; }))
      continue;
    markers.push_back({*rto, QObject::tr("RTO %1").arg(format_duration(*rto)), palette::rto(),
                       QObject::tr("recovery time objective: %1").arg(format_duration(*rto))});
  }
  view->setLabelRows(std::min<int>(2, static_cast<int>(markers.size())));
  view->setMarkers(std::move(markers));
  view->setTimeBounds(0, longest * 1.08);
  return view;
}

// ---------------------------------------------------------------------------------------------------
// PhasesWidget

PhasesWidget::PhasesWidget(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  headline_ = new QLabel(this);
  headline_->setWordWrap(true);
  layout->addWidget(headline_);
  auto* splitter = new QSplitter(Qt::Vertical, this);
  chart_holder_ = new_holder(splitter);
  splitter->addWidget(chart_holder_);

  objectives_model_ = new ObjectivesModel(this);
  auto* objectives = new_table_view(splitter, objectives_model_);
  objectives->setObjectName(QStringLiteral("objectives"));
  splitter->addWidget(objectives);

  instants_model_ = new InstantsModel(this);
  auto* instants = new_table_view(splitter, instants_model_);
  instants->setObjectName(QStringLiteral("instants"));
  splitter->addWidget(instants);
  splitter->setStretchFactor(0, 3);
  splitter->setStretchFactor(1, 1);
  splitter->setStretchFactor(2, 2);
  layout->addWidget(splitter, 1);
}

void PhasesWidget::setReport(ReportPtr report) {
  report_ = std::move(report);
  objectives_model_->setReport(report_);
  instants_model_->setIncident(report_, 0);
  phases_view_ = nullptr;
  put_in(chart_holder_, nullptr);
  if (!report_) {
    headline_->clear();
    headline_->setStyleSheet(QString());
    return;
  }

  const auto& r = *report_;
  if (r.incidents.empty()) {
    headline_->setText(tr("This drill injected no fault: there is no incident, hence no phases."));
    headline_->setStyleSheet(headline_style(palette::neutral()));
    return;
  }
  std::vector<PhaseBar> bars;
  QStringList lines;
  bool all_met = true;
  for (const auto& incident : r.incidents) {
    const Phases p = phases_of(r, incident);
    bars.push_back({qs(incident.service) + QStringLiteral(": ") + qs(incident.fault), p});
    const auto* objective = objective_for(r, incident.service);
    QString line = tr("Incident on %1: %2 injected at %3 s; time to restore %4")
                       .arg(qs(incident.service), qs(incident.fault), format_time(incident.fault_start_s),
                            format_duration(incident.metrics.time_to_restore_s));
    if (objective) {
      line += tr(" against an RTO of %1 — %2 (%3)")
                  .arg(format_duration(objective->rto_s), objective->rto_met ? tr("met") : tr("MISSED"),
                       qs(objective->reason));
      all_met = all_met && objective->rto_met;
    }
    lines.append(line);
  }
  headline_->setText(lines.join(QLatin1Char('\n')));
  headline_->setStyleSheet(headline_style(all_met ? palette::met() : palette::missed()));
  phases_view_ = make_phases_view(bars, chart_holder_);
  phases_view_->setMinimumHeight(160 + 40 * static_cast<int>(bars.size()));
  put_in(chart_holder_, phases_view_);
}

// ---------------------------------------------------------------------------------------------------
// PlanWidget

PlanWidget::PlanWidget(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  headline_ = new QLabel(this);
  headline_->setWordWrap(true);
  layout->addWidget(headline_);

  auto* splitter = new QSplitter(Qt::Vertical, this);
  gantt_holder_ = new_holder(splitter);
  splitter->addWidget(gantt_holder_);

  auto* levels_row = new QSplitter(Qt::Horizontal, splitter);
  levels_holder_ = new_holder(levels_row);
  levels_row->addWidget(levels_holder_);
  levels_model_ = new LevelsModel(this);
  auto* levels = new_table_view(levels_row, levels_model_);
  levels->setObjectName(QStringLiteral("levels"));
  levels_row->addWidget(levels);
  levels_row->setStretchFactor(0, 1);
  levels_row->setStretchFactor(1, 1);
  splitter->addWidget(levels_row);

  steps_model_ = new StepsModel(this);
  auto* steps = new_table_view(splitter, steps_model_);
  steps->setObjectName(QStringLiteral("steps"));
  steps_view_ = steps;
  splitter->addWidget(steps);
  splitter->setStretchFactor(0, 3);
  splitter->setStretchFactor(1, 2);
  splitter->setStretchFactor(2, 2);
  layout->addWidget(splitter, 1);
}

void PlanWidget::setReport(ReportPtr report) {
  report_ = std::move(report);
  steps_model_->setReport(report_);
  levels_model_->setReport(report_);
  // The runbook lines of each step, when the plan was imported from one.
  const bool sourced = report_ && std::any_of(report_->plan.steps.begin(), report_->plan.steps.end(),
                                              [](const auto& step) { return step.source_line > 0; });
  steps_view_->setColumnHidden(StepsModel::Source, !sourced);
  if (!report_) {
    put_in(gantt_holder_, nullptr);
    put_in(levels_holder_, nullptr);
    gantt_view_ = levels_view_ = nullptr;
    headline_->clear();
    headline_->setStyleSheet(QString());
    return;
  }
  const auto& plan = report_->plan;
  const bool good = plan.exit_state == "completed";
  const bool bad = plan.exit_state == "aborted" || plan.exit_state == "blocked";
  headline_->setText(
      tr("Plan “%1”: exit state <b>%2</b> — %3")
          .arg(report_->plan_name.empty() ? tr("(none)") : qs(report_->plan_name).toHtmlEscaped(),
               qs(plan.exit_state), qs(plan.reason).toHtmlEscaped()));
  headline_->setStyleSheet(headline_style(good  ? palette::met()
                                          : bad ? palette::missed()
                                                : QColor(0xff, 0xe0, 0xb2)));
  rebuildGantt();
  rebuildLevels();
}

void PlanWidget::rebuildGantt() {
  const auto& r = *report_;
  const auto& steps = r.plan.steps;
  ChartView* view = new_time_chart_view(gantt_holder_);
  view->setObjectName(QStringLiteral("plan-gantt"));
  QChart* chart = view->chart();
  chart->legend()->hide();
  const int n = static_cast<int>(steps.size());
  constexpr double kLabelSpace = 1.0;  // Rows above the steps kept free for the markers' labels.

  auto* y = new QCategoryAxis();
  y->setRange(0, n + kLabelSpace);
  y->setLabelsPosition(QCategoryAxis::AxisLabelsPositionCenter);
  y->setGridLineVisible(false);
  // Step i occupies [n-1-i, n-i]: the first step at the top. Category boundaries must increase.
  for (int i = n - 1; i >= 0; --i) {
    const auto& step = steps[static_cast<std::size_t>(i)];
    QString label = QStringLiteral("%1. %2").arg(i + 1).arg(qs(step.name));
    if (!step.start_s) label += tr(" (not run)");
    y->append(label, n - i);
  }
  y->append(QStringLiteral(" "), n + kLabelSpace);
  chart->addAxis(y, Qt::AlignLeft);

  double from = r.scenario.duration_s;
  double to = 0;
  for (int i = 0; i < n; ++i) {
    const auto& step = steps[static_cast<std::size_t>(i)];
    if (!step.start_s) continue;
    const double end = step.end_s.value_or(r.scenario.duration_s);
    from = std::min(from, *step.start_s);
    to = std::max(to, end);
    const double row = n - 1 - i;
    auto* upper = new QLineSeries();
    upper->append(*step.start_s, row + 0.8);
    upper->append(std::max(end, *step.start_s + 1e-3), row + 0.8);
    auto* lower = new QLineSeries();
    lower->append(*step.start_s, row + 0.2);
    lower->append(std::max(end, *step.start_s + 1e-3), row + 0.2);
    auto* bar = new QAreaSeries(upper, lower);
    upper->setParent(bar);
    lower->setParent(bar);
    const QColor colour = palette::step_status(step.status);
    bar->setColor(colour);
    bar->setBorderColor(colour.darker(140));
    bar->setName(qs(step.name));
    chart->addSeries(bar);
    bar->attachAxis(view->timeAxis());
    bar->attachAxis(y);
    const QString tip =
        QStringLiteral("%1 (%2)\n%3 – %4 s, took %5\n%6, %7 attempt(s)%8")
            .arg(qs(step.name), qs(step.action), format_time(step.start_s), format_time(end),
                 format_duration(end - *step.start_s), QString::fromUtf8(model::to_string(step.status)))
            .arg(step.attempts)
            .arg(step.detail.empty() ? QString() : QStringLiteral("\n") + qs(step.detail));
    connect(bar, &QAreaSeries::hovered, view, [tip](const QPointF&, bool on) {
      if (on) QToolTip::showText(QCursor::pos(), tip);
    });
  }

  // The instants the plan answers to, and the RTO deadline (onset + RTO).
  std::vector<ChartView::Marker> markers;
  for (const auto& incident : r.incidents) {
    for (const auto instant : {model::Instant::Decide, model::Instant::Restored, model::Instant::Verified}) {
      if (const auto t = incident.instants.at(instant)) {
        markers.push_back({*t, QString::fromUtf8(model::to_string(instant)), palette::instant(instant),
                           QStringLiteral("%1 at %2 s")
                               .arg(QString::fromUtf8(model::to_string(instant)), format_time(*t))});
        from = std::min(from, *t);
        to = std::max(to, *t);
      }
    }
    const auto onset = incident.instants.at(model::Instant::Onset);
    const auto* objective = objective_for(r, incident.service);
    if (onset && objective) {
      const double deadline = *onset + objective->rto_s;
      markers.push_back(
          {deadline, tr("RTO deadline"), palette::rto(),
           tr("onset + RTO = %1 s + %2").arg(format_time(*onset), format_duration(objective->rto_s))});
      to = std::max(to, deadline);
    }
  }
  if (to <= from) {
    from = 0;
    to = r.scenario.duration_s;
  }
  view->setMarkers(std::move(markers));
  view->setLabelRows(2);
  const double pad = (to - from) * 0.04;
  view->setTimeBounds(std::max(0.0, from - pad), std::min(r.scenario.duration_s, to + pad));
  // Rows tall enough that the label space (one row) holds the two label rows.
  view->setMinimumHeight((n + 1) * (2 * view->rowHeight() + 6) + 70);
  gantt_view_ = view;
  put_in(gantt_holder_, view);
}

void PlanWidget::rebuildLevels() {
  const auto& levels = report_->plan.levels;
  ChartView* view = new_time_chart_view(levels_holder_);
  view->setObjectName(QStringLiteral("plan-levels"));
  QChart* chart = view->chart();
  view->timeAxis()->setTitleText(tr("seconds"));
  auto* claimed = new QBarSet(tr("claimed budget"));
  claimed->setColor(QColor(0xbd, 0xbd, 0xbd));
  auto* simulated = new QBarSet(tr("simulated time"));
  simulated->setColor(palette::phase(Phases::Rollback));
  QStringList names;
  double longest = 1;
  // Category 0 is drawn at the bottom: append the levels last to first, so the first is at the top.
  for (auto it = levels.rbegin(); it != levels.rend(); ++it) {
    const auto& level = *it;
    names.append(level.name.empty() ? tr("(the plan)") : qs(level.name));
    const double elapsed = level.start_s && level.end_s ? *level.end_s - *level.start_s : 0;
    claimed->append(level.claim_s.value_or(0));
    simulated->append(elapsed);
    longest = std::max({longest, elapsed, level.claim_s.value_or(0)});
  }
  auto* series = new QHorizontalBarSeries();
  series->append(claimed);
  series->append(simulated);
  chart->addSeries(series);
  auto* y = new QBarCategoryAxis();
  y->append(names);
  chart->addAxis(y, Qt::AlignLeft);
  series->attachAxis(view->timeAxis());
  series->attachAxis(y);
  view->setTimeBounds(0, longest * 1.1);
  view->setMinimumHeight(140 + 36 * static_cast<int>(levels.size()));
  view->setMinimumWidth(400);
  levels_view_ = view;
  put_in(levels_holder_, view);
}

}  // namespace drillsim::gui
