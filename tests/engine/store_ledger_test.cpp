// The store ledger by hand: write fractions of 1 and 0 make every draw's outcome certain, so each
// count below follows from the commits the test makes.
#include "engine/store_ledger.hpp"

#include <gtest/gtest.h>

#include <array>

namespace drillsim::engine {
namespace {

using model::MigrationSpec;
using model::Version;

// "api" (0) writes every successful request to "db" (0) and to "audit" (1), which takes none; "web" (1)
// writes nowhere.
model::Scenario two_stores() {
  model::Scenario s;
  s.services.resize(2);
  s.services[0].name = "api";
  s.services[1].name = "web";
  s.stores.resize(2);
  s.stores[0].name = "db";
  s.stores[0].service = "api";
  s.stores[0].write_fraction = 1.0;
  s.stores[1].name = "audit";
  s.stores[1].service = "api";
  s.stores[1].write_fraction = 0.0;
  return s;
}

TEST(StoreLedger, CommitsTheWritesObservedDuringTheDrill) {
  const auto s = two_stores();
  StoreLedger ledger(s, 1);
  EXPECT_TRUE(ledger.writes(0));
  EXPECT_FALSE(ledger.writes(1));
  EXPECT_EQ(ledger.service_of(1), 0);
  EXPECT_FALSE(ledger.commit(0, Version::Stable, 10.0, 100.0, 0.0));
  EXPECT_FALSE(ledger.commit(0, Version::Stable, 100.0, 100.0, 0.0));  // At the end: not observed.
  EXPECT_EQ(ledger.outcome(0).writes_committed, 1u);
  EXPECT_EQ(ledger.outcome(1).writes_committed, 0u);  // write_fraction 0.
  EXPECT_EQ(ledger.corrupted_in_store(0), 0u);
}

TEST(StoreLedger, ACorruptingVersionsWritesAreBad) {
  const auto s = two_stores();
  StoreLedger ledger(s, 1);
  EXPECT_TRUE(ledger.commit(0, Version::New, 10.0, 100.0, 1.0));
  EXPECT_FALSE(ledger.commit(0, Version::New, 20.0, 100.0, 0.0));
  EXPECT_EQ(ledger.outcome(0).writes_corrupted, 1u);
  EXPECT_EQ(ledger.corrupted_in_store(0), 1u);
}

// Writes at 10, 20 (corrupted), 30 (corrupted), 40. A restore at 50 to 25 loses 30 and 40 and with them
// one corrupted write; a second at 60 to 5 loses 10 and 20: the window widens to [5, 60].
TEST(StoreLedger, RollBackLosesEveryWriteAfterThePoint) {
  const auto s = two_stores();
  StoreLedger ledger(s, 1);
  ledger.commit(0, Version::Stable, 10.0, 100.0, 0.0);
  ledger.commit(0, Version::New, 20.0, 100.0, 1.0);
  ledger.commit(0, Version::New, 30.0, 100.0, 1.0);
  ledger.commit(0, Version::Stable, 40.0, 100.0, 0.0);
  EXPECT_EQ(ledger.roll_back(0, 25.0, 50.0), 2u);
  EXPECT_EQ(ledger.corrupted_in_store(0), 1u);
  EXPECT_EQ(ledger.outcome(0).writes_lost, 2u);
  EXPECT_EQ(ledger.outcome(0).loss_start_s, 25.0);
  EXPECT_EQ(ledger.outcome(0).loss_end_s, 50.0);
  EXPECT_EQ(ledger.roll_back(0, 5.0, 60.0), 2u);
  EXPECT_EQ(ledger.outcome(0).writes_lost, 4u);
  EXPECT_EQ(ledger.outcome(0).loss_start_s, 5.0);
  EXPECT_EQ(ledger.outcome(0).loss_end_s, 60.0);
  EXPECT_EQ(ledger.outcome(0).restores_s, (std::vector<double>{50.0, 60.0}));
  const auto outcomes = ledger.take_outcomes();
  ASSERT_EQ(outcomes.size(), 2u);
  EXPECT_EQ(outcomes[0].store, "db");
  EXPECT_EQ(outcomes[0].service, "api");
  EXPECT_EQ(outcomes[0].writes_committed, 4u);  // Committed, lost or not.
  EXPECT_EQ(outcomes[0].corrupted_remaining, 0u);
  EXPECT_EQ(outcomes[1].store, "audit");
}

TEST(StoreLedger, CorruptedWritesLeftAtTheEndAreReported) {
  const auto s = two_stores();
  StoreLedger ledger(s, 1);
  ledger.commit(0, Version::New, 20.0, 100.0, 1.0);
  ledger.commit(0, Version::New, 30.0, 100.0, 1.0);
  EXPECT_EQ(ledger.take_outcomes()[0].corrupted_remaining, 2u);
}

TEST(StoreLedger, DownStoresAreCountedPerService) {
  const auto s = two_stores();
  StoreLedger ledger(s, 1);
  EXPECT_TRUE(ledger.set_down(0, true));
  EXPECT_FALSE(ledger.set_down(0, true));  // Already down.
  EXPECT_EQ(ledger.down_count(0), 1);
  EXPECT_TRUE(ledger.set_down(1, true));
  EXPECT_EQ(ledger.down_count(0), 2);
  EXPECT_EQ(ledger.down_count(1), 0);
  EXPECT_TRUE(ledger.set_down(0, false));
  EXPECT_EQ(ledger.down_count(0), 1);
}

// Adding a nullable column at 15, reverted: the new code's writes since 15 (20 and 40) lose their
// values; the stable code's (30) and those before (10) stay. The window is the lost writes' span.
TEST(StoreLedger, MigrateDownOfAnAddedColumnLosesTheNewCodesWritesSinceIt) {
  auto s = two_stores();
  s.stores[0].migration = MigrationSpec{MigrationSpec::Kind::AddNullableColumn, 15.0};
  StoreLedger ledger(s, 1);
  EXPECT_FALSE(ledger.migration_applied(0));
  ledger.commit(0, Version::New, 10.0, 100.0, 0.0);
  ledger.apply_migration(0);
  ledger.commit(0, Version::New, 20.0, 100.0, 0.0);
  ledger.commit(0, Version::Stable, 30.0, 100.0, 0.0);
  ledger.commit(0, Version::New, 40.0, 100.0, 0.0);
  EXPECT_EQ(ledger.migrate_down(0), 2u);
  EXPECT_FALSE(ledger.migration_applied(0));
  EXPECT_EQ(ledger.outcome(0).loss_start_s, 20.0);
  EXPECT_EQ(ledger.outcome(0).loss_end_s, 40.0);
  EXPECT_EQ(ledger.migrate_down(0), 0u);  // Not applied any more: nothing to revert.
}

// A removed column was dropped by the up-migration at 15: reverting re-creates it empty, so the writes
// before 15 (10 and 12) lose their data; the write after it (20) keeps its own.
TEST(StoreLedger, MigrateDownOfARemovedColumnLosesTheWritesBeforeIt) {
  auto s = two_stores();
  s.stores[0].migration = MigrationSpec{MigrationSpec::Kind::RemoveColumn, 15.0};
  StoreLedger ledger(s, 1);
  ledger.commit(0, Version::Stable, 10.0, 100.0, 0.0);
  ledger.commit(0, Version::Stable, 12.0, 100.0, 0.0);
  ledger.apply_migration(0);
  ledger.commit(0, Version::New, 20.0, 100.0, 0.0);
  EXPECT_EQ(ledger.migrate_down(0), 2u);
  EXPECT_EQ(ledger.outcome(0).loss_start_s, 10.0);
  EXPECT_EQ(ledger.outcome(0).loss_end_s, 12.0);
}

TEST(StoreLedger, MigrateDownOfARenameLosesNothing) {
  auto s = two_stores();
  s.stores[0].migration = MigrationSpec{MigrationSpec::Kind::RenameColumn, 0.0};
  StoreLedger ledger(s, 1);
  EXPECT_TRUE(ledger.migration_applied(0));  // applied_at_s <= 0: before the drill.
  ledger.commit(0, Version::New, 20.0, 100.0, 0.0);
  EXPECT_EQ(ledger.migrate_down(0), 0u);
  EXPECT_FALSE(ledger.migration_applied(0));
  EXPECT_FALSE(ledger.outcome(0).loss_start_s.has_value());
}

// Which code breaks against which schema (model::MigrationSpec's table).
TEST(StoreLedger, SchemaBreaksTheCodeThatDoesNotFitIt) {
  auto s = two_stores();
  s.stores[0].migration = MigrationSpec{MigrationSpec::Kind::RemoveColumn, 100.0};
  StoreLedger ledger(s, 1);
  // Old schema: new code that no longer reads the column works; stable code too.
  EXPECT_EQ(ledger.schema_broken(0), (std::array<bool, 2>{false, false}));
  ledger.apply_migration(0);
  // Column gone: stable code that reads it fails.
  EXPECT_EQ(ledger.schema_broken(0), (std::array<bool, 2>{true, false}));
  // A restore to before the migration brings the old schema back.
  ledger.roll_back(0, 50.0, 200.0);
  EXPECT_FALSE(ledger.migration_applied(0));
  EXPECT_EQ(ledger.schema_broken(0), (std::array<bool, 2>{false, false}));

  auto t = two_stores();
  t.stores[0].migration = MigrationSpec{MigrationSpec::Kind::AddRequiredColumn, 100.0};
  StoreLedger required(t, 1);
  // Not applied yet: the new code needs the column.
  EXPECT_EQ(required.schema_broken(0), (std::array<bool, 2>{false, true}));
  required.apply_migration(0);
  // Applied: the stable code does not fill the required column.
  EXPECT_EQ(required.schema_broken(0), (std::array<bool, 2>{true, false}));
  EXPECT_EQ(required.schema_broken(1), (std::array<bool, 2>{false, false}));  // "web" has no store.
}

}  // namespace
}  // namespace drillsim::engine
