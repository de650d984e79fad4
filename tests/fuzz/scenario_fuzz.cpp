// libFuzzer target for the scenario loader: any bytes in, either a scenario or one InputError out; no
// crash, no hang, no sanitizer finding, no unbounded message. Built by scripts/fuzz.sh (clang), and
// replayed over tests/data/regressions/inputs/scenario by ctest (fuzz_replay.cpp).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "io/input_error.hpp"
#include "io/scenario_loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    (void)drillsim::io::parse_scenario(text, "fuzz.json");
  } catch (const drillsim::io::InputError& e) {
    if (std::string_view(e.what()).size() > 1500) std::abort();  // Messages are bounded (docs/cli.md).
  }
  return 0;
}
