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
  PlotSeries out;
  out.requests.resize(seconds);
  out.error_ratio.resize(seconds);
  out.p95_s.resize(seconds);
  out.p99_s.resize(seconds);
  out.ready.resize(seconds);
  for (std::size_t k = 0; k < d.size() && k * step < seconds; ++k) {
    const std::size_t begin = k * step;
    const std::size_t end = std::min(seconds, begin + step);
    const double rate = static_cast<double>(d.requests[k]) / static_cast<double>(end - begin);
    const double r = ratio(d.errors[k], d.requests[k]);
    std::fill(out.requests.begin() + static_cast<std::ptrdiff_t>(begin),
              out.requests.begin() + static_cast<std::ptrdiff_t>(end), rate);
    std::fill(out.error_ratio.begin() + static_cast<std::ptrdiff_t>(begin),
              out.error_ratio.begin() + static_cast<std::ptrdiff_t>(end), r);
    std::fill(out.p95_s.begin() + static_cast<std::ptrdiff_t>(begin),
              out.p95_s.begin() + static_cast<std::ptrdiff_t>(end), d.p95_s[k]);
    std::fill(out.p99_s.begin() + static_cast<std::ptrdiff_t>(begin),
              out.p99_s.begin() + static_cast<std::ptrdiff_t>(end), d.p99_s[k]);
    std::fill(out.ready.begin() + static_cast<std::ptrdiff_t>(begin),
              out.ready.begin() + static_cast<std::ptrdiff_t>(end), static_cast<double>(d.ready[k]));
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
