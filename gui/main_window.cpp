#include "gui/main_window.hpp"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QElapsedTimer>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>
#include <QVBoxLayout>

#include <filesystem>

#include "report/report_writer.hpp"

#include "gui/aggregate_widget.hpp"
#include "gui/compare_widget.hpp"
#include "gui/report_widgets.hpp"
#include "gui/result_widgets.hpp"
#include "gui/timeline_widget.hpp"

namespace drillsim::gui {

namespace {

const char* const kTabNames[] = {"timeline", "phases", "plan", "compare", "aggregate", "results"};
constexpr int kAggregateTab = 4;
constexpr int kResultsTab = 5;

// `kind` follows the name: ", Monte Carlo", ", capacity", or nothing for a drill's report.
QString report_title(int index, const QString& path, const std::string& name, const QString& kind) {
  const QChar letter = index < 26 ? QChar('A' + index) : QChar('#');
  return QStringLiteral("%1: %2%3 (%4)")
      .arg(letter)
      .arg(QString::fromStdString(name), kind, QFileInfo(path).fileName());
}

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setWindowTitle(tr("drillsim viewer"));
  setAcceptDrops(true);

  QMenu* file = menuBar()->addMenu(tr("&File"));
  file->addAction(tr("&Open reports…"), QKeySequence::Open, this, &MainWindow::openInteractively);
  file->addAction(tr("&Export this tab as PNG…"), QKeySequence(tr("Ctrl+E")), this,
                  &MainWindow::exportInteractively);
  export_menu_ = file->addMenu(tr("Export &report"));
  for (const ExportFormat& format : export_formats()) {
    QAction* action = export_menu_->addAction(tr(format.menu_text));
    action->setObjectName(QStringLiteral("export-") + QLatin1String(format.id));
    const ExportFormat* row = &format;
    connect(action, &QAction::triggered, this, [this, row] { exportReportInteractively(*row); });
  }
  export_menu_->setEnabled(false);
  file->addAction(tr("&Close this report"), QKeySequence::Close, this, &MainWindow::closeCurrent);
  file->addSeparator();
  file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

  QToolBar* bar = addToolBar(tr("Report"));
  bar->setMovable(false);
  bar->addWidget(new QLabel(tr(" Report: "), bar));
  selector_ = new QComboBox(bar);
  selector_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  selector_->setPlaceholderText(tr("no report: File ▸ Open, or drop a report here"));
  bar->addWidget(selector_);
  connect(selector_, &QComboBox::currentIndexChanged, this, [this](int index) {
    if (index >= 0 && index != current_) setCurrentReport(index);
  });

  tabs_ = new QTabWidget(this);
  timeline_ = new TimelineWidget(tabs_);
  phases_ = new PhasesWidget(tabs_);
  plan_ = new PlanWidget(tabs_);
  compare_ = new CompareWidget(tabs_);
  tabs_->addTab(timeline_, tr("Timeline"));
  tabs_->addTab(phases_, tr("Phases"));
  tabs_->addTab(plan_, tr("Plan"));
  tabs_->addTab(compare_, tr("Compare"));
  aggregate_ = new AggregateWidget(tabs_);
  tabs_->addTab(aggregate_, tr("Aggregate"));
  results_ = new ResultWidget(tabs_);
  tabs_->addTab(results_, tr("Results"));
  auto* central = new QWidget(this);
  auto* column = new QVBoxLayout(central);
  column->setContentsMargins(0, 0, 0, 0);
  warning_banner_ = new QLabel(central);
  warning_banner_->setObjectName(QStringLiteral("warnings"));
  warning_banner_->setWordWrap(true);
  warning_banner_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  warning_banner_->setStyleSheet(QStringLiteral(
      "QLabel { background: #fff3cd; color: #5c4400; padding: 6px; border: 1px solid #e0c060; }"));
  warning_banner_->hide();
  column->addWidget(warning_banner_);
  column->addWidget(tabs_, 1);
  setCentralWidget(central);
  compare_->setReports({}, {});
  connect(&loader_, &ReportLoader::finished, this, &MainWindow::onLoaded);
  statusBar()->showMessage(tr("Open a drillsim report (File ▸ Open)."));
}

MainWindow::~MainWindow() = default;

void MainWindow::openFiles(const QStringList& paths) {
  if (paths.isEmpty()) return;
  statusBar()->showMessage(tr("Loading %1…").arg(paths.join(QStringLiteral(", "))));
  batch_timers_.emplace_back();
  batch_timers_.back().start();
  loader_.load(paths);
}

void MainWindow::onLoaded(const LoadBatch& results) {
  // Batches finish in the order they were started.
  last_load_ms_ = static_cast<double>(batch_timers_.front().nsecsElapsed()) / 1e6;
  batch_timers_.pop_front();
  QElapsedTimer build;
  build.start();
  QStringList errors;
  int added = 0;
  for (const auto& result : results) {
    if (result.report || result.study || result.result) {
      entries_.push_back({result.path, result.report, result.study, result.result, result.warnings});
      ++added;
    } else {
      errors.append(QStringLiteral("%1: %2").arg(result.path, result.error));
    }
  }
  if (added > 0) {
    current_ = static_cast<int>(entries_.size()) - 1;
    refreshSelector();
    showCurrent();
  }
  last_build_ms_ = static_cast<double>(build.nsecsElapsed()) / 1e6;
  if (added > 0) {
    statusBar()->showMessage(tr("Loaded %1 report(s) in %2 ms (read and check %3 ms, views %4 ms)")
                                 .arg(added)
                                 .arg(last_load_ms_ + last_build_ms_, 0, 'f', 0)
                                 .arg(last_load_ms_, 0, 'f', 0)
                                 .arg(last_build_ms_, 0, 'f', 0));
  } else {
    statusBar()->showMessage(tr("No report loaded."));
  }
  if (!errors.isEmpty() && error_dialogs_) {
    // Not modal-blocking: the window keeps working while the dialog is open.
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Cannot open report"),
                                errors.size() == 1 ? tr("This report could not be opened:")
                                                   : tr("These reports could not be opened:"),
                                QMessageBox::Ok, this);
    box->setInformativeText(errors.join(QStringLiteral("\n\n")));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setTextInteractionFlags(Qt::TextSelectableByMouse);
    box->setObjectName(QStringLiteral("load-error"));
    error_dialog_ = box;
    box->open();
  }
  Q_EMIT loadFinished(errors);
}

QMessageBox* MainWindow::errorDialog() const {
  return error_dialog_.data();
}

ReportPtr MainWindow::currentReport() const {
  return current_ >= 0 ? entries_[static_cast<std::size_t>(current_)].report : nullptr;
}

StudyPtr MainWindow::currentStudy() const {
  return current_ >= 0 ? entries_[static_cast<std::size_t>(current_)].study : nullptr;
}

ResultPtr MainWindow::currentResult() const {
  return current_ >= 0 ? entries_[static_cast<std::size_t>(current_)].result : nullptr;
}

QStringList MainWindow::warnings() const {
  QStringList out;
  for (const auto& e : entries_) {
    for (const QString& w : e.warnings)
      out.append(e.path + QStringLiteral(": ") + w);
  }
  return out;
}

QStringList MainWindow::reportTitles() const {
  QStringList titles;
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    const auto& e = entries_[i];
    if (e.report) {
      titles.append(report_title(static_cast<int>(i), e.path, e.report->scenario.name, QString()));
    } else if (e.study) {
      titles.append(report_title(static_cast<int>(i), e.path, e.study->points.front().aggregate.scenario_name,
                                 tr(", Monte Carlo")));
    } else {
      titles.append(report_title(static_cast<int>(i), e.path, e.result->name(),
                                 QStringLiteral(", ") + QLatin1String(kind_name(e.result->kind()))));
    }
  }
  return titles;
}

bool MainWindow::setCurrentTab(const QString& name) {
  for (int i = 0; i < static_cast<int>(std::size(kTabNames)); ++i) {
    if (name == QLatin1String(kTabNames[i])) {
      tabs_->setCurrentIndex(i);
      return true;
    }
  }
  return false;
}

void MainWindow::setCurrentReport(int index) {
  if (index < 0 || index >= reportCount() || index == current_) return;
  current_ = index;
  {
    const QSignalBlocker block(selector_);
    selector_->setCurrentIndex(index);
  }
  showCurrent();
}

void MainWindow::refreshSelector() {
  const QSignalBlocker block(selector_);
  selector_->clear();
  const QStringList titles = reportTitles();
  for (int i = 0; i < titles.size(); ++i) {
    selector_->addItem(titles[i]);
    selector_->setItemData(i, entries_[static_cast<std::size_t>(i)].path, Qt::ToolTipRole);
  }
  selector_->setCurrentIndex(current_);
  // Compare lines up drills' reports; studies have the Aggregate tab.
  std::vector<ReportPtr> reports;
  QStringList report_titles;
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    if (!entries_[i].report) continue;
    reports.push_back(entries_[i].report);
    report_titles.append(titles[static_cast<int>(i)]);
  }
  compare_->setReports(std::move(reports), report_titles);
}

void MainWindow::showCurrent() {
  const ReportPtr report = currentReport();
  const StudyPtr study = currentStudy();
  const ResultPtr result = currentResult();
  timeline_->setReport(report);
  phases_->setReport(report);
  plan_->setReport(report);
  if (study != aggregate_->study()) aggregate_->setStudy(study);
  if (result != results_->result()) results_->setResult(result);
  static const char* const kResultTabNames[] = {"Capacity", "Assessment", "Comparison"};
  tabs_->setTabText(kResultsTab,
                    result ? tr(kResultTabNames[static_cast<int>(result->kind())]) : tr("Results"));
  // A study has only the Aggregate tab, a capacity, assessment or comparison only the Results tab; a
  // drill's report has every other one.
  const int tab = tabs_->currentIndex();
  if (study && tab != kAggregateTab) tabs_->setCurrentIndex(kAggregateTab);
  if (result && tab != kResultsTab) tabs_->setCurrentIndex(kResultsTab);
  if (report && (tab == kAggregateTab || tab == kResultsTab)) tabs_->setCurrentIndex(0);
  export_menu_->setEnabled(report != nullptr);
  const QStringList warnings =
      current_ >= 0 ? entries_[static_cast<std::size_t>(current_)].warnings : QStringList();
  if (warnings.isEmpty()) {
    warning_banner_->hide();
  } else {
    QStringList lines;
    for (const QString& w : warnings)
      lines.append(w.toHtmlEscaped());
    warning_banner_->setText(
        tr("<b>This file has implausible values</b>; the charts show them as they are:<br>") +
        lines.join(QStringLiteral("<br>")));
    warning_banner_->show();
  }
  if (report || study || result) {
    setWindowTitle(tr("%1 — drillsim viewer").arg(reportTitles()[current_]));
  } else {
    setWindowTitle(tr("drillsim viewer"));
  }
}

void MainWindow::openInteractively() {
  const QStringList paths = QFileDialog::getOpenFileNames(this, tr("Open drillsim reports"), QString(),
                                                          tr("Reports (*.json);;All files (*)"));
  openFiles(paths);
}

bool MainWindow::exportCurrentTab(const QString& path) {
  return tabs_->currentWidget()->grab().save(path, "PNG");
}

void MainWindow::exportInteractively() {
  const QString name = QLatin1String(kTabNames[tabs_->currentIndex()]) + QStringLiteral(".png");
  const QString path =
      QFileDialog::getSaveFileName(this, tr("Export this tab as PNG"), name, tr("PNG images (*.png)"));
  if (path.isEmpty()) return;
  if (!exportCurrentTab(path))
    QMessageBox::warning(this, tr("Export failed"), tr("Cannot write %1").arg(path));
}

QString MainWindow::exportReport(const ExportFormat& format, const QString& target, QStringList* written) {
  const ReportPtr report = currentReport();
  if (!report) return tr("no drill report is shown (a study or a result has no %1 export)").arg(format.id);
  try {
    const auto files = format.write(
        *report, QFile::encodeName(entries_[static_cast<std::size_t>(current_)].path).toStdString(),
        std::filesystem::path(QFile::encodeName(target).toStdString()));
    if (written != nullptr) {
      for (const auto& f : files)
        written->append(QFile::decodeName(QByteArray::fromStdString(f.string())));
    }
  } catch (const report::WriteError& e) {
    return QString::fromStdString(e.what());
  } catch (const std::exception& e) {
    return QString::fromStdString(e.what());
  }
  return {};
}

void MainWindow::exportReportInteractively(const ExportFormat& format) {
  if (!currentReport()) return;
  const QFileInfo source(entries_[static_cast<std::size_t>(current_)].path);
  QString target;
  if (format.directory) {
    target = QFileDialog::getExistingDirectory(this, tr("Export %1 into").arg(tr(format.menu_text)),
                                               source.absolutePath());
  } else {
    target = QFileDialog::getSaveFileName(
        this, tr("Export %1").arg(tr(format.menu_text)),
        source.absoluteDir().filePath(source.completeBaseName() + QLatin1String(format.suffix)),
        tr(format.filter));
  }
  if (target.isEmpty()) return;
  QStringList written;
  const QString problem = exportReport(format, target, &written);
  if (!problem.isEmpty()) {
    QMessageBox::warning(this, tr("Export failed"), problem);
    return;
  }
  statusBar()->showMessage(tr("Written %1").arg(written.join(QStringLiteral(", "))));
}

void MainWindow::closeCurrent() {
  if (current_ < 0) return;
  entries_.erase(entries_.begin() + current_);
  current_ = std::min(current_, reportCount() - 1);
  refreshSelector();
  showCurrent();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  QStringList paths;
  for (const QUrl& url : event->mimeData()->urls()) {
    if (url.isLocalFile()) paths.append(url.toLocalFile());
  }
  openFiles(paths);
  event->acceptProposedAction();
}

}  // namespace drillsim::gui
