#include "engine/pod_requests.hpp"

#include <algorithm>

namespace drillsim::engine {

void PodRequestLog::complete_before(double t_s, const std::function<std::uint64_t(std::uint64_t)>& uid_of) {
  std::size_t kept = 0;
  Totals* last = nullptr;  // Consecutive requests mostly go to the same few pods.
  Key last_key{-1, model::Version::Stable, 0};
  for (std::size_t i = 0; i < pending_.size(); ++i) {
    const Pending& p = pending_[i];
    if (p.completion_s >= t_s) {
      pending_[kept++] = p;
      continue;
    }
    const Key key{p.service, p.version, p.plane_id == 0 ? 0 : uid_of(p.plane_id)};
    if (last == nullptr || key != last_key) {
      last = &totals_[key];
      last_key = key;
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

const PodRequestLog::Totals* PodRequestLog::totals(int service, model::Version version, std::uint64_t uid) const {
  const auto it = totals_.find(Key{service, version, uid});
  return it == totals_.end() ? nullptr : &it->second;
}

}  // namespace drillsim::engine
