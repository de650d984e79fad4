// The scenario: everything a drill needs, as plain values. It is built by io::load_scenario (the only
// code that reads user files), validated there, and read by the engine. No I/O here.
//
// Units: every time is in simulated seconds (suffix _s), every rate in requests per second (_rps),
// probabilities and weights in [0, 1]. docs/scenario-format.md documents each field with its default.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "model/distribution.hpp"

namespace drillsim::model {

// The two versions a service runs during a drill.
enum class Version { Stable = 0, New = 1 };
inline constexpr std::array<Version, 2> kVersions{Version::Stable, Version::New};
inline const char* to_string(Version v) {
  return v == Version::Stable ? "stable" : "new";
}

// Traffic weights between the versions. Invariant (checked by the loader): both in [0, 1], sum 1.
struct Weights {
  double stable = 1.0;
  double new_version = 0.0;
};

// Request rate over time. Arrivals are a (possibly non-homogeneous) Poisson process with this rate.
struct RateProfile {
  enum class Kind { Constant, Steps, Diurnal };
  struct Step {
    double from_s = 0.0;
    double rps = 0.0;
  };

  Kind kind = Kind::Constant;
  double rps = 0.0;           // Constant: the rate. Diurnal: the mean rate.
  std::vector<Step> steps;    // Steps: rate from each from_s on; before the first step, `rps`.
  double amplitude = 0.0;     // Diurnal: relative swing in [0, 1]; rate = rps * (1 + amplitude * cos(...)).
  double period_s = 86400.0;  // Diurnal: length of one cycle.
  double peak_s = 0.0;        // Diurnal: a time at which the rate peaks.

  // Rate at simulated time t, in requests per second (never negative).
  double rate_at(double t_s) const;
  // An upper bound of rate_at over all t (used for Poisson thinning).
  double max_rate() const;
};

struct VersionSpec {
  int replicas = 0;                // Ready replicas at time 0.
  double error_probability = 0.0;  // Probability that a served request fails (HTTP 5xx).
  double latency_factor = 1.0;     // Multiplies the service time of every request.
  // SIGTERM -> the application exits (its in-flight requests are finished meanwhile, or first); one
  // at least the termination grace period is an application that ignores SIGTERM. 0: it exits as soon
  // as its in-flight requests are done.
  Distribution shutdown = Distribution::fixed(0.0);
};

// Upper bounds (le) of the request-latency histogram buckets, in seconds, before +Inf: the default
// buckets of the Prometheus client libraries.
inline constexpr std::array<double, 11> kLatencyBuckets{0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                        0.5,   1.0,  2.5,   5.0,  10.0};

// The service level objective: the SLIs a service must keep, judged over a trailing window (as a
// dashboard's rate(...[1m]) would be), and how long they must hold before the service counts as restored.
struct Slo {
  double max_error_ratio = 0.01;         // errors / requests over the SLI window must not exceed this,
  double max_p95_latency_s = 0.5;        // and the window's 95th percentile latency must not exceed this.
  double sli_window_s = 60.0;            // The trailing window of both SLIs (1: judge each second alone).
  double stabilisation_window_s = 60.0;  // `restored` needs this many consecutive seconds in SLO.

  // Whether a window holding `requests` requests, `errors` of them failed and `slow` of them slower than
  // max_p95_latency_s, is within SLO. A window without requests is. The error ratio is a division, so a
  // ratio equal to the threshold in decimal (29/100 vs 0.29) is the same double and within SLO. The
  // nearest-rank p95 is the ceil(0.95 n)-th smallest latency, so it is within the bound exactly when
  // at most n - ceil(0.95 n) requests are slower: counted in integers, no rounding.
  bool window_within(std::uint64_t requests, std::uint64_t errors, std::uint64_t slow) const {
    if (requests == 0) return true;
    const double error_ratio = static_cast<double>(errors) / static_cast<double>(requests);
    const std::uint64_t p95_rank = (95 * requests + 99) / 100;
    return error_ratio <= max_error_ratio && slow <= requests - p95_rank;
  }
};

// How a service's requests choose a version.
enum class Routing {
  Weights,  // By the traffic weights (a service mesh, or Argo Rollouts with a traffic router), then
            // uniformly among that version's Ready pods; a version with no Ready pod fails its share.
  Pods,     // Uniformly among every Ready pod of either version (a plain Kubernetes Service): the split
            // follows the Ready pod counts, and the weights are ignored.
};
const char* to_string(Routing routing);

// A pod's life, as Kubernetes runs it. A pod created at c has its container started at s = c +
// container_start and answers its readiness probe from s + start on; the kubelet probes at s +
// readiness_initial_delay_s + k * readiness_period_s (k = 0, 1, ...), and the pod is Ready at the
// success_threshold-th passing probe in a row (the first probe at or after s + start, plus
// success_threshold - 1 periods). A Ready pod whose probe fails failure_threshold times in a row leaves
// the endpoints (it is not Ready) until it passes success_threshold probes in a row again. It is
// Available (it counts for a rollout) once it has been Ready for min_ready_s without interruption. A
// deleted pod is Terminating: it leaves the endpoints at once, runs its preStop hook, gets SIGTERM, and
// is gone when its application exits (the version's `shutdown`, its in-flight requests finished) or at
// termination_grace_period_s (SIGKILL: the requests it still holds fail), whichever comes first.
struct PodSpec {
  Distribution container_start = Distribution::fixed(0.0);  // Creation -> container started (pull).
  Distribution start = Distribution::fixed(10.0);           // Container started -> the app answers.
  double readiness_initial_delay_s = 0.0;                   // initialDelaySeconds
  double readiness_period_s = 10.0;                         // periodSeconds
  int readiness_success_threshold = 1;                      // successThreshold
  int readiness_failure_threshold = 3;                      // failureThreshold
  Distribution pre_stop = Distribution::fixed(0.0);         // The preStop hook's duration.
  double termination_grace_period_s = 30.0;                 // terminationGracePeriodSeconds
  double min_ready_s = 0.0;                                 // minReadySeconds

  // When a pod whose container started at started_s and whose app answers from ready_from_s on
  // becomes Ready.
  double ready_at(double started_s, double ready_from_s) const;
  // The first probe after started_s at or after t_s.
  double probe_at_or_after(double started_s, double t_s) const;
};

// maxSurge / maxUnavailable: an absolute number of pods, or a percentage of the desired replicas.
struct IntOrPercent {
  bool percent = true;
  double value = 25.0;  // Pods, or percent (e.g. 25 for "25%").

  // Kubernetes' resolution: a percentage of `replicas` rounded up (maxSurge) or down (maxUnavailable).
  int resolve(int replicas, bool round_up) const;
};

// A Deployment's strategy (.spec.strategy) and its progress deadline.
struct StrategySpec {
  enum class Kind { RollingUpdate, Recreate };
  Kind kind = Kind::RollingUpdate;
  IntOrPercent max_surge{true, 25.0};
  IntOrPercent max_unavailable{true, 25.0};
  double progress_deadline_s = 600.0;  // progressDeadlineSeconds: a rollout without progress this long fails.

  // (surge, unavailable) for `replicas` desired pods, with Kubernetes' fencepost: both 0 -> unavailable 1.
  std::pair<int, int> resolve(int replicas) const;
};
const char* to_string(StrategySpec::Kind kind);

// A class of requests with a business value (a paid checkout, a subscription): `share` of the service's
// requests belong to it, and each failed one costs `value` (revenue impact). Requests in no class
// cost nothing.
struct RequestClass {
  std::string name;
  double share = 0.0;  // Of all the service's requests; the shares of a service sum to at most 1.
  double value = 0.0;  // Per failed request, in the scenario's currency.
};

struct TrafficSpec {
  RateProfile rate;
  std::uint32_t users = 10000;  // Size of the user population; each request comes from one user, uniformly.
};

// A call a service makes to a downstream service for each of its requests (the call graph). The
// caller's request waits for all `fanout` calls (made in parallel) after its own work, and fails if
// any of them fails. A call is answered by the callee's state at that moment: its routing, Ready pods,
// version error probability and latency factor, outage, maintenance page and data stores; its latency
// is one draw of the callee's service time (the callee's queueing is not modelled: its own traffic
// spec stands for its load). A call slower than timeout_s fails at timeout_s.
struct CallSpec {
  std::string service;
  int fanout = 1;
  double timeout_s = 1.0;
};

struct ServiceSpec {
  std::string name;
  Distribution service_time;  // Per request, per replica, at latency_factor 1.
  int max_queue = 1000;       // Requests a replica holds (in service + waiting); beyond it, rejected.
  std::array<VersionSpec, 2> versions{};  // Indexed by Version.
  Weights weights;                        // Initial traffic split (Routing::Weights).
  Routing routing = Routing::Weights;
  PodSpec pods;
  StrategySpec strategy;
  TrafficSpec traffic;
  std::vector<RequestClass> request_classes;
  Slo slo;
  std::vector<CallSpec> calls;  // Downstream calls made by each request (no cycle; checked by the loader).
  int zones = 3;                // Pods are spread over this many zones: slot i is in zone i mod zones.

  const VersionSpec& version(Version v) const { return versions[static_cast<int>(v)]; }
};

// The schema change the new release shipped with (seed 000's risk matrix lists these kinds). Which
// code works against which schema, and what migrating down loses, follow from the kind:
//
//   kind                  stable code on the new schema   new code on the old schema   migrating down loses
//   add_nullable_column   works                           fails                        the new code's writes
//   since applied add_table             works                           fails                        the new
//   code's writes since applied add_required_column   fails (inserts lack the column) fails the new code's
//   writes since applied change_type           fails (values of the new type)  fails the new code's writes
//   since applied rename_column         fails (the old name is gone)    fails                        nothing
//   (renamed back) remove_column         fails (the column is gone)      works                        every
//   write from before applied remove_table          fails (the table is gone)       works every write from
//   before applied
//
// "The new code's writes since applied" are the values those writes put in the new column, table or
// type, which the down-migration drops. A removed column or table was dropped by the up-migration: the
// down-migration re-creates it empty, so the data written before it is gone (only a restore brings it
// back). A request served by code that does not work against the current schema fails.
struct MigrationSpec {
  enum class Kind {
    AddNullableColumn,
    AddTable,
    AddRequiredColumn,
    ChangeType,
    RenameColumn,
    RemoveColumn,
    RemoveTable,
  };
  Kind kind = Kind::AddNullableColumn;
  double applied_at_s = 0.0;  // When it ran (with the release); 0: before the drill's first request.

  bool stable_code_works_on_new_schema() const {
    return kind == Kind::AddNullableColumn || kind == Kind::AddTable;
  }
  bool new_code_works_on_old_schema() const {
    return kind == Kind::RemoveColumn || kind == Kind::RemoveTable;
  }
};
const char* to_string(MigrationSpec::Kind kind);

// A data store (a database) that one service writes to. A fraction of the service's successful requests
// commit a write to it when they complete. Full backups are taken at backup_offset_s + k * backup_interval_s
// (any integer k: a negative offset is a backup from before the drill); with WAL/binlog archiving, the
// log is shipped every wal_archive_interval_s (at k * interval, k >= 1), so a point-in-time restore can
// reach any instant up to the last shipped segment. A restore takes size_gb / restore throughput.
struct DataStoreSpec {
  std::string name;
  std::string service;
  double write_fraction = 0.1;  // Of the service's successful requests, those that write here.
  double size_gb = 10.0;
  double restore_throughput_mb_s = 100.0;  // Restore time = size_gb * 1024 / this.
  double backup_interval_s = 86400.0;
  double backup_offset_s = 0.0;
  std::optional<double> wal_archive_interval_s;  // nullopt: no archiving, only full backups.
  std::optional<MigrationSpec> migration;        // The new release's schema change, if any.

  double restore_duration_s() const { return size_gb * 1024.0 / restore_throughput_mb_s; }
  // The latest backup taken at or before t_s.
  double latest_backup(double t_s) const;
  // The latest instant at or before `target_s` that a restore started at `now_s` can reach: with WAL
  // archiving, min(target, the last segment shipped by now) if that is after the latest backup;
  // otherwise the latest backup at or before the target.
  double restore_point(double target_s, double now_s, bool point_in_time) const;
};

// A deployment sends part of a service's traffic to the new version from a time on.
struct DeploymentSpec {
  std::string service;
  double at_s = 0.0;
  Weights weights;
};

// The fault the drill injects (docs/faults.md has each kind's model and its sources). Each kind is a
// struct of its own holding only its parameters, one alternative of FaultSpec::Kinds; a new kind is one
// struct here (with its name), one reader in io/scenario_loader.cpp and one handler in
// engine/faults.cpp.
namespace fault {

// `version` fails more (error_probability) and/or is slower (latency_factor).
struct BadRelease {
  static constexpr const char* kName = "bad_release";
  double error_probability = 0.0;
  double latency_factor = 1.0;
  bool fails_readiness = false;  // The version's readiness probe fails too (failureThreshold).
  double corrupts_writes = 0.0;  // Probability that a write the version commits while the fault is active
                                 // is corrupted (bad data that a restore can undo).
};
// A configuration error: every pod of either version fails / slows; pods that become Ready after a
// restore_config run the good configuration again.
struct BadConfig {
  static constexpr const char* kName = "bad_config";
  double error_probability = 0.0;
  double latency_factor = 1.0;
};
// Each container of `version` grows from memory_base_mb at ~leak_mb_per_s; at memory_limit_mb it is
// OOMKilled and restarted after CrashLoopBackOff's delay.
struct MemoryLeak {
  static constexpr const char* kName = "memory_leak";
  double memory_limit_mb = 512.0;
  double memory_base_mb = 256.0;
  double leak_mb_per_s = 1.0;  // Each container's rate is this times a uniform draw in [0.8, 1.2].
};
// Each container of `version` crashes crash_after_s after it is Ready; restarted after
// CrashLoopBackOff's delay (10 s doubling to 300 s).
struct CrashLoop {
  static constexpr const char* kName = "crash_loop";
  double crash_after_s = 30.0;
};
// `pods` pods of `version` lose their node: requests to them fail until the node is NotReady
// (node_monitor_grace_s); replacements are created eviction_timeout_s later.
struct NodeCrash {
  static constexpr const char* kName = "node_crash";
  int pods = 1;
  double node_monitor_grace_s = 40.0;  // node-monitor-grace-period: the node turns NotReady.
  double eviction_timeout_s = 300.0;   // tolerationSeconds of not-ready / unreachable: pods are evicted.
};
// Zone `zone` of every service's `zones` goes down: its pods (slot i is in zone i mod zones) behave as
// on a crashed node.
struct ZoneOutage {
  static constexpr const char* kName = "zone_outage";
  int zone = 0;
  double node_monitor_grace_s = 40.0;
  double eviction_timeout_s = 300.0;
};
// Calls from `service` to `target` take added_latency_s longer.
struct NetworkLatency {
  static constexpr const char* kName = "network_latency";
  std::string target;
  double added_latency_s = 0.0;
};
// Calls from `service` to `target` are lost with loss_probability (timeout).
struct NetworkLoss {
  static constexpr const char* kName = "network_loss";
  std::string target;
  double loss_probability = 0.0;
};
// Every call from `service` to `target` times out.
struct NetworkPartition {
  static constexpr const char* kName = "network_partition";
  std::string target;
};
// `target` (a service or a data store) is down: a service refuses connections (callers fail at once)
// or, with hang, never answers (callers time out); a data store makes its service fail fast.
struct DependencyOutage {
  static constexpr const char* kName = "dependency_outage";
  std::string target;
  bool hang = false;
};
// The service's connection pool leaks pool_leak_per_s connections from pool_in_use; once all pool_size
// are taken, every request waits pool_timeout_s and fails.
struct PoolExhaustion {
  static constexpr const char* kName = "pool_exhaustion";
  int pool_size = 20;
  double pool_in_use = 5.0;
  double pool_leak_per_s = 0.05;
  double pool_timeout_s = 30.0;  // HikariCP's connectionTimeout default.
  // When the pool is exhausted, for a fault that starts at at_s.
  double exhausted_at_s(double at_s) const { return at_s + (pool_size - pool_in_use) / pool_leak_per_s; }
};
// A process takes cpu_share of the CPU of every pod of `version`: they serve at (1 - cpu_share) of
// their speed.
struct CpuHog {
  static constexpr const char* kName = "cpu_hog";
  double cpu_share = 0.5;
};
// The service's request rate is multiplied by spike_factor.
struct TrafficSpike {
  static constexpr const char* kName = "traffic_spike";
  double spike_factor = 3.0;
};
// The new version's schema migration fails at start: its containers crash before they are Ready
// (CrashLoopBackOff), so the new version has no endpoint.
struct FailedMigration {
  static constexpr const char* kName = "failed_migration";
};
// `version` commits bad data: each write is corrupted with corrupts_writes.
struct DataCorruption {
  static constexpr const char* kName = "data_corruption";
  double corrupts_writes = 0.0;
};

}  // namespace fault

// `service` is the service whose users the incident is about: onset and the SLO are measured on it.
struct FaultSpec {
  // The order is the one of fault_kind_names() (the format's names).
  using Kinds =
      std::variant<fault::BadRelease, fault::BadConfig, fault::MemoryLeak, fault::CrashLoop, fault::NodeCrash,
                   fault::ZoneOutage, fault::NetworkLatency, fault::NetworkLoss, fault::NetworkPartition,
                   fault::DependencyOutage, fault::PoolExhaustion, fault::CpuHog, fault::TrafficSpike,
                   fault::FailedMigration, fault::DataCorruption>;
  Kinds kind;  // The kind and its own parameters.
  std::string service;
  Version version = Version::New;  // The faulty version (New for the kinds that take no "version").
  double at_s = 0.0;
  std::optional<double> duration_s;  // nullopt: until fixed (the rollback removes the version's traffic).
  std::string flag;                  // The bad code path is behind this feature flag ("": none); a
                                     // disable_flag step on it ends the fault once the change propagates.

  template <class K>
  bool is() const {
    return std::holds_alternative<K>(kind);
  }
  // The kind's parameters. REQUIRES: is<K>().
  template <class K>
  const K& as() const {
    return std::get<K>(kind);
  }
  template <class K>
  K& as() {
    return std::get<K>(kind);
  }
  // The kind's name in the format ("bad_release", ...).
  const char* kind_name() const;
  // The service or store a network fault or a dependency outage sits on; "" for the other kinds.
  const std::string& target() const;
};

// CrashLoopBackOff: the kubelet waits 10 s before restarting a crashed container, doubling after each
// crash up to 300 s; the delay resets once a container has run 10 minutes.
double crash_loop_backoff_s(int restarts_before);

// A Prometheus-style alerting rule on one of a service's metrics, with Prometheus's pending -> firing
// state machine (and keep_firing_for), evaluated on scraped samples.
struct AlertRuleSpec {
  // ErrorRatio: rate(errors[w]) / rate(requests[w]). LatencyP95: histogram_quantile(0.95,
  // sum by (le) (rate(request_duration_seconds_bucket[w]))), in seconds, over the buckets of
  // kLatencyBuckets (the Prometheus client libraries' defaults). MemoryUtilisation: max over the
  // service's containers of working set / limit (a gauge). PoolUtilisation: connections in use / pool
  // size (a gauge). OomKills: increase(OOMKilled restarts[w]); Restarts: increase(container
  // restarts[w]) (counters, as kube-state-metrics exports them).
  enum class Metric { ErrorRatio, LatencyP95, MemoryUtilisation, PoolUtilisation, OomKills, Restarts };
  Metric metric = Metric::ErrorRatio;
  std::string name;
  std::string service;
  double window_s = 300.0;              // The range of rate()/increase(), as in [5m].
  double threshold = 0.05;              // Condition: value > threshold.
  double for_s = 0.0;                   // Pending for this long before firing (0: fire at once).
  double keep_firing_for_s = 0.0;       // Keeps firing this long after the condition clears.
  double evaluation_interval_s = 60.0;  // Rule group evaluation interval.
  double evaluation_offset_s = 0.0;     // The group's fixed phase inside each interval.
  double scrape_interval_s = 60.0;      // The service's metrics are scraped at scrape_offset_s + k * this.
  double scrape_offset_s = 0.0;

  bool is_counter_ratio() const { return metric == Metric::ErrorRatio || metric == Metric::LatencyP95; }
};
// Prometheus rule files a team runs, evaluated over the labelled series the engine scrapes
// (docs/detection.md, "Rule files in a scenario"). The scenario's "detection" section.
struct RuleFilesSpec {
  struct File {
    std::string name;  // As the scenario gives it (relative to the scenario's directory).
    std::string path;  // The file read.
    std::string text;  // Its content, read when the scenario was loaded.
  };
  std::vector<File> files;
  // The simulated series' metric and label names (docs/detection.md) -> the team's own names.
  std::vector<std::pair<std::string, std::string>> metric_names;
  std::vector<std::pair<std::string, std::string>> label_names;
  // Every target is scraped at scrape_offset_s + k * scrape_interval_s; a group without its own
  // `interval` is evaluated every evaluation_interval_s, each at evaluation_offset_s + k * interval.
  double scrape_interval_s = 60.0;
  double scrape_offset_s = 0.0;
  double evaluation_interval_s = 60.0;
  double evaluation_offset_s = 0.0;
  // Per service: the `le` bounds of its request-duration histogram, each one of kLatencyBuckets (the
  // recorded bounds); a service not listed exports all of kLatencyBuckets.
  std::vector<std::pair<std::string, std::vector<double>>> histogram_buckets;
  // The alerting rules' distinct names, in file order, one detection signal each, and the service each
  // one watches (the rule's `service` label when it names a service, else the fault's service).
  std::vector<std::string> alert_names;
  std::vector<std::string> alert_services;
};

// A health check (a Kubernetes-style probe, a load balancer's or a blackbox exporter's check) of a
// service: one synthetic request every period_s (at offset_s + k * period_s); it fails if the request
// fails or takes more than timeout_s. The signal fires at the failure_threshold-th consecutive failure.
struct ProbeSpec {
  std::string name;
  std::string service;
  double period_s = 10.0;
  double offset_s = 0.0;
  double timeout_s = 1.0;
  int failure_threshold = 3;
};

// A synthetic test of a critical flow: every period_s, one request to each service of the flow, in
// order; the flow fails if any of them fails or exceeds timeout_s. Fires at the
// failure_threshold-th consecutive failed run.
struct SmokeTestSpec {
  std::string name;
  std::vector<std::string> flow;
  double period_s = 300.0;
  double offset_s = 0.0;
  double timeout_s = 5.0;
  int failure_threshold = 1;
};

// Customers notice and complain: the support team pages on-call `delay` after the incident's onset,
// if at least min_failed_requests requests failed by then.
struct ComplaintsSpec {
  std::string name = "CustomerComplaints";
  Distribution delay = Distribution::fixed(900.0);
  std::uint64_t min_failed_requests = 1;
};

// A data integrity check of a store: at offset_s + k * period_s it finds corrupted rows if any corrupted
// write is in the store; it fires at the first such check.
struct IntegrityCheckSpec {
  std::string name;
  std::string store;
  double period_s = 3600.0;
  double offset_s = 0.0;
};

// Alertmanager's grouping timers (route defaults). One group per incident: the first notification of
// a new group goes out group_wait after its first alert; later changes are sent at the group's
// group_interval ticks; an unchanged group is re-sent every repeat_interval.
struct AlertmanagerSpec {
  double group_wait_s = 30.0;
  double group_interval_s = 300.0;
  double repeat_interval_s = 14400.0;
  // "config": the team's alertmanager.yml (docs/detection.md, "Alertmanager configuration in a drill"):
  // its route tree, grouping, intervals and inhibit rules replace the single built-in group.
  struct Config {
    std::string name;  // As the scenario gives it (relative to the scenario's directory).
    std::string path;  // The file read.
    std::string text;  // Its content, read when the scenario was loaded.
  };
  std::optional<Config> config;
  // "receivers": a receiver of the config -> the responder tier it pages (the responder's name or an
  // escalation tier's); nullopt (JSON null) or a receiver not listed: it pages nobody.
  std::vector<std::pair<std::string, std::optional<std::string>>> receivers;
};

// Alertmanager's routing delay and the on-call humans: who is paged, how fast they acknowledge, the
// escalation path when nobody acknowledges in time, and the assessment before the decision.
struct ResponderSpec {
  struct Tier {
    std::string name;
    Distribution ack = Distribution::fixed(120.0);  // Paged -> acknowledgement, for this tier.
  };
  std::string name = "on-call";
  Distribution ack = Distribution::fixed(120.0);     // Page -> acknowledgement.
  Distribution assess = Distribution::fixed(180.0);  // Acknowledgement -> decision.
  // Escalation (PagerDuty-style): when nobody has acknowledged escalate_after_s after a tier was paged,
  // the next tier is paged too. The first acknowledgement of any paged tier counts.
  double escalate_after_s = 900.0;
  std::vector<Tier> escalation;
};

// The decision at the end of the assessment: the first rule whose conditions all hold picks a plan
// level or fix-forward (seed 000's flowchart is an ordered list of questions, seed 004's matrix a list
// of rows); none: `otherwise`. Conditions are read from the drill at decision time.
struct DecisionRuleSpec {
  std::string name;
  std::string then;  // A level's name, or "fix_forward".
  // Conditions (each optional; a rule without any always holds).
  std::string service;  // Whose error ratio and users the conditions read ("": the incident's).
  std::optional<double> error_ratio_above;  // Error ratio over the last window_s.
  std::optional<double> error_ratio_at_most;
  std::optional<double> users_affected_share_above;    // Distinct users with a failed request since onset,
  std::optional<double> users_affected_share_at_most;  // over the service's user population.
  std::optional<bool> data_corrupted;                  // A corrupted write is in a store.
  std::optional<double> fix_forward_above_s;  // The fix-forward estimate (DecisionSpec::fix_forward).
  std::optional<double> fix_forward_at_most_s;
  std::string signal;  // This detection signal has fired.
  double window_s = 300.0;
};

struct DecisionSpec {
  std::vector<DecisionRuleSpec> rules;
  std::string otherwise;  // "": the plan's first level.
  // How long a fix-forward takes (and what the team estimates it at): when chosen, the fault ends this
  // long after the decision, and no rollback runs.
  Distribution fix_forward = Distribution::fixed(1800.0);
};

// One step of a rollback plan. It takes `duration` (the human or the tool doing it), then acts on the
// simulated system; actions that start pods (scale up, rollout_undo, set_image) then wait for them
// to be Ready when wait_ready is set, as `kubectl rollout status` does.
struct StepSpec {
  enum class Action {
    ShiftTraffic,   // Set a service's traffic weights (Routing::Weights).
    Scale,          // Set a version's replica count: down at once, up through pod start and readiness.
    Wait,           // Time only.
    Verify,         // Go / no-go: passes only if the service was within SLO over the last window_s.
    RolloutUndo,    // Roll the service's Deployment back to `version` (default stable) per its strategy.
    SetImage,       // Roll the service's Deployment to `version` (default new) per its strategy.
    Manual,         // A human step: time only (and its failure probability).
    Notify,         // Tell people (status page, chat): time only.
    DbRestore,      // Restore a data store: it is down for its restore time, and every write committed
                    // after the restore point is lost. The service's requests fail while it is down.
                    // A restore point before the migration brings the old schema back.
    DbMigrateDown,  // Revert the store's migration (when the step ends); loses data by kind (MigrationSpec).
    MaintenanceMode,   // Turn a service's maintenance page on (every request is answered "down for
                       // maintenance" at once: failed, no write) or off.
    DisableFlag,       // Turn a feature flag off: the fault behind it ends after `propagation` (a cache TTL).
    PipelineRedeploy,  // A CI pipeline redeploys `version` (default stable): its duration, then a rollout.
    InfraRollback,     // Apply the previous infrastructure (a Terraform-like apply): time only.
    StatusPage,        // Post on the status page: time only.
    RestoreConfig,     // Restore a service's configuration; with `restart`, its pods are restarted
                       // through the strategy (kubectl rollout restart), else it is reloaded in place.
    RolloutPause,      // kubectl rollout pause: the Deployment stops rolling until resumed.
    RolloutResume,     // kubectl rollout resume: the rollouts in progress go on.
    ScaleDeployment,   // kubectl scale deployment --replicas: .spec.replicas of the whole Deployment,
                       // spread over its ReplicaSets in proportion mid-rollout (Cluster::scale_deployment).
  };
  enum class RestoreTarget {
    BeforeFault,  // The latest point reachable at or before the fault started (undo the bad writes).
    Latest,       // The latest point reachable at all (the newest backup or shipped WAL).
  };
  // What follows a failed step once its retries are used up.
  enum class OnFailure {
    Abort,     // Stop the plan: exit state "aborted".
    Continue,  // Go on with the next step: exit state "partial" at the end.
    Escalate,  // Go to level `escalate_to` (default: the next level); none left -> "aborted".
    Block,     // Stop the plan waiting for something outside it (an approval, a person): "blocked".
  };

  std::string name;
  Action action = Action::Wait;
  Distribution duration = Distribution::fixed(0.0);
  bool automated = false;            // Reported; a manual step's duration is a human's.
  double failure_probability = 0.0;  // Each attempt fails with this probability (after its duration).
  int retries = 0;                   // Further attempts after a failed one, each taking a new duration.
  OnFailure on_failure = OnFailure::Abort;
  std::string escalate_to;                  // Escalate: a level's name; empty: the next level.
  std::vector<std::string> requires_steps;  // Steps that must have completed before this one may run;
                                            // otherwise the plan is blocked.
  std::string group;    // Consecutive steps with the same non-empty group run in parallel; the
                        // plan goes on when all of them have ended.
  int source_line = 0;  // Informational: the runbook lines the step was imported from (0: none).
  int source_end_line = 0;
  std::vector<std::string> assumed;  // Informational: keys the importer assumed ("duration").
  std::string when;  // Runs only in a scenario whose "conditions" list this text ("": always). Steps
                     // whose condition does not hold are left out of the plan when it is loaded.

  std::string service;  // ShiftTraffic, Scale, Verify, RolloutUndo, SetImage, PipelineRedeploy,
                        // MaintenanceMode, RestoreConfig, RolloutPause, RolloutResume.
  Weights weights;      // ShiftTraffic.
  Version version =
      Version::New;  // Scale: the version scaled. RolloutUndo, SetImage, PipelineRedeploy: the target.
  int replicas = 0;  // Scale: the target count.
  std::optional<int> rollout_replicas;  // RolloutUndo / SetImage: desired pods; default: both versions' pods.
  bool wait_ready = true;      // Scale up, RolloutUndo, SetImage: the step ends when the pods are Ready.
  double window_s = 60.0;      // Verify: the service must have been within SLO for this long.
  std::string store;           // DbRestore, DbMigrateDown: the data store.
  bool point_in_time = false;  // DbRestore: replay archived WAL (PITR), not only the full backup.
  RestoreTarget restore_target = RestoreTarget::BeforeFault;
  bool maintenance_on = true;  // MaintenanceMode: on or off.
  bool restart = true;         // RestoreConfig: the configuration needs a restart to take effect.
  std::string flag;            // DisableFlag: the flag.
  Distribution propagation = Distribution::fixed(30.0);  // DisableFlag: until every instance sees it.
};

// A level of a runbook ("Level 1: rollback the app, < 5 minutes"): steps run in order, and an
// escalation jumps to another level. claim_s is the runbook's own budget for it, held against the
// simulated time.
struct LevelSpec {
  std::string name;
  std::optional<double> claim_s;
  std::vector<StepSpec> steps;
};

// A plan written with "steps" only has one level with an empty name and no claim.
struct PlanSpec {
  std::string name;
  std::vector<LevelSpec> levels;  // Run from levels[0]; escalation moves between them.
};

struct ObjectiveSpec {
  std::string service;
  double rto_s = 0.0;  // Recovery time objective: time_to_restore must not exceed it.
  double rpo_s = 0.0;  // Recovery point objective: the data loss window must not exceed it.
};

struct Scenario {
  std::string name;
  std::string description;
  // What the scenario's author invented rather than took from the system (a scaffolded drill's
  // traffic, replica counts, default durations, responder model): carried into the report.
  std::vector<std::string> assumptions;
  std::string source_file;  // Where it was loaded from (for messages and the report).
  double duration_s = 3600.0;
  std::uint64_t seed = 1;
  std::vector<ServiceSpec> services;
  std::vector<DataStoreSpec> stores;
  std::vector<DeploymentSpec> deployments;
  std::optional<FaultSpec> fault;
  std::vector<std::string> flags;  // Feature flags besides the fault's: turning one off ends nothing.
  // Detection signals.
  std::vector<AlertRuleSpec> alerts;
  std::vector<ProbeSpec> probes;
  std::vector<SmokeTestSpec> smoke_tests;
  std::optional<ComplaintsSpec> complaints;
  std::vector<IntegrityCheckSpec> integrity_checks;
  std::optional<RuleFilesSpec> rule_files;  // "detection": the team's Prometheus rule files.
  AlertmanagerSpec alertmanager;
  std::optional<ResponderSpec> responder;
  std::optional<DecisionSpec> decision;
  std::optional<PlanSpec> plan;
  std::vector<ObjectiveSpec> objectives;
  std::vector<std::string> conditions;  // The plan's "when" texts that hold in this scenario.

  // Index of the named service (or data store), or -1.
  int service_index(const std::string& name) const;
  int store_index(const std::string& name) const;
};

const char* to_string(StepSpec::Action action);
// Every action's name, indexed by StepSpec::Action: the one list the loader and the importer check.
const std::vector<std::string_view>& step_action_names();
const char* to_string(StepSpec::OnFailure on_failure);
const char* to_string(AlertRuleSpec::Metric metric);
// The names the formats use, in enumeration order (for faults: FaultSpec::Kinds' order).
const std::vector<std::string_view>& fault_kind_names();
const std::vector<std::string_view>& alert_metric_names();

}  // namespace drillsim::model
