// The Aggregate tab: a Monte Carlo study (docs/monte-carlo.md) as the file states it.
//
// Overview: per service P(RTO met) and P(RPO met) with their intervals; the quantiles of the phases
// (detect, decide, roll back, restore) as grouped bars; what drives the time to restore as a tornado
// chart of rank correlations; exit states and per level P(claim met).
// Distributions: any metric's histogram with its p50 and p95 (and the RTO for a time to restore), and
// the table of every metric's quantiles. Attribution: the ranked table. Runs: the per-run table,
// sortable, each row with the command that replays it. Sweep (a sweep only): P(RTO met) with its Wilson
// band and the time to restore's quantiles against the swept value; a point selector chooses the
// aggregate the other pages show.
#pragma once

#include <QWidget>

#include "gui/aggregate.hpp"

class QChartView;
class QComboBox;
class QLabel;
class QSortFilterProxyModel;
class QTabWidget;
class QTableView;

namespace drillsim::gui {

class StudyTable;

class AggregateWidget : public QWidget {
  Q_OBJECT
 public:
  explicit AggregateWidget(QWidget* parent = nullptr);
  // Shows `study` (nullptr: nothing), its first point for a sweep.
  void setStudy(StudyPtr study);
  // Shows point `index` of a sweep (the only point of an aggregate).
  void setPoint(int index);
  // Shows the histogram of `key`: a name of the aggregate's `metrics`, or "objective:<service>" for an
  // objective's time to restore. False when there is no such distribution.
  bool setHistogram(const QString& key);
  // Selects the page named "overview", "distributions", "attribution", "runs" or "sweep".
  bool setPage(const QString& name);

  StudyPtr study() const { return study_; }
  int point() const { return point_; }
  const Aggregate* aggregate() const;

  StudyTable* objectivesModel() const { return objectives_; }
  StudyTable* metricsModel() const { return metrics_; }
  StudyTable* exitStatesModel() const { return exit_states_; }
  StudyTable* levelsModel() const { return levels_; }
  StudyTable* attributionModel() const { return attribution_; }
  StudyTable* runsModel() const { return runs_; }
  QSortFilterProxyModel* runsProxy() const { return runs_proxy_; }
  QTableView* runsView() const { return runs_view_; }
  QLabel* replayLabel() const { return replay_; }
  QLabel* headline() const { return headline_; }
  QChartView* phasesChart() const { return phases_chart_; }
  QChartView* tornadoChart() const { return tornado_chart_; }
  QChartView* histogramChart() const { return histogram_chart_; }
  QChartView* sweepProbabilityChart() const { return sweep_p_chart_; }
  QChartView* sweepRestoreChart() const { return sweep_ttr_chart_; }
  QComboBox* pointSelector() const { return point_selector_; }
  QComboBox* histogramSelector() const { return histogram_selector_; }
  QTabWidget* pages() const { return pages_; }

 private:
  void rebuild();
  void rebuildHistogram();
  void rebuildSweep();

  StudyPtr study_;
  int point_ = 0;
  QLabel* headline_;
  QComboBox* point_selector_;
  QTabWidget* pages_;
  StudyTable* objectives_;
  StudyTable* metrics_;
  StudyTable* exit_states_;
  StudyTable* levels_;
  StudyTable* attribution_;
  StudyTable* runs_;
  QSortFilterProxyModel* runs_proxy_;
  QTableView* runs_view_;
  QTableView* levels_view_;
  QTableView* objectives_view_;
  QTableView* exit_view_;
  QLabel* replay_;
  QChartView* phases_chart_;
  QChartView* tornado_chart_;
  QChartView* histogram_chart_;
  QChartView* sweep_p_chart_;
  QChartView* sweep_ttr_chart_;
  QComboBox* histogram_selector_;
  QWidget* sweep_page_;
};

}  // namespace drillsim::gui
