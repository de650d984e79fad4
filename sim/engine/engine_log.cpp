#include "engine/engine_log.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>

#include <simgrid/s4u/Engine.hpp>

#include <memory>

namespace drillsim::engine {

namespace {
// `%*` in a pattern: the simulated clock, in seconds.
class SimClockFlag : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg&, const std::tm&, spdlog::memory_buf_t& dest) override {
    const double now = simgrid::s4u::Engine::is_initialized() ? simgrid::s4u::Engine::get_clock() : 0.0;
    fmt::format_to(std::back_inserter(dest), "{:9.3f} s", now);
  }
  std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<SimClockFlag>(); }
};
}  // namespace

spdlog::logger& log() {
  static const std::shared_ptr<spdlog::logger> logger = [] {
    auto existing = spdlog::get("engine");
    if (existing) return existing;
    auto created = spdlog::stderr_color_mt("engine");
    auto formatter = std::make_unique<spdlog::pattern_formatter>();
    formatter->add_flag<SimClockFlag>('*').set_pattern("[%*] [%n] %v");
    created->set_formatter(std::move(formatter));
    created->set_level(spdlog::level::warn);
    return created;
  }();
  return *logger;
}

}  // namespace drillsim::engine
