// What the viewer reads off a report besides the raw fields: the phases of an incident (as a stacked
// bar against the RTO), the objective and incident of a service, and how times and
// counts are written. The viewer computes no statistic: a phase is the difference of two instants the
// report holds, and every metric is taken from the report as it is.
#pragma once

#include <QString>
#include <QStringList>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "report/report.hpp"

namespace drillsim::gui {

// "12m 05s", "1h 02m 00s", "42.0 s" for a duration in seconds, "—" when absent: the report writers'
// human_duration (report/formats/text.hpp), so the viewer writes a duration as the HTML and Markdown do.
QString format_duration(std::optional<double> seconds);
// A time in simulated seconds with one decimal, "—" when absent.
QString format_time(std::optional<double> t_s);
// A whole number with thin-space thousands separators: "1 234 567".
QString format_count(std::uint64_t n);
// Revenue impact (the scenario's currency) with two decimals.
QString format_money(double amount);

// The phases of one incident, in seconds, each from one instant to the next: detect (onset -> detect),
// decide (detect -> decide), start (decide -> rollback_start, usually 0), rollback (rollback_start ->
// rollback_end) and verify (rollback_end -> verified). A phase whose instants are not both in the report
// is nullopt. Laid end to end from the onset, they reach `verified`.
struct Phases {
  enum Index { Detect, Decide, Start, Rollback, Verify, kCount };
  std::array<std::optional<double>, kCount> seconds{};
  std::optional<double> time_to_restore_s;  // restored - onset, the report's metric.
  std::optional<double> rto_s;              // The RTO of the incident's service, if an objective names it.
};
// Display names, indexed by Phases::Index.
inline constexpr std::array<const char*, Phases::kCount> kPhaseNames{"detect", "decide", "start rollback",
                                                                     "rollback", "verify"};

// Phases of `incident`, which belongs to `report`. detect, decide and rollback are the report's
// time_to_detect_s, time_to_decide_s and time_to_rollback_s.
Phases phases_of(const report::Report& report, const report::Report::Incident& incident);

// The objective verdict / the first incident of `service`; nullptr when there is none. The pointer is
// into `report` and lives as long as it does.
const metrics::ObjectiveVerdict* objective_for(const report::Report& report, const std::string& service);
const report::Report::Incident* incident_on(const report::Report& report, const std::string& service);

// Writes lost over the data stores of `service` (0 without stores).
std::uint64_t writes_lost(const report::Report& report, const std::string& service);

// The services of the report, in the order of its series.
QStringList services_of(const report::Report& report);

}  // namespace drillsim::gui
