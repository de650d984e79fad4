// Services (io/load_traffic.cpp): versions, rates, pods, rollout strategies, calls and the request budget.
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "io/input_error.hpp"
#include "io/scenario_loader.hpp"
#include "scenario_text.hpp"

namespace drillsim::io {
namespace {

using namespace scenario_text;  // NOLINT(google-build-using-namespace): the shared scenario texts.
using model::Distribution;
using model::RateProfile;
using model::StepSpec;
using model::Version;

const fs::path kData = DRILLSIM_TEST_DATA;

TEST(ParseScenario, DiurnalDefaults) {
  const std::string text = R"({"name": "t", "duration_s": 60, "services": [{"name": "a", "service_time": 0.1,
      "versions": {"stable": {"replicas": 1}},
      "traffic": {"rate": {"kind": "diurnal", "mean_rps": 10, "amplitude": 0.5}}}]})";
  const auto rate = parse_scenario(text, "t").services[0].traffic.rate;
  EXPECT_EQ(rate.kind, RateProfile::Kind::Diurnal);
  EXPECT_DOUBLE_EQ(rate.rps, 10.0);
  EXPECT_DOUBLE_EQ(rate.period_s, 86400.0);
  EXPECT_DOUBLE_EQ(rate.peak_s, 0.0);
}

TEST(ParseScenario, RoutingIsRead) {
  EXPECT_EQ(parse_scenario(service_with(R"("routing": "pods")"), "t").services[0].routing,
            model::Routing::Pods);
  EXPECT_EQ(parse_scenario(service_with(R"("routing": "weights")"), "t").services[0].routing,
            model::Routing::Weights);
  EXPECT_EQ(parse_scenario(scenario_with(""), "t").services[1].routing, model::Routing::Weights);  // default
}

TEST(ParseScenario, PodKeysAreRead) {
  const auto pods = parse_scenario(service_with(R"("pods": {"start": {"kind": "exponential", "mean_s": 20},
      "container_start": 7, "pre_stop": 5,
      "readiness": {"initial_delay_s": 3, "period_s": 1, "success_threshold": 2, "failure_threshold": 1},
      "termination_grace_period_s": 0, "min_ready_s": 15})"),
                                   "t")
                        .services[0]
                        .pods;
  expect_distribution(pods.start, Distribution::Kind::Exponential, 20.0);
  expect_distribution(pods.container_start, Distribution::Kind::Fixed, 7.0);
  expect_distribution(pods.pre_stop, Distribution::Kind::Fixed, 5.0);
  EXPECT_EQ(pods.readiness_success_threshold, 2);
  EXPECT_DOUBLE_EQ(pods.readiness_initial_delay_s, 3.0);
  EXPECT_DOUBLE_EQ(pods.readiness_period_s, 1.0);
  EXPECT_EQ(pods.readiness_failure_threshold, 1);
  EXPECT_DOUBLE_EQ(pods.termination_grace_period_s, 0.0);
  EXPECT_DOUBLE_EQ(pods.min_ready_s, 15.0);
}

TEST(ParseScenario, VersionShutdownIsReadAndDefaultsToZero) {
  const auto s = parse_scenario(R"({"name": "t", "duration_s": 3600, "services": [
    {"name": "checkout", "service_time": 0.05, "versions": {"stable": {"replicas": 2},
     "new": {"replicas": 1, "shutdown": {"kind": "uniform", "min_s": 2, "max_s": 8}}},
     "traffic": {"rate": {"kind": "constant", "rps": 50}}}]})",
                                "t");
  expect_distribution(s.services[0].version(Version::Stable).shutdown, Distribution::Kind::Fixed, 0.0);
  EXPECT_EQ(s.services[0].version(Version::New).shutdown.kind, Distribution::Kind::Uniform);
}

TEST(ParseScenario, PodKeysLeftOutKeepTheirDefaults) {
  const auto pods = parse_scenario(service_with(R"("pods": {"start": 4, "readiness": {"period_s": 2}})"), "t")
                        .services[0]
                        .pods;
  expect_distribution(pods.start, Distribution::Kind::Fixed, 4.0);
  EXPECT_DOUBLE_EQ(pods.readiness_initial_delay_s, 0.0);
  EXPECT_DOUBLE_EQ(pods.readiness_period_s, 2.0);
  EXPECT_EQ(pods.readiness_failure_threshold, 3);
  EXPECT_EQ(pods.readiness_success_threshold, 1);
  expect_distribution(pods.container_start, Distribution::Kind::Fixed, 0.0);
  expect_distribution(pods.pre_stop, Distribution::Kind::Fixed, 0.0);
  EXPECT_DOUBLE_EQ(pods.termination_grace_period_s, 30.0);
  EXPECT_DOUBLE_EQ(pods.min_ready_s, 0.0);

  const auto empty = parse_scenario(service_with(R"("pods": {"readiness": {}})"), "t").services[0].pods;
  expect_distribution(empty.start, Distribution::Kind::Fixed, 10.0);
  EXPECT_DOUBLE_EQ(empty.readiness_period_s, 10.0);
}

TEST(ParseScenario, RollingUpdateKeysAreRead) {
  const auto strategy = parse_scenario(service_with(R"("strategy": {"type": "RollingUpdate", "max_surge": 2,
          "max_unavailable": "50%", "progress_deadline_s": 120})"),
                                       "t")
                            .services[0]
                            .strategy;
  EXPECT_EQ(strategy.kind, model::StrategySpec::Kind::RollingUpdate);
  EXPECT_FALSE(strategy.max_surge.percent);
  EXPECT_DOUBLE_EQ(strategy.max_surge.value, 2.0);
  EXPECT_TRUE(strategy.max_unavailable.percent);
  EXPECT_DOUBLE_EQ(strategy.max_unavailable.value, 50.0);
  EXPECT_DOUBLE_EQ(strategy.progress_deadline_s, 120.0);
}

TEST(ParseScenario, StrategyKeysLeftOutKeepTheirDefaults) {
  const auto strategy =
      parse_scenario(service_with(R"("strategy": {"max_surge": "100%"})"), "t").services[0].strategy;
  EXPECT_EQ(strategy.kind, model::StrategySpec::Kind::RollingUpdate);
  EXPECT_TRUE(strategy.max_surge.percent);
  EXPECT_DOUBLE_EQ(strategy.max_surge.value, 100.0);
  EXPECT_TRUE(strategy.max_unavailable.percent);
  EXPECT_DOUBLE_EQ(strategy.max_unavailable.value, 25.0);
  EXPECT_DOUBLE_EQ(strategy.progress_deadline_s, 600.0);
}

TEST(ParseScenario, RecreateTakesOnlyItsProgressDeadline) {
  const auto strategy =
      parse_scenario(service_with(R"("strategy": {"type": "Recreate", "progress_deadline_s": 60})"), "t")
          .services[0]
          .strategy;
  EXPECT_EQ(strategy.kind, model::StrategySpec::Kind::Recreate);
  EXPECT_DOUBLE_EQ(strategy.progress_deadline_s, 60.0);
}

TEST(ParseScenario, IntOrPercentAcceptsPodsAndPercentages) {
  struct Case {
    std::string json;
    bool percent;
    double value;
  };
  for (const Case& c : std::vector<Case>{{"0", false, 0.0},
                                         {"3", false, 3.0},
                                         {"3.0", false, 3.0},
                                         {"\"0%\"", true, 0.0},
                                         {"\"7%\"", true, 7.0},
                                         {"\"007%\"", true, 7.0},
                                         {"\"100%\"", true, 100.0}}) {
    SCOPED_TRACE(c.json);
    const auto strategy = parse_scenario(service_with(R"("strategy": {"max_surge": )" + c.json + "}"), "t")
                              .services[0]
                              .strategy;
    EXPECT_EQ(strategy.max_surge.percent, c.percent);
    EXPECT_DOUBLE_EQ(strategy.max_surge.value, c.value);
  }
}

// Kubernetes lets maxSurge exceed 100% (more new pods than desired, at once), never maxUnavailable.
TEST(ParseScenario, SurgeMayExceedAHundredPercentUnavailableMayNot) {
  const auto strategy =
      parse_scenario(service_with(R"("strategy": {"max_surge": "150%"})"), "t").services[0].strategy;
  EXPECT_TRUE(strategy.max_surge.percent);
  EXPECT_EQ(strategy.max_surge.value, 150.0);
  try {
    parse_scenario(service_with(R"("strategy": {"max_unavailable": "101%"})"), "t");
    ADD_FAILURE() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where(), "/services/0/strategy/max_unavailable");
    EXPECT_EQ(e.problem(), "expected at most 100%, found \"101%\"");
  }
}

TEST(ParseScenario, IntOrPercentRejectsAnythingElse) {
  const std::string expected =
      "expected an integer >= 0 (pods) or a percentage (digits then %, such as \"25%\"), found ";
  for (const std::string json : {"\"25 %\"", "\"%\"", "\"25\"", "\"-5%\"", "\"2.5%\"", "\" 25%\"", "\"25%%\"",
                                 "-1", "1.5", "true", "null", "2147483648"}) {
    SCOPED_TRACE(json);
    try {
      parse_scenario(service_with(R"("strategy": {"max_unavailable": )" + json + "}"), "t");
      ADD_FAILURE() << "no InputError";
    } catch (const InputError& e) {
      EXPECT_EQ(e.where(), "/services/0/strategy/max_unavailable");
      EXPECT_EQ(e.problem(), expected + json);
    }
  }
}

TEST(ParseScenario, MaxSurgeAndMaxUnavailableMayNotBothBeLiterallyZero) {
  for (const std::string pair :
       {R"("max_surge": 0, "max_unavailable": 0)", R"("max_surge": "0%", "max_unavailable": 0)",
        R"("max_unavailable": "0%", "max_surge": "0%")"}) {
    SCOPED_TRACE(pair);
    try {
      parse_scenario(service_with(R"("strategy": {)" + pair + "}"), "t");
      ADD_FAILURE() << "no InputError";
    } catch (const InputError& e) {
      EXPECT_EQ(e.where(), "/services/0/strategy");
      EXPECT_EQ(e.problem().rfind("max_surge and max_unavailable cannot both be 0, found ", 0), 0u)
          << e.problem();
    }
  }
  // A percentage that resolves to 0 pods is not a literal 0: Kubernetes' fencepost handles it.
  const auto strategy =
      parse_scenario(service_with(R"("strategy": {"max_surge": 0, "max_unavailable": "1%"})"), "t")
          .services[0]
          .strategy;
  EXPECT_DOUBLE_EQ(strategy.max_unavailable.value, 1.0);
}

TEST(ScenarioLimits, ReplicasPerVersionAreBounded) {
  // 2,147,483,647 replicas reached 5.4 GiB in 30 s.
  const auto e =
      scenario_error(R"({"name": "t", "duration_s": 60, "services": [{"name": "a", "service_time": 0.01,
      "versions": {"stable": {"replicas": 1001}}, "traffic": {"rate": {"kind": "constant", "rps": 1}}}]})");
  EXPECT_EQ(e.where(), "/services/0/versions/stable/replicas");
  EXPECT_EQ(e.problem(), "expected an integer in [0, 1000], found 1001");
}

TEST(ScenarioLimits, RatesAreBounded) {
  const auto e =
      scenario_error(R"({"name": "t", "duration_s": 60, "services": [{"name": "a", "service_time": 0.01,
      "versions": {"stable": {"replicas": 1}}, "traffic": {"rate": {"kind": "constant", "rps": 1e308}}}]})");
  EXPECT_EQ(e.where(), "/services/0/traffic/rate/rps");
  EXPECT_EQ(e.problem(), "expected a number in [0, 1000000], found 1e+308");
}

TEST(ScenarioLimits, RequestBudgetCountsRatesDurationAndFanOut) {
  // a: 100 rps x 3600 s = 360,000 requests, each calling b twice, which calls c three times:
  // 1 + 2 * (1 + 3 * 1) = 9 requests per request of a, 3,240,000 in all. b: steps 0 rps to 600 s,
  // then 500 rps: 500 x 3000 = 1,500,000, times 1 + 3 = 4: 6,000,000. c: diurnal, mean 10, amplitude 1,
  // period 7200, peak 0: 10 x (3600 + 7200 / (2 pi) x sin(pi)) = 36,000. Total 9,276,000.
  const std::string text = R"({"name": "t", "duration_s": 3600, "services": [
      {"name": "a", "service_time": 0.01, "versions": {"stable": {"replicas": 1}},
       "traffic": {"rate": {"kind": "constant", "rps": 100}}, "calls": [{"service": "b", "fanout": 2}]},
      {"name": "b", "service_time": 0.01, "versions": {"stable": {"replicas": 1}},
       "traffic": {"rate": {"kind": "steps", "rps": 0, "steps": [{"from_s": 600, "rps": 500}]}},
       "calls": [{"service": "c", "fanout": 3}]},
      {"name": "c", "service_time": 0.01, "versions": {"stable": {"replicas": 1}},
       "traffic": {"rate": {"kind": "diurnal", "mean_rps": 10, "amplitude": 1, "period_s": 7200}}}]})";
  EXPECT_NO_THROW(parse_scenario(text, "t.json", LoadLimits{9276001.0}));
  const auto e = scenario_error(text, LoadLimits{9275999.0});
  EXPECT_EQ(e.where(), "/services/1/traffic");  // b sends the most.
  EXPECT_EQ(e.problem(),
            "the drill would simulate about 9276000 requests (each service's rate over duration_s, times its "
            "calls' fan-out), over the limit of 9275999; lower the rates or duration_s, or raise the limit "
            "with --max-requests");
  // The default budget: 10,000,000.
  EXPECT_NO_THROW(parse_scenario(text, "t.json"));
}

TEST(ScenarioLimits, CallChainsAreBounded) {
  // s0 -> s1 -> ... -> s9: s0's chain is 9 services deep, s1's is 8.
  std::string services;
  for (int i = 0; i < 10; ++i) {
    services += std::string(i ? "," : "") + R"({"name": "s)" + std::to_string(i) +
                R"(", "service_time": 0.01, "versions": {"stable": {"replicas": 1}},
                "traffic": {"rate": {"kind": "constant", "rps": 0}})" +
                (i < 9 ? R"(, "calls": [{"service": "s)" + std::to_string(i + 1) + "\"}]" : std::string()) +
                "}";
  }
  const auto e = scenario_error(R"({"name": "t", "duration_s": 60, "services": [)" + services + "]}");
  EXPECT_EQ(e.where(), "/services/0/calls");
  EXPECT_EQ(e.problem(), "a chain of calls 9 services deep from here is over the limit of 8");
}

}  // namespace
}  // namespace drillsim::io
