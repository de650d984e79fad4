#include "engine/prom_series.hpp"

#include "promql/evaluator.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <set>
#include <variant>

namespace drillsim::engine {

namespace {

constexpr const char* kNamespace = "default";

std::int64_t to_ms(double t_s) {
  return std::llround(t_s * 1000.0);
}

// A selector or subquery at a fixed instant (`@ 1700000000`) reads the same samples at every
// evaluation: the store keeps the whole drill for it.
constexpr std::int64_t kWholeDrillMs = std::numeric_limits<std::int64_t>::max() / 4;

bool fixed_instant(const promql::AtModifier& at) {
  return at.kind == promql::AtModifier::Kind::Time;
}

// The farthest back (ms) `node` reads from its evaluation instant (`@ start()` and `@ end()` are the
// evaluation instant itself in a rule).
std::int64_t reach_ms(const promql::Node& node) {
  return std::visit(
      [](const auto& n) -> std::int64_t {
        using T = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<T, promql::VectorSelector>) {
          if (fixed_instant(n.at)) return kWholeDrillMs;
          return std::max<std::int64_t>(0, n.offset_ms) + promql::kDefaultLookbackMs;
        } else if constexpr (std::is_same_v<T, promql::MatrixSelector>) {
          if (fixed_instant(n.vector.at)) return kWholeDrillMs;
          return std::max<std::int64_t>(0, n.vector.offset_ms) + n.range_ms;
        } else if constexpr (std::is_same_v<T, promql::Subquery>) {
          if (fixed_instant(n.at)) return kWholeDrillMs;
          return std::min(kWholeDrillMs,
                          std::max<std::int64_t>(0, n.offset_ms) + n.range_ms + reach_ms(*n.expr));
        } else if constexpr (std::is_same_v<T, promql::BinaryExpr>) {
          return std::max(reach_ms(*n.lhs), reach_ms(*n.rhs));
        } else if constexpr (std::is_same_v<T, promql::UnaryExpr> || std::is_same_v<T, promql::Paren>) {
          return reach_ms(*n.expr);
        } else if constexpr (std::is_same_v<T, promql::Call>) {
          std::int64_t most = 0;
          for (const auto& arg : n.args)
            most = std::max(most, reach_ms(*arg));
          return most;
        } else if constexpr (std::is_same_v<T, promql::Aggregate>) {
          return std::max(n.param ? reach_ms(*n.param) : 0, reach_ms(*n.expr));
        } else {
          return 0;
        }
      },
      node.kind);
}

// Adds the metric names `node`'s selectors read to `names`; false when one reads no fixed name.
bool names_read(const promql::Node& node, std::set<std::string>& names) {
  return std::visit(
      [&](const auto& n) -> bool {
        using T = std::decay_t<decltype(n)>;
        const auto selector = [&](const promql::VectorSelector& vs) {
          if (vs.metric_name.empty()) return false;
          names.insert(vs.metric_name);
          return true;
        };
        if constexpr (std::is_same_v<T, promql::VectorSelector>) {
          return selector(n);
        } else if constexpr (std::is_same_v<T, promql::MatrixSelector>) {
          return selector(n.vector);
        } else if constexpr (std::is_same_v<T, promql::BinaryExpr>) {
          const bool lhs = names_read(*n.lhs, names);
          return names_read(*n.rhs, names) && lhs;
        } else if constexpr (std::is_same_v<T, promql::UnaryExpr> || std::is_same_v<T, promql::Paren> ||
                             std::is_same_v<T, promql::Subquery>) {
          return names_read(*n.expr, names);
        } else if constexpr (std::is_same_v<T, promql::Call>) {
          bool all = true;
          for (const auto& arg : n.args)
            all = names_read(*arg, names) && all;
          return all;
        } else if constexpr (std::is_same_v<T, promql::Aggregate>) {
          const bool param = !n.param || names_read(*n.param, names);
          return names_read(*n.expr, names) && param;
        } else {
          return true;
        }
      },
      node.kind);
}

// The restarts of a pod's container before t_s.
std::uint32_t restarts_before(const FaultState::PodRestarts* restarts, double t_s) {
  if (restarts == nullptr) return 0;
  return static_cast<std::uint32_t>(
      std::count_if(restarts->at.begin(), restarts->at.end(), [&](double r) { return r < t_s; }));
}

}  // namespace

std::optional<std::set<std::string>> metrics_read(const std::vector<promql::RuleFile>& files) {
  std::set<std::string> names;
  for (const auto& file : files) {
    for (const auto& group : file.groups) {
      for (const auto& rule : group.rules) {
        if (!rule.expr || !names_read(*rule.expr, names)) return std::nullopt;
        for (const auto* texts : {&rule.labels, &rule.annotations})
          for (const auto& [name, text] : *texts)
            if (text.find("query") != std::string::npos) return std::nullopt;
      }
    }
  }
  return names;
}

std::int64_t retention_ms(const std::vector<promql::RuleFile>& files) {
  std::int64_t most = promql::kDefaultLookbackMs;
  for (const auto& file : files)
    for (const auto& group : file.groups)
      for (const auto& rule : group.rules)
        if (rule.expr) most = std::max(most, reach_ms(*rule.expr));
  return most;
}

PromSeries::PromSeries(const DrillContext& ctx, const model::RuleFilesSpec& spec) : ctx_(ctx), spec_(spec) {
  for (const auto& service : ctx.scenario.services) {
    std::vector<double> les(model::kLatencyBuckets.begin(), model::kLatencyBuckets.end());
    for (const auto& [name, bounds] : spec.histogram_buckets)
      if (name == service.name) les = bounds;
    buckets_.push_back(std::move(les));
  }
  ctx.plane.set_pod_log(&requests_);
  logging_ = true;
}

PromSeries::~PromSeries() {
  if (logging_) ctx_.plane.set_pod_log(nullptr);
}

void PromSeries::only(std::set<std::string> names) {
  wanted_ = std::move(names);
  const bool requests = wants("http_requests_total") || wants("http_request_duration_seconds_bucket") ||
                        wants("http_request_duration_seconds_count") || wants("http_request_duration_seconds_sum");
  if (logging_ && !requests) {
    ctx_.plane.set_pod_log(nullptr);
    logging_ = false;
  }
}

std::string PromSeries::metric(const std::string& name) const {
  for (const auto& [from, to] : spec_.metric_names) {
    if (from == name) return to;
    // The histogram's three series follow its base name.
    if (name.rfind(from, 0) == 0 && from == "http_request_duration_seconds")
      return to + name.substr(from.size());
  }
  return name;
}

std::string PromSeries::label(const std::string& name) const {
  for (const auto& [from, to] : spec_.label_names)
    if (from == name) return to;
  return name;
}

promql::Labels PromSeries::labels(const std::string& metric_name,
                                  std::initializer_list<std::pair<const char*, std::string>> pairs) const {
  promql::Labels out{{promql::kMetricName, metric(metric_name)}};
  for (const auto& [name, value] : pairs)
    out.emplace_back(label(name), value);
  promql::sort_labels(out);
  return out;
}

void PromSeries::add(promql::Labels labels, double value, std::int64_t t_ms) {
  store_->append(labels, {t_ms, value});
  if (copy_) copy_->append(labels, {t_ms, value});
  current_.insert(std::move(labels));
}

void PromSeries::scrape(double t_s, promql::SeriesStore& store, promql::SeriesStore* copy) {
  store_ = &store;
  copy_ = copy;
  current_.clear();
  const std::int64_t t_ms = to_ms(t_s);
  if (logging_) {
    // A data plane id is one Ready spell of a pod's container: the container that started after the
    // restarts before that Ready instant.
    requests_.complete_before(t_s, [this](int service, std::uint64_t plane_id) {
      const std::uint64_t uid = ctx_.cluster.uid_of(plane_id);
      return PodRequestLog::Container{
          uid, restarts_before(ctx_.faults.pod_restarts(service, uid), ctx_.cluster.endpoints().ready_at(plane_id))};
    });
  }
  const auto& scenario = ctx_.scenario;
  for (std::size_t s = 0; s < scenario.services.size(); ++s) {
    const int service = static_cast<int>(s);
    const std::string& name = scenario.services[s].name;
    // The pods whose series a scrape finds: those that exist, and the deleted ones still Terminating (their
    // process still answers the requests it holds, and its exporter is still scraped until it exits).
    std::array<std::vector<Cluster::PodView>, 2> pods;
    for (const model::Version version : model::kVersions) {
      auto& list = pods[static_cast<std::size_t>(version)];
      list = ctx_.cluster.pod_views(service, version);
      for (const auto& pod : ctx_.cluster.terminating_views(service, version, t_s))
        list.push_back(pod);
    }
    // Per scrape target (each pod, and the load balancer's for the requests no pod answered): the
    // request counters by outcome (a failed request is a 500) and the request-duration histogram,
    // cumulative as client libraries export it, over the requests completed before the scrape.
    for (const model::Version version : model::kVersions) {
      if (!logging_) break;
      const std::string prefix = name + "-" + model::to_string(version);
      const auto target = [&](const std::string& instance, const std::string& pod,
                              const PodRequestLog::Totals* totals) {
        static const PodRequestLog::Totals kNone{};
        const PodRequestLog::Totals& t = totals ? *totals : kNone;
        const auto with = [&](const char* metric_name,
                              std::initializer_list<std::pair<const char*, std::string>> extra) {
          promql::Labels out{{promql::kMetricName, metric(metric_name)},
                             {label("service"), name},
                             {label("version"), model::to_string(version)},
                             {label("instance"), instance},
                             {label("job"), name}};
          if (!pod.empty()) {
            out.emplace_back(label("namespace"), kNamespace);
            out.emplace_back(label("pod"), pod);
          }
          for (const auto& [label_name, value] : extra)
            out.emplace_back(label(label_name), value);
          promql::sort_labels(out);
          return out;
        };
        if (wants("http_requests_total")) {
          add(with("http_requests_total", {{"code", "200"}}), static_cast<double>(t.ok), t_ms);
          add(with("http_requests_total", {{"code", "500"}}), static_cast<double>(t.errors), t_ms);
        }
        std::uint64_t total = 0;
        for (const auto n : t.buckets)
          total += n;
        if (wants("http_request_duration_seconds_bucket")) {
          for (const double le : buckets_[s]) {
            std::uint64_t below = 0;
            for (std::size_t b = 0; b < model::kLatencyBuckets.size() && model::kLatencyBuckets[b] <= le; ++b)
              below += t.buckets[b];
            add(with("http_request_duration_seconds_bucket", {{"le", promql::format_float_g(le)}}),
                static_cast<double>(below), t_ms);
          }
          add(with("http_request_duration_seconds_bucket", {{"le", "+Inf"}}), static_cast<double>(total), t_ms);
        }
        if (wants("http_request_duration_seconds_count"))
          add(with("http_request_duration_seconds_count", {}), static_cast<double>(total), t_ms);
        if (wants("http_request_duration_seconds_sum"))
          add(with("http_request_duration_seconds_sum", {}), t.latency_sum_s, t_ms);
      };
      const PodRequestLog::Totals* unrouted = requests_.totals(service, version, 0);
      if (unrouted || ctx_.cluster.desired(service, version) > 0) target(prefix, "", unrouted);
      for (const auto& pod : pods[static_cast<std::size_t>(version)]) {
        // The exporter lives in the pod's container: while it is down (crashed, waiting out its back-off;
        // exiting at every start) the scrape fails and its series go stale; the container after a restart
        // counts from 0.
        const FaultState::PodRestarts* restarts = ctx_.faults.pod_restarts(service, pod.uid);
        const bool down = (restarts && restarts->back_off_from_s <= t_s && t_s < restarts->back_off_until_s) ||
                          (!std::isnan(pod.crash_loop_since) && pod.crash_loop_since <= t_s);
        if (down) continue;
        const std::string pod_name = prefix + "-" + std::to_string(pod.uid);
        target(pod_name, pod_name, requests_.totals(service, version, pod.uid, restarts_before(restarts, t_s)));
      }
    }

    // Pods: `up` per scrape target, CrashLoopBackOff, memory.
    int available = 0;
    const auto leaking = ctx_.faults.leaking_version(service);
    for (const model::Version version : model::kVersions) {
      available += ctx_.cluster.available(service, version, t_s);
      for (const auto& pod : pods[static_cast<std::size_t>(version)]) {
        const std::string pod_name = name + "-" + model::to_string(version) + "-" + std::to_string(pod.uid);
        const bool ready = pod.ready_at <= t_s;
        if (wants("up")) add(labels("up", {{"job", name}, {"instance", pod_name}}), ready ? 1.0 : 0.0, t_ms);
        // kube-state-metrics: the pod's container restarts before the scrape, and CrashLoopBackOff
        // while it waits out its back-off after a crash (a container that exits at start waits again
        // at once: crash_loop_since on, not Ready).
        const FaultState::PodRestarts* restarts = ctx_.faults.pod_restarts(service, pod.uid);
        const auto restarted = restarts ? std::count_if(restarts->at.begin(), restarts->at.end(),
                                                        [&](double r) { return r < t_s; })
                                        : 0;
        if (wants("kube_pod_container_status_restarts_total"))
          add(labels("kube_pod_container_status_restarts_total",
                     {{"namespace", kNamespace}, {"pod", pod_name}, {"container", name}}),
              static_cast<double>(restarted), t_ms);
        const bool backing_off =
            restarts && restarts->back_off_from_s <= t_s && t_s < restarts->back_off_until_s;
        if (wants("kube_pod_container_status_waiting_reason") &&
            (backing_off || (!std::isnan(pod.crash_loop_since) && pod.crash_loop_since <= t_s && !ready))) {
          add(labels("kube_pod_container_status_waiting_reason", {{"namespace", kNamespace},
                                                                  {"pod", pod_name},
                                                                  {"container", name},
                                                                  {"reason", "CrashLoopBackOff"}}),
              1.0, t_ms);
        }
        if (leaking && scenario.fault && ready &&
            (wants("container_memory_working_set_bytes") || wants("container_spec_memory_limit_bytes"))) {
          const auto& leak = scenario.fault->as<model::fault::MemoryLeak>();
          double mb = leak.memory_base_mb;
          if (version == *leaking) {
            if (const auto rate = ctx_.faults.leak_rate(service, pod.uid))
              mb = std::min(
                  leak.memory_limit_mb,
                  leak.memory_base_mb + *rate * (t_s - std::max(pod.ready_at, scenario.fault->at_s)));
          }
          const auto pod_labels = {std::pair<const char*, std::string>{"namespace", kNamespace},
                                   {"pod", pod_name},
                                   {"container", name}};
          add(labels("container_memory_working_set_bytes", pod_labels), mb * 1024.0 * 1024.0, t_ms);
          add(labels("container_spec_memory_limit_bytes", pod_labels), leak.memory_limit_mb * 1024.0 * 1024.0,
              t_ms);
        }
      }
    }
    if (wants("kube_deployment_status_replicas_available"))
      add(labels("kube_deployment_status_replicas_available",
                 {{"namespace", kNamespace}, {"deployment", name}}),
          available, t_ms);
  }
  // Store health: whether each data store answers (0 while it is down: a restore), and the corrupted
  // writes it holds now.
  for (std::size_t d = 0; d < scenario.stores.size(); ++d) {
    const auto& store = scenario.stores[d];
    const int index = static_cast<int>(d);
    if (wants("drillsim_store_up"))
      add(labels("drillsim_store_up", {{"store", store.name}, {"service", store.service}}),
          ctx_.plane.store_down(index) ? 0.0 : 1.0, t_ms);
    if (wants("drillsim_store_corrupted_writes"))
      add(labels("drillsim_store_corrupted_writes", {{"store", store.name}, {"service", store.service}}),
          static_cast<double>(ctx_.plane.corrupted_in_store(index)), t_ms);
  }
  // A series of the previous scrape that is gone (a deleted pod) gets a staleness marker.
  for (const auto& gone : previous_) {
    if (current_.count(gone)) continue;
    store.append(gone, {t_ms, promql::stale_nan()});
    if (copy) copy->append(gone, {t_ms, promql::stale_nan()});
  }
  previous_.swap(current_);
}

}  // namespace drillsim::engine
