// Scenarios built in code for the engine tests: small, and with numbers that can be derived by hand.
#pragma once

#include "model/scenario.hpp"

namespace drillsim::testing {

// One service "api": `replicas` stable replicas, exponential service time of `mean_service_s`,
// constant Poisson arrivals at `rps`, no fault, no alert, no plan.
inline model::Scenario single_service(double rps, int replicas, double mean_service_s, double duration_s) {
  model::Scenario s;
  s.name = "test";
  s.duration_s = duration_s;
  model::ServiceSpec api;
  api.name = "api";
  api.service_time = model::Distribution::exponential(mean_service_s);
  api.max_queue = 100000;
  api.versions[0].replicas = replicas;
  api.traffic.rate.kind = model::RateProfile::Kind::Constant;
  api.traffic.rate.rps = rps;
  api.traffic.users = 1000;
  s.services.push_back(api);
  return s;
}

// A data store of `service` that every successful request writes to.
inline model::DataStoreSpec write_everything_store(const std::string& name, const std::string& service) {
  model::DataStoreSpec store;
  store.name = name;
  store.service = service;
  store.write_fraction = 1.0;
  return store;
}

// A plan of one unnamed level holding `steps` (what a scenario's "steps" array becomes).
inline model::PlanSpec one_level_plan(std::vector<model::StepSpec> steps) {
  model::PlanSpec plan;
  plan.name = "p";
  plan.levels.push_back({"", std::nullopt, std::move(steps)});
  return plan;
}

}  // namespace drillsim::testing
