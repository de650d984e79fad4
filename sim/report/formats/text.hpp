// Small text helpers the report writers share: how a time in simulated seconds reads to a person, and
// a number written so that it reads back to the same double. No verdicts here: the writers take those
// from the report's own fields and metrics' functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace drillsim::report::formats {

// A duration for people: "42.0 s" under a minute, "12m 05s" under an hour, "1h 02m 05s" above
// (rounded to the nearest second from a minute on). Negative durations get a leading "-". "—" when
// absent.
std::string human_duration(std::optional<double> seconds);

// The shortest decimal text that reads back to `value` ("600", "0.25", "1e-05"); "" for an absent
// value or a NaN (an empty CSV cell, no JUnit attribute).
std::string plain_number(std::optional<double> value);

}  // namespace drillsim::report::formats
