#include "montecarlo/aggregate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "montecarlo/seeds.hpp"
#include "montecarlo/stats.hpp"

namespace drillsim::montecarlo {

namespace {

using Json = nlohmann::ordered_json;

constexpr int kHistogramBins = 20;
constexpr std::array<std::pair<const char*, double>, 5> kQuantiles{
    {{"p5", 0.05}, {"p50", 0.50}, {"p90", 0.90}, {"p95", 0.95}, {"p99", 0.99}}};
// Fewer runs than this with an input drawn: no attribution for it.
constexpr std::size_t kMinAttributionRuns = 20;

Json number_or_null(double value) {
  return std::isfinite(value) ? Json(value) : Json(nullptr);
}

Json proportion(std::uint64_t k, std::uint64_t n, double confidence) {
  if (n == 0)
    return Json{{"count", 0}, {"of", 0}, {"p", nullptr}, {"wilson", nullptr}, {"clopper_pearson", nullptr}};
  const Interval w = wilson_interval(k, n, confidence);
  const Interval cp = clopper_pearson_interval(k, n, confidence);
  return Json{{"count", k},
              {"of", n},
              {"p", static_cast<double>(k) / static_cast<double>(n)},
              {"wilson", Json::array({w.lo, w.hi})},
              {"clopper_pearson", Json::array({cp.lo, cp.hi})}};
}

Json distribution(std::vector<double> values, std::uint64_t runs) {
  Json json{{"runs", values.size()}, {"missing", runs - values.size()}};
  if (values.empty()) return json;
  std::sort(values.begin(), values.end());
  double sum = 0.0;
  for (const double v : values)
    sum += v;
  json["mean"] = sum / static_cast<double>(values.size());
  json["min"] = values.front();
  json["max"] = values.back();
  Json q = Json::object();
  for (const auto& [name, p] : kQuantiles)
    q[name] = quantile(values, p);
  json["quantiles"] = std::move(q);
  const Histogram h = histogram(values, kHistogramBins);
  json["histogram"] = Json{{"lo", h.lo}, {"hi", h.hi}, {"counts", h.counts}};
  return json;
}

struct Metric {
  const char* name;
  std::optional<double> (*get)(const RunSummary&);
};
const std::array<Metric, 10> kMetrics{{
    {"time_to_detect_s", [](const RunSummary& s) { return s.time_to_detect_s; }},
    {"time_to_decide_s", [](const RunSummary& s) { return s.time_to_decide_s; }},
    {"time_to_rollback_s", [](const RunSummary& s) { return s.time_to_rollback_s; }},
    {"time_to_restore_s", [](const RunSummary& s) { return s.time_to_restore_s; }},
    {"downtime_s", [](const RunSummary& s) { return std::optional<double>(s.downtime_s); }},
    {"requests_failed",
     [](const RunSummary& s) { return std::optional<double>(static_cast<double>(s.requests_failed)); }},
    {"users_affected",
     [](const RunSummary& s) { return std::optional<double>(static_cast<double>(s.users_affected)); }},
    {"data_loss_window_s", [](const RunSummary& s) { return std::optional<double>(s.data_loss_window_s); }},
    {"writes_lost",
     [](const RunSummary& s) { return std::optional<double>(static_cast<double>(s.writes_lost)); }},
    {"restore_or_censored_s", [](const RunSummary& s) { return s.restore_or_censored_s; }},
}};

Json attribution(const RunTable& runs) {
  std::set<std::string> names;
  runs.for_each([&](const RunSummary& run) {
    for (const auto& in : run.inputs)
      names.insert(in.name);
  });
  struct Row {
    std::string name;
    std::size_t n = 0;
    double rho = NAN;
    double rho_miss = NAN;
    double eta2 = NAN;
    double floor = NAN;
    double mean = NAN;
  };
  std::vector<Row> rows;
  for (const auto& name : names) {
    std::vector<double> x;
    std::vector<double> y;
    std::vector<double> miss;
    runs.for_each([&](const RunSummary& run) {
      if (!run.restore_or_censored_s) return;
      const auto it = std::find_if(run.inputs.begin(), run.inputs.end(),
                                   [&](const Input& in) { return in.name == name; });
      if (it == run.inputs.end()) return;
      x.push_back(it->value);
      y.push_back(*run.restore_or_censored_s);
      bool missed = false;
      for (const auto& o : run.objectives)
        missed = missed || !o.rto_met;
      miss.push_back(missed ? 1.0 : 0.0);
    });
    Row row{name, x.size()};
    if (!x.empty()) {
      double sum = 0.0;
      for (const double v : x)
        sum += v;
      row.mean = sum / static_cast<double>(x.size());
    }
    if (x.size() >= kMinAttributionRuns) {
      const int bins = std::clamp(static_cast<int>(std::sqrt(static_cast<double>(x.size()))), 2, 20);
      row.rho = spearman(x, y);
      row.rho_miss = spearman(x, miss);
      row.eta2 = correlation_ratio(x, y, bins);
      row.floor = static_cast<double>(bins - 1) / static_cast<double>(x.size() - 1);
    }
    rows.push_back(row);
  }
  // Ranked by the first-order index, then by |rho|; inputs without a figure last, by name.
  const auto key = [](double v) { return std::isfinite(v) ? v : -1.0; };
  std::stable_sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) {
    if (key(a.eta2) != key(b.eta2)) return key(a.eta2) > key(b.eta2);
    return key(std::abs(a.rho)) > key(std::abs(b.rho));
  });
  Json table = Json::array();
  for (const auto& row : rows) {
    table.push_back({{"input", row.name},
                     {"runs", row.n},
                     {"mean", number_or_null(row.mean)},
                     {"spearman_time_to_restore", number_or_null(row.rho)},
                     {"spearman_rto_missed", number_or_null(row.rho_miss)},
                     {"first_order_index", number_or_null(row.eta2)},
                     {"first_order_noise_floor", number_or_null(row.floor)}});
  }
  return Json{{"target", "restore_or_censored_s"}, {"inputs", std::move(table)}};
}

std::string label(const std::vector<std::string>& names, std::size_t i) {
  return i < names.size() ? names[i] : "aggregate " + std::to_string(i + 1);
}

// An aggregate's statistics with its per-run table in place, as one JSON tree.
Json with_rows(Json json, const RunTable& table) {
  Json rows = Json::array();
  table.for_each([&](const RunSummary& run) { rows.push_back(to_json(run)); });
  json["per_run"] = std::move(rows);
  return json;
}

}  // namespace

RunRange shard_range(std::uint64_t runs, std::uint64_t index, std::uint64_t count) {
  // Both below 10^9 (the CLI's limit), so the product fits in 64 bits.
  const auto at = [&](std::uint64_t i) { return i * runs / count; };
  return {at(index), at(index + 1)};
}

Json build_aggregate(const Study& study, std::vector<RunSummary> runs) {
  const RunTable table(runs);
  return with_rows(build_aggregate_statistics(study, table), table);
}

std::string per_run_placeholder(std::size_t table) {
  // Control characters: dump() escapes them, and no scenario text can produce this exact value.
  return fmt::format("\x01per_run table {}\x01", table);
}

void write_json_with_tables(const Json& document, const std::vector<const std::vector<RunSummary>*>& tables,
                            const std::function<void(std::string_view)>& write) {
  std::vector<RunTable> copies;
  copies.reserve(tables.size());
  for (const auto* table : tables)
    copies.emplace_back(*table);
  std::vector<const RunTable*> pointers;
  for (const auto& table : copies)
    pointers.push_back(&table);
  write_json_with_tables(document, pointers, write);
}

void write_json_with_tables(const Json& document, const std::vector<const RunTable*>& tables,
                            const std::function<void(std::string_view)>& write) {
  const std::string text = document.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
  std::size_t at = 0;
  for (std::size_t k = 0; k < tables.size(); ++k) {
    const std::string mark = Json(per_run_placeholder(k)).dump();
    const std::size_t where = text.find(mark, at);
    if (where == std::string::npos) throw std::logic_error("write_json_with_tables: no placeholder " + mark);
    // The placeholder's line gives the indentation of the array's closing bracket.
    const std::size_t line = text.rfind('\n', where) + 1;
    std::size_t indent = 0;
    while (text[line + indent] == ' ')
      ++indent;
    write(std::string_view(text).substr(at, where - at));
    const RunTable& rows = *tables[k];
    if (rows.empty()) {
      write("[]");
    } else {
      write("[\n");
      const std::string pad(indent + 2, ' ');
      std::size_t r = 0;
      rows.for_each([&](const RunSummary& run) {
        const std::string row = to_json(run).dump(2, ' ', false, Json::error_handler_t::replace);
        std::string out = pad;
        for (const char c : row) {
          out += c;
          if (c == '\n') out += pad;
        }
        out += ++r < rows.size() ? ",\n" : "\n";
        write(out);
      });
      write(std::string(indent, ' ') + "]");
    }
    at = where + mark.size();
  }
  write(std::string_view(text).substr(at));
}

Json build_aggregate_statistics(const Study& study, std::vector<RunSummary>& runs, std::size_t table_index) {
  std::sort(runs.begin(), runs.end(), [](const RunSummary& a, const RunSummary& b) { return a.run < b.run; });
  return build_aggregate_statistics(study, RunTable(runs), table_index);
}

Json build_aggregate_statistics(const Study& study, const RunTable& runs, std::size_t table_index) {
  const std::uint64_t n = runs.size();
  const RunSummary first_run = runs.empty() ? RunSummary{} : runs.front();
  Json json{
      {"kind", "aggregate"},
      {"format", kAggregateFormat},
      {"generator", study.generator},
      {"scenario",
       {{"name", study.scenario_name}, {"file", study.scenario_file}, {"duration_s", study.duration_s}}},
      {"settings", study.settings},
      {"seed", study.seed},
      {"seed_derivation", "splitmix64(seed, run) >> 11"},
      {"runs", study.runs}};
  if (study.shard_index && study.shard_count) {
    const RunRange range = shard_range(study.runs, *study.shard_index, *study.shard_count);
    json["shard"] = {{"index", *study.shard_index},
                     {"count", *study.shard_count},
                     {"first_run", range.first},
                     {"end_run", range.end}};
  }
  json["runs_included"] = n;
  json["confidence"] = study.confidence;
  std::uint64_t with_violations = 0;
  runs.for_each([&](const RunSummary& run) { with_violations += run.violations.empty() ? 0 : 1; });
  json["runs_with_violations"] = with_violations;

  // Objectives, in the scenario's order (every run lists the same ones).
  Json objectives = Json::array();
  if (!runs.empty()) {
    for (std::size_t o = 0; o < first_run.objectives.size(); ++o) {
      const auto& first = first_run.objectives[o];
      std::uint64_t rto = 0;
      std::uint64_t rpo = 0;
      std::uint64_t both = 0;
      std::vector<double> restore;
      runs.for_each([&](const RunSummary& run) {
        const auto& outcome = run.objectives.at(o);
        rto += outcome.rto_met ? 1 : 0;
        rpo += outcome.rpo_met ? 1 : 0;
        both += outcome.rto_met && outcome.rpo_met ? 1 : 0;
        if (outcome.time_to_restore_s) restore.push_back(*outcome.time_to_restore_s);
      });
      objectives.push_back({{"service", first.service},
                            {"rto_s", first.rto_s},
                            {"rpo_s", first.rpo_s},
                            {"rto_met", proportion(rto, n, study.confidence)},
                            {"rpo_met", proportion(rpo, n, study.confidence)},
                            {"both_met", proportion(both, n, study.confidence)},
                            {"time_to_restore_s", distribution(restore, n)}});
    }
  }
  json["objectives"] = std::move(objectives);

  Json metrics = Json::object();
  for (const auto& metric : kMetrics) {
    std::vector<double> values;
    runs.for_each([&](const RunSummary& run) {
      if (const auto v = metric.get(run)) values.push_back(*v);
    });
    metrics[metric.name] = distribution(std::move(values), n);
  }
  json["metrics"] = std::move(metrics);

  std::map<std::string, std::uint64_t> exits;
  runs.for_each([&](const RunSummary& run) { ++exits[run.exit_state]; });
  Json exit_states = Json::object();
  for (const auto& [state, count] : exits)
    exit_states[state] = proportion(count, n, study.confidence);
  json["exit_states"] = std::move(exit_states);

  Json levels = Json::array();
  if (!runs.empty()) {
    for (std::size_t l = 0; l < first_run.levels.size(); ++l) {
      std::uint64_t judged = 0;
      std::uint64_t met = 0;
      runs.for_each([&](const RunSummary& run) {
        const auto& claim = run.levels.at(l).met;
        if (!claim) return;
        ++judged;
        met += *claim ? 1 : 0;
      });
      Json level = proportion(met, judged, study.confidence);
      level["level"] = first_run.levels[l].level;
      level["not_judged"] = n - judged;
      levels.push_back(std::move(level));
    }
  }
  json["levels"] = std::move(levels);
  json["attribution"] = attribution(runs);
  json["per_run"] = per_run_placeholder(table_index);
  return json;
}

Study study_from_aggregate(const Json& json) {
  try {
    if (json.at("kind") != "aggregate")
      throw AggregateError("not an aggregate report (\"kind\" is not \"aggregate\")");
    if (json.at("format") != kAggregateFormat)
      throw AggregateError("aggregate format " + json.at("format").dump() + ", this drillsim reads format " +
                           std::to_string(kAggregateFormat));
    Study study;
    study.generator = json.at("generator").get<std::string>();
    study.scenario_name = json.at("scenario").at("name").get<std::string>();
    study.scenario_file = json.at("scenario").at("file").get<std::string>();
    study.duration_s = json.at("scenario").at("duration_s").get<double>();
    study.settings = json.at("settings");
    study.seed = json.at("seed").get<std::uint64_t>();
    study.runs = json.at("runs").get<std::uint64_t>();
    study.confidence = json.at("confidence").get<double>();
    if (json.contains("shard")) {
      study.shard_index = json.at("shard").at("index").get<std::uint64_t>();
      study.shard_count = json.at("shard").at("count").get<std::uint64_t>();
    }
    return study;
  } catch (const nlohmann::json::exception& e) {
    throw AggregateError(std::string("not a readable aggregate report: ") + e.what());
  }
}

std::vector<RunSummary> runs_from_aggregate(const Json& json) {
  std::vector<RunSummary> runs;
  try {
    for (const auto& row : json.at("per_run"))
      runs.push_back(summary_from_json(row));
  } catch (const std::exception& e) {
    throw AggregateError(e.what());
  }
  return runs;
}

Json read_aggregate_streaming(std::istream& in, RunTable& runs, std::size_t max_depth) {
  bool in_rows = false;
  const Json::parser_callback_t keep = [&](int depth, Json::parse_event_t event, Json& parsed) {
    // `depth` counts the arrays and objects around the one that starts here.
    if ((event == Json::parse_event_t::object_start || event == Json::parse_event_t::array_start) &&
        static_cast<std::size_t>(depth) >= max_depth)
      throw AggregateTooDeep("nested deeper than the limit of " + std::to_string(max_depth));
    if (event == Json::parse_event_t::key && depth == 1) in_rows = parsed == "per_run";
    if (event != Json::parse_event_t::object_end || depth != 2 || !in_rows) return true;
    try {
      runs.add(summary_from_json(parsed));
    } catch (const std::exception& e) {
      throw AggregateError(e.what());
    }
    return false;  // The row is in the table: dropped from the document.
  };
  return Json::parse(in, keep);
}

void AggregateMerger::add(const Json& header, const RunTable& rows, const std::string& name) {
  const std::size_t i = names_.size();
  names_.push_back(name.empty() ? label({}, i) : name);
  const Study other = study_from_aggregate(header);
  if (i == 0) {
    study_ = other;
    owner_.assign(study_.runs, 0);
  }
  const auto differs = [&](const char* what) {
    throw AggregateError(names_[i] + " is not from the same study as " + names_[0] + ": its " + what +
                         " differs");
  };
  if (other.generator != study_.generator) differs("generator (drillsim version)");
  if (other.scenario_name != study_.scenario_name || other.scenario_file != study_.scenario_file ||
      other.duration_s != study_.duration_s)
    differs("scenario");
  if (other.settings != study_.settings) differs("--set settings");
  if (other.seed != study_.seed) differs("seed");
  if (other.runs != study_.runs) differs("number of runs");
  if (other.confidence != study_.confidence) differs("confidence");
  rows.for_each([&](const RunSummary& run) {
    if (run.run >= study_.runs)
      throw AggregateError(names_[i] + " holds run " + std::to_string(run.run) + " of a study of " +
                           std::to_string(study_.runs));
    if (owner_[run.run] != 0)
      throw AggregateError("run " + std::to_string(run.run) + " is in both " + names_[owner_[run.run] - 1] +
                           " and " + names_[i]);
    if (run.seed != run_seed(study_.seed, run.run))
      throw AggregateError(names_[i] + ": run " + std::to_string(run.run) + " has seed " +
                           std::to_string(run.seed) + ", not the study's");
    owner_[run.run] = static_cast<std::uint32_t>(i + 1);
    runs_.add(run);
  });
}

const Study& AggregateMerger::finish() {
  if (names_.empty()) throw AggregateError("nothing to merge");
  const auto missing = static_cast<std::uint64_t>(std::count(owner_.begin(), owner_.end(), 0U));
  if (missing > 0) {
    const auto first =
        static_cast<std::uint64_t>(std::find(owner_.begin(), owner_.end(), 0U) - owner_.begin());
    throw AggregateError(
        fmt::format("{} of the study's {} runs are in no input (the first is run {}); merge every shard",
                    missing, study_.runs, first));
  }
  study_.shard_index.reset();
  study_.shard_count.reset();
  return study_;
}

Json merge_aggregates(const std::vector<Json>& aggregates, const std::vector<std::string>& names) {
  AggregateMerger merger;
  for (std::size_t i = 0; i < aggregates.size(); ++i) {
    study_from_aggregate(aggregates[i]);  // Says what is not an aggregate before its rows are read.
    merger.add(aggregates[i], RunTable(runs_from_aggregate(aggregates[i])), label(names, i));
  }
  const Study& study = merger.finish();
  return with_rows(build_aggregate_statistics(study, merger.runs()), merger.runs());
}

std::string format_aggregate(const Json& json) {
  std::string out;
  const auto pct = [](const Json& p) {
    return p.is_null() ? std::string("—") : fmt::format("{:.1f}%", 100.0 * p.get<double>());
  };
  const auto interval = [](const Json& i) {
    return i.is_null()
               ? std::string("—")
               : fmt::format("{:.1f}–{:.1f}%", 100.0 * i[0].get<double>(), 100.0 * i[1].get<double>());
  };
  const auto secs = [](const Json& q, const char* key) {
    return q.contains(key) ? fmt::format("{:.1f}", q.at(key).get<double>()) : std::string("—");
  };
  out += fmt::format(
      "drillsim: {} runs of scenario \"{}\" ({}), seed {}{}\n", json.at("runs_included").get<std::uint64_t>(),
      json.at("scenario").at("name").get<std::string>(), json.at("scenario").at("file").get<std::string>(),
      json.at("seed").get<std::uint64_t>(),
      json.contains("shard") ? fmt::format(", shard {}/{}", json["shard"]["index"].get<std::uint64_t>(),
                                           json["shard"]["count"].get<std::uint64_t>())
                             : std::string());
  for (const auto& [pointer, value] : json.at("settings").items())
    out += fmt::format("  with {} = {}\n", pointer, value.dump());
  const int confidence = static_cast<int>(std::lround(100.0 * json.at("confidence").get<double>()));
  out += fmt::format("\nObjectives ({}% intervals)\n", confidence);
  out += fmt::format("  {:<16} {:>8} {:>8} {:>14} {:>14} {:>8} {:>14}   {:>8} {:>8}\n", "service", "RTO s",
                     "P(RTO)", "Wilson", "Clopper-P.", "P(RPO)", "Wilson", "p50 TTR", "p95 TTR");
  for (const auto& o : json.at("objectives")) {
    const auto& ttr = o.at("time_to_restore_s");
    const Json q = ttr.contains("quantiles") ? ttr.at("quantiles") : Json::object();
    out +=
        fmt::format("  {:<16} {:>8.0f} {:>8} {:>14} {:>14} {:>8} {:>14}   {:>8} {:>8}\n",
                    o.at("service").get<std::string>(), o.at("rto_s").get<double>(), pct(o["rto_met"]["p"]),
                    interval(o["rto_met"]["wilson"]), interval(o["rto_met"]["clopper_pearson"]),
                    pct(o["rpo_met"]["p"]), interval(o["rpo_met"]["wilson"]), secs(q, "p50"), secs(q, "p95"));
  }
  out += "\nPhases and impact over the runs where they happened (s, or a count)\n";
  out += fmt::format("  {:<22} {:>6} {:>10} {:>10} {:>10} {:>10} {:>10}\n", "metric", "runs", "p5", "p50",
                     "p90", "p95", "p99");
  for (const auto& [name, m] : json.at("metrics").items()) {
    if (name == "restore_or_censored_s") continue;
    const Json q = m.contains("quantiles") ? m.at("quantiles") : Json::object();
    out += fmt::format("  {:<22} {:>6} {:>10} {:>10} {:>10} {:>10} {:>10}\n", name,
                       m.at("runs").get<std::uint64_t>(), secs(q, "p5"), secs(q, "p50"), secs(q, "p90"),
                       secs(q, "p95"), secs(q, "p99"));
  }
  out += "\nPlan exit states\n";
  for (const auto& [state, p] : json.at("exit_states").items())
    out += fmt::format("  {:<14} {:>6} runs  {:>7}\n", state, p.at("count").get<std::uint64_t>(),
                       pct(p.at("p")));
  if (!json.at("levels").empty()) {
    out += "\nLevel claims\n";
    for (const auto& l : json.at("levels"))
      out += fmt::format("  {:<40} P(claim met) {:>7} {:>14}  ({} runs judged)\n",
                         l.at("level").get<std::string>(), pct(l.at("p")), interval(l.at("wilson")),
                         l.at("of").get<std::uint64_t>());
  }
  const auto& inputs = json.at("attribution").at("inputs");
  if (!inputs.empty()) {
    out += "\nWhat drives the time to restore (docs/monte-carlo.md)\n";
    out += fmt::format("  {:<48} {:>6} {:>10} {:>12} {:>12}\n", "input", "runs", "spearman", "rho(missed)",
                       "first-order");
    std::size_t shown = 0;
    for (const auto& row : inputs) {
      if (++shown > 8) break;
      const auto num = [](const Json& v) {
        return v.is_null() ? std::string("—") : fmt::format("{:+.2f}", v.get<double>());
      };
      const auto idx = [](const Json& v) {
        return v.is_null() ? std::string("—") : fmt::format("{:.2f}", v.get<double>());
      };
      out += fmt::format("  {:<48} {:>6} {:>10} {:>12} {:>12}\n", row.at("input").get<std::string>(),
                         row.at("runs").get<std::uint64_t>(), num(row.at("spearman_time_to_restore")),
                         num(row.at("spearman_rto_missed")), idx(row.at("first_order_index")));
    }
  }
  const auto violations = json.at("runs_with_violations").get<std::uint64_t>();
  if (violations > 0)
    out += fmt::format("\n{} run(s) broke an invariant: their numbers are wrong (see per_run[].violations)\n",
                       violations);
  return out;
}

}  // namespace drillsim::montecarlo
