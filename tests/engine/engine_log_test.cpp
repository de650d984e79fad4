// The engine's logger: one "engine" logger, quiet below warnings, each line stamped with the simulated
// clock (0 before any SimGrid engine exists).
#include "engine/engine_log.hpp"

#include <gtest/gtest.h>

#include <string>

namespace drillsim::engine {
namespace {

TEST(EngineLog, OneLoggerNamedEngineQuietBelowWarnings) {
  spdlog::logger& logger = log();
  EXPECT_EQ(&logger, &log());
  EXPECT_EQ(logger.name(), "engine");
  EXPECT_EQ(spdlog::get("engine").get(), &logger);
  EXPECT_EQ(logger.level(), spdlog::level::warn);
}

TEST(EngineLog, LinesCarryTheSimulatedClock) {
  testing::internal::CaptureStderr();
  log().info("not shown: {}", 1);
  log().warn("alert {} firing", "HighErrorRatio");
  log().flush();
  const std::string out = testing::internal::GetCapturedStderr();
  // No SimGrid engine in this process: the clock reads 0, printed as "{:9.3f} s".
  EXPECT_EQ(out, "[    0.000 s] [engine] alert HighErrorRatio firing\n");
}

}  // namespace
}  // namespace drillsim::engine
