// The scenario's fault: one struct per kind.
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

// The fault the drill injects (docs/faults.md has each kind's model and its sources). Each kind is a
// struct of its own holding only its parameters, one alternative of FaultSpec::Kinds; a new kind is one
// struct here (with its name), one reader in io/load_faults.cpp and one handler in
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

// The names the format uses, in FaultSpec::Kinds' order.
const std::vector<std::string_view>& fault_kind_names();

}  // namespace drillsim::model
