// Sections beside the procedure that are shaped like one (docs/runbook-import.md, "Asides shaped like
// a procedure"). An incident-response runbook often holds, next to the section that goes back, other
// sections written as numbered instructions with commands: the investigation of a symptom, the analysis
// of metrics or of firewall rules, a capacity change, the ways to configure a setting, upkeep, advice.
// Their content alone reads as a procedure; their titles say what they are, and they never go back.
// When another section of the document goes back, they are not the procedure a drill replays.
//
// The decision reads the document's sections as the caller describes them; it knows nothing of blocks
// or commands. Pure: the same input gives the same answer.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runbook/sections.hpp"

namespace drillsim::runbook {

// The kind of material beside the procedure a title names, if it names one: the investigation or
// analysis of a symptom ("5xx spike investigation", "WAF analysis", "Troubleshooting", "Debugging"),
// the ways to configure something ("Managing flags", "Configuration options"), upkeep ("Ongoing
// monitoring", "Routine maintenance"), advice ("Best practices", "Tips"), a change of another kind
// ("Capacity adjustment", "Capacity planning"), or the description of the system ("Architecture",
// "Overview"). A title that speaks of going back or of turning something off names none.
std::optional<SectionKind> aside_named_by(std::string_view title);

// The routine task of an operations manual a title names, if it names one: a routine on a calendar
// ("Daily checks", "Morning health check") or keeping a copy or a credential fresh ("Backup procedure",
// "Certificate rotation") as upkeep; a change forward named as a task, by a leading gerund ("Adding a
// backend server", "Changing the configuration") or by its noun ("Configuration changes", "Scaling
// operations"), as another operation. An order ("Add the server") names no task; a title that speaks of
// going back or of turning something off names none.
std::optional<SectionKind> task_named_by(std::string_view title);

// Whether the first line of a list item states a condition rather than giving an order: no
// instruction leads it (after a box, a tick or a short label), and a verb of state ("remains
// protected", "returns 200", "is open"), a word of state ("accessible at", "within thresholds") or a
// closing participle ("Backup restoration test completed", "Replication paused") says what holds.
bool states_condition(std::string_view text);

// Whether a text sends the reader to another part of the document rather than doing what it names:
// "Roll back (see Deployment rollback below)", "Go to \"Rolling back a deployment\"", "Follow the
// rollback section".
bool points_elsewhere(std::string_view text);

// One section of a document as the decision reads it (with the sections under it).
struct DocumentSection {
  std::string title;                   // Its heading's text.
  std::optional<std::size_t> parent;   // The section it is under.
  bool holds_steps = false;            // A command that acts, numbered items or two instructions.
  bool goes_back = false;              // Its title or a command of its own goes back.
  bool says_go_back = false;           // An instruction of its own says to go back (a pointer to another
                                       // section does not).
  bool turns_off = false;              // An instruction or a command turns something off (a flag).
  bool acts = false;                   // A command of its own changes the system.
  bool step_or_level = false;          // A "Step N", numbered or level heading: its parent decides, not its title.
};

// Marks in `named` (one entry per section, the asides already named) the sections whose titles name a
// routine task (task_named_by), when at least two such sections hold steps (themselves or under them):
// the sibling procedures of an operations manual. Step and level headings and sections already named are
// left as they are.
void name_sibling_tasks(const std::vector<DocumentSection>& sections,
                        std::vector<std::optional<SectionKind>>& named);

// A section that is an aside, and the section elsewhere that goes back (the procedure it is beside).
struct Aside {
  std::size_t section = 0;
  SectionKind kind = SectionKind::Procedure;
  std::size_t way_back = 0;
};

// The sections whose titles name material beside the procedure (aside_named_by) and that never go back
// themselves, when another section (neither above nor under it, itself no such aside) goes back or turns
// something off and holds steps; one diagnosis before the way back that changes nothing is its triage,
// not an aside, unless the document investigates several symptoms; in a document whose title names going back ("Going back to blue"), a
// section that changes the system goes back. Advice, upkeep and the description of the system speak of going back
// without doing it ("Run the failover in staging first"): for them only a command goes back. A document whose only procedure is such a section keeps it: without a
// way back elsewhere nothing is an aside.
std::vector<Aside> asides_beside_way_back(const std::vector<DocumentSection>& sections,
                                          bool subject_goes_back = false);

}  // namespace drillsim::runbook
