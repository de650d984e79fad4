// The command catalogue: a shell command found in a runbook, mapped to the plan action it performs
// (docs/runbook-import.md lists every command it knows).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace drillsim::runbook {

struct CommandMatch {
  bool known = false;  // The catalogue names this command (an unknown one becomes a manual step).
  std::string tool;    // "kubectl", "helm", "argocd", "docker", "docker compose", "gh", "psql",
                       // "pg_restore", "pg_dump", "django", "prisma", "flyway", "alembic", "terraform",
                       // "aws", "gcloud", "curl", "slack", "feature-flag", ...
  std::string what;    // The sub-command as the catalogue names it: "rollout undo", "scale", ...
  // The plan action (model::to_string(StepSpec::Action) names: "rollout_undo", "scale", "set_image",
  // "restore_config", "pipeline_redeploy", "db_restore", "db_migrate_down", "disable_flag",
  // "shift_traffic", "infra_rollback", "notify", "status_page", "verify", "wait", "manual"), or ""
  // when the command only observes (kubectl get / describe / logs, rollout status, pg_dump --list ...).
  std::string action;
  std::string target;  // The deployment / release / app / service it acts on; "" if none or a placeholder.
  std::optional<int> replicas;        // scale --replicas=N
  std::optional<int> replicas_added;  // scale by a relative count: "heroku ps:scale web+2" (+2), "-1"
  std::string flag;                   // disable_flag: the flag's name when the command gives it
  std::string store;                  // db_restore / db_migrate_down: the database, when given
  std::string undone_by;              // A command that must come later to undo this one: "kubectl rollout
                                      // pause" -> "kubectl rollout resume"; freeze -> unfreeze; "" if none.
  bool observes = false;              // Reads state only (status, get, logs, describe, health checks).
  bool point_in_time = false;         // db_restore: to a point in time (recovery_target_time, PITR options).
  std::vector<std::string> placeholders;  // Placeholders in the command (<previous-version>, [DOMAIN],
                                          // ${VAR}, $VAR, ____, YOUR_PAGE_ID): never taken as values.
};

// Matches one command line (continuation lines already joined, comments stripped). Never throws.
CommandMatch match_command(std::string_view line);

// What a step does from its words alone (its title, any case), when no command of the catalogue says it:
// the words runbooks use for the actions drillsim simulates, in English with a few German and French
// stems. "" when the words say nothing. `observes`: the step holds commands that only read (then "health"
// alone is a check). A leading verb decides first: "Identify the backup to restore" looks something up
// (manual), "Check the rollback" verifies, "Roll back and check" rolls back.
std::string action_from_words(std::string_view title, bool observes = false);

// True when a step's words name a freeze of deploys or its lifting ("Freeze rollout", "Push and sync the
// freeze", "Revert the freeze", "Commit the unfreeze", "Deploys stay frozen"): it governs what later
// deploys may do and changes nothing that runs, whatever command carries it (a sync, a revert, a push).
bool names_a_freeze(std::string_view title);

// True for a code block that shows configuration rather than commands to run: a Kubernetes or Argo
// manifest (`apiVersion:` and `kind:`), or a block (fence language yaml, json, toml, hcl, ini, or none)
// whose lines are mostly `key: value` or `- key: value`, with no line the catalogue reads as a change
// (`new_checkout_enabled: false`, `recovery_target_time = ...` are procedure, not reference).
// `info` is the fence's language, `text` the block's lines.
bool is_configuration_block(std::string_view info, std::string_view text);

// A sentence that runs the command just shown once more without one of its options: "If the output looks
// right, remove `--dry-run` and execute", "Then run it again without --what-if". Returns that option as
// the sentence writes it ("--dry-run"), or "" when the sentence says no such thing ("Never run it
// without --dry-run" forbids).
std::string option_dropped_to_run(std::string_view sentence);

// `command` without `option` (with its "=value", any case): "failover.py --dns x --dry-run" ->
// "failover.py --dns x". A line continuation left dangling by the removal goes too.
std::string without_option(std::string_view command, std::string_view option);

// True for a value a runbook leaves to be filled in: <previous-version>, [DOMAIN], ${VAR}, $VAR,
// {{var}}, ____, YOUR_PAGE_ID, xxx, TODO.
bool is_placeholder(std::string_view value);

}  // namespace drillsim::runbook
