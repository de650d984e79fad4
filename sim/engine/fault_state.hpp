// The fault's state while the drill runs: which feature flags were turned off (a lever of the plan),
// the containers' health that kube-state-metrics and cAdvisor would export (read by the alert rules and
// the memory gauge), and whether the fault was fixed. One owner for these facts: the fault's handlers
// (faults.cpp) and the actions (actions.cpp) write them through this narrow interface, the detection
// actors read them. Plain bookkeeping, no SimGrid.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/scenario.hpp"

namespace drillsim::engine {

class FaultState {
 public:
  explicit FaultState(std::size_t services) : health_(services) {}

  // --- Feature flags. The flag is off everywhere from seen_s on (after its propagation); turned off
  // twice, the earlier instant holds.
  void flag_turned_off(const std::string& flag, double seen_s);
  // The flag is off everywhere at t_s.
  bool flag_off(const std::string& flag, double t_s) const;

  // --- The fault's end. fix() is true the first time only (the fault ends once).
  bool fix();
  bool fixed() const { return fixed_; }

  // --- Container health, per service.
  // A container of the service restarted (crashed) at t_s; an OOMKill also counts as such. Kept in time
  // order whatever the order of the calls.
  void container_restarted(int service, double t_s, bool oom_kill);
  const std::vector<double>& restarts(int service) const { return at(service).restarts_at; }
  const std::vector<double>& oom_kills(int service) const { return at(service).oom_kills_at; }
  // Per pod, for kube-state-metrics' per-pod series (engine::PromSeries): the container of pod `pod_uid`
  // restarted (crashed) at t_s and waits in CrashLoopBackOff until back_off_until_s.
  struct PodRestarts {
    std::vector<double> at;  // Its restarts, in the order recorded (each at or before the caller's now).
    double back_off_from_s = std::numeric_limits<double>::quiet_NaN();
    double back_off_until_s = std::numeric_limits<double>::quiet_NaN();
  };
  void pod_restarted(int service, std::uint64_t pod_uid, double t_s, double back_off_until_s);
  // nullptr when the pod never restarted.
  const PodRestarts* pod_restarts(int service, std::uint64_t pod_uid) const;
  // A memory leak: the version's containers grow from their base at their own rate.
  void start_leak(int service, model::Version version);
  // The version that leaks; nullopt when the service has no leak.
  std::optional<model::Version> leaking_version(int service) const;
  // The pod's leak rate (MB/s): drawn once per pod by the caller (set_leak_rate), nullopt before.
  std::optional<double> leak_rate(int service, std::uint64_t pod_uid) const;
  void set_leak_rate(int service, std::uint64_t pod_uid, double mb_per_s);

 private:
  struct Health {
    std::vector<double> restarts_at;   // Every container restart (crash), in time order.
    std::vector<double> oom_kills_at;  // Those that were OOMKills, in time order.
    std::optional<model::Version> leaking;
    std::map<std::uint64_t, double> leak_mb_per_s;      // By pod uid.
    std::map<std::uint64_t, PodRestarts> pod_restarts;  // By pod uid.
  };
  Health& at(int service) { return health_[static_cast<std::size_t>(service)]; }
  const Health& at(int service) const { return health_[static_cast<std::size_t>(service)]; }

  std::map<std::string, double> flags_off_at_;
  std::vector<Health> health_;
  bool fixed_ = false;
};

}  // namespace drillsim::engine
