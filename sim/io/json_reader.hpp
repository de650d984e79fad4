// Reading a user's JSON document field by field. A JsonReader is a view of one value of a parsed
// document together with its JSON pointer, so every lookup can name its place: a wrong type or an
// out-of-range value becomes `expected <what>, found <value>`, a missing field `missing; expected <what>`,
// and a key the format does not know `unknown key "replcas"; did you mean "replicas"?`. A typo is never
// silently ignored: readers of objects call allow_only() with every key the format allows there.
//
// Every failure throws InputError{file, pointer, problem}. Nothing here knows the scenario format:
// scenario_loader.cpp and the section readers io/load_*.cpp hold the fields, their defaults and ranges.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "io/input_error.hpp"

namespace drillsim::io {

// Objects keep their keys in document order, so the first unknown key reported is the first in the file.
using Json = nlohmann::ordered_json;

// Limits of every JSON document drillsim reads (docs/cli.md, "Limits"). A scenario nests about 6 levels
// deep and a report about 8; its longest strings are descriptions of a few hundred bytes.
constexpr std::size_t kMaxJsonDepth = 64;           // Arrays and objects, one inside another.
constexpr std::size_t kMaxJsonStringBytes = 65536;  // Any string value or key.

// How input is quoted in messages: at most `max_chars` bytes of it, "..." at the end when cut (never
// inside a UTF-8 sequence). Messages never carry more of a user's input than this.
constexpr std::size_t kExcerptChars = 60;
std::string excerpt(std::string_view text, std::size_t max_chars = kExcerptChars);

// Parses `text` as one strict JSON document (no comments, no trailing data).
// Throws InputError{file, "line:col", "JSON syntax error: <reason>"} on a syntax error (line and column are
// 1-based and count bytes; they designate the last byte the parser read, i.e. the offending one),
// InputError{file, "line:col", "number out of range: ..."} for a number beyond a double (1e400), and
// InputError{file, pointer, "duplicate key ..."} when an object repeats a key (the JSON RFC leaves that
// undefined, and silently keeping one of the values would hide a mistake), and
// InputError{file, pointer, "..."} past kMaxJsonDepth or kMaxJsonStringBytes. Memory and time are linear
// in the text.
Json parse_json(std::string_view text, const std::string& file);

// The 1-based line and column of the byte at `offset` (0-based) in `text`, as "line:col". An offset at or
// past the end designates the position just after the last byte.
std::string line_col(std::string_view text, std::size_t offset);

// Escapes a key for use as a JSON pointer reference token (RFC 6901: "~" -> "~0", "/" -> "~1").
std::string escape_pointer_token(std::string_view key);

// How a value appears after "found" in messages: its compact JSON text, cut to 40 characters ("..." at the
// end when cut, never inside a UTF-8 sequence; invalid UTF-8 replaced by U+FFFD).
std::string describe_found(const Json& value);

// Number formatting for messages: up to 12 significant digits, no trailing zeros ("0.9", "2592000", "1e-09").
std::string format_number(double value);

// Optimal-string-alignment edit distance (insertions, deletions, substitutions and transpositions of
// adjacent characters each cost 1), ignoring ASCII case.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word` by edit_distance, if it is close enough to be a likely typo: at most
// max(1, longest length / 4) edits ("replcas" -> "replicas", but not "mean_s" -> "min_s"). Ties go to the
// earlier candidate. Time is linear in `word`'s length: a word too much longer than a candidate to be
// within the allowed distance is ruled out without computing it.
std::optional<std::string_view> closest_match(std::string_view word,
                                              const std::vector<std::string_view>& candidates);

// Bounds on a number, and the words that describe them in messages ("a number >= 0 and < 3600 (duration_s)").
// A bound may carry a name when it comes from another field, so the user sees where it comes from.
class Range {
 public:
  Range() = default;  // Any finite number.
  static Range at_least(double min, std::string name = {}) {
    return Range().and_at_least(min, std::move(name));
  }
  static Range greater_than(double min, std::string name = {}) {
    return Range().and_greater_than(min, std::move(name));
  }
  static Range probability() { return at_least(0.0).and_at_most(1.0); }  // [0, 1]

  Range and_at_least(double min, std::string name = {}) const;
  Range and_greater_than(double min, std::string name = {}) const;
  Range and_at_most(double max, std::string name = {}) const;
  Range and_less_than(double max, std::string name = {}) const;

  bool contains(double value) const;
  // `noun` is "a number" or "an integer": "a number in [0, 1]", "an integer >= 0", "a number > 0".
  std::string describe(std::string_view noun) const;

 private:
  struct Bound {
    double value = 0.0;
    bool inclusive = true;
    std::string name;
  };
  std::optional<Bound> min_;
  std::optional<Bound> max_;
};

class JsonReader {
 public:
  // A reader of `value`, found at `pointer` ("" for the whole document) in `file` (used in messages only).
  // REQUIRES: `value` outlives this reader and every reader obtained from it.
  JsonReader(const Json& value, std::string file, std::string pointer = {});

  const Json& json() const { return *value_; }
  const std::string& file() const { return file_; }
  const std::string& pointer() const { return pointer_; }

  // Throws InputError at this value's pointer.
  [[noreturn]] void fail(std::string problem) const;
  // Throws InputError{file, pointer, "expected <expected>, found <value>"}.
  [[noreturn]] void fail_expected(std::string_view expected) const;

  // --- This value as a scalar. Each throws fail_expected() when the type or the range is wrong.

  // A finite number (integers included) within `range`.
  double as_number(const Range& range = {}) const;
  // An integer within `range` and <= `limit` (the C++ type's limit; only named in the message when exceeded).
  // A number with a zero fractional part (3.0) is accepted; 3.5 is not.
  std::int64_t as_integer(const Range& range = {},
                          std::int64_t limit = std::numeric_limits<std::int64_t>::max()) const;
  // An integer in [0, 2^64 - 1].
  std::uint64_t as_uint64() const;
  // A JSON boolean (true or false; 0, 1, "true" and null are not booleans).
  bool as_bool() const;
  // A string; with non_empty, "" is rejected.
  std::string as_string(bool non_empty = false) const;
  // One of `choices` (a string). Returns its index. Wrong type: "expected one of "a", "b", found 3";
  // other string: `unknown <noun> "x"; allowed: a, b` with a did-you-mean suggestion when one is close.
  std::size_t as_choice(const std::vector<std::string_view>& choices, std::string_view noun) const;

  // --- This value as an array: its elements, each with its pointer. `expected` describes the whole array.
  std::vector<JsonReader> as_array(std::string_view expected, bool non_empty = false) const;

  // --- This value as an object.

  // Throws fail_expected(expected) unless this value is an object.
  void expect_object(std::string_view expected) const;
  // Throws on the first key (in document order) that is not in `allowed`, at that key's pointer:
  //   unknown key "replcas"; did you mean "replicas"?
  //   unknown key "foo"; allowed keys: a, b, c
  // When `takes` is given (e.g. `a "verify" step takes`) it replaces "allowed keys" and is always shown.
  // REQUIRES: this value is an object (call expect_object first).
  void allow_only(const std::vector<std::string_view>& allowed, std::string_view takes = {}) const;

  bool has(std::string_view key) const;
  // The field `key`, or nullopt if absent (a null value is present). REQUIRES: an object.
  std::optional<JsonReader> find(std::string_view key) const;
  // The field `key`; throws InputError{file, pointer/key, "missing; expected <expected>"} if absent.
  JsonReader at(std::string_view key, std::string_view expected) const;

  // Shorthands for required fields (`key`) and fields with a default (`key_or`).
  double number(std::string_view key, const Range& range = {}) const;
  double number_or(std::string_view key, double fallback, const Range& range = {}) const;
  std::int64_t integer(std::string_view key, const Range& range = {},
                       std::int64_t limit = std::numeric_limits<std::int64_t>::max()) const;
  std::int64_t integer_or(std::string_view key, std::int64_t fallback, const Range& range = {},
                          std::int64_t limit = std::numeric_limits<std::int64_t>::max()) const;
  bool boolean_or(std::string_view key, bool fallback) const;
  std::string string(std::string_view key, bool non_empty = false) const;
  std::string string_or(std::string_view key, std::string fallback, bool non_empty = false) const;
  std::size_t choice(std::string_view key, const std::vector<std::string_view>& choices,
                     std::string_view noun) const;
  std::size_t choice_or(std::string_view key, std::size_t fallback,
                        const std::vector<std::string_view>& choices, std::string_view noun) const;

 private:
  std::string child_pointer(std::string_view key) const;

  const Json* value_;
  std::string file_;
  std::string pointer_;
};

}  // namespace drillsim::io
