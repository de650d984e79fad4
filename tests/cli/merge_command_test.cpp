// drillsim merge (cli/merge_command.cpp): shards of one study, each run in its own forked drill and
// written as `drillsim run --shard i/K` writes them, merge into the file the whole study writes, byte for
// byte; an unreadable or incomplete set of inputs is an input error naming the file.
#include "cli/merge_command.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/monte_carlo.hpp"
#include "cli/options.hpp"
#include "io/input_error.hpp"
#include "io/scenario_loader.hpp"
#include "montecarlo/aggregate.hpp"

namespace drillsim::cli {
namespace {

namespace fs = std::filesystem;

const std::string kScenario = std::string(DRILLSIM_TEST_DATA) + "/montecarlo/exponential-ack.json";
constexpr std::uint64_t kRuns = 7;
constexpr std::uint64_t kSeed = 5;

fs::path work_dir() {
  const fs::path dir = fs::temp_directory_path() / ("drillsim-merge-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir;
}

// Shard `index` of `count` (count 0: the whole study), written to `file` as drillsim run writes it.
void write_study(const model::Scenario& scenario, std::uint64_t index, std::uint64_t count,
                 const fs::path& file) {
  montecarlo::Study info;
  info.scenario_name = scenario.name;
  info.runs = kRuns;
  info.seed = kSeed;
  StudyRun run;
  run.seed = kSeed;
  run.end = kRuns;
  if (count > 0) {
    const montecarlo::RunRange range = montecarlo::shard_range(kRuns, index, count);
    run.first = range.first;
    run.end = range.end;
    info.shard_index = index;
    info.shard_count = count;
  }
  const auto aggregate =
      montecarlo::build_aggregate(info, run_study(scenario, run, engine::DrillOptions{}).to_vector());
  std::vector<montecarlo::RunTable> none;
  write_aggregate_file(aggregate, none, file.string());
}

std::string text_of(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(MergeCommand, ShardsInAnyOrderGiveTheWholeStudysFile) {
  const fs::path dir = work_dir();
  const model::Scenario scenario = io::load_scenario(kScenario);
  write_study(scenario, 0, 0, dir / "whole.json");
  for (std::uint64_t i = 0; i < 3; ++i)
    write_study(scenario, i, 3, dir / ("shard" + std::to_string(i) + ".json"));
  MergeOptions options;
  options.files = {(dir / "shard2.json").string(), (dir / "shard0.json").string(),
                   (dir / "shard1.json").string()};
  options.out_file = (dir / "merged.json").string();
  options.quiet = true;
  EXPECT_EQ(merge_shards(options), kAllObjectivesMet);  // No run broke an invariant.
  EXPECT_EQ(text_of(dir / "merged.json"), text_of(dir / "whole.json"));
  fs::remove_all(dir);
}

TEST(MergeCommand, AMissingShardOrAnUnreadableFileIsAnInputErrorNamingTheFile) {
  const fs::path dir = work_dir();
  const model::Scenario scenario = io::load_scenario(kScenario);
  for (std::uint64_t i = 0; i < 2; ++i)
    write_study(scenario, i, 3, dir / ("shard" + std::to_string(i) + ".json"));
  MergeOptions options;
  options.files = {(dir / "shard0.json").string(), (dir / "shard1.json").string()};
  options.out_file = (dir / "merged.json").string();
  options.quiet = true;
  try {
    merge_shards(options);
    FAIL() << "an incomplete study was merged";
  } catch (const io::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("in no input"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(fs::exists(dir / "merged.json"));

  std::ofstream(dir / "broken.json") << "{\"kind\": ";
  options.files = {(dir / "broken.json").string()};
  try {
    merge_shards(options);
    FAIL() << "a truncated file was merged";
  } catch (const io::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("broken.json"), std::string::npos) << e.what();
  }
  options.files = {(dir / "absent.json").string()};
  EXPECT_THROW(merge_shards(options), io::InputError);
  fs::remove_all(dir);
}

// A value nested 100,000 deep (in the per-run table, where rows are read as they stream by) is an input
// error naming the file and the place, where the streaming reader once overflowed the stack (exit 139).
TEST(MergeCommand, DeepNestingIsAnInputErrorNotACrash) {
  const fs::path dir = work_dir();
  const std::size_t depth = 100000;
  std::ofstream(dir / "deep.json") << "{\"kind\": \"aggregate\", \"per_run\": [{\"run\": "
                                   << std::string(depth, '[') << std::string(depth, ']') << "}]}";
  MergeOptions options;
  options.files = {(dir / "deep.json").string(), (dir / "deep.json").string()};
  options.out_file = (dir / "merged.json").string();
  options.quiet = true;
  try {
    merge_shards(options);
    FAIL() << "a file nested 100,000 deep was merged";
  } catch (const io::InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("deep.json"), std::string::npos) << what;
    EXPECT_NE(what.find("nested deeper than the limit"), std::string::npos) << what;
  }
  EXPECT_FALSE(fs::exists(dir / "merged.json"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace drillsim::cli
