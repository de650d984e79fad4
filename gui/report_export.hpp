// File ▸ Export of the open drill report: the forms `drillsim export` writes (docs/report-formats.md),
// written by the very same functions (sim/report/formats/*: markdown_summary, junit_xml, csv_tables)
// and the same atomic writer, so that the viewer's files are byte-identical to the command's for the
// same report. The viewer holds no writer of its own: each form is one row of export_formats(), and a
// new form of the report layer is one more row.
#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "report/report.hpp"

namespace drillsim::gui {

struct ExportFormat {
  const char* id;         // What --export names it: "markdown", "junit", "csv".
  const char* menu_text;  // The File ▸ Export menu's entry.
  const char* filter;     // The save dialog's filter; unused for a directory.
  const char* suffix;  // Appended to the report's base name for the dialog's proposal ("" for a directory).
  bool directory;      // The target is a directory that gets several files (created if missing).
  // Writes `report`, read from the file `source` (its time stamps the JUnit suite, as drillsim export
  // does), to `target`, atomically per file. Returns the files written. Throws report::WriteError.
  std::vector<std::filesystem::path> (*write)(const report::Report& report, const std::string& source,
                                              const std::filesystem::path& target);
};

// Every form, in the menu's order.
std::span<const ExportFormat> export_formats();
// The form called `id`, or nullptr.
const ExportFormat* find_export_format(std::string_view id);

}  // namespace drillsim::gui
