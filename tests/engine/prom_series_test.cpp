// The labelled series the engine scrapes for a scenario's rule files, and the rule files' alerts in a
// drill, on cases whose instants and values follow from the scenario by hand. Each TEST runs in its
// own process (a SimGrid engine per process).
#include "engine/prom_series.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <set>

#include "engine/drill.hpp"
#include "engine/incident_recorder.hpp"
#include "engine/kube.hpp"
#include "promql/evaluator.hpp"
#include "promql/parser.hpp"
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
  // Codes 200 and 500 of each of api's two stable pods, and of the load balancer's target (the requests
  // no pod answered: none here).
  ASSERT_EQ(counters.size(), 6u);
  std::set<std::string> instances;
  for (const auto* c : counters) {
    EXPECT_EQ(promql::label_value(c->labels, "app"), "api");
    EXPECT_EQ(promql::label_value(c->labels, "service"), "");
    EXPECT_EQ(promql::label_value(c->labels, "version"), "stable");
    EXPECT_EQ(promql::label_value(c->labels, "job"), "api");
    const std::string instance = promql::label_value(c->labels, "instance");
    instances.insert(instance);
    if (instance == "api-stable") {
      EXPECT_EQ(promql::label_value(c->labels, "pod"), "");
      EXPECT_EQ(c->samples.back().value, 0.0);
    } else {
      EXPECT_EQ(promql::label_value(c->labels, "pod"), instance);
      EXPECT_EQ(promql::label_value(c->labels, "namespace"), "default");
    }
    EXPECT_EQ(c->samples.size(), 40u);  // 0, 10, ..., 390 s.
  }
  // The pods' instances are `up`'s.
  const auto ups = store.select({name_is("up")});
  ASSERT_EQ(ups.size(), 2u);
  for (const auto* up : ups) {
    EXPECT_EQ(instances.count(promql::label_value(up->labels, "instance")), 1u);
    for (const auto& sample : up->samples)
      EXPECT_EQ(sample.value, 1.0);
  }
  const auto& per_second = r.series[0].total.requests;
  for (std::size_t k = 0; k < 40; ++k) {
    const auto t = static_cast<std::size_t>(k * 10);
    double completed = 0;
    for (std::size_t sec = 0; sec < t; ++sec)
      completed += per_second[sec];
    double counted = 0;
    for (const auto* c : counters)
      counted += c->samples[k].value;
    EXPECT_EQ(counted, completed) << "scrape at " << t;
    EXPECT_EQ(counters[0]->samples[k].t_ms, static_cast<std::int64_t>(t) * 1000);
  }
}

// Per pod: `sum by (instance)` of the 500s is one alert per pod. Every request fails from 100 s and
// each of the two pods answers about half of 100 req/s, so both pods' counters hold errors at the
// scrape of 110 s and both alerts fire then. The histogram's series per pod add up to the drill's
// requests (`_count`, `le="+Inf"`) and latencies (`_sum`).
TEST(PromSeries, RequestCountersAndHistogramsArePerPod) {
  const auto s = failing_from_100_with_rules(R"(groups:
  - name: api
    rules:
      - alert: PodErrors
        expr: sum by (instance) (increase(http_requests_total{code="500"}[30s])) > 0
)");
  promql::SeriesStore store;
  ScrapedSeries scraped{&store, {}, {}, {}};
  DrillOptions options;
  options.scraped = &scraped;
  const auto r = run_drill(s, options);
  EXPECT_EQ(r.signals[0].fired_s, 110.0);
  std::set<std::string> firing;
  for (const auto& tr : scraped.transitions)
    if (tr.state == "firing") {
      EXPECT_EQ(tr.t_s, 110.0) << tr.labels;
      firing.insert(tr.labels);
    }
  EXPECT_EQ(firing.size(), 2u);

  const auto named = [&](const std::string& name) {
    promql::LabelMatcher m;
    m.name = promql::kMetricName;
    m.value = name;
    return store.select({m});
  };
  const auto counts = named("http_request_duration_seconds_count");
  const auto sums = named("http_request_duration_seconds_sum");
  const auto infs = named("http_request_duration_seconds_bucket");
  ASSERT_EQ(counts.size(), 3u);  // Two pods and the load balancer's target.
  ASSERT_EQ(sums.size(), 3u);
  ASSERT_EQ(infs.size(), 3u * (model::kLatencyBuckets.size() + 1));
  double count = 0;
  double sum = 0;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    count += counts[i]->samples.back().value;
    sum += sums[i]->samples.back().value;
  }
  double inf = 0;
  for (const auto* b : infs)
    if (promql::label_value(b->labels, "le") == "+Inf") inf += b->samples.back().value;
  // The last scrape (390 s) holds the requests completed before it.
  double completed = 0;
  for (std::size_t sec = 0; sec < 390; ++sec)
    completed += r.series[0].total.requests[sec];
  EXPECT_EQ(count, completed);
  EXPECT_EQ(inf, completed);
  EXPECT_GT(sum, 0.0);
  EXPECT_LT(sum, completed * 0.1);
}

// kube-state-metrics' per-pod series under a crash loop, with the timeline of
// Faults.CrashLoopBacksOffTenSecondsDoubling (one pod, Ready 5 s after a restart, crash 30 s after Ready,
// from 100 s): crashes at 130, 175, 230, 305, 420 s, each followed by CrashLoopBackOff's 10, 20, 40, 80,
// 160 s (restarts at 140, 195, 270, 385, 580 s). Scrapes at 2 + 5k s (no scrape at a crash instant):
// the pod's restart counter is the number of crashes before the scrape, and waiting_reason is there
// exactly at the scrapes inside a back-off. The alert on it fires at the first, 132 s.
TEST(PromSeries, ACrashLoopingPodCountsItsRestartsAndWaitsInCrashLoopBackOff) {
  auto s = testing::single_service(50.0, 1, 0.001, 600.0);
  s.services[0].pods.start = model::Distribution::fixed(5.0);
  s.services[0].pods.readiness_period_s = 1.0;
  model::FaultSpec fault;
  fault.service = "api";
  fault.version = model::Version::Stable;
  fault.at_s = 100.0;
  fault.kind = model::fault::CrashLoop{.crash_after_s = 30.0};
  s.fault = fault;
  model::RuleFilesSpec spec;
  spec.files.push_back({"rules.yml", "rules.yml", R"(groups:
  - name: api
    rules:
      - alert: ApiCrashLooping
        expr: kube_pod_container_status_waiting_reason{reason="CrashLoopBackOff"} == 1
)"});
  spec.scrape_interval_s = 5.0;
  spec.scrape_offset_s = 2.0;
  spec.evaluation_interval_s = 5.0;
  spec.evaluation_offset_s = 2.0;
  spec.alert_names = {"ApiCrashLooping"};
  spec.alert_services = {"api"};
  s.rule_files = spec;
  promql::SeriesStore store;
  ScrapedSeries scraped{&store, {}, {}, {}};
  DrillOptions options;
  options.scraped = &scraped;
  const auto r = run_drill(s, options);
  EXPECT_EQ(r.signals[0].fired_s, 132.0);

  const auto name_is = [](const std::string& name) {
    promql::LabelMatcher m;
    m.name = promql::kMetricName;
    m.value = name;
    return m;
  };
  const std::vector<double> crashes{130, 175, 230, 305, 420};
  const std::vector<double> restarts{140, 195, 270, 385, 580};
  const auto restart_series = store.select({name_is("kube_pod_container_status_restarts_total")});
  ASSERT_EQ(restart_series.size(), 1u);
  const std::string pod = promql::label_value(restart_series[0]->labels, "pod");
  EXPECT_EQ(pod.rfind("api-stable-", 0), 0u);
  EXPECT_EQ(promql::label_value(restart_series[0]->labels, "container"), "api");
  ASSERT_EQ(restart_series[0]->samples.size(), 120u);  // 2, 7, ..., 597 s
  for (const auto& sample : restart_series[0]->samples) {
    const double t = static_cast<double>(sample.t_ms) / 1000.0;
    const auto before = std::count_if(crashes.begin(), crashes.end(), [&](double c) { return c < t; });
    EXPECT_EQ(sample.value, static_cast<double>(before)) << "scrape at " << t;
  }
  const auto waiting = store.select({name_is("kube_pod_container_status_waiting_reason")});
  ASSERT_EQ(waiting.size(), 1u);
  EXPECT_EQ(promql::label_value(waiting[0]->labels, "pod"), pod);
  std::vector<double> present;
  for (const auto& sample : waiting[0]->samples)
    if (!promql::is_stale_nan(sample.value)) present.push_back(static_cast<double>(sample.t_ms) / 1000.0);
  std::vector<double> expected;
  for (double t = 2; t < 600; t += 5)
    for (std::size_t k = 0; k < crashes.size(); ++k)
      if (crashes[k] <= t && t < restarts[k]) expected.push_back(t);
  EXPECT_EQ(present, expected);
  EXPECT_EQ(expected.front(), 132.0);
}

// The engine's parts without SimGrid, driven by hand: the test advances the data plane, crashes or
// deletes pods at instants of its choosing, and scrapes.
struct Rig {
  explicit Rig(model::Scenario scenario)
      : s(std::move(scenario)),
        endpoints(s),
        levers(s),
        plane(s, 1, endpoints, levers),
        cluster(s, plane, endpoints, 1),
        recorder(s),
        faults(s.services.size()),
        ctx{.scenario = s, .plane = plane, .cluster = cluster, .levers = levers, .recorder = recorder,
            .faults = faults, .seed = 1},
        series(ctx, spec) {}
  void scrape(double t_s) {
    plane.advance_to(t_s);
    series.scrape(t_s, store, nullptr);
  }
  // The requests of api's stable version completed in the whole seconds [first, end).
  double completed(std::int64_t first, std::int64_t end) const {
    return static_cast<double>(plane.counts(0, model::Version::Stable, first, end).requests);
  }
  std::vector<const promql::Series*> select(const std::string& name, const std::string& label = "",
                                            const std::string& value = "") const {
    std::vector<promql::LabelMatcher> matchers(1);
    matchers[0].name = promql::kMetricName;
    matchers[0].value = name;
    if (!label.empty()) {
      matchers.emplace_back();
      matchers.back().name = label;
      matchers.back().value = value;
    }
    return store.select(matchers);
  }
  double evaluate(const std::string& expression, double t_s) const {
    const auto value = promql::Evaluator(store).evaluate(*promql::parse_expression(expression),
                                                         static_cast<std::int64_t>(t_s * 1000));
    const auto& vector = std::get<promql::Vector>(value);
    EXPECT_EQ(vector.size(), 1u) << expression;
    return vector.empty() ? -1.0 : vector[0].value;
  }

  model::Scenario s;
  Endpoints endpoints;
  FaultLevers levers;
  DataPlane plane;
  Cluster cluster;
  IncidentRecorder recorder;
  FaultState faults;
  DrillContext ctx;
  model::RuleFilesSpec spec;
  PromSeries series;
  promql::SeriesStore store;
};

// The value of each scrape of a series (NaN where it is absent or stale), by scrape instant.
std::map<double, double> by_instant(const promql::Series& series) {
  std::map<double, double> values;
  for (const auto& sample : series.samples)
    values[static_cast<double>(sample.t_ms) / 1000.0] =
        promql::is_stale_nan(sample.value) ? std::numeric_limits<double>::quiet_NaN() : sample.value;
  return values;
}

// A pod's request counters live in its container, as a client library's do. api has one pod (100 req/s,
// 1 ms, no error), scraped every 5 s. Its container crashes at 52 s (the requests it holds fail), waits
// out its back-off until 60 s, starts again and is Ready at 65 s. By hand, the pod's request count
// (codes 200 and 500 together) at each scrape:
// - up to 50 s, every request completed before the scrape (the pod answers them all);
// - 55 s: the container is down, the scrape fails: a staleness marker;
// - 60 s: the new container runs and has answered nothing: 0 (a counter reset); 65 s: still 0 (it is
//   Ready at 65 s: no request completed before);
// - from 70 s, the requests completed in [65 s, t) (those arriving in [52, 65) found no Ready pod and
//   failed at once at the load balancer's target).
// The requests completed in [50, 52) were never scraped: they are lost with the process, as in
// Prometheus. So over [0, 120 s] (samples on both ends, no extrapolation) increase() is
// count[0, 50) + count[65, 120), and resets() is 1.
TEST(PromSeries, ARestartedContainersCountersStartAgainFromZero) {
  Rig rig(testing::single_service(100.0, 1, 0.001, 200.0));
  const std::uint64_t uid = rig.cluster.pod_views(0, model::Version::Stable).at(0).uid;
  for (int t = 0; t <= 120; t += 5) {
    if (t == 55) {
      rig.plane.advance_to(52.0);
      ASSERT_TRUE(rig.cluster.crash(0, model::Version::Stable, uid, 52.0, 65.0));
      rig.faults.container_restarted(0, 52.0, false);
      rig.faults.pod_restarted(0, uid, 52.0, 60.0);
    }
    rig.scrape(t);
  }
  const std::string pod = "api-stable-" + std::to_string(uid);
  const auto ok = rig.select("http_requests_total", "pod", pod);
  ASSERT_EQ(ok.size(), 2u);  // code 200 and 500
  const auto c200 = by_instant(*ok[0]);
  const auto c500 = by_instant(*ok[1]);
  ASSERT_EQ(c200.size(), 25u);
  for (int t = 0; t <= 120; t += 5) {
    const double value = c200.at(t) + c500.at(t);
    if (t <= 50) {
      EXPECT_EQ(value, rig.completed(0, t)) << "scrape at " << t;
    } else if (t == 55) {
      EXPECT_TRUE(std::isnan(value)) << "scrape at " << t;
    } else if (t <= 65) {
      EXPECT_EQ(value, 0.0) << "scrape at " << t;
    } else {
      EXPECT_EQ(value, rig.completed(65, t)) << "scrape at " << t;
    }
  }
  EXPECT_GT(c200.at(50), 4000.0);
  EXPECT_GT(c200.at(120), 5000.0);
  // `_count` and the +Inf bucket reset with it.
  const auto count = by_instant(*rig.select("http_request_duration_seconds_count", "pod", pod).at(0));
  EXPECT_EQ(count.at(50), c200.at(50));
  EXPECT_EQ(count.at(60), 0.0);
  EXPECT_EQ(count.at(120), c200.at(120));
  // The load balancer's target is no process: it never resets.
  const auto lb = by_instant(*rig.select("http_request_duration_seconds_count", "instance", "api-stable").at(0));
  EXPECT_EQ(lb.at(50), 0.0);
  EXPECT_GT(lb.at(65), 1000.0);  // 13 s of requests failed at once
  EXPECT_EQ(lb.at(120), lb.at(70));

  const std::string selector = "http_requests_total{code=\"200\", pod=\"" + pod + "\"}";
  EXPECT_EQ(rig.evaluate("resets(" + selector + "[2m])", 120.0), 1.0);
  EXPECT_EQ(rig.evaluate("increase(" + selector + "[2m])", 120.0), rig.completed(0, 50) + rig.completed(65, 120));
  // `up` is 0 while the container is down or not Ready yet.
  const auto up = by_instant(*rig.select("up", "instance", pod).at(0));
  EXPECT_EQ(up.at(50), 1.0);
  EXPECT_EQ(up.at(55), 0.0);
  EXPECT_EQ(up.at(60), 0.0);
  EXPECT_EQ(up.at(65), 1.0);
}

// A deleted pod is Terminating: it leaves the endpoints at once (no new request), but its process
// still answers the requests it holds, and its exporter is scraped until the process exits. api has 2
// pods (5 req/s each, 0.5 s of work: each queue grows); one is deleted at 100 s, its application
// ignores SIGTERM, so it is killed at the grace period, 130 s. Scraped every second: up to 129 s, the
// counters of every target add up to every request completed before the scrape (the deleted pod's
// requests completed after 100 s included); at 130 s its series get a staleness marker. The requests
// it still held at 130 s fail: each is a 500 of the load balancer's target in its due second.
TEST(PromSeries, ATerminatingPodsRequestsCountInItsSeriesUntilItExits) {
  auto scenario = testing::single_service(10.0, 2, 0.5, 200.0);
  scenario.services[0].versions[0].shutdown = model::Distribution::fixed(1000.0);
  Rig rig(std::move(scenario));
  std::set<std::uint64_t> before;
  for (const auto& pod : rig.cluster.pod_views(0, model::Version::Stable))
    before.insert(pod.uid);
  double gone = 0;
  for (int t = 0; t <= 200; ++t) {
    if (t == 100) {
      rig.plane.advance_to(100.0);
      gone = rig.cluster.scale(0, model::Version::Stable, 1, 100.0);
    }
    rig.scrape(t);
  }
  EXPECT_EQ(gone, 130.0);
  const auto left = rig.cluster.pod_views(0, model::Version::Stable);
  ASSERT_EQ(left.size(), 1u);
  before.erase(left[0].uid);
  ASSERT_EQ(before.size(), 1u);
  const std::string deleted = "api-stable-" + std::to_string(*before.begin());

  const auto counters = rig.select("http_requests_total");
  ASSERT_EQ(counters.size(), 6u);  // 2 pods and the load balancer's target, codes 200 and 500
  for (int t = 0; t < 130; ++t) {
    double counted = 0;
    for (const auto* c : counters)
      counted += by_instant(*c).at(t);
    EXPECT_EQ(counted, rig.completed(0, t)) << "scrape at " << t;
  }
  const auto ok = by_instant(*rig.select("http_requests_total", "pod", deleted).at(0));
  EXPECT_GT(ok.at(129), ok.at(100));  // It answered requests while it terminated.
  EXPECT_TRUE(std::isnan(ok.at(130)));
  EXPECT_EQ(ok.count(131), 0u);
  const auto up = by_instant(*rig.select("up", "instance", deleted).at(0));
  EXPECT_EQ(up.at(129), 1.0);
  EXPECT_TRUE(std::isnan(up.at(130)));
  // Its requests held at 130 s fail at the load balancer's target (no request is failed at once there:
  // a Ready pod is always left).
  const auto lb500 = by_instant(*rig.select("http_requests_total", "instance", "api-stable").at(1));
  EXPECT_EQ(lb500.at(130), 0.0);
  EXPECT_GT(lb500.at(200), 0.0);
}

// Only the series the rules read are scraped (unless the drill exports them): the metric names of
// their selectors; every series when a selector has no fixed name or a template may query anything.
TEST(PromSeries, MetricsReadAreTheNamesOfTheRulesSelectors) {
  const auto load = [](const std::string& text) {
    std::vector<promql::RuleFile> files;
    files.push_back(promql::read_rule_file(promql::parse_yaml(text, "r.yml"), "r.yml"));
    return files;
  };
  EXPECT_EQ(metrics_read(load("groups: [{name: g, rules: [{alert: A, expr: 'up == 0'},"
                              " {record: r, expr: 'sum(rate(x[5m])) / sum(rate(y[5m] @ 100))'},"
                              " {alert: B, expr: 'topk(scalar(z), r) > 0'}]}]")),
            (std::set<std::string>{"r", "up", "x", "y", "z"}));
  EXPECT_EQ(metrics_read(load("groups: [{name: g, rules: [{alert: A, expr: '{job=\"api\"} == 0'}]}]")),
            std::nullopt);
  EXPECT_EQ(
      metrics_read(load("groups: [{name: g, rules: [{alert: A, expr: 'up == 0',"
                        " annotations: {d: '{{ with query \"x\" }}{{ . | first | value }}{{ end }}'}}]}]")),
      std::nullopt);
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
