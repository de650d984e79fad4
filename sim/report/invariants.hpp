// Invariants every drill must satisfy, whatever the scenario: the incident's instants in causal order,
// no request created or lost, counts that fit inside each other, a level's claim met only by a level
// that completed. `drillsim run` checks them on every drill (a violation is a bug in drillsim, exit 70),
// and the test suite runs every bundled scenario under many seeds through them.
#pragma once

#include <string>
#include <vector>

#include "model/drill_result.hpp"
#include "model/scenario.hpp"
#include "report/report.hpp"

namespace drillsim::report {

// Every violated invariant, one line each ("timeline: detect 599.9 s before onset 600.0 s"); empty when
// all hold. `report` is build_report(scenario, result, ...).
std::vector<std::string> check_invariants(const model::Scenario& scenario, const model::DrillResult& result,
                                          const Report& report);

}  // namespace drillsim::report
