// The requests each pod's container answered, for the per-pod request counters and request-duration
// histograms a scrape exports (engine::PromSeries, docs/detection.md "Series the engine exports"). The
// data plane hands every request it counts to the log attached to it (DataPlane::set_pod_log) with the
// data plane id of the pod that answered (0: none did: no Ready pod of the version, the maintenance
// page, an outage, a data store down), its completion instant, latency and outcome; and a request it
// counted as served that fails later (its pod was killed under it). A scrape at t first moves every
// request completed before t into the totals of the container that answered it (complete_before), then
// reads them.
//
// Totals are per container, as an exporter's counters live in its process: a container that restarts
// starts again from 0 (Prometheus' rate() and increase() see a counter reset). A request whose pod is
// killed under it (a crash, an OOM kill, SIGKILL at the end of the grace period) never completes in that
// process, so no pod counts it: it is a 500 of the load balancer's target (uid 0), in the second it
// was due, as the report counts it.
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
  // The container that answered: the pod's uid (0: no pod answered) and how many times the pod's
  // container had restarted before it started (0: the pod's first container).
  struct Container {
    std::uint64_t uid = 0;
    std::uint32_t restarts = 0;
  };
  // A container of a pod of a version of a service.
  using Key = std::tuple<int, model::Version, std::uint64_t, std::uint32_t>;

  void record(int service, model::Version version, std::uint64_t plane_id, double completion_s, double latency_s,
              bool failed) {
    pending_.push_back({completion_s, latency_s, plane_id, service, version, failed ? Kind::Failed : Kind::Ok});
  }
  // A request recorded as served by pod `plane_id` (completing at completion_s) fails: its pod was
  // killed under it. It leaves the pod and becomes a 500 of the load balancer's target. (When it was
  // moved into the totals already, which the data plane never does: a killed request completes after
  // the kill, and no scrape has moved it yet, it turns from 200 into 500 in its container's totals.)
  void fail(int service, model::Version version, std::uint64_t plane_id, double completion_s);

  // Moves every request completed before t_s into the totals of its container: `container_of` maps a
  // service and a data plane id (not 0) to the pod and its container.
  void complete_before(double t_s, const std::function<Container(int, std::uint64_t)>& container_of);

  // The totals of a pod's container (uid 0: the requests no pod answered); nullptr if it has none.
  const Totals* totals(int service, model::Version version, std::uint64_t uid, std::uint32_t restarts = 0) const;

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
