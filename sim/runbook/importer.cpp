#include "runbook/importer.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "model/scenario.hpp"
#include "runbook/commands.hpp"
#include "runbook/durations.hpp"
#include "runbook/markdown.hpp"
#include "runbook/procedures.hpp"
#include "runbook/scenarios.hpp"
#include "runbook/scripts.hpp"
#include "runbook/sections.hpp"
#include "runbook/text.hpp"
#include "runbook/triggers.hpp"

namespace drillsim::runbook {

using ojson = nlohmann::ordered_json;
using Kind = ImportNote::Kind;

const char* to_string(ImportNote::Kind kind) {
  switch (kind) {
    case Kind::Level:
      return "level";
    case Kind::Step:
      return "step";
    case Kind::ManualStep:
      return "manual step";
    case Kind::UnknownCommand:
      return "unknown command";
    case Kind::DefaultDuration:
      return "default duration";
    case Kind::Alternative:
      return "alternative";
    case Kind::Gate:
      return "gate";
    case Kind::Pair:
      return "pair";
    case Kind::Trigger:
      return "trigger";
    case Kind::Unexpressed:
      return "not expressible";
    case Kind::Objective:
      return "objective";
    case Kind::Decision:
      return "decision";
    case Kind::Placeholder:
      return "placeholder";
    case Kind::Contradiction:
      return "contradiction";
    case Kind::NotDuration:
      return "not a step duration";
    case Kind::NotStep:
      return "not procedure";
    case Kind::Correction:
      return "correction";
  }
  return "?";
}

namespace {

// --- Text helpers. Everything works on bytes: ASCII case folding only, anything else passes through.

// "1. Code rollback", "2) Database": a leading number.
std::optional<int> leading_number(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && text[i] == ' ')
    ++i;
  int value = 0, digits = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) && digits < 4) {
    value = value * 10 + (text[i] - '0');
    ++i;
    ++digits;
  }
  if (digits == 0 || i >= text.size() || (text[i] != '.' && text[i] != ')')) return std::nullopt;
  return value;
}

// A level of a runbook: "Level 2: ...", "Type 1: Full Rollback", "Tier 3", "Phase 1", the word for a
// level in French, Spanish or Portuguese, German and Italian ("Niveau 2 :", "Nivel 2", "Stufe 2",
// "Livello 2"), or a numbered section that names a kind of rollback ("2. Database Migration Rollback",
// not "5. Verify the rollback").
std::optional<int> level_number(const std::string& title) {
  const std::string t = lower(title);
  for (const char* word :
       {"level", "tier", "type", "phase", "stage", "niveau", "nivel", "stufe", "livello"}) {
    if (const auto n = number_after(t, word); n && (t.rfind(word, 0) == 0 || t.find(word) < 3)) return n;
    // "Rollback level A:", "Tier B -": a letter counts (A is 1).
    for (const char* lead_text : {"", "rollback "}) {
      const std::string lead = lead_text;
      const std::string w = lead + word + " ";
      if (t.rfind(w, 0) != 0 || t.size() < w.size() + 1) continue;
      const char c = t[w.size()];
      const bool alone =
          t.size() == w.size() + 1 || !std::isalnum(static_cast<unsigned char>(t[w.size() + 1]));
      if (c >= 'a' && c <= 'h' && alone) return c - 'a' + 1;
      if (!lead.empty()) {
        if (const auto n = number_after(t.substr(lead.size()), word)) return n;
      }
    }
  }
  if (const auto n = leading_number(t); n && names_rollback_tier(title)) return n;
  return std::nullopt;
}

// A "Step N" heading ("Step 3: ...", "STEP 2 -"), not "Steps" nor "Step-by-Step UI Workflow".
bool is_step_word_title(const std::string& title) {
  const std::string t = lower(trim(title));
  if (t.rfind("step", 0) != 0) return false;
  std::size_t i = 4;
  while (i < t.size() && (t[i] == ' ' || t[i] == '#'))
    ++i;
  return i < t.size() && std::isdigit(static_cast<unsigned char>(t[i]));
}

// A step heading: "Step 3: ...", "3. Restore the database".
bool is_step_title(const std::string& title) {
  return is_step_word_title(title) || leading_number(lower(trim(title))).has_value();
}

std::string strip_step_prefix(const std::string& title) {
  std::string t = trim(title);
  const std::string l = lower(t);
  std::size_t i = 0;
  if (is_step_word_title(t)) i = 4;
  while (i < t.size() && (std::isdigit(static_cast<unsigned char>(t[i])) || t[i] == ' '))
    ++i;
  if (i < t.size() && (t[i] == ':' || t[i] == '.' || t[i] == ')' || t[i] == '-')) ++i;
  const std::string rest = trim(t.substr(std::min(i, t.size())));
  return rest.empty() ? t : rest;
}

// Removes a trailing parenthesised part ("Rollback Application (1-3 minutes)" -> "Rollback Application").
std::string without_parenthetical(const std::string& text) {
  const auto open = text.rfind('(');
  if (open == std::string::npos || open == 0) return trim(text);
  return trim(text.substr(0, open));
}

// A service name as the scenario format accepts it.
std::string sanitize_name(std::string_view name) {
  std::string out;
  for (const char c : name)
    out += (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-') ? c : '-';
  while (!out.empty() && out.back() == '-')
    out.pop_back();
  return out;
}

// --- Durations as a plan's distributions.

ojson distribution_of(const DurationMention& d) {
  switch (d.form) {
    case DurationMention::Form::Range:
      return {{"kind", "uniform"}, {"min_s", d.min_s}, {"max_s", d.max_s}};
    case DurationMention::Form::UpperBound:  // "< 5 minutes": somewhere in the second half of the bound
      return {{"kind", "uniform"}, {"min_s", d.max_s / 2}, {"max_s", d.max_s}};
    case DurationMention::Form::Approximate:
      return {{"kind", "uniform"}, {"min_s", 0.8 * d.max_s}, {"max_s", 1.2 * d.max_s}};
    default:
      return d.max_s;
  }
}

double mean_of(const DurationMention& d) {
  switch (d.form) {
    case DurationMention::Form::Range:
      return (d.min_s + d.max_s) / 2;
    case DurationMention::Form::UpperBound:
      return 0.75 * d.max_s;
    default:
      return d.max_s;
  }
}

// What a step takes when the runbook gives no estimate (docs/runbook-import.md lists these).
double default_duration_s(const std::string& action) {
  static const std::map<std::string, double> defaults{{"manual", 120},
                                                      {"notify", 60},
                                                      {"status_page", 120},
                                                      {"verify", 60},
                                                      {"wait", 60},
                                                      {"rollout_undo", 30},
                                                      {"set_image", 30},
                                                      {"scale", 30},
                                                      {"restore_config", 30},
                                                      {"shift_traffic", 30},
                                                      {"pipeline_redeploy", 300},
                                                      {"db_restore", 60},
                                                      {"db_migrate_down", 60},
                                                      {"disable_flag", 30},
                                                      {"infra_rollback", 300},
                                                      {"maintenance_mode", 30}};
  const auto it = defaults.find(action);
  return it == defaults.end() ? 120 : it->second;
}

// Actions whose effect the simulator plays out after the step's own time (a rollout, a restore): a
// duration the runbook gives for such a step includes that effect, so it is kept as the step's claim
// (in the notes) and the step itself takes the time to issue the command.
bool simulated_effect(const std::string& action) {
  return action == "rollout_undo" || action == "set_image" || action == "restore_config" ||
         action == "db_restore";
}

int action_rank(const std::string& action) {
  static const std::vector<std::string> order{
      "db_restore",     "db_migrate_down", "rollout_undo", "set_image",     "pipeline_redeploy",
      "restore_config", "disable_flag",    "scale",        "shift_traffic", "maintenance_mode",
      "infra_rollback", "status_page",     "notify",       "verify",        "wait",
      "manual"};
  const auto it = std::find(order.begin(), order.end(), action);
  return static_cast<int>(it - order.begin());
}

// --- The document, as sections.

struct Section {
  std::size_t heading;  // Index of its heading block.
  int depth;
  std::string title;
  int line;
  std::size_t begin, end;  // Blocks after the heading, up to the next heading of the same or a lower depth.
};

// One command line of a code block or an inline code span, with the comment that introduced its group.
struct Command {
  std::string text;
  int line;
  CommandMatch match;
  int end_line = 0;  // The last line of the command (continuations, quotes spanning lines); 0: `line`.
};

// A group of commands under one comment ("# 2. Roll back the application").
struct Group {
  std::string comment;
  int line = 0;
  std::vector<Command> commands;
  bool alternative = false;  // Introduced by "OR ...", or a second platform.
  bool conditional = false;  // Its comment states a condition: "# 4. Restore state (if needed)".
  std::string when;          // An alternative or a conditional path: the text of its condition.

  int end_line = 0;                 // The group's last line: its last command's (or its comment's).
  std::optional<std::size_t> item;  // A numbered list item: its block (a step even without a command).
  bool check = false;               // An item of the checks after the change: a step even without a command.
  bool verification = false;        // Such an item under a title about checking: a check, whatever its words.
};

// A `sleep` after a command in the same group ("docker compose start web" then "sleep 10"): the time the
// command's work is given to come up, not what the step does. The command the catalogue knows decides,
// and with it the step's words when its effect is unknown (a `manual` command).
const Command* command_before_a_pause(const std::vector<Group>& groups, const Command* primary) {
  if (!primary || primary->match.action != "wait" || primary->match.what != "sleep") return primary;
  for (const Group& g : groups) {
    const bool holds = std::any_of(g.commands.begin(), g.commands.end(),
                                   [primary](const Command& c) { return &c == primary; });
    if (!holds) continue;
    for (const Command& c : g.commands)
      if (c.match.known && c.match.action == "manual" && !c.match.observes) return &c;
  }
  return primary;
}

// A command that starts what was stopped (`docker compose start db`, `docker start web`, `systemctl start
// api`): the part comes back as it was. A step that does so is that start, even when its words say
// "Restart the workers": no configuration is put back, unlike a restart of a running application.
bool starts_what_was_stopped(const CommandMatch& m) {
  return m.known && m.action == "manual" && m.what == "start" &&
         (m.tool == "docker compose" || m.tool == "docker" || m.tool == "systemctl" || m.tool == "service");
}

bool is_platform_word(const std::string& comment_lower) {
  static const std::vector<std::string> platforms{
      "kubernetes", "k8s",   "docker", "docker compose", "docker-compose", "heroku",
      "ecs",        "aws",   "gcp",    "azure",          "sqlite",         "postgresql",
      "postgres",   "mysql", "vm",     "bare metal",     "systemd",        "nomad"};
  std::string c = trim(comment_lower);
  while (!c.empty() && (c.back() == ':' || c.back() == '.'))
    c.pop_back();
  for (const auto& p : platforms) {
    if (c == p || c == "for " + p || c == "if using " + p || c == "using " + p || c == p + " deployment")
      return true;
  }
  return false;
}

bool is_alternative_intro(const std::string& text_lower) {
  const std::string t = trim(text_lower);
  return t.rfind("or ", 0) == 0 || t.rfind("or,", 0) == 0 || t == "or" || t.rfind("alternatively", 0) == 0 ||
         t.rfind("alternative", 0) == 0 || t.rfind("option b", 0) == 0 || t.rfind("option c", 0) == 0;
}

// Comments that describe output or context rather than a command to run.
bool is_remark(const std::string& comment_lower) {
  const std::string c = trim(comment_lower);
  for (const char* prefix :
       {"expected", "note", "e.g", "example", "output", "should", "result", "returns", "install", "brew ",
        "download", "see ", "tip", "warning", "caution", "inside pod", "sample command"}) {
    if (c.rfind(prefix, 0) == 0) return true;
  }
  return c.rfind("http", 0) == 0;
}

// Whether a shell line leaves a quote open (and so goes on on the next line). Comments never do.
bool open_quote(std::string_view line) {
  if (!line.empty() && line[0] == '#') return false;
  char quote = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quote == 0) {
      if (c == '\\') {
        ++i;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '#' && (i == 0 || line[i - 1] == ' ')) {
        return false;  // A comment: the rest does not count.
      }
    } else if (c == quote) {
      quote = 0;
    } else if (c == '\\' && quote == '"') {
      ++i;
    }
  }
  return quote != 0;
}

enum class PathIntro { None, First, Alternative, Condition };
PathIntro path_intro(const std::string& text);

// The first `max` words of a command line, split at white space.
std::vector<std::string> shell_words(const std::string& text, std::size_t max) {
  std::vector<std::string> words;
  std::istringstream in(text);
  for (std::string w; words.size() < max && in >> w;)
    words.push_back(w);
  return words;
}

// Whether a line of code is only the name of a file, shown where it lies ("production/current",
// "/etc/gateway/active"), not a command: one word with a '/', not run as a path ("./", "../", "~/"), in no
// directory of programs (bin, sbin, scripts) and without a script's extension.
bool shows_path(const std::string& line) {
  std::string t = trim(line);
  if (t.rfind("$ ", 0) == 0) t = trim(t.substr(2));
  if (t.empty() || t.find_first_of(" \t") != std::string::npos || t.find('/') == std::string::npos)
    return false;
  if (t.rfind("./", 0) == 0 || t.rfind("../", 0) == 0 || t.rfind("~/", 0) == 0 || t[0] == '$') return false;
  if (t.find("://") != std::string::npos) return false;  // A URL: a link, read elsewhere.
  if (t.find('=') != std::string::npos) return false;    // An assignment ("BACKUP=/path/x.dump").
  const std::string l = lower(t);
  for (const char* dir : {"bin/", "sbin/", "scripts/", "script/", "tools/", "hack/"}) {
    if (l.rfind(dir, 0) == 0 || has(l, std::string("/") + dir)) return false;
  }
  for (const char* ext : {".sh", ".bash", ".py", ".rb", ".pl", ".ps1", ".js", ".exe", ".bat", ".cmd"}) {
    if (l.size() > std::string(ext).size() && l.ends_with(ext)) return false;
  }
  return true;
}

// Whether a command breaks the system on purpose, as a lab or a tutorial does before its recovery: it
// applies, deploys or sets something whose name says it is broken ("kubectl apply -f deployment-bug.yml",
// "set image web=web:2.0-broken", "helm upgrade --set image.tag=crashloop"). Removing or going back
// ("kubectl delete -f broken.yaml", "rollout undo") never does.
bool injects_fault(const std::string& command) {
  const std::string lc = lower(command);
  std::vector<std::string> words;
  {
    std::istringstream in(lc);
    for (std::string w; words.size() < 24 && in >> w;)
      words.push_back(w);
  }
  if (words.size() < 2) return false;
  static const std::set<std::string> forward{"apply",   "create", "replace", "deploy", "install",
                                             "upgrade", "set",    "run",     "up",     "push",
                                             "release", "start",  "patch",   "update"};
  static const std::set<std::string> back{"delete", "remove",   "rm",      "uninstall", "destroy",
                                          "undo",   "rollback", "revert",  "stop",      "kill",
                                          "down",   "abort",    "restore", "scale"};
  bool moves = false;
  for (std::size_t i = 0; i < words.size() && i < 4; ++i) {
    if (back.count(words[i])) return false;
    moves = moves || forward.count(words[i]) > 0;
  }
  if (!moves) return false;
  static const std::set<std::string> broken{
      "bug",      "bugs",      "buggy",  "broken",   "bad",      "faulty", "failing", "crash",
      "crashing", "crashloop", "poison", "poisoned", "sabotage", "chaos",  "fault",   "inject"};
  for (std::size_t i = 1; i < words.size(); ++i) {
    // A file, an image or a value: named with a separator ("api-bug.yaml", "web:2.0-broken",
    // "image.tag=crashloop"); not a placeholder ("<bad-digest>"), not a word of a message.
    const std::string& w = words[i];
    if (w.find_first_of("<>\"'{}$") != std::string::npos || w.find_first_of("./:=") == std::string::npos)
      continue;
    std::string part;
    for (const char c : w + " ") {
      if (std::isalnum(static_cast<unsigned char>(c))) {
        part += c;
      } else {
        if (broken.count(part)) return true;
        part.clear();
      }
    }
  }
  return false;
}

bool announces_output(const std::string& text);

// Whether a paragraph announces that the list after it describes what happens, not steps to take:
// "Expected sequence:", "Expected behaviour:", "What happens:", "The workflow will:", "The script then:".
bool announces_description(const std::string& text) {
  std::string t = lower(trim(text));
  while (!t.empty() && (t.back() == '*' || t.back() == '_' || t.back() == ' '))
    t.pop_back();
  if (t.empty() || t.back() != ':' || t.size() > 80 || t.find('\n') != std::string::npos) return false;
  t.pop_back();
  while (!t.empty() && (t.back() == '*' || t.back() == '_' || t.back() == ' '))
    t.pop_back();
  if (announces_output(text)) return true;
  for (const char* p : {"expected sequence", "expected behaviour", "expected behavior", "expected flow",
                        "expected timeline", "what happens", "what it does", "under the hood"}) {
    if (has(t, p)) return true;
  }
  // "The workflow will:", "The script then:", "This job will:": a program, not the reader, is the subject.
  const auto words = shell_words(t, 6);
  return words.size() >= 2 && words.size() <= 4 &&
         (words[0] == "the" || words[0] == "this" || words[0] == "it") &&
         (words.back() == "will" || words.back() == "then" || words.back() == "does");
}

// Whether a text asks to run again what came before: "Repeat on book-2", "Repeat steps 2-4 for ...",
// "Do the same for the worker".
bool repeats_before(const std::string& text) {
  std::string t = lower(trim(text));
  while (!t.empty() && (t[0] == '*' || t[0] == '_'))
    t.erase(0, 1);
  if (t.rfind("then ", 0) == 0) t = t.substr(5);
  return t.rfind("repeat ", 0) == 0 || t.rfind("do the same ", 0) == 0;
}

// Whether a paragraph announces that the code block after it is what a command prints ("Expected
// output:", "You should see:", "The history looks like this:", "A successful switch prints:"), not
// commands to run.
bool announces_output(const std::string& text) {
  std::string t = lower(trim(text));
  while (!t.empty() && (t.back() == '*' || t.back() == '_' || t.back() == ' ' || t.back() == '.'))
    t.pop_back();
  const bool lead_in = !t.empty() && t.back() == ':';
  if (lead_in) t.pop_back();
  // Its last clause speaks ("You should see the pods restart; if not, run:" leads into a command).
  for (const char* cut : {". ", "; ", ", ", "\n"}) {
    const auto at = t.rfind(cut);
    if (at != std::string::npos) t = t.substr(at + std::string(cut).size());
  }
  for (const char* p : {"expected output", "sample output", "example output", "expected result",
                        "expected response", "example response", "sample response"}) {
    if (has(t, p)) return true;
  }
  if (!lead_in) return false;
  for (const char* p :
       {"should see", "will see", "you'll see", "should look like", "should print", "should return",
        "should show", "should output", "looks like this", "look like this", "looks something like",
        "output looks", "output should", "output will", "output is similar", "similar to this"}) {
    if (has(t, p)) return true;
  }
  for (const char* end : {" prints", " print", " outputs", " returns", " output", " displays", " shows"}) {
    if (t.ends_with(end)) return true;
  }
  return false;
}

// Whether code block `code` is a program (Python, JavaScript, Go, a Dockerfile, a test) shown to explain
// how something works, not commands an operator runs: its language tag names a programming language, or,
// untagged, it has `//` comments or most of its lines read as program syntax. A line that the catalogue
// reads as a change (an SDK call that turns a flag off) keeps it a block of commands.
bool is_program_block(const Block& code) {
  const std::string lang = lower(trim(code.info.substr(0, code.info.find_first_of(" {"))));
  static const std::set<std::string> programs{
      "python", "py",    "python3", "javascript", "js",     "jsx",    "typescript", "ts",
      "tsx",    "go",    "golang",  "java",       "kotlin", "kt",     "ruby",       "rb",
      "rust",   "rs",    "c",       "cpp",        "c++",    "csharp", "cs",         "php",
      "swift",  "scala", "groovy",  "dockerfile", "docker", "elixir", "lua",        "perl",
      "dart",   "proto", "graphql", "java-script"};
  static const std::set<std::string> shells{"bash", "sh",  "shell",         "console", "zsh", "powershell",
                                            "ps1",  "sql", "shell-session", "text",    "txt", "plaintext"};
  if (shells.count(lang)) return false;
  int lines = 0;
  int program = 0;
  bool slash_comment = false;
  std::istringstream in(code.text);
  for (std::string raw; std::getline(in, raw);) {
    const std::string t = trim(raw);
    if (t.empty()) continue;
    if (t.rfind("//", 0) == 0) {
      slash_comment = true;
      continue;
    }
    if (t[0] == '#') continue;
    const CommandMatch m = match_command(t);
    if (m.known && !m.action.empty() && m.action != "manual" && m.action != "verify" && m.action != "wait")
      return false;
    ++lines;
    const std::string first = lower(t.substr(0, t.find_first_of(" (")));
    static const std::set<std::string> keywords{"def",     "func",   "function", "const",          "let",
                                                "var",     "import", "from",     "class",          "return",
                                                "package", "public", "private",  "async",          "await",
                                                "try",     "catch",  "except",   "elif",           "else",
                                                "}",       "});",    "};",       "module.exports", "require"};
    const char last = t.back();
    if (keywords.count(first) || last == '{' ||
        (last == ':' && (first == "if" || first == "for" || first == "while" || first == "with")))
      ++program;
  }
  if (programs.count(lang)) return true;
  if (!lang.empty()) return false;
  return lines > 0 && (slash_comment || program * 10 >= lines * 6);
}

// Whether the fence's language names a document, a diagram or captured output (`markdown`, `mermaid`,
// `output`, `log`): what such a block holds is read or drawn, never run.
bool shown_not_run_language(const std::string& info) {
  const std::string lang = lower(trim(info.substr(0, info.find_first_of(" {"))));
  static const std::set<std::string> shown{"markdown", "md",       "mermaid", "plantuml",       "puml",
                                           "dot",      "graphviz", "output",  "console-output", "log",
                                           "logs",     "stdout",   "stderr"};
  return shown.count(lang) > 0;
}

// Whether a line of a code block is written as text rather than a command: it opens with a character no
// command starts with (an emoji, a box-drawing or arrow character, a letter outside ASCII) or with emphasis
// (`**`). Messages and printed status lines, not programs. (Lines opening with a capitalised word were
// tried too: they took real commands of unseen runbooks for text.)
bool reads_as_text(const std::string& line) {
  const std::string t = trim(line);
  if (t.empty()) return false;
  return static_cast<unsigned char>(t[0]) >= 0x80 || t.rfind("**", 0) == 0;
}

// Whether code block `code` holds text shown rather than commands (a message, a status line, what a
// command printed: `❌ Stack failed: ValidationError ...`, `🚨 FAILOVER DETECTED`): at least one line reads
// as text (reads_as_text) and every other one is punctuation, a path or a comment.
bool shows_text(const Block& code) {
  bool text = false;
  std::istringstream in(code.text);
  for (std::string raw; std::getline(in, raw);) {
    const std::string l = trim(raw);
    if (l.empty() || l[0] == '#') continue;
    if (reads_as_text(l)) {
      text = true;
      continue;
    }
    if (std::string_view("{}-|\"[]<')").find(l[0]) == std::string_view::npos && !shows_path(l)) return false;
  }
  return text;
}

std::vector<Group> code_groups(const Block& code) {
  std::vector<Group> groups;
  if (shown_not_run_language(code.info)) return groups;  // A document, a diagram or output: read, not run.
  if (is_configuration_block(code.info, code.text)) return groups;  // Reference, not commands to run.
  if (is_program_block(code)) return groups;                        // A program, not commands to run.
  if (is_document_listing(code)) return groups;                     // A log or report to keep.
  std::vector<std::string> lines;
  std::vector<int> line_numbers;
  std::vector<int> line_ends;
  {
    std::string current;
    int start = code.line;
    int n = code.line;
    std::string heredoc_end;  // Inside a here-document: its body is data, up to this word.
    std::istringstream in(code.text);
    for (std::string raw; std::getline(in, raw); ++n) {
      if (!raw.empty() && raw.back() == '\r') raw.pop_back();
      const std::string t = trim(raw);
      if (!heredoc_end.empty()) {
        if (t == heredoc_end) heredoc_end.clear();
        continue;
      }
      if (current.empty()) start = n;
      if (!t.empty() && t.back() == '\\') {  // A continuation: join with the next line.
        current += t.substr(0, t.size() - 1) + " ";
        continue;
      }
      current += t;
      // A quoted string that spans lines (a JSON body, python -c "..."): keep reading until it closes.
      if (open_quote(current) && current.size() < 20000) {
        current += " ";
        continue;
      }
      if (const auto at = current.find("<<"); at != std::string::npos && current[0] != '#') {
        std::string word = trim(current.substr(at + 2));
        if (!word.empty() && word[0] == '-') word.erase(0, 1);
        word = word.substr(0, word.find_first_of(" ;|&)"));
        std::erase_if(word, [](char c) { return c == '\'' || c == '"'; });
        if (!word.empty()) heredoc_end = word;
      }
      lines.push_back(current);
      line_numbers.push_back(start);
      line_ends.push_back(n);
      current.clear();
    }
    if (!current.empty()) {
      lines.push_back(current);
      line_numbers.push_back(start);
      line_ends.push_back(std::max(start, n - 1));
    }
  }
  // A session shown with its prompts ("$ kubectl rollout status ..." then what it prints): the lines
  // without a prompt are the output.
  const bool prompted =
      std::any_of(lines.begin(), lines.end(), [](const std::string& l) { return l.rfind("$ ", 0) == 0; });
  bool seen_platform = false;
  Group group;
  const auto close = [&] {
    group.end_line = std::max(group.end_line, group.line);
    if (!group.commands.empty() || !group.comment.empty()) groups.push_back(std::move(group));
    group = Group{};
  };
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& l = lines[i];
    if (l.empty()) continue;
    if (l[0] == '#') {
      const auto text_at = l.find_first_not_of('#');  // npos: a line of '#' only
      std::string comment = text_at == std::string::npos ? std::string() : trim(l.substr(text_at));
      const std::string c = lower(comment);
      if (comment.empty() || is_remark(c)) continue;
      const bool platform = is_platform_word(c);
      const bool alternative = is_alternative_intro(c) ||
                               is_alternative_intro(lower(strip_step_prefix(comment))) ||
                               (platform && seen_platform);
      seen_platform = seen_platform || platform;
      // A new group when this comment introduces commands (the previous group has some, or is a title).
      if (!group.commands.empty() || alternative || group.alternative || group.conditional || platform) {
        close();
      } else if (!group.comment.empty()) {
        // Consecutive comments: one title, unless the later one is numbered ("# 2. Deploy"): it names
        // the commands that follow.
        if (leading_number(comment)) {
          group.comment = comment;
          group.line = line_numbers[i];
        } else {
          group.comment += " / " + comment;
        }
        continue;
      }
      group.comment = comment;
      group.line = line_numbers[i];
      group.alternative = alternative;
      group.conditional = !alternative && path_intro(strip_step_prefix(comment)) == PathIntro::Condition;
      continue;
    }
    if (prompted && l[0] != '$') continue;
    if (group.line == 0) group.line = line_numbers[i];
    // Not a command: prose, output, or code of another language.
    const std::string lc = lower(l);
    // SQL: a statement runs to its semicolon, over several lines; transaction control is no command.
    const std::string first_word = lc.substr(0, lc.find_first_of(" \t;("));
    static const std::set<std::string> sql_words{"select", "update",   "insert", "delete",  "alter", "drop",
                                                 "create", "truncate", "with",   "restore", "call"};
    if (first_word == "begin" || first_word == "commit" || first_word == "end" || lc == "rollback;" ||
        first_word == "start")
      continue;
    if (sql_words.count(first_word)) {
      std::string statement = l;
      const int first_line = line_numbers[i];
      int end = line_ends[i];
      while (statement.back() != ';' && i + 1 < lines.size() && !lines[i + 1].empty() &&
             lines[i + 1][0] != '#' && statement.size() < 20000) {
        ++i;
        statement += " " + lines[i];
        end = line_ends[i];
      }
      group.commands.push_back({statement, first_line, match_command(statement), end});
      group.end_line = std::max(group.end_line, end);
      continue;
    }
    if (lc.rfind("{", 0) == 0 || lc.rfind("}", 0) == 0 || lc.rfind("-", 0) == 0 || lc.rfind("|", 0) == 0 ||
        lc.rfind("\"", 0) == 0 || lc.rfind("[", 0) == 0 || lc.rfind("]", 0) == 0 || lc.rfind(")", 0) == 0 ||
        lc.rfind("<", 0) == 0 || lc.rfind("'", 0) == 0)
      continue;
    if (shows_path(l)) continue;
    group.commands.push_back({l, line_numbers[i], match_command(l), line_ends[i]});
    group.end_line = std::max(group.end_line, line_ends[i]);
  }
  close();
  // The working copy moved to an earlier version ("git checkout v4.12.3", "git reset --hard abc123"), then
  // a restart or reload: the restart runs the version checked out, a roll back of the release.
  bool checked_out = false;
  for (auto& g : groups) {
    for (auto& c : g.commands) {
      auto w = shell_words(lower(c.text), 8);
      if (!w.empty() && w[0] == "sudo") {
        w.erase(w.begin());
        if (!w.empty() && w[0] == "-u" && w.size() > 1) w.erase(w.begin(), w.begin() + 2);
      }
      if (w.size() >= 3 && w[0] == "git" &&
          ((w[1] == "checkout" && w[2] != "-b" && w[2] != "-B" && w[2] != "--" && w[2] != "." &&
            c.text.find(" -- ") == std::string::npos) ||
           (w[1] == "reset" && w[2] == "--hard" && w.size() >= 4) ||
           (w[1] == "switch" && w[2] == "--detach"))) {
        checked_out = true;
        continue;
      }
      if (checked_out && c.match.known && c.match.action == "restore_config" &&
          (has(lower(c.text), "restart") || has(lower(c.text), "reload"))) {
        c.match.action = "rollout_undo";
      }
    }
  }
  return groups;
}

// --- One step per step: how a run of commands without comments becomes steps.

// A command that changes the system by itself: the catalogue maps it to an action that is no check, no
// wait and no manual step.
bool changes_system(const Command& c) {
  const std::string& a = c.match.action;
  return c.match.known && !a.empty() && a != "manual" && a != "verify" && a != "wait";
}

// A command the catalogue knows that does something rather than look: an action, and not a manual one.
bool takes_action(const CommandMatch& m) {
  return m.known && !m.observes && !m.action.empty() && m.action != "manual";
}

// A command that stops or starts a process ("systemctl stop shop-api", "docker stop web", "pm2 stop all",
// "docker compose down"): a change of its own ("stop the app" before a restore), though the catalogue has
// no action for it.
bool stops_or_starts(const Command& c) {
  if (!c.match.known || c.match.action != "manual") return false;
  const std::string& w = c.match.what;
  return w == "stop" || w == "start" || w == "kill" || w == "down";
}

// A change that takes the service down (a stop, a scale to zero, the maintenance page on): a check right
// after it looks at what was stopped, not at a service that should be back.
bool takes_down(const Command& c) {
  if (stops_or_starts(c)) return c.match.what != "start";
  if (c.match.action == "scale") return c.match.replicas && *c.match.replicas == 0;
  if (c.match.action == "maintenance_mode") {
    const std::string t = lower(c.text);
    return !has(t, ":off") && !has(t, " off") && !has(t, "disable");
  }
  return false;
}

// A command that only looks: a status, a rollout watched to its end, a health check, logs.
bool only_looks(const Command& c) {
  return c.match.known && (c.match.observes || c.match.action == "verify");
}

// A statement typed into a database client's session ("SELECT name, enabled FROM flags;" after the
// UPDATE): the session is one step, its check included.
bool in_session(const Command& c) {
  const std::string t = lower(trim(c.text));
  const std::string first = t.substr(0, t.find_first_of(" \t;("));
  return first == "select" || first == "with" || first == "show" || first == "describe" || first == "explain";
}

// A line that only sets up where the next command runs (cd, ssh, export, git fetch, a cluster context, a
// log-in): it belongs to the change after it.
bool sets_up(const Command& c) {
  auto w = shell_words(lower(c.text), 3);
  if (!w.empty() && w[0] == "sudo") w.erase(w.begin());
  if (w.empty()) return false;
  if (w[0] == "cd" || w[0] == "pushd" || w[0] == "ssh" || w[0] == "export" || w[0] == "source" ||
      w[0] == "su" || w[0] == "unset" ||
      (w[0] == "git" && w.size() > 1 && (w[1] == "fetch" || w[1] == "pull")))
    return true;
  // A known command that neither acts nor looks ("kubectl config use-context prod", "gcloud config set
  // project shop", "az login").
  return c.match.known && c.match.action.empty() && !c.match.observes;
}

// The steps of a run of commands without comments (a code block, or the part of one before its first
// comment). One step per change; the set-up lines after a change lead the next change; the checks right
// after a change that should bring the service back are a step of their own; a restart or reload after a
// manual edit applies the edit; anything else (a client session's statements, a save, an unknown
// command) stays with the step it is in. A run with one change (a psql session with one UPDATE) stays
// one step.
std::vector<Group> split_commands(const Group& g) {
  std::vector<Group> parts;
  std::vector<bool> checking;    // Each part: a check after a change.
  std::vector<Command> pending;  // Set-up lines after a change: they lead the next part.
  const auto is_change = [](const Command& c) { return changes_system(c) || stops_or_starts(c); };
  const auto open = [&](const Command& c, bool check) {
    Group part = g;
    part.commands = pending;
    part.line = pending.empty() ? c.line : pending.front().line;
    part.end_line = 0;
    pending.clear();
    parts.push_back(std::move(part));
    checking.push_back(check);
  };
  for (const Command& c : g.commands) {
    const bool part_changes =
        !parts.empty() && std::any_of(parts.back().commands.begin(), parts.back().commands.end(), is_change);
    const bool part_checks = !parts.empty() && checking.back();
    if ((part_changes || part_checks) && sets_up(c)) {
      pending.push_back(c);
      continue;
    }
    const std::string lc = lower(c.text);
    const bool applies_edit = !parts.empty() && parts.back().commands.back().match.action == "manual" &&
                              !stops_or_starts(parts.back().commands.back()) &&
                              (has(lc, "restart") || has(lc, "reload"));
    if (parts.empty()) {
      open(c, false);
    } else if (is_change(c) && (part_changes || part_checks) && !applies_edit) {
      open(c, false);
    } else if (only_looks(c) && part_changes && !part_checks && !in_session(c)) {
      const auto last = std::find_if(parts.back().commands.rbegin(), parts.back().commands.rend(), is_change);
      if (!takes_down(*last)) open(c, true);
    }
    for (const Command& p : pending)
      parts.back().commands.push_back(p);
    pending.clear();
    parts.back().commands.push_back(c);
    parts.back().end_line = std::max(parts.back().end_line, std::max(c.line, c.end_line));
  }
  for (const Command& p : pending) {
    parts.back().commands.push_back(p);
    parts.back().end_line = std::max(parts.back().end_line, std::max(p.line, p.end_line));
  }
  if (!parts.empty()) parts.back().end_line = std::max(parts.back().end_line, g.end_line);
  return parts;
}

// The last sentence of a paragraph (the whole text when it has one sentence), white space joined.
std::string last_sentence(const std::string& text) {
  std::string t = trim(text);
  while (!t.empty() && (t.back() == ':' || t.back() == '.' || t.back() == ' '))
    t.pop_back();
  std::size_t cut = std::string::npos;
  for (std::size_t i = 0; i + 1 < t.size(); ++i) {
    if ((t[i] == '.' || t[i] == '!' || t[i] == '?') && (t[i + 1] == ' ' || t[i + 1] == '\n')) cut = i + 1;
  }
  std::string last = cut == std::string::npos ? text : trim(text.substr(cut));
  std::replace(last.begin(), last.end(), '\n', ' ');
  return last;
}

// What a paragraph or heading says about the path that follows: an alternative ("Option 2", "Method B",
// "Alternatively"), a condition ("only if data was corrupted", "(if using SQLite)"), the first of several
// options ("Option 1", "Option A"), or nothing.
PathIntro path_intro(const std::string& text) {
  std::string t = trim(lower(text));
  while (!t.empty() && (t[0] == '*' || t[0] == '_' || t[0] == '#' || t[0] == '>'))
    t = trim(t.substr(1));
  for (const char* word : {"option", "method", "approach", "alternative", "variant", "path", "procedure",
                           "strategy", "scenario"}) {
    const std::string w = word;
    if (t.rfind(w, 0) != 0) continue;
    std::size_t i = w.size();
    while (i < t.size() && t[i] == ' ')
      ++i;
    if (i >= t.size()) break;
    if (std::isdigit(static_cast<unsigned char>(t[i])))
      return t[i] == '1' && (i + 1 >= t.size() || !std::isdigit(static_cast<unsigned char>(t[i + 1])))
                 ? PathIntro::First
                 : PathIntro::Alternative;
    if (i + 1 <= t.size() && std::isalpha(static_cast<unsigned char>(t[i])) &&
        (i + 1 == t.size() || !std::isalpha(static_cast<unsigned char>(t[i + 1]))))
      return t[i] == 'a' ? PathIntro::First : PathIntro::Alternative;
  }
  if (t.rfind("alternatively", 0) == 0 || t.rfind("or,", 0) == 0 || t == "or" || t == "or:")
    return PathIntro::Alternative;
  // "You can also do this from the console", "Another way is to revert the commit", "Instead, you may
  // ...": the text offers another way of doing what was just done.
  for (const char* lead : {"you can also ", "you could also ", "you may also ", "you can instead ",
                           "you could instead ", "instead, you can ", "instead, you could ", "another way ",
                           "another option ", "a second way ", "an alternative ", "if you prefer"}) {
    // "For the simulation specifically, you can also call ...": a short lead before the offer.
    const auto at = t.find(std::string(", ") + lead);
    if (t.rfind(lead, 0) == 0 || (at != std::string::npos && at < 60 && t.find('.') > at))
      return PathIntro::Alternative;
  }
  if (has(t, "(if using") || t.rfind("if using", 0) == 0 || t.rfind("only if", 0) == 0 ||
      t.rfind("only when", 0) == 0 || t.rfind("only after", 0) == 0 || t.rfind("only do this", 0) == 0 ||
      t.rfind("only run", 0) == 0 || t.rfind("only use", 0) == 0 || t.rfind("if you use", 0) == 0 ||
      t.rfind("if you are using", 0) == 0 || has(t, "(only if") || has(t, "(if needed") ||
      has(t, "(if applicable") || has(t, "(optional") || t.rfind("optional:", 0) == 0 ||
      t.rfind("optionally", 0) == 0)
    return PathIntro::Condition;
  // "If problems persist after the rollback:", "If the migration ran:": a lead-in that names a condition
  // for what follows it (a one-line text ending with a colon).
  if (t.rfind("if ", 0) == 0 && t.find('\n') == std::string::npos) {
    std::string end = t;
    while (!end.empty() && (end.back() == '*' || end.back() == '_' || end.back() == ' '))
      end.pop_back();
    if (!end.empty() && end.back() == ':') return PathIntro::Condition;
  }
  // "If the Consul agents crash, restart them ...": a condition up to the comma, then an instruction. A
  // condition that the last step went well ("If the output looks correct, go on") is the procedure itself.
  if (t.rfind("if ", 0) == 0) {
    const auto comma = t.find(", ");
    const std::string condition = " " + t.substr(0, comma) + " ";
    bool went_well = false;
    for (const char* w : {" correct", " good ", " ok ", " okay ", " fine ", " succe", " pass", " healthy ",
                          " as expected ", " right ", " green ", " clean ", " works ", " successful"})
      went_well = went_well || has(condition, w);
    if (comma != std::string::npos && comma < 120 && condition.find('.') == std::string::npos && !went_well &&
        starts_with_instruction(t.substr(comma + 2)))
      return PathIntro::Condition;
  }
  return PathIntro::None;
}

// The programs whose names start a command written in prose without code markup ("Run kubectl rollout
// undo deployment/web, then ...").
const std::vector<std::string>& prose_programs() {
  static const std::vector<std::string> programs{
      "kubectl ", "helm ",   "argocd ",           "terraform ",      "pulumi ", "aws ",       "gcloud ",
      "az ",      "heroku ", "docker ",           "docker-compose ", "flyctl ", "cdk ",       "pg_restore ",
      "psql ",    "vercel ", "ansible-playbook ", "pg_ctl ",         "repmgr ", "patronictl "};
  return programs;
}

// A command written in prose: from a program's name to the end of its sentence.
std::vector<std::string> prose_commands(const std::string& text) {
  std::vector<std::string> out;
  const std::string t = lower(text);
  for (const auto& p : prose_programs()) {
    for (std::size_t at = t.find(p); at != std::string::npos; at = t.find(p, at + 1)) {
      if (at > 0 &&
          (std::isalnum(static_cast<unsigned char>(t[at - 1])) || t[at - 1] == '-' || t[at - 1] == '/'))
        continue;
      std::size_t end = at;
      // A command continued over lines (a trailing backslash, or a next line that starts with an option)
      // is one command.
      const auto continues = [&](std::size_t nl) {
        const std::size_t next = text.find_first_not_of(" \t", nl + 1);
        return (nl > at && text[nl - 1] == '\\') || (next != std::string::npos && text[next] == '-' &&
                                                     next + 1 < text.size() && text[next + 1] == '-');
      };
      while (end < text.size() && (text[end] != '\n' || continues(end)) &&
             !(text[end] == '.' && (end + 1 == text.size() || text[end + 1] == ' ')) && text[end] != ',' &&
             text[end] != ';')
        ++end;
      std::string command = text.substr(at, end - at);
      for (char& c : command)
        if (c == '\n' || c == '\\') c = ' ';
      out.push_back(command);
      if (out.size() > 8) return out;
    }
  }
  return out;
}

// --- The import itself.

class Importer {
 public:
  Importer(std::string_view markdown, std::string_view sidecar)
      : blocks_(parse_markdown(markdown)), sidecar_(sidecar) {
    std::size_t start = 0;
    for (std::size_t i = 0; i <= markdown.size(); ++i) {
      if (i == markdown.size() || markdown[i] == '\n') {
        lines_.push_back(markdown.substr(start, i - start));
        start = i + 1;
      }
    }
  }

  // One procedure, the others alternatives (procedures.cpp): among sibling sections that no rule above
  // decided, whole procedures that each restore service on their own (another means, a part instead of the
  // whole, another incident) are not run one after the other; one is the procedure, each other a path.
  void find_procedure_alternatives() {
    std::map<std::optional<std::size_t>, std::vector<std::size_t>> siblings, others;  // By parent section.
    for (std::size_t k = 0; k < sections_.size(); ++k)
      (excluded(sections_[k].heading) || level_number(sections_[k].title) ? others : siblings)[parent_[k]].push_back(k);
    const auto decided = [&](const Section& s) {
      return situation_main_lines_.count(s.line) > 0 ||
             std::any_of(alternative_sections_.begin(), alternative_sections_.end(),
                         [&](const AlternativeSection& a) { return a.line <= s.line && s.line <= a.end_line; });
    };
    const auto texts = [&](const Section& s) {
      std::vector<std::string> out;
      for (const auto& b : own_blocks(s))
        if (b.kind == Block::Kind::Paragraph || b.kind == Block::Kind::ListItem) out.push_back(b.text);
      return out;
    };
    std::vector<std::string> intro;
    for (std::size_t k = 0; k < sections_.size(); ++k)
      if (!parent_[k]) {
        for (const auto& t : texts(sections_[k]))
          intro.push_back(t);
      }
    for (const auto& [parent, list] : siblings) {
      if (list.size() < 2) continue;
      std::vector<ProcedureSection> read;
      for (const std::size_t k : list)
        read.push_back(procedure_section(sections_[k]));
      std::vector<std::string> context = parent ? texts(sections_[*parent]) : std::vector<std::string>{};
      // Besides the parent's words, those of its sections before the first that holds steps ("Before you
      // start").
      std::vector<std::size_t> around = others[parent];
      for (std::size_t i = 0; i < list.size(); ++i)
        if (!read[i].holds_steps) around.push_back(list[i]);
      std::sort(around.begin(), around.end());
      const auto first_steps = std::find_if(read.begin(), read.end(), [](const ProcedureSection& p) {
        return p.holds_steps;
      });
      const std::size_t before = first_steps == read.end() ? sections_.size() : list[first_steps - read.begin()];
      for (const std::size_t k : around)
        if (k < before)
          for (const auto& t : texts(sections_[k]))
            context.push_back(t);
      if (parent && parent_[*parent]) context.insert(context.end(), intro.begin(), intro.end());
      const auto taken = [&](std::size_t k) { return decided(sections_[k]); };
      if (std::any_of(list.begin(), list.end(), taken)) {
        follow_recommendation(list, read, context);
        continue;
      }
      const ProcedureDecision d = decide_procedures(read, context, result_.title);
      for (const std::size_t i : d.procedures) {
        if (i == d.primary) continue;
        const Section& s = sections_[list[i]];
        const std::string when = one_line(strip_step_prefix(s.title), 80);
        alternative_sections_.push_back({s.line, last_text_line_before(start_line_of(s.end), s.line), when});
        note(s.line, Kind::Alternative,
             "\"" + when + "\" is another procedure than \"" +
                 one_line(strip_step_prefix(sections_[list[d.primary]].title), 40) + "\" (" + to_string(d.evidence) +
                 "; that one is " + d.why + "): its steps run only when the scenario's \"conditions\" list it");
      }
    }
  }
  // Siblings another rule decided (find_alternative_sections): when the document recommends one of the ways
  // it made an alternative, that one is the procedure, and the one the rule kept becomes the alternative.
  void follow_recommendation(const std::vector<std::size_t>& list, const std::vector<ProcedureSection>& read,
                             const std::vector<std::string>& context) {
    std::vector<std::size_t> marked, kept;  // Positions in `list`.
    for (std::size_t i = 0; i < list.size(); ++i) {
      const Section& s = sections_[list[i]];
      if (situation_main_lines_.count(s.line)) return;
      const auto it = std::find_if(alternative_sections_.begin(), alternative_sections_.end(),
                                   [&](const AlternativeSection& a) { return a.line == s.line; });
      if (it != alternative_sections_.end()) {
        if (it->by_default) return;
        marked.push_back(i);
      } else if (!read[i].part && read[i].holds_steps && read[i].goes_back) {
        kept.push_back(i);
      }
    }
    if (marked.empty() || kept.size() != 1) return;
    std::vector<std::size_t> candidates = marked;
    candidates.push_back(kept.front());
    std::sort(candidates.begin(), candidates.end());
    const auto r = recommended_procedure(read, candidates, context);
    if (!r || r->first == kept.front()) return;
    const Section& chosen = sections_[list[r->first]];
    const Section& other = sections_[list[kept.front()]];
    std::erase_if(alternative_sections_, [&](const AlternativeSection& a) { return a.line == chosen.line; });
    const std::string when = one_line(strip_step_prefix(other.title), 80);
    alternative_sections_.push_back({other.line, last_text_line_before(start_line_of(other.end), other.line), when});
    note(other.line, Kind::Alternative,
         "\"" + when + "\" is another procedure than \"" + one_line(strip_step_prefix(chosen.title), 40) +
             "\" (that one is " + r->second + "): its steps run only when the scenario's \"conditions\" list it");
  }
  // What procedures.cpp needs to know of a section (with its sub-sections).
  ProcedureSection procedure_section(const Section& s) {
    ProcedureSection p;
    p.title = s.title;
    p.part = is_step_word_title(s.title) || names_checking(s.title) || names_phase(s.title);
    for (std::size_t i = s.begin; i < s.end && i < blocks_.size(); ++i) {
      const Block& b = blocks_[i];
      if (b.kind == Block::Kind::Heading) continue;
      if ((b.kind == Block::Kind::Paragraph || b.kind == Block::Kind::ListItem) && p.lead.size() < 3)
        p.lead.push_back(b.text);
      if (b.kind == Block::Kind::ListItem && starts_with_instruction(b.text) && names_going_back(b.text))
        p.goes_back = true;
      if (b.kind != Block::Kind::Code) continue;
      for (const auto& g : groups_of(i))
        for (const auto& c : g.commands) {
          if (!c.match.known || c.match.observes || c.match.action.empty() || c.match.action == "manual") continue;
          p.acts = true;
          const std::string& a = c.match.action;
          if (a == "rollout_undo" || a == "db_restore" || a == "db_migrate_down" || a == "infra_rollback" ||
              a == "disable_flag" || names_going_back(c.text))
            p.goes_back = true;
        }
    }
    p.holds_steps = holds_steps(s);
    p.goes_back = p.goes_back || (p.holds_steps && names_going_back(s.title));
    return p;
  }

  // Fallbacks after the procedure (procedures.cpp, fallback_after): among sibling sections, once one goes
  // back and checks that it worked, a later one that names an emergency way, opens with the condition that
  // the procedure failed, or restores one part or moment again, is a path of its own.
  bool goes_back_and_checks(const Section& s) {
    bool changed = false;
    for (std::size_t i = s.begin; i < s.end && i < blocks_.size(); ++i) {
      const Block& b = blocks_[i];
      if (excluded(i)) continue;
      if (b.kind == Block::Kind::Code) {
        for (const auto& g : groups_of(i))
          for (const auto& c : g.commands) {
            if (!c.match.known) continue;
            if (c.match.observes && changed) return true;
            if (takes_action(c.match)) changed = true;
          }
        continue;
      }
      if (b.kind != Block::Kind::ListItem && b.kind != Block::Kind::Paragraph) continue;
      for (const auto& code : b.inline_code) {
        const auto m = match_command(code);
        if (m.known && m.observes && changed) return true;
        if (takes_action(m)) changed = true;
      }
      if (changed && starts_with_instruction(b.text) && names_checking(b.text)) return true;
    }
    return false;
  }

  void mark_fallbacks_after_procedure() {
    std::map<std::optional<std::size_t>, std::vector<std::size_t>> siblings;  // By parent section.
    for (std::size_t k = 0; k < sections_.size(); ++k)
      if (!excluded(sections_[k].heading) && !level_number(sections_[k].title))
        siblings[parent_[k]].push_back(k);
    for (const auto& [parent, list] : siblings) {
      std::optional<std::size_t> first;
      ProcedureSection earlier;
      for (const std::size_t k : list) {
        const Section& s = sections_[k];
        if (is_alternative_line(s.line)) continue;
        if (!first) {
          earlier = procedure_section(s);
          if (earlier.goes_back && earlier.holds_steps && goes_back_and_checks(s)) first = k;
          continue;
        }
        const FallbackEvidence e = fallback_after(earlier, procedure_section(s));
        if (e == FallbackEvidence::None) continue;
        const std::string when = one_line(strip_step_prefix(s.title), 80);
        alternative_sections_.push_back({s.line, last_text_line_before(start_line_of(s.end), s.line), when});
        note(s.line, Kind::Alternative,
             "\"" + when + "\" comes after \"" + one_line(strip_step_prefix(sections_[*first].title), 40) +
                 "\", which already goes back and checks, and is " + to_string(e) +
                 ": its steps run only when the scenario's \"conditions\" list it");
      }
    }
  }

  // Fallback items at the end of a list: once a change has been made, an item that opens with the condition
  // that it did not work ("If the page still fails after the rollback, roll back one more version") leads
  // the items after it in the same list: they carry on its path, not the procedure.
  static bool opens_with_condition(const std::string& text) {
    const std::string t = lower(trim(text));
    for (const char* lead : {"if ", "when ", "once ", "unless ", "in case ", "only ", "should "})
      if (t.rfind(lead, 0) == 0) return true;
    return false;
  }

  void mark_fallback_list_items() {
    bool changed = false;
    for (std::size_t i = 0; i < blocks_.size(); ++i) {
      const Block& b = blocks_[i];
      if (excluded(i)) continue;
      if (b.kind == Block::Kind::Code) {
        for (const auto& g : groups_of(i))
          for (const auto& c : g.commands)
            if (takes_action(c.match)) changed = true;
        continue;
      }
      if (b.kind != Block::Kind::ListItem) continue;
      if (!changed || !opens_with_fallback(b.text) || is_alternative_line(b.line)) {
        for (const auto& code : b.inline_code) {
          const auto m = match_command(code);
          if (takes_action(m)) changed = true;
        }
        if (starts_with_instruction(b.text) && names_going_back(b.text)) changed = true;
        continue;
      }
      // The rest of its list: items at its depth or deeper and what they hold, up to a heading, a paragraph,
      // a table or a shallower item.
      int end_line = b.end_line;
      std::size_t j = i + 1;
      for (; j < blocks_.size(); ++j) {
        const Block& n = blocks_[j];
        if (n.kind == Block::Kind::ListItem) {
          if (n.level < b.level || (n.level == b.level && n.ordered != b.ordered)) break;
          // An item with a condition of its own ("If the rollout looks healthy, ...") ends the path.
          if (n.level == b.level && opens_with_condition(n.text)) break;
          end_line = n.end_line;
        } else if (n.kind == Block::Kind::Code) {
          if (j + 1 >= blocks_.size() || blocks_[j + 1].kind != Block::Kind::ListItem ||
              blocks_[j + 1].level < b.level)
            break;
          end_line = n.end_line;
        } else {
          break;
        }
      }
      if (end_line > b.end_line) {
        std::string when = b.text.substr(0, b.text.find_first_of(",:"));
        when = one_line(when, 80);
        alternative_sections_.push_back({b.line, end_line, when});
        note(b.line, Kind::Alternative,
             "\"" + when +
                 "\" says the change before it did not work: it and the items after it in its list (to L" +
                 std::to_string(end_line) +
                 ") are that path, run only when the scenario's \"conditions\" list it");
      }
      i = j - 1;
    }
  }

  // Ways offered in a list: a sentence that counts ways or options ("We have two ways to do this; pick one:")
  // over items that each name their way before a colon ("Nightly dump (default): ...") and each hold a
  // command of their own. One runs: the item the text calls the default or recommended, else the first;
  // each other item, with what it holds, is a path named by its lead-in.
  void mark_offered_options() {
    for (std::size_t i = 0; i + 1 < blocks_.size(); ++i) {
      const Block& p = blocks_[i];
      if (excluded(i) || (p.kind != Block::Kind::Paragraph && p.kind != Block::Kind::ListItem) ||
          !counts_procedures(p.text) || blocks_[i + 1].kind != Block::Kind::ListItem ||
          (p.kind == Block::Kind::ListItem && blocks_[i + 1].level <= p.level))
        continue;
      struct Option {
        int line = 0, end_line = 0;
        std::string name;
        bool runs = false;
      };
      std::vector<Option> options;
      const int level = blocks_[i + 1].level;
      std::size_t j = i + 1;
      for (; j < blocks_.size(); ++j) {
        const Block& b = blocks_[j];
        if (b.kind == Block::Kind::ListItem && b.level == level) {
          const std::string first = b.text.substr(0, b.text.find('\n'));
          const auto colon = first.find(':');
          options.push_back(
              {b.line, b.end_line,
               colon != std::string::npos && colon <= 40 ? trim(first.substr(0, colon)) : std::string(),
               false});
        } else if (b.kind == Block::Kind::Code || (b.kind == Block::Kind::ListItem && b.level > level)) {
          options.back().end_line = b.end_line;
        } else {
          break;
        }
        if (b.kind == Block::Kind::Code) {
          for (const auto& g : groups_of(j))
            if (!g.commands.empty()) options.back().runs = true;
        }
        for (const auto& code : b.inline_code)
          if (match_command(code).known) options.back().runs = true;
      }
      i = j - 1;
      if (options.size() < 2 || std::any_of(options.begin(), options.end(),
                                            [](const Option& o) { return o.name.empty() || !o.runs; }))
        continue;
      std::size_t main = 0;
      for (std::size_t k = 0; k < options.size(); ++k)
        if (says_recommended(options[k].name)) {
          main = k;
          break;
        }
      for (std::size_t k = 0; k < options.size(); ++k) {
        if (k == main || is_alternative_line(options[k].line)) continue;
        const std::string when = one_line(options[k].name, 80);
        alternative_sections_.push_back({options[k].line, options[k].end_line, when});
        note(options[k].line, Kind::Alternative,
             "\"" + when + "\" is one of the ways the text offers (\"" + one_line(p.text, 50) +
                 "\"), beside \"" + one_line(options[main].name, 40) +
                 "\": its steps run only when the scenario's \"conditions\" list it");
      }
    }
  }

  // Once the service is back (docs/runbook-import.md, "Once the service is back"): a document restores
  // service once. The first section that holds a complete way back (a change that goes back, then a check
  // of it; the innermost such section) is the procedure; a later section, outside it, that goes back again,
  // is written for another situation or is a complete way of its own is another path, not the next steps.
  // A part (a "Step N" or numbered heading after a numbered one, a check, the time after going back,
  // communication, clean-up, follow-up) or a section chained to it ("Then ...") continues the procedure.
  bool completes_way_back(std::size_t k) {
    const Section& s = sections_[k];
    if (excluded(s.heading) || is_alternative_line(s.line)) return false;
    const ProcedureSection p = procedure_section(s);
    return (p.goes_back && p.holds_steps && goes_back_and_checks(s)) || names_way_back_and_check(s);
  }

  // A way back and its check named in words where the catalogue knows neither command (SQL on a settings
  // table, an in-house CLI): a code group whose comment, or an instruction, names going back or switching
  // off, then a comment, an instruction or a sub-heading that names checking.
  bool names_way_back_and_check(const Section& s) {
    const auto change = [](const std::string& t) { return names_going_back(t) || names_switching_off(t); };
    bool changed = false, own = true;  // `own`: before the first sub-heading.
    for (std::size_t i = s.begin; i < s.end && i < blocks_.size(); ++i) {
      const Block& b = blocks_[i];
      if (b.kind == Block::Kind::Heading) own = false;
      if (excluded(i)) continue;
      if (b.kind == Block::Kind::Code) {
        for (const auto& g : groups_of(i)) {
          if (g.commands.empty() || g.alternative || g.conditional) continue;
          if (changed && names_checking(g.comment)) return true;
          // A group that only looks changes nothing, whatever its comment says.
          if (std::all_of(g.commands.begin(), g.commands.end(),
                          [](const Command& c) { return c.match.known && c.match.observes; }))
            continue;
          // Under a title that names the change ("Kill switch"), its own commands are that change.
          if (change(g.comment) || (own && change(s.title))) changed = true;
        }
        continue;
      }
      std::string first = trim(b.text.substr(0, b.text.find('\n')));
      if (checkbox_text(first)) first = trim(first.substr(first.find(']') + 1));
      if (changed && (b.kind == Block::Kind::Heading || starts_with_instruction(first)) &&
          names_checking(first))
        return true;
      if (b.kind != Block::Kind::Heading && starts_with_instruction(first) && change(first) &&
          (!b.inline_code.empty() || i + 1 < s.end))
        changed = true;
    }
    return false;
  }

  bool another_way_after(const Section& w, const Section& t) {
    const ProcedureSection p = procedure_section(t);
    if (p.part || !p.holds_steps) return false;
    const bool situation = names_situation(t.title) || opens_with_situation(p);
    if (!situation && !p.acts && !p.goes_back) return false;
    if (names_communication(t.title) || names_clean_up(t.title) || names_follow_up(t.title) ||
        names_failback(t.title))
      return false;
    if (is_step_title(t.title) && is_step_title(w.title)) return false;
    if (!p.lead.empty()) {
      const std::string first = lower(trim(p.lead.front()));
      for (const char* chain : {"then", "next", "afterwards", "after that", "finally"})
        if (first.rfind(chain, 0) == 0) return false;
    }
    return p.goes_back || situation || names_problem(t.title) || goes_back_and_checks(t);
  }

  void mark_ways_after_restore() {
    if (std::any_of(sections_.begin(), sections_.end(),
                    [](const Section& s) { return level_number(s.title).has_value(); }))
      return;
    std::optional<std::size_t> w;
    for (std::size_t k = 0; k < sections_.size() && !w; ++k)
      if (completes_way_back(k)) w = k;
    if (!w) return;
    // The innermost: a sub-section that holds a complete way back on its own.
    for (bool deeper = true; deeper;) {
      deeper = false;
      for (std::size_t j = *w + 1; j <= last_sub_[*w] && j < sections_.size(); ++j)
        if (completes_way_back(j)) {
          w = j;
          deeper = true;
          break;
        }
    }
    const Section& way = sections_[*w];
    for (std::size_t k = last_sub_[*w] + 1; k < sections_.size(); ++k) {
      const Section& t = sections_[k];
      if (is_alternative_line(t.line)) {
        k = last_sub_[k];
        continue;
      }
      if (excluded(t.heading) || !another_way_after(way, t)) continue;
      const std::string when = one_line(strip_step_prefix(t.title), 80);
      alternative_sections_.push_back({t.line, last_text_line_before(start_line_of(t.end), t.line), when});
      note(t.line, Kind::Alternative,
           "\"" + when + "\" comes after \"" + one_line(strip_step_prefix(way.title), 40) +
               "\", which already goes back and checks, and is another way back or another situation: its "
               "steps run only when the scenario's \"conditions\" list it");
      k = last_sub_[k];
    }
  }

  ImportResult run() {
    build_sections();
    classify_sections();
    for (const auto& b : blocks_) {
      if (b.kind == Block::Kind::Heading && b.level == 1 && result_.title.empty())
        result_.title = trim(b.text);
    }
    find_alternative_sections();
    find_procedure_alternatives();
    mark_fallbacks_after_procedure();
    mark_fallback_list_items();
    mark_offered_options();
    mark_ways_after_restore();
    mark_exercise_other_ways();
    find_main_service();
    std::vector<TriggerSection> trigger_sections;
    for (const auto& s : sections_)
      trigger_sections.push_back({s.title, is_step_title(s.title), s.begin, s.end});
    read_triggers(blocks_, trigger_sections, main_service_, result_, pending_rules_);
    read_flowcharts();
    read_backups();
    build_levels();
    name_default_flags();
    assure_durations();
    std::stable_sort(result_.notes.begin(), result_.notes.end(),
                     [](const ImportNote& a, const ImportNote& b) { return a.line < b.line; });
    return std::move(result_);
  }

 private:
  // A step that turns a flag off without naming it ("Toggle to OFF" in the admin panel) got "feature";
  // when the document names a flag elsewhere (a later option's SQL or API call), it is that one.
  void name_default_flags() {
    const auto named = std::find_if(result_.flags.begin(), result_.flags.end(),
                                    [](const std::string& f) { return f != "feature"; });
    if (named == result_.flags.end() ||
        std::find(result_.flags.begin(), result_.flags.end(), "feature") == result_.flags.end())
      return;
    const std::string flag = *named;
    for (auto& level : result_.plan["levels"])
      for (auto& step : level["steps"])
        if (step.value("flag", std::string()) == "feature") step["flag"] = flag;
    std::erase(result_.flags, std::string("feature"));
  }

  void note(int line, Kind kind, std::string text, int end_line = 0) {
    result_.notes.push_back({line, kind, std::move(text), std::max(end_line, line)});
  }

  // --- Source lines (1-based, inclusive) of what a step came from.

  // A blank line, or a thematic break (---, ***, ___) that only separates sections.
  bool blank_line(int line) const {
    if (line < 1 || static_cast<std::size_t>(line) > lines_.size()) return true;
    const std::string t = trim(lines_[static_cast<std::size_t>(line) - 1]);
    return t.empty() ||
           t.find_first_not_of(t[0] == '-' || t[0] == '*' || t[0] == '_' ? t.substr(0, 1) + " " : "") ==
               std::string::npos;
  }
  bool fence_line(int line) const {
    if (line < 1 || static_cast<std::size_t>(line) > lines_.size()) return false;
    const std::string t = trim(lines_[static_cast<std::size_t>(line) - 1]);
    return t.rfind("```", 0) == 0 || t.rfind("~~~", 0) == 0;
  }
  // The first line of block `i` in the source: a fenced code block starts at its fence.
  int start_line_of(std::size_t i) const {
    if (i >= blocks_.size()) return static_cast<int>(lines_.size()) + 1;
    const Block& b = blocks_[i];
    return b.kind == Block::Kind::Code && fence_line(b.line - 1) ? b.line - 1 : b.line;
  }
  // The last line of block `i`: a fenced code block ends at its closing fence.
  int end_line_of(std::size_t i) const {
    const Block& b = blocks_[i];
    const int end = std::max(b.line, b.end_line);
    return b.kind == Block::Kind::Code && fence_line(end + 1) ? end + 1 : end;
  }
  // The last non-blank line before `line`, but never before `floor`.
  int last_text_line_before(int line, int floor) const {
    int l = line - 1;
    while (l > floor && blank_line(l))
      --l;
    return std::max(l, floor);
  }
  // A list item with what is nested in it: deeper items, and indented code blocks or paragraphs.
  int item_end_line(std::size_t i) const {
    const Block& item = blocks_[i];
    int end = end_line_of(i);
    for (std::size_t j = i + 1; j < blocks_.size(); ++j) {
      const Block& b = blocks_[j];
      const bool deeper = b.kind == Block::Kind::ListItem && b.level > item.level;
      const int first = start_line_of(j);
      const bool indented = b.kind != Block::Kind::Heading && b.kind != Block::Kind::ListItem && first >= 1 &&
                            static_cast<std::size_t>(first) <= lines_.size() &&
                            !lines_[static_cast<std::size_t>(first) - 1].empty() &&
                            (lines_[static_cast<std::size_t>(first) - 1][0] == ' ' ||
                             lines_[static_cast<std::size_t>(first) - 1][0] == '\t');
      if (!deeper && !indented) break;
      end = std::max(end, end_line_of(j));
    }
    return end;
  }

  // The command groups of code block `block`, matched once and kept: several passes read them.
  const std::vector<Group>& groups_of(std::size_t block) {
    auto [it, inserted] = groups_.try_emplace(block);
    if (inserted && !output_shown(block) && !text_shown(block))
      it->second = script_groups(block, code_groups(blocks_[block]));
    return it->second;
  }

  // A whole script shown as a file (scripts.hpp): none of its groups are steps when a line elsewhere runs
  // it by name, when it is a tool beside a procedure held elsewhere (a health check, a validation job,
  // automation), or when its lead-in says it repeats steps above; otherwise its scaffolding groups (a
  // banner it echoes, settings) are none. `groups` for any other block.
  std::vector<Group> script_groups(std::size_t block, std::vector<Group> groups) {
    const Block& code = blocks_[block];
    const bool lead = block > 0 && (blocks_[block - 1].kind == Block::Kind::Paragraph ||
                                    blocks_[block - 1].kind == Block::Kind::ListItem);
    const std::string lead_in = lead ? blocks_[block - 1].text : std::string();
    const ScriptFile f = script_file(code.info, code.text, lead_in);
    if (!f.whole || groups.empty()) return groups;
    const std::string what =
        f.name.empty() ? "the script at line " + std::to_string(code.line) : "the script " + f.name;
    for (std::size_t l = 1; l <= lines_.size() && !f.name.empty(); ++l) {
      if (static_cast<int>(l) >= code.line && static_cast<int>(l) <= code.end_line) continue;
      if (!runs_script(lines_[l - 1], f.name)) continue;
      note(code.line, Kind::NotStep,
           what + " is run by line " + std::to_string(l) +
               ": that line is the step, the script's comments are not",
           code.end_line);
      return {};
    }
    if (script_is_tool(block, f, lead_in)) {
      note(code.line, Kind::NotStep,
           what +
               " is a tool beside the procedure (a check, a validation or monitoring job, automation): not "
               "its steps",
           code.end_line);
      return {};
    }
    if (repeats_steps_above(lead_in)) {
      note(code.line, Kind::NotStep, what + " repeats steps above as one file: not steps of its own",
           code.end_line);
      return {};
    }
    const auto n = std::erase_if(groups, [](const Group& g) {
      return !g.item && !g.check && !g.commands.empty() &&
             std::all_of(g.commands.begin(), g.commands.end(), [](const Command& c) {
               return scaffolding_line(c.text.substr(0, c.text.find('\n')));
             });
    });
    if (n > 0)
      note(code.line, Kind::NotStep,
           std::to_string(n) + " command group(s) of " + what +
               " only print, set or define (its scaffolding): no steps",
           code.end_line);
    return groups;
  }
  // Whether whole script `f` of code block `block` is a tool beside the procedure: its name, first comment,
  // lead-in or the titles of its section and that section's parent name one (names_tool), its section is
  // no step or numbered heading, and a code block or inline command outside that section changes the
  // system (the procedure is elsewhere).
  bool script_is_tool(std::size_t block, const ScriptFile& f, const std::string& lead_in) const {
    std::string words = f.name + " " + f.about + " " + lead_in;
    const auto k = section_of(block);
    if (k) {
      if (is_step_title(sections_[*k].title) || leading_number(sections_[*k].title)) return false;
      words += " " + sections_[*k].title;
      if (parent_[*k] && sections_[*parent_[*k]].depth > 1) words += " " + sections_[*parent_[*k]].title;
    }
    if (!names_tool(words)) return false;
    for (std::size_t j = 0; j < blocks_.size(); ++j) {
      if (j == block || (k && section_of(j) == k)) continue;
      if (blocks_[j].kind != Block::Kind::Code) {
        for (const auto& code : blocks_[j].inline_code)
          if (changes_system(Command{code, blocks_[j].line, match_command(code), blocks_[j].line}))
            return true;
        continue;
      }
      for (const auto& g : code_groups(blocks_[j]))
        for (const auto& c : g.commands)
          if (changes_system(c)) return true;
    }
    return false;
  }

  // Code block `i` stands by itself (its fence not indented under a list item) and holds text shown, not
  // commands (shows_text): a message or what a command printed, quoted in the document's own part. Under
  // an item it is that item's material ("Post in the channel:" over the message), which the item's step
  // keeps.
  bool text_shown(std::size_t i) {
    if (i >= blocks_.size() || blocks_[i].kind != Block::Kind::Code || !shows_text(blocks_[i])) return false;
    const int first = start_line_of(i);
    if (first < 1 || static_cast<std::size_t>(first) > lines_.size()) return false;
    const std::string_view l = lines_[static_cast<std::size_t>(first) - 1];
    if (!l.empty() && (l[0] == ' ' || l[0] == '\t')) return false;
    // The message of an instruction to tell people ("Post in #incidents:", "Send the customers this:") is
    // that instruction's material, as under a list item.
    if (i > 0 && blocks_[i - 1].kind == Block::Kind::Paragraph) {
      const std::string lead = trim(blocks_[i - 1].text);
      if (!lead.empty() && lead.back() == ':' && action_from_words(lead) == "notify") return false;
    }
    // So is the message under a heading that says to tell people or names a message ("Step 6: Communicate
    // Resolution", "Resolution Message").
    if (const auto k = section_of(i)) {
      const std::string title = lower(sections_[*k].title);
      if (action_from_words(strip_step_prefix(sections_[*k].title)) == "notify" ||
          title.find("message") != std::string::npos)
        return false;
    }
    note(blocks_[i].line, Kind::NotStep,
         "the code at line " + std::to_string(blocks_[i].line) +
             " holds text shown (a message, output), no line of it a command: not commands to run",
         blocks_[i].end_line);
    return true;
  }

  // Code block `i` shows what a command prints: the paragraph or item just before it announces output
  // ("Expected output:", "You should see:", "A successful switch prints:"). Its lines are no commands.
  bool output_shown(std::size_t i) {
    if (i == 0 || i >= blocks_.size() || blocks_[i].kind != Block::Kind::Code) return false;
    const Block& before = blocks_[i - 1];
    if (before.kind != Block::Kind::Paragraph && before.kind != Block::Kind::ListItem) return false;
    if (!announces_output(before.text)) return false;
    if (shown_output_.insert(i).second)
      note(blocks_[i].line, Kind::NotStep,
           "the code after \"" + one_line(before.text, 60) + "\" is output shown, not commands to run",
           blocks_[i].end_line);
    return true;
  }

  void build_sections() {
    for (std::size_t i = 0; i < blocks_.size(); ++i) {
      if (blocks_[i].kind != Block::Kind::Heading) continue;
      Section s{i, blocks_[i].level, trim(blocks_[i].text), blocks_[i].line, i + 1, blocks_.size()};
      for (std::size_t j = i + 1; j < blocks_.size(); ++j) {
        if (blocks_[j].kind == Block::Kind::Heading && blocks_[j].level <= s.depth) {
          s.end = j;
          break;
        }
      }
      sections_.push_back(s);
    }
    // Each section's parent (the nearest section before it with a lower depth) and its last sub-section,
    // by a stack of open sections: linear in the number of headings.
    parent_.assign(sections_.size(), std::nullopt);
    last_sub_.assign(sections_.size(), 0);
    std::vector<std::size_t> open;
    for (std::size_t k = 0; k < sections_.size(); ++k) {
      while (!open.empty() && sections_[open.back()].depth >= sections_[k].depth) {
        last_sub_[open.back()] = k - 1;
        open.pop_back();
      }
      if (!open.empty()) parent_[k] = open.back();
      open.push_back(k);
    }
    for (const std::size_t k : open)
      last_sub_[k] = sections_.size() - 1;
  }

  // The service most commands act on: steps without a target of their own use it.
  void find_main_service() {
    std::map<std::string, int> counts;
    std::vector<std::string> order;
    auto count = [&](const CommandMatch& m) {
      if (m.target.empty() || m.tool == "curl" || is_placeholder(m.target)) return;
      const std::string name = sanitize_name(m.target);
      if (!name.empty() && counts[name]++ == 0) order.push_back(name);
    };
    for (std::size_t i = 0; i < blocks_.size(); ++i) {
      const Block& b = blocks_[i];
      if (b.kind == Block::Kind::Code) {
        for (const auto& g : groups_of(i))
          for (const auto& c : g.commands)
            count(c.match);
        continue;
      }
      // Commands written inline in a list item or a paragraph name their targets as well.
      for (const auto& code : b.inline_code)
        if (trim(code).find(' ') != std::string::npos) count(match_command(code));
    }
    main_service_ = "app";
    int best = 0;
    for (const auto& name : order) {
      if (counts[name] > best) {
        best = counts[name];
        main_service_ = name;
      }
    }
  }

  std::string use_service(const std::string& target) {
    std::string name = sanitize_name(target);
    if (name.empty() || is_placeholder(target)) name = main_service_;
    if (std::find(result_.services.begin(), result_.services.end(), name) == result_.services.end())
      result_.services.push_back(name);
    return name;
  }

  static void add_unique(std::vector<std::string>& list, const std::string& name) {
    if (std::find(list.begin(), list.end(), name) == list.end()) list.push_back(name);
  }

  std::string use_store(const std::string& store) {
    std::string name = sanitize_name(store);
    if (name.empty() || is_placeholder(store)) name = "db";
    if (std::find(result_.stores.begin(), result_.stores.end(), name) == result_.stores.end())
      result_.stores.push_back(name);
    return name;
  }

  // A flowchart in a code block: "Is X? -> YES -> ROLLBACK" lines, in order.
  void read_flowcharts() {
    for (const auto& b : blocks_) {
      if (b.kind != Block::Kind::Code) continue;
      const std::string t = lower(b.text);
      if (!has(t, "?") || (!has(t, "yes") && !has(t, "no"))) continue;
      if (!has(t, "rollback") && !has(t, "roll back")) continue;
      std::istringstream in(b.text);
      int n = b.line;
      for (std::string line; std::getline(in, line); ++n) {
        const std::string l = lower(line);
        const auto q = l.find('?');
        if (q == std::string::npos || !has(l.substr(q), "yes")) continue;
        std::size_t start = l.rfind("is ", q);
        if (start == std::string::npos) start = l.rfind("can ", q);
        if (start == std::string::npos) start = 0;
        const std::string question = trim(line.substr(start, q + 1 - start));
        const std::string answer = l.substr(q);
        ojson rule{{"name", question}};
        if (has(answer, "fix forward") || has(answer, "fix-forward"))
          rule["then"] = "fix_forward";
        else if (has(answer, "rollback") || has(answer, "roll back"))
          rule["then_level_number"] = 1;
        else
          continue;
        const std::string ql = lower(question);
        const auto pct = percent_in(ql);
        if (has(ql, "completely down") || has(ql, "fully down") || has(ql, "totally down")) {
          rule["error_ratio_above"] = 0.99;
          rule["window_s"] = 120;
        } else if (has(ql, "corrupt")) {
          rule["data_corrupted"] = true;
        } else if (has(ql, "error rate") && pct) {
          rule["error_ratio_above"] = *pct;
        } else if (has(ql, "fix forward") || has(ql, "fix-forward")) {
          const auto d = find_durations(question);
          if (d.empty()) {
            note(n, Kind::Unexpressed, "flowchart question \"" + question + "\": no time");
            continue;
          }
          rule["fix_forward_at_most_s"] = d.front().max_s;
        } else {
          note(n, Kind::Unexpressed,
               "flowchart question \"" + question + "\" kept as text (no signal for it)");
          continue;
        }
        note(n, Kind::Decision,
             "flowchart: \"" + question + "\" -> " +
                 (rule.contains("then") ? std::string("fix forward") : std::string("roll back")));
        pending_rules_.push_back(std::move(rule));
      }
    }
  }

  // Backup frequencies ("daily backups", "backups every 6 hours") and point-in-time recovery.
  void read_backups() {
    for (const auto& b : blocks_) {
      const std::string t = lower(b.text);
      if (has(t, "point-in-time") || has(t, "point in time") || has(t, "pitr") || has(t, "wal") ||
          has(t, "binlog"))
        result_.mentions_pitr = true;
      if (!has(t, "backup") || b.kind == Block::Kind::Code) continue;
      for (const auto& d : find_durations(b.text)) {
        if (d.role != DurationMention::Role::Frequency) continue;
        result_.backup_intervals_s.push_back(d.max_s);
        note(b.line, Kind::NotDuration, "\"" + d.text + "\": a backup frequency, not a step's duration");
      }
      if (has(t, "daily") && has(t, "backup")) result_.backup_intervals_s.push_back(86400);
      if (has(t, "hourly") && has(t, "backup")) result_.backup_intervals_s.push_back(3600);
    }
  }

  // --- Levels and steps.

  // The blocks of section `s` up to its first sub-heading: what it says itself.
  std::vector<Block> own_blocks(const Section& s) const {
    std::vector<Block> out;
    for (std::size_t i = s.begin; i < s.end && i < blocks_.size(); ++i) {
      if (blocks_[i].kind == Block::Kind::Heading) break;
      out.push_back(blocks_[i]);
    }
    return out;
  }

  // A cheat sheet of commands after the procedure: a section without sub-sections that is only code, with
  // at least four commented command groups, most of which change nothing (status, logs, health), while
  // code before it, read for steps, already holds a command that changes the system. Its title neither
  // speaks of going back nor of checking.
  // A section titled as reference material ("Quick Reference", "Appendix: Quick Reference", "Cheat
  // sheet", "Useful commands", "Tools and scripts") after a part of the document, read for steps, that
  // changes the system: whatever its commands do, it restates or supplements the procedure before it.
  bool titled_reference(std::size_t k) {
    const Section& s = sections_[k];
    const std::string t = " " + lower(s.title) + " ";
    bool named = false;
    for (const char* words : {"reference", "cheat sheet", "cheatsheet", "appendix", "useful commands",
                              "common commands", "handy commands", "command summary", "tools and scripts"}) {
      if (has(t, words)) named = true;
    }
    return named && change_before(s.heading);
  }

  bool command_reference(std::size_t k) {
    const Section& s = sections_[k];
    // A title about going back or about checking ("Rollback Verification") names a part of the procedure.
    if (names_going_back(s.title)) return false;
    const std::string t = lower(s.title);
    for (const char* stem : {"verif", "validat", "check", "health", "smoke", "test", "monitor", "confirm"}) {
      if (has(t, stem)) return false;
    }
    std::size_t groups = 0;
    std::size_t looking = 0;
    for (std::size_t i = s.begin; i < s.end && i < blocks_.size(); ++i) {
      if (blocks_[i].kind != Block::Kind::Code) return false;  // Prose, a list or a sub-section.
      for (const auto& g : groups_of(i)) {
        if (g.commands.empty() || g.comment.empty()) continue;
        ++groups;
        if (std::all_of(g.commands.begin(), g.commands.end(), [](const Command& c) {
              return c.match.action.empty() || c.match.action == "verify" || c.match.action == "wait";
            }))
          ++looking;
      }
    }
    if (groups < 4 || 2 * looking <= groups) return false;
    const auto changes = [](const CommandMatch& m) {
      return !m.action.empty() && m.action != "verify" && m.action != "wait";
    };
    for (std::size_t i = 0; i < s.heading && i < blocks_.size(); ++i) {
      if (excluded(i)) continue;
      if (blocks_[i].kind != Block::Kind::Code) {
        for (const auto& code : blocks_[i].inline_code) {
          if (changes(match_command(code))) return true;
        }
        continue;
      }
      for (const auto& g : groups_of(i)) {
        for (const auto& c : g.commands) {
          if (changes(c.match)) return true;
        }
      }
    }
    return false;
  }

  // A catalogue of commands to look with (docs/runbook-import.md, "Command catalogues"): a section, no step,
  // numbered or level heading, whose title names watching, logs or debugging (names_catalogue), that with
  // its sub-sections holds only headings and code, at least four commented command groups none of which
  // changes the system or stops or starts anything, none numbered; while a code block elsewhere (not in
  // it) holds a command that changes the system.
  bool command_catalogue(std::size_t k) {
    const Section& s = sections_[k];
    if (is_step_title(s.title) || leading_number(strip_step_prefix(s.title)) || level_number(s.title) ||
        !names_catalogue(s.title))
      return false;
    std::size_t groups = 0;
    for (std::size_t i = s.begin; i < s.end && i < blocks_.size(); ++i) {
      const Block& b = blocks_[i];
      if (b.kind == Block::Kind::Heading) {
        if (is_step_title(trim(b.text)) || leading_number(strip_step_prefix(trim(b.text)))) return false;
        continue;
      }
      if (b.kind != Block::Kind::Code) return false;  // Prose or a list: more than a catalogue.
      for (const auto& g : groups_of(i)) {
        if (g.commands.empty()) continue;
        if (g.comment.empty() || leading_number(g.comment)) return false;
        for (const auto& c : g.commands)
          if (changes_system(c) || stops_or_starts(c)) return false;
        ++groups;
      }
    }
    if (groups < 4) return false;
    for (std::size_t i = 0; i < blocks_.size(); ++i) {
      if ((i >= s.heading && i < s.end) || excluded(i) || blocks_[i].kind != Block::Kind::Code) continue;
      for (const auto& g : groups_of(i))
        for (const auto& c : g.commands)
          if (changes_system(c)) return true;
    }
    return false;
  }

  // A list of the places a setting can be changed (console, environment variable, compose file, Helm
  // value, ...: lists_setting_places) after a part read for steps that changed the system: the ways to do
  // it, kept for reference. Not when its title goes back or turns something off (then it is the way).
  bool setting_reference(std::size_t k) {
    const Section& s = sections_[k];
    if (names_going_back(s.title) || names_switching_off(s.title)) return false;
    if (!lists_setting_places(own_blocks(s))) return false;
    const auto changes = [](const CommandMatch& m) {
      return !m.action.empty() && m.action != "verify" && m.action != "wait";
    };
    for (std::size_t i = 0; i < s.heading && i < blocks_.size(); ++i) {
      if (excluded(i)) continue;
      if (blocks_[i].kind != Block::Kind::Code) {
        for (const auto& code : blocks_[i].inline_code)
          if (changes(match_command(code))) return true;
        continue;
      }
      for (const auto& g : groups_of(i))
        for (const auto& c : g.commands)
          if (changes(c.match)) return true;
    }
    return false;
  }

  // What each section is, from the evidence of its content with its title as one feature
  // (classify_section, docs/runbook-import.md, structure rules). A section that is not procedure is not
  // read for steps, nor are the sections under it; the report says what it is and why. A numbered or
  // "Step" heading stays a step whatever its words (its parent decides).
  void classify_sections() {
    excluded_.assign(blocks_.size(), false);
    find_asides();
    std::vector<std::string> titles;
    for (const auto& s : sections_)
      titles.push_back(s.title);
    const HeadingIndex headings(titles);
    const auto top_level =
        std::count_if(sections_.begin(), sections_.end(), [](const Section& s) { return s.depth == 1; });
    // Sections about going back (rollback, restore, fail over): the subject of the document, against
    // which a section about deploying or releasing is another operation.
    std::vector<bool> going_back(sections_.size());
    std::vector<std::size_t> going_back_before(sections_.size() + 1, 0);
    for (std::size_t k = 0; k < sections_.size(); ++k) {
      // The document's title ("Lab 6: Rolling back a broken release") names the subject of the whole
      // document: it neither shelters the sections under it nor witnesses for them. So does the first
      // top-level heading beside other top-level ones ("# Lab guide: going back ...", then "# Steps").
      const bool title = sections_[k].depth == 1 && (top_level == 1 || k == 0);
      going_back[k] =
          !title && (names_going_back(sections_[k].title) || names_switching_off(sections_[k].title));
      going_back_before[k + 1] = going_back_before[k] + (going_back[k] ? 1 : 0);
    }
    // A section about going back that is no failback: the recovery a failback returns from.
    const auto recovery_elsewhere = [&](std::size_t k) -> std::optional<std::size_t> {
      for (std::size_t j = 0; j < sections_.size(); ++j) {
        if (j == k || !going_back[j] || names_failback(sections_[j].title)) continue;
        if (j > k && j <= last_sub_[k]) continue;  // Under it.
        bool ancestor = false;
        for (auto p = parent_[k]; p && !ancestor; p = parent_[*p])
          ancestor = *p == j;
        if (!ancestor) return j;
      }
      return std::nullopt;
    };
    // An exercise (a lab, a tutorial): what it sets up is torn down after the way back is done.
    // Its way back includes aborting what is under way (exercise_ways_back).
    std::vector<bool> way_back;
    std::vector<std::size_t> way_back_before;
    exercise_ways_back(going_back, way_back, way_back_before);
    const bool exercise = exercise_document(way_back, way_back_before);
    exercise_ = exercise;
    for (std::size_t k = 0; k < sections_.size(); ++k) {
      const auto& s = sections_[k];
      if (excluded(s.heading)) continue;             // Under a section that is not procedure already.
      if (s.depth == 1 && top_level == 1) continue;  // The document's title: the whole document.
      if (exercise && way_back_before[k] > 0 && !way_back[k] && names_clean_up(s.title)) {
        leave_out(s);
        note(s.line, Kind::NotStep,
             "\"" + one_line(s.title, 60) +
                 "\" tears down the exercise after the way back: not read for steps");
        continue;
      }
      // A failback (back to the primary after a failover) is an operation of its own, later than the
      // recovery the document is about.
      if (names_failback(s.title) && !level_number(s.title)) {
        if (const auto recovery = recovery_elsewhere(k)) {
          leave_out(s);
          note(s.line, Kind::NotStep,
               "\"" + one_line(s.title, 60) + "\" is a failback, a later operation than \"" +
                   one_line(sections_[*recovery].title, 40) + "\": not read for steps");
          continue;
        }
      }
      if (!is_step_word_title(s.title) && !level_number(s.title) &&
          other_operation(k, going_back, going_back_before)) {
        leave_out(s);
        // What automation does on its own, or a drill, says so first ("What the pipeline does on a failed
        // deploy" is a description before it is a deployment).
        const SectionEvidence own = classify_section(strip_step_prefix(s.title), own_blocks(s), headings);
        if (own.kind == SectionKind::Narrative || own.kind == SectionKind::Rehearsal) {
          note(s.line, Kind::NotStep,
               "\"" + one_line(s.title, 60) + "\" is " + to_string(own.kind) + " (" + own.why +
                   "): not read for steps");
          continue;
        }
        note(s.line, Kind::NotStep,
             "\"" + one_line(s.title, 60) + "\" is " + to_string(SectionKind::OtherOperation) +
                 " (it deploys, releases or promotes, and never goes back, while the document's \"" +
                 one_line(sections_[other_operation_witness_].title, 40) + "\" does): not read for steps");
        continue;
      }
      if (!is_step_word_title(s.title) && !level_number(s.title) && titled_reference(k)) {
        leave_out(s);
        note(s.line, Kind::NotStep,
             "\"" + one_line(s.title, 60) + "\" is " + to_string(SectionKind::References) +
                 " (its title, after a part that changes the system): not read for steps");
        continue;
      }
      if (!is_step_word_title(s.title) && !level_number(s.title) && command_reference(k)) {
        leave_out(s);
        note(
            s.line, Kind::NotStep,
            "\"" + one_line(s.title, 60) + "\" is " + to_string(SectionKind::References) +
                " (commands with no prose, most of them only look, after the procedure): not read for steps");
        continue;
      }
      if (command_catalogue(k)) {
        leave_out(s);
        note(s.line, Kind::NotStep,
             "\"" + one_line(s.title, 60) + "\" is " + to_string(SectionKind::References) +
                 " (a catalogue of commands that only look, under a title about watching or debugging, "
                 "while the procedure is elsewhere): not read for steps");
        continue;
      }
      if (!is_step_word_title(s.title) && !level_number(s.title) && setting_reference(k)) {
        leave_out(s);
        note(s.line, Kind::NotStep,
             "\"" + one_line(s.title, 60) + "\" is " + to_string(SectionKind::References) +
                 " (the places a setting can be changed, after the procedure changed it): not read for steps");
        continue;
      }
      // In an exercise, a section before the first one that goes back (and not holding it) sets it up.
      if (exercise && way_back_before[k] == 0 && !way_back[k] && way_back_before.back() > 0 &&
          !way_back_before[last_sub_[k] + 1] && !looks_up_way_back(k, way_back) && !exercise_title(k)) {
        leave_out(s);
        note(
            s.line, Kind::NotStep,
            "\"" + one_line(s.title, 60) + "\" sets up the exercise before the way back: not read for steps");
        continue;
      }
      // A step or level heading is judged by its content alone: its words name a step ("3. Trigger the
      // pipeline"), but a list of what automation does, a drill or the follow-up is no step to run.
      // A merely numbered heading ("1. Purpose") keeps its title as evidence, without its number.
      const SectionEvidence evidence = classify_section(
          is_step_word_title(s.title) || level_number(s.title) ? std::string() : strip_step_prefix(s.title),
          own_blocks(s), headings);
      if (read_for_steps(evidence.kind) && done_record(k)) {
        leave_out(s);
        note(s.line, Kind::NotStep,
             "\"" + one_line(s.title, 60) +
                 "\" is a checklist of what is done after the change: not read for steps");
        continue;
      }
      if (read_for_steps(evidence.kind) && leave_out_aside(k)) continue;
      if (read_for_steps(evidence.kind)) continue;
      // A "Step N" or level heading is left out only when it describes automation or a drill; a merely
      // numbered one ("1. Before you start") is judged like any section.
      const bool by_word = is_step_word_title(s.title) || level_number(s.title).has_value();
      if (by_word && evidence.kind != SectionKind::Narrative && evidence.kind != SectionKind::Rehearsal)
        continue;
      if (frames_procedure(k, evidence.kind)) continue;
      if (way_back_done_in_a_tool(k, evidence)) continue;
      if (lead_in_over_parts(k, evidence, headings)) continue;
      if (!steps_before_change(k).empty()) continue;  // A checklist or triage before the change.
      leave_out(s);
      note(s.line, Kind::NotStep,
           "\"" + one_line(s.title, 60) + "\" is " + to_string(evidence.kind) + " (" + evidence.why +
               "): not read for steps");
    }
  }

  // Whether a section's own title or commands (with its sub-sections) go back: a title or a command whose
  // words go back, or a command that restores data or infrastructure. `says`: whether an instruction names
  // going back without pointing to another section; `turns_off`: whether one turns something off; `acts`:
  // whether a command changes the system.
  bool own_way_back(const Section& s, bool& says, bool& turns_off, bool& acts) {
    bool back = names_going_back(s.title);
    says = false;
    turns_off = names_switching_off(s.title);
    acts = false;
    const auto command = [&](const std::string& text, const CommandMatch& m) {
      if (takes_action(m)) acts = true;
      if (names_going_back(text) || m.action == "db_restore" || m.action == "db_migrate_down" ||
          m.action == "infra_rollback")
        back = true;
      if (m.action == "disable_flag") turns_off = true;
    };
    for (std::size_t i = s.begin; i < s.end && i < blocks_.size(); ++i) {
      const Block& b = blocks_[i];
      if (b.kind == Block::Kind::Code) {
        for (const auto& g : groups_of(i))
          for (const auto& c : g.commands)
            command(c.text, c.match);
        continue;
      }
      const std::string first = b.text.substr(0, b.text.find('\n'));
      if (b.kind == Block::Kind::Heading) {
        back = back || names_going_back(first);
        turns_off = turns_off || names_switching_off(first);
      } else if (starts_with_instruction(first) && !points_elsewhere(first)) {
        says = says || names_going_back(first);
        turns_off = turns_off || names_switching_off(first);
      }
      for (const auto& code : b.inline_code)
        command(code, match_command(code));
    }
    return back;
  }

  // Sections whose titles name material beside the procedure (an investigation, an analysis, the ways to
  // configure, upkeep, advice, a capacity change) and that never go back, while a section elsewhere does
  // (scenarios.cpp, asides_beside_way_back).
  void find_asides() {
    std::vector<DocumentSection> doc;
    for (std::size_t k = 0; k < sections_.size(); ++k) {
      const Section& s = sections_[k];
      DocumentSection d;
      d.title = s.title;
      d.parent = parent_[k];
      d.holds_steps = holds_steps(s);
      d.goes_back = own_way_back(s, d.says_go_back, d.turns_off, d.acts);
      d.step_or_level = is_step_title(s.title) || level_number(s.title).has_value();
      doc.push_back(std::move(d));
    }
    // The document's title (its only top-level heading) names its subject.
    const bool one_title = std::count_if(sections_.begin(), sections_.end(), [](const Section& s) {
                             return s.depth == 1;
                           }) == 1;
    bool subject_goes_back = false;
    for (const Section& s : sections_)
      if (one_title && s.depth == 1) subject_goes_back = names_going_back(s.title) || names_switching_off(s.title);
    for (const Aside& a : asides_beside_way_back(doc, subject_goes_back))
      asides_[a.section] = a;
  }

  // A section whose content reads as a procedure but whose title names an aside beside the way back: it
  // and the sections under it are not read for steps, and the report says why.
  bool leave_out_aside(std::size_t k) {
    const auto it = asides_.find(k);
    if (it == asides_.end()) return false;
    const Section& s = sections_[k];
    leave_out(s);
    note(s.line, Kind::NotStep,
         "\"" + one_line(s.title, 60) + "\" is " + to_string(it->second.kind) + " (its title; it never goes back, while \"" +
             one_line(sections_[it->second.way_back].title, 40) + "\" does): not read for steps");
    return true;
  }

  // A section whose title names going back and also the tool it is done in ("Roll back from the Render
  // dashboard", "Rollback desde el Dashboard de Vercel") is a way back when it holds numbered steps: the
  // tool's word alone (a dashboard, as upkeep sections name them) does not make it upkeep.
  bool way_back_done_in_a_tool(std::size_t k, const SectionEvidence& evidence) const {
    const Section& s = sections_[k];
    if (evidence.kind != SectionKind::Upkeep || evidence.why.rfind("its title", 0) != 0) return false;
    return names_going_back(s.title) && ordered_items(s.begin, s.end) >= 2;
  }

  // A section whose verdict rests on one line of its own ("**Symptoms:** queries fail" over "#### First
  // actions (0-10 minutes)" and "#### Recovery steps") introduces its parts: when at least two of its
  // sub-sections hold steps and read as steps by their own evidence, only its own lines are left out and
  // the sub-sections are judged each on its own.
  bool lead_in_over_parts(std::size_t k, const SectionEvidence& evidence, const HeadingIndex& headings) {
    const Section& s = sections_[k];
    if (evidence.score > 2 || evidence.why.rfind("its title", 0) == 0 || last_sub_[k] == k) return false;
    int parts = 0;
    for (std::size_t j = k + 1; j <= last_sub_[k] && j < sections_.size(); ++j) {
      if (parent_[j] != k) continue;
      const SectionEvidence own = classify_section(strip_step_prefix(sections_[j].title),
                                                   own_blocks(sections_[j]), headings);
      if (read_for_steps(own.kind) && holds_steps(sections_[j])) ++parts;
    }
    if (parts < 2) return false;
    for (std::size_t i = s.begin; i < s.end && i < blocks_.size(); ++i) {
      if (blocks_[i].kind == Block::Kind::Heading) break;
      excluded_[i] = true;
    }
    note(s.line, Kind::NotStep,
         "\"" + one_line(s.title, 60) + "\": its own lines are " + to_string(evidence.kind) + " (" +
             evidence.why + "), its parts are judged each on its own");
    return true;
  }

  // A section and the sections under it are not read for steps.
  void leave_out(const Section& s) {
    for (std::size_t i = s.heading; i < s.end && i < blocks_.size(); ++i)
      excluded_[i] = true;
  }

  bool excluded(std::size_t block) const { return block < excluded_.size() && excluded_[block]; }

  // A document whose every part was judged not to be the procedure (reference, set-up, troubleshooting,
  // upkeep, ...) still asks for something to be done: rather than no plan at all, its parts are read
  // again, all of them, and the report says so. A plan that follows the text too widely can be checked
  // and corrected; no plan cannot be run.
  ojson steps_when_nothing_was_read() {
    if (std::none_of(excluded_.begin(), excluded_.end(), [](bool e) { return e; })) return ojson::array();
    const std::vector<bool> kept = excluded_;
    std::fill(excluded_.begin(), excluded_.end(), false);
    ojson steps = steps_of(0, blocks_.size());
    if (steps.empty()) {
      excluded_ = kept;
      return steps;
    }
    note(1, Kind::NotStep,
         "no part of the document was read as the procedure, so every part was read for steps: check the "
         "plan against the runbook (a correction fixes a step; docs/runbook-import.md, \"Corrections\")");
    return steps;
  }

  std::size_t top_level_sections() const {
    return static_cast<std::size_t>(
        std::count_if(sections_.begin(), sections_.end(), [](const Section& s) { return s.depth == 1; }));
  }

  // A numbered section that gives an order ("1. Document the rollback reason", "2. Capture the
  // pre-rollback state", "4. Notify stakeholders", "5. Monitor for 30 minutes") beside a numbered sibling
  // about going back ("3. Execute the rollback") frames the procedure: it is a part of it, whatever its
  // content looks like (a form to fill in, people to tell, what to watch). A list of headings, links,
  // output, examples or the post-incident review is still none.
  bool frames_procedure(std::size_t k, SectionKind kind) const {
    const Section& s = sections_[k];
    if (!is_step_title(s.title) || is_step_word_title(s.title)) return false;
    if (kind == SectionKind::Contents || kind == SectionKind::References || kind == SectionKind::Examples ||
        kind == SectionKind::ExpectedOutput || kind == SectionKind::Troubleshooting ||
        kind == SectionKind::Upkeep || kind == SectionKind::Rehearsal)
      return false;
    const std::string bare_title = strip_step_prefix(s.title);
    if (!starts_with_instruction(bare_title)) return false;
    const std::string t = " " + lower(bare_title) + " ";
    for (const char* w : {"root cause", "lessons", "postmortem", "post-mortem", "retrospective",
                          "post-incident", "prevent"}) {
      if (has(t, w)) return false;
    }
    for (std::size_t j = 0; j < sections_.size(); ++j) {
      if (j == k || parent_[j] != parent_[k] || !is_step_title(sections_[j].title)) continue;
      if (names_going_back(sections_[j].title) && !excluded(sections_[j].heading)) return true;
    }
    return false;
  }

  // Sections that are alternatives to a sibling, or conditional: "Option 2" / "Method B" / "If using
  // X" headings; siblings that each name a means ("Using Docker", "Using systemd", "Kubernetes"), of
  // which the preferred one (else the first) is the main path; and, beside a sibling marked
  // "(Recommended)", the siblings that also act. Their steps get the section's title as `when`.
  struct AlternativeSection {
    int line = 0, end_line = 0;
    std::string when;
    bool by_default = false;  // The path that runs when every step read is conditional (the usual alert).
  };
  // Whether a section (with its sub-sections) holds steps: a command that acts, or numbered items, or
  // at least two instructions.
  bool holds_steps(const Section& s) {
    int instructions = 0;
    for (std::size_t i = s.begin; i < s.end && i < blocks_.size(); ++i) {
      const Block& b = blocks_[i];
      if (b.kind == Block::Kind::Code) {
        for (const auto& g : groups_of(i))
          if (!g.commands.empty()) return true;
        continue;
      }
      if (b.kind == Block::Kind::ListItem && b.ordered) return true;
      if ((b.kind == Block::Kind::ListItem || b.kind == Block::Kind::Paragraph) &&
          starts_with_instruction(b.text))
        ++instructions;
      for (const auto& code : b.inline_code)
        if (match_command(code).known) return true;
    }
    return instructions >= 2;
  }

  void find_alternative_sections() {
    std::map<std::optional<std::size_t>, std::vector<std::size_t>> siblings;  // By parent section.
    for (std::size_t k = 0; k < sections_.size(); ++k)
      siblings[parent_[k]].push_back(k);
    const auto acts = [&](const Section& s) {
      for (std::size_t i = s.begin; i < s.end && i < blocks_.size(); ++i) {
        const Block& b = blocks_[i];
        if (b.kind == Block::Kind::Code) {
          for (const auto& g : groups_of(i))
            for (const auto& c : g.commands)
              if (takes_action(c.match)) return true;
        }
        for (const auto& code : b.inline_code) {
          const auto m = match_command(code);
          if (takes_action(m)) return true;
        }
      }
      return false;
    };
    const auto mark = [&](std::size_t k, const std::string& why) {
      const Section& s = sections_[k];
      std::string when = one_line(strip_step_prefix(s.title), 80);
      alternative_sections_.push_back({s.line, last_text_line_before(start_line_of(s.end), s.line), when});
      note(s.line, Kind::Alternative,
           "\"" + when + "\" is " + why + ": its steps run only when the scenario's \"conditions\" list it");
    };
    for (const auto& [parent, list] : siblings) {
      std::vector<std::size_t> candidates;
      for (const std::size_t k : list) {
        if (!excluded(sections_[k].heading) && !level_number(sections_[k].title)) candidates.push_back(k);
      }
      std::set<std::size_t> marked;
      // Sibling sections that each name a problem (problem_sections): troubleshooting beside the
      // procedure, else situations of which one applies.
      std::vector<SiblingSection> named;
      for (const std::size_t k : candidates)
        named.push_back({sections_[k].title,
                         !is_step_word_title(sections_[k].title) && holds_steps(sections_[k]),
                         acts(sections_[k])});
      const ProblemSections problems = problem_sections(named);
      for (const std::size_t i : problems.troubleshooting) {
        const Section& c = sections_[candidates[i]];
        for (std::size_t b = c.heading; b < c.end && b < blocks_.size(); ++b)
          excluded_[b] = true;
        note(c.line, Kind::NotStep,
             "\"" + one_line(c.title, 60) + "\" is " + to_string(SectionKind::Troubleshooting) +
                 " (one of several sections that each name a problem): not read for steps");
        marked.insert(candidates[i]);
      }
      for (const std::size_t i : problems.situations) {
        if (i == problems.main)
          situation_main_lines_.insert(sections_[candidates[i]].line);
        else
          mark(candidates[i],
               "another problem than \"" +
                   one_line(strip_step_prefix(sections_[candidates[problems.main]].title), 40) +
                   "\", with a procedure of its own");
        marked.insert(candidates[i]);
      }
      // Sibling sections that each hold the procedure for another situation ("Scenario 1: Region outage",
      // "Scenario 2: Bad deployment"; or, under "Incident Types" / "Rollback Methods", "Throttling",
      // "WAF blocks", "Bad deployment"): one applies. The one about a bad release (else the first about
      // going back, else the first) is the procedure; the others run only in their situation.
      std::vector<std::size_t> situations;
      // Not the document's own title ("# Ways to roll back the checkout"): its sections are the document.
      // A parent whose own text says that one of its sections applies ("Pick the section that matches what
      // went wrong", "Roll back only the layer whose release failed") speaks for its sections, even as the
      // document's title.
      const bool situations_parent =
          parent && ((!(sections_[*parent].depth == 1 && top_level_sections() == 1) &&
                      names_situations(sections_[*parent].title)) ||
                     says_choose_one(own_blocks(sections_[*parent])));
      for (const std::size_t k : candidates) {
        const Section& c = sections_[k];
        if (marked.count(k) || is_step_word_title(c.title) ||
            (!situations_parent && !names_situation(c.title)))
          continue;
        if (!holds_steps(c)) continue;
        situations.push_back(k);
      }
      if (situations.size() >= 2) {
        std::size_t main = situations.front();
        bool chosen = false;
        for (const std::size_t k : situations) {
          if (about_bad_release(sections_[k].title)) {
            main = k;
            chosen = true;
            break;
          }
        }
        for (const std::size_t k : situations) {
          if (chosen || !names_going_back(sections_[k].title)) continue;
          main = k;
          break;
        }
        // Its own title ("Scenario 2: ...") no longer makes it an alternative.
        situation_main_lines_.insert(sections_[main].line);
        marked.insert(main);
        for (const std::size_t k : situations) {
          if (k == main) continue;
          mark(k, "another situation than \"" + one_line(strip_step_prefix(sections_[main].title), 40) +
                      "\", which has a procedure of its own");
          marked.insert(k);
        }
      }
      for (const std::size_t k : candidates) {
        if (marked.count(k)) continue;
        const PathIntro intro = path_intro(strip_step_prefix(sections_[k].title));
        if (is_step_word_title(sections_[k].title)) continue;
        if (intro == PathIntro::Alternative || intro == PathIntro::Condition) {
          mark(k, intro == PathIntro::Alternative ? "an alternative" : "a condition");
          marked.insert(k);
        } else if (marked_last_resort(sections_[k].title)) {
          mark(k, "a last resort");
          marked.insert(k);
        }
      }
      // Sections that each answer another alert ("Blue -> Green Failover", "High Error Rate Alert"): one
      // runs, for the alert the incident raises; by default, the one about errors (else the first).
      std::vector<std::size_t> alerts;
      for (const std::size_t k : candidates) {
        if (!marked.count(k) && !is_step_word_title(sections_[k].title) &&
            describes_alert(strip_step_prefix(sections_[k].title), own_blocks(sections_[k])))
          alerts.push_back(k);
      }
      if (alerts.size() >= 2) {
        std::size_t main = alerts.front();
        for (const std::size_t k : alerts) {
          if (alert_about_errors(strip_step_prefix(sections_[k].title), own_blocks(sections_[k]))) {
            main = k;
            break;
          }
        }
        // Each answers its own alert: every one is conditional, and the main one runs when nothing else
        // in the document is unconditional.
        for (const std::size_t k : alerts) {
          if (k == main) {
            mark(k, "the answer to one alert among several (the one a drill replays by default)");
            alternative_sections_.back().by_default = true;
          } else {
            mark(k, "the answer to another alert than \"" +
                        one_line(strip_step_prefix(sections_[main].title), 40) + "\"");
          }
          marked.insert(k);
        }
      }
      std::vector<std::size_t> means;
      for (const std::size_t k : candidates) {
        if (!marked.count(k) && !means_of(sections_[k].title).empty() &&
            !is_step_word_title(sections_[k].title))
          means.push_back(k);
      }
      std::optional<std::size_t> preferred;
      for (const std::size_t k : candidates) {
        if (marked_preferred(sections_[k].title) && !is_step_word_title(sections_[k].title)) {
          preferred = k;
          break;
        }
      }
      if (means.size() >= 2) {
        const std::size_t main =
            preferred && std::count(means.begin(), means.end(), *preferred) ? *preferred : means.front();
        for (const std::size_t k : means) {
          if (k == main) continue;
          mark(k, "another means of doing what \"" + one_line(sections_[main].title, 40) + "\" does");
          marked.insert(k);
        }
      }
      if (preferred) {
        for (const std::size_t k : candidates) {
          // Numbered siblings ("6.1 ... (preferred)", "6.2 ...") are alternatives only beside a numbered
          // preferred one; a "Step N" is never one.
          if (k == *preferred || marked.count(k) || is_step_word_title(sections_[k].title) ||
              (is_step_title(sections_[k].title) && !is_step_title(sections_[*preferred].title)) ||
              !acts(sections_[k]))
            continue;
          mark(k, "an alternative to \"" + one_line(sections_[*preferred].title, 40) +
                      "\", which is recommended");
          marked.insert(k);
        }
      }
      // Sibling sections (not numbered) that each name going back and each hold a procedure (one acts)
      // ("Quick rollback" beside "Detailed manual rollback"; "Application rollback" beside "Database
      // rollback procedures" or "ConfigMap rollback"): each is a whole way back, not a part of one. The
      // one presented as the way to do it (quick, emergency, immediate), else the first that names no
      // single layer (database, schema, front end, CDN, configuration, flag), else the first, is the
      // procedure; the others run only when the scenario's conditions list them.
      std::vector<std::size_t> ways;
      for (const std::size_t k : candidates) {
        const Section& c = sections_[k];
        if (marked.count(k) || is_step_title(c.title) || !names_going_back(c.title) ||
            names_checking(c.title) || names_phase(c.title) || !holds_steps(c))
          continue;
        if (!steps_before_change(k).empty()) continue;  // What is done before the way back, not a way.
        // "How the rollback works" explains the way back (a script named in passing): it is no way itself.
        if (classify_section(strip_step_prefix(c.title), std::vector<Block>{}).kind == SectionKind::Overview)
          continue;
        ways.push_back(k);
      }
      // A command the catalogue does not know ("nomad job revert ...") is a command all the same.
      const auto runs = [&](const Section& s) {
        if (acts(s)) return true;
        for (std::size_t i = s.begin; i < s.end && i < blocks_.size(); ++i) {
          if (blocks_[i].kind != Block::Kind::Code) continue;
          for (const auto& g : groups_of(i))
            for (const auto& c : g.commands)
              if (!c.match.known) return true;
        }
        return false;
      };
      if (ways.size() >= 2 &&
          std::any_of(ways.begin(), ways.end(), [&](std::size_t k) { return runs(sections_[k]); })) {
        std::optional<std::size_t> main;
        for (const std::size_t k : ways) {
          // An urgent way after another one is the fallback once that one has been tried, not the procedure.
          if (marked_urgent(sections_[k].title) && k == ways.front()) {
            main = k;
            break;
          }
        }
        for (const std::size_t k : ways) {
          if (main) break;
          if (!names_layer(sections_[k].title)) main = k;
        }
        if (!main) main = ways.front();
        for (const std::size_t k : ways) {
          if (k == *main) continue;
          mark(k, "another way back than \"" + one_line(sections_[*main].title, 40) + "\"");
          marked.insert(k);
        }
      }
      // Sibling sections, not numbered, whose short titles each name a layer, a component or a platform
      // ("Backend", "Frontend (Vercel)", "API service (Kubernetes)", "Database") and which each hold a
      // procedure that runs commands: one procedure per layer, not parts of one. The first that names no
      // data or edge layer (the application a bad release breaks) is the procedure.
      std::vector<std::size_t> layers;
      for (const std::size_t k : candidates) {
        const Section& c = sections_[k];
        if (marked.count(k) || is_step_title(c.title) || names_checking(c.title) || names_phase(c.title) ||
            !names_part(c.title) || !holds_steps(c) || !runs(c))
          continue;
        layers.push_back(k);
      }
      if (layers.size() >= 2) {
        std::size_t main = layers.front();
        for (const std::size_t k : layers) {
          if (!names_layer(sections_[k].title)) {
            main = k;
            break;
          }
        }
        for (const std::size_t k : layers) {
          if (k == main) continue;
          mark(k, "the procedure for another part than \"" + one_line(sections_[main].title, 40) + "\"");
          marked.insert(k);
        }
      }
      // A quick way ("Quick rollback", "Emergency rollback", "TL;DR"), numbered or not, beside a longer
      // one of the same rollback ("Detailed rollback", "Full procedure", "3. Step-by-step"): the quick one
      // is the procedure, the longer one restates it.
      std::optional<std::size_t> quick;
      for (const std::size_t k : candidates) {
        const Section& c = sections_[k];
        if (!marked.count(k) && !is_step_word_title(c.title) && marked_urgent(c.title) && holds_steps(c) &&
            runs(c)) {
          quick = k;
          break;
        }
      }
      if (quick) {
        for (const std::size_t k : candidates) {
          const Section& c = sections_[k];
          if (k == *quick || marked.count(k) || is_step_word_title(c.title) || names_checking(c.title) ||
              names_phase(c.title) || marked_urgent(c.title) || !holds_steps(c) || !runs(c))
            continue;
          const bool longer =
              names_going_back(c.title) ||
              any_of_title(c.title, {" detailed ", " full ", " complete ", " step-by-step ", " step by step ",
                                     " procedure ", " procedures ", " manual ", " standard ", " long "});
          if (!longer) continue;
          // Before the quick one, and already going back and checking: the procedure, the quick one after it
          // its fallback (mark_fallbacks_after_procedure).
          if (k < *quick && goes_back_and_checks(c)) continue;
          mark(k, "a longer way of doing what \"" + one_line(sections_[*quick].title, 40) + "\" does");
          marked.insert(k);
        }
      }
    }
  }

  // A short title (at most five words before a parenthesis) that names a layer, a component or a
  // platform: "Backend", "Web frontend (S3 and CloudFront)", "API service (Kubernetes)", "Database".
  static bool names_part(const std::string& title) {
    const std::string t = without_parenthetical(strip_step_prefix(title));
    std::string bare = t;
    // Lettered headings ("A. API service", "B) Frontend") keep only their words.
    if (bare.size() > 3 && std::isalpha(static_cast<unsigned char>(bare[0])) &&
        (bare[1] == '.' || bare[1] == ')') && bare[2] == ' ')
      bare = trim(bare.substr(3));
    if (std::count(bare.begin(), bare.end(), ' ') > 4 || bare.empty()) return false;
    if (names_layer(bare) || !means_of(bare).empty()) return true;
    return any_of_title(bare,
                        {" frontend ", " front-end ", " backend ", " back-end ", " api ", " web ", " worker ",
                         " workers ", " mobile ", " ui ", " gateway ", " app ", " application "});
  }

  static bool any_of_title(const std::string& title, std::initializer_list<const char*> needles) {
    std::string t = " ";
    for (const char c : lower(title))
      t += std::isalnum(static_cast<unsigned char>(c)) || c == '-' ? c : ' ';
    t += " ";
    // Collapse runs of blanks so that needles of single-blank-separated words match.
    std::string padded;
    for (const char c : t)
      if (!(c == ' ' && !padded.empty() && padded.back() == ' ')) padded += c;
    return std::any_of(needles.begin(), needles.end(), [&](const char* n) { return has(padded, n); });
  }

  // Whether section `k` is another operation than the document's: it deploys, releases or promotes
  // (describes_forward_operation), none of its sub-sections nor the sections above it speak of going
  // back, and a section elsewhere does. Sets other_operation_witness_ to that section.
  // `going_back_before`: the count of sections about going back before each index (size n + 1).
  bool other_operation(std::size_t k, const std::vector<bool>& going_back,
                       const std::vector<std::size_t>& going_back_before) {
    const Section& s = sections_[k];
    const std::size_t last = last_sub_[k];  // The last of its sub-sections.
    if (going_back_before[last + 1] - going_back_before[k] > 0) return false;
    std::set<std::size_t> ancestors;  // At most five: headings have six depths.
    for (auto p = parent_[k]; p; p = parent_[*p]) {
      if (going_back[*p]) return false;
      ancestors.insert(*p);
    }
    // A section about going back before it (none is its ancestor), else the first one after it.
    std::optional<std::size_t> witness;
    if (going_back_before[k] > 0) {
      witness = std::lower_bound(going_back_before.begin(), going_back_before.end(), 1) -
                going_back_before.begin() - 1;
    } else if (going_back_before[sections_.size()] > going_back_before[last + 1]) {
      witness =
          std::upper_bound(going_back_before.begin(), going_back_before.end(), going_back_before[last + 1]) -
          going_back_before.begin() - 1;
    }
    if (!witness) return false;
    std::vector<Block> blocks;  // Its whole content, sub-sections included.
    for (std::size_t i = s.begin; i < s.end && i < blocks_.size(); ++i)
      blocks.push_back(blocks_[i]);
    if (!describes_forward_operation(s.title, blocks)) return false;
    other_operation_witness_ = *witness;
    return true;
  }

  // Numbered rollback headings that each roll back one part ("1. CLI Rollback", "2. Control Plane
  // Rollback", ...) beside one that rolls back the whole system ("5. Full System Rollback") are
  // procedures per component, not levels of escalation, when the document says so: their parent is
  // about components ("Component-Specific Rollback Procedures"), or a part's procedure offers ways of
  // its own (alternative sub-sections: "Using systemd", "Using Docker"). Gives the whole one.
  std::optional<std::size_t> whole_system_procedure(const std::vector<std::size_t>& levels) const {
    if (levels.size() < 3) return std::nullopt;
    std::optional<std::size_t> whole;
    for (const std::size_t k : levels) {
      const std::string t = lower(trim(sections_[k].title));
      if (!leading_number(t)) return std::nullopt;  // "Level 2", "Tier 3": levels by the document's word.
      if (!names_whole_system(strip_step_prefix(sections_[k].title))) continue;
      if (whole) return std::nullopt;
      whole = k;
    }
    if (!whole) return std::nullopt;
    const auto parent = parent_[levels.front()];
    if (parent && names_per_component(sections_[*parent].title)) return whole;
    for (const std::size_t k : levels) {
      if (k == *whole) continue;
      const int from = sections_[k].line;
      const int to = last_text_line_before(start_line_of(sections_[k].end), from);
      if (std::any_of(alternative_sections_.begin(), alternative_sections_.end(),
                      [&](const AlternativeSection& a) { return a.line > from && a.line <= to; }))
        return whole;
    }
    return std::nullopt;
  }

  // Headings led by "Phase N" or "Stage N" of which at least one does not go back (set-up, deploying,
  // checking): the phases of one document in order. Levels of escalation each go back, further each time.
  bool phases_of_one_procedure(const std::vector<std::size_t>& levels) const {
    if (levels.empty()) return false;
    for (const std::size_t k : levels) {
      const std::string t = lower(trim(sections_[k].title));
      if (t.find("phase") >= 3 && t.find("stage") >= 3) return false;  // As level_number reads them.
    }
    return std::any_of(levels.begin(), levels.end(),
                       [&](std::size_t k) {
                         return !names_going_back(sections_[k].title) && !names_switching_off(sections_[k].title);
                       }) ||
           set_up_phase_beside(levels);
  }

  void build_levels() {
    // Candidate levels, by sibling set (one depth under one parent): the set with the most of them (at
    // least two) wins. Headings at one depth under different parents are not levels of one escalation.
    std::map<std::pair<int, long>, std::vector<std::size_t>> by_depth;
    for (std::size_t i = 0; i < sections_.size(); ++i) {
      const Section& s = sections_[i];
      if (!level_number(s.title)) continue;
      // Never a list of people to call ("Level 1: Database Administrator"), never a heading under a
      // section that is not procedure, and a numbered heading only when it names a kind of rollback.
      if (excluded(s.heading) || describes_people(s.title, own_blocks(s))) {
        note(s.line, Kind::NotStep,
             "\"" + one_line(s.title, 60) + "\" is no level of rollback (" +
                 (excluded(s.heading) ? "under a section that is not procedure" : "it names people to call") +
                 ")");
        continue;
      }
      by_depth[{s.depth, parent_[i] ? static_cast<long>(*parent_[i]) : -1L}].push_back(i);
    }
    std::vector<std::size_t> levels;
    for (const auto& [depth, list] : by_depth) {
      if (list.size() >= 2 && list.size() > levels.size()) levels = list;
    }
    if (phases_of_one_procedure(levels)) {
      // "Phase 1: Set up", "Phase 2: Deploy v2", "Phase 3: Roll back": the parts of one document in order,
      // read as its sections (each judged as any other), not levels of escalation each of which goes back.
      levels.clear();
    }
    if (const auto whole = whole_system_procedure(levels)) {
      // Procedures per component beside one for the whole system: no levels of escalation. The whole one
      // is the procedure; each of the others is a path of its own, run only when the scenario names it.
      for (const std::size_t k : levels) {
        if (k == *whole) continue;
        const Section& s = sections_[k];
        const std::string when = one_line(strip_step_prefix(s.title), 80);
        alternative_sections_.push_back({s.line, last_text_line_before(start_line_of(s.end), s.line), when});
        note(s.line, Kind::Alternative,
             "\"" + when + "\" rolls back one component beside \"" +
                 one_line(strip_step_prefix(sections_[*whole].title), 40) +
                 "\", the whole system: no level; its steps run only when the scenario's \"conditions\" list "
                 "it");
      }
      levels.clear();
    }
    if (!levels.empty() && std::all_of(levels.begin(), levels.end(), [&](std::size_t k) {
          return leading_number(lower(trim(sections_[k].title))).has_value() &&
                 parent_[k] == parent_[levels.front()];
        })) {
      // Numbered rollbacks under "Rollback Methods" / "Rollback Strategies" / "Scenarios" ("1. Feature Flag
      // Rollback", "2. Git Rollback", "3. Backup Rollback") are ways, one of which is taken, not levels of
      // escalation: the first (else the one about a bad release) is the procedure, the others are paths.
      const auto parent = parent_[levels.front()];
      // Numbered rollbacks that each name a means ("1. Kubectl Rollback", "2. Helm Rollback", "3. Manual
      // Rollback") are ways too, whatever their parent is called.
      const auto by_means = std::count_if(levels.begin(), levels.end(), [&](std::size_t k) {
        return !means_of(strip_step_prefix(sections_[k].title)).empty();
      });
      const bool under_ways = parent && names_situations(sections_[*parent].title);
      if (under_ways || by_means >= 2) {
        const std::size_t main = levels.front();
        // Under a parent about ways, every numbered sibling is a way, whether or not its title names a
        // rollback ("3. Backup restore"); else the rollbacks named by their means are.
        std::vector<std::size_t> ways;
        for (std::size_t k = 0; k < sections_.size(); ++k) {
          if (parent_[k] == parent && is_step_title(sections_[k].title) &&
              !is_step_word_title(sections_[k].title) && !excluded(sections_[k].heading) &&
              (under_ways || std::count(levels.begin(), levels.end(), k) > 0))
            ways.push_back(k);
        }
        for (const std::size_t k : ways) {
          if (k == main) continue;
          const Section& s = sections_[k];
          const std::string when = one_line(strip_step_prefix(s.title), 80);
          alternative_sections_.push_back(
              {s.line, last_text_line_before(start_line_of(s.end), s.line), when});
          note(s.line, Kind::Alternative,
               "\"" + when + "\" is another way than \"" +
                   one_line(strip_step_prefix(sections_[main].title), 40) +
                   (under_ways ? "\" under \"" + one_line(sections_[*parent].title, 40) + "\""
                               : std::string("\" (each names its means)")) +
                   ": no level; its steps run only when the scenario's \"conditions\" list it");
        }
        levels.clear();
      }
    }
    level_sections_.insert(levels.begin(), levels.end());
    ojson plan{{"name", result_.title.empty() ? "Imported runbook" : result_.title}};
    ojson out_levels = ojson::array();
    // Sections titled as a procedure or the steps for a level ("Quick Rollback Procedure (Level 1)").
    std::map<int, std::size_t> procedures;
    {
      const std::set<std::size_t> is_level(levels.begin(), levels.end());
      for (std::size_t j = 0; j < sections_.size(); ++j) {
        if (is_level.count(j)) continue;
        const std::string t = lower(sections_[j].title);
        if (!has(t, "procedure") && !has(t, "steps")) continue;
        if (const auto n = number_after(t, "level")) procedures[*n] = j;
      }
    }
    std::map<std::string, std::size_t> sections_by_title;  // Non-level sections by their bare title.
    {
      const std::set<std::size_t> is_level(levels.begin(), levels.end());
      for (std::size_t j = 0; j < sections_.size(); ++j) {
        if (!is_level.count(j))
          sections_by_title.emplace(lower(without_parenthetical(sections_[j].title)), j);
      }
    }
    if (levels.empty()) {
      // One level: every step heading, else every code block, of the document.
      ojson level{{"name", "Rollback"}};
      level["steps"] = steps_of(0, blocks_.size());
      if (level["steps"].empty()) level["steps"] = steps_when_nothing_was_read();
      if (!level["steps"].empty()) out_levels.push_back(std::move(level));
    } else {
      for (const std::size_t li : levels) {
        last_level_ = li == levels.back();
        const Section& s = sections_[li];
        const std::string name = one_line(without_parenthetical(s.title), 80);
        ojson level{{"name", name}};
        for (const auto& d : find_durations(s.title)) {
          if (d.role == DurationMention::Role::Window || d.role == DurationMention::Role::Frequency) continue;
          level["claim_s"] = d.max_s;
          note(s.line, Kind::Level,
               "\"" + name + "\" with a budget of " + std::to_string(static_cast<int>(d.max_s)) + " s");
          break;
        }
        if (!level.contains("claim_s")) {
          // "**Time**: 5-10 minutes", "Target time: < 5 minutes" in the level's own text.
          for (std::size_t i = s.begin; i < s.end && !level.contains("claim_s"); ++i) {
            const Block& b = blocks_[i];
            if (b.kind != Block::Kind::Paragraph && b.kind != Block::Kind::ListItem) continue;
            const std::string t = lower(trim(b.text));
            if (t.rfind("time", 0) != 0 && t.rfind("target", 0) != 0 && t.rfind("duration", 0) != 0 &&
                t.rfind("expected time", 0) != 0 && t.rfind("budget", 0) != 0)
              continue;
            const auto found = find_durations(b.text);
            if (found.empty()) continue;
            level["claim_s"] = found.front().max_s;
            note(b.line, Kind::Level,
                 "\"" + name + "\" with a budget of " +
                     std::to_string(static_cast<int>(found.front().max_s)) + " s (\"" + one_line(b.text, 40) +
                     "\")");
          }
        }
        if (!level.contains("claim_s")) note(s.line, Kind::Level, "\"" + name + "\" (no time budget)");
        // A detailed procedure elsewhere for this level ("Quick Rollback Procedure (Level 1)") replaces
        // the level's summary.
        const int number = *level_number(s.title);
        std::optional<std::size_t> procedure;
        if (const auto it = procedures.find(number); it != procedures.end() && it->second != li)
          procedure = it->second;
        // Or a section elsewhere named as the level without its number ("### Full Rollback" for
        // "Type 1: Full Rollback"), when the level itself only describes it.
        const auto colon = name.find(':');
        const std::string bare =
            lower(trim(colon == std::string::npos ? std::string() : name.substr(colon + 1)));
        if (!procedure && !bare.empty()) {
          if (const auto it = sections_by_title.find(bare); it != sections_by_title.end() && it->second != li)
            procedure = it->second;
        }
        ojson steps = ojson::array();
        if (procedure) {
          note(sections_[*procedure].line, Kind::Level,
               "\"" + one_line(sections_[*procedure].title, 60) + "\" details \"" + name + "\"");
          steps = steps_of(sections_[*procedure].begin, sections_[*procedure].end);
        }
        if (steps.empty()) steps = steps_of(s.begin, s.end);
        if (steps.empty()) {
          note(s.line, Kind::ManualStep, "\"" + name + "\" gives no step: one manual step stands for it");
          steps.push_back(make_step(name, "manual", s.line,
                                    last_text_line_before(start_line_of(s.end), s.line), std::nullopt));
          // Like every step without an estimate, it takes the default and says so: the plan must load.
          steps.back()["duration"] = default_duration_s("manual");
          add_assumed(steps.back(), "duration");
          note(s.line, Kind::DefaultDuration,
               "\"" + name + "\" has no time estimate: " +
                   std::to_string(static_cast<int>(default_duration_s("manual"))) + " s assumed");
        }
        level["steps"] = std::move(steps);
        level_names_[number] = name;
        result_.level_line[name] = s.line;
        out_levels.push_back(std::move(level));
      }
      check_budget_statements(levels);
    }
    plan["levels"] = std::move(out_levels);
    result_.plan = std::move(plan);
    apply_corrections();
    apply_stated_order();
    resolve_decision();
  }

  // --- Corrections: a user's fixes of the mapping, kept beside the runbook so that every import applies
  // them. Inline, before a step: <!-- drillsim: action=shift_traffic service=web -->. In the sidecar file:
  // {"corrections": [{"line": 42, "action": "db_restore", "store": "orders"}, {"step": "Swap slots",
  // "action": "shift_traffic"}]}. Keys: action, service, store, flag, name, duration (seconds), when,
  // on_failure, retries, skip (true: drop the step).
  struct Correction {
    std::string origin;  // "line N" (inline) or "sidecar #i"
    int line = 0;        // Inline: the comment's line, the step is the first that starts after it.
    int at_line = 0;     // Sidecar: a line of the step's source.
    std::string step;    // Sidecar: the step's name (or a part of it).
    ojson values = ojson::object();
  };

  std::vector<Correction> read_corrections() {
    std::vector<Correction> out;
    for (std::size_t i = 0; i < lines_.size(); ++i) {
      const std::string l(lines_[i]);
      const auto open = l.find("<!--");
      if (open == std::string::npos) continue;
      const auto tag = l.find("drillsim:", open);
      const auto close = l.find("-->", open);
      if (tag == std::string::npos || close == std::string::npos || tag > close) continue;
      Correction c;
      c.origin = "line " + std::to_string(i + 1);
      c.line = static_cast<int>(i) + 1;
      std::istringstream words(l.substr(tag + 9, close - tag - 9));
      for (std::string w; words >> w;) {
        const auto eq = w.find('=');
        if (eq == std::string::npos || eq == 0) continue;
        std::string value = w.substr(eq + 1);
        std::erase_if(value, [](char ch) { return ch == '"' || ch == '\''; });
        c.values[w.substr(0, eq)] = value;
      }
      out.push_back(std::move(c));
    }
    if (sidecar_.empty()) return out;
    ojson doc;
    try {
      doc = ojson::parse(sidecar_);
    } catch (const std::exception& e) {
      note(0, Kind::Correction, std::string("the sidecar file is not JSON, no correction read: ") + e.what());
      return out;
    }
    const ojson list = doc.is_object() && doc.contains("corrections") ? doc["corrections"] : ojson::array();
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (!list[i].is_object()) continue;
      Correction c;
      c.origin = "sidecar #" + std::to_string(i + 1);
      for (const auto& [key, value] : list[i].items()) {
        if (key == "line" && value.is_number_integer())
          c.at_line = value.get<int>();
        else if (key == "step" && value.is_string())
          c.step = value.get<std::string>();
        else
          c.values[key] = value.is_string() ? value : ojson(json_text(value));
      }
      out.push_back(std::move(c));
    }
    return out;
  }

  void apply_corrections() {
    const auto corrections = read_corrections();
    if (corrections.empty()) return;
    std::vector<ojson*> steps;
    for (auto& level : result_.plan["levels"])
      for (auto& st : level["steps"])
        steps.push_back(&st);
    std::set<std::string> dropped;
    for (const auto& c : corrections) {
      ojson* target = nullptr;
      for (ojson* st : steps) {
        const int a = (*st)["source"]["line"].get<int>(), b = (*st)["source"]["end_line"].get<int>();
        const std::string name = (*st)["name"].get<std::string>();
        if (c.line > 0 && a > c.line && (!target || a < (*target)["source"]["line"].get<int>())) target = st;
        if (c.at_line > 0 && a <= c.at_line && c.at_line <= b) target = st;
        if (!c.step.empty() && (name == c.step || lower(name).find(lower(c.step)) != std::string::npos) &&
            !target)
          target = st;
      }
      const std::string what = json_text(c.values);
      if (!target || c.values.empty()) {
        note(std::max(c.line, c.at_line), Kind::Correction,
             "unused correction (" + c.origin + ") " + what +
                 (c.values.empty() ? ": it sets nothing" : ": no step matches it"));
        continue;
      }
      ojson& st = *target;
      const std::string before = st["name"].get<std::string>() + " -> " + st["action"].get<std::string>();
      const auto text = [&](const char* key) {
        return c.values.contains(key) ? c.values[key].get<std::string>() : std::string();
      };
      std::vector<std::string> problems;
      if (!text("skip").empty() && text("skip") != "false") {
        dropped.insert(st["name"].get<std::string>());
      }
      if (!text("action").empty() || !text("service").empty() || !text("store").empty() ||
          !text("flag").empty()) {
        const std::string action = text("action").empty() ? st["action"].get<std::string>() : text("action");
        const auto& actions = model::step_action_names();
        if (std::find(actions.begin(), actions.end(), action) == actions.end()) {
          problems.push_back("unknown action \"" + action + "\"");
        } else {
          reshape(st, action, text("service"), text("store"), text("flag"));
        }
      }
      if (!text("name").empty()) st["name"] = text("name");
      if (!text("when").empty()) st["when"] = text("when");
      if (!text("on_failure").empty()) st["on_failure"] = text("on_failure");
      for (const char* key : {"duration", "retries"}) {
        if (text(key).empty()) continue;
        try {
          const double v = std::stod(text(key));
          if (std::string(key) == "retries")
            st["retries"] = static_cast<int>(v);
          else
            st["duration"] = v;
          if (st.contains("assumed")) {
            auto& assumed = st["assumed"];
            for (std::size_t k = 0; k < assumed.size(); ++k)
              if (assumed[k] == key) assumed.erase(k--);
            if (assumed.empty()) st.erase("assumed");
          }
        } catch (...) {
          problems.push_back(std::string(key) + " is not a number");
        }
      }
      std::string problem_text;
      for (const auto& p : problems)
        problem_text += "; " + p + " (ignored)";
      note(st["source"]["line"].get<int>(), Kind::Correction,
           "applied (" + c.origin + ") " + what + ": \"" + before + "\" is now \"" +
               st["name"].get<std::string>() + "\" -> " + st["action"].get<std::string>() + problem_text);
    }
    if (dropped.empty()) return;
    for (auto& level : result_.plan["levels"]) {
      auto& list = level["steps"];
      for (std::size_t k = 0; k < list.size(); ++k) {
        if (dropped.count(list[k]["name"].get<std::string>()) && list.size() > 1) list.erase(k--);
      }
    }
  }

  // A step given another action (or target): the keys of the new action, as make_step writes them.
  void reshape(ojson& st, const std::string& action, const std::string& service, const std::string& store,
               const std::string& flag) {
    for (const char* key :
         {"service", "weights", "version", "replicas", "to", "store", "flag", "on", "point_in_time"})
      st.erase(key);
    st["action"] = action;
    if (action == "rollout_undo" || action == "pipeline_redeploy" || action == "restore_config" ||
        action == "verify") {
      st["service"] = use_service(service);
    } else if (action == "set_image") {
      st["service"] = use_service(service);
      st["to"] = "stable";
    } else if (action == "scale") {
      st["service"] = use_service(service);
      st["version"] = "stable";
      st["replicas"] = 1;
    } else if (action == "shift_traffic") {
      st["service"] = use_service(service);
      st["weights"] = {{"stable", 1}, {"new", 0}};
    } else if (action == "maintenance_mode") {
      st["service"] = use_service(service);
      st["on"] = true;
    } else if (action == "db_restore" || action == "db_migrate_down") {
      st["store"] = use_store(store);
      if (action == "db_migrate_down") add_unique(result_.migrated_stores, st["store"].get<std::string>());
    } else if (action == "disable_flag") {
      st["flag"] = flag.empty() ? std::string("feature") : sanitize_name(flag);
      add_unique(result_.flags, st["flag"].get<std::string>());
    }
    if (action == "wait" || action == "manual") {
      if (!st.contains("duration")) st["duration"] = default_duration_s(action);
    }
  }

  // "Roll back database migrations BEFORE application code" (or the reverse, or "... after ..."): the order
  // the runbook states between its database and its application steps, as the line that states it.
  struct StatedOrder {
    bool database_first = true;
    int line = 0;
    std::string text;
  };
  std::optional<StatedOrder> stated_order() const {
    const auto is_db = [](const std::string& t) {
      return has(t, "database") || has(t, "migration") || has(t, "schema") || has(t, " db ") ||
             t.rfind("db ", 0) == 0;
    };
    const auto is_app = [](const std::string& t) {
      return has(t, "application") || has(t, " app ") || has(t, "code") || has(t, "deployment") ||
             has(t, "service") || t.rfind("app ", 0) == 0;
    };
    for (const auto& b : blocks_) {
      if (b.kind == Block::Kind::Code || b.kind == Block::Kind::TableRow) continue;
      const std::string t = lower(b.text);
      for (const char* word : {" before ", " after "}) {
        const auto at = t.find(word);
        if (at == std::string::npos) continue;
        // The clause around the word: from the sentence's start to its end.
        auto start = t.rfind(". ", at);
        start = start == std::string::npos ? 0 : start + 2;
        auto end = t.find(". ", at);
        end = end == std::string::npos ? t.size() : end;
        const std::string left = " " + t.substr(start, at - start) + " ";
        const std::string right = " " + t.substr(at + std::string(word).size(), end - at) + " ";
        const bool before = std::string(word) == " before ";
        if (is_db(left) && !is_db(right) && is_app(right))
          return StatedOrder{before, b.line, one_line(b.text, 90)};
        if (is_app(left) && !is_app(right) && is_db(right))
          return StatedOrder{!before, b.line, one_line(b.text, 90)};
      }
    }
    return std::nullopt;
  }

  // The stated order becomes `requires` within each level: a step of the second kind requires every step
  // of the first kind before it. Database steps: db_migrate_down, db_restore; application steps: a
  // rollout, an image, a redeploy, a restart, a scale that brings pods back.
  void apply_stated_order() {
    const auto order = stated_order();
    if (!order) return;
    const auto is_db = [](const ojson& st) {
      return st["action"] == "db_migrate_down" || st["action"] == "db_restore";
    };
    const auto is_app = [](const ojson& st) {
      const auto& a = st["action"];
      return a == "rollout_undo" || a == "set_image" || a == "pipeline_redeploy" || a == "restore_config" ||
             (a == "scale" && st.value("replicas", 0) > 0);
    };
    bool applied = false;
    for (auto& level : result_.plan["levels"]) {
      auto& steps = level["steps"];
      for (std::size_t i = 0; i < steps.size(); ++i) {
        if (!(order->database_first ? is_app(steps[i]) : is_db(steps[i]))) continue;
        ojson required = ojson::array();
        for (std::size_t j = 0; j < i; ++j) {
          if (order->database_first ? is_db(steps[j]) : is_app(steps[j]))
            required.push_back(steps[j]["name"]);
        }
        if (required.empty()) continue;
        steps[i]["requires"] = required;
        applied = true;
        note(steps[i]["source"]["line"].get<int>(), Kind::Gate,
             "\"" + steps[i]["name"].get<std::string>() + "\" requires " + json_text(required) + ": \"" +
                 order->text + "\" (line " + std::to_string(order->line) + ")");
      }
    }
    if (!applied) {
      note(order->line, Kind::Gate,
           "\"" + order->text + "\": no level has both a " +
               (order->database_first ? "database" : "application") + " step and a later " +
               (order->database_first ? "application" : "database") + " step, so no step requires another");
    }
  }

  // "Target Time: < 5 minutes for application rollback" elsewhere in the text, against the level's own
  // budget: two different numbers for one level are a contradiction.
  void check_budget_statements(const std::vector<std::size_t>& levels) {
    // Each level's number, its heading's budget and line.
    struct Claim {
      DurationMention budget;
      int line;
    };
    std::map<int, Claim> claims;
    for (const std::size_t li : levels) {
      const Section& s = sections_[li];
      const auto found = find_durations(s.title);
      if (!found.empty()) claims.emplace(level_number(s.title).value_or(-1), Claim{found.front(), s.line});
    }
    for (const auto& b : blocks_) {
      if (b.kind == Block::Kind::Heading || b.kind == Block::Kind::Code) continue;
      const std::string t = lower(b.text);
      if (!has(t, "level ")) continue;
      const auto mentions = find_durations(b.text);
      for (std::size_t at = t.find("level "); at != std::string::npos; at = t.find("level ", at + 1)) {
        const auto n = number_after(t.substr(at, 12), "level");
        const auto claim = n ? claims.find(*n) : claims.end();
        if (claim == claims.end()) continue;
        for (const auto& d : mentions) {
          if (d.role != DurationMention::Role::Budget && d.role != DurationMention::Role::Unknown) continue;
          // Only a mention next to the level's tag speaks about it.
          if (d.begin + 40 < at || d.begin > at + 60) continue;
          if (std::abs(d.max_s - claim->second.budget.max_s) > 1e-9) {
            note(b.line, Kind::Contradiction,
                 "\"" + one_line(b.text, 60) + "\" gives " + d.text + " for level " + std::to_string(*n) +
                     ", its heading (line " + std::to_string(claim->second.line) + ") " +
                     claim->second.budget.text);
          }
        }
      }
    }
  }

  void resolve_decision() {
    if (pending_rules_.empty()) return;
    ojson rules = ojson::array();
    for (auto rule : pending_rules_) {
      if (rule.contains("then_level_number")) {
        const int n = rule["then_level_number"].get<int>();
        rule.erase("then_level_number");
        const auto it = level_names_.find(n);
        if (it == level_names_.end()) {
          if (level_names_.empty() && result_.plan["levels"].empty()) continue;
          rule["then"] = level_names_.empty() ? result_.plan["levels"][0]["name"].get<std::string>()
                                              : level_names_.begin()->second;
        } else {
          rule["then"] = it->second;
        }
      }
      rules.push_back(std::move(rule));
    }
    if (!rules.empty()) result_.decision = {{"rules", std::move(rules)}};
  }

  // Top-level numbered list items in blocks [begin, end), outside sections that are not procedure.
  int ordered_items(std::size_t begin, std::size_t end) const {
    int n = 0;
    for (std::size_t i = begin; i < end && i < blocks_.size(); ++i) {
      const Block& b = blocks_[i];
      if (b.kind == Block::Kind::ListItem && b.ordered && b.level == 1 && !(excluded(i) && !excluded(begin)))
        ++n;
    }
    return n;
  }

  // Command groups in code blocks [begin, end) whose comments are numbered ("# 1. Stop all services",
  // "# 2. Roll back the binaries"), outside sections that are not procedure.
  int numbered_groups(std::size_t begin, std::size_t end) {
    int n = 0;
    for (std::size_t i = begin; i < end && i < blocks_.size(); ++i) {
      if (blocks_[i].kind != Block::Kind::Code || (excluded(i) && !excluded(begin))) continue;
      for (const auto& g : groups_of(i)) {
        if (!g.commands.empty() && leading_number(lower(trim(g.comment)))) ++n;
      }
    }
    return n;
  }

  // A paragraph whose every line is a command the catalogue knows, one of them a change (commands pasted
  // without a fence, one per line): its command groups, as a code block's. Empty otherwise.
  std::vector<Group> unfenced_block(const Block& b) const {
    if (b.end_line <= b.line || static_cast<std::size_t>(b.end_line) > lines_.size()) return {};
    Block code;
    code.kind = Block::Kind::Code;
    code.line = b.line;
    code.end_line = b.end_line;
    bool change = false;
    for (int l = b.line; l <= b.end_line; ++l) {
      const std::string t = trim(std::string(lines_[static_cast<std::size_t>(l) - 1]));
      if (t.empty() || t.back() == '.' || t.back() == ':') return {};
      const Command c{t, l, match_command(t), l};
      if (!c.match.known) return {};
      change = change || changes_system(c);
      code.text += t + "\n";
    }
    if (!change) return {};
    return code_groups(code);
  }

  // A check written without a fence in a section about checking ("## Verification", then the line "curl
  // http://<ALB>/health"): a paragraph each of whose lines is a command the catalogue knows that only looks.
  // Its command groups, as a code block's; empty otherwise.
  std::vector<Group> unfenced_checks(std::size_t i) const {
    const Block& b = blocks_[i];
    const auto k = section_of(i);
    if (b.kind != Block::Kind::Paragraph || !k || static_cast<std::size_t>(b.end_line) > lines_.size() ||
        (checks_title(sections_[*k].title) != 1 &&
         !starts_with_instruction(strip_step_prefix(without_parenthetical(sections_[*k].title)))))
      return {};
    Block code;
    code.kind = Block::Kind::Code;
    code.line = b.line;
    code.end_line = b.end_line;
    for (int l = b.line; l <= b.end_line; ++l) {
      const std::string t = trim(std::string(lines_[static_cast<std::size_t>(l) - 1]));
      if (t.empty() || t.back() == '.' || t.back() == ':') return {};
      const CommandMatch m = match_command(t);
      if (!m.known || !only_looks(Command{t, l, m, l})) return {};
      code.text += t + "\n";
    }
    return code_groups(code);
  }

  // Where the check after the last change of a step heading's blocks [begin, end) starts: the first code
  // block after that change whose commands all only look (a rollout watched to its end, a health check),
  // with the paragraph that leads into it ("Wait until the deployment has settled:"). `end` when there is
  // none, when a sub-heading comes first (its own ways: "Option A", "Option B"), or when the change takes
  // the service down (a check of what was stopped is part of stopping it).
  std::size_t check_after_change(std::size_t begin, std::size_t end) {
    std::optional<Command> last_change;
    std::size_t last_block = begin;
    for (std::size_t i = begin; i < end && i < blocks_.size(); ++i) {
      if (excluded(i) && !excluded(begin)) continue;
      if (blocks_[i].kind == Block::Kind::Code) {
        for (const auto& g : groups_of(i))
          for (const auto& c : g.commands)
            if (changes_system(c) || stops_or_starts(c)) {
              last_change = c;
              last_block = i;
            }
        continue;
      }
      for (const auto& code : blocks_[i].inline_code) {
        const Command c{code, blocks_[i].line, match_command(code), blocks_[i].end_line};
        if (changes_system(c) || stops_or_starts(c)) {
          last_change = c;
          last_block = i;
        }
      }
    }
    if (!last_change || takes_down(*last_change)) return end;
    for (std::size_t i = last_block + 1; i < end && i < blocks_.size(); ++i) {
      const Block& b = blocks_[i];
      if (b.kind == Block::Kind::Heading || b.kind == Block::Kind::ListItem) return end;
      if (b.kind != Block::Kind::Code) continue;
      std::size_t looking = 0;
      bool other = false;
      for (const auto& g : groups_of(i))
        for (const auto& c : g.commands) {
          if (only_looks(c))
            ++looking;
          else
            other = true;
        }
      if (looking == 0 || other) return end;
      return i > last_block + 1 && blocks_[i - 1].kind == Block::Kind::Paragraph ? i - 1 : i;
    }
    return end;
  }

  // The steps of blocks [begin, end) that have no step headings: command groups of the code blocks and
  // numbered list items.
  void steps_from_range(std::size_t begin, std::size_t end, ojson& steps,
                        std::vector<std::optional<DurationMention>>& stated) {
    // Command groups of the code blocks, then numbered list items if there is no code.
    const std::size_t first_new = steps.size();
    std::vector<Group> groups = groups_in(begin, end);
    add_prose_way_back(begin, end, groups);
    const bool code_outside_items = std::any_of(groups.begin(), groups.end(), [](const Group& g) {
      return !g.item && std::any_of(g.commands.begin(), g.commands.end(), [](const Command& c) {
        return c.match.known && !c.match.action.empty();
      });
    });
    for (const auto& g : groups) {
      if (g.item) {
        // A numbered item with no command among code that has them is prose around the commands.
        // An instruction ("3. Wait for the TTL to pass") is a step all the same.
        if (g.commands.empty() && code_outside_items && !g.check &&
            !starts_with_instruction(blocks_[*g.item].text) && !exercise_click(blocks_[*g.item].text))
          continue;
        std::optional<DurationMention> duration;
        for (const auto& d : find_durations(blocks_[*g.item].text)) {
          if (d.role == DurationMention::Role::Step || d.role == DurationMention::Role::Unknown) {
            duration = d;
            break;
          }
        }
        steps.push_back(step_from_groups(g.comment, g.line, g.end_line, {g}));
        stated.push_back(duration);
        // An item under "Verification" that names what to see ("The 5xx ratio falls back under 0.5 %")
        // is a check of the service, though its words name no action.
        if (g.verification && steps.back()["action"] == "manual") {
          reshape(steps.back(), "verify", "", "", "");
          --result_.stats.steps_manual;
          ++result_.stats.steps_mapped;
          note(g.line, Kind::Step,
               "\"" + steps.back()["name"].get<std::string>() +
                   "\" -> verify (an item of a section about checking)",
               g.end_line);
        }
        continue;
      }
      if (g.commands.empty() && g.comment.empty()) continue;
      const bool acts = std::any_of(g.commands.begin(), g.commands.end(), [](const Command& c) {
        return !c.match.action.empty() || !c.match.known;
      });
      if (!acts && g.commands.empty()) continue;
      // A code block without comments whose commands are several steps ("kubectl rollout undo ...", then
      // "kubectl scale ... --replicas=0", then "kubectl rollout status ..."): one step per change, each with
      // the set-up before it, and the checks after a change a step of their own (split_commands).
      if (g.comment.empty()) {
        const std::vector<Group> parts = split_commands(g);
        // A part is named by the command that changes the system, not by the set-up before it.
        const auto name_of = [&](const Group& part) {
          const auto acting = std::find_if(part.commands.begin(), part.commands.end(), changes_system);
          return one_line((acting != part.commands.end() ? *acting : part.commands.front()).text, 60);
        };
        if (parts.size() > 1) {
          for (std::size_t k = 0; k < parts.size(); ++k) {
            steps.push_back(
                step_from_groups(name_of(parts[k]), parts[k].line, parts[k].end_line, {parts[k]}));
            stated.push_back(std::nullopt);
            if (k > 0 && std::none_of(parts[k].commands.begin(), parts[k].commands.end(), changes_system) &&
                std::none_of(parts[k].commands.begin(), parts[k].commands.end(), stops_or_starts))
              split_checks_.insert(steps.back()["name"].get<std::string>());
          }
          continue;
        }
        if (parts.size() == 1) {
          steps.push_back(step_from_groups(name_of(parts.front()), g.line, g.end_line, {g}));
          stated.push_back(std::nullopt);
          continue;
        }
      }
      const std::string name =
          g.comment.empty() ? one_line(g.commands.front().text, 60) : one_line(g.comment, 80);
      steps.push_back(step_from_groups(strip_step_prefix(name), g.line, g.end_line, {g}));
      stated.push_back(std::nullopt);
    }
    leave_out_exercise_set_up(groups, first_new, steps, stated);
    leave_out_reference_forward(first_new, steps, stated);
    fold_stated_conditions(groups, first_new, steps, stated);
  }

  // A list whose items state conditions rather than give orders (states_condition: "Backup restoration
  // test completed", "/api/v2/* remains protected", "Application accessible at ..."), two or more in a
  // row, each read as a manual or verify step of its own: after a step of the plan that changes the
  // system, the list is the one check after the change (one verify over the list); before any, it lists
  // what must hold before starting (prerequisites, a readiness list), and no item is a step.
  void fold_stated_conditions(const std::vector<Group>& groups, std::size_t first_new, ojson& steps,
                              std::vector<std::optional<DurationMention>>& stated) {
    // An item of one line, with no command the catalogue knows ("`/api/v2/*` remains protected" names a
    // route, not a command); an item with lines under it (fields to fill in, a command) is work to do.
    std::map<int, bool> condition;  // Line of such a list item -> whether it states a condition.
    for (const auto& g : groups)
      if (g.item && g.line == g.end_line &&
          std::none_of(g.commands.begin(), g.commands.end(), [](const Command& c) { return c.match.known; }))
        condition[g.line] = states_condition(blocks_[*g.item].text);
    const auto stated_condition = [&](std::size_t i) {
      const std::string a = steps[i]["action"].get<std::string>();
      const auto it = condition.find(steps[i]["source"]["line"].get<int>());
      return (a == "manual" || a == "verify") && it != condition.end() && it->second &&
             steps[i]["source"]["end_line"].get<int>() == it->first;
    };
    for (std::size_t i = first_new; i < steps.size(); ++i) {
      if (!stated_condition(i)) continue;
      std::size_t end = i + 1;
      while (end < steps.size() && stated_condition(end) &&
             steps[end]["source"]["line"].get<int>() <= steps[end - 1]["source"]["end_line"].get<int>() + 2)
        ++end;
      if (end - i < 2) continue;
      bool changed = false;
      for (std::size_t k = 0; k < i && !changed; ++k) {
        const std::string a = steps[k]["action"].get<std::string>();
        changed = a != "manual" && a != "verify" && a != "wait" && a != "notify" && a != "status_page";
      }
      const int last_line = steps[end - 1]["source"]["end_line"].get<int>();
      for (std::size_t k = end; k-- > i + (changed ? 1 : 0);)
        drop_step(steps, stated, k,
                  changed
                      ? "states a condition of the list checked after the change: one verify with the first"
                      : "states a condition that holds before the procedure starts (a list of states "
                        "before any change), not a step");
      if (!changed) {
        if (i < steps.size() && stated_condition(i)) --i;  // The next list, now at i: read it next.
        continue;
      }
      if (steps[i]["action"] == "manual") {
        reshape(steps[i], "verify", "", "", "");
        --result_.stats.steps_manual;
        ++result_.stats.steps_mapped;
      }
      steps[i]["source"]["end_line"] = last_line;
      note(steps[i]["source"]["line"].get<int>(), Kind::Step,
           "\"" + steps[i]["name"].get<std::string>() +
               "\" -> verify (a list of conditions after the change, checked as one step)",
           last_line);
    }
  }

  // A lab or a tutorial breaks the system on purpose before it shows the recovery ("kubectl apply -f
  // deployment-bug.yml", then "kubectl rollout undo ..."): the step that breaks it, every step before it
  // (deploying the working version, installing tools) and every later step that breaks it again (a bonus
  // round) are the exercise's set-up, not the recovery. Only when a change that is no breakage follows the
  // first breakage: a runbook whose only change applies a file named "bad" is left as it is.
  void leave_out_exercise_set_up(const std::vector<Group>& groups, std::size_t first_new, ojson& steps,
                                 std::vector<std::optional<DurationMention>>& stated) {
    std::vector<int> breaking;  // Lines of the commands that break the system.
    for (const auto& g : groups) {
      for (const auto& c : g.commands) {
        if (injects_fault(c.text)) breaking.push_back(c.line);
      }
    }
    if (breaking.empty()) return;
    const auto breaks = [&](const ojson& st) {
      const int from = st["source"]["line"].get<int>();
      const int to = st["source"]["end_line"].get<int>();
      return std::any_of(breaking.begin(), breaking.end(), [&](int l) { return l >= from && l <= to; });
    };
    std::optional<std::size_t> first;
    for (std::size_t i = first_new; i < steps.size() && !first; ++i) {
      if (breaks(steps[i])) first = i;
    }
    if (!first) return;
    // Nothing goes back before the breakage: a runbook that has rolled back already is not setting up.
    for (std::size_t i = first_new; i < *first; ++i) {
      const std::string a = steps[i]["action"].get<std::string>();
      if (a == "rollout_undo" || a == "db_restore" || a == "db_migrate_down" || a == "infra_rollback" ||
          a == "disable_flag" || a == "shift_traffic")
        return;
    }
    bool recovers = false;
    for (std::size_t i = *first + 1; i < steps.size() && !recovers; ++i) {
      const std::string a = steps[i]["action"].get<std::string>();
      recovers = !breaks(steps[i]) && a != "manual" && a != "verify" && a != "wait" && a != "notify" &&
                 a != "status_page";
    }
    if (!recovers) return;
    const std::size_t breaking_step = *first;
    // The check split off after a step that goes (a split_commands part) goes with it.
    std::vector<bool> drop(steps.size(), false);
    for (std::size_t i = first_new; i < steps.size(); ++i) {
      drop[i] = i <= breaking_step || breaks(steps[i]) ||
                (i > first_new && drop[i - 1] && split_checks_.count(steps[i]["name"].get<std::string>()));
    }
    for (std::size_t i = steps.size(); i-- > first_new;) {
      if (!drop[i]) continue;
      drop_step(steps, stated, i,
                i < breaking_step ? "sets up the exercise before it breaks the system on purpose"
                : i == breaking_step || breaks(steps[i])
                    ? "breaks the system on purpose (the exercise's fault), not a step of the recovery"
                    : "checks the exercise's fault, not a step of the recovery");
    }
  }

  // --- An exercise: a lab, a tutorial, a demo, or a document that breaks the system on purpose.

  // An exercise that shows the way back by several means, in sibling sections ("Phase 3: Rollback in the
  // GitOps UI", "Phase 4: Git-based rollback", "Phase 5: CLI rollback"): the recovery is done once, by the
  // first; each later one that names another means is another way, run only when the scenario names it.
  void mark_exercise_other_ways() {
    if (!exercise_) return;
    const auto top_level = top_level_sections();
    std::optional<std::size_t> first;
    for (std::size_t k = 0; k < sections_.size(); ++k) {
      const Section& s = sections_[k];
      if (excluded(s.heading) || (s.depth == 1 && top_level == 1)) continue;
      if (!names_going_back(s.title) || names_checking(s.title) || !holds_steps(s)) continue;
      if (is_alternative_line(s.line)) continue;
      if (!first) {
        if (way_means(s.title).empty()) return;
        first = k;
        continue;
      }
      if (parent_[k] != parent_[*first] || s.depth != sections_[*first].depth) continue;
      const std::string means = way_means(s.title);
      if (means.empty() || means == way_means(sections_[*first].title)) continue;
      const std::string when = one_line(strip_step_prefix(s.title), 80);
      alternative_sections_.push_back({s.line, last_text_line_before(start_line_of(s.end), s.line), when});
      note(s.line, Kind::Alternative,
           "\"" + when + "\" goes back by other means than \"" +
               one_line(strip_step_prefix(sections_[*first].title), 40) +
               "\", the exercise's first way: its steps run only when the scenario's \"conditions\" list it");
    }
  }

  bool is_alternative_line(int line) const {
    return std::any_of(alternative_sections_.begin(), alternative_sections_.end(),
                       [&](const AlternativeSection& a) { return line >= a.line && line <= a.end_line; });
  }

  // A sibling of the phases `levels` (one depth, one parent), itself led by "Phase N" or "Stage N", that
  // was left out as the exercise's set-up or its fault ("Phase 1: Set up the demo app", "Phase 2: Deploy a
  // problematic version"): the phases are the document's parts in order, not levels.
  bool set_up_phase_beside(const std::vector<std::size_t>& levels) const {
    const std::size_t first = levels.front();
    for (std::size_t k = 0; k < sections_.size(); ++k) {
      if (sections_[k].depth != sections_[first].depth || parent_[k] != parent_[first]) continue;
      const std::string t = lower(trim(sections_[k].title));
      if (t.find("phase") >= 3 && t.find("stage") >= 3) continue;
      if (excluded(sections_[k].heading) && !names_going_back(sections_[k].title)) return true;
    }
    return false;
  }

  // Whether the document is an exercise: its first heading, a title, names one ("Lab instructions for
  // LAB07: ...", "Tutorial: ...", "... demo"), or its only title does; or a section before the first one
  // that goes back, and not holding it, breaks the system on purpose ("Deploy a problematic version",
  // "Broken deployment", "Simulate the failure") with a command that changes it: the document makes the
  // failure it then recovers from.
  bool exercise_document(const std::vector<bool>& way_back, const std::vector<std::size_t>& way_back_before) {
    if (sections_.empty()) return false;
    const auto top_level =
        std::count_if(sections_.begin(), sections_.end(), [](const Section& s) { return s.depth == 1; });
    if (sections_.front().depth == 1 && names_exercise(sections_.front().title)) return true;
    for (const auto& s : sections_)
      if (s.depth == 1 && top_level == 1 && names_exercise(s.title)) return true;
    if (way_back_before.back() == 0) return false;
    for (std::size_t k = 0; k < sections_.size(); ++k) {
      if (way_back_before[k] > 0) break;
      const Section& s = sections_[k];
      if (way_back[k] || way_back_before[last_sub_[k] + 1] > 0 || !names_breaking_on_purpose(s.title))
        continue;
      if (holds_change(s)) return true;
    }
    return false;
  }

  // Whether the blocks of section `s` up to its first sub-heading hold a command that changes the system.
  bool holds_change(const Section& s) {
    for (std::size_t i = s.begin; i < s.end && i < blocks_.size(); ++i) {
      if (blocks_[i].kind == Block::Kind::Heading) break;
      if (block_changes_system(i)) return true;
    }
    return false;
  }

  // Whether block i holds a command that changes the system: in a code block, its command groups; in
  // any other block, its inline code.
  bool block_changes_system(std::size_t i) {
    const Block& b = blocks_[i];
    if (b.kind == Block::Kind::Code) {
      for (const auto& g : groups_of(i))
        if (std::any_of(g.commands.begin(), g.commands.end(), changes_system)) return true;
      return false;
    }
    return std::any_of(b.inline_code.begin(), b.inline_code.end(), [&](const std::string& code) {
      return changes_system(Command{code, b.line, match_command(code), b.end_line});
    });
  }

  // In an exercise, an item that gives an order done by hand in a UI ("Choose the revision, click
  // Rollback"): a step of the way back, though it has no command (gives_order).
  bool exercise_click(const std::string& text) const { return exercise_ && gives_order(one_line(text, 200)); }

  // The document's first heading, a title that names the exercise ("# Lab instructions for LAB07: ..."),
  // though other headings share its depth ("# Lab steps"): the whole document, no set-up of its own.
  bool exercise_title(std::size_t k) const {
    return k == 0 && sections_[k].depth == 1 && names_exercise(sections_[k].title);
  }

  // The sections that are an exercise's way back: those about going back (`going_back`) and those that
  // abort what is under way ("If you need to abort the rollout"); with, for each section, how many come
  // before it.
  void exercise_ways_back(const std::vector<bool>& going_back, std::vector<bool>& way_back,
                          std::vector<std::size_t>& way_back_before) const {
    way_back = going_back;
    way_back_before.assign(sections_.size() + 1, 0);
    const auto top_level =
        std::count_if(sections_.begin(), sections_.end(), [](const Section& s) { return s.depth == 1; });
    for (std::size_t k = 0; k < sections_.size(); ++k) {
      const bool title = sections_[k].depth == 1 && top_level == 1;
      if (!title && names_aborting(sections_[k].title)) way_back[k] = true;
      way_back_before[k + 1] = way_back_before[k] + (way_back[k] ? 1 : 0);
    }
  }

  // In an exercise, a section right before the first way back that only looks up what to go back to
  // ("Check the history": `helm history`, `kubectl rollout history`, the revisions or versions kept) is
  // the way back's first step, not the set-up: its title or one of its commands names a history, a
  // revision or the versions, and none of its commands changes the system.
  bool looks_up_way_back(std::size_t k, const std::vector<bool>& way_back) {
    const Section& s = sections_[k];
    const std::size_t next = last_sub_[k] + 1;
    if (next >= sections_.size() || !way_back[next]) return false;
    const auto names_history = [](const std::string& text) {
      const std::string t = " " + lower(text) + " ";
      return has(t, "history") || has(t, "revision") || has(t, " versions ") || has(t, " releases ");
    };
    bool looks = false;
    bool named = names_history(s.title);
    for (std::size_t i = s.begin; i < s.end && i < blocks_.size(); ++i) {
      if (blocks_[i].kind == Block::Kind::Heading) return false;  // Parts of its own: more than a look-up.
      std::vector<Command> commands;
      if (blocks_[i].kind == Block::Kind::Code) {
        for (const auto& g : groups_of(i))
          commands.insert(commands.end(), g.commands.begin(), g.commands.end());
      } else {
        for (const auto& code : blocks_[i].inline_code)
          commands.push_back(Command{code, blocks_[i].line, match_command(code), blocks_[i].end_line});
      }
      for (const auto& c : commands) {
        if (changes_system(c) || stops_or_starts(c)) return false;
        if (!only_looks(c)) continue;
        looks = true;
        named = named || names_history(c.text);
      }
    }
    return looks && named;
  }

  // In an exercise, a section about going back written as prose only, with no command and no list ("In
  // the console, open Versions. Tick v1 and press Migrate traffic. Reload the page."), from which nothing
  // was read: each sentence that gives an order is a step of its own, named by the sentence.
  void add_prose_way_back(std::size_t begin, std::size_t end, std::vector<Group>& groups) {
    if (!exercise_) return;  // A runbook's prose about going back says when and why ("Revert when ...").
    const auto top_level =
        std::count_if(sections_.begin(), sections_.end(), [](const Section& s) { return s.depth == 1; });
    for (const auto& s : sections_) {
      if (s.begin < begin || s.begin >= end || s.begin >= s.end || s.begin >= blocks_.size()) continue;
      if (excluded(s.begin) && !excluded(begin)) continue;
      if (s.depth == 1 && top_level == 1) continue;  // The document's title.
      if (!names_going_back(s.title) && !names_switching_off(s.title)) continue;
      std::vector<std::size_t> paragraphs;
      bool prose = true;
      int last_line = s.line;
      for (std::size_t i = s.begin; i < s.end && i < blocks_.size() && prose; ++i) {
        const Block& b = blocks_[i];
        if (b.kind == Block::Kind::Heading) break;
        prose = b.kind == Block::Kind::Paragraph && b.inline_code.empty() && !b.emphasised;
        paragraphs.push_back(i);
        last_line = b.end_line;
      }
      if (!prose || paragraphs.empty()) continue;
      if (std::any_of(groups.begin(), groups.end(),
                      [&](const Group& g) { return g.line >= s.line && g.line <= last_line; }))
        continue;
      std::vector<Group> added;
      for (const std::size_t i : paragraphs) {
        const Block& b = blocks_[i];
        std::size_t from = 0;
        while (from < b.text.size()) {
          std::size_t to = from;
          // A sentence ends at ". ", ".\n", "! " or the end of the text (not inside "v1.2").
          while (to < b.text.size() &&
                 !((b.text[to] == '.' || b.text[to] == '!') &&
                   (to + 1 == b.text.size() || b.text[to + 1] == ' ' || b.text[to + 1] == '\n')))
            ++to;
          std::string sentence = b.text.substr(from, to - from);
          const int line =
              b.line + static_cast<int>(std::count(b.text.begin(),
                                                   b.text.begin() + static_cast<std::ptrdiff_t>(from), '\n'));
          const int lines = static_cast<int>(std::count(sentence.begin(), sentence.end(), '\n'));
          std::replace(sentence.begin(), sentence.end(), '\n', ' ');
          sentence = trim(sentence);
          from = to + 1;
          while (from < b.text.size() && (b.text[from] == ' ' || b.text[from] == '\n'))
            ++from;
          if (sentence.empty() || !gives_order(sentence)) continue;
          Group g;
          g.comment = one_line(sentence, 80);
          g.line = line;
          g.end_line = line + lines;
          g.item = i;
          g.check = true;  // A step without a command all the same.
          added.push_back(std::move(g));
        }
      }
      if (added.empty()) continue;
      note(
          s.line, Kind::Step,
          "\"" + one_line(s.title, 60) + "\" goes back in prose: each sentence that gives an order is a step",
          last_line);
      const auto at = std::find_if(groups.begin(), groups.end(),
                                   [&](const Group& g) { return g.line > added.front().line; });
      groups.insert(at, added.begin(), added.end());
    }
  }

  // A quick reference or a cheat sheet (its title says so) lists the commands of every operation on the
  // service (deploy v1, send 10 % to v2, each split, promote, test, check) and, among them, the way back
  // ("# Rollback (100% stable)"). Only what goes back is the procedure: a step that neither goes back by its
  // name nor lies in a section about going back is another operation, kept for reference. Not when nothing
  // or everything goes back.
  void leave_out_reference_forward(std::size_t first_new, ojson& steps,
                                   std::vector<std::optional<DurationMention>>& stated) {
    if (sections_.empty() || sections_.front().depth != 1 || !names_quick_reference(sections_.front().title))
      return;
    const auto goes_back = [&](const ojson& st) {
      const std::string name = st["name"].get<std::string>();
      if (names_going_back(name) || names_switching_off(name) || names_aborting(name)) return true;
      const int line = st["source"]["line"].get<int>();
      for (std::size_t k = 1; k < sections_.size(); ++k) {
        const Section& s = sections_[k];
        const int last = s.end > 0 && s.end <= blocks_.size() ? end_line_of(s.end - 1) : s.line;
        if (line > s.line && line <= last && (names_going_back(s.title) || names_switching_off(s.title)))
          return true;
      }
      return false;
    };
    std::vector<bool> keep(steps.size(), true);
    std::size_t kept = 0;
    for (std::size_t i = first_new; i < steps.size(); ++i) {
      keep[i] = goes_back(steps[i]) ||
                (i > first_new && keep[i - 1] && split_checks_.count(steps[i]["name"].get<std::string>()));
      if (keep[i]) ++kept;
    }
    if (kept == 0 || kept == steps.size() - first_new) return;
    for (std::size_t i = steps.size(); i-- > first_new;)
      if (!keep[i])
        drop_step(steps, stated, i,
                  "is another operation of a quick reference, not its way back: not a step of the recovery");
  }

  // Removes step `i`, with its note and its counts.
  void drop_step(ojson& steps, std::vector<std::optional<DurationMention>>& stated, std::size_t i,
                 const std::string& why) {
    const std::string a = steps[i]["action"].get<std::string>();
    const std::string name = steps[i]["name"].get<std::string>();
    note(steps[i]["source"]["line"].get<int>(), Kind::NotStep, "\"" + name + "\" " + why,
         steps[i]["source"]["end_line"].get<int>());
    step_names_.erase(name);
    --result_.stats.steps_found;
    if (a == "manual" || a == "notify" || a == "wait")
      --result_.stats.steps_manual;
    else
      --result_.stats.steps_mapped;
    steps.erase(steps.begin() + static_cast<std::ptrdiff_t>(i));
    if (i < stated.size()) stated.erase(stated.begin() + static_cast<std::ptrdiff_t>(i));
  }

  // Whether `line` lies in a section that is an alternative (find_alternative_sections) while the blocks
  // read from `begin` do not start in it: its step headings are the steps of another way, not of the
  // procedure read here (a detailed rollback after the quick one, the procedure of another situation).
  bool on_other_path(int line, std::size_t begin) const {
    const int from = start_line_of(begin);
    return std::any_of(alternative_sections_.begin(), alternative_sections_.end(),
                       [&](const AlternativeSection& a) {
                         return !a.by_default && line >= a.line && line <= a.end_line &&
                                !(from >= a.line && from <= a.end_line);
                       });
  }

  // The checks after "Step N" headings: a section after the last step heading (not under it, not on
  // another path, read for steps) whose title is about checking or the time after going back
  // ("Verification", "After the failover", "Recovery testing & validation") is read like blocks without
  // step headings, its sub-sections with it: each check ("Database accepts connections", "Application
  // recovered") is a step. Without this, the headings would be the whole procedure and its checks unread.
  void checks_after_step_headings(std::size_t last, std::size_t begin, std::size_t end, ojson& steps,
                                  std::vector<std::optional<DurationMention>>& stated) {
    for (std::size_t k = last_sub_[last] + 1; k < sections_.size() && sections_[k].heading < end; ++k) {
      const Section& s = sections_[k];
      if ((excluded(s.heading) && !excluded(begin)) || on_other_path(s.line, begin) ||
          checks_title(s.title) == 0)
        continue;
      steps_from_range(s.begin, std::min(s.end, end), steps, stated);
      k = last_sub_[k];
    }
  }

  // A paragraph that opens with a command in inline code the catalogue knows ("`systemctl stop apache2`",
  // "`pitrery restore -d '2024-05-01 10:00:00'` adding the date to restore to"): the command of a step
  // written in prose.
  bool command_paragraph(std::size_t i) const {
    const Block& b = blocks_[i];
    if (b.kind != Block::Kind::Paragraph || b.inline_code.empty()) return false;
    const std::string text = trim(b.text);
    const std::string code = trim(b.inline_code.front());
    if (code.find(' ') == std::string::npos || text.rfind(code, 0) != 0) return false;
    if (match_command(code).known) return true;
    // A program the catalogue does not know ("rm -r ...", "scp host:file /tmp/"): a lower-case word of a
    // program's characters, after a shell's prompt if there is one, then its arguments.
    std::string rest = code;
    if (rest.rfind("$ ", 0) == 0 || rest.rfind("# ", 0) == 0) rest = trim(rest.substr(2));
    const std::string program = rest.substr(0, rest.find(' '));
    return rest.find(' ') != std::string::npos && !program.empty() &&
           std::all_of(program.begin(), program.end(), [](char c) {
             return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
                    c == '/';
           });
  }

  // The steps of a procedure written in prose, in document order, each as (first block, last block): the
  // paragraphs that count their steps (`counted`: "First, ...", "Then ..."), and each paragraph that leads
  // into a command paragraph ("Before anything else the web server has to stop taking edits", then
  // "`sudo systemctl stop apache2`") with that command. A lead-in that only announces an example ("for
  // example:") gives its command to the paragraph before it; a command paragraph with no paragraph before
  // it is a step alone.
  std::vector<std::pair<std::size_t, std::size_t>> prose_units(std::size_t begin, std::size_t end,
                                                               const std::vector<std::size_t>& counted) const {
    std::vector<std::pair<std::size_t, std::size_t>> units;
    for (const std::size_t i : counted)
      units.emplace_back(i, i);
    const auto usable = [&](std::size_t j) {
      return blocks_[j].kind == Block::Kind::Paragraph && !command_paragraph(j) && !(excluded(j) && !excluded(begin));
    };
    for (std::size_t i = begin; i < end && i < blocks_.size(); ++i) {
      if (!command_paragraph(i) || (excluded(i) && !excluded(begin))) continue;
      std::size_t lead = i;
      if (i > begin && usable(i - 1)) {
        lead = i - 1;
        const std::string t = lower(trim(blocks_[lead].text));
        const bool example = t.rfind("for example", 0) == 0 || t.rfind("for instance", 0) == 0 ||
                             t.rfind("e.g.", 0) == 0 || t.rfind("example:", 0) == 0;
        if (example && lead > begin && usable(lead - 1)) --lead;
      }
      const auto same = std::find_if(units.begin(), units.end(),
                                     [&](const std::pair<std::size_t, std::size_t>& u) { return u.first == lead; });
      if (same != units.end())
        same->second = std::max(same->second, i);
      else
        units.emplace_back(lead, i);
    }
    std::sort(units.begin(), units.end());
    return units;
  }

  // Numbered headings that are only the checks after the change ("## Verification", then "### 1. Check the
  // client flags", "### 2. Verify the kill switch status") while the change itself sits before them in a
  // part without step headings ("### Method 1: API endpoint (Recommended)", "#### Quick rollback"): the
  // headings do not make the rest of the procedure unread. Gives the block where that part ends (the
  // heading of the section of checks), or `begin` when the step headings are the whole procedure.
  std::size_t change_before_check_headings(const std::vector<std::size_t>& step_sections, std::size_t begin) {
    if (step_sections.empty()) return begin;
    const auto parent = parent_[step_sections.front()];
    if (!parent || sections_[*parent].heading <= begin) return begin;
    for (const std::size_t i : step_sections) {
      if (is_step_word_title(sections_[i].title) || parent_[i] != parent) return begin;
    }
    // The section that holds them is about checking ("Verification", "Post-rollback validation").
    const std::string title = lower(sections_[*parent].title);
    bool checking = false;
    for (const char* stem : {"verif", "validat", "check", "health", "smoke", "confirm"})
      checking = checking || has(title, stem);
    checking = checking || names_communication(sections_[*parent].title);  // "Communication": telling people.
    if (!checking) return begin;
    // Before it, in a part read for steps, a command that changes the system.
    const std::size_t to = sections_[*parent].heading;
    for (std::size_t i = begin; i < to && i < blocks_.size(); ++i) {
      if (excluded(i) && !excluded(begin)) continue;
      if (block_changes_system(i)) return to;
    }
    return begin;
  }

  // Numbered headings whose numbers start again under another part ("## Verification" with "### 1. Health
  // endpoint", "### 2. Error rate", then "## Communication" with "### 1. Tell the channel") are each part's
  // own list, not the one sequence of the document's steps: a part without such headings (a method given
  // as a numbered list) holds steps too.
  bool numbering_starts_again(const std::vector<std::size_t>& step_sections) const {
    for (std::size_t n = 1; n < step_sections.size(); ++n) {
      const Section& before = sections_[step_sections[n - 1]];
      const Section& after = sections_[step_sections[n]];
      const auto a = leading_number(before.title), b = leading_number(after.title);
      if (a && b && *b <= *a && parent_[step_sections[n - 1]] != parent_[step_sections[n]]) return true;
    }
    return false;
  }

  // The numbered lists in blocks [from, to) between step headings, read as steps: each run of blocks read
  // for steps that holds at least two numbered items.
  void numbered_lists_between(std::size_t from, std::size_t to, ojson& steps,
                              std::vector<std::optional<DurationMention>>& stated) {
    std::size_t run = from;
    for (std::size_t i = from; i <= to && i <= blocks_.size(); ++i) {
      if (i < to && i < blocks_.size() && !excluded(i)) continue;
      if (i > run && ordered_items(run, i) >= 2) steps_from_range(run, i, steps, stated);
      run = i + 1;
    }
  }

  // The steps of the blocks [begin, end): step headings if there are any (each with its content), else
  // the code blocks' command groups, else the numbered list items.
  ojson steps_of(std::size_t begin, std::size_t end) {
    const ImportStats stats_before = result_.stats;
    const std::size_t notes_before = result_.notes.size();
    std::vector<std::size_t> step_sections;
    int step_depth = 7;
    const auto first = std::lower_bound(sections_.begin(), sections_.end(), begin,
                                        [](const Section& s, std::size_t b) { return s.heading < b; });
    for (auto i = static_cast<std::size_t>(first - sections_.begin()); i < sections_.size(); ++i) {
      const auto& s = sections_[i];
      if (s.heading >= end) break;
      // A numbered heading that names a rollback ("3. Rollback") but is no level (alone at its depth) is a
      // step heading like the others: its items are the steps.
      if (!is_step_title(s.title) || level_sections_.count(i) ||
          (level_number(s.title) && is_step_word_title(s.title)))
        continue;
      if (excluded(s.heading) && !excluded(begin)) continue;  // A step heading under troubleshooting
      // A "Step N" heading deeper than numbered sections still marks the steps.
      const bool step_word = is_step_word_title(s.title);
      if (step_word && !step_sections.empty() && s.depth > step_depth &&
          !is_step_word_title(sections_[step_sections.front()].title)) {
        step_depth = s.depth;
        step_sections.clear();
      }
      if (!step_word && !step_sections.empty() && is_step_word_title(sections_[step_sections.front()].title))
        continue;
      if (s.depth < step_depth) {
        step_depth = s.depth;
        step_sections.clear();
      }
      if (s.depth == step_depth) step_sections.push_back(i);
    }
    // "Step N" headings win over merely numbered ones ("### 1. Purpose" is a section, not a step).
    const bool any_step_word = std::any_of(step_sections.begin(), step_sections.end(), [&](std::size_t i) {
      return is_step_word_title(sections_[i].title);
    });
    if (any_step_word) {
      // Every "Step N" heading not under another one: a run of steps that starts again at another depth
      // ("### Step 1: Classify", "### Step 2: Choose", then "#### Step 1: Prepare" ... under "### Option A")
      // is a further part of the procedure, not a detail of the shallower run.
      std::vector<std::size_t> word_sections;
      for (auto i = static_cast<std::size_t>(first - sections_.begin()); i < sections_.size(); ++i) {
        const auto& s = sections_[i];
        if (s.heading >= end) break;
        if (!is_step_word_title(s.title) || level_sections_.count(i) || level_number(s.title)) continue;
        if (excluded(s.heading) && !excluded(begin)) continue;
        bool nested = false;
        for (auto p = parent_[i]; p && !nested; p = parent_[*p])
          nested = std::find(word_sections.begin(), word_sections.end(), *p) != word_sections.end();
        if (!nested) word_sections.push_back(i);
      }
      // "Step N" headings under one numbered section ("## 3. Execute the rollback") among numbered siblings
      // that frame it ("## 1. Document the rollback reason", "## 2. Capture the pre-rollback state",
      // "## 4. Notify stakeholders"): the siblings are steps too, in document order.
      std::vector<std::size_t> numbered;
      int numbered_depth = 7;
      for (auto i = static_cast<std::size_t>(first - sections_.begin()); i < sections_.size(); ++i) {
        const auto& s = sections_[i];
        if (s.heading >= end) break;
        if (!is_step_title(s.title) || is_step_word_title(s.title) || level_sections_.count(i) ||
            level_number(s.title))
          continue;
        if (excluded(s.heading) && !excluded(begin)) continue;
        if (s.depth < numbered_depth) {
          numbered_depth = s.depth;
          numbered.clear();
        }
        if (s.depth == numbered_depth) numbered.push_back(i);
      }
      const auto under = [&](std::size_t i, std::size_t n) { return i > n && i <= last_sub_[n]; };
      std::size_t holding = 0;
      for (const std::size_t n : numbered) {
        if (std::any_of(word_sections.begin(), word_sections.end(),
                        [&](std::size_t i) { return under(i, n); }))
          ++holding;
      }
      if (holding == 1 && numbered.size() >= 3) {
        for (const std::size_t n : numbered) {
          // Only a sibling titled as an instruction frames the procedure ("Document the rollback
          // reason"); "Required inputs" or "Definition of done" is about it, not a step of it.
          if (std::none_of(word_sections.begin(), word_sections.end(),
                           [&](std::size_t i) { return under(i, n); }) &&
              starts_with_instruction(strip_step_prefix(sections_[n].title)))
            word_sections.push_back(n);
        }
        std::sort(word_sections.begin(), word_sections.end());
      }
      step_sections = word_sections;
    }
    add_checklists_before(begin, end, step_sections);
    // Step headings that all belong to another way (a detailed rollback beside the quick one) are not the
    // procedure's: the blocks are read as a whole, and those steps keep their way's condition.
    if (!step_sections.empty() && std::all_of(step_sections.begin(), step_sections.end(), [&](std::size_t i) {
          return on_other_path(sections_[i].line, begin);
        }))
      step_sections.clear();
    ojson steps = ojson::array();
    std::vector<std::optional<DurationMention>> stated;
    if (!step_sections.empty()) {
      // The change before numbered headings that only check it is read first, as blocks without headings.
      const std::size_t lead = change_before_check_headings(step_sections, begin);
      if (lead > begin) steps_from_range(begin, lead, steps, stated);
      const bool parts_numbered = !any_step_word && numbering_starts_again(step_sections);
      std::size_t between = lead;
      for (const std::size_t si : step_sections) {
        const Section& s = sections_[si];
        if (parts_numbered) numbered_lists_between(between, s.heading, steps, stated);
        between = std::max(between, std::min(s.end, end));
        // A numbered section that holds a numbered list ("## 3. Rollback Steps" then "1. Freeze ...",
        // "2. Identify ...") is a part of the document, not one step: its items are the steps.
        if (!is_step_word_title(s.title) && (ordered_items(s.begin, std::min(s.end, end)) >= 2 ||
                                             numbered_groups(s.begin, std::min(s.end, end)) >= 2 ||
                                             !steps_before_change(si).empty() || list_of_checks_part(si))) {
          steps_from_range(s.begin, std::min(s.end, end), steps, stated);
          continue;
        }
        const std::string title = one_line(without_parenthetical(strip_step_prefix(s.title)), 80);
        std::optional<DurationMention> duration;
        for (const auto& d : find_durations(s.title)) {
          if (d.role == DurationMention::Role::Step || d.role == DurationMention::Role::Unknown ||
              d.role == DurationMention::Role::Budget) {
            duration = d;
            break;
          }
        }
        // A check after the heading's last change, in a code block of its own ("Wait until the deployment
        // has settled:" then "aws ecs wait services-stable ..."), is a step of its own.
        const std::size_t check_from = check_after_change(s.begin, std::min(s.end, end));
        auto groups = groups_in(s.begin, check_from);
        // A duration in the content ("Time to Complete: 5-30 minutes") when the title has none.
        for (std::size_t i = s.begin; i < std::min(s.end, end) && !duration; ++i) {
          if (blocks_[i].kind == Block::Kind::Code || blocks_[i].kind == Block::Kind::Heading) continue;
          for (const auto& d : find_durations(blocks_[i].text)) {
            if (d.role == DurationMention::Role::Step) {
              duration = d;
              break;
            }
            report_not_duration(blocks_[i].line, d);
          }
        }
        const auto conditional = lower(s.title);
        const bool conditional_title = has(conditional, "if applicable") || has(conditional, "optional") ||
                                       has(conditional, "if scaled") || has(conditional, "if needed") ||
                                       has(conditional, "if using") || has(conditional, "only if") ||
                                       path_intro(strip_step_prefix(s.title)) == PathIntro::Alternative;
        steps.push_back(step_from_groups(title, s.line,
                                         last_text_line_before(start_line_of(check_from), s.line), groups));
        // A step heading is one step whichever way it is done ("Option A: in the UI", "Option B: with the
        // CLI"): an alternative's command tells what it does, its condition does not make it optional.
        steps.back().erase("when");
        read_failure_handling(steps.back(), s.begin, std::min(s.end, end));
        if (conditional_title) {
          steps.back()["when"] = one_line(strip_step_prefix(s.title), 80);
          note(s.line, Kind::Gate,
               "\"" + title + "\" is conditional (" + one_line(s.title, 60) +
                   "): it runs only when the scenario's \"conditions\" list \"" +
                   steps.back()["when"].get<std::string>() + "\"");
        }
        stated.push_back(duration);
        read_gates(s.begin, std::min(s.end, end));
        if (check_from < std::min(s.end, end)) {
          const Block& lead = blocks_[check_from];
          std::string check_title =
              lead.kind == Block::Kind::Paragraph ? one_line(lead.text, 80) : std::string();
          while (!check_title.empty() && (check_title.back() == ':' || check_title.back() == ' '))
            check_title.pop_back();
          const auto check_groups = groups_in(check_from, std::min(s.end, end));
          if (check_title.empty()) {
            for (const auto& g : check_groups) {
              if (!g.commands.empty() && check_title.empty())
                check_title = one_line(g.commands.front().text, 60);
            }
          }
          const int from = start_line_of(check_from);
          steps.push_back(step_from_groups(check_title, from,
                                           last_text_line_before(start_line_of(std::min(s.end, end)), from),
                                           check_groups));
          if (steps[steps.size() - 2].contains("when"))
            steps.back()["when"] = steps[steps.size() - 2]["when"];
          split_checks_.insert(steps.back()["name"].get<std::string>());
          stated.push_back(std::nullopt);
        }
      }
      if (parts_numbered) numbered_lists_between(between, end, steps, stated);
      if (any_step_word) checks_after_step_headings(step_sections.back(), begin, end, steps, stated);
    } else {
      steps_from_range(begin, end, steps, stated);
    }
    // Nothing else: paragraphs that count their steps ("First, ...", "Second, ...", "Then ...",
    // "Finally, ...") are the steps.
    const bool structured = std::any_of(
        blocks_.begin() + static_cast<std::ptrdiff_t>(std::min(begin, blocks_.size())),
        blocks_.begin() + static_cast<std::ptrdiff_t>(std::min(end, blocks_.size())), [](const Block& b) {
          return b.kind == Block::Kind::Code || (b.kind == Block::Kind::ListItem && b.ordered);
        });
    if (steps.empty() || (!structured && step_sections.empty())) {
      static const std::vector<std::string> ordinals{"first", "second",  "third",   "fourth",
                                                     "fifth", "sixth",   "seventh", "then",
                                                     "next",  "finally", "lastly",  "after that"};
      std::vector<std::size_t> counted;
      for (std::size_t i = begin; i < end && i < blocks_.size(); ++i) {
        if (blocks_[i].kind != Block::Kind::Paragraph || (excluded(i) && !excluded(begin))) continue;
        const std::string t = lower(trim(blocks_[i].text));
        for (const auto& o : ordinals) {
          if (t.rfind(o, 0) == 0 && t.size() > o.size() && (t[o.size()] == ',' || t[o.size()] == ' ')) {
            counted.push_back(i);
            break;
          }
        }
      }
      const std::vector<std::pair<std::size_t, std::size_t>> units = prose_units(begin, end, counted);
      if (units.size() >= 2) {
        if (!steps.empty()) {  // Commands found in the prose: the counted paragraphs hold them.
          for (const auto& st : steps)
            step_names_.erase(st["name"].get<std::string>());
          result_.stats = stats_before;
          result_.notes.resize(notes_before);
          steps = ojson::array();
          stated.clear();
        }
        for (const auto& unit : units) {
          const Block& b = blocks_[unit.first];
          Group g;
          g.line = b.line;
          g.end_line = blocks_[unit.second].end_line;
          for (const std::size_t i : {unit.first, unit.second}) {
            if (i == unit.second && i == unit.first) break;
            const Block& part = blocks_[i];
            for (const auto& code : part.inline_code.empty() ? prose_commands(part.text) : part.inline_code)
              g.commands.push_back({code, part.line, match_command(code), part.end_line});
          }
          std::string title = b.text.substr(0, b.text.find(". "));
          std::optional<DurationMention> duration;
          for (const auto& d : find_durations(b.text)) {
            if (d.role == DurationMention::Role::Step) {
              duration = d;
              break;
            }
          }
          steps.push_back(step_from_groups(one_line(title, 80), b.line, g.end_line, {g}));
          stated.push_back(duration);
        }
      }
    }
    // The follow-up after the incident ("Root cause analysis", "Document lessons learned", "Schedule a
    // blameless review", "Fix the issue and deploy a new version", "Update the runbook") is no step of the
    // procedure, when no command in it changes the system (its action comes from its words at most);
    // filing a ticket is one (it is done now), unless it keeps a record after the last step that changes
    // the system (names_record_keeping: the ticket, the timeline, the report once service is back).
    std::size_t last_change = steps.size();
    for (std::size_t i = 0; i < steps.size(); ++i)
      if (!std::set<std::string>{"verify", "manual", "wait", "notify", "status_page"}.count(
              steps[i]["action"].get<std::string>()) &&
          (steps[i].value("automated", false) || (!names_follow_up(steps[i]["name"].get<std::string>()) &&
                                                  !names_later_work(steps[i]["name"].get<std::string>()))))
        last_change = i;
    for (std::size_t i = 0; i < steps.size();) {
      const std::string a = steps[i]["action"].get<std::string>();
      const std::string name = steps[i]["name"].get<std::string>();
      const bool by_command = steps[i].value("automated", false);
      const bool later = last_change < steps.size() && i > last_change && names_later_work(name);
      const bool record = last_change < steps.size() && i > last_change && names_record_keeping(name);
      if (by_command ||
          (!later && (a == "verify" || a == "status_page" || (!names_follow_up(name) && !record)))) {
        ++i;
        continue;
      }
      drop_step(steps, stated, i, "is the follow-up after the incident, not a step of the procedure");
    }
    // A check before anything changes is a pre-check (of the standby, of the revision to go back to, of
    // the current state), not a go / no-go on the failing service: that one would fail, since the service
    // is failing, and stop the plan before it rolls anything back.
    for (auto& st : steps) {
      const std::string a = st["action"].get<std::string>();
      if (a != "verify" && a != "manual" && a != "wait" && a != "notify" && a != "status_page") break;
      if (a != "verify") continue;
      st["action"] = "manual";
      st.erase("service");
      --result_.stats.steps_mapped;
      ++result_.stats.steps_manual;
      note(st["source"]["line"].get<int>(), Kind::Step,
           "\"" + st["name"].get<std::string>() +
               "\" checks before anything changes: a pre-check (manual), not a verify of the failing service",
           st["source"]["end_line"].get<int>());
    }
    // A step that starts in a section that is an alternative (find_alternative_sections) is on that path,
    // unless the steps read here all lie in it (the level or procedure is that section).
    {
      const int from = start_line_of(begin);
      for (auto& st : steps) {
        if (st.contains("when")) continue;
        const int line = st["source"]["line"].get<int>();
        const AlternativeSection* inner =
            nullptr;  // The innermost path that holds it ("Option B" in "Cutover").
        for (const auto& a : alternative_sections_) {
          if (line >= a.line && line <= a.end_line && !(from >= a.line && from <= a.end_line) &&
              (!inner || a.line > inner->line))
            inner = &a;
        }
        if (inner) st["when"] = inner->when;
      }
    }
    // The same rollback of the same target twice in a row ("Roll back to the previous revision", "Roll back
    // to a specific revision"): the second is another way of doing the first, not a second rollback.
    {
      std::map<std::pair<std::string, std::string>, std::string> done;  // (action, target) -> first step
      for (auto& st : steps) {
        if (st.contains("when")) continue;
        const std::string a = st["action"].get<std::string>();
        if (a != "rollout_undo" && a != "set_image" && a != "db_restore" && a != "db_migrate_down" &&
            a != "pipeline_redeploy" && a != "infra_rollback")
          continue;
        const std::string target = st.value("service", st.value("store", std::string()));
        const auto [it, first] = done.try_emplace({a, target}, st["name"].get<std::string>());
        if (first) continue;
        st["when"] = st["name"];
        note(st["source"]["line"].get<int>(), Kind::Alternative,
             "\"" + st["name"].get<std::string>() + "\" does again what \"" + it->second + "\" did (" + a +
                 " of the same target): another way of doing it, run only when the "
                 "scenario's \"conditions\" list it",
             st["source"]["end_line"].get<int>());
      }
    }
    // A check split off after a change (split_commands) checks that change: on its path, if it is on one.
    for (std::size_t i = 1; i < steps.size(); ++i) {
      if (!steps[i].contains("when") && steps[i - 1].contains("when") &&
          split_checks_.count(steps[i]["name"].get<std::string>()))
        steps[i]["when"] = steps[i - 1]["when"];
    }
    // Every step conditional: the first path is the one that runs by default.
    const bool all_conditional =
        !steps.empty() &&
        std::all_of(steps.begin(), steps.end(), [](const ojson& st) { return st.contains("when"); });
    if (all_conditional) {
      std::string first = steps[0]["when"].get<std::string>();
      for (const auto& st : steps) {
        if (std::any_of(alternative_sections_.begin(), alternative_sections_.end(),
                        [&](const AlternativeSection& a) {
                          return a.by_default && a.when == st["when"].get<std::string>();
                        })) {
          first = st["when"].get<std::string>();
          break;
        }
      }
      for (auto& st : steps) {
        if (st["when"] == first) st.erase("when");
      }
      note(steps[0]["source"]["line"].get<int>(), Kind::Alternative,
           "\"" + first +
               "\": every step here is on an alternative or conditional path; this one runs (the first, or "
               "the usual alert)");
    } else {
      // Every step that changes the system on one of several paths ("If the deployment is bad:", "If the
      // database is corrupted:"), the shared checks and notices on none: one path must run, or nothing
      // would be rolled back. The usual alert's, else the one about a bad release, else the first.
      const auto changes = [](const ojson& st) {
        const std::string a = st["action"].get<std::string>();
        return a != "verify" && a != "wait" && a != "notify" && a != "manual" && a != "status_page";
      };
      std::vector<std::string> paths;
      bool unconditional_change = false;
      for (const auto& st : steps) {
        if (!changes(st)) continue;
        if (!st.contains("when")) {
          unconditional_change = true;
          break;
        }
        const std::string w = st["when"].get<std::string>();
        if (std::find(paths.begin(), paths.end(), w) == paths.end()) paths.push_back(w);
      }
      if (!unconditional_change && paths.size() >= 2) {
        std::string chosen;
        for (const auto& w : paths) {
          if (chosen.empty() &&
              std::any_of(alternative_sections_.begin(), alternative_sections_.end(),
                          [&](const AlternativeSection& a) { return a.by_default && a.when == w; }))
            chosen = w;
        }
        for (const auto& w : paths) {
          if (chosen.empty() && about_bad_release(w)) chosen = w;
        }
        if (chosen.empty()) chosen = paths.front();
        int line = 0;
        for (auto& st : steps) {
          if (!st.contains("when") || st["when"] != chosen) continue;
          if (line == 0) line = st["source"]["line"].get<int>();
          st.erase("when");
        }
        note(line, Kind::Alternative,
             "\"" + chosen +
                 "\": every step that changes the system here is on one of several paths; this one runs (the "
                 "usual alert, else the one about a bad release, else the first)");
      }
    }
    apply_durations(steps, stated);
    check_pairs();
    return steps;
  }

  // The command groups of blocks [begin, end). An alternative ("Option 2", "# OR ...", another platform)
  // or a conditional path ("only if ...") is kept with its condition (`when`): the plan runs it only in
  // a scenario that lists the condition.
  // Whether the bullet list that starts at block `first` holds the steps: a checklist ("- [ ] ...") of which
  // an item carries a command or starts with an instruction, or a plain list most of whose items (at
  // least two) do. Only asked where nothing else gives the procedure (no numbered item, no code).
  bool bullets_are_steps(std::size_t first, std::size_t end) const {
    int items = 0, acting = 0;
    bool task = false;
    for (std::size_t i = first; i < end && i < blocks_.size(); ++i) {
      const Block& b = blocks_[i];
      if (b.kind != Block::Kind::ListItem) break;
      if (b.level != 1) continue;
      ++items;
      task = task || b.task;
      if (acting_item(b)) ++acting;
    }
    return task ? acting >= 1 : acting >= 2 && 3 * acting >= 2 * items;
  }

  // A list item that carries a command or starts with an instruction.
  static bool acting_item(const Block& b) {
    const bool command = std::any_of(b.inline_code.begin(), b.inline_code.end(), [](const std::string& c) {
      return trim(c).find(' ') != std::string::npos && match_command(c).known;
    });
    return command || !prose_commands(b.text).empty() || starts_with_instruction(b.text);
  }

  // A paragraph that only names a platform or a means: "**AWS**", "Google Cloud:", "On Azure:".
  static bool platform_label(const std::string& text) {
    if (text.find('\n') != std::string::npos || text.size() > 40) return false;
    std::string t = trim(text);
    while (!t.empty() && (t.back() == ':' || t.back() == '.'))
      t.pop_back();
    if (t.empty() || std::count(t.begin(), t.end(), ' ') > 3) return false;
    const std::string means = means_of(t);
    return means == "platform" || means == "using" || is_platform_word(lower(t));
  }

  // The section whose own blocks hold block `i` (none: before the first heading).
  std::optional<std::size_t> section_of(std::size_t i) const {
    const auto after = std::upper_bound(sections_.begin(), sections_.end(), i,
                                        [](std::size_t b, const Section& s) { return b < s.heading; });
    if (after == sections_.begin()) return std::nullopt;
    return static_cast<std::size_t>(after - sections_.begin()) - 1;
  }

  // An item that mentions going back while it tells people or keeps a record ("Document the reason for
  // the rollback in the incident ticket", "Notify #releases that a rollback is starting"): no change.
  static bool tells_or_records(const std::string& text) {
    const std::string a = action_from_words(text.substr(0, text.find('\n')));
    return a == "manual" || a == "notify" || a == "status_page";
  }

  // A section after the change, titled as an instruction to tell people or to check or watch ("Tell
  // people it is done", "Verify system stability for an hour"), written only in prose (no list, no code,
  // no command, no sub-section): one step, named by its title. `i`: the section's heading block.
  bool prose_step_section(std::size_t i) {
    const auto k = section_of(i);
    if (!k || sections_[*k].heading != i || last_sub_[*k] != *k) return false;
    const Section& s = sections_[*k];
    if (is_step_title(s.title) || !starts_with_instruction(s.title)) return false;
    const std::string first = lower(s.title.substr(0, s.title.find(' ')));
    if (!names_communication(s.title) && checks_title(s.title) != 1 && first != "wait" && first != "watch")
      return false;
    bool prose = false;
    for (std::size_t j = s.begin; j < s.end && j < blocks_.size(); ++j) {
      const Block& b = blocks_[j];
      if (b.kind != Block::Kind::Paragraph) return false;
      for (const auto& code : b.inline_code)
        if (trim(code).find(' ') != std::string::npos && match_command(code).known) return false;
      prose = true;
    }
    return prose && change_before(i);
  }

  static constexpr std::size_t kNoList = static_cast<std::size_t>(-1);

  // The list of checks at block `first` states the criteria of success ("Success criteria", a checklist
  // said to be for after the change): the conditions together are one check, not a step each.
  // A list of at least two boxes each of which states what must hold, with no command and no instruction
  // ("- [ ] Application reachable", "- [ ] 健康检查通过"): under a title about checking, one check.
  bool boxed_states(std::size_t first) const {
    const auto items = list_items(first);
    if (items.size() < 2) return false;
    for (const std::size_t i : items) {
      const Block& b = blocks_[i];
      // A program named in the state ("Docker services up") is what to look at, not a command to run.
      if (!(b.task || checkbox_text(b.text)) || !b.inline_code.empty() || starts_with_instruction(b.text))
        return false;
    }
    return true;
  }

  bool one_check_list(std::size_t first) const {
    const auto k = section_of(first);
    if (!k) return false;
    const std::string& title = sections_[*k].title;
    if (checks_title(title) == 1 && (names_success_criteria(title) || has(lower(title), "checklist")))
      return true;
    return boxed_states(first) && (under_checks_title(*k) || checks_title(title) == 1);
  }

  // A numbered section titled as a part rather than an action ("4. Success criteria", "5. After the
  // failover", "6. Verification"), whose own text is a bullet list of checks or of instructions after the
  // change and no code: its items are the steps, as a numbered list's would be.
  bool list_of_checks_part(std::size_t k) const {
    const Section& s = sections_[k];
    if (is_step_word_title(s.title) || starts_with_instruction(strip_step_prefix(s.title))) return false;
    // Follow-up stays one step; a list of boxes beside the procedure restates it.
    if (has(" " + lower(s.title) + " ", "follow-up") || has(" " + lower(s.title) + " ", "follow up"))
      return false;
    for (std::size_t i = s.begin; i < s.end && i < blocks_.size(); ++i) {
      const Block& b = blocks_[i];
      if (b.kind == Block::Kind::Heading || b.kind == Block::Kind::Code) return false;
      if (b.kind == Block::Kind::ListItem)
        return !b.ordered && !b.task && !checkbox_text(b.text) && list_items(i).size() >= 2 &&
               checks_after_change(i) > 0;
    }
    return false;
  }

  // The list that starts at block `first` is a checklist (at least two items with boxes) that restates
  // the change: one of its items goes back or carries a command that changes the system.
  bool restating_checklist(std::size_t first) const {
    int boxes = 0;
    bool change = false;
    for (std::size_t i = first; i < blocks_.size() && blocks_[i].kind == Block::Kind::ListItem; ++i) {
      const Block& b = blocks_[i];
      if (b.task || checkbox_text(b.text)) ++boxes;
      change = change || (names_going_back(b.text) && !tells_or_records(b.text));
      for (const auto& code : b.inline_code) {
        const auto m = match_command(code);
        change = change || takes_action(m);
      }
    }
    return boxes >= 2 && change;
  }

  // A title about the end of the incident: telling people ("Communication", "Notify stakeholders") or
  // closing it ("Closing the incident", "Wrap-up") is the time after going back (2); the criteria of
  // success ("Success criteria") are checks (1). `w`: the title's words, lower case.
  static int closing_title(const std::vector<std::string>& w, const std::string& title) {
    if (names_success_criteria(title)) return 1;
    static const std::set<std::string> closing{"closing",  "close", "wrap-up",
                                               "wrapping", "wrap",  "resolution"};
    return names_communication(title) || closing.count(w.front()) ? 2 : 0;
  }

  // A title that places its part an hour or more after the change ("Within 1-24 h", "Long term (1-7
  // days)"): watching over hours or days is follow-up, not the procedure that ends the incident.
  // A title about checking written in another language than English ("Vérifications après rollback",
  // "Verificación", "Überprüfung", "Controllo", "确认回滚完成", "動作確認"): the stems of checking, verifying
  // and confirming in French, Spanish, Portuguese, German, Italian, Chinese, Japanese and Korean. Not one
  // about the time before ("avant", "antes", "vor dem", "之前"), which prepares the change.
  static bool later_window(const std::string& title) {
    // "1-24 h", "1-7 jours", "2-7 días", "1-7 Tage", "1-7天": a number or a range, then a unit of hours or
    // days.
    const std::string t = lower(title);
    static const std::set<std::string> hours{"h",     "hr",     "hrs",    "hour",    "hours", "hora", "horas",
                                             "heure", "heures", "stunde", "stunden", "ore",   "小时", "時間"};
    static const std::set<std::string> days{"day",     "days",  "jour",   "jours",   "día",      "días",
                                            "dia",     "dias",  "tag",    "tage",    "tagen",    "giorno",
                                            "giorni",  "week",  "weeks",  "semaine", "semaines", "semana",
                                            "semanas", "woche", "wochen", "天",      "日",       "周"};
    for (std::size_t i = 0; i < t.size();) {
      if (!std::isdigit(static_cast<unsigned char>(t[i]))) {
        ++i;
        continue;
      }
      const int first = std::atoi(t.c_str() + i);
      // Past the number, a second one after a dash ("1-24"), and spaces.
      std::size_t j = i;
      while (j < t.size() && (std::isdigit(static_cast<unsigned char>(t[j])) || t[j] == '-' || t[j] == ' '))
        ++j;
      i = j;
      std::string unit;  // Letters (or one CJK character of three bytes) after the number.
      while (j < t.size() &&
             (std::isalpha(static_cast<unsigned char>(t[j])) || static_cast<unsigned char>(t[j]) >= 0x80) &&
             !(unit.size() >= 3 && static_cast<unsigned char>(unit[0]) >= 0xE0 &&
               hours.count(unit) + days.count(unit)))
        unit += t[j++];
      if (days.count(unit) || (hours.count(unit) && first >= 1)) return true;
    }
    const auto found = find_durations(title);
    return std::any_of(found.begin(), found.end(), [](const DurationMention& d) {
      return d.form != DurationMention::Form::UpperBound && d.min_s >= 3600;
    });
  }

  static bool checking_in_other_language(const std::string& t) {
    static const char* const before[] = {"avant", "antes", "prima ", "vor dem", "vor der",
                                         "之前",  "前的",  "事前",   "이전"};
    for (const char* b : before)
      if (has(t, b)) return false;
    static const char* const stems[] = {
        "vérif",  "verificaci", "verificaç", "verificar", "verifiz", "comprob",  "überprüf", "prüfung",
        "prüfen", "contrôl",    "controllo", "kontroll",  "validaç", "validaci", "convalid", "验证",
        "确认",   "检查",       "核对",      "確認",      "検証",    "확인",     "검증"};
    for (const char* st : stems)
      if (has(t, st)) return true;
    return false;
  }

  // A title that is about checking or about the time after going back, as its head: "Verification",
  // "Verify the service", "Rollback validation", "Post-rollback", "After the rollback", "Afterwards". Not
  // a checklist (which restates the procedure's own check), not before ("Pre-rollback checks"), and not a
  // title that only mentions checking ("Stripe webhook signature verification breaks").
  // 1: about checking; 2: about the time after going back; 0: neither.
  static int checks_title(const std::string& title) {
    std::string t = lower(strip_step_prefix(without_parenthetical(title)));
    if (checking_in_other_language(t) && !later_window(title)) return 1;
    std::vector<std::string> w;
    std::string word;
    for (const char c : t + " ") {
      if (std::isalnum(static_cast<unsigned char>(c)) || c == '-') {
        word += c;
      } else if (!word.empty()) {
        w.push_back(word);
        word.clear();
      }
    }
    if (w.empty() || w.size() > 6) return 0;
    // A checklist said to be for after the change ("Verification checklist after the restore") is its check.
    const bool after = std::any_of(w.begin(), w.end(), [](const std::string& x) { return x == "after"; });
    for (const auto& x : w) {
      if ((x == "checklist" && !after) || x == "before" || x == "prior" || x.rfind("pre-", 0) == 0) return 0;
    }
    if (const int end = closing_title(w, title)) return end;
    static const std::set<std::string> head{
        "verify", "verifying", "verification", "validate", "validating", "validation", "check",
        "checks", "checking",  "confirm",      "health",   "smoke",      "monitor",    "monitoring"};
    if (head.count(w.front()) || w.back() == "verification" || w.back() == "validation" ||
        w.back() == "checks" || w.back() == "check")
      return 1;
    if (w.front() == "after" || w.front() == "afterwards" || w.front() == "once" ||
        w.front().rfind("post-", 0) == 0)
      return 2;
    return 0;
  }

  // The bullet list at block `first` is the checks after the change: its section's title names checking
  // or the time after going back ("Verification", "After the rollback", "Post-rollback"; not "Pre-rollback
  // checklist"), and the section's own text has no numbered item and no code (which would be its steps).
  // 1: a section about checking; 2: about the time after going back (a list of instructions); 0: neither.
  int checks_after_change(std::size_t first) const {
    const auto k = section_of(first);
    if (!k) return false;
    const Section& s = sections_[*k];
    const int kind = checks_title(s.title) != 0                      ? checks_title(s.title)
                     : under_checks_title(*k) && boxed_states(first) ? 1
                                                                     : 0;
    if (kind == 0) return 0;
    for (std::size_t i = s.begin; i < s.end && i < blocks_.size(); ++i) {
      const Block& b = blocks_[i];
      if (b.kind == Block::Kind::Heading) break;
      if (b.kind == Block::Kind::Code || (b.kind == Block::Kind::ListItem && b.ordered)) return 0;
    }
    // After going back, only a list of instructions is the end of the procedure ("Notify stakeholders",
    // "Confirm service stability"); obligations for later ("Incident post-mortem in ...") are not.
    return kind == 1 || bullets_are_steps(first, s.end) ? kind : 0;
  }

  // --- Lists and checklists: which are steps (docs/runbook-import.md, "Lists and checklists").

  // A command that changes the system being restored: no look, wait, manual action or message to people.
  static bool changes_service(const CommandMatch& m) {
    return takes_action(m) && m.action != "verify" && m.action != "wait" && m.action != "notify" &&
           m.action != "status_page";
  }

  // Whether a block read for steps before block `i` changes the system: `i` is then after the change.
  bool change_before(std::size_t i) { return change_between(0, i); }

  // Whether a block read for steps in [from, to) changes the system.
  bool change_between(std::size_t from, std::size_t to) {
    for (std::size_t j = from; j < to && j < blocks_.size(); ++j) {
      if (excluded(j)) continue;
      if (blocks_[j].kind == Block::Kind::Code) {
        for (const auto& g : groups_of(j)) {
          for (const auto& c : g.commands) {
            if (changes_service(c.match)) return true;
          }
        }
        continue;
      }
      // Inline, only a command with arguments: a bare address or name ("`https://blue.example`") is none.
      for (const auto& code : blocks_[j].inline_code) {
        if (trim(code).find(' ') != std::string::npos && changes_service(match_command(code))) return true;
      }
    }
    return false;
  }

  // The level-1 items of the list that starts at block `first`.
  std::vector<std::size_t> list_items(std::size_t first) const {
    std::vector<std::size_t> items;
    for (std::size_t i = first; i < blocks_.size(); ++i) {
      const Block& b = blocks_[i];
      if (b.kind == Block::Kind::ListItem) {
        if (b.level == 1) items.push_back(i);
        continue;
      }
      // A code block or paragraph indented under an item belongs to it; anything else ends the list.
      if (b.kind == Block::Kind::Heading || items.empty() || end_line_of(i) > item_end_line(items.back()))
        break;
    }
    return items;
  }

  // Whether list item `i` has a body: deeper items or a code block nested in it (how to do it, where to
  // write what was found).
  bool has_body(std::size_t i) const {
    return i + 1 < blocks_.size() && blocks_[i + 1].line > blocks_[i].end_line &&
           end_line_of(i + 1) <= item_end_line(i);
  }

  // A checklist of things to do before the change: at least two items, each with a box, each an
  // instruction ("Notify #incidents", "Screenshot the dashboards"), a command, or a heading of its own
  // over a body ("**Team notified**" over the channel and the message), and nothing before the list has
  // changed the system, nor does an item. A list of states without a body ("Previous version confirmed",
  // "Backups available") is what must hold before starting: prerequisites, no steps.
  bool checklist_before_change(std::size_t first) {
    const auto items = list_items(first);
    if (items.size() < 2) return false;
    for (const std::size_t i : items) {
      const Block& b = blocks_[i];
      if (!(b.task || checkbox_text(b.text)) || b.ordered) return false;
      if (!acting_item(b) && !has_body(i)) return false;
      for (const auto& code : b.inline_code) {
        if (changes_service(match_command(code))) return false;  // The change itself: the procedure.
      }
    }
    return !change_before(first);
  }

  // A numbered list of at least two questions ("Is /health returning 5xx?", "Did the errors start with
  // the deploy?") before the change: the triage the responder does first, one step per question.
  bool questions_before_change(std::size_t first) {
    const auto items = list_items(first);
    if (items.size() < 2) return false;
    for (const std::size_t i : items) {
      const Block& b = blocks_[i];
      const std::string head = trim(b.text.substr(0, b.text.find('\n')));
      const std::size_t stop = head.find_first_of(".!?");
      if (!b.ordered || stop == std::string::npos || head[stop] != '?') return false;
    }
    return !change_before(first);
  }

  // Whether the title of section `k` or of a section above it names going back or the time before it
  // ("Pre-rollback checklist", "Before rolling back", "Immediate actions").
  bool under_before_title(std::size_t k) const {
    for (std::optional<std::size_t> p = k; p; p = parent_[*p]) {
      const std::string t = " " + lower(sections_[*p].title) + " ";
      if (names_going_back(sections_[*p].title) || has(t, "before") || has(t, "pre-") || has(t, "immediate"))
        return true;
    }
    return false;
  }

  // A section that classify_sections would leave out (a form to fill in, prerequisites, questions read as
  // a description) is read for steps when its own blocks open with a checklist of things to do before
  // the change under a title about going back or the time before it, or with a numbered list of triage
  // questions before the change. Returns why, or "" when it is left out.
  std::string steps_before_change(std::size_t k) {
    const Section& s = sections_[k];
    for (std::size_t i = s.heading + 1; i < s.end && i < blocks_.size(); ++i) {
      const Block& b = blocks_[i];
      if (b.kind == Block::Kind::Heading) break;
      if (b.kind != Block::Kind::ListItem || b.level != 1) continue;
      if (!b.ordered && under_before_title(k) && checklist_before_change(i))
        return "a checklist of things to do before the change";
      if (b.ordered && questions_before_change(i)) return "triage questions to answer before the change";
      return "";
    }
    return "";
  }

  // A line that says something is done: its last word a participle ("Rollback script executed
  // successfully", "Terraform state snapshot captured") though its first may read as a verb or a program.
  static bool done_state(const std::string& text) {
    const auto w = content_words(text.substr(0, text.find('\n')));
    std::string last = lower(trim(text.substr(0, text.find('\n'))));
    while (!last.empty() && !std::isalpha(static_cast<unsigned char>(last.back())))
      last.pop_back();
    last = last.substr(last.find_last_of(' ') == std::string::npos ? 0 : last.find_last_of(' ') + 1);
    if (last == "successfully" || last == "summary") {
      const std::string t = lower(text);
      return has(t, "ed successfully") || has(t, "ed with");
    }
    static const std::set<std::string> done{"done", "complete", "sent", "run", "taken", "written"};
    return !w.empty() &&
           (done.count(last) > 0 || (last.size() > 4 && last.compare(last.size() - 2, 2, "ed") == 0));
  }

  // Whether the section's parent is titled as checking ("## Verification after the rollback", then
  // "### Immediately", "### Within 15 minutes"): its sub-sections are checks, whatever their own titles.
  bool under_checks_title(std::size_t k) const {
    return parent_[k] && checks_title(sections_[*parent_[k]].title) == 1 && !later_window(sections_[k].title);
  }

  // A section without sub-sections, after a procedure, whose own text is a boxed list of at least two
  // one-line states, none an instruction or a command ("Rollback script executed successfully",
  // "Stakeholders notified"), under a title that is not about checking: a record of what is done.
  bool done_record(std::size_t k) {
    const Section& s = sections_[k];
    if (last_sub_[k] != k || checks_title(s.title) == 1 || under_checks_title(k)) return false;
    std::optional<std::size_t> first;
    for (std::size_t i = s.heading + 1; i < s.end && i < blocks_.size(); ++i) {
      if (blocks_[i].kind == Block::Kind::ListItem) {
        first = i;
        break;
      }
    }
    if (!first) return false;
    // After a procedure: code or a numbered item read for steps before it (the change may be a script
    // the catalogue does not know).
    bool after = false;
    for (std::size_t j = 0; j < s.heading && !after; ++j) {
      after = !excluded(j) && (blocks_[j].kind == Block::Kind::Code ||
                               (blocks_[j].kind == Block::Kind::ListItem && blocks_[j].ordered));
    }
    if (!after) return false;
    const auto items = list_items(*first);
    if (items.size() < 2) return false;
    for (const std::size_t i : items) {
      const Block& b = blocks_[i];
      if (!(b.task || checkbox_text(b.text)) || !b.inline_code.empty() || has_body(i)) return false;
      if (acting_item(b) && !done_state(b.text)) return false;
    }
    // Nothing else in the section but the list and a closing remark.
    for (std::size_t i = s.heading + 1; i < s.end && i < blocks_.size(); ++i) {
      if (blocks_[i].kind == Block::Kind::Code || blocks_[i].kind == Block::Kind::TableRow) return false;
    }
    return true;
  }

  // Step headings chosen in [begin, end): a section before the first of them that opens with a checklist
  // of things to do before the change, or with triage questions, is a part of the procedure too (its
  // items are steps), though its heading is no step heading ("### Evidence capture" before "### Step 1").
  void add_checklists_before(std::size_t begin, std::size_t end, std::vector<std::size_t>& step_sections) {
    if (step_sections.empty()) return;
    const std::size_t first = step_sections.front();
    for (std::size_t k = 0; k < first; ++k) {
      const Section& s = sections_[k];
      if (s.heading < begin || s.heading >= end || (excluded(s.heading) && !excluded(begin))) continue;
      // Only a checklist right before the step headings joins them: a part between the two that changes
      // the system (a recommended script, an automated way) is the procedure the checklist prepares, and
      // the step headings after it another way.
      if (!steps_before_change(k).empty() && !change_between(s.end, sections_[first].heading))
        step_sections.push_back(k);
    }
    std::sort(step_sections.begin(), step_sections.end());
  }

  // The words of a text of three letters or more, lower case.
  static std::set<std::string> content_words(const std::string& text) {
    std::set<std::string> out;
    std::string w;
    for (const char c : lower(text) + " ") {
      if (std::isalnum(static_cast<unsigned char>(c))) {
        w += c;
      } else {
        if (w.size() >= 3) out.insert(w);
        w.clear();
      }
    }
    return out;
  }

  // How many of the words of `text` (three letters or more, a few fillers aside) are in `seen`, of how many.
  static std::pair<int, int> words_in(const std::string& text, const std::set<std::string>& seen) {
    static const std::set<std::string> filler{"the", "for",  "and",  "then", "its",
                                              "all", "with", "from", "into"};
    int words = 0, known = 0;
    for (const auto& w : content_words(text)) {
      if (filler.count(w)) continue;
      ++words;
      if (seen.count(w)) ++known;
    }
    return {known, words};
  }

  // The words of a group's title and commands.
  static std::set<std::string> group_words(const Group& g) {
    std::set<std::string> out = content_words(g.comment);
    for (const auto& c : g.commands) {
      for (const auto& w : content_words(c.text))
        out.insert(w);
    }
    return out;
  }

  // A list after the change that restates the steps already read ("In short: 1. Undo the rollout. 2. Wait
  // for it."): at least two items, none with a command or a body, at least half of the words of each
  // (three letters or more) in the titles or commands of the steps before it, and one of them restating
  // the change itself (half of its words in one step that changes the system). A list of checks after
  // the change names what to look at, not the change: it stays.
  bool restates_steps(std::size_t first, const std::vector<Group>& before) {
    const auto items = list_items(first);
    if (items.size() < 2 || !change_before(first)) return false;
    std::set<std::string> seen;
    std::vector<std::set<std::string>> changes;
    for (const auto& g : before) {
      if (!g.when.empty()) continue;
      const auto words = group_words(g);
      seen.insert(words.begin(), words.end());
      if (std::any_of(g.commands.begin(), g.commands.end(),
                      [](const Command& c) { return changes_service(c.match); }))
        changes.push_back(words);
    }
    bool change = false;
    for (const std::size_t i : items) {
      const Block& b = blocks_[i];
      if (has_body(i) || !b.inline_code.empty() || !prose_commands(b.text).empty()) return false;
      const auto [known, words] = words_in(b.text, seen);
      if (words == 0 || 2 * known < words) return false;
      for (const auto& c : changes) {
        const auto [in_change, all] = words_in(b.text, c);
        change = change || 2 * in_change >= all;
      }
    }
    return change;
  }

  std::vector<Group> groups_in(std::size_t begin, std::size_t end) {
    std::vector<Group> groups;
    std::string when;  // The path the blocks belong to ("": the main one).
    int when_depth = 7;
    // Nothing numbered and no code in the document's procedure: bullet lists that read as instructions
    // are the steps (a checklist beside a procedure restates it).
    bool structured = false;
    for (std::size_t i = 0; i < blocks_.size() && !structured; ++i) {
      if (excluded(i)) continue;
      structured = blocks_[i].kind == Block::Kind::Code ||
                   (blocks_[i].kind == Block::Kind::ListItem && blocks_[i].ordered && blocks_[i].level == 1);
    }
    bool bullet_steps = false;
    bool checks = false;         // The bullets of a section of checks after the change: each is a step.
    std::size_t one_check =
        kNoList;                 // ... but for criteria of success: the list is one check (its first item).
    bool restating = false;      // A checklist that restates the procedure: no step.
    bool listed_before = false;  // Things to do, or triage questions, before the change: each item a step
                                 // (as `check`: even without a command).
    bool platform_seen = false;  // A lead-in naming a platform ("**AWS**") seen since the last heading.
    bool platform_when = false;  // `when` was set by such a lead-in (not by a condition).
    int described_to = 0;  // A list that describes what happens ("Expected sequence:") ends on this line.
    for (std::size_t i = begin; i < end && i < blocks_.size(); ++i) {
      const Block& b = blocks_[i];
      if (excluded(i) && !excluded(begin)) continue;
      if (b.line <= described_to) continue;
      if (b.kind == Block::Kind::ListItem && b.level == 1 && i > 0 &&
          blocks_[i - 1].kind == Block::Kind::Paragraph && announces_description(blocks_[i - 1].text)) {
        for (std::size_t j = i; j < blocks_.size() && blocks_[j].kind == Block::Kind::ListItem; ++j) {
          if (blocks_[j].level == 1) described_to = std::max(described_to, item_end_line(j));
        }
        note(b.line, Kind::NotStep,
             "the list after \"" + one_line(blocks_[i - 1].text, 50) +
                 "\" describes what happens, not steps to take",
             described_to);
        continue;
      }
      if (b.kind != Block::Kind::ListItem) {
        bullet_steps = false;
        checks = false;
        one_check = kNoList;
        restating = false;
        listed_before = false;
      } else if (b.level == 1 && (i == begin || blocks_[i - 1].kind != Block::Kind::ListItem)) {
        restating = structured && restating_checklist(i);
        checks = structured && !b.ordered && !restating && checks_after_change(i) > 0;
        bullet_steps = checks || (!structured && !b.ordered && bullets_are_steps(i, end));
        listed_before =
            structured && !checks && (b.ordered ? questions_before_change(i) : checklist_before_change(i));
        restating = !listed_before && (restating || (structured && b.ordered && restates_steps(i, groups)));
        bullet_steps = bullet_steps || listed_before;
        one_check = checks && one_check_list(i) ? i : kNoList;
      }
      if (restating && b.kind == Block::Kind::ListItem) continue;
      // In a plain bullet list of instructions, a remark between them ("The nightly job is unaffected")
      // is no step; every item of a checklist, and every check after the change, is one.
      if (b.kind == Block::Kind::ListItem && b.level == 1 &&
          (b.ordered || (bullet_steps && (b.task || checks || acting_item(b))))) {
        // A numbered item is a step: its inline commands (or commands in its prose) and the code blocks
        // nested in it.
        Group g;
        g.comment = one_line(without_parenthetical(b.text.substr(0, b.text.find('\n'))), 80);
        g.line = b.line;
        g.end_line = item_end_line(i);
        g.when = when;
        g.item = i;
        g.check = checks || listed_before;
        g.verification = checks && checks_after_change(i) == 1;
        // An item that opens with its own condition ("Only if the release ran a migration: revert it",
        // "If using the CDN, purge it") is on that condition's path.
        if (const PathIntro own = path_intro(b.text);
            own == PathIntro::Condition || own == PathIntro::Alternative) {
          std::string condition = b.text.substr(0, std::min(b.text.find_first_of(":\n"), b.text.find(", ")));
          g.when = one_line(condition, 80);
          note(b.line, Kind::Alternative,
               "\"" + g.when +
                   "\" is a condition of its own: the step runs only when the scenario's \"conditions\" list "
                   "it");
        }
        const std::vector<std::string> commands =
            b.inline_code.empty() ? prose_commands(b.text) : b.inline_code;
        for (const auto& code : commands)
          g.commands.push_back({code, b.line, match_command(code), b.end_line});
        std::size_t j = i + 1;
        for (; j < end && j < blocks_.size() && end_line_of(j) <= g.end_line && blocks_[j].line > b.line;
             ++j) {
          if (blocks_[j].kind == Block::Kind::Code) {
            for (const auto& inner : groups_of(j))
              g.commands.insert(g.commands.end(), inner.commands.begin(), inner.commands.end());
          } else if (blocks_[j].kind == Block::Kind::ListItem) {
            for (const auto& code : blocks_[j].inline_code) {
              const auto m = match_command(code);
              // Under an item of a list before the change, a bare address ("URL: `https://blue...`") is
              // where to look, not a command.
              if (listed_before && trim(code).find(' ') == std::string::npos) continue;
              if (m.known && !m.action.empty())
                g.commands.push_back({code, blocks_[j].line, m, blocks_[j].end_line});
            }
          }
        }
        // "1. Turn the flag off for production:" followed by a code block that is not indented under it:
        // the item introduces the code, which is its command.
        const std::string item_text = trim(b.text);
        if (g.commands.empty() && !item_text.empty() && item_text.back() == ':' && j < end &&
            j < blocks_.size() && blocks_[j].kind == Block::Kind::Code &&
            !(excluded(j) && !excluded(begin))) {
          for (const auto& inner : groups_of(j))
            g.commands.insert(g.commands.end(), inner.commands.begin(), inner.commands.end());
          g.end_line = end_line_of(j);
          ++j;
        }
        i = j - 1;
        if (one_check != kNoList && i > one_check && !groups.empty() &&
            groups.back().line == blocks_[one_check].line) {
          groups.back().end_line = g.end_line;  // A further criterion of the one check.
          groups.back().commands.insert(groups.back().commands.end(), g.commands.begin(), g.commands.end());
          continue;
        }
        groups.push_back(std::move(g));
        continue;
      }
      if (b.kind == Block::Kind::ListItem) {
        // A bullet's commands, on its own condition if it states one ("... (if applicable)").
        const PathIntro intro = path_intro(b.text);
        const std::string item_when =
            intro == PathIntro::Alternative || intro == PathIntro::Condition ? one_line(b.text, 80) : when;
        for (const auto& code : b.inline_code.empty() ? prose_commands(b.text) : b.inline_code) {
          const auto m = match_command(code);
          if (!m.action.empty() && m.known && !m.observes)
            groups.push_back(Group{"",
                                   b.line,
                                   {{code, b.line, m, b.end_line}},
                                   false,
                                   false,
                                   item_when,
                                   b.end_line,
                                   std::nullopt});
        }
        continue;
      }
      if (b.kind == Block::Kind::Heading) platform_seen = false;
      // A checklist written as lines with boxes ("☐ Incident announced", "☐ `heroku rollback` done")
      // beside a procedure restates it: its commands are no steps.
      if (b.kind == Block::Kind::Paragraph && structured && checkbox_text(b.text)) continue;
      // A short lead-in that names a platform ("**AWS**", "Google Cloud:", "On Azure:") before the
      // commands for it: the first is the main path, each later one another way of doing the same.
      if (b.kind == Block::Kind::Heading) platform_when = false;
      // (A condition in force, "If data was corrupted:", stays: a platform within it does not lift it.)
      if (b.kind == Block::Kind::Paragraph && platform_label(b.text) && (when.empty() || platform_when)) {
        if (platform_seen) {
          when = one_line(b.text, 40);
          while (!when.empty() && (when.back() == ':' || when.back() == '*'))
            when.pop_back();
          when_depth = 7;
          platform_when = true;
          note(b.line, Kind::Alternative,
               "\"" + when +
                   "\" is another platform than the first one here: its steps run only when the "
                   "scenario's \"conditions\" list it");
        }
        platform_seen = true;
        continue;
      }
      if (b.kind == Block::Kind::Paragraph || b.kind == Block::Kind::Heading) {
        PathIntro intro = b.kind == Block::Kind::Heading && situation_main_lines_.count(b.line)
                              ? PathIntro::First
                              : path_intro(b.text);
        // A heading that states a condition ("If Consul is unavailable") after the procedure has made a
        // change: its steps are on that path. Before any change, it names the situation of the procedure.
        if (intro == PathIntro::None && b.kind == Block::Kind::Heading &&
            lower(trim(strip_step_prefix(b.text))).rfind("if ", 0) == 0 &&
            std::any_of(groups.begin(), groups.end(), [](const Group& g) {
              return g.when.empty() &&
                     std::any_of(g.commands.begin(), g.commands.end(), [](const Command& c) {
                       return c.match.known && !c.match.action.empty() && c.match.action != "manual" &&
                              !c.match.observes;
                     });
            }))
          intro = PathIntro::Condition;
        // "The release did not change the schema. If it did, restore the snapshot first:": the sentence
        // that leads into the code states its condition, though the paragraph opens otherwise.
        std::string intro_text = b.text;
        if (intro == PathIntro::None && b.kind == Block::Kind::Paragraph) {
          const std::string last = last_sentence(b.text);
          if (!last.empty() && last.size() < b.text.size()) {
            const PathIntro own = path_intro(last);
            if (own == PathIntro::Condition || own == PathIntro::Alternative) {
              intro = own;
              intro_text = last;
            }
          }
        }
        if (intro == PathIntro::Alternative || intro == PathIntro::Condition) {
          when = one_line(intro_text.substr(0, intro_text.find('\n')), 80);
          while (!when.empty() && (when.back() == ':' || when.back() == '*'))
            when.pop_back();
          when_depth = b.kind == Block::Kind::Heading ? b.level : 7;
          const bool noted = std::any_of(alternative_sections_.begin(), alternative_sections_.end(),
                                         [&](const AlternativeSection& a) { return a.line == b.line; });
          if (!noted)
            note(b.line, Kind::Alternative,
                 "\"" + when + "\" is " +
                     (intro == PathIntro::Alternative ? "an alternative" : "a condition") +
                     ": its steps run only when the scenario's \"conditions\" list it");
        } else if (intro == PathIntro::First) {
          when.clear();
        } else if (b.kind == Block::Kind::Heading && b.level <= when_depth) {
          when.clear();
        }
        if (b.kind == Block::Kind::Heading && prose_step_section(i)) {
          // One step named by the title; or, when each of several paragraphs gives an instruction ("Open
          // the health page and confirm ...", "Post a resolved note on the status page ..."), one each.
          const Section& s = sections_[*section_of(i)];
          bool each = s.end - s.begin >= 2;
          for (std::size_t j = s.begin; j < s.end && each; ++j)
            each = starts_with_instruction(blocks_[j].text);
          for (std::size_t j = each ? s.begin : i; j < (each ? s.end : i + 1); ++j) {
            Group g;
            g.comment = one_line(
                each ? blocks_[j].text.substr(0, blocks_[j].text.find(". ")) : strip_step_prefix(b.text), 80);
            g.line = blocks_[j].line;
            g.end_line = each ? blocks_[j].end_line : end_line_of(s.end - 1);
            g.when = when;
            g.item = j;
            g.verification = each && checks_title(s.title) == 1;
            groups.push_back(std::move(g));
          }
          i = s.end - 1;
          continue;
        }
        std::vector<std::string> commands = b.inline_code;
        if (b.inline_code.empty()) commands = prose_commands(b.text);
        // "Repeat on book-2 once book-1 answers", "Repeat steps 2-4 for the EU region", "Do the same in
        // us-east-1": a paragraph that runs again what came before, on another target, is a step of its
        // own (on the path in force) after a change.
        if (b.kind == Block::Kind::Paragraph && repeats_before(b.text) &&
            std::any_of(groups.begin(), groups.end(),
                        [](const Group& g) {
                          return std::any_of(g.commands.begin(), g.commands.end(), [](const Command& c) {
                            return c.match.known && !c.match.observes && !c.match.action.empty() &&
                                   c.match.action != "manual";
                          });
                        }) &&
            std::none_of(commands.begin(), commands.end(), [](const std::string& c) {
              return trim(c).find(' ') != std::string::npos && match_command(c).known;
            })) {
          Group g;
          g.comment = one_line(b.text, 80);
          g.line = b.line;
          g.end_line = b.end_line;
          g.when = when;
          g.item = i;
          groups.push_back(std::move(g));
          continue;
        }
        // "If the output looks right, remove `--dry-run` and execute": the command just shown, without
        // that option, is a step of its own (commands.hpp, option_dropped_to_run).
        if (const std::string option =
                b.kind == Block::Kind::Paragraph && !groups.empty() && !groups.back().commands.empty()
                    ? option_dropped_to_run(b.text)
                    : std::string();
            !option.empty()) {
          const std::string rerun = without_option(groups.back().commands.back().text, option);
          const auto m = match_command(rerun);
          if (rerun != groups.back().commands.back().text && m.known && !m.observes) {
            groups.push_back(Group{one_line(rerun, 40) + " (without " + option + ")",
                                   b.line,
                                   {{rerun, b.line, m, b.end_line}},
                                   false,
                                   false,
                                   when,
                                   b.end_line,
                                   std::nullopt});
            continue;
          }
        }
        // Lines of commands written without a fence ("kubectl rollout undo ...", "kubectl get pods" on lines
        // of their own) are read as a code block: one step per change, its checks apart.
        if (b.kind == Block::Kind::Paragraph) {
          if (auto unfenced = unfenced_block(b); !unfenced.empty()) {
            for (auto& g : unfenced) {
              g.when = when;
              groups.push_back(std::move(g));
            }
            continue;
          }
          if (auto checks = unfenced_checks(i); !checks.empty()) {
            for (auto& g : checks) {
              g.when = when;
              groups.push_back(std::move(g));
            }
            continue;
          }
        }
        for (const auto& code : commands) {  // Commands written inline in prose.
          // A program's bare name ("you need `helm` 3.x") is no command: a command has arguments.
          if (trim(code).find(' ') == std::string::npos) continue;
          const auto m = match_command(code);
          if (!m.action.empty() && m.known && !m.observes) {
            Group g{"",         b.line,      {{code, b.line, m, b.end_line}}, false, false, when,
                    b.end_line, std::nullopt};
            groups.push_back(std::move(g));
          }
        }
        continue;
      }
      if (b.kind != Block::Kind::Code) continue;
      for (const auto& g : groups_of(i)) {
        Group copy = g;
        copy.when = when;
        if (g.alternative) {
          copy.when = one_line(g.comment.empty() ? g.commands.front().text : g.comment, 80);
          note(g.line, Kind::Alternative,
               "\"" + copy.when +
                   "\" is an alternative to the commands before it: it runs only when the scenario's "
                   "\"conditions\" list it");
        } else if (g.conditional && !g.commands.empty()) {
          copy.when = one_line(strip_step_prefix(g.comment), 80);
          note(g.line, Kind::Alternative,
               "\"" + copy.when +
                   "\" states its condition: it runs only when the scenario's \"conditions\" list it");
        }
        groups.push_back(std::move(copy));
      }
    }
    return groups;
  }

  // A step's own failure handling, where the plan format can say it: "Retry: Step 3 after ..." is one
  // more attempt (the count is assumed); a "No-Go" that waits on people ("investigate", "manual
  // intervention", "reassess") blocks the plan, one that says escalate escalates, abort/stop aborts,
  // and continue/proceed goes on.
  void read_failure_handling(ojson& step, std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end && i < blocks_.size(); ++i) {
      const Block& b = blocks_[i];
      if (b.kind != Block::Kind::ListItem && b.kind != Block::Kind::Paragraph) continue;
      std::string t = trim(lower(b.text));
      while (!t.empty() && (t[0] == '*' || t[0] == '_'))
        t.erase(0, 1);
      if (t.rfind("retry", 0) == 0 && !step.contains("retries")) {
        step["retries"] = 1;
        add_assumed(step, "retries");
        note(b.line, Kind::Gate,
             "\"" + step["name"].get<std::string>() + "\" is retried once (\"" + one_line(b.text, 60) +
                 "\"; the number of retries is assumed)");
      } else if ((t.rfind("no-go", 0) == 0 || t.rfind("no go", 0) == 0) && !step.contains("on_failure")) {
        std::string on_failure;
        if (has(t, "escalat"))
          on_failure = "escalate";
        else if (has(t, "abort") || has(t, "stop") || has(t, "halt"))
          on_failure = "abort";
        else if (has(t, "continue") || has(t, "proceed anyway") || has(t, "skip"))
          on_failure = "continue";
        else if (has(t, "investigate") || has(t, "manual") || has(t, "reassess") || has(t, "gather") ||
                 has(t, "wait") || has(t, "approv") || has(t, "complete"))
          on_failure = "block";
        if (on_failure.empty() || (on_failure == "escalate" && last_level_)) continue;
        step["on_failure"] = on_failure;
        note(b.line, Kind::Gate,
             "\"" + step["name"].get<std::string>() + "\": go / no-go \"" + one_line(b.text, 60) +
                 "\" -> on_failure " + on_failure);
      }
    }
  }

  static void add_assumed(ojson& step, const std::string& key) {
    if (!step.contains("assumed")) step["assumed"] = ojson::array();
    step["assumed"].push_back(key);
  }

  // An import always loads: a step that no path gave a duration (a level standing for itself, a correction
  // that changed the action) takes its action's default, marked assumed.
  void assure_durations() {
    if (!result_.plan.contains("levels")) return;
    for (auto& level : result_.plan["levels"]) {
      if (!level.contains("steps")) continue;
      for (auto& step : level["steps"]) {
        if (step.contains("duration")) continue;
        const std::string action = step.value("action", std::string("manual"));
        step["duration"] = default_duration_s(action);
        add_assumed(step, "duration");
        const int line = step.contains("source") ? step["source"].value("line", 0) : 0;
        note(line, Kind::DefaultDuration,
             "\"" + step.value("name", std::string()) + "\" has no time estimate: " +
                 std::to_string(static_cast<int>(default_duration_s(action))) + " s assumed");
      }
    }
  }

  // Gates: "if the health check fails: STOP", approvals.
  void read_gates(std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end && i < blocks_.size(); ++i) {
      if (blocks_[i].kind == Block::Kind::Code || blocks_[i].kind == Block::Kind::Heading) continue;
      const std::string t = lower(blocks_[i].text);
      if ((has(t, "stop") || has(t, "abort") || has(t, "do not proceed") || has(t, "halt")) &&
          has(t, "if ")) {
        note(blocks_[i].line, Kind::Gate, "go / no-go: \"" + one_line(blocks_[i].text, 70) + "\"");
      } else if (has(t, "approv") || has(t, "sign-off") || has(t, "sign off")) {
        note(blocks_[i].line, Kind::Gate, "approval: \"" + one_line(blocks_[i].text, 70) + "\"");
      }
    }
  }

  void report_not_duration(int line, const DurationMention& d) {
    if (d.role == DurationMention::Role::Step || d.role == DurationMention::Role::Unknown ||
        d.role == DurationMention::Role::Budget)
      return;
    note(line, Kind::NotDuration, "\"" + d.text + "\" is a " + to_string(d.role) + ", not a step's duration");
  }

  ojson make_step(const std::string& name, const std::string& action, int line, int end_line,
                  const std::optional<CommandMatch>& m) {
    const std::string base = name.empty() ? "Step" : name;
    std::string unique = base;
    // The next free "name (n)": counted per name, so that many equal names stay linear.
    for (int& n = name_counts_[base]; !step_names_.insert(unique).second;)
      unique = base + " (" + std::to_string(++n + 1) + ")";
    ojson step{{"name", unique}, {"action", action}};
    const std::string target = m ? m->target : "";
    if (action == "rollout_undo" || action == "pipeline_redeploy") {
      step["service"] = use_service(target);
    } else if (action == "set_image") {
      step["service"] = use_service(target);
      step["to"] = "stable";  // In a rollback runbook the image set is the previous one.
    } else if (action == "scale") {
      step["service"] = use_service(target);
      step["version"] = rolled_back_ ? "stable" : "new";
      step["replicas"] = m && m->replicas ? *m->replicas : 0;
    } else if (action == "restore_config" || action == "verify") {
      step["service"] = use_service(target);
    } else if (action == "shift_traffic") {
      step["service"] = use_service(target);
      step["weights"] = {{"stable", 1}, {"new", 0}};
    } else if (action == "maintenance_mode") {
      step["service"] = use_service(target);
      step["on"] = !has(lower(name), "disable") && !has(lower(name), "off") && !has(lower(name), "exit");
    } else if (action == "db_restore" || action == "db_migrate_down") {
      step["store"] = use_store(m ? m->store : "");
      if (action == "db_restore" && m && m->point_in_time) step["point_in_time"] = true;
      if (action == "db_migrate_down") add_unique(result_.migrated_stores, step["store"].get<std::string>());
    } else if (action == "disable_flag") {
      // Without a name of its own, the flag the document already turns off (one fault, one flag).
      step["flag"] = m && !m->flag.empty() && !is_placeholder(m->flag) ? sanitize_name(m->flag)
                     : result_.flags.empty()                           ? std::string("feature")
                                                                       : result_.flags.front();
      add_unique(result_.flags, step["flag"].get<std::string>());
    }
    if (action == "rollout_undo" || action == "set_image" || action == "pipeline_redeploy")
      rolled_back_ = true;
    result_.step_line[unique] = line;
    result_.step_end_line[unique] = std::max(line, end_line);
    step["source"] = {{"line", line}, {"end_line", std::max(line, end_line)}};
    return step;
  }

  // A step from the command groups under it: the most significant command decides the action.
  ojson step_from_groups(const std::string& title, int line, int end_line, const std::vector<Group>& groups) {
    const Command* primary = nullptr;
    bool observes = false;
    // Commands of the main path decide; an alternative's decide only when the step has nothing else, and
    // then the step is the alternative's, with its condition.
    const bool any_main = std::any_of(groups.begin(), groups.end(),
                                      [](const Group& g) { return g.when.empty() && !g.commands.empty(); });
    std::string when;
    for (const auto& g : groups) {
      if (!g.commands.empty() && !g.when.empty()) {
        if (any_main) continue;
        if (when.empty()) when = g.when;
        if (g.when != when) continue;
      }
      for (const auto& c : g.commands) {
        for (const auto& p : c.match.placeholders)
          note(c.line, Kind::Placeholder,
               p + " in \"" + one_line(c.text, 60) + "\" is left to fill in: not taken as a value");
        if (!c.match.known) {
          note(c.line, Kind::UnknownCommand, "\"" + one_line(c.text, 70) + "\": not in the catalogue");
          continue;
        }
        if (c.match.observes || c.match.action.empty()) {
          observes = observes || c.match.observes;  // Preparation (cd, echo, export) reads nothing.
          continue;
        }
        if (!primary || action_rank(c.match.action) < action_rank(primary->match.action)) primary = &c;
        if (!c.match.undone_by.empty()) pending_pairs_.push_back({c.line, c.match.undone_by, c.text});
      }
    }
    primary = command_before_a_pause(groups, primary);
    std::string action;
    const std::string t = lower(title);
    // A command decides over the title: "Enable Maintenance Mode" whose only command posts on the status
    // page announces the maintenance, it does not turn a maintenance page on (every request would fail).
    // A command whose effect the catalogue cannot tell gives way to the step's words when they name a
    // change ("Start PostgreSQL; it replays WAL" over `systemctl start`), or a check made by a request to
    // the service ("Send a test webhook" over a POST to an unknown URL); not to a check by an interactive
    // shell, which tests nothing by itself.
    std::string words =
        primary && primary->match.action != "manual" ? std::string() : action_from_words(title, observes);
    if (words == "manual" || (primary && words == "verify" && primary->match.tool != "curl")) words.clear();
    if (primary && words == "restore_config" && starts_what_was_stopped(primary->match)) words.clear();
    if (primary && (primary->match.action != "manual" || words.empty())) {
      action = primary->match.action;
    } else {
      action = words.empty() ? "manual" : words;  // The catalogue's reading of the step's words.
    }
    if (names_a_freeze(t)) action = "manual";  // A sync or revert that carries a freeze runs nothing new.
    ojson step = make_step(title, action, line, end_line,
                           primary ? std::optional<CommandMatch>(primary->match) : std::nullopt);
    if (action == "manual") {
      ++result_.stats.steps_manual;
      note(line, Kind::ManualStep,
           "\"" + step["name"].get<std::string>() + "\": manual (no command the catalogue maps)", end_line);
    } else if (action == "notify" || action == "status_page" || action == "wait") {
      ++result_.stats.steps_manual;
      note(line, Kind::Step, "\"" + step["name"].get<std::string>() + "\" -> " + action + " (time only)",
           end_line);
    } else {
      ++result_.stats.steps_mapped;
      note(line, Kind::Step,
           "\"" + step["name"].get<std::string>() + "\" -> " + action +
               (primary ? " (" + one_line(primary->text, 50) + ")" : " (from its title)"),
           end_line);
    }
    ++result_.stats.steps_found;
    if (action != "manual") step["automated"] = primary != nullptr;
    // A step with no command on an alternative or conditional path (a numbered item under "Option 2")
    // is on that path all the same.
    if (when.empty() && !any_main) {
      for (const auto& g : groups) {
        if (!g.when.empty()) {
          when = g.when;
          break;
        }
      }
    }
    if (!when.empty()) step["when"] = when;
    return step;
  }

  // Stated durations: a chain of ranges where each starts where the previous ended ("(0-1 minute)",
  // "(1-3 minutes)", "(3-5 minutes)") is a schedule, so each step takes the difference.
  void apply_durations(ojson& steps, std::vector<std::optional<DurationMention>>& stated) {
    // Steps without an estimate neither make nor break the chain.
    int stated_count = 0;
    bool chain = true;
    double previous_end = 0;
    for (std::size_t i = 0; i < stated.size() && chain; ++i) {
      if (!stated[i]) continue;
      const auto& d = *stated[i];
      const bool point_at_end =
          d.form == DurationMention::Form::Point && std::abs(d.max_s - previous_end) < 1e-9;
      if (d.form != DurationMention::Form::Range && !point_at_end)
        chain = false;
      else if (stated_count > 0 && std::abs(d.min_s - previous_end) > 1e-9 && !point_at_end)
        chain = false;
      previous_end = d.max_s;
      ++stated_count;
    }
    chain = chain && stated_count >= 2;
    for (std::size_t i = 0; i < steps.size(); ++i) {
      ojson& step = steps[i];
      const std::string action = step["action"].get<std::string>();
      const int line = result_.step_line[step["name"].get<std::string>()];
      if (i >= stated.size() || !stated[i]) {
        step["duration"] = default_duration_s(action);
        add_assumed(step, "duration");
        note(line, Kind::DefaultDuration,
             "\"" + step["name"].get<std::string>() + "\" has no time estimate: " +
                 std::to_string(static_cast<int>(default_duration_s(action))) + " s assumed");
        continue;
      }
      DurationMention d = *stated[i];
      if (chain) {
        const double length = d.max_s - d.min_s;
        d.form = DurationMention::Form::Point;
        d.min_s = d.max_s = length;
      }
      result_.stated_s[step["name"].get<std::string>()] = mean_of(d);
      if (simulated_effect(action)) {
        step["duration"] = default_duration_s(action);
        note(line, Kind::Step,
             "\"" + step["name"].get<std::string>() + "\": the runbook allows " +
                 (chain ? std::to_string(static_cast<int>(d.max_s)) + " s" : stated[i]->text) +
                 "; the simulated " + action + " takes what it takes");
        continue;
      }
      step["duration"] = distribution_of(d);
    }
  }

  // A command that must be undone later (pause -> resume), with no undo after it in its level.
  void check_pairs() {
    for (const auto& pair : pending_pairs_) {
      bool undone = false;
      for (const auto& b : blocks_) {
        if (b.kind != Block::Kind::Code || b.line <= pair.line) continue;
        if (has(lower(b.text), lower(pair.undo).substr(0, std::min<std::size_t>(pair.undo.size(), 40))))
          undone = true;
      }
      note(pair.line, Kind::Pair,
           "\"" + one_line(pair.text, 50) + "\" must be undone by \"" + pair.undo + "\"" +
               (undone ? " (it is, later)" : ": nothing later undoes it"));
    }
    pending_pairs_.clear();
  }

  struct PendingPair {
    int line;
    std::string undo;
    std::string text;
  };

  std::vector<Block> blocks_;
  std::string_view sidecar_;
  std::vector<std::optional<std::size_t>> parent_;        // Each section's parent section (build_sections).
  std::vector<std::size_t> last_sub_;                     // Each section's last sub-section (itself if none).
  std::map<std::size_t, Aside> asides_;                   // Sections beside the way back (find_asides).
  std::vector<AlternativeSection> alternative_sections_;  // find_alternative_sections.
  bool exercise_ = false;                                 // The document is an exercise (exercise_document).
  std::set<int>
      situation_main_lines_;  // Headings of the situation that is the procedure ("Scenario 2: ...").
  std::set<std::size_t> level_sections_;     // The sections that are levels (build_levels).
  std::size_t other_operation_witness_ = 0;  // The section about going back (other_operation).
  std::vector<bool> excluded_;               // Blocks of sections that are not procedure (classify_sections).
  std::vector<std::string_view> lines_;      // The source's lines (lines_[0] is line 1).
  std::vector<Section> sections_;
  std::map<std::size_t, std::vector<Group>> groups_;  // By code block index (groups_of).
  std::set<std::size_t> shown_output_;                // Code blocks of output shown (output_shown).
  std::set<std::string> split_checks_;  // Steps that are the check after a change (split_commands).
  ImportResult result_;
  std::string main_service_ = "app";
  std::set<std::string> step_names_;
  std::map<std::string, int> name_counts_;
  std::map<int, std::string> level_names_;
  std::vector<ojson> pending_rules_;
  std::vector<PendingPair> pending_pairs_;
  bool rolled_back_ = false;
  bool last_level_ = true;  // The steps being read are in the plan's last level (no level to escalate to).
};

}  // namespace

ImportResult import_runbook(std::string_view markdown, std::string_view sidecar) {
  return Importer(markdown, sidecar).run();
}

std::string sidecar_path(const std::string& runbook_file) {
  const auto slash = runbook_file.find_last_of("/\\");
  const auto dot = runbook_file.rfind('.');
  const bool has_extension = dot != std::string::npos && (slash == std::string::npos || dot > slash + 1);
  return (has_extension ? runbook_file.substr(0, dot) : runbook_file) + ".drillsim.json";
}

std::string format_import_report(const ImportResult& result, const std::string& file) {
  std::ostringstream out;
  out << "Imported " << file << ": \"" << result.title << "\"\n";
  out << "  " << result.plan["levels"].size() << " level(s), " << result.stats.steps_found
      << " steps: " << result.stats.steps_mapped << " mapped to actions, " << result.stats.steps_manual
      << " manual or time-only\n";
  out << "  " << result.alerts.size() << " alert rule(s) and " << result.probes.size()
      << " health check(s) from triggers; " << result.objectives.size() << " RTO/RPO row(s); "
      << (result.decision.contains("rules") ? result.decision["rules"].size() : 0) << " decision rule(s)\n";
  const auto list = [](const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names)
      out += (out.empty() ? "" : ", ") + n;
    return out.empty() ? std::string("none") : out;
  };
  // What a scenario must declare for the plan to load.
  out << "  services the plan names: " << list(result.services) << "\n";
  out << "  stores the plan names: " << list(result.stores);
  if (!result.migrated_stores.empty())
    out << " (with a migration to revert: " << list(result.migrated_stores) << ")";
  out << "\n";
  if (!result.flags.empty()) out << "  feature flags the plan turns off: " << list(result.flags) << "\n";
  int assumed = 0;
  for (const auto& n : result.notes)
    assumed += n.kind == Kind::DefaultDuration ? 1 : 0;
  if (assumed > 0)
    out << "  assumed: " << assumed
        << " step duration(s), the default of their action (\"assumed\": [\"duration\"])\n";
  std::map<Kind, int> counts;
  for (const auto& n : result.notes)
    ++counts[n.kind];
  for (const auto& [kind, count] : counts)
    out << "  " << to_string(kind) << ": " << count << "\n";
  out << "\n";
  for (const auto& n : result.notes) {
    out << file << ":" << n.line;
    if (n.end_line > n.line) out << "-" << n.end_line;
    out << ": " << to_string(n.kind) << ": " << n.text << "\n";
  }
  return out.str();
}

nlohmann::ordered_json import_to_json(const ImportResult& result) {
  ojson doc{{"title", result.title}, {"plan", result.plan}};
  doc["detection"] = {{"alerts", result.alerts},
                      {"probes", result.probes},
                      {"smoke_tests", result.smoke_tests},
                      {"integrity_checks", result.integrity_checks},
                      {"complaints", result.complaints}};
  doc["objectives"] = result.objectives;
  doc["decision"] = result.decision;
  doc["named"] = {{"services", result.services},
                  {"stores", result.stores},
                  {"migrated_stores", result.migrated_stores},
                  {"flags", result.flags}};
  ojson notes = ojson::array();
  for (const auto& n : result.notes)
    notes.push_back({{"line", n.line},
                     {"end_line", std::max(n.line, n.end_line)},
                     {"kind", to_string(n.kind)},
                     {"text", n.text}});
  doc["notes"] = std::move(notes);
  doc["stats"] = {{"steps_found", result.stats.steps_found},
                  {"steps_mapped", result.stats.steps_mapped},
                  {"steps_manual", result.stats.steps_manual}};
  return doc;
}

}  // namespace drillsim::runbook
