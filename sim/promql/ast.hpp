// The syntax tree of a PromQL expression in drillsim's subset. Nodes own their children; the
// parser gives each node its static type (scalar, instant vector, range vector, string), checked
// as Prometheus' parser checks it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "promql/value.hpp"

namespace drillsim::promql {

enum class ValueType { Scalar, Vector, Matrix, String };
const char* to_string(ValueType type);

struct LabelMatcher {
  enum class Op { Equal, NotEqual, RegexMatch, RegexNoMatch };
  std::string name;
  Op op = Op::Equal;
  std::string value;
  std::shared_ptr<const std::regex> regex;  // anchored, for the regex ops

  // Whether a series whose label `name` has `label_value` ("" when absent) is selected.
  bool matches(const std::string& label_value) const;
};

struct Node;
using NodePtr = std::unique_ptr<Node>;

struct NumberLiteral {
  double value = 0;
};
struct StringLiteral {
  std::string value;
};
// The @ modifier: the instant a selector or subquery is evaluated at, instead of the evaluation time
// (then offset applies from there). start() and end() are the query's own start and end: for a rule's
// evaluation and a promtool expression test, an instant query, both are the evaluation time.
struct AtModifier {
  enum class Kind { None, Time, Start, End };
  Kind kind = Kind::None;
  std::int64_t t_ms = 0;  // Kind::Time: the Unix time in ms (`@ 1.5` is 1500).
};
struct VectorSelector {
  std::string metric_name;             // "" when only matchers name the series
  std::vector<LabelMatcher> matchers;  // includes a __name__ matcher for the metric name
  std::int64_t offset_ms = 0;
  AtModifier at;
};
struct MatrixSelector {
  VectorSelector vector;
  std::int64_t range_ms = 0;
};
struct VectorMatching {
  enum class Card { OneToOne, ManyToOne, OneToMany, ManyToMany };
  Card card = Card::OneToOne;
  bool on = false;  // on(...) rather than ignoring(...)
  std::vector<std::string> labels;
  std::vector<std::string> include;  // group_left/group_right(...) labels
};
struct BinaryExpr {
  std::string op;  // + - * / % ^ == != < <= > >= and or unless atan2
  NodePtr lhs;
  NodePtr rhs;
  bool return_bool = false;
  VectorMatching matching;
};
struct UnaryExpr {
  char op = '-';
  NodePtr expr;
};
struct Call {
  std::string function;
  std::vector<NodePtr> args;
};
struct Aggregate {
  std::string op;  // sum avg min max count group stddev stdvar topk bottomk count_values quantile
  NodePtr param;   // topk/bottomk/quantile/count_values
  NodePtr expr;
  bool without = false;
  std::vector<std::string> grouping;
};
struct Paren {
  NodePtr expr;
};
// expr[range:step] offset d: the inner expression evaluated at every multiple of the step in
// [t - offset - range, t - offset]; step 0 means the default (1m, as promtool's engine).
struct Subquery {
  NodePtr expr;
  std::int64_t range_ms = 0;
  std::int64_t step_ms = 0;
  std::int64_t offset_ms = 0;
  AtModifier at;
};

struct Node {
  std::variant<NumberLiteral, StringLiteral, VectorSelector, MatrixSelector, BinaryExpr, UnaryExpr, Call,
               Aggregate, Paren, Subquery>
      kind;
  ValueType type = ValueType::Scalar;
  int line = 1;
  int column = 1;
};

}  // namespace drillsim::promql
