// The rollback plan's rules as pure code: which steps start when, and how the plan ends. Fed the
// decision ("start at level L at t") and each step's end ("step r finished ok/failed at t"), it answers
// "start these steps" (one, or the consecutive steps of a parallel group) or "the plan finished with
// exit state X". It owns the plan's outcome (levels, step records) and the instants the plan sets on the
// incident's timeline. The engine's plan executor (sim/engine/plan_executor.cpp) sleeps, performs the
// actions and feeds it; the tests drive it without SimGrid. docs/plan-format.md is the user's view.
//
// The rules:
// - Levels are escalation tiers, not phases: finishing a level's steps finishes the plan.
// - A level's steps run in order; consecutive steps with the same `group` run in parallel, and their
//   outcomes are judged in plan order once all of them ended (the first failure decides).
// - `requires`: a step whose required steps (by name, in any level) did not complete cannot start: the
//   plan is "blocked".
// - A failed step's `on_failure`: "continue" (the plan goes on and ends "partial"), "abort", "block", or
//   "escalate" to its `escalate_to` level (the next level by default; "aborted" when there is none).
// - Retries: a failed attempt is followed by another while the step has retries left (1 + `retries`
//   attempts in all); the shell sleeps and draws each attempt, and reports the step's end after its
//   last one.
// - rollback_start: when the first step started; rollback_end: the latest end of a passed step that
//   is not a verification; verified: the latest passed verification, only if the plan completed.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "model/drill_result.hpp"
#include "model/scenario.hpp"

namespace drillsim::metrics {

class PlanInterpreter {
 public:
  // A step to start: plan.levels[level].steps[step], whose record is outcome().steps[record].
  struct StepRef {
    std::size_t level = 0;
    std::size_t step = 0;
    std::size_t record = 0;
    bool operator==(const StepRef&) const = default;
  };
  // Start these steps now, in parallel when there are several. `escalated_from`: this batch opens a
  // level the plan escalated to from that level.
  struct Start {
    std::vector<StepRef> steps;
    std::optional<std::size_t> escalated_from;
  };
  // Steps of the running batch have not ended yet: nothing to start.
  struct Wait {};
  // The plan ended (outcome().exit_state and .reason say the same).
  struct Finish {
    std::string exit_state;
    std::string reason;
  };
  using Command = std::variant<Wait, Start, Finish>;

  // `plan` must outlive the interpreter. The outcome starts "not_started", every level "not_run".
  explicit PlanInterpreter(const model::PlanSpec& plan);

  // The decision: run the plan from `level` at t_s. REQUIRES: level < plan.levels.size(); called once.
  Command begin(std::size_t level, double t_s);
  // The step of `record` starts an attempt; returns its number (1 for the first). The record shows it
  // if the drill ends during the attempt.
  int attempt_started(std::size_t record);
  // An attempt of the step of `record` ended, passed or not: whether the step makes another one.
  bool retry(std::size_t record, bool passed) const;
  // The step of `record` (of the running batch) ended at t_s, passed or failed, with `detail`.
  // Returns Wait while other steps of its batch still run, then what follows the batch.
  Command step_ended(std::size_t record, bool passed, std::string detail, double t_s);

  // Whether the plan started and has not finished.
  bool running() const { return running_; }
  // The outcome so far: levels, the steps started (in the order they started).
  const model::PlanOutcome& outcome() const { return outcome_; }
  // The outcome when the drill ends now: a running plan is "unfinished"; the steps that never ran
  // follow those that did, in plan order.
  model::PlanOutcome final_outcome() const;

  std::optional<double> rollback_start() const { return rollback_start_; }
  std::optional<double> rollback_end() const { return rollback_end_; }
  std::optional<double> verified() const { return verified_at_; }

 private:
  Command enter_level(std::size_t level, double t_s);
  Command next_batch(double t_s);
  Command judge_batch(double t_s);
  Command stop_in_level(const std::string& exit_state, const std::string& reason, double t_s);
  Command finish(const std::string& exit_state, const std::string& reason);

  const model::PlanSpec& plan_;
  model::PlanOutcome outcome_;
  bool running_ = false;
  std::size_t level_ = 0;
  std::size_t first_ = 0;  // The running batch: steps [first_, end_) of level_.
  std::size_t end_ = 0;
  std::vector<std::size_t> records_;           // Their records.
  std::vector<const model::StepSpec*> specs_;  // By record: the step's spec.
  std::size_t pending_ = 0;                    // Of them, those that have not ended.
  std::optional<std::size_t> escalated_from_;
  std::string partial_reason_;
  std::optional<double> verified_;     // Latest passed verification so far.
  std::optional<double> verified_at_;  // Set when the plan completes.
  std::optional<double> rollback_start_;
  std::optional<double> rollback_end_;
};

}  // namespace drillsim::metrics
