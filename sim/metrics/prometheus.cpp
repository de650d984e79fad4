#include "metrics/prometheus.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>

namespace drillsim::metrics::prom {

std::vector<Sample> scrape_counter(const std::vector<std::uint32_t>& per_second, double interval_s,
                                   double offset_s, double end_s) {
  std::vector<Sample> samples;
  double total = 0.0;
  std::size_t counted = 0;  // Seconds [0, counted) are in `total`.
  for (double t = offset_s; t <= end_s; t += interval_s) {
    const auto through = static_cast<std::size_t>(std::floor(t));
    while (counted < through && counted < per_second.size())
      total += per_second[counted++];
    samples.push_back({t, total});
  }
  return samples;
}

std::optional<double> increase(const std::vector<Sample>& samples, double t_s, double range_s) {
  const double range_start = t_s - range_s;
  std::vector<Sample> in_range;
  for (const Sample& s : samples) {
    if (s.t_s >= range_start && s.t_s <= t_s) in_range.push_back(s);
  }
  if (in_range.size() < 2) return std::nullopt;

  const Sample& first = in_range.front();
  const Sample& last = in_range.back();
  // The counter's increase, adding back what each reset took away.
  double result = last.value - first.value;
  for (std::size_t i = 1; i < in_range.size(); ++i) {
    if (in_range[i].value < in_range[i - 1].value) result += in_range[i - 1].value;
  }

  double to_start = first.t_s - range_start;
  const double to_end = t_s - last.t_s;
  const double sampled = last.t_s - first.t_s;
  const double average = sampled / static_cast<double>(in_range.size() - 1);
  // A counter cannot go below 0: do not extrapolate the start past the counter's zero point.
  if (result > 0.0 && first.value >= 0.0) {
    const double to_zero = sampled * (first.value / result);
    if (to_zero < to_start) to_start = to_zero;
  }
  // Extrapolate to a boundary when a sample would be expected there (within 1.1 average intervals);
  // otherwise assume the series starts or ends half an interval beyond the last sample seen.
  const double threshold = average * 1.1;
  double extrapolate_to = sampled;
  extrapolate_to += to_start < threshold ? to_start : average / 2.0;
  extrapolate_to += to_end < threshold ? to_end : average / 2.0;
  return result * (extrapolate_to / sampled);
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

}  // namespace drillsim::metrics::prom
