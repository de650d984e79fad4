// JUnit XML of the shared tiny drill (tests/report/test_report_fixture.hpp): onset 1.25, restored 2
// (time to restore 0.75 s). The schema check runs on the CLI's output (junit_validate.py); here, the
// cases, counts and messages.
#include "report/formats/junit_xml.hpp"

#include <gtest/gtest.h>

#include "../test_report_fixture.hpp"
#include "report/report.hpp"

namespace drillsim::report::formats {
namespace {

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

Report tiny_report(double checkout_rto_s, std::optional<double> level_claim_s = std::nullopt) {
  auto scenario = testing::tiny_scenario();
  scenario.objectives[0].rto_s = checkout_rto_s;
  auto result = testing::tiny_result();
  if (level_claim_s) {
    result.plan.levels[0].name = "Level 1";
    result.plan.levels[0].claim_s = level_claim_s;
  }
  return build_report(scenario, result, "drillsim test");
}

TEST(JunitXml, ThreeCasesPerObjectiveAllPassing) {
  const std::string xml = junit_xml(tiny_report(4.0));
  EXPECT_TRUE(has(xml,
                  "<testsuites name=\"drillsim\" tests=\"6\" failures=\"0\" errors=\"0\" skipped=\"0\" "
                  "time=\"3.000\">"))
      << xml;
  EXPECT_TRUE(
      has(xml, "<testcase classname=\"drillsim.tiny.objectives\" name=\"checkout RTO\" time=\"0.750\">"))
      << xml;
  EXPECT_TRUE(has(xml, "name=\"search data integrity\"")) << xml;
  EXPECT_FALSE(has(xml, "<failure")) << xml;
  EXPECT_FALSE(has(xml, "timestamp=")) << "no timestamp given";
}

TEST(JunitXml, AMissedRtoIsAFailureSayingByHowMuch) {
  // RTO 0.5 s, restored in 0.75 s: 0.25 s over (one decimal, a tie rounded to even: "0.2").
  const std::string xml = junit_xml(tiny_report(0.5));
  EXPECT_TRUE(has(xml, "tests=\"6\" failures=\"1\"")) << xml;
  EXPECT_TRUE(
      has(xml, "<failure message=\"restored in 0.8 s, 0.2 s over the RTO of 0.5 s\" type=\"rto_missed\">"))
      << xml;
}

TEST(JunitXml, FollowsTheReportsVerdict) {
  Report report = tiny_report(4.0);
  report.objectives[1].rpo_met = false;  // search: the writer must not judge again.
  const std::string xml = junit_xml(report);
  EXPECT_TRUE(has(xml, "failures=\"1\"")) << xml;
  EXPECT_TRUE(has(xml, "type=\"rpo_missed\"")) << xml;
}

TEST(JunitXml, ALevelClaimIsACase) {
  // The level starts at 1.75 and is cut by the drill's end at 3: 1.25 s > a claim of 0.5 s: missed.
  const std::string missed = junit_xml(tiny_report(4.0, 0.5));
  EXPECT_TRUE(has(missed, "tests=\"7\" failures=\"1\"")) << missed;
  EXPECT_TRUE(has(missed, "classname=\"drillsim.tiny.plan\" name=\"level Level 1 claim\"")) << missed;
  EXPECT_TRUE(has(missed,
                  "<failure message=\"interrupted by the drill&apos;s end, past its claim of 0.5 s\" "
                  "type=\"claim_missed\">"))
      << missed;
  // 1.25 s within a claim of 10 s: nothing to judge yet, skipped.
  const std::string within = junit_xml(tiny_report(4.0, 10.0));
  EXPECT_TRUE(has(within, "tests=\"7\" failures=\"0\" errors=\"0\" skipped=\"1\"")) << within;
  EXPECT_TRUE(has(within, "<skipped message=\"interrupted within its claim of 10.0 s\"/>")) << within;
}

TEST(JunitXml, TimestampWhenGiven) {
  const std::string xml = junit_xml(tiny_report(4.0), "2026-12-06T21:09:56");
  EXPECT_TRUE(has(xml, "time=\"3.000\" timestamp=\"2026-12-06T21:09:56\">")) << xml;
}

TEST(XmlEscape, MarkupAndControlCharacters) {
  EXPECT_EQ(xml_escape("a<b & \"c\" 'd'>"), "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;");
  EXPECT_EQ(xml_escape(std::string("bell\x07") + "\ttab\n"), "bell\xEF\xBF\xBD\ttab\n");
}

}  // namespace
}  // namespace drillsim::report::formats
