// The plan executor (plan_executor.cpp): the protocol shell around metrics::PlanInterpreter. What it
// adds to the interpreter is checked here: steps run back to back from the Decision, each attempt takes a
// new duration drawn from the step's own streams, a parallel group runs in workers and is joined, and the
// instants reach the incident's timeline. Each TEST runs in its own process.
#include <gtest/gtest.h>

#include <string>

#include "engine/drill.hpp"
#include "model/random.hpp"
#include "test_scenarios.hpp"

namespace drillsim::engine {
namespace {

using model::Distribution;
using model::Instant;
using model::StepSpec;

StepSpec wait_step(const std::string& name, Distribution duration) {
  StepSpec st;
  st.name = name;
  st.action = StepSpec::Action::Wait;
  st.duration = duration;
  return st;
}

model::Scenario chain_with(std::vector<StepSpec> steps) {
  auto s = testing::chain();
  s.plan = testing::one_level_plan(std::move(steps));
  return s;
}

// From the Decision at 270 the steps run back to back: 270 -> 280 -> 305 -> 306; rollback_start is the
// first step's start, rollback_end the last one's end.
TEST(PlanExecutor, StepsRunBackToBackFromTheDecision) {
  const auto r = run_drill(
      chain_with({wait_step("a", Distribution::fixed(10.0)), wait_step("b", Distribution::fixed(25.0)),
                  wait_step("c", Distribution::fixed(1.0))}),
      DrillOptions{});
  ASSERT_EQ(r.plan.steps.size(), 3u);
  const double starts[] = {270.0, 280.0, 305.0};
  const double ends[] = {280.0, 305.0, 306.0};
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(r.plan.steps[i].start_s, starts[i]) << i;
    EXPECT_EQ(r.plan.steps[i].end_s, ends[i]) << i;
    EXPECT_EQ(r.plan.steps[i].attempts, 1) << i;
  }
  EXPECT_EQ(r.incident->timeline.at(Instant::RollbackStart), 270.0);
  EXPECT_EQ(r.incident->timeline.at(Instant::RollbackEnd), 306.0);
  EXPECT_EQ(r.plan.exit_state, "completed");
}

// Each step draws from streams keyed by its level and name ("plan/<level>/<step>/duration"): with
// another step before it, a step's duration is still the first draw of its own stream (common random
// numbers when two plans are compared).
TEST(PlanExecutor, AStepsDurationComesFromItsOwnStreamWhateverRunsBeforeIt) {
  const auto random = wait_step("random", Distribution::uniform(5.0, 50.0));
  DrillOptions options;
  options.seed = 11;
  const auto r =
      run_drill(chain_with({wait_step("first", Distribution::uniform(1.0, 9.0)), random}), options);
  model::Rng own(11, "plan//random/duration");
  const double expected = Distribution::uniform(5.0, 50.0).sample(own);
  ASSERT_TRUE(r.plan.steps[1].start_s);
  ASSERT_TRUE(r.plan.steps[1].end_s);
  EXPECT_GT(*r.plan.steps[1].start_s, 271.0);  // after "first"
  EXPECT_NEAR(*r.plan.steps[1].end_s - *r.plan.steps[1].start_s, expected, 1e-9);
  model::Rng first_own(11, "plan//first/duration");
  EXPECT_NEAR(*r.plan.steps[0].end_s - 270.0, Distribution::uniform(1.0, 9.0).sample(first_own), 1e-9);
}

// A step with failure probability 1 and 2 retries takes 3 attempts, each with its own duration (10 s),
// then fails: 270 + 3 * 10 = 300, aborted.
TEST(PlanExecutor, EveryAttemptTakesItsDurationAgain) {
  auto flaky = wait_step("flaky", Distribution::fixed(10.0));
  flaky.failure_probability = 1.0;
  flaky.retries = 2;
  const auto r = run_drill(chain_with({flaky, wait_step("after", Distribution::fixed(1.0))}), DrillOptions{});
  EXPECT_EQ(r.plan.steps[0].attempts, 3);
  EXPECT_EQ(r.plan.steps[0].end_s, 300.0);
  EXPECT_EQ(r.plan.steps[0].status, model::StepOutcome::Status::Failed);
  EXPECT_EQ(r.plan.steps[0].detail, "attempt 3 failed (failure probability 1)");
  EXPECT_EQ(r.plan.steps[1].status, model::StepOutcome::Status::NotRun);
  EXPECT_EQ(r.plan.exit_state, "aborted");
}

// A parallel group of 10 s, 40 s and 25 s steps from 270 is joined at 310; the next step starts then.
TEST(PlanExecutor, AParallelGroupIsJoinedAtItsLongestStep) {
  auto a = wait_step("a", Distribution::fixed(10.0));
  auto b = wait_step("b", Distribution::fixed(40.0));
  auto c = wait_step("c", Distribution::fixed(25.0));
  a.group = b.group = c.group = "together";
  const auto r =
      run_drill(chain_with({a, b, c, wait_step("then", Distribution::fixed(5.0))}), DrillOptions{});
  ASSERT_EQ(r.plan.steps.size(), 4u);
  for (std::size_t i = 0; i < 3; ++i)
    EXPECT_EQ(r.plan.steps[i].start_s, 270.0) << i;
  EXPECT_EQ(r.plan.steps[0].end_s, 280.0);
  EXPECT_EQ(r.plan.steps[1].end_s, 310.0);
  EXPECT_EQ(r.plan.steps[2].end_s, 295.0);
  EXPECT_EQ(r.plan.steps[3].start_s, 310.0);
  EXPECT_EQ(r.plan.steps[3].end_s, 315.0);
  EXPECT_EQ(r.incident->timeline.at(Instant::RollbackEnd), 315.0);
}

// The drill's horizon interrupts a running plan: a 1000 s step from 270 in a 400 s drill.
TEST(PlanExecutor, ThePlanIsUnfinishedWhenTheDrillEndsMidStep) {
  const auto r = run_drill(chain_with({wait_step("long", Distribution::fixed(1000.0))}), DrillOptions{});
  EXPECT_EQ(r.plan.exit_state, "unfinished");
  EXPECT_EQ(r.plan.steps[0].start_s, 270.0);
  EXPECT_FALSE(r.plan.steps[0].end_s);
  EXPECT_EQ(r.plan.steps[0].status, model::StepOutcome::Status::Interrupted);
}

}  // namespace
}  // namespace drillsim::engine
