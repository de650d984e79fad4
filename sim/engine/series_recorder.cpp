#include "engine/series_recorder.hpp"

#include <unistd.h>

#include <cstdlib>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>

#include "model/resource_error.hpp"

namespace drillsim::engine {

std::FILE* open_temporary_file(std::string& where) {
  const char* dir = std::getenv("TMPDIR");
  where = dir != nullptr && *dir != '\0' ? dir : "/tmp";
  std::string path = where + "/drillsim-seconds-XXXXXX";
  const int fd = ::mkstemp(path.data());
  if (fd < 0) return nullptr;
  ::unlink(path.c_str());
  std::FILE* file = ::fdopen(fd, "w+b");
  if (file == nullptr) {
    const int error = errno;
    ::close(fd);
    errno = error;
  }
  return file;
}

using model::Version;

double nearest_rank(std::vector<float>& values, double q) {
  const auto n = values.size();
  auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(n)));
  rank = std::clamp<std::size_t>(rank, 1, n);
  auto nth = values.begin() + static_cast<std::ptrdiff_t>(rank - 1);
  std::nth_element(values.begin(), nth, values.end());
  return static_cast<double>(*nth);
}

std::array<double, 3> nearest_ranks_50_95_99(std::vector<float>& values) {
  const auto n = values.size();
  std::array<double, 3> out{};
  const std::array<double, 3> qs{0.50, 0.95, 0.99};
  auto from = values.begin();
  for (std::size_t i = 0; i < qs.size(); ++i) {
    auto rank = static_cast<std::size_t>(std::ceil(qs[i] * static_cast<double>(n)));
    rank = std::clamp<std::size_t>(rank, 1, n);
    // Everything before `from` is at most *from, everything after it at least: the value of a higher
    // rank lies in [from, end).
    const auto nth = values.begin() + static_cast<std::ptrdiff_t>(rank - 1);
    std::nth_element(from, nth, values.end());
    out[i] = static_cast<double>(*nth);
    from = nth;
  }
  return out;
}

namespace {

constexpr std::size_t kHistogramBuckets = std::size_t{1} << 16;
// The ring of open latency buffers starts with this many seconds (a power of two); a request that
// completes further ahead grows it.
constexpr std::size_t kOpenSeconds = 16;
// A short drill keeps its latencies in chunks of this many floats (1 MiB each).
constexpr std::size_t kLatencyChunk = std::size_t{1} << 18;

std::uint32_t histogram_bucket(float x) {
  return std::bit_cast<std::uint32_t>(x) >> 16;
}

std::uint64_t request_count(const model::SecondSeries& series) {
  std::uint64_t requests = 0;
  for (const std::uint32_t n : series.requests)
    requests += n;
  return requests;
}

// Fills series.whole_run's mean over `requests` requests; returns false when there is none.
bool summarise_mean(model::SecondSeries& series, std::uint64_t requests) {
  if (requests == 0) return false;
  series.whole_run.mean_s = series.latency_sum_s / static_cast<double>(requests);
  return true;
}

// Exact whole-run nearest-rank p50, p95 and p99 of each version's latencies and of both together
// (`values[v]`: every latency of version v, in any order), into `series[v]` and `series[2]`
// (whole_run), for each of them that has requests and kept latencies. A non-negative float orders as
// its bit pattern, so a histogram of the top 16 bits finds the bucket that holds each rank; one more
// pass per version gathers the values of those buckets, and a selection among them gives each rank's
// value exactly.
void summarise_run_exact(const std::array<model::SecondSeries*, 3>& series,
                         const std::array<const std::vector<std::vector<float>>*, 2>& values) {
  constexpr std::array<double, 3> qs{0.50, 0.95, 0.99};
  std::array<std::vector<std::uint32_t>, 2> histogram;
  std::array<std::uint64_t, 3> n{};
  for (std::size_t v = 0; v < 2; ++v) {
    histogram[v].assign(kHistogramBuckets, 0);
    for (const auto& chunk : *values[v]) {
      for (const float x : chunk)
        ++histogram[v][histogram_bucket(x)];
      n[v] += chunk.size();
    }
  }
  n[2] = n[0] + n[1];
  // Targets: (series w, quantile i) -> the bucket holding its rank and the rank within that bucket.
  struct Target {
    std::uint32_t bucket = 0;
    std::uint64_t rank_in = 0;  // 1-based within the bucket.
    std::vector<float> found;
  };
  std::array<Target, 9> targets;
  std::array<bool, 3> wanted{};
  for (std::size_t w = 0; w < 3; ++w) {
    wanted[w] = summarise_mean(*series[w], request_count(*series[w])) && n[w] > 0;
    if (!wanted[w]) continue;
    const auto count = [&](std::uint32_t b) -> std::uint64_t {
      return w < 2 ? histogram[w][b] : std::uint64_t{histogram[0][b]} + histogram[1][b];
    };
    for (std::size_t i = 0; i < qs.size(); ++i) {
      auto rank = static_cast<std::uint64_t>(std::ceil(qs[i] * static_cast<double>(n[w])));
      rank = std::clamp<std::uint64_t>(rank, 1, n[w]);
      std::uint64_t below = 0;
      std::uint32_t b = 0;
      while (below + count(b) < rank)
        below += count(b++);
      targets[w * 3 + i].bucket = b;
      targets[w * 3 + i].rank_in = rank - below;
    }
  }
  // One pass per version: a mark per bucket says which targets (bits) want its values.
  std::vector<std::uint16_t> mark(kHistogramBuckets, 0);
  for (std::size_t v = 0; v < 2; ++v) {
    std::uint16_t any = 0;
    for (const std::size_t w : {v, std::size_t{2}}) {
      if (!wanted[w]) continue;
      for (std::size_t i = 0; i < qs.size(); ++i) {
        const auto bit = static_cast<std::uint16_t>(1u << (w * 3 + i));
        mark[targets[w * 3 + i].bucket] |= bit;
        any |= bit;
      }
    }
    if (any == 0) continue;
    for (const auto& chunk : *values[v]) {
      for (const float x : chunk) {
        const std::uint16_t m = mark[histogram_bucket(x)];
        if (m == 0) [[likely]]
          continue;
        for (std::size_t t = 0; t < targets.size(); ++t) {
          if ((m >> t) & 1u) targets[t].found.push_back(x);
        }
      }
    }
    for (const Target& target : targets)
      mark[target.bucket] = 0;
  }
  for (std::size_t w = 0; w < 3; ++w) {
    if (!wanted[w]) continue;
    std::array<double, 3> out{};
    for (std::size_t i = 0; i < qs.size(); ++i) {
      auto& found = targets[w * 3 + i].found;
      const auto nth = found.begin() + static_cast<std::ptrdiff_t>(targets[w * 3 + i].rank_in - 1);
      std::nth_element(found.begin(), nth, found.end());
      out[i] = static_cast<double>(*nth);
    }
    series[w]->whole_run.p50_s = out[0];
    series[w]->whole_run.p95_s = out[1];
    series[w]->whole_run.p99_s = out[2];
  }
}

// The same from histograms (summed): the largest latency in the bucket that holds each rank.
void summarise_run(model::SecondSeries& series, std::uint64_t requests,
                   const std::vector<const std::vector<std::uint64_t>*>& counts,
                   const std::vector<const std::vector<float>*>& maxima) {
  if (!summarise_mean(series, requests) || counts.empty() || counts.front()->empty()) return;
  std::vector<std::uint64_t> count(kHistogramBuckets, 0);
  std::vector<float> max(kHistogramBuckets, 0.0f);
  for (std::size_t p = 0; p < counts.size(); ++p) {
    for (std::size_t b = 0; b < kHistogramBuckets; ++b) {
      count[b] += (*counts[p])[b];
      max[b] = std::max(max[b], (*maxima[p])[b]);
    }
  }
  std::uint64_t n = 0;
  for (const std::uint64_t c : count)
    n += c;
  if (n == 0) return;
  std::array<double, 3> out{};
  const std::array<double, 3> qs{0.50, 0.95, 0.99};
  for (std::size_t i = 0; i < qs.size(); ++i) {
    auto rank = static_cast<std::uint64_t>(std::ceil(qs[i] * static_cast<double>(n)));
    rank = std::clamp<std::uint64_t>(rank, 1, n);
    std::uint64_t below = 0;
    std::size_t b = 0;
    while (below + count[b] < rank)
      below += count[b++];
    out[i] = static_cast<double>(max[b]);
  }
  series.whole_run.p50_s = out[0];
  series.whole_run.p95_s = out[1];
  series.whole_run.p99_s = out[2];
}

// One sample of a series as the archive stores it: requests, errors, slow (uint32), p50, p95, p99
// (double), ready (int32), in host byte order.
constexpr std::size_t kSampleBytes = 3 * 4 + 3 * 8 + 4;

void put_sample(unsigned char* out, const model::SecondSeries& series, std::size_t i) {
  const auto put = [&out](const auto& value) {
    std::memcpy(out, &value, sizeof value);
    out += sizeof value;
  };
  put(series.requests[i]);
  put(series.errors[i]);
  put(series.slow[i]);
  put(series.p50_s[i]);
  put(series.p95_s[i]);
  put(series.p99_s[i]);
  const std::int32_t ready = series.ready[i];
  put(ready);
}

void get_sample(const unsigned char* in, model::SecondSeries& series, std::size_t i) {
  const auto get = [&in](auto& value) {
    std::memcpy(&value, in, sizeof value);
    in += sizeof value;
  };
  get(series.requests[i]);
  get(series.errors[i]);
  get(series.slow[i]);
  get(series.p50_s[i]);
  get(series.p95_s[i]);
  get(series.p99_s[i]);
  std::int32_t ready = 0;
  get(ready);
  series.ready[i] = ready;
}

// Empties slot i of a ring series for the second that will use it next.
void clear_sample(model::SecondSeries& series, std::size_t i) {
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  series.requests[i] = 0;
  series.errors[i] = 0;
  series.slow[i] = 0;
  series.p50_s[i] = nan;
  series.p95_s[i] = nan;
  series.p99_s[i] = nan;
  series.ready[i] = 0;
}

// A full disk or a file size limit is the machine's limit, not a bug: a resource error saying where, how
// much each unit takes, and what to free or reduce.
[[noreturn]] void fail_spill(const std::string& what, const std::string& where, std::size_t bytes,
                             const char* per) {
  const int error = errno;
  throw model::ResourceError(what + " in " + where +
                             (error != 0 ? std::string(" (") + std::strerror(error) + ")" : std::string()) +
                             "; it takes " + std::to_string(bytes) + " bytes per " + per +
                             ": free space there, set TMPDIR to a larger file system, or shorten duration_s");
}

}  // namespace

// The streamed seconds: one row per second (every service's stable, new and total sample, in that
// order) appended to an unlinked temporary file, read back by window.
class SeriesRecorder::Archive final : public model::SecondArchive {
 public:
  Archive(std::size_t services, FileOpener open)
      : services_(services), row_bytes_(services * 3 * kSampleBytes) {
    errno = 0;
    file_ = open(where_);
    if (file_ == nullptr) fail("cannot create a temporary file for the per-second samples of a long drill");
  }
  ~Archive() override {
    if (file_ != nullptr) std::fclose(file_);
  }
  Archive(const Archive&) = delete;
  Archive& operator=(const Archive&) = delete;

  void append(const std::vector<unsigned char>& row) {
    errno = 0;
    if (std::fwrite(row.data(), 1, row.size(), file_) != row.size()) {
      fail("cannot write the per-second samples of a long drill to a temporary file");
    }
    ++seconds_;
  }
  void flush() {
    errno = 0;
    if (std::fflush(file_) != 0)
      fail("cannot write the per-second samples of a long drill to a temporary file");
  }

  model::SecondSeries read(std::size_t service, std::size_t which, std::size_t first,
                           std::size_t end) const override {
    errno = 0;
    if (service >= services_ || which > 2 || first > end || end > seconds_) {
      throw std::logic_error("SecondArchive::read: no such series or seconds");
    }
    model::SecondSeries out;
    out.resize(end - first);
    constexpr std::size_t kRowsPerRead = 1024;
    std::vector<unsigned char> buffer(kRowsPerRead * row_bytes_);
    const int fd = fileno(file_);
    for (std::size_t k = first; k < end; k += kRowsPerRead) {
      const std::size_t rows = std::min(kRowsPerRead, end - k);
      const std::size_t bytes = rows * row_bytes_;
      std::size_t done = 0;
      while (done < bytes) {
        const ssize_t n =
            ::pread(fd, buffer.data() + done, bytes - done, static_cast<off_t>(k * row_bytes_ + done));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) fail("cannot read the per-second samples of a long drill back from its temporary file");
        done += static_cast<std::size_t>(n);
      }
      for (std::size_t r = 0; r < rows; ++r) {
        get_sample(buffer.data() + r * row_bytes_ + (service * 3 + which) * kSampleBytes, out, k - first + r);
      }
    }
    return out;
  }
  std::size_t seconds() const override { return seconds_; }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    fail_spill(what, where_, row_bytes_, "simulated second");
  }
  std::string where_;
  std::FILE* file_ = nullptr;
  std::size_t services_;
  std::size_t row_bytes_;
  std::size_t seconds_ = 0;
};

// The streamed failures: one record per failed request (its time, user, service, request class and
// whether the fault caused it), appended to an unlinked temporary file in completion order per service
// as their seconds leave the ring, read back one service at a time.
class SeriesRecorder::FailureFile final : public model::FailureArchive {
 public:
  static constexpr std::size_t kRecordBytes = 8 + 4 + 4 + 2 + 1;

  explicit FailureFile(FileOpener open) {
    errno = 0;
    file_ = open(where_);
    if (file_ == nullptr) fail("cannot create a temporary file for the failed requests of a long drill");
  }
  ~FailureFile() override {
    if (file_ != nullptr) std::fclose(file_);
  }
  FailureFile(const FailureFile&) = delete;
  FailureFile& operator=(const FailureFile&) = delete;

  void append(std::size_t service, const std::vector<model::Failure>& failures) {
    buffer_.resize(failures.size() * kRecordBytes);
    unsigned char* out = buffer_.data();
    const auto service32 = static_cast<std::uint32_t>(service);
    for (const model::Failure& f : failures) {
      const auto caused = static_cast<std::uint8_t>(f.caused_by_fault ? 1 : 0);
      std::memcpy(out, &f.t_s, 8);
      std::memcpy(out + 8, &f.user, 4);
      std::memcpy(out + 12, &service32, 4);
      std::memcpy(out + 16, &f.request_class, 2);
      std::memcpy(out + 18, &caused, 1);
      out += kRecordBytes;
    }
    errno = 0;
    if (std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) {
      fail("cannot write the failed requests of a long drill to a temporary file");
    }
    bytes_ += buffer_.size();
  }
  // Flushes what was written and lets go of the write buffer.
  void flush() {
    errno = 0;
    if (std::fflush(file_) != 0) fail("cannot write the failed requests of a long drill to a temporary file");
    std::vector<unsigned char>().swap(buffer_);
  }

  void for_each(std::size_t service, const std::function<void(const model::Failure&)>& visit) const override {
    constexpr std::size_t kRecordsPerRead = 4096;
    std::vector<unsigned char> buffer(kRecordsPerRead * kRecordBytes);
    const int fd = fileno(file_);
    for (std::size_t at = 0; at < bytes_; at += buffer.size()) {
      const std::size_t bytes = std::min(buffer.size(), bytes_ - at);
      std::size_t done = 0;
      while (done < bytes) {
        errno = 0;
        const ssize_t n = ::pread(fd, buffer.data() + done, bytes - done, static_cast<off_t>(at + done));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) fail("cannot read the failed requests of a long drill back from their temporary file");
        done += static_cast<std::size_t>(n);
      }
      for (const unsigned char* in = buffer.data(); in < buffer.data() + bytes; in += kRecordBytes) {
        std::uint32_t of = 0;
        std::memcpy(&of, in + 12, 4);
        if (of != service) continue;
        model::Failure f;
        std::uint8_t caused = 0;
        std::memcpy(&f.t_s, in, 8);
        std::memcpy(&f.user, in + 8, 4);
        std::memcpy(&f.request_class, in + 16, 2);
        std::memcpy(&caused, in + 18, 1);
        f.caused_by_fault = caused != 0;
        visit(f);
      }
    }
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    fail_spill(what, where_, kRecordBytes, "failed request");
  }
  std::string where_;
  std::FILE* file_ = nullptr;
  std::size_t bytes_ = 0;
  std::vector<unsigned char> buffer_;
};

SeriesRecorder::~SeriesRecorder() = default;

SeriesRecorder::SeriesRecorder(const model::Scenario& scenario, bool latency_percentiles, bool stream,
                               FileOpener open_archive)
    : seconds_(static_cast<std::size_t>(std::ceil(scenario.duration_s))),
      services_(scenario.services.size()),
      keep_latencies_(latency_percentiles),
      exact_whole_run_(scenario.duration_s <= kExactWholeRunMaxS),
      stream_(stream && !exact_whole_run_),
      limit_(seconds_) {
  // Streamed: a ring of at least kStreamKeptS final seconds, a minute being moved out, and the open
  // seconds ahead of the clock (a request completing hours later grows it: make_room).
  std::size_t held = seconds_;
  if (stream_) {
    held = std::bit_ceil(static_cast<std::size_t>(kStreamKeptS) + 2 * kStreamStepS + 3600);
    mask_ = held - 1;
    limit_ = held;
    archive_ = std::make_unique<Archive>(services_.size(),
                                         open_archive != nullptr ? open_archive : open_temporary_file);
    failure_file_ =
        std::make_unique<FailureFile>(open_archive != nullptr ? open_archive : open_temporary_file);
    row_.assign(services_.size() * 3 * kSampleBytes, 0);
  }
  open_mask_ = kOpenSeconds - 1;
  update_room();
  for (std::size_t i = 0; i < services_.size(); ++i) {
    const model::ServiceSpec& spec = scenario.services[i];
    PerService& s = services_[i];
    s.slo_latency_s = spec.slo.max_p95_latency_s;
    const bool watched = std::any_of(scenario.alerts.begin(), scenario.alerts.end(), [&](const auto& rule) {
      return rule.metric == model::AlertRuleSpec::Metric::LatencyP95 && rule.service == spec.name;
    });
    if (watched || scenario.rule_files)
      s.latency_buckets.assign(held * (model::kLatencyBuckets.size() + 1), 0);
    s.series.service = spec.name;
    for (auto& series : s.series.by_version)
      series.resize(held);
    s.series.total.resize(held);
    if (stream_) {
      const std::size_t minutes = (seconds_ + kStreamStepS - 1) / kStreamStepS;
      s.minutes.service = spec.name;
      for (auto& series : s.minutes.by_version)
        series.resize(minutes);
      s.minutes.total.resize(minutes);
      s.slo.window = spec.slo.sli_window_s > 1.0 ? static_cast<std::size_t>(std::ceil(spec.slo.sli_window_s))
                                                 : std::size_t{1};
      s.slo.spec = spec.slo;
      s.slo.in_slo.reserve(seconds_);
    }
    if (keep_latencies_) {
      for (auto& open : s.open_latency_s)
        open.resize(kOpenSeconds);
    }
    if (keep_latencies_ && !exact_whole_run_) {
      for (auto& histogram : s.whole_run) {
        histogram.count.assign(kHistogramBuckets, 0);
        histogram.max.assign(kHistogramBuckets, 0.0f);
      }
    }
  }
}

void SeriesRecorder::add_failure(PerService& s, model::SecondSeries& series, std::size_t at,
                                 const model::Failure& failure) {
  ++series.errors[at];
  s.failures.push_back(failure);
  if (failure.caused_by_fault) s.caused.ahead.emplace(failure.t_s, failure.user);
}

void SeriesRecorder::PerService::Caused::count_until(double t_s, bool inclusive) {
  while (!ahead.empty() && (ahead.top().first < t_s || (inclusive && ahead.top().first == t_s))) {
    ++failed;
    users.insert(ahead.top().second);
    ahead.pop();
  }
}

SeriesRecorder::FaultFailures SeriesRecorder::fault_failures(int service, double t_s) {
  PerService::Caused& caused = services_[static_cast<std::size_t>(service)].caused;
  caused.count_until(t_s, true);
  return {caused.failed, caused.users.size()};
}

void SeriesRecorder::fail_recorded(int service, Version version, const model::Failure& failure) {
  PerService& s = services_[static_cast<std::size_t>(service)];
  const auto second = static_cast<std::int64_t>(failure.t_s);
  if (second < evicted_) throw std::logic_error("SeriesRecorder: a failure in a second already archived");
  if (static_cast<std::size_t>(second) >= limit_) grow_ring(static_cast<std::size_t>(second));
  ++s.series.by_version[static_cast<std::size_t>(version)].errors[slot(second)];
  s.failures.push_back(failure);
  if (failure.caused_by_fault) s.caused.ahead.emplace(failure.t_s, failure.user);
}

void SeriesRecorder::record_ready(std::size_t second, int service, const std::array<int, 2>& ready) {
  if (static_cast<std::int64_t>(second) < evicted_) {
    throw std::logic_error("SeriesRecorder: a Ready count for a second already archived");
  }
  if (second >= limit_) grow_ring(second);
  model::ServiceSeries& series = services_[static_cast<std::size_t>(service)].series;
  const std::size_t at = second & mask_;
  series.by_version[0].ready[at] = ready[0];
  series.by_version[1].ready[at] = ready[1];
  series.total.ready[at] = ready[0] + ready[1];
}

void SeriesRecorder::make_room(std::size_t second) {
  if (second >= seconds_) throw std::logic_error("SeriesRecorder: a second beyond the drill");
  if (second >= limit_) grow_ring(second);
  const auto first = static_cast<std::size_t>(finalized_);
  if (second < first)
    throw std::logic_error("SeriesRecorder: a request completing in a second already final");
  if (second - first > open_mask_) {
    const std::size_t size = std::bit_ceil(second - first + 1);
    for (auto& s : services_) {
      for (auto& open : s.open_latency_s) {
        if (open.empty()) continue;  // Latencies not kept.
        std::vector<std::vector<float>> grown(size);
        for (std::size_t k = first; k <= first + open_mask_; ++k)
          grown[k & (size - 1)] = std::move(open[k & open_mask_]);
        open = std::move(grown);
      }
    }
    open_mask_ = size - 1;
  }
  update_room();
}

void SeriesRecorder::grow_ring(std::size_t second) {
  if (!stream_ || second >= seconds_) throw std::logic_error("SeriesRecorder: a second beyond the drill");
  const std::size_t size = std::bit_ceil(second - static_cast<std::size_t>(evicted_) + 1 + kStreamStepS);
  const std::size_t mask = size - 1;
  constexpr std::size_t width = model::kLatencyBuckets.size() + 1;
  for (auto& s : services_) {
    const auto regrow = [&](model::SecondSeries& series) {
      model::SecondSeries grown;
      grown.resize(size);
      for (auto k = static_cast<std::size_t>(evicted_); k < limit_; ++k) {
        const std::size_t from = k & mask_;
        const std::size_t to = k & mask;
        grown.requests[to] = series.requests[from];
        grown.errors[to] = series.errors[from];
        grown.slow[to] = series.slow[from];
        grown.p50_s[to] = series.p50_s[from];
        grown.p95_s[to] = series.p95_s[from];
        grown.p99_s[to] = series.p99_s[from];
        grown.ready[to] = series.ready[from];
      }
      grown.latency_sum_s = series.latency_sum_s;
      series = std::move(grown);
    };
    for (auto& series : s.series.by_version)
      regrow(series);
    regrow(s.series.total);
    if (!s.latency_buckets.empty()) {
      std::vector<std::uint32_t> grown(size * width, 0);
      for (auto k = static_cast<std::size_t>(evicted_); k < limit_; ++k) {
        std::copy_n(s.latency_buckets.begin() + static_cast<std::ptrdiff_t>((k & mask_) * width), width,
                    grown.begin() + static_cast<std::ptrdiff_t>((k & mask) * width));
      }
      s.latency_buckets = std::move(grown);
    }
  }
  mask_ = mask;
  limit_ = static_cast<std::size_t>(evicted_) + size;
  update_room();
}

void SeriesRecorder::evict_before(std::int64_t end) {
  end = std::min(end, finalized_);
  constexpr std::size_t width = model::kLatencyBuckets.size() + 1;
  for (; evicted_ < end; ++evicted_) {
    const auto k = static_cast<std::size_t>(evicted_);
    const std::size_t at = k & mask_;
    const std::size_t minute = k / kStreamStepS;
    const bool minute_ends = (k + 1) % kStreamStepS == 0 || k + 1 == seconds_;
    unsigned char* row = row_.data();
    for (auto& s : services_) {
      for (std::size_t which = 0; which < 3; ++which) {
        model::SecondSeries& series = which < 2 ? s.series.by_version[which] : s.series.total;
        model::SecondSeries& minutes = which < 2 ? s.minutes.by_version[which] : s.minutes.total;
        s.minute[which].add(series, at);
        if (minute_ends) s.minute[which].store(minutes, minute);
        s.evicted[which].requests += series.requests[at];
        s.evicted[which].errors += series.errors[at];
        s.evicted[which].slow += series.slow[at];
        put_sample(row, series, at);
        row += kSampleBytes;
        clear_sample(series, at);
      }
      if (!s.latency_buckets.empty()) {
        for (std::size_t b = 0; b < width; ++b) {
          s.evicted_buckets[b] += s.latency_buckets[at * width + b];
          s.latency_buckets[at * width + b] = 0;
        }
      }
    }
    archive_->append(row_);
  }
  // The failures of those seconds, in completion order (as finish() orders them: a failure recorded
  // later is never in an archived second).
  const auto before = static_cast<double>(evicted_);
  for (std::size_t i = 0; i < services_.size(); ++i) {
    std::vector<model::Failure>& failures = services_[i].failures;
    spilled_.clear();
    std::size_t kept = 0;
    for (const model::Failure& f : failures) {
      if (f.t_s < before)
        spilled_.push_back(f);
      else
        failures[kept++] = f;
    }
    if (spilled_.empty()) continue;
    failures.resize(kept);
    std::stable_sort(spilled_.begin(), spilled_.end(),
                     [](const model::Failure& a, const model::Failure& b) { return a.t_s < b.t_s; });
    failure_file_->append(i, spilled_);
  }
  limit_ = static_cast<std::size_t>(evicted_) + mask_ + 1;
  update_room();
}

void SeriesRecorder::finalize_before(std::int64_t end_second) {
  end_second = std::min<std::int64_t>(end_second, static_cast<std::int64_t>(seconds_));
  for (; finalized_ < end_second; ++finalized_) {
    const auto k = static_cast<std::size_t>(finalized_);
    const std::size_t at = k & mask_;
    for (auto& service : services_) {
      scratch_.clear();
      model::SecondSeries& total = service.series.total;
      for (std::size_t v = 0; v < 2; ++v) {
        model::SecondSeries& series = service.series.by_version[v];
        total.requests[at] += series.requests[at];
        total.errors[at] += series.errors[at];
        total.slow[at] += series.slow[at];
        if (service.open_latency_s[v].empty()) continue;  // Latencies not kept.
        std::vector<float>& latencies = service.open_latency_s[v][k & open_mask_];
        if (latencies.empty()) continue;
        scratch_.insert(scratch_.end(), latencies.begin(), latencies.end());
        const auto q = nearest_ranks_50_95_99(latencies);
        series.p50_s[at] = q[0];
        series.p95_s[at] = q[1];
        series.p99_s[at] = q[2];
        if (exact_whole_run_) {
          // A short drill keeps them for the exact whole-run percentiles at the end.
          auto& kept = service.final_latency_s[v];
          std::size_t from = 0;
          while (from < latencies.size()) {
            if (kept.empty() || kept.back().size() == kept.back().capacity()) {
              kept.emplace_back().reserve(kLatencyChunk);
            }
            std::vector<float>& chunk = kept.back();
            const std::size_t take = std::min(latencies.size() - from, chunk.capacity() - chunk.size());
            chunk.insert(chunk.end(), latencies.begin() + static_cast<std::ptrdiff_t>(from),
                         latencies.begin() + static_cast<std::ptrdiff_t>(from + take));
            from += take;
          }
        } else {
          // A long one counts them in its histogram and lets them go.
          auto& histogram = service.whole_run[v];
          for (const float x : latencies) {
            const std::uint32_t b = histogram_bucket(x);
            ++histogram.count[b];
            histogram.max[b] = std::max(histogram.max[b], x);
          }
        }
        latencies.clear();  // Its capacity serves the second k + open_mask_ + 1.
      }
      if (!scratch_.empty()) {
        const auto q = nearest_ranks_50_95_99(scratch_);
        total.p50_s[at] = q[0];
        total.p95_s[at] = q[1];
        total.p99_s[at] = q[2];
      }
      if (stream_) {
        // The second's SLO status over the trailing window, as metrics::slo_status computes it.
        SloTracker& slo = service.slo;
        slo.last.push_back({total.requests[at], total.errors[at], total.slow[at]});
        slo.requests += total.requests[at];
        slo.errors += total.errors[at];
        slo.slow += total.slow[at];
        if (slo.last.size() > slo.window) {
          slo.requests -= slo.last.front()[0];
          slo.errors -= slo.last.front()[1];
          slo.slow -= slo.last.front()[2];
          slo.last.pop_front();
        }
        slo.in_slo.push_back(slo.spec.window_within(slo.requests, slo.errors, slo.slow));
      }
    }
    // Streamed: keep kStreamKeptS final seconds, and move the minute before them out.
    if (stream_ && finalized_ + 1 - evicted_ >= kStreamKeptS + static_cast<std::int64_t>(kStreamStepS)) {
      evict_before(evicted_ + static_cast<std::int64_t>(kStreamStepS));
    }
  }
  // A caused failure of a final second is before any time an actor asks about.
  for (auto& service : services_)
    service.caused.count_until(static_cast<double>(finalized_), false);
  update_room();
}

std::int64_t SeriesRecorder::check_reach(std::int64_t first_second) const {
  first_second = std::max<std::int64_t>(first_second, 0);
  if (first_second < evicted_ && first_second != 0) {
    throw std::logic_error("SeriesRecorder: a window from second " + std::to_string(first_second) +
                           " reaches back further than a long drill keeps (" + std::to_string(kStreamKeptS) +
                           " s)");
  }
  return first_second;
}

SeriesRecorder::Counts SeriesRecorder::counts(int service, std::int64_t first_second,
                                              std::int64_t end_second) const {
  Counts c;
  const PerService& s = services_[static_cast<std::size_t>(service)];
  const auto& total = s.series.total;
  std::int64_t k = check_reach(first_second);
  if (k >= end_second) return c;
  if (k < evicted_) {  // From second 0: what left the ring, then the rest.
    if (end_second < evicted_) throw std::logic_error("SeriesRecorder: a window ending in archived seconds");
    c = s.evicted[2];
    k = evicted_;
  }
  for (; k < end_second; ++k) {
    const std::size_t i = slot(k);
    c.requests += total.requests[i];
    c.errors += total.errors[i];
    c.slow += total.slow[i];
  }
  return c;
}

SeriesRecorder::Counts SeriesRecorder::counts(int service, model::Version version, std::int64_t first_second,
                                              std::int64_t end_second) const {
  Counts c;
  const PerService& s = services_[static_cast<std::size_t>(service)];
  const auto v = static_cast<std::size_t>(version);
  const auto& one = s.series.by_version[v];
  std::int64_t k = check_reach(first_second);
  if (k >= end_second) return c;
  if (k < evicted_) {
    if (end_second < evicted_) throw std::logic_error("SeriesRecorder: a window ending in archived seconds");
    c = s.evicted[v];
    k = evicted_;
  }
  for (; k < end_second; ++k) {
    const std::size_t i = slot(k);
    c.requests += one.requests[i];
    c.errors += one.errors[i];
    c.slow += one.slow[i];
  }
  return c;
}

std::array<std::uint64_t, model::kLatencyBuckets.size() + 1> SeriesRecorder::latency_buckets(
    int service, std::int64_t first_second, std::int64_t end_second) const {
  constexpr std::size_t width = model::kLatencyBuckets.size() + 1;
  std::array<std::uint64_t, width> counts{};
  const PerService& s = services_[static_cast<std::size_t>(service)];
  const auto& buckets = s.latency_buckets;
  if (buckets.empty()) return counts;  // Not kept: no latency rule watches this service.
  std::int64_t k = check_reach(first_second);
  if (k >= end_second) return counts;
  if (k < evicted_) {
    if (end_second < evicted_) throw std::logic_error("SeriesRecorder: a window ending in archived seconds");
    counts = s.evicted_buckets;
    k = evicted_;
  }
  for (; k < end_second; ++k) {
    for (std::size_t b = 0; b < width; ++b)
      counts[b] += buckets[slot(k) * width + b];
  }
  return counts;
}

void SeriesRecorder::finish(model::DrillResult& result) {
  finalize_before(static_cast<std::int64_t>(seconds_));
  if (stream_) {
    evict_before(static_cast<std::int64_t>(seconds_));
    archive_->flush();
    failure_file_->flush();
    std::vector<model::Failure>().swap(spilled_);
  }
  for (auto& service : services_) {
    auto& total = service.series.total;
    total.latency_sum_s = 0.0;
    for (const auto& series : service.series.by_version)
      total.latency_sum_s += series.latency_sum_s;
    // Whole-drill latency: exact nearest-rank percentiles over every request of each version, then of
    // both together.
    if (exact_whole_run_) {
      summarise_run_exact({&service.series.by_version[0], &service.series.by_version[1], &total},
                          {&service.final_latency_s[0], &service.final_latency_s[1]});
    } else {
      // Every second is final: each latency is in its version's histogram.
      std::vector<const std::vector<std::uint64_t>*> counts;
      std::vector<const std::vector<float>*> maxima;
      for (std::size_t v = 0; v < 2; ++v) {
        const auto& histogram = service.whole_run[v];
        auto& series = service.series.by_version[v];
        summarise_run(series, stream_ ? service.evicted[v].requests : request_count(series),
                      {&histogram.count}, {&histogram.max});
        counts.push_back(&histogram.count);
        maxima.push_back(&histogram.max);
      }
      summarise_run(total, stream_ ? service.evicted[2].requests : request_count(total), counts, maxima);
    }
    for (auto& open : service.open_latency_s)
      std::vector<std::vector<float>>().swap(open);
    for (auto& kept : service.final_latency_s)
      std::vector<std::vector<float>>().swap(kept);
    for (auto& histogram : service.whole_run)
      histogram = {};
  }
  result.series.clear();
  result.failures.clear();
  result.in_slo.clear();
  for (auto& service : services_) {
    // Failures were appended in arrival order; the report wants completion order.
    std::stable_sort(service.failures.begin(), service.failures.end(),
                     [](const model::Failure& a, const model::Failure& b) { return a.t_s < b.t_s; });
    if (stream_) {
      for (std::size_t v = 0; v < 2; ++v) {
        service.minutes.by_version[v].latency_sum_s = service.series.by_version[v].latency_sum_s;
        service.minutes.by_version[v].whole_run = service.series.by_version[v].whole_run;
      }
      service.minutes.total.latency_sum_s = service.series.total.latency_sum_s;
      service.minutes.total.whole_run = service.series.total.whole_run;
      result.series.push_back(std::move(service.minutes));
      result.in_slo.push_back(std::move(service.slo.in_slo));
      service.series = {};
    } else {
      result.series.push_back(std::move(service.series));
    }
    result.failures.push_back(std::move(service.failures));
    service.caused = {};
  }
  result.series_step_s = stream_ ? kStreamStepS : 1;
  if (stream_) {
    result.seconds = std::shared_ptr<const model::SecondArchive>(std::move(archive_));
    result.failure_archive = std::shared_ptr<const model::FailureArchive>(std::move(failure_file_));
  }
}

}  // namespace drillsim::engine
