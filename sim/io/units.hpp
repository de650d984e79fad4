// Numbers with units as people write them in scenarios and runbooks.
#pragma once

#include <optional>
#include <string_view>

namespace drillsim::io {

// A Prometheus duration ("90s", "5m", "1h30m", "500ms", "1d"; units ms, s, m, h, d, w, y, each at most
// once and from the largest to the smallest, as Prometheus's model.ParseDuration requires), in seconds.
// nullopt if `text` is not one.
std::optional<double> parse_prometheus_duration(std::string_view text);

// A plain decimal number ("5", "0.25", "2.5e-3"), the whole of `text`; nullopt otherwise.
std::optional<double> parse_decimal(std::string_view text);

}  // namespace drillsim::io
