// The viewer's window on the bundled report, rendered offscreen: fonts, pixels of the series and the
// markers, zoom shared by the charts, export, comparison, and a dialog (never a crash) for bad files.
#include "gui/main_window.hpp"

#include <gtest/gtest.h>

#include <QApplication>
#include <QEventLoop>
#include <QFileInfo>
#include <QFontMetrics>
#include <QFontMetricsF>
#include <QImage>
#include <QMessageBox>
#include <QTemporaryDir>
#include <QTimer>
#include <QValueAxis>
#include <QXYSeries>

#include <cmath>
#include <cstdlib>

#include "gui/compare_widget.hpp"
#include "gui/palette.hpp"
#include "gui/report_widgets.hpp"
#include "gui/table_models.hpp"
#include "gui/timeline_widget.hpp"
#include "gui_test_data.hpp"

namespace drillsim::gui {
namespace {

// Opens `paths` and waits for the batch; returns its errors.
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

// Shows the window and lets its charts lay out (their plot areas are aligned after a first layout).
void show_and_settle(QWidget& window) {
  window.show();
  for (int i = 0; i < 5; ++i) {
    QApplication::processEvents();
    QEventLoop wait;
    QTimer::singleShot(20, &wait, &QEventLoop::quit);
    wait.exec();
  }
}

bool close_to(QRgb pixel, const QColor& colour, int tolerance) {
  return std::abs(qRed(pixel) - colour.red()) <= tolerance &&
         std::abs(qGreen(pixel) - colour.green()) <= tolerance &&
         std::abs(qBlue(pixel) - colour.blue()) <= tolerance;
}

int count_pixels(const QImage& image, const QRect& area, const QColor& colour, int tolerance = 24) {
  int n = 0;
  const QRect r = area.intersected(image.rect());
  for (int y = r.top(); y <= r.bottom(); ++y) {
    for (int x = r.left(); x <= r.right(); ++x)
      n += close_to(image.pixel(x, y), colour, tolerance) ? 1 : 0;
  }
  return n;
}

// The x of simulated time t_s in `view`'s pixels.
int x_of(const ChartView* view, double t_s) {
  const QRectF plot = view->chart()->plotArea();
  const QValueAxis* axis = view->timeAxis();
  return static_cast<int>(
      std::lround(plot.left() + (t_s - axis->min()) / (axis->max() - axis->min()) * plot.width()));
}

TEST(Viewer, FontsAreInstalledSoTextRenders) {
  // Offscreen without any font, Qt draws every glyph as an empty box and says nothing.
  EXPECT_TRUE(QFontMetrics(QFont()).inFont(QLatin1Char('A')))
      << "no usable font: install fonts-dejavu-core (./dev.sh deps)";
  EXPECT_GT(QFontMetrics(QFont()).horizontalAdvance(QStringLiteral("detect")), 10);
}

TEST(Viewer, ScreenshotShowsTheSeriesAndTheInstants) {
  MainWindow window;
  window.resize(1400, 1000);
  ASSERT_TRUE(open_and_wait(window, {test::bundled_report()}).isEmpty());
  ASSERT_EQ(window.reportCount(), 1);
  show_and_settle(window);
  TimelineWidget* timeline = window.timeline();
  EXPECT_EQ(timeline->service(), "checkout");
  // Lane, requests, error ratio, latency, ready pods, and the alert CheckoutHighErrorRatio.
  ASSERT_EQ(timeline->views().size(), 6u);

  const QImage whole = window.grab().toImage();
  ASSERT_FALSE(whole.isNull());
  // The stable version's line (blue) is drawn in the requests chart.
  ChartView* requests = timeline->views()[1];
  const QImage chart = requests->grab().toImage();
  const QRect plot = requests->chart()->plotArea().toAlignedRect();
  EXPECT_GT(count_pixels(chart, plot, palette::stable(), 10), 500);
  EXPECT_GT(count_pixels(chart, plot, palette::new_version(), 10), 100);

  // The detect marker (360 s) is a dashed purple line across the plot at its x.
  const ReportPtr report = window.currentReport();
  const double detect = *report->incidents[0].instants.at(model::Instant::Detect);
  const int x = x_of(requests, detect);
  const QRect column(x - 2, plot.top(), 5, plot.height());
  EXPECT_GT(count_pixels(chart, column, palette::instant(model::Instant::Detect)), plot.height() / 3);
  // Half-way between onset (240 s) and detect there is no marker.
  const int between = x_of(requests, (detect + *report->incidents[0].instants.at(model::Instant::Onset)) / 2);
  EXPECT_EQ(count_pixels(chart, QRect(between - 2, plot.top(), 5, plot.height()),
                         palette::instant(model::Instant::Detect)),
            0);

  // The lane labels the instants: text in the marker's colour right of the line, in the label rows.
  ChartView* lane = timeline->views()[0];
  const QImage lane_image = lane->grab().toImage();
  const QRect lane_plot = lane->chart()->plotArea().toAlignedRect();
  const int lx = x_of(lane, detect);
  const QRect label(lx + 3, lane_plot.top(), 60, lane->rowHeight() * 4);
  EXPECT_GT(count_pixels(lane_image, label, palette::instant(model::Instant::Detect).darker(120), 60), 15);
  // Plan steps as spans: the first step (completed, green) starts at decide.
  EXPECT_GT(
      count_pixels(lane_image, lane_plot, palette::step_status(model::StepOutcome::Status::Completed), 40),
      50);
}

// The alert's chart draws the values the report recorded, the ones the evaluator compared: a step line
// through each recorded [t, value] (held to the next point), the threshold 0.05 dashed, and the spans
// the alert was pending and firing, from its recorded states. At the evaluation where it went pending
// the line is above the threshold, and at the evaluation before it is not.
// A recorded point with no value (the expression returned nothing) is a gap: the values before and after
// it are separate segments, and no NaN point is handed to Qt Charts (which would skip it and join them).
TEST(Viewer, AnAlertSeriesWithNoValueIsDrawnWithAGap) {
  model::SignalRecord::ValueSeries values;
  values.t_s = {0.0, 30.0, 60.0, 90.0};
  values.value = {0.5, std::nullopt, 0.25, 0.75};
  const auto segments = step_segments(values, 120.0);
  ASSERT_EQ(segments.size(), 2);
  ASSERT_EQ(segments[0].size(), 2);
  EXPECT_EQ(segments[0][0], QPointF(0.0, 0.5));
  EXPECT_EQ(segments[0][1], QPointF(30.0, 0.5));
  ASSERT_EQ(segments[1].size(), 4);
  EXPECT_EQ(segments[1][0], QPointF(60.0, 0.25));
  EXPECT_EQ(segments[1][1], QPointF(90.0, 0.25));
  EXPECT_EQ(segments[1][2], QPointF(90.0, 0.75));
  EXPECT_EQ(segments[1][3], QPointF(120.0, 0.75));
}

TEST(Viewer, TheAlertChartDrawsTheRecordedComparedValues) {
  MainWindow window;
  window.resize(1400, 1100);
  ASSERT_TRUE(open_and_wait(window, {test::bundled_report()}).isEmpty());
  show_and_settle(window);
  TimelineWidget* timeline = window.timeline();
  const ReportPtr report = window.currentReport();
  const model::SignalRecord& signal = report->signals.at(0);
  ASSERT_EQ(signal.name, "CheckoutHighErrorRatio");
  ASSERT_TRUE(signal.rule);
  ASSERT_EQ(signal.values.size(), 1u);
  const auto& recorded = signal.values[0];
  ChartView* alert = timeline->views().back();
  EXPECT_EQ(alert->objectName(), "alert CheckoutHighErrorRatio");

  // The values as step segments (a point with no value is a gap between two), then the threshold.
  const auto lines = alert->chart()->series();
  ASSERT_GE(lines.size(), 2);
  const auto* threshold = qobject_cast<QXYSeries*>(lines.back());
  ASSERT_TRUE(threshold);
  EXPECT_DOUBLE_EQ(threshold->at(0).y(), 0.05);
  std::vector<QPointF> drawn;  // Every point of the value segments, in order.
  for (int k = 0; k + 1 < lines.size(); ++k) {
    const auto* segment = qobject_cast<QXYSeries*>(lines[k]);
    ASSERT_TRUE(segment);
    for (int p = 0; p < segment->count(); ++p) {
      EXPECT_TRUE(std::isfinite(segment->at(p).y()));
      drawn.push_back(segment->at(p));
    }
  }
  // Two points per recorded value: its value from its time to the next point's; none for no value.
  std::size_t with_value = 0;
  for (const auto& v : recorded.value)
    with_value += v ? 1 : 0;
  ASSERT_EQ(drawn.size(), 2 * with_value);
  std::size_t at = 0;
  for (std::size_t i = 0; i < recorded.t_s.size(); ++i) {
    if (!recorded.value[i]) continue;
    const QPointF from = drawn[at++];
    const QPointF to = drawn[at++];
    EXPECT_EQ(from.x(), recorded.t_s[i]);
    EXPECT_EQ(from.y(), *recorded.value[i]);
    EXPECT_EQ(to.y(), *recorded.value[i]);
    if (i + 1 < recorded.t_s.size()) {
      EXPECT_EQ(to.x(), recorded.t_s[i + 1]);
    }
  }
  // The line's value at an instant: the last point at or before it.
  const auto drawn_at = [&](double t) {
    double v = std::nan("");
    for (std::size_t k = 0; k < drawn.size(); k += 2)
      if (drawn[k].x() <= t) v = drawn[k].y();
    return v;
  };
  ASSERT_FALSE(signal.alerts.empty());
  const auto& [state, pending_at] = signal.alerts[0].states.at(0);
  EXPECT_EQ(state, "pending");
  EXPECT_GT(drawn_at(pending_at), 0.05);
  EXPECT_FALSE(drawn_at(pending_at - signal.rule->evaluation_interval_s) > 0.05);

  // The pending span (amber) is drawn in the chart from pending to firing, the firing one (red) after:
  // bars in the span colour at alpha 170 over the white plot.
  const auto on_white = [](const QColor& c) {
    return QColor(c.red() * 170 / 255 + 85, c.green() * 170 / 255 + 85, c.blue() * 170 / 255 + 85);
  };
  const QImage image = alert->grab().toImage();
  const QRect plot = alert->chart()->plotArea().toAlignedRect();
  const int x0 = x_of(alert, pending_at);
  const int x1 = x_of(alert, *signal.fired_s);
  EXPECT_GT(count_pixels(image, QRect(x0, plot.top(), std::max(1, x1 - x0), plot.height()),
                         on_white(palette::alert_pending()), 12),
            20);
  EXPECT_GT(count_pixels(image, QRect(x1, plot.top(), plot.right() - x1, plot.height()),
                         on_white(palette::alert_firing()), 12),
            20);
}

// The value axes' label steps, by hand: 1, 2 or 5 times a power of ten, y_max / step at most 4.5, and
// no more intervals (rounded up to whole steps) than the chart's height holds.
TEST(Viewer, ValueAxisStepKnownAnswers) {
  EXPECT_DOUBLE_EQ(value_axis_step(4.2, 5, true), 1.0);       // 0..5: five intervals fit.
  EXPECT_DOUBLE_EQ(value_axis_step(4.8, 5, true), 2.0);       // 4.8 / 1 > 4.5: 0..6 by 2.
  EXPECT_DOUBLE_EQ(value_axis_step(4.2, 2, true), 5.0);       // 0..6 by 2 is three intervals: 0..5 by 5.
  EXPECT_DOUBLE_EQ(value_axis_step(0.5, 5, true), 1.0);       // Whole numbers: never below 1.
  EXPECT_DOUBLE_EQ(value_axis_step(210.0, 5, false), 50.0);   // 0..250.
  EXPECT_DOUBLE_EQ(value_axis_step(210.0, 3, false), 100.0);  // 0..300.
  EXPECT_DOUBLE_EQ(value_axis_step(210.0, 1, false), 500.0);  // 0..500: one interval.
  EXPECT_DOUBLE_EQ(value_axis_step(0.95, 5, false), 0.5);     // 0.95 / 0.2 > 4.5.
  EXPECT_DOUBLE_EQ(value_axis_step(0.95, 9, false), 0.5);     // At most kMaxValueIntervals whatever the room.
  EXPECT_DOUBLE_EQ(value_axis_step(0.95, 0, false), 1.0);     // At least one interval.
  EXPECT_DOUBLE_EQ(value_axis_step(0.0, 5, false), 1.0);      // No value: a unit axis.
}

// In a window too short for every chart at full height (the docs' 1280x900), the window keeps its size
// (the charts scroll) and each value axis keeps its labels a label and a half apart, so none is elided
// to "...": fewer labels, not unreadable ones.
TEST(Viewer, AShortChartGetsFewerValueLabelsNotElidedOnes) {
  MainWindow window;
  window.resize(1280, 900);
  ASSERT_TRUE(open_and_wait(window, {test::bundled_report()}).isEmpty());
  show_and_settle(window);
  // The charts scroll rather than make the window taller than asked (before, their minimum heights
  // made it 1022 px tall on the default drill).
  EXPECT_EQ(window.height(), 900);
  const auto& views = window.timeline()->views();
  ASSERT_GE(views.size(), 5u);
  for (std::size_t i = 1; i < views.size(); ++i) {  // The lane has no value labels.
    const QChart* chart = views[i]->chart();
    const auto axes = chart->axes(Qt::Vertical);
    ASSERT_EQ(axes.size(), 1) << views[i]->objectName().toStdString();
    const auto* y = qobject_cast<const QValueAxis*>(axes.front());
    ASSERT_TRUE(y);
    const double intervals = std::round((y->max() - y->min()) / y->tickInterval());
    const double label_height = QFontMetricsF(y->labelsFont()).height();
    EXPECT_GE(intervals, 1.0) << views[i]->objectName().toStdString();
    EXPECT_LE(intervals * 1.5 * label_height, chart->plotArea().height() + 1e-6)
        << views[i]->objectName().toStdString() << ": " << intervals << " intervals in "
        << chart->plotArea().height() << " px";
  }
}

TEST(Viewer, ChartsShareOneTimeAxisAndThinToTheRange) {
  MainWindow window;
  window.resize(1200, 900);
  ASSERT_TRUE(open_and_wait(window, {test::bundled_report()}).isEmpty());
  show_and_settle(window);
  TimelineWidget* timeline = window.timeline();
  const std::size_t all_points = timeline->plottedPoints();
  EXPECT_GT(all_points, 0u);
  timeline->views()[2]->applyTimeRange(300, 400);  // As a zoom in the error-ratio chart does.
  for (const ChartView* view : timeline->views()) {
    EXPECT_DOUBLE_EQ(view->timeAxis()->min(), 300);
    EXPECT_DOUBLE_EQ(view->timeAxis()->max(), 400);
  }
  EXPECT_LT(timeline->plottedPoints(), all_points / 4);
  // The plot areas start at the same x in every chart, so an instant lines up across them.
  const double left = timeline->views()[1]->chart()->plotArea().left();
  for (const ChartView* view : timeline->views())
    EXPECT_NEAR(view->chart()->plotArea().left(), left, 1.0) << view->objectName().toStdString();
  timeline->views()[0]->resetTimeRange();
  EXPECT_DOUBLE_EQ(timeline->views()[3]->timeAxis()->max(), 900);
}

TEST(Viewer, PhasesAndPlanTabs) {
  MainWindow window;
  window.resize(1200, 900);
  ASSERT_TRUE(open_and_wait(window, {test::bundled_report()}).isEmpty());
  ASSERT_TRUE(window.setCurrentTab(QStringLiteral("phases")));
  show_and_settle(window);
  ASSERT_NE(window.phases()->phasesView(), nullptr);
  EXPECT_EQ(window.phases()->objectivesModel()->rowCount(), 1);
  ASSERT_TRUE(window.setCurrentTab(QStringLiteral("plan")));
  show_and_settle(window);
  ASSERT_NE(window.plan()->ganttView(), nullptr);
  EXPECT_EQ(window.plan()->stepsModel()->rowCount(), 5);
  EXPECT_EQ(window.plan()->levelsModel()->rowCount(), 2);
  // The Gantt bars are drawn in the status colour.
  const QImage gantt = window.plan()->ganttView()->grab().toImage();
  EXPECT_GT(count_pixels(gantt, gantt.rect(), palette::step_status(model::StepOutcome::Status::Completed), 8),
            300);
  EXPECT_FALSE(window.setCurrentTab(QStringLiteral("nosuch")));
}

TEST(Viewer, ExportsChartsAndTabsAsPng) {
  MainWindow window;
  window.resize(1200, 900);
  ASSERT_TRUE(open_and_wait(window, {test::bundled_report()}).isEmpty());
  show_and_settle(window);
  QTemporaryDir dir;
  const QString chart = dir.filePath(QStringLiteral("errors.png"));
  ASSERT_TRUE(window.timeline()->views()[2]->exportPng(chart));
  const QImage image(chart);
  EXPECT_EQ(image.size(), window.timeline()->views()[2]->size());
  const QString tab = dir.filePath(QStringLiteral("tab.png"));
  ASSERT_TRUE(window.exportCurrentTab(tab));
  EXPECT_FALSE(QImage(tab).isNull());
  EXPECT_FALSE(window.exportCurrentTab(dir.filePath(QStringLiteral("no/such/dir/x.png"))));
}

TEST(Viewer, ComparesTwoReports) {
  MainWindow window;
  window.resize(1200, 900);
  ASSERT_TRUE(open_and_wait(window, {test::bundled_report(), test::bundled_report()}).isEmpty());
  EXPECT_EQ(window.reportCount(), 2);
  ASSERT_TRUE(window.setCurrentTab(QStringLiteral("compare")));
  show_and_settle(window);
  EXPECT_EQ(window.compare()->model()->columnCount(), 2);
  EXPECT_EQ(window.compare()->model()->headerData(0, Qt::Horizontal).toString(),
            "A: canary (canary.report.json)");
  ASSERT_NE(window.compare()->phasesView(), nullptr);
  ChartView* aligned = window.compare()->alignedView();
  ASSERT_NE(aligned, nullptr);
  // Aligned on the fault's injection (240 s in the bundled drill): from 240 s before it to 660 s after.
  EXPECT_DOUBLE_EQ(aligned->boundFrom(), -240);
  EXPECT_DOUBLE_EQ(aligned->boundTo(), 660);
  aligned->applyTimeRange(0, 100);  // Zooming re-thins to the range: at most ~103 seconds per report.
  for (QAbstractSeries* s : aligned->chart()->series())
    EXPECT_LE(static_cast<QXYSeries*>(s)->count(), 104);
  window.setCurrentReport(0);
  EXPECT_EQ(window.currentReport()->scenario.name, "canary");
}

TEST(Viewer, BadFilesGiveOneDialogNamingEachFileAndProblem) {
  QTemporaryDir dir;
  const QString cut = test::write_file(dir, QStringLiteral("cut.json"), test::truncated_report());
  const QString v99 = test::write_file(dir, QStringLiteral("v99.json"), test::wrong_schema_report());
  const QString missing = dir.filePath(QStringLiteral("missing.json"));
  MainWindow window;
  window.resize(1000, 700);
  window.show();
  const QStringList errors = open_and_wait(window, {cut, test::bundled_report(), v99, missing});
  ASSERT_EQ(errors.size(), 3);
  EXPECT_EQ(window.reportCount(), 1);  // The good one is open.
  QMessageBox* box = window.errorDialog();
  ASSERT_NE(box, nullptr);
  const QString text = box->informativeText();
  EXPECT_TRUE(text.contains(cut + QStringLiteral(": the file ends early (truncated?)")))
      << text.toStdString();
  EXPECT_TRUE(
      text.contains(v99 + QStringLiteral(": not a drillsim report this viewer reads: /schema_version:")))
      << text.toStdString();
  EXPECT_TRUE(text.contains(missing + QStringLiteral(": cannot open"))) << text.toStdString();
  box->close();
  QApplication::processEvents();
}

TEST(Viewer, StartsEmptyThenOpensAReport) {
  MainWindow window;
  window.resize(800, 600);
  show_and_settle(window);
  EXPECT_EQ(window.currentReport(), nullptr);
  ASSERT_TRUE(open_and_wait(window, {test::bundled_report()}).isEmpty());
  EXPECT_NE(window.currentReport(), nullptr);
}

}  // namespace
}  // namespace drillsim::gui
