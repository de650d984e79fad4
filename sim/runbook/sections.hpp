// What a section of a runbook is, from the evidence of its content (docs/runbook-import.md, structure
// rules): the procedure (or its verification), or one of the kinds of text around a procedure whose
// commands and lists are not steps to run. The title is one feature among several.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "runbook/markdown.hpp"

namespace drillsim::runbook {

enum class SectionKind {
  Procedure,        // Steps to run (also a section with no evidence either way).
  Verification,     // Checks after the change: read for steps (they become verify / wait steps).
  Contents,         // A table of contents: a list of the document's own headings.
  Contacts,         // People, roles, phone numbers, e-mail addresses, chat handles.
  Troubleshooting,  // Issue / symptom / solution pairs, questions.
  PostIncident,     // Root cause, lessons, follow-up actions after the incident.
  Examples,         // Examples, sample commands restating the procedure.
  ExpectedOutput,   // What a command prints.
  Templates,        // A form to fill in.
  References,       // Links, glossary, history.
  Triggers,         // When to roll back: criteria, symptoms, alerts.
  Overview,         // Purpose, scope, background, prerequisites.
  Practices,        // Advice: best practices, tips, "always ... / never ...".
  Rehearsal,        // A drill or game day that exercises the procedure, not the procedure.
  Narrative,        // What a system does by itself ("it automatically: checks out ..., rebuilds ...").
  Upkeep,           // Keeping ready: test and review schedules, dashboards and alarms to set up, costs.
  OtherOperation,   // A forward operation (deploy, promote) in a document whose subject is a rollback.
};
const char* to_string(SectionKind kind);

// Whether the importer reads a section of this kind for steps.
bool read_for_steps(SectionKind kind);

struct SectionEvidence {
  SectionKind kind = SectionKind::Procedure;
  int score = 0;    // The winning kind's score (0: no evidence, the section is read as procedure).
  std::string why;  // The features that decided, as the import report prints them.
};

// The evidence a section gives. `title`: its heading's text; `blocks`: its own blocks, from after its
// heading up to its first sub-heading; `headings`: the text of every heading of the document (a list of
// them is a table of contents). Pure: the same input gives the same answer.
SectionEvidence classify_section(std::string_view title, const std::vector<Block>& blocks,
                                 const std::vector<std::string>& headings = {});

// The document's headings, normalised once: classifying every section of a document against them then
// costs time linear in the document, not in the square of its headings.
class HeadingIndex {
 public:
  HeadingIndex() = default;
  explicit HeadingIndex(const std::vector<std::string>& headings);
  // Whether `text` (a list item's text) is one of the headings.
  bool lists(std::string_view text) const;
  bool empty() const { return normal_.empty(); }

 private:
  std::set<std::string> normal_;
};

// The same, against an index built once for the document.
SectionEvidence classify_section(std::string_view title, const std::vector<Block>& blocks,
                                 const HeadingIndex& headings);

// A "Level N" / "Tier N" heading that names a person, a role or a team to call ("Level 1: Database
// Administrator", "Tier 2: On-call SRE"), not a tier of rollback. `blocks`: the section's own blocks.
bool describes_people(std::string_view title, const std::vector<Block>& blocks);

// A numbered heading that names a kind of rollback ("2. Database Migration Rollback", "3. Full Rollback
// (< 30 minutes)"), not a step that mentions one ("1. Identify the release to roll back", "5. Verify
// the rollback") nor what comes after it ("7. Post-rollback follow-up").
bool names_rollback_tier(std::string_view title);

// Whether a text speaks of going back: roll back, revert, restore, recover, undo, fail over or back,
// fall back, downgrade, the previous or last known good version, switch back, promote a replica.
bool names_going_back(std::string_view text);

// A section about an operation other than going back: deploying, releasing, promoting, upgrading,
// installing. Its title names one, or its instructions start with one ("Deploy to the green
// environment", "Merge after approval"); and neither its title nor its content names going back.
// `blocks`: the section's own blocks.
bool describes_forward_operation(std::string_view title, const std::vector<Block>& blocks);

// The way a section title names a means of doing the procedure, when it names one: "Using Docker",
// "Via the console", "With Helm", "For ECS", "Kubernetes", "Manual rollback", "Automatic rollback
// (recommended)". Sibling sections that each name a means are alternatives to each other. Empty: the
// title names no means.
std::string means_of(std::string_view title);

// Whether a title marks its way as a last resort: "fallback", "last resort", "break glass", "(avoid)".
bool marked_last_resort(std::string_view title);

// Whether a title names a rollback of the whole system rather than of one part: "5. Full System
// Rollback", "Complete rollback", "Roll back everything", "All services".
bool names_whole_system(std::string_view title);

// Whether a title says that what is under it is done per component: "Component-Specific Rollback
// Procedures", "Per-service rollback", "Individual components".
bool names_per_component(std::string_view title);

// Whether a section answers one alert among several: its title names an alert ("High Error Rate Alert"),
// or its text opens by saying what fired ("**What happened:** ...", "**Message**: ...", "Symptom: ...").
// `blocks`: the section's own blocks.
bool describes_alert(std::string_view title, const std::vector<Block>& blocks);

// Whether a section about an alert is about errors ("High Error Rate", "5xx responses"): the incident
// a drill replays by default.
bool alert_about_errors(std::string_view title, const std::vector<Block>& blocks);

// Whether a title names one situation among several that each have a procedure of their own:
// "Scenario 2: Data corruption", "Case: region outage", "Situation 3 - ...", or a condition ("If the
// deployment is bad", "When the database is corrupted"; not "If the rollback fails").
bool names_situation(std::string_view title);

// Whether a section's own text says that one of its sub-sections applies, not all of them in turn: "Pick
// the section that matches what went wrong", "Roll back only the layer whose release failed", "The
// sections are independent of each other". `blocks`: the section's own blocks.
bool says_choose_one(const std::vector<Block>& blocks);

// Whether a title names the time after going back rather than a way of doing it: "After the rollback",
// "Once rolled back", "Post-rollback".
bool names_phase(std::string_view title);

// Whether a line of text is a checklist entry: "[ ] ...", "[x] ...", or a box character ("☐ ...").
bool checkbox_text(std::string_view text);

// Whether a title says that the sections under it are situations or ways, one of which applies:
// "Disaster Scenarios", "Incident Types", "Failure Modes", "Rollback Methods", "Rollback Strategies".
bool names_situations(std::string_view title);

// Whether a title names a failback: returning to the primary after a failover ("Failback",
// "Return to the primary region"), an operation of its own after the recovery.
bool names_failback(std::string_view title);

// Whether a step's words are the follow-up after the incident rather than a step of the procedure:
// "Root cause analysis", "Document lessons learned", "Schedule a blameless review", "Fix forward", "Fix
// the issue and deploy a new version", "Update the runbook". Filing a ticket is not follow-up.
bool names_follow_up(std::string_view text);

// Whether a step's words keep a record of the incident rather than act on the system: "Open a ticket
// for the failed release", "Document the timeline", "Create the incident report", "Record how long the
// rollback took in the release log", "Capture logs", "Save the metrics", "Create a fix". After the last
// step that changes the system, such a step is the follow-up after the incident.
bool names_record_keeping(std::string_view text);

// Whether a title names a problem rather than a thing to do: "Port 8080 already in use", "Disk full on
// the host", "Image pull throttled", "Region down", "Data corrupted" (not an instruction, a check or a
// condition). Sibling sections that each name one are entries of a troubleshooting list, or situations.
bool names_problem(std::string_view title);

// Sibling sections (the same parent), as problem_sections judges them.
struct SiblingSection {
  std::string title;
  bool holds_steps = false;  // A command that acts, numbered items or two instructions.
  bool acts = false;         // A command that changes the system.
};
// Among siblings, those that each name a problem (names_problem, at least two of them, each holding
// steps): after a sibling that names no problem and goes back or acts (the procedure), they are
// troubleshooting (`troubleshooting`); without one, or written before it (the incidents the document
// responds to), they are situations, one of which applies (`situations`, `main` the one about a bad
// release, else the first).
struct ProblemSections {
  std::vector<std::size_t> troubleshooting;
  std::vector<std::size_t> situations;
  std::size_t main = 0;
};
ProblemSections problem_sections(const std::vector<SiblingSection>& siblings);

// Whether a title names checking rather than doing: "Verify the rollback", "Post-rollback validation",
// "Health checks", "Pre-rollback checklist".
bool names_checking(std::string_view title);

// Whether a title presents its way as the one to take at once: "Quick rollback", "Emergency rollback",
// "Immediate actions".
bool marked_urgent(std::string_view title);

// Whether a title names one layer of the system rather than the application: "Database rollback",
// "Frontend rollback steps", "ConfigMap rollback", "CDN purge", "Feature flag rollback".
bool names_layer(std::string_view title);

// Whether a title names turning something off, the way back of a feature flag or a kill switch:
// "Emergency disable", "Kill switch", "Turn the flag off".
bool names_switching_off(std::string_view title);

// A document's title that names an exercise: "Lab: ...", "Tutorial", "Workshop", "Hands-on ...".
bool names_exercise(std::string_view title);

// A title that breaks the system on purpose, as an exercise does before its way back: "Simulate the
// failure", "Break it on purpose", "Broken deployment", "Deploy a problematic version" (not "break glass").
bool names_breaking_on_purpose(std::string_view title);

// The means a title says a way back is taken by: "ui" (the UI, a console, a dashboard), "git" (a Git
// revert, GitOps), "cli" (the command line, kubectl, helm, an API, a script); empty when it names none.
std::string way_means(std::string_view title);

// A title that aborts what is under way: "If you need to abort the rollout", "Abort".
bool names_aborting(std::string_view title);

// A document's title that names a quick reference or a cheat sheet of commands.
bool names_quick_reference(std::string_view title);

// A title that tears down what an exercise set up: "Clean up", "Cleanup", "Teardown".
bool names_clean_up(std::string_view title);

// Whether a situation's title is about a bad release: a deployment, a release, a version, the code.
bool about_bad_release(std::string_view title);

// Whether a title marks its way as the one to prefer: "(Recommended)", "preferred", "default".
bool marked_preferred(std::string_view title);

// Whether a line of text is an instruction: it starts with a verb runbooks give orders with ("Wait for
// the TTL", "**Notify** the team", "[ ] Check the logs"), not a description ("The pipeline restarts").
bool starts_with_instruction(std::string_view text);

// Whether a sentence gives an order: it starts with an instruction (`starts_with_instruction`), or with
// an action done by hand in a console ("Tick version v1", "Press Migrate traffic"), or with where it is
// done and then the order ("In the Cloud console, open Versions").
bool gives_order(std::string_view sentence);

// Whether a section's own blocks list the places a setting can be changed, one per list item or table
// row, rather than steps: at least three items whose lead (the words before a colon, else the first
// words) names a distinct place a setting lives ("Console: ...", "Environment variable: ...", "Compose
// file: ...", "Helm value: ...", "ConfigMap: ..."), and no numbered item. A reference of the ways to do
// a thing, not a procedure that does it.
bool lists_setting_places(const std::vector<Block>& blocks);

// Whether a title is about telling people during or at the end of the incident: "Communication",
// "Comms", "Notifications", "Stakeholder updates", or an instruction to tell someone ("Notify the team",
// "Email the stakeholders", "Announce completion", "Update the status page", "Post in #ops"). Telling the
// people who must know is part of the procedure, not a list of contacts.
bool names_communication(std::string_view title);

// Whether a title names the criteria that say the procedure worked, checked after the change: "Success
// criteria", "Completion criteria" (not criteria for starting it; "Exit criteria" and a "Definition of
// done" list what must have been done, records included, restating the procedure).
bool names_success_criteria(std::string_view title);

// Whether a step's words are work for after service is back, done for the organisation rather than for
// the incident: investigating the failure ("Begin investigation of the primary region's failure"),
// restoring redundancy ("Rebuild the failed primary as the new standby"), preserving evidence, fixing and
// shipping again ("Fix and re-deploy"), rehearsing ("Practice rollback"). After the last step that changes
// the system such a step is the follow-up after the incident; before it (triage) it stays a step.
bool names_later_work(std::string_view text);

}  // namespace drillsim::runbook
