// The plan executor actor: a protocol shell around metrics::PlanInterpreter (the plan's rules). It
// receives the Decision ("decision"), then runs the plan to its end: each Start of the interpreter runs
// its steps (a parallel group in one worker actor per step, joined); a step sleeps each attempt's
// duration, draws its failure, performs its action (actions.cpp) and retries; each step's end is fed
// back, until the interpreter says Finish. Ends then, or at the drill's horizon.
#include <simgrid/s4u.hpp>

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "engine/actions.hpp"
#include "engine/actor_support.hpp"
#include "engine/actors.hpp"
#include "engine/engine_log.hpp"

namespace sg4 = simgrid::s4u;

namespace drillsim::engine {

using model::Instant;
using model::StepSpec;

PlanExecutor::PlanExecutor(DrillContext& ctx) : ctx_(ctx), interpreter_(*ctx.scenario.plan) {}

// Each step draws from streams of its own, keyed by its level and name: reordering the steps, or adding
// one, leaves every other step's durations and failures as they were (common random numbers when two
// plans are compared).
PlanExecutor::Streams& PlanExecutor::streams(const std::string& level, const std::string& step) {
  const std::string key = "plan/" + level + "/" + step;
  auto it = streams_.find(key);
  if (it == streams_.end()) {
    it = streams_
             .emplace(key, Streams{model::Rng(ctx_.seed, key + "/duration"),
                                   model::Rng(ctx_.seed, key + "/failure")})
             .first;
  }
  return it->second;
}

// A step's attempts, each taking a new duration, while the interpreter says to retry. A failed attempt:
// its failure probability, or its action failing.
bool PlanExecutor::run_step(const StepSpec& spec, std::size_t record, Streams& streams, std::string& detail) {
  bool ok = false;
  const std::string& level = interpreter_.outcome().steps[record].level;
  const std::string draw = (level.empty() ? "step/" : "step/" + level + "/") + spec.name;
  ctx_.recorder.add_draw(draw, 0.0);
  do {
    const int attempt = interpreter_.attempt_started(record);
    const double duration_s = spec.duration.sample(streams.durations);
    ctx_.recorder.add_draw(draw, duration_s);
    sg4::this_actor::sleep_for(duration_s);
    sync(ctx_);
    if (spec.failure_probability > 0.0 && streams.failures.uniform() < spec.failure_probability) {
      detail = fmt::format("attempt {} failed (failure probability {:g})", attempt, spec.failure_probability);
      log().info("step \"{}\": {}", spec.name, detail);
      continue;  // To the retry check below.
    }
    ok = perform_action(ctx_, spec, streams.durations, detail);
    if (!ok) log().info("step \"{}\" attempt {} failed: {}", spec.name, attempt, detail);
  } while (interpreter_.retry(record, ok));
  log().info("step \"{}\" {}: {}", spec.name, ok ? "completed" : "failed", detail);
  return ok;
}

void PlanExecutor::publish() {
  if (const auto start = interpreter_.rollback_start(); start && !ctx_.recorder.at(Instant::RollbackStart))
    ctx_.recorder.record(Instant::RollbackStart, *start);
  if (const auto end = interpreter_.rollback_end()) ctx_.recorder.set(Instant::RollbackEnd, *end);
  if (const auto verified = interpreter_.verified()) ctx_.recorder.set(Instant::Verified, *verified);
}

// Protocol: receives the Decision ("decision"), then runs the plan to its end: each Start of the
// interpreter runs its steps (a parallel group in one worker actor per step, joined), each step's end
// is fed back, until the interpreter says Finish. Ends then, or at the drill's horizon.
void PlanExecutor::run() {
  using Interpreter = metrics::PlanInterpreter;
  const model::PlanSpec& plan = *ctx_.scenario.plan;
  const auto decision = receive<Decision>();
  log().info("plan \"{}\" starts", plan.name);
  Interpreter::Command command = interpreter_.begin(decision->level, now());
  for (;;) {
    publish();
    if (const auto* finish = std::get_if<Interpreter::Finish>(&command)) {
      log().info("plan \"{}\" {}: {}", plan.name, finish->exit_state, finish->reason);
      return;
    }
    const auto start = std::get<Interpreter::Start>(command);  // A Wait cannot reach here.
    if (start.escalated_from) {
      log().info("escalating from level \"{}\" to \"{}\"", plan.levels[*start.escalated_from].name,
                 plan.levels[start.steps.front().level].name);
    }
    const auto spec_of = [&](const Interpreter::StepRef& ref) -> const StepSpec& {
      return plan.levels[ref.level].steps[ref.step];
    };
    if (start.steps.size() == 1) {
      const auto& ref = start.steps.front();
      const StepSpec& spec = spec_of(ref);
      std::string detail;
      const bool ok = run_step(spec, ref.record, streams(plan.levels[ref.level].name, spec.name), detail);
      command = interpreter_.step_ended(ref.record, ok, std::move(detail), now());
      continue;
    }
    // A parallel group: each worker feeds its step's end at its own instant; the last one's answer is
    // what follows the group.
    std::optional<Interpreter::Command> after;
    std::vector<sg4::ActorPtr> workers;
    for (const auto& ref : start.steps) {
      const StepSpec& spec = spec_of(ref);
      Streams& step_streams = streams(plan.levels[ref.level].name, spec.name);
      workers.push_back(
          sg4::Actor::create("step", sg4::this_actor::get_host(), [this, &spec, ref, &step_streams, &after] {
            std::string detail;
            const bool ok = run_step(spec, ref.record, step_streams, detail);
            auto next = interpreter_.step_ended(ref.record, ok, std::move(detail), now());
            if (!std::holds_alternative<Interpreter::Wait>(next)) after = std::move(next);
          }));
    }
    for (const auto& worker : workers)
      worker->join();
    sync(ctx_);
    command = std::move(*after);
  }
}

}  // namespace drillsim::engine