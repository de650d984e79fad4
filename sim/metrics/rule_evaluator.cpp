#include "metrics/rule_evaluator.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <utility>

namespace drillsim::metrics::prom {

RuleEvaluator::RuleEvaluator(std::vector<AlertRule> rules, Timing timing, std::vector<double> bucket_bounds)
    : rules_(std::move(rules)), timing_(timing), bounds_(std::move(bucket_bounds)) {
  double largest_range = 0.0;
  for (const AlertRule& rule : rules_) {
    alerts_.emplace_back(rule.for_s, rule.keep_firing_for_s);
    values_.emplace_back();
    largest_range = std::max(largest_range, rule.range_s);
    switch (rule.expression) {
      case Expression::ErrorRatio:
        needs_.counts = true;
        break;
      case Expression::HistogramQuantile:
        needs_.latency = true;
        break;
      case Expression::EventIncrease:
        needs_.events = true;
        break;
      case Expression::Gauge:
        needs_.gauge = true;
        break;
    }
  }
  keep_s_ = largest_range + timing_.lookback_s;
  if (needs_.latency) {
    le_totals_.assign(bounds_.size() + 1, 0.0);
    le_.resize(bounds_.size() + 1);
  }
  take_counter_scrapes();  // The scrapes at second 0 see nothing yet.
}

RuleEvaluator RuleEvaluator::for_spec(const model::AlertRuleSpec& spec) {
  using Metric = model::AlertRuleSpec::Metric;
  AlertRule rule;
  rule.name = spec.name;
  switch (spec.metric) {
    case Metric::ErrorRatio:
      rule.expression = Expression::ErrorRatio;
      break;
    case Metric::LatencyP95:
      rule.expression = Expression::HistogramQuantile;
      rule.quantile = 0.95;
      break;
    case Metric::OomKills:
    case Metric::Restarts:
      rule.expression = Expression::EventIncrease;
      break;
    case Metric::MemoryUtilisation:
    case Metric::PoolUtilisation:
      rule.expression = Expression::Gauge;
      break;
  }
  rule.range_s = spec.window_s;
  rule.threshold = spec.threshold;
  rule.for_s = spec.for_s;
  rule.keep_firing_for_s = spec.keep_firing_for_s;
  Timing timing;
  timing.scrape_interval_s = spec.scrape_interval_s;
  timing.scrape_offset_s = spec.scrape_offset_s;
  timing.evaluation_interval_s = spec.evaluation_interval_s;
  timing.evaluation_offset_s = spec.evaluation_offset_s;
  return RuleEvaluator({rule}, timing, {model::kLatencyBuckets.begin(), model::kLatencyBuckets.end()});
}

double RuleEvaluator::next_evaluation() const {
  return timing_.evaluation_offset_s + static_cast<double>(evaluations_) * timing_.evaluation_interval_s;
}

double RuleEvaluator::scrape_at(std::int64_t k) const {
  return timing_.scrape_offset_s + static_cast<double>(k) * timing_.scrape_interval_s;
}

std::int64_t RuleEvaluator::seconds_needed(double ts) const {
  if (!(needs_.counts || needs_.latency || needs_.events)) return 0;
  if (ts < timing_.scrape_offset_s) return 0;
  // The last scrape at or before ts; a sample at s holds the seconds that ended by s.
  const auto k =
      static_cast<std::int64_t>(std::floor((ts - timing_.scrape_offset_s) / timing_.scrape_interval_s));
  return static_cast<std::int64_t>(std::floor(scrape_at(k)));
}

void RuleEvaluator::feed(const SecondCounts& second) {
  requests_total_ += static_cast<double>(second.requests);
  errors_total_ += static_cast<double>(second.errors);
  events_total_ += static_cast<double>(second.events);
  if (needs_.latency) {
    assert(second.latency.size() == le_totals_.size());
    std::uint64_t cumulative = 0;
    for (std::size_t b = 0; b < le_totals_.size(); ++b) {
      cumulative += second.latency[b];
      le_totals_[b] += static_cast<double>(cumulative);
    }
  }
  ++fed_;
  take_counter_scrapes();
}

void RuleEvaluator::take_counter_scrapes() {
  if (!(needs_.counts || needs_.latency || needs_.events)) return;
  for (;;) {
    const double s = scrape_at(counter_scrapes_);
    if (static_cast<std::int64_t>(std::floor(s)) > fed_) return;
    if (needs_.counts) {
      requests_.push_back({s, requests_total_});
      errors_.push_back({s, errors_total_});
    }
    if (needs_.events) events_.push_back({s, events_total_});
    for (std::size_t b = 0; b < le_.size(); ++b)
      le_[b].push_back({s, le_totals_[b]});
    ++counter_scrapes_;
  }
}

std::vector<double> RuleEvaluator::due_scrapes(double ts) const {
  std::vector<double> due;
  if (!needs_.gauge) return due;
  for (std::int64_t k = gauge_scrapes_; scrape_at(k) <= ts; ++k)
    due.push_back(scrape_at(k));
  return due;
}

void RuleEvaluator::feed_gauge(double t_s, double value) {
  assert(t_s == scrape_at(gauge_scrapes_));
  gauge_.push_back({t_s, value});
  ++gauge_scrapes_;
}

void RuleEvaluator::drop_older_than(double t_s) {
  const auto stale = [t_s](const Sample& s) { return s.t_s < t_s; };
  std::erase_if(requests_, stale);
  std::erase_if(errors_, stale);
  std::erase_if(events_, stale);
  std::erase_if(gauge_, stale);
  for (auto& samples : le_)
    std::erase_if(samples, stale);
}

std::size_t RuleEvaluator::samples_held() const {
  std::size_t n = requests_.size() + errors_.size() + events_.size() + gauge_.size();
  for (const auto& samples : le_)
    n += samples.size();
  return n;
}

std::optional<double> RuleEvaluator::value_of(const AlertRule& rule, double ts) const {
  switch (rule.expression) {
    case Expression::ErrorRatio: {
      // sum(rate(errors[r])) / sum(rate(requests[r])): one series each, so each sum is its rate. No
      // request: 0/0 is NaN, and NaN > threshold is false, as in Prometheus.
      const auto failed = rate(errors_, ts, rule.range_s);
      const auto served = rate(requests_, ts, rule.range_s);
      if (!failed || !served) return std::nullopt;
      return *failed / *served;
    }
    case Expression::HistogramQuantile: {
      std::vector<Bucket> rates;
      for (std::size_t b = 0; b < le_.size(); ++b) {
        const auto r = rate(le_[b], ts, rule.range_s);
        if (!r) return std::nullopt;
        const double le = b < bounds_.size() ? bounds_[b] : std::numeric_limits<double>::infinity();
        rates.push_back({le, *r});
      }
      return histogram_quantile(rule.quantile, std::move(rates));
    }
    case Expression::EventIncrease:
      return increase(events_, ts, rule.range_s);
    case Expression::Gauge:
      return instant_value(gauge_, ts, timing_.lookback_s);
  }
  return std::nullopt;
}

std::vector<AlertChange> RuleEvaluator::evaluate(double ts) {
  assert(ts == next_evaluation());
  assert(fed_ >= seconds_needed(ts));
  assert(due_scrapes(ts).empty());
  ++evaluations_;
  std::vector<AlertChange> changes;
  for (std::size_t i = 0; i < rules_.size(); ++i) {
    const std::optional<double> value = value_of(rules_[i], ts);
    values_[i] = value;
    // A NaN compares false: the expression returned nothing.
    const bool condition = value && *value > rules_[i].threshold;
    const AlertState::Change change = alerts_[i].evaluate(ts, condition);
    if (change != AlertState::Change::None) changes.push_back({i, change, ts, value});
  }
  drop_older_than(next_evaluation() - keep_s_);
  return changes;
}

}  // namespace drillsim::metrics::prom
