#include "report/alert_series.hpp"

#include <algorithm>
#include <iterator>

namespace drillsim::report {

std::optional<double> value_at(const model::SignalRecord::ValueSeries& series, double t_s) {
  const auto after = std::upper_bound(series.t_s.begin(), series.t_s.end(), t_s);
  if (after == series.t_s.begin()) return std::nullopt;
  return series.value[static_cast<std::size_t>(std::distance(series.t_s.begin(), after) - 1)];
}

bool meets(const std::string& comparison, double value, double threshold) {
  if (comparison == ">") return value > threshold;
  if (comparison == ">=") return value >= threshold;
  if (comparison == "<") return value < threshold;
  if (comparison == "<=") return value <= threshold;
  if (comparison == "==") return value == threshold;
  if (comparison == "!=") return value != threshold;
  return false;
}

std::vector<AlertSpan> alert_spans(const model::SignalRecord& signal, double end_s) {
  std::vector<AlertSpan> spans;
  for (const auto& alert : signal.alerts) {
    for (std::size_t i = 0; i < alert.states.size(); ++i) {
      const auto& [state, t_s] = alert.states[i];
      if (state != "pending" && state != "firing") continue;
      const double end = i + 1 < alert.states.size() ? alert.states[i + 1].second : end_s;
      if (end > t_s) spans.push_back({t_s, end, state == "firing"});
    }
  }
  std::sort(spans.begin(), spans.end(), [](const AlertSpan& a, const AlertSpan& b) {
    return a.start_s != b.start_s ? a.start_s < b.start_s : a.firing < b.firing;
  });
  return spans;
}

}  // namespace drillsim::report
