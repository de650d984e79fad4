// The shared objects of a drill without SimGrid, wired as run_drill wires them: the endpoints (written
// by the cluster), the fault levers, the data plane's kernel that reads both, and the cluster model.
#pragma once

#include <cstdint>

#include "engine/data_plane.hpp"
#include "engine/endpoints.hpp"
#include "engine/fault_levers.hpp"
#include "engine/kube.hpp"
#include "model/scenario.hpp"

namespace drillsim::testing {

struct Rig {
  // REQUIRES: `scenario` outlives the Rig.
  Rig(const model::Scenario& scenario, std::uint64_t seed)
      : endpoints(scenario),
        levers(scenario),
        plane(scenario, seed, endpoints, levers),
        cluster(scenario, plane, endpoints, seed) {}
  engine::Endpoints endpoints;
  engine::FaultLevers levers;
  engine::DataPlane plane;
  engine::Cluster cluster;
};

}  // namespace drillsim::testing
