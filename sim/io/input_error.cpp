#include "io/input_error.hpp"

#include <cstdio>
#include <utility>

namespace drillsim::io {

namespace {

constexpr std::size_t kMaxFileChars = 200;
constexpr std::size_t kMaxWhereChars = 200;
constexpr std::size_t kMaxProblemChars = 1000;

// `text` cut to `max` bytes ("..." at the end when cut, never inside a UTF-8 sequence).
std::string cut(std::string text, std::size_t max) {
  if (text.size() <= max) return text;
  std::size_t at = max - 3;
  while (at > 0 && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80)
    --at;
  text.resize(at);
  return text + "...";
}

std::string format_message(const std::string& file, const std::string& where, const std::string& problem) {
  const std::string shown_file = cut(printable(file), kMaxFileChars);
  const std::string shown_problem = cut(printable(problem), kMaxProblemChars);
  if (where.empty()) return shown_file + ": " + shown_problem;
  return shown_file + ":" + cut(printable(where), kMaxWhereChars) + ": " + shown_problem;
}

}  // namespace

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  char buffer[8];
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7F) {
      std::snprintf(buffer, sizeof buffer, "\\x%02x", c);
      out += buffer;
    } else if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
      // A C1 control character in UTF-8 (U+0080 to U+009F; U+009B is a terminal's CSI).
      std::snprintf(buffer, sizeof buffer, "\\u%04x", static_cast<unsigned char>(text[i + 1]));
      out += buffer;
      ++i;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

InputError::InputError(std::string file, std::string where, std::string problem)
    : std::runtime_error(format_message(file, where, problem)),
      file_(std::move(file)),
      where_(std::move(where)),
      problem_(std::move(problem)) {}

}  // namespace drillsim::io
