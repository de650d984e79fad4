// The Phases and Plan tabs of the viewer, and the phases chart the Compare tab shares.
//
// Phases: per incident, detect / decide / rollback / verify as a stacked bar from the onset against the
// RTO, the time to restore on it; the instants table; the objectives table with the RTO/RPO verdicts in
// colour, data lost, users affected and revenue impact.
// Plan: the exit state, the steps as a Gantt chart (start, end, colour by status) with the drill's
// instants and the RTO deadline, each level's claimed budget against its simulated time, and the tables.
#pragma once

#include <QString>
#include <QWidget>

#include <vector>

#include "gui/chart_view.hpp"
#include "gui/report_facts.hpp"
#include "gui/report_loader.hpp"

class QAbstractItemModel;
class QLabel;
class QTableView;

namespace drillsim::gui {

class InstantsModel;
class LevelsModel;
class ObjectivesModel;
class StepsModel;

// One bar of a phases chart: an incident, or a report's incident in a comparison.
struct PhaseBar {
  QString label;
  Phases phases;
};
// A horizontal stacked bar per element of `bars` (top to bottom in the given order), in seconds since
// the onset, each with its RTO as a red line and its time to restore as a black diamond.
ChartView* make_phases_view(const std::vector<PhaseBar>& bars, QWidget* parent = nullptr);

class PhasesWidget : public QWidget {
  Q_OBJECT
 public:
  explicit PhasesWidget(QWidget* parent = nullptr);
  void setReport(ReportPtr report);

  ChartView* phasesView() const { return phases_view_; }
  ObjectivesModel* objectivesModel() const { return objectives_model_; }
  InstantsModel* instantsModel() const { return instants_model_; }

 private:
  ReportPtr report_;
  QLabel* headline_;
  QWidget* chart_holder_;
  ChartView* phases_view_ = nullptr;
  ObjectivesModel* objectives_model_;
  InstantsModel* instants_model_;
};

class PlanWidget : public QWidget {
  Q_OBJECT
 public:
  explicit PlanWidget(QWidget* parent = nullptr);
  void setReport(ReportPtr report);

  ChartView* ganttView() const { return gantt_view_; }
  ChartView* levelsView() const { return levels_view_; }
  StepsModel* stepsModel() const { return steps_model_; }
  LevelsModel* levelsModel() const { return levels_model_; }

 private:
  void rebuildGantt();
  void rebuildLevels();

  ReportPtr report_;
  QLabel* headline_;
  QWidget* gantt_holder_;
  QWidget* levels_holder_;
  ChartView* gantt_view_ = nullptr;
  ChartView* levels_view_ = nullptr;
  StepsModel* steps_model_;
  QTableView* steps_view_;
  LevelsModel* levels_model_;
};

// Shared by the tabs: a read-only table view of `model` whose columns fit their contents whenever the
// model is reset.
QTableView* new_table_view(QWidget* parent, QAbstractItemModel* model);

}  // namespace drillsim::gui
