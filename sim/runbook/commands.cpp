#include "runbook/commands.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <optional>

// The catalogue is a table of (program, sub-command words) -> action, read after a small shell-like
// tokenizer has taken the line apart: quotes, `$(...)`, `&&` / `||` / `;` / `|` chains, comments,
// prompts ("$ "), wrappers (sudo, env, watch, bash -c) and variable assignments. What a table cannot say
// (the target of `kubectl scale`, whether `psql -c` only reads, which flag a curl turns off) is in the
// few `refine_*` functions after it.
//
// Decisions worth knowing (docs/runbook-import.md lists them for users):
//  - A chain runs its first meaningful command: `cd src && python manage.py migrate app 0042` is the
//    migration; commands that only prepare (cd, export, echo) or only observe give way to one that acts.
//  - `kubectl apply -f` restores configuration when the file names a config map, secret or config
//    ("configmap-backup.yaml"), shifts traffic for an ingress / route / virtual service, puts back what
//    ran before when the name says it is a kept copy ("deployment-previous.yaml" a rollout_undo,
//    "rules-known-good.yaml" a restore_config), and is manual otherwise (a manifest can hold anything).
//  - `docker compose up` is a rollout_undo: in a rollback runbook it redeploys the pinned previous image.
//  - `git revert/checkout/push/tag` stay manual: what a push deploys depends on a pipeline we cannot see.
//  - `psql -c` with a read-only query (SELECT, \d) verifies; with a write or DDL, or interactively, it is
//    manual; `psql -f <backup/dump>.sql` restores.
//  - Scripts (`./scripts/rollback.sh`, `npm run rollback`, `make rollback`) are not known: their effect
//    is whatever the script does.

namespace drillsim::runbook {

namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_upper(char c) {
  return c >= 'A' && c <= 'Z';
}
bool is_ident(char c) {
  return is_alpha(c) || is_digit(c) || c == '_';
}
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}
char lower(char c) {
  return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string lowered(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    c = lower(c);
  return out;
}

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// ---- Placeholders -------------------------------------------------------------------------------------

// The length of a placeholder starting at `i`, or 0.
std::size_t placeholder_at(std::string_view s, std::size_t i) {
  const std::size_t n = s.size();
  const char c = s[i];
  // <previous-version>, <PREVIOUS_TAG>, <Describe reason>: not "<<EOF", "< file" nor "<= 5".
  if (c == '<' && i + 1 < n && is_alpha(s[i + 1]) && (i == 0 || s[i - 1] != '<')) {
    for (std::size_t k = i + 1; k < n && k < i + 48; ++k) {
      if (s[k] == '>') return k + 1 - i;
      if (!is_ident(s[k]) && s[k] != '-' && s[k] != ' ' && s[k] != '.' && s[k] != ':') return 0;
    }
    return 0;
  }
  // [DOMAIN], [Brief description]: not "[ -z ... ]", "[0]" nor a Markdown link "[text](url)".
  if (c == '[' && i + 1 < n && is_alpha(s[i + 1])) {
    for (std::size_t k = i + 1; k < n && k < i + 48; ++k) {
      if (s[k] == ']') return (k + 1 < n && s[k + 1] == '(') ? 0 : k + 1 - i;
      if (!is_ident(s[k]) && s[k] != '-' && s[k] != ' ') return 0;
    }
    return 0;
  }
  // ${VAR}, $VAR; not $(command), $1 or $?.
  if (c == '$' && i + 1 < n) {
    if (s[i + 1] == '{') {
      const std::size_t close = s.find('}', i + 2);
      return close == std::string_view::npos || close > i + 64 ? 0 : close + 1 - i;
    }
    if (is_alpha(s[i + 1]) || s[i + 1] == '_') {
      std::size_t k = i + 1;
      while (k < n && is_ident(s[k]))
        ++k;
      return k - i;
    }
    return 0;
  }
  // {{var}}; not Go templates ("{{.Repository}}").
  if (c == '{' && i + 2 < n && s[i + 1] == '{') {
    std::size_t k = i + 2;
    while (k < n && s[k] == ' ')
      ++k;
    if (k >= n || !is_alpha(s[k])) return 0;
    const std::size_t close = s.find("}}", k);
    return close == std::string_view::npos || close > i + 64 ? 0 : close + 2 - i;
  }
  const bool word_start = i == 0 || !is_ident(s[i - 1]);
  if (!word_start) return 0;
  // ____ (three or more underscores).
  if (c == '_') {
    std::size_t k = i;
    while (k < n && s[k] == '_')
      ++k;
    return k - i >= 3 ? k - i : 0;
  }
  // YOUR_PAGE_ID, YOUR/WEBHOOK/URL, your-domain.
  if ((c == 'Y' || c == 'y') &&
      (s.substr(i, 5) == "YOUR_" || s.substr(i, 5) == "YOUR-" || s.substr(i, 5) == "YOUR/" ||
       s.substr(i, 5) == "your-" || s.substr(i, 5) == "your_" || (s.substr(i, 4) == "YOUR" && i + 4 == n))) {
    std::size_t k = i + 4;
    while (k < n &&
           (is_ident(s[k]) || s[k] == '-' || (c == 'Y' && s[k] == '/' && k + 1 < n && is_upper(s[k + 1]))))
      ++k;
    return k - i;
  }
  // xxx, XXX, TODO, TBD, CHANGEME as whole words.
  std::size_t k = i;
  while (k < n && is_ident(s[k]))
    ++k;
  const std::string word = lowered(s.substr(i, k - i));
  if (word.size() >= 3 && word.find_first_not_of('x') == std::string::npos) return k - i;
  if (word == "todo" || word == "tbd" || word == "changeme" || word == "replace_me" || word == "fixme")
    return k - i;
  return 0;
}

std::vector<std::string> placeholders_in(std::string_view s) {
  std::vector<std::string> found;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t len = placeholder_at(s, i);
    if (len == 0) {
      ++i;
      continue;
    }
    std::string p(s.substr(i, len));
    if (std::find(found.begin(), found.end(), p) == found.end()) found.push_back(std::move(p));
    i += len;
  }
  return found;
}

// ---- Tokens ------------------------------------------------------------------------------------------

struct Token {
  std::string text;     // Quotes removed.
  bool quoted = false;  // Some of it was quoted.
  bool op = false;      // "&&", "||", "|", ";", "&".
};

// Splits a command line as a shell would, closely enough for reading runbooks: quotes group, `$(...)`
// stays one word, an unquoted `#` after a blank starts a comment, operators are tokens of their own.
std::vector<Token> tokenize(std::string_view line) {
  std::vector<Token> tokens;
  Token current;
  bool in_token = false;
  int depth = 0;  // Inside $( ... ).
  const auto flush = [&] {
    if (in_token) tokens.push_back(std::move(current));
    current = Token{};
    in_token = false;
  };
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (depth == 0 && is_space(c)) {
      flush();
      continue;
    }
    if (depth == 0 && c == '#' && !in_token) break;
    if (depth == 0 &&
        (c == '|' || c == ';' || (c == '&' && (i == 0 || (line[i - 1] != '>' && line[i - 1] != '<'))))) {
      flush();
      Token op{std::string(1, c), false, true};
      if (i + 1 < line.size() && line[i + 1] == c && c != ';') op.text += line[++i];
      tokens.push_back(std::move(op));
      continue;
    }
    in_token = true;
    if (c == '\\' && i + 1 < line.size()) {
      current.text += line[++i];
    } else if ((c == '\'' || c == '"') && depth == 0) {
      const std::size_t close = line.find(c, i + 1);
      const std::size_t end = close == std::string_view::npos ? line.size() : close;
      current.text += line.substr(i + 1, end - i - 1);
      current.quoted = true;
      i = end;
    } else {
      if (c == '$' && i + 1 < line.size() && line[i + 1] == '(') {
        ++depth;
        current.text += c;
        current.text += line[++i];
        continue;
      }
      if (c == ')' && depth > 0) --depth;
      current.text += c;
    }
  }
  flush();
  return tokens;
}

bool is_assignment(const Token& t) {
  const std::size_t eq = t.text.find('=');
  if (eq == std::string::npos || eq == 0 || !(is_alpha(t.text[0]) || t.text[0] == '_')) return false;
  for (std::size_t i = 0; i < eq; ++i)
    if (!is_ident(t.text[i])) return false;
  return true;
}

// ---- Arguments ---------------------------------------------------------------------------------------

struct Args {
  std::vector<std::string> positional;
  std::vector<std::pair<std::string, std::string>> flags;  // "--replicas" -> "3"; "" for a switch.
  std::vector<std::string> inner;                          // After a lone "--" (kubectl exec ... -- cmd).
  std::string input;                                       // The file after "<" (input redirection).

  std::optional<std::string> flag(std::initializer_list<std::string_view> names) const {
    for (const auto& [name, value] : flags)
      for (std::string_view n : names)
        if (name == n) return value;
    return std::nullopt;
  }
  bool has(std::initializer_list<std::string_view> names) const { return flag(names).has_value(); }
};

// How a program's options are read: which take a value as the next word. A long option of a cloud CLI
// (aws, gcloud, az) takes one unless it is followed by another option.
struct Syntax {
  std::string_view value_flags;  // Space-separated.
  bool long_flags_take_values = false;
  // Options that take a value only before the sub-command: `docker compose -f x.yml up` but
  // `docker compose logs -f api` (follow).
  std::string_view leading_value_flags = {};
};

bool in_list(std::string_view list, std::string_view word) {
  std::size_t i = 0;
  while (i < list.size()) {
    const std::size_t e = std::min(list.find(' ', i), list.size());
    if (list.substr(i, e - i) == word) return true;
    i = e + 1;
  }
  return false;
}

Args parse_args(const std::vector<Token>& tokens, std::size_t from, const Syntax& syntax) {
  Args args;
  for (std::size_t i = from; i < tokens.size(); ++i) {
    const std::string& t = tokens[i].text;
    if (t == "--" && !tokens[i].quoted) {
      for (++i; i < tokens.size(); ++i)
        args.inner.push_back(tokens[i].text);
      break;
    }
    // Redirections: "> out.txt", "2>&1", "<<EOF"; not a placeholder ("systemctl restart <service>").
    const bool placeholder = t[0] == '<' && t.back() == '>' && placeholder_at(t, 0) == t.size() &&
                             t.find_first_of("./") == std::string::npos;
    if (!tokens[i].quoted && !placeholder &&
        (t[0] == '>' || t[0] == '<' || (t.size() > 1 && is_digit(t[0]) && t[1] == '>'))) {
      if (t == "<" && i + 1 < tokens.size()) args.input = tokens[i + 1].text;
      if (t.size() > 1 && t[0] == '<' && t[1] != '<') args.input = t.substr(1);
      if (t == ">" || t == ">>" || t == "<" || t == "2>") ++i;
      continue;
    }
    if (t.size() > 1 && t[0] == '-' && !tokens[i].quoted && !is_digit(t[1])) {
      const std::size_t eq = t.find('=');
      if (eq != std::string::npos) {
        args.flags.emplace_back(t.substr(0, eq), t.substr(eq + 1));
        continue;
      }
      const bool takes = in_list(syntax.value_flags, t) || (syntax.long_flags_take_values && t[1] == '-') ||
                         (args.positional.empty() && in_list(syntax.leading_value_flags, t));
      if (takes && i + 1 < tokens.size() &&
          !(tokens[i + 1].text.size() > 1 && tokens[i + 1].text[0] == '-')) {
        args.flags.emplace_back(t, tokens[i + 1].text);
        ++i;
      } else {
        args.flags.emplace_back(t, "");
      }
      continue;
    }
    args.positional.push_back(t);
  }
  return args;
}

// ---- The catalogue -----------------------------------------------------------------------------------

enum class TargetFrom {
  None,
  Workload,  // kubectl: deployment/NAME, deploy/NAME, "deployment NAME", statefulset, daemonset, rollout.
  Arg,       // The first positional after the sub-command (helm release, argocd app, compose service).
  Flag,      // A flag's value (`flags` lists them).
};

struct Rule {
  std::string_view tool;   // The program as normalised (see program_of).
  std::string_view words;  // Leading positional words; "" matches any sub-command (the tool's fallback).
  std::string_view action;
  bool observes = false;
  TargetFrom target = TargetFrom::None;
  std::string_view flags = {};  // TargetFrom::Flag: space-separated.
  std::string_view undone_by = {};
};

// Within a tool, longer sub-commands come first; each tool ends with its fallback ("" words): a known
// tool with a sub-command the table does not know is a manual step, not an unknown command.
constexpr Rule kRules[] = {
    // Kubernetes.
    {"kubectl", "rollout undo", "rollout_undo", false, TargetFrom::Workload},
    {"kubectl", "rollout status", "", true, TargetFrom::Workload},
    {"kubectl", "rollout history", "", true, TargetFrom::Workload},
    {"kubectl", "rollout pause", "manual", false, TargetFrom::Workload, {}, "kubectl rollout resume"},
    {"kubectl", "rollout resume", "manual", false, TargetFrom::Workload},
    {"kubectl", "rollout restart", "restore_config", false, TargetFrom::Workload},
    {"kubectl", "argo rollouts undo", "rollout_undo", false, TargetFrom::Arg},
    {"kubectl", "argo rollouts abort", "shift_traffic", false, TargetFrom::Arg},
    {"kubectl", "argo rollouts set image", "set_image", false, TargetFrom::Arg},
    {"kubectl", "argo rollouts get", "", true, TargetFrom::Arg},
    {"kubectl", "argo rollouts status", "", true, TargetFrom::Arg},
    {"kubectl", "argo rollouts list", "", true, TargetFrom::None},
    {"kubectl", "argo rollouts history", "", true, TargetFrom::Arg},
    {"kubectl", "argo rollouts", "manual", false, TargetFrom::Arg},
    {"kubectl", "scale", "scale", false, TargetFrom::Workload},
    {"kubectl", "set image", "set_image", false, TargetFrom::Workload},
    {"kubectl", "set env", "restore_config", false, TargetFrom::Workload},
    // OpenShift's oc is kubectl: a Route's backends weighted, a DeploymentConfig rolled back.
    {"kubectl", "set route-backends", "shift_traffic", false, TargetFrom::Arg},
    {"kubectl", "rollback", "rollout_undo", false, TargetFrom::Workload},
    {"kubectl", "apply", "manual", false, TargetFrom::None},
    {"kubectl", "replace", "manual", false, TargetFrom::None},
    {"kubectl", "delete", "manual", false, TargetFrom::Workload},
    {"kubectl", "cordon", "manual", false, TargetFrom::None, {}, "kubectl uncordon"},
    {"kubectl", "drain", "manual", false, TargetFrom::None, {}, "kubectl uncordon"},
    {"kubectl", "exec", "", true, TargetFrom::Workload},
    {"kubectl", "get", "", true, TargetFrom::Workload},
    {"kubectl", "describe", "", true, TargetFrom::Workload},
    {"kubectl", "logs", "", true, TargetFrom::Workload},
    {"kubectl", "top", "", true, TargetFrom::None},
    {"kubectl", "events", "", true, TargetFrom::None},
    {"kubectl", "wait", "", true, TargetFrom::Workload},
    {"kubectl", "port-forward", "", true, TargetFrom::None},
    {"kubectl", "diff", "", true, TargetFrom::None},
    {"kubectl", "explain", "", true, TargetFrom::None},
    {"kubectl", "version", "", true, TargetFrom::None},
    {"kubectl", "cluster-info", "", true, TargetFrom::None},
    {"kubectl", "auth", "", true, TargetFrom::None},
    {"kubectl", "config", "", false, TargetFrom::None},
    {"kubectl", "patch", "manual", false, TargetFrom::Workload},
    {"kubectl", "", "manual", false, TargetFrom::Workload},
    {"helm", "rollback", "rollout_undo", false, TargetFrom::Arg},
    {"helm", "upgrade", "pipeline_redeploy", false, TargetFrom::Arg},
    {"helm", "history", "", true, TargetFrom::Arg},
    {"helm", "status", "", true, TargetFrom::Arg},
    {"helm", "list", "", true, TargetFrom::None},
    {"helm", "ls", "", true, TargetFrom::None},
    {"helm", "get", "", true, TargetFrom::None},
    {"helm", "diff", "", true, TargetFrom::None},
    {"helm", "repo", "", false, TargetFrom::None},
    {"helm", "", "manual", false, TargetFrom::None},
    {"argocd", "app rollback", "rollout_undo", false, TargetFrom::Arg},
    {"argocd", "app sync", "pipeline_redeploy", false, TargetFrom::Arg},
    {"argocd", "app get", "", true, TargetFrom::Arg},
    {"argocd", "app history", "", true, TargetFrom::Arg},
    {"argocd", "app list", "", true, TargetFrom::None},
    {"argocd", "app wait", "", true, TargetFrom::Arg},
    {"argocd", "app diff", "", true, TargetFrom::Arg},
    {"argocd", "login", "", false, TargetFrom::None},
    {"argocd", "", "manual", false, TargetFrom::None},
    // Containers.
    {"docker compose", "up", "rollout_undo", false, TargetFrom::Arg},
    {"docker compose", "restart", "restore_config", false, TargetFrom::Arg},
    {"docker compose", "ps", "", true, TargetFrom::None},
    {"docker compose", "logs", "", true, TargetFrom::Arg},
    {"docker compose", "images", "", true, TargetFrom::None},
    {"docker compose", "top", "", true, TargetFrom::None},
    {"docker compose", "config", "", true, TargetFrom::None},
    {"docker compose", "exec", "", true, TargetFrom::Arg},
    {"docker compose", "", "manual", false, TargetFrom::None},
    {"docker", "service rollback", "rollout_undo", false, TargetFrom::Arg},
    {"docker", "service update", "set_image", false, TargetFrom::Arg},
    {"docker", "service scale", "scale", false, TargetFrom::None},
    {"docker", "stack deploy", "pipeline_redeploy", false, TargetFrom::None},
    {"docker", "ps", "", true, TargetFrom::None},
    {"docker", "logs", "", true, TargetFrom::None},
    {"docker", "images", "", true, TargetFrom::None},
    {"docker", "inspect", "", true, TargetFrom::None},
    {"docker", "container ls", "", true, TargetFrom::None},
    {"docker", "container inspect", "", true, TargetFrom::None},
    {"docker", "image ls", "", true, TargetFrom::None},
    {"docker", "stats", "", true, TargetFrom::None},
    {"docker", "exec", "", true, TargetFrom::None},
    {"docker", "login", "", false, TargetFrom::None},
    {"docker", "", "manual", false, TargetFrom::None},
    // Pipelines and source control.
    {"gh", "workflow run", "pipeline_redeploy", false, TargetFrom::None},
    {"gh", "run rerun", "pipeline_redeploy", false, TargetFrom::None},
    {"gh", "run watch", "", true, TargetFrom::None},
    {"gh", "run list", "", true, TargetFrom::None},
    {"gh", "run view", "", true, TargetFrom::None},
    {"gh", "workflow list", "", true, TargetFrom::None},
    {"gh", "workflow view", "", true, TargetFrom::None},
    {"gh", "", "manual", false, TargetFrom::None},
    {"git", "log", "", true, TargetFrom::None},
    {"git", "show", "", true, TargetFrom::None},
    {"git", "status", "", true, TargetFrom::None},
    {"git", "diff", "", true, TargetFrom::None},
    {"git", "fetch", "", true, TargetFrom::None},
    {"git", "describe", "", true, TargetFrom::None},
    {"git", "rev-parse", "", true, TargetFrom::None},
    {"git", "ls-remote", "", true, TargetFrom::None},
    {"git", "", "manual", false, TargetFrom::None},
    {"heroku", "rollback", "rollout_undo", false, TargetFrom::Flag, "-a --app"},
    {"heroku", "releases:rollback", "rollout_undo", false, TargetFrom::Flag, "-a --app"},
    {"heroku", "restart", "restore_config", false, TargetFrom::Flag, "-a --app"},
    {"heroku", "ps:restart", "restore_config", false, TargetFrom::Flag, "-a --app"},
    {"heroku", "releases", "", true, TargetFrom::Flag, "-a --app"},
    {"heroku", "ps:scale", "scale", false, TargetFrom::Flag, "-a --app"},
    {"heroku", "config:set", "restore_config", false, TargetFrom::Flag, "-a --app"},
    {"heroku", "maintenance:on", "maintenance_mode", false, TargetFrom::Flag, "-a --app",
     "heroku maintenance:off"},
    {"heroku", "maintenance:off", "maintenance_mode", false, TargetFrom::Flag, "-a --app"},
    {"heroku", "", "manual", false, TargetFrom::Flag, "-a --app"},
    {"vercel", "rollback", "rollout_undo", false, TargetFrom::None},
    {"vercel", "promote", "pipeline_redeploy", false, TargetFrom::None},
    {"vercel", "logs", "", true, TargetFrom::None},
    {"vercel", "inspect", "", true, TargetFrom::None},
    {"vercel", "ls", "", true, TargetFrom::None},
    {"vercel", "list", "", true, TargetFrom::None},
    {"vercel", "", "manual", false, TargetFrom::None},
    // Databases.
    {"pg_restore", "", "db_restore", false, TargetFrom::None},
    {"pg_dump", "", "manual", false, TargetFrom::None},
    {"pg_dumpall", "", "manual", false, TargetFrom::None},
    {"createdb", "", "manual", false, TargetFrom::None},
    {"dropdb", "", "manual", false, TargetFrom::None},
    {"pg_isready", "", "verify", true, TargetFrom::None},
    {"psql", "", "manual", false, TargetFrom::None},
    {"mysql", "", "manual", false, TargetFrom::None},
    {"mysqldump", "", "manual", false, TargetFrom::None},
    {"mongorestore", "", "db_restore", false, TargetFrom::None},
    {"mongodump", "", "manual", false, TargetFrom::None},
    {"sqlite3", "", "manual", false, TargetFrom::None},
    {"redis-cli", "", "manual", false, TargetFrom::None},
    {"django", "migrate", "manual", false, TargetFrom::None},
    {"django", "showmigrations", "", true, TargetFrom::None},
    {"django", "", "manual", false, TargetFrom::None},
    {"prisma", "migrate resolve", "manual", false, TargetFrom::None},
    {"prisma", "migrate reset", "db_migrate_down", false, TargetFrom::None},
    {"prisma", "db execute", "db_migrate_down", false, TargetFrom::None},
    {"prisma", "migrate status", "", true, TargetFrom::None},
    {"prisma", "migrate diff", "", true, TargetFrom::None},
    {"prisma", "", "manual", false, TargetFrom::None},
    {"flyway", "undo", "db_migrate_down", false, TargetFrom::None},
    {"flyway", "info", "", true, TargetFrom::None},
    {"flyway", "validate", "", true, TargetFrom::None},
    {"flyway", "", "manual", false, TargetFrom::None},
    {"alembic", "downgrade", "db_migrate_down", false, TargetFrom::None},
    {"alembic", "current", "", true, TargetFrom::None},
    {"alembic", "history", "", true, TargetFrom::None},
    {"alembic", "heads", "", true, TargetFrom::None},
    {"alembic", "show", "", true, TargetFrom::None},
    {"alembic", "", "manual", false, TargetFrom::None},
    {"rails", "db:rollback", "db_migrate_down", false, TargetFrom::None},
    {"rails", "db:migrate:down", "db_migrate_down", false, TargetFrom::None},
    {"rails", "db:migrate:status", "", true, TargetFrom::None},
    {"rails", "db:version", "", true, TargetFrom::None},
    {"rails", "", "manual", false, TargetFrom::None},
    {"knex", "migrate:rollback", "db_migrate_down", false, TargetFrom::None},
    {"knex", "migrate:down", "db_migrate_down", false, TargetFrom::None},
    {"knex", "migrate:status", "", true, TargetFrom::None},
    {"knex", "migrate:list", "", true, TargetFrom::None},
    {"knex", "", "manual", false, TargetFrom::None},
    {"sequelize", "db:migrate:undo", "db_migrate_down", false, TargetFrom::None},
    {"sequelize", "db:migrate:undo:all", "db_migrate_down", false, TargetFrom::None},
    {"sequelize", "db:migrate:status", "", true, TargetFrom::None},
    {"sequelize", "", "manual", false, TargetFrom::None},
    {"typeorm", "migration:revert", "db_migrate_down", false, TargetFrom::None},
    {"typeorm", "migration:show", "", true, TargetFrom::None},
    {"typeorm", "", "manual", false, TargetFrom::None},
    {"dbmate", "rollback", "db_migrate_down", false, TargetFrom::None},
    {"dbmate", "down", "db_migrate_down", false, TargetFrom::None},
    {"dbmate", "status", "", true, TargetFrom::None},
    {"dbmate", "", "manual", false, TargetFrom::None},
    {"sqitch", "revert", "db_migrate_down", false, TargetFrom::None},
    {"sqitch", "status", "", true, TargetFrom::None},
    {"sqitch", "log", "", true, TargetFrom::None},
    {"sqitch", "", "manual", false, TargetFrom::None},
    // goose, golang-migrate and liquibase: refine_migration_tool reads their sub-command anywhere.
    {"goose", "", "manual", false, TargetFrom::None},
    {"migrate", "", "manual", false, TargetFrom::None},
    {"liquibase", "", "manual", false, TargetFrom::None},
    // Infrastructure.
    {"terraform", "apply", "infra_rollback", false, TargetFrom::None},
    {"terraform", "destroy", "infra_rollback", false, TargetFrom::None},
    {"terraform", "plan", "", true, TargetFrom::None},
    {"terraform", "show", "", true, TargetFrom::None},
    {"terraform", "output", "", true, TargetFrom::None},
    {"terraform", "validate", "", true, TargetFrom::None},
    {"terraform", "state list", "", true, TargetFrom::None},
    {"terraform", "state show", "", true, TargetFrom::None},
    {"terraform", "workspace show", "", true, TargetFrom::None},
    {"terraform", "workspace list", "", true, TargetFrom::None},
    {"terraform", "init", "", false, TargetFrom::None},
    {"terraform", "", "manual", false, TargetFrom::None},
    {"pulumi", "up", "infra_rollback", false, TargetFrom::None},
    {"pulumi", "destroy", "infra_rollback", false, TargetFrom::None},
    {"pulumi", "preview", "", true, TargetFrom::None},
    {"pulumi", "stack history", "", true, TargetFrom::None},
    {"pulumi", "stack ls", "", true, TargetFrom::None},
    {"pulumi", "refresh", "", true, TargetFrom::None},
    {"pulumi", "", "manual", false, TargetFrom::None},
    {"cdk", "deploy", "infra_rollback", false, TargetFrom::None},
    {"cdk", "destroy", "infra_rollback", false, TargetFrom::None},
    {"cdk", "diff", "", true, TargetFrom::None},
    {"cdk", "synth", "", true, TargetFrom::None},
    {"cdk", "ls", "", true, TargetFrom::None},
    {"cdk", "", "manual", false, TargetFrom::None},
    {"sam", "deploy", "infra_rollback", false, TargetFrom::None},
    {"sam", "", "manual", false, TargetFrom::None},
    {"serverless", "rollback", "rollout_undo", false, TargetFrom::None},
    {"serverless", "deploy", "pipeline_redeploy", false, TargetFrom::None},
    {"serverless", "deploy list", "", true, TargetFrom::None},
    {"serverless", "", "manual", false, TargetFrom::None},
    // Point-in-time and backup-tool restores.
    {"pgbackrest", "restore", "db_restore", false, TargetFrom::None},
    {"pgbackrest", "info", "", true, TargetFrom::None},
    {"pgbackrest", "", "manual", false, TargetFrom::None},
    {"wal-g", "backup-fetch", "db_restore", false, TargetFrom::None},
    {"wal-g", "backup-list", "", true, TargetFrom::None},
    {"wal-g", "", "manual", false, TargetFrom::None},
    {"barman", "recover", "db_restore", false, TargetFrom::None},
    {"barman", "list-backups", "", true, TargetFrom::None},
    {"barman", "list-backup", "", true, TargetFrom::None},
    {"barman", "", "manual", false, TargetFrom::None},
    // pitrery (PostgreSQL point-in-time recovery): "pitrery restore -d DATE" restores to that time.
    {"pitrery", "restore", "db_restore", false, TargetFrom::None},
    {"pitrery", "list", "", true, TargetFrom::None},
    {"pitrery", "backup", "manual", false, TargetFrom::None},
    {"pitrery", "check", "", true, TargetFrom::None},
    {"pitrery", "", "manual", false, TargetFrom::None},
    {"pg_basebackup", "", "manual", false, TargetFrom::None},
    // A replica promoted to primary: the database comes back from its copy. drillsim models no replica,
    // so the promotion is replayed as the restore it stands for.
    {"pg_ctl", "promote", "db_restore", false, TargetFrom::None},
    {"pg_ctl", "status", "", true, TargetFrom::None},
    {"pg_ctl", "", "manual", false, TargetFrom::None},
    {"pg_ctlcluster", "", "manual", false, TargetFrom::None},
    {"repmgr", "standby promote", "db_restore", false, TargetFrom::None},
    {"repmgr", "cluster show", "", true, TargetFrom::None},
    {"repmgr", "", "manual", false, TargetFrom::None},
    // Patroni hands the leader role to another running member and the clients follow the leader through
    // its endpoint: the requests move to a copy that was serving all along, nothing is read back from a
    // backup (a db_restore would lose the writes since the last one).
    {"patronictl", "failover", "shift_traffic", false, TargetFrom::None},
    {"patronictl", "switchover", "shift_traffic", false, TargetFrom::None},
    {"patronictl", "list", "", true, TargetFrom::None},
    {"patronictl", "", "manual", false, TargetFrom::None},
    // Process managers: a restart or reload brings the application back on what is on disk.
    {"pm2", "reload", "restore_config", false, TargetFrom::Arg},
    {"pm2", "restart", "restore_config", false, TargetFrom::Arg},
    {"pm2", "startOrGracefulReload", "restore_config", false, TargetFrom::None},
    {"pm2", "startOrReload", "restore_config", false, TargetFrom::None},
    {"pm2", "startOrRestart", "restore_config", false, TargetFrom::None},
    {"pm2", "gracefulReload", "restore_config", false, TargetFrom::Arg},
    // Started again from its ecosystem file or script: the application comes back on what is on disk.
    {"pm2", "start", "restore_config", false, TargetFrom::None},
    {"pm2", "list", "", true, TargetFrom::None},
    {"pm2", "ls", "", true, TargetFrom::None},
    {"pm2", "status", "", true, TargetFrom::None},
    {"pm2", "logs", "", true, TargetFrom::None},
    {"pm2", "show", "", true, TargetFrom::None},
    {"pm2", "describe", "", true, TargetFrom::None},
    {"pm2", "", "manual", false, TargetFrom::None},
    {"supervisorctl", "restart", "restore_config", false, TargetFrom::Arg},
    {"supervisorctl", "status", "", true, TargetFrom::None},
    {"supervisorctl", "", "manual", false, TargetFrom::None},
    // Load balancers and proxies: a reload after an upstream switch moves traffic (refine_proxy).
    {"nginx", "", "manual", false, TargetFrom::None},
    {"haproxy", "", "manual", false, TargetFrom::None},
    {"service", "", "manual", false, TargetFrom::None},
    // Clouds (aws operations are refined by refine_aws).
    {"aws", "", "manual", false, TargetFrom::None},
    {"gcloud", "run services update-traffic", "shift_traffic", false, TargetFrom::Arg},
    {"gcloud", "deploy targets rollback", "rollout_undo", false, TargetFrom::Arg},
    {"gcloud", "app services set-traffic", "shift_traffic", false, TargetFrom::Arg},
    {"gcloud", "app versions migrate", "shift_traffic", false, TargetFrom::None},
    {"gcloud", "run deploy", "pipeline_redeploy", false, TargetFrom::Arg},
    {"gcloud", "app deploy", "pipeline_redeploy", false, TargetFrom::None},
    {"gcloud", "sql backups restore", "db_restore", false, TargetFrom::None},
    {"gcloud", "sql instances clone", "db_restore", false, TargetFrom::None},
    {"gcloud", "sql instances promote-replica", "db_restore", false, TargetFrom::None},
    // The HA standby takes over behind the same endpoint.
    {"gcloud", "sql instances failover", "shift_traffic", false, TargetFrom::None},
    {"gcloud", "dns record-sets list", "", true, TargetFrom::None},
    {"gcloud", "dns record-sets describe", "", true, TargetFrom::None},
    {"gcloud", "dns record-sets", "shift_traffic", false, TargetFrom::None},
    {"gcloud", "compute backend-services update", "shift_traffic", false, TargetFrom::Arg},
    {"gcloud", "compute url-maps", "shift_traffic", false, TargetFrom::None},
    {"gcloud", "run services update", "restore_config", false, TargetFrom::Arg},
    {"gcloud", "container clusters get-credentials", "", false, TargetFrom::None},
    {"gcloud", "config", "", false, TargetFrom::None},
    {"gcloud", "auth", "", false, TargetFrom::None},
    {"gcloud", "", "manual", false, TargetFrom::None},
    {"az", "webapp deployment slot swap", "shift_traffic", false, TargetFrom::Flag, "-n --name"},
    {"az", "webapp traffic-routing", "shift_traffic", false, TargetFrom::Flag, "-n --name"},
    {"az", "functionapp deployment slot swap", "shift_traffic", false, TargetFrom::Flag, "-n --name"},
    {"az", "containerapp ingress traffic set", "shift_traffic", false, TargetFrom::Flag, "-n --name"},
    {"az", "webapp restart", "restore_config", false, TargetFrom::Flag, "-n --name"},
    {"az", "functionapp restart", "restore_config", false, TargetFrom::Flag, "-n --name"},
    {"az", "containerapp update", "restore_config", false, TargetFrom::Flag, "-n --name"},
    {"az", "webapp config appsettings set", "restore_config", false, TargetFrom::Flag, "-n --name"},
    {"az", "network dns record-set list", "", true, TargetFrom::None},
    {"az", "network dns record-set", "shift_traffic", false, TargetFrom::None},
    {"az", "network traffic-manager endpoint update", "shift_traffic", false, TargetFrom::None},
    {"az", "network front-door", "shift_traffic", false, TargetFrom::None},
    {"az", "afd", "shift_traffic", false, TargetFrom::None},
    {"az", "login", "", false, TargetFrom::None},
    {"az", "", "manual", false, TargetFrom::None},
    // Feature flags, notifications, HTTP (refined by refine_http and refine_flag_cli).
    {"ldcli", "", "manual", false, TargetFrom::None},
    {"slack", "", "notify", false, TargetFrom::None},
    {"curl", "", "manual", false, TargetFrom::None},
    // Platforms' CLIs.
    {"kamal", "rollback", "rollout_undo", false, TargetFrom::None},
    {"kamal", "deploy", "pipeline_redeploy", false, TargetFrom::None},
    {"kamal", "", "manual", false, TargetFrom::None},
    {"flyctl", "releases", "", true, TargetFrom::None},
    {"flyctl", "status", "", true, TargetFrom::None},
    {"flyctl", "deploy", "pipeline_redeploy", false, TargetFrom::None},
    {"flyctl", "", "manual", false, TargetFrom::None},
    {"railway", "redeploy", "pipeline_redeploy", false, TargetFrom::None},
    {"railway", "status", "", true, TargetFrom::None},
    {"railway", "logs", "", true, TargetFrom::None},
    {"railway", "", "manual", false, TargetFrom::None},
    {"flux", "reconcile", "pipeline_redeploy", false, TargetFrom::None},
    {"flux", "get", "", true, TargetFrom::None},
    {"flux", "", "manual", false, TargetFrom::None},
    // HashiCorp Nomad: a job reverted to an earlier version; a job file run again redeploys it.
    {"nomad", "job revert", "rollout_undo", false, TargetFrom::Arg},
    {"nomad", "job run", "pipeline_redeploy", false, TargetFrom::None},
    {"nomad", "job status", "", true, TargetFrom::Arg},
    {"nomad", "job history", "", true, TargetFrom::Arg},
    {"nomad", "job inspect", "", true, TargetFrom::Arg},
    {"nomad", "job plan", "", true, TargetFrom::None},
    {"nomad", "status", "", true, TargetFrom::Arg},
    {"nomad", "deployment status", "", true, TargetFrom::None},
    {"nomad", "deployment list", "", true, TargetFrom::None},
    {"nomad", "alloc status", "", true, TargetFrom::None},
    {"nomad", "alloc logs", "", true, TargetFrom::None},
    {"nomad", "eval status", "", true, TargetFrom::None},
    {"nomad", "node status", "", true, TargetFrom::None},
    {"nomad", "", "manual", false, TargetFrom::None},
    // Velero: a namespace restored from its backup, volumes included (the data comes back from the copy).
    {"velero", "restore create", "db_restore", false, TargetFrom::None},
    {"velero", "restore get", "", true, TargetFrom::None},
    {"velero", "restore describe", "", true, TargetFrom::None},
    {"velero", "restore logs", "", true, TargetFrom::None},
    {"velero", "backup get", "", true, TargetFrom::None},
    {"velero", "backup describe", "", true, TargetFrom::None},
    {"velero", "backup logs", "", true, TargetFrom::None},
    {"velero", "schedule get", "", true, TargetFrom::None},
    {"velero", "", "manual", false, TargetFrom::None},
    // Key-value stores holding flags (refine_kv reads a flag set to false); etcd restored from a snapshot.
    {"consul", "kv put", "manual", false, TargetFrom::None},
    {"consul", "services register", "restore_config", false, TargetFrom::None},
    {"consul", "config write", "restore_config", false, TargetFrom::None},
    {"consul", "kv get", "", true, TargetFrom::None},
    {"consul", "members", "", true, TargetFrom::None},
    {"consul", "catalog", "", true, TargetFrom::None},
    {"consul", "", "manual", false, TargetFrom::None},
    {"etcdctl", "snapshot restore", "db_restore", false, TargetFrom::None},
    {"etcdctl", "put", "manual", false, TargetFrom::None},
    {"etcdctl", "get", "", true, TargetFrom::None},
    {"etcdctl", "endpoint", "", true, TargetFrom::None},
    {"etcdctl", "", "manual", false, TargetFrom::None},
    // Cloud Foundry: an app rolled back to a revision; routes mapped and unmapped move traffic.
    {"cf", "rollback", "rollout_undo", false, TargetFrom::Arg},
    {"cf", "map-route", "shift_traffic", false, TargetFrom::Arg},
    {"cf", "unmap-route", "shift_traffic", false, TargetFrom::Arg},
    {"cf", "restart", "restore_config", false, TargetFrom::Arg},
    {"cf", "restage", "restore_config", false, TargetFrom::Arg},
    {"cf", "set-env", "restore_config", false, TargetFrom::Arg},
    {"cf", "push", "pipeline_redeploy", false, TargetFrom::Arg},
    {"cf", "scale", "scale", false, TargetFrom::Arg},
    {"cf", "app", "", true, TargetFrom::Arg},
    {"cf", "apps", "", true, TargetFrom::None},
    {"cf", "logs", "", true, TargetFrom::Arg},
    {"cf", "revisions", "", true, TargetFrom::Arg},
    {"cf", "events", "", true, TargetFrom::Arg},
    {"cf", "routes", "", true, TargetFrom::None},
    {"cf", "env", "", true, TargetFrom::Arg},
    {"cf", "", "manual", false, TargetFrom::None},
    // Elastic Beanstalk's CLI: the environments' CNAMEs swapped back; a version deployed again.
    {"eb", "swap", "shift_traffic", false, TargetFrom::Arg},
    {"eb", "deploy", "pipeline_redeploy", false, TargetFrom::Arg},
    {"eb", "status", "", true, TargetFrom::Arg},
    {"eb", "health", "", true, TargetFrom::Arg},
    {"eb", "logs", "", true, TargetFrom::Arg},
    {"eb", "events", "", true, TargetFrom::Arg},
    {"eb", "list", "", true, TargetFrom::None},
    {"eb", "", "manual", false, TargetFrom::None},
    // Release-directory deployers (Deployer, Capistrano): "current" pointed back at the previous release.
    {"dep", "rollback", "rollout_undo", false, TargetFrom::None},
    {"dep", "deploy", "pipeline_redeploy", false, TargetFrom::None},
    {"dep", "", "manual", false, TargetFrom::None},
    {"cap", "", "manual", false, TargetFrom::None},
    // Clients that call the service as its users do (WebSocket, gRPC) and platforms' log streams: looks.
    {"wscat", "", "verify", true, TargetFrom::None},
    {"websocat", "", "verify", true, TargetFrom::None},
    {"grpcurl", "", "verify", true, TargetFrom::None},
    {"grpc_health_probe", "", "verify", true, TargetFrom::None},
    {"stern", "", "", true, TargetFrom::None},
    {"kubetail", "", "", true, TargetFrom::None},
    {"wrangler", "rollback", "rollout_undo", false, TargetFrom::None},
    {"wrangler", "tail", "", true, TargetFrom::None},
    {"wrangler", "deployments", "", true, TargetFrom::None},
    {"wrangler", "deploy", "pipeline_redeploy", false, TargetFrom::None},
    {"wrangler", "", "manual", false, TargetFrom::None},
    // Lookups that only read: DNS, reachability.
    {"dig", "", "", true, TargetFrom::None},
    {"nslookup", "", "", true, TargetFrom::None},
    {"host", "", "", true, TargetFrom::None},
    {"ping", "", "", true, TargetFrom::None},
    {"systemctl", "status", "", true, TargetFrom::None},
    {"systemctl", "is-active", "", true, TargetFrom::None},
    {"systemctl", "", "manual", false, TargetFrom::None},
};

// How each program's options are read.
Syntax syntax_of(std::string_view tool) {
  if (tool == "kubectl")
    return {
        "-n --namespace -l --selector -c --container --context --kubeconfig --cluster --user -o --output "
        "--filename -k --kustomize --field-selector --type -p --patch --tail --since --replicas --image "
        "--to-revision --timeout --revision"};
  if (tool == "helm")
    return {"-n --namespace --kube-context --version -f --values --set --set-string --timeout"};
  if (tool == "argocd") return {"--server --auth-token --revision -o --output --timeout"};
  if (tool == "docker compose" || tool == "docker")
    return {
        "--file --project-name --env-file --format -e --env --name -v --volume --image -u --user -w "
        "--replicas --env-add --env-rm --config-add --config-rm --secret-add --secret-rm --label-add "
        "--constraint-add --constraint-rm --publish-add --mount-add --update-parallelism --update-delay "
        "--limit-cpu --limit-memory --reserve-cpu --reserve-memory --scale",
        false, "-f -p"};
  if (tool == "gh") return {"--ref -f -F --field --raw-field -R --repo -w --workflow -b --branch"};
  if (tool == "heroku") return {"-a --app -r --remote"};
  if (tool == "psql" || tool == "pg_restore" || tool == "pg_dump" || tool == "pg_dumpall" ||
      tool == "createdb" || tool == "dropdb" || tool == "pg_isready")
    return {
        "-h --host -U --username -d --dbname -p --port -f --file -c --command -t --table -n --schema -F "
        "--format -j --jobs -v --set -o --output"};
  // mysql's -p takes its password glued on ("-psecret"); a lone "-p" prompts for it.
  if (tool == "mysql" || tool == "mysqldump") return {"-h -u -P -e -D --database --host --user"};
  if (tool == "mongorestore" || tool == "mongodump") return {"--uri --db -d --host --archive"};
  if (tool == "aws" || tool == "gcloud") return {"", true};
  if (tool == "az") return {"-g -n -s -z", true};  // Resource group, name, slot, zone.
  if (tool == "curl")
    return {
        "-X --request -H --header -d --data --data-raw --data-binary --data-urlencode -u --user -o --output "
        "-w --write-out -F --form -A --user-agent -e --referer --connect-timeout -m --max-time --retry -b "
        "--cookie -c --cookie-jar"};
  if (tool == "goose") return {"-dir -table"};
  if (tool == "pg_ctl") return {"-D --pgdata -l --log -o --options -m --mode -t --timeout"};
  if (tool == "repmgr") return {"-f --config-file"};
  if (tool == "patronictl") return {"-c --config-file --candidate --leader --primary --scheduled"};
  if (tool == "migrate") return {"-path -database -source"};
  if (tool == "prisma") return {"--schema --file --url"};
  if (tool == "ldcli") return {"--flag --project --environment --data --access-token"};
  if (tool == "nomad") return {"-address -namespace -region -token -var -var-file"};
  if (tool == "velero")
    return {
        "--from-backup --from-schedule --include-namespaces --exclude-namespaces --selector -l -n "
        "--namespace --namespace-mappings -o --output"};
  if (tool == "cf") return {"-i -m -k -f -p -o -s --hostname -n --path --version --strategy"};
  if (tool == "eb") return {"--version --label -l --region --profile -r"};
  return {};
}

bool words_match(std::string_view words, const std::vector<std::string>& positional) {
  std::size_t k = 0;
  std::size_t i = 0;
  while (i < words.size()) {
    const std::size_t e = std::min(words.find(' ', i), words.size());
    if (k >= positional.size() || positional[k] != words.substr(i, e - i)) return false;
    ++k;
    i = e + 1;
  }
  return true;
}

std::size_t word_count(std::string_view words) {
  return words.empty() ? 0 : static_cast<std::size_t>(std::count(words.begin(), words.end(), ' ')) + 1;
}

// Tools whose first word is a sub-command ("helm upgrade"), as opposed to a database or a URL ("psql mydb").
bool has_subcommands(std::string_view tool) {
  return tool != "curl" && tool != "aws" && tool != "psql" && tool != "mysql" && tool != "sqlite3" &&
         !starts_with(tool, "pg_") && !starts_with(tool, "mongo") && tool != "createdb" && tool != "dropdb" &&
         tool != "mysqldump" && tool != "redis-cli" && tool != "goose" && tool != "migrate" &&
         tool != "liquibase";
}

// ---- Values ------------------------------------------------------------------------------------------

bool is_workload_kind(std::string_view kind) {
  constexpr std::array<std::string_view, 15> kKinds = {
      "deployment",  "deployments",      "deploy",
      "statefulset", "statefulsets",     "sts",
      "daemonset",   "daemonsets",       "ds",
      "rollout",     "rollouts",         "deployment.apps",
      "dc",          "deploymentconfig", "deploymentconfigs"};
  return std::find(kKinds.begin(), kKinds.end(), lowered(kind)) != kKinds.end();
}

// The workload a kubectl command names: "deployment/api", "deploy/api" or "deployment api".
std::string workload_of(const std::vector<std::string>& positional, std::size_t from) {
  for (std::size_t i = from; i < positional.size(); ++i) {
    const std::string& p = positional[i];
    const std::size_t slash = p.find('/');
    if (slash != std::string::npos) {
      if (is_workload_kind(p.substr(0, slash))) return p.substr(slash + 1);
      continue;
    }
    if (is_workload_kind(p) && i + 1 < positional.size()) return positional[i + 1];
  }
  return {};
}

bool is_false_word(std::string_view v) {
  const std::string l = lowered(v);
  return l == "false" || l == "0" || l == "off" || l == "no" || l == "disabled" || l == "disable";
}

bool is_flag_name(std::string_view name) {
  const std::string l = lowered(name);
  return contains(l, "feature") || contains(l, "flag") || starts_with(l, "ff_") || contains(l, "toggle") ||
         starts_with(l, "enable") || contains(l, "_enabled");
}

bool is_true_word(std::string_view v) {
  const std::string l = lowered(v);
  return l == "true" || l == "1" || l == "on" || l == "yes" || l == "enabled" || l == "enable";
}

// A name that turns something off when it is set: a kill switch ("KILL_SWITCH", "CHECKOUT_KILLSWITCH"),
// "DISABLE_NEW_SEARCH", "PAYMENTS_V2_DISABLED".
bool is_kill_switch_name(std::string_view name) {
  const std::string l = lowered(name);
  return contains(l, "kill_switch") || contains(l, "killswitch") || contains(l, "kill-switch") ||
         starts_with(l, "disable_") || (l.size() > 9 && l.compare(l.size() - 9, 9, "_disabled") == 0);
}

// NAME=false among assignments, where NAME looks like a feature flag: "FEATURE_NEW_PAYMENT_ENABLED=false";
// or NAME=true where NAME is a kill switch: "KILL_SWITCH=true", "DISABLE_NEW_SEARCH=1".
std::string disabled_flag_in(const std::vector<std::string>& words) {
  for (const std::string& w : words) {
    const std::size_t eq = w.find('=');
    if (eq == std::string::npos || eq == 0) continue;
    const std::string_view name(w.data(), eq);
    const std::string_view value = std::string_view(w).substr(eq + 1);
    if (is_kill_switch_name(name) && is_true_word(value)) return std::string(name);
    if (is_flag_name(name) && !is_kill_switch_name(name) && is_false_word(value)) return std::string(name);
  }
  return {};
}

std::string join(const std::vector<std::string>& words, std::size_t from = 0) {
  std::string out;
  for (std::size_t i = from; i < words.size(); ++i) {
    if (!out.empty()) out += ' ';
    out += words[i];
  }
  return out;
}

// A file name that says it is a copy kept of what ran before: a whole word of the name (split at
// anything not a letter or a digit) among good / known-good / last-good, previous / prev, backup / bak,
// stable, rollback, old, saved. Only whole words: "goodies.yaml" or "prevention.yaml" are not copies.
bool names_a_kept_copy(std::string_view files) {
  static constexpr std::array<std::string_view, 14> kWords = {
      "good", "knowngood", "lastgood", "previous", "prev",  "backup", "backups",
      "bak",  "stable",    "rollback", "old",      "saved", "orig",   "lastknowngood"};
  std::string word;
  const auto is_kept = [&]() { return std::find(kWords.begin(), kWords.end(), word) != kWords.end(); };
  for (const char c : files) {
    if (is_alpha(c) || is_digit(c)) {
      word += lower(c);
      continue;
    }
    if (is_kept()) return true;
    word.clear();
  }
  return is_kept();
}

// A file name that names a workload's manifest: "deployment-previous.yaml", "api-deploy.bak.yaml",
// "statefulset.yaml".
bool names_a_workload(std::string_view files) {
  return contains(files, "deployment") || contains(files, "deploy.") || contains(files, "deploy-") ||
         contains(files, "-deploy") || contains(files, "statefulset") || contains(files, "daemonset");
}

// ---- Refinements -------------------------------------------------------------------------------------

CommandMatch match_segment(const std::vector<Token>& tokens, int depth);
CommandMatch match_text(std::string_view text, int depth);

void refine_kubectl(CommandMatch& m, const Args& args, int depth) {
  if (m.what == "scale") {
    const auto r = args.flag({"--replicas"});
    int n = 0;
    if (r && std::from_chars(r->data(), r->data() + r->size(), n).ec == std::errc{} && n >= 0) m.replicas = n;
  } else if (m.what == "set env") {
    const std::string flag = disabled_flag_in(args.positional);
    if (!flag.empty()) {
      m.action = "disable_flag";
      m.flag = flag;
    }
  } else if (m.what == "apply" || m.what == "replace") {
    std::string files;
    for (const auto& [name, value] : args.flags)
      if (name == "--filename" || name == "-k" || name == "--kustomize") files += lowered(value) + " ";
    // "-f" is read as a switch (it means --follow for logs): its file is the next positional.
    for (std::size_t i = 1; i < args.positional.size(); ++i)
      files += lowered(args.positional[i]) + " ";
    if (contains(files, "config") || contains(files, "secret") || contains(files, "env")) {
      m.action = "restore_config";
    } else if (contains(files, "ingress") || contains(files, "route") || contains(files, "virtualservice") ||
               contains(files, "traffic") || contains(files, "canary")) {
      m.action = "shift_traffic";
    } else if (names_a_kept_copy(files)) {
      // A copy kept of what ran before ("deployment-previous.yaml", "manifests/last-good/",
      // "app.yaml.bak") puts it back: a workload's manifest is its previous version, anything else the
      // previous configuration. A new manifest stays manual.
      m.action = names_a_workload(files) ? "rollout_undo" : "restore_config";
    }
  } else if (m.what == "exec" && !args.inner.empty()) {
    // The command run inside the pod decides: a migration, a restore, a psql query.
    const CommandMatch inner = match_text(join(args.inner), depth + 1);
    if (inner.known && !inner.action.empty()) {
      m.action = inner.action;
      m.observes = inner.observes;
      m.store = inner.store;
      m.flag = inner.flag;
      m.what = "exec " + inner.tool + (inner.what.empty() ? "" : " " + inner.what);
    }
  }
}

// kubectl patch: what the patched object is says what the patch does. A Service whose selector changes
// moves traffic (a blue-green switch); so does a patch of a mesh route; a config map or a secret patched
// restores configuration, or turns a flag off; a Deployment's image is a set_image.
void refine_kubectl_patch(CommandMatch& m, const Args& args) {
  std::string kind, name;
  for (std::size_t i = 1; i < args.positional.size() && name.empty(); ++i) {
    const std::string& p = args.positional[i];
    const std::size_t slash = p.find('/');
    if (slash != std::string::npos) {
      kind = lowered(p.substr(0, slash));
      name = p.substr(slash + 1);
    } else if (kind.empty()) {
      kind = lowered(p);
    } else {
      name = p;
    }
  }
  std::string patch;
  for (const auto& [flag, value] : args.flags)
    if (flag == "-p" || flag == "--patch") patch += lowered(value);
  const auto is = [&](std::initializer_list<std::string_view> kinds) {
    for (std::string_view k : kinds)
      if (kind == k || starts_with(kind, std::string(k) + ".")) return true;
    return false;
  };
  if (is({"service", "services", "svc"})) {
    if (patch.empty() || contains(patch, "selector")) {
      m.action = "shift_traffic";
      m.target = name;
    }
  } else if (is({"virtualservice", "virtualservices", "vs", "destinationrule", "trafficsplit",
                 "trafficsplits", "httproute", "httproutes", "ingress", "ingresses", "ing", "serviceprofile",
                 "route"})) {
    m.action = "shift_traffic";
  } else if (is({"configmap", "configmaps", "cm", "secret", "secrets"})) {
    m.action = "restore_config";
    // A flag in the patch turned off: {"data":{"FEATURE_NEW_CHECKOUT":"false"}}: the words of the patch,
    // and a flag-like word followed by a false one.
    std::vector<std::string> words(1);
    for (const char c : patch) {
      if (is_ident(c) || c == '-' || c == '.') {
        words.back() += c;
      } else if (!words.back().empty()) {
        words.emplace_back();
      }
    }
    std::vector<std::string> pairs;
    for (std::size_t i = 0; i + 1 < words.size(); ++i)
      pairs.push_back(words[i] + "=" + words[i + 1]);
    const std::string flag = disabled_flag_in(pairs);
    if (!flag.empty()) {
      m.action = "disable_flag";
      m.flag = flag;
    }
  } else if (is_workload_kind(kind)) {
    m.target = name;
    if (contains(patch, "image")) m.action = "set_image";
    if (contains(patch, "paused")) m.action = "manual";
  }
}

// A proxy reloaded (nginx -s reload, systemctl reload haproxy, service nginx reload): in a runbook this
// follows an upstream or backend switch, so it moves traffic.
bool is_proxy(std::string_view unit) {
  const std::string u = lowered(unit);
  for (std::string_view p : {"nginx", "haproxy", "envoy", "traefik", "caddy", "apache2", "httpd"})
    if (starts_with(u, p)) return true;
  return false;
}

void refine_proxy(CommandMatch& m, const Args& args, std::string_view tool) {
  const auto& pos = args.positional;
  bool reload = false;
  if (tool == "nginx" || tool == "haproxy") {
    for (const auto& [flag, value] : args.flags)
      if (flag == "-s" && (value == "reload" || value.empty())) reload = true;
    for (const auto& p : pos)
      if (p == "reload") reload = true;
    if (tool == "haproxy" && args.has({"-sf", "-st"})) reload = true;
    if (args.has({"-t"})) {
      m.action = "";
      m.observes = true;
      return;
    }
  } else if (tool == "systemctl" && pos.size() >= 2) {
    reload = (pos[0] == "reload" || pos[0] == "restart") && is_proxy(pos[1]);
    // Any other unit restarted: the service comes back on what is on disk (a restored config or build).
    if (!reload && (pos[0] == "reload" || pos[0] == "restart" || pos[0] == "try-restart")) {
      m.action = "restore_config";
      m.what = "restart";
      m.target = pos[1].substr(0, pos[1].find(".service"));
    }
  } else if (tool == "service" && pos.size() >= 2) {
    reload = is_proxy(pos[0]) && (pos[1] == "reload" || pos[1] == "restart");
  }
  if (reload) {
    m.action = "shift_traffic";
    m.what = "proxy reload";
  }
}

// psql and friends: a read-only query verifies, a plain SQL dump fed to it restores, the rest is manual.
void refine_sql_client(CommandMatch& m, const Args& args, std::string_view tool) {
  std::string sql;
  for (const auto& [name, value] : args.flags)
    if (name == "-c" || name == "--command" || name == "-e") sql += value + " ";
  if (tool == "sqlite3" && args.positional.size() >= 2) sql += join(args.positional, 1);
  const std::string l = lowered(sql);
  const auto db = args.flag({"-d", "--dbname", "-D", "--database"});
  if (!l.empty()) {
    m.what = "query";
    const std::size_t first = l.find_first_not_of(" ");
    const std::string_view verb = first == std::string::npos ? "" : std::string_view(l).substr(first);
    const bool kills = contains(l, "pg_terminate_backend") || contains(l, "pg_cancel_backend");
    if (contains(l, "update") && (contains(l, "flag") || contains(l, "feature")) && contains(l, "false")) {
      m.action = "disable_flag";
      // The flag's name from "WHERE name = 'x'" (or key / flag).
      for (std::string_view key : {"name", "key", "flag"}) {
        const std::size_t at = l.find(std::string(key) + " = '");
        const std::size_t at2 = at == std::string::npos ? l.find(std::string(key) + "='") : at;
        if (at2 == std::string::npos) continue;
        const std::size_t open = sql.find('\'', at2);
        const std::size_t close = open == std::string::npos ? open : sql.find('\'', open + 1);
        if (close != std::string::npos) m.flag = sql.substr(open + 1, close - open - 1);
        break;
      }
    } else if (contains(l, "pg_promote(")) {
      m.action = "db_restore";  // The standby promoted to primary (as pg_ctl promote).
    } else if (!kills &&
               (starts_with(verb, "select") || starts_with(verb, "\\d") || starts_with(verb, "show") ||
                starts_with(verb, "pragma") || starts_with(verb, "explain") || starts_with(verb, "\\l"))) {
      m.action = "verify";
      m.observes = true;
    }
    return;
  }
  // Input redirected from a dump ("mysql -u root shop < /restore/shop.sql", "psql -d shop < dump.sql",
  // "sqlite3 app.db < backup.sql"): a restore.
  if (const std::string f = lowered(args.input); contains(f, ".sql") || contains(f, "dump") ||
                                                 contains(f, "backup") || contains(f, "restore") ||
                                                 contains(f, "snapshot")) {
    m.what = "restore";
    m.action = "db_restore";
    m.store = db ? *db : (args.positional.empty() || tool == "sqlite3" ? "" : args.positional[0]);
    return;
  }
  const auto file = args.flag({"-f", "--file"});
  if (file) {
    const std::string f = lowered(*file);
    if (contains(f, "backup") || contains(f, "dump") || contains(f, "restore") || contains(f, "snapshot")) {
      m.what = "restore";
      m.action = "db_restore";
      m.store = db ? *db : (args.positional.empty() ? "" : args.positional[0]);
    } else if (contains(f, "down") || contains(f, "rollback") || contains(f, "revert") ||
               contains(f, "undo")) {
      m.what = "migrate down";
      m.action = "db_migrate_down";
      m.store = db ? *db : (args.positional.empty() ? "" : args.positional[0]);
    }
  }
}

void refine_pg_restore(CommandMatch& m, const Args& args) {
  if (args.has({"-l", "--list"})) {
    m.action = "";
    m.observes = true;
    return;
  }
  const auto db = args.flag({"-d", "--dbname"});
  // Without -d, pg_restore only prints the SQL of the dump: an extraction, not a restore.
  if (!db) {
    m.action = "manual";
    return;
  }
  m.store = *db;
}

void refine_django(CommandMatch& m, const Args& args) {
  // "migrate APP 0042_previous" (or "migrate APP zero") goes back to that migration; plain "migrate" applies.
  if (m.what == "migrate" && args.positional.size() >= 3) m.action = "db_migrate_down";
}

void refine_migration_tool(CommandMatch& m, const Args& args) {
  for (const std::string& p : args.positional) {
    const std::string l = lowered(p);
    const bool down =
        (m.tool == "liquibase" && starts_with(l, "rollback")) ||
        ((m.tool == "goose" || m.tool == "migrate") && (l == "down" || l == "down-to" || l == "reset"));
    const bool reads = l == "status" || l == "version" || l == "history" || l == "info";
    if (down || reads) {
      m.what = p;
      m.action = down ? "db_migrate_down" : "";
      m.observes = reads;
      return;
    }
  }
}

void refine_prisma(CommandMatch& m, const Args& args) {
  if (m.what == "migrate resolve" && args.has({"--rolled-back"})) m.action = "db_migrate_down";
}

// aws SERVICE OPERATION: read-only operations observe; a few move traffic, deploy or restore.
void refine_aws(CommandMatch& m, const Args& args) {
  if (args.positional.size() < 2) return;
  const std::string& service = args.positional[0];
  const std::string& op = args.positional[1];
  m.what = service + " " + op;
  const auto set = [&](std::string_view action, std::initializer_list<std::string_view> target_flags = {}) {
    m.action = action;
    for (std::string_view f : target_flags) {
      for (const auto& [name, value] : args.flags)
        if (name == f && !value.empty()) {
          m.target = value;
          return;
        }
    }
  };
  if (starts_with(op, "describe-") || starts_with(op, "list-") || starts_with(op, "get-") || op == "wait" ||
      op == "ls") {
    m.action = "";
    m.observes = true;
  } else if (service == "deploy" && op == "create-deployment") {
    set("pipeline_redeploy", {"--application-name"});
  } else if (service == "ecs" && op == "update-service") {
    if (args.has({"--task-definition", "--force-new-deployment"})) {
      set("pipeline_redeploy", {"--service"});
    } else if (const auto count = args.flag({"--desired-count"})) {
      set("scale", {"--service"});
      int n = 0;
      if (std::from_chars(count->data(), count->data() + count->size(), n).ec == std::errc{}) m.replicas = n;
    }
  } else if (service == "elbv2" && (op == "modify-listener" || op == "modify-rule")) {
    set("shift_traffic");
  } else if (service == "lambda" && op == "invoke") {
    m.action = "verify";  // A test call of the function: it exercises the service, changes nothing.
    m.observes = true;
  } else if (service == "lambda" && op == "update-alias") {
    set("shift_traffic", {"--function-name"});  // The alias's requests go to the version it names.
  } else if (service == "rds" && starts_with(op, "restore-db-")) {
    set("db_restore");
    m.point_in_time = contains(op, "point-in-time");
    for (std::string_view f :
         {"--target-db-instance-identifier", "--db-instance-identifier", "--db-cluster-identifier"})
      if (const auto v = args.flag({f}); v && m.store.empty()) m.store = *v;
  } else if ((service == "secretsmanager" && (op == "put-secret-value" || op == "update-secret")) ||
             (service == "ssm" && op == "put-parameter") ||
             (service == "appconfig" && op == "start-deployment")) {
    set("restore_config");
  } else if (service == "cloudformation" &&
             (op == "cancel-update-stack" || op == "rollback-stack" || op == "continue-update-rollback" ||
              op == "update-stack" || op == "deploy")) {
    set("infra_rollback");
  } else if (service == "autoscaling" && op == "update-auto-scaling-group" &&
             args.has({"--desired-capacity"})) {
    set("scale", {"--auto-scaling-group-name"});
  } else if (service == "route53" && op == "change-resource-record-sets") {
    set("shift_traffic");
  } else if (service == "globalaccelerator" && op == "update-endpoint-group") {
    set("shift_traffic");
  } else if (service == "rds" && (op == "failover-db-cluster" || op == "failover-global-cluster")) {
    set("shift_traffic");  // The cluster's writer endpoint moves to a member that was running all along.
  } else if (service == "rds" && (op == "promote-read-replica" || op == "promote-read-replica-db-cluster")) {
    set("db_restore");  // A replica promoted (or a cluster failed over): the database back from its copy.
    for (std::string_view f :
         {"--db-instance-identifier", "--db-cluster-identifier", "--global-cluster-identifier"})
      if (const auto v = args.flag({f}); v && m.store.empty()) m.store = *v;
  } else if (service == "deploy" && op == "stop-deployment") {
    set("rollout_undo", {"--application-name"});
  } else if (service == "elasticbeanstalk" && op == "swap-environment-cnames") {
    set("shift_traffic", {"--destination-environment-name"});
  } else if (service == "elasticbeanstalk" && op == "update-environment" && args.has({"--version-label"})) {
    set("rollout_undo", {"--environment-name"});  // The environment back on an earlier application version.
  } else if (service == "elasticbeanstalk" && (op == "restart-app-server" || op == "rebuild-environment")) {
    set("restore_config", {"--environment-name"});
  } else if (service == "lambda" && op == "update-function-configuration") {
    set("restore_config", {"--function-name"});

  } else if (service == "configure" || service == "sts") {
    m.action = "";
  }
  // A parameter that is a flag, set to false: a kill switch in a parameter store.
  if (service == "ssm" && op == "put-parameter") {
    const auto name = args.flag({"--name"});
    const auto value = args.flag({"--value"});
    if (name && value && is_false_word(*value) && is_flag_name(*name)) {
      m.action = "disable_flag";
      m.flag = name->substr(name->rfind('/') == std::string::npos ? 0 : name->rfind('/') + 1);
    }
  }
}

void refine_gcloud(CommandMatch& m, const Args& args) {
  if (m.what == "sql backups restore") {
    if (const auto v = args.flag({"--restore-instance"})) m.store = *v;
    return;
  }
  if (m.action != "manual") return;
  // Other commands: the last word of the command group says whether it reads.
  for (const std::string& p : args.positional) {
    if (p == "describe" || p == "list" || starts_with(p, "get-") || p == "read" || p == "logs") {
      m.what = join(args.positional);
      m.action = "";
      m.observes = true;
      return;
    }
  }
}

// curl (and wget): the URL and the payload say what the request does.
// A kill switch reached by its own path outside a flag collection ("POST .../admin/kill-switch" with
// '{"flag": "ranking_v2", "killed": true}'): switched on, it turns the feature behind it off. A body that
// sets it false or off switches it back off, which is no disable_flag. `u` and `d` are lower case.
bool kill_switch_in_path(CommandMatch& m, std::string_view u, std::string_view d, std::string_view method) {
  if (method == "get" || method == "head" || method == "delete") return false;
  const std::size_t host = u.find("://");
  const std::size_t slash = u.find('/', host == std::string_view::npos ? 0 : host + 3);
  if (slash == std::string_view::npos) return false;
  bool found = false;
  std::size_t b = slash + 1;
  while (b <= u.size() && !found) {
    std::size_t e = b;
    while (e < u.size() && u[e] != '/' && u[e] != '?')
      ++e;
    found = is_kill_switch_name(u.substr(b, e - b));
    if (e >= u.size() || u[e] == '?') break;
    b = e + 1;
  }
  if (!found || contains(d, "false") || contains(d, "\"off\"") || contains(d, "=off")) return false;
  m.tool = "feature-flag";
  m.what = "kill switch";
  m.action = "disable_flag";
  // The feature it kills, when the body names it ('{"flag": "ranking_v2", ...}').
  if (const std::size_t at = d.find("\"flag\""); at != std::string_view::npos) {
    const std::size_t open = d.find('"', d.find(':', at));
    const std::size_t close = open == std::string_view::npos ? open : d.find('"', open + 1);
    if (close != std::string_view::npos) m.flag = std::string(d.substr(open + 1, close - open - 1));
  }
  return true;
}

// A request whose address is a variable named for a chat or paging webhook ("$SLACK_WEBHOOK_URL",
// "${TEAMS_WEBHOOK}", "$DISCORD_HOOK"): runbooks keep the webhook's secret address out of the text, and the
// variable's name says where the message goes. Returns a stand-in address ("chat-webhook://$NAME"), or "".
std::string chat_webhook_variable(const std::vector<std::string>& positional) {
  for (const std::string& p : positional) {
    if (p.empty() || p.front() != '$') continue;
    const std::string v = lowered(p);
    for (std::string_view chat :
         {"slack", "teams", "discord", "mattermost", "rocketchat", "googlechat", "google_chat", "gchat"})
      if (contains(v, chat) && (contains(v, "hook") || contains(v, "url"))) return "chat-webhook://" + p;
  }
  return {};
}

// The incident API of a paging service ("https://api.pagerduty.com/incidents", "api.opsgenie.com/v2/alerts"):
// an incident opened there pages the people on call. It is a message to people, not the public status page
// that a write to some other "/incidents" path updates.
bool pages_people(std::string_view u) {
  return contains(u, "api.pagerduty.com") || contains(u, "api.eu.pagerduty.com") ||
         contains(u, "api.opsgenie.com") || contains(u, "api.eu.opsgenie.com") ||
         contains(u, "api.victorops.com") || contains(u, "alert.victorops.com");
}

void refine_http(CommandMatch& m, const Args& args) {
  std::string url;
  for (const std::string& p : args.positional)
    if (contains(p, "://") || starts_with(p, "localhost") || contains(p, "/")) {
      url = p;
      break;
    }
  if (url.empty()) url = chat_webhook_variable(args.positional);
  std::string method;
  if (const auto x = args.flag({"-X", "--request"})) method = lowered(*x);
  std::string data;
  for (const auto& [name, value] : args.flags)
    if (starts_with(name, "-d") || starts_with(name, "--data") || name == "-F" || name == "--form")
      data += value + " ";
  if (method.empty()) method = data.empty() ? "get" : "post";
  const std::string u = lowered(url);
  const std::string d = lowered(data);
  m.what = method + " request";

  const auto path_after = [&](std::string_view marker) -> std::string {
    const std::size_t at = u.find(marker);
    if (at == std::string::npos) return {};
    const std::size_t b = at + marker.size();
    std::size_t e = b;
    while (e < url.size() && url[e] != '/' && url[e] != '?' && url[e] != '"')
      ++e;
    return url.substr(b, e - b);
  };

  if (contains(u, "hooks.slack.com") || contains(u, "slack.com/api") ||
      contains(u, "discord.com/api/webhooks") || contains(u, "webhook.office.com") ||
      contains(u, "outlook.office.com/webhook") || contains(u, "events.pagerduty.com") || pages_people(u) ||
      starts_with(u, "chat-webhook://") || contains(u, "api.opsgenie.com") ||
      contains(u, "api.telegram.org") || contains(u, "/sendmessage") || contains(u, "chat.googleapis.com") ||
      contains(u, "api.pushover.net")) {
    m.tool = contains(u, "slack") ? "slack" : m.tool;
    m.what = "message";
    m.action = "notify";
    return;
  }
  if (contains(u, "statuspage.io") || contains(u, "instatus.com") || contains(u, "status.io") ||
      (starts_with(u.substr(u.find("://") == std::string::npos ? 0 : u.find("://") + 3), "status.") &&
       method != "get") ||
      (contains(u, "/incidents") && method != "get")) {
    m.what = "status page";
    m.action = "status_page";
    return;
  }
  // A flag service: ".../flags/NAME", ".../feature-flags/NAME", ".../features/NAME[/environments/x/off]".
  for (std::string_view marker : {"/feature-flags/", "/feature_flags/", "/featureflags/", "/flags/",
                                  "/features/", "/toggles/", "/featurestates/"}) {
    const std::string name = path_after(marker);
    if (name.empty() && !contains(u, marker)) continue;
    const bool off = contains(d, "\"enabled\": false") || contains(d, "\"enabled\":false") ||
                     contains(d, "\"on\": false") || contains(d, "\"on\":false") ||
                     contains(d, "\"value\": false") || contains(d, "\"value\":false") ||
                     contains(d, "turnflagoff") || contains(d, "\"state\": \"off\"") || u.ends_with("/off") ||
                     method == "delete";
    m.tool = "feature-flag";
    m.what = "flag update";
    m.action = off ? "disable_flag" : "manual";
    m.flag = name;
    // A kill switch turns flags off when it is switched on: a POST or PUT to ".../flags/kill-switch"
    // activates it (every flag behind it off); a DELETE, or a body that sets it off, deactivates it.
    if (is_kill_switch_name(name) && method != "get" && method != "head")
      m.action = (off || is_false_word(d) || contains(d, "false")) ? "manual" : "disable_flag";
    return;
  }
  if (kill_switch_in_path(m, u, d, method)) return;
  if (method == "get" || method == "head") {
    m.what = "check";
    m.action = "verify";
    m.observes = true;
    return;
  }
  // A write to the application itself that exercises it (register, login, a smoke endpoint) is a test.
  for (std::string_view word :
       {"/health", "/ready", "/live", "/status", "/smoke", "/ping", "/login", "/auth", "/register", "/test",
        "/check", "selftest", "self-test", "/verify", "/diag"}) {
    if (contains(u, word)) {
      m.what = "check";
      m.action = "verify";
      m.observes = contains(word, "health") || contains(word, "ready") || contains(word, "live") ||
                   contains(word, "status") || contains(word, "ping");
      return;
    }
  }
}

// A key-value store's put (consul kv put KEY VALUE, etcdctl put KEY VALUE): a flag-like key set to false,
// or a kill switch set to true, turns that flag off. The flag is the key's last path segment.
void refine_kv(CommandMatch& m, const Args& args) {
  const std::size_t at = m.tool == "consul" ? 2 : 1;
  if (args.positional.size() < at + 2) return;
  const std::string& key = args.positional[at];
  std::string value = lowered(args.positional[at + 1]);
  std::erase_if(value, [](char c) { return c == '"' || c == '\'' || c == ' '; });
  const bool off = is_false_word(value) || contains(value, "enabled:false") || contains(value, "on:false");
  const bool killed = is_true_word(value) && is_kill_switch_name(key);
  if ((off && is_flag_name(key) && !is_kill_switch_name(key)) || killed) {
    m.action = "disable_flag";
    m.flag = key.substr(key.rfind('/') == std::string::npos ? 0 : key.rfind('/') + 1);
  }
}

// A replica count as a scale command writes it: "4" (set to 4), "+2" (2 more), "-1" (1 fewer). `added`
// tells a relative count. nullopt when `text` is no count.
std::optional<int> replica_count(std::string_view text, bool& added) {
  added = !text.empty() && (text[0] == '+' || text[0] == '-');
  if (added) text.remove_prefix(1);
  int n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc{} || end != text.data() + text.size() || n < 0) return std::nullopt;
  return n;
}

// Docker Swarm services: "docker service scale web=4 worker=2" sets counts (the first service's is the
// step's); "docker service update" changes what its options say: --rollback goes back to the previous
// spec, --image sets the image, --replicas alone scales, anything else (--env-add, --config-add,
// --force) changes the configuration and restarts the tasks.
void refine_docker_service(CommandMatch& m, const Args& args) {
  if (m.what == "service scale") {
    for (std::size_t i = 2; i < args.positional.size(); ++i) {
      const std::string& p = args.positional[i];
      const auto eq = p.find('=');
      if (eq == std::string::npos || eq == 0) continue;
      bool added = false;
      const auto n = replica_count(std::string_view(p).substr(eq + 1), added);
      m.target = p.substr(0, eq);
      if (n && !added) m.replicas = *n;
      if (n && added) m.replicas_added = p[eq + 1] == '-' ? -*n : *n;
      return;
    }
    return;
  }
  if (m.what != "service update") return;
  m.target = args.positional.size() > 2 ? args.positional.back() : std::string();
  if (args.has({"--rollback"})) {
    m.action = "rollout_undo";
  } else if (args.has({"--image"})) {
    m.action = "set_image";
  } else if (const auto r = args.flag({"--replicas"})) {
    m.action = "scale";
    bool added = false;
    if (const auto n = replica_count(*r, added); n && !added) m.replicas = *n;
  } else {
    m.action = "restore_config";
  }
}

// Capistrano names its stage before the task: "cap production deploy:rollback".
void refine_capistrano(CommandMatch& m, const Args& args) {
  for (const std::string& p : args.positional) {
    if (p == "deploy:rollback") {
      m.what = p;
      m.action = "rollout_undo";
      return;
    }
    if (p == "deploy") {
      m.what = p;
      m.action = "pipeline_redeploy";
    }
  }
}

// Feature-flag CLIs: LaunchDarkly's ldcli.
void refine_flag_cli(CommandMatch& m, const Args& args) {
  const std::string all = lowered(join(args.positional));
  std::string data;
  for (const auto& [name, value] : args.flags)
    data += lowered(name + " " + value + " ");
  m.tool = "feature-flag";
  m.what = join(args.positional);
  if (contains(all, "toggle-off") || contains(all, "turn-off") || contains(data, "turnflagoff") ||
      contains(data, "\"on\": false") || contains(data, "\"on\":false")) {
    m.action = "disable_flag";
  }
  if (const auto f = args.flag({"--flag", "--key", "--flag-key"})) m.flag = *f;
}

// SDK calls written as commands: featureFlags.disable('x'), client.disable("x"), flags.set("x", false),
// Flipper.disable(:x). Returns the flag's name, or nothing.
std::optional<std::string> sdk_flag_call(std::string_view line) {
  const std::string l = lowered(line);
  for (std::string_view call : {".disable(", ".turnoff(", ".turn_off(", ".deactivate(", "disable_feature(",
                                "disablefeature(", ".set(", ".setflag(", "set_flag(", ".update("}) {
    const std::size_t at = l.find(call);
    if (at == std::string::npos) continue;
    std::size_t i = at + call.size();
    while (i < line.size() && line[i] == ' ')
      ++i;
    std::string name;
    if (i < line.size() && (line[i] == '\'' || line[i] == '"')) {
      const std::size_t close = line.find(line[i], i + 1);
      if (close == std::string_view::npos) continue;
      name = std::string(line.substr(i + 1, close - i - 1));
      i = close + 1;
    } else if (i < line.size() && line[i] == ':') {  // A Ruby symbol.
      std::size_t e = i + 1;
      while (e < line.size() && is_ident(line[e]))
        ++e;
      name = std::string(line.substr(i + 1, e - i - 1));
      i = e;
    } else {
      continue;
    }
    const bool setter = contains(call, "set") || contains(call, "update");
    if (setter) {
      // flags.set("x", false): the value after the name must turn it off.
      const std::string rest = l.substr(std::min(i, l.size()), 24);
      if (!(contains(rest, "false") || contains(rest, "'off'") || contains(rest, "\"off\"") ||
            contains(rest, ", 0)")))
        continue;
    }
    return name;
  }
  return std::nullopt;
}

// ---- Programs ----------------------------------------------------------------------------------------

std::string basename_of(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

// An option that makes the command a rehearsal: --dry-run[=...], --dryrun, --what-if, -WhatIf, --noop.
bool is_dry_run(std::string_view line) {
  const std::string l = lowered(line);
  for (std::string_view opt : {"--dry-run", "--dryrun", "--what-if", "-whatif", "--noop", "--plan-only"}) {
    for (std::size_t at = l.find(opt); at != std::string::npos; at = l.find(opt, at + 1)) {
      const std::size_t after = at + opt.size();
      const bool starts = at == 0 || l[at - 1] == ' ';
      const bool ends = after >= l.size() || l[after] == ' ' || l[after] == '=';
      if (starts && ends) return true;
    }
  }
  return false;
}

// A file put in place by ln / cp / mv: a proxy's upstream swapped moves traffic; a backed-up configuration
// or env file put back restores configuration; the link a release-directory layout serves from
// ("current", "live", "active") pointed at a release directory goes back to that release. "" otherwise.
std::string file_swap_action(const std::vector<Token>& tokens, std::size_t first) {
  std::vector<std::string> paths;
  for (std::size_t k = first; k < tokens.size(); ++k)
    if (!tokens[k].text.empty() && tokens[k].text[0] != '-') paths.push_back(lowered(tokens[k].text));
  if (paths.size() < 2) return {};
  if (first > 0 && basename_of(tokens[first - 1].text) == "ln") {
    std::string link = paths.back();
    while (!link.empty() && link.back() == '/')
      link.pop_back();
    const std::string served = basename_of(link);
    if ((served == "current" || served == "live" || served == "active") && contains(paths.front(), "release"))
      return "rollout_undo";
  }
  for (const auto& p : paths)
    for (std::string_view w :
         {"nginx", "haproxy", "upstream", "envoy", "traefik", "caddy", "/lb/", "backend"})
      if (contains(p, w)) return "shift_traffic";
  const std::string& source = paths.front();
  const std::string& dest = paths.back();
  const bool kept = contains(source, "bak") || contains(source, "backup") || contains(source, "old") ||
                    contains(source, "prev") || contains(source, "known-good") ||
                    contains(source, "last-good");
  const bool config = contains(dest, "conf") || contains(dest, ".env") || contains(dest, "settings") ||
                      dest.ends_with(".yaml") || dest.ends_with(".yml") || dest.ends_with(".json") ||
                      dest.ends_with(".toml") || dest.ends_with(".ini");
  return kept && config ? "restore_config" : std::string();
}

// The directories of a path, lower case: "infra/scripts/" for "./infra/scripts/rollback.sh".
std::string dirname_of(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string() : lowered(path.substr(0, slash + 1));
}

bool dir_says_infra(std::string_view dir) {
  for (std::string_view w :
       {"infra", "terraform", "tofu", "iac/", "pulumi", "cdk", "cloudformation", "stack"})
    if (contains(dir, w)) return true;
  return false;
}

// The catalogue's name for the program at tokens[i], and the index of its first argument.
// Returns an empty tool for a program the catalogue does not know.
std::pair<std::string, std::size_t> program_of(const std::vector<Token>& tokens, std::size_t i) {
  const std::string prog = basename_of(tokens[i].text);
  const auto arg = [&](std::size_t k) -> std::string_view {
    return i + k < tokens.size() ? std::string_view(tokens[i + k].text) : std::string_view{};
  };
  if (prog == "kubectl" || prog == "oc" || prog == "k" || prog == "microk8s.kubectl")
    return {"kubectl", i + 1};
  if (prog == "docker-compose") return {"docker compose", i + 1};
  if (prog == "docker" && arg(1) == "compose") return {"docker compose", i + 2};
  if (prog == "manage.py") return {"django", i + 1};
  if ((starts_with(prog, "python") || prog == "py" || prog == "pipenv" || prog == "poetry")) {
    std::size_t k = 1;
    if ((prog == "pipenv" || prog == "poetry") && arg(1) == "run") k = 2;
    if (starts_with(basename_of(arg(k)), "python")) ++k;
    if (basename_of(arg(k)) == "manage.py") return {"django", i + k + 1};
    if (arg(k) == "-m" && (arg(k + 1) == "alembic" || arg(k + 1) == "flask"))
      return {std::string(arg(k + 1)), i + k + 2};
    if (prog == "pipenv" || prog == "poetry") return program_of(tokens, i + k);
    return {"", i + 1};
  }
  // Package runners: "npx prisma ...", "yarn knex ...", "pnpm exec typeorm ...", "bundle exec rails ...".
  if (prog == "npx" || prog == "bunx" || prog == "yarn" || prog == "pnpm" || prog == "bundle") {
    std::size_t k = 1;
    if (arg(1) == "exec" || arg(1) == "dlx") k = 2;
    if (i + k < tokens.size()) {
      auto inner = program_of(tokens, i + k);
      if (!inner.first.empty()) return inner;
    }
    return {"", i + 1};
  }
  if (prog == "rake" || prog == "rails") return {"rails", i + 1};
  if (prog == "sequelize" || prog == "sequelize-cli") return {"sequelize", i + 1};
  if (starts_with(prog, "typeorm")) return {"typeorm", i + 1};
  if (prog == "tofu" || prog == "terragrunt") return {"terraform", i + 1};
  if (prog == "fly") return {"flyctl", i + 1};
  if (prog == "sls") return {"serverless", i + 1};
  if (prog == "pgbackrest" || prog == "wal-g" || prog == "barman") {
    // Their sub-command may follow options: "pgbackrest --stanza=main --type=time restore".
    std::size_t k = i + 1;
    while (k < tokens.size() && !tokens[k].text.empty() && tokens[k].text[0] == '-')
      ++k;
    return {prog, k};
  }
  if (prog == "wget" || prog == "http" || prog == "https" || prog == "curlie") return {"curl", i + 1};
  for (const Rule& r : kRules)
    if (r.tool == prog) return {prog, i + 1};
  return {"", i + 1};
}

// Whether a script's name opens or ends with a check ("post-rollback-verification.sh",
// "verify-rollback.sh", "rollback_check.py"): whatever else it names, it checks that.
bool name_is_a_check(std::string_view n) {
  std::vector<std::string> words;
  std::string word;
  std::string_view base = n;
  if (const std::size_t dot = base.rfind('.'); dot != std::string_view::npos && dot > 0)
    base = base.substr(0, dot);
  for (std::size_t i = 0; i <= base.size(); ++i) {
    if (i < base.size() && base[i] >= 'a' && base[i] <= 'z') {
      word += base[i];
    } else if (!word.empty()) {
      words.push_back(word);
      word.clear();
    }
  }
  const auto check = [](std::string_view w) {
    return w == "verify" || w == "verification" || w == "validate" || w == "validation" || w == "check" ||
           w == "checks" || w == "healthcheck" || w == "smoke" || w == "smoketest" || w == "test" ||
           w == "tests" || w == "sanity";
  };
  return !words.empty() && (check(words.front()) || check(words.back()));
}

// What a script's name says it does ("rollback.sh", "switch-traffic.sh", "restore-db.sh", "npm run
// rollback:db"); "" when the name says nothing the plan can use.
std::string script_action_by_words(std::string_view script);

std::string script_action(std::string_view script) {
  // A check named with what it checks ("post-rollback-verification.sh" is no rollback). A name that
  // names nothing else ("system:validate") stays as the words below read it.
  const std::string action = script_action_by_words(script);
  if (!action.empty() && name_is_a_check(lowered(script))) return "verify";
  return action;
}

std::string script_action_by_words(std::string_view script) {
  const std::string n = lowered(script);
  const auto any = [&](std::initializer_list<std::string_view> words) {
    for (std::string_view w : words)
      if (contains(n, w)) return true;
    return false;
  };
  const bool back = any({"rollback", "roll-back", "roll_back", "revert", "undo", "previous", "downgrade"});
  if (any({"migrat"}) && (back || any({"down"}))) return "db_migrate_down";
  if (any({"db:", "db-", "db_", "database"}) && back) return "db_migrate_down";
  if (any({"restore", "recover", "pitr"}) &&
      any({"db", "database", "backup", "data", "pg", "mysql", "mongo"}))
    return "db_restore";
  if (any({"kill-switch", "killswitch", "kill_switch", "disable-flag", "disable_flag", "disable-feature",
           "flag-off", "feature-off"}))
    return "disable_flag";
  if (any({"switch", "traffic", "cutover", "cut-over", "cut_over", "failover", "fail-over", "fail_over",
           "swap", "blue", "green", "shift", "route", "dns", "weight"}))
    return "shift_traffic";
  if (any({"maintenance"})) return "maintenance_mode";
  if (any({"terraform", "infra"}) && back) return "infra_rollback";
  if (any({"config"}) && (back || any({"restore"}))) return "restore_config";
  if (back) return "rollout_undo";
  if (any({"redeploy", "deploy-stable", "deploy_stable", "deploy-previous"})) return "pipeline_redeploy";
  if (any({"smoke", "health", "verify", "check"})) return "verify";
  return {};
}

// What the sub-command words of a program the catalogue does not list say it does: the first words before
// any option or value (lower-case words, parts joined by '-', ':' or '_'). A part that goes back (rollback,
// revert, undo) is a rollout_undo; one that switches (swap, failover, switchover, cutover) a shift_traffic.
// "" otherwise: an unknown command stays unknown.
std::string subcommand_action(const std::vector<Token>& tokens, std::size_t from) {
  for (std::size_t k = from; k < tokens.size() && k < from + 3; ++k) {
    const std::string& t = tokens[k].text;
    if (tokens[k].quoted || t.empty() || !(t[0] >= 'a' && t[0] <= 'z') || t.back() == ':') return {};
    if (!std::all_of(t.begin(), t.end(), [](char c) {
          return (c >= 'a' && c <= 'z') || is_digit(c) || c == '-' || c == ':' || c == '_';
        }))
      return {};
    std::string part;
    for (std::size_t j = 0; j <= t.size(); ++j) {
      if (j < t.size() && t[j] != '-' && t[j] != ':' && t[j] != '_') {
        part += t[j];
        continue;
      }
      if (part == "rollback" || part == "revert" || part == "undo") return "rollout_undo";
      if (part == "swap" || part == "failover" || part == "switchover" || part == "cutover")
        return "shift_traffic";
      part.clear();
    }
  }
  return {};
}

// Programs that only prepare or read (cd, export, echo, grep): known, no action.
bool is_shell_builtin(std::string_view prog) {
  constexpr std::array<std::string_view, 36> kBuiltins = {
      "[",    "[[",     "test",  "cd",    "export", "echo", "set",    "source", ".",
      "true", "printf", "unset", "pushd", "popd",   "read", "cat",    "grep",   "tail",
      "head", "jq",     "less",  "ls",    "wc",     "date", "diff",   "pwd",    "clear",
      "fi",   "esac",   "done",  "case",  "for",    "exit", "return", ";;",     "awk"};
  return std::find(kBuiltins.begin(), kBuiltins.end(), prog) != kBuiltins.end();
}

// Wrappers whose own options come before the command they run.
std::size_t skip_wrapper_options(const std::vector<Token>& tokens, std::size_t i, std::string_view wrapper) {
  while (i < tokens.size() && tokens[i].text.size() > 1 && tokens[i].text[0] == '-') {
    const std::string& t = tokens[i].text;
    ++i;
    // sudo's -u and -g take a value, also at the end of a group of short options ("-Hiu postgres").
    const bool takes = (wrapper == "sudo" && t[1] != '-' && (t.back() == 'u' || t.back() == 'g')) ||
                       (wrapper == "env" && t == "-u") ||
                       (wrapper == "watch" && (t == "-n" || t == "--interval"));
    if (takes && i < tokens.size()) ++i;
  }
  if (wrapper == "timeout" && i < tokens.size()) ++i;  // Its duration.
  return i;
}

// A job run by its name on a platform ("gcloud run jobs execute orders-restore --args=gs://.../dump.sql.gz",
// "az containerapp job start --name db-restore"): it does what its name and its arguments say, as a script
// does. A job whose name and arguments say nothing stays as the catalogue reads it.
void refine_job_run(CommandMatch& m, const Args& args, std::string_view tool) {
  const auto& p = args.positional;
  std::size_t at = 0;
  while (at < p.size() && (p[at] == "beta" || p[at] == "alpha"))
    ++at;
  if (tool == "gcloud" && p.size() > at + 2 && p[at] == "run" && p[at + 1] == "jobs" &&
      (p[at + 2] == "execute" || p[at + 2] == "run")) {
    at += 3;
  } else if (tool == "az" && p.size() >= 3 && p[0] == "containerapp" && p[1] == "job" && p[2] == "start") {
    at = 3;
  } else {
    return;
  }
  std::string words;
  for (std::size_t k = at; k < p.size(); ++k)
    words += p[k] + " ";
  for (const auto& [name, value] : args.flags)
    if (name == "--name" || name == "--args" || name == "--image" || name == "--args-override")
      words += value + " ";
  // A dump or a backup file handed to the job is the copy it works on ("--args=gs://b/orders.sql.gz").
  for (std::string_view suffix : {".sql", ".sql.gz", ".dump", ".bak", ".archive", ".tar.gz"})
    if (contains(lowered(words), std::string(suffix) + " ")) words += "backup ";
  if (const std::string action = script_action_by_words(words); !action.empty()) m.action = action;
}

// A release upgraded with values that set traffic weights ("helm upgrade web ./chart --set traffic.v1=100
// --set traffic.v2=0", "--set canary.weight=0"): the chart moves requests between the versions it already
// runs; no other release is deployed.
void refine_weights_in_values(CommandMatch& m, const Args& args) {
  if (m.action != "pipeline_redeploy") return;
  for (const auto& [name, value] : args.flags) {
    if (name != "--set" && name != "--set-string") continue;
    std::size_t from = 0;
    while (from <= value.size()) {
      const std::size_t end = std::min(value.find(',', from), value.size());
      const std::string_view pair = std::string_view(value).substr(from, end - from);
      const std::size_t eq = pair.find('=');
      if (eq != std::string_view::npos && eq + 1 < pair.size()) {
        const std::string key = lowered(pair.substr(0, eq));
        const std::string_view number = pair.substr(eq + 1);
        if ((contains(key, "weight") || contains(key, "traffic")) &&
            std::all_of(number.begin(), number.end(), [](char c) { return is_digit(c); })) {
          m.action = "shift_traffic";
          return;
        }
      }
      from = end + 1;
    }
  }
}

CommandMatch match_segment(const std::vector<Token>& tokens, int depth) {
  CommandMatch m;
  std::size_t i = 0;
  std::vector<std::string> assignments;
  // Prompts, assignments and wrappers before the program.
  while (i < tokens.size()) {
    const std::string& t = tokens[i].text;
    if (!tokens[i].quoted && (t == "$" || t == ">" || t == "%")) {
      ++i;
    } else if (is_assignment(tokens[i])) {
      assignments.push_back(t);
      ++i;
    } else if (!tokens[i].quoted && (t == "if" || t == "then" || t == "else" || t == "elif" || t == "while" ||
                                     t == "until" || t == "do" || t == "!" ||
                                     (t.size() > 1 && t.back() == ')' && t.find('(') == std::string::npos))) {
      ++i;  // Shell syntax around a command: "if kubectl ...; then", a case label "1)".
    } else if (t == "sudo" || t == "env" || t == "time" || t == "nohup" || t == "exec" || t == "command" ||
               t == "watch" || t == "timeout" || t == "builtin") {
      i = skip_wrapper_options(tokens, i + 1, t);
      // "watch -n 5 'curl -s ... | jq'": one quoted command.
      if ((t == "watch") && i + 1 == tokens.size() && tokens[i].quoted)
        return match_text(tokens[i].text, depth + 1);
    } else {
      break;
    }
  }
  if (i >= tokens.size()) {
    // Only assignments: FEATURE_X=false turns a flag off; X=$(cmd) runs cmd.
    const std::string flag = disabled_flag_in(assignments);
    if (!flag.empty()) {
      m.known = true;
      m.tool = "env";
      m.what = "set";
      m.action = "disable_flag";
      m.flag = flag;
      return m;
    }
    for (const std::string& a : assignments) {
      const std::size_t open = a.find("$(");
      const std::size_t close = a.rfind(')');
      if (open != std::string::npos && close != std::string::npos && close > open + 2)
        return match_text(std::string_view(a).substr(open + 2, close - open - 2), depth + 1);
    }
    if (!assignments.empty()) {
      m.known = true;
      m.tool = "shell";
      m.what = "assignment";
    }
    return m;
  }
  const std::string prog = basename_of(tokens[i].text);
  // "bash -c 'cmd'", "sh -c 'cmd'", "ssh host 'cmd'".
  if ((prog == "bash" || prog == "sh" || prog == "zsh") && i + 2 < tokens.size() &&
      tokens[i + 1].text == "-c")
    return match_text(tokens[i + 2].text, depth + 1);
  if (prog == "ssh") {
    const Args a = parse_args(tokens, i + 1, {"-i -p -l -o -J -F"});
    if (a.positional.size() >= 2) return match_text(join(a.positional, 1), depth + 1);
    m.known = true;
    m.tool = "ssh";
    m.what = "connect";
    return m;
  }
  if (prog == "export" || prog == "set" || prog == "declare") {
    std::vector<std::string> words;
    for (std::size_t k = i + 1; k < tokens.size(); ++k)
      words.push_back(tokens[k].text);
    const std::string flag = disabled_flag_in(words);
    m.known = true;
    m.tool = flag.empty() ? "shell" : "env";
    m.what = prog;
    if (!flag.empty()) {
      m.action = "disable_flag";
      m.flag = flag;
    }
    return m;
  }
  if (prog == "sleep") {
    m.known = true;
    m.tool = "shell";
    m.what = "sleep";
    m.action = "wait";
    return m;
  }
  if (is_shell_builtin(prog)) {
    m.known = true;
    m.tool = "shell";
    m.what = prog;
    constexpr std::string_view kReaders = "cat grep tail head jq less ls wc diff awk [ [[ test";
    m.observes = in_list(kReaders, prog);
    return m;
  }
  auto [tool, first] = program_of(tokens, i);
  if (tool.empty()) {
    // Scripts and package scripts: "npm run rollback", "make rollback", "./scripts/restore-db.sh",
    // "bash scripts/switch-traffic.sh": what the name says they do, when it says it.
    m.tool = prog;
    const std::string& path = tokens[i].text;
    const bool script_file = path.find('/') != std::string::npos || path.ends_with(".sh") ||
                             path.ends_with(".py") || path.ends_with(".ps1") || path.ends_with(".bash") ||
                             path.ends_with(".rb");
    std::string name = script_file ? prog : std::string();
    std::string dir = script_file ? dirname_of(path) : std::string();
    // Interpreters run the script they are given: "python scripts/failover.py", "node tools/rollback.js".
    const bool interpreter = starts_with(prog, "python") || prog == "py" || prog == "node" ||
                             prog == "ruby" || prog == "perl" || prog == "pwsh" || prog == "powershell" ||
                             prog == "deno" || prog == "bun" || prog == "tsx" || prog == "ts-node";
    if (prog == "npm" || prog == "yarn" || prog == "pnpm" || prog == "make" || prog == "just" ||
        prog == "bash" || prog == "sh" || prog == "zsh" || prog == "task" || prog == "invoke" ||
        interpreter) {
      m.what = "script";
      std::size_t k = i + 1;
      while (k < tokens.size() && (tokens[k].text == "run" || tokens[k].text == "run-script" ||
                                   (!tokens[k].text.empty() && tokens[k].text[0] == '-')))
        ++k;
      const bool module = interpreter && k > i + 1 && tokens[k - 1].text == "-m";
      name = k < tokens.size() && !module ? basename_of(tokens[k].text) : std::string();
      if (k < tokens.size() && !module) dir = dirname_of(tokens[k].text);
    }
    std::string action = script_action(name);
    // An Ansible playbook: by its name when it says what it does; otherwise it applies the state the
    // inventory pins (a version, a configuration), which in a rollback runbook is the previous one.
    // "--check" is Ansible's rehearsal.
    if (prog == "ansible-playbook") {
      std::string playbook;
      for (std::size_t k = i + 1; k < tokens.size() && playbook.empty(); ++k) {
        const std::string& t = tokens[k].text;
        if (t.ends_with(".yml") || t.ends_with(".yaml")) playbook = t;
      }
      name = basename_of(playbook);
      action = script_action(name);
      const std::string n = lowered(name);
      if (action.empty())
        action = contains(n, "backup") || contains(n, "snapshot") || contains(n, "dump")
                     ? "manual"
                     : "pipeline_redeploy";
      bool check = false;
      for (std::size_t k = i + 1; k < tokens.size(); ++k)
        check = check || tokens[k].text == "--check" || tokens[k].text == "-C" ||
                tokens[k].text == "--syntax-check" || tokens[k].text == "--list-tasks";
      m.known = true;
      m.tool = "ansible-playbook";
      m.what = "playbook " + name;
      m.action = check ? "" : action;
      m.observes = check;
      return m;
    }
    if (prog == "ln" || prog == "cp" || prog == "mv" || prog == "install" || prog == "rsync") {
      action = file_swap_action(tokens, i + 1);
      if (!action.empty()) name = prog;
    }
    // A rollback script in an infrastructure directory ("infra/rollback.sh", "terraform/scripts/undo.sh")
    // rolls the infrastructure back.
    if (action == "rollout_undo" && dir_says_infra(dir)) action = "infra_rollback";
    if (action.empty()) {
      // A script or a platform's CLI handed a flag set to false ("toggle.sh FEATURE_X=false",
      // "railway variables --set FEATURE_X=false") turns that flag off.
      std::vector<std::string> words;
      for (std::size_t k = i + 1; k < tokens.size(); ++k)
        words.push_back(tokens[k].text);
      if (const std::string flag = disabled_flag_in(words); !flag.empty()) {
        action = "disable_flag";
        m.flag = flag;
      }
      // A script or a CLI told to turn maintenance mode on or off ("./bin/shopctl maintenance on",
      // "ops.sh maintenance-mode disable", "site --maintenance=off"): the maintenance page.
      for (std::size_t k = 0; k < words.size() && action.empty(); ++k) {
        const std::string w = lowered(words[k]);
        if (!contains(w, "maintenance")) continue;
        const std::size_t eq = w.find_first_of("=:");
        const std::string value =
            eq != std::string::npos ? w.substr(eq + 1) : (k + 1 < words.size() ? lowered(words[k + 1]) : "");
        const auto one_of = [&](std::initializer_list<std::string_view> values) {
          return std::find(values.begin(), values.end(), value) != values.end();
        };
        const bool on = one_of({"on", "enable", "activate", "start", "true", "1", "up"});
        const bool off = one_of({"off", "disable", "deactivate", "stop", "false", "0", "down"});
        if (on || off) {
          action = "maintenance_mode";
          if (on) m.undone_by = "maintenance off";
        }
      }
    }
    if (!action.empty()) {
      m.known = true;
      m.what = "script " + name;
      m.action = action;
      return m;
    }
    // A platform's CLI the catalogue does not list, whose sub-command says it goes back ("bb apps rollback",
    // "waypoint ... rollback") or switches traffic: read by its sub-command, as a script by its name.
    // A name that extends a listed program ("kubectlx") is a typo of it, not another platform.
    const bool near_listed = std::any_of(std::begin(kRules), std::end(kRules), [&](const Rule& r) {
      return r.tool.size() >= 3 && starts_with(prog, r.tool);
    });
    // A program is typed in lower case ("Terraform rollback: revert IaC changes" is a sentence).
    const bool typed = !prog.empty() && std::all_of(prog.begin(), prog.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || is_digit(c) || c == '-' || c == '_';
    });
    if (!script_file && m.what.empty() && !near_listed && typed) {
      const std::string sub = subcommand_action(tokens, i + 1);
      if (!sub.empty()) {
        m.known = true;
        m.what = "sub-command";
        m.action = sub;
      }
    }
    return m;
  }
  const Args args = parse_args(tokens, std::min(first, tokens.size()), syntax_of(tool));
  const Rule* rule = nullptr;
  for (const Rule& r : kRules) {
    if (r.tool == tool && words_match(r.words, args.positional)) {
      rule = &r;
      break;
    }
  }
  if (rule == nullptr) return m;
  m.known = true;
  m.tool = tool;
  m.what = std::string(rule->words);
  m.action = std::string(rule->action);
  m.observes = rule->observes;
  m.undone_by = std::string(rule->undone_by);
  const std::size_t after = word_count(rule->words);
  switch (rule->target) {
    case TargetFrom::None:
      break;
    case TargetFrom::Workload:
      m.target = workload_of(args.positional, after);
      break;
    case TargetFrom::Arg:
      if (after < args.positional.size()) m.target = args.positional[after];
      break;
    case TargetFrom::Flag:
      for (const auto& [name, value] : args.flags)
        if (in_list(rule->flags, name) && m.target.empty()) m.target = value;
      break;
  }
  if (rule->words.empty() && !args.positional.empty() && has_subcommands(tool)) m.what = args.positional[0];

  if (tool == "kubectl") refine_kubectl(m, args, depth);
  if (tool == "kubectl" && m.what == "patch") refine_kubectl_patch(m, args);
  if (tool == "nginx" || tool == "haproxy" || tool == "systemctl" || tool == "service")
    refine_proxy(m, args, tool);
  if ((tool == "pgbackrest" && contains(lowered(join(args.positional)), "time")) ||
      (tool == "pgbackrest" && args.has({"--type", "--target"})) ||
      (tool == "gcloud" && m.what == "sql instances clone" && args.has({"--point-in-time"})) ||
      (tool == "pitrery" && args.has({"-d", "--date"})))
    m.point_in_time = m.action == "db_restore";
  if (tool == "psql" || tool == "mysql" || tool == "sqlite3") refine_sql_client(m, args, tool);
  if (tool == "mysql" && m.action == "manual" && contains(join(args.positional), "restore"))
    m.action = "db_restore";
  if (tool == "pg_restore") refine_pg_restore(m, args);
  if (tool == "mongorestore") m.store = args.flag({"--db", "-d"}).value_or("");
  if (tool == "django") refine_django(m, args);
  if (tool == "prisma") refine_prisma(m, args);
  if (tool == "goose" || tool == "migrate" || tool == "liquibase") refine_migration_tool(m, args);
  if (tool == "aws") refine_aws(m, args);
  if (tool == "gcloud") refine_gcloud(m, args);
  if (tool == "curl") refine_http(m, args);
  if (tool == "docker") refine_docker_service(m, args);
  if (tool == "heroku" && m.what == "ps:scale") {
    // "heroku ps:scale web=2 worker=1", "heroku ps:scale web+2": the first process type's count.
    for (std::size_t i = 1; i < args.positional.size(); ++i) {
      const std::string& p = args.positional[i];
      const auto at = p.find_first_of("=+-");
      if (at == std::string::npos || at == 0) continue;
      bool added = false;
      const auto n = replica_count(std::string_view(p).substr(p[at] == '=' ? at + 1 : at), added);
      if (n && !added) m.replicas = *n;
      if (n && added) m.replicas_added = p[at] == '-' ? -*n : *n;
      break;
    }
  }
  // A push to the branch a pipeline or a GitOps controller deploys from (main, master, production,
  // release ...): what is pushed (a revert, an older pin) is deployed. A push to another branch, a tag
  // or a placeholder deploys nothing by itself.
  const bool placeholder = std::any_of(tokens.begin(), tokens.end(), [](const Token& t) {
    return placeholder_at(t.text, 0) > 0 || (!t.text.empty() && t.text[0] == '<');
  });
  if (tool == "git" && m.what == "push" && !placeholder &&
      !args.has({"--dry-run", "-n", "--tags", "--delete", "-d"})) {
    std::string branch = args.positional.size() >= 3 ? lowered(args.positional[2]) : std::string();
    if (const auto colon = branch.find(':'); colon != std::string::npos) branch = branch.substr(colon + 1);
    if (starts_with(branch, "head") || branch.empty()) branch = args.positional.size() >= 3 ? "" : "main";
    for (std::string_view deployed : {"main", "master", "prod", "production", "release", "live", "trunk"})
      if (branch == deployed || (deployed == "release" && starts_with(branch, "release")))
        m.action = "pipeline_redeploy";
  }
  if (tool == "git" && (m.what == "tag" || m.what == "branch") &&
      (args.has({"-l", "--list"}) || args.positional.size() == 1)) {
    m.action = "";
    m.observes = true;
  }
  if (tool == "ldcli") refine_flag_cli(m, args);
  if ((tool == "consul" && m.what == "kv put") || (tool == "etcdctl" && m.what == "put")) refine_kv(m, args);
  if (tool == "cap") refine_capistrano(m, args);
  // "oc set route-backends ROUTE" alone prints the backends; with weights (or --zero, --equal) it sets them.
  if (tool == "kubectl" && m.what == "set route-backends" && args.positional.size() <= 3 &&
      !args.has({"--zero", "--equal", "--adjust"})) {
    m.action = "";
    m.observes = true;
  }
  if (tool == "cf" && m.what == "set-env" && args.positional.size() >= 4) {
    if (const std::string flag = disabled_flag_in({args.positional[2] + "=" + args.positional[3]});
        !flag.empty()) {
      m.action = "disable_flag";
      m.flag = flag;
    }
  }
  if (tool == "cf" && m.what == "scale") {
    const auto r = args.flag({"-i"});
    int n = 0;
    if (!r)
      m.action = "manual";  // Memory or disk only: no instance count.
    else if (std::from_chars(r->data(), r->data() + r->size(), n).ec == std::errc{} && n >= 0)
      m.replicas = n;
  }
  // A platform's CLI setting a flag-like variable to false ("railway variables --set FEATURE_X=false",
  // "fly secrets set NEW_UI_ENABLED=0") turns that flag off, whichever sub-command carries it.
  // So does a redeploy or a configuration update that carries one ("gcloud run services update
  // --update-env-vars NEW_UI_ENABLED=false", "helm upgrade --set features.newCheckout=false", "aws lambda
  // update-function-configuration --environment Variables={FEATURE_X=false}"): the release stays, the
  // feature goes off.
  if (m.action == "manual" || m.action == "restore_config" || m.action == "pipeline_redeploy") {
    std::vector<std::string> words;
    const auto split = [&](std::string_view v) {
      std::string w;
      for (const char c : v) {
        if (c == ',' || c == '{' || c == '}' || c == ' ') {
          if (!w.empty()) words.push_back(w);
          w.clear();
        } else {
          w += c;
        }
      }
      if (!w.empty()) words.push_back(w);
    };
    for (const auto& p : args.positional)
      split(p);
    for (const auto& [name, value] : args.flags)
      split(value);
    if (const std::string flag = disabled_flag_in(words); !flag.empty()) {
      m.action = "disable_flag";
      m.flag = flag;
    }
  }
  if (tool == "az" && m.what == "webapp config appsettings set") {
    std::vector<std::string> settings;
    for (const auto& [flag, value] : args.flags)
      if (flag == "--settings") settings.push_back(value);
    for (const auto& p : args.positional)
      settings.push_back(p);
    const std::string flag = disabled_flag_in(settings);
    if (!flag.empty()) {
      m.action = "disable_flag";
      m.flag = flag;
    }
  }
  if (tool == "heroku" && m.what == "config:set") {
    const std::string flag = disabled_flag_in(args.positional);
    if (!flag.empty()) {
      m.action = "disable_flag";
      m.flag = flag;
    }
  }
  refine_job_run(m, args, tool);
  if (tool == "helm") refine_weights_in_values(m, args);
  if (tool == "redis-cli") {
    const std::string c = args.positional.empty() ? "" : lowered(args.positional[0]);
    if (c == "ping" || c == "info" || c == "get" || c == "dbsize") {
      m.action = "verify";
      m.observes = true;
    }
  }
  return m;
}

// How much a match tells about a chain's purpose: an action beats an observation beats preparation.
int weight(const CommandMatch& m) {
  if (m.known && !m.action.empty() && m.action != "manual" && !m.observes) return 4;
  if (m.known && m.observes) return 3;
  if (m.known && !m.action.empty()) return 2;
  if (!m.known && !m.tool.empty()) return 1;
  return 0;
}

CommandMatch match_text(std::string_view text, int depth) {
  if (depth > 4) return {};
  const std::vector<Token> tokens = tokenize(text);
  CommandMatch best;
  // Shell syntax alone (";;", "esac"): nothing to run, but nothing unknown either.
  if (!tokens.empty() && std::all_of(tokens.begin(), tokens.end(), [](const Token& t) {
        return t.op || (t.text.size() > 1 && t.text.back() == ')' && t.text.find('(') == std::string::npos);
      })) {
    best.known = true;
    best.tool = "shell";
    best.what = "syntax";
    return best;
  }
  int best_weight = -1;
  std::vector<Token> segment;
  const auto consider = [&] {
    if (segment.empty()) return;
    CommandMatch m = match_segment(segment, depth);
    // "kubectl logs ... | grep ERROR": what follows a pipe only filters the output.
    const int w = weight(m);
    if (w > best_weight) {
      best = std::move(m);
      best_weight = w;
    }
    segment.clear();
  };
  // A dump decompressed or read into a database client ("gunzip -c shop.sql.gz | mysql shop", "zcat
  // dump.sql.gz | psql -d shop", "aws s3 cp s3://b/dump.sql - | psql"): the reader restores the database.
  std::vector<Token> writer, reader;
  const auto consider_reader = [&] {
    if (reader.empty() || writer.empty()) return;
    std::string w;
    for (const Token& t : writer)
      w += lowered(t.text) + " ";
    const std::string prog =
        lowered(reader.front().text == "sudo" && reader.size() > 1 ? reader[1].text : reader.front().text);
    const bool client = prog == "mysql" || prog == "psql" || prog == "sqlite3" || prog == "mariadb" ||
                        prog == "pg_restore" || prog == "mongorestore";
    const bool reads_file =
        starts_with(w, "mysqlbinlog ") || starts_with(w, "mariadb-binlog ") || starts_with(w, "cat ") ||
        starts_with(w, "zcat ") || starts_with(w, "gunzip ") || starts_with(w, "gzip -d") ||
        starts_with(w, "gzip -cd") || starts_with(w, "xzcat ") || starts_with(w, "bzcat ") ||
        starts_with(w, "zstdcat ") || starts_with(w, "zstd -d") || starts_with(w, "xz -d") ||
        starts_with(w, "pv ") || starts_with(w, "aws s3 cp ") || starts_with(w, "gsutil cat ") ||
        starts_with(w, "openssl enc -d") || starts_with(w, "gpg -d") || starts_with(w, "gpg --decrypt");
    // Binary logs replayed into the server ("mysqlbinlog --stop-datetime=... binlog.000311 | mysql"): the
    // restore brought forward to a point in time.
    const bool binlog = starts_with(w, "mysqlbinlog ") || starts_with(w, "mariadb-binlog ");
    const bool dump = binlog || contains(w, ".sql") || contains(w, "dump") || contains(w, "backup") ||
                      contains(w, ".gz") || contains(w, "restore") || contains(w, "snapshot");
    if (!client || !reads_file || !dump) return;
    CommandMatch m = match_segment(reader, depth);
    if (!m.known || (!m.action.empty() && m.action != "manual" && m.action != "db_restore")) return;
    m.what = binlog ? "binlog replay" : "restore";
    m.action = "db_restore";
    m.observes = false;
    m.point_in_time = binlog && (contains(w, "--stop-datetime") || contains(w, "--stop-position"));
    if (m.store.empty() && (prog == "mysql" || prog == "psql" || prog == "mariadb")) {
      const std::size_t from = reader.front().text == "sudo" ? 2 : 1;
      const Args a =
          parse_args(reader, std::min(from, reader.size()), syntax_of(prog == "psql" ? "psql" : "mysql"));
      const auto named = a.flag({"-d", "--dbname", "-D", "--database"});
      m.store = named ? *named : (a.positional.empty() ? "" : a.positional[0]);
      if (is_placeholder(m.store)) m.store.clear();
    }
    if (weight(m) > best_weight) {
      best = std::move(m);
      best_weight = weight(best);
    }
  };
  bool piped = false;
  for (const Token& t : tokens) {
    if (t.op) {
      if (!piped) writer = segment;
      consider();
      consider_reader();
      reader.clear();
      piped = t.text == "|";
      continue;
    }
    if (piped) {  // The pipe's reader: it only filters the output, unless it loads a dump.
      reader.push_back(t);
      continue;
    }
    segment.push_back(t);
  }
  if (!piped) writer = segment;
  consider();
  consider_reader();
  return best;
}

// Lines of a runbook that are not shell commands but act all the same: SQL statements, a PITR setting
// (recovery_target_time), a configuration or code line that turns a flag off ("new_checkout: false",
// "FEATURE_X = False"), an HAProxy runtime command sent to its socket.
std::optional<CommandMatch> match_non_shell(std::string_view text) {
  const std::string l = lowered(text);
  CommandMatch m;
  m.known = true;
  if (starts_with(l, "recovery_target_time") || starts_with(l, "recovery_target_lsn") ||
      starts_with(l, "recovery_target_xid") || starts_with(l, "recovery_target_name") ||
      starts_with(l, "restore_command")) {
    m.tool = "postgresql.conf";
    m.what = std::string(l.substr(0, l.find_first_of(" =")));
    m.action = "db_restore";
    m.point_in_time = true;
    return m;
  }
  if ((contains(l, "socat") || contains(l, "nc -u")) &&
      (contains(l, "set weight") || contains(l, "set server") || contains(l, "disable server") ||
       contains(l, "enable server"))) {
    m.tool = "haproxy";
    m.what = "runtime api";
    m.action = "shift_traffic";
    return m;
  }
  // sed -i 's/feature_x: true/feature_x: false/' config.yml (also run with sudo)
  if ((starts_with(l, "sed ") || starts_with(l, "sudo sed ")) && contains(l, "-i")) {
    // The s/PATTERN/REPLACEMENT/ expression: its replacement must hold the false value.
    const std::size_t at = l.find("s/");
    const std::size_t mid = at == std::string::npos ? at : l.find('/', at + 2);
    const std::size_t end = mid == std::string::npos ? mid : l.find('/', mid + 1);
    const std::string replacement =
        end == std::string::npos ? std::string() : l.substr(mid + 1, end - mid - 1);
    std::vector<std::string> words(1);
    for (const char c : l) {
      if (is_ident(c) || c == '-') {
        words.back() += c;
      } else if (!words.back().empty()) {
        words.emplace_back();
      }
    }
    for (std::size_t i = 0; i + 1 < words.size(); ++i) {
      if (is_flag_name(words[i]) && is_false_word(words[i + 1]) && contains(replacement, words[i + 1])) {
        m.tool = "sed";
        m.what = "edit config";
        m.action = "disable_flag";
        m.flag = words[i];
        return m;
      }
    }
    return std::nullopt;
  }
  // SQL: the first word says what the statement does.
  const std::string first = l.substr(0, l.find_first_of(" \t(;"));
  static constexpr std::array<std::string_view, 11> kSql = {"select",  "update", "insert", "delete",
                                                            "alter",   "drop",   "create", "truncate",
                                                            "restore", "with",   "call"};
  if (std::find(kSql.begin(), kSql.end(), first) != kSql.end() &&
      (contains(l, " from ") || contains(l, " set ") || contains(l, " table ") || contains(l, " into ") ||
       contains(l, " database ") || first == "select" || first == "call")) {
    m.tool = "sql";
    m.what = first;
    if (first == "select" || first == "with") {
      m.action = "verify";
      m.observes = true;
      if (contains(l, "pg_wal_replay_resume")) {
        m.action = "manual";
        m.observes = false;
      }
      if (contains(l, "pg_promote")) {  // The standby promoted to primary (as pg_ctl promote).
        m.action = "db_restore";
        m.observes = false;
      }
      return m;
    }
    if (first == "restore" && contains(l, "database")) {
      m.action = "db_restore";
      m.point_in_time = contains(l, "stopat");
      return m;
    }
    m.action = "manual";
    // A kill switch in a table: UPDATE feature_flags SET enabled = false WHERE name = 'new_checkout'.
    if (first == "update" && (contains(l, "flag") || contains(l, "feature") || contains(l, "toggle")) &&
        (contains(l, "false") || contains(l, "= 0") || contains(l, "=0") || contains(l, "'off'"))) {
      m.action = "disable_flag";
      const std::size_t where = l.find("where");
      if (where != std::string::npos) {
        const std::size_t q1 = text.find_first_of("'\"", where);
        const std::size_t q2 = q1 == std::string::npos ? q1 : text.find_first_of("'\"", q1 + 1);
        if (q2 != std::string::npos) m.flag = std::string(text.substr(q1 + 1, q2 - q1 - 1));
      }
      return m;
    }
    // Schema undone: a column or table dropped, renamed back, a migration's record removed.
    if ((first == "alter" && (contains(l, " drop ") || contains(l, " rename "))) ||
        (first == "drop" && (contains(l, "table") || contains(l, "index") || contains(l, "column"))) ||
        ((first == "delete" || first == "update") && contains(l, "migration")))
      m.action = "db_migrate_down";
    return m;
  }
  // A setting that turns a flag off, in configuration (YAML, INI, .env) or in code.
  {
    std::size_t e = 0;
    while (e < l.size() && (is_ident(l[e]) || l[e] == '-' || l[e] == '.'))
      ++e;
    std::size_t v = e;
    while (v < l.size() && (l[v] == ' ' || l[v] == ':' || l[v] == '='))
      ++v;
    if (e > 0 && v > e && v < l.size()) {
      std::string value = l.substr(v);
      while (!value.empty() && (value.back() == ';' || value.back() == ',' || value.back() == ' '))
        value.pop_back();
      std::erase_if(value, [](char c) { return c == '"' || c == '\''; });
      const std::string name(text.substr(0, e));
      if (is_flag_name(name) && is_false_word(value)) {
        m.tool = "config";
        m.what = "flag setting";
        m.action = "disable_flag";
        m.flag = name.substr(name.rfind('.') == std::string::npos ? 0 : name.rfind('.') + 1);
        return m;
      }
    }
  }
  return std::nullopt;
}

}  // namespace

// ---- Words -------------------------------------------------------------------------------------------

namespace {

// `stem` occurs in `t` at the start of a word ("test" in "testing", not in "latest"); a stem ending in '$'
// is a whole word ("app$" in "the app", not in "append").
bool has_stem(std::string_view t, std::string_view stem) {
  const bool whole = stem.ends_with('$');
  if (whole) stem.remove_suffix(1);
  for (std::size_t at = t.find(stem); at != std::string_view::npos; at = t.find(stem, at + 1)) {
    const std::size_t after = at + stem.size();
    if ((at == 0 || !is_alpha(t[at - 1])) && (!whole || after >= t.size() || !is_alpha(t[after])))
      return true;
  }
  return false;
}

bool any_stem(std::string_view t, std::initializer_list<std::string_view> stems) {
  for (std::string_view s : stems)
    if (has_stem(t, s)) return true;
  return false;
}

// The first word of a title, past numbering, markup and symbols.
std::string_view first_word(std::string_view t) {
  std::size_t b = 0;
  while (b < t.size() && !is_alpha(t[b]))
    ++b;
  std::size_t e = b;
  while (e < t.size() && (is_alpha(t[e]) || t[e] == '-'))
    ++e;
  return t.substr(b, e - b);
}

bool in(std::string_view word, std::initializer_list<std::string_view> words) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

// Words that move where something points: a switch, a cut-over, a failover, a redirect.
bool moves_words(std::string_view t) {
  return any_stem(t, {"switch", "point ", "repoint", "re-point", "cut over", "cutover", "cut-over",
                      "fail over", "failover", "fail-over", "flip", "shift", "redirect", "route ",
                      "move traffic", "swap", "promote standby"});
}

bool restores_a_mode(std::string_view t);
bool shares_to_versions(std::string_view t);

// The change a title names, or "".
std::string change_from_words(std::string_view t) {
  const bool back =
      any_stem(t, {"roll back",  "rollback",  "roll-back",       "revert",          "undo",
                   "downgrade",  "previous",  "last known good", "last-known-good", "known-good",
                   "known good", "last good", "prior ",          "zurück",          "rückgängig",
                   "rücksetz",   "vorherig",  "précédent",       "annuler",         "revenir",
                   "anterior",   "revertir",  "reverter",        "precedente",      "ripristin"});
  const bool flag_word =
      any_stem(t, {"flag", "feature", "toggle", "kill switch", "killswitch", "kill-switch"});
  if (flag_word && (any_stem(t, {"turn off", "turn it off", "switch off", "disable", "deactivate", "flip off",
                                 "toggle off", "set to false", "kill the", "deaktiv", "désactiv"}) ||
                    (any_stem(t, {"kill switch", "killswitch", "kill-switch"}) &&
                     any_stem(t, {"enable", "activate", "flip", "engage", "trigger", "pull", "set", "use"}))))
    return "disable_flag";
  // A flag put back as it was ("Revert the flag to its previous state", "Roll back the toggle"), or a
  // flag toggled in a rollback ("Toggle the flag", "Flip the feature flag"): the new code path goes dark.
  if (any_stem(t, {"flag", "toggle", "kill switch", "killswitch", "kill-switch"}) &&
      (back || any_stem(t, {"restor", "reset"}) ||
       in(first_word(t), {"toggle", "flip", "switch", "set", "update", "change"})))
    return "disable_flag";
  if (any_stem(t, {"migration"}) && back) return "db_migrate_down";
  // Services started where traffic fails over to ("Start services in the secondary region", "Bring up
  // the DR site"): the failover itself.
  if ((in(first_word(t), {"start", "activate"}) || any_stem(t, {"bring up", "spin up"})) &&
      any_stem(t, {"secondary", "standby", "dr region", "dr site", "failover region", "recovery region",
                   "recovery site", "backup region", "backup site"}))
    return "shift_traffic";
  // A replica or standby database promoted to primary: the database back from its copy.
  if ((any_stem(t, {"promote ", "befördern"}) || t.ends_with("promote")) &&
      any_stem(t,
               {"replica", "follower", "database", "db$", "postgres", "mysql", "rds", "aurora", "patroni"}) &&
      !any_stem(t, {"canary", "release", "build", "version", "image", "environment", "staging"}))
    return "db_restore";
  // "Disable the new checkout", "Turn off recommendations": a feature switched off by name, unless the
  // words name a part of the system that is no feature (a sync, a job, alerts, writes, a node ...).
  const std::string_view verb = first_word(t);
  if ((in(verb, {"disable", "deactivate"}) || t.starts_with("turn off") || t.starts_with("switch off")) &&
      !any_stem(t,
                {"sync",          "auto",     "alert",    "monitor",     "cron",      "job",      "schedul",
                 "webhook",       "replicat", "scal",     "hpa",         "pipeline",  "deploy",   "write",
                 "access",        "user",     "account",  "login",       "traffic",   "node",     "health",
                 "probe",         "endpoint", "server",   "instance",    "cache",     "trigger",  "queue",
                 "consumer",      "worker",   "firewall", "maintenance", "backup",    "cluster",  "dns",
                 "load balancer", "route",    "service",  "pod",         "container", "database", "db$",
                 "slot",          "region",   "zone",     "host",        "replica",   "shard"}))
    return "disable_flag";
  if ((any_stem(t, {"pitr$", "point-in-time", "point in time"}) && !any_stem(t, {"target"})) ||
      any_stem(t, {"replays wal", "replay wal", "replay the wal", "wal replay", "recovery_target"}))
    return "db_restore";
  const bool moves = moves_words(t);
  const bool config =
      any_stem(t, {"secret", "config", "env var", "environment variable", "connection string", "variable",
                   "settings", "database_url", "db_name", "db_host", "dsn$", "datasource"}) ||
      // "Point the app at shop_restored by changing DB_NAME in its environment": the means is a setting.
      (moves_words(t) && any_stem(t, {"by changing", "by editing", "by setting", "by updating"}));
  // Traffic sent back where it was: "Restore traffic to blue", "Return traffic to the stable pool",
  // "Route all traffic back to v1".
  const bool traffic_back =
      any_stem(t, {"traffic"}) && any_stem(t, {"restor", "return", "send", "direct", "move", "put ", "bring",
                                               "back to", "revert", "roll back", "rollback"});
  if (traffic_back && !config) return "shift_traffic";
  // A DNS record changed ("Update the A record", "Point the CNAME at blue"): traffic moves with it.
  if (any_stem(t, {"a record", "dns record", "cname", "dns entry", "aaaa record"}) &&
      any_stem(t, {"update", "change", "set ", "edit", "modify", "point"}))
    return "shift_traffic";
  if (shares_to_versions(t)) return "shift_traffic";
  if (moves && config) return "restore_config";
  if (moves && any_stem(t, {"traffic",  "dns",     "record",  "endpoint", "load balancer", "lb$",
                            "upstream", "router",  "route",   "alias",    "slot",          "blue",
                            "green",    "standby", "weight",  "primary",  "secondary",     "region",
                            "cluster",  "ingress", "backend", "pool",     "cname"}))
    return "shift_traffic";
  if (any_stem(t, {"restor", "recover", "wiederherstell", "restaur"}) &&
      any_stem(t, {"backup", "database", "db$", "snapshot", "dump", "data", "postgres", "mysql", "tables"}))
    return restores_a_mode(t) ? "restore_config" : "db_restore";
  if (config && (back || any_stem(t, {"restor"}))) return "restore_config";
  if (any_stem(t, {"restart", "neustart", "redémarr"})) return "restore_config";
  // "Disable auto-sync", "Suspend reconciliation": stopping a sync changes nothing that runs.
  const bool stops = any_stem(t, {"disable", "pause", "suspend", "stop", "freeze", "turn off"});
  const bool reconciles = !stops && (any_stem(t, {"reconcile", "sync "}) || t.ends_with("sync"));
  if (reconciles && any_stem(t, {"terraform", "pulumi", "cloudformation", "infra", "iac$"}))
    return "infra_rollback";
  // A reconcile of configuration ("Let ArgoCD reconcile the new runtime configuration"): the running
  // version takes the configuration up, no release is deployed.
  if (reconciles && config) return "restore_config";
  if (reconciles) return "pipeline_redeploy";
  if (any_stem(t, {"redeploy", "re-deploy"}) ||
      (any_stem(t, {"re-run", "rerun", "retrigger", "re-trigger"}) &&
       any_stem(t, {"job", "pipeline", "workflow", "deploy", "build"})))
    return "pipeline_redeploy";
  // A workflow or pipeline started by hand ("Click Run workflow", "Trigger the pipeline"): in a rollback
  // runbook it deploys what it was given, the previous version.
  if (in(first_word(t), {"click", "press", "run", "trigger", "start", "dispatch", "execute"}) &&
      any_stem(t, {"run workflow", "the workflow", "workflow run", "the pipeline", "pipeline run",
                   "the deploy job", "the rollback job"}))
    return "pipeline_redeploy";
  if (any_stem(t, {"deploy"}) && (back || any_stem(t, {"stable", "build", "tag$", "version"})))
    return "pipeline_redeploy";
  if (back &&
      any_stem(t, {"infrastructure", "infra", "terraform", "iac$", "stack", "pulumi", "cloudformation"}))
    return "infra_rollback";
  if (back && any_stem(t, {"application", "app$", "apps$", "code", "deployment", "version", "release", "helm",
                           "k8s", "kubernetes", "kubectl", "service", "image", "container", "build",
                           "revision", "chart", "lambda", "function"}))
    return "rollout_undo";
  if (any_stem(t, {"github actions", "pipeline", "workflow", "ci/cd"}) && (back || any_stem(t, {"trigger"})))
    return "pipeline_redeploy";
  if (any_stem(t, {"scale"}) && any_stem(t, {"up$", "down$", "back$", "to$", "replica", "out$", "in$"}))
    return "scale";
  return {};
}

// A number of minutes or a unit after "every": a cadence ("every 30 minutes", "every hour").
bool names_a_cadence(std::string_view t) {
  for (std::size_t at = t.find("every "); at != std::string_view::npos; at = t.find("every ", at + 1)) {
    const std::string_view rest = t.substr(at + 6);
    if (!rest.empty() && is_digit(rest.front())) return true;
    if (any_stem(rest.substr(0, std::min<std::size_t>(rest.size(), 12)),
                 {"hour", "half hour", "day$", "few "}))
      return true;
  }
  return false;
}

// A message to people named as a thing, the way communication plans list them ("Initial alert message",
// "Closing message", "Progress updates every 20 minutes", "Post progress updates", "Update every 30
// minutes"): a notification. Not a message that the system handles or logs (an error message, a message
// queue, a commit message), and not a look at one ("Check the error messages").
bool names_a_message(std::string_view t, std::string_view verb) {
  if (in(verb,
         {"check",   "verify", "validate", "confirm",  "read",    "inspect", "review",   "look",    "search",
          "grep",    "find",   "watch",    "monitor",  "test",    "ensure",  "drain",    "replay",  "purge",
          "consume", "commit", "push",     "merge",    "tag",     "deploy",  "redeploy", "restart", "scale",
          "roll",    "revert", "restore",  "rollback", "disable", "enable",  "stop"}))
    return false;
  if (any_stem(t, {"error message", "log message", "commit message", "message queue", "message broker",
                   "messaging", "queue", "kafka", "topic", "consumer", "dead letter", "dead-letter", "wait",
                   "appear", "expect", "log$", "logs$", "output", "message service", "message bus",
                   "message handler", "message processing", "messages service"}))
    return false;
  if (any_stem(t, {"message$", "messages$", "announcement", "heads-up", "heads up", "progress update",
                   "situation update", "sitrep"}))
    return true;
  // "Updates" as a noun: the heading's first word, or what is given, sent, posted or shared.
  if (verb == "updates") return true;
  if (in(verb, {"post", "send", "give", "share", "provide", "write"}) && any_stem(t, {"update$", "updates$"}))
    return true;
  // An update on a cadence is the incident's communication rhythm, not a change.
  return in(verb, {"update", "updates"}) && names_a_cadence(t) &&
         !any_stem(t, {"monitoring", "dashboard", "config", "image", "version", "replica", "dns", "record"});
}

// The rollback named as an act, with no word for what it rolls back ("Initiate the rollback in the
// dashboard", "Perform the rollback", "Start the rollback"): the release goes back to the previous one.
// A script, a plan or a decision about the rollback is not the rollback.
bool starts_the_rollback(std::string_view t, std::string_view verb) {
  return in(verb, {"initiate", "perform", "execute", "start", "begin", "trigger", "launch", "kick", "do",
                   "carry"}) &&
         any_stem(t, {"rollback", "roll back", "roll-back"}) &&
         !any_stem(t, {"script", "plan$",    "plans$",   "planning",  "test",    "drill",   "decision",
                       "decide", "approval", "criteria", "procedure", "runbook", "meeting", "call$",
                       "bridge", "channel",  "ticket",   "timer",     "clock",   "review"});
}

// A signal of the service's health watched for a while ("Monitor error rate and latency for 15 minutes",
// "Watch the p95 latency"): a check of the service over a window, not a bare wait.
bool watches_a_signal(std::string_view t, std::string_view verb) {
  return in(verb, {"monitor", "watch", "observe", "track"}) &&
         any_stem(t, {"error rate", "error ratio", "error-rate", "errors$", "5xx", "latency", "p95", "p99",
                      "response time", "success rate", "slo$", "slos$", "apdex", "failure rate"});
}

// A look at the record of what ran or what exists ("Check the rollout history", "View the Helm history",
// "See which revisions are available", "Check the restore logs"): the operator reads what to go back to,
// or what the operation just run wrote, not the health of the service.
bool reads_a_record(std::string_view t, std::string_view verb) {
  if (!in(verb, {"check", "view", "see", "show", "review", "inspect", "read", "query", "examine", "browse"}))
    return false;
  if (any_stem(t, {"history", "revisions$", "releases$", "which revision", "which version", "which release",
                   "which backup", "which tag", "which image", "available version", "available backup",
                   "available revision"}))
    return true;
  return any_stem(t, {"log$", "logs$"}) &&
         any_stem(t,
                  {"restore", "recovery", "backup", "job$", "workflow", "pipeline", "migration", "import"}) &&
         !any_stem(t, {"application", "app$", "service", "pod", "server"});
}

// A copy kept before the change ("Take a pre-restore backup", "Pre-rollback snapshot", "Back up the
// current database before restoring"): kept in case the change must be undone, it restores nothing.
bool keeps_a_copy_first(std::string_view t, std::string_view verb) {
  if (!any_stem(t, {"backup", "back up", "back-up", "snapshot", "dump", "export"}) ||
      in(verb, {"restore", "recover", "load", "import", "apply", "replay"}))
    return false;
  return in(verb, {"back", "backup", "snapshot", "dump", "export"}) ||
         any_stem(t, {"pre-restore", "pre-rollback", "pre-recovery", "pre-failover", "pre-migration",
                      "pre-change", "before restor", "before the restore", "before rolling",
                      "before the rollback",
                      "before any change", "safety backup", "safety snapshot"});
}

// The restore named as an act ("Execute the restore", "Run the restore", "Start the restore job"): the data
// comes back from the copy the document restores. Not a test, drill or rehearsal of restores.
bool starts_the_restore(std::string_view t, std::string_view verb) {
  return in(verb, {"execute", "perform", "run", "start", "initiate", "begin", "trigger", "launch", "kick",
                   "do", "carry"}) &&
         any_stem(t, {"restore$", "restore job", "restore process", "restoration"}) &&
         !any_stem(t, {"test", "drill", "rehears", "dry run", "dry-run", "plan$", "practice", "exercise"});
}

// Checks named as coming after a change ("Post-restart checks", "Post-restore validation", "After the
// switch: checks"): the checks, not the change their name dates them by.
bool checks_after_a_change(std::string_view t, std::string_view verb) {
  return (starts_with(verb, "post-") || verb == "after" || verb == "post") &&
         any_stem(t, {"check", "verif", "validat", "test", "smoke", "health"}) &&
         !any_stem(t, {"postmortem", "post-mortem", "review", "retro"});
}

// Communication named as internal ("Internal communication", "Internal updates"): a message to the team,
// even when its text mentions the status page the public reads.
bool names_internal_communication(std::string_view t, std::string_view verb) {
  return verb == "internal" && any_stem(t, {"communicat", "update", "message", "notif", "comms"});
}

// A rollback started in a progressive-delivery controller ("Initiate the rollback in the Flagger
// dashboard", "Start the rollback of the canary"): the controller sends every request back to the stable
// version; nothing is redeployed.
bool rolls_back_a_canary(std::string_view t) {
  return any_stem(t, {"canary", "flagger", "argo rollouts", "progressive", "kayenta", "traffic"});
}

// A command that reads the log of a restore, a backup, a migration or a job ("gcloud logging read
// '...job_name="orders-restore"'", "kubectl logs job/db-restore"): a look at what the operation wrote.
bool reads_a_job_log(std::string_view t) {
  return any_stem(t, {"logs$", "logging", "log$", "journalctl"}) &&
         any_stem(t, {"restore", "backup", "migration", "migrate", "job$", "jobs$", "job_name", "cronjob"});
}

// A pause of a part of the system ("Pause the affected queues", "Pause the ArgoCD sync", "Pause new
// traffic"): it stops that part from working, it is no wait. A pause for a time ("Pause for 5 minutes",
// "Pause 30 s") is a wait.
bool pauses_a_part(std::string_view t, std::string_view verb) {
  if (verb != "pause") return false;
  if (any_stem(t, {"for ", "until", "while"}) || std::any_of(t.begin(), t.end(), is_digit)) return false;
  return any_stem(
      t, {"queue",    "consumer", "worker",  "writer",       "job",     "cron",       "schedul",  "deploy",
          "pipeline", "sync",     "rollout", "traffic",      "ingest",  "processing", "replicat", "webhook",
          "batch",    "kafka",    "topic",   "subscription", "import",  "export",     "campaign", "send",
          "billing",  "payment",  "email",   "notification", "service", "integration"});
}

// A mode or the access of a database set back ("Restore database to read-write mode", "Restore write
// access to the database", "Bring the database back to read/write"): a setting put back, no backup read
// into the store.
bool restores_a_mode(std::string_view t) {
  return any_stem(t, {"read-write", "read/write", "read write", "readwrite", "read-only", "read only",
                      "readonly", "writable", "write access", "access", "mode$", "permission", "grants",
                      "connections", "connection limit"}) &&
         !any_stem(t, {"recovery mode", "single-user", "single user", "backup", "snapshot", "dump",
                       "point-in-time", "pitr$"});
}

// A version, revision or release set back by hand in a console ("Change the version back to 1", "Set the
// version back to 7", "Switch the alias back to the previous version"): the rollback itself. An alias set
// back moves the requests it receives (shift_traffic); a version or release set back is the release
// rolled back (rollout_undo).
std::string sets_a_version_back(std::string_view t, std::string_view verb) {
  if (!in(verb, {"change", "set", "switch", "put", "move", "point", "edit", "update", "select", "pick"}))
    return {};
  if (!any_stem(t, {"back to", "back$"})) return {};
  if (any_stem(t, {"alias"})) return "shift_traffic";
  if (any_stem(t, {"version", "revision", "release", "image", "tag$", "build"})) return "rollout_undo";
  return {};
}

// A step written in Spanish, Portuguese, German, French or Italian ("Revertir a la versión estable",
// "Desactivar el flag", "Reverter para a versão anterior", "Vorherige Version reaktivieren", "Redémarrer les
// pods", "Ripristinare la versione precedente"): its verbs and the nouns the readings use, in English,
// word by word, so that the readings below apply to it. A word not in the list stays as it is; only whole
// words are replaced, and none that is also an English word ("active", "para", "pause").
std::string in_english(std::string_view t) {
  static const std::vector<std::pair<std::string_view, std::string_view>> words = {
      {"revertir", "revert"},
      {"revierte", "revert"},
      {"revierta", "revert"},
      {"reverter", "revert"},
      {"reverta", "revert"},
      {"volver", "revert"},
      {"vuelve", "revert"},
      {"vuelva", "revert"},
      {"voltar", "revert"},
      {"desactivar", "disable"},
      {"desactiva", "disable"},
      {"desactive", "disable"},
      {"desativar", "disable"},
      {"desative", "disable"},
      {"deshabilitar", "disable"},
      {"deshabilita", "disable"},
      {"apagar", "disable"},
      {"apaga", "disable"},
      {"apague", "disable"},
      {"activar", "enable"},
      {"habilitar", "enable"},
      {"ativar", "enable"},
      {"avisar", "notify"},
      {"avisa", "notify"},
      {"avise", "notify"},
      {"notificar", "notify"},
      {"notifica", "notify"},
      {"notifique", "notify"},
      {"informar", "notify"},
      {"comunicar", "notify"},
      {"comunica", "notify"},
      {"comunique", "notify"},
      {"verificar", "verify"},
      {"verifica", "verify"},
      {"verifique", "verify"},
      {"validar", "validate"},
      {"valida", "validate"},
      {"valide", "validate"},
      {"comprobar", "check"},
      {"comprueba", "check"},
      {"compruebe", "check"},
      {"confirmar", "confirm"},
      {"confirma", "confirm"},
      {"confirme", "confirm"},
      {"probar", "test"},
      {"vigilar", "monitor"},
      {"vigila", "monitor"},
      {"vigile", "monitor"},
      {"monitorear", "monitor"},
      {"monitorea", "monitor"},
      {"monitorizar", "monitor"},
      {"monitorar", "monitor"},
      {"observar", "observe"},
      {"esperar", "wait"},
      {"espera", "wait"},
      {"espere", "wait"},
      {"aguardar", "wait"},
      {"aguarde", "wait"},
      {"reiniciar", "restart"},
      {"reinicia", "restart"},
      {"reinicie", "restart"},
      {"restaurar", "restore"},
      {"restaura", "restore"},
      {"restaure", "restore"},
      {"pausar", "pause"},
      {"pausa", "pause"},
      {"cambiar", "change"},
      {"cambia", "change"},
      {"cambie", "change"},
      {"mudar", "change"},
      {"alterar", "change"},
      {"promover", "promote"},
      {"promueve", "promote"},
      {"promova", "promote"},
      {"documentar", "document"},
      {"identificar", "identify"},
      {"identifica", "identify"},
      {"redesplegar", "redeploy"},
      {"desplegar", "deploy"},
      {"despliegue", "deploy"},
      {"despliegues", "deploys"},
      {"anterior", "previous"},
      {"estable", "stable"},
      {"estável", "stable"},
      {"versión", "version"},
      {"versão", "version"},
      {"tráfico", "traffic"},
      {"trafico", "traffic"},
      {"tráfego", "traffic"},
      {"migración", "migration"},
      {"migraciones", "migration"},
      {"migração", "migration"},
      {"datos", "data"},
      {"dados", "data"},
      {"respaldo", "backup"},
      {"respaldos", "backup"},
      {"bandera", "flag"},
      {"canal", "channel"},
      {"equipo", "team"},
      {"equipe", "team"},
      // German.
      {"reaktivieren", "reactivate"},
      {"vorherige", "previous"},
      {"vorherigen", "previous"},
      {"letzte", "last"},
      {"stabile", "stable"},
      {"stabilen", "stable"},
      {"konfig", "config"},
      {"konfiguration", "configuration"},
      {"einstellungen", "settings"},
      {"datenbank", "database"},
      {"sicherung", "backup"},
      {"wiederherstellen", "restore"},
      {"neustarten", "restart"},
      {"deaktivieren", "disable"},
      {"abschalten", "disable"},
      {"ausschalten", "disable"},
      {"umschalten", "switch"},
      {"verkehr", "traffic"},
      {"bereitstellen", "deploy"},
      {"zurückrollen", "roll back"},
      {"skalieren", "scale"},
      {"warten", "wait"},
      {"beobachten", "monitor"},
      {"prüfen", "check"},
      {"überprüfen", "check"},
      {"informieren", "notify"},
      {"benachrichtigen", "notify"},
      // French.
      {"créer", "create"},
      {"avant", "before"},
      {"restauration", "restore"},
      {"rétablir", "restore"},
      {"restaurer", "restore"},
      {"redémarrer", "restart"},
      {"désactiver", "disable"},
      {"vérifier", "verify"},
      {"contrôler", "check"},
      {"surveiller", "monitor"},
      {"attendre", "wait"},
      {"basculer", "switch"},
      {"trafic", "traffic"},
      {"sauvegarde", "backup"},
      {"précédente", "previous"},
      {"redéployer", "redeploy"},
      {"déployer", "deploy"},
      {"prévenir", "notify"},
      {"avertir", "notify"},
      {"données", "data"},
      // Italian.
      {"ripristinare", "restore"},
      {"ripristina", "restore"},
      {"riavviare", "restart"},
      {"riavvia", "restart"},
      {"disattivare", "disable"},
      {"disattiva", "disable"},
      {"disabilitare", "disable"},
      {"verificare", "verify"},
      {"controllare", "check"},
      {"monitorare", "monitor"},
      {"attendere", "wait"},
      {"aspettare", "wait"},
      {"tornare", "revert"},
      {"traffico", "traffic"},
      {"avvisare", "notify"},
      {"dati", "data"}};
  const auto word_byte = [](char c) { return is_alpha(c) || static_cast<unsigned char>(c) >= 0x80; };
  std::string out;
  std::size_t i = 0;
  while (i < t.size()) {
    if (!word_byte(t[i])) {
      out += t[i++];
      continue;
    }
    std::size_t e = i;
    while (e < t.size() && word_byte(t[e]))
      ++e;
    const std::string_view w = t.substr(i, e - i);
    std::string_view to = w;
    for (const auto& [from, english] : words)
      if (w == from) to = english;
    out += to;
    i = e;
  }
  return out;
}

// A check that the means of going back is there ("Check PITR is enabled", "Check the backup file exists",
// "Confirm the previous release exists", "Verify snapshots are available"): a look at what the procedure
// will use, like finding the revision to go back to; it says nothing of the failing service.
bool checks_the_means(std::string_view t, std::string_view verb) {
  return in(verb, {"check", "verify", "confirm", "ensure", "validate", "make"}) &&
         any_stem(t, {"exists", "exist$", "is enabled", "are enabled", "is turned on", "is available",
                      "are available", "is configured", "are configured", "is present", "are present",
                      "is retained", "are retained"}) &&
         any_stem(t, {"backup", "snapshot", "pitr$", "point-in-time", "point in time", "release", "standby",
                      "replica", "retention", "revision", "image", "dump", "bucket", "archive", "wal$",
                      "binlog", "binary log", "previous version", "artifact"});
}

// The verb's object: the words after the verb up to the first preposition, conjunction or punctuation
// ("Page the payments lead and open an incident" -> "the payments lead"), and its last word, the noun that
// heads it ("lead").
std::string_view head_of_object(std::string_view t, std::string_view verb) {
  std::size_t at = t.find(verb);
  if (verb.empty() || at == std::string_view::npos) return {};
  at += verb.size();
  std::string_view last;
  while (at < t.size()) {
    while (at < t.size() && t[at] == ' ')
      ++at;
    std::size_t e = at;
    while (e < t.size() && (is_alpha(t[e]) || is_digit(t[e]) || t[e] == '-' || t[e] == '\''))
      ++e;
    if (e == at) break;
    const std::string_view w = t.substr(at, e - at);
    if (in(w, {"about", "on",  "with",   "that",  "and",   "or",   "in", "of",
               "to",    "for", "when",   "once",  "if",    "via",  "by", "through",
               "so",    "as",  "before", "after", "until", "from", "at"}))
      break;
    last = w;
    at = e;
    if (at < t.size() && t[at] != ' ') break;
  }
  return last;
}

// People named as the ones a message goes to ("Page the payments lead", "Update users about the
// restoration", "Brief the executives", "Ping the on-call engineer"): a notification, whatever else the
// verb does to things ("Update the user table" names no people).
bool tells_people(std::string_view t, std::string_view verb) {
  if (!in(verb, {"page", "ping", "call", "phone", "text", "brief", "update", "alert", "contact", "warn",
                 "email", "message", "notify", "inform", "tell", "reassure", "escalate"}))
    return false;
  const std::string_view head = head_of_object(t, verb);
  return in(head,
            {"user",        "users",        "customer",    "customers",     "client",         "clients",
             "stakeholder", "stakeholders", "team",        "teams",         "lead",           "leads",
             "manager",     "managers",     "on-call",     "oncall",        "engineer",       "engineers",
             "owner",       "owners",       "executive",   "executives",    "execs",          "leadership",
             "management",  "support",      "sre",         "sres",          "people",         "staff",
             "everyone",    "partners",     "responders",  "commander",     "director",       "directors",
             "colleagues",  "members",      "subscribers", "dba",           "dbas",           "developers",
             "devs",        "operators",    "admins",      "administrator", "administrators", "public"});
}

// A signal of the service's health named alone, as a heading of a post-change list names what to watch
// ("Error rate", "Error ratio for ten minutes", "p95 latency (5 minutes)"): the check of that signal.
bool names_a_signal(std::string_view t) {
  std::string_view s = t.substr(0, std::min(t.find(" for "), t.find('(')));
  int words = 0;
  bool signal = false;
  std::size_t at = 0;
  while (at < s.size()) {
    while (at < s.size() && !is_alpha(s[at]) && !is_digit(s[at]))
      ++at;
    std::size_t e = at;
    while (e < s.size() && (is_alpha(s[e]) || is_digit(s[e])))
      ++e;
    if (e == at) break;
    const std::string_view w = s.substr(at, e - at);
    at = e;
    ++words;
    if (in(w, {"the", "and", "or", "service", "http", "api", "overall", "request", "requests"})) continue;
    if (in(w, {"latency", "latencies", "p50", "p90", "p95", "p99", "apdex", "slo", "slos", "5xx", "errors",
               "throughput", "availability"}))
      signal = true;
    else if (!in(w, {"error", "rate", "rates", "ratio", "response", "time", "times", "success", "failure"}))
      return false;
    if (in(w, {"rate", "rates", "ratio", "time", "times"})) signal = true;
  }
  return signal && words <= 5;
}

// Shares of the requests given to versions in percent ("Set hello-00001 to 100 % and the green revision to
// 0 %", "Rollback (100% stable)", "blue 100%, green 0%"): a traffic split. Not a percentage of a signal, a
// resource or the work done ("error rate below 1 %", "CPU at 80 %", "90 % complete").
bool shares_to_versions(std::string_view t) {
  bool percent = false;
  for (std::size_t i = 0; i < t.size() && !percent; ++i) {
    if (!is_digit(t[i])) continue;
    std::size_t e = i;
    while (e < t.size() && is_digit(t[e]))
      ++e;
    while (e < t.size() && t[e] == ' ')
      ++e;
    percent = e < t.size() && t[e] == '%';
    i = e;
  }
  if (!percent && !any_stem(t, {"percent"})) return false;
  return any_stem(t, {"revision", "version", "stable", "canary", "blue$", "green$", "baseline", "previous",
                      "release", "traffic", "weight"}) &&
         !any_stem(
             t, {"error",     "latency", "cpu$",    "memory",   "disk",    "capacity", "utiliz", "rate$",
                 "ratio",     "success", "budget",  "coverage", "complet", "progress", "done$",  "usage",
                 "threshold", "sample",  "saturat", "quota",    "flag",    "feature",  "toggle", "users$"});
}

// A console's button clicked ("Click \"Restore\"", "Choose the revision, click Rollback and confirm",
// "In the deployment page, click \"Promote to Production\""): the act its label names, whatever verb led
// the step. A click that opens or lists ("Click on the stable deployment row", "Click History to list the
// revisions", "Click the Versions tab") is navigation: a look-up. "" when no click is named.
std::string clicks_a_button(std::string_view t) {
  std::size_t at = std::string_view::npos;
  std::size_t after = 0;
  for (std::string_view v : {"click ", "press ", "tap ", "hit ", "clicking ", "pressing "}) {
    for (std::size_t k = t.find(v); k != std::string_view::npos; k = t.find(v, k + 1))
      if ((k == 0 || !is_alpha(t[k - 1])) && k < at) {
        at = k;
        after = k + v.size();
        break;
      }
  }
  if (at == std::string_view::npos) return {};
  std::string_view rest = t.substr(after);
  for (std::string_view skip : {"on ", "the ", "\"", "'", "`", "*", "["})
    if (rest.starts_with(skip)) rest.remove_prefix(skip.size());
  for (std::string_view skip : {"the ", "\"", "'", "`", "*", "["})
    if (rest.starts_with(skip)) rest.remove_prefix(skip.size());
  // The label: up to a closing quote, or to the first word that ends it.
  std::size_t end = rest.find_first_of("\"'`*],.:;(");
  for (std::string_view stop :
       {" and ", " then ", " to ", " in ", " on ", " for ", " next ", " at ", " of "}) {
    const std::size_t k = rest.find(stop);
    if (k != std::string_view::npos && k < end) end = k;
  }
  std::string_view label = rest.substr(0, std::min(end, rest.size()));
  // A path through menus ("its ⋯ menu → Redeploy this version", "Actions > Rollback"): the last item is
  // what is clicked.
  for (std::string_view arrow : {"→", " > ", "->", "»"})
    if (const std::size_t k = label.rfind(arrow); k != std::string_view::npos) {
      label = label.substr(k + arrow.size());
      while (!label.empty() && label.front() == ' ')
        label.remove_prefix(1);
    }
  const std::string_view tail = rest.substr(std::min(end, rest.size()));
  // A click that opens, lists or shows something: navigation.
  if (any_stem(tail, {"to list", "to see", "to view", "to show", "to display", "to open", "to find",
                      "to browse", "to inspect", "to review", "to check"}))
    return "manual";
  // A row, a tab or a menu opened; what follows it ("Click its menu, then Redeploy") is read on.
  if (any_stem(label, {"row$", "rows$", "tab$", "link$", "menu$", "entry$", "item$", "card$", "page$",
                       "panel$", "icon$", "dropdown", "name$", "details$", "history$", "list$", "overview$"}))
    return any_stem(tail, {"then", "and"}) ? std::string() : std::string("manual");
  if (label.empty()) return {};
  if (any_stem(label, {"traffic", "swap", "failover", "fail over", "switch over", "switchover", "cut over",
                       "cutover"}))
    return "shift_traffic";
  if (any_stem(label, {"promote"}) && !any_stem(t, {"replica", "standby", "follower", "database", "db$",
                                                    "postgres", "mysql", "rds", "aurora"}))
    return "pipeline_redeploy";
  if (any_stem(label, {"rollback", "roll back", "revert", "undo", "roll-back"})) return "rollout_undo";
  if (any_stem(label, {"redeploy", "re-deploy", "deploy", "publish"})) return "pipeline_redeploy";
  if (any_stem(label, {"restore", "recover"}) &&
      !any_stem(t, {"version", "release", "revision", "deployment", "config", "setting", "traffic"}))
    return "db_restore";
  return {};
}

// A page or a browser reloaded ("Reload the page: the price list is back", "Refresh the browser"): a
// look at the service as its users see it, a check.
bool reloads_the_page(std::string_view t, std::string_view verb) {
  return in(verb, {"reload", "refresh"}) &&
         any_stem(t, {"page", "browser", "site$", "website", "storefront"});
}

// A command that lists what the procedure can go back to ("pgbackrest --stanza=orders info", "helm history
// web", "wal-g backup-list", "aws rds describe-db-snapshots"): a look-up of the means, not a check of the
// service.
bool lists_the_means(std::string_view t) {
  return any_stem(t, {"history$", "backup-list", "list-backup", "snapshots", "backups$", "revisions$",
                      "releases$"}) ||
         (any_stem(t, {"pgbackrest", "wal-g", "barman", "pitrery"}) && any_stem(t, {"info$", "list$"}));
}

// What the words of a step say by the readings above, or "".
std::string operation_words(std::string_view t, std::string_view verb) {
  if (keeps_a_copy_first(t, verb) || reads_a_record(t, verb) || checks_the_means(t, verb)) return "manual";
  if (names_internal_communication(t, verb)) return "notify";
  if (checks_after_a_change(t, verb) || watches_a_signal(t, verb) || names_a_signal(t)) return "verify";
  if (starts_the_restore(t, verb)) return "db_restore";
  if (starts_the_rollback(t, verb) && rolls_back_a_canary(t)) return "shift_traffic";
  return {};
}

// The headline of a message template, in capitals ("🚨 DATABASE RESTORE IN PROGRESS 🚨", "ROLLBACK
// COMPLETE", "INCIDENT RESOLVED"): a message that announces a state to people, however its words name the
// operation. A heading in capitals that names a part ("ROLLBACK PROCEDURE") is no headline: only a line
// that says how far the operation has come.
bool headlines_a_message(std::string_view title) {
  int letters = 0;
  for (const char c : title) {
    if (!is_alpha(c)) continue;
    if (!is_upper(c)) return false;
    ++letters;
  }
  if (letters < 6) return false;
  const std::string t = lowered(title);
  std::size_t e = t.size();
  while (e > 0 && !is_alpha(t[e - 1]))
    --e;
  const std::string_view end = std::string_view(t).substr(0, e);
  return contains(t, "in progress") || end.ends_with(" complete") || end.ends_with(" completed") ||
         end.ends_with(" resolved") || end.ends_with(" started") || end.ends_with(" initiated") ||
         end.ends_with(" underway");
}

}  // namespace

bool names_a_freeze(std::string_view title) {
  const std::string t = lowered(title);
  return any_stem(t, {"freez", "unfreez", "un-freez", "frozen", "unfrozen"});
}

std::string action_from_words(std::string_view title, bool observes) {
  const std::string t = in_english(lowered(title));
  const std::string_view verb = first_word(t);
  // Words that are a command (a step named by its command line, "oc get route storefront -n shop"): the
  // command's reading, not its words ("route" names no traffic switch when the command only reads). A
  // title is a command when it has an option, a path or an assignment, or starts with a program that is
  // no English word; not "Ping the on-call". Neither SQL words ("Select the backup") nor a sub-command
  // guessed from a word ("verify rollback") make a title a command.
  const CommandMatch m = match_command(title);
  const bool typed =
      contains(t, " -") || contains(t, "/") || contains(t, "=") ||
      in(m.tool, {"kubectl",        "helm",   "argocd", "aws",    "gcloud",  "az",   "terraform", "docker",
                  "docker compose", "nomad",  "velero", "consul", "etcdctl", "psql", "systemctl", "pm2",
                  "heroku",         "flyctl", "pulumi", "cdk",    "gh"});
  if (typed && m.known && !m.tool.empty() && m.tool != "shell" && m.tool != "sql" &&
      m.what != "sub-command") {
    if (m.observes) return reads_a_job_log(t) || lists_the_means(t) ? "manual" : "verify";
    // A change named by a title whose step's commands only read is a rehearsal shown by its first line
    // ("python scripts/failover.py \" over a --dry-run): a look, not the change.
    if (!m.action.empty() && m.action != "manual") return observes ? "verify" : m.action;
  }
  // A freeze of deploys, set or lifted: no change to what runs (before "revert" or "sync" is read).
  if (names_a_freeze(t)) return "manual";
  if (headlines_a_message(title)) return "notify";
  // A look-up that ends in a check of what was found ("Open three recent documents and check that they
  // read correctly"): a check. Before the first change the importer makes it a pre-check.
  if (in(verb, {"open", "pick", "select", "take", "get", "fetch", "look"}) &&
      any_stem(t, {"and check", "and verify", "and confirm", "and make sure", "and ensure"}))
    return "verify";
  // A test transaction through the service ("Send a test push notification and receive it on a test
  // device", "Place a test order in the sandbox account", "Make a test payment"): a check of the service,
  // whatever it sends.
  if (!in(verb, {"notify",  "tell",   "inform",  "announce", "post",   "page",   "email", "identify",
                 "find",    "select", "choose",  "locate",   "note",   "record", "list",  "document",
                 "capture", "create", "prepare", "write",    "update", "delete", "remove"}) &&
      any_stem(t, {"a test ", "test order", "test purchase", "test payment", "test push", "test notification",
                   "test message", "test email", "test transaction", "test request", "test login",
                   "test booking", "test call", "test quote", "test checkout", "test upload", "test sign"}) &&
      !any_stem(t, {"backup", "test suite", "test plan", "test environment", "test data"}))
    return "verify";
  // A dump or a backup copied or downloaded ("Copy the dump: aws s3 cp s3://b/latest.sql.gz /restore/"):
  // fetching it restores nothing yet.
  if (in(verb, {"copy", "download", "fetch", "transfer", "pull"}) &&
      any_stem(t, {"dump", "backup", "snapshot", "archive", ".sql", ".gz"}) &&
      !any_stem(t, {"back into", "into place", "into the data", "to the data dir"}))
    return "manual";
  // "Take the maintenance page down", "Take the site out of maintenance": maintenance ends.
  if (in(verb, {"take", "bring", "lift", "remove", "end"}) && any_stem(t, {"maintenance"}))
    return "maintenance_mode";
  // Letting people know, and a word in the incident's ticket ("Let the support lead know that ...",
  // "Update the incident ticket with the revisions", "Comment on the reverted PR"): a message.
  if ((verb == "let" && any_stem(t, {"know"})) ||
      (in(verb, {"update", "comment"}) && any_stem(t, {"ticket", "issue", "pr$", "pull request"})))
    return "notify";
  if (tells_people(t, verb)) return "notify";
  // A message posted to a channel ("Post in #payments-ops that ...").
  if (in(verb, {"post", "send", "page"}) && (contains(t, "#") || any_stem(t, {"slack", "channel", "teams"})))
    return "notify";
  // A button clicked in a console: the act its label names, even after a look-up ("Choose the revision,
  // click Rollback"); a click that opens a row, a tab or a list is navigation.
  if (const std::string click = clicks_a_button(t); !click.empty()) return click;
  if (reloads_the_page(t, verb)) return "verify";
  // A choice confirmed in a console's dialog ("Confirm the promotion in the modal dialog"): part of the
  // act it confirms, no check of the service.
  if (verb == "confirm" && any_stem(t, {"dialog", "modal", "prompt", "pop-up", "popup"})) return "manual";
  // A step that looks something up before acting: which backup, which revision, what state.
  if (in(verb, {"identify", "select",   "find",     "choose",  "pick",   "determine",    "locate",
                "note",     "record",   "capture",  "list",    "review", "inspect",      "open",
                "navigate", "retrieve", "get",      "fetch",   "gather", "collect",      "document",
                "assess",   "decide",   "look",     "obtain",  "take",   "save",         "export",
                "snapshot", "backup",   "download", "prepare", "log",    "identifizier", "identifier"}))
    return "manual";
  if (const std::string a = operation_words(t, verb); !a.empty()) return a;
  // Navigation to where the change is made ("Go to Actions → Rollback → Run workflow"): the step that
  // clicks is the change. "Go back to ..." is no navigation.
  if (verb == "go" && starts_with(t, "go to ")) return "manual";
  // A freeze stops changes; it changes nothing that runs ("Freeze further deploys").
  if (in(verb, {"freeze", "halt", "suspend", "lock", "block"})) return "manual";
  // Detection set up or changed ("Update monitoring for the new region", "Add an alarm on ..."): work on
  // the monitoring, not a wait that watches the system.
  // So is the monitoring stopped, silenced or restarted ("Stop the monitoring services", "Silence the
  // alerts"): the monitoring is what the verb acts on, nothing is watched.
  if (in(verb, {"update", "configure", "set", "setup", "add", "create", "adjust", "change", "install", "stop",
                "disable", "silence", "mute", "snooze", "shut", "restart", "remove", "delete"}) &&
      any_stem(t, {"monitoring", "alert", "alarm", "dashboard"}) &&
      !any_stem(t, {"flag", "feature", "toggle", "kill switch", "killswitch", "kill-switch"}))
    return "manual";
  // A rehearsal of backups ("Test backup and restore in the new region"): readiness work, no check of
  // the failing service and no restore.
  if (in(verb, {"test", "exercise", "rehearse", "practice", "drill"}) && any_stem(t, {"backup"}))
    return "manual";
  // An expected state, as a checklist writes it ("Queue depth in the notifications dashboard falls back
  // below 1000", "Error rate drops below 1 %"): a check, before any word in it is read as an action.
  if (!in(verb, {"notify", "tell", "inform", "announce", "post", "page", "email", "send", "set", "scale",
                 "restore", "roll", "revert", "switch", "wait"}) &&
      any_stem(t, {"falls back", "fall back below", "back below", "back under", "drops below", "drop below",
                   "falls below", "fall below", "goes back to", "returns to normal", "is back to",
                   "are back to", "drains$", "drained$"}))
    return "verify";
  if (any_stem(t, {"maintenance"})) return "maintenance_mode";
  if (any_stem(t, {"status page", "statuspage", "status-page"})) return "status_page";
  if (names_a_message(t, verb)) return "notify";
  if (any_stem(t, {"notif", "declare", "communicat", "alert team", "alert the team", "announce", "inform ",
                   "informer", "informier", "tell ", "incident channel", "stakeholder", "benachrichtig",
                   "escalate to"}))
    return "notify";
  const bool checks =
      any_stem(t, {"verif", "validat", "check$", "checks$", "checking$", "test", "confirm", "smoke", "poll",
                   "ensure", "prüf", "vérif", "überprüf", "kontroll", "contrôl"}) ||
      (observes && any_stem(t, {"health"}));
  // A check of the change being prepared, not of the system: the diff before committing, a rendered
  // template or manifest, typos ("Confirm the diff before committing", "Run make template to confirm the
  // manifest matches"): a review, like looking up a revision.
  if ((checks || in(verb, {"run", "render"})) &&
      any_stem(t, {"before commit", "before you commit", "before push", "before you push", "before merg",
                   "the diff", "git diff", "template", "manifest", "typo", "dry-run", "dry run"}))
    return "manual";
  if (checks && in(verb, {"verify", "validate", "check", "test", "confirm", "smoke", "poll", "ensure",
                          "health", "monitor", "watch"}))
    return "verify";
  // "Make sure blue still runs the previous release": a check of what the words name, not that change.
  if (starts_with(t, "make sure ") || starts_with(t, "double-check ")) return "verify";
  if (in(verb, {"wait", "monitor", "watch", "observe", "sleep", "pause"}) && !pauses_a_part(t, verb))
    return "wait";
  if (std::string back = sets_a_version_back(t, verb); !back.empty()) return back;
  if (std::string change = change_from_words(t); !change.empty()) return change;
  if (starts_the_rollback(t, verb)) return "rollout_undo";
  if (checks || any_stem(t, {"health"})) return "verify";
  if (any_stem(t, {"monitor", "watch", "wait", "observe", "beobacht", "attend"})) return "wait";
  // Commands that only read, under words that say nothing else: a look at the state, a check.
  if (observes) return "verify";
  // An expected state, as verification checklists write it: "Endpoints and probes are green", "Logs show
  // no repeating errors", "Error rate back to normal".
  if (any_stem(t, {"are green", "is green", "turn green", "show no ", "shows no ", "no error",
                   "back to normal", "within slo", "returns 200", "return 200"}))
    return "verify";
  return {};
}

bool is_configuration_block(std::string_view info, std::string_view text) {
  const std::string lang = lowered(info.substr(0, info.find_first_of(" {")));
  const bool shell = lang == "bash" || lang == "sh" || lang == "shell" || lang == "console" ||
                     lang == "zsh" || lang == "powershell" || lang == "ps1" || lang == "sql" ||
                     lang == "shell-session";
  if (shell) return false;
  int lines = 0, keys = 0;
  bool api_version = false, kind = false;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view l = text.substr(start, end - start);
    start = end + 1;
    while (!l.empty() && is_space(l.front()))
      l.remove_prefix(1);
    while (!l.empty() && is_space(l.back()))
      l.remove_suffix(1);
    if (l.empty() || l.front() == '#' || l == "---" || l == "{" || l == "}" || l == "]" || l == "}," ||
        l == "],")
      continue;
    ++lines;
    // A change the catalogue reads in configuration: a flag set to false, a PITR target.
    const CommandMatch m = match_command(l);
    if (m.known && (m.action == "disable_flag" || m.action == "db_restore")) return false;
    if (starts_with(l, "apiVersion:")) api_version = true;
    if (starts_with(l, "kind:")) kind = true;
    std::string_view k = l;
    if (starts_with(k, "- ")) k.remove_prefix(2);
    if (!k.empty() && (k.front() == '"' || k.front() == '\'')) k.remove_prefix(1);
    std::size_t i = 0;
    while (i < k.size() && (is_ident(k[i]) || k[i] == '-' || k[i] == '.' || k[i] == '/'))
      ++i;
    if (i < k.size() && (k[i] == '"' || k[i] == '\'')) ++i;
    const bool equals =
        lang == "toml" || lang == "ini" || lang == "properties" || lang == "hcl" || lang == "conf";
    const bool key = i > 0 && i < k.size() &&
                     ((k[i] == ':' && (i + 1 == k.size() || k[i + 1] == ' ')) ||
                      (equals && (k[i] == '=' || k.substr(i).starts_with(" ="))));
    // A bare list item of a YAML list ("- setWeight: 20" is a key; "- name" is a value).
    if (key || (starts_with(l, "- ") && l.find(' ', 2) == std::string_view::npos)) ++keys;
  }
  if (api_version && kind) return true;
  const bool config_lang = lang == "yaml" || lang == "yml" || lang == "json" || lang == "toml" ||
                           lang == "hcl" || lang == "ini" || lang == "properties" || lang == "conf" ||
                           lang == "jsonc";
  // A short block tagged as configuration whose every line is a key ("spec:", "revisionHistoryLimit: 5").
  if (config_lang && lines > 0 && keys == lines) return true;
  if (lines < 3) return false;
  return (config_lang || lang.empty()) && keys * 10 >= lines * 8;
}

std::string option_dropped_to_run(std::string_view sentence) {
  const std::string t = lowered(sentence);
  // The option: the first word that starts with '-' and a letter (in backticks or not).
  std::size_t at = std::string::npos;
  for (std::size_t i = 0; i + 1 < t.size(); ++i) {
    const bool starts = i == 0 || t[i - 1] == ' ' || t[i - 1] == '`' || t[i - 1] == '"' || t[i - 1] == '\'';
    if (!starts || t[i] != '-') continue;
    std::size_t k = i;
    while (k < t.size() && t[k] == '-')
      ++k;
    if (k - i <= 2 && k < t.size() && std::isalpha(static_cast<unsigned char>(t[k]))) {
      at = i;
      break;
    }
  }
  if (at == std::string::npos) return {};
  std::size_t end = at;
  while (end < t.size() && !is_space(t[end]) && t[end] != '`' && t[end] != '"' && t[end] != '\'' &&
         t[end] != ',' && t[end] != ')' && t[end] != '=')
    ++end;
  while (end > at && t[end - 1] == '.')
    --end;
  // Taken out just before the option ("remove `--dry-run`", "without --dry-run", "drop the -n flag").
  const std::string before = t.substr(at > 40 ? at - 40 : 0, at - (at > 40 ? at - 40 : 0));
  bool dropped = false;
  for (std::string_view w :
       {"remove", "removing", "drop", "dropping", "without", "omit", "omitting", "delete", "leave out",
        "leaving out", "take out", "strip", "minus", "sans", "ohne", "enlever", "retirer", "quitar", "sin "})
    dropped = dropped || before.find(w) != std::string::npos;
  // And then run: "and execute", "and run it", "re-run", "for real", "again", "apply" (each at a word's
  // start: "truncate" runs nothing).
  const auto word_at_start = [&](std::string_view w) {
    for (std::size_t k = t.find(w); k != std::string::npos; k = t.find(w, k + 1))
      if (k == 0 || !std::isalpha(static_cast<unsigned char>(t[k - 1]))) return true;
    return false;
  };
  bool runs = false;
  for (std::string_view w : {"execute", "run", "re-run", "rerun", "again", "for real", "apply", "proceed",
                             "ausführen", "exécuter", "ejecutar"})
    runs = runs || word_at_start(w);
  if (!dropped || !runs) return {};
  // "Never run it without --dry-run" forbids, not instructs.
  for (std::string_view w : {"never", "do not", "don't", "must not", "avoid"})
    if (t.substr(0, at).find(w) != std::string::npos) return {};
  return std::string(sentence.substr(at, end - at));
}

std::string without_option(std::string_view command, std::string_view option) {
  if (option.empty()) return std::string(command);
  const std::string l = lowered(command);
  const std::string o = lowered(option);
  std::string out;
  std::size_t i = 0;
  bool removed = false;
  while (i < command.size()) {
    const bool starts = i == 0 || is_space(command[i - 1]);
    const std::size_t after = i + o.size();
    if (!removed && starts && l.compare(i, o.size(), o) == 0 &&
        (after >= l.size() || is_space(l[after]) || l[after] == '=')) {
      std::size_t e = after;
      if (e < l.size() && l[e] == '=')
        while (e < l.size() && !is_space(l[e]))
          ++e;
      while (e < l.size() && is_space(l[e]))
        ++e;
      // A continuation left alone on its line ("--dry-run" was the last option before "\") goes too.
      while (!out.empty() && is_space(out.back()))
        out.pop_back();
      if (!out.empty() && out.back() == '\\') {
        out.pop_back();
        while (!out.empty() && is_space(out.back()))
          out.pop_back();
      }
      if (e < command.size() && !out.empty()) out += ' ';
      i = e;
      removed = true;
      continue;
    }
    out += command[i];
    ++i;
  }
  while (!out.empty() && (is_space(out.back()) || out.back() == '\\'))
    out.pop_back();
  return out;
}

bool is_placeholder(std::string_view value) {
  for (std::size_t i = 0; i < value.size(); ++i)
    if (placeholder_at(value, i) > 0) return true;
  return false;
}

CommandMatch match_command(std::string_view line) {
  try {
    std::size_t b = 0;
    while (b < line.size() && is_space(line[b]))
      ++b;
    std::string_view text = line.substr(b);
    // A root shell's prompt before a catalogued program ("# systemctl stop postgresql" written inline):
    // the command after it. Anything else after "# " is a comment.
    if (text.size() > 2 && text[0] == '#' && text[1] == ' ') {
      std::string_view rest = text.substr(2);
      while (!rest.empty() && is_space(rest.front()))
        rest.remove_prefix(1);
      const CommandMatch after = match_text(rest, 0);
      if (after.known && !after.tool.empty() && after.tool != "shell") text = rest;
    }
    CommandMatch m = match_text(text, 0);
    if (!m.known || m.action.empty() || m.tool == "shell") {
      if (auto other = match_non_shell(text)) m = std::move(*other);
    }
    // SDK calls pasted as commands: featureFlags.disable('x').
    if (!m.known || m.action.empty()) {
      if (const auto flag = sdk_flag_call(text); flag && text.find('(') != std::string_view::npos) {
        m = CommandMatch{};
        m.known = true;
        m.tool = "feature-flag";
        m.what = "sdk call";
        m.action = "disable_flag";
        m.flag = *flag;
      }
    }
    // A rehearsal changes nothing: "kubectl apply --dry-run=client", "failover.py --dry-run",
    // "Invoke-Rollback -WhatIf".
    if (m.known && !m.action.empty() && is_dry_run(text)) {
      m.action = "";
      m.observes = true;
      m.undone_by.clear();
    }
    m.placeholders = placeholders_in(text);
    if (is_placeholder(m.target)) m.target.clear();
    if (is_placeholder(m.flag)) m.flag.clear();
    if (is_placeholder(m.store)) m.store.clear();
    return m;
  } catch (...) {
    // Only allocation can fail; an unreadable line is an unknown command.
    return {};
  }
}

}  // namespace drillsim::runbook
