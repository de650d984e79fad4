// scaffold: an imported runbook (built here by hand, so that these tests do not depend on how the
// importer reads Markdown) in, a plan and a scenario out that the loader accepts as they are.
#include "runbook/scaffold.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "io/input_error.hpp"
#include "io/scenario_loader.hpp"

namespace drillsim::runbook {
namespace {

using ojson = nlohmann::ordered_json;

ojson step(const std::string& name, const std::string& action, ojson extra = ojson::object()) {
  ojson s{{"name", name}, {"action", action}};
  for (const auto& [k, v] : extra.items())
    s[k] = v;
  return s;
}

ImportResult two_levels() {
  ImportResult r;
  r.title = "Checkout rollback";
  r.plan = {
      {"name", "Checkout rollback"},
      {"levels",
       ojson::array(
           {{{"name", "Level 1: flag"},
             {"claim_s", 120},
             {"steps", ojson::array({step("Turn the flag off", "disable_flag", {{"flag", "new_checkout"}}),
                                     step("Check checkout", "verify", {{"service", "checkout"}})})}},
            {{"name", "Level 2: undo"},
             {"steps",
              ojson::array({step("Undo checkout", "rollout_undo", {{"service", "checkout"}}),
                            step("Undo search", "rollout_undo", {{"service", "search"}}),
                            step("Watch", "wait"),
                            step("Check checkout again", "verify", {{"service", "checkout"}})})}}})}};
  r.services = {"checkout", "search"};
  r.alerts = ojson::array({{{"name", "Errors"},
                            {"service", "checkout"},
                            {"metric", "error_ratio"},
                            {"threshold", 0.05},
                            {"for_s", 300}}});
  r.objectives = ojson::array({{{"key", "Checkout API"}, {"rto_s", 900}, {"rpo_s", 60}},
                               {{"key", "Reporting"}, {"rto_s", 3600}, {"rpo_s", 600}}});
  return r;
}

ScaffoldOptions level(const std::string& name) {
  ScaffoldOptions options;
  options.level = name;
  return options;
}

// The scenario as `drillsim run` would load it: the plan file's content in place of its name.
model::Scenario load(const ScaffoldResult& s) {
  ojson doc = s.scenario;
  doc["plan"] = s.plan;
  return io::parse_scenario(doc.dump(), "scaffolded");
}

bool has(const std::vector<std::string>& texts, const std::string& part) {
  return std::any_of(texts.begin(), texts.end(),
                     [&](const std::string& t) { return t.find(part) != std::string::npos; });
}

TEST(Scaffold, DeclaresWhatThePlanNamesAndLoads) {
  const auto s = scaffold(two_levels(), {});
  const model::Scenario scenario = load(s);
  ASSERT_EQ(scenario.services.size(), 2u);
  EXPECT_EQ(scenario.services[0].name, "checkout");  // the service the plan acts on most
  EXPECT_EQ(scenario.services[1].name, "search");
  EXPECT_EQ(s.scenario["plan"], "plan.json");
  // Level 1 is a kill switch: the incident is a bad release behind its flag.
  EXPECT_EQ(s.level, "Level 1: flag");
  ASSERT_TRUE(scenario.fault);
  EXPECT_EQ(scenario.fault->flag, "new_checkout");
  EXPECT_EQ(scenario.fault->service, "checkout");
  ASSERT_TRUE(scenario.decision);
  EXPECT_TRUE(scenario.decision->rules.empty());
  EXPECT_EQ(scenario.decision->otherwise, "Level 1: flag");
  // The runbook's own trigger, kept; no assumed alert is needed.
  ASSERT_EQ(scenario.alerts.size(), 1u);
  EXPECT_EQ(scenario.alerts[0].name, "Errors");
  // The row naming checkout is its objective; the other row is reported, not invented.
  ASSERT_EQ(scenario.objectives.size(), 1u);
  EXPECT_EQ(scenario.objectives[0].service, "checkout");
  EXPECT_DOUBLE_EQ(scenario.objectives[0].rto_s, 900);
  EXPECT_DOUBLE_EQ(scenario.objectives[0].rpo_s, 60);
  EXPECT_TRUE(has(s.notes, "\"Reporting\""));
  // The invented values are listed, and the loader carries them.
  EXPECT_EQ(scenario.assumptions.size(), s.assumptions.size());
  EXPECT_TRUE(has(s.assumptions, "responder"));
  EXPECT_TRUE(has(s.assumptions, "incident: a bad release behind flag \"new_checkout\""));
  EXPECT_TRUE(has(s.assumptions, "step \"Watch\": no duration in the plan, 60 s assumed"));
}

// A long plan over many services: 120 manual steps of 300 s make the drill about 23 hours long; at
// 100 requests/s, 6 services would need about 50 M requests, past the loader's 10 M. The scaffold
// lowers every service's rate instead (8 M / (6 x 82,800 s) = 16 per second), says so, and loads.
TEST(Scaffold, ALongPlanOverManyServicesStaysWithinTheRequestBudget) {
  ImportResult r;
  r.title = "Restore everything";
  ojson steps = ojson::array();
  for (int k = 0; k < 120; ++k)
    steps.push_back(step("Step " + std::to_string(k), "manual", {{"duration", 300}}));
  for (const char* name : {"web", "api", "worker", "cache", "db", "search"})
    steps.push_back(step(std::string("Undo ") + name, "rollout_undo", {{"service", name}}));
  r.plan = {{"name", "Restore everything"}, {"steps", steps}};
  r.services = {"web", "api", "worker", "cache", "db", "search"};
  const auto s = scaffold(r, {});
  const double duration = s.scenario["duration_s"].get<double>();
  EXPECT_GT(6 * 100 * duration, 1e7);
  double requests = 0;
  for (const auto& service : s.scenario["services"])
    requests += service["traffic"]["rate"]["rps"].get<double>() * duration;
  EXPECT_LE(requests, 8e6);
  EXPECT_GE(requests, 7e6);
  EXPECT_TRUE(has(s.assumptions, "requests/s per service rather than 100"));
  EXPECT_NO_THROW(load(s));
}

TEST(Scaffold, LevelByNumberOrName) {
  EXPECT_EQ(scaffold(two_levels(), level("2")).level, "Level 2: undo");
  EXPECT_EQ(scaffold(two_levels(), level("Level 2: undo")).level, "Level 2: undo");
  EXPECT_EQ(scaffold(two_levels(), level("UNDO")).level, "Level 2: undo");  // the one level containing it
  const auto s = scaffold(two_levels(), level("2"));
  EXPECT_EQ(load(s).decision->otherwise, "Level 2: undo");
  // Level 2 rolls the release back: still a bad release, still behind Level 1's flag so that the
  // plan (which keeps every level for escalations) loads.
  EXPECT_EQ(s.incident, "bad_release");
  EXPECT_EQ(load(s).fault->flag, "new_checkout");
  EXPECT_THROW(scaffold(two_levels(), level("3")), ScaffoldError);
  EXPECT_THROW(scaffold(two_levels(), level("0")), ScaffoldError);
  EXPECT_THROW(scaffold(two_levels(), level("level")), ScaffoldError);  // names both
  try {
    scaffold(two_levels(), level("canary"));
    FAIL();
  } catch (const ScaffoldError& e) {
    EXPECT_STREQ(e.what(),
                 "--level \"canary\" names no level; the runbook's levels are 1 \"Level 1: flag\", 2 \"Level "
                 "2: undo\"");
  }
}

TEST(Scaffold, RestoreRunbookGetsDataCorruptionAndAnIntegrityCheck) {
  ImportResult r;
  r.plan = {
      {"name", "Restore"},
      {"levels",
       ojson::array({{{"name", "Rollback"},
                      {"steps", ojson::array({step("Restore orders", "db_restore", {{"store", "orders"}}),
                                              step("Check", "verify", {{"service", "api"}})})}}})}};
  r.backup_intervals_s = {21600};
  r.mentions_pitr = true;
  const auto s = scaffold(r, {});
  const auto scenario = load(s);
  EXPECT_EQ(s.incident, "data_corruption");
  EXPECT_EQ(scenario.fault->service, "api");
  ASSERT_EQ(scenario.stores.size(), 1u);
  EXPECT_EQ(scenario.stores[0].name, "orders");
  EXPECT_DOUBLE_EQ(scenario.stores[0].backup_interval_s, 21600);  // the runbook's own interval
  EXPECT_EQ(scenario.stores[0].wal_archive_interval_s, 300);      // it mentions PITR
  ASSERT_EQ(scenario.integrity_checks.size(), 1u);                // none stated: one assumed
  EXPECT_TRUE(has(s.assumptions, "integrity check of \"orders\""));
  EXPECT_TRUE(has(s.assumptions, "backups every 360 min as the runbook states"));
  // No RTO/RPO table: the default objective is an assumption.
  EXPECT_TRUE(has(s.assumptions, "RTO 30 min and RPO 5 min assumed"));
}

// A corruption incident's release is not what the runbook undoes: its schema is in every backup, so the
// store gets no migration that a restore would take away from the running release (which would fail every
// request after the restore). A store a step reverts keeps its migration.
TEST(Scaffold, ACorruptionRestoreKeepsTheRunningReleasesSchema) {
  ImportResult r;
  r.plan = {
      {"name", "Restore"},
      {"levels", ojson::array({{{"name", "Rollback"},
                                {"steps", ojson::array({step("Stop the app", "manual"),
                                                        step("Restore", "db_restore", {{"store", "db"}}),
                                                        step("Start the app", "manual")})}}})}};
  const auto s = scaffold(r, {});
  EXPECT_EQ(s.incident, "data_corruption");
  ASSERT_EQ(s.scenario["stores"].size(), 1u);
  EXPECT_FALSE(s.scenario["stores"][0].contains("migration"));
  EXPECT_TRUE(has(s.assumptions, "the release's schema already in every backup"));
  load(s);
  // A bad release keeps the migration that comes with it.
  ImportResult undo = r;
  undo.plan["levels"][0]["steps"][0] = step("Undo", "rollout_undo", {{"service", "app"}});
  const auto u = scaffold(undo, {});
  EXPECT_EQ(u.incident, "bad_release");
  EXPECT_TRUE(u.scenario["stores"][0].contains("migration"));
  // A store a step reverts has its migration even in a corruption incident.
  ImportResult down = r;
  down.plan["levels"][0]["steps"][0] = step("Down", "db_migrate_down", {{"store", "db"}});
  down.migrated_stores = {"db"};
  const auto d = scaffold(down, {});
  EXPECT_EQ(d.incident, "data_corruption");
  EXPECT_TRUE(d.scenario["stores"][0].contains("migration"));
  load(d);
}

// Without --level the drill replays the first level that changes the system, and says so; a level of
// checks and messages alone could never restore service.
TEST(Scaffold, TheDefaultLevelIsTheFirstThatChangesTheSystem) {
  ImportResult r = two_levels();
  r.plan["levels"].insert(
      r.plan["levels"].begin(),
      ojson{{"name", "0. Checks"},
            {"steps", ojson::array({step("Look at the dashboards", "verify", {{"service", "checkout"}}),
                                    step("Tell the channel", "notify"),
                                    step("Maybe undo", "rollout_undo",
                                         {{"service", "checkout"}, {"when", "if asked"}})})}});
  const auto s = scaffold(r, {});
  EXPECT_EQ(s.level, "Level 1: flag");
  EXPECT_TRUE(has(s.assumptions, "\"0. Checks\" changes nothing"));
  EXPECT_EQ(scaffold(r, level("1")).level, "0. Checks");  // still there when asked for
  // The first level changes the system: it is the one, with nothing to say.
  const auto plain = scaffold(two_levels(), {});
  EXPECT_EQ(plain.level, "Level 1: flag");
  EXPECT_FALSE(has(plain.assumptions, "changes nothing"));
}

TEST(Scaffold, ConfigRunbookGetsBadConfigAndNoTriggersGetAnAssumedAlert) {
  ImportResult r;
  r.plan = {{"name", "Config"},
            {"levels",
             ojson::array(
                 {{{"name", "Rollback"},
                   {"steps",
                    ojson::array({step("Restore the config map", "restore_config", {{"service", "web app"}}),
                                  step("Turn off beta", "disable_flag", {{"flag", "beta"}})})}}})}};
  r.services = {"web app"};
  const auto s = scaffold(r, {});
  // A kill switch in the level makes it a flag-guarded release, whatever else the level does.
  EXPECT_EQ(s.incident, "bad_release");
  r.plan["levels"][0]["steps"].erase(1);
  const auto c = scaffold(r, {});
  const auto scenario = load(c);
  EXPECT_EQ(c.incident, "bad_config");
  EXPECT_EQ(scenario.services[0].name, "web-app");  // a name the loader takes
  ASSERT_EQ(scenario.alerts.size(), 1u);
  EXPECT_TRUE(has(c.assumptions, "no error-rate trigger"));
}

// A plan that turns off several flags (a "disable features" section): the incident sits behind one,
// every other is declared with no fault behind it, and each step keeps its action, so the plan loads.
TEST(Scaffold, EveryFlagThePlanTurnsOffIsDeclared) {
  ImportResult r = two_levels();
  r.plan["levels"][1]["steps"].push_back(
      step("Turn off search beta", "disable_flag", {{"flag", "search_beta"}}));
  r.plan["levels"][0]["steps"].push_back(step("Disable FEATURE_Y", "disable_flag", {{"flag", "FEATURE_Y"}}));
  r.plan["levels"][1]["steps"].push_back(
      step("Disable FEATURE_Y again", "disable_flag", {{"flag", "FEATURE_Y"}}));
  const auto s = scaffold(r, {});
  const auto scenario = load(s);
  EXPECT_EQ(scenario.fault->flag, "new_checkout");
  EXPECT_EQ(scenario.flags, (std::vector<std::string>{"FEATURE_Y", "search_beta"}));
  const auto& kept = scenario.plan->levels[1].steps[4];
  EXPECT_EQ(kept.name, "Turn off search beta");
  EXPECT_EQ(kept.action, model::StepSpec::Action::DisableFlag);
  EXPECT_EQ(kept.flag, "search_beta");
  EXPECT_TRUE(has(s.notes, "flag \"search_beta\""));
  // A drill whose incident is behind no flag (data corruption) declares every flag the plan names.
  ImportResult d;
  d.plan = {{"name", "Restore"},
            {"levels",
             ojson::array({{{"name", "Restore"},
                            {"steps", ojson::array({step("Restore", "db_restore", {{"store", "orders"}})})}},
                           {{"name", "Flags"},
                            {"steps", ojson::array({step("Off A", "disable_flag", {{"flag", "A"}}),
                                                    step("Off B", "disable_flag", {{"flag", "B"}})})}}})}};
  const auto ds = scaffold(d, {});
  EXPECT_EQ(ds.incident, "data_corruption");
  const auto dscenario = load(ds);
  EXPECT_TRUE(dscenario.fault->flag.empty());
  EXPECT_EQ(dscenario.flags, (std::vector<std::string>{"A", "B"}));
}

TEST(Scaffold, ErrorThresholdAboveTheIncidentMakesItWorse) {
  ImportResult r = two_levels();
  r.alerts[0]["threshold"] = 0.5;  // The runbook pages only above 50%: a 30% incident would never page.
  const auto scenario = load(scaffold(r, {}));
  EXPECT_DOUBLE_EQ(scenario.fault->as<model::fault::BadRelease>().error_probability, 0.75);
}

TEST(Scaffold, DuplicateStepNamesAndEmptyLevels) {
  ImportResult r = two_levels();
  r.plan["levels"][1]["steps"][3]["name"] = "Check checkout";
  r.plan["levels"].push_back({{"name", "Level 3: empty"}, {"steps", ojson::array()}});
  const auto s = scaffold(r, {});
  const auto scenario = load(s);
  EXPECT_EQ(scenario.plan->levels.size(), 2u);
  EXPECT_EQ(scenario.plan->levels[1].steps[3].name, "Check checkout (2)");
  EXPECT_TRUE(has(s.notes, "\"Level 3: empty\" has no step"));
}

TEST(Scaffold, AnInfrastructureRollbackAloneRedeploysThePreviousRelease) {
  ImportResult r;
  r.plan = {
      {"name", "IaC"},
      {"levels", ojson::array({{{"name", "Rollback"},
                                {"steps", ojson::array({step("Apply the previous stack", "infra_rollback"),
                                                        step("Check", "verify", {{"service", "api"}})})}}})}};
  const auto s = scaffold(r, {});
  const auto scenario = load(s);
  const auto& apply = scenario.plan->levels[0].steps[0];
  EXPECT_EQ(apply.action, model::StepSpec::Action::PipelineRedeploy);
  EXPECT_EQ(apply.service, "api");
  EXPECT_EQ(apply.version, model::Version::Stable);
  EXPECT_TRUE(has(s.assumptions, "the infrastructure it rolls back carries the release"));
  // After a release rollback it stays what it is: time only.
  auto& steps = r.plan["levels"][0]["steps"];
  steps.insert(steps.begin(), step("Undo", "rollout_undo", {{"service", "api"}}));
  EXPECT_EQ(load(scaffold(r, {})).plan->levels[0].steps[1].action, model::StepSpec::Action::InfraRollback);
}

// The first way back decides: a pipeline resumed after the infrastructure is rolled back and checked
// completes that rollback, it does not make the infrastructure step time only.
TEST(Scaffold, APipelineResumedAfterTheInfrastructureRollbackKeepsItTheWayBack) {
  ImportResult r;
  r.plan = {{"name", "IaC"},
            {"levels", ojson::array({{{"name", "Rollback"},
                                      {"steps", ojson::array({step("Revert the change set", "infra_rollback"),
                                                              step("Check", "verify", {{"service", "edge"}}),
                                                              step("Resume the sync", "pipeline_redeploy",
                                                                   {{"service", "edge"}})})}}})}};
  const auto scenario = load(scaffold(r, {}));
  EXPECT_EQ(scenario.plan->levels[0].steps[0].action, model::StepSpec::Action::PipelineRedeploy);
  EXPECT_EQ(scenario.plan->levels[0].steps[0].service, "edge");
}

// A restore runbook that redeploys or reconfigures the application after the restore (to point it at the
// restored database) is still written for bad data; a restore after the release is rolled back is not.
TEST(Scaffold, ARestoreBeforeTheRedeployIsWrittenForBadData) {
  ImportResult r;
  r.plan = {{"name", "Restore"},
            {"levels",
             ojson::array({{{"name", "Rollback"},
                            {"steps", ojson::array({step("Restore the snapshot", "db_restore"),
                                                    step("Redeploy with the new endpoint",
                                                         "pipeline_redeploy", {{"service", "api"}})})}}})}};
  EXPECT_EQ(scaffold(r, {}).incident, "data_corruption");
  auto& steps = r.plan["levels"][0]["steps"];
  std::swap(steps[0], steps[1]);
  EXPECT_EQ(scaffold(r, {}).incident, "bad_release");
}

// A level that rolls the Deployment back before it moves any traffic is not replayed on weighted routing
// (all traffic would stay on the new version): the service follows its Ready pods, and the later traffic
// shift, which such a service cannot load, is kept as a manual step.
TEST(Scaffold, RollbackBeforeATrafficShiftRoutesByPods) {
  ImportResult r;
  r.plan = {{"name", "Mixed"},
            {"levels",
             ojson::array({{{"name", "Rollback"},
                            {"steps", ojson::array({step("Undo", "rollout_undo", {{"service", "web"}}),
                                                    step("Check", "verify", {{"service", "web"}}),
                                                    step("Point the router at blue", "shift_traffic",
                                                         {{"service", "web"},
                                                          {"weights", {{"stable", 1}, {"new", 0}}}})})}}})}};
  auto s = scaffold(r, {});
  auto scenario = load(s);
  EXPECT_EQ(scenario.services[0].routing, model::Routing::Pods);
  EXPECT_EQ(scenario.plan->levels[0].steps[2].action, model::StepSpec::Action::Manual);
  EXPECT_TRUE(has(s.notes, "routed by Ready pods"));
  // A level whose first way back is the traffic shift stays blue-green.
  auto& steps = r.plan["levels"][0]["steps"];
  std::swap(steps[0], steps[2]);
  s = scaffold(r, {});
  scenario = load(s);
  EXPECT_EQ(scenario.services[0].routing, model::Routing::Weights);
  EXPECT_EQ(scenario.plan->levels[0].steps[0].action, model::StepSpec::Action::ShiftTraffic);
}

// A trigger at or below five times the healthy error ratio (0.2 %) would fire before the incident: the
// healthy versions then fail nothing. A trigger well above it keeps the default.
TEST(Scaffold, HealthyVersionsStayBelowTheLowestErrorTrigger) {
  ImportResult r = two_levels();
  r.alerts[0]["threshold"] = 0.001;  // "availability below 99.9 %"
  auto s = scaffold(r, level("2"));
  auto scenario = load(s);
  for (const auto& version : scenario.services[0].versions)
    EXPECT_EQ(version.error_probability, 0.0);
  EXPECT_TRUE(has(s.assumptions, "healthy versions fail no request"));
  r.alerts[0]["threshold"] = 0.02;  // ten times 0.2 %: far enough
  s = scaffold(r, level("2"));
  scenario = load(s);
  for (const auto& version : scenario.services[0].versions)
    EXPECT_DOUBLE_EQ(version.error_probability, 0.002);
  EXPECT_FALSE(has(s.assumptions, "healthy versions fail no request"));
}

// The incident goes where the replayed level's first way back acts (the Service whose selector is
// patched), not on the Deployment the checks around it name more often.
TEST(Scaffold, TheIncidentSitsWhereTheFirstWayBackActs) {
  ImportResult r;
  r.plan = {
      {"name", "Selector"},
      {"levels",
       ojson::array(
           {{{"name", "Rollback"},
             {"steps", ojson::array({step("Look at green", "verify", {{"service", "cart-green"}}),
                                     step("Patch the selector", "shift_traffic",
                                          {{"service", "cart"}, {"weights", {{"stable", 1}, {"new", 0}}}}),
                                     step("Look again", "verify", {{"service", "cart-green"}}),
                                     step("And again", "verify", {{"service", "cart-green"}})})}}})}};
  r.services = {"cart-green", "cart"};
  const auto s = scaffold(r, {});
  const auto scenario = load(s);
  ASSERT_TRUE(scenario.fault);
  EXPECT_EQ(scenario.fault->service, "cart");
  EXPECT_TRUE(has(s.notes, "\"cart\" has the incident"));
}

TEST(Scaffold, ACheckBehindTheMaintenancePageIsManual) {
  // Every request gets the page while it is on: a verify of that service then cannot pass, so the check
  // the operators make behind it is replayed as a manual step; one after the page is off stays a verify.
  ImportResult r;
  r.plan = {{"name", "Restore"},
            {"levels",
             ojson::array(
                 {{{"name", "Rollback"},
                   {"steps",
                    ojson::array({step("Page on", "maintenance_mode", {{"service", "shop"}, {"on", true}}),
                                  step("Load the dump", "db_restore", {{"store", "db"}}),
                                  step("Check orders", "verify", {{"service", "shop"}}),
                                  step("Page off", "maintenance_mode", {{"service", "shop"}, {"on", false}}),
                                  step("Check again", "verify", {{"service", "shop"}})})}}})}};
  r.services = {"shop"};
  r.stores = {"db"};
  const auto s = scaffold(r, {});
  load(s);
  const auto& steps = s.plan["levels"][0]["steps"];
  EXPECT_EQ(steps[2]["action"], "manual");
  EXPECT_EQ(steps[4]["action"], "verify");
  EXPECT_TRUE(has(s.notes, "while its maintenance page is on"));
}

TEST(Scaffold, TriggersWatchTheServiceThatHasTheIncident) {
  // The import puts every trigger on the service most commands name (here the Deployment an alternative
  // rolls back); the incident is where the first way back acts (the Route whose weights move). A trigger
  // left on the other service would never see the incident and no decision would be taken.
  ImportResult r;
  r.plan = {{"name", "Colours"},
            {"levels",
             ojson::array(
                 {{{"name", "Rollback"},
                   {"steps",
                    ojson::array({step("Give traffic back", "shift_traffic",
                                       {{"service", "storefront"}, {"weights", {{"stable", 1}, {"new", 0}}}}),
                                  step("Undo the colour", "rollout_undo",
                                       {{"service", "storefront-green"}, {"when", "Option B"}}),
                                  step("Status", "verify", {{"service", "storefront-green"}})})}}})}};
  r.services = {"storefront", "storefront-green"};
  r.alerts = ojson::array({{{"name", "Errors"},
                            {"service", "storefront-green"},
                            {"metric", "error_ratio"},
                            {"threshold", 0.02},
                            {"for_s", 300}}});
  r.smoke_tests = ojson::array({{{"name", "Smoke"}, {"flow", {"storefront-green"}}, {"period_s", 300}}});
  const auto s = scaffold(r, {});
  const auto scenario = load(s);
  ASSERT_TRUE(scenario.fault);
  EXPECT_EQ(scenario.fault->service, "storefront");
  EXPECT_EQ(s.scenario["alerts"][0]["service"], "storefront");
  EXPECT_EQ(s.scenario["smoke_tests"][0]["flow"], ojson::array({"storefront"}));
  EXPECT_TRUE(has(s.notes, "triggers name no service"));
}

TEST(Scaffold, NoStepIsAnError) {
  ImportResult r;
  r.plan = {{"name", "Nothing"}, {"levels", ojson::array()}};
  EXPECT_THROW(scaffold(r, {}), ScaffoldError);
}

}  // namespace
}  // namespace drillsim::runbook

namespace drillsim::runbook {
namespace {

// A level that restores data and then turns the release's flag off keeps the release running: the
// incident is the bad release behind the flag, and the restored store gets no migration that the restore
// would take away from it (before, the restore reverted the column the running release needs and every
// request failed after it, the flag off or not).
TEST(Scaffold, ARestoreThenAFlagOffKeepsTheRunningReleasesSchema) {
  ImportResult r;
  const ojson steps = ojson::array({step("Stop the app", "manual"),
                                   step("Restore", "db_restore", {{"store", "orders"}}),
                                   step("Start the app", "manual"),
                                   step("Flag off", "disable_flag", {{"flag", "bulk"}})});
  r.plan = {{"name", "Restore"}, {"levels", ojson::array({{{"name", "Rollback"}, {"steps", steps}}})}};
  const auto s = scaffold(r, {});
  EXPECT_EQ(s.incident, "bad_release");
  ASSERT_EQ(s.scenario["stores"].size(), 1u);
  EXPECT_FALSE(s.scenario["stores"][0].contains("migration"));
  load(s);
  // With the release rolled back as well, the migration that comes with the release is there to lose.
  ImportResult undo = r;
  undo.plan["levels"][0]["steps"][2] = step("Undo", "rollout_undo", {{"service", "app"}});
  const auto u = scaffold(undo, {});
  EXPECT_TRUE(u.scenario["stores"][0].contains("migration"));
}

}  // namespace
}  // namespace drillsim::runbook
