// The instants of one incident, in simulated seconds, as PRODUCT.md defines them. The engine records
// them as they happen (restored is derived afterwards from the series by metrics/); metrics read them
// and never see SimGrid. An instant that did not happen is nullopt, never 0.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>

namespace drillsim::model {

enum class Instant { Onset, Detect, Page, Ack, Decide, RollbackStart, RollbackEnd, Restored, Verified };
inline constexpr std::size_t kInstantCount = 9;
inline constexpr std::array<Instant, kInstantCount> kInstants{
    Instant::Onset,         Instant::Detect,      Instant::Page,     Instant::Ack,     Instant::Decide,
    Instant::RollbackStart, Instant::RollbackEnd, Instant::Restored, Instant::Verified};

// JSON key and display name: "onset", "detect", ..., "rollback_start".
const char* to_string(Instant instant);

class Timeline {
 public:
  // Records `instant` at t_s unless it was already recorded: the first occurrence wins.
  void record(Instant instant, double t_s) {
    auto& slot = at_[static_cast<std::size_t>(instant)];
    if (!slot) slot = t_s;
  }
  // Overwrites: for instants that are derived after the run (restored).
  void set(Instant instant, std::optional<double> t_s) { at_[static_cast<std::size_t>(instant)] = t_s; }
  std::optional<double> at(Instant instant) const { return at_[static_cast<std::size_t>(instant)]; }

 private:
  std::array<std::optional<double>, kInstantCount> at_{};
};

}  // namespace drillsim::model
