// Instant evaluation of a parsed PromQL expression over a SeriesStore, with Prometheus 2.42's
// arithmetic: the 5-minute lookback and staleness markers for instant selectors, closed
// [t - range, t] windows for range selectors, extrapolatedRate for rate/increase/delta, its float
// order for aggregations, its label handling (which operations drop __name__) and its vector
// matching rules and errors.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

#include "promql/ast.hpp"
#include "promql/series_store.hpp"
#include "promql/value.hpp"

namespace drillsim::promql {

// A query that Prometheus would also fail at run time (many-to-many matching, duplicate label sets).
class EvalError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

inline constexpr std::int64_t kDefaultLookbackMs = 5 * 60 * 1000;
// The step of a subquery written without one (`x[1h:]`): promtool's engine uses 1m; a Prometheus
// server uses its global evaluation_interval (1m by default).
inline constexpr std::int64_t kDefaultSubqueryStepMs = 60 * 1000;

class Evaluator {
 public:
  // `store` must outlive the evaluator.
  explicit Evaluator(const SeriesStore& store, std::int64_t lookback_ms = kDefaultLookbackMs)
      : store_(store), lookback_ms_(lookback_ms) {}

  // Evaluates `expr` at `t_ms` (milliseconds since the epoch). Throws EvalError.
  Value evaluate(const Node& expr, std::int64_t t_ms) const;

 private:
  const SeriesStore& store_;
  std::int64_t lookback_ms_;
};

}  // namespace drillsim::promql
