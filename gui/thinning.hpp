// Thinning a long per-second series before it is plotted. Qt Charts draws every point it holds: a
// million points in a QLineSeries took ~14 s and 580 MB, so a series is cut to the visible time range
// and, when that still holds more samples than a chart can show, thinned by largest-triangle-three-
// buckets, which keeps the points that shape the line (spikes and dips) at the chart's resolution. The
// timeline thins on load and again on each zoom, from the full series.
#pragma once

#include <QList>
#include <QPointF>

#include <cstddef>
#include <vector>

namespace drillsim::gui {

// Sample i of `values` is plotted at x = i * step_s (second i of a report's series). NaN means "no
// sample" (a percentile of a second without a request) and is left out.
// Returns the samples whose x lies in [from_s, to_s], plus one on each side so that the line reaches
// the edges, in increasing x. When there are more than `max_points` of them, they are thinned to
// max_points by largest_triangle_three_buckets.
// REQUIRES: step_s > 0, max_points >= 3.
QList<QPointF> thin_series(const std::vector<double>& values, double step_s, double from_s, double to_s,
                           std::size_t max_points);

// Largest-triangle-three-buckets: keeps the first and the last point, splits the n - 2 points between
// them into max_points - 2 buckets of (n - 2) / (max_points - 2) consecutive points (bucket b holds
// indices [1 + floor(b·every), 1 + floor((b+1)·every))), and from each bucket, left to right, keeps the
// point that forms the largest triangle with the point kept before it and the mean of the next bucket
// (the last point, after the last bucket); the first such point on a tie. `points` in increasing x;
// fewer than max_points + 1 of them (or max_points < 3) come back unchanged.
QList<QPointF> largest_triangle_three_buckets(const std::vector<QPointF>& points, std::size_t max_points);

}  // namespace drillsim::gui
