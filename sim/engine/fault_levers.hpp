// The levers that faults (and a few plan actions) pull on the traffic, per service, version and call
// edge: the error probability and latency factor in force, the bad configuration's own, an outage, a
// CPU hog's speed, a faulty network edge, the maintenance page, and which failures count as the fault's
// (attribution). Plain values, no SimGrid.
//
// One owner: the fault's handlers (faults.cpp) and the actions (actions.cpp) write them through this
// interface; the data plane's kernel reads them on every request through the const accessors (it keeps
// a pointer to each service's levers). Nothing here changes the kernel's own state: a lever that must
// (a traffic spike redraws the next arrival) is the kernel's own (DataPlane::set_rate_factor).
//
// Thread-compatible, not thread-safe.
#pragma once

#include <array>
#include <cstddef>
#include <vector>

#include "model/scenario.hpp"

namespace drillsim::engine {

class FaultLevers {
 public:
  // How a service answers when it is out: Refuse fails at once (connection refused); Hang fails after
  // hang_s (nobody answers: the client's timeout); None serves normally.
  enum class Outage { None, Refuse, Hang };

  struct VersionLevers {
    double base_error_probability = 0.0;  // The scenario's, fault-free.
    double base_latency_factor = 1.0;
    double error_probability = 0.0;  // In force (start_fault).
    double latency_factor = 1.0;
    bool fault_active = false;
    double corrupts_writes = 0.0;  // Probability that a write committed while the fault is active is bad.
    bool marked = false;           // mark_fault on this version.
    double speed_factor = 1.0;     // set_speed_factor.
  };
  struct EdgeLevers {  // One per ServiceSpec::calls entry, in that order.
    std::size_t callee = 0;
    double added_latency_s = 0.0;
    double loss_probability = 0.0;
    bool partition = false;
    bool faulty() const { return added_latency_s > 0.0 || loss_probability > 0.0 || partition; }
  };
  struct ServiceLevers {
    std::array<VersionLevers, 2> versions;
    std::vector<EdgeLevers> edges;
    bool maintenance = false;
    bool marked = false;  // mark_fault on the whole service.
    Outage outage = Outage::None;
    double hang_s = 30.0;
    double config_error_probability = 0.0;  // Of a pod on the bad configuration (Endpoints::Slot).
    double config_latency_factor = 1.0;
  };

  // Every lever at rest: the scenario's error probabilities and latency factors, nothing marked.
  explicit FaultLevers(const model::Scenario& scenario);

  // The service's levers; at the same address for the FaultLevers' life.
  const ServiceLevers& service(int service) const { return services_[static_cast<std::size_t>(service)]; }

  // A faulty version: it fails with `error_probability` and is `latency_factor` slower; a write it
  // commits is bad data with probability `corrupts_writes`. end_fault restores the scenario's values.
  void start_fault(int service, model::Version version, double error_probability, double latency_factor,
                   double corrupts_writes = 0.0);
  void end_fault(int service, model::Version version);
  // What a pod on the bad configuration does (which pods run it is the endpoints' fact): it fails with
  // the larger of this and its version's probability and is `latency_factor` slower still.
  void set_config_fault(int service, double error_probability, double latency_factor);
  void set_outage(int service, Outage outage, double hang_s = 30.0);
  // Multiplies the speed of every pod of the version (a CPU hog leaves 1 - share); 1 restores it.
  void set_speed_factor(int service, model::Version version, double factor);
  // A fault on the calls from `from` to `to`: extra latency, loss (a lost call times out), partition
  // (every call times out). All zero / false clears it.
  void set_edge_fault(int from, int to, double added_latency_s, double loss_probability, bool partition);
  // The service's maintenance page: while on, every request is answered at once and counts as failed.
  void set_maintenance(int service, bool on);
  // While set, the service's (or one version's) failures and slow requests beyond the fault-free draw
  // count as caused by the fault (onset and requests_failed attribution).
  void mark_fault(int service, bool on);
  void mark_fault(int service, model::Version version, bool on);

 private:
  ServiceLevers& at(int service) { return services_[static_cast<std::size_t>(service)]; }
  VersionLevers& at(int service, model::Version version) {
    return at(service).versions[static_cast<std::size_t>(version)];
  }
  std::vector<ServiceLevers> services_;  // Never resized after construction.
};

}  // namespace drillsim::engine
