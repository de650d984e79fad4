// Each verdict in words with its margin. The verdicts come from metrics (evaluate_objectives,
// judge_level_claim); these tests give them by hand and check the phrasing and the arithmetic of the
// margin (budget minus use).
#include "report/formats/verdict_text.hpp"

#include <gtest/gtest.h>

namespace drillsim::report::formats {
namespace {

metrics::ObjectiveVerdict objective(std::optional<double> ttr, bool rto_met) {
  metrics::ObjectiveVerdict o;
  o.service = "checkout";
  o.rto_s = 900;
  o.rpo_s = 300;
  o.time_to_restore_s = ttr;
  o.rto_met = rto_met;
  o.rpo_met = true;
  o.reason = "stayed within SLO";
  return o;
}

TEST(RtoText, MetSaysByHowMuchUnder) {
  // 900 - 642 = 258 s = 4m 18s.
  EXPECT_EQ(rto_text(objective(642, true)), "restored in 10m 42s, 4m 18s under the RTO of 15m 00s");
  EXPECT_EQ(rto_margin(objective(642, true)), "4m 18s under");
}

TEST(RtoText, MissedSaysByHowMuchOver) {
  // 1000 - 900 = 100 s = 1m 40s over.
  EXPECT_EQ(rto_text(objective(1000, false)), "restored in 16m 40s, 1m 40s over the RTO of 15m 00s");
  EXPECT_EQ(rto_margin(objective(1000, false)), "1m 40s over");
}

TEST(RtoText, NotRestoredAndNothingToRestore) {
  EXPECT_EQ(rto_text(objective(std::nullopt, false)), "not restored before the drill ended (RTO 15m 00s)");
  EXPECT_EQ(rto_text(objective(std::nullopt, true)), "stayed within SLO");  // The verdict's own reason.
  EXPECT_EQ(rto_margin(objective(std::nullopt, true)), "—");
}

TEST(RpoText, WindowAgainstTheRpoAndCorruptedWrites) {
  auto o = objective(642, true);
  o.data_loss_window_s = 420;  // 300 - 420 = -120: 2m 00s over.
  o.rpo_met = false;
  EXPECT_EQ(rpo_text(o), "data loss window 7m 00s, 2m 00s over the RPO of 5m 00s");
  EXPECT_EQ(rpo_margin(o), "2m 00s over");
  o.data_loss_window_s = 0;
  o.corrupted_remaining = 12;
  EXPECT_EQ(rpo_text(o),
            "data loss window 0.0 s, 5m 00s under the RPO of 5m 00s; 12 corrupted writes remain");
  EXPECT_FALSE(integrity_met(o));
  EXPECT_EQ(integrity_text(o), "12 corrupted writes remain in the service's stores");
  o.corrupted_remaining = 0;
  EXPECT_TRUE(integrity_met(o));
  EXPECT_EQ(integrity_text(o), "no corrupted write remains");
}

model::LevelOutcome level(std::optional<double> start, std::optional<double> end,
                          const std::string& outcome) {
  return model::LevelOutcome{"Level 1", 300.0, start, end, outcome};
}

TEST(LevelClaimText, CompletedWithinAndPastItsClaim) {
  const auto under = level(100, 350, "completed");  // 250 s: 50 s under 300 s.
  EXPECT_EQ(level_claim_text(under, metrics::judge_level_claim(under, 3600)),
            "took 4m 10s, 50.0 s under its claim of 5m 00s");
  const auto over = level(100, 401, "completed");  // 301 s: by one second.
  EXPECT_EQ(level_claim_text(over, metrics::judge_level_claim(over, 3600)),
            "took 5m 01s, 1.0 s over its claim of 5m 00s");
}

TEST(LevelClaimText, FailedEnteredNeverAndInterrupted) {
  const auto failed = level(100, 220, "failed");
  EXPECT_EQ(level_claim_text(failed, metrics::judge_level_claim(failed, 3600)),
            "failed after 2m 00s: a level that does not complete misses its claim of 5m 00s");
  const auto never = level(std::nullopt, std::nullopt, "not_run");
  EXPECT_EQ(level_claim_text(never, metrics::judge_level_claim(never, 3600)), "never entered");
  // Entered at 100 and cut by the drill's end at 460: 360 s > 300 s, the claim is missed.
  const auto cut = level(100, 460, "interrupted");
  EXPECT_EQ(level_claim_text(cut, metrics::judge_level_claim(cut, 460)),
            "interrupted by the drill's end after 6m 00s, past its claim of 5m 00s");
  // Entered at 100, drill ends at 200: 100 s within 300 s, nothing to judge yet.
  const auto early = level(100, 200, "interrupted");
  EXPECT_EQ(level_claim_text(early, metrics::judge_level_claim(early, 200)),
            "interrupted within its claim of 5m 00s");
  auto unclaimed = level(100, 200, "completed");
  unclaimed.claim_s.reset();
  EXPECT_EQ(level_claim_text(unclaimed, metrics::judge_level_claim(unclaimed, 3600)), "no claim");
}

}  // namespace
}  // namespace drillsim::report::formats
