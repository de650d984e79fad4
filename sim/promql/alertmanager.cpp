#include "promql/alertmanager.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <set>

#include "promql/lexer.hpp"
#include "promql/re2.hpp"

namespace drillsim::promql {

namespace {

[[noreturn]] void fail(const YamlNode& at, const std::string& what) {
  throw AlertmanagerConfigError(std::to_string(at.line) + ":" + std::to_string(at.column) + ": " + what);
}

const std::string& scalar(const YamlNode& n, const std::string& what) {
  if (n.kind != YamlNode::Kind::Scalar) fail(n, what + " must be a scalar");
  return n.scalar;
}

std::int64_t duration(const YamlNode& n, const std::string& what) {
  try {
    return parse_duration_ms(scalar(n, what));
  } catch (const std::invalid_argument&) {
    fail(n, what + ": not a valid duration: \"" + n.scalar + "\"");
  }
}

std::vector<std::string> strings(const YamlNode& n, const std::string& what) {
  if (n.is_null()) return {};
  if (n.kind != YamlNode::Kind::Sequence) fail(n, what + " must be a list");
  std::vector<std::string> out;
  for (const YamlNode& i : n.items)
    out.push_back(scalar(i, what));
  return out;
}

AmMatcher make_matcher(const std::string& name, AmMatcher::Op op, const std::string& value) {
  AmMatcher m;
  m.name = name;
  m.op = op;
  m.value = value;
  if (op == AmMatcher::Op::Regex || op == AmMatcher::Op::NotRegex) {
    try {
      m.regex = std::make_shared<const std::regex>(compile_re2(value, true));
    } catch (const Re2Error& e) {
      throw AlertmanagerConfigError("matcher " + name + ": " + e.what());
    }
  }
  return m;
}

// `matchers` (the current syntax) and the older `match` / `match_re` maps.
std::vector<AmMatcher> matchers(const YamlNode& parent, const std::string& prefix) {
  std::vector<AmMatcher> out;
  if (const YamlNode* n = parent.find(prefix + "matchers")) {
    for (const std::string& text : strings(*n, prefix + "matchers")) {
      try {
        out.push_back(parse_am_matcher(text));
      } catch (const AlertmanagerConfigError& e) {
        fail(*n, e.what());
      }
    }
  }
  for (const char* key : {"match", "match_re"}) {
    const YamlNode* n = parent.find(prefix + key);
    if (n == nullptr || n->is_null()) continue;
    if (n->kind != YamlNode::Kind::Mapping) fail(*n, prefix + key + " must be a mapping");
    for (const auto& [name, v] : n->entries)
      out.push_back(make_matcher(name,
                                 std::string(key) == "match" ? AmMatcher::Op::Equal : AmMatcher::Op::Regex,
                                 scalar(v, prefix + key)));
  }
  return out;
}

void read_route(const YamlNode& n, AmRoute& r, const AmRoute* parent, const std::string& id) {
  if (n.kind != YamlNode::Kind::Mapping) fail(n, "a route must be a mapping");
  if (parent != nullptr) {
    r.receiver = parent->receiver;
    r.group_by = parent->group_by;
    r.group_by_all = parent->group_by_all;
    r.group_wait_ms = parent->group_wait_ms;
    r.group_interval_ms = parent->group_interval_ms;
    r.repeat_interval_ms = parent->repeat_interval_ms;
  }
  r.id = id;
  if (const YamlNode* v = n.find("receiver"); v && !v->is_null()) r.receiver = scalar(*v, "receiver");
  if (const YamlNode* v = n.find("group_by"); v && !v->is_null()) {
    r.group_by = strings(*v, "group_by");
    r.group_by_all = std::find(r.group_by.begin(), r.group_by.end(), "...") != r.group_by.end();
    if (r.group_by_all && r.group_by.size() > 1)
      fail(*v, "cannot have wildcard group_by (`...`) and other labels");
    if (r.group_by_all) r.group_by.clear();
    std::sort(r.group_by.begin(), r.group_by.end());
  }
  if (const YamlNode* v = n.find("group_wait"); v && !v->is_null())
    r.group_wait_ms = duration(*v, "group_wait");
  if (const YamlNode* v = n.find("group_interval"); v && !v->is_null()) {
    r.group_interval_ms = duration(*v, "group_interval");
    if (r.group_interval_ms == 0) fail(*v, "group_interval cannot be zero");
  }
  if (const YamlNode* v = n.find("repeat_interval"); v && !v->is_null()) {
    r.repeat_interval_ms = duration(*v, "repeat_interval");
    if (r.repeat_interval_ms == 0) fail(*v, "repeat_interval cannot be zero");
  }
  if (const YamlNode* v = n.find("continue"); v && !v->is_null())
    r.continue_matching = scalar(*v, "continue") == "true";
  if (const YamlNode* v = n.find("mute_time_intervals"); v && !v->is_null() && !v->items.empty())
    fail(*v, "mute_time_intervals are outside drillsim's Alertmanager subset");
  if (const YamlNode* v = n.find("active_time_intervals"); v && !v->is_null() && !v->items.empty())
    fail(*v, "active_time_intervals are outside drillsim's Alertmanager subset");
  r.matchers = matchers(n, "");
  if (parent == nullptr && !r.matchers.empty()) fail(n, "root route must not have any matchers");
  if (parent == nullptr && r.receiver.empty()) fail(n, "root route must specify a default receiver");
  if (const YamlNode* v = n.find("routes"); v && !v->is_null()) {
    if (v->kind != YamlNode::Kind::Sequence) fail(*v, "routes must be a list");
    for (std::size_t i = 0; i < v->items.size(); ++i) {
      AmRoute child;
      read_route(v->items[i], child, &r, id + "/" + std::to_string(i));
      r.routes.push_back(std::move(child));
    }
  }
}

Labels group_labels(const AmRoute& r, const Labels& labels) {
  if (r.group_by_all) return labels;
  Labels out;
  for (const auto& [k, v] : labels)
    if (std::binary_search(r.group_by.begin(), r.group_by.end(), k) && !v.empty()) out.emplace_back(k, v);
  return out;
}

bool all_match(const std::vector<AmMatcher>& ms, const Labels& labels) {
  return std::all_of(ms.begin(), ms.end(), [&](const AmMatcher& m) { return m.matches(labels); });
}

void collect(const AmRoute& r, const Labels& labels, std::vector<const AmRoute*>& out, bool& matched) {
  matched = false;
  if (!all_match(r.matchers, labels)) return;
  matched = true;
  const std::size_t before = out.size();
  for (const AmRoute& child : r.routes) {
    bool child_matched = false;
    collect(child, labels, out, child_matched);
    if (child_matched && !child.continue_matching) break;
  }
  if (out.size() == before) out.push_back(&r);
}

}  // namespace

bool AmMatcher::matches(const Labels& labels) const {
  const std::string v = label_value(labels, name);
  switch (op) {
    case Op::Equal:
      return v == value;
    case Op::NotEqual:
      return v != value;
    case Op::Regex:
      return std::regex_match(v, *regex);
    case Op::NotRegex:
      return !std::regex_match(v, *regex);
  }
  return false;
}

AmMatcher parse_am_matcher(const std::string& text) {
  static const std::regex re(R"(^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(=~|!~|!=|=)\s*(.*?)\s*$)");
  std::smatch m;
  if (!std::regex_match(text, m, re)) throw AlertmanagerConfigError("bad matcher format: " + text);
  std::string value = m[3].str();
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    std::string unq;
    for (std::size_t i = 1; i + 1 < value.size(); ++i) {
      if (value[i] == '\\' && i + 2 < value.size()) {
        ++i;
        unq += value[i] == 'n' ? '\n' : value[i];
      } else {
        unq += value[i];
      }
    }
    value = unq;
  }
  const std::string op = m[2].str();
  const AmMatcher::Op o = op == "="    ? AmMatcher::Op::Equal
                          : op == "!=" ? AmMatcher::Op::NotEqual
                          : op == "=~" ? AmMatcher::Op::Regex
                                       : AmMatcher::Op::NotRegex;
  return make_matcher(m[1].str(), o, value);
}

bool AlertmanagerConfig::send_resolved(const std::string& receiver) const {
  for (const auto& [name, send] : receivers)
    if (name == receiver) return send;
  return true;
}

AlertmanagerConfig read_alertmanager_config(const YamlNode& root) {
  AlertmanagerConfig c;
  if (root.kind != YamlNode::Kind::Mapping) fail(root, "expected a mapping");
  const YamlNode* route = root.find("route");
  if (route == nullptr) fail(root, "no route provided in config");
  read_route(*route, c.route, nullptr, "0");
  if (const YamlNode* rs = root.find("receivers"); rs && !rs->is_null()) {
    if (rs->kind != YamlNode::Kind::Sequence) fail(*rs, "receivers must be a list");
    for (const YamlNode& r : rs->items) {
      const YamlNode* name = r.find("name");
      if (name == nullptr) fail(r, "missing name on receiver");
      // send_resolved is set per integration; a receiver sends resolved alerts when any of its
      // integrations does (webhook, PagerDuty and Opsgenie default to true; e-mail and Slack to false).
      bool any_integration = false;
      bool send = false;
      for (const auto& [key, v] : r.entries) {
        if (key == "name" || v.kind != YamlNode::Kind::Sequence) continue;
        for (const YamlNode& integ : v.items) {
          any_integration = true;
          bool dflt = !(key == "email_configs" || key == "slack_configs" || key == "pushover_configs" ||
                        key == "telegram_configs" || key == "discord_configs" || key == "msteams_configs" ||
                        key == "sns_configs" || key == "webex_configs" || key == "wechat_configs");
          if (const YamlNode* s = integ.find("send_resolved"); s && !s->is_null())
            dflt = scalar(*s, "send_resolved") == "true";
          send = send || dflt;
        }
      }
      c.receivers.emplace_back(scalar(*name, "name"), any_integration ? send : true);
    }
  }
  if (const YamlNode* ir = root.find("inhibit_rules"); ir && !ir->is_null()) {
    if (ir->kind != YamlNode::Kind::Sequence) fail(*ir, "inhibit_rules must be a list");
    for (const YamlNode& r : ir->items) {
      AmInhibitRule rule;
      rule.source = matchers(r, "source_");
      rule.target = matchers(r, "target_");
      if (const YamlNode* e = r.find("equal")) rule.equal = strings(*e, "equal");
      c.inhibit_rules.push_back(std::move(rule));
    }
  }
  return c;
}

AlertmanagerConfig load_alertmanager_config(const std::filesystem::path& path) {
  try {
    return read_alertmanager_config(load_yaml_file(path));
  } catch (const AlertmanagerConfigError& e) {
    throw AlertmanagerConfigError(path.string() + ":" + e.what());
  }
}

std::vector<const AmRoute*> match_routes(const AmRoute& root, const Labels& labels) {
  std::vector<const AmRoute*> out;
  bool matched = false;
  collect(root, labels, out, matched);
  if (out.empty()) out.push_back(&root);  // the root takes every alert
  return out;
}

AmDispatcher::AmDispatcher(const AlertmanagerConfig& config) : config_(config) {}

bool AmDispatcher::firing_at(const Labels& labels, std::int64_t t) const {
  const auto it = alerts_.find(labels);
  return it != alerts_.end() && it->second.starts_ms <= t &&
         (it->second.ends_ms < 0 || it->second.ends_ms > t);
}

bool AmDispatcher::inhibited(const Labels& target, std::int64_t t) const {
  for (const AmInhibitRule& rule : config_.inhibit_rules) {
    if (!all_match(rule.target, target)) continue;
    const bool two_sided = all_match(rule.source, target);
    for (const auto& [labels, alert] : alerts_) {
      if (!firing_at(labels, t) || !all_match(rule.source, labels)) continue;
      if (two_sided && all_match(rule.target, labels)) continue;
      bool equal = true;
      for (const std::string& l : rule.equal)
        equal = equal && label_value(labels, l) == label_value(target, l);
      if (equal) return true;
    }
  }
  return false;
}

std::vector<AmGroupKey> AmDispatcher::fire(const Labels& labels, std::int64_t t_ms) {
  alerts_[labels] = {t_ms, -1};
  std::vector<AmGroupKey> created;
  for (const AmRoute* r : match_routes(config_.route, labels)) {
    AmGroupKey key{r->id, group_labels(*r, labels)};
    auto [it, is_new] = groups_.try_emplace(key);
    Group& g = it->second;
    if (is_new) {
      g.route = r;
      g.next_flush_ms = t_ms + r->group_wait_ms;
      created.push_back(std::move(key));
    }
    g.alerts.insert(labels);
  }
  return created;
}

void AmDispatcher::resolve(const Labels& labels, std::int64_t t_ms) {
  const auto it = alerts_.find(labels);
  if (it != alerts_.end() && it->second.ends_ms < 0) it->second.ends_ms = t_ms;
}

std::optional<std::int64_t> AmDispatcher::next_flush(const AmGroupKey& key) const {
  const auto it = groups_.find(key);
  if (it == groups_.end()) return std::nullopt;
  return it->second.next_flush_ms;
}

std::optional<std::int64_t> AmDispatcher::next_flush() const {
  std::optional<std::int64_t> next;
  for (const auto& [key, g] : groups_)
    if (!next || g.next_flush_ms < *next) next = g.next_flush_ms;
  return next;
}

std::optional<AmNotification> AmDispatcher::flush(const AmGroupKey& key, std::int64_t t) {
  const auto it = groups_.find(key);
  if (it == groups_.end() || it->second.next_flush_ms != t) return std::nullopt;
  Group& g = it->second;
  g.next_flush_ms = t + g.route->group_interval_ms;
  std::set<Labels> firing;
  std::set<Labels> resolved;
  std::vector<Labels> done;
  for (const Labels& labels : g.alerts) {
    const bool is_firing = firing_at(labels, t);
    if (!is_firing) done.push_back(labels);
    if (inhibited(labels, t)) continue;
    (is_firing ? firing : resolved).insert(labels);
  }
  std::optional<AmNotification> out;
  if (!firing.empty() || !resolved.empty()) {
    const bool send_resolved = config_.send_resolved(g.route->receiver);
    bool update = false;
    if (!g.notified) {
      update = !firing.empty();
    } else if (!std::includes(g.last_firing.begin(), g.last_firing.end(), firing.begin(), firing.end())) {
      update = true;
    } else if (firing.empty()) {
      update = !g.last_firing.empty();
    } else if (send_resolved && !std::includes(g.last_resolved.begin(), g.last_resolved.end(),
                                               resolved.begin(), resolved.end())) {
      update = true;
    } else {
      update = g.last_ms < t - g.route->repeat_interval_ms;
    }
    if (update) {
      if (!firing.empty() || send_resolved) {
        AmNotification n;
        n.t_ms = t;
        n.receiver = g.route->receiver;
        n.route_id = g.route->id;
        n.group_labels = key.second;
        n.firing.assign(firing.begin(), firing.end());
        if (send_resolved) n.resolved.assign(resolved.begin(), resolved.end());
        out = std::move(n);
      }
      g.notified = true;
      g.last_firing = std::move(firing);
      g.last_resolved = std::move(resolved);
      g.last_ms = t;
    }
  }
  for (const Labels& l : done)
    g.alerts.erase(l);
  if (g.alerts.empty()) groups_.erase(it);
  return out;
}

std::vector<AmGroupKey> AmDispatcher::due(std::int64_t t_ms) const {
  std::vector<AmGroupKey> out;
  for (const auto& [key, g] : groups_)
    if (g.next_flush_ms == t_ms) out.push_back(key);
  return out;
}

std::vector<AmNotification> simulate_alertmanager(const AlertmanagerConfig& config,
                                                  const std::vector<AmAlert>& alerts, std::int64_t until_ms) {
  AmDispatcher dispatcher(config);
  std::vector<AmNotification> out;
  std::set<std::int64_t> event_times;
  for (const AmAlert& a : alerts) {
    event_times.insert(a.starts_ms);
    if (a.ends_ms >= 0) event_times.insert(a.ends_ms);
  }
  std::int64_t t = std::numeric_limits<std::int64_t>::min();
  while (true) {
    std::int64_t next = std::numeric_limits<std::int64_t>::max();
    if (auto it = event_times.upper_bound(t); it != event_times.end()) next = *it;
    if (const auto flush = dispatcher.next_flush()) next = std::min(next, *flush);
    if (next > until_ms) break;
    t = next;
    // Resolutions, then arrivals at t (an alert that ends at t no longer fires at t).
    for (const AmAlert& a : alerts)
      if (a.ends_ms == t && a.starts_ms < t) dispatcher.resolve(a.labels, t);
    for (const AmAlert& a : alerts) {
      if (a.starts_ms != t) continue;
      dispatcher.fire(a.labels, t);
      if (a.ends_ms == t) dispatcher.resolve(a.labels, t);
    }
    // Flushes due at t.
    for (const AmGroupKey& key : dispatcher.due(t))
      if (auto n = dispatcher.flush(key, t)) out.push_back(std::move(*n));
  }
  return out;
}

}  // namespace drillsim::promql
