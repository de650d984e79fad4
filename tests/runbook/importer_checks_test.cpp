// Checklists of checks after the change (docs/runbook-import.md, "Checklists under a heading about
// checking"): a boxed list of states under a title about checking, in any of several languages or under a
// parent so titled, is one verify step; a list placed hours or days later is follow-up.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "plan_outline.hpp"
#include "runbook/importer.hpp"

namespace drillsim::runbook {
namespace {

TEST(ImporterChecks, BoxedStatesUnderAParentAboutCheckingAreOneCheck) {
  const auto r = import_runbook(R"(# Rollback: cart

## Roll back

```bash
kubectl -n shop rollout undo deployment/cart
```

## Checks after the rollback

### Right away

- [ ] Cart page loads
- [ ] Error rate under 1 %

### Within the next days (1-7 days)

- [ ] Conversion back to its usual level
- [ ] No new tickets about the cart
)");
  EXPECT_EQ(outline(r), (std::vector<std::string>{
                            "kubectl -n shop rollout undo deployment/cart -> rollout_undo @6-6",
                            "Cart page loads -> verify @13-14",
                        }));
}

TEST(ImporterChecks, ATitleAboutCheckingInAnotherLanguageReadsTheChecklist) {
  const auto r = import_runbook(R"(# Rollback du panier

## Rollback

```bash
kubectl -n shop rollout undo deployment/cart
```

## Vérifications

- [ ] La page du panier répond
- [ ] Taux d'erreur sous 1 %
)");
  EXPECT_EQ(outline(r), (std::vector<std::string>{
                            "kubectl -n shop rollout undo deployment/cart -> rollout_undo @6-6",
                            "La page du panier répond -> verify @11-12",
                        }));
  const auto zh = import_runbook(R"(# 购物车回滚

## 回滚

```bash
kubectl -n shop rollout undo deployment/cart
```

## 确认回滚完成

- [ ] 购物车页面正常
- [ ] 错误率低于 1%
)");
  EXPECT_EQ(outline(zh), (std::vector<std::string>{
                             "kubectl -n shop rollout undo deployment/cart -> rollout_undo @6-6",
                             "购物车页面正常 -> verify @11-12",
                         }));
}

TEST(ImporterChecks, ARecordOfWhatWasDoneStaysNoStep) {
  // The opposite case: the same boxes under a title that is not about checking record what was done.
  const auto r = import_runbook(R"(# Rollback: cart

## Roll back

```bash
kubectl -n shop rollout undo deployment/cart
```

## Rollback record

- [ ] Rollback script executed successfully
- [ ] Stakeholders notified
)");
  EXPECT_EQ(outline(r), (std::vector<std::string>{
                            "kubectl -n shop rollout undo deployment/cart -> rollout_undo @6-6",
                        }));
}

}  // namespace
}  // namespace drillsim::runbook
