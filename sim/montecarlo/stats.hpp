// Statistics for Monte Carlo studies: binomial confidence intervals (Wilson, Clopper-Pearson, from
// Boost.Math), sample quantiles, histograms, Spearman's rank correlation and the correlation ratio
// (a first-order variance index). Pure functions on plain vectors (docs/monte-carlo.md).
#pragma once

#include <cstdint>
#include <vector>

namespace drillsim::montecarlo {

struct Interval {
  double lo = 0.0;
  double hi = 1.0;
};

// Wilson score interval for a proportion: k successes in n trials, two-sided at `confidence`.
// REQUIRES: n > 0, k <= n, 0 < confidence < 1.
Interval wilson_interval(std::uint64_t k, std::uint64_t n, double confidence = 0.95);

// Clopper-Pearson ("exact") interval: the Beta(k, n-k+1) quantile at (1-confidence)/2 and the
// Beta(k+1, n-k) quantile at (1+confidence)/2; 0 when k = 0, 1 when k = n.
// REQUIRES: n > 0, k <= n, 0 < confidence < 1.
Interval clopper_pearson_interval(std::uint64_t k, std::uint64_t n, double confidence = 0.95);

// The p-quantile of `sorted` (ascending), linear between order statistics: h = (n-1) p, the value at
// floor(h) plus (h - floor(h)) times the step to the next (Hyndman and Fan's type 7, the default of R
// and NumPy). REQUIRES: sorted non-empty, 0 <= p <= 1.
double quantile(const std::vector<double>& sorted, double p);

// Equal-width bins over [lo, hi] = [min, max] of the values; the last bin includes hi. All values equal:
// one bin. REQUIRES: values non-empty, bins > 0.
struct Histogram {
  double lo = 0.0;
  double hi = 0.0;
  std::vector<std::uint64_t> counts;
};
Histogram histogram(const std::vector<double>& values, int bins);

// Ranks 1..n, ties given their average rank.
std::vector<double> average_ranks(const std::vector<double>& values);

// Spearman's rho: Pearson's correlation of the average ranks. NaN when either side is constant or
// n < 3. REQUIRES: x.size() == y.size().
double spearman(const std::vector<double>& x, const std::vector<double>& y);

// The correlation ratio eta^2 of y on x binned into `bins` classes of (nearly) equal count by x's
// average rank (tied x share a class): the share of y's variance explained by the class means,
// sum_b n_b (mean_b - mean)^2 / sum_i (y_i - mean)^2 -- an estimate of the first-order Sobol index of
// x. Under no effect its expectation is about (bins - 1) / (n - 1), not 0. NaN when x or y is constant
// or n < 2 bins. REQUIRES: x.size() == y.size(), bins >= 2.
double correlation_ratio(const std::vector<double>& x, const std::vector<double>& y, int bins);

}  // namespace drillsim::montecarlo
