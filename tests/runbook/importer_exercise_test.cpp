// Exercises (labs, tutorials, demos, documents that break the system on purpose) and quick references
// (docs/runbook-import.md, "The exercise's set-up"): what sets the failure up or shows other operations is
// no step; the way back is, whether written as commands, console clicks or prose. Each rule on a small
// document whose plan is written down by hand, beside a runbook the rule must leave alone.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "plan_outline.hpp"
#include "runbook/importer.hpp"
#include "runbook/sections.hpp"

namespace drillsim::runbook {
namespace {

bool noted(const ImportResult& r, ImportNote::Kind kind, const std::string& part) {
  for (const auto& n : r.notes)
    if (n.kind == kind && n.text.find(part) != std::string::npos) return true;
  return false;
}

TEST(ImporterExercise, WordsOfExercisesAndReferences) {
  EXPECT_TRUE(names_exercise("storefront progressive delivery demo"));
  EXPECT_FALSE(names_exercise("Checkout rollback runbook"));
  EXPECT_TRUE(names_breaking_on_purpose("Broken deployment"));
  EXPECT_TRUE(names_breaking_on_purpose("Phase 2: Deploy a problematic version"));
  EXPECT_TRUE(names_breaking_on_purpose("Simulate the crash"));
  EXPECT_FALSE(names_breaking_on_purpose("Break glass access"));
  EXPECT_FALSE(names_breaking_on_purpose("Deploy the previous version"));
  EXPECT_TRUE(names_aborting("If you need to abort rollout"));
  EXPECT_FALSE(names_aborting("Watch the rollout"));
  EXPECT_TRUE(names_quick_reference("Checkout canary: quick reference"));
  EXPECT_TRUE(names_quick_reference("Helm cheat sheet"));
  EXPECT_FALSE(names_quick_reference("References"));
  EXPECT_EQ(way_means("Phase 3: Rollback in the GitOps UI"), "ui");
  EXPECT_EQ(way_means("Phase 4: Git-based rollback"), "git");
  EXPECT_EQ(way_means("Phase 5: CLI rollback (optional)"), "cli");
  EXPECT_EQ(way_means("Roll back"), "");
  EXPECT_TRUE(gives_order("Tick version v1 and press Migrate traffic"));
  EXPECT_TRUE(gives_order("In the Cloud console, open App Engine, then Versions"));
  EXPECT_FALSE(gives_order("In the end, the page answers again"));
  EXPECT_FALSE(gives_order("The page now answers 500"));
}

// A lab whose title shares its depth with the lab's parts ("# Lab steps"): still an exercise. Its set-up
// phases are no steps, the rollback by clicks in a dashboard is the procedure (items without commands
// among code), and a later phase that goes back by other means is another way.
TEST(ImporterExercise, LabPhasesWithTheWayBackInTheUi) {
  const auto r = import_runbook(R"(# Workshop guide: going back with Flux

# Steps

## Phase 1: Prepare

```bash
kubectl create namespace shop
kubectl apply -f v1/
```

## Phase 2: Ship a faulty version

```bash
kubectl apply -f v2/
kubectl get pods -n shop
```

## Phase 3: Roll back in the dashboard

1. Open the dashboard and pick the shop release.
2. Choose the previous revision and press Roll back.
3. Wait until the release is Ready.

## Phase 4: Git-based rollback

```bash
git revert --no-edit HEAD && git push
```
)");
  const std::vector<std::string> want{
      "Open the dashboard and pick the shop release. -> manual @21-21",
      "Choose the previous revision and press Roll back. -> rollout_undo @22-22",
      "Wait until the release is Ready. -> wait @23-23",
      "git revert --no-edit HEAD && git push -> pipeline_redeploy [Phase 4: Git-based rollback] @28-28"};
  EXPECT_EQ(outline(r), want) << ::testing::PrintToString(outline(r));
  EXPECT_TRUE(noted(r, ImportNote::Kind::NotStep, "\"Phase 2: Ship a faulty version\" sets up the exercise"));
  EXPECT_TRUE(noted(r, ImportNote::Kind::Alternative, "goes back by other means"));

  // The same parts under a runbook's title: no exercise, the look-up before the undo stays a step.
  const auto kept = import_runbook(R"(# Rollback runbook

# Procedure

## Identify the last good revision

```bash
kubectl rollout history deployment/web
```

## Roll back

```bash
kubectl rollout undo deployment/web
```
)");
  ASSERT_FALSE(outline(kept).empty());
  EXPECT_EQ(outline(kept).front(), "kubectl rollout history deployment/web -> manual @8-8");
  EXPECT_FALSE(noted(kept, ImportNote::Kind::NotStep, "sets up the exercise"));
}

// A document that deploys a version named as broken before its rollback is an exercise, whatever its
// title; its rollback written as prose in a console gives one step per sentence that gives an order.
// A runbook's section that only looks at a bad deployment does not make it one.
TEST(ImporterExercise, BrokenDeploymentThenRollbackInProse) {
  const auto r = import_runbook(R"(# Recovering the pricing service

## Broken deployment

```bash
gcloud app deploy app.yaml --version=v2 --promote
```

## Rollback

In the console, open Versions and pick the pricing service.
Tick version v1 and press Migrate traffic.
The page answers again.
)");
  const std::vector<std::string> want{
      "In the console, open Versions and pick the pricing service -> manual @11-11",
      "Tick version v1 and press Migrate traffic -> shift_traffic @12-12"};
  EXPECT_EQ(outline(r), want) << ::testing::PrintToString(outline(r));
  EXPECT_TRUE(noted(r, ImportNote::Kind::Step, "goes back in prose"));

  // A runbook (no exercise) whose section about rolling back is prose says when and why: no step from it.
  const auto runbook = import_runbook(R"(# Pricing rollback

## Bad deployment detected

```bash
kubectl get pods -n pricing
```

## When to roll back

Roll back when the errors stay above 2 % for five minutes.

## Undo

```bash
kubectl rollout undo deployment/pricing -n pricing
```
)");
  EXPECT_FALSE(noted(runbook, ImportNote::Kind::Step, "goes back in prose"));
  EXPECT_FALSE(noted(runbook, ImportNote::Kind::NotStep, "sets up the exercise"));
  ASSERT_EQ(outline(runbook).size(), 1u) << ::testing::PrintToString(outline(runbook));
  EXPECT_EQ(outline(runbook).front(),
            "kubectl rollout undo deployment/pricing -n pricing -> rollout_undo @16-16");
}

// A quick reference lists every operation on the canary; only its rollback is the procedure. A runbook
// with the same comment-titled commands keeps them all.
TEST(ImporterExercise, QuickReferenceKeepsOnlyItsWayBack) {
  const auto r = import_runbook(R"(# Search canary cheat sheet

```bash
# Deploy the canary
kubectl apply -f search-v2.yaml

# Split 80/20
kubectl apply -f split-80-20.yaml

# Rollback (all traffic to stable)
kubectl rollout undo deployment/search
```
)");
  const std::vector<std::string> want{"Rollback (all traffic to stable) -> rollout_undo @10-11"};
  EXPECT_EQ(outline(r), want) << ::testing::PrintToString(outline(r));
  EXPECT_TRUE(noted(r, ImportNote::Kind::NotStep, "another operation of a quick reference"));

  const auto runbook = import_runbook(R"(# Search canary runbook

```bash
# Check the canary
kubectl get pods -l track=canary

# Rollback (all traffic to stable)
kubectl rollout undo deployment/search
```
)");
  EXPECT_EQ(outline(runbook).size(), 2u) << ::testing::PrintToString(outline(runbook));
}

// A demo: what it applies and updates before "Abort the rollout" is its set-up; aborting is the way back.
TEST(ImporterExercise, DemoAbortIsTheWayBack) {
  const auto r = import_runbook(R"(# cart demo

## Apply the manifests

```shell
kubectl apply -k ./deploy
```

## Update to the new version

```shell
kubectl argo rollouts set image cart cart=registry.example.com/cart:2.0
```

## Abort the rollout

```shell
kubectl argo rollouts abort cart
```

## Clean up

```shell
kubectl delete -k ./deploy
```
)");
  const std::vector<std::string> want{"kubectl argo rollouts abort cart -> shift_traffic @18-18"};
  EXPECT_EQ(outline(r), want) << ::testing::PrintToString(outline(r));
}

// In an exercise, the look-up of the revision to go back to, right before the rollback, is its first
// step; looking at the failure is the set-up.
TEST(ImporterExercise, HistoryLookUpBeforeTheRollbackIsAStep) {
  const auto r = import_runbook(R"(# Exercise: Helm rollback

## 1. Install

```bash
helm install notes ./notes --set image.tag=1.0
```

## 2. Upgrade with a missing tag

```bash
helm upgrade notes ./notes --set image.tag=9.9-missing
```

## 3. See the failure

```bash
kubectl get pods
```

## 4. Check the history

```bash
helm history notes
```

## 5. Roll back

```bash
helm rollback notes 1
```
)");
  const std::vector<std::string> want{"Check the history -> manual @21-25",
                                      "Roll back -> rollout_undo @27-31"};
  EXPECT_EQ(outline(r), want) << ::testing::PrintToString(outline(r));
  EXPECT_TRUE(noted(r, ImportNote::Kind::NotStep, "\"3. See the failure\" sets up the exercise"));
}

}  // namespace
}  // namespace drillsim::runbook
