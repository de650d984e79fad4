// Which lists and checklists are steps (docs/runbook-import.md, "Lists and checklists"): each rule on a
// small runbook whose plan is written down by hand, with the opposite case beside it.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "runbook/importer.hpp"

namespace drillsim::runbook {
namespace {

// "name -> action @line" for each step of every level.
std::vector<std::string> outline(const ImportResult& r) {
  std::vector<std::string> out;
  for (const auto& level : r.plan["levels"]) {
    for (const auto& st : level["steps"])
      out.push_back(st["name"].get<std::string>() + " -> " + st["action"].get<std::string>() + " @" +
                    std::to_string(st["source"]["line"].get<int>()));
  }
  return out;
}

TEST(ImporterLists, AChecklistOfInstructionsBeforeTheChangeIsSteps) {
  const auto r = import_runbook(R"(# Rollback: cart

## Before rolling back

- [ ] Check that the errors began with the last release
- [ ] Notify #ops that cart is being rolled back
- [ ] Note the current image tag in the incident ticket

## Roll back

1. Undo the rollout:
   ```bash
   kubectl -n shop rollout undo deployment/cart
   ```
)");
  EXPECT_EQ(outline(r), (std::vector<std::string>{
                            "Check that the errors began with the last release -> manual @5",
                            "Notify #ops that cart is being rolled back -> notify @6",
                            "Note the current image tag in the incident ticket -> manual @7",
                            "Undo the rollout: -> rollout_undo @11",
                        }));
}

TEST(ImporterLists, AChecklistOfStatesBeforeTheChangeIsNoStep) {
  // What must hold before starting (prerequisites), one line each: no step.
  const auto r = import_runbook(R"(# Rollback: cart

## Before rolling back

- [ ] Previous image still in the registry
- [ ] Incident channel opened

## Roll back

1. Undo the rollout:
   ```bash
   kubectl -n shop rollout undo deployment/cart
   ```
)");
  EXPECT_EQ(outline(r), (std::vector<std::string>{"Undo the rollout: -> rollout_undo @10"}));
}

TEST(ImporterLists, ItemsWithABodyInAFormBeforeStepHeadingsAreSteps) {
  // Each boxed item heads its own body (fields to fill in, where to look): a step, though the section
  // reads as a form. The address under the first item is where to look, not a command.
  const auto r = import_runbook(R"(# Rollback — search

## Pre-rollback

### Sign-off

- [ ] **Standby still healthy**
  - Address: `https://standby.search.example`
  - Result: ________

- [ ] **Release manager sign-off**
  - Name: ________
  - Time: ________

## Procedure

### Step 1: Switch to the standby

```bash
kubectl -n search patch service search -p '{"spec":{"selector":{"slot":"standby"}}}'
```
)");
  const auto steps = outline(r);
  ASSERT_EQ(steps.size(), 3u) << ::testing::PrintToString(steps);
  EXPECT_EQ(steps[0], "Standby still healthy -> manual @7");
  EXPECT_EQ(steps[1], "Release manager sign-off -> manual @11");
  EXPECT_EQ(steps[2].substr(0, steps[2].find(" ->")), "Switch to the standby");
}

TEST(ImporterLists, AChecklistThatCarriesTheChangeIsNoListBeforeIt) {
  // An item that holds the change itself: the checklist restates the procedure beside it.
  const auto r = import_runbook(R"(# Rollback: cart

## Checklist

- [ ] Tell #ops
- [ ] `kubectl -n shop rollout undo deployment/cart` done

## Roll back

```bash
kubectl -n shop rollout undo deployment/cart
```
)");
  EXPECT_EQ(outline(r),
            (std::vector<std::string>{"kubectl -n shop rollout undo deployment/cart -> rollout_undo @11"}));
}

TEST(ImporterLists, NumberedTriageQuestionsBeforeTheChangeAreSteps) {
  const auto r = import_runbook(R"(# cart is failing

## Triage

1. Are the 5xx coming from cart only?
2. Did they start with the last release?

## Roll back

```bash
kubectl -n shop rollout undo deployment/cart
```
)");
  EXPECT_EQ(outline(r), (std::vector<std::string>{
                            "Are the 5xx coming from cart only? -> manual @5",
                            "Did they start with the last release? -> manual @6",
                            "kubectl -n shop rollout undo deployment/cart -> rollout_undo @11",
                        }));
}

TEST(ImporterLists, ASummaryThatRestatesTheStepsIsNoStepButChecksAfterTheChangeStay) {
  const std::string procedure = R"(# Rollback: cart

## Roll back

1. Undo the cart rollout:
   ```bash
   kubectl -n shop rollout undo deployment/cart
   ```
2. Wait for the rollout to finish:
   ```bash
   kubectl -n shop rollout status deployment/cart
   ```
)";
  // Restates the change ("Undo the rollout") and the wait, in the steps' own words.
  const auto summary = import_runbook(procedure + R"(
## In short

1. Undo the rollout.
2. Wait for it.
)");
  EXPECT_EQ(summary.plan["levels"][0]["steps"].size(), 2u) << ::testing::PrintToString(outline(summary));
  // Checks after the change name what to look at, not the change: they stay steps.
  const auto checks = import_runbook(procedure + R"(
## Then

1. Open the cart dashboard and watch the error panel.
2. Place a test order.
)");
  EXPECT_EQ(checks.plan["levels"][0]["steps"].size(), 4u) << ::testing::PrintToString(outline(checks));
}

TEST(ImporterLists, ABoxedRecordOfWhatIsDoneAfterTheChangeIsNoStep) {
  const std::string procedure = R"(# Rollback: cart

## 1. Roll back

```bash
kubectl -n shop rollout undo deployment/cart
```

## 2. Record
)";
  // One-line states, boxed: what has been done, not a step (neither its heading).
  const auto record = import_runbook(procedure + R"(
- [ ] Rollout undone and healthy
- [ ] Team informed
)");
  EXPECT_EQ(outline(record), (std::vector<std::string>{"Roll back -> rollout_undo @3"}));
  // An instruction among them: the section is a step of the procedure.
  const auto task = import_runbook(procedure + R"(
- [ ] Post the outcome in #ops
- [ ] Team informed
)");
  EXPECT_EQ(task.plan["levels"][0]["steps"].size(), 2u) << ::testing::PrintToString(outline(task));
}

TEST(ImporterLists, AChecklistJoinsStepHeadingsOnlyWhenNothingBetweenChangesTheSystem) {
  // The checklist prepares the scripted way right after it; the "Step N" headings below are another way.
  // Joining the checklist to the step headings would skip the scripted way altogether.
  const auto r = import_runbook(R"(# Rollback: cart

## Before rolling back

- [ ] Check that the errors began with the last release
- [ ] Notify #ops that cart is being rolled back

## Scripted rollback (recommended)

```bash
kubectl -n shop rollout undo deployment/cart
```

## Manual rollback

### Step 1: Find the last good revision

```bash
kubectl -n shop rollout history deployment/cart
```

### Step 2: Roll back to it

```bash
kubectl -n shop rollout undo deployment/cart --to-revision=3
```
)");
  const auto steps = outline(r);
  ASSERT_FALSE(steps.empty());
  EXPECT_EQ(steps.front(), "Check that the errors began with the last release -> manual @5");
  bool scripted = false;
  for (const auto& level : r.plan["levels"]) {
    for (const auto& st : level["steps"]) {
      if (st["source"]["line"].get<int>() == 11) {
        scripted = true;
        EXPECT_EQ(st["action"], "rollout_undo");
        EXPECT_FALSE(st.contains("when")) << st.dump();
      }
    }
  }
  EXPECT_TRUE(scripted) << testing::PrintToString(steps);
}

}  // namespace
}  // namespace drillsim::runbook
