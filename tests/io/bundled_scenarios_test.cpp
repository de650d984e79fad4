// Every scenario shipped under scenarios/ must load: a bundled file that the loader rejects is a bug in
// the file or in the loader. Passes when the directory holds no JSON yet.
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

}  // namespace
}  // namespace drillsim::io
