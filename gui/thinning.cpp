#include "gui/thinning.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace drillsim::gui {

namespace {

// Largest-triangle-three-buckets over n points given by x(i) and y(i) (thinning.hpp has the rule), so
// that a series is thinned where it lies, without a copy of its points.
template <class X, class Y>
QList<QPointF> lttb(std::size_t n, const X& x, const Y& y, std::size_t max_points) {
  QList<QPointF> out;
  if (n <= max_points || max_points < 3) {
    out.reserve(static_cast<qsizetype>(n));
    for (std::size_t i = 0; i < n; ++i)
      out.append(QPointF(x(i), y(i)));
    return out;
  }
  out.reserve(static_cast<qsizetype>(max_points));
  out.append(QPointF(x(0), y(0)));
  // Points 1 .. n-2 fall into max_points - 2 buckets of `every` points (bucket b: [1 + floor(b·every),
  // 1 + floor((b+1)·every))); the last point is a bucket of its own.
  const double every = static_cast<double>(n - 2) / static_cast<double>(max_points - 2);
  const auto bucket_begin = [every, n](std::size_t b) {
    return std::min(n - 1, 1 + static_cast<std::size_t>(std::floor(static_cast<double>(b) * every)));
  };
  double ax = x(0);
  double ay = y(0);
  for (std::size_t b = 0; b + 2 < max_points; ++b) {
    // The mean of the next bucket (for the last middle bucket, the last point).
    const std::size_t next_begin = bucket_begin(b + 1);
    const std::size_t next_end = b + 3 < max_points ? bucket_begin(b + 2) : n;
    double cx = 0;
    double cy = 0;
    for (std::size_t i = next_begin; i < next_end; ++i) {
      cx += x(i);
      cy += y(i);
    }
    const auto m = static_cast<double>(std::max<std::size_t>(1, next_end - next_begin));
    cx /= m;
    cy /= m;
    // The point of this bucket that makes the largest triangle with `a` and that mean (twice its area).
    std::size_t best = bucket_begin(b);
    double best_area = -1;
    for (std::size_t i = bucket_begin(b); i < next_begin; ++i) {
      const double px = x(i);
      const double py = y(i);
      const double area = std::abs((ax - cx) * (py - ay) - (ax - px) * (cy - ay));
      if (area > best_area) {
        best_area = area;
        best = i;
      }
    }
    ax = x(best);
    ay = y(best);
    out.append(QPointF(ax, ay));
  }
  out.append(QPointF(x(n - 1), y(n - 1)));
  return out;
}

}  // namespace

QList<QPointF> thin_series(const std::vector<double>& values, double step_s, double from_s, double to_s,
                           std::size_t max_points) {
  QList<QPointF> out;
  const auto n = static_cast<long long>(values.size());
  if (n == 0 || to_s < from_s) return out;
  const long long first = std::clamp(static_cast<long long>(std::floor(from_s / step_s)) - 1, 0LL, n);
  const long long last = std::clamp(static_cast<long long>(std::ceil(to_s / step_s)) + 2, first, n);
  const auto count = static_cast<std::size_t>(last - first);
  const auto x = [step_s](long long i) { return static_cast<double>(i) * step_s; };

  if (count <= max_points) {
    out.reserve(static_cast<qsizetype>(count));
    for (long long i = first; i < last; ++i) {
      const double v = values[static_cast<std::size_t>(i)];
      if (!std::isnan(v)) out.append(QPointF(x(i), v));
    }
    return out;
  }

  // Largest-triangle-three-buckets over the samples that are not gaps: in place when there is no gap,
  // else over the indices of the samples.
  const double* v = values.data() + first;
  if (std::none_of(v, v + count, [](double d) { return std::isnan(d); })) {
    return lttb(
        count, [&](std::size_t i) { return x(first + static_cast<long long>(i)); },
        [v](std::size_t i) { return v[i]; }, max_points);
  }
  std::vector<std::uint32_t> valid;  // Offsets from `first`; a series is far shorter than 2^32 s.
  valid.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    if (!std::isnan(v[i])) valid.push_back(static_cast<std::uint32_t>(i));
  }
  return lttb(
      valid.size(), [&](std::size_t i) { return x(first + static_cast<long long>(valid[i])); },
      [&](std::size_t i) { return v[valid[i]]; }, max_points);
}

QList<QPointF> largest_triangle_three_buckets(const std::vector<QPointF>& points, std::size_t max_points) {
  return lttb(
      points.size(), [&](std::size_t i) { return points[i].x(); },
      [&](std::size_t i) { return points[i].y(); }, max_points);
}

}  // namespace drillsim::gui
