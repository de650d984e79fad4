#include "engine/fault_levers.hpp"

namespace drillsim::engine {

using model::Version;

FaultLevers::FaultLevers(const model::Scenario& scenario) : services_(scenario.services.size()) {
  for (std::size_t s = 0; s < scenario.services.size(); ++s) {
    const model::ServiceSpec& spec = scenario.services[s];
    ServiceLevers& levers = services_[s];
    for (const Version v : model::kVersions) {
      VersionLevers& vl = levers.versions[static_cast<std::size_t>(v)];
      vl.base_error_probability = vl.error_probability = spec.version(v).error_probability;
      vl.base_latency_factor = vl.latency_factor = spec.version(v).latency_factor;
    }
    for (const auto& call : spec.calls) {
      EdgeLevers edge;
      edge.callee = static_cast<std::size_t>(scenario.service_index(call.service));
      levers.edges.push_back(edge);
    }
  }
}

void FaultLevers::start_fault(int service, Version version, double error_probability, double latency_factor,
                              double corrupts_writes) {
  VersionLevers& vl = at(service, version);
  vl.fault_active = true;
  vl.corrupts_writes = corrupts_writes;
  vl.error_probability = error_probability;
  vl.latency_factor = latency_factor;
}

void FaultLevers::end_fault(int service, Version version) {
  VersionLevers& vl = at(service, version);
  vl.fault_active = false;
  vl.error_probability = vl.base_error_probability;
  vl.latency_factor = vl.base_latency_factor;
}

void FaultLevers::set_config_fault(int service, double error_probability, double latency_factor) {
  at(service).config_error_probability = error_probability;
  at(service).config_latency_factor = latency_factor;
}

void FaultLevers::set_outage(int service, Outage outage, double hang_s) {
  at(service).outage = outage;
  at(service).hang_s = hang_s;
}

void FaultLevers::set_speed_factor(int service, Version version, double factor) {
  at(service, version).speed_factor = factor;
}

void FaultLevers::set_edge_fault(int from, int to, double added_latency_s, double loss_probability,
                                 bool partition) {
  for (EdgeLevers& edge : at(from).edges) {
    if (edge.callee != static_cast<std::size_t>(to)) continue;
    edge.added_latency_s = added_latency_s;
    edge.loss_probability = loss_probability;
    edge.partition = partition;
  }
}

void FaultLevers::set_maintenance(int service, bool on) {
  at(service).maintenance = on;
}

void FaultLevers::mark_fault(int service, bool on) {
  at(service).marked = on;
}

void FaultLevers::mark_fault(int service, Version version, bool on) {
  at(service, version).marked = on;
}

}  // namespace drillsim::engine
