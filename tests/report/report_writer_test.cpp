// write_report: creates missing directories, replaces atomically, and leaves nothing behind on failure.
#include "report/report_writer.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cmath>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "report/report_json.hpp"
#include "test_report_fixture.hpp"

namespace drillsim::report {
namespace {

namespace fs = std::filesystem;

Report tiny_report() {
  return build_report(testing::tiny_scenario(), testing::tiny_result(), "drillsim 0.1.0");
}

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> names_in(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir))
    names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

// A fresh directory per test (ctest may run tests in parallel), removed afterwards.
class WriteReport : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("drillsim_report_writer_" + std::string(info->name()) + "_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(WriteReport, CreatesMissingDirectoriesAndWritesTheJson) {
  const fs::path path = dir_ / "a" / "b" / "report.json";
  const Report report = tiny_report();
  write_report(report, path);
  ASSERT_TRUE(fs::is_regular_file(path));
  const std::string text = read(path);
  EXPECT_EQ(text, to_json(report).dump(2) + "\n");
  EXPECT_EQ(report_from_json(nlohmann::json::parse(text)).scenario.name, "tiny");
  EXPECT_EQ(names_in(path.parent_path()), (std::vector<std::string>{"report.json"}));  // no temporary left
}

// write_report streams the series' arrays from the report; the file is still to_json's document to the
// byte: a long drill's coarse series with their detail windows, null percentiles, empty arrays.
TEST_F(WriteReport, StreamedSeriesArraysGiveTheDocumentByteForByte) {
  const Report coarse =
      build_report(testing::tiny_scenario(), testing::tiny_result(), "drillsim 0.1.0", /*coarse_after_s=*/1.0);
  ASSERT_TRUE(coarse.coarse());
  ASSERT_FALSE(coarse.series.empty());
  bool detail = false;
  bool nan = false;
  for (const auto& s : coarse.series) {
    for (const auto& w : s.detail) {
      detail = detail || w.data.size() > 0;
      for (const double p : w.data.p95_s)
        nan = nan || std::isnan(p);
    }
  }
  EXPECT_TRUE(detail) << "the tiny drill's coarse report should have a detail window";
  EXPECT_TRUE(nan) << "the tiny drill should have a second without requests";
  Report empty = coarse;
  empty.series.front().data = {};
  empty.series.front().detail.clear();
  for (const Report* report : std::vector<const Report*>{&coarse, &empty}) {
    const fs::path path = dir_ / "report.json";
    write_report(*report, path);
    EXPECT_EQ(read(path), to_json(*report).dump(2) + "\n");
  }
}

TEST_F(WriteReport, ReplacesAnExistingFile) {
  const fs::path path = dir_ / "report.json";
  std::ofstream(path) << "old";
  write_report(tiny_report(), path);
  EXPECT_EQ(read(path), to_json(tiny_report()).dump(2) + "\n");
  EXPECT_EQ(names_in(dir_), (std::vector<std::string>{"report.json"}));
}

TEST_F(WriteReport, PathUnderARegularFileThrowsAndLeavesNothing) {
  const fs::path file = dir_ / "file";
  std::ofstream(file) << "x";
  const fs::path path = file / "sub" / "report.json";
  try {
    write_report(tiny_report(), path);
    FAIL() << "no WriteError";
  } catch (const WriteError& e) {
    EXPECT_EQ(e.path(), path);
    const std::string what = e.what();
    EXPECT_NE(what.find(path.string()), std::string::npos) << what;
    EXPECT_NE(what.find("Not a directory"), std::string::npos) << what;
  }
  EXPECT_FALSE(fs::exists(path));
  EXPECT_EQ(read(file), "x");
  EXPECT_EQ(names_in(dir_), (std::vector<std::string>{"file"}));
}

TEST_F(WriteReport, RenameFailureRemovesTheTemporaryFile) {
  // The target is a non-empty directory: the temporary file is written, then rename() fails.
  const fs::path path = dir_ / "report.json";
  fs::create_directories(path / "keep");
  EXPECT_THROW(write_report(tiny_report(), path), WriteError);
  EXPECT_TRUE(fs::is_directory(path));
  EXPECT_EQ(names_in(dir_), (std::vector<std::string>{"report.json"}));
}

TEST_F(WriteReport, EmptyPathThrows) {
  EXPECT_THROW(write_report(tiny_report(), fs::path()), WriteError);
}

// ---------------------------------------------------------------------------- file rules (issue 14)

std::string write_error(const fs::path& path) {
  try {
    write_text_atomically("text\n", path);
  } catch (const WriteError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no WriteError for " << path;
  return {};
}

TEST_F(WriteReport, KeepsTheModeOfTheFileItReplaces) {
  // Overwriting a report reset its mode from 600 to 644.
  const fs::path path = dir_ / "report.json";
  std::ofstream(path) << "old";
  fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
  write_report(tiny_report(), path);
  EXPECT_EQ(fs::status(path).permissions() & fs::perms::mask, fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(read(path), to_json(tiny_report()).dump(2) + "\n");
}

TEST_F(WriteReport, RefusesASymbolicLinkAndLeavesItAndItsTarget) {
  // As root, --out /dev/stdout (a link) was replaced by a regular file.
  const fs::path target = dir_ / "elsewhere.json";
  std::ofstream(target) << "precious";
  const fs::path link = dir_ / "report.json";
  fs::create_symlink(target, link);
  EXPECT_EQ(write_error(link),
            link.string() +
                ": it is a symbolic link (name its target instead); drillsim only creates or "
                "replaces regular files");
  EXPECT_TRUE(fs::is_symlink(link));
  EXPECT_EQ(read(target), "precious");
  EXPECT_EQ(names_in(dir_), (std::vector<std::string>{"elsewhere.json", "report.json"}));
}

TEST_F(WriteReport, RefusesDevicesAndDirectories) {
  EXPECT_EQ(write_error("/dev/null"),
            "/dev/null: it is a character device; drillsim only creates or replaces regular files");
  EXPECT_EQ(write_error(dir_ / "."),
            (dir_ / ".").string() + ": it is a directory; drillsim only creates or replaces regular files");
  fs::create_directories(dir_ / "sub");
  EXPECT_EQ(write_error(dir_ / "sub"),
            (dir_ / "sub").string() + ": it is a directory; drillsim only creates or replaces regular files");
}

TEST_F(WriteReport, SignalDuringTheWriteRemovesTheTemporaryFile) {
  // A kill during the write left a .tmp behind. The child writes a large text; the parent waits for its
  // temporary file to appear, then sends SIGTERM.
  const fs::path path = dir_ / "big.json";
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    const std::string text(std::size_t{64} << 20, 'x');
    try {
      for (int i = 0; i < 1000; ++i)
        write_text_atomically(text, path);
    } catch (...) {
    }
    ::_exit(0);
  }
  bool seen = false;
  for (int i = 0; i < 20000 && !seen; ++i) {
    for (const auto& name : names_in(dir_))
      seen = seen || name.find(".big.json.tmp.") == 0;
    if (!seen) ::usleep(500);
  }
  ::kill(child, SIGTERM);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(seen) << "the temporary file never appeared";
  ASSERT_TRUE(WIFSIGNALED(status)) << "the child finished before the signal";
  EXPECT_EQ(WTERMSIG(status), SIGTERM);
  for (const auto& name : names_in(dir_))
    EXPECT_EQ(name.find(".big.json.tmp."), std::string::npos) << name;
}

}  // namespace
}  // namespace drillsim::report
