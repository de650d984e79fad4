// A drill as JUnit XML, the Ant-style layout Jenkins and GitLab read: one <testsuite> per drill, one
// <testcase> per objective (per service: RTO, RPO, data integrity) and per level claim of the runbook,
// so a CI job that runs a drill shows a runbook that misses its RTO as a failing test
// (docs/report-formats.md; the schema the tests validate against is tests/report/formats/junit.xsd).
#pragma once

#include <optional>
#include <string>

#include "report/report.hpp"

namespace drillsim::report::formats {

// The JUnit document of `report`, ending with a newline. A missed verdict is a <failure> whose message
// says by how much (verdict_text.hpp); a level claim with nothing to judge (never entered, interrupted
// within its budget) is <skipped>. Times are simulated seconds: the suite's is the drill's length, an
// RTO case's the time to restore, a level's the time it took. `timestamp`, when given, is the suite's
// start as ISO 8601 without a zone ("2026-12-06T21:09:56", UTC); it is omitted otherwise (the report
// does not record when it ran). Verdicts are the report's own, never recomputed.
std::string junit_xml(const Report& report, const std::optional<std::string>& timestamp = std::nullopt);

// When `file` (a report) was last written, as the suite's timestamp takes it: ISO 8601 in UTC without a
// zone ("2026-12-06T21:09:56"); nullopt when the file's time cannot be read. `drillsim export` and the
// viewer's export both stamp their JUnit with it.
std::optional<std::string> file_written_at(const std::string& file);

// `text` escaped for an XML attribute or character data (&, <, >, ", '; control characters other than
// tab, newline and carriage return, which XML 1.0 cannot carry, become U+FFFD).
std::string xml_escape(const std::string& text);

}  // namespace drillsim::report::formats
