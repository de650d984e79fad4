// Tests of sim/metrics/incident_metrics: pure functions, no SimGrid. Every expected number is derived
// by hand in the comment next to it. in_slo vectors are written T (within SLO) / F (out of SLO),
// index = second.
#include "metrics/incident_metrics.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <vector>

namespace drillsim::metrics {
namespace {

using model::Instant;

constexpr bool T = true;
constexpr bool F = false;

model::SecondSeries series(std::vector<std::uint32_t> requests, std::vector<std::uint32_t> errors,
                           std::vector<std::uint32_t> slow) {
  model::SecondSeries s;
  s.resize(requests.size());
  s.requests = std::move(requests);
  s.errors = std::move(errors);
  s.slow = std::move(slow);
  return s;
}

model::Slo slo_with_window(double sli_window_s) {
  model::Slo slo;
  slo.max_error_ratio = 0.01;
  slo.max_p95_latency_s = 0.5;
  slo.sli_window_s = sli_window_s;
  return slo;
}

// ---------------------------------------------------------------------------------------------------
// slo_status

TEST(SloStatus, OneSecondWindowJudgesEachSecondAlone) {
  const auto total = series({100, 100, 0, 50, 20, 20, 21},  //
                            {1, 2, 0, 0, 0, 0, 0},          //
                            {0, 0, 0, 2, 1, 2, 1});
  // k0: 1/100 = 0.01 <= 0.01 (exactly at the threshold)                       -> in
  // k1: 2/100 = 0.02 >  0.01                                                  -> out
  // k2: no request                                                            -> in
  // k3: 50 requests, p95 rank ceil(47.5) = 48, 2 slow <= 50-48 = 2            -> in
  // k4: 20 requests, rank 19, 1 slow <= 1 (the p95 is the 19th: fast)         -> in
  // k5: 20 requests, 2 slow > 1 (the 19th smallest is slow)                   -> out
  // k6: 21 requests, rank ceil(19.95) = 20, 1 slow <= 1                       -> in
  EXPECT_EQ(slo_status(total, slo_with_window(1)), (std::vector<bool>{T, F, T, T, T, F, T}));
  // A window below one second is one second.
  EXPECT_EQ(slo_status(total, slo_with_window(0.25)), (std::vector<bool>{T, F, T, T, T, F, T}));
}

TEST(SloStatus, TrailingWindowSumsTheLastWSeconds) {
  // W = 3. Window of second k = seconds max(0,k-2)..k.
  const auto total = series({100, 100, 100, 100, 100, 100},  //
                            {0, 4, 0, 0, 0, 0},              //
                            {0, 0, 0, 0, 0, 0});
  // k0: 0/100                  -> in
  // k1: 4/200 = 0.02           -> out
  // k2: 4/300 = 0.0133         -> out
  // k3: 4/300 (k1..k3)         -> out
  // k4: 0/300 (k2..k4)         -> in: the bad second left the window
  // k5: 0/300                  -> in
  EXPECT_EQ(slo_status(total, slo_with_window(3)), (std::vector<bool>{T, F, F, F, T, T}));
  // A fractional window rounds up: 2.2 -> 3.
  EXPECT_EQ(slo_status(total, slo_with_window(2.2)), (std::vector<bool>{T, F, F, F, T, T}));
  // W = 5 (clamped at second 0 until k4): k1 4/200 out, k2 4/300 out, k3 4/400 = 0.01 at the threshold
  // -> in, k4 4/500 in, k5 (k1..k5) 4/500 in.
  EXPECT_EQ(slo_status(total, slo_with_window(5)), (std::vector<bool>{T, F, F, T, T, T}));
}

TEST(SloStatus, SlowRequestsAreSummedOverTheWindowToo) {
  // W = 2: k1 alone has 3 slow of 20 (rank 19 -> at most 1 slow: out alone), but with k0 the window
  // holds 40 requests, rank 38, at most 2 slow: 3 > 2 -> out. k2: 3 slow of 40 -> out. k3: 0 -> in.
  const auto total = series({20, 20, 20, 20}, {0, 0, 0, 0}, {0, 3, 0, 0});
  EXPECT_EQ(slo_status(total, slo_with_window(2)), (std::vector<bool>{T, F, F, T}));
  // W = 4: k1: 3 of 40 -> out; k2: 3 of 60, rank 57, at most 3 -> in; k3: 3 of 80 -> in.
  EXPECT_EQ(slo_status(total, slo_with_window(4)), (std::vector<bool>{T, F, T, T}));
}

TEST(SloStatus, ZeroRequestsIsInSloWhateverTheOtherColumnsSay) {
  // requests 0 short-circuits: even a (nonsensical) error count does not matter.
  EXPECT_EQ(slo_status(series({0}, {5}, {5}), slo_with_window(1)), (std::vector<bool>{T}));
}

TEST(SloStatus, RatioEqualToADecimalThresholdIsInSlo) {
  // errors/requests equal to the threshold in decimal arithmetic round to the same double, so each
  // of these is exactly at the threshold and within SLO; one more error is above it. 0.29 * 100 is
  // 28.999999999999996 in doubles: a multiplication would get 29/100 wrong.
  struct Case {
    double ratio;
    std::uint32_t errors, requests;
  };
  for (const Case c :
       {Case{0.01, 3, 300}, Case{0.07, 7, 100}, Case{0.1, 3, 30}, Case{0.3, 3, 10}, Case{0.29, 29, 100}}) {
    model::Slo slo = slo_with_window(1);
    slo.max_error_ratio = c.ratio;
    EXPECT_EQ(slo_status(series({c.requests}, {c.errors}, {0}), slo), (std::vector<bool>{T})) << c.ratio;
    EXPECT_EQ(slo_status(series({c.requests}, {c.errors + 1}, {0}), slo), (std::vector<bool>{F})) << c.ratio;
  }
}

TEST(SloStatus, EmptySeriesGivesEmptyStatus) {
  EXPECT_TRUE(slo_status(model::SecondSeries{}, model::Slo{}).empty());
}

// ---------------------------------------------------------------------------------------------------
// find_restoration

TEST(FindRestoration, NeverBreached) {
  // All in SLO: no second k >= floor(2) = 2 is out of SLO.
  const auto r = find_restoration({T, T, T, T, T, T}, 2.0, 3.0);
  EXPECT_FALSE(r.slo_breached);
  EXPECT_FALSE(r.restored_s.has_value());
}

TEST(FindRestoration, BreachBeforeOnsetDoesNotCount) {
  // Second 1 is out of SLO but the search for B starts at floor(onset) = 2: nothing from 2 on.
  const auto r = find_restoration({T, F, T, T, T, T}, 2.0, 3.0);
  EXPECT_FALSE(r.slo_breached);
  EXPECT_FALSE(r.restored_s.has_value());
}

TEST(FindRestoration, BreachThenRecoveryWithWindowOf3) {
  //                 0  1  2  3  4  5  6  7
  const std::vector<bool> in_slo{T, T, F, F, T, T, T, T};
  // B = first k >= floor(1.0) = 1 out of SLO = 2. W = ceil(3) = 3.
  // s = 3: in_slo[2] = F but in_slo[3] = F                   -> no.
  // s = 4: in_slo[3] = F, in_slo[4..6] = T T T, 4 + 3 = 7 <= 8 -> restored = 4.
  const auto r = find_restoration(in_slo, 1.0, 3.0);
  EXPECT_TRUE(r.slo_breached);
  ASSERT_TRUE(r.restored_s.has_value());
  EXPECT_EQ(*r.restored_s, 4.0);
}

TEST(FindRestoration, RecoveryShorterThanWindowThenAnotherBreach) {
  //                 0  1  2  3  4  5  6  7  8
  const std::vector<bool> in_slo{T, F, T, T, F, T, T, T, T};
  // B = 1. W = 3.
  // s = 2: in_slo[1] = F, in_slo[2..4] = T T F                 -> only 2 s in SLO, no.
  // s = 3, 4: in_slo[s-1] = T                                   -> not a recovery instant.
  // s = 5: in_slo[4] = F, in_slo[5..7] = T T T, 5 + 3 = 8 <= 9  -> restored = 5.
  const auto r = find_restoration(in_slo, 0.0, 3.0);
  EXPECT_TRUE(r.slo_breached);
  ASSERT_TRUE(r.restored_s.has_value());
  EXPECT_EQ(*r.restored_s, 5.0);
}

TEST(FindRestoration, NotRestoredBeforeTheEnd) {
  //                 0  1  2  3  4
  const std::vector<bool> in_slo{T, F, F, T, T};
  // B = 1. W = 3. s = 2: in_slo[2] = F, no. s = 3: in_slo[2] = F and in_slo[3..4] = T T, but the
  // window needs 3 + 3 = 6 <= 5 seconds: it does not fit in the drill -> not restored.
  const auto r = find_restoration(in_slo, 0.0, 3.0);
  EXPECT_TRUE(r.slo_breached);
  EXPECT_FALSE(r.restored_s.has_value());
}

TEST(FindRestoration, WindowMayEndExactlyAtTheEndOfTheDrill) {
  // B = 0, W = 3, s = 1: in_slo[0] = F, in_slo[1..3] = T T T, 1 + 3 = 4 <= 4 -> restored = 1.
  const auto r = find_restoration({F, T, T, T}, 0.0, 3.0);
  ASSERT_TRUE(r.restored_s.has_value());
  EXPECT_EQ(*r.restored_s, 1.0);
}

TEST(FindRestoration, OnsetMidSecond) {
  //                 0  1  2  3  4  5  6
  const std::vector<bool> in_slo{T, T, F, T, T, T, T};
  // onset 2.7 lies in second floor(2.7) = 2, which is out of SLO: B = 2 (the whole second counts).
  // W = ceil(2.5) = 3. s = 3: in_slo[2] = F, in_slo[3..5] = T T T, 3 + 3 = 6 <= 7 -> restored = 3.
  const auto r = find_restoration(in_slo, 2.7, 2.5);
  EXPECT_TRUE(r.slo_breached);
  ASSERT_TRUE(r.restored_s.has_value());
  EXPECT_EQ(*r.restored_s, 3.0);
}

TEST(FindRestoration, FractionalWindowRoundsUp) {
  // B = 2 (as above). With 5 seconds, s = 3 leaves in_slo[3..4] = T T: enough for W = 2 (3 + 2 = 5 <= 5)
  // but not for window 2.5, whose W = ceil(2.5) = 3 (3 + 3 = 6 > 5).
  const std::vector<bool> in_slo{T, T, F, T, T};
  EXPECT_EQ(find_restoration(in_slo, 2.7, 2.0).restored_s, std::optional<double>(3.0));
  EXPECT_EQ(find_restoration(in_slo, 2.7, 2.5).restored_s, std::nullopt);
}

TEST(FindRestoration, OnsetAfterTheLastSecond) {
  // floor(10) = 10 >= size 3: no second to look at, so no breach.
  const auto r = find_restoration({F, F, F}, 10.0, 1.0);
  EXPECT_FALSE(r.slo_breached);
  EXPECT_FALSE(r.restored_s.has_value());
}

// ---------------------------------------------------------------------------------------------------
// compute_incident_metrics

//                                      0  1  2  3  4  5  6  7  8  9 10 11 12 13 14 15 16 17 ... 29
std::vector<bool> incident_slo() {
  std::vector<bool> in_slo(30, T);
  for (const int k : {10, 11, 12, 13, 14, 16})
    in_slo[static_cast<std::size_t>(k)] = F;
  return in_slo;
}

TEST(IncidentMetrics, HandMadeTimeline) {
  const std::vector<bool> in_slo = incident_slo();
  // find_restoration(onset 10.5, W 3): B = 10. s = 15: in_slo[14] = F but in_slo[16] = F within
  // [15, 18) -> no. s = 17: in_slo[16] = F, in_slo[17..19] = T T T -> restored = 17.
  const auto restoration = find_restoration(in_slo, 10.5, 3.0);
  ASSERT_EQ(restoration.restored_s, std::optional<double>(17.0));

  model::Timeline t;
  t.record(Instant::Onset, 10.5);
  t.record(Instant::Detect, 12.0);
  t.record(Instant::Page, 12.5);
  t.record(Instant::Decide, 14.25);  // No ack recorded: not needed by any metric.
  t.record(Instant::RollbackStart, 14.25);
  t.record(Instant::RollbackEnd, 16.0);
  t.set(Instant::Restored, restoration.restored_s);

  const std::vector<model::Failure> failures{
      {9.9, 1, false},   // before onset: excluded
      {10.5, 2, true},   // at onset: counted (onset <= t)
      {11.2, 2, true},   // user 2 again: one more request, no more user
      {11.0, 3, true},   // out of order on purpose: order does not matter
      {16.9, 4, true},   // last second before restored
      {17.0, 5, false},  // at restored: excluded (t < restored)
      {25.0, 6, false},  // after restored: excluded
  };
  const auto m = compute_incident_metrics(t, in_slo, failures, restoration.slo_breached);

  EXPECT_EQ(m.time_to_detect_s, std::optional<double>(1.5));     // 12.0 - 10.5
  EXPECT_EQ(m.time_to_decide_s, std::optional<double>(2.25));    // 14.25 - 12.0
  EXPECT_EQ(m.time_to_rollback_s, std::optional<double>(1.75));  // 16.0 - 14.25
  EXPECT_EQ(m.time_to_restore_s, std::optional<double>(6.5));    // 17 - 10.5
  // Seconds k in [floor(10.5), 17) = [10, 17) out of SLO: 10, 11, 12, 13, 14, 16 (15 is in SLO).
  EXPECT_EQ(m.downtime_s, 6.0);
  // 10.5, 11.2, 11.0, 16.9 -> 4 requests; users {2, 3, 4} -> 3.
  EXPECT_EQ(m.requests_failed, 4u);
  EXPECT_EQ(m.users_affected, 3u);
  EXPECT_TRUE(m.slo_breached);
}

TEST(IncidentMetrics, AbsentInstantsAreNullNeverZero) {
  model::Timeline t;
  t.record(Instant::Onset, 10.5);
  t.record(Instant::RollbackStart, 14.0);  // Rollback started but never ended.
  const auto m = compute_incident_metrics(t, incident_slo(), {}, true);
  EXPECT_FALSE(m.time_to_detect_s.has_value());    // no detect
  EXPECT_FALSE(m.time_to_decide_s.has_value());    // neither detect nor decide
  EXPECT_FALSE(m.time_to_rollback_s.has_value());  // no rollback_end
  EXPECT_FALSE(m.time_to_restore_s.has_value());   // no restored
}

TEST(IncidentMetrics, DecideWithoutDetectIsNull) {
  // time to decide = decide - detect: detect is missing, so null even though decide happened.
  model::Timeline t;
  t.record(Instant::Onset, 1.0);
  t.record(Instant::Decide, 5.0);
  const auto m = compute_incident_metrics(t, std::vector<bool>(10, T), {}, false);
  EXPECT_FALSE(m.time_to_decide_s.has_value());
}

TEST(IncidentMetrics, NotRestoredCountsUntilTheEnd) {
  //                 0  1  2  3  4
  const std::vector<bool> in_slo{T, F, F, T, T};
  model::Timeline t;
  t.record(Instant::Onset, 1.0);
  const std::vector<model::Failure> failures{
      {0.5, 1, false}, {1.0, 2, true}, {4.5, 3, true}, {100.0, 3, true}};
  const auto m = compute_incident_metrics(t, in_slo, failures, true);
  EXPECT_FALSE(m.time_to_restore_s.has_value());
  // end = size = 5: out-of-SLO seconds in [1, 5) are 1 and 2.
  EXPECT_EQ(m.downtime_s, 2.0);
  // end = +inf: 1.0, 4.5, 100.0 (0.5 is before onset) -> 3 requests; users {2, 3} -> 2.
  EXPECT_EQ(m.requests_failed, 3u);
  EXPECT_EQ(m.users_affected, 2u);
}

TEST(IncidentMetrics, WithoutOnsetEverythingIsNullOrZero) {
  model::Timeline t;
  t.record(Instant::Detect, 12.0);
  t.record(Instant::Decide, 14.0);
  t.record(Instant::RollbackStart, 14.0);
  t.record(Instant::RollbackEnd, 16.0);
  const auto m = compute_incident_metrics(t, incident_slo(), {{11.0, 1, false}}, true);
  EXPECT_FALSE(m.time_to_detect_s.has_value());
  EXPECT_FALSE(m.time_to_decide_s.has_value());
  EXPECT_FALSE(m.time_to_rollback_s.has_value());
  EXPECT_FALSE(m.time_to_restore_s.has_value());
  EXPECT_EQ(m.downtime_s, 0.0);
  EXPECT_EQ(m.requests_failed, 0u);
  EXPECT_EQ(m.users_affected, 0u);
  EXPECT_FALSE(m.slo_breached);
}

// ---------------------------------------------------------------------------------------------------
// evaluate_objectives

std::vector<model::ObjectiveSpec> two_objectives() {
  return {{"checkout", 900.0, 300.0}, {"search", 60.0, 0.0}};
}

model::IncidentRecord checkout_incident() {
  model::IncidentRecord incident;
  incident.service = "checkout";
  incident.fault = "bad_release";
  incident.timeline.record(Instant::Onset, 100.0);
  return incident;
}

IncidentMetrics breached(std::optional<double> time_to_restore_s) {
  IncidentMetrics m;
  m.slo_breached = true;
  m.time_to_restore_s = time_to_restore_s;
  return m;
}

// RPO: the largest loss window over the objective's service's stores. checkout's two stores lost
// [400, 1000) (600 s) and [900, 1000) (100 s): 600 > RPO 300, missed; a store of another service does
// not count against checkout; search (RPO 0) has a store that lost nothing: window 0 <= 0, met.
// Revenue impact: the value of the request class of every failure counted (onset <= t < restored).
// Failures at 9 (before onset 10: not counted), 11 (paid, 40), 12 (gift, 15), 13 (no class), 25 (paid,
// at restored 25: not counted): 40 + 15 = 55.
TEST(IncidentMetrics, RevenueImpactSumsTheValueOfTheFailedRequestsClasses) {
  model::Timeline t;
  t.record(Instant::Onset, 10.0);
  t.record(Instant::Restored, 25.0);
  const std::vector<model::Failure> failures{
      {9.0, 1, false, 0}, {11.0, 2, true, 0}, {12.0, 3, true, 1}, {13.0, 4, true, -1}, {25.0, 5, true, 0}};
  const std::vector<model::RequestClass> classes{{"paid", 0.2, 40.0}, {"gift", 0.1, 15.0}};
  const auto m = compute_incident_metrics(t, std::vector<bool>(30, true), failures, true, classes);
  EXPECT_EQ(m.requests_failed, 3u);
  EXPECT_DOUBLE_EQ(m.revenue_impact, 55.0);
}

TEST(EvaluateObjectives, RpoIsTheLargestLossWindowOfTheServicesStores) {
  std::vector<model::StoreOutcome> stores(4);
  stores[0] = {"orders", "checkout", 50, 20, 400.0, 1000.0, {1000.0}};
  stores[1] = {"carts", "checkout", 10, 2, 900.0, 1000.0, {1000.0}};
  stores[2] = {"index", "search", 10, 0, std::nullopt, std::nullopt, {}};
  stores[3] = {"other", "billing", 10, 10, 0.0, 5000.0, {5000.0}};
  const auto v = evaluate_objectives(two_objectives(), nullptr, nullptr, stores);
  EXPECT_EQ(v[0].data_loss_window_s, 600.0);
  EXPECT_FALSE(v[0].rpo_met);
  EXPECT_EQ(v[0].reason, "no incident on this service; data loss window 600 s > RPO 300 s");
  EXPECT_EQ(v[1].data_loss_window_s, 0.0);
  EXPECT_TRUE(v[1].rpo_met);
}

TEST(EvaluateObjectives, NoIncidentMeetsEveryObjective) {
  const auto v = evaluate_objectives(two_objectives(), nullptr, nullptr);
  ASSERT_EQ(v.size(), 2u);
  for (const auto& verdict : v) {
    EXPECT_TRUE(verdict.rto_met);
    EXPECT_TRUE(verdict.rpo_met);  // data loss window 0 <= 300 and 0 <= 0
    EXPECT_EQ(verdict.data_loss_window_s, 0.0);
    EXPECT_FALSE(verdict.time_to_restore_s.has_value());
    EXPECT_EQ(verdict.reason, "no incident on this service");
  }
  EXPECT_EQ(v[0].service, "checkout");
  EXPECT_EQ(v[0].rto_s, 900.0);
  EXPECT_EQ(v[0].rpo_s, 300.0);
  EXPECT_EQ(v[1].service, "search");
}

TEST(EvaluateObjectives, RestoredWithinRto) {
  const auto incident = checkout_incident();
  const auto m = breached(642.0);
  const auto v = evaluate_objectives(two_objectives(), &incident, &m);
  ASSERT_EQ(v.size(), 2u);
  EXPECT_TRUE(v[0].rto_met);  // 642 <= 900
  EXPECT_EQ(v[0].time_to_restore_s, std::optional<double>(642.0));
  EXPECT_EQ(v[0].reason, "restored in 642 s <= RTO 900 s");
  // The incident is on checkout, not on search.
  EXPECT_TRUE(v[1].rto_met);
  EXPECT_FALSE(v[1].time_to_restore_s.has_value());
  EXPECT_EQ(v[1].reason, "no incident on this service");
}

TEST(EvaluateObjectives, RestoredExactlyAtRtoIsMet) {
  const auto incident = checkout_incident();
  const auto m = breached(900.0);  // 900 <= 900
  const auto v = evaluate_objectives(two_objectives(), &incident, &m);
  EXPECT_TRUE(v[0].rto_met);
  EXPECT_EQ(v[0].reason, "restored in 900 s <= RTO 900 s");
}

TEST(EvaluateObjectives, RestoredAfterRtoIsMissed) {
  const auto incident = checkout_incident();
  const auto m = breached(900.5);  // 900.5 > 900
  const auto v = evaluate_objectives(two_objectives(), &incident, &m);
  EXPECT_FALSE(v[0].rto_met);
  EXPECT_TRUE(v[0].rpo_met);
  EXPECT_EQ(v[0].reason, "restored in 900.5 s > RTO 900 s");
}

TEST(EvaluateObjectives, NotRestoredIsMissed) {
  const auto incident = checkout_incident();
  const auto m = breached(std::nullopt);
  const auto v = evaluate_objectives(two_objectives(), &incident, &m);
  EXPECT_FALSE(v[0].rto_met);
  EXPECT_FALSE(v[0].time_to_restore_s.has_value());
  EXPECT_EQ(v[0].reason, "not restored before the drill ended");
}

TEST(EvaluateObjectives, StayedWithinSloIsMet) {
  const auto incident = checkout_incident();
  const IncidentMetrics m;  // slo_breached = false, time_to_restore null
  const auto v = evaluate_objectives(two_objectives(), &incident, &m);
  EXPECT_TRUE(v[0].rto_met);
  EXPECT_EQ(v[0].reason, "stayed within SLO");
}

TEST(EvaluateObjectives, IncidentWithoutOnsetIsMet) {
  model::IncidentRecord incident = checkout_incident();
  incident.timeline.set(Instant::Onset, std::nullopt);
  const IncidentMetrics m;
  const auto v = evaluate_objectives(two_objectives(), &incident, &m);
  EXPECT_TRUE(v[0].rto_met);
  EXPECT_EQ(v[0].reason, "no onset: the fault made no request fail or breach the SLO");
}

TEST(EvaluateObjectives, RpoComparesTheDataLossWindow) {
  // The data loss window is 0 (no data stores yet). An RPO of 0 is met (0 <= 0); a negative RPO (which
  // the loader rejects) is not (0 > -1): the verdict is computed, not hard-coded.
  const std::vector<model::ObjectiveSpec> objectives{{"checkout", 900.0, 0.0}, {"checkout", 900.0, -1.0}};
  const auto v = evaluate_objectives(objectives, nullptr, nullptr);
  EXPECT_TRUE(v[0].rpo_met);
  EXPECT_FALSE(v[1].rpo_met);
  EXPECT_EQ(v[1].reason, "no incident on this service; data loss window 0 s > RPO -1 s");
}

}  // namespace
}  // namespace drillsim::metrics

namespace drillsim::metrics {
namespace {

model::LevelOutcome level(const std::string& outcome, std::optional<double> start, std::optional<double> end,
                          std::optional<double> claim) {
  model::LevelOutcome l;
  l.name = "Level 1";
  l.outcome = outcome;
  l.start_s = start;
  l.end_s = end;
  l.claim_s = claim;
  return l;
}

TEST(JudgeLevelClaim, CompletedWithinOrPastItsClaim) {
  EXPECT_EQ(judge_level_claim(level("completed", 100, 400, 300), 3600).met, std::optional<bool>(true));
  EXPECT_EQ(judge_level_claim(level("completed", 100, 401, 300), 3600).met, std::optional<bool>(false));
  EXPECT_EQ(judge_level_claim(level("completed", 100, 401, 300), 3600).elapsed_s, std::optional<double>(301));
}

TEST(JudgeLevelClaim, AFailedOrEscalatedLevelNeverMeetsItsClaim) {
  // 10 s into a 300 s claim: fast, but it did not do what the runbook claims.
  EXPECT_EQ(judge_level_claim(level("failed", 100, 110, 300), 3600).met, std::optional<bool>(false));
  EXPECT_EQ(judge_level_claim(level("escalated", 100, 110, 300), 3600).met, std::optional<bool>(false));
}

TEST(JudgeLevelClaim, InterruptedIsUnknownUntilItsBudgetIsSpent) {
  EXPECT_EQ(judge_level_claim(level("interrupted", 3500, std::nullopt, 300), 3600).met, std::nullopt);
  EXPECT_EQ(judge_level_claim(level("interrupted", 3200, std::nullopt, 300), 3600).met,
            std::optional<bool>(false));
}

TEST(JudgeLevelClaim, NoClaimOrNeverEnteredHasNoVerdict) {
  EXPECT_EQ(judge_level_claim(level("completed", 100, 400, std::nullopt), 3600).met, std::nullopt);
  EXPECT_EQ(judge_level_claim(level("not_run", std::nullopt, std::nullopt, 300), 3600).met, std::nullopt);
}

TEST(StoreRpo, CorruptedWritesLeftMissTheRpo) {
  model::StoreOutcome store;
  store.store = "orders-db";
  store.service = "api";
  store.writes_committed = 100;
  EXPECT_TRUE(store_rpo_met(store, 300));
  store.writes_corrupted = 10;
  store.corrupted_remaining = 0;  // All repaired.
  EXPECT_TRUE(store_rpo_met(store, 300));
  store.corrupted_remaining = 4;
  EXPECT_FALSE(store_rpo_met(store, 300));
  const auto verdicts = evaluate_objectives({{"api", 900, 300}}, nullptr, nullptr, {store});
  ASSERT_EQ(verdicts.size(), 1u);
  EXPECT_FALSE(verdicts[0].rpo_met);
  EXPECT_EQ(verdicts[0].corrupted_remaining, 4u);
  EXPECT_EQ(verdicts[0].reason, "no incident on this service; 4 corrupted writes remain in orders-db");
}

TEST(JudgeStores, EachStoreAgainstItsServicesRpo) {
  model::StoreOutcome orders;  // api's store: a 240 s loss window, within api's RPO of 300 s.
  orders.store = "orders-db";
  orders.service = "api";
  orders.loss_start_s = 1000;
  orders.loss_end_s = 1240;
  model::StoreOutcome ledger = orders;  // api's second store: 301 s lost, one second over.
  ledger.store = "ledger";
  ledger.loss_end_s = 1301;
  model::StoreOutcome sessions;  // No objective names its service.
  sessions.store = "sessions";
  sessions.service = "web";
  model::StoreOutcome audit = orders;  // Nothing lost, but a corrupted write remains.
  audit.store = "audit";
  audit.loss_start_s.reset();
  audit.loss_end_s.reset();
  audit.corrupted_remaining = 1;
  const auto objectives = evaluate_objectives({{"api", 900, 300}}, nullptr, nullptr, {orders, ledger, audit});
  const auto verdicts = judge_stores(objectives, {orders, ledger, sessions, audit});
  ASSERT_EQ(verdicts.size(), 4u);
  EXPECT_EQ(verdicts[0].rpo_s, std::optional<double>(300));
  EXPECT_EQ(verdicts[0].rpo_met, std::optional<bool>(true));
  EXPECT_EQ(verdicts[1].rpo_met, std::optional<bool>(false));
  EXPECT_EQ(verdicts[2].rpo_s, std::nullopt);
  EXPECT_EQ(verdicts[2].rpo_met, std::nullopt);
  EXPECT_EQ(verdicts[3].rpo_met, std::optional<bool>(false));
  // The objective's own RPO verdict misses too: it holds only when every store of the service holds.
  EXPECT_FALSE(objectives[0].rpo_met);
}

}  // namespace
}  // namespace drillsim::metrics
