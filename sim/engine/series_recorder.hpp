// The data plane's series recorder: per service and version, the requests, errors and slow requests
// completed in each second, their latency percentiles once the second is final, the Ready counts, the
// latency buckets a latency rule reads, the failed requests, and the whole drill's latency. The kernel
// records each request here as it completes (record, inline: it runs per request); the actors read
// the final seconds (counts, latency_buckets, within_slo); finish() moves it all into the DrillResult.
// Plain code, no SimGrid; one owner (the DataPlane).
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <functional>
#include <memory>
#include <queue>
#include <stdexcept>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "model/drill_result.hpp"
#include "model/scenario.hpp"

namespace drillsim::engine {

// Drills of up to this many simulated seconds (6 hours) keep every request's latency to the end, for
// exact whole-run percentiles. Longer drills keep a second's latencies only until that second is final
// and take the whole-run percentiles from a histogram instead (SeriesRecorder::finish), so that their
// memory does not grow with the number of requests.
inline constexpr double kExactWholeRunMaxS = 6 * 3600;

// A long drill streamed (SeriesRecorder's `stream`) keeps this many final seconds in memory for the
// actors' windows; older ones are summarised per kStreamStepS and written to a temporary file.
inline constexpr std::int64_t kStreamKeptS = 6 * 3600;
inline constexpr std::size_t kStreamStepS = 60;

class SeriesRecorder {
 public:
  // One series per scenario.services, of ceil(duration_s) seconds. Latency buckets are kept only for
  // the services a latency_p95 alert rule watches, and every service when the scenario has rule
  // files (they cost a search per request). Without
  // latency_percentiles, no request's latency is kept and every latency percentile stays NaN.
  // With `stream`, a drill longer than kExactWholeRunMaxS keeps only the last kStreamKeptS final
  // seconds (and the open ones after them) in memory: each older second is added to its minute's
  // aggregates (model::StepAccumulator), written to an unlinked temporary file (the result's
  // `seconds` archive) and counted in the per-second SLO status, so the recorder's memory does not grow
  // with simulated time. counts() and latency_buckets() then reach back kStreamKeptS, or from second 0.
  // The archive's file is opened by `open_archive` (open_temporary_file unless a test injects a
  // failure); a failure to create, write or read it throws model::ResourceError.
  using FileOpener = std::FILE* (*)(std::string& where);
  explicit SeriesRecorder(const model::Scenario& scenario, bool latency_percentiles = true,
                          bool stream = false, FileOpener open_archive = nullptr);
  ~SeriesRecorder();
  SeriesRecorder(const SeriesRecorder&) = delete;
  SeriesRecorder& operator=(const SeriesRecorder&) = delete;

  // A request of `service` served by `version` completed at completion_s (before the drill's end)
  // after latency_s. A failed one is also a model::Failure {completion_s, user, fault_caused,
  // request_class}.
  void record(int service, model::Version version, double completion_s, double latency_s, bool failed,
              std::uint32_t user, bool fault_caused, std::int16_t request_class) {
    PerService& s = services_[static_cast<std::size_t>(service)];
    const auto v = static_cast<std::size_t>(version);
    const auto second = static_cast<std::size_t>(completion_s);
    if (second >= room_) [[unlikely]]
      make_room(second);
    const std::size_t at = second & mask_;  // The second itself unless streamed: its slot in the ring.
    model::SecondSeries& series = s.series.by_version[v];
    ++series.requests[at];
    series.latency_sum_s += latency_s;
    if (latency_s > s.slo_latency_s) ++series.slow[at];
    if (!s.latency_buckets.empty()) {
      const auto bucket = static_cast<std::size_t>(
          std::lower_bound(model::kLatencyBuckets.begin(), model::kLatencyBuckets.end(), latency_s) -
          model::kLatencyBuckets.begin());
      ++s.latency_buckets[at * (model::kLatencyBuckets.size() + 1) + bucket];
    }
    if (failed) [[unlikely]]
      add_failure(s, series, at, {completion_s, user, fault_caused, request_class});
    // The second's buffer in the ring of open seconds (second >= completed_seconds(): not final yet).
    if (keep_latencies_) s.open_latency_s[v][second & open_mask_].push_back(static_cast<float>(latency_s));
  }
  // A request already recorded as served in its second fails after all (its pod was killed under it):
  // one more error in that second, and the failure.
  void fail_recorded(int service, model::Version version, const model::Failure& failure);
  // The Ready pods of each version at instant `second` (after the changes made at that instant).
  void record_ready(std::size_t second, int service, const std::array<int, 2>& ready);

  // Makes every second < end_second final: sums both versions into the total and takes the
  // per-second nearest-rank percentiles. Seconds already final are left alone.
  void finalize_before(std::int64_t end_second);
  // Seconds whose counts and percentiles are final.
  std::int64_t completed_seconds() const { return finalized_; }

  struct Counts {
    std::uint64_t requests = 0;
    std::uint64_t errors = 0;
    std::uint64_t slow = 0;  // Slower than the service's SLO latency bound.
  };
  // Both versions' counts over the whole seconds [first, end). REQUIRES: end <= completed_seconds().
  Counts counts(int service, std::int64_t first_second, std::int64_t end_second) const;
  // One version's counts over [first, end). REQUIRES: end <= completed_seconds().
  Counts counts(int service, model::Version version, std::int64_t first_second,
                std::int64_t end_second) const;
  // Per latency bucket over [first, end): element b counts kLatencyBuckets[b-1] < latency <=
  // kLatencyBuckets[b]; the last, those above every bound. All zero for a service no latency rule
  // watches. REQUIRES: end <= completed_seconds().
  std::array<std::uint64_t, model::kLatencyBuckets.size() + 1> latency_buckets(int service,
                                                                               std::int64_t first_second,
                                                                               std::int64_t end_second) const;
  // The service's failed requests so far that are still in memory, in the order they were recorded:
  // every one, unless streamed; then those of the seconds not yet archived.
  const std::vector<model::Failure>& failures(int service) const {
    return services_[static_cast<std::size_t>(service)].failures;
  }
  // The service's failed requests caused by the fault (Failure::caused_by_fault) that completed at or
  // before t_s, among all recorded so far, and the distinct users among them. Kept as running figures
  // (the failures still ahead of the clock, counted once t_s or completed_seconds() passes them), so a
  // call costs no more than the failures it newly passes and the memory is the distinct users.
  // REQUIRES: t_s >= completed_seconds() and t_s no less than in an earlier call.
  struct FaultFailures {
    std::uint64_t failed = 0;
    std::uint64_t users = 0;
  };
  FaultFailures fault_failures(int service, double t_s);

  // Finalizes every second, adds the whole-drill latency (mean and nearest-rank percentiles of every
  // request, per version and in total: exact up to kExactWholeRunMaxS; beyond, the largest latency in
  // the histogram bucket of the rank, a bucket being the latencies that share a float's top 16 bits, so
  // at most 2^-7 (0.8 %) above the exact value and never below it) and moves the series and the failures (in
  // completion order) into `result`; streamed, the failures are in result.failure_archive (the lists
  // stay empty). The recorder is spent afterwards.
  void finish(model::DrillResult& result);

  // Seconds held in memory: every second of the drill, or when streamed the ring's capacity.
  std::size_t seconds_held() const { return services_.empty() ? 0 : services_.front().series.total.size(); }

 private:
  class Archive;
  class FailureFile;
  // Streamed: the running SLO status of one service (metrics::slo_status, one second at a time).
  struct SloTracker {
    model::Slo spec;
    std::size_t window = 1;
    std::deque<std::array<std::uint32_t, 3>> last;  // requests, errors, slow of the last `window` seconds.
    std::uint64_t requests = 0, errors = 0, slow = 0;
    std::vector<bool> in_slo;
  };
  // A request completes at `second`, at or past room_: grows the ring of open latency buffers, and
  // when streamed the ring of seconds, to hold it (a request that completes that far ahead).
  void make_room(std::size_t second);
  // Streamed: grows the ring of seconds to hold `second`.
  void grow_ring(std::size_t second);
  // room_ after finalized_, limit_ or the open ring changed.
  void update_room() { room_ = std::min(limit_, static_cast<std::size_t>(finalized_) + open_mask_ + 1); }
  // Streamed: moves the seconds [evicted_, end) out of the ring (minute aggregates, archive), and their
  // failures to the failure file.
  void evict_before(std::int64_t end);
  std::size_t slot(std::int64_t second) const { return static_cast<std::size_t>(second) & mask_; }
  // The first second counts() can read a window from; throws std::logic_error for an older one.
  std::int64_t check_reach(std::int64_t first_second) const;

  struct PerService {
    model::ServiceSeries series;
    double slo_latency_s = 0.0;
    // Per version, the latencies of the open seconds: second k's in buffer k & open_mask_, from
    // finalized_ on. A buffer keeps its capacity when its second is final and the ring moves on, so
    // recording a latency allocates nothing once the buffers have grown to a second's traffic.
    std::array<std::vector<std::vector<float>>, 2> open_latency_s;
    // Short drills: per version, the latencies of every final second, one after the other (the
    // whole-run percentiles read them at the end), in chunks of fixed capacity: growing never copies
    // what is kept, so each page is touched once.
    std::array<std::vector<std::vector<float>>, 2> final_latency_s;
    // Long drills: per version, a histogram of every final second's latencies (count and largest
    // value per bucket of the top 16 bits of the float).
    struct Histogram {
      std::vector<std::uint64_t> count;
      std::vector<float> max;
    };
    std::array<Histogram, 2> whole_run;
    std::vector<std::uint32_t> latency_buckets;  // Per second, kLatencyBuckets.size() + 1 counts.
    std::vector<model::Failure> failures;
    // The failures caused by the fault: those counted (fault_failures) and the distinct users among
    // them, and the ones not counted yet (ahead of the clock), soonest on top.
    struct Caused {
      std::uint64_t failed = 0;
      std::unordered_set<std::uint32_t> users;
      std::priority_queue<std::pair<double, std::uint32_t>, std::vector<std::pair<double, std::uint32_t>>,
                          std::greater<>>
          ahead;
      // Counts the ones at or before t_s (before it when !inclusive).
      void count_until(double t_s, bool inclusive);
    } caused;
    // Streamed: the minute aggregates (by version and total), the minute being filled, the counts of
    // the seconds that left the ring (per version, then the total; and per latency bucket), the SLO.
    model::ServiceSeries minutes;
    std::array<model::StepAccumulator, 3> minute;
    std::array<Counts, 3> evicted;
    std::array<std::uint64_t, model::kLatencyBuckets.size() + 1> evicted_buckets{};
    SloTracker slo;
  };
  // record()'s failed request, out of line (a few in a hundred requests): one more error in slot `at`.
  [[gnu::noinline]] static void add_failure(PerService& s, model::SecondSeries& series, std::size_t at,
                                            const model::Failure& failure);

  std::size_t seconds_;
  std::vector<PerService> services_;
  std::int64_t finalized_ = 0;
  std::vector<float> scratch_;
  bool keep_latencies_ = true;
  bool exact_whole_run_ = true;  // duration <= kExactWholeRunMaxS.
  // The open latency buffers form a ring of open_mask_ + 1 seconds (a power of two) from finalized_.
  std::size_t open_mask_ = 0;
  // record() takes its slow path (make_room) for a second >= room_: the first second beyond the ring of
  // seconds (limit_) or beyond the ring of open latency buffers.
  std::size_t room_ = 0;
  // Streamed: second k lives in slot k & mask_ of the series arrays (a ring of mask_ + 1 seconds) from
  // evicted_ to limit_ (exclusive). Not streamed: mask_ keeps every bit and limit_ is seconds_.
  bool stream_ = false;
  std::size_t mask_ = ~std::size_t{0};
  std::size_t limit_ = 0;
  std::int64_t evicted_ = 0;
  std::unique_ptr<Archive> archive_;
  std::unique_ptr<FailureFile> failure_file_;
  std::vector<model::Failure> spilled_;  // evict_before's failures leaving memory.
  std::vector<unsigned char> row_;  // One second of every series, as the archive stores it.
};

// An anonymous temporary file: created in $TMPDIR (else /tmp) and unlinked at once, so that nothing is
// left behind; `where` is set to its directory (for messages). nullptr (errno set) if it cannot be made.
std::FILE* open_temporary_file(std::string& where);

// Nearest-rank percentile (the value at rank ceil(q * n), 1-based) of `values`, which it reorders.
// REQUIRES: values is not empty, 0 < q <= 1.
double nearest_rank(std::vector<float>& values, double q);
// The nearest-rank p50, p95 and p99 of `values` (as nearest_rank), which it reorders: each selection
// after the first looks only at the values above the previous rank. REQUIRES: values is not empty.
std::array<double, 3> nearest_ranks_50_95_99(std::vector<float>& values);

}  // namespace drillsim::engine
