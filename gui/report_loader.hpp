// Loading reports for the viewer. load_report_file reads one file and checks it with the report
// layer's report_from_json (the viewer has no JSON parser of its own); ReportLoader runs a batch of
// files on a worker thread so that the window stays responsive, and hands the results back on the
// thread it lives on (the UI thread).
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>
#include <QThreadPool>

#include <memory>
#include <vector>

#include "gui/aggregate.hpp"
#include "gui/result_reports.hpp"
#include "report/report.hpp"

namespace drillsim::gui {

// Reports are immutable once loaded and shared between the widgets and models that show them.
using ReportPtr = std::shared_ptr<const report::Report>;

// The deepest nesting of arrays and objects the viewer reads. A drillsim report nests 4 deep and a
// sweep of aggregates 6; a deeper file is refused before it is parsed, so that nothing recursive (a
// message quoting the value, a destructor) ever meets an arbitrarily deep value.
inline constexpr int kMaxJsonDepth = 64;

// The outcome of loading one file: a drill's `report`, a Monte Carlo `study` (an aggregate or a sweep,
// docs/monte-carlo.md), a `result` (a capacity, assessment or comparison report), or `error`.
struct LoadedReport {
  QString path;      // As given.
  ReportPtr report;  // nullptr when the file could not be loaded or holds a study.
  StudyPtr study;    // nullptr unless the file holds an aggregate or a sweep.
  ResultPtr result;  // nullptr unless the file holds a capacity, assessment or comparison report.
  // Fields that are valid but implausible (a negative or huge duration, series that do not cover the
  // drill, instants outside it, proportions outside [0, 1]): what the user should know before trusting
  // the charts. One sentence each, naming the field.
  QStringList warnings;
  // Why it could not be loaded, without the file name, e.g. "cannot open: No such file or directory",
  // "the file ends early (truncated?): ...", "not a drillsim report: /series/0/requests: missing;
  // expected an array". Empty on success.
  QString error;
  double load_ms = 0;  // Wall time spent reading and checking the file.
};
using LoadBatch = std::vector<LoadedReport>;

// Reads `path` and parses it by its "kind": report::report_from_json without one, study_from_json for
// an aggregate or a sweep, result_from_json for a capacity, assessment or comparison report; another
// kind is an error naming the kinds this viewer opens. A file nested deeper than kMaxJsonDepth is refused
// before it is parsed. Never throws: every failure (missing or unreadable file, a directory, an empty or
// truncated file, invalid JSON, a wrong schema, running out of memory) becomes LoadedReport::error.
// Thread-safe: touches no shared state.
LoadedReport load_report_file(const QString& path);

// Loads batches of reports off the UI thread, one batch at a time, files in the order given.
class ReportLoader : public QObject {
  Q_OBJECT
 public:
  explicit ReportLoader(QObject* parent = nullptr);
  // Waits for a batch in progress to finish (its results are then dropped).
  ~ReportLoader() override;

  // Starts loading `paths` on a worker thread; `finished` follows on this object's thread. A batch
  // started while another is running is queued behind it.
  void load(const QStringList& paths);
  bool busy() const { return pending_ > 0; }

 Q_SIGNALS:
  // One result per path of the batch, in the order given.
  void finished(const drillsim::gui::LoadBatch& results);

 private:
  QThreadPool pool_;  // One worker thread: batches run in order.
  int pending_ = 0;   // Batches started whose results were not delivered yet.
};

}  // namespace drillsim::gui
