// Which parts of a runbook are read for steps (docs/runbook-import.md, "Checks after numbered headings",
// "Steps written in prose", "Checks after Step headings"): each rule on a small runbook whose plan is
// written down by hand, and the case next to it that the rule must leave alone.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "plan_outline.hpp"
#include "runbook/importer.hpp"

namespace drillsim::runbook {
namespace {

TEST(ImporterFound, NumberedChecksUnderVerificationDoNotHideTheChangeBeforeThem) {
  // The change sits in "Method 1" (line 8), a section without step headings; the numbered headings
  // are all under "Verification" (line 17). The undo is read first, then the two checks; method 2 is an
  // alternative (its own `when`).
  const auto r = import_runbook(R"(# Web rollback

## Rolling back

### Method 1: rollout undo (Recommended)

```bash
kubectl -n web rollout undo deployment/web
```

### Method 2: Helm

```bash
helm rollback web 41 -n web
```

## Verification

### 1. Pods are ready

```bash
kubectl -n web get pods
```

### 2. The site answers

```bash
curl -fsS https://web.example.com/healthz
```
)");
  EXPECT_EQ(outline(r), (std::vector<std::string>{
                            "kubectl -n web rollout undo deployment/web -> rollout_undo @8-8",
                            "helm rollback web 41 -n web -> rollout_undo [Method 2: Helm] @14-14",
                            "Pods are ready -> verify @19-23",
                            "The site answers -> verify @25-29",
                        }));
}

TEST(ImporterFound, NumberedHeadingsOutsideACheckSectionStayTheWholeProcedure) {
  // The same document with the numbered headings under "Procedure": they are the steps, and the command
  // in the introduction before them (line 6) is no step, as before.
  const auto r = import_runbook(R"(# Web rollback

## Context

```bash
kubectl -n web rollout undo deployment/web
```

## Procedure

### 1. Pods are ready

```bash
kubectl -n web get pods
```

### 2. Roll back

```bash
helm rollback web 41 -n web
```
)");
  EXPECT_EQ(outline(r), (std::vector<std::string>{
                            "Pods are ready -> manual @11-15",
                            "Roll back -> rollout_undo @17-21",
                        }));
}

TEST(ImporterFound, ACommandParagraphIsTheStepOfTheParagraphLeadingIntoIt) {
  // Each instruction is a sentence, its command the next paragraph (inline code, lines 5, 9, 13, 19). The
  // step runs from the lead-in to the command; the remark on line 15 leads into nothing and is no step.
  const auto r = import_runbook(R"(# Wiki restore

Stop the web server first

`sudo systemctl stop apache2`

Load the dump into the wiki database, which replaces its tables

`mysql wiki < /srv/dumps/wiki.sql`

Bring the web server back

`sudo systemctl start apache2`

It takes a minute.

and make sure the front page renders

`curl -fsS https://wiki.example.com/`
)");
  EXPECT_EQ(outline(r),
            (std::vector<std::string>{
                "Stop the web server first -> manual @3-5",
                "Load the dump into the wiki database, which replaces its tables -> db_restore @7-9",
                "Bring the web server back -> manual @11-13",
                "and make sure the front page renders -> verify @17-19",
            }));
}

TEST(ImporterFound, AnExampleLeadInGivesItsCommandToTheParagraphBefore) {
  // "for example:" alone on its paragraph (line 5): the command (line 7) is the example of "Take a base
  // backup" (line 3), one step from 3 to 7. The unknown program `pitrery` still reads as a command.
  const auto r = import_runbook(R"(# Restore

Take a base backup with the options you need

for example:

`pitrery backup -d nightly`

Then stop the service

`systemctl stop postgresql`
)");
  EXPECT_EQ(outline(r), (std::vector<std::string>{
                            "Take a base backup with the options you need -> manual @3-7",
                            "Then stop the service -> manual @9-11",
                        }));
}

TEST(ImporterFound, InlineCodeInsideASentenceIsNoCommandParagraph) {
  // The code does not open its paragraph: a file named in a sentence (line 3), commands in the middle of
  // sentences (lines 5, 7). No paragraph leads into a command, so the commands in prose are read as
  // before: the undo is a step on its own line, and the status command in prose only looks (no step).
  const auto r = import_runbook(R"(# Rollback

The settings live in `config/app.yaml` on each host.

To go back, run `kubectl -n web rollout undo deployment/web` from the bastion.

Watch it with `kubectl -n web rollout status deployment/web` until it is done.
)");
  EXPECT_EQ(outline(r), (std::vector<std::string>{
                            "kubectl -n web rollout undo deployment/web -> rollout_undo @5-5",
                        }));
}

TEST(ImporterFound, TheChecksAfterStepHeadingsAreSteps) {
  // "Step N" headings give the failover; the section after them titled about the time after it holds one
  // check per sub-section (lines 20, 26): each is a step. "Later" (line 31) is not about checking.
  const auto r = import_runbook(R"(# Orders failover

## Step 1: Promote the replica

```bash
gcloud sql instances promote-replica orders-replica
```

## Step 2: Point the application at it

```bash
kubectl -n shop set env deployment/orders-api DB_HOST=orders-replica
```

## After the failover

### Connections

```bash
psql -h orders-replica -d orders -c 'SELECT 1;'
```

### Application

```bash
curl -fsS https://shop.example.com/health
```

## Later

```bash
kubectl -n shop scale deployment/orders-worker --replicas=3
```
)");
  EXPECT_EQ(outline(r), (std::vector<std::string>{
                            "Promote the replica -> db_restore @3-7",
                            "Point the application at it -> restore_config @9-13",
                            "psql -h orders-replica -d orders -c 'SELECT 1;' -> verify @20-20",
                            "curl -fsS https://shop.example.com/health -> verify @26-26",
                        }));
}

TEST(ImporterFound, ACheckWrittenWithoutAFenceUnderVerificationIsAStep) {
  // The health check on line 8 is a bare command line that only looks, in a section about checking: a
  // verify after the undo. The same kind of line under "Notes" (line 12) is no step.
  const auto r = import_runbook(R"(# Rollback

## Steps

1. Roll back the release: `kubectl -n web rollout undo deployment/web`

## Verification
curl -fsS https://web.example.com/healthz

## Notes

kubectl -n web get events
)");
  EXPECT_EQ(outline(r),
            (std::vector<std::string>{
                "Roll back the release: kubectl -n web rollout undo deployment/web -> rollout_undo @5-5",
                "curl -fsS https://web.example.com/healthz -> verify @8-8",
            }));
}

TEST(ImporterFound, ALookUpWithoutAFenceUnderAnInstructionIsAPreCheck) {
  // "List the backups" is an instruction; its only content is a bare command that looks (line 4): a step,
  // a pre-check (manual) before the restore of lines 7-9.
  const auto r = import_runbook(R"(# Restore

## List the backups
docker compose exec backup ls -lh /backups/

## Restore
1. Stop the app: `docker compose stop app`
2. Restore: `docker compose exec -T db psql -d shop < /backups/shop.sql`
3. Start the app: `docker compose start app`
)");
  const auto steps = outline(r);
  ASSERT_EQ(steps.size(), 4u);
  EXPECT_EQ(steps[0], "docker compose exec backup ls -lh /backups/ -> manual @4-4");
}

TEST(ImporterFound, AQuickReferenceAfterTheProcedureIsNotReadForSteps) {
  // The procedure changes the system first; the quick reference at the end restates its commands (and
  // others) and must not become a second run of them, nor the procedure itself.
  const char* doc = R"(# Cart rollback

## Roll back

1. Undo the rollout:
   ```bash
   kubectl -n shop rollout undo deployment/cart
   ```
2. Check the pods:
   ```bash
   kubectl -n shop rollout status deployment/cart
   ```

## %s

```bash
# Undo the last rollout
kubectl -n shop rollout undo deployment/cart
# Scale up
kubectl -n shop scale deployment/cart --replicas=6
```
)";
  char with_reference[1024];
  std::snprintf(with_reference, sizeof with_reference, doc, "Quick Reference");
  EXPECT_EQ(outline(import_runbook(with_reference)),
            (std::vector<std::string>{"Undo the rollout: -> rollout_undo @5-8",
                                      "Check the pods: -> verify @9-12"}));
  // The same section under a title that names no reference material stays read.
  char without[1024];
  std::snprintf(without, sizeof without, doc, "Scale back up");
  EXPECT_GT(outline(import_runbook(without)).size(), 2u);
}

TEST(ImporterFound, PhasesThatDoNotAllGoBackAreTheDocumentInOrderNotLevels) {
  const auto in_order = import_runbook(R"(# Cart rollback lab

## Phase 1: Set up the demo

```bash
kubectl create namespace shop
```

## Phase 2: Ship the broken version

```bash
kubectl -n shop set image deployment/cart cart=cart:2.0
```

## Phase 3: Roll back

```bash
kubectl -n shop rollout undo deployment/cart
```
)");
  EXPECT_EQ(in_order.plan["levels"].size(), 1u) << in_order.plan.dump();
  // Phases each of which goes back, further each time, are levels of escalation.
  const auto escalation = import_runbook(R"(# Cart rollback

## Phase 1: Turn the flag off

```bash
curl -X POST https://flags.example/api/flags/cart-v2/off
```

## Phase 2: Roll back the deployment

```bash
kubectl -n shop rollout undo deployment/cart
```

## Phase 3: Restore the database

```bash
pg_restore -d cart /backups/cart.dump
```
)");
  EXPECT_EQ(escalation.plan["levels"].size(), 3u) << escalation.plan.dump();
}

// A document whose only part was judged not to be the procedure (here, by its title, a troubleshooting
// section) still asks for a rollback: every part is read again rather than no plan at all, and the
// report says so. Where a part is read as the procedure, the others stay out as before.
TEST(ImporterFound, NothingReadAsTheProcedureReadsEveryPart) {
  const std::string text =
      "# Payments API\n"                                     // 1
      "\n"                                                   // 2
      "## Troubleshooting\n"                                 // 3
      "\n"                                                   // 4
      "If the new release misbehaves, roll it back:\n"       // 5
      "\n"                                                   // 6
      "```bash\n"                                            // 7
      "kubectl rollout undo deployment/payments -n pay\n"    // 8
      "kubectl rollout status deployment/payments -n pay\n"  // 9
      "```\n";                                               // 10
  const auto r = import_runbook(text);
  const auto steps = outline(r);
  ASSERT_EQ(steps.size(), 2u) << ::testing::PrintToString(steps);
  EXPECT_NE(steps[0].find("rollout_undo @8"), std::string::npos) << steps[0];
  EXPECT_NE(steps[1].find("verify @9"), std::string::npos) << steps[1];
  bool said = false;
  for (const auto& n : r.notes)
    said = said || n.text.find("every part was read for steps") != std::string::npos;
  EXPECT_TRUE(said);
  // With a procedure beside it, the troubleshooting section stays out.
  const auto with_procedure = import_runbook(
      "# Payments API\n\n## Rollback\n\n```bash\nhelm rollback payments 0 -n pay\n```\n\n" + text.substr(16));
  const auto kept = outline(with_procedure);
  ASSERT_EQ(kept.size(), 1u) << ::testing::PrintToString(kept);
  EXPECT_NE(kept[0].find("rollout_undo @6"), std::string::npos) << kept[0];
}

// A code block that shows text (a status line led by an emoji, a Markdown template, a Mermaid diagram)
// holds no commands to run; the same message under an instruction to tell people is that step's material.
TEST(ImporterFound, CodeThatShowsTextIsNoCommand) {
  const std::string text =
      "# Rollback\n"                                     // 1
      "\n"                                               // 2
      "## Procedure\n"                                   // 3
      "\n"                                               // 4
      "```\n"                                            // 5
      "❌ deploy failed: ValidationError in stack web\n"  // 6
      "```\n"                                            // 7
      "\n"                                               // 8
      "```mermaid\n"                                     // 9
      "graph LR; alert --> rollback\n"                   // 10
      "```\n"                                            // 11
      "\n"                                               // 12
      "```bash\n"                                        // 13
      "helm rollback web 0 -n shop\n"                    // 14
      "```\n"                                            // 15
      "\n"                                               // 16
      "Post in #incidents:\n"                            // 17
      "\n"                                               // 18
      "```\n"                                            // 19
      "✅ web rolled back\n"                              // 20
      "```\n";                                           // 21
  const auto steps = outline(import_runbook(text));
  for (const auto& s : steps) {
    EXPECT_EQ(s.find("@6"), std::string::npos) << s;
    EXPECT_EQ(s.find("@10"), std::string::npos) << s;
  }
  bool rollback = false;
  for (const auto& s : steps)
    rollback = rollback || s.find("rollout_undo @14") != std::string::npos;
  EXPECT_TRUE(rollback) << ::testing::PrintToString(steps);
}

}  // namespace
}  // namespace drillsim::runbook
