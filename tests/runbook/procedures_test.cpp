// One procedure, the others alternatives (sim/runbook/procedures.cpp): which sibling sections are whole
// procedures of which one applies, and which one is the procedure. Each case is a group of siblings
// written for the purpose, with the decision written down by hand; the importer cases check that the
// alternatives get a `when` and the procedure none.
#include "runbook/procedures.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "runbook/importer.hpp"

namespace drillsim::runbook {
namespace {

ProcedureSection section(std::string title, std::vector<std::string> lead = {}, bool goes_back = true,
                         bool acts = true) {
  ProcedureSection s;
  s.title = std::move(title);
  s.lead = std::move(lead);
  s.holds_steps = true;
  s.acts = acts;
  s.goes_back = goes_back;
  return s;
}

TEST(Procedures, ParallelTitlesThatDifferInTheMeansAreWays) {
  // "Rollback via X": the same head, a preposition, a means. The third sibling, a check, is no way.
  std::vector<ProcedureSection> s{section("Rollback via the UI", {}, true, false), section("Rollback via the CLI"),
                                  section("Rollback via Git revert")};
  ProcedureSection check = section("Verify the service", {}, false, false);
  check.part = true;
  s.push_back(check);
  const auto d = decide_procedures(s, {}, "Checkout rollback");
  EXPECT_EQ(d.evidence, ProcedureEvidence::Means);
  EXPECT_EQ(d.procedures, (std::vector<std::size_t>{0, 1, 2}));
  EXPECT_EQ(d.primary, 0u);
  EXPECT_EQ(d.why, "the first");
}

TEST(Procedures, RollbackTypesNamedByTheirMeansAreWays) {
  // "Git rollback" beside "Rollback via the console": the means first or after a preposition, the same way
  // back. "Database rollback" names a layer, not a means: not decided here.
  const std::vector<ProcedureSection> s{section("Git rollback"), section("Rollback via the console", {}, true, false),
                                        section("Database rollback")};
  const auto d = decide_procedures(s, {}, "Checkout");
  EXPECT_EQ(d.evidence, ProcedureEvidence::Means);
  EXPECT_EQ(d.procedures, (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(d.primary, 0u);
}

TEST(Procedures, TheEmergencyWayIsTheProcedureBesideTheStandardOne) {
  const std::vector<ProcedureSection> s{section("Standard procedure (change request)"),
                                        section("Emergency procedure"), section("Notify", {}, false, false)};
  const auto d = decide_procedures(s, {}, "Billing worker rollback");
  EXPECT_EQ(d.evidence, ProcedureEvidence::Urgency);
  EXPECT_EQ(d.procedures, (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(d.primary, 1u);
  EXPECT_EQ(d.why, "the one to take at once");
  // "Immediate actions" before the standard procedure are its first part, not another way.
  const std::vector<ProcedureSection> first{section("Immediate actions"), section("Standard rollback procedure")};
  EXPECT_EQ(decide_procedures(first, {}, "Billing worker rollback").evidence, ProcedureEvidence::None);
}

TEST(Procedures, TheDocumentsRecommendationPicksTheProcedure) {
  const std::vector<ProcedureSection> s{section("Doing it in the web console", {}, true, false),
                                        section("Doing it from a terminal"),
                                        section("Doing it through the repository")};
  // The recommending sentence names the terminal (a word of that title alone); the other one names two.
  const auto d = decide_procedures(
      s, {"Three ways back. The console and the repository also work. We recommend the terminal one."}, "Orders");
  EXPECT_EQ(d.evidence, ProcedureEvidence::Means);
  EXPECT_EQ(d.primary, 1u);
  EXPECT_EQ(d.why, "recommended by the document");
  // A recommendation of something else than a way ("a database backup first") picks none.
  const std::vector<ProcedureSection> layers{section("Rolling back via Helm"), section("Rolling back via the database backup")};
  EXPECT_EQ(decide_procedures(layers, {"We recommend taking a database backup."}, "Orders").why, "the first");
  // A section that calls itself the recommended way wins over the first.
  std::vector<ProcedureSection> t = s;
  t[2].lead = {"This is the recommended way: it leaves a record."};
  EXPECT_EQ(decide_procedures(t, {}, "Orders").primary, 2u);
}

TEST(Procedures, TheFullRestoreIsTheProcedureAndTheSelectiveOnesAreWays) {
  ProcedureSection verify = section("Verify the data", {}, false, false);
  verify.part = true;
  const std::vector<ProcedureSection> s{section("1. Restore only one table"), section("2. Full restore"),
                                        section("3. Point-in-time recovery"),
                                        section("4. Restore a single configuration file"), verify};
  const auto d = decide_procedures(s, {}, "Inventory restore");
  EXPECT_EQ(d.evidence, ProcedureEvidence::Scope);
  EXPECT_EQ(d.procedures, (std::vector<std::size_t>{0, 1, 2, 3}));
  EXPECT_EQ(d.primary, 1u);
  EXPECT_EQ(d.why, "the one that restores the whole");
}

TEST(Procedures, AnotherIncidentsProcedureIsASituation) {
  const std::vector<ProcedureSection> s{
      section("Site not responding", {"Signs: the home page times out."}),
      section("Rolling back a bad deploy", {"Signs: errors climb right after a deploy."}),
      section("Escalation", {"Page the web lead."}, false, false)};
  const auto d = decide_procedures(s, {}, "Storefront operations");
  EXPECT_EQ(d.evidence, ProcedureEvidence::Situations);
  EXPECT_EQ(d.procedures, (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(d.primary, 1u);
  EXPECT_EQ(d.why, "the one about a bad release");
}

TEST(Procedures, TheTextAroundThemCountsTheWays) {
  const std::vector<ProcedureSection> s{section("Disable the flag via the API"), section("Undo the rollout"),
                                        section("Emergency revert")};
  const auto d = decide_procedures(s, {"You have two methods, pick the one that fits."}, "Search API");
  EXPECT_EQ(d.evidence, ProcedureEvidence::Announced);
  EXPECT_EQ(d.procedures, (std::vector<std::size_t>{0, 1, 2}));
  EXPECT_EQ(d.primary, 2u);
  EXPECT_EQ(d.why, "the one to take at once");
  EXPECT_TRUE(counts_procedures("There are three ways back below."));
  EXPECT_TRUE(counts_procedures("Use either of the options."));
  EXPECT_FALSE(counts_procedures("Wait two minutes, then check the three pods."));
  EXPECT_FALSE(counts_procedures("Other procedures that may consume these outputs"));
  // Counted ways, but the sections are a document's outline, not ways back: none decided.
  const std::vector<ProcedureSection> outline{section("3. Required inputs"), section("4. Plan requirement"),
                                              section("5. Workflow")};
  EXPECT_EQ(decide_procedures(outline, {"Two methods exist."}, "Procedure").evidence, ProcedureEvidence::None);
}

TEST(Procedures, OneProcedureInPartsStaysOne) {
  // Stop, restore, start, verify: one goes back; nothing says they are ways.
  const std::vector<ProcedureSection> parts{section("Stop the service", {}, false), section("Restore the dump"),
                                            section("Start the service", {}, false),
                                            section("Verify", {}, false, false)};
  EXPECT_EQ(decide_procedures(parts, {}, "Restore").evidence, ProcedureEvidence::None);
  // Two that both go back, for different layers, with no means, scope or situation: parts of one.
  const std::vector<ProcedureSection> layers{section("Roll back the application"),
                                             section("Roll back the database")};
  EXPECT_EQ(decide_procedures(layers, {}, "Rollback").evidence, ProcedureEvidence::None);
  // The same per host ("on web-1", "on web-2"): a host is no means; done on each.
  const std::vector<ProcedureSection> hosts{section("Roll back on web-1"), section("Roll back on web-2")};
  EXPECT_EQ(decide_procedures(hosts, {}, "Rollback").evidence, ProcedureEvidence::None);
  // Step headings are parts even when their titles read like ways.
  std::vector<ProcedureSection> steps{section("Step 1: Roll back via Helm"), section("Step 2: Roll back via kubectl")};
  for (auto& st : steps)
    st.part = true;
  EXPECT_EQ(decide_procedures(steps, {"There are two ways."}, "Rollback").evidence, ProcedureEvidence::None);
}

// "name [when]" for each step of the first level.
std::vector<std::string> outline(const ImportResult& r) {
  std::vector<std::string> out;
  for (const auto& st : r.plan["levels"][0]["steps"])
    out.push_back(st["name"].get<std::string>() +
                  (st.contains("when") ? " [" + st["when"].get<std::string>() + "]" : ""));
  return out;
}

TEST(Procedures, TheImporterGivesTheOtherWaysAWhen) {
  const auto r = import_runbook(R"(# Cart service rollback

Two ways back follow; we recommend the terminal.

## Rolling back in the console

1. Open the cart deployment and choose the previous revision.
2. Press Roll back.

## Rolling back from a terminal

```bash
kubectl -n cart rollout undo deployment/cart
```

## Confirm

1. Check the cart page loads.
)");
  // Each title names going back: find_alternative_sections keeps the first; the document recommends the
  // terminal, which is then the procedure.
  EXPECT_EQ(outline(r), (std::vector<std::string>{
                            "Open the cart deployment and choose the previous revision. [Rolling back in the console]",
                            "Press Roll back. [Rolling back in the console]",
                            "kubectl -n cart rollout undo deployment/cart",
                            "Check the cart page loads.",
                        }));
  // Without the recommendation, the first way is the procedure, as before.
  const auto first = import_runbook(R"(# Cart service rollback

## Rolling back in the console

1. Open the cart deployment and choose the previous revision.
2. Press Roll back.

## Rolling back from a terminal

```bash
kubectl -n cart rollout undo deployment/cart
```
)");
  EXPECT_EQ(outline(first), (std::vector<std::string>{
                                "Open the cart deployment and choose the previous revision.",
                                "Press Roll back.",
                                "kubectl -n cart rollout undo deployment/cart [Rolling back from a terminal]",
                            }));
}

TEST(Procedures, TheImporterKeepsAProcedureInPartsInSeries) {
  const auto r = import_runbook(R"(# Ledger restore

## Stop the writers

```bash
kubectl -n ledger scale deployment/ledger-api --replicas=0
```

## Restore the database

```bash
pg_restore --clean -d ledger /backups/ledger.dump
```

## Start the writers

```bash
kubectl -n ledger scale deployment/ledger-api --replicas=3
```
)");
  for (const auto& step : outline(r))
    EXPECT_EQ(step.find('['), std::string::npos) << step;
  EXPECT_EQ(outline(r).size(), 3u);
}

TEST(Procedures, SubSectionsOfOneChapterAreNumberedByIt) {
  EXPECT_EQ(sub_section_chapter("2.1 Quick rollback (previous version)"), 2);
  EXPECT_EQ(sub_section_chapter("2.3. Load-balancer rollback"), 2);
  EXPECT_EQ(sub_section_chapter("10.2 Restore"), 10);
  EXPECT_EQ(sub_section_chapter("2. Rollback procedures"), std::nullopt);
  EXPECT_EQ(sub_section_chapter("2.1.3 Deeper"), std::nullopt);
  EXPECT_EQ(sub_section_chapter("Step 2.1"), std::nullopt);
  EXPECT_EQ(sub_section_chapter("Quick rollback"), std::nullopt);
}

TEST(Procedures, KindsOfRollbackNumberedInOneChapterAreWays) {
  // "2.1 Quick", "2.2 Complete (from backup)", "2.3 Load balancer": each names a rollback of its own and
  // holds a whole one. The quick one is the one to take at once.
  const std::vector<ProcedureSection> s{section("2.1 Quick rollback (previous version)"),
                                        section("2.2 Complete rollback (from backup)"),
                                        section("2.3 Load-balancer rollback (blue-green)")};
  const auto d = decide_procedures(s, {}, "Storefront rollback procedures");
  EXPECT_EQ(d.evidence, ProcedureEvidence::Chapter);
  EXPECT_EQ(d.procedures, (std::vector<std::size_t>{0, 1, 2}));
  EXPECT_EQ(d.primary, 0u);
  EXPECT_EQ(d.why, "the one to take at once");
  // Without an urgent one, the first.
  const std::vector<ProcedureSection> plain{section("3.1 Application rollback"), section("3.2 Database restore")};
  const auto p = decide_procedures(plain, {}, "Runbook");
  EXPECT_EQ(p.evidence, ProcedureEvidence::Chapter);
  EXPECT_EQ(p.primary, 0u);
}

TEST(Procedures, NumberedPartsOfOneChapterStayParts) {
  // The parts of one rollback: not every title names going back.
  const std::vector<ProcedureSection> parts{section("2.1 Stop traffic", {}, false),
                                            section("2.2 Roll back the release"),
                                            section("2.3 Verify", {}, false, false)};
  EXPECT_EQ(decide_procedures(parts, {}, "Rollback").evidence, ProcedureEvidence::None);
  // Sub-sections of two chapters are not siblings of one.
  const std::vector<ProcedureSection> two{section("2.1 Quick rollback"), section("3.1 Full rollback")};
  EXPECT_EQ(decide_procedures(two, {}, "Rollback").evidence, ProcedureEvidence::None);
  // A rollback that holds no steps of its own is no way.
  std::vector<ProcedureSection> empty{section("2.1 Quick rollback"), section("2.2 Complete rollback")};
  empty[1].holds_steps = false;
  EXPECT_EQ(decide_procedures(empty, {}, "Rollback").evidence, ProcedureEvidence::None);
}

TEST(Procedures, ALeadInSayingWhatAToolDoesAnnouncesADescription) {
  EXPECT_TRUE(announces_what_a_tool_does("Pressing **Roll back** on a release makes the console:"));
  EXPECT_TRUE(announces_what_a_tool_does("The console has a one-click rollback. Clicking it will:"));
  EXPECT_TRUE(announces_what_a_tool_does("The script performs:"));
  EXPECT_TRUE(announces_what_a_tool_does("What the pipeline does automatically:"));
  // The reader acts, or the sentence leads into something else.
  EXPECT_FALSE(announces_what_a_tool_does("Use the console to:"));
  EXPECT_FALSE(announces_what_a_tool_does("Run the script and check that it will:"));
  EXPECT_FALSE(announces_what_a_tool_does("Steps:"));
  EXPECT_FALSE(announces_what_a_tool_does("The script performs the rollback."));
  EXPECT_FALSE(announces_what_a_tool_does("Before you press the button, make sure that:"));
}

TEST(Procedures, AListRestatingTheSectionsAfterItInOrderIsASummary) {
  const std::vector<std::string> sections{
      "Task 1: Stop further deploys\nPause the deploy job in Jenkins.",
      "Task 2: Find the last good revision\nhelm history catalog -n shop",
      "Task 3: Roll back\nhelm rollback catalog 4 -n shop",
      "Task 4: Watch the pods\nkubectl get pods -n shop -w",
      "Clean up\nResume the deploy job."};
  const std::vector<std::string> tldr{"Stop the pipeline from deploying again.",
                                      "Find the last good revision in the Helm history.", "Roll back to it.",
                                      "Watch the pods come back."};
  EXPECT_TRUE(restates_sections_in_order(tldr, sections));
  // Out of order: the list is not the sections told again.
  const std::vector<std::string> shuffled{"Roll back to it.", "Stop the pipeline from deploying again."};
  EXPECT_FALSE(restates_sections_in_order(shuffled, sections));
  // An item that no section after it tells: the list says something of its own.
  const std::vector<std::string> more{"Stop the pipeline from deploying again.", "Page the database team."};
  EXPECT_FALSE(restates_sections_in_order(more, sections));
  // Two items that both restate one section only: not a summary of the sections.
  const std::vector<std::string> one{"Find the last good revision.", "Check the Helm history."};
  EXPECT_FALSE(restates_sections_in_order(one, sections));
}

TEST(Procedures, TheImporterReadsKindsOfRollbackInAChapterAsWaysBetweenItsParts) {
  const auto r = import_runbook(R"(# Web tier rollback
## 1. Pre-checks
1. Announce in #ops that a rollback is starting.
## 2. Rollback procedures
### 2.1 Quick rollback (previous version)
```bash
kubectl -n web rollout undo deployment/web
```
### 2.2 Complete rollback (from backup)
```bash
kubectl -n web apply -f /backups/web-previous.yaml
```
## 3. Verification
```bash
curl -fsS https://web.example.com/health
```
)");
  // No levels: the pre-check, the quick rollback and the check in series; the complete one on its path.
  ASSERT_EQ(r.plan["levels"].size(), 1u);
  const auto steps = outline(r);
  ASSERT_EQ(steps.size(), 4u);
  EXPECT_EQ(steps[0], "Pre-checks");  // One item under its numbered heading: the heading is the step.
  EXPECT_EQ(steps[1], "kubectl -n web rollout undo deployment/web");
  EXPECT_NE(steps[2].find("[2 Complete rollback"), std::string::npos) << steps[2];
  EXPECT_EQ(steps[3].find('['), std::string::npos) << steps[3];
}

TEST(Procedures, TheImporterTakesNoStepFromASummaryOrFromWhatAToolDoes) {
  const auto r = import_runbook(R"(# Catalog rollback
## TL;DR
1. Find the last good revision.
2. Roll back to it.
## Task 1: Find the last good revision
```bash
helm history catalog -n shop
```
## Task 2: Roll back
```bash
helm rollback catalog 4 -n shop
```
)");
  EXPECT_EQ(outline(r), (std::vector<std::string>{"Find the last good revision", "Roll back"}));
  const auto console = import_runbook(R"(# Gateway rollback
## Automated rollback
Pressing Roll back on a release makes the console:
1. Stop sending traffic to the failing version
2. Route all traffic back to the last healthy release
### Steps
1. Open the release page of the gateway.
2. Press Roll back and confirm with the previous release number.
)");
  EXPECT_EQ(outline(console),
            (std::vector<std::string>{"Open the release page of the gateway.",
                                      "Press Roll back and confirm with the previous release number."}));
}

TEST(Procedures, TheReturnOfThePlaceAFailoverLeftOpensTheFailback) {
  EXPECT_TRUE(
      opens_with_failback("After the primary region is restored, reverse the replication and switch DNS back."));
  EXPECT_TRUE(opens_with_failback("Once the original site is back online: fail back in a quiet hour."));
  EXPECT_TRUE(opens_with_failback("When the failed cluster recovers, resync it from the standby."));
  // The procedure's own progress, or a place the procedure does not leave.
  EXPECT_FALSE(opens_with_failback("After the rollback is done, notify the team."));
  EXPECT_FALSE(opens_with_failback("Once the service is healthy again, close the incident."));
  EXPECT_FALSE(opens_with_failback("After the primary region is restored the standby is scaled down."));
  EXPECT_FALSE(opens_with_failback("Promote the standby region, then check it."));
}

TEST(Procedures, TheImporterPutsTheFailbackOnAPathOfItsOwn) {
  const auto r = import_runbook(R"(# Orders failover
## Failover procedure
1. Point the public record at the standby:
   ```bash
   aws route53 change-resource-record-sets --hosted-zone-id Z0ORDERS --change-batch file://standby.json
   ```
2. Check that orders go through: `curl -fsS https://orders.example.com/health`.
3. After the primary region is restored, reverse the replication and switch DNS back.
)");
  const auto steps = outline(r);
  ASSERT_EQ(steps.size(), 3u);
  EXPECT_EQ(steps[0].find('['), std::string::npos) << steps[0];
  EXPECT_EQ(steps[1].find('['), std::string::npos) << steps[1];
  EXPECT_NE(steps[2].find("[After the primary region is restored]"), std::string::npos) << steps[2];
}

}  // namespace
}  // namespace drillsim::runbook
