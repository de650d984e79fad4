// A drill's tables as CSV (RFC 4180: comma-separated, CRLF-free "\n" lines, a field quoted when it
// holds a comma, quote or line break), for a spreadsheet or a notebook: the per-second series in one
// table with a column per series, the incident's instants, and the plan's steps
// (docs/report-formats.md lists every column).
#pragma once

#include <string>

#include "report/report.hpp"

namespace drillsim::report::formats {

struct CsvTables {
  // "t_s" (the start of the sample's interval), then for each report series "<service>/<version>/<field>"
  // for requests, errors, slow, p50_s, p95_s, p99_s and ready. One row per sample: per second in a
  // version-1 report, per kCoarseStepS in a coarse one (its per-second detail windows are not written).
  // A NaN percentile (no request) is an empty cell.
  std::string series;
  // "service,fault,instant,t_s,since_onset_s": each instant of each incident, empty cells when absent.
  std::string instants;
  // "n,level,step,action,start_s,end_s,duration_s,status,attempts,detail,source_line", one row per
  // step in the plan's order.
  std::string steps;
};

// The three tables of `report`. Numbers are written in the shortest form that reads back exactly.
CsvTables csv_tables(const Report& report);

// One CSV field: `text` as is, or quoted (with quotes doubled) when it holds a comma, quote, CR or LF.
std::string csv_field(const std::string& text);

}  // namespace drillsim::report::formats
