#include "io/units.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>

namespace drillsim::io {

std::optional<double> parse_prometheus_duration(std::string_view text) {
  struct Unit {
    std::string_view name;
    double seconds;
  };
  // Largest first; "ms" is tried before "m" at each position.
  static constexpr Unit kUnits[] = {{"y", 365.0 * 86400.0}, {"w", 7.0 * 86400.0}, {"d", 86400.0},
                                    {"h", 3600.0},          {"m", 60.0},          {"s", 1.0},
                                    {"ms", 0.001}};
  if (text.empty()) return std::nullopt;
  if (text == "0") return 0.0;
  double total = 0.0;
  int last_unit = -1;  // Units must come in decreasing order, each once.
  std::size_t i = 0;
  while (i < text.size()) {
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(text.data() + i, text.data() + text.size(), value);
    if (error != std::errc() || end == text.data() + i) return std::nullopt;
    i = static_cast<std::size_t>(end - text.data());
    int unit = -1;
    if (text.substr(i, 2) == "ms") {
      unit = 6;
    } else {
      for (int u = 0; u < 6; ++u) {
        if (text.substr(i, 1) == kUnits[u].name) unit = u;
      }
    }
    if (unit < 0 || unit <= last_unit) return std::nullopt;
    last_unit = unit;
    i += kUnits[unit].name.size();
    total += static_cast<double>(value) * kUnits[unit].seconds;
  }
  return total;
}

std::optional<double> parse_decimal(std::string_view text) {
  if (text.empty() || text.front() == '+' || std::isspace(static_cast<unsigned char>(text.front())))
    return std::nullopt;
  double value = 0.0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

}  // namespace drillsim::io
