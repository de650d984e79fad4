// The models under QAbstractItemModelTester (fatal on any breach of Qt's model contract), and the
// facts they show, taken from the bundled report (tests/gui/data/canary.scenario.json, seed 3).
#include "gui/table_models.hpp"

#include <gtest/gtest.h>

#include <QAbstractItemModelTester>
#include <QColor>

#include "../report/test_report_fixture.hpp"
#include "gui/palette.hpp"
#include "gui/report_facts.hpp"
#include "gui_test_data.hpp"
#include "report/report.hpp"

namespace drillsim::gui {
namespace {

using Tester = QAbstractItemModelTester;

ReportPtr bundled() {
  const LoadedReport r = load_report_file(test::bundled_report());
  EXPECT_TRUE(r.report) << r.error.toStdString();
  return r.report;
}

QVariant at(const QAbstractItemModel& m, int row, int column, int role = Qt::DisplayRole) {
  return m.data(m.index(row, column), role);
}

TEST(ObjectivesModel, SatisfiesTheModelContractAndShowsTheVerdicts) {
  ObjectivesModel model;
  Tester tester(&model, Tester::FailureReportingMode::Fatal);
  EXPECT_EQ(model.rowCount(), 0);
  const ReportPtr report = bundled();
  model.setReport(report);
  ASSERT_EQ(model.rowCount(), 1);  // One objective: checkout, RTO 600 s, RPO 300 s.
  EXPECT_EQ(at(model, 0, ObjectivesModel::Service).toString(), "checkout");
  EXPECT_EQ(at(model, 0, ObjectivesModel::Rto).toString(), "10m 00s");
  EXPECT_DOUBLE_EQ(at(model, 0, ObjectivesModel::Rto, Qt::UserRole).toDouble(), 600.0);
  EXPECT_DOUBLE_EQ(at(model, 0, ObjectivesModel::TimeToRestore, Qt::UserRole).toDouble(),
                   *report->incidents[0].metrics.time_to_restore_s);
  EXPECT_EQ(at(model, 0, ObjectivesModel::RtoVerdict).toString(), "met");
  EXPECT_EQ(at(model, 0, ObjectivesModel::RtoVerdict, Qt::BackgroundRole).value<QColor>(), palette::met());
  EXPECT_EQ(at(model, 0, ObjectivesModel::RequestsFailed, Qt::UserRole).toULongLong(),
            report->incidents[0].metrics.requests_failed);
  EXPECT_EQ(at(model, 0, ObjectivesModel::UsersAffected, Qt::UserRole).toULongLong(),
            report->incidents[0].metrics.users_affected);
  EXPECT_EQ(at(model, 0, ObjectivesModel::WritesLost, Qt::UserRole).toULongLong(), 0u);  // No data store.
  model.setReport(nullptr);
  EXPECT_EQ(model.rowCount(), 0);
}

TEST(ObjectivesModel, MissedVerdictIsRed) {
  auto changed = std::make_shared<report::Report>(*bundled());
  changed->objectives[0].rto_met = false;
  ObjectivesModel model;
  Tester tester(&model, Tester::FailureReportingMode::Fatal);
  model.setReport(changed);
  EXPECT_EQ(at(model, 0, ObjectivesModel::RtoVerdict).toString(), "MISSED");
  EXPECT_EQ(at(model, 0, ObjectivesModel::RtoVerdict, Qt::BackgroundRole).value<QColor>(), palette::missed());
}

TEST(InstantsModel, OneRowPerInstantWithTimeSinceOnset) {
  InstantsModel model;
  Tester tester(&model, Tester::FailureReportingMode::Fatal);
  const ReportPtr report = bundled();
  model.setIncident(report, 0);
  ASSERT_EQ(model.rowCount(), 9);
  EXPECT_EQ(at(model, 1, InstantsModel::Instant).toString(), "detect");
  // The alert evaluates every 15 s from 0: it fired at an evaluation, 360 s.
  EXPECT_DOUBLE_EQ(at(model, 1, InstantsModel::Time, Qt::UserRole).toDouble(), 360.0);
  EXPECT_DOUBLE_EQ(at(model, 1, InstantsModel::SinceOnset, Qt::UserRole).toDouble(),
                   *report->incidents[0].metrics.time_to_detect_s);
  EXPECT_EQ(at(model, 1, InstantsModel::Note).toString(), "signal: CheckoutHighErrorRatio");
  model.setIncident(report, 5);  // No such incident.
  EXPECT_EQ(model.rowCount(), 0);
}

TEST(StepsModel, StepsInReportOrderWithStatus) {
  StepsModel model;
  Tester tester(&model, Tester::FailureReportingMode::Fatal);
  model.setReport(bundled());
  ASSERT_EQ(model.rowCount(), 5);  // Level 1's four steps ran; level 2's one did not.
  EXPECT_EQ(at(model, 0, StepsModel::Step).toString(), "Shift checkout traffic to stable");
  EXPECT_EQ(at(model, 0, StepsModel::Status).toString(), "completed");
  EXPECT_EQ(at(model, 2, StepsModel::Duration, Qt::UserRole).toDouble(), 60.0);  // "Watch": a 60 s wait.
  EXPECT_EQ(at(model, 4, StepsModel::Status).toString(), "not_run");
  EXPECT_FALSE(at(model, 4, StepsModel::Start, Qt::UserRole).isValid());  // null, not 0.
  EXPECT_EQ(at(model, 4, StepsModel::Start).toString(), "—");
}

TEST(LevelsModel, ClaimedBudgetAgainstSimulatedTime) {
  LevelsModel model;
  Tester tester(&model, Tester::FailureReportingMode::Fatal);
  const ReportPtr report = bundled();
  model.setReport(report);
  ASSERT_EQ(model.rowCount(), 2);
  EXPECT_DOUBLE_EQ(at(model, 0, LevelsModel::Claim, Qt::UserRole).toDouble(), 180.0);
  const auto& level = report->plan.levels[0];
  EXPECT_DOUBLE_EQ(at(model, 0, LevelsModel::Simulated, Qt::UserRole).toDouble(),
                   *level.end_s - *level.start_s);
  EXPECT_TRUE(at(model, 0, LevelsModel::ClaimVerdict, Qt::UserRole).toBool());
  EXPECT_EQ(at(model, 0, LevelsModel::ClaimVerdict, Qt::BackgroundRole).value<QColor>(), palette::met());
  EXPECT_FALSE(at(model, 1, LevelsModel::ClaimVerdict, Qt::UserRole).isValid());  // Never entered.
  EXPECT_EQ(at(model, 1, LevelsModel::Outcome).toString(), "not_run");
}

TEST(StepsModel, RunbookLinesOfEachStep) {
  StepsModel model;
  Tester tester(&model, Tester::FailureReportingMode::Fatal);
  auto report = std::make_shared<report::Report>(*bundled());
  report->plan.steps[0].source_line = 12;
  report->plan.steps[0].source_end_line = 14;
  report->plan.steps[1].source_line = 20;
  report->plan.steps[1].source_end_line = 20;
  model.setReport(report);
  EXPECT_EQ(model.headerData(StepsModel::Source, Qt::Horizontal).toString(), "runbook");
  EXPECT_EQ(at(model, 0, StepsModel::Source).toString(), "lines 12–14");
  EXPECT_EQ(at(model, 0, StepsModel::Source, Qt::UserRole).toInt(), 12);
  EXPECT_EQ(at(model, 1, StepsModel::Source).toString(), "line 20");
  EXPECT_EQ(at(model, 2, StepsModel::Source).toString(), "—");  // no source in the report
  EXPECT_FALSE(at(model, 2, StepsModel::Source, Qt::UserRole).isValid());
}

TEST(LevelsModel, ShowsTheReportsVerdictRatherThanJudgingAgain) {
  LevelsModel model;
  Tester tester(&model, Tester::FailureReportingMode::Fatal);
  auto report = std::make_shared<report::Report>(*bundled());
  const auto& level = report->plan.levels[0];
  ASSERT_TRUE(level.claim_s && level.start_s && level.end_s);
  ASSERT_LE(*level.end_s - *level.start_s, *level.claim_s);  // within its claim by its times...
  model.setReport(report);
  EXPECT_TRUE(at(model, 0, LevelsModel::ClaimVerdict, Qt::UserRole).toBool());
  report->level_claims.at(0).met = false;  // ...but the report judged it missed (e.g. a failed level)
  model.setReport(report);
  EXPECT_FALSE(at(model, 0, LevelsModel::ClaimVerdict, Qt::UserRole).toBool());
}

// The viewer's part of the verdict agreement (tests/cli/verdict_agreement_test.cpp has the console, JSON,
// Markdown, JUnit and HTML on the same drill): the tiny drill with Level 1 (claim 0.5 s, 1.0 to 2.5 s,
// completed) one second past its claim and Level 2 (claim 10 s, 2.5 to 2.75 s) failed within its time.
// build_report judges both missed; the Plan tab's levels table says MISSED for both with the same times,
// and follows the report's field when it says met.
TEST(LevelsModel, ALevelOneSecondPastItsClaimAndAFailedLevelReadMissed) {
  auto scenario = report::testing::tiny_scenario();
  auto result = report::testing::tiny_result();
  result.plan.levels = {model::LevelOutcome{"Level 1", 0.5, 1.0, 2.5, "completed"},
                        model::LevelOutcome{"Level 2", 10.0, 2.5, 2.75, "failed"}};
  auto built = std::make_shared<report::Report>(report::build_report(scenario, result, "drillsim test"));
  LevelsModel model;
  Tester tester(&model, Tester::FailureReportingMode::Fatal);
  model.setReport(built);
  ASSERT_EQ(model.rowCount(), 2);
  EXPECT_EQ(at(model, 0, LevelsModel::Claim).toString(), "0.5 s");
  EXPECT_EQ(at(model, 0, LevelsModel::Simulated).toString(), "1.5 s");
  EXPECT_EQ(at(model, 0, LevelsModel::ClaimVerdict).toString(), "MISSED");
  EXPECT_EQ(at(model, 0, LevelsModel::ClaimVerdict, Qt::UserRole), QVariant(false));
  EXPECT_EQ(at(model, 1, LevelsModel::Simulated).toString(), "0.2 s");  // 0.25 s, as the console rounds it.
  EXPECT_EQ(at(model, 1, LevelsModel::ClaimVerdict).toString(), "MISSED");
  EXPECT_EQ(at(model, 1, LevelsModel::Outcome).toString(), "failed");
  built->level_claims[0].met = true;  // A reader that judged again would still say missed.
  model.setReport(built);
  EXPECT_EQ(at(model, 0, LevelsModel::ClaimVerdict).toString(), "met");
  EXPECT_EQ(at(model, 1, LevelsModel::ClaimVerdict).toString(), "MISSED");
}

TEST(CompareModel, OneColumnPerReportAndTheBestShaded) {
  CompareModel model;
  Tester tester(&model, Tester::FailureReportingMode::Fatal);
  const ReportPtr a = bundled();
  auto b = std::make_shared<report::Report>(*a);
  b->incidents[0].metrics.time_to_detect_s = 600.0;  // B detects later than A.
  model.setReports({a, b}, {QStringLiteral("A"), QStringLiteral("B")});
  EXPECT_EQ(model.columnCount(), 2);
  EXPECT_EQ(model.rowCount(), CompareModel::kRowCount);
  EXPECT_EQ(model.headerData(1, Qt::Horizontal).toString(), "B");
  EXPECT_DOUBLE_EQ(at(model, CompareModel::TimeToDetect, 1, Qt::UserRole).toDouble(), 600.0);
  EXPECT_EQ(at(model, CompareModel::TimeToDetect, 1).toString(), "10m 00s");
  EXPECT_EQ(at(model, CompareModel::TimeToDetect, 0, Qt::BackgroundRole).value<QColor>(), palette::met());
  EXPECT_FALSE(at(model, CompareModel::TimeToDetect, 1, Qt::BackgroundRole).isValid());
  EXPECT_FALSE(at(model, CompareModel::TimeToDecide, 0, Qt::BackgroundRole).isValid());  // Equal: none.
  EXPECT_EQ(at(model, CompareModel::PlanExitState, 0).toString(), "completed");
  model.setReports({}, {});
  EXPECT_EQ(model.columnCount(), 0);
}

TEST(ReportFacts, PhasesLaidEndToEndReachVerified) {
  const ReportPtr report = bundled();
  const auto& incident = report->incidents[0];
  const Phases p = phases_of(*report, incident);
  double total = 0;
  for (const auto& s : p.seconds) {
    ASSERT_TRUE(s.has_value());
    total += *s;
  }
  const auto& at_ = incident.instants;
  EXPECT_NEAR(total, *at_.at(model::Instant::Verified) - *at_.at(model::Instant::Onset), 1e-9);
  EXPECT_DOUBLE_EQ(*p.seconds[Phases::Verify], 10.0);  // The verify step's duration.
  EXPECT_DOUBLE_EQ(*p.rto_s, 600.0);
}

TEST(ReportFacts, PhasesAfterAMissingInstantAreNull) {
  auto r = std::make_shared<report::Report>(*bundled());
  r->incidents[0].instants.set(model::Instant::Verified, std::nullopt);
  const Phases p = phases_of(*r, r->incidents[0]);
  EXPECT_FALSE(p.seconds[Phases::Verify].has_value());
  EXPECT_TRUE(p.seconds[Phases::Rollback].has_value());
}

TEST(ReportFacts, Formatting) {
  EXPECT_EQ(format_duration(42.04), "42.0 s");
  EXPECT_EQ(format_duration(330.0), "5m 30s");
  EXPECT_EQ(format_duration(3725.0), "1h 02m 05s");
  EXPECT_EQ(format_duration(std::nullopt), "—");
  // As the report writers write them (human_duration): a tie rounds to even (0.25 is exact in binary),
  // as the console does too, and 59.96 s reads as a minute. Qt's QString::number gave "0.3 s", and the
  // viewer "60.0 s".
  EXPECT_EQ(format_duration(0.25), "0.2 s");
  EXPECT_EQ(format_duration(59.96), "1m 00s");
  EXPECT_EQ(format_count(1234567), QStringLiteral("1\u2009234\u2009567"));
  EXPECT_EQ(format_count(999), "999");
}

}  // namespace
}  // namespace drillsim::gui
