#include "report/formats/text.hpp"

#include <fmt/format.h>

#include <cmath>

namespace drillsim::report::formats {

std::string human_duration(std::optional<double> seconds) {
  if (!seconds || std::isnan(*seconds)) return "—";
  const double v = std::fabs(*seconds);
  const std::string sign = *seconds < 0 ? "-" : "";
  if (v < 59.95) return sign + fmt::format("{:.1f} s", v);
  const auto whole = static_cast<long long>(v + 0.5);
  if (whole < 3600) return sign + fmt::format("{}m {:02}s", whole / 60, whole % 60);
  return sign + fmt::format("{}h {:02}m {:02}s", whole / 3600, (whole / 60) % 60, whole % 60);
}

std::string plain_number(std::optional<double> value) {
  if (!value || std::isnan(*value)) return "";
  return fmt::format("{}", *value);
}

}  // namespace drillsim::report::formats
