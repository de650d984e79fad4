#include "io/scenario_loader.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "io/input_error.hpp"

namespace drillsim::io {
namespace {

namespace fs = std::filesystem;
using model::Distribution;
using model::RateProfile;
using model::StepSpec;
using model::Version;

const fs::path kData = DRILLSIM_TEST_DATA;

void expect_distribution(const Distribution& d, Distribution::Kind kind, double a, double b = 0.0,
                         double c = 0.0) {
  EXPECT_EQ(d.kind, kind);
  EXPECT_DOUBLE_EQ(d.a, a);
  EXPECT_DOUBLE_EQ(d.b, b);
  EXPECT_DOUBLE_EQ(d.c, c);
}

// ------------------------------------------------------------------------------------------- good fixtures

TEST(LoadScenario, MinimalScenarioGetsEveryDefault) {
  const fs::path file = kData / "good" / "minimal.json";
  const model::Scenario s = load_scenario(file);
  EXPECT_EQ(s.source_file, file.string());
  EXPECT_EQ(s.name, "minimal");
  EXPECT_EQ(s.description, "");
  EXPECT_DOUBLE_EQ(s.duration_s, 600.0);
  EXPECT_EQ(s.seed, 1u);
  ASSERT_EQ(s.services.size(), 1u);

  const model::ServiceSpec& checkout = s.services[0];
  EXPECT_EQ(checkout.name, "checkout");
  expect_distribution(checkout.service_time, Distribution::Kind::Fixed, 0.05);  // a plain number is fixed
  EXPECT_EQ(checkout.max_queue, 1000);
  EXPECT_EQ(checkout.version(Version::Stable).replicas, 2);
  EXPECT_DOUBLE_EQ(checkout.version(Version::Stable).error_probability, 0.0);
  EXPECT_DOUBLE_EQ(checkout.version(Version::Stable).latency_factor, 1.0);
  EXPECT_EQ(checkout.version(Version::New).replicas, 0);  // "new" absent
  EXPECT_DOUBLE_EQ(checkout.version(Version::New).error_probability, 0.0);
  EXPECT_DOUBLE_EQ(checkout.version(Version::New).latency_factor, 1.0);
  EXPECT_DOUBLE_EQ(checkout.weights.stable, 1.0);
  EXPECT_DOUBLE_EQ(checkout.weights.new_version, 0.0);
  EXPECT_EQ(checkout.traffic.rate.kind, RateProfile::Kind::Constant);
  EXPECT_DOUBLE_EQ(checkout.traffic.rate.rps, 50.0);
  EXPECT_EQ(checkout.traffic.users, 10000u);
  EXPECT_DOUBLE_EQ(checkout.slo.max_error_ratio, 0.01);
  EXPECT_DOUBLE_EQ(checkout.slo.max_p95_latency_s, 0.5);
  EXPECT_DOUBLE_EQ(checkout.slo.sli_window_s, 60.0);
  EXPECT_DOUBLE_EQ(checkout.slo.stabilisation_window_s, 60.0);
  EXPECT_EQ(checkout.routing, model::Routing::Weights);
  expect_distribution(checkout.pods.start, Distribution::Kind::Fixed, 10.0);
  EXPECT_DOUBLE_EQ(checkout.pods.readiness_initial_delay_s, 0.0);
  EXPECT_DOUBLE_EQ(checkout.pods.readiness_period_s, 10.0);
  EXPECT_EQ(checkout.pods.readiness_failure_threshold, 3);
  EXPECT_DOUBLE_EQ(checkout.pods.termination_grace_period_s, 30.0);
  EXPECT_DOUBLE_EQ(checkout.pods.min_ready_s, 0.0);
  EXPECT_EQ(checkout.strategy.kind, model::StrategySpec::Kind::RollingUpdate);
  EXPECT_TRUE(checkout.strategy.max_surge.percent);
  EXPECT_DOUBLE_EQ(checkout.strategy.max_surge.value, 25.0);
  EXPECT_TRUE(checkout.strategy.max_unavailable.percent);
  EXPECT_DOUBLE_EQ(checkout.strategy.max_unavailable.value, 25.0);
  EXPECT_DOUBLE_EQ(checkout.strategy.progress_deadline_s, 600.0);

  EXPECT_TRUE(s.deployments.empty());
  EXPECT_FALSE(s.fault.has_value());
  EXPECT_TRUE(s.alerts.empty());
  EXPECT_FALSE(s.responder.has_value());
  EXPECT_FALSE(s.plan.has_value());
  EXPECT_TRUE(s.objectives.empty());
}

TEST(LoadScenario, FullScenarioLandsEveryFieldInTheModel) {
  const model::Scenario s = load_scenario(kData / "good" / "full.json");
  EXPECT_EQ(s.name, "full");
  EXPECT_EQ(s.description, "Every field of the format, each with a value that differs from its default.");
  EXPECT_DOUBLE_EQ(s.duration_s, 7200.0);
  EXPECT_EQ(s.seed, 42u);
  ASSERT_EQ(s.services.size(), 3u);

  const model::ServiceSpec& checkout = s.services[0];
  EXPECT_EQ(checkout.name, "checkout");
  expect_distribution(checkout.service_time, Distribution::Kind::Triangular, 0.01, 0.02, 0.06);
  EXPECT_EQ(checkout.max_queue, 250);
  EXPECT_EQ(checkout.version(Version::Stable).replicas, 4);
  EXPECT_DOUBLE_EQ(checkout.version(Version::Stable).error_probability, 0.001);
  EXPECT_DOUBLE_EQ(checkout.version(Version::Stable).latency_factor, 1.0);
  EXPECT_EQ(checkout.version(Version::New).replicas, 2);
  EXPECT_DOUBLE_EQ(checkout.version(Version::New).error_probability, 0.002);
  EXPECT_DOUBLE_EQ(checkout.version(Version::New).latency_factor, 1.25);
  EXPECT_DOUBLE_EQ(checkout.weights.stable, 0.75);
  EXPECT_DOUBLE_EQ(checkout.weights.new_version, 0.25);
  EXPECT_EQ(checkout.traffic.rate.kind, RateProfile::Kind::Steps);
  EXPECT_DOUBLE_EQ(checkout.traffic.rate.rps, 100.0);
  ASSERT_EQ(checkout.traffic.rate.steps.size(), 2u);
  EXPECT_DOUBLE_EQ(checkout.traffic.rate.steps[0].from_s, 600.0);
  EXPECT_DOUBLE_EQ(checkout.traffic.rate.steps[0].rps, 150.0);
  EXPECT_DOUBLE_EQ(checkout.traffic.rate.steps[1].from_s, 1800.0);
  EXPECT_DOUBLE_EQ(checkout.traffic.rate.steps[1].rps, 80.0);
  EXPECT_EQ(checkout.traffic.users, 25000u);
  EXPECT_DOUBLE_EQ(checkout.slo.max_error_ratio, 0.02);
  EXPECT_DOUBLE_EQ(checkout.slo.max_p95_latency_s, 0.4);
  EXPECT_DOUBLE_EQ(checkout.slo.sli_window_s, 30.0);
  EXPECT_DOUBLE_EQ(checkout.slo.stabilisation_window_s, 120.0);

  EXPECT_EQ(checkout.routing, model::Routing::Weights);
  expect_distribution(checkout.pods.start, Distribution::Kind::Uniform, 20.0, 40.0);
  EXPECT_DOUBLE_EQ(checkout.pods.readiness_initial_delay_s, 5.0);
  EXPECT_DOUBLE_EQ(checkout.pods.readiness_period_s, 2.0);
  EXPECT_EQ(checkout.pods.readiness_failure_threshold, 5);
  EXPECT_DOUBLE_EQ(checkout.pods.termination_grace_period_s, 45.0);
  EXPECT_DOUBLE_EQ(checkout.pods.min_ready_s, 10.0);
  EXPECT_EQ(checkout.strategy.kind, model::StrategySpec::Kind::RollingUpdate);
  EXPECT_FALSE(checkout.strategy.max_surge.percent);
  EXPECT_DOUBLE_EQ(checkout.strategy.max_surge.value, 1.0);
  EXPECT_TRUE(checkout.strategy.max_unavailable.percent);
  EXPECT_DOUBLE_EQ(checkout.strategy.max_unavailable.value, 0.0);
  EXPECT_DOUBLE_EQ(checkout.strategy.progress_deadline_s, 300.0);

  const model::ServiceSpec& search = s.services[1];
  EXPECT_EQ(search.name, "search.v2");
  expect_distribution(search.service_time, Distribution::Kind::Lognormal, 0.01, 0.5);
  EXPECT_EQ(search.traffic.rate.kind, RateProfile::Kind::Diurnal);
  EXPECT_DOUBLE_EQ(search.traffic.rate.rps, 200.0);  // mean_rps
  EXPECT_DOUBLE_EQ(search.traffic.rate.amplitude, 0.3);
  EXPECT_DOUBLE_EQ(search.traffic.rate.period_s, 3600.0);
  EXPECT_DOUBLE_EQ(search.traffic.rate.peak_s, 900.0);
  EXPECT_EQ(search.strategy.kind, model::StrategySpec::Kind::Recreate);
  EXPECT_DOUBLE_EQ(search.strategy.progress_deadline_s, 900.0);
  EXPECT_EQ(search.routing, model::Routing::Weights);

  const model::ServiceSpec& payments = s.services[2];
  EXPECT_EQ(payments.name, "payments_api-eu");
  expect_distribution(payments.service_time, Distribution::Kind::Uniform, 0.02, 0.04);
  EXPECT_EQ(payments.routing, model::Routing::Pods);

  ASSERT_EQ(s.deployments.size(), 2u);
  EXPECT_EQ(s.deployments[0].service, "checkout");
  EXPECT_DOUBLE_EQ(s.deployments[0].at_s, 300.0);
  EXPECT_DOUBLE_EQ(s.deployments[0].weights.stable, 0.5);
  EXPECT_DOUBLE_EQ(s.deployments[0].weights.new_version, 0.5);
  EXPECT_EQ(s.deployments[1].service, "search.v2");
  EXPECT_DOUBLE_EQ(s.deployments[1].at_s, 0.0);

  ASSERT_TRUE(s.fault.has_value());
  ASSERT_TRUE(s.fault->is<model::fault::BadRelease>());
  EXPECT_EQ(s.fault->service, "checkout");
  EXPECT_EQ(s.fault->version, Version::New);
  EXPECT_DOUBLE_EQ(s.fault->at_s, 900.0);
  ASSERT_TRUE(s.fault->duration_s.has_value());
  EXPECT_DOUBLE_EQ(*s.fault->duration_s, 1200.0);
  EXPECT_DOUBLE_EQ(s.fault->as<model::fault::BadRelease>().error_probability, 0.35);
  EXPECT_DOUBLE_EQ(s.fault->as<model::fault::BadRelease>().latency_factor, 3.0);

  ASSERT_EQ(s.alerts.size(), 1u);
  EXPECT_EQ(s.alerts[0].name, "CheckoutHighErrorRatio");
  EXPECT_EQ(s.alerts[0].service, "checkout");
  EXPECT_DOUBLE_EQ(s.alerts[0].window_s, 120.0);
  EXPECT_DOUBLE_EQ(s.alerts[0].threshold, 0.05);
  EXPECT_DOUBLE_EQ(s.alerts[0].for_s, 180.0);
  EXPECT_DOUBLE_EQ(s.alerts[0].evaluation_interval_s, 30.0);
  EXPECT_DOUBLE_EQ(s.alerts[0].evaluation_offset_s, 10.0);

  ASSERT_TRUE(s.responder.has_value());
  EXPECT_EQ(s.responder->name, "payments on-call");
  EXPECT_DOUBLE_EQ(s.alertmanager.group_wait_s, 45.0);
  expect_distribution(s.responder->ack, Distribution::Kind::Exponential, 240.0);
  expect_distribution(s.responder->assess, Distribution::Kind::Fixed, 150.0);

  ASSERT_TRUE(s.plan.has_value());
  EXPECT_EQ(s.plan->name, "Roll back the checkout canary");
  ASSERT_EQ(s.plan->levels.size(), 3u);
  const model::LevelSpec& level1 = s.plan->levels[0];
  EXPECT_EQ(level1.name, "Level 1: roll back the app");
  ASSERT_TRUE(level1.claim_s.has_value());
  EXPECT_DOUBLE_EQ(*level1.claim_s, 300.0);
  ASSERT_EQ(level1.steps.size(), 6u);
  const auto& steps = level1.steps;
  EXPECT_EQ(steps[0].name, "Shift traffic to stable");
  EXPECT_EQ(steps[0].action, StepSpec::Action::ShiftTraffic);
  EXPECT_EQ(steps[0].service, "checkout");
  EXPECT_DOUBLE_EQ(steps[0].weights.stable, 1.0);
  EXPECT_DOUBLE_EQ(steps[0].weights.new_version, 0.0);
  expect_distribution(steps[0].duration, Distribution::Kind::Uniform, 20.0, 60.0);
  EXPECT_TRUE(steps[0].automated);
  EXPECT_EQ(steps[1].action, StepSpec::Action::Scale);
  EXPECT_EQ(steps[1].service, "checkout");
  EXPECT_EQ(steps[1].version, Version::New);
  EXPECT_EQ(steps[1].replicas, 0);
  EXPECT_TRUE(steps[1].wait_ready);  // default
  EXPECT_FALSE(steps[1].automated);  // default
  expect_distribution(steps[1].duration, Distribution::Kind::Fixed, 15.0);
  EXPECT_EQ(steps[2].action, StepSpec::Action::Scale);
  EXPECT_EQ(steps[2].version, Version::Stable);
  EXPECT_EQ(steps[2].replicas, 6);  // written 6.0
  EXPECT_FALSE(steps[2].wait_ready);
  expect_distribution(steps[2].duration, Distribution::Kind::Fixed, 0.0);  // default for non-wait steps
  EXPECT_EQ(steps[3].action, StepSpec::Action::Wait);
  expect_distribution(steps[3].duration, Distribution::Kind::Fixed, 300.0);
  EXPECT_EQ(steps[4].action, StepSpec::Action::Verify);
  EXPECT_EQ(steps[4].service, "checkout");
  EXPECT_DOUBLE_EQ(steps[4].window_s, 120.0);
  expect_distribution(steps[4].duration, Distribution::Kind::Fixed, 10.0);
  EXPECT_DOUBLE_EQ(steps[4].failure_probability, 0.05);
  EXPECT_EQ(steps[4].retries, 2);
  EXPECT_EQ(steps[4].on_failure, StepSpec::OnFailure::Escalate);
  EXPECT_EQ(steps[4].escalate_to, "");  // the next level
  EXPECT_EQ(steps[5].service, "search.v2");
  EXPECT_DOUBLE_EQ(steps[5].window_s, 60.0);  // default
  EXPECT_EQ(steps[5].on_failure, StepSpec::OnFailure::Continue);

  const model::LevelSpec& level2 = s.plan->levels[1];
  EXPECT_EQ(level2.name, "Level 2: undo the rollout");
  ASSERT_TRUE(level2.claim_s.has_value());
  EXPECT_DOUBLE_EQ(*level2.claim_s, 900.0);
  ASSERT_EQ(level2.steps.size(), 3u);
  EXPECT_EQ(level2.steps[0].action, StepSpec::Action::Notify);
  EXPECT_TRUE(level2.steps[0].automated);
  expect_distribution(level2.steps[0].duration, Distribution::Kind::Fixed, 5.0);
  const StepSpec& undo = level2.steps[1];
  EXPECT_EQ(undo.action, StepSpec::Action::RolloutUndo);
  EXPECT_EQ(undo.service, "checkout");
  EXPECT_EQ(undo.version, Version::Stable);  // default "to" of rollout_undo
  ASSERT_TRUE(undo.rollout_replicas.has_value());
  EXPECT_EQ(*undo.rollout_replicas, 6);
  EXPECT_FALSE(undo.wait_ready);
  EXPECT_EQ(undo.on_failure, StepSpec::OnFailure::Escalate);
  EXPECT_EQ(undo.escalate_to, "Level 3: call the database team");
  const StepSpec& pin = level2.steps[2];
  EXPECT_EQ(pin.action, StepSpec::Action::SetImage);
  EXPECT_EQ(pin.service, "search.v2");
  EXPECT_EQ(pin.version, Version::Stable);
  EXPECT_FALSE(pin.rollout_replicas.has_value());
  EXPECT_TRUE(pin.wait_ready);
  expect_distribution(pin.duration, Distribution::Kind::Triangular, 30.0, 45.0, 120.0);

  const model::LevelSpec& level3 = s.plan->levels[2];
  EXPECT_EQ(level3.name, "Level 3: call the database team");
  EXPECT_FALSE(level3.claim_s.has_value());
  ASSERT_EQ(level3.steps.size(), 1u);
  EXPECT_EQ(level3.steps[0].action, StepSpec::Action::Manual);
  expect_distribution(level3.steps[0].duration, Distribution::Kind::Exponential, 600.0);
  EXPECT_EQ(level3.steps[0].on_failure, StepSpec::OnFailure::Block);

  ASSERT_EQ(s.objectives.size(), 2u);
  EXPECT_EQ(s.objectives[0].service, "checkout");
  EXPECT_DOUBLE_EQ(s.objectives[0].rto_s, 900.0);
  EXPECT_DOUBLE_EQ(s.objectives[0].rpo_s, 300.0);
  EXPECT_EQ(s.objectives[1].service, "search.v2");
  EXPECT_DOUBLE_EQ(s.objectives[1].rto_s, 600.0);
  EXPECT_DOUBLE_EQ(s.objectives[1].rpo_s, 0.0);
}

// ---------------------------------------------------------------------------- defaults of optional objects

// A valid scenario with two services (checkout with a new version, search) and `members` added at the top.
std::string scenario_with(const std::string& members) {
  return R"({"name": "t", "duration_s": 3600, "services": [
    {"name": "checkout", "service_time": 0.05, "versions": {"stable": {"replicas": 2}, "new": {"replicas": 1}},
     "traffic": {"rate": {"kind": "constant", "rps": 50}}},
    {"name": "search", "service_time": 0.01, "versions": {"stable": {"replicas": 2}},
     "traffic": {"rate": {"kind": "constant", "rps": 80}}}])" +
         (members.empty() ? "" : ", " + members) + "}";
}

TEST(ParseScenario, SourceFileIsTheLabel) {
  EXPECT_EQ(parse_scenario(scenario_with(""), "inline").source_file, "inline");
}

TEST(ParseScenario, AlertRulesReadPrometheusDurationsAndUnitThresholds) {
  const auto s = parse_scenario(scenario_with(R"("alerts": [
      {"name": "Errors", "service": "checkout", "window": "5m", "threshold": "5%", "for": "5m",
       "keep_firing_for": "10m", "evaluation_interval": "30s"},
      {"name": "Slow", "service": "checkout", "metric": "latency_p95", "threshold": "200ms", "for": "10m"},
      {"name": "OOM", "service": "checkout", "metric": "oom_kills", "window": "5m", "threshold": 3}],
      "alertmanager": {"group_wait": "30s", "group_interval": "5m", "repeat_interval": "4h"})"),
                                "t");
  ASSERT_EQ(s.alerts.size(), 3u);
  EXPECT_DOUBLE_EQ(s.alerts[0].window_s, 300.0);
  EXPECT_DOUBLE_EQ(s.alerts[0].threshold, 0.05);
  EXPECT_DOUBLE_EQ(s.alerts[0].for_s, 300.0);
  EXPECT_DOUBLE_EQ(s.alerts[0].keep_firing_for_s, 600.0);
  EXPECT_DOUBLE_EQ(s.alerts[0].evaluation_interval_s, 30.0);
  EXPECT_DOUBLE_EQ(s.alerts[1].threshold, 0.2);
  EXPECT_DOUBLE_EQ(s.alerts[1].for_s, 600.0);
  EXPECT_EQ(s.alerts[2].metric, model::AlertRuleSpec::Metric::OomKills);
  EXPECT_DOUBLE_EQ(s.alerts[2].threshold, 3.0);
  EXPECT_DOUBLE_EQ(s.alertmanager.group_interval_s, 300.0);
  EXPECT_DOUBLE_EQ(s.alertmanager.repeat_interval_s, 14400.0);
}

TEST(ParseScenario, FaultDefaults) {
  const auto s = parse_scenario(
      scenario_with(
          R"("fault": {"kind": "bad_release", "service": "checkout", "at_s": 60, "error_probability": 0.5})"),
      "t");
  ASSERT_TRUE(s.fault.has_value());
  EXPECT_EQ(s.fault->version, Version::New);
  EXPECT_FALSE(s.fault->duration_s.has_value());
  EXPECT_DOUBLE_EQ(s.fault->as<model::fault::BadRelease>().latency_factor, 1.0);
  EXPECT_FALSE(s.fault->as<model::fault::BadRelease>().fails_readiness);
}

TEST(ParseScenario, BadReleaseMayFailReadiness) {
  const auto s = parse_scenario(scenario_with(R"("fault": {"kind": "bad_release", "service": "checkout",
      "at_s": 60, "error_probability": 0.5, "fails_readiness": true})"),
                                "t");
  EXPECT_TRUE(s.fault->as<model::fault::BadRelease>().fails_readiness);
}

TEST(ParseScenario, FaultDurationNullMeansUntilFixed) {
  const auto s = parse_scenario(scenario_with(R"("fault": {"kind": "bad_release", "service": "checkout",
      "version": "stable", "at_s": 60, "duration_s": null, "error_probability": 0.5})"),
                                "t");
  EXPECT_EQ(s.fault->version, Version::Stable);
  EXPECT_FALSE(s.fault->duration_s.has_value());
}

TEST(ParseScenario, FaultDurationMustBePositiveOrNull) {
  try {
    parse_scenario(scenario_with(R"("fault": {"kind": "bad_release", "service": "checkout", "at_s": 60,
        "duration_s": 0, "error_probability": 0.5})"),
                   "t");
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where(), "/fault/duration_s");
    EXPECT_EQ(e.problem(), "expected a number > 0, or null (until fixed), found 0");
  }
}

TEST(ParseScenario, AlertDefaults) {
  const auto s = parse_scenario(
      scenario_with(R"("alert": {"name": "HighErrors", "service": "search", "threshold": 0.1})"), "t");
  ASSERT_EQ(s.alerts.size(), 1u);
  EXPECT_EQ(s.alerts[0].service, "search");
  EXPECT_DOUBLE_EQ(s.alerts[0].threshold, 0.1);
  EXPECT_DOUBLE_EQ(s.alerts[0].window_s, 300.0);
  EXPECT_DOUBLE_EQ(s.alerts[0].for_s, 0.0);  // Prometheus's default `for`, not the model's 300
  EXPECT_DOUBLE_EQ(s.alerts[0].evaluation_interval_s, 60.0);
  EXPECT_DOUBLE_EQ(s.alerts[0].evaluation_offset_s, 0.0);
  EXPECT_DOUBLE_EQ(s.alerts[0].scrape_interval_s, 60.0);  // Prometheus's default scrape_interval
  EXPECT_DOUBLE_EQ(s.alerts[0].scrape_offset_s, 0.0);
}

TEST(ParseScenario, LatencyRuleTakesAThresholdInSeconds) {
  const auto s = parse_scenario(
      scenario_with(
          R"("alert": {"name": "Slow", "service": "search", "metric": "latency_p95", "threshold": 2.5})"),
      "t");
  EXPECT_EQ(s.alerts[0].metric, model::AlertRuleSpec::Metric::LatencyP95);
  EXPECT_DOUBLE_EQ(s.alerts[0].threshold, 2.5);
  // The same threshold is no error ratio.
  EXPECT_THROW(
      parse_scenario(scenario_with(R"("alert": {"name": "E", "service": "search", "threshold": 2.5})"), "t"),
      InputError);
}

// A scaffolded scenario lists what it invented; a step imported from a runbook names its lines.
TEST(ParseScenario, AssumptionsAndStepSourceAreRead) {
  const auto s =
      parse_scenario(scenario_with(R"("assumptions": ["traffic: 50 rps, invented", "responder: lognormal"],
      "plan": {"name": "p", "steps": [
        {"name": "Undo", "action": "rollout_undo", "service": "checkout", "source": {"line": 12, "end_line": 14}},
        {"name": "Check", "action": "verify", "service": "checkout", "source": {"line": 20}},
        {"name": "Watch", "action": "wait", "duration": 5}]})"),
                     "t");
  EXPECT_EQ(s.assumptions, (std::vector<std::string>{"traffic: 50 rps, invented", "responder: lognormal"}));
  const auto& steps = s.plan->levels[0].steps;
  EXPECT_EQ(steps[0].source_line, 12);
  EXPECT_EQ(steps[0].source_end_line, 14);
  EXPECT_EQ(steps[1].source_line, 20);
  EXPECT_EQ(steps[1].source_end_line, 20);  // end_line defaults to line
  EXPECT_EQ(steps[2].source_line, 0);       // not given
  EXPECT_TRUE(parse_scenario(scenario_with(""), "t").assumptions.empty());
}

TEST(ParseScenario, BadAssumptionsAndStepSourceAreErrors) {
  const auto error = [](const std::string& members) {
    try {
      parse_scenario(scenario_with(members), "t");
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_EQ(error(R"("assumptions": "none")"),
            "t:/assumptions: expected an array of non-empty strings, found \"none\"");
  EXPECT_EQ(error(R"("assumptions": [""])"), "t:/assumptions/0: expected a non-empty string, found \"\"");
  const std::string step =
      R"("plan": {"name": "p", "steps": [{"name": "U", "action": "rollout_undo", "service": "checkout", "source": )";
  EXPECT_EQ(error(step + R"({"line": 0}}]})"),
            "t:/plan/steps/0/source/line: expected an integer >= 1, found 0");
  EXPECT_EQ(error(step + R"({"line": 9, "end_line": 8}}]})"),
            "t:/plan/steps/0/source/end_line: expected an integer >= 9, found 8");
  EXPECT_EQ(error(step + R"({"line": 9, "col": 1}}]})"),
            "t:/plan/steps/0/source/col: unknown key \"col\"; allowed keys: line, end_line");
}

TEST(ParseScenario, ScrapeKeysAreRead) {
  const auto s = parse_scenario(
      scenario_with(R"("alert": {"name": "E", "service": "search", "threshold": 0.1, "scrape_interval_s": 15,
                                "scrape_offset_s": 7})"),
      "t");
  EXPECT_DOUBLE_EQ(s.alerts[0].scrape_interval_s, 15.0);
  EXPECT_DOUBLE_EQ(s.alerts[0].scrape_offset_s, 7.0);
}

TEST(ParseScenario, ResponderDefaults) {
  const auto s = parse_scenario(scenario_with(R"("responder": {"ack": 60, "assess": 120})"), "t");
  ASSERT_TRUE(s.responder.has_value());
  EXPECT_EQ(s.responder->name, "on-call");
  EXPECT_DOUBLE_EQ(s.alertmanager.group_wait_s, 30.0);  // Alertmanager's group_wait
  expect_distribution(s.responder->ack, Distribution::Kind::Fixed, 60.0);
  expect_distribution(s.responder->assess, Distribution::Kind::Fixed, 120.0);
}

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

TEST(ParseScenario, SeedTakesTheFullUnsignedRange) {
  EXPECT_EQ(parse_scenario(scenario_with(R"("seed": 18446744073709551615)"), "t").seed,
            18446744073709551615ull);
  EXPECT_EQ(parse_scenario(scenario_with(R"("seed": 0)"), "t").seed, 0u);
}

TEST(ParseScenario, WeightsWithinTheToleranceAreAccepted) {
  // 0.1 + 0.2 is 0.30000000000000004 in binary floating point; 0.7 + 0.3 is within 1e-9 of 1.
  const auto s = parse_scenario(
      scenario_with(
          R"("deployments": [{"service": "checkout", "at_s": 0, "weights": {"stable": 0.7, "new": 0.3}}])"),
      "t");
  EXPECT_DOUBLE_EQ(s.deployments[0].weights.new_version, 0.3);
}

TEST(ParseScenario, MissingDistributionKindSuggestsTheKey) {
  try {
    parse_scenario(scenario_with(R"("responder": {"ack": {"knd": "fixed", "value_s": 1}, "assess": 1})"),
                   "t");
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where(), "/responder/ack/knd");
    EXPECT_EQ(e.problem(), "unknown key \"knd\"; did you mean \"kind\"?");
  }
}

TEST(ParseScenario, DistributionKeysDependOnTheKind) {
  try {
    parse_scenario(
        scenario_with(R"("responder": {"ack": {"kind": "uniform", "min_s": 1, "mean_s": 2}, "assess": 1})"),
        "t");
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where(), "/responder/ack/mean_s");
    EXPECT_EQ(e.problem(), "unknown key \"mean_s\"; a \"uniform\" distribution takes: kind, min_s, max_s");
  }
}

TEST(ParseScenario, TriangularModeMustLieBetweenMinAndMax) {
  try {
    parse_scenario(
        scenario_with(
            R"("responder": {"ack": {"kind": "triangular", "min_s": 1, "mode_s": 9, "max_s": 5}, "assess": 1})"),
        "t");
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where(), "/responder/ack/mode_s");
    EXPECT_EQ(e.problem(), "expected a number >= 1 (min_s) and <= 5 (max_s), found 9");
  }
}

TEST(ParseScenario, WaitStepRequiresADuration) {
  try {
    parse_scenario(scenario_with(R"("plan": {"name": "p", "steps": [{"name": "w", "action": "wait"}]})"),
                   "t");
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where(), "/plan/steps/0/duration");
    EXPECT_EQ(e.problem().rfind("missing; expected a duration in seconds", 0), 0u) << e.problem();
  }
}

// ---------------------------------------------------------------------------- services: pods and rollouts

// scenario_with(""), with `keys` added to the checkout service.
std::string service_with(const std::string& keys) {
  return R"({"name": "t", "duration_s": 3600, "services": [
    {"name": "checkout", "service_time": 0.05, "versions": {"stable": {"replicas": 2}, "new": {"replicas": 1}},
     "traffic": {"rate": {"kind": "constant", "rps": 50}}, )" +
         keys + R"(},
    {"name": "search", "service_time": 0.01, "versions": {"stable": {"replicas": 2}},
     "traffic": {"rate": {"kind": "constant", "rps": 80}}}]})";
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

// ------------------------------------------------------------------------------------------------- plans

std::string plan_with(const std::string& plan) {
  return scenario_with(R"("plan": )" + plan);
}
std::string steps_plan(const std::string& steps) {
  return plan_with(R"({"name": "p", "steps": [)" + steps + "]}");
}
std::string levels_plan(const std::string& levels) {
  return plan_with(R"({"name": "p", "levels": [)" + levels + "]}");
}

TEST(ParseScenario, StepsBecomeOneUnnamedLevelWithoutClaim) {
  const auto s =
      parse_scenario(steps_plan(R"({"name": "a", "action": "notify"}, {"name": "b", "action": "wait",
      "duration": 5})"),
                     "t");
  ASSERT_TRUE(s.plan.has_value());
  EXPECT_EQ(s.plan->name, "p");
  ASSERT_EQ(s.plan->levels.size(), 1u);
  EXPECT_EQ(s.plan->levels[0].name, "");
  EXPECT_FALSE(s.plan->levels[0].claim_s.has_value());
  ASSERT_EQ(s.plan->levels[0].steps.size(), 2u);
  EXPECT_EQ(s.plan->levels[0].steps[0].name, "a");
  EXPECT_EQ(s.plan->levels[0].steps[1].name, "b");
}

TEST(ParseScenario, LevelsKeepTheirOrderNamesClaimsAndSteps) {
  const auto s = parse_scenario(levels_plan(R"(
      {"name": "Level 1", "claim_s": 300, "steps": [{"name": "a", "action": "notify"}]},
      {"name": "Level 2", "steps": [{"name": "b", "action": "notify"}, {"name": "c", "action": "notify"}]})"),
                                "t");
  ASSERT_EQ(s.plan->levels.size(), 2u);
  EXPECT_EQ(s.plan->levels[0].name, "Level 1");
  ASSERT_TRUE(s.plan->levels[0].claim_s.has_value());
  EXPECT_DOUBLE_EQ(*s.plan->levels[0].claim_s, 300.0);
  ASSERT_EQ(s.plan->levels[0].steps.size(), 1u);
  EXPECT_EQ(s.plan->levels[1].name, "Level 2");
  EXPECT_FALSE(s.plan->levels[1].claim_s.has_value());
  ASSERT_EQ(s.plan->levels[1].steps.size(), 2u);
  EXPECT_EQ(s.plan->levels[1].steps[1].name, "c");
}

TEST(ParseScenario, StepCommonKeysDefaults) {
  const auto s = parse_scenario(steps_plan(R"({"name": "n", "action": "notify"})"), "t");
  const StepSpec& step = s.plan->levels[0].steps[0];
  EXPECT_EQ(step.action, StepSpec::Action::Notify);
  expect_distribution(step.duration, Distribution::Kind::Fixed, 0.0);
  EXPECT_FALSE(step.automated);
  EXPECT_DOUBLE_EQ(step.failure_probability, 0.0);
  EXPECT_EQ(step.retries, 0);
  EXPECT_EQ(step.on_failure, StepSpec::OnFailure::Abort);
  EXPECT_EQ(step.escalate_to, "");
}

TEST(ParseScenario, StepCommonKeysAreRead) {
  const auto s = parse_scenario(levels_plan(R"(
      {"name": "L1", "steps": [{"name": "n", "action": "notify", "duration": 30, "automated": true,
        "failure_probability": 0.25, "retries": 3, "on_failure": "escalate", "escalate_to": "L2"},
       {"name": "m", "action": "manual", "duration": 60, "on_failure": "continue"},
       {"name": "o", "action": "manual", "duration": 60, "on_failure": "block"},
       {"name": "p", "action": "manual", "duration": 60, "on_failure": "abort"}]},
      {"name": "L2", "steps": [{"name": "q", "action": "notify"}]})"),
                                "t");
  const auto& steps = s.plan->levels[0].steps;
  expect_distribution(steps[0].duration, Distribution::Kind::Fixed, 30.0);
  EXPECT_TRUE(steps[0].automated);
  EXPECT_DOUBLE_EQ(steps[0].failure_probability, 0.25);
  EXPECT_EQ(steps[0].retries, 3);
  EXPECT_EQ(steps[0].on_failure, StepSpec::OnFailure::Escalate);
  EXPECT_EQ(steps[0].escalate_to, "L2");
  EXPECT_EQ(steps[1].action, StepSpec::Action::Manual);
  EXPECT_EQ(steps[1].on_failure, StepSpec::OnFailure::Continue);
  EXPECT_EQ(steps[2].on_failure, StepSpec::OnFailure::Block);
  EXPECT_EQ(steps[3].on_failure, StepSpec::OnFailure::Abort);
}

// An imported step's "source" (its runbook lines) and "assumed" keys are read; they change nothing else.
TEST(ParseScenario, StepSourceAndAssumedAreInformational) {
  const auto s =
      parse_scenario(steps_plan(R"({"name": "n", "action": "notify", "duration": 60, "assumed": ["duration"],
                    "source": {"line": 12, "end_line": 15}},
                   {"name": "m", "action": "notify", "source": {"line": 20}})"),
                     "t");
  const auto& steps = s.plan->levels[0].steps;
  EXPECT_EQ(steps[0].source_line, 12);
  EXPECT_EQ(steps[0].source_end_line, 15);
  EXPECT_EQ(steps[0].assumed, std::vector<std::string>{"duration"});
  EXPECT_EQ(steps[1].source_line, 20);
  EXPECT_EQ(steps[1].source_end_line, 20);  // end_line defaults to line
  EXPECT_TRUE(steps[1].assumed.empty());
  try {
    parse_scenario(steps_plan(R"({"name": "n", "action": "notify", "source": {"line": 12, "end_line": 11}})"),
                   "t");
    FAIL() << "an end_line before line was accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where(), "/plan/steps/0/source/end_line");
  }
  EXPECT_THROW(parse_scenario(steps_plan(R"({"name": "n", "action": "notify", "source": {"line": 0}})"), "t"),
               InputError);
}

// A step with "when" runs only where the scenario's "conditions" list its text: otherwise it is left out
// before it is checked (it may name what this scenario lacks), and a requirement on it is dropped.
TEST(ParseScenario, ConditionalStepsRunOnlyWhenTheScenarioEnablesThem) {
  const std::string steps = R"({"name": "a", "action": "notify"},
      {"name": "b", "action": "disable_flag", "flag": "no-such-flag", "when": "Option 2: via the database"},
      {"name": "c", "action": "notify", "requires": ["b"]})";
  const auto without = parse_scenario(steps_plan(steps), "t");
  ASSERT_EQ(without.plan->levels[0].steps.size(), 2u);
  EXPECT_EQ(without.plan->levels[0].steps[0].name, "a");
  EXPECT_EQ(without.plan->levels[0].steps[1].name, "c");
  EXPECT_TRUE(without.plan->levels[0].steps[1].requires_steps.empty());
  // Enabled: the step is read and checked like any other (its flag must be the fault's).
  const std::string enabled = steps_plan(steps);
  const std::string with_condition =
      enabled.substr(0, enabled.rfind('}')) + R"(, "conditions": ["Option 2: via the database"]})";
  try {
    parse_scenario(with_condition, "t");
    FAIL() << "an enabled step with an unknown flag was accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where(), "/plan/steps/1/flag");
  }
  const std::string notify = R"({"name": "a", "action": "notify"},
      {"name": "b", "action": "notify", "when": "x"}, {"name": "c", "action": "notify", "requires": ["b"]})";
  const std::string plan = steps_plan(notify);
  const auto with = parse_scenario(plan.substr(0, plan.rfind('}')) + R"(, "conditions": ["x"]})", "t");
  ASSERT_EQ(with.plan->levels[0].steps.size(), 3u);
  EXPECT_EQ(with.plan->levels[0].steps[1].when, "x");
  EXPECT_EQ(with.plan->levels[0].steps[2].requires_steps, std::vector<std::string>{"b"});
  // A level whose every step is left out is an error, not an empty level.
  try {
    parse_scenario(steps_plan(R"({"name": "b", "action": "notify", "when": "x"})"), "t");
    FAIL() << "a plan with no step left was accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where(), "/plan/steps");
  }
}

TEST(ParseScenario, ScaleWaitsForReadyPodsUnlessToldNot) {
  const auto s = parse_scenario(steps_plan(R"(
      {"name": "a", "action": "scale", "service": "checkout", "version": "stable", "replicas": 4},
      {"name": "b", "action": "scale", "service": "checkout", "version": "new", "replicas": 0, "wait_ready": false})"),
                                "t");
  const auto& steps = s.plan->levels[0].steps;
  EXPECT_TRUE(steps[0].wait_ready);
  EXPECT_EQ(steps[0].version, Version::Stable);
  EXPECT_EQ(steps[0].replicas, 4);
  EXPECT_FALSE(steps[1].wait_ready);
}

TEST(ParseScenario, RolloutUndoDefaultsToStableAndSetImageToNew) {
  const auto s = parse_scenario(steps_plan(R"(
      {"name": "undo", "action": "rollout_undo", "service": "checkout"},
      {"name": "image", "action": "set_image", "service": "search"})"),
                                "t");
  const StepSpec& undo = s.plan->levels[0].steps[0];
  EXPECT_EQ(undo.action, StepSpec::Action::RolloutUndo);
  EXPECT_EQ(undo.service, "checkout");
  EXPECT_EQ(undo.version, Version::Stable);
  EXPECT_FALSE(undo.rollout_replicas.has_value());
  EXPECT_TRUE(undo.wait_ready);
  expect_distribution(undo.duration, Distribution::Kind::Fixed, 0.0);
  const StepSpec& image = s.plan->levels[0].steps[1];
  EXPECT_EQ(image.action, StepSpec::Action::SetImage);
  EXPECT_EQ(image.service, "search");
  EXPECT_EQ(image.version, Version::New);
  EXPECT_FALSE(image.rollout_replicas.has_value());
  EXPECT_TRUE(image.wait_ready);
}

TEST(ParseScenario, RolloutKeysAreRead) {
  const auto s = parse_scenario(steps_plan(R"(
      {"name": "undo", "action": "rollout_undo", "service": "checkout", "to": "new", "replicas": 5,
       "wait_ready": false},
      {"name": "image", "action": "set_image", "service": "checkout", "to": "stable", "replicas": 1.0})"),
                                "t");
  const StepSpec& undo = s.plan->levels[0].steps[0];
  EXPECT_EQ(undo.version, Version::New);
  ASSERT_TRUE(undo.rollout_replicas.has_value());
  EXPECT_EQ(*undo.rollout_replicas, 5);
  EXPECT_FALSE(undo.wait_ready);
  const StepSpec& image = s.plan->levels[0].steps[1];
  EXPECT_EQ(image.version, Version::Stable);
  ASSERT_TRUE(image.rollout_replicas.has_value());
  EXPECT_EQ(*image.rollout_replicas, 1);
}

TEST(ParseScenario, ManualNeedsADurationAndNotifyDoesNot) {
  const auto s = parse_scenario(steps_plan(R"(
      {"name": "m", "action": "manual", "duration": {"kind": "uniform", "min_s": 60, "max_s": 600}},
      {"name": "n", "action": "notify"})"),
                                "t");
  expect_distribution(s.plan->levels[0].steps[0].duration, Distribution::Kind::Uniform, 60.0, 600.0);
  expect_distribution(s.plan->levels[0].steps[1].duration, Distribution::Kind::Fixed, 0.0);
}

TEST(ParseScenario, EscalationsWithoutACycleAreAccepted) {
  // L1 skips to L3 or falls to L2; L2 falls to L3; L4 (reached by nothing) goes back to L2: no cycle.
  const auto s = parse_scenario(levels_plan(R"(
      {"name": "L1", "steps": [{"name": "a", "action": "notify", "on_failure": "escalate", "escalate_to": "L3"},
                               {"name": "b", "action": "notify", "on_failure": "escalate"}]},
      {"name": "L2", "steps": [{"name": "c", "action": "notify", "on_failure": "escalate"}]},
      {"name": "L3", "steps": [{"name": "d", "action": "notify"}]},
      {"name": "L4", "steps": [{"name": "e", "action": "notify", "on_failure": "escalate", "escalate_to": "L2"}]})"),
                                "t");
  EXPECT_EQ(s.plan->levels.size(), 4u);
  EXPECT_EQ(s.plan->levels[3].steps[0].escalate_to, "L2");
}

TEST(ParseScenario, DistributionsAreCheckedInSteps) {
  // A range in the right order, and a degenerate one (min = max), are accepted.
  const auto s = parse_scenario(steps_plan(R"(
      {"name": "a", "action": "wait", "duration": {"kind": "uniform", "min_s": 20, "max_s": 60}},
      {"name": "b", "action": "wait", "duration": {"kind": "uniform", "min_s": 30, "max_s": 30}},
      {"name": "c", "action": "wait", "duration": {"kind": "triangular", "min_s": 5, "mode_s": 5, "max_s": 5}})"),
                                "t");
  expect_distribution(s.plan->levels[0].steps[1].duration, Distribution::Kind::Uniform, 30.0, 30.0);
}

// One invalid scenario written inline: where the error is, and its exact problem.
// ---------------------------------------------------------------------------------------------- stores

const std::string kOrders =
    R"("stores": [{"name": "orders", "service": "checkout", "migration": {"kind": "add_required_column"}}])";

TEST(ParseScenario, StoreDefaults) {
  const auto s =
      parse_scenario(scenario_with(R"("stores": [{"name": "orders", "service": "checkout"}])"), "t");
  ASSERT_EQ(s.stores.size(), 1u);
  const auto& orders = s.stores[0];
  EXPECT_EQ(orders.name, "orders");
  EXPECT_EQ(orders.service, "checkout");
  EXPECT_DOUBLE_EQ(orders.write_fraction, 0.1);
  EXPECT_DOUBLE_EQ(orders.size_gb, 10.0);
  EXPECT_DOUBLE_EQ(orders.restore_throughput_mb_s, 100.0);
  EXPECT_DOUBLE_EQ(orders.backup_interval_s, 86400.0);
  EXPECT_DOUBLE_EQ(orders.backup_offset_s, 0.0);
  EXPECT_FALSE(orders.wal_archive_interval_s);
  EXPECT_FALSE(orders.migration);
  EXPECT_EQ(s.store_index("orders"), 0);
}

TEST(ParseScenario, StoreKeysAreRead) {
  const auto s = parse_scenario(scenario_with(R"("stores": [{"name": "orders", "service": "search",
      "write_fraction": 0.5, "size_gb": 2, "restore_throughput_mb_s": 50, "backup": {"interval_s": 3600,
      "offset_s": -600}, "wal_archive_interval_s": 60, "migration": {"kind": "remove_table", "applied_at_s": 30}}])"),
                                "t");
  const auto& orders = s.stores[0];
  EXPECT_EQ(orders.service, "search");
  EXPECT_DOUBLE_EQ(orders.write_fraction, 0.5);
  EXPECT_DOUBLE_EQ(orders.restore_duration_s(), 2.0 * 1024.0 / 50.0);
  EXPECT_DOUBLE_EQ(orders.backup_interval_s, 3600.0);
  EXPECT_DOUBLE_EQ(orders.backup_offset_s, -600.0);
  EXPECT_EQ(orders.wal_archive_interval_s, 60.0);
  ASSERT_TRUE(orders.migration);
  EXPECT_EQ(orders.migration->kind, model::MigrationSpec::Kind::RemoveTable);
  EXPECT_DOUBLE_EQ(orders.migration->applied_at_s, 30.0);
  // Backups at -600 + k * 3600 (..., -600, 3000, 6600, ...): the latest at or before 3000 is 3000
  // itself, at or before 2999 it is -600.
  EXPECT_DOUBLE_EQ(orders.latest_backup(3000.0), 3000.0);
  EXPECT_DOUBLE_EQ(orders.latest_backup(2999.0), -600.0);
}

TEST(ParseScenario, DataStoreStepsAreRead) {
  const auto s = parse_scenario(scenario_with(kOrders + R"(, "plan": {"name": "p", "steps": [
          {"name": "a", "action": "db_restore", "store": "orders"},
          {"name": "b", "action": "db_restore", "store": "orders", "point_in_time": true, "target": "latest"},
          {"name": "c", "action": "db_migrate_down", "store": "orders", "duration": 60}]})"),
                                "t");
  const auto& steps = s.plan->levels[0].steps;
  EXPECT_EQ(steps[0].action, StepSpec::Action::DbRestore);
  EXPECT_EQ(steps[0].store, "orders");
  EXPECT_FALSE(steps[0].point_in_time);
  EXPECT_EQ(steps[0].restore_target, StepSpec::RestoreTarget::BeforeFault);
  EXPECT_TRUE(steps[1].point_in_time);
  EXPECT_EQ(steps[1].restore_target, StepSpec::RestoreTarget::Latest);
  EXPECT_EQ(steps[2].action, StepSpec::Action::DbMigrateDown);
}

TEST(ParseScenario, RequiresIsRead) {
  const auto s = parse_scenario(
      steps_plan(
          R"({"name": "migrate", "action": "notify"}, {"name": "deploy", "action": "notify", "requires": ["migrate"]})"),
      "t");
  EXPECT_TRUE(s.plan->levels[0].steps[0].requires_steps.empty());
  EXPECT_EQ(s.plan->levels[0].steps[1].requires_steps, std::vector<std::string>{"migrate"});
}

TEST(ParseScenario, GroupsAreReadAndMayRepeatInAnotherLevel) {
  const auto s =
      parse_scenario(levels_plan(R"({"name": "L1", "steps": [{"name": "a", "action": "notify", "group": "g"},
      {"name": "b", "action": "notify", "group": "g"}, {"name": "c", "action": "notify"}]},
      {"name": "L2", "steps": [{"name": "d", "action": "notify", "group": "g"}]})"),
                     "t");
  EXPECT_EQ(s.plan->levels[0].steps[0].group, "g");
  EXPECT_EQ(s.plan->levels[0].steps[1].group, "g");
  EXPECT_EQ(s.plan->levels[0].steps[2].group, "");
  EXPECT_EQ(s.plan->levels[1].steps[0].group, "g");
}

TEST(ParseScenario, FlagsClassesAndTimeOnlyActionsAreRead) {
  const auto s = parse_scenario(
      R"({"name": "t", "duration_s": 600, "services": [{"name": "api", "service_time": 0.01,
          "versions": {"stable": {"replicas": 2}, "new": {"replicas": 1}},
          "traffic": {"rate": {"kind": "constant", "rps": 5}},
          "request_classes": [{"name": "paid", "share": 0.3, "value": 25}, {"name": "trial", "share": 0.7, "value": 0}]}],
        "fault": {"kind": "bad_release", "service": "api", "at_s": 60, "error_probability": 0.5,
                  "flag": "new-pricing", "corrupts_writes": 0.1},
        "plan": {"name": "p", "steps": [
          {"name": "a", "action": "disable_flag", "flag": "new-pricing", "propagation": {"kind": "uniform", "min_s": 0, "max_s": 60}},
          {"name": "b", "action": "maintenance_mode", "service": "api"},
          {"name": "c", "action": "maintenance_mode", "service": "api", "on": false},
          {"name": "d", "action": "pipeline_redeploy", "service": "api", "duration": 300},
          {"name": "e", "action": "infra_rollback", "duration": 120},
          {"name": "f", "action": "status_page"}]}})",
      "t");
  ASSERT_EQ(s.services[0].request_classes.size(), 2u);
  EXPECT_EQ(s.services[0].request_classes[0].name, "paid");
  EXPECT_DOUBLE_EQ(s.services[0].request_classes[0].share, 0.3);
  EXPECT_DOUBLE_EQ(s.services[0].request_classes[0].value, 25.0);
  EXPECT_EQ(s.fault->flag, "new-pricing");
  EXPECT_DOUBLE_EQ(s.fault->as<model::fault::BadRelease>().corrupts_writes, 0.1);
  const auto& steps = s.plan->levels[0].steps;
  EXPECT_EQ(steps[0].flag, "new-pricing");
  expect_distribution(steps[0].propagation, Distribution::Kind::Uniform, 0.0, 60.0);
  EXPECT_TRUE(steps[1].maintenance_on);
  EXPECT_FALSE(steps[2].maintenance_on);
  EXPECT_EQ(steps[3].action, StepSpec::Action::PipelineRedeploy);
  EXPECT_EQ(steps[3].version, Version::Stable);
  EXPECT_TRUE(steps[3].automated);  // a pipeline is a tool's work
  EXPECT_TRUE(steps[4].automated);
  EXPECT_FALSE(steps[5].automated);
  expect_distribution(steps[0].duration, Distribution::Kind::Fixed, 0.0);
}

// "flags" declares feature flags with no fault behind them: a plan may turn them off (a runbook that
// disables several flags), and only the fault's flag ends the fault. An undeclared flag is still refused.
TEST(ParseScenario, DeclaredFlagsMayBeTurnedOffBesidesTheFaultsFlag) {
  const auto with_step_on = [](const std::string& flag) {
    return scenario_with(
        R"("fault": {"kind": "bad_release", "service": "checkout", "at_s": 60, "error_probability": 0.5,
                   "flag": "FEATURE_X"},
         "flags": ["FEATURE_Y", "beta-search"],
         "plan": {"name": "p", "steps": [
           {"name": "x", "action": "disable_flag", "flag": "FEATURE_X"},
           {"name": "y", "action": "disable_flag", "flag": "FEATURE_Y"},
           {"name": "z", "action": "disable_flag", "flag": ")" +
        flag + R"("}]})");
  };
  const auto s = parse_scenario(with_step_on("beta-search"), "t");
  EXPECT_EQ(s.flags, (std::vector<std::string>{"FEATURE_Y", "beta-search"}));
  ASSERT_EQ(s.plan->levels[0].steps.size(), 3u);
  EXPECT_EQ(s.plan->levels[0].steps[1].flag, "FEATURE_Y");
  EXPECT_EQ(s.plan->levels[0].steps[2].flag, "beta-search");
  try {
    parse_scenario(with_step_on("FEATURE_Z"), "t");
    FAIL() << "an undeclared flag was accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where(), "/plan/steps/2/flag");
    EXPECT_EQ(e.problem(),
              "unknown flag \"FEATURE_Z\"; the scenario's fault is behind flag \"FEATURE_X\"; other flags: "
              "FEATURE_Y, beta-search");
  }
  EXPECT_THROW(parse_scenario(scenario_with(R"("flags": ["a", "a"])"), "t"), InputError);
  EXPECT_THROW(parse_scenario(scenario_with(R"("flags": [""])"), "t"), InputError);
  EXPECT_THROW(parse_scenario(scenario_with(R"("fault": {"kind": "bad_release", "service": "checkout",
      "at_s": 60, "error_probability": 0.5, "flag": "f"}, "flags": ["f"])"),
                              "t"),
               InputError);
  EXPECT_TRUE(parse_scenario(scenario_with(""), "t").flags.empty());
}

// The loader's action names are indexed by the model's Action enum: every action the model knows, by its
// own name, must be known to the loader too (it may still want keys of its own).
TEST(ParseScenario, EveryModelActionIsAnActionOfTheFileFormat) {
  for (int a = 0; a <= static_cast<int>(StepSpec::Action::RestoreConfig); ++a) {
    const std::string name = model::to_string(static_cast<StepSpec::Action>(a));
    SCOPED_TRACE(name);
    try {
      const auto s =
          parse_scenario(steps_plan(R"({"name": "a", "duration": 1, "action": ")" + name + "\"}"), "t");
      EXPECT_EQ(s.plan->levels[0].steps[0].action, static_cast<StepSpec::Action>(a));
    } catch (const InputError& e) {
      EXPECT_EQ(std::string(e.problem()).find("unknown action"), std::string::npos) << e.what();
      EXPECT_EQ(e.problem().find("missing"), 0u) << e.what();  // only a required key of its own is missing
    }
  }
}

struct InlineCase {
  std::string name;  // Test name.
  std::string text;
  std::string where;
  std::string problem;
};

std::ostream& operator<<(std::ostream& out, const InlineCase& c) {
  return out << c.name;
}

const std::string kL2 = R"({"name": "L2", "steps": [{"name": "z", "action": "notify"}]})";

const std::vector<InlineCase> kInlineCases{
    // Scraping.
    {"ScrapeIntervalNotWhole",
     scenario_with(
         R"("alert": {"name": "E", "service": "search", "threshold": 0.1, "scrape_interval_s": 7.5})"),
     "/alert/scrape_interval_s", "expected an integer >= 1, found 7.5"},
    {"WindowShorterThanAScrapeInterval",
     scenario_with(R"("alert": {"name": "E", "service": "search", "threshold": 0.1, "window_s": 30})"),
     "/alert/window_s",
     "a window of 30 s holds fewer than two samples scraped every 60 s: rate() would return nothing and the "
     "rule could never fire; make the window at least scrape_interval_s (Prometheus advises 4 times)"},
    // Ordering constraints.
    {"RequiresUnknownStep",
     steps_plan(
         R"({"name": "migrate", "action": "notify"}, {"name": "deploy", "action": "notify", "requires": ["migrat"]})"),
     "/plan/steps/1/requires/0",
     "unknown step \"migrat\"; did you mean \"migrate\"? a step may require any step of the plan by its "
     "name"},
    {"RequiresALaterStep",
     steps_plan(
         R"({"name": "deploy", "action": "notify", "requires": ["migrate"]}, {"name": "migrate", "action": "notify"})"),
     "/plan/steps/0/requires/0",
     "\"migrate\" comes after \"deploy\" in its level: the plan would block there every time; move it "
     "before"},
    {"RequiresItself", steps_plan(R"({"name": "deploy", "action": "notify", "requires": ["deploy"]})"),
     "/plan/steps/0/requires/0", "a step cannot require itself"},
    {"RequiresAStepOfItsParallelGroup",
     steps_plan(
         R"({"name": "a", "action": "notify", "group": "g"}, {"name": "b", "action": "notify", "group": "g", "requires": ["a"]})"),
     "/plan/steps/1/requires/0",
     "\"a\" runs in parallel with \"b\" (group \"g\"): it cannot have completed before"},
    {"RequiresCycleAcrossLevels",
     levels_plan(R"({"name": "L1", "steps": [{"name": "a", "action": "notify", "requires": ["b"]}]},
                    {"name": "L2", "steps": [{"name": "b", "action": "notify", "requires": ["a"]}]})"),
     "/plan/levels/1/steps/0/requires/0",
     "ordering cycle: \"a\" -> \"b\" -> \"a\" (each requires the next): none of them could ever run"},
    // Parallel groups.
    {"GroupNotConsecutive",
     steps_plan(R"({"name": "a", "action": "notify", "group": "g"}, {"name": "b", "action": "notify"},
         {"name": "c", "action": "notify", "group": "g"})"),
     "/plan/steps/2/group",
     "the steps of group \"g\" must be consecutive: a group runs its steps in parallel, then the plan goes "
     "on"},
    // Flags and request classes.
    {"DisableUnknownFlag", steps_plan(R"({"name": "a", "action": "disable_flag", "flag": "pricing"})"),
     "/plan/steps/0/flag",
     "unknown flag \"pricing\"; the scenario's fault is behind no flag (set fault.flag)"},
    {"RequestClassSharesAboveOne",
     service_with(
         R"("request_classes": [{"name": "a", "share": 0.6, "value": 1}, {"name": "b", "share": 0.5, "value": 1}])"),
     "/services/0/request_classes/1/share",
     "the request classes' shares add up to 1.1, more than 1 (the whole of the service's requests)"},
    {"RequestClassDuplicate",
     service_with(
         R"("request_classes": [{"name": "a", "share": 0.1, "value": 1}, {"name": "a", "share": 0.1, "value": 1}])"),
     "/services/0/request_classes/1/name", "duplicate request class \"a\""},
    // Stores.
    {"StoreUnknownService", scenario_with(R"("stores": [{"name": "orders", "service": "chekout"}])"),
     "/stores/0/service", "unknown service \"chekout\"; services are: checkout, search"},
    {"StoreDuplicateName",
     scenario_with(
         R"("stores": [{"name": "orders", "service": "checkout"}, {"name": "orders", "service": "search"}])"),
     "/stores/1/name", "duplicate store name \"orders\" (already used by /stores/0)"},
    {"StoreWriteFractionZero",
     scenario_with(R"("stores": [{"name": "o", "service": "checkout", "write_fraction": 0}])"),
     "/stores/0/write_fraction", "expected a number > 0 and <= 1, found 0"},
    {"StoreMigrationKindUnknown",
     scenario_with(
         R"("stores": [{"name": "o", "service": "checkout", "migration": {"kind": "drop_column"}}])"),
     "/stores/0/migration/kind",
     "unknown migration kind \"drop_column\"; allowed: add_nullable_column, add_table, add_required_column, "
     "change_type, rename_column, remove_column, remove_table"},
    {"RestoreUnknownStore",
     scenario_with(
         kOrders +
         R"(, "plan": {"name": "p", "steps": [{"name": "a", "action": "db_restore", "store": "order"}]})"),
     "/plan/steps/0/store", "unknown store \"order\"; stores are: orders"},
    {"RestoreWithoutStores", steps_plan(R"({"name": "a", "action": "db_restore", "store": "orders"})"),
     "/plan/steps/0/store", "unknown store \"orders\"; the scenario declares no \"stores\""},
    {"MigrateDownWithoutMigration",
     scenario_with(R"("stores": [{"name": "orders", "service": "checkout"}], "plan": {"name": "p", "steps": [
         {"name": "a", "action": "db_migrate_down", "store": "orders"}]})"),
     "/plan/steps/0/store",
     "store \"orders\" has no \"migration\" to revert; give the store its migration, or remove the step"},
    {"ShiftTrafficOnPodRouting",
     R"({"name": "t", "duration_s": 600, "services": [{"name": "api", "service_time": 0.01, "routing": "pods",
        "versions": {"stable": {"replicas": 2}}, "traffic": {"rate": {"kind": "constant", "rps": 5}}}],
        "plan": {"name": "p", "steps": [{"name": "a", "action": "shift_traffic", "service": "api",
        "weights": {"stable": 1, "new": 0}}]}})",
     "/plan/steps/0/weights",
     "a shift_traffic step sets traffic weights, but service \"api\" has \"routing\": \"pods\": its traffic "
     "follows the Ready pods of each version; change the pods (scale, rollout_undo, set_image) or use "
     "\"routing\": \"weights\""},
    // Services.
    {"RoutingUnknown", service_with(R"("routing": "pod")"), "/services/0/routing",
     "unknown routing \"pod\"; did you mean \"pods\"? allowed: weights, pods"},
    {"PodsUnknownKey", service_with(R"("pods": {"start_s": 5})"), "/services/0/pods/start_s",
     "unknown key \"start_s\"; allowed keys: container_start, start, readiness, pre_stop, "
     "termination_grace_period_s, min_ready_s"},
    {"PodsNotAnObject", service_with(R"("pods": 3)"), "/services/0/pods", "expected a pods object, found 3"},
    {"PodStartNegative", service_with(R"("pods": {"start": -5})"), "/services/0/pods/start",
     "expected a number >= 0, found -5"},
    {"ReadinessUnknownKey", service_with(R"("pods": {"readiness": {"periodSeconds": 5}})"),
     "/services/0/pods/readiness/periodSeconds",
     "unknown key \"periodSeconds\"; allowed keys: initial_delay_s, period_s, success_threshold, "
     "failure_threshold"},
    {"ReadinessInitialDelayNegative", service_with(R"("pods": {"readiness": {"initial_delay_s": -1}})"),
     "/services/0/pods/readiness/initial_delay_s", "expected a number >= 0, found -1"},
    {"ReadinessPeriodBelowOne", service_with(R"("pods": {"readiness": {"period_s": 0.5}})"),
     "/services/0/pods/readiness/period_s", "expected a number >= 1, found 0.5"},
    {"FailureThresholdZero", service_with(R"("pods": {"readiness": {"failure_threshold": 0}})"),
     "/services/0/pods/readiness/failure_threshold", "expected an integer >= 1, found 0"},
    {"FailureThresholdNotInteger", service_with(R"("pods": {"readiness": {"failure_threshold": 2.5}})"),
     "/services/0/pods/readiness/failure_threshold", "expected an integer >= 1, found 2.5"},
    {"GracePeriodNegative", service_with(R"("pods": {"termination_grace_period_s": -1})"),
     "/services/0/pods/termination_grace_period_s", "expected a number >= 0, found -1"},
    {"MinReadyNegative", service_with(R"("pods": {"min_ready_s": -1})"), "/services/0/pods/min_ready_s",
     "expected a number >= 0, found -1"},
    {"StrategyTypeCase", service_with(R"("strategy": {"type": "recreate"})"), "/services/0/strategy/type",
     "unknown strategy type \"recreate\"; did you mean \"Recreate\"? allowed: RollingUpdate, Recreate"},
    {"StrategyUnknownKey", service_with(R"("strategy": {"maxSurge": 1})"), "/services/0/strategy/maxSurge",
     "unknown key \"maxSurge\"; did you mean \"max_surge\"?"},
    {"RecreateTakesNoMaxSurge", service_with(R"("strategy": {"type": "Recreate", "max_surge": 1})"),
     "/services/0/strategy/max_surge",
     "\"Recreate\" takes no max_surge: it deletes every old pod, then creates the new ones; max_surge and "
     "max_unavailable are for \"RollingUpdate\""},
    {"RecreateTakesNoMaxUnavailable",
     service_with(R"("strategy": {"max_unavailable": "25%", "type": "Recreate", "max_surge": 1})"),
     "/services/0/strategy/max_unavailable",
     "\"Recreate\" takes no max_unavailable: it deletes every old pod, then creates the new ones; max_surge "
     "and "
     "max_unavailable are for \"RollingUpdate\""},
    {"StrategyBothZero", service_with(R"("strategy": {"max_surge": 0, "max_unavailable": "0%"})"),
     "/services/0/strategy",
     "max_surge and max_unavailable cannot both be 0, found 0 and \"0%\": the rollout could neither add a "
     "pod "
     "nor take one away; make one of them at least 1 or a percentage above 0"},
    {"ProgressDeadlineZero", service_with(R"("strategy": {"progress_deadline_s": 0})"),
     "/services/0/strategy/progress_deadline_s", "expected a number > 0, found 0"},

    // The plan's shape.
    {"StepsAndLevels", plan_with(R"({"name": "p", "steps": [], "levels": []})"), "/plan",
     "a plan takes \"steps\" or \"levels\", not both: with levels, each level holds its own steps"},
    {"NeitherStepsNorLevels", plan_with(R"({"name": "p"})"), "/plan",
     "missing \"steps\" or \"levels\": a plan needs one of them (a list of steps, or a list of levels that "
     "each "
     "hold steps)"},
    {"PlanUnknownKey", plan_with(R"({"name": "p", "level": []})"), "/plan/level",
     "unknown key \"level\"; did you mean \"levels\"?"},
    {"EmptySteps", steps_plan(""), "/plan/steps", "expected a non-empty array of step objects, found []"},
    {"EmptyLevels", levels_plan(""), "/plan/levels", "expected a non-empty array of level objects, found []"},
    {"LevelNotAnObject", levels_plan("[]"), "/plan/levels/0",
     "expected a level object {\"name\": \"...\", \"claim_s\": t, \"steps\": [...]}, found []"},
    {"LevelUnknownKey",
     levels_plan(R"({"name": "L1", "clam_s": 60, "steps": [{"name": "a", "action": "notify"}]})"),
     "/plan/levels/0/clam_s", "unknown key \"clam_s\"; did you mean \"claim_s\"?"},
    {"LevelNameMissing", levels_plan(R"({"steps": [{"name": "a", "action": "notify"}]})"),
     "/plan/levels/0/name", "missing; expected a non-empty string"},
    {"LevelNameEmpty", levels_plan(R"({"name": "", "steps": [{"name": "a", "action": "notify"}]})"),
     "/plan/levels/0/name", "expected a non-empty string, found \"\""},
    {"LevelNameDuplicate", levels_plan(R"({"name": "L1", "steps": [{"name": "a", "action": "notify"}]},
                    {"name": "L1", "steps": [{"name": "b", "action": "notify"}]})"),
     "/plan/levels/1/name", "duplicate level name \"L1\" (already used by /plan/levels/0)"},
    {"LevelClaimZero",
     levels_plan(R"({"name": "L1", "claim_s": 0, "steps": [{"name": "a", "action": "notify"}]})"),
     "/plan/levels/0/claim_s", "expected a number > 0, found 0"},
    {"LevelMissingSteps", levels_plan(R"({"name": "L1"})"), "/plan/levels/0/steps",
     "missing; expected a non-empty array of step objects"},
    {"LevelWithoutSteps", levels_plan(kL2 + R"(, {"name": "L3", "steps": []})"), "/plan/levels/1/steps",
     "a level needs at least one step, found []"},
    {"LevelStepsNotAnArray", levels_plan(R"({"name": "L1", "steps": {}})"), "/plan/levels/0/steps",
     "expected a non-empty array of step objects, found {}"},
    {"StepNameDuplicateInSteps",
     steps_plan(R"({"name": "a", "action": "notify"}, {"name": "a", "action": "manual", "duration": 5})"),
     "/plan/steps/1/name",
     "duplicate step name \"a\" (already used by /plan/steps/0); give each step of the plan its own name"},
    {"StepNameDuplicateAcrossLevels",
     levels_plan(
         R"({"name": "L1", "steps": [{"name": "a", "action": "notify"}, {"name": "z", "action": "notify"}]},)" +
         kL2),
     "/plan/levels/1/steps/0/name",
     "duplicate step name \"z\" (already used by /plan/levels/0/steps/1); give each step of the plan its own "
     "name"},

    // Steps.
    {"ActionUnknownWithSuggestion",
     steps_plan(R"({"name": "a", "action": "rollout-undo", "service": "checkout"})"), "/plan/steps/0/action",
     "unknown action \"rollout-undo\"; did you mean \"rollout_undo\"? allowed: shift_traffic, scale, wait, "
     "verify, "
     "rollout_undo, set_image, manual, notify, db_restore, db_migrate_down, maintenance_mode, disable_flag, "
     "pipeline_redeploy, infra_rollback, "
     "status_page, restore_config, rollout_pause, rollout_resume, scale_deployment"},
    {"ActionMissingUnknownKey", steps_plan(R"({"name": "a", "retires": 2})"), "/plan/steps/0/retires",
     "unknown key \"retires\"; did you mean \"retries\"?"},
    {"NotifyTakesNoService", steps_plan(R"({"name": "a", "action": "notify", "service": "checkout"})"),
     "/plan/steps/0/service",
     "unknown key \"service\"; a \"notify\" step takes: name, action, duration, automated, "
     "failure_probability, "
     "retries, on_failure, escalate_to, group, requires, source, assumed, when"},
    {"SetImageTakesNoVersion",
     steps_plan(R"({"name": "a", "action": "set_image", "service": "checkout", "version": "new"})"),
     "/plan/steps/0/version",
     "unknown key \"version\"; a \"set_image\" step takes: name, action, duration, automated, "
     "failure_probability, "
     "retries, on_failure, escalate_to, group, requires, source, assumed, when, service, to, replicas, "
     "wait_ready"},
    {"ScaleTakesNoTo",
     steps_plan(R"({"name": "a", "action": "scale", "service": "checkout", "to": "new", "replicas": 1})"),
     "/plan/steps/0/to",
     "unknown key \"to\"; a \"scale\" step takes: name, action, duration, automated, failure_probability, "
     "retries, "
     "on_failure, escalate_to, group, requires, source, assumed, when, service, version, replicas, "
     "wait_ready"},
    {"ManualNeedsDuration", steps_plan(R"({"name": "a", "action": "manual"})"), "/plan/steps/0/duration",
     "missing; expected a duration in seconds (a number >= 0) or a distribution object with a \"kind\""},
    {"StepNameEmpty", steps_plan(R"({"name": "", "action": "notify"})"), "/plan/steps/0/name",
     "expected a non-empty string, found \"\""},
    {"AutomatedNotABoolean", steps_plan(R"({"name": "a", "action": "notify", "automated": "yes"})"),
     "/plan/steps/0/automated", "expected true or false, found \"yes\""},
    {"FailureProbabilityAboveOne",
     steps_plan(R"({"name": "a", "action": "notify", "failure_probability": 1.5})"),
     "/plan/steps/0/failure_probability", "expected a number in [0, 1], found 1.5"},
    {"RetriesNegative", steps_plan(R"({"name": "a", "action": "notify", "retries": -1})"),
     "/plan/steps/0/retries", "expected an integer >= 0, found -1"},
    {"RetriesNotInteger", steps_plan(R"({"name": "a", "action": "notify", "retries": 1.5})"),
     "/plan/steps/0/retries", "expected an integer >= 0, found 1.5"},
    {"OnFailureUnknown", steps_plan(R"({"name": "a", "action": "notify", "on_failure": "retry"})"),
     "/plan/steps/0/on_failure", "unknown on_failure \"retry\"; allowed: abort, continue, escalate, block"},
    {"WaitReadyNotABoolean",
     steps_plan(R"({"name": "a", "action": "rollout_undo", "service": "checkout", "wait_ready": 1})"),
     "/plan/steps/0/wait_ready", "expected true or false, found 1"},
    {"RolloutUndoNeedsService", steps_plan(R"({"name": "a", "action": "rollout_undo"})"),
     "/plan/steps/0/service", "missing; expected the name of a service"},
    {"RolloutUndoUnknownService",
     steps_plan(R"({"name": "a", "action": "rollout_undo", "service": "chekout"})"), "/plan/steps/0/service",
     "unknown service \"chekout\"; services are: checkout, search"},
    {"RolloutUndoToUnknown", steps_plan(R"({"name": "a", "action": "rollout_undo", "service": "checkout",
        "to": "old"})"),
     "/plan/steps/0/to", "unknown version \"old\"; allowed: stable, new"},
    {"RolloutReplicasZero",
     steps_plan(R"({"name": "a", "action": "set_image", "service": "checkout", "replicas": 0})"),
     "/plan/steps/0/replicas", "expected an integer >= 1, found 0"},
    {"StepInLevelUnknownService",
     levels_plan(R"({"name": "L1", "steps": [{"name": "a", "action": "verify", "service": "serch"}]})"),
     "/plan/levels/0/steps/0/service", "unknown service \"serch\"; services are: checkout, search"},

    // Escalation.
    {"EscalateToWithoutEscalate",
     levels_plan(R"({"name": "L1", "steps": [{"name": "a", "action": "notify", "escalate_to": "L2"}]},)" +
                 kL2),
     "/plan/levels/0/steps/0/escalate_to",
     "escalate_to is only taken with \"on_failure\": \"escalate\"; this step's on_failure is \"abort\" (the "
     "default)"},
    {"EscalateToWithContinue",
     levels_plan(R"({"name": "L1", "steps": [{"name": "a", "action": "notify", "on_failure": "continue",
         "escalate_to": "L2"}]},)" +
                 kL2),
     "/plan/levels/0/steps/0/escalate_to",
     "escalate_to is only taken with \"on_failure\": \"escalate\"; this step's on_failure is \"continue\""},
    {"EscalateToEmpty",
     levels_plan(R"({"name": "L1", "steps": [{"name": "a", "action": "notify", "on_failure": "escalate",
         "escalate_to": ""}]},)" +
                 kL2),
     "/plan/levels/0/steps/0/escalate_to", "expected a non-empty string, found \"\""},
    {"EscalateToUnknownLevel",
     levels_plan(R"({"name": "Level 1", "steps": [{"name": "a", "action": "notify", "on_failure": "escalate",
         "escalate_to": "Levl 2"}]}, {"name": "Level 2", "steps": [{"name": "b", "action": "notify"}]})"),
     "/plan/levels/0/steps/0/escalate_to",
     "unknown level \"Levl 2\"; did you mean \"Level 2\"? levels are: Level 1, Level 2"},
    {"FieldErrorsComeBeforeEscalationRules",
     levels_plan(R"({"name": "L1", "steps": [{"name": "a", "action": "notify", "on_failure": "escalate",
         "escalate_to": "DBA"}]}, {"name": "L2", "steps": [{"name": "b", "action": "wat"}]})"),
     "/plan/levels/1/steps/0/action",  // Fields first, then the rules across levels.
     "unknown action \"wat\"; did you mean \"wait\"? allowed: shift_traffic, scale, wait, verify, "
     "rollout_undo, "
     "set_image, manual, notify, db_restore, db_migrate_down, maintenance_mode, disable_flag, "
     "pipeline_redeploy, infra_rollback, "
     "status_page, restore_config, rollout_pause, rollout_resume, scale_deployment"},
    {"EscalateToUnknownLevelAsCloseToTwo",  // No guess between "Level 1" and "Level 2".
     levels_plan(R"({"name": "Level 1", "steps": [{"name": "a", "action": "notify", "on_failure": "escalate",
         "escalate_to": "Level 3"}]}, {"name": "Level 2", "steps": [{"name": "b", "action": "notify"}]})"),
     "/plan/levels/0/steps/0/escalate_to", "unknown level \"Level 3\"; levels are: Level 1, Level 2"},
    {"EscalateToUnknownLevelNoSuggestion",
     levels_plan(R"({"name": "L1", "steps": [{"name": "a", "action": "notify", "on_failure": "escalate",
         "escalate_to": "DBA"}]},)" +
                 kL2),
     "/plan/levels/0/steps/0/escalate_to", "unknown level \"DBA\"; levels are: L1, L2"},
    {"EscalateToInAStepsPlan",
     steps_plan(R"({"name": "a", "action": "notify", "on_failure": "escalate", "escalate_to": "L2"})"),
     "/plan/steps/0/escalate_to",
     "unknown level \"L2\"; this plan is written with \"steps\" and has no named levels; write \"levels\" to "
     "escalate"},
    {"EscalateInAStepsPlan", steps_plan(R"({"name": "a", "action": "notify", "on_failure": "escalate"})"),
     "/plan/steps/0/on_failure",
     "no level to escalate to: a plan written with \"steps\" has a single level; write \"levels\" to "
     "escalate"},
    {"EscalateFromTheLastLevel", levels_plan(R"({"name": "L1", "steps": [{"name": "a", "action": "notify"}]},
                    {"name": "L2", "steps": [{"name": "b", "action": "notify", "on_failure": "escalate"}]})"),
     "/plan/levels/1/steps/0/on_failure",
     "no level after \"L2\" to escalate to; name a level with escalate_to, or choose another on_failure"},
    {"EscalationCycleOfTwo",
     levels_plan(R"({"name": "L1", "steps": [{"name": "a", "action": "notify", "on_failure": "escalate",
         "escalate_to": "L2"}]},
        {"name": "L2", "steps": [{"name": "b", "action": "notify", "on_failure": "escalate", "escalate_to": "L1"}]})"),
     "/plan/levels/1/steps/0/escalate_to",
     "escalation cycle: \"L1\" -> \"L2\" -> \"L1\"; a level must not escalate back to itself, directly or "
     "through "
     "other levels"},
    {"EscalationCycleToItself",
     levels_plan(
         R"({"name": "L1", "steps": [{"name": "a", "action": "notify"}, {"name": "b", "action": "notify",
         "on_failure": "escalate", "escalate_to": "L1"}]},)" +
         kL2),
     "/plan/levels/0/steps/1/escalate_to",
     "escalation cycle: \"L1\" -> \"L1\"; a level must not escalate back to itself, directly or through "
     "other "
     "levels"},
    {"EscalationCycleOfThree",
     levels_plan(R"({"name": "A", "steps": [{"name": "a", "action": "notify", "on_failure": "escalate"}]},
        {"name": "B", "steps": [{"name": "b", "action": "notify", "on_failure": "escalate"}]},
        {"name": "C", "steps": [{"name": "c", "action": "notify", "on_failure": "escalate", "escalate_to": "A"}]})"),
     "/plan/levels/2/steps/0/escalate_to",
     "escalation cycle: \"A\" -> \"B\" -> \"C\" -> \"A\"; a level must not escalate back to itself, directly "
     "or "
     "through other levels"},
    {"EscalationCycleClosedByTheNextLevel",
     levels_plan(R"({"name": "A", "steps": [{"name": "a", "action": "notify", "on_failure": "escalate",
         "escalate_to": "C"}]},
        {"name": "B", "steps": [{"name": "b", "action": "notify", "on_failure": "escalate"}]},
        {"name": "C", "steps": [{"name": "c", "action": "notify", "on_failure": "escalate", "escalate_to": "B"}]})"),
     "/plan/levels/1/steps/0/on_failure",
     "escalation cycle: \"C\" -> \"B\" -> \"C\"; a level must not escalate back to itself, directly or "
     "through "
     "other levels"},

    // Distributions of step durations.
    {"UniformInverted",
     steps_plan(
         R"({"name": "a", "action": "wait", "duration": {"kind": "uniform", "min_s": 60, "max_s": 20}})"),
     "/plan/steps/0/duration/max_s", "expected a number >= 60 (min_s), found 20"},
    {"TriangularInverted",
     steps_plan(
         R"({"name": "a", "action": "wait", "duration": {"kind": "triangular", "min_s": 60, "mode_s": 70, "max_s": 20}})"),
     "/plan/steps/0/duration/max_s", "expected a number >= 60 (min_s), found 20"},
    {"TriangularModeOutside",
     steps_plan(
         R"({"name": "a", "action": "wait", "duration": {"kind": "triangular", "min_s": 10, "mode_s": 5, "max_s": 20}})"),
     "/plan/steps/0/duration/mode_s", "expected a number >= 10 (min_s) and <= 20 (max_s), found 5"},
    {"NegativeNumberDuration", steps_plan(R"({"name": "a", "action": "manual", "duration": -1})"),
     "/plan/steps/0/duration", "expected a number >= 0, found -1"},
    {"NegativeFixedDuration",
     steps_plan(R"({"name": "a", "action": "notify", "duration": {"kind": "fixed", "value_s": -5}})"),
     "/plan/steps/0/duration/value_s", "expected a number >= 0, found -5"},
    {"NegativeUniformMin",
     levels_plan(
         R"({"name": "L1", "steps": [{"name": "a", "action": "wait", "duration": {"kind": "uniform", "min_s": -10, "max_s": 20}}]})"),
     "/plan/levels/0/steps/0/duration/min_s", "expected a number >= 0, found -10"},
    {"ExponentialMeanZero",
     steps_plan(R"({"name": "a", "action": "wait", "duration": {"kind": "exponential", "mean_s": 0}})"),
     "/plan/steps/0/duration/mean_s", "expected a number > 0, found 0"},
    {"LognormalNegativeSigma",
     steps_plan(
         R"({"name": "a", "action": "wait", "duration": {"kind": "lognormal", "median_s": 60, "sigma": -0.5}})"),
     "/plan/steps/0/duration/sigma", "expected a number >= 0, found -0.5"},
};

class InvalidScenario : public ::testing::TestWithParam<InlineCase> {};

TEST_P(InvalidScenario, IsRejectedAtItsPointerWithItsProblem) {
  const InlineCase& c = GetParam();
  try {
    parse_scenario(c.text, "t");
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where(), c.where) << e.what();
    EXPECT_EQ(e.problem(), c.problem) << e.what();
  }
}

INSTANTIATE_TEST_SUITE_P(Inline, InvalidScenario, ::testing::ValuesIn(kInlineCases),
                         [](const ::testing::TestParamInfo<InlineCase>& info) { return info.param.name; });

// ------------------------------------------------------------------------------------------ bad fixtures

struct BadCase {
  std::string fixture;  // File name under tests/data/bad/.
  std::string where;    // Expected JSON pointer or line:col ("" for the whole document).
  std::string phrase;   // Expected part of the problem.
};

std::ostream& operator<<(std::ostream& out, const BadCase& c) {
  return out << c.fixture;
}

const std::vector<BadCase> kBadCases{
    {"bad_syntax.json", "10:5", "JSON syntax error: syntax error while parsing object key - unexpected '}'"},
    {"bad_wrong_type.json", "/services/0/versions/stable/replicas",
     "expected an integer in [0, 1000], found \"three\""},
    {"bad_missing_field.json", "/duration_s", "missing; expected a number > 0 and <= 2592000"},
    {"bad_negative_duration.json", "/plan/steps/0/duration", "expected a number >= 0, found -30"},
    {"bad_probability_above_one.json", "/fault/error_probability", "expected a number in [0, 1], found 1.5"},
    {"bad_unknown_service.json", "/deployments/0/service",
     "unknown service \"chekout\"; services are: checkout, search"},
    {"bad_weights_sum.json", "/deployments/0/weights", "weights must add up to 1, found 0.9 + 0.2 = 1.1"},
    {"bad_unknown_key_top.json", "/seeed", "unknown key \"seeed\"; did you mean \"seed\"?"},
    {"bad_unknown_key_nested.json", "/services/0/versions/stable/replcas",
     "unknown key \"replcas\"; did you mean \"replicas\"?"},
    {"bad_unknown_key_step.json", "/plan/steps/1/replicas",
     "unknown key \"replicas\"; a \"verify\" step takes: name, action, duration, automated, "
     "failure_probability, retries, on_failure, escalate_to, group, requires, source, assumed, when, "
     "service, "
     "window_s"},
    {"bad_distribution_kind.json", "/responder/ack/kind",
     "unknown distribution kind \"gaussian\"; allowed: fixed, exponential, uniform, triangular, lognormal"},
    {"bad_duplicate_service.json", "/services/1/name",
     "duplicate service name \"checkout\" (already used by /services/0)"},
    {"bad_duplicate_key.json", "/services/0/versions/stable/replicas", "duplicate key \"replicas\""},
    {"bad_not_integer.json", "/services/0/versions/stable/replicas",
     "expected an integer in [0, 1000], found 2.5"},
    {"bad_after_end.json", "/fault/at_s", "expected a number >= 0 and < 600 (duration_s), found 600"},
    {"bad_unknown_action.json", "/plan/steps/0/action",
     "unknown action \"rollback\"; allowed: shift_traffic, scale, wait, verify, rollout_undo, set_image, "
     "manual, notify, db_restore, db_migrate_down, maintenance_mode, disable_flag, pipeline_redeploy, "
     "infra_rollback, "
     "status_page, restore_config, rollout_pause, rollout_resume, scale_deployment"},
    {"bad_service_name.json", "/services/0/name",
     "expected a non-empty name made of letters, digits, \"_\", \".\" and \"-\", found \"check out\""},
    {"bad_zero_service_time.json", "/services/0/service_time", "expected a service time with a mean > 0"},
    {"bad_steps_order.json", "/services/0/traffic/rate/steps/1/from_s",
     "expected a number > 1200 (the previous from_s), found 600"},
    {"bad_duplicate_objective.json", "/objectives/1/service", "duplicate objective for service \"checkout\""},
    {"bad_empty_services.json", "/services", "expected a non-empty array of service objects, found []"},
    {"bad_not_an_object.json", "",
     "expected a scenario object, found [\"name\",\"duration_s\",\"services\"]"},
    {"bad_evaluation_offset.json", "/alert/evaluation_offset_s",
     "expected a number >= 0 and < 30 (evaluation_interval_s), found 30"},
    {"bad_plan_step_unknown_service.json", "/plan/levels/0/steps/1/service",
     "unknown service \"chekout\"; services are: checkout"},
    {"bad_plan_level_no_steps.json", "/plan/levels/1/steps", "a level needs at least one step, found []"},
    {"bad_plan_escalation_cycle.json", "/plan/levels/1/steps/0/escalate_to",
     "escalation cycle: \"Level 1\" -> \"Level 2\" -> \"Level 1\""},
    {"bad_plan_inverted_range.json", "/plan/steps/0/duration/max_s",
     "expected a number >= 300 (min_s), found 60"},
    {"bad_plan_negative_duration.json", "/plan/levels/0/steps/0/duration/min_s",
     "expected a number >= 0, found -60"},
    {"bad_plan_steps_and_levels.json", "/plan", "a plan takes \"steps\" or \"levels\", not both"},
    {"bad_strategy_both_zero.json", "/services/0/strategy",
     "max_surge and max_unavailable cannot both be 0, found 0 and \"0%\""},
    {"bad_percent.json", "/services/0/strategy/max_surge",
     "expected an integer >= 0 (pods) or a percentage (digits then %, such as \"25%\"), found \"25 %\""},
    {"bad_plan_requires_cycle.json", "/plan/levels/1/steps/0/requires/0",
     "ordering cycle: \"Roll back the code\" -> \"Roll back the database\" -> \"Roll back the code\""},
    {"bad_restore_unknown_store.json", "/plan/steps/0/store", "unknown store \"order\"; stores are: orders"},
    {"bad_migrate_down_without_migration.json", "/plan/steps/0/store", "has no \"migration\" to revert"},
    {"bad_weights_on_pod_routing.json", "/plan/steps/0/weights", "has \"routing\": \"pods\""},
    {"bad_recreate_max_surge.json", "/services/0/strategy/max_surge", "\"Recreate\" takes no max_surge"},
    {"bad_escalate_to_unknown_level.json", "/plan/levels/0/steps/0/escalate_to",
     "unknown level \"Level 3\"; levels are: Level 1, Level 2"},
    {"bad_escalate_past_last_level.json", "/plan/levels/1/steps/0/on_failure",
     "no level after \"Level 2\" to escalate to"},
    {"bad_duplicate_step_name.json", "/plan/steps/1/name",
     "duplicate step name \"Undo the rollout\" (already used by /plan/steps/0)"},
    {"bad_alert_unknown_metric.json", "/alerts/0/metric",
     "unknown alert metric \"error_rate\"; did you mean \"error_ratio\"?"},
    {"bad_alert_threshold.json", "/alerts/0/threshold", "unparsable threshold \"5 percent\""},
    {"bad_alert_duration.json", "/alerts/0/for", "unparsable duration \"5 minutes\""},
    {"bad_fault_kind.json", "/fault/kind",
     "unknown fault kind \"memory_leek\"; did you mean \"memory_leak\"?"},
    {"bad_network_fault_without_call.json", "/fault/target", "service \"api\" makes no call to \"web\""},
    {"bad_call_cycle.json", "/services/1/calls/0/service", "call cycle: \"web\" -> \"api\" -> \"web\""},
    {"bad_decision_unknown_level.json", "/decision/rules/0/then",
     "unknown level \"Level 2\"; levels are: Level 1; or \"fix_forward\""},
};

class BadScenario : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadScenario, IsRejectedWithFileWhereAndProblem) {
  const BadCase& c = GetParam();
  const fs::path file = kData / "bad" / c.fixture;
  ASSERT_TRUE(fs::exists(file)) << file;
  try {
    load_scenario(file);
    FAIL() << "no InputError for " << file;
  } catch (const InputError& e) {
    const std::string what = e.what();
    const std::string prefix = file.string() + (c.where.empty() ? "" : ":" + c.where) + ": ";
    EXPECT_EQ(what.rfind(prefix, 0), 0u) << what;
    EXPECT_NE(what.find(c.fixture), std::string::npos) << what;
    EXPECT_EQ(e.file(), file.string());
    EXPECT_EQ(e.where(), c.where) << what;
    EXPECT_NE(e.problem().find(c.phrase), std::string::npos) << what;
  }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, BadScenario, ::testing::ValuesIn(kBadCases),
                         [](const ::testing::TestParamInfo<BadCase>& info) {
                           return info.param.fixture.substr(0, info.param.fixture.find('.'));
                         });

TEST(BadScenarioFixtures, EachFixtureHasACase) {
  std::set<std::string> covered;
  for (const auto& c : kBadCases)
    covered.insert(c.fixture);
  for (const auto& entry : fs::directory_iterator(kData / "bad")) {
    if (entry.path().extension() != ".json") continue;
    EXPECT_TRUE(covered.count(entry.path().filename().string())) << entry.path() << " is not tested";
  }
}

TEST(LoadScenario, MissingFileCannotBeRead) {
  const fs::path file = kData / "bad" / "does_not_exist.json";
  try {
    load_scenario(file);
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), file.string());
    EXPECT_EQ(e.where(), "");
    EXPECT_EQ(std::string(e.what()), file.string() + ": cannot read file: No such file or directory");
  }
}

TEST(LoadScenario, DirectoryCannotBeRead) {
  const fs::path dir = kData / "bad";
  try {
    load_scenario(dir);
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              dir.string() + ": cannot read file: it is a directory, not a regular file");
  }
}

// ------------------------------------------------------------------------------------- limits (issue 14)

InputError scenario_error(const std::string& text, const LoadLimits& limits = {}) {
  try {
    parse_scenario(text, "t.json", limits);
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << "no InputError thrown";
  return InputError("", "", "");
}

TEST(ScenarioLimits, ReplicasPerVersionAreBounded) {
  // 2,147,483,647 replicas reached 5.4 GiB in 30 s.
  const auto e =
      scenario_error(R"({"name": "t", "duration_s": 60, "services": [{"name": "a", "service_time": 0.01,
      "versions": {"stable": {"replicas": 1001}}, "traffic": {"rate": {"kind": "constant", "rps": 1}}}]})");
  EXPECT_EQ(e.where(), "/services/0/versions/stable/replicas");
  EXPECT_EQ(e.problem(), "expected an integer in [0, 1000], found 1001");
}

TEST(ScenarioLimits, ServicesAreBounded) {
  std::string services;
  for (int i = 0; i < 101; ++i) {
    services += std::string(i ? "," : "") + R"({"name": "s)" + std::to_string(i) +
                R"(", "service_time": 0.01, "versions": {"stable": {"replicas": 1}},
                "traffic": {"rate": {"kind": "constant", "rps": 1}}})";
  }
  const auto e = scenario_error(R"({"name": "t", "duration_s": 60, "services": [)" + services + "]}");
  EXPECT_EQ(e.where(), "/services");
  EXPECT_EQ(e.problem(), "a scenario of 101 services is over the limit of 100");
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

TEST(ScenarioLimits, EvaluationIntervalIsAtLeastOneSecond) {
  const auto e = scenario_error(scenario_with(
      R"("alerts": [{"name": "E", "service": "checkout", "threshold": 0.1, "evaluation_interval_s": 1e-6}])"));
  EXPECT_EQ(e.where(), "/alerts/0/evaluation_interval_s");
  EXPECT_EQ(e.problem(), "expected a number >= 1, found 1e-06");
}

// ------------------------------------------------------------------------------ files read safely (issue 14)

// A fresh directory under the system's temporary directory, removed at the end of the test.
struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("drillsim-io-test-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

TEST(ReadTextFile, FifoIsRefusedWithoutBlocking) {
  // Reading a FIFO blocked forever.
  TempDir dir;
  const fs::path fifo = dir.path / "plan.json";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  try {
    read_text_file(fifo);
    FAIL() << "no InputError";
  } catch (const InputError& error) {
    EXPECT_EQ(error.problem(), "cannot read file: it is a FIFO, not a regular file");
  }
}

TEST(ReadTextFile, DevicesAreRefused) {
  // /dev/zero was read until memory ran out.
  try {
    read_text_file("/dev/zero");
    FAIL() << "no InputError";
  } catch (const InputError& error) {
    EXPECT_EQ(std::string(error.what()),
              "/dev/zero: cannot read file: it is a character device, not a regular file");
  }
}

TEST(ReadTextFile, SizeIsLimited) {
  TempDir dir;
  write_file(dir.path / "big.json", std::string(1001, ' '));
  EXPECT_EQ(read_text_file(dir.path / "big.json", 1001).size(), 1001u);
  try {
    read_text_file(dir.path / "big.json", 1000);
    FAIL() << "no InputError";
  } catch (const InputError& error) {
    EXPECT_EQ(error.problem(), "cannot read file: larger than the limit of 1000 bytes for this kind of file");
  }
  EXPECT_EQ(kMaxInputFileBytes, 16u * 1024 * 1024);
}

TEST(PlanFile, MustStayInsideTheScenarioDirectory) {
  // "plan": "<path>" read any file the process could (/etc/shadow, as root), and quoted it.
  TempDir dir;
  fs::create_directories(dir.path / "sub");
  write_file(dir.path / "secret.json", R"({"token": "hunter2-hunter2-hunter2"})");
  for (const std::string name : {"../secret.json", "/etc/passwd", "sub/../../secret.json"}) {
    write_file(dir.path / "sub" / "s.json", scenario_with(R"("plan": ")" + name + "\""));
    try {
      load_scenario(dir.path / "sub" / "s.json");
      FAIL() << "no InputError for " << name;
    } catch (const InputError& error) {
      EXPECT_EQ(error.where(), "/plan");
      EXPECT_EQ(error.problem(), "the plan file \"" + name +
                                     "\" must be a relative path inside the scenario's directory (no leading "
                                     "\"/\", no \"..\")");
    }
  }
}

TEST(PlanFile, ErrorsInThePlanQuoteNoMoreThanAnExcerpt) {
  TempDir dir;
  const std::string secret(5000, 'S');
  write_file(dir.path / "plan.json", "{\"name\": \"p\", \"steps\": [{\"name\": \"" + secret + "\"}], x}");
  write_file(dir.path / "s.json", scenario_with(R"("plan": "plan.json")"));
  try {
    load_scenario(dir.path / "s.json");
    FAIL() << "no InputError";
  } catch (const InputError& error) {
    EXPECT_EQ(error.file(), (dir.path / "plan.json").string());
    EXPECT_EQ(std::string(error.what()).find(std::string(61, 'S')), std::string::npos) << error.what();
  }
}

// ------------------------------------------------------------------------------ rule files (issue 13)

constexpr const char* kRules = R"(groups:
  - name: g
    rules:
      - alert: CheckoutErrors
        expr: sum(rate(http_requests_total{code="500", service="checkout"}[5m])) > 1
        labels:
          service: checkout
      - alert: CheckoutErrors
        expr: up{job="checkout"} == 0
      - alert: Absent
        expr: absent(up{job="search"})
)";

TEST(RuleFiles, AreReadRelativeToTheScenarioWithTheirAlertNamesAndMappings) {
  TempDir dir;
  fs::create_directories(dir.path / "rules");
  write_file(dir.path / "rules" / "slo.yml", kRules);
  write_file(
      dir.path / "s.json",
      scenario_with(
          R"("fault": {"kind": "bad_release", "service": "search", "at_s": 60, "error_probability": 0.5},
                              "detection": {"rule_files": ["rules/slo.yml"], "scrape_interval": "15s",
                                            "scrape_offset_s": 5, "evaluation_interval_s": 30,
                                            "metric_names": {"http_requests_total": "app_requests_total"},
                                            "label_names": {"service": "app"},
                                            "histogram_buckets": {"checkout": [0.1, 0.5, 2.5]}})"));
  const auto s = load_scenario(dir.path / "s.json");
  ASSERT_TRUE(s.rule_files);
  const auto& r = *s.rule_files;
  ASSERT_EQ(r.files.size(), 1u);
  EXPECT_EQ(r.files[0].name, "rules/slo.yml");
  EXPECT_EQ(r.files[0].text, kRules);
  EXPECT_EQ(r.scrape_interval_s, 15.0);
  EXPECT_EQ(r.scrape_offset_s, 5.0);
  EXPECT_EQ(r.evaluation_interval_s, 30.0);
  // One signal per alert name; the service label names the watched service, else the fault's.
  EXPECT_EQ(r.alert_names, (std::vector<std::string>{"CheckoutErrors", "Absent"}));
  EXPECT_EQ(r.alert_services, (std::vector<std::string>{"checkout", "search"}));
  EXPECT_EQ(r.metric_names[0],
            (std::pair<std::string, std::string>{"http_requests_total", "app_requests_total"}));
  EXPECT_EQ(r.label_names[0], (std::pair<std::string, std::string>{"service", "app"}));
  EXPECT_EQ(r.histogram_buckets[0].second, (std::vector<double>{0.1, 0.5, 2.5}));
}

constexpr const char* kAlertmanagerYml = R"(route:
  receiver: pager
  routes:
    - matchers: ['severity="warning"']
      receiver: chat
receivers:
  - name: pager
  - name: chat
)";

TEST(AlertmanagerConfig, IsReadRelativeToTheScenarioWithItsReceiversTiers) {
  TempDir dir;
  write_file(dir.path / "am.yml", kAlertmanagerYml);
  write_file(
      dir.path / "s.json",
      scenario_with(R"("alertmanager": {"config": "am.yml", "receivers": {"pager": "lead", "chat": null}},
                              "responder": {"ack": 60, "assess": 60, "escalation": [{"name": "lead", "ack": 30}]})"));
  const auto s = load_scenario(dir.path / "s.json");
  ASSERT_TRUE(s.alertmanager.config);
  EXPECT_EQ(s.alertmanager.config->name, "am.yml");
  EXPECT_EQ(s.alertmanager.config->text, kAlertmanagerYml);
  ASSERT_EQ(s.alertmanager.receivers.size(), 2u);
  EXPECT_EQ(s.alertmanager.receivers[0].first, "pager");
  EXPECT_EQ(s.alertmanager.receivers[0].second, std::optional<std::string>("lead"));
  EXPECT_EQ(s.alertmanager.receivers[1].first, "chat");
  EXPECT_EQ(s.alertmanager.receivers[1].second, std::nullopt);
}

TEST(AlertmanagerConfig, BadConfigsAndReceiversAreErrors) {
  TempDir dir;
  write_file(dir.path / "am.yml", kAlertmanagerYml);
  write_file(dir.path / "bad.yml",
             "route:\n  receiver: pager\n  group_wait: soon\nreceivers:\n  - name: pager\n");
  const auto error_of = [&](const std::string& members) {
    write_file(dir.path / "s.json", scenario_with(members));
    try {
      load_scenario(dir.path / "s.json");
    } catch (const InputError& error) {
      return error.where() + ": " + error.problem();
    }
    return std::string("no error");
  };
  EXPECT_EQ(error_of(R"("alertmanager": {"config": "am.yml", "receivers": {"pager": "nobody-here"}})"),
            "/alertmanager/receivers/pager: no responder tier \"nobody-here\" (the responder's name or an "
            "escalation tier's)");
  EXPECT_EQ(error_of(R"("alertmanager": {"config": "am.yml", "receivers": {"pagr": "on-call"}})"),
            "/alertmanager/receivers/pagr: the Alertmanager config has no receiver \"pagr\"");
  EXPECT_EQ(error_of(R"("alertmanager": {"config": "am.yml", "receivers": {"chat": null}})"),
            "/alertmanager: no receiver pages anyone: map a receiver of the config to a responder tier in "
            "\"receivers\"");
  EXPECT_EQ(
      error_of(
          R"("alertmanager": {"config": "am.yml", "group_wait": "10s", "receivers": {"pager": "on-call"}})"),
      "/alertmanager/group_wait: with a \"config\", the route tree sets the intervals: remove "
      "\"group_wait\"");
  EXPECT_EQ(error_of(R"("alertmanager": {"receivers": {"pager": "on-call"}})"),
            "/alertmanager/receivers: receivers need an Alertmanager \"config\"");
  EXPECT_EQ(error_of(R"("alertmanager": {"config": "../am.yml", "receivers": {"pager": "on-call"}})"),
            "/alertmanager/config: the Alertmanager config \"../am.yml\" must be a relative path inside the "
            "scenario's directory (no leading \"/\", no \"..\")");
  EXPECT_EQ(error_of(R"("alertmanager": {"config": "bad.yml", "receivers": {"pager": "on-call"}})"),
            "/alertmanager/config: the Alertmanager config bad.yml:3:15: group_wait: not a valid duration: "
            "\"soon\"");
  EXPECT_EQ(error_of(R"("alertmanager": {"config": "am.yml", "receivers": {"pager": "on-call"}})"),
            "no error");
}

TEST(RuleFiles, ErrorsNameTheFileLineAndColumn) {
  TempDir dir;
  write_file(dir.path / "bad.yml",
             "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: rate(x[5m] > 0\n");
  write_file(dir.path / "s.json", scenario_with(R"("detection": {"rule_files": ["bad.yml"]})"));
  try {
    load_scenario(dir.path / "s.json");
    FAIL() << "no InputError";
  } catch (const InputError& error) {
    EXPECT_EQ(error.where(), "/detection/rule_files/0");
    EXPECT_EQ(error.problem().rfind("the rule file bad.yml:5:", 0), 0u) << error.problem();
  }
}

TEST(RuleFiles, BadDetectionSectionsAreErrors) {
  TempDir dir;
  write_file(dir.path / "slo.yml", kRules);
  const auto error_of = [&](const std::string& detection) {
    write_file(dir.path / "s.json", scenario_with(R"("detection": )" + detection));
    try {
      load_scenario(dir.path / "s.json");
    } catch (const InputError& error) {
      return error.where() + ": " + error.problem();
    }
    return std::string("no error");
  };
  EXPECT_EQ(
      error_of(R"({"rule_files": ["../slo.yml"]})"),
      "/detection/rule_files/0: the rule file \"../slo.yml\" must be a relative path inside the scenario's "
      "directory (no leading \"/\", no \"..\")");
  EXPECT_EQ(
      error_of(R"({"rule_files": ["missing.yml"]})")
          .rfind("/detection/rule_files/0: cannot read the rule file \"missing.yml\": cannot read file:", 0),
      0u);
  EXPECT_EQ(error_of(R"({"rule_files": ["slo.yml"], "metric_names": {"requests": "x"}})")
                .rfind("/detection/metric_names/requests:", 0),
            0u);
  EXPECT_EQ(error_of(R"({"rule_files": ["slo.yml"], "label_names": {"service": "1app"}})"),
            "/detection/label_names/service: \"1app\" is not a Prometheus name ([a-zA-Z_:][a-zA-Z0-9_:]*)");
  EXPECT_EQ(error_of(R"({"rule_files": ["slo.yml"], "histogram_buckets": {"checkout": [0.2]}})"),
            "/detection/histogram_buckets/checkout/0: a bound must be one the engine records: 0.005, 0.01, "
            "0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10");
  EXPECT_EQ(error_of(R"({"rule_files": ["slo.yml"], "scrape_offset_s": 60})"),
            "/detection/scrape_offset_s: expected a whole number of seconds in [0, scrape interval)");
  write_file(
      dir.path / "s.json",
      scenario_with(
          R"("probes": [{"name": "Absent", "service": "search"}], "detection": {"rule_files": ["slo.yml"]})"));
  try {
    load_scenario(dir.path / "s.json");
    FAIL() << "no InputError";
  } catch (const InputError& error) {
    EXPECT_EQ(error.where(), "/detection/rule_files");
    EXPECT_EQ(error.problem(),
              "the rule files' alert \"Absent\" has the name of the signal at /probes/0; signal names must "
              "be unique");
  }
}

}  // namespace
}  // namespace drillsim::io
