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
};

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

struct TrafficSpec {
  RateProfile rate;
  std::uint32_t users = 10000;  // Size of the user population; each request comes from one user, uniformly.
};

struct ServiceSpec {
  std::string name;
  Distribution service_time;  // Per request, per replica, at latency_factor 1.
  int max_queue = 1000;       // Requests a replica holds (in service + waiting); beyond it, rejected.
  std::array<VersionSpec, 2> versions{};  // Indexed by Version.
  Weights weights;                        // Initial traffic split.
  TrafficSpec traffic;
  Slo slo;

  const VersionSpec& version(Version v) const { return versions[static_cast<int>(v)]; }
};

// A deployment sends part of a service's traffic to the new version from a time on.
struct DeploymentSpec {
  std::string service;
  double at_s = 0.0;
  Weights weights;
};

// The fault the drill injects. This walking skeleton knows one kind: a bad release.
struct FaultSpec {
  enum class Kind { BadRelease };
  Kind kind = Kind::BadRelease;
  std::string service;
  Version version = Version::New;
  double at_s = 0.0;
  std::optional<double> duration_s;  // nullopt: until fixed (the rollback removes the version's traffic).
  double error_probability = 0.0;    // The faulty version's error probability while the fault is active.
  double latency_factor = 1.0;       // ...and its latency factor.
};

// A Prometheus-style alerting rule on a service's error ratio (errors / requests over a window),
// with Prometheus's pending -> firing state machine.
struct AlertRuleSpec {
  std::string name;
  std::string service;
  double window_s = 300.0;              // The range of the ratio, as in rate(...[5m]).
  double threshold = 0.05;              // Condition: ratio > threshold.
  double for_s = 0.0;                   // Pending for this long before firing (0: fire at once).
  double evaluation_interval_s = 60.0;  // Rule group evaluation interval.
  double evaluation_offset_s = 0.0;     // The group's fixed phase inside each interval.
};

// Alertmanager routing delay and the on-call human.
struct ResponderSpec {
  std::string name = "on-call";
  double group_wait_s = 30.0;                        // Alertmanager group_wait before the page.
  Distribution ack = Distribution::fixed(120.0);     // Page -> acknowledgement.
  Distribution assess = Distribution::fixed(180.0);  // Acknowledgement -> decision.
};

// One step of a rollback plan. Its effect on the simulated system applies when the step ends.
struct StepSpec {
  enum class Action { ShiftTraffic, Scale, Wait, Verify };
  std::string name;
  Action action = Action::Wait;
  Distribution duration = Distribution::fixed(0.0);
  std::string service;             // ShiftTraffic, Scale, Verify.
  Weights weights;                 // ShiftTraffic.
  Version version = Version::New;  // Scale.
  int replicas = 0;                // Scale: the target count.
  double window_s = 60.0;          // Verify: the service must have been within SLO for this long.
};

struct PlanSpec {
  std::string name;
  std::vector<StepSpec> steps;
};

struct ObjectiveSpec {
  std::string service;
  double rto_s = 0.0;  // Recovery time objective: time_to_restore must not exceed it.
  double rpo_s = 0.0;  // Recovery point objective: the data loss window must not exceed it.
};

struct Scenario {
  std::string name;
  std::string description;
  std::string source_file;  // Where it was loaded from (for messages and the report).
  double duration_s = 3600.0;
  std::uint64_t seed = 1;
  std::vector<ServiceSpec> services;
  std::vector<DeploymentSpec> deployments;
  std::optional<FaultSpec> fault;
  std::optional<AlertRuleSpec> alert;
  std::optional<ResponderSpec> responder;
  std::optional<PlanSpec> plan;
  std::vector<ObjectiveSpec> objectives;

  // Index of the named service, or -1.
  int service_index(const std::string& name) const;
};

const char* to_string(StepSpec::Action action);
const char* to_string(FaultSpec::Kind kind);

}  // namespace drillsim::model
