// check_invariants on the hand-built drill of test_report_fixture.hpp: it holds every invariant, and
// breaking any one of them, deliberately, is reported.
#include "report/invariants.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "test_report_fixture.hpp"

namespace drillsim::report {
namespace {

using model::Instant;

std::vector<std::string> violations_of(const model::Scenario& s, const model::DrillResult& r) {
  return check_invariants(s, r, build_report(s, r, "drillsim test"));
}

bool mentions(const std::vector<std::string>& violations, const std::string& text) {
  for (const auto& v : violations) {
    if (v.find(text) != std::string::npos) return true;
  }
  return false;
}

TEST(Invariants, TheFixtureHoldsThemAll) {
  EXPECT_EQ(violations_of(testing::tiny_scenario(), testing::tiny_result()), std::vector<std::string>{});
}

TEST(Invariants, DetectBeforeOnsetIsANegativeTimeToDetect) {
  auto r = testing::tiny_result();
  r.incident->timeline.set(Instant::Detect, 1.15);  // 0.1 s before the onset at 1.25.
  const auto v = violations_of(testing::tiny_scenario(), r);
  EXPECT_TRUE(mentions(v, "detect at 1.150 s is before onset at 1.250 s")) << ::testing::PrintToString(v);
  EXPECT_TRUE(mentions(v, "time to detect -0.100 s is negative"));
}

TEST(Invariants, EachLinkOfTheChainIsChecked) {
  const std::vector<std::pair<Instant, double>> breaks = {{Instant::Page, 1.4},
                                                          {Instant::Ack, 1.45},
                                                          {Instant::Decide, 1.6},
                                                          {Instant::RollbackStart, 1.7},
                                                          {Instant::RollbackEnd, 1.7}};
  for (const auto& [instant, t] : breaks) {
    auto r = testing::tiny_result();
    r.incident->timeline.set(instant, t);
    const auto v = violations_of(testing::tiny_scenario(), r);
    EXPECT_TRUE(mentions(v, std::string(model::to_string(instant)) + " at")) << model::to_string(instant);
  }
}

TEST(Invariants, ARequestLostOrCreatedBreaksConservation) {
  auto r = testing::tiny_result();
  r.requests_total = 221;  // One arrival that never completed and is not in flight.
  EXPECT_TRUE(
      mentions(violations_of(testing::tiny_scenario(), r), "221 arrived, but 220 completed + 0 in flight"));
  r.requests_in_flight_at_end = 1;
  EXPECT_EQ(violations_of(testing::tiny_scenario(), r), std::vector<std::string>{});
}

TEST(Invariants, MoreErrorsThanRequestsInASecond) {
  auto r = testing::tiny_result();
  r.series[0].by_version[1].errors[1] = 6;  // 5 requests, 6 errors; the total no longer adds up either.
  const auto v = violations_of(testing::tiny_scenario(), r);
  EXPECT_TRUE(mentions(v, "checkout second 1: 6 errors and 0 slow out of 5 requests"));
  EXPECT_TRUE(mentions(v, "the versions add up to 10 requests / 6 errors, the total says 10 / 5"));
}

TEST(Invariants, FailureListMustMatchTheErrorCounts) {
  auto r = testing::tiny_result();
  r.failures[0].pop_back();
  EXPECT_TRUE(mentions(violations_of(testing::tiny_scenario(), r), "6 failed requests listed, 7 counted"));
}

TEST(Invariants, AFailedLevelCannotMeetItsClaim) {
  // judge_level_claim never says "met" for a failed level, so the invariant holds on real reports; a
  // report whose level outcome is edited after judging is what the invariant would catch, and a level
  // that completed within its claim is fine.
  auto s = testing::tiny_scenario();
  auto r = testing::tiny_result();
  r.plan.levels[0].claim_s = 10.0;
  r.plan.levels[0].end_s = 2.0;
  r.plan.levels[0].outcome = "completed";
  EXPECT_EQ(violations_of(s, r), std::vector<std::string>{});
  r.plan.levels[0].outcome = "failed";
  EXPECT_EQ(violations_of(s, r), std::vector<std::string>{});  // Judged MISSED, so consistent.
}

TEST(Invariants, StoreCountsNestInsideEachOther) {
  auto r = testing::tiny_result();
  r.stores[0].writes_lost = 13;  // Of 12 committed.
  EXPECT_TRUE(mentions(violations_of(testing::tiny_scenario(), r), "data: orders: 12 committed, 13 lost"));
}

}  // namespace
}  // namespace drillsim::report

namespace drillsim::report {
namespace {

TEST(Invariants, TheEnginesOwnChecksAreReported) {
  auto r = testing::tiny_result();
  r.engine_violations = {"pods: checkout at 30 s: 14 pods (12 available) over replicas 10 + maxSurge 3"};
  const auto v = check_invariants(testing::tiny_scenario(), r,
                                  build_report(testing::tiny_scenario(), r, "drillsim test"));
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0], r.engine_violations[0]);
}

}  // namespace
}  // namespace drillsim::report
