// Triggers and objectives as runbooks state them: in trigger lists, tables, alert descriptions and prose.
// Each runbook here is written for the test; the expected values are read off its own words.
#include "runbook/triggers.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "runbook/importer.hpp"

namespace drillsim::runbook {
namespace {

using ojson = nlohmann::ordered_json;

int notes_of(const ImportResult& r, ImportNote::Kind kind, const std::string& part = "") {
  return static_cast<int>(std::count_if(r.notes.begin(), r.notes.end(), [&](const ImportNote& n) {
    return n.kind == kind && n.text.find(part) != std::string::npos;
  }));
}

// The thresholds of the alerts, in order.
std::vector<std::pair<std::string, double>> alerts_of(const ImportResult& r) {
  std::vector<std::pair<std::string, double>> out;
  for (const auto& a : r.alerts)
    out.emplace_back(a["metric"].get<std::string>(), a["threshold"].get<double>());
  return out;
}

TEST(Triggers, AThresholdTableWithActionsAndSeveritiesIsReadUnderAnyHeading) {
  // Not under a heading about triggers, and with a Severity column: still thresholds, not a matrix of
  // levels (no row names a level).
  const auto r = import_runbook(
      "# Release 4.2\n\n## Watch list\n\n| Metric | Threshold | Action | Severity |\n|---|---|---|---|\n"
      "| Error Rate | >10% | Immediate rollback | Critical |\n| Error Rate | 5-10% | Prepare a rollback | "
      "High "
      "|\n| P95 Latency | > 1500ms | Investigate | Medium |\n| Error Rate | 0.5% | No action | Low |\n");
  const std::vector<std::pair<std::string, double>> want{
      {"error_ratio", 0.10}, {"error_ratio", 0.05}, {"latency_p95", 1.5}};
  ASSERT_EQ(r.alerts.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(alerts_of(r)[i].first, want[i].first);
    EXPECT_NEAR(alerts_of(r)[i].second, want[i].second, 1e-12);
  }
}

TEST(Triggers, ARangeFiresAboveItsLowerBound) {
  const auto r = import_runbook(
      "# Undo\n\n## Rollback triggers\n\n- Error rate 2-6% for 15 minutes\n- 5xx share 3 % – 8 % "
      "sustained\n");
  ASSERT_EQ(r.alerts.size(), 2u);
  EXPECT_NEAR(r.alerts[0]["threshold"].get<double>(), 0.02, 1e-12);
  EXPECT_DOUBLE_EQ(r.alerts[0]["for_s"].get<double>(), 900);
  EXPECT_NEAR(r.alerts[1]["threshold"].get<double>(), 0.03, 1e-12);
}

TEST(Triggers, ASeverityLeadInChecklistIsRead) {
  const auto r = import_runbook(
      "# Deploy checklist\n\n**SEV1 – roll back now:**\n\n- [ ] Gateway failing (5xx errors > 40%)\n"
      "- [ ] Checkout slow (p95 > 1200ms)\n- [ ] Someone from support is on the call\n");
  const auto got = alerts_of(r);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].first, "error_ratio");
  EXPECT_NEAR(got[0].second, 0.40, 1e-12);
  EXPECT_EQ(got[1].first, "latency_p95");
  EXPECT_NEAR(got[1].second, 1.2, 1e-12);
}

TEST(Triggers, SymptomsInAnIncidentSectionOrAnIntroAreRead) {
  // "increased to > 2.5s" says where latency went: an absolute threshold, unlike "a 40% increase".
  const auto r = import_runbook(
      "# Catalogue rollback\n\nUse this page when:\n\n- the new build causes errors >4%\n\n## Incident "
      "context\n\n- The error rate jumped to > 3%\n- P95 latency increased to > 2.5s\n");
  const auto got = alerts_of(r);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_NEAR(got[0].second, 0.04, 1e-12);
  EXPECT_NEAR(got[1].second, 0.03, 1e-12);
  EXPECT_EQ(got[2].first, "latency_p95");
  EXPECT_NEAR(got[2].second, 2.5, 1e-12);
}

TEST(Triggers, TriggersInOtherLanguages) {
  const auto r = import_runbook(
      "# Reversión\n\n## Contexto\n\n- Tasa de error superior al 7%\n- Incremento del p95 superior a 3 "
      "segundos durante 5 minutos\n- Taux d'erreur supérieur à 4 % pendant 10 minutes\n- Fehlerrate über 6% "
      "für 5 Minuten\n- Latência p95 acima de 900 ms\n");
  const auto got = alerts_of(r);
  ASSERT_EQ(got.size(), 5u);
  EXPECT_EQ(got[0].first, "error_ratio");
  EXPECT_NEAR(got[0].second, 0.07, 1e-12);
  EXPECT_FALSE(r.alerts[0].contains("for_s"));
  EXPECT_EQ(got[1].first, "latency_p95");
  EXPECT_NEAR(got[1].second, 3.0, 1e-12);
  EXPECT_DOUBLE_EQ(r.alerts[1]["for_s"].get<double>(), 300);
  EXPECT_NEAR(got[2].second, 0.04, 1e-12);
  EXPECT_DOUBLE_EQ(r.alerts[2]["for_s"].get<double>(), 600);
  EXPECT_NEAR(got[3].second, 0.06, 1e-12);
  EXPECT_DOUBLE_EQ(r.alerts[3]["for_s"].get<double>(), 300);
  EXPECT_EQ(got[4].first, "latency_p95");
  EXPECT_NEAR(got[4].second, 0.9, 1e-12);
}

TEST(Triggers, MetricsInterpretationBulletsAreRead) {
  const auto r = import_runbook(
      "# Dashboards\n\n## Metrics interpretation\n\n- **Error Rate > 5%**: Investigate immediately\n"
      "- **Error Rate < 1%**: Normal\n- **Pods**: 3 of 3 ready\n");
  const auto got = alerts_of(r);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_NEAR(got[0].second, 0.05, 1e-12);
}

TEST(Triggers, ChecksAfterARollbackAndExpectedValuesAreNoAlerts) {
  const auto r = import_runbook(
      "# Undo\n\n## Level A\n\nCheck the gateway 5xx rate. If it is still above 1%, go to level B.\n\n"
      "## After the rollback\n\n- an error rate > 2% here means escalate\n\n## Monitoring Rollback\n\n"
      "| Metric | Expected | Alert Threshold |\n|---|---|---|\n| Error Rate | falls to 0 | > 1% |\n\n"
      "## Dashboards\n\n- p95 latency should stay above 50 ms under load\n");
  EXPECT_TRUE(r.alerts.empty());
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

TEST(Triggers, AMultipleOfAnyValueIsRelative) {
  // "2x the pre-release value" is twice something else, never 2 seconds; nor is "3 times the usual" or
  // "1.5× last week's". The 5xx of an error rate is no multiple, and a check failing 3 times is a count.
  const auto r = import_runbook(
      "# Undo\n\n## Roll back if\n\n| Signal | Threshold | Window |\n|---|---|---|\n"
      "| Page load p95 | > 2x the pre-release value | 15 minutes |\n"
      "| Checkout latency | 3 times the usual | 10 minutes |\n"
      "| p95 latency | above 1.5× last week's | 10 minutes |\n"
      "| 5xx errors | > 4% | 5 minutes |\n\n"
      "## Other signs\n\n- p95 latency above the pre-deploy value for 10 minutes\n"
      "- Health check fails 3 times in a row\n");
  EXPECT_EQ(notes_of(r, ImportNote::Kind::Unexpressed, "relative to a baseline"), 4);
  ASSERT_EQ(alerts_of(r).size(), 1u);
  EXPECT_EQ(alerts_of(r)[0].first, "error_ratio");
  EXPECT_DOUBLE_EQ(alerts_of(r)[0].second, 0.04);
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

// Severity definitions (bullets, a table led by a severity column, a "Severity criteria" list) and
// performance targets after the rollback say what an incident level or success is, not when to roll
// back; the runbook's own rollback trigger is still read.
TEST(Triggers, SeverityDefinitionsAndTargetsAreNoAlerts) {
  const auto r = import_runbook(
      "# Payments rollback\n\n## Severity levels\n\n- P1 critical: complete service outage, error rate above "
      "50%\n- SEV-2 - error rate above 5% for a subset of users\n- High: latency above 2 s on one "
      "endpoint\n\n"
      "| Severity | Condition | Example |\n|---|---|---|\n| SEV1 | error rate > 25% | checkout down |\n\n"
      "## Severity criteria\n\n- Error rate > 40%\n\n"
      "## Rollback triggers\n\n- Error rate > 5% for 5 minutes\n\n## Procedure\n\n"
      "1. Roll back: `kubectl rollout undo deployment/payments`\n\n"
      "## Performance targets\n\n- p99 latency above 800 ms is a miss\n\n| Metric | Threshold |\n|---|---|\n"
      "| p95 latency | > 200ms |\n");
  EXPECT_EQ(alerts_of(r), (std::vector<std::pair<std::string, double>>{{"error_ratio", 0.05}}));
  // The same lines under a heading about rollback triggers are triggers.
  const auto t = import_runbook(
      "# Payments rollback\n\n## Rollback triggers\n\n- P1 critical: error rate above 50%\n\n"
      "## Procedure\n\n1. Roll back: `kubectl rollout undo deployment/payments`\n");
  EXPECT_EQ(alerts_of(t), (std::vector<std::pair<std::string, double>>{{"error_ratio", 0.5}}));
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

TEST(Triggers, ABoundedWindowIsAWindow) {
  // "for > 1 minute" and "for more than 10 minutes" bound the window; "> 2 seconds" is a threshold.
  const auto r = import_runbook(
      "# Web\n\n## When to roll back\n\n- Error rate above 5% for > 1 minute\n"
      "- Error rate above 2% for more than 10 minutes\n- p95 latency > 2 seconds\n\n## Steps\n\n"
      "1. `kubectl rollout undo deployment/web`\n");
  ASSERT_EQ(r.alerts.size(), 3u);
  EXPECT_EQ(r.alerts[0]["for_s"], 60.0);
  EXPECT_EQ(r.alerts[1]["for_s"], 600.0);
  EXPECT_DOUBLE_EQ(r.alerts[2]["threshold"].get<double>(), 2.0);
  EXPECT_FALSE(r.alerts[2].contains("for_s"));
}

TEST(Triggers, ALatencyPercentageIsRelativeUnlessAnAbsoluteValueStandsBesideIt) {
  const auto r = import_runbook(
      "# Web\n\n## When to roll back\n\n- P95 latency > 200 % (p95 > 1000 ms)\n"
      "- p95 latency > 300%\n- Latency increase of 50% (p95 above 1.5 s) for 5 minutes\n\n## Steps\n\n"
      "1. `kubectl rollout undo deployment/web`\n");
  ASSERT_EQ(r.alerts.size(), 2u);
  EXPECT_EQ(r.alerts[0]["metric"], "latency_p95");
  EXPECT_DOUBLE_EQ(r.alerts[0]["threshold"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(r.alerts[1]["threshold"].get<double>(), 1.5);
  EXPECT_EQ(r.alerts[1]["for_s"], 300.0);
  EXPECT_EQ(notes_of(r, ImportNote::Kind::Unexpressed, "relative to a baseline"), 1);
}

TEST(Triggers, ObjectivesWrittenDownTheRows) {
  const auto r = import_runbook(
      "# Shop DB\n\n## Targets\n\n| What | Target |\n|---|---|\n| RTO | 2 hours |\n| RPO | 24 hours |\n\n"
      "## Steps\n\n1. `pg_restore -d shop /backups/shop.dump`\n");
  ASSERT_EQ(r.objectives.size(), 1u);
  EXPECT_EQ(r.objectives[0]["rto_s"], 7200.0);
  EXPECT_EQ(r.objectives[0]["rpo_s"], 86400.0);
}

TEST(Triggers, PercentInReadsTheFirstPercentage) {
  EXPECT_DOUBLE_EQ(percent_in("above 2.5% for 5 min").value(), 0.025);
  EXPECT_FALSE(percent_in("no number").has_value());
  // A blank before the sign, as French and German write it.
  EXPECT_DOUBLE_EQ(percent_in("supérieur à 4 % pendant").value(), 0.04);
}

}  // namespace
}  // namespace drillsim::runbook
