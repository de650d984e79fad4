// drillsim merge A.json B.json ... -o OUT.json: the shards of one study, merged into the aggregate one
// process would have written (docs/monte-carlo.md). Each input is read as a stream, its per-run rows
// going to a RunTable on disk, so memory stays flat in the number of runs.
#pragma once

#include "cli/options.hpp"

namespace drillsim::cli {

// Writes options.out_file; prints the aggregate's summary unless quiet. Returns kInternalError when a
// run broke an invariant, else kAllObjectivesMet. Throws io::InputError naming the unreadable or
// mismatched input, report::WriteError.
int merge_shards(const MergeOptions& options);

}  // namespace drillsim::cli
