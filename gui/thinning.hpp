// Thinning a long per-second series before it is plotted. Qt Charts draws every point it holds: a
// million points in a QLineSeries took ~14 s and 580 MB, so a series is cut to the visible time range
// and, when that still holds more samples than a chart can show, to the minimum and the maximum of
// each bucket of samples, which keeps every spike and dip visible at the chart's resolution.
#pragma once

#include <QList>
#include <QPointF>

#include <cstddef>
#include <vector>

namespace drillsim::gui {

// Sample i of `values` is plotted at x = i * step_s (second i of a report's series). NaN means "no
// sample" (a percentile of a second without a request) and is left out.
// Returns the samples whose x lies in [from_s, to_s], plus one on each side so that the line reaches
// the edges, in increasing x. When there are more than `max_points` of them, the range is split into
// max_points / 2 buckets of consecutive samples and each bucket contributes its minimum and its maximum
// (one point when they are the same sample), in x order; the result then has at most max_points points.
// REQUIRES: step_s > 0, max_points >= 2.
QList<QPointF> thin_series(const std::vector<double>& values, double step_s, double from_s, double to_s,
                           std::size_t max_points);

}  // namespace drillsim::gui
