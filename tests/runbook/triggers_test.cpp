// Triggers and objectives as runbooks state them: in trigger lists, tables, alert descriptions and prose.
// Each runbook here is written for the test; the expected values are read off its own words.
#include "runbook/triggers.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "runbook/importer.hpp"

namespace drillsim::runbook {
namespace {

using ojson = nlohmann::ordered_json;

int notes_of(const ImportResult& r, ImportNote::Kind kind, const std::string& part = "") {
  return static_cast<int>(std::count_if(r.notes.begin(), r.notes.end(), [&](const ImportNote& n) {
    return n.kind == kind && n.text.find(part) != std::string::npos;
  }));
}

TEST(Triggers, AWindowWithAPlusKeepsItsLength) {
  const auto r = import_runbook("# Undo\n\n## Rollback triggers\n\n- Error rate above 4% for 10+ minutes\n");
  ASSERT_EQ(r.alerts.size(), 1u);
  EXPECT_EQ(r.alerts[0]["metric"], "error_ratio");
  EXPECT_DOUBLE_EQ(r.alerts[0]["threshold"].get<double>(), 0.04);
  EXPECT_DOUBLE_EQ(r.alerts[0]["for_s"].get<double>(), 600);
}

TEST(Triggers, RelativeThresholdsAreKeptAsTextNotSeconds) {
  const auto r = import_runbook(
      "# Undo\n\n## When to roll back\n\n- Checkout latency at 3x normal for 5 minutes\n"
      "- A 40% increase in payment errors\n");
  EXPECT_TRUE(r.alerts.empty());
  EXPECT_EQ(notes_of(r, ImportNote::Kind::Unexpressed, "relative to a baseline"), 2);
}

TEST(Triggers, TheComparisonKeepsItsDirection) {
  const auto r = import_runbook(
      "# Undo\n\n## Rollback criteria\n\n- Success rate < 99.5% for 5 minutes\n- Error rate < 1%\n"
      "- Error ratio >= 6% for 2 minutes\n");
  ASSERT_EQ(r.alerts.size(), 2u);
  // "success below 99.5 %" is an error ratio above 0.5 %.
  EXPECT_NEAR(r.alerts[0]["threshold"].get<double>(), 0.005, 1e-12);
  EXPECT_DOUBLE_EQ(r.alerts[0]["for_s"].get<double>(), 300);
  // "errors below 1 %" is no condition an alert firing above its threshold can state.
  EXPECT_EQ(notes_of(r, ImportNote::Kind::Unexpressed, "Error rate < 1%"), 1);
  // ">=" is read as ">", and the report says so.
  EXPECT_DOUBLE_EQ(r.alerts[1]["threshold"].get<double>(), 0.06);
  EXPECT_EQ(notes_of(r, ImportNote::Kind::Trigger, "read as"), 1);
}

TEST(Triggers, SuccessCriteriaAreNoAlerts) {
  const auto r = import_runbook(
      "# Undo\n\n## Post-rollback validation criteria\n\n- Error rate back under 1%\n- p95 latency below 300 "
      "ms\n");
  EXPECT_TRUE(r.alerts.empty());
  EXPECT_EQ(notes_of(r, ImportNote::Kind::Trigger), 0);
}

// The healthy value beside the threshold ("should be back to 99.95 %") is not the trigger.
TEST(Triggers, ATableReadsTheThresholdNotTheExpectedValue) {
  const auto r = import_runbook(
      "# Undo\n\n## Watch\n\n| Signal | Expected after the fix | Alert threshold |\n|---|---|---|\n"
      "| Order success rate | back to 99.95% | < 98% |\n");
  ASSERT_EQ(r.alerts.size(), 1u);
  EXPECT_NEAR(r.alerts[0]["threshold"].get<double>(), 0.02, 1e-12);
}

TEST(Triggers, SectionsThatSayWhenAndAlertDescriptions) {
  const auto r = import_runbook(
      "# Kill switch\n\n## Pull the plug when\n\n- payment errors exceed 2% for 3 minutes\n\n"
      "## Alerts\n\n### Elevated failures\n\n**Meaning:** more than 7% of requests fail\n\n"
      "**Do:**\n\n- Page the owner\n");
  ASSERT_EQ(r.alerts.size(), 2u);
  EXPECT_DOUBLE_EQ(r.alerts[0]["threshold"].get<double>(), 0.02);
  EXPECT_DOUBLE_EQ(r.alerts[0]["for_s"].get<double>(), 180);
  EXPECT_DOUBLE_EQ(r.alerts[1]["threshold"].get<double>(), 0.07);
  EXPECT_FALSE(r.alerts[1].contains("for_s"));
  // The action listed under the alert is no trigger, not even one kept as text.
  EXPECT_EQ(notes_of(r, ImportNote::Kind::Unexpressed, "Page the owner"), 0);
}

TEST(Triggers, ConsecutiveSamplesMakeTheWindow) {
  const auto r = import_runbook(
      "# Canary\n\n## Signs of a bad canary\n\n- error ratio above 2% in three consecutive 5-minute "
      "windows\n");
  ASSERT_EQ(r.alerts.size(), 1u);
  EXPECT_DOUBLE_EQ(r.alerts[0]["for_s"].get<double>(), 900);
}

TEST(Triggers, LatencyThresholdsInWords) {
  const auto r =
      import_runbook("# Undo\n\n## Rollback triggers\n\n- p95 latency above 750ms for 5 minutes\n");
  ASSERT_EQ(r.alerts.size(), 1u);
  EXPECT_EQ(r.alerts[0]["metric"], "latency_p95");
  EXPECT_DOUBLE_EQ(r.alerts[0]["threshold"].get<double>(), 0.75);
  EXPECT_DOUBLE_EQ(r.alerts[0]["for_s"].get<double>(), 300);
}

TEST(Objectives, StatedInProseAndHeadings) {
  const auto r = import_runbook(
      "# Ledger restore\n\nOur RTO target: 15 minutes.\n\n## Billing database\n\n"
      "Snapshots are hourly. RPO 10 minutes, RTO 1 hour.\n\n## Tier 2 (RTO < 30 min)\n\n"
      "RPO: as old as the last snapshot (6 hours).\n");
  ASSERT_EQ(r.objectives.size(), 3u);
  EXPECT_DOUBLE_EQ(r.objectives[0]["rto_s"].get<double>(), 900);
  EXPECT_TRUE(r.objectives[0]["rpo_s"].is_null());
  EXPECT_EQ(r.objectives[1]["key"], "Billing database");  // the section it is stated in
  EXPECT_DOUBLE_EQ(r.objectives[1]["rto_s"].get<double>(), 3600);
  EXPECT_DOUBLE_EQ(r.objectives[1]["rpo_s"].get<double>(), 600);
  EXPECT_EQ(r.objectives[2]["key"], "Tier 2 (RTO < 30 min)");
  EXPECT_DOUBLE_EQ(r.objectives[2]["rto_s"].get<double>(), 1800);
  // "as old as the last snapshot (6 hours)" states no RPO: nothing more is read from that paragraph.
  EXPECT_TRUE(r.objectives[2]["rpo_s"].is_null());
}

TEST(Objectives, WordsThatContainTheLettersAreNotObjectives) {
  const auto r = import_runbook("# Undo\n\nThe protocol takes 5 minutes to reconnect.\n");
  EXPECT_TRUE(r.objectives.empty());
}

// Conditions written in sentences outside any trigger heading, with their windows.
TEST(Triggers, SentencesThatRollBackOrAlertWhenAMetricCrosses) {
  const auto r = import_runbook(
      "# Payments undo\n\n## About\n\nWe roll back when the payment error rate exceeds 4% for 10 minutes. "
      "Nobody rolls back for a 1% blip.\n\nThe `PaymentsSlow` alert fires when p95 latency is above 900ms "
      "for 5m.\n\n## Undo\n\n1. `helm rollback payments 12`\n");
  ASSERT_EQ(r.alerts.size(), 2u);
  EXPECT_EQ(r.alerts[0]["metric"], "error_ratio");
  EXPECT_DOUBLE_EQ(r.alerts[0]["threshold"].get<double>(), 0.04);
  EXPECT_DOUBLE_EQ(r.alerts[0]["for_s"].get<double>(), 600);
  EXPECT_EQ(r.alerts[1]["metric"], "latency_p95");
  EXPECT_DOUBLE_EQ(r.alerts[1]["threshold"].get<double>(), 0.9);
  EXPECT_DOUBLE_EQ(r.alerts[1]["for_s"].get<double>(), 300);
}

// "**Abort if:**" in bold, then a list: its items are triggers; a list after a success line is not.
TEST(Triggers, AListIntroducedByAnAbortLine) {
  const auto r = import_runbook(
      "# Canary\n\n## Watching the canary\n\n**Abort if:**\n\n- 5xx ratio > 0.03 for 2m\n"
      "- error rate >= 6% for 4 minutes\n\n**Success looks like:**\n\n- error rate under 0.5% for 30 "
      "minutes\n");
  ASSERT_EQ(r.alerts.size(), 2u);
  // A fraction is a ratio as it stands (0.03), not 3 %.
  EXPECT_DOUBLE_EQ(r.alerts[0]["threshold"].get<double>(), 0.03);
  EXPECT_DOUBLE_EQ(r.alerts[0]["for_s"].get<double>(), 120);
  EXPECT_DOUBLE_EQ(r.alerts[1]["threshold"].get<double>(), 0.06);
  EXPECT_EQ(notes_of(r, ImportNote::Kind::Trigger, "read as"), 1);
}

// "<95%" written without a space is still "below"; "> 0" errors is any error at all.
TEST(Triggers, CompactComparisonsAndAnyError) {
  const auto r = import_runbook(
      "# Sign-in\n\n## Rollback triggers\n\n- Sign-in success rate <95%\n\n| Metric | Threshold "
      "|\n|---|---|\n"
      "| Error rate | > 0 |\n");
  ASSERT_EQ(r.alerts.size(), 2u);
  // Tables are read before lists.
  EXPECT_DOUBLE_EQ(r.alerts[0]["threshold"].get<double>(), 0);
  EXPECT_NEAR(r.alerts[1]["threshold"].get<double>(), 0.05, 1e-12);
}

// The alert's threshold, not the value a message reports.
TEST(Triggers, TheThresholdWordWinsOverAnObservedValue) {
  const auto r = import_runbook(
      "# Blue green\n\n## Alerts\n\n### Error spike\n\nMessage: \"error rate 8.25% (threshold: 3%)\"\n");
  ASSERT_EQ(r.alerts.size(), 1u);
  EXPECT_DOUBLE_EQ(r.alerts[0]["threshold"].get<double>(), 0.03);
}

// A Prometheus rule quoted in the runbook: its expression and its `for`; the range selector is the
// rate's range, not the window. Thresholds as PromQL writes them: a fraction, seconds.
TEST(Triggers, PrometheusRulesQuotedInTheRunbook) {
  const auto r = import_runbook(
      "# Orders\n\n## Alerting\n\n```yaml\ngroups:\n- name: orders\n  rules:\n  - alert: OrdersErrors\n"
      "    expr: sum(rate(http_requests_total{job=\"orders\",code=~\"5..\"}[5m])) / "
      "sum(rate(http_requests_total{job=\"orders\"}[5m])) > 0.025\n    for: 10m\n"
      "  - alert: OrdersSlow\n    expr: |\n      histogram_quantile(0.95, sum by (le) "
      "(rate(http_request_duration_seconds_bucket[5m])))\n        > 0.4\n    for: 15m\n"
      "  - alert: OrdersTail\n    expr: histogram_quantile(0.99, sum by (le) (rate(x_bucket[1m]))) > "
      "2\n```\n");
  ASSERT_EQ(r.alerts.size(), 2u);
  EXPECT_EQ(r.alerts[0]["metric"], "error_ratio");
  EXPECT_DOUBLE_EQ(r.alerts[0]["threshold"].get<double>(), 0.025);
  EXPECT_DOUBLE_EQ(r.alerts[0]["for_s"].get<double>(), 600);
  EXPECT_EQ(r.alerts[1]["metric"], "latency_p95");
  EXPECT_DOUBLE_EQ(r.alerts[1]["threshold"].get<double>(), 0.4);
  EXPECT_DOUBLE_EQ(r.alerts[1]["for_s"].get<double>(), 900);
  // p99 is no signal drillsim has: kept as text.
  EXPECT_EQ(notes_of(r, ImportNote::Kind::Unexpressed, "OrdersTail"), 1);
}

// A burn rate is reported with the error ratio it stands for, not converted into an alert.
TEST(Triggers, BurnRatesAreReportedNotConverted) {
  const auto r = import_runbook(
      "# Search\n\n## Rollback triggers\n\n- Error budget burn rate above 14.4 over 1 hour against the "
      "99.9% SLO\n");
  EXPECT_TRUE(r.alerts.empty());
  // 14.4 x (1 - 0.999) = 1.44 %.
  EXPECT_EQ(notes_of(r, ImportNote::Kind::Unexpressed, "error ratio of 1.44%"), 1);
}

TEST(Triggers, PercentInReadsTheFirstPercentage) {
  EXPECT_DOUBLE_EQ(percent_in("above 2.5% for 5 min").value(), 0.025);
  EXPECT_FALSE(percent_in("no number").has_value());
}

}  // namespace
}  // namespace drillsim::runbook
