#include "montecarlo/run_table.hpp"

#include <gtest/gtest.h>

#include "montecarlo/seeds.hpp"

namespace drillsim::montecarlo {
namespace {

// Run i of a study with every kind of field set, some of them to i-dependent values.
RunSummary run(std::uint64_t i) {
  RunSummary s;
  s.run = i;
  s.seed = run_seed(7, i);
  s.exit_state = i % 3 == 0 ? "aborted" : "completed";
  s.time_to_detect_s = 30.0 + static_cast<double>(i);
  if (i % 2 == 0) s.time_to_restore_s = 600.25 + static_cast<double>(i);
  s.restore_or_censored_s = s.time_to_restore_s.value_or(1200.0);
  s.downtime_s = 0.1 * static_cast<double>(i);
  s.requests_failed = 1000 + i;
  s.users_affected = 10 * i;
  s.data_loss_window_s = 1.5;
  s.writes_lost = i;
  s.objectives.push_back({"checkout", 900, 60, s.time_to_restore_s, 1.5, i % 2 == 0, true});
  s.objectives.push_back({"payments", 600, 0, std::nullopt, 0, false, i % 5 != 0});
  s.levels.push_back({"Level 1", std::nullopt});
  s.levels.push_back({"Level 2", std::optional<bool>(i % 4 == 0)});
  s.inputs.push_back({"ack", 12.5 * static_cast<double>(i)});
  if (i % 2 == 1) s.inputs.push_back({"escalation", 300});
  if (i == 4) s.violations = {"downtime 12 s exceeds the drill", "second"};
  return s;
}

TEST(RunTable, GivesBackEveryRunInRunOrderExactly) {
  RunTable table;
  // Added out of order, as parallel runs finish.
  for (const std::uint64_t i : {3, 0, 1, 5, 2, 4})
    table.add(run(i));
  ASSERT_EQ(table.size(), 6U);
  std::uint64_t next = 0;
  table.for_each([&](const RunSummary& s) {
    EXPECT_EQ(to_json(s), to_json(run(next))) << "run " << next;
    ++next;
  });
  EXPECT_EQ(next, 6U);
  EXPECT_EQ(to_json(table.front()), to_json(run(0)));
  EXPECT_EQ(table.to_vector().at(4).violations, run(4).violations);
}

TEST(RunTable, KeepsNamesOnceAndRunsInTheFile) {
  RunTable table;
  table.add(run(0));
  const std::uint64_t one = table.file_bytes();
  EXPECT_GT(one, 0U);
  for (std::uint64_t i = 1; i < 1000; ++i)
    table.add(run(i));
  // aborted, completed, checkout, payments, Level 1, Level 2, ack, escalation.
  EXPECT_EQ(table.names(), 8U);
  // No name is written per run: a run with no violation and the same inputs takes the same bytes.
  RunTable again;
  again.add(run(2));
  EXPECT_EQ(again.file_bytes(), one);
}

TEST(RunTable, MovesAndStartsEmpty) {
  RunTable table;
  EXPECT_TRUE(table.empty());
  std::uint64_t visits = 0;
  table.for_each([&](const RunSummary&) { ++visits; });
  EXPECT_EQ(visits, 0U);
  table.add(run(1));
  RunTable moved(std::move(table));
  EXPECT_EQ(moved.size(), 1U);
  RunTable assigned;
  assigned = std::move(moved);
  EXPECT_EQ(to_json(assigned.front()), to_json(run(1)));
}

TEST(RunTable, ReadsRecordsLargerThanItsWindow) {
  RunSummary big = run(0);
  for (int k = 0; k < 5000; ++k)
    big.violations.push_back("invariant " + std::to_string(k) + " broken in this run");
  RunTable table;
  table.add(run(1));
  table.add(big);
  EXPECT_GT(table.file_bytes(), 1U << 16);
  EXPECT_EQ(to_json(table.front()), to_json(big));
  EXPECT_EQ(table.to_vector().at(1).run, 1U);
}

}  // namespace
}  // namespace drillsim::montecarlo
