// The PromQL parser for drillsim's subset (docs/detection.md, "PromQL subset"): builds an AST
// with static types and rejects, naming the feature, whatever the subset leaves out (`@`,
// functions outside the list). Operator precedence and typing follow Prometheus 2.42.
#pragma once

#include <string_view>

#include "promql/ast.hpp"
#include "promql/lexer.hpp"

namespace drillsim::promql {

// Parses `expression`; throws ParseError with line, column and what was expected.
NodePtr parse_expression(std::string_view expression);

// Parses a series description as promtool's input_series writes it: `name{label="v", ...}`
// (equality matchers only). Throws ParseError.
Labels parse_series_labels(std::string_view text);

// Whether `name` is a function of the subset.
bool is_supported_function(const std::string& name);

}  // namespace drillsim::promql
