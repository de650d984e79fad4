#include "gui/report_loader.hpp"

#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QEventLoop>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <nlohmann/json.hpp>

#include "gui_test_data.hpp"

namespace drillsim::gui {
namespace {

TEST(LoadReportFile, LoadsTheBundledReport) {
  const LoadedReport r = load_report_file(test::bundled_report());
  ASSERT_TRUE(r.report) << r.error.toStdString();
  EXPECT_TRUE(r.error.isEmpty());
  EXPECT_EQ(r.report->scenario.name, "canary");
  ASSERT_EQ(r.report->incidents.size(), 1u);
  EXPECT_EQ(r.report->incidents[0].service, "checkout");
  EXPECT_EQ(r.report->series.size(), 3u);  // checkout: stable, new, all.
  EXPECT_EQ(r.report->series[0].data.size(), 900u);
}

TEST(LoadReportFile, MissingFile) {
  const LoadedReport r = load_report_file(QStringLiteral("/nonexistent/no_such_report.json"));
  EXPECT_FALSE(r.report);
  EXPECT_EQ(r.error.toStdString(), "cannot open: No such file or directory");
}

TEST(LoadReportFile, Directory) {
  QTemporaryDir dir;
  const LoadedReport r = load_report_file(dir.path());
  EXPECT_FALSE(r.report);
  EXPECT_TRUE(r.error.contains(QStringLiteral("directory"))) << r.error.toStdString();
}

TEST(LoadReportFile, EmptyFile) {
  QTemporaryDir dir;
  const LoadedReport r = load_report_file(test::write_file(dir, QStringLiteral("empty.json"), "  \n"));
  EXPECT_FALSE(r.report);
  EXPECT_TRUE(r.error.startsWith(QStringLiteral("the file is empty"))) << r.error.toStdString();
}

TEST(LoadReportFile, TruncatedFileSaysItEndsEarly) {
  QTemporaryDir dir;
  const LoadedReport r =
      load_report_file(test::write_file(dir, QStringLiteral("cut.json"), test::truncated_report()));
  EXPECT_FALSE(r.report);
  EXPECT_TRUE(r.error.startsWith(QStringLiteral("the file ends early (truncated?): ")))
      << r.error.toStdString();
}

TEST(LoadReportFile, NotJson) {
  QTemporaryDir dir;
  const LoadedReport r =
      load_report_file(test::write_file(dir, QStringLiteral("notes.json"), "drill notes\n"));
  EXPECT_FALSE(r.report);
  EXPECT_TRUE(r.error.startsWith(QStringLiteral("not valid JSON: "))) << r.error.toStdString();
  EXPECT_TRUE(r.error.contains(QStringLiteral("line 1, column 1"))) << r.error.toStdString();
}

TEST(LoadReportFile, WrongSchemaVersionNamesThePointer) {
  QTemporaryDir dir;
  const LoadedReport r =
      load_report_file(test::write_file(dir, QStringLiteral("v99.json"), test::wrong_schema_report()));
  EXPECT_FALSE(r.report);
  EXPECT_EQ(
      r.error.toStdString(),
      "not a drillsim report this viewer reads: /schema_version: unsupported schema version 99; this build "
      "reads 1 and 2");
}

TEST(LoadReportFile, MissingFieldNamesThePointer) {
  auto json = nlohmann::json::parse(test::bundled_report_bytes().toStdString());
  json["incidents"][0]["metrics"].erase("downtime_s");
  QTemporaryDir dir;
  const LoadedReport r = load_report_file(
      test::write_file(dir, QStringLiteral("hole.json"), QByteArray::fromStdString(json.dump())));
  EXPECT_FALSE(r.report);
  EXPECT_TRUE(r.error.contains(QStringLiteral("/incidents/0/metrics/downtime_s: missing; expected a number")))
      << r.error.toStdString();
}

TEST(ReportLoader, LoadsOffTheCallingThreadAndDeliversOnItInOrder) {
  QTemporaryDir dir;
  const QString cut = test::write_file(dir, QStringLiteral("cut.json"), test::truncated_report());
  ReportLoader loader;
  LoadBatch results;
  QThread* delivered_on = nullptr;
  QEventLoop loop;
  QObject::connect(&loader, &ReportLoader::finished, &loop, [&](const LoadBatch& batch) {
    results = batch;
    delivered_on = QThread::currentThread();
    loop.quit();
  });
  QTimer::singleShot(60'000, &loop, &QEventLoop::quit);  // A hang fails below instead of blocking ctest.
  loader.load({test::bundled_report(), cut});
  EXPECT_TRUE(loader.busy());
  loop.exec();
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(delivered_on, QCoreApplication::instance()->thread());
  EXPECT_FALSE(loader.busy());
  EXPECT_TRUE(results[0].report);
  EXPECT_EQ(results[1].path, cut);
  EXPECT_FALSE(results[1].report);
}

TEST(ReportLoader, DestroyedWhileLoadingDoesNotCrash) {
  auto loader = std::make_unique<ReportLoader>();
  loader->load({test::bundled_report()});
  loader.reset();  // Waits for the worker; the result it posted is dropped.
  QCoreApplication::processEvents();
  SUCCEED();
}

// Regression: a value nested 100,000 deep used to overflow the stack while the error message quoted it
// (the report reader prints the value it found). It is refused, with its place, before it is parsed.
TEST(LoadReportFile, DeeplyNestedValueIsRefusedWithoutOverflow) {
  QTemporaryDir dir;
  constexpr int kDepth = 100'000;
  QByteArray deep = "{\"schema_version\": 1, \"generator\": ";
  deep += QByteArray(kDepth, '[') + QByteArray(kDepth, ']') + "}";
  const LoadedReport r = load_report_file(test::write_file(dir, QStringLiteral("deep.json"), deep));
  EXPECT_FALSE(r.report);
  EXPECT_FALSE(r.study);
  // `{"schema_version": 1, "generator": ` is 35 characters: the first '[' (level 2) is at column 36, so
  // level 65 opens at column 36 + 63 = 99.
  EXPECT_EQ(r.error.toStdString(),
            "not a drillsim report this viewer reads: nested deeper than 64 levels of arrays and objects (at "
            "line 1, column 99); a drillsim report or aggregate nests far less");
  // The whole document as one deep array, with brackets inside a string that do not count.
  const QByteArray deep_array = "[\"[[[[\", " + QByteArray(kDepth, '[') + QByteArray(kDepth, ']') + "]";
  const LoadedReport a = load_report_file(test::write_file(dir, QStringLiteral("deep2.json"), deep_array));
  EXPECT_TRUE(a.error.contains(QStringLiteral("nested deeper than 64 levels"))) << a.error.toStdString();
}

TEST(LoadReportFile, NestingUpToTheLimitIsReadAsUsual) {
  QTemporaryDir dir;
  // 64 levels: the document's object and 63 arrays. It is no report, and says why.
  const QByteArray bytes = "{\"schema_version\": " + QByteArray(63, '[') + QByteArray(63, ']') + "}";
  const LoadedReport r = load_report_file(test::write_file(dir, QStringLiteral("64.json"), bytes));
  EXPECT_FALSE(r.report);
  EXPECT_TRUE(r.error.startsWith(QStringLiteral("not a drillsim report this viewer reads: /schema_version")))
      << r.error.toStdString();
}

}  // namespace
}  // namespace drillsim::gui
