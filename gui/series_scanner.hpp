// A fast first pass over a report's text for the viewer's loader. A long drill's report is almost all
// per-second arrays (`/series/<i>/requests`, ... `/series/<i>/ready`: a million seconds of three series
// make 21 million numbers in ~370 MB); building a JSON tree of them takes seconds and gigabytes. The
// scanner reads those arrays straight into typed vectors and copies everything else, with each such
// array replaced by `[]`, into a small skeleton that the report layer's own reader then checks as usual.
//
// It only ever accepts what the full reader would accept with the same values: any doubt (a syntax
// error, a number the report layer's type would refuse, a key given twice, unequal lengths, too deep a
// nesting) makes it give up, and the caller reads the file the slow way, which also words the error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace drillsim::gui {

struct ScannedSeries {
  std::vector<std::uint32_t> requests, errors, slow;
  std::vector<double> p50_s, p95_s, p99_s;  // NaN for null.
  std::vector<int> ready;
  unsigned captured = 0;  // Bit k set: array k of kScannedKeys was read into its vector.
};

// The arrays read into ScannedSeries, in the order of their bits.
inline constexpr const char* kScannedKeys[] = {"requests", "errors", "slow", "p50_s",
                                               "p95_s",    "p99_s",  "ready"};
inline constexpr unsigned kAllScanned = (1u << 7) - 1;

struct ScanResult {
  bool ok = false;                    // False: read the file the slow way.
  std::string skeleton;               // The text with each scanned array replaced by [].
  std::vector<ScannedSeries> series;  // By index in /series; a series without scanned arrays is left empty.
};

// Scans `text`. `consumed(offset)` is called now and then with an offset before which the text is never
// read again (the caller may release that memory). `max_depth`: deeper nesting gives up.
ScanResult scan_report_text(std::string_view text, int max_depth,
                            const std::function<void(std::size_t)>& consumed = {});

}  // namespace drillsim::gui
