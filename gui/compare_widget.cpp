#include "gui/compare_widget.hpp"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineSeries>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

#include "gui/palette.hpp"
#include "gui/report_facts.hpp"
#include "gui/report_widgets.hpp"
#include "gui/series_view.hpp"
#include "gui/table_models.hpp"
#include "gui/thinning.hpp"
#include "gui/timeline_widget.hpp"

namespace drillsim::gui {

namespace {

QColor report_colour(std::size_t i) {
  static const QColor kColours[] = {palette::stable(),        palette::new_version(),
                                    QColor(0x2c, 0xa0, 0x2c), QColor(0x94, 0x67, 0xbd),
                                    QColor(0x8c, 0x56, 0x4b), QColor(0xe3, 0x77, 0xc2)};
  return kColours[i % std::size(kColours)];
}

}  // namespace

CompareWidget::CompareWidget(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  hint_ = new QLabel(this);
  hint_->setWordWrap(true);
  layout->addWidget(hint_);
  auto* splitter = new QSplitter(Qt::Vertical, this);
  charts_ = new QWidget(splitter);
  auto* charts_layout = new QHBoxLayout(charts_);
  charts_layout->setContentsMargins(0, 0, 0, 0);
  splitter->addWidget(charts_);
  model_ = new CompareModel(this);
  auto* table = new_table_view(splitter, model_);
  table->setObjectName(QStringLiteral("comparison"));
  table->verticalHeader()->setVisible(true);
  table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  splitter->addWidget(table);
  splitter->setStretchFactor(0, 3);
  splitter->setStretchFactor(1, 2);
  layout->addWidget(splitter, 1);
}

void CompareWidget::rethin(double from_s, double to_s) {
  for (auto& c : curves_) {
    QList<QPointF> points =
        thin_series(c.values, 1.0, from_s + c.shift_s, to_s + c.shift_s, TimelineWidget::kMaxPointsPerSeries);
    for (auto& p : points)
      p.setX(p.x() - c.shift_s);
    c.series->replace(points);
  }
}

void CompareWidget::setReports(std::vector<ReportPtr> reports, QStringList titles) {
  curves_.clear();
  delete phases_view_;
  delete aligned_view_;
  phases_view_ = aligned_view_ = nullptr;
  if (reports.size() < 2) {
    hint_->setText(
        tr("Open two or more reports (File ▸ Open, or drillsim-viewer A.json B.json) to compare "
           "their phases and metrics: runbook A against runbook B, this quarter against the last."));
    model_->setReports({}, {});
    return;
  }
  hint_->setText(
      tr("Comparing %1 reports. The lowest time or impact of each row is shaded green.").arg(reports.size()));

  std::vector<PhaseBar> bars;
  for (std::size_t i = 0; i < reports.size(); ++i) {
    const auto& r = *reports[i];
    Phases p;
    if (!r.incidents.empty()) p = phases_of(r, r.incidents.front());
    bars.push_back({titles[static_cast<qsizetype>(i)], p});
  }
  phases_view_ = make_phases_view(bars, charts_);
  charts_->layout()->addWidget(phases_view_);

  // The error ratio of each incident's service (all versions), on the time since its fault started.
  aligned_view_ = new_time_chart_view(charts_);
  aligned_view_->setObjectName(QStringLiteral("aligned-error-ratio"));
  QChart* chart = aligned_view_->chart();
  aligned_view_->timeAxis()->setTitleText(tr("seconds since the fault was injected"));
  auto* y = new QValueAxis();
  y->setTitleText(tr("error ratio"));
  y->setTitleFont(aligned_view_->timeAxis()->titleFont());
  chart->addAxis(y, Qt::AlignLeft);
  double from = 0;
  double to = 1;
  double y_max = 0.01;
  for (std::size_t i = 0; i < reports.size(); ++i) {
    const auto& r = *reports[i];
    if (r.incidents.empty()) continue;
    const auto& incident = r.incidents.front();
    for (const auto& s : r.series) {
      if (s.service != incident.service || s.version != "all") continue;
      std::vector<double> ratio = plot_series(s, r.scenario.duration_s, kPlotErrorRatio).error_ratio;
      for (const double v : ratio) {
        if (!std::isnan(v)) y_max = std::max(y_max, v);
      }
      from = std::min(from, -incident.fault_start_s);
      to = std::max(to, r.scenario.duration_s - incident.fault_start_s);
      auto* line = new QLineSeries();
      line->setName(titles[static_cast<qsizetype>(i)]);
      line->setPen(QPen(report_colour(i), 1.5));
      chart->addSeries(line);
      line->attachAxis(aligned_view_->timeAxis());
      line->attachAxis(y);
      curves_.push_back({line, std::move(ratio), incident.fault_start_s});
    }
  }
  y->setRange(0, y_max * 1.05);
  y->applyNiceNumbers();
  std::vector<ChartView::Marker> markers{{0, tr("fault injected"), palette::instant(model::Instant::Onset),
                                          tr("each report's fault injection, at 0")}};
  aligned_view_->setMarkers(std::move(markers));
  aligned_view_->setLabelRows(1);
  aligned_view_->setTimeBounds(from, to);
  connect(aligned_view_, &ChartView::timeRangeApplied, this, &CompareWidget::rethin);
  rethin(from, to);
  charts_->layout()->addWidget(aligned_view_);

  model_->setReports(std::move(reports), std::move(titles));
}

}  // namespace drillsim::gui
