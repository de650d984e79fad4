// The engine's logger ("engine"): each line carries the simulated time, e.g.
// "[  312.400 s] [engine] alert HighErrorRatio firing". Quiet (warnings only) unless the CLI raises it.
#pragma once

#include <spdlog/spdlog.h>

namespace drillsim::engine {

spdlog::logger& log();

}  // namespace drillsim::engine
