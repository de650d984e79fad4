#include "promql/alertmanager.hpp"

#include <gtest/gtest.h>

namespace drillsim::promql {
namespace {

AlertmanagerConfig config(const std::string& text) {
  return read_alertmanager_config(parse_yaml(text, "am.yml"));
}

std::vector<std::int64_t> times_s(const std::vector<AmNotification>& ns) {
  std::vector<std::int64_t> out;
  for (const auto& n : ns)
    out.push_back(n.t_ms / 1000);
  return out;
}

TEST(Alertmanager, RoutesDepthFirstWithContinueAndInheritance) {
  const AlertmanagerConfig c = config(R"(
route:
  receiver: default
  group_by: [alertname]
  group_wait: 10s
  routes:
    - matchers: ['severity="page"']
      receiver: pager
      group_by: [service]
      continue: true
    - matchers: ['team=~"db|storage"']
      receiver: dba
      routes:
        - match: {env: prod}
          group_wait: 1m
    - match_re: {team: "web.*"}
      receiver: web
receivers: [{name: default}, {name: pager}, {name: dba}, {name: web}]
)");
  // A page for the db team takes the pager route (continue) and then the dba route, whose prod child
  // inherits the receiver and group_by and sets its own group_wait.
  const auto both =
      match_routes(c.route, {{"alertname", "A"}, {"env", "prod"}, {"severity", "page"}, {"team", "db"}});
  ASSERT_EQ(both.size(), 2u);
  EXPECT_EQ(both[0]->receiver, "pager");
  EXPECT_EQ(both[0]->group_by, std::vector<std::string>{"service"});
  EXPECT_EQ(both[1]->id, "0/1/0");
  EXPECT_EQ(both[1]->receiver, "dba");
  EXPECT_EQ(both[1]->group_wait_ms, 60'000);
  EXPECT_EQ(both[1]->group_interval_ms, 300'000);  // the root's default, inherited
  EXPECT_EQ(both[1]->group_by, std::vector<std::string>{"alertname"});
  // No child of dba matches (env=dev): the dba route itself. team=web2 matches the anchored web.*;
  // team=aweb does not and falls to the root.
  EXPECT_EQ(match_routes(c.route, {{"team", "db"}, {"env", "dev"}}).at(0)->id, "0/1");
  EXPECT_EQ(match_routes(c.route, {{"team", "web2"}}).at(0)->receiver, "web");
  EXPECT_EQ(match_routes(c.route, {{"team", "aweb"}}).at(0)->receiver, "default");
}

TEST(Alertmanager, GroupWaitGroupIntervalResolutionAndRepeat) {
  // group_wait 30s, group_interval 5m, repeat 1h; a webhook sends resolved alerts.
  //  A1 at 100 s creates the group: first flush 130 s -> notify [A1].
  //  A2 at 200 s joins; next flush 130 + 300 = 430 -> new firing alert -> notify [A1, A2].
  //  A1 resolves at 500 s; flush 730: nothing new fires but A1 resolved -> notify; A1 leaves.
  //  Flushes every 300 s; repeat when last (730) < t - 3600, i.e. t > 4330 (4330 itself is not):
  //  4630 -> notify [A2].
  //  A2 resolves at 5000 s: flush 4930 still sees it firing; 5230: all resolved -> notify; the group
  //  is then empty and deleted.
  const std::string base = R"(
route:
  receiver: hook
  group_by: [alertname]
  group_wait: 30s
  group_interval: 5m
  repeat_interval: 1h
receivers:
  - name: hook
)";
  const std::vector<AmAlert> alerts = {{{{"alertname", "X"}, {"i", "1"}}, 100'000, 500'000},
                                       {{{"alertname", "X"}, {"i", "2"}}, 200'000, 5'000'000}};
  const auto ns =
      simulate_alertmanager(config(base + "    webhook_configs: [{url: 'http://x'}]\n"), alerts, 10'000'000);
  EXPECT_EQ(times_s(ns), (std::vector<std::int64_t>{130, 430, 730, 4630, 5230}));
  ASSERT_EQ(ns.size(), 5u);
  EXPECT_EQ(ns[1].firing.size(), 2u);
  EXPECT_EQ(ns[2].resolved.size(), 1u);
  EXPECT_EQ(ns[4].firing.size(), 0u);
  EXPECT_EQ(ns[0].group_labels, (Labels{{"alertname", "X"}}));

  // E-mail does not send resolved alerts: A1's resolution at 730 is no news; the repeat counts
  // from 430, so 4330 (> 4030, the first flush after 430 + 3600); the final resolution sends nothing.
  const auto mail =
      simulate_alertmanager(config(base + "    email_configs: [{to: 'a@b'}]\n"), alerts, 10'000'000);
  EXPECT_EQ(times_s(mail), (std::vector<std::int64_t>{130, 430, 4330}));
}

TEST(Alertmanager, InhibitionMutesTargetsWithEqualLabelsWhileTheSourceFires) {
  // Groups by (alertname, service), group_wait 30s. The warning for api is muted at 30 s because
  // the critical for api fires (since 10 s); the warning for web is not (service differs). The
  // critical's group flushes at 40 s. The critical resolves at 100 s; at the api warning group's
  // next flush (30 + 300 = 330 s) it is no longer muted: first notification. The critical's group
  // sends its resolution at 40 + 300 = 340 s.
  const AlertmanagerConfig c = config(R"(
route:
  receiver: hook
  group_by: [alertname, service]
  group_wait: 30s
inhibit_rules:
  - source_matchers: ['severity="critical"']
    target_matchers: ['severity="warning"']
    equal: [service]
receivers: [{name: hook}]
)");
  const std::vector<AmAlert> alerts = {
      {{{"alertname", "Latency"}, {"service", "api"}, {"severity", "warning"}}, 0, -1},
      {{{"alertname", "Latency"}, {"service", "web"}, {"severity", "warning"}}, 0, -1},
      {{{"alertname", "Down"}, {"service", "api"}, {"severity", "critical"}}, 10'000, 100'000}};
  const auto ns = simulate_alertmanager(c, alerts, 600'000);
  ASSERT_EQ(times_s(ns), (std::vector<std::int64_t>{30, 40, 330, 340}));
  EXPECT_EQ(label_value(ns[0].group_labels, "service"), "web");
  EXPECT_EQ(label_value(ns[1].group_labels, "alertname"), "Down");
  EXPECT_EQ(label_value(ns[2].group_labels, "service"), "api");
  EXPECT_EQ(ns[3].resolved.size(), 1u);
}

TEST(Alertmanager, ConfigErrorsAreNamed) {
  EXPECT_THROW(config("route: {receiver: r, matchers: ['a=\"b\"']}"), AlertmanagerConfigError);
  EXPECT_THROW(config("route: {group_wait: 30s}"), AlertmanagerConfigError);
  EXPECT_THROW(config("route: {receiver: r, group_wait: soon}"), AlertmanagerConfigError);
  EXPECT_THROW(config("route: {receiver: r, group_by: ['...', a]}"), AlertmanagerConfigError);
  const AmMatcher m = parse_am_matcher(R"(team !~ "a|b")");
  EXPECT_EQ(m.op, AmMatcher::Op::NotRegex);
  EXPECT_TRUE(m.matches({{"team", "c"}}));
  EXPECT_FALSE(m.matches({{"team", "a"}}));
}

}  // namespace
}  // namespace drillsim::promql
