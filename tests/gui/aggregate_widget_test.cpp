// The Aggregate tab on the bundled aggregate and sweep, rendered offscreen: the charts hold the file's
// numbers (quantiles, histogram counts, rank correlations, P(RTO met) and its Wilson band against the
// swept value), the per-run table sorts and says how to replay a run, and implausible fields show a
// banner.
#include "gui/aggregate_widget.hpp"

#include <gtest/gtest.h>

#include <QApplication>
#include <QAreaSeries>
#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QEventLoop>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QLineSeries>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>

#include <nlohmann/json.hpp>

#include "gui/aggregate_models.hpp"
#include "gui/main_window.hpp"
#include "gui_test_data.hpp"

namespace drillsim::gui {
namespace {

using json = nlohmann::json;

json read_json(const QString& path) {
  const QByteArray bytes = test::read_bytes(path);
  return json::parse(bytes.cbegin(), bytes.cend());
}

QStringList open_and_wait(MainWindow& window, const QStringList& paths) {
  QStringList errors;
  QEventLoop loop;
  QObject::connect(&window, &MainWindow::loadFinished, &loop, [&](const QStringList& e) {
    errors = e;
    loop.quit();
  });
  QTimer::singleShot(60'000, &loop, &QEventLoop::quit);
  window.openFiles(paths);
  loop.exec();
  return errors;
}

template <typename T>
T* only_series(QChartView* view) {
  for (QAbstractSeries* s : view->chart()->series()) {
    if (auto* t = qobject_cast<T*>(s)) return t;
  }
  return nullptr;
}

QLineSeries* line_named(QChartView* view, const QString& name) {
  for (QAbstractSeries* s : view->chart()->series()) {
    auto* line = qobject_cast<QLineSeries*>(s);
    if (line && line->name() == name) return line;
  }
  return nullptr;
}

TEST(AggregateView, OpensAnAggregateOnItsOwnTab) {
  const json file = read_json(test::bundled_aggregate());
  MainWindow window;
  window.resize(1280, 900);
  ASSERT_TRUE(open_and_wait(window, {test::bundled_aggregate()}).isEmpty());
  ASSERT_TRUE(window.currentStudy());
  EXPECT_FALSE(window.currentReport());
  EXPECT_EQ(window.tabs()->currentWidget(), window.aggregate());
  EXPECT_FALSE(window.warningBanner()->isVisibleTo(&window));
  AggregateWidget* view = window.aggregate();
  EXPECT_TRUE(view->headline()->text().contains(QStringLiteral("30 runs")));
  EXPECT_FALSE(view->pages()->isTabEnabled(4));  // No sweep page for a single aggregate.
  EXPECT_EQ(view->objectivesModel()->rowCount(), 1);
  EXPECT_EQ(view->levelsModel()->rowCount(), 2);

  // The phases' quantiles: one bar set per quantile, one bar per phase, the file's values.
  auto* bars = only_series<QBarSeries>(view->phasesChart());
  ASSERT_NE(bars, nullptr);
  ASSERT_EQ(bars->count(), 5);
  const char* const phases[] = {"time_to_detect_s", "time_to_decide_s", "time_to_rollback_s",
                                "time_to_restore_s"};
  const char* const quantiles[] = {"p5", "p50", "p90", "p95", "p99"};
  for (int k = 0; k < 5; ++k) {
    QBarSet* set = bars->barSets()[k];
    EXPECT_EQ(set->label(), QLatin1String(quantiles[k]));
    ASSERT_EQ(set->count(), 4);
    for (int p = 0; p < 4; ++p)
      EXPECT_EQ(set->at(p), file["metrics"][phases[p]]["quantiles"][quantiles[k]].get<double>()) << phases[p];
  }

  // The tornado: the inputs that varied, the first-ranked at the top (the last category), their ρ.
  auto* tornado = only_series<QHorizontalBarSeries>(view->tornadoChart());
  ASSERT_NE(tornado, nullptr);
  std::vector<const json*> varied;
  for (const json& in : file["attribution"]["inputs"]) {
    if (!in["spearman_time_to_restore"].is_null()) varied.push_back(&in);
  }
  ASSERT_EQ(tornado->count(), 2);
  QBarSet* rho = tornado->barSets()[1];
  EXPECT_EQ(rho->label(), QStringLiteral("ρ with time to restore"));
  ASSERT_EQ(rho->count(), static_cast<int>(varied.size()));
  for (std::size_t i = 0; i < varied.size(); ++i) {
    EXPECT_EQ(rho->at(static_cast<int>(varied.size() - 1 - i)),
              (*varied[i])["spearman_time_to_restore"].get<double>());
    // No run missed the RTO here, so no correlation with the misses: a bar of 0 (its tooltip says "—").
    const json& missed = (*varied[i])["spearman_rto_missed"];
    EXPECT_EQ(tornado->barSets()[0]->at(static_cast<int>(varied.size() - 1 - i)),
              missed.is_null() ? 0.0 : missed.get<double>());
  }
  auto* categories =
      qobject_cast<QBarCategoryAxis*>(view->tornadoChart()->chart()->axes(Qt::Vertical).front());
  ASSERT_NE(categories, nullptr);
  EXPECT_EQ(categories->categories().back().toStdString(), (*varied[0])["input"].get<std::string>());

  // The histogram of the objective's time to restore: the file's bins, over its edges, with the RTO.
  ASSERT_TRUE(view->setHistogram(QStringLiteral("objective:checkout")));
  const json& ttr = file["objectives"][0]["time_to_restore_s"];
  auto* area = only_series<QAreaSeries>(view->histogramChart());
  ASSERT_NE(area, nullptr);
  const QList<QPointF> outline = area->upperSeries()->points();
  const json& counts = ttr["histogram"]["counts"];
  ASSERT_EQ(outline.size(), static_cast<qsizetype>(2 * counts.size()));
  const double lo = ttr["histogram"]["lo"].get<double>();
  const double hi = ttr["histogram"]["hi"].get<double>();
  EXPECT_DOUBLE_EQ(outline.front().x(), lo);
  EXPECT_DOUBLE_EQ(outline.back().x(), hi);
  for (std::size_t i = 0; i < counts.size(); ++i)
    EXPECT_EQ(outline[static_cast<qsizetype>(2 * i)].y(), counts[i].get<double>());
  QLineSeries* rto = line_named(view->histogramChart(), QStringLiteral("RTO 600 s"));
  ASSERT_NE(rto, nullptr);
  EXPECT_EQ(rto->at(0).x(), 600.0);
  EXPECT_FALSE(view->setHistogram(QStringLiteral("no_such_metric")));
  ASSERT_TRUE(view->setHistogram(QStringLiteral("time_to_decide_s")));
  EXPECT_EQ(only_series<QAreaSeries>(view->histogramChart())->upperSeries()->at(0).y(),
            file["metrics"]["time_to_decide_s"]["histogram"]["counts"][0].get<double>());

  // The per-run table: click a header to sort, select a row to see its replay command.
  ASSERT_TRUE(view->setPage(QStringLiteral("runs")));
  QTableView* runs = view->runsView();
  const int ttr_column = view->runsModel()->column(QStringLiteral("time_to_restore_s"));
  runs->sortByColumn(ttr_column, Qt::DescendingOrder);
  double slowest = 0;
  std::uint64_t slowest_seed = 0;
  for (const json& r : file["per_run"]) {
    if (r["time_to_restore_s"].get<double>() > slowest) {
      slowest = r["time_to_restore_s"].get<double>();
      slowest_seed = r["seed"].get<std::uint64_t>();
    }
  }
  runs->selectRow(0);
  runs->setCurrentIndex(runs->model()->index(0, 0));
  EXPECT_EQ(runs->model()->index(0, ttr_column).data(Qt::UserRole).toDouble(), slowest);
  EXPECT_EQ(view->replayLabel()->text(),
            QStringLiteral("drillsim run tests/gui/data/canary.scenario.json --seed %1").arg(slowest_seed));
}

TEST(AggregateView, SweepDrawsProbabilityAndRestoreAgainstTheSweptValue) {
  const json file = read_json(test::bundled_sweep());
  MainWindow window;
  window.resize(1280, 900);
  ASSERT_TRUE(open_and_wait(window, {test::bundled_sweep()}).isEmpty());
  AggregateWidget* view = window.aggregate();
  ASSERT_TRUE(view->pages()->isTabEnabled(4));
  ASSERT_TRUE(view->setPage(QStringLiteral("sweep")));
  EXPECT_EQ(view->pointSelector()->count(), 3);

  // P(RTO met) of checkout at 60, 240 and 420 s, and its Wilson band.
  QLineSeries* p = line_named(view->sweepProbabilityChart(), QStringLiteral("checkout (RTO 600 s)"));
  ASSERT_NE(p, nullptr);
  ASSERT_EQ(p->count(), 3);
  auto* band = only_series<QAreaSeries>(view->sweepProbabilityChart());
  ASSERT_NE(band, nullptr);
  for (int i = 0; i < 3; ++i) {
    const json& point = file["points"][static_cast<std::size_t>(i)];
    const json& rto_met = point["aggregate"]["objectives"][0]["rto_met"];
    EXPECT_EQ(p->at(i).x(), point["settings"]["/responder/ack/max_s"].get<double>());
    EXPECT_EQ(p->at(i).y(), rto_met["p"].get<double>());
    EXPECT_EQ(band->upperSeries()->at(i).y(), rto_met["wilson"][1].get<double>());
    EXPECT_EQ(band->lowerSeries()->at(i).y(), rto_met["wilson"][0].get<double>());
  }
  // The time to restore's p95 at each point.
  QLineSeries* p95 = line_named(view->sweepRestoreChart(), QStringLiteral("p95"));
  ASSERT_NE(p95, nullptr);
  ASSERT_EQ(p95->count(), 3);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(p95->at(i).y(), file["points"][static_cast<std::size_t>(i)]["aggregate"]["metrics"]
                                  ["time_to_restore_s"]["quantiles"]["p95"]
                                      .get<double>());
  }

  // Choosing a point shows its aggregate on the other pages.
  view->pointSelector()->setCurrentIndex(2);
  EXPECT_EQ(view->point(), 2);
  const double p2 = file["points"][2]["aggregate"]["objectives"][0]["rto_met"]["p"].get<double>();
  EXPECT_EQ(view->objectivesModel()->data(view->objectivesModel()->index(0, 2), Qt::UserRole).toDouble(), p2);
  EXPECT_TRUE(view->headline()->text().contains(QStringLiteral("/responder/ack/max_s=420")));
}

TEST(AggregateView, ImplausibleFieldsShowABannerAndAReportGoesBackToTheTimeline) {
  json report = read_json(test::bundled_report());
  report["scenario"]["duration_s"] = -900;
  QTemporaryDir dir;
  const QString bad =
      test::write_file(dir, QStringLiteral("negative.json"), QByteArray::fromStdString(report.dump()));
  MainWindow window;
  window.resize(1280, 900);
  ASSERT_TRUE(open_and_wait(window, {test::bundled_aggregate()}).isEmpty());
  ASSERT_TRUE(open_and_wait(window, {bad}).isEmpty());
  EXPECT_EQ(window.tabs()->currentIndex(), 0);  // A drill's report: the Timeline.
  EXPECT_TRUE(window.warningBanner()->isVisibleTo(&window));
  EXPECT_TRUE(window.warningBanner()->text().contains(QStringLiteral("/scenario/duration_s: -900 s")));
  ASSERT_EQ(window.warnings().size(), 1);
  EXPECT_TRUE(window.warnings()[0].startsWith(bad + QStringLiteral(": /scenario/duration_s")));
  // Back to the aggregate: its tab, no banner, and Compare holds the drill's report only.
  window.setCurrentReport(0);
  EXPECT_EQ(window.tabs()->currentWidget(), window.aggregate());
  EXPECT_FALSE(window.warningBanner()->isVisibleTo(&window));
}

}  // namespace
}  // namespace drillsim::gui
