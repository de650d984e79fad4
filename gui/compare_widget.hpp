// The Compare tab: two or more reports (runbook A against runbook B, this quarter against the last)
// with their incidents' phases as bars on one axis against their RTOs, their metrics side by side, and
// the error ratio of each incident's service aligned on the fault's injection.
#pragma once

#include <QStringList>
#include <QWidget>

#include <vector>

#include "gui/chart_view.hpp"
#include "gui/report_loader.hpp"

class QLabel;
class QLineSeries;

namespace drillsim::gui {

class CompareModel;

class CompareWidget : public QWidget {
  Q_OBJECT
 public:
  explicit CompareWidget(QWidget* parent = nullptr);
  // `titles` name the reports (one each). Fewer than two reports show a hint instead of charts.
  // REQUIRES: titles.size() == reports.size().
  void setReports(std::vector<ReportPtr> reports, QStringList titles);

  CompareModel* model() const { return model_; }
  ChartView* phasesView() const { return phases_view_; }
  ChartView* alignedView() const { return aligned_view_; }

 private:
  // A report's error ratio per second, plotted at t - shift_s (its fault's injection at 0).
  struct Curve {
    QLineSeries* series;
    std::vector<double> values;
    double shift_s;
  };
  void rethin(double from_s, double to_s);

  std::vector<Curve> curves_;
  QLabel* hint_;
  QWidget* charts_;
  ChartView* phases_view_ = nullptr;
  ChartView* aligned_view_ = nullptr;
  CompareModel* model_;
};

}  // namespace drillsim::gui
