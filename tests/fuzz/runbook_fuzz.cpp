// libFuzzer target for the runbook importer and linter: any bytes in, no crash, no hang, no sanitizer
// finding. Built and run by `./dev.sh fuzz [SECONDS]` (clang, from Debian), seeded with the bundled runbooks.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "runbook/importer.hpp"
#include "runbook/lint.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto imported = drillsim::runbook::import_runbook(text);
  const auto findings = drillsim::runbook::lint_runbook(imported);
  (void)drillsim::runbook::format_import_report(imported, "fuzz.md");
  (void)drillsim::runbook::import_to_json(imported).dump(
      -1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);  // as the CLI
  (void)drillsim::runbook::format_findings(findings, "fuzz.md");
  return 0;
}
