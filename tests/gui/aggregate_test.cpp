// Reading a Monte Carlo study and the tables of the Aggregate tab, checked against the bundled
// aggregate and sweep (tests/gui/data): every number shown is the file's, read here independently.
#include "gui/aggregate.hpp"

#include <gtest/gtest.h>

#include <QSortFilterProxyModel>
#include <QTemporaryDir>

#include <nlohmann/json.hpp>

#include "gui/aggregate_models.hpp"
#include "gui/report_loader.hpp"
#include "gui_test_data.hpp"

namespace drillsim::gui {
namespace {

using json = nlohmann::json;

json read_json(const QString& path) {
  const QByteArray bytes = test::read_bytes(path);
  return json::parse(bytes.cbegin(), bytes.cend());
}

StudyPtr load_study(const QString& path) {
  const LoadedReport r = load_report_file(path);
  EXPECT_TRUE(r.error.isEmpty()) << r.error.toStdString();
  EXPECT_FALSE(r.report);
  return r.study;
}

QString cell(const StudyTable& t, int row, const QString& header, int role = Qt::DisplayRole) {
  const int column = t.column(header);
  EXPECT_GE(column, 0) << header.toStdString();
  return t.data(t.index(row, column), role).toString();
}

double value(const StudyTable& t, int row, const QString& header) {
  return t.data(t.index(row, t.column(header)), Qt::UserRole).toDouble();
}

TEST(StudyFromJson, ReadsTheBundledAggregate) {
  const json file = read_json(test::bundled_aggregate());
  const StudyPtr study = load_study(test::bundled_aggregate());
  ASSERT_TRUE(study);
  EXPECT_FALSE(study->is_sweep);
  ASSERT_EQ(study->points.size(), 1u);
  const Aggregate& a = study->points[0].aggregate;
  EXPECT_EQ(a.scenario_name, "canary");
  EXPECT_EQ(a.scenario_file, file["scenario"]["file"].get<std::string>());
  EXPECT_EQ(a.runs, 30);
  EXPECT_EQ(a.runs_included, 30);
  EXPECT_EQ(a.per_run.size(), 30u);
  ASSERT_EQ(a.objectives.size(), 1u);
  const json& o = file["objectives"][0];
  EXPECT_EQ(a.objectives[0].rto_met.count, o["rto_met"]["count"].get<std::int64_t>());
  EXPECT_EQ(a.objectives[0].rto_met.wilson->first, o["rto_met"]["wilson"][0].get<double>());
  EXPECT_EQ(a.objectives[0].time_to_restore_s.p95, o["time_to_restore_s"]["quantiles"]["p95"].get<double>());
  EXPECT_EQ(a.objectives[0].time_to_restore_s.histogram.size(), 20u);
  // The second level was never entered: its proportion has no p and no interval.
  ASSERT_EQ(a.levels.size(), 2u);
  EXPECT_EQ(a.levels[1].claim_met.of, 0);
  EXPECT_FALSE(a.levels[1].claim_met.p);
  EXPECT_EQ(a.levels[1].not_judged, 30);
  EXPECT_EQ(a.attribution.size(), file["attribution"]["inputs"].size());
  EXPECT_EQ(a.attribution[0].input, file["attribution"]["inputs"][0]["input"].get<std::string>());
  // Run 7 replays alone with its own seed.
  EXPECT_EQ(a.replay_command(a.per_run[7].seed),
            "drillsim run tests/gui/data/canary.scenario.json --seed " +
                std::to_string(file["per_run"][7]["seed"].get<std::uint64_t>()));
}

TEST(StudyFromJson, ReadsTheBundledSweep) {
  const json file = read_json(test::bundled_sweep());
  const StudyPtr study = load_study(test::bundled_sweep());
  ASSERT_TRUE(study);
  EXPECT_TRUE(study->is_sweep);
  ASSERT_EQ(study->axes.size(), 1u);
  EXPECT_EQ(study->axes[0].pointer, "/responder/ack/max_s");
  ASSERT_EQ(study->points.size(), 3u);
  EXPECT_EQ(study->point_label(2), "max_s=420");
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(study->axes[0].numbers[i], file["axes"][0]["values"][i].get<double>());
    EXPECT_EQ(study->points[i].aggregate.objectives[0].rto_met.p,
              file["points"][i]["aggregate"]["objectives"][0]["rto_met"]["p"].get<double>());
  }
  // A point's replay command carries its setting.
  const Aggregate& last = study->points[2].aggregate;
  EXPECT_EQ(last.replay_command(42),
            "drillsim run tests/gui/data/canary.scenario.json --seed 42 --set /responder/ack/max_s=420");
}

TEST(StudyFromJson, NamesTheBrokenField) {
  json file = read_json(test::bundled_aggregate());
  file["objectives"][0]["rto_met"]["wilson"] = "wide";
  try {
    (void)study_from_json(file);
    FAIL() << "a string interval was accepted";
  } catch (const AggregateFormatError& e) {
    EXPECT_EQ(e.pointer(), "/objectives/0/rto_met/wilson");
    EXPECT_EQ(e.problem(), "expected an array, found string");
  }
  file = read_json(test::bundled_aggregate());
  file["format"] = 2;
  EXPECT_THROW((void)study_from_json(file), AggregateFormatError);
  file = read_json(test::bundled_aggregate());
  file["per_run"][3].erase("seed");
  try {
    (void)study_from_json(file);
    FAIL();
  } catch (const AggregateFormatError& e) {
    EXPECT_EQ(e.pointer(), "/per_run/3/seed");
  }
}

TEST(StudyTables, ObjectivesAndLevelsShowTheFilesProportions) {
  const json file = read_json(test::bundled_aggregate());
  const StudyPtr study = load_study(test::bundled_aggregate());
  ASSERT_TRUE(study);
  const Aggregate& a = study->points[0].aggregate;
  StudyTable objectives;
  fill_objectives(objectives, a);
  ASSERT_EQ(objectives.rowCount(), 1);
  const json& rto = file["objectives"][0]["rto_met"];
  EXPECT_EQ(cell(objectives, 0, QStringLiteral("service")), QStringLiteral("checkout"));
  EXPECT_EQ(value(objectives, 0, QStringLiteral("P(RTO met)")), rto["p"].get<double>());
  EXPECT_EQ(cell(objectives, 0, QStringLiteral("P(RTO met)")),
            QString::number(rto["p"].get<double>() * 100, 'f', 1) + QLatin1Char('%'));
  EXPECT_EQ(cell(objectives, 0, QStringLiteral("Wilson")),
            QStringLiteral("%1–%2%").arg(QString::number(rto["wilson"][0].get<double>() * 100, 'f', 1),
                                         QString::number(rto["wilson"][1].get<double>() * 100, 'f', 1)));
  EXPECT_EQ(value(objectives, 0, QStringLiteral("p95 TTR s")),
            file["objectives"][0]["time_to_restore_s"]["quantiles"]["p95"].get<double>());

  StudyTable levels;
  fill_levels(levels, a);
  ASSERT_EQ(levels.rowCount(), 2);
  EXPECT_EQ(cell(levels, 0, QStringLiteral("P(claim met)")), QStringLiteral("100.0%"));  // 30 of 30.
  EXPECT_EQ(cell(levels, 1, QStringLiteral("P(claim met)")), QStringLiteral("—"));       // 0 of 0.
  EXPECT_EQ(cell(levels, 1, QStringLiteral("not judged")), QStringLiteral("30"));

  StudyTable exits;
  fill_exit_states(exits, a);
  ASSERT_EQ(exits.rowCount(), static_cast<int>(file["exit_states"].size()));
  EXPECT_EQ(cell(exits, 0, QStringLiteral("exit state")),
            QString::fromStdString(file["exit_states"].begin().key()));
}

TEST(StudyTables, MetricsAndAttributionFollowTheFile) {
  const json file = read_json(test::bundled_aggregate());
  const StudyPtr study = load_study(test::bundled_aggregate());
  ASSERT_TRUE(study);
  StudyTable metrics;
  fill_metrics(metrics, study->points[0].aggregate);
  ASSERT_EQ(metrics.rowCount(), static_cast<int>(file["metrics"].size()));
  int row = 0;
  for (const auto& [name, d] : file["metrics"].items()) {
    EXPECT_EQ(cell(metrics, row, QStringLiteral("metric")), QString::fromStdString(name));
    if (d["runs"].get<int>() > 0) {
      EXPECT_EQ(value(metrics, row, QStringLiteral("p90")), d["quantiles"]["p90"].get<double>()) << name;
    }
    ++row;
  }
  StudyTable attribution;
  fill_attribution(attribution, study->points[0].aggregate);
  const json& inputs = file["attribution"]["inputs"];
  ASSERT_EQ(attribution.rowCount(), static_cast<int>(inputs.size()));
  for (int i = 0; i < attribution.rowCount(); ++i) {
    const json& in = inputs[static_cast<std::size_t>(i)];
    EXPECT_EQ(cell(attribution, i, QStringLiteral("input")),
              QString::fromStdString(in["input"].get<std::string>()));
    if (in["spearman_time_to_restore"].is_null()) {
      EXPECT_EQ(cell(attribution, i, QStringLiteral("ρ time to restore")), QStringLiteral("—"));
    } else {
      EXPECT_EQ(value(attribution, i, QStringLiteral("ρ time to restore")),
                in["spearman_time_to_restore"].get<double>());
    }
  }
}

TEST(StudyTables, RunsSortByAMetricAndSayHowToReplay) {
  const json file = read_json(test::bundled_aggregate());
  const StudyPtr study = load_study(test::bundled_aggregate());
  ASSERT_TRUE(study);
  StudyTable runs;
  fill_runs(runs, study->points[0].aggregate);
  ASSERT_EQ(runs.rowCount(), 30);
  QSortFilterProxyModel proxy;
  proxy.setSourceModel(&runs);
  proxy.setSortRole(kSortRole);
  const int ttr = runs.column(QStringLiteral("time_to_restore_s"));
  ASSERT_GE(ttr, 0);
  proxy.sort(ttr, Qt::DescendingOrder);
  // The slowest run of the file, found here by a scan of per_run.
  std::size_t slowest = 0;
  for (std::size_t i = 1; i < file["per_run"].size(); ++i) {
    if (file["per_run"][i]["time_to_restore_s"].get<double>() >
        file["per_run"][slowest]["time_to_restore_s"].get<double>())
      slowest = i;
  }
  const json& run = file["per_run"][slowest];
  EXPECT_EQ(proxy.index(0, runs.column(QStringLiteral("run"))).data(Qt::UserRole).toULongLong(),
            run["run"].get<std::uint64_t>());
  EXPECT_EQ(proxy.index(0, ttr).data(Qt::UserRole).toDouble(), run["time_to_restore_s"].get<double>());
  EXPECT_EQ(proxy.index(0, runs.column(QStringLiteral("replay"))).data().toString(),
            QStringLiteral("drillsim run tests/gui/data/canary.scenario.json --seed %1")
                .arg(run["seed"].get<std::uint64_t>()));
  EXPECT_EQ(proxy.index(0, runs.column(QStringLiteral("seed"))).data().toString(),
            QString::number(run["seed"].get<std::uint64_t>()));
  // Seeds sort as numbers, not as text.
  proxy.sort(runs.column(QStringLiteral("seed")), Qt::AscendingOrder);
  for (int r = 1; r < proxy.rowCount(); ++r) {
    EXPECT_LE(proxy.index(r - 1, 1).data(Qt::UserRole).toULongLong(),
              proxy.index(r, 1).data(Qt::UserRole).toULongLong());
  }
}

}  // namespace
}  // namespace drillsim::gui
