// Data stores (docs/scenario-format.md, "Data stores"): the service that writes to each, its size and
// restore throughput, its backup schedule, WAL archiving, and the schema migration a release applies.

#include <string>
#include <string_view>
#include <vector>

#include "io/json_reader.hpp"
#include "io/scenario_reading.hpp"

namespace drillsim::io::detail {

model::DataStoreSpec ScenarioReader::read_store(const JsonReader& r) const {
  r.expect_object("a data store object");
  r.allow_only({"name", "service", "write_fraction", "size_gb", "restore_throughput_mb_s", "backup",
                "wal_archive_interval_s", "migration"});
  model::DataStoreSpec store;
  store.name = r.string("name", true);
  store.service = read_service_ref(r);
  store.write_fraction =
      number_or_described(r, "stores/[]/write_fraction", Range::greater_than(0.0).and_at_most(1.0));
  store.size_gb = number_or_described(r, "stores/[]/size_gb", Range::greater_than(0.0));
  store.restore_throughput_mb_s =
      number_or_described(r, "stores/[]/restore_throughput_mb_s", Range::greater_than(0.0));
  if (const auto backup = r.find("backup")) {
    backup->expect_object("a backup schedule object {\"interval_s\": t, \"offset_s\": t}");
    backup->allow_only({"interval_s", "offset_s"});
    store.backup_interval_s =
        number_or_described(*backup, "stores/[]/backup/interval_s", Range::greater_than(0.0));
    store.backup_offset_s = number_or_described(*backup, "stores/[]/backup/offset_s");
  }
  if (const auto wal = r.find("wal_archive_interval_s"); wal && !wal->json().is_null()) {
    store.wal_archive_interval_s = wal->as_number(Range::greater_than(0.0));
  }
  if (const auto migration = r.find("migration")) {
    migration->expect_object("a migration object {\"kind\": \"...\", \"applied_at_s\": t}");
    migration->allow_only({"kind", "applied_at_s"});
    // Indexed by model::MigrationSpec::Kind.
    static const std::vector<std::string_view> kinds{
        "add_nullable_column", "add_table",     "add_required_column", "change_type",
        "rename_column",       "remove_column", "remove_table"};
    model::MigrationSpec spec;
    spec.kind = static_cast<model::MigrationSpec::Kind>(migration->choice("kind", kinds, "migration kind"));
    spec.applied_at_s = number_or_described(*migration, "stores/[]/migration/applied_at_s", instant_range());
    store.migration = spec;
  }
  return store;
}

}  // namespace drillsim::io::detail
