// plot_series by hand, and a small long-drill report (coarse series, schema version 2) read end to end
// by the viewer's loader.
#include "gui/series_view.hpp"

#include <gtest/gtest.h>

#include <QTemporaryDir>

#include <cmath>
#include <limits>

#include "gui/report_loader.hpp"
#include "gui_test_data.hpp"
#include "report/report_writer.hpp"

namespace drillsim::gui {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

TEST(PlotSeries, PerSecondSeriesAsTheyAre) {
  report::Report::Series s;
  s.data.resize(3);
  s.data.requests = {10, 0, 4};
  s.data.errors = {1, 0, 4};
  s.data.p95_s = {0.2, kNaN, 0.3};
  s.data.ready = {3, 3, 2};
  const PlotSeries p = plot_series(s, 3);
  EXPECT_EQ(p.requests, (std::vector<double>{10, 0, 4}));
  EXPECT_EQ(p.error_ratio[0], 0.1);
  EXPECT_TRUE(std::isnan(p.error_ratio[1]));  // No request.
  EXPECT_EQ(p.error_ratio[2], 1.0);
  EXPECT_EQ(p.ready, (std::vector<double>{3, 3, 2}));
}

// Only the fields asked for are built, each as plot_series builds it with every field.
TEST(PlotSeries, BuildsOnlyTheFieldsAskedFor) {
  report::Report::Series s;
  s.data.resize(3);
  s.data.requests = {10, 0, 4};
  s.data.errors = {1, 0, 4};
  s.data.p95_s = {0.2, kNaN, 0.3};
  s.data.p99_s = {0.4, kNaN, 0.5};
  s.data.ready = {3, 3, 2};
  const PlotSeries all = plot_series(s, 3);
  const PlotSeries some = plot_series(s, 3, kPlotRequests | kPlotP99);
  EXPECT_EQ(some.requests, all.requests);
  EXPECT_EQ(some.p99_s.size(), 3u);
  EXPECT_EQ(some.p99_s[0], 0.4);
  EXPECT_TRUE(std::isnan(some.p99_s[1]));
  EXPECT_TRUE(some.error_ratio.empty());
  EXPECT_TRUE(some.p95_s.empty());
  EXPECT_TRUE(some.ready.empty());
  EXPECT_EQ(all.ready, (std::vector<double>{3, 3, 2}));
}

// Steps of 2 s over a 3 s drill: step 0 = seconds 0-1, step 1 = second 2 only (the drill ends). A
// detail window brings second 1's own sample back.
TEST(PlotSeries, CoarseStepsSpreadOverTheirSecondsAndDetailWins) {
  report::Report::Series s;
  s.step_s = 2;
  s.data.resize(2);
  s.data.requests = {8, 5};  // Step 0: 4 per second; step 1 (one second): 5.
  s.data.errors = {2, 0};
  s.data.p95_s = {0.3, kNaN};
  s.data.p99_s = {0.5, kNaN};
  s.data.ready = {2, 3};
  report::Report::Series::Window w;
  w.t0_s = 1;
  w.data.resize(1);
  w.data.requests = {3};
  w.data.errors = {0};
  w.data.p95_s = {0.1};
  w.data.p99_s = {0.2};
  w.data.ready = {4};
  s.detail.push_back(w);
  const PlotSeries p = plot_series(s, 3);
  EXPECT_EQ(p.requests, (std::vector<double>{4, 3, 5}));
  EXPECT_EQ(p.error_ratio[0], 0.25);  // 2 / 8 over the whole step.
  EXPECT_EQ(p.error_ratio[1], 0.0);   // The window's own second.
  EXPECT_EQ(p.error_ratio[2], 0.0);
  EXPECT_EQ(p.p95_s[0], 0.3);
  EXPECT_EQ(p.p95_s[1], 0.1);
  EXPECT_TRUE(std::isnan(p.p95_s[2]));
  EXPECT_EQ(p.ready, (std::vector<double>{2, 4, 3}));
}

// The bundled 900 s report turned into a long drill's: per-minute series with seconds [300, 420) in
// full, written by the report writer and opened by the viewer's loader.
TEST(PlotSeries, ViewerReadsASmallLongDrillReport) {
  const LoadedReport original = load_report_file(test::bundled_report());
  ASSERT_TRUE(original.report) << original.error.toStdString();
  report::Report coarse = *original.report;
  coarse.schema_version = report::kCoarseSchemaVersion;
  coarse.series.clear();
  for (const auto& s : original.report->series)
    coarse.series.push_back(report::coarsen_series(s.service, s.version, s.data, 60, {300, 420}));
  QTemporaryDir dir;
  const QString path = dir.filePath(QStringLiteral("long.json"));
  report::write_report(coarse, path.toStdString());

  const LoadedReport loaded = load_report_file(path);
  ASSERT_TRUE(loaded.report) << loaded.error.toStdString();
  EXPECT_TRUE(loaded.warnings.isEmpty()) << loaded.warnings.join(QStringLiteral("; ")).toStdString();
  const auto& r = *loaded.report;
  ASSERT_TRUE(r.coarse());
  ASSERT_EQ(r.series.size(), original.report->series.size());
  for (std::size_t i = 0; i < r.series.size(); ++i) {
    const auto& full = original.report->series[i].data;
    const auto& s = r.series[i];
    EXPECT_EQ(s.step_s, 60.0);
    ASSERT_EQ(s.data.size(), 15u);  // 900 s in minutes.
    std::uint64_t first_minute = 0;
    for (std::size_t k = 0; k < 60; ++k)
      first_minute += full.requests[k];
    EXPECT_EQ(s.data.requests[0], first_minute);
    const PlotSeries p = plot_series(s, r.scenario.duration_s);
    ASSERT_EQ(p.requests.size(), 900u);
    for (std::size_t t = 300; t < 420; ++t) {
      EXPECT_EQ(p.requests[t], full.requests[t]) << "second " << t;
      EXPECT_TRUE(p.p95_s[t] == full.p95_s[t] || (std::isnan(p.p95_s[t]) && std::isnan(full.p95_s[t])));
    }
    EXPECT_DOUBLE_EQ(p.requests[10], static_cast<double>(first_minute) / 60);  // Outside the window.
  }
}

}  // namespace
}  // namespace drillsim::gui
