// drillsim-viewer [REPORT.json ...] [--screenshot FILE.png] [--tab NAME] [--page NAME] [--service NAME]
//                 [--size WxH] [--time-load] [--export FORMAT=PATH ...]
// Opens drillsim reports in the Qt viewer (docs/viewer.md). --screenshot renders the main window
// headless into a PNG and exits; --time-load prints how long the reports took to open and render;
// --export writes the drill report as File ▸ Export report does (html, markdown, junit or csv) and exits.
// Exit codes: 0 ok, 2 bad command line, 3 a report could not be loaded (headless modes), 4 the
// screenshot or an export could not be written.
#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QTimer>

#include <sys/resource.h>
#include <cstdio>
#include <cstring>
#include <utility>
#include <vector>

#include "drillsim/version.hpp"
#include "gui/aggregate_widget.hpp"
#include "gui/main_window.hpp"
#include "gui/result_widgets.hpp"
#include "gui/timeline_widget.hpp"

namespace {

bool has_flag(int argc, char** argv, const char* flag) {
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], flag, std::strlen(flag)) == 0) return true;
  }
  return false;
}

// Qt's offscreen platform warns that it "does not support propagateSizeHints()" whenever a window is
// laid out: harmless, and noise in the headless modes' output.
void drop_offscreen_noise(QtMsgType type, const QMessageLogContext& context, const QString& message) {
  if (message.contains(QLatin1String("propagateSizeHints"))) return;
  qt_message_output(type, context, message);  // Qt's default output.
}

// CPU time of the whole process (every thread) so far: on a busy machine, the wall time overstates
// what the open costs.
double cpu_ms() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto ms = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_usec) / 1e3;
  };
  return ms(usage.ru_utime) + ms(usage.ru_stime);
}

double peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux reports KiB.
}

}  // namespace

int main(int argc, char** argv) {
  // The headless modes need no display: use Qt's offscreen platform unless one was chosen.
  const bool headless = has_flag(argc, argv, "--screenshot") || has_flag(argc, argv, "--time-load") ||
                        has_flag(argc, argv, "--export");
  if (headless && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  if (headless) qInstallMessageHandler(drop_offscreen_noise);

  QElapsedTimer since_start;
  since_start.start();
  QApplication app(argc, argv);
  QApplication::setApplicationName(QStringLiteral("drillsim-viewer"));
  QApplication::setApplicationVersion(QString::fromLatin1(drillsim::kVersion));

  QCommandLineParser parser;
  parser.setApplicationDescription(
      QStringLiteral("Shows drillsim reports: timelines, phases, plan, comparisons, Monte Carlo studies, "
                     "capacity, assessments and ranked candidates."));
  parser.addHelpOption();
  parser.addVersionOption();
  parser.addPositionalArgument(QStringLiteral("REPORT.json"),
                               QStringLiteral("Reports to open (two or more to compare)."),
                               QStringLiteral("[REPORT.json...]"));
  const QCommandLineOption screenshot(
      QStringLiteral("screenshot"),
      QStringLiteral("Render the main window headless into FILE (PNG) and exit."), QStringLiteral("FILE"));
  const QCommandLineOption tab(
      QStringLiteral("tab"),
      QStringLiteral("Tab to show: timeline (default), phases, plan, compare, aggregate or results "
                     "(a Monte Carlo study always opens on aggregate; a capacity, assessment or comparison "
                     "report on results)."),
      QStringLiteral("NAME"), QStringLiteral("timeline"));
  const QCommandLineOption service(
      QStringLiteral("service"), QStringLiteral("Service whose timeline to show (default: the incident's)."),
      QStringLiteral("NAME"));
  const QCommandLineOption size(QStringLiteral("size"), QStringLiteral("Window size (default 1400x1000)."),
                                QStringLiteral("WxH"), QStringLiteral("1400x1000"));
  const QCommandLineOption time_load(
      QStringLiteral("time-load"),
      QStringLiteral("Print the time to load and first render the reports, then exit."));
  const QCommandLineOption page(
      QStringLiteral("page"),
      QStringLiteral(
          "Page of the Aggregate tab: overview (default), distributions, attribution, runs or sweep."),
      QStringLiteral("NAME"), QStringLiteral("overview"));
  const QCommandLineOption export_option(
      QStringLiteral("export"),
      QStringLiteral(
          "Write the drill report as FORMAT (html, markdown, junit or csv, a directory) to PATH, as "
          "File > Export report does, and exit (repeatable)."),
      QStringLiteral("FORMAT=PATH"));
  parser.addOptions({screenshot, tab, page, service, size, time_load, export_option});
  parser.process(app);

  const QStringList files = parser.positionalArguments();
  const QStringList wh = parser.value(size).split(QLatin1Char('x'));
  bool w_ok = false;
  bool h_ok = false;
  const int width = wh.size() == 2 ? wh[0].toInt(&w_ok) : 0;
  const int height = wh.size() == 2 ? wh[1].toInt(&h_ok) : 0;
  if (!w_ok || !h_ok || width < 200 || height < 200) {
    std::fprintf(stderr, "drillsim-viewer: --size expects WxH of at least 200x200, got \"%s\"\n",
                 qPrintable(parser.value(size)));
    return 2;
  }
  if (headless && files.isEmpty()) {
    std::fprintf(stderr,
                 "drillsim-viewer: --screenshot, --time-load and --export need at least one REPORT.json\n");
    return 2;
  }
  std::vector<std::pair<const drillsim::gui::ExportFormat*, QString>> exports;
  for (const QString& value : parser.values(export_option)) {
    const qsizetype eq = value.indexOf(QLatin1Char('='));
    const drillsim::gui::ExportFormat* format =
        eq > 0 ? drillsim::gui::find_export_format(value.left(eq).toStdString()) : nullptr;
    if (format == nullptr || eq + 1 >= value.size()) {
      std::fprintf(
          stderr,
          "drillsim-viewer: --export expects FORMAT=PATH with FORMAT html, markdown, junit or csv, got "
          "\"%s\"\n",
          qPrintable(value));
      return 2;
    }
    exports.emplace_back(format, value.mid(eq + 1));
  }

  drillsim::gui::MainWindow window;
  window.resize(width, height);
  if (!window.setCurrentTab(parser.value(tab))) {
    std::fprintf(stderr,
                 "drillsim-viewer: --tab expects timeline, phases, plan, compare, aggregate or results, got "
                 "\"%s\"\n",
                 qPrintable(parser.value(tab)));
    return 2;
  }
  const QStringList pages{QStringLiteral("overview"),    QStringLiteral("distributions"),
                          QStringLiteral("attribution"), QStringLiteral("runs"),
                          QStringLiteral("sweep"),       QStringLiteral("candidates"),
                          QStringLiteral("services")};
  if (!pages.contains(parser.value(page))) {
    std::fprintf(stderr,
                 "drillsim-viewer: --page expects overview, distributions, attribution, runs or sweep (an "
                 "aggregate), candidates or services (a comparison), got \"%s\"\n",
                 qPrintable(parser.value(page)));
    return 2;
  }
  if (!headless) {
    window.show();
    window.openFiles(files);
    return QApplication::exec();
  }

  window.setErrorDialogsEnabled(false);
  QElapsedTimer open_timer;
  QObject::connect(
      &window, &drillsim::gui::MainWindow::loadFinished, &window, [&](const QStringList& errors) {
        if (!errors.isEmpty()) {
          for (const QString& e : errors)
            std::fprintf(stderr, "drillsim-viewer: cannot open %s\n", qPrintable(e));
          QApplication::exit(3);
          return;
        }
        for (const QString& w : window.warnings())
          std::fprintf(stderr, "drillsim-viewer: warning: %s\n", qPrintable(w));
        if (parser.isSet(service)) window.timeline()->setService(parser.value(service));
        const bool comparison = window.currentResult() && window.currentResult()->comparison();
        if (parser.isSet(page) && !(comparison ? window.results()->comparison()->setPage(parser.value(page))
                                               : window.aggregate()->setPage(parser.value(page)))) {
          std::fprintf(stderr,
                       "drillsim-viewer: --page %s: not a page of this file (a sweep page needs a sweep, a "
                       "services page a comparison with per-service changes)\n",
                       qPrintable(parser.value(page)));
          QApplication::exit(2);
          return;
        }
        for (const auto& [format, target] : exports) {
          const QString problem = window.exportReport(*format, target);
          if (!problem.isEmpty()) {
            std::fprintf(stderr, "drillsim-viewer: cannot export %s: %s\n", format->id, qPrintable(problem));
            QApplication::exit(4);
            return;
          }
        }
        if (!exports.empty() && !parser.isSet(screenshot) && !parser.isSet(time_load)) {
          QApplication::exit(0);
          return;
        }
        window.show();
        // The first render: every widget of the window painted once.
        QElapsedTimer render;
        render.start();
        (void)window.grab();
        const double render_ms = static_cast<double>(render.nsecsElapsed()) / 1e6;
        if (parser.isSet(time_load)) {
          std::printf(
              "open: %.0f ms from request to first render (read and check %.0f ms, build views %.0f ms, "
              "first render %.0f ms); %.0f ms since start; CPU %.0f ms since start; %zu points plotted; peak "
              "RSS %.0f "
              "MiB\n",
              static_cast<double>(open_timer.nsecsElapsed()) / 1e6, window.lastLoadMs(), window.lastBuildMs(),
              render_ms, static_cast<double>(since_start.nsecsElapsed()) / 1e6, cpu_ms(),
              window.timeline()->plottedPoints(), peak_rss_mib());
          std::fflush(stdout);
        }
        if (!parser.isSet(screenshot)) {
          QApplication::exit(0);
          return;
        }
        // Let the charts settle (their plot areas are aligned once laid out), then render for real.
        QTimer::singleShot(100, &window, [&] {
          QCoreApplication::processEvents();
          const QString path = parser.value(screenshot);
          if (!window.grab().save(path, "PNG")) {
            std::fprintf(stderr, "drillsim-viewer: cannot write the screenshot %s\n", qPrintable(path));
            QApplication::exit(4);
            return;
          }
          QApplication::exit(0);
        });
      });
  open_timer.start();
  window.openFiles(files);
  return QApplication::exec();
}
