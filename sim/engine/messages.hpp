// The messages the drill's actors exchange, each an owned value: the sender allocates it, the mailbox
// carries it, the receiver takes it with receive<T>() (SimGrid's get_unique) and owns it from then on.
// One mailbox per message type (its kMailbox). docs/architecture.md has the table of who sends what.
#pragma once

#include <cstddef>
#include <string>

#include "model/drill_result.hpp"

namespace drillsim::engine {

// A detection signal started (or stopped) firing at t_s. Sent by the detection actors to the
// Alertmanager (delivered as a call: see Alertmanager in actors.hpp for why).
struct SignalFired {
  std::size_t signal = 0;  // Index into the scenario's signal records (make_signal_records order).
  double t_s = 0.0;
};
struct SignalResolved {
  std::size_t signal = 0;
  double t_s = 0.0;
};

// The incident has an Alertmanager group: the Alertmanager's flushes start. Alertmanager -> its actor.
struct GroupStarted {
  static constexpr const char* kMailbox = "alertmanager";
  double t_s = 0.0;
};

// The on-call is paged (once per drill). Alertmanager (its first notification, or complaints) ->
// responder.
struct Page {
  static constexpr const char* kMailbox = "page";
  double t_s = 0.0;
  std::string service;  // The incident's service.
  // The responder tier paged: 0 the responder, i > 0 its escalation tier i - 1 (an Alertmanager config's
  // receiver can page any tier; the built-in group pages 0).
  std::size_t tier = 0;
};

// The responder's decision to roll back: run the plan from `level`. Responder -> plan executor.
// (A fix-forward is not sent: the responder ships it itself.)
struct Decision {
  static constexpr const char* kMailbox = "decision";
  double t_s = 0.0;
  std::size_t level = 0;     // Index into the plan's levels.
  model::Decision decision;  // The rule that picked it and why (also on the incident record).
};

}  // namespace drillsim::engine
