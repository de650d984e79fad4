#include "promql/go_template.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <map>
#include <regex>
#include <variant>
#include <vector>

#include "promql/re2.hpp"

namespace drillsim::promql {

// ---------------------------------------------------------------------------------------------
// Values

namespace {

struct Sample {
  Labels labels;
  double value = 0;
};

struct TValue {
  enum class Kind { Nil, Bool, Int, Float, String, Map, Data, Sample, Samples };
  Kind kind = Kind::Nil;
  bool b = false;
  std::int64_t i = 0;
  double f = 0;
  std::string s;
  Labels map;  // Map; Sample's labels
  std::shared_ptr<const std::vector<Sample>> samples;

  static TValue of_bool(bool v) {
    TValue t;
    t.kind = Kind::Bool;
    t.b = v;
    return t;
  }
  static TValue of_int(std::int64_t v) {
    TValue t;
    t.kind = Kind::Int;
    t.i = v;
    return t;
  }
  static TValue of_float(double v) {
    TValue t;
    t.kind = Kind::Float;
    t.f = v;
    return t;
  }
  static TValue of_string(std::string v) {
    TValue t;
    t.kind = Kind::String;
    t.s = std::move(v);
    return t;
  }
  static TValue of_map(Labels v) {
    TValue t;
    t.kind = Kind::Map;
    t.map = std::move(v);
    return t;
  }
};

const char* go_type(const TValue& v) {
  switch (v.kind) {
    case TValue::Kind::Nil:
      return "nil";
    case TValue::Kind::Bool:
      return "bool";
    case TValue::Kind::Int:
      return "int";
    case TValue::Kind::Float:
      return "float64";
    case TValue::Kind::String:
      return "string";
    case TValue::Kind::Map:
      return "map[string]string";
    case TValue::Kind::Data:
      return "*template.tmplData";
    case TValue::Kind::Sample:
      return "*template.sample";
    case TValue::Kind::Samples:
      return "template.queryResult";
  }
  return "?";
}

struct RunError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string format_c(const char* spec, double v) {
  char buf[512];
  std::snprintf(buf, sizeof buf, spec, v);
  return buf;
}

std::string go_special(double v) {
  if (std::isnan(v)) return "NaN";
  return v > 0 ? "+Inf" : "-Inf";
}

std::string print_value(const TValue& v) {
  switch (v.kind) {
    case TValue::Kind::Nil:
      return "<no value>";
    case TValue::Kind::Bool:
      return v.b ? "true" : "false";
    case TValue::Kind::Int:
      return std::to_string(v.i);
    case TValue::Kind::Float:
      return format_float_g(v.f);
    case TValue::Kind::String:
      return v.s;
    case TValue::Kind::Map: {
      // fmt prints a map with its keys sorted: map[a:1 b:2].
      Labels sorted = v.map;
      std::sort(sorted.begin(), sorted.end());
      std::string out = "map[";
      for (std::size_t k = 0; k < sorted.size(); ++k) {
        if (k > 0) out += ' ';
        out += sorted[k].first + ":" + sorted[k].second;
      }
      return out + "]";
    }
    default:
      // Go would print a pointer's address, which no test can expect.
      throw RunError(std::string("printing a ") + go_type(v) +
                     " (Go prints its address) is outside drillsim's subset");
  }
}

bool truth(const TValue& v) {
  switch (v.kind) {
    case TValue::Kind::Nil:
      return false;
    case TValue::Kind::Bool:
      return v.b;
    case TValue::Kind::Int:
      return v.i != 0;
    case TValue::Kind::Float:
      return v.f != 0;
    case TValue::Kind::String:
      return !v.s.empty();
    case TValue::Kind::Map:
      return !v.map.empty();
    case TValue::Kind::Samples:
      return !v.samples->empty();
    default:
      return true;
  }
}

double to_float(const TValue& v) {
  // Prometheus' convertToFloat.
  switch (v.kind) {
    case TValue::Kind::Float:
      return v.f;
    case TValue::Kind::Int:
      return static_cast<double>(v.i);
    case TValue::Kind::String: {
      const std::string& s = v.s;
      if (s == "+Inf" || s == "Inf" || s == "inf" || s == "+inf") return HUGE_VAL;
      if (s == "-Inf" || s == "-inf") return -HUGE_VAL;
      if (s == "NaN" || s == "nan") return std::nan("");
      char* end = nullptr;
      const double d = std::strtod(s.c_str(), &end);
      if (s.empty() || end != s.c_str() + s.size() || std::isspace(static_cast<unsigned char>(s[0])))
        throw RunError("strconv.ParseFloat: parsing \"" + s + "\": invalid syntax");
      return d;
    }
    default:
      throw RunError(std::string("can't convert ") + go_type(v) + " to float");
  }
}

}  // namespace

std::string go_format_g4(double v) {
  if (std::isnan(v) || std::isinf(v)) return go_special(v);
  return format_c("%.4g", v);
}

std::string humanize(double v) {
  if (v == 0 || std::isnan(v) || std::isinf(v)) return go_format_g4(v);
  std::string prefix;
  if (std::fabs(v) >= 1) {
    for (const char* p : {"k", "M", "G", "T", "P", "E", "Z", "Y"}) {
      if (std::fabs(v) < 1000) break;
      prefix = p;
      v /= 1000;
    }
    return go_format_g4(v) + prefix;
  }
  for (const char* p : {"m", "u", "n", "p", "f", "a", "z", "y"}) {
    if (std::fabs(v) >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return go_format_g4(v) + prefix;
}

std::string humanize1024(double v) {
  if (std::fabs(v) <= 1 || std::isnan(v) || std::isinf(v)) return go_format_g4(v);
  std::string prefix;
  for (const char* p : {"ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"}) {
    if (std::fabs(v) < 1024) break;
    prefix = p;
    v /= 1024;
  }
  return go_format_g4(v) + prefix;
}

std::string humanize_duration(double v) {
  if (std::isnan(v) || std::isinf(v)) return go_format_g4(v);
  if (v == 0) return go_format_g4(v) + "s";
  if (std::fabs(v) >= 1) {
    std::string sign;
    if (v < 0) {
      sign = "-";
      v = -v;
    }
    const auto duration = static_cast<std::int64_t>(v);
    const std::int64_t seconds = duration % 60;
    const std::int64_t minutes = (duration / 60) % 60;
    const std::int64_t hours = (duration / 60 / 60) % 24;
    const std::int64_t days = duration / 60 / 60 / 24;
    const auto n = [](std::int64_t x) { return std::to_string(x); };
    if (days != 0) return sign + n(days) + "d " + n(hours) + "h " + n(minutes) + "m " + n(seconds) + "s";
    if (hours != 0) return sign + n(hours) + "h " + n(minutes) + "m " + n(seconds) + "s";
    if (minutes != 0) return sign + n(minutes) + "m " + n(seconds) + "s";
    return sign + go_format_g4(v) + "s";
  }
  std::string prefix;
  for (const char* p : {"m", "u", "n", "p", "f", "a", "z", "y"}) {
    if (std::fabs(v) >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return go_format_g4(v) + prefix + "s";
}

std::string humanize_percentage(double v) {
  return go_format_g4(v * 100) + "%";
}

namespace {

std::string humanize_timestamp(double v) {
  if (std::isnan(v) || std::isinf(v)) return go_format_g4(v);
  // Go's time.Time.String() of the UTC instant: 2006-01-02 15:04:05.999999999 +0000 UTC.
  const double whole = std::floor(v);
  auto nanos = static_cast<std::int64_t>(std::llround((v - whole) * 1e9));
  auto secs = static_cast<std::time_t>(whole);
  if (nanos >= 1000000000) {
    ++secs;
    nanos -= 1000000000;
  }
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  std::string out = buf;
  if (nanos != 0) {
    char frac[32];
    std::snprintf(frac, sizeof frac, ".%09lld", static_cast<long long>(nanos));
    std::string f = frac;
    while (f.back() == '0')
      f.pop_back();
    out += f;
  }
  return out + " +0000 UTC";
}

std::string go_title(const std::string& s) {
  // strings.Title: a letter after a separator (anything but a letter, digit, '_' or a non-ASCII
  // byte) is upper-cased.
  std::string out = s;
  bool prev_sep = true;
  for (char& c : out) {
    const auto u = static_cast<unsigned char>(c);
    if (prev_sep && std::isalpha(u)) c = static_cast<char>(std::toupper(u));
    prev_sep = !(std::isalnum(u) || c == '_' || u >= 0x80);
  }
  return out;
}

std::string go_quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (u < 0x20 || u == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", u);
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string bad_verb(char verb, const TValue& v) {
  std::string shown;
  if (v.kind == TValue::Kind::Nil) return std::string("%!") + verb + "(<nil>)";
  shown = v.kind == TValue::Kind::String ? v.s : print_value(v);
  return std::string("%!") + verb + "(" + go_type(v) + "=" + shown + ")";
}

// fmt.Sprintf for the verbs templates use: %v %s %q %d %f %F %e %E %g %G %x %X %t %%, with flags,
// width and precision.
std::string go_sprintf(const std::string& format, const std::vector<TValue>& args) {
  std::string out;
  std::size_t next = 0;
  for (std::size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%') {
      out += format[i];
      continue;
    }
    std::size_t j = i + 1;
    std::string flags;
    while (j < format.size() && std::string("+-# 0").find(format[j]) != std::string::npos)
      flags += format[j++];
    std::string width;
    while (j < format.size() && std::isdigit(static_cast<unsigned char>(format[j])))
      width += format[j++];
    std::string precision;
    bool has_precision = false;
    if (j < format.size() && format[j] == '.') {
      has_precision = true;
      ++j;
      while (j < format.size() && std::isdigit(static_cast<unsigned char>(format[j])))
        precision += format[j++];
    }
    if (j >= format.size()) {
      out += "%!(NOVERB)";
      break;
    }
    const char verb = format[j];
    i = j;
    if (verb == '%') {
      out += '%';
      continue;
    }
    if (next >= args.size()) {
      out += std::string("%!") + verb + "(MISSING)";
      continue;
    }
    const TValue& a = args[next++];
    const std::string spec_prefix = "%" + flags + width + (has_precision ? "." + precision : "");
    const auto pad = [&](const std::string& s) {
      char buf[1024];
      std::snprintf(
          buf, sizeof buf,
          ("%" + std::string(flags.find('-') != std::string::npos ? "-" : "") + width + "s").c_str(),
          s.c_str());
      return std::string(buf);
    };
    using K = TValue::Kind;
    switch (verb) {
      case 'v':
        if (a.kind == K::Float && !has_precision)
          out += pad(std::isfinite(a.f) ? format_float_g(a.f) : go_special(a.f));
        else
          out += pad(a.kind == K::Nil ? "<nil>" : print_value(a));
        break;
      case 's':
        if (a.kind == K::String) {
          std::string s = a.s;
          if (has_precision) s = s.substr(0, std::stoul(precision.empty() ? "0" : precision));
          out += pad(s);
        } else {
          out += bad_verb(verb, a);
        }
        break;
      case 'q':
        out += a.kind == K::String ? pad(go_quote(a.s)) : bad_verb(verb, a);
        break;
      case 't':
        out += a.kind == K::Bool ? pad(a.b ? "true" : "false") : bad_verb(verb, a);
        break;
      case 'd':
        if (a.kind == K::Int) {
          char buf[128];
          std::snprintf(buf, sizeof buf, (spec_prefix + "lld").c_str(), static_cast<long long>(a.i));
          out += buf;
        } else {
          out += bad_verb(verb, a);
        }
        break;
      case 'x':
      case 'X':
        if (a.kind == K::Int) {
          char buf[128];
          std::snprintf(buf, sizeof buf, (spec_prefix + "ll" + std::string(1, verb)).c_str(),
                        static_cast<long long>(a.i));
          out += buf;
        } else if (a.kind == K::String) {
          std::string hex;
          for (char c : a.s) {
            char buf[4];
            std::snprintf(buf, sizeof buf, verb == 'x' ? "%02x" : "%02X", static_cast<unsigned char>(c));
            hex += buf;
          }
          out += pad(hex);
        } else {
          out += bad_verb(verb, a);
        }
        break;
      case 'f':
      case 'F':
      case 'e':
      case 'E':
      case 'g':
      case 'G': {
        if (a.kind != K::Float) {
          out += bad_verb(verb, a);
          break;
        }
        if (!std::isfinite(a.f)) {
          out += pad(go_special(a.f));
          break;
        }
        if ((verb == 'g' || verb == 'G') && !has_precision) {
          // Go's %g without a precision is %v: the shortest digits.
          std::string s = format_float_g(a.f);
          if (verb == 'G')
            for (char& c : s)
              c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
          out += pad(flags.find('+') != std::string::npos && a.f >= 0 ? "+" + s : s);
          break;
        }
        char buf[512];
        std::snprintf(buf, sizeof buf, (spec_prefix + std::string(1, verb == 'F' ? 'f' : verb)).c_str(), a.f);
        out += buf;
        break;
      }
      default:
        throw RunError(std::string("printf verb %") + verb + " is outside drillsim's subset");
    }
  }
  if (next < args.size()) {
    out += "%!(EXTRA ";
    for (std::size_t k = next; k < args.size(); ++k) {
      if (k > next) out += ", ";
      out += std::string(go_type(args[k])) + "=" +
             (args[k].kind == TValue::Kind::String ? args[k].s : print_value(args[k]));
    }
    out += ")";
  }
  return out;
}

// fmt.Sprint: spaces between operands when neither is a string.
std::string go_sprint(const std::vector<TValue>& args, bool ln) {
  std::string out;
  for (std::size_t k = 0; k < args.size(); ++k) {
    const bool is_string = args[k].kind == TValue::Kind::String;
    if (k > 0 && (ln || (!is_string && args[k - 1].kind != TValue::Kind::String))) out += ' ';
    out += args[k].kind == TValue::Kind::Nil ? "<nil>" : print_value(args[k]);
  }
  if (ln) out += '\n';
  return out;
}

// ---------------------------------------------------------------------------------------------
// Parse tree

struct Pipeline;

struct Arg {
  enum class Kind { Dot, Field, Variable, Function, String, Number, Bool, Nil, Pipe };
  Kind kind = Kind::Nil;
  std::string name;                 // Variable ($x), Function (humanize), String / Number text
  std::vector<std::string> fields;  // .A.B after dot, a variable or a parenthesized pipeline
  bool b = false;
  std::shared_ptr<Pipeline> pipe;
};

struct Command {
  std::vector<Arg> args;
};

struct Pipeline {
  std::vector<std::string> decl;  // declared variables
  bool assign = false;            // `=` rather than `:=`
  std::vector<Command> cmds;
};

struct Node;
using NodeList = std::vector<Node>;

struct Node {
  enum class Kind { Text, Action, If, With, Range };
  Kind kind = Kind::Text;
  std::string text;
  Pipeline pipe;
  NodeList list;
  NodeList else_list;
};

// Prometheus' functions and Go's builtins known to promtool 2.42; those marked false are
// Prometheus functions drillsim does not evaluate.
const std::map<std::string, bool>& known_functions() {
  static const std::map<std::string, bool> f = {{"and", true},
                                                {"or", true},
                                                {"not", true},
                                                {"eq", true},
                                                {"ne", true},
                                                {"lt", true},
                                                {"le", true},
                                                {"gt", true},
                                                {"ge", true},
                                                {"len", true},
                                                {"index", true},
                                                {"print", true},
                                                {"printf", true},
                                                {"println", true},
                                                {"html", true},
                                                {"urlquery", true},
                                                {"js", false},
                                                {"call", false},
                                                {"slice", false},
                                                {"query", true},
                                                {"first", true},
                                                {"label", true},
                                                {"value", true},
                                                {"strvalue", true},
                                                {"args", false},
                                                {"reReplaceAll", true},
                                                {"safeHtml", true},
                                                {"match", true},
                                                {"title", true},
                                                {"toUpper", true},
                                                {"toLower", true},
                                                {"graphLink", false},
                                                {"tableLink", false},
                                                {"sortByLabel", true},
                                                {"humanize", true},
                                                {"humanize1024", true},
                                                {"humanizeDuration", true},
                                                {"humanizePercentage", true},
                                                {"humanizeTimestamp", true},
                                                {"toTime", false},
                                                {"pathPrefix", true},
                                                {"externalURL", true},
                                                {"parseDuration", false},
                                                {"stripPort", false}};
  return f;
}

class Parser {
 public:
  explicit Parser(const std::string& text) : t_(text) {}

  NodeList parse() {
    NodeList list;
    const std::string end = parse_list(list);
    if (!end.empty()) fail("unexpected {{" + end + "}}");
    return list;
  }

 private:
  const std::string& t_;
  std::size_t pos_ = 0;
  bool trim_next_ = false;
  std::vector<std::string> vars_{"$", "$labels", "$externalLabels", "$externalURL", "$value"};

  [[noreturn]] void fail(const std::string& what) const { throw TemplateError("template: " + what, false); }
  [[noreturn]] void unsupported(const std::string& what) const {
    throw TemplateError("template: " + what + " is outside drillsim's template subset", true);
  }

  // Reads nodes until an {{end}} / {{else...}} (returned: "end", "else", "else if", "else with")
  // or the end of the text ("").
  std::string parse_list(NodeList& list) {
    while (pos_ < t_.size()) {
      const auto open = t_.find("{{", pos_);
      std::string text = t_.substr(pos_, open == std::string::npos ? std::string::npos : open - pos_);
      if (trim_next_) {
        const auto first = text.find_first_not_of(" \t\r\n");
        text = first == std::string::npos ? "" : text.substr(first);
        trim_next_ = false;
      }
      if (open == std::string::npos) {
        pos_ = t_.size();
        if (!text.empty()) list.push_back({Node::Kind::Text, text, {}, {}, {}});
        break;
      }
      std::size_t p = open + 2;
      if (t_.compare(p, 2, "- ") == 0 || t_.compare(p, 2, "-\t") == 0 || t_.compare(p, 2, "-\n") == 0 ||
          t_.compare(p, 2, "-\r") == 0) {
        const auto last = text.find_last_not_of(" \t\r\n");
        text = last == std::string::npos ? "" : text.substr(0, last + 1);
        p += 1;
      }
      if (!text.empty()) list.push_back({Node::Kind::Text, text, {}, {}, {}});
      pos_ = p;
      const std::string keyword = action(list);
      if (!keyword.empty()) return keyword;
    }
    return "";
  }

  void skip_space() {
    while (pos_ < t_.size() && (t_[pos_] == ' ' || t_[pos_] == '\t' || t_[pos_] == '\r' || t_[pos_] == '\n'))
      ++pos_;
  }

  // At the end of an action? Consumes "}}" or " -}}".
  bool at_close() {
    skip_space();
    if (t_.compare(pos_, 2, "}}") == 0) {
      pos_ += 2;
      return true;
    }
    if (t_.compare(pos_, 3, "-}}") == 0 && pos_ > 0 &&
        (t_[pos_ - 1] == ' ' || t_[pos_ - 1] == '\t' || t_[pos_ - 1] == '\n' || t_[pos_ - 1] == '\r')) {
      pos_ += 3;
      trim_next_ = true;
      return true;
    }
    return false;
  }

  bool peek_close() {
    const std::size_t save = pos_;
    const bool trim = trim_next_;
    const bool r = at_close();
    pos_ = save;
    trim_next_ = trim;
    return r;
  }

  std::string word() {
    skip_space();
    std::size_t j = pos_;
    while (j < t_.size() && (std::isalnum(static_cast<unsigned char>(t_[j])) || t_[j] == '_'))
      ++j;
    return t_.substr(pos_, j - pos_);
  }

  void expect_close(const std::string& what) {
    if (!at_close()) fail("unexpected text in " + what);
  }

  // Parses one action after "{{"; returns a keyword that ends a list, or "".
  std::string action(NodeList& list) {
    skip_space();
    if (t_.compare(pos_, 2, "/*") == 0) {
      const auto end = t_.find("*/", pos_);
      if (end == std::string::npos) fail("unclosed comment");
      pos_ = end + 2;
      if (!at_close()) fail("comment ends before closing delimiter");
      return "";
    }
    const std::size_t save = pos_;
    const std::string w = word();
    const auto keyword_end = [&] { pos_ += w.size(); };
    if (w == "end") {
      keyword_end();
      expect_close("end");
      return "end";
    }
    if (w == "else") {
      keyword_end();
      skip_space();
      const std::string w2 = word();
      if (w2 == "if") {
        pos_ += 2;
        return "else if";
      }
      if (w2 == "with") unsupported("{{else with}}");
      expect_close("else");
      return "else";
    }
    if (w == "if" || w == "with" || w == "range") {
      keyword_end();
      control(list, w == "if" ? Node::Kind::If : w == "with" ? Node::Kind::With : Node::Kind::Range);
      return "";
    }
    if (w == "define" || w == "template" || w == "block" || w == "break" || w == "continue")
      unsupported("{{" + w + "}}");
    pos_ = save;
    Node n;
    n.kind = Node::Kind::Action;
    n.pipe = pipeline(true);
    list.push_back(std::move(n));
    return "";
  }

  void control(NodeList& list, Node::Kind kind) {
    const std::size_t marks = vars_.size();
    Node n;
    n.kind = kind;
    n.pipe = pipeline(true);
    std::string end = parse_list(n.list);
    if (end == "else if") {
      if (kind != Node::Kind::If) fail("else if after with or range");
      // {{else if x}} ... is {{else}}{{if x}} ... {{end}}{{end}}.
      control(n.else_list, Node::Kind::If);
      end = "end";
    } else if (end == "else") {
      end = parse_list(n.else_list);
      if (end != "end") fail("expected end; found " + (end.empty() ? std::string("EOF") : end));
    }
    if (end != "end") fail("unexpected EOF");
    vars_.resize(marks);
    list.push_back(std::move(n));
  }

  Pipeline pipeline(bool allow_decl) {
    Pipeline p;
    skip_space();
    // Declarations: $x := ..., $x = ..., $k, $v := ... (range).
    if (allow_decl && pos_ < t_.size() && t_[pos_] == '$') {
      const std::size_t save = pos_;
      std::vector<std::string> names;
      while (true) {
        skip_space();
        if (pos_ >= t_.size() || t_[pos_] != '$') break;
        std::size_t j = pos_ + 1;
        while (j < t_.size() && (std::isalnum(static_cast<unsigned char>(t_[j])) || t_[j] == '_'))
          ++j;
        names.push_back(t_.substr(pos_, j - pos_));
        pos_ = j;
        skip_space();
        if (pos_ < t_.size() && t_[pos_] == ',') {
          ++pos_;
          continue;
        }
        break;
      }
      skip_space();
      if (t_.compare(pos_, 2, ":=") == 0) {
        pos_ += 2;
        p.decl = names;
        for (const auto& n : names)
          vars_.push_back(n);
      } else if (t_.compare(pos_, 1, "=") == 0 && t_.compare(pos_, 2, "==") != 0 && names.size() == 1) {
        pos_ += 1;
        if (std::find(vars_.begin(), vars_.end(), names[0]) == vars_.end())
          fail("undefined variable \"" + names[0] + "\"");
        p.decl = names;
        p.assign = true;
      } else {
        pos_ = save;
      }
    }
    while (true) {
      Command c = command();
      if (c.args.empty()) fail("missing value for command");
      p.cmds.push_back(std::move(c));
      skip_space();
      if (pos_ < t_.size() && t_[pos_] == '|') {
        ++pos_;
        continue;
      }
      break;
    }
    if (!at_close()) fail("unexpected \"" + t_.substr(pos_, 10) + "\" in command");
    return p;
  }

  // Operands until '|', ')' or the close.
  Command command(bool in_parens = false) {
    Command c;
    while (true) {
      skip_space();
      if (pos_ >= t_.size()) fail("unclosed action");
      if (t_[pos_] == '|' || (in_parens && t_[pos_] == ')')) break;
      if (!in_parens && peek_close()) break;
      c.args.push_back(operand());
    }
    return c;
  }

  std::vector<std::string> field_chain() {
    std::vector<std::string> fields;
    while (pos_ < t_.size() && t_[pos_] == '.' && pos_ + 1 < t_.size() &&
           (std::isalpha(static_cast<unsigned char>(t_[pos_ + 1])) || t_[pos_ + 1] == '_')) {
      std::size_t j = pos_ + 1;
      while (j < t_.size() && (std::isalnum(static_cast<unsigned char>(t_[j])) || t_[j] == '_'))
        ++j;
      fields.push_back(t_.substr(pos_ + 1, j - pos_ - 1));
      pos_ = j;
    }
    return fields;
  }

  Arg operand() {
    Arg a;
    const char c = t_[pos_];
    if (c == '.') {
      a.fields = field_chain();
      if (a.fields.empty()) {
        ++pos_;
        a.kind = Arg::Kind::Dot;
      } else {
        a.kind = Arg::Kind::Field;
      }
    } else if (c == '$') {
      std::size_t j = pos_ + 1;
      while (j < t_.size() && (std::isalnum(static_cast<unsigned char>(t_[j])) || t_[j] == '_'))
        ++j;
      a.kind = Arg::Kind::Variable;
      a.name = t_.substr(pos_, j - pos_);
      if (std::find(vars_.begin(), vars_.end(), a.name) == vars_.end())
        fail("undefined variable \"" + a.name + "\"");
      pos_ = j;
      a.fields = field_chain();
    } else if (c == '"') {
      std::string s;
      std::size_t j = pos_ + 1;
      for (; j < t_.size() && t_[j] != '"'; ++j) {
        if (t_[j] == '\n') fail("unterminated quoted string");
        if (t_[j] != '\\') {
          s += t_[j];
          continue;
        }
        if (++j >= t_.size()) fail("unterminated quoted string");
        switch (t_[j]) {
          case 'n':
            s += '\n';
            break;
          case 't':
            s += '\t';
            break;
          case 'r':
            s += '\r';
            break;
          case '\\':
            s += '\\';
            break;
          case '"':
            s += '"';
            break;
          case '\'':
            s += '\'';
            break;
          default:
            unsupported(std::string("escape \\") + t_[j] + " in a template string");
        }
      }
      if (j >= t_.size()) fail("unterminated quoted string");
      pos_ = j + 1;
      a.kind = Arg::Kind::String;
      a.name = s;
    } else if (c == '`') {
      const auto end = t_.find('`', pos_ + 1);
      if (end == std::string::npos) fail("unterminated raw quoted string");
      a.kind = Arg::Kind::String;
      a.name = t_.substr(pos_ + 1, end - pos_ - 1);
      pos_ = end + 1;
    } else if (c == '(') {
      ++pos_;
      auto inner = std::make_shared<Pipeline>();
      while (true) {
        Command cmd = command(true);
        if (cmd.args.empty()) fail("missing value for command");
        inner->cmds.push_back(std::move(cmd));
        skip_space();
        if (pos_ < t_.size() && t_[pos_] == '|') {
          ++pos_;
          continue;
        }
        break;
      }
      if (pos_ >= t_.size() || t_[pos_] != ')') fail("unclosed left paren");
      ++pos_;
      a.kind = Arg::Kind::Pipe;
      a.pipe = inner;
      a.fields = field_chain();
    } else if (std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '+') {
      std::size_t j = pos_ + 1;
      while (j < t_.size() &&
             (std::isalnum(static_cast<unsigned char>(t_[j])) || t_[j] == '.' || t_[j] == '_' ||
              ((t_[j] == '-' || t_[j] == '+') && (t_[j - 1] == 'e' || t_[j - 1] == 'E'))))
        ++j;
      a.kind = Arg::Kind::Number;
      a.name = t_.substr(pos_, j - pos_);
      char* end = nullptr;
      std::strtod(a.name.c_str(), &end);
      if (end != a.name.c_str() + a.name.size()) fail("bad number syntax: \"" + a.name + "\"");
      if (a.name.find_first_of("xXpP_") != std::string::npos) unsupported("number literal " + a.name);
      pos_ = j;
    } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      const std::string w = word();
      pos_ += w.size();
      if (w == "true" || w == "false") {
        a.kind = Arg::Kind::Bool;
        a.b = w == "true";
      } else if (w == "nil") {
        a.kind = Arg::Kind::Nil;
      } else {
        const auto it = known_functions().find(w);
        if (it == known_functions().end()) fail("function \"" + w + "\" not defined");
        if (!it->second) unsupported("function " + w);
        a.kind = Arg::Kind::Function;
        a.name = w;
      }
    } else if (c == '\'') {
      unsupported("character constants");
    } else {
      fail(std::string("unexpected \"") + c + "\" in operand");
    }
    return a;
  }
};

// ---------------------------------------------------------------------------------------------
// Execution

class Exec {
 public:
  Exec(const TemplateData& data) : data_(data) {
    TValue root;
    root.kind = TValue::Kind::Data;
    vars_.push_back({"$", root});
    vars_.push_back({"$labels", TValue::of_map(data.labels)});
    vars_.push_back({"$externalLabels", TValue::of_map(data.external_labels)});
    vars_.push_back({"$externalURL", TValue::of_string(data.external_url)});
    vars_.push_back({"$value", TValue::of_float(data.value)});
  }

  void run(const NodeList& list, const TValue& dot, std::string& out) {
    for (const Node& n : list) {
      switch (n.kind) {
        case Node::Kind::Text:
          out += n.text;
          break;
        case Node::Kind::Action: {
          const TValue v = pipeline(n.pipe, dot);
          if (n.pipe.decl.empty()) out += print_value(v);
          break;
        }
        case Node::Kind::If:
        case Node::Kind::With: {
          const std::size_t mark = vars_.size();
          const TValue v = pipeline(n.pipe, dot);
          if (truth(v))
            run(n.list, n.kind == Node::Kind::With ? v : dot, out);
          else
            run(n.else_list, dot, out);
          vars_.resize(mark);
          break;
        }
        case Node::Kind::Range:
          range(n, dot, out);
          break;
      }
    }
  }

 private:
  const TemplateData& data_;
  std::vector<std::pair<std::string, TValue>> vars_;

  TValue& variable(const std::string& name) {
    for (auto it = vars_.rbegin(); it != vars_.rend(); ++it)
      if (it->first == name) return it->second;
    throw RunError("undefined variable: " + name);
  }

  void range(const Node& n, const TValue& dot, std::string& out) {
    const std::size_t mark = vars_.size();
    Pipeline p = n.pipe;
    const std::vector<std::string> decl = p.decl;
    p.decl.clear();
    const TValue v = pipeline(p, dot);
    const auto body = [&](const TValue& key, const TValue& elem) {
      const std::size_t inner = vars_.size();
      if (decl.size() == 1) vars_.push_back({decl[0], elem});
      if (decl.size() == 2) {
        vars_.push_back({decl[0], key});
        vars_.push_back({decl[1], elem});
      }
      run(n.list, elem, out);
      vars_.resize(inner);
    };
    bool any = false;
    if (v.kind == TValue::Kind::Map) {
      Labels sorted = v.map;
      std::sort(sorted.begin(), sorted.end());
      for (const auto& [k, val] : sorted) {
        any = true;
        body(TValue::of_string(k), TValue::of_string(val));
      }
    } else if (v.kind == TValue::Kind::Samples) {
      for (std::size_t k = 0; k < v.samples->size(); ++k) {
        any = true;
        TValue s;
        s.kind = TValue::Kind::Sample;
        s.map = (*v.samples)[k].labels;
        s.f = (*v.samples)[k].value;
        body(TValue::of_int(static_cast<std::int64_t>(k)), s);
      }
    } else if (v.kind == TValue::Kind::Int) {
      throw RunError("range over an integer is outside drillsim's template subset");
    } else if (v.kind != TValue::Kind::Nil) {
      throw RunError(std::string("range can't iterate over ") + print_value(v));
    }
    if (!any) run(n.else_list, dot, out);
    vars_.resize(mark);
  }

  TValue field(const TValue& v, const std::string& name) {
    switch (v.kind) {
      case TValue::Kind::Map:
        return TValue::of_string(label_value(v.map, name));
      case TValue::Kind::Data:
        if (name == "Labels") return TValue::of_map(data_.labels);
        if (name == "ExternalLabels") return TValue::of_map(data_.external_labels);
        if (name == "ExternalURL") return TValue::of_string(data_.external_url);
        if (name == "Value") return TValue::of_float(data_.value);
        break;
      case TValue::Kind::Sample:
        if (name == "Labels") return TValue::of_map(v.map);
        if (name == "Value") return TValue::of_float(v.f);
        break;
      case TValue::Kind::Nil:
        throw RunError("nil pointer evaluating " + name);
      default:
        break;
    }
    throw RunError("can't evaluate field " + name + " in type " + go_type(v));
  }

  TValue fields(TValue v, const std::vector<std::string>& names) {
    for (const auto& n : names)
      v = field(v, n);
    return v;
  }

  TValue pipeline(const Pipeline& p, const TValue& dot) {
    TValue v;
    bool have_final = false;
    for (const Command& c : p.cmds) {
      v = command(c, dot, have_final ? &v : nullptr);
      have_final = true;
    }
    if (p.assign) {
      variable(p.decl[0]) = v;
    } else {
      for (const auto& name : p.decl)
        vars_.push_back({name, v});
    }
    return v;
  }

  TValue literal_or_value(const Arg& a, const TValue& dot) {
    switch (a.kind) {
      case Arg::Kind::Dot:
        return dot;
      case Arg::Kind::Field:
        return fields(dot, a.fields);
      case Arg::Kind::Variable:
        return fields(variable(a.name), a.fields);
      case Arg::Kind::String:
        return TValue::of_string(a.name);
      case Arg::Kind::Bool:
        return TValue::of_bool(a.b);
      case Arg::Kind::Nil:
        return {};
      case Arg::Kind::Number: {
        // Go's ideal constants: an integer literal is an int, anything with . e or E a float64.
        if (a.name.find_first_of(".eE") == std::string::npos) return TValue::of_int(std::stoll(a.name));
        return TValue::of_float(std::strtod(a.name.c_str(), nullptr));
      }
      case Arg::Kind::Pipe:
        return fields(pipeline(*a.pipe, dot), a.fields);
      case Arg::Kind::Function:
        return call(a.name, {}, dot);
    }
    return {};
  }

  TValue command(const Command& c, const TValue& dot, const TValue* final) {
    const Arg& head = c.args.front();
    if (head.kind == Arg::Kind::Function) {
      std::vector<TValue> args;
      // and / or evaluate lazily.
      if (head.name == "and" || head.name == "or") {
        TValue last;
        const std::size_t n = c.args.size() - 1 + (final ? 1 : 0);
        if (n == 0) throw RunError("wrong number of args for " + head.name + ": want at least 1 got 0");
        for (std::size_t k = 1; k <= n; ++k) {
          last = k < c.args.size() ? literal_or_value(c.args[k], dot) : *final;
          if (truth(last) != (head.name == "and")) return last;
        }
        return last;
      }
      for (std::size_t k = 1; k < c.args.size(); ++k)
        args.push_back(literal_or_value(c.args[k], dot));
      if (final) args.push_back(*final);
      return call(head.name, args, dot);
    }
    if (c.args.size() > 1 || final) throw RunError("can't give argument to non-function");
    return literal_or_value(head, dot);
  }

  static void want(const std::string& f, const std::vector<TValue>& a, std::size_t n) {
    if (a.size() != n)
      throw RunError("wrong number of args for " + f + ": want " + std::to_string(n) + " got " +
                     std::to_string(a.size()));
  }

  static const std::string& str(const std::string& f, const TValue& v) {
    if (v.kind != TValue::Kind::String)
      throw RunError("wrong type for value in " + f + "; expected string; got " + go_type(v));
    return v.s;
  }

  static int compare(const TValue& a, const TValue& b, bool ordered) {
    using K = TValue::Kind;
    if (a.kind != b.kind) throw RunError("incompatible types for comparison");
    switch (a.kind) {
      case K::Bool:
        if (ordered) throw RunError("invalid type for comparison");
        return a.b == b.b ? 0 : 1;
      case K::Int:
        return a.i < b.i ? -1 : a.i > b.i ? 1 : 0;
      case K::Float:
        // NaN compares unequal and unordered, as in Go.
        if (std::isnan(a.f) || std::isnan(b.f)) return 2;
        return a.f < b.f ? -1 : a.f > b.f ? 1 : 0;
      case K::String:
        return a.s < b.s ? -1 : a.s > b.s ? 1 : 0;
      default:
        throw RunError("invalid type for comparison");
    }
  }

  TValue call(const std::string& f, const std::vector<TValue>& a, const TValue& /*dot*/) {
    using K = TValue::Kind;
    if (f == "not") {
      want(f, a, 1);
      return TValue::of_bool(!truth(a[0]));
    }
    if (f == "eq" || f == "ne") {
      if (a.size() < 2) throw RunError("missing argument for comparison");
      bool eq = false;
      for (std::size_t k = 1; k < a.size() && !eq; ++k)
        eq = compare(a[0], a[k], false) == 0;
      if (f == "ne") {
        want(f, a, 2);
        return TValue::of_bool(!eq);
      }
      return TValue::of_bool(eq);
    }
    if (f == "lt" || f == "le" || f == "gt" || f == "ge") {
      want(f, a, 2);
      const int c = compare(a[0], a[1], true);
      if (c == 2) return TValue::of_bool(false);
      if (f == "lt") return TValue::of_bool(c < 0);
      if (f == "le") return TValue::of_bool(c <= 0);
      if (f == "gt") return TValue::of_bool(c > 0);
      return TValue::of_bool(c >= 0);
    }
    if (f == "len") {
      want(f, a, 1);
      if (a[0].kind == K::String) return TValue::of_int(static_cast<std::int64_t>(a[0].s.size()));
      if (a[0].kind == K::Map) return TValue::of_int(static_cast<std::int64_t>(a[0].map.size()));
      if (a[0].kind == K::Samples) return TValue::of_int(static_cast<std::int64_t>(a[0].samples->size()));
      throw RunError(std::string("len of type ") + go_type(a[0]));
    }
    if (f == "index") {
      if (a.empty()) throw RunError("wrong number of args for index");
      TValue v = a[0];
      for (std::size_t k = 1; k < a.size(); ++k) {
        if (v.kind == K::Map) {
          v = TValue::of_string(label_value(v.map, str(f, a[k])));
        } else if (v.kind == K::Samples && a[k].kind == K::Int) {
          if (a[k].i < 0 || static_cast<std::size_t>(a[k].i) >= v.samples->size())
            throw RunError("error calling index: index out of range: " + std::to_string(a[k].i));
          TValue s;
          s.kind = K::Sample;
          s.map = (*v.samples)[static_cast<std::size_t>(a[k].i)].labels;
          s.f = (*v.samples)[static_cast<std::size_t>(a[k].i)].value;
          v = s;
        } else {
          throw RunError(std::string("can't index item of type ") + go_type(v));
        }
      }
      return v;
    }
    if (f == "print") return TValue::of_string(go_sprint(a, false));
    if (f == "println") return TValue::of_string(go_sprint(a, true));
    if (f == "printf") {
      if (a.empty()) throw RunError("wrong number of args for printf: want at least 1 got 0");
      return TValue::of_string(go_sprintf(str(f, a[0]), std::vector<TValue>(a.begin() + 1, a.end())));
    }
    if (f == "html" || f == "urlquery") {
      const std::string s = go_sprint(a, false);
      std::string out;
      for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (f == "html") {
          if (c == '<')
            out += "&lt;";
          else if (c == '>')
            out += "&gt;";
          else if (c == '&')
            out += "&amp;";
          else if (c == '\'')
            out += "&#39;";
          else if (c == '"')
            out += "&#34;";
          else if (c == '\0')
            out += "\xEF\xBF\xBD";
          else
            out += c;
        } else {
          if (std::isalnum(u) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += c;
          } else if (c == ' ') {
            out += '+';
          } else {
            char buf[4];
            std::snprintf(buf, sizeof buf, "%%%02X", u);
            out += buf;
          }
        }
      }
      return TValue::of_string(out);
    }
    if (f == "humanize" || f == "humanize1024" || f == "humanizeDuration" || f == "humanizePercentage" ||
        f == "humanizeTimestamp") {
      want(f, a, 1);
      const double v = to_float(a[0]);
      if (f == "humanize") return TValue::of_string(humanize(v));
      if (f == "humanize1024") return TValue::of_string(humanize1024(v));
      if (f == "humanizeDuration") return TValue::of_string(humanize_duration(v));
      if (f == "humanizePercentage") return TValue::of_string(humanize_percentage(v));
      return TValue::of_string(humanize_timestamp(v));
    }
    if (f == "toUpper" || f == "toLower" || f == "title" || f == "safeHtml") {
      want(f, a, 1);
      std::string s = str(f, a[0]);
      if (f == "title") return TValue::of_string(go_title(s));
      if (f == "safeHtml") return TValue::of_string(s);
      for (char& c : s)
        c = static_cast<char>(f == "toUpper" ? std::toupper(static_cast<unsigned char>(c))
                                             : std::tolower(static_cast<unsigned char>(c)));
      return TValue::of_string(s);
    }
    if (f == "match") {
      want(f, a, 2);
      const std::regex re = regex(str(f, a[0]));
      return TValue::of_bool(std::regex_search(str(f, a[1]), re));
    }
    if (f == "reReplaceAll") {
      want(f, a, 3);
      const std::regex re = regex(str(f, a[0]));
      const std::string& repl = str(f, a[1]);
      const std::string& text = str(f, a[2]);
      // Go's Regexp.ReplaceAllString, byte for byte.
      std::string out;
      std::size_t last_match_end = 0;
      std::size_t search = 0;
      std::smatch m;
      while (search <= text.size()) {
        const auto from = text.cbegin() + static_cast<std::ptrdiff_t>(search);
        if (!std::regex_search(
                from, text.cend(), m, re,
                search > 0 ? std::regex_constants::match_prev_avail : std::regex_constants::match_default))
          break;
        const std::size_t start = search + static_cast<std::size_t>(m.position(0));
        const std::size_t end = start + static_cast<std::size_t>(m.length(0));
        out += text.substr(last_match_end, start - last_match_end);
        // No replacement for an empty match right after another match.
        if (end > last_match_end || start == 0) out += expand_replacement(repl, m);
        last_match_end = end;
        search = search + 1 > end ? search + 1 : end;
      }
      out += text.substr(last_match_end);
      return TValue::of_string(out);
    }
    if (f == "externalURL") {
      want(f, a, 0);
      return TValue::of_string(data_.external_url);
    }
    if (f == "pathPrefix") {
      want(f, a, 0);
      // The path of the external URL.
      const std::string& u = data_.external_url;
      const auto scheme = u.find("://");
      const auto path = scheme == std::string::npos ? std::string::npos : u.find('/', scheme + 3);
      return TValue::of_string(path == std::string::npos ? "" : u.substr(path));
    }
    if (f == "query") {
      want(f, a, 1);
      if (!data_.query) throw RunError("query is not available here");
      const Vector result = data_.query(str(f, a[0]));
      auto samples = std::make_shared<std::vector<Sample>>();
      for (const auto& e : result)
        samples->push_back({e.labels, e.value});
      TValue v;
      v.kind = K::Samples;
      v.samples = samples;
      return v;
    }
    if (f == "first") {
      want(f, a, 1);
      if (a[0].kind != K::Samples)
        throw RunError(std::string("wrong type for value in first; got ") + go_type(a[0]));
      if (a[0].samples->empty()) throw RunError("first() called on vector with no elements");
      TValue s;
      s.kind = K::Sample;
      s.map = a[0].samples->front().labels;
      s.f = a[0].samples->front().value;
      return s;
    }
    if (f == "label") {
      want(f, a, 2);
      if (a[1].kind != K::Sample)
        throw RunError(std::string("wrong type for value in label; got ") + go_type(a[1]));
      return TValue::of_string(label_value(a[1].map, str(f, a[0])));
    }
    if (f == "value" || f == "strvalue") {
      want(f, a, 1);
      if (a[0].kind != K::Sample)
        throw RunError(std::string("wrong type for value in ") + f + "; got " + go_type(a[0]));
      if (f == "value") return TValue::of_float(a[0].f);
      return TValue::of_string(label_value(a[0].map, "__value__"));
    }
    if (f == "sortByLabel") {
      want(f, a, 2);
      if (a[1].kind != K::Samples) throw RunError("wrong type for value in sortByLabel");
      const std::string name = str(f, a[0]);
      auto sorted = std::make_shared<std::vector<Sample>>(*a[1].samples);
      std::stable_sort(sorted->begin(), sorted->end(), [&](const Sample& x, const Sample& y) {
        return label_value(x.labels, name) < label_value(y.labels, name);
      });
      TValue v = a[1];
      v.samples = sorted;
      return v;
    }
    throw RunError("function " + f + " is outside drillsim's template subset");
  }

  static std::regex regex(const std::string& pattern) {
    try {
      return compile_re2(pattern, false);
    } catch (const Re2Error& e) {
      throw RunError(e.what());
    }
  }
};

}  // namespace

struct ParsedTemplate {
  NodeList nodes;
};

GoTemplate::GoTemplate(const std::string& text) : parsed_(std::make_unique<ParsedTemplate>()) {
  parsed_->nodes = Parser(text).parse();
}
GoTemplate::~GoTemplate() = default;
GoTemplate::GoTemplate(GoTemplate&&) noexcept = default;
GoTemplate& GoTemplate::operator=(GoTemplate&&) noexcept = default;

std::string GoTemplate::expand_or_throw(const TemplateData& data) const {
  std::string out;
  TValue root;
  root.kind = TValue::Kind::Data;
  try {
    Exec(data).run(parsed_->nodes, root, out);
  } catch (const RunError& e) {
    throw TemplateError(e.what(), std::string(e.what()).find("outside drillsim") != std::string::npos);
  }
  return out;
}

std::string GoTemplate::expand(const TemplateData& data) const {
  try {
    return expand_or_throw(data);
  } catch (const TemplateError& e) {
    return std::string("<error expanding template: ") + e.what() + ">";
  }
}

}  // namespace drillsim::promql
