#include "io/scenario_loader.hpp"

#include <filesystem>
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

  EXPECT_TRUE(s.deployments.empty());
  EXPECT_FALSE(s.fault.has_value());
  EXPECT_FALSE(s.alert.has_value());
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

  const model::ServiceSpec& search = s.services[1];
  EXPECT_EQ(search.name, "search.v2");
  expect_distribution(search.service_time, Distribution::Kind::Lognormal, 0.01, 0.5);
  EXPECT_EQ(search.traffic.rate.kind, RateProfile::Kind::Diurnal);
  EXPECT_DOUBLE_EQ(search.traffic.rate.rps, 200.0);  // mean_rps
  EXPECT_DOUBLE_EQ(search.traffic.rate.amplitude, 0.3);
  EXPECT_DOUBLE_EQ(search.traffic.rate.period_s, 3600.0);
  EXPECT_DOUBLE_EQ(search.traffic.rate.peak_s, 900.0);

  const model::ServiceSpec& payments = s.services[2];
  EXPECT_EQ(payments.name, "payments_api-eu");
  expect_distribution(payments.service_time, Distribution::Kind::Uniform, 0.02, 0.04);

  ASSERT_EQ(s.deployments.size(), 2u);
  EXPECT_EQ(s.deployments[0].service, "checkout");
  EXPECT_DOUBLE_EQ(s.deployments[0].at_s, 300.0);
  EXPECT_DOUBLE_EQ(s.deployments[0].weights.stable, 0.5);
  EXPECT_DOUBLE_EQ(s.deployments[0].weights.new_version, 0.5);
  EXPECT_EQ(s.deployments[1].service, "search.v2");
  EXPECT_DOUBLE_EQ(s.deployments[1].at_s, 0.0);

  ASSERT_TRUE(s.fault.has_value());
  EXPECT_EQ(s.fault->kind, model::FaultSpec::Kind::BadRelease);
  EXPECT_EQ(s.fault->service, "checkout");
  EXPECT_EQ(s.fault->version, Version::New);
  EXPECT_DOUBLE_EQ(s.fault->at_s, 900.0);
  ASSERT_TRUE(s.fault->duration_s.has_value());
  EXPECT_DOUBLE_EQ(*s.fault->duration_s, 1200.0);
  EXPECT_DOUBLE_EQ(s.fault->error_probability, 0.35);
  EXPECT_DOUBLE_EQ(s.fault->latency_factor, 3.0);

  ASSERT_TRUE(s.alert.has_value());
  EXPECT_EQ(s.alert->name, "CheckoutHighErrorRatio");
  EXPECT_EQ(s.alert->service, "checkout");
  EXPECT_DOUBLE_EQ(s.alert->window_s, 120.0);
  EXPECT_DOUBLE_EQ(s.alert->threshold, 0.05);
  EXPECT_DOUBLE_EQ(s.alert->for_s, 180.0);
  EXPECT_DOUBLE_EQ(s.alert->evaluation_interval_s, 30.0);
  EXPECT_DOUBLE_EQ(s.alert->evaluation_offset_s, 10.0);

  ASSERT_TRUE(s.responder.has_value());
  EXPECT_EQ(s.responder->name, "payments on-call");
  EXPECT_DOUBLE_EQ(s.responder->group_wait_s, 45.0);
  expect_distribution(s.responder->ack, Distribution::Kind::Exponential, 240.0);
  expect_distribution(s.responder->assess, Distribution::Kind::Fixed, 150.0);

  ASSERT_TRUE(s.plan.has_value());
  EXPECT_EQ(s.plan->name, "Level 1: roll back the checkout canary");
  ASSERT_EQ(s.plan->steps.size(), 6u);
  const auto& steps = s.plan->steps;
  EXPECT_EQ(steps[0].name, "Shift traffic to stable");
  EXPECT_EQ(steps[0].action, StepSpec::Action::ShiftTraffic);
  EXPECT_EQ(steps[0].service, "checkout");
  EXPECT_DOUBLE_EQ(steps[0].weights.stable, 1.0);
  EXPECT_DOUBLE_EQ(steps[0].weights.new_version, 0.0);
  expect_distribution(steps[0].duration, Distribution::Kind::Uniform, 20.0, 60.0);
  EXPECT_EQ(steps[1].action, StepSpec::Action::Scale);
  EXPECT_EQ(steps[1].service, "checkout");
  EXPECT_EQ(steps[1].version, Version::New);
  EXPECT_EQ(steps[1].replicas, 0);
  expect_distribution(steps[1].duration, Distribution::Kind::Fixed, 15.0);
  EXPECT_EQ(steps[2].action, StepSpec::Action::Scale);
  EXPECT_EQ(steps[2].version, Version::Stable);
  EXPECT_EQ(steps[2].replicas, 6);                                         // written 6.0
  expect_distribution(steps[2].duration, Distribution::Kind::Fixed, 0.0);  // default for non-wait steps
  EXPECT_EQ(steps[3].action, StepSpec::Action::Wait);
  expect_distribution(steps[3].duration, Distribution::Kind::Fixed, 300.0);
  EXPECT_EQ(steps[4].action, StepSpec::Action::Verify);
  EXPECT_EQ(steps[4].service, "checkout");
  EXPECT_DOUBLE_EQ(steps[4].window_s, 120.0);
  expect_distribution(steps[4].duration, Distribution::Kind::Fixed, 10.0);
  EXPECT_EQ(steps[5].service, "search.v2");
  EXPECT_DOUBLE_EQ(steps[5].window_s, 60.0);  // default

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

TEST(ParseScenario, FaultDefaults) {
  const auto s = parse_scenario(
      scenario_with(
          R"("fault": {"kind": "bad_release", "service": "checkout", "at_s": 60, "error_probability": 0.5})"),
      "t");
  ASSERT_TRUE(s.fault.has_value());
  EXPECT_EQ(s.fault->version, Version::New);
  EXPECT_FALSE(s.fault->duration_s.has_value());
  EXPECT_DOUBLE_EQ(s.fault->latency_factor, 1.0);
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
  ASSERT_TRUE(s.alert.has_value());
  EXPECT_EQ(s.alert->service, "search");
  EXPECT_DOUBLE_EQ(s.alert->threshold, 0.1);
  EXPECT_DOUBLE_EQ(s.alert->window_s, 300.0);
  EXPECT_DOUBLE_EQ(s.alert->for_s, 0.0);  // Prometheus's default `for`, not the model's 300
  EXPECT_DOUBLE_EQ(s.alert->evaluation_interval_s, 60.0);
  EXPECT_DOUBLE_EQ(s.alert->evaluation_offset_s, 0.0);
}

TEST(ParseScenario, ResponderDefaults) {
  const auto s = parse_scenario(scenario_with(R"("responder": {"ack": 60, "assess": 120})"), "t");
  ASSERT_TRUE(s.responder.has_value());
  EXPECT_EQ(s.responder->name, "on-call");
  EXPECT_DOUBLE_EQ(s.responder->group_wait_s, 30.0);  // Alertmanager's group_wait
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
     "expected an integer >= 0, found \"three\""},
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
     "unknown key \"replicas\"; a \"verify\" step takes: name, action, duration, service, window_s"},
    {"bad_distribution_kind.json", "/responder/ack/kind",
     "unknown distribution kind \"gaussian\"; allowed: fixed, exponential, uniform, triangular, lognormal"},
    {"bad_duplicate_service.json", "/services/1/name",
     "duplicate service name \"checkout\" (already used by /services/0)"},
    {"bad_duplicate_key.json", "/services/0/versions/stable/replicas", "duplicate key \"replicas\""},
    {"bad_not_integer.json", "/services/0/versions/stable/replicas", "expected an integer >= 0, found 2.5"},
    {"bad_after_end.json", "/fault/at_s", "expected a number >= 0 and < 600 (duration_s), found 600"},
    {"bad_unknown_action.json", "/plan/steps/0/action",
     "unknown action \"rollback\"; allowed: shift_traffic, scale, wait, verify"},
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
    EXPECT_EQ(std::string(e.what()), dir.string() + ": cannot read file: Is a directory");
  }
}

}  // namespace
}  // namespace drillsim::io
