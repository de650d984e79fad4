// classify_section on small sections written for the purpose: the content decides, the title is one
// feature among several. Each case is a section whose title alone would say something else (or nothing).
#include "runbook/sections.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace drillsim::runbook {
namespace {

// The section of `markdown` under its first heading: the title and its own blocks.
struct Parsed {
  std::string title;
  std::vector<Block> blocks;
  std::vector<std::string> headings;
};

Parsed first_section(const std::string& markdown) {
  Parsed p;
  const auto blocks = parse_markdown(markdown);
  bool in = false;
  for (const auto& b : blocks) {
    if (b.kind == Block::Kind::Heading) {
      p.headings.push_back(b.text);
      if (in) {
        in = false;
        continue;
      }
      if (p.title.empty()) {
        p.title = b.text;
        in = true;
      }
      continue;
    }
    if (in) p.blocks.push_back(b);
  }
  return p;
}

SectionKind kind_of(const std::string& markdown) {
  const Parsed p = first_section(markdown);
  return classify_section(p.title, p.blocks, p.headings).kind;
}

TEST(Sections, CommandsThatActMakeAProcedureWhateverTheTitle) {
  // "Background" alone would be an overview; three commands that change the system say otherwise.
  EXPECT_EQ(kind_of(R"(## Background and the fix

```bash
kubectl rollout undo deployment/cart -n shop
kubectl scale deployment/cart --replicas=4 -n shop
helm rollback cart 12 -n shop
```
)"),
            SectionKind::Procedure);
}

TEST(Sections, ATitleWithoutContentStillCounts) {
  EXPECT_EQ(kind_of("## Troubleshooting\n\nSee below.\n"), SectionKind::Troubleshooting);
  EXPECT_EQ(kind_of("## Quick notes\n\nNothing here.\n"), SectionKind::Procedure);  // No evidence either way.
}

TEST(Sections, PeopleMakeAContactList) {
  // An untelling title: the phone numbers, addresses and roles decide.
  EXPECT_EQ(kind_of(R"(## Who is who

- Primary: Dana Lee, +1 415 555 0134
- Secondary: dba-team@example.org
- Database lead: @rkumar on chat
)"),
            SectionKind::Contacts);
}

TEST(Sections, AListOfTheDocumentsHeadingsIsATableOfContents) {
  EXPECT_EQ(kind_of(R"(## In this document

1. [Stop the writers](#stop-the-writers)
2. [Restore the snapshot](#restore-the-snapshot)
3. [Check the data](#check-the-data)

## Stop the writers
## Restore the snapshot
## Check the data
)"),
            SectionKind::Contents);
}

TEST(Sections, TheHeadingIndexMatchesItemsAsTheHeadingsAreWritten) {
  const HeadingIndex index({"2. Stop the writers", "Restore the **snapshot**", "Check"});
  EXPECT_TRUE(index.lists("1. Stop the writers"));  // Numbers do not count.
  EXPECT_TRUE(index.lists("restore the snapshot"));
  EXPECT_FALSE(index.lists("Stop the writers now"));
  EXPECT_FALSE(index.lists("3."));  // Nothing left once the number is gone: no heading.
  EXPECT_FALSE(HeadingIndex().lists("Check"));
}

TEST(Sections, IssueAndSolutionPairsAreTroubleshooting) {
  EXPECT_EQ(kind_of(R"(## When things go sideways

Issue: the restore hangs at 99 %.

Solution: free disk space on the replica.

Issue: permission denied on the data directory.

Solution: give the directory back to the postgres user.
)"),
            SectionKind::Troubleshooting);
}

TEST(Sections, ADescriptionOfWhatAutomationDoesIsNoProcedure) {
  // Third-person verbs: the pipeline does this by itself; nobody runs these lines.
  EXPECT_EQ(kind_of(R"(## What happens on a failed deploy

When the smoke test fails, the pipeline:

1. checks out the last tagged release
2. rebuilds the containers
3. restarts the workers
4. posts the result to the release channel
)"),
            SectionKind::Narrative);
  // The same list as instructions is the procedure.
  EXPECT_EQ(kind_of(R"(## What happens on a failed deploy

1. Check out the last tagged release
2. Rebuild the containers
3. Restart the workers
4. Post the result to the release channel
)"),
            SectionKind::Procedure);
}

TEST(Sections, ADrillRehearsesTheProcedure) {
  EXPECT_EQ(kind_of(R"(## Keeping sharp

Once a quarter, break staging intentionally and time the recovery.

1. Announce the drill in the team channel
2. Deploy a build with a broken connection string to staging
)"),
            SectionKind::Rehearsal);
}

TEST(Sections, AdviceIsPractice) {
  EXPECT_EQ(kind_of(R"(## Staying safe

- Always pin image tags by digest.
- Never roll back the schema without a fresh dump.
- Keep the previous release's artefacts for a week.
)"),
            SectionKind::Practices);
}

TEST(Sections, RootCauseAndFollowUpArePostIncident) {
  EXPECT_EQ(kind_of(R"(## Afterwards

- Write the root cause in the incident record
- File action items to prevent a repeat
)"),
            SectionKind::PostIncident);
}

TEST(Sections, OutputShownAfterItsLeadIsExpectedOutput) {
  EXPECT_EQ(kind_of(R"(## Reading the result

The output should look like this:

```
NAME    READY   STATUS
cart-1  1/1     Running
```
)"),
            SectionKind::ExpectedOutput);
}

TEST(Sections, ChecksAfterTheChangeAreVerificationAndRead) {
  const Parsed p = first_section(R"(## Then make sure

```bash
kubectl rollout status deployment/cart -n shop
kubectl get pods -n shop
curl -sf https://shop.example.com/health
```
)");
  const auto e = classify_section(p.title, p.blocks, p.headings);
  EXPECT_EQ(e.kind, SectionKind::Verification);
  EXPECT_TRUE(read_for_steps(e.kind));
  EXPECT_FALSE(e.why.empty());
}

TEST(Sections, LevelsOfPeopleAreNoLevelsOfRollback) {
  const Parsed people = first_section("### Level 2: Senior SRE\n\n- Contact: sre-lead@example.org\n");
  EXPECT_TRUE(describes_people(people.title, people.blocks));
  const Parsed role_only = first_section("### Tier 3: Database vendor support\n\nOpen a ticket.\n");
  EXPECT_TRUE(describes_people(role_only.title, role_only.blocks));
  const Parsed tier = first_section(R"(### Level 2: Application rollback (< 10 minutes)

```bash
helm rollback cart 12 -n shop
```
)");
  EXPECT_FALSE(describes_people(tier.title, tier.blocks));
  // A tier of rollback that names a team in passing is still a tier: its command acts.
  const Parsed team = first_section(
      "### Tier 2: Team-wide failover\n\n```bash\nkubectl scale deploy/cart --replicas=0\n```\n");
  EXPECT_FALSE(describes_people(team.title, team.blocks));
}

TEST(Sections, ANumberedHeadingIsATierOnlyWhenItNamesAKindOfRollback) {
  EXPECT_TRUE(names_rollback_tier("2. Database Migration Rollback"));
  EXPECT_TRUE(names_rollback_tier("3. Full Rollback (< 30 minutes)"));
  EXPECT_TRUE(names_rollback_tier("1) Rollback of the edge proxy"));
  EXPECT_FALSE(names_rollback_tier("1. Identify the release to roll back"));
  EXPECT_FALSE(names_rollback_tier("5. Verify the rollback"));
  EXPECT_FALSE(names_rollback_tier("7. Post-rollback follow-up"));
  EXPECT_FALSE(names_rollback_tier("4. Post-Rollback Procedures"));
  EXPECT_FALSE(names_rollback_tier("2. Restore the database"));
  // Work about rollbacks is no kind of rollback.
  EXPECT_FALSE(names_rollback_tier("6. Troubleshooting Failed Rollbacks"));
  EXPECT_FALSE(names_rollback_tier("4. Testing Rollbacks"));
  EXPECT_FALSE(names_rollback_tier("3. Stuck rollback"));
  EXPECT_TRUE(names_rollback_tier("3. Emergency rollback"));
  EXPECT_FALSE(names_rollback_tier("2. Rollback Execution (15-Minute SLA)"));
  EXPECT_FALSE(names_rollback_tier("3. Rollback Verification"));
  EXPECT_FALSE(names_rollback_tier("5. Rollback Types"));
  EXPECT_TRUE(names_rollback_tier("4. Rollback via the load balancer"));
}

TEST(Sections, GoingBackIsNamedInManyWays) {
  for (const char* t : {"Roll back the API", "Roll the release back", "Back out the release", "Revert the merge", "Restore the dump",
                        "Fail over to the standby", "Switch back to blue", "Deploy the previous tag",
                        "Pin the last known good build", "Storefront: going back to blue"})
    EXPECT_TRUE(names_going_back(t)) << t;
  for (const char* t : {"Deploy the new build", "Promote to production", "Check the dashboards", "Back up the disk",
                        "Going over the logs"})
    EXPECT_FALSE(names_going_back(t)) << t;
}

TEST(Sections, AReleaseIsAForwardOperationUnlessItGoesBack) {
  const Parsed release = first_section("## Ship it\n\n1. Merge the release branch.\n2. Deploy to staging.\n");
  EXPECT_TRUE(describes_forward_operation(release.title, release.blocks));
  const Parsed titled = first_section("## Deploying a new version\n\nRun the pipeline.\n");
  EXPECT_TRUE(describes_forward_operation(titled.title, titled.blocks));
  const Parsed back = first_section("## Ship it\n\n1. Deploy the previous tag.\n2. Check the health page.\n");
  EXPECT_FALSE(describes_forward_operation(back.title, back.blocks));
  const Parsed checks = first_section("## Checks\n\n1. Check the logs.\n2. Check the dashboards.\n");
  EXPECT_FALSE(describes_forward_operation(checks.title, checks.blocks));
}

TEST(Sections, ATitleCanNameAMeans) {
  EXPECT_EQ(means_of("Using Docker"), "using");
  EXPECT_EQ(means_of("#### Via the console"), "using");
  EXPECT_EQ(means_of("Kubernetes"), "platform");
  EXPECT_EQ(means_of("Manual rollback"), "manner");
  EXPECT_EQ(means_of("Restore the database"), "");
  EXPECT_EQ(means_of("Kubernetes networking deep dive for operators"), "");
  EXPECT_TRUE(marked_preferred("Automatic Rollback (Recommended)"));
  EXPECT_FALSE(marked_preferred("Manual Rollback"));
}

TEST(Sections, FrequenciesDashboardsAndCostsAreUpkeep) {
  // Untelling titles: the schedule, the dashboards and alarms to set up and the costs decide.
  EXPECT_EQ(kind_of(R"(## Keeping it honest

- Monthly: run the failover test suite against staging.
- Quarterly: review the owners listed in this document.
- Annually: rehearse a full region loss.
)"),
            SectionKind::Upkeep);
  EXPECT_EQ(kind_of(R"(## Observability

1. Create a dashboard for queue depth and consumer lag.
2. Set up an alarm on consumer lag above 10 000 messages.
3. Add an alarm on dead-letter growth.
)"),
            SectionKind::Upkeep);
  EXPECT_EQ(kind_of(R"(## Spend

- The warm standby costs about 300 USD per month.
- Check the billing export after each test.
)"),
            SectionKind::Upkeep);
  // A title about maintenance mode is a step's subject, not upkeep.
  EXPECT_EQ(kind_of("## Enable maintenance mode\n\n1. Turn on the maintenance page: `./ops/maint.sh on`\n"),
            SectionKind::Procedure);
  EXPECT_EQ(kind_of("## DR testing schedule\n\nSee the calendar.\n"), SectionKind::Upkeep);
}

TEST(Sections, SymptomLeadInsMakeTroubleshooting) {
  // "Problem: fix" pairs without the words issue / solution: the symptom before the colon decides.
  EXPECT_EQ(kind_of(R"(## Things we have seen

1. Port already in use: another tunnel is still open; close it.
2. Disk full: remove old snapshots with `rm -rf /var/snapshots/old`.
3. Still failing after 10 minutes: page the owner.
)"),
            SectionKind::Troubleshooting);
  // An instruction with a colon is no symptom.
  EXPECT_EQ(kind_of(R"(## Roll back

1. Roll back the API: `kubectl rollout undo deployment/api`
2. Check health: `curl -f http://api/health`
)"),
            SectionKind::Procedure);
}

TEST(Sections, SituationsFailbackSwitchingOffAndBadReleases) {
  EXPECT_TRUE(names_situation("Scenario 2: Data corruption"));
  EXPECT_TRUE(names_situation("Case: region outage"));
  EXPECT_FALSE(names_situation("Roll back the service"));
  EXPECT_TRUE(names_situation("Escenario 2: pérdida de datos"));
  EXPECT_TRUE(
      names_situation("\xe5\x9c\xba\xe6\x99\xaf"
                      "2: data loss"));
  EXPECT_FALSE(names_situation("Restaurar el escenario de pruebas"));
  EXPECT_TRUE(names_situations("Disaster Recovery Scenarios"));
  EXPECT_TRUE(names_situations("Incident Types"));
  EXPECT_TRUE(names_situations("Rollback Methods"));
  EXPECT_FALSE(names_situations("Rollback Procedure"));
  EXPECT_TRUE(names_failback("Failback to the primary region"));
  EXPECT_TRUE(names_failback("Return to primary"));
  EXPECT_FALSE(names_failback("Fail over to the standby"));
  EXPECT_TRUE(names_switching_off("Emergency disable"));
  EXPECT_TRUE(names_switching_off("Kill switch"));
  EXPECT_FALSE(names_switching_off("Enable the flag"));
  EXPECT_TRUE(names_going_back("Roll it back"));
  EXPECT_TRUE(names_going_back("Switch them back"));
  EXPECT_FALSE(names_going_back("Roll it out"));
  EXPECT_TRUE(names_exercise("Lab: roll back a broken release"));
  EXPECT_TRUE(names_exercise("Hands-on tutorial"));
  EXPECT_FALSE(names_exercise("Payments rollback runbook"));
  EXPECT_TRUE(names_clean_up("Clean up"));
  EXPECT_TRUE(names_clean_up("Teardown"));
  EXPECT_FALSE(names_clean_up("Clear the cache"));
  EXPECT_TRUE(describes_forward_operation("Turning the feature back on later", {}));
  EXPECT_TRUE(describes_forward_operation("Re-enable the flag", {}));
  EXPECT_TRUE(about_bad_release("Scenario 2: Bad deployment"));
  EXPECT_FALSE(about_bad_release("Scenario 1: Region outage"));
}

TEST(Sections, FollowUpAfterTheIncident) {
  EXPECT_TRUE(names_follow_up("Root cause analysis"));
  EXPECT_TRUE(names_follow_up("Document learning and guardrail change"));
  EXPECT_TRUE(names_follow_up("Schedule a blameless review within 7 days"));
  EXPECT_TRUE(names_follow_up("Fix forward"));
  EXPECT_TRUE(names_follow_up("Finally, write up what happened in the incident document"));
  EXPECT_TRUE(names_follow_up("Update the runbook"));
  EXPECT_FALSE(names_follow_up("Create a ticket to investigate the root cause"));
  EXPECT_FALSE(names_follow_up("Capture the current state for the post-mortem"));
  EXPECT_FALSE(names_follow_up("Notify stakeholders"));
  EXPECT_FALSE(names_follow_up("Document the rollback reason"));
}

TEST(Sections, CheckingUrgentAndLayerTitles) {
  EXPECT_TRUE(names_checking("Post-rollback validation"));
  EXPECT_TRUE(names_checking("Verify the rollback"));
  EXPECT_FALSE(names_checking("Quick rollback"));
  EXPECT_TRUE(marked_urgent("Emergency rollback"));
  EXPECT_TRUE(marked_urgent("Quick Rollback Guide"));
  EXPECT_FALSE(marked_urgent("Detailed manual rollback"));
  EXPECT_TRUE(names_layer("Database rollback procedures"));
  EXPECT_TRUE(names_layer("ConfigMap rollback"));
  EXPECT_TRUE(names_layer("Frontend rollback steps"));
  EXPECT_FALSE(names_layer("Application rollback"));
}

TEST(Sections, TurningOnOrSettingUpIsAForwardOperation) {
  const auto blocks =
      parse_markdown("1. Enable for 10 %: `flagctl set f --percent 10`\n2. Watch the errors.\n");
  EXPECT_TRUE(describes_forward_operation("Progressive enablement", blocks));
  EXPECT_TRUE(describes_forward_operation("Lab setup", blocks));
  EXPECT_FALSE(describes_forward_operation("Enable maintenance mode", blocks));
  EXPECT_FALSE(describes_forward_operation("Emergency disable", blocks));
  // One pointer to the way back is allowed in a section that turns something on; two are not.
  const auto pointer = parse_markdown("1. Enable for 10 %.\n2. If errors rise, roll back (below).\n");
  EXPECT_TRUE(describes_forward_operation("Progressive enablement", pointer));
  const auto twice =
      parse_markdown("1. Enable for 10 %.\n2. Roll back if errors rise.\n3. Revert the config.\n");
  EXPECT_FALSE(describes_forward_operation("Progressive enablement", twice));
}

TEST(Sections, ChoosingOnePhasesCheckboxesAndClouds) {
  EXPECT_TRUE(says_choose_one(parse_markdown("Pick the section that matches what went wrong.\n")));
  EXPECT_TRUE(says_choose_one(parse_markdown("Roll back only the layer whose release failed.\n")));
  EXPECT_FALSE(says_choose_one(parse_markdown("Run every section in order.\n")));
  EXPECT_TRUE(names_phase("After the rollback"));
  EXPECT_TRUE(names_phase("Post-rollback checks"));
  EXPECT_FALSE(names_phase("Testing before rollback"));
  EXPECT_TRUE(names_going_back("gcloud sql instances promote-replica ledger-replica"));
  EXPECT_TRUE(names_going_back("Promote the standby database"));
  EXPECT_FALSE(names_going_back("Promote the release to production"));
  EXPECT_FALSE(names_phase("Quick rollback"));
  EXPECT_TRUE(checkbox_text("- [ ] Ticket opened"));
  EXPECT_TRUE(checkbox_text("\xe2\x98\x90 Ticket opened"));  // U+2610
  EXPECT_FALSE(checkbox_text("Ticket opened [ ]"));
  EXPECT_EQ(means_of("Google Cloud"), "platform");
  EXPECT_EQ(kind_of("### Error: \"Connection refused\"\n\n```bash\nsudo systemctl start postgresql\n```\n"),
            SectionKind::Troubleshooting);
  EXPECT_EQ(kind_of("### Restore: the database\n\n```bash\nsudo systemctl start postgresql\n```\n"),
            SectionKind::Procedure);
  EXPECT_TRUE(names_situation("DR-002: Region outage"));
  EXPECT_FALSE(names_situation("Roll-back 2 services"));
  // A post-incident title over checks and notices, none about after the incident, is no post-incident.
  EXPECT_EQ(kind_of("## Afterwards\n\n- Check the error dashboard.\n- Tell the on-call channel.\n"),
            SectionKind::Procedure);
  EXPECT_EQ(kind_of("## Afterwards\n\n- Write up the root cause.\n- Tell the on-call channel.\n"),
            SectionKind::PostIncident);
}

// After the change: one instruction and a command that checks is the end of the procedure; output shown
// beside a command to run is that command's, not a section of expected output.
TEST(Sections, ACheckAfterwardsAndACommandBesideItsOutputAreRead) {
  EXPECT_NE(kind_of("## Afterwards\n\nWatch the pods come up:\n\n```bash\nkubectl rollout status "
                    "deployment/api\n```\n"),
            SectionKind::PostIncident);
  EXPECT_NE(kind_of(R"(## Check the queue

Run the queue report:

```bash
./bin/queue-report --queue invoices
```

Expected output:

```text
depth: 0
```
)"),
            SectionKind::ExpectedOutput);
  // Sentences that mention scripts under "Limitations" do not outweigh the title.
  EXPECT_EQ(kind_of(R"(## Limitations

- The switch only works after one successful `./bin/deploy-release.sh --all` run.
- It does not flush sessions; `./bin/flush-sessions.sh --now` stays separate.
)"),
            SectionKind::Overview);
}

// Keeping a record (a ticket, the timeline, the report, logs and metrics) is follow-up once the service is
// back; acting or checking is not.
TEST(Sections, RecordKeeping) {
  for (const char* t :
       {"Open a ticket for the failed release", "Document the timeline of the incident",
        "Create the incident report from the template", "Write the time to mitigate into the release log",
        "Capture logs from the failed pods", "Save the error-rate metrics", "Create a fix",
        "4. Update the docs with the new flag", "- [ ] Export recent logs"})
    EXPECT_TRUE(names_record_keeping(t)) << t;
  for (const char* t :
       {"Log in to the console", "Update the status page", "Restart the API pods", "Create the namespace",
        "Open the dashboard", "Notify the team in #ops", "Ticket",
        "Update the incident ticket with the revision numbers", "Update the ticket with the rollback reason",
        "Record the restore in the incident log", "Record release snapshot"})
    EXPECT_FALSE(names_record_keeping(t)) << t;
}

// A title that names a problem, not a thing to do, a check or a whole rollback.
TEST(Sections, ProblemTitles) {
  for (const char* t :
       {"Port 8080 already in use", "Disk full on the host", "Image pull throttled by the registry",
        "Region down", "Data corrupted", "Pods stuck in Pending", "### 3. Migrations fail",
        "Certificate expired", "Application still broken after the rollback", "Load balancer not responding",
        "Backup job not running", "Blue slower than expected", "5xx spike on the gateway", "Workers overloaded"})
    EXPECT_TRUE(names_problem(t)) << t;
  for (const char* t : {"Full system rollback", "Down migrations", "Scale down the canary", "Fix the disk",
                        "If the deployment is bad", "Error rate check", "Verify errors are gone",
                        "Do not restart the database", "Rollback procedure", "How errors are reported",
                        "Pre-flight (do NOT skip)", "Restart the pods not responding", "Load the previous config"})
    EXPECT_FALSE(names_problem(t)) << t;
}

// After a procedure, sibling sections that each name a problem are troubleshooting; alone or before it,
// they are situations, of which the one about a bad release (else the first) is the procedure.
TEST(Sections, ProblemSections) {
  const ProblemSections beside = problem_sections({{"Going back", true, true},
                                                   {"Port 8080 already in use", true, true},
                                                   {"Disk full on the host", true, true},
                                                   {"Notes", false, false}});
  EXPECT_EQ(beside.troubleshooting, (std::vector<std::size_t>{1, 2}));
  EXPECT_TRUE(beside.situations.empty());
  const ProblemSections alone = problem_sections({{"Region down", true, true},
                                                  {"Data corrupted", true, true},
                                                  {"Bad release broken in production", true, true}});
  EXPECT_TRUE(alone.troubleshooting.empty());
  EXPECT_EQ(alone.situations, (std::vector<std::size_t>{0, 1, 2}));
  EXPECT_EQ(alone.main, 2U);
  // Written before the procedure, problem sections are the incidents the document responds to (a
  // troubleshooting list follows what it troubleshoots): situations, the first the main one.
  const ProblemSections first = problem_sections({{"5XX error spike investigation", true, true},
                                                  {"Throttling spike investigation", true, true},
                                                  {"Deployment rollback procedures", true, true},
                                                  {"Stuck alias update", true, true},
                                                  {"Permission denied on publish", true, true}});
  EXPECT_EQ(first.situations, (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(first.main, 0U);
  EXPECT_EQ(first.troubleshooting, (std::vector<std::size_t>{3, 4}));
  // One problem, or problems that hold no steps: nothing to decide.
  EXPECT_TRUE(
      problem_sections({{"Going back", true, true}, {"Disk full", true, true}}).troubleshooting.empty());
  // Scenarios are situations whatever their titles name (the importer reads them as such).
  EXPECT_TRUE(problem_sections({{"Scenario 1: Primary region outage", true, true},
                                {"Scenario 2: Bad deployment", true, true},
                                {"Scenario 3: Data corruption", true, true}})
                  .troubleshooting.empty());
  EXPECT_TRUE(problem_sections(
                  {{"Going back", true, true}, {"Disk full", false, false}, {"Port in use", false, false}})
                  .troubleshooting.empty());
}

// What is moved back names its object before "back".
TEST(Sections, ObjectBeforeBack) {
  for (const char* t : {"Take the traffic back", "Bring version 1 back", "Point DNS back at the old balancer",
                        "Send the users back to blue"})
    EXPECT_TRUE(names_going_back(t)) << t;
  for (const char* t : {"Take the database back up", "Send 10 % of the traffic to version 2", "Bring it up"})
    EXPECT_FALSE(names_going_back(t)) << t;
}

TEST(Sections, BoldLabelsNamingProblemsAreTroubleshooting) {
  // Symptoms written as bold labels, each over its fix: the commands that act are the fixes.
  EXPECT_EQ(kind_of(R"(## When the worker misbehaves

**Jobs stuck in the queue after the restart**

The lease may still be held. Release it:

```bash
kubectl delete lease queue-leader -n jobs
```

**Workers crash on start**

The schema is newer than the code. Roll the schema back:

```bash
./migrate down 1
```
)"),
            SectionKind::Troubleshooting);
  // Bold labels that are instructions or names of parts are no symptoms: the section stays procedure.
  EXPECT_EQ(kind_of(R"(## Roll back

**Stop the consumers**

```bash
kubectl scale deployment/consumer --replicas=0 -n jobs
```

**Database**

```bash
./migrate down 1
```
)"),
            SectionKind::Procedure);
  // One label naming a problem is not a list of problems.
  EXPECT_EQ(kind_of(R"(## Undo the release

**If pods are stuck, read on**

```bash
kubectl rollout undo deployment/api -n web
kubectl rollout status deployment/api -n web
```
)"),
            SectionKind::Procedure);
  // A title that names common failures is a troubleshooting title.
  EXPECT_EQ(kind_of("## Common failures\n\nSee below.\n"), SectionKind::Troubleshooting);
}

TEST(Sections, AlertRulesAndQueriesAreWhatToWatch) {
  // An untelling title over alert rules and a query: triggers and criteria, not steps.
  EXPECT_EQ(kind_of(R"(## Keeping an eye on it

Alert on a high error ratio:

```yaml
- alert: ApiErrors
  expr: sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) > 0.05
  for: 5m
```

```promql
sum by (version) (rate(http_requests_total[5m]))
```
)"),
            SectionKind::Triggers);
  // Silencing the alert during the incident is a step: no rule, no query.
  EXPECT_EQ(kind_of(R"(## Quiet the pager

```bash
amtool silence add alertname=ApiErrors --duration=1h
kubectl rollout undo deployment/api -n web
```
)"),
            SectionKind::Procedure);
}

TEST(Sections, ATestOnACalendarIsARoutineWhateverItRuns) {
  // A monthly restore test runs full restore commands; the recurrence and the test say it is a routine.
  const std::string monthly = R"(## Backup confidence

Once a month the on-call tests the backups by restoring last night's dump into a scratch database.

1. Create the scratch database: `createdb scratch_orders`
2. Restore into it: `pg_restore -d scratch_orders /backups/latest.dump`
3. Drop it afterwards: `dropdb scratch_orders`
)";
  EXPECT_EQ(kind_of(monthly), SectionKind::Rehearsal);
  // The recurrence alone, with the test named in the title.
  EXPECT_EQ(kind_of(R"(## Proving the failover works

Every quarter, on the first Monday, fail the database over to the standby and back.

```bash
aws rds failover-db-cluster --db-cluster-identifier orders
```
)"),
            SectionKind::Rehearsal);
  // A job on a cron schedule runs by itself: upkeep.
  EXPECT_EQ(kind_of(R"(## Nightly job

```yaml
on:
  schedule:
    - cron: "0 4 * * *"
```
)"),
            SectionKind::Upkeep);
  EXPECT_EQ(kind_of("## Crontab\n\n```\n30 2 * * * /opt/restore-check.sh\n```\n"), SectionKind::Upkeep);
  // The procedure that mentions how often backups are taken and tested stays the procedure.
  EXPECT_EQ(kind_of(R"(## Restore

Backups are taken nightly and tested monthly.

1. Stop the app: `kubectl scale deployment/orders --replicas=0`
2. Restore: `pg_restore -d orders /backups/latest.dump`
)"),
            SectionKind::Procedure);
  // Watching every few minutes during the incident is no calendar: the section is read for steps.
  EXPECT_TRUE(read_for_steps(kind_of(R"(## Watch the rollback

Every 5 minutes, test the checkout page and check the error ratio.

```bash
kubectl rollout status deployment/checkout -n shop
```
)")));
}

TEST(Sections, TheListOfPlacesASettingLivesIsAReference) {
  const auto blocks_of = [](const std::string& markdown) { return first_section(markdown).blocks; };
  // Three places a setting is changed, one per item: the ways, not steps.
  EXPECT_TRUE(lists_setting_places(blocks_of(R"(## Where the limit is set

- Admin console: Settings, then Limits.
- Environment variable: `RATE_LIMIT=100`.
- Helm value: `--set rateLimit=100`.
)")));
  // The same as table rows.
  EXPECT_TRUE(lists_setting_places(blocks_of(R"(## Setting the timeout

| Where | How |
|---|---|
| Config file | `timeout: 30s` in `app.yaml` |
| CLI | `app --timeout 30s` |
| Parameter store | `/app/prod/timeout` |
)")));
  // Numbered items are steps, whatever they name.
  EXPECT_FALSE(lists_setting_places(blocks_of(R"(## Turn it off

1. Console: turn the flag off.
2. Environment variable: set `FLAG=false` and restart.
3. Helm value: `helm upgrade app chart --set flag=false`.
)")));
  // Parts of the system, not places a setting lives: a per-component procedure.
  EXPECT_FALSE(lists_setting_places(blocks_of(R"(## Roll back each part

- Database: `pg_restore -d app /backups/latest.dump`
- Cache: `redis-cli FLUSHALL`
- Application: `kubectl rollout undo deployment/app`
)")));
  // Two places are a choice, not a catalogue.
  EXPECT_FALSE(lists_setting_places(blocks_of(R"(## Disable

- Console: turn it off.
- API: `curl -X POST https://flags/api/off`
)")));
}

}  // namespace
}  // namespace drillsim::runbook
