// Data stores (io/load_stores.cpp): defaults, backups, WAL archiving and migrations.
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "io/input_error.hpp"
#include "io/scenario_loader.hpp"
#include "scenario_text.hpp"

namespace drillsim::io {
namespace {

using namespace scenario_text;  // NOLINT(google-build-using-namespace): the shared scenario texts.
using model::Distribution;
using model::RateProfile;
using model::StepSpec;
using model::Version;

const fs::path kData = DRILLSIM_TEST_DATA;

TEST(ParseScenario, StoreDefaults) {
  const auto s =
      parse_scenario(scenario_with(R"("stores": [{"name": "orders", "service": "checkout"}])"), "t");
  ASSERT_EQ(s.stores.size(), 1u);
  const auto& orders = s.stores[0];
  EXPECT_EQ(orders.name, "orders");
  EXPECT_EQ(orders.service, "checkout");
  EXPECT_DOUBLE_EQ(orders.write_fraction, 0.1);
  EXPECT_DOUBLE_EQ(orders.size_gb, 10.0);
  EXPECT_DOUBLE_EQ(orders.restore_throughput_mb_s, 100.0);
  EXPECT_DOUBLE_EQ(orders.backup_interval_s, 86400.0);
  EXPECT_DOUBLE_EQ(orders.backup_offset_s, 0.0);
  EXPECT_FALSE(orders.wal_archive_interval_s);
  EXPECT_FALSE(orders.migration);
  EXPECT_EQ(s.store_index("orders"), 0);
}

TEST(ParseScenario, StoreKeysAreRead) {
  const auto s = parse_scenario(scenario_with(R"("stores": [{"name": "orders", "service": "search",
      "write_fraction": 0.5, "size_gb": 2, "restore_throughput_mb_s": 50, "backup": {"interval_s": 3600,
      "offset_s": -600}, "wal_archive_interval_s": 60, "migration": {"kind": "remove_table", "applied_at_s": 30}}])"),
                                "t");
  const auto& orders = s.stores[0];
  EXPECT_EQ(orders.service, "search");
  EXPECT_DOUBLE_EQ(orders.write_fraction, 0.5);
  EXPECT_DOUBLE_EQ(orders.restore_duration_s(), 2.0 * 1024.0 / 50.0);
  EXPECT_DOUBLE_EQ(orders.backup_interval_s, 3600.0);
  EXPECT_DOUBLE_EQ(orders.backup_offset_s, -600.0);
  EXPECT_EQ(orders.wal_archive_interval_s, 60.0);
  ASSERT_TRUE(orders.migration);
  EXPECT_EQ(orders.migration->kind, model::MigrationSpec::Kind::RemoveTable);
  EXPECT_DOUBLE_EQ(orders.migration->applied_at_s, 30.0);
  // Backups at -600 + k * 3600 (..., -600, 3000, 6600, ...): the latest at or before 3000 is 3000
  // itself, at or before 2999 it is -600.
  EXPECT_DOUBLE_EQ(orders.latest_backup(3000.0), 3000.0);
  EXPECT_DOUBLE_EQ(orders.latest_backup(2999.0), -600.0);
}

}  // namespace
}  // namespace drillsim::io
