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

void MpiSession::gather(montecarlo::RunTable& mine) const {
  if (size_ <= 1) return;
  // Each message: whole lines, one run's summary a line, as a run's process sends it through its pipe;
  // an empty message ends a rank's summaries.
  constexpr int kTag = 12;
  if (rank_ != 0) {
    std::string chunk;
    const auto send = [&] {
      if (chunk.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
        throw std::runtime_error("MPI: a run's summary exceeds 2 GiB");
      MPI_Send(chunk.data(), static_cast<int>(chunk.size()), MPI_CHAR, 0, kTag, MPI_COMM_WORLD);
      chunk.clear();
    };
    mine.for_each([&](const montecarlo::RunSummary& run) {
      chunk +=
          montecarlo::to_json(run).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
      chunk += '\n';
      if (chunk.size() >= kChunkBytes) send();
    });
    if (!chunk.empty()) send();
    send();  // The end.
    return;
  }
  std::string chunk;
  for (int from = 1; from < size_; ++from) {
    for (;;) {
      MPI_Status status;
      MPI_Probe(from, kTag, MPI_COMM_WORLD, &status);
      int length = 0;
      MPI_Get_count(&status, MPI_CHAR, &length);
      chunk.resize(static_cast<std::size_t>(length));
      MPI_Recv(chunk.data(), length, MPI_CHAR, from, kTag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      if (length == 0) break;
      std::size_t at = 0;
      while (at < chunk.size()) {
        const std::size_t end = chunk.find('\n', at);
        if (end == std::string::npos) throw std::runtime_error("MPI: a rank sent a partial summary");
        mine.add(montecarlo::summary_from_json(
            nlohmann::ordered_json::parse(chunk.data() + at, chunk.data() + end)));
        at = end + 1;
      }
    }
  }
}

#else

MpiSession::MpiSession() = default;
MpiSession::~MpiSession() = default;

void MpiSession::abort(int code) const {
  std::_Exit(code);
}

void MpiSession::gather(montecarlo::RunTable&) const {}

#endif

montecarlo::RunRange MpiSession::share(montecarlo::RunRange range) const {
  const montecarlo::RunRange part = montecarlo::shard_range(
      range.end - range.first, static_cast<std::uint64_t>(rank_), static_cast<std::uint64_t>(size_));
  return {range.first + part.first, range.first + part.end};
}

}  // namespace drillsim::cli
