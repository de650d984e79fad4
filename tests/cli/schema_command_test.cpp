// `drillsim schema`: its arguments, what it prints and where, and its exit codes.
#include "cli/schema_command.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace drillsim::cli {
namespace {

struct Result {
  int code;
  std::string out;
  std::string err;
};

Result run(std::vector<std::string> args) {
  std::vector<char*> argv;
  for (auto& a : args)
    argv.push_back(a.data());
  std::ostringstream out;
  std::ostringstream err;
  const int code = schema_main(static_cast<int>(argv.size()), argv.data(), out, err);
  return {code, out.str(), err.str()};
}

TEST(SchemaCommand, PrintsEachFormatsSchema) {
  for (const std::string format :
       {"scenario", "plan", "report", "aggregate", "sweep", "comparison", "assessment", "capacity"}) {
    const Result r = run({format});
    ASSERT_EQ(r.code, 0) << r.err;
    const auto schema = nlohmann::json::parse(r.out);
    EXPECT_EQ(schema["$id"], "https://drillsim.dev/schema/" + format + ".schema.json");
    EXPECT_EQ(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    EXPECT_TRUE(r.err.empty());
  }
}

// The commands' names are accepted for their outputs: `drillsim schema compare` is the comparison's.
TEST(SchemaCommand, TheCommandNamesOfComparisonAndAssessment) {
  EXPECT_EQ(nlohmann::json::parse(run({"compare"}).out)["title"], "drillsim comparison");
  EXPECT_EQ(nlohmann::json::parse(run({"assess"}).out)["title"], "drillsim assessment");
  EXPECT_EQ(run({"compare"}).out, run({"comparison"}).out);
}

TEST(SchemaCommand, WritesToAFileWithOut) {
  const auto file = std::filesystem::temp_directory_path() / "drillsim_schema_command_test.json";
  const Result r = run({"--out", file.string(), "plan"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(r.out.empty());
  std::ifstream in(file);
  EXPECT_EQ(nlohmann::json::parse(in)["title"], "drillsim plan");
  std::filesystem::remove(file);
  const Result unwritable = run({"plan", "--out", "/nonexistent-dir/x.json"});
  EXPECT_EQ(unwritable.code, 1);
  EXPECT_EQ(unwritable.err, "drillsim schema: cannot write /nonexistent-dir/x.json\n");
}

TEST(SchemaCommand, DocTables) {
  const Result r = run({"scenario", "--doc-tables"});
  ASSERT_EQ(r.code, 0);
  EXPECT_EQ(r.out.rfind("<!-- fields: scenario top-level ", 0), 0u);
}

TEST(SchemaCommand, BadCommandLinesExit2WithUsage) {
  const std::string usage =
      "usage: drillsim schema scenario|plan|report|aggregate|sweep|comparison|assessment|capacity [--out FILE] "
      "[--doc-tables]\n";
  EXPECT_EQ(run({}).code, 2);
  EXPECT_EQ(run({}).err,
            "drillsim schema: which format? scenario, plan, report, aggregate, sweep, comparison, assessment or "
            "capacity\n" +
                usage);
  EXPECT_EQ(run({"runbook"}).err, "drillsim schema: unexpected argument \"runbook\"\n" + usage);
  EXPECT_EQ(run({"scenario", "plan"}).code, 2);
  EXPECT_EQ(run({"scenario", "--out"}).err, "drillsim schema: --out needs a file name\n" + usage);
  EXPECT_EQ(run({"--help"}).code, 0);
  EXPECT_EQ(run({"--help"}).out, usage);
}

}  // namespace
}  // namespace drillsim::cli
