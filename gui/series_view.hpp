// What the charts plot from a report's series: one value per second. A per-second series (a drill of up
// to report::kCoarseAfterS) is shown as it is. A coarse one (a long drill, one sample per minute, with
// full-resolution windows around the incident; docs/report-format.md) is spread over its seconds: every
// second of a step shows the step's mean rate (its sum over its seconds), its error ratio (errors over
// requests of the whole step), its largest percentile and its fewest Ready replicas; the seconds of a
// detail window then show their own samples.
#pragma once

#include <vector>

#include "report/report.hpp"

namespace drillsim::gui {

struct PlotSeries {
  std::vector<double> requests;     // Requests per second.
  std::vector<double> error_ratio;  // errors / requests; NaN without requests.
  std::vector<double> p95_s;        // NaN without requests.
  std::vector<double> p99_s;
  std::vector<double> ready;
};

// The fields of PlotSeries, for building only those a chart plots.
inline constexpr unsigned kPlotRequests = 1, kPlotErrorRatio = 2, kPlotP95 = 4, kPlotP99 = 8, kPlotReady = 16,
                          kPlotAll = 31;

// One value per second of `series`: data.size() · step_s seconds, cut to ceil(duration_s) when that is
// positive and shorter (the last step of a coarse series may cover fewer seconds than step_s). Only the
// `fields` asked for are built; the others are left empty.
PlotSeries plot_series(const report::Report::Series& series, double duration_s, unsigned fields = kPlotAll);

}  // namespace drillsim::gui
