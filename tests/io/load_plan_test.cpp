// The plan (io/load_plan.cpp): levels, steps, each action's keys, requirements and escalations.
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

}  // namespace
}  // namespace drillsim::io
