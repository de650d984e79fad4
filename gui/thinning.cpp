#include "gui/thinning.hpp"

#include <algorithm>
#include <cmath>

namespace drillsim::gui {

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

  const std::size_t buckets = max_points / 2;
  out.reserve(static_cast<qsizetype>(2 * buckets));
  for (std::size_t b = 0; b < buckets; ++b) {
    // Bucket b holds samples [begin, end): the split is exact, so buckets differ by one sample at most.
    const long long begin = first + static_cast<long long>(b * count / buckets);
    const long long end = first + static_cast<long long>((b + 1) * count / buckets);
    long long lo = -1;
    long long hi = -1;
    for (long long i = begin; i < end; ++i) {
      const double v = values[static_cast<std::size_t>(i)];
      if (std::isnan(v)) continue;
      if (lo < 0 || v < values[static_cast<std::size_t>(lo)]) lo = i;
      if (hi < 0 || v > values[static_cast<std::size_t>(hi)]) hi = i;
    }
    if (lo < 0) continue;  // Nothing but gaps in this bucket.
    const long long a = std::min(lo, hi);
    const long long c = std::max(lo, hi);
    out.append(QPointF(x(a), values[static_cast<std::size_t>(a)]));
    if (c != a) out.append(QPointF(x(c), values[static_cast<std::size_t>(c)]));
  }
  return out;
}

}  // namespace drillsim::gui
