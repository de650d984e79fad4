// Sections beside the procedure that are shaped like one (sim/runbook/scenarios.cpp): which titles name
// such material, which sections are asides beside a way back elsewhere, and, on small runbooks whose plan
// is written down by hand, that their steps are not read while a document without a way back elsewhere
// keeps its only procedure.
#include "runbook/scenarios.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "plan_outline.hpp"
#include "runbook/importer.hpp"

namespace drillsim::runbook {
namespace {

TEST(Scenarios, TitlesThatNameMaterialBesideTheProcedure) {
  EXPECT_EQ(aside_named_by("5xx spike investigation"), SectionKind::Troubleshooting);
  EXPECT_EQ(aside_named_by("WAF analysis procedures"), SectionKind::Troubleshooting);
  EXPECT_EQ(aside_named_by("Troubleshooting"), SectionKind::Troubleshooting);
  EXPECT_EQ(aside_named_by("Load balancer not responding"), SectionKind::Troubleshooting);
  EXPECT_EQ(aside_named_by("Managing flags"), SectionKind::References);
  EXPECT_EQ(aside_named_by("Ongoing monitoring"), SectionKind::Upkeep);
  EXPECT_EQ(aside_named_by("Routine maintenance"), SectionKind::Upkeep);
  EXPECT_EQ(aside_named_by("Best practices"), SectionKind::Practices);
  EXPECT_EQ(aside_named_by("Capacity adjustment"), SectionKind::OtherOperation);
  EXPECT_EQ(aside_named_by("Rollout strategy"), SectionKind::OtherOperation);
  EXPECT_EQ(aside_named_by("Architecture"), SectionKind::Overview);
  // Going back, turning off, a situation, a step or a check: none.
  for (const char* t : {"Rolling back a deployment", "Troubleshooting the rollback", "Emergency disable",
                        "Scenario 2: Data corrupted", "Verify the service", "Maintenance mode on",
                        "Deployment rollback procedures", "Switch the listener to blue", "Notify stakeholders"})
    EXPECT_FALSE(aside_named_by(t).has_value()) << t;
}

TEST(Scenarios, PointersToAnotherSection) {
  EXPECT_TRUE(points_elsewhere("Roll back the release (see Deployment rollback below)"));
  EXPECT_TRUE(points_elsewhere("Go to \"Rolling back a deployment\""));
  EXPECT_FALSE(points_elsewhere("Roll back the release: helm rollback api"));
}

DocumentSection section(std::string title, bool goes_back, bool holds_steps = true,
                        std::optional<std::size_t> parent = std::nullopt) {
  DocumentSection s;
  s.title = std::move(title);
  s.goes_back = goes_back;
  s.holds_steps = holds_steps;
  s.acts = holds_steps;
  s.parent = parent;
  return s;
}

TEST(Scenarios, AsidesBesideAWayBackElsewhere) {
  // Two investigations and a capacity change around the rollback: each is an aside, the rollback the way
  // back they are beside.
  const std::vector<DocumentSection> doc{section("Incident response", false, false),
                                         section("5xx spike investigation", false, true, 0),
                                         section("Rolling back a deployment", true, true, 0),
                                         section("Capacity adjustment", false, true, 0)};
  const auto a = asides_beside_way_back(doc);
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0].section, 1u);
  EXPECT_EQ(a[0].kind, SectionKind::Troubleshooting);
  EXPECT_EQ(a[0].way_back, 2u);
  EXPECT_EQ(a[1].section, 3u);
  EXPECT_EQ(a[1].kind, SectionKind::OtherOperation);
}

TEST(Scenarios, NoAsideWithoutAWayBackElsewhere) {
  // The investigation is the only procedure: kept. A way back above it (its parent) is no other section.
  EXPECT_TRUE(asides_beside_way_back({section("Runbook", false, false), section("Latency investigation", false, true, 0),
                                      section("Escalation", false, false, 0)})
                  .empty());
  EXPECT_TRUE(asides_beside_way_back({section("Rolling back", true, true), section("Debugging", false, true, 0)})
                  .empty());
  // A section that goes back itself is no aside, whatever its title.
  EXPECT_TRUE(
      asides_beside_way_back({section("Troubleshooting", true, true), section("Restore the dump", true, true)})
          .empty());
  // A way back under an aside is a part of it ("Debugging" / "Undo a bad flag change").
  EXPECT_TRUE(asides_beside_way_back({section("Debugging", false, true), section("Undo the flag change", true, true, 0)})
                  .empty());
}

TEST(Scenarios, OneDiagnosisThatOnlyLooksBeforeTheWayBackIsItsTriage) {
  DocumentSection diagnosis = section("Diagnosis", false, true);
  diagnosis.acts = false;  // Status, history, logs.
  EXPECT_TRUE(asides_beside_way_back({diagnosis, section("Rollback options", true, true)}).empty());
  // After the way back it is troubleshooting; one that restarts or scales is a remedy of its own.
  EXPECT_EQ(asides_beside_way_back({section("Rollback options", true, true), diagnosis}).size(), 1u);
  EXPECT_EQ(asides_beside_way_back({section("Diagnosis", false, true), section("Rollback options", true, true)}).size(),
            1u);
  // Two investigations of different symptoms: the incidents the document responds to, both asides.
  DocumentSection latency = section("Latency investigation", false, true);
  latency.acts = false;
  EXPECT_EQ(asides_beside_way_back({diagnosis, latency, section("Rollback options", true, true)}).size(), 2u);
}

TEST(Scenarios, AdviceSpeaksOfGoingBackWithoutDoingIt) {
  DocumentSection practices = section("Best practices", false, true);
  practices.says_go_back = true;  // "Run the failover in staging before changing this page."
  DocumentSection investigation = section("Latency investigation", false, true);
  investigation.says_go_back = true;  // "Roll back the release": a fix that goes back.
  const auto a = asides_beside_way_back({section("Failover", true, true), practices, investigation});
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].section, 1u);
}

TEST(Scenarios, ADocumentAboutGoingBackGoesBackWhereItActs) {
  // "Going back to blue": the phase that switches the listener is the way back, though no word of it
  // says so.
  std::vector<DocumentSection> doc{section("Phase 2: Switch the listener", false, true),
                                   section("Load balancer not responding", false, true)};
  doc[0].step_or_level = true;
  EXPECT_TRUE(asides_beside_way_back(doc).empty());
  const auto a = asides_beside_way_back(doc, true);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].section, 1u);
}

TEST(Scenarios, TroubleshootingBeforeTheRollbackIsNotReplayed) {
  const auto r = import_runbook(R"(# Notes service

## Troubleshooting

1. Check the containers: `docker compose ps`
2. Restart the app: `docker compose restart notes`

## Rolling back

1. Undo the release: `kubectl rollout undo deployment/notes`
2. Check it: `kubectl rollout status deployment/notes`
)");
  EXPECT_EQ(outline(r), (std::vector<std::string>{
                            "Undo the release: kubectl rollout undo deployment/notes -> rollout_undo @10-10",
                            "Check it: kubectl rollout status deployment/notes -> verify @11-11",
                        }));
}

TEST(Scenarios, TheOnlyProcedureIsReadWhateverItsTitle) {
  // The same troubleshooting list with no section that goes back: it is the procedure.
  const auto r = import_runbook(R"(# Notes service

## Troubleshooting

1. Check the containers: `docker compose ps`
2. Restart the app: `docker compose restart notes`
)");
  EXPECT_EQ(outline(r).size(), 2u);
}

TEST(Scenarios, TitlesThatNameARoutineTask) {
  EXPECT_EQ(task_named_by("Daily checks"), SectionKind::Upkeep);
  EXPECT_EQ(task_named_by("Morning Health Check"), SectionKind::Upkeep);
  EXPECT_EQ(task_named_by("Backup Procedure"), SectionKind::Upkeep);
  EXPECT_EQ(task_named_by("Backing up the certificate bundle"), SectionKind::Upkeep);
  EXPECT_EQ(task_named_by("Certificate rotation"), SectionKind::Upkeep);
  EXPECT_EQ(task_named_by("Adding a backend server"), SectionKind::OtherOperation);
  EXPECT_EQ(task_named_by("3. Changing the configuration"), SectionKind::OtherOperation);
  EXPECT_EQ(task_named_by("Configuration Changes"), SectionKind::OtherOperation);
  EXPECT_EQ(task_named_by("Scaling Operations"), SectionKind::OtherOperation);
  // An order, a step, a backup as the object of another task, going back: no task.
  for (const char* t :
       {"Add the server to the pool", "Scale the fleet", "Step 3: Apply the logs (Preparing the backup)",
        "Getting backup files onto the new server", "Restore from backup", "Rolling back a change",
        "Recovery procedure", "Verify changes", "C. Create a safety backup", "b) Stop the writers"})
    EXPECT_FALSE(task_named_by(t).has_value()) << t;
}

// The parts of a step of a restore ("Step 1: Identify the backup" > "Local backups", "Cloud backups";
// "Step 2: Prepare" > "Create a safety backup") are that step's, never the tasks of a manual.
TEST(Scenarios, PartsOfAStepAreNoTasks) {
  DocumentSection step1 = section("Step 1: Identify the backup", false, false);
  step1.step_or_level = true;
  DocumentSection step2 = section("Step 2: Restore", true, true);
  step2.step_or_level = true;
  EXPECT_TRUE(asides_beside_way_back({step1, section("Local backups", false, true, 0),
                                      section("Cloud backups", false, true, 0), step2})
                  .empty());
  // Behind an emoji the heading is no step heading to the importer, but it is still a step.
  EXPECT_TRUE(asides_beside_way_back({section("\xF0\x9F\x94\x8D Step 1: Identify the backup", false, false),
                                      section("Local backups", false, true, 0),
                                      section("Cloud backups", false, true, 0), step2})
                  .empty());
}

TEST(Scenarios, TasksOfAManualAreAsidesOnlyWhenThereAreSeveral) {
  // Two tasks with steps beside a way back: both asides.
  const auto a =
      asides_beside_way_back({section("Daily checks", false, true), section("Adding a backend", false, true),
                              section("Rolling back the configuration", true, true)});
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0].section, 0u);
  EXPECT_EQ(a[0].kind, SectionKind::Upkeep);
  EXPECT_EQ(a[1].kind, SectionKind::OtherOperation);
  // One task alone is a part of the document's procedure.
  EXPECT_TRUE(asides_beside_way_back({section("Adding a backend", false, true),
                                      section("Rolling back the configuration", true, true)})
                  .empty());
}

TEST(Scenarios, ListItemsThatStateAConditionOrGiveAnOrder) {
  for (const char* t :
       {"[ ] Backup restoration test completed", "Performance metrics within thresholds",
        "`/api/v2/*` remains protected", "✅ Application accessible at https://app.example.com",
        "**Checkout**: payment success rate within thresholds", "The channel is open",
        "Replication to the replica paused"})
    EXPECT_TRUE(states_condition(t)) << t;
  for (const char* t : {"Check that the API is healthy", "Restart the service", "Notify stakeholders",
                        "Access to the backup bucket", "[ ] Screenshot the error dashboard", "Rollback",
                        "Restart the services that crashed"})
    EXPECT_FALSE(states_condition(t)) << t;
}

TEST(Scenarios, TheRoutineTasksOfAManualAreNotReplayed) {
  const auto r = import_runbook(R"(# Cache proxy manual

## Daily checks

1. Check the service: `systemctl status varnish`
2. Look at the hit ratio: `varnishstat -1`

## Adding a backend

1. Add the backend to `default.vcl`.
2. Reload: `systemctl reload varnish`

## Rolling back a bad VCL

1. Restore the last file: `git checkout HEAD~1 -- default.vcl`
2. Reload: `systemctl reload varnish`
)");
  const auto o = outline(r);
  ASSERT_EQ(o.size(), 2u);
  EXPECT_EQ(o[0].substr(o[0].rfind('@')), "@15-15");
  EXPECT_EQ(o[1].substr(o[1].rfind('@')), "@16-16");
}

TEST(Scenarios, ConditionsAfterTheChangeAreOneCheckAndBeforeItNone) {
  const auto r = import_runbook(R"(# Orders API rollback

## Before you start

- The incident channel is open
- Deploy rights on production confirmed

## Roll back

1. Undo the release: `kubectl rollout undo deployment/orders`

## Verification

- The error ratio is under 1 %
- Checkout requests return 200
)");
  EXPECT_EQ(outline(r), (std::vector<std::string>{
                            "Undo the release: kubectl rollout undo deployment/orders -> rollout_undo @10-10",
                            "The error ratio is under 1 % -> verify @14-15",
                        }));
}

}  // namespace
}  // namespace drillsim::runbook
