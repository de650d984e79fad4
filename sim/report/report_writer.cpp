#include "report/report_writer.hpp"

#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>

#include "report/report_json.hpp"

namespace drillsim::report {

namespace fs = std::filesystem;

WriteError::WriteError(fs::path path, const std::string& reason)
    : std::runtime_error(path.string() + ": " + reason), path_(std::move(path)) {}

namespace {

std::string os_reason(int error) {
  return std::system_category().message(error);
}

// The temporary file being written, for the signal handler: SIGINT or SIGTERM during a write removes
// it, then ends the process as the signal would have (unlink and raise are async-signal-safe).
char g_temp_path[PATH_MAX];
volatile std::sig_atomic_t g_temp_active = 0;

extern "C" void remove_temp_and_die(int signal) {
  if (g_temp_active) ::unlink(g_temp_path);
  std::signal(signal, SIG_DFL);
  std::raise(signal);
}

// While alive, SIGINT and SIGTERM remove `temp` before ending the process; the previous handlers come
// back afterwards.
class RemoveOnSignal {
 public:
  explicit RemoveOnSignal(const fs::path& temp) {
    const std::string& name = temp.native();
    if (name.size() >= sizeof g_temp_path) return;  // Not tracked; the name cannot be that long anyway.
    std::memcpy(g_temp_path, name.c_str(), name.size() + 1);
    struct sigaction action {};
    action.sa_handler = remove_temp_and_die;
    sigemptyset(&action.sa_mask);
    installed_ =
        ::sigaction(SIGINT, &action, &old_int_) == 0 && ::sigaction(SIGTERM, &action, &old_term_) == 0;
    g_temp_active = 1;
  }
  RemoveOnSignal(const RemoveOnSignal&) = delete;
  RemoveOnSignal& operator=(const RemoveOnSignal&) = delete;
  ~RemoveOnSignal() {
    g_temp_active = 0;
    if (installed_) {
      ::sigaction(SIGINT, &old_int_, nullptr);
      ::sigaction(SIGTERM, &old_term_, nullptr);
    }
  }

 private:
  bool installed_ = false;
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
};

// Blocks SIGINT and SIGTERM for this thread until unblock() or the end of its scope.
class SignalsBlocked {
 public:
  SignalsBlocked() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    blocked_ = ::pthread_sigmask(SIG_BLOCK, &set, &old_) == 0;
  }
  SignalsBlocked(const SignalsBlocked&) = delete;
  SignalsBlocked& operator=(const SignalsBlocked&) = delete;
  ~SignalsBlocked() { unblock(); }
  void unblock() {
    if (blocked_) ::pthread_sigmask(SIG_SETMASK, &old_, nullptr);
    blocked_ = false;
  }

 private:
  sigset_t old_{};
  bool blocked_ = false;
};

// What an existing output path is, by lstat: the final name is never followed. A regular file is
// replaced (keeping its permission bits); a symbolic link, directory, device, FIFO or socket is refused,
// so that --out /dev/stdout, a link planted in a shared reports/ directory or a typo naming a directory
// never turns into a file the user did not name. Directories along the path are the user's choice and
// are followed. Returns the mode to keep, or nullopt when nothing exists there.
std::optional<mode_t> existing_mode(const fs::path& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return std::nullopt;  // Absent (or unreachable: the create fails).
  if (S_ISREG(st.st_mode)) return st.st_mode & 07777;
  const char* what = S_ISLNK(st.st_mode)    ? "a symbolic link (name its target instead)"
                     : S_ISDIR(st.st_mode)  ? "a directory"
                     : S_ISCHR(st.st_mode)  ? "a character device"
                     : S_ISBLK(st.st_mode)  ? "a block device"
                     : S_ISFIFO(st.st_mode) ? "a FIFO"
                     : S_ISSOCK(st.st_mode) ? "a socket"
                                            : "not a regular file";
  throw WriteError(path, std::string("it is ") + what + "; drillsim only creates or replaces regular files");
}

// Owns an open temporary file: closes it and, unless released, removes it on every exit path.
class TempFile {
 public:
  TempFile(int fd, fs::path path) : fd_(fd), path_(std::move(path)) {}
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!released_) ::unlink(path_.c_str());
  }

  int fd() const { return fd_; }
  const fs::path& path() const { return path_; }
  // Closes the descriptor; returns 0 or an errno value (close can report a deferred write error).
  int close() {
    const int rc = ::close(fd_);
    fd_ = -1;
    return rc == 0 ? 0 : errno;
  }
  void release() { released_ = true; }

 private:
  int fd_;
  fs::path path_;
  bool released_ = false;
};

// Creates ".<name>.tmp.<pid>.<n>" next to the target. O_EXCL guarantees that the file is ours; mode
// 0666 minus the umask gives the report the permissions of an ordinary new file.
TempFile create_temp_next_to(const fs::path& path) {
  static std::atomic<unsigned> counter{0};
  const fs::path dir = path.parent_path();
  for (int attempt = 0;; ++attempt) {
    const fs::path temp = dir / ("." + path.filename().string() + ".tmp." + std::to_string(::getpid()) + "." +
                                 std::to_string(counter.fetch_add(1)));
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0) return TempFile(fd, temp);
    const int error = errno;
    if (error != EEXIST || attempt >= 100) {
      throw WriteError(path, "cannot create a temporary file in " + (dir.empty() ? "." : dir.string()) +
                                 ": " + os_reason(error));
    }
  }
}

// Writes whole buffers to the temporary file, retrying after a signal; a failure is a WriteError.
void write_all(const fs::path& path, const TempFile& temp, const char* data, std::size_t left) {
  while (left > 0) {
    const ssize_t n = ::write(temp.fd(), data, left);
    if (n < 0) {
      const int error = errno;
      if (error == EINTR) continue;
      throw WriteError(path, "cannot write " + temp.path().string() + ": " + os_reason(error));
    }
    data += n;
    left -= static_cast<std::size_t>(n);
  }
}

// The serializer's output, in 64 KiB pieces straight to the temporary file: a long drill's report
// never exists as one string in memory.
class FileOutput final : public nlohmann::detail::output_adapter_protocol<char> {
 public:
  FileOutput(const fs::path& path, const TempFile& temp) : path_(path), temp_(temp) {
    buffer_.reserve(kSize);
  }
  void write_character(char c) override {
    buffer_.push_back(c);
    if (buffer_.size() >= kSize) flush();
  }
  void write_characters(const char* s, std::size_t length) override {
    if (buffer_.size() + length > kSize) flush();
    if (length >= kSize) {
      write_all(path_, temp_, s, length);
    } else {
      buffer_.append(s, length);
    }
  }
  void flush() {
    write_all(path_, temp_, buffer_.data(), buffer_.size());
    buffer_.clear();
  }

 private:
  static constexpr std::size_t kSize = 64 * 1024;
  const fs::path& path_;
  const TempFile& temp_;
  std::string buffer_;
};

using ojson = nlohmann::ordered_json;

// Writes the report's document as serializer.dump(document, pretty, indent 2) would, but the series'
// arrays, empty in the document (to_json_without_series_arrays), are written from the report one
// element at a time: the document never holds them, so a drill's report costs no memory per value.
class StreamedReport {
 public:
  StreamedReport(FileOutput& out, nlohmann::detail::serializer<ojson>& serializer, const Report& report)
      : out_(out), serializer_(serializer), report_(report) {}

  void document(const ojson& doc) {
    object(doc, 0, [&](const std::string& key, const ojson& value, unsigned indent) {
      if (key == "series") {
        series(value, indent);
      } else {
        dump(value, indent);
      }
    });
  }

 private:
  void series(const ojson& items, unsigned indent) {
    if (!items.is_array() || items.size() != report_.series.size())
      throw std::logic_error("write_report: the document's series are not the report's");
    array(items.size(), indent, [&](std::size_t s, unsigned in) {
      const Report::Series& one = report_.series[s];
      object(items[s], in, [&](const std::string& key, const ojson& value, unsigned in2) {
        if (key == "detail") {
          if (!value.is_array() || value.size() != one.detail.size())
            throw std::logic_error("write_report: the document's detail windows are not the report's");
          array(value.size(), in2, [&](std::size_t w, unsigned in3) {
            object(value[w], in3, [&](const std::string& k, const ojson& v, unsigned in4) {
              values_or_dump(k, v, one.detail[w].data, in4);
            });
          });
        } else {
          values_or_dump(key, value, one.data, in2);
        }
      });
    });
  }
  // One of the series' arrays from `data`, or any other value as it is.
  void values_or_dump(const std::string& key, const ojson& value, const model::SecondSeries& data,
                      unsigned indent) {
    for (std::size_t k = 0; k < kSeriesArrayKeys.size(); ++k) {
      if (key != kSeriesArrayKeys[k]) continue;
      array(data.size(), indent, [&](std::size_t i, unsigned) { dump(series_array_element(data, k, i), 0); });
      return;
    }
    dump(value, indent);
  }
  void dump(const ojson& value, unsigned indent) { serializer_.dump(value, true, false, 2, indent); }
  void spaces(unsigned n) {
    static constexpr char kBlank[] = "                                ";
    for (; n > 0;) {
      const unsigned take = std::min<unsigned>(n, sizeof kBlank - 1);
      out_.write_characters(kBlank, take);
      n -= take;
    }
  }
  template <class Member>
  void object(const ojson& value, unsigned indent, Member&& member) {
    if (!value.is_object()) throw std::logic_error("write_report: expected an object in the document");
    if (value.empty()) {
      out_.write_characters("{}", 2);
      return;
    }
    out_.write_characters("{\n", 2);
    bool first = true;
    for (auto it = value.begin(); it != value.end(); ++it) {
      if (!first) out_.write_characters(",\n", 2);
      first = false;
      spaces(indent + 2);
      dump(ojson(it.key()), 0);  // The key, quoted and escaped as the serializer does.
      out_.write_characters(": ", 2);
      member(it.key(), it.value(), indent + 2);
    }
    out_.write_character('\n');
    spaces(indent);
    out_.write_character('}');
  }
  template <class Element>
  void array(std::size_t n, unsigned indent, Element&& element) {
    if (n == 0) {
      out_.write_characters("[]", 2);
      return;
    }
    out_.write_characters("[\n", 2);
    for (std::size_t i = 0; i < n; ++i) {
      if (i > 0) out_.write_characters(",\n", 2);
      spaces(indent + 2);
      element(i, indent + 2);
    }
    out_.write_character('\n');
    spaces(indent);
    out_.write_character(']');
  }

  FileOutput& out_;
  nlohmann::detail::serializer<ojson>& serializer_;
  const Report& report_;
};

// Creates the temporary file next to `path`, lets `write` fill it, flushes it and renames it over
// `path` (write_report's file rules).
void write_atomically(const fs::path& path, const std::function<void(const TempFile&)>& write) {
  if (path.empty() || !path.has_filename()) throw WriteError(path, "not a file name");
  const std::optional<mode_t> keep_mode = existing_mode(path);

  const fs::path dir = path.parent_path();
  if (!dir.empty()) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw WriteError(path, "cannot create directory " + dir.string() + ": " + ec.message());
  }

  // The temporary file exists only with its handler in place: SIGINT and SIGTERM wait (blocked) from
  // before it is created until the handler knows its name.
  SignalsBlocked blocked;
  TempFile temp = create_temp_next_to(path);
  const RemoveOnSignal remove_on_signal(temp.path());
  blocked.unblock();
  if (keep_mode && ::fchmod(temp.fd(), *keep_mode) != 0) {
    const int error = errno;
    throw WriteError(path, "cannot keep the mode of the existing file: " + os_reason(error));
  }
  write(temp);
  // Flush before the rename, so that after a crash the name never points at an empty file.
  if (::fsync(temp.fd()) != 0) {
    const int error = errno;
    throw WriteError(path, "cannot flush " + temp.path().string() + ": " + os_reason(error));
  }
  if (const int error = temp.close(); error != 0) {
    throw WriteError(path, "cannot close " + temp.path().string() + ": " + os_reason(error));
  }
  if (::rename(temp.path().c_str(), path.c_str()) != 0) {
    const int error = errno;
    throw WriteError(path, "cannot rename " + temp.path().string() + " to it: " + os_reason(error));
  }
  temp.release();
}

}  // namespace

void write_report(const Report& report, const fs::path& path) {
  if (path.empty() || !path.has_filename()) throw WriteError(path, "not a file name");

  nlohmann::ordered_json json;
  try {
    json = to_json_without_series_arrays(report);
  } catch (const std::exception& e) {
    throw WriteError(path, std::string("cannot serialise the report: ") + e.what());
  }
  write_atomically(path, [&](const TempFile& temp) {
    auto output = std::make_shared<FileOutput>(path, temp);
    try {
      nlohmann::detail::serializer<nlohmann::ordered_json> serializer(
          output, ' ', nlohmann::ordered_json::error_handler_t::replace);
      StreamedReport(*output, serializer, report).document(json);
    } catch (const WriteError&) {
      throw;
    } catch (const std::exception& e) {
      throw WriteError(path, std::string("cannot serialise the report: ") + e.what());
    }
    output->write_character('\n');
    output->flush();
  });
}

void write_text_atomically(const std::string& text, const fs::path& path) {
  write_atomically(path, [&](const TempFile& temp) { write_all(path, temp, text.data(), text.size()); });
}

}  // namespace drillsim::report
