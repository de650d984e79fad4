// report_digest REPORT.json: the report as a golden file holds it. Everything but the per-second
// series is kept as written; each series becomes its sums and a 64-bit FNV-1a hash of its arrays, so a
// golden file stays small enough to review while any change to any second still changes it.
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "model/random.hpp"

namespace {

using ojson = nlohmann::ordered_json;

ojson digest_series(const ojson& series) {
  ojson out = ojson::object();
  for (const auto& [key, value] : series.items()) {
    if (!value.is_array()) {
      out[key] = value;
      continue;
    }
    double sum = 0;
    std::size_t nulls = 0;
    for (const auto& x : value) {
      if (x.is_number()) {
        sum += x.get<double>();
      } else {
        ++nulls;
      }
    }
    ojson d = ojson::object();
    d["length"] = value.size();
    d["sum"] = sum;
    if (nulls > 0) d["nulls"] = nulls;
    char hash[17];
    std::snprintf(hash, sizeof hash, "%016llx",
                  static_cast<unsigned long long>(drillsim::model::stable_hash(value.dump())));
    d["fnv1a64"] = hash;
    out[key] = std::move(d);
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: report_digest REPORT.json\n";
    return 2;
  }
  std::ifstream in(argv[1]);
  if (!in) {
    std::cerr << "report_digest: cannot read " << argv[1] << "\n";
    return 2;
  }
  std::stringstream text;
  text << in.rdbuf();
  ojson report = ojson::parse(text.str());
  // The scenario's file path depends on where the test ran from.
  if (report.contains("scenario") && report["scenario"].contains("file")) report["scenario"]["file"] = "";
  if (report.contains("series")) {
    ojson series = ojson::array();
    for (const auto& s : report["series"])
      series.push_back(digest_series(s));
    report["series"] = std::move(series);
  }
  std::cout << report.dump(2) << "\n";
  return 0;
}
