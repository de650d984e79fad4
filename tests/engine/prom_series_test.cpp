// The labelled series the engine scrapes for a scenario's rule files, and the rule files' alerts in a
// drill, on cases whose instants and values follow from the scenario by hand. Each TEST runs in its
// own process (a SimGrid engine per process).
#include "engine/prom_series.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "engine/drill.hpp"
#include "promql/series_store.hpp"
#include "promql/yaml.hpp"
#include "test_scenarios.hpp"

namespace drillsim::engine {
namespace {

using model::Instant;

// "api": 2 stable replicas, 100 req/s, 1 ms service, no error before t = 100 s, every request failing
// from then on; scraped every 10 s, one rule group evaluated every 10 s.
model::Scenario failing_from_100_with_rules(const std::string& rules) {
  auto s = testing::single_service(100.0, 2, 0.001, 400.0);
  model::FaultSpec fault;
  fault.service = "api";
  fault.version = model::Version::Stable;
  fault.at_s = 100.0;
  fault.kind = model::fault::BadRelease{.error_probability = 1.0};
  s.fault = fault;
  model::RuleFilesSpec spec;
  spec.files.push_back({"rules.yml", "rules.yml", rules});
  spec.scrape_interval_s = 10.0;
  spec.evaluation_interval_s = 10.0;
  const auto file = promql::read_rule_file(promql::parse_yaml(rules, "rules.yml"), "rules.yml");
  for (const auto& group : file.groups)
    for (const auto& rule : group.rules)
      if (rule.alerting) {
        spec.alert_names.push_back(rule.name);
        spec.alert_services.push_back("api");
      }
  s.rule_files = spec;
  return s;
}

// The 500 counter is 0 at every scrape up to 100 s (a scrape at t holds the seconds before t) and
// positive at 110 s; increase() over [80 s, 110 s] is then > 0, so the alert (no `for`) fires at the
// evaluation of 110 s, and that is the incident's detection.
TEST(PromSeries, AnErrorCounterRuleFiresAtTheFirstScrapeThatHoldsAnError) {
  const auto s = failing_from_100_with_rules(R"(groups:
  - name: api
    rules:
      - alert: ApiErrors
        expr: sum by (service) (increase(http_requests_total{code="500"}[30s])) > 0
)");
  const auto r = run_drill(s, DrillOptions{});
  ASSERT_EQ(r.signals.size(), 1u);
  EXPECT_EQ(r.signals[0].kind, "rule_file_alert");
  EXPECT_EQ(r.signals[0].fired_s, 110.0);
  ASSERT_TRUE(r.incident);
  EXPECT_EQ(r.incident->timeline.at(Instant::Detect), 110.0);
  EXPECT_EQ(r.incident->detect_signal, "ApiErrors");
}

// `for: 30s` from the first true evaluation (110 s): pending at 110, firing at 140; the transitions
// say so, and the alert carries the rule's labels and the query's.
TEST(PromSeries, PendingThenFiringAfterFor) {
  const auto s = failing_from_100_with_rules(R"(groups:
  - name: api
    rules:
      - alert: ApiErrors
        expr: sum by (service) (increase(http_requests_total{code="500"}[30s])) > 0
        for: 30s
        labels:
          severity: page
)");
  promql::SeriesStore store;
  ScrapedSeries scraped{&store, {}, {}, {}};
  DrillOptions options;
  options.scraped = &scraped;
  const auto r = run_drill(s, options);
  ASSERT_GE(scraped.transitions.size(), 2u);
  EXPECT_EQ(scraped.transitions[0].state, "pending");
  EXPECT_EQ(scraped.transitions[0].t_s, 110.0);
  EXPECT_EQ(scraped.transitions[1].state, "firing");
  EXPECT_EQ(scraped.transitions[1].t_s, 140.0);
  EXPECT_EQ(scraped.transitions[1].labels, R"({alertname="ApiErrors", service="api", severity="page"})");
  EXPECT_EQ(r.signals[0].fired_s, 140.0);
  // Evaluations every 10 s from 0 to 390 s.
  ASSERT_EQ(scraped.evaluations_s.size(), 40u);
  EXPECT_EQ(scraped.evaluations_s[14], 140.0);
}

// The scraped series with the team's names: `service` renamed `app`, the request counter renamed; the
// two pods' `up` is 1; the request counters add up, at every scrape, to the requests the drill
// completed in the seconds before it.
TEST(PromSeries, SeriesCarryTheTeamsNamesAndCountEveryCompletedRequest) {
  auto s = failing_from_100_with_rules(R"(groups:
  - name: api
    rules:
      - alert: ApiErrors
        expr: sum by (app) (increase(my_requests_total{code="500"}[30s])) > 0
)");
  s.rule_files->metric_names = {{"http_requests_total", "my_requests_total"}};
  s.rule_files->label_names = {{"service", "app"}};
  promql::SeriesStore store;
  ScrapedSeries scraped{&store, {}, {}, {}};
  DrillOptions options;
  options.scraped = &scraped;
  const auto r = run_drill(s, options);
  EXPECT_EQ(r.signals[0].fired_s, 110.0);

  const auto name_is = [](const std::string& name) {
    promql::LabelMatcher m;
    m.name = promql::kMetricName;
    m.value = name;
    return m;
  };
  EXPECT_TRUE(store.select({name_is("http_requests_total")}).empty());
  const auto counters = store.select({name_is("my_requests_total")});
  ASSERT_EQ(counters.size(), 2u);  // code 200 and 500 of api's stable version.
  for (const auto* c : counters) {
    EXPECT_EQ(promql::label_value(c->labels, "app"), "api");
    EXPECT_EQ(promql::label_value(c->labels, "service"), "");
    EXPECT_EQ(promql::label_value(c->labels, "version"), "stable");
    EXPECT_EQ(c->samples.size(), 40u);  // 0, 10, ..., 390 s.
  }
  const auto& per_second = r.series[0].total.requests;
  for (std::size_t k = 0; k < 40; ++k) {
    const auto t = static_cast<std::size_t>(k * 10);
    double completed = 0;
    for (std::size_t sec = 0; sec < t; ++sec)
      completed += per_second[sec];
    EXPECT_EQ(counters[0]->samples[k].value + counters[1]->samples[k].value, completed) << "scrape at " << t;
    EXPECT_EQ(counters[0]->samples[k].t_ms, static_cast<std::int64_t>(t) * 1000);
  }
  const auto ups = store.select({name_is("up")});
  ASSERT_EQ(ups.size(), 2u);
  for (const auto* up : ups)
    for (const auto& sample : up->samples)
      EXPECT_EQ(sample.value, 1.0);
}

// How far back the rules read: the largest range plus offset, and never less than the 5-minute
// lookback of an instant selector.
TEST(PromSeries, RetentionIsTheFarthestReachOfTheRules) {
  const auto load = [](const std::string& text) {
    std::vector<promql::RuleFile> files;
    files.push_back(promql::read_rule_file(promql::parse_yaml(text, "r.yml"), "r.yml"));
    return files;
  };

  EXPECT_EQ(retention_ms(load("groups: [{name: g, rules: [{alert: A, expr: up == 0}]}]")), 300000);
  EXPECT_EQ(retention_ms(load("groups: [{name: g, rules: [{alert: A, expr: 'rate(x[1h] offset 5m) > 0'},"
                              " {record: r, expr: 'sum(increase(y[10m]))'}]}]")),
            3900000);
  EXPECT_EQ(retention_ms(load("groups: [{name: g, rules: [{alert: A, expr: 'x offset 10m > 0'}]}]")), 900000);
  // A subquery reaches its range plus what its inner expression reaches from its earliest step:
  // 30m + 5m (the rate's range) + 1m (offset) = 36m.
  EXPECT_EQ(
      retention_ms(load("groups: [{name: g, rules: [{alert: A, expr: 'max_over_time(rate(x[5m])[30m:1m] "
                        "offset 1m) > 0'}]}]")),
      2160000);
  // `@ end()` is the evaluation instant; a fixed `@` instant needs the whole drill.
  EXPECT_EQ(retention_ms(load("groups: [{name: g, rules: [{alert: A, expr: 'rate(x[1h] @ end()) > 0'}]}]")),
            3600000);
  EXPECT_GT(retention_ms(load("groups: [{name: g, rules: [{alert: A, expr: 'x @ 100 > 0'}]}]")),
            std::int64_t{1} << 50);
}

}  // namespace
}  // namespace drillsim::engine
