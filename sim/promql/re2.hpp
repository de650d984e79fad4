// RE2 regular expressions (Go's regexp, as Prometheus 2.42 compiles label matchers and template
// regexes) mapped onto std::regex's ECMAScript grammar. What maps exactly is translated: a leading
// `(?i)` / `(?s)`, `(?P<name>...)`, `\A`, `\z`, `\Q...\E`, `\s` (RE2's ASCII white space),
// `[[:word:]]` and the other POSIX classes, `\a`, `\x{7f}`, a literal `{` or a leading `]` in a
// class, and `.` (every byte but `\n`). What does not is refused with the feature named: Unicode
// classes (`\pL`), flags after the start or scoped flags (`(?i:x)`), `(?m)`, `(?U)`, `\C`, octal
// escapes, code points above 0x7f. Patterns RE2 itself rejects (look-arounds, backreferences) are
// invalid.
#pragma once

#include <regex>
#include <stdexcept>
#include <string>

namespace drillsim::promql {

class Re2Error : public std::runtime_error {
 public:
  Re2Error(const std::string& message, bool unsupported)
      : std::runtime_error(message), unsupported_(unsupported) {}
  bool unsupported() const { return unsupported_; }

 private:
  bool unsupported_;
};

// `anchored`: the whole string must match (Prometheus' `^(?:re)$` for label matchers and
// label_replace); otherwise a match anywhere counts (Go's regexp.MatchString, ReplaceAllString).
// Throws Re2Error.
std::regex compile_re2(const std::string& pattern, bool anchored);

// The ECMAScript text compile_re2 builds (without the anchoring), and whether it ignores case.
std::string translate_re2(const std::string& pattern, bool& icase);

// Go's regexp.Expand, as label_replace and reReplaceAll use it: $1, ${1}, $$; a name that is not a
// group number expands to "" (named groups are numbered groups here).
std::string expand_replacement(const std::string& tmpl, const std::smatch& m);

}  // namespace drillsim::promql
