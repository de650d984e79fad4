// Loading a scenario file (JSON, format in docs/scenario-format.md) into a model::Scenario. This is where
// a scenario is validated, completely, before the engine starts: every field's type and range, every
// reference to a service or to a plan's level, traffic weights that add up to 1, escalations that
// cannot go round in a cycle, and every key (an unknown key is an error, so a typo is never silently
// ignored). The plan's part of the format is in docs/plan-format.md. Defaults are applied only where
// docs/scenario-format.md lists one.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include "model/scenario.hpp"

namespace drillsim::io {

// Limits a caller may change (the others are fixed; docs/cli.md lists them all).
struct LoadLimits {
  // The requests a drill may simulate: each service's rate integrated over duration_s, times the requests
  // its calls make (fan-out). drillsim run --max-requests raises it. At the default a drill takes a few
  // seconds of CPU.
  double max_requests = 1e7;
};

// Reads and validates the scenario in `file`. The result's source_file is `file` as given.
// Throws InputError:
//   {file, "", "cannot read file: <reason>"} if the file is missing, a directory or unreadable;
//   {file, "line:col", "JSON syntax error: ..."} if it is not JSON;
//   {file, "/json/pointer", "..."} at the first invalid value (see docs/scenario-format.md, "Errors").
model::Scenario load_scenario(const std::filesystem::path& file, const LoadLimits& limits = {});

// The largest scenario, plan or runbook file read (docs/cli.md, "Limits").
constexpr std::size_t kMaxInputFileBytes = std::size_t{16} * 1024 * 1024;
// The largest report or aggregate report read (drillsim merge).
constexpr std::size_t kMaxReportFileBytes = std::size_t{512} * 1024 * 1024;

// The whole file as bytes (a scenario, a plan, a runbook). Only a regular file is read (symbolic links
// are followed): a directory, FIFO, device or socket is refused before it is opened for reading, and
// again after (it is opened with O_NONBLOCK, so a FIFO never blocks). Throws InputError{file, "",
// "cannot read file: <reason>"} when it is missing, not a regular file, unreadable, or larger than
// `max_bytes`.
std::string read_text_file(const std::filesystem::path& file, std::size_t max_bytes = kMaxInputFileBytes);

// Validates the scenario in `json_text`, naming `file_label` in errors and in the result's source_file.
// Throws InputError as load_scenario does (except "cannot read file").
model::Scenario parse_scenario(std::string_view json_text, const std::string& file_label,
                               const LoadLimits& limits = {});

}  // namespace drillsim::io
