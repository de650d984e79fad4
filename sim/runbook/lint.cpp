#include "runbook/lint.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <optional>
#include <regex>
#include <sstream>

#include "runbook/commands.hpp"
#include "runbook/durations.hpp"
#include "runbook/markdown.hpp"
#include "runbook/text.hpp"

namespace drillsim::runbook {

using ojson = nlohmann::ordered_json;
using Severity = LintFinding::Severity;

namespace {

bool changes_system(const std::string& action) {
  return action != "notify" && action != "status_page" && action != "wait" && action != "manual" &&
         action != "verify";
}

bool is_db(const std::string& action) {
  return action == "db_restore" || action == "db_migrate_down";
}

bool is_app(const std::string& action) {
  return action == "rollout_undo" || action == "set_image" || action == "pipeline_redeploy";
}

// The mean of a step's duration as the plan has it (a number, or a uniform distribution).
double plan_mean(const ojson& duration) {
  if (duration.is_number()) return duration.get<double>();
  if (duration.is_object() && duration.contains("min_s") && duration.contains("max_s"))
    return (duration["min_s"].get<double>() + duration["max_s"].get<double>()) / 2;
  return 0;
}

// The runbook's text by line (1-based), with its headings, for the checks that read the words.
struct Text {
  std::vector<std::string> lines{""};  // lines[0] unused.
  struct Heading {
    int line = 0;
    int depth = 0;
    std::string text;
  };
  std::vector<Heading> headings;
  std::vector<bool> in_code;  // Per line: inside a code block.

  explicit Text(std::string_view markdown) {
    std::string current;
    for (const char c : markdown) {
      if (c == '\n') {
        lines.push_back(current);
        current.clear();
      } else if (c != '\r') {
        current += c;
      }
    }
    if (!current.empty()) lines.push_back(current);
    in_code.assign(lines.size() + 1, false);
    for (const auto& block : parse_markdown(markdown)) {
      if (block.kind == Block::Kind::Heading) headings.push_back({block.line, block.level, block.text});
      if (block.kind == Block::Kind::Code) {
        const int n = static_cast<int>(std::count(block.text.begin(), block.text.end(), '\n')) + 1;
        for (int i = block.line; i < block.line + n && i < static_cast<int>(in_code.size()); ++i)
          in_code[static_cast<std::size_t>(i)] = true;
      }
    }
  }
  int size() const { return static_cast<int>(lines.size()) - 1; }
  // The heading that contains `h` (the nearest one above it with a smaller depth), or nullptr.
  const Heading* parent(const Heading& h) const {
    const Heading* found = nullptr;
    for (const auto& other : headings) {
      if (other.line < h.line && other.depth < h.depth) found = &other;
    }
    return found;
  }
  // The first line in [from, end) whose words verify, looking at most 40 non-blank lines; 0: none.
  int verification_in(int from, int end) const;
  const std::string& at(int line) const { return lines[static_cast<std::size_t>(line)]; }
  // The heading at or above `line` (nullptr: none).
  const Heading* enclosing(int line) const {
    const Heading* found = nullptr;
    for (const auto& h : headings) {
      if (h.line <= line) found = &h;
    }
    return found;
  }
  // The first heading after `line` with a depth of at most `depth`; the line after the end otherwise.
  int next_heading(int line, int depth) const {
    for (const auto& h : headings) {
      if (h.line > line && h.depth <= depth) return h.line;
    }
    return size() + 1;
  }
};

// Words that verify: a check of the system after a change.
bool verifies(const std::string& line) {
  static const std::regex words(
      R"((verif|validat|confirm|smoke|health|rollout status|readiness|check (that|the|if|whether|for)|ensure|monitor|watch|/status|error rate|dashboard|reload|vérifi|prüf|controll|comprob|验证|检查|確認))",
      std::regex::icase);
  return std::regex_search(line, words);
}

int Text::verification_in(int from, int end) const {
  int seen = 0;
  for (int l = std::max(1, from); l < end && l <= size() && seen < 40; ++l) {
    if (at(l).find_first_not_of(" \t") == std::string::npos) continue;
    ++seen;
    if (verifies(at(l))) return l;
  }
  return 0;
}

// The resource a `kubectl rollout <verb>` acts on ("deployment/api", "deploy api" and "api" are one).
std::optional<std::string> rollout_target(const std::string& line, const std::string& verb) {
  static const std::regex rollout(R"(kubectl\s+(.*?)\brollout\s+(pause|resume|undo)\b(.*))");
  std::smatch m;
  if (!std::regex_search(line, m, rollout) || m[2] != verb) return std::nullopt;
  std::istringstream rest(m[3].str());
  std::string token, kind;
  bool skip = false;
  while (rest >> token) {
    if (skip) {
      skip = false;
      continue;
    }
    if (token == "-n" || token == "--namespace" || token == "--context") {
      skip = true;
      continue;
    }
    if (token[0] == '-') continue;
    if (token.find('/') != std::string::npos) return lower(token.substr(token.find('/') + 1));
    if (kind.empty() && (token == "deployment" || token == "deploy" || token == "deployments")) {
      kind = token;
      continue;
    }
    return lower(token);
  }
  return std::string();
}

// What the runbook's own lines say of a scale step's count: a scale to zero ("--replicas=0", "web=0",
// "to zero"), a scale up ("web=4", "--replicas 6", "--instances=+2", "scale up", "scale out"), or nothing
// (the plan's 0 is then the import's default, not the runbook's words).
enum class ScaleCount { None, Zero, Up };

ScaleCount scale_count_in(const Text& text, int from, int to) {
  static const std::regex zero(
      R"((=\s*0\b|--replicas\s+0\b|--desired-count\s+0\b|--instances?\s+0\b|-i\s+0\b|\bto\s+(0|zero)\b|\bzero\s+(replicas|pods|instances|tasks|nodes)\b))",
      std::regex::icase);
  static const std::regex up(
      R"((=\s*\+?[1-9]\d*\b|\s\+[1-9]\d*\b|--(replicas|desired-count|desired-capacity|instances?|count|size|min-instances)\s+\+?[1-9]\d*\b|-i\s+[1-9]\d*\b|\bscal(e|ing)\s+(\w+\s+){0,3}(up|out)\b|\bto\s+[1-9]\d*\s+(replicas|pods|instances|tasks|nodes)\b))",
      std::regex::icase);
  bool said_zero = false, said_up = false;
  for (int l = std::max(1, from); l <= to && l <= text.size(); ++l) {
    const std::string& line = text.at(l);
    const CommandMatch m = match_command(line);
    if (m.known && m.action == "scale" && m.replicas) (*m.replicas == 0 ? said_zero : said_up) = true;
    if (m.known && m.action == "scale" && m.replicas_added) said_up = said_up || *m.replicas_added > 0;
    if (std::regex_search(line, zero))
      said_zero = true;
    else if (std::regex_search(line, up))
      said_up = true;
  }
  if (said_zero) return ScaleCount::Zero;
  return said_up ? ScaleCount::Up : ScaleCount::None;
}

// The line where the document says its deploy pipeline checks the service after each deploy, or 0.
int pipeline_checks_itself(const Text& text) {
  static const std::regex pipeline(R"(\b(workflow|pipeline|deploy\w*|ci/cd|ci)\b)", std::regex::icase);
  static const std::regex check(R"((health[- ]?check|smoke[- ]?test|verif\w*|validat\w*))",
                                std::regex::icase);
  static const std::regex every(
      R"(\b(after (each|every)|post[- ]deploy|each deploy|every deploy|after (the )?deploy\w*))",
      std::regex::icase);
  for (int l = 1; l <= text.size(); ++l)
    if (std::regex_search(text.at(l), pipeline) && std::regex_search(text.at(l), check) &&
        std::regex_search(text.at(l), every))
      return l;
  return 0;
}

// The file name of a script that lines [from, to] run (`./rollback.sh`, `/opt/app/rollback.sh env`,
// `bash scripts/failover.py`), if any.
std::optional<std::string> script_run_in(const Text& text, int from, int to) {
  static const std::regex script(R"((?:^|[\s/`'"])([A-Za-z0-9_.-]+\.(?:sh|bash|py|rb|pl|ps1))\b)");
  for (int l = std::max(from, 1); l <= std::min(to, text.size()); ++l) {
    std::smatch m;
    if (std::regex_search(text.at(l), m, script)) return m[1].str();
  }
  return std::nullopt;
}

// The line where the document describes the script `name` checking the service by itself ("`/readyz`
// is polled until ready", "rollback.sh waits until the health check passes"): a line naming the script,
// or one in a section that says what the tool does ("What happens", "How it works"), with a readiness or
// health check done by the tool. 0 when there is none.
int script_checks_itself(const Text& text, const std::string& name) {
  static const std::regex describes(
      R"(\b(what (happens|it does|the script does)|how it works|under the hood|behind the scenes)\b)",
      std::regex::icase);
  static const std::regex health(R"((ready\w*|readyz|healthz|health\w*|smoke[- ]?test))", std::regex::icase);
  static const std::regex automatic(
      R"(\b(poll\w*|probe\w*|wait(s|ed|ing)? (for|until)|checks|checked|verifies|verified|until)\b)",
      std::regex::icase);
  for (int l = 1; l <= text.size(); ++l) {
    const std::string& line = text.at(l);
    if (!std::regex_search(line, health) || !std::regex_search(line, automatic)) continue;
    const bool names_it = line.find(name) != std::string::npos;
    bool in_description = false;
    for (const auto* h = text.enclosing(l); h != nullptr && !in_description; h = text.parent(*h))
      in_description = std::regex_search(h->text, describes);
    if (names_it || in_description) return l;
  }
  return 0;
}

}  // namespace

std::vector<LintFinding> lint_runbook(const ImportResult& imported, std::string_view markdown) {
  std::vector<LintFinding> out;
  const Text text(markdown);
  const auto line_of_step = [&](const std::string& name) {
    const auto it = imported.step_line.find(name);
    return it == imported.step_line.end() ? 0 : it->second;
  };
  const auto step_end_line = [&](const std::string& name) {
    const auto it = imported.step_end_line.find(name);
    return it == imported.step_end_line.end() ? line_of_step(name) : std::max(line_of_step(name), it->second);
  };
  for (const auto& level : imported.plan.value("levels", ojson::array())) {
    const std::string name = level.value("name", "");
    const auto level_line = imported.level_line.count(name) ? imported.level_line.at(name) : 0;
    const auto& steps = level["steps"];
    // The level's budget against its steps' stated times.
    if (level.contains("claim_s")) {
      // Only the durations the runbook states: a step without an estimate is a warning of its own.
      double total = 0;
      for (const auto& step : steps) {
        const auto stated = imported.stated_s.find(step["name"].get<std::string>());
        if (stated != imported.stated_s.end()) total += stated->second;
      }
      const double claim = level["claim_s"].get<double>();
      if (total > claim + 1e-9) {
        out.push_back({Severity::Fail, "level-budget", level_line,
                       "\"" + name + "\" claims " + describe_seconds(claim) + ", but its steps take " +
                           describe_seconds(total) + " on average by the runbook's own estimates"});
      }
    }
    // Every change is followed by a verification. The path the level runs (steps without a `when`) is
    // judged; a conditional or alternative path that ends in a change with no check of its own is a
    // warning about that path, not a FAIL of the level (a drill runs it only in its situation).
    std::optional<std::size_t> last_change;
    bool verified_after = false;
    std::map<std::string, std::pair<std::size_t, bool>> paths;  // when -> (its last change, verified after)
    for (std::size_t i = 0; i < steps.size(); ++i) {
      const std::string action = steps[i]["action"].get<std::string>();
      const std::string when = steps[i].value("when", std::string());
      if (!when.empty()) {
        if (changes_system(action))
          paths[when] = {i, false};
        else if (action == "verify" && paths.count(when))
          paths[when].second = true;
        continue;
      }
      if (changes_system(action)) {
        last_change = i;
        verified_after = false;
      } else if (action == "verify") {
        verified_after = true;
      }
    }
    for (const auto& [when, path] : paths) {
      if (path.second) continue;
      const std::string step = steps[path.first]["name"].get<std::string>();
      out.push_back({Severity::Warn, "verification", line_of_step(step),
                     "\"" + name + "\": on the path \"" + when +
                         "\", nothing in the plan verifies the system after \"" + step + "\" (" +
                         steps[path.first]["action"].get<std::string>() + ")"});
    }
    if (last_change && !verified_after) {
      const std::string step = steps[*last_change]["name"].get<std::string>();
      const int step_line = line_of_step(step);
      // The words after the change, to the end of its section: a check the plan did not import as a
      // step is still a check.
      int verified_line = 0;
      if (step_line > 0 && step_line <= text.size()) {
        const auto* heading = text.enclosing(step_line);
        int end = text.size() + 1;
        if (heading != nullptr) {
          // A step with a heading of its own: to the end of the next step's section (the next heading
          // at its depth or above, and the one after it). A step inside the level's own section (a
          // command group, a list item): to the end of that section.
          const bool own = heading->line != level_line;
          end = text.next_heading(step_line, heading->depth);
          if (own && end <= text.size()) {
            const auto* next = text.enclosing(end);
            if (next != nullptr && next->depth == heading->depth)
              end = text.next_heading(end, heading->depth);
          }
        }
        verified_line = text.verification_in(step_line + 1, end);
        // A later step of the level whose own lines check the system ("Monitor for 30 minutes: the
        // queue depth and error rate dashboards must stay flat"), imported as a wait or a notice.
        for (std::size_t i = *last_change + 1; i < steps.size() && !verified_line; ++i) {
          const std::string later = steps[i]["name"].get<std::string>();
          const int from = line_of_step(later);
          const auto last = imported.step_end_line.find(later);
          const int to = last == imported.step_end_line.end() ? from : std::max(from, last->second);
          if (from > step_line) verified_line = text.verification_in(from, to + 1);
        }
        // A section after it about what follows any rollback ("Post-Rollback Procedures",
        // "Verification") that verifies.
        // "Post-rollback" at the levels' depth or above; "Verification" only above it (at the levels'
        // depth it is another level's step).
        static const std::regex after_rollback(R"((post[- ]?rollback|after (the |a )?rollback))",
                                               std::regex::icase);
        static const std::regex checking(
            R"((verification|validation|verify|validate|health check|smoke test))", std::regex::icase);
        const auto* level_heading = text.enclosing(level_line);
        const int level_depth =
            level_heading != nullptr && level_heading->line == level_line ? level_heading->depth : 7;
        for (const auto& h : text.headings) {
          if (verified_line) break;
          if (h.line <= step_line) continue;
          const bool applies = (h.depth <= level_depth && std::regex_search(h.text, after_rollback)) ||
                               (h.depth < level_depth && std::regex_search(h.text, checking));
          if (!applies) continue;
          verified_line = text.verification_in(h.line, text.next_heading(h.line, h.depth));
        }
        // A later line that ties a check to the time after the change, wherever the document puts it
        // ("Safeguards: after completion, re-enable traffic and run smoke tests").
        static const std::regex after_done(
            R"(\b(after|once|when)\b.*\b(complet\w*|done|finish\w*|restor\w*|roll(ed)? ?back)\b)",
            std::regex::icase);
        static const std::regex named_check(
            R"((smoke[- ]?test|health[- ]?check|verif\w*|validat\w*|readiness))", std::regex::icase);
        for (int l = step_line + 1; l <= text.size() && !verified_line; ++l)
          if (std::regex_search(text.at(l), after_done) && std::regex_search(text.at(l), named_check))
            verified_line = l;
      }
      // A change in a section about something else than the procedure (an alternative, a
      // troubleshooting appendix, notes) that the import ran in series: not the procedure's last
      // change, so the text does not support a FAIL.
      static const std::regex aside(
          R"(\b(alternative|alternatively|option [b-z2-9]|if |when |instead|troubleshoot|appendix|notes?\b|stuck|emergency|fallback|manual(ly)? override|faq|cheat ?sheet|quick reference|reference|useful commands|common commands|handy commands|command summary|commands at a glance|tl;?dr))",
          std::regex::icase);
      // Escalation hints, post-rollback chores and checklists are aside too, even as a level of their own.
      static const std::regex after_procedure(
          R"(\b(escalat\w*|post[- ]rollback|post[- ]incident|follow[- ]up|clean[- ]?up|checklist|housekeeping)\b)",
          std::regex::icase);
      const Text::Heading* aside_heading = nullptr;
      for (const auto* h = text.enclosing(step_line); h != nullptr && !aside_heading; h = text.parent(*h)) {
        const bool level = h->line == level_line;
        if ((!level && std::regex_search(h->text, aside)) || std::regex_search(h->text, after_procedure))
          aside_heading = h;
        if (level) break;
      }
      // A change outside every section about going back, in a document that has one (an operations
      // recipe such as "Force Reconciliation" after the "Rollback" section): not the procedure's change.
      if (aside_heading == nullptr) {
        static const std::regex back(
            R"((roll ?back|revert|restor|recover|undo|fail ?over|fall ?back|switch(ing)? back|downgrade|previous|wiederherstell|zurück))",
            std::regex::icase);
        bool chain_goes_back = false;
        const Text::Heading* outermost = nullptr;
        for (const auto* h = text.enclosing(step_line); h != nullptr; h = text.parent(*h)) {
          if (h->depth > 1 && std::regex_search(h->text, back)) chain_goes_back = true;
          if (h->depth > 1) outermost = h;
        }
        const Text::Heading* other = nullptr;
        for (const auto& h : text.headings)
          if (h.depth > 1 && h.line < step_line && std::regex_search(h.text, back) && !other) other = &h;
        if (!chain_goes_back && outermost != nullptr && other != nullptr)
          aside_heading = text.enclosing(step_line);
      }
      // A redeploy by a pipeline that the document says checks the service after each deploy ("The
      // deployment workflow includes a health check after each deploy"), or a script whose described
      // behaviour checks the service ("What happens: ... `/readyz` is polled until ready"): the tool the
      // change runs checks itself, a check the drill does not run.
      int pipeline_check = 0;
      std::string checker = "the pipeline checks the service after each deploy";
      if (!verified_line && aside_heading == nullptr) {
        if (steps[*last_change]["action"].get<std::string>() == "pipeline_redeploy") {
          pipeline_check = pipeline_checks_itself(text);
        } else if (const auto script = script_run_in(text, step_line, step_end_line(step))) {
          pipeline_check = script_checks_itself(text, *script);
          checker = "the script it runs checks the service";
        }
      }
      if (pipeline_check) {
        out.push_back({Severity::Warn, "verification", step_line,
                       "\"" + name + "\": nothing in the plan verifies the system after \"" + step +
                           "\", but the text says " + checker + " (line " + std::to_string(pipeline_check) +
                           "), so a drill does not run that check"});
      } else if (!verified_line && aside_heading != nullptr) {
        out.push_back({Severity::Warn, "verification", step_line,
                       "\"" + name + "\": nothing verifies the system after \"" + step +
                           "\", which is in \"" + aside_heading->text + "\" (line " +
                           std::to_string(aside_heading->line) +
                           "), a section aside from the procedure that the plan runs in series"});
      } else if (verified_line) {
        out.push_back({Severity::Warn, "verification", verified_line,
                       "\"" + name + "\": the check after \"" + step + "\" is in the text (line " +
                           std::to_string(verified_line) +
                           ") but not a verify step of the plan, so a drill does not run it"});
      } else {
        out.push_back({Severity::Fail, "verification", step_line,
                       "\"" + name + "\": nothing verifies the system after \"" + step + "\" (" +
                           steps[*last_change]["action"].get<std::string>() +
                           "), in the plan or in the text after it"});
      }
    }
    // The order of the database and the application.
    std::optional<std::size_t> first_db, first_app;
    for (std::size_t i = 0; i < steps.size(); ++i) {
      const std::string action = steps[i]["action"].get<std::string>();
      if (is_db(action) && !first_db) first_db = i;
      if (is_app(action) && !first_app) first_app = i;
    }
    if (first_db && first_app) {
      const bool db_first = *first_db < *first_app;
      const std::string step = steps[std::min(*first_db, *first_app)]["name"].get<std::string>();
      out.push_back(
          {Severity::Warn, "order", line_of_step(step),
           "\"" + name + "\" rolls back the " +
               (db_first ? "database before the application" : "application before the database") +
               (db_first ? ": until the application is rolled back, the new code runs against the old "
                           "schema (its requests fail if it needs the new one)"
                         : ": until the database is rolled back, the old code runs against the new "
                           "schema (its requests fail if the migration removed or changed what it "
                           "uses)") +
               "; `lint --scenario` measures the cost (docs/data-stores.md)"});
    }
    // Scaling to zero: no endpoint until something brings pods back.
    for (std::size_t i = 0; i < steps.size(); ++i) {
      const auto& step = steps[i];
      if (step["action"] != "scale" || step.value("replicas", 1) != 0) continue;
      // The plan's 0 where the runbook scales up or states no count is the import's default: a scale to
      // zero only when the runbook's lines say zero; with no count stated the warning rests on that default.
      const std::string step_name = step["name"].get<std::string>();
      const int from = line_of_step(step_name);
      const auto end_it = imported.step_end_line.find(step_name);
      const int to = end_it == imported.step_end_line.end() ? from : end_it->second;
      const ScaleCount stated =
          markdown.empty() || from == 0 ? ScaleCount::Zero : scale_count_in(text, from, to);
      if (stated == ScaleCount::Up) continue;
      double gap = 0;
      bool assumed = false;  // A step in between has no estimate of the runbook's: its default counts.
      std::string back = "nothing in the level";
      for (std::size_t j = i + 1; j < steps.size(); ++j) {
        const std::string action = steps[j]["action"].get<std::string>();
        if ((action == "scale" && steps[j].value("replicas", 0) > 0) || is_app(action)) {
          back = "\"" + steps[j]["name"].get<std::string>() + "\"";
          break;
        }
        gap += plan_mean(steps[j].value("duration", ojson(0)));
        assumed = assumed || !imported.stated_s.count(steps[j]["name"].get<std::string>());
      }
      out.push_back(
          {Severity::Warn, "scale-to-zero", line_of_step(step["name"].get<std::string>()),
           "\"" + step["name"].get<std::string>() + "\" scales to 0: every request fails until " + back +
               " brings pods back (about " + describe_seconds(gap) + " of steps in between, plus pod start)" +
               (stated == ScaleCount::None ? "; the runbook states no count: 0 is the import's default" : ""),
           assumed || stated == ScaleCount::None ? LintFinding::Basis::Assumption
                                                 : LintFinding::Basis::Runbook});
    }
  }
  // A restore from backups older than the RPO allows.
  bool restores = false;
  for (const auto& level : imported.plan.value("levels", ojson::array())) {
    for (const auto& step : level["steps"])
      restores = restores || step["action"] == "db_restore";
  }
  if (restores && !imported.backup_intervals_s.empty() && !imported.mentions_pitr) {
    const double interval =
        *std::min_element(imported.backup_intervals_s.begin(), imported.backup_intervals_s.end());
    for (const auto& row : imported.objectives) {
      if (!row["rpo_s"].is_number()) continue;
      const double rpo = row["rpo_s"].get<double>();
      if (interval > rpo) {
        out.push_back({Severity::Fail, "restore-point", 0,
                       "\"" + row["key"].get<std::string>() + "\" has an RPO of " + describe_seconds(rpo) +
                           ", but backups are " + describe_seconds(interval) +
                           " apart and nothing mentions point-in-time recovery: a restore can lose up to " +
                           describe_seconds(interval)});
      }
    }
  }
  // A plan that changes nothing cannot roll anything back.
  {
    int steps = 0;
    bool changes = false;
    for (const auto& level : imported.plan.value("levels", ojson::array())) {
      for (const auto& step : level.value("steps", ojson::array())) {
        ++steps;
        changes = changes || changes_system(step.value("action", std::string()));
      }
    }
    // The text's first command that would change the system: when there is one, the import missed it,
    // and the finding is about the import rather than the runbook.
    int command_line = 0;
    std::string command;
    for (int l = 1; l <= text.size() && !changes && !command_line; ++l) {
      std::vector<std::string> candidates;
      const std::string& line = text.at(l);
      if (text.in_code[static_cast<std::size_t>(l)]) {
        candidates.push_back(line);
      } else {
        // A command written without code markup, its continuation lines joined ("aws ecs update-service \").
        std::string joined = line;
        for (int k = l + 1; k <= text.size() && !joined.empty() && joined.back() == '\\'; ++k)
          joined = joined.substr(0, joined.size() - 1) + " " + text.at(k);
        const auto first = joined.find_first_not_of(" \t-*>0123456789.)");
        if (first != std::string::npos) candidates.push_back(joined.substr(first));
        // A command inside a sentence ("Then run ansible-playbook rollback.yml against prod"): from each
        // later word on (a sentence's own words match no command of the catalogue).
        if (first != std::string::npos && joined.size() < 600) {
          int words = 0;
          for (std::size_t i = first + 1; i < joined.size() && words < 60; ++i) {
            if (joined[i - 1] != ' ' || joined[i] == ' ') continue;
            ++words;
            candidates.push_back(joined.substr(i));
          }
        }
      }
      for (std::size_t open = line.find('`'); open != std::string::npos;) {
        const std::size_t close = line.find('`', open + 1);
        if (close == std::string::npos) break;
        candidates.push_back(line.substr(open + 1, close - open - 1));
        open = line.find('`', close + 1);
      }
      for (const auto& candidate : candidates) {
        const CommandMatch m = match_command(candidate);
        // Starting what an emergency stop stopped ("docker compose start web", "systemctl start app"): a
        // change, though the catalogue keeps it manual (the drill cannot tell what it brings back).
        const bool starts = m.known && !m.tool.empty() && m.tool != "shell" && m.what == "start";
        if ((!m.action.empty() && changes_system(m.action)) || starts) {
          command_line = l;
          const auto first = candidate.find_first_not_of(" \t$");
          command = first == std::string::npos ? candidate : candidate.substr(first);
          if (command.size() > 60) command = command.substr(0, 57) + "...";
          break;
        }
      }
    }
    // Or a sentence that asks for a change by hand ("redeploy the previous build in the dashboard").
    static const std::regex change_words(
        R"(\b(redeploy|roll (it |them |the \w+ )?back|revert|restore|switch (the )?traffic|fail ?over|promote|disable the|turn off|scale (up|down|to))\b|)"
        // The same in French, Spanish, Portuguese, German and Italian: going back, a previous version.
        R"(\b(revenir|restaurer|rétablir|revertir|reverter|restaurar|ripristinare|zurücksetzen|rücksetzen|zurückrollen|wiederherstellen|reaktivieren)\b|)"
        R"((version précédente|versión anterior|versão anterior|versione precedente|vorherige version))",
        std::regex::icase);
    for (int l = 1; l <= text.size() && !changes && !command_line; ++l) {
      const std::string& line = text.at(l);
      if (text.in_code[static_cast<std::size_t>(l)] || line.rfind('#', 0) == 0) continue;
      std::smatch m;
      if (std::regex_search(line, m, change_words)) {
        command_line = l;
        command = m.str(0);
      }
    }
    // Or a comment in a code block that titles the command under it as going back ("# Rollback (100%
    // stable)" over a `kubectl apply` of the old weights): the catalogue does not know what the command
    // applies, but the text asks for the change.
    static const std::regex titled_back(
        R"(^\s*(#|//)+\s*(roll ?back|revert|restore|fail ?over|switch back)\b)", std::regex::icase);
    for (int l = 1; l < text.size() && !changes && !command_line; ++l) {
      if (!text.in_code[static_cast<std::size_t>(l)] || !text.in_code[static_cast<std::size_t>(l + 1)])
        continue;
      const std::string& next = text.at(l + 1);
      const auto first = next.find_first_not_of(" \t$");
      if (first == std::string::npos || next[first] == '#' || next.rfind("```", first) == first) continue;
      std::smatch m;
      if (std::regex_search(text.at(l), m, titled_back)) {
        command_line = l + 1;
        command = next.substr(first, 60);
      }
    }
    const std::string found = steps == 0
                                  ? std::string("no step found")
                                  : "none of the plan's " + std::to_string(steps) +
                                        " steps changes the system (each is manual, a check, a wait or a "
                                        "message)";
    if (!changes && command_line) {
      out.push_back(
          {Severity::Warn, "no-change", command_line,
           found + ", yet the text asks for a change (`" + command + "`)" +
               ": the import missed the procedure (check it with drillsim import), so a drill rolls "
               "nothing back"});
    } else if (!changes) {
      out.push_back(
          {Severity::Fail, "no-change", 0,
           found + ", and the text has no command that changes the system: nothing is rolled back"});
    }
  }
  // Contradicting durations side by side: "< 30 seconds" within a few lines of "takes ~90 seconds",
  // in one section.
  for (int l = 1; l <= text.size(); ++l) {
    if (text.in_code[static_cast<std::size_t>(l)]) continue;
    for (const auto& bound : find_durations(text.at(l))) {
      if (bound.form != DurationMention::Form::UpperBound) continue;
      if (bound.role != DurationMention::Role::Step && bound.role != DurationMention::Role::Budget &&
          bound.role != DurationMention::Role::Unknown)
        continue;
      const auto* section = text.enclosing(l);
      const int end = std::min(text.size() + 1, l + 6);
      bool reported = false;
      for (int m = std::max(1, l - 5); m < end && !reported; ++m) {
        if (m == l || text.in_code[static_cast<std::size_t>(m)] || text.enclosing(m) != section) continue;
        const std::string said = lower(text.at(m));
        if (said.find("take") == std::string::npos && said.find("took") == std::string::npos) continue;
        for (const auto& other : find_durations(text.at(m))) {
          if (other.form == DurationMention::Form::UpperBound || other.form == DurationMention::Form::Offset)
            continue;
          if (other.role != DurationMention::Role::Step && other.role != DurationMention::Role::Unknown)
            continue;
          if (other.min_s <= bound.max_s) continue;
          out.push_back({Severity::Fail, "contradiction", l,
                         "\"" + bound.text + "\" (line " + std::to_string(l) + ") beside \"" + other.text +
                             "\" (line " + std::to_string(m) +
                             "): the same section claims less time than it says it takes"});
          reported = true;
          break;
        }
      }
    }
  }
  // An RTO stated in a heading or a label that the RTO/RPO table contradicts.
  {
    static const std::regex rto_label(R"(^\s*[-*]?\s*\**\s*(RTO|Recovery Time Objective)\b)",
                                      std::regex::icase);
    static const std::regex rto_word(R"(\b(RTO|Recovery Time Objective)\b)", std::regex::icase);
    std::vector<double> table;
    for (const auto& row : imported.objectives) {
      if (row.contains("rto_s") && row["rto_s"].is_number()) table.push_back(row["rto_s"].get<double>());
    }
    std::vector<std::pair<int, double>> stated;  // (line, seconds) of RTOs outside tables.
    for (int l = 1; l <= text.size(); ++l) {
      const std::string& line = text.at(l);
      if (text.in_code[static_cast<std::size_t>(l)] || line.find('|') != std::string::npos) continue;
      const bool heading = line.rfind('#', 0) == 0;
      if (!(heading ? std::regex_search(line, rto_word) : std::regex_search(line, rto_label))) continue;
      std::smatch m;
      std::regex_search(line, m, rto_word);
      // The RTO's own value: what follows the word, up to an RPO stated on the same line ("RTO: 30+ min.
      // RPO: up to 24 hours" states no 24-hour RTO).
      std::string own = line.substr(static_cast<std::size_t>(m.position(0) + m.length(0)));
      static const std::regex rpo_word(R"(\b(RPO|Recovery Point Objective)\b)", std::regex::icase);
      std::smatch rpo;
      if (std::regex_search(own, rpo, rpo_word)) own.resize(static_cast<std::size_t>(rpo.position(0)));
      const auto after = find_durations(own);
      if (!after.empty()) stated.push_back({l, after.front().max_s});
    }
    const auto same = [](double a, double b) { return std::abs(a - b) < 1; };
    for (const auto& [line, seconds_stated] : stated) {
      if (!table.empty()) {
        const double stated_s = seconds_stated;  // A lambda may not capture a structured binding (clang 14).
        if (std::none_of(table.begin(), table.end(), [&](double t) { return same(t, stated_s); })) {
          out.push_back({Severity::Fail, "contradiction", line,
                         "the RTO stated here (" + describe_seconds(seconds_stated) +
                             ") is in no row of the RTO/RPO table"});
        }
      } else if (!same(stated.front().second, seconds_stated)) {
        // An alternative's own RTO ("Option 3: ... RTO: 30 min") is what that path takes, not a second
        // objective for the service: worth a look, not a contradiction.
        static const std::regex alternative(
            R"(\b(alternative|option [a-z0-9]|method [0-9b-z]|if |only when|fallback)\b)", std::regex::icase);
        bool in_alternative = false;
        for (const auto* h = text.enclosing(line); h != nullptr && !in_alternative; h = text.parent(*h))
          in_alternative = std::regex_search(h->text, alternative);
        out.push_back({in_alternative ? Severity::Warn : Severity::Fail, "contradiction", line,
                       "the RTO stated here (" + describe_seconds(seconds_stated) +
                           ") differs from the one at line " + std::to_string(stated.front().first) + " (" +
                           describe_seconds(stated.front().second) + ")" +
                           (in_alternative ? ", for an alternative path" : "")});
      }
    }
  }
  // `kubectl rollout undo` on a Deployment the runbook has paused and not resumed: kubectl refuses to
  // roll back a paused Deployment.
  for (int l = 1; l <= text.size(); ++l) {
    const auto paused = rollout_target(text.at(l), "pause");
    if (!paused) continue;
    for (int m = l + 1; m <= text.size() && m <= l + 60; ++m) {
      const auto resumed = rollout_target(text.at(m), "resume");
      if (resumed && (*resumed == *paused || resumed->empty() || paused->empty())) break;
      const auto undone = rollout_target(text.at(m), "undo");
      if (undone && (*undone == *paused || undone->empty() || paused->empty())) {
        out.push_back(
            {Severity::Fail, "paused-undo", m,
             "`kubectl rollout undo` of a Deployment paused at line " + std::to_string(l) +
                 " and not resumed: kubectl refuses to roll back a paused Deployment (resume it first)"});
        break;
      }
    }
  }
  for (const auto& n : imported.notes) {
    if (n.kind == ImportNote::Kind::DefaultDuration)
      out.push_back({Severity::Warn, "no-estimate", n.line, n.text});
    else if (n.kind == ImportNote::Kind::Trigger && n.text.find("no duration given") != std::string::npos)
      out.push_back({Severity::Warn, "trigger-duration", n.line, n.text});
    else if (n.kind == ImportNote::Kind::Contradiction)
      out.push_back({Severity::Fail, "contradiction", n.line, n.text});
  }
  std::stable_sort(out.begin(), out.end(), [](const LintFinding& a, const LintFinding& b) {
    return a.severity != b.severity ? a.severity == Severity::Fail : a.line < b.line;
  });
  return out;
}

bool any_failure(const std::vector<LintFinding>& findings) {
  return std::any_of(findings.begin(), findings.end(),
                     [](const LintFinding& f) { return f.severity == Severity::Fail; });
}

std::string format_findings(const std::vector<LintFinding>& findings, const std::string& file) {
  std::ostringstream out;
  int fails = 0, warns = 0;
  for (const auto& f : findings) {
    (f.severity == Severity::Fail ? fails : warns)++;
    out << file << ":" << f.line << ": " << (f.severity == Severity::Fail ? "FAIL" : "warn") << " ["
        << f.check << "] " << f.text << " ("
        << (f.basis == LintFinding::Basis::Runbook ? "the runbook's words" : "rests on assumptions") << ")\n";
  }
  out << (fails ? std::to_string(fails) + " claim(s) fail" : std::string("every claim holds")) << ", "
      << warns << " warning(s)\n";
  return out.str();
}

nlohmann::ordered_json findings_to_json(const std::vector<LintFinding>& findings) {
  ojson out = ojson::array();
  for (const auto& f : findings) {
    out.push_back({{"severity", f.severity == Severity::Fail ? "fail" : "warn"},
                   {"check", f.check},
                   {"line", f.line},
                   {"text", f.text},
                   {"basis", f.basis == LintFinding::Basis::Runbook ? "runbook" : "assumption"}});
  }
  return out;
}

}  // namespace drillsim::runbook

namespace drillsim::runbook {

std::optional<std::string> not_a_runbook(std::string_view text) {
  if (text.find('\0') != std::string_view::npos) return "it is binary (it holds NUL bytes)";
  std::size_t first = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") first = 3;  // A UTF-8 byte order mark.
  first = text.find_first_not_of(" \t\r\n", first);
  if (first == std::string_view::npos) return "it is empty";
  if (text[first] == '{' || text[first] == '[') {
    const auto parsed = nlohmann::json::parse(text.substr(first), nullptr, false);
    if (!parsed.is_discarded()) return "it is JSON";
  }
  if (text.substr(first, 2) == "#!") return "it is a script (it starts with #!)";
  // Lines outside fenced code, without blank lines and '#' lines (a YAML or shell comment, or a heading).
  static const std::regex yaml_key(R"(^\s*(-\s+)?[A-Za-z_][A-Za-z0-9_.\-]*:(\s|$))");
  static const std::regex code_line(
      R"(^\s*(import\s|package\s|from\s+\S+\s+import|def\s|class\s|func\s|fn\s|public\s|private\s|return\b|const\s|let\s|var\s|function\b|#include|using\s|[{}\])]+;?\s*$)|[;{]\s*$)");
  static const std::regex markdown_line(R"(^\s*(#{1,6}\s+\S|[-*+]\s+\S|\d+[.)]\s+\S|\|.*\||>\s))");
  // A build file's command calls (CMake's "add_test(NAME ...", "set(corpus ...)"): a name and its open
  // parenthesis at the start of a line, or a lone closing one.
  static const std::regex call_line(R"(^\s*([A-Za-z_][A-Za-z0-9_]*\(|\)\s*$))");
  int considered = 0, yaml = 0, code = 0, markdown = 0, headings = 0, prom = 0, fences = 0;
  bool fenced = false;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string line(text.substr(start, end - start));
    start = end + 1;
    const auto content = line.find_first_not_of(" \t\r");
    if (content == std::string::npos) continue;
    if (line.compare(content, 3, "```") == 0 || line.compare(content, 3, "~~~") == 0) {
      fenced = !fenced;
      ++markdown;
      ++fences;
      continue;
    }
    if (fenced) continue;
    if (line[content] == '#') {
      if (std::regex_search(line, std::regex(R"(^#{1,6}\s+\S)"))) ++headings;
      continue;
    }
    ++considered;
    if (std::regex_search(line, yaml_key)) ++yaml;
    if (std::regex_search(line, code_line) || std::regex_search(line, call_line)) ++code;
    if (std::regex_search(line, markdown_line)) ++markdown;
    const std::string trimmed = line.substr(content);
    if (trimmed.rfind("groups:", 0) == 0 || trimmed.rfind("- alert:", 0) == 0 ||
        trimmed.rfind("expr:", 0) == 0)
      ++prom;
  }
  // YAML has no code fences; a Markdown document with a fence is not YAML, however many "Key: value"
  // labels it has.
  if (considered >= 3 && yaml * 10 >= considered * 6 && fences == 0) {
    return prom >= 2 ? "it is a Prometheus rule file (YAML: groups, alert, expr)"
                     : "it is YAML (key: value lines)";
  }
  if (considered >= 5 && code * 10 >= considered * 5 && markdown * 10 < considered * 3)
    return "it is source code";
  return std::nullopt;
}

}  // namespace drillsim::runbook
