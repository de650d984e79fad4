// How a block, an item or a step heading becomes plan steps (docs/runbook-import.md, "One step per
// step"): each rule on a small runbook whose plan is written down by hand.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "plan_outline.hpp"
#include "runbook/importer.hpp"

namespace drillsim::runbook {
namespace {

TEST(ImporterSplit, TheChecksAfterAChangeAreAStepOfTheirOwn) {
  // A block without comments: the context is set up for the first undo, each undo is a step, and the
  // status and health commands after the last one check it (a verify, lines 9-11).
  const auto r = import_runbook(R"(# Payments rollback

## Roll back

```bash
kubectl config use-context prod
kubectl -n pay rollout undo deployment/pay-api
kubectl -n pay rollout undo deployment/pay-worker
kubectl -n pay rollout status deployment/pay-api
kubectl -n pay rollout status deployment/pay-worker
curl -fsS https://pay.example.com/healthz
```
)");
  EXPECT_EQ(outline(r), (std::vector<std::string>{
                            "kubectl -n pay rollout undo deployment/pay-api -> rollout_undo @6-7",
                            "kubectl -n pay rollout undo deployment/pay-worker -> rollout_undo @8-8",
                            "kubectl -n pay rollout status deployment/pay-api -> verify @9-11",
                        }));
}

TEST(ImporterSplit, AStopARestoreAndAStartAreThreeStepsAndASessionIsOne) {
  // Stopping and starting the writers are changes of their own around the restore; a psql session with
  // one UPDATE in a transaction and the SELECT that checks it stays one step.
  const auto r = import_runbook(R"(# Orders restore

## Restore

```bash
sudo systemctl stop orders-api
pg_restore --clean -d orders /backups/orders.dump
sudo systemctl start orders-api
```

```bash
psql -d orders
BEGIN;
UPDATE feature_flags SET enabled = false WHERE name = 'repricing';
COMMIT;
SELECT name, enabled FROM feature_flags;
```
)");
  const auto steps = outline(r);
  ASSERT_EQ(steps.size(), 4u) << ::testing::PrintToString(steps);
  EXPECT_EQ(steps[0], "sudo systemctl stop orders-api -> manual @6-6");
  EXPECT_EQ(steps[1], "pg_restore --clean -d orders /backups/orders.dump -> db_restore @7-7");
  EXPECT_EQ(steps[2], "sudo systemctl start orders-api -> manual @8-8");
  EXPECT_NE(steps[3].find("-> disable_flag @12-16"), std::string::npos) << steps[3];
}

TEST(ImporterSplit, ACheckOfWhatWasJustStoppedStaysWithTheStop) {
  // After a scale to zero or a stop, the status shows what was stopped: no check of a service that should
  // be back (a verify there would fail the plan), so it stays with the change.
  const auto r = import_runbook(R"(# Canary off

## Steps

```bash
kubectl scale deployment/web-canary --replicas=0
kubectl get pods -l track=canary
```

```bash
sudo systemctl stop web-canary
systemctl status web-canary
```
)");
  EXPECT_EQ(outline(r), (std::vector<std::string>{
                            "kubectl scale deployment/web-canary --replicas=0 -> scale @6-7",
                            "sudo systemctl stop web-canary -> manual @11-12",
                        }));
}

TEST(ImporterSplit, TheCheckAfterAStepHeadingsChangeIsAStepOfItsOwn) {
  // Step 2's change is followed by a lead-in and a block that only waits: a step named by its lead-in
  // (a wait, from its words). Step 3 has sub-headings (two ways of doing it): one step as before.
  const auto r = import_runbook(R"(# ECS rollback

## Step 1: Roll back the service

```bash
aws ecs update-service --cluster shop --service web --task-definition web:41
```

Wait until the service is stable:

```bash
aws ecs wait services-stable --cluster shop --services web
```

## Step 2: Check the site

```bash
curl -fsS https://shop.example.com/health
```
)");
  EXPECT_EQ(outline(r), (std::vector<std::string>{
                            "Roll back the service -> pipeline_redeploy @3-7",
                            "Wait until the service is stable -> wait @9-13",
                            "Check the site -> verify @15-19",
                        }));
}

TEST(ImporterSplit, AStepHeadingWithSubHeadingsOrOnlyAStopIsOneStep) {
  const auto r = import_runbook(R"(# Writers

## Step 1: Stop the writers

```bash
sudo systemctl stop orders-worker
```

```bash
systemctl status orders-worker
```

## Step 2: Roll back

```bash
kubectl rollout undo deployment/orders
```

### If the rollout hangs

```bash
kubectl rollout status deployment/orders
```
)");
  const auto steps = outline(r);
  ASSERT_EQ(steps.size(), 2u) << ::testing::PrintToString(steps);
  EXPECT_EQ(steps[0], "Stop the writers -> manual @3-11");
  EXPECT_EQ(steps[1].substr(0, steps[1].find(" @")), "Roll back -> rollout_undo");
}

TEST(ImporterSplit, CommandLinesWithoutAFenceAreReadAsABlock) {
  // Lines that are each a command, pasted without a fence: one step per change and its check apart. A
  // sentence with a command in it is no such paragraph.
  const auto r = import_runbook(R"(# Undo

## Roll back

kubectl rollout undo deployment web
kubectl get pods
kubectl logs deployment/web --tail=20

Then scale the canary down with `kubectl scale deployment/web-canary --replicas=0`.
)");
  EXPECT_EQ(outline(r), (std::vector<std::string>{
                            "kubectl rollout undo deployment web -> rollout_undo @5-5",
                            "kubectl get pods -> verify @6-7",
                            "kubectl scale deployment/web-canary --replicas=0 -> scale @9-9",
                        }));
}

TEST(ImporterSplit, TheCheckOfAnotherWayKeepsItsCondition) {
  // The second undo of the same Deployment is another way of doing the first (a `when`); the status
  // after it checks that way, so it is on the same path.
  const auto r = import_runbook(R"(# Undo

## Roll back

```bash
kubectl rollout undo deployment/web
```

```bash
kubectl rollout undo deployment/web --to-revision=3
kubectl rollout status deployment/web
```
)");
  const auto steps = outline(r);
  ASSERT_EQ(steps.size(), 3u) << ::testing::PrintToString(steps);
  EXPECT_EQ(steps[0], "kubectl rollout undo deployment/web -> rollout_undo @6-6");
  const std::string when = " [kubectl rollout undo deployment/web --to-revision=3]";
  EXPECT_EQ(steps[1],
            "kubectl rollout undo deployment/web --to-revision=3 -> rollout_undo" + when + " @10-10");
  EXPECT_EQ(steps[2], "kubectl rollout status deployment/web -> verify" + when + " @11-11");
}

TEST(ImporterSplit, AnExercisesFaultTakesItsCheckAlong) {
  // A lab breaks the system on purpose, checks the breakage, then recovers: the check of the fault is
  // the exercise's too.
  const auto r = import_runbook(R"(# Lab: undo a bad rollout

## Break it

```bash
kubectl apply -f deployment-broken.yaml
kubectl get pods
```

## Fix it

```bash
kubectl rollout undo deployment/web
kubectl rollout status deployment/web
```
)");
  EXPECT_EQ(outline(r), (std::vector<std::string>{
                            "kubectl rollout undo deployment/web -> rollout_undo @13-13",
                            "kubectl rollout status deployment/web -> verify @14-14",
                        }));
}

}  // namespace
}  // namespace drillsim::runbook
