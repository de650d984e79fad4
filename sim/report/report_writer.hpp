// Writes a report file atomically: readers (the viewer, a CI job) see either the previous file or the
// complete new one, never a partial report.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>

#include "report/report.hpp"

namespace drillsim::report {

// A report could not be written. what() names the path and the operating system's reason, e.g.
// "reports/shop.json: cannot create directory reports: Not a directory". `main` maps it to exit code 4.
class WriteError : public std::runtime_error {
 public:
  WriteError(std::filesystem::path path, const std::string& reason);
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Serialises `report` (to_json, dumped with an indent of 2 and a final newline; invalid UTF-8 in a
// string is replaced by U+FFFD) to `path`. Creates missing parent directories, writes and flushes a
// temporary file in the target directory, then renames it over `path`.
// On any failure throws WriteError; no temporary file remains, and `path` is left as it was (absent,
// or the previous file untouched): a partial report is never visible.
// File rules (docs/cli.md): an existing `path` must be a regular file, and keeps its permission bits; a
// symbolic link, directory, device, FIFO or socket there is refused (WriteError) rather than followed
// or replaced. SIGINT or SIGTERM during the write removes the temporary file before the process ends.
void write_report(const Report& report, const std::filesystem::path& path);

// Writes `text` to `path` the same way (any output file of drillsim: an imported plan, say).
void write_text_atomically(const std::string& text, const std::filesystem::path& path);

}  // namespace drillsim::report
