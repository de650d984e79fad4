// After the change: what is still the procedure (checks that the restore worked, a watch period, telling
// the people who must know) and what is follow-up (records, evidence, investigation, fixes, rebuilding
// redundancy, rehearsal). docs/runbook-import.md, "The end of the procedure".
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "plan_outline.hpp"
#include "runbook/importer.hpp"
#include "runbook/markdown.hpp"
#include "runbook/sections.hpp"

namespace drillsim::runbook {
namespace {

TEST(AfterTheChange, CommunicationTitles) {
  for (const char* t :
       {"Communication", "## 4. Comms", "Stakeholder updates", "Notify the team", "3. Email the stakeholders",
        "Announce completion", "Update the status page and channels", "Post in the Slack channels",
        "Tell people it is done"})
    EXPECT_TRUE(names_communication(t)) << t;
  for (const char* t : {"Contacts", "Stakeholders", "Update the documentation", "Publish the release",
                        "Post-incident", "Send the dump to the replica", "Escalation path"})
    EXPECT_FALSE(names_communication(t)) << t;
}

TEST(AfterTheChange, SuccessCriteriaAreNoTriggers) {
  EXPECT_TRUE(names_success_criteria("4. Success criteria"));
  EXPECT_TRUE(names_success_criteria("Completion criteria"));
  EXPECT_FALSE(names_success_criteria("Exit criteria"));
  EXPECT_FALSE(names_success_criteria("Rollback criteria"));
  EXPECT_FALSE(names_success_criteria("Criteria for rolling back"));
  const auto blocks = parse_markdown("- the replica is the leader\n- the application connects\n");
  EXPECT_EQ(classify_section("Success criteria", blocks).kind, SectionKind::Verification);
  EXPECT_EQ(classify_section("Rollback criteria", blocks).kind, SectionKind::Triggers);
}

TEST(AfterTheChange, TellingPeopleIsNoContactList) {
  // One address in the section and "stakeholders" in its title read as a contact list before.
  const auto blocks = parse_markdown("Send to finance-leads@example.com:\n");
  EXPECT_EQ(classify_section("3. Email the stakeholders", blocks).kind, SectionKind::Procedure);
  EXPECT_EQ(
      classify_section("Stakeholders", parse_markdown("- finance-leads@example.com\n- ops@example.com\n"))
          .kind,
      SectionKind::Contacts);
}

TEST(AfterTheChange, LaterWork) {
  for (const char* t :
       {"Rebuild the failed primary as the new standby once the region is back",
        "Begin investigation of the primary region's failure", "Investigate why the node died",
        "Preserve evidence", "Fix and re-deploy", "Fix the defect on a branch", "Practice rollback",
        "Re-establish replication to the old primary",
        "After the primary region is restored, reverse the replication and switch DNS back",
        "Once the main datacenter is healthy again, fail back", "Failback to the primary site"})
    EXPECT_TRUE(names_later_work(t)) << t;
  for (const char* t :
       {"Rebuild the image with the previous tag", "Fix the DNS record", "Restore the backup",
        "Notify stakeholders of resolution", "Promote the standby",
        "Once the standby is promoted, point the app at it", "After the rollback, check the primary database",
        "Once the primary region is back online, verify replication lag"})
    EXPECT_FALSE(names_later_work(t)) << t;
}

TEST(AfterTheChange, ARecordIsJudgedByItsOwnWords) {
  EXPECT_TRUE(names_record_keeping("Add a line to the drill log: date, who restored, minutes taken"));
  EXPECT_FALSE(names_record_keeping("Record the restore in the incident log"));
}

// Numbered sub-sections under "Communication" after the change (each with a message in a fence) are the
// notices of the procedure: they do not hide the numbered list of the change before them, and "Email the
// stakeholders" is a step, not a contact list.
TEST(AfterTheChange, NumberedNoticesUnderCommunicationDoNotHideTheChange) {
  const auto r = import_runbook(R"(# Rollback

## Procedure

1. Undo the rollout:

   ```bash
   kubectl rollout undo deployment/web -n shop
   ```

2. Wait for it:

   ```bash
   kubectl rollout status deployment/web -n shop
   ```

## Communication

### 1. Notify the team

```text
Rolling back web to [old version].
```

### 2. Email the stakeholders

Send to leads@example.com:

```text
Subject: web degraded since [time]
```
)");
  const auto steps = outline(r);
  ASSERT_EQ(steps.size(), 4u) << ::testing::PrintToString(steps);
  EXPECT_EQ(steps[0].substr(steps[0].find(" -> ")), " -> rollout_undo @5-9");
  EXPECT_EQ(steps[1].substr(steps[1].find(" -> ")), " -> wait @11-15");
  EXPECT_EQ(steps[2], "Notify the team -> notify @19-23");
  EXPECT_EQ(steps[3], "Email the stakeholders -> notify @25-31");
}

// After the change, a numbered section titled as a part ("Success criteria", "After the failover") holding
// bullets: its items are the steps. The criteria together are one check; the later work among the items
// is follow-up; the closing notice stays.
TEST(AfterTheChange, CriteriaAndTheListAfterTheFailover) {
  const auto r = import_runbook(R"(# Failover

## 1. Promote the standby

```bash
patronictl failover --candidate db-2 --force
```

## 2. Success criteria

- db-2 is the leader
- the 5xx ratio is back under 1 %

## 3. After the failover

- Rebuild the failed primary as the new standby.
- Begin investigation of the primary's failure.
- Notify stakeholders of resolution.
)");
  EXPECT_EQ(outline(r), (std::vector<std::string>{
                            "Promote the standby -> shift_traffic @3-7",
                            "db-2 is the leader -> verify @11-12",
                            "Notify stakeholders of resolution. -> notify @18-18",
                        }));
}

// After "Step N" headings: a checklist said to be for after the change (one check) and a closing list are
// read; the records among the closing items are follow-up.
TEST(AfterTheChange, ChecklistAfterTheRestoreAndTheClosingList) {
  const auto r = import_runbook(R"(# Restore

### Step 1: Restore the dump

```bash
gunzip -c /backups/latest.sql.gz | mysql -u root shop
```

## Verification checklist after the restore

- [ ] The API answers with 200
- [ ] Stock levels match the warehouse export

## Closing the incident

1. Monitor for side effects for 30 minutes.
2. Notify stakeholders that the shop is back.
3. Create incident report in the tracker.
4. Add a line to the drill log: date, who restored.
)");
  const auto steps = outline(r);
  ASSERT_EQ(steps.size(), 4u) << ::testing::PrintToString(steps);
  EXPECT_EQ(steps[0], "Restore the dump -> db_restore @3-7");
  EXPECT_EQ(steps[1].substr(steps[1].find(" -> ")), " -> verify @11-12");
  EXPECT_EQ(steps[2].substr(steps[2].find(" -> ")), " -> wait @16-16");
  EXPECT_EQ(steps[3].substr(steps[3].find(" -> ")), " -> notify @17-17");
}

// A pre-rollback checklist whose items mention the rollback while recording or telling it is things to do
// before the change, not a restatement of it; sections after the change titled as telling people or
// checking, written in prose, are a step each.
TEST(AfterTheChange, ChecklistThatMentionsTheRollbackAndProseSectionsAfterIt) {
  const auto r = import_runbook(R"(# Rollback (CI)

## Pre-rollback checklist

- [ ] Document the reason for the rollback in the ticket
- [ ] Pick the target tag

## Rolling back

### Start the workflow

```bash
gh workflow run rollback.yml -f tag=v1
```

### Tell people it is done

Post the tag now live in #releases.

### Verify system stability for an hour

Keep the dashboard open: errors under 0.5 %.

## After the rollback

### Preserve evidence

Download the logs of the failed run.
)");
  const auto steps = outline(r);
  ASSERT_EQ(steps.size(), 5u) << ::testing::PrintToString(steps);
  EXPECT_EQ(steps[0].substr(steps[0].find(" -> ")), " -> manual @5-5");
  EXPECT_EQ(steps[1].substr(steps[1].find(" -> ")), " -> manual @6-6");
  EXPECT_EQ(steps[2].substr(steps[2].find(" -> ")), " -> pipeline_redeploy @13-13");
  EXPECT_EQ(steps[3], "Tell people it is done -> notify @16-18");
  EXPECT_EQ(steps[4].substr(0, 36), "Verify system stability for an hour ");
}

// A prose section about checking whose paragraphs each give an instruction: one step each.
TEST(AfterTheChange, EachInstructionOfAProseCheckSectionIsAStep) {
  const auto r = import_runbook(R"(# Swap back

## Swap

```bash
az webapp deployment slot swap --resource-group rg --name web --slot staging --target-slot production
```

## Check

Open the health page and confirm the previous build number.

Post a resolved note on the status page.
)");
  EXPECT_EQ(outline(r),
            (std::vector<std::string>{
                "az webapp deployment slot swap --resource-group rg --name we... -> shift_traffic @6-6",
                "Open the health page and confirm the previous build number. -> verify @11-11",
                "Post a resolved note on the status page. -> status_page @13-13",
            }));
}

}  // namespace
}  // namespace drillsim::runbook
