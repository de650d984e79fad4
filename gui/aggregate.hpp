// The viewer's reading of a Monte Carlo study (docs/monte-carlo.md): an aggregate report ("kind":
// "aggregate", format 1) or a sweep of them ("kind": "sweep", format 1). Like the rest of the viewer it
// computes no statistic: every probability, interval, quantile, histogram and index shown is the file's.
// The reader checks the fields it shows and names the JSON pointer of the first one that is wrong.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace drillsim::gui {

inline constexpr int kAggregateFormat = 1;  // The layouts this viewer reads.

// A proportion of runs: `count` of `of`, with its two intervals. `p` and the intervals are absent when
// `of` is 0 (a level whose claim was never judged).
struct Proportion {
  std::int64_t count = 0;
  std::int64_t of = 0;
  std::optional<double> p;
  std::optional<std::pair<double, double>> wilson;
  std::optional<std::pair<double, double>> clopper_pearson;
};

// A distribution over the runs where the value exists. Without a run only `runs` and `missing` are set.
struct Distribution {
  std::int64_t runs = 0;
  std::int64_t missing = 0;
  bool has_values = false;
  double mean = 0, min = 0, max = 0;
  double p5 = 0, p50 = 0, p90 = 0, p95 = 0, p99 = 0;
  double histogram_lo = 0, histogram_hi = 0;
  std::vector<std::int64_t> histogram;  // Equal bins from histogram_lo to histogram_hi.
};

struct AggregateObjective {
  std::string service;
  double rto_s = 0, rpo_s = 0;
  Proportion rto_met, rpo_met, both_met;
  Distribution time_to_restore_s;
};

struct AggregateLevel {
  std::string level;
  Proportion claim_met;
  std::int64_t not_judged = 0;
};

// One input of the attribution table; an index is absent when the input did not vary.
struct AttributionRow {
  std::string input;
  std::int64_t runs = 0;
  std::optional<double> mean;
  std::optional<double> spearman_time_to_restore;
  std::optional<double> spearman_rto_missed;
  std::optional<double> first_order_index;
  std::optional<double> first_order_noise_floor;
};

struct PerRunObjective {
  std::string service;
  std::optional<bool> rto_met, rpo_met;
};

struct PerRunRow {
  std::int64_t run = 0;
  std::uint64_t seed = 0;
  std::string exit_state;
  std::vector<std::optional<double>> metrics;  // In the order of Aggregate::run_metric_names.
  std::vector<PerRunObjective> objectives;
  std::int64_t violations = 0;
};

struct Aggregate {
  std::string generator;
  std::string scenario_name, scenario_file;
  double duration_s = 0;
  std::uint64_t seed = 0;
  std::int64_t runs = 0;           // N of the whole study.
  std::int64_t runs_included = 0;  // The runs in this file (a shard holds part of them).
  std::optional<std::pair<std::int64_t, std::int64_t>> shard;  // {index, count} of a shard.
  double confidence = 0.95;
  std::int64_t runs_with_violations = 0;
  std::vector<std::pair<std::string, std::string>> settings;  // --set: pointer, value as JSON text.
  std::vector<AggregateObjective> objectives;
  std::vector<std::pair<std::string, Distribution>> metrics;  // In the file's order.
  std::vector<std::pair<std::string, Proportion>> exit_states;
  std::vector<AggregateLevel> levels;
  std::string attribution_target;
  std::vector<AttributionRow> attribution;  // Ranked, as in the file.
  std::vector<std::string> run_metric_names;
  std::vector<PerRunRow> per_run;

  const Distribution* metric(const std::string& name) const;
  // `drillsim run SCENARIO --seed SEED [--set P=V ...]`: the command that replays one run alone.
  std::string replay_command(std::uint64_t run_seed) const;
};

struct SweepAxis {
  std::string pointer;
  std::vector<std::string> values;             // As JSON text.
  std::vector<std::optional<double>> numbers;  // The value when it is a number.
};

// A study as the viewer holds it: one aggregate, or the points of a sweep (one aggregate each, in grid
// order, with the values of the axes at that point).
struct Study {
  bool is_sweep = false;
  std::vector<SweepAxis> axes;  // Empty for a single aggregate.
  struct Point {
    std::vector<std::string> values;  // One per axis, as JSON text.
    Aggregate aggregate;
  };
  std::vector<Point> points;  // One point, without values, for a single aggregate.

  // "replicas=3", "replicas=3, max_s=120" (the last token of each axis' pointer), or "" without axes.
  std::string point_label(std::size_t index) const;
};
using StudyPtr = std::shared_ptr<const Study>;

class AggregateFormatError : public std::runtime_error {
 public:
  AggregateFormatError(std::string pointer, std::string problem);
  const std::string& pointer() const { return pointer_; }
  const std::string& problem() const { return problem_; }

 private:
  std::string pointer_;
  std::string problem_;
};

// True when `json` is an object whose "kind" is "aggregate" or "sweep".
bool is_study(const nlohmann::json& json);

// Reads an aggregate or a sweep. Throws AggregateFormatError naming the pointer of the first field
// that is missing or of the wrong type, or an unsupported `format`.
Study study_from_json(const nlohmann::json& json);

}  // namespace drillsim::gui
