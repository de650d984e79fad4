// run_drill(): one scenario, one simulated drill, on a fresh SimGrid engine.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/drill_result.hpp"
#include "model/scenario.hpp"

namespace drillsim::engine {

struct DrillOptions {
  std::uint64_t seed = 1;
  // SimGrid settings, each "name:value" as for Engine::set_config (e.g. "network/model:CM02").
  std::vector<std::string> simgrid_config;
  // SimGrid log control string (e.g. "root.thresh:info"); empty keeps SimGrid quiet (critical only).
  std::string simgrid_log;
  // false: the latencies of single requests are not kept, so the per-second and whole-run latency
  // percentiles of the result are NaN (their mean stays). Everything else is the same, bit for bit.
  // A Monte Carlo run reads none of them and is much cheaper without them (docs/monte-carlo.md).
  bool latency_percentiles = true;
};

// A SimGrid setting of DrillOptions that SimGrid rejected (unknown name, bad value). what() is one
// line: SimGrid's own first line, e.g. "Bad config key: nosuch".
class SimGridConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Simulates the drill described by `scenario` and returns what happened. Simulated time only: the
// same scenario and seed give the same result, bit for bit.
//
// REQUIRES: `scenario` was validated by io::load_scenario / io::parse_scenario.
// A SimGrid Engine cannot be reused inside a process (the clock carries over), so this may be called
// once per process; a second call throws std::logic_error. A rejected SimGrid setting throws
// SimGridConfigError. Sweeps run one process per drill.
model::DrillResult run_drill(const model::Scenario& scenario, const DrillOptions& options);

}  // namespace drillsim::engine
