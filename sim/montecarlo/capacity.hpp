// drillsim capacity (docs/monte-carlo.md, "Capacity"): the fewest stable replicas of a service that keep
// its SLO while the stable version takes all of its traffic, found by simulating drills at a few
// replica counts. The search and the judgement of one run are here, free of SimGrid and of processes;
// the command (cli/capacity_command.cpp) runs the drills.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <vector>

#include "model/drill_result.hpp"
#include "model/scenario.hpp"

namespace drillsim::montecarlo {

// How one run's service kept its SLO over the judged seconds [from_s, to_s): each second's trailing SLI
// window (metrics::slo_status, the windows the drill's own restoration is judged on).
struct WindowJudgement {
  std::uint64_t seconds = 0;         // Judged seconds.
  std::uint64_t seconds_within = 0;  // Of which the trailing window was within the SLO.
  double worst_error_ratio = 0.0;    // The largest window error ratio among the judged seconds.
  double worst_slow_share = 0.0;     // The largest window share of requests slower than the p95 bound
                                     // (the window's p95 is within the bound iff this is <= 5 %).
  std::uint64_t requests = 0;        // Completed in the judged seconds.
  std::uint64_t errors = 0;
  bool within() const { return seconds > 0 && seconds_within == seconds; }
};
WindowJudgement judge_windows(const model::SecondSeries& series, const model::Slo& slo, double from_s,
                              double to_s);

// The share of the replicas' time spent serving: requests served x mean service time x latency factor,
// over the Ready replica-seconds (SecondSeries::ready summed). An estimate from counts, not a
// measurement of busy time: it ignores the service-time draws' spread and the downstream calls (a
// replica is free while they run). 0 without a Ready replica-second.
double utilisation(std::uint64_t requests_served, double mean_service_s, double latency_factor,
                   std::uint64_t ready_replica_seconds);

// One replica count tried by the search: how many of its runs kept the SLO.
struct CapacityProbe {
  int replicas = 0;
  bool passed = false;
};

struct CapacitySearch {
  std::optional<int> fewest;          // nullopt: even max_replicas does not pass.
  std::vector<CapacityProbe> probes;  // In the order tried (each count once).
};

// The fewest replicas r in [1, max_replicas] with passes(r), assuming that a count that passes is
// followed by counts that pass (more replicas never hurt: each replica is a FIFO server that the
// traffic is split over uniformly). Tries `today` first (clamped to [1, max_replicas]); if it passes,
// bisects [1, today]; if not, doubles until a count passes (or max_replicas fails), then bisects
// between the last count that failed and the first that passed. Zero replicas is never tried (it serves
// nothing). REQUIRES: max_replicas >= 1.
CapacitySearch find_fewest_replicas(int today, int max_replicas, const std::function<bool(int)>& passes);

}  // namespace drillsim::montecarlo
