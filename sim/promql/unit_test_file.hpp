// promtool's rule unit-test format (`promtool test rules`), read and run with drillsim's own
// evaluator: rule_files, evaluation_interval, group_eval_order, tests with input_series in the
// expanding notation (`1+2x10`, `_`, `stale`), alert_rule_test (exp_alerts with labels and
// annotations) and promql_expr_test (exp_samples). The run follows promtool 2.42: rule groups are
// evaluated at 0, E, 2E, ... up to the largest eval_time, an alert assertion at eval_time is
// checked after the tick ts with ts <= eval_time < ts + E, and each assertion passes or fails.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "promql/value.hpp"

namespace drillsim::promql {

// A test file that cannot be read or breaks the format; what() names file, place and problem.
class UnitTestError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Expands promtool's series notation into one value per interval; nullopt is `_` (no sample),
// stale_nan() is `stale`. Throws std::invalid_argument naming the bad item.
std::vector<std::optional<double>> expand_series_values(const std::string& text);

struct AssertionResult {
  enum class Kind { Alert, Expr };
  Kind kind = Kind::Alert;
  std::string name;  // the alertname, or the expression
  std::int64_t eval_time_ms = 0;
  bool passed = false;
  std::string expected;  // as text, for the failure message
  std::string got;
  std::string error;  // an expression that could not be evaluated
  // promtool's heading for the assertion: `alertname: X, time: 5m` or `expr: "e", time: 5m`.
  std::string heading() const;
};

struct TestGroupResult {
  std::string name;
  std::vector<AssertionResult> assertions;
  std::vector<std::string> errors;  // rule evaluation errors: promtool stops the group at them
};

struct UnitTestFileResult {
  std::string path;
  std::vector<std::string> errors;  // the file or its rule files could not be loaded/evaluated
  std::vector<TestGroupResult> groups;
  bool passed() const;
};

// Reads `path` and runs every test group. Loading problems (bad YAML, a rule file with an invalid or
// unsupported rule) are reported in `errors`, never thrown.
UnitTestFileResult run_unit_test_file(const std::filesystem::path& path);

// promtool-like text: "Unit Testing:  FILE", then one PASS/FAIL line per assertion (with exp/got
// under each failure) and SUCCESS or FAILED.
std::string format_result(const UnitTestFileResult& result);

}  // namespace drillsim::promql
