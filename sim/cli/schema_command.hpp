// `drillsim schema scenario|plan|report [--out FILE] [--doc-tables]`: the JSON Schema (draft 2020-12)
// of a file format, generated from its description (sim/schema; docs/scenario-format.md, "Editor
// support and the JSON Schema"), or with --doc-tables the docs' field tables.
#pragma once

#include <iosfwd>

namespace drillsim::cli {

// Runs `drillsim schema ...`; `argc`/`argv` start after "schema". Writes to `out` (or --out FILE).
// Returns 0, 2 on a bad command line (message on `err`), 1 when FILE cannot be written.
int schema_main(int argc, char* argv[], std::ostream& out, std::ostream& err);

}  // namespace drillsim::cli
