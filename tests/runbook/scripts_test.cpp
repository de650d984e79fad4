// Whole scripts shown as files and catalogues of commands (sim/runbook/scripts.cpp): which fences are a
// complete script, what names a tool, which lines run a script, which lines are a script's scaffolding;
// and, through the importer, that a script's comments are no steps when it is a tool, is run by a step or
// repeats steps above, that a script which is the procedure keeps its steps, that a procedure written as
// one block with numbered comments (no shebang) keeps its steps, and that a catalogue of commands that
// only look is no procedure.
#include "runbook/scripts.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "plan_outline.hpp"
#include "runbook/importer.hpp"

namespace drillsim::runbook {
namespace {

TEST(Scripts, AWholeScriptByItsShebangItsNameOrItsLeadIn) {
  const ScriptFile a = script_file("bash", "#!/bin/bash\n# File: quick-check.sh\n\necho hi\n", "");
  EXPECT_TRUE(a.whole);
  EXPECT_EQ(a.name, "quick-check.sh");
  const ScriptFile b = script_file("", "# restore.sh - put the dump back\npg_restore -d app dump\n", "");
  EXPECT_TRUE(b.whole);
  EXPECT_EQ(b.name, "restore.sh");
  EXPECT_EQ(b.about, "put the dump back");
  const ScriptFile c =
      script_file("sh", "systemctl stop api\n", "Save the lines below as scripts/stop-api.sh:");
  EXPECT_TRUE(c.whole);
  EXPECT_EQ(c.name, "stop-api.sh");
  // A procedure written as one block with numbered comments is no script file.
  EXPECT_FALSE(
      script_file("bash", "# 1. Roll back\nkubectl rollout undo deploy/api\n# 2. Check\n", "").whole);
  // Nor is a comment that mentions a script in passing, nor another language.
  EXPECT_FALSE(script_file("bash", "# Run this before deploy.sh\nmake build\n", "").whole);
  EXPECT_FALSE(script_file("python", "#!/usr/bin/env python3\nprint(1)\n", "").whole);
  EXPECT_EQ(script_name_in("see `ops/failover.sh`."), "failover.sh");
  EXPECT_EQ(script_name_in("the page index.shtml"), "");
}

TEST(Scripts, ToolsBesideTheProcedure) {
  for (const char* w : {"quick-health-check.sh", "Backup validation script", "automated-failover.sh",
                        "run by the cron host, not by hand", "Monitoring queries"})
    EXPECT_TRUE(names_tool(w)) << w;
  for (const char* w : {"full-recovery.sh", "protect-database.sh", "Emergency stop", "restart-ingest.sh"})
    EXPECT_FALSE(names_tool(w)) << w;
}

TEST(Scripts, LinesThatRunAScript) {
  EXPECT_TRUE(runs_script("3. Run the script: `./failover.sh payments-db-1`", "failover.sh"));
  EXPECT_TRUE(runs_script("bash scripts/failover.sh db-1", "failover.sh"));
  EXPECT_TRUE(runs_script("sudo ./failover.sh", "failover.sh"));
  EXPECT_FALSE(runs_script("`failover.sh` takes the name of the replica", "failover.sh"));
  EXPECT_FALSE(runs_script("chmod +x ./failover.sh", "failover.sh"));
  EXPECT_FALSE(runs_script("Save it as ./failover.sh", "failover.sh"));
  EXPECT_FALSE(runs_script("./other.sh", "failover.sh"));
}

TEST(Scripts, LeadInsThatRepeatStepsAbove) {
  EXPECT_TRUE(repeats_steps_above("The script below automates steps 3 and 4 outlined above."));
  EXPECT_TRUE(repeats_steps_above("The same restore as above, in one file."));
  EXPECT_FALSE(repeats_steps_above("Run the script below on the primary."));
}

TEST(Scripts, Scaffolding) {
  for (const char* l :
       {"#!/bin/bash", "echo \"=== Started $(date) ===\"", "set -euo pipefail", "NS=\"payments\"",
        "export STAMP=1", "log \"stopping\"", "exit 1", "fi", "lag() {", "printf '%s\\n' done"})
    EXPECT_TRUE(scaffolding_line(l)) << l;
  for (const char* l : {"echo maintenance > /var/www/flag", "echo '{\"on\":true}' | curl -d @- http://x",
                        "LAST=$(kubectl get pods)", "systemctl stop api", "A=1 make deploy"})
    EXPECT_FALSE(scaffolding_line(l)) << l;
}

TEST(Scripts, CatalogueTitles) {
  for (const char* t :
       {"Monitoring during the rollout", "Watch pods", "View logs", "Useful commands when debugging"})
    EXPECT_TRUE(names_catalogue(t)) << t;
  for (const char* t : {"Verify the rollback", "Health check", "Roll back", "Monitor and confirm recovery"})
    EXPECT_FALSE(names_catalogue(t)) << t;
}

// The procedure, then a health check script in a section of tools and a script the procedure runs: only
// the procedure's steps, and the line that runs the script is one step.
TEST(Scripts, ToolsAndScriptsRunByAStepAreNoSteps) {
  const std::string md =
      "# Orders failover\n"                                          // 1
      "\n"                                                           // 2
      "## Failing over\n"                                            // 3
      "\n"                                                           // 4
      "1. Stop the API: `kubectl scale deploy/api --replicas=0`\n"   // 5
      "2. Run the promotion: `./promote.sh db-2`\n"                  // 6
      "3. Start the API: `kubectl scale deploy/api --replicas=4`\n"  // 7
      "\n"                                                           // 8
      "## Scripts\n"                                                 // 9
      "\n"                                                           // 10
      "```bash\n"                                                    // 11
      "#!/bin/bash\n"                                                // 12
      "# promote.sh: promote a replica\n"                            // 13
      "set -e\n"                                                     // 14
      "# Fence the old primary\n"                                    // 15
      "kubectl label pod db-1 role=fenced --overwrite\n"             // 16
      "# Promote\n"                                                  // 17
      "kubectl exec db-2 -- pg_ctl promote\n"                        // 18
      "```\n"                                                        // 19
      "\n"                                                           // 20
      "```bash\n"                                                    // 21
      "#!/bin/bash\n"                                                // 22
      "# File: db-health.sh\n"                                       // 23
      "# Check the primary answers\n"                                // 24
      "pg_isready -h db-1\n"                                         // 25
      "# Check replication lag\n"                                    // 26
      "psql -h db-1 -c 'select * from pg_stat_replication'\n"        // 27
      "```\n";                                                       // 28
  const ImportResult r = import_runbook(md, "");
  const auto steps = outline(r);
  ASSERT_EQ(steps.size(), 3u) << testing::PrintToString(steps);
  EXPECT_EQ(r.plan["levels"][0]["steps"][1]["source"]["line"], 6);
  for (const auto& s : steps)
    EXPECT_EQ(s.find("@1"), std::string::npos) << s;  // Nothing from lines 11-28.
}

// The script is the procedure: its numbered comments stay steps, its banner is none.
TEST(Scripts, AScriptThatIsTheProcedureKeepsItsSteps) {
  const std::string md =
      "# Emergency stop\n"                                          // 1
      "\n"                                                          // 2
      "## 1. Stop intake\n"                                         // 3
      "\n"                                                          // 4
      "```bash\n"                                                   // 5
      "#!/bin/bash\n"                                               // 6
      "# stop-intake.sh\n"                                          // 7
      "echo \"=== stopping intake ===\"\n"                          // 8
      "\n"                                                          // 9
      "# 1. Close the upload endpoint\n"                            // 10
      "kubectl scale deployment/upload -n ingest --replicas=0\n"    // 11
      "\n"                                                          // 12
      "# 2. Pause the consumers\n"                                  // 13
      "kubectl scale deployment/consumer -n ingest --replicas=0\n"  // 14
      "```\n";                                                      // 15
  const auto steps = outline(import_runbook(md, ""));
  ASSERT_EQ(steps.size(), 2u) << testing::PrintToString(steps);
  EXPECT_NE(steps[0].find("@10-11"), std::string::npos) << steps[0];
  EXPECT_NE(steps[1].find("@13-14"), std::string::npos) << steps[1];
}

// A script after the procedure that says it repeats the steps above adds none; a procedure written as
// one block with numbered comments and no shebang keeps one step per comment.
TEST(Scripts, AScriptRepeatingStepsAboveAddsNone) {
  const std::string md =
      "# Cache restore\n"                                                 // 1
      "\n"                                                                // 2
      "## Restore\n"                                                      // 3
      "\n"                                                                // 4
      "```bash\n"                                                         // 5
      "# 1. Stop the app\n"                                               // 6
      "kubectl scale deployment/web --replicas=0\n"                       // 7
      "# 2. Roll the app back\n"                                          // 8
      "kubectl rollout undo deployment/web\n"                             // 9
      "# 3. Start the app\n"                                              // 10
      "kubectl scale deployment/web --replicas=3\n"                       // 11
      "```\n"                                                             // 12
      "\n"                                                                // 13
      "## In one go\n"                                                    // 14
      "\n"                                                                // 15
      "The same as steps 1 to 3 above, as a file: save it as redo.sh.\n"  // 16
      "\n"                                                                // 17
      "```bash\n"                                                         // 18
      "#!/bin/bash\n"                                                     // 19
      "# Stop\n"                                                          // 20
      "kubectl scale deployment/web --replicas=0\n"                       // 21
      "# Undo\n"                                                          // 22
      "kubectl rollout undo deployment/web\n"                             // 23
      "```\n";                                                            // 24
  const auto steps = outline(import_runbook(md, ""));
  ASSERT_EQ(steps.size(), 3u) << testing::PrintToString(steps);
  EXPECT_NE(steps[1].find("rollout_undo @8-9"), std::string::npos) << steps[1];
}

// A catalogue of commands that only look, under a title about watching, beside a procedure elsewhere:
// not read for steps. The same commands under a title that checks the result stay steps.
TEST(Scripts, ACatalogueOfCommandsThatOnlyLookIsNoProcedure) {
  const auto doc = [](const std::string& title) {
    return "# Search API\n"
           "\n"
           "## " +
           title +
           "\n"
           "\n"
           "### Pods\n"
           "\n"
           "```bash\n"
           "# Watch the pods\n"
           "kubectl get pods -n search -w\n"
           "# Show the images\n"
           "kubectl get pods -n search -o wide\n"
           "```\n"
           "\n"
           "### Logs\n"
           "\n"
           "```bash\n"
           "# Last lines\n"
           "kubectl logs -n search -l app=search --tail=100\n"
           "# Keep following\n"
           "kubectl logs -n search -l app=search -f\n"
           "```\n"
           "\n"
           "## Rolling back\n"
           "\n"
           "```bash\n"
           "# 1. Roll back\n"
           "helm rollback search 0 -n search\n"
           "# 2. Wait for it\n"
           "kubectl rollout status deployment/search -n search\n"
           "```\n";
  };
  EXPECT_EQ(outline(import_runbook(doc("Watching the service"), "")).size(), 2u);
  EXPECT_EQ(outline(import_runbook(doc("Verify the pods"), "")).size(), 6u);
}

}  // namespace
}  // namespace drillsim::runbook
