// The viewer tests' data: the bundled report (tests/gui/data/README.md says how it was made) and
// helpers that write broken copies of it into a temporary directory.
#pragma once

#include <QByteArray>
#include <QFile>
#include <QString>
#include <QTemporaryDir>

namespace drillsim::gui::test {

inline QString bundled_report() {
  return QStringLiteral(DRILLSIM_GUI_TEST_DATA "/canary.report.json");
}

// A Monte Carlo study of the same drill (30 runs) and a sweep of its acknowledgement's maximum.
inline QString bundled_aggregate() {
  return QStringLiteral(DRILLSIM_GUI_TEST_DATA "/canary.aggregate.json");
}
inline QString bundled_sweep() {
  return QStringLiteral(DRILLSIM_GUI_TEST_DATA "/canary.sweep.json");
}

// A capacity search, an assessment against a policy and a ranking of candidate changes, each written by
// drillsim (tests/gui/data/README.md).
inline QString bundled_capacity() {
  return QStringLiteral(DRILLSIM_GUI_TEST_DATA "/capacity-mix.capacity.json");
}
inline QString bundled_assessment() {
  return QStringLiteral(DRILLSIM_GUI_TEST_DATA "/policy.assessment.json");
}
inline QString bundled_comparison() {
  return QStringLiteral(DRILLSIM_GUI_TEST_DATA "/default.comparison.json");
}

inline QByteArray read_bytes(const QString& path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) return {};
  return file.readAll();
}

inline QByteArray bundled_report_bytes() {
  QFile file(bundled_report());
  if (!file.open(QIODevice::ReadOnly)) return {};
  return file.readAll();
}

// Writes `bytes` to `name` in `dir` and returns its path.
inline QString write_file(const QTemporaryDir& dir, const QString& name, const QByteArray& bytes) {
  const QString path = dir.filePath(name);
  QFile file(path);
  if (file.open(QIODevice::WriteOnly)) file.write(bytes);
  return path;
}

// The bundled report cut in half: what a copy interrupted mid-way leaves.
inline QByteArray truncated_report() {
  const QByteArray bytes = bundled_report_bytes();
  return bytes.left(bytes.size() / 2);
}

// The bundled report claiming a schema version this viewer does not read.
inline QByteArray wrong_schema_report() {
  QByteArray bytes = bundled_report_bytes();
  bytes.replace("\"schema_version\": 1,", "\"schema_version\": 99,");
  return bytes;
}

}  // namespace drillsim::gui::test
