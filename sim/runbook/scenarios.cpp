#include "runbook/scenarios.hpp"

#include <algorithm>
#include <cctype>

#include "runbook/text.hpp"

namespace drillsim::runbook {

namespace {

// A text as a padded string of lower-case words: " wafs analysis ".
std::string padded_words(std::string_view text) {
  std::string out = " ";
  bool word = false;
  for (const char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '\'') {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      word = true;
    } else if (word) {
      out += ' ';
      word = false;
    }
  }
  if (word) out += ' ';
  return out;
}

bool any_of(const std::string& padded, std::initializer_list<const char*> needles) {
  for (const char* n : needles)
    if (has(padded, n)) return true;
  return false;
}

// Whether section k or one under it holds steps.
bool steps_within(const std::vector<DocumentSection>& sections, std::size_t k) {
  if (sections[k].holds_steps) return true;
  for (std::size_t j = k + 1; j < sections.size(); ++j) {
    bool under = false;
    for (auto p = sections[j].parent; p && !under; p = sections[*p].parent)
      under = *p == k;
    if (!under) break;
    if (sections[j].holds_steps) return true;
  }
  return false;
}

// The words of padded_words' output (" a b c "), in order.
std::vector<std::string> words_of(const std::string& t) {
  std::vector<std::string> w;
  for (std::size_t i = 1; i < t.size();) {
    const std::size_t e = t.find(' ', i);
    if (e == std::string::npos) break;
    w.push_back(t.substr(i, e - i));
    i = e + 1;
  }
  return w;
}

// "Step 2: ...", whatever comes before the word (an emoji, a mark): a step of a procedure.
bool titled_as_step(std::string_view title) {
  std::size_t i = 0;
  while (i < title.size() && !std::isalnum(static_cast<unsigned char>(title[i])))
    ++i;
  const std::string_view t = title.substr(i);
  if (t.size() < 6 || (t[0] != 'S' && t[0] != 's') || (t.substr(1, 3) != "tep" && t.substr(1, 3) != "TEP"))
    return false;
  std::size_t j = 4;
  while (j < t.size() && t[j] == ' ')
    ++j;
  return j < t.size() && std::isdigit(static_cast<unsigned char>(t[j]));
}

}  // namespace

// The tasks of an operations manual (task_named_by): named as asides only when the document holds at
// least two of them with steps, beside one another; a lone section that adds or backs up something is a
// part of the document's procedure.
void name_sibling_tasks(const std::vector<DocumentSection>& sections,
                        std::vector<std::optional<SectionKind>>& named) {
  std::vector<std::optional<SectionKind>> task(sections.size());
  std::size_t with_steps = 0;
  for (std::size_t k = 0; k < sections.size(); ++k) {
    if (sections[k].step_or_level || named[k]) continue;
    // A part of a step ("Step 1: Identify the backup" > "Local backups", also behind an emoji: "🔍 Step 1:
    // ..."): the step names the task.
    bool in_step = false;
    for (auto p = sections[k].parent; p && !in_step; p = sections[*p].parent)
      in_step = sections[*p].step_or_level || titled_as_step(sections[*p].title);
    if (in_step) continue;
    task[k] = task_named_by(sections[k].title);
    if (task[k] && steps_within(sections, k)) ++with_steps;
  }
  if (with_steps < 2) return;
  for (std::size_t k = 0; k < sections.size(); ++k)
    if (task[k]) named[k] = task[k];
}

std::optional<SectionKind> aside_named_by(std::string_view title) {
  if (names_going_back(title) || names_switching_off(title)) return std::nullopt;
  const std::string t = padded_words(title);
  // Finding out what is wrong: the symptom is investigated, analysed, debugged; no change goes back.
  if (any_of(t, {" troubleshoot", " debugging ", " debug ", " diagnos", " investigat", " analysis ",
                 " analyses ", " analyse ", " analyze ", " analysing ", " analyzing "}))
    return SectionKind::Troubleshooting;
  // How to set something, on each platform it can be set on: reference for a later change.
  if (any_of(t, {" managing ", " management ", " configuring ", " configuration options ", " configuration reference ",
                 " available settings ", " available flags ", " available options "}))
    return SectionKind::References;
  // Keeping the service ready between incidents.
  if (any_of(t, {" ongoing ", " routine ", " day-to-day ", " housekeeping ", " periodic "}) ||
      (has(t, " maintenance ") && !any_of(t, {" maintenance mode ", " maintenance page ", " maintenance window "})))
    return SectionKind::Upkeep;
  if (any_of(t, {" best practice", " good practice", " tips ", " guidelines ", " recommendations "}))
    return SectionKind::Practices;
  // Another change than going back: more capacity for the traffic there is, a roll-out in stages.
  if (any_of(t, {" capacity ", " rollout strategy ", " roll-out strategy ", " rollout plan ", " roll-out plan ",
                 " rollout schedule ", " roll-out schedule "}))
    return SectionKind::OtherOperation;
  if (any_of(t, {" architecture ", " overview ", " background ", " introduction "})) return SectionKind::Overview;
  // A title that names a problem ("Load balancer not responding", "Blue slower than expected"): an entry
  // of troubleshooting, when its steps never go back.
  // A section that answers an alert ("High Error Rate Alert") is the procedure for that alert.
  if (names_problem(title) && !names_situation(title) && !any_of(t, {" alert ", " alerts ", " alarm ", " page "}))
    return SectionKind::Troubleshooting;
  return std::nullopt;
}

std::optional<SectionKind> task_named_by(std::string_view title) {
  if (names_going_back(title) || names_switching_off(title)) return std::nullopt;
  // The words outside parentheses, without leading numbers: "(Preparing the backup)" qualifies a step.
  std::string bare_title;
  int depth = 0;
  for (const char c : title) {
    if (c == '(') ++depth;
    if (depth == 0) bare_title += c;
    if (c == ')' && depth > 0) --depth;
  }
  // A letter of an enumeration before it ("C. Create a safety backup", "b) Backups") is no word.
  const auto lead = bare_title.find_first_not_of(" \t");
  if (lead != std::string::npos && lead + 2 < bare_title.size() &&
      std::isalpha(static_cast<unsigned char>(bare_title[lead])) &&
      (bare_title[lead + 1] == '.' || bare_title[lead + 1] == ')') && bare_title[lead + 2] == ' ')
    bare_title.erase(0, lead + 3);
  const std::string t = padded_words(bare_title);
  std::vector<std::string> w = words_of(t);
  while (!w.empty() && std::isdigit(static_cast<unsigned char>(w.front()[0])))
    w.erase(w.begin());
  if (w.empty()) return std::nullopt;
  // A step or a part of a procedure ("Step 3: ...", "Phase 2: ..."): its parent names the task.
  if (w.front() == "step" || w.front() == "phase" || w.front() == "stage" || w.front() == "part")
    return std::nullopt;
  const std::string& first = w.front();
  const std::string& last = w.back();
  const bool up = w.size() > 1 && w[1] == "up";
  // A routine on a calendar: "Daily checks", "Morning health check", "Weekly verification".
  if (any_of(t, {" daily ", " nightly ", " weekly ", " monthly ", " quarterly ", " morning ", " every day "}))
    return SectionKind::Upkeep;
  // Keeping a copy or a credential fresh, as the task itself ("Backup procedure", "Backing up the bundle",
  // "Certificate rotation"); a backup as the object of another task ("Getting backup files onto the new
  // server") is not.
  if (first == "backup" || first == "backups" || ((first == "back" || first == "backing") && up) ||
      first == "rotating" || first == "renewing")
    return SectionKind::Upkeep;
  // The name of a task, not an order: led by a gerund ("Adding a backend", "Changing the configuration",
  // "Scaling out") or named by its noun last ("Configuration changes", "Scaling operations", "Version
  // upgrades"). An order ("Add the server", "Scale the fleet") is a step of a procedure and names no task.
  for (const char* g : {"adding", "changing", "updating", "upgrading", "installing", "creating",
                        "provisioning", "scaling", "onboarding", "deploying", "expanding", "resizing"})
    if (first == g) return SectionKind::OtherOperation;
  // An order ("Verify changes", "Apply the updates") names what it acts on, not a task.
  if (starts_with_instruction(bare_title)) return std::nullopt;
  if (last == "backup" || last == "backups" || last == "rotation" || last == "renewal")
    return SectionKind::Upkeep;
  for (const char* n :
       {"changes", "updates", "upgrades", "operations", "scaling", "provisioning", "onboarding"})
    if (last == n) return SectionKind::OtherOperation;
  return std::nullopt;
}

bool states_condition(std::string_view text) {
  std::string_view line = text.substr(0, text.find('\n'));
  // Marks before the words: a box ("[ ]", "[x]"), a tick, a bullet's emoji.
  while (!line.empty() && !std::isalnum(static_cast<unsigned char>(line.front())) && line.front() != '`' &&
         line.front() != '/') {
    if (line.size() >= 3 && line[0] == '[' && line[2] == ']')
      line.remove_prefix(3);
    else
      line.remove_prefix(1);
  }
  // A short label before a colon ("**Performance**: page load times acceptable"): the words after it.
  const std::size_t colon = line.find(':');
  if (colon != std::string_view::npos && colon + 1 < line.size() && line[colon + 1] == ' ' &&
      std::count(line.begin(), line.begin() + static_cast<std::ptrdiff_t>(colon), ' ') < 3)
    line.remove_prefix(colon + 1);
  const std::string t = padded_words(line);
  std::vector<std::string> w = words_of(t);
  if (w.size() < 2) return false;
  // A first word that reads as an order ("Backup", "Page", "Test") gives one when its object follows
  // ("Restart the services that crashed"); before a noun it is the subject ("Backup restoration test
  // completed").
  const bool order_first = starts_with_instruction(line);
  if (order_first) {
    static const std::initializer_list<const char*> objects = {
        "the", "a", "an", "all", "any", "each", "every", "that", "this", "these", "those", "your", "our"};
    for (const char* o : objects)
      if (w[1] == o) return false;
    if (w.size() < 3) return false;
  }
  // A verb of state ("remains protected", "returns 200", "passes", "matches the report").
  static const std::initializer_list<const char*> state_verbs = {
      "is",       "are",     "remains", "remain", "returns", "return", "passes",    "pass",
      "matches",  "match",   "stays",   "stay",   "shows",   "show",   "works",     "work",
      "responds", "respond", "reports", "holds",  "has",     "have",   "indicates", "succeeds"};
  // A word that qualifies a state ("accessible at", "within thresholds", "no critical errors").
  static const std::initializer_list<const char*> state_words = {
      "accessible", "available", "healthy",     "functional", "working",  "clean",
      "acceptable", "stable",    "operational", "ready",      "intact",   "reachable",
      "within",     "normal",    "green",       "resolved",   "confirmed"};
  for (std::size_t i = 1; i < w.size(); ++i) {
    // After a first word that reads as an order, only a verb of state after its noun ("Checkout requests
    // return 200") or a closing participle says what holds.
    for (const char* v : state_verbs)
      if (w[i] == v && (!order_first || i >= 2)) return true;
    for (const char* a : state_words)
      if (w[i] == a && !order_first) return true;
    // A participle after the subject: "Backup restoration test completed", "Replication paused".
    if (w[i].size() > 4 && w[i].compare(w[i].size() - 2, 2, "ed") == 0 && i + 1 == w.size()) return true;
  }
  return false;
}

bool points_elsewhere(std::string_view text) {
  const std::string t = padded_words(text.substr(0, text.find('\n')));
  return any_of(t, {" see ", " go to ", " refer to ", " follow the ", " below ", " above ", " section ",
                    " runbook ", " procedure "});
}

std::vector<Aside> asides_beside_way_back(const std::vector<DocumentSection>& sections, bool subject_goes_back) {
  std::vector<Aside> out;
  std::vector<std::optional<SectionKind>> named(sections.size());
  for (std::size_t k = 0; k < sections.size(); ++k)
    if (!sections[k].step_or_level) named[k] = aside_named_by(sections[k].title);
  name_sibling_tasks(sections, named);
  const auto above = [&](std::size_t upper, std::size_t k) {
    for (auto p = sections[k].parent; p; p = sections[*p].parent)
      if (*p == upper) return true;
    return false;
  };
  const auto back = [&](std::size_t k) {
    const SectionKind kind = named[k] ? *named[k] : SectionKind::Procedure;
    const bool advice = kind == SectionKind::Practices || kind == SectionKind::Upkeep || kind == SectionKind::Overview;
    return sections[k].goes_back || (!advice && sections[k].says_go_back);
  };
  // Under an aside that never goes back: a part of it, no way back of the document's.
  const auto inside_aside = [&](std::size_t j) {
    for (auto p = sections[j].parent; p; p = sections[*p].parent)
      if (named[*p] && !back(*p)) return true;
    return false;
  };
  // Several investigations that each hold steps: the incidents the document responds to, none of them the
  // triage of the way back.
  std::size_t investigations = 0;
  for (std::size_t k = 0; k < sections.size(); ++k)
    if (named[k] == SectionKind::Troubleshooting && !back(k) && sections[k].holds_steps) ++investigations;
  // The sections that go back (the ways back an aside can be beside), found once: the decision stays
  // linear in the document when there is none.
  std::vector<std::size_t> ways_back;
  for (std::size_t j = 0; j < sections.size(); ++j) {
    const DocumentSection& w = sections[j];
    if (!named[j] && w.holds_steps && (w.goes_back || w.says_go_back || w.turns_off || (subject_goes_back && w.acts)) &&
        !inside_aside(j))
      ways_back.push_back(j);
  }
  for (std::size_t k = 0; k < sections.size() && !ways_back.empty(); ++k) {
    if (!named[k] || back(k)) continue;
    for (const std::size_t j : ways_back) {
      if (j == k || above(j, k) || above(k, j)) continue;
      // One diagnosis that only looks, before the way back: the triage that leads to it ("Diagnosis",
      // then "Rollback options"), read as steps before the change.
      if (*named[k] == SectionKind::Troubleshooting && k < j && !sections[k].acts && investigations < 2) break;
      out.push_back({k, *named[k], j});
      break;
    }
  }
  return out;
}

}  // namespace drillsim::runbook
