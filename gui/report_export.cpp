#include "gui/report_export.hpp"

#include <optional>

#include "cli/export_command.hpp"
#include "report/formats/csv_tables.hpp"
#include "report/formats/html_report.hpp"
#include "report/formats/junit_xml.hpp"
#include "report/formats/markdown_summary.hpp"
#include "report/report_writer.hpp"

namespace drillsim::gui {

namespace {

namespace fs = std::filesystem;

std::vector<fs::path> write_html(const report::Report& r, const std::string&, const fs::path& target) {
  report::write_text_atomically(report::formats::html_report(r), target);
  return {target};
}

std::vector<fs::path> write_markdown(const report::Report& r, const std::string&, const fs::path& target) {
  report::write_text_atomically(report::formats::markdown_summary(r), target);
  return {target};
}

std::vector<fs::path> write_junit(const report::Report& r, const std::string& source,
                                  const fs::path& target) {
  report::write_text_atomically(report::formats::junit_xml(r, report::formats::file_written_at(source)),
                                target);
  return {target};
}

std::vector<fs::path> write_csv(const report::Report& r, const std::string&, const fs::path& target) {
  const report::formats::CsvTables tables = report::formats::csv_tables(r);
  std::vector<fs::path> written;
  for (const auto& [name, text] :
       {std::pair{cli::kCsvSeriesFile, &tables.series}, std::pair{cli::kCsvInstantsFile, &tables.instants},
        std::pair{cli::kCsvStepsFile, &tables.steps}}) {
    report::write_text_atomically(*text, target / name);
    written.push_back(target / name);
  }
  return written;
}

constexpr ExportFormat kFormats[] = {
    {"html", "HTML report…", "HTML (*.html)", ".html", false, &write_html},
    {"markdown", "Markdown incident summary…", "Markdown (*.md)", ".md", false, &write_markdown},
    {"junit", "JUnit XML…", "JUnit XML (*.xml)", ".junit.xml", false, &write_junit},
    {"csv", "CSV tables (series, instants, steps)…", "", "", true, &write_csv},
};

}  // namespace

std::span<const ExportFormat> export_formats() {
  return kFormats;
}

const ExportFormat* find_export_format(std::string_view id) {
  for (const ExportFormat& f : kFormats) {
    if (id == f.id) return &f;
  }
  return nullptr;
}

}  // namespace drillsim::gui
