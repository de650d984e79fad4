#include "model/drill_result.hpp"

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

}  // namespace drillsim::model
