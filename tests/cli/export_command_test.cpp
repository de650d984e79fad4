// `drillsim export`: the command line, and the files and exit codes on a report written by
// write_report (the writers' contents are tested in tests/report/formats/).
#include "cli/export_command.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "../report/test_report_fixture.hpp"
#include "cli/options.hpp"
#include "report/report_writer.hpp"

namespace drillsim::cli {
namespace {

namespace fs = std::filesystem;

int run_export(std::vector<std::string> args) {
  args.insert(args.begin(), "export");
  std::vector<char*> argv;
  for (auto& a : args)
    argv.push_back(a.data());
  return export_main(static_cast<int>(argv.size()), argv.data());
}

std::optional<ExportOptions> parse(std::vector<std::string> args) {
  args.insert(args.begin(), "export");
  std::vector<const char*> argv;
  for (const auto& a : args)
    argv.push_back(a.c_str());
  return parse_export_options(static_cast<int>(argv.size()), argv.data());
}

int run_report(std::vector<std::string> args) {
  args.insert(args.begin(), "report");
  std::vector<char*> argv;
  for (auto& a : args)
    argv.push_back(a.data());
  return report_main(static_cast<int>(argv.size()), argv.data());
}

std::optional<ExportOptions> parse_report(std::vector<std::string> args) {
  args.insert(args.begin(), "report");
  std::vector<const char*> argv;
  for (const auto& a : args)
    argv.push_back(a.c_str());
  return parse_report_options(static_cast<int>(argv.size()), argv.data());
}

std::string read(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class ExportCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("drillsim_export_test_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    report_ = (dir_ / "tiny.json").string();
    report::write_report(report::build_report(report::testing::tiny_scenario(),
                                              report::testing::tiny_result(), "drillsim test"),
                         report_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
  std::string report_;
};

TEST(ExportOptions, OneReportAndAtLeastOneOutput) {
  const auto options = parse({"r.json", "--markdown", "r.md", "--csv", "out"});
  ASSERT_TRUE(options.has_value());
  EXPECT_EQ(options->report_file, "r.json");
  EXPECT_EQ(options->markdown_file, "r.md");
  EXPECT_EQ(options->junit_file, "");
  EXPECT_EQ(options->csv_dir, "out");
  EXPECT_THROW(parse({"r.json"}), UsageError);                                // nothing to write
  EXPECT_THROW(parse({"--junit", "x.xml"}), UsageError);                      // no report
  EXPECT_THROW(parse({"a.json", "b.json", "--junit", "x.xml"}), UsageError);  // two reports
  EXPECT_THROW(parse({"r.json", "--junit", ""}), UsageError);                 // an empty file name
  EXPECT_EQ(parse({"r.json", "--html", "r.html"})->html_file, "r.html");      // HTML alone is enough
  EXPECT_THROW(parse({"r.json", "--html", ""}), UsageError);
  EXPECT_THROW(parse({"r.json", "--pdf", "x.pdf"}), UsageError);  // not an option
}

TEST_F(ExportCommand, WritesEveryFormAskedFor) {
  const fs::path html = dir_ / "report.html";
  const fs::path md = dir_ / "summary.md";
  const fs::path xml = dir_ / "junit.xml";
  const fs::path csv = dir_ / "csv";
  EXPECT_EQ(run_export({report_, "--html", html.string(), "--markdown", md.string(), "--junit", xml.string(),
                        "--csv", csv.string(), "-q"}),
            kAllObjectivesMet);
  EXPECT_EQ(read(html).rfind("<!DOCTYPE html>\n", 0), 0u);
  EXPECT_NE(read(html).find("<title>Drill report: tiny</title>"), std::string::npos);
  EXPECT_EQ(read(md).rfind("# Drill summary: tiny\n", 0), 0u);
  EXPECT_NE(read(xml).find("<testsuite name=\"drill tiny\""), std::string::npos);
  // The suite's timestamp is when the report file was written: ISO 8601, seconds, no zone.
  EXPECT_NE(read(xml).find(" timestamp=\"20"), std::string::npos);
  EXPECT_EQ(read(csv / kCsvInstantsFile).rfind("service,fault,instant,t_s,since_onset_s\n", 0), 0u);
  EXPECT_TRUE(fs::exists(csv / kCsvSeriesFile));
  EXPECT_TRUE(fs::exists(csv / kCsvStepsFile));
}

TEST_F(ExportCommand, AMissingOrForeignReportIsInvalidInput) {
  const fs::path md = dir_ / "summary.md";
  EXPECT_EQ(run_export({(dir_ / "absent.json").string(), "--markdown", md.string()}), kInvalidInput);
  std::ofstream(dir_ / "foreign.json") << "{\"hello\": 1}\n";
  EXPECT_EQ(run_export({(dir_ / "foreign.json").string(), "--markdown", md.string()}), kInvalidInput);
  std::ofstream(dir_ / "broken.json") << "{not json";
  EXPECT_EQ(run_export({(dir_ / "broken.json").string(), "--markdown", md.string()}), kInvalidInput);
  EXPECT_FALSE(fs::exists(md));
}

TEST_F(ExportCommand, AnUnwritableOutputExitsFour) {
  // The report file itself is not a directory: a file under it cannot be created.
  EXPECT_EQ(run_export({report_, "--markdown", report_ + "/summary.md"}), kCannotWriteOutput);
  EXPECT_EQ(run_export({report_, "--csv", report_}), kCannotWriteOutput);
}

TEST_F(ExportCommand, ABadCommandLineExitsTwo) {
  EXPECT_EQ(run_export({report_}), kUsageError);
}

// `drillsim report`: each --format takes the -o after it.
TEST(ReportOptions, EachFormatTakesTheOutputAfterIt) {
  const auto options = parse_report({"r.json", "--format", "html", "-o", "r.html", "-f", "md", "-o", "r.md",
                                     "--format", "csv", "--output", "csv/"});
  ASSERT_TRUE(options.has_value());
  EXPECT_EQ(options->report_file, "r.json");
  EXPECT_EQ(options->html_file, "r.html");
  EXPECT_EQ(options->markdown_file, "r.md");
  EXPECT_EQ(options->junit_file, "");
  EXPECT_EQ(options->csv_dir, "csv/");
  EXPECT_EQ(parse_report({"r.json", "--format", "markdown", "-o", "s.md"})->markdown_file, "s.md");
  EXPECT_EQ(parse_report({"r.json", "--format", "junit", "-o", "j.xml"})->junit_file, "j.xml");
  EXPECT_THROW(parse_report({"r.json"}), UsageError);                                    // nothing to write
  EXPECT_THROW(parse_report({"r.json", "--format", "pdf", "-o", "r.pdf"}), UsageError);  // no such format
  EXPECT_THROW(parse_report({"r.json", "--format", "html"}), UsageError);                // no -o
  EXPECT_THROW(parse_report({"r.json", "--format", "html", "-o", "a", "-o", "b"}), UsageError);
  EXPECT_THROW(parse_report({"r.json", "--format", "md", "-o", "a", "--format", "markdown", "-o", "b"}),
               UsageError);                                                      // the same form twice
  EXPECT_THROW(parse_report({"--format", "html", "-o", "r.html"}), UsageError);  // no report
  EXPECT_THROW(parse_report({"r.json", "--format", "html", "-o", ""}), UsageError);
}

TEST_F(ExportCommand, ReportWritesWhatExportWrites) {
  const fs::path a = dir_ / "a";
  const fs::path b = dir_ / "b";
  fs::create_directories(a);
  fs::create_directories(b);
  ASSERT_EQ(run_export({report_, "--html", (a / "r.html").string(), "--markdown", (a / "r.md").string(),
                        "--junit", (a / "r.xml").string(), "--csv", (a / "csv").string(), "-q"}),
            kAllObjectivesMet);
  ASSERT_EQ(run_report({report_, "--format", "html", "-o", (b / "r.html").string(), "--format", "md", "-o",
                        (b / "r.md").string(), "--format", "junit", "-o", (b / "r.xml").string(), "--format",
                        "csv", "-o", (b / "csv").string(), "-q"}),
            kAllObjectivesMet);
  for (const fs::path& name :
       {fs::path("r.html"), fs::path("r.md"), fs::path("r.xml"), fs::path("csv") / kCsvSeriesFile,
        fs::path("csv") / kCsvInstantsFile, fs::path("csv") / kCsvStepsFile}) {
    EXPECT_FALSE(read(a / name).empty()) << name;
    EXPECT_EQ(read(a / name), read(b / name)) << name;
  }
  EXPECT_EQ(run_report({report_, "--format", "pdf", "-o", (b / "r.pdf").string()}), kUsageError);
  EXPECT_EQ(run_report({(dir_ / "absent.json").string(), "--format", "md", "-o", (b / "x.md").string()}),
            kInvalidInput);
}

}  // namespace
}  // namespace drillsim::cli
