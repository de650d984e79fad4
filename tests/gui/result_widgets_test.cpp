// The Results tab on the bundled capacity, assessment and comparison reports, rendered offscreen: the
// file opens on its own tab, the charts put each mark where the file's numbers say (checked through the
// chart's own mapping and in the rendered pixels), and each view is saved as a screenshot
// (build/…/tests/gui/work/results-*.png) to look at.
#include "gui/result_widgets.hpp"

#include <gtest/gtest.h>

#include <QAction>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QImage>
#include <QLabel>
#include <QLineSeries>
#include <QMenu>
#include <QScatterSeries>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>

#include <nlohmann/json.hpp>

#include "gui/aggregate_models.hpp"
#include "gui/main_window.hpp"
#include "gui/palette.hpp"
#include "gui/report_export.hpp"
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

QScatterSeries* marks_named(QChartView* view, const QString& name) {
  for (QAbstractSeries* s : view->chart()->series()) {
    auto* m = qobject_cast<QScatterSeries*>(s);
    if (m && m->name() == name) return m;
  }
  return nullptr;
}

std::vector<QPointF> points_of(QScatterSeries* s) {
  std::vector<QPointF> out;
  if (s == nullptr) return out;
  for (const QPointF& p : s->points())
    out.push_back(p);
  return out;
}

bool has_point(QScatterSeries* s, double x, double y) {
  for (const QPointF& p : points_of(s)) {
    if (std::abs(p.x() - x) < 1e-9 && std::abs(p.y() - y) < 1e-9) return true;
  }
  return false;
}

// Lays out and shows the window, and lets the charts settle.
void settle(MainWindow& window) {
  window.show();
  QCoreApplication::processEvents();
  (void)window.grab();
  QCoreApplication::processEvents();
}

bool close_to(QRgb pixel, const QColor& colour, int tolerance) {
  return std::abs(qRed(pixel) - colour.red()) <= tolerance &&
         std::abs(qGreen(pixel) - colour.green()) <= tolerance &&
         std::abs(qBlue(pixel) - colour.blue()) <= tolerance;
}

// Pixels of `colour` within `radius` of the chart point `value` of `series`, in `view`'s rendering.
int pixels_near(QChartView* view, const QImage& image, QAbstractSeries* series, QPointF value,
                const QColor& colour, int radius = 4) {
  const QPointF at =
      view->mapFromScene(view->chart()->mapToScene(view->chart()->mapToPosition(value, series)));
  int n = 0;
  for (int y = static_cast<int>(at.y()) - radius; y <= static_cast<int>(at.y()) + radius; ++y) {
    for (int x = static_cast<int>(at.x()) - radius; x <= static_cast<int>(at.x()) + radius; ++x) {
      if (image.rect().contains(x, y) && close_to(image.pixel(x, y), colour, 30)) ++n;
    }
  }
  return n;
}

QString screenshot_path(const QString& name) {
  const QString dir = QDir::currentPath() + QStringLiteral("/work");
  QDir().mkpath(dir);
  return dir + QStringLiteral("/results-") + name + QStringLiteral(".png");
}

TEST(CapacityView, OpensOnItsTabWithEveryCountTriedWhereTheFileSays) {
  MainWindow window;
  window.resize(1280, 900);
  ASSERT_TRUE(open_and_wait(window, {test::bundled_capacity()}).isEmpty());
  ASSERT_TRUE(window.currentResult());
  EXPECT_FALSE(window.currentReport());
  EXPECT_FALSE(window.currentStudy());
  EXPECT_EQ(window.tabs()->currentWidget(), window.results());
  EXPECT_EQ(window.tabs()->tabText(window.tabs()->currentIndex()), QStringLiteral("Capacity"));
  EXPECT_EQ(window.results()->stack()->currentWidget(), window.results()->capacity());
  EXPECT_TRUE(window.reportTitles()[0].startsWith(QStringLiteral("A: capacity-mix, capacity (")));
  settle(window);

  CapacityWidget* view = window.results()->capacity();
  EXPECT_TRUE(view->headline()->text().contains(QStringLiteral("2 drill(s) per count")));
  QChartView* chart = view->chart();
  // Two rows: checkout at the top (y = 1), search below (y = 0). From the file: checkout tried 2
  // (failed), 4 (passed, the fewest), 3 (failed), today 2; search 6 and 3 (passed, 3 the fewest), 1 and
  // 2 (failed), today 6.
  QScatterSeries* passed = marks_named(chart, QStringLiteral("passed: every run within the SLO"));
  QScatterSeries* failed = marks_named(chart, QStringLiteral("failed"));
  QScatterSeries* fewest = marks_named(chart, QStringLiteral("fewest that passes"));
  QScatterSeries* today = marks_named(chart, QStringLiteral("today's count"));
  ASSERT_TRUE(passed && failed && fewest && today);
  EXPECT_EQ(points_of(failed).size(), 4u);
  EXPECT_TRUE(has_point(failed, 2, 1) && has_point(failed, 3, 1));
  EXPECT_TRUE(has_point(failed, 1, 0) && has_point(failed, 2, 0));
  EXPECT_EQ(points_of(passed).size(), 1u);
  EXPECT_TRUE(has_point(passed, 6, 0));
  EXPECT_EQ(points_of(fewest).size(), 2u);
  EXPECT_TRUE(has_point(fewest, 4, 1) && has_point(fewest, 3, 0));
  EXPECT_TRUE(has_point(today, 2, 1) && has_point(today, 6, 0));
  auto* rows = qobject_cast<QCategoryAxis*>(chart->chart()->axes(Qt::Vertical).front());
  ASSERT_TRUE(rows);
  EXPECT_EQ(rows->categoriesLabels(), (QStringList{QStringLiteral("search"), QStringLiteral("checkout")}));

  const QImage image = chart->grab().toImage();
  EXPECT_GT(pixels_near(chart, image, failed, {3, 1}, palette::worse()), 10);
  EXPECT_GT(pixels_near(chart, image, fewest, {4, 1}, palette::better()), 10);
  EXPECT_EQ(pixels_near(chart, image, fewest, {5, 1}, palette::better()), 0);  // Nothing tried at 5.
  ASSERT_TRUE(window.grab().save(screenshot_path(QStringLiteral("capacity"))));
}

TEST(AssessmentView, DrawsEachProbabilityWithItsIntervalAgainstTheThreshold) {
  const json file = read_json(test::bundled_assessment());
  MainWindow window;
  window.resize(1280, 900);
  ASSERT_TRUE(open_and_wait(window, {test::bundled_assessment()}).isEmpty());
  EXPECT_EQ(window.tabs()->currentWidget(), window.results());
  EXPECT_EQ(window.tabs()->tabText(window.tabs()->currentIndex()), QStringLiteral("Assessment"));
  settle(window);
  AssessmentWidget* view = window.results()->assessment();
  EXPECT_TRUE(view->headline()->text().contains(QStringLiteral("checkout-tier1")));
  EXPECT_TRUE(view->headline()->text().contains(QStringLiteral("No scenario for: Region")));
  QChartView* chart = view->chart();
  // Four rows, the first result at the top (y = 3). P(both met) of checkout, Software: 17 of 20, breached.
  QScatterSeries* breached = marks_named(chart, QStringLiteral("P(both met): PolicyBreached"));
  QScatterSeries* met = marks_named(chart, QStringLiteral("P(both met): PolicyMet"));
  QScatterSeries* rto = marks_named(chart, QStringLiteral("P(RTO met)"));
  ASSERT_TRUE(breached && met && rto);
  const double p = file["results"][0]["both_met"]["p"].get<double>() * 100.0;
  EXPECT_EQ(points_of(breached), (std::vector<QPointF>{QPointF(p, 3)}));
  EXPECT_EQ(points_of(met).size(), 2u);  // search, Software and api, Hardware; api, AZ has no target.
  EXPECT_EQ(points_of(rto).size(), 3u);
  EXPECT_TRUE(has_point(rto, 85.0, 3.25));
  // Its Wilson interval as an error bar from lo to hi, on the row of the point.
  const double lo = file["results"][0]["both_met"]["wilson"][0].get<double>() * 100.0;
  const double hi = file["results"][0]["both_met"]["wilson"][1].get<double>() * 100.0;
  bool found = false;
  QLineSeries* threshold = nullptr;
  for (QAbstractSeries* s : chart->chart()->series()) {
    auto* line = qobject_cast<QLineSeries*>(s);
    if (line == nullptr || qobject_cast<QScatterSeries*>(s)) continue;
    if (line->name().startsWith(QStringLiteral("policy threshold"))) threshold = line;
    const auto pts = line->points();
    if (pts.size() == 6 && pts[2] == QPointF(lo, 3) && pts[3] == QPointF(hi, 3)) found = true;
  }
  EXPECT_TRUE(found);
  ASSERT_TRUE(threshold);
  EXPECT_EQ(threshold->name(), QStringLiteral("policy threshold: met at 95.0%"));
  EXPECT_EQ(threshold->at(0).x(), 95.0);
  auto* rows = qobject_cast<QCategoryAxis*>(chart->chart()->axes(Qt::Vertical).front());
  ASSERT_TRUE(rows);
  EXPECT_EQ(rows->categoriesLabels().front(), QStringLiteral("api · AZ (no target)"));

  const QImage image = chart->grab().toImage();
  EXPECT_GT(pixels_near(chart, image, breached, {p, 3}, palette::worse()), 10);
  // The dashed, antialiased threshold: reddish pixels in the column at 95 % across the row of api · AZ
  // (y = 0, no marks, so nothing else red is there), none at 50 %.
  const auto to_pixel = [&](double x, double y) {
    return chart->mapFromScene(chart->chart()->mapToScene(chart->chart()->mapToPosition({x, y}, threshold)));
  };
  const auto reddish_in_column = [&](double x) {
    const QPointF at = to_pixel(x, 0);
    const int top = static_cast<int>(to_pixel(x, 0.45).y());
    const int bottom = static_cast<int>(to_pixel(x, -0.45).y());
    int n = 0;
    for (int y = top; y <= bottom; ++y) {
      for (int dx = -2; dx <= 2; ++dx) {
        const QRgb p = image.pixel(std::clamp(static_cast<int>(at.x()) + dx, 0, image.width() - 1), y);
        if (qRed(p) > 140 && qGreen(p) < 110 && qBlue(p) < 130) ++n;
      }
    }
    return n;
  };
  EXPECT_GT(reddish_in_column(95.0), 20);
  EXPECT_EQ(reddish_in_column(50.0), 0);
  ASSERT_TRUE(window.grab().save(screenshot_path(QStringLiteral("assessment"))));
}

TEST(ComparisonView, RanksTheCandidatesWithTheirIntervalsAgainstNoChange) {
  const json file = read_json(test::bundled_comparison());
  MainWindow window;
  window.resize(1280, 900);
  ASSERT_TRUE(open_and_wait(window, {test::bundled_comparison()}).isEmpty());
  EXPECT_EQ(window.tabs()->tabText(window.tabs()->currentIndex()), QStringLiteral("Comparison"));
  settle(window);
  ComparisonWidget* view = window.results()->comparison();
  EXPECT_TRUE(view->headline()->text().contains(QStringLiteral("P(RTO met) 92.5%")));
  // Written before --rank-by, so ranked on P(every RTO met), and the headline says so.
  EXPECT_TRUE(view->headline()->text().contains(QStringLiteral("ranked by <b>P(every RTO met)</b>")))
      << view->headline()->text().toStdString();
  // Five rows, rank 1 at the top (y = 4). In points: "both" +7.5 [0, 17.5] reaches 0; the slower
  // acknowledgement −62.5, its interval below 0: worse.
  QChartView* pc = view->probabilityChart();
  QScatterSeries* worse = marks_named(pc, QStringLiteral("worse (interval clear of 0)"));
  QScatterSeries* unclear = marks_named(pc, QStringLiteral("interval reaches 0"));
  ASSERT_TRUE(worse && unclear);
  const double slower = file["candidates"][4]["delta_p_rto_met"]["estimate"].get<double>() * 100.0;
  EXPECT_EQ(points_of(worse), (std::vector<QPointF>{QPointF(slower, 0)}));
  EXPECT_EQ(points_of(unclear).size(), 4u);
  EXPECT_TRUE(has_point(unclear, 0, 1));  // same-group-wait: exactly no change.
  auto* rows = qobject_cast<QCategoryAxis*>(pc->chart()->axes(Qt::Vertical).front());
  ASSERT_TRUE(rows);
  EXPECT_EQ(rows->categoriesLabels().back(), QStringLiteral("1. both"));
  EXPECT_EQ(rows->categoriesLabels().front(), QStringLiteral("5. slower-ack"));
  // In seconds of the p95 time to restore: the three faster ones better, the slower one worse.
  QChartView* qc = view->restoreChart();
  QScatterSeries* better = marks_named(qc, QStringLiteral("better (interval clear of 0)"));
  ASSERT_TRUE(better);
  EXPECT_EQ(points_of(better).size(), 3u);
  const double both = file["candidates"][0]["delta_p95_time_to_restore_s"]["estimate"].get<double>();
  EXPECT_TRUE(has_point(better, both, 4));
  EXPECT_EQ(points_of(marks_named(qc, QStringLiteral("worse (interval clear of 0)"))).size(), 1u);

  const QImage p_image = pc->grab().toImage();
  EXPECT_GT(pixels_near(pc, p_image, worse, {slower, 0}, palette::worse()), 10);
  const QImage q_image = qc->grab().toImage();
  EXPECT_GT(pixels_near(qc, q_image, better, {both, 4}, palette::better()), 10);
  ASSERT_TRUE(window.grab().save(screenshot_path(QStringLiteral("comparison"))));
}

// The Per service page: rows grouped by service (checkout's five candidates, then search's), each
// with the change in P(RTO met) as a circle and in P(RPO met) as a square at the file's values.
TEST(ComparisonView, PerServicePageGroupsTheChangesByService) {
  const json file = read_json(test::bundled_comparison());
  MainWindow window;
  window.resize(1280, 900);
  ASSERT_TRUE(open_and_wait(window, {test::bundled_comparison()}).isEmpty());
  ComparisonWidget* view = window.results()->comparison();
  EXPECT_FALSE(view->setPage(QStringLiteral("nosuch")));
  ASSERT_TRUE(view->setPage(QStringLiteral("services")));
  settle(window);
  EXPECT_EQ(view->servicesModel()->rowCount(), 10);
  QChartView* sc = view->servicesChart();
  auto* rows = qobject_cast<QCategoryAxis*>(sc->chart()->axes(Qt::Vertical).front());
  ASSERT_TRUE(rows);
  const QStringList labels = rows->categoriesLabels();  // Bottom to top.
  ASSERT_EQ(labels.size(), 10);
  EXPECT_EQ(labels.back(), QStringLiteral("checkout · 1. both"));
  EXPECT_EQ(labels[5], QStringLiteral("checkout · 5. slower-ack"));
  EXPECT_EQ(labels[4], QStringLiteral("search · 1. both"));
  EXPECT_EQ(labels.front(), QStringLiteral("search · 5. slower-ack"));
  // Every mark where the file puts it: row y = 9 − (service · 5 + rank − 1), RTO 0.18 above, RPO below.
  std::size_t rto_marks = 0;
  std::size_t rpo_marks = 0;
  for (const QString& kind :
       {QStringLiteral("better"), QStringLiteral("worse"), QStringLiteral("reaches 0")}) {
    rto_marks += points_of(marks_named(sc, QStringLiteral("RTO ") + kind)).size();
    rpo_marks += points_of(marks_named(sc, QStringLiteral("RPO ") + kind)).size();
  }
  EXPECT_EQ(rto_marks, 10u);
  EXPECT_EQ(rpo_marks, 10u);
  for (int service = 0; service < 2; ++service) {
    for (int rank = 0; rank < 5; ++rank) {
      const json& s = file["candidates"][rank]["services"][service];
      const double y = 9 - (service * 5 + rank);
      const auto kind_of = [](const json& d) {
        const double lo = d["interval"][0].get<double>();
        const double hi = d["interval"][1].get<double>();
        return lo > 0   ? QStringLiteral("better")
               : hi < 0 ? QStringLiteral("worse")
                        : QStringLiteral("reaches 0");
      };
      EXPECT_TRUE(has_point(marks_named(sc, QStringLiteral("RTO ") + kind_of(s["delta_p_rto_met"])),
                            s["delta_p_rto_met"]["estimate"].get<double>() * 100.0, y + 0.18))
          << service << " " << rank;
      EXPECT_TRUE(has_point(marks_named(sc, QStringLiteral("RPO ") + kind_of(s["delta_p_rpo_met"])),
                            s["delta_p_rpo_met"]["estimate"].get<double>() * 100.0, y - 0.18))
          << service << " " << rank;
    }
  }
  // The slower acknowledgement's loss on checkout is drawn in red where the chart maps it.
  const json& slower = file["candidates"][4]["services"][0]["delta_p_rto_met"];
  if (slower["interval"][1].get<double>() < 0) {
    QScatterSeries* worse = marks_named(sc, QStringLiteral("RTO worse"));
    const QImage image = sc->grab().toImage();
    EXPECT_GT(
        pixels_near(sc, image, worse, {slower["estimate"].get<double>() * 100.0, 5 + 0.18}, palette::worse()),
        10);
  }
  ASSERT_TRUE(window.grab().save(screenshot_path(QStringLiteral("comparison-services"))));
  EXPECT_TRUE(view->setPage(QStringLiteral("candidates")));
}

// File ▸ Export report: one entry per form, usable while a drill's report is shown and not for a
// comparison; the export writes the files through the report layer.
TEST(ExportMenu, OneEntryPerFormEnabledForADrillReport) {
  MainWindow window;
  window.resize(1000, 700);
  ASSERT_TRUE(open_and_wait(window, {test::bundled_comparison(), test::bundled_report()}).isEmpty());
  QMenu* menu = window.exportMenu();
  ASSERT_TRUE(menu);
  EXPECT_EQ(menu->actions().size(), static_cast<qsizetype>(export_formats().size()));
  for (const ExportFormat& f : export_formats())
    EXPECT_TRUE(std::any_of(menu->actions().begin(), menu->actions().end(), [&](QAction* a) {
      return a->objectName() == QStringLiteral("export-") + QLatin1String(f.id);
    })) << f.id;
  EXPECT_TRUE(menu->isEnabled());
  QTemporaryDir dir;
  QStringList written;
  EXPECT_EQ(window.exportReport(*find_export_format("csv"), dir.filePath(QStringLiteral("csv")), &written),
            QString());
  EXPECT_EQ(written.size(), 3);
  for (const QString& f : written)
    EXPECT_GT(QFileInfo(f).size(), 0) << f.toStdString();
  window.setCurrentReport(0);  // The comparison.
  EXPECT_FALSE(menu->isEnabled());
  EXPECT_TRUE(window.exportReport(*find_export_format("markdown"), dir.filePath(QStringLiteral("x.md")))
                  .startsWith(QStringLiteral("no drill report")));
  EXPECT_FALSE(QFileInfo::exists(dir.filePath(QStringLiteral("x.md"))));
}

TEST(ResultsTab, ADrillReportAfterAResultGoesBackToTheTimeline) {
  MainWindow window;
  window.resize(1000, 700);
  ASSERT_TRUE(open_and_wait(window, {test::bundled_comparison(), test::bundled_report()}).isEmpty());
  EXPECT_TRUE(window.currentReport());
  EXPECT_EQ(window.tabs()->currentIndex(), 0);
  EXPECT_EQ(window.tabs()->tabText(5), QStringLiteral("Results"));
  EXPECT_FALSE(window.results()->result());
  window.setCurrentReport(0);
  EXPECT_EQ(window.tabs()->currentWidget(), window.results());
  EXPECT_EQ(window.tabs()->tabText(5), QStringLiteral("Comparison"));
  EXPECT_TRUE(window.setCurrentTab(QStringLiteral("results")));
}

}  // namespace
}  // namespace drillsim::gui
