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

// A chain whose every instant can be derived by hand:
// - "api" has 2 stable replicas, 100 req/s, 1 ms service; from t = 100 s the stable version fails
//   every request (bad release on stable, error probability 1).
// - Alert: error ratio over 10 s > 0.5, for 30 s, evaluated every 10 s at offset 0, counters scraped
//   every second (so rate() over [10s] sees the exact counts of the 10 seconds before). Evaluations at
//   100 s see seconds [90, 100): no error. At 110 s the window [100, 110) is all errors: pending,
//   ActiveAt = 110. 120 s: 10 s < 30 s. 130 s: 20 s. 140 s: 30 s >= 30 s -> firing. detect = 140.
// - Alertmanager group_wait 30 s: page = 170. Ack fixed 60 s: ack = 230. Assess fixed 40 s: decide = 270.
// - Plan: a wait of 10 s (rollback_start 270, end 280), then scale stable to 0 (2 s: 282), then a
//   verify step (5 s) at 287 over 5 s: seconds [282, 287) all failed -> the verify fails, plan aborted.
inline model::Scenario chain() {
  auto s = single_service(100.0, 2, 0.001, 400.0);
  model::FaultSpec fault;
  fault.service = "api";
  fault.version = model::Version::Stable;
  fault.at_s = 100.0;
  fault.kind = model::fault::BadRelease{.error_probability = 1.0};
  s.fault = fault;
  model::AlertRuleSpec alert;
  alert.name = "ApiErrors";
  alert.service = "api";
  alert.window_s = 10.0;
  alert.threshold = 0.5;
  alert.for_s = 30.0;
  alert.evaluation_interval_s = 10.0;
  alert.scrape_interval_s = 1.0;  // A sample every second: rate() over 10 s is the exact count.
  s.alerts = {alert};
  model::ResponderSpec responder;
  s.alertmanager.group_wait_s = 30.0;
  responder.ack = model::Distribution::fixed(60.0);
  responder.assess = model::Distribution::fixed(40.0);
  s.responder = responder;
  model::StepSpec wait;
  wait.name = "wait";
  wait.action = model::StepSpec::Action::Wait;
  wait.duration = model::Distribution::fixed(10.0);
  model::StepSpec scale;
  scale.name = "scale to zero";
  scale.action = model::StepSpec::Action::Scale;
  scale.service = "api";
  scale.version = model::Version::Stable;
  scale.replicas = 0;
  scale.duration = model::Distribution::fixed(2.0);
  model::StepSpec verify;
  verify.name = "verify";
  verify.action = model::StepSpec::Action::Verify;
  verify.service = "api";
  verify.window_s = 5.0;
  verify.duration = model::Distribution::fixed(5.0);
  s.plan = one_level_plan({wait, scale, verify});
  return s;
}

}  // namespace drillsim::testing
