#include "runbook/sections.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <set>
#include <sstream>

#include "runbook/commands.hpp"
#include "runbook/text.hpp"

namespace drillsim::runbook {

const char* to_string(SectionKind kind) {
  switch (kind) {
    case SectionKind::Procedure:
      return "procedure";
    case SectionKind::Verification:
      return "verification";
    case SectionKind::Contents:
      return "table of contents";
    case SectionKind::Contacts:
      return "escalation contacts";
    case SectionKind::Troubleshooting:
      return "troubleshooting";
    case SectionKind::PostIncident:
      return "post-incident";
    case SectionKind::Examples:
      return "examples";
    case SectionKind::ExpectedOutput:
      return "expected output";
    case SectionKind::Templates:
      return "templates";
    case SectionKind::References:
      return "references";
    case SectionKind::Triggers:
      return "triggers and criteria";
    case SectionKind::Overview:
      return "overview";
    case SectionKind::Practices:
      return "practices";
    case SectionKind::Rehearsal:
      return "a rehearsal";
    case SectionKind::Narrative:
      return "a description of what the system does by itself";
    case SectionKind::Upkeep:
      return "upkeep (schedules, dashboards, alarms, costs)";
    case SectionKind::OtherOperation:
      return "another operation";
  }
  return "procedure";
}

bool read_for_steps(SectionKind kind) {
  return kind == SectionKind::Procedure || kind == SectionKind::Verification;
}

namespace {

// The words of a text, lower case, letters, digits, '-' and '\'' kept.
std::vector<std::string> words_of(std::string_view text, std::size_t max = 64) {
  std::vector<std::string> out;
  std::string w;
  for (const char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '\'') {
      w += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!w.empty()) {
      out.push_back(std::move(w));
      w.clear();
      if (out.size() >= max) return out;
    }
  }
  if (!w.empty()) out.push_back(std::move(w));
  return out;
}

// A title as a padded string of words: " quick rollback procedure ".
std::string title_words(std::string_view title) {
  std::string t = " ";
  for (const auto& w : words_of(title))
    t += w + " ";
  return t;
}

bool any_of_words(const std::string& padded, std::initializer_list<const char*> needles) {
  return std::any_of(needles.begin(), needles.end(), [&](const char* n) { return has(padded, n); });
}

// Verbs runbooks start their instructions with.
const std::set<std::string>& verbs() {
  static const std::set<std::string> v{
      "activate", "add",       "announce", "apply",     "approve",   "archive",     "assess",   "back",
      "backup",   "block",     "bump",     "call",      "cancel",    "capture",     "change",   "check",
      "checkout", "clean",     "clear",    "click",     "commit",    "communicate", "compare",  "configure",
      "confirm",  "connect",   "copy",     "cordon",    "create",    "declare",     "delete",   "deploy",
      "destroy",  "determine", "disable",  "document",  "download",  "drain",       "drop",     "edit",
      "enable",   "ensure",    "escalate", "execute",   "export",    "extract",     "failover", "fetch",
      "find",     "fix",       "flip",     "flush",     "follow",    "force",       "freeze",   "gather",
      "get",      "go",        "identify", "import",    "inform",    "inspect",     "install",  "invalidate",
      "kill",     "label",     "let",      "list",      "load",      "lock",        "log",      "login",
      "look",     "make",      "mark",     "merge",     "migrate",   "monitor",     "mount",    "move",
      "navigate", "note",      "notify",   "open",      "page",      "patch",       "pause",    "pin",
      "ping",     "point",     "poll",     "post",      "promote",   "pull",        "push",     "put",
      "re-run",   "rebuild",   "reboot",   "recompute", "reconcile", "record",      "recreate", "redeploy",
      "redirect", "reduce",    "refresh",  "register",  "reload",    "remove",      "rename",   "repeat",
      "replace",  "replay",    "rerun",    "reset",     "resolve",   "restart",     "restore",  "resume",
      "retag",    "retry",     "return",   "revert",    "review",    "roll",        "rollback", "rotate",
      "route",    "run",       "save",     "scale",     "schedule",  "select",      "send",     "set",
      "shift",    "ship",      "shut",     "snapshot",  "ssh",       "start",       "stop",     "submit",
      "suspend",  "swap",      "switch",   "sync",      "tag",       "take",        "tell",     "terminate",
      "test",     "toggle",    "trigger",  "turn",      "unfreeze",  "unlock",      "unpause",  "update",
      "upgrade",  "upload",    "use",      "warn",      "validate",  "verify",      "wait",     "watch",
      "write",    "choose",    "pick"};
  return v;
}

// A verb's third-person or past form ("rebuilds", "regenerates", "reloaded", "sent"): a description.
bool described_verb(const std::string& w) {
  static const std::set<std::string> irregular{"is",   "are",  "was",  "were", "gets", "got",  "sent",
                                               "ran",  "runs", "will", "has",  "had",  "been", "goes",
                                               "went", "does", "did",  "made", "kept", "left"};
  if (irregular.count(w)) return true;
  const auto& v = verbs();
  for (const char* suffix : {"s", "es", "ed", "d"}) {
    const std::string s = suffix;
    if (w.size() > s.size() + 2 && w.compare(w.size() - s.size(), s.size(), s) == 0 &&
        v.count(w.substr(0, w.size() - s.size())))
      return true;
  }
  return w.size() > 4 && w.compare(w.size() - 3, 3, "ies") == 0 && v.count(w.substr(0, w.size() - 3) + "y");
}

// The text of a list item or paragraph without a leading checkbox, number, bullet or emphasis.
std::string bare(std::string_view text) {
  std::string t(text.substr(0, text.find('\n')));
  for (bool changed = true; changed;) {
    changed = false;
    const auto start = t.find_first_not_of(" \t*_>-");
    t = start == std::string::npos ? std::string() : t.substr(start);
    if (t.rfind("[ ]", 0) == 0 || t.rfind("[x]", 0) == 0 || t.rfind("[X]", 0) == 0) {
      t = t.substr(3);
      changed = true;
    }
    std::size_t d = 0;
    while (d < t.size() && (std::isdigit(static_cast<unsigned char>(t[d])) || t[d] == '.'))
      ++d;
    if (d > 0 && d < t.size() && (t[d] == ')' || t[d] == ' ' || t[d] == ':')) {
      t = t.substr(d + 1);
      changed = true;
    }
  }
  return t;
}

std::string normal(std::string_view text) {
  std::string out;
  for (const auto& w : words_of(bare(text))) {
    if (std::all_of(w.begin(), w.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
      continue;
    out += w + " ";
  }
  return out;
}

bool looks_like_phone(std::string_view text) {
  int digits = 0;
  int run = 0;
  for (const char c : text) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      ++digits;
      ++run;
    } else if (c == '-' || c == ' ' || c == '(' || c == ')' || c == '+' || c == '.') {
      if (c == ' ' && run == 0) digits = 0;
      run = 0;
    } else {
      if (digits >= 7) return true;
      digits = 0;
      run = 0;
    }
  }
  return digits >= 7;
}

bool looks_like_email(std::string_view text) {
  const auto at = text.find('@');
  if (at == std::string_view::npos || at == 0 || !std::isalnum(static_cast<unsigned char>(text[at - 1])))
    return false;
  const auto dot = text.find('.', at);
  return dot != std::string_view::npos && dot > at + 1 && dot + 1 < text.size() &&
         std::isalpha(static_cast<unsigned char>(text[dot + 1]));
}

bool role_word(const std::string& w) {
  static const std::set<std::string> roles{
      "engineer", "engineers", "administrator", "administrators", "admin",    "dba",      "sre",
      "manager",  "managers",  "lead",          "leads",          "director", "vp",       "cto",
      "ceo",      "cio",       "ciso",          "owner",          "owners",   "on-call",  "oncall",
      "support",  "vendor",    "commander",     "architect",      "head",     "officer",  "contact",
      "team",     "person",    "developer",     "developers",     "staff",    "executive"};
  return roles.count(w) > 0;
}

struct Features {
  int acting = 0;       // Commands that change the system.
  int observing = 0;    // Commands that only read state.
  int unknown = 0;      // Command lines the catalogue does not know.
  int output_code = 0;  // Code blocks with no command at all (output, config, data).
  int imperative = 0;   // Lines starting with an instruction.
  int described = 0;    // Lines starting with a description of what happens ("rebuilds", "is sent").
  int questions = 0;
  int people = 0;  // Lines with a person: phone, e-mail, handle, role.
  int toc = 0;     // List items naming a heading of the document.
  int items = 0;   // List items.
  int issue = 0;   // "Issue:", "Symptom:", "Solution:", "Cause:".
  int advice = 0;  // "Always ...", "Never ...", "Avoid ...", "... should ...".
  int post = 0;    // Root cause, lessons, prevention, action items.
  int rehearse = 0;
  int output_lead = 0;  // "Expected output:", "You should see".
  int run_code = 0;     // Code blocks with a command, not after such a lead-in: commands to run.
  int template_fields = 0;
  int schedule = 0;    // Lines led by a frequency: "Monthly: ...", "Quarterly - review ...".
  int monitoring = 0;  // Instructions that set up dashboards, alarms or alert rules.
  int cost = 0;        // Lines about costs.
  int lines = 0;
  int labelled_symptoms = 0;  // Bold or italic labels that name a problem ("**Pods stuck in Pending**").
  int recurrences = 0;        // Lines that state a calendar recurrence ("Once a month, ...", "nightly").
  int recurring_tests = 0;    // Of them, lines that test or rehearse ("Once a month, test the restore").
  int cron_code = 0;          // Code blocks holding a cron schedule: a job that runs by itself.
  int alert_rules = 0;        // Alert rules and monitoring queries shown as code, "Alert on ..." lines.
};

bool frequency_word(const std::string& w) {
  static const std::set<std::string> words{
      "daily",  "weekly", "biweekly",      "bi-weekly",    "monthly",     "quarterly",  "annually",
      "annual", "yearly", "semi-annually", "semiannually", "semi-annual", "fortnightly"};
  return words.count(w) > 0;
}

// "Port already in use:", "Disk full:", "Still failing after 10 minutes:": a short lead-in naming a
// symptom, the way troubleshooting sections pair a problem with its fix.
bool symptom_lead_in(const std::string& first_line_lower) {
  const auto colon = first_line_lower.find(':');
  if (colon == std::string::npos || colon == 0 || colon > 50) return false;
  const std::string lead = first_line_lower.substr(0, colon);
  if (lead.find('`') != std::string::npos || lead.find("http") != std::string::npos) return false;
  const auto w = words_of(lead, 10);
  if (w.empty() || verbs().count(w[0]) || w[0] == "if" || w[0] == "when") return false;
  std::string padded = " ";
  for (const auto& x : w)
    padded += x + " ";
  return any_of_words(padded,
                      {" fail",     " error",    " errors ",      " full ",    " in use ",    " denied ",
                       " refused ", " timeout ", " timed out ",   " stuck ",   " not found ", " cannot ",
                       " can't ",   " won't ",   " doesn't ",     " missing ", " crash",      " oom",
                       " still ",   " hangs ",   " unreachable ", " issue ",   " problem "});
}

void count_command(const std::string& line, Features& f) {
  const auto start = line.find_first_not_of(" \t$>");
  if (start == std::string::npos) return;
  const std::string l = line.substr(start);
  if (l.empty() || l[0] == '#' || l.rfind("//", 0) == 0 || l[0] == '{' || l[0] == '}' || l[0] == '"' ||
      l[0] == '-' || l[0] == '|')
    return;
  const CommandMatch m = match_command(l);
  if (!m.known) {
    ++f.unknown;
  } else if (m.observes || m.action.empty()) {
    ++f.observing;
  } else {
    ++f.acting;
  }
}

// A calendar recurrence: "daily", "nightly", "monthly", "every week", "once a quarter", "each Monday",
// "on the first Tuesday". Minutes and hours are not one: "every 5 minutes" is watching during the incident.
bool states_recurrence(const std::string& lower_text) {
  const auto w = words_of(lower_text, 80);
  static const std::set<std::string> adverbs{"daily",     "nightly",   "weekly",       "biweekly", "bi-weekly",
                                             "monthly",   "quarterly", "yearly",       "annually", "fortnightly",
                                             "semi-annually"};
  static const std::set<std::string> periods{
      "day",    "night",   "week",      "month",    "quarter", "year",     "sprint",   "monday",
      "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "weekend", "days",
      "weeks",  "months",  "quarters",  "years"};
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (adverbs.count(w[i])) return true;
    if (i + 1 >= w.size()) continue;
    // "every month", "each quarter", "every 2 weeks", "once a month", "twice per year", "on the first Tuesday".
    std::size_t next = i + 1;
    if (w[i] == "once" || w[i] == "twice") {
      if (w[next] != "a" && w[next] != "per" && w[next] != "every") continue;
      ++next;
    } else if (w[i] == "on" && w[next] == "the" && next + 1 < w.size() &&
               (w[next + 1] == "first" || w[next + 1] == "last" || w[next + 1] == "second")) {
      next += 2;
    } else if (w[i] != "every" && w[i] != "each") {
      continue;
    }
    if (next < w.size() && std::all_of(w[next].begin(), w[next].end(),
                                       [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
      ++next;
    if (next < w.size() && periods.count(w[next])) return true;
  }
  return false;
}

// Words of testing or rehearsing what the procedure does: a test, a drill, an exercise, proving it works.
bool speaks_of_testing(const std::string& lower_text) {
  for (const auto& w : words_of(lower_text, 80)) {
    if (w.rfind("test", 0) == 0 || w.rfind("drill", 0) == 0 || w.rfind("rehears", 0) == 0 ||
        w.rfind("exercis", 0) == 0 || w.rfind("practi", 0) == 0 || w == "prove" || w == "proving" ||
        w == "proves" || w == "gameday")
      return true;
  }
  return has(lower_text, "game day");
}

// A cron schedule in a code block: a "cron:" key, a schedule expression of five fields ("30 3 * * *",
// "0 */6 * * 1-5") or an "@daily"-style shorthand. A job set up to run by itself, not a step to run now.
bool holds_cron_schedule(const std::string& code) {
  std::istringstream in(code);
  int n = 0;
  for (std::string line; std::getline(in, line) && n < 400; ++n) {
    const std::string l = lower(line);
    if (has(l, "cron:") || has(l, "schedule: \"") || has(l, "@daily") || has(l, "@weekly") ||
        has(l, "@monthly") || has(l, "@hourly"))
      return true;
    // Five fields of digits, '*', ',', '-' and '/', at least two of them '*': "30 3 * * *".
    const auto start = l.find_first_not_of(" \t\"'-");  // A list or quoted YAML value: "- cron: '...'".
    std::istringstream fields(start == std::string::npos ? std::string() : l.substr(start));
    int good = 0;
    int stars = 0;
    std::string field;
    for (int i = 0; i < 5 && fields >> field; ++i) {
      if (!std::all_of(field.begin(), field.end(), [](char c) {
            return std::isdigit(static_cast<unsigned char>(c)) || c == '*' || c == ',' || c == '-' || c == '/';
          }))
        break;
      ++good;
      if (field.find('*') != std::string::npos) ++stars;
    }
    if (good == 5 && stars >= 2) return true;
  }
  return false;
}

// An alert rule or a monitoring query shown as code: a Prometheus rule ("alert:" with "expr:"), a block
// tagged as a query language (PromQL, LogQL, KQL). What to watch, not a step to run.
bool holds_alert_rule(const Block& code) {
  const std::string info = lower(code.info);
  if (info == "promql" || info == "logql" || info == "kql" || info == "metricsql") return true;
  const std::string t = lower(code.text);
  return (has(t, "alert:") || has(t, "alertname")) && has(t, "expr:");
}

Features features_of(const std::vector<Block>& blocks, const HeadingIndex& headings) {
  Features f;
  std::string previous;  // The text before a code block, lower case.
  for (const auto& b : blocks) {
    if (b.kind == Block::Kind::Heading) continue;
    if (b.kind == Block::Kind::Code) {
      const int before = f.acting + f.observing + f.unknown;
      std::istringstream in(b.text);
      int n = 0;
      for (std::string line; std::getline(in, line) && n < 400; ++n)
        count_command(line, f);
      const std::string info = lower(b.info);
      const bool data = info == "json" || info == "yaml" || info == "yml" || info == "text" ||
                        info == "txt" || info == "output" || info == "console-output";
      if (f.acting + f.observing + f.unknown == before || data) ++f.output_code;
      if (holds_cron_schedule(b.text)) ++f.cron_code;
      if (holds_alert_rule(b)) ++f.alert_rules;
      if (has(previous, "output") || has(previous, "should see") || has(previous, "should look") ||
          has(previous, "returns") || has(previous, "example response") || has(previous, "you will see"))
        ++f.output_lead;
      else if (f.acting + f.observing + f.unknown > before && !data)
        ++f.run_code;
      previous.clear();
      continue;
    }
    if (b.kind == Block::Kind::TableRow) {
      if (b.header) continue;
      std::string row;
      for (const auto& c : b.cells)
        row += c + " ";
      ++f.lines;
      if (looks_like_phone(row) || looks_like_email(row)) ++f.people;
      const auto first = b.cells.empty() ? std::vector<std::string>() : words_of(b.cells.front(), 2);
      if (!first.empty() && frequency_word(first[0])) ++f.schedule;
      continue;
    }
    const std::string text = bare(b.text);
    const std::string t = lower(text);
    previous = t;
    ++f.lines;
    if (b.kind == Block::Kind::ListItem) {
      ++f.items;
      if (headings.lists(b.text)) ++f.toc;
    }
    for (const auto& code : b.inline_code)
      count_command(code, f);
    const auto w = words_of(t, 8);
    if (!w.empty()) {
      if (verbs().count(w[0]) || (w[0] == "please" && w.size() > 1 && verbs().count(w[1])))
        ++f.imperative;
      else if (described_verb(w[0]) || (w.size() > 1 && described_verb(w[1]) && !verbs().count(w[1])))
        ++f.described;
    }
    if (!t.empty() && t.find('?') != std::string::npos && t.find('?') + 3 >= t.size()) ++f.questions;
    bool person = looks_like_phone(text) || looks_like_email(text);
    if (!person) {
      // "@alice", "#incident-room" chat handles, or a line that names a role ("SRE lead: ...").
      const auto at = text.find('@');
      person = at != std::string::npos && (at == 0 || text[at - 1] == ' ') && at + 1 < text.size() &&
               std::isalpha(static_cast<unsigned char>(text[at + 1]));
      const auto head = words_of(t.substr(0, t.find(':') == std::string::npos ? 40 : t.find(':')), 5);
      if (!person && t.find(':') != std::string::npos && t.find(':') < 40)
        person = std::any_of(head.begin(), head.end(), role_word);
    }
    if (person) ++f.people;
    for (const char* k : {"issue:", "problem:", "symptom:", "symptoms:", "solution:", "cause:", "error:",
                          "resolution:", "fix:", "workaround:"}) {
      if (t.rfind(k, 0) == 0) {
        ++f.issue;
        break;
      }
    }
    if (!w.empty() && (w[0] == "always" || w[0] == "never" || w[0] == "avoid" || w[0] == "prefer" ||
                       w[0] == "keep" || w[0] == "don't" || w[0] == "do" || has(t, " should ")))
      ++f.advice;
    if (has(t, "root cause") || has(t, "lessons") || has(t, "postmortem") || has(t, "post-mortem") ||
        has(t, "post-incident") || has(t, "prevent") || has(t, "retrospective") || has(t, "action item") ||
        has(t, "blameless"))
      ++f.post;
    if (has(t, "drill") || has(t, "game day") || has(t, "gameday") || has(t, "quarterly") ||
        has(t, "intentionally") || has(t, "rehears") || has(t, "exercise"))
      ++f.rehearse;
    if (!w.empty() && (frequency_word(w[0]) || (w[0] == "every" && w.size() > 1))) ++f.schedule;
    if (!w.empty() &&
        (w[0] == "create" || w[0] == "set" || w[0] == "configure" || w[0] == "add" || w[0] == "enable" ||
         w[0] == "build" || w[0] == "define") &&
        (has(t, "dashboard") || has(t, "alarm") || has(t, "alert rule") || has(t, "alerting") ||
         has(t, "metric filter") || has(t, "uptime check")))
      ++f.monitoring;
    if (has(t, "cost") || has(t, "per month") || has(t, "/month") || has(t, "billing") || has(t, "pricing"))
      ++f.cost;
    if (b.kind != Block::Kind::Heading && symptom_lead_in(t.substr(0, t.find('\n')))) ++f.issue;
    if (b.emphasised && names_problem(text)) ++f.labelled_symptoms;
    if (states_recurrence(t)) {
      ++f.recurrences;
      if (speaks_of_testing(t)) ++f.recurring_tests;
    }
    if (!w.empty() && ((w[0] == "alert" && w.size() > 1 && (w[1] == "on" || w[1] == "when" || w[1] == "if")) ||
                       (w[0] == "page" && w.size() > 1 && (w[1] == "when" || w[1] == "if"))))
      ++f.alert_rules;
    if (t.find("___") != std::string::npos || has(t, "[yyyy") || has(t, "<date>") || has(t, "[date") ||
        has(t, "[name") || has(t, "<name>") || has(t, "tbd"))
      ++f.template_fields;
  }
  return f;
}

// Evidence of material that is not the procedure, read from content (docs/runbook-import.md, "Symptoms as
// labels", "Alert rules and queries", "Routines on a calendar"): symptoms written as bold labels are
// troubleshooting; alert rules and monitoring queries are what to watch (triggers); a test on a calendar
// (a rehearsal) or a job on a cron schedule (upkeep) is a routine, whatever commands it runs, unless the
// title names going back without speaking of testing ("Restore" over "tested monthly" stays the procedure).
template <std::size_t N>
void add_routine_evidence(std::string_view title, const Features& f, std::array<int, N>& score,
                          std::array<std::string, N>& why) {
  const auto add = [&](SectionKind k, int points, const std::string& reason) {
    if (points <= 0) return;
    score[static_cast<std::size_t>(k)] += points;
    auto& w = why[static_cast<std::size_t>(k)];
    w += (w.empty() ? "" : ", ") + reason;
  };
  if (f.labelled_symptoms >= 2)
    add(SectionKind::Troubleshooting, 2 * f.labelled_symptoms,
        std::to_string(f.labelled_symptoms) + " label(s) naming a problem");
  add(SectionKind::Triggers, 3 * f.alert_rules, std::to_string(f.alert_rules) + " alert rule(s) or query(ies)");
  const std::string t = lower(title);
  const int tests = f.recurring_tests > 0 ? f.recurring_tests : speaks_of_testing(t) ? f.recurrences : 0;
  if (tests == 0 && f.cron_code == 0) return;
  if (names_going_back(title) && !speaks_of_testing(t)) return;
  // A test on a calendar rehearses the procedure; a job on a cron schedule, or a schedule the section
  // lists already, keeps it ready.
  const bool schedule = score[static_cast<std::size_t>(SectionKind::Upkeep)] > 0;
  const SectionKind kind =
      !schedule && (tests > 0 || score[static_cast<std::size_t>(SectionKind::Rehearsal)] > 0)
          ? SectionKind::Rehearsal
          : SectionKind::Upkeep;
  const int top = *std::max_element(score.begin(), score.end());
  add(kind, std::max(1, top + 1 - score[static_cast<std::size_t>(kind)]),
      tests > 0 ? "a test on a calendar (" + std::to_string(tests) + " line(s))"
                            : "a job on a cron schedule");
}

}  // namespace

HeadingIndex::HeadingIndex(const std::vector<std::string>& headings) {
  for (const auto& h : headings)
    normal_.insert(normal(h));
}

bool HeadingIndex::lists(std::string_view text) const {
  if (normal_.empty()) return false;
  const std::string n = normal(text);
  return !n.empty() && normal_.count(n) > 0;
}

SectionEvidence classify_section(std::string_view title, const std::vector<Block>& blocks,
                                 const std::vector<std::string>& headings) {
  return classify_section(title, blocks, HeadingIndex(headings));
}

SectionEvidence classify_section(std::string_view title, const std::vector<Block>& blocks,
                                 const HeadingIndex& headings) {
  const std::string t = title_words(title);
  const Features f = features_of(blocks, headings);
  constexpr std::size_t kinds = static_cast<std::size_t>(SectionKind::OtherOperation) + 1;
  std::array<int, kinds> score{};
  std::array<std::string, kinds> why;
  const auto add = [&](SectionKind k, int points, const std::string& reason) {
    if (points <= 0) return;
    score[static_cast<std::size_t>(k)] += points;
    auto& w = why[static_cast<std::size_t>(k)];
    w += (w.empty() ? "" : ", ") + reason;
  };
  using K = SectionKind;
  // The title: one feature among the others, worth a few lines of content.
  const auto titled = [&](K k, std::initializer_list<const char*> needles) {
    if (any_of_words(t, needles)) add(k, 4, "its title");
  };
  titled(K::Contents, {" table of contents ", " contents ", " toc ", " index "});
  // "Email the stakeholders", "Notify the owners": telling people is a step, not a list of them.
  if (!names_communication(title))
    titled(K::Contacts,
           {" contact", " escalation path", " escalation matrix", " escalation contacts", " on-call ",
            " who to call", " owners ", " stakeholders ", " responsibilities ", " roles "});
  titled(K::Troubleshooting, {" troubleshoot", " common issues ", " known issues ", " faq ", " debugging ",
                              " diagnos", " common problems ", " gotchas ", " issue ", " common errors ",
                              " if things go wrong ", " pitfalls ", " common failures ", " known failures ",
                              " known problems "});
  // A title about after the incident over instructions none of which is about after it ("Afterwards":
  // check the dashboard, tell the channel) is the end of the procedure: the title weighs less.
  titled(K::PostIncident,
         {" post-incident ", " post incident ", " postmortem ", " post-mortem ", " lessons learned ",
          " retrospective ", " root cause ", " after the incident ", " prevention "});
  if (score[static_cast<std::size_t>(K::PostIncident)] == 0 &&
      any_of_words(t, {" follow-up ", " follow up ", " afterwards "}))
    add(K::PostIncident, f.post == 0 && (f.imperative >= 2 || f.observing + f.acting > 0) ? 1 : 4,
        "its title");
  titled(K::Examples, {" example ", " examples ", " sample ", " samples ", " illustrat"});
  titled(K::ExpectedOutput, {" expected output ", " sample output ", " output "});
  titled(K::Templates, {" template ", " templates "});
  titled(K::References, {" references ",
                         " related ",
                         " see also ",
                         " links ",
                         " resources ",
                         " glossary ",
                         " changelog ",
                         " revision history ",
                         " document history ",
                         " version history ",
                         " appendix ",
                         " metadata ",
                         " useful commands ",
                         " cheat sheet ",
                         " cheatsheet ",
                         " quick reference ",
                         " command reference ",
                         " commands reference ",
                         " reference ",
                         " common commands ",
                         " handy commands ",
                         " command summary ",
                         " further reading ",
                         " official docs ",
                         " docs "});
  // "Success criteria" after a change: what to check, not when to start.
  if (names_success_criteria(title))
    add(K::Verification, 4, "its title names the criteria of success");
  else
    titled(K::Triggers,
           {" when to roll", " when to execute ", " when to use ", " when to invoke ", " triggers ",
            " trigger ", " criteria ", " symptoms ", " detection ", " decision matrix ", " decision tree ",
            " alerting ", " alerts ", " prometheus ", " monitoring setup "});
  titled(K::Overview,
         {" overview ", " purpose ", " scope ", " introduction ", " background ", " summary ", " goals ",
          " prerequisites ", " prerequisite ", " requirements ", " before you start ", " before you begin ",
          " installation ", " setup ", " limitations ", " understanding ", " how it works ", " works "});
  titled(K::Practices, {" best practices ", " best practice ", " tips ", " guidelines ", " recommendations ",
                        " do's ", " dos and ", " principles ", " philosophy "});
  titled(K::Rehearsal,
         {" drill ", " drills ", " gameday ", " game day ", " exercise ", " exercises ", " scenarios we ",
          " cadence ", " rollback test ", " rollback tests ", " rollback testing ", " testing rollback ",
          " testing the rollback ", " restore test ", " restore tests ", " restore testing ",
          " failover test ", " failover testing "});
  // "DR Testing Schedule", "Maintenance", "Cost Optimization", "Dashboards and Alarms": keeping the
  // procedure ready, not running it ("maintenance mode" / "maintenance page" is a step's subject).
  if (!any_of_words(t, {" maintenance mode ", " maintenance page ", " maintenance window "}))
    titled(K::Upkeep, {" maintenance "});
  titled(K::Upkeep, {" schedule ",
                     " testing schedule ",
                     " test schedule ",
                     " dr testing ",
                     " dr test ",
                     " dr tests ",
                     " regular testing ",
                     " review cycle ",
                     " cost ",
                     " costs ",
                     " cost optimization ",
                     " billing ",
                     " dashboard ",
                     " dashboards ",
                     " alarms ",
                     " monitoring and alerting ",
                     " monthly ",
                     " quarterly ",
                     " weekly ",
                     " annually ",
                     " annual ",
                     " continuous improvement ",
                     " plan updates ",
                     " keeping this "});
  titled(K::Verification, {" verify ", " verification ", " validate ", " validation ", " post-rollback ",
                           " after rollback ", " health check ", " smoke test ", " checks "});
  // "Error: \"Database does not exist\"", "Erreur : ...", "Problem: pods stuck": a heading led by the
  // word for an error or a problem names one entry of a troubleshooting list.
  {
    const std::string head(title.substr(0, title.find(':')));
    const auto lead = words_of(head, 3);
    static const std::set<std::string> problem_words{"error",    "erreur",   "fehler",   "issue",
                                                     "problem",  "probleme", "problema", "symptom",
                                                     "symptoms", "failure",  "erro",     "incidencia"};
    if (title.find(':') != std::string_view::npos && lead.size() == 1 &&
        (problem_words.count(lead[0]) || lead[0].rfind("probl", 0) == 0 || lead[0].rfind("sympt", 0) == 0))
      add(K::Troubleshooting, 4, "its title names a problem");
  }
  // "If the rollback itself fails", "If X does not work": what to do when the procedure goes wrong.
  if (t.rfind(" if ", 0) == 0 &&
      any_of_words(t, {" fail", " error", " stuck", " not ", " doesn't ", " does not ", " broken "}))
    add(K::Troubleshooting, 4, "its title is a contingency");
  if (names_communication(title)) add(K::Procedure, 4, "its title tells people");
  // The document's own words for its procedure.
  if (any_of_words(t, {" procedure ", " procedures ", " steps ", " rollback ", " roll back ", " restore ",
                       " recovery ", " failover ", " revert ", " method ", " option ", " how to ",
                       " runbook ", " quick ", " emergency ", " manual "}))
    add(K::Procedure, 2, "its title names a procedure");

  // Content.
  add(K::Procedure, std::min(2 * f.acting, 8), std::to_string(f.acting) + " command(s) that act");
  add(K::Procedure, std::min(f.imperative, 6), std::to_string(f.imperative) + " instruction(s)");
  add(K::Verification, std::min(f.observing, 4) - (f.acting > 0 ? 2 : 0),
      std::to_string(f.observing) + " command(s) that check");
  add(K::Contents, f.toc >= 3 && 2 * f.toc >= f.items ? 2 * f.toc : 0,
      std::to_string(f.toc) + " item(s) naming headings of the document");
  add(K::Contacts, f.people >= 2 || (f.people >= 1 && f.lines <= 3) ? 2 * f.people : 0,
      std::to_string(f.people) + " line(s) naming people");
  add(K::Troubleshooting, 2 * f.issue + (f.questions >= 2 ? f.questions : 0),
      std::to_string(f.issue) + " issue / solution line(s), " + std::to_string(f.questions) + " question(s)");
  add(K::PostIncident, f.post >= 2 ? 2 * f.post : 0,
      std::to_string(f.post) + " line(s) about after the incident");
  // Output shown beside a command to run ("Run the queue report", then its expected output) is that
  // command's output: the section is the command's.
  add(K::ExpectedOutput,
      f.output_lead > 0 && f.acting == 0 && f.run_code == 0 ? 2 * f.output_lead + f.output_code : 0,
      "output shown");
  add(K::Templates, f.template_fields >= 2 ? 2 * f.template_fields : 0,
      std::to_string(f.template_fields) + " field(s) to fill in");
  add(K::Practices, f.advice >= 2 && f.imperative <= f.advice ? f.advice : 0,
      std::to_string(f.advice) + " line(s) of advice");
  add(K::Rehearsal, f.rehearse >= 1 ? 2 * f.rehearse : 0, "it rehearses");
  add(K::Upkeep,
      (f.schedule >= 2 ? 2 * f.schedule : 0) + (f.monitoring >= 2 ? 2 * f.monitoring : 0) +
          (f.cost >= 2 ? f.cost : 0),
      std::to_string(f.schedule) + " line(s) led by a frequency, " + std::to_string(f.monitoring) +
          " dashboard / alarm set-up(s), " + std::to_string(f.cost) + " line(s) about costs");
  add(K::Narrative, f.described >= 2 && f.described > f.imperative ? 2 * f.described : 0,
      std::to_string(f.described) + " line(s) describing what happens");
  add_routine_evidence(title, f, score, why);

  SectionEvidence out;
  std::size_t best = static_cast<std::size_t>(K::Procedure);
  for (std::size_t k = 0; k < kinds; ++k) {
    if (score[k] > score[best]) best = k;
  }
  // A tie between the procedure and what the title names ("Limitations" over sentences that mention a
  // script), with no instruction in the section: the title decides.
  if (best == static_cast<std::size_t>(K::Procedure) && f.imperative == 0) {
    for (std::size_t k = 0; k < kinds; ++k) {
      if (k != best && k != static_cast<std::size_t>(K::Verification) && score[k] == score[best] &&
          score[k] > 0 && why[k].rfind("its title", 0) == 0) {
        best = k;
        break;
      }
    }
  }
  out.kind = static_cast<SectionKind>(best);
  out.score = score[best];
  out.why = why[best];
  return out;
}

bool describes_people(std::string_view title, const std::vector<Block>& blocks) {
  std::string t(title);
  const auto colon = t.find_first_of(":-–(");
  const auto name = words_of(colon == std::string::npos ? t : t.substr(colon + 1), 8);
  const bool role_title = std::any_of(name.begin(), name.end(), role_word) &&
                          std::none_of(name.begin(), name.end(), [](const std::string& w) {
                            return w == "rollback" || w == "restore" || w == "revert" || w == "failover" ||
                                   w == "recovery" || w == "redeploy";
                          });
  const Features f = features_of(blocks, HeadingIndex());
  if (f.acting > 0) return false;
  return role_title || (f.people >= 1 && f.imperative <= f.people);
}

bool names_rollback_tier(std::string_view title) {
  std::string t(title);
  if (const auto open = t.find('('); open != std::string::npos && open > 0) t = t.substr(0, open);
  const auto w = words_of(bare(t));
  if (w.empty()) return false;
  if (verbs().count(w.front()) && w.front() != "rollback" && w.front() != "roll") return false;
  for (const auto& word : w) {
    if (word.rfind("post-", 0) == 0 || word.rfind("pre-", 0) == 0 || word == "after" || word == "before")
      return false;
    // What is done about rollbacks rather than a kind of rollback: fixing one that failed, testing or
    // rehearsing them ("6. Troubleshooting Failed Rollbacks", "4. Testing Rollbacks").
    for (const char* stem : {"troubleshoot", "debug", "diagnos", "faq", "test", "drill", "rehears", "practic",
                             "failed", "failing", "unsuccessful", "stuck", "postmortem", "lesson", "retrospect"}) {
      if (word.rfind(stem, 0) == 0) return false;
    }
  }
  if (w.back() == "rollback" || w.back() == "rollbacks") return true;
  // "Rollback of the edge proxy" names what is rolled back; "Rollback Execution", "Rollback
  // Verification", "Rollback Types" name work on the rollback or a list of them, not a kind of rollback.
  if (w.front() != "rollback") return false;
  return w.size() == 1 || w[1] == "of" || w[1] == "for" || w[1] == "via" || w[1] == "by" || w[1] == "using";
}

bool names_going_back(std::string_view text) {
  const auto w = words_of(text, 4096);
  for (std::size_t i = 0; i < w.size(); ++i) {
    const std::string& x = w[i];
    for (const char* stem : {"rollback", "roll-back", "rolled-back", "revert", "restor", "recover", "undo",
                             "failover", "fail-over", "failback", "fallback", "fall-back", "previous",
                             "downgrad", "known-good", "rewind", "pitr", "backout"}) {
      if (x.rfind(stem, 0) == 0) return true;
    }
    // Promoting a replica or a standby is failing over to it ("gcloud sql instances promote-replica",
    // "promote the standby", "pg_promote()").
    if (x.rfind("promote-replica", 0) == 0 || x.rfind("promote-read-replica", 0) == 0) return true;
    if (x == "promote" || x == "promoting" || x == "promoted" || x == "promotes") {
      for (std::size_t j = i + 1; j < w.size() && j <= i + 3; ++j) {
        if (w[j] == "replica" || w[j] == "replicas" || w[j] == "standby" || w[j] == "secondary" ||
            w[j] == "follower")
          return true;
      }
    }
    if (x == "pg" && i + 1 < w.size() && w[i + 1] == "promote") return true;
    if (i + 1 < w.size()) {
      const std::string& y = w[i + 1];
      if ((x == "roll" || x == "rolling" || x == "rolled" || x == "switch" || x == "go" || x == "fall" ||
           x == "fail" || x == "flip" || x == "move" || x == "swap") &&
          (y == "back" || y == "over"))
        return true;
      if ((x == "back" || x == "backing" || x == "backed") && y == "out") return true;
      if ((x == "going" || x == "goes" || x == "went") && y == "back") return true;  // "Going back to blue".
      // A pronoun between the verb and "back": "Roll it back", "switch them back".
      if ((x == "roll" || x == "rolling" || x == "switch" || x == "switching" || x == "flip" || x == "move" ||
           x == "swap") &&
          (y == "it" || y == "them" || y == "this" || y == "that" || y == "everything") && i + 2 < w.size() &&
          w[i + 2] == "back")
        return true;
      if ((x == "last" && (y == "known" || y == "good" || y == "stable")) || (x == "older" && y == "version"))
        return true;
      // What is moved back names its object first: "Take the traffic back", "Bring version 1 back",
      // "Send the users back to blue", "Point DNS back at the old load balancer", "Roll the release back"
      // (not "back up").
      if (x == "roll" || x == "rolling" || x == "take" || x == "taking" || x == "bring" || x == "bringing" ||
          x == "send" || x == "sending" ||
          x == "put" || x == "putting" || x == "shift" || x == "shifting" || x == "route" || x == "routing" ||
          x == "point" || x == "pointing" || x == "move" || x == "moving" || x == "switch" ||
          x == "switching") {
        for (std::size_t j = i + 2; j < w.size() && j <= i + 4; ++j) {
          if (w[j] == "back" && (j + 1 == w.size() || w[j + 1] != "up")) return true;
        }
      }
    }
  }
  return false;
}

namespace {

bool forward_word(const std::string& w) {
  static const std::set<std::string> words{
      "deploy",   "deploying",  "deployment", "deployments",  "release",    "releasing",  "releases",
      "promote",  "promoting",  "promotion",  "upgrade",      "upgrading",  "install",    "installing",
      "publish",  "publishing", "provision",  "provisioning", "launch",     "onboarding", "ship",
      "shipping", "break",      "breaking",   "simulate",     "simulating", "inject",     "injecting"};
  return words.count(w) > 0;
}

}  // namespace

bool describes_forward_operation(std::string_view title, const std::vector<Block>& blocks) {
  if (names_going_back(title) || names_switching_off(title)) return false;
  const auto tw = words_of(bare(title));
  // Shipping the release, or breaking it on purpose (a lab's "Ship the broken version", "Simulate the
  // failure"), comes before the way back; "break glass" is a way back.
  bool forward = std::any_of(tw.begin(), tw.end(), forward_word) && !has(title_words(title), " break glass ");
  // Turning a feature on or setting something up ("Progressive enablement", "Enable the flag for 10 %",
  // "Setup", "Getting started"), unless what it turns on is the way back (maintenance, read-only mode).
  const std::string padded = title_words(title);
  const bool numbered = !title.empty() && std::isdigit(static_cast<unsigned char>(title.front()));
  bool turning_on = false;
  if (!numbered &&
      !any_of_words(padded, {" maintenance ", " read-only ", " readonly ", " safe mode ", " degraded ",
                             " fallback ", " static "}) &&
      any_of_words(padded, {" enable ", " enabling ", " enablement ", " setup ", " set up ", " set-up ",
                            " getting started ", " bootstrap", " progressive rollout ", " gradual rollout ",
                            " rolling out ", " roll out ", " onboard", " back on ", " re-enable ",
                            " re-enabling ", " reenable ", " reenabling "}))
    turning_on = true;
  // Such a section may point once to the way back ("if errors rise, see Emergency disable").
  int going_back_blocks = 0;
  int instructions = 0;
  int forward_instructions = 0;
  for (const auto& b : blocks) {
    if (b.kind == Block::Kind::Heading) continue;
    const std::string text = b.kind == Block::Kind::TableRow ? std::string() : b.text;
    bool back = names_going_back(text) || names_going_back(b.info);
    for (const auto& c : b.cells)
      back = back || names_going_back(c);
    if (back && ++going_back_blocks > (turning_on ? 1 : 0)) return false;
    if (b.kind != Block::Kind::ListItem && b.kind != Block::Kind::Paragraph) continue;
    const auto w = words_of(lower(bare(text)), 2);
    if (w.empty() || !verbs().count(w[0])) continue;
    ++instructions;
    if (w[0] == "deploy" || w[0] == "release" || w[0] == "promote" || w[0] == "merge" || w[0] == "publish" ||
        w[0] == "upgrade" || w[0] == "install" || w[0] == "ship")
      ++forward_instructions;
  }
  forward = forward || turning_on || (forward_instructions >= 1 && instructions >= 2);
  return forward;
}

std::string means_of(std::string_view title) {
  std::string t = lower(bare(title));
  // Leading emoji, numbering and marks: the words decide.
  while (!t.empty() && !std::isalnum(static_cast<unsigned char>(t[0])))
    t.erase(0, 1);
  const auto w = words_of(t, 12);
  if (w.empty()) return {};
  if (w.size() >= 2 && (w[0] == "using" || w[0] == "via" || w[0] == "with" || w[0] == "for" || w[0] == "on" ||
                        w[0] == "through" || w[0] == "by"))
    return "using";
  static const std::set<std::string> platforms{"kubernetes", "k8s",       "docker",      "docker-compose",
                                               "compose",    "heroku",    "ecs",         "aws",
                                               "gcp",        "azure",     "helm",        "argocd",
                                               "argo",       "vercel",    "netlify",     "systemd",
                                               "nomad",      "lambda",    "cloudflare",  "terraform",
                                               "ansible",    "console",   "cli",         "ui",
                                               "kubectl",    "openshift", "fly",         "railway",
                                               "render",     "github",    "gitlab",      "powershell",
                                               "bash",       "windows",   "linux",       "macos",
                                               "google",     "gke",       "eks",         "aks",
                                               "on-prem",    "openstack", "digitalocean"};
  if (platforms.count(w[0]) && (w.size() == 1 || w.size() <= 3 || names_going_back(t))) return "platform";
  if (w[0] == "manual" || w[0] == "manually" || w[0] == "automatic" || w[0] == "automated" ||
      w[0] == "scripted" || w[0] == "one-click")
    return "manner";
  return {};
}

bool marked_last_resort(std::string_view title) {
  const std::string t = title_words(title);
  return has(t, " fallback ") || has(t, " last resort ") || has(t, " break glass ") ||
         has(t, " break-glass ") || has(t, " avoid ") || has(t, " if all else fails ");
}

bool names_whole_system(std::string_view title) {
  const std::string t = title_words(title);
  return any_of_words(t, {" full ", " complete ", " entire ", " whole ", " everything ", " all services ",
                          " all components ", " system-wide ", " full-system "});
}

bool names_per_component(std::string_view title) {
  const std::string t = title_words(title);
  return any_of_words(t, {" component ", " components ", " component-specific ", " per-component ",
                          " per-service ", " per service ", " individual ", " service-specific "});
}

namespace {

// The lead-in of a paragraph or list item: its words before a colon ("What happened", "Message").
std::string lead_in(const Block& b) {
  const std::string first = b.text.substr(0, b.text.find('\n'));
  const auto colon = first.find(':');
  if (colon == std::string::npos || colon > 40) return {};
  return title_words(first.substr(0, colon));
}

}  // namespace

bool describes_alert(std::string_view title, const std::vector<Block>& blocks) {
  const std::string t = title_words(title);
  if (any_of_words(t, {" alert ", " alerts ", " alarm "})) return true;
  int seen = 0;
  for (const auto& b : blocks) {
    if (b.kind != Block::Kind::Paragraph && b.kind != Block::Kind::ListItem) continue;
    if (++seen > 3) break;
    const std::string lead = lead_in(b);
    if (lead == " what happened " || lead == " message " || lead == " what it means " ||
        lead == " symptom " || lead == " symptoms " || lead == " alert " || lead == " fired when " ||
        lead == " triggered when ")
      return true;
  }
  return false;
}

bool alert_about_errors(std::string_view title, const std::vector<Block>& blocks) {
  const auto errors = [](const std::string& padded) {
    return any_of_words(padded, {" error ", " errors ", " 5xx ", " 500s ", " failing "});
  };
  if (errors(title_words(title))) return true;
  int seen = 0;
  for (const auto& b : blocks) {
    if (b.kind != Block::Kind::Paragraph && b.kind != Block::Kind::ListItem) continue;
    if (++seen > 3) break;
    if (!lead_in(b).empty() && errors(title_words(b.text.substr(0, b.text.find('\n'))))) return true;
  }
  return false;
}

bool names_situation(std::string_view title) {
  std::string t = lower(bare(title));
  // "Scenario N" in a few other languages ("Escenario 2", "Scénario 1", "场景1: ..."), after a mark if any.
  for (const char* other : {"escenario ", "scénario ", "szenario ", "cenário ", "\xe5\x9c\xba\xe6\x99\xaf",
                            "\xe6\x83\x85\xe6\x99\xaf"})
    if (const auto at = t.find(other); at != std::string::npos && at <= 8) return true;
  while (!t.empty() && !std::isalnum(static_cast<unsigned char>(t[0])))
    t.erase(0, 1);
  const auto w = words_of(t, 3);
  if (w.size() < 2) return false;
  // A title that is a condition ("If the deployment is bad", "When the database is corrupted", "In case
  // of a region outage"): the section answers that situation. Not a contingency of the procedure itself
  // ("If the rollback fails"), nor a check ("If unsure, check ...").
  if (w[0] == "if" || w[0] == "when" || (w[0] == "in" && w[1] == "case")) {
    const std::string padded = title_words(t);
    return !names_going_back(t) && !names_checking(t) &&
           !any_of_words(padded, {" unsure ", " in doubt ", " not sure ", " needed ", " necessary ",
                                  " applicable ", " possible ", " required ", " you "});
  }
  // "DR-001: Primary database failure", "INC-2 - ...": an identifier of one entry in a catalogue.
  if (const auto dash = w[0].find('-');
      dash != std::string::npos && dash >= 1 && dash <= 5 && dash + 1 < w[0].size() &&
      std::all_of(w[0].begin(), w[0].begin() + static_cast<std::ptrdiff_t>(dash),
                  [](char c) { return std::isalpha(static_cast<unsigned char>(c)); }) &&
      std::all_of(w[0].begin() + static_cast<std::ptrdiff_t>(dash) + 1, w[0].end(),
                  [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
    return true;
  return w[0] == "scenario" || w[0] == "case" || w[0] == "situation" || w[0] == "incident" ||
         w[0] == "playbook" || w[0] == "runbook" ||
         (w[0] == "failure" && (w[1] == "type" || w[1] == "mode" || t.find(':') != std::string::npos));
}

bool says_choose_one(const std::vector<Block>& blocks) {
  int seen = 0;
  for (const auto& b : blocks) {
    if (b.kind == Block::Kind::Heading) break;
    if (b.kind != Block::Kind::Paragraph && b.kind != Block::Kind::ListItem) continue;
    if (++seen > 4) break;
    const std::string t = title_words(b.text);
    // "Pick the section that matches what went wrong", "Roll back only the layer whose release failed",
    // "Use whichever applies", "The sections are independent of each other".
    if (any_of_words(t, {" pick the section ", " pick the one ", " choose the section ", " choose one ",
                         " pick one ", " only the layer ", " only the component ", " only the section ",
                         " only the part ", " only the service ", " whichever applies ",
                         " whichever matches ", " that matches what ", " independent of each other ",
                         " sections are independent ", " go to the section ", " use the section "}))
      return true;
  }
  return false;
}

bool names_phase(std::string_view title) {
  const std::string t = title_words(title);
  // "After the rollback", "Once rolled back", "Post-rollback": the time after going back, not a way of
  // doing it. (What comes before it, "Testing before rollback", may be a way of its own.)
  if (any_of_words(t, {" after ", " afterwards ", " once ", " following "})) return true;
  for (const auto& w : words_of(title, 12)) {
    if (w.rfind("post-", 0) == 0) return true;
  }
  return false;
}

bool checkbox_text(std::string_view text) {
  std::string_view t = text;
  while (!t.empty() && (t.front() == ' ' || t.front() == '-' || t.front() == '*' || t.front() == '>'))
    t.remove_prefix(1);
  if (t.rfind("[ ]", 0) == 0 || t.rfind("[x]", 0) == 0 || t.rfind("[X]", 0) == 0) return true;
  // U+2610 ballot box, U+2611 / U+2612 checked, U+25A1 white square, U+2705 check mark button, U+2714.
  for (const char* box :
       {"\xe2\x98\x90", "\xe2\x98\x91", "\xe2\x98\x92", "\xe2\x96\xa1", "\xe2\x9c\x85", "\xe2\x9c\x94"}) {
    if (t.rfind(box, 0) == 0) return true;
  }
  return false;
}

bool names_situations(std::string_view title) {
  const std::string t = title_words(title);
  return any_of_words(
      t, {" scenarios ",          " disaster scenarios ", " incident types ",    " types of incident",
          " failure modes ",      " failure types ",      " failure scenarios ", " common incidents ",
          " incident playbooks ", " playbooks ",          " situations ",        " use cases ",
          " by incident ",        " per incident ",       " by failure ",        " methods ",
          " strategies ",         " approaches ",         " ways to ",           " mechanisms ",
          " rollback options ",   " recovery options ",   " restore options ",   " rollback types ",
          " types of rollback "});
}

bool names_failback(std::string_view title) {
  const std::string t = title_words(title);
  return any_of_words(t, {" failback ", " fail back ", " fail-back ", " failing back ", " return to primary ",
                          " return to the primary ", " returning to primary ", " returning to the primary ",
                          " back to primary ", " back to the primary "});
}

bool names_follow_up(std::string_view text) {
  const std::string t = title_words(text);
  // Filing a ticket, even one for the review, is done during the incident.
  if (any_of_words(t, {" ticket ", " tickets ", " issue tracker "})) return false;
  // Evidence kept now for later ("Capture the current state for the post-mortem") is a step now.
  if (any_of_words(t, {" for the post-mortem ", " for the postmortem ", " for the post mortem ",
                       " for the rca ", " for the root cause ", " for the retrospective ",
                       " for post-mortem ", " for postmortem ", " for the review "}))
    return false;
  return any_of_words(t, {" root cause ",
                          " root-cause ",
                          " rca ",
                          " lessons ",
                          " learning ",
                          " learnings ",
                          " postmortem ",
                          " post-mortem ",
                          " post mortem ",
                          " retrospective ",
                          " retro ",
                          " blameless ",
                          " prevention ",
                          " guardrail ",
                          " guardrails ",
                          " write up ",
                          " write-up ",
                          " writeup ",
                          " fix forward ",
                          " fix-forward ",
                          " fix the issue ",
                          " fix the bug ",
                          " fix the root ",
                          " update the runbook ",
                          " update runbook ",
                          " update this runbook ",
                          " update runbooks ",
                          " action items "});
}

bool names_record_keeping(std::string_view text) {
  // The step's own words: not the command after its title ("Record the digest: ./bin/record ...").
  std::string own = bare(text);
  own = own.substr(0, std::min(own.find(": "), own.find('`')));
  const auto w = words_of(own, 24);
  if (w.size() < 2) return false;
  static const std::set<std::string> record_verbs{
      "open",   "create",  "file", "raise",  "document", "record",  "write", "log",     "fill",  "attach",
      "update", "capture", "save", "export", "collect",  "archive", "add",   "prepare", "draft", "submit"};
  if (!record_verbs.count(w[0])) return false;
  if (w[0] == "log" && (w[1] == "in" || w[1] == "into" || w[1] == "on" || w[1] == "onto")) return false;
  // Updating the incident's own ticket or log keeps the live record; updating the docs is follow-up.
  if (w[0] == "update")
    return std::any_of(w.begin() + 1, w.end(), [](const std::string& x) {
      return x == "docs" || x == "documentation" || x == "doc" || x == "changelog" || x == "postmortem" ||
             x == "post-mortem";
    });
  static const std::set<std::string> records{
      "ticket",   "tickets",    "issue",         "issues", "report",     "reports",    "timeline",
      "log",      "logs",       "notes",         "draft",  "jira",       "evidence",   "metrics",
      "incident", "screenshot", "screenshots",   "fix",    "hotfix",     "changelog",  "journal",
      "doc",      "docs",       "documentation", "review", "postmortem", "post-mortem"};
  // A record of the way back itself ("Update the ticket with the rollback reason", "Record the restore in
  // the incident log") is the operation's own audit trail, kept as it is done. The step's own words
  // decide, not the fields listed after them ("Add a line to the drill log: date, who restored").
  if (names_going_back(own)) return false;
  return std::any_of(w.begin() + 1, w.end(), [](const std::string& x) { return records.count(x) > 0; });
}

namespace {

// "Load balancer not responding", "Backup job not running": a thing whose first word is also a verb
// ("load", "backup"), then a state negated ("not responding"). An instruction has its object after the
// verb ("Restart the pods not responding" names no state of the verb's own noun), so: no article after
// the first word, and the negated state after the second.
bool stated_failure_of_thing(const std::vector<std::string>& w) {
  static const std::set<std::string> articles{"the", "a", "an", "all", "any", "each", "every", "your", "our",
                                              "this", "that", "these", "those", "it", "them", "its"};
  if (w.size() < 4 || articles.count(w[1])) return false;
  for (std::size_t i = 2; i + 1 < w.size(); ++i) {
    if (w[i] != "not") continue;
    const std::string& x = w[i + 1];
    if (x.size() > 4 && x.compare(x.size() - 3, 3, "ing") == 0) return true;  // "not responding"
    if (x == "ready" || x == "reachable" || x == "available" || x == "healthy") return true;
  }
  return false;
}

}  // namespace

bool names_problem(std::string_view title) {
  std::string t = lower(bare(title));
  // The title's own words, not a remark in parentheses ("Pre-flight (do NOT skip)").
  for (auto open = t.find('('); open != std::string::npos; open = t.find('(')) {
    const auto close = t.find(')', open);
    t.erase(open, close == std::string::npos ? std::string::npos : close - open + 1);
  }
  while (!t.empty() && !std::isalnum(static_cast<unsigned char>(t[0])))
    t.erase(0, 1);
  const auto w = words_of(t, 16);
  if (!w.empty() && verbs().count(w[0]) && stated_failure_of_thing(w)) return true;
  if (w.empty() || verbs().count(w[0]) || w[0] == "if" || w[0] == "when" || w[0] == "how" || w[0] == "why" ||
      w[0] == "what" || w[0] == "do" || w[0] == "don't" || w[0] == "never" || w[0] == "avoid")
    return false;
  const std::string padded = title_words(t);
  if (names_checking(t)) return false;
  static const std::set<std::string> problem{"error",
                                             "errors",
                                             "fail",
                                             "fails",
                                             "failed",
                                             "failing",
                                             "failure",
                                             "failures",
                                             "denied",
                                             "refused",
                                             "timeout",
                                             "timeouts",
                                             "stuck",
                                             "missing",
                                             "crash",
                                             "crashes",
                                             "crashing",
                                             "crashloop",
                                             "crashloopbackoff",
                                             "oom",
                                             "oomkilled",
                                             "hangs",
                                             "hanging",
                                             "unreachable",
                                             "throttled",
                                             "throttling",
                                             "blocked",
                                             "outage",
                                             "corrupted",
                                             "corruption",
                                             "lost",
                                             "leak",
                                             "slow",
                                             "slower",
                                             "degraded",
                                             "degradation",
                                             "spike",
                                             "spikes",
                                             "unresponsive",
                                             "overloaded",
                                             "saturated",
                                             "broken",
                                             "unavailable",
                                             "unhealthy",
                                             "exhausted",
                                             "expired",
                                             "conflict",
                                             "conflicts",
                                             "can't",
                                             "cannot",
                                             "won't",
                                             "doesn't"};
  // "Region down", "Database down" (not "Down migrations"); "Disk full" (not "Full rollback").
  for (std::size_t i = 1; i < w.size(); ++i) {
    if (w[i] == "down" && (i + 1 == w.size() || w[i + 1].rfind("migration", 0) != 0)) return true;
  }
  return std::any_of(w.begin(), w.end(), [](const std::string& x) { return problem.count(x) > 0; }) ||
         any_of_words(padded, {" in use ", " not found ", " not ready ", " not responding ", " not working ",
                               " not starting ", " not healthy ", " not reachable ", " not available ",
                               " not syncing ", " not loading ", " timed out ", " disk full ", " is full ",
                               " full disk ", " volume full ", " space full "});
}

ProblemSections problem_sections(const std::vector<SiblingSection>& siblings) {
  ProblemSections out;
  std::vector<std::size_t> problems;
  std::optional<std::size_t> procedure;  // The first sibling that names no problem and goes back or acts.
  for (std::size_t k = 0; k < siblings.size(); ++k) {
    const auto& s = siblings[k];
    if (names_situation(s.title)) continue;  // "Scenario 2: Data corruption": a situation, read as such.
    if (names_problem(s.title)) {
      if (s.holds_steps) problems.push_back(k);
    } else if (!procedure && s.holds_steps && (s.acts || names_going_back(s.title))) {
      procedure = k;
    }
  }
  if (problems.size() < 2) return out;
  // A troubleshooting list follows the procedure it troubleshoots; problem sections written before it
  // ("5XX spike investigation", "Throttling spike investigation", then "Rollback procedures") are the
  // incidents the document responds to: situations, one of which applies.
  std::vector<std::size_t> before;
  for (const std::size_t k : problems) {
    if (procedure && k > *procedure)
      out.troubleshooting.push_back(k);
    else
      before.push_back(k);
  }
  if (before.size() < 2) {
    if (procedure) out.troubleshooting = problems;
    return out;
  }
  out.situations = before;
  out.main = before.front();
  for (const std::size_t k : before) {
    if (about_bad_release(siblings[k].title)) {
      out.main = k;
      break;
    }
  }
  return out;
}

bool names_checking(std::string_view title) {
  const std::string t = title_words(title);
  return any_of_words(t, {" verify ", " verifying ", " verification ", " validate ", " validating ",
                          " validation ", " monitor ", " monitoring ", " health ", " smoke ", " confirm ",
                          " check ", " checks ", " checklist ", " pre-rollback ", " post-rollback "});
}

bool marked_urgent(std::string_view title) {
  const std::string t = title_words(title);
  return any_of_words(t, {" quick ", " quickly ", " emergency ", " immediate ", " immediately ", " fast ",
                          " express ", " tl dr ", " tl;dr ", " urgent "});
}

bool names_layer(std::string_view title) {
  const std::string t = title_words(title);
  return any_of_words(t, {" database ",     " databases ", " db ",       " schema ",        " migration ",
                          " migrations ",   " data ",      " frontend ", " front-end ",     " front end ",
                          " cdn ",          " cache ",     " config ",   " configuration ", " configmap ",
                          " configmaps ",   " secret ",    " secrets ",  " flag ",          " flags ",
                          " feature flag ", " dns ",       " storage ",  " backup ",        " backups "});
}

bool names_switching_off(std::string_view title) {
  const std::string t = title_words(title);
  if (any_of_words(t, {" disable ", " disabling ", " kill switch ", " kill-switch ", " killswitch ",
                       " turn off ", " turn the flag off ", " switch off ", " deactivate ", " flag off "}))
    return true;
  // "Turning the ranking off", "Switch the new checkout off": the verb, its object, then "off".
  const auto w = words_of(title);
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (w[i] != "turn" && w[i] != "turning" && w[i] != "switch" && w[i] != "switching") continue;
    for (std::size_t j = i + 1; j < w.size() && j <= i + 4; ++j)
      if (w[j] == "off") return true;
  }
  return false;
}

bool names_exercise(std::string_view title) {
  const std::string t = title_words(title);
  return any_of_words(
      t, {" lab ", " labs ", " tutorial ", " workshop ", " exercise ", " hands-on ", " walkthrough ",
          " walk-through ", " codelab ", " kata ", " demo ", " demos ", " demonstration "});
}

bool names_breaking_on_purpose(std::string_view title) {
  const std::string t = title_words(title);
  if (has(t, " break glass ")) return false;
  if (any_of_words(t, {" on purpose ", " deliberately ", " intentionally ", " simulate ", " simulating ",
                       " simulated ", " inject ", " injecting ", " break ", " breaking ", " sabotage "}))
    return true;
  // What is shipped is named as broken: "Broken deployment", "Deploy a problematic version".
  const bool broken = any_of_words(
      t, {" broken ", " problematic ", " faulty ", " buggy ", " bad ", " failing ", " crashing ", " bug "});
  const bool shipped =
      any_of_words(t, {" deploy ", " deploying ", " deployment ", " release ", " releasing ", " version ",
                       " upgrade ", " update ", " ship ", " push ", " build ", " image "});
  return broken && shipped;
}

std::string way_means(std::string_view title) {
  const std::string t = title_words(title);
  if (any_of_words(t, {" ui ", " console ", " dashboard ", " portal ", " web ", " gui ", " browser "}))
    return "ui";
  if (any_of_words(t, {" git ", " git-based ", " gitops ", " revert ", " commit "})) return "git";
  if (any_of_words(t, {" cli ", " command line ", " command-line ", " kubectl ", " helm ", " argocd ",
                       " terminal ", " api ", " script "}))
    return "cli";
  return {};
}

bool names_aborting(std::string_view title) {
  const std::string t = title_words(title);
  return any_of_words(t, {" abort ", " aborting ", " aborted "});
}

bool names_quick_reference(std::string_view title) {
  const std::string t = title_words(title);
  return any_of_words(t,
                      {" quick reference ", " quick-reference ", " quickref ", " quick ref ", " cheat sheet ",
                       " cheatsheet ", " cheat-sheet ", " reference card ", " command reference "});
}

bool names_clean_up(std::string_view title) {
  const std::string t = title_words(title);
  return any_of_words(t, {" clean up ", " cleanup ", " clean-up ", " cleaning up ", " teardown ",
                          " tear down ", " tear-down ", " tearing down "});
}

bool about_bad_release(std::string_view title) {
  const std::string t = title_words(title);
  return any_of_words(t, {" deploy", " release", " version ", " code ", " bad ", " regression ", " rollback ",
                          " roll back ", " revert ", " application ", " app ", " build "});
}

bool marked_preferred(std::string_view title) {
  const std::string t = title_words(title);
  return has(t, " recommended ") || has(t, " preferred ") || has(t, " default ") || has(t, " fastest ");
}

bool starts_with_instruction(std::string_view text) {
  const auto w = words_of(bare(text), 2);
  return !w.empty() && (verbs().count(w[0]) > 0 || (w[0] == "please" && w.size() > 1 && verbs().count(w[1])));
}

bool gives_order(std::string_view sentence) {
  // What is done by hand in a console: pressed, ticked, chosen.
  static const std::set<std::string> by_hand{"tick",   "untick", "press",  "pick",   "choose",
                                             "hit",    "type",   "enter",  "expand", "browse",
                                             "search", "drag",   "uncheck"};
  const auto w = words_of(bare(sentence), 24);
  if (w.empty()) return false;
  const auto order = [&](const std::string& x) { return verbs().count(x) > 0 || by_hand.count(x) > 0; };
  if (order(w[0]) || (w[0] == "please" && w.size() > 1 && order(w[1]))) return true;
  // Where it is done first ("In the Cloud console, open App Engine"): the order follows the comma.
  static const std::set<std::string> where{"in", "on", "from", "under", "within", "inside", "via", "using"};
  if (!where.count(w[0])) return false;
  const std::string text(sentence);
  const auto comma = text.find(',');
  if (comma == std::string::npos) return false;
  const auto rest = words_of(bare(std::string_view(text).substr(comma + 1)), 2);
  return words_of(bare(std::string_view(text).substr(0, comma)), 12).size() <= 8 && !rest.empty() &&
         order(rest[0]);
}

namespace {

// The place a setting lives that a lead names, or an empty string: "console", "environment", "compose",
// "helm", "configmap", "file", "cli", "api", "terraform", "store".
std::string setting_place(const std::string& lead_lower) {
  const std::string p = title_words(lead_lower);
  if (any_of_words(p, {" console ", " ui ", " portal ", " web ui ", " admin panel "})) return "console";
  if (any_of_words(p, {" environment variable ", " environment variables ", " env var ", " env vars ",
                       " env file "}))
    return "environment";
  if (any_of_words(p, {" docker-compose ", " compose ", " compose file ", " docker compose "})) return "compose";
  if (any_of_words(p, {" helm ", " values yaml "})) return "helm";
  if (any_of_words(p, {" configmap ", " config map ", " kubernetes secret "})) return "configmap";
  if (any_of_words(p, {" config file ", " configuration file ", " settings file ", " yaml file ", " toml ",
                       " properties "}))
    return "file";
  if (any_of_words(p, {" cli ", " command line ", " command-line "})) return "cli";
  if (any_of_words(p, {" api ", " rest api ", " http api "})) return "api";
  if (any_of_words(p, {" terraform ", " tfvars "})) return "terraform";
  if (any_of_words(p, {" parameter store ", " ssm ", " secrets manager ", " vault ", " consul ", " etcd "}))
    return "store";
  return {};
}

}  // namespace

bool lists_setting_places(const std::vector<Block>& blocks) {
  std::set<std::string> places;
  int items = 0;
  for (const auto& b : blocks) {
    if (b.kind == Block::Kind::Heading) break;
    if (b.kind == Block::Kind::ListItem && b.ordered) return false;
    std::string lead;
    if (b.kind == Block::Kind::ListItem) {
      const std::string t = lower(bare(b.text));
      const auto colon = t.find(':');
      lead = colon != std::string::npos && colon <= 60 ? t.substr(0, colon)
                                                       : t.substr(0, std::min<std::size_t>(t.size(), 40));
    } else if (b.kind == Block::Kind::TableRow && !b.header && !b.cells.empty()) {
      lead = lower(b.cells.front());
    } else {
      continue;
    }
    const auto w = words_of(lead, 10);
    if (w.empty() || w.size() > 8) continue;
    ++items;
    const std::string place = setting_place(lead);
    if (!place.empty()) places.insert(place);
  }
  return items >= 3 && places.size() >= 3 && 2 * static_cast<int>(places.size()) >= items;
}

bool names_communication(std::string_view title) {
  const std::string t = title_words(bare(title));
  if (any_of_words(t, {" communication", " comms ", " notification", " announcement", " stakeholder update",
                       " status update", " customer update", " keeping people informed "}))
    return true;
  const auto w = words_of(bare(title), 16);
  if (w.empty()) return false;
  static const std::set<std::string> telling{"notify", "inform", "tell",      "announce",
                                             "email",  "e-mail", "broadcast", "communicate"};
  if (telling.count(w[0])) return true;
  // "Post in the Slack channels", "Update the status page", "Send the closing message": a verb that may
  // tell people, then whom or where.
  static const std::set<std::string> sending{"post", "send", "update", "publish", "share"};
  static const std::set<std::string> audience{
      "status",    "slack",      "channel", "channels", "stakeholders", "team",    "teams",
      "customers", "users",      "message", "messages", "update",       "updates", "announcement",
      "email",     "statuspage", "people",  "everyone", "leadership",   "support"};
  return sending.count(w[0]) > 0 &&
         std::any_of(w.begin() + 1, w.end(), [](const std::string& x) { return audience.count(x) > 0; });
}

bool names_success_criteria(std::string_view title) {
  const std::string t = title_words(title);
  return any_of_words(t, {" success criteria ", " completion criteria ", " success conditions ",
                          " criteria for success ", " recovery criteria "});
}

bool names_later_work(std::string_view text) {
  // The step's own words: not the command after its title.
  std::string own = bare(text);
  own = own.substr(0, std::min(own.find(": "), own.find('`')));
  const auto w = words_of(own, 24);
  if (w.empty()) return false;
  // "Begin investigation of ...", "Investigate why the region failed", "Start investigating".
  for (std::size_t i = 0; i < w.size() && i < 3; ++i) {
    if (w[i].rfind("investigat", 0) == 0) return true;
  }
  const auto any = [&](std::initializer_list<const char*> words) {
    return std::any_of(w.begin() + 1, w.end(), [&](const std::string& x) {
      return std::any_of(words.begin(), words.end(), [&](const char* y) { return x == y; });
    });
  };
  // Restoring redundancy once service runs on the survivor: "Rebuild the failed primary as the new standby".
  static const std::set<std::string> rebuilding{"rebuild",     "re-create",    "recreate",    "re-establish",
                                                "reestablish", "re-provision", "reprovision", "resync",
                                                "re-sync",     "reseed",       "re-seed"};
  if (rebuilding.count(w[0]) &&
      any({"primary", "standby", "replica", "replicas", "replication", "redundancy", "secondary", "mirror"}))
    return true;
  if (w[0] == "restore" && any({"redundancy", "replication"})) return true;
  // Failing back once the original site is whole again ("After the primary region is restored, reverse the
  // replication and switch DNS back", "Once the main datacenter is healthy, fail back"): a later operation
  // with its own plan, not the end of this one.
  if ((w[0] == "after" || w[0] == "once" || w[0] == "when") &&
      any({"primary", "original", "main", "home", "old", "source"}) &&
      any({"restored", "recovered", "repaired", "fixed", "back", "available", "healthy", "online",
           "stable"}) &&
      any({"reverse", "failback", "fail", "switch", "return", "move", "point", "migrate", "redirect", "cut"}))
    return true;
  if (w[0] == "failback" || (w[0] == "fail" && w.size() > 1 && w[1] == "back")) return true;
  // Evidence kept for later, a fix shipped the usual way, a rehearsal.
  if (w[0] == "preserve") return true;
  if (w[0] == "fix" &&
      any({"re-deploy", "redeploy", "deploy", "ship", "release", "defect", "bug", "branch", "code"}))
    return true;
  return w[0] == "practice" || w[0] == "practise" || w[0] == "rehearse";
}

}  // namespace drillsim::runbook
