// The viewer's colours, in one place so that every chart and table agrees: a version has one colour
// everywhere, instants are coloured by the part of the drill they belong to, verdicts are green or red.
#pragma once

#include <QColor>

#include "model/drill_result.hpp"
#include "model/timeline.hpp"

namespace drillsim::gui::palette {

inline QColor stable() {
  return QColor(0x1f, 0x77, 0xb4);
}  // Blue.
inline QColor new_version() {
  return QColor(0xff, 0x7f, 0x0e);
}  // Orange.
inline QColor all_versions() {
  return QColor(0x55, 0x55, 0x55);
}  // Dark grey.
inline QColor all_light() {
  return QColor(0xb4, 0xb4, 0xb4);
}  // Light grey, behind the versions.
inline QColor p99() {
  return QColor(0x9a, 0x9a, 0x9a);
}  // Light grey.
inline QColor threshold() {
  return QColor(0xb0, 0x00, 0x20);
}  // Dark red.
// An alert's spans on its chart: pending (amber) and firing (red).
inline QColor alert_pending() {
  return QColor(0xf2, 0xb1, 0x34);
}
inline QColor alert_firing() {
  return QColor(0xe0, 0x4f, 0x4f);
}
inline QColor rto() {
  return QColor(0xd6, 0x27, 0x28);
}  // Red.

// onset: red; detect/page/ack/decide (people): purple; rollback_start/end: slate; restored/verified:
// green.
inline QColor instant(model::Instant instant) {
  switch (instant) {
    case model::Instant::Onset:
      return QColor(0xc0, 0x39, 0x2b);
    case model::Instant::Detect:
    case model::Instant::Page:
    case model::Instant::Ack:
    case model::Instant::Decide:
      return QColor(0x8e, 0x44, 0xad);
    case model::Instant::RollbackStart:
    case model::Instant::RollbackEnd:
      return QColor(0x34, 0x49, 0x5e);
    case model::Instant::Restored:
    case model::Instant::Verified:
      return QColor(0x1e, 0x8e, 0x3e);
  }
  return Qt::black;
}

inline QColor step_status(model::StepOutcome::Status status) {
  switch (status) {
    case model::StepOutcome::Status::Completed:
      return QColor(0x4c, 0xaf, 0x50);
    case model::StepOutcome::Status::Failed:
      return QColor(0xe5, 0x39, 0x35);
    case model::StepOutcome::Status::Interrupted:
      return QColor(0xff, 0xa0, 0x00);
    case model::StepOutcome::Status::NotRun:
      return QColor(0xbd, 0xbd, 0xbd);
  }
  return Qt::gray;
}

// Backgrounds of verdict cells: met, missed, and "no claim / not applicable".
inline QColor met() {
  return QColor(0xc8, 0xe6, 0xc9);
}
inline QColor missed() {
  return QColor(0xff, 0xcd, 0xd2);
}
inline QColor neutral() {
  return QColor(0xee, 0xee, 0xee);
}

// Marks on the capacity, assessment and comparison charts: a count that passed, a policy met, a change
// whose interval is clear of 0 on the better side (better); the opposite (worse); an interval that
// reaches 0 (unclear).
inline QColor better() {
  return QColor(0x2e, 0x7d, 0x32);
}
inline QColor worse() {
  return QColor(0xc6, 0x28, 0x28);
}
inline QColor unclear() {
  return QColor(0x75, 0x75, 0x75);
}

// The phases of an incident, detect .. verify (report_facts.hpp's Phases::Index).
inline QColor phase(int index) {
  switch (index) {
    case 0:
      return QColor(0x8e, 0x44, 0xad);  // detect
    case 1:
      return QColor(0xc3, 0x9b, 0xd3);  // decide
    case 2:
      return QColor(0xbd, 0xbd, 0xbd);  // start rollback
    case 3:
      return QColor(0x34, 0x49, 0x5e);  // rollback
    default:
      return QColor(0x1e, 0x8e, 0x3e);  // verify
  }
}

}  // namespace drillsim::gui::palette
