#include "montecarlo/capacity.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "metrics/incident_metrics.hpp"

namespace drillsim::montecarlo {

WindowJudgement judge_windows(const model::SecondSeries& series, const model::Slo& slo, double from_s,
                              double to_s) {
  WindowJudgement judgement;
  const std::size_t n = series.requests.size();
  const std::vector<bool> in_slo = metrics::slo_status(series, slo);
  const std::size_t window =
      slo.sli_window_s > 1.0 ? static_cast<std::size_t>(std::ceil(slo.sli_window_s)) : std::size_t{1};
  const auto first = static_cast<std::size_t>(std::clamp(std::ceil(from_s), 0.0, static_cast<double>(n)));
  const auto end = static_cast<std::size_t>(std::clamp(std::floor(to_s), 0.0, static_cast<double>(n)));
  for (std::size_t k = first; k < end; ++k) {
    ++judgement.seconds;
    if (in_slo[k]) ++judgement.seconds_within;
    judgement.requests += series.requests[k];
    judgement.errors += series.errors[k];
    std::uint64_t requests = 0, errors = 0, slow = 0;
    for (std::size_t j = k + 1 > window ? k + 1 - window : 0; j <= k; ++j) {
      requests += series.requests[j];
      errors += series.errors[j];
      slow += series.slow[j];
    }
    if (requests == 0) continue;
    const auto n_requests = static_cast<double>(requests);
    judgement.worst_error_ratio =
        std::max(judgement.worst_error_ratio, static_cast<double>(errors) / n_requests);
    judgement.worst_slow_share = std::max(judgement.worst_slow_share, static_cast<double>(slow) / n_requests);
  }
  return judgement;
}

double utilisation(std::uint64_t requests_served, double mean_service_s, double latency_factor,
                   std::uint64_t ready_replica_seconds) {
  if (ready_replica_seconds == 0) return 0.0;
  return static_cast<double>(requests_served) * mean_service_s * latency_factor /
         static_cast<double>(ready_replica_seconds);
}

CapacitySearch find_fewest_replicas(int today, int max_replicas, const std::function<bool(int)>& passes) {
  if (max_replicas < 1) throw std::invalid_argument("find_fewest_replicas: max_replicas must be at least 1");
  CapacitySearch search;
  std::map<int, bool> tried;
  const auto probe = [&](int r) {
    if (const auto it = tried.find(r); it != tried.end()) return it->second;
    const bool ok = passes(r);
    tried.emplace(r, ok);
    search.probes.push_back({r, ok});
    return ok;
  };
  int fail = 0;  // The largest count known to fail (0 serves nothing).
  int pass = std::clamp(today, 1, max_replicas);
  if (!probe(pass)) {
    fail = pass;
    for (;;) {
      if (pass == max_replicas) return search;  // Even the cap fails.
      pass = std::min(max_replicas, pass * 2);
      if (probe(pass)) break;
      fail = pass;
    }
  }
  // Invariant: fail fails (or is 0), pass passes; bisect the gap.
  while (pass - fail > 1) {
    const int mid = fail + (pass - fail) / 2;
    if (probe(mid)) {
      pass = mid;
    } else {
      fail = mid;
    }
  }
  search.fewest = pass;
  return search;
}

}  // namespace drillsim::montecarlo
