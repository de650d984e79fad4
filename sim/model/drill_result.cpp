#include "model/drill_result.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace drillsim::model {

void SecondSeries::resize(std::size_t seconds) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  requests.assign(seconds, 0);
  errors.assign(seconds, 0);
  slow.assign(seconds, 0);
  p50_s.assign(seconds, nan);
  p95_s.assign(seconds, nan);
  p99_s.assign(seconds, nan);
  ready.assign(seconds, 0);
  latency_sum_s = 0.0;
}

void StepAccumulator::store(SecondSeries& out, std::size_t k) {
  const auto clip = [](std::uint64_t v) {
    return static_cast<std::uint32_t>(std::min<std::uint64_t>(v, std::numeric_limits<std::uint32_t>::max()));
  };
  out.requests[k] = clip(requests_);
  out.errors[k] = clip(errors_);
  out.slow[k] = clip(slow_);
  out.p50_s[k] = p50_;
  out.p95_s[k] = p95_;
  out.p99_s[k] = p99_;
  out.ready[k] = ready_;
  *this = StepAccumulator();
}

void SignalRecord::add_value(const std::vector<std::pair<std::string, std::string>>& labels, double t_s,
                             std::optional<double> value) {
  if (value && std::isnan(*value)) value.reset();
  auto it = std::find_if(values.begin(), values.end(), [&](const ValueSeries& s) { return s.labels == labels; });
  if (it == values.end()) {
    if (values.size() >= kMaxValueSeries) {
      values_truncated = true;
      return;
    }
    it = values.insert(values.end(), ValueSeries{labels, {}, {}});
  }
  // Same value: exactly the same number, or no value again.
  if (!it->value.empty() && it->value.back().has_value() == value.has_value() &&
      (!value || *it->value.back() == *value))
    return;
  if (it->t_s.size() >= kMaxValuePoints) {
    values_truncated = true;
    return;
  }
  it->t_s.push_back(t_s);
  it->value.push_back(value);
}

const char* to_string(StepOutcome::Status status) {
  switch (status) {
    case StepOutcome::Status::Completed:
      return "completed";
    case StepOutcome::Status::Failed:
      return "failed";
    case StepOutcome::Status::NotRun:
      return "not_run";
    case StepOutcome::Status::Interrupted:
      return "interrupted";
  }
  return "?";
}

void for_each_failure(const DrillResult& result, std::size_t service,
                      const std::function<void(const Failure&)>& visit) {
  if (result.failure_archive) {
    result.failure_archive->for_each(service, visit);
    return;
  }
  for (const Failure& failure : result.failures.at(service))
    visit(failure);
}

}  // namespace drillsim::model
