// The drill's report as one self-contained HTML page: what a team opens in a browser, sends to a
// manager or prints. Inline CSS and inline SVG charts drawn here; no script, no font, no image and no
// network reference, so it reads the same offline and on paper (docs/report-formats.md shows the
// layout). The words are the Markdown summary's (summary_text, verdict_text); the verdicts are the
// report's own.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "report/report.hpp"

namespace drillsim::report::formats {

// The page of `report`, ending with a newline. A pure function of the report: the same report gives
// byte-identical text. Every text from the scenario or the report is escaped (html_escape).
std::string html_report(const Report& report);

// `text` safe inside an HTML element or a quoted attribute: & < > " ' as character references.
std::string html_escape(const std::string& text);

// The points a chart draws of `values`: all of them when there are at most 2 × `buckets`; otherwise,
// for each of `buckets` runs of consecutive samples, its smallest and its largest value in the order
// they occur, so that a one-sample spike still shows. NaN samples are kept where they fall (a gap in
// the line) only when a whole run is NaN. Each point is (sample index, value).
// REQUIRES: buckets >= 1.
struct ChartPoint {
  std::size_t index = 0;
  double value = 0;
};
std::vector<ChartPoint> thin_series(const std::vector<double>& values, std::size_t buckets);

}  // namespace drillsim::report::formats
