#include "gui/aggregate_widget.hpp"

#include <QAreaSeries>
#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QCursor>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QLegendMarker>
#include <QLineSeries>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

#include "gui/aggregate_models.hpp"
#include "gui/palette.hpp"
#include "gui/report_facts.hpp"
#include "gui/report_widgets.hpp"

namespace drillsim::gui {

namespace {

QString qs(const std::string& s) {
  return QString::fromStdString(s);
}

QChartView* new_chart_view(QWidget* parent, const QString& name) {
  auto* chart = new QChart();
  chart->setAnimationOptions(QChart::NoAnimation);
  chart->legend()->setAlignment(Qt::AlignBottom);
  chart->setMargins(QMargins(4, 4, 4, 4));
  auto* view = new QChartView(chart, parent);
  view->setRenderHint(QPainter::Antialiasing);
  view->setObjectName(name);
  view->setMinimumHeight(220);
  return view;
}

// Empties `view`'s chart (series and axes), keeping the chart and its title.
void clear_chart(QChartView* view) {
  QChart* chart = view->chart();
  chart->removeAllSeries();
  for (QAbstractAxis* axis : chart->axes()) {
    chart->removeAxis(axis);
    delete axis;
  }
}

QWidget* titled(QWidget* parent, const QString& title, QWidget* content) {
  auto* box = new QWidget(parent);
  auto* layout = new QVBoxLayout(box);
  layout->setContentsMargins(0, 0, 0, 0);
  auto* label = new QLabel(QStringLiteral("<b>%1</b>").arg(title.toHtmlEscaped()), box);
  layout->addWidget(label);
  layout->addWidget(content, 1);
  content->setParent(box);
  return box;
}

// Sizes a short table to its rows (at least `min_rows`), so the charts get the rest of the page.
void fit_rows(QTableView* view, int min_rows) {
  const int rows = std::max(min_rows, view->model()->rowCount());
  const int height = view->horizontalHeader()->sizeHint().height() +
                     rows * view->verticalHeader()->defaultSectionSize() + 2 * view->frameWidth() + 4;
  view->setFixedHeight(height);
}

// Quantile shades, light (p5) to dark (p99).
QColor quantile_colour(int k) {
  static const QColor colours[] = {QColor(0xc6, 0xdb, 0xef), QColor(0x6b, 0xae, 0xd6),
                                   QColor(0x31, 0x82, 0xbd), QColor(0x08, 0x51, 0x9c),
                                   QColor(0x08, 0x30, 0x6b)};
  return colours[k];
}

const char* const kPhaseMetrics[] = {"time_to_detect_s", "time_to_decide_s", "time_to_rollback_s",
                                     "time_to_restore_s"};
const char* const kPhaseLabels[] = {"detect", "decide", "roll back", "restore"};
const char* const kPageNames[] = {"overview", "distributions", "attribution", "runs", "sweep"};

QLineSeries* vertical_line(double x, double y_max, const QString& name, const QColor& colour,
                           Qt::PenStyle style) {
  auto* line = new QLineSeries();
  line->setName(name);
  line->append(x, 0);
  line->append(x, y_max);
  QPen pen(colour);
  pen.setWidthF(2);
  pen.setStyle(style);
  line->setPen(pen);
  return line;
}

}  // namespace

AggregateWidget::AggregateWidget(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  auto* top = new QHBoxLayout();
  headline_ = new QLabel(this);
  headline_->setWordWrap(true);
  headline_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  headline_->setObjectName(QStringLiteral("aggregate-headline"));
  top->addWidget(headline_, 1);
  point_selector_ = new QComboBox(this);
  point_selector_->setObjectName(QStringLiteral("sweep-point"));
  point_selector_->setToolTip(tr("The point of the sweep the pages show"));
  top->addWidget(point_selector_);
  layout->addLayout(top);
  connect(point_selector_, &QComboBox::currentIndexChanged, this, [this](int index) {
    if (index >= 0 && index != point_) setPoint(index);
  });

  objectives_ = new StudyTable(this);
  metrics_ = new StudyTable(this);
  exit_states_ = new StudyTable(this);
  levels_ = new StudyTable(this);
  attribution_ = new StudyTable(this);
  runs_ = new StudyTable(this);

  pages_ = new QTabWidget(this);
  layout->addWidget(pages_, 1);

  // Overview.
  {
    auto* page = new QWidget(pages_);
    auto* v = new QVBoxLayout(page);
    auto* objectives_view = new_table_view(page, objectives_);
    objectives_view->setObjectName(QStringLiteral("aggregate-objectives"));
    objectives_view_ = objectives_view;
    v->addWidget(titled(page, tr("Objectives (intervals at the study's confidence)"), objectives_view), 0);
    auto* charts = new QSplitter(Qt::Horizontal, page);
    phases_chart_ = new_chart_view(charts, QStringLiteral("aggregate-phases"));
    phases_chart_->chart()->setTitle(tr("Phases over the runs: quantiles (s)"));
    tornado_chart_ = new_chart_view(charts, QStringLiteral("aggregate-tornado"));
    tornado_chart_->chart()->setTitle(tr("What drives the time to restore: Spearman's ρ"));
    charts->addWidget(phases_chart_);
    charts->addWidget(tornado_chart_);
    v->addWidget(charts, 1);
    auto* bottom = new QSplitter(Qt::Horizontal, page);
    auto* exit_view = new_table_view(bottom, exit_states_);
    exit_view->setObjectName(QStringLiteral("aggregate-exit-states"));
    exit_view_ = exit_view;
    levels_view_ = new_table_view(bottom, levels_);
    levels_view_->setObjectName(QStringLiteral("aggregate-levels"));
    bottom->addWidget(titled(bottom, tr("Exit states"), exit_view));
    bottom->addWidget(titled(bottom, tr("Levels: P(claim met)"), levels_view_));
    v->addWidget(bottom, 0);
    pages_->addTab(page, tr("Overview"));
  }
  // Distributions.
  {
    auto* page = new QWidget(pages_);
    auto* v = new QVBoxLayout(page);
    auto* row = new QHBoxLayout();
    row->addWidget(new QLabel(tr("Histogram of"), page));
    histogram_selector_ = new QComboBox(page);
    histogram_selector_->setObjectName(QStringLiteral("histogram-metric"));
    histogram_selector_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    row->addWidget(histogram_selector_);
    row->addStretch(1);
    v->addLayout(row);
    histogram_chart_ = new_chart_view(page, QStringLiteral("aggregate-histogram"));
    v->addWidget(histogram_chart_, 2);
    auto* metrics_view = new_table_view(page, metrics_);
    metrics_view->setObjectName(QStringLiteral("aggregate-metrics"));
    v->addWidget(metrics_view, 1);
    connect(histogram_selector_, &QComboBox::currentIndexChanged, this, [this] { rebuildHistogram(); });
    pages_->addTab(page, tr("Distributions"));
  }
  // Attribution.
  {
    auto* page = new QWidget(pages_);
    auto* v = new QVBoxLayout(page);
    auto* note = new QLabel(
        tr("Inputs ranked by their first-order index (the share of the time to restore's variance each "
           "explains alone), then by |ρ|. An index near its noise floor is noise; see docs/monte-carlo.md."),
        page);
    note->setWordWrap(true);
    v->addWidget(note);
    auto* view = new_table_view(page, attribution_);
    view->setObjectName(QStringLiteral("aggregate-attribution"));
    v->addWidget(view, 1);
    pages_->addTab(page, tr("Attribution"));
  }
  // Runs.
  {
    auto* page = new QWidget(pages_);
    auto* v = new QVBoxLayout(page);
    runs_proxy_ = new QSortFilterProxyModel(this);
    runs_proxy_->setSourceModel(runs_);
    runs_proxy_->setSortRole(kSortRole);
    runs_view_ = new_table_view(page, runs_proxy_);
    runs_view_->setObjectName(QStringLiteral("aggregate-runs"));
    runs_view_->setSortingEnabled(true);
    runs_view_->sortByColumn(0, Qt::AscendingOrder);
    v->addWidget(runs_view_, 1);
    replay_ = new QLabel(tr("Select a run to see the command that replays it alone."), page);
    replay_->setObjectName(QStringLiteral("replay-command"));
    replay_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    v->addWidget(replay_);
    connect(runs_view_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
              if (!current.isValid()) return;
              const int column = runs_->column(tr("replay"));
              replay_->setText(runs_proxy_->index(current.row(), column).data().toString());
            });
    pages_->addTab(page, tr("Runs"));
  }
  // Sweep.
  {
    sweep_page_ = new QWidget(pages_);
    auto* v = new QVBoxLayout(sweep_page_);
    sweep_p_chart_ = new_chart_view(sweep_page_, QStringLiteral("sweep-probability"));
    sweep_ttr_chart_ = new_chart_view(sweep_page_, QStringLiteral("sweep-restore"));
    v->addWidget(sweep_p_chart_, 1);
    v->addWidget(sweep_ttr_chart_, 1);
    pages_->addTab(sweep_page_, tr("Sweep"));
  }
  setStudy(nullptr);
}

const Aggregate* AggregateWidget::aggregate() const {
  if (!study_ || point_ < 0 || point_ >= static_cast<int>(study_->points.size())) return nullptr;
  return &study_->points[static_cast<std::size_t>(point_)].aggregate;
}

bool AggregateWidget::setPage(const QString& name) {
  for (int i = 0; i < static_cast<int>(std::size(kPageNames)); ++i) {
    if (name == QLatin1String(kPageNames[i]) && pages_->isTabEnabled(i)) {
      pages_->setCurrentIndex(i);
      return true;
    }
  }
  return false;
}

void AggregateWidget::setStudy(StudyPtr study) {
  study_ = std::move(study);
  point_ = 0;
  {
    const QSignalBlocker block(point_selector_);
    point_selector_->clear();
    if (study_ && study_->is_sweep) {
      for (std::size_t i = 0; i < study_->points.size(); ++i)
        point_selector_->addItem(qs(study_->point_label(i)));
      point_selector_->setCurrentIndex(0);
    }
  }
  point_selector_->setVisible(study_ && study_->is_sweep);
  pages_->setTabEnabled(4, study_ && study_->is_sweep);
  rebuildSweep();
  rebuild();
}

void AggregateWidget::setPoint(int index) {
  if (!study_ || index < 0 || index >= static_cast<int>(study_->points.size())) return;
  point_ = index;
  {
    const QSignalBlocker block(point_selector_);
    point_selector_->setCurrentIndex(index);
  }
  rebuild();
}

bool AggregateWidget::setHistogram(const QString& key) {
  const int index = histogram_selector_->findData(key);
  if (index < 0) return false;
  histogram_selector_->setCurrentIndex(index);
  rebuildHistogram();
  return true;
}

void AggregateWidget::rebuild() {
  const Aggregate* a = aggregate();
  clear_chart(phases_chart_);
  clear_chart(tornado_chart_);
  if (a == nullptr) {
    headline_->setText(
        tr("No Monte Carlo study open. `drillsim run SCENARIO --runs N` writes one "
           "(reports/<name>.aggregate.json); open it with File ▸ Open."));
    for (StudyTable* t : {objectives_, metrics_, exit_states_, levels_, attribution_, runs_})
      t->setTable({}, {});
    const QSignalBlocker block(histogram_selector_);
    histogram_selector_->clear();
    rebuildHistogram();
    return;
  }

  QString headline = tr("<b>%1</b> (%2): %3 runs, study seed %4, %5% intervals, %6")
                         .arg(qs(a->scenario_name).toHtmlEscaped(), qs(a->scenario_file).toHtmlEscaped())
                         .arg(a->runs_included)
                         .arg(a->seed)
                         .arg(a->confidence * 100, 0, 'g', 3)
                         .arg(qs(a->generator).toHtmlEscaped());
  if (a->shard)
    headline += tr("; shard %1 of %2 (of %3 runs)").arg(a->shard->first).arg(a->shard->second).arg(a->runs);
  if (!a->settings.empty()) {
    QStringList settings;
    for (const auto& [pointer, value] : a->settings)
      settings.append(qs(pointer + "=" + value).toHtmlEscaped());
    headline += tr("; settings: %1").arg(settings.join(QStringLiteral(", ")));
  }
  if (a->runs_with_violations > 0)
    headline +=
        tr("; <span style='color:#b00020'>%1 runs broke an invariant</span>").arg(a->runs_with_violations);
  headline_->setText(headline);

  fill_objectives(*objectives_, *a);
  fill_metrics(*metrics_, *a);
  fill_exit_states(*exit_states_, *a);
  fill_levels(*levels_, *a);
  levels_view_->parentWidget()->setVisible(!a->levels.empty());
  fill_attribution(*attribution_, *a);
  fill_runs(*runs_, *a);
  fit_rows(objectives_view_, 2);
  fit_rows(exit_view_, 2);
  fit_rows(levels_view_, 2);

  // The phases' quantiles as grouped bars.
  {
    QChart* chart = phases_chart_->chart();
    auto* series = new QBarSeries();
    const char* const names[] = {"p5", "p50", "p90", "p95", "p99"};
    std::vector<QBarSet*> sets;
    for (int k = 0; k < 5; ++k) {
      auto* set = new QBarSet(QLatin1String(names[k]));
      set->setColor(quantile_colour(k));
      set->setBorderColor(quantile_colour(k).darker(120));
      sets.push_back(set);
    }
    QStringList categories;
    double top = 1;
    for (std::size_t i = 0; i < std::size(kPhaseMetrics); ++i) {
      const Distribution* d = a->metric(kPhaseMetrics[i]);
      categories.append(QLatin1String(kPhaseLabels[i]));
      const bool ok = d != nullptr && d->has_values;
      const double q[] = {ok ? d->p5 : 0, ok ? d->p50 : 0, ok ? d->p90 : 0, ok ? d->p95 : 0, ok ? d->p99 : 0};
      for (int k = 0; k < 5; ++k) {
        sets[static_cast<std::size_t>(k)]->append(q[k]);
        top = std::max(top, q[k]);
      }
    }
    for (QBarSet* set : sets) {
      const QString name = set->label();
      connect(set, &QBarSet::hovered, phases_chart_, [set, name, categories](bool on, int index) {
        if (on)
          QToolTip::showText(QCursor::pos(), QStringLiteral("%1 %2: %3 s")
                                                 .arg(categories.value(index), name)
                                                 .arg(set->at(index), 0, 'f', 1));
      });
      series->append(set);
    }
    chart->addSeries(series);
    auto* x = new QBarCategoryAxis();
    x->append(categories);
    chart->addAxis(x, Qt::AlignBottom);
    auto* y = new QValueAxis();
    y->setRange(0, top * 1.05);
    y->setTitleText(tr("seconds"));
    y->setLabelFormat(QStringLiteral("%.0f"));
    y->applyNiceNumbers();
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(x);
    series->attachAxis(y);
  }

  // The tornado: each input's rank correlations, the first-ranked at the top.
  {
    QChart* chart = tornado_chart_->chart();
    constexpr std::size_t kMaxInputs = 10;
    std::vector<const AttributionRow*> rows;
    for (const auto& r : a->attribution) {
      if (r.spearman_time_to_restore && rows.size() < kMaxInputs) rows.push_back(&r);
    }
    auto* series = new QHorizontalBarSeries();
    auto* spread = new QBarSet(tr("ρ with time to restore"));
    spread->setColor(QColor(0x34, 0x49, 0x5e));
    auto* missed = new QBarSet(tr("ρ with RTO missed"));
    missed->setColor(palette::rto());
    QStringList categories;
    // Category 0 is drawn at the bottom: append from the last-ranked up.
    for (auto it = rows.rbegin(); it != rows.rend(); ++it) {
      QString name = qs((*it)->input);
      if (name.size() > 42) name = name.left(40) + QStringLiteral("…");
      categories.append(name);
      spread->append(*(*it)->spearman_time_to_restore);
      missed->append((*it)->spearman_rto_missed.value_or(0));
    }
    // Set 0 is drawn at the bottom of each group: the correlation with the time to restore on top.
    series->append(missed);
    series->append(spread);
    series->setBarWidth(0.8);
    chart->addSeries(series);
    auto* y = new QBarCategoryAxis();
    y->append(categories);
    chart->addAxis(y, Qt::AlignLeft);
    auto* x = new QValueAxis();
    x->setRange(-1, 1);
    x->setTickCount(9);
    x->setLabelFormat(QStringLiteral("%+.2f"));
    x->setTitleText(tr("Spearman's ρ (inputs ranked by first-order index)"));
    chart->addAxis(x, Qt::AlignBottom);
    series->attachAxis(x);
    series->attachAxis(y);
    std::vector<const AttributionRow*> shown(rows.rbegin(), rows.rend());
    for (QBarSet* set : {spread, missed}) {
      connect(set, &QBarSet::hovered, tornado_chart_, [shown](bool on, int index) {
        if (!on || index < 0 || index >= static_cast<int>(shown.size())) return;
        const AttributionRow& r = *shown[static_cast<std::size_t>(index)];
        const auto f = [](std::optional<double> v) {
          return v ? QString::number(*v, 'f', 2) : QStringLiteral("—");
        };
        QToolTip::showText(QCursor::pos(),
                           QStringLiteral("%1 (%2 runs)\nρ time to restore %3, ρ RTO missed %4\n"
                                          "first-order index %5 (noise floor %6)")
                               .arg(qs(r.input))
                               .arg(r.runs)
                               .arg(f(r.spearman_time_to_restore), f(r.spearman_rto_missed),
                                    f(r.first_order_index), f(r.first_order_noise_floor)));
      });
    }
  }

  // The histogram selector: every metric, and each objective's time to restore.
  {
    const QString previous = histogram_selector_->currentData().toString();
    const QSignalBlocker block(histogram_selector_);
    histogram_selector_->clear();
    for (const auto& o : a->objectives)
      histogram_selector_->addItem(tr("time to restore of %1 (RTO %2 s)").arg(qs(o.service)).arg(o.rto_s),
                                   QStringLiteral("objective:") + qs(o.service));
    for (const auto& [name, d] : a->metrics)
      histogram_selector_->addItem(qs(name), qs(name));
    const int keep = histogram_selector_->findData(previous);
    histogram_selector_->setCurrentIndex(keep >= 0 ? keep : 0);
  }
  rebuildHistogram();
}

void AggregateWidget::rebuildHistogram() {
  clear_chart(histogram_chart_);
  QChart* chart = histogram_chart_->chart();
  chart->setTitle({});
  const Aggregate* a = aggregate();
  if (a == nullptr || histogram_selector_->currentIndex() < 0) return;
  const QString key = histogram_selector_->currentData().toString();
  const Distribution* d = nullptr;
  std::optional<double> rto;
  if (key.startsWith(QStringLiteral("objective:"))) {
    const std::string service = key.mid(10).toStdString();
    for (const auto& o : a->objectives) {
      if (o.service == service) {
        d = &o.time_to_restore_s;
        rto = o.rto_s;
      }
    }
  } else {
    d = a->metric(key.toStdString());
  }
  if (d == nullptr) return;
  chart->setTitle(tr("%1: %2 runs, %3 without a value")
                      .arg(histogram_selector_->currentText())
                      .arg(d->runs)
                      .arg(d->missing));
  if (!d->has_values) return;

  // Bars as a step outline over the bins' true edges (the last bin includes the maximum).
  const auto bins = static_cast<double>(d->histogram.size());
  const double width = d->histogram_hi > d->histogram_lo ? (d->histogram_hi - d->histogram_lo) / bins : 1.0;
  auto* upper = new QLineSeries();
  auto* lower = new QLineSeries();
  double top = 1;
  for (std::size_t i = 0; i < d->histogram.size(); ++i) {
    const double x0 = d->histogram_lo + static_cast<double>(i) * width;
    const auto c = static_cast<double>(d->histogram[i]);
    upper->append(x0, c);
    upper->append(x0 + width, c);
    lower->append(x0, 0);
    lower->append(x0 + width, 0);
    top = std::max(top, c);
  }
  auto* area = new QAreaSeries(upper, lower);
  area->setName(tr("runs per bin"));
  area->setColor(QColor(0x6b, 0xae, 0xd6));
  area->setBorderColor(QColor(0x08, 0x51, 0x9c));
  chart->addSeries(area);
  const double y_top = top * 1.1;
  std::vector<QLineSeries*> lines{vertical_line(d->p50, y_top, tr("p50 %1 s").arg(d->p50, 0, 'f', 1),
                                                QColor(0x31, 0x31, 0x31), Qt::DashLine),
                                  vertical_line(d->p95, y_top, tr("p95 %1 s").arg(d->p95, 0, 'f', 1),
                                                QColor(0x08, 0x30, 0x6b), Qt::DotLine)};
  if (rto)
    lines.push_back(vertical_line(*rto, y_top, tr("RTO %1 s").arg(*rto), palette::rto(), Qt::SolidLine));
  for (QLineSeries* line : lines)
    chart->addSeries(line);
  auto* x = new QValueAxis();
  double lo = d->histogram_lo;
  double hi = d->histogram_lo + width * bins;
  if (rto) {
    lo = std::min(lo, *rto);
    hi = std::max(hi, *rto);
  }
  const double pad = (hi - lo) * 0.03 + (hi == lo ? 1 : 0);
  x->setRange(lo - pad, hi + pad);
  x->setTitleText(histogram_selector_->currentData().toString().startsWith(QStringLiteral("objective:"))
                      ? tr("seconds")
                      : histogram_selector_->currentText());
  chart->addAxis(x, Qt::AlignBottom);
  auto* y = new QValueAxis();
  y->setRange(0, y_top);
  y->setLabelFormat(QStringLiteral("%.0f"));
  y->setTitleText(tr("runs"));
  chart->addAxis(y, Qt::AlignLeft);
  for (QAbstractSeries* s : chart->series()) {
    s->attachAxis(x);
    s->attachAxis(y);
  }
}

void AggregateWidget::rebuildSweep() {
  clear_chart(sweep_p_chart_);
  clear_chart(sweep_ttr_chart_);
  sweep_p_chart_->chart()->setTitle({});
  sweep_ttr_chart_->chart()->setTitle({});
  if (!study_ || !study_->is_sweep || study_->points.empty()) return;
  const Study& s = *study_;

  // x: the swept value when there is one numeric axis, else the point's index, labelled.
  const bool numeric = s.axes.size() == 1 && std::all_of(s.axes[0].numbers.begin(), s.axes[0].numbers.end(),
                                                         [](const auto& v) { return v.has_value(); });
  const auto x_of = [&](std::size_t i) {
    if (numeric) {
      const auto& values = s.axes[0].values;
      const auto it = std::find(values.begin(), values.end(), s.points[i].values[0]);
      return *s.axes[0].numbers[static_cast<std::size_t>(it - values.begin())];
    }
    return static_cast<double>(i);
  };
  double x_lo = x_of(0);
  double x_hi = x_lo;
  for (std::size_t i = 0; i < s.points.size(); ++i) {
    x_lo = std::min(x_lo, x_of(i));
    x_hi = std::max(x_hi, x_of(i));
  }
  const double pad = x_hi > x_lo ? (x_hi - x_lo) * 0.05 : 0.5;
  const QString x_title = s.axes.size() == 1 ? qs(s.axes[0].pointer) : tr("sweep point");
  const auto make_x_axis = [&]() -> QAbstractAxis* {
    if (numeric) {
      auto* x = new QValueAxis();
      x->setRange(x_lo - pad, x_hi + pad);
      x->applyNiceNumbers();
      x->setLabelFormat(QStringLiteral("%g"));
      x->setTitleText(x_title);
      return x;
    }
    auto* x = new QCategoryAxis();
    x->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    for (std::size_t i = 0; i < s.points.size(); ++i)
      x->append(qs(s.point_label(i)), static_cast<double>(i));
    x->setRange(x_lo - pad, x_hi + pad);
    x->setTitleText(x_title);
    return x;
  };
  const Aggregate& first = s.points[0].aggregate;

  // P(RTO met) per service, with its Wilson interval as a band.
  {
    QChart* chart = sweep_p_chart_->chart();
    chart->setTitle(tr("P(RTO met) against the swept value (band: Wilson %1% interval)")
                        .arg(first.confidence * 100, 0, 'g', 3));
    static const QColor colours[] = {palette::stable(), palette::new_version(), QColor(0x2c, 0xa0, 0x2c),
                                     QColor(0x94, 0x67, 0xbd)};
    for (std::size_t o = 0; o < first.objectives.size(); ++o) {
      const QColor colour = colours[o % std::size(colours)];
      auto* line = new QLineSeries();
      line->setName(tr("%1 (RTO %2 s)").arg(qs(first.objectives[o].service)).arg(first.objectives[o].rto_s));
      auto* lo = new QLineSeries();
      auto* hi = new QLineSeries();
      for (std::size_t i = 0; i < s.points.size(); ++i) {
        const auto& objectives = s.points[i].aggregate.objectives;
        if (o >= objectives.size() || !objectives[o].rto_met.p) continue;
        const Proportion& p = objectives[o].rto_met;
        line->append(x_of(i), *p.p);
        if (p.wilson) {
          lo->append(x_of(i), p.wilson->first);
          hi->append(x_of(i), p.wilson->second);
        }
      }
      auto* band = new QAreaSeries(hi, lo);
      band->setName(tr("%1: Wilson interval").arg(qs(first.objectives[o].service)));
      QColor fill = colour;
      fill.setAlpha(50);
      band->setColor(fill);
      band->setBorderColor(fill);
      chart->addSeries(band);
      for (QLegendMarker* marker : chart->legend()->markers(band))
        marker->setVisible(false);
      QPen pen(colour);
      pen.setWidthF(2.5);
      line->setPen(pen);
      line->setPointsVisible(true);
      chart->addSeries(line);
    }
    QAbstractAxis* x = make_x_axis();
    chart->addAxis(x, Qt::AlignBottom);
    auto* y = new QValueAxis();
    y->setRange(0, 1);
    y->setTickCount(6);
    y->setLabelFormat(QStringLiteral("%.1f"));
    y->setTitleText(tr("P(RTO met)"));
    chart->addAxis(y, Qt::AlignLeft);
    for (QAbstractSeries* series : chart->series()) {
      series->attachAxis(x);
      series->attachAxis(y);
    }
  }

  // The time to restore's quantiles (the incident's, over the runs that restored), with the RTO of the
  // incident's service when an objective names it.
  {
    QChart* chart = sweep_ttr_chart_->chart();
    chart->setTitle(tr("Time to restore against the swept value (over the runs that restored)"));
    const char* const names[] = {"p50", "p90", "p95", "p99"};
    double top = 1;
    for (int k = 0; k < 4; ++k) {
      auto* line = new QLineSeries();
      line->setName(QLatin1String(names[k]));
      for (std::size_t i = 0; i < s.points.size(); ++i) {
        const Distribution* d = s.points[i].aggregate.metric("time_to_restore_s");
        if (d == nullptr || !d->has_values) continue;
        const double q[] = {d->p50, d->p90, d->p95, d->p99};
        line->append(x_of(i), q[k]);
        top = std::max(top, q[k]);
      }
      QPen pen(quantile_colour(k + 1));
      pen.setWidthF(2.5);
      line->setPen(pen);
      line->setPointsVisible(true);
      chart->addSeries(line);
    }
    // The RTO of the service whose time to restore the objectives hold (the incident's).
    for (const auto& o : first.objectives) {
      if (!o.time_to_restore_s.has_values) continue;
      auto* rto = new QLineSeries();
      rto->setName(tr("RTO of %1 (%2 s)").arg(qs(o.service)).arg(o.rto_s));
      // Across the whole axis, whatever nice range it takes (the chart clips it).
      const double reach = (x_hi - x_lo + 1) * 10;
      rto->append(x_lo - reach, o.rto_s);
      rto->append(x_hi + reach, o.rto_s);
      QPen pen(palette::rto());
      pen.setWidthF(2);
      pen.setStyle(Qt::DashLine);
      rto->setPen(pen);
      chart->addSeries(rto);
      top = std::max(top, o.rto_s);
      break;
    }
    QAbstractAxis* x = make_x_axis();
    chart->addAxis(x, Qt::AlignBottom);
    auto* y = new QValueAxis();
    y->setRange(0, top * 1.08);
    y->applyNiceNumbers();
    y->setLabelFormat(QStringLiteral("%.0f"));
    y->setTitleText(tr("seconds"));
    chart->addAxis(y, Qt::AlignLeft);
    for (QAbstractSeries* series : chart->series()) {
      series->attachAxis(x);
      series->attachAxis(y);
    }
  }
}

}  // namespace drillsim::gui
