// Writing a series store out: as the input_series of a promtool unit-test file (so that promtool can
// evaluate the same rules on the same samples a drill scraped), and as OpenMetrics text with
// timestamps (what `promtool tsdb create-blocks-from openmetrics` loads).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "promql/series_store.hpp"
#include "promql/value.hpp"

namespace drillsim::promql {

// An alert that was firing right after an evaluation at t_ms.
struct FiringAlert {
  std::int64_t t_ms = 0;
  std::string alertname;
  Labels labels;  // without alertname
  Labels annotations;
};

struct PromtoolTestSpec {
  std::vector<std::string> rule_files;  // As the test file names them.
  std::int64_t evaluation_interval_ms = 60000;
  // The samples' grid: every sample of the store must fall on a multiple of it.
  std::int64_t interval_ms = 60000;
  // One alert_rule_test per alert name and evaluation instant: the alerts firing then (none: an
  // empty exp_alerts).
  std::vector<std::string> alert_names;
  std::vector<std::int64_t> evaluation_times_ms;
  std::vector<FiringAlert> firing;
};

// The test file. Values are explicit, in promtool's expanding notation: `v` once, `vxN` for N + 1
// equal values, `_` / `_xN` for missing samples, `stale` for a staleness marker. Throws
// std::invalid_argument when a sample is not on the interval's grid.
std::string write_promtool_test(const SeriesStore& store, const PromtoolTestSpec& spec);

// OpenMetrics text: each series' samples in time order with a timestamp in seconds (start_s plus
// the sample's time), grouped by metric name, ending with `# EOF`. Staleness markers are left out
// (the format has none: a series simply stops).
std::string write_openmetrics(const SeriesStore& store, double start_s = 0.0);

}  // namespace drillsim::promql
