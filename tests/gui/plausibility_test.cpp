// Warnings for implausible fields: a sound report and aggregate have none; each implausible field gives
// one sentence naming it, and the file still loads.
#include "gui/plausibility.hpp"

#include <gtest/gtest.h>

#include <QTemporaryDir>

#include <nlohmann/json.hpp>

#include "gui/report_loader.hpp"
#include "gui_test_data.hpp"

namespace drillsim::gui {
namespace {

using json = nlohmann::json;

json bundled(const QString& path) {
  const QByteArray bytes = test::read_bytes(path);
  return json::parse(bytes.cbegin(), bytes.cend());
}

LoadedReport load_modified(const QString& path, const std::function<void(json&)>& change) {
  json file = bundled(path);
  change(file);
  QTemporaryDir dir;
  return load_report_file(
      test::write_file(dir, QStringLiteral("changed.json"), QByteArray::fromStdString(file.dump())));
}

bool has_warning(const LoadedReport& r, const QString& start) {
  for (const QString& w : r.warnings) {
    if (w.startsWith(start)) return true;
  }
  return false;
}

TEST(Plausibility, SoundFilesHaveNoWarning) {
  for (const QString& path : {test::bundled_report(), test::bundled_aggregate(), test::bundled_sweep()}) {
    const LoadedReport r = load_report_file(path);
    ASSERT_TRUE(r.error.isEmpty()) << r.error.toStdString();
    EXPECT_TRUE(r.warnings.isEmpty())
        << path.toStdString() << ": " << r.warnings.join(QLatin1Char('\n')).toStdString();
  }
}

TEST(Plausibility, NegativeDuration) {
  const LoadedReport r =
      load_modified(test::bundled_report(), [](json& f) { f["scenario"]["duration_s"] = -900; });
  ASSERT_TRUE(r.report) << r.error.toStdString();
  ASSERT_FALSE(r.warnings.isEmpty());
  EXPECT_EQ(
      r.warnings[0].toStdString(),
      "/scenario/duration_s: -900 s is not a positive duration; charts over the drill's time are empty or "
      "drawn over the series' length instead");
}

TEST(Plausibility, HugeDurationAndSeriesThatDoNotCoverIt) {
  const LoadedReport r =
      load_modified(test::bundled_report(), [](json& f) { f["scenario"]["duration_s"] = 1e12; });
  ASSERT_TRUE(r.report) << r.error.toStdString();
  EXPECT_TRUE(has_warning(r, QStringLiteral("/scenario/duration_s: 1e+12 s (11574074 days) is longer")))
      << r.warnings.join(QLatin1Char('\n')).toStdString();
  // 900 samples against a 1,200 s drill: the series end 300 s early.
  const LoadedReport shorter =
      load_modified(test::bundled_report(), [](json& f) { f["scenario"]["duration_s"] = 1200; });
  EXPECT_TRUE(
      has_warning(shorter, QStringLiteral("/series/0: holds 900 seconds, but the drill lasts 1200 s")))
      << shorter.warnings.join(QLatin1Char('\n')).toStdString();
}

TEST(Plausibility, InstantsOutsideTheDrillAndNegativeTimes) {
  const LoadedReport r = load_modified(test::bundled_report(), [](json& f) {
    f["incidents"][0]["instants"]["detect"] = -5.0;
    f["incidents"][0]["metrics"]["time_to_detect_s"] = -12.5;
  });
  ASSERT_TRUE(r.report) << r.error.toStdString();
  EXPECT_TRUE(
      has_warning(r, QStringLiteral("/incidents/0/instants/detect: -5 s is outside the drill [0, 900 s]")))
      << r.warnings.join(QLatin1Char('\n')).toStdString();
  EXPECT_TRUE(has_warning(r, QStringLiteral("/incidents/0/metrics/time_to_detect_s: -12.5 s is negative")));
}

TEST(Plausibility, AggregateProportionsAndHistograms) {
  const LoadedReport r = load_modified(test::bundled_aggregate(), [](json& f) {
    f["objectives"][0]["rto_met"]["p"] = 1.5;
    f["metrics"]["time_to_detect_s"]["histogram"]["counts"][0] = 1000;
  });
  ASSERT_TRUE(r.study) << r.error.toStdString();
  EXPECT_TRUE(has_warning(r, QStringLiteral("/objectives/0/rto_met/p: 1.5 is not count / of")))
      << r.warnings.join(QLatin1Char('\n')).toStdString();
  EXPECT_TRUE(has_warning(r, QStringLiteral("/metrics/time_to_detect_s/histogram/counts: the bins hold")));
}

TEST(Plausibility, AtMostTwelveThenACount) {
  const LoadedReport r = load_modified(test::bundled_report(), [](json& f) {
    for (auto& step : f["plan"]["steps"])
      step["start_s"] = -1.0;
    for (auto& [name, t] : f["incidents"][0]["instants"].items()) {
      (void)name;
      if (!t.is_null()) t = 1e7;
    }
  });
  ASSERT_TRUE(r.report) << r.error.toStdString();
  ASSERT_EQ(r.warnings.size(), kMaxWarnings + 1);
  EXPECT_TRUE(r.warnings.back().startsWith(QStringLiteral("… and "))) << r.warnings.back().toStdString();
}

}  // namespace
}  // namespace drillsim::gui
