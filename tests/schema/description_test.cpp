// The description against the loader: every default the description gives is the one the loader takes
// (a scenario that leaves every optional key out, section by section), and lookups by path.
#include "schema/description.hpp"

#include <cctype>
#include <set>
#include <stdexcept>
#include <string>
#include <variant>

#include <gtest/gtest.h>

#include "io/input_error.hpp"
#include "io/scenario_loader.hpp"
#include "model/scenario.hpp"

namespace drillsim::schema {
namespace {

using model::Scenario;

double described(const std::string& path) {
  return default_number(Format::Scenario, path);
}

// Every section present with only its required keys, so each optional key takes its default.
constexpr const char* kAllDefaults = R"({
  "name": "defaults",
  "duration_s": 600,
  "services": [{
    "name": "api", "service_time": 0.05, "versions": {"stable": {"replicas": 2}, "new": {"replicas": 1}},
    "traffic": {"rate": {"kind": "diurnal", "mean_rps": 10, "amplitude": 0.5}},
    "slo": {}, "pods": {"readiness": {}}, "strategy": {},
    "calls": [{"service": "db"}]
  }, {
    "name": "db", "service_time": 0.01, "versions": {"stable": {"replicas": 1}},
    "traffic": {"rate": {"kind": "constant", "rps": 0}}
  }],
  "stores": [{"name": "orders", "service": "api", "backup": {}, "migration": {"kind": "add_table"}}],
  "alerts": [{"name": "HighErrors", "service": "api", "threshold": 0.05}],
  "probes": [{"name": "health", "service": "api"}],
  "smoke_tests": [{"name": "smoke", "flow": ["api"]}],
  "complaints": {},
  "integrity_checks": [{"name": "check", "store": "orders"}],
  "alertmanager": {},
  "responder": {"ack": 60, "assess": 60},
  "plan": {"name": "p", "steps": [{"name": "v", "action": "verify", "service": "api"},
                                  {"name": "r", "action": "db_restore", "store": "orders"}]},
  "decision": {"rules": [{"name": "always", "then": ""}]}
})";

TEST(Description, TheLoaderTakesEveryDefaultTheDescriptionGives) {
  const Scenario s = io::parse_scenario(kAllDefaults, "defaults.json");
  EXPECT_EQ(s.seed, static_cast<std::uint64_t>(described("seed")));
  EXPECT_EQ(s.description, field_at(Format::Scenario, "description").default_value.get<std::string>());
  const auto& api = s.services.at(0);
  EXPECT_EQ(api.max_queue, described("services/[]/max_queue"));
  EXPECT_EQ(api.zones, described("services/[]/zones"));
  EXPECT_EQ(api.traffic.users, described("services/[]/traffic/users"));
  EXPECT_EQ(api.traffic.rate.period_s, described("services/[]/traffic/rate/kind=diurnal/period_s"));
  EXPECT_EQ(api.traffic.rate.peak_s, described("services/[]/traffic/rate/kind=diurnal/peak_s"));
  const auto& stable = api.versions[static_cast<int>(model::Version::Stable)];
  EXPECT_EQ(stable.error_probability, described("services/[]/versions/stable/error_probability"));
  EXPECT_EQ(stable.latency_factor, described("services/[]/versions/stable/latency_factor"));
  EXPECT_EQ(stable.shutdown.mean(), described("services/[]/versions/stable/shutdown"));
  EXPECT_EQ(api.weights.stable, field_at(Format::Scenario, "services/[]/weights").default_value["stable"]);
  EXPECT_EQ(api.weights.new_version, field_at(Format::Scenario, "services/[]/weights").default_value["new"]);
  EXPECT_EQ(api.routing, model::Routing::Weights);
  EXPECT_EQ(field_at(Format::Scenario, "services/[]/routing").default_value, "weights");
  EXPECT_EQ(api.slo.max_error_ratio, described("services/[]/slo/max_error_ratio"));
  EXPECT_EQ(api.slo.max_p95_latency_s, described("services/[]/slo/max_p95_latency_s"));
  EXPECT_EQ(api.slo.sli_window_s, described("services/[]/slo/sli_window_s"));
  EXPECT_EQ(api.slo.stabilisation_window_s, described("services/[]/slo/stabilisation_window_s"));
  EXPECT_EQ(api.pods.container_start.mean(), described("services/[]/pods/container_start"));
  EXPECT_EQ(api.pods.start.mean(), described("services/[]/pods/start"));
  EXPECT_EQ(api.pods.pre_stop.mean(), described("services/[]/pods/pre_stop"));
  EXPECT_EQ(api.pods.termination_grace_period_s, described("services/[]/pods/termination_grace_period_s"));
  EXPECT_EQ(api.pods.min_ready_s, described("services/[]/pods/min_ready_s"));
  EXPECT_EQ(api.pods.readiness_initial_delay_s, described("services/[]/pods/readiness/initial_delay_s"));
  EXPECT_EQ(api.pods.readiness_period_s, described("services/[]/pods/readiness/period_s"));
  EXPECT_EQ(api.pods.readiness_success_threshold, described("services/[]/pods/readiness/success_threshold"));
  EXPECT_EQ(api.pods.readiness_failure_threshold, described("services/[]/pods/readiness/failure_threshold"));
  EXPECT_EQ(api.strategy.kind, model::StrategySpec::Kind::RollingUpdate);
  EXPECT_EQ(field_at(Format::Scenario, "services/[]/strategy/type").default_value, "RollingUpdate");
  EXPECT_TRUE(api.strategy.max_surge.percent);
  EXPECT_EQ(std::to_string(static_cast<int>(api.strategy.max_surge.value)) + "%",
            field_at(Format::Scenario, "services/[]/strategy/max_surge").default_value);
  EXPECT_EQ(std::to_string(static_cast<int>(api.strategy.max_unavailable.value)) + "%",
            field_at(Format::Scenario, "services/[]/strategy/max_unavailable").default_value);
  EXPECT_EQ(api.strategy.progress_deadline_s, described("services/[]/strategy/progress_deadline_s"));
  EXPECT_EQ(api.calls.at(0).fanout, described("services/[]/calls/[]/fanout"));
  EXPECT_EQ(api.calls.at(0).timeout_s, described("services/[]/calls/[]/timeout_s"));
  // A version left out is the description's default: no replicas.
  EXPECT_EQ(s.services.at(1).versions[static_cast<int>(model::Version::New)].replicas,
            field_at(Format::Scenario, "services/[]/versions/new").default_value["replicas"]);

  const auto& store = s.stores.at(0);
  EXPECT_EQ(store.write_fraction, described("stores/[]/write_fraction"));
  EXPECT_EQ(store.size_gb, described("stores/[]/size_gb"));
  EXPECT_EQ(store.restore_throughput_mb_s, described("stores/[]/restore_throughput_mb_s"));
  EXPECT_EQ(store.backup_interval_s, described("stores/[]/backup/interval_s"));
  EXPECT_EQ(store.backup_offset_s, described("stores/[]/backup/offset_s"));
  EXPECT_EQ(store.migration->applied_at_s, described("stores/[]/migration/applied_at_s"));

  const auto& alert = s.alerts.at(0);
  EXPECT_EQ(alert.metric, model::AlertRuleSpec::Metric::ErrorRatio);
  EXPECT_EQ(field_at(Format::Scenario, "alerts/[]/metric").default_value, "error_ratio");
  EXPECT_EQ(alert.window_s, described("alerts/[]/window_s"));
  EXPECT_EQ(alert.for_s, described("alerts/[]/for_s"));
  EXPECT_EQ(alert.keep_firing_for_s, described("alerts/[]/keep_firing_for_s"));
  EXPECT_EQ(alert.evaluation_interval_s, described("alerts/[]/evaluation_interval_s"));
  EXPECT_EQ(alert.evaluation_offset_s, described("alerts/[]/evaluation_offset_s"));
  EXPECT_EQ(alert.scrape_interval_s, described("alerts/[]/scrape_interval_s"));
  EXPECT_EQ(alert.scrape_offset_s, described("alerts/[]/scrape_offset_s"));

  const auto& probe = s.probes.at(0);
  EXPECT_EQ(probe.period_s, described("probes/[]/period_s"));
  EXPECT_EQ(probe.offset_s, described("probes/[]/offset_s"));
  EXPECT_EQ(probe.timeout_s, described("probes/[]/timeout_s"));
  EXPECT_EQ(probe.failure_threshold, described("probes/[]/failure_threshold"));
  const auto& smoke = s.smoke_tests.at(0);
  EXPECT_EQ(smoke.period_s, described("smoke_tests/[]/period_s"));
  EXPECT_EQ(smoke.offset_s, described("smoke_tests/[]/offset_s"));
  EXPECT_EQ(smoke.timeout_s, described("smoke_tests/[]/timeout_s"));
  EXPECT_EQ(smoke.failure_threshold, described("smoke_tests/[]/failure_threshold"));
  EXPECT_EQ(s.complaints->name, field_at(Format::Scenario, "complaints/name").default_value);
  EXPECT_EQ(s.complaints->delay.mean(), described("complaints/delay"));
  EXPECT_EQ(s.complaints->min_failed_requests, described("complaints/min_failed_requests"));
  EXPECT_EQ(s.integrity_checks.at(0).period_s, described("integrity_checks/[]/period_s"));
  EXPECT_EQ(s.integrity_checks.at(0).offset_s, described("integrity_checks/[]/offset_s"));
  EXPECT_EQ(s.alertmanager.group_wait_s, described("alertmanager/group_wait_s"));
  EXPECT_EQ(s.alertmanager.group_interval_s, described("alertmanager/group_interval_s"));
  EXPECT_EQ(s.alertmanager.repeat_interval_s, described("alertmanager/repeat_interval_s"));

  EXPECT_EQ(s.responder->name, field_at(Format::Scenario, "responder/name").default_value);
  EXPECT_EQ(s.responder->escalate_after_s, described("responder/escalate_after_s"));
  EXPECT_EQ(s.decision->fix_forward.mean(), described("decision/fix_forward"));
  EXPECT_EQ(s.decision->rules.at(0).window_s, described("decision/rules/[]/window_s"));

  const auto& verify = s.plan->levels.at(0).steps.at(0);
  EXPECT_EQ(verify.window_s, described("plan/steps/[]/action=verify/window_s"));
  EXPECT_EQ(verify.failure_probability, described("plan/steps/[]/failure_probability"));
  EXPECT_EQ(verify.retries, described("plan/steps/[]/retries"));
  EXPECT_EQ(verify.on_failure, model::StepSpec::OnFailure::Abort);
  EXPECT_EQ(field_at(Format::Scenario, "plan/steps/[]/on_failure").default_value, "abort");
  const auto& restore = s.plan->levels.at(0).steps.at(1);
  EXPECT_EQ(restore.point_in_time,
            field_at(Format::Scenario, "plan/steps/[]/action=db_restore/point_in_time").default_value);
  EXPECT_EQ(restore.restore_target, model::StepSpec::RestoreTarget::BeforeFault);
  EXPECT_EQ(field_at(Format::Scenario, "plan/steps/[]/action=db_restore/target").default_value,
            "before_fault");
}

// The scenario of kAllDefaults with `fault` as its fault.
Scenario with_fault(const std::string& fault) {
  std::string text = kAllDefaults;
  text.insert(text.rfind('}'), ", \"fault\": " + fault);
  return io::parse_scenario(text, "fault.json");
}

template <class Kind>
const Kind& kind_of(const Scenario& s) {
  return std::get<Kind>(s.fault->kind);
}

TEST(Description, TheLoaderTakesEveryFaultDefaultTheDescriptionGives) {
  namespace f = model::fault;
  const std::string common = R"("service": "api", "at_s": 60)";
  {
    const Scenario s = with_fault(R"({"kind": "bad_release", "error_probability": 0.5, )" + common + "}");
    EXPECT_EQ(s.fault->version, model::Version::New);
    EXPECT_EQ(field_at(Format::Scenario, "fault/kind=bad_release/version").default_value, "new");
    EXPECT_EQ(kind_of<f::BadRelease>(s).latency_factor, described("fault/kind=bad_release/latency_factor"));
    EXPECT_EQ(kind_of<f::BadRelease>(s).corrupts_writes, described("fault/kind=bad_release/corrupts_writes"));
    EXPECT_EQ(kind_of<f::BadRelease>(s).fails_readiness,
              field_at(Format::Scenario, "fault/kind=bad_release/fails_readiness").default_value);
    EXPECT_FALSE(s.fault->duration_s);
  }
  {
    const Scenario s = with_fault(R"({"kind": "memory_leak", )" + common + "}");
    EXPECT_EQ(kind_of<f::MemoryLeak>(s).memory_limit_mb, described("fault/kind=memory_leak/memory_limit_mb"));
    EXPECT_EQ(kind_of<f::MemoryLeak>(s).memory_base_mb, described("fault/kind=memory_leak/memory_base_mb"));
    EXPECT_EQ(kind_of<f::MemoryLeak>(s).leak_mb_per_s, described("fault/kind=memory_leak/leak_mb_per_s"));
  }
  EXPECT_EQ(kind_of<f::CrashLoop>(with_fault(R"({"kind": "crash_loop", )" + common + "}")).crash_after_s,
            described("fault/kind=crash_loop/crash_after_s"));
  {
    const Scenario s = with_fault(R"({"kind": "node_crash", )" + common + "}");
    EXPECT_EQ(kind_of<f::NodeCrash>(s).pods, described("fault/kind=node_crash/pods"));
    EXPECT_EQ(kind_of<f::NodeCrash>(s).node_monitor_grace_s,
              described("fault/kind=node_crash/node_monitor_grace_s"));
    EXPECT_EQ(kind_of<f::NodeCrash>(s).eviction_timeout_s,
              described("fault/kind=node_crash/eviction_timeout_s"));
  }
  {
    const Scenario s = with_fault(R"({"kind": "zone_outage", )" + common + "}");
    EXPECT_EQ(kind_of<f::ZoneOutage>(s).zone, described("fault/kind=zone_outage/zone"));
    EXPECT_EQ(kind_of<f::ZoneOutage>(s).node_monitor_grace_s,
              described("fault/kind=zone_outage/node_monitor_grace_s"));
    EXPECT_EQ(kind_of<f::ZoneOutage>(s).eviction_timeout_s,
              described("fault/kind=zone_outage/eviction_timeout_s"));
  }
  {
    const Scenario s = with_fault(R"({"kind": "pool_exhaustion", )" + common + "}");
    EXPECT_EQ(kind_of<f::PoolExhaustion>(s).pool_size, described("fault/kind=pool_exhaustion/pool_size"));
    EXPECT_EQ(kind_of<f::PoolExhaustion>(s).pool_leak_per_s,
              described("fault/kind=pool_exhaustion/pool_leak_per_s"));
    EXPECT_EQ(kind_of<f::PoolExhaustion>(s).pool_timeout_s,
              described("fault/kind=pool_exhaustion/pool_timeout_s"));
    // pool_in_use's default depends on pool_size: min(5, pool_size - 1), said in words.
    EXPECT_EQ(kind_of<f::PoolExhaustion>(s).pool_in_use, 5.0);
    EXPECT_EQ(field_at(Format::Scenario, "fault/kind=pool_exhaustion/pool_in_use").default_text,
              "min(5, pool_size - 1)");
    EXPECT_EQ(kind_of<f::PoolExhaustion>(
                  with_fault(R"({"kind": "pool_exhaustion", "pool_size": 3, )" + common + "}"))
                  .pool_in_use,
              2.0);
  }
  EXPECT_EQ(kind_of<f::CpuHog>(with_fault(R"({"kind": "cpu_hog", )" + common + "}")).cpu_share,
            described("fault/kind=cpu_hog/cpu_share"));
  EXPECT_EQ(kind_of<f::TrafficSpike>(with_fault(R"({"kind": "traffic_spike", )" + common + "}")).spike_factor,
            described("fault/kind=traffic_spike/spike_factor"));
  EXPECT_EQ(kind_of<f::DependencyOutage>(
                with_fault(R"({"kind": "dependency_outage", "target": "db", )" + common + "}"))
                .hang,
            field_at(Format::Scenario, "fault/kind=dependency_outage/hang").default_value);
}

// A strategy or an alertmanager section left out, or given as {}, is read with the description's defaults,
// as a given one is: the model's initializers (model::StrategySpec, model::AlertmanagerSpec) never reach a
// loaded scenario, so changing a default in the description changes what every scenario gets.
TEST(Description, StrategyAndAlertmanagerLeftOutTakeTheDescriptionsDefaults) {
  const std::string before = R"({"name": "s", "duration_s": 60, "services": [{"name": "api",
      "service_time": 0.05, "versions": {"stable": {"replicas": 1}},
      "traffic": {"rate": {"kind": "constant", "rps": 1}})";
  for (const std::string rest : {"}]}", R"(, "strategy": {}}], "alertmanager": {}})"}) {
    SCOPED_TRACE(rest);
    const Scenario s = io::parse_scenario(before + rest, "s.json");
    const auto& strategy = s.services.at(0).strategy;
    EXPECT_EQ(strategy.kind, model::StrategySpec::Kind::RollingUpdate);
    EXPECT_EQ(std::to_string(static_cast<int>(strategy.max_surge.value)) + "%",
              field_at(Format::Scenario, "services/[]/strategy/max_surge").default_value);
    EXPECT_EQ(std::to_string(static_cast<int>(strategy.max_unavailable.value)) + "%",
              field_at(Format::Scenario, "services/[]/strategy/max_unavailable").default_value);
    EXPECT_EQ(strategy.progress_deadline_s, described("services/[]/strategy/progress_deadline_s"));
    EXPECT_EQ(s.alertmanager.group_wait_s, described("alertmanager/group_wait_s"));
    EXPECT_EQ(s.alertmanager.group_interval_s, described("alertmanager/group_interval_s"));
    EXPECT_EQ(s.alertmanager.repeat_interval_s, described("alertmanager/repeat_interval_s"));
  }
  // "Recreate" takes no surge: its fields hold the description's defaults, unused.
  const Scenario recreate = io::parse_scenario(before + R"(, "strategy": {"type": "Recreate"}}]})", "s.json");
  EXPECT_EQ(recreate.services.at(0).strategy.kind, model::StrategySpec::Kind::Recreate);
}

// The pods section has one owner for its defaults, the description: the loader reads an absent "pods" and
// an absent "readiness" as {} and takes each missing key from the description, so no other constant (such
// as model::PodSpec's initializers) reaches a loaded scenario. The three ways of leaving them out agree.
TEST(Description, PodsLeftOutInAnyWayTakeTheDescriptionsDefaults) {
  const std::string before = R"({"name": "pods", "duration_s": 60, "services": [{"name": "api",
      "service_time": 0.05, "versions": {"stable": {"replicas": 1}},
      "traffic": {"rate": {"kind": "constant", "rps": 1}})";
  for (const std::string pods : {"", R"(, "pods": {})", R"(, "pods": {"readiness": {}})"}) {
    SCOPED_TRACE(pods.empty() ? "no pods key" : pods);
    const model::PodSpec p = io::parse_scenario(before + pods + "}]}", "pods.json").services.at(0).pods;
    EXPECT_EQ(p.container_start.mean(), described("services/[]/pods/container_start"));
    EXPECT_EQ(p.start.mean(), described("services/[]/pods/start"));
    EXPECT_EQ(p.pre_stop.mean(), described("services/[]/pods/pre_stop"));
    EXPECT_EQ(p.termination_grace_period_s, described("services/[]/pods/termination_grace_period_s"));
    EXPECT_EQ(p.min_ready_s, described("services/[]/pods/min_ready_s"));
    EXPECT_EQ(p.readiness_initial_delay_s, described("services/[]/pods/readiness/initial_delay_s"));
    EXPECT_EQ(p.readiness_period_s, described("services/[]/pods/readiness/period_s"));
    EXPECT_EQ(p.readiness_success_threshold, described("services/[]/pods/readiness/success_threshold"));
    EXPECT_EQ(p.readiness_failure_threshold, described("services/[]/pods/readiness/failure_threshold"));
  }
  // A given value still wins over the default.
  const model::PodSpec given =
      io::parse_scenario(before + R"(, "pods": {"start": 3, "readiness": {"period_s": 2}}}]})", "pods.json")
          .services.at(0)
          .pods;
  EXPECT_EQ(given.start.mean(), 3.0);
  EXPECT_EQ(given.readiness_period_s, 2.0);
}

TEST(Description, FieldAtFindsCommonAndVariantFieldsAndNamesAMissingPath) {
  EXPECT_TRUE(field_at(Format::Scenario, "name").required);
  EXPECT_EQ(field_at(Format::Scenario, "fault/kind=node_crash/pods").unit, "pods");
  EXPECT_TRUE(field_at(Format::Scenario, "fault/kind=node_crash/service").required);  // A common field.
  // A "wait" step requires its duration; the common field does not.
  EXPECT_TRUE(field_at(Format::Plan, "steps/[]/action=wait/duration").required);
  EXPECT_FALSE(field_at(Format::Plan, "steps/[]/duration").required);
  EXPECT_TRUE(field_at(Format::Plan, "levels/[]/steps/[]/name").required);
  EXPECT_TRUE(field_at(Format::Report, "incidents/[]/metrics/downtime_s").required);
  try {
    field_at(Format::Scenario, "services/[]/replcas");
    FAIL() << "no exception";
  } catch (const std::out_of_range& e) {
    EXPECT_STREQ(e.what(), "schema: no field services/[]/replcas in the scenario");
  }
  EXPECT_THROW(field_at(Format::Scenario, "fault/kind=no_such_kind/pods"), std::out_of_range);
  EXPECT_THROW(default_number(Format::Scenario, "name"), std::logic_error);  // Required: no default.
}

// Defaults that depend on other values are computed by the description (Field::default_from), beside the
// words the docs' tables and the JSON Schema show, and the loader takes them from there.
TEST(Description, DerivedDefaultsAreComputedWhereTheyAreSaid) {
  const auto pool_in_use = [](int pool_size) {
    return derived_default(Format::Scenario, "fault/kind=pool_exhaustion/pool_in_use",
                           Json{{"pool_size", pool_size}})
        .get<double>();
  };
  EXPECT_EQ(field_at(Format::Scenario, "fault/kind=pool_exhaustion/pool_in_use").default_text,
            "min(5, pool_size - 1)");
  EXPECT_EQ(pool_in_use(20), 5.0);
  EXPECT_EQ(pool_in_use(6), 5.0);
  EXPECT_EQ(pool_in_use(3), 2.0);
  EXPECT_EQ(pool_in_use(1), 0.0);
  EXPECT_EQ(field_at(Format::Scenario, "plan/steps/[]/source/end_line").default_text, "`line`");
  EXPECT_EQ(derived_default(Format::Scenario, "plan/steps/[]/source/end_line", Json{{"line", 12}}), Json(12));
  EXPECT_THROW(derived_default(Format::Scenario, "stores/[]/size_gb", Json::object()), std::logic_error);

  const Scenario s = io::parse_scenario(R"({"name": "t", "duration_s": 600, "services": [
      {"name": "api", "service_time": 0.05, "versions": {"stable": {"replicas": 2}},
       "traffic": {"rate": {"kind": "constant", "rps": 10}}}],
    "fault": {"kind": "pool_exhaustion", "service": "api", "at_s": 60, "pool_size": 3},
    "plan": {"name": "p", "steps": [{"name": "n", "action": "notify", "source": {"line": 7}}]}})",
                                        "t");
  EXPECT_EQ(std::get<model::fault::PoolExhaustion>(s.fault->kind).pool_in_use, 2.0);
  EXPECT_EQ(s.plan->levels[0].steps[0].source_end_line, 7);
  // No "new" version and no "weights": the described {"replicas": 0} and {"stable": 1, "new": 0}.
  EXPECT_EQ(field_at(Format::Scenario, "services/[]/versions/new").default_value, (Json{{"replicas", 0}}));
  const model::VersionSpec& fresh = s.services[0].version(model::Version::New);
  EXPECT_EQ(fresh.replicas, 0);
  EXPECT_EQ(fresh.error_probability, described("services/[]/versions/stable/error_probability"));
  EXPECT_EQ(fresh.latency_factor, described("services/[]/versions/stable/latency_factor"));
  EXPECT_EQ(field_at(Format::Scenario, "services/[]/weights").default_value,
            (Json{{"stable", 1}, {"new", 0}}));
  EXPECT_EQ(s.services[0].weights.stable, 1.0);
  EXPECT_EQ(s.services[0].weights.new_version, 0.0);
}

// A step's "automated": the words of the docs name exactly the actions whose own field defaults to `true`,
// and every fault kind that takes a "version" defaults to the new one.
TEST(Description, KindDependentDefaultsAgreeWithTheirWords) {
  const Field& automated = field_at(Format::Scenario, "plan/steps/[]/automated");
  std::set<std::string> named;
  std::string word;
  for (const char c : automated.default_text + " ") {
    if (std::islower(static_cast<unsigned char>(c)) || c == '_') {
      word += c;
    } else if (!word.empty()) {
      named.insert(word);
      word.clear();
    }
  }
  int tools = 0;
  for (const auto action : model::step_action_names()) {
    const Field& field =
        field_at(Format::Scenario, "plan/steps/[]/action=" + std::string(action) + "/automated");
    ASSERT_TRUE(field.has_default) << action;
    const bool is_tool = field.default_value.get<bool>();
    EXPECT_EQ(is_tool, named.count(std::string(action)) == 1) << action << ": " << automated.default_text;
    tools += is_tool ? 1 : 0;
  }
  EXPECT_EQ(tools, 2);
  std::set<std::string> versioned;
  for (const auto kind : model::fault_kind_names()) {
    try {
      const Field& version = field_at(Format::Scenario, "fault/kind=" + std::string(kind) + "/version");
      EXPECT_EQ(version.default_value, Json("new")) << kind;
      versioned.insert(std::string(kind));
    } catch (const std::out_of_range&) {
      // The kind takes no "version" (it hits every version).
    }
  }
  EXPECT_EQ(versioned, (std::set<std::string>{"bad_release", "memory_leak", "crash_loop", "node_crash",
                                              "cpu_hog", "data_corruption"}));
}

TEST(Description, FormatNames) {
  EXPECT_EQ(format_named("plan"), Format::Plan);
  EXPECT_EQ(format_named("Plan"), std::nullopt);
  EXPECT_STREQ(format_name(Format::Report), "report");
  // The outputs of `compare` and `assess` go by their kinds and by the commands' names.
  EXPECT_EQ(format_named("comparison"), Format::Comparison);
  EXPECT_EQ(format_named("compare"), Format::Comparison);
  EXPECT_EQ(format_named("assess"), Format::Assessment);
  EXPECT_STREQ(format_name(Format::Assessment), "assessment");
  EXPECT_STREQ(format_name(Format::Capacity), "capacity");
  for (const Format format : kFormats)
    EXPECT_EQ(format_named(format_name(format)), format);
  EXPECT_EQ(schema_id(Format::Scenario), "https://drillsim.dev/schema/scenario.schema.json");
}

// "$schema" names the file's JSON Schema for editors: the loader accepts a string there and ignores it,
// in a scenario and in a plan file, but not inside an inline plan (whose schema has no such key).
TEST(Description, TheLoaderAcceptsAndIgnoresASchemaKey) {
  std::string text = kAllDefaults;
  text.insert(1, R"("$schema": "https://drillsim.dev/schema/scenario.schema.json", )");
  EXPECT_EQ(io::parse_scenario(text, "s.json").name, "defaults");
  std::string not_a_string = kAllDefaults;
  not_a_string.insert(1, R"("$schema": 1, )");
  try {
    io::parse_scenario(not_a_string, "s.json");
    FAIL() << "no exception";
  } catch (const io::InputError& e) {
    EXPECT_STREQ(e.what(), "s.json:/$schema: expected a string, found 1");
  }
  std::string inline_plan = kAllDefaults;
  inline_plan.replace(inline_plan.find(R"("plan": {)"), 9, R"("plan": {"$schema": "x", )");
  EXPECT_THROW(io::parse_scenario(inline_plan, "s.json"), io::InputError);
}

}  // namespace
}  // namespace drillsim::schema
