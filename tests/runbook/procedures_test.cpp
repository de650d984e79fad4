// One procedure, the others alternatives (sim/runbook/procedures.cpp): which sibling sections are whole
// procedures of which one applies, and which one is the procedure. Each case is a group of siblings
// written for the purpose, with the decision written down by hand; the importer cases check that the
// alternatives get a `when` and the procedure none.
#include "runbook/procedures.hpp"

#include <gtest/gtest.h>

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

// --- Fallbacks after the procedure.

TEST(Fallbacks, ASentenceThatOpensWithAFailedConditionLeadsAFallback) {
  for (const char* t : {"If the page still fails after the rollback, roll back one more version.",
                        "When last night's dump is older than the damage, replay the archive.",
                        "If going back is not possible, turn on maintenance mode.",
                        "**If the error rate persists**: page the on-call.",
                        "If the restart fails, check:", "Should the new pods keep crashing, scale to zero.",
                        "If it doesn't recover, escalate."})
    EXPECT_TRUE(opens_with_fallback(t)) << t;
  for (const char* t : {"If you use Helm, run helm rollback.", "When the rollout finishes, check the page.",
                        "Roll back one more version if the page still fails.", "If needed, restart the pods.",
                        "Then check the page."})
    EXPECT_FALSE(opens_with_fallback(t)) << t;
}

TEST(Fallbacks, ALaterSectionIsAPathOnlyByItsTitleOrFirstWords) {
  const ProcedureSection rollback = section("Roll back the deployment");
  EXPECT_EQ(fallback_after(rollback, section("Emergency measures", {}, false, true)),
            FallbackEvidence::Emergency);
  EXPECT_EQ(fallback_after(rollback, section("Maintenance mode",
                                             {"If rolling back is not possible, turn it on."}, false, true)),
            FallbackEvidence::Condition);
  EXPECT_EQ(
      fallback_after(section("2. Restore from the nightly backup"), section("3. Restore to a point in time")),
      FallbackEvidence::SecondMethod);
  // Chained by its first word, a part, a section with nothing that acts, or an earlier one that never went
  // back: no path.
  EXPECT_EQ(fallback_after(rollback, section("Emergency measures", {"Then scale the workers down."})),
            FallbackEvidence::None);
  ProcedureSection step = section("Step 4: emergency scale-down");
  step.part = true;
  EXPECT_EQ(fallback_after(rollback, step), FallbackEvidence::None);
  EXPECT_EQ(fallback_after(rollback, section("Emergency contacts", {}, false, false)),
            FallbackEvidence::None);
  EXPECT_EQ(fallback_after(section("Prepare", {}, false, true), section("Emergency measures")),
            FallbackEvidence::None);
  // A full restore after a partial one is no second method of it.
  EXPECT_EQ(fallback_after(section("Restore one table"), section("Restore the whole database")),
            FallbackEvidence::None);
}

TEST(Fallbacks, TheImporterGivesAnEmergencySectionAfterTheRollbackAWhen) {
  const std::string rollback = R"(# Search rollback

## Roll back

```bash
kubectl -n search rollout undo deployment/search
kubectl -n search rollout status deployment/search
```

)";
  const std::string emergency = R"(## Emergency measures

```bash
kubectl -n search scale deployment/search --replicas=0
```
)";
  EXPECT_EQ(outline(import_runbook(rollback + emergency)),
            (std::vector<std::string>{
                "kubectl -n search rollout undo deployment/search",
                "kubectl -n search rollout status deployment/search",
                "kubectl -n search scale deployment/search --replicas=0 [Emergency measures]"}));
  // Before the rollback, the emergency section is the procedure and the longer rollback after it restates it,
  // as before.
  EXPECT_EQ(outline(import_runbook("# Search rollback\n\n" + emergency + "\n" + rollback.substr(19))),
            (std::vector<std::string>{"kubectl -n search scale deployment/search --replicas=0",
                                      "kubectl -n search rollout undo deployment/search [Roll back]",
                                      "kubectl -n search rollout status deployment/search [Roll back]"}));
}

TEST(Fallbacks, TheImporterGivesTheItemsAfterAFailedConditionTheirPath) {
  const auto r = import_runbook(R"(# Worker rollback

1. Roll back: `kubectl -n quotes rollout undo deployment/quotes`
2. Check the quotes page: `curl -fsS https://quotes.example.com/health`
3. If the page still fails after the rollback, roll back one more version.
4. Restart the cache: `kubectl -n quotes rollout restart deployment/quote-cache`
5. Page the on-call.

## Afterwards

Write down the version now live.
)");
  const auto o = outline(r);
  ASSERT_GE(o.size(), 5u);
  EXPECT_EQ(o[0].find('['), std::string::npos) << o[0];
  EXPECT_EQ(o[1].find('['), std::string::npos) << o[1];
  for (std::size_t i = 2; i < o.size(); ++i)
    EXPECT_NE(o[i].find("[If the page still fails after the rollback]"), std::string::npos) << o[i];
}

TEST(Fallbacks, WaysOfferedInAListRunOne) {
  EXPECT_TRUE(says_recommended("Nightly dump (default)"));
  EXPECT_TRUE(says_recommended("Preferred: the terminal"));
  EXPECT_FALSE(says_recommended("Point-in-time recovery"));
  const std::string doc = R"(# Orders restore

We have two ways to do this; pick one:

- **Snapshot**: restore the snapshot.

  ```bash
  pg_restore -d orders /backups/orders.dump
  ```

- **Archive (recommended)**: replay the archive.

  ```bash
  pgbackrest --stanza=orders restore
  ```

Then check the orders: `psql -d orders -c "select 1"`
)";
  const auto o = outline(import_runbook(doc));
  ASSERT_GE(o.size(), 2u);
  // The recommended one runs; the other is a path named by its lead-in.
  EXPECT_NE(o[0].find("[Snapshot]"), std::string::npos) << o[0];
  EXPECT_EQ(o[1].find('['), std::string::npos) << o[1];
  // Without a sentence that counts ways, the items are steps in series, as before.
  const auto plain = outline(import_runbook(std::string(doc).replace(
      doc.find("We have"), std::string("We have two ways to do this; pick one:").size(), "Do both:")));
  for (const auto& step : plain)
    EXPECT_EQ(step.find('['), std::string::npos) << step;
}

// Once the service is back (importer.cpp, mark_ways_after_restore): after the first section that goes back
// and checks, a later section that goes back again or answers another situation is a path; a check and a
// notice after it continue the procedure.
TEST(OnceRestored, ALaterSectionThatGoesBackAgainIsAPath) {
  const auto o = outline(import_runbook(R"(# Catalog rollback

## Roll back

```bash
kubectl -n catalog rollout undo deployment/catalog
kubectl -n catalog rollout status deployment/catalog
```

## Verification

```bash
curl -fsS https://catalog.example.com/health
```

## Database

```bash
pg_restore --clean -d catalog /backups/catalog.dump
psql -d catalog -c 'select count(*) from items'
```
)"));
  EXPECT_EQ(o, (std::vector<std::string>{"kubectl -n catalog rollout undo deployment/catalog",
                                         "kubectl -n catalog rollout status deployment/catalog",
                                         "curl -fsS https://catalog.example.com/health",
                                         "pg_restore --clean -d catalog /backups/catalog.dump [Database]",
                                         "psql -d catalog -c 'select count(*) from items' [Database]"}));
}

TEST(OnceRestored, ASectionWrittenForAnotherSituationIsAPath) {
  const auto o = outline(import_runbook(R"(# Gateway incidents

## Errors after a deploy

```bash
kubectl -n gw rollout undo deployment/gw
kubectl -n gw rollout status deployment/gw
```

## Log volume full

**Trigger**: the log volume is above 90 %.

```bash
kubectl -n gw rollout restart daemonset/shipper
```
)"));
  ASSERT_EQ(o.size(), 3u);
  EXPECT_EQ(o[0].find('['), std::string::npos) << o[0];
  EXPECT_EQ(o[1].find('['), std::string::npos) << o[1];
  EXPECT_NE(o[2].find("[Log volume full]"), std::string::npos) << o[2];
}

TEST(OnceRestored, BeforeTheFirstCompleteWayBackSectionsRunInSeries) {
  // The first section changes but checks nothing: the database section after it is the same way back,
  // ordered by the document, and the first complete one.
  const auto o = outline(import_runbook(R"(# Catalog rollback

## 1. Roll back the application

```bash
kubectl -n catalog rollout undo deployment/catalog
```

## 2. Restore the database

```bash
pg_restore --clean -d catalog /backups/catalog.dump
psql -d catalog -c 'select count(*) from items'
```
)"));
  for (const auto& step : o)
    EXPECT_EQ(step.find('['), std::string::npos) << step;
  EXPECT_EQ(o.size(), 2u);
}

TEST(OnceRestored, AWayBackNamedInWordsCountsWhenTheCatalogueKnowsNoCommand) {
  // SQL on a settings table: no command the catalogue maps, but the title names switching off and a checked
  // item names checking. The next kill switch, for another use case, is a path.
  const auto r = import_runbook(R"(# Store kill switches

## Kill switch for purchases

```sql
UPDATE settings SET value = 'off' WHERE key = 'purchases';
```

- [ ] Verify the purchase button is gone

## Force an app update

**Use case**: a security bug in old clients.

```sql
UPDATE settings SET value = '9.0.0' WHERE key = 'min_version';
```
)");
  const auto o = outline(r);
  ASSERT_FALSE(o.empty());
  EXPECT_EQ(o.front().find('['), std::string::npos) << o.front();
  EXPECT_NE(o.back().find("[Force an app update]"), std::string::npos) << o.back();
}

}  // namespace
}  // namespace drillsim::runbook
