// How a step's words and its commands decide its action together (docs/runbook-import.md, "A step's
// words"): each rule on a small runbook whose plan is written down by hand.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "runbook/importer.hpp"

namespace drillsim::runbook {
namespace {

// "name -> action" for each step of the first level.
std::vector<std::string> actions(const ImportResult& r) {
  std::vector<std::string> out;
  for (const auto& st : r.plan["levels"][0]["steps"])
    out.push_back(st["name"].get<std::string>() + " -> " + st["action"].get<std::string>());
  return out;
}

TEST(ImporterWords, AFreezeCarriedByASyncChangesNothingThatRuns) {
  // The sync that carries a freeze and the one that lifts it run nothing new; the sync of the rollback
  // commit redeploys, and the rollback itself rolls back.
  const auto r = import_runbook(R"(# Shop rollback

## Procedure

1. Commit the freeze and sync it:

   ```bash
   argocd app sync shop-apps
   ```

2. Roll back the shop:

   ```bash
   argocd app rollback shop 41
   ```

3. Sync the shop application:

   ```bash
   argocd app sync shop
   ```

4. Lift the freeze and sync:

   ```bash
   argocd app sync shop-apps
   ```
)");
  const std::vector<std::string> expected{
      "Commit the freeze and sync it: -> manual",
      "Roll back the shop: -> rollout_undo",
      "Sync the shop application: -> pipeline_redeploy",
      "Lift the freeze and sync: -> manual",
  };
  EXPECT_EQ(actions(r), expected);
}

TEST(ImporterWords, MessagesOfACommunicationPlanAreNotifications) {
  const auto r = import_runbook(R"(# Storefront rollback

## Steps

### 1. Initial alert message

In #incident-storefront say what broke and who leads.

### 2. Perform the rollback

In the hosting console pick the previous deploy and roll back to it.

### 3. Updates every 30 minutes

Write where things stand in the incident channel.
)");
  const std::vector<std::string> expected{
      "Initial alert message -> notify",
      "Perform the rollback -> rollout_undo",
      "Updates every 30 minutes -> notify",
  };
  EXPECT_EQ(actions(r), expected);
}

}  // namespace
}  // namespace drillsim::runbook
