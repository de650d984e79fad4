#include "cli/schema_command.hpp"

#include <fstream>
#include <optional>
#include <ostream>
#include <string>

#include "schema/description.hpp"

namespace drillsim::cli {

namespace {

constexpr const char* kUsage =
    "usage: drillsim schema scenario|plan|report|aggregate|sweep|comparison|assessment|capacity [--out FILE] "
    "[--doc-tables]\n";

}  // namespace

int schema_main(int argc, char* argv[], std::ostream& out, std::ostream& err) {
  std::optional<schema::Format> format;
  std::string file;
  bool tables = false;
  for (int i = 0; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      out << kUsage;
      return 0;
    }
    if (arg == "--doc-tables") {
      tables = true;
    } else if (arg == "--out" || arg == "-o") {
      if (i + 1 == argc) {
        err << "drillsim schema: " << arg << " needs a file name\n" << kUsage;
        return 2;
      }
      file = argv[++i];
    } else if (!format && schema::format_named(arg)) {
      format = schema::format_named(arg);
    } else {
      err << "drillsim schema: unexpected argument \"" << arg << "\"\n" << kUsage;
      return 2;
    }
  }
  if (!format) {
    err << "drillsim schema: which format? scenario, plan, report, aggregate, sweep, comparison, assessment or "
           "capacity\n" << kUsage;
    return 2;
  }
  const std::string text = tables ? schema::doc_tables(*format) : schema::json_schema(*format).dump(2) + "\n";
  if (file.empty()) {
    out << text;
    return 0;
  }
  std::ofstream stream(file, std::ios::binary | std::ios::trunc);
  stream << text;
  stream.close();
  if (!stream) {
    err << "drillsim schema: cannot write " << file << "\n";
    return 1;
  }
  return 0;
}

}  // namespace drillsim::cli
