// The Markdown summary of the shared tiny drill (tests/report/test_report_fixture.hpp). Expected rows
// derived by hand from the fixture: onset 1.25, restored 2 (time to restore 0.75 s), RTO 4 s, store
// "orders" losing 3 writes over [1.0, 1.75]. One-decimal figures round a tie to even, as printf does:
// 0.75 -> "0.8", 1.25 -> "1.2", 3.25 -> "3.2", 0.25 -> "0.2".
#include "report/formats/markdown_summary.hpp"

#include <gtest/gtest.h>

#include "../test_report_fixture.hpp"
#include "report/report.hpp"
#include "report/report_json.hpp"

namespace drillsim::report::formats {
namespace {

Report tiny_report(double checkout_rto_s = 4.0) {
  auto scenario = testing::tiny_scenario();
  scenario.objectives[0].rto_s = checkout_rto_s;
  scenario.assumptions = {"traffic: 100 rps, invented", "the canary takes 10% | of traffic"};
  return build_report(scenario, testing::tiny_result(), "drillsim test");
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(MarkdownSummary, TimelineWithOffsetsFromTheOnset) {
  const std::string md = markdown_summary(tiny_report());
  EXPECT_TRUE(has(md, "# Drill summary: tiny\n")) << md;
  EXPECT_TRUE(has(md, "| onset | 1.2 | +0.0 s |  |\n")) << md;
  EXPECT_TRUE(has(md, "| detect | 1.5 | +0.2 s | signal CheckoutErrors |\n")) << md;
  EXPECT_TRUE(has(md, "| restored | 2.0 | +0.8 s |  |\n")) << md;
  EXPECT_TRUE(has(md, "| verified | — | — |  |\n")) << md;
}

TEST(MarkdownSummary, ImpactCountsTheFailuresFromOnsetToRestored) {
  // Failures at 1.25 (user 3), 1.5 (4), 1.75 (3), 1.9 (5): 4 requests, users {3, 4, 5}. The one at 1.0
  // precedes the onset; 2.0 and 2.5 are at or after restored.
  const std::string md = markdown_summary(tiny_report());
  EXPECT_TRUE(has(md, "| Users affected | 3 |\n")) << md;
  EXPECT_TRUE(has(md, "| Failed requests | 4 |\n")) << md;
  EXPECT_TRUE(has(md, "| Writes lost | 3 |\n")) << md;
  EXPECT_FALSE(has(md, "Revenue")) << "no request class has a value";
}

TEST(MarkdownSummary, ObjectivesWithTheirMargins) {
  const std::string md = markdown_summary(tiny_report());
  EXPECT_TRUE(has(md, "| **every objective met** |")) << md;
  // 4 - 0.75 = 3.25 under.
  EXPECT_TRUE(has(md, "| checkout | RTO | 4.0 s | 0.8 s | 3.2 s under | ✅ met |")) << md;
  // Loss window 1.75 - 1.0 = 0.75 s against an RPO of 60 s: 59.25 s under.
  EXPECT_TRUE(has(md, "| checkout | RPO | 1m 00s | 0.8 s | 59.2 s under | ✅ met |")) << md;
  EXPECT_TRUE(has(md, "| checkout | Data integrity | none corrupted | 0 corrupted | — | ✅ met |")) << md;
}

TEST(MarkdownSummary, AMissedRtoSaysByHowMuch) {
  // RTO 0.5 s, restored in 0.75 s: 0.25 s over.
  const std::string md = markdown_summary(tiny_report(0.5));
  EXPECT_TRUE(has(md, "| **1 of 4 objectives missed** |")) << md;
  EXPECT_TRUE(has(md,
                  "| checkout | RTO | 0.5 s | 0.8 s | 0.2 s over | ❌ missed | restored in 0.8 s, 0.2 s over "
                  "the RTO of 0.5 s |"))
      << md;
}

TEST(MarkdownSummary, ReadsTheReportsVerdictRatherThanJudgingAgain) {
  // A report whose verdict says missed although the numbers are within the RTO: the summary follows
  // the verdict (the one function that judges is metrics::evaluate_objectives, run by build_report).
  Report report = tiny_report();
  report.objectives[0].rto_met = false;
  const std::string md = markdown_summary(report);
  EXPECT_TRUE(has(md, "| checkout | RTO | 4.0 s | 0.8 s | 3.2 s under | ❌ missed |")) << md;
  EXPECT_TRUE(has(md, "**1 of 4 objectives missed**")) << md;
}

TEST(MarkdownSummary, PlanStepsDataAssumptionsAndLessonHeadings) {
  const std::string md = markdown_summary(tiny_report());
  EXPECT_TRUE(has(md, "## Plan: undo canary\n")) << md;
  // Step from 1.75 to 2.0: 0.5 s after the onset, took 0.25 s.
  EXPECT_TRUE(
      has(md,
          "| 1 |  | shift traffic to stable | shift\\_traffic | 1.8 | 2.0 | +0.5 s | 0.2 s | completed | "
          "100% to stable |"))
      << md;
  EXPECT_TRUE(has(md, "| 2 |  | verify | verify | 2.0 | — | +0.8 s | — | interrupted |  |")) << md;
  EXPECT_TRUE(has(md, "| orders | checkout | 12 | 3 | 0.8 s (1.0 s → 1.8 s) | 0 | 0 |")) << md;
  EXPECT_TRUE(has(md, "- traffic: 100 rps, invented\n- the canary takes 10% \\| of traffic\n")) << md;
  for (const char* heading : {"## Lessons", "### What went well", "### What went wrong", "### Action items"})
    EXPECT_TRUE(has(md, heading)) << heading;
}

TEST(MarkdownSummary, ALevelOneSecondOverItsClaimIsMissedAsInTheJson) {
  // A level that completed one second past its budget: claim 0.5 s, took 1.5 s (1.0 -> 2.5).
  auto scenario = testing::tiny_scenario();
  auto result = testing::tiny_result();
  result.plan.levels[0] = model::LevelOutcome{"Level 1", 0.5, 1.0, 2.5, "completed"};
  const Report report = build_report(scenario, result, "drillsim test");
  const std::string md = markdown_summary(report);
  EXPECT_TRUE(has(
      md, "| Level 1 | 0.5 s | 1.5 s | ❌ missed | completed | took 1.5 s, 1.0 s over its claim of 0.5 s |"))
      << md;
  EXPECT_EQ(to_json(report)["plan"]["levels"][0]["claim_met"], false);  // The JSON says the same.
}

TEST(MarkdownSummary, SameReportSameText) {
  EXPECT_EQ(markdown_summary(tiny_report()), markdown_summary(tiny_report()));
}

TEST(MarkdownEscape, TablePipesEmphasisAndLineBreaks) {
  EXPECT_EQ(markdown_escape("a|b_c\nd"), "a\\|b\\_c d");
  EXPECT_EQ(markdown_escape("# not a heading"), "\\# not a heading");
  EXPECT_EQ(markdown_escape("<script>"), "\\<script\\>");
  EXPECT_EQ(markdown_escape("plain text, 10%"), "plain text, 10%");
}

}  // namespace
}  // namespace drillsim::report::formats
