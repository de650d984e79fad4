// The data stores' ledger: which writes each store holds, whether it is down, its schema (a migration
// applied or not), and what restores and down-migrations lose (docs/data-stores.md). Part of the data
// plane: the kernel commits a successful request's writes here (commit), the plan's steps and the fault
// change it (roll_back, migrate_down, set_down), and finish() hands each store's outcome to the report.
// Plain code, no SimGrid; one owner (the DataPlane).
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "model/drill_result.hpp"
#include "model/random.hpp"
#include "model/scenario.hpp"

namespace drillsim::engine {

class StoreLedger {
 public:
  // One entry per scenario.stores, each with its own stream "store/<name>/writes". A migration whose
  // applied_at_s is <= 0 is applied from the start. REQUIRES: `scenario` outlives the ledger.
  StoreLedger(const model::Scenario& scenario, std::uint64_t seed);

  // Whether the service writes to any store (the kernel skips commit() otherwise).
  bool writes(int service) const { return !of_service_[static_cast<std::size_t>(service)].empty(); }

  // A request of `service` served by `version` succeeded at completion_s: each store of the service
  // draws whether it writes (its write_fraction); a write at or after `observed_until_s` is not
  // observed (but its draw is made). A write is corrupted with probability `corrupts_writes` (0: no
  // draw). Returns true if a corrupted write was committed.
  bool commit(int service, model::Version version, double completion_s, double observed_until_s,
              double corrupts_writes);

  // The store's service (index into scenario.services).
  int service_of(int store) const { return stores_[static_cast<std::size_t>(store)].service; }
  // A store goes down or comes back; returns false if it already was so.
  bool set_down(int store, bool down);
  // How many of the service's stores are down.
  int down_count(int service) const;
  // Whether the store is down now.
  bool down(int store) const { return stores_[static_cast<std::size_t>(store)].down; }

  // Rolls the store back to point_s at now_s (a restore started): every write after point_s is gone
  // and the schema is that of point_s. Returns the writes lost.
  std::uint64_t roll_back(int store, double point_s, double now_s);
  // The store's migration runs; REQUIRES: it has one.
  void apply_migration(int store);
  // Reverts the store's migration (if applied): the writes lost by its kind (model::MigrationSpec),
  // returned. REQUIRES: the store has a migration.
  std::uint64_t migrate_down(int store);
  bool migration_applied(int store) const {
    return stores_[static_cast<std::size_t>(store)].migration_applied;
  }

  // Per version (indexed by model::Version): its code fails against the schema of one of the service's
  // stores (new code on the old schema, stable code on the new one).
  std::array<bool, 2> schema_broken(int service) const;

  // Corrupted writes now in the store.
  std::uint64_t corrupted_in_store(int store) const;
  // The store's outcome so far (corrupted_remaining is filled by take_outcomes).
  const model::StoreOutcome& outcome(int store) const {
    return stores_[static_cast<std::size_t>(store)].outcome;
  }

  // Every store's outcome, with the corrupted writes that remain; the ledger is spent afterwards.
  std::vector<model::StoreOutcome> take_outcomes();

 private:
  struct Commit {
    double t_s;
    model::Version version;  // The code that wrote it.
    bool corrupted;          // Bad data, written by a faulty version.
  };
  struct Store {
    const model::DataStoreSpec* spec = nullptr;
    int service = 0;
    model::Rng writes;            // Which successful requests write here.
    std::vector<Commit> commits;  // The committed writes that still exist.
    bool down = false;
    bool migration_applied = false;
    model::StoreOutcome outcome;
  };
  void lose(Store& store, std::uint64_t lost, double start_s, double end_s);

  std::vector<Store> stores_;
  std::vector<std::vector<std::size_t>> of_service_;  // Per service: its stores, in scenario order.
};

}  // namespace drillsim::engine
