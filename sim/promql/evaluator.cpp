#include "promql/evaluator.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <limits>
#include <map>
#include <regex>
#include <set>
#include <unordered_map>

#include "metrics/prometheus.hpp"
#include "promql/re2.hpp"

namespace drillsim::promql {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// Go's math.Max / math.Min: infinities win, then NaN, unlike std::fmax.
double go_max(double a, double b) {
  if (std::isinf(a) && a > 0) return a;
  if (std::isinf(b) && b > 0) return b;
  if (std::isnan(a) || std::isnan(b)) return kNaN;
  if (a == 0 && b == 0) return std::signbit(a) ? b : a;
  return a > b ? a : b;
}
double go_min(double a, double b) {
  if (std::isinf(a) && a < 0) return a;
  if (std::isinf(b) && b < 0) return b;
  if (std::isnan(a) || std::isnan(b)) return kNaN;
  if (a == 0 && b == 0) return std::signbit(a) ? a : b;
  return a < b ? a : b;
}

// Neumaier-compensated summation step, as Prometheus sums over time.
void kahan_add(double inc, double& sum, double& c) {
  const double t = sum + inc;
  if (std::fabs(sum) >= std::fabs(inc))
    c += (sum - t) + inc;
  else
    c += (inc - t) + sum;
  sum = t;
}

Labels without_name(Labels l) {
  drop_label(l, kMetricName);
  return l;
}

bool contains(const std::vector<std::string>& names, const std::string& n) {
  return std::find(names.begin(), names.end(), n) != names.end();
}

// The key two vector elements match on: the `on` labels, or all but the `ignoring` labels and the name.
std::string signature(const Labels& l, bool on, const std::vector<std::string>& names) {
  std::string s;
  for (const auto& [n, v] : l) {
    const bool keep = on ? contains(names, n) : (!contains(names, n) && n != kMetricName);
    if (!keep) continue;
    s += n;
    s += '\xff';
    s += v;
    s += '\xff';
  }
  return s;
}

Labels match_labels(const Labels& l, bool on, const std::vector<std::string>& names) {
  Labels out;
  for (const auto& p : l) {
    const bool keep = on ? contains(names, p.first) : (!contains(names, p.first) && p.first != kMetricName);
    if (keep) out.push_back(p);
  }
  return out;
}

std::string key(const Labels& l) {
  std::string s;
  for (const auto& [n, v] : l) {
    s += n;
    s += '\xff';
    s += v;
    s += '\xff';
  }
  return s;
}

void check_unique_labelsets(const Vector& v) {
  std::set<Labels> seen;
  for (const auto& e : v)
    if (!seen.insert(e.labels).second)
      throw EvalError("vector cannot contain metrics with the same labelset");
}

bool is_comparison(const std::string& op) {
  return op == "==" || op == "!=" || op == "<" || op == "<=" || op == ">" || op == ">=";
}
bool drops_name(const std::string& op) {
  return op == "+" || op == "-" || op == "*" || op == "/" || op == "%" || op == "^";
}

// The value of `lhs op rhs` and whether a comparison keeps the element.
std::pair<double, bool> apply(const std::string& op, double lhs, double rhs) {
  if (op == "+") return {lhs + rhs, true};
  if (op == "-") return {lhs - rhs, true};
  if (op == "*") return {lhs * rhs, true};
  if (op == "/") return {lhs / rhs, true};
  if (op == "%") return {std::fmod(lhs, rhs), true};
  if (op == "^") return {std::pow(lhs, rhs), true};
  if (op == "atan2") return {std::atan2(lhs, rhs), true};
  if (op == "==") return {lhs, lhs == rhs};
  if (op == "!=") return {lhs, lhs != rhs};
  if (op == "<") return {lhs, lhs < rhs};
  if (op == "<=") return {lhs, lhs <= rhs};
  if (op == ">") return {lhs, lhs > rhs};
  if (op == ">=") return {lhs, lhs >= rhs};
  throw EvalError("operator \"" + op + "\" not allowed here");
}

// Prometheus' quantile over a set of values: linear interpolation between the closest ranks.
double quantile(double q, std::vector<double> values) {
  if (values.empty()) return kNaN;
  if (q < 0) return -kInf;
  if (q > 1) return kInf;
  std::sort(values.begin(), values.end(),
            [](double a, double b) { return a < b || (std::isnan(a) && !std::isnan(b)); });
  const double n = static_cast<double>(values.size());
  const double rank = q * (n - 1);
  const double lower = std::max(0.0, std::floor(rank));
  const double upper = std::min(n - 1, lower + 1);
  const double weight = rank - std::floor(rank);
  return values[static_cast<std::size_t>(lower)] * (1 - weight) +
         values[static_cast<std::size_t>(upper)] * weight;
}

struct Bucket {
  double upper = 0;
  double count = 0;
};

double bucket_quantile(double q, std::vector<Bucket> buckets) {
  if (std::isnan(q)) return kNaN;
  if (q < 0) return -kInf;
  if (q > 1) return kInf;
  std::sort(buckets.begin(), buckets.end(),
            [](const Bucket& a, const Bucket& b) { return a.upper < b.upper; });
  if (!(std::isinf(buckets.back().upper) && buckets.back().upper > 0)) return kNaN;
  // Merge buckets with the same bound, then make the counts monotonic.
  std::vector<Bucket> merged;
  for (const Bucket& b : buckets) {
    if (!merged.empty() && merged.back().upper == b.upper)
      merged.back().count += b.count;
    else
      merged.push_back(b);
  }
  double max = -kInf;
  for (Bucket& b : merged) {
    if (b.count > max)
      max = b.count;
    else if (b.count < max)
      b.count = max;
  }
  if (merged.size() < 2) return kNaN;
  const double observations = merged.back().count;
  if (observations == 0) return kNaN;
  double rank = q * observations;
  std::size_t b = 0;
  while (b < merged.size() - 1 && !(merged[b].count >= rank))
    ++b;
  if (b == merged.size() - 1) return merged[merged.size() - 2].upper;
  if (b == 0 && merged[0].upper <= 0) return merged[0].upper;
  double start = 0;
  const double end = merged[b].upper;
  double count = merged[b].count;
  if (b > 0) {
    start = merged[b - 1].upper;
    count -= merged[b - 1].count;
    rank -= merged[b - 1].count;
  }
  return start + (end - start) * (rank / count);
}

std::pair<double, double> linear_regression(const std::vector<Sample>& s, std::int64_t intercept_ms) {
  double n = 0, sx = 0, cx = 0, sy = 0, cy = 0, sxy = 0, cxy = 0, sx2 = 0, cx2 = 0;
  const double init_y = s.front().value;
  bool const_y = true;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (const_y && i > 0 && s[i].value != init_y) const_y = false;
    n += 1.0;
    const double x = static_cast<double>(s[i].t_ms - intercept_ms) / 1e3;
    kahan_add(x, sx, cx);
    kahan_add(s[i].value, sy, cy);
    kahan_add(x * s[i].value, sxy, cxy);
    kahan_add(x * x, sx2, cx2);
  }
  if (const_y) {
    if (std::isinf(init_y)) return {kNaN, kNaN};
    return {0, init_y};
  }
  sx += cx;
  sy += cy;
  sxy += cxy;
  sx2 += cx2;
  const double cov = sxy - sx * sy / n;
  const double var = sx2 - sx * sx / n;
  const double slope = cov / var;
  return {slope, sy / n - slope * sx / n};
}

bool valid_label_name(const std::string& n) {
  if (n.empty() || std::isdigit(static_cast<unsigned char>(n[0]))) return false;
  return std::all_of(n.begin(), n.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

class Eval {
 public:
  // `query_t` is the instant query's time (start() and end() of the @ modifier); `t` the instant this
  // (sub)expression is evaluated at, which differs inside a subquery.
  Eval(const SeriesStore& store, std::int64_t lookback, std::int64_t t, std::int64_t query_t)
      : store_(store), lookback_(lookback), t_(t), query_t_(query_t) {}

  Value eval(const Node& n) const {
    return std::visit([&](const auto& k) { return this->visit(n, k); }, n.kind);
  }

 private:
  const SeriesStore& store_;
  std::int64_t lookback_;
  std::int64_t t_;
  std::int64_t query_t_;

  // The instant a selector or subquery reads back from (before its offset): its @ time, else now.
  std::int64_t at(const AtModifier& m) const {
    switch (m.kind) {
      case AtModifier::Kind::Time:
        return m.t_ms;
      case AtModifier::Kind::Start:
      case AtModifier::Kind::End:
        return query_t_;
      case AtModifier::Kind::None:
        break;
    }
    return t_;
  }

  double scalar_of(const Node& n) const { return std::get<Scalar>(eval(n)).value; }
  Vector vector_of(const Node& n) const { return std::get<Vector>(eval(n)); }
  std::string string_of(const Node& n) const { return std::get<String>(eval(n)).value; }

  Value visit(const Node&, const NumberLiteral& n) const { return Scalar{n.value}; }
  Value visit(const Node&, const StringLiteral& s) const { return String{s.value}; }
  Value visit(const Node&, const Paren& p) const { return eval(*p.expr); }

  Value visit(const Node&, const VectorSelector& vs) const {
    Vector out;
    const std::int64_t ref = at(vs.at) - vs.offset_ms;
    for (const Series* s : store_.select(vs.matchers)) {
      const auto after = std::upper_bound(s->samples.begin(), s->samples.end(), ref,
                                          [](std::int64_t t, const Sample& x) { return t < x.t_ms; });
      if (after == s->samples.begin()) continue;
      const Sample& latest = *(after - 1);
      if (latest.t_ms < ref - lookback_ || is_stale_nan(latest.value)) continue;
      out.push_back({s->labels, latest.value});
    }
    return out;
  }

  Matrix select_range(const MatrixSelector& ms) const {
    Matrix out;
    const std::int64_t end = at(ms.vector.at) - ms.vector.offset_ms;
    const std::int64_t start = end - ms.range_ms;
    for (const Series* s : store_.select(ms.vector.matchers)) {
      MatrixSeries m{s->labels, {}};
      auto it = std::lower_bound(s->samples.begin(), s->samples.end(), start,
                                 [](const Sample& x, std::int64_t t) { return x.t_ms < t; });
      for (; it != s->samples.end() && it->t_ms <= end; ++it)
        if (!is_stale_nan(it->value)) m.samples.push_back(*it);
      if (!m.samples.empty()) out.push_back(std::move(m));
    }
    return out;
  }

  Value visit(const Node&, const MatrixSelector& ms) const { return select_range(ms); }

  // A subquery's points: the inner expression evaluated at each multiple of the step in
  // [t - offset - range, t - offset] (engine.go: the first aligned instant not before the start).
  Matrix subquery_matrix(const Subquery& sq) const {
    const std::int64_t step = sq.step_ms > 0 ? sq.step_ms : kDefaultSubqueryStepMs;
    const std::int64_t end = at(sq.at) - sq.offset_ms;
    const std::int64_t start = end - sq.range_ms;
    std::int64_t ts = step * (start / step);  // Go's division truncates towards zero
    if (ts < start) ts += step;
    std::map<Labels, std::size_t> index;
    Matrix out;
    for (; ts <= end; ts += step) {
      const Value v = Eval(store_, lookback_, ts, query_t_).eval(*sq.expr);
      const Vector vec = std::get<Vector>(v);
      for (const VectorElement& e : vec) {
        auto [it, added] = index.try_emplace(e.labels, out.size());
        if (added) out.push_back({e.labels, {}});
        out[it->second].samples.push_back({ts, e.value});
      }
    }
    std::sort(out.begin(), out.end(),
              [](const MatrixSeries& a, const MatrixSeries& b) { return a.labels < b.labels; });
    return out;
  }

  Value visit(const Node&, const Subquery& sq) const { return subquery_matrix(sq); }

  Value visit(const Node&, const UnaryExpr& u) const {
    Value v = eval(*u.expr);
    if (auto* s = std::get_if<Scalar>(&v)) return Scalar{-s->value};
    Vector vec = std::get<Vector>(std::move(v));
    for (auto& e : vec) {
      e.value = -e.value;
      drop_label(e.labels, kMetricName);
    }
    check_unique_labelsets(vec);
    return vec;
  }

  Value visit(const Node&, const BinaryExpr& b) const {
    Value lv = eval(*b.lhs);
    Value rv = eval(*b.rhs);
    const bool ls = std::holds_alternative<Scalar>(lv);
    const bool rs = std::holds_alternative<Scalar>(rv);
    if (ls && rs) {
      auto [value, keep] = apply(b.op, std::get<Scalar>(lv).value, std::get<Scalar>(rv).value);
      if (b.return_bool) value = keep ? 1 : 0;
      return Scalar{value};
    }
    Vector out;
    if (ls || rs) {
      const bool swap = ls;  // the scalar is on the left
      Vector vec = std::get<Vector>(swap ? rv : lv);
      const double scalar = std::get<Scalar>(swap ? lv : rv).value;
      for (auto& e : vec) {
        double l = e.value, r = scalar;
        if (swap) std::swap(l, r);
        auto [value, keep] = apply(b.op, l, r);
        // A comparison keeps the vector element's value even when the scalar is on the left.
        if (is_comparison(b.op) && swap) value = r;
        if (b.return_bool) {
          value = keep ? 1 : 0;
          keep = true;
        }
        if (!keep) continue;
        e.value = value;
        if (drops_name(b.op) || b.return_bool) drop_label(e.labels, kMetricName);
        out.push_back(std::move(e));
      }
    } else {
      Vector lhs = std::get<Vector>(std::move(lv));
      Vector rhs = std::get<Vector>(std::move(rv));
      if (b.op == "and" || b.op == "or" || b.op == "unless")
        out = set_operation(b, std::move(lhs), std::move(rhs));
      else
        out = vector_binop(b, std::move(lhs), std::move(rhs));
    }
    check_unique_labelsets(out);
    return out;
  }

  Vector set_operation(const BinaryExpr& b, Vector lhs, Vector rhs) const {
    const auto& m = b.matching;
    Vector out;
    if (b.op == "and") {
      if (lhs.empty() || rhs.empty()) return out;
      std::set<std::string> right;
      for (const auto& e : rhs)
        right.insert(signature(e.labels, m.on, m.labels));
      for (auto& e : lhs)
        if (right.count(signature(e.labels, m.on, m.labels))) out.push_back(std::move(e));
    } else if (b.op == "or") {
      std::set<std::string> left;
      for (auto& e : lhs) {
        left.insert(signature(e.labels, m.on, m.labels));
        out.push_back(std::move(e));
      }
      for (auto& e : rhs)
        if (!left.count(signature(e.labels, m.on, m.labels))) out.push_back(std::move(e));
    } else {
      std::set<std::string> right;
      for (const auto& e : rhs)
        right.insert(signature(e.labels, m.on, m.labels));
      for (auto& e : lhs)
        if (!right.count(signature(e.labels, m.on, m.labels))) out.push_back(std::move(e));
    }
    return out;
  }

  Vector vector_binop(const BinaryExpr& b, Vector lhs, Vector rhs) const {
    using Card = VectorMatching::Card;
    const auto& m = b.matching;
    Vector out;
    if (lhs.empty() || rhs.empty()) return out;
    // One-to-many is many-to-one with the sides swapped; the values are swapped back below.
    if (m.card == Card::OneToMany) std::swap(lhs, rhs);
    std::unordered_map<std::string, const VectorElement*> right;
    for (const auto& e : rhs) {
      const std::string sig = signature(e.labels, m.on, m.labels);
      const auto [it, inserted] = right.emplace(sig, &e);
      if (!inserted)
        throw EvalError("found duplicate series for the match group " +
                        format_labels(match_labels(e.labels, m.on, m.labels)) + " on the " +
                        (m.card == Card::OneToMany ? "left" : "right") + " hand-side of the operation: [" +
                        format_labels(e.labels) + ", " + format_labels(it->second->labels) +
                        "];many-to-many matching not allowed: matching labels must be unique on one side");
    }
    std::unordered_map<std::string, std::set<Labels>> matched;
    for (const auto& l : lhs) {
      const std::string sig = signature(l.labels, m.on, m.labels);
      const auto found = right.find(sig);
      if (found == right.end()) continue;
      const VectorElement& r = *found->second;
      double vl = l.value, vr = r.value;
      if (m.card == Card::OneToMany) std::swap(vl, vr);
      auto [value, keep] = apply(b.op, vl, vr);
      if (b.return_bool)
        value = keep ? 1 : 0;
      else if (!keep)
        continue;
      Labels metric = l.labels;
      if (drops_name(b.op)) drop_label(metric, kMetricName);
      if (m.card == Card::OneToOne) {
        Labels kept;
        for (const auto& p : metric) {
          const bool listed = contains(m.labels, p.first);
          if (m.on ? listed : !listed) kept.push_back(p);
        }
        metric = std::move(kept);
      }
      for (const std::string& name : m.include)
        set_label(metric, name, label_value(r.labels, name));
      if (b.return_bool) drop_label(metric, kMetricName);
      const auto existing = matched.find(sig);
      if (m.card == Card::OneToOne) {
        if (existing != matched.end())
          throw EvalError(
              "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
        matched[sig];
      } else {
        if (!matched[sig].insert(metric).second)
          throw EvalError("multiple matches for labels: grouping labels must ensure unique matches");
      }
      out.push_back({std::move(metric), value});
    }
    return out;
  }

  Value visit(const Node&, const Aggregate& a) const {
    Vector vec = vector_of(*a.expr);
    double param = 0;
    std::string value_label;
    if (a.op == "count_values") {
      value_label = string_of(*a.param);
      if (!valid_label_name(value_label)) throw EvalError("invalid label name \"" + value_label + "\"");
    } else if (a.param) {
      param = scalar_of(*a.param);
    }
    std::vector<std::string> grouping = a.grouping;
    if (a.op == "count_values" && !a.without) grouping.push_back(value_label);

    struct Group {
      Labels labels;
      double value = 0;
      double mean = 0;
      double count = 0;
      Vector members;  // topk/bottomk/quantile
    };
    std::vector<Group> groups;
    std::unordered_map<std::string, std::size_t> index;
    std::int64_t k = 0;
    if (a.op == "topk" || a.op == "bottomk") {
      if (!(std::fabs(param) < 9.2e18))
        throw EvalError("Scalar value " + format_float_g(param) + " overflows int64");
      k = static_cast<std::int64_t>(param);
      if (k < 1) return Vector{};
    }
    for (auto& s : vec) {
      Labels metric = s.labels;
      if (a.op == "count_values") set_label(metric, value_label, format_float_f(s.value));
      Labels group_labels;
      for (const auto& p : metric) {
        const bool listed = contains(grouping, p.first);
        if (a.without ? (!listed && p.first != kMetricName) : listed) group_labels.push_back(p);
      }
      const std::string gk = key(group_labels);
      const auto it = index.find(gk);
      if (it == index.end()) {
        index.emplace(gk, groups.size());
        Group g;
        g.labels = std::move(group_labels);
        g.value = s.value;
        g.mean = s.value;
        g.count = 1;
        if (a.op == "stddev" || a.op == "stdvar") g.value = 0;
        if (a.op == "group") g.value = 1;
        if (a.op == "topk" || a.op == "bottomk" || a.op == "quantile") g.members.push_back(s);
        groups.push_back(std::move(g));
        continue;
      }
      Group& g = groups[it->second];
      if (a.op == "sum") {
        // Plain addition in the vector's order (Prometheus 2.42 sums aggregations without compensation).
        g.value += s.value;
      } else if (a.op == "avg") {
        g.count += 1;
        if (std::isinf(g.mean)) {
          if (std::isinf(s.value) && (g.mean > 0) == (s.value > 0)) continue;
          if (!std::isinf(s.value) && !std::isnan(s.value)) continue;
        }
        g.mean += s.value / g.count - g.mean / g.count;
      } else if (a.op == "max") {
        if (g.value < s.value || std::isnan(g.value)) g.value = s.value;
      } else if (a.op == "min") {
        if (g.value > s.value || std::isnan(g.value)) g.value = s.value;
      } else if (a.op == "count" || a.op == "count_values") {
        g.count += 1;
      } else if (a.op == "stddev" || a.op == "stdvar") {
        g.count += 1;
        const double delta = s.value - g.mean;
        g.mean += delta / g.count;
        g.value += delta * (s.value - g.mean);
      } else if (a.op == "topk" || a.op == "bottomk" || a.op == "quantile") {
        g.members.push_back(s);
      }
    }
    Vector out;
    for (Group& g : groups) {
      if (a.op == "topk" || a.op == "bottomk") {
        // Keep the first k elements by value; on ties the earlier element stays (Prometheus' heap).
        const bool top = a.op == "topk";
        std::stable_sort(g.members.begin(), g.members.end(),
                         [&](const VectorElement& x, const VectorElement& y) {
                           if (std::isnan(x.value) || std::isnan(y.value))
                             return !std::isnan(x.value) && std::isnan(y.value);
                           return top ? x.value > y.value : x.value < y.value;
                         });
        if (static_cast<std::int64_t>(g.members.size()) > k) g.members.resize(static_cast<std::size_t>(k));
        for (auto& e : g.members)
          out.push_back(std::move(e));
        continue;
      }
      double v = g.value;
      if (a.op == "avg") v = g.mean;
      if (a.op == "count" || a.op == "count_values") v = g.count;
      if (a.op == "stdvar") v = g.value / g.count;
      if (a.op == "stddev") v = std::sqrt(g.value / g.count);
      if (a.op == "quantile") {
        std::vector<double> values;
        for (const auto& e : g.members)
          values.push_back(e.value);
        v = quantile(param, values);
      }
      out.push_back({std::move(g.labels), v});
    }
    check_unique_labelsets(out);
    return out;
  }

  // The labels absent() gives its single sample: the equality matchers of its selector argument.
  static Labels absent_labels(const Node& arg) {
    const VectorSelector* vs = std::get_if<VectorSelector>(&arg.kind);
    if (const auto* ms = std::get_if<MatrixSelector>(&arg.kind)) vs = &ms->vector;
    Labels out;
    if (vs == nullptr) return out;
    std::vector<std::string> empty;
    for (const LabelMatcher& m : vs->matchers) {
      if (m.name == kMetricName) continue;
      if (m.op == LabelMatcher::Op::Equal && label_value(out, m.name).empty() &&
          std::none_of(out.begin(), out.end(), [&](const auto& p) { return p.first == m.name; }))
        set_label(out, m.name, m.value);
      else
        empty.push_back(m.name);
    }
    for (const std::string& n : empty)
      drop_label(out, n);
    return out;
  }

  Value visit(const Node&, const Call& c) const {
    const std::string& f = c.function;
    if (f == "time") return Scalar{static_cast<double>(t_) / 1000.0};
    if (f == "scalar") {
      const Vector v = vector_of(*c.args[0]);
      return Scalar{v.size() == 1 ? v[0].value : kNaN};
    }
    if (f == "vector") return Vector{{{}, scalar_of(*c.args[0])}};
    Vector out;
    if ((!c.args.empty() && c.args[0]->type == ValueType::Matrix) ||
        (c.args.size() > 1 && c.args[1]->type == ValueType::Matrix)) {
      const std::size_t mi = c.args[0]->type == ValueType::Matrix ? 0 : 1;
      Matrix matrix;
      std::int64_t range_start = 0;
      std::int64_t range_end = 0;
      if (const auto* sq = std::get_if<Subquery>(&c.args[mi]->kind)) {
        matrix = subquery_matrix(*sq);
        range_end = at(sq->at) - sq->offset_ms;
        range_start = range_end - sq->range_ms;
      } else {
        const auto& ms = std::get<MatrixSelector>(c.args[mi]->kind);
        matrix = select_range(ms);
        range_end = at(ms.vector.at) - ms.vector.offset_ms;
        range_start = range_end - ms.range_ms;
      }
      if (f == "absent_over_time") {
        if (matrix.empty()) out.push_back({absent_labels(*c.args[0]), 1});
        return out;
      }
      const double param = f == "quantile_over_time" ? scalar_of(*c.args[0])
                           : f == "predict_linear"   ? scalar_of(*c.args[1])
                                                     : 0;
      for (const MatrixSeries& s : matrix) {
        const auto v = range_function(f, range_start, range_end, s.samples, param);
        if (!v) continue;
        out.push_back({f == "last_over_time" ? s.labels : without_name(s.labels), *v});
      }
      check_unique_labelsets(out);
      return out;
    }
    if (f == "histogram_quantile") {
      const double q = scalar_of(*c.args[0]);
      const Vector in = vector_of(*c.args[1]);
      std::vector<std::pair<Labels, std::vector<Bucket>>> groups;
      std::unordered_map<std::string, std::size_t> index;
      for (const auto& e : in) {
        const std::string le = label_value(e.labels, "le");
        char* end = nullptr;
        const double upper = std::strtod(le.c_str(), &end);
        if (le.empty() || end != le.c_str() + le.size()) continue;
        // Histograms with different names but the same labels stay apart.
        const std::string sig = signature(e.labels, false, {"le"}) + label_value(e.labels, kMetricName);
        auto it = index.find(sig);
        if (it == index.end()) {
          Labels l = e.labels;
          drop_label(l, kMetricName);
          drop_label(l, "le");
          it = index.emplace(sig, groups.size()).first;
          groups.push_back({std::move(l), {}});
        }
        groups[it->second].second.push_back({upper, e.value});
      }
      for (auto& [labels, buckets] : groups)
        out.push_back({labels, bucket_quantile(q, buckets)});
      check_unique_labelsets(out);
      return out;
    }
    if (f == "day_of_month" || f == "day_of_week" || f == "day_of_year" || f == "days_in_month" ||
        f == "hour" || f == "minute" || f == "month" || f == "year") {
      // Each value is a Unix time in seconds, read in UTC (functions.go's dateWrapper); no argument
      // means vector(time()).
      const Vector in =
          c.args.empty() ? Vector{{{}, static_cast<double>(t_) / 1000.0}} : vector_of(*c.args[0]);
      for (const auto& e : in) {
        if (!std::isfinite(e.value)) continue;
        const auto secs = static_cast<std::time_t>(static_cast<std::int64_t>(e.value));
        std::tm tm{};
        gmtime_r(&secs, &tm);
        double v = 0;
        if (f == "day_of_month") v = tm.tm_mday;
        if (f == "day_of_week") v = tm.tm_wday;
        if (f == "day_of_year") v = tm.tm_yday + 1;
        if (f == "hour") v = tm.tm_hour;
        if (f == "minute") v = tm.tm_min;
        if (f == "month") v = tm.tm_mon + 1;
        if (f == "year") v = tm.tm_year + 1900;
        if (f == "days_in_month") {
          static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
          const int y = tm.tm_year + 1900;
          const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
          v = days[tm.tm_mon] + (tm.tm_mon == 1 && leap ? 1 : 0);
        }
        out.push_back({without_name(e.labels), v});
      }
      return out;
    }
    if (f == "timestamp") {
      // Of a vector selector: each sample's own timestamp (engine.go evaluates the selector
      // directly); of any other expression: the evaluation time.
      const Node* arg = c.args[0].get();
      while (const auto* p = std::get_if<Paren>(&arg->kind))
        arg = p->expr.get();
      if (const auto* vs = std::get_if<VectorSelector>(&arg->kind)) {
        const std::int64_t ref = at(vs->at) - vs->offset_ms;
        for (const Series* s : store_.select(vs->matchers)) {
          const auto after = std::upper_bound(s->samples.begin(), s->samples.end(), ref,
                                              [](std::int64_t t, const Sample& x) { return t < x.t_ms; });
          if (after == s->samples.begin()) continue;
          const Sample& latest = *(after - 1);
          if (latest.t_ms < ref - lookback_ || is_stale_nan(latest.value)) continue;
          out.push_back({without_name(s->labels), static_cast<double>(latest.t_ms) / 1000.0});
        }
      } else {
        for (const auto& e : vector_of(*arg))
          out.push_back({without_name(e.labels), static_cast<double>(t_) / 1000.0});
      }
      check_unique_labelsets(out);
      return out;
    }
    Vector in = vector_of(*c.args[0]);
    if (f == "absent") {
      if (in.empty()) out.push_back({absent_labels(*c.args[0]), 1});
      return out;
    }
    if (f == "sort" || f == "sort_desc") {
      const bool asc = f == "sort";
      std::stable_sort(in.begin(), in.end(), [&](const VectorElement& x, const VectorElement& y) {
        if (std::isnan(x.value) || std::isnan(y.value)) return !std::isnan(x.value) && std::isnan(y.value);
        return asc ? x.value < y.value : x.value > y.value;
      });
      return in;
    }
    if (f == "label_replace") {
      const std::string dst = string_of(*c.args[1]);
      const std::string repl = string_of(*c.args[2]);
      const std::string src = string_of(*c.args[3]);
      const std::string re = string_of(*c.args[4]);
      std::regex regex;
      try {
        regex = compile_re2(re, true);
      } catch (const Re2Error& e) {
        throw EvalError("invalid regular expression in label_replace(): " + re + ": " + e.what());
      }
      if (!valid_label_name(dst))
        throw EvalError("invalid destination label name in label_replace(): " + dst);
      for (auto& e : in) {
        const std::string value = label_value(e.labels, src);
        std::smatch match;
        if (std::regex_match(value, match, regex)) set_label(e.labels, dst, expand_replacement(repl, match));
        out.push_back(std::move(e));
      }
      check_unique_labelsets(out);
      return out;
    }
    if (f == "label_join") {
      const std::string dst = string_of(*c.args[1]);
      const std::string sep = string_of(*c.args[2]);
      std::vector<std::string> sources;
      for (std::size_t i = 3; i < c.args.size(); ++i) {
        sources.push_back(string_of(*c.args[i]));
        if (!valid_label_name(sources.back()))
          throw EvalError("invalid source label name in label_join(): " + sources.back());
      }
      if (!valid_label_name(dst)) throw EvalError("invalid destination label name in label_join(): " + dst);
      for (auto& e : in) {
        std::string joined;
        for (std::size_t i = 0; i < sources.size(); ++i)
          joined += (i ? sep : "") + label_value(e.labels, sources[i]);
        set_label(e.labels, dst, joined);
        out.push_back(std::move(e));
      }
      check_unique_labelsets(out);
      return out;
    }
    std::vector<double> params;
    for (std::size_t i = 1; i < c.args.size(); ++i)
      params.push_back(scalar_of(*c.args[i]));
    if (f == "clamp" && params[1] < params[0]) return out;
    const double to_nearest_inverse = f == "round" ? 1.0 / (params.empty() ? 1.0 : params[0]) : 1.0;
    for (auto& e : in) {
      const double v = e.value;
      double r = v;
      if (f == "abs")
        r = std::fabs(v);
      else if (f == "ceil")
        r = std::ceil(v);
      else if (f == "floor")
        r = std::floor(v);
      else if (f == "exp")
        r = std::exp(v);
      else if (f == "ln")
        r = std::log(v);
      else if (f == "log2")
        r = std::log2(v);
      else if (f == "log10")
        r = std::log10(v);
      else if (f == "sqrt")
        r = std::sqrt(v);
      else if (f == "sgn")
        r = v < 0 ? -1 : v > 0 ? 1 : v;
      else if (f == "round")
        r = std::floor(v * to_nearest_inverse + 0.5) / to_nearest_inverse;
      else if (f == "clamp")
        r = go_max(params[0], go_min(params[1], v));
      else if (f == "clamp_min")
        r = go_max(params[0], v);
      else if (f == "clamp_max")
        r = go_min(params[0], v);
      else
        throw EvalError("function \"" + f + "\" is not evaluated by drillsim");
      out.push_back({without_name(std::move(e.labels)), r});
    }
    check_unique_labelsets(out);
    return out;
  }

  std::optional<double> range_function(const std::string& f, std::int64_t range_start, std::int64_t range_end,
                                       const std::vector<Sample>& s, double param) const {
    const std::size_t n = s.size();
    if (f == "rate" || f == "increase" || f == "delta")
      return extrapolated_rate(range_start, range_end, s, f != "delta", f == "rate");
    if (f == "irate" || f == "idelta") {
      if (n < 2) return std::nullopt;
      const Sample& last = s[n - 1];
      const Sample& prev = s[n - 2];
      const bool is_rate = f == "irate";
      double v = is_rate && last.value < prev.value ? last.value : last.value - prev.value;
      const std::int64_t interval = last.t_ms - prev.t_ms;
      if (interval == 0) return std::nullopt;
      if (is_rate) v /= static_cast<double>(interval) / 1000.0;
      return v;
    }
    if (f == "deriv" || f == "predict_linear") {
      if (n < 2) return std::nullopt;
      if (f == "deriv") return linear_regression(s, s[0].t_ms).first;
      const auto [slope, intercept] = linear_regression(s, t_);
      return slope * param + intercept;
    }
    if (f == "changes" || f == "resets") {
      int count = 0;
      for (std::size_t i = 1; i < n; ++i) {
        const double prev = s[i - 1].value, cur = s[i].value;
        if (f == "resets" ? cur < prev : (cur != prev && !(std::isnan(cur) && std::isnan(prev)))) ++count;
      }
      return count;
    }
    if (f == "count_over_time") return static_cast<double>(n);
    if (f == "present_over_time") return 1.0;
    if (f == "last_over_time") return s.back().value;
    if (f == "max_over_time" || f == "min_over_time") {
      double r = s[0].value;
      for (const Sample& x : s) {
        if (f == "max_over_time" ? (x.value > r || std::isnan(r)) : (x.value < r || std::isnan(r)))
          r = x.value;
      }
      return r;
    }
    if (f == "sum_over_time") {
      double sum = 0, c = 0;
      for (const Sample& x : s)
        kahan_add(x.value, sum, c);
      return std::isinf(sum) ? sum : sum + c;
    }
    if (f == "avg_over_time") {
      double mean = 0, c = 0, count = 0;
      for (const Sample& x : s) {
        count += 1;
        if (std::isinf(mean)) {
          if (std::isinf(x.value) && (mean > 0) == (x.value > 0)) continue;
          if (!std::isinf(x.value) && !std::isnan(x.value)) continue;
        }
        kahan_add(x.value / count - mean / count, mean, c);
      }
      return std::isinf(mean) ? mean : mean + c;
    }
    if (f == "stddev_over_time" || f == "stdvar_over_time") {
      double count = 0, mean = 0, cmean = 0, aux = 0, caux = 0;
      for (const Sample& x : s) {
        count += 1;
        const double delta = x.value - (mean + cmean);
        kahan_add(delta / count, mean, cmean);
        kahan_add(delta * (x.value - (mean + cmean)), aux, caux);
      }
      const double var = (aux + caux) / count;
      return f == "stddev_over_time" ? std::sqrt(var) : var;
    }
    if (f == "quantile_over_time") {
      std::vector<double> values;
      for (const Sample& x : s)
        values.push_back(x.value);
      return quantile(param, values);
    }
    throw EvalError("function \"" + f + "\" is not evaluated by drillsim");
  }

  std::optional<double> extrapolated_rate(std::int64_t range_start, std::int64_t range_end,
                                          const std::vector<Sample>& s, bool is_counter, bool is_rate) const {
    if (s.size() < 2) return std::nullopt;
    const Sample& first = s.front();
    const Sample& last = s.back();
    double result = last.value - first.value;
    if (is_counter) {
      // Add back what each counter reset took away.
      double previous = 0;
      for (const Sample& x : s) {
        if (x.value < previous) result += previous;
        previous = x.value;
      }
    }
    const metrics::prom::SampledIncrease sampled{result, first.value, first.t_ms, last.t_ms, s.size()};
    return metrics::prom::extrapolate(sampled, range_start, range_end,
                                      static_cast<double>(range_end - range_start) / 1000.0, is_counter,
                                      is_rate);
  }
};

}  // namespace

Value Evaluator::evaluate(const Node& expr, std::int64_t t_ms) const {
  return Eval(store_, lookback_ms_, t_ms, t_ms).eval(expr);
}

}  // namespace drillsim::promql
