// Alertmanager's configuration, the parts that set timing (`route` tree, `inhibit_rules`,
// receivers' `send_resolved`), and its dispatcher as pure code: which route(s) an alert takes,
// which aggregation group it joins, and when each group notifies. It follows Alertmanager 0.25's
// dispatch/route.go, dispatch/dispatch.go, notify/notify.go (mute and dedup stages) and
// inhibit/inhibit.go with receivers that always succeed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "promql/value.hpp"
#include "promql/yaml.hpp"

namespace drillsim::promql {

class AlertmanagerConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct AmMatcher {
  enum class Op { Equal, NotEqual, Regex, NotRegex };
  std::string name;
  Op op = Op::Equal;
  std::string value;
  std::shared_ptr<const std::regex> regex;  // anchored
  bool matches(const Labels& labels) const;
};
// One matcher in Alertmanager's syntax: `name="value"`, `name=~"re"`, `name!=value`...
// Throws AlertmanagerConfigError.
AmMatcher parse_am_matcher(const std::string& text);

struct AmRoute {
  std::string receiver;
  std::vector<std::string> group_by;  // sorted; empty: one group for the route
  bool group_by_all = false;          // group_by: ['...']
  std::vector<AmMatcher> matchers;
  bool continue_matching = false;
  std::int64_t group_wait_ms = 30'000;
  std::int64_t group_interval_ms = 300'000;
  std::int64_t repeat_interval_ms = 14'400'000;
  std::vector<AmRoute> routes;
  std::string id;  // the path from the root: "0", "0/1", ...
};

struct AmInhibitRule {
  std::vector<AmMatcher> source;
  std::vector<AmMatcher> target;
  std::vector<std::string> equal;
};

struct AlertmanagerConfig {
  AmRoute route;
  std::vector<AmInhibitRule> inhibit_rules;
  std::vector<std::pair<std::string, bool>> receivers;  // name, send_resolved
  bool send_resolved(const std::string& receiver) const;
};

// Reads the YAML of an alertmanager.yml (`route`, `receivers`, `inhibit_rules`; other keys are
// ignored). Children inherit receiver, group_by and the three intervals; the root's defaults are
// Alertmanager's (30s, 5m, 4h). Throws AlertmanagerConfigError / YamlError.
AlertmanagerConfig read_alertmanager_config(const YamlNode& root);
AlertmanagerConfig load_alertmanager_config(const std::filesystem::path& path);

// The routes an alert with `labels` is sent along (route.go's Match: depth first, the first
// matching child unless it has `continue: true`; the parent itself when no child matches).
std::vector<const AmRoute*> match_routes(const AmRoute& root, const Labels& labels);

// An alert as Prometheus sends it: firing from `starts_ms`, resolved at `ends_ms` (-1: still firing
// at the end).
struct AmAlert {
  Labels labels;
  std::int64_t starts_ms = 0;
  std::int64_t ends_ms = -1;
};

struct AmNotification {
  std::int64_t t_ms = 0;
  std::string receiver;
  std::string route_id;
  Labels group_labels;
  std::vector<Labels> firing;    // sorted
  std::vector<Labels> resolved;  // sorted; empty when the receiver does not send resolved alerts
};

// An aggregation group: its route's id and the values of the route's group_by labels.
using AmGroupKey = std::pair<std::string, Labels>;

// Alertmanager's dispatcher, fed alert by alert (what the drill's Alertmanager runs): fire() and
// resolve() at the instant Prometheus sends them, flush() each group at its next_flush(). At one
// instant, fire/resolve come before the flushes due then. Each group flushes `group_wait` after the
// alert that created it, then every `group_interval`, independently of the others (an aggrGroup per
// goroutine in dispatch.go).
class AmDispatcher {
 public:
  // `config` must outlive this.
  explicit AmDispatcher(const AlertmanagerConfig& config);
  // The alert (its labels) fires from t_ms; returns the groups it created.
  std::vector<AmGroupKey> fire(const Labels& labels, std::int64_t t_ms);
  // The alert stops firing at t_ms.
  void resolve(const Labels& labels, std::int64_t t_ms);
  // The group's next flush; nullopt when the group is gone (everything resolved and notified).
  std::optional<std::int64_t> next_flush(const AmGroupKey& key) const;
  // The earliest next flush of any group.
  std::optional<std::int64_t> next_flush() const;
  // The groups whose next flush is at t_ms.
  std::vector<AmGroupKey> due(std::int64_t t_ms) const;
  // Flushes the group if its next flush is t_ms: drops inhibited alerts, returns the notification when
  // one is sent (the rules of simulate_alertmanager below), removes resolved alerts and an empty group.
  std::optional<AmNotification> flush(const AmGroupKey& key, std::int64_t t_ms);

 private:
  struct Group {
    const AmRoute* route = nullptr;
    std::set<Labels> alerts;
    std::int64_t next_flush_ms = 0;
    bool notified = false;  // a notification log entry exists
    std::set<Labels> last_firing;
    std::set<Labels> last_resolved;
    std::int64_t last_ms = 0;
  };
  struct State {
    std::int64_t starts_ms = 0;
    std::int64_t ends_ms = -1;
  };
  bool firing_at(const Labels& labels, std::int64_t t) const;
  bool inhibited(const Labels& target, std::int64_t t) const;

  const AlertmanagerConfig& config_;
  std::map<Labels, State> alerts_;  // per label set, its latest firing
  std::map<AmGroupKey, Group> groups_;
};

// Every notification the alerts cause until `until_ms`, in time order. Alerts arrive at
// `starts_ms`; at one instant, arrivals and resolutions are applied before the flushes due then.
// A group's first flush is `group_wait` after the alert that created it, then every
// `group_interval`. A flush drops inhibited alerts,
// then notifies if a firing alert is new since the last notification, if all have resolved since
// a notification with firing alerts, if one resolved and the receiver sends resolved alerts, or if
// `repeat_interval` has passed since the last notification; resolved alerts then leave the group,
// and an empty group is deleted.
std::vector<AmNotification> simulate_alertmanager(const AlertmanagerConfig& config,
                                                  const std::vector<AmAlert>& alerts, std::int64_t until_ms);

}  // namespace drillsim::promql
