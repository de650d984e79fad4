// Values of the PromQL subset: label sets, samples, instant vectors, range vectors (matrices),
// scalars and strings, with Prometheus' staleness marker. Plain data, shared by the parser's
// type checks, the series store, the evaluator and the rule-group loop.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace drillsim::promql {

// A label set sorted by name, each name once; `__name__` is the metric name.
using Labels = std::vector<std::pair<std::string, std::string>>;

inline constexpr const char* kMetricName = "__name__";

// Sorts by name (REQUIRES: names unique) so that equal sets compare equal.
void sort_labels(Labels& labels);
// The value of `name`, or "" when absent (Prometheus treats an absent label as empty).
std::string label_value(const Labels& labels, const std::string& name);
// Sets `name` to `value`, deleting it when `value` is empty (Prometheus' labels.Builder).
void set_label(Labels& labels, const std::string& name, const std::string& value);
void drop_label(Labels& labels, const std::string& name);
// `{a="x", b="y"}` with `__name__` written as the metric name in front, as Prometheus prints it.
std::string format_labels(const Labels& labels);
// A label value in double quotes, with `"`, `\` and newlines escaped (PromQL's and OpenMetrics' form).
std::string quote_label_value(const std::string& value);

// Prometheus' staleness marker: a NaN with a distinct bit pattern (value.StaleNaN).
double stale_nan();
bool is_stale_nan(double v);

// A sample: time in milliseconds since the epoch, as Prometheus' TSDB stores it.
struct Sample {
  std::int64_t t_ms = 0;
  double value = 0;
};

struct VectorElement {
  Labels labels;
  double value = 0;
};
using Vector = std::vector<VectorElement>;

struct MatrixSeries {
  Labels labels;
  std::vector<Sample> samples;  // ascending time, no staleness markers
};
using Matrix = std::vector<MatrixSeries>;

struct Scalar {
  double value = 0;
};
struct String {
  std::string value;
};

using Value = std::variant<Scalar, Vector, Matrix, String>;

// Go's strconv.FormatFloat(v, 'f', -1, 64): the shortest decimal that reads back as `v`.
std::string format_float_f(double v);
// Go's %v / strconv 'g' -1 for a float64 (used in messages and `$value`).
std::string format_float_g(double v);

}  // namespace drillsim::promql
