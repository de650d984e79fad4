// The timeline of one service of a report: requests/s by version, error ratio per second, p95/p99 latency
// and ready replicas over time, then one chart per alert on the service with the value its rule compared
// at each evaluation (the report's signal `values`), its threshold and its pending and firing spans, one
// chart above the other on one shared time axis, under a lane with the drill's instants (labelled
// markers, also drawn across every chart) and the plan's steps (spans).
// Zooming or panning any chart moves them all; series are thinned (thinning.hpp) to the visible range.
// The thinned points go to each QLineSeries with one replace() rather than through a QVXYModelMapper,
// which would hold a model of the thinned points and append them to the series one by one.
#pragma once

#include <QList>
#include <QPointF>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <cstddef>
#include <vector>

#include "gui/chart_view.hpp"
#include "gui/report_loader.hpp"

class QChart;
class QComboBox;
class QLineSeries;
class QValueAxis;
class QVBoxLayout;

namespace drillsim::gui {

// The points of a recorded alert series as step lines: each value from its evaluation to the next
// point (the last to end_s). A point with no value ends a segment: the line has a gap there (Qt Charts
// skips a NaN point and would join its neighbours, so each run of values is its own segment).
QList<QList<QPointF>> step_segments(const model::SignalRecord::ValueSeries& values, double end_s);

// A value axis has at most this many intervals between its labels (0 at the bottom).
inline constexpr int kMaxValueIntervals = 5;

// The step between the labels of a value axis from 0 to at least y_max: the smallest of 1, 2 and 5 times
// a power of ten (at least 1 when `whole`) for which y_max / step is at most kMaxValueIntervals − 0.5 and
// the axis, rounded up to a whole step, has at most max_intervals intervals (clamped to
// [1, kMaxValueIntervals]): a short chart gets fewer labels rather than labels Qt elides to "...".
double value_axis_step(double y_max, int max_intervals, bool whole);

class TimelineWidget : public QWidget {
  Q_OBJECT
 public:
  // At most this many points per series are plotted, whatever the range shown.
  static constexpr std::size_t kMaxPointsPerSeries = 2000;

  explicit TimelineWidget(QWidget* parent = nullptr);

  // Shows `report`, on the service of its first incident (or its first service).
  void setReport(ReportPtr report);
  // Shows another service of the report; ignored if the report has no such service.
  void setService(const QString& service);
  QString service() const;

  // The lane of instants and steps first, then the requests, error ratio, latency and ready charts, then
  // one chart per alert of the service whose report records its values (object name "alert <name>").
  const std::vector<ChartView*>& views() const { return views_; }
  // Points currently held by all the thinned series (for tests of the thinning).
  std::size_t plottedPoints() const;
  // Shows [from_s, to_s] in every chart.
  void setTimeRange(double from_s, double to_s);

 private:
  struct Curve {
    QLineSeries* series;
    std::vector<double> values;  // One per second; NaN: no sample.
  };
  // A chart's value axis, whose labels are re-spaced when its plot area changes height.
  struct ValueAxis {
    QChart* chart;
    QValueAxis* axis;
    double y_max;
    QString format;
  };

  void rebuild();
  void onRangeApplied(double from_s, double to_s);
  void rethin(double from_s, double to_s);
  void scheduleAlign();
  void alignPlotAreas();
  void fitValueAxes();

  ReportPtr report_;
  QString service_;
  QComboBox* service_box_;
  QVBoxLayout* charts_layout_;
  std::vector<ChartView*> views_;
  std::vector<Curve> curves_;
  std::vector<ValueAxis> value_axes_;
  bool syncing_ = false;
  bool align_scheduled_ = false;
};

}  // namespace drillsim::gui
