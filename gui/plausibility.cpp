#include "gui/plausibility.hpp"

#include <cmath>
#include <string>

#include "gui/report_facts.hpp"

namespace drillsim::gui {

namespace {

QString num(double v) {
  return QString::number(v, 'g', 10);
}

// Collects warnings up to kMaxWarnings, then counts the rest.
class Warnings {
 public:
  void add(const QString& pointer, const QString& problem) {
    if (list_.size() < kMaxWarnings) {
      list_.append(pointer + QStringLiteral(": ") + problem);
    } else {
      ++more_;
    }
  }
  QStringList take() {
    if (more_ > 0) list_.append(QStringLiteral("… and %1 more").arg(more_));
    return list_;
  }

 private:
  QStringList list_;
  int more_ = 0;
};

void check_duration(Warnings& w, const QString& pointer, double duration_s) {
  if (duration_s <= 0) {
    w.add(pointer, QStringLiteral("%1 s is not a positive duration; charts over the drill's time are empty "
                                  "or drawn over the series' length instead")
                       .arg(num(duration_s)));
  } else if (duration_s > kMaxPlausibleDurationS) {
    w.add(pointer, QStringLiteral("%1 s (%2 days) is longer than any drill (the viewer expects at most a "
                                  "year); time axes will be squashed")
                       .arg(num(duration_s))
                       .arg(duration_s / 86400.0, 0, 'f', 0));
  }
}

bool outside(double t, double duration_s) {
  return t < 0 || (duration_s > 0 && t > duration_s + 1);
}

void check_proportion(Warnings& w, const QString& pointer, const Proportion& p) {
  if (p.of > 0 && p.p &&
      (*p.p < 0 || *p.p > 1 ||
       std::abs(*p.p - static_cast<double>(p.count) / static_cast<double>(p.of)) > 1e-9))
    w.add(pointer + QStringLiteral("/p"),
          QStringLiteral("%1 is not count / of = %2 / %3").arg(num(*p.p)).arg(p.count).arg(p.of));
  for (const auto& [name, interval] :
       {std::pair{"wilson", p.wilson}, std::pair{"clopper_pearson", p.clopper_pearson}}) {
    if (!interval) continue;
    const auto [lo, hi] = *interval;
    if (lo < 0 || hi > 1 || lo > hi || (p.p && (*p.p < lo - 1e-9 || *p.p > hi + 1e-9)))
      w.add(pointer + QStringLiteral("/") + QLatin1String(name),
            QStringLiteral("[%1, %2] is not an interval in [0, 1] around p").arg(num(lo), num(hi)));
  }
}

void check_distribution(Warnings& w, const QString& pointer, const Distribution& d) {
  if (!d.has_values) return;
  const double q[] = {d.min, d.p5, d.p50, d.p90, d.p95, d.p99, d.max};
  for (std::size_t i = 1; i < std::size(q); ++i) {
    if (q[i] < q[i - 1]) {
      w.add(pointer + QStringLiteral("/quantiles"),
            QStringLiteral("min, p5, p50, p90, p95, p99, max are not in increasing order"));
      break;
    }
  }
  std::int64_t total = 0;
  for (const auto c : d.histogram)
    total += c;
  if (total != d.runs)
    w.add(pointer + QStringLiteral("/histogram/counts"),
          QStringLiteral("the bins hold %1 runs, not the %2 of `runs`").arg(total).arg(d.runs));
}

}  // namespace

QStringList report_warnings(const report::Report& r) {
  Warnings w;
  const double d = r.scenario.duration_s;
  check_duration(w, QStringLiteral("/scenario/duration_s"), d);
  if (!r.series.empty() && d > 0 && d <= kMaxPlausibleDurationS) {
    // A coarse series (a long drill) has one sample per step_s seconds, the last step maybe shorter.
    const double step = r.series.front().step_s;
    const auto seconds = static_cast<double>(r.series.front().data.size()) * step;
    if (std::abs(seconds - std::ceil(d)) > std::max(1.0, step))
      w.add(QStringLiteral("/series/0"),
            QStringLiteral("holds %1 seconds, but the drill lasts %2 s; the charts "
                           "show the series as they are")
                .arg(num(seconds), num(d)));
  }
  for (std::size_t i = 0; i < r.incidents.size(); ++i) {
    const auto& incident = r.incidents[i];
    const QString at = QStringLiteral("/incidents/%1").arg(i);
    if (outside(incident.fault_start_s, d))
      w.add(at + QStringLiteral("/fault_start_s"),
            QStringLiteral("%1 s is outside the drill [0, %2 s]").arg(num(incident.fault_start_s), num(d)));
    for (const auto instant : model::kInstants) {
      const auto t = incident.instants.at(instant);
      if (t && outside(*t, d))
        w.add(at + QStringLiteral("/instants/") + QLatin1String(model::to_string(instant)),
              QStringLiteral("%1 s is outside the drill [0, %2 s]").arg(num(*t), num(d)));
    }
    const auto& m = incident.metrics;
    const std::pair<const char*, std::optional<double>> times[] = {
        {"time_to_detect_s", m.time_to_detect_s},
        {"time_to_decide_s", m.time_to_decide_s},
        {"time_to_rollback_s", m.time_to_rollback_s},
        {"time_to_restore_s", m.time_to_restore_s},
        {"downtime_s", m.downtime_s},
    };
    for (const auto& [name, value] : times) {
      if (value && *value < 0)
        w.add(at + QStringLiteral("/metrics/") + QLatin1String(name),
              QStringLiteral("%1 s is negative").arg(num(*value)));
    }
  }
  for (std::size_t i = 0; i < r.plan.steps.size(); ++i) {
    const auto& step = r.plan.steps[i];
    const QString at = QStringLiteral("/plan/steps/%1").arg(i);
    if (step.start_s && outside(*step.start_s, d))
      w.add(at + QStringLiteral("/start_s"),
            QStringLiteral("%1 s is outside the drill [0, %2 s]").arg(num(*step.start_s), num(d)));
    if (step.start_s && step.end_s && *step.end_s < *step.start_s)
      w.add(
          at + QStringLiteral("/end_s"),
          QStringLiteral("%1 s is before the step's start (%2 s)").arg(num(*step.end_s), num(*step.start_s)));
  }
  for (std::size_t i = 0; i < r.objectives.size(); ++i) {
    if (r.objectives[i].rto_s <= 0)
      w.add(QStringLiteral("/objectives/%1/rto_s").arg(i),
            QStringLiteral("%1 s is not a positive RTO").arg(num(r.objectives[i].rto_s)));
  }
  return w.take();
}

QStringList study_warnings(const Study& study) {
  Warnings w;
  for (std::size_t k = 0; k < study.points.size(); ++k) {
    const Aggregate& a = study.points[k].aggregate;
    const QString root = study.is_sweep ? QStringLiteral("/points/%1/aggregate").arg(k) : QString();
    check_duration(w, root + QStringLiteral("/scenario/duration_s"), a.duration_s);
    if (a.confidence <= 0 || a.confidence >= 1)
      w.add(root + QStringLiteral("/confidence"),
            QStringLiteral("%1 is not a level in (0, 1)").arg(num(a.confidence)));
    if (static_cast<std::int64_t>(a.per_run.size()) != a.runs_included)
      w.add(root + QStringLiteral("/per_run"), QStringLiteral("holds %1 runs, but runs_included is %2")
                                                   .arg(a.per_run.size())
                                                   .arg(a.runs_included));
    if (a.runs_included > a.runs)
      w.add(root + QStringLiteral("/runs_included"),
            QStringLiteral("%1 is more than the study's %2 runs").arg(a.runs_included).arg(a.runs));
    for (std::size_t i = 0; i < a.objectives.size(); ++i) {
      const auto& o = a.objectives[i];
      const QString at = root + QStringLiteral("/objectives/%1").arg(i);
      if (o.rto_s <= 0)
        w.add(at + QStringLiteral("/rto_s"), QStringLiteral("%1 s is not a positive RTO").arg(num(o.rto_s)));
      check_proportion(w, at + QStringLiteral("/rto_met"), o.rto_met);
      check_proportion(w, at + QStringLiteral("/rpo_met"), o.rpo_met);
      check_proportion(w, at + QStringLiteral("/both_met"), o.both_met);
      check_distribution(w, at + QStringLiteral("/time_to_restore_s"), o.time_to_restore_s);
    }
    for (const auto& [name, d] : a.metrics) {
      const QString at = root + QStringLiteral("/metrics/") + QString::fromStdString(name);
      check_distribution(w, at, d);
      if (d.has_values && d.min < 0)
        w.add(at + QStringLiteral("/min"), QStringLiteral("%1 is negative").arg(num(d.min)));
    }
    for (const auto& [state, p] : a.exit_states)
      check_proportion(w, root + QStringLiteral("/exit_states/") + QString::fromStdString(state), p);
    for (std::size_t i = 0; i < a.levels.size(); ++i)
      check_proportion(w, root + QStringLiteral("/levels/%1").arg(i), a.levels[i].claim_met);
  }
  return w.take();
}

}  // namespace drillsim::gui
