// Text helpers shared by the runbook layer. Everything works on bytes: ASCII case folding only, any
// other byte passes through unchanged (runbooks are UTF-8; non-ASCII letters keep their case).
#pragma once

#include <cctype>
#include <optional>
#include <string>
#include <string_view>

namespace drillsim::runbook {

// `text` with ASCII letters in lower case.
inline std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Whether `needle` occurs in `haystack` (the caller folds case first when it needs to).
inline bool has(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

// `text` without leading and trailing white space.
inline std::string trim(std::string_view text) {
  std::size_t b = 0, e = text.size();
  while (b < e && std::isspace(static_cast<unsigned char>(text[b])))
    ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(text[e - 1])))
    --e;
  return std::string(text.substr(b, e - b));
}

// `text` on one line (line breaks and tabs as spaces), cut at `max` bytes with "...", trimmed.
inline std::string one_line(std::string_view text, std::size_t max = 100) {
  std::string out;
  for (const char c : text) {
    if (out.size() >= max) {
      out += "...";
      break;
    }
    out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  }
  return trim(out);
}

// The number after a word such as "level" or "step" ("Level 2:", "step3"), if the word is there.
inline std::optional<int> number_after(std::string_view text_lower, std::string_view word) {
  for (std::size_t at = text_lower.find(word); at != std::string_view::npos;
       at = text_lower.find(word, at + 1)) {
    if (at > 0 && std::isalpha(static_cast<unsigned char>(text_lower[at - 1]))) continue;
    std::size_t i = at + word.size();
    while (i < text_lower.size() && (text_lower[i] == ' ' || text_lower[i] == '#' || text_lower[i] == '-'))
      ++i;
    int value = 0, digits = 0;
    while (i < text_lower.size() && std::isdigit(static_cast<unsigned char>(text_lower[i])) && digits < 4) {
      value = value * 10 + (text_lower[i] - '0');
      ++i;
      ++digits;
    }
    if (digits > 0) return value;
  }
  return std::nullopt;
}

}  // namespace drillsim::runbook
