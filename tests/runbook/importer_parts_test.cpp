// Procedures the importer used to miss whole, because of how the document is divided into parts
// (docs/runbook-import.md, "Parts of a document that hold the steps"): each rule on a small runbook
// whose plan is written down by hand, and the case next to it that the rule must leave alone.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "plan_outline.hpp"
#include "runbook/importer.hpp"

namespace drillsim::runbook {
namespace {

// Two parts numbered each from 1 ("Verification", "Communication") and, before them, a method written
// as a numbered list whose fences sit at the margin.
const char* const kPartsNumbered = R"(# Queue rollback

## Method

1. **Undo the rollout:**
```bash
kubectl -n queue rollout undo deployment/queue
```

2. **Wait for it:**
```bash
kubectl -n queue rollout status deployment/queue
```

## Verification

### 1. Health

```bash
curl -fsS https://queue.example.com/health
```

## Communication

### 1. Tell the channel

Post in #incidents that the queue is back on the previous release.
)";

TEST(ImporterParts, NumberedHeadingsThatStartAgainUnderEachPartDoNotHideTheMethodBeforeThem) {
  const auto r = import_runbook(kPartsNumbered);
  ASSERT_FALSE(r.plan["levels"].empty());
  const std::vector<std::string> expected{
      "Undo the rollout: -> rollout_undo @5-8",
      "Wait for it: -> wait @10-13",
      "Health -> verify @17-21",
      "Tell the channel -> notify @25-27",
  };
  EXPECT_EQ(outline(r), expected);
}

TEST(ImporterParts, ANumberedListInAPartNotReadForStepsStaysOut) {
  // The same parts after a table of contents instead of the method: its numbered links are no steps.
  std::string md = kPartsNumbered;
  const std::size_t from = md.find("## Method"), to = md.find("## Verification");
  md.replace(from, to - from,
             "## Contents\n\n1. [Verification](#verification)\n2. [Communication](#communication)\n\n");
  const auto r = import_runbook(md);
  ASSERT_FALSE(r.plan["levels"].empty());
  const auto steps = outline(r);
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[0].rfind("Health -> ", 0), 0u) << steps[0];
  EXPECT_EQ(steps[1].rfind("Tell the channel -> notify", 0), 0u) << steps[1];
}

const char* const kDashboardMethod = R"(# Site rollback

## How to roll back

### Option 1: Roll back from the Render dashboard (recommended)

About three minutes, nothing to install.

#### Step by step

1. Open the storefront service in the dashboard.
2. Click Rollback beside the last good deploy and confirm.
3. Check the site: `curl -fsS https://shop.example.com/health`

### Option 2: Roll back with the API

```bash
curl -X POST https://api.render.com/v1/services/srv-shop/rollback
```
)";

TEST(ImporterParts, AWayBackDoneInADashboardIsNotUpkeep) {
  const auto r = import_runbook(kDashboardMethod);
  ASSERT_FALSE(r.plan["levels"].empty());
  const auto steps = outline(r);
  ASSERT_EQ(steps.size(), 4u);
  EXPECT_EQ(steps[0], "Open the storefront service in the dashboard. -> manual @11-11");
  EXPECT_NE(steps[1].find("@12-12"), std::string::npos) << steps[1];
  EXPECT_EQ(steps[1].find('['), std::string::npos) << steps[1];  // On the main path.
  EXPECT_NE(steps[3].find("[Option 2"), std::string::npos) << steps[3];
}

TEST(ImporterParts, ADashboardSectionThatDoesNotGoBackIsStillUpkeep) {
  // "Dashboards" with numbered set-up items names no way back: it stays upkeep, its items no steps.
  std::string md = kDashboardMethod;
  md.replace(md.find("Option 1: Roll back from the Render dashboard (recommended)"),
             std::string("Option 1: Roll back from the Render dashboard (recommended)").size(), "Dashboards");
  const auto r = import_runbook(md);
  ASSERT_FALSE(r.plan["levels"].empty());
  for (const auto& st : outline(r))
    EXPECT_EQ(st.find("@11-11"), std::string::npos) << st;
}

const char* const kScenarioPhases = R"(# Orders database recovery

## Recovery scenarios

### Scenario A: primary lost
**Symptoms:** connections to the primary are refused

#### First actions (0-10 minutes)
1. **STOP** the writers:
   ```bash
   kubectl -n orders scale deployment/writer --replicas=0
   ```

#### Recovery steps (10-40 minutes)
1. **PROMOTE** the replica:
   ```bash
   sudo -u postgres pg_ctl promote -D /var/lib/postgresql/16/main
   ```
2. **CHECK** the service: `curl -fsS https://orders.example.com/health`

### Scenario B: table dropped
**Symptoms:** relation "orders" does not exist

#### First actions
1. **STOP** the writers:
   ```bash
   kubectl -n orders scale deployment/writer --replicas=0
   ```

#### Recovery steps
1. **RESTORE** the table:
   ```bash
   pg_restore -d orders -t orders /backups/orders.dump
   ```
)";

TEST(ImporterParts, ASymptomsLineOverPhasesDoesNotMakeTheScenarioTroubleshooting) {
  const auto r = import_runbook(kScenarioPhases);
  ASSERT_FALSE(r.plan["levels"].empty());
  const auto steps = outline(r);
  ASSERT_GE(steps.size(), 3u);
  EXPECT_NE(steps[0].find("@9-12"), std::string::npos) << steps[0];
  EXPECT_EQ(steps[0].find('['), std::string::npos) << steps[0];
  EXPECT_NE(steps[1].find("@15-18"), std::string::npos) << steps[1];
  // Scenario B is another situation: its steps keep its condition.
  for (std::size_t i = 3; i < steps.size(); ++i)
    EXPECT_NE(steps[i].find("[Scenario B"), std::string::npos) << steps[i];
}

TEST(ImporterParts, ASectionOfSymptomsWithOnePartStaysTroubleshooting) {
  // One sub-section only: the symptoms line still decides, nothing under Scenario A is read.
  std::string md = kScenarioPhases;
  md.erase(md.find("#### Recovery steps (10-40 minutes)"),
           md.find("### Scenario B") - md.find("#### Recovery steps (10-40 minutes)"));
  const auto r = import_runbook(md);
  ASSERT_FALSE(r.plan["levels"].empty());
  for (const auto& st : outline(r))
    EXPECT_EQ(st.find("@9-12"), std::string::npos) << st;
}

}  // namespace
}  // namespace drillsim::runbook
