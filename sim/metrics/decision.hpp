// The responder's decision at the end of the assessment, as pure code: the scenario's decision rules
// (model::DecisionSpec) checked in order against what the responder can see; the first rule whose
// conditions all hold picks the plan level (or fix-forward), with its reason. No SimGrid: the engine's
// responder actor hands it a view of the drill, a test hands it a fake.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/drill_result.hpp"
#include "model/scenario.hpp"

namespace drillsim::metrics {

// What the decision reads from the drill, at the decision instant.
class DecisionView {
 public:
  virtual ~DecisionView() = default;
  struct ErrorRatio {
    double ratio = 0.0;        // errors / requests over the seconds below (0 without a request).
    std::int64_t seconds = 0;  // The seconds actually covered (fewer than the window early on).
  };
  // The service's error ratio over the last window_s whole seconds that ended.
  virtual ErrorRatio error_ratio(const std::string& service, double window_s) const = 0;
  // Distinct users with a request the fault failed so far / the service's user population.
  virtual double users_affected_share(const std::string& service) const = 0;
  // Corrupted writes now in every store.
  virtual std::uint64_t corrupted_writes() const = 0;
  // Whether the detection signal of that name has fired.
  virtual bool signal_fired(const std::string& name) const = 0;
};

struct DecisionOutcome {
  model::Decision decision;  // The first rule that holds (rule, action, reason), or "otherwise".
  struct Rejected {
    std::string rule;
    std::string reason;  // The conditions and the values they were checked against.
  };
  std::vector<Rejected> rejected;  // The rules checked before it that did not hold, in order.
};

// Checks spec.rules in order: a rule's conditions default to `incident_service` when the rule names no
// service; fix_forward_s is the fix-forward estimate drawn for this decision. None holds: spec.otherwise
// (its reason "no rule held"). REQUIRES: every service a rule names exists in the view.
DecisionOutcome decide(const model::DecisionSpec& spec, const std::string& incident_service,
                       double fix_forward_s, const DecisionView& view);

}  // namespace drillsim::metrics
