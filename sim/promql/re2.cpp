#include "promql/re2.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>

namespace drillsim::promql {

namespace {

[[noreturn]] void unsupported(const std::string& what) {
  throw Re2Error("RE2 " + what + " has no std::regex equivalent: outside drillsim's PromQL subset", true);
}

[[noreturn]] void invalid(const std::string& what) {
  throw Re2Error("error parsing regexp: " + what, false);
}

std::string hex_escape(unsigned c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "\\x%02x", c);
  return buf;
}

// Quotes one literal byte for ECMAScript.
std::string literal(char c) {
  static const std::string special = R"(\^$.|?*+()[]{}/-)";
  if (special.find(c) != std::string::npos) return std::string("\\") + c;
  const auto u = static_cast<unsigned char>(c);
  if (u < 0x20 || u == 0x7f) return hex_escape(u);
  return std::string(1, c);
}

class Translator {
 public:
  explicit Translator(const std::string& p) : p_(p) {}

  std::string run(bool& icase) {
    icase = false;
    // Flags that hold for the whole pattern may lead it.
    if (p_.compare(0, 2, "(?") == 0) {
      const auto close = p_.find(')');
      if (close != std::string::npos && p_.find(':', 2) > close) {
        const std::string flags = p_.substr(2, close - 2);
        bool all_flags = !flags.empty();
        for (char f : flags)
          if (std::string("imsU-").find(f) == std::string::npos) all_flags = false;
        if (all_flags) {
          for (char f : flags) {
            if (f == 'i') icase = true;
            if (f == 's') dotall_ = true;
            if (f == 'm') unsupported("flag (?m)");
            if (f == 'U') unsupported("flag (?U)");
            if (f == '-') unsupported("flag negation (?-...)");
          }
          i_ = close + 1;
        }
      }
    }
    std::string out;
    while (i_ < p_.size())
      out += atom();
    if (depth_ != 0) invalid("missing closing ): `" + p_ + "`");
    return out;
  }

 private:
  const std::string& p_;
  std::size_t i_ = 0;
  int depth_ = 0;
  bool dotall_ = false;

  std::string atom() {
    const char c = p_[i_];
    switch (c) {
      case '\\':
        return escape(false);
      case '[':
        return char_class();
      case '.':
        ++i_;
        return dotall_ ? R"([\s\S])" : R"([^\n])";
      case '(':
        return group();
      case ')':
        if (depth_ == 0) invalid("unexpected ): `" + p_ + "`");
        --depth_;
        ++i_;
        return ")";
      case '{':
        return brace();
      case '}':
        ++i_;
        return R"(\})";
      case '/':
        ++i_;
        return "/";
      default:
        ++i_;
        return std::string(1, c);
    }
  }

  std::string group() {
    ++i_;  // (
    ++depth_;
    if (i_ < p_.size() && p_[i_] == '?') {
      if (p_.compare(i_, 3, "?P<") == 0) {
        const auto close = p_.find('>', i_);
        if (close == std::string::npos) invalid("invalid named capture: `" + p_ + "`");
        i_ = close + 1;
        return "(";
      }
      if (p_.compare(i_, 2, "?:") == 0) {
        i_ += 2;
        return "(?:";
      }
      if (p_.compare(i_, 2, "?=") == 0 || p_.compare(i_, 2, "?!") == 0 || p_.compare(i_, 2, "?<") == 0)
        invalid("invalid or unsupported Perl syntax: `(?" + std::string(1, p_[i_ + 1]) + "`");
      // Flags inside the pattern, or a flag group (?i:...).
      unsupported("flags after the start of the pattern or scoped to a group (`(?i:...)`)");
    }
    return "(";
  }

  std::string brace() {
    // A repetition {n}, {n,} or {n,m}; anything else is a literal brace in RE2.
    std::size_t j = i_ + 1;
    const std::size_t digits_start = j;
    while (j < p_.size() && std::isdigit(static_cast<unsigned char>(p_[j])))
      ++j;
    bool repeat = j > digits_start;
    if (repeat && j < p_.size() && p_[j] == ',') {
      ++j;
      while (j < p_.size() && std::isdigit(static_cast<unsigned char>(p_[j])))
        ++j;
    }
    repeat = repeat && j < p_.size() && p_[j] == '}';
    if (!repeat) {
      ++i_;
      return R"(\{)";
    }
    const std::string out = p_.substr(i_, j + 1 - i_);
    i_ = j + 1;
    return out;
  }

  // An escape at i_ (a backslash). In a class, classes expand to their members.
  std::string escape(bool in_class) {
    if (i_ + 1 >= p_.size()) invalid("trailing backslash at end of expression: ``");
    const char c = p_[i_ + 1];
    i_ += 2;
    switch (c) {
      case 'd':
      case 'w':
        return std::string("\\") + c;
      case 'D':
      case 'W':
        if (in_class) unsupported("negated class \\" + std::string(1, c) + " inside [...]");
        return std::string("\\") + c;
      case 's':
        return in_class ? R"(\t\n\f\r )" : R"([\t\n\f\r ])";
      case 'S':
        if (in_class) unsupported("negated class \\S inside [...]");
        return R"([^\t\n\f\r ])";
      case 'b':
      case 'B':
        if (in_class) invalid("invalid escape sequence: `\\" + std::string(1, c) + "`");
        return std::string("\\") + c;
      case 'A':
        if (in_class) invalid("invalid escape sequence: `\\A`");
        return "^";
      case 'z':
        if (in_class) invalid("invalid escape sequence: `\\z`");
        return "$";
      case 'a':
        return hex_escape(7);
      case 'f':
      case 't':
      case 'n':
      case 'r':
      case 'v':
        return std::string("\\") + c;
      case 'x': {
        std::string digits;
        if (i_ < p_.size() && p_[i_] == '{') {
          const auto close = p_.find('}', i_);
          if (close == std::string::npos) invalid("invalid escape sequence: `\\x{`");
          digits = p_.substr(i_ + 1, close - i_ - 1);
          i_ = close + 1;
        } else {
          digits = p_.substr(i_, 2);
          i_ += 2;
        }
        if (digits.empty() || digits.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos)
          invalid("invalid escape sequence: `\\x" + digits + "`");
        const unsigned long code = std::stoul(digits, nullptr, 16);
        if (code > 0x7f)
          unsupported("code point \\x{" + digits + "} (drillsim matches bytes, not UTF-8 runes)");
        return hex_escape(static_cast<unsigned>(code));
      }
      case 'Q': {
        // Literal text up to \E.
        std::string out;
        const auto end = p_.find("\\E", i_);
        const std::string text = p_.substr(i_, end == std::string::npos ? std::string::npos : end - i_);
        for (char t : text)
          out += literal(t);
        i_ = end == std::string::npos ? p_.size() : end + 2;
        return out;
      }
      case 'p':
      case 'P':
        unsupported("Unicode class \\" + std::string(1, c));
      case 'C':
        unsupported("\\C (any byte)");
      default:
        break;
    }
    if (std::isdigit(static_cast<unsigned char>(c))) unsupported("octal escape \\" + std::string(1, c));
    if (std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80)
      invalid("invalid escape sequence: `\\" + std::string(1, c) + "`");
    return literal(c);  // an escaped punctuation character
  }

  std::string char_class() {
    ++i_;  // [
    std::string out = "[";
    if (i_ < p_.size() && p_[i_] == '^') {
      out += '^';
      ++i_;
    }
    bool first = true;
    while (true) {
      if (i_ >= p_.size()) invalid("missing closing ]: `" + p_ + "`");
      const char c = p_[i_];
      if (c == ']' && !first) {
        ++i_;
        break;
      }
      first = false;
      if (c == '[' && p_.compare(i_, 2, "[:") == 0) {
        const auto close = p_.find(":]", i_ + 2);
        if (close != std::string::npos) {
          std::string name = p_.substr(i_ + 2, close - i_ - 2);
          i_ = close + 2;
          if (!name.empty() && name[0] == '^') unsupported("negated POSIX class [:^" + name.substr(1) + ":]");
          static const char* const known[] = {"alnum", "alpha", "blank", "cntrl", "digit", "graph",
                                              "lower", "print", "punct", "space", "upper", "xdigit"};
          bool found = false;
          for (const char* k : known)
            if (name == k) found = true;
          if (found)
            out += "[:" + name + ":]";
          else if (name == "word")
            out += R"(\w)";
          else if (name == "ascii")
            out += R"(\x00-\x7f)";
          else
            invalid("invalid character class range: `[:" + name + ":]`");
          continue;
        }
      }
      if (c == '\\') {
        out += escape(true);
        continue;
      }
      ++i_;
      if (c == '-') {
        // A range dash between two members, or a literal one at either end.
        const bool at_end = i_ < p_.size() && p_[i_] == ']';
        out += (at_end || out.back() == '[' || out.back() == '^') ? R"(\-)" : "-";
        continue;
      }
      if (c == '[' || c == ']') {
        out += std::string("\\") + c;
        continue;
      }
      const auto u = static_cast<unsigned char>(c);
      out += (u < 0x20 || u == 0x7f) ? hex_escape(u) : std::string(1, c);
    }
    return out + "]";
  }
};

}  // namespace

// Go's regexp.Expand for label_replace: $1, ${1}, $name, ${name}, $$.
std::string expand_replacement(const std::string& tmpl, const std::smatch& m) {
  std::string out;
  for (std::size_t i = 0; i < tmpl.size(); ++i) {
    if (tmpl[i] != '$' || i + 1 >= tmpl.size()) {
      out += tmpl[i];
      continue;
    }
    if (tmpl[i + 1] == '$') {
      out += '$';
      ++i;
      continue;
    }
    std::string name;
    std::size_t j = i + 1;
    if (tmpl[j] == '{') {
      const auto close = tmpl.find('}', j);
      if (close == std::string::npos) {
        out += '$';
        continue;
      }
      name = tmpl.substr(j + 1, close - j - 1);
      j = close + 1;
    } else {
      while (j < tmpl.size() && (std::isalnum(static_cast<unsigned char>(tmpl[j])) || tmpl[j] == '_'))
        name += tmpl[j++];
    }
    if (name.empty()) {
      out += '$';
      continue;
    }
    // A purely numeric name is a group number; std::regex has no named groups, so others expand to "".
    if (std::all_of(name.begin(), name.end(),
                    [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
      const std::size_t g = std::strtoul(name.c_str(), nullptr, 10);
      if (g < m.size() && m[g].matched) out += m[g].str();
    }
    i = j - 1;
  }
  return out;
}

std::string translate_re2(const std::string& pattern, bool& icase) {
  return Translator(pattern).run(icase);
}

std::regex compile_re2(const std::string& pattern, bool anchored) {
  bool icase = false;
  const std::string body = translate_re2(pattern, icase);
  auto flags = std::regex::ECMAScript;
  if (icase) flags |= std::regex::icase;
  try {
    return std::regex(anchored ? "^(?:" + body + ")$" : body, flags);
  } catch (const std::regex_error& e) {
    throw Re2Error("error parsing regexp: `" + pattern + "`: " + e.what(), false);
  }
}

}  // namespace drillsim::promql
