// The JSON form of a Report (docs/report-format.md lists every field). to_json writes it;
// report_from_json is the only way the viewer and the tests read a report back, and it checks the
// whole layout so that a wrong or foreign file fails with a message naming the place.
#pragma once

#include <nlohmann/json.hpp>

#include <array>
#include <cstddef>
#include <stdexcept>
#include <string>

#include "report/report.hpp"

namespace drillsim::report {

// A report whose JSON does not follow the schema. what() is "<pointer>: <problem>" (just the problem
// when the pointer is the whole document, ""), e.g.
// "/incidents/0/metrics/downtime_s: expected a number, found \"ten\"".
class ReportFormatError : public std::runtime_error {
 public:
  ReportFormatError(std::string pointer, std::string problem);

  const std::string& pointer() const { return pointer_; }  // JSON pointer (RFC 6901); "" for the document.
  const std::string& problem() const { return problem_; }  // What was expected and what was found.

 private:
  std::string pointer_;
  std::string problem_;
};

// The report as JSON, keys in the documented order. Times are in simulated seconds; an absent
// instant or metric and a NaN percentile are null. Deterministic: the same report gives the same
// document, so dump() gives byte-identical text.
nlohmann::ordered_json to_json(const Report& report);

// The names of a series' seven arrays (one element per second, or per step of a coarse series, in
// "series" and in each "detail" window), in the order to_json writes them.
inline constexpr std::array<const char*, 7> kSeriesArrayKeys{"requests", "errors", "slow", "p50_s",
                                                             "p95_s",    "p99_s",  "ready"};
// Element i of the array kSeriesArrayKeys[key] of `data`, as to_json writes it (a NaN percentile is null).
nlohmann::ordered_json series_array_element(const model::SecondSeries& data, std::size_t key, std::size_t i);
// to_json with each of the series' arrays left empty in its place: write_report streams their elements
// from the report, so that a long drill's report never exists as a document of every value in memory.
nlohmann::ordered_json to_json_without_series_arrays(const Report& report);

// Parses a report written by to_json. Unknown keys are ignored; every documented key is required with
// its documented type (null only where the format allows it).
// Throws ReportFormatError naming the JSON pointer and what was expected: on a missing key, a wrong
// type, an unknown enumeration value ("status", "version"), series arrays of unequal length, or a
// schema_version other than kSchemaVersion.
Report report_from_json(const nlohmann::json& json);

}  // namespace drillsim::report
