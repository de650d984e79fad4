// A chart over simulated time, as every chart of the viewer is: a QChartView whose horizontal axis is
// time, with vertical markers (the drill's instants, an RTO deadline) and spans (plan steps) drawn over
// the plot, zoom and pan along the time axis, and export as PNG.
//
// Mouse and keys: drag to zoom into a time range; the wheel zooms around the pointer; Shift+drag or the
// middle button pans; double-click, Home or 0 resets; +/- zoom; Left/Right pan; the context menu
// exports the chart. A view never changes its own range: it asks with timeRangeRequested, and whoever
// owns it (by default the view itself) applies the range to every view that shares the axis.
#pragma once

#include <QChartView>
#include <QColor>
#include <QString>

#include <vector>

class QRubberBand;
class QValueAxis;

namespace drillsim::gui {

class ChartView : public QChartView {
  Q_OBJECT
 public:
  // A vertical line at t_s across the plot (dashed), labelled in the view's label rows when labels are
  // shown (setLabelRows), with a tooltip when the pointer is on it.
  struct Marker {
    double t_s = 0;
    QString label;
    QColor color;
    QString tooltip;
  };
  // A bar from start_s to end_s in the span rows below the labels (plan steps), with its label inside.
  struct Span {
    double start_s = 0;
    double end_s = 0;
    QString label;
    QColor color;
    QString tooltip;
  };

  // Takes ownership of `chart`; `time_axis` is its horizontal QValueAxis (owned by the chart).
  ChartView(QChart* chart, QValueAxis* time_axis, QWidget* parent = nullptr);
  ~ChartView() override;

  QValueAxis* timeAxis() const { return time_axis_; }
  // The whole time range: what a reset shows, and the limits of zooming and panning.
  void setTimeBounds(double from_s, double to_s);
  double boundFrom() const { return bound_from_; }
  double boundTo() const { return bound_to_; }

  void setMarkers(std::vector<Marker> markers);
  const std::vector<Marker>& markers() const { return markers_; }
  // Draws the markers' labels in up to `rows` rows at the top of the plot, a label in the first row
  // where it does not overlap another (markers within a few pixels share one label). 0: no labels.
  void setLabelRows(int rows);
  // Spans are packed into rows (a span goes to the first row free at its start) drawn below the labels.
  void setSpans(std::vector<Span> spans);
  int spanRowCount() const { return span_rows_; }
  // A short name drawn above the plot's top-left corner, beside the legend ("requests/s"): it takes no
  // width from the plot, as a vertical axis title would.
  void setCaption(const QString& caption);
  QString caption() const { return caption_; }

  // Height in pixels of one label or span row.
  int rowHeight() const;

  // Renders the chart as it is shown into `path` (PNG). Returns false if the file cannot be written.
  bool exportPng(const QString& path);

 Q_SIGNALS:
  // The user asked to show [from_s, to_s] (already clamped to the bounds).
  void timeRangeRequested(double from_s, double to_s);
  // The axis now shows [from_s, to_s].
  void timeRangeApplied(double from_s, double to_s);

 public Q_SLOTS:
  // Sets the axis to [from_s, to_s], clamped to the bounds, with tick marks at round intervals.
  void applyTimeRange(double from_s, double to_s);
  void resetTimeRange();
  // Asks for a PNG file name and exports the chart there.
  void exportPngInteractively();

 protected:
  void drawForeground(QPainter* painter, const QRectF& rect) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void mouseDoubleClickEvent(QMouseEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  void contextMenuEvent(QContextMenuEvent* event) override;

 private:
  double xOf(double t_s) const;   // Scene x of a time, from the plot area and the axis range.
  double timeAt(double x) const;  // The inverse.
  void requestRange(double from_s, double to_s);
  void zoomAround(double t_s, double factor);
  QString tooltipAt(const QPointF& pos) const;

  QValueAxis* time_axis_;
  double bound_from_ = 0;
  double bound_to_ = 1;
  std::vector<Marker> markers_;
  std::vector<Span> spans_;
  std::vector<int> span_row_of_;  // Row of each span.
  int span_rows_ = 0;
  int label_rows_ = 0;
  QString caption_;

  enum class Drag { None, Zoom, Pan } drag_ = Drag::None;
  double drag_origin_x_ = 0;
  double pan_from_ = 0;
  double pan_to_ = 0;
  QRubberBand* band_ = nullptr;
};

// A new ChartView holding a new chart in the viewer's style (compact margins, legend at the top) with a
// horizontal time axis "simulated time (s)" at the bottom and no series yet.
ChartView* new_time_chart_view(QWidget* parent = nullptr);

// A round tick interval in seconds for an axis spanning `span_s`, giving about `target` ticks:
// 1, 2, 5, 10, 15, 30 s, 1, 2, 5, 10, 15, 30 min, 1, 2, 6, 12 h, ...
double nice_time_step(double span_s, int target);

}  // namespace drillsim::gui
