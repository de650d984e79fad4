// `drillsim capacity SCENARIO`: per service, the fewest stable replicas that keep the service's SLO
// while the stable version takes all of its traffic, the headroom at today's replicas, and each
// service's utilisation over the drill -- from simulated drills, not a formula (docs/monte-carlo.md,
// "Capacity").
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace drillsim::cli {

// The scenario document `document` turned into the capacity drill of its service `service_index` at
// `replicas` stable replicas: that service's stable version has `replicas` Ready replicas, its new
// version none, its weights (unless it routes by pods) all on stable, and no deployment of it; the
// fault, the plan and the decision rules are removed (the drill is the traffic alone). Every other
// service is left as it is.
nlohmann::ordered_json capacity_scenario(const nlohmann::ordered_json& document, std::size_t service_index,
                                         int replicas);

// Runs `drillsim capacity ...`; `argv[0]` is "capacity" (the program name for the option parser). Returns the
// exit code (docs/cli.md): 0 every service keeps its SLO at today's replicas, 1 some service needs more, 2
// bad command line, 3 invalid scenario, 4 cannot write, 70 a drill failed, 130 interrupted.
int capacity_main(int argc, char* argv[]);

}  // namespace drillsim::cli
