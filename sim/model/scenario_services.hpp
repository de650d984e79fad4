// The scenario's services: versions, traffic, SLO, pods, rollout strategy, calls, deployments.
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

// A deployment sends part of a service's traffic to the new version from a time on.
struct DeploymentSpec {
  std::string service;
  double at_s = 0.0;
  Weights weights;
};

}  // namespace drillsim::model
