#include "gui/chart_view.hpp"

#include <QContextMenuEvent>
#include <QFileDialog>
#include <QKeyEvent>
#include <QMenu>
#include <QMessageBox>
#include <QMouseEvent>
#include <QPainter>
#include <QRubberBand>
#include <QToolTip>
#include <QValueAxis>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace drillsim::gui {

namespace {

constexpr double kMinSpan_s = 2.0;  // The narrowest time range a zoom shows.
constexpr double kSameLabelPx = 4;  // Markers closer than this share one label.
constexpr double kHoverPx = 4;      // How close the pointer must be to a marker for its tooltip.
constexpr double kMinDragPx = 5;    // A shorter drag is a click, not a zoom.

}  // namespace

double nice_time_step(double span_s, int target) {
  static constexpr double kSteps[] = {0.1,  0.2,   0.5,   1,     2,      5,      10,    15,
                                      30,   60,    120,   300,   600,    900,    1800,  3600,
                                      7200, 21600, 43200, 86400, 172800, 432000, 864000};
  for (const double step : kSteps) {
    if (span_s / step <= target) return step;
  }
  return std::ceil(span_s / target / 86400.0) * 86400.0;
}

ChartView* new_time_chart_view(QWidget* parent) {
  auto* chart = new QChart();
  chart->setBackgroundRoundness(0);
  chart->setMargins(QMargins(4, 2, 8, 2));
  chart->legend()->setAlignment(Qt::AlignTop);
  QFont legend_font = chart->legend()->font();
  legend_font.setPointSizeF(legend_font.pointSizeF() * 0.9);
  chart->legend()->setFont(legend_font);
  auto* axis = new QValueAxis();
  axis->setTitleText(QStringLiteral("simulated time (s)"));
  QFont title_font = axis->titleFont();
  title_font.setPointSizeF(legend_font.pointSizeF());
  title_font.setBold(false);
  axis->setTitleFont(title_font);
  chart->addAxis(axis, Qt::AlignBottom);
  return new ChartView(chart, axis, parent);
}

ChartView::ChartView(QChart* chart, QValueAxis* time_axis, QWidget* parent)
    : QChartView(chart, parent), time_axis_(time_axis) {
  setRenderHint(QPainter::Antialiasing);
  setRubberBand(QChartView::NoRubberBand);
  setMouseTracking(true);
  setFocusPolicy(Qt::StrongFocus);
  // The markers are drawn in the foreground, which a partial update would leave stale.
  setViewportUpdateMode(QGraphicsView::FullViewportUpdate);
  connect(this, &ChartView::timeRangeRequested, this, &ChartView::applyTimeRange);
}

ChartView::~ChartView() = default;

void ChartView::setTimeBounds(double from_s, double to_s) {
  bound_from_ = from_s;
  bound_to_ = std::max(to_s, from_s + kMinSpan_s);
  applyTimeRange(bound_from_, bound_to_);
}

void ChartView::setMarkers(std::vector<Marker> markers) {
  markers_ = std::move(markers);
  std::stable_sort(markers_.begin(), markers_.end(),
                   [](const Marker& a, const Marker& b) { return a.t_s < b.t_s; });
  viewport()->update();
}

void ChartView::setLabelRows(int rows) {
  label_rows_ = std::max(0, rows);
  viewport()->update();
}

void ChartView::setSpans(std::vector<Span> spans) {
  spans_ = std::move(spans);
  // Greedy interval packing in start order: each span takes the first row that is free at its start.
  std::vector<std::size_t> order(spans_.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [this](std::size_t a, std::size_t b) { return spans_[a].start_s < spans_[b].start_s; });
  span_row_of_.assign(spans_.size(), 0);
  std::vector<double> row_end;
  for (const std::size_t i : order) {
    std::size_t row = 0;
    while (row < row_end.size() && row_end[row] > spans_[i].start_s)
      ++row;
    if (row == row_end.size()) row_end.push_back(0);
    row_end[row] = spans_[i].end_s;
    span_row_of_[i] = static_cast<int>(row);
  }
  span_rows_ = static_cast<int>(row_end.size());
  viewport()->update();
}

void ChartView::setCaption(const QString& caption) {
  caption_ = caption;
  viewport()->update();
}

int ChartView::rowHeight() const {
  return QFontMetrics(font()).height() + 3;
}

bool ChartView::exportPng(const QString& path) {
  return grab().save(path, "PNG");
}

void ChartView::exportPngInteractively() {
  QString name = chart()->title().isEmpty() ? objectName() : chart()->title();
  name =
      name.isEmpty() ? QStringLiteral("chart") : name.toLower().replace(QLatin1Char(' '), QLatin1Char('-'));
  const QString path = QFileDialog::getSaveFileName(this, tr("Export chart as PNG"),
                                                    name + QStringLiteral(".png"), tr("PNG images (*.png)"));
  if (path.isEmpty()) return;
  if (!exportPng(path)) QMessageBox::warning(this, tr("Export failed"), tr("Cannot write %1").arg(path));
}

void ChartView::applyTimeRange(double from_s, double to_s) {
  const double bound_span = bound_to_ - bound_from_;
  double span = std::clamp(to_s - from_s, std::min(kMinSpan_s, bound_span), bound_span);
  if (!std::isfinite(span)) span = bound_span;
  double from = std::clamp(from_s, bound_from_, bound_to_ - span);
  if (!std::isfinite(from)) from = bound_from_;
  const double to = from + span;
  const double tolerance = span * 1e-9;
  if (std::fabs(time_axis_->min() - from) <= tolerance && std::fabs(time_axis_->max() - to) <= tolerance &&
      time_axis_->tickType() == QValueAxis::TicksDynamic) {
    return;
  }
  const double step = nice_time_step(span, 10);
  time_axis_->setTickType(QValueAxis::TicksDynamic);
  time_axis_->setTickAnchor(0);
  time_axis_->setTickInterval(step);
  time_axis_->setLabelFormat(step < 1 ? QStringLiteral("%.1f") : QStringLiteral("%.0f"));
  time_axis_->setRange(from, to);
  viewport()->update();
  Q_EMIT timeRangeApplied(from, to);
}

void ChartView::resetTimeRange() {
  requestRange(bound_from_, bound_to_);
}

void ChartView::requestRange(double from_s, double to_s) {
  Q_EMIT timeRangeRequested(from_s, to_s);
}

void ChartView::zoomAround(double t_s, double factor) {
  const double lo = time_axis_->min();
  const double hi = time_axis_->max();
  requestRange(t_s - (t_s - lo) * factor, t_s + (hi - t_s) * factor);
}

double ChartView::xOf(double t_s) const {
  const QRectF plot = chart()->plotArea();
  const double lo = time_axis_->min();
  const double hi = time_axis_->max();
  return plot.left() + (t_s - lo) / (hi - lo) * plot.width();
}

double ChartView::timeAt(double x) const {
  const QRectF plot = chart()->plotArea();
  const double lo = time_axis_->min();
  const double hi = time_axis_->max();
  return lo + (x - plot.left()) / plot.width() * (hi - lo);
}

void ChartView::drawForeground(QPainter* painter, const QRectF& rect) {
  QChartView::drawForeground(painter, rect);
  const QRectF plot = chart()->plotArea();
  if (plot.width() <= 1 || plot.height() <= 1) return;
  painter->save();
  if (!caption_.isEmpty()) {
    QFont bold = font();
    bold.setBold(true);
    painter->setFont(bold);
    painter->setPen(QColor(0x33, 0x33, 0x33));
    const int h = QFontMetrics(bold).height();
    painter->drawText(QRectF(plot.left(), plot.top() - h - 8, plot.width() / 3, h),
                      Qt::AlignLeft | Qt::AlignVCenter, caption_);
  }
  painter->setClipRect(plot);
  painter->setRenderHint(QPainter::Antialiasing, false);

  for (const auto& m : markers_) {
    const double x = xOf(m.t_s);
    if (x < plot.left() - 1 || x > plot.right() + 1) continue;
    QPen pen(m.color, 1.5, Qt::DashLine);
    painter->setPen(pen);
    painter->drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
  }

  const int row_h = rowHeight();
  const QFontMetrics fm(font());
  painter->setFont(font());
  if (label_rows_ > 0) {
    // Markers within a few pixels of each other share one label ("decide · rollback_start").
    std::vector<std::pair<double, std::size_t>> groups;  // x, first marker of the group.
    std::vector<QString> texts;
    for (std::size_t i = 0; i < markers_.size(); ++i) {
      const double x = xOf(markers_[i].t_s);
      if (x < plot.left() - 1 || x > plot.right() + 1 || markers_[i].label.isEmpty()) continue;
      if (!groups.empty() && x - groups.back().first < kSameLabelPx) {
        texts.back() += QStringLiteral(" · ") + markers_[i].label;
      } else {
        groups.emplace_back(x, i);
        texts.push_back(markers_[i].label);
      }
    }
    // Each label goes right of its line, else left of it, in the first row where it overlaps no other
    // label; when every row is taken, in the row where it overlaps least.
    std::vector<std::vector<std::pair<double, double>>> taken(static_cast<std::size_t>(label_rows_));
    const auto overlap = [&taken](std::size_t row, double left, double right) {
      double total = 0;
      for (const auto& [l, r] : taken[row])
        total += std::max(0.0, std::min(r, right + 4) - std::max(l, left - 4));
      return total;
    };
    for (std::size_t g = 0; g < groups.size(); ++g) {
      const double x = groups[g].first;
      const int w = fm.horizontalAdvance(texts[g]);
      const double right_of = x + 3 <= plot.right() - w ? x + 3 : x - 3 - w;
      const double left_of = x - 3 - w >= plot.left() ? x - 3 - w : x + 3;
      double best_left = right_of;
      std::size_t best_row = 0;
      double best_overlap = std::numeric_limits<double>::max();
      for (const double left : {right_of, left_of}) {
        for (std::size_t row = 0; row < taken.size() && best_overlap > 0; ++row) {
          const double o = overlap(row, left, left + w);
          if (o < best_overlap) {
            best_overlap = o;
            best_row = row;
            best_left = left;
          }
        }
      }
      taken[best_row].emplace_back(best_left, best_left + w);
      const QRectF box(best_left - 1, plot.top() + static_cast<double>(best_row) * row_h + 1, w + 2,
                       row_h - 1);
      painter->fillRect(box, QColor(255, 255, 255, 220));
      painter->setPen(markers_[groups[g].second].color.darker(120));
      painter->drawText(box, Qt::AlignCenter, texts[g]);
    }
  }

  const double spans_top = plot.top() + label_rows_ * row_h + 2;
  for (std::size_t i = 0; i < spans_.size(); ++i) {
    const auto& s = spans_[i];
    const double x0 = std::max(xOf(s.start_s), plot.left() - 2);
    const double x1 = std::min(std::max(xOf(s.end_s), xOf(s.start_s) + 2), plot.right() + 2);
    if (x1 < plot.left() || x0 > plot.right()) continue;
    const QRectF box(x0, spans_top + span_row_of_[i] * row_h, x1 - x0, row_h - 2);
    QColor fill = s.color;
    fill.setAlpha(170);
    painter->fillRect(box, fill);
    painter->setPen(s.color.darker(140));
    painter->drawRect(box);
    const QString text = fm.elidedText(s.label, Qt::ElideRight, static_cast<int>(box.width()) - 6);
    if (box.width() > 24 && !text.isEmpty()) {
      painter->setPen(Qt::black);
      painter->drawText(box.adjusted(3, 0, -3, 0), Qt::AlignVCenter | Qt::AlignLeft, text);
    }
  }
  painter->restore();
}

QString ChartView::tooltipAt(const QPointF& pos) const {
  const QRectF plot = chart()->plotArea();
  if (!plot.contains(pos)) return {};
  const int row_h = rowHeight();
  const double spans_top = plot.top() + label_rows_ * row_h + 2;
  for (std::size_t i = 0; i < spans_.size(); ++i) {
    const double x0 = xOf(spans_[i].start_s);
    const double x1 = std::max(xOf(spans_[i].end_s), x0 + 2);
    const double y0 = spans_top + span_row_of_[i] * row_h;
    if (pos.x() >= x0 && pos.x() <= x1 && pos.y() >= y0 && pos.y() <= y0 + row_h) return spans_[i].tooltip;
  }
  QStringList tips;
  for (const auto& m : markers_) {
    if (std::fabs(xOf(m.t_s) - pos.x()) <= kHoverPx && !m.tooltip.isEmpty()) tips.append(m.tooltip);
  }
  return tips.join(QLatin1Char('\n'));
}

void ChartView::mousePressEvent(QMouseEvent* event) {
  const QPointF pos = mapToScene(event->position().toPoint());
  const QRectF plot = chart()->plotArea();
  const bool pan = event->button() == Qt::MiddleButton ||
                   (event->button() == Qt::LeftButton && (event->modifiers() & Qt::ShiftModifier));
  if (!plot.contains(pos) || (event->button() != Qt::LeftButton && !pan)) {
    QChartView::mousePressEvent(event);
    return;
  }
  drag_origin_x_ = pos.x();
  if (pan) {
    drag_ = Drag::Pan;
    pan_from_ = time_axis_->min();
    pan_to_ = time_axis_->max();
    setCursor(Qt::ClosedHandCursor);
  } else {
    drag_ = Drag::Zoom;
    if (!band_) band_ = new QRubberBand(QRubberBand::Rectangle, viewport());
    band_->setGeometry(
        QRect(static_cast<int>(pos.x()), static_cast<int>(plot.top()), 0, static_cast<int>(plot.height())));
    band_->show();
  }
  event->accept();
}

void ChartView::mouseMoveEvent(QMouseEvent* event) {
  const QPointF pos = mapToScene(event->position().toPoint());
  const QRectF plot = chart()->plotArea();
  if (drag_ == Drag::Zoom) {
    const double x = std::clamp(pos.x(), plot.left(), plot.right());
    const double left = std::min(x, drag_origin_x_);
    band_->setGeometry(QRect(static_cast<int>(left), static_cast<int>(plot.top()),
                             static_cast<int>(std::fabs(x - drag_origin_x_)),
                             static_cast<int>(plot.height())));
  } else if (drag_ == Drag::Pan) {
    const double dt = (pos.x() - drag_origin_x_) / plot.width() * (pan_to_ - pan_from_);
    requestRange(pan_from_ - dt, pan_to_ - dt);
  } else {
    const QString tip = tooltipAt(pos);
    if (tip.isEmpty()) {
      QToolTip::hideText();
    } else {
      QToolTip::showText(event->globalPosition().toPoint(), tip, this);
    }
    QChartView::mouseMoveEvent(event);
    return;
  }
  event->accept();
}

void ChartView::mouseReleaseEvent(QMouseEvent* event) {
  if (drag_ == Drag::None) {
    QChartView::mouseReleaseEvent(event);
    return;
  }
  if (drag_ == Drag::Zoom) {
    band_->hide();
    const QRectF plot = chart()->plotArea();
    const double x = std::clamp(mapToScene(event->position().toPoint()).x(), plot.left(), plot.right());
    if (std::fabs(x - drag_origin_x_) >= kMinDragPx) {
      requestRange(timeAt(std::min(x, drag_origin_x_)), timeAt(std::max(x, drag_origin_x_)));
    }
  }
  unsetCursor();
  drag_ = Drag::None;
  event->accept();
}

void ChartView::mouseDoubleClickEvent(QMouseEvent* event) {
  resetTimeRange();
  event->accept();
}

void ChartView::wheelEvent(QWheelEvent* event) {
  const int delta = event->angleDelta().y();
  if (delta == 0) {
    event->ignore();
    return;
  }
  const QRectF plot = chart()->plotArea();
  const double x = std::clamp(mapToScene(event->position().toPoint()).x(), plot.left(), plot.right());
  zoomAround(timeAt(x), delta > 0 ? 0.8 : 1.25);
  event->accept();
}

void ChartView::keyPressEvent(QKeyEvent* event) {
  const double lo = time_axis_->min();
  const double hi = time_axis_->max();
  const double centre = (lo + hi) / 2;
  switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
      zoomAround(centre, 0.8);
      break;
    case Qt::Key_Minus:
      zoomAround(centre, 1.25);
      break;
    case Qt::Key_Left:
      requestRange(lo - (hi - lo) / 10, hi - (hi - lo) / 10);
      break;
    case Qt::Key_Right:
      requestRange(lo + (hi - lo) / 10, hi + (hi - lo) / 10);
      break;
    case Qt::Key_Home:
    case Qt::Key_0:
      resetTimeRange();
      break;
    default:
      QChartView::keyPressEvent(event);
      return;
  }
  event->accept();
}

void ChartView::contextMenuEvent(QContextMenuEvent* event) {
  QMenu menu(this);
  const double lo = time_axis_->min();
  const double hi = time_axis_->max();
  menu.addAction(tr("Zoom out"), this, [this, lo, hi] { zoomAround((lo + hi) / 2, 2.0); });
  menu.addAction(tr("Reset zoom"), this, &ChartView::resetTimeRange);
  menu.addSeparator();
  menu.addAction(tr("Export chart as PNG…"), this, &ChartView::exportPngInteractively);
  menu.exec(event->globalPos());
}

}  // namespace drillsim::gui
