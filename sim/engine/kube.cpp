#include "engine/kube.hpp"

#include <algorithm>
#include <cmath>

namespace drillsim::engine {

using model::Version;

namespace {
Version other(Version v) {
  return v == Version::Stable ? Version::New : Version::Stable;
}
}  // namespace

Cluster::Cluster(const model::Scenario& scenario, DataPlane& plane, std::uint64_t seed)
    : scenario_(scenario), plane_(plane), pods_(scenario.services.size()) {
  for (std::size_t s = 0; s < scenario.services.size(); ++s) {
    start_rng_.emplace_back(seed, scenario.services[s].name + "/pod_start");
    for (const Version v : model::kVersions) {
      pods_[s][static_cast<std::size_t>(v)].resize(
          static_cast<std::size_t>(scenario.services[s].version(v).replicas));
    }
  }
}

std::vector<Cluster::Pod>& Cluster::pods(int service, Version version) {
  return pods_[static_cast<std::size_t>(service)][static_cast<std::size_t>(version)];
}

const std::vector<Cluster::Pod>& Cluster::pods(int service, Version version) const {
  return pods_[static_cast<std::size_t>(service)][static_cast<std::size_t>(version)];
}

int Cluster::desired(int service, Version version) const {
  return static_cast<int>(pods(service, version).size());
}

int Cluster::available(int service, Version version, double now_s) const {
  const auto& list = pods(service, version);
  return static_cast<int>(
      std::count_if(list.begin(), list.end(), [now_s](const Pod& p) { return p.available_at <= now_s; }));
}

bool Cluster::settled(int service, Version version, double now_s) const {
  return available(service, version, now_s) == desired(service, version);
}

double Cluster::scale(int service, Version version, int replicas, double now_s) {
  const int current = desired(service, version);
  if (replicas > current) create(service, version, replicas - current, now_s);
  if (replicas < current) return remove(service, version, current - replicas, now_s);
  return now_s;
}

void Cluster::create(int service, Version version, int n, double now_s) {
  const model::PodSpec& spec = scenario_.services[static_cast<std::size_t>(service)].pods;
  for (int i = 0; i < n; ++i) {
    Pod pod;
    pod.ready_at =
        spec.ready_at(now_s, now_s + spec.start.sample(start_rng_[static_cast<std::size_t>(service)]));
    pod.available_at = pod.ready_at + spec.min_ready_s;
    pod.schedule_id = plane_.schedule_ready(service, version, pod.ready_at);
    if (pod.ready_at <= now_s) pod.schedule_id = 0;  // Already joined.
    pods(service, version).push_back(pod);
  }
}

double Cluster::remove(int service, Version version, int n, double now_s) {
  auto& list = pods(service, version);
  // Victims first: not Ready before Ready, then the most recently Ready (a later ready_at).
  std::stable_sort(list.begin(), list.end(), [now_s](const Pod& a, const Pod& b) {
    const bool a_ready = a.ready_at <= now_s;
    const bool b_ready = b.ready_at <= now_s;
    if (a_ready != b_ready) return !a_ready;
    return a.ready_at > b.ready_at;
  });
  int ready_removed = 0;
  for (int i = 0; i < n; ++i) {
    const Pod& victim = list[static_cast<std::size_t>(i)];
    if (victim.ready_at <= now_s) {
      ++ready_removed;
    } else {
      plane_.cancel_ready(victim.schedule_id);
    }
  }
  list.erase(list.begin(), list.begin() + n);
  if (ready_removed == 0) return now_s;
  return plane_.set_replicas(service, version, plane_.ready_replicas(service, version) - ready_removed);
}

double Cluster::next_event(int service, double now_s) const {
  double next = std::numeric_limits<double>::infinity();
  for (const Version v : model::kVersions) {
    for (const Pod& p : pods(service, v)) {
      if (p.ready_at > now_s) next = std::min(next, p.ready_at);
      if (p.available_at > now_s) next = std::min(next, p.available_at);
    }
  }
  return next;
}

bool Cluster::reconcile_rolling(int service, Version to, int replicas, double now_s) {
  const Version from = other(to);
  const auto [surge, unavailable] =
      scenario_.services[static_cast<std::size_t>(service)].strategy.resolve(replicas);
  const int min_available = replicas - unavailable;
  bool changed = false;
  for (;;) {
    const int new_pods = desired(service, to);
    const int old_pods = desired(service, from);
    // reconcileNewReplicaSet
    if (new_pods > replicas) {
      scale(service, to, replicas, now_s);
      changed = true;
      continue;
    }
    const int scale_up = std::min(replicas + surge - (new_pods + old_pods), replicas - new_pods);
    if (scale_up > 0) {
      scale(service, to, new_pods + scale_up, now_s);
      changed = true;
      continue;
    }
    // reconcileOldReplicaSets
    if (old_pods == 0) break;
    const int new_unavailable = new_pods - available(service, to, now_s);
    const int max_scaled_down = (new_pods + old_pods) - min_available - new_unavailable;
    if (max_scaled_down <= 0) break;
    // cleanupUnhealthyReplicas: old pods that are not Available go first, up to max_scaled_down.
    const int old_unhealthy = old_pods - available(service, from, now_s);
    const int cleanup = std::min(old_unhealthy, max_scaled_down);
    // scaleDownOldReplicaSetsForRollingUpdate: down to minAvailable over all Available pods.
    const int all_available = available(service, to, now_s) + available(service, from, now_s);
    const int scale_down = std::min(old_pods - cleanup, std::max(0, all_available - min_available));
    if (cleanup + scale_down == 0) break;
    scale(service, from, old_pods - cleanup - scale_down, now_s);
    changed = true;
  }
  return changed;
}

bool Cluster::rollout_complete(int service, Version to, int replicas, double now_s) const {
  return desired(service, to) == replicas && available(service, to, now_s) == replicas &&
         desired(service, other(to)) == 0;
}

}  // namespace drillsim::engine
