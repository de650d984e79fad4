// Which of several procedures in one document is the one a drill replays (docs/runbook-import.md,
// "One procedure, the others alternatives"). A runbook often holds more than one complete way of
// getting back: methods side by side ("... in the console", "... from a terminal"), a full restore
// beside restores of one part, or the procedure for another incident. Replaying them one after the
// other is never what the document says: one is the procedure, the others are alternatives.
//
// The decision reads sibling sections (the same parent) and the text around them; it knows nothing of
// the importer's blocks or commands: the caller says what each section holds. Pure: the same input gives
// the same answer.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace drillsim::runbook {

// One sibling section as the decision reads it.
struct ProcedureSection {
  std::string title;              // Its heading's text, as written.
  std::vector<std::string> lead;  // The text of its own first paragraphs and list items, in order.
  bool holds_steps = false;       // A command that acts, numbered items or two instructions.
  bool acts = false;              // A command that changes the system.
  bool goes_back = false;         // A change that goes back: a command that does, or an instruction that says so.
  bool part = false;              // A part of a procedure by its title ("Step 3", a level): never a whole one.
};

// What shows that the sections are whole procedures of which one applies.
enum class ProcedureEvidence {
  None,
  Situations,  // Each opens by saying when it applies ("Signs: ...", "Use this when ..."): another incident.
  Scope,       // One restores the whole, the others only a part ("Full restore" / "Restore one table").
  Means,       // Parallel titles that differ in the means ("... in the console" / "... from a terminal",
               // "Git rollback" / "Console rollback").
  Urgency,     // One to take at once beside the usual one ("Emergency procedure" / "Standard procedure").
  Announced,   // The text around them counts them as ways ("There are three ways back below").
  Chapter,     // Sub-sections of one numbered chapter that each name a rollback of their own ("2.1 Quick
               // rollback", "2.2 Complete rollback (from backup)"): kinds of rollback, not levels.
};
const char* to_string(ProcedureEvidence evidence);

struct ProcedureDecision {
  ProcedureEvidence evidence = ProcedureEvidence::None;
  std::vector<std::size_t> procedures;  // Indices into the siblings, in document order (>= 2 when decided).
  std::size_t primary = 0;              // One of `procedures`: the procedure; the others are alternatives.
  std::string why;                      // Why the primary one: "recommended by the document", "the first".
};

// The decision for one group of siblings. `context`: the text that speaks for them (their parent's own
// paragraphs, those of the siblings before them, the document's introduction); `document_title`: the
// document's title. `evidence` None: nothing shows that two of them are whole procedures; they are read
// as the parts of one, as before.
ProcedureDecision decide_procedures(const std::vector<ProcedureSection>& siblings,
                                    const std::vector<std::string>& context, std::string_view document_title);

// Among `candidates` (indices into the siblings), the one the document recommends, with why: its own title
// or first words ("(Recommended)", "This is the preferred way"), else a sentence of `context` that
// recommends ("We recommend the terminal one") and names a word of its title that no other candidate's has.
std::optional<std::pair<std::size_t, std::string>> recommended_procedure(
    const std::vector<ProcedureSection>& siblings, const std::vector<std::size_t>& candidates,
    const std::vector<std::string>& context);

// Whether a paragraph counts ways or procedures ("There are three ways back", "two methods", "either of
// the options below"): text about the document's procedures, not a step of one.
bool counts_procedures(std::string_view text);

// The chapter a title is a sub-section of: 2 for "2.1 Quick rollback", "2.3. Load balancer"; none for
// "2. Rollback", "Step 2.1" or a title without a number.
std::optional<int> sub_section_chapter(std::string_view title);

// Whether a paragraph that leads into a list says that a tool, not the reader, does what the list names:
// "Pressing Roll back makes the console:", "The script performs:", "Clicking the button will:",
// "What the pipeline does automatically:". The list describes the tool; its items are no steps.
bool announces_what_a_tool_does(std::string_view text);

// Whether a text opens with the return of the place a failover left ("After the primary region is restored,
// reverse the replication", "Once the original site is back online: ..."): going back there is a later,
// separate operation (failback), not a step of the failover.
bool opens_with_failback(std::string_view text);

// Whether a list restates, in order, sections that follow it (a "TL;DR" above the detailed sections):
// `items` are the list's items (each with no command of its own), `sections` the words of each section
// after it (title, text and commands). True when there are at least two items and each, in order, shares
// at least half of its words (three letters or more, compared on their first five letters) with a
// section after the one the item before matched, and the items match at least two different sections.
bool restates_sections_in_order(const std::vector<std::string>& items, const std::vector<std::string>& sections);

}  // namespace drillsim::runbook
