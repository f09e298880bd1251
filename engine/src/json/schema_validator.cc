// Validates an instance against compiled draft-07 nodes, collecting every violation with the
// JSON pointer of the offending value and a message a developer can act on.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <string_view>

#include "internal/schema.h"

namespace homeward::json::internal {
namespace {

using nlohmann::json;

// Deeper than this, a schema is assumed to loop ("$ref": "#" in a cycle) or the instance to be
// hostile; request bodies are far shallower (ParseLimits::max_depth).
constexpr int kMaxDepth = 256;
constexpr size_t kMaxMessageValue = 200;

std::string FormatNumber(double value) {
  if (std::floor(value) == value && std::fabs(value) < 1e15) {
    return std::to_string(static_cast<long long>(value));
  }
  return json(value).dump();
}

std::string Abbreviated(const json& value) {
  std::string text = value.dump();
  if (text.size() > kMaxMessageValue) text = text.substr(0, kMaxMessageValue) + "...";
  return text;
}

bool IsIntegral(const json& value) {
  if (value.is_number_integer()) return true;
  if (!value.is_number_float()) return false;
  double d = value.get<double>();
  return std::isfinite(d) && std::floor(d) == d;
}

bool HasType(uint8_t types, const json& value) {
  switch (value.type()) {
    case json::value_t::null:
      return types & kTypeNull;
    case json::value_t::boolean:
      return types & kTypeBoolean;
    case json::value_t::object:
      return types & kTypeObject;
    case json::value_t::array:
      return types & kTypeArray;
    case json::value_t::string:
      return types & kTypeString;
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float:
      return (types & kTypeNumber) || ((types & kTypeInteger) && IsIntegral(value));
    default:
      return false;
  }
}

std::string TypeNames(uint8_t types) {
  static constexpr std::pair<uint8_t, const char*> kNames[] = {
      {kTypeString, "a string"},   {kTypeNumber, "a number"},  {kTypeInteger, "an integer"},
      {kTypeBoolean, "a boolean"}, {kTypeObject, "an object"}, {kTypeArray, "an array"},
      {kTypeNull, "null"}};
  std::string out;
  for (const auto& [bit, name] : kNames) {
    if (!(types & bit)) continue;
    if (!out.empty()) out += " or ";
    out += name;
  }
  return out;
}

class Validator {
 public:
  // `errors` null: stop at the first violation and report nothing (used to probe alternatives).
  Validator(const SchemaIndex& index, std::vector<FieldError>* errors, size_t max_errors)
      : index_(index), errors_(errors), max_errors_(max_errors) {}

  bool Validate(const Node& node, const json& value) {
    if (depth_ >= kMaxDepth) {
      Report("is nested too deeply to validate");
      return false;
    }
    ++depth_;
    bool valid = ValidateNode(node, value);
    --depth_;
    return valid;
  }

  // Violations found beyond max_errors, not listed.
  size_t dropped() const { return dropped_; }

 private:
  bool collecting() const { return errors_ != nullptr; }

  void Report(std::string message) { ReportAt(path_, std::move(message)); }

  void ReportAt(const std::string& path, std::string message) {
    if (!errors_) return;
    if (errors_->size() >= max_errors_) {
      ++dropped_;
      return;
    }
    errors_->push_back({path, std::move(message)});
  }

  bool Descend(const Node& node, const json& value, std::string_view segment) {
    PointerSegment guard(path_, segment);
    return Validate(node, value);
  }

  // Whether `value` matches `node`, without reporting anything.
  bool Probe(const Node& node, const json& value) const {
    Validator probe(index_, nullptr, 0);
    probe.depth_ = depth_;
    return probe.Validate(node, value);
  }

  bool ValidateNode(const Node& node, const json& value) {
    if (node.always) {
      if (!*node.always) Report("is not allowed");
      return *node.always;
    }
    if (!node.ref.empty()) {
      auto target = index_.find(node.ref);
      if (target == index_.end()) {
        Report("cannot be checked: schema reference " + node.ref + " is not in the set");
        return false;
      }
      return Validate(*target->second, value);
    }
    using Check = bool (Validator::*)(const Node&, const json&);
    static constexpr Check kChecks[] = {&Validator::CheckGeneric,    &Validator::CheckNumber,
                                        &Validator::CheckString,     &Validator::CheckArray,
                                        &Validator::CheckObject,     &Validator::CheckCombinators,
                                        &Validator::CheckConditional};
    bool valid = true;
    for (Check check : kChecks) {
      if (!(this->*check)(node, value)) {
        valid = false;
        if (!collecting()) return false;
      }
    }
    return valid;
  }

  bool CheckGeneric(const Node& node, const json& value) {
    if (node.types && !HasType(node.types, value)) {
      Report("must be " + TypeNames(node.types) + " (got " + value.type_name() + ")");
      return false;  // the other keywords would only repeat the same complaint
    }
    bool valid = true;
    if (node.enum_values && std::find(node.enum_values->begin(), node.enum_values->end(), value) ==
                                node.enum_values->end()) {
      Report("is not one of " + Abbreviated(*node.enum_values));
      valid = false;
    }
    if (node.const_value && *node.const_value != value) {
      Report("must be " + Abbreviated(*node.const_value));
      valid = false;
    }
    return valid;
  }

  bool CheckNumber(const Node& node, const json& value) {
    if (!value.is_number()) return true;
    const double number = value.get<double>();
    bool valid = true;
    auto check = [&](bool ok, const std::string& message) {
      if (!ok) {
        Report(message);
        valid = false;
      }
    };
    if (node.minimum) check(number >= *node.minimum, "must be >= " + FormatNumber(*node.minimum));
    if (node.maximum) check(number <= *node.maximum, "must be <= " + FormatNumber(*node.maximum));
    if (node.exclusive_minimum) {
      check(number > *node.exclusive_minimum, "must be > " + FormatNumber(*node.exclusive_minimum));
    }
    if (node.exclusive_maximum) {
      check(number < *node.exclusive_maximum, "must be < " + FormatNumber(*node.exclusive_maximum));
    }
    if (node.multiple_of) {
      check(IsMultiple(value, *node.multiple_of),
            "must be a multiple of " + FormatNumber(*node.multiple_of));
    }
    return valid;
  }

  static bool IsMultiple(const json& value, double divisor) {
    if (value.is_number_integer() && std::floor(divisor) == divisor && divisor < 9e18) {
      auto d = static_cast<int64_t>(divisor);
      if (value.is_number_unsigned()) return value.get<uint64_t>() % static_cast<uint64_t>(d) == 0;
      return value.get<int64_t>() % d == 0;
    }
    double quotient = value.get<double>() / divisor;
    if (!std::isfinite(quotient)) return false;
    return std::fabs(quotient - std::round(quotient)) <= 1e-9 * std::max(1.0, std::fabs(quotient));
  }

  bool CheckString(const Node& node, const json& value) {
    if (!value.is_string()) return true;
    const auto& text = value.get_ref<const std::string&>();
    bool valid = true;
    if (node.min_length || node.max_length) {
      size_t length = CountCodePoints(text);
      if (node.min_length && length < *node.min_length) {
        Report(*node.min_length == 1
                   ? std::string("must not be empty")
                   : "must be at least " + std::to_string(*node.min_length) + " characters long");
        valid = false;
      }
      if (node.max_length && length > *node.max_length) {
        Report("must be at most " + std::to_string(*node.max_length) + " characters long");
        valid = false;
      }
    }
    if (node.pattern && !std::regex_search(text, node.pattern->regex)) {
      Report("does not match the pattern " + node.pattern->source);
      valid = false;
    }
    switch (node.format) {
      case Format::kNone:
        break;
      case Format::kDate:
        if (!IsDate(text)) {
          Report("is not a calendar date (YYYY-MM-DD)");
          valid = false;
        }
        break;
      case Format::kDateTime:
        if (!IsDateTime(text)) {
          Report("is not an RFC 3339 date-time (YYYY-MM-DDTHH:MM:SSZ)");
          valid = false;
        }
        break;
      case Format::kEmail:
        if (!IsEmail(text)) {
          Report("is not an email address");
          valid = false;
        }
        break;
    }
    return valid;
  }

  bool CheckArray(const Node& node, const json& value) {
    if (!value.is_array()) return true;
    bool valid = true;
    auto fail = [&] {
      valid = false;
      return !collecting();  // true: stop now
    };
    if (node.min_items && value.size() < *node.min_items) {
      Report("must have at least " + std::to_string(*node.min_items) + " items");
      if (fail()) return false;
    }
    if (node.max_items && value.size() > *node.max_items) {
      Report("must have at most " + std::to_string(*node.max_items) + " items");
      if (fail()) return false;
    }
    for (size_t i = 0; i < value.size(); ++i) {
      const Node* item = node.items;
      if (!node.tuple_items.empty() || node.items == nullptr) {
        item = i < node.tuple_items.size() ? node.tuple_items[i] : node.additional_items;
      }
      if (item && !Descend(*item, value[i], std::to_string(i)) && fail()) return false;
    }
    if (node.unique_items) {
      if (auto duplicate = FindDuplicate(value)) {
        Report("must not contain duplicate items (items " + std::to_string(duplicate->first) +
               " and " + std::to_string(duplicate->second) + " are equal)");
        if (fail()) return false;
      }
    }
    if (node.contains) {
      bool found = std::any_of(value.begin(), value.end(),
                               [&](const json& item) { return Probe(*node.contains, item); });
      if (!found) {
        Report("must contain at least one item that matches \"contains\"");
        if (fail()) return false;
      }
    }
    return valid;
  }

  // The first pair of equal items (by index), found in O(n log n).
  static std::optional<std::pair<size_t, size_t>> FindDuplicate(const json& array) {
    std::vector<size_t> order(array.size());
    std::iota(order.begin(), order.end(), size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return array[a] < array[b]; });
    std::optional<std::pair<size_t, size_t>> first;
    for (size_t i = 1; i < order.size(); ++i) {
      if (array[order[i - 1]] == array[order[i]]) {
        std::pair<size_t, size_t> pair = std::minmax(order[i - 1], order[i]);
        if (!first || pair < *first) first = pair;
      }
    }
    return first;
  }

  // Opens like CheckArray above (`fail` notes a failure and says whether to stop); the checks
  // differ.
  bool CheckObject(const Node& node, const json& value) {
    if (!value.is_object()) return true;
    bool valid = true;
    auto fail = [&] {
      valid = false;
      return !collecting();
    };
    for (const std::string& name : node.required) {
      if (!value.contains(name)) {
        ReportAt(ChildPointer(path_, name), "is required");
        if (fail()) return false;
      }
    }
    if (node.min_properties && value.size() < *node.min_properties) {
      Report("must have at least " + std::to_string(*node.min_properties) +
             (*node.min_properties == 1 ? " field" : " fields"));
      if (fail()) return false;
    }
    if (node.max_properties && value.size() > *node.max_properties) {
      Report("must have at most " + std::to_string(*node.max_properties) + " fields");
      if (fail()) return false;
    }
    for (const auto& [name, member] : value.items()) {
      if (!CheckMember(node, name, member) && fail()) return false;
    }
    for (const auto& [name, others] : node.property_dependencies) {
      if (!value.contains(name)) continue;
      for (const std::string& other : others) {
        if (value.contains(other)) continue;
        ReportAt(ChildPointer(path_, other), "is required when \"" + name + "\" is present");
        if (fail()) return false;
      }
    }
    for (const auto& [name, schema] : node.schema_dependencies) {
      if (value.contains(name) && !Validate(*schema, value) && fail()) return false;
    }
    if (node.property_names) {
      for (const auto& [name, member] : value.items()) {
        if (!CheckPropertyName(*node.property_names, name) && fail()) return false;
      }
    }
    return valid;
  }

  bool CheckMember(const Node& node, const std::string& name, const json& member) {
    bool matched = false;
    bool valid = true;
    auto property = std::lower_bound(
        node.properties.begin(), node.properties.end(), name,
        [](const auto& entry, const std::string& key) { return entry.first < key; });
    if (property != node.properties.end() && property->first == name) {
      matched = true;
      valid = Descend(*property->second, member, name);
      if (!valid && !collecting()) return false;
    }
    for (const auto& [pattern, schema] : node.pattern_properties) {
      if (!std::regex_search(name, pattern.regex)) continue;
      matched = true;
      if (!Descend(*schema, member, name)) {
        valid = false;
        if (!collecting()) return false;
      }
    }
    if (matched || node.additional_properties == nullptr) return valid;
    if (node.additional_properties->always == false) {
      ReportAt(ChildPointer(path_, name), "unknown field (not allowed)");
      return false;
    }
    return Descend(*node.additional_properties, member, name);
  }

  bool CheckPropertyName(const Node& schema, const std::string& name) {
    if (!collecting()) return Probe(schema, json(name));
    std::vector<FieldError> found;
    Validator inner(index_, &found, max_errors_);
    inner.depth_ = depth_;
    if (inner.Validate(schema, json(name))) return true;
    for (FieldError& error : found) {
      ReportAt(ChildPointer(path_, name), "field name " + error.message);
    }
    return false;
  }

  bool CheckCombinators(const Node& node, const json& value) {
    bool valid = true;
    for (const Node* schema : node.all_of) {
      if (!Validate(*schema, value)) {
        valid = false;
        if (!collecting()) return false;
      }
    }
    if (!node.any_of.empty()) {
      bool any = std::any_of(node.any_of.begin(), node.any_of.end(),
                             [&](const Node* schema) { return Probe(*schema, value); });
      if (!any) {
        ReportAlternatives(node.any_of, value);
        valid = false;
        if (!collecting()) return false;
      }
    }
    if (!node.one_of.empty()) {
      std::vector<size_t> matching;
      for (size_t i = 0; i < node.one_of.size() && matching.size() < 2; ++i) {
        if (Probe(*node.one_of[i], value)) matching.push_back(i);
      }
      if (matching.empty()) {
        ReportAlternatives(node.one_of, value);
        valid = false;
      } else if (matching.size() > 1) {
        Report("matches more than one alternative of \"oneOf\" (#" + std::to_string(matching[0]) +
               " and #" + std::to_string(matching[1]) + "); it must match exactly one");
        valid = false;
      }
      if (!valid && !collecting()) return false;
    }
    if (node.not_schema && Probe(*node.not_schema, value)) {
      Report("must not match the schema in \"not\"");
      valid = false;
    }
    return valid;
  }

  bool CheckConditional(const Node& node, const json& value) {
    if (!node.if_schema) return true;
    const Node* branch = Probe(*node.if_schema, value) ? node.then_schema : node.else_schema;
    return branch == nullptr || Validate(*branch, value);
  }

  // Explains why no alternative of anyOf/oneOf matched. When some alternative fits the value's
  // shape and fails only deeper down (an object with a bad field), its errors are the useful
  // ones; otherwise one message lists what each alternative wanted.
  void ReportAlternatives(const std::vector<const Node*>& alternatives, const json& value) {
    if (!collecting()) return;
    std::vector<std::vector<FieldError>> found(alternatives.size());
    const std::vector<FieldError>* closest = nullptr;
    for (size_t i = 0; i < alternatives.size(); ++i) {
      Validator inner(index_, &found[i], max_errors_);
      inner.path_ = path_;
      inner.depth_ = depth_;
      inner.Validate(*alternatives[i], value);
      bool deeper = !found[i].empty() &&
                    std::all_of(found[i].begin(), found[i].end(),
                                [&](const FieldError& e) { return e.path.size() > path_.size(); });
      if (deeper && (!closest || found[i].size() < closest->size())) closest = &found[i];
    }
    if (closest) {
      for (const FieldError& error : *closest) ReportAt(error.path, error.message);
      return;
    }
    std::string message = "matches none of the allowed alternatives: ";
    for (size_t i = 0; i < found.size(); ++i) {
      if (i > 0) message += "; or ";
      if (found[i].empty()) {
        message += "(no detail)";
        continue;
      }
      const FieldError& first = found[i].front();
      if (first.path.size() > path_.size()) message += first.path.substr(path_.size()) + " ";
      message += first.message;
    }
    Report(std::move(message));
  }

  const SchemaIndex& index_;
  std::vector<FieldError>* errors_;
  size_t max_errors_;
  size_t dropped_ = 0;
  std::string path_;
  int depth_ = 0;
};

}  // namespace

bool ValidateInstance(const SchemaIndex& index, const Node& root, const nlohmann::json& instance,
                      std::vector<FieldError>& errors, size_t max_errors) {
  Validator validator(index, &errors, max_errors);
  bool valid = validator.Validate(root, instance);
  if (validator.dropped() > 0) {
    errors.push_back({"", "and " + std::to_string(validator.dropped()) + " more violations"});
  }
  return valid;
}

}  // namespace homeward::json::internal
