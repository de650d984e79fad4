// Prometheus's view of a drill: counters scraped at an interval, rate() over a range as PromQL 2.42
// computes it (with its extrapolation), and the alerting rule's pending -> firing state machine.
// Pure functions and small state machines, so a test can hand the same samples to promtool and compare;
// the engine's rule evaluator (metrics/rule_evaluator.hpp) and Alertmanager use the same code.
//
// Version: Debian 12's prometheus 2.42. In 2.x a range selector [r] at time t takes the samples with
// t - r <= timestamp <= t (both ends included; 3.0 excludes the left end), and rate() clamps the start
// extrapolation at the counter's zero point before comparing it with the 1.1 x average-interval
// threshold (2.51 swapped that order).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace drillsim::metrics::prom {

struct Sample {
  double t_s = 0;
  double value = 0;
};

// The samples of one series in time order (what the TSDB holds for one label set).
using Samples = std::vector<Sample>;

// What extrapolatedRate needs of the samples of one series inside a range: the last value minus the
// first (plus what each counter reset took away), the first value, the first and last sample times in
// milliseconds and how many samples there are (at least two).
struct SampledIncrease {
  double increase = 0;
  double first_value = 0;
  std::int64_t first_ms = 0;
  std::int64_t last_ms = 0;
  std::size_t count = 0;
};

// PromQL 2.42's extrapolatedRate arithmetic, in its float order, for the range
// [range_start_ms, range_end_ms] of range_s seconds: the one implementation that both the alert rules'
// evaluator (extrapolated_rate below) and the PromQL layer's rate() / increase() / delta() call. A
// counter's start is not extrapolated past its zero point; a gauge's (delta()) is not clamped.
inline double extrapolate(const SampledIncrease& s, std::int64_t range_start_ms, std::int64_t range_end_ms,
                          double range_s, bool is_counter, bool is_rate) {
  double to_start = static_cast<double>(s.first_ms - range_start_ms) / 1000.0;
  const double to_end = static_cast<double>(range_end_ms - s.last_ms) / 1000.0;
  const double sampled = static_cast<double>(s.last_ms - s.first_ms) / 1000.0;
  const double average = sampled / static_cast<double>(s.count - 1);
  // A counter cannot go below 0: do not extrapolate the start past the counter's zero point.
  if (is_counter && s.increase > 0.0 && s.first_value >= 0.0) {
    const double to_zero = sampled * (s.first_value / s.increase);
    if (to_zero < to_start) to_start = to_zero;
  }
  // Extrapolate to a boundary when a sample would be expected there (within 1.1 average intervals);
  // otherwise assume the series starts or ends half an interval beyond the last sample seen.
  const double threshold = average * 1.1;
  double extrapolate_to = sampled;
  extrapolate_to += to_start < threshold ? to_start : average / 2.0;
  extrapolate_to += to_end < threshold ? to_end : average / 2.0;
  // One factor per series, divided by the range for a rate: the float order that makes, say,
  // rate(a) / rate(b) differ from increase(a) / increase(b) in the last bit.
  double factor = extrapolate_to / sampled;
  if (is_rate) factor /= range_s;
  return s.increase * factor;
}

// rate(v[range_s]) (is_rate) or increase(v[range_s]) at t_s, as PromQL 2.42's extrapolatedRate computes
// them on a counter, in its float order: the samples with t_s - range_s <= t <= t_s (both ends
// included); the last minus the first, plus what each counter reset took away; then one factor, the
// extrapolated interval over the sampled one, divided by the range for a rate(), multiplies that
// difference. Times are taken in whole milliseconds, as the TSDB stores them. nullopt when the range
// holds fewer than two samples (PromQL returns nothing). REQUIRES: samples in time order, range_s > 0.
std::optional<double> extrapolated_rate(const Samples& samples, double t_s, double range_s, bool is_rate);
inline std::optional<double> rate(const Samples& samples, double t_s, double range_s) {
  return extrapolated_rate(samples, t_s, range_s, true);
}
inline std::optional<double> increase(const Samples& samples, double t_s, double range_s) {
  return extrapolated_rate(samples, t_s, range_s, false);
}

// An instant vector selector at t_s: the value of the latest sample with t_s - lookback_s <= t <= t_s
// (Prometheus' lookback delta, 5 minutes by default); nullopt when there is none (the series is absent).
std::optional<double> instant_value(const Samples& samples, double t_s, double lookback_s = 300.0);

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

// One alerting rule's alert, evaluated as Prometheus 2.42's rules/alerting.go does (one series):
//  - a true condition on an inactive alert makes it pending with ActiveAt = ts;
//  - a pending alert fires at the first evaluation with ts - ActiveAt >= for (at once when for = 0);
//  - a false condition drops a pending alert (for starts over) and resolves a firing one, unless
//    keep_firing_for is set: then the alert keeps firing while ts - KeepFiringSince < keep_firing_for,
//    KeepFiringSince being the first evaluation at which the condition was false (reset whenever it is
//    true again).
class AlertState {
 public:
  enum class State { Inactive, Pending, Firing };
  enum class Change { None, Pending, Fired, Dropped, Resolved };

  AlertState(double for_s, double keep_firing_for_s) : for_s_(for_s), keep_firing_for_s_(keep_firing_for_s) {}

  // One evaluation at ts (increasing from call to call); returns what changed.
  Change evaluate(double ts, bool condition);
  State state() const { return state_; }

 private:
  double for_s_;
  double keep_firing_for_s_;
  State state_ = State::Inactive;
  double active_at_ = 0.0;
  std::optional<double> keep_firing_since_;
};

// One Alertmanager aggregation group (dispatch.go's aggrGroup with a notifier that always succeeds).
// Alerts join it as they fire and leave it as they resolve. The first flush is group_wait after the
// first alert; after each flush the next one is group_interval later. A flush notifies when the
// group's set of firing alerts changed since the last notification (an alert new or resolved), or
// when repeat_interval has passed since the last notification and some alert is still firing. Once
// every alert has resolved and that was notified, the group is gone; a later alert starts a new one.
class AlertGroup {
 public:
  struct Config {
    double group_wait_s = 30.0;
    double group_interval_s = 300.0;
    double repeat_interval_s = 14400.0;
  };
  struct Notification {
    double t_s = 0;
    enum class Reason { First, Changed, Repeat, Resolved } reason = Reason::First;
    int firing = 0;  // Alerts firing in it.
  };

  explicit AlertGroup(Config config) : config_(config) {}

  // An alert starts (firing) or stops (resolved) at t_s.
  void update(const std::string& alert, bool firing, double t_s);
  // When the group flushes next; nullopt: no group.
  std::optional<double> next_flush() const { return next_flush_; }
  // Flushes at t_s (== next_flush()); returns the notification sent, if any.
  std::optional<Notification> flush(double t_s);

 private:
  Config config_;
  std::vector<std::string> firing_;    // Now.
  std::vector<std::string> notified_;  // As of the last notification.
  std::optional<double> next_flush_;
  std::optional<double> last_notification_;
};

// Every notification of one group, given the alerts' firing and resolving instants (in time order), up to
// end_s. A convenience over AlertGroup for tests and reports.
struct AlertEvent {
  double t_s = 0;
  std::string alert;
  bool firing = true;
};
std::vector<AlertGroup::Notification> notifications(const std::vector<AlertEvent>& events,
                                                    AlertGroup::Config config, double end_s);

}  // namespace drillsim::metrics::prom
