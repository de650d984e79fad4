#include "model/timeline.hpp"

namespace drillsim::model {

const char* to_string(Instant instant) {
  switch (instant) {
    case Instant::Onset:
      return "onset";
    case Instant::Detect:
      return "detect";
    case Instant::Page:
      return "page";
    case Instant::Ack:
      return "ack";
    case Instant::Decide:
      return "decide";
    case Instant::RollbackStart:
      return "rollback_start";
    case Instant::RollbackEnd:
      return "rollback_end";
    case Instant::Restored:
      return "restored";
    case Instant::Verified:
      return "verified";
  }
  return "?";
}

}  // namespace drillsim::model
