// MpiSession outside an MPI launcher: a world of one, whose share is the whole study and whose gather
// gives back its own summaries unchanged (the path every `drillsim run --runs N` without mpirun takes).
// The MPI path itself is tested through the binary under mpirun (cli.montecarlo.mpirun_identical).
#include "cli/mpi_study.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

namespace drillsim::cli {
namespace {

void leave_any_launcher() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK"})
    unsetenv(name);
}

TEST(MpiSession, WithoutALauncherIsAWorldOfOne) {
  leave_any_launcher();
  const MpiSession session;
  EXPECT_EQ(session.rank(), 0);
  EXPECT_EQ(session.size(), 1);
}

TEST(MpiSession, AWorldOfOneRunsTheWholeRange) {
  leave_any_launcher();
  const MpiSession session;
  const auto share = session.share({3, 17});
  EXPECT_EQ(share.first, 3u);
  EXPECT_EQ(share.end, 17u);
}

TEST(MpiSession, AWorldOfOneGathersItsOwnSummariesInOrder) {
  leave_any_launcher();
  const MpiSession session;
  // Added out of order: the table reads them back in run order, untouched by a gather of one.
  montecarlo::RunTable table;
  for (const std::size_t i : {2U, 0U, 1U}) {
    montecarlo::RunSummary run;
    run.run = i;
    run.seed = 1000 + i;
    run.downtime_s = 1.5 * static_cast<double>(i);
    table.add(run);
  }
  session.gather(table);
  const auto all = table.to_vector();
  ASSERT_EQ(all.size(), 3u);
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].run, i);
    EXPECT_EQ(all[i].seed, 1000 + i);
    EXPECT_DOUBLE_EQ(all[i].downtime_s, 1.5 * static_cast<double>(i));
  }
}

}  // namespace
}  // namespace drillsim::cli
