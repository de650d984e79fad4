#include "montecarlo/run_table.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace drillsim::montecarlo {

namespace {

constexpr std::uint64_t kWindow = 1U << 16;

std::string system_error(const std::string& what) {
  return "per-run table: " + what + ": " + std::strerror(errno);
}

int temporary_file() {
  const char* env = std::getenv("TMPDIR");
  const std::string dir = env != nullptr && *env != '\0' ? env : "/tmp";
#ifdef O_TMPFILE
  const int fd = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd >= 0) return fd;
#endif
  // A file system without O_TMPFILE: a named file, unlinked at once.
  std::string name = dir + "/drillsim-runs.XXXXXX";
  const int named = ::mkostemp(name.data(), O_CLOEXEC);
  if (named < 0) throw std::runtime_error(system_error("cannot create a temporary file in " + dir));
  ::unlink(name.c_str());
  return named;
}

template <typename T>
void put(std::string& out, T value) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  out.append(bytes, sizeof(T));
}

void put_optional(std::string& out, const std::optional<double>& value) {
  put<std::uint8_t>(out, value ? 1 : 0);
  if (value) put<double>(out, *value);
}

class Reader {
 public:
  explicit Reader(const std::string& record) : record_(record) {}
  template <typename T>
  T get() {
    if (at_ + sizeof(T) > record_.size()) throw std::runtime_error("per-run table: truncated record");
    T value;
    std::memcpy(&value, record_.data() + at_, sizeof(T));
    at_ += sizeof(T);
    return value;
  }
  std::optional<double> optional() {
    if (get<std::uint8_t>() == 0) return std::nullopt;
    return get<double>();
  }
  void text(std::string& out, std::uint32_t length) {
    if (at_ + length > record_.size()) throw std::runtime_error("per-run table: truncated record");
    out.assign(record_, at_, length);
    at_ += length;
  }

 private:
  const std::string& record_;
  std::size_t at_ = 0;
};

}  // namespace

RunTable::RunTable() : fd_(temporary_file()) {}

RunTable::RunTable(const std::vector<RunSummary>& runs) : RunTable() {
  for (const auto& run : runs)
    add(run);
}

RunTable::~RunTable() {
  if (fd_ >= 0) ::close(fd_);
}

RunTable::RunTable(RunTable&& other) noexcept
    : fd_(other.fd_),
      end_(other.end_),
      names_(std::move(other.names_)),
      index_(std::move(other.index_)),
      entries_(std::move(other.entries_)),
      sorted_(other.sorted_),
      window_(std::move(other.window_)),
      window_offset_(other.window_offset_) {
  other.fd_ = -1;
  other.end_ = 0;
  other.entries_.clear();
  other.window_.clear();
}

RunTable& RunTable::operator=(RunTable&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    end_ = other.end_;
    names_ = std::move(other.names_);
    index_ = std::move(other.index_);
    entries_ = std::move(other.entries_);
    sorted_ = other.sorted_;
    window_ = std::move(other.window_);
    window_offset_ = other.window_offset_;
    other.fd_ = -1;
    other.end_ = 0;
    other.entries_.clear();
    other.window_.clear();
  }
  return *this;
}

std::uint32_t RunTable::name_index(const std::string& name) {
  const auto [it, inserted] = index_.try_emplace(name, static_cast<std::uint32_t>(names_.size()));
  if (inserted) names_.push_back(name);
  return it->second;
}

void RunTable::add(const RunSummary& s) {
  std::string r;
  put<std::uint64_t>(r, s.run);
  put<std::uint64_t>(r, s.seed);
  put<std::uint32_t>(r, name_index(s.exit_state));
  put_optional(r, s.time_to_detect_s);
  put_optional(r, s.time_to_decide_s);
  put_optional(r, s.time_to_rollback_s);
  put_optional(r, s.time_to_restore_s);
  put_optional(r, s.restore_or_censored_s);
  put<double>(r, s.downtime_s);
  put<std::uint64_t>(r, s.requests_failed);
  put<std::uint64_t>(r, s.users_affected);
  put<double>(r, s.data_loss_window_s);
  put<std::uint64_t>(r, s.writes_lost);
  put<std::uint32_t>(r, static_cast<std::uint32_t>(s.objectives.size()));
  for (const auto& o : s.objectives) {
    put<std::uint32_t>(r, name_index(o.service));
    put<double>(r, o.rto_s);
    put<double>(r, o.rpo_s);
    put_optional(r, o.time_to_restore_s);
    put<double>(r, o.data_loss_window_s);
    put<std::uint8_t>(r, o.rto_met ? 1 : 0);
    put<std::uint8_t>(r, o.rpo_met ? 1 : 0);
  }
  put<std::uint32_t>(r, static_cast<std::uint32_t>(s.levels.size()));
  for (const auto& l : s.levels) {
    put<std::uint32_t>(r, name_index(l.level));
    put<std::uint8_t>(r, !l.met ? 0 : (*l.met ? 2 : 1));
  }
  put<std::uint32_t>(r, static_cast<std::uint32_t>(s.inputs.size()));
  for (const auto& in : s.inputs) {
    put<std::uint32_t>(r, name_index(in.name));
    put<double>(r, in.value);
  }
  // Violations name the run's own figures: kept in the record, not among the names.
  put<std::uint32_t>(r, static_cast<std::uint32_t>(s.violations.size()));
  for (const auto& v : s.violations) {
    put<std::uint32_t>(r, static_cast<std::uint32_t>(v.size()));
    r += v;
  }
  std::size_t written = 0;
  while (written < r.size()) {
    const ssize_t n =
        ::pwrite(fd_, r.data() + written, r.size() - written, static_cast<off_t>(end_ + written));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw std::runtime_error(system_error("cannot write the temporary file"));
    written += static_cast<std::size_t>(n);
  }
  if (!entries_.empty() && entries_.back().run > s.run) sorted_ = false;
  entries_.push_back({s.run, end_, r.size()});
  end_ += r.size();
}

void RunTable::sort() const {
  if (sorted_) return;
  std::stable_sort(entries_.begin(), entries_.end(),
                   [](const Entry& a, const Entry& b) { return a.run < b.run; });
  sorted_ = true;
}

void RunTable::read_at(std::uint64_t offset, std::uint64_t length, std::string& out) const {
  if (offset < window_offset_ || offset + length > window_offset_ + window_.size()) {
    window_.resize(static_cast<std::size_t>(std::max(kWindow, length)));
    std::size_t got = 0;
    while (got < window_.size()) {
      const ssize_t n =
          ::pread(fd_, window_.data() + got, window_.size() - got, static_cast<off_t>(offset + got));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) throw std::runtime_error(system_error("cannot read the temporary file"));
      if (n == 0) break;
      got += static_cast<std::size_t>(n);
    }
    window_.resize(got);
    window_offset_ = offset;
    if (got < length) throw std::runtime_error("per-run table: the temporary file is shorter than written");
  }
  out.assign(window_, static_cast<std::size_t>(offset - window_offset_), static_cast<std::size_t>(length));
}

void RunTable::decode(const std::string& record, RunSummary& s) const {
  Reader r(record);
  const auto name = [&]() -> const std::string& {
    const auto i = r.get<std::uint32_t>();
    if (i >= names_.size()) throw std::runtime_error("per-run table: a name index out of range");
    return names_[i];
  };
  s.run = r.get<std::uint64_t>();
  s.seed = r.get<std::uint64_t>();
  s.exit_state = name();
  s.time_to_detect_s = r.optional();
  s.time_to_decide_s = r.optional();
  s.time_to_rollback_s = r.optional();
  s.time_to_restore_s = r.optional();
  s.restore_or_censored_s = r.optional();
  s.downtime_s = r.get<double>();
  s.requests_failed = r.get<std::uint64_t>();
  s.users_affected = r.get<std::uint64_t>();
  s.data_loss_window_s = r.get<double>();
  s.writes_lost = r.get<std::uint64_t>();
  s.objectives.resize(r.get<std::uint32_t>());
  for (auto& o : s.objectives) {
    o.service = name();
    o.rto_s = r.get<double>();
    o.rpo_s = r.get<double>();
    o.time_to_restore_s = r.optional();
    o.data_loss_window_s = r.get<double>();
    o.rto_met = r.get<std::uint8_t>() != 0;
    o.rpo_met = r.get<std::uint8_t>() != 0;
  }
  s.levels.resize(r.get<std::uint32_t>());
  for (auto& l : s.levels) {
    l.level = name();
    const auto met = r.get<std::uint8_t>();
    l.met = met == 0 ? std::nullopt : std::optional<bool>(met == 2);
  }
  s.inputs.resize(r.get<std::uint32_t>());
  for (auto& in : s.inputs) {
    in.name = name();
    in.value = r.get<double>();
  }
  s.violations.resize(r.get<std::uint32_t>());
  for (auto& v : s.violations)
    r.text(v, r.get<std::uint32_t>());
}

void RunTable::for_each(const std::function<void(const RunSummary&)>& visit) const {
  sort();
  RunSummary run;
  std::string record;
  for (const Entry& e : entries_) {
    read_at(e.offset, e.length, record);
    decode(record, run);
    visit(run);
  }
}

RunSummary RunTable::front() const {
  if (entries_.empty()) throw std::logic_error("RunTable::front: no run");
  sort();
  std::string record;
  read_at(entries_.front().offset, entries_.front().length, record);
  RunSummary run;
  decode(record, run);
  return run;
}

std::vector<RunSummary> RunTable::to_vector() const {
  std::vector<RunSummary> out;
  out.reserve(entries_.size());
  for_each([&](const RunSummary& run) { out.push_back(run); });
  return out;
}

}  // namespace drillsim::montecarlo
