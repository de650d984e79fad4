// The Results tab: a capacity, assessment or comparison report (gui/result_reports.hpp) as the file
// states it, each a headline, a chart and a table.
//
// Capacity: per service, every replica count tried as a green (every run kept the SLO) or red mark on
// the replicas axis, today's count ringed and the fewest that passes as a bar; the per-service table
// and the table of every count tried. Assessment: per service and disruption type, P(RTO met), P(RPO
// met) and P(both met) with their Wilson intervals against the policy's threshold (met_at); the table
// of statuses and achievable RTO and RPO. Comparison: per candidate in rank order, the change in
// P(RTO met) and in the p95 time to restore with their bootstrap intervals against no change; the
// ranked table.
#pragma once

#include <QWidget>

#include "gui/result_reports.hpp"

class QChartView;
class QLabel;
class QStackedWidget;
class QTableView;
class QTabWidget;

namespace drillsim::gui {

class StudyTable;

class CapacityWidget : public QWidget {
  Q_OBJECT
 public:
  explicit CapacityWidget(QWidget* parent = nullptr);
  // `report` must outlive this widget's use of it (ResultWidget holds it).
  void setReport(const CapacityReport& report);

  QLabel* headline() const { return headline_; }
  StudyTable* servicesModel() const { return services_; }
  StudyTable* probesModel() const { return probes_; }
  QChartView* chart() const { return chart_; }

 private:
  QLabel* headline_;
  StudyTable* services_;
  StudyTable* probes_;
  QTableView* services_view_;
  QTableView* probes_view_;
  QChartView* chart_;
};

class AssessmentWidget : public QWidget {
  Q_OBJECT
 public:
  explicit AssessmentWidget(QWidget* parent = nullptr);
  void setReport(const AssessmentReport& report);

  QLabel* headline() const { return headline_; }
  StudyTable* resultsModel() const { return results_; }
  QChartView* chart() const { return chart_; }

 private:
  QLabel* headline_;
  StudyTable* results_;
  QTableView* results_view_;
  QChartView* chart_;
};

class ComparisonWidget : public QWidget {
  Q_OBJECT
 public:
  explicit ComparisonWidget(QWidget* parent = nullptr);
  void setReport(const ComparisonReport& report);

  QLabel* headline() const { return headline_; }
  StudyTable* candidatesModel() const { return candidates_; }
  QChartView* probabilityChart() const { return p_chart_; }
  QChartView* restoreChart() const { return ttr_chart_; }
  // The Per service page: per service (in the scenario's order) and candidate (rank order), the change
  // in P(RTO met) and in P(RPO met) with their intervals, and its table (fill_comparison_services).
  StudyTable* servicesModel() const { return services_; }
  QChartView* servicesChart() const { return services_chart_; }
  // The pages: "candidates" (the ranking) and "services"; false for another name, or "services" when
  // the file has no per-service changes.
  bool setPage(const QString& name);
  QTabWidget* pages() const { return pages_; }

 private:
  void drawServices(const ComparisonReport& r);
  QLabel* headline_;
  QTabWidget* pages_;
  StudyTable* candidates_;
  QTableView* candidates_view_;
  QChartView* p_chart_;
  QChartView* ttr_chart_;
  StudyTable* services_;
  QTableView* services_view_;
  QChartView* services_chart_;
};

// The tab: one of the three views, or a hint when the current file is not such a report.
class ResultWidget : public QWidget {
  Q_OBJECT
 public:
  explicit ResultWidget(QWidget* parent = nullptr);
  void setResult(ResultPtr result);  // nullptr: the hint.
  ResultPtr result() const { return result_; }

  CapacityWidget* capacity() const { return capacity_; }
  AssessmentWidget* assessment() const { return assessment_; }
  ComparisonWidget* comparison() const { return comparison_; }
  QStackedWidget* stack() const { return stack_; }

 private:
  ResultPtr result_;
  QStackedWidget* stack_;
  QLabel* hint_;
  CapacityWidget* capacity_;
  AssessmentWidget* assessment_;
  ComparisonWidget* comparison_;
};

}  // namespace drillsim::gui
