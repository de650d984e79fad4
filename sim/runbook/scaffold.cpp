#include "runbook/scaffold.hpp"
#include "runbook/durations.hpp"
#include "runbook/text.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>
#include <sstream>

#include "io/scenario_loader.hpp"

namespace drillsim::runbook {

using ojson = nlohmann::ordered_json;

namespace {

// The system every scaffolded drill starts from. Each value is invented, and listed as an assumption.
constexpr double kFaultAtS = 600;  // The incident starts 10 minutes into the drill.
constexpr double kFaultErrorProbability = 0.3;
constexpr double kHealthyErrorProbability = 0.002;  // Each version, outside the incident.
constexpr double kFaultLatencyFactor = 1.5;
constexpr double kCorruptsWrites = 0.05;   // A restore runbook's incident: 5% of writes are bad...
constexpr double kCorruptionLastsS = 900;  // ...for 15 minutes (a bad batch job, then stopped).
constexpr double kRps = 100;
constexpr double kServiceTimeS = 0.02;
constexpr int kReplicas = 4;
constexpr double kDefaultRtoS = 1800;
constexpr double kDefaultRpoS = 300;
constexpr double kMaxDurationS = 2592000;  // The loader's limit (30 days).
// The loader refuses a drill over its request limit unless --max-requests raises it: a long plan over many
// services gets a lower rate rather than a scenario that does not run (80 % of the limit: room for calls).
const double kRequestBudget = 0.8 * io::LoadLimits{}.max_requests;

// A name the loader takes ([A-Za-z0-9_.-]+): other characters become '-'.
std::string clean_name(const std::string& name, const std::string& fallback) {
  std::string out;
  for (const unsigned char c : name)
    out += (std::isalnum(c) || c == '_' || c == '.' || c == '-') ? static_cast<char>(c) : '-';
  while (!out.empty() && out.front() == '-')
    out.erase(out.begin());
  while (!out.empty() && out.back() == '-')
    out.pop_back();
  return out.empty() ? fallback : out;
}

// The mean of a distribution as the formats write it (docs/scenario-format.md#distribution).
double mean_of(const ojson& d) {
  if (d.is_number()) return d.get<double>();
  if (!d.is_object()) return 0;
  const std::string kind = d.value("kind", "");
  const auto num = [&](const char* key) {
    return d.contains(key) && d[key].is_number() ? d[key].get<double>() : 0.0;
  };
  if (kind == "fixed") return num("value_s");
  if (kind == "exponential") return num("mean_s");
  if (kind == "uniform") return (num("min_s") + num("max_s")) / 2;
  if (kind == "triangular") return (num("min_s") + num("mode_s") + num("max_s")) / 3;
  if (kind == "lognormal") return num("median_s") * std::exp(num("sigma") * num("sigma") / 2);
  return 0;
}

// `step` kept as a manual step of the same name, duration (30 s when it had none), source and links.
ojson as_manual(const ojson& step) {
  ojson kept{{"name", step["name"]},
             {"action", "manual"},
             {"duration", step.contains("duration") ? step["duration"] : ojson(30)}};
  for (const auto& key : {"automated", "source", "on_failure", "escalate_to", "requires", "group"}) {
    if (step.contains(key)) kept[key] = step[key];
  }
  return kept;
}

bool rolls_app_back(const std::string& action) {
  return action == "rollout_undo" || action == "set_image" || action == "pipeline_redeploy" ||
         action == "shift_traffic";
}

// Whether an objective row's key ("Core API", "orders-db", "Tier 1") names this service or store.
bool key_names(const std::string& key, const std::string& name) {
  const std::string k = lower(key), n = lower(name);
  if (k == n) return true;
  if (n.size() >= 3 && k.find(n) != std::string::npos) return true;
  return k.size() >= 3 && n.find(k) != std::string::npos;
}

}  // namespace

ScaffoldResult scaffold(const ImportResult& imported, const ScaffoldOptions& options) {
  ScaffoldResult out;
  auto& assume = out.assumptions;
  auto& notes = out.notes;

  // --- The plan: the import's, made loadable.
  ojson plan = imported.plan.is_object() ? imported.plan : ojson::object();
  if (!plan.contains("name") || !plan["name"].is_string() || plan["name"].get<std::string>().empty())
    plan["name"] = imported.title.empty() ? std::string("Rollback") : imported.title;
  if (plan.contains("steps") && !plan.contains("levels")) {
    plan["levels"] = ojson::array({{{"name", "Rollback"}, {"steps", plan["steps"]}}});
    plan.erase("steps");
  }
  ojson levels = ojson::array();
  for (const auto& level : plan.value("levels", ojson::array())) {
    if (!level.contains("steps") || !level["steps"].is_array() || level["steps"].empty()) {
      notes.push_back("level \"" + level.value("name", std::string()) + "\" has no step: left out");
      continue;
    }
    levels.push_back(level);
  }
  if (levels.empty()) {
    throw ScaffoldError(
        "no step found in the runbook: nothing to drill (drillsim import lists what it read, with lines)");
  }

  // The level to replay.
  std::vector<std::string> level_names;
  for (const auto& level : levels)
    level_names.push_back(level.value("name", std::string()));
  std::size_t chosen = 0;
  if (!options.level.empty()) {
    const auto list = [&] {
      std::string s;
      for (std::size_t i = 0; i < level_names.size(); ++i)
        s += (i ? ", " : "") + std::to_string(i + 1) + " \"" + level_names[i] + "\"";
      return s;
    };
    const bool number = options.level.find_first_not_of("0123456789") == std::string::npos;
    if (number) {
      const auto n = options.level.size() > 6 ? 0ul : std::stoul(options.level);
      if (n < 1 || n > levels.size())
        throw ScaffoldError("--level " + options.level + ": the runbook's levels are " + list());
      chosen = n - 1;
    } else {
      const auto exact = std::find(level_names.begin(), level_names.end(), options.level);
      if (exact != level_names.end()) {
        chosen = static_cast<std::size_t>(exact - level_names.begin());
      } else {
        std::vector<std::size_t> matches;
        for (std::size_t i = 0; i < level_names.size(); ++i) {
          if (lower(level_names[i]).find(lower(options.level)) != std::string::npos) matches.push_back(i);
        }
        if (matches.size() != 1) {
          throw ScaffoldError("--level \"" + options.level + "\" names " +
                              (matches.empty() ? "no level" : "several levels") +
                              "; the runbook's levels are " + list());
        }
        chosen = matches.front();
      }
    }
  }
  // By default the first level that changes the system: a level of pre-checks, contacts or verification
  // alone would replay nothing that could restore service.
  std::string level_assumption;
  if (options.level.empty()) {
    const auto changes = [](const ojson& level) {
      if (!level.contains("steps") || !level["steps"].is_array()) return false;
      for (const auto& st : level["steps"]) {
        const std::string a = st.value("action", std::string());
        if (!st.contains("when") && a != "notify" && a != "status_page" && a != "wait" && a != "manual" &&
            a != "verify")
          return true;
      }
      return false;
    };
    for (std::size_t i = 0; i < levels.size(); ++i) {
      if (!changes(levels[i])) continue;
      if (i > 0)
        level_assumption = "level: \"" + level_names[0] + "\" changes nothing; the drill replays \"" +
                           level_names[i] + "\", the first level that does (choose with --level)";
      chosen = i;
      break;
    }
  }
  out.level = level_names[chosen];
  if (!level_assumption.empty()) assume.push_back(level_assumption);

  // Names the loader takes, step names unique, a duration wherever the action needs one.
  std::set<std::string> step_names;
  std::map<std::string, int> service_uses;  // Across the plan; the chosen level counts double.
  for (std::size_t li = 0; li < levels.size(); ++li) {
    for (auto& step : levels[li]["steps"]) {
      std::string name = step.value("name", std::string());
      if (name.empty()) name = "Step";
      std::string unique = name;
      for (int k = 2; step_names.count(unique); ++k)
        unique = name + " (" + std::to_string(k) + ")";
      if (unique != name)
        notes.push_back("step \"" + name + "\" renamed \"" + unique + "\": step names are unique");
      step["name"] = unique;
      step_names.insert(unique);
      if (step.contains("service") && step["service"].is_string()) {
        step["service"] = clean_name(step["service"].get<std::string>(), "app");
        service_uses[step["service"].get<std::string>()] += li == chosen ? 2 : 1;
      }
      if (step.contains("store") && step["store"].is_string())
        step["store"] = clean_name(step["store"].get<std::string>(), "db");
      const std::string action = step.value("action", std::string("manual"));
      if ((action == "wait" || action == "manual") && !step.contains("duration")) {
        step["duration"] = action == "manual" ? 120 : 60;
        assume.push_back("step \"" + unique + "\": no duration in the plan, " +
                         (action == "manual" ? "120 s" : "60 s") + " assumed");
      }
    }
  }

  // The main service: the one the steps act on most (the chosen level first), else the triggers'.
  std::string main_service;
  int best = 0;
  for (const auto& name : imported.services) {  // First-use order breaks ties.
    const std::string clean = clean_name(name, "app");
    if (service_uses[clean] > best) best = service_uses[clean], main_service = clean;
  }
  for (const auto& [name, uses] : service_uses) {
    if (uses > best) best = uses, main_service = name;
  }
  // The incident sits where the replayed level's first way back acts: a Service whose selector is
  // patched, not the Deployment the steps inspect more often.
  for (const auto& step : levels[chosen]["steps"]) {
    const std::string action = step.value("action", std::string());
    if (!(rolls_app_back(action) || action == "restore_config") || !step.contains("service") ||
        !step["service"].is_string())
      continue;
    if (!main_service.empty() && step["service"].get<std::string>() != main_service)
      notes.push_back("service \"" + step["service"].get<std::string>() +
                      "\" has the incident: the replayed level's first way back acts on it (\"" +
                      step.value("name", std::string()) + "\")");
    main_service = step["service"].get<std::string>();
    break;
  }
  if (main_service.empty()) {
    for (const auto& alert : imported.alerts) {
      if (alert.contains("service")) {
        main_service = clean_name(alert["service"].get<std::string>(), "app");
        break;
      }
    }
  }
  if (main_service.empty()) {
    main_service = "app";
    assume.push_back("service \"app\": the runbook names no service");
  }

  // An infrastructure rollback (terraform, CloudFormation, cdk) is time only in the simulation. When it
  // is the replayed level's first way back, the infrastructure is taken to carry the release: its
  // apply is replayed as a pipeline that redeploys the previous version of the main service.
  {
    bool other_rollback = false, infra = false;
    for (const auto& step : levels[chosen]["steps"]) {
      const std::string action = step.value("action", std::string());
      // Only a way back before the infrastructure's counts: what follows it (a pipeline resumed, a
      // verification) completes the infrastructure rollback.
      other_rollback = other_rollback || (!infra && (rolls_app_back(action) || action == "db_restore" ||
                                                     action == "restore_config" || action == "disable_flag"));
      infra = infra || action == "infra_rollback";
    }
    if (infra && !other_rollback) {
      for (auto& step : levels[chosen]["steps"]) {
        if (step.value("action", std::string()) != "infra_rollback") continue;
        step["action"] = "pipeline_redeploy";
        step["service"] = main_service;
        step["to"] = "stable";
        assume.push_back(
            "step \"" + step["name"].get<std::string>() +
            "\": the infrastructure it rolls back carries the release, so its apply is replayed as a "
            "pipeline redeploying the previous version of \"" +
            main_service + "\"");
      }
    }
  }

  // --- The incident the replayed level is written for.
  const auto& chosen_steps = levels[chosen]["steps"];
  bool level_rolls_app = false, level_restores = false, level_configures = false;
  bool restores_first = false;    // A db_restore comes before any step that rolls the application back.
  bool configures_first = false;  // A restore_config comes before any step that rolls the application back.
  std::string flag;
  for (const auto& step : chosen_steps) {
    const std::string action = step.value("action", std::string());
    if (action == "db_restore" && !level_rolls_app && !configures_first) restores_first = true;
    if (action == "restore_config" && !level_rolls_app && !restores_first) configures_first = true;
    level_rolls_app = level_rolls_app || rolls_app_back(action);
    level_restores = level_restores || action == "db_restore";
    level_configures = level_configures || action == "restore_config";
    if (action == "disable_flag" && flag.empty()) flag = step.value("flag", std::string());
  }
  ojson fault = ojson::object();
  if (!flag.empty()) {
    out.incident = "bad_release";
  } else if (level_restores && (!level_rolls_app || restores_first)) {
    // A restore runbook: the data comes back first, what follows (a redeploy, new connection settings)
    // points the application at it.
    out.incident = "data_corruption";
  } else if (level_configures && (!level_rolls_app || configures_first)) {
    out.incident = "bad_config";
  } else {
    out.incident = "bad_release";
  }
  if (out.incident == "bad_release" && flag.empty()) {
    // Another level's kill switch still needs a flag the fault is behind: the plan's first.
    for (const auto& level : levels) {
      for (const auto& step : level["steps"]) {
        if (flag.empty() && step.value("action", std::string()) == "disable_flag")
          flag = step.value("flag", std::string());
      }
    }
  }
  // Every other flag the plan turns off is declared in the scenario with no fault behind it: the step
  // keeps its action and its time, and ends nothing.
  std::vector<std::string> other_flags;
  for (const auto& level : levels) {
    for (const auto& step : level["steps"]) {
      if (step.value("action", std::string()) != "disable_flag") continue;
      const std::string name = step.value("flag", std::string());
      if (name.empty() || name == flag ||
          std::find(other_flags.begin(), other_flags.end(), name) != other_flags.end())
        continue;
      other_flags.push_back(name);
      notes.push_back("flag \"" + name + "\" (turned off by \"" + step.value("name", std::string()) +
                      "\"): declared with no fault behind it" +
                      (flag.empty() ? std::string() : ", the incident is behind \"" + flag + "\""));
    }
  }
  // A check while the maintenance page is on is made by the operators behind it (the admin UI, a few
  // recent orders): the service's SLO cannot hold while every request gets the page, so a verify of that
  // service between the page going on and off is replayed as a manual step.
  for (auto& level : levels) {
    std::set<std::string> in_maintenance;
    for (auto& step : level["steps"]) {
      const std::string action = step.value("action", std::string());
      const std::string service = step.value("service", std::string());
      if (action == "maintenance_mode" && !step.contains("when")) {
        if (step.value("on", false))
          in_maintenance.insert(service);
        else
          in_maintenance.erase(service);
      } else if (action == "verify" && in_maintenance.count(service)) {
        notes.push_back("step \"" + step["name"].get<std::string>() + "\" checks \"" + service +
                        "\" while its maintenance page is on: replayed as a manual step");
        step = as_manual(step);
      }
    }
  }
  plan["levels"] = levels;
  out.plan = plan;

  // --- Services and stores: every one the plan and the triggers name.
  std::vector<std::string> services{main_service};
  const auto add_service = [&](const std::string& name) {
    if (std::find(services.begin(), services.end(), name) == services.end()) services.push_back(name);
  };
  std::vector<std::string> stores;
  const auto add_store = [&](const std::string& name) {
    if (std::find(stores.begin(), stores.end(), name) == stores.end()) stores.push_back(name);
  };
  std::set<std::string> weighted;  // Services a step shifts traffic on: routed by weights.
  bool scaled_canary = false;
  for (const auto& level : levels) {
    for (const auto& step : level["steps"]) {
      if (step.contains("service")) add_service(step["service"].get<std::string>());
      if (step.contains("store")) add_store(step["store"].get<std::string>());
      if (step.value("action", std::string()) == "shift_traffic")
        weighted.insert(step["service"].get<std::string>());
    }
  }
  // A service is blue-green (routed by weights) only when the replayed level's first step that could
  // restore it shifts its traffic: when it rolls the Deployment back first, the traffic shifts of other
  // levels or later steps would leave the rolled-back pods without a request.
  for (auto it = weighted.begin(); it != weighted.end();) {
    std::string first;
    for (const auto& step : chosen_steps) {
      const std::string action = step.value("action", std::string());
      if (rolls_app_back(action) && step.value("service", std::string()) == *it) {
        first = action;
        break;
      }
    }
    if (first == "shift_traffic") {
      ++it;
    } else {
      if (!first.empty())
        notes.push_back("service \"" + *it +
                        "\": routed by Ready pods, as the replayed level rolls it back by " + first +
                        " before any traffic shift");
      it = weighted.erase(it);
    }
  }
  // A traffic shift on a service routed by Ready pods cannot load: it is kept as a manual step.
  for (auto& level : levels) {
    for (auto& step : level["steps"]) {
      if (step.value("action", std::string()) != "shift_traffic" ||
          weighted.count(step.value("service", std::string())))
        continue;
      notes.push_back("step \"" + step["name"].get<std::string>() + "\" shifts the traffic of \"" +
                      step.value("service", std::string()) +
                      "\", which is routed by Ready pods in this drill: replayed as a manual step");
      step = as_manual(step);
    }
  }
  plan["levels"] = levels;
  out.plan = plan;
  for (const auto& step : chosen_steps) {
    if (step.value("action", std::string()) == "scale" && step.value("version", std::string()) == "new" &&
        step.value("replicas", 1) == 0 && !level_rolls_app)
      scaled_canary = true;
  }

  // Detection: the runbook's triggers, with names and services the loader takes.
  std::set<std::string> signal_names;
  const auto unique_signal = [&](std::string name) {
    name = name.empty() ? std::string("Trigger") : name;
    std::string unique = name;
    for (int k = 2; signal_names.count(unique); ++k)
      unique = name + std::to_string(k);
    signal_names.insert(unique);
    return unique;
  };
  // A trigger's text names no service (the import gives it the service most commands of the document name,
  // which may be a Deployment that an alternative rolls back): it watches the service that has the incident,
  // which is what the runbook pages on.
  bool moved_signals = false;
  const auto with_service = [&](ojson signal) {
    signal["name"] = unique_signal(signal.value("name", std::string()));
    if (signal.contains("service")) {
      if (clean_name(signal["service"].get<std::string>(), main_service) != main_service)
        moved_signals = true;
      signal["service"] = main_service;
    }
    return signal;
  };
  ojson alerts = ojson::array(), probes = ojson::array(), smoke_tests = ojson::array(),
        integrity_checks = ojson::array();
  for (const auto& a : imported.alerts)
    alerts.push_back(with_service(a));
  for (const auto& p : imported.probes)
    probes.push_back(with_service(p));
  for (auto t : imported.smoke_tests) {
    t["name"] = unique_signal(t.value("name", std::string()));
    ojson flow = ojson::array();
    for (const auto& s : t.value("flow", ojson::array())) {
      flow.push_back(clean_name(s.get<std::string>(), main_service));
      add_service(flow.back().get<std::string>());
    }
    if (flow.empty() || std::find(flow.begin(), flow.end(), ojson(main_service)) == flow.end()) {
      moved_signals = moved_signals || !flow.empty();
      flow = ojson::array({main_service});
    }
    t["flow"] = flow;
    smoke_tests.push_back(t);
  }
  for (auto c : imported.integrity_checks) {
    c["name"] = unique_signal(c.value("name", std::string()));
    c["store"] = clean_name(c.value("store", std::string("db")), "db");
    add_store(c["store"].get<std::string>());
    integrity_checks.push_back(c);
  }
  if (out.incident == "data_corruption" && stores.empty()) add_store("db");
  if (moved_signals)
    notes.push_back("the runbook's triggers name no service: they watch \"" + main_service +
                    "\", where the incident is");

  // Can the runbook's own triggers see this incident? A bad release or configuration is seen by an
  // error-ratio alert below its error ratio, or by a smoke test; corruption by an integrity check.
  double lowest_error_threshold = 2;
  for (const auto& a : alerts) {
    if (a.value("metric", std::string("error_ratio")) == "error_ratio" && a.contains("threshold") &&
        a["threshold"].is_number())
      lowest_error_threshold = std::min(lowest_error_threshold, a["threshold"].get<double>());
  }
  double error_probability = kFaultErrorProbability;
  if (out.incident != "data_corruption" && lowest_error_threshold < 1 &&
      lowest_error_threshold >= kFaultErrorProbability / (scaled_canary ? 5 : 1)) {
    // The runbook only pages on a higher error ratio: the incident is made bad enough to reach it.
    error_probability = std::min(0.95, lowest_error_threshold * 1.5 * (scaled_canary ? 5 : 1));
  }
  // The healthy versions fail kHealthyErrorProbability of requests; a runbook trigger at or below five
  // times that ("availability < 99.9 %", "any error") would fire before the incident: they fail none.
  double healthy_error_probability = kHealthyErrorProbability;
  if (lowest_error_threshold < 5 * kHealthyErrorProbability) {
    healthy_error_probability = 0;
    std::ostringstream threshold;
    threshold << lowest_error_threshold * 100;
    assume.push_back("healthy versions fail no request: the runbook's lowest error-ratio trigger (" +
                     threshold.str() + "%) would fire on the default 0.2% before the incident");
  }
  if (out.incident == "data_corruption") {
    if (integrity_checks.empty()) {
      integrity_checks.push_back(
          {{"name", unique_signal("IntegrityCheck")}, {"store", stores.front()}, {"period_s", 900}});
      assume.push_back(
          "detection: the runbook states no trigger that sees bad data; an integrity check of \"" +
          stores.front() + "\" every 15 min is assumed");
    }
  } else if (lowest_error_threshold > 1 && smoke_tests.empty()) {
    alerts.push_back({{"name", unique_signal("ErrorRatioAssumed")},
                      {"service", main_service},
                      {"metric", "error_ratio"},
                      {"threshold", 0.05},
                      {"for_s", 300}});
    assume.push_back(
        "detection: the runbook states no error-rate trigger or smoke test; an alert on error ratio > 5% "
        "for 5 min on \"" +
        main_service + "\" is assumed");
  }

  // --- The scenario.
  ojson scenario = ojson::object();
  scenario["name"] = options.name.empty() ? std::string("scaffold") : options.name;
  scenario["description"] =
      "Scaffolded from " + (options.runbook_file.empty() ? std::string("a runbook") : options.runbook_file) +
      " (\"" + imported.title + "\"): " + out.incident + " on " + main_service + "; the decision replays \"" +
      out.level + "\". Every invented value is listed in \"assumptions\".";
  scenario["seed"] = 1;
  ojson service_list = ojson::array();
  for (const auto& name : services) {
    ojson s{{"name", name},
            {"service_time", {{"kind", "exponential"}, {"mean_s", kServiceTimeS}}},
            {"max_queue", 200}};
    const bool weights = weighted.count(name) > 0;
    s["routing"] = weights ? "weights" : "pods";
    int stable = 0, fresh = kReplicas;
    if (weights) {
      stable = kReplicas;
    } else if (scaled_canary && name == main_service) {
      stable = kReplicas, fresh = 1;
    }
    s["versions"] = {{"stable", {{"replicas", stable}, {"error_probability", healthy_error_probability}}},
                     {"new", {{"replicas", fresh}, {"error_probability", healthy_error_probability}}}};
    if (weights) s["weights"] = {{"stable", 0}, {"new", 1}};
    s["pods"] = {{"start", {{"kind", "uniform"}, {"min_s", 10}, {"max_s", 25}}},
                 {"readiness", {{"period_s", 5}}}};
    s["traffic"] = {{"rate", {{"kind", "constant"}, {"rps", kRps}}}, {"users", 20000}};
    s["slo"] = {{"max_error_ratio", 0.01}, {"max_p95_latency_s", 0.5}};
    service_list.push_back(s);
  }
  scenario["services"] = service_list;
  assume.push_back(
      "services (" + std::to_string(services.size()) + "): " + std::to_string(static_cast<int>(kRps)) +
      " requests/s each, exponential service time of 20 ms, SLO 1% errors and p95 0.5 s, pods Ready 10-25 s "
      "after creation");
  for (const auto& name : services) {
    if (weighted.count(name)) {
      assume.push_back("\"" + name + "\": blue-green, " + std::to_string(kReplicas) +
                       " pods of each version, all traffic on the new one (a step shifts its traffic)");
    } else if (scaled_canary && name == main_service) {
      assume.push_back("\"" + name + "\": a canary, " + std::to_string(kReplicas) +
                       " stable pods and 1 new pod, traffic split by Ready pods");
    } else {
      assume.push_back("\"" + name + "\": the new release on all " + std::to_string(kReplicas) +
                       " pods, the previous one ready to roll back to");
    }
  }

  ojson store_list = ojson::array();
  double backup_interval = 86400;
  bool backup_stated = !imported.backup_intervals_s.empty();
  if (backup_stated)
    backup_interval =
        *std::min_element(imported.backup_intervals_s.begin(), imported.backup_intervals_s.end());
  // So does a level that restores data and rolls no release back (a flag turned off after the restore):
  // the release keeps running on the schema the restored backup holds.
  const bool release_kept = level_restores && !level_rolls_app;
  for (const auto& name : stores) {
    ojson s{{"name", name},
            {"service", main_service},
            {"write_fraction", 0.2},
            {"size_gb", 20},
            {"restore_throughput_mb_s", 200},
            {"backup", {{"interval_s", backup_interval}, {"offset_s", -3600}}}};
    if (imported.mentions_pitr) s["wal_archive_interval_s"] = 300;
    // The release's migration comes with the release, after the last backup. A corruption incident's
    // release is not what the runbook undoes: it has been out for a while and its schema is in every
    // backup, so its store gets no migration to lose on restore (unless a step reverts one).
    const bool reverted = std::find(imported.migrated_stores.begin(), imported.migrated_stores.end(), name) !=
                          imported.migrated_stores.end();
    if ((out.incident != "data_corruption" && !release_kept) || reverted)
      s["migration"] = {{"kind", "add_nullable_column"}, {"applied_at_s", 0}};
    store_list.push_back(s);
  }
  if (!stores.empty()) {
    scenario["stores"] = store_list;
    assume.push_back(
        "stores (" + std::to_string(stores.size()) +
        "): 20 GB, restored at 200 MB/s, 20% of requests write, " +
        (backup_stated ? "backups every " + describe_seconds(backup_interval) + " as the runbook states"
                       : std::string("a daily backup (the runbook states no interval)")) +
        (imported.mentions_pitr ? ", WAL archived every 5 min (the runbook mentions point-in-time recovery)"
                                : ", no WAL archive (the runbook does not mention point-in-time recovery)") +
        ((out.incident == "data_corruption" || release_kept) && imported.migrated_stores.empty()
             ? ", the release's schema already in every backup (no migration to lose on restore)"
             : ", a nullable column added by the release's migration at the start of the drill"));
  }

  fault["kind"] = out.incident;
  fault["service"] = main_service;
  fault["at_s"] = kFaultAtS;
  if (out.incident == "data_corruption") {
    fault["version"] = "new";
    fault["corrupts_writes"] = kCorruptsWrites;
    fault["duration_s"] = kCorruptionLastsS;
    assume.push_back(
        "incident: data corruption (the level restores data and rolls nothing back): the new release "
        "corrupts 5% of its writes for 15 min from 10 min into the drill");
  } else if (out.incident == "bad_config") {
    fault["error_probability"] = error_probability;
    fault["latency_factor"] = kFaultLatencyFactor;
    assume.push_back(
        "incident: a bad configuration (the level restores configuration and rolls no release back): "
        "every pod fails " +
        std::to_string(static_cast<int>(std::round(error_probability * 100))) +
        "% of requests and is 1.5x slower from 10 min into the drill");
  } else {
    fault["version"] = "new";
    fault["error_probability"] = error_probability;
    fault["latency_factor"] = kFaultLatencyFactor;
    if (!flag.empty()) fault["flag"] = flag;
    assume.push_back(
        "incident: a bad release" + (flag.empty() ? std::string() : " behind flag \"" + flag + "\"") +
        ": the new version fails " + std::to_string(static_cast<int>(std::round(error_probability * 100))) +
        "% of requests and is 1.5x slower from 10 min into the drill");
  }
  scenario["fault"] = fault;
  if (!other_flags.empty()) scenario["flags"] = other_flags;
  if (!alerts.empty()) scenario["alerts"] = alerts;
  if (!probes.empty()) scenario["probes"] = probes;
  if (!smoke_tests.empty()) scenario["smoke_tests"] = smoke_tests;
  if (!imported.complaints.is_null()) scenario["complaints"] = imported.complaints;
  if (!integrity_checks.empty()) scenario["integrity_checks"] = integrity_checks;
  scenario["responder"] = {{"name", "on-call"},
                           {"ack", {{"kind", "lognormal"}, {"median_s", 180}, {"sigma", 0.6}}},
                           {"assess", {{"kind", "lognormal"}, {"median_s", 300}, {"sigma", 0.4}}}};
  assume.push_back(
      "responder: acknowledges the page after lognormal(median 3 min, sigma 0.6), decides after "
      "lognormal(median 5 min, sigma 0.4)");
  scenario["decision"] = {{"rules", ojson::array()}, {"otherwise", out.level}};
  const auto rules = imported.decision.value("rules", ojson::array());
  if (!rules.empty()) {
    notes.push_back("the runbook's " + std::to_string(rules.size()) +
                    " decision rule(s) are left out: the drill replays \"" + out.level +
                    "\" (choose with --level)");
  }
  scenario["plan"] = options.plan_file;

  // Objectives: the RTO/RPO rows that name a service (or a store, for its service).
  ojson objectives = ojson::array();
  std::set<std::string> held;
  std::vector<const ojson*> unmatched;
  for (const auto& row : imported.objectives) {
    if (!row.contains("rto_s") || !row["rto_s"].is_number() || row["rto_s"].get<double>() <= 0) continue;
    const std::string key = row.value("key", std::string());
    std::string service;
    for (const auto& s : services) {
      if (service.empty() && key_names(key, s)) service = s;
    }
    for (const auto& s : stores) {
      if (service.empty() && key_names(key, s)) service = main_service;
    }
    if (service.empty() || held.count(service)) {
      unmatched.push_back(&row);
      continue;
    }
    held.insert(service);
    objectives.push_back(
        {{"service", service},
         {"rto_s", row["rto_s"]},
         {"rpo_s", row.contains("rpo_s") && row["rpo_s"].is_number() ? row["rpo_s"] : ojson(0)}});
  }
  for (const auto* row : unmatched) {
    const std::string key = row->value("key", std::string());
    if (!held.count(main_service)) {
      held.insert(main_service);
      objectives.push_back(
          {{"service", main_service},
           {"rto_s", (*row)["rto_s"]},
           {"rpo_s", row->contains("rpo_s") && (*row)["rpo_s"].is_number() ? (*row)["rpo_s"] : ojson(0)}});
      assume.push_back("objective: the row \"" + key + "\" names no service of the plan; held against \"" +
                       main_service + "\", the service the plan acts on most");
    } else {
      notes.push_back("objective row \"" + key + "\" (RTO " +
                      describe_seconds((*row)["rto_s"].get<double>()) +
                      ") names no service of the plan: not held");
    }
  }
  if (objectives.empty()) {
    objectives.push_back({{"service", main_service}, {"rto_s", kDefaultRtoS}, {"rpo_s", kDefaultRpoS}});
    assume.push_back("objective: the runbook has no RTO/RPO table; RTO 30 min and RPO 5 min assumed for \"" +
                     main_service + "\"");
  }
  scenario["objectives"] = objectives;

  // Steps with no estimate in the runbook: the import's default durations.
  for (const auto& note : imported.notes) {
    if (note.kind == ImportNote::Kind::DefaultDuration)
      assume.push_back("line " + std::to_string(note.line) + ": " + note.text);
  }

  // Long enough for detection, the responder, every level and the pods, with room to see restoration.
  double plan_s = 0;
  for (const auto& level : levels) {
    for (const auto& step : level["steps"])
      plan_s += mean_of(step.value("duration", ojson(0))) + 120;  // + rollout, restore or propagation
  }
  const double duration =
      std::min(kMaxDurationS, std::max(7200.0, std::ceil((kFaultAtS + 3600 + 2 * plan_s) / 600) * 600));
  // Within the loader's request budget: a lower rate for every service, said as an assumption.
  if (!service_list.empty()) {
    const double n = static_cast<double>(service_list.size());
    if (n * kRps * duration > kRequestBudget) {
      const double rps = std::max(1.0, std::floor(kRequestBudget / (n * duration)));
      for (auto& service : scenario["services"])
        service["traffic"]["rate"]["rps"] = rps;
      assume.push_back("traffic: " + std::to_string(static_cast<int>(rps)) +
                       " requests/s per service rather than " + std::to_string(static_cast<int>(kRps)) +
                       ", so that " + describe_seconds(duration) + " of " +
                       std::to_string(service_list.size()) +
                       " services stays within the requests a drill may simulate by default");
    }
  }
  // duration_s comes right after description, as in the format's tables.
  ojson ordered = ojson::object();
  for (const auto& [key, value] : scenario.items()) {
    ordered[key] = value;
    if (key == "description") ordered["duration_s"] = duration;
  }
  ordered["assumptions"] = assume;
  out.scenario = ordered;
  return out;
}

}  // namespace drillsim::runbook
