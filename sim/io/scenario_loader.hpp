// Loading a scenario file (JSON, format in docs/scenario-format.md) into a model::Scenario. This is where
// a scenario is validated, completely, before the engine starts: every field's type and range, every
// reference to a service or to a plan's level, traffic weights that add up to 1, escalations that
// cannot go round in a cycle, and every key (an unknown key is an error, so a typo is never silently
// ignored). The plan's part of the format is in docs/plan-format.md. Defaults are applied only where
// docs/scenario-format.md lists one.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "model/scenario.hpp"

namespace drillsim::io {

// Reads and validates the scenario in `file`. The result's source_file is `file` as given.
// Throws InputError:
//   {file, "", "cannot read file: <reason>"} if the file is missing, a directory or unreadable;
//   {file, "line:col", "JSON syntax error: ..."} if it is not JSON;
//   {file, "/json/pointer", "..."} at the first invalid value (see docs/scenario-format.md, "Errors").
model::Scenario load_scenario(const std::filesystem::path& file);

// The whole file as bytes (a scenario, a plan, a runbook). Throws InputError{file, "", "cannot read
// file: <reason>"} when it is missing, a directory or unreadable.
std::string read_text_file(const std::filesystem::path& file);

// Validates the scenario in `json_text`, naming `file_label` in errors and in the result's source_file.
// Throws InputError as load_scenario does (except "cannot read file").
model::Scenario parse_scenario(std::string_view json_text, const std::string& file_label);

}  // namespace drillsim::io
