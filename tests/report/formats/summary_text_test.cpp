// The sentences the Markdown summary and the HTML report share (summary_text.hpp), with known answers
// worked out by hand from the values given: they phrase the report's verdicts and never judge.
#include "report/formats/summary_text.hpp"

#include <gtest/gtest.h>

namespace drillsim::report::formats {
namespace {

metrics::ObjectiveVerdict verdict(const std::string& service, bool rto_met, bool rpo_met) {
  metrics::ObjectiveVerdict v;
  v.service = service;
  v.rto_met = rto_met;
  v.rpo_met = rpo_met;
  return v;
}

TEST(HeadlineText, CountsEachServicesRtoAndRpoAsTwoObjectives) {
  Report report;
  EXPECT_EQ(headline_text(report), "every objective met");  // Nothing to miss.
  report.objectives = {verdict("checkout", true, true), verdict("search", true, true)};
  EXPECT_EQ(headline_text(report), "every objective met");
  report.objectives = {verdict("checkout", false, true), verdict("search", true, true)};
  EXPECT_EQ(headline_text(report), "1 of 4 objectives missed");
  report.objectives = {verdict("checkout", false, false), verdict("search", false, true)};
  EXPECT_EQ(headline_text(report), "3 of 4 objectives missed");
}

TEST(AtAndOffsetText, OneDecimalAndSignedDurationsFromTheOrigin) {
  EXPECT_EQ(at_text(12.34), "12.3");
  EXPECT_EQ(at_text(std::nullopt), "—");
  EXPECT_EQ(offset_text(725.0, 600.0), "+2m 05s");  // 125 s after.
  EXPECT_EQ(offset_text(597.0, 600.0), "-3.0 s");   // 3 s before.
  EXPECT_EQ(offset_text(600.0, 600.0), "+0.0 s");
  EXPECT_EQ(offset_text(std::nullopt, 600.0), "—");
  EXPECT_EQ(offset_text(600.0, std::nullopt), "—");
}

TEST(StepText, StatusWithItsAttemptsAndTimeTaken) {
  model::StepOutcome step;
  step.status = model::StepOutcome::Status::Completed;
  step.attempts = 1;
  EXPECT_EQ(step_status_text(step), "completed");
  step.status = model::StepOutcome::Status::Failed;
  step.attempts = 3;  // Two retries.
  EXPECT_EQ(step_status_text(step), "failed ×3");
  EXPECT_EQ(step_took_s(step), std::nullopt);  // Never started.
  step.start_s = 630.5;
  EXPECT_EQ(step_took_s(step), std::nullopt);  // Not finished.
  step.end_s = 700.0;
  EXPECT_EQ(step_took_s(step), std::optional<double>(69.5));
}

TEST(StoreAndSignalText, LossWindowAndFiringInstant) {
  model::StoreOutcome store;
  EXPECT_EQ(loss_window_text(store), "—");  // Nothing lost.
  store.loss_start_s = 120.0;
  store.loss_end_s = 165.0;
  EXPECT_EQ(loss_window_text(store), "45.0 s (120.0 s → 165.0 s)");
  store.loss_end_s = 245.0;  // 125 s = 2m 05s.
  EXPECT_EQ(loss_window_text(store), "2m 05s (120.0 s → 245.0 s)");
  model::SignalRecord signal;
  EXPECT_EQ(fired_text(signal), "never");
  signal.fired_s = 630.26;
  EXPECT_EQ(fired_text(signal), "630.3");  // One decimal.
}

TEST(FirstOnset, TheFirstIncidentsOnsetOrNone) {
  Report report;
  EXPECT_EQ(first_onset_s(report), std::nullopt);
  Report::Incident incident;
  incident.instants.set(model::Instant::Onset, 600.2);
  report.incidents.push_back(incident);
  EXPECT_EQ(first_onset_s(report), std::optional<double>(600.2));
}

}  // namespace
}  // namespace drillsim::report::formats
