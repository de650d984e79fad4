// The labelled series a Prometheus would scrape from a drill, named as the usual exporters name them
// (docs/detection.md, "Series the engine exports"): the services' request counters and latency
// histograms per pod (instance), `up` per pod, kube-state-metrics' Deployment and pod series,
// containers' memory. Read at each scrape from the data plane (the requests each pod answered reach it
// through a PodRequestLog), the cluster and the fault state (read-only), and written into a
// promql::SeriesStore for the scenario's rule files. A series a scrape no longer finds (a deleted pod)
// gets a staleness marker, as Prometheus writes one.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/actors.hpp"
#include "engine/pod_requests.hpp"
#include "model/scenario.hpp"
#include "promql/rule_file.hpp"
#include "promql/series_store.hpp"

namespace drillsim::engine {

class PromSeries {
 public:
  // `ctx` and `spec` must outlive this. Attaches a PodRequestLog to the data plane (detached by
  // only() when the rules read no request series, and by the destructor): construct it before the
  // plane serves its first request.
  PromSeries(const DrillContext& ctx, const model::RuleFilesSpec& spec);
  ~PromSeries();
  PromSeries(const PromSeries&) = delete;
  PromSeries& operator=(const PromSeries&) = delete;

  // The scrape at t_s (a whole second; the data plane has completed every second before it): writes
  // one sample per series into `store`, and into `copy` when not null; a series of the previous scrape
  // that is gone gets a staleness marker in both.
  void scrape(double t_s, promql::SeriesStore& store, promql::SeriesStore* copy);

  // From now on, scrapes produce only the series of these metric names (the team's names, as the rules
  // read them: metrics_read); without a call, every series.
  void only(std::set<std::string> names);

  // The team's name of a simulated metric or label (the scenario's metric_names / label_names).
  std::string metric(const std::string& name) const;
  std::string label(const std::string& name) const;

 private:
  void add(promql::Labels labels, double value, std::int64_t t_ms);
  // Whether the simulated metric is produced (its team's name is read).
  bool wants(const std::string& name) const { return !wanted_ || wanted_->count(metric(name)) > 0; }
  promql::Labels labels(const std::string& metric_name,
                        std::initializer_list<std::pair<const char*, std::string>> pairs) const;

  const DrillContext& ctx_;
  const model::RuleFilesSpec& spec_;
  std::vector<std::vector<double>> buckets_;  // Per service: the le bounds exported.
  std::set<promql::Labels> previous_;         // The series of the previous scrape.
  std::set<promql::Labels> current_;
  promql::SeriesStore* store_ = nullptr;
  promql::SeriesStore* copy_ = nullptr;
  std::optional<std::set<std::string>> wanted_;
  PodRequestLog requests_;  // Per pod: the requests it answered (attached to the plane while logging_).
  bool logging_ = false;
};

// The metric names the rules' selectors read; nullopt when they may read any (a selector without a
// fixed name, such as {job="api"} or {__name__=~"..."}, or a template calling `query`).
std::optional<std::set<std::string>> metrics_read(const std::vector<promql::RuleFile>& files);

// How far back the rules can read from an evaluation instant: the largest range plus offset of their
// selectors, plus the 5-minute lookback of instant selectors (ms). Samples older than the latest
// evaluation minus this can be dropped.
std::int64_t retention_ms(const std::vector<promql::RuleFile>& files);

}  // namespace drillsim::engine
