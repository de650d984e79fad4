// The tables of the Aggregate tab, built from one aggregate of a study (gui/aggregate.hpp). Each is a
// StudyTable: rows of cells prepared once, since an aggregate never changes after it is loaded. They
// select and format what the file holds; nothing is computed but a percentage's digits.
//
// Roles: Qt::DisplayRole the text; Qt::UserRole the raw value (a double, a qulonglong, a bool or a
// string; invalid where the file has null); kSortRole a value that always compares (null sorts after
// every number), which the per-run table's sort uses; Qt::ToolTipRole, Qt::BackgroundRole where useful.
#pragma once

#include <QAbstractTableModel>
#include <QColor>
#include <QStringList>
#include <QVariant>

#include <vector>

#include "gui/aggregate.hpp"

namespace drillsim::gui {

inline constexpr int kSortRole = Qt::UserRole + 1;

class StudyTable : public QAbstractTableModel {
  Q_OBJECT
 public:
  struct Cell {
    QString text;
    QVariant value;
    QVariant sort;
    QString tooltip;
    QColor background;  // Invalid: none.
  };
  using QAbstractTableModel::QAbstractTableModel;
  void setTable(QStringList headers, std::vector<std::vector<Cell>> rows);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
  // The column titled `header`, or -1.
  int column(const QString& header) const;

 private:
  QStringList headers_;
  std::vector<std::vector<StudyTable::Cell>> rows_;
};

// "94.5%" (one decimal); "—" when absent.
QString format_percent(std::optional<double> p);
// "92.9–95.8%"; "—" when absent.
QString format_interval(const std::optional<std::pair<double, double>>& interval);

// Per objective: service, RTO, P(RTO met) with its Wilson and Clopper–Pearson intervals, P(RPO met)
// with its Wilson interval, P(both met), and the time to restore's p50 and p95 (over the runs that
// restored).
void fill_objectives(StudyTable& table, const Aggregate& a);
// Per metric (the file's `metrics`): runs, missing, mean, p5, p50, p90, p95, p99, min, max.
void fill_metrics(StudyTable& table, const Aggregate& a);
// Per exit state: runs, share and its Wilson interval.
void fill_exit_states(StudyTable& table, const Aggregate& a);
// Per level with a claim: P(claim met) of the runs where it was judged, and those not judged.
void fill_levels(StudyTable& table, const Aggregate& a);
// The attribution, in the file's (ranked) order.
void fill_attribution(StudyTable& table, const Aggregate& a);
// One row per run: run, seed, exit state, every metric, RTO met per objective, violations, and the
// command that replays it (also the tooltip of every cell of the row).
void fill_runs(StudyTable& table, const Aggregate& a);

}  // namespace drillsim::gui
