// Thin table models over a loaded report, for the viewer's tables (and its tests, which run them under
// QAbstractItemModelTester). They only select and format what the report holds. Several small models
// share this file to keep the viewer's build to a few translation units.
//
// Roles, for every model: Qt::DisplayRole is the text shown; Qt::UserRole the raw value (a double, a
// qulonglong, a bool or a string; an invalid QVariant when the report has null there);
// Qt::BackgroundRole colours verdict cells (palette.hpp); Qt::ToolTipRole explains a cell where the text
// is short. A model without a report has no rows.
#pragma once

#include <QAbstractTableModel>
#include <QStringList>

#include <vector>

#include "gui/report_loader.hpp"

namespace drillsim::gui {

// One row per objective of the report: RTO and RPO verdicts, with the impact of the incident on that
// service (requests failed, users affected, revenue impact) and the data it lost.
class ObjectivesModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column {
    Service,
    Rto,
    TimeToRestore,
    RtoVerdict,
    Rpo,
    DataLossWindow,
    WritesLost,
    RpoVerdict,
    RequestsFailed,
    UsersAffected,
    RevenueImpact,
    Reason,
    kColumnCount
  };
  using QAbstractTableModel::QAbstractTableModel;
  void setReport(ReportPtr report);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

 private:
  ReportPtr report_;
};

// The instants of one incident: one row per instant of the timeline, in timeline order.
class InstantsModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { Instant, Time, SinceOnset, Note, kColumnCount };
  using QAbstractTableModel::QAbstractTableModel;
  // Shows incident number `incident` of `report`; no rows if it has no such incident.
  void setIncident(ReportPtr report, int incident);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

 private:
  ReportPtr report_;
  int incident_ = -1;
};

// The plan's steps, in the report's order (as they ran, then those never run).
class StepsModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  // Source: the runbook lines the step was imported from ("lines 12-14"), "—" when the report has none.
  enum Column {
    Number,
    Level,
    Step,
    Action,
    Source,
    Start,
    End,
    Duration,
    Status,
    Attempts,
    Detail,
    kColumnCount
  };
  using QAbstractTableModel::QAbstractTableModel;
  void setReport(ReportPtr report);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

 private:
  ReportPtr report_;
};

// The plan's levels: each level's claimed budget against its simulated time.
class LevelsModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { Level, Claim, Simulated, ClaimVerdict, Start, End, Outcome, kColumnCount };
  using QAbstractTableModel::QAbstractTableModel;
  void setReport(ReportPtr report);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

 private:
  ReportPtr report_;
};

// Two or more reports side by side: one column per report, one row per metric of its first incident
// (and the objectives and plan). The lowest value of a time or impact row is shown in bold when the
// reports differ.
class CompareModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Row {
    Scenario,
    Seed,
    Incident,
    TimeToDetect,
    TimeToDecide,
    TimeToRollback,
    TimeToRestore,
    Rto,
    RtoVerdict,
    Downtime,
    RequestsFailed,
    UsersAffected,
    RevenueImpact,
    DataLossWindow,
    WritesLost,
    RpoVerdict,
    PlanExitState,
    kRowCount
  };
  using QAbstractTableModel::QAbstractTableModel;
  // `titles` name the columns, one per report. REQUIRES: titles.size() == reports.size().
  void setReports(std::vector<ReportPtr> reports, QStringList titles);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

 private:
  QVariant raw(int row, int column) const;  // Qt::UserRole.

  std::vector<ReportPtr> reports_;
  QStringList titles_;
};

}  // namespace drillsim::gui
