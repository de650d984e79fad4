#include "io/json_reader.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <utility>

namespace drillsim::io {

namespace {

constexpr std::size_t kMaxFoundChars = 40;

// The part of nlohmann's parse_error message after "parse error at line L, column C: " (or "at byte B: ").
// We compute our own position, so only the reason is kept; the token it quotes ("last read: '...'") is
// cut to an excerpt, since it may be a whole unterminated string.
std::string short_parse_reason(const std::string& what, const std::string& last_token) {
  std::string reason = what;
  const std::size_t prefix = what.find("parse error");
  if (prefix != std::string::npos) {
    const std::size_t colon = what.find(": ", prefix);
    if (colon != std::string::npos) reason = what.substr(colon + 2);
  }
  constexpr std::string_view kLastRead = "; last read: '";
  const std::size_t last_read = reason.find(kLastRead);
  if (last_read != std::string::npos) {
    reason.resize(last_read);
    reason += std::string(kLastRead) + excerpt(last_token) + "'";
  }
  return reason;
}

std::string quote_excerpt(std::string_view text) {
  return "\"" + excerpt(text) + "\"";
}

std::string quoted_list(const std::vector<std::string_view>& words) {
  std::string out;
  for (const auto word : words) {
    if (!out.empty()) out += ", ";
    out += '"';
    out += word;
    out += '"';
  }
  return out;
}

std::string plain_list(const std::vector<std::string_view>& words) {
  std::string out;
  for (const auto word : words) {
    if (!out.empty()) out += ", ";
    out += word;
  }
  return out;
}

std::string one_of(const std::vector<std::string_view>& choices) {
  return "one of " + quoted_list(choices);
}

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// Builds the document from nlohmann's SAX events, so that positions and keys stay in our hands: nlohmann's
// own DOM parser keeps one of two duplicate keys silently, and drops the position of a number overflow.
// Memory is linear in the document: each open container keeps its key and the keys it has seen, never
// its whole pointer (pointers of every level would cost the square of the depth); a pointer is built
// only for an error message. Depth and string lengths are checked as the text is read (kMaxJsonDepth,
// kMaxJsonStringBytes), before anything is built from them.
class DomBuilder {
 public:
  DomBuilder(std::string_view text, const std::string& file) : text_(text), file_(&file) {}

  Json take() { return std::move(root_); }

  bool null() { return add(Json(nullptr)); }
  bool boolean(bool value) { return add(Json(value)); }
  bool number_integer(Json::number_integer_t value) { return add(Json(value)); }
  bool number_unsigned(Json::number_unsigned_t value) { return add(Json(value)); }
  bool number_float(Json::number_float_t value, const Json::string_t& /*text*/) { return add(Json(value)); }
  bool string(Json::string_t& value) {
    check_length(value, child_pointer(), "a string");
    return add(Json(std::move(value)));
  }
  bool binary(Json::binary_t& value) { return add(Json(Json::binary_t(std::move(value)))); }

  bool start_object(std::size_t /*size*/) { return open(Json::object()); }
  bool start_array(std::size_t /*size*/) { return open(Json::array()); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool key(Json::string_t& key) {
    Frame& top = frames_.back();
    check_length(key, pointer_of(frames_.size()) + "/" + escape_pointer_token(excerpt(key)), "a key");
    if (!top.keys.insert(key).second) {
      throw InputError(
          *file_, pointer_of(frames_.size()) + "/" + escape_pointer_token(key),
          "duplicate key " + quote_excerpt(key) + "; each key may appear only once in an object");
    }
    top.key = key;
    return true;
  }

  // `position` is the 1-based index of the last byte read, which is the offending one (n + 1 at the end).
  bool parse_error(std::size_t position, const std::string& last_token, const Json::exception& error) {
    if (error.id == 406) {  // A number beyond the range of a double (1e400): point at its first byte.
      const std::size_t start = position >= last_token.size() ? position - last_token.size() : 0;
      throw InputError(*file_, line_col(text_, start),
                       "number out of range: " + excerpt(last_token) + " does not fit in a double");
    }
    const std::size_t offset = position == 0 ? 0 : position - 1;
    throw InputError(*file_, line_col(text_, offset),
                     "JSON syntax error: " + short_parse_reason(error.what(), last_token));
  }

 private:
  struct Frame {
    Json* value;
    std::string key;             // Objects: the key of the member being read.
    std::set<std::string> keys;  // Objects: the keys seen so far.
  };

  // The pointer of the value that frames_[depth - 1] holds ("" for depth 0: the root).
  std::string pointer_of(std::size_t depth) const {
    std::string pointer;
    for (std::size_t i = 0; i + 1 < depth; ++i)
      pointer += "/" + token_of(frames_[i], /*open_child=*/true);
    return pointer;
  }

  // The reference token of the child being read in `frame`: an array's next index, an object's key.
  // With open_child, the child is the last element already placed (the open container below).
  static std::string token_of(const Frame& frame, bool open_child) {
    if (frame.value->is_array()) {
      const std::size_t size = frame.value->size();
      return std::to_string(open_child && size > 0 ? size - 1 : size);
    }
    return escape_pointer_token(excerpt(frame.key));
  }

  // The pointer of the next value to be placed in the innermost open container.
  std::string child_pointer() const {
    if (frames_.empty()) return {};
    return pointer_of(frames_.size()) + "/" + token_of(frames_.back(), /*open_child=*/false);
  }

  void check_length(const std::string& value, const std::string& pointer, const char* what) const {
    if (value.size() <= kMaxJsonStringBytes) return;
    throw InputError(*file_, pointer,
                     std::string(what) + " of " + std::to_string(value.size()) +
                         " bytes is longer than the limit of " + std::to_string(kMaxJsonStringBytes) +
                         " bytes");
  }

  // Places `value` in the innermost open container (or as the root); returns where it landed.
  Json* place(Json value) {
    if (frames_.empty()) {
      root_ = std::move(value);
      return &root_;
    }
    Frame& top = frames_.back();
    if (top.value->is_array()) {
      top.value->push_back(std::move(value));
      return &top.value->back();
    }
    Json& slot = (*top.value)[top.key];
    slot = std::move(value);
    return &slot;
  }

  bool add(Json value) {
    place(std::move(value));
    return true;
  }

  // Only the chain of open containers is kept: adding to the innermost one may move its closed children,
  // never its ancestors.
  bool open(Json container) {
    if (frames_.size() >= kMaxJsonDepth) {
      throw InputError(*file_, child_pointer(),
                       "nested deeper than the limit of " + std::to_string(kMaxJsonDepth) +
                           " levels of arrays and objects");
    }
    Json* where = place(std::move(container));
    frames_.push_back(Frame{where, {}, {}});
    return true;
  }

  bool close() {
    frames_.pop_back();
    return true;
  }

  std::string_view text_;
  const std::string* file_;
  Json root_;
  std::vector<Frame> frames_;
};

}  // namespace

Json parse_json(std::string_view text, const std::string& file) {
  DomBuilder builder(text, file);
  Json::sax_parse(text.begin(), text.end(), &builder, nlohmann::json::input_format_t::json, /*strict=*/true,
                  /*ignore_comments=*/false);
  return builder.take();
}

std::string line_col(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  std::size_t line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return std::to_string(line) + ":" + std::to_string(offset - line_start + 1);
}

std::string escape_pointer_token(std::string_view key) {
  std::string out;
  out.reserve(key.size());
  for (const char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::string describe_found(const Json& value) {
  // nlohmann reads literals beyond the range of a double (1e400) as infinity, and would dump it as null.
  if (value.is_number_float() && !std::isfinite(value.get<double>()))
    return "a number too large for a double";
  // A long string is dumped from its beginning only (a prefix dumps to at least kMaxFoundChars characters,
  // so the cut below lands in the same place as on the whole string).
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    if (text.size() > 4 * kMaxFoundChars) {
      std::size_t cut = 4 * kMaxFoundChars;
      while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut;
      return excerpt(Json(text.substr(0, cut)).dump(-1, ' ', false, Json::error_handler_t::replace),
                     kMaxFoundChars);
    }
  }
  return excerpt(value.dump(-1, ' ', false, Json::error_handler_t::replace), kMaxFoundChars);
}

std::string excerpt(std::string_view text, std::size_t max_chars) {
  if (text.size() <= max_chars) return std::string(text);
  std::size_t cut = max_chars >= 3 ? max_chars - 3 : 0;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
    --cut;  // Not inside UTF-8.
  return std::string(text.substr(0, cut)) + "...";
}

std::string format_number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.12g", value);
  return buffer;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Row i of d holds the distances between the first i characters of a and the first j of b; a
  // transposition looks two rows back, so three rows are kept: memory linear in b.
  const std::size_t n = a.size();
  const std::size_t m = b.size();
  std::vector<std::size_t> before(m + 1, 0);  // Row i - 2.
  std::vector<std::size_t> previous(m + 1);   // Row i - 1.
  std::vector<std::size_t> current(m + 1);    // Row i.
  for (std::size_t j = 0; j <= m; ++j)
    previous[j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) && lower(a[i - 2]) == lower(b[j - 1])) {
        current[j] = std::min(current[j], before[j - 2] + 1);
      }
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[m];
}

std::optional<std::string_view> closest_match(std::string_view word,
                                              const std::vector<std::string_view>& candidates) {
  std::optional<std::string_view> best;
  std::size_t best_distance = 0;
  for (const auto candidate : candidates) {
    const std::size_t allowed = std::max<std::size_t>(1, std::max(word.size(), candidate.size()) / 4);
    // The distance is at least the difference of the lengths: a word much longer than every candidate
    // (a pasted blob) costs nothing to rule out, so suggestions stay linear in the input.
    const std::size_t gap =
        word.size() > candidate.size() ? word.size() - candidate.size() : candidate.size() - word.size();
    if (gap > allowed) continue;
    const std::size_t distance = edit_distance(word, candidate);
    if (distance > allowed || distance >= candidate.size()) continue;
    if (!best || distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------------------- Range

Range Range::and_at_least(double min, std::string name) const {
  Range r = *this;
  r.min_ = Bound{min, true, std::move(name)};
  return r;
}

Range Range::and_greater_than(double min, std::string name) const {
  Range r = *this;
  r.min_ = Bound{min, false, std::move(name)};
  return r;
}

Range Range::and_at_most(double max, std::string name) const {
  Range r = *this;
  r.max_ = Bound{max, true, std::move(name)};
  return r;
}

Range Range::and_less_than(double max, std::string name) const {
  Range r = *this;
  r.max_ = Bound{max, false, std::move(name)};
  return r;
}

bool Range::contains(double value) const {
  if (std::isnan(value)) return false;
  if (min_ && (min_->inclusive ? value < min_->value : value <= min_->value)) return false;
  if (max_ && (max_->inclusive ? value > max_->value : value >= max_->value)) return false;
  return true;
}

std::string Range::describe(std::string_view noun) const {
  std::string out(noun);
  if (min_ && max_ && min_->inclusive && max_->inclusive && min_->name.empty() && max_->name.empty()) {
    return out + " in [" + format_number(min_->value) + ", " + format_number(max_->value) + "]";
  }
  const auto part = [](const Bound& bound, const char* inclusive_op, const char* exclusive_op) {
    std::string text =
        std::string(bound.inclusive ? inclusive_op : exclusive_op) + " " + format_number(bound.value);
    if (!bound.name.empty()) text += " (" + bound.name + ")";
    return text;
  };
  if (min_) out += " " + part(*min_, ">=", ">");
  if (min_ && max_) out += " and";
  if (max_) out += " " + part(*max_, "<=", "<");
  return out;
}

// ----------------------------------------------------------------------------------------------- JsonReader

JsonReader::JsonReader(const Json& value, std::string file, std::string pointer)
    : value_(&value), file_(std::move(file)), pointer_(std::move(pointer)) {}

void JsonReader::fail(std::string problem) const {
  throw InputError(file_, pointer_, std::move(problem));
}

void JsonReader::fail_expected(std::string_view expected) const {
  fail("expected " + std::string(expected) + ", found " + describe_found(*value_));
}

double JsonReader::as_number(const Range& range) const {
  if (!value_->is_number()) fail_expected(range.describe("a number"));
  const double value = value_->get<double>();
  if (!std::isfinite(value) || !range.contains(value)) fail_expected(range.describe("a number"));
  return value;
}

std::int64_t JsonReader::as_integer(const Range& range, std::int64_t limit) const {
  const std::string expected = range.describe("an integer");
  if (!value_->is_number()) fail_expected(expected);
  const double approx = value_->get<double>();
  if (!std::isfinite(approx) || std::floor(approx) != approx || !range.contains(approx))
    fail_expected(expected);
  const auto too_large = [&] {
    fail_expected(range.and_at_most(static_cast<double>(limit)).describe("an integer"));
  };
  std::int64_t value = 0;
  if (value_->is_number_unsigned()) {
    const auto u = value_->get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(limit)) too_large();
    value = static_cast<std::int64_t>(u);
  } else if (value_->is_number_integer()) {
    value = value_->get<std::int64_t>();
  } else {
    // 2^63 is exactly representable; anything at or above it does not fit.
    if (approx >= 9223372036854775808.0 || approx < -9223372036854775808.0) too_large();
    value = static_cast<std::int64_t>(approx);
  }
  if (value > limit) too_large();
  return value;
}

std::uint64_t JsonReader::as_uint64() const {
  const char* expected = "an integer >= 0";
  if (value_->is_number_unsigned()) return value_->get<std::uint64_t>();
  if (value_->is_number_integer()) {
    const auto value = value_->get<std::int64_t>();
    if (value < 0) fail_expected(expected);
    return static_cast<std::uint64_t>(value);
  }
  if (!value_->is_number()) fail_expected(expected);
  const double approx = value_->get<double>();
  if (!std::isfinite(approx) || std::floor(approx) != approx || approx < 0.0) fail_expected(expected);
  if (approx >= 18446744073709551616.0) fail_expected("an integer >= 0 and <= 18446744073709551615");
  return static_cast<std::uint64_t>(approx);
}

bool JsonReader::as_bool() const {
  if (!value_->is_boolean()) fail_expected("true or false");
  return value_->get<bool>();
}

std::string JsonReader::as_string(bool non_empty) const {
  const char* expected = non_empty ? "a non-empty string" : "a string";
  if (!value_->is_string()) fail_expected(expected);
  auto value = value_->get<std::string>();
  if (non_empty && value.empty()) fail_expected(expected);
  return value;
}

std::size_t JsonReader::as_choice(const std::vector<std::string_view>& choices, std::string_view noun) const {
  if (!value_->is_string()) fail_expected(one_of(choices));
  const auto& value = value_->get_ref<const std::string&>();
  for (std::size_t i = 0; i < choices.size(); ++i) {
    if (choices[i] == value) return i;
  }
  std::string problem = "unknown " + std::string(noun) + " " + describe_found(*value_) + "; ";
  if (const auto suggestion = closest_match(value, choices)) {
    problem += "did you mean \"" + std::string(*suggestion) + "\"? ";
  }
  fail(problem + "allowed: " + plain_list(choices));
}

std::vector<JsonReader> JsonReader::as_array(std::string_view expected, bool non_empty) const {
  if (!value_->is_array() || (non_empty && value_->empty())) fail_expected(expected);
  std::vector<JsonReader> elements;
  elements.reserve(value_->size());
  for (std::size_t i = 0; i < value_->size(); ++i) {
    elements.emplace_back((*value_)[i], file_, pointer_ + "/" + std::to_string(i));
  }
  return elements;
}

void JsonReader::expect_object(std::string_view expected) const {
  if (!value_->is_object()) fail_expected(expected);
}

void JsonReader::allow_only(const std::vector<std::string_view>& allowed, std::string_view takes) const {
  for (const auto& item : value_->items()) {
    const std::string& key = item.key();
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    std::string problem = "unknown key " + quote_excerpt(key);
    const auto suggestion = closest_match(key, allowed);
    if (suggestion) problem += "; did you mean \"" + std::string(*suggestion) + "\"?";
    if (!takes.empty()) {
      problem += (suggestion ? " (" : "; ") + std::string(takes) + ": " + plain_list(allowed) +
                 (suggestion ? ")" : "");
    } else if (!suggestion) {
      problem += "; allowed keys: " + plain_list(allowed);
    }
    throw InputError(file_, child_pointer(key), problem);
  }
}

bool JsonReader::has(std::string_view key) const {
  return value_->contains(std::string(key));
}

std::optional<JsonReader> JsonReader::find(std::string_view key) const {
  const auto it = value_->find(std::string(key));
  if (it == value_->end()) return std::nullopt;
  return JsonReader(*it, file_, child_pointer(key));
}

JsonReader JsonReader::at(std::string_view key, std::string_view expected) const {
  auto field = find(key);
  if (!field) throw InputError(file_, child_pointer(key), "missing; expected " + std::string(expected));
  return *std::move(field);
}

double JsonReader::number(std::string_view key, const Range& range) const {
  return at(key, range.describe("a number")).as_number(range);
}

double JsonReader::number_or(std::string_view key, double fallback, const Range& range) const {
  const auto field = find(key);
  return field ? field->as_number(range) : fallback;
}

std::int64_t JsonReader::integer(std::string_view key, const Range& range, std::int64_t limit) const {
  return at(key, range.describe("an integer")).as_integer(range, limit);
}

std::int64_t JsonReader::integer_or(std::string_view key, std::int64_t fallback, const Range& range,
                                    std::int64_t limit) const {
  const auto field = find(key);
  return field ? field->as_integer(range, limit) : fallback;
}

bool JsonReader::boolean_or(std::string_view key, bool fallback) const {
  const auto field = find(key);
  return field ? field->as_bool() : fallback;
}

std::string JsonReader::string(std::string_view key, bool non_empty) const {
  return at(key, non_empty ? "a non-empty string" : "a string").as_string(non_empty);
}

std::string JsonReader::string_or(std::string_view key, std::string fallback, bool non_empty) const {
  const auto field = find(key);
  return field ? field->as_string(non_empty) : std::move(fallback);
}

std::size_t JsonReader::choice(std::string_view key, const std::vector<std::string_view>& choices,
                               std::string_view noun) const {
  return at(key, one_of(choices)).as_choice(choices, noun);
}

std::size_t JsonReader::choice_or(std::string_view key, std::size_t fallback,
                                  const std::vector<std::string_view>& choices, std::string_view noun) const {
  const auto field = find(key);
  return field ? field->as_choice(choices, noun) : fallback;
}

std::string JsonReader::child_pointer(std::string_view key) const {
  return pointer_ + "/" + escape_pointer_token(key);
}

}  // namespace drillsim::io
