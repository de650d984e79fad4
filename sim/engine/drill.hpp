// run_drill(): one scenario, one simulated drill, on a fresh SimGrid engine.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "model/drill_result.hpp"
#include "model/scenario.hpp"

namespace drillsim::promql {
class SeriesStore;
}

namespace drillsim::engine {

// What a scenario's rule files saw and did in a drill (docs/detection.md, "Rule files in a scenario"):
// every scraped sample (the store must outlive the drill) and every alert's state changes.
struct ScrapedSeries {
  promql::SeriesStore* store = nullptr;  // Every sample of every scrape; null: not kept.
  struct Transition {
    std::string alert;
    std::string labels;  // The alert's labels, as Prometheus prints them.
    std::string state;   // "pending", "firing", "resolved" or "inactive" (a pending alert dropped).
    double t_s = 0.0;
  };
  std::vector<Transition> transitions;
  // After each evaluation: its instant, and every alert then firing (labels without alertname, and
  // annotations, sorted by name).
  std::vector<double> evaluations_s;
  struct Firing {
    double t_s = 0.0;
    std::string alert;
    std::vector<std::pair<std::string, std::string>> labels;
    std::vector<std::pair<std::string, std::string>> annotations;
  };
  std::vector<Firing> firing;
};

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
  // true: a drill longer than kExactWholeRunMaxS (6 h) keeps its series per minute, its per-second
  // samples in a temporary file (DrillResult::seconds) and each service's per-second SLO status
  // (DrillResult::in_slo), so that its memory does not grow with simulated time. report::build_report
  // reads such a result; code that reads every second of DrillResult::series leaves it false.
  bool stream_long_series = false;
  // When set, the rule files' scraped series and alert transitions are kept here.
  ScrapedSeries* scraped = nullptr;
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
