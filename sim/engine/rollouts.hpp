// What a plan step does with a Deployment's rollout (rollouts.cpp). drive_rollouts, which the faults
// use too, is declared in actors.hpp.
#pragma once

#include <string>

#include "engine/actors.hpp"
#include "engine/kube.hpp"
#include "model/scenario.hpp"

namespace drillsim::engine {

// Runs a rollout for a step: it becomes the Deployment's desired state at once (superseding any rollout
// of the same pods). The step waits for it (with the progress deadline) when it says so, and hands it to
// an actor of its own when it does not wait or gives up. A waited rollout that a newer one supersedes
// (a parallel step's undo, say) is followed to the newer one's end, as `kubectl rollout status` watches
// the Deployment rather than a revision. Returns false, with `detail`, when the rollout it waited for (or
// the one that superseded it) did not complete; appends to `detail` otherwise.
bool step_rollout(DrillContext& ctx, const model::StepSpec& step, int service,
                  const Cluster::Rollout& rollout, std::string& detail);

// kubectl rollout pause: the controller rolls no more from this instant. The actors driving or waiting
// for a rollout of the service stop now, not at its next pod event; kubectl rollout resume
// (drive_rollouts) starts the rollouts again from the resume instant.
void pause_rollouts(DrillContext& ctx, int service);

// Waits until every desired pod of the version is Available, or the progress deadline passes (false,
// with `detail`).
bool wait_settled(DrillContext& ctx, int service, model::Version version, std::string& detail);

}  // namespace drillsim::engine
