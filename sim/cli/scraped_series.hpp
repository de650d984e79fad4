// What `drillsim run` does with the series a scenario's rule files read (docs/detection.md, "Rule
// files in a scenario"): --export-series writes them, with the alerts seen firing after every
// evaluation, as a promtool unit-test file; --openmetrics writes them as OpenMetrics text; the
// summary lists each alert's pending, firing and resolved times.
#pragma once

#include <ostream>
#include <string>

#include "engine/drill.hpp"
#include "model/scenario.hpp"
#include "promql/series_export.hpp"

namespace drillsim::cli {

// The promtool test of `scraped` (REQUIRES: scraped.store): rule files named relative to
// `test_dir`. Throws std::invalid_argument when promtool cannot replay the drill's timing (an
// evaluation offset; a sample off the grid).
std::string promtool_test_text(const model::Scenario& scenario, const engine::ScrapedSeries& scraped,
                               const std::string& test_dir);

// Writes whichever of the two files is named (empty: not written). Throws report::WriteError.
void write_scraped_series(const model::Scenario& scenario, const engine::ScrapedSeries& scraped,
                          const std::string& export_series_file, const std::string& openmetrics_file);

// "Rule file alerts": one line per state change (time, alert, labels, state).
void print_rule_alerts(std::ostream& out, const engine::ScrapedSeries& scraped);

}  // namespace drillsim::cli
