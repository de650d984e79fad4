// Prometheus's view of a drill: counters scraped at an interval, rate() over a range as PromQL 2.42
// computes it (with its extrapolation), and the alerting rule's pending -> firing state machine.
// Pure functions, so a test can hand the same samples to promtool and compare (issue 4's groundwork:
// the engine's alert evaluator does not use these yet).
//
// Version: Debian 12's prometheus 2.42. In 2.x a range selector [r] at time t takes the samples with
// t - r <= timestamp <= t (both ends included; 3.0 excludes the left end), and rate() clamps the start
// extrapolation at the counter's zero point before comparing it with the 1.1 x average-interval
// threshold (2.51 swapped that order).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace drillsim::metrics::prom {

struct Sample {
  double t_s = 0;
  double value = 0;
};

// The samples of a counter whose increments per whole second are `per_second` (second k covers
// [k, k+1)), scraped at offset_s + j * interval_s (j >= 0) up to end_s inclusive: a scrape at t sees
// the increments of every second that ended by t. REQUIRES: interval_s >= 1 and offset_s >= 0, both whole
// seconds (a scrape inside a second would need the requests' exact times).
std::vector<Sample> scrape_counter(const std::vector<std::uint32_t>& per_second, double interval_s,
                                   double offset_s, double end_s);

// increase(counter[range_s]) at t_s; nullopt when the range holds fewer than two samples (PromQL
// returns nothing). rate() is this divided by range_s.
std::optional<double> increase(const std::vector<Sample>& samples, double t_s, double range_s);

// One bucket of a classic histogram: its upper bound (le; +infinity for the last) and its value (a
// count, or a rate over a range).
struct Bucket {
  double le = 0;
  double value = 0;
};

// histogram_quantile(q, buckets) as PromQL 2.42 computes it (bucketQuantile): the buckets are sorted
// by le, their values must be cumulative; the result interpolates linearly inside the bucket where
// the rank q * total falls (from 0 for the first bucket), and is the largest finite le when it falls
// in +Inf. NaN without a +Inf bucket or without observations.
double histogram_quantile(double q, std::vector<Bucket> buckets);

// An alerting rule's first firing: evaluations at offset_s + k * interval_s (k >= 0, up to end_s); at
// each, `condition(ts)` is true, false, or nullopt (the expression returned nothing: false). A true
// condition makes the alert pending with ActiveAt = ts; it fires at the first evaluation with
// ts - ActiveAt >= for_s; a false condition drops it. Returns the firing evaluation, or nullopt.
template <class Condition>
std::optional<double> first_firing(Condition condition, double interval_s, double offset_s, double for_s,
                                   double end_s) {
  std::optional<double> active_at;
  for (std::int64_t k = 0;; ++k) {
    const double ts = offset_s + static_cast<double>(k) * interval_s;
    if (ts > end_s) return std::nullopt;
    const std::optional<bool> holds = condition(ts);
    if (!holds.value_or(false)) {
      active_at.reset();
      continue;
    }
    if (!active_at) active_at = ts;
    if (ts - *active_at >= for_s) return ts;
  }
}

}  // namespace drillsim::metrics::prom
