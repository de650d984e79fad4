#include "cli/mpi_study.hpp"

#include <cstdlib>
#include <limits>
#include <stdexcept>

#ifdef DRILLSIM_MPI
#include <mpi.h>
#endif

namespace drillsim::cli {

#ifdef DRILLSIM_MPI

namespace {

bool launched_by_mpi() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK"})
    if (std::getenv(name) != nullptr) return true;
  return false;
}

}  // namespace

MpiSession::MpiSession() {
  if (!launched_by_mpi()) return;
  int provided = 0;
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_SINGLE, &provided);
  initialised_ = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

MpiSession::~MpiSession() {
  if (initialised_) MPI_Finalize();
}

void MpiSession::abort(int code) const {
  if (initialised_) MPI_Abort(MPI_COMM_WORLD, code);
  std::_Exit(code);
}

std::vector<montecarlo::RunSummary> MpiSession::gather(std::vector<montecarlo::RunSummary> mine) const {
  if (size_ <= 1) return mine;
  // One line of JSON per run, as a run's process sends it through its pipe.
  std::string text;
  for (const auto& run : mine) {
    text += montecarlo::to_json(run).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    text += '\n';
  }
  if (text.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    throw std::runtime_error("MPI: a rank's summaries exceed 2 GiB; use more ranks or shards");
  int length = static_cast<int>(text.size());
  std::vector<int> lengths(static_cast<std::size_t>(size_));
  MPI_Gather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
  std::vector<int> offsets(static_cast<std::size_t>(size_), 0);
  std::string all;
  if (rank_ == 0) {
    long long total = 0;
    for (std::size_t r = 0; r < lengths.size(); ++r) {
      offsets[r] = static_cast<int>(total);
      total += lengths[r];
      if (total > std::numeric_limits<int>::max())
        throw std::runtime_error("MPI: the summaries exceed 2 GiB; use shards and drillsim merge");
    }
    all.resize(static_cast<std::size_t>(total));
  }
  MPI_Gatherv(text.data(), length, MPI_CHAR, all.data(), lengths.data(), offsets.data(), MPI_CHAR, 0,
              MPI_COMM_WORLD);
  if (rank_ != 0) return {};
  std::vector<montecarlo::RunSummary> runs;
  std::size_t at = 0;
  while (at < all.size()) {
    const std::size_t end = all.find('\n', at);
    runs.push_back(montecarlo::summary_from_json(nlohmann::ordered_json::parse(all.substr(at, end - at))));
    at = end + 1;
  }
  return runs;
}

#else

MpiSession::MpiSession() = default;
MpiSession::~MpiSession() = default;

void MpiSession::abort(int code) const {
  std::_Exit(code);
}

std::vector<montecarlo::RunSummary> MpiSession::gather(std::vector<montecarlo::RunSummary> mine) const {
  return mine;
}

#endif

montecarlo::RunRange MpiSession::share(montecarlo::RunRange range) const {
  const montecarlo::RunRange part = montecarlo::shard_range(
      range.end - range.first, static_cast<std::uint64_t>(rank_), static_cast<std::uint64_t>(size_));
  return {range.first + part.first, range.first + part.end};
}

}  // namespace drillsim::cli
