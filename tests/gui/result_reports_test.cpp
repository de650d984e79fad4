// Reading capacity, assessment and comparison reports (gui/result_reports.hpp) and their tables
// (gui/result_models.hpp), on the bundled files written by drillsim (tests/gui/data/README.md). The
// expected values are the file's, read here independently, and what drillsim printed on its console
// when it wrote them (the counts tried, the statuses, the ranking); the Wilson interval is recomputed by
// hand. Broken copies check that every problem names its JSON pointer, and that an unknown kind is
// refused by name.
#include "gui/result_reports.hpp"

#include <gtest/gtest.h>

#include <QTemporaryDir>

#include <cmath>

#include <nlohmann/json.hpp>

#include "gui/palette.hpp"
#include "gui/report_loader.hpp"
#include "gui/result_models.hpp"
#include "gui_test_data.hpp"

namespace drillsim::gui {
namespace {

using json = nlohmann::json;

json read_json(const QString& path) {
  const QByteArray bytes = test::read_bytes(path);
  return json::parse(bytes.cbegin(), bytes.cend());
}

ResultPtr load_result(const QString& path) {
  const LoadedReport r = load_report_file(path);
  EXPECT_TRUE(r.error.isEmpty()) << r.error.toStdString();
  EXPECT_FALSE(r.report);
  EXPECT_FALSE(r.study);
  return r.result;
}

std::string load_error(const QTemporaryDir& dir, const json& j) {
  const QString path =
      test::write_file(dir, QStringLiteral("broken.json"), QByteArray::fromStdString(j.dump(2)));
  const LoadedReport r = load_report_file(path);
  EXPECT_FALSE(r.result);
  return r.error.toStdString();
}

QString cell(const StudyTable& t, int row, const QString& header, int role = Qt::DisplayRole) {
  const int column = t.column(header);
  EXPECT_GE(column, 0) << header.toStdString();
  return t.data(t.index(row, column), role).toString();
}

QColor background(const StudyTable& t, int row, const QString& header) {
  return t.data(t.index(row, t.column(header)), Qt::BackgroundRole).value<QColor>();
}

// --- capacity -------------------------------------------------------------------------------------

TEST(ResultFromJson, ReadsTheBundledCapacity) {
  const json file = read_json(test::bundled_capacity());
  const ResultPtr result = load_result(test::bundled_capacity());
  ASSERT_TRUE(result);
  ASSERT_EQ(result->kind(), ResultKind::Capacity);
  const CapacityReport& r = *result->capacity();
  EXPECT_EQ(r.scenario_name, "capacity-mix");
  EXPECT_EQ(result->name(), "capacity-mix");
  EXPECT_EQ(r.scenario_file, file["scenario"]["file"].get<std::string>());
  EXPECT_EQ(r.runs_per_count, 2);
  EXPECT_EQ(r.max_replicas, file["max_replicas"].get<std::int64_t>());
  EXPECT_EQ(r.judged_from_s, file["judged"]["from_s"].get<double>());
  EXPECT_EQ(r.judged_to_s, file["judged"]["to_s"].get<double>());
  ASSERT_EQ(r.services.size(), 2u);
  // As drillsim printed it: checkout 2 today, fewest 4, headroom -2; search 6, fewest 3, headroom +3.
  EXPECT_EQ(r.services[0].service, "checkout");
  EXPECT_EQ(r.services[0].today_replicas, 2);
  EXPECT_EQ(r.services[0].fewest_replicas, 4);
  EXPECT_EQ(r.services[0].headroom_replicas, -2);
  EXPECT_EQ(r.services[1].service, "search");
  EXPECT_EQ(r.services[1].today_replicas, 6);
  EXPECT_EQ(r.services[1].fewest_replicas, 3);
  EXPECT_EQ(r.services[1].headroom_replicas, 3);
  for (std::size_t s = 0; s < r.services.size(); ++s) {
    const json& fs = file["services"][s];
    const CapacityService& c = r.services[s];
    EXPECT_EQ(c.utilisation_at_today, fs["utilisation_at_today"].get<double>());
    EXPECT_EQ(c.utilisation_at_fewest, fs["utilisation_at_fewest"].get<double>());
    EXPECT_EQ(c.utilisation_all, fs["utilisation_over_drill"]["all"].get<double>());
    ASSERT_EQ(c.probes.size(), fs["probes"].size());
    for (std::size_t i = 0; i < c.probes.size(); ++i) {
      const json& p = fs["probes"][i];
      EXPECT_EQ(c.probes[i].replicas, p["replicas"].get<std::int64_t>());
      EXPECT_EQ(c.probes[i].runs_within_slo, p["runs_within_slo"].get<std::int64_t>());
      EXPECT_EQ(c.probes[i].passed, p["passed"].get<bool>());
      EXPECT_EQ(c.probes[i].worst_window_slow_share, p["worst_window_slow_share"].get<double>());
      EXPECT_EQ(c.probes[i].utilisation, p["utilisation"].get<double>());
    }
  }
  // The search's order, as drillsim printed it: today's count first, then bisection or doubling.
  std::vector<std::int64_t> tried;
  for (const auto& p : r.services[1].probes)
    tried.push_back(p.replicas);
  EXPECT_EQ(tried, (std::vector<std::int64_t>{6, 3, 1, 2}));
}

TEST(ResultTables, CapacityRowsSayWhatDrillsimPrinted) {
  const ResultPtr result = load_result(test::bundled_capacity());
  ASSERT_TRUE(result);
  StudyTable t;
  fill_capacity(t, *result->capacity());
  ASSERT_EQ(t.rowCount(), 2);
  // drillsim's console: "checkout 2 4 -2 ... 2: 0/2, 4: 2/2, 3: 0/2" and "search 6 3 +3 ... 6: 2/2, 3: 2/2,
  // 1: 0/2, 2: 0/2".
  EXPECT_EQ(cell(t, 0, QStringLiteral("tried (runs within SLO)")), QStringLiteral("2: 0/2, 4: 2/2, 3: 0/2"));
  EXPECT_EQ(cell(t, 1, QStringLiteral("tried (runs within SLO)")),
            QStringLiteral("6: 2/2, 3: 2/2, 1: 0/2, 2: 0/2"));
  EXPECT_EQ(cell(t, 0, QStringLiteral("headroom")), QStringLiteral("−2"));
  EXPECT_EQ(cell(t, 1, QStringLiteral("headroom")), QStringLiteral("+3"));
  EXPECT_EQ(cell(t, 0, QStringLiteral("util. at today")), QStringLiteral("99.7%"));
  EXPECT_EQ(cell(t, 1, QStringLiteral("drill: all")), QStringLiteral("31.8%"));
  EXPECT_EQ(background(t, 0, QStringLiteral("fewest")), palette::missed());
  EXPECT_EQ(background(t, 1, QStringLiteral("fewest")), palette::met());

  StudyTable probes;
  fill_capacity_probes(probes, *result->capacity());
  ASSERT_EQ(probes.rowCount(), 7);  // 3 counts tried for checkout, 4 for search.
  EXPECT_EQ(cell(probes, 1, QStringLiteral("replicas")), QStringLiteral("4"));
  EXPECT_EQ(cell(probes, 1, QStringLiteral("verdict")), QStringLiteral("passed"));
  EXPECT_EQ(cell(probes, 2, QStringLiteral("verdict")), QStringLiteral("failed"));
}

TEST(ResultFromJson, CapacityWithoutAFewestCountReadsAsNoneUpToTheCap) {
  json file = read_json(test::bundled_capacity());
  file["services"][0]["fewest_replicas"] = nullptr;
  file["services"][0]["headroom_replicas"] = nullptr;
  file["services"][0]["utilisation_at_fewest"] = nullptr;
  const CapacityReport r = std::get<CapacityReport>(result_from_json(file).data);
  EXPECT_FALSE(r.services[0].fewest_replicas);
  StudyTable t;
  fill_capacity(t, r);
  EXPECT_EQ(cell(t, 0, QStringLiteral("fewest")), QStringLiteral("> %1").arg(r.max_replicas));
  EXPECT_EQ(cell(t, 0, QStringLiteral("headroom")), QStringLiteral("—"));
  EXPECT_EQ(background(t, 0, QStringLiteral("fewest")), palette::missed());
}

// --- assessment -----------------------------------------------------------------------------------

// The Wilson score interval of k of n at 95 %, by its formula.
std::pair<double, double> wilson95(double k, double n) {
  const double z = 1.959963984540054;
  const double p = k / n;
  const double d = 1 + z * z / n;
  const double centre = (p + z * z / (2 * n)) / d;
  const double half = z * std::sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d;
  return {centre - half, centre + half};
}

TEST(ResultFromJson, ReadsTheBundledAssessment) {
  const json file = read_json(test::bundled_assessment());
  const ResultPtr result = load_result(test::bundled_assessment());
  ASSERT_TRUE(result);
  ASSERT_EQ(result->kind(), ResultKind::Assessment);
  const AssessmentReport& r = *result->assessment();
  EXPECT_EQ(r.policy_name, "checkout-tier1");
  EXPECT_EQ(result->name(), "checkout-tier1");
  EXPECT_EQ(r.policy_tier, "MissionCritical");
  EXPECT_EQ(r.met_at, 0.95);
  ASSERT_EQ(r.policy_targets.size(), 3u);  // Software, Hardware, Region: no AZ target.
  ASSERT_EQ(r.scenarios.size(), 3u);
  EXPECT_EQ(r.scenarios[1].disruption_type, "Hardware");
  EXPECT_EQ(r.scenarios[2].fault_kind, "zone_outage");
  EXPECT_EQ(r.not_applicable, std::vector<std::string>{"Region"});
  ASSERT_EQ(r.results.size(), 4u);
  // As drillsim printed it.
  const char* const services[] = {"checkout", "search", "api", "api"};
  const char* const types[] = {"Software", "Software", "Hardware", "AZ"};
  const char* const statuses[] = {"PolicyBreached", "PolicyMet", "PolicyMet", "MissingPolicy"};
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(r.results[i].service, services[i]);
    EXPECT_EQ(r.results[i].disruption_type, types[i]);
    EXPECT_EQ(r.results[i].compliance_status, statuses[i]);
    EXPECT_EQ(r.results[i].runs, 20);
    const json& f = file["results"][i];
    EXPECT_EQ(r.results[i].rto.p95_s, f["rto"]["p95_s"].get<double>());
    EXPECT_EQ(r.results[i].achievable_rto_s, f["achievableRtoInSecs"].get<double>());
  }
  const AssessmentResult& checkout = r.results[0];
  EXPECT_EQ(checkout.rto.target_s, 900.0);
  ASSERT_TRUE(checkout.rto.met);
  EXPECT_EQ(checkout.rto.met->count, 17);
  EXPECT_EQ(checkout.rto.met->of, 20);
  const auto w = wilson95(17, 20);
  EXPECT_NEAR(checkout.rto.met->wilson->first, w.first, 1e-9);
  EXPECT_NEAR(checkout.rto.met->wilson->second, w.second, 1e-9);
  ASSERT_TRUE(checkout.both_met);
  EXPECT_EQ(checkout.both_met->count, 17);
  // No AZ target: no target, no P(met), quantiles still there.
  const AssessmentResult& az = r.results[3];
  EXPECT_FALSE(az.rto.target_s);
  EXPECT_FALSE(az.rto.met);
  EXPECT_FALSE(az.both_met);
  EXPECT_TRUE(az.rto.p50_s);
}

TEST(ResultTables, AssessmentRowsSayWhatDrillsimPrinted) {
  const ResultPtr result = load_result(test::bundled_assessment());
  ASSERT_TRUE(result);
  StudyTable t;
  fill_assessment(t, *result->assessment());
  ASSERT_EQ(t.rowCount(), 4);
  // drillsim's console: "checkout Software PolicyBreached 20 900 85.0% 759 932 300 100.0% 0".
  EXPECT_EQ(cell(t, 0, QStringLiteral("status")), QStringLiteral("PolicyBreached"));
  EXPECT_EQ(cell(t, 0, QStringLiteral("P(RTO met)")), QStringLiteral("85.0%"));
  EXPECT_EQ(cell(t, 0, QStringLiteral("p50 RTO s")), QStringLiteral("759"));
  EXPECT_EQ(cell(t, 0, QStringLiteral("p95 RTO s")), QStringLiteral("932"));
  EXPECT_EQ(cell(t, 0, QStringLiteral("P(RPO met)")), QStringLiteral("100.0%"));
  EXPECT_EQ(cell(t, 0, QStringLiteral("RTO Wilson")), QStringLiteral("64.0–94.8%"));
  EXPECT_EQ(cell(t, 0, QStringLiteral("P(RTO met)"), Qt::ToolTipRole), QStringLiteral("17 of 20 runs"));
  EXPECT_EQ(background(t, 0, QStringLiteral("status")), palette::missed());
  EXPECT_EQ(background(t, 1, QStringLiteral("status")), palette::met());
  // "api AZ MissingPolicy 20 — — 128 129 — — 0".
  EXPECT_EQ(cell(t, 3, QStringLiteral("RTO s")), QStringLiteral("—"));
  EXPECT_EQ(cell(t, 3, QStringLiteral("P(RTO met)")), QStringLiteral("—"));
  EXPECT_EQ(cell(t, 3, QStringLiteral("p50 RTO s")), QStringLiteral("128"));
  EXPECT_EQ(background(t, 3, QStringLiteral("status")), palette::neutral());
}

TEST(ResultTables, AnUnboundedQuantileSaysSo) {
  json file = read_json(test::bundled_assessment());
  file["results"][0]["rto"]["p95_s"] = nullptr;
  StudyTable t;
  fill_assessment(t, std::get<AssessmentReport>(result_from_json(file).data));
  EXPECT_EQ(cell(t, 0, QStringLiteral("p95 RTO s")), QStringLiteral("unbounded"));
}

// --- comparison -----------------------------------------------------------------------------------

TEST(ResultFromJson, ReadsTheBundledComparison) {
  const json file = read_json(test::bundled_comparison());
  const ResultPtr result = load_result(test::bundled_comparison());
  ASSERT_TRUE(result);
  ASSERT_EQ(result->kind(), ResultKind::Comparison);
  const ComparisonReport& r = *result->comparison();
  EXPECT_EQ(r.scenario_name, "default");
  EXPECT_EQ(r.runs, 40);
  EXPECT_EQ(r.bootstrap_resamples, 2000);
  EXPECT_EQ(r.baseline_p_rto_met, file["baseline"]["p_rto_met"].get<double>());
  EXPECT_TRUE(r.baseline_settings.empty());
  ASSERT_EQ(r.candidates.size(), 5u);
  const char* const ranked[] = {"both", "faster-ack", "shorter-for", "same-group-wait", "slower-ack"};
  for (std::size_t i = 0; i < 5; ++i) {
    const json& f = file["candidates"][i];
    const ComparisonCandidate& c = r.candidates[i];
    EXPECT_EQ(c.name, ranked[i]);
    EXPECT_EQ(c.rank, static_cast<std::int64_t>(i) + 1);
    EXPECT_EQ(c.delta_p_rto_met.estimate, f["delta_p_rto_met"]["estimate"].get<double>());
    EXPECT_EQ(c.delta_p_rto_met.interval.first, f["delta_p_rto_met"]["interval"][0].get<double>());
    EXPECT_EQ(c.delta_p_rto_met.interval.second, f["delta_p_rto_met"]["interval"][1].get<double>());
    ASSERT_TRUE(c.delta_p95_time_to_restore_s);
    EXPECT_EQ(c.delta_p95_time_to_restore_s->estimate,
              f["delta_p95_time_to_restore_s"]["estimate"].get<double>());
    EXPECT_EQ(c.runs_gained, f["runs_gained"].get<std::int64_t>());
    EXPECT_EQ(c.runs_lost, f["runs_lost"].get<std::int64_t>());
  }
  // A setting equal to the scenario's changes nothing: exactly 0 with the interval [0, 0] (common
  // random numbers), and the slower acknowledgement gains no run.
  EXPECT_EQ(r.candidates[3].delta_p_rto_met.estimate, 0.0);
  EXPECT_EQ(r.candidates[3].delta_p_rto_met.interval, (std::pair<double, double>{0.0, 0.0}));
  EXPECT_EQ(r.candidates[4].runs_gained, 0);
  EXPECT_EQ(r.own_settings(r.candidates[0]).size(), 2u);
}

TEST(ResultTables, ComparisonRowsAreRankedAndColouredByTheirIntervals) {
  json file = read_json(test::bundled_comparison());
  const ResultPtr result = load_result(test::bundled_comparison());
  ASSERT_TRUE(result);
  StudyTable t;
  fill_comparison(t, *result->comparison());
  ASSERT_EQ(t.rowCount(), 5);
  EXPECT_EQ(cell(t, 0, QStringLiteral("candidate")), QStringLiteral("both"));
  EXPECT_EQ(cell(t, 0, QStringLiteral("its settings")),
            QStringLiteral("/alert/for_s=60, /responder/ack/max_s=120"));
  // 0.075 and [0, 0.175]: +7.5 points, an interval that reaches 0, so no colour.
  EXPECT_EQ(cell(t, 0, QStringLiteral("change, points")), QStringLiteral("+7.5"));
  EXPECT_EQ(cell(t, 0, QStringLiteral("points, 95% interval")), QStringLiteral("0.0 to +17.5"));
  EXPECT_FALSE(background(t, 0, QStringLiteral("change, points")).isValid());
  // The p95 time to restore 277.2 s sooner, its interval below 0: better, green.
  EXPECT_EQ(cell(t, 0, QStringLiteral("change, s")), QStringLiteral("−277.2"));
  EXPECT_EQ(background(t, 0, QStringLiteral("change, s")), palette::met());
  // The slower acknowledgement: −62.5 points, 25 runs lost, both intervals on the worse side.
  EXPECT_EQ(cell(t, 4, QStringLiteral("change, points")), QStringLiteral("−62.5"));
  EXPECT_EQ(cell(t, 4, QStringLiteral("lost")), QStringLiteral("25"));
  EXPECT_EQ(background(t, 4, QStringLiteral("change, points")), palette::missed());
  EXPECT_EQ(background(t, 4, QStringLiteral("change, s")), palette::missed());
}

// Per service: each candidate's changes for each objective, read from the file; and the identities
// of paired proportions that tie them together: a change is the candidate's proportion minus the
// baseline's, and (runs gained − runs lost) / runs.
TEST(ResultFromJson, ReadsTheComparisonPerService) {
  const json file = read_json(test::bundled_comparison());
  const ResultPtr result = load_result(test::bundled_comparison());
  ASSERT_TRUE(result);
  const ComparisonReport& r = *result->comparison();
  ASSERT_EQ(r.baseline_services.size(), 2u);
  EXPECT_EQ(r.baseline_services[0].service, "checkout");
  EXPECT_EQ(r.baseline_services[1].service, "search");
  const double runs = static_cast<double>(r.runs);
  for (std::size_t i = 0; i < r.candidates.size(); ++i) {
    const ComparisonCandidate& c = r.candidates[i];
    ASSERT_EQ(c.services.size(), 2u) << c.name;
    for (std::size_t k = 0; k < 2; ++k) {
      const json& f = file["candidates"][i]["services"][k];
      const ComparisonService& s = c.services[k];
      const BaselineService* base = r.baseline_service(s.service);
      ASSERT_TRUE(base);
      EXPECT_EQ(s.service, f["service"].get<std::string>());
      EXPECT_EQ(s.p_rto_met, f["p_rto_met"].get<double>());
      EXPECT_EQ(s.p_rpo_met, f["p_rpo_met"].get<double>());
      EXPECT_EQ(s.delta_p_rto_met.estimate, f["delta_p_rto_met"]["estimate"].get<double>());
      EXPECT_EQ(s.delta_p_rto_met.interval.first, f["delta_p_rto_met"]["interval"][0].get<double>());
      EXPECT_EQ(s.delta_p_rpo_met.interval.second, f["delta_p_rpo_met"]["interval"][1].get<double>());
      EXPECT_EQ(s.rto_runs_gained, f["rto_runs_gained"].get<std::int64_t>());
      EXPECT_EQ(s.rpo_runs_lost, f["rpo_runs_lost"].get<std::int64_t>());
      EXPECT_NEAR(s.delta_p_rto_met.estimate, s.p_rto_met - base->p_rto_met, 1e-12)
          << c.name << " " << s.service;
      EXPECT_NEAR(s.delta_p_rpo_met.estimate, s.p_rpo_met - base->p_rpo_met, 1e-12)
          << c.name << " " << s.service;
      EXPECT_NEAR(s.delta_p_rto_met.estimate, static_cast<double>(s.rto_runs_gained - s.rto_runs_lost) / runs,
                  1e-12);
      EXPECT_NEAR(s.delta_p_rpo_met.estimate, static_cast<double>(s.rpo_runs_gained - s.rpo_runs_lost) / runs,
                  1e-12);
      EXPECT_LE(s.delta_p_rto_met.interval.first, s.delta_p_rto_met.estimate);
      EXPECT_GE(s.delta_p_rto_met.interval.second, s.delta_p_rto_met.estimate);
    }
  }
  // A setting equal to the scenario's changes no service: exactly 0 with the interval [0, 0].
  for (const ComparisonService& s : r.candidates[3].services) {
    EXPECT_EQ(s.delta_p_rto_met.estimate, 0.0) << s.service;
    EXPECT_EQ(s.delta_p_rto_met.interval, (std::pair<double, double>{0.0, 0.0})) << s.service;
    EXPECT_EQ(s.delta_p_rpo_met.interval, (std::pair<double, double>{0.0, 0.0})) << s.service;
  }
}

// A comparison written before the per-service changes has none, and fields this viewer does not know
// (a per-service ranking, say) are passed over.
TEST(ResultFromJson, ComparisonFieldsAreReadTolerantly) {
  QTemporaryDir dir;
  json older = read_json(test::bundled_comparison());
  older["baseline"].erase("services");
  for (json& c : older["candidates"])
    c.erase("services");
  const QString older_path =
      test::write_file(dir, QStringLiteral("older.json"), QByteArray::fromStdString(older.dump(2)));
  const LoadedReport a = load_report_file(older_path);
  ASSERT_TRUE(a.result) << a.error.toStdString();
  EXPECT_TRUE(a.result->comparison()->baseline_services.empty());
  EXPECT_TRUE(a.result->comparison()->candidates[0].services.empty());
  StudyTable t;
  fill_comparison_services(t, *a.result->comparison());
  EXPECT_EQ(t.rowCount(), 0);

  json newer = read_json(test::bundled_comparison());
  newer["ranking_by_service"] = {{"checkout", {"both", "faster-ack"}}};
  newer["candidates"][0]["services"][0]["rank_in_service"] = 1;
  const QString newer_path =
      test::write_file(dir, QStringLiteral("newer.json"), QByteArray::fromStdString(newer.dump(2)));
  const LoadedReport b = load_report_file(newer_path);
  ASSERT_TRUE(b.result) << b.error.toStdString();
  EXPECT_EQ(b.result->comparison()->candidates[0].services.size(), 2u);

  json broken = read_json(test::bundled_comparison());
  broken["candidates"][1]["services"][1]["delta_p_rpo_met"]["interval"] = {0.1};
  EXPECT_EQ(
      load_error(dir, broken),
      std::string("not a drillsim comparison this viewer reads: /candidates/1/services/1/delta_p_rpo_met/"
                  "interval: expected an interval [lo, hi], found array"));
}

// ranked_by and ranked_change: a file ranked by one service's objective says which, and its table
// puts that service's change (the rank's key) right after the candidate; a file ranked overall, or
// written before --rank-by, has no such columns.
TEST(ResultFromJson, ComparisonSaysWhatItWasRankedBy) {
  QTemporaryDir dir;
  const ResultPtr bundled = load_result(test::bundled_comparison());  // Written before --rank-by.
  ASSERT_TRUE(bundled);
  EXPECT_FALSE(bundled->comparison()->ranked_by_service);
  EXPECT_FALSE(bundled->comparison()->candidates[0].ranked_change);
  EXPECT_EQ(bundled->comparison()->ranked_by_text(), "P(every RTO met)");
  StudyTable overall;
  fill_comparison(overall, *bundled->comparison());
  EXPECT_EQ(overall.columnCount(), 11);

  // Ranked by search's RPO: every candidate's ranked change is search's change in P(RPO met).
  json by_search = read_json(test::bundled_comparison());
  by_search["ranked_by"] = {{"service", "search"}, {"objective", "rpo"}};
  for (json& c : by_search["candidates"])
    c["ranked_change"] = c["services"][1]["delta_p_rpo_met"];
  // One made-up change, so that the column is seen to come from ranked_change: +12.5 [+2.5, +20.0].
  by_search["candidates"][0]["ranked_change"] = {{"estimate", 0.125}, {"interval", {0.025, 0.2}}};
  const QString path =
      test::write_file(dir, QStringLiteral("by-search.json"), QByteArray::fromStdString(by_search.dump(2)));
  const LoadedReport a = load_report_file(path);
  ASSERT_TRUE(a.result) << a.error.toStdString();
  const ComparisonReport& r = *a.result->comparison();
  ASSERT_TRUE(r.ranked_by_service);
  EXPECT_EQ(*r.ranked_by_service, "search");
  EXPECT_TRUE(r.ranked_by_rpo);
  EXPECT_EQ(r.ranked_by_text(), "search's P(RPO met)");
  ASSERT_TRUE(r.candidates[0].ranked_change);
  EXPECT_EQ(r.candidates[0].ranked_change->estimate, 0.125);
  EXPECT_EQ(r.candidates[0].ranked_change->interval, (std::pair<double, double>{0.025, 0.2}));
  StudyTable t;
  fill_comparison(t, r);
  ASSERT_EQ(t.columnCount(), 13);
  const QString change = QStringLiteral("search's P(RPO met) change, points");
  EXPECT_EQ(t.column(change), 2);
  EXPECT_EQ(cell(t, 0, change), QStringLiteral("+12.5"));
  EXPECT_EQ(cell(t, 0, QStringLiteral("search's P(RPO met) 95% interval")), QStringLiteral("+2.5 to +20.0"));
  EXPECT_EQ(background(t, 0, change), palette::met());
  EXPECT_EQ(cell(t, 1, change), QStringLiteral("0.0"));  // No candidate moves search's RPO.
  EXPECT_FALSE(background(t, 1, change).isValid());
  EXPECT_EQ(cell(t, 0, QStringLiteral("candidate")), QStringLiteral("both"));

  json bad = by_search;
  bad["ranked_by"]["objective"] = "latency";
  EXPECT_EQ(load_error(dir, bad), std::string("not a drillsim comparison this viewer reads: /ranked_by/objective: "
                                              "expected \"rto\" or \"rpo\", found string"));
}

TEST(ResultTables, ComparisonPerServiceRowsGoByCandidateThenService) {
  const json file = read_json(test::bundled_comparison());
  const ResultPtr result = load_result(test::bundled_comparison());
  ASSERT_TRUE(result);
  StudyTable t;
  fill_comparison_services(t, *result->comparison());
  ASSERT_EQ(t.rowCount(), 10);  // 5 candidates × 2 services.
  for (int row = 0; row < 10; ++row) {
    const json& c = file["candidates"][row / 2];
    const json& s = c["services"][row % 2];
    EXPECT_EQ(cell(t, row, QStringLiteral("candidate")),
              QString::fromStdString(c["name"].get<std::string>()));
    EXPECT_EQ(cell(t, row, QStringLiteral("service")),
              QString::fromStdString(s["service"].get<std::string>()));
    EXPECT_EQ(cell(t, row, QStringLiteral("RTO gained")), QString::number(s["rto_runs_gained"].get<int>()));
    EXPECT_EQ(cell(t, row, QStringLiteral("RPO lost")), QString::number(s["rpo_runs_lost"].get<int>()));
    // The change in points, one decimal, signed; green when the whole interval is above 0, red below.
    const double d = s["delta_p_rto_met"]["estimate"].get<double>() * 100.0;
    const QString text = cell(t, row, QStringLiteral("RTO change"));
    EXPECT_NEAR(QString(text).replace(QChar(0x2212), QLatin1Char('-')).toDouble(), d, 0.05001)
        << text.toStdString();
    const double lo = s["delta_p_rto_met"]["interval"][0].get<double>();
    const double hi = s["delta_p_rto_met"]["interval"][1].get<double>();
    const QColor expected = lo > 0 ? palette::met() : hi < 0 ? palette::missed() : QColor();
    EXPECT_EQ(background(t, row, QStringLiteral("RTO change")), expected) << row;
  }
  EXPECT_EQ(cell(t, 0, QStringLiteral("baseline P(RTO)")),
            format_percent(file["baseline"]["services"][0]["p_rto_met"].get<double>()));
}

// --- dispatch and errors --------------------------------------------------------------------------

TEST(ResultFromJson, AProblemNamesItsPointer) {
  QTemporaryDir dir;
  json capacity = read_json(test::bundled_capacity());
  capacity["services"][1]["probes"][2].erase("passed");
  EXPECT_EQ(load_error(dir, capacity),
            std::string("not a drillsim capacity report this viewer reads: /services/1/probes/2/passed: "
                        "missing; expected true or false"));
  json assessment = read_json(test::bundled_assessment());
  assessment["results"][0]["rto"]["met"]["wilson"] = "narrow";
  EXPECT_EQ(load_error(dir, assessment),
            std::string("not a drillsim assessment this viewer reads: /results/0/rto/met/wilson: expected an "
                        "array, found string"));
  json comparison = read_json(test::bundled_comparison());
  comparison["format"] = 2;
  EXPECT_EQ(load_error(dir, comparison),
            std::string("not a drillsim comparison this viewer reads: /format: unsupported comparison format "
                        "2; this build reads 1"));
}

TEST(ResultFromJson, AnUnknownKindIsRefusedByName) {
  const LoadedReport r = load_report_file(QStringLiteral(DRILLSIM_GUI_TEST_DATA "/unknown-kind.json"));
  EXPECT_FALSE(r.report || r.study || r.result);
  EXPECT_EQ(r.error,
            QStringLiteral("not a file this viewer opens: /kind: unknown kind \"tally\"; it opens drill "
                           "reports (no \"kind\") and the kinds aggregate, sweep, capacity, assessment "
                           "and comparison"));
  QTemporaryDir dir;
  EXPECT_EQ(
      load_error(dir, json{{"kind", 3}}),
      std::string("not a file this viewer opens: /kind: expected a string, found number; it opens drill "
                  "reports (no \"kind\") and the kinds aggregate, sweep, capacity, assessment and "
                  "comparison"));
}

TEST(ResultFromJson, FileKindDispatchesOnKind) {
  EXPECT_EQ(file_kind(json{{"schema_version", 1}}), FileKind::DrillReport);
  EXPECT_EQ(file_kind(json{{"kind", "sweep"}}), FileKind::Study);
  EXPECT_EQ(file_kind(json{{"kind", "capacity"}}), FileKind::Result);
  EXPECT_EQ(file_kind(json{{"kind", "assessment"}}), FileKind::Result);
  EXPECT_EQ(file_kind(json{{"kind", "comparison"}}), FileKind::Result);
  EXPECT_EQ(file_kind(json{{"kind", "Capacity"}}), FileKind::Unknown);
  EXPECT_EQ(file_kind(json::array()), FileKind::DrillReport);
}

}  // namespace
}  // namespace drillsim::gui
