#include "montecarlo/aggregate.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "montecarlo/seeds.hpp"
#include "montecarlo/stats.hpp"

namespace drillsim::montecarlo {
namespace {

using Json = nlohmann::ordered_json;

// Run i: time to restore 600 + 10 i, RTO 900 met when it is <= 900 (i <= 30); the input "driver" is
// the time to restore itself, "noise" alternates 1, 2.
std::vector<RunSummary> runs(std::uint64_t n, std::uint64_t seed = 1) {
  std::vector<RunSummary> out;
  for (std::uint64_t i = 0; i < n; ++i) {
    RunSummary s;
    s.run = i;
    s.seed = run_seed(seed, i);
    const double ttr = 600.0 + 10.0 * static_cast<double>(i);
    s.time_to_restore_s = ttr;
    s.restore_or_censored_s = ttr;
    s.downtime_s = ttr;
    s.exit_state = i % 4 == 0 ? "aborted" : "completed";
    s.objectives.push_back({"checkout", 900, 0, ttr, 0, ttr <= 900, true});
    s.levels.push_back({"Level 1", i % 2 == 0 ? std::optional<bool>(i < 20) : std::nullopt});
    s.inputs.push_back({"noise", static_cast<double>(i % 2 + 1)});
    s.inputs.push_back({"driver", ttr});
    out.push_back(s);
  }
  return out;
}

Study study(std::uint64_t n) {
  Study s;
  s.generator = "drillsim test";
  s.scenario_name = "t";
  s.scenario_file = "t.json";
  s.duration_s = 1800;
  s.runs = n;
  return s;
}

TEST(Aggregate, ProportionsQuantilesAndExitStates) {
  const Json a = build_aggregate(study(40), runs(40));
  EXPECT_EQ(a.at("kind"), "aggregate");
  EXPECT_EQ(a.at("format"), kAggregateFormat);
  const auto& rto = a.at("objectives")[0].at("rto_met");
  EXPECT_EQ(rto.at("count"), 31);  // i = 0..30.
  EXPECT_EQ(rto.at("of"), 40);
  const Interval cp = clopper_pearson_interval(31, 40);
  EXPECT_EQ(rto.at("clopper_pearson")[0].get<double>(), cp.lo);
  // Time to restore 600..990 step 10: p50 at h = 19.5 -> 795; p95 at h = 37.05 -> 970.5.
  const auto& q = a.at("metrics").at("time_to_restore_s").at("quantiles");
  EXPECT_DOUBLE_EQ(q.at("p50").get<double>(), 795.0);
  EXPECT_DOUBLE_EQ(q.at("p95").get<double>(), 970.5);
  EXPECT_EQ(a.at("metrics").at("time_to_detect_s").at("runs"), 0);
  EXPECT_EQ(a.at("exit_states").at("aborted").at("count"), 10);
  EXPECT_EQ(a.at("exit_states").at("completed").at("count"), 30);
  // Level 1 judged in the 20 even runs, met in i = 0, 2, ..., 18: 10 of 20.
  EXPECT_EQ(a.at("levels")[0].at("of"), 20);
  EXPECT_EQ(a.at("levels")[0].at("count"), 10);
  EXPECT_EQ(a.at("levels")[0].at("not_judged"), 20);
  EXPECT_EQ(a.at("per_run").size(), 40U);
}

TEST(Aggregate, RanksTheDrivingInputFirst) {
  const Json a = build_aggregate(study(40), runs(40));
  const auto& inputs = a.at("attribution").at("inputs");
  ASSERT_EQ(inputs.size(), 2U);
  EXPECT_EQ(inputs[0].at("input"), "driver");
  EXPECT_DOUBLE_EQ(inputs[0].at("spearman_time_to_restore").get<double>(), 1.0);
  EXPECT_EQ(inputs[1].at("input"), "noise");
}

TEST(Aggregate, OrderOfRunsDoesNotMatter) {
  auto shuffled = runs(25);
  std::reverse(shuffled.begin(), shuffled.end());
  EXPECT_EQ(build_aggregate(study(25), shuffled).dump(), build_aggregate(study(25), runs(25)).dump());
}

std::string streamed(const Json& document, const std::vector<const std::vector<RunSummary>*>& tables) {
  std::string text;
  write_json_with_tables(document, tables, [&](std::string_view piece) { text.append(piece); });
  return text;
}

TEST(Aggregate, StreamedTableIsTheWholeDocumentByteForByte) {
  std::vector<RunSummary> rows = runs(25);
  std::reverse(rows.begin(), rows.end());
  const std::string whole = build_aggregate(study(25), rows).dump(2) + "\n";
  const Json header = build_aggregate_statistics(study(25), rows);
  EXPECT_EQ(header.at("per_run"), per_run_placeholder(0));
  EXPECT_EQ(rows.front().run, 0U);  // Left sorted.
  EXPECT_EQ(streamed(header, {&rows}), whole);

  // No run (an empty shard): an empty array.
  std::vector<RunSummary> none;
  EXPECT_EQ(streamed(build_aggregate_statistics(study(0), none), {&none}),
            build_aggregate(study(0), {}).dump(2) + "\n");

  // Nested deeper and more than one table (a sweep's points).
  std::vector<RunSummary> other = runs(3, 9);
  Json sweep{{"kind", "sweep"},
             {"points", Json::array({{{"aggregate", build_aggregate_statistics(study(25), rows, 0)}},
                                     {{"aggregate", build_aggregate_statistics(study(3), other, 1)}}})}};
  Json expected{{"kind", "sweep"},
                {"points", Json::array({{{"aggregate", build_aggregate(study(25), rows)}},
                                        {{"aggregate", build_aggregate(study(3), other)}}})}};
  EXPECT_EQ(streamed(sweep, {&rows, &other}), expected.dump(2) + "\n");
}

TEST(Aggregate, ShardRangesCoverEveryRunOnce) {
  EXPECT_EQ(shard_range(10, 0, 3).first, 0U);
  EXPECT_EQ(shard_range(10, 0, 3).end, 3U);
  EXPECT_EQ(shard_range(10, 1, 3).end, 6U);
  EXPECT_EQ(shard_range(10, 2, 3).end, 10U);
  EXPECT_EQ(shard_range(2, 0, 3).end, 0U);  // More shards than runs: some are empty.
}

Json shard(std::uint64_t n, std::uint64_t i, std::uint64_t k) {
  Study s = study(n);
  s.shard_index = i;
  s.shard_count = k;
  const RunRange range = shard_range(n, i, k);
  auto all = runs(n);
  return build_aggregate(s, std::vector<RunSummary>(all.begin() + static_cast<long>(range.first),
                                                    all.begin() + static_cast<long>(range.end)));
}

TEST(Aggregate, ShardsMergeIntoTheWholeStudy) {
  const Json whole = build_aggregate(study(40), runs(40));
  const Json merged = merge_aggregates({shard(40, 2, 3), shard(40, 0, 3), shard(40, 1, 3)}, {"c", "a", "b"});
  EXPECT_EQ(merged.dump(2), whole.dump(2));
}

TEST(Aggregate, MergeRefusesMissingDuplicatedOrForeignRuns) {
  EXPECT_THROW(merge_aggregates({shard(40, 0, 3), shard(40, 1, 3)}, {"a", "b"}), AggregateError);
  EXPECT_THROW(merge_aggregates({shard(40, 0, 3), shard(40, 0, 3), shard(40, 1, 3), shard(40, 2, 3)}, {}),
               AggregateError);
  Json other = shard(40, 2, 3);
  other["seed"] = 2;
  EXPECT_THROW(merge_aggregates({shard(40, 0, 3), shard(40, 1, 3), other}, {}), AggregateError);
  Json not_aggregate = shard(40, 2, 3);
  not_aggregate["kind"] = "report";
  EXPECT_THROW(merge_aggregates({shard(40, 0, 3), shard(40, 1, 3), not_aggregate}, {}), AggregateError);
}

TEST(Aggregate, StreamedShardsMergeIntoTheWholeStudyByteForByte) {
  // drillsim merge's way: each shard's text parsed as a stream, its rows going to a RunTable and out of
  // the document, then merged and written with the table streamed in.
  const std::string whole = build_aggregate(study(40), runs(40)).dump(2) + "\n";
  AggregateMerger merger;
  for (const std::uint64_t i : {1U, 2U, 0U}) {
    std::istringstream text(shard(40, i, 3).dump(2));
    RunTable rows;
    const Json header = read_aggregate_streaming(text, rows, 64);
    EXPECT_EQ(header.at("per_run"), Json::array());  // The rows are in the table, not in the document.
    EXPECT_EQ(rows.size(), shard_range(40, i, 3).end - shard_range(40, i, 3).first);
    EXPECT_EQ(header.at("runs_included"), rows.size());
    merger.add(header, rows, "shard " + std::to_string(i));
  }
  const Json statistics = build_aggregate_statistics(merger.finish(), merger.runs());
  std::string written;
  write_json_with_tables(statistics, std::vector<const RunTable*>{&merger.runs()},
                         [&](std::string_view piece) { written.append(piece); });
  EXPECT_EQ(written, whole);
}

TEST(Aggregate, StreamedMergeNamesTheInputsOfARepeatedRun) {
  AggregateMerger merger;
  for (const char* name : {"a.json", "b.json"}) {
    std::istringstream text(shard(40, 1, 3).dump());
    RunTable rows;
    const Json header = read_aggregate_streaming(text, rows, 64);
    if (std::string(name) == "a.json") {
      merger.add(header, rows, name);
      continue;
    }
    try {
      merger.add(header, rows, name);
      FAIL() << "a repeated run was merged";
    } catch (const AggregateError& e) {
      EXPECT_EQ(std::string(e.what()), "run 13 is in both a.json and b.json");
    }
  }
  AggregateMerger incomplete;
  std::istringstream text(shard(40, 0, 3).dump());
  RunTable rows;
  incomplete.add(read_aggregate_streaming(text, rows, 64), rows, "a.json");
  try {
    incomplete.finish();
    FAIL() << "an incomplete study was merged";
  } catch (const AggregateError& e) {
    EXPECT_EQ(std::string(e.what()),
              "27 of the study's 40 runs are in no input (the first is run 13); merge every shard");
  }
  std::istringstream broken(R"({"kind": "aggregate", "per_run": [{"run": 1}]})");
  RunTable none;
  EXPECT_THROW(read_aggregate_streaming(broken, none, 64), AggregateError);
  std::istringstream truncated(shard(40, 0, 3).dump().substr(0, 100));
  EXPECT_THROW(read_aggregate_streaming(truncated, none, 64), nlohmann::json::parse_error);
}

}  // namespace
}  // namespace drillsim::montecarlo
