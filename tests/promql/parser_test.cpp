#include "promql/parser.hpp"

#include <gtest/gtest.h>

namespace drillsim::promql {
namespace {

std::string error_of(const std::string& expr) {
  try {
    parse_expression(expr);
  } catch (const ParseError& e) {
    return e.what();
  }
  return "";
}

TEST(Parser, PrecedenceFollowsPrometheus) {
  // a or b and c: `and` binds tighter than `or`.
  const NodePtr n = parse_expression("a or b and c");
  const auto& top = std::get<BinaryExpr>(n->kind);
  EXPECT_EQ(top.op, "or");
  EXPECT_EQ(std::get<BinaryExpr>(top.rhs->kind).op, "and");
  // 2 ^ 3 ^ 2 is right-associative: 2 ^ (3 ^ 2).
  const NodePtr p = parse_expression("2 ^ 3 ^ 2");
  EXPECT_EQ(std::get<BinaryExpr>(std::get<BinaryExpr>(p->kind).rhs->kind).op, "^");
}

TEST(Parser, KeywordsAreCaseInsensitive) {
  const NodePtr n = parse_expression("a AND ON(instance) b");
  const auto& b = std::get<BinaryExpr>(n->kind);
  EXPECT_EQ(b.op, "and");
  EXPECT_TRUE(b.matching.on);
  EXPECT_EQ(b.matching.labels, std::vector<std::string>{"instance"});
  EXPECT_EQ(b.matching.card, VectorMatching::Card::ManyToMany);
}

TEST(Parser, AggregationGroupingBeforeOrAfter) {
  for (const char* e : {"sum by (job) (x)", "sum(x) by (job)"}) {
    const NodePtr n = parse_expression(e);
    const auto& a = std::get<Aggregate>(n->kind);
    EXPECT_EQ(a.grouping, std::vector<std::string>{"job"}) << e;
    EXPECT_FALSE(a.without);
  }
  EXPECT_NE(error_of("sum by (a) (x) by (b)"), "");
}

TEST(Parser, GroupLeftTakesIncludeLabels) {
  const NodePtr n = parse_expression("a * on(instance) group_left(team) b");
  const auto& b = std::get<BinaryExpr>(n->kind);
  EXPECT_EQ(b.matching.card, VectorMatching::Card::ManyToOne);
  EXPECT_EQ(b.matching.include, std::vector<std::string>{"team"});
}

TEST(Parser, RangeAndOffsetAndMatchers) {
  const NodePtr n = parse_expression(R"(rate({__name__=~"http_.*", code!~"2.."}[5m] offset 1m))");
  const auto& call = std::get<Call>(n->kind);
  const auto& ms = std::get<MatrixSelector>(call.args[0]->kind);
  EXPECT_EQ(ms.range_ms, 300'000);
  EXPECT_EQ(ms.vector.offset_ms, 60'000);
  ASSERT_EQ(ms.vector.matchers.size(), 2u);
  EXPECT_TRUE(ms.vector.matchers[0].matches("http_requests_total"));
  EXPECT_FALSE(ms.vector.matchers[0].matches("xhttp_"));  // anchored
  EXPECT_FALSE(ms.vector.matchers[1].matches("200"));
}

TEST(Parser, TypeErrorsNamePlaceAndExpectation) {
  EXPECT_EQ(error_of("rate(x)"),
            "1:1: expected type range vector in call to function \"rate\", got instant vector");
  EXPECT_EQ(error_of("1 > 2"), "1:3: comparisons between scalars must use BOOL modifier");
  EXPECT_EQ(error_of("sum(x"), "1:6: unexpected end of input; expected \")\"");
  EXPECT_EQ(error_of("{a=\"\"}"), "1:1: vector selector must contain at least one non-empty matcher");
  EXPECT_EQ(error_of("x\n  and 1"), "2:3: set operator \"and\" not allowed in binary scalar expression");
}

TEST(Parser, OutsideTheSubsetIsNamed) {
  EXPECT_EQ(error_of("(x)[5m]"),
            "1:4: ranges only allowed for vector selectors; write expr[range:step] for a subquery");
  EXPECT_EQ(error_of("rate(x[5m])[1h:1m]"), "");  // a subquery is in the subset
  EXPECT_EQ(error_of("holt_winters(x[5m], 0.5, 0.5)"),
            "1:1: function \"holt_winters\" is outside drillsim's PromQL subset");
  EXPECT_EQ(error_of("nosuch(x)"), "1:1: unknown function with name \"nosuch\"");
}

// The @ modifier after a selector, a range selector or a subquery, before or after offset; the
// errors are promtool 2.42's (`promtool check rules` on each expression), placed at the expression.
TEST(Parser, AtModifier) {
  {
    const NodePtr n = parse_expression("x @ 1.0005 offset 1m");
    const auto& vs = std::get<VectorSelector>(n->kind);
    EXPECT_EQ(vs.at.kind, AtModifier::Kind::Time);
    EXPECT_EQ(vs.at.t_ms, 1001);  // 1000.5 ms rounds half away from zero, as Go's math.Round
    EXPECT_EQ(vs.offset_ms, 60000);
  }
  {
    const NodePtr n = parse_expression("x offset 1m @ -100");
    const auto& vs = std::get<VectorSelector>(n->kind);
    EXPECT_EQ(vs.at.t_ms, -100000);
    EXPECT_EQ(vs.offset_ms, 60000);
  }
  EXPECT_EQ(std::get<MatrixSelector>(parse_expression("x[5m] @ END()")->kind).vector.at.kind,
            AtModifier::Kind::End);
  EXPECT_EQ(std::get<Subquery>(parse_expression("x[10m:1m] @ start()")->kind).at.kind,
            AtModifier::Kind::Start);
  EXPECT_EQ(std::get<VectorSelector>(parse_expression("x @ 0x10")->kind).at.t_ms, 16000);
  EXPECT_EQ(error_of("x @ 100 [5m]"), "1:9: no @ modifiers allowed before range");
  EXPECT_EQ(error_of("x @ 100 @ 200"), "1:1: @ <timestamp> may not be set multiple times");
  EXPECT_EQ(error_of("sum(x) @ 100"),
            "1:1: @ modifier must be preceded by an instant vector selector or range vector selector or a "
            "subquery");
  EXPECT_EQ(error_of("(x) @ 100"),
            "1:1: @ modifier must be preceded by an instant vector selector or range vector selector or a "
            "subquery");
  EXPECT_EQ(error_of("x @ Inf"), "1:1: timestamp out of bounds for @ modifier: +Inf");
  EXPECT_EQ(error_of("x @ 1e30"),
            "1:1: timestamp out of bounds for @ modifier: 1000000000000000019884624838656.000000");
  EXPECT_NE(error_of("x @ start"), "");
}

TEST(Parser, NegativeNumberLiteralIsFolded) {
  const NodePtr n = parse_expression("-5");
  EXPECT_EQ(std::get<NumberLiteral>(n->kind).value, -5);
}

TEST(Parser, SeriesDescriptionForPromtoolInput) {
  const Labels l = parse_series_labels(R"(up{job="api", instance="a"})");
  const Labels expected = {{"__name__", "up"}, {"instance", "a"}, {"job", "api"}};
  EXPECT_EQ(l, expected);
}

}  // namespace
}  // namespace drillsim::promql
