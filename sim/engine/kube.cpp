#include "engine/kube.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>
#include <string>

namespace drillsim::engine {

using model::Version;

Cluster::Cluster(const model::Scenario& scenario, DataPlane& plane, Endpoints& endpoints, std::uint64_t seed)
    : scenario_(scenario),
      plane_(plane),
      endpoints_(endpoints),
      pods_(scenario.services.size()),
      generation_(scenario.services.size(), 0),
      rollouts_(scenario.services.size()),
      spec_replicas_(scenario.services.size()),
      paused_(scenario.services.size(), false),
      crash_on_start_(scenario.services.size(), {false, false}),
      probe_failing_(scenario.services.size(), {false, false}),
      terminating_(scenario.services.size()) {
  for (std::size_t s = 0; s < scenario.services.size(); ++s) {
    start_rng_.emplace_back(seed, scenario.services[s].name + "/pod_start");
    container_rng_.emplace_back(seed, scenario.services[s].name + "/container_start");
    for (const Version v : model::kVersions) {
      for (const std::uint64_t id : endpoints.ready_pod_ids(static_cast<int>(s), v)) {
        Pod pod;
        pod.id = id;
        pod.uid = next_uid_++;
        remember(pod);
        pods_[s][static_cast<std::size_t>(v)].push_back(pod);
      }
    }
  }
}

std::vector<Cluster::Pod>& Cluster::pods(int service, Version version) {
  return pods_[static_cast<std::size_t>(service)][static_cast<std::size_t>(version)];
}

const std::vector<Cluster::Pod>& Cluster::pods(int service, Version version) const {
  return pods_[static_cast<std::size_t>(service)][static_cast<std::size_t>(version)];
}

int Cluster::count(int service, const Pool& pool) const {
  const auto& list = pods(service, pool.version);
  return static_cast<int>(std::count_if(list.begin(), list.end(), [&](const Pod& p) { return in(p, pool); }));
}

int Cluster::available(int service, const Pool& pool, double now_s) const {
  const auto& list = pods(service, pool.version);
  return static_cast<int>(std::count_if(list.begin(), list.end(), [&](const Pod& p) {
    return in(p, pool) && is_available(service, p, now_s);
  }));
}

bool Cluster::settled(int service, Version version, double now_s) const {
  return available(service, version, now_s) == desired(service, version);
}

double Cluster::scale(int service, const Pool& pool, int replicas, double now_s) {
  const int current = count(service, pool);
  if (replicas > current) create(service, pool, replicas - current, now_s);
  if (replicas < current) return remove(service, pool, current - replicas, now_s);
  return now_s;
}

void Cluster::create(int service, const Pool& pool, int n, double now_s) {
  const model::PodSpec& spec = scenario_.services[static_cast<std::size_t>(service)].pods;
  const int generation = std::min(pool.max_generation, generation_[static_cast<std::size_t>(service)]);
  for (int i = 0; i < n; ++i) {
    Pod pod;
    pod.generation = generation;
    pod.uid = next_uid_++;
    // Scheduling and the image pull, then the container starts; the probes count from there.
    const double started =
        now_s + spec.container_start.sample(container_rng_[static_cast<std::size_t>(service)]);
    pod.started_at = started;
    const double answers = started + spec.start.sample(start_rng_[static_cast<std::size_t>(service)]);
    pod.answers_at = answers;
    if (crashes_on_start(service, pool.version) ||
        probe_failing_[static_cast<std::size_t>(service)][static_cast<std::size_t>(pool.version)]) {
      // No Ready instant (id 0).
      if (crashes_on_start(service, pool.version)) pod.crash_loop_since = started;
      pods(service, pool.version).push_back(pod);
      continue;
    }
    pod.id = ready_spell(service, pool.version, pod, spec.ready_at(started, answers));
    pods(service, pool.version).push_back(pod);
  }
}

double Cluster::remove(int service, const Pool& pool, int n, double now_s) {
  auto& list = pods(service, pool.version);
  // Victims first: outside the pool last; not Ready before Ready; then the most recently Ready.
  std::stable_sort(list.begin(), list.end(), [&](const Pod& a, const Pod& b) {
    if (in(a, pool) != in(b, pool)) return in(a, pool);
    const bool a_ready = ready(a, now_s);
    const bool b_ready = ready(b, now_s);
    if (a_ready != b_ready) return !a_ready;
    return ready_at(a) > ready_at(b);
  });
  std::vector<std::uint64_t> ready_ids;
  std::vector<PodView> ready_views;
  auto& terminating = terminating_[static_cast<std::size_t>(service)][static_cast<std::size_t>(pool.version)];
  std::erase_if(terminating, [&](const Terminating& t) { return t.gone_s <= now_s; });
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  double gone = now_s;
  for (int i = 0; i < n; ++i) {
    const Pod& victim = list[static_cast<std::size_t>(i)];
    if (victim.unready_event != 0) endpoints_.cancel(victim.unready_event);
    if (ready(victim, now_s)) {
      ready_ids.push_back(victim.id);
      ready_views.push_back({victim.uid, ready_at(victim), kNaN});
      continue;
    }
    if (victim.id != 0 && ready_at(victim) > now_s) endpoints_.cancel(victim.id);
    // A container that runs (not Ready yet, not crash-looping) is terminated too: preStop, SIGTERM.
    if (victim.started_at <= now_s && std::isnan(victim.crash_loop_since)) {
      const double exits = plane_.terminate_unready(service, pool.version);
      terminating.push_back({{victim.uid, std::numeric_limits<double>::infinity(), kNaN}, exits});
      gone = std::max(gone, exits);
    }
  }
  list.erase(list.begin(), list.begin() + n);
  if (ready_ids.empty()) return gone;
  for (std::size_t i = 0; i < ready_ids.size(); ++i) {  // One by one, in the same order: the same draws.
    const double exits = plane_.terminate(service, pool.version, {ready_ids[i]});
    terminating.push_back({ready_views[i], exits});
    gone = std::max(gone, exits);
  }
  endpoints_.leave(service, pool.version, ready_ids);
  return gone;
}

std::vector<Cluster::PodView> Cluster::terminating_views(int service, Version version, double t_s) const {
  std::vector<PodView> views;
  for (const Terminating& t : terminating_[static_cast<std::size_t>(service)][static_cast<std::size_t>(version)])
    if (t.gone_s > t_s) views.push_back(t.view);
  return views;
}

double Cluster::next_event(int service, double now_s) const {
  double next = std::numeric_limits<double>::infinity();
  for (const Version v : model::kVersions) {
    for (const Pod& p : pods(service, v)) {
      const double ready = ready_at(p);
      const double available = available_at(service, p);
      const double unready = unready_at(p);
      if (ready > now_s) next = std::min(next, ready);
      if (available > now_s && available < unready) next = std::min(next, available);
      if (unready > now_s) next = std::min(next, unready);
    }
  }
  return next;
}

bool Cluster::reconcile_rolling(int service, const Pool& to, const Pool& from, int replicas, double now_s) {
  // maxSurge and maxUnavailable as pod counts (named, not bound: check_bound captures them).
  const std::pair<int, int> bounds =
      scenario_.services[static_cast<std::size_t>(service)].strategy.resolve(replicas);
  const int surge = bounds.first;
  const int unavailable = bounds.second;
  const int min_available = replicas - unavailable;
  // The controller never takes the rollout's pods past replicas + maxSurge: if they were within it
  // before this reconciliation, they must be after (a scale step may have put them above it before).
  const bool within_before = count(service, to) + count(service, from) <= replicas + surge;
  const auto check_bound = [&] {
    const int all = count(service, to) + count(service, from);
    const int available_all = available(service, to, now_s) + available(service, from, now_s);
    if (within_before && (all > replicas + surge || available_all > all)) {
      violations_.push_back("pods: " + scenario_.services[static_cast<std::size_t>(service)].name + " at " +
                            std::to_string(now_s) + " s: " + std::to_string(all) + " pods (" +
                            std::to_string(available_all) + " available) over replicas " +
                            std::to_string(replicas) + " + maxSurge " + std::to_string(surge));
    }
  };
  bool changed = false;
  for (;;) {
    const int new_pods = count(service, to);
    const int old_pods = count(service, from);
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
  check_bound();
  return changed;
}

bool Cluster::rollout_complete(int service, const Pool& to, const Pool& from, int replicas,
                               double now_s) const {
  return count(service, to) == replicas && available(service, to, now_s) == replicas &&
         count(service, from) == 0;
}

std::pair<Cluster::Pool, Cluster::Pool> Cluster::begin_restart(int service, Version version) {
  const int generation = ++generation_[static_cast<std::size_t>(service)];
  return {Pool{version, generation, generation}, Pool{version, 0, generation - 1}};
}

namespace {

bool overlap(const Cluster::Pool& a, const Cluster::Pool& b) {
  return a.version == b.version && a.min_generation <= b.max_generation &&
         b.min_generation <= a.max_generation;
}

bool share_pods(const Cluster::Rollout& a, const Cluster::Rollout& b) {
  return overlap(a.to, b.to) || overlap(a.to, b.from) || overlap(a.from, b.to) || overlap(a.from, b.from);
}

// The rollout moves every pod of the Deployment from one version to the other (not a restart).
bool whole_deployment(const Cluster::Rollout& rollout) {
  const Cluster::Pool all_to = Cluster::all_of(rollout.to.version);
  const Cluster::Pool all_from = Cluster::all_of(Cluster::other(rollout.to.version));
  return rollout.to.min_generation == all_to.min_generation &&
         rollout.to.max_generation == all_to.max_generation && rollout.from.version == all_from.version &&
         rollout.from.min_generation == all_from.min_generation &&
         rollout.from.max_generation == all_from.max_generation;
}

}  // namespace

std::uint64_t Cluster::begin_rollout(int service, const Rollout& rollout) {
  auto& list = rollouts_[static_cast<std::size_t>(service)];
  std::erase_if(list, [&](const RolloutEntry& entry) { return share_pods(entry.spec, rollout); });
  const std::uint64_t id = next_rollout_++;
  list.push_back({id, rollout, false});
  if (whole_deployment(rollout)) spec_replicas_[static_cast<std::size_t>(service)] = rollout.replicas;
  return id;
}

void Cluster::scale_deployment(int service, int replicas, double now_s) {
  const auto s = static_cast<std::size_t>(service);
  const model::StrategySpec& strategy = scenario_.services[s].strategy;
  const int previous = spec_replicas(service);
  Version target = Version::New;  // The new ReplicaSet: the latest rollout's target.
  for (RolloutEntry& entry : rollouts_[s]) {
    if (!whole_deployment(entry.spec)) continue;
    target = entry.spec.to.version;
    entry.spec.replicas = replicas;
  }
  spec_replicas_[s] = replicas;
  const Version old = other(target);
  const int new_size = desired(service, target);
  const int old_size = desired(service, old);
  if (new_size == 0 || old_size == 0) {  // FindActiveOrLatest: one active ReplicaSet, or none.
    scale(service, old_size > 0 ? old : target, replicas, now_s);
    return;
  }
  if (new_size == replicas && available(service, target, now_s) == replicas) {  // IsSaturated
    scale(service, old, 0, now_s);
    return;
  }
  if (strategy.kind != model::StrategySpec::Kind::RollingUpdate) return;
  const int allowed = replicas > 0 ? replicas + strategy.resolve(replicas).first : 0;
  const int annotated = previous + strategy.resolve(previous).first;
  const int to_add = allowed - (new_size + old_size);
  if (to_add == 0) return;
  struct Set {
    Version version;
    int size;
  };
  std::array<Set, 2> sets{{{target, new_size}, {old, old_size}}};  // Newer first.
  if (old_size > new_size || (old_size == new_size && to_add < 0)) std::swap(sets[0], sets[1]);
  int added = 0;
  std::array<int, 2> sizes{};
  for (std::size_t i = 0; i < sets.size(); ++i) {
    const int size = sets[i].size;
    int proportion = 0;
    if (size != 0 && added != to_add) {  // GetProportion
      const int fraction =
          replicas == 0
              ? -size
              : static_cast<int>(std::lround(static_cast<double>(size * allowed) / annotated)) - size;
      const int left = to_add - added;
      proportion = to_add > 0 ? std::min(fraction, left) : std::max(fraction, left);
    }
    sizes[i] = size + proportion;
    added += proportion;
  }
  sizes[0] = std::max(0, sizes[0] + to_add - added);  // The leftover, to the largest.
  for (std::size_t i = 0; i < sets.size(); ++i)
    scale(service, sets[i].version, sizes[i], now_s);
}

Cluster::RolloutEntry* Cluster::find_rollout(int service, std::uint64_t id) {
  auto& list = rollouts_[static_cast<std::size_t>(service)];
  const auto it = std::find_if(list.begin(), list.end(), [id](const RolloutEntry& e) { return e.id == id; });
  return it == list.end() ? nullptr : &*it;
}

bool Cluster::current(int service, std::uint64_t id) const {
  const auto& list = rollouts_[static_cast<std::size_t>(service)];
  return std::any_of(list.begin(), list.end(), [id](const RolloutEntry& e) { return e.id == id; });
}

void Cluster::end_rollout(int service, std::uint64_t id) {
  std::erase_if(rollouts_[static_cast<std::size_t>(service)],
                [id](const RolloutEntry& e) { return e.id == id; });
}

std::vector<std::uint64_t> Cluster::rollouts(int service) const {
  std::vector<std::uint64_t> ids;
  for (const RolloutEntry& entry : rollouts_[static_cast<std::size_t>(service)])
    ids.push_back(entry.id);
  return ids;
}

const Cluster::Rollout& Cluster::rollout(int service, std::uint64_t id) const {
  for (const RolloutEntry& entry : rollouts_[static_cast<std::size_t>(service)]) {
    if (entry.id == id) return entry.spec;
  }
  throw std::out_of_range("Cluster::rollout: no rollout " + std::to_string(id) + " in progress");
}

bool Cluster::take_driver(int service, std::uint64_t id) {
  RolloutEntry* entry = find_rollout(service, id);
  if (entry == nullptr || entry->driven) return false;
  entry->driven = true;
  return true;
}

void Cluster::drop_driver(int service, std::uint64_t id) {
  if (RolloutEntry* entry = find_rollout(service, id)) entry->driven = false;
}

int Cluster::spec_replicas(int service) const {
  if (const auto& replicas = spec_replicas_[static_cast<std::size_t>(service)]) return *replicas;
  return desired(service, Version::Stable) + desired(service, Version::New);
}

std::uint64_t Cluster::ready_spell(int service, Version version, const Pod& pod, double t_s) {
  Pod spell = pod;
  spell.id = endpoints_.schedule_ready(service, version, t_s);
  remember(spell);
  return spell.id;
}

void Cluster::remember(const Pod& pod) {
  if (pod.id >= uid_of_plane_id_.size()) uid_of_plane_id_.resize(pod.id + 1, 0);
  uid_of_plane_id_[pod.id] = pod.uid;
}

std::vector<Cluster::PodView> Cluster::pod_views(int service, Version version) const {
  std::vector<PodView> views;
  for (const Pod& pod : pods(service, version))
    views.push_back({pod.uid, ready_at(pod), pod.crash_loop_since});
  return views;
}

void Cluster::set_probe_failing(int service, Version version, bool on, double now_s) {
  bool& flag = probe_failing_[static_cast<std::size_t>(service)][static_cast<std::size_t>(version)];
  if (flag == on) return;
  flag = on;
  const model::PodSpec& spec = scenario_.services[static_cast<std::size_t>(service)].pods;
  for (Pod& pod : pods(service, version)) {
    if (!std::isnan(pod.crash_loop_since)) continue;  // Not running: nothing to probe.
    if (on) {
      if (ready(pod, now_s)) {
        const double unready =
            spec.probe_at_or_after(pod.started_at, now_s) +
            static_cast<double>(spec.readiness_failure_threshold - 1) * spec.readiness_period_s;
        pod.unready_event = endpoints_.schedule_not_ready(service, version, pod.id, unready);
      } else if (ready_at(pod) > now_s && !std::isinf(ready_at(pod))) {
        endpoints_.cancel(pod.id);
        pod.id = 0;
      }
      continue;
    }
    if (ready(pod, now_s)) {  // Still Ready: the run of failures is broken before the threshold.
      if (pod.unready_event != 0) endpoints_.cancel(pod.unready_event);
      pod.unready_event = 0;
      continue;
    }
    if (ready_at(pod) > now_s && !std::isinf(ready_at(pod))) continue;  // Becoming Ready anyway.
    pod.unready_event = 0;
    pod.id = ready_spell(service, version, pod, spec.ready_at(pod.started_at, std::max(now_s, pod.answers_at)));
  }
}

double Cluster::nth_restart(double since_s, int n) {
  double t = since_s;
  for (int k = 0; k < n; ++k)
    t += model::crash_loop_backoff_s(k);
  return t;
}

double Cluster::set_crash_on_start(int service, Version version, bool on, double now_s) {
  bool& flag = crash_on_start_[static_cast<std::size_t>(service)][static_cast<std::size_t>(version)];
  double first_ready = std::numeric_limits<double>::infinity();
  if (flag == on) return first_ready;
  flag = on;
  const model::PodSpec& spec = scenario_.services[static_cast<std::size_t>(service)].pods;
  std::vector<std::uint64_t> ready_ids;
  for (Pod& pod : pods(service, version)) {
    if (on) {
      if (pod.unready_event != 0) endpoints_.cancel(pod.unready_event);
      if (ready(pod, now_s)) {
        ready_ids.push_back(pod.id);
      } else if (pod.id != 0 && ready_at(pod) > now_s) {
        endpoints_.cancel(pod.id);
      }
      pod.id = 0;  // No Ready instant while it crash-loops.
      pod.unready_event = 0;
      pod.crash_loop_since = std::max(now_s, pod.started_at);  // A container still pulling crashes at start.
      continue;
    }
    if (std::isnan(pod.crash_loop_since)) continue;
    // The first (re)start at or after now: the container starts and, this time, answers.
    int n = 0;
    while (nth_restart(pod.crash_loop_since, n) < now_s)
      ++n;
    const double restart = nth_restart(pod.crash_loop_since, n);
    pod.crash_loop_since = std::numeric_limits<double>::quiet_NaN();
    pod.id = ready_spell(
        service, version, pod,
        spec.ready_at(restart, restart + spec.start.sample(start_rng_[static_cast<std::size_t>(service)])));
    first_ready = std::min(first_ready, ready_at(pod));
  }
  if (!ready_ids.empty()) {
    plane_.fail_in_flight(service, version, ready_ids);
    endpoints_.leave(service, version, ready_ids);
  }
  return first_ready;
}

std::vector<std::uint64_t> Cluster::plane_ids(int service, Version version,
                                              const std::vector<std::uint64_t>& uids) const {
  std::vector<std::uint64_t> ids;
  for (const Pod& pod : pods(service, version)) {
    if (std::find(uids.begin(), uids.end(), pod.uid) != uids.end()) ids.push_back(pod.id);
  }
  return ids;
}

bool Cluster::crash(int service, Version version, std::uint64_t uid, double now_s, double ready_again_s) {
  auto& list = pods(service, version);
  const auto it = std::find_if(list.begin(), list.end(), [uid](const Pod& p) { return p.uid == uid; });
  if (it == list.end()) return false;
  if (ready_at(*it) <= now_s) {
    plane_.fail_in_flight(service, version, {it->id});
    endpoints_.leave(service, version, {it->id});
  } else {
    endpoints_.cancel(it->id);
  }
  if (it->unready_event != 0) endpoints_.cancel(it->unready_event);
  it->unready_event = 0;
  it->id = ready_spell(service, version, *it, ready_again_s);
  return true;
}

void Cluster::lose(int service, Version version, const std::vector<std::uint64_t>& uids) {
  std::vector<std::uint64_t> ready_ids;
  for (Pod& pod : pods(service, version)) {
    if (std::find(uids.begin(), uids.end(), pod.uid) == uids.end()) continue;
    ready_ids.push_back(pod.id);
    endpoints_.cancel(pod.id);
    if (pod.unready_event != 0) endpoints_.cancel(pod.unready_event);
    pod.unready_event = 0;
    pod.id = 0;  // Its Ready spell ends here (leave below), and no other comes while it is lost.
  }
  endpoints_.leave(service, version, ready_ids);
}

double Cluster::evict(int service, Version version, const std::vector<std::uint64_t>& uids, double now_s) {
  auto& list = pods(service, version);
  const auto lost = std::erase_if(
      list, [&](const Pod& p) { return std::find(uids.begin(), uids.end(), p.uid) != uids.end(); });
  const std::size_t before = list.size();
  create(service, all_of(version), static_cast<int>(lost), now_s);
  double ready = now_s;
  for (std::size_t i = before; i < list.size(); ++i)
    ready = std::max(ready, ready_at(list[i]));
  return ready;
}

}  // namespace drillsim::engine

namespace drillsim::engine {

void Cluster::mark_dead(int service, Version version, const std::vector<std::uint64_t>& uids) {
  endpoints_.mark_dead(service, version, plane_ids(service, version, uids));
}

void Cluster::set_bad_config(int service) {
  endpoints_.set_bad_config(service);
}

void Cluster::restore_config(int service, bool reload) {
  endpoints_.restore_config(service, reload);
}

}  // namespace drillsim::engine
