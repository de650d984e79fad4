#include "promql/parser.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <set>

#include "promql/re2.hpp"

namespace drillsim::promql {

const char* to_string(ValueType type) {
  switch (type) {
    case ValueType::Scalar:
      return "scalar";
    case ValueType::Vector:
      return "instant vector";
    case ValueType::Matrix:
      return "range vector";
    case ValueType::String:
      return "string";
  }
  return "?";
}

bool LabelMatcher::matches(const std::string& v) const {
  switch (op) {
    case Op::Equal:
      return v == value;
    case Op::NotEqual:
      return v != value;
    case Op::RegexMatch:
      return std::regex_match(v, *regex);
    case Op::RegexNoMatch:
      return !std::regex_match(v, *regex);
  }
  return false;
}

namespace {

struct FunctionSpec {
  std::vector<ValueType> args;
  int optional = 0;       // how many of the last args may be left out
  bool variadic = false;  // the last arg repeats (label_join's source labels)
  ValueType result = ValueType::Vector;
};

const std::map<std::string, FunctionSpec>& functions() {
  using V = ValueType;
  static const std::map<std::string, FunctionSpec> table = [] {
    std::map<std::string, FunctionSpec> t;
    for (const char* f :
         {"abs", "ceil", "floor", "exp", "ln", "log2", "log10", "sqrt", "sgn", "sort", "sort_desc"})
      t[f] = {{V::Vector}, 0, false, V::Vector};
    t["round"] = {{V::Vector, V::Scalar}, 1, false, V::Vector};
    t["clamp"] = {{V::Vector, V::Scalar, V::Scalar}, 0, false, V::Vector};
    t["clamp_min"] = {{V::Vector, V::Scalar}, 0, false, V::Vector};
    t["clamp_max"] = {{V::Vector, V::Scalar}, 0, false, V::Vector};
    for (const char* f :
         {"rate", "irate", "increase", "delta", "idelta", "deriv", "changes", "resets", "avg_over_time",
          "min_over_time", "max_over_time", "sum_over_time", "count_over_time", "last_over_time",
          "present_over_time", "stddev_over_time", "stdvar_over_time", "absent_over_time"})
      t[f] = {{V::Matrix}, 0, false, V::Vector};
    t["quantile_over_time"] = {{V::Scalar, V::Matrix}, 0, false, V::Vector};
    t["predict_linear"] = {{V::Matrix, V::Scalar}, 0, false, V::Vector};
    t["absent"] = {{V::Vector}, 0, false, V::Vector};
    t["scalar"] = {{V::Vector}, 0, false, V::Scalar};
    t["vector"] = {{V::Scalar}, 0, false, V::Vector};
    t["time"] = {{}, 0, false, V::Scalar};
    t["label_replace"] = {{V::Vector, V::String, V::String, V::String, V::String}, 0, false, V::Vector};
    t["label_join"] = {{V::Vector, V::String, V::String, V::String}, 1, true, V::Vector};
    t["histogram_quantile"] = {{V::Scalar, V::Vector}, 0, false, V::Vector};
    for (const char* f :
         {"day_of_month", "day_of_week", "day_of_year", "days_in_month", "hour", "minute", "month", "year"})
      t[f] = {{V::Vector}, 1, false, V::Vector};
    t["timestamp"] = {{V::Vector}, 0, false, V::Vector};
    return t;
  }();
  return table;
}

// Prometheus 2.42 functions that drillsim's subset does not evaluate (named in the rejection).
const std::set<std::string>& outside_functions() {
  static const std::set<std::string> names = {"acos",
                                              "acosh",
                                              "asin",
                                              "asinh",
                                              "atan",
                                              "atanh",
                                              "cos",
                                              "cosh",
                                              "sin",
                                              "sinh",
                                              "tan",
                                              "tanh",
                                              "deg",
                                              "rad",
                                              "pi",
                                              "holt_winters",
                                              "histogram_count",
                                              "histogram_sum",
                                              "histogram_fraction",
                                              "mad_over_time"};
  return names;
}

const std::set<std::string> kAggregators = {"sum",   "avg",     "min",          "max",
                                            "count", "group",   "stddev",       "stdvar",
                                            "topk",  "bottomk", "count_values", "quantile"};

std::string lower(std::string s) {
  for (char& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

int precedence(const std::string& op) {
  if (op == "or") return 1;
  if (op == "and" || op == "unless") return 2;
  if (op == "==" || op == "!=" || op == "<" || op == "<=" || op == ">" || op == ">=") return 3;
  if (op == "+" || op == "-") return 4;
  if (op == "*" || op == "/" || op == "%" || op == "atan2") return 5;
  if (op == "^") return 6;
  return 0;
}

bool is_comparison(const std::string& op) {
  return precedence(op) == 3;
}
bool is_set_operator(const std::string& op) {
  return op == "and" || op == "or" || op == "unless";
}

std::string describe(const Token& t) {
  switch (t.kind) {
    case TokenKind::End:
      return "end of input";
    case TokenKind::String:
      return "string \"" + t.text + "\"";
    case TokenKind::Number:
      return "number \"" + t.text + "\"";
    case TokenKind::Duration:
      return "duration \"" + t.text + "\"";
    case TokenKind::Identifier:
      return "identifier \"" + t.text + "\"";
    default:
      return "\"" + t.text + "\"";
  }
}

class Parser {
 public:
  explicit Parser(std::string_view text) : tokens_(lex(text)) {}

  NodePtr parse_all() {
    NodePtr node = expression(1);
    if (peek().kind != TokenKind::End)
      fail(peek(), "unexpected " + describe(peek()) + "; expected an operator or end of input");
    return node;
  }

  Labels series_labels() {
    Labels labels;
    if (peek().kind == TokenKind::Identifier) labels.emplace_back(kMetricName, next().text);
    if (peek().kind == TokenKind::LeftBrace) {
      next();
      while (peek().kind != TokenKind::RightBrace) {
        const Token name = expect(TokenKind::Identifier, "a label name");
        expect(TokenKind::Assign, "\"=\"");
        const Token value = expect(TokenKind::String, "a quoted label value");
        if (!value.text.empty()) labels.emplace_back(name.text, value.text);
        if (peek().kind == TokenKind::Comma)
          next();
        else if (peek().kind != TokenKind::RightBrace)
          fail(peek(), "unexpected " + describe(peek()) + "; expected \",\" or \"}\"");
      }
      next();
    }
    if (peek().kind != TokenKind::End)
      fail(peek(), "unexpected " + describe(peek()) + " in series description");
    if (labels.empty()) fail(peek(), "a series needs a metric name or labels");
    sort_labels(labels);
    return labels;
  }

 private:
  std::vector<Token> tokens_;
  std::size_t pos_ = 0;

  const Token& peek(std::size_t ahead = 0) const {
    return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)];
  }
  Token next() { return tokens_[std::min(pos_++, tokens_.size() - 1)]; }
  [[noreturn]] static void fail(const Token& at, const std::string& problem) {
    throw ParseError(at.line, at.column, problem);
  }
  Token expect(TokenKind kind, const std::string& what) {
    if (peek().kind != kind) fail(peek(), "unexpected " + describe(peek()) + "; expected " + what);
    return next();
  }
  bool peek_keyword(const char* word, std::size_t ahead = 0) const {
    return peek(ahead).kind == TokenKind::Identifier && lower(peek(ahead).text) == word;
  }

  NodePtr make(const Token& at) {
    auto n = std::make_unique<Node>();
    n->line = at.line;
    n->column = at.column;
    return n;
  }

  // The binary operator at the cursor, if any ("" otherwise).
  std::string peek_binary_op() const {
    const Token& t = peek();
    if (t.kind == TokenKind::Operator) return t.text;
    if (t.kind == TokenKind::Identifier) {
      const std::string w = lower(t.text);
      if (w == "and" || w == "or" || w == "unless" || w == "atan2") return w;
    }
    return "";
  }

  NodePtr expression(int min_prec) {
    NodePtr lhs = unary();
    for (;;) {
      const std::string op = peek_binary_op();
      const int prec = op.empty() ? 0 : precedence(op);
      if (prec == 0 || prec < min_prec) return lhs;
      const Token op_token = next();
      auto node = make(op_token);
      BinaryExpr bin;
      bin.op = op;
      if (peek_keyword("bool")) {
        if (!is_comparison(op)) fail(peek(), "bool modifier can only be used on comparison operators");
        next();
        bin.return_bool = true;
      }
      if (is_set_operator(op)) bin.matching.card = VectorMatching::Card::ManyToMany;
      if (peek_keyword("on") || peek_keyword("ignoring")) {
        bin.matching.on = peek_keyword("on");
        next();
        bin.matching.labels = label_list();
        if (peek_keyword("group_left") || peek_keyword("group_right")) {
          if (is_set_operator(op)) fail(peek(), "no grouping allowed for \"" + op + "\" operation");
          bin.matching.card =
              peek_keyword("group_left") ? VectorMatching::Card::ManyToOne : VectorMatching::Card::OneToMany;
          next();
          if (peek().kind == TokenKind::LeftParen) bin.matching.include = label_list();
        }
      }
      // ^ is right-associative; everything else is left-associative.
      bin.rhs = expression(op == "^" ? prec : prec + 1);
      bin.lhs = std::move(lhs);
      check_binary(op_token, bin);
      const bool scalars = bin.lhs->type == ValueType::Scalar && bin.rhs->type == ValueType::Scalar;
      node->type = scalars ? ValueType::Scalar : ValueType::Vector;
      node->kind = std::move(bin);
      lhs = std::move(node);
    }
  }

  void check_binary(const Token& at, const BinaryExpr& bin) {
    const auto operand_ok = [](ValueType t) { return t == ValueType::Scalar || t == ValueType::Vector; };
    if (!operand_ok(bin.lhs->type) || !operand_ok(bin.rhs->type))
      fail(at, "binary expression must contain only scalar and instant vector types");
    const bool scalars = bin.lhs->type == ValueType::Scalar && bin.rhs->type == ValueType::Scalar;
    if (is_comparison(bin.op) && scalars && !bin.return_bool)
      fail(at, "comparisons between scalars must use BOOL modifier");
    if (is_set_operator(bin.op) && (bin.lhs->type != ValueType::Vector || bin.rhs->type != ValueType::Vector))
      fail(at, "set operator \"" + bin.op + "\" not allowed in binary scalar expression");
    if ((bin.lhs->type == ValueType::Scalar || bin.rhs->type == ValueType::Scalar) &&
        (!bin.matching.labels.empty() || bin.matching.on || !bin.matching.include.empty() ||
         (bin.matching.card != VectorMatching::Card::OneToOne && !is_set_operator(bin.op))))
      fail(at, "vector matching only allowed between instant vectors");
    for (const std::string& l : bin.matching.include) {
      if (bin.matching.on &&
          std::find(bin.matching.labels.begin(), bin.matching.labels.end(), l) != bin.matching.labels.end())
        fail(at, "label \"" + l + "\" must not occur in ON and GROUP clause at once");
    }
  }

  std::vector<std::string> label_list() {
    expect(TokenKind::LeftParen, "\"(\"");
    std::vector<std::string> labels;
    while (peek().kind != TokenKind::RightParen) {
      labels.push_back(expect(TokenKind::Identifier, "a label name").text);
      if (peek().kind == TokenKind::Comma)
        next();
      else if (peek().kind != TokenKind::RightParen)
        fail(peek(), "unexpected " + describe(peek()) + "; expected \",\" or \")\"");
    }
    next();
    return labels;
  }

  NodePtr unary() {
    if (peek().kind == TokenKind::Operator && (peek().text == "-" || peek().text == "+")) {
      const Token op = next();
      NodePtr operand = expression(6);
      if (operand->type != ValueType::Scalar && operand->type != ValueType::Vector)
        fail(op,
             std::string(
                 "unary expression only allowed on expressions of type scalar or instant vector, got \"") +
                 to_string(operand->type) + "\"");
      if (op.text == "+") return operand;
      // Prometheus folds a negated number literal into the literal.
      if (auto* num = std::get_if<NumberLiteral>(&operand->kind)) {
        num->value = -num->value;
        return operand;
      }
      auto node = make(op);
      node->type = operand->type;
      node->kind = UnaryExpr{'-', std::move(operand)};
      return node;
    }
    return postfix(primary());
  }

  // `@ <number>`, `@ start()` or `@ end()` after a selector or subquery (parser.go's setTimestamp and
  // setAtModifierPreprocessor; the errors are placed at the expression, as promtool places them).
  void at_modifier(Node& node) {
    next();  // @
    AtModifier mod;
    if (peek_keyword("start") || peek_keyword("end")) {
      mod.kind = lower(next().text) == "start" ? AtModifier::Kind::Start : AtModifier::Kind::End;
      expect(TokenKind::LeftParen, "\"(\"");
      expect(TokenKind::RightParen, "\")\"");
    } else {
      bool negative = false;
      if (peek().kind == TokenKind::Operator && (peek().text == "-" || peek().text == "+"))
        negative = next().text == "-";
      const Token n = expect(TokenKind::Number, "a timestamp after @");
      const double seconds = negative ? -n.number : n.number;
      // Go's bounds: the seconds, against int64's range; then rounded to milliseconds.
      constexpr double kMax = 9223372036854775807.0;
      if (std::isnan(seconds) || seconds >= kMax || seconds <= -kMax) {
        const std::string shown = std::isnan(seconds)   ? "NaN"
                                  : std::isinf(seconds) ? (seconds > 0 ? "+Inf" : "-Inf")
                                                        : format_fixed6(seconds);
        fail(node, "timestamp out of bounds for @ modifier: " + shown);
      }
      const double ms = std::round(seconds * 1000.0);
      mod.kind = AtModifier::Kind::Time;
      mod.t_ms = ms >= kMax    ? std::numeric_limits<std::int64_t>::max()
                 : ms <= -kMax ? std::numeric_limits<std::int64_t>::min()
                               : static_cast<std::int64_t>(ms);
    }
    AtModifier* target = nullptr;
    if (auto* vs = std::get_if<VectorSelector>(&node.kind))
      target = &vs->at;
    else if (auto* m = std::get_if<MatrixSelector>(&node.kind))
      target = &m->vector.at;
    else if (auto* sq = std::get_if<Subquery>(&node.kind))
      target = &sq->at;
    else
      fail(
          node,
          "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery");
    if (target->kind != AtModifier::Kind::None) fail(node, "@ <timestamp> may not be set multiple times");
    *target = mod;
  }
  [[noreturn]] static void fail(const Node& at, const std::string& problem) {
    throw ParseError(at.line, at.column, problem);
  }
  static std::string format_fixed6(double v) {
    char buf[400];
    std::snprintf(buf, sizeof buf, "%f", v);
    return buf;
  }

  NodePtr postfix(NodePtr node) {
    for (;;) {
      if (peek().kind == TokenKind::LeftBracket) {
        const Token at = next();
        const Token range = expect(TokenKind::Duration, "a duration for the range");
        if (peek().kind == TokenKind::Colon) {
          next();
          std::int64_t step = 0;
          if (peek().kind == TokenKind::Duration) {
            const Token st = next();
            if (st.duration_ms <= 0) fail(st, "step must be positive");
            step = st.duration_ms;
          }
          expect(TokenKind::RightBracket, "\"]\"");
          if (node->type != ValueType::Vector)
            fail(at, std::string("subquery is only allowed on instant vector, got ") + to_string(node->type) +
                         " instead");
          if (range.duration_ms <= 0) fail(range, "range must be positive");
          auto sub = make(at);
          sub->type = ValueType::Matrix;
          sub->kind = Subquery{std::move(node), range.duration_ms, step, 0, {}};
          node = std::move(sub);
          continue;
        }
        expect(TokenKind::RightBracket, "\"]\"");
        auto* vs = std::get_if<VectorSelector>(&node->kind);
        if (vs == nullptr) {
          if (node->type == ValueType::Vector)
            fail(at, "ranges only allowed for vector selectors; write expr[range:step] for a subquery");
          fail(at, "ranges only allowed for vector selectors");
        }
        if (vs->offset_ms != 0) fail(at, "offset must follow the range: write sel[range] offset d");
        if (vs->at.kind != AtModifier::Kind::None) fail(at, "no @ modifiers allowed before range");
        if (range.duration_ms <= 0) fail(range, "range must be positive");
        MatrixSelector ms{std::move(*vs), range.duration_ms};
        node->kind = std::move(ms);
        node->type = ValueType::Matrix;
        continue;
      }
      if (peek_keyword("offset")) {
        const Token at = next();
        bool negative = false;
        if (peek().kind == TokenKind::Operator && (peek().text == "-" || peek().text == "+"))
          negative = next().text == "-";
        const Token d = expect(TokenKind::Duration, "a duration after offset");
        const std::int64_t ms = negative ? -d.duration_ms : d.duration_ms;
        if (auto* vs = std::get_if<VectorSelector>(&node->kind)) {
          if (vs->offset_ms != 0) fail(at, "offset may not be set multiple times");
          vs->offset_ms = ms;
        } else if (auto* m = std::get_if<MatrixSelector>(&node->kind)) {
          if (m->vector.offset_ms != 0) fail(at, "offset may not be set multiple times");
          m->vector.offset_ms = ms;
        } else if (auto* sq = std::get_if<Subquery>(&node->kind)) {
          if (sq->offset_ms != 0) fail(at, "offset may not be set multiple times");
          sq->offset_ms = ms;
        } else {
          fail(at, "offset modifier must be preceded by an instant vector selector or range vector selector");
        }
        continue;
      }
      if (peek().kind == TokenKind::At) {
        at_modifier(*node);
        continue;
      }
      return node;
    }
  }

  NodePtr primary() {
    const Token t = peek();
    switch (t.kind) {
      case TokenKind::Number: {
        next();
        auto n = make(t);
        n->kind = NumberLiteral{t.number};
        n->type = ValueType::Scalar;
        return n;
      }
      case TokenKind::String: {
        next();
        auto n = make(t);
        n->kind = StringLiteral{t.text};
        n->type = ValueType::String;
        return n;
      }
      case TokenKind::LeftParen: {
        next();
        NodePtr inner = expression(1);
        expect(TokenKind::RightParen, "\")\"");
        auto n = make(t);
        n->type = inner->type;
        n->kind = Paren{std::move(inner)};
        return n;
      }
      case TokenKind::LeftBrace:
        return selector(t, "");
      case TokenKind::Identifier:
        break;
      default:
        fail(t, "unexpected " + describe(t) + "; expected an expression");
    }
    const std::string word = t.text;
    if (kAggregators.count(lower(word)) != 0 &&
        (peek(1).kind == TokenKind::LeftParen || peek_keyword("by", 1) || peek_keyword("without", 1)))
      return aggregate();
    if (peek(1).kind == TokenKind::LeftParen) return call();
    const std::string w = lower(word);
    if (w == "by" || w == "without" || w == "on" || w == "ignoring" || w == "group_left" ||
        w == "group_right" || w == "bool" || w == "offset" || w == "and" || w == "or" || w == "unless")
      fail(t, "unexpected keyword \"" + word + "\"; expected an expression");
    next();
    return selector(t, word);
  }

  NodePtr selector(const Token& at, const std::string& name) {
    VectorSelector vs;
    vs.metric_name = name;
    if (!name.empty()) vs.matchers.push_back({kMetricName, LabelMatcher::Op::Equal, name, nullptr});
    if (peek().kind == TokenKind::LeftBrace) {
      next();
      while (peek().kind != TokenKind::RightBrace) {
        const Token label = expect(TokenKind::Identifier, "a label name");
        LabelMatcher m;
        m.name = label.text;
        const Token op = next();
        switch (op.kind) {
          case TokenKind::Assign:
            m.op = LabelMatcher::Op::Equal;
            break;
          case TokenKind::RegexMatch:
            m.op = LabelMatcher::Op::RegexMatch;
            break;
          case TokenKind::RegexNoMatch:
            m.op = LabelMatcher::Op::RegexNoMatch;
            break;
          case TokenKind::Operator:
            if (op.text == "!=") {
              m.op = LabelMatcher::Op::NotEqual;
              break;
            }
            [[fallthrough]];
          default:
            fail(op, "unexpected " + describe(op) +
                         " in label matching; expected one of \"=\", \"!=\", \"=~\", \"!~\"");
        }
        const Token value = expect(TokenKind::String, "a quoted label value");
        m.value = value.text;
        if (m.op == LabelMatcher::Op::RegexMatch || m.op == LabelMatcher::Op::RegexNoMatch) {
          try {
            m.regex = std::make_shared<const std::regex>(compile_re2(m.value, true));
          } catch (const Re2Error& e) {
            fail(value,
                 e.unsupported() ? e.what() : "invalid regular expression \"" + m.value + "\": " + e.what());
          }
        }
        if (m.name == kMetricName && !name.empty())
          fail(label, "metric name must not be set twice: \"" + name + "\" or \"" + m.value + "\"");
        vs.matchers.push_back(std::move(m));
        if (peek().kind == TokenKind::Comma)
          next();
        else if (peek().kind != TokenKind::RightBrace)
          fail(peek(), "unexpected " + describe(peek()) + " in label matching; expected \",\" or \"}\"");
      }
      next();
    }
    const bool any_non_empty = std::any_of(vs.matchers.begin(), vs.matchers.end(),
                                           [](const LabelMatcher& m) { return !m.matches(""); });
    if (!any_non_empty) fail(at, "vector selector must contain at least one non-empty matcher");
    auto n = make(at);
    n->kind = std::move(vs);
    n->type = ValueType::Vector;
    return n;
  }

  NodePtr aggregate() {
    const Token op = next();
    Aggregate agg;
    agg.op = lower(op.text);
    bool grouped = false;
    auto grouping = [&] {
      agg.without = peek_keyword("without");
      next();
      agg.grouping = label_list();
      grouped = true;
    };
    if (peek_keyword("by") || peek_keyword("without")) grouping();
    expect(TokenKind::LeftParen, "\"(\"");
    const bool has_param =
        agg.op == "topk" || agg.op == "bottomk" || agg.op == "quantile" || agg.op == "count_values";
    if (has_param) {
      agg.param = expression(1);
      expect(TokenKind::Comma, "\",\" after the aggregation parameter");
      const ValueType want = agg.op == "count_values" ? ValueType::String : ValueType::Scalar;
      if (agg.param->type != want)
        fail(op, "expected type " + std::string(to_string(want)) + " in aggregation parameter, got " +
                     to_string(agg.param->type));
    }
    agg.expr = expression(1);
    expect(TokenKind::RightParen, "\")\"");
    if (agg.expr->type != ValueType::Vector)
      fail(op, "expected type instant vector in aggregation expression, got " +
                   std::string(to_string(agg.expr->type)));
    if (peek_keyword("by") || peek_keyword("without")) {
      if (grouped) fail(peek(), "aggregation must only contain one grouping clause");
      grouping();
    }
    auto n = make(op);
    n->kind = std::move(agg);
    n->type = ValueType::Vector;
    return n;
  }

  NodePtr call() {
    const Token name = next();
    const auto& table = functions();
    const auto spec_it = table.find(name.text);
    if (spec_it == table.end()) {
      if (outside_functions().count(name.text) != 0)
        fail(name, "function \"" + name.text + "\" is outside drillsim's PromQL subset");
      fail(name, "unknown function with name \"" + name.text + "\"");
    }
    const FunctionSpec& spec = spec_it->second;
    expect(TokenKind::LeftParen, "\"(\"");
    Call call;
    call.function = name.text;
    while (peek().kind != TokenKind::RightParen) {
      call.args.push_back(expression(1));
      if (peek().kind == TokenKind::Comma)
        next();
      else if (peek().kind != TokenKind::RightParen)
        fail(peek(), "unexpected " + describe(peek()) + "; expected \",\" or \")\"");
    }
    next();
    const std::size_t n = call.args.size();
    const std::size_t min_args = spec.args.size() - static_cast<std::size_t>(spec.optional);
    if (n < min_args || (!spec.variadic && n > spec.args.size()))
      fail(name, "expected " + std::to_string(min_args) + (spec.optional ? " or more" : "") +
                     " argument(s) in call to \"" + name.text + "\", got " + std::to_string(n));
    for (std::size_t i = 0; i < n; ++i) {
      const ValueType want = spec.args[std::min(i, spec.args.size() - 1)];
      if (call.args[i]->type != want)
        fail(name, "expected type " + std::string(to_string(want)) + " in call to function \"" + name.text +
                       "\", got " + to_string(call.args[i]->type));
    }
    auto node = make(name);
    node->type = spec.result;
    node->kind = std::move(call);
    return node;
  }
};

}  // namespace

bool is_supported_function(const std::string& name) {
  return functions().count(name) != 0;
}

NodePtr parse_expression(std::string_view expression) {
  return Parser(expression).parse_all();
}

Labels parse_series_labels(std::string_view text) {
  return Parser(text).series_labels();
}

}  // namespace drillsim::promql
