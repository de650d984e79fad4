// The stores section (model/scenario_stores.hpp): backups and restore points, migration names.

#include "model/scenario_stores.hpp"

#include <algorithm>
#include <cmath>

namespace drillsim::model {

double DataStoreSpec::latest_backup(double t_s) const {
  return backup_offset_s + std::floor((t_s - backup_offset_s) / backup_interval_s) * backup_interval_s;
}

double DataStoreSpec::restore_point(double target_s, double now_s, bool point_in_time) const {
  const double backup = latest_backup(target_s);
  if (!point_in_time || !wal_archive_interval_s) return backup;
  const double shipped = std::floor(now_s / *wal_archive_interval_s) * *wal_archive_interval_s;
  return std::max(backup, std::min(target_s, shipped));
}

const char* to_string(MigrationSpec::Kind kind) {
  switch (kind) {
    case MigrationSpec::Kind::AddNullableColumn:
      return "add_nullable_column";
    case MigrationSpec::Kind::AddTable:
      return "add_table";
    case MigrationSpec::Kind::AddRequiredColumn:
      return "add_required_column";
    case MigrationSpec::Kind::ChangeType:
      return "change_type";
    case MigrationSpec::Kind::RenameColumn:
      return "rename_column";
    case MigrationSpec::Kind::RemoveColumn:
      return "remove_column";
    case MigrationSpec::Kind::RemoveTable:
      return "remove_table";
  }
  return "?";
}

}  // namespace drillsim::model
