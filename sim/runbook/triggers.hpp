// Triggers, objectives and decision tables of a runbook (docs/runbook-import.md, triggers): the
// conditions that call for a rollback become alert rules, probes, smoke tests, integrity checks or
// customer complaints when drillsim has the signal, and are kept as text otherwise; RTO/RPO rows become
// objectives; a severity x impact table becomes decision rules.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "runbook/importer.hpp"
#include "runbook/markdown.hpp"

namespace drillsim::runbook {

// A section of the document as trigger reading needs it: its heading's text, whether that heading is a
// step's ("Step 2: Trigger the rollback" is no list of triggers), and its blocks [begin, end).
struct TriggerSection {
  std::string title;
  bool step_title = false;
  std::size_t begin = 0, end = 0;
};

// Reads the tables of `blocks` (trigger tables, RTO/RPO tables, decision matrices), then the bullets of
// the sections about triggers or rollback criteria. Alerts, probes, smoke tests, integrity checks,
// complaints, objectives, the stores they name and their notes go to `result`; a decision matrix's rules
// are appended to `decision_rules` (their levels are resolved once the levels are known). Rules watch
// `main_service`.
void read_triggers(const std::vector<Block>& blocks, const std::vector<TriggerSection>& sections,
                   const std::string& main_service, ImportResult& result,
                   std::vector<nlohmann::ordered_json>& decision_rules);

// The first percentage in `text` as a ratio ("5%" -> 0.05), if any.
std::optional<double> percent_in(std::string_view text);

}  // namespace drillsim::runbook
