#include "gui/aggregate.hpp"

#include <algorithm>
#include <cmath>

#include "gui/json_node.hpp"

namespace drillsim::gui {

namespace {

using detail::json;
using detail::Node;

Proportion read_proportion(const Node& n) {
  Proportion p;
  p.count = n.field("count").count();
  p.of = n.field("of").count();
  if (p.count > p.of) n.field("count").fail("count exceeds of");
  if (!n.field("p").is_null()) {
    p.p = n.field("p").number();
    p.wilson = n.field("wilson").interval();
    p.clopper_pearson = n.field("clopper_pearson").interval();
  }
  return p;
}

Distribution read_distribution(const Node& n) {
  Distribution d;
  d.runs = n.field("runs").count();
  d.missing = n.field("missing").count();
  if (d.runs == 0) return d;
  d.has_values = true;
  d.mean = n.field("mean").number();
  d.min = n.field("min").number();
  d.max = n.field("max").number();
  const Node q = n.field("quantiles");
  d.p5 = q.field("p5").number();
  d.p50 = q.field("p50").number();
  d.p90 = q.field("p90").number();
  d.p95 = q.field("p95").number();
  d.p99 = q.field("p99").number();
  const Node h = n.field("histogram");
  d.histogram_lo = h.field("lo").number();
  d.histogram_hi = h.field("hi").number();
  for (const Node& c : h.field("counts").elements())
    d.histogram.push_back(c.count());
  if (d.histogram.empty()) h.field("counts").expected("at least one bin");
  return d;
}

Aggregate read_aggregate(const Node& root) {
  const Node kind = root.field("kind");
  if (kind.string() != "aggregate") kind.fail("expected \"aggregate\"");
  const Node format = root.field("format");
  if (format.count() != kAggregateFormat)
    format.fail("unsupported aggregate format " + std::to_string(format.count()) + "; this build reads " +
                std::to_string(kAggregateFormat));
  Aggregate a;
  a.generator = root.field("generator").string();
  const Node scenario = root.field("scenario");
  a.scenario_name = scenario.field("name").string();
  a.scenario_file = scenario.field("file").string();
  a.duration_s = scenario.field("duration_s").number();
  for (const auto& [pointer, value] : root.field("settings").members())
    a.settings.emplace_back(pointer, value.raw().dump());
  a.seed = root.field("seed").unsigned_integer();
  a.runs = root.field("runs").count();
  a.runs_included = root.field("runs_included").count();
  if (root.field("shard").present()) {
    const Node shard = root.field("shard");
    a.shard = std::make_pair(shard.field("index").count(), shard.field("count").count());
  }
  a.confidence = root.field("confidence").number();
  a.runs_with_violations = root.field("runs_with_violations").count();

  for (const Node& o : root.field("objectives").elements()) {
    AggregateObjective obj;
    obj.service = o.field("service").string();
    obj.rto_s = o.field("rto_s").number();
    obj.rpo_s = o.field("rpo_s").number();
    obj.rto_met = read_proportion(o.field("rto_met"));
    obj.rpo_met = read_proportion(o.field("rpo_met"));
    obj.both_met = read_proportion(o.field("both_met"));
    obj.time_to_restore_s = read_distribution(o.field("time_to_restore_s"));
    a.objectives.push_back(std::move(obj));
  }
  for (const auto& [name, d] : root.field("metrics").members()) {
    a.metrics.emplace_back(name, read_distribution(d));
    a.run_metric_names.push_back(name);
  }
  for (const auto& [state, p] : root.field("exit_states").members())
    a.exit_states.emplace_back(state, read_proportion(p));
  for (const Node& l : root.field("levels").elements()) {
    AggregateLevel level;
    level.level = l.field("level").string();
    level.claim_met = read_proportion(l);
    level.not_judged = l.field("not_judged").count();
    a.levels.push_back(std::move(level));
  }
  const Node attribution = root.field("attribution");
  a.attribution_target = attribution.field("target").string();
  for (const Node& i : attribution.field("inputs").elements()) {
    AttributionRow row;
    row.input = i.field("input").string();
    row.runs = i.field("runs").count();
    const auto optional_number = [&i](const char* key) {
      const Node n = i.field(key);
      return n.present() ? n.number_or_null() : std::nullopt;
    };
    row.mean = optional_number("mean");
    row.spearman_time_to_restore = optional_number("spearman_time_to_restore");
    row.spearman_rto_missed = optional_number("spearman_rto_missed");
    row.first_order_index = optional_number("first_order_index");
    row.first_order_noise_floor = optional_number("first_order_noise_floor");
    a.attribution.push_back(std::move(row));
  }
  for (const Node& r : root.field("per_run").elements()) {
    PerRunRow row;
    row.run = r.field("run").count();
    row.seed = r.field("seed").unsigned_integer();
    row.exit_state = r.field("exit_state").string();
    for (const auto& name : a.run_metric_names) {
      const Node m = r.field(name);
      row.metrics.push_back(m.present() ? m.number_or_null() : std::nullopt);
    }
    for (const Node& o : r.field("objectives").elements())
      row.objectives.push_back({o.field("service").string(), o.field("rto_met").bool_or_null(),
                                o.field("rpo_met").bool_or_null()});
    const Node violations = r.field("violations");
    if (violations.present()) row.violations = static_cast<std::int64_t>(violations.elements().size());
    a.per_run.push_back(std::move(row));
  }
  return a;
}

std::string last_token(const std::string& pointer) {
  const auto slash = pointer.rfind('/');
  return slash == std::string::npos ? pointer : pointer.substr(slash + 1);
}

// A word for a POSIX shell: as it is when it is safe, else in single quotes.
std::string shell_word(const std::string& word) {
  const bool safe = !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("/._-=+:,@%").find(c) != std::string_view::npos;
  });
  if (safe) return word;
  std::string out = "'";
  for (const char c : word) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

}  // namespace

AggregateFormatError::AggregateFormatError(std::string pointer, std::string problem)
    : std::runtime_error((pointer.empty() ? std::string("(document)") : pointer) + ": " + problem),
      pointer_(std::move(pointer)),
      problem_(std::move(problem)) {}

const Distribution* Aggregate::metric(const std::string& name) const {
  for (const auto& [n, d] : metrics) {
    if (n == name) return &d;
  }
  return nullptr;
}

std::string Aggregate::replay_command(std::uint64_t run_seed) const {
  std::string out = "drillsim run " + shell_word(scenario_file) + " --seed " + std::to_string(run_seed);
  for (const auto& [pointer, value] : settings) {
    // A JSON string is given bare: the CLI reads a VALUE that is not JSON as a string.
    std::string text = value;
    if (text.size() >= 2 && text.front() == '"') {
      const auto parsed = json::parse(text, nullptr, false);
      if (parsed.is_string()) text = parsed.get<std::string>();
    }
    out += " --set " + shell_word(pointer + "=" + text);
  }
  return out;
}

std::string Study::point_label(std::size_t index) const {
  std::string out;
  for (std::size_t a = 0; a < axes.size() && index < points.size(); ++a) {
    if (!out.empty()) out += ", ";
    out += last_token(axes[a].pointer) + "=" + points[index].values[a];
  }
  return out;
}

bool is_study(const json& json) {
  if (!json.is_object()) return false;
  const auto kind = json.find("kind");
  return kind != json.end() && kind->is_string() && (*kind == "aggregate" || *kind == "sweep");
}

Study study_from_json(const json& document) {
  const Node root(&document, "");
  Study study;
  if (root.field("kind").string() != "sweep") {
    study.points.push_back({{}, read_aggregate(root)});
    return study;
  }
  study.is_sweep = true;
  const Node format = root.field("format");
  if (format.count() != kAggregateFormat)
    format.fail("unsupported sweep format " + std::to_string(format.count()) + "; this build reads " +
                std::to_string(kAggregateFormat));
  for (const Node& a : root.field("axes").elements()) {
    SweepAxis axis;
    axis.pointer = a.field("pointer").string();
    for (const Node& v : a.field("values").elements()) {
      axis.values.push_back(v.raw().dump());
      axis.numbers.push_back(v.raw().is_number() ? std::optional<double>(v.raw().get<double>())
                                                 : std::nullopt);
    }
    study.axes.push_back(std::move(axis));
  }
  if (study.axes.empty()) root.field("axes").expected("at least one axis");
  for (const Node& p : root.field("points").elements()) {
    Study::Point point;
    const Node settings = p.field("settings");
    for (const auto& axis : study.axes) {
      const Node v = settings.field(axis.pointer);
      if (!v.present()) v.expected("the value of the sweep's axis");
      point.values.push_back(v.raw().dump());
    }
    point.aggregate = read_aggregate(p.field("aggregate"));
    study.points.push_back(std::move(point));
  }
  if (study.points.empty()) root.field("points").expected("at least one point");
  return study;
}

}  // namespace drillsim::gui
