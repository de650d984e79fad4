#include "engine/series_recorder.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

namespace drillsim::engine {

using model::Version;

double nearest_rank(std::vector<float>& values, double q) {
  const auto n = values.size();
  auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(n)));
  rank = std::clamp<std::size_t>(rank, 1, n);
  auto nth = values.begin() + static_cast<std::ptrdiff_t>(rank - 1);
  std::nth_element(values.begin(), nth, values.end());
  return static_cast<double>(*nth);
}

// Nearest-rank quantiles (as nearest_rank) over the values of several vectors, without copying them.
// A non-negative float orders as its bit pattern, so a histogram of the top 16 bits finds the bucket
// that holds each rank; only that bucket's values are gathered and selected exactly.
std::array<double, 3> nearest_ranks(const std::vector<const std::vector<float>*>& parts,
                                    const std::array<double, 3>& qs) {
  std::array<double, 3> out;
  out.fill(std::numeric_limits<double>::quiet_NaN());
  const auto bucket = [](float x) { return std::bit_cast<std::uint32_t>(x) >> 16; };
  std::vector<std::uint32_t> histogram(1u << 16, 0);
  std::uint64_t n = 0;
  for (const auto* part : parts) {
    for (const float x : *part)
      ++histogram[bucket(x)];
    n += part->size();
  }
  if (n == 0) return out;
  std::array<std::uint32_t, 3> where{};
  std::array<std::uint64_t, 3> rank_in{};
  for (std::size_t i = 0; i < qs.size(); ++i) {
    auto rank = static_cast<std::uint64_t>(std::ceil(qs[i] * static_cast<double>(n)));
    rank = std::clamp<std::uint64_t>(rank, 1, n);
    std::uint64_t below = 0;
    std::uint32_t b = 0;
    while (below + histogram[b] < rank)
      below += histogram[b++];
    where[i] = b;
    rank_in[i] = rank - below;  // 1-based within the bucket.
  }
  std::vector<float> values;
  for (std::size_t i = 0; i < qs.size(); ++i) {
    values.clear();
    for (const auto* part : parts) {
      for (const float x : *part) {
        if (bucket(x) == where[i]) values.push_back(x);
      }
    }
    auto nth = values.begin() + static_cast<std::ptrdiff_t>(rank_in[i] - 1);
    std::nth_element(values.begin(), nth, values.end());
    out[i] = static_cast<double>(*nth);
  }
  return out;
}

namespace {

constexpr std::size_t kHistogramBuckets = std::size_t{1} << 16;

std::uint32_t histogram_bucket(float x) {
  return std::bit_cast<std::uint32_t>(x) >> 16;
}

// Fills series.whole_run's mean; returns false when the series has no request.
bool summarise_mean(model::SecondSeries& series) {
  std::uint64_t requests = 0;
  for (const std::uint32_t n : series.requests)
    requests += n;
  if (requests == 0) return false;
  series.whole_run.mean_s = series.latency_sum_s / static_cast<double>(requests);
  return true;
}

// Fills series.whole_run from every latency of the series, held in `parts` (not copied).
void summarise_run(model::SecondSeries& series, const std::vector<const std::vector<float>*>& parts) {
  if (!summarise_mean(series) || parts.empty()) return;
  std::uint64_t kept = 0;
  for (const auto* part : parts)
    kept += part->size();
  if (kept == 0) return;  // Latencies not kept (latency_percentiles off).
  const auto q = nearest_ranks(parts, {0.50, 0.95, 0.99});
  series.whole_run.p50_s = q[0];
  series.whole_run.p95_s = q[1];
  series.whole_run.p99_s = q[2];
}

// The same from histograms (summed): the largest latency in the bucket that holds each rank.
void summarise_run(model::SecondSeries& series, const std::vector<const std::vector<std::uint64_t>*>& counts,
                   const std::vector<const std::vector<float>*>& maxima) {
  if (!summarise_mean(series) || counts.empty() || counts.front()->empty()) return;
  std::vector<std::uint64_t> count(kHistogramBuckets, 0);
  std::vector<float> max(kHistogramBuckets, 0.0f);
  for (std::size_t p = 0; p < counts.size(); ++p) {
    for (std::size_t b = 0; b < kHistogramBuckets; ++b) {
      count[b] += (*counts[p])[b];
      max[b] = std::max(max[b], (*maxima[p])[b]);
    }
  }
  std::uint64_t n = 0;
  for (const std::uint64_t c : count)
    n += c;
  if (n == 0) return;
  std::array<double, 3> out{};
  const std::array<double, 3> qs{0.50, 0.95, 0.99};
  for (std::size_t i = 0; i < qs.size(); ++i) {
    auto rank = static_cast<std::uint64_t>(std::ceil(qs[i] * static_cast<double>(n)));
    rank = std::clamp<std::uint64_t>(rank, 1, n);
    std::uint64_t below = 0;
    std::size_t b = 0;
    while (below + count[b] < rank)
      below += count[b++];
    out[i] = static_cast<double>(max[b]);
  }
  series.whole_run.p50_s = out[0];
  series.whole_run.p95_s = out[1];
  series.whole_run.p99_s = out[2];
}

}  // namespace

SeriesRecorder::SeriesRecorder(const model::Scenario& scenario, bool latency_percentiles)
    : seconds_(static_cast<std::size_t>(std::ceil(scenario.duration_s))),
      services_(scenario.services.size()),
      keep_latencies_(latency_percentiles),
      exact_whole_run_(scenario.duration_s <= kExactWholeRunMaxS) {
  for (std::size_t i = 0; i < services_.size(); ++i) {
    const model::ServiceSpec& spec = scenario.services[i];
    PerService& s = services_[i];
    s.slo_latency_s = spec.slo.max_p95_latency_s;
    const bool watched = std::any_of(scenario.alerts.begin(), scenario.alerts.end(), [&](const auto& rule) {
      return rule.metric == model::AlertRuleSpec::Metric::LatencyP95 && rule.service == spec.name;
    });
    if (watched || scenario.rule_files)
      s.latency_buckets.assign(seconds_ * (model::kLatencyBuckets.size() + 1), 0);
    s.series.service = spec.name;
    for (auto& series : s.series.by_version)
      series.resize(seconds_);
    s.series.total.resize(seconds_);
    if (keep_latencies_ && !exact_whole_run_) {
      for (auto& histogram : s.whole_run) {
        histogram.count.assign(kHistogramBuckets, 0);
        histogram.max.assign(kHistogramBuckets, 0.0f);
      }
    }
  }
}

void SeriesRecorder::fail_recorded(int service, Version version, const model::Failure& failure) {
  PerService& s = services_[static_cast<std::size_t>(service)];
  ++s.series.by_version[static_cast<std::size_t>(version)].errors[static_cast<std::size_t>(failure.t_s)];
  s.failures.push_back(failure);
}

void SeriesRecorder::record_ready(std::size_t second, int service, const std::array<int, 2>& ready) {
  model::ServiceSeries& series = services_[static_cast<std::size_t>(service)].series;
  series.by_version[0].ready[second] = ready[0];
  series.by_version[1].ready[second] = ready[1];
  series.total.ready[second] = ready[0] + ready[1];
}

void SeriesRecorder::finalize_before(std::int64_t end_second) {
  end_second = std::min<std::int64_t>(end_second, static_cast<std::int64_t>(seconds_));
  for (; finalized_ < end_second; ++finalized_) {
    const auto k = static_cast<std::size_t>(finalized_);
    for (auto& service : services_) {
      scratch_.clear();
      model::SecondSeries& total = service.series.total;
      for (std::size_t v = 0; v < 2; ++v) {
        model::SecondSeries& series = service.series.by_version[v];
        auto& pending = service.pending_latency_s[v];
        const std::size_t slot = k - pending_base_;
        total.requests[k] += series.requests[k];
        total.errors[k] += series.errors[k];
        total.slow[k] += series.slow[k];
        if (slot >= pending.size() || pending[slot].empty()) continue;
        std::vector<float>& latencies = pending[slot];
        scratch_.insert(scratch_.end(), latencies.begin(), latencies.end());
        series.p50_s[k] = nearest_rank(latencies, 0.50);
        series.p95_s[k] = nearest_rank(latencies, 0.95);
        series.p99_s[k] = nearest_rank(latencies, 0.99);
        // A short drill keeps them for the exact whole-run percentiles at the end; a long one counts
        // them in its histogram (below) and lets them go.
      }
      if (!scratch_.empty()) {
        total.p50_s[k] = nearest_rank(scratch_, 0.50);
        total.p95_s[k] = nearest_rank(scratch_, 0.95);
        total.p99_s[k] = nearest_rank(scratch_, 0.99);
      }
      if (exact_whole_run_) continue;
      for (std::size_t v = 0; v < 2; ++v) {
        auto& pending = service.pending_latency_s[v];
        if (pending.empty()) continue;  // Nothing recorded from this second on yet.
        auto& histogram = service.whole_run[v];
        if (!histogram.count.empty()) {
          for (const float x : pending.front()) {
            const std::uint32_t b = histogram_bucket(x);
            ++histogram.count[b];
            histogram.max[b] = std::max(histogram.max[b], x);
          }
        }
        pending.pop_front();
      }
    }
    if (!exact_whole_run_) ++pending_base_;
  }
}

SeriesRecorder::Counts SeriesRecorder::counts(int service, std::int64_t first_second,
                                              std::int64_t end_second) const {
  Counts c;
  const auto& total = services_[static_cast<std::size_t>(service)].series.total;
  for (std::int64_t k = std::max<std::int64_t>(first_second, 0); k < end_second; ++k) {
    const auto i = static_cast<std::size_t>(k);
    c.requests += total.requests[i];
    c.errors += total.errors[i];
    c.slow += total.slow[i];
  }
  return c;
}

SeriesRecorder::Counts SeriesRecorder::counts(int service, model::Version version, std::int64_t first_second,
                                              std::int64_t end_second) const {
  Counts c;
  const auto& one =
      services_[static_cast<std::size_t>(service)].series.by_version[static_cast<std::size_t>(version)];
  for (std::int64_t k = std::max<std::int64_t>(first_second, 0); k < end_second; ++k) {
    const auto i = static_cast<std::size_t>(k);
    c.requests += one.requests[i];
    c.errors += one.errors[i];
    c.slow += one.slow[i];
  }
  return c;
}

std::array<std::uint64_t, model::kLatencyBuckets.size() + 1> SeriesRecorder::latency_buckets(
    int service, std::int64_t first_second, std::int64_t end_second) const {
  constexpr std::size_t width = model::kLatencyBuckets.size() + 1;
  std::array<std::uint64_t, width> counts{};
  const auto& buckets = services_[static_cast<std::size_t>(service)].latency_buckets;
  if (buckets.empty()) return counts;  // Not kept: no latency rule watches this service.
  for (std::int64_t k = std::max<std::int64_t>(first_second, 0); k < end_second; ++k) {
    for (std::size_t b = 0; b < width; ++b)
      counts[b] += buckets[static_cast<std::size_t>(k) * width + b];
  }
  return counts;
}

void SeriesRecorder::finish(model::DrillResult& result) {
  finalize_before(static_cast<std::int64_t>(seconds_));
  for (auto& service : services_) {
    auto& total = service.series.total;
    total.latency_sum_s = 0.0;
    for (const auto& series : service.series.by_version)
      total.latency_sum_s += series.latency_sum_s;
    // Whole-drill latency: exact nearest-rank percentiles over every request of each version, then of
    // both together.
    if (exact_whole_run_) {
      std::vector<const std::vector<float>*> all;
      for (std::size_t v = 0; v < 2; ++v) {
        std::vector<const std::vector<float>*> parts;
        for (const auto& second : service.pending_latency_s[v])
          parts.push_back(&second);
        summarise_run(service.series.by_version[v], parts);
        all.insert(all.end(), parts.begin(), parts.end());
      }
      summarise_run(total, all);
    } else {
      // Every second is final: each latency is in its version's histogram.
      std::vector<const std::vector<std::uint64_t>*> counts;
      std::vector<const std::vector<float>*> maxima;
      for (std::size_t v = 0; v < 2; ++v) {
        const auto& histogram = service.whole_run[v];
        summarise_run(service.series.by_version[v], {&histogram.count}, {&histogram.max});
        counts.push_back(&histogram.count);
        maxima.push_back(&histogram.max);
      }
      summarise_run(total, counts, maxima);
    }
    for (auto& pending : service.pending_latency_s)
      std::deque<std::vector<float>>().swap(pending);
    for (auto& histogram : service.whole_run)
      histogram = {};
  }
  result.series.clear();
  result.failures.clear();
  for (auto& service : services_) {
    // Failures were appended in arrival order; the report wants completion order.
    std::stable_sort(service.failures.begin(), service.failures.end(),
                     [](const model::Failure& a, const model::Failure& b) { return a.t_s < b.t_s; });
    result.series.push_back(std::move(service.series));
    result.failures.push_back(std::move(service.failures));
  }
}

}  // namespace drillsim::engine
