#include "runbook/lint.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <sstream>

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

std::string seconds(double s) {
  std::ostringstream out;
  if (s >= 120) {
    out << std::round(s / 6.0) / 10.0 << " min";
  } else {
    out << std::round(s) << " s";
  }
  return out.str();
}

// The mean of a step's duration as the plan has it (a number, or a uniform distribution).
double plan_mean(const ojson& duration) {
  if (duration.is_number()) return duration.get<double>();
  if (duration.is_object() && duration.contains("min_s") && duration.contains("max_s"))
    return (duration["min_s"].get<double>() + duration["max_s"].get<double>()) / 2;
  return 0;
}

}  // namespace

std::vector<LintFinding> lint_runbook(const ImportResult& imported) {
  std::vector<LintFinding> out;
  const auto line_of_step = [&](const std::string& name) {
    const auto it = imported.step_line.find(name);
    return it == imported.step_line.end() ? 0 : it->second;
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
                       "\"" + name + "\" claims " + seconds(claim) + ", but its steps take " +
                           seconds(total) + " on average by the runbook's own estimates"});
      }
    }
    // Every change is followed by a verification.
    std::optional<std::size_t> last_change;
    bool verified_after = false;
    for (std::size_t i = 0; i < steps.size(); ++i) {
      const std::string action = steps[i]["action"].get<std::string>();
      if (changes_system(action)) {
        last_change = i;
        verified_after = false;
      } else if (action == "verify") {
        verified_after = true;
      }
    }
    if (last_change && !verified_after) {
      const std::string step = steps[*last_change]["name"].get<std::string>();
      out.push_back({Severity::Fail, "verification", line_of_step(step),
                     "\"" + name + "\": nothing verifies the system after \"" + step + "\" (" +
                         steps[*last_change]["action"].get<std::string>() + ")"});
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
      double gap = 0;
      std::string back = "nothing in the level";
      for (std::size_t j = i + 1; j < steps.size(); ++j) {
        const std::string action = steps[j]["action"].get<std::string>();
        if ((action == "scale" && steps[j].value("replicas", 0) > 0) || is_app(action)) {
          back = "\"" + steps[j]["name"].get<std::string>() + "\"";
          break;
        }
        gap += plan_mean(steps[j]["duration"]);
      }
      out.push_back({Severity::Warn, "scale-to-zero", line_of_step(step["name"].get<std::string>()),
                     "\"" + step["name"].get<std::string>() + "\" scales to 0: every request fails until " +
                         back + " brings pods back (about " + seconds(gap) +
                         " of steps in between, plus pod start)"});
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
                       "\"" + row["key"].get<std::string>() + "\" has an RPO of " + seconds(rpo) +
                           ", but backups are " + seconds(interval) +
                           " apart and nothing mentions point-in-time recovery: a restore can lose up to " +
                           seconds(interval)});
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
        << f.check << "] " << f.text << "\n";
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
                   {"text", f.text}});
  }
  return out;
}

}  // namespace drillsim::runbook
