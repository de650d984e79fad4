#include "gui/timeline_widget.hpp"

#include <QComboBox>
#include <QFontMetricsF>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPointF>
#include <QPushButton>
#include <QScrollArea>
#include <QTimer>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "gui/palette.hpp"
#include "gui/report_facts.hpp"
#include "gui/series_view.hpp"
#include "gui/thinning.hpp"
#include "report/alert_series.hpp"

namespace drillsim::gui {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kInstantLabelRows = 4;

const report::Report::Series* find_series(const report::Report& r, const std::string& service,
                                          const char* version) {
  for (const auto& s : r.series) {
    if (s.service == service && s.version == version) return &s;
  }
  return nullptr;
}

bool any_positive(const std::vector<double>& v) {
  return std::any_of(v.begin(), v.end(), [](double x) { return x > 0; });
}

// What one line of a chart shows.
struct CurveSpec {
  QString name;
  QColor color;
  Qt::PenStyle style = Qt::SolidLine;
  double width = 1.5;
  std::vector<double> values;
};

QString instant_tooltip(const report::Report::Incident& incident, model::Instant instant, double t) {
  QString text =
      QStringLiteral("%1 at %2 s").arg(QString::fromUtf8(model::to_string(instant)), format_time(t));
  if (const auto onset = incident.instants.at(model::Instant::Onset)) {
    text += QStringLiteral(", +%1 after onset").arg(format_duration(t - *onset));
  }
  if (instant == model::Instant::Detect && !incident.detect_signal.empty()) {
    text += QStringLiteral(" (signal %1)").arg(QString::fromStdString(incident.detect_signal));
  }
  return text;
}

QString step_tooltip(const model::StepOutcome& step, double end_s) {
  QString text = QString::fromStdString(step.name);
  if (!step.level.empty()) text = QString::fromStdString(step.level) + QStringLiteral(": ") + text;
  text += QStringLiteral("\n%1, %2 – %3 s, took %4\n%5, %6 attempt(s)")
              .arg(QString::fromStdString(step.action), format_time(step.start_s), format_time(end_s),
                   format_duration(end_s - step.start_s.value_or(end_s)),
                   QString::fromUtf8(model::to_string(step.status)))
              .arg(step.attempts);
  if (!step.detail.empty()) text += QStringLiteral("\n") + QString::fromStdString(step.detail);
  return text;
}

// A value axis from 0 to about y_max at a round step (value_axis_step), with at most `intervals` intervals.
void set_value_axis(QValueAxis* y, double y_max, const QString& y_format, int intervals) {
  const double step = value_axis_step(y_max, intervals, y_format == QLatin1String("%.0f"));
  y->setRange(0, std::ceil(y_max / step - 1e-9) * step);
  y->setTickType(QValueAxis::TicksDynamic);
  y->setTickAnchor(0);
  y->setTickInterval(step);
  y->setLabelFormat(y_format);
}

}  // namespace

double value_axis_step(double y_max, int max_intervals, bool whole) {
  const int n = std::max(1, std::min(max_intervals, kMaxValueIntervals));
  if (!(y_max > 0) || !std::isfinite(y_max)) return 1.0;
  // magnitude <= y_max / n < 10 magnitude: the loop ends by 20 magnitude at the latest.
  const double magnitude = std::pow(10.0, std::floor(std::log10(y_max / n)));
  double step = 20.0 * magnitude;
  for (const double m : {1.0, 2.0, 5.0, 10.0, 20.0}) {
    const double candidate = m * magnitude;
    const double whole_candidate = whole ? std::max(candidate, 1.0) : candidate;
    if (y_max / whole_candidate <= kMaxValueIntervals - 0.5 &&
        std::ceil(y_max / whole_candidate - 1e-9) <= n) {
      step = whole_candidate;
      break;
    }
  }
  return whole ? std::max(step, 1.0) : step;
}

QList<QList<QPointF>> step_segments(const model::SignalRecord::ValueSeries& values, double end_s) {
  QList<QList<QPointF>> segments;
  bool open = false;
  for (std::size_t i = 0; i < values.t_s.size(); ++i) {
    if (!values.value[i]) {
      open = false;
      continue;
    }
    if (!open) segments.append(QList<QPointF>());
    open = true;
    const double end = i + 1 < values.t_s.size() ? values.t_s[i + 1] : std::max(end_s, values.t_s[i]);
    segments.back().append(QPointF(values.t_s[i], *values.value[i]));
    segments.back().append(QPointF(end, *values.value[i]));
  }
  return segments;
}

TimelineWidget::TimelineWidget(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  auto* controls = new QHBoxLayout();
  controls->addWidget(new QLabel(tr("Service:"), this));
  service_box_ = new QComboBox(this);
  service_box_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  controls->addWidget(service_box_);
  auto* reset = new QPushButton(tr("Reset zoom"), this);
  controls->addWidget(reset);
  auto* hint = new QLabel(tr("Drag to zoom · wheel zooms · Shift+drag pans · double-click resets · "
                             "right-click exports"),
                          this);
  hint->setEnabled(false);
  controls->addWidget(hint);
  controls->addStretch(1);
  layout->addLayout(controls);
  // The charts scroll when the window is shorter than their minimum heights (a service with several
  // alerts on a laptop screen) instead of making the window taller than the screen.
  auto* charts = new QWidget();
  charts_layout_ = new QVBoxLayout(charts);
  charts_layout_->setContentsMargins(0, 0, 0, 0);
  charts_layout_->setSpacing(0);
  auto* scroll = new QScrollArea(this);
  scroll->setObjectName(QStringLiteral("timeline-charts"));
  scroll->setFrameShape(QFrame::NoFrame);
  scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  scroll->setWidgetResizable(true);
  scroll->setWidget(charts);
  layout->addWidget(scroll, 1);

  connect(service_box_, &QComboBox::currentTextChanged, this, [this](const QString& s) {
    if (!s.isEmpty() && s != service_) setService(s);
  });
  connect(reset, &QPushButton::clicked, this, [this] {
    if (!views_.empty()) views_.front()->resetTimeRange();
  });
}

void TimelineWidget::setReport(ReportPtr report) {
  report_ = std::move(report);
  const QStringList services = report_ ? services_of(*report_) : QStringList();
  QString first = services.isEmpty() ? QString() : services.front();
  if (report_ && !report_->incidents.empty())
    first = QString::fromStdString(report_->incidents.front().service);
  {
    const QSignalBlocker block(service_box_);
    service_box_->clear();
    service_box_->addItems(services);
    service_box_->setCurrentText(first);
  }
  service_ = first;
  rebuild();
}

void TimelineWidget::setService(const QString& service) {
  if (!report_ || !services_of(*report_).contains(service)) return;
  service_ = service;
  {
    const QSignalBlocker block(service_box_);
    service_box_->setCurrentText(service);
  }
  rebuild();
}

QString TimelineWidget::service() const {
  return service_;
}

std::size_t TimelineWidget::plottedPoints() const {
  std::size_t n = 0;
  for (const auto& c : curves_)
    n += static_cast<std::size_t>(c.series->count());
  return n;
}

void TimelineWidget::setTimeRange(double from_s, double to_s) {
  if (!views_.empty()) views_.front()->applyTimeRange(from_s, to_s);
}

void TimelineWidget::rebuild() {
  for (ChartView* view : views_)
    delete view;
  views_.clear();
  curves_.clear();
  value_axes_.clear();
  if (!report_ || service_.isEmpty()) return;

  const report::Report& r = *report_;
  const std::string service = service_.toStdString();
  const double duration = r.scenario.duration_s;
  const auto* stable = find_series(r, service, "stable");
  const auto* fresh = find_series(r, service, "new");
  const auto* all = find_series(r, service, "all");
  // One value per second to plot, whether the report's series are per second or per minute.
  // Each vector moves into the curve that plots it (a million-second series is 8 MB a vector); the
  // ones no chart plots go at once.
  // Only what the charts below plot is built.
  PlotSeries p_stable =
      stable ? plot_series(*stable, duration, kPlotRequests | kPlotErrorRatio | kPlotReady) : PlotSeries{};
  PlotSeries p_fresh =
      fresh ? plot_series(*fresh, duration, kPlotRequests | kPlotErrorRatio | kPlotP95 | kPlotReady)
            : PlotSeries{};
  PlotSeries p_all =
      all ? plot_series(*all, duration, kPlotRequests | kPlotErrorRatio | kPlotP95 | kPlotP99) : PlotSeries{};

  // The drill's instants, across every chart; labelled in the lane.
  std::vector<ChartView::Marker> markers;
  for (const auto& incident : r.incidents) {
    const QString prefix =
        r.incidents.size() > 1 ? QString::fromStdString(incident.service) + QStringLiteral(": ") : QString();
    for (const auto instant : model::kInstants) {
      if (const auto t = incident.instants.at(instant)) {
        markers.push_back({*t, prefix + QString::fromUtf8(model::to_string(instant)),
                           palette::instant(instant), instant_tooltip(incident, instant, *t)});
      }
    }
  }

  // The lane: labels of the instants, then the plan's steps as spans.
  {
    ChartView* lane = new_time_chart_view(this);
    lane->setObjectName(QStringLiteral("instants-and-steps"));
    QChart* chart = lane->chart();
    chart->legend()->hide();
    auto* y = new QValueAxis();
    y->setRange(0, 1);
    y->setVisible(false);
    chart->addAxis(y, Qt::AlignLeft);
    QValueAxis* x = lane->timeAxis();
    x->setLabelsVisible(false);
    x->setTitleVisible(false);
    x->setGridLineVisible(false);
    std::vector<ChartView::Span> spans;
    for (const auto& step : r.plan.steps) {
      if (!step.start_s) continue;
      const double end = step.end_s.value_or(duration);  // Interrupted: it ran until the drill ended.
      spans.push_back({*step.start_s, end, QString::fromStdString(step.name),
                       palette::step_status(step.status), step_tooltip(step, end)});
    }
    lane->setSpans(std::move(spans));
    lane->setLabelRows(kInstantLabelRows);
    lane->setMarkers(markers);
    const int rows = kInstantLabelRows + std::max(1, lane->spanRowCount());
    lane->setFixedHeight(rows * lane->rowHeight() + 30);
    views_.push_back(lane);
  }

  const auto add_chart = [&](const QString& y_title, std::vector<CurveSpec> specs, bool ratio,
                             double y_floor_max, const QString& y_format) {
    ChartView* view = new_time_chart_view(this);
    view->setObjectName(y_title);
    QChart* chart = view->chart();
    view->setCaption(y_title);
    auto* y = new QValueAxis();
    chart->addAxis(y, Qt::AlignLeft);
    double y_max = y_floor_max;
    for (auto& spec : specs) {
      auto* series = new QLineSeries();
      series->setName(spec.name);
      QPen pen(spec.color, spec.width, spec.style);
      series->setPen(pen);
      chart->addSeries(series);
      series->attachAxis(view->timeAxis());
      series->attachAxis(y);
      for (const double v : spec.values) {
        if (!std::isnan(v)) y_max = std::max(y_max, v);
      }
      curves_.push_back({series, std::move(spec.values)});
    }
    // A ratio stops at 1.
    const double top = ratio ? std::min(y_max * 1.05, 1.0) : y_max * 1.05;
    set_value_axis(y, top, y_format, kMaxValueIntervals);
    value_axes_.push_back({chart, y, top, y_format});
    view->timeAxis()->setLabelsVisible(false);
    view->timeAxis()->setTitleVisible(false);
    view->setMarkers(markers);
    view->setMinimumHeight(150);
    views_.push_back(view);
  };

  {  // Requests per second, by version.
    std::vector<CurveSpec> specs;
    if (all)
      specs.push_back({tr("all"), palette::all_light(), Qt::SolidLine, 1.0, std::move(p_all.requests)});
    if (stable)
      specs.push_back({tr("stable"), palette::stable(), Qt::SolidLine, 1.5, std::move(p_stable.requests)});
    if (fresh &&
        std::any_of(fresh->data.requests.begin(), fresh->data.requests.end(), [](auto n) { return n > 0; }))
      specs.push_back({tr("new"), palette::new_version(), Qt::SolidLine, 1.5, std::move(p_fresh.requests)});
    add_chart(tr("requests/s"), std::move(specs), false, 1.0, QStringLiteral("%.0f"));
  }
  {  // Error ratio per second, by version.
    std::vector<CurveSpec> specs;
    if (all)
      specs.push_back({tr("all"), palette::all_light(), Qt::SolidLine, 1.0, std::move(p_all.error_ratio)});
    if (stable)
      specs.push_back({tr("stable"), palette::stable(), Qt::SolidLine, 1.5, std::move(p_stable.error_ratio)});
    if (fresh) {
      auto ratio = std::move(p_fresh.error_ratio);
      if (any_positive(ratio) || std::any_of(fresh->data.requests.begin(), fresh->data.requests.end(),
                                             [](auto n) { return n > 0; })) {
        specs.push_back({tr("new"), palette::new_version(), Qt::SolidLine, 1.5, std::move(ratio)});
      }
    }
    add_chart(tr("error ratio per second"), std::move(specs), true, 0.01, QStringLiteral("%.2f"));
  }
  {  // Latency of the whole service, and p95 of the new version.
    std::vector<CurveSpec> specs;
    if (all) {
      specs.push_back({tr("p95 (all)"), palette::all_versions(), Qt::SolidLine, 1.5, std::move(p_all.p95_s)});
      specs.push_back({tr("p99 (all)"), palette::p99(), Qt::SolidLine, 1.0, std::move(p_all.p99_s)});
    }
    if (fresh &&
        std::any_of(fresh->data.requests.begin(), fresh->data.requests.end(), [](auto n) { return n > 0; }))
      specs.push_back(
          {tr("p95 (new)"), palette::new_version(), Qt::SolidLine, 1.0, std::move(p_fresh.p95_s)});
    add_chart(tr("latency (s)"), std::move(specs), false, 0.001, QStringLiteral("%.2f"));
  }
  {  // Ready replicas, by version.
    std::vector<CurveSpec> specs;
    if (stable)
      specs.push_back({tr("stable"), palette::stable(), Qt::SolidLine, 2.0, std::move(p_stable.ready)});
    if (fresh && any_positive(p_fresh.ready))
      specs.push_back({tr("new"), palette::new_version(), Qt::SolidLine, 2.0, std::move(p_fresh.ready)});
    add_chart(tr("ready replicas"), std::move(specs), false, 1.0, QStringLiteral("%.0f"));
  }
  // Each alert on the service: the value its rule compared at each evaluation, as the report recorded it
  // (a step line: a value holds until the next evaluation that changed it), its threshold, and when it
  // was pending and firing.
  for (const auto& signal : r.signals) {
    if (signal.service != service || !signal.rule || signal.values.empty()) continue;
    const auto& rule = *signal.rule;
    ChartView* view = new_time_chart_view(this);
    view->setObjectName(QStringLiteral("alert ") + QString::fromStdString(signal.name));
    QChart* chart = view->chart();
    view->setCaption(tr("alert %1").arg(QString::fromStdString(signal.name)));
    auto* y = new QValueAxis();
    chart->addAxis(y, Qt::AlignLeft);
    // The axis first: series attached to an axis with no range yet would make Qt scale it to them.
    double y_max = rule.threshold.value_or(0.0);
    for (const auto& values : signal.values)
      for (const auto& v : values.value)
        if (v && std::isfinite(*v)) y_max = std::max(y_max, *v);
    const double top = y_max > 0 ? y_max * 1.1 : 1.0;
    set_value_axis(y, top, QStringLiteral("%.3g"), kMaxValueIntervals);
    value_axes_.push_back({chart, y, top, QStringLiteral("%.3g")});
    for (const auto& values : signal.values) {
      QString name = QString::fromStdString(rule.expression);
      if (!values.labels.empty()) {
        QStringList labels;
        for (const auto& [key, value] : values.labels)
          labels << QString::fromStdString(key) + QStringLiteral("=") + QString::fromStdString(value);
        name = QStringLiteral("{") + labels.join(QStringLiteral(", ")) + QStringLiteral("}");
      }
      bool first = true;
      for (const auto& segment : step_segments(values, duration)) {
        auto* series = new QLineSeries();
        series->setName(name);
        series->setPen(QPen(palette::all_versions(), 2.0));
        series->replace(segment);
        chart->addSeries(series);
        series->attachAxis(view->timeAxis());
        series->attachAxis(y);
        if (!first)  // One legend entry per label set.
          for (auto* marker : chart->legend()->markers(series))
            marker->setVisible(false);
        first = false;
      }
    }
    if (rule.threshold) {
      auto* line = new QLineSeries();
      line->setName(tr("threshold: %1 %2").arg(QString::fromStdString(rule.comparison)).arg(*rule.threshold));
      line->setPen(QPen(palette::threshold(), 1.5, Qt::DashDotLine));
      line->append(0, *rule.threshold);
      line->append(duration, *rule.threshold);
      chart->addSeries(line);
      line->attachAxis(view->timeAxis());
      line->attachAxis(y);
    }
    std::vector<ChartView::Span> spans;
    for (const auto& span : report::alert_spans(signal, duration)) {
      const QString state = span.firing ? tr("firing") : tr("pending");
      spans.push_back({span.start_s, span.end_s, state,
                       span.firing ? palette::alert_firing() : palette::alert_pending(),
                       tr("%1 %2 from %3 s to %4 s")
                           .arg(QString::fromStdString(signal.name), state, format_time(span.start_s),
                                format_time(span.end_s))});
    }
    view->setSpans(std::move(spans));
    view->timeAxis()->setLabelsVisible(false);
    view->timeAxis()->setTitleVisible(false);
    view->setMarkers(markers);
    view->setMinimumHeight(170);
    view->setToolTip(
        tr("%1: the value compared every %2%3; for %4, keep firing for %5")
            .arg(QString::fromStdString(signal.name), format_duration(rule.evaluation_interval_s),
                 rule.window_s ? tr(", over a %1 window").arg(format_duration(*rule.window_s)) : QString(),
                 format_duration(rule.for_s), format_duration(rule.keep_firing_for_s)));
    views_.push_back(view);
  }
  views_.back()->timeAxis()->setLabelsVisible(true);
  views_.back()->timeAxis()->setTitleVisible(true);

  for (ChartView* view : views_) {
    charts_layout_->addWidget(view, view == views_.front() ? 0 : 1);
    view->setTimeBounds(0, duration);
    connect(view, &ChartView::timeRangeApplied, this, &TimelineWidget::onRangeApplied);
    connect(view->chart(), &QChart::plotAreaChanged, this, &TimelineWidget::scheduleAlign);
  }
  rethin(0, duration);
}

void TimelineWidget::onRangeApplied(double from_s, double to_s) {
  if (syncing_) return;
  syncing_ = true;
  for (ChartView* view : views_)
    view->applyTimeRange(from_s, to_s);
  syncing_ = false;
  rethin(from_s, to_s);
}

void TimelineWidget::rethin(double from_s, double to_s) {
  for (auto& curve : curves_)
    curve.series->replace(thin_series(curve.values, 1.0, from_s, to_s, kMaxPointsPerSeries));
}

void TimelineWidget::scheduleAlign() {
  if (align_scheduled_) return;
  align_scheduled_ = true;
  QTimer::singleShot(0, this, [this] {
    align_scheduled_ = false;
    fitValueAxes();
    alignPlotAreas();
  });
}

// As many intervals as the plot area's height holds with a label's height and half of one between
// labels; a chart squeezed by a small window keeps readable labels, fewer of them.
void TimelineWidget::fitValueAxes() {
  for (const ValueAxis& v : value_axes_) {
    const double label_height = QFontMetricsF(v.axis->labelsFont()).height();
    const double height = v.chart->plotArea().height();
    if (!(height > 0) || !(label_height > 0)) continue;
    const int intervals = static_cast<int>(std::floor(height / (1.5 * label_height)));
    const double step = value_axis_step(v.y_max, intervals, v.format == QLatin1String("%.0f"));
    if (step != v.axis->tickInterval()) set_value_axis(v.axis, v.y_max, v.format, intervals);
  }
}

// The charts' plot areas start and end at the same x, so that one instant is at the same place in
// every chart: each chart's left and right margins make up for the width of its axis labels.
void TimelineWidget::alignPlotAreas() {
  constexpr int kBase = 4;
  double left_extent = 0;
  double right_extent = 0;
  for (ChartView* view : views_) {
    const QChart* chart = view->chart();
    left_extent = std::max(left_extent, chart->plotArea().left() - chart->margins().left());
    right_extent =
        std::max(right_extent, chart->size().width() - chart->plotArea().right() - chart->margins().right());
  }
  for (ChartView* view : views_) {
    QChart* chart = view->chart();
    QMargins m = chart->margins();
    const int left =
        kBase + static_cast<int>(std::lround(left_extent - (chart->plotArea().left() - m.left())));
    const int right =
        kBase + static_cast<int>(std::lround(
                    right_extent - (chart->size().width() - chart->plotArea().right() - m.right())));
    if (left != m.left() || right != m.right()) {
      m.setLeft(left);
      m.setRight(right);
      chart->setMargins(m);
    }
  }
}

}  // namespace drillsim::gui
