// libFuzzer target for the plan loader: the input is a plan file ("plan": "plan.json") next to a fixed,
// valid scenario, so the file is read as drillsim reads it (read_text_file, then the plan's format).
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "io/input_error.hpp"
#include "io/scenario_loader.hpp"

namespace {

const std::filesystem::path& directory() {
  static const std::filesystem::path dir = [] {
    auto d = std::filesystem::temp_directory_path() / ("drillsim-plan-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    std::ofstream(d / "scenario.json") << R"({"name": "fuzz", "duration_s": 600, "services": [
      {"name": "checkout", "service_time": 0.05, "versions": {"stable": {"replicas": 2}, "new": {"replicas": 2}},
       "traffic": {"rate": {"kind": "constant", "rps": 10}}}],
      "stores": [{"name": "orders"}], "plan": "plan.json"})";
    return d;
  }();
  return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto& dir = directory();
  {
    std::ofstream out(dir / "plan.json", std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    (void)drillsim::io::load_scenario(dir / "scenario.json");
  } catch (const drillsim::io::InputError& e) {
    if (std::string_view(e.what()).size() > 1500) std::abort();
  }
  return 0;
}
