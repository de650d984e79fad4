#include "engine/pod_requests.hpp"

#include <algorithm>

namespace drillsim::engine {

void PodRequestLog::fail(int service, model::Version version, std::uint64_t plane_id, double completion_s) {
  // The request was recorded when it arrived, so it is among the latest: search from the end.
  for (auto it = pending_.rbegin(); it != pending_.rend(); ++it) {
    Pending& p = *it;
    if (p.kind != Kind::Ok || p.plane_id != plane_id || p.completion_s != completion_s || p.service != service ||
        p.version != version)
      continue;
    p.kind = Kind::Failed;
    p.plane_id = 0;
    return;
  }
  pending_.push_back({completion_s, 0.0, plane_id, service, version, Kind::FailedLater});
}

void PodRequestLog::complete_before(double t_s, const std::function<Container(int, std::uint64_t)>& container_of) {
  std::size_t kept = 0;
  Totals* last = nullptr;  // Consecutive requests mostly go to the same few pods.
  int last_service = -1;
  model::Version last_version = model::Version::Stable;
  std::uint64_t last_plane_id = 0;
  for (std::size_t i = 0; i < pending_.size(); ++i) {
    const Pending& p = pending_[i];
    if (p.completion_s >= t_s) {
      pending_[kept++] = p;
      continue;
    }
    if (last == nullptr || p.plane_id != last_plane_id || p.service != last_service || p.version != last_version) {
      // A data plane id is one Ready spell of one container: it maps to one key.
      const Container c = p.plane_id == 0 ? Container{} : container_of(p.service, p.plane_id);
      last = &totals_[Key{p.service, p.version, c.uid, c.restarts}];
      last_service = p.service;
      last_version = p.version;
      last_plane_id = p.plane_id;
    }
    switch (p.kind) {
      case Kind::Ok:
      case Kind::Failed: {
        ++(p.kind == Kind::Ok ? last->ok : last->errors);
        const auto bucket = static_cast<std::size_t>(
            std::lower_bound(model::kLatencyBuckets.begin(), model::kLatencyBuckets.end(), p.latency_s) -
            model::kLatencyBuckets.begin());
        ++last->buckets[bucket];
        last->latency_sum_s += p.latency_s;
        break;
      }
      case Kind::FailedLater:
        --last->ok;
        ++last->errors;
        break;
    }
  }
  pending_.resize(kept);
}

const PodRequestLog::Totals* PodRequestLog::totals(int service, model::Version version, std::uint64_t uid,
                                                   std::uint32_t restarts) const {
  const auto it = totals_.find(Key{service, version, uid, restarts});
  return it == totals_.end() ? nullptr : &it->second;
}

}  // namespace drillsim::engine
