#include "report/report_writer.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
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

}  // namespace

void write_report(const Report& report, const fs::path& path) {
  if (path.empty() || !path.has_filename()) throw WriteError(path, "not a file name");

  std::string text;
  try {
    text = to_json(report).dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  } catch (const std::exception& e) {
    throw WriteError(path, std::string("cannot serialise the report: ") + e.what());
  }
  text += '\n';
  write_text_atomically(text, path);
}

void write_text_atomically(const std::string& text, const fs::path& path) {
  if (path.empty() || !path.has_filename()) throw WriteError(path, "not a file name");

  const fs::path dir = path.parent_path();
  if (!dir.empty()) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw WriteError(path, "cannot create directory " + dir.string() + ": " + ec.message());
  }

  TempFile temp = create_temp_next_to(path);
  const char* data = text.data();
  std::size_t left = text.size();
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

}  // namespace drillsim::report
