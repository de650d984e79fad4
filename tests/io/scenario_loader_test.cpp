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
#include "scenario_text.hpp"

namespace drillsim::io {
namespace {

using namespace scenario_text;  // NOLINT(google-build-using-namespace): the shared scenario texts.
using model::Distribution;
using model::RateProfile;
using model::StepSpec;
using model::Version;

const fs::path kData = DRILLSIM_TEST_DATA;

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

TEST(ParseScenario, SourceFileIsTheLabel) {
  EXPECT_EQ(parse_scenario(scenario_with(""), "inline").source_file, "inline");
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

// ------------------------------------------------------------------------------------------------- plans

// One invalid scenario written inline: where the error is, and its exact problem.
// ---------------------------------------------------------------------------------------------- stores

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

// ------------------------------------------------------------------------------ files read safely (issue 14)

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

}  // namespace
}  // namespace drillsim::io
