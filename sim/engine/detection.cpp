// Detection: Prometheus alert rules over scraped metrics, health checks, smoke tests, customer
// complaints and data integrity checks; and Alertmanager, which turns firing signals into the page.
// Protocol: each detection actor sleeps to its next look, evaluates, and hands SignalFired /
// SignalResolved to the Alertmanager; the Alertmanager's actor reads GroupStarted ("alertmanager") and
// sends Page ("page") to the responder. The detection actors end at the drill's horizon (complaints
// after complaining); the Alertmanager never ends by itself.
#include <simgrid/s4u.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "engine/actor_support.hpp"
#include "engine/actors.hpp"
#include "engine/drill.hpp"
#include "engine/engine_log.hpp"
#include "engine/prom_series.hpp"
#include "metrics/prometheus.hpp"
#include "metrics/rule_evaluator.hpp"
#include "promql/evaluator.hpp"
#include "promql/rule_group.hpp"
#include "promql/yaml.hpp"

namespace sg4 = simgrid::s4u;

namespace drillsim::engine {

using model::Instant;

namespace {

// Whether `caller` calls `callee`, directly or through other services.
bool depends_on(const model::Scenario& scenario, const std::string& caller, const std::string& callee) {
  const int index = scenario.service_index(caller);
  if (index < 0) return false;
  for (const auto& call : scenario.services[static_cast<std::size_t>(index)].calls) {
    if (call.service == callee || depends_on(scenario, call.service, callee)) return true;
  }
  return false;
}

}  // namespace

Alertmanager::Alertmanager(DrillContext& ctx)
    : ctx_(ctx),
      group_({ctx.scenario.alertmanager.group_wait_s, ctx.scenario.alertmanager.group_interval_s,
              ctx.scenario.alertmanager.repeat_interval_s}) {
  const auto& am = ctx.scenario.alertmanager;
  if (!am.config) return;
  // Checked by the loader: the config loads, each receiver's tier exists.
  config_ = std::make_unique<promql::AlertmanagerConfig>(
      promql::read_alertmanager_config(promql::parse_yaml(am.config->text, am.config->name)));
  dispatcher_ = std::make_unique<promql::AmDispatcher>(*config_);
  const model::ResponderSpec responder =
      ctx.scenario.responder ? *ctx.scenario.responder : model::ResponderSpec{};
  for (const auto& [receiver, tier] : am.receivers) {
    if (!tier) continue;
    std::size_t index = 0;
    for (std::size_t i = 0; i < responder.escalation.size(); ++i)
      if (responder.escalation[i].name == *tier && *tier != responder.name) index = i + 1;
    receiver_tiers_[receiver] = index;
  }
}

namespace {

std::int64_t to_ms(double t_s) {
  return static_cast<std::int64_t>(std::llround(t_s * 1000.0));
}

}  // namespace

void Alertmanager::alert_fired(std::size_t signal, const promql::Labels& labels, double t_s) {
  may_page_[labels] = ctx_.scenario.fault && t_s >= ctx_.scenario.fault->at_s && concerns_incident(signal);
  log().info("alertmanager receives {}", promql::format_labels(labels));
  for (const auto& key : dispatcher_->fire(labels, to_ms(t_s))) {
    sg4::Actor::create("alertmanager-group", sg4::this_actor::get_host(), [this, key] {
      group_actor(key);
    })->daemonize();
  }
}

void Alertmanager::alert_resolved(const promql::Labels& labels, double t_s) {
  dispatcher_->resolve(labels, to_ms(t_s));
}

// dispatch.go's aggrGroup.run: the group's own actor flushes it group_wait after its first alert, then
// every group_interval, until a flush leaves it empty.
void Alertmanager::group_actor(const promql::AmGroupKey& key) {
  while (const auto next = dispatcher_->next_flush(key)) {
    sg4::this_actor::sleep_until(static_cast<double>(*next) / 1000.0);
    sync(ctx_);
    if (const auto sent = dispatcher_->flush(key, *next)) notify(*sent);
  }
}

// A notification to a receiver that maps to a responder tier pages that tier when one of its firing
// alerts may page (it fired after the fault started and concerns the incident). The first such one is
// the page.
void Alertmanager::notify(const promql::AmNotification& notification) {
  ctx_.recorder.notified(now());
  log().info("alertmanager notifies {} (route {}, group {}: {} firing, {} resolved)", notification.receiver,
             notification.route_id, promql::format_labels(notification.group_labels),
             notification.firing.size(), notification.resolved.size());
  const auto tier = receiver_tiers_.find(notification.receiver);
  if (tier == receiver_tiers_.end()) return;
  const bool pages =
      std::any_of(notification.firing.begin(), notification.firing.end(), [&](const auto& labels) {
        const auto it = may_page_.find(labels);
        return it != may_page_.end() && it->second;
      });
  if (pages) page(now(), tier->second);
}

// Whether a signal concerns the incident: it watches the incident's service or a service that calls it
// (the failure propagates up the call graph), or (a smoke test) a flow through it, or (a check) a store
// that service writes.
bool Alertmanager::concerns_incident(std::size_t signal) const {
  const auto& record = ctx_.recorder.signal(signal);
  const std::string& incident_service = ctx_.recorder.service();
  if (record.service == incident_service) return true;
  if (depends_on(ctx_.scenario, record.service, incident_service)) return true;
  const std::size_t first_test = signal_index(ctx_.scenario).smoke_tests;
  if (signal >= first_test && signal < first_test + ctx_.scenario.smoke_tests.size()) {
    const auto& flow = ctx_.scenario.smoke_tests[signal - first_test].flow;
    return std::find(flow.begin(), flow.end(), incident_service) != flow.end();
  }
  // A dependency's alert concerns the incident when the fault is on that dependency.
  return ctx_.scenario.fault && ctx_.scenario.fault->target() == record.service;
}

namespace {

// A signal other than a rule file's alert or complaints, as an Alertmanager config sees it.
promql::Labels signal_labels(const model::SignalRecord& record) {
  return {{"alertname", record.name}, {"service", record.service}};
}

}  // namespace

void Alertmanager::signal_fired(const SignalFired& event) {
  ctx_.recorder.signal_fired(event.signal, event.t_s);
  const model::SignalRecord& fired = ctx_.recorder.signal(event.signal);
  const bool incident_open = ctx_.scenario.fault && event.t_s >= ctx_.scenario.fault->at_s;
  // With a config, every alert reaches the dispatcher (a rule file's alerts one by one, through
  // alert_fired); whether it may page is decided per alert.
  if (routes_alerts() && fired.kind != "complaints" && fired.kind != "rule_file_alert")
    alert_fired(event.signal, signal_labels(fired), event.t_s);
  if (!incident_open) {
    log().warn("{} {} fired before any fault was injected: a false alarm, not paged", fired.kind, fired.name);
    return;
  }
  if (!concerns_incident(event.signal)) {
    log().info("{} {} fired on {}, not the incident's service", fired.kind, fired.name, fired.service);
    return;
  }
  if (!ctx_.recorder.at(Instant::Detect)) {
    ctx_.recorder.detected_by(fired.name);
    ctx_.recorder.record(Instant::Detect, event.t_s);
  }
  if (fired.kind == "complaints") {
    page(event.t_s);
    return;
  }
  if (routes_alerts()) return;
  const bool group_existed = group_.next_flush().has_value();
  group_.update(fired.name, true, event.t_s);
  if (!group_existed) send(std::make_unique<GroupStarted>(GroupStarted{event.t_s}));
}

void Alertmanager::signal_resolved(const SignalResolved& event) {
  if (routes_alerts()) {
    const model::SignalRecord& record = ctx_.recorder.signal(event.signal);
    if (record.kind != "complaints" && record.kind != "rule_file_alert")
      alert_resolved(signal_labels(record), event.t_s);
    return;
  }
  group_.update(ctx_.recorder.signal(event.signal).name, false, event.t_s);
}

void Alertmanager::page(double t_s, std::size_t tier) {
  if (paged_) return;
  paged_ = true;
  ctx_.recorder.record(Instant::Page, t_s);
  if (tier > 0) log().info("the page goes to escalation tier {}", tier);
  if (ctx_.scenario.responder) send(std::make_unique<Page>(Page{t_s, ctx_.recorder.service(), tier}));
}

// Alertmanager (dispatch.go): the incident's group flushes group_wait after its first alert, then every
// group_interval; a flush notifies when the firing set changed or repeat_interval passed. The first
// notification is the page.
void Alertmanager::run() {
  if (routes_alerts()) return;  // Each aggregation group has its own actor (group_actor).
  for (;;) {
    const auto next = group_.next_flush();
    if (!next) {
      receive<GroupStarted>();  // Sleeps until a group starts.
      continue;
    }
    sg4::this_actor::sleep_until(*next);
    sync(ctx_);
    if (const auto sent = group_.flush(now())) {
      ctx_.recorder.notified(now());
      log().info("alertmanager notifies ({} alert(s) firing)", sent->firing);
      if (sent->firing > 0) page(now());
    }
  }
}

namespace {

// A window in seconds as a PromQL duration: "5m", "90s".
std::string promql_duration(double s) {
  const auto whole = static_cast<std::int64_t>(std::llround(s));
  if (static_cast<double>(whole) != s) return std::to_string(static_cast<std::int64_t>(std::llround(s * 1000))) + "ms";
  if (whole % 3600 == 0 && whole > 0) return std::to_string(whole / 3600) + "h";
  if (whole % 60 == 0 && whole > 0) return std::to_string(whole / 60) + "m";
  return std::to_string(whole) + "s";
}

// What a scenario alert rule compares with its threshold, as Prometheus would compute it
// (docs/detection.md, "Alert rules"), and the rule's settings.
model::SignalRecord::Rule rule_used(const model::AlertRuleSpec& rule) {
  using Metric = model::AlertRuleSpec::Metric;
  model::SignalRecord::Rule used;
  const std::string w = "[" + promql_duration(rule.window_s) + "]";
  switch (rule.metric) {
    case Metric::ErrorRatio:
      used.expression = "sum(rate(errors_total" + w + ")) / sum(rate(requests_total" + w + "))";
      used.window_s = rule.window_s;
      break;
    case Metric::LatencyP95:
      used.expression = "histogram_quantile(0.95, sum by (le) (rate(request_duration_seconds_bucket" + w + ")))";
      used.window_s = rule.window_s;
      break;
    case Metric::OomKills:
      used.expression = "increase(oom_kills_total" + w + ")";
      used.window_s = rule.window_s;
      break;
    case Metric::Restarts:
      used.expression = "increase(kube_pod_container_status_restarts_total" + w + ")";
      used.window_s = rule.window_s;
      break;
    case Metric::MemoryUtilisation:
      used.expression = "max(container_memory_working_set_bytes / limit)";
      break;
    case Metric::PoolUtilisation:
      used.expression = "connections_in_use / pool_size";
      break;
  }
  used.threshold = rule.threshold;
  used.for_s = rule.for_s;
  used.keep_firing_for_s = rule.keep_firing_for_s;
  used.evaluation_interval_s = rule.evaluation_interval_s;
  used.evaluation_offset_s = rule.evaluation_offset_s;
  used.scrape_interval_s = rule.scrape_interval_s;
  used.scrape_offset_s = rule.scrape_offset_s;
  return used;
}

// A rule file's alerting rule as it is recorded: when its condition is `quantity op number` (or
// `number op quantity`), the quantity is what is compared and recorded per label set; otherwise the
// value of each alert while it is active (the condition's result), and nothing in between.
struct RecordedRule {
  const promql::Node* quantity = nullptr;  // nullptr: not of that form.
  model::SignalRecord::Rule used;
  std::set<promql::Labels> seen;  // Without the form: the label sets recorded so far.
};

const promql::Node* strip_parens(const promql::Node* node) {
  while (const auto* paren = std::get_if<promql::Paren>(&node->kind))
    node = paren->expr.get();
  return node;
}

std::optional<double> number_of(const promql::Node* node) {
  node = strip_parens(node);
  if (const auto* n = std::get_if<promql::NumberLiteral>(&node->kind)) return n->value;
  if (const auto* u = std::get_if<promql::UnaryExpr>(&node->kind)) {
    const auto inner = number_of(u->expr.get());
    if (inner) return u->op == '-' ? -*inner : *inner;
  }
  return std::nullopt;
}

// The first range of a rate()-like function in the expression (a matrix selector's or subquery's).
std::optional<double> first_range_s(const promql::Node* node) {
  if (node == nullptr) return std::nullopt;
  if (const auto* m = std::get_if<promql::MatrixSelector>(&node->kind))
    return static_cast<double>(m->range_ms) / 1000.0;
  if (const auto* q = std::get_if<promql::Subquery>(&node->kind)) return static_cast<double>(q->range_ms) / 1000.0;
  const auto first_of = [](std::initializer_list<const promql::Node*> nodes) -> std::optional<double> {
    for (const auto* n : nodes)
      if (const auto r = first_range_s(n)) return r;
    return std::nullopt;
  };
  if (const auto* b = std::get_if<promql::BinaryExpr>(&node->kind)) return first_of({b->lhs.get(), b->rhs.get()});
  if (const auto* u = std::get_if<promql::UnaryExpr>(&node->kind)) return first_of({u->expr.get()});
  if (const auto* p = std::get_if<promql::Paren>(&node->kind)) return first_of({p->expr.get()});
  if (const auto* a = std::get_if<promql::Aggregate>(&node->kind)) return first_of({a->expr.get()});
  if (const auto* c = std::get_if<promql::Call>(&node->kind)) {
    for (const auto& arg : c->args)
      if (const auto r = first_range_s(arg.get())) return r;
  }
  return std::nullopt;
}

// The text of `expr_text` before (lhs) or after the operator at line:column (1-based), trimmed, with
// runs of white space made one space; "" when the position is outside the text.
std::string side_text(const std::string& expr_text, int line, int column, std::size_t op_size, bool lhs) {
  std::size_t pos = 0;
  for (int l = 1; l < line; ++l) {
    pos = expr_text.find('\n', pos);
    if (pos == std::string::npos) return "";
    ++pos;
  }
  pos += static_cast<std::size_t>(column - 1);
  if (pos + op_size > expr_text.size()) return "";
  const std::string part = lhs ? expr_text.substr(0, pos) : expr_text.substr(pos + op_size);
  std::string out;
  for (const char c : part) {
    const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (space) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ')
    out.pop_back();
  return out;
}

RecordedRule recorded_rule(const promql::Rule& rule, double interval_s, const model::RuleFilesSpec& spec) {
  RecordedRule recorded;
  auto& used = recorded.used;
  used.expression = rule.expr_text;
  used.comparison = "";
  used.for_s = static_cast<double>(rule.for_ms) / 1000.0;
  used.keep_firing_for_s = static_cast<double>(rule.keep_firing_for_ms) / 1000.0;
  used.evaluation_interval_s = interval_s;
  used.evaluation_offset_s = spec.evaluation_offset_s;
  used.scrape_interval_s = spec.scrape_interval_s;
  used.scrape_offset_s = spec.scrape_offset_s;
  used.window_s = first_range_s(rule.expr.get());
  const promql::Node* root = rule.expr ? strip_parens(rule.expr.get()) : nullptr;
  const auto* bin = root ? std::get_if<promql::BinaryExpr>(&root->kind) : nullptr;
  static const std::set<std::string> kComparisons{">", ">=", "<", "<=", "==", "!="};
  if (bin == nullptr || bin->return_bool || !kComparisons.count(bin->op)) return recorded;
  const bool number_right = bin->rhs->type == promql::ValueType::Scalar && bin->lhs->type == promql::ValueType::Vector;
  const bool number_left = bin->lhs->type == promql::ValueType::Scalar && bin->rhs->type == promql::ValueType::Vector;
  if (!number_right && !number_left) return recorded;
  const auto threshold = number_of(number_right ? bin->rhs.get() : bin->lhs.get());
  if (!threshold) return recorded;  // A scalar expression: its value could change from one evaluation to the next.
  recorded.quantity = number_right ? bin->lhs.get() : bin->rhs.get();
  used.threshold = threshold;
  // `number op quantity` is `quantity op' number`.
  static const std::map<std::string, std::string> kFlipped{{">", "<"}, {">=", "<="}, {"<", ">"},
                                                           {"<=", ">="}, {"==", "=="}, {"!=", "!="}};
  used.comparison = number_right ? bin->op : kFlipped.at(bin->op);
  const std::string text = side_text(rule.expr_text, root->line, root->column, bin->op.size(), number_right);
  if (!text.empty()) used.expression = text;
  return recorded;
}

}  // namespace

// One alert rule: a shell around metrics::prom::RuleEvaluator (the pure rule engine the promtool tests
// drive). At each of its evaluation instants it advances the data plane, feeds the evaluator the seconds
// that ended (and, for a gauge, the gauge at each scrape), evaluates, and forwards the changes.
void alert_evaluator_actor(DrillContext& ctx, Alertmanager& alertmanager, std::size_t index) {
  using Metric = model::AlertRuleSpec::Metric;
  using Change = metrics::prom::AlertState::Change;
  const model::AlertRuleSpec& rule = ctx.scenario.alerts[index];
  const int service = ctx.scenario.service_index(rule.service);
  const std::vector<double>* event_times = rule.metric == Metric::OomKills   ? &ctx.faults.oom_kills(service)
                                           : rule.metric == Metric::Restarts ? &ctx.faults.restarts(service)
                                                                             : nullptr;
  auto evaluator = metrics::prom::RuleEvaluator::for_spec(rule);
  const metrics::prom::Needs needs = evaluator.needs();
  std::size_t events_counted = 0;  // Of *event_times, those in the seconds fed.
  ctx.recorder.alert_rule(index, rule_used(rule));
  for (;;) {
    const double ts = evaluator.next_evaluation();
    if (ts >= ctx.scenario.duration_s) return;
    sg4::this_actor::sleep_until(ts);
    sync(ctx);
    for (std::int64_t k = evaluator.fed_seconds(); k < evaluator.seconds_needed(ts); ++k) {
      metrics::prom::SecondCounts second;
      if (needs.counts) {
        const auto counts = ctx.plane.counts(service, k, k + 1);
        second.requests = counts.requests;
        second.errors = counts.errors;
      }
      std::array<std::uint64_t, model::kLatencyBuckets.size() + 1> buckets{};
      if (needs.latency) {
        buckets = ctx.plane.latency_buckets(service, k, k + 1);
        second.latency = buckets;
      }
      if (event_times) {  // Events of [k, k + 1).
        const std::size_t before = events_counted;
        while (events_counted < event_times->size() &&
               (*event_times)[events_counted] < static_cast<double>(k + 1))
          ++events_counted;
        second.events = events_counted - before;
      }
      evaluator.feed(second);
    }
    for (const double scrape : evaluator.due_scrapes(ts))
      evaluator.feed_gauge(scrape, rule.metric == Metric::MemoryUtilisation
                                       ? memory_utilisation(ctx, service, scrape)
                                       : pool_utilisation(ctx, service, scrape));
    const auto changes = evaluator.evaluate(ts);
    // The value the evaluator just compared, and the alert's state changes (as a rule file's alerts').
    ctx.recorder.alert_value(index, {}, ts, evaluator.last_value(0));
    for (const auto& change : changes) {
      const char* entered = change.change == Change::Pending    ? "pending"
                            : change.change == Change::Fired    ? "firing"
                            : change.change == Change::Dropped  ? "inactive"
                            : change.change == Change::Resolved ? "resolved"
                                                                : nullptr;
      if (entered) ctx.recorder.alert_state(index, {}, entered, ts);
    }
    for (const auto& change : changes) {
      switch (change.change) {
        case Change::Pending:
          // For attribution (DrillResult::draws): when the rule first went pending after the fault.
          if (ctx.scenario.fault && ts >= ctx.scenario.fault->at_s && !ctx.recorder.signal(index).fired_s &&
              !ctx.recorder.has_draw("alert_pending/" + rule.name))
            ctx.recorder.drew("alert_pending/" + rule.name, ts - ctx.scenario.fault->at_s);
          log().info("alert {} pending ({} {} > {})", rule.name, model::to_string(rule.metric),
                     change.value.value_or(std::numeric_limits<double>::quiet_NaN()), rule.threshold);
          break;
        case Change::Fired:
          log().info("alert {} firing", rule.name);
          alertmanager.signal_fired({index, now()});
          break;
        case Change::Dropped:
          log().info("alert {} pending -> inactive", rule.name);
          break;
        case Change::Resolved:
          log().info("alert {} resolved", rule.name);
          alertmanager.signal_resolved({index, now()});
          break;
        case Change::None:
          break;
      }
    }
  }
}

// The scenario's rule files (docs/detection.md, "Rule files in a scenario"): one actor scrapes every
// target at scrape_offset + k * scrape_interval and evaluates each group at offset + k * its interval;
// a scrape and an evaluation at the same instant scrape first (the evaluation at t sees the sample at t,
// as promtool's does). Memory stays flat: after each evaluation the store forgets what no rule can
// reach any more.
void rule_files_actor(DrillContext& ctx, Alertmanager& alertmanager, ScrapedSeries* scraped) {
  const model::RuleFilesSpec& spec = *ctx.scenario.rule_files;
  std::vector<promql::RuleFile> files;
  for (const auto& file : spec.files)  // Checked by the loader: every file loads.
    files.push_back(promql::read_rule_file(promql::parse_yaml(file.text, file.name), file.name));
  promql::SeriesStore store;
  std::vector<promql::GroupEvaluator> groups;
  std::vector<double> intervals_s;
  std::vector<std::int64_t> next_k;
  for (const auto& file : files) {
    for (const auto& group : file.groups) {
      groups.emplace_back(group, store);
      intervals_s.push_back(group.interval_ms > 0 ? static_cast<double>(group.interval_ms) / 1000.0
                                                  : spec.evaluation_interval_s);
      next_k.push_back(0);
    }
  }
  const std::int64_t keep_ms = retention_ms(files);
  PromSeries series(ctx, spec);
  // Series are produced only for what the rules read, unless the drill exports them all.
  if (scraped == nullptr)
    if (auto names = metrics_read(files)) series.only(std::move(*names));
  const std::size_t first_signal = signal_index(ctx.scenario).rule_file_alerts;
  // Per alert instance (name and labels): its last state; per alert name: whether its signal fires.
  std::map<std::pair<std::string, promql::Labels>, promql::AlertState> states;
  std::vector<bool> signal_firing(spec.alert_names.size(), false);
  std::map<std::string, std::size_t> alert_index;  // An alert name's signal, from first_signal.
  for (std::size_t i = 0; i < spec.alert_names.size(); ++i)
    alert_index[spec.alert_names[i]] = i;
  std::map<std::string, double> alert_interval_s;  // An alert name's group interval.
  {
    std::size_t g = 0;
    for (const auto& file : files)
      for (const auto& group : file.groups) {
        for (const auto& rule : group.rules)
          if (rule.alerting) alert_interval_s.emplace(rule.name, intervals_s[g]);
        ++g;
      }
  }
  // Per alerting rule of each group (by group and rule index): how its compared values are recorded.
  std::map<std::pair<std::size_t, std::size_t>, RecordedRule> recorded;
  {
    std::size_t g = 0;
    for (const auto& file : files)
      for (const auto& group : file.groups) {
        for (std::size_t r = 0; r < group.rules.size(); ++r) {
          if (!group.rules[r].alerting) continue;
          auto rule = recorded_rule(group.rules[r], intervals_s[g], spec);
          const std::size_t signal = first_signal + alert_index.at(group.rules[r].name);
          if (!ctx.recorder.signal(signal).rule) ctx.recorder.alert_rule(signal, rule.used);
          recorded.emplace(std::make_pair(g, r), std::move(rule));
        }
        ++g;
      }
  }
  const auto positive_mod = [](double x, double m) {
    const double r = std::fmod(x, m);
    return r < 0.0 ? r + m : r;
  };
  const auto note = [&](const std::string& alert, const promql::Labels& labels, const char* state) {
    log().info("alert {}{} {}", alert, promql::format_labels(labels), state);
    const std::size_t signal = first_signal + alert_index.at(alert);
    promql::Labels shown = labels;
    promql::drop_label(shown, "alertname");
    ctx.recorder.alert_state(signal, shown, state, now());
    // For attribution (DrillResult::draws), as the fixed-metric rules: when an alert of the name first
    // became active (pending, or firing at once without `for`) after the fault, before the name fired.
    const std::string_view entered(state);
    if ((entered == "pending" || entered == "firing") && ctx.scenario.fault &&
        now() >= ctx.scenario.fault->at_s && !ctx.recorder.signal(signal).fired_s &&
        !ctx.recorder.has_draw("alert_pending/" + alert))
      ctx.recorder.drew("alert_pending/" + alert, now() - ctx.scenario.fault->at_s);
    // And where the onset fell in the group's evaluation interval and in the scrape interval (as
    // fault_phase/<rule> of the fixed-metric rules): the part of the time to detect that is phase,
    // the rest being the window filling up and `for`.
    if ((entered == "pending" || entered == "firing") && ctx.scenario.fault &&
        ctx.recorder.has_draw("alert_pending/" + alert) && !ctx.recorder.has_draw("fault_phase/" + alert)) {
      const auto onset =
          ctx.plane.first_fault_effect(ctx.scenario.service_index(ctx.scenario.fault->service));
      if (onset && *onset <= now()) {
        ctx.recorder.drew("fault_phase/" + alert,
                          positive_mod(*onset - spec.evaluation_offset_s, alert_interval_s.at(alert)));
        ctx.recorder.drew("scrape_phase/" + alert,
                          positive_mod(*onset - spec.scrape_offset_s, spec.scrape_interval_s));
      }
    }
    if (scraped) scraped->transitions.push_back({alert, promql::format_labels(labels), state, now()});
  };
  std::int64_t scrape_k = 0;
  for (;;) {
    const double scrape_t = spec.scrape_offset_s + static_cast<double>(scrape_k) * spec.scrape_interval_s;
    double t = scrape_t;
    for (std::size_t g = 0; g < groups.size(); ++g)
      t = std::min(t, spec.evaluation_offset_s + static_cast<double>(next_k[g]) * intervals_s[g]);
    if (t >= ctx.scenario.duration_s) {
      log().info("rule files: the store holds {} series, {} samples (rules reach back {} s)",
                 store.series_count(), store.sample_count(), static_cast<double>(keep_ms) / 1000.0);
      return;
    }
    sg4::this_actor::sleep_until(t);
    sync(ctx);
    if (scrape_t == t) {
      series.scrape(t, store, scraped ? scraped->store : nullptr);
      ++scrape_k;
    }
    bool evaluated = false;
    for (std::size_t g = 0; g < groups.size(); ++g) {
      if (spec.evaluation_offset_s + static_cast<double>(next_k[g]) * intervals_s[g] != t) continue;
      ++next_k[g];
      evaluated = true;
      const auto t_ms = static_cast<std::int64_t>(std::llround(t * 1000.0));
      for (const auto& error : groups[g].evaluate(t_ms))
        log().warn("rule group {} at {} s: {}", groups[g].group().name, t, error);
      // Each alerting rule's compared value, per label set (RecordedRule). Read after the whole group
      // ran, from the same store: a rule that reads a recording rule of its group written after it would
      // read this evaluation's sample where Prometheus compared the previous one.
      const auto& rules = groups[g].group().rules;
      for (std::size_t r = 0; r < rules.size(); ++r) {
        if (!rules[r].alerting) continue;
        auto& rec = recorded.at({g, r});
        const std::size_t signal = first_signal + alert_index.at(rules[r].name);
        if (rec.quantity != nullptr) {
          promql::Vector result;
          try {
            const promql::Value v = promql::Evaluator(store).evaluate(*rec.quantity, t_ms);
            if (const auto* vec = std::get_if<promql::Vector>(&v)) result = *vec;
          } catch (const promql::EvalError&) {  // The group logged the rule's error.
          }
          std::set<promql::Labels> now_seen;
          for (auto& e : result) {
            promql::drop_label(e.labels, promql::kMetricName);
            now_seen.insert(e.labels);
            rec.seen.insert(e.labels);
            ctx.recorder.alert_value(signal, e.labels, t, e.value);
          }
          for (const auto& labels : rec.seen)
            if (!now_seen.count(labels)) ctx.recorder.alert_value(signal, labels, t, std::nullopt);
        } else {
          std::set<promql::Labels> now_seen;
          for (const auto& alert : groups[g].active_alerts(r)) {
            promql::Labels labels = alert.labels;
            promql::drop_label(labels, "alertname");
            now_seen.insert(labels);
            rec.seen.insert(labels);
            ctx.recorder.alert_value(signal, labels, t, alert.value);
          }
          for (const auto& labels : rec.seen)
            if (!now_seen.count(labels)) ctx.recorder.alert_value(signal, labels, t, std::nullopt);
        }
      }
      // Each alert of the group: its state changes.
      std::map<std::pair<std::string, promql::Labels>, promql::AlertState> seen;
      for (std::size_t r = 0; r < rules.size(); ++r) {
        if (!rules[r].alerting) continue;
        for (const auto& alert : groups[g].active_alerts(r)) {
          seen[{rules[r].name, alert.labels}] = alert.state;
          if (scraped && alert.state == promql::AlertState::Firing) {
            promql::Labels labels = alert.labels;
            promql::drop_label(labels, "alertname");
            scraped->firing.push_back({t, rules[r].name, std::move(labels), alert.annotations});
          }
        }
      }
      if (scraped && (scraped->evaluations_s.empty() || scraped->evaluations_s.back() != t))
        scraped->evaluations_s.push_back(t);
      for (const auto& [key, state] : seen) {
        const auto before = states.count(key) ? states[key] : promql::AlertState::Inactive;
        if (state != before) note(key.first, key.second, promql::to_string(state));
        if (alertmanager.routes_alerts() && state != before) {
          if (state == promql::AlertState::Firing) {
            alertmanager.alert_fired(first_signal + alert_index.at(key.first), key.second, now());
          } else if (before == promql::AlertState::Firing) {
            alertmanager.alert_resolved(key.second, now());
          }
        }
        states[key] = state;
      }
      std::set<std::string> names;
      for (const auto& rule : rules)
        if (rule.alerting) names.insert(rule.name);
      for (auto it = states.begin(); it != states.end();) {
        if (!names.count(it->first.first) || seen.count(it->first)) {
          ++it;
          continue;
        }
        note(it->first.first, it->first.second,
             it->second == promql::AlertState::Firing ? "resolved" : "inactive");
        if (alertmanager.routes_alerts() && it->second == promql::AlertState::Firing)
          alertmanager.alert_resolved(it->first.second, now());
        it = states.erase(it);
      }
    }
    if (!evaluated) continue;
    // Signals: an alert name fires while any of its alerts fires.
    for (std::size_t i = 0; i < spec.alert_names.size(); ++i) {
      const bool firing = std::any_of(states.begin(), states.end(), [&](const auto& entry) {
        return entry.first.first == spec.alert_names[i] && entry.second == promql::AlertState::Firing;
      });
      if (firing == signal_firing[i]) continue;
      signal_firing[i] = firing;
      if (firing) {
        alertmanager.signal_fired({first_signal + i, now()});
      } else {
        alertmanager.signal_resolved({first_signal + i, now()});
      }
    }
    const auto cut = static_cast<std::int64_t>(std::llround(t * 1000.0)) - keep_ms;
    store.drop_before(cut);
  }
}

namespace {

// Runs a periodic check at offset + k * period until the drill ends: `failed()` says whether this run
// failed; the signal fires at the threshold-th consecutive failure and resolves at the next success.
template <class Check>
void periodic_check(DrillContext& ctx, Alertmanager& alertmanager, std::size_t signal, double offset_s,
                    double period_s, int threshold, Check failed) {
  int consecutive = 0;
  bool firing = false;
  for (std::int64_t k = 0;; ++k) {
    const double t = offset_s + static_cast<double>(k) * period_s;
    if (t >= ctx.scenario.duration_s) return;
    sg4::this_actor::sleep_until(t);
    sync(ctx);
    if (failed()) {
      ++consecutive;
      if (!firing && consecutive >= threshold) {
        firing = true;
        log().info("{} {} fails {} times in a row", ctx.recorder.signal(signal).kind,
                   ctx.recorder.signal(signal).name, consecutive);
        alertmanager.signal_fired({signal, now()});
      }
    } else {
      consecutive = 0;
      if (firing) {
        firing = false;
        alertmanager.signal_resolved({signal, now()});
      }
    }
  }
}

}  // namespace

void probe_actor(DrillContext& ctx, Alertmanager& alertmanager, std::size_t index) {
  const model::ProbeSpec& probe = ctx.scenario.probes[index];
  const int service = ctx.scenario.service_index(probe.service);
  model::Rng rng(ctx.seed, "probe/" + probe.name);
  periodic_check(ctx, alertmanager, signal_index(ctx.scenario).probes + index, probe.offset_s, probe.period_s,
                 probe.failure_threshold, [&] {
                   const auto result = ctx.plane.probe(service, probe.timeout_s, rng);
                   return result.failed || result.latency_s > probe.timeout_s;
                 });
}

void smoke_test_actor(DrillContext& ctx, Alertmanager& alertmanager, std::size_t index) {
  const model::SmokeTestSpec& test = ctx.scenario.smoke_tests[index];
  model::Rng rng(ctx.seed, "smoke/" + test.name);
  periodic_check(ctx, alertmanager, signal_index(ctx.scenario).smoke_tests + index, test.offset_s,
                 test.period_s, test.failure_threshold, [&] {
                   bool failed = false;
                   for (const auto& name : test.flow) {  // Every request of the flow, even after a failure.
                     const auto result =
                         ctx.plane.probe(ctx.scenario.service_index(name), test.timeout_s, rng);
                     failed = failed || result.failed || result.latency_s > test.timeout_s;
                   }
                   return failed;
                 });
}

void integrity_check_actor(DrillContext& ctx, Alertmanager& alertmanager, std::size_t index) {
  const model::IntegrityCheckSpec& check = ctx.scenario.integrity_checks[index];
  const int store = ctx.scenario.store_index(check.store);
  const std::size_t signal = signal_index(ctx.scenario).integrity_checks + index;
  periodic_check(ctx, alertmanager, signal, check.offset_s, check.period_s, 1,
                 [&] { return ctx.plane.corrupted_in_store(store) > 0; });
}

// Customers complain `delay` after the onset, once enough requests failed. The onset is only known as
// the data plane advances, so this actor looks every few seconds; the complaint comes at
// max(onset + delay, the look that saw both).
void complaints_actor(DrillContext& ctx, Alertmanager& alertmanager) {
  const model::ComplaintsSpec& spec = *ctx.scenario.complaints;
  const int service = ctx.scenario.service_index(ctx.recorder.service());
  const std::size_t signal = signal_index(ctx.scenario).complaints;
  model::Rng rng(ctx.seed, "complaints/delay");
  const double delay = spec.delay.sample(rng);
  constexpr double kLook = 5.0;
  for (double t = ctx.scenario.fault->at_s;; t += kLook) {
    if (t >= ctx.scenario.duration_s) return;
    sg4::this_actor::sleep_until(t);
    sync(ctx);
    const auto onset = ctx.plane.first_fault_effect(service);
    if (!onset) continue;
    if (ctx.plane.fault_failures(service, now()).failed < spec.min_failed_requests) continue;
    sg4::this_actor::sleep_until(std::max(now(), *onset + delay));
    sync(ctx);
    log().info("customers complain about {}", ctx.recorder.service());
    alertmanager.signal_fired({signal, now()});
    return;
  }
}

}  // namespace drillsim::engine
