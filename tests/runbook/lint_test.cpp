// lint: for each rule, a runbook that triggers it and one that must not. The plans are built by hand
// (what the importer would give), so that the rules are tested apart from how Markdown is read; the
// rules that read the runbook's words get the text too.
#include "runbook/lint.hpp"

#include "runbook/durations.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace drillsim::runbook {
namespace {

using ojson = nlohmann::ordered_json;
using Severity = LintFinding::Severity;
using Basis = LintFinding::Basis;

ojson step(const std::string& name, const std::string& action, const std::string& service = "api") {
  ojson s{{"name", name}, {"action", action}};
  if (action != "manual" && action != "wait" && action != "notify") s["service"] = service;
  return s;
}

// One level, its steps at the given lines.
ImportResult one_level(const std::vector<std::pair<ojson, int>>& steps, int level_line = 1) {
  ImportResult r;
  ojson list = ojson::array();
  for (const auto& [s, line] : steps) {
    list.push_back(s);
    r.step_line[s["name"].get<std::string>()] = line;
  }
  r.plan = {{"name", "p"}, {"levels", ojson::array({{{"name", "Rollback"}, {"steps", list}}})}};
  r.level_line["Rollback"] = level_line;
  return r;
}

std::vector<LintFinding> only(const std::vector<LintFinding>& all, const std::string& check) {
  std::vector<LintFinding> out;
  std::copy_if(all.begin(), all.end(), std::back_inserter(out),
               [&](const auto& f) { return f.check == check; });
  return out;
}

// ------------------------------------------------------------------------------------------ verification

TEST(LintVerification, FailsWhenNeitherThePlanNorTheTextVerifies) {
  const std::string text =
      "# Rollback\n"                                         // 1
      "\n"                                                   // 2
      "## Undo the release\n"                                // 3
      "\n"                                                   // 4
      "Run the undo command.\n"                              // 5
      "\n"                                                   // 6
      "## Tell the team\n"                                   // 7: the next step does not verify
      "\n"                                                   // 8
      "Post in the incident channel.\n"                      // 9
      "## Contacts\n"                                        // 10
      "Verify with the on-call lead that you may start.\n";  // 11: not the next step
  const auto findings =
      only(lint_runbook(one_level({{step("Undo", "rollout_undo"), 3}}), text), "verification");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, Severity::Fail);
  EXPECT_EQ(findings[0].line, 3);
  EXPECT_EQ(findings[0].basis, Basis::Runbook);
}

// A later line, in any section, that ties a check to the time after the change ("Safeguards: after
// completion, ... run smoke tests") is the text's check: a warning that the plan lacks it, no FAIL. A
// later line that ties only a message to that time, or a check to the time before, is none.
TEST(LintVerification, ACheckTiedToAfterTheChangeAnywhereLaterIsTheTextsCheck) {
  const std::string head =
      "# Restore\n"                         // 1
      "\n"                                  // 2
      "## Execute the restore job\n"        // 3
      "\n"                                  // 4
      "Run the job with the dump's URI.\n"  // 5
      "\n"                                  // 6
      "## Logs\n"                           // 7: the section after the step's is read with it
      "\n"                                  // 8
      "Read the job's logs.\n"              // 9
      "\n"                                  // 10
      "## Safeguards\n"                     // 11
      "\n";                                 // 12
  const auto plan = one_level({{step("Execute the restore job", "db_restore"), 3}});
  const auto checked =
      only(lint_runbook(plan, head + "- After completion, re-enable traffic and run smoke tests.\n"),
           "verification");
  ASSERT_EQ(checked.size(), 1u);
  EXPECT_EQ(checked[0].severity, Severity::Warn);
  EXPECT_EQ(checked[0].line, 13);
  for (const std::string line : {"- Once the restore is complete, tell the team.\n",
                                 "- Verify the dump's timestamp before running the job.\n"}) {
    const auto failing = only(lint_runbook(plan, head + line), "verification");
    ASSERT_EQ(failing.size(), 1u) << line;
    EXPECT_EQ(failing[0].severity, Severity::Fail) << line;
  }
}

TEST(LintVerification, APathThatEndsInAChangeIsAWarningAboutThatPath) {
  // The level runs "Undo" then "Check"; the "Scenario 3" path restores and brings writers back with no
  // check of its own. The text supports that about the path, not a FAIL of the procedure a drill runs.
  const std::string text =
      "# Plan\n"                      // 1
      "\n"                            // 2
      "### Scenario 2: bad deploy\n"  // 3
      "\n"                            // 4
      "1. Undo\n"                     // 5
      "2. Check\n"                    // 6
      "\n"                            // 7
      "### Scenario 3: bad data\n"    // 8
      "\n"                            // 9
      "1. Restore\n"                  // 10
      "2. Writers back\n";            // 11
  ojson restore = step("Restore", "db_restore");
  restore["when"] = "Scenario 3: bad data";
  ojson writers = step("Writers back", "scale");
  writers["when"] = "Scenario 3: bad data";
  const auto findings = only(lint_runbook(one_level({{step("Undo", "rollout_undo"), 5},
                                                     {step("Check", "verify"), 6},
                                                     {restore, 10},
                                                     {writers, 11}}),
                                          text),
                             "verification");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, Severity::Warn);
  EXPECT_EQ(findings[0].line, 11);
  EXPECT_NE(findings[0].text.find("on the path \"Scenario 3: bad data\""), std::string::npos);
}

TEST(LintVerification, NoFailWhenTheNextStepVerifiesInTheText) {
  const std::string text =
      "# Rollback\n"                                       // 1
      "\n"                                                 // 2
      "## Undo the release\n"                              // 3
      "\n"                                                 // 4
      "Run the undo command.\n"                            // 5
      "\n"                                                 // 6
      "## Then\n"                                          // 7
      "\n"                                                 // 8
      "Confirm that the error rate is back to normal.\n";  // 9: the next step, not imported
  const auto findings =
      only(lint_runbook(one_level({{step("Undo", "rollout_undo"), 3}}), text), "verification");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, Severity::Warn);
  EXPECT_EQ(findings[0].line, 9);
}

// A later step of the level that watches the system with a criterion, imported as a wait, is the
// text's check even outside the change's own section; a later step that only tells people is not.
TEST(LintVerification, ALaterMonitoringStepIsACheckInTheText) {
  const std::string text =
      "# Billing rollback\n"                                          // 1
      "## 3. Execute the rollback\n"                                  // 2
      "### Step 1: Roll back the image\n"                             // 3
      "Undo the release.\n"                                           // 4
      "### Step 2: Resume the consumers\n"                            // 5
      "Scale the workers back up.\n"                                  // 6
      "## 4. Notify stakeholders\n"                                   // 7
      "- Finance on-call\n"                                           // 8
      "## 5. Keep an eye on it for 30 minutes\n"                      // 9
      "The queue depth and error rate dashboards must stay flat.\n";  // 10
  ImportResult r = one_level({{step("Undo", "rollout_undo"), 3},
                              {step("Resume", "scale"), 5},
                              {step("Notify", "notify"), 7},
                              {step("Keep an eye on it", "wait"), 9}},
                             2);
  r.step_end_line["Keep an eye on it"] = 10;
  const auto findings = only(lint_runbook(r, text), "verification");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, Severity::Warn);
  EXPECT_EQ(findings[0].line, 10);
  // Without the watching step, only a notice follows the change: nothing checks.
  ImportResult without = one_level(
      {{step("Undo", "rollout_undo"), 3}, {step("Resume", "scale"), 5}, {step("Notify", "notify"), 7}}, 2);
  const auto failing = only(lint_runbook(without, text.substr(0, text.find("## 5."))), "verification");
  ASSERT_EQ(failing.size(), 1u);
  EXPECT_EQ(failing[0].severity, Severity::Fail);
  EXPECT_EQ(failing[0].line, 5);
}

TEST(LintVerification, NoFindingWhenThePlanVerifies) {
  const auto findings =
      lint_runbook(one_level({{step("Undo", "rollout_undo"), 3}, {step("Check", "verify"), 5}}));
  EXPECT_TRUE(only(findings, "verification").empty());
}

TEST(LintVerification, APostRollbackSectionVerifies) {
  const std::string text =
      "# Rollback\n"                   // 1
      "## Level 1: undo\n"             // 2
      "Undo the release.\n"            // 3
      "## Level 2: restore\n"          // 4
      "Restore the database.\n"        // 5
      "## Post-rollback procedures\n"  // 6
      "- Check health endpoints\n";    // 7
  ImportResult r = one_level({{step("Undo", "rollout_undo"), 3}}, 2);
  r.level_line["Rollback"] = 2;
  const auto findings = only(lint_runbook(r, text), "verification");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, Severity::Warn);
  EXPECT_EQ(findings[0].line, 7);
  // Another level's "Verify" step heading, at the levels' depth, is not a check after this level.
  const std::string other =
      "# Rollback\n"              // 1
      "## Level 1: undo\n"        // 2
      "Undo the release.\n"       // 3
      "## Level 2: restore\n"     // 4
      "### Verify the restore\n"  // 5
      "Check the row counts.\n";  // 6
  const auto failing = only(lint_runbook(r, other), "verification");
  ASSERT_EQ(failing.size(), 1u);
  EXPECT_EQ(failing[0].severity, Severity::Fail);
}

TEST(LintVerification, AChangeInAnAsideSectionIsAWarning) {
  const std::string text =
      "# Rollback\n"                            // 1
      "## Procedure\n"                          // 2
      "Undo the release, then check health.\n"  // 3
      "## Appendix: troubleshooting\n"          // 4
      "### Wrong revision\n"                    // 5
      "Roll back to the revision before.\n";    // 6
  ImportResult r = one_level({{step("Undo", "rollout_undo"), 3},
                              {step("Check", "verify"), 3},
                              {step("Undo again", "rollout_undo"), 6}},
                             1);
  const auto findings = only(lint_runbook(r, text), "verification");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, Severity::Warn);
  EXPECT_NE(findings[0].text.find("Appendix: troubleshooting"), std::string::npos);
}

// Escalation hints and post-rollback chores are not the procedure, even when the import made a level of
// them: a change there without a check after it is a warning, not a FAIL.
TEST(LintVerification, EscalationAndPostRollbackSectionsAreAside) {
  const std::string text =
      "# Rollback\n"                                // 1
      "## Procedure\n"                              // 2
      "Undo the release, then check health.\n"      // 3
      "## Escalation\n"                             // 4
      "If it persists, restart the whole stack.\n"  // 5
      "## 4. Post-Rollback Tasks\n"                 // 6
      "Re-run the drill workflow once a week.\n";   // 7
  ImportResult r = one_level({{step("Undo", "rollout_undo"), 3},
                              {step("Check", "verify"), 3},
                              {step("Restart", "restore_config"), 5}},
                             1);
  auto findings = only(lint_runbook(r, text), "verification");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, Severity::Warn);
  EXPECT_NE(findings[0].text.find("Escalation"), std::string::npos);
  // The post-rollback section is a level of its own: its heading is the level's.
  ImportResult chores = one_level({{step("Drill workflow", "pipeline_redeploy"), 7}}, 6);
  findings = only(lint_runbook(chores, text), "verification");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, Severity::Warn);
  // The same change in the procedure itself, unchecked: the FAIL holds.
  ImportResult procedure = one_level({{step("Undo", "rollout_undo"), 3}}, 2);
  findings = only(lint_runbook(procedure, "# Rollback\n## Procedure\nUndo the release.\n"), "verification");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, Severity::Fail);
}

// A trailing cheat sheet repeats commands for reference: a change there is not the procedure's.
TEST(LintVerification, ACheatSheetIsAside) {
  const std::string text =
      "# Rollback\n"                            // 1
      "## Procedure\n"                          // 2
      "Undo the release, then check health.\n"  // 3
      "## Cheat sheet\n"                        // 4
      "kubectl rollout undo deployment/api\n";  // 5
  ImportResult r = one_level({{step("Undo", "rollout_undo"), 3},
                              {step("Check", "verify"), 3},
                              {step("Undo (2)", "rollout_undo"), 5}},
                             1);
  const auto findings = only(lint_runbook(r, text), "verification");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, Severity::Warn);
  EXPECT_NE(findings[0].text.find("Cheat sheet"), std::string::npos);
}

// An operations recipe after the section about going back ("Force a sync" in an operations runbook
// whose "Rollback" section is elsewhere) is not the procedure's last change; the same change under a
// heading that goes back is.
TEST(LintVerification, AChangeOutsideEverySectionThatGoesBackIsAside) {
  const std::string text =
      "# Operations\n"                 // 1
      "## Rollback\n"                  // 2
      "Revert the commit and push.\n"  // 3
      "## Check the sync\n"            // 4
      "Look at the app list.\n"        // 5
      "## Force a sync\n"              // 6
      "Sync the app by hand.\n";       // 7
  ImportResult r = one_level({{step("Push", "pipeline_redeploy"), 3},
                              {step("App list", "verify"), 5},
                              {step("Sync", "pipeline_redeploy"), 7}},
                             1);
  auto findings = only(lint_runbook(r, text), "verification");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, Severity::Warn);
  ImportResult back = one_level({{step("Push", "pipeline_redeploy"), 3}}, 1);
  findings =
      only(lint_runbook(back, "# Operations\n## Rollback\nRevert the commit and push.\n"), "verification");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, Severity::Fail);
}

// A configuration block shown for reference (an Argo Rollouts manifest) gives no steps, so no finding
// rests on it; the procedure's own commands still do.
TEST(LintVerification, AConfigurationBlockIsNoProcedure) {
  const std::string text =
      "# Canary rollback\n\n## Rollback (< 2 minutes)\n\n"
      "The rollout is configured like this:\n\n```yaml\napiVersion: argoproj.io/v1alpha1\nkind: Rollout\n"
      "spec:\n  strategy:\n    canary:\n      steps:\n      - setWeight: 20\n      - pause: {duration: 10m}\n"
      "      - setWeight: 50\n```\n\n1. `kubectl argo rollouts abort web`\n2. `kubectl argo rollouts status "
      "web`\n";
  const ImportResult imported = import_runbook(text);
  for (const auto& level : imported.plan["levels"])
    for (const auto& s : level["steps"])
      EXPECT_EQ(s["name"].get<std::string>().find("apiVersion"), std::string::npos);
  for (const auto& f : lint_runbook(imported, text))
    EXPECT_NE(f.severity, Severity::Fail) << f.check << ": " << f.text;
}

// A redeploy by a pipeline that the document says checks the service after each deploy is checked by
// that pipeline: a warning that the drill does not run the check, not a FAIL. Without such a sentence,
// or for a change that is no redeploy, the FAIL stands.
TEST(LintVerification, APipelineThatChecksAfterEachDeployIsAWarning) {
  const std::string text =
      "# Rollback\n"                                                                          // 1
      "\n"                                                                                    // 2
      "The release workflow runs a health check after each deploy and stops on a failure.\n"  // 3
      "\n"                                                                                    // 4
      "## Manual rollback\n"                                                                  // 5
      "\n"                                                                                    // 6
      "1. Open the last good run in the Actions tab.\n"                                       // 7
      "2. Click \"Re-run all jobs\".\n";                                                      // 8
  const auto redeploy =
      only(lint_runbook(
               one_level({{step("Open the run", "manual"), 7}, {step("Re-run", "pipeline_redeploy"), 8}}, 5),
               text),
           "verification");
  ASSERT_EQ(redeploy.size(), 1u);
  EXPECT_EQ(redeploy[0].severity, Severity::Warn);
  EXPECT_NE(redeploy[0].text.find("line 3"), std::string::npos) << redeploy[0].text;
  // A rollback by hand is not what the pipeline checks.
  const auto undo =
      only(lint_runbook(one_level({{step("Undo", "rollout_undo"), 8}}, 5), text), "verification");
  ASSERT_EQ(undo.size(), 1u);
  EXPECT_EQ(undo[0].severity, Severity::Fail);
  // A workflow that is only named, with no check after deploys, checks nothing.
  std::string plain = text;
  plain.replace(plain.find("runs a health check after each deploy and stops on a failure"),
                std::string("runs a health check after each deploy and stops on a failure").size(),
                "builds the image and deploys it to the cluster");
  const auto unchecked =
      only(lint_runbook(one_level({{step("Re-run", "pipeline_redeploy"), 8}}, 5), plain), "verification");
  ASSERT_EQ(unchecked.size(), 1u);
  EXPECT_EQ(unchecked[0].severity, Severity::Fail);
}

// A script whose described behaviour checks the service ("What happens: `/readyz` is polled until
// ready") checks itself: the drill does not run that check, a warning, not a FAIL.
TEST(LintVerification, AScriptThatChecksItselfIsAWarning) {
  const std::string text =
      "# Rollback\n"                                           // 1
      "\n"                                                     // 2
      "## Quick rollback\n"                                    // 3
      "\n"                                                     // 4
      "1. Run the rollback:\n"                                 // 5
      "   `/srv/shop/rollback.sh prod`\n"                      // 6
      "\n"                                                     // 7
      "## What happens\n"                                      // 8
      "\n"                                                     // 9
      "- The previous images are pulled.\n"                    // 10
      "- `/healthz` is polled until the service is ready.\n";  // 11
  const auto run =
      only(lint_runbook(one_level({{step("Run the rollback", "rollout_undo"), 6}}, 3), text), "verification");
  ASSERT_EQ(run.size(), 1u);
  EXPECT_EQ(run[0].severity, Severity::Warn);
  EXPECT_NE(run[0].text.find("line 11"), std::string::npos) << run[0].text;
  EXPECT_NE(run[0].text.find("the script it runs checks the service"), std::string::npos) << run[0].text;
  // The same words outside a description of the tool, not naming the script: no check of the script's.
  std::string elsewhere = text;
  elsewhere.replace(elsewhere.find("What happens"), std::string("What happens").size(), "Notes");
  const auto fails = only(
      lint_runbook(one_level({{step("Run the rollback", "rollout_undo"), 6}}, 3), elsewhere), "verification");
  ASSERT_EQ(fails.size(), 1u);
  EXPECT_EQ(fails[0].severity, Severity::Fail);
  // A description that checks nothing: the FAIL stands.
  std::string unchecked = text;
  unchecked.replace(unchecked.find("`/healthz` is polled until the service is ready."),
                    std::string("`/healthz` is polled until the service is ready.").size(),
                    "The containers are restarted.");
  const auto fail = only(
      lint_runbook(one_level({{step("Run the rollback", "rollout_undo"), 6}}, 3), unchecked), "verification");
  ASSERT_EQ(fail.size(), 1u);
  EXPECT_EQ(fail[0].severity, Severity::Fail);
}

// A check in the text after the change, written in another language ("Vérifier que le site fonctionne")
// or as a look at the service ("Reload the service URL"), is a check: a warning that the plan does not run
// it, not a FAIL.
TEST(LintVerification, ChecksInOtherLanguagesAndReloadsAreChecks) {
  for (const char* check :
       {"- [ ] Vérifier que le site fonctionne", "Reload the service URL: the old page is back.",
        "- [ ] Prüfen, ob die Seite lädt", "- [ ] 检查首页"}) {
    const std::string text = std::string(
                                 "# Rollback\n"                  // 1
                                 "\n"                            // 2
                                 "1. Shift all traffic back.\n"  // 3
                                 "\n") +                         // 4
                             check +
                             "\n";  // 5
    const auto found =
        only(lint_runbook(one_level({{step("Shift back", "shift_traffic"), 3}}), text), "verification");
    ASSERT_EQ(found.size(), 1u) << check;
    EXPECT_EQ(found[0].severity, Severity::Warn) << check << ": " << found[0].text;
  }
}

// ------------------------------------------------------------------------------------------ no change

// A command inside a sentence ("then run ansible-playbook ...") is a change in the text.
TEST(LintNoChange, ACommandInsideASentenceIsAChangeInTheText) {
  const ImportResult plan = one_level({{step("Look at logs", "manual"), 3}});
  const auto findings = only(
      lint_runbook(plan,
                   "# Rollback\n\nPin the old tag, then run ansible-playbook -i prod.ini site.yml for the "
                   "web hosts.\n"),
      "no-change");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, Severity::Warn);
  EXPECT_EQ(findings[0].line, 3);
  // The importer reads it as the step's command.
  const ImportResult imported = import_runbook(
      "# Rollback\n\n1. Pin the old tag, then run ansible-playbook -i prod.ini site.yml for the web "
      "hosts.\n");
  ASSERT_EQ(imported.plan["levels"].size(), 1u);
  EXPECT_EQ(imported.plan["levels"][0]["steps"][0]["action"], "pipeline_redeploy");
}

// A command written without code markup, over continuation lines, is in the text too.
TEST(LintNoChange, AnUnfencedCommandThatThePlanMissedIsAWarning) {
  const ImportResult plan = one_level({{step("Look at logs", "manual"), 3}});
  const std::string text =
      "# Rollback\n"                                 // 1
      "## Steps\n"                                   // 2
      "2. Update service\n"                          // 3
      "aws ecs update-service \\\n"                  // 4
      "  --cluster main \\\n"                        // 5
      "  --service api --task-definition api:41\n";  // 6
  const auto findings = only(lint_runbook(plan, text), "no-change");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, Severity::Warn);
  EXPECT_EQ(findings[0].line, 4);
}

// A code comment that titles the command under it as going back ("# Rollback (100% stable)" over a
// `kubectl apply` the catalogue cannot judge) asks for a change: a warning. A comment over another
// comment, or a comment that titles a look, is none.
TEST(LintNoChange, ACommandTitledAsGoingBackInACodeBlockIsAWarning) {
  const ImportResult plan = one_level({{step("Look at the split", "manual"), 3}});
  const std::string text =
      "# Canary quick reference\n"        // 1
      "```bash\n"                         // 2
      "# 90/10\n"                         // 3
      "kubectl apply -f vs-90-10.yaml\n"  // 4
      "# Rollback (100% stable)\n"        // 5
      "kubectl apply -f vs-100-0.yaml\n"  // 6
      "```\n";                            // 7
  const auto titled = only(lint_runbook(plan, text), "no-change");
  ASSERT_EQ(titled.size(), 1u);
  EXPECT_EQ(titled[0].severity, Severity::Warn);
  EXPECT_EQ(titled[0].line, 6);
  const std::string looks =
      "# Canary quick reference\n"
      "```bash\n"
      "# Rollback history\n"
      "# (see the dashboard)\n"
      "kubectl get virtualservice checkout -o yaml\n"
      "```\n";
  const auto none = only(lint_runbook(plan, looks), "no-change");
  ASSERT_EQ(none.size(), 1u);
  EXPECT_EQ(none[0].severity, Severity::Fail);
}

TEST(LintNoChange, APlanThatChangesNothingFails) {
  const auto findings = only(lint_runbook(one_level({{step("Tell the team", "notify"), 2},
                                                     {step("Look at logs", "manual"), 3},
                                                     {step("Check", "verify"), 4}})),
                             "no-change");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, Severity::Fail);
  ImportResult empty;
  empty.plan = {{"name", "p"}, {"levels", ojson::array()}};
  EXPECT_EQ(only(lint_runbook(empty), "no-change").size(), 1u);
}

TEST(LintNoChange, AChangeInTheTextThatThePlanMissedIsAWarning) {
  const ImportResult plan = one_level({{step("Look at logs", "manual"), 3}});
  const auto command = only(lint_runbook(plan, "# Rollback\n\nRun `helm rollback shop 41`.\n"), "no-change");
  ASSERT_EQ(command.size(), 1u);
  EXPECT_EQ(command[0].severity, Severity::Warn);
  EXPECT_EQ(command[0].line, 3);
  const auto prose = only(
      lint_runbook(plan, "# Rollback\n\nRedeploy the previous build from the dashboard.\n"), "no-change");
  ASSERT_EQ(prose.size(), 1u);
  EXPECT_EQ(prose[0].severity, Severity::Warn);
  // Only checks and messages in the text: the FAIL holds.
  const auto none =
      only(lint_runbook(plan, "# Rollback\n\nLook at the logs and tell the team.\n"), "no-change");
  ASSERT_EQ(none.size(), 1u);
  EXPECT_EQ(none[0].severity, Severity::Fail);
}

// The text asks for the change in another language ("Vorherige Version reaktivieren", "Revenir a la
// version precedente"), or writes the command without code markup with a placeholder to fill in: the
// import missed it, a warning. A German text that only checks and informs keeps the FAIL.
TEST(LintNoChange, AChangeAskedForInAnotherLanguageOrUnfencedIsAWarning) {
  const ImportResult plan = one_level({{step("Stakeholder informieren", "manual"), 3}});
  for (const char* text : {"# Rollback\n\n- App stoppen\n- Vorherige Version reaktivieren\n",
                           "# Retour arriere\n\n1. Revenir à la version précédente\n",
                           "# Reversion\n\n1. Volver a la versión anterior del servicio\n",
                           "# Fix\n\n- Restart service:\nsystemctl restart <service>\n"}) {
    const auto findings = only(lint_runbook(plan, text), "no-change");
    ASSERT_EQ(findings.size(), 1u) << text;
    EXPECT_EQ(findings[0].severity, Severity::Warn) << text;
  }
  const auto none =
      only(lint_runbook(plan, "# Rollback\n\n- Logs ansehen\n- Stakeholder informieren\n"), "no-change");
  ASSERT_EQ(none.size(), 1u);
  EXPECT_EQ(none[0].severity, Severity::Fail);
}

// A text that starts again what an emergency stop stopped ("docker compose start web") asks for a
// change the catalogue keeps manual: a warning, not "nothing is rolled back".
TEST(LintNoChange, StartingWhatWasStoppedIsAChangeTheImportCannotModel) {
  const ImportResult plan = one_level({{step("Start the web front", "manual"), 4}});
  for (const char* text : {"# Bring the stack back\n\n```bash\ndocker compose start web\n```\n",
                           "# Bring the stack back\n\n1. Run `systemctl start orders`\n"}) {
    const auto findings = only(lint_runbook(plan, text), "no-change");
    ASSERT_EQ(findings.size(), 1u) << text;
    EXPECT_EQ(findings[0].severity, Severity::Warn) << text;
  }
  // Looking at the containers changes nothing: the FAIL holds.
  const auto none = only(lint_runbook(plan, "# Stack\n\n```bash\ndocker compose ps\n```\n"), "no-change");
  ASSERT_EQ(none.size(), 1u);
  EXPECT_EQ(none[0].severity, Severity::Fail);
}

TEST(LintNoChange, OneChangeIsEnough) {
  EXPECT_TRUE(only(lint_runbook(one_level({{step("Tell the team", "notify"), 2},
                                           {step("Undo", "rollout_undo"), 3},
                                           {step("Check", "verify"), 4}})),
                   "no-change")
                  .empty());
}

// ------------------------------------------------------------------------------------------ paused undo

ImportResult undo_plan() {
  return one_level({{step("Undo", "rollout_undo"), 7}, {step("Check", "verify"), 9}});
}

TEST(LintPausedUndo, UndoOfAPausedDeploymentFails) {
  const std::string text =
      "# Rollback\n"                                     // 1
      "## Step 1: stop the rollout\n"                    // 2
      "```bash\n"                                        // 3
      "kubectl rollout pause deployment/api -n shop\n"   // 4
      "```\n"                                            // 5
      "## Step 2: undo\n"                                // 6
      "```bash\n"                                        // 7
      "kubectl -n shop rollout undo deployment/api\n"    // 8
      "kubectl rollout status deployment/api -n shop\n"  // 9
      "```\n";                                           // 10
  const auto findings = only(lint_runbook(undo_plan(), text), "paused-undo");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, Severity::Fail);
  EXPECT_EQ(findings[0].line, 8);
  EXPECT_NE(findings[0].text.find("paused at line 4"), std::string::npos);
}

TEST(LintPausedUndo, ResumedFirstOrAnotherDeploymentIsFine) {
  const std::string resumed =
      "kubectl rollout pause deploy api\n"
      "kubectl rollout resume deployment/api\n"
      "kubectl rollout undo deployment/api\n";
  EXPECT_TRUE(only(lint_runbook(undo_plan(), resumed), "paused-undo").empty());
  const std::string other =
      "kubectl rollout pause deployment/worker\n"
      "kubectl rollout undo deployment/api\n";
  EXPECT_TRUE(only(lint_runbook(undo_plan(), other), "paused-undo").empty());
}

// ------------------------------------------------------------------------------------------ contradictions

TEST(LintContradiction, ABoundBesideALongerEstimateFails) {
  const std::string text =
      "# Failover\n"                                       // 1
      "\n"                                                 // 2
      "Failover completes in < 30 seconds.\n"              // 3
      "\n"                                                 // 4
      "The DNS switch takes ~90 seconds to propagate.\n";  // 5
  const auto findings = only(lint_runbook(undo_plan(), text), "contradiction");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, Severity::Fail);
  EXPECT_EQ(findings[0].line, 3);
  EXPECT_NE(findings[0].text.find("line 5"), std::string::npos);
}

TEST(LintContradiction, ConsistentOrApartIsFine) {
  const std::string consistent =
      "# Failover\n"
      "Failover completes in < 2 minutes.\n"
      "The DNS switch takes ~90 seconds to propagate.\n";
  EXPECT_TRUE(only(lint_runbook(undo_plan(), consistent), "contradiction").empty());
  const std::string other_section =
      "# Failover\n"
      "Failover completes in < 30 seconds.\n"
      "## Restore\n"
      "The restore takes ~90 seconds.\n";
  EXPECT_TRUE(only(lint_runbook(undo_plan(), other_section), "contradiction").empty());
}

TEST(LintContradiction, AnRtoInAHeadingThatTheTableContradicts) {
  ImportResult r = undo_plan();
  r.objectives = ojson::array({{{"key", "API"}, {"rto_s", 1800}, {"rpo_s", 300}}});
  const std::string text =
      "# Rollback\n"                         // 1
      "## Recovery (RTO: 15 minutes)\n"      // 2
      "| Service | RTO | RPO |\n"            // 3
      "|---|---|---|\n"                      // 4
      "| API | 30 minutes | 5 minutes |\n";  // 5
  const auto findings = only(lint_runbook(r, text), "contradiction");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, Severity::Fail);
  EXPECT_EQ(findings[0].line, 2);
  r.objectives[0]["rto_s"] = 900;  // The table agrees.
  EXPECT_TRUE(only(lint_runbook(r, text), "contradiction").empty());
}

// ------------------------------------------------------------------------------------------ level budget

// "RTO: 30 min. RPO: 24 hours" states a 30-minute RTO, not a 24-hour one; an alternative path's own RTO
// that differs from the document's is a warning, the same in the procedure a FAIL.
TEST(LintContradiction, AnRtoIsReadUpToItsRpoAndAnAlternativesRtoIsAWarning) {
  const ImportResult r = undo_plan();
  const auto first = [&](const std::string& text) { return only(lint_runbook(r, text), "contradiction"); };
  const std::string head = "# Rollback\n**RTO: 30 minutes.**\n";  // lines 1-2
  EXPECT_TRUE(first(head + "## Restore\n- RTO: 30 minutes. RPO: up to 24 hours.\n").empty());
  auto findings = first(head + "## Restore\n- RTO: 2 hours. RPO: 24 hours.\n");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, Severity::Fail);
  EXPECT_NE(findings[0].text.find("(" + describe_seconds(7200) + ")"), std::string::npos) << findings[0].text;
  findings = first(head + "### Option 3: restore the database\n- RTO: 2 hours. RPO: 24 hours.\n");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, Severity::Warn);
  EXPECT_NE(findings[0].text.find("alternative"), std::string::npos);
}

TEST(LintLevelBudget, StatedDurationsOverTheClaimFail) {
  ImportResult r = one_level({{step("Undo", "rollout_undo"), 3}, {step("Check", "verify"), 5}});
  r.plan["levels"][0]["claim_s"] = 300;
  r.stated_s = {{"Undo", 240}, {"Check", 120}};
  auto findings = only(lint_runbook(r), "level-budget");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].basis, Basis::Runbook);
  r.stated_s["Check"] = 60;  // 240 + 60 = 300: within the claim.
  EXPECT_TRUE(only(lint_runbook(r), "level-budget").empty());
}

// ------------------------------------------------------------------------------------------ basis

TEST(LintBasis, ScaleToZeroRestsOnAnAssumptionWhenAStepInBetweenHasNoEstimate) {
  ojson down = step("Stop traffic", "scale");
  down["version"] = "new";
  down["replicas"] = 0;
  ojson wait = step("Wait", "wait");
  wait["duration"] = 60;
  ImportResult r =
      one_level({{down, 2}, {wait, 3}, {step("Undo", "rollout_undo"), 4}, {step("Check", "verify"), 5}});
  auto findings = only(lint_runbook(r), "scale-to-zero");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].basis, Basis::Assumption);  // "Wait" has no estimate of the runbook's
  r.stated_s["Wait"] = 60;
  findings = only(lint_runbook(r), "scale-to-zero");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].basis, Basis::Runbook);
  const auto json = findings_to_json(findings);
  EXPECT_EQ(json[0]["basis"], "runbook");
}

TEST(LintScale, AScaleUpOrACountNotStatedIsNoScaleToZeroOfTheRunbooks) {
  // "docker service scale NAME=N" and a relative count scale up; a scale with no count rests on the
  // import's default of 0 (an assumption); only a stated zero is the runbook's own scale to zero.
  const std::string text =
      "# Ledger\n\n## Procedure\n\n"
      "1. Scale out: `docker service scale ledger_api=6`\n"
      "2. Add workers: `./ops/capacity --instances=+2`\n"
      "3. Scale the canary down: `./ops/capacity --pool canary`\n"
      "4. Scale the canary to zero: `./ops/capacity --pool canary --instances 0`\n"
      "5. Check: `curl -fsS https://ledger.example.com/healthz`\n";
  ImportResult r = one_level({{step("Scale out", "scale"), 5},
                              {step("Add workers", "scale"), 6},
                              {step("Scale the canary down", "scale"), 7},
                              {step("Scale the canary to zero", "scale"), 8},
                              {step("Check", "verify"), 9}});
  for (auto& s : r.plan["levels"][0]["steps"])
    if (s["action"] == "scale") s["replicas"] = 0;  // As the import has it when the command gives no count.
  const auto findings = only(lint_runbook(r, text), "scale-to-zero");
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].line, 7);
  EXPECT_EQ(findings[0].basis, Basis::Assumption);
  EXPECT_NE(findings[0].text.find("states no count"), std::string::npos);
  EXPECT_EQ(findings[1].line, 8);
}

TEST(LintTriggers, ABoundedWindowAndARelativeLatencyBesideAnAbsoluteOne) {
  const auto r = import_runbook(
      "# API\n\n## Triggers\n\n- Error rate above 3% for > 2 minutes\n"
      "- p95 latency up 150 % (p95 > 800 ms) for 5 minutes\n\n## Steps\n\n"
      "1. `kubectl rollout undo deployment/api`\n2. `kubectl rollout status deployment/api`\n");
  EXPECT_TRUE(only(lint_runbook(r, ""), "trigger-duration").empty());
}

// ------------------------------------------------------------------------------------------ not a runbook

TEST(NotARunbook, YamlJsonCodeEmptyAndBinary) {
  EXPECT_EQ(
      not_a_runbook("groups:\n  - name: api\n    rules:\n      - alert: Errors\n        expr: up == 0\n"),
      "it is a Prometheus rule file (YAML: groups, alert, expr)");
  EXPECT_EQ(not_a_runbook("# values\nreplicas: 3\nimage:\n  tag: v2\n"), "it is YAML (key: value lines)");
  EXPECT_EQ(not_a_runbook("  {\"name\": \"x\", \"steps\": []}\n"), "it is JSON");
  EXPECT_EQ(not_a_runbook("#!/bin/sh\nkubectl rollout undo deployment/api\n"),
            "it is a script (it starts with #!)");
  EXPECT_EQ(not_a_runbook("package main\n\nimport \"os\"\n\nfunc main() {\n\tos.Exit(run())\n}\n"),
            "it is source code");
  // A build file of command calls (CMake).
  EXPECT_EQ(not_a_runbook("# Tests\nadd_executable(t a_test.cpp\n               b_test.cpp)\n"
                          "target_link_libraries(t PRIVATE lib)\nset(corpus ${DIR}/corpus)\n"
                          "add_test(NAME t.run\n         COMMAND t --details ${corpus})\n"
                          "set_tests_properties(t.run PROPERTIES TIMEOUT 600)\n"),
            "it is source code");
  EXPECT_EQ(not_a_runbook(" \n\n"), "it is empty");
  EXPECT_EQ(not_a_runbook(std::string("# x\0y", 5)), "it is binary (it holds NUL bytes)");
}

TEST(NotARunbook, MarkdownRunbooksAreRunbooks) {
  EXPECT_EQ(
      not_a_runbook("# Rollback\n\n1. Run `kubectl rollout undo deployment/api`.\n2. Check the dashboard.\n"),
      std::nullopt);
  // A runbook that is mostly a code block and a few labels.
  EXPECT_EQ(not_a_runbook("# Rollback\nOwner: payments\nSeverity: high\n\n```yaml\na: 1\nb: 2\nc: 3\n```\n"
                          "Then watch the error rate for ten minutes before you close the incident.\n"),
            std::nullopt);
  for (const char* seed :
       {"ca-marketplace", "catalytic-saas", "consultantpro", "feature-procedure", "five-levels"}) {
    std::ifstream in(std::filesystem::path(DRILLSIM_SCENARIOS_DIR) / "seeds" / seed / "runbook.md");
    std::stringstream text;
    text << in.rdbuf();
    ASSERT_FALSE(text.str().empty()) << seed;
    EXPECT_EQ(not_a_runbook(text.str()), std::nullopt) << seed;
  }
  // Every labelled test runbook, whatever its style.
  int read = 0;
  for (const auto& entry : std::filesystem::directory_iterator(
           std::filesystem::path(DRILLSIM_TESTS_DATA_DIR) / "runbooks" / "corpus")) {
    if (entry.path().extension() != ".md") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_EQ(not_a_runbook(text.str()), std::nullopt) << entry.path();
    ++read;
  }
  EXPECT_GT(read, 40);
}

}  // namespace
}  // namespace drillsim::runbook
