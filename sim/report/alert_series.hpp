// An alert's recorded evaluations read back (model::SignalRecord's rule, values and alerts): the
// compared value at an instant, whether a value meets the rule's comparison, and the spans its alerts
// were pending and firing. The viewer and the HTML report draw from these, so both show what the
// evaluator compared.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/drill_result.hpp"

namespace drillsim::report {

// The value of a recorded series at t_s: the latest point at or before it (a step function); nullopt
// before its first point or where it has no value.
std::optional<double> value_at(const model::SignalRecord::ValueSeries& series, double t_s);

// Whether `value comparison threshold` holds, as PromQL compares: `comparison` is one of > >= < <= == !=;
// false for any other.
bool meets(const std::string& comparison, double value, double threshold);

// A span during which some alert of the signal was pending (firing false) or firing.
struct AlertSpan {
  double start_s = 0.0;
  double end_s = 0.0;
  bool firing = false;
};

// Each alert's pending and firing spans, from its state changes in time order: a state lasts until the
// next change; one still held at the end lasts to end_s.
std::vector<AlertSpan> alert_spans(const model::SignalRecord& signal, double end_s);

}  // namespace drillsim::report
