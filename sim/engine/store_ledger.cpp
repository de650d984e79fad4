#include "engine/store_ledger.hpp"

#include <algorithm>
#include <functional>
#include <limits>

namespace drillsim::engine {

using model::Version;

StoreLedger::StoreLedger(const model::Scenario& scenario, std::uint64_t seed)
    : of_service_(scenario.services.size()) {
  for (const auto& spec : scenario.stores) {
    const int service = scenario.service_index(spec.service);
    of_service_[static_cast<std::size_t>(service)].push_back(stores_.size());
    Store store{&spec, service, model::Rng(seed, "store/" + spec.name + "/writes"), {}, false, false, {}};
    store.migration_applied = spec.migration && spec.migration->applied_at_s <= 0.0;
    store.outcome.store = spec.name;
    store.outcome.service = spec.service;
    stores_.push_back(std::move(store));
  }
}

bool StoreLedger::commit(int service, Version version, double completion_s, double observed_until_s,
                         double corrupts_writes) {
  bool any_corrupted = false;
  for (const std::size_t index : of_service_[static_cast<std::size_t>(service)]) {
    Store& store = stores_[index];
    if (store.writes.uniform() >= store.spec->write_fraction) continue;
    if (completion_s >= observed_until_s) continue;  // Commits after the drill: not observed.
    const bool corrupted = corrupts_writes > 0.0 && store.writes.uniform() < corrupts_writes;
    store.commits.push_back({completion_s, version, corrupted});
    ++store.outcome.writes_committed;
    if (corrupted) {
      ++store.outcome.writes_corrupted;
      any_corrupted = true;
    }
  }
  return any_corrupted;
}

bool StoreLedger::set_down(int store, bool down) {
  Store& state = stores_[static_cast<std::size_t>(store)];
  if (state.down == down) return false;
  state.down = down;
  return true;
}

int StoreLedger::down_count(int service) const {
  int n = 0;
  for (const std::size_t index : of_service_[static_cast<std::size_t>(service)])
    n += stores_[index].down ? 1 : 0;
  return n;
}

void StoreLedger::lose(Store& store, std::uint64_t lost, double start_s, double end_s) {
  store.outcome.writes_lost += lost;
  store.outcome.loss_start_s =
      store.outcome.loss_start_s ? std::min(*store.outcome.loss_start_s, start_s) : start_s;
  store.outcome.loss_end_s = store.outcome.loss_end_s ? std::max(*store.outcome.loss_end_s, end_s) : end_s;
}

std::uint64_t StoreLedger::roll_back(int store, double point_s, double now_s) {
  Store& state = stores_[static_cast<std::size_t>(store)];
  // Requests in flight at now_s that complete later have their commit time already: a write that
  // completes after the restore began is rolled back with the rest.
  const auto lost = std::erase_if(state.commits, [point_s](const Commit& c) { return c.t_s > point_s; });
  lose(state, lost, point_s, now_s);
  state.outcome.restores_s.push_back(now_s);
  // The schema of the restore point: a migration applied after the restore point is undone.
  if (state.spec->migration)
    state.migration_applied = state.migration_applied && state.spec->migration->applied_at_s <= point_s;
  return lost;
}

void StoreLedger::apply_migration(int store) {
  stores_[static_cast<std::size_t>(store)].migration_applied = true;
}

std::uint64_t StoreLedger::migrate_down(int store) {
  using Kind = model::MigrationSpec::Kind;
  Store& state = stores_[static_cast<std::size_t>(store)];
  const model::MigrationSpec& migration = *state.spec->migration;
  if (!state.migration_applied) return 0;
  state.migration_applied = false;
  const double applied = std::max(0.0, migration.applied_at_s);
  // Which writes lose their data; the loss window is the span of the lost writes themselves.
  std::function<bool(const Commit&)> is_lost;
  switch (migration.kind) {
    case Kind::AddNullableColumn:
    case Kind::AddTable:
    case Kind::AddRequiredColumn:
    case Kind::ChangeType:
      // What the new code wrote into the new column, table or type is dropped with it.
      is_lost = [applied](const Commit& c) { return c.version == Version::New && c.t_s >= applied; };
      break;
    case Kind::RenameColumn:
      return 0;  // Renamed back: nothing is lost.
    case Kind::RemoveColumn:
    case Kind::RemoveTable:
      // The up-migration dropped the data; the down-migration re-creates the column or table empty.
      is_lost = [applied](const Commit& c) { return c.t_s < applied; };
      break;
  }
  double first = std::numeric_limits<double>::infinity();
  double last = -std::numeric_limits<double>::infinity();
  const auto lost = std::erase_if(state.commits, [&](const Commit& c) {
    if (!is_lost(c)) return false;
    first = std::min(first, c.t_s);
    last = std::max(last, c.t_s);
    return true;
  });
  if (lost > 0) lose(state, lost, first, last);
  return lost;
}

std::array<bool, 2> StoreLedger::schema_broken(int service) const {
  std::array<bool, 2> broken{false, false};
  for (const std::size_t index : of_service_[static_cast<std::size_t>(service)]) {
    const Store& store = stores_[index];
    if (!store.spec->migration) continue;
    const model::MigrationSpec& migration = *store.spec->migration;
    if (store.migration_applied && !migration.stable_code_works_on_new_schema())
      broken[static_cast<std::size_t>(Version::Stable)] = true;
    if (!store.migration_applied && !migration.new_code_works_on_old_schema())
      broken[static_cast<std::size_t>(Version::New)] = true;
  }
  return broken;
}

std::uint64_t StoreLedger::corrupted_in_store(int store) const {
  const Store& state = stores_[static_cast<std::size_t>(store)];
  return static_cast<std::uint64_t>(
      std::count_if(state.commits.begin(), state.commits.end(), [](const Commit& c) { return c.corrupted; }));
}

std::vector<model::StoreOutcome> StoreLedger::take_outcomes() {
  std::vector<model::StoreOutcome> out;
  for (std::size_t i = 0; i < stores_.size(); ++i) {
    stores_[i].outcome.corrupted_remaining = corrupted_in_store(static_cast<int>(i));
    out.push_back(std::move(stores_[i].outcome));
  }
  return out;
}

}  // namespace drillsim::engine
