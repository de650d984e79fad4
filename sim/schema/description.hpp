// One declarative description per file format (the scenario, the plan, the report, the Monte Carlo
// aggregate, sweep, comparison, assessment and capacity): each field's key,
// type, unit, default, range and one-line doc, written once. The JSON Schema (`drillsim schema`), the
// docs' field tables and the loader's defaults for the sections that read them (io/load_*.cpp)
// all come from it (docs/scenario-format.md, "Editor support and the JSON Schema").
//
// A description is a tree of Nodes. A node is a JSON type with its constraints; an object lists its
// Fields; a tagged object (a distribution, a fault, a step) has the fields every kind takes and, per
// value of its tag key, the fields of that kind. Nodes with a name are emitted once under "$defs".
//
// What the tree cannot say (a bound that comes from another field, such as "< duration_s", a name that
// must be declared elsewhere, weights that add up to 1) is said in words (Node::rule), and only the
// loader checks it: the schema is never stricter than the loader, and looser only there.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace drillsim::schema {

using Json = nlohmann::ordered_json;

struct Node;
using NodeRef = std::shared_ptr<const Node>;

// One bound of a number: value, and whether the value itself is allowed.
struct Bound {
  double value = 0.0;
  bool inclusive = true;
};

struct Field {
  std::string key;
  NodeRef node;
  bool required = false;
  // The value the loader takes when the key is absent, when it is one value (`has_default`).
  bool has_default = false;
  Json default_value;
  // In words, when absent means something other than one value ("absent: no fault"), or it depends on
  // another field. Shown in the docs instead of default_value when not empty.
  std::string default_text;
  // A default that depends on other values of the same object (default_text says it in words, beside
  // it): given that object as read (each field its given or default value, as JSON), the value the
  // loader takes when the key is absent. Empty when the default is one value or none.
  std::function<Json(const Json& object)> default_from;
  std::string unit;  // "s", "probability", "requests"; "" when the value has none.
  std::string doc;   // One line.
  // Output formats (the report, the aggregate): when the value is null, in words; "" when it never is.
  std::string null_when;
};

// The fields one value of a tagged object's tag key brings. A field listed here with the key of a common
// field overrides it for this kind (a "wait" step requires its "duration").
struct Variant {
  std::string tag;
  std::vector<Field> fields;
  std::string doc;
};

struct Node {
  enum class Kind {
    Number,   // Any finite JSON number.
    Integer,  // A number with no fractional part (3.0 included, as the loader reads it).
    String,
    Boolean,
    Object,  // Its `fields`, no other key (the loader's allow_only).
    Map,     // An object whose keys are free (or `key_choices`), each value a `values`.
    Array,
    Union,   // One of `alternatives` (a duration as a number or a distribution object).
    Tagged,  // An object with `tag_key`: `fields` for every kind, then each variant's own.
    Any,     // Any JSON value (a `--set` setting's value).
  };
  Kind kind = Kind::Object;
  std::string name;  // Set: a named definition ($defs/<name>), shown by name in the docs.
  std::string doc;
  std::string rule;       // A constraint in words that the schema does not express (checked by the loader).
  bool nullable = false;  // null is accepted too (and means the default).

  // Number, Integer.
  std::optional<Bound> min;
  std::optional<Bound> max;
  // String.
  std::size_t min_length = 0;
  std::string pattern;               // ECMA-262, anchored.
  std::vector<std::string> choices;  // Allowed values (an enum).
  // Array.
  NodeRef items;
  std::size_t min_items = 0;
  std::size_t max_items = 0;  // 0: no bound.
  // Object, Tagged.
  std::vector<Field> fields;
  bool closed = true;  // No key but the fields' (false only for the report, which readers extend).
  std::vector<std::vector<std::string>> one_of_required;  // Exactly one of these keys ("steps", "levels").
  std::vector<std::pair<std::string, std::string>> not_both;  // Keys that exclude each other.
  // Map.
  NodeRef values;
  std::vector<std::string> key_choices;  // Empty: any key.
  // Union.
  std::vector<NodeRef> alternatives;
  // Tagged.
  std::string tag_key;
  std::vector<Variant> variants;
};

// The files drillsim reads (scenario, plan) and writes (report; aggregate and sweep: `run --runs`;
// comparison: `run --runs N --candidate`; assessment: `assess`; capacity: `capacity`;
// docs/monte-carlo.md).
enum class Format { Scenario, Plan, Report, Aggregate, Sweep, Comparison, Assessment, Capacity };
inline constexpr Format kFormats[] = {Format::Scenario,   Format::Plan,       Format::Report,
                                      Format::Aggregate,  Format::Sweep,      Format::Comparison,
                                      Format::Assessment, Format::Capacity};

// "scenario", "plan", "report", "aggregate", "sweep", "comparison" (or "compare"), "assessment" (or
// "assess"), "capacity"; nullopt for another word.
std::optional<Format> format_named(std::string_view name);
const char* format_name(Format format);

// The description of `format`: the node of its whole document. Built once.
const Node& describe(Format format);

// The field at `path` in `format`'s description: keys separated by "/", "[]" for an array's items (or a
// map's values), and "kind=value" (any tag key) to enter a tagged object's variant, whose own fields are
// looked up before the common ones. "services/[]/slo/max_error_ratio",
// "fault/kind=memory_leak/leak_mb_per_s". Throws std::out_of_range naming the path when there is no such
// field.
const Field& field_at(Format format, std::string_view path);

// field_at(...).default_value as a number. Throws std::logic_error when the field has no numeric default.
double default_number(Format format, std::string_view path);

// field_at(...).default_from(object): the default of a field that depends on its siblings in `object`.
// Throws std::logic_error when the field has no such rule.
Json derived_default(Format format, std::string_view path, const Json& object);

// The JSON Schema (draft 2020-12) of `format`.
Json json_schema(Format format);

// The URI that identifies each schema ("$id").
std::string schema_id(Format format);

// The docs' field tables: every named table of `format`, each between its markers
//   <!-- fields: <format> <table> (generated by `drillsim schema <format> --doc-tables`) -->
//   ...
//   <!-- end fields -->
// as one Markdown text. scripts/update-field-tables.py puts them in docs/.
std::string doc_tables(Format format);

}  // namespace drillsim::schema
