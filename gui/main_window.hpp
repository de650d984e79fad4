// The viewer's main window: a report selector and six tabs (Timeline, Phases, Plan, Compare, Aggregate
// for a Monte Carlo study, and Results for a capacity, assessment or comparison report). Reports and studies
// are loaded by a ReportLoader off the UI thread; a file that cannot be loaded gives one dialog naming each
// file and its problem, and the reports already open stay as they are.
#pragma once

#include <QElapsedTimer>
#include <QMainWindow>
#include <QMessageBox>
#include <QPointer>
#include <QStringList>

#include <deque>
#include <vector>

#include "gui/report_export.hpp"
#include "gui/report_loader.hpp"

class QComboBox;
class QLabel;
class QMenu;
class QTabWidget;

namespace drillsim::gui {

class AggregateWidget;
class CompareWidget;
class PhasesWidget;
class PlanWidget;
class ResultWidget;
class TimelineWidget;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  // Loads `paths` in the background and adds those that load, in the given order; the last one added
  // becomes the current report. `loadFinished` follows.
  void openFiles(const QStringList& paths);
  // Off: failures are only reported by loadFinished (the headless --screenshot mode prints them).
  void setErrorDialogsEnabled(bool enabled) { error_dialogs_ = enabled; }

  int reportCount() const { return static_cast<int>(entries_.size()); }
  ReportPtr currentReport() const;  // nullptr when the current file is a study.
  StudyPtr currentStudy() const;    // nullptr unless the current file is a study.
  ResultPtr currentResult()
      const;  // nullptr unless the current file is a capacity, assessment or comparison.
  // "FILE: WARNING" for every implausible field of every open file (plausibility.hpp).
  QStringList warnings() const;
  // The banner above the tabs that lists the current file's warnings (hidden when there are none).
  QLabel* warningBanner() const { return warning_banner_; }
  // The column titles of the reports: "A: default (default.json)", "B: ...".
  QStringList reportTitles() const;
  // Selects the tab named "timeline", "phases", "plan", "compare", "aggregate" or "results"; false for
  // another name.
  bool setCurrentTab(const QString& name);
  void setCurrentReport(int index);

  TimelineWidget* timeline() const { return timeline_; }
  PhasesWidget* phases() const { return phases_; }
  PlanWidget* plan() const { return plan_; }
  CompareWidget* compare() const { return compare_; }
  AggregateWidget* aggregate() const { return aggregate_; }
  ResultWidget* results() const { return results_; }
  QTabWidget* tabs() const { return tabs_; }
  // The last error dialog shown, while it is open; nullptr otherwise.
  QMessageBox* errorDialog() const;
  // Renders the current tab into a PNG file; false if it cannot be written.
  bool exportCurrentTab(const QString& path);
  // Writes the current drill's report as `format` (report_export.hpp) to `target` (a file, or a
  // directory for CSV). Returns the problem (no report open, a study or result open, the file cannot be
  // written), or an empty string; `written` gets the files written.
  QString exportReport(const ExportFormat& format, const QString& target, QStringList* written = nullptr);
  // File ▸ Export report: one action per export_formats() row, enabled while a drill's report is shown.
  QMenu* exportMenu() const { return export_menu_; }

  // Wall time of the last batch: reading and checking the files on the worker, then building the views.
  double lastLoadMs() const { return last_load_ms_; }
  double lastBuildMs() const { return last_build_ms_; }

 Q_SIGNALS:
  // A batch ended; `errors` holds "FILE: PROBLEM" for each file that could not be loaded.
  void loadFinished(const QStringList& errors);

 protected:
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  struct Entry {
    QString path;
    ReportPtr report;  // A drill's report, or
    StudyPtr study;    // a Monte Carlo study, or
    ResultPtr result;  // a capacity, assessment or comparison report.
    QStringList warnings;
  };
  void onLoaded(const LoadBatch& results);
  void openInteractively();
  void exportInteractively();
  void exportReportInteractively(const ExportFormat& format);
  void closeCurrent();
  void refreshSelector();
  void showCurrent();

  ReportLoader loader_;
  std::vector<Entry> entries_;
  int current_ = -1;
  bool error_dialogs_ = true;
  double last_load_ms_ = 0;
  double last_build_ms_ = 0;
  QComboBox* selector_;
  QTabWidget* tabs_;
  TimelineWidget* timeline_;
  PhasesWidget* phases_;
  PlanWidget* plan_;
  CompareWidget* compare_;
  AggregateWidget* aggregate_;
  ResultWidget* results_;
  QLabel* warning_banner_;
  QMenu* export_menu_;
  QPointer<QMessageBox> error_dialog_;      // Deletes itself when closed.
  std::deque<QElapsedTimer> batch_timers_;  // One per batch being loaded, oldest first.
};

}  // namespace drillsim::gui
