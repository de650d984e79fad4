// Text helpers shared by the runbook layer. Everything works on bytes: ASCII case folding only, any
// other byte passes through unchanged (runbooks are UTF-8; non-ASCII letters keep their case).
#pragma once

#include <cctype>
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

}  // namespace drillsim::runbook
