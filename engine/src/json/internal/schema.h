// A draft-07 schema compiled into a graph of nodes, and the validator that walks it.
// Private to homeward_json.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
// GCC 12 reports a false -Wmaybe-uninitialized inside std::regex's own std::function members
// when optimising (GCC bug 105562); silence it for this header only.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <regex>
#pragma GCC diagnostic pop
#else
#include <regex>
#endif
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "homeward/base/status.h"

namespace homeward::json::internal {

// The JSON types a "type" keyword may name, as bits.
enum TypeBits : uint8_t {
  kTypeNull = 1 << 0,
  kTypeBoolean = 1 << 1,
  kTypeObject = 1 << 2,
  kTypeArray = 1 << 3,
  kTypeNumber = 1 << 4,
  kTypeString = 1 << 5,
  kTypeInteger = 1 << 6,
};

// The "format" values checked as assertions; others are annotations only.
enum class Format { kNone, kDate, kDateTime, kEmail };

struct Pattern {
  std::string source;
  std::regex regex;
};

// One schema (or subschema). Pointers to other nodes and to JSON values point into the
// CompiledSchema that owns this node, or, for "$ref", are looked up by URI at validation time.
struct Node {
  std::optional<bool> always;  // a boolean schema: true accepts everything, false nothing
  std::string ref;             // absolute URI with fragment; when set, nothing else applies

  uint8_t types = 0;  // 0: any type
  const nlohmann::json* enum_values = nullptr;
  const nlohmann::json* const_value = nullptr;

  std::optional<double> minimum, maximum, exclusive_minimum, exclusive_maximum, multiple_of;

  std::optional<size_t> min_length, max_length;  // in code points
  std::unique_ptr<Pattern> pattern;
  Format format = Format::kNone;

  const Node* items = nullptr;             // "items" as one schema
  std::vector<const Node*> tuple_items;    // "items" as an array
  const Node* additional_items = nullptr;  // only with tuple_items
  std::optional<size_t> min_items, max_items;
  bool unique_items = false;
  const Node* contains = nullptr;

  std::vector<std::pair<std::string, const Node*>> properties;  // sorted by name
  std::vector<std::pair<Pattern, const Node*>> pattern_properties;
  const Node* additional_properties = nullptr;
  std::vector<std::string> required;
  std::optional<size_t> min_properties, max_properties;
  std::vector<std::pair<std::string, std::vector<std::string>>> property_dependencies;
  std::vector<std::pair<std::string, const Node*>> schema_dependencies;
  const Node* property_names = nullptr;

  std::vector<const Node*> all_of, any_of, one_of;
  const Node* not_schema = nullptr;
  const Node* if_schema = nullptr;
  const Node* then_schema = nullptr;
  const Node* else_schema = nullptr;
};

// The compiled form of one schema document. Immutable once built.
class CompiledSchema {
 public:
  // Compiles `document`, whose base URI is `name`. INVALID_ARGUMENT when it is not a schema.
  static StatusOr<std::shared_ptr<const CompiledSchema>> Compile(const std::string& name,
                                                                 nlohmann::json document);

  const Node& root() const { return *root_; }
  // The schema as it was given.
  const nlohmann::json& document() const { return document_; }
  // Every addressable subschema by absolute URI: by JSON pointer from each enclosing "$id" (and
  // from the document name), and by plain-name "$id" anchors.
  const std::vector<std::pair<std::string, const Node*>>& addresses() const { return addresses_; }

 private:
  friend class SchemaCompiler;
  nlohmann::json document_;  // Node::enum_values and const_value point into it
  std::vector<std::unique_ptr<Node>> nodes_;
  const Node* root_ = nullptr;
  std::vector<std::pair<std::string, const Node*>> addresses_;
};

using SchemaIndex = std::unordered_map<std::string, const Node*>;

// Validates `instance` against `root`, appending every violation to `errors` (at most
// `max_errors`, then one more saying the list was cut). Returns whether the instance is valid.
bool ValidateInstance(const SchemaIndex& index, const Node& root, const nlohmann::json& instance,
                      std::vector<FieldError>& errors, size_t max_errors);

// Resolves a URI reference against a base URI (RFC 3986, section 5.2, without dot segments).
std::string ResolveUri(const std::string& base, const std::string& reference);

// Appends "/" and `segment` to a JSON pointer, escaping it ("a/b~c" -> "/a~1b~0c").
void AppendPointerSegment(std::string& pointer, std::string_view segment);
// `pointer` with one more segment.
std::string ChildPointer(std::string pointer, std::string_view segment);

// Appends "/segment" to `pointer` for the lifetime of the object: the compiler's schema pointer,
// the validator's instance path.
class PointerSegment {
 public:
  PointerSegment(std::string& pointer, std::string_view segment)
      : pointer_(pointer), size_(pointer.size()) {
    AppendPointerSegment(pointer_, segment);
  }
  ~PointerSegment() { pointer_.resize(size_); }
  PointerSegment(const PointerSegment&) = delete;
  PointerSegment& operator=(const PointerSegment&) = delete;

 private:
  std::string& pointer_;
  size_t size_;
};

// The number of Unicode code points in a valid UTF-8 string.
size_t CountCodePoints(std::string_view utf8);

// Format assertions.
bool IsDate(std::string_view text);
bool IsDateTime(std::string_view text);
bool IsEmail(std::string_view text);

}  // namespace homeward::json::internal
