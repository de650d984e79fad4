// The descriptions themselves: each format's fields as the loader (io/scenario_loader.cpp and its section
// readers io/load_*.cpp) reads them (its ranges, its defaults, the keys its allow_only() calls accept),
// and the report's as report/report_json.cpp writes them.
#include "schema/description.hpp"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>
#include <stdexcept>
#include <utility>

#include "model/scenario.hpp"
#include "model/timeline.hpp"

namespace drillsim::schema {

namespace {

using Kind = Node::Kind;

constexpr double kIntLimit = 2147483647.0;  // INT_MAX: the C++ int the loader stores.

// --- Building nodes. Each returns a fresh node the caller may adjust before it is shared.

std::shared_ptr<Node> make(Kind kind) {
  auto node = std::make_shared<Node>();
  node->kind = kind;
  return node;
}

Bound ge(double v) {
  return Bound{v, true};
}
Bound gt(double v) {
  return Bound{v, false};
}
Bound le(double v) {
  return Bound{v, true};
}
Bound lt(double v) {
  return Bound{v, false};
}

std::shared_ptr<Node> number(std::optional<Bound> min = {}, std::optional<Bound> max = {},
                             std::string rule = {}) {
  auto node = make(Kind::Number);
  node->min = min;
  node->max = max;
  node->rule = std::move(rule);
  return node;
}
std::shared_ptr<Node> integer(std::optional<Bound> min = {}, std::optional<Bound> max = le(kIntLimit),
                              std::string rule = {}) {
  auto node = make(Kind::Integer);
  node->min = min;
  node->max = max;
  node->rule = std::move(rule);
  return node;
}
std::shared_ptr<Node> probability() {
  return number(ge(0.0), le(1.0));
}
std::shared_ptr<Node> string(bool non_empty = false, std::string rule = {}) {
  auto node = make(Kind::String);
  node->min_length = non_empty ? 1 : 0;
  node->rule = std::move(rule);
  return node;
}
std::shared_ptr<Node> choice(std::initializer_list<std::string> list) {
  std::vector<std::string> choices(list);
  auto node = make(Kind::String);
  node->choices = std::move(choices);
  return node;
}
std::shared_ptr<Node> choice_of(const std::vector<std::string_view>& names) {
  auto node = make(Kind::String);
  node->choices.assign(names.begin(), names.end());
  return node;
}
std::shared_ptr<Node> boolean() {
  return make(Kind::Boolean);
}
std::shared_ptr<Node> array(NodeRef items, bool non_empty = false, std::string rule = {}) {
  auto node = make(Kind::Array);
  node->items = std::move(items);
  node->min_items = non_empty ? 1 : 0;
  node->rule = std::move(rule);
  return node;
}
std::shared_ptr<Node> object(std::vector<Field> fields, std::string name = {}, std::string doc = {}) {
  auto node = make(Kind::Object);
  node->fields = std::move(fields);
  node->name = std::move(name);
  node->doc = std::move(doc);
  return node;
}
std::shared_ptr<Node> map(NodeRef values, std::vector<std::string> keys = {}, std::string rule = {}) {
  auto node = make(Kind::Map);
  node->values = std::move(values);
  node->key_choices = std::move(keys);
  node->rule = std::move(rule);
  return node;
}
std::shared_ptr<Node> any_of(std::vector<NodeRef> alternatives) {
  auto node = make(Kind::Union);
  node->alternatives = std::move(alternatives);
  return node;
}
std::shared_ptr<Node> nullable(std::shared_ptr<Node> node) {
  node->nullable = true;
  return node;
}

// --- Building fields.

Field req(std::string key, NodeRef node, std::string unit, std::string doc) {
  Field f;
  f.key = std::move(key);
  f.node = std::move(node);
  f.required = true;
  f.unit = std::move(unit);
  f.doc = std::move(doc);
  return f;
}
// A field whose absence means `value`.
Field opt(std::string key, NodeRef node, Json value, std::string unit, std::string doc) {
  Field f;
  f.key = std::move(key);
  f.node = std::move(node);
  f.has_default = true;
  f.default_value = std::move(value);
  f.unit = std::move(unit);
  f.doc = std::move(doc);
  return f;
}
// A field whose default depends on other fields of its object: `rule` computes it, `meaning` says it.
Field derived(std::string key, NodeRef node, std::string meaning, std::function<Json(const Json&)> rule,
              std::string unit, std::string doc) {
  Field f;
  f.key = std::move(key);
  f.node = std::move(node);
  f.default_text = std::move(meaning);
  f.default_from = std::move(rule);
  f.unit = std::move(unit);
  f.doc = std::move(doc);
  return f;
}
// A field whose absence is described in words.
Field absent(std::string key, NodeRef node, std::string meaning, std::string unit, std::string doc) {
  Field f;
  f.key = std::move(key);
  f.node = std::move(node);
  f.default_text = std::move(meaning);
  f.unit = std::move(unit);
  f.doc = std::move(doc);
  return f;
}

Variant variant(std::string tag, std::vector<Field> fields, std::string doc = {}) {
  Variant v;
  v.tag = std::move(tag);
  v.fields = std::move(fields);
  v.doc = std::move(doc);
  return v;
}

std::shared_ptr<Node> tagged(std::string name, std::string tag_key, std::vector<Field> common,
                             std::vector<Variant> variants, std::string doc = {}) {
  auto node = make(Kind::Tagged);
  node->name = std::move(name);
  node->tag_key = std::move(tag_key);
  node->fields = std::move(common);
  node->variants = std::move(variants);
  node->doc = std::move(doc);
  return node;
}

// A Prometheus duration string as io::parse_prometheus_duration reads it: units y, w, d, h, m, s, ms, each
// at most once, largest first; or "0".
constexpr const char* kPrometheusDuration =
    "^(0|(?!$)([0-9]+y)?([0-9]+w)?([0-9]+d)?([0-9]+h)?([0-9]+m)?([0-9]+s)?([0-9]+ms)?)$";

std::shared_ptr<Node> prometheus_duration(std::string rule = {}) {
  auto node = make(Kind::String);
  node->pattern = kPrometheusDuration;
  node->rule = std::move(rule);
  return node;
}

// A duration given as `<key>` (a Prometheus duration string) or `<key>_s` (seconds), not both.
void add_duration(std::vector<Field>& fields, std::vector<std::pair<std::string, std::string>>& not_both,
                  const std::string& key, std::optional<double> fallback, std::optional<Bound> min,
                  std::optional<Bound> max, const std::string& doc) {
  const std::string seconds = key + "_s";
  Field text = absent(key, prometheus_duration(), "", "",
                      doc + " as a Prometheus duration (\"30s\", \"5m\", \"1h30m\"); or `" + seconds + "`");
  Field value = fallback ? opt(seconds, number(min, max), *fallback, "s", doc)
                         : absent(seconds, number(min, max), "", "s", doc);
  text.default_text = fallback ? "`" + seconds + "`'s" : "absent";
  fields.push_back(std::move(text));
  fields.push_back(std::move(value));
  not_both.emplace_back(key, seconds);
}

// --- The scenario's sections, in the loader's order.

NodeRef distribution() {
  static const NodeRef node = [] {
    auto object = tagged(
        "distribution object", "kind",
        {req("kind", choice({"fixed", "exponential", "uniform", "triangular", "lognormal"}), "",
             "the distribution's family")},
        {variant("fixed", {req("value_s", number(ge(0.0)), "s", "the value")}),
         variant("exponential", {req("mean_s", number(gt(0.0)), "s", "the mean")}),
         variant("uniform", {req("min_s", number(ge(0.0)), "s", "the least value"),
                             req("max_s", number(ge(0.0), {}, ">= min_s"), "s", "the greatest value")}),
         variant("triangular",
                 {req("min_s", number(ge(0.0)), "s", "the least value"),
                  req("mode_s", number(ge(0.0), {}, ">= min_s and <= max_s"), "s", "the most likely value"),
                  req("max_s", number(ge(0.0), {}, ">= min_s"), "s", "the greatest value")}),
         variant("lognormal", {req("median_s", number(gt(0.0)), "s", "the median"),
                               req("sigma", number(ge(0.0)), "", "sigma of the underlying normal")})},
        "a random duration in seconds");
    auto node = any_of({number(ge(0.0)), object});
    node->name = "distribution";
    node->doc = "a duration in seconds: a number >= 0 (fixed), or a distribution object with a \"kind\"";
    return NodeRef(node);
  }();
  return node;
}

NodeRef weights() {
  static const NodeRef node = [] {
    auto w = object({req("stable", probability(), "share", "the stable version's share of the traffic"),
                     req("new", probability(), "share", "the new version's share of the traffic")},
                    "weights", "a traffic split between the versions");
    w->rule = "stable + new = 1";
    return NodeRef(w);
  }();
  return node;
}

NodeRef name_node() {
  static const NodeRef node = [] {
    auto n = make(Kind::String);
    n->pattern = "^[A-Za-z0-9_.-]+$";
    n->min_length = 1;
    return NodeRef(n);
  }();
  return node;
}

NodeRef service_ref() {
  return string(false, "the name of a service in `services`");
}

NodeRef version_node() {
  static const NodeRef node = object(
      {req("replicas", integer(ge(0.0), le(1000.0)), "replicas", "ready replicas at time 0"),
       opt("error_probability", probability(), 0.0, "probability",
           "probability that a served request fails (HTTP 5xx)"),
       opt("latency_factor", number(gt(0.0)), 1.0, "factor", "multiplies the service time of every request"),
       opt("shutdown", distribution(), 0.0, "s",
           "SIGTERM -> the application exits; it finishes its in-flight requests meanwhile")},
      "version", "one version of a service");
  return node;
}

NodeRef int_or_percent(int max_percent) {
  auto count = integer(ge(0.0), le(kIntLimit));
  auto percent = make(Kind::String);
  percent->pattern = max_percent == 100 ? "^0*([0-9]{1,2}|100)%$" : "^0*([0-9]{1,5}|100000)%$";
  return any_of({count, percent});
}

NodeRef service_node() {
  static const NodeRef node = [] {
    const auto readiness =
        object({opt("initial_delay_s", number(ge(0.0)), 0.0, "s",
                    "`initialDelaySeconds`: container start -> the first probe"),
                opt("period_s", number(ge(1.0)), 10.0, "s", "`periodSeconds`: between probes"),
                opt("success_threshold", integer(ge(1.0)), 1, "probes",
                    "`successThreshold`: passing probes in a row before a pod is Ready"),
                opt("failure_threshold", integer(ge(1.0)), 3, "probes",
                    "`failureThreshold`: failed probes in a row before a Ready pod leaves the endpoints")},
               "readiness", "the readiness probe");
    const auto pods =
        object({opt("container_start", distribution(), 0.0, "s",
                    "creation -> the container starts (scheduling, image pull); the readiness probes count "
                    "from here"),
                opt("start", distribution(), 10.0, "s",
                    "the container starts -> the app answers its readiness probe"),
                absent("readiness", readiness, "all defaults below", "", "the readiness probe"),
                opt("pre_stop", distribution(), 0.0, "s", "the preStop hook's duration; SIGTERM follows it"),
                opt("termination_grace_period_s", number(ge(0.0)), 30.0, "s",
                    "`terminationGracePeriodSeconds`: from the deletion (the hook included) to SIGKILL"),
                opt("min_ready_s", number(ge(0.0)), 0.0, "s", "`minReadySeconds`: Ready -> Available")},
               "pods", "how the service's pods start, become Ready and stop");
    auto strategy = object(
        {opt("type", choice({"RollingUpdate", "Recreate"}), "RollingUpdate", "",
             "\"RollingUpdate\": replace the pods a few at a time; \"Recreate\": delete every old pod, then "
             "create the new ones"),
         opt("max_surge", int_or_percent(100000), "25%", "pods",
             "RollingUpdate only: pods the rollout may create above the desired count (an integer, or a "
             "percentage rounded up)"),
         opt("max_unavailable", int_or_percent(100), "25%", "pods",
             "RollingUpdate only: desired pods that may be unavailable during the rollout (a percentage "
             "rounded down)"),
         opt("progress_deadline_s", number(gt(0.0)), 600.0, "s",
             "`progressDeadlineSeconds`: a rollout that makes no progress for this long fails")},
        "strategy", "how rollout_undo and set_image roll the service's Deployment");
    strategy->rule = "max_surge and max_unavailable not both 0; neither with \"Recreate\"";
    const auto slo = object(
        {opt("max_error_ratio", probability(), 0.01, "ratio", "errors / requests must not exceed it"),
         opt("max_p95_latency_s", number(gt(0.0)), 0.5, "s",
             "the 95th percentile latency over the SLI window must not exceed it"),
         opt("sli_window_s", number(ge(1.0)), 60.0, "s", "both SLIs are judged over this trailing window"),
         opt("stabilisation_window_s", number(ge(1.0)), 60.0, "s",
             "`restored` needs this many consecutive seconds within SLO")},
        "slo", "the service level objective");
    auto rate = tagged(
        "rate profile", "kind",
        {req("kind", choice({"constant", "steps", "diurnal"}), "", "the profile's shape")},
        {variant("constant", {req("rps", number(ge(0.0), le(1e6)), "rps", "the same rate throughout")}),
         variant(
             "steps",
             {req("rps", number(ge(0.0), le(1e6)), "rps", "the rate until the first step"),
              req("steps",
                  array(object({req("from_s", number(ge(0.0), {}, "> the previous from_s"), "s", "from when"),
                                req("rps", number(ge(0.0), le(1e6)), "rps", "the rate from then on")},
                               "rate step"),
                        true),
                  "", "each step's rate from its from_s on")}),
         variant("diurnal", {req("mean_rps", number(ge(0.0), le(1e6)), "rps", "the mean rate"),
                             req("amplitude", probability(), "",
                                 "rate(t) = mean_rps (1 + amplitude cos(2pi (t - peak_s) / period_s))"),
                             opt("period_s", number(gt(0.0)), 86400.0, "s", "the period of the cycle"),
                             opt("peak_s", number(), 0.0, "s", "when the rate peaks")})},
        "a request rate over time");
    const auto traffic = object({req("rate", rate, "rps", "the request rate"),
                                 opt("users", integer(ge(1.0), le(4294967295.0)), 10000, "users",
                                     "each request comes from one user, drawn uniformly")},
                                "traffic", "the requests a service receives from outside");
    const auto call =
        object({req("service", service_ref(), "", "the service called"),
                opt("fanout", integer(ge(1.0), le(100.0)), 1, "calls", "parallel calls per request"),
                opt("timeout_s", number(gt(0.0)), 1.0, "s", "a call slower than this fails")},
               "call", "a downstream call each request makes");
    const auto request_class = object(
        {req("name", string(true, "unique in the service"), "", "the class's name"),
         req("share", number(gt(0.0), le(1.0)), "share", "the class's share of the service's requests"),
         req("value", number(ge(0.0)), "", "the value of one failed request")},
        "request class", "a class of requests with a business value");
    auto versions =
        object({req("stable", version_node(), "", "the stable version"),
                opt("new", version_node(), Json{{"replicas", 0}}, "", "the new version (none by default)")},
               "versions", "the versions of a service");
    auto service = object(
        {req("name", name_node(), "", "unique among the services"),
         req("service_time", distribution(), "s",
             "time one replica needs to serve one request at latency_factor 1 (mean > 0)"),
         opt("max_queue", integer(ge(1.0)), 1000, "requests",
             "requests one replica holds (in service and waiting); beyond it a request is rejected"),
         req("versions", versions, "", "the stable and the new version"),
         opt("weights", weights(), Json{{"stable", 1}, {"new", 0}}, "", "the initial traffic split"),
         req("traffic", traffic, "", "the service's own traffic"),
         absent("slo", slo, "all defaults below", "", "the service level objective"),
         opt("routing", choice({"weights", "pods"}), "weights", "",
             "\"weights\": requests choose a version by the weights; \"pods\": any Ready pod of either "
             "version"),
         absent("pods", pods, "all defaults below", "", "how the pods start, become Ready and stop"),
         absent("strategy", strategy, "all defaults below", "", "how the Deployment rolls"),
         absent("request_classes", array(request_class, false, "shares add up to at most 1"), "`[]`", "",
                "classes of requests with a business value (revenue_impact)"),
         absent("calls", array(call, false, "no cycle; at most 8 services deep"), "`[]`", "",
                "downstream calls each request makes"),
         opt("zones", integer(ge(1.0), le(1000.0)), 3, "", "pod slot i runs in zone i mod zones")},
        "service", "a service, its versions and its traffic");
    return NodeRef(service);
  }();
  return node;
}

NodeRef store_node() {
  static const NodeRef node = [] {
    const auto backup = object({opt("interval_s", number(gt(0.0)), 86400.0, "s", "between full backups"),
                                opt("offset_s", number(), 0.0, "s", "when the first backup is taken")},
                               "backup", "the full backup schedule");
    const auto migration =
        object({req("kind",
                    choice({"add_nullable_column", "add_table", "add_required_column", "change_type",
                            "rename_column", "remove_column", "remove_table"}),
                    "", "the schema change the new release shipped with"),
                opt("applied_at_s", number(ge(0.0), {}, "< duration_s"), 0.0, "s", "when it was applied")},
               "migration", "the new release's schema migration");
    return NodeRef(
        object({req("name", name_node(), "", "unique among the stores"),
                req("service", service_ref(), "", "the service that writes to it"),
                opt("write_fraction", number(gt(0.0), le(1.0)), 0.1, "share",
                    "share of the service's requests that write"),
                opt("size_gb", number(gt(0.0)), 10.0, "GB", "the data's size (the restore time)"),
                opt("restore_throughput_mb_s", number(gt(0.0)), 100.0, "MB/s", "restore speed"),
                absent("backup", backup, "all defaults below", "", "the backup schedule"),
                absent("wal_archive_interval_s", nullable(number(gt(0.0))), "no WAL archive", "s",
                       "how often the write-ahead log is shipped (point-in-time recovery); null: none"),
                absent("migration", migration, "no migration", "", "the schema change of the new release")},
               "data store", "a data store (docs/data-stores.md)"));
  }();
  return node;
}

NodeRef fault_node() {
  static const NodeRef node = [] {
    const auto version = [] {
      return opt("version", choice({"stable", "new"}), "new", "", "the faulty version");
    };
    const auto node_grace = [] {
      return opt("node_monitor_grace_s", number(ge(0.0)), model::fault::NodeCrash{}.node_monitor_grace_s, "s",
                 "node-monitor-grace-period: the node turns NotReady");
    };
    const auto eviction = [] {
      return opt("eviction_timeout_s", number(ge(0.0)), model::fault::NodeCrash{}.eviction_timeout_s, "s",
                 "tolerationSeconds: the pods are evicted and replaced");
    };
    const auto edge_target = [] {
      return req("target", string(false, "a service that `service` calls"), "", "the call edge's callee");
    };
    auto duration = number(gt(0.0));
    duration->nullable = true;
    return NodeRef(tagged(
        "fault", "kind",
        {req("kind", choice_of(model::fault_kind_names()), "", "the fault's kind (docs/faults.md)"),
         req("service", service_ref(), "", "the service whose users the incident is about"),
         req("at_s", number(ge(0.0), {}, "< duration_s"), "s", "the fault's start"),
         absent("duration_s", duration, "`null`: until fixed", "s", "how long the fault lasts")},
        {variant(
             "bad_release",
             {version(),
              req("error_probability", probability(), "probability",
                  "the faulty version's error probability"),
              opt("latency_factor", number(gt(0.0)), 1.0, "factor", "the faulty version's latency factor"),
              absent("flag", string(true), "no flag", "", "the feature flag the bad code path is behind"),
              opt("fails_readiness", boolean(), false, "", "the faulty version's readiness probe fails too"),
              opt("corrupts_writes", probability(), 0.0, "probability",
                  "each write the faulty version commits is bad data with this probability")}),
         variant("bad_config",
                 {req("error_probability", probability(), "probability", "every pod's error probability"),
                  opt("latency_factor", number(gt(0.0)), 1.0, "factor", "every pod's latency factor")}),
         variant("memory_leak",
                 {version(),
                  opt("memory_limit_mb", number(gt(0.0)), model::fault::MemoryLeak{}.memory_limit_mb, "MB",
                      "the container's memory limit (OOMKilled there)"),
                  opt("memory_base_mb", number(ge(0.0), {}, "< memory_limit_mb"),
                      model::fault::MemoryLeak{}.memory_base_mb, "MB", "memory at start"),
                  opt("leak_mb_per_s", number(gt(0.0)), model::fault::MemoryLeak{}.leak_mb_per_s, "MB/s",
                      "growth rate of each container")}),
         variant("crash_loop",
                 {version(), opt("crash_after_s", number(ge(0.0)), model::fault::CrashLoop{}.crash_after_s,
                                 "s", "each container crashes this long after it is Ready")}),
         variant("node_crash", {version(),
                                opt("pods", integer(ge(1.0), le(kIntLimit), "<= the version's replicas"), 1,
                                    "pods", "pods on the crashed node"),
                                node_grace(), eviction()}),
         variant("zone_outage", {opt("zone", integer(ge(0.0), le(kIntLimit), "< the service's zones"), 0, "",
                                     "the zone that goes down"),
                                 node_grace(), eviction()}),
         variant("network_latency", {edge_target(), req("added_latency_s", number(gt(0.0)), "s",
                                                        "added to each call's latency")}),
         variant("network_loss", {edge_target(), req("loss_probability", number(gt(0.0), le(1.0)),
                                                     "probability", "each call is lost with it")}),
         variant("network_partition", {edge_target()}),
         variant("dependency_outage", {req("target", string(false, "a service or a store, not `service`"), "",
                                           "the dependency that fails"),
                                       opt("hang", boolean(), false, "",
                                           "calls hang until their timeout rather than fail at once")}),
         variant("pool_exhaustion",
                 {opt("pool_size", integer(ge(1.0)), model::fault::PoolExhaustion{}.pool_size, "connections",
                      "the connection pool's size"),
                  derived("pool_in_use", number(ge(0.0), {}, "< pool_size"), "min(5, pool_size - 1)",
                          [](const Json& fault) {
                            return Json(std::min(5.0, fault.at("pool_size").get<double>() - 1.0));
                          },
                          "connections", "connections in use when the fault starts"),
                  opt("pool_leak_per_s", number(gt(0.0)), model::fault::PoolExhaustion{}.pool_leak_per_s,
                      "connections/s", "connections leaked per second"),
                  opt("pool_timeout_s", number(ge(0.0)), model::fault::PoolExhaustion{}.pool_timeout_s, "s",
                      "a request waits this long for a connection, then fails")}),
         variant("cpu_hog",
                 {version(), opt("cpu_share", number(ge(0.0), lt(1.0)), model::fault::CpuHog{}.cpu_share,
                                 "share", "share of the CPU the hog takes")}),
         variant("traffic_spike",
                 {opt("spike_factor", number(gt(0.0)), model::fault::TrafficSpike{}.spike_factor, "factor",
                      "multiplies the service's request rate")}),
         variant("failed_migration", {}),
         variant("data_corruption",
                 {version(), req("corrupts_writes", number(gt(0.0), le(1.0)), "probability",
                                 "each write is bad data with this probability")})},
        "the fault injected (docs/faults.md)"));
  }();
  return node;
}

NodeRef alert_node() {
  static const NodeRef node = [] {
    std::vector<Field> fields{
        req("name", string(true, "unique among the signals"), "", "the alert's name"),
        req("service", service_ref(), "", "the service it watches"),
        opt("metric", choice_of(model::alert_metric_names()), "error_ratio", "", "what it measures")};
    auto alert = object({}, "alert", "a Prometheus alerting rule (docs/detection.md)");
    add_duration(fields, alert->not_both, "window", 300.0, gt(0.0), {}, "the rate window");
    auto threshold = any_of({number(ge(0.0)), string()});
    threshold->rule =
        "by metric: a ratio in [0, 1] or \"5%\"; seconds > 0 or \"200ms\" for latency_p95; a count >= 0";
    fields.push_back(req("threshold", threshold, "", "the alert fires above it"));
    add_duration(fields, alert->not_both, "for", 0.0, ge(0.0), {}, "pending time before firing");
    add_duration(fields, alert->not_both, "keep_firing_for", 0.0, ge(0.0), {}, "firing time after it clears");
    add_duration(fields, alert->not_both, "evaluation_interval", 60.0, ge(1.0), {}, "between evaluations");
    fields.push_back(opt("evaluation_offset_s", number(ge(0.0), {}, "< evaluation_interval_s"), 0.0, "s",
                         "the first evaluation"));
    fields.push_back(opt("scrape_interval_s", integer(ge(1.0)), 60, "s", "between scrapes"));
    fields.push_back(opt("scrape_offset_s", integer(ge(0.0), le(kIntLimit), "< scrape_interval_s"), 0, "s",
                         "the first scrape"));
    alert->fields = std::move(fields);
    return NodeRef(alert);
  }();
  return node;
}

NodeRef responder_node() {
  static const NodeRef node =
      object({opt("name", string(true), "on-call", "", "the first tier paged"),
              absent("group_wait_s", number(ge(0.0)), "`alertmanager.group_wait`", "s",
                     "Alertmanager's group_wait (its older place; not both)"),
              req("ack", distribution(), "s", "page -> acknowledgement"),
              req("assess", distribution(), "s", "acknowledgement -> decision"),
              opt("escalate_after_s", number(gt(0.0)), 900.0, "s",
                  "unacknowledged this long -> the next tier is paged"),
              absent("escalation",
                     array(object({req("name", string(true), "", "the tier's name"),
                                   req("ack", distribution(), "s", "page -> acknowledgement")},
                                  "escalation tier")),
                     "`[]`", "", "the tiers after `name`, in order")},
             "responder", "the people paged and how fast they act");
  return node;
}

NodeRef detection_nodes(const std::string& which) {
  if (which == "probe") {
    static const NodeRef probe =
        object({req("name", string(true, "unique among the signals"), "", "the probe's name"),
                req("service", service_ref(), "", "the service probed"),
                opt("period_s", number(gt(0.0)), 10.0, "s", "between probes"),
                opt("offset_s", number(ge(0.0)), 0.0, "s", "the first probe"),
                opt("timeout_s", number(gt(0.0)), 1.0, "s", "a slower answer fails"),
                opt("failure_threshold", integer(ge(1.0)), 3, "probes", "failures in a row that raise it")},
               "probe", "a health check");
    return probe;
  }
  if (which == "smoke_test") {
    static const NodeRef test =
        object({req("name", string(true, "unique among the signals"), "", "the test's name"),
                req("flow", array(service_ref(), true), "", "the services the flow goes through"),
                opt("period_s", number(gt(0.0)), 300.0, "s", "between runs"),
                opt("offset_s", number(ge(0.0)), 0.0, "s", "the first run"),
                opt("timeout_s", number(gt(0.0)), 5.0, "s", "a slower step fails"),
                opt("failure_threshold", integer(ge(1.0)), 1, "runs", "failed runs in a row that raise it")},
               "smoke test", "a synthetic test of a flow");
    return test;
  }
  if (which == "complaints") {
    static const NodeRef complaints =
        object({opt("name", string(true), model::ComplaintsSpec{}.name, "", "the signal's name"),
                opt("delay", distribution(), 900.0, "s", "the first failed request -> the first complaint"),
                opt("min_failed_requests", integer(ge(0.0), le(9.2233720368547758e18)), 1, "requests",
                    "failed requests before anyone complains")},
               "complaints", "customers' complaints");
    return complaints;
  }
  if (which == "integrity_check") {
    static const NodeRef check =
        object({req("name", string(true, "unique among the signals"), "", "the check's name"),
                req("store", string(false, "the name of a store in `stores`"), "", "the store checked"),
                opt("period_s", number(gt(0.0)), 3600.0, "s", "between checks"),
                opt("offset_s", number(ge(0.0)), 0.0, "s", "the first check")},
               "integrity check", "a data integrity check of a store");
    return check;
  }
  if (which == "alertmanager") {
    static const NodeRef am = [] {
      std::vector<Field> fields;
      auto node = object({}, "alertmanager", "Alertmanager's grouping, or the team's alertmanager.yml");
      const model::AlertmanagerSpec defaults;
      add_duration(fields, node->not_both, "group_wait", defaults.group_wait_s, ge(0.0), {},
                   "first alert of a group -> its notification");
      add_duration(fields, node->not_both, "group_interval", defaults.group_interval_s, gt(0.0), {},
                   "between notifications of a changed group");
      add_duration(fields, node->not_both, "repeat_interval", defaults.repeat_interval_s, gt(0.0), {},
                   "between notifications of an unchanged group");
      fields.push_back(absent("config", string(true, "a relative path inside the scenario's directory"),
                              "no config", "", "the team's alertmanager.yml (then no interval keys)"));
      fields.push_back(absent("receivers", map(nullable(string(true))), "none", "",
                              "receiver name -> the responder tier it pages, or null (needs `config`)"));
      node->fields = std::move(fields);
      return NodeRef(node);
    }();
    return am;
  }
  // "detection": the team's rule files.
  static const NodeRef detection = [] {
    std::vector<Field> fields;
    auto node = object({}, "detection", "the team's Prometheus rule files over the engine's series");
    fields.push_back(req("rule_files",
                         array(string(true, "a relative path inside the scenario's directory"), true), "",
                         "the rule files"));
    fields.push_back(
        absent("metric_names",
               map(string(true, "a Prometheus name"),
                   {"http_requests_total", "http_request_duration_seconds", "up",
                    "kube_deployment_status_replicas_available", "kube_pod_container_status_restarts_total",
                    "kube_pod_container_status_waiting_reason", "container_memory_working_set_bytes"}),
               "drillsim's names", "", "drillsim's metric name -> the team's"));
    fields.push_back(absent(
        "label_names",
        map(string(true, "a Prometheus name"), {"service", "version", "code", "instance", "job", "le",
                                                "namespace", "deployment", "pod", "container", "reason"}),
        "drillsim's names", "", "drillsim's label name -> the team's"));
    add_duration(fields, node->not_both, "scrape_interval", 60.0, ge(1.0), le(3600.0), "between scrapes");
    fields.push_back(opt("scrape_offset_s", number(ge(0.0), {}, "whole, < the scrape interval"), 0.0, "s",
                         "the first scrape"));
    add_duration(fields, node->not_both, "evaluation_interval", 60.0, ge(1.0), le(86400.0),
                 "between rule evaluations");
    fields.push_back(opt("evaluation_offset_s", number(ge(0.0), {}, "< the evaluation interval"), 0.0, "s",
                         "the first evaluation"));
    fields.push_back(absent(
        "histogram_buckets",
        map(array(number({}, {}, "one of the engine's bounds, increasing"), true), {}, "keys: service names"),
        "every bound", "s", "service -> its histogram's bucket bounds"));
    node->fields = std::move(fields);
    return NodeRef(node);
  }();
  return detection;
}

NodeRef decision_node() {
  static const NodeRef node = [] {
    const auto target = string(false, "a level of the plan, or \"fix_forward\"");
    const auto rule = object(
        {req("name", string(true), "", "the rule's name"),
         req("then", target, "", "the level it picks, or \"fix_forward\""),
         absent("service", service_ref(), "the incident's", "", "the service the conditions look at"),
         absent("error_ratio_above", probability(), "no condition", "ratio", "holds above this error ratio"),
         absent("error_ratio_at_most", probability(), "no condition", "ratio",
                "holds at most at this error ratio"),
         absent("users_affected_share_above", probability(), "no condition", "share",
                "holds above this share"),
         absent("users_affected_share_at_most", probability(), "no condition", "share",
                "holds at most at this share"),
         absent("data_corrupted", boolean(), "no condition", "", "holds when data is (or is not) corrupted"),
         absent("fix_forward_above_s", number(ge(0.0)), "no condition", "s", "holds when a fix takes longer"),
         absent("fix_forward_at_most_s", number(ge(0.0)), "no condition", "s",
                "holds when a fix takes at most this"),
         absent("signal", string(true, "the name of a signal"), "no condition", "",
                "holds when this signal fired"),
         opt("window_s", number(gt(0.0)), 300.0, "s", "the window the ratios are measured over")},
        "decision rule", "a rule: when its conditions hold, `then`");
    return NodeRef(
        object({req("rules", array(rule), "", "the rules, first match wins"),
                absent("otherwise", target, "the plan's first level (or \"fix_forward\" with no plan)", "",
                       "when no rule matches"),
                opt("fix_forward", distribution(), 1800.0, "s", "how long fixing forward takes")},
               "decision", "rules that pick a plan level or fix-forward (docs/detection.md)"));
  }();
  return node;
}

// --- The plan.

NodeRef step_node() {
  static const NodeRef node = [] {
    const auto service = [] { return req("service", service_ref(), "", "the service acted on"); };
    const auto wait_ready = [] {
      return opt("wait_ready", boolean(), true, "", "the step ends when the pods are Ready");
    };
    const auto rollout = [](const char* to) {
      return std::vector<Field>{
          req("service", service_ref(), "", "the service rolled"),
          opt("to", choice({"stable", "new"}), to, "", "the version rolled to"),
          absent("replicas", integer(ge(1.0)), "both versions' pods", "replicas",
                 "desired pods of the version rolled to"),
          opt("wait_ready", boolean(), true, "", "the step ends when the rollout is complete")};
    };
    const auto timed = [](const char* tag) {
      return variant(tag, {req("duration", distribution(), "s", "how long the step takes")});
    };
    auto automated_tool = opt("automated", boolean(), true, "", "a tool does the step");
    std::vector<Variant> variants{
        variant("shift_traffic", {service(), req("weights", weights(), "", "the new split")}),
        variant("scale",
                {service(), req("version", choice({"stable", "new"}), "", "the version scaled"),
                 req("replicas", integer(ge(0.0)), "replicas", "its new replica count"), wait_ready()}),
        timed("wait"),
        variant("verify", {service(), opt("window_s", number(gt(0.0)), 60.0, "s",
                                          "within SLO over this trailing window -> pass")}),
        variant("rollout_undo", rollout("stable")),
        variant("set_image", rollout("new")),
        timed("manual"),
        variant("notify", {}),
        variant("db_restore",
                {req("store", string(false, "the name of a store in `stores`"), "", "the store restored"),
                 opt("point_in_time", boolean(), false, "", "replay the WAL archive up to the target"),
                 opt("target", choice({"before_fault", "latest"}), "before_fault", "", "the restore point")}),
        variant("db_migrate_down", {req("store", string(false, "a store with a `migration`"), "",
                                        "the store whose migration is reverted")}),
        variant("maintenance_mode", {service(), opt("on", boolean(), true, "", "turn the page on (or off)")}),
        variant("disable_flag",
                {req("flag", string(true, "the fault's `flag`"), "", "the feature flag turned off"),
                 opt("propagation", distribution(), 30.0, "s", "until every instance sees it")}),
        variant("pipeline_redeploy",
                [&] {
                  auto fields = rollout("stable");
                  fields.push_back(automated_tool);
                  return fields;
                }()),
        variant("infra_rollback", {automated_tool}),
        variant("status_page", {}),
        variant(
            "restore_config",
            {service(), opt("restart", boolean(), true, "", "restart the pods (else reload)"), wait_ready()}),
        variant("rollout_pause", {service()}),
        variant("rollout_resume", {service()}),
        variant("scale_deployment",
                {service(), req("replicas", integer(ge(0.0)), "replicas", "the Deployment's replicas"),
                 wait_ready()})};
    // The variants must follow model::step_action_names(), the loader's list.
    const auto& names = model::step_action_names();
    if (names.size() != variants.size()) throw std::logic_error("schema: step actions out of date");
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (variants[i].tag != names[i]) throw std::logic_error("schema: step actions out of order");
    }
    return NodeRef(tagged(
        "step", "action",
        {req("name", string(true, "unique in the plan"), "", "the step's name"),
         req("action", choice_of(names), "", "what the step does (the actions below)"),
         absent("duration", distribution(), "`0` (required for wait and manual)", "s",
                "how long one attempt takes before the step acts"),
         // `false`, but for the actions whose own fields say `true` (automated_tool above); the text says
         // which, for the docs (tests/schema/description_test.cpp checks that they agree).
         [] {
           Field f = opt("automated", boolean(), false, "", "a tool does the step, not a human");
           f.default_text = "`true` for pipeline_redeploy and infra_rollback, else `false`";
           return f;
         }(),
         opt("failure_probability", probability(), 0.0, "probability", "each attempt fails with it"),
         opt("retries", integer(ge(0.0)), 0, "attempts", "further attempts after a failed one"),
         opt("on_failure", choice({"abort", "continue", "escalate", "block"}), "abort", "",
             "what follows a step that failed every attempt"),
         absent("escalate_to", string(true, "a level of the plan; only with on_failure \"escalate\""),
                "the next level", "", "the level escalated to"),
         absent("group", string(true, "consecutive steps"), "the step runs alone", "",
                "consecutive steps of a group run in parallel"),
         absent("requires", array(string(true, "a step of the plan that comes before")), "`[]`", "",
                "steps that must have completed before this one"),
         absent("source",
                object({req("line", integer(ge(1.0)), "line", "first line"),
                        derived("end_line", integer(ge(1.0), le(kIntLimit), ">= line"), "`line`",
                                [](const Json& source) { return source.at("line"); }, "line", "last line")},
                       "source"),
                "absent", "lines", "informational: the runbook lines the step was imported from"),
         absent("assumed", array(string(true)), "`[]`", "",
                "informational: the keys the importer assumed rather than read"),
         absent("when", string(true), "the step always runs", "",
                "runs only if the scenario's `conditions` list this text")},
        std::move(variants), "one step of a plan (docs/plan-format.md)"));
  }();
  return node;
}

NodeRef plan_node() {
  static const NodeRef node = [] {
    const auto level = object(
        {req("name", string(true, "unique in the plan"), "", "the level's name"),
         absent("claim_s", number(gt(0.0)), "no claim", "s", "the runbook's own time budget for the level"),
         req("steps", array(step_node(), true), "", "the level's steps")},
        "level", "a level of a plan: a rollback option with its own steps");
    auto plan = object(
        {req("name", string(true), "", "the plan's name"),
         absent("steps", array(step_node(), true), "one of steps and levels", "",
                "the steps of a plan with one level"),
         absent("levels", array(level, true), "one of steps and levels", "", "the levels, tried in order")},
        "plan", "a rollback plan (docs/plan-format.md)");
    plan->one_of_required = {{"steps"}, {"levels"}};
    return NodeRef(plan);
  }();
  return node;
}

// The key that associates a schema with a file for editors; the loader ignores it.
Field schema_key() {
  return absent("$schema", string(), "absent", "",
                "the URI of this format's JSON Schema, for editors; drillsim ignores it");
}

NodeRef scenario_root() {
  static const NodeRef node = [] {
    auto plan_or_file =
        any_of({plan_node(), string(true, "a relative path inside the scenario's directory")});
    auto root = object(
        {schema_key(),
         req("name", string(true), "", "the scenario's name"),
         opt("description", string(), "", "", "what the drill is about"),
         req("duration_s", number(gt(0.0), le(2592000.0)), "s", "the simulated time span (at most 30 days)"),
         opt("seed", integer(ge(0.0), le(18446744073709551615.0)), 1, "",
             "the same seed gives the same report"),
         req("services", array(service_node(), true, "names unique; at most 100"), "", "the services"),
         absent("stores", array(store_node(), false, "names unique"), "`[]`", "", "the data stores"),
         absent("deployments",
                array(object({req("service", service_ref(), "", "the service"),
                              req("at_s", number(ge(0.0), {}, "< duration_s"), "s", "when"),
                              req("weights", weights(), "", "the new split")},
                             "deployment", "a traffic shift at a time")),
                "`[]`", "", "traffic shifts at given times"),
         absent("fault", fault_node(), "no fault", "", "the fault injected"),
         absent("alert", alert_node(), "absent", "", "one alert rule (not with `alerts`)"),
         absent("alerts", array(alert_node()), "`[]`", "", "the alerting rules"),
         absent("probes", array(detection_nodes("probe")), "`[]`", "", "health checks"),
         absent("smoke_tests", array(detection_nodes("smoke_test")), "`[]`", "", "synthetic tests of a flow"),
         absent("complaints", detection_nodes("complaints"), "customers never complain", "",
                "customers' complaints"),
         absent("integrity_checks", array(detection_nodes("integrity_check")), "`[]`", "",
                "data integrity checks"),
         absent("detection", detection_nodes("detection"), "none", "", "the team's Prometheus rule files"),
         absent("alertmanager", detection_nodes("alertmanager"), "Alertmanager's defaults", "",
                "Alertmanager's intervals, or the team's config"),
         absent("responder", responder_node(), "no responder", "", "who is paged"),
         absent("decision", decision_node(), "the plan starts at its first level", "",
                "rules that pick a plan level or fix-forward"),
         absent("plan", plan_or_file, "no rollback plan", "",
                "the rollback plan, or a plan file's name beside the scenario"),
         absent("conditions", array(string(true)), "`[]`", "",
                "the plan's `when` texts that hold in this scenario"),
         absent("objectives",
                array(object({req("service", service_ref(), "", "the service; one objective per service"),
                              req("rto_s", number(gt(0.0)), "s", "recovery time objective"),
                              req("rpo_s", number(ge(0.0)), "s", "recovery point objective")},
                             "objective", "a recovery objective")),
                "`[]`", "", "recovery objectives"),
         absent("flags", array(string(true), false, "names unique"), "`[]`", "",
                "feature flags besides the one `fault.flag` names: a `disable_flag` step may turn one off"),
         absent("assumptions", array(string(true)), "`[]`", "",
                "what the scenario invented rather than took from the system")},
        "scenario", "a drill scenario (docs/scenario-format.md)");
    root->not_both.emplace_back("alert", "alerts");
    return NodeRef(root);
  }();
  return node;
}

NodeRef plan_root() {
  static const NodeRef node = [] {
    auto root = std::make_shared<Node>(*plan_node());
    root->fields.insert(root->fields.begin(), schema_key());
    return NodeRef(root);
  }();
  return node;
}

// --- The report (report/report_json.cpp writes it, report_from_json reads it back). Readers of a report
// skip keys they do not know, so its objects are open: a newer report still validates. Every key the
// writer puts is described here (tests/schema/validate_reports.py closes the objects and checks that).

std::shared_ptr<Node> open(std::shared_ptr<Node> node) {
  node->closed = false;
  return node;
}

// A key the writer always writes (and the reader requires); `null_when` is "" when it is never null.
Field out(std::string key, NodeRef node, std::string unit, std::string doc, std::string null_when = {}) {
  Field f = req(std::move(key), std::move(node), std::move(unit), std::move(doc));
  f.null_when = std::move(null_when);
  return f;
}
// A key the reader does not require: `absent` says when it is left out.
Field out_absent(std::string key, NodeRef node, std::string absent_when, std::string unit, std::string doc,
                 std::string null_when = {}) {
  Field f = absent(std::move(key), std::move(node), std::move(absent_when), std::move(unit), std::move(doc));
  f.null_when = std::move(null_when);
  return f;
}

std::shared_ptr<Node> seconds() {
  return number();
}
std::shared_ptr<Node> seconds_or_null() {
  return nullable(number());
}
std::shared_ptr<Node> count() {
  return integer(ge(0.0), {});
}

// Doc and null-when of each instant of the timeline (model/timeline.hpp). A switch without a default, so
// an instant added to the model without a line here is a compiler warning (the build is warning-free).
std::pair<const char*, const char*> instant_text(model::Instant instant) {
  using model::Instant;
  switch (instant) {
    case Instant::Onset:
      return {"when the fault first affected the service: the first request it made fail, a request it slowed "
              "past the SLO's latency bound, a pod holding requests dying, a corrupted write, a check's "
              "request it failed, or a container it killed (docs/faults.md)",
              "the fault never affected the service"};
    case Instant::Detect:
      return {"the first detection signal fired (alert pending -> firing)", "nothing fired before the end"};
    case Instant::Page:
      return {"the responder was paged: Alertmanager's first notification (`group_wait` after the group's "
              "first alert), or customer complaints",
              "no page was sent"};
    case Instant::Ack:
      return {"the responder acknowledged the page", "no acknowledgement"};
    case Instant::Decide:
      return {"the rollback decision was taken", "no decision"};
    case Instant::RollbackStart:
      return {"the first rollback step started", "the plan never started"};
    case Instant::RollbackEnd:
      return {"the last rollback step ended", "the plan did not finish"};
    case Instant::Restored:
      return {"a whole second from which the service stayed within SLO for the stabilisation window "
              "(docs/metrics.md)",
              "no onset, the SLO was never breached, or not restored before the drill ended"};
    case Instant::Verified:
      return {"the verification steps passed", "no verification passed"};
  }
  return {"", ""};
}

NodeRef instants_node() {
  std::vector<Field> fields;
  for (const auto instant : model::kInstants) {
    const auto [doc, null_when] = instant_text(instant);
    fields.push_back(out(model::to_string(instant), seconds_or_null(), "s", doc, null_when));
  }
  return open(object(std::move(fields), "instants", "the incident's instants, in simulated seconds"));
}

// The seven per-sample arrays of a series and of a detail window, all of one length.
std::vector<Field> sample_arrays() {
  return {
      out("requests", array(count()), "requests", "requests completed in the sample (served or failed)"),
      out("errors", array(count()), "requests", "of which failed (5xx, or rejected by a full queue)"),
      out("slow", array(count()), "requests",
          "of all, those slower than the service's `slo.max_p95_latency_s` (with `requests` and `errors`, "
          "enough to judge the SLO over any window)"),
      out("p50_s", array(seconds_or_null()), "s",
          "median latency of the sample's requests (nearest rank); per minute: the worst second's",
          "an element is null when the sample had no request"),
      out("p95_s", array(seconds_or_null()), "s", "95th percentile latency", "as `p50_s`"),
      out("p99_s", array(seconds_or_null()), "s", "99th percentile latency", "as `p50_s`"),
      out("ready", array(count()), "replicas",
          "Ready replicas at the start of the second; per minute: the fewest at the start of any of its seconds"),
  };
}

NodeRef report_root() {
  static const NodeRef node = [] {
    const auto metrics = open(object(
        {out("time_to_detect_s", seconds_or_null(), "s", "detect - onset", "onset or detect is null"),
         out("time_to_decide_s", seconds_or_null(), "s", "decide - detect", "onset, detect or decide is null"),
         out("time_to_rollback_s", seconds_or_null(), "s", "rollback_end - rollback_start",
             "onset, rollback_start or rollback_end is null"),
         out("time_to_restore_s", seconds_or_null(), "s", "restored - onset; held against the RTO",
             "onset or restored is null"),
         out("downtime_s", number(ge(0.0)), "s",
             "seconds out of SLO from the onset's second until restored (or the end of the drill); 0 without "
             "onset"),
         out("requests_failed", count(), "requests",
             "failed requests of the service with onset <= completion time < restored (or until the end)"),
         out("users_affected", count(), "users", "distinct users among those failed requests"),
         out("revenue_impact", number(ge(0.0)), "currency",
             "sum of the `value` of the request class of each of those failed requests (0 in no class)"),
         out("slo_breached", boolean(), "", "whether the service left its SLO from the onset's second on")},
        "incident metrics", "an incident's metrics (docs/metrics.md)"));
    const auto escalation =
        open(object({out("responder", string(), "", "the tier paged"), out("t_s", seconds(), "s", "when")},
                    "escalation", "a tier of the escalation path paged because nobody had acknowledged"));
    const auto decision = nullable(open(object(
        {out("rule", string(), "",
             "the decision rule that held (`\"otherwise\"` when none did; `\"\"` when the scenario has no "
             "`decision`)"),
         out("action", string(), "", "a plan level's name or `\"fix_forward\"`"),
         out("reason", string(), "", "the conditions with the values they were checked against")},
        "decision taken", "the decision taken for an incident")));
    const auto incident = open(object(
        {out("service", string(), "", "the service the fault hit"),
         out("fault", string(), "", "the fault's kind, e.g. `\"bad_release\"`"),
         out("fault_start_s", seconds(), "s", "when the fault was injected"),
         out("detect_signal", string(), "",
             "the detection signal that fired first and concerns the incident; `\"\"` if none fired"),
         out("instants", instants_node(), "", "the incident's instants"),
         out("metrics", metrics, "", "the incident's metrics"),
         out("notifications_s", array(seconds()), "s",
             "every Alertmanager notification of the incident's group, in time order: the first is the page "
             "(unless complaints paged first), later ones are changes and repeats (may be empty)"),
         out("escalations", array(escalation), "", "each escalation, in time order (may be empty)"),
         out("acked_by", string(), "", "who acknowledged the page; `\"\"` if nobody did"),
         out("decision", decision, "", "the decision taken", "no decision was taken")},
        "incident", "one injected fault and what followed"));
    const auto objective = open(object(
        {out("service", string(), "", "the service the objective is for"),
         out("rto_s", number(), "s", "its recovery time objective"),
         out("rpo_s", number(), "s", "its recovery point objective"),
         out("time_to_restore_s", seconds_or_null(), "s", "the time to restore of the incident on this service",
             "no incident on this service, no onset, or not restored"),
         out("data_loss_window_s", number(ge(0.0)), "s",
             "the largest `loss_window_s` over the service's data stores; 0 when none lost a write"),
         out_absent("corrupted_remaining", count(), "in reports older than the key (read as 0)", "writes",
                    "corrupted writes still in the service's stores when the drill ended"),
         out("rto_met", boolean(), "",
             "met with no incident (or no onset) on the service, no SLO breach, or `time_to_restore_s <= rto_s`"),
         out("rpo_met", boolean(), "", "`data_loss_window_s <= rpo_s` and `corrupted_remaining` is 0"),
         out("reason", string(), "", "why, in words: `restored in 642 s <= RTO 900 s`, `restored in 1000 s > RTO 900 s`, `not restored "
             "before the drill ended`, `stayed within SLO`, `no incident on this service`, `no onset: ...`; a missed "
             "RPO appends `; data loss window X s > RPO Y s`")},
        "objective verdict", "the verdict on one recovery objective"));
    const auto source = open(object({out("line", integer(ge(1.0), {}), "line", "first line"),
                                     out("end_line", integer(ge(1.0), {}), "line", "last line")},
                                    "step source", "the runbook lines a step was imported from"));
    const auto step = open(object(
        {out("name", string(), "", "the step's name"),
         out("action", string(), "", "its action (docs/plan-format.md)"),
         out("level", string(), "", "the level it belongs to; `\"\"` in a plan written with `steps`"),
         out("start_s", seconds_or_null(), "s", "when its first attempt started", "the step did not start"),
         out("end_s", seconds_or_null(), "s",
             "when it ended (after its last attempt, and after the pods it waits for are Ready)",
             "the step did not end"),
         out("status", choice({"completed", "failed", "not_run", "interrupted"}), "",
             "`\"interrupted\"`: the drill ended during it"),
         out("attempts", count(), "attempts", "1 + the retries used; 0 for a step that did not run"),
         out("detail", string(), "", "what the step did or why it failed; may be `\"\"`"),
         out_absent("source", source, "when the plan step has no `source`", "", "the plan step's `source`")},
        "step result", "one step of the plan, as it ran"));
    const auto level = open(object(
        {out("name", string(), "", "the level's name"),
         out("claim_s", seconds_or_null(), "s", "the runbook's budget for the level", "the plan gives none"),
         out("start_s", seconds_or_null(), "s", "when the level's first step started",
             "the level was never entered"),
         out("end_s", seconds_or_null(), "s", "when the level was left: its steps done, a step failed, or it "
             "escalated",
             "not entered, or the drill ended in it"),
         out("elapsed_s", seconds_or_null(), "s", "`end_s - start_s`", "either is null"),
         out("claim_met", nullable(boolean()), "",
             "`true` only for a level that `completed` within its claim (`elapsed_s <= claim_s`); `false` for one "
             "that completed late, `failed` or `escalated`, or was interrupted by the drill's end after its claim ran "
             "out (judged once, by `metrics::judge_level_claim` in `build_report`; readers take it as written)",
             "no claim, never entered, or interrupted within its claim"),
         out("outcome", choice({"completed", "escalated", "failed", "interrupted", "not_run"}), "",
             "`\"interrupted\"`: the drill ended in it")},
        "level result", "one level of the plan, as it ran"));
    const auto plan = open(object(
        {out("name", string(), "", "the plan's name; `\"\"` when the scenario has no plan"),
         out("exit_state", choice({"completed", "partial", "aborted", "blocked", "not_started", "unfinished"}), "",
             "`\"completed\"`: the level it ended in ran every step and passed; `\"partial\"`: it ran to the end, but "
             "a step with `on_failure: \"continue\"` failed; `\"aborted\"`: a failed step stopped it, or an "
             "escalation had no level to go to; `\"blocked\"`: a failed step with `on_failure: \"block\"` stopped "
             "it; `\"not_started\"`: no rollback decision in the simulated time, or no plan; `\"unfinished\"`: the "
             "drill ended mid-plan"),
         out("reason", string(), "", "why the plan ended in that state"),
         out("steps", array(step), "",
             "the steps in the order they ran, then those that never ran in plan order; empty without a plan"),
         out("levels", array(level), "",
             "one per level of the plan, in plan order (a plan written with `steps` has one level `\"\"`)")},
        "plan result", "the rollback plan's outcome; present even when the scenario has no plan"));
    const auto store = open(object(
        {out("store", string(), "", "the store"), out("service", string(), "", "the service that writes to it"),
         out("writes_committed", count(), "writes", "every write committed during the drill, lost later or not"),
         out("writes_lost", count(), "writes",
             "committed writes that no longer exist: after a restore point, or dropped by a down-migration"),
         out("loss_start_s", seconds_or_null(), "s",
             "start of the loss window: a restore's point, or the first lost write of a down-migration",
             "nothing was lost"),
         out("loss_end_s", seconds_or_null(), "s",
             "end of the loss window: the restore's start, or the last lost write of a down-migration",
             "nothing was lost"),
         out("loss_window_s", number(ge(0.0)), "s", "`loss_end_s - loss_start_s`; 0 when nothing was lost"),
         out("restores_s", array(seconds()), "s", "when each restore started (may be empty)"),
         out("writes_corrupted", count(), "writes", "writes the faulty version committed with bad data"),
         out("corrupted_remaining", count(), "writes", "of those, still in the store at the end of the drill"),
         out("rpo_s", seconds_or_null(), "s", "the RPO of the store's service", "no objective names the service"),
         out("rpo_met", nullable(boolean()), "", "`loss_window_s <= rpo_s` and `corrupted_remaining` is 0",
             "no objective names the service")},
        "store result", "one data store's writes and losses (docs/data-stores.md)"));
    const auto latency = open(object(
        {out("mean_s", seconds_or_null(), "s", "the mean latency of every request the series counts",
             "no request"),
         out("p50_s", seconds_or_null(), "s", "nearest rank over all of them", "no request"),
         out("p95_s", seconds_or_null(), "s", "95th percentile over all of them", "no request"),
         out("p99_s", seconds_or_null(), "s", "99th percentile over all of them", "no request")},
        "whole-drill latency", "latency over the whole drill, not an average of the per-second percentiles"));
    std::vector<Field> window_fields{out("t0_s", count(), "s", "the window's first second")};
    for (auto& f : sample_arrays())
      window_fields.push_back(std::move(f));
    const auto window = open(object(std::move(window_fields), "detail window",
                                    "per-second samples from t0_s on (schema version 2)"));
    std::vector<Field> series_fields{
        out("service", string(), "", "the service"),
        out("version", choice({"stable", "new", "all"}), "",
            "`\"all\"`: both versions together; the SLO is judged on this one"),
        out("t0_s", integer(ge(0.0), le(0.0)), "s", "start of the first sample: always 0"),
        out("step_s", integer(ge(1.0), le(60.0), "1 in schema version 1, 60 in version 2"), "s",
            "length of a sample")};
    for (auto& f : sample_arrays())
      series_fields.push_back(std::move(f));
    series_fields.push_back(out_absent("latency", latency, "in reports older than the key (read as all null)",
                                       "", "latency over the whole drill"));
    series_fields.push_back(out_absent("detail", array(window), "in schema version 1", "",
                                       "full-resolution windows around the incident (one, or none without "
                                       "an incident)"));
    const auto series = open(object(std::move(series_fields), "series",
                                    "the samples of one service and one version (docs/report-format.md)"));
    const auto state =
        open(object({out("state", choice({"pending", "firing", "resolved", "inactive"}), "",
                         "the state entered at an evaluation: `\"pending\"` (the condition holds, `for` not yet over), "
                         "`\"firing\"`, `\"resolved\"` (a firing alert ended), `\"inactive\"` (a pending alert's "
                         "condition stopped holding before `for` was over)"),
                     out("t_s", seconds(), "s", "when")},
                    "alert state", "a change of an alert's state"));
    const auto alert = open(object(
        {out("labels", map(string()), "", "the alert's labels, without `alertname`"),
         out("states", array(state), "", "each change, in time order")},
        "alert instance", "one alert of a rule file's alert name: one label set"));
    const auto rule_used = open(object(
        {out("expression", string(), "",
             "the quantity compared, in PromQL (a rule file's whole condition when it is not "
             "`quantity op number`)"),
         out("comparison", choice({">", ">=", "<", "<=", "==", "!=", ""}), "",
             "the condition is *value* `comparison` `threshold`; `\"\"` with no threshold"),
         out("threshold", nullable(number()), "as the value", "the number the value is compared with",
             "a rule file's condition is not `quantity op number`"),
         out("window_s", nullable(number(gt(0.0))), "s", "the range of its `rate()` / `increase()`",
             "the expression has none"),
         out("for_s", number(ge(0.0)), "s", "pending this long before firing"),
         out("keep_firing_for_s", number(ge(0.0)), "s", "firing this long after the condition clears"),
         out("evaluation_interval_s", number(gt(0.0)), "s", "between evaluations"),
         out("evaluation_offset_s", number(ge(0.0)), "s", "the first evaluation"),
         out("scrape_interval_s", number(gt(0.0)), "s", "between scrapes"),
         out("scrape_offset_s", number(ge(0.0)), "s", "the first scrape")},
        "alert rule used", "an alert's rule with its effective settings"));
    const auto values = open(object(
        {out("labels", map(string()), "", "the compared series' labels, without `__name__`"),
         out("t_s", array(seconds()), "s",
             "evaluations: the first, then each whose value differs from the previous point's"),
         out("value", array(nullable(number())), "as the value",
             "the value at each of `t_s`, holding until the next point",
             "no value (no result, or NaN): the condition is false")},
        "alert values", "the compared quantity of one label set, as a step function"));
    const auto signal = open(object(
        {out("name", string(), "", "the signal's name in the scenario"),
         out("kind",
             choice({"alert_rule", "probe", "smoke_test", "complaints", "integrity_check", "rule_file_alert"}),
             "", "`\"rule_file_alert\"`: an alert name of the scenario's rule files"),
         out("service", string(), "", "the service it watches"),
         out("metric", string(), "", "an alert rule's metric (`\"error_ratio\"`, ...); `\"\"` for the other kinds"),
         out("threshold", nullable(number()), "ratio, s or count", "an alert rule's threshold: a ratio, seconds for `latency_p95`, a count for `oom_kills` and `restarts`",
             "not an alert rule"),
         out("fired_s", seconds_or_null(), "s", "when it first fired, a false alarm before the fault included",
             "it never fired"),
         out_absent("alerts", array(alert), "for kinds other than `\"alert_rule\"` and `\"rule_file_alert\"`", "",
                    "each alert of that name, one per label set (an alert rule: one, without labels)"),
         out_absent("rule", rule_used, "for kinds other than `\"alert_rule\"` and `\"rule_file_alert\"`", "",
                    "the rule as its evaluator ran it, every default applied"),
         out_absent("values", array(values), "as `rule`", "",
                    "the compared quantity at the evaluations, one series per label set"),
         out_absent("values_truncated", boolean(), "as `rule`", "",
                    "a series reached 20000 points or a label set beyond the 50th came: the rest is not "
                    "recorded")},
        "signal", "one detection signal (docs/detection.md)"));
    const auto scenario = open(object(
        {out("name", string(), "", "the scenario's `name`"),
         out("description", string(), "", "the scenario's `description` (`\"\"` if it had none)"),
         out("file", string(), "", "the scenario file as given on the command line"),
         out("duration_s", number(gt(0.0)), "s", "the simulated length of the drill"),
         out_absent("assumptions", array(string()), "when the scenario has none", "",
                    "the scenario's `assumptions`: what it invented rather than took from the system")},
        "report scenario", "the scenario the drill ran"));
    return NodeRef(open(object(
        {out("schema_version", integer(ge(1.0), le(2.0)), "",
             "1: up to 6 simulated hours, per-second series; 2: longer, per-minute series with per-second "
             "windows"),
         out("generator", string(), "", "the program that wrote the report, `\"drillsim <version>\"`"),
         out("scenario", scenario, "", "the scenario run"),
         out("seed", integer(ge(0.0), le(18446744073709551615.0)), "",
             "the random seed of the run; rerunning with it reproduces the report"),
         out("requests_simulated", count(), "requests", "every request the drill simulated"),
         out("incidents", array(incident), "", "one per injected fault; empty without a fault"),
         out("objectives", array(objective), "", "one verdict per objective, in the scenario's order"),
         out("plan", plan, "", "the rollback plan's outcome"),
         out("data", array(store), "", "one per data store, in the scenario's order"),
         out("series", array(series), "", "per service in scenario order: `stable`, `new`, `all`"),
         out("signals", array(signal), "",
             "every detection signal: alert rules, probes, smoke tests, complaints, integrity checks")},
        "report", "a drill's report (docs/report-format.md)")));
  }();
  return node;
}

// --- The Monte Carlo aggregate (montecarlo/aggregate.cpp, montecarlo/summary.cpp) and the sweep that holds
// one per point (cli/main.cpp): outputs too, open like the report.

std::shared_ptr<Node> any_value() {
  return make(Kind::Any);
}

std::shared_ptr<Node> interval_or_null() {
  auto node = nullable(array(probability(), false, "[lo, hi]"));
  node->min_items = 2;
  node->max_items = 2;
  return node;
}

// The keys of a proportion: count of `of`, and its intervals at the study's confidence.
std::vector<Field> proportion_fields() {
  return {out("count", count(), "runs", "the runs where it holds"),
          out("of", count(), "runs", "the runs it is judged over"),
          out("p", nullable(probability()), "probability", "count / of", "`of` is 0"),
          out("wilson", interval_or_null(), "probability", "Wilson's score interval at `confidence`", "`of` is 0"),
          out("clopper_pearson", interval_or_null(), "probability",
              "the Clopper-Pearson interval at `confidence` (wider, coverage at least nominal)", "`of` is 0")};
}

NodeRef proportion_node() {
  static const NodeRef node = open(object(proportion_fields(), "proportion", "a share of the runs"));
  return node;
}

NodeRef metric_distribution() {
  static const NodeRef node = [] {
    const auto quantiles = open(object(
        {out("p5", number(), "", "5th percentile"), out("p50", number(), "", "median"),
         out("p90", number(), "", "90th percentile"), out("p95", number(), "", "95th percentile"),
         out("p99", number(), "", "99th percentile")},
        "quantiles", "quantiles interpolated linearly between order statistics (type 7)"));
    const auto histogram = open(object(
        {out("lo", number(), "", "the first bin's lower edge (min)"),
         out("hi", number(), "", "the last bin's upper edge (max, included)"),
         out("counts", array(count(), true), "runs", "runs per bin: 20 equal bins, one when every value is equal")},
        "histogram", "a histogram of the values"));
    const std::string no_run = "when no run has a value";
    return NodeRef(open(object(
        {out("runs", count(), "runs", "the runs where the value exists"),
         out("missing", count(), "runs", "the runs where it does not (its instants did not happen)"),
         out_absent("mean", number(), no_run, "", "the mean"), out_absent("min", number(), no_run, "", "the least"),
         out_absent("max", number(), no_run, "", "the greatest"),
         out_absent("quantiles", quantiles, no_run, "", "p5, p50, p90, p95, p99"),
         out_absent("histogram", histogram, no_run, "", "the values' histogram")},
        "distribution", "a metric over the runs; units as the metric's")));
  }();
  return node;
}

NodeRef aggregate_root() {
  static const NodeRef node = [] {
    const auto scenario = open(object({out("name", string(), "", "the scenario's `name`"),
                                       out("file", string(), "", "the scenario file as the user gave it"),
                                       out("duration_s", number(gt(0.0)), "s", "the simulated length of a drill")},
                                      "aggregate scenario", "the scenario of the study"));
    const auto shard = open(object(
        {out("index", count(), "", "i of `--shard i/K` (0-based)"), out("count", integer(ge(1.0), {}), "", "K"),
         out("first_run", count(), "", "floor(i N / K): the shard's first run"),
         out("end_run", count(), "", "floor((i+1) N / K): one past its last run")},
        "shard", "which runs of the study this file holds"));
    const auto objective = open(object(
        {out("service", string(), "", "the objective's service"),
         out("rto_s", number(), "s", "its recovery time objective"),
         out("rpo_s", number(), "s", "its recovery point objective"),
         out("rto_met", proportion_node(), "", "the runs that met the RTO"),
         out("rpo_met", proportion_node(), "", "the runs that met the RPO"),
         out("both_met", proportion_node(), "", "the runs that met both"),
         out("time_to_restore_s", metric_distribution(), "s",
             "over the runs where the service was restored after a breach")},
        "aggregate objective", "one recovery objective over the runs"));
    std::vector<Field> metric_fields;
    const std::pair<const char*, const char*> metric_names[] = {
        {"time_to_detect_s", "s"},   {"time_to_decide_s", "s"},     {"time_to_rollback_s", "s"},
        {"time_to_restore_s", "s"},  {"downtime_s", "s"},           {"requests_failed", "requests"},
        {"users_affected", "users"}, {"data_loss_window_s", "s"},   {"writes_lost", "writes"},
        {"restore_or_censored_s", "s"}};
    for (const auto& [metric, unit] : metric_names) {
      const std::string key = metric;
      const std::string doc =
          key == "data_loss_window_s"      ? "the largest over the stores, per run"
          : key == "writes_lost"           ? "over all stores, per run"
          : key == "restore_or_censored_s" ? "the time to restore, or the time left when not restored (the "
                                             "attribution's target)"
                                           : "the incident's `" + key + "` (docs/metrics.md)";
      metric_fields.push_back(out(key, metric_distribution(), unit, doc));
    }
    const auto metrics = open(object(std::move(metric_fields), "aggregate metrics", "each metric over the runs"));
    auto level_fields = proportion_fields();
    level_fields.push_back(out("level", string(), "", "the level's name"));
    level_fields.push_back(out("not_judged", count(), "runs", "runs where its claim was not judged"));
    const auto level = open(object(std::move(level_fields), "level claims",
                                   "a plan level: the runs that met its claim, of those where it was judged"));
    const auto input = open(object(
        {out("input", string(), "", "a random input of the drill (`ack`, `step/<name>`, ...)"),
         out("runs", count(), "runs", "runs with both the input and the target"),
         out("mean", nullable(number()), "", "the input's mean", "no such run"),
         out("spearman_time_to_restore", nullable(number(ge(-1.0), le(1.0))), "",
             "Spearman's rank correlation with the target", "too few runs"),
         out("spearman_rto_missed", nullable(number(ge(-1.0), le(1.0))), "",
             "Spearman's rank correlation with missing an RTO", "too few runs, or no variation"),
         out("first_order_index", nullable(number()), "", "the correlation ratio eta^2 of the target on the input",
             "too few runs"),
         out("first_order_noise_floor", nullable(number()), "",
             "(bins - 1) / (runs - 1): what eta^2 reaches by chance", "too few runs")},
        "attribution input", "one input's effect on the time to restore"));
    const auto attribution = open(object(
        {out("target", string(), "", "the metric explained: `\"restore_or_censored_s\"`"),
         out("inputs", array(input), "", "ranked by the first-order index, then by |Spearman|")},
        "attribution", "what drives the time to restore (docs/monte-carlo.md)"));
    const auto run_objective = open(object(
        {out("service", string(), "", "the objective's service"), out("rto_s", number(), "s", "its RTO"),
         out("rpo_s", number(), "s", "its RPO"),
         out("time_to_restore_s", seconds_or_null(), "s", "the run's time to restore", "not restored"),
         out("data_loss_window_s", number(ge(0.0)), "s", "the largest loss window of its stores"),
         out("rto_met", boolean(), "", "the RTO was met"), out("rpo_met", boolean(), "", "the RPO was met")},
        "run objective", "one objective's verdict in one run"));
    const auto run_level = open(object(
        {out("level", string(), "", "the level's name"),
         out("claim_met", nullable(boolean()), "", "the level's claim verdict in this run", "not judged")},
        "run level", "one level's claim verdict in one run"));
    const auto row = open(object(
        {out("run", count(), "", "the run's index in the study"), out("seed", count(), "", "the run's seed"),
         out("exit_state", string(), "", "the plan's exit state in this run"),
         out("time_to_detect_s", seconds_or_null(), "s", "as in the report", "its instants did not happen"),
         out("time_to_decide_s", seconds_or_null(), "s", "as in the report", "its instants did not happen"),
         out("time_to_rollback_s", seconds_or_null(), "s", "as in the report", "its instants did not happen"),
         out("time_to_restore_s", seconds_or_null(), "s", "as in the report", "its instants did not happen"),
         out("restore_or_censored_s", seconds_or_null(), "s", "the attribution's target", "no incident"),
         out("downtime_s", number(ge(0.0)), "s", "as in the report"),
         out("requests_failed", count(), "requests", "as in the report"),
         out("users_affected", count(), "users", "as in the report"),
         out("data_loss_window_s", number(ge(0.0)), "s", "the largest over the stores"),
         out("writes_lost", count(), "writes", "over all stores"),
         out("objectives", array(run_objective), "", "each objective's verdict"),
         out("levels", array(run_level), "", "each level's claim verdict"),
         out("inputs", map(number()), "", "the run's random inputs by name"),
         out_absent("violations", array(string()), "when the run broke no invariant", "",
                    "the invariants the run broke")},
        "run row", "one run of the study"));
    return NodeRef(open(object(
        {out("kind", choice({"aggregate"}), "", "`\"aggregate\"`"),
         out("format", integer(ge(1.0), le(1.0)), "", "the layout's version"),
         out("generator", string(), "", "`\"drillsim <version>\"`"),
         out("scenario", scenario, "", "the scenario"),
         out("settings", map(any_value()), "", "the `--set` (and a sweep point's) settings: `{pointer: value}`"),
         out("seed", count(), "", "the study's seed"),
         out("seed_derivation", string(), "", "how run seeds derive from it"),
         out("runs", count(), "runs", "N, of the whole study"),
         out_absent("shard", shard, "when the file holds the whole study", "", "the shard"),
         out("runs_included", count(), "runs", "the runs in this file (N, or a shard's share)"),
         out("confidence", number(gt(0.0), lt(1.0)), "", "the level of every interval"),
         out("runs_with_violations", count(), "runs", "runs that broke an invariant"),
         out("objectives", array(objective), "", "per scenario objective"),
         out("metrics", metrics, "", "the distributions of the metrics over the runs"),
         out("exit_states", map(proportion_node()), "", "per plan exit state, a proportion of the runs"),
         out("levels", array(level), "", "per plan level"),
         out("attribution", attribution, "", "what drives the time to restore"),
         out("per_run", array(row), "", "one row per run, in run order")},
        "aggregate", "the aggregate report of a Monte Carlo study (docs/monte-carlo.md)")));
  }();
  return node;
}

NodeRef sweep_root() {
  static const NodeRef node = [] {
    const auto axis = open(object({out("pointer", string(), "", "the JSON pointer swept"),
                                   out("values", array(any_value(), true), "", "its values, in order")},
                                  "axis", "one `--sweep`"));
    const auto point = open(object(
        {out("settings", map(any_value()), "", "the point's settings: `{pointer: value}`"),
         out("aggregate", aggregate_root(), "", "the point's aggregate")},
        "point", "one point of the grid"));
    return NodeRef(open(object(
        {out("kind", choice({"sweep"}), "", "`\"sweep\"`"),
         out("format", integer(ge(1.0), le(1.0)), "", "the layout's version"),
         out("axes", array(axis, true), "", "the `--sweep`s; the first varies slowest"),
         out("points", array(point), "", "one aggregate per point, in grid order")},
        "sweep", "the aggregates of a `--sweep` grid (docs/monte-carlo.md)")));
  }();
  return node;
}

// --- The outputs of `run --runs N --candidate` (cli/main.cpp, montecarlo::comparison_json), `capacity`
// (cli/capacity_command.cpp) and `assess` (cli/assess_command.cpp), described as they write them. Open
// objects, as the report's: a reader skips keys it does not know.

// A pair [lo, hi] of numbers within [min, max] (either unbounded when absent).
std::shared_ptr<Node> pair_of(std::shared_ptr<Node> element, std::string rule) {
  auto node = array(std::move(element), false, std::move(rule));
  node->min_items = 2;
  node->max_items = 2;
  return node;
}

// A paired bootstrap difference: a proportion's change (in [-1, 1]) or a time's (seconds; null when it
// has none).
NodeRef change_node(bool proportion) {
  static const NodeRef of_proportion = open(object(
      {out("estimate", number(ge(-1.0), le(1.0)), "probability", "the candidate's minus the baseline's"),
       out("interval", pair_of(number(ge(-1.0), le(1.0)), "[lo, hi]"), "probability",
           "the paired bootstrap percentile interval at `confidence`")},
      "change in a proportion", "a change from the baseline, with its interval"));
  static const NodeRef of_seconds = nullable(open(object(
      {out("estimate", number(), "s", "the candidate's minus the baseline's"),
       out("interval", pair_of(number(), "[lo, hi]"), "s", "the paired bootstrap percentile interval at `confidence`")},
      "change in seconds", "a change from the baseline, with its interval")));
  return proportion ? of_proportion : of_seconds;
}

// The scenario a Monte Carlo output was computed from: {name, file}.
NodeRef study_scenario(const std::string& name) {
  return open(object({out("name", string(), "", "the scenario's `name`"),
                      out("file", string(), "", "the scenario file as the user gave it")},
                     name, "the scenario of the study"));
}

NodeRef comparison_root() {
  static const NodeRef node = [] {
    const auto bootstrap = open(object(
        {out("resamples", integer(ge(2.0), {}), "", "resamples of the run indices"),
         out("seed", count(), "", "the seed of their SplitMix64 stream (the study's)"),
         out("method", string(), "", "`\"paired percentile\"`")},
        "bootstrap", "how the intervals were computed"));
    const auto ranked_by = open(object(
        {out("service", nullable(string()), "", "the service ranked by (`--rank-by`)",
             "every objective together (the default)"),
         out("objective", choice({"rto", "rpo"}), "", "its RTO or its RPO")},
        "ranked by", "what the candidates are ranked by"));
    const auto baseline_service = open(object(
        {out("service", string(), "", "the objective's service"),
         out("p_rto_met", probability(), "probability", "the share of the baseline's runs that met its RTO"),
         out("p_rpo_met", probability(), "probability", "the share that met its RPO")},
        "baseline service", "one objective of the baseline"));
    const auto baseline = open(object(
        {out("settings", map(any_value()), "", "the `--set` settings: `{pointer: value}`"),
         out("p_rto_met", probability(), "probability", "the share of the runs that met every RTO"),
         out("p95_time_to_restore_s", seconds_or_null(), "s", "the p95 of the time to restore over the runs",
             "no run restored"),
         out("services", array(baseline_service), "", "per objective, in the scenario's order")},
        "baseline", "the scenario itself, with the `--set` settings"));
    const auto candidate_service = open(object(
        {out("service", string(), "", "the objective's service"),
         out("p_rto_met", probability(), "probability", "the share of the candidate's runs that met its RTO"),
         out("delta_p_rto_met", change_node(true), "probability", "its change from the baseline"),
         out("rto_runs_gained", count(), "runs", "runs that meet this RTO with the change only"),
         out("rto_runs_lost", count(), "runs", "runs that meet it without the change only"),
         out("p_rpo_met", probability(), "probability", "the share that met its RPO"),
         out("delta_p_rpo_met", change_node(true), "probability", "its change from the baseline"),
         out("rpo_runs_gained", count(), "runs", "runs that meet this RPO with the change only"),
         out("rpo_runs_lost", count(), "runs", "runs that meet it without the change only")},
        "candidate service", "one objective under a candidate"));
    const auto candidate = open(object(
        {out("rank", integer(ge(1.0), {}), "", "1 for the best"),
         out("name", string(), "", "the candidate's name"),
         out("settings", map(any_value()), "", "the baseline's settings and the candidate's: `{pointer: value}`"),
         out("p_rto_met", probability(), "probability", "the share of its runs that met every RTO"),
         out("p95_time_to_restore_s", seconds_or_null(), "s", "the p95 of its time to restore", "no run restored"),
         out("delta_p_rto_met", change_node(true), "probability", "the change in P(every RTO met)"),
         out("delta_p95_time_to_restore_s", change_node(false), "s",
             "the change in the p95 time to restore", "a side never restored (or too few resamples had both)"),
         out("runs_gained", count(), "runs", "runs that meet every RTO with the change only"),
         out("runs_lost", count(), "runs", "runs that meet every RTO without the change only"),
         out_absent("ranked_change", change_node(true), "in comparisons older than the key", "probability",
                    "the change the rank was decided on: `delta_p_rto_met`, or the ranked-by service's "
                    "`delta_p_rto_met` or `delta_p_rpo_met`"),
         out("services", array(candidate_service), "", "per objective, in the scenario's order")},
        "candidate", "one candidate change, in rank order"));
    return NodeRef(open(object(
        {out("kind", choice({"comparison"}), "", "`\"comparison\"`"),
         out("format", integer(ge(1.0), le(1.0)), "", "the layout's version"),
         out("generator", string(), "", "`\"drillsim <version>\"`"),
         out("scenario", study_scenario("comparison scenario"), "", "the scenario"),
         out("seed", count(), "", "the study's seed"),
         out("seed_derivation", string(), "", "how run seeds derive from it"),
         out("runs", count(), "runs", "N: the runs of the baseline and of each candidate, with the same seeds"),
         out("confidence", number(gt(0.0), lt(1.0)), "", "the level of every interval"),
         out("bootstrap", bootstrap, "", "the bootstrap"),
         out("target", string(), "", "the metric the p95 is of: `\"restore_or_censored_s\"`"),
         out_absent("ranked_by", ranked_by, "in comparisons older than the key", "",
                    "what the candidates are ranked by"),
         out("baseline", baseline, "", "the baseline"),
         out("candidates", array(candidate), "", "the candidates, best first")},
        "comparison",
        "the ranking of candidate changes of `run --runs N --candidate` (docs/monte-carlo.md)")));
  }();
  return node;
}

NodeRef capacity_root() {
  static const NodeRef node = [] {
    const auto judged = open(object(
        {out("from_s", number(ge(0.0)), "s", "the first second judged: the fault's instant (0 without a fault)"),
         out("to_s", number(ge(0.0)), "s", "the end of the drill")},
        "judged", "the seconds whose SLI window is judged against the SLO"));
    const auto utilisation = [](const std::string& doc) {
      return out("utilisation", number(ge(0.0)), "", doc);
    };
    const auto probe = open(object(
        {out("replicas", count(), "replicas", "the stable replica count tried"),
         out("runs", count(), "runs", "the drills at that count (`--runs`)"),
         out("runs_within_slo", count(), "runs", "those whose every judged window kept the SLO"),
         out("passed", boolean(), "", "`runs_within_slo == runs`"),
         out("worst_window_error_ratio", probability(), "probability", "the worst window's error ratio over the runs"),
         out("worst_window_slow_share", probability(), "probability",
             "the worst window's share of requests slower than the SLO's latency bound"),
         utilisation("the stable version's mean utilisation over the judged seconds")},
        "probe", "one replica count tried, in the order tried"));
    const auto over_drill = open(object(
        {out("stable", nullable(number(ge(0.0))), "", "the stable version's utilisation", "it had no Ready replica"),
         out("new", nullable(number(ge(0.0))), "", "the new version's", "it had no Ready replica"),
         out("all", nullable(number(ge(0.0))), "", "both, weighted by Ready replica-seconds", "no Ready replica")},
        "utilisation over the drill", "the utilisation in the drill as it is (the scenario unchanged)"));
    const auto service = open(object(
        {out("service", string(), "", "the service"),
         out("today_replicas", count(), "replicas", "its stable replicas in the scenario"),
         out("fewest_replicas", nullable(count()), "replicas", "the fewest that keep the SLO",
             "even `max_replicas` fails"),
         out("headroom_replicas", nullable(integer({}, {})), "replicas",
             "`today_replicas - fewest_replicas` (negative: short by that many)", "`fewest_replicas` is null"),
         out("utilisation_at_today", nullable(number(ge(0.0))), "", "the probe's utilisation at today's count",
             "that count was not tried"),
         out("utilisation_at_fewest", nullable(number(ge(0.0))), "", "the probe's utilisation at the fewest",
             "`fewest_replicas` is null"),
         out("utilisation_over_drill", over_drill, "", "the utilisation in the drill as it is"),
         out("probes", array(probe, true), "", "each count tried, in the order tried")},
        "capacity service", "one service's capacity"));
    return NodeRef(open(object(
        {out("kind", choice({"capacity"}), "", "`\"capacity\"`"),
         out("format", integer(ge(1.0), le(1.0)), "", "the layout's version"),
         out("generator", string(), "", "`\"drillsim <version>\"`"),
         out("scenario", study_scenario("capacity scenario"), "", "the scenario"),
         out("seed", count(), "", "the seed the drills' seeds derive from"),
         out("seed_derivation", string(), "", "how they derive from it"),
         out("runs_per_count", integer(ge(1.0), {}), "runs", "K: the drills per replica count (`--runs`)"),
         out("max_replicas", integer(ge(1.0), {}), "replicas", "the largest count tried (`--max-replicas`)"),
         out("judged", judged, "", "the seconds judged"),
         out("services", array(service), "", "per service searched, in the scenario's order")},
        "capacity", "the fewest replicas of `drillsim capacity` (docs/monte-carlo.md)")));
  }();
  return node;
}

NodeRef assessment_root() {
  static const NodeRef node = [] {
    const std::vector<std::string> types{"Software", "Hardware", "AZ", "Region"};
    const auto target = open(object(
        {out("rtoInSecs", number(ge(0.0)), "s", "the recovery time objective"),
         out("rpoInSecs", number(ge(0.0)), "s", "the recovery point objective")},
        "policy target", "one disruption type's targets"));
    const auto policy = open(object(
        {out_absent("policyName", string(), "when the policy has none", "", "the policy's name"),
         out_absent("tier", string(), "when the policy has none", "", "its tier"),
         out("policy", map(target, types), "", "the targets per disruption type (a type may be left out)")},
        "policy", "the resiliency policy as read (AWS Resilience Hub's request; its other keys kept as read)"));
    const auto scenario = open(object(
        {out("file", string(), "", "the scenario file as the user gave it"),
         out("name", string(), "", "its `name`"),
         out("fault_kind", string(), "", "its fault's kind"),
         out("disruption_type", choice({"Software", "Hardware", "AZ", "Region"}), "", "the fault kind's type"),
         out("seed", count(), "", "the seed its runs' seeds derive from"),
         out("runs", count(), "runs", "N (`--runs`)")},
        "assessed scenario", "one scenario assessed"));
    // Only in a result whose type has a target, so null otherwise.
    const auto proportion = nullable(open(object(
        {out("count", count(), "runs", "the runs where it holds"),
         out("of", count(), "runs", "the runs it is judged over"),
         out("p", nullable(probability()), "probability", "count / of", "`of` is 0"),
         out("wilson", interval_or_null(), "probability", "Wilson's score interval at `confidence`", "`of` is 0")},
        "assessed proportion", "a share of the runs")));
    const auto objective = [&](const std::string& name, const std::string& what) {
      return open(object(
          {out("target_s", nullable(number(ge(0.0))), "s", "the policy's " + what, "the policy sets no target for the type"),
           out("met", proportion, "",
               "the runs whose achievable " + what + " is within the target", "the policy sets no target for the type"),
           out("p50_s", seconds_or_null(), "s", "the median achievable " + what,
               "unbounded: the quantile rests on a run not restored (RTO) or with corrupted writes left (RPO)"),
           out("p95_s", seconds_or_null(), "s", "its p95", "unbounded, as `p50_s`")},
          name, "the " + what + " over the runs"));
    };
    const auto result = open(object(
        {out("service", string(), "", "the service with an objective"),
         out("disruptionType", choice({"Software", "Hardware", "AZ", "Region"}), "", "the disruption type"),
         out("complianceStatus", choice({"PolicyMet", "PolicyBreached", "MissingPolicy", "NotApplicable"}), "",
             "`\"PolicyMet\"` when at least `met_at` of the runs meet both targets"),
         out("runs", count(), "runs", "the runs of every scenario of the type"),
         out("achievableRtoInSecs", seconds_or_null(), "s", "the p95 achievable RTO", "unbounded"),
         out("achievableRpoInSecs", seconds_or_null(), "s", "the p95 achievable RPO", "unbounded"),
         out("rto", objective("assessed rto", "RTO"), "", "the RTO"),
         out("rpo", objective("assessed rpo", "RPO"), "", "the RPO"),
         out("both_met", proportion, "",
             "the runs that met both", "the policy sets no target for the type")},
        "assessment result", "one service and disruption type"));
    return NodeRef(open(object(
        {out("kind", choice({"assessment"}), "", "`\"assessment\"`"),
         out("format", integer(ge(1.0), le(1.0)), "", "the layout's version"),
         out("generator", string(), "", "`\"drillsim <version>\"`"),
         out("policy", policy, "", "the policy, as `--export-policy` writes it"),
         out("met_at", probability(), "probability", "Q: the share of the runs that must meet both targets"),
         out("confidence", number(gt(0.0), lt(1.0)), "", "the level of every interval"),
         out("seed_derivation", string(), "", "how run seeds derive from a scenario's seed"),
         out("scenarios", array(scenario, true), "", "the scenarios, in the order given"),
         out("runs_with_violations", count(), "runs", "runs that broke an invariant"),
         out("results", array(result), "", "per service and disruption type"),
         out("not_applicable", array(choice({"Software", "Hardware", "AZ", "Region"})), "",
             "the policy's types with no scenario")},
        "assessment", "the assessment of `drillsim assess` against a resiliency policy (docs/monte-carlo.md)")));
  }();
  return node;
}

const Field* find_in(const std::vector<Field>& fields, std::string_view key) {
  for (const auto& f : fields) {
    if (f.key == key) return &f;
  }
  return nullptr;
}

}  // namespace

std::optional<Format> format_named(std::string_view name) {
  if (name == "scenario") return Format::Scenario;
  if (name == "plan") return Format::Plan;
  if (name == "report") return Format::Report;
  if (name == "aggregate") return Format::Aggregate;
  if (name == "sweep") return Format::Sweep;
  if (name == "comparison" || name == "compare") return Format::Comparison;
  if (name == "assessment" || name == "assess") return Format::Assessment;
  if (name == "capacity") return Format::Capacity;
  return std::nullopt;
}

const char* format_name(Format format) {
  switch (format) {
    case Format::Scenario:
      return "scenario";
    case Format::Plan:
      return "plan";
    case Format::Report:
      return "report";
    case Format::Aggregate:
      return "aggregate";
    case Format::Sweep:
      return "sweep";
    case Format::Comparison:
      return "comparison";
    case Format::Assessment:
      return "assessment";
    case Format::Capacity:
      return "capacity";
  }
  return "?";
}

const Node& describe(Format format) {
  switch (format) {
    case Format::Scenario:
      return *scenario_root();
    case Format::Plan:
      return *plan_root();
    case Format::Report:
      return *report_root();
    case Format::Aggregate:
      return *aggregate_root();
    case Format::Sweep:
      return *sweep_root();
    case Format::Comparison:
      return *comparison_root();
    case Format::Assessment:
      return *assessment_root();
    case Format::Capacity:
      return *capacity_root();
  }
  throw std::logic_error("schema: unknown format");
}

const Field& field_at(Format format, std::string_view path) {
  const auto missing = [&] {
    return std::out_of_range("schema: no field " + std::string(path) + " in the " + format_name(format));
  };
  const Node* node = &describe(format);
  const Variant* variant = nullptr;
  const Field* field = nullptr;
  std::string_view rest = path;
  while (!rest.empty()) {
    const std::size_t slash = rest.find('/');
    const std::string_view part = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    // Step through unions to the alternative that has fields, arrays to their items.
    while (node->kind == Kind::Union) {
      const Node* next = nullptr;
      for (const auto& alternative : node->alternatives) {
        if (alternative->kind == Kind::Object || alternative->kind == Kind::Tagged) next = alternative.get();
      }
      if (!next) throw missing();
      node = next;
    }
    if (part == "[]") {
      if (node->kind == Kind::Array) {
        node = node->items.get();
      } else if (node->kind == Kind::Map) {
        node = node->values.get();
      } else {
        throw missing();
      }
      field = nullptr;
      continue;
    }
    if (const std::size_t eq = part.find('='); eq != std::string_view::npos) {
      if (node->kind != Kind::Tagged || node->tag_key != part.substr(0, eq)) throw missing();
      variant = nullptr;
      for (const auto& v : node->variants) {
        if (v.tag == part.substr(eq + 1)) variant = &v;
      }
      if (!variant) throw missing();
      continue;
    }
    field = variant ? find_in(variant->fields, part) : nullptr;
    if (!field && (node->kind == Kind::Object || node->kind == Kind::Tagged))
      field = find_in(node->fields, part);
    if (!field) throw missing();
    node = field->node.get();
    variant = nullptr;
  }
  if (!field) throw missing();
  return *field;
}

Json derived_default(Format format, std::string_view path, const Json& object) {
  const Field& field = field_at(format, path);
  if (!field.default_from) throw std::logic_error("schema: " + std::string(path) + " has no derived default");
  return field.default_from(object);
}

double default_number(Format format, std::string_view path) {
  const Field& field = field_at(format, path);
  if (!field.has_default || !field.default_value.is_number())
    throw std::logic_error("schema: " + std::string(path) + " has no numeric default");
  return field.default_value.get<double>();
}

std::string schema_id(Format format) {
  return std::string("https://drillsim.dev/schema/") + format_name(format) + ".schema.json";
}

}  // namespace drillsim::schema
