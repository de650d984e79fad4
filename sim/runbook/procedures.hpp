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

// Whether a sentence opens with the condition that what was done before did not work or cannot be done
// ("If the page still fails after the rollback, ...", "When last night's backup is older than the damage,
// ...", "If going back is not possible, ..."): what it leads is a fallback, not the next step. The
// condition is the sentence's first clause (up to a comma, colon or full stop); it must say that
// something failed, still happens, is missing or is too old.
bool opens_with_fallback(std::string_view text);

// What makes a later sibling section a path of its own once an earlier one holds a change that goes back
// and a check of it (docs/runbook-import.md, "Fallbacks after the procedure").
enum class FallbackEvidence {
  None,
  Emergency,     // Its title names an emergency way ("Emergency measures"): what to do when the procedure did
                 // not do.
  Condition,     // Its first words say it is for when the procedure failed or cannot be done.
  SecondMethod,  // It goes back again, by its title for one part or one moment ("... to a point in time"),
                 // where the earlier one restored the whole.
};
const char* to_string(FallbackEvidence evidence);

// The decision for `later`, a sibling after `earlier`, which goes back and checks. None when `later` holds
// no steps that act or go back, is a part of a procedure ("Step 4", a check, a phase), or its first words
// chain it to what came before ("Then ...", "Next, ...", "After that, ...").
FallbackEvidence fallback_after(const ProcedureSection& earlier, const ProcedureSection& later);

// Whether a section opens by saying when it applies ("Signs: ...", "Use case: ...", "Trigger: ...", "Use
// this when ..."): the procedure of a situation of its own.
bool opens_with_situation(const ProcedureSection& section);

// Whether a short text says that what it names is recommended or the default ("Nightly dump (default)",
// "Preferred: ...", "the recommended way").
bool says_recommended(std::string_view text);

}  // namespace drillsim::runbook
