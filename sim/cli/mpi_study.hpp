// drillsim run --runs N under mpirun (built with -DDRILLSIM_MPI=ON, docs/monte-carlo.md): each rank
// runs its share of the study's runs (forking its drills as without MPI) and sends their summaries to
// rank 0, which writes the aggregate. Without the option, or when not launched by mpirun, the study
// runs in this one process.
#pragma once

#include <cstddef>

#include "montecarlo/aggregate.hpp"
#include "montecarlo/run_table.hpp"
#include "montecarlo/summary.hpp"

namespace drillsim::cli {

class MpiSession {
 public:
  // MPI_Init when this drillsim was built with MPI and started by an MPI launcher (mpirun sets
  // OMPI_COMM_WORLD_SIZE, PMI_SIZE or PMIX_RANK); otherwise a world of one.
  MpiSession();
  ~MpiSession();  // MPI_Finalize if it was initialised.
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }

  // This rank's share of the runs [range.first, range.end): montecarlo::shard_range over the ranks.
  montecarlo::RunRange share(montecarlo::RunRange range) const;
  // Rank 0: adds every other rank's summaries to `mine` (its own RunTable, which reads them back in run
  // order). Other ranks: send theirs to rank 0, `mine` unchanged. A world of one does nothing. The
  // summaries travel as JSON lines in messages of about kChunkBytes, so no rank holds more than its own
  // table and one message (docs/monte-carlo.md, flat memory). Throws std::runtime_error when a rank's
  // summaries cannot be read.
  void gather(montecarlo::RunTable& mine) const;
  static constexpr std::size_t kChunkBytes = std::size_t{1} << 20;
  // Ends every rank with `code` (a rank whose study failed must not leave the others waiting).
  [[noreturn]] void abort(int code) const;

 private:
  bool initialised_ = false;
  int rank_ = 0;
  int size_ = 1;
};

}  // namespace drillsim::cli
