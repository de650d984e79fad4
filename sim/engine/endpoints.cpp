#include "engine/endpoints.hpp"

#include <algorithm>

namespace drillsim::engine {

using model::Version;

Endpoints::Endpoints(const model::Scenario& scenario)
    : sets_(scenario.services.size()), config_bad_(scenario.services.size(), false) {
  for (std::size_t s = 0; s < scenario.services.size(); ++s) {
    for (const Version v : model::kVersions) {
      Set& set = sets_[s][static_cast<std::size_t>(v)];
      set.ready = scenario.services[s].version(v).replicas;
      set.slots.resize(static_cast<std::size_t>(set.ready));
      for (std::size_t i = 0; i < set.slots.size(); ++i) {
        set.slots[i].pod_id = next_id_++;
        set.slots[i].queue = static_cast<std::uint32_t>(i);
      }
    }
  }
  spells_.resize(next_id_);
  for (std::uint64_t id = 1; id < next_id_; ++id)
    spells_[id].ready_at = -kNever;  // Ready since before time 0.
}

std::vector<std::uint64_t> Endpoints::ready_pod_ids(int service, Version version) const {
  const Set& s = set(service, version);
  std::vector<std::uint64_t> ids;
  ids.reserve(static_cast<std::size_t>(s.ready));
  for (int i = 0; i < s.ready; ++i)
    ids.push_back(s.slots[static_cast<std::size_t>(i)].pod_id);
  return ids;
}

std::uint64_t Endpoints::schedule_ready(int service, Version version, double t_s) {
  const std::uint64_t id = next_id_++;
  spells_.resize(next_id_);
  spells_[id].ready_at = std::max(t_s, now_s_);
  schedule({spells_[id].ready_at, id, service, version, 0});
  return id;
}

std::uint64_t Endpoints::schedule_not_ready(int service, Version version, std::uint64_t pod_id, double t_s) {
  const std::uint64_t id = next_id_++;
  spells_.resize(next_id_);
  const double at = std::max(t_s, now_s_);
  if (pod_id < spells_.size()) spells_[pod_id].leaves_at = at;
  schedule({at, id, service, version, pod_id});
  return id;
}

void Endpoints::schedule(const Scheduled& change) {
  if (change.t_s <= now_s_) {  // Due now: nothing else is due before it (the kernel applied those).
    apply(change);
    return;
  }
  const auto at = std::upper_bound(scheduled_.begin(), scheduled_.end(), change,
                                   [](const Scheduled& a, const Scheduled& b) {
                                     return a.t_s < b.t_s || (a.t_s == b.t_s && a.id < b.id);
                                   });
  scheduled_.insert(at, change);
}

void Endpoints::cancel(std::uint64_t id) {
  const auto it =
      std::find_if(scheduled_.begin(), scheduled_.end(), [id](const Scheduled& e) { return e.id == id; });
  if (it == scheduled_.end()) return;
  if (it->leaving != 0) {
    // Unless the pod left otherwise meanwhile (deleted, crashed, lost: leave() recorded that instant).
    if (spells_[it->leaving].leaves_at == it->t_s) spells_[it->leaving].leaves_at = kNever;
  } else {
    spells_[id].ready_at = kNever;
  }
  scheduled_.erase(it);
}

void Endpoints::apply_next_change() {
  const Scheduled change = scheduled_.front();
  scheduled_.erase(scheduled_.begin());
  reached(change.t_s);
  apply(change);
}

void Endpoints::apply(const Scheduled& change) {
  if (change.leaving != 0) {
    leave(change.service, change.version, {change.leaving});
  } else {
    join(change.service, change.version, change.id);
  }
}

void Endpoints::join(int service, Version version, std::uint64_t pod_id) {
  Set& s = mutable_set(service, version);
  // Slots grow on demand: a rollout may run more pods than any version started with.
  if (static_cast<std::size_t>(s.ready) == s.slots.size()) {
    s.slots.emplace_back();
    s.slots.back().queue = static_cast<std::uint32_t>(s.slots.size() - 1);
  }
  Slot& joining = s.slots[static_cast<std::size_t>(s.ready)];
  joining.pod_id = pod_id;
  joining.bad_config = config_bad(service);
  joining.dead = false;
  ++s.ready;
}

void Endpoints::leave(int service, Version version, const std::vector<std::uint64_t>& ids) {
  Set& s = mutable_set(service, version);
  for (const std::uint64_t id : ids) {
    for (int i = 0; i < s.ready; ++i) {
      if (s.slots[static_cast<std::size_t>(i)].pod_id != id) continue;
      // The last Ready slot takes its place; the leaving pod's slot goes past `ready`.
      std::swap(s.slots[static_cast<std::size_t>(i)], s.slots[static_cast<std::size_t>(s.ready - 1)]);
      --s.ready;
      if (id < spells_.size()) spells_[id].leaves_at = now_s_;
      break;
    }
  }
}

void Endpoints::mark_dead(int service, Version version, const std::vector<std::uint64_t>& ids) {
  Set& s = mutable_set(service, version);
  for (int i = 0; i < s.ready; ++i) {
    Slot& slot = s.slots[static_cast<std::size_t>(i)];
    if (std::find(ids.begin(), ids.end(), slot.pod_id) != ids.end()) slot.dead = true;
  }
}

void Endpoints::set_bad_config(int service) {
  config_bad_[static_cast<std::size_t>(service)] = true;
  for (const Version v : model::kVersions) {
    Set& s = mutable_set(service, v);
    for (int i = 0; i < s.ready; ++i)
      s.slots[static_cast<std::size_t>(i)].bad_config = true;
  }
}

void Endpoints::restore_config(int service, bool reload) {
  config_bad_[static_cast<std::size_t>(service)] = false;
  if (!reload) return;
  for (const Version v : model::kVersions) {
    for (Slot& slot : mutable_set(service, v).slots)
      slot.bad_config = false;
  }
}

}  // namespace drillsim::engine
