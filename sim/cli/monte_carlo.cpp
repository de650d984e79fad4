#include "cli/monte_carlo.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>

#include "cli/options.hpp"
#include "drillsim/version.hpp"
#include "montecarlo/aggregate.hpp"
#include "montecarlo/seeds.hpp"
#include "report/report.hpp"
#include "report/report_writer.hpp"

namespace drillsim::cli {

namespace {

volatile sig_atomic_t g_stop = 0;

extern "C" void on_stop_signal(int) {
  g_stop = 1;
}

// Installs the handlers for the study's duration (no SA_RESTART: poll returns EINTR at once) and
// puts the previous ones back when it ends.
class StopSignals {
 public:
  StopSignals() {
    g_stop = 0;
    struct sigaction action {};
    action.sa_handler = on_stop_signal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &old_int_);
    sigaction(SIGTERM, &action, &old_term_);
  }
  ~StopSignals() {
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
  }
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

 private:
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
};

void write_all(int fd, const std::string& text) {
  const char* p = text.data();
  std::size_t left = text.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    p += n;
    left -= static_cast<std::size_t>(n);
  }
}

// The child: `work(index)` on `fd`; exits without returning (no destructors of the parent's
// objects, no atexit handlers, no flushing of the parent's buffered output twice).
[[noreturn]] void child(const ChildWork& work, std::uint64_t index, int fd) {
  signal(SIGINT, SIG_DFL);
  signal(SIGTERM, SIG_DFL);
  int status = 0;
  std::string line;
  try {
    line = work(index);
  } catch (const std::exception& e) {
    line = nlohmann::ordered_json{{"error", e.what()}}.dump(-1, ' ', false,
                                                            nlohmann::ordered_json::error_handler_t::replace);
    status = 1;
  }
  write_all(fd, line);
  ::close(fd);
  _exit(status);
}

struct Child {
  pid_t pid = -1;
  int fd = -1;
  std::uint64_t run = 0;
  std::uint64_t seed = 0;
  std::string out;
};

std::string clock_text(double s) {
  const auto total = static_cast<long>(s + 0.5);
  if (total >= 3600) return fmt::format("{}h{:02}m", total / 3600, total / 60 % 60);
  return fmt::format("{}m{:02}s", total / 60, total % 60);
}

void draw_progress(const StudyRun& study, std::uint64_t done, std::chrono::steady_clock::time_point start) {
  const std::uint64_t total = study.end - study.first;
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  constexpr int kWidth = 30;
  const int filled = total == 0 ? kWidth : static_cast<int>(kWidth * done / total);
  std::string bar(static_cast<std::size_t>(filled), '#');
  bar.resize(kWidth, '.');
  std::string eta = "—";
  if (done > 0 && done < total)
    eta = clock_text(elapsed / static_cast<double>(done) * static_cast<double>(total - done));
  if (done == total) eta = "0m00s";
  std::fprintf(stderr, "\r%s[%s] %llu/%llu runs  %s elapsed  ETA %s  ", study.label.c_str(), bar.c_str(),
               static_cast<unsigned long long>(done), static_cast<unsigned long long>(total),
               clock_text(elapsed).c_str(), eta.c_str());
  std::fflush(stderr);
}

void stop_children(std::map<int, Child>& active) {
  for (auto& [fd, c] : active) {
    kill(c.pid, SIGTERM);
    ::close(fd);
  }
  for (auto& [fd, c] : active) {
    int status = 0;
    while (waitpid(c.pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
  active.clear();
}

}  // namespace

void write_aggregate_file(const nlohmann::ordered_json& document,
                          const std::vector<montecarlo::RunTable>& tables, const std::filesystem::path& out) {
  namespace fs = std::filesystem;
  if (out.empty() || !out.has_filename()) throw report::WriteError(out, "not a file name");
  const auto reason = [](int error) { return std::string(std::strerror(error)); };
  if (const fs::path dir = out.parent_path(); !dir.empty()) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw report::WriteError(out, "cannot create directory " + dir.string() + ": " + ec.message());
  }
  // Mode 0666 less the umask, as any report; the process id keeps concurrent writers apart.
  const std::string temp =
      (out.parent_path() / ("." + out.filename().string() + ".tmp." + std::to_string(::getpid()))).string();
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) throw report::WriteError(out, "cannot create " + temp + ": " + reason(errno));
  std::string buffer;
  const auto flush = [&] {
    const char* p = buffer.data();
    std::size_t left = buffer.size();
    while (left > 0) {
      const ssize_t n = ::write(fd, p, left);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) throw report::WriteError(out, "cannot write " + temp + ": " + reason(errno));
      p += n;
      left -= static_cast<std::size_t>(n);
    }
    buffer.clear();
  };
  try {
    std::vector<const montecarlo::RunTable*> pointers;
    for (const auto& table : tables)
      pointers.push_back(&table);
    montecarlo::write_json_with_tables(document, pointers, [&](std::string_view piece) {
      buffer.append(piece);
      if (buffer.size() >= (1U << 16)) flush();
    });
    flush();
    if (::fsync(fd) != 0) throw report::WriteError(out, "cannot flush " + temp + ": " + reason(errno));
    if (::close(fd) != 0) {
      const int error = errno;
      ::unlink(temp.c_str());
      throw report::WriteError(out, "cannot close " + temp + ": " + reason(error));
    }
  } catch (...) {
    ::close(fd);
    ::unlink(temp.c_str());
    throw;
  }
  if (::rename(temp.c_str(), out.c_str()) != 0) {
    const int error = errno;
    ::unlink(temp.c_str());
    throw report::WriteError(out, "cannot rename " + temp + " to it: " + reason(error));
  }
}

std::vector<std::string> candidates_from_file(const std::string& file, const std::string& text) {
  std::vector<std::string> out;
  std::size_t number = 0;
  for (std::size_t start = 0; start <= text.size();) {
    const auto end = std::min(text.find('\n', start), text.size());
    std::string line = text.substr(start, end - start);
    start = end + 1;
    ++number;
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    line = line.substr(first, line.find_last_not_of(" \t\r") - first + 1);
    const auto colon = line.find(':');
    if (colon == 0 || colon == std::string::npos || line.compare(colon + 1, 1, "/") != 0 ||
        line.find('=', colon) == std::string::npos)
      throw UsageError(
          fmt::format("--compare {}:{}: expected NAME:/JSON/POINTER=VALUE[,/POINTER=VALUE...], got \"{}\"",
                      file, number, line));
    out.push_back(std::move(line));
  }
  if (out.empty()) throw UsageError("--compare " + file + ": no candidate in the file");
  return out;
}

void check_rank_by(const montecarlo::RankBy& by, const model::Scenario& scenario) {
  if (by.service.empty()) return;
  std::string services;
  for (const auto& objective : scenario.objectives) {
    if (objective.service == by.service) return;
    services += (services.empty() ? "" : ", ") + objective.service;
  }
  throw UsageError(
      "--rank-by: no objective for service \"" + by.service + "\" in the scenario" +
      (services.empty() ? std::string(" (it has none)") : "; its objectives' services: " + services));
}

unsigned available_cores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) == 0) {
    const int n = CPU_COUNT(&set);
    if (n > 0) return static_cast<unsigned>(n);
  }
  const long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? static_cast<unsigned>(n) : 1U;
}

void run_children(const StudyRun& study, const ChildWork& work, const ChildDone& done_with) {
  StopSignals signals;
  std::map<int, Child> active;  // By pipe.
  std::uint64_t next = study.first;
  std::uint64_t done = 0;
  const auto start = std::chrono::steady_clock::now();
  const unsigned jobs = std::max(1U, study.jobs);
  if (study.progress) draw_progress(study, 0, start);
  std::fflush(stdout);  // Nothing buffered may be written twice by a child.
  while (next < study.end || !active.empty()) {
    if (g_stop) {
      stop_children(active);
      if (study.progress) std::fputs("\n", stderr);
      throw Interrupted(done);
    }
    while (next < study.end && active.size() < jobs) {
      int fds[2];
      if (pipe(fds) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
      const std::uint64_t seed = montecarlo::run_seed(study.seed, next);
      const pid_t pid = fork();
      if (pid < 0) {
        ::close(fds[0]);
        ::close(fds[1]);
        stop_children(active);
        throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
      }
      if (pid == 0) {
        ::close(fds[0]);
        for (auto& [fd, c] : active)
          ::close(fd);
        child(work, next, fds[1]);
      }
      ::close(fds[1]);
      active.emplace(fds[0], Child{pid, fds[0], next, seed, {}});
      ++next;
    }
    std::vector<pollfd> polls;
    for (const auto& [fd, c] : active)
      polls.push_back({fd, POLLIN, 0});
    if (poll(polls.data(), polls.size(), -1) < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error(std::string("poll: ") + std::strerror(errno));
    }
    for (const auto& p : polls) {
      if (p.revents == 0) continue;
      Child& c = active.at(p.fd);
      char buffer[65536];
      const ssize_t n = ::read(p.fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n > 0) {
        c.out.append(buffer, static_cast<std::size_t>(n));
        continue;
      }
      // End of file: the child is done.
      ::close(p.fd);
      int status = 0;
      while (waitpid(c.pid, &status, 0) < 0 && errno == EINTR) {
      }
      Child finished = std::move(c);
      active.erase(p.fd);
      std::string why;
      if (WIFSIGNALED(status)) {
        why = fmt::format("the run's process was killed by signal {} ({})", WTERMSIG(status),
                          strsignal(WTERMSIG(status)));
      } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || finished.out.empty()) {
        why = "the run failed";
        try {
          const auto json = nlohmann::ordered_json::parse(finished.out);
          if (json.contains("error")) why = json.at("error").get<std::string>();
        } catch (const std::exception&) {
        }
      }
      if (why.empty()) {
        try {
          done_with(finished.run, std::move(finished.out));
        } catch (const std::exception& e) {
          why = std::string("unreadable result: ") + e.what();
        }
      }
      if (!why.empty()) {
        if (g_stop) continue;  // A child the terminal's Ctrl-C ended: handled above.
        stop_children(active);
        if (study.progress) std::fputs("\n", stderr);
        throw RunFailed(finished.run, finished.seed, why);
      }
      ++done;
      if (study.progress) draw_progress(study, done, start);
    }
  }
  if (study.progress) std::fputs("\n", stderr);
}

montecarlo::RunTable run_study(const model::Scenario& scenario, const StudyRun& study,
                               const engine::DrillOptions& drill) {
  montecarlo::RunTable results;
  const auto work = [&](std::uint64_t run) {
    const std::uint64_t seed = montecarlo::run_seed(study.seed, run);
    engine::DrillOptions options = drill;
    options.seed = seed;
    options.latency_percentiles = false;  // No summary reads them (docs/monte-carlo.md).
    const model::DrillResult result = engine::run_drill(scenario, options);
    const report::Report rep = report::build_report(scenario, result, std::string("drillsim ") + kVersion);
    montecarlo::RunSummary summary = montecarlo::summarize(scenario, result, rep);
    summary.run = run;
    summary.seed = seed;
    return montecarlo::to_json(summary).dump(-1, ' ', false,
                                             nlohmann::ordered_json::error_handler_t::replace);
  };
  run_children(study, work, [&](std::uint64_t, std::string out) {
    results.add(montecarlo::summary_from_json(nlohmann::ordered_json::parse(out)));
  });
  return results;
}

}  // namespace drillsim::cli
