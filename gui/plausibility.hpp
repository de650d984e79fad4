// Warnings for fields that a report or an aggregate may hold without breaking its format, but that no
// real drill produces: a negative, zero or huge duration, series that do not cover the drill, instants
// and steps outside it, negative times, probabilities outside [0, 1], quantiles out of order. The viewer
// still shows the file, and shows these sentences above it, so that an empty or squashed chart comes
// with its reason.
#pragma once

#include <QStringList>

#include "gui/aggregate.hpp"
#include "report/report.hpp"

namespace drillsim::gui {

// A drill longer than this is implausible (a year of simulated time).
inline constexpr double kMaxPlausibleDurationS = 366.0 * 24 * 3600;
// At most this many warnings are listed; the last line says how many more there were.
inline constexpr int kMaxWarnings = 12;

// One sentence per implausible field, each starting with its JSON pointer. Empty for a sound report.
QStringList report_warnings(const report::Report& report);
QStringList study_warnings(const Study& study);

}  // namespace drillsim::gui
