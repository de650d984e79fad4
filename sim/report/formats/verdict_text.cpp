#include "report/formats/verdict_text.hpp"

#include <fmt/format.h>

#include <cmath>

#include "report/formats/text.hpp"

namespace drillsim::report::formats {

namespace {

// "X under" for a non-negative margin (budget minus use), "X over" for a negative one.
std::string margin_words(double budget_minus_used) {
  return budget_minus_used >= 0 ? human_duration(budget_minus_used) + " under"
                                : human_duration(-budget_minus_used) + " over";
}

}  // namespace

bool integrity_met(const metrics::ObjectiveVerdict& o) {
  return o.corrupted_remaining == 0;
}

std::string rto_text(const metrics::ObjectiveVerdict& o) {
  if (o.time_to_restore_s) {
    return fmt::format("restored in {}, {} the RTO of {}", human_duration(o.time_to_restore_s),
                       margin_words(o.rto_s - *o.time_to_restore_s), human_duration(o.rto_s));
  }
  if (!o.rto_met) return fmt::format("not restored before the drill ended (RTO {})", human_duration(o.rto_s));
  return o.reason;
}

std::string rpo_text(const metrics::ObjectiveVerdict& o) {
  std::string text =
      fmt::format("data loss window {}, {} the RPO of {}", human_duration(o.data_loss_window_s),
                  margin_words(o.rpo_s - o.data_loss_window_s), human_duration(o.rpo_s));
  if (!integrity_met(o)) text += "; " + std::to_string(o.corrupted_remaining) + " corrupted writes remain";
  return text;
}

std::string integrity_text(const metrics::ObjectiveVerdict& o) {
  if (integrity_met(o)) return "no corrupted write remains";
  return std::to_string(o.corrupted_remaining) + " corrupted writes remain in the service's stores";
}

std::string level_claim_text(const model::LevelOutcome& level, const metrics::LevelClaim& claim) {
  if (!level.claim_s) return "no claim";
  const std::string budget = human_duration(level.claim_s);
  if (!level.start_s) return "never entered";
  if (!claim.met) return "interrupted within its claim of " + budget;
  if (level.outcome == "interrupted") {
    const std::string after = claim.elapsed_s ? " after " + human_duration(claim.elapsed_s) : "";
    return fmt::format("interrupted by the drill's end{}, past its claim of {}", after, budget);
  }
  if (level.outcome != "completed") {
    return fmt::format("{} after {}: a level that does not complete misses its claim of {}", level.outcome,
                       human_duration(claim.elapsed_s), budget);
  }
  return fmt::format("took {}, {} its claim of {}", human_duration(claim.elapsed_s),
                     margin_words(*level.claim_s - claim.elapsed_s.value_or(0.0)), budget);
}

std::string rto_margin(const metrics::ObjectiveVerdict& o) {
  if (!o.time_to_restore_s) return "—";
  return margin_words(o.rto_s - *o.time_to_restore_s);
}

std::string rpo_margin(const metrics::ObjectiveVerdict& o) {
  return margin_words(o.rpo_s - o.data_loss_window_s);
}

}  // namespace drillsim::report::formats
