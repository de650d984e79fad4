// An in-memory series store: labelled series of timestamped samples, staleness markers included,
// queried by label matchers. What Prometheus' TSDB is to its query engine, for drillsim's
// evaluator, rule groups and promtool-style unit tests.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "promql/ast.hpp"
#include "promql/value.hpp"

namespace drillsim::promql {

struct Series {
  Labels labels;
  std::vector<Sample> samples;  // ascending t_ms; may hold staleness markers (stale_nan())
};

class SeriesStore {
 public:
  // Appends a sample to the series `labels` (REQUIRES: labels sorted, see sort_labels). A sample at
  // or before the series' last timestamp is dropped, as Prometheus rejects out-of-order and
  // duplicate samples. Returns whether it was stored.
  bool append(const Labels& labels, Sample sample);

  // The series every matcher selects, ordered by label set (as Prometheus' storage returns them).
  // Pointers stay valid until the next append of a new series.
  std::vector<const Series*> select(const std::vector<LabelMatcher>& matchers) const;

  // Forgets every sample before t_ms, and each series left without a sample (a long run keeps only
  // what its queries can still reach). Invalidates the pointers select() returned.
  void drop_before(std::int64_t t_ms);

  std::size_t series_count() const { return series_.size(); }
  std::size_t sample_count() const;
  // Every series, ordered by label set.
  const std::map<Labels, Series>& all() const { return series_; }

 private:
  std::map<Labels, Series> series_;
};

}  // namespace drillsim::promql
