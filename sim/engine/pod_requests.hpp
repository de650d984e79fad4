// The requests each pod answered, for the per-pod request counters and request-duration histograms a
// scrape exports (engine::PromSeries, docs/detection.md "Series the engine exports"). The data plane
// hands every request it counts to the log attached to it (DataPlane::set_pod_log) with the data plane
// id of the pod that answered (0: none did: no Ready pod of the version, the maintenance page, an
// outage, a data store down), its completion instant, latency and outcome; and a request it counted as
// served that fails later (its pod was killed under it). A scrape at t first moves every request
// completed before t into its pod's totals (complete_before), then reads them.
//
// Cost: nothing unless a log is attached (only when the rules read a request series, or the drill
// exports its series); then one small record per request, moved once into the totals by the first
// scrape after its completion.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <tuple>
#include <vector>

#include "model/scenario.hpp"

namespace drillsim::engine {

class PodRequestLog {
 public:
  struct Totals {
    std::uint64_t ok = 0;      // code 200
    std::uint64_t errors = 0;  // code 500
    // Per latency bucket: element b counts those with kLatencyBuckets[b-1] < latency <= kLatencyBuckets[b];
    // the last, those above every bound. Not cumulative.
    std::array<std::uint64_t, model::kLatencyBuckets.size() + 1> buckets{};
    double latency_sum_s = 0.0;  // In the order the requests were recorded.
  };
  // A pod of a version of a service; uid 0: requests no pod answered.
  using Key = std::tuple<int, model::Version, std::uint64_t>;

  void record(int service, model::Version version, std::uint64_t plane_id, double completion_s, double latency_s,
              bool failed) {
    pending_.push_back({completion_s, latency_s, plane_id, service, version, failed ? Kind::Failed : Kind::Ok});
  }
  // A request recorded as served (completing at completion_s) fails: it moves from code 200 to 500.
  void fail(int service, model::Version version, std::uint64_t plane_id, double completion_s) {
    pending_.push_back({completion_s, 0.0, plane_id, service, version, Kind::FailedLater});
  }

  // Moves every request completed before t_s into the totals of its pod: `uid_of` maps a data plane id
  // (not 0) to the pod's uid.
  void complete_before(double t_s, const std::function<std::uint64_t(std::uint64_t)>& uid_of);

  // The totals of a pod (uid 0: the requests no pod answered); nullptr if it has none.
  const Totals* totals(int service, model::Version version, std::uint64_t uid) const;

  std::size_t pending() const { return pending_.size(); }

 private:
  enum class Kind : std::uint8_t { Ok, Failed, FailedLater };
  struct Pending {
    double completion_s;
    double latency_s;
    std::uint64_t plane_id;
    int service;
    model::Version version;
    Kind kind;
  };
  std::vector<Pending> pending_;  // In the order recorded.
  std::map<Key, Totals> totals_;
};

}  // namespace drillsim::engine
