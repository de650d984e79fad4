#include "engine/fault_state.hpp"

#include <algorithm>

namespace drillsim::engine {

namespace {

void insert_in_order(std::vector<double>& times, double t_s) {
  times.insert(std::upper_bound(times.begin(), times.end(), t_s), t_s);
}

}  // namespace

void FaultState::flag_turned_off(const std::string& flag, double seen_s) {
  const auto [it, inserted] = flags_off_at_.emplace(flag, seen_s);
  if (!inserted) it->second = std::min(it->second, seen_s);
}

bool FaultState::flag_off(const std::string& flag, double t_s) const {
  const auto it = flags_off_at_.find(flag);
  return it != flags_off_at_.end() && it->second <= t_s;
}

bool FaultState::fix() {
  if (fixed_) return false;
  fixed_ = true;
  return true;
}

void FaultState::container_restarted(int service, double t_s, bool oom_kill) {
  Health& health = at(service);
  insert_in_order(health.restarts_at, t_s);
  if (oom_kill) insert_in_order(health.oom_kills_at, t_s);
}

void FaultState::pod_restarted(int service, std::uint64_t pod_uid, double t_s, double back_off_until_s) {
  PodRestarts& pod = at(service).pod_restarts[pod_uid];
  pod.at.push_back(t_s);
  pod.back_off_from_s = t_s;
  pod.back_off_until_s = back_off_until_s;
}

const FaultState::PodRestarts* FaultState::pod_restarts(int service, std::uint64_t pod_uid) const {
  const auto& pods = at(service).pod_restarts;
  const auto it = pods.find(pod_uid);
  return it == pods.end() ? nullptr : &it->second;
}

void FaultState::start_leak(int service, model::Version version) {
  at(service).leaking = version;
}

std::optional<model::Version> FaultState::leaking_version(int service) const {
  return at(service).leaking;
}

std::optional<double> FaultState::leak_rate(int service, std::uint64_t pod_uid) const {
  const auto& rates = at(service).leak_mb_per_s;
  const auto it = rates.find(pod_uid);
  if (it == rates.end()) return std::nullopt;
  return it->second;
}

void FaultState::set_leak_rate(int service, std::uint64_t pod_uid, double mb_per_s) {
  at(service).leak_mb_per_s[pod_uid] = mb_per_s;
}

}  // namespace drillsim::engine
