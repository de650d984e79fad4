// Every scenario shipped under scenarios/, and the benchmark's reference scenario, must load: a bundled
// file that the loader rejects is a bug in the file or in the loader. Passes when scenarios/ holds no JSON.
#include <algorithm>
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
      // plan.json: an imported plan that a seed scenario refers to, not a scenario.
      if (entry.is_regular_file() && entry.path().extension() == ".json" &&
          entry.path().filename() != "plan.json")
        files.push_back(entry.path());
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

// scenarios/faults holds one drill per fault kind, named after it ("memory_leak" -> memory-leak.json).
TEST(BundledScenarios, OneFaultDrillPerFaultKind) {
  const fs::path root = fs::path(DRILLSIM_SCENARIOS_DIR) / "faults";
  for (const auto kind : model::fault_kind_names()) {
    std::string file(kind);
    std::replace(file.begin(), file.end(), '_', '-');
    SCOPED_TRACE(file);
    try {
      const model::Scenario scenario = load_scenario(root / (file + ".json"));
      ASSERT_TRUE(scenario.fault);
      EXPECT_EQ(scenario.fault->kind_name(), kind);
      EXPECT_TRUE(scenario.responder);
    } catch (const InputError& e) {
      ADD_FAILURE() << e.what();
    }
  }
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
