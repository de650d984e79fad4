// What each plan step's action does to the simulated system (actions.cpp): one handler per action kind,
// registered in one table indexed by model::StepSpec::Action. A new action is an enum value and name
// (model/scenario_plan.*), its fields' parsing (io/load_plan.cpp), and one handler and table row here.
#pragma once

#include <string>

#include "engine/actors.hpp"
#include "model/random.hpp"
#include "model/scenario.hpp"

namespace drillsim::engine {

// Performs `step`'s action now (its duration has passed). Returns false, with `detail`, if it fails;
// otherwise `detail` says what it did. Actions that wait for pods (wait_ready) or for a store's restore
// sleep, so they end later than now. `rng`: the step's own stream, for what the action draws (a flag's
// propagation delay).
bool perform_action(DrillContext& ctx, const model::StepSpec& step, model::Rng& rng, std::string& detail);

}  // namespace drillsim::engine
