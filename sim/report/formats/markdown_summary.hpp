// The post-drill incident summary as GitHub-flavoured Markdown: what a team pastes into a ticket or a
// review. Timeline with offsets from the onset, impact, the plan's levels and steps, the objective
// verdicts with their margins, the data, the assumptions the verdicts rest on, and empty headings for
// the lessons the team writes (docs/report-formats.md shows the layout).
#pragma once

#include <string>

#include "report/report.hpp"

namespace drillsim::report::formats {

// The summary of `report`, ending with a newline. A pure function of the report: every verdict is the
// report's own (ObjectiveVerdict, metrics::judge_level_claim), so it says what the console and the
// JSON say. Deterministic: the same report gives byte-identical text. Text from the scenario (names,
// reasons, assumptions) is escaped so it cannot break a table or start a heading.
std::string markdown_summary(const Report& report);

// `text` with Markdown's punctuation escaped and line breaks turned into spaces, safe inside a table
// cell or running text.
std::string markdown_escape(const std::string& text);

}  // namespace drillsim::report::formats
