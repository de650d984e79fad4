#include "montecarlo/compare.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace drillsim::montecarlo {
namespace {

using Json = nlohmann::ordered_json;

// 100 runs: run i restores at 600 + 5 i s and meets the RTO when i < 80.
std::vector<PairedRun> base_runs() {
  std::vector<PairedRun> runs;
  for (int i = 0; i < 100; ++i)
    runs.push_back({i < 80, 600.0 + 5.0 * i, {}});
  return runs;
}

TEST(Compare, NoChangeGivesZeroWithAZeroWidthInterval) {
  const auto base = base_runs();
  const CandidateComparison c = compare_paired(base, base, 500, 7);
  // Every resample pairs each run with itself: every difference is exactly 0.
  EXPECT_EQ(c.delta_p_rto_met.estimate, 0.0);
  EXPECT_EQ(c.delta_p_rto_met.interval.lo, 0.0);
  EXPECT_EQ(c.delta_p_rto_met.interval.hi, 0.0);
  ASSERT_TRUE(c.delta_p95_restore_s.has_value());
  EXPECT_EQ(c.delta_p95_restore_s->estimate, 0.0);
  EXPECT_EQ(c.delta_p95_restore_s->interval.hi, 0.0);
  EXPECT_EQ(c.gained, 0U);
  EXPECT_EQ(c.lost, 0U);
  EXPECT_DOUBLE_EQ(c.p_rto_met, 0.80);
}

TEST(Compare, AShiftOfEveryRunShiftsTheP95ByItExactly) {
  const auto base = base_runs();
  auto faster = base;
  for (auto& r : faster)
    r.restore_s -= 60.0;
  const CandidateComparison c = compare_paired(base, faster, 500, 7);
  // p95 of 600 + 5 i (i = 0..99), type 7: h = 99 * 0.95 = 94.05, 1070 + 0.05 * 5 = 1070.25.
  EXPECT_NEAR(*c.p95_restore_s, 1070.25 - 60.0, 1e-9);
  EXPECT_NEAR(c.delta_p95_restore_s->estimate, -60.0, 1e-9);
  // Paired: each resample's p95 moves by exactly 60 s, so the interval has no width.
  EXPECT_NEAR(c.delta_p95_restore_s->interval.lo, -60.0, 1e-9);
  EXPECT_NEAR(c.delta_p95_restore_s->interval.hi, -60.0, 1e-9);
}

TEST(Compare, TenMoreRunsMetGivePlusTenPointsWithTheirSamplingError) {
  const auto base = base_runs();
  auto better = base;
  for (int i = 80; i < 90; ++i)
    better[static_cast<std::size_t>(i)].rto_met = true;
  const CandidateComparison c = compare_paired(base, better, 4000, 11);
  EXPECT_DOUBLE_EQ(c.delta_p_rto_met.estimate, 0.10);
  EXPECT_EQ(c.gained, 10U);
  EXPECT_EQ(c.lost, 0U);
  // The paired difference d_i is 1 in 10 runs, 0 elsewhere: its mean has a standard error of
  // sqrt(0.1 * 0.9 / 100) = 0.03, so a 95 % interval of about 0.10 -/+ 0.059; d >= 0, so lo >= 0.
  EXPECT_GT(c.delta_p_rto_met.interval.lo, 0.03);
  EXPECT_LT(c.delta_p_rto_met.interval.lo, 0.06);
  EXPECT_GT(c.delta_p_rto_met.interval.hi, 0.14);
  EXPECT_LT(c.delta_p_rto_met.interval.hi, 0.17);
  // An unpaired view would see two proportions 0.8 and 0.9 (standard error of the difference about
  // 0.05); the pairs are why the interval is narrower than +/- 0.098.
  EXPECT_LT(c.delta_p_rto_met.interval.hi - c.delta_p_rto_met.interval.lo, 0.14);
}

TEST(Compare, SameSeedSameInterval) {
  const auto base = base_runs();
  auto other = base;
  other[3].rto_met = false;
  other[95].rto_met = true;
  const auto a = compare_paired(base, other, 300, 5);
  const auto b = compare_paired(base, other, 300, 5);
  EXPECT_EQ(a.delta_p_rto_met.interval.lo, b.delta_p_rto_met.interval.lo);
  EXPECT_EQ(a.delta_p_rto_met.interval.hi, b.delta_p_rto_met.interval.hi);
  EXPECT_EQ(a.gained, 1U);
  EXPECT_EQ(a.lost, 1U);
}

TEST(Compare, RefusesUnpairedRuns) {
  EXPECT_THROW(compare_paired(base_runs(), {}, 100, 1), std::invalid_argument);
}

TEST(Compare, RanksByChangeInPThenByP95) {
  std::vector<CandidateComparison> c(4);
  c[0].name = "worse";
  c[0].delta_p_rto_met.estimate = -0.05;
  c[1].name = "faster";
  c[1].delta_p_rto_met.estimate = 0.02;
  c[1].delta_p95_restore_s = Difference{-30.0, {}};
  c[2].name = "fastest";
  c[2].delta_p_rto_met.estimate = 0.02;
  c[2].delta_p95_restore_s = Difference{-90.0, {}};
  c[3].name = "best";
  c[3].delta_p_rto_met.estimate = 0.10;
  rank_candidates(c);
  EXPECT_EQ(c[0].name, "best");
  EXPECT_EQ(c[1].name, "fastest");
  EXPECT_EQ(c[2].name, "faster");
  EXPECT_EQ(c[3].name, "worse");
}

TEST(Compare, ReportListsTheCandidatesInRankOrder) {
  const auto base = base_runs();
  auto better = base;
  better[85].rto_met = true;
  std::vector<CandidateComparison> c{compare_paired(base, base, 50, 1), compare_paired(base, better, 50, 1)};
  c[0].name = "nothing";
  c[1].name = "one more";
  rank_candidates(c);
  ComparisonStudy study;
  study.scenario_name = "t";
  study.runs = 100;
  study.resamples = 50;
  study.baseline_p_rto_met = 0.8;
  const auto json = comparison_json(study, c);
  EXPECT_EQ(json.at("kind"), "comparison");
  EXPECT_EQ(json.at("candidates")[0].at("name"), "one more");
  EXPECT_EQ(json.at("candidates")[0].at("rank"), 1);
  EXPECT_EQ(json.at("candidates")[0].at("runs_gained"), 1);
  EXPECT_NEAR(json.at("candidates")[0].at("delta_p_rto_met").at("estimate").get<double>(), 0.01, 1e-12);
  EXPECT_EQ(json.at("candidates")[1].at("name"), "nothing");
  const std::string text = format_comparison(json);
  EXPECT_LT(text.find("one more"), text.find("nothing")) << text;
  EXPECT_NE(text.find("+1.0"), std::string::npos) << text;
}

// Two services, 100 runs: checkout meets its RTO when i < 80 and its RPO always; payments meets its RTO
// when i < 50 and its RPO when i < 90. Every objective's RTO is met when i < 50.
std::vector<PairedRun> two_services(int checkout_rto_met_below) {
  std::vector<PairedRun> runs;
  for (int i = 0; i < 100; ++i)
    runs.push_back({i < 50, 600.0 + 5.0 * i, {{i < checkout_rto_met_below, true}, {i < 50, i < 90}}});
  return runs;
}

TEST(Compare, AChangeToOneServiceMovesThatServiceOnly) {
  // The candidate shortens checkout's step: checkout meets its RTO in 10 more runs (80..89); payments'
  // verdicts are those of the baseline, run for run.
  const CandidateComparison c =
      compare_paired(two_services(80), two_services(90), 4000, 11, 0.95, {"checkout", "payments"});
  // Judged together nothing moves: payments still misses from run 50 on.
  EXPECT_EQ(c.delta_p_rto_met.estimate, 0.0);
  ASSERT_EQ(c.services.size(), 2U);
  const ServiceComparison& checkout = c.services[0];
  EXPECT_EQ(checkout.service, "checkout");
  EXPECT_DOUBLE_EQ(checkout.p_rto_met, 0.90);
  EXPECT_DOUBLE_EQ(checkout.delta_p_rto_met.estimate, 0.10);
  EXPECT_EQ(checkout.rto_gained, 10U);
  EXPECT_EQ(checkout.rto_lost, 0U);
  // d_i in {0, 1}, 10 of 100 ones: standard error 0.03, interval about 0.10 -/+ 0.059, never below 0.
  EXPECT_GT(checkout.delta_p_rto_met.interval.lo, 0.0);
  EXPECT_LT(checkout.delta_p_rto_met.interval.lo, 0.10);
  EXPECT_GT(checkout.delta_p_rto_met.interval.hi, 0.10);
  EXPECT_LT(checkout.delta_p_rto_met.interval.hi, 0.20);
  EXPECT_EQ(checkout.delta_p_rpo_met.estimate, 0.0);
  EXPECT_EQ(checkout.delta_p_rpo_met.interval.lo, 0.0);
  EXPECT_EQ(checkout.delta_p_rpo_met.interval.hi, 0.0);
  // Payments: every pair equal, so every resample's difference is exactly 0.
  const ServiceComparison& payments = c.services[1];
  EXPECT_EQ(payments.service, "payments");
  EXPECT_DOUBLE_EQ(payments.p_rto_met, 0.50);
  EXPECT_DOUBLE_EQ(payments.p_rpo_met, 0.90);
  for (const Difference& d : {payments.delta_p_rto_met, payments.delta_p_rpo_met}) {
    EXPECT_EQ(d.estimate, 0.0);
    EXPECT_EQ(d.interval.lo, 0.0);
    EXPECT_EQ(d.interval.hi, 0.0);
  }
  EXPECT_EQ(payments.rto_gained + payments.rto_lost + payments.rpo_gained + payments.rpo_lost, 0U);
}

TEST(Compare, PerServiceRpoLossesAndUnnamedObjectives) {
  auto worse = two_services(80);
  for (int i = 0; i < 30; ++i)
    worse[static_cast<std::size_t>(i)].objectives[1].rpo_met = false;  // payments loses its RPO in 30 runs.
  const CandidateComparison c = compare_paired(two_services(80), worse, 1000, 5);
  ASSERT_EQ(c.services.size(), 2U);
  EXPECT_EQ(c.services[0].service, "objective 1");
  EXPECT_EQ(c.services[1].service, "objective 2");
  EXPECT_DOUBLE_EQ(c.services[1].delta_p_rpo_met.estimate, -0.30);
  EXPECT_EQ(c.services[1].rpo_lost, 30U);
  EXPECT_LT(c.services[1].delta_p_rpo_met.interval.hi, 0.0);
  EXPECT_EQ(c.services[0].delta_p_rpo_met.interval.lo, 0.0);
  EXPECT_EQ(c.services[0].delta_p_rpo_met.interval.hi, 0.0);
  EXPECT_EQ(c.services[1].delta_p_rto_met.estimate, 0.0);
}

TEST(Compare, ReportAndConsoleListTheServices) {
  ComparisonStudy study;
  study.runs = 100;
  study.resamples = 1000;
  const CandidateComparison base =
      compare_paired(two_services(80), two_services(80), 2, 1, 0.95, {"checkout", "payments"});
  study.baseline_services = base.services;
  CandidateComparison c =
      compare_paired(two_services(80), two_services(90), 1000, 1, 0.95, {"checkout", "payments"});
  c.name = "shorter-step";
  const Json json = comparison_json(study, {c});
  EXPECT_EQ(json.at("baseline").at("services")[0].at("p_rto_met"), 0.80);
  EXPECT_EQ(json.at("baseline").at("services")[1].at("p_rpo_met"), 0.90);
  const Json& s = json.at("candidates")[0].at("services");
  ASSERT_EQ(s.size(), 2U);
  EXPECT_EQ(s[0].at("service"), "checkout");
  EXPECT_DOUBLE_EQ(s[0].at("delta_p_rto_met").at("estimate").get<double>(), 0.10);
  EXPECT_EQ(s[0].at("rto_runs_gained"), 10);
  EXPECT_EQ(s[1].at("delta_p_rto_met").at("interval"), Json::array({0.0, 0.0}));
  const std::string text = format_comparison(json);
  EXPECT_NE(text.find("Per service"), std::string::npos);
  EXPECT_NE(text.find("+10.0 ("), std::string::npos) << text;
  EXPECT_NE(text.find("payments"), std::string::npos);
}

// Two services, 100 runs, with the thresholds below which each objective is met: checkout's RPO always,
// every RTO together when both RTOs are.
std::vector<PairedRun> services_met(int checkout_rto, int payments_rto, int payments_rpo) {
  std::vector<PairedRun> runs;
  for (int i = 0; i < 100; ++i)
    runs.push_back({i < checkout_rto && i < payments_rto,
                    600.0 + 5.0 * i,
                    {{i < checkout_rto, true}, {i < payments_rto, i < payments_rpo}}});
  return runs;
}

TEST(Compare, RankingByAServicePutsTheCandidateThatHelpsItFirst) {
  // Baseline: checkout's RTO met below run 80, payments' below 50 (every RTO: below 50), payments' RPO
  // below 90. faster-checkout: checkout below 90 (+0.10 for checkout, 0 for payments and every RTO);
  // faster-payments: payments below 55 (+0.05 for payments and for every RTO, 0 for checkout);
  // payments-replica: payments' RPO below 95 (+0.05 for its RPO only).
  const auto base = services_met(80, 50, 90);
  const std::vector<std::string> names{"checkout", "payments"};
  std::vector<CandidateComparison> candidates;
  for (const auto& [name, runs] : std::vector<std::pair<std::string, std::vector<PairedRun>>>{
           {"faster-checkout", services_met(90, 50, 90)},
           {"faster-payments", services_met(80, 55, 90)},
           {"payments-replica", services_met(80, 50, 95)}}) {
    candidates.push_back(compare_paired(base, runs, 200, 3, 0.95, names));
    candidates.back().name = name;
  }
  const auto order = [&](const RankBy& by) {
    auto ranked = candidates;
    rank_candidates(ranked, by);
    std::vector<std::string> out;
    for (const auto& c : ranked)
      out.push_back(c.name);
    return out;
  };
  using Names = std::vector<std::string>;
  // Every RTO together: only faster-payments moves it; the other two tie at 0 and go by p95, then name.
  EXPECT_EQ(order({}), (Names{"faster-payments", "faster-checkout", "payments-replica"}));
  EXPECT_EQ(order(parse_rank_by("checkout")),
            (Names{"faster-checkout", "faster-payments", "payments-replica"}));
  EXPECT_EQ(order(parse_rank_by("payments:rto")),
            (Names{"faster-payments", "faster-checkout", "payments-replica"}));
  EXPECT_EQ(order(parse_rank_by("payments:rpo")),
            (Names{"payments-replica", "faster-payments", "faster-checkout"}));
  // The change ranked on is the service's own, with its interval.
  EXPECT_DOUBLE_EQ(ranked_change(candidates[0], parse_rank_by("checkout")).estimate, 0.10);
  EXPECT_DOUBLE_EQ(ranked_change(candidates[1], parse_rank_by("checkout")).estimate, 0.0);
  // 0.95 - 0.90 and 0.55 - 0.50 in doubles: 0.05 to within rounding.
  EXPECT_NEAR(ranked_change(candidates[2], parse_rank_by("payments:rpo")).estimate, 0.05, 1e-12);
  EXPECT_NEAR(ranked_change(candidates[1], RankBy{}).estimate, 0.05, 1e-12);
  EXPECT_THROW(order(parse_rank_by("search")), std::invalid_argument);
  EXPECT_THROW(parse_rank_by("checkout:latency"), std::invalid_argument);
  EXPECT_THROW(parse_rank_by(":rto"), std::invalid_argument);
  EXPECT_TRUE(parse_rank_by("overall").service.empty());

  // Written and printed: what it was ranked by, and each candidate's ranked change with its interval.
  ComparisonStudy study;
  study.runs = 100;
  study.resamples = 200;
  study.rank_by = parse_rank_by("checkout");
  auto ranked = candidates;
  rank_candidates(ranked, study.rank_by);
  const Json json = comparison_json(study, ranked);
  EXPECT_EQ(json.at("ranked_by"), Json::parse(R"({"service": "checkout", "objective": "rto"})"));
  EXPECT_EQ(json.at("candidates")[0].at("name"), "faster-checkout");
  EXPECT_DOUBLE_EQ(json.at("candidates")[0].at("ranked_change").at("estimate").get<double>(), 0.10);
  EXPECT_EQ(json.at("candidates")[0].at("ranked_change").at("interval").size(), 2U);
  const std::string text = format_comparison(json);
  EXPECT_NE(text.find("ranked by checkout's P(RTO met)"), std::string::npos) << text;
  EXPECT_NE(text.find("checkout P(RTO) change (95%)"), std::string::npos) << text;
  // The ranked-by column comes right after the candidate's name: +10.0 points for faster-checkout.
  const auto name_end = text.find("faster-checkout") + std::string("faster-checkout").size();
  EXPECT_EQ(text.compare(text.find_first_not_of(' ', name_end), 7, "+10.0 ("), 0) << text;
  const Json overall = comparison_json(ComparisonStudy{}, candidates);
  EXPECT_EQ(overall.at("ranked_by"), Json::parse(R"({"service": null, "objective": "rto"})"));
  EXPECT_EQ(format_comparison(overall).find("ranked by"), std::string::npos);
}

}  // namespace
}  // namespace drillsim::montecarlo
