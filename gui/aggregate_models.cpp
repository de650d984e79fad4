#include "gui/aggregate_models.hpp"

#include <cmath>
#include <limits>

#include "gui/palette.hpp"
#include "gui/report_facts.hpp"

namespace drillsim::gui {

namespace {

using Cell = StudyTable::Cell;

QString qs(const std::string& s) {
  return QString::fromStdString(s);
}

Cell text_cell(const QString& text) {
  return {text, text, text, {}, {}};
}

Cell count_cell(std::int64_t n) {
  return {format_count(static_cast<std::uint64_t>(n)),
          QVariant::fromValue<qulonglong>(static_cast<qulonglong>(n)),
          static_cast<double>(n),
          {},
          {}};
}

// A number with `decimals` decimals, or "—" for null (sorted after every number).
Cell number_cell(std::optional<double> v, int decimals) {
  if (!v) return {QStringLiteral("—"), {}, std::numeric_limits<double>::infinity(), {}, {}};
  return {QString::number(*v, 'f', decimals), *v, *v, {}, {}};
}

Cell seconds_cell(std::optional<double> v) {
  Cell c = number_cell(v, 1);
  if (v) c.tooltip = format_duration(v);
  return c;
}

Cell signed_cell(std::optional<double> v) {
  Cell c = number_cell(v, 2);
  if (v && *v > 0) c.text.prepend(QLatin1Char('+'));
  return c;
}

Cell percent_cell(const Proportion& p) {
  Cell c{format_percent(p.p), p.p ? QVariant(*p.p) : QVariant(), p.p ? *p.p : -1.0, {}, {}};
  c.tooltip = QStringLiteral("%1 of %2 runs").arg(p.count).arg(p.of);
  return c;
}

Cell interval_cell(const std::optional<std::pair<double, double>>& interval) {
  Cell c{format_interval(interval), {}, interval ? interval->first : -1.0, {}, {}};
  if (interval) c.value = QVariantList{interval->first, interval->second};
  return c;
}

Cell verdict_cell(std::optional<bool> met) {
  if (!met) return {QStringLiteral("—"), {}, -1, {}, palette::neutral()};
  return {*met ? QStringLiteral("met") : QStringLiteral("missed"),
          *met,
          *met ? 1 : 0,
          {},
          *met ? palette::met() : palette::missed()};
}

}  // namespace

QString format_percent(std::optional<double> p) {
  if (!p) return QStringLiteral("—");
  return QString::number(*p * 100.0, 'f', 1) + QLatin1Char('%');
}

QString format_interval(const std::optional<std::pair<double, double>>& interval) {
  if (!interval) return QStringLiteral("—");
  return QStringLiteral("%1–%2%").arg(QString::number(interval->first * 100.0, 'f', 1),
                                      QString::number(interval->second * 100.0, 'f', 1));
}

void StudyTable::setTable(QStringList headers, std::vector<std::vector<Cell>> rows) {
  beginResetModel();
  headers_ = std::move(headers);
  rows_ = std::move(rows);
  endResetModel();
}

int StudyTable::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int StudyTable::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(headers_.size());
}

QVariant StudyTable::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount() || index.column() >= columnCount()) return {};
  const auto& row = rows_[static_cast<std::size_t>(index.row())];
  if (static_cast<std::size_t>(index.column()) >= row.size()) return {};
  const Cell& cell = row[static_cast<std::size_t>(index.column())];
  switch (role) {
    case Qt::DisplayRole:
      return cell.text;
    case Qt::UserRole:
      return cell.value;
    case kSortRole:
      return cell.sort;
    case Qt::ToolTipRole:
      return cell.tooltip.isEmpty() ? QVariant() : QVariant(cell.tooltip);
    case Qt::BackgroundRole:
      return cell.background.isValid() ? QVariant(cell.background) : QVariant();
    case Qt::TextAlignmentRole:
      return cell.value.typeId() == QMetaType::Double || cell.value.typeId() == QMetaType::ULongLong
                 ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                 : QVariant();
    default:
      return {};
  }
}

QVariant StudyTable::headerData(int section, Qt::Orientation orientation, int role) const {
  if (role != Qt::DisplayRole || orientation != Qt::Horizontal || section < 0 || section >= headers_.size())
    return {};
  return headers_[section];
}

int StudyTable::column(const QString& header) const {
  return static_cast<int>(headers_.indexOf(header));
}

void fill_objectives(StudyTable& table, const Aggregate& a) {
  std::vector<std::vector<Cell>> rows;
  for (const auto& o : a.objectives) {
    const auto& ttr = o.time_to_restore_s;
    rows.push_back({text_cell(qs(o.service)), seconds_cell(o.rto_s), percent_cell(o.rto_met),
                    interval_cell(o.rto_met.wilson), interval_cell(o.rto_met.clopper_pearson),
                    seconds_cell(o.rpo_s), percent_cell(o.rpo_met), interval_cell(o.rpo_met.wilson),
                    percent_cell(o.both_met), count_cell(ttr.runs),
                    seconds_cell(ttr.has_values ? std::optional(ttr.p50) : std::nullopt),
                    seconds_cell(ttr.has_values ? std::optional(ttr.p95) : std::nullopt)});
  }
  table.setTable({QObject::tr("service"), QObject::tr("RTO s"), QObject::tr("P(RTO met)"),
                  QObject::tr("Wilson"), QObject::tr("Clopper–Pearson"), QObject::tr("RPO s"),
                  QObject::tr("P(RPO met)"), QObject::tr("Wilson (RPO)"), QObject::tr("P(both met)"),
                  QObject::tr("restored runs"), QObject::tr("p50 TTR s"), QObject::tr("p95 TTR s")},
                 std::move(rows));
}

void fill_metrics(StudyTable& table, const Aggregate& a) {
  std::vector<std::vector<Cell>> rows;
  for (const auto& [name, d] : a.metrics) {
    const auto v = [&d](double x) { return d.has_values ? std::optional(x) : std::nullopt; };
    rows.push_back({text_cell(qs(name)), count_cell(d.runs), count_cell(d.missing), number_cell(v(d.mean), 1),
                    number_cell(v(d.p5), 1), number_cell(v(d.p50), 1), number_cell(v(d.p90), 1),
                    number_cell(v(d.p95), 1), number_cell(v(d.p99), 1), number_cell(v(d.min), 1),
                    number_cell(v(d.max), 1)});
  }
  table.setTable({QObject::tr("metric"), QObject::tr("runs"), QObject::tr("missing"), QObject::tr("mean"),
                  QStringLiteral("p5"), QStringLiteral("p50"), QStringLiteral("p90"), QStringLiteral("p95"),
                  QStringLiteral("p99"), QObject::tr("min"), QObject::tr("max")},
                 std::move(rows));
}

void fill_exit_states(StudyTable& table, const Aggregate& a) {
  std::vector<std::vector<Cell>> rows;
  for (const auto& [state, p] : a.exit_states)
    rows.push_back({text_cell(qs(state)), count_cell(p.count), percent_cell(p), interval_cell(p.wilson)});
  table.setTable(
      {QObject::tr("exit state"), QObject::tr("runs"), QObject::tr("share"), QObject::tr("Wilson")},
      std::move(rows));
}

void fill_levels(StudyTable& table, const Aggregate& a) {
  std::vector<std::vector<Cell>> rows;
  for (const auto& l : a.levels) {
    rows.push_back({text_cell(qs(l.level)), percent_cell(l.claim_met), count_cell(l.claim_met.count),
                    count_cell(l.claim_met.of), interval_cell(l.claim_met.wilson), count_cell(l.not_judged)});
  }
  table.setTable({QObject::tr("level"), QObject::tr("P(claim met)"), QObject::tr("met"),
                  QObject::tr("judged"), QObject::tr("Wilson"), QObject::tr("not judged")},
                 std::move(rows));
}

void fill_attribution(StudyTable& table, const Aggregate& a) {
  std::vector<std::vector<Cell>> rows;
  for (const auto& r : a.attribution) {
    rows.push_back({text_cell(qs(r.input)), count_cell(r.runs), number_cell(r.mean, 1),
                    signed_cell(r.spearman_time_to_restore), signed_cell(r.spearman_rto_missed),
                    number_cell(r.first_order_index, 2), number_cell(r.first_order_noise_floor, 3)});
  }
  table.setTable(
      {QObject::tr("input"), QObject::tr("runs"), QObject::tr("mean"), QObject::tr("ρ time to restore"),
       QObject::tr("ρ RTO missed"), QObject::tr("first-order index"), QObject::tr("noise floor")},
      std::move(rows));
}

void fill_runs(StudyTable& table, const Aggregate& a) {
  QStringList headers{QObject::tr("run"), QObject::tr("seed"), QObject::tr("exit state")};
  for (const auto& name : a.run_metric_names)
    headers.append(qs(name));
  std::vector<std::string> services;
  for (const auto& o : a.objectives) {
    services.push_back(o.service);
    headers.append(QObject::tr("RTO %1").arg(qs(o.service)));
  }
  headers.append(QObject::tr("violations"));
  headers.append(QObject::tr("replay"));
  std::vector<std::vector<Cell>> rows;
  rows.reserve(a.per_run.size());
  for (const auto& r : a.per_run) {
    const QString replay = qs(a.replay_command(r.seed));
    std::vector<Cell> row{count_cell(r.run), count_cell(static_cast<std::int64_t>(r.seed)),
                          text_cell(qs(r.exit_state))};
    row[1].text = QString::number(r.seed);  // A seed is copied, not read: no separators.
    for (const auto& m : r.metrics)
      row.push_back(number_cell(m, 1));
    for (const auto& service : services) {
      std::optional<bool> met;
      for (const auto& o : r.objectives) {
        if (o.service == service) met = o.rto_met;
      }
      row.push_back(verdict_cell(met));
    }
    row.push_back(count_cell(r.violations));
    row.push_back(text_cell(replay));
    for (auto& cell : row) {
      if (cell.tooltip.isEmpty()) cell.tooltip = replay;
    }
    rows.push_back(std::move(row));
  }
  table.setTable(std::move(headers), std::move(rows));
}

}  // namespace drillsim::gui
