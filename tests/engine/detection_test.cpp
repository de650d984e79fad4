// Detection and response end to end on SimGrid, on cases whose instants can be derived by hand: health
// checks, Alertmanager's group_wait and group_interval, escalation, the decision rules and fix-forward.
// Each TEST runs in its own process (gtest_discover_tests + ctest).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/drill.hpp"
#include "report/alert_series.hpp"
#include "promql/rule_file.hpp"
#include "promql/yaml.hpp"
#include "test_scenarios.hpp"

namespace drillsim::engine {
namespace {

using model::Distribution;
using model::Instant;

// "api": 2 stable replicas, 100 req/s, 1 ms service; from t = 100 s the stable version fails every
// request. A responder that acknowledges after 60 s and assesses for 40 s; Alertmanager's group_wait 30 s.
model::Scenario failing_from_100() {
  auto s = testing::single_service(100.0, 2, 0.001, 600.0);
  model::FaultSpec fault;
  fault.service = "api";
  fault.version = model::Version::Stable;
  fault.at_s = 100.0;
  fault.kind = model::fault::BadRelease{.error_probability = 1.0};
  s.fault = fault;
  model::ResponderSpec responder;
  responder.ack = Distribution::fixed(60.0);
  responder.assess = Distribution::fixed(40.0);
  s.responder = responder;
  return s;
}

// Probes every 10 s at offset 5 (105, 115, 125, ...), failureThreshold 3: the probes at 105, 115 and
// 125 fail, so the check fires at 125; page at 125 + 30 = 155, ack 215, decide 255.
TEST(Detection, HealthCheckFiresAtTheThirdConsecutiveFailure) {
  auto s = failing_from_100();
  s.probes.push_back({"ApiHealth", "api", 10.0, 5.0, 1.0, 3});
  const auto r = run_drill(s, DrillOptions{});
  ASSERT_TRUE(r.incident);
  const auto& t = r.incident->timeline;
  EXPECT_EQ(t.at(Instant::Detect), 125.0);
  EXPECT_EQ(r.incident->detect_signal, "ApiHealth");
  EXPECT_EQ(t.at(Instant::Page), 155.0);
  EXPECT_EQ(t.at(Instant::Ack), 215.0);
  EXPECT_EQ(t.at(Instant::Decide), 255.0);
  ASSERT_EQ(r.signals.size(), 1u);
  EXPECT_EQ(r.signals[0].kind, "probe");
  EXPECT_EQ(r.signals[0].fired_s, 125.0);
}

// A probe also fails when the answer is slower than its timeout: from 100 s the service takes 1000 times
// longer (1 s on average against a 0.2 s timeout; P(exponential(1 s) <= 0.2 s) = 1 - e^-0.2 = 18%), so
// a probe passes with 18% chance: with failureThreshold 1 the check fires at the first probe that
// fails, at 100 + 10 k; the service never errs, only slows.
TEST(Detection, HealthCheckCountsATimeoutAsAFailure) {
  auto s = failing_from_100();
  s.fault->as<model::fault::BadRelease>().error_probability = 0.0;
  s.fault->as<model::fault::BadRelease>().latency_factor = 1000.0;
  s.probes.push_back({"ApiHealth", "api", 10.0, 0.0, 0.2, 1});
  const auto r = run_drill(s, DrillOptions{});
  ASSERT_TRUE(r.signals[0].fired_s);
  const double fired = *r.signals[0].fired_s;
  EXPECT_GE(fired, 100.0);
  EXPECT_EQ(std::fmod(fired, 10.0), 0.0);
  EXPECT_LT(fired, 200.0);  // 10 passes in a row: 0.18^10 ~ 4e-8.
}

// A smoke test that runs 1 ms after the fault starts (100 s) sends its request to a service that now
// fails every request: it fails, and the test fires at 100.001. That failed request is the fault's first
// effect (the first request of the real traffic to fail completes at 100.012 with this seed), so the
// onset is 100.001 too and the time to detect is 0. It used to be -0.011 s: the onset was the first
// failed request of the real traffic, and the smoke test "detected" the fault before it.
TEST(Detection, ASmokeTestRightAfterTheFaultDetectsNoEarlierThanTheOnset) {
  auto s = failing_from_100();
  s.smoke_tests.push_back({"Checkout", {"api"}, 300.0, 100.001, 5.0, 1});
  const auto r = run_drill(s, DrillOptions{});
  ASSERT_TRUE(r.incident);
  const auto& t = r.incident->timeline;
  ASSERT_TRUE(t.at(Instant::Onset));
  ASSERT_TRUE(t.at(Instant::Detect));
  EXPECT_EQ(r.incident->detect_signal, "Checkout");
  EXPECT_EQ(*t.at(Instant::Detect), 100.001);
  EXPECT_GE(*t.at(Instant::Detect), *t.at(Instant::Onset));
  EXPECT_EQ(*t.at(Instant::Onset), 100.001);
}

// "web" (50 requests/s) calls "api" once per request; api's own users send 0.01 requests/s. From 100 s
// api's stable version fails every request. A web request's call to api is a request api's fault fails,
// so it is the onset: the first one after 100 s (one every 20 ms on average), long before api's own
// users' next request (one every 100 s on average). And a smoke test through web alone, 1 ms after
// the fault, detects it through its call to api, at the onset, not before it.
model::Scenario web_calls_failing_api() {
  auto s = failing_from_100();
  s.services[0].traffic.rate.rps = 0.01;
  auto web = testing::single_service(50.0, 2, 0.001, 600.0).services[0];
  web.name = "web";
  web.calls = {{"api", 1, 1.0}};
  s.services.push_back(web);
  return s;
}

TEST(Detection, ACalleesFaultAffectsItThroughItsCallersCalls) {
  const auto r = run_drill(web_calls_failing_api(), DrillOptions{});
  ASSERT_TRUE(r.incident);
  const auto onset = r.incident->timeline.at(Instant::Onset);
  ASSERT_TRUE(onset);
  EXPECT_GE(*onset, 100.0);
  EXPECT_LT(*onset, 100.2);  // P(no web request in 200 ms) = e^-10
}

TEST(Detection, ASmokeTestThroughACallerDetectsNoEarlierThanTheOnset) {
  auto s = web_calls_failing_api();
  s.smoke_tests.push_back({"Storefront", {"web"}, 300.0, 100.001, 5.0, 1});
  const auto r = run_drill(s, DrillOptions{});
  ASSERT_TRUE(r.incident);
  const auto& t = r.incident->timeline;
  ASSERT_TRUE(t.at(Instant::Onset));
  ASSERT_TRUE(t.at(Instant::Detect));
  EXPECT_EQ(r.incident->detect_signal, "Storefront");
  EXPECT_EQ(*t.at(Instant::Detect), 100.001);
  EXPECT_GE(*t.at(Instant::Detect), *t.at(Instant::Onset));
}

// A crash loop on a service that almost nobody calls (0.001 requests/s): its one container (start 5 s,
// probed every second) crashes 30 s after the fault starts at 100, at 130. That crash is the fault's first
// effect, though no request failed: a `restarts` rule (window 60 s, scraped every second, evaluated every
// 10 s, > 0) sees it in the scrape at 131 and fires at 140, 10 s after the onset, not before it.
TEST(Detection, ACrashTheFaultCausedIsItsEffectEvenWithoutARequest) {
  auto s = testing::single_service(0.001, 1, 0.001, 600.0);
  s.services[0].pods.start = Distribution::fixed(5.0);
  s.services[0].pods.readiness_period_s = 1.0;
  model::FaultSpec fault;
  fault.service = "api";
  fault.version = model::Version::Stable;
  fault.at_s = 100.0;
  fault.kind = model::fault::CrashLoop{.crash_after_s = 30.0};
  s.fault = fault;
  model::AlertRuleSpec restarts;
  restarts.name = "ApiRestarting";
  restarts.service = "api";
  restarts.metric = model::AlertRuleSpec::Metric::Restarts;
  restarts.window_s = 60.0;
  restarts.threshold = 0.0;
  restarts.evaluation_interval_s = 10.0;
  restarts.scrape_interval_s = 1.0;
  s.alerts = {restarts};
  const auto r = run_drill(s, DrillOptions{});
  ASSERT_TRUE(r.incident);
  const auto& t = r.incident->timeline;
  ASSERT_TRUE(t.at(Instant::Detect));
  ASSERT_TRUE(t.at(Instant::Onset));
  EXPECT_EQ(*t.at(Instant::Detect), 140.0);
  EXPECT_EQ(*t.at(Instant::Onset), 130.0);
}

// Two rules in one Alertmanager group. Fast fires at 140 (10 s windows, for 30 s: pending 110, firing
// 140); Slow has for 200 s: pending 110, firing 310. The group starts at 140: first notification (the
// page) at 140 + group_wait 30 = 170; the next flushes are at 170 + 300 k. At 470 the set changed
// (Slow joined at 310): a second notification. Nothing changes after, and repeat_interval is 4 h.
TEST(Detection, AlertmanagerPagesAfterGroupWaitAndSendsChangesAtGroupInterval) {
  auto s = failing_from_100();
  model::AlertRuleSpec fast;
  fast.name = "Fast";
  fast.service = "api";
  fast.window_s = 10.0;
  fast.threshold = 0.5;
  fast.for_s = 30.0;
  fast.evaluation_interval_s = 10.0;
  fast.scrape_interval_s = 1.0;
  model::AlertRuleSpec slow = fast;
  slow.name = "Slow";
  slow.for_s = 200.0;
  s.alerts = {fast, slow};
  s.alertmanager.group_wait_s = 30.0;
  s.alertmanager.group_interval_s = 300.0;
  const auto r = run_drill(s, DrillOptions{});
  ASSERT_TRUE(r.incident);
  EXPECT_EQ(r.incident->timeline.at(Instant::Detect), 140.0);
  EXPECT_EQ(r.incident->timeline.at(Instant::Page), 170.0);
  EXPECT_EQ(r.incident->notifications_s, (std::vector<double>{170.0, 470.0}));
  EXPECT_EQ(r.signals[1].fired_s, 310.0);
}

// Nobody acknowledges the primary within escalate_after (300 s; the primary would take 1000 s): the
// secondary is paged at 155 + 300 = 455 and acknowledges 100 s later, at 555; a third tier would be
// paged at 155 + 600 = 755, after the acknowledgement, so it never is.
TEST(Detection, EscalatesWhenNobodyAcknowledgesInTime) {
  auto s = failing_from_100();
  s.probes.push_back({"ApiHealth", "api", 10.0, 5.0, 1.0, 3});
  s.responder->ack = Distribution::fixed(1000.0);
  s.responder->escalate_after_s = 300.0;
  s.responder->escalation = {{"secondary", Distribution::fixed(100.0)},
                             {"manager", Distribution::fixed(10.0)}};
  s.duration_s = 900.0;
  const auto r = run_drill(s, DrillOptions{});
  ASSERT_TRUE(r.incident);
  EXPECT_EQ(r.incident->timeline.at(Instant::Page), 155.0);
  ASSERT_EQ(r.incident->escalations.size(), 1u);
  EXPECT_EQ(r.incident->escalations[0].responder, "secondary");
  EXPECT_EQ(r.incident->escalations[0].t_s, 455.0);
  EXPECT_EQ(r.incident->timeline.at(Instant::Ack), 555.0);
  EXPECT_EQ(r.incident->acked_by, "secondary");
  EXPECT_EQ(r.incident->timeline.at(Instant::Decide), 595.0);
}

TEST(Detection, NoEscalationWhenThePrimaryAcknowledgesInTime) {
  auto s = failing_from_100();
  s.probes.push_back({"ApiHealth", "api", 10.0, 5.0, 1.0, 3});
  s.responder->escalate_after_s = 300.0;
  s.responder->escalation = {{"secondary", Distribution::fixed(1.0)}};
  const auto r = run_drill(s, DrillOptions{});
  EXPECT_TRUE(r.incident->escalations.empty());
  EXPECT_EQ(r.incident->acked_by, "on-call");
  EXPECT_EQ(r.incident->timeline.at(Instant::Ack), 215.0);
}

// Decision rules, first match wins. At the decision (255) the last 300 s hold [0, 100) fine and
// [100, 255) failed: an error ratio of about 155 / 255 = 61%. "Small" (<= 10%) does not hold; "Big"
// (> 50%) does: the plan starts at level "L2", whose only step is a 5 s wait.
TEST(Detection, TheFirstDecisionRuleThatHoldsPicksTheLevel) {
  auto s = failing_from_100();
  s.probes.push_back({"ApiHealth", "api", 10.0, 5.0, 1.0, 3});
  model::StepSpec wait;
  wait.name = "wait";
  wait.duration = Distribution::fixed(5.0);
  model::PlanSpec plan;
  plan.name = "p";
  plan.levels.push_back({"L1", std::nullopt, {wait}});
  plan.levels.push_back({"L2", std::nullopt, {wait}});
  s.plan = plan;
  model::DecisionSpec decision;
  model::DecisionRuleSpec small;
  small.name = "Small";
  small.then = "fix_forward";
  small.error_ratio_at_most = 0.10;
  model::DecisionRuleSpec big;
  big.name = "Big";
  big.then = "L2";
  big.error_ratio_above = 0.50;
  decision.rules = {small, big};
  decision.otherwise = "L1";
  s.decision = decision;
  const auto r = run_drill(s, DrillOptions{});
  ASSERT_TRUE(r.incident->decision);
  EXPECT_EQ(r.incident->decision->rule, "Big");
  EXPECT_EQ(r.incident->decision->action, "L2");
  EXPECT_NE(r.incident->decision->reason.find("> 50.0%"), std::string::npos) << r.incident->decision->reason;
  ASSERT_FALSE(r.plan.steps.empty());
  EXPECT_EQ(r.plan.steps[0].level, "L2");
  EXPECT_EQ(r.plan.steps[0].start_s, 255.0);
  EXPECT_EQ(r.plan.exit_state, "completed");
}

// Fix-forward: the fault ends 50 s after the decision (255 + 50 = 305); no rollback runs. Every request
// completing in [100, 305) fails and none after.
TEST(Detection, FixForwardEndsTheFaultAfterItsDurationAndRunsNoPlan) {
  auto s = failing_from_100();
  s.probes.push_back({"ApiHealth", "api", 10.0, 5.0, 1.0, 3});
  model::DecisionSpec decision;
  decision.otherwise = "fix_forward";
  decision.fix_forward = Distribution::fixed(50.0);
  s.decision = decision;
  const auto r = run_drill(s, DrillOptions{});
  ASSERT_TRUE(r.incident->decision);
  EXPECT_EQ(r.incident->decision->action, "fix_forward");
  EXPECT_FALSE(r.incident->timeline.at(Instant::RollbackStart));
  const auto& total = r.series[0].total;
  for (std::size_t k = 101; k < 304; ++k)
    ASSERT_EQ(total.errors[k], total.requests[k]) << "second " << k;
  for (std::size_t k = 306; k < 600; ++k)
    ASSERT_EQ(total.errors[k], 0u) << "second " << k;
}

// --- An Alertmanager config (scenario.alertmanager.config) routes the drill's alerts.
//
// The rule file, scraped and evaluated every 10 s: every request fails from 100 s, so the 500 counter
// is positive from the scrape at 110 s. ApiDown (no `for`, severity critical) fires at 110 s and holds
// to the end; ApiErrorsSustained (same condition, `for: 1m`, severity warning) is pending from 110 s and
// fires at 170 s (170 - 110 >= 60).
model::Scenario failing_from_100_routed(const std::string& alertmanager_yml) {
  auto s = failing_from_100();
  const std::string rules = R"(groups:
  - name: api
    rules:
      - alert: ApiDown
        expr: sum by (service) (increase(http_requests_total{code="500"}[30s])) > 0
        labels: {severity: critical}
      - alert: ApiErrorsSustained
        expr: sum by (service) (increase(http_requests_total{code="500"}[30s])) > 0
        for: 1m
        labels: {severity: warning}
)";
  model::RuleFilesSpec spec;
  spec.files.push_back({"rules.yml", "rules.yml", rules});
  spec.scrape_interval_s = 10.0;
  spec.evaluation_interval_s = 10.0;
  spec.alert_names = {"ApiDown", "ApiErrorsSustained"};
  spec.alert_services = {"api", "api"};
  s.rule_files = spec;
  s.alertmanager.config =
      model::AlertmanagerSpec::Config{"alertmanager.yml", "alertmanager.yml", alertmanager_yml};
  s.alertmanager.receivers = {{"pager", "on-call"}, {"tickets", "secondary"}};
  s.responder->escalation = {{"secondary", Distribution::fixed(30.0)}};
  return s;
}

// critical -> "pager" (group_wait 2m), warning -> "tickets" (group_wait 10s). "tickets"' group is
// created at 170 s and flushes at 180 s: the page, to the secondary (the tier "tickets" maps to), who
// acknowledges 30 s later (210 s); decision 40 s after that (250 s). "pager"'s group, created at 110 s,
// notifies at 230 s. The built-in group would have paged the on-call at 110 + 30 = 140 s.
constexpr const char* kTwoReceivers = R"(route:
  receiver: pager
  group_wait: 2m
  routes:
    - matchers: ['severity="warning"']
      receiver: tickets
      group_wait: 10s
receivers:
  - name: pager
  - name: tickets
)";

TEST(Detection, AnAlertmanagerConfigRoutesTwoAlertsToTwoReceiversWithTheirOwnGroupWait) {
  const auto r = run_drill(failing_from_100_routed(kTwoReceivers), DrillOptions{});
  ASSERT_TRUE(r.incident);
  EXPECT_EQ(r.signals[0].fired_s, 110.0);
  EXPECT_EQ(r.signals[1].fired_s, 170.0);
  EXPECT_EQ(r.incident->timeline.at(Instant::Detect), 110.0);
  EXPECT_EQ(r.incident->timeline.at(Instant::Page), 180.0);
  EXPECT_EQ(r.incident->notifications_s, (std::vector<double>{180.0, 230.0}));
  EXPECT_EQ(r.incident->acked_by, "secondary");
  EXPECT_EQ(r.incident->timeline.at(Instant::Ack), 210.0);
  EXPECT_EQ(r.incident->timeline.at(Instant::Decide), 250.0);
  EXPECT_TRUE(r.incident->escalations.empty());
}

// The same routes with an inhibit rule: a critical alert mutes warnings of the same service. From
// 170 s ApiErrorsSustained is inhibited by ApiDown (firing since 110 s), so "tickets"' group has
// nothing to send at 180 s or at any later flush: the only notification, and the page, is "pager"'s at
// 230 s, to the on-call (ack 60 s: 290 s).
// Each rule-file alert's states, per label set, are in the result: ApiDown (no `for`) fires at 110 s
// at once; ApiErrorsSustained is pending from 110 s and fires at 170 s; nothing resolves before the end
// (600 s). Both first became active 110 - 100 = 10 s after the fault: the draws alert_pending/<name>.
TEST(Detection, ARuleFileAlertsStatesAndPendingTimeAreInTheResult) {
  const auto r = run_drill(failing_from_100_routed(kTwoReceivers), DrillOptions{});
  ASSERT_EQ(r.signals.size(), 2u);
  using States = std::vector<std::pair<std::string, double>>;
  using Labels = std::vector<std::pair<std::string, std::string>>;
  ASSERT_EQ(r.signals[0].alerts.size(), 1u);
  EXPECT_EQ(r.signals[0].alerts[0].labels, (Labels{{"service", "api"}, {"severity", "critical"}}));
  EXPECT_EQ(r.signals[0].alerts[0].states, (States{{"firing", 110.0}}));
  ASSERT_EQ(r.signals[1].alerts.size(), 1u);
  EXPECT_EQ(r.signals[1].alerts[0].labels, (Labels{{"service", "api"}, {"severity", "warning"}}));
  EXPECT_EQ(r.signals[1].alerts[0].states, (States{{"pending", 110.0}, {"firing", 170.0}}));
  const auto draw = [&](const std::string& name) -> std::optional<double> {
    for (const auto& d : r.draws)
      if (d.name == name) return d.value_s;
    return std::nullopt;
  };
  EXPECT_EQ(draw("alert_pending/ApiDown"), 10.0);
  EXPECT_EQ(draw("alert_pending/ApiErrorsSustained"), 10.0);
}

// Phase attribution of a rule-file alert, as fault_phase/<rule> for the fixed-metric rules. Scrapes at
// 7 + 10k s, the group (its own `interval: 40s`) at 3 + 40k s. The first failed request completes just
// after 100 s (the onset); the scrape at 107 s holds it, and the evaluation at 123 s (window 93-123 s:
// samples 97, 107, 117 s) sees the increase: ApiDown fires at 123 s, 23 s after the injection. The onset
// lies (onset - 3) mod 40 = 17.x s into the evaluation interval and (onset - 7) mod 10 = 3.x s into the
// scrape interval: the 23 s to detect are the 40 - 17.x s left of the interval, nothing of the window.
TEST(Detection, ARuleFileAlertRecordsTheOnsetsPhaseInItsGroupAndScrapeIntervals) {
  auto s = failing_from_100();
  model::RuleFilesSpec spec;
  spec.files.push_back({"rules.yml", "rules.yml", R"(groups:
  - name: api
    interval: 40s
    rules:
      - alert: ApiDown
        expr: sum by (service) (increase(http_requests_total{code="500"}[30s])) > 0
)"});
  spec.scrape_interval_s = 10.0;
  spec.scrape_offset_s = 7.0;
  spec.evaluation_interval_s = 10.0;  // the group's own interval wins
  spec.evaluation_offset_s = 3.0;
  spec.alert_names = {"ApiDown"};
  spec.alert_services = {"api"};
  s.rule_files = spec;
  const auto r = run_drill(s, DrillOptions{});
  ASSERT_TRUE(r.incident);
  EXPECT_EQ(r.signals[0].fired_s, 123.0);
  const auto onset = r.incident->timeline.at(Instant::Onset);
  ASSERT_TRUE(onset);
  EXPECT_GT(*onset, 100.0);
  EXPECT_LT(*onset, 101.0);
  const auto draw = [&](const std::string& name) -> std::optional<double> {
    for (const auto& d : r.draws)
      if (d.name == name) return d.value_s;
    return std::nullopt;
  };
  EXPECT_EQ(draw("alert_pending/ApiDown"), 23.0);
  EXPECT_EQ(draw("fault_phase/ApiDown"), std::fmod(*onset - 3.0, 40.0));
  EXPECT_EQ(draw("scrape_phase/ApiDown"), std::fmod(*onset - 7.0, 10.0));
}

TEST(Detection, AnInhibitedAlertPagesNobody) {
  const std::string config = std::string(kTwoReceivers) + R"(inhibit_rules:
  - source_matchers: ['severity="critical"']
    target_matchers: ['severity="warning"']
    equal: [service]
)";
  const auto r = run_drill(failing_from_100_routed(config), DrillOptions{});
  ASSERT_TRUE(r.incident);
  EXPECT_EQ(r.signals[1].fired_s, 170.0);
  EXPECT_EQ(r.incident->timeline.at(Instant::Page), 230.0);
  EXPECT_EQ(r.incident->notifications_s, (std::vector<double>{230.0}));
  EXPECT_EQ(r.incident->acked_by, "on-call");
  EXPECT_EQ(r.incident->timeline.at(Instant::Ack), 290.0);
}

// A receiver mapped to nobody (JSON null: a chat channel) notifies without paging: "tickets" notifies
// at 180 s, the page is "pager"'s at 230 s. A probe (not a rule file's alert) reaches the config as
// {alertname, service}: ApiHealth (every 10 s at offset 5, threshold 3) fires at 125 s and takes the
// root route ("pager"), whose group ApiDown already created at 110 s, so it changes nothing.
TEST(Detection, AReceiverMappedToNobodyNotifiesWithoutPaging) {
  auto s = failing_from_100_routed(kTwoReceivers);
  s.alertmanager.receivers = {{"pager", "on-call"}, {"tickets", std::nullopt}};
  s.probes.push_back({"ApiHealth", "api", 10.0, 5.0, 1.0, 3});
  const auto r = run_drill(s, DrillOptions{});
  ASSERT_TRUE(r.incident);
  EXPECT_EQ(r.incident->timeline.at(Instant::Detect), 110.0);
  EXPECT_EQ(r.incident->notifications_s, (std::vector<double>{180.0, 230.0}));
  EXPECT_EQ(r.incident->timeline.at(Instant::Page), 230.0);
  EXPECT_EQ(r.incident->acked_by, "on-call");
}

// Customers complain `delay` after the onset once enough requests failed, seen by a look every 5 s from
// the fault's start (100, 105, ...). With one failed request needed, the look at 105 already sees
// it (100 req/s all failing from 100 s), so a 30 s delay decides: onset + 30.
TEST(Detection, ComplaintsComeTheirDelayAfterTheOnset) {
  auto s = failing_from_100();
  s.responder.reset();
  s.complaints = model::ComplaintsSpec{"Complaints", Distribution::fixed(30.0), 1};
  const auto r = run_drill(s, DrillOptions{});
  ASSERT_TRUE(r.incident);
  const auto onset = r.incident->timeline.at(Instant::Onset);
  ASSERT_TRUE(onset);
  ASSERT_LT(*onset, 100.1);
  ASSERT_EQ(r.signals.size(), 1u);
  EXPECT_EQ(r.signals[0].kind, "complaints");
  EXPECT_EQ(r.signals[0].fired_s, *onset + 30.0);
  EXPECT_EQ(r.incident->detect_signal, "Complaints");
}

// With 1,500 failed requests needed (about 15 s of them) and a 1 s delay, the look decides: the first
// look at 100 + 5 j that sees 1,500 failures caused by the fault completed by then, counted here from
// the drill's failures (not one look earlier).
TEST(Detection, ComplaintsComeAtTheFirstLookThatSeesEnoughFailures) {
  auto s = failing_from_100();
  s.responder.reset();
  s.complaints = model::ComplaintsSpec{"Complaints", Distribution::fixed(1.0), 1500};
  const auto r = run_drill(s, DrillOptions{});
  ASSERT_EQ(r.signals.size(), 1u);
  ASSERT_TRUE(r.signals[0].fired_s);
  const auto caused_by = [&r](double t) {
    std::uint64_t n = 0;
    for (const auto& f : r.failures[0])
      n += f.caused_by_fault && f.t_s <= t ? 1 : 0;
    return n;
  };
  double look = 100.0;
  while (caused_by(look) < 1500)
    look += 5.0;
  EXPECT_GE(look, 110.0);  // 100 req/s: not before 15 s or so.
  EXPECT_LE(look, 125.0);
  EXPECT_EQ(r.signals[0].fired_s, look);
}

// The recorded value of an alert rule is the one its evaluator compared. "api" fails every request from
// 100 s; the rule (error ratio over 10 s, scraped every second, evaluated every 10 s, > 0.5, for 30 s)
// goes pending at 110 s and fires at 140 s. Each evaluation at t sees the scrapes t - 10 ... t, whose
// counters hold the seconds [t - 10, t): both rates span the whole window, so nothing is extrapolated
// and the ratio is errors / requests of those ten seconds, as the drill's own per-second series count
// them. Before the fault it is exactly 0 (no error); at 100 s (the tick before pending) still 0, which
// does not exceed 0.5; at 110 s it is that of [100, 110), every request failed.
TEST(Detection, AnAlertRulesRecordedValueIsWhatItsEvaluatorCompared) {
  auto s = failing_from_100();
  model::AlertRuleSpec rule;
  rule.name = "ApiErrors";
  rule.service = "api";
  rule.window_s = 10.0;
  rule.threshold = 0.5;
  rule.for_s = 30.0;
  rule.evaluation_interval_s = 10.0;
  rule.scrape_interval_s = 1.0;
  s.alerts = {rule};
  const auto r = run_drill(s, DrillOptions{});
  ASSERT_EQ(r.signals.size(), 1u);
  const auto& signal = r.signals[0];
  ASSERT_TRUE(signal.rule);
  EXPECT_EQ(signal.rule->expression, "sum(rate(errors_total[10s])) / sum(rate(requests_total[10s]))");
  EXPECT_EQ(signal.rule->comparison, ">");
  EXPECT_EQ(signal.rule->threshold, 0.5);
  EXPECT_EQ(signal.rule->window_s, 10.0);
  EXPECT_EQ(signal.rule->for_s, 30.0);
  EXPECT_EQ(signal.rule->evaluation_interval_s, 10.0);
  EXPECT_EQ(signal.rule->scrape_interval_s, 1.0);
  using States = std::vector<std::pair<std::string, double>>;
  ASSERT_EQ(signal.alerts.size(), 1u);
  EXPECT_TRUE(signal.alerts[0].labels.empty());
  EXPECT_EQ(signal.alerts[0].states, (States{{"pending", 110.0}, {"firing", 140.0}}));
  EXPECT_EQ(signal.fired_s, 140.0);
  ASSERT_EQ(signal.values.size(), 1u);
  const auto& values = signal.values[0];
  EXPECT_FALSE(signal.values_truncated);
  // The first evaluation (0 s) has no value: one sample in the window.
  ASSERT_GE(values.t_s.size(), 3u);
  EXPECT_EQ(values.t_s[0], 0.0);
  EXPECT_FALSE(values.value[0]);
  EXPECT_EQ(values.t_s[1], 10.0);
  EXPECT_EQ(values.value[1], 0.0);
  EXPECT_EQ(values.t_s[2], 110.0);  // 0 from 10 s to 100 s: no point in between.
  EXPECT_EQ(report::value_at(values, 100.0), 0.0);
  EXPECT_FALSE(report::meets(">", *report::value_at(values, 100.0), 0.5));
  ASSERT_TRUE(report::value_at(values, 110.0));
  EXPECT_TRUE(report::meets(">", *report::value_at(values, 110.0), 0.5));
  // Every evaluation's value against the drill's per-second counts.
  const auto& total = r.series[0].total;
  for (double t = 10.0; t < 600.0; t += 10.0) {
    double errors = 0;
    double requests = 0;
    for (auto k = static_cast<std::size_t>(t) - 10; k < static_cast<std::size_t>(t); ++k) {
      errors += total.errors[k];
      requests += total.requests[k];
    }
    const auto recorded = report::value_at(values, t);
    ASSERT_TRUE(recorded) << t;
    EXPECT_NEAR(*recorded, errors / requests, 1e-12) << t;
  }
}

// A rule file's alert records the quantity of its condition `quantity > 0` per label set, and the rule
// as evaluated: ApiErrorsSustained goes pending at 110 s, where the increase of the 500s over 30 s is
// positive; at 100 s, the evaluation before, the window [70, 100] has no 500 yet, so the quantity is
// absent or 0 and the condition false.
TEST(Detection, ARuleFileAlertRecordsItsComparedQuantityPerLabelSet) {
  const auto r = run_drill(failing_from_100_routed(kTwoReceivers), DrillOptions{});
  ASSERT_EQ(r.signals.size(), 2u);
  const auto& signal = r.signals[1];
  ASSERT_TRUE(signal.rule);
  EXPECT_EQ(signal.rule->expression, "sum by (service) (increase(http_requests_total{code=\"500\"}[30s]))");
  EXPECT_EQ(signal.rule->comparison, ">");
  EXPECT_EQ(signal.rule->threshold, 0.0);
  EXPECT_EQ(signal.rule->window_s, 30.0);
  EXPECT_EQ(signal.rule->for_s, 60.0);
  EXPECT_EQ(signal.rule->evaluation_interval_s, 10.0);
  using Labels = std::vector<std::pair<std::string, std::string>>;
  ASSERT_EQ(signal.values.size(), 1u);
  EXPECT_EQ(signal.values[0].labels, (Labels{{"service", "api"}}));
  const auto before = report::value_at(signal.values[0], 100.0);
  EXPECT_FALSE(before && report::meets(">", *before, 0.0));
  const auto at = report::value_at(signal.values[0], 110.0);
  ASSERT_TRUE(at);
  EXPECT_TRUE(report::meets(">", *at, 0.0));
  EXPECT_EQ(signal.alerts[0].states.front(), (std::pair<std::string, double>{"pending", 110.0}));
}

}  // namespace
}  // namespace drillsim::engine
