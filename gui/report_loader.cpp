#include "gui/report_loader.hpp"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>

#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <new>
#include <string>

#include "gui/plausibility.hpp"
#include "gui/series_scanner.hpp"
#include "report/report_json.hpp"

namespace drillsim::gui {

namespace {

// nlohmann's message without its "[json.exception.parse_error.101] " prefix.
QString parse_problem(const nlohmann::json::parse_error& e) {
  std::string text = e.what();
  const auto bracket = text.find("] ");
  if (text.rfind("[json.exception.", 0) == 0 && bracket != std::string::npos) text = text.substr(bracket + 2);
  return QString::fromStdString(text);
}

// Refuses a document nested deeper than kMaxJsonDepth, in one pass over its bytes (brackets inside
// strings do not count). Returns the problem, or an empty string.
QString depth_problem(const QByteArray& bytes) {
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (qsizetype i = 0; i < bytes.size(); ++i) {
    const char c = bytes[i];
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth) {
        const qsizetype line_start = bytes.lastIndexOf('\n', i) + 1;
        return QStringLiteral(
                   "nested deeper than %1 levels of arrays and objects (at line %2, column %3); "
                   "a drillsim report or aggregate nests far less")
            .arg(kMaxJsonDepth)
            .arg(bytes.left(i).count('\n') + 1)
            .arg(i - line_start + 1);
      }
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return {};
}

// The fast way (series_scanner.hpp): the file is mapped, its per-second arrays read straight into the
// report's vectors, the pages already read are released as the scan goes, and the rest is checked by
// the report layer's reader. Returns false when the file must be read the slow way instead: anything
// the scanner or the reader doubts, so that the slow way words the error.
bool load_mapped(const QString& path, LoadedReport& out) {
  const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0) {
    if (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) || S_ISSOCK(st.st_mode))
      out.error = QStringLiteral("not a regular file (a device, a pipe or a socket); a report is a file");
    ::close(fd);
    return !out.error.isEmpty();
  }
  const auto size = static_cast<std::size_t>(st.st_size);
  void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (map == MAP_FAILED) return false;
  ::madvise(map, size, MADV_SEQUENTIAL);
  const long page = ::sysconf(_SC_PAGESIZE);
  auto* base = static_cast<char*>(map);
  const auto release = [&](std::size_t offset) {
    const std::size_t whole = offset / static_cast<std::size_t>(page) * static_cast<std::size_t>(page);
    if (whole > 0) ::madvise(base, whole, MADV_DONTNEED);
  };
  ScanResult scan = scan_report_text(std::string_view(base, size), kMaxJsonDepth, release);
  ::munmap(map, size);
  if (!scan.ok) return false;

  nlohmann::json json = nlohmann::json::parse(scan.skeleton, nullptr, false);
  std::string().swap(scan.skeleton);
  if (json.is_discarded()) return false;
  try {
    if (file_kind(json) == FileKind::Result || file_kind(json) == FileKind::Unknown) return false;
    if (is_study(json)) {
      auto study = std::make_shared<const Study>(study_from_json(json));
      out.warnings = study_warnings(*study);
      out.study = std::move(study);
      return true;
    }
    report::Report r = report::report_from_json(json);
    if (!scan.series.empty() && scan.series.size() != r.series.size()) return false;
    for (std::size_t i = 0; i < scan.series.size(); ++i) {
      ScannedSeries& s = scan.series[i];
      if (s.captured == 0) continue;
      const std::size_t n = s.requests.size();
      if (s.captured != kAllScanned || s.errors.size() != n || s.slow.size() != n || s.p50_s.size() != n ||
          s.p95_s.size() != n || s.p99_s.size() != n || s.ready.size() != n)
        return false;
      auto& data = r.series[i].data;
      data.requests = std::move(s.requests);
      data.errors = std::move(s.errors);
      data.slow = std::move(s.slow);
      data.p50_s = std::move(s.p50_s);
      data.p95_s = std::move(s.p95_s);
      data.p99_s = std::move(s.p99_s);
      data.ready = std::move(s.ready);
    }
    auto report = std::make_shared<const report::Report>(std::move(r));
    out.warnings = report_warnings(*report);
    out.report = std::move(report);
    return true;
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception&) {
    return false;  // The slow way gives the message.
  }
}

}  // namespace

LoadedReport load_report_file(const QString& path) {
  LoadedReport out;
  out.path = path;
  QElapsedTimer timer;
  timer.start();
  std::string result_word;  // "capacity report", "assessment" or "comparison" while one is read.
  try {
    const QFileInfo info(path);
    if (info.isDir()) {
      out.error = QStringLiteral("is a directory, not a report file");
      return out;
    }
    if (load_mapped(path, out)) {
      out.load_ms = static_cast<double>(timer.nsecsElapsed()) / 1e6;
      return out;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
      out.error = QStringLiteral("cannot open: ") + file.errorString();
      return out;
    }
    const QByteArray bytes = file.readAll();
    if (file.error() != QFileDevice::NoError) {
      out.error = QStringLiteral("cannot read: ") + file.errorString();
      return out;
    }
    if (std::all_of(bytes.cbegin(), bytes.cend(),
                    [](char c) { return std::isspace(static_cast<unsigned char>(c)); })) {
      out.error = QStringLiteral("the file is empty; expected a drillsim report (JSON)");
      return out;
    }
    if (QString problem = depth_problem(bytes); !problem.isEmpty()) {
      out.error = QStringLiteral("not a drillsim report this viewer reads: ") + problem;
      return out;
    }
    nlohmann::json json;
    try {
      json = nlohmann::json::parse(bytes.cbegin(), bytes.cend());
    } catch (const nlohmann::json::parse_error& e) {
      const bool truncated = std::string(e.what()).find("unexpected end of input") != std::string::npos;
      out.error = (truncated ? QStringLiteral("the file ends early (truncated?): ")
                             : QStringLiteral("not valid JSON: ")) +
                  parse_problem(e);
      return out;
    }
    const FileKind kind = file_kind(json);
    if (kind == FileKind::Unknown) {
      const auto k = json.find("kind");
      out.error = QStringLiteral(
                      "not a file this viewer opens: /kind: %1; it opens drill reports (no "
                      "\"kind\") and the kinds %2")
                      .arg(k->is_string() ? QStringLiteral("unknown kind \"%1\"")
                                                .arg(QString::fromStdString(k->get<std::string>()).left(80))
                                          : QStringLiteral("expected a string, found ") +
                                                QString::fromLatin1(k->type_name()),
                           QString::fromLatin1(known_kinds()));
    } else if (kind == FileKind::Result) {
      result_word = json.at("kind").get<std::string>() == "capacity" ? "capacity report"
                                                                     : json.at("kind").get<std::string>();
      out.result = std::make_shared<const ResultReport>(result_from_json(json));
    } else if (is_study(json)) {
      auto study = std::make_shared<const Study>(study_from_json(json));
      out.warnings = study_warnings(*study);
      out.study = std::move(study);
    } else {
      auto report = std::make_shared<const report::Report>(report::report_from_json(json));
      out.warnings = report_warnings(*report);
      out.report = std::move(report);
    }
  } catch (const AggregateFormatError& e) {
    out.error =
        QStringLiteral("not a drillsim %1 this viewer reads: ")
            .arg(QString::fromStdString(result_word.empty() ? std::string("aggregate") : result_word)) +
        QString::fromStdString(e.what());
  } catch (const report::ReportFormatError& e) {
    out.error =
        QStringLiteral("not a drillsim report this viewer reads: ") + QString::fromStdString(e.what());
  } catch (const std::bad_alloc&) {
    out.error = QStringLiteral("not enough memory to load it");
  } catch (const std::exception& e) {
    out.error = QStringLiteral("cannot load: ") + QString::fromStdString(e.what());
  }
  out.load_ms = static_cast<double>(timer.nsecsElapsed()) / 1e6;
  return out;
}

ReportLoader::ReportLoader(QObject* parent) : QObject(parent) {
  pool_.setMaxThreadCount(1);
}

ReportLoader::~ReportLoader() {
  pool_.waitForDone();
}

void ReportLoader::load(const QStringList& paths) {
  ++pending_;
  // The worker reads only its copy of `paths`, and posts the results to this object; the destructor
  // waits for the worker, so `this` outlives it, and Qt drops the posted call if `this` is deleted
  // before the event loop delivers it.
  ReportLoader* loader = this;
  pool_.start([loader, paths]() {
    LoadBatch results;
    results.reserve(static_cast<std::size_t>(paths.size()));
    for (const QString& path : paths)
      results.push_back(load_report_file(path));
    QMetaObject::invokeMethod(
        loader,
        [loader, results = std::move(results)]() {
          --loader->pending_;
          Q_EMIT loader->finished(results);
        },
        Qt::QueuedConnection);
  });
}

}  // namespace drillsim::gui
