// to_json / report_from_json: the layout, the round trip, determinism and the schema errors.
#include "report/report_json.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "test_report_fixture.hpp"

namespace drillsim::report {
namespace {

using model::Instant;
using nlohmann::json;

Report tiny_report() {
  return build_report(testing::tiny_scenario(), testing::tiny_result(), "drillsim 0.1.0");
}

// The report's JSON as a reader sees it (report_from_json takes a plain nlohmann::json).
json tiny_json() {
  return json::parse(to_json(tiny_report()).dump());
}

std::vector<std::string> keys(const nlohmann::ordered_json& object) {
  std::vector<std::string> out;
  for (const auto& item : object.items())
    out.push_back(item.key());
  return out;
}

// Runs report_from_json and returns the ReportFormatError it throws (fails the test if none).
ReportFormatError parse_error(const json& doc) {
  try {
    report_from_json(doc);
  } catch (const ReportFormatError& e) {
    return e;
  }
  ADD_FAILURE() << "report_from_json accepted the document";
  return ReportFormatError("", "");
}

TEST(ReportJson, KeysInDocumentedOrder) {
  const auto doc = to_json(tiny_report());
  EXPECT_EQ(keys(doc),
            (std::vector<std::string>{"schema_version", "generator", "scenario", "seed", "requests_simulated",
                                      "incidents", "objectives", "plan", "data", "series", "signals"}));
  EXPECT_EQ(keys(doc["data"][0]),
            (std::vector<std::string>{"store", "service", "writes_committed", "writes_lost", "loss_start_s",
                                      "loss_end_s", "loss_window_s", "restores_s", "writes_corrupted",
                                      "corrupted_remaining", "rpo_s", "rpo_met"}));
  EXPECT_EQ(keys(doc["scenario"]), (std::vector<std::string>{"name", "description", "file", "duration_s"}));
  const auto& incident = doc["incidents"][0];
  EXPECT_EQ(keys(incident),
            (std::vector<std::string>{"service", "fault", "fault_start_s", "detect_signal", "instants",
                                      "metrics", "notifications_s", "escalations", "acked_by", "decision"}));
  EXPECT_EQ(keys(incident["instants"]),
            (std::vector<std::string>{"onset", "detect", "page", "ack", "decide", "rollback_start",
                                      "rollback_end", "restored", "verified"}));
  EXPECT_EQ(keys(incident["metrics"]),
            (std::vector<std::string>{"time_to_detect_s", "time_to_decide_s", "time_to_rollback_s",
                                      "time_to_restore_s", "downtime_s", "requests_failed", "users_affected",
                                      "revenue_impact", "slo_breached"}));
  EXPECT_EQ(keys(doc["objectives"][0]),
            (std::vector<std::string>{"service", "rto_s", "rpo_s", "time_to_restore_s", "data_loss_window_s",
                                      "corrupted_remaining", "rto_met", "rpo_met", "reason"}));
  EXPECT_EQ(keys(doc["plan"]), (std::vector<std::string>{"name", "exit_state", "reason", "steps", "levels"}));
  EXPECT_EQ(keys(doc["plan"]["steps"][0]),
            (std::vector<std::string>{"name", "action", "level", "start_s", "end_s", "status", "attempts",
                                      "detail"}));
  EXPECT_EQ(keys(doc["plan"]["levels"][0]), (std::vector<std::string>{"name", "claim_s", "start_s", "end_s",
                                                                      "elapsed_s", "claim_met", "outcome"}));
  EXPECT_EQ(keys(doc["series"][0]),
            (std::vector<std::string>{"service", "version", "t0_s", "step_s", "requests", "errors", "slow",
                                      "p50_s", "p95_s", "p99_s", "ready", "latency"}));
}

TEST(ReportJson, Values) {
  const auto doc = to_json(tiny_report());
  // The store lost [1.0, 1.75): 0.75 s <= checkout's RPO of 60 s.
  EXPECT_EQ(doc["data"][0]["loss_window_s"], 0.75);
  EXPECT_EQ(doc["data"][0]["rpo_s"], 60.0);
  EXPECT_EQ(doc["data"][0]["rpo_met"], true);
  EXPECT_EQ(doc["data"][0]["writes_lost"], 3);
  EXPECT_EQ(doc["schema_version"], 1);
  EXPECT_EQ(doc["incidents"][0]["instants"]["restored"], 2.0);
  EXPECT_TRUE(doc["incidents"][0]["instants"]["verified"].is_null());  // absent -> null, never 0
  EXPECT_EQ(doc["incidents"][0]["metrics"]["time_to_restore_s"], 0.75);
  EXPECT_EQ(doc["incidents"][0]["metrics"]["requests_failed"], 4);
  EXPECT_EQ(doc["plan"]["steps"][1]["status"], "interrupted");
  EXPECT_TRUE(doc["plan"]["steps"][1]["end_s"].is_null());
  EXPECT_EQ(doc["series"][1]["version"], "new");
  EXPECT_EQ(doc["series"][1]["t0_s"], 0);
  EXPECT_EQ(doc["series"][1]["step_s"], 1);
  EXPECT_TRUE(doc["series"][1]["p95_s"][2].is_null());  // NaN -> null
  EXPECT_EQ(doc["series"][1]["p95_s"][1], 0.2);
}

TEST(ReportJson, NoPlanStillWritesPlan) {
  auto scenario = testing::tiny_scenario();
  scenario.plan.reset();
  auto result = testing::tiny_result();
  result.plan = {};
  const auto doc = to_json(build_report(scenario, result, "drillsim 0.1.0"));
  ASSERT_TRUE(doc.contains("plan"));
  EXPECT_EQ(doc["plan"]["name"], "");
  EXPECT_EQ(doc["plan"]["exit_state"], "not_started");
  EXPECT_TRUE(doc["plan"]["steps"].empty());
}

TEST(ReportJson, RoundTripKeepsKeyFields) {
  const Report original = tiny_report();
  const Report back = report_from_json(json::parse(to_json(original).dump()));

  EXPECT_EQ(back.schema_version, original.schema_version);
  EXPECT_EQ(back.generator, original.generator);
  EXPECT_EQ(back.scenario.name, original.scenario.name);
  EXPECT_EQ(back.scenario.file, original.scenario.file);
  EXPECT_EQ(back.scenario.duration_s, original.scenario.duration_s);
  EXPECT_EQ(back.seed, original.seed);
  EXPECT_EQ(back.requests_simulated, original.requests_simulated);

  ASSERT_EQ(back.incidents.size(), 1u);
  for (const auto instant : model::kInstants) {
    EXPECT_EQ(back.incidents[0].instants.at(instant), original.incidents[0].instants.at(instant))
        << model::to_string(instant);
  }
  const auto& m = back.incidents[0].metrics;
  const auto& o = original.incidents[0].metrics;
  EXPECT_EQ(m.time_to_detect_s, o.time_to_detect_s);
  EXPECT_EQ(m.time_to_decide_s, o.time_to_decide_s);
  EXPECT_EQ(m.time_to_rollback_s, o.time_to_rollback_s);
  EXPECT_EQ(m.time_to_restore_s, o.time_to_restore_s);
  EXPECT_EQ(m.downtime_s, o.downtime_s);
  EXPECT_EQ(m.requests_failed, o.requests_failed);
  EXPECT_EQ(m.users_affected, o.users_affected);
  EXPECT_EQ(m.slo_breached, o.slo_breached);
  EXPECT_EQ(back.incidents[0].detect_signal, "CheckoutErrors");

  ASSERT_EQ(back.objectives.size(), 2u);
  EXPECT_EQ(back.objectives[0].reason, original.objectives[0].reason);
  EXPECT_EQ(back.objectives[0].time_to_restore_s, original.objectives[0].time_to_restore_s);
  EXPECT_EQ(back.objectives[0].rto_met, original.objectives[0].rto_met);
  EXPECT_EQ(back.all_objectives_met(), original.all_objectives_met());

  EXPECT_EQ(back.plan_name, "undo canary");
  EXPECT_EQ(back.plan.exit_state, "unfinished");
  ASSERT_EQ(back.plan.steps.size(), 2u);
  EXPECT_EQ(back.plan.steps[0].start_s, std::optional<double>(1.75));
  EXPECT_EQ(back.plan.steps[1].end_s, std::nullopt);
  EXPECT_EQ(back.plan.steps[1].status, model::StepOutcome::Status::Interrupted);

  ASSERT_EQ(back.stores.size(), 1u);
  EXPECT_EQ(back.stores[0].store, "orders");
  EXPECT_EQ(back.stores[0].writes_committed, 12u);
  EXPECT_EQ(back.stores[0].writes_lost, 3u);
  EXPECT_EQ(back.stores[0].loss_start_s, 1.0);
  EXPECT_EQ(back.stores[0].loss_end_s, 1.75);
  EXPECT_EQ(back.stores[0].restores_s, std::vector<double>{1.75});

  ASSERT_EQ(back.series.size(), 6u);
  for (std::size_t i = 0; i < 6; ++i) {
    const auto& a = back.series[i];
    const auto& b = original.series[i];
    EXPECT_EQ(a.service, b.service);
    EXPECT_EQ(a.version, b.version);
    EXPECT_EQ(a.data.requests, b.data.requests);
    EXPECT_EQ(a.data.errors, b.data.errors);
    EXPECT_EQ(a.data.slow, b.data.slow);
    EXPECT_EQ(a.data.ready, b.data.ready);
    ASSERT_EQ(a.data.p95_s.size(), b.data.p95_s.size());
    for (std::size_t k = 0; k < a.data.p95_s.size(); ++k) {
      if (std::isnan(b.data.p95_s[k])) {
        EXPECT_TRUE(std::isnan(a.data.p95_s[k]));  // null -> NaN
      } else {
        EXPECT_EQ(a.data.p95_s[k], b.data.p95_s[k]);
      }
    }
  }
}

// A scaffolded scenario's assumptions and each step's runbook lines reach the report and come back.
TEST(ReportJson, AssumptionsAndStepSourceRoundTrip) {
  model::Scenario scenario = testing::tiny_scenario();
  scenario.assumptions = {"traffic: 100 rps (invented)", "responder: ack lognormal(180 s, 0.6)"};
  model::LevelSpec level;
  model::StepSpec shift;
  shift.name = "shift traffic to stable";
  shift.source_line = 40;
  shift.source_end_line = 43;
  level.steps = {shift};
  scenario.plan->levels = {level};
  const Report report = build_report(scenario, testing::tiny_result(), "drillsim 0.1.0");
  EXPECT_EQ(report.scenario.assumptions, scenario.assumptions);
  EXPECT_EQ(report.plan.steps[0].source_line, 40);
  EXPECT_EQ(report.plan.steps[1].source_line, 0);  // "verify" has no source
  const auto doc = to_json(report);
  EXPECT_EQ(doc["scenario"]["assumptions"][1], "responder: ack lognormal(180 s, 0.6)");
  EXPECT_EQ(doc["plan"]["steps"][0]["source"], nlohmann::ordered_json({{"line", 40}, {"end_line", 43}}));
  EXPECT_FALSE(doc["plan"]["steps"][1].contains("source"));
  const Report back = report_from_json(json::parse(doc.dump()));
  EXPECT_EQ(back.scenario.assumptions, scenario.assumptions);
  EXPECT_EQ(back.plan.steps[0].source_line, 40);
  EXPECT_EQ(back.plan.steps[0].source_end_line, 43);
  EXPECT_EQ(back.plan.steps[1].source_line, 0);
  // Without assumptions the key is left out, as before.
  EXPECT_FALSE(to_json(tiny_report())["scenario"].contains("assumptions"));
}

// A rule file's alert carries its alerts' states ("alerts"); the other kinds do not have the key.
TEST(ReportJson, RuleFileAlertStatesRoundTrip) {
  model::DrillResult result = testing::tiny_result();
  model::SignalRecord alert;
  alert.name = "ApiDown";
  alert.kind = "rule_file_alert";
  alert.service = "api";
  alert.fired_s = 170.0;
  alert.alerts = {{{{"service", "api"}, {"severity", "page"}},
                   {{"pending", 110.0}, {"firing", 170.0}, {"resolved", 400.5}}}};
  model::SignalRecord probe;
  probe.name = "Probe";
  probe.kind = "probe";
  probe.service = "api";
  result.signals = {alert, probe};
  const Report report = build_report(testing::tiny_scenario(), result, "drillsim 0.1.0");
  const auto doc = to_json(report);
  EXPECT_EQ(doc["signals"][0]["alerts"],
            nlohmann::ordered_json::parse(R"([{"labels": {"service": "api", "severity": "page"}, "states": [
              {"state": "pending", "t_s": 110.0}, {"state": "firing", "t_s": 170.0},
              {"state": "resolved", "t_s": 400.5}]}])"));
  EXPECT_FALSE(doc["signals"][1].contains("alerts"));
  const Report back = report_from_json(json::parse(doc.dump()));
  ASSERT_EQ(back.signals.size(), 2u);
  ASSERT_EQ(back.signals[0].alerts.size(), 1u);
  EXPECT_EQ(back.signals[0].alerts[0].labels, alert.alerts[0].labels);
  EXPECT_EQ(back.signals[0].alerts[0].states, alert.alerts[0].states);
  EXPECT_EQ(to_json(back).dump(), doc.dump());
  auto bad = json::parse(doc.dump());
  bad["signals"][0]["alerts"][0]["labels"]["severity"] = 3;
  EXPECT_EQ(parse_error(bad).pointer(), "/signals/0/alerts/0/labels/severity");
}

TEST(ReportJson, DeterministicAndByteIdenticalThroughARoundTrip) {
  const std::string first = to_json(tiny_report()).dump(2);
  const std::string second = to_json(tiny_report()).dump(2);
  EXPECT_EQ(first, second);
  // Reading the report back and writing it again gives the same bytes.
  EXPECT_EQ(to_json(report_from_json(json::parse(first))).dump(2), first);
}

TEST(ReportJson, WrongSchemaVersion) {
  json doc = tiny_json();
  doc["schema_version"] = 3;
  const auto e = parse_error(doc);
  EXPECT_EQ(e.pointer(), "/schema_version");
  EXPECT_EQ(std::string(e.what()), "/schema_version: unsupported schema version 3; this build reads 1 and 2");
}

// A long drill's report (here the tiny drill made "long" by a threshold below its 3 s): schema version
// 2, per-minute series with the whole drill as their detail window, read back to the same bytes.
TEST(ReportJson, CoarseReportRoundTrip) {
  const Report coarse = build_report(testing::tiny_scenario(), testing::tiny_result(), "drillsim 0.1.0", 1.0);
  const std::string text = to_json(coarse).dump(2);
  const json doc = json::parse(text);
  EXPECT_EQ(doc["schema_version"], 2);
  const json& all = doc["series"][2];  // checkout, all.
  EXPECT_EQ(all["step_s"], 60);
  EXPECT_EQ(all["requests"], json::parse("[220]"));  // 10 + 10 + 200.
  EXPECT_EQ(all["ready"], json::parse("[3]"));       // The fewest of 4, 4, 3.
  ASSERT_EQ(all["detail"].size(), 1u);
  EXPECT_EQ(all["detail"][0]["t0_s"], 0);
  EXPECT_EQ(all["detail"][0]["requests"], json::parse("[10, 10, 200]"));
  const Report back = report_from_json(doc);
  EXPECT_TRUE(back.coarse());
  EXPECT_EQ(back.series[2].step_s, 60.0);
  ASSERT_EQ(back.series[2].detail.size(), 1u);
  EXPECT_EQ(back.series[2].detail[0].data.errors, (std::vector<std::uint32_t>{0, 5, 2}));
  EXPECT_EQ(to_json(back).dump(2), text);
}

TEST(ReportJson, CoarseSeriesNeedTheirStep) {
  json doc = json::parse(
      to_json(build_report(testing::tiny_scenario(), testing::tiny_result(), "drillsim 0.1.0", 1.0)).dump());
  doc["series"][0]["step_s"] = 1;
  EXPECT_EQ(parse_error(doc).pointer(), "/series/0/step_s");
  doc["series"][0]["step_s"] = 60;
  doc["series"][0]["detail"][0]["t0_s"] = 0.5;
  EXPECT_EQ(parse_error(doc).pointer(), "/series/0/detail/0/t0_s");
}

TEST(ReportJson, MissingSchemaVersion) {
  json doc = tiny_json();
  doc.erase("schema_version");
  const auto e = parse_error(doc);
  EXPECT_EQ(std::string(e.what()), "/schema_version: missing; expected an integer");
}

TEST(ReportJson, MissingKey) {
  json doc = tiny_json();
  doc["incidents"][0]["metrics"].erase("downtime_s");
  const auto e = parse_error(doc);
  EXPECT_EQ(e.pointer(), "/incidents/0/metrics/downtime_s");
  EXPECT_EQ(std::string(e.what()), "/incidents/0/metrics/downtime_s: missing; expected a number");
}

TEST(ReportJson, WrongType) {
  json doc = tiny_json();
  doc["seed"] = "seven";
  auto e = parse_error(doc);
  EXPECT_EQ(std::string(e.what()), "/seed: expected a non-negative integer, found string \"seven\"");

  doc = tiny_json();
  doc["series"][1]["p95_s"][2] = "slow";
  e = parse_error(doc);
  EXPECT_EQ(e.pointer(), "/series/1/p95_s/2");
  EXPECT_EQ(e.problem(), "expected a number or null, found string \"slow\"");

  doc = tiny_json();
  doc["objectives"][0]["rto_met"] = 1;
  e = parse_error(doc);
  EXPECT_EQ(std::string(e.what()), "/objectives/0/rto_met: expected true or false, found number 1");
}

TEST(ReportJson, NotAnObject) {
  const auto e = parse_error(json::array());
  EXPECT_EQ(e.pointer(), "");
  EXPECT_EQ(std::string(e.what()), "expected a drillsim report (a JSON object), found array []");
}

TEST(ReportJson, UnknownEnumerationValue) {
  json doc = tiny_json();
  doc["plan"]["steps"][0]["status"] = "done";
  auto e = parse_error(doc);
  EXPECT_EQ(e.pointer(), "/plan/steps/0/status");
  doc = tiny_json();
  doc["series"][0]["version"] = "canary";
  e = parse_error(doc);
  EXPECT_EQ(e.pointer(), "/series/0/version");
}

TEST(ReportJson, SeriesArraysOfUnequalLength) {
  json doc = tiny_json();
  doc["series"][2]["errors"].erase(2);
  const auto e = parse_error(doc);
  EXPECT_EQ(std::string(e.what()),
            "/series/2/errors: expected 3 elements (as many as /series/2/requests), found 2");
}

}  // namespace
}  // namespace drillsim::report
