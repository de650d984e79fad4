// runbook_score: imports every labelled runbook of the given directories with drillsim and scores the
// plans against their labels (docs/runbook-corpus.md).
//
//   runbook_score --drillsim PATH --work DIR [--min-found F] [--min-action F] [--max-false F]
//                 [--min-load F] [--min-levels F] [--scaffold] [--min-restore F] [--verdict] [--details]
//                 RUNBOOK_DIR...
//
// For each NAME.md with a NAME.labels.json beside it: `drillsim import NAME.md -o plan.json --json`,
// then, when the import succeeded, `drillsim run` on a generic scenario that declares every service,
// store and flag the plan names (the plan loads when the run exits 0 or 1). It prints one row per
// runbook and the totals. Exit 0 when the totals meet the thresholds, 1 when one falls short, 2 on a
// usage error or a label file that does not fit its runbook. --verdict also prints the acceptance
// verdict (90 % found, 90 % of them mapped, at most 10 % false, every plan loads) without changing
// the exit code. --scaffold also runs `drillsim scaffold NAME.md -o DIR` and `drillsim run DIR/scenario.json`
// for each runbook labelled "restores_service": true and counts the drills that restored service.
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "runbook_score.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using namespace drillsim::runbook_score;

namespace {

std::string quote(const fs::path& p) {
  std::string out = "'";
  for (char c : p.string())
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

int run(const std::string& command) {
  const int status = std::system(command.c_str());
  return status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

int count_lines(const std::string& text) {
  if (text.empty()) return 0;
  const int n = static_cast<int>(std::count(text.begin(), text.end(), '\n'));
  return text.back() == '\n' ? n : n + 1;
}

// The services, stores and flags a plan names, in first-use order.
void collect(const json& steps, std::vector<std::string>& services, std::vector<std::string>& stores,
             std::vector<std::string>& flags) {
  const auto add = [](std::vector<std::string>& v, const std::string& s) {
    if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
  };
  for (const json& s : steps) {
    if (s.contains("service") && s["service"].is_string()) add(services, s["service"]);
    if (s.contains("store") && s["store"].is_string()) add(stores, s["store"]);
    if (s.contains("flag") && s["flag"].is_string()) add(flags, s["flag"]);
  }
}

// A generic scenario around the plan: each named service (or one, "app"), each named store with a
// migration (so that db_migrate_down has one to revert), a bad release of the first service behind the
// first flag the plan turns off (the others declared in "flags"), an error-ratio alert and a responder.
json generic_scenario(const json& plan) {
  std::vector<std::string> services, stores, flags;
  if (plan.contains("levels")) {
    for (const json& l : plan["levels"]) {
      if (l.contains("steps")) collect(l["steps"], services, stores, flags);
    }
  }
  if (plan.contains("steps")) collect(plan["steps"], services, stores, flags);
  if (services.empty()) services.push_back("app");
  json scenario = {{"name", "runbook-score"}, {"duration_s", 14400}, {"seed", 1}};
  json svc = json::array();
  for (const auto& name : services) {
    svc.push_back({{"name", name},
                   {"service_time", {{"kind", "exponential"}, {"mean_s", 0.02}}},
                   {"versions",
                    {{"stable", {{"replicas", 2}, {"error_probability", 0.002}}},
                     {"new", {{"replicas", 2}, {"error_probability", 0.002}}}}},
                   {"weights", {{"stable", 0}, {"new", 1}}},
                   {"traffic", {{"rate", {{"kind", "constant"}, {"rps", 20}}}}},
                   {"pods", {{"start", {{"kind", "uniform"}, {"min_s", 10}, {"max_s", 25}}}}}});
  }
  scenario["services"] = svc;
  json st = json::array();
  for (const auto& name : stores) {
    st.push_back({{"name", name},
                  {"service", services.front()},
                  {"write_fraction", 0.2},
                  {"size_gb", 5},
                  {"restore_throughput_mb_s", 200},
                  {"backup", {{"interval_s", 86400}, {"offset_s", -3600}}},
                  {"migration", {{"kind", "add_nullable_column"}, {"applied_at_s", 0}}}});
  }
  scenario["stores"] = st;
  json fault = {
      {"kind", "bad_release"}, {"service", services.front()}, {"at_s", 600}, {"error_probability", 0.3}};
  fault["flag"] = flags.empty() ? std::string("feature") : flags.front();
  scenario["fault"] = fault;
  if (flags.size() > 1) scenario["flags"] = std::vector<std::string>(flags.begin() + 1, flags.end());
  scenario["alert"] = {{"name", "HighErrorRatio"},
                       {"service", services.front()},
                       {"metric", "error_ratio"},
                       {"threshold", 0.05},
                       {"for_s", 120}};
  scenario["responder"] = {{"ack", 120}, {"assess", 120}};
  scenario["plan"] = "plan.json";
  return scenario;
}

struct Row {
  std::string name;
  Score score;
  std::string load_error;
  std::string restore_error;  // Why the scaffolded drill did not restore service (--scaffold).
};

std::string percent(double r) {
  char b[16];
  std::snprintf(b, sizeof b, "%5.1f%%", 100 * r);
  return b;
}

void usage() {
  std::cerr
      << "usage: runbook_score --drillsim PATH --work DIR [--min-found F] [--min-action F] [--max-false F]\n"
         "                     [--min-load F] [--min-levels F] [--scaffold] [--min-restore F] [--verdict]\n"
         "                     [--details] RUNBOOK_DIR...\n";
}

}  // namespace

int main(int argc, char** argv) {
  fs::path drillsim, work;
  Thresholds t;
  bool verdict = false, details = false, scaffold = false;
  std::vector<fs::path> dirs;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::invalid_argument(a + " takes a value");
      return argv[++i];
    };
    try {
      if (a == "--drillsim")
        drillsim = value();
      else if (a == "--work")
        work = value();
      else if (a == "--min-found")
        t.min_found = std::stod(value());
      else if (a == "--min-action")
        t.min_action = std::stod(value());
      else if (a == "--max-false")
        t.max_false = std::stod(value());
      else if (a == "--min-load")
        t.min_load = std::stod(value());
      else if (a == "--min-levels")
        t.min_levels = std::stod(value());
      else if (a == "--min-restore")
        t.min_restore = std::stod(value());
      else if (a == "--scaffold")
        scaffold = true;
      else if (a == "--verdict")
        verdict = true;
      else if (a == "--details")
        details = true;
      else if (!a.empty() && a[0] == '-')
        throw std::invalid_argument("unknown option " + a);
      else
        dirs.emplace_back(a);
    } catch (const std::exception& e) {
      std::cerr << "runbook_score: " << e.what() << "\n";
      usage();
      return 2;
    }
  }
  if (drillsim.empty() || work.empty() || dirs.empty()) {
    usage();
    return 2;
  }
  std::vector<fs::path> runbooks;
  for (const auto& dir : dirs) {
    if (!fs::is_directory(dir)) {
      std::cerr << "runbook_score: not a directory: " << dir.string() << "\n";
      return 2;
    }
    for (const auto& e : fs::directory_iterator(dir)) {
      if (e.path().extension() == ".md") runbooks.push_back(e.path());
    }
  }
  std::sort(runbooks.begin(), runbooks.end());
  if (runbooks.empty()) {
    std::cerr << "runbook_score: no runbook (*.md) in the given directories\n";
    return 2;
  }
  std::vector<Row> rows;
  Score total;
  total.runbooks = 0;
  for (const auto& md : runbooks) {
    fs::path labels_path = md;
    labels_path.replace_extension(".labels.json");
    const std::string name = md.stem().string();
    json labels;
    try {
      if (!fs::exists(labels_path))
        throw std::runtime_error("no label file " + labels_path.filename().string());
      labels = json::parse(read_text(labels_path));
      validate_labels(labels, count_lines(read_text(md)));
    } catch (const std::exception& e) {
      std::cerr << "runbook_score: " << md.string() << ": " << e.what() << "\n";
      return 2;
    }
    const fs::path dir = work / (md.parent_path().filename().string() + "." + name);
    fs::create_directories(dir);
    const fs::path plan_path = dir / "plan.json";
    fs::remove(plan_path);
    const int import_exit =
        run(quote(drillsim) + " import " + quote(md) + " -o " + quote(plan_path) + " --json > " +
            quote(dir / "import.json") + " 2> " + quote(dir / "import.err"));
    Row row{name, {}, {}, {}};
    json plan = json::object(), report = json::object();
    bool loads = false;
    bool crashed = false;
    if (import_exit != 0 || !fs::exists(plan_path)) {
      row.load_error = "import exit " + std::to_string(import_exit);
    } else {
      try {
        plan = json::parse(read_text(plan_path));
        report = json::parse(read_text(dir / "import.json"));
      } catch (const std::exception& e) {
        row.load_error = std::string("unreadable import output: ") + e.what();
      }
      if (row.load_error.empty()) {
        std::ofstream(dir / "scenario.json") << generic_scenario(plan).dump(2) << "\n";
        const int run_exit =
            run(quote(drillsim) + " run " + quote(dir / "scenario.json") + " --quiet --out " +
                quote(dir / "report.json") + " > /dev/null 2> " + quote(dir / "run.err"));
        // 3 (invalid input) and 2 (usage) are the loader's rejections. Any other exit but 0 and 1 is a
        // drill that ended abnormally after the loader accepted the plan: counted apart.
        loads = run_exit != 2 && run_exit != 3;
        crashed = run_exit != 0 && run_exit != 1 && loads;
        if (run_exit != 0 && run_exit != 1) {
          std::string err = read_text(dir / "run.err");
          if (const auto nl = err.find('\n'); nl != std::string::npos) err.resize(nl);
          row.load_error = "run exit " + std::to_string(run_exit) + ": " + err;
        }
      }
    }
    row.score = score(labels, read_imported_plan(plan, report), loads);
    row.score.crashed = crashed ? 1 : 0;
    if (scaffold && labels.value("restores_service", false)) {
      // The drill a user gets without edits: scaffold, then run.
      const fs::path drill = dir / "scaffold";
      fs::remove_all(drill);
      row.score.restores = 1;
      const int scaffold_exit = run(quote(drillsim) + " scaffold " + quote(md) + " -o " + quote(drill) +
                                    " > /dev/null 2> " + quote(dir / "scaffold.err"));
      int run_exit = -1;
      if (scaffold_exit == 0)
        run_exit = run(quote(drillsim) + " run " + quote(drill / "scenario.json") + " --quiet --out " +
                       quote(drill / "report.json") + " > /dev/null 2> " + quote(drill / "run.err"));
      json drill_report;
      try {
        if (run_exit == 0 || run_exit == 1) drill_report = json::parse(read_text(drill / "report.json"));
      } catch (const std::exception&) {
        drill_report = json();
      }
      row.score.restored = drill_restored(drill_report) ? 1 : 0;
      if (!row.score.restored)
        row.restore_error = scaffold_exit != 0 ? "scaffold exit " + std::to_string(scaffold_exit)
                            : (run_exit != 0 && run_exit != 1) ? "run exit " + std::to_string(run_exit)
                                                               : "service not restored";
    }
    total += row.score;
    rows.push_back(row);
  }

  std::printf("%-44s %5s %5s %5s %5s %5s %5s %7s %4s %5s %5s\n", "runbook", "prim", "found", "act", "plan",
              "false", "merge", "levels", "load", "trig", "obj");
  const auto fraction = [](int num, int den) { return std::to_string(num) + "/" + std::to_string(den); };
  for (const Row& r : rows) {
    const Score& s = r.score;
    const char* load = s.crashed ? "yes!" : (s.loads ? "yes" : "NO");
    std::printf(
        "%-44s %5d %5d %5d %5d %5d %5d %7s %4s %5s %5s\n", r.name.c_str(), s.primary, s.found, s.with_action,
        s.plan_steps, s.false_steps, s.merged, fraction(s.levels_found, s.levels).c_str(), load,
        fraction(s.triggers_found, s.triggers).c_str(), fraction(s.objectives_found, s.objectives).c_str());
    if (details) {
      for (const auto& m : s.missed)
        std::printf("    missed: %s\n", m.c_str());
      for (const auto& m : s.wrong_action)
        std::printf("    action: %s\n", m.c_str());
      for (const auto& m : s.false_names)
        std::printf("    false:  %s\n", m.c_str());
      for (const auto& m : s.false_alert_names)
        std::printf("    alert:  %s matches no labelled trigger\n", m.c_str());
      if (!r.load_error.empty()) std::printf("    load:   %s\n", r.load_error.c_str());
      if (!r.restore_error.empty()) std::printf("    drill:  %s\n", r.restore_error.c_str());
    }
  }
  std::printf("%-44s %5d %5d %5d %5d %5d %5d %7s %4d %5s %5s\n", "TOTAL", total.primary, total.found,
              total.with_action, total.plan_steps, total.false_steps, total.merged,
              fraction(total.levels_found, total.levels).c_str(), total.loads,
              fraction(total.triggers_found, total.triggers).c_str(),
              fraction(total.objectives_found, total.objectives).c_str());
  std::printf(
      "\n%d runbooks: primary steps found %s (%d by a step of their own), found with an acceptable action "
      "%s, false plan steps %s "
      "(%d not located, %d alternatives run in series), plans that load %s, levels found %s; drills that "
      "ended abnormally after loading "
      "(yes!): %d; triggers read right %d/%d (alerts on runbooks with labelled triggers: %d, of them false "
      "%d), objective values read right %d/%d\n",
      total.runbooks, percent(found_ratio(total)).c_str(), total.found_alone,
      percent(action_ratio(total)).c_str(), percent(false_ratio(total)).c_str(), total.unlocated,
      total.in_series, percent(load_ratio(total)).c_str(), percent(level_ratio(total)).c_str(), total.crashed,
      total.triggers_found, total.triggers, total.alerts, total.false_alerts, total.objectives_found,
      total.objectives);
  if (scaffold)
    std::printf(
        "scaffolded drills that restore service: %s (%d of %d runbooks whose procedure restores it)\n",
        percent(restore_ratio(total)).c_str(), total.restored, total.restores);
  if (verdict) {
    const auto gaps = shortfalls(total, acceptance());
    std::printf("acceptance (>= 90%% found, >= 90%% of them mapped, <= 10%% false, 100%% load%s): %s\n",
                scaffold ? ", >= 90% of scaffolded drills restore" : "", gaps.empty() ? "MET" : "NOT MET");
    for (const auto& g : gaps)
      std::printf("  short: %s\n", g.c_str());
  }
  const auto gaps = shortfalls(total, t);
  for (const auto& g : gaps)
    std::printf("below threshold: %s\n", g.c_str());
  return gaps.empty() ? 0 : 1;
}
