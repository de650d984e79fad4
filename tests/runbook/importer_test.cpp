// import_runbook on small runbooks whose plan can be written down by hand, then the five seeds against
// their checked-in plans (golden files), and the importer's robustness on hostile input.
#include "runbook/importer.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>

#include "io/input_error.hpp"
#include "io/scenario_loader.hpp"
#include "runbook/lint.hpp"
#include "runbook/sections.hpp"

namespace drillsim::runbook {
namespace {

namespace fs = std::filesystem;

bool has_note(const ImportResult& r, ImportNote::Kind kind, const std::string& fragment) {
  for (const auto& n : r.notes) {
    if (n.kind == kind && n.text.find(fragment) != std::string::npos) return true;
  }
  return false;
}

const char* kLevels = R"(# Rollback

## Level 1: Application rollback (< 5 minutes)

```bash
# Undo the rollout
kubectl rollout undo deployment/shop-api -n shop

# OR redeploy the previous image
kubectl set image deployment/shop-api api=registry/shop:<previous-version>

# Verify health
curl -f https://shop.example.com/health
```

## Level 2: Database restore (< 30 minutes)

### Step 1: Stop traffic (0-1 minute)

```bash
kubectl scale deployment/shop-api --replicas=0
```

### Step 2: Restore the database (1-21 minutes)

```bash
pg_restore -d shop /backups/latest.dump
```

### Step 3: Bring the app back (21-25 minutes)

```bash
kubectl rollout undo deployment/shop-api
kubectl scale deployment/shop-api --replicas=3
```
)";

TEST(Importer, LevelsWithBudgetsAndTheirSteps) {
  const auto r = import_runbook(kLevels);
  EXPECT_EQ(r.title, "Rollback");
  const auto& levels = r.plan["levels"];
  ASSERT_EQ(levels.size(), 2u);
  EXPECT_EQ(levels[0]["name"], "Level 1: Application rollback");
  EXPECT_EQ(levels[0]["claim_s"], 300.0);
  EXPECT_EQ(levels[1]["claim_s"], 1800.0);
  // Level 1: undo, then the health check; the "OR" image is an alternative: a step that runs only when
  // the scenario lists its condition, not a step run after the undo.
  const auto& l1 = levels[0]["steps"];
  ASSERT_EQ(l1.size(), 3u);
  EXPECT_EQ(l1[0]["action"], "rollout_undo");
  EXPECT_EQ(l1[0]["service"], "shop-api");
  EXPECT_FALSE(l1[0].contains("when"));
  EXPECT_EQ(l1[1]["action"], "set_image");
  EXPECT_EQ(l1[1]["when"], "OR redeploy the previous image");
  EXPECT_EQ(l1[2]["action"], "verify");
  EXPECT_FALSE(l1[2].contains("when"));
  EXPECT_TRUE(has_note(r, ImportNote::Kind::Alternative, "redeploy the previous image"));
  // Level 2: step headings; their ranges chain (0-1, 1-21, 21-25), so they are a schedule: 1, 20 and 4
  // minutes. The restore's own time is simulated, so the step takes the time to issue it.
  const auto& l2 = levels[1]["steps"];
  ASSERT_EQ(l2.size(), 3u);
  EXPECT_EQ(l2[0]["action"], "scale");
  EXPECT_EQ(l2[0]["replicas"], 0);
  EXPECT_EQ(l2[0]["duration"], 60.0);
  EXPECT_EQ(l2[1]["action"], "db_restore");
  EXPECT_EQ(r.stated_s.at(l2[1]["name"].get<std::string>()), 1200.0);
  EXPECT_EQ(l2[2]["action"], "rollout_undo");
  EXPECT_EQ(r.stats.steps_found, 6);
}

// The word for a level in another language is a level as "Level N" is: a French plan's "Niveau 1 :" and
// "Niveau 2 :" with their budgets, a German one's "Stufe 1" and "Stufe 2".
TEST(Importer, LevelsNamedInAnotherLanguage) {
  const auto fr = import_runbook(
      "# Plan de retour arriere\n\n"
      "## Niveau 1 : Application (< 5 min)\n\n"
      "```bash\nkubectl rollout undo deployment/boutique\n```\n\n"
      "## Niveau 2 : Base de donnees (< 30 min)\n\n"
      "```bash\npg_restore -d boutique /sauvegardes/boutique.dump\n```\n");
  const auto& levels = fr.plan["levels"];
  ASSERT_EQ(levels.size(), 2u);
  EXPECT_EQ(levels[0]["claim_s"], 300.0);
  EXPECT_EQ(levels[1]["claim_s"], 1800.0);
  EXPECT_EQ(levels[0]["steps"][0]["action"], "rollout_undo");
  EXPECT_EQ(levels[1]["steps"][0]["action"], "db_restore");
  const auto de = import_runbook(
      "# Rollback\n\n"
      "## Stufe 1: Anwendung zuruecksetzen\n\n"
      "```bash\nkubectl rollout undo deployment/shop\n```\n\n"
      "## Stufe 2: Datenbank wiederherstellen\n\n"
      "```bash\npg_restore -d shop /backup/shop.dump\n```\n");
  EXPECT_EQ(de.plan["levels"].size(), 2u);
}

// Every step carries the runbook lines it came from (1-based, inclusive), whatever its form: a group of
// commands in a code block (continuation lines included), a step heading with its content (closing fence
// included, a trailing blank line and thematic break not), a numbered list item with what is nested in it.
TEST(Importer, EveryStepCarriesItsSourceLines) {
  const auto r = import_runbook(
      "# Roll back the shop\n"                     // 1
      "\n"                                         // 2
      "## Level 1: Undo (< 5 minutes)\n"           // 3
      "\n"                                         // 4
      "```bash\n"                                  // 5
      "# Undo the rollout\n"                       // 6
      "kubectl rollout undo deployment/shop \\\n"  // 7
      "  -n shop\n"                                // 8
      "\n"                                         // 9
      "# Check it\n"                               // 10
      "curl -f https://shop.example.com/health\n"  // 11
      "```\n"                                      // 12
      "\n"                                         // 13
      "## Level 2: Restore (< 30 minutes)\n"       // 14
      "\n"                                         // 15
      "### Step 1: Restore the database\n"         // 16
      "\n"                                         // 17
      "```bash\n"                                  // 18
      "pg_restore -d shop /backups/latest.dump\n"  // 19
      "```\n"                                      // 20
      "\n"                                         // 21
      "---\n"                                      // 22
      "\n"                                         // 23
      "### Step 2: Tell people\n"                  // 24
      "\n"                                         // 25
      "Post in the channel.\n"                     // 26
      "\n"                                         // 27
      "## After the incident\n");                  // 28
  const auto source = [](const nlohmann::ordered_json& step) {
    return std::make_pair(step["source"]["line"].get<int>(), step["source"]["end_line"].get<int>());
  };
  const auto& levels = r.plan["levels"];
  ASSERT_EQ(levels.size(), 2u);
  ASSERT_EQ(levels[0]["steps"].size(), 2u);
  EXPECT_EQ(source(levels[0]["steps"][0]), std::make_pair(6, 8));
  EXPECT_EQ(source(levels[0]["steps"][1]), std::make_pair(10, 11));
  ASSERT_EQ(levels[1]["steps"].size(), 2u);
  EXPECT_EQ(source(levels[1]["steps"][0]), std::make_pair(16, 20));
  EXPECT_EQ(source(levels[1]["steps"][1]), std::make_pair(24, 26));
  // The report shows each step's lines.
  const std::string report = format_import_report(r, "rb.md");
  EXPECT_NE(report.find("rb.md:6-8: step: \"Undo the rollout\" -> rollout_undo"), std::string::npos)
      << report;
  const auto json = import_to_json(r);
  bool found = false;
  for (const auto& n : json["notes"])
    found = found || (n["line"] == 16 && n["end_line"] == 20 && n["kind"] == "step");
  EXPECT_TRUE(found) << json["notes"].dump(1);

  const auto list = import_runbook(
      "# Plan\n"                                             // 1
      "\n"                                                   // 2
      "1. Undo the release with `helm rollback shop 3`\n"    // 3
      "   - wait for the pods\n"                             // 4
      "2. Check `curl https://shop.example.com/health`\n");  // 5
  const auto& steps = list.plan["levels"][0]["steps"];
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(source(steps[0]), std::make_pair(3, 4));
  EXPECT_EQ(source(steps[1]), std::make_pair(5, 5));
}

// The order a runbook states between database and application becomes `requires` within a level; a
// step's "Retry" and "No-Go" become its retries (count assumed) and on_failure; a maintenance step whose
// only command posts on the status page is a status_page step, not a maintenance page.
TEST(Importer, StatedOrderRetriesGoNoGoAndAnnouncedMaintenance) {
  const auto r = import_runbook(R"(# Rollback

Roll back the database schema before the application code.

### Step 1: Announce maintenance (Optional)

```bash
curl -X POST https://status.example.com/api/incidents -d '{"name": "Maintenance"}'
```

### Step 2: Revert the migration

```bash
alembic downgrade -1
```

- **No-Go:** if it fails, investigate by hand
- **Retry:** Step 2 once the lock is released

### Step 3: Roll back the application

```bash
kubectl rollout undo deployment/web
```

- **No-Go:** escalate to the database team
)");
  const auto& steps = r.plan["levels"][0]["steps"];
  ASSERT_EQ(steps.size(), 3u);
  EXPECT_EQ(steps[0]["action"], "status_page");
  EXPECT_EQ(steps[0]["when"], "Announce maintenance (Optional)");
  EXPECT_EQ(steps[1]["action"], "db_migrate_down");
  EXPECT_EQ(steps[1]["retries"], 1);
  EXPECT_EQ(steps[1]["on_failure"], "block");
  EXPECT_EQ(steps[1]["assumed"], nlohmann::ordered_json::array({"retries", "duration"}));
  EXPECT_EQ(steps[2]["action"], "rollout_undo");
  EXPECT_EQ(steps[2]["requires"], nlohmann::ordered_json::array({"Revert the migration"}));
  EXPECT_FALSE(steps[2].contains("on_failure"));  // one level: nowhere to escalate to
  // The reverse order: the database step requires the application's.
  const auto reverse = import_runbook(R"(# Rollback

Roll back the app before the database.

1. Undo the release with `kubectl rollout undo deployment/web`
2. Restore with `pg_restore -d shop /backups/shop.dump`
)");
  const auto& rs = reverse.plan["levels"][0]["steps"];
  ASSERT_EQ(rs.size(), 2u);
  EXPECT_FALSE(rs[0].contains("requires"));
  EXPECT_EQ(rs[1]["requires"], nlohmann::ordered_json::array({rs[0]["name"]}));
}

// Alternatives and conditions: "Option 2" and "only if" paths are steps with "when", not a serial chain.
TEST(Importer, AlternativesAndConditionsAreNotASerialChain) {
  const auto r = import_runbook(R"(# Kill switch

## Procedure

**Option 1: flag service**

```bash
curl -X PATCH https://flags.example.com/api/flags/new-search -d '{"enabled": false}'
```

**Option 2: environment variable**

```bash
kubectl set env deployment/search FEATURE_NEW_SEARCH=false
```

Only if data was corrupted:

```bash
pg_restore -d search /backups/search.dump
```
)");
  const auto& steps = r.plan["levels"][0]["steps"];
  ASSERT_EQ(steps.size(), 3u);
  EXPECT_EQ(steps[0]["action"], "disable_flag");
  EXPECT_FALSE(steps[0].contains("when"));
  EXPECT_EQ(steps[1]["action"], "disable_flag");
  EXPECT_EQ(steps[1]["when"], "Option 2: environment variable");
  EXPECT_EQ(steps[2]["action"], "db_restore");
  EXPECT_EQ(steps[2]["when"], "Only if data was corrupted");
}

// Corrections: an inline comment before a step, and the sidecar file keyed by a line or a step's name,
// are applied on every import and reported; a correction that matches no step is reported as unused.
TEST(Importer, CorrectionsSurviveReimportAndUnusedOnesAreReported) {
  const std::string runbook = R"(# Switch back

1. Run `./bin/go.sh blue`
<!-- drillsim: action=shift_traffic service=web -->
2. Run `./bin/lb.sh blue` on the balancer host
3. Restore the orders database from last night's dump
4. Notify the team in the incident channel
)";
  // Without corrections: a script whose name and words say nothing is a manual step.
  std::string without = runbook;
  without.erase(without.find("<!--"), without.find("-->\n") + 4 - without.find("<!--"));
  const auto plain = import_runbook(without);
  const auto& p = plain.plan["levels"][0]["steps"];
  ASSERT_EQ(p.size(), 4u);
  EXPECT_EQ(p[1]["action"], "manual");
  const std::string sidecar = R"({"corrections": [
      {"line": 6, "action": "db_restore", "store": "orders", "duration": 900},
      {"step": "Run ./bin/go.sh blue", "skip": true},
      {"step": "no such step", "action": "verify"}]})";
  for (int round = 0; round < 2; ++round) {  // the same on every import
    const auto r = import_runbook(runbook, sidecar);
    const auto& steps = r.plan["levels"][0]["steps"];
    ASSERT_EQ(steps.size(), 3u);  // the first step is dropped
    EXPECT_EQ(steps[0]["action"], "shift_traffic");
    EXPECT_EQ(steps[0]["service"], "web");
    EXPECT_EQ(steps[0]["weights"]["stable"], 1);
    EXPECT_EQ(steps[1]["action"], "db_restore");
    EXPECT_EQ(steps[1]["store"], "orders");
    EXPECT_EQ(steps[1]["duration"], 900.0);
    EXPECT_FALSE(steps[1].contains("assumed"));  // the duration is the user's now
    EXPECT_EQ(steps[2]["action"], "notify");
    EXPECT_TRUE(has_note(r, ImportNote::Kind::Correction, "applied (line 4)"));
    EXPECT_TRUE(has_note(r, ImportNote::Kind::Correction, "applied (sidecar #1)"));
    EXPECT_TRUE(has_note(r, ImportNote::Kind::Correction, "applied (sidecar #2)"));
    EXPECT_TRUE(has_note(r, ImportNote::Kind::Correction, "unused correction (sidecar #3)"));
    EXPECT_NE(std::find(r.stores.begin(), r.stores.end(), "orders"), r.stores.end());
  }
  EXPECT_TRUE(has_note(import_runbook(runbook, "{not json"), ImportNote::Kind::Correction, "not JSON"));
  EXPECT_EQ(sidecar_path("ops/RUNBOOK.md"), "ops/RUNBOOK.drillsim.json");
  EXPECT_EQ(sidecar_path("ops.d/RUNBOOK"), "ops.d/RUNBOOK.drillsim.json");
}

// Triggers keep their window ("5+ minutes"), never read a relative threshold as an absolute one, keep
// the comparison (availability below 99% is an error ratio above 1%; another "<" cannot be said; ">=" is
// read as ">" and says so), and a success criteria table after a rollback is no alert.
TEST(Importer, TriggersKeepWindowsComparisonsAndRelativeThresholds) {
  const auto r = import_runbook(R"(# R

## Rollback triggers

- Error rate > 5% for 5+ minutes
- p95 latency > 50% increase over baseline
- Error rate 2x normal for 10 minutes
- Availability < 99% for 5 minutes
- Error rate ≥ 5% for 3 minutes
- Error rate below 2% for 10 minutes

## Post-rollback validation

| Metric | Threshold |
|---|---|
| Error rate | < 1% |
| p95 latency | > 100ms for 5 minutes |
)");
  ASSERT_EQ(r.alerts.size(), 3u);
  EXPECT_EQ(r.alerts[0]["metric"], "error_ratio");
  EXPECT_DOUBLE_EQ(r.alerts[0]["threshold"].get<double>(), 0.05);
  EXPECT_EQ(r.alerts[0]["for_s"], 300.0);
  EXPECT_NEAR(r.alerts[1]["threshold"].get<double>(), 0.01, 1e-12);
  EXPECT_EQ(r.alerts[1]["for_s"], 300.0);
  EXPECT_DOUBLE_EQ(r.alerts[2]["threshold"].get<double>(), 0.05);
  EXPECT_TRUE(has_note(r, ImportNote::Kind::Trigger, "(\">=\" read as \">\")"));
  EXPECT_TRUE(has_note(r, ImportNote::Kind::Unexpressed, "relative to a baseline (\"increase\")"));
  EXPECT_TRUE(has_note(r, ImportNote::Kind::Unexpressed, "relative to a baseline (\"x normal\")"));
  EXPECT_TRUE(has_note(r, ImportNote::Kind::Unexpressed, "the comparison is \"below\""));
}

// A runbook without headings, lists or code that counts its steps in prose ("First, ...", "Then ...").
TEST(Importer, ParagraphsThatCountTheirStepsAreSteps) {
  const auto r = import_runbook(
      "# When the release is bad\n"                                             // 1
      "\n"                                                                      // 2
      "First, confirm with the incident lead that the release is the cause.\n"  // 3
      "\n"                                                                      // 4
      "Then undo it with `helm rollback shop 41`. It takes about 3 minutes.\n"  // 5
      "\n"                                                                      // 6
      "Finally, notify the team in the release channel.\n");                    // 7
  const auto& steps = r.plan["levels"][0]["steps"];
  ASSERT_EQ(steps.size(), 3u);
  EXPECT_EQ(steps[0]["action"], "manual");
  EXPECT_EQ(steps[0]["source"]["line"], 3);
  EXPECT_EQ(steps[1]["action"], "rollout_undo");
  EXPECT_EQ(steps[1]["service"], "shop");
  EXPECT_EQ(steps[2]["action"], "notify");
  EXPECT_EQ(steps[2]["source"]["line"], 7);
  // One counted paragraph is not a procedure.
  EXPECT_TRUE(import_runbook("# Note\n\nFirst, read this.\n").plan["levels"].empty());
}

TEST(Importer, TriggersBecomeRulesAndWhatCannotBeExpressedIsKept) {
  const auto r = import_runbook(R"(# Plan

## Triggers

| Trigger | Threshold |
|---|---|
| Error Rate | > 5% for 5 minutes |
| Latency | p95 > 200ms for 10 minutes |
| Availability | Health check fails for 3 consecutive checks |
| Memory | OOMKilled > 3 pods in 5 minutes |
| Security | Unauthorized access detected |
)");
  ASSERT_EQ(r.alerts.size(), 3u);
  EXPECT_EQ(r.alerts[0]["metric"], "error_ratio");
  EXPECT_DOUBLE_EQ(r.alerts[0]["threshold"].get<double>(), 0.05);
  EXPECT_EQ(r.alerts[0]["for_s"], 300.0);
  EXPECT_EQ(r.alerts[1]["metric"], "latency_p95");
  EXPECT_DOUBLE_EQ(r.alerts[1]["threshold"].get<double>(), 0.2);
  EXPECT_EQ(r.alerts[1]["for_s"], 600.0);
  EXPECT_EQ(r.alerts[2]["metric"], "oom_kills");
  EXPECT_EQ(r.alerts[2]["threshold"], 3.0);
  EXPECT_EQ(r.alerts[2]["window_s"], 300.0);
  ASSERT_EQ(r.probes.size(), 1u);
  EXPECT_EQ(r.probes[0]["failure_threshold"], 3);
  EXPECT_TRUE(has_note(r, ImportNote::Kind::Unexpressed, "Unauthorized access"));
}

TEST(Importer, ObjectivesAndADecisionMatrix) {
  const auto r = import_runbook(R"(# Plan

### Level 1: Flags (< 1 minute)

```bash
curl -X PATCH https://flags.example.com/api/flags/new-checkout -d '{"enabled": false}'
```

### Level 2: Code (< 15 minutes)

```bash
helm rollback shop 41
```

## Decision Matrix

| Severity | Impact | Time to Fix | Rollback Level |
|----------|--------|-------------|----------------|
| High | > 50% users | > 30 min | Level 2 |
| Low | < 10% users | < 15 min | Fix forward |

## Recovery Time Objectives

| Service | RTO | RPO |
|---|---|---|
| API | 15 minutes | 5 minutes |
)");
  ASSERT_EQ(r.objectives.size(), 1u);
  EXPECT_EQ(r.objectives[0]["rto_s"], 900.0);
  EXPECT_EQ(r.objectives[0]["rpo_s"], 300.0);
  ASSERT_TRUE(r.decision.contains("rules"));
  const auto& rules = r.decision["rules"];
  ASSERT_EQ(rules.size(), 2u);
  EXPECT_EQ(rules[0]["then"], "Level 2: Code");
  EXPECT_DOUBLE_EQ(rules[0]["users_affected_share_above"].get<double>(), 0.5);
  EXPECT_EQ(rules[0]["fix_forward_above_s"], 1800.0);
  EXPECT_EQ(rules[1]["then"], "fix_forward");
  EXPECT_EQ(rules[1]["fix_forward_at_most_s"], 900.0);
  const auto& steps = r.plan["levels"][0]["steps"];
  ASSERT_EQ(steps.size(), 1u);
  EXPECT_EQ(steps[0]["action"], "disable_flag");
  EXPECT_EQ(steps[0]["flag"], "new-checkout");
}

TEST(Importer, PlaceholdersAreNeverValuesAndUnknownCommandsAreListed) {
  const auto r = import_runbook(R"(# Plan

```bash
# Roll back
kubectl rollout undo deployment/<app-name>
# Run our script
./scripts/do-the-thing.sh --fast
```
)");
  const auto& steps = r.plan["levels"][0]["steps"];
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[0]["service"], "app");  // not "<app-name>"
  EXPECT_EQ(steps[1]["action"], "manual");
  EXPECT_TRUE(has_note(r, ImportNote::Kind::Placeholder, "<app-name>"));
  EXPECT_TRUE(has_note(r, ImportNote::Kind::UnknownCommand, "./scripts/do-the-thing.sh"));
}

TEST(Importer, AFlowchartBecomesOrderedDecisionRules) {
  const auto r = import_runbook(R"(# Plan

## Level 1: Roll back (< 5 minutes)

```
kubectl rollout undo deployment/web
```

## Decide

```
Is service completely down? -> YES -> ROLLBACK
Is error rate > 10%? -> YES -> ROLLBACK
Is the moon full? -> YES -> ROLLBACK
Can we fix forward in < 15 min? -> YES -> FIX FORWARD
```
)");
  ASSERT_TRUE(r.decision.contains("rules"));
  const auto& rules = r.decision["rules"];
  ASSERT_EQ(rules.size(), 3u);
  EXPECT_EQ(rules[0]["error_ratio_above"], 0.99);
  EXPECT_DOUBLE_EQ(rules[1]["error_ratio_above"].get<double>(), 0.10);
  EXPECT_EQ(rules[2]["then"], "fix_forward");
  EXPECT_TRUE(has_note(r, ImportNote::Kind::Unexpressed, "moon"));
}

TEST(Lint, FindsTheRunbooksOwnFailedClaims) {
  // Level 1 claims 2 minutes for a step the runbook itself says takes 3; nothing verifies after the undo;
  // the restore uses daily backups for a 5-minute RPO.
  const auto r = import_runbook(R"(# Plan

Backups are taken daily.

## Level 1: Undo (< 2 minutes)

### Step 1: Undo (takes 3 minutes)

```
kubectl rollout undo deployment/web
```

## Level 2: Restore (< 30 minutes)

### Step 1: Restore

```
pg_restore -d web /backups/daily.dump
```

### Step 2: Check

```
curl https://web.example.com/health
```

| Service | RTO | RPO |
|---|---|---|
| web | 30 minutes | 5 minutes |
)");
  const auto findings = lint_runbook(r);
  const auto has_check = [&](const std::string& check) {
    for (const auto& f : findings) {
      if (f.check == check && f.severity == LintFinding::Severity::Fail) return true;
    }
    return false;
  };
  EXPECT_TRUE(has_check("level-budget"));
  EXPECT_TRUE(has_check("verification"));
  EXPECT_TRUE(has_check("restore-point"));
  EXPECT_TRUE(any_failure(findings));
}

TEST(Importer, NeverCrashesOnHostileInput) {
  import_runbook("");
  import_runbook("```\n#\n##\n```\n");  // Found by the fuzzer: a comment line of '#' only.
  import_runbook(std::string(1 << 16, '\0'));
  std::mt19937 rng(11);
  std::string bytes(1 << 20, '\0');
  for (auto& c : bytes)
    c = static_cast<char>(rng());
  import_runbook(bytes);
  std::string nested;
  for (int i = 0; i < 3000; ++i)
    nested += std::string(static_cast<std::size_t>(i % 40), ' ') + "1. Step " + std::to_string(i) + "\n";
  import_runbook(nested);
  std::string headings;
  for (int i = 0; i < 20000; ++i)
    headings += "### Level " + std::to_string(i) + ": x (< " + std::to_string(i) +
                " minutes)\n```\nkubectl rollout undo deployment/a\n```\n";
  const auto r = import_runbook(headings);
  EXPECT_EQ(r.plan["levels"].size(), 20000u);
}

// Found by the fuzzer: a step name holding invalid UTF-8, named in the note that a stated order writes
// ("... requires [names]"), threw from the JSON text of the list. The bad byte becomes U+FFFD in the note.
TEST(Importer, InvalidUtf8InAStepNamedByAStatedOrder) {
  const auto r = import_runbook(
      "# Rollback\n\nRoll back the database schema before the application code.\n\n"
      "1. Revert the migration \xC3\x28 with `alembic downgrade -1`\n"
      "2. Undo the release with `kubectl rollout undo deployment/web`\n");
  const auto& steps = r.plan["levels"][0]["steps"];
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[1]["action"], "rollout_undo");
  ASSERT_TRUE(steps[1].contains("requires"));
  EXPECT_TRUE(has_note(r, ImportNote::Kind::Gate, "\xEF\xBF\xBD"));
  (void)import_to_json(r).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

// A scenario that declares what an imported plan names, and nothing else: its services, its stores (with
// a migration when a step reverts one) and a fault behind its flag.
nlohmann::ordered_json scenario_for(const ImportResult& r) {
  using ojson = nlohmann::ordered_json;
  ojson services = ojson::array();
  std::vector<std::string> names = r.services;
  if (names.empty()) names.push_back("app");
  for (const auto& name : names) {
    services.push_back({{"name", name},
                        {"service_time", 0.05},
                        {"versions", {{"stable", {{"replicas", 2}}}, {"new", {{"replicas", 2}}}}},
                        {"traffic", {{"rate", {{"kind", "constant"}, {"rps", 10}}}}}});
  }
  ojson stores = ojson::array();
  for (const auto& store : r.stores) {
    ojson s{{"name", store}, {"service", names.front()}};
    if (std::find(r.migrated_stores.begin(), r.migrated_stores.end(), store) != r.migrated_stores.end())
      s["migration"] = {{"kind", "add_nullable_column"}};
    stores.push_back(std::move(s));
  }
  ojson fault{{"kind", "bad_release"}, {"service", names.front()}, {"at_s", 60}, {"error_probability", 0.3}};
  // The flag of the first unconditional disable_flag step (conditional ones are left out when loaded);
  // every other flag the plan turns off is declared in "flags", as drillsim scaffold does.
  ojson flags = ojson::array();
  for (const auto& level : r.plan["levels"]) {
    for (const auto& step : level["steps"]) {
      if (step["action"] != "disable_flag" || step.contains("when")) continue;
      if (!fault.contains("flag"))
        fault["flag"] = step["flag"];
      else if (step["flag"] != fault["flag"] &&
               std::find(flags.begin(), flags.end(), step["flag"]) == flags.end())
        flags.push_back(step["flag"]);
    }
  }
  ojson scenario{{"name", "load"},   {"duration_s", 600}, {"services", services},
                 {"stores", stores}, {"fault", fault},    {"plan", r.plan}};
  if (!flags.empty()) scenario["flags"] = flags;
  return scenario;
}

// Every runbook of the repository (test data and seeds) imports to a plan that the real loader accepts in
// a scenario declaring what the import report names: every step has a duration, every name is reported.
TEST(Importer, EveryImportLoads) {
  std::vector<fs::path> files;
  for (const auto& root : {fs::path(DRILLSIM_TESTS_DATA_DIR), fs::path(DRILLSIM_SCENARIOS_DIR)}) {
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
      if (entry.is_regular_file() && entry.path().extension() == ".md") files.push_back(entry.path());
    }
  }
  ASSERT_GE(files.size(), 7u);  // the five seeds and the regression inputs at least
  int loaded = 0;
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    const auto r = import_runbook(text.str());
    if (r.plan["levels"].empty()) continue;  // Nothing to run (an empty or binary document).
    for (const auto& level : r.plan["levels"]) {
      for (const auto& step : level["steps"]) {
        EXPECT_TRUE(step.contains("duration")) << file << ": " << step.dump();
        EXPECT_TRUE(step.contains("source")) << file << ": " << step.dump();
      }
    }
    try {
      io::parse_scenario(
          scenario_for(r).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace),
          file.string());
      ++loaded;
    } catch (const io::InputError& e) {
      ADD_FAILURE() << file << ": " << e.what();
    }
  }
  EXPECT_GE(loaded, 5);
}

// The five seed runbooks, imported: each must give its checked-in plan (scenarios/seeds/<name>/plan.json),
// and no command that the catalogue names may come back unknown.
class Seed : public ::testing::TestWithParam<std::string> {};

TEST_P(Seed, ImportsToItsCheckedInPlan) {
  const fs::path dir = fs::path(DRILLSIM_SCENARIOS_DIR) / "seeds" / GetParam();
  std::ifstream in(dir / "runbook.md", std::ios::binary);
  ASSERT_TRUE(in) << dir;
  std::stringstream text;
  text << in.rdbuf();
  const auto r = import_runbook(text.str());
  std::ifstream golden(dir / "plan.json");
  ASSERT_TRUE(golden) << "no golden plan in " << dir
                      << "; make it with drillsim import runbook.md -o plan.json";
  const auto expected = nlohmann::ordered_json::parse(golden);
  EXPECT_EQ(r.plan.dump(2), expected.dump(2))
      << "re-import with: drillsim import " << (dir / "runbook.md").string() << " -o "
      << (dir / "plan.json").string();
  EXPECT_GT(r.stats.steps_found, 0);
  // An unknown command is never one of a tool the catalogue names.
  const std::vector<std::string> tools{"kubectl", "helm",   "argocd",     "docker",  "docker-compose",
                                       "gh",      "psql",   "pg_restore", "pg_dump", "python",
                                       "npx",     "prisma", "flyway",     "alembic", "terraform",
                                       "aws",     "gcloud", "curl",       "git"};
  for (const auto& n : r.notes) {
    if (n.kind != ImportNote::Kind::UnknownCommand) continue;
    const auto open = n.text.find('"');
    const std::string command = n.text.substr(open + 1);
    const std::string first = command.substr(0, command.find(' '));
    const bool catalogued = std::find(tools.begin(), tools.end(), first) != tools.end() &&
                            !(first == "python" && command.find("manage.py") == std::string::npos);
    EXPECT_FALSE(catalogued) << "line " << n.line << ": " << n.text;
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, Seed,
                         ::testing::Values("ca-marketplace", "consultantpro", "feature-procedure",
                                           "catalytic-saas", "five-levels"),
                         [](const auto& info) {
                           std::string name = info.param;
                           for (auto& c : name)
                             if (c == '-') c = '_';
                           return name;
                         });

// A level whose text gives no step is one manual step, which takes the default duration like any step
// without an estimate (and says so): the plan loads.
TEST(Importer, LevelWithoutStepsStillHasADuration) {
  const auto r = import_runbook(R"(# Recovery

## Tier 1: Restart the service (< 5 minutes)

```bash
systemctl restart shop
```

## Tier 2: Rebuild the cluster

Rebuild it from the infrastructure repository; this takes most of a day.
)");
  ASSERT_EQ(r.plan["levels"].size(), 2u);
  const auto& step = r.plan["levels"][1]["steps"][0];
  EXPECT_EQ(step["action"], "manual");
  EXPECT_EQ(step["duration"], 120);
  EXPECT_EQ(step["assumed"], nlohmann::ordered_json::array({"duration"}));
  EXPECT_TRUE(has_note(r, ImportNote::Kind::DefaultDuration, "Tier 2: Rebuild the cluster"));
}

// Structure classes (docs/runbook-import.md, structure rules), each on a runbook written for it.
std::vector<std::string> step_names(const ImportResult& r) {
  std::vector<std::string> out;
  for (const auto& level : r.plan["levels"])
    for (const auto& st : level["steps"])
      out.push_back(st["name"].get<std::string>() + " -> " + st["action"].get<std::string>());
  return out;
}

TEST(ImporterStructure, AStepsHeadingAndANumberedPartHoldTheirItems) {
  // "## Steps" is no "Step N" heading, and "## 2. Roll back" holds a numbered list: the items are the steps.
  const auto r = import_runbook(R"(# Cart service

## 1. Before you start

You need `kubectl` and access to the shop namespace.

## 2. Roll back

1. Undo the rollout with `kubectl rollout undo deployment/cart -n shop`.
2. Wait two minutes for the new pods to start.
3. Check the health page with `curl -sf https://shop.example.com/health`.

## 3. If the undo itself fails

Look at `kubectl describe deployment/cart -n shop` and page the platform team.
)");
  EXPECT_EQ(step_names(r),
            (std::vector<std::string>{
                "Undo the rollout with kubectl rollout undo deployment/cart -n shop. -> rollout_undo",
                "Wait two minutes for the new pods to start. -> wait",
                "Check the health page with curl -sf https://shop.example.com/health. -> verify"}));
}

TEST(ImporterStructure, AnItemEndingWithAColonOwnsTheCodeAfterIt) {
  const auto r = import_runbook(R"(# Search rollback

1. Put the previous image back:

```bash
kubectl set image deployment/search search=registry.example.com/search:4.1.0 -n web
```

2. Wait five minutes for the caches to warm.
3. Tell the search channel that the rollback is done.
)");
  EXPECT_EQ(step_names(r),
            (std::vector<std::string>{"Put the previous image back: -> set_image",
                                      "Wait five minutes for the caches to warm. -> wait",
                                      "Tell the search channel that the rollback is done. -> notify"}));
}

TEST(ImporterStructure, PeopleAndDescriptionsOfAutomationAreNoPlan) {
  const auto r = import_runbook(R"(# Billing recovery

## What the pipeline does on a failed deploy

1. checks out the last tag
2. rebuilds the images
3. restarts the workers

## Recovery

```bash
helm rollback billing 7 -n billing
```

## Escalation

### Level 1: On-call engineer

- Phone: +1 415 555 0188

### Level 2: Billing team lead

- billing-lead@example.org
)");
  EXPECT_EQ(r.plan["levels"].size(), 1u);
  EXPECT_EQ(step_names(r), (std::vector<std::string>{"helm rollback billing 7 -n billing -> rollout_undo"}));
  EXPECT_TRUE(has_note(r, ImportNote::Kind::NotStep, "is a description of what the system does by itself"));
}

// Steps with their `when` ("" for the main path): "NAME -> ACTION [when]".
std::vector<std::string> steps_and_paths(const ImportResult& r) {
  std::vector<std::string> out;
  for (const auto& level : r.plan["levels"])
    for (const auto& st : level["steps"])
      out.push_back(st["name"].get<std::string>() + " -> " + st["action"].get<std::string>() +
                    (st.contains("when") ? " [" + st["when"].get<std::string>() + "]" : ""));
  return out;
}

TEST(ImporterStructure, AReleaseProcedureBesideTheRollbackIsAnotherOperation) {
  // The release steps act (a deploy script, a traffic flip) but never go back; the rollback section does.
  const auto r = import_runbook(R"(# Storefront release runbook

## Release

1. Post the release notice in the team channel.
2. Deploy the new build to the idle colour with `./ops/deploy-idle.sh`.
3. Send traffic to the idle colour with `./ops/flip.sh`.

## Back out

1. Send traffic back to the old colour with `./ops/switch-back.sh`.
2. Check the storefront with `curl -sf https://store.example.com/health`.
)");
  EXPECT_EQ(steps_and_paths(r),
            (std::vector<std::string>{
                "Send traffic back to the old colour with ./ops/switch-back.sh. -> shift_traffic",
                "Check the storefront with curl -sf https://store.example.com/health. -> verify"}));
  EXPECT_TRUE(has_note(r, ImportNote::Kind::NotStep, "\"Release\" is another operation"));
}

TEST(ImporterStructure, SiblingSectionsNamingAMeansAreAlternatives) {
  // Three ways to put the previous binary back, one marked as the one to use; and a numbered comment
  // that starts with "Or" inside the main one. None of them runs after another.
  const auto r = import_runbook(R"(# Ledger worker rollback

## Put the previous version back

### With systemd (recommended)

```bash
# 1. Go back to the previous unit
sudo systemctl restart ledger-worker@previous
# 2. Or pin an exact build
sudo systemctl restart ledger-worker@4.2.0
```

### With Docker

```bash
docker compose up -d ledger-worker
```

### With Kubernetes

```bash
kubectl rollout undo deployment/ledger-worker -n ledger
```

## Check

```bash
curl -sf http://ledger.internal/health
```
)");
  const auto steps = steps_and_paths(r);
  ASSERT_EQ(steps.size(), 5u) << ::testing::PrintToString(steps);
  EXPECT_EQ(steps[0].find(" ["), std::string::npos) << steps[0];  // The recommended means: main path.
  EXPECT_NE(steps[1].find("[2. Or pin an exact build]"), std::string::npos) << steps[1];
  EXPECT_NE(steps[2].find("[With Docker]"), std::string::npos) << steps[2];
  EXPECT_NE(steps[3].find("[With Kubernetes]"), std::string::npos) << steps[3];
  EXPECT_EQ(steps[4], "curl -sf http://ledger.internal/health -> verify");
}

TEST(ImporterStructure, NumberedItemsUnderAnOptionHeadingKeepItsCondition) {
  // The items of "Option 2" name no command; they are on that path all the same.
  const auto r = import_runbook(R"(# Payments task rollback

## Option 1: Previous task definition

```bash
aws ecs update-service --cluster pay --service api --task-definition api:41
```

## Option 2: Rebuild from the old tag

1. Point the task definition at the old image tag.
2. Register the new revision.
3. Update the service to use it.
)");
  const auto steps = steps_and_paths(r);
  ASSERT_EQ(steps.size(), 4u) << ::testing::PrintToString(steps);
  EXPECT_EQ(steps[0].find(" ["), std::string::npos) << steps[0];
  for (std::size_t i = 1; i < 4; ++i)
    EXPECT_NE(steps[i].find("[Option 2: Rebuild from the old tag]"), std::string::npos) << steps[i];
}

TEST(ImporterStructure, ASecondWayOfTheSameRollbackAndALastResortAreNotInSeries) {
  // "to a revision" undoes the same Deployment again: another way of the first undo. The break-glass
  // section and the sibling of a preferred way that acts are alternatives too.
  const auto r = import_runbook(R"(# Quotes API rollback

## Undo

```bash
# Back to the previous revision
kubectl rollout undo deployment/quotes -n api
# To a given revision
kubectl rollout undo deployment/quotes -n api --to-revision=7
```

## Unpin the updater

### Revert the pin commit (preferred)

```bash
git revert HEAD && git push
```

### Drop the live patch

```bash
kubectl annotate deployment/quotes -n api pinned- && kubectl rollout restart deployment/quotes -n api
```

## Break-glass redeploy (avoid)

```bash
helm upgrade quotes ./chart -n api
```
)");
  const auto steps = steps_and_paths(r);
  ASSERT_EQ(steps.size(), 5u) << ::testing::PrintToString(steps);
  EXPECT_EQ(steps[0].find(" ["), std::string::npos) << steps[0];
  EXPECT_NE(steps[1].find("[To a given revision]"), std::string::npos) << steps[1];
  EXPECT_EQ(steps[2].find(" ["), std::string::npos) << steps[2];
  EXPECT_NE(steps[3].find("[Drop the live patch]"), std::string::npos) << steps[3];
  EXPECT_NE(steps[4].find("[Break-glass redeploy (avoid)]"), std::string::npos) << steps[4];
}

TEST(ImporterStructure, StepHeadingsStartingAgainDeeperAreFurtherSteps) {
  // Two "Step" runs: a triage at one depth, then the recovery's own "Step 1..3" one level deeper under a
  // method heading. The deeper run is the recovery, not a detail to drop for the shallower one.
  const auto r = import_runbook(R"(# Ledger database recovery

## Triage

### Step 1: Confirm the damage

Look at the error rate of the ledger writers.

### Step 2: Pick the restore point

Choose the last snapshot taken before the bad batch.

## Recovery

### Method A: Snapshot restore

#### Step 1: Stop the writers

```bash
kubectl scale deployment/ledger-writer --replicas=0 -n ledger
```

#### Step 2: Restore the snapshot

```bash
pg_restore -d ledger /backups/ledger-0300.dump
```

#### Step 3: Start the writers again

```bash
kubectl scale deployment/ledger-writer --replicas=3 -n ledger
```
)");
  const auto steps = steps_and_paths(r);
  ASSERT_EQ(steps.size(), 5u) << ::testing::PrintToString(steps);
  EXPECT_EQ(steps[2].rfind("Stop the writers -> scale", 0), 0u) << steps[2];
  EXPECT_EQ(steps[3].rfind("Restore the snapshot -> db_restore", 0), 0u) << steps[3];
  EXPECT_EQ(steps[4].rfind("Start the writers again -> scale", 0), 0u) << steps[4];
}

TEST(ImporterStructure, ACheatSheetOfLookingCommandsAfterTheProcedureIsNoStep) {
  // The procedure acts first; the last section is only a block of handy commands, most of which look.
  const auto r = import_runbook(R"(# Search API rollback

## Roll back

1. Undo the release: `helm rollback search 12 -n web`
2. Watch it settle: `kubectl rollout status deployment/search -n web`

## Handy commands

```bash
# Pods of the service
kubectl get pods -n web -l app=search

# Recent logs
kubectl logs deployment/search -n web --tail 50

# Release history
helm history search -n web

# Restart the pods
kubectl rollout restart deployment/search -n web
```
)");
  const auto steps = steps_and_paths(r);
  ASSERT_EQ(steps.size(), 2u) << ::testing::PrintToString(steps);
  EXPECT_NE(steps[0].find("-> rollout_undo"), std::string::npos) << steps[0];
  EXPECT_NE(steps[1].find("-> wait"), std::string::npos) << steps[1];
}

TEST(ImporterStructure, ALoneNumberedRollbackHeadingHoldsItsItems) {
  // "3. Rollback" names a rollback but is alone at its depth, so no level: it is a part like the others,
  // and its items are the steps (they were dropped when the heading was taken for a level).
  const auto r = import_runbook(R"(# Cache cluster swap

## 1. Before

- The standby cluster is warm.

## 2. Rollback

1. Point the clients back at the old cluster with `./ops/switch-back.sh`.
2. Check the hit rate on the dashboard.

## 3. Afterwards

- Tell the team channel.
)");
  const auto steps = steps_and_paths(r);
  ASSERT_GE(steps.size(), 2u) << ::testing::PrintToString(steps);
  EXPECT_NE(
      std::find(steps.begin(), steps.end(),
                "Point the clients back at the old cluster with ./ops/switch-back.sh. -> shift_traffic"),
      steps.end())
      << ::testing::PrintToString(steps);
}

TEST(ImporterStructure, PerComponentRollbacksBesideAWholeSystemOneAreNoLevels) {
  // Three numbered "... Rollback" headings under a section about components, and a fourth that rolls back
  // the whole system: the fourth is the procedure, the others are paths of their own (no levels). Its
  // numbered comment that states a condition ("if needed") runs only in that condition.
  const auto r = import_runbook(R"(# Telemetry pipeline rollback

## Rollbacks by component

### 1. Collector Rollback

```bash
kubectl rollout undo deployment/collector -n tel
```

### 2. Indexer Rollback

```bash
kubectl rollout undo deployment/indexer -n tel
```

### 3. Full Pipeline Rollback

```bash
# 1. Pause the ingest queue
./ops/pause-ingest.sh
# 2. Roll both back
kubectl rollout undo deployment/collector -n tel
# 3. Restore the index (if needed)
pg_restore -d index /backups/index-latest.dump
# 4. Check the pipeline
curl -sf http://tel.internal/health
```
)");
  EXPECT_EQ(r.plan["levels"].size(), 1u);
  EXPECT_EQ(r.plan["levels"][0]["name"], "Rollback");
  const auto steps = steps_and_paths(r);
  ASSERT_EQ(steps.size(), 6u) << ::testing::PrintToString(steps);
  EXPECT_NE(steps[0].find("[Collector Rollback]"), std::string::npos) << steps[0];
  EXPECT_NE(steps[1].find("[Indexer Rollback]"), std::string::npos) << steps[1];
  EXPECT_EQ(steps[2].find(" ["), std::string::npos) << steps[2];
  EXPECT_EQ(steps[3], "Roll both back -> rollout_undo");
  EXPECT_EQ(steps[4], "Restore the index (if needed) -> db_restore [Restore the index (if needed)]");
  EXPECT_EQ(steps[5], "Check the pipeline -> verify");
  EXPECT_TRUE(has_note(r, ImportNote::Kind::Alternative, "rolls back one component"));
}

TEST(ImporterStructure, SectionsPerAlertAndAnIfLeadInAreNotOneSerialPlan) {
  // Three sections, each answering its own alert: the one about errors is the path a drill replays, the
  // others run only for their alert. Under it, an "If ...:" lead-in starts a conditional path.
  const auto r = import_runbook(R"(# Gateway pool runbook

## Pool switched to standby

**What happened:** the primary pool failed its probes and traffic moved to the standby.

1. **Look at the primary**
   ```bash
   docker logs gw_primary --tail 50
   ```
2. **Restart it** with `docker restart gw_primary`

## Error rate above 3%

**What happened:** more than 3% of requests answer 5xx.

1. **Move traffic to the standby** with `./ops/use-standby.sh`
2. **Check the version served**
   ```bash
   curl -sf http://gw.internal/version
   ```

If the errors go on after the switch:

1. **Restart the whole stack** with `docker compose restart`

## Pool back on primary

**What happened:** the primary recovered and took the traffic back.

1. **Watch the error panel for 10 minutes**
)");
  const auto steps = steps_and_paths(r);
  ASSERT_EQ(steps.size(), 6u) << ::testing::PrintToString(steps);
  EXPECT_NE(steps[0].find("[Pool switched to standby]"), std::string::npos) << steps[0];
  EXPECT_NE(steps[1].find("[Pool switched to standby]"), std::string::npos) << steps[1];
  EXPECT_EQ(steps[2].find(" ["), std::string::npos) << steps[2];
  EXPECT_NE(steps[2].find("shift_traffic"), std::string::npos) << steps[2];
  EXPECT_EQ(steps[3].find(" ["), std::string::npos) << steps[3];
  EXPECT_NE(steps[4].find("[If the errors go on after the switch]"), std::string::npos) << steps[4];
  EXPECT_NE(steps[5].find("[Pool back on primary]"), std::string::npos) << steps[5];
  EXPECT_TRUE(has_note(r, ImportNote::Kind::Alternative, "the answer to another alert"));
}

TEST(ImporterStructure, ConditionalItemsProceduresAndOnlyLeadInsAreNotInSeries) {
  // "Procedure 2" is another way than "Procedure 1"; a numbered item that opens with its own condition and
  // a paragraph "Only do this after ..." put their commands on a conditional path.
  const auto r = import_runbook(R"(# Search index rollback

## Procedure 1: Undo the release

1. Undo the rollout with `kubectl rollout undo deployment/search -n search`
2. Only if the mapping changed: rebuild the index with `./ops/reindex.sh`
3. Check the health page with `curl -sf http://search.internal/health`

## Procedure 2: Pin the old image

1. Pin it with `kubectl set image deployment/search search=registry/search:7.1 -n search`

## Restore the old synonyms

Only do this after the index is green again.

1. Restore the synonyms with `kubectl apply -f synonyms-previous.yaml`
)");
  const auto steps = steps_and_paths(r);
  ASSERT_EQ(steps.size(), 5u) << ::testing::PrintToString(steps);
  EXPECT_EQ(steps[0].find(" ["), std::string::npos) << steps[0];
  EXPECT_NE(steps[1].find("[Only if the mapping changed]"), std::string::npos) << steps[1];
  EXPECT_EQ(steps[2].find(" ["), std::string::npos) << steps[2];
  EXPECT_NE(steps[3].find("[Procedure 2: Pin the old image]"), std::string::npos) << steps[3];
  EXPECT_NE(steps[4].find("[Only do this after the index is green again.]"), std::string::npos) << steps[4];
}

TEST(ImporterStructure, AChecklistOrInstructionBulletsAreTheStepsWhenNothingElseIs) {
  // No numbered item and no code anywhere: a checklist whose items act is the procedure, each item a step;
  // a checklist of states ("Channel opened") gives none. A plain bullet list of instructions is one too.
  const auto r = import_runbook(R"(# Mail relay rollback

## Before

- [ ] Channel opened
- [ ] Previous build known

## Roll back

- [ ] Tell the mail team the relay goes back to 2.3
- [ ] `helm rollback relay 12 -n mail`
- [ ] Watch the queue for 10 minutes
)");
  const auto steps = steps_and_paths(r);
  ASSERT_EQ(steps.size(), 3u) << ::testing::PrintToString(steps);
  EXPECT_EQ(r.plan["levels"][0]["steps"][0]["source"]["line"], 10);
  EXPECT_EQ(r.plan["levels"][0]["steps"][1]["action"], "rollout_undo");
  EXPECT_EQ(r.plan["levels"][0]["steps"][2]["source"]["line"], 12);

  const auto plain = import_runbook(R"(# Ledger restore

## Restore

- Stop the ledger writers from the admin panel.
- Restore last night's snapshot into a new volume.
- Point the ledger at the new volume and restart it.
- The nightly job is unaffected.
)");
  ASSERT_EQ(plain.plan["levels"].size(), 1u);
  EXPECT_EQ(plain.plan["levels"][0]["steps"].size(), 3u) << plain.plan.dump(2);  // The remark is none.

  // Beside a procedure in code, a checklist restates it: no steps of its own.
  const auto beside = import_runbook(R"(# Relay

## Roll back

```bash
helm rollback relay 12 -n mail
```

## Checklist

- [ ] Rollback done
- [ ] Restart the queue consumer
)");
  ASSERT_EQ(beside.plan["levels"].size(), 1u);
  EXPECT_EQ(beside.plan["levels"][0]["steps"].size(), 1u) << beside.plan.dump(2);
}

TEST(ImporterStructure, ScenarioSectionsAreSituationsAndFailbackIsLater) {
  // Three scenarios, each a full procedure: the bad deployment is the rollback, the others run only in
  // their situation; the failback after them is another, later operation.
  const auto r = import_runbook(R"(# Orders DR plan

## Recovery scenarios

### Scenario 1: Region outage

1. Promote the replica: `aws rds promote-read-replica --db-instance-identifier orders-dr`
2. Switch DNS: `./ops/dns-switch.sh orders west`

### Scenario 2: Bad deployment

1. Roll back: `kubectl rollout undo deployment/orders`
2. Check health: `curl -f http://orders/health`

## Failback

1. Switch DNS back: `./ops/dns-switch.sh orders east`
)");
  const auto steps = steps_and_paths(r);
  ASSERT_EQ(steps.size(), 4u) << ::testing::PrintToString(steps);
  EXPECT_NE(steps[0].find("[Scenario 1: Region outage]"), std::string::npos) << steps[0];
  EXPECT_NE(steps[1].find("[Scenario 1: Region outage]"), std::string::npos) << steps[1];
  EXPECT_EQ(steps[2].find(" ["), std::string::npos) << steps[2];
  EXPECT_NE(steps[2].find("rollout_undo"), std::string::npos) << steps[2];
  EXPECT_EQ(steps[3].find(" ["), std::string::npos) << steps[3];
  EXPECT_TRUE(has_note(r, ImportNote::Kind::NotStep, "is a failback"));
  EXPECT_TRUE(has_note(r, ImportNote::Kind::Alternative, "another situation"));
}

TEST(ImporterStructure, NumberedRollbackMethodsAreWaysNotLevels) {
  const auto r = import_runbook(R"(# Cart rollback

## Rollback methods

### 1. Feature flag rollback

1. Flag off: `curl -X PATCH https://flags.internal/api/flags/cart-v2 -d '{"enabled": false}'`

### 2. Git rollback

1. Revert: `git revert -m 1 HEAD && git push origin main`

### 3. Database rollback

1. Down migration: `npm run migrate:down`
)");
  ASSERT_EQ(r.plan["levels"].size(), 1u);
  const auto steps = steps_and_paths(r);
  ASSERT_EQ(steps.size(), 3u) << ::testing::PrintToString(steps);
  EXPECT_EQ(steps[0].find(" ["), std::string::npos) << steps[0];
  EXPECT_NE(steps[1].find("[Git rollback]"), std::string::npos) << steps[1];
  EXPECT_NE(steps[2].find("[Database rollback]"), std::string::npos) << steps[2];
}

TEST(ImporterStructure, NumberedSectionsFramingStepHeadingsAreSteps) {
  const auto r = import_runbook(R"(# Worker rollback

## 1. Document the rollback reason

- Reason: ______

## 2. Roll back

### Step 1: Roll back the image

`kubectl rollout undo deployment/worker`

### Step 2: Check

`kubectl rollout status deployment/worker`

## 3. Notify stakeholders

- Support lead: @support-lead
)");
  const auto steps = steps_and_paths(r);
  ASSERT_EQ(steps.size(), 4u) << ::testing::PrintToString(steps);
  EXPECT_NE(steps[0].find("Document the rollback reason"), std::string::npos) << steps[0];
  EXPECT_NE(steps[1].find("rollout_undo"), std::string::npos) << steps[1];
  EXPECT_NE(steps[3].find("Notify stakeholders -> notify"), std::string::npos) << steps[3];
}

TEST(ImporterStructure, AnEnablementProcedureIsNotTheEmergencyDisable) {
  const auto r = import_runbook(R"(# Search v2 flag

## Gradual rollout

1. Enable for 5 %: `flagctl set search-v2 --percent 5 --on`
2. Enable for everyone: `flagctl set search-v2 --percent 100 --on`
3. If errors rise, roll back with the section below.

## Emergency disable

1. Turn the flag off: `curl -X PATCH https://flags.internal/api/flags/search-v2 -d '{"enabled": false}'`
2. Verify search answers: `curl -f https://search.example.com/health`
)");
  const auto steps = steps_and_paths(r);
  ASSERT_EQ(steps.size(), 2u) << ::testing::PrintToString(steps);
  EXPECT_NE(steps[0].find("disable_flag"), std::string::npos) << steps[0];
  EXPECT_TRUE(has_note(r, ImportNote::Kind::NotStep, "another operation"));
}

// The follow-up after the incident closes many procedures as numbered items: it is no step. Keeping
// evidence for the review before the change is done now, and stays; a ticket opened after the last change
// keeps a record once service is back (names_record_keeping): follow-up too.
TEST(ImporterStructure, FollowUpAfterTheIncidentIsNoStep) {
  const auto r = import_runbook(R"(# Payments rollback

## Steps

1. Capture the current state for the post-mortem: `kubectl get deploy/payments -o yaml`
2. Roll back: `kubectl rollout undo deployment/payments`
3. Notify the team in #payments
4. Open a ticket to investigate the root cause
5. Root cause analysis
6. Schedule a blameless review within 5 days
7. Fix the issue and deploy a new version
8. Update the runbook with lessons learned
)");
  const auto steps = steps_and_paths(r);
  ASSERT_EQ(steps.size(), 3u) << ::testing::PrintToString(steps);
  EXPECT_NE(steps[0].find("Capture the current state"), std::string::npos) << steps[0];
  EXPECT_NE(steps[1].find("rollout_undo"), std::string::npos) << steps[1];
  EXPECT_NE(steps[2].find("notify"), std::string::npos) << steps[2];
  EXPECT_TRUE(has_note(r, ImportNote::Kind::NotStep, "follow-up after the incident"));
  EXPECT_EQ(r.stats.steps_found, 3);
}

// Sibling sections that each name going back and each hold a procedure are ways back, not parts of one:
// the quick one is the procedure; a layer's own (database) runs only in its condition.
TEST(ImporterStructure, SiblingWaysBackAreAlternativesNotASeries) {
  const auto r = import_runbook(R"(# Orders rollback

## Database rollback

1. Down migration: `npm run migrate:down`

## Quick rollback

1. Undo: `kubectl rollout undo deployment/orders`
2. Watch: `kubectl rollout status deployment/orders`

## Detailed manual rollback

1. Find the revision: `kubectl rollout history deployment/orders`
2. Set the image: `kubectl set image deployment/orders orders=registry/orders:1.4.2`
)");
  const auto steps = steps_and_paths(r);
  ASSERT_EQ(steps.size(), 5u) << ::testing::PrintToString(steps);
  EXPECT_NE(steps[0].find("[Database rollback]"), std::string::npos) << steps[0];
  EXPECT_NE(steps[1].find("rollout_undo"), std::string::npos) << steps[1];
  EXPECT_EQ(steps[1].find(" ["), std::string::npos) << steps[1];
  EXPECT_EQ(steps[2].find(" ["), std::string::npos) << steps[2];
  EXPECT_NE(steps[3].find("[Detailed manual rollback]"), std::string::npos) << steps[3];
  EXPECT_NE(steps[4].find("[Detailed manual rollback]"), std::string::npos) << steps[4];
  EXPECT_TRUE(has_note(r, ImportNote::Kind::Alternative, "another way back"));
}

// A section that explains how the rollback works, naming its script in passing, is no way back beside the
// section that runs it: the script's step runs unconditionally.
TEST(ImporterStructure, AnExplanationOfTheRollbackIsNoWayBackBesideTheCommand) {
  const auto r = import_runbook(R"(# Release pointer rollback

## How the Blue-Green Rollback Works

The deployment script uses two local environments:

| Environment | Port |
|---|---:|
| Blue | `9001` |
| Green | `9002` |

The current environment is kept in:

```text
deploy/current
```

The previous environment is kept in:

```text
deploy/previous
```

`scripts/rollback.sh` reads both files, checks that the previous environment is healthy, then swaps
the current and previous pointers.

## Rollback Command

Run it from the repository root:

```bash
./scripts/rollback.sh
```

## Check

```bash
curl --fail http://localhost:8080/health
```
)");
  const auto steps = steps_and_paths(r);
  ASSERT_EQ(steps.size(), 2u) << ::testing::PrintToString(steps);
  EXPECT_NE(steps[0].find("rollout_undo"), std::string::npos) << steps[0];
  EXPECT_EQ(steps[0].find(" ["), std::string::npos) << steps[0];
  EXPECT_FALSE(has_note(r, ImportNote::Kind::Alternative, "another way back than"));
}

// Without an urgent one, the first that names no single layer is the procedure; a verification section
// about the rollback is a part of it, not a way.
TEST(ImporterStructure, TheApplicationWayBackIsTheProcedureBesideALayersOwn) {
  const auto r = import_runbook(R"(# Shop rollback

## Frontend rollback steps

1. Purge: `aws cloudfront create-invalidation --distribution-id E1 --paths "/*"`

## Application rollback

1. Undo: `kubectl rollout undo deployment/shop`

## Verify the rollback

1. Check: `curl -f https://shop.example.com/health`
)");
  const auto steps = steps_and_paths(r);
  ASSERT_EQ(steps.size(), 3u) << ::testing::PrintToString(steps);
  EXPECT_NE(steps[0].find("[Frontend rollback steps]"), std::string::npos) << steps[0];
  EXPECT_NE(steps[1].find("rollout_undo"), std::string::npos) << steps[1];
  EXPECT_EQ(steps[1].find(" ["), std::string::npos) << steps[1];
  EXPECT_EQ(steps[2].find(" ["), std::string::npos) << steps[2];
}

// A code block without comments: each command that acts is a step of its own, with the commands that only
// look after it; a restart after a manual edit applies the edit and stays with it.
TEST(ImporterCodeBlocks, ACommentLessBlockOfSeveralActionsIsOneStepPerAction) {
  const auto r = import_runbook(
      "# Undo\n\n## Rollback\n\n```bash\nkubectl rollout undo deployment/web -n prod\n"
      "kubectl rollout status deployment/web -n prod\nkubectl scale deployment/worker --replicas=0 -n prod\n"
      "```\n\n## Config\n\n```bash\nkubectl edit configmap web-config -n prod\n"
      "kubectl rollout restart deployment/web -n prod\n```\n");
  const auto& steps = r.plan["levels"][0]["steps"];
  ASSERT_EQ(steps.size(), 4u) << r.plan.dump(2);
  EXPECT_EQ(steps[0]["action"], "rollout_undo");
  EXPECT_EQ(steps[0]["source"]["line"], 6);
  EXPECT_EQ(steps[0]["source"]["end_line"], 6);
  // Its status check is a step of its own (tests/runbook/importer_split_test.cpp).
  EXPECT_EQ(steps[1]["action"], "verify");
  EXPECT_EQ(steps[1]["source"]["line"], 7);
  EXPECT_EQ(steps[2]["action"], "scale");
  EXPECT_EQ(steps[2]["source"]["line"], 8);
  // The edit and its restart: one step.
  EXPECT_EQ(steps[3]["source"]["line"], 14);
  EXPECT_EQ(steps[3]["source"]["end_line"], 15);
}

TEST(ImporterCode, ProgramCodeIsNoCommandsToRun) {
  // Python, JavaScript and Go shown to explain the feature: their comments and calls are no steps; a
  // JavaScript block whose call turns the flag off is still a change.
  const auto r = import_runbook(R"(# Limiter rollback

## Roll back

1. Roll the API back: `kubectl rollout undo deployment/api`

## In the code

```python
# Count requests by customer
def allowed(customer):
    return redis.incr(customer) <= LIMIT
```

```
// Reject when the bucket is empty
if (!bucket.take()) return res.status(429).end();
```

```go
// TestBurst fills the bucket
func TestBurst(t *testing.T) {
}
```
)");
  const auto steps = steps_and_paths(r);
  ASSERT_EQ(steps.size(), 1u) << ::testing::PrintToString(steps);
  EXPECT_NE(steps[0].find("-> rollout_undo"), std::string::npos) << steps[0];
}

TEST(ImporterCode, SetUpLinesGoWithTheChangeTheyPrepare) {
  // One block without comments: ssh, cd and git lead to a reload of the version checked out, a roll back
  // named by its reload; the cd and export before the migration go with the migration.
  const auto r = import_runbook(R"(# Booking revert

## Revert

```bash
ssh deploy@book-1
cd /srv/booking
git fetch --tags
git checkout v4.12.3
pm2 startOrGracefulReload ecosystem.config.js
cd /srv/booking
export DATABASE_URL=postgres://db/booking
npx knex migrate:rollback
```
)");
  const auto steps = steps_and_paths(r);
  ASSERT_EQ(steps.size(), 2u) << ::testing::PrintToString(steps);
  EXPECT_EQ(steps[0], "pm2 startOrGracefulReload ecosystem.config.js -> rollout_undo");
  EXPECT_EQ(steps[1], "npx knex migrate:rollback -> db_migrate_down");
  const auto& second = r.plan["levels"][0]["steps"][1]["source"];
  EXPECT_EQ(second["line"].get<int>(), 11);
}

TEST(ImporterStructure, ConditionsInProseAndAnExercisesSetUpAndTearDown) {
  const auto r = import_runbook(R"(# Lab: roll back a release

## Before you start

1. Install the tools: `brew install kubectl`
2. Create the namespace: `kubectl create namespace lab`

## Ship the broken version

`kubectl set image deployment/web web=web:broken -n lab`

## Roll it back

1. Undo the rollout: `kubectl rollout undo deployment/web -n lab`
2. If the pods are still failing, scale the deployment to zero: `kubectl scale deployment/web --replicas=0 -n lab`
3. If the rollout looks healthy, announce the recovery in #lab.

## Turning it back on later

`kubectl set image deployment/web web=web:fixed -n lab`

## Clean up

`kubectl delete namespace lab`
)");
  const auto steps = steps_and_paths(r);
  ASSERT_EQ(steps.size(), 3u) << ::testing::PrintToString(steps);
  EXPECT_NE(steps[0].find("rollout_undo"), std::string::npos) << steps[0];
  EXPECT_NE(steps[1].find("[If the pods are still failing]"), std::string::npos) << steps[1];
  EXPECT_EQ(steps[2].find(" ["), std::string::npos) << steps[2];
  EXPECT_TRUE(has_note(r, ImportNote::Kind::NotStep, "tears down the exercise"));
}

}  // namespace
}  // namespace drillsim::runbook

namespace drillsim::runbook {
namespace {

// Sections titled as conditions ("If the release is bad", "If the cache is poisoned") each answer one
// situation: the one about a bad release is the procedure, the others are not run after it.
TEST(ImporterStructure, IfTitledSectionsAreSituationsNotASeries) {
  const auto r = import_runbook(R"(# Catalog recovery

## What to do

### If the cache is poisoned

1. Flush it: `redis-cli -h catalog-cache FLUSHALL`

### If the release is bad

1. Undo: `kubectl rollout undo deployment/catalog`
2. Watch: `kubectl rollout status deployment/catalog`
)");
  const auto steps = steps_and_paths(r);
  ASSERT_EQ(steps.size(), 3u) << ::testing::PrintToString(steps);
  EXPECT_NE(steps[0].find("[If the cache is poisoned]"), std::string::npos) << steps[0];
  EXPECT_NE(steps[1].find("rollout_undo"), std::string::npos) << steps[1];
  EXPECT_EQ(steps[1].find(" ["), std::string::npos) << steps[1];
  EXPECT_EQ(steps[2].find(" ["), std::string::npos) << steps[2];
  // A contingency of the procedure itself is no situation of its own.
  EXPECT_FALSE(names_situation("If the rollback fails"));
  EXPECT_TRUE(names_situation("When the database is corrupted"));
}

// The document says that one of its sections applies ("Pick the section that matches"): lettered sections
// with no word of their own about choosing are ways, the first is the procedure.
TEST(ImporterStructure, AChooseOneStatementMakesSiblingSectionsWays) {
  const char* doc = R"(# Billing rollback

Pick the section that matches what went wrong.

## A. Replay the stuck invoices

1. Undo: `kubectl rollout undo deployment/billing-worker`

## B. Reindex the ledger tables

1. Down: `npx knex migrate:down`
)";
  const auto steps = steps_and_paths(import_runbook(doc));
  ASSERT_EQ(steps.size(), 2u) << ::testing::PrintToString(steps);
  EXPECT_EQ(steps[0].find(" ["), std::string::npos) << steps[0];
  EXPECT_NE(steps[1].find("[B. Reindex the ledger tables]"), std::string::npos) << steps[1];
  // Without the statement, lettered sections are parts run in turn.
  std::string plain = doc;
  const std::string statement = "Pick the section that matches what went wrong.\n\n";
  plain.erase(plain.find(statement), statement.size());
  const auto serial = steps_and_paths(import_runbook(plain));
  ASSERT_EQ(serial.size(), 2u) << ::testing::PrintToString(serial);
  EXPECT_EQ(serial[1].find(" ["), std::string::npos) << serial[1];
}

// A quick rollback near the top and the same rollback in detail later, as Step N headings: the quick one
// is the procedure; the detailed steps do not replace it, nor run after it.
TEST(ImporterStructure, AQuickRollbackIsTheProcedureBesideADetailedOne) {
  const auto r = import_runbook(R"(# Gateway rollback

## Quick rollback

```sh
helm rollback gateway 0
```

## Detailed rollback

### Step 1: Find the revision

```sh
helm history gateway
```

### Step 2: Roll back

```sh
helm rollback gateway 12
```

## Verification

- `curl -fsS https://gateway.example.com/healthz` returns 200
- The error ratio falls back under 1 %
)");
  const auto steps = steps_and_paths(r);
  std::vector<std::string> main;
  for (const auto& s : steps)
    if (s.find(" [") == std::string::npos) main.push_back(s);
  ASSERT_EQ(main.size(), 3u) << ::testing::PrintToString(steps);
  EXPECT_NE(main[0].find("rollout_undo"), std::string::npos) << main[0];
  EXPECT_NE(main[1].find("verify"), std::string::npos) << main[1];
  EXPECT_NE(main[2].find("The error ratio"), std::string::npos) << main[2];
  EXPECT_TRUE(has_note(r, ImportNote::Kind::Alternative, "another way back"));
}

// A lab whose title names the rollback: installing, deploying and breaking the service on purpose come
// before the way back and are no steps of it.
TEST(ImporterStructure, ALabsSetUpAndBreakingStepsAreAnotherOperation) {
  const auto r = import_runbook(R"(# Lab: rolling back a bad canary

## 1. Install the tools

```bash
brew install kubectl
```

## 2. Deploy the first version

```bash
kubectl apply -f app-v1.yaml
```

## 3. Break it

```bash
kubectl set image deployment/demo demo=demo:broken
```

## 4. Roll back

```bash
kubectl rollout undo deployment/demo
```
)");
  const auto steps = steps_and_paths(r);
  ASSERT_EQ(steps.size(), 1u) << ::testing::PrintToString(steps);
  EXPECT_NE(steps[0].find("rollout_undo"), std::string::npos) << steps[0];
  EXPECT_TRUE(has_note(r, ImportNote::Kind::NotStep, "\"3. Break it\" is another operation"));
}

// "After the rollback" is a time in the procedure, not another way back; a box checklist that restates
// the procedure gives no step; a lead-in per platform makes the later platforms other ways.
TEST(ImporterStructure, PhasesChecklistsAndPlatformLeadIns) {
  const auto r = import_runbook(R"(# Queue consumer rollback

## Roll back

1. Pin the old image: `kubectl set image deployment/consumer consumer=consumer:7.1`

## Move the traffic

**AWS**

```bash
aws elbv2 modify-listener --listener-arn arn:aws:elasticloadbalancing:l1 --default-actions Type=forward,TargetGroupArn=arn:old
```

**Azure**

```bash
az network traffic-manager endpoint update --name old --profile-name q --resource-group rg --type azureEndpoints --weight 100
```

## After the rollback

1. Announce the recovery in the incident channel.

## Checklist

☐ `kubectl set image` done
☐ Recovery announced
)");
  const auto steps = steps_and_paths(r);
  ASSERT_EQ(steps.size(), 4u) << ::testing::PrintToString(steps);
  EXPECT_NE(steps[0].find("set_image"), std::string::npos) << steps[0];
  EXPECT_EQ(steps[1].find(" ["), std::string::npos) << steps[1];
  EXPECT_NE(steps[2].find("[Azure]"), std::string::npos) << steps[2];
  EXPECT_EQ(steps[3].find(" ["), std::string::npos) << steps[3];
  EXPECT_FALSE(has_note(r, ImportNote::Kind::Alternative, "another way back than"));
}

// A file or an image named as broken, applied before the recovery: the exercise's fault; what comes
// before it is its set-up, a later breakage a bonus round. Deleting a broken manifest is no breakage.
TEST(ImporterStructure, ApplyingABrokenManifestIsTheExercisesFault) {
  const auto r = import_runbook(R"(# Undo a Deployment

1. Deploy the app: `kubectl apply -f demo/app-good.yaml`
2. Deploy the buggy one: `kubectl apply -f demo/app-buggy.yaml`
3. Undo it: `kubectl rollout undo deployment/app`
4. Check the pods: `kubectl get pods -l app=app`

Extra round:

```bash
kubectl set image deployment/app app=registry.example.org/app:3.1-crashloop
```
)");
  const auto steps = steps_and_paths(r);
  ASSERT_EQ(steps.size(), 2u) << ::testing::PrintToString(steps);
  EXPECT_NE(steps[0].find("rollout_undo"), std::string::npos) << steps[0];
  EXPECT_NE(steps[1].find("verify"), std::string::npos) << steps[1];
  EXPECT_TRUE(has_note(r, ImportNote::Kind::NotStep, "sets up the exercise"));
  EXPECT_TRUE(has_note(r, ImportNote::Kind::NotStep, "breaks the system on purpose"));

  // Removing the broken manifest is the recovery; a placeholder named "bad" breaks nothing.
  const auto kept = import_runbook(R"(# Remove the bad config

1. Delete it: `kubectl delete -f config/bad-rules.yaml`
2. Apply the last good rules: `kubectl apply -f config/rules.yaml`
3. Record the digest: `./bin/record --digest <bad-digest>`
)");
  EXPECT_EQ(steps_and_paths(kept).size(), 3u) << ::testing::PrintToString(steps_and_paths(kept));
  EXPECT_FALSE(has_note(kept, ImportNote::Kind::NotStep, "on purpose"));
}

// What a command prints, shown after "You should see:" / "prints:" or after a prompt line, is no
// command; a path shown in a text block is none either; a command beside its expected output keeps its
// section read for steps.
TEST(ImporterStructure, OutputShownAndPathsAreNoCommands) {
  const auto r = import_runbook(R"(# Worker rollback

## Roll back

```bash
kubectl rollout undo deployment/worker
```

You should see:

```
deployment.apps/worker rolled back
```

```console
$ kubectl rollout status deployment/worker
Waiting for deployment "worker" rollout to finish: 1 of 2 updated replicas are available...
deployment "worker" successfully rolled out
```

The active release is named in:

```text
releases/active
```

## Check

Run the check:

```bash
./bin/worker-check --all
```

Expected output:

```text
worker: ok
```
)");
  const auto steps = steps_and_paths(r);
  ASSERT_EQ(steps.size(), 3u) << ::testing::PrintToString(steps);
  EXPECT_NE(steps[0].find("rollout_undo"), std::string::npos) << steps[0];
  EXPECT_NE(steps[1].find("rollout status deployment/worker -> verify"), std::string::npos) << steps[1];
  EXPECT_NE(steps[2].find("worker-check"), std::string::npos) << steps[2];
  EXPECT_TRUE(has_note(r, ImportNote::Kind::NotStep, "is output shown"));

  // "You should see the pods restart; if not, run:" leads into a command, not into output.
  const auto run = import_runbook(R"(# Worker restart

You should see the pods restart; if not, run:

```bash
kubectl rollout restart deployment/worker
```
)");
  EXPECT_EQ(steps_and_paths(run).size(), 1u) << ::testing::PrintToString(steps_and_paths(run));
}

// "You can also ...", "Another way is ..." offer another way of doing the change before them; the
// sentence that leads into the code ("If it did, restore ...") states its condition though the paragraph
// opens otherwise.
TEST(ImporterStructure, OtherWaysAndConditionsInProseAreNotASeries) {
  const auto r = import_runbook(R"(# API image rollback

## Roll back

```bash
kubectl set image deployment/api api=registry.example.org/api:4.2.0
```

Another way is to revert the bump and let the pipeline deploy it:

```bash
git revert --no-edit HEAD
git push origin main
```

## Database

The release changed no table. If it did, restore the snapshot first:

```bash
pg_restore --clean -d shop /backups/shop-before.dump
```
)");
  const auto steps = steps_and_paths(r);
  ASSERT_GE(steps.size(), 3u) << ::testing::PrintToString(steps);
  EXPECT_EQ(steps[0].find(" ["), std::string::npos) << steps[0];
  for (std::size_t i = 1; i < steps.size(); ++i)
    EXPECT_NE(steps[i].find(" ["), std::string::npos) << steps[i];
  EXPECT_NE(steps.back().find("[If it did, restore the snapshot first]"), std::string::npos) << steps.back();
  // "For X specifically, you can also ...": a short lead before the offer.
  const auto also = import_runbook(R"(# Switch back

```bash
kubectl rollout undo deployment/web
```

For the canary specifically, you can also scale it away:

```bash
kubectl scale deployment/web-canary --replicas=0
```
)");
  const auto also_steps = steps_and_paths(also);
  ASSERT_EQ(also_steps.size(), 2u) << ::testing::PrintToString(also_steps);
  EXPECT_EQ(also_steps[0].find(" ["), std::string::npos) << also_steps[0];
  EXPECT_NE(also_steps[1].find(" ["), std::string::npos) << also_steps[1];
}

// "Repeat on ... " after a change is a step of its own; a list after "Expected sequence:" describes what
// the automation does, and gives no step.
TEST(ImporterStructure, RepeatIsAStepAndADescribedSequenceIsNone) {
  const auto r = import_runbook(R"(# Two hosts

## Roll back

```bash
ssh deploy@web-1
sudo systemctl stop web
sudo ln -sfn /srv/web/releases/41 /srv/web/current
sudo systemctl start web
```

Repeat on `web-2` once `web-1` answers.

## Fail over the database

```bash
./bin/failover --to standby
```

**Expected sequence:**

1. The primary is fenced
2. The standby is promoted
3. DNS is updated to the standby
)");
  const auto steps = steps_and_paths(r);
  ASSERT_GE(steps.size(), 2u) << ::testing::PrintToString(steps);
  bool repeat = false;
  for (const auto& st : steps) {
    repeat = repeat || st.rfind("Repeat on web-2", 0) == 0;
    EXPECT_EQ(st.find("promoted"), std::string::npos) << st;
    EXPECT_EQ(st.find("fenced"), std::string::npos) << st;
  }
  EXPECT_TRUE(repeat) << ::testing::PrintToString(steps);
  EXPECT_TRUE(has_note(r, ImportNote::Kind::NotStep, "describes what happens"));
}

// A script whose numbered comments each start a part and then sleep while it comes up: the sleep is the
// time given to the command before it, not the step. The step keeps its command and its words.
TEST(Importer, ASleepAfterACommandDoesNotMakeTheStepAWait) {
  const auto r = import_runbook(R"(# Bring the stack back

```bash
# 1. Restart the workers
docker compose start worker-billing worker-mail
sleep 20

# 2. Restore the orders database to read-write mode
psql -d orders -c "ALTER DATABASE orders SET default_transaction_read_only = off;"
sleep 5

# 3. Start the web front
docker compose start web
sleep 10

# 4. Give the front time to settle
sleep 30
```
)");
  ASSERT_FALSE(r.plan["levels"].empty());
  std::vector<std::string> actions;
  for (const auto& st : r.plan["levels"][0]["steps"])
    actions.push_back(st["action"].get<std::string>());
  // The workers are started again from where they stopped ("Restart" puts no configuration back); the
  // database's mode is set back by a SQL write whose words say so; a sleep alone is a wait.
  const std::vector<std::string> expected{"manual", "restore_config", "manual", "wait"};
  EXPECT_EQ(actions, expected);
}

}  // namespace
}  // namespace drillsim::runbook
