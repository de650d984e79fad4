// The PromQL lexer: turns an expression into tokens with their line and column (1-based), so that
// every parse error can say where it is. Numbers and durations are lexed as Prometheus does
// (`0x1f`, `1e3`, `.5`, `Inf`, `NaN`; `1h30m`, `90s`, `1d`, `1w`, `1y`, `250ms`).
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace drillsim::promql {

// A parse (or lex) error at a place in the expression. `what()` is "line:col: problem".
class ParseError : public std::runtime_error {
 public:
  ParseError(int line, int column, const std::string& problem);
  int line() const { return line_; }
  int column() const { return column_; }
  const std::string& problem() const { return problem_; }

 private:
  int line_;
  int column_;
  std::string problem_;
};

enum class TokenKind {
  Identifier,  // metric names, label names, function names and keywords (case kept)
  Number,
  Duration,
  String,
  LeftParen,
  RightParen,
  LeftBrace,
  RightBrace,
  LeftBracket,
  RightBracket,
  Comma,
  Colon,
  At,
  Assign,        // =
  Operator,      // + - * / % ^ == != < <= > >=
  RegexMatch,    // =~
  RegexNoMatch,  // !~
  End,
};

struct Token {
  TokenKind kind = TokenKind::End;
  std::string text;              // the source text (a string's unquoted value for String)
  double number = 0;             // Number
  std::int64_t duration_ms = 0;  // Duration
  int line = 1;
  int column = 1;
};

// Throws ParseError on a character or literal that PromQL does not have.
std::vector<Token> lex(std::string_view expression);

// Parses a Prometheus duration (`5m`, `1h30m`, `250ms`); throws std::invalid_argument otherwise.
std::int64_t parse_duration_ms(std::string_view text);
// Formats milliseconds as Prometheus' model.Duration does (`1h30m`, `5m`, `0s`, `1d`).
std::string format_duration(std::int64_t ms);

}  // namespace drillsim::promql
