#include "gui/table_models.hpp"

#include <QColor>

#include <algorithm>
#include <optional>

#include "gui/palette.hpp"
#include "gui/report_facts.hpp"

namespace drillsim::gui {

namespace {

QString qs(const std::string& s) {
  return QString::fromStdString(s);
}

QVariant optional_value(std::optional<double> v) {
  return v ? QVariant(*v) : QVariant();
}

QVariant verdict_text(bool met) {
  return met ? QStringLiteral("met") : QStringLiteral("MISSED");
}

QVariant verdict_colour(bool met) {
  return met ? palette::met() : palette::missed();
}

constexpr int kRightAligned = Qt::AlignRight | Qt::AlignVCenter;

}  // namespace

// ---------------------------------------------------------------------------------------------------
// ObjectivesModel

void ObjectivesModel::setReport(ReportPtr report) {
  beginResetModel();
  report_ = std::move(report);
  endResetModel();
}

int ObjectivesModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() || !report_ ? 0 : static_cast<int>(report_->objectives.size());
}

int ObjectivesModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : kColumnCount;
}

QVariant ObjectivesModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid) || !report_) return {};
  const auto& o = report_->objectives[static_cast<std::size_t>(index.row())];
  const auto* incident = incident_on(*report_, o.service);
  const int column = index.column();

  if (role == Qt::UserRole) {
    switch (column) {
      case Service:
        return qs(o.service);
      case Rto:
        return o.rto_s;
      case TimeToRestore:
        return optional_value(o.time_to_restore_s);
      case RtoVerdict:
        return o.rto_met;
      case Rpo:
        return o.rpo_s;
      case DataLossWindow:
        return o.data_loss_window_s;
      case WritesLost:
        return QVariant::fromValue<qulonglong>(writes_lost(*report_, o.service));
      case RpoVerdict:
        return o.rpo_met;
      case RequestsFailed:
        return incident ? QVariant::fromValue<qulonglong>(incident->metrics.requests_failed) : QVariant();
      case UsersAffected:
        return incident ? QVariant::fromValue<qulonglong>(incident->metrics.users_affected) : QVariant();
      case RevenueImpact:
        return incident ? QVariant(incident->metrics.revenue_impact) : QVariant();
      case Reason:
        return qs(o.reason);
    }
    return {};
  }
  if (role == Qt::DisplayRole) {
    switch (column) {
      case Service:
        return qs(o.service);
      case Rto:
        return format_duration(o.rto_s);
      case TimeToRestore:
        return format_duration(o.time_to_restore_s);
      case RtoVerdict:
        return verdict_text(o.rto_met);
      case Rpo:
        return format_duration(o.rpo_s);
      case DataLossWindow:
        return format_duration(o.data_loss_window_s);
      case WritesLost:
        return format_count(writes_lost(*report_, o.service));
      case RpoVerdict:
        return verdict_text(o.rpo_met);
      case RequestsFailed:
        return incident ? format_count(incident->metrics.requests_failed) : QStringLiteral("—");
      case UsersAffected:
        return incident ? format_count(incident->metrics.users_affected) : QStringLiteral("—");
      case RevenueImpact:
        return incident ? format_money(incident->metrics.revenue_impact) : QStringLiteral("—");
      case Reason:
        return qs(o.reason);
    }
    return {};
  }
  if (role == Qt::BackgroundRole) {
    if (column == RtoVerdict) return verdict_colour(o.rto_met);
    if (column == RpoVerdict) return verdict_colour(o.rpo_met);
    return {};
  }
  if (role == Qt::ToolTipRole && (column == RtoVerdict || column == RpoVerdict || column == Reason)) {
    return qs(o.reason);
  }
  if (role == Qt::TextAlignmentRole && column != Service && column != Reason) return kRightAligned;
  return {};
}

QVariant ObjectivesModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  static const char* const kHeaders[kColumnCount] = {
      "service",          "RTO",         "time to restore", "RTO verdict",     "RPO",
      "data loss window", "writes lost", "RPO verdict",     "requests failed", "users affected",
      "revenue impact",   "why"};
  return section >= 0 && section < kColumnCount ? QVariant(QString::fromUtf8(kHeaders[section])) : QVariant();
}

// ---------------------------------------------------------------------------------------------------
// InstantsModel

void InstantsModel::setIncident(ReportPtr report, int incident) {
  beginResetModel();
  report_ = std::move(report);
  incident_ =
      report_ && incident >= 0 && incident < static_cast<int>(report_->incidents.size()) ? incident : -1;
  endResetModel();
}

int InstantsModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() || incident_ < 0 ? 0 : static_cast<int>(model::kInstantCount);
}

int InstantsModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : kColumnCount;
}

QVariant InstantsModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid) || incident_ < 0) return {};
  const auto& incident = report_->incidents[static_cast<std::size_t>(incident_)];
  const auto instant = model::kInstants[static_cast<std::size_t>(index.row())];
  const auto t = incident.instants.at(instant);
  const auto onset = incident.instants.at(model::Instant::Onset);
  const std::optional<double> since = t && onset ? std::optional<double>(*t - *onset) : std::nullopt;

  QString note;
  if (instant == model::Instant::Detect && t) note = QStringLiteral("signal: ") + qs(incident.detect_signal);
  if (instant == model::Instant::Onset && !t) note = QStringLiteral("the fault made no request fail");
  if (instant == model::Instant::Restored && !t) {
    note = incident.metrics.slo_breached ? QStringLiteral("not restored before the drill ended")
                                         : QStringLiteral("the service stayed within SLO");
  }

  switch (role) {
    case Qt::DisplayRole:
      switch (index.column()) {
        case Instant:
          return QString::fromUtf8(model::to_string(instant));
        case Time:
          return format_time(t);
        case SinceOnset:
          return since ? QStringLiteral("+") + format_duration(since) : QStringLiteral("—");
        case Note:
          return note;
      }
      return {};
    case Qt::UserRole:
      switch (index.column()) {
        case Instant:
          return QString::fromUtf8(model::to_string(instant));
        case Time:
          return optional_value(t);
        case SinceOnset:
          return optional_value(since);
        case Note:
          return note;
      }
      return {};
    case Qt::ForegroundRole:
      return index.column() == Instant ? QVariant(palette::instant(instant)) : QVariant();
    case Qt::TextAlignmentRole:
      return index.column() == Time || index.column() == SinceOnset ? QVariant(kRightAligned) : QVariant();
    default:
      return {};
  }
}

QVariant InstantsModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  static const char* const kHeaders[kColumnCount] = {"instant", "t (s)", "since onset", "note"};
  return section >= 0 && section < kColumnCount ? QVariant(QString::fromUtf8(kHeaders[section])) : QVariant();
}

// ---------------------------------------------------------------------------------------------------
// StepsModel

void StepsModel::setReport(ReportPtr report) {
  beginResetModel();
  report_ = std::move(report);
  endResetModel();
}

int StepsModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() || !report_ ? 0 : static_cast<int>(report_->plan.steps.size());
}

int StepsModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : kColumnCount;
}

QVariant StepsModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid) || !report_) return {};
  const auto& step = report_->plan.steps[static_cast<std::size_t>(index.row())];
  const std::optional<double> duration =
      step.start_s && step.end_s ? std::optional<double>(*step.end_s - *step.start_s) : std::nullopt;
  const int column = index.column();
  if (role == Qt::DisplayRole || role == Qt::UserRole) {
    const bool raw = role == Qt::UserRole;
    switch (column) {
      case Number:
        return index.row() + 1;
      case Level:
        return qs(step.level);
      case Step:
        return qs(step.name);
      case Action:
        return qs(step.action);
      case Source:
        if (step.source_line <= 0) return raw ? QVariant() : QVariant(QStringLiteral("—"));
        if (raw) return step.source_line;
        return step.source_end_line > step.source_line
                   ? QStringLiteral("lines %1–%2").arg(step.source_line).arg(step.source_end_line)
                   : QStringLiteral("line %1").arg(step.source_line);
      case Start:
        return raw ? optional_value(step.start_s) : QVariant(format_time(step.start_s));
      case End:
        return raw ? optional_value(step.end_s) : QVariant(format_time(step.end_s));
      case Duration:
        return raw ? optional_value(duration) : QVariant(format_duration(duration));
      case Status:
        return QString::fromUtf8(model::to_string(step.status));
      case Attempts:
        return step.attempts;
      case Detail:
        return qs(step.detail);
    }
    return {};
  }
  if (role == Qt::BackgroundRole && column == Status) {
    switch (step.status) {
      case model::StepOutcome::Status::Completed:
        return palette::met();
      case model::StepOutcome::Status::Failed:
        return palette::missed();
      case model::StepOutcome::Status::Interrupted:
        return QColor(0xff, 0xe0, 0xb2);
      case model::StepOutcome::Status::NotRun:
        return palette::neutral();
    }
  }
  if (role == Qt::ToolTipRole && (column == Step || column == Detail) && !step.detail.empty()) {
    return qs(step.detail);
  }
  if (role == Qt::TextAlignmentRole &&
      (column == Number || column == Start || column == End || column == Duration || column == Attempts)) {
    return kRightAligned;
  }
  return {};
}

QVariant StepsModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  static const char* const kHeaders[kColumnCount] = {"#",       "level",     "step",    "action",
                                                     "runbook", "start (s)", "end (s)", "took",
                                                     "status",  "attempts",  "detail"};
  return section >= 0 && section < kColumnCount ? QVariant(QString::fromUtf8(kHeaders[section])) : QVariant();
}

// ---------------------------------------------------------------------------------------------------
// LevelsModel

void LevelsModel::setReport(ReportPtr report) {
  beginResetModel();
  report_ = std::move(report);
  endResetModel();
}

int LevelsModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() || !report_ ? 0 : static_cast<int>(report_->plan.levels.size());
}

int LevelsModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : kColumnCount;
}

QVariant LevelsModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid) || !report_) return {};
  const auto& level = report_->plan.levels[static_cast<std::size_t>(index.row())];
  // The report's own verdict (build_report judges each level once); never judged again here.
  const std::size_t row = static_cast<std::size_t>(index.row());
  const metrics::LevelClaim claim =
      row < report_->level_claims.size() ? report_->level_claims[row] : metrics::LevelClaim{};
  const std::optional<double> simulated = claim.elapsed_s;
  const std::optional<bool> claim_met = claim.met;
  const QString name = level.name.empty() ? QStringLiteral("(the plan)") : qs(level.name);
  const int column = index.column();
  if (role == Qt::DisplayRole) {
    switch (column) {
      case Level:
        return name;
      case Claim:
        return level.claim_s ? format_duration(level.claim_s) : QStringLiteral("no claim");
      case Simulated:
        return format_duration(simulated);
      case ClaimVerdict:
        return claim_met ? verdict_text(*claim_met) : QVariant(QStringLiteral("—"));
      case Start:
        return format_time(level.start_s);
      case End:
        return format_time(level.end_s);
      case Outcome:
        return qs(level.outcome);
    }
    return {};
  }
  if (role == Qt::UserRole) {
    switch (column) {
      case Level:
        return qs(level.name);
      case Claim:
        return optional_value(level.claim_s);
      case Simulated:
        return optional_value(simulated);
      case ClaimVerdict:
        return claim_met ? QVariant(*claim_met) : QVariant();
      case Start:
        return optional_value(level.start_s);
      case End:
        return optional_value(level.end_s);
      case Outcome:
        return qs(level.outcome);
    }
    return {};
  }
  if (role == Qt::BackgroundRole && column == ClaimVerdict) {
    return claim_met ? verdict_colour(*claim_met) : QVariant(palette::neutral());
  }
  if (role == Qt::TextAlignmentRole && column != Level && column != Outcome) return kRightAligned;
  return {};
}

QVariant LevelsModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  static const char* const kHeaders[kColumnCount] = {"level",     "claimed budget", "simulated time", "claim",
                                                     "start (s)", "end (s)",        "outcome"};
  return section >= 0 && section < kColumnCount ? QVariant(QString::fromUtf8(kHeaders[section])) : QVariant();
}

// ---------------------------------------------------------------------------------------------------
// CompareModel

void CompareModel::setReports(std::vector<ReportPtr> reports, QStringList titles) {
  beginResetModel();
  reports_ = std::move(reports);
  titles_ = std::move(titles);
  endResetModel();
}

int CompareModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() || reports_.empty() ? 0 : kRowCount;
}

int CompareModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(reports_.size());
}

namespace {

// Rows whose lowest value is the best one (times, impact, data lost).
bool lower_is_better(int row) {
  switch (row) {
    case CompareModel::TimeToDetect:
    case CompareModel::TimeToDecide:
    case CompareModel::TimeToRollback:
    case CompareModel::TimeToRestore:
    case CompareModel::Downtime:
    case CompareModel::RequestsFailed:
    case CompareModel::UsersAffected:
    case CompareModel::RevenueImpact:
    case CompareModel::DataLossWindow:
    case CompareModel::WritesLost:
      return true;
    default:
      return false;
  }
}

}  // namespace

QVariant CompareModel::raw(int row, int column) const {
  const auto& r = *reports_[static_cast<std::size_t>(column)];
  const report::Report::Incident* incident = r.incidents.empty() ? nullptr : &r.incidents.front();
  // The objective of the incident's service, or the first objective without an incident.
  const metrics::ObjectiveVerdict* objective = incident
                                                   ? objective_for(r, incident->service)
                                                   : (r.objectives.empty() ? nullptr : &r.objectives.front());
  switch (row) {
    case Scenario:
      return qs(r.scenario.name);
    case Seed:
      return QVariant::fromValue<qulonglong>(r.seed);
    case Incident:
      return incident ? QVariant(qs(incident->service + ": " + incident->fault)) : QVariant();
    case TimeToDetect:
      return incident ? optional_value(incident->metrics.time_to_detect_s) : QVariant();
    case TimeToDecide:
      return incident ? optional_value(incident->metrics.time_to_decide_s) : QVariant();
    case TimeToRollback:
      return incident ? optional_value(incident->metrics.time_to_rollback_s) : QVariant();
    case TimeToRestore:
      return incident ? optional_value(incident->metrics.time_to_restore_s) : QVariant();
    case Rto:
      return objective ? QVariant(objective->rto_s) : QVariant();
    case RtoVerdict:
      return objective ? QVariant(objective->rto_met) : QVariant();
    case Downtime:
      return incident ? QVariant(incident->metrics.downtime_s) : QVariant();
    case RequestsFailed:
      return incident ? QVariant::fromValue<qulonglong>(incident->metrics.requests_failed) : QVariant();
    case UsersAffected:
      return incident ? QVariant::fromValue<qulonglong>(incident->metrics.users_affected) : QVariant();
    case RevenueImpact:
      return incident ? QVariant(incident->metrics.revenue_impact) : QVariant();
    case DataLossWindow:
      return objective ? QVariant(objective->data_loss_window_s) : QVariant();
    case WritesLost:
      return objective ? QVariant::fromValue<qulonglong>(writes_lost(r, objective->service)) : QVariant();
    case RpoVerdict:
      return objective ? QVariant(objective->rpo_met) : QVariant();
    case PlanExitState:
      return qs(r.plan.exit_state);
  }
  return {};
}

QVariant CompareModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid)) return {};
  const int row = index.row();
  const QVariant value = raw(row, index.column());
  switch (role) {
    case Qt::UserRole:
      return value;
    case Qt::DisplayRole:
      if (!value.isValid()) return QStringLiteral("—");
      switch (row) {
        case TimeToDetect:
        case TimeToDecide:
        case TimeToRollback:
        case TimeToRestore:
        case Rto:
        case Downtime:
        case DataLossWindow:
          return format_duration(value.toDouble());
        case RequestsFailed:
        case UsersAffected:
        case WritesLost:
        case Seed:
          return format_count(value.toULongLong());
        case RevenueImpact:
          return format_money(value.toDouble());
        case RtoVerdict:
        case RpoVerdict:
          return verdict_text(value.toBool());
        default:
          return value.toString();
      }
    case Qt::BackgroundRole: {
      if (!value.isValid()) return {};
      if (row == RtoVerdict || row == RpoVerdict) return verdict_colour(value.toBool());
      if (!lower_is_better(row) || reports_.size() < 2) return {};
      // The best (lowest) value of the row, when the reports differ on it.
      double lowest = 0;
      double highest = 0;
      bool any = false;
      for (int c = 0; c < columnCount(); ++c) {
        const QVariant v = raw(row, c);
        if (!v.isValid()) continue;
        lowest = any ? std::min(lowest, v.toDouble()) : v.toDouble();
        highest = any ? std::max(highest, v.toDouble()) : v.toDouble();
        any = true;
      }
      if (lowest < highest && value.toDouble() == lowest) return palette::met();
      return {};
    }
    case Qt::TextAlignmentRole:
      return row == Scenario || row == Incident || row == PlanExitState ? QVariant()
                                                                        : QVariant(kRightAligned);
    default:
      return {};
  }
}

QVariant CompareModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (role != Qt::DisplayRole) return {};
  if (orientation == Qt::Horizontal) {
    return section >= 0 && section < titles_.size() ? QVariant(titles_[section]) : QVariant();
  }
  static const char* const kRows[kRowCount] = {"scenario",        "seed",
                                               "incident",        "time to detect",
                                               "time to decide",  "time to roll back",
                                               "time to restore", "RTO",
                                               "RTO verdict",     "downtime",
                                               "requests failed", "users affected",
                                               "revenue impact",  "data loss window",
                                               "writes lost",     "RPO verdict",
                                               "plan exit state"};
  return section >= 0 && section < kRowCount ? QVariant(QString::fromUtf8(kRows[section])) : QVariant();
}

}  // namespace drillsim::gui
