// `drillsim run`'s handling of the rule files' series: the promtool test's paths and grid, and the
// summary's alert transitions.
#include "cli/scraped_series.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <stdexcept>

#include "promql/series_store.hpp"

namespace drillsim::cli {
namespace {

model::Scenario with_rules() {
  model::Scenario s;
  model::RuleFilesSpec spec;
  spec.files.push_back({"slo.yml", "drills/team/slo.yml", ""});
  spec.scrape_interval_s = 30.0;
  spec.scrape_offset_s = 10.0;  // Samples at 10, 40, 70 s: on a 10 s grid.
  spec.evaluation_interval_s = 60.0;
  spec.alert_names = {"Burn"};
  s.rule_files = spec;
  return s;
}

TEST(ScrapedSeries, ThePromtoolTestNamesTheRuleFileFromItsDirectoryAndUsesTheScrapeGrid) {
  const auto s = with_rules();
  promql::SeriesStore store;
  store.append({{"__name__", "up"}}, {10000, 1.0});
  store.append({{"__name__", "up"}}, {40000, 0.0});
  engine::ScrapedSeries scraped{&store, {}, {0.0, 60.0}, {}};
  scraped.firing.push_back({60.0, "Burn", {{"severity", "page"}}, {}});
  const std::string text = promtool_test_text(s, scraped, "drills/out");
  EXPECT_NE(text.find("rule_files:\n  - '../team/slo.yml'\n"), std::string::npos) << text;
  EXPECT_NE(text.find("interval: 10000ms"), std::string::npos) << text;
  EXPECT_NE(text.find("values: '_ 1 _x2 0'"), std::string::npos) << text;
  EXPECT_NE(
      text.find(
          "eval_time: 60000ms\n        alertname: 'Burn'\n        exp_alerts:\n          - exp_labels:\n"
          "              severity: 'page'\n"),
      std::string::npos)
      << text;
}

TEST(ScrapedSeries, AnEvaluationOffsetCannotBeReplayedByPromtool) {
  auto s = with_rules();
  s.rule_files->evaluation_offset_s = 15.0;
  promql::SeriesStore store;
  engine::ScrapedSeries scraped{&store, {}, {}, {}};
  EXPECT_THROW(promtool_test_text(s, scraped, "."), std::invalid_argument);
}

TEST(ScrapedSeries, TheSummaryListsEachTransition) {
  engine::ScrapedSeries scraped;
  scraped.transitions.push_back({"Burn", "{severity=\"page\"}", "pending", 120.0});
  scraped.transitions.push_back({"Burn", "{severity=\"page\"}", "firing", 240.0});
  std::ostringstream out;
  print_rule_alerts(out, scraped);
  EXPECT_EQ(out.str(),
            "\nRule file alerts (pending, firing, resolved)\n"
            "      120.0  pending   Burn{severity=\"page\"}\n"
            "      240.0  firing    Burn{severity=\"page\"}\n");
}

}  // namespace
}  // namespace drillsim::cli
