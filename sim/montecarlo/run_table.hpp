// The per-run table of a Monte Carlo study, kept out of memory (docs/monte-carlo.md, flat memory): each
// run's summary is appended as a compact binary record to an anonymous temporary file, with every name
// (service, level, input, exit state) stored once in memory and referred to by its index. What stays in
// memory per run is its index and where its record is (24 bytes), so the coordinator's memory hardly
// grows with the number of runs; the aggregate's statistics and the JSON table are streamed from the
// file, one run decoded at a time, in run order.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "montecarlo/summary.hpp"

namespace drillsim::montecarlo {

class RunTable {
 public:
  // The file is created in $TMPDIR (else /tmp) and unlinked at once: nothing is left behind, even if the
  // process is killed. Throws std::runtime_error when no temporary file can be created.
  RunTable();
  explicit RunTable(const std::vector<RunSummary>& runs);
  ~RunTable();
  RunTable(RunTable&& other) noexcept;
  RunTable& operator=(RunTable&& other) noexcept;
  RunTable(const RunTable&) = delete;
  RunTable& operator=(const RunTable&) = delete;

  // Appends a run, in any order. REQUIRES: its run index is not in the table yet (not checked).
  // Throws std::runtime_error when the file cannot be written.
  void add(const RunSummary& run);

  std::size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }

  // Calls `visit` with each run in increasing run index. The summary passed is reused from one call to
  // the next: copy what must outlive the call.
  void for_each(const std::function<void(const RunSummary&)>& visit) const;
  // The run with the smallest index. REQUIRES: !empty().
  RunSummary front() const;
  // Every run, in run order (for the few callers that need them all at once).
  std::vector<RunSummary> to_vector() const;

  // The bytes of the temporary file and the distinct names kept in memory (for tests and benches).
  std::uint64_t file_bytes() const { return end_; }
  std::size_t names() const { return names_.size(); }

 private:
  struct Entry {
    std::uint64_t run = 0;
    std::uint64_t offset = 0;
    std::uint64_t length = 0;
  };
  std::uint32_t name_index(const std::string& name);
  void sort() const;
  void read_at(std::uint64_t offset, std::uint64_t length, std::string& out) const;
  void decode(const std::string& record, RunSummary& run) const;

  int fd_ = -1;
  std::uint64_t end_ = 0;
  std::vector<std::string> names_;
  std::unordered_map<std::string, std::uint32_t> index_;
  mutable std::vector<Entry> entries_;
  mutable bool sorted_ = true;
  // A read-ahead window over the file: records arrive nearly in run order, so most reads hit it.
  mutable std::string window_;
  mutable std::uint64_t window_offset_ = 0;
};

}  // namespace drillsim::montecarlo
