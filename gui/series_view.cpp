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

PlotSeries plot_series(const report::Report::Series& series, double duration_s, unsigned fields) {
  const model::SecondSeries& d = series.data;
  const auto step = static_cast<std::size_t>(std::max(1.0, std::round(series.step_s)));
  std::size_t seconds = d.size() * step;
  if (duration_s > 0 && std::ceil(duration_s) < static_cast<double>(seconds))
    seconds = static_cast<std::size_t>(std::ceil(duration_s));
  // One value per second of a field: value(k, n) for step k, which covers n seconds; a detail window's
  // seconds then take their own sample, own(window's data, i). Built by appending (no zero-filling
  // first): a million-second series is 8 MB a vector, and only the fields asked for are built.
  const auto spread = [&](auto value, auto own) {
    std::vector<double> out;
    out.reserve(seconds);
    if (step == 1) {  // Per second (the common case, and the long one).
      for (std::size_t k = 0; k < seconds; ++k)
        out.push_back(value(k, std::size_t{1}));
    } else {
      for (std::size_t k = 0; k < d.size() && k * step < seconds; ++k) {
        const std::size_t begin = k * step;
        const std::size_t n = std::min(seconds, begin + step) - begin;
        out.insert(out.end(), n, value(k, n));
      }
    }
    for (const auto& window : series.detail) {
      if (!(window.t0_s >= 0)) continue;
      const auto t0 = static_cast<std::size_t>(window.t0_s);
      for (std::size_t i = 0; i < window.data.size() && t0 + i < seconds; ++i)
        out[t0 + i] = own(window.data, i);
    }
    return out;
  };
  using Data = model::SecondSeries;
  PlotSeries out;
  if (fields & kPlotRequests) {
    out.requests =
        spread([&](std::size_t k,
                   std::size_t n) { return static_cast<double>(d.requests[k]) / static_cast<double>(n); },
               [](const Data& w, std::size_t i) { return static_cast<double>(w.requests[i]); });
  }
  if (fields & kPlotErrorRatio) {
    out.error_ratio = spread([&](std::size_t k, std::size_t) { return ratio(d.errors[k], d.requests[k]); },
                             [](const Data& w, std::size_t i) { return ratio(w.errors[i], w.requests[i]); });
  }
  if (fields & kPlotP95) {
    out.p95_s = spread([&](std::size_t k, std::size_t) { return d.p95_s[k]; },
                       [](const Data& w, std::size_t i) { return w.p95_s[i]; });
  }
  if (fields & kPlotP99) {
    out.p99_s = spread([&](std::size_t k, std::size_t) { return d.p99_s[k]; },
                       [](const Data& w, std::size_t i) { return w.p99_s[i]; });
  }
  if (fields & kPlotReady) {
    out.ready = spread([&](std::size_t k, std::size_t) { return static_cast<double>(d.ready[k]); },
                       [](const Data& w, std::size_t i) { return static_cast<double>(w.ready[i]); });
  }
  return out;
}

}  // namespace drillsim::gui
