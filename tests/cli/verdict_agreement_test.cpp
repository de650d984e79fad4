// Issue 15's acceptance: each derived verdict (a level's claim, an objective's and a store's RPO) is
// judged once, in build_report, and every reader says
// what that one field says. A constructed drill (the shared tiny drill, 3 s) with two levels:
//   Level 1: claim 0.5 s, from 1.0 to 2.5, completed: took 1.5 s, one second past its claim: missed.
//   Level 2: claim 10 s, from 2.5 to 2.75, failed: within its time, but a failed level misses its claim.
// The console, the JSON (both ways), the Markdown summary, JUnit XML and the HTML page must all say
// missed for both, with the same numbers; and when the report's field is turned to "met" (as a report
// read back from a hand-edited file would say), every one of them follows the field instead of judging
// again. The viewer is gui/'s (its LevelsModel reads the same field once it is moved to it).
#include <gtest/gtest.h>

#include <sstream>

#include "../report/test_report_fixture.hpp"
#include "cli/console.hpp"
#include "report/formats/html_report.hpp"
#include "report/formats/junit_xml.hpp"
#include "report/formats/markdown_summary.hpp"
#include "report/report.hpp"
#include "report/report_json.hpp"

namespace drillsim {
namespace {

report::Report two_levels() {
  auto scenario = report::testing::tiny_scenario();
  auto result = report::testing::tiny_result();
  result.plan.levels = {model::LevelOutcome{"Level 1", 0.5, 1.0, 2.5, "completed"},
                        model::LevelOutcome{"Level 2", 10.0, 2.5, 2.75, "failed"}};
  return report::build_report(scenario, result, "drillsim test");
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string console(const report::Report& r) {
  std::ostringstream out;
  cli::print_summary(out, r);
  return out.str();
}

TEST(VerdictAgreement, BuildReportJudgesEachLevelOnce) {
  const report::Report r = two_levels();
  ASSERT_EQ(r.level_claims.size(), 2u);
  EXPECT_EQ(r.level_claims[0].met, std::optional<bool>(false));
  EXPECT_EQ(r.level_claims[0].elapsed_s, std::optional<double>(1.5));
  EXPECT_EQ(r.level_claims[1].met, std::optional<bool>(false));
  EXPECT_EQ(r.level_claims[1].elapsed_s, std::optional<double>(0.25));
}

TEST(VerdictAgreement, ALevelOneSecondPastItsClaimAndAFailedLevelReadMissedEverywhere) {
  const report::Report r = two_levels();
  // Console: name, claim, took, verdict, outcome.
  const std::string text = console(r);
  EXPECT_TRUE(has(text, "  Level 1                      0.5 s     1.5 s  MISSED   completed\n")) << text;
  EXPECT_TRUE(has(text, "  Level 2                     10.0 s     0.2 s  MISSED   failed\n")) << text;
  // JSON.
  const auto json = report::to_json(r);
  EXPECT_EQ(json["plan"]["levels"][0]["claim_met"], false);
  EXPECT_EQ(json["plan"]["levels"][0]["elapsed_s"], 1.5);
  EXPECT_EQ(json["plan"]["levels"][1]["claim_met"], false);
  // Markdown.
  const std::string md = report::formats::markdown_summary(r);
  EXPECT_TRUE(has(md,
                  "| Level 1 | 0.5 s | 1.5 s | ❌ missed | completed | took 1.5 s, 1.0 s over its claim "
                  "of 0.5 s |"))
      << md;
  EXPECT_TRUE(has(md,
                  "| Level 2 | 10.0 s | 0.2 s | ❌ missed | failed | failed after 0.2 s: a level that does "
                  "not complete misses its claim of 10.0 s |"))
      << md;
  // JUnit.
  const std::string xml = report::formats::junit_xml(r, std::nullopt);
  EXPECT_TRUE(
      has(xml, "<failure message=\"took 1.5 s, 1.0 s over its claim of 0.5 s\" type=\"claim_missed\">"))
      << xml;
  EXPECT_TRUE(has(xml,
                  "<failure message=\"failed after 0.2 s: a level that does not complete misses its claim "
                  "of 10.0 s\" type=\"claim_missed\">"))
      << xml;
  // HTML.
  const std::string html = report::formats::html_report(r);
  EXPECT_TRUE(has(html,
                  "<tr><td>Level 1</td><td class=\"num\">0.5 s</td><td class=\"num\">1.5 s</td><td><span "
                  "class=\"verdict missed\">missed</span></td><td>completed</td>"))
      << html;
  EXPECT_TRUE(has(html,
                  "<tr><td>Level 2</td><td class=\"num\">10.0 s</td><td class=\"num\">0.2 s</td><td><span "
                  "class=\"verdict missed\">missed</span></td><td>failed</td>"))
      << html;
}

TEST(VerdictAgreement, EveryReaderFollowsTheReportsFieldRatherThanJudgingAgain) {
  // The same drill, with the report's verdict on Level 1 turned to met: a reader that judged the level
  // again (1.5 s against 0.5 s) would still say missed.
  report::Report r = two_levels();
  r.level_claims[0].met = true;
  EXPECT_TRUE(has(console(r), "  Level 1                      0.5 s     1.5 s  MET      completed\n"))
      << console(r);
  EXPECT_EQ(report::to_json(r)["plan"]["levels"][0]["claim_met"], true);
  EXPECT_TRUE(has(report::formats::markdown_summary(r), "| Level 1 | 0.5 s | 1.5 s | ✅ met |"));
  const std::string xml = report::formats::junit_xml(r, std::nullopt);
  EXPECT_EQ(xml.find("type=\"claim_missed\""), xml.rfind("type=\"claim_missed\"")) << "only Level 2 fails:\n"
                                                                                   << xml;
  EXPECT_TRUE(has(report::formats::html_report(r),
                  "<tr><td>Level 1</td><td class=\"num\">0.5 s</td><td class=\"num\">1.5 s</td><td><span "
                  "class=\"verdict met\">met</span></td>"));
  // Read back from its JSON, the report keeps the field as written.
  const report::Report back = report::report_from_json(nlohmann::json::parse(report::to_json(r).dump()));
  ASSERT_EQ(back.level_claims.size(), 2u);
  EXPECT_EQ(back.level_claims[0].met, std::optional<bool>(true));
  EXPECT_EQ(back.level_claims[0].elapsed_s, std::optional<double>(1.5));
  EXPECT_EQ(back.level_claims[1].met, std::optional<bool>(false));
}

// The RPO is judged once too (metrics::evaluate_objectives for the objective, metrics::judge_stores for
// each store, both in build_report). The shared tiny drill with checkout's RPO cut to 0.5 s: its store
// lost the writes of 1.0 -> 1.75 s, a loss window 0.25 s over the RPO.
report::Report rpo_missed_by_a_quarter_second() {
  auto scenario = report::testing::tiny_scenario();
  scenario.objectives[0].rpo_s = 0.5;
  return report::build_report(scenario, report::testing::tiny_result(), "drillsim test");
}

TEST(VerdictAgreement, AnRpoMissedByAQuarterSecondReadsMissedEverywhere) {
  const report::Report r = rpo_missed_by_a_quarter_second();
  ASSERT_EQ(r.objectives.size(), 2u);
  ASSERT_EQ(r.store_verdicts.size(), 1u);
  EXPECT_FALSE(r.objectives[0].rpo_met);
  EXPECT_EQ(r.store_verdicts[0].rpo_met, std::optional<bool>(false));
  EXPECT_TRUE(
      has(console(r), "  checkout             4.0 s            0.8 s MET         0.5 s      0.8 s MISSED"))
      << console(r);
  const auto json = report::to_json(r);
  EXPECT_EQ(json["objectives"][0]["rpo_met"], false);
  EXPECT_EQ(json["data"][0]["rpo_met"], false);
  EXPECT_TRUE(has(report::formats::markdown_summary(r),
                  "| checkout | RPO | 0.5 s | 0.8 s | 0.2 s over | ❌ missed |"));
  const std::string xml = report::formats::junit_xml(r, std::nullopt);
  EXPECT_TRUE(has(xml,
                  "name=\"checkout RPO\" time=\"0.000\">\n      <failure message=\"data loss window 0.8 s, "
                  "0.2 s over the RPO of 0.5 s\" type=\"rpo_missed\">"))
      << xml;
  EXPECT_TRUE(
      has(report::formats::html_report(r),
          "<tr><td>checkout</td><td>RPO</td><td class=\"num\">0.5 s</td><td class=\"num\">0.8 s</td><td "
          "class=\"num\">0.2 s over</td><td><span class=\"verdict missed\">missed</span></td>"));
}

TEST(VerdictAgreement, EveryReaderFollowsTheReportsRpoFields) {
  // The report's RPO verdicts turned to met: a reader that compared 0.75 s with 0.5 s again would say
  // missed.
  report::Report r = rpo_missed_by_a_quarter_second();
  r.objectives[0].rpo_met = true;
  r.store_verdicts[0].rpo_met = true;
  EXPECT_TRUE(
      has(console(r), "  checkout             4.0 s            0.8 s MET         0.5 s      0.8 s MET"))
      << console(r);
  const auto json = report::to_json(r);
  EXPECT_EQ(json["objectives"][0]["rpo_met"], true);
  EXPECT_EQ(json["data"][0]["rpo_met"], true);
  EXPECT_TRUE(
      has(report::formats::markdown_summary(r), "| checkout | RPO | 0.5 s | 0.8 s | 0.2 s over | ✅ met |"));
  EXPECT_FALSE(has(report::formats::junit_xml(r, std::nullopt), "type=\"rpo_missed\""));
  EXPECT_TRUE(
      has(report::formats::html_report(r),
          "<tr><td>checkout</td><td>RPO</td><td class=\"num\">0.5 s</td><td class=\"num\">0.8 s</td><td "
          "class=\"num\">0.2 s over</td><td><span class=\"verdict met\">met</span></td>"));
  const report::Report back = report::report_from_json(nlohmann::json::parse(report::to_json(r).dump()));
  EXPECT_TRUE(back.objectives[0].rpo_met);
  EXPECT_EQ(back.store_verdicts[0].rpo_met, std::optional<bool>(true));
}

}  // namespace
}  // namespace drillsim
