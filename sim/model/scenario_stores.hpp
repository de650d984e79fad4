// The scenario's data stores and their schema migrations.
// Part of the scenario's model (model/scenario.hpp includes every part).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>


namespace drillsim::model {

// The schema change the new release shipped with (seed 000's risk matrix lists these kinds). Which
// code works against which schema, and what migrating down loses, follow from the kind:
//
//   kind                  stable code on the new schema   new code on the old schema   migrating down loses
//   add_nullable_column   works                           fails                        the new code's writes
//   since applied add_table             works                           fails                        the new
//   code's writes since applied add_required_column   fails (inserts lack the column) fails the new code's
//   writes since applied change_type           fails (values of the new type)  fails the new code's writes
//   since applied rename_column         fails (the old name is gone)    fails                        nothing
//   (renamed back) remove_column         fails (the column is gone)      works                        every
//   write from before applied remove_table          fails (the table is gone)       works every write from
//   before applied
//
// "The new code's writes since applied" are the values those writes put in the new column, table or
// type, which the down-migration drops. A removed column or table was dropped by the up-migration: the
// down-migration re-creates it empty, so the data written before it is gone (only a restore brings it
// back). A request served by code that does not work against the current schema fails.
struct MigrationSpec {
  enum class Kind {
    AddNullableColumn,
    AddTable,
    AddRequiredColumn,
    ChangeType,
    RenameColumn,
    RemoveColumn,
    RemoveTable,
  };
  Kind kind = Kind::AddNullableColumn;
  double applied_at_s = 0.0;  // When it ran (with the release); 0: before the drill's first request.

  bool stable_code_works_on_new_schema() const {
    return kind == Kind::AddNullableColumn || kind == Kind::AddTable;
  }
  bool new_code_works_on_old_schema() const {
    return kind == Kind::RemoveColumn || kind == Kind::RemoveTable;
  }
};
const char* to_string(MigrationSpec::Kind kind);

// A data store (a database) that one service writes to. A fraction of the service's successful requests
// commit a write to it when they complete. Full backups are taken at backup_offset_s + k * backup_interval_s
// (any integer k: a negative offset is a backup from before the drill); with WAL/binlog archiving, the
// log is shipped every wal_archive_interval_s (at k * interval, k >= 1), so a point-in-time restore can
// reach any instant up to the last shipped segment. A restore takes size_gb / restore throughput.
struct DataStoreSpec {
  std::string name;
  std::string service;
  double write_fraction = 0.1;  // Of the service's successful requests, those that write here.
  double size_gb = 10.0;
  double restore_throughput_mb_s = 100.0;  // Restore time = size_gb * 1024 / this.
  double backup_interval_s = 86400.0;
  double backup_offset_s = 0.0;
  std::optional<double> wal_archive_interval_s;  // nullopt: no archiving, only full backups.
  std::optional<MigrationSpec> migration;        // The new release's schema change, if any.

  double restore_duration_s() const { return size_gb * 1024.0 / restore_throughput_mb_s; }
  // The latest backup taken at or before t_s.
  double latest_backup(double t_s) const;
  // The latest instant at or before `target_s` that a restore started at `now_s` can reach: with WAL
  // archiving, min(target, the last segment shipped by now) if that is after the latest backup;
  // otherwise the latest backup at or before the target.
  double restore_point(double target_s, double now_s, bool point_in_time) const;
};

}  // namespace drillsim::model
