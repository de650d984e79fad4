// The scenario's detection signals (alerts, rule files, probes, smoke tests, complaints, integrity checks) and Alertmanager.
// Part of the scenario's model (model/scenario.hpp includes every part).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "model/scenario_services.hpp"

namespace drillsim::model {

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

const char* to_string(AlertRuleSpec::Metric metric);
// The names the format uses, in enumeration order.
const std::vector<std::string_view>& alert_metric_names();

}  // namespace drillsim::model
