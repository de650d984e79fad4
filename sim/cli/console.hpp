// The terminal view of a drill: the timeline and the verdicts as aligned tables, for people.
#pragma once

#include <ostream>

#include "report/report.hpp"

namespace drillsim::cli {

void print_summary(std::ostream& out, const report::Report& report);

}  // namespace drillsim::cli
