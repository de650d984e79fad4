// The one owner of the incident's record: its timeline of instants, who was paged and who acknowledged,
// the decision, Alertmanager's notifications, and the record of every detection signal. Actors write
// to it through this narrow interface, each the facts of its own events; run_drill takes the records
// when the drill ends. No SimGrid: the actors pass the simulated time.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/drill_result.hpp"
#include "model/scenario.hpp"
#include "model/timeline.hpp"

namespace drillsim::engine {

class IncidentRecorder {
 public:
  // The incident of the scenario's fault (an empty record without one), and one signal record per
  // detection signal (make_signal_records order).
  explicit IncidentRecorder(const model::Scenario& scenario);

  // The incident's service ("" without a fault).
  const std::string& service() const { return incident_.service; }

  // Records `instant` at t_s unless it was already recorded (the first occurrence wins), and logs it.
  void record(model::Instant instant, double t_s);
  // Sets `instant` to t_s, replacing any earlier value (the plan's rollback_end and verified).
  void set(model::Instant instant, double t_s);
  std::optional<double> at(model::Instant instant) const;

  void detected_by(const std::string& signal) { incident_.detect_signal = signal; }
  void notified(double t_s) { incident_.notifications_s.push_back(t_s); }
  void escalated(model::Escalation escalation) { incident_.escalations.push_back(std::move(escalation)); }
  void acknowledged_by(const std::string& responder) { incident_.acked_by = responder; }
  void decided(model::Decision decision) { incident_.decision = std::move(decision); }

  // Signal `signal` fired at t_s: its first firing is kept.
  void signal_fired(std::size_t signal, double t_s);
  // A rule file's alert with `labels` (without alertname) entered `state` at t_s.
  void alert_state(std::size_t signal, const std::vector<std::pair<std::string, std::string>>& labels,
                   const std::string& state, double t_s);
  // An alert's rule as evaluated, and its compared value at an evaluation (SignalRecord::rule, values).
  void alert_rule(std::size_t signal, model::SignalRecord::Rule rule) { signals_[signal].rule = std::move(rule); }
  void alert_value(std::size_t signal, const std::vector<std::pair<std::string, std::string>>& labels,
                   double t_s, std::optional<double> value) {
    signals_[signal].add_value(labels, t_s, value);
  }
  const model::SignalRecord& signal(std::size_t signal) const { return signals_[signal]; }
  const std::vector<model::SignalRecord>& signals() const { return signals_; }
  // Whether the signal named `name` has fired.
  bool fired(const std::string& name) const;

  const model::IncidentRecord& incident() const { return incident_; }

  // The uncertain inputs of the run (DrillResult::draws), for the Monte Carlo attribution: each actor
  // adds what it drew. add_draw() adds `value_s` to the draw named `name` (created at 0 on first use:
  // a step's durations summed over its attempts); has_draw() says whether one of that name exists.
  void drew(std::string name, double value_s) { draws_.push_back({std::move(name), value_s}); }
  void add_draw(const std::string& name, double value_s);
  bool has_draw(const std::string& name) const;
  std::vector<model::Draw> take_draws() { return std::move(draws_); }

 private:
  model::IncidentRecord incident_;
  std::vector<model::SignalRecord> signals_;
  std::vector<model::Draw> draws_;
};

// The records of every signal of the scenario, in the order alerts, probes, smoke tests, complaints,
// integrity checks, the rule files' alerts; signal indexes (SignalFired::signal) point into it.
std::vector<model::SignalRecord> make_signal_records(const model::Scenario& scenario);

// Where each kind's signals start in that order (alert rules start at 0).
struct SignalIndex {
  std::size_t probes = 0;
  std::size_t smoke_tests = 0;
  std::size_t complaints = 0;
  std::size_t integrity_checks = 0;
  std::size_t rule_file_alerts = 0;
};
SignalIndex signal_index(const model::Scenario& scenario);

}  // namespace drillsim::engine
