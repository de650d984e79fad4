// The scorer's arithmetic on a hand-made case whose counts are derived below, line by line.
#include "runbook_score.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace drillsim::runbook_score {
namespace {

using nlohmann::json;

// Five primary steps, one alternative, two levels, in a 30-line runbook.
const json kLabels = json::parse(R"js({
  "style": "hand-made",
  "restores_service": true,
  "primary_steps": [
    {"lines": [5, 7], "actions": ["rollout_undo"], "title": "undo"},
    {"lines": [9, 9], "actions": ["verify"], "title": "check"},
    {"lines": [11, 12], "actions": ["db_restore"], "title": "restore"},
    {"lines": [14, 14], "actions": ["manual", "wait"], "title": "judge"},
    {"lines": [22, 23], "actions": ["notify"], "title": "tell"}
  ],
  "alternatives": [{"lines": [16, 18]}],
  "non_steps": [{"lines": [1, 2], "what": "toc"}],
  "levels": [{"name": "A", "lines": [3, 12]}, {"name": "B", "lines": [13, 20]}]
})js");

ImportedPlan hand_made_plan() {
  ImportedPlan p;
  p.steps = {
      {"S1", "rollout_undo", true, {6, 6}},  // P1, acceptable.
      {"S2", "manual", true, {9, 10}},       // P2, found, verify expected: wrong action.
      {"S3",
       "rollout_undo",
       true,
       {17, 17},
       true},                            // The alternative, with a `when`: neither primary nor false.
      {"S4", "manual", true, {1, 2}},    // The table of contents: false.
      {"S5", "verify", false, {}},       // Not located: false.
      {"S6", "manual", true, {12, 14}},  // P3 (manual, not db_restore) and P4 (manual, fine): merged.
  };
  p.levels = {{"A", true, {3, 3}}, {"B", true, {30, 30}}};
  return p;
}

TEST(RunbookScore, CountsOnAHandMadeCase) {
  const Score s = score(kLabels, hand_made_plan(), true);
  EXPECT_EQ(s.primary, 5);
  EXPECT_EQ(s.found, 4);        // P1..P4; P5 (lines 22-23) has no plan step.
  EXPECT_EQ(s.found_alone, 2);  // P1 by S1 and P2 by S2; P3 and P4 only by S6, which spans both.
  EXPECT_EQ(s.with_action, 2);  // P1 by S1, P4 by S6; P2 and P3 got manual.
  EXPECT_EQ(s.plan_steps, 6);
  EXPECT_EQ(s.false_steps, 2);  // S4 and S5.
  EXPECT_EQ(s.unlocated, 1);    // S5.
  EXPECT_EQ(s.merged, 1);       // S6.
  EXPECT_EQ(s.levels, 2);
  EXPECT_EQ(s.levels_found,
            1);  // A starts at 3, inside [3, 12]; B's plan level starts at 30, outside [13, 20].
  ASSERT_EQ(s.missed.size(), 1u);
  EXPECT_EQ(s.missed[0], "L22-23 tell");
  ASSERT_EQ(s.wrong_action.size(), 2u);
  EXPECT_EQ(s.wrong_action[0], "L9-9 check: got manual");
  EXPECT_EQ(s.wrong_action[1], "L11-12 restore: got manual");

  EXPECT_DOUBLE_EQ(found_ratio(s), 4.0 / 5);
  EXPECT_DOUBLE_EQ(action_ratio(s), 2.0 / 4);
  EXPECT_DOUBLE_EQ(false_ratio(s), 2.0 / 6);
  EXPECT_DOUBLE_EQ(load_ratio(s), 1.0);
  EXPECT_DOUBLE_EQ(level_ratio(s), 1.0 / 2);
  // Against the acceptance thresholds: found 0.8 < 0.9, with_action 0.5 < 0.9, false 0.333 > 0.1.
  const auto gaps = shortfalls(s, acceptance());
  ASSERT_EQ(gaps.size(), 3u);
  EXPECT_EQ(gaps[0], "found 0.800 < 0.900");
  EXPECT_EQ(gaps[1], "with_action 0.500 < 0.900");
  EXPECT_EQ(gaps[2], "false 0.333 > 0.100");
  // A ratchet at what this plan reaches passes; one step above fails.
  EXPECT_TRUE(shortfalls(s, {0.8, 0.5, 0.34, 1.0, 0.5}).empty());
  EXPECT_EQ(shortfalls(s, {0.81, 0.5, 0.34, 1.0, 0.5}).size(), 1u);
}

TEST(RunbookScore, AnAlternativeRunInSeriesIsFalse) {
  // The same plan, but S3 (inside the alternative, lines 16-18) has no `when`: the drill would run it
  // after the procedure. It becomes the third false step; nothing else changes.
  ImportedPlan p = hand_made_plan();
  p.steps[2].conditional = false;
  const Score s = score(kLabels, p, true);
  EXPECT_EQ(s.false_steps, 3);  // S3, S4, S5.
  EXPECT_EQ(s.in_series, 1);    // S3.
  EXPECT_EQ(s.found, 4);
  EXPECT_DOUBLE_EQ(false_ratio(s), 3.0 / 6);
  ASSERT_EQ(s.false_names.size(), 3u);
  EXPECT_EQ(s.false_names[0], "S3 (L17, an alternative run in series)");
  // A conditional step on a primary step's lines stays found (its `when` is not judged here).
  p.steps[0].conditional = true;
  EXPECT_EQ(score(kLabels, p, true).found, 4);
  // The plan's `when` is what makes a step conditional.
  const json plan = json::parse(R"js({"steps": [
    {"name": "a", "action": "rollout_undo", "source": {"line": 17, "end_line": 17}, "when": "Option B"},
    {"name": "b", "action": "rollout_undo", "source": {"line": 17, "end_line": 17}}]})js");
  const ImportedPlan read = read_imported_plan(plan, json::object());
  ASSERT_EQ(read.steps.size(), 2u);
  EXPECT_TRUE(read.steps[0].conditional);
  EXPECT_FALSE(read.steps[1].conditional);
  EXPECT_EQ(score(kLabels, read, true).in_series, 1);
}

TEST(RunbookScore, APlanThatDoesNotLoadCountsAgainstLoads) {
  const Score s = score(kLabels, hand_made_plan(), false);
  EXPECT_EQ(s.loads, 0);
  EXPECT_DOUBLE_EQ(load_ratio(s), 0.0);
  EXPECT_EQ(shortfalls(s, {0, 0, 1, 1.0, 0}), std::vector<std::string>{"loads 0.000 < 1.000"});
}

TEST(RunbookScore, TotalsAreSumsNotMeansOfRatios) {
  // Runbook a: 9 of 10 found; b: 1 of 1. The mean of ratios would be 0.95; the total is 10 / 11.
  Score a, b, total;
  a.primary = 10, a.found = 9, a.with_action = 9, a.runbooks = 1, a.loads = 1;
  b.primary = 1, b.found = 1, b.with_action = 0, b.runbooks = 1, b.loads = 0;
  total += a;
  total += b;
  EXPECT_DOUBLE_EQ(found_ratio(total), 10.0 / 11);
  EXPECT_DOUBLE_EQ(action_ratio(total), 9.0 / 10);
  EXPECT_DOUBLE_EQ(load_ratio(total), 1.0 / 2);
  // Empty denominators: nothing to find, nothing false.
  const Score empty;
  EXPECT_DOUBLE_EQ(found_ratio(empty), 1.0);
  EXPECT_DOUBLE_EQ(false_ratio(empty), 0.0);
}

TEST(RunbookScore, StepsAreLocatedBySourceElseByTheirImportNote) {
  const json plan = json::parse(R"js({"name": "p", "levels": [{"name": "Level 1: undo", "steps": [
      {"name": "Undo \"api\"", "action": "rollout_undo", "source": {"line": 8, "end_line": 11}},
      {"name": "Check", "action": "verify"},
      {"name": "Lost", "action": "manual"},
      {"name": "kubectl patch svc p -p '{\"spec\":{\"sel...", "action": "shift_traffic"}]}]})js");
  const json report = json::parse(R"js({"notes": [
      {"line": 3, "kind": "level", "text": "\"Level 1: undo\" with a budget of 300 s"},
      {"line": 12, "kind": "step", "text": "\"Check\" -> verify (curl ...)"},
      {"line": 9, "kind": "default duration", "text": "\"Lost\" has no time estimate: 120 s assumed"},
      {"line": 20, "kind": "manual step", "text": "\"kubectl get svc\": manual"},
      {"line": 21, "kind": "step", "text": "\"kubectl patch svc p -p '{\"spec\":{\"sel...\" -> shift_traffic"}]})js");
  const ImportedPlan p = read_imported_plan(plan, report);
  EXPECT_TRUE(p.alerts.empty());  // The report has no "detection".
  ASSERT_EQ(p.steps.size(), 4u);
  EXPECT_TRUE(p.steps[0].located);
  EXPECT_EQ(p.steps[0].lines.line, 8);
  EXPECT_EQ(p.steps[0].lines.end_line, 11);
  EXPECT_TRUE(p.steps[1].located);
  EXPECT_EQ(p.steps[1].lines.line, 12);
  EXPECT_EQ(p.steps[1].lines.end_line, 12);
  EXPECT_FALSE(p.steps[2].located);  // Only a default-duration note names it: not a location.
  // A name holding quotes and a colon ('{"spec":...') is matched whole, not cut at its first '":'.
  EXPECT_TRUE(p.steps[3].located);
  EXPECT_EQ(p.steps[3].lines.line, 21);
  ASSERT_EQ(p.levels.size(), 1u);
  EXPECT_TRUE(p.levels[0].located);
  EXPECT_EQ(p.levels[0].lines.line, 3);
}

TEST(RunbookScore, TriggersNeedMetricThresholdWindowAndDirection) {
  json labels = kLabels;
  labels["triggers"] = json::parse(R"js([
      {"line": 3, "metric": "error_ratio", "op": ">", "threshold": 0.05, "for_s": 300},
      {"line": 4, "metric": "latency_p95", "op": ">", "threshold": 0.2, "for_s": 600},
      {"line": 5, "metric": "error_ratio", "op": "<", "threshold": 0.01}])js");
  labels["objectives"] = {{"rto_s", 900}, {"rpo_s", 300}};
  ImportedPlan plan = hand_made_plan();
  // The first trigger read right; the second lost its window ("for 10 minutes"); the third turned "< 1 %"
  // into an alert above 1 %.
  plan.alerts = json::parse(R"js([
      {"name": "a", "metric": "error_ratio", "threshold": 0.05, "for_s": 300.0},
      {"name": "b", "metric": "latency_p95", "threshold": 0.2},
      {"name": "c", "metric": "error_ratio", "threshold": 0.01}])js");
  // The RTO read right, the RPO not.
  plan.objectives = json::parse(R"js([{"key": "api", "rto_s": 900, "rpo_s": 600}])js");
  const Score s = score(labels, plan, true);
  EXPECT_EQ(s.triggers, 3);
  EXPECT_EQ(s.triggers_found, 1);
  EXPECT_EQ(s.objectives, 2);
  EXPECT_EQ(s.objectives_found, 1);
  // b and c match no labelled trigger: two false alerts of three.
  EXPECT_EQ(s.alerts, 3);
  EXPECT_EQ(s.false_alerts, 2);
  // With the direction stated, the third matches.
  plan.alerts[2]["op"] = "<";
  EXPECT_EQ(score(labels, plan, true).triggers_found, 2);
  EXPECT_EQ(score(labels, plan, true).false_alerts, 1);
  // Without labelled triggers, alerts are not counted: nothing says which are false.
  labels.erase("triggers");
  EXPECT_EQ(score(labels, plan, true).alerts, 0);
  // An empty list says the runbook states none: every alert is false.
  labels["triggers"] = json::array();
  EXPECT_EQ(score(labels, plan, true).false_alerts, 3);
}

TEST(RunbookScore, LabelsThatDoNotFitTheirRunbookAreRejected) {
  EXPECT_NO_THROW(validate_labels(kLabels, 30));
  EXPECT_THROW(validate_labels(kLabels, 22), std::runtime_error);  // Lines 22-23 past the end.
  json bad = kLabels;
  bad["primary_steps"][0]["actions"] = json::array({"rollback"});
  EXPECT_THROW(validate_labels(bad, 30), std::runtime_error);
  bad = kLabels;
  bad["alternatives"][0]["lines"] = json::array({18, 16});
  EXPECT_THROW(validate_labels(bad, 30), std::runtime_error);
  bad = kLabels;
  bad.erase("primary_steps");
  EXPECT_THROW(validate_labels(bad, 30), std::runtime_error);
  // Every action a plan may hold is a label's action too: the three the scorer once lacked.
  json good = kLabels;
  good["primary_steps"][0]["actions"] = json::array({"scale_deployment", "rollout_pause", "rollout_resume"});
  EXPECT_NO_THROW(validate_labels(good, 30));
}

// A drill restored service when every incident of its report has a "restored" instant; the rate is taken
// on the runbooks whose procedure restores service, 1 when none was scaffolded.
TEST(RunbookScore, RestoredDrillsAndTheirRate) {
  const auto report = [](std::vector<json> restored) {
    json incidents = json::array();
    for (const auto& r : restored)
      incidents.push_back({{"instants", {{"onset", 600.0}, {"restored", r}}}});
    return json{{"incidents", incidents}};
  };
  EXPECT_TRUE(drill_restored(report({1820.0})));
  EXPECT_TRUE(drill_restored(report({900.0, 1500.0})));
  EXPECT_FALSE(drill_restored(report({nullptr})));
  EXPECT_FALSE(drill_restored(report({1820.0, nullptr})));  // a second incident never restored
  EXPECT_FALSE(drill_restored(report({})));                 // no incident: nothing was drilled
  EXPECT_FALSE(drill_restored(json()));                     // no report: the drill did not run
  Score total;
  EXPECT_DOUBLE_EQ(restore_ratio(total), 1.0);
  Score a, b, c;
  a.restores = b.restores = c.restores = 1;
  a.restored = b.restored = 1;
  total += a;
  total += b;
  total += c;
  EXPECT_EQ(total.restores, 3);
  EXPECT_EQ(total.restored, 2);
  Thresholds t;
  t.min_restore = 0.9;
  const auto gaps = shortfalls(total, t);  // 2 of 3 = 0.667 < 0.9
  ASSERT_EQ(gaps.size(), 1u);
  EXPECT_EQ(gaps[0], "restored 0.667 < 0.900");
}

}  // namespace
}  // namespace drillsim::runbook_score
