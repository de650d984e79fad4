// The plan's rules (sim/metrics/plan_interpreter.*) fed by hand: which steps start at which instant,
// how each on_failure ends or moves the plan, and the instants it sets. Every expected value follows
// from the rules in the header and docs/plan-format.md. No SimGrid.
#include "metrics/plan_interpreter.hpp"

#include <gtest/gtest.h>

#include <string>
#include <variant>
#include <vector>

namespace drillsim::metrics {
namespace {

using Interpreter = PlanInterpreter;
using model::StepOutcome;
using model::StepSpec;
using OnFailure = StepSpec::OnFailure;
using Status = StepOutcome::Status;

StepSpec step(const std::string& name, OnFailure on_failure = OnFailure::Abort,
              const std::string& group = "") {
  StepSpec s;
  s.name = name;
  s.on_failure = on_failure;
  s.group = group;
  return s;
}

model::LevelSpec level(const std::string& name, std::vector<StepSpec> steps) {
  model::LevelSpec l;
  l.name = name;
  l.steps = std::move(steps);
  return l;
}

model::PlanSpec plan_of(std::vector<model::LevelSpec> levels) {
  model::PlanSpec p;
  p.name = "plan";
  p.levels = std::move(levels);
  return p;
}

// The steps a Start names, as (level, step, record) triples.
std::vector<Interpreter::StepRef> started(const Interpreter::Command& command) {
  const auto* start = std::get_if<Interpreter::Start>(&command);
  EXPECT_NE(start, nullptr) << "expected Start";
  return start ? start->steps : std::vector<Interpreter::StepRef>{};
}

Interpreter::Finish finished(const Interpreter::Command& command) {
  const auto* finish = std::get_if<Interpreter::Finish>(&command);
  EXPECT_NE(finish, nullptr) << "expected Finish";
  return finish ? *finish : Interpreter::Finish{};
}

TEST(PlanInterpreter, StepsOfALevelRunOneAfterTheOtherAndFinishingTheLevelCompletesThePlan) {
  const auto plan = plan_of({level("L1", {step("a"), step("b")}), level("L2", {step("c")})});
  Interpreter p(plan);
  EXPECT_EQ(p.outcome().exit_state, "not_started");
  EXPECT_EQ(started(p.begin(0, 100.0)), (std::vector<Interpreter::StepRef>{{0, 0, 0}}));
  EXPECT_TRUE(p.running());
  EXPECT_EQ(p.outcome().exit_state, "unfinished");
  EXPECT_EQ(started(p.step_ended(0, true, "did a", 130.0)), (std::vector<Interpreter::StepRef>{{0, 1, 1}}));
  const auto finish = finished(p.step_ended(1, true, "did b", 160.0));
  EXPECT_EQ(finish.exit_state, "completed");
  EXPECT_EQ(finish.reason, "every step completed");
  EXPECT_FALSE(p.running());
  // Levels are tiers: L2 never runs.
  EXPECT_EQ(p.outcome().levels[0].outcome, "completed");
  EXPECT_EQ(p.outcome().levels[0].start_s, 100.0);
  EXPECT_EQ(p.outcome().levels[0].end_s, 160.0);
  EXPECT_EQ(p.outcome().levels[1].outcome, "not_run");
  ASSERT_EQ(p.outcome().steps.size(), 2u);
  EXPECT_EQ(p.outcome().steps[1].start_s, 130.0);
  EXPECT_EQ(p.outcome().steps[1].end_s, 160.0);
  EXPECT_EQ(p.outcome().steps[1].detail, "did b");
  EXPECT_EQ(p.outcome().steps[1].status, Status::Completed);
  EXPECT_EQ(p.rollback_start(), 100.0);
  EXPECT_EQ(p.rollback_end(), 160.0);
  EXPECT_FALSE(p.verified().has_value());
}

TEST(PlanInterpreter, AParallelGroupStartsTogetherAndTheNextStepWaitsForItsLastEnd) {
  const auto plan =
      plan_of({level("", {step("a", OnFailure::Abort, "g"), step("b", OnFailure::Abort, "g"), step("c")})});
  Interpreter p(plan);
  EXPECT_EQ(started(p.begin(0, 10.0)), (std::vector<Interpreter::StepRef>{{0, 0, 0}, {0, 1, 1}}));
  EXPECT_TRUE(std::holds_alternative<Interpreter::Wait>(p.step_ended(1, true, "", 25.0)));
  EXPECT_EQ(started(p.step_ended(0, true, "", 40.0)), (std::vector<Interpreter::StepRef>{{0, 2, 2}}));
  EXPECT_EQ(p.outcome().steps[2].start_s, 40.0);
  EXPECT_EQ(finished(p.step_ended(2, true, "", 50.0)).exit_state, "completed");
  EXPECT_EQ(p.rollback_end(), 50.0);
}

TEST(PlanInterpreter, AGroupsFailuresAreJudgedInPlanOrderNotInTheOrderTheyEnded) {
  // b fails first (at 20) and would escalate; a fails later (at 30) and aborts: a comes first in the plan.
  const auto plan =
      plan_of({level("L1", {step("a", OnFailure::Abort, "g"), step("b", OnFailure::Escalate, "g")}),
               level("L2", {step("c")})});
  Interpreter p(plan);
  p.begin(0, 0.0);
  EXPECT_TRUE(std::holds_alternative<Interpreter::Wait>(p.step_ended(1, false, "b broke", 20.0)));
  const auto finish = finished(p.step_ended(0, false, "a broke", 30.0));
  EXPECT_EQ(finish.exit_state, "aborted");
  EXPECT_EQ(finish.reason, "step \"a\" failed: a broke");
  EXPECT_EQ(p.outcome().levels[0].outcome, "failed");
  EXPECT_EQ(p.outcome().levels[0].end_s, 30.0);
  EXPECT_EQ(p.outcome().levels[1].outcome, "not_run");
}

TEST(PlanInterpreter, AbortAndBlockStopThePlanInTheLevel) {
  const auto abort_plan = plan_of({level("", {step("a", OnFailure::Abort), step("b")})});
  Interpreter aborted(abort_plan);
  aborted.begin(0, 5.0);
  const auto a = finished(aborted.step_ended(0, false, "exit 1", 9.0));
  EXPECT_EQ(a.exit_state, "aborted");
  EXPECT_EQ(a.reason, "step \"a\" failed: exit 1");
  EXPECT_EQ(aborted.outcome().steps[0].status, Status::Failed);
  EXPECT_FALSE(aborted.rollback_end().has_value());  // Nothing passed.

  const auto block_plan = plan_of({level("", {step("a", OnFailure::Block), step("b")})});
  Interpreter blocked(block_plan);
  blocked.begin(0, 5.0);
  const auto b = finished(blocked.step_ended(0, false, "no approval", 9.0));
  EXPECT_EQ(b.exit_state, "blocked");
  EXPECT_EQ(b.reason, "step \"a\" failed: no approval; the plan waits on something outside it");
  EXPECT_EQ(blocked.outcome().levels[0].outcome, "failed");
  // b never ran: the final outcome lists it after the steps that did, not run.
  const auto final_outcome = blocked.final_outcome();
  ASSERT_EQ(final_outcome.steps.size(), 2u);
  EXPECT_EQ(final_outcome.steps[1].name, "b");
  EXPECT_EQ(final_outcome.steps[1].status, Status::NotRun);
  EXPECT_FALSE(final_outcome.steps[1].start_s.has_value());
}

TEST(PlanInterpreter, ContinueGoesOnAndEndsPartialWithTheFirstFailure) {
  const auto plan =
      plan_of({level("", {step("a", OnFailure::Continue), step("b", OnFailure::Continue), step("c")})});
  Interpreter p(plan);
  p.begin(0, 0.0);
  p.step_ended(0, false, "x", 10.0);
  p.step_ended(1, false, "y", 20.0);
  const auto finish = finished(p.step_ended(2, true, "", 30.0));
  EXPECT_EQ(finish.exit_state, "partial");
  EXPECT_EQ(finish.reason, "step \"a\" failed: x; the plan went on");
  EXPECT_EQ(p.outcome().levels[0].outcome, "completed");
  EXPECT_EQ(p.rollback_end(), 30.0);  // Only c passed.
}

TEST(PlanInterpreter, RequiresBlocksAStepWhoseRequiredStepDidNotComplete) {
  auto needs_a = step("b");
  needs_a.requires_steps = {"a"};
  const auto plan = plan_of({level("", {step("a", OnFailure::Continue), needs_a})});
  Interpreter p(plan);
  p.begin(0, 0.0);
  const auto finish = finished(p.step_ended(0, false, "x", 12.0));
  EXPECT_EQ(finish.exit_state, "blocked");
  EXPECT_EQ(finish.reason, "step \"b\" requires \"a\", which did not complete");
  EXPECT_EQ(p.outcome().levels[0].outcome, "failed");
  EXPECT_EQ(p.outcome().levels[0].end_s, 12.0);
  EXPECT_EQ(p.outcome().steps.size(), 1u);  // b was never started.

  // The same plan with a passing: b starts.
  Interpreter ok(plan);
  ok.begin(0, 0.0);
  EXPECT_EQ(started(ok.step_ended(0, true, "", 12.0)), (std::vector<Interpreter::StepRef>{{0, 1, 1}}));
}

TEST(PlanInterpreter, RequiresIsMetByAStepCompletedInALevelEscalatedFrom) {
  auto needs_a = step("c");
  needs_a.requires_steps = {"a"};
  const auto plan =
      plan_of({level("L1", {step("a"), step("b", OnFailure::Escalate)}), level("L2", {needs_a})});
  Interpreter p(plan);
  p.begin(0, 0.0);
  p.step_ended(0, true, "", 5.0);
  EXPECT_EQ(started(p.step_ended(1, false, "", 9.0)), (std::vector<Interpreter::StepRef>{{1, 0, 2}}));
}

TEST(PlanInterpreter, EscalateMovesToTheNextLevelAndLeavesTheRestOfTheLevel) {
  const auto plan =
      plan_of({level("L1", {step("a", OnFailure::Escalate), step("b")}), level("L2", {step("c")})});
  Interpreter p(plan);
  p.begin(0, 60.0);
  const auto command = p.step_ended(0, false, "undo failed", 90.0);
  EXPECT_EQ(started(command), (std::vector<Interpreter::StepRef>{{1, 0, 1}}));
  EXPECT_EQ(std::get<Interpreter::Start>(command).escalated_from, 0u);
  EXPECT_EQ(p.outcome().levels[0].outcome, "escalated");
  EXPECT_EQ(p.outcome().levels[0].end_s, 90.0);
  EXPECT_EQ(p.outcome().levels[1].outcome, "interrupted");
  EXPECT_EQ(p.outcome().levels[1].start_s, 90.0);
  EXPECT_EQ(finished(p.step_ended(1, true, "", 120.0)).exit_state, "completed");
  EXPECT_EQ(p.outcome().levels[1].outcome, "completed");
  EXPECT_EQ(p.rollback_start(), 60.0);
  EXPECT_EQ(p.rollback_end(), 120.0);
  // b (left behind in L1) follows the steps that ran.
  const auto final_outcome = p.final_outcome();
  ASSERT_EQ(final_outcome.steps.size(), 3u);
  EXPECT_EQ(final_outcome.steps[2].name, "b");
  EXPECT_EQ(final_outcome.steps[2].level, "L1");
  EXPECT_EQ(final_outcome.steps[2].status, Status::NotRun);
}

TEST(PlanInterpreter, EscalateToANamedLevelSkipsTheOnesBetween) {
  auto a = step("a", OnFailure::Escalate);
  a.escalate_to = "L3";
  const auto plan = plan_of({level("L1", {a}), level("L2", {step("b")}), level("L3", {step("c")})});
  Interpreter p(plan);
  p.begin(0, 0.0);
  EXPECT_EQ(started(p.step_ended(0, false, "", 10.0)), (std::vector<Interpreter::StepRef>{{2, 0, 1}}));
  EXPECT_EQ(p.outcome().levels[1].outcome, "not_run");
}

TEST(PlanInterpreter, EscalatingFromTheLastLevelAborts) {
  const auto plan = plan_of({level("L1", {step("a")}), level("L2", {step("b", OnFailure::Escalate)})});
  Interpreter p(plan);
  p.begin(1, 0.0);  // The decision picked L2.
  EXPECT_EQ(p.outcome().levels[0].outcome, "not_run");
  const auto finish = finished(p.step_ended(0, false, "z", 10.0));
  EXPECT_EQ(finish.exit_state, "aborted");
  EXPECT_EQ(finish.reason, "step \"b\" failed: z; no level left to escalate to");
  EXPECT_EQ(p.outcome().levels[1].outcome, "failed");
}

TEST(PlanInterpreter, VerifiedIsTheLastPassedVerificationOfACompletedPlanAndNotARollbackEnd) {
  auto verify = step("check");
  verify.action = StepSpec::Action::Verify;
  const auto plan = plan_of({level("", {step("undo"), verify})});
  Interpreter p(plan);
  p.begin(0, 0.0);
  p.step_ended(0, true, "", 40.0);
  EXPECT_FALSE(p.verified().has_value());  // Not until the plan completes.
  EXPECT_EQ(finished(p.step_ended(1, true, "", 100.0)).exit_state, "completed");
  EXPECT_EQ(p.verified(), 100.0);
  EXPECT_EQ(p.rollback_end(), 40.0);

  // A partial plan is not verified even though its verification passed.
  auto flaky = step("flaky", OnFailure::Continue);
  const auto partial = plan_of({level("", {flaky, verify})});
  Interpreter q(partial);
  q.begin(0, 0.0);
  q.step_ended(0, false, "", 40.0);
  EXPECT_EQ(finished(q.step_ended(1, true, "", 100.0)).exit_state, "partial");
  EXPECT_FALSE(q.verified().has_value());
}

TEST(PlanInterpreter, AFailedAttemptIsRetriedWhileRetriesAreLeft) {
  auto flaky = step("flaky");
  flaky.retries = 2;  // Three attempts in all.
  const auto plan = plan_of({level("", {flaky, step("once")})});
  Interpreter p(plan);
  p.begin(0, 0.0);
  EXPECT_EQ(p.attempt_started(0), 1);
  EXPECT_TRUE(p.retry(0, false));
  EXPECT_EQ(p.attempt_started(0), 2);
  EXPECT_FALSE(p.retry(0, true));  // Passed: no further attempt.
  EXPECT_TRUE(p.retry(0, false));
  EXPECT_EQ(p.attempt_started(0), 3);
  EXPECT_FALSE(p.retry(0, false));  // The third attempt was the last.
  EXPECT_EQ(p.outcome().steps[0].attempts, 3);
  p.step_ended(0, true, "", 10.0);
  EXPECT_EQ(p.attempt_started(1), 1);
  EXPECT_FALSE(p.retry(1, false));  // No retries: one attempt.
}

TEST(PlanInterpreter, TheFinalOutcomeOfAPlanNeverStartedOrStillRunning) {
  const auto plan = plan_of({level("L1", {step("a"), step("b")})});
  Interpreter idle(plan);
  const auto never = idle.final_outcome();
  EXPECT_EQ(never.exit_state, "not_started");
  EXPECT_EQ(never.reason, "no rollback decision was taken before the drill ended");
  ASSERT_EQ(never.steps.size(), 2u);
  EXPECT_EQ(never.steps[0].status, Status::NotRun);

  Interpreter busy(plan);
  busy.begin(0, 0.0);
  EXPECT_EQ(busy.attempt_started(0), 1);
  EXPECT_EQ(busy.attempt_started(0), 2);  // A retry: the record shows the attempt in progress.
  const auto mid = busy.final_outcome();
  EXPECT_EQ(mid.exit_state, "unfinished");
  EXPECT_EQ(mid.reason, "the drill ended while the plan was running");
  ASSERT_EQ(mid.steps.size(), 2u);
  EXPECT_EQ(mid.steps[0].status, Status::Interrupted);
  EXPECT_EQ(mid.steps[0].attempts, 2);
  EXPECT_EQ(mid.steps[1].status, Status::NotRun);
  EXPECT_EQ(mid.levels[0].outcome, "interrupted");
}

}  // namespace
}  // namespace drillsim::metrics
