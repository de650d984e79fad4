// The JSON form of a Report (docs/report-format.md lists every field). to_json writes it;
// report_from_json is the only way the viewer and the tests read a report back, and it checks the
// whole layout so that a wrong or foreign file fails with a message naming the place.
#pragma once

#include <nlohmann/json.hpp>

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

// Parses a report written by to_json. Unknown keys are ignored; every documented key is required with
// its documented type (null only where the format allows it).
// Throws ReportFormatError naming the JSON pointer and what was expected: on a missing key, a wrong
// type, an unknown enumeration value ("status", "version"), series arrays of unequal length, or a
// schema_version other than kSchemaVersion.
Report report_from_json(const nlohmann::json& json);

}  // namespace drillsim::report
