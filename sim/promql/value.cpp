#include "promql/value.hpp"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace drillsim::promql {

void sort_labels(Labels& labels) {
  std::sort(labels.begin(), labels.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
}

std::string label_value(const Labels& labels, const std::string& name) {
  for (const auto& [n, v] : labels)
    if (n == name) return v;
  return "";
}

void drop_label(Labels& labels, const std::string& name) {
  std::erase_if(labels, [&](const auto& l) { return l.first == name; });
}

void set_label(Labels& labels, const std::string& name, const std::string& value) {
  if (value.empty()) {
    drop_label(labels, name);
    return;
  }
  for (auto& [n, v] : labels) {
    if (n == name) {
      v = value;
      return;
    }
  }
  labels.emplace_back(name, value);
  sort_labels(labels);
}

std::string quote_label_value(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

std::string format_labels(const Labels& labels) {
  std::string out = label_value(labels, kMetricName);
  out += "{";
  bool first = true;
  for (const auto& [n, v] : labels) {
    if (n == kMetricName) continue;
    if (!first) out += ", ";
    first = false;
    out += n + "=" + quote_label_value(v);
  }
  return out + "}";
}

double stale_nan() {
  return std::bit_cast<double>(std::uint64_t{0x7ff0000000000002ULL});
}

bool is_stale_nan(double v) {
  return std::bit_cast<std::uint64_t>(v) == 0x7ff0000000000002ULL;
}

std::string format_float_f(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[400];
  const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
  return std::string(buf, r.ptr);
}

std::string format_float_g(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  // Go (strconv .g, shortest digits, as fmt %v prints a float64) switches to the exponent form when
  // the decimal exponent is < -4 or >= 6 (measured against promtool 2.42: 1e+06, 1.234567e+06, 100000.5).
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  std::string sci(buf, r.ptr);
  const auto e = sci.find('e');
  const int exponent = std::stoi(sci.substr(e + 1));
  if (exponent < -4 || exponent >= 6) {
    // Go writes e+06 style exponents with at least two digits.
    std::string mant = sci.substr(0, e);
    char ebuf[16];
    std::snprintf(ebuf, sizeof ebuf, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
    return mant + ebuf;
  }
  return format_float_f(v);
}

}  // namespace drillsim::promql
