// Whole scripts shown as files (docs/runbook-import.md, "Whole scripts").
#include "runbook/scripts.hpp"

#include <array>
#include <cctype>
#include <sstream>
#include <vector>

#include "runbook/text.hpp"

namespace drillsim::runbook {
namespace {

bool name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == '.';
}

// The words of a line, split at blanks and backticks.
std::vector<std::string> tokens(std::string_view line) {
  std::vector<std::string> out;
  std::string current;
  for (const char c : line) {
    if (c == ' ' || c == '\t' || c == '`') {
      if (!current.empty()) out.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  if (!current.empty()) out.push_back(current);
  return out;
}

// A comment line's text without its markers: "# === 1. Stop MySQL ===" -> "1. Stop MySQL".
std::string comment_text(std::string_view line) {
  std::string t = trim(line);
  std::size_t b = 0;
  while (b < t.size() && (t[b] == '#' || t[b] == '=' || t[b] == '-' || t[b] == ' ' || t[b] == '*'))
    ++b;
  std::size_t e = t.size();
  while (e > b &&
         (t[e - 1] == '#' || t[e - 1] == '=' || t[e - 1] == '-' || t[e - 1] == ' ' || t[e - 1] == '*'))
    --e;
  return t.substr(b, e - b);
}

// Whether a line holds `c` outside single or double quotes.
bool unquoted(std::string_view line, char c) {
  char quote = 0;
  for (const char ch : line) {
    if (quote != 0) {
      if (ch == quote) quote = 0;
    } else if (ch == '"' || ch == '\'') {
      quote = ch;
    } else if (ch == c) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::string script_name_in(std::string_view text) {
  const std::string t = lower(text);
  for (const char* ext : {".sh", ".bash", ".ps1", ".zsh"}) {
    const std::string_view e(ext);
    for (std::size_t at = t.find(e); at != std::string::npos; at = t.find(e, at + 1)) {
      const std::size_t end = at + e.size();
      if (end < t.size() && name_char(t[end]) && t[end] != '.') continue;  // ".shtml", ".sha256"
      if (at == 0 || !name_char(t[at - 1]) || t[at - 1] == '.') continue;
      std::size_t b = at;
      while (b > 0 && name_char(t[b - 1]))
        --b;
      return std::string(text.substr(b, end - b));
    }
  }
  return {};
}

ScriptFile script_file(std::string_view info, std::string_view text, std::string_view lead_in) {
  ScriptFile f;
  const std::string lang = lower(trim(info.substr(0, info.find_first_of(" {"))));
  static const std::array<const char*, 10> shells{"",    "bash", "sh",  "shell", "zsh",
                                                  "ksh", "dash", "ps1", "pwsh",  "powershell"};
  bool shell = false;
  for (const char* s : shells)
    shell = shell || lang == s;
  if (!shell) return f;
  std::istringstream in{std::string(text)};
  bool first = true;
  bool named_first = false;
  int comments = 0;
  for (std::string raw; std::getline(in, raw);) {
    const std::string t = trim(raw);
    if (t.empty()) continue;
    if (first && t.rfind("#!", 0) == 0) {
      f.whole = true;
      first = false;
      continue;
    }
    if (t[0] != '#') break;  // The header comments end at the first command.
    const std::string c = comment_text(t);
    ++comments;
    if (c.empty()) continue;
    const std::string name = script_name_in(c);
    if (f.name.empty() && !name.empty()) {
      f.name = name;
      const std::string lc = lower(c);
      // "# validate-backups.sh - TN-98", "# File: health.sh": the comment opens with the file's name.
      named_first = comments == 1 && (lc.rfind(lower(name), 0) == 0 || lc.rfind("file:", 0) == 0 ||
                                      lc.rfind("filename:", 0) == 0 || lc.rfind("script:", 0) == 0);
      std::string rest = trim(c.substr(c.find(name) + name.size()));
      while (!rest.empty() && (rest[0] == ':' || rest[0] == '-' || rest[0] == ' '))
        rest.erase(0, 1);
      if (f.about.empty() && rest.size() > 3) f.about = rest;
    } else if (f.about.empty()) {
      f.about = c;
    }
    first = false;
    if (comments >= 4) break;
  }
  if (named_first) f.whole = true;
  const std::string lead = lower(lead_in);
  const std::string lead_name = script_name_in(lead_in);
  if (!lead_name.empty() && (has(lead, "save") || has(lead, "create") || has(lead, "file:") ||
                             has(lead, "filename") || has(lead, "write"))) {
    f.whole = true;
    if (f.name.empty()) f.name = lead_name;
  }
  if (!f.whole) f.name.clear();
  return f;
}

bool names_tool(std::string_view words) {
  const std::string t = lower(words);
  for (const char* w : {"health", "validat", "monitor", "audit", "report", "automat", "auto-", "cron",
                        "watchdog", "scheduled", "not by hand", "runs by itself", "run by itself"})
    if (has(t, w)) return true;
  return false;
}

bool runs_script(std::string_view line, std::string_view name) {
  if (name.empty()) return false;
  const std::string want = lower(name);
  const std::vector<std::string> words = tokens(lower(line));
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (w.size() < want.size() || w.compare(w.size() - want.size(), want.size(), want) != 0) {
      // A trailing colon, comma or parenthesis after the name: "./failover.sh:".
      std::string bare = w;
      while (!bare.empty() &&
             (bare.back() == ':' || bare.back() == ',' || bare.back() == ')' || bare.back() == '.'))
        bare.pop_back();
      if (bare.size() < want.size() || bare.compare(bare.size() - want.size(), want.size(), want) != 0)
        continue;
    }
    const std::string prev = i > 0 ? words[i - 1] : std::string();
    for (const char* not_run : {"chmod", "+x", "cp", "mv", "cat", "vi", "vim", "nano", "edit", "as", "to",
                                "save", "create", "open", "less", "scp", "curl", "wget", "-o"})
      if (prev == not_run) return false;
    if (w.rfind("./", 0) == 0 || w.rfind("../", 0) == 0 || w.rfind("~/", 0) == 0) return true;
    for (const char* runner :
         {"bash", "sh", "zsh", "source", ".", "pwsh", "powershell", "sudo", "exec", "run"})
      if (prev == runner) return true;
  }
  return false;
}

bool repeats_steps_above(std::string_view lead_in) {
  const std::string t = lower(lead_in);
  if (has(t, "step") && (has(t, "above") || has(t, "earlier") || has(t, "outlined") || has(t, "previous")))
    return true;
  return has(t, "same") && has(t, "above");
}

bool scaffolding_line(std::string_view line) {
  const std::string t = trim(line);
  if (t.empty() || t.rfind("#!", 0) == 0) return true;
  const std::vector<std::string> words = tokens(t);
  const std::string first = words.empty() ? std::string() : words.front();
  if (first == "echo" || first == "printf" || first == "log" || first.rfind("log_", 0) == 0 ||
      first == "write-host")
    return !unquoted(t, '>') && !unquoted(t, '|');
  if (first == "set" && words.size() > 1 && (words[1][0] == '-' || words[1][0] == '+')) return true;
  for (const char* end : {"exit", "fi", "done", "esac", "}", "{", "else", "then", "return"})
    if (first == end) return true;
  if (first == "function" || (t.find("()") != std::string::npos && t.back() == '{') ||
      (t.find("()") != std::string::npos && t.find("()") < t.find(' ')))
    return true;
  // A variable set to a literal: NAME=value, export NAME=value; not NAME=$(command).
  std::string assign = t;
  for (const char* kw : {"export ", "local ", "readonly ", "declare "})
    if (assign.rfind(kw, 0) == 0) assign = trim(assign.substr(std::string_view(kw).size()));
  std::size_t n = 0;
  while (n < assign.size() && (std::isalnum(static_cast<unsigned char>(assign[n])) != 0 || assign[n] == '_'))
    ++n;
  if (n > 0 && n < assign.size() && assign[n] == '=' &&
      std::isdigit(static_cast<unsigned char>(assign[0])) == 0) {
    const std::string value = assign.substr(n + 1);
    if (value.find("$(") != std::string::npos || value.find('`') != std::string::npos) return false;
    // Nothing after the value: `A=1 command` runs the command.
    return tokens(value).size() <= 1 || value.front() == '"' || value.front() == '(';
  }
  return false;
}

bool names_catalogue(std::string_view title) {
  const std::string t = lower(title);
  for (const char* w : {"verif", "validat", "confirm", "smoke", "test", "health", "check"})
    if (has(t, w)) return false;
  for (const char* w : {"monitor", "observ", "watch", "follow", "logs", "debug", "inspect", "diagnos",
                        "useful commands", "handy commands", "common commands"})
    if (has(t, w)) return true;
  return false;
}

}  // namespace drillsim::runbook
