#include "promql/lexer.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace drillsim::promql {

ParseError::ParseError(int line, int column, const std::string& problem)
    : std::runtime_error(std::to_string(line) + ":" + std::to_string(column) + ": " + problem),
      line_(line),
      column_(column),
      problem_(problem) {}

namespace {

bool is_ident_start(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == ':';
}
bool is_ident_char(char c) {
  return is_ident_start(c) || std::isdigit(static_cast<unsigned char>(c));
}
bool is_digit(char c) {
  return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

std::int64_t unit_ms(std::string_view unit) {
  if (unit == "ms") return 1;
  if (unit == "s") return 1000;
  if (unit == "m") return 60'000;
  if (unit == "h") return 3'600'000;
  if (unit == "d") return 86'400'000;
  if (unit == "w") return 7 * 86'400'000LL;
  if (unit == "y") return 365 * 86'400'000LL;
  return 0;
}

// The length of a duration at the start of `text` (digits+unit, repeated), 0 if there is none.
std::size_t duration_length(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && is_digit(text[i])) {
    std::size_t j = i;
    while (j < text.size() && is_digit(text[j]))
      ++j;
    std::size_t unit = 0;
    if (text.substr(j, 2) == "ms")
      unit = 2;
    else if (j < text.size() && unit_ms(text.substr(j, 1)) != 0)
      unit = 1;
    if (unit == 0) return i;
    i = j + unit;
  }
  return i;
}

}  // namespace

std::int64_t parse_duration_ms(std::string_view text) {
  if (text.empty() || duration_length(text) != text.size()) throw std::invalid_argument("not a duration");
  // Units must come largest first, each at most once (Prometheus' model.ParseDuration).
  std::int64_t total = 0;
  std::int64_t last_unit = std::numeric_limits<std::int64_t>::max();
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t j = i;
    while (is_digit(text[j]))
      ++j;
    const std::size_t ulen = text.substr(j, 2) == "ms" ? 2 : 1;
    const std::int64_t unit = unit_ms(text.substr(j, ulen));
    if (unit >= last_unit) throw std::invalid_argument("duration units out of order");
    last_unit = unit;
    std::int64_t n = 0;
    std::from_chars(text.data() + i, text.data() + j, n);
    total += n * unit;
    i = j + ulen;
  }
  return total;
}

std::string format_duration(std::int64_t ms) {
  if (ms == 0) return "0s";
  std::string out;
  if (ms < 0) {
    out = "-";
    ms = -ms;
  }
  const std::pair<const char*, std::int64_t> units[] = {{"y", 365 * 86'400'000LL},
                                                        {"w", 7 * 86'400'000LL},
                                                        {"d", 86'400'000},
                                                        {"h", 3'600'000},
                                                        {"m", 60'000},
                                                        {"s", 1000},
                                                        {"ms", 1}};
  for (const auto& [name, size] : units) {
    if (ms >= size) {
      out += std::to_string(ms / size) + name;
      ms %= size;
    }
  }
  return out;
}

std::vector<Token> lex(std::string_view in) {
  std::vector<Token> tokens;
  int line = 1;
  int col = 1;
  std::size_t i = 0;
  auto advance = [&](std::size_t n) {
    for (std::size_t k = 0; k < n; ++k) {
      if (in[i] == '\n') {
        ++line;
        col = 1;
      } else {
        ++col;
      }
      ++i;
    }
  };
  while (i < in.size()) {
    const char c = in[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      advance(1);
      continue;
    }
    if (c == '#') {
      while (i < in.size() && in[i] != '\n')
        advance(1);
      continue;
    }
    Token t;
    t.line = line;
    t.column = col;
    const std::string_view rest = in.substr(i);
    auto simple = [&](TokenKind kind, std::size_t n) {
      t.kind = kind;
      t.text = std::string(rest.substr(0, n));
      advance(n);
      tokens.push_back(t);
    };
    if (is_digit(c) || (c == '.' && rest.size() > 1 && is_digit(rest[1]))) {
      const std::size_t dlen = duration_length(rest);
      if (dlen > 0 && (dlen == rest.size() || rest[dlen] == ':' || !is_ident_char(rest[dlen]))) {
        t.kind = TokenKind::Duration;
        t.text = std::string(rest.substr(0, dlen));
        try {
          t.duration_ms = parse_duration_ms(t.text);
        } catch (const std::invalid_argument&) {
          throw ParseError(line, col,
                           "bad duration \"" + t.text + "\": units must go from largest to smallest");
        }
        advance(dlen);
        tokens.push_back(t);
        continue;
      }
      std::size_t n = 0;
      if (rest.size() > 2 && rest[0] == '0' && (rest[1] == 'x' || rest[1] == 'X')) {
        n = 2;
        while (n < rest.size() && std::isxdigit(static_cast<unsigned char>(rest[n])))
          ++n;
        t.number =
            static_cast<double>(std::strtoull(std::string(rest.substr(2, n - 2)).c_str(), nullptr, 16));
      } else {
        while (n < rest.size() && is_digit(rest[n]))
          ++n;
        if (n < rest.size() && rest[n] == '.') {
          ++n;
          while (n < rest.size() && is_digit(rest[n]))
            ++n;
        }
        if (n < rest.size() && (rest[n] == 'e' || rest[n] == 'E')) {
          std::size_t m = n + 1;
          if (m < rest.size() && (rest[m] == '+' || rest[m] == '-')) ++m;
          if (m < rest.size() && is_digit(rest[m])) {
            n = m;
            while (n < rest.size() && is_digit(rest[n]))
              ++n;
          }
        }
        t.number = std::strtod(std::string(rest.substr(0, n)).c_str(), nullptr);
      }
      if (n < rest.size() && is_ident_char(rest[n]))
        throw ParseError(line, col,
                         "bad number or duration syntax: \"" + std::string(rest.substr(0, n + 1)) + "\"");
      t.kind = TokenKind::Number;
      t.text = std::string(rest.substr(0, n));
      advance(n);
      tokens.push_back(t);
      continue;
    }
    // A colon right after a range's duration starts a subquery step, not a metric name.
    const bool after_duration = !tokens.empty() && tokens.back().kind == TokenKind::Duration;
    if (is_ident_start(c) && !(c == ':' && after_duration)) {
      std::size_t n = 1;
      while (n < rest.size() && is_ident_char(rest[n]))
        ++n;
      t.text = std::string(rest.substr(0, n));
      std::string lower;
      for (const char ch : t.text)
        lower += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      if (lower == "inf" || lower == "nan") {
        t.kind = TokenKind::Number;
        t.number = lower == "inf" ? std::numeric_limits<double>::infinity() : std::nan("");
      } else {
        t.kind = TokenKind::Identifier;
      }
      advance(n);
      tokens.push_back(t);
      continue;
    }
    if (c == '"' || c == '\'' || c == '`') {
      std::string value;
      std::size_t n = 1;
      for (;;) {
        if (n >= rest.size() || (c != '`' && rest[n] == '\n'))
          throw ParseError(line, col, "unterminated string");
        const char d = rest[n];
        if (d == c) break;
        if (d == '\\' && c != '`') {
          if (n + 1 >= rest.size()) throw ParseError(line, col, "unterminated string");
          const char e = rest[n + 1];
          switch (e) {
            case 'n':
              value += '\n';
              break;
            case 't':
              value += '\t';
              break;
            case 'r':
              value += '\r';
              break;
            case '\\':
              value += '\\';
              break;
            case '"':
              value += '"';
              break;
            case '\'':
              value += '\'';
              break;
            case 'a':
              value += '\a';
              break;
            case 'b':
              value += '\b';
              break;
            case 'f':
              value += '\f';
              break;
            case 'v':
              value += '\v';
              break;
            default:
              throw ParseError(line, col + static_cast<int>(n),
                               std::string("unknown escape sequence \\") + e);
          }
          n += 2;
          continue;
        }
        value += d;
        ++n;
      }
      t.kind = TokenKind::String;
      t.text = value;
      advance(n + 1);
      tokens.push_back(t);
      continue;
    }
    const std::string_view two = rest.substr(0, 2);
    if (two == "==" || two == "!=" || two == "<=" || two == ">=") {
      simple(TokenKind::Operator, 2);
      continue;
    }
    if (two == "=~") {
      simple(TokenKind::RegexMatch, 2);
      continue;
    }
    if (two == "!~") {
      simple(TokenKind::RegexNoMatch, 2);
      continue;
    }
    switch (c) {
      case '(':
        simple(TokenKind::LeftParen, 1);
        continue;
      case ')':
        simple(TokenKind::RightParen, 1);
        continue;
      case '{':
        simple(TokenKind::LeftBrace, 1);
        continue;
      case '}':
        simple(TokenKind::RightBrace, 1);
        continue;
      case '[':
        simple(TokenKind::LeftBracket, 1);
        continue;
      case ']':
        simple(TokenKind::RightBracket, 1);
        continue;
      case ',':
        simple(TokenKind::Comma, 1);
        continue;
      case ':':
        simple(TokenKind::Colon, 1);
        continue;
      case '@':
        simple(TokenKind::At, 1);
        continue;
      case '=':
        simple(TokenKind::Assign, 1);
        continue;
      case '+':
      case '-':
      case '*':
      case '/':
      case '%':
      case '^':
      case '<':
      case '>':
        simple(TokenKind::Operator, 1);
        continue;
      default:
        break;
    }
    throw ParseError(line, col, std::string("unexpected character '") + c + "'");
  }
  Token end;
  end.kind = TokenKind::End;
  end.line = line;
  end.column = col;
  tokens.push_back(end);
  return tokens;
}

}  // namespace drillsim::promql
