// CSV tables of the shared tiny drill (tests/report/test_report_fixture.hpp): 3 seconds, checkout and
// search with series stable, new, all each.
#include "report/formats/csv_tables.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <vector>

#include "../test_report_fixture.hpp"
#include "report/report.hpp"

namespace drillsim::report::formats {
namespace {

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    out.push_back(line);
  return out;
}

Report tiny_report() {
  return build_report(testing::tiny_scenario(), testing::tiny_result(), "drillsim test");
}

TEST(CsvTables, SeriesOneColumnPerSeriesAndField) {
  const auto rows = lines(csv_tables(tiny_report()).series);
  ASSERT_EQ(rows.size(), 4u);  // Header and 3 seconds.
  // 1 + 6 series x 7 fields = 43 columns.
  EXPECT_EQ(std::count(rows[0].begin(), rows[0].end(), ','), 42);
  EXPECT_EQ(rows[0].rfind("t_s,checkout/stable/requests,checkout/stable/errors,checkout/stable/slow,", 0),
            0u);
  // Second 0, checkout stable: 8 requests, 0 errors, 0 slow, p50 0.05, p95 0.1, p99 0.2, 3 ready; then new.
  EXPECT_EQ(rows[1].substr(0, 40), "0,8,0,0,0.05,0.1,0.2,3,2,0,0,0.05,0.1,0.");
  // Second 2: the canary had 50 requests but NaN percentiles (as the fixture gives them): empty cells.
  EXPECT_NE(rows[3].find("2,150,1,0,0.05,0.1,0.2,3,50,1,0,,,,0,"), std::string::npos) << rows[3];
}

TEST(CsvTables, InstantsWithTimeSinceOnset) {
  const auto rows = lines(csv_tables(tiny_report()).instants);
  ASSERT_EQ(rows.size(), 10u);  // Header and 9 instants.
  EXPECT_EQ(rows[0], "service,fault,instant,t_s,since_onset_s");
  EXPECT_EQ(rows[1], "checkout,bad_release,onset,1.25,0");
  EXPECT_EQ(rows[2], "checkout,bad_release,detect,1.5,0.25");
  EXPECT_EQ(rows[8], "checkout,bad_release,restored,2,0.75");  // build_report derives restored = 2.
  EXPECT_EQ(rows[9], "checkout,bad_release,verified,,");
}

TEST(CsvTables, StepsInPlanOrder) {
  const auto rows = lines(csv_tables(tiny_report()).steps);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1], "1,,shift traffic to stable,shift_traffic,1.75,2,0.25,completed,1,100% to stable,");
  EXPECT_EQ(rows[2], "2,,verify,verify,2,,,interrupted,1,,");
}

TEST(CsvField, QuotedOnlyWhenNeeded) {
  EXPECT_EQ(csv_field("plain"), "plain");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
}

}  // namespace
}  // namespace drillsim::report::formats
