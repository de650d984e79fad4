// `drillsim export REPORT.json --html FILE --markdown FILE --junit FILE --csv DIR`: a drill's report turned
// into the forms people and CI read (docs/report-formats.md). It reads the report with report_from_json and
// writes each form atomically; it runs nothing and judges nothing itself.
#pragma once

#include <optional>
#include <string>

namespace drillsim::cli {

struct ExportOptions {
  std::string report_file;
  std::string html_file;  // "" when not asked for.
  std::string markdown_file;
  std::string junit_file;
  std::string csv_dir;
  bool quiet = false;
};

// Parses `drillsim export ...`; `argv[0]` is "export". Throws UsageError on a bad command line (no
// report, several, no output asked for, an empty file name). Returns nullopt after printing --help.
std::optional<ExportOptions> parse_export_options(int argc, const char* const argv[]);

// Parses `drillsim report REPORT.json --format html|md|junit|csv -o FILE ...`; `argv[0]` is "report".
// Each --format is paired with the -o after it (a directory for csv). Throws UsageError on an unknown
// format, a format given twice, formats and outputs that do not pair up, or no report. Returns nullopt
// after printing --help.
std::optional<ExportOptions> parse_report_options(int argc, const char* const argv[]);

// The files that --csv DIR gets, in DIR: series.csv, instants.csv, steps.csv.
inline constexpr const char* kCsvSeriesFile = "series.csv";
inline constexpr const char* kCsvInstantsFile = "instants.csv";
inline constexpr const char* kCsvStepsFile = "steps.csv";

// Runs `drillsim export ...`; `argv[0]` is "export". Returns the exit code (docs/cli.md): 0 written,
// 2 bad command line, 3 the report cannot be read or is not a drillsim report, 4 an output cannot be
// written. Messages go to stderr as one line.
int export_main(int argc, char* argv[]);
// Runs `drillsim report ...` (argv[0] "report") with export_main's writers and exit codes.
int report_main(int argc, char* argv[]);

}  // namespace drillsim::cli
