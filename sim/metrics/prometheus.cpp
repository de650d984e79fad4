#include "metrics/prometheus.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>

namespace drillsim::metrics::prom {

namespace {

std::int64_t milliseconds(double t_s) {
  return std::llround(t_s * 1000.0);
}

}  // namespace

std::optional<double> extrapolated_rate(const Samples& samples, double t_s, double range_s, bool is_rate) {
  const std::int64_t range_end = milliseconds(t_s);
  const std::int64_t range_start = range_end - milliseconds(range_s);
  const auto first =
      std::lower_bound(samples.begin(), samples.end(), range_start,
                       [](const Sample& s, std::int64_t t) { return milliseconds(s.t_s) < t; });
  const auto end = std::upper_bound(samples.begin(), samples.end(), range_end,
                                    [](std::int64_t t, const Sample& s) { return t < milliseconds(s.t_s); });
  if (end - first < 2) return std::nullopt;
  const auto last = end - 1;

  // The counter's increase, adding back what each reset took away.
  double result = last->value - first->value;
  for (auto it = first + 1; it != end; ++it) {
    if (it->value < (it - 1)->value) result += (it - 1)->value;
  }

  const SampledIncrease sampled{result, first->value, milliseconds(first->t_s), milliseconds(last->t_s),
                                static_cast<std::size_t>(end - first)};
  return extrapolate(sampled, range_start, range_end, range_s, true, is_rate);
}

std::optional<double> instant_value(const Samples& samples, double t_s, double lookback_s) {
  const std::int64_t at = milliseconds(t_s);
  const auto after =
      std::upper_bound(samples.begin(), samples.end(), at,
                       [](std::int64_t t, const Sample& s) { return t < milliseconds(s.t_s); });
  if (after == samples.begin()) return std::nullopt;
  const Sample& latest = *(after - 1);
  if (milliseconds(latest.t_s) < at - milliseconds(lookback_s)) return std::nullopt;
  return latest.value;
}

double histogram_quantile(double q, std::vector<Bucket> buckets) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (q < 0) return -std::numeric_limits<double>::infinity();
  if (q > 1) return std::numeric_limits<double>::infinity();
  std::sort(buckets.begin(), buckets.end(), [](const Bucket& a, const Bucket& b) { return a.le < b.le; });
  if (buckets.size() < 2 || !std::isinf(buckets.back().le)) return nan;
  // Rates of cumulative counters can come out slightly non-monotonic: Prometheus makes them monotonic.
  for (std::size_t i = 1; i < buckets.size(); ++i)
    buckets[i].value = std::max(buckets[i].value, buckets[i - 1].value);
  const double observations = buckets.back().value;
  if (!(observations > 0)) return nan;
  double rank = q * observations;
  std::size_t b = 0;
  while (b + 1 < buckets.size() && buckets[b].value < rank)
    ++b;
  if (b == buckets.size() - 1) return buckets[buckets.size() - 2].le;
  if (b == 0 && buckets[0].le <= 0) return buckets[0].le;
  double start = 0;
  double count = buckets[b].value;
  if (b > 0) {
    start = buckets[b - 1].le;
    count -= buckets[b - 1].value;
    rank -= buckets[b - 1].value;
  }
  return start + (buckets[b].le - start) * (rank / count);
}

AlertState::Change AlertState::evaluate(double ts, bool condition) {
  if (condition) {
    keep_firing_since_.reset();
    if (state_ == State::Inactive) {
      state_ = State::Pending;
      active_at_ = ts;
      if (ts - active_at_ >= for_s_) {
        state_ = State::Firing;
        return Change::Fired;
      }
      return Change::Pending;
    }
    if (state_ == State::Pending && ts - active_at_ >= for_s_) {
      state_ = State::Firing;
      return Change::Fired;
    }
    return Change::None;
  }
  switch (state_) {
    case State::Inactive:
      return Change::None;
    case State::Pending:
      state_ = State::Inactive;
      return Change::Dropped;
    case State::Firing:
      if (keep_firing_for_s_ > 0.0) {
        if (!keep_firing_since_) keep_firing_since_ = ts;
        if (ts - *keep_firing_since_ < keep_firing_for_s_) return Change::None;
      }
      state_ = State::Inactive;
      keep_firing_since_.reset();
      return Change::Resolved;
  }
  return Change::None;
}

void AlertGroup::update(const std::string& alert, bool firing, double t_s) {
  const auto it = std::find(firing_.begin(), firing_.end(), alert);
  if (firing && it == firing_.end()) {
    firing_.push_back(alert);
    if (!next_flush_) next_flush_ = t_s + config_.group_wait_s;  // A new group.
  } else if (!firing && it != firing_.end()) {
    firing_.erase(it);
  }
}

std::optional<AlertGroup::Notification> AlertGroup::flush(double t_s) {
  std::vector<std::string> now = firing_;
  std::vector<std::string> before = notified_;
  std::sort(now.begin(), now.end());
  std::sort(before.begin(), before.end());
  const bool changed = now != before;
  const bool repeat =
      !now.empty() && last_notification_ && t_s - *last_notification_ >= config_.repeat_interval_s;
  std::optional<Notification> sent;
  if (changed || repeat) {
    Notification n;
    n.t_s = t_s;
    n.firing = static_cast<int>(now.size());
    n.reason = !last_notification_ ? Notification::Reason::First
               : now.empty()       ? Notification::Reason::Resolved
               : changed           ? Notification::Reason::Changed
                                   : Notification::Reason::Repeat;
    notified_ = now;
    last_notification_ = t_s;
    sent = n;
  }
  if (now.empty() && notified_.empty()) {
    next_flush_.reset();  // Everything resolved and told: the group is gone.
    last_notification_.reset();
  } else {
    next_flush_ = t_s + config_.group_interval_s;
  }
  return sent;
}

std::vector<AlertGroup::Notification> notifications(const std::vector<AlertEvent>& events,
                                                    AlertGroup::Config config, double end_s) {
  AlertGroup group(config);
  std::vector<AlertGroup::Notification> out;
  std::size_t next = 0;
  for (;;) {
    const auto flush_at = group.next_flush();
    // Events strictly before the flush come first; an event at the flush instant too (Alertmanager
    // receives it before its timer fires in this model).
    if (next < events.size() && (!flush_at || events[next].t_s <= *flush_at)) {
      if (events[next].t_s > end_s) break;
      group.update(events[next].alert, events[next].firing, events[next].t_s);
      ++next;
      continue;
    }
    if (!flush_at || *flush_at > end_s) break;
    if (auto n = group.flush(*flush_at)) out.push_back(*n);
  }
  return out;
}

}  // namespace drillsim::metrics::prom
