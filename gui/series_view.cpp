#include "gui/series_view.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace drillsim::gui {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double ratio(double errors, double requests) {
  return requests > 0 ? errors / requests : kNaN;
}

}  // namespace

PlotSeries plot_series(const report::Report::Series& series, double duration_s) {
  const model::SecondSeries& d = series.data;
  const auto step = static_cast<std::size_t>(std::max(1.0, std::round(series.step_s)));
  std::size_t seconds = d.size() * step;
  if (duration_s > 0 && std::ceil(duration_s) < static_cast<double>(seconds))
    seconds = static_cast<std::size_t>(std::ceil(duration_s));
  // Built by appending (no zero-filling first): a million-second series is 8 MB a vector.
  PlotSeries out;
  out.requests.reserve(seconds);
  out.error_ratio.reserve(seconds);
  out.p95_s.reserve(seconds);
  out.p99_s.reserve(seconds);
  out.ready.reserve(seconds);
  if (step == 1) {  // Per second: one value each (the common case, and the long one).
    for (std::size_t k = 0; k < seconds; ++k) {
      out.requests.push_back(static_cast<double>(d.requests[k]));
      out.error_ratio.push_back(ratio(d.errors[k], d.requests[k]));
      out.p95_s.push_back(d.p95_s[k]);
      out.p99_s.push_back(d.p99_s[k]);
      out.ready.push_back(static_cast<double>(d.ready[k]));
    }
  }
  for (std::size_t k = 0; step > 1 && k < d.size() && k * step < seconds; ++k) {
    const std::size_t begin = k * step;
    const std::size_t n = std::min(seconds, begin + step) - begin;
    const double rate = static_cast<double>(d.requests[k]) / static_cast<double>(n);
    out.requests.insert(out.requests.end(), n, rate);
    out.error_ratio.insert(out.error_ratio.end(), n, ratio(d.errors[k], d.requests[k]));
    out.p95_s.insert(out.p95_s.end(), n, d.p95_s[k]);
    out.p99_s.insert(out.p99_s.end(), n, d.p99_s[k]);
    out.ready.insert(out.ready.end(), n, static_cast<double>(d.ready[k]));
  }
  for (const auto& window : series.detail) {
    if (!(window.t0_s >= 0)) continue;
    const auto t0 = static_cast<std::size_t>(window.t0_s);
    for (std::size_t i = 0; i < window.data.size() && t0 + i < seconds; ++i) {
      const std::size_t t = t0 + i;
      out.requests[t] = window.data.requests[i];
      out.error_ratio[t] = ratio(window.data.errors[i], window.data.requests[i]);
      out.p95_s[t] = window.data.p95_s[i];
      out.p99_s[t] = window.data.p99_s[i];
      out.ready[t] = window.data.ready[i];
    }
  }
  return out;
}

}  // namespace drillsim::gui
