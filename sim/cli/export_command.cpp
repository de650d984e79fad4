#include "cli/export_command.hpp"

#include <fmt/format.h>
#include <boost/program_options.hpp>

#include <filesystem>
#include <iostream>
#include <sstream>
#include <vector>

#include "cli/options.hpp"
#include "io/input_error.hpp"
#include "io/json_reader.hpp"
#include "io/scenario_loader.hpp"
#include "report/formats/csv_tables.hpp"
#include "report/formats/html_report.hpp"
#include "report/formats/junit_xml.hpp"
#include "report/formats/markdown_summary.hpp"
#include "report/report_json.hpp"
#include "report/report_writer.hpp"

namespace drillsim::cli {

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace {

const char* const kUsage =
    "Usage: drillsim export REPORT.json [--html FILE] [--markdown FILE] [--junit FILE] [--csv DIR] "
    "[--quiet]\n"
    "Writes a drill's report as a self-contained HTML page, a Markdown incident summary, JUnit XML (one\n"
    "test case per objective and level claim) and CSV tables (docs/report-formats.md). At least one\n"
    "output is needed.\n\n"
    "Options";

const char* const kReportUsage =
    "Usage: drillsim report REPORT.json --format html|md|junit|csv -o FILE [--format ... -o ...] [--quiet]\n"
    "Writes a drill's report in the forms people and CI read: one self-contained HTML page, a Markdown\n"
    "incident summary, JUnit XML (one test case per objective and level claim) or CSV tables in a\n"
    "directory (docs/report-formats.md). Each --format takes the -o that follows it; the same writers as\n"
    "drillsim export and the viewer's export.\n\n"
    "Options";

report::Report read_report(const std::string& file) {
  const io::Json json = io::parse_json(io::read_text_file(file, io::kMaxReportFileBytes), file);
  try {
    return report::report_from_json(json);
  } catch (const report::ReportFormatError& e) {
    throw io::InputError(file, e.pointer(), e.problem() + " (is it a report written by drillsim run?)");
  }
}

// Parses `drillsim COMMAND REPORT.json OPTIONS...` against `described` plus the positional report into
// `vm`. Prints the help and returns nullopt for --help; throws UsageError on a bad option or not exactly
// one report (`example` shows how to call it).
std::optional<std::string> parse_one_report(const po::options_description& described, int argc,
                                            const char* const argv[], const std::string& command,
                                            const std::string& example, po::variables_map& vm) {
  po::options_description hidden;
  hidden.add_options()("files", po::value<std::vector<std::string>>());
  po::options_description all;
  all.add(described).add(hidden);
  po::positional_options_description positional;
  positional.add("files", -1);
  try {
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError(command + ": " + e.what() + " (see drillsim " + command + " --help)");
  }
  if (vm.count("help")) {
    std::cout << described << "\n";
    return std::nullopt;
  }
  const auto files =
      vm.count("files") ? vm["files"].as<std::vector<std::string>>() : std::vector<std::string>{};
  if (files.size() != 1)
    throw UsageError(fmt::format("{} takes one report, got {}: {}", command, files.size(), example));
  return files.front();
}

}  // namespace

std::optional<ExportOptions> parse_export_options(int argc, const char* const argv[]) {
  ExportOptions options;
  po::options_description described(kUsage);
  described.add_options()("html", po::value<std::string>(&options.html_file)->value_name("FILE"),
                          "write one self-contained HTML page: verdicts, charts, timeline, plan")(
      "markdown", po::value<std::string>(&options.markdown_file)->value_name("FILE"),
      "write the incident summary as GitHub-flavoured Markdown")(
      "junit", po::value<std::string>(&options.junit_file)->value_name("FILE"),
      "write JUnit XML: a test case per objective and level claim")(
      "csv", po::value<std::string>(&options.csv_dir)->value_name("DIR"),
      "write series.csv, instants.csv and steps.csv in DIR (created if missing)")(
      "quiet,q", po::bool_switch(&options.quiet), "print nothing on success")("help,h", "show this help");
  po::variables_map vm;
  const auto report_file =
      parse_one_report(described, argc, argv, "export", "drillsim export REPORT.json --markdown FILE", vm);
  if (!report_file) return std::nullopt;
  options.report_file = *report_file;
  for (const char* name : {"html", "markdown", "junit", "csv"}) {
    if (vm.count(name) && vm[name].as<std::string>().empty())
      throw UsageError(fmt::format("--{} needs a {}, got \"\"", name,
                                   std::string(name) == "csv" ? "directory" : "file name"));
  }
  if (options.html_file.empty() && options.markdown_file.empty() && options.junit_file.empty() &&
      options.csv_dir.empty())
    throw UsageError(
        "export: nothing to write; give --html FILE, --markdown FILE, --junit FILE and/or --csv DIR");
  return options;
}

std::optional<ExportOptions> parse_report_options(int argc, const char* const argv[]) {
  std::vector<std::string> formats;
  std::vector<std::string> outputs;
  bool quiet = false;
  po::options_description described(kReportUsage);
  described.add_options()("format,f", po::value<std::vector<std::string>>(&formats)->value_name("FORMAT"),
                          "html, md (Markdown), junit or csv; repeat it for several forms")(
      "output,o", po::value<std::vector<std::string>>(&outputs)->value_name("FILE"),
      "where the form before it goes: a file; a directory for csv")(
      "quiet,q", po::bool_switch(&quiet), "print nothing on success")("help,h", "show this help");
  po::variables_map vm;
  const auto report_file = parse_one_report(described, argc, argv, "report",
                                            "drillsim report REPORT.json --format html -o REPORT.html", vm);
  if (!report_file) return std::nullopt;
  if (formats.empty()) throw UsageError("report: nothing to write; give --format html|md|junit|csv -o FILE");
  if (formats.size() != outputs.size())
    throw UsageError(fmt::format("report: each --format needs its own -o (got {} formats and {} outputs)",
                                 formats.size(), outputs.size()));
  ExportOptions options;
  options.report_file = *report_file;
  options.quiet = quiet;
  for (std::size_t i = 0; i < formats.size(); ++i) {
    const std::string& format = formats[i];
    std::string* target = format == "html"                         ? &options.html_file
                          : format == "md" || format == "markdown" ? &options.markdown_file
                          : format == "junit"                      ? &options.junit_file
                          : format == "csv"                        ? &options.csv_dir
                                                                   : nullptr;
    if (target == nullptr)
      throw UsageError("report: unknown format \"" + format + "\"; the formats are html, md, junit, csv");
    if (outputs[i].empty()) throw UsageError("report: -o for " + format + " is empty");
    if (!target->empty()) throw UsageError("report: --format " + format + " is given twice");
    *target = outputs[i];
  }
  return options;
}

namespace {

int write_forms(const std::optional<ExportOptions>& options) {
  try {
    if (!options) return kAllObjectivesMet;
    const report::Report rep = read_report(options->report_file);
    std::vector<std::string> written;
    if (!options->html_file.empty()) {
      report::write_text_atomically(report::formats::html_report(rep), options->html_file);
      written.push_back(options->html_file);
    }
    if (!options->markdown_file.empty()) {
      report::write_text_atomically(report::formats::markdown_summary(rep), options->markdown_file);
      written.push_back(options->markdown_file);
    }
    if (!options->junit_file.empty()) {
      report::write_text_atomically(
          report::formats::junit_xml(rep, report::formats::file_written_at(options->report_file)),
          options->junit_file);
      written.push_back(options->junit_file);
    }
    if (!options->csv_dir.empty()) {
      const report::formats::CsvTables tables = report::formats::csv_tables(rep);
      const fs::path dir(options->csv_dir);
      for (const auto& [name, text] :
           {std::pair{kCsvSeriesFile, &tables.series}, std::pair{kCsvInstantsFile, &tables.instants},
            std::pair{kCsvStepsFile, &tables.steps}}) {
        report::write_text_atomically(*text, dir / name);
        written.push_back((dir / name).string());
      }
    }
    if (!options->quiet) {
      for (const auto& file : written)
        std::cout << "Written " << file << "\n";
    }
    return kAllObjectivesMet;
  } catch (const UsageError& e) {
    std::cerr << "drillsim: " << e.what() << "\n";
    return kUsageError;
  } catch (const io::InputError& e) {
    std::cerr << "drillsim: invalid input: " << e.what() << "\n";
    return kInvalidInput;
  } catch (const report::WriteError& e) {
    std::cerr << "drillsim: cannot write the export: " << e.what() << "\n";
    return kCannotWriteOutput;
  } catch (const std::bad_alloc&) {
    std::cerr << "drillsim: out of memory reading the report\n";
    return kOutOfMemory;
  } catch (const std::exception& e) {
    std::cerr << "drillsim: internal error: " << e.what() << " (please report it with the report file)\n";
    return kInternalError;
  }
}

}  // namespace

int export_main(int argc, char* argv[]) {
  std::optional<ExportOptions> options;
  try {
    options = parse_export_options(argc, argv);
  } catch (const UsageError& e) {
    std::cerr << "drillsim: " << e.what() << "\n";
    return kUsageError;
  }
  return write_forms(options);
}

int report_main(int argc, char* argv[]) {
  std::optional<ExportOptions> options;
  try {
    options = parse_report_options(argc, argv);
  } catch (const UsageError& e) {
    std::cerr << "drillsim: " << e.what() << "\n";
    return kUsageError;
  }
  return write_forms(options);
}

}  // namespace drillsim::cli
