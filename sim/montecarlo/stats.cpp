#include "montecarlo/stats.hpp"

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/normal.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace drillsim::montecarlo {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void check_proportion(std::uint64_t k, std::uint64_t n, double confidence) {
  if (n == 0 || k > n || !(confidence > 0.0 && confidence < 1.0))
    throw std::invalid_argument("binomial interval: need 0 <= k <= n, n > 0 and 0 < confidence < 1");
}

double pearson(const std::vector<double>& x, const std::vector<double>& y) {
  const auto n = static_cast<double>(x.size());
  const double mx = std::accumulate(x.begin(), x.end(), 0.0) / n;
  const double my = std::accumulate(y.begin(), y.end(), 0.0) / n;
  double sxy = 0.0;
  double sxx = 0.0;
  double syy = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  if (sxx <= 0.0 || syy <= 0.0) return kNaN;
  return sxy / std::sqrt(sxx * syy);
}

}  // namespace

Interval wilson_interval(std::uint64_t k, std::uint64_t n, double confidence) {
  check_proportion(k, n, confidence);
  const double z = boost::math::quantile(boost::math::normal_distribution<double>(), 0.5 + confidence / 2.0);
  const auto nn = static_cast<double>(n);
  const double p = static_cast<double>(k) / nn;
  const double z2 = z * z;
  const double centre = (p + z2 / (2.0 * nn)) / (1.0 + z2 / nn);
  const double half = z / (1.0 + z2 / nn) * std::sqrt(p * (1.0 - p) / nn + z2 / (4.0 * nn * nn));
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

Interval clopper_pearson_interval(std::uint64_t k, std::uint64_t n, double confidence) {
  check_proportion(k, n, confidence);
  const double alpha = 1.0 - confidence;
  const auto kk = static_cast<double>(k);
  const auto nn = static_cast<double>(n);
  Interval interval;
  if (k > 0)
    interval.lo =
        boost::math::quantile(boost::math::beta_distribution<double>(kk, nn - kk + 1.0), alpha / 2.0);
  if (k < n)
    interval.hi =
        boost::math::quantile(boost::math::beta_distribution<double>(kk + 1.0, nn - kk), 1.0 - alpha / 2.0);
  return interval;
}

double quantile(const std::vector<double>& sorted, double p) {
  if (sorted.empty() || !(p >= 0.0 && p <= 1.0))
    throw std::invalid_argument("quantile: empty or p outside [0, 1]");
  const double h = static_cast<double>(sorted.size() - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  if (lo + 1 >= sorted.size()) return sorted.back();
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[lo + 1] - sorted[lo]);
}

Histogram histogram(const std::vector<double>& values, int bins) {
  if (values.empty() || bins <= 0) throw std::invalid_argument("histogram: no values or no bins");
  const auto [min_it, max_it] = std::minmax_element(values.begin(), values.end());
  Histogram h{*min_it, *max_it, {}};
  if (h.hi <= h.lo) {
    h.counts = {values.size()};
    return h;
  }
  h.counts.assign(static_cast<std::size_t>(bins), 0);
  const double width = (h.hi - h.lo) / bins;
  for (const double v : values) {
    auto b = static_cast<std::size_t>(std::floor((v - h.lo) / width));
    b = std::min(b, h.counts.size() - 1);
    ++h.counts[b];
  }
  return h;
}

std::vector<double> average_ranks(const std::vector<double>& values) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  std::vector<double> ranks(values.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j + 1 < order.size() && values[order[j + 1]] == values[order[i]])
      ++j;
    const double rank = (static_cast<double>(i) + static_cast<double>(j)) / 2.0 + 1.0;
    for (std::size_t t = i; t <= j; ++t)
      ranks[order[t]] = rank;
    i = j + 1;
  }
  return ranks;
}

double spearman(const std::vector<double>& x, const std::vector<double>& y) {
  if (x.size() != y.size()) throw std::invalid_argument("spearman: x and y differ in length");
  if (x.size() < 3) return kNaN;
  return pearson(average_ranks(x), average_ranks(y));
}

double correlation_ratio(const std::vector<double>& x, const std::vector<double>& y, int bins) {
  if (x.size() != y.size() || bins < 2) throw std::invalid_argument("correlation_ratio: bad arguments");
  const std::size_t n = x.size();
  if (n < static_cast<std::size_t>(2 * bins)) return kNaN;
  const std::vector<double> ranks = average_ranks(x);
  std::vector<double> sum(static_cast<std::size_t>(bins), 0.0);
  std::vector<double> count(static_cast<std::size_t>(bins), 0.0);
  const double mean = std::accumulate(y.begin(), y.end(), 0.0) / static_cast<double>(n);
  double total = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    // Rank r in 1..n falls in class floor((r - 1/2) * bins / n): equal counts, ties together.
    auto b = static_cast<std::size_t>(std::floor((ranks[i] - 0.5) * bins / static_cast<double>(n)));
    b = std::min(b, sum.size() - 1);
    sum[b] += y[i];
    count[b] += 1.0;
    total += (y[i] - mean) * (y[i] - mean);
  }
  std::size_t used = 0;
  double between = 0.0;
  for (std::size_t b = 0; b < sum.size(); ++b) {
    if (count[b] == 0.0) continue;
    ++used;
    const double m = sum[b] / count[b];
    between += count[b] * (m - mean) * (m - mean);
  }
  if (total <= 0.0 || used < 2) return kNaN;
  return between / total;
}

}  // namespace drillsim::montecarlo
