// What comes out of a description: its JSON Schema (draft 2020-12) and the docs' field tables.
#include <cmath>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <utility>

#include "schema/description.hpp"

namespace drillsim::schema {

namespace {

using Kind = Node::Kind;

// The formats drillsim writes (rather than reads): their tables say when a value is null, not its default.
bool is_output(Format format) {
  return format != Format::Scenario && format != Format::Plan;
}

// A number as the docs write it: 0.5, 600, 2592000.
std::string number_text(double value) {
  if (value == 18446744073709551615.0) return "2^64 - 1";  // The largest seed, not exact in a double.
  std::ostringstream out;
  out.precision(12);
  out << value;
  return out.str();
}

std::string slug(const std::string& name) {
  std::string out;
  for (const char c : name)
    out += c == ' ' ? '-' : c;
  return out;
}

// The node's constraints in words: "> 0 and <= 2592000", "[0, 1]", "non-empty", "one of `a`, `b`".
std::string constraint_text(const Node& node) {
  std::string text;
  const auto add = [&](const std::string& part) {
    if (part.empty()) return;
    text += (text.empty() ? "" : "; ") + part;
  };
  if (node.kind == Kind::Number || node.kind == Kind::Integer) {
    if (node.min && node.max && node.min->inclusive && node.max->inclusive &&
        node.min->value == node.max->value) {
      add("always " + number_text(node.min->value));
    } else if (node.min && node.max && node.min->inclusive && node.max->inclusive) {
      add("[" + number_text(node.min->value) + ", " + number_text(node.max->value) + "]");
    } else {
      std::string range;
      if (node.min) range = (node.min->inclusive ? ">= " : "> ") + number_text(node.min->value);
      if (node.max)
        range += (range.empty() ? "" : " and ") + std::string(node.max->inclusive ? "<= " : "< ") +
                 number_text(node.max->value);
      add(range);
    }
  }
  if (node.kind == Kind::String) {
    if (!node.choices.empty()) {
      std::string list;
      for (const auto& c : node.choices)
        list += (list.empty() ? "" : ", ") + ("`\"" + c + "\"`");
      add("one of " + list);
    }
    if (!node.pattern.empty() && node.choices.empty()) add("matches `" + node.pattern + "`");
    if (node.min_length > 0 && node.pattern.empty()) add("non-empty");
  }
  if (node.kind == Kind::Array && node.min_items > 0) add("non-empty");
  if (node.kind == Kind::Array && node.items && node.items->kind != Kind::Object &&
      node.items->kind != Kind::Tagged && node.items->name.empty()) {
    const std::string inner = constraint_text(*node.items);
    if (!inner.empty()) add("each " + inner);
  }
  if (node.kind == Kind::Map && !node.key_choices.empty()) {
    std::string list;
    for (const auto& c : node.key_choices)
      list += (list.empty() ? "" : ", ") + ("`" + c + "`");
    add("keys among " + list);
  }
  if (node.nullable) add("or `null`");
  add(node.rule);
  return text;
}

std::string type_text(const Node& node) {
  if (!node.name.empty()) return node.nullable ? node.name + " or null" : node.name;
  std::string text;
  switch (node.kind) {
    case Kind::Number:
      text = "number";
      break;
    case Kind::Integer:
      text = "integer";
      break;
    case Kind::String:
      text = "string";
      break;
    case Kind::Boolean:
      text = "boolean";
      break;
    case Kind::Object:
    case Kind::Tagged:
      text = "object";
      break;
    case Kind::Map:
      text = "object of " + type_text(*node.values);
      break;
    case Kind::Array:
      text = "array of " + type_text(*node.items);
      break;
    case Kind::Any:
      text = "any JSON value";
      break;
    case Kind::Union:
      for (const auto& alternative : node.alternatives)
        text += (text.empty() ? "" : " or ") + type_text(*alternative);
      break;
  }
  if (node.nullable) text += " or null";
  return text;
}

// Markdown: a "|" inside a cell would end it.
std::string cell(std::string text) {
  std::string out;
  for (const char c : text) {
    if (c == '|')
      out += "\\|";
    else
      out += c;
  }
  return out;
}

std::string default_cell(const Field& field) {
  if (field.required) return "required";
  if (!field.default_text.empty()) return field.default_text;
  if (field.has_default && field.default_value.is_number_float())
    return "`" + number_text(field.default_value.get<double>()) + "`";
  if (field.has_default) return "`" + field.default_value.dump() + "`";
  return "absent";
}

// A row of an output format's table (the report, the aggregate): what a reader finds, and when it is null.
std::string output_row(const Field& field) {
  Node plain = *field.node;
  plain.nullable = false;  // The type says "or null"; the last column says when.
  const std::string constraints = constraint_text(plain);
  std::string meaning = field.doc;
  if (!constraints.empty()) meaning += " (" + constraints + ")";
  std::string null_when = field.null_when.empty() ? "never" : field.null_when;
  if (!field.required) null_when += "; absent " + field.default_text;
  return "| `" + field.key + "` | " + cell(type_text(*field.node)) + " | " + cell(field.unit) + " | " +
         cell(meaning) + " | " + cell(null_when) + " |\n";
}

std::string row(const Field& field) {
  const std::string constraints = constraint_text(*field.node);
  const std::string valid = constraints.empty() ? field.doc : constraints + ": " + field.doc;
  return "| `" + field.key + "` | " + cell(type_text(*field.node)) + " | " + cell(field.unit) + " | " +
         cell(default_cell(field)) + " | " + cell(valid) + " |\n";
}

class SchemaWriter {
 public:
  explicit SchemaWriter(bool output) : output_(output) {}

  Json root(const Node& node, Format format) {
    Json out;
    out["$schema"] = "https://json-schema.org/draft/2020-12/schema";
    out["$id"] = schema_id(format);
    out["title"] = std::string("drillsim ") + format_name(format);
    out["description"] = node.doc;
    const Json body = inline_node(node);
    for (const auto& item : body.items())
      out[item.key()] = item.value();
    if (!defs_.empty()) {
      // Named definitions, in the order they were first met.
      Json defs = Json::object();
      for (const auto& name : order_)
        defs[name] = defs_.at(name);
      out["$defs"] = std::move(defs);
    }
    return out;
  }

 private:
  Json node_ref(const Node& node) {
    if (node.name.empty()) return inline_node(node);
    const std::string name = slug(node.name);
    const auto seen = owners_.find(name);
    if (seen != owners_.end()) {
      if (seen->second != &node) throw std::logic_error("schema: two definitions named " + node.name);
    } else {
      owners_.emplace(name, &node);
      order_.push_back(name);
      defs_[name] = Json();  // Reserved first: a definition may refer to itself.
      Json def = inline_node(node);
      if (!node.doc.empty()) def["description"] = node.doc;
      defs_[name] = std::move(def);
    }
    return Json{{"$ref", "#/$defs/" + name}};
  }

  static Json type_of(const char* type, bool nullable) {
    if (!nullable) return type;
    return Json::array({type, "null"});
  }

  static void add_bounds(Json& out, const Node& node) {
    if (node.min) out[node.min->inclusive ? "minimum" : "exclusiveMinimum"] = node.min->value;
    if (node.max) out[node.max->inclusive ? "maximum" : "exclusiveMaximum"] = node.max->value;
  }

  Json property(const Field& field) {
    Json out = node_ref(*field.node);
    std::string description = field.doc;
    if (!field.unit.empty()) description += " (" + field.unit + ")";
    const std::string constraints = constraint_text(*field.node);
    if (!constraints.empty()) description += "; " + constraints;
    // A default in words: one that depends on other fields, or on the object's kind (then `default` below is
    // the value for most kinds).
    if (!field.required && !field.default_text.empty())
      description += std::string(output_ ? "; absent " : "; default: ") + field.default_text;
    if (!field.null_when.empty()) description += "; null: " + field.null_when;
    out["description"] = description;
    if (field.has_default) out["default"] = field.default_value;
    return out;
  }

  void add_fields(Json& out, const std::vector<Field>& fields) {
    Json properties = out.contains("properties") ? out["properties"] : Json::object();
    Json required = out.contains("required") ? out["required"] : Json::array();
    for (const auto& field : fields) {
      properties[field.key] = property(field);
      if (field.required && std::find(required.begin(), required.end(), field.key) == required.end())
        required.push_back(field.key);
    }
    out["properties"] = std::move(properties);
    if (!required.empty()) out["required"] = std::move(required);
  }

  static void add_rules(Json& out, const Node& node) {
    Json all = Json::array();
    for (const auto& [a, b] : node.not_both)
      all.push_back(Json{{"not", Json{{"required", Json::array({a, b})}}}});
    if (!node.one_of_required.empty()) {
      Json one = Json::array();
      for (const auto& keys : node.one_of_required)
        one.push_back(Json{{"required", keys}});
      all.push_back(Json{{"oneOf", std::move(one)}});
    }
    if (!all.empty()) out["allOf"] = std::move(all);
  }

  Json inline_node(const Node& node) {
    Json out = Json::object();
    switch (node.kind) {
      case Kind::Number:
        out["type"] = type_of("number", node.nullable);
        add_bounds(out, node);
        break;
      case Kind::Integer:
        out["type"] = type_of("integer", node.nullable);
        add_bounds(out, node);
        break;
      case Kind::String:
        out["type"] = type_of("string", node.nullable);
        if (!node.choices.empty()) {
          Json values(node.choices);
          if (node.nullable) values.push_back(nullptr);
          out["enum"] = std::move(values);
        }
        if (node.min_length > 0) out["minLength"] = node.min_length;
        if (!node.pattern.empty()) out["pattern"] = node.pattern;
        break;
      case Kind::Boolean:
        out["type"] = type_of("boolean", node.nullable);
        break;
      case Kind::Object:
        out["type"] = type_of("object", node.nullable);
        add_fields(out, node.fields);
        if (node.closed) out["additionalProperties"] = false;
        add_rules(out, node);
        break;
      case Kind::Map:
        out["type"] = type_of("object", node.nullable);
        out["additionalProperties"] = node_ref(*node.values);
        if (!node.key_choices.empty()) out["propertyNames"] = Json{{"enum", node.key_choices}};
        break;
      case Kind::Array:
        out["type"] = type_of("array", node.nullable);
        out["items"] = node_ref(*node.items);
        if (node.min_items > 0) out["minItems"] = node.min_items;
        if (node.max_items > 0) out["maxItems"] = node.max_items;
        break;
      case Kind::Any:
        break;  // {}: every value validates.
      case Kind::Union: {
        Json any = Json::array();
        for (const auto& alternative : node.alternatives)
          any.push_back(node_ref(*alternative));
        if (node.nullable) any.push_back(Json{{"type", "null"}});
        out["anyOf"] = std::move(any);
        break;
      }
      case Kind::Tagged: {
        out["type"] = "object";
        add_fields(out, node.fields);
        Json all = Json::array();
        for (const auto& variant : node.variants) {
          Json then = Json::object();
          add_fields(then, variant.fields);
          // Every kind takes the common keys and its own, no other (the loader's allow_only).
          Json keys = Json::array();
          for (const auto& f : node.fields)
            keys.push_back(f.key);
          for (const auto& f : variant.fields) {
            if (std::find(keys.begin(), keys.end(), f.key) == keys.end()) keys.push_back(f.key);
          }
          then["propertyNames"] = Json{{"enum", std::move(keys)}};
          if (!variant.doc.empty()) then["description"] = variant.doc;
          all.push_back(Json{{"if", Json{{"properties", Json{{node.tag_key, Json{{"const", variant.tag}}}}},
                                         {"required", Json::array({node.tag_key})}}},
                             {"then", std::move(then)}});
        }
        out["allOf"] = std::move(all);
        break;
      }
    }
    return out;
  }

  bool output_;  // An output format: a key's absence is not a default the reader takes.
  std::map<std::string, Json> defs_;
  std::vector<std::string> order_;
  std::map<std::string, const Node*> owners_;
};

// The tables of `format`'s docs: (table name, node).
std::vector<std::pair<std::string, const Node*>> tables(Format format) {
  std::vector<std::pair<std::string, const Node*>> out;
  std::set<const Node*> seen;
  // Every object and tagged node, depth first, the root first; each once.
  const auto visit = [&](const auto& self, const Node& node, const std::string& name) -> void {
    if (node.kind == Kind::Object || node.kind == Kind::Tagged) {
      if (!seen.insert(&node).second) return;
      if (!node.fields.empty()) out.emplace_back(name, &node);
      for (const auto& f : node.fields)
        self(self, *f.node, f.node->name.empty() ? f.key : f.node->name);
      for (const auto& v : node.variants) {
        for (const auto& f : v.fields)
          self(self, *f.node, f.node->name.empty() ? f.key : f.node->name);
      }
    } else if (node.kind == Kind::Array) {
      self(self, *node.items, node.items->name.empty() ? name : node.items->name);
    } else if (node.kind == Kind::Map) {
      self(self, *node.values, node.values->name.empty() ? name : node.values->name);
    } else if (node.kind == Kind::Union) {
      for (const auto& a : node.alternatives)
        self(self, *a, a->name.empty() ? name : a->name);
    }
  };
  visit(visit, describe(format), "top level");
  return out;
}

std::string table(const Node& node, bool output) {
  if (output) {
    std::string text = "| key | type | unit | meaning | null when |\n|---|---|---|---|---|\n";
    for (const auto& field : node.fields)
      text += output_row(field);
    return text;
  }
  std::string text = "| key | type | unit | default | valid values |\n|---|---|---|---|---|\n";
  for (const auto& field : node.fields)
    text += row(field);
  if (node.kind != Kind::Tagged) return text;
  bool any = false;
  std::string kinds = "\n| `" + node.tag_key +
                      "` | key | type | unit | default | valid values |\n|---|---|---|---|---|---|\n";
  for (const auto& variant : node.variants) {
    if (variant.fields.empty()) {
      kinds += "| `\"" + variant.tag + "\"` | | | | | no key of its own |\n";
      continue;
    }
    for (const auto& field : variant.fields) {
      kinds += "| `\"" + variant.tag + "\"` " + row(field);
      any = true;
    }
  }
  return any ? text + kinds : text;
}

}  // namespace

Json json_schema(Format format) {
  return SchemaWriter(is_output(format)).root(describe(format), format);
}

std::string doc_tables(Format format) {
  std::string text;
  for (const auto& [name, node] : tables(format)) {
    text += "<!-- fields: " + std::string(format_name(format)) + " " + slug(name) +
            " (generated by `drillsim schema " + format_name(format) + " --doc-tables`) -->\n";
    text += table(*node, is_output(format));
    text += "<!-- end fields -->\n\n";
  }
  return text;
}

}  // namespace drillsim::schema
