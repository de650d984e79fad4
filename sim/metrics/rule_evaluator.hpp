// Prometheus' rule engine for one rule group over one scrape target, as pure code: it is fed the
// target's per-second counts, scrapes them into its own series at the target's scrape instants,
// evaluates every rule of the group at the group's evaluation instants (PromQL 2.42's rate(),
// increase(), histogram_quantile() and instant selectors, metrics/prometheus.hpp) and runs each rule's
// alert through rules/alerting.go's state machine (AlertState). It returns what changed.
//
// The engine's alert evaluator actor is a shell around one of these (it advances the data plane, feeds
// the seconds that ended, forwards the changes); the promtool agreement tests drive the same object.
// It knows nothing of SimGrid. Memory is flat in simulated time: a series keeps only the samples an
// evaluation can still reach (the largest range plus the lookback delta).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "metrics/prometheus.hpp"
#include "model/scenario.hpp"

namespace drillsim::metrics::prom {

// A rule's expression over the target's series. Each shape is what Prometheus would compute:
//  - ErrorRatio:        sum(rate(errors_total[range])) / sum(rate(requests_total[range]))
//  - HistogramQuantile: histogram_quantile(q, sum by (le) (rate(request_duration_seconds_bucket[range])))
//  - EventIncrease:     increase(events_total[range])   (restarts, OOM kills)
//  - Gauge:             gauge                            (the latest sample within the lookback)
// A PromQL subset can replace this enum with an expression tree; the feeding and the state machine stay.
enum class Expression { ErrorRatio, HistogramQuantile, EventIncrease, Gauge };

// One alerting rule: `expression > threshold`, with `for` and `keep_firing_for` (seconds).
struct AlertRule {
  std::string name;
  Expression expression = Expression::ErrorRatio;
  double range_s = 300.0;
  double quantile = 0.95;  // HistogramQuantile.
  double threshold = 0.0;
  double for_s = 0.0;
  double keep_firing_for_s = 0.0;
};

// When the target is scraped and the group evaluated: at offset + k * interval (k >= 0), in seconds.
// REQUIRES: scrape_interval_s >= 1 and scrape_offset_s >= 0 whole seconds (a scrape inside a second
// would need the requests' exact times); evaluation_interval_s > 0.
struct Timing {
  double scrape_interval_s = 60.0;
  double scrape_offset_s = 0.0;
  double evaluation_interval_s = 60.0;
  double evaluation_offset_s = 0.0;
  double lookback_s = 300.0;  // Prometheus' default lookback delta.
};

// What one whole second [k, k+1) of the target added to its counters.
struct SecondCounts {
  std::uint64_t requests = 0;
  std::uint64_t errors = 0;
  // Requests per latency bucket (not cumulative): element b counts bounds[b-1] < latency <= bounds[b],
  // the last one everything above the largest bound (+Inf). Empty when no rule reads latency.
  std::span<const std::uint64_t> latency = {};
  std::uint64_t events = 0;
};

// Which inputs the group's rules read, so the feeder computes only those.
struct Needs {
  bool counts = false;   // requests and errors
  bool latency = false;  // the latency buckets
  bool events = false;
  bool gauge = false;
};

// An alert's change at one evaluation, with the expression's value then (nullopt: it returned nothing).
struct AlertChange {
  std::size_t rule = 0;  // Index in the group.
  AlertState::Change change = AlertState::Change::None;
  double t_s = 0.0;
  std::optional<double> value;
};

class RuleEvaluator {
 public:
  // `bucket_bounds`: the finite upper bounds (le) of the latency histogram, increasing.
  RuleEvaluator(std::vector<AlertRule> rules, Timing timing, std::vector<double> bucket_bounds = {});

  // The group of one scenario alert rule (model::AlertRuleSpec) over the default latency buckets.
  static RuleEvaluator for_spec(const model::AlertRuleSpec& spec);

  const std::vector<AlertRule>& rules() const { return rules_; }
  const Needs& needs() const { return needs_; }

  // The next evaluation instant (increasing from one evaluate() to the next).
  double next_evaluation() const;

  // Seconds [0, fed_seconds()) have been fed.
  std::int64_t fed_seconds() const { return fed_; }
  // The seconds an evaluation at ts needs fed: every scrape at or before ts sees the seconds that ended
  // by it, so [0, seconds_needed(ts)).
  std::int64_t seconds_needed(double ts) const;
  // Feeds second fed_seconds(). REQUIRES: latency holds bucket_bounds.size() + 1 counts when needs().latency.
  void feed(const SecondCounts& second);

  // The gauge's scrape instants at or before ts not sampled yet: a gauge rule's feeder reads the gauge
  // at each, in order, and hands it to feed_gauge() before evaluate(ts).
  std::vector<double> due_scrapes(double ts) const;
  // The gauge's sample at t_s == due_scrapes(...).front().
  void feed_gauge(double t_s, double value);

  // Evaluates the group at ts == next_evaluation(): takes every scrape due by ts, computes each rule's
  // expression and advances its alert. Returns the changes (none when nothing changed).
  // REQUIRES: fed_seconds() >= seconds_needed(ts); a gauge fed at each of due_scrapes(ts).
  std::vector<AlertChange> evaluate(double ts);

  // A rule's alert state now, and its expression's value at the last evaluation.
  AlertState::State state(std::size_t rule) const { return alerts_[rule].state(); }
  std::optional<double> last_value(std::size_t rule) const { return values_[rule]; }

  // Samples held now, over every series (memory is bounded by the rules' ranges).
  std::size_t samples_held() const;

 private:
  std::optional<double> value_of(const AlertRule& rule, double ts) const;
  double scrape_at(std::int64_t k) const;
  void take_counter_scrapes();
  void drop_older_than(double t_s);

  std::vector<AlertRule> rules_;
  Timing timing_;
  std::vector<double> bounds_;
  Needs needs_;
  double keep_s_ = 0.0;  // How far back a sample can still be read.

  std::vector<AlertState> alerts_;
  std::vector<std::optional<double>> values_;
  std::int64_t evaluations_ = 0;

  // The counters' totals over the seconds fed: a counter sample at s is taken once the seconds before s
  // are fed (it cannot change after). Gauges are sampled by the feeder at their scrape instants.
  double requests_total_ = 0.0;
  double errors_total_ = 0.0;
  double events_total_ = 0.0;
  std::vector<double> le_totals_;  // Cumulative per bucket bound, then +Inf.
  std::int64_t fed_ = 0;
  std::int64_t counter_scrapes_ = 0;  // Taken: the next is at scrape_offset + counter_scrapes_ * interval.
  std::int64_t gauge_scrapes_ = 0;
  Samples requests_, errors_, events_, gauge_;
  std::vector<Samples> le_;  // Per bucket bound, then +Inf.
};

}  // namespace drillsim::metrics::prom
