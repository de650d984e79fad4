// Reading the viewer's JSON files field by field, each value with its JSON pointer, so that every
// problem names its place (shared by the readers of aggregates, capacity, assessment and comparison
// reports). Internal to gui/.
#pragma once

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "gui/aggregate.hpp"

namespace drillsim::gui::detail {

using json = nlohmann::json;

// A value with its JSON pointer, so that every error names its place. The texts of values are never
// put in a message (a value may be nested arbitrarily deep or be megabytes long): only its type.
class Node {
 public:
  Node(const json* value, std::string pointer) : value_(value), pointer_(std::move(pointer)) {}

  [[noreturn]] void fail(const std::string& problem) const { throw AggregateFormatError(pointer_, problem); }
  [[noreturn]] void expected(const std::string& what) const {
    if (value_ == nullptr) fail("missing; expected " + what);
    fail("expected " + what + ", found " + std::string(value_->type_name()));
  }

  bool present() const { return value_ != nullptr; }
  bool is_null() const { return value_ != nullptr && value_->is_null(); }
  const json& raw() const { return *value_; }
  const std::string& pointer() const { return pointer_; }

  Node field(const std::string& key) const {
    if (value_ == nullptr || !value_->is_object()) expected("an object");
    const auto it = value_->find(key);
    return Node(it == value_->end() ? nullptr : &*it, pointer_ + "/" + escape(key));
  }
  std::vector<Node> elements() const {
    if (value_ == nullptr || !value_->is_array()) expected("an array");
    std::vector<Node> out;
    out.reserve(value_->size());
    for (std::size_t i = 0; i < value_->size(); ++i)
      out.emplace_back(&(*value_)[i], pointer_ + "/" + std::to_string(i));
    return out;
  }
  std::vector<std::pair<std::string, Node>> members() const {
    if (value_ == nullptr || !value_->is_object()) expected("an object");
    std::vector<std::pair<std::string, Node>> out;
    for (auto it = value_->begin(); it != value_->end(); ++it)
      out.emplace_back(it.key(), Node(&it.value(), pointer_ + "/" + escape(it.key())));
    return out;
  }

  double number() const {
    if (value_ == nullptr || !value_->is_number()) expected("a number");
    const double v = value_->get<double>();
    if (!std::isfinite(v)) expected("a finite number");
    return v;
  }
  std::optional<double> number_or_null() const {
    if (is_null()) return std::nullopt;
    return number();
  }
  std::int64_t count() const {
    if (value_ == nullptr || !(value_->is_number_unsigned() || value_->is_number_integer()) ||
        (value_->is_number_integer() && value_->get<std::int64_t>() < 0))
      expected("an integer >= 0");
    if (value_->is_number_unsigned() && value_->get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX))
      expected("an integer below 2^63");
    return value_->get<std::int64_t>();
  }
  std::uint64_t unsigned_integer() const {
    if (value_ == nullptr ||
        !(value_->is_number_unsigned() || (value_->is_number_integer() && value_->get<std::int64_t>() >= 0)))
      expected("an integer >= 0");
    return value_->get<std::uint64_t>();
  }
  std::string string() const {
    if (value_ == nullptr || !value_->is_string()) expected("a string");
    return value_->get<std::string>();
  }
  std::optional<bool> bool_or_null() const {
    if (is_null()) return std::nullopt;
    if (value_ == nullptr || !value_->is_boolean()) expected("true, false or null");
    return value_->get<bool>();
  }
  std::pair<double, double> interval() const {
    const auto e = elements();
    if (e.size() != 2) expected("an interval [lo, hi]");
    return {e[0].number(), e[1].number()};
  }

 private:
  static std::string escape(const std::string& key) {
    std::string out;
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

  const json* value_;
  std::string pointer_;
};

}  // namespace drillsim::gui::detail
