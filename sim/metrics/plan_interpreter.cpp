#include "metrics/plan_interpreter.hpp"

#include <algorithm>
#include <utility>

namespace drillsim::metrics {

using model::StepOutcome;
using model::StepSpec;

PlanInterpreter::PlanInterpreter(const model::PlanSpec& plan) : plan_(plan) {
  for (const auto& level : plan_.levels) {
    model::LevelOutcome outcome;
    outcome.name = level.name;
    outcome.claim_s = level.claim_s;
    outcome.outcome = "not_run";
    outcome_.levels.push_back(std::move(outcome));
  }
}

PlanInterpreter::Command PlanInterpreter::begin(std::size_t level, double t_s) {
  running_ = true;
  outcome_.exit_state = "unfinished";
  return enter_level(level, t_s);
}

PlanInterpreter::Command PlanInterpreter::enter_level(std::size_t level, double t_s) {
  level_ = level;
  first_ = 0;
  outcome_.levels[level].start_s = t_s;
  outcome_.levels[level].outcome = "interrupted";  // Until it is left.
  return next_batch(t_s);
}

PlanInterpreter::Command PlanInterpreter::next_batch(double t_s) {
  const auto& steps = plan_.levels[level_].steps;
  if (first_ >= steps.size()) {
    outcome_.levels[level_].end_s = t_s;
    outcome_.levels[level_].outcome = "completed";
    if (!partial_reason_.empty()) return finish("partial", partial_reason_);
    verified_at_ = verified_;
    return finish("completed", "every step completed");
  }
  // The batch: one step, or the consecutive steps of one parallel group.
  end_ = first_ + 1;
  if (!steps[first_].group.empty()) {
    while (end_ < steps.size() && steps[end_].group == steps[first_].group)
      ++end_;
  }
  // Ordering constraints: a step whose required steps did not complete cannot start.
  for (std::size_t i = first_; i < end_; ++i) {
    for (const std::string& required : steps[i].requires_steps) {
      const bool done = std::any_of(outcome_.steps.begin(), outcome_.steps.end(), [&](const StepOutcome& o) {
        return o.name == required && o.status == StepOutcome::Status::Completed;
      });
      if (done) continue;
      return stop_in_level(
          "blocked", "step \"" + steps[i].name + "\" requires \"" + required + "\", which did not complete",
          t_s);
    }
  }
  Start start;
  start.escalated_from = std::exchange(escalated_from_, std::nullopt);
  records_.clear();
  for (std::size_t i = first_; i < end_; ++i) {
    StepOutcome record;
    record.name = steps[i].name;
    record.action = model::to_string(steps[i].action);
    record.level = plan_.levels[level_].name;
    record.start_s = t_s;
    record.status = StepOutcome::Status::Interrupted;  // Until it ends.
    outcome_.steps.push_back(std::move(record));
    specs_.push_back(&steps[i]);
    records_.push_back(outcome_.steps.size() - 1);
    start.steps.push_back({level_, i, outcome_.steps.size() - 1});
  }
  pending_ = records_.size();
  if (!rollback_start_) rollback_start_ = t_s;
  return start;
}

int PlanInterpreter::attempt_started(std::size_t record) {
  return ++outcome_.steps[record].attempts;
}

bool PlanInterpreter::retry(std::size_t record, bool passed) const {
  return !passed && outcome_.steps[record].attempts <= specs_[record]->retries;
}

PlanInterpreter::Command PlanInterpreter::step_ended(std::size_t record, bool passed, std::string detail,
                                                     double t_s) {
  StepOutcome& outcome = outcome_.steps[record];
  outcome.end_s = t_s;
  outcome.detail = std::move(detail);
  outcome.status = passed ? StepOutcome::Status::Completed : StepOutcome::Status::Failed;
  if (pending_ > 0) --pending_;
  if (pending_ > 0) return Wait{};
  return judge_batch(t_s);
}

// Outcomes in plan order; the first failure decides what follows.
PlanInterpreter::Command PlanInterpreter::judge_batch(double t_s) {
  const auto& steps = plan_.levels[level_].steps;
  for (std::size_t i = first_; i < end_; ++i) {
    const StepSpec& spec = steps[i];
    const StepOutcome& outcome = outcome_.steps[records_[i - first_]];
    if (outcome.status == StepOutcome::Status::Completed) {
      if (spec.action == StepSpec::Action::Verify) {
        verified_ = std::max(verified_.value_or(0.0), *outcome.end_s);
      } else {
        // The last rollback step's end wins.
        rollback_end_ = std::max(rollback_end_.value_or(0.0), *outcome.end_s);
      }
      continue;
    }
    const std::string why = "step \"" + spec.name + "\" failed: " + outcome.detail;
    switch (spec.on_failure) {
      case StepSpec::OnFailure::Continue:
        if (partial_reason_.empty()) partial_reason_ = why + "; the plan went on";
        continue;
      case StepSpec::OnFailure::Abort:
        return stop_in_level("aborted", why, t_s);
      case StepSpec::OnFailure::Block:
        return stop_in_level("blocked", why + "; the plan waits on something outside it", t_s);
      case StepSpec::OnFailure::Escalate: {
        std::size_t target = level_ + 1;
        if (!spec.escalate_to.empty()) {
          for (std::size_t l = 0; l < plan_.levels.size(); ++l) {
            if (plan_.levels[l].name == spec.escalate_to) target = l;
          }
        }
        if (target >= plan_.levels.size())
          return stop_in_level("aborted", why + "; no level left to escalate to", t_s);
        outcome_.levels[level_].end_s = t_s;
        outcome_.levels[level_].outcome = "escalated";
        escalated_from_ = level_;
        return enter_level(target, t_s);
      }
    }
  }
  first_ = end_;
  return next_batch(t_s);
}

// The plan stops inside the current level: the level failed there.
PlanInterpreter::Command PlanInterpreter::stop_in_level(const std::string& exit_state,
                                                        const std::string& reason, double t_s) {
  outcome_.levels[level_].end_s = t_s;
  outcome_.levels[level_].outcome = "failed";
  return finish(exit_state, reason);
}

PlanInterpreter::Command PlanInterpreter::finish(const std::string& exit_state, const std::string& reason) {
  outcome_.exit_state = exit_state;
  outcome_.reason = reason;
  running_ = false;
  return Finish{exit_state, reason};
}

model::PlanOutcome PlanInterpreter::final_outcome() const {
  model::PlanOutcome plan = outcome_;
  if (running_) {
    plan.exit_state = "unfinished";
    plan.reason = "the drill ended while the plan was running";
  } else if (plan.exit_state == "not_started") {
    plan.reason = "no rollback decision was taken before the drill ended";
  }
  // The steps that never ran, in plan order, after those that did.
  for (const auto& level : plan_.levels) {
    for (const auto& step : level.steps) {
      const bool ran = std::any_of(outcome_.steps.begin(), outcome_.steps.end(), [&](const StepOutcome& o) {
        return o.name == step.name && o.level == level.name;
      });
      if (ran) continue;
      StepOutcome outcome;
      outcome.name = step.name;
      outcome.action = model::to_string(step.action);
      outcome.level = level.name;
      plan.steps.push_back(std::move(outcome));
    }
  }
  return plan;
}

}  // namespace drillsim::metrics
