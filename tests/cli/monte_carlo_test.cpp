// Known-answer tests of Monte Carlo studies (docs/monte-carlo.md): the forked runs of cli::run_study,
// aggregated, against distributions derived by hand from the scenarios in tests/data/montecarlo/.
#include "cli/monte_carlo.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "cli/options.hpp"
#include "io/scenario_loader.hpp"
#include "montecarlo/aggregate.hpp"
#include "montecarlo/seeds.hpp"

namespace drillsim::cli {
namespace {

using Json = nlohmann::ordered_json;

std::string data(const std::string& name) {
  return std::string(DRILLSIM_TEST_DATA) + "/montecarlo/" + name;
}

Json study(const std::string& file, std::uint64_t runs, std::uint64_t seed, unsigned jobs = 2) {
  const model::Scenario scenario = io::load_scenario(data(file));
  StudyRun run;
  run.seed = seed;
  run.end = runs;
  run.jobs = jobs;
  montecarlo::Study info;
  info.scenario_name = scenario.name;
  info.runs = runs;
  info.seed = seed;
  return montecarlo::build_aggregate(info, run_study(scenario, run, engine::DrillOptions{}).to_vector());
}

// exponential-ack.json: everything is fixed but the acknowledgement a ~ Exp(mean 200 s).
//   fault at 600 s fails every request of the only version serving; the onset is the first failed
//   request, 600 + d with 0 < d <= 0.501 (the next Poisson arrival at 20/s, or the probe at 600.5);
//   the probe (every 1 s at offset 0.5, threshold 1) fires at 600.5; the page goes out group_wait
//   30 s later, at 630.5; ack at 630.5 + a; the assessment takes 60 s; the one step takes 10 s and
//   then shifts all traffic to the healthy version, at T = 700.5 + a.
//   With a 1-second SLI window and a 1-second stabilisation window, second floor(T) still holds
//   failures (at 20/s, more than 1% of its requests unless T is within 0.5 ms of its start) and the
//   next is clean, so restored = floor(T) + 1 = ceil(T) and time to restore = ceil(700.5 + a) - 600 - d.
//   RTO 400 s is met iff ceil(700.5 + a) <= 1000 + d, i.e. (d < 1, both sides whole) iff a <= 299.5:
//   P(RTO met) = 1 - exp(-299.5 / 200) = 0.776289.
//   The q-quantile of the time to restore is ceil(700.5 - 200 ln(1 - q)) - 600 - d: p50 = ceil(839.13)
//   - 600 - d = 240 - d, p90 = ceil(1161.02) - 600 - d = 562 - d. A sample q-quantile of n runs has
//   standard error sqrt(q (1 - q) / n) / f(x_q), f(x_q) = (1 - q) / 200: 10.0 s for p50 and 30.0 s
//   for p90 at n = 400; the test allows 4 standard errors plus 1.5 s of rounding and onset.
TEST(MonteCarlo, ExponentialAcknowledgementGivesTheAnalyticProbabilityAndQuantiles) {
  constexpr std::uint64_t n = 400;
  const Json a = study("exponential-ack.json", n, 2024);
  const double analytic = 1.0 - std::exp(-299.5 / 200.0);
  const auto& rto = a.at("objectives")[0].at("rto_met");
  EXPECT_EQ(rto.at("of"), n);
  const auto& cp = rto.at("clopper_pearson");
  const auto& wilson = rto.at("wilson");
  EXPECT_LE(cp[0].get<double>(), analytic);
  EXPECT_GE(cp[1].get<double>(), analytic);
  EXPECT_LE(wilson[0].get<double>(), analytic);
  EXPECT_GE(wilson[1].get<double>(), analytic);
  const auto& q = a.at("metrics").at("time_to_restore_s").at("quantiles");
  EXPECT_NEAR(q.at("p50").get<double>(), 240.0, 4 * 10.0 + 1.5);
  EXPECT_NEAR(q.at("p90").get<double>(), 562.0, 4 * 30.0 + 1.5);
  // Each run: time to restore - a = (ceil(700.5 + a) - (700.5 + a)) + 100.5 - d, the first term in
  // [0, 1) and d in (0, 0.501]: in (99.999, 101.5).
  std::size_t restored = 0;
  for (const auto& run : a.at("per_run")) {
    if (run.at("time_to_restore_s").is_null()) continue;
    ++restored;
    const double c = run.at("time_to_restore_s").get<double>() - run.at("inputs").at("ack").get<double>();
    EXPECT_GT(c, 100.5 - 0.502) << "run " << run.at("run");
    EXPECT_LT(c, 101.5) << "run " << run.at("run");
  }
  // Not restored within the drill (ends at 1800 s) only when 700.5 + a > ~1798, a > 1097: P = 0.4 %.
  EXPECT_GE(restored, n - 8);
  // The acknowledgement is the only input that varies: it must explain (nearly) all of the spread.
  const auto& top = a.at("attribution").at("inputs")[0];
  EXPECT_EQ(top.at("input"), "ack");
  EXPECT_GT(top.at("spearman_time_to_restore").get<double>(), 0.99);
}

// step-drives-misses.json: before traffic is shifted back, the delays are the acknowledgement
// U(60, 90) (variance 30^2/12 = 75 s^2), the assessment U(50, 70) (33 s^2), the first step U(5, 15)
// (8 s^2) and "Rebuild the cache" U(30, 600) (570^2/12 = 27075 s^2): the cache's share of the variance
// of the time to restore is 27075 / 27191 = 99.6 %, so it must rank first, with a rank correlation
// and a first-order index near 1, and with the RTO misses (500 s: the cache step past ~310 s).
TEST(MonteCarlo, TheStepThatDrivesTheMissesRanksFirst) {
  const Json a = study("step-drives-misses.json", 200, 7);
  const auto& inputs = a.at("attribution").at("inputs");
  ASSERT_GE(inputs.size(), 4U);
  EXPECT_EQ(inputs[0].at("input"), "step/Rebuild the cache");
  EXPECT_GT(inputs[0].at("spearman_time_to_restore").get<double>(), 0.95);
  EXPECT_GT(inputs[0].at("first_order_index").get<double>(), 0.9);
  EXPECT_GT(inputs[0].at("spearman_rto_missed").get<double>(), 0.5);
  for (std::size_t i = 1; i < inputs.size(); ++i) {
    if (inputs[i].at("first_order_index").is_null()) continue;
    EXPECT_LT(inputs[i].at("first_order_index").get<double>(), 0.2) << inputs[i].at("input");
  }
}

// The same study with 1 and 3 workers: the same runs, the same aggregate.
TEST(MonteCarlo, WorkersDoNotChangeTheAggregate) {
  EXPECT_EQ(study("exponential-ack.json", 9, 3, 1).dump(), study("exponential-ack.json", 9, 3, 3).dump());
}

TEST(MonteCarlo, EachRunHasItsDerivedSeed) {
  const Json a = study("exponential-ack.json", 3, 11);
  for (std::uint64_t i = 0; i < 3; ++i) {
    EXPECT_EQ(a.at("per_run")[i].at("run"), i);
    EXPECT_EQ(a.at("per_run")[i].at("seed"), montecarlo::run_seed(11, i));
  }
}

}  // namespace
}  // namespace drillsim::cli

namespace drillsim::cli {
namespace {

// --compare FILE: the same candidates as --candidate, one a line.
TEST(CompareFile, ReadsOneCandidateALineSkippingCommentsAndBlanks) {
  const std::string text =
      "# faster paging\n"
      "fast-ack:/responder/ack/mean_s=100\n"
      "\n"
      "  two:/a=1,/b={\"kind\": \"fixed\", \"value_s\": 60}  \r\n"
      "   # indented comment\n";
  EXPECT_EQ(candidates_from_file("c.txt", text),
            (std::vector<std::string>{"fast-ack:/responder/ack/mean_s=100",
                                      "two:/a=1,/b={\"kind\": \"fixed\", \"value_s\": 60}"}));
  try {
    candidates_from_file("c.txt", "ok:/a=1\nno pointer here\n");
    FAIL() << "a malformed line was accepted";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("c.txt:2:"), std::string::npos) << e.what();
  }
  EXPECT_THROW(candidates_from_file("c.txt", "# nothing\n\n"), UsageError);
  EXPECT_THROW(candidates_from_file("c.txt", ":/a=1\n"), UsageError);
}

}  // namespace
}  // namespace drillsim::cli
