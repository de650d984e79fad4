// Each verdict of a report in words, with the margin by which it was met or missed: what the Markdown
// summary writes beside a verdict and what a JUnit failure says. The verdicts themselves are the
// report's (metrics::evaluate_objectives, metrics::judge_level_claim): these functions only phrase
// them, so every writer says the same thing about the same number.
#pragma once

#include <optional>
#include <string>

#include "metrics/incident_metrics.hpp"
#include "model/drill_result.hpp"

namespace drillsim::report::formats {

// Data integrity on its own: no corrupted write remains in the service's stores when the drill ended
// (ObjectiveVerdict::corrupted_remaining, as evaluate_objectives counts it). It is a part of rpo_met
// (store_rpo_met), reported apart so that a CI job sees bad data as its own failing case.
bool integrity_met(const metrics::ObjectiveVerdict& objective);

// The RTO of one objective: "restored in 10m 42s, 4m 18s under the RTO of 15m 00s", "restored in
// 16m 40s, 1m 40s over the RTO of 15m 00s", "not restored before the drill ended (RTO 15m 00s)", or,
// when there was nothing to restore, the verdict's own reason ("stayed within SLO").
std::string rto_text(const metrics::ObjectiveVerdict& objective);

// The RPO of one objective: "data loss window 2m 00s, 3m 00s under the RPO of 5m 00s"; when writes
// were corrupted, "; N corrupted writes remain" is appended (they miss the RPO whatever the window).
std::string rpo_text(const metrics::ObjectiveVerdict& objective);

// Data integrity: "no corrupted write remains" or "N corrupted writes remain in the service's stores".
std::string integrity_text(const metrics::ObjectiveVerdict& objective);

// A level against its claim (`claim` is judge_level_claim's verdict on it): "took 4m 10s, 50.0 s under
// its claim of 5m 00s", "took 5m 01s, 1.0 s over its claim of 5m 00s", "failed after 2m 00s: a level that
// does not complete misses its claim of 5m 00s", "interrupted by the drill's end after 6m 00s, past its
// claim of 5m 00s", "never entered", "interrupted within its claim of 5m 00s", "no claim".
std::string level_claim_text(const model::LevelOutcome& level, const metrics::LevelClaim& claim);

// How the objective's RTO margin reads in a table: "4m 18s under", "1m 40s over", "—" when nothing
// was restored against it.
std::string rto_margin(const metrics::ObjectiveVerdict& objective);

// The RPO margin the same way: the RPO minus the data loss window.
std::string rpo_margin(const metrics::ObjectiveVerdict& objective);

}  // namespace drillsim::report::formats
