// The HTML report of the shared tiny drill (tests/report/test_report_fixture.hpp): its golden file,
// escaping of every text that comes from the scenario, the chart's thinning and the shared words.
// The golden file tests/golden/tiny.report.html is rewritten by running this test with
// DRILLSIM_REGENERATE_GOLDEN=1 (then review its diff).
#include "report/formats/html_report.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <sstream>

#include "../test_report_fixture.hpp"
#include "report/formats/markdown_summary.hpp"
#include "report/report.hpp"

namespace drillsim::report::formats {
namespace {

Report tiny_report() {
  auto scenario = testing::tiny_scenario();
  scenario.assumptions = {"traffic: 100 rps, invented"};
  return build_report(scenario, testing::tiny_result(), "drillsim test");
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + part.size()))
    ++n;
  return n;
}

TEST(HtmlReport, MatchesItsGoldenFile) {
  const std::string golden = std::string(DRILLSIM_SOURCE_DIR) + "/tests/golden/tiny.report.html";
  const std::string html = html_report(tiny_report());
  if (std::getenv("DRILLSIM_REGENERATE_GOLDEN") != nullptr) {
    std::ofstream(golden, std::ios::binary) << html;
    GTEST_SKIP() << "rewrote " << golden;
  }
  std::ifstream in(golden, std::ios::binary);
  ASSERT_TRUE(in) << "missing " << golden;
  std::stringstream want;
  want << in.rdbuf();
  EXPECT_EQ(html, want.str()) << "if the change is intended, rerun with DRILLSIM_REGENERATE_GOLDEN=1";
}

TEST(HtmlReport, SelfContainedWithoutScriptOrNetwork) {
  const std::string html = html_report(tiny_report());
  EXPECT_EQ(html.rfind("<!DOCTYPE html>\n", 0), 0u);
  EXPECT_FALSE(has(html, "<script")) << "no script is needed to read it";
  EXPECT_FALSE(has(html, "http://") && !has(html, "xmlns=\"http://www.w3.org/2000/svg\""));
  EXPECT_FALSE(has(html, "https://"));
  EXPECT_FALSE(has(html, "<link"));
  EXPECT_FALSE(has(html, "<img"));
  EXPECT_FALSE(has(html, "url("));
}

TEST(HtmlReport, VerdictsTimelineAndPlanInTheMarkdownsWords) {
  const Report report = tiny_report();
  const std::string html = html_report(report);
  const std::string md = markdown_summary(report);
  // Headline, objectives' reasons, time-to sentence: the same words as the Markdown summary.
  EXPECT_TRUE(has(html, ">every objective met</p>")) << html;
  EXPECT_TRUE(has(md, "**every objective met**"));
  // RTO 4 s, restored in 0.75 s: 3.25 s under (printf rounds the tie to even: 3.2).
  EXPECT_TRUE(has(html, "<td>restored in 0.8 s, 3.2 s under the RTO of 4.0 s</td>")) << html;
  EXPECT_TRUE(has(md, "| restored in 0.8 s, 3.2 s under the RTO of 4.0 s |"));
  EXPECT_TRUE(has(html, "<td>signal CheckoutErrors</td>")) << html;
  EXPECT_TRUE(has(html, "<p>Time to detect 0.2 s, to decide")) << html;
  // The two steps: shift traffic 1.75 -> 2.0 (+0.5 s from the onset at 1.25), verify interrupted.
  EXPECT_TRUE(has(html,
                  "<td>shift traffic to stable</td><td>shift_traffic</td><td class=\"num\">1.8</td>"
                  "<td class=\"num\">2.0</td><td class=\"num\">+0.5 s</td><td class=\"num\">0.2 s</td>"
                  "<td>completed</td>"))
      << html;
  EXPECT_TRUE(has(html, "<li>traffic: 100 rps, invented</li>")) << html;
}

// An alert's chart draws the values its rule compared, recorded at the evaluations, as a step line, with
// its threshold and its pending span. The chart spans [0, 3] s over 872 units from x = 72, and its plot
// 2 × 84 units from y = 26 to 194, up to 1.1 × the largest value (1.0): t 1, 2, 3 s at x 362.7, 653.3,
// 944.0; the value 0.25 at y = 194 - 0.25/1.1 × 168 = 155.8, 1.0 at 41.3, the threshold 0.5 at 117.6.
// No value at 0 s: the line starts at 1 s.
TEST(HtmlReport, AnAlertsChartDrawsItsRecordedValuesAndThreshold) {
  Report report = tiny_report();
  model::SignalRecord signal;
  signal.name = "CheckoutErrors";
  signal.kind = "alert_rule";
  signal.service = "checkout";
  model::SignalRecord::Rule rule;
  rule.expression = "sum(rate(errors_total[1s])) / sum(rate(requests_total[1s]))";
  rule.threshold = 0.5;
  rule.window_s = 1.0;
  rule.evaluation_interval_s = 1.0;
  signal.rule = rule;
  signal.add_value({}, 0.0, std::nullopt);
  signal.add_value({}, 1.0, 0.25);
  signal.add_value({}, 2.0, 1.0);
  signal.alerts.push_back({{}, {{"pending", 2.0}}});
  report.signals = {signal};
  const std::string html = html_report(report);
  EXPECT_TRUE(has(html, "id=\"alert-CheckoutErrors\"")) << html;
  EXPECT_TRUE(has(html, "<path class=\"value\" d=\"M362.7 155.8 L653.3 155.8 L653.3 41.3 L944.0 41.3\"")) << html;
  EXPECT_TRUE(has(html, "<line class=\"threshold\" x1=\"72.0\" y1=\"117.6\" x2=\"944.0\" y2=\"117.6\"")) << html;
  EXPECT_TRUE(has(html, "<rect class=\"pending\" x=\"653.3\" y=\"26.0\" width=\"290.7\"")) << html;
  EXPECT_TRUE(has(html, "sum(rate(errors_total[1s])) / sum(rate(requests_total[1s])) &gt; 0.5")) << html;
  // Without recorded values (a report from before they were), no chart.
  report.signals[0].values.clear();
  EXPECT_FALSE(has(html_report(report), "id=\"alert-")) << html;
}

TEST(HtmlReport, ChartsDrawEveryServiceWithTheIncidentsInstants) {
  const std::string html = html_report(tiny_report());
  // Two services, four panels each (requests, errors, p95, ready).
  EXPECT_EQ(count(html, "<path class=\"series\""), 8u) << html;
  EXPECT_TRUE(has(html, "id=\"series-checkout\"")) << html;
  EXPECT_TRUE(has(html, "id=\"series-search\"")) << html;
  // checkout's instants (onset 1.25, detect 1.5, page, ack, decide, rollback start 1.75 and end 2.0,
  // restored 2.0) on its chart and on the plan's Gantt; none on search's.
  EXPECT_TRUE(has(html, "<title>onset at 1.2 s</title>")) << html;
  EXPECT_TRUE(has(html, "<title>restored at 2.0 s</title>")) << html;
  // The chart spans [0, 3] s over 960 - 72 - 16 = 872 units: onset 1.25 s at 72 + 1.25/3 * 872 = 435.3.
  EXPECT_TRUE(has(html, "x1=\"435.3\" y1=")) << html;
  // The Gantt spans the steps and the decision [1.75, 2.0] padded by max(3 % of 0.25, 1) s, clipped to
  // the drill: [0.75, 3]; its time axis starts at the name column (260) and is 960 - 260 - 16 = 684 wide.
  // The shift step 1.75 -> 2.0: x = 260 + 1/2.25 * 684 = 564.0, width 0.25/2.25 * 684 = 76.0.
  EXPECT_TRUE(has(html, "<rect class=\"step\" x=\"564.0\" y=\"65.0\" width=\"76.0\"")) << html;
}

TEST(HtmlReport, EscapesEveryTextFromTheScenario) {
  auto scenario = testing::tiny_scenario();
  scenario.name = "<script>alert('x')</script> & \"co\"";
  scenario.description = "a <b>bold</b> claim";
  scenario.assumptions = {"</li><script>evil()</script>"};
  scenario.services[0].name = "check<out>";
  scenario.objectives[0].service = "check<out>";
  auto result = testing::tiny_result();
  for (auto& series : result.series) {
    if (series.service == "checkout") series.service = "check<out>";
  }
  result.incident->service = "check<out>";
  for (auto& step : result.plan.steps)
    step.detail = "it's <done> & \"dusted\"";
  const std::string html = html_report(build_report(scenario, result, "drillsim <test>"));
  EXPECT_FALSE(has(html, "<script")) << html;
  EXPECT_FALSE(has(html, "<b>bold")) << html;
  EXPECT_FALSE(has(html, "check<out>")) << html;
  EXPECT_TRUE(has(html,
                  "<title>Drill report: &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; "
                  "&quot;co&quot;</title>"))
      << html;
  EXPECT_TRUE(has(html, "<li>&lt;/li&gt;&lt;script&gt;evil()&lt;/script&gt;</li>")) << html;
  EXPECT_TRUE(has(html, "id=\"series-check&lt;out&gt;\"")) << html;
  EXPECT_TRUE(has(html, "<td>it&#39;s &lt;done&gt; &amp; &quot;dusted&quot;</td>")) << html;
  EXPECT_TRUE(has(html, "drillsim &lt;test&gt;")) << html;
}

TEST(HtmlEscape, TheFiveCharacters) {
  EXPECT_EQ(html_escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
  EXPECT_EQ(html_escape("plain, 10% — ok"), "plain, 10% — ok");
}

TEST(ThinSeries, ShortSeriesAreDrawnWhole) {
  const std::vector<double> v{3, 1, 2};
  const auto points = thin_series(v, 2);
  ASSERT_EQ(points.size(), 3u);
  EXPECT_EQ(points[1].index, 1u);
  EXPECT_EQ(points[1].value, 1);
}

TEST(ThinSeries, EachRunKeepsItsLowestAndHighestInOrder) {
  // 10 samples in 2 runs of 5: [0, 5) has its low 0 at 0 and its high 9 at 3 (a one-second spike);
  // [5, 10) is flat at 4, one point; then 2 × 2 = 4 buckets would keep all 10.
  const std::vector<double> v{0, 1, 1, 9, 1, 4, 4, 4, 4, 4};
  const auto points = thin_series(v, 2);
  ASSERT_EQ(points.size(), 3u);
  EXPECT_EQ(points[0].index, 0u);
  EXPECT_EQ(points[1].index, 3u);
  EXPECT_EQ(points[1].value, 9);
  EXPECT_EQ(points[2].index, 5u);
  EXPECT_EQ(points[2].value, 4);
}

TEST(ThinSeries, AHighBeforeALowStaysInTimeOrderAndAllNanRunsBreakTheLine) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<double> v{7, nan, 2, nan, nan, nan, nan, nan, 5, 5};
  const auto points = thin_series(v, 3);  // Runs [0, 3), [3, 6), [6, 10).
  ASSERT_EQ(points.size(), 4u);
  EXPECT_EQ(points[0].value, 7);
  EXPECT_EQ(points[1].value, 2);
  EXPECT_EQ(points[2].index, 3u);
  EXPECT_TRUE(std::isnan(points[2].value));
  EXPECT_EQ(points[3].index, 8u);
}

}  // namespace
}  // namespace drillsim::report::formats
