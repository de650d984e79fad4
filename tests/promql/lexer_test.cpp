#include "promql/lexer.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace drillsim::promql {
namespace {

TEST(Lexer, NumbersAndDurationsAsPrometheusWritesThem) {
  const auto t = lex("0x1f 1e3 .5 Inf nan 1h30m 250ms");
  ASSERT_EQ(t.size(), 8u);
  EXPECT_EQ(t[0].kind, TokenKind::Number);
  EXPECT_EQ(t[0].number, 31);
  EXPECT_EQ(t[1].number, 1000);
  EXPECT_EQ(t[2].number, 0.5);
  EXPECT_TRUE(std::isinf(t[3].number));
  EXPECT_TRUE(std::isnan(t[4].number));
  EXPECT_EQ(t[5].kind, TokenKind::Duration);
  EXPECT_EQ(t[5].duration_ms, 90 * 60 * 1000);  // 1h + 30m
  EXPECT_EQ(t[6].duration_ms, 250);
  EXPECT_EQ(t[7].kind, TokenKind::End);
}

TEST(Lexer, LinesAndColumnsAreOneBased) {
  const auto t = lex("a\n  + b");
  EXPECT_EQ(t[1].line, 2);
  EXPECT_EQ(t[1].column, 3);
  EXPECT_EQ(t[2].column, 5);
}

TEST(Lexer, StringsWithEscapesAndRawStrings) {
  const auto t = lex(R"("a\"b" 'c' `d\n`)");
  EXPECT_EQ(t[0].text, "a\"b");
  EXPECT_EQ(t[1].text, "c");
  EXPECT_EQ(t[2].text, "d\\n");  // raw: no escapes
}

TEST(Lexer, BadCharacterNamesItsPlace) {
  try {
    lex("up $");
    FAIL() << "expected a ParseError";
  } catch (const ParseError& e) {
    EXPECT_EQ(e.line(), 1);
    EXPECT_EQ(e.column(), 4);
  }
}

TEST(Lexer, DurationUnitsMustGoFromLargestToSmallest) {
  EXPECT_EQ(parse_duration_ms("1d2h"), (24 + 2) * 3'600'000LL);
  EXPECT_THROW(parse_duration_ms("2h1d"), std::invalid_argument);
  EXPECT_THROW(parse_duration_ms("5"), std::invalid_argument);
}

TEST(Lexer, FormatDurationLikeModelDuration) {
  EXPECT_EQ(format_duration(0), "0s");
  EXPECT_EQ(format_duration(90'000), "1m30s");
  EXPECT_EQ(format_duration(3'600'000 + 500), "1h500ms");
}

}  // namespace
}  // namespace drillsim::promql
