// The loader's fast pass: it reads the per-second arrays into the same values the report layer's reader
// would, copies everything else into the skeleton, and gives up (so that the slow reader words the
// error) on anything that reader would refuse.
#include "gui/series_scanner.hpp"

#include <gtest/gtest.h>

#include <QTemporaryDir>

#include <sys/stat.h>

#include <cmath>

#include <nlohmann/json.hpp>

#include "gui/report_loader.hpp"
#include "gui_test_data.hpp"
#include "report/report_json.hpp"

namespace drillsim::gui {
namespace {

TEST(SeriesScanner, ReadsTheArraysAndLeavesTheRestInTheSkeleton) {
  const std::string text =
      R"({"a": [1, 2], "series": [{"service": "s", "requests": [3, 0, 4294967295], "errors": [0,1,2],)"
      R"( "slow": [ ], "p50_s": [0.5, null, -1e-3], "p95_s": [], "p99_s": [2E2], "ready": [-2, 0, 7],)"
      R"( "latency": {"p50_s": [9]}}], "z": "[\"series\": ["})";
  const ScanResult r = scan_report_text(text, 64);
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.skeleton, R"({"a": [1, 2], "series": [{"service": "s", "requests": [], "errors": [],)"
                        R"( "slow": [], "p50_s": [], "p95_s": [], "p99_s": [], "ready": [],)"
                        R"( "latency": {"p50_s": [9]}}], "z": "[\"series\": ["})");
  ASSERT_EQ(r.series.size(), 1u);
  const ScannedSeries& s = r.series[0];
  EXPECT_EQ(s.captured, kAllScanned);
  EXPECT_EQ(s.requests, (std::vector<std::uint32_t>{3, 0, 4294967295u}));
  EXPECT_EQ(s.errors, (std::vector<std::uint32_t>{0, 1, 2}));
  EXPECT_TRUE(s.slow.empty());
  ASSERT_EQ(s.p50_s.size(), 3u);
  EXPECT_EQ(s.p50_s[0], 0.5);
  EXPECT_TRUE(std::isnan(s.p50_s[1]));
  EXPECT_EQ(s.p50_s[2], -0.001);
  EXPECT_EQ(s.p99_s, (std::vector<double>{200.0}));
  EXPECT_EQ(s.ready, (std::vector<int>{-2, 0, 7}));
}

TEST(SeriesScanner, GivesUpOnWhatTheReportReaderWouldRefuse) {
  const auto ok = [](const std::string& array_of_requests) {
    return scan_report_text(R"({"series": [{"requests": )" + array_of_requests + "}]}", 64).ok;
  };
  EXPECT_TRUE(ok("[1, 2]"));
  EXPECT_FALSE(ok("[-1]"));   // Negative count.
  EXPECT_FALSE(ok("[1.0]"));  // A float where an integer is expected.
  EXPECT_FALSE(ok("[1e3]"));
  EXPECT_FALSE(ok("[4294967296]"));  // Beyond 32 bits.
  EXPECT_FALSE(ok("[null]"));        // null only for percentiles.
  EXPECT_FALSE(ok("[01]"));          // Not JSON.
  EXPECT_FALSE(ok("[1,]"));
  EXPECT_FALSE(ok("[1 2]"));
  EXPECT_FALSE(ok("[1"));
  EXPECT_FALSE(ok("[\"1\"]"));
  EXPECT_FALSE(scan_report_text(R"({"series": [{"p50_s": [1e400]}]})", 64).ok);  // Beyond a double.
  EXPECT_FALSE(scan_report_text(R"({"series": [{"ready": [2147483648]}]})", 64).ok);
  // The integer arrays' bounds, read digit by digit: 2^32 − 1 and INT_MIN fit, one more does not.
  EXPECT_TRUE(ok("[4294967295, 0]"));
  EXPECT_FALSE(ok("[42949672950]"));
  EXPECT_FALSE(ok("[-]"));
  EXPECT_TRUE(scan_report_text(R"({"series": [{"ready": [-2147483648, -0, 2147483647]}]})", 64).ok);
  EXPECT_FALSE(scan_report_text(R"({"series": [{"ready": [-2147483649]}]})", 64).ok);
  EXPECT_FALSE(scan_report_text(R"({"series": [{"ready": [1.5]}]})", 64).ok);
  EXPECT_FALSE(scan_report_text(R"({"series": [{"ready": [2E1]}]})", 64).ok);
  EXPECT_FALSE(scan_report_text(R"({"series": [{"ready": [1], "ready": [1]}]})", 64).ok);  // Twice.
  EXPECT_FALSE(scan_report_text(R"({"s": "unterminated)", 64).ok);
  EXPECT_FALSE(scan_report_text(R"({"s": [[[1]]]})", 3).ok);  // Deeper than allowed.
  EXPECT_TRUE(scan_report_text(R"({"s": [[1]]})", 3).ok);
}

// The fast way and the slow way give the same report for the bundled one, value for value.
TEST(SeriesScanner, TheLoaderReadsTheSameReportEitherWay) {
  const LoadedReport fast = load_report_file(test::bundled_report());
  ASSERT_TRUE(fast.report) << fast.error.toStdString();
  const QByteArray bytes = test::bundled_report_bytes();
  const report::Report slow = report::report_from_json(nlohmann::json::parse(bytes.cbegin(), bytes.cend()));
  ASSERT_EQ(fast.report->series.size(), slow.series.size());
  for (std::size_t i = 0; i < slow.series.size(); ++i) {
    const auto& a = fast.report->series[i].data;
    const auto& b = slow.series[i].data;
    EXPECT_EQ(a.requests, b.requests);
    EXPECT_EQ(a.errors, b.errors);
    EXPECT_EQ(a.slow, b.slow);
    EXPECT_EQ(a.ready, b.ready);
    for (const auto& [x, y] :
         {std::pair{&a.p50_s, &b.p50_s}, std::pair{&a.p95_s, &b.p95_s}, std::pair{&a.p99_s, &b.p99_s}}) {
      ASSERT_EQ(x->size(), y->size());
      for (std::size_t k = 0; k < x->size(); ++k) {
        if (std::isnan((*y)[k])) {
          EXPECT_TRUE(std::isnan((*x)[k]));
        } else {
          EXPECT_EQ((*x)[k], (*y)[k]) << "series " << i << " second " << k;  // Bit for bit.
        }
      }
    }
  }
  // A broken array is worded by the report layer's reader, as before.
  QByteArray broken = bytes;
  const auto at = broken.indexOf("\"errors\": [");
  ASSERT_GT(at, 0);
  broken.insert(at + 11, "-1, ");
  QTemporaryDir dir;
  const LoadedReport r = load_report_file(test::write_file(dir, QStringLiteral("broken.json"), broken));
  EXPECT_FALSE(r.report);
  EXPECT_TRUE(r.error.startsWith(QStringLiteral("not a drillsim report this viewer reads: /series/0/errors")))
      << r.error.toStdString();
}

TEST(SeriesScanner, APipeIsRefusedWithoutBlocking) {
  QTemporaryDir dir;
  const QByteArray fifo = QFile::encodeName(dir.filePath(QStringLiteral("pipe.json")));
  ASSERT_EQ(::mkfifo(fifo.constData(), 0600), 0);
  const LoadedReport r = load_report_file(dir.filePath(QStringLiteral("pipe.json")));
  EXPECT_FALSE(r.report);
  EXPECT_EQ(r.error.toStdString(), "not a regular file (a device, a pipe or a socket); a report is a file");
}

}  // namespace
}  // namespace drillsim::gui
