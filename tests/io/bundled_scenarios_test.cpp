// Every scenario shipped under scenarios/, and the benchmark's reference scenario, must load: a bundled
// file that the loader rejects is a bug in the file or in the loader. Passes when scenarios/ holds no JSON.
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "io/input_error.hpp"
#include "io/scenario_loader.hpp"

namespace drillsim::io {
namespace {

namespace fs = std::filesystem;

TEST(BundledScenarios, EveryJsonFileLoads) {
  const fs::path root = DRILLSIM_SCENARIOS_DIR;
  std::vector<fs::path> files;
  if (fs::is_directory(root)) {
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
      if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry.path());
    }
  }
  for (const auto& file : files) {
    SCOPED_TRACE(file.string());
    try {
      const model::Scenario scenario = load_scenario(file);
      EXPECT_FALSE(scenario.services.empty());
    } catch (const InputError& e) {
      ADD_FAILURE() << e.what();
    }
  }
  RecordProperty("scenario_files", static_cast<int>(files.size()));
}

// The performance reference (bench/reference.json) is a scenario too.
TEST(BundledScenarios, BenchReferenceLoads) {
  try {
    const model::Scenario scenario = load_scenario(DRILLSIM_BENCH_REFERENCE);
    EXPECT_EQ(scenario.services.size(), 10u);
  } catch (const InputError& e) {
    ADD_FAILURE() << e.what();
  }
}

}  // namespace
}  // namespace drillsim::io
