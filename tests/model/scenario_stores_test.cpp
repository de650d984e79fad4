// Known answers for the stores section: backups and restore points, and the migrations' names.
#include "model/scenario_stores.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace drillsim::model {
namespace {

// Backups every hour from 600 s: 600, 4200, 7800, ...
TEST(DataStore, LatestBackupAndRestorePoint) {
  DataStoreSpec store;
  store.backup_interval_s = 3600.0;
  store.backup_offset_s = 600.0;
  EXPECT_DOUBLE_EQ(store.latest_backup(5000.0), 4200.0);
  EXPECT_DOUBLE_EQ(store.latest_backup(4200.0), 4200.0);
  // No WAL archive: the backup before the target, point in time or not.
  EXPECT_DOUBLE_EQ(store.restore_point(5000.0, 6000.0, true), 4200.0);
  store.wal_archive_interval_s = 300.0;
  EXPECT_DOUBLE_EQ(store.restore_point(5000.0, 6000.0, false), 4200.0);
  // Segments shipped by 6000 reach the target itself.
  EXPECT_DOUBLE_EQ(store.restore_point(5000.0, 6000.0, true), 5000.0);
  // At 4500 the last shipped segment ends at 4500: the target 5000 is not reachable yet.
  EXPECT_DOUBLE_EQ(store.restore_point(5000.0, 4500.0, true), 4500.0);
  // At 4250 the segment of 4200 is the latest: no later than the backup itself.
  EXPECT_DOUBLE_EQ(store.restore_point(5000.0, 4250.0, true), 4200.0);
}

TEST(Names, MigrationsHaveTheFormatsNames) {
  EXPECT_STREQ(to_string(MigrationSpec::Kind::RenameColumn), "rename_column");
  EXPECT_STREQ(to_string(MigrationSpec::Kind::AddNullableColumn), "add_nullable_column");
  EXPECT_STREQ(to_string(MigrationSpec::Kind::RemoveTable), "remove_table");
}

}  // namespace
}  // namespace drillsim::model
