// libFuzzer target for reading reports on the command line's side: the input streamed as `drillsim merge`
// reads an aggregate (montecarlo::read_aggregate_streaming), as a JSON document (io::parse_json, as
// `drillsim merge` reads a file it cannot stream), then as a drill report (report_from_json) and
// as an aggregate report to merge with itself (merge_aggregates). Errors are exceptions, never crashes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "io/input_error.hpp"
#include "io/json_reader.hpp"
#include "montecarlo/aggregate.hpp"
#include "report/report_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  {  // As `drillsim merge` reads a file first: streamed, its per-run rows decoded one by one.
    std::istringstream in{std::string(text)};
    drillsim::montecarlo::RunTable rows;
    try {
      (void)drillsim::montecarlo::read_aggregate_streaming(in, rows, drillsim::io::kMaxJsonDepth);
    } catch (const nlohmann::json::exception&) {
    } catch (const drillsim::montecarlo::AggregateError&) {
    }
  }
  drillsim::io::Json document;
  try {
    document = drillsim::io::parse_json(text, "fuzz.json");
  } catch (const drillsim::io::InputError& e) {
    if (std::string_view(e.what()).size() > 1500) std::abort();
    return 0;
  }
  try {
    (void)drillsim::report::report_from_json(nlohmann::json::parse(document.dump()));
  } catch (const drillsim::report::ReportFormatError&) {
  }
  try {
    (void)drillsim::montecarlo::merge_aggregates({document, document}, {"a.json", "b.json"});
  } catch (const drillsim::montecarlo::AggregateError&) {
  }
  return 0;
}
