// Strict JSON parsing and JSON Schema (draft-07) validation for everything that enters Homeward:
// request bodies, plugin manifests, market data.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "homeward/base/status.h"

namespace homeward::json {

namespace internal {
class CompiledSchema;
struct Node;
}  // namespace internal

struct ParseLimits {
  size_t max_depth = 32;
  size_t max_string_bytes = 64 * 1024;
  size_t max_array_items = 10000;
  size_t max_object_members = 1000;
  size_t max_nodes = 100000;  // values of every kind in the whole document
};

// Parses `text` with nlohmann's SAX interface. Fails with INVALID_ARGUMENT (and a FieldError
// naming the place) on malformed JSON, invalid UTF-8, a duplicate key in one object, a NUL
// character (\u0000) in a string or key, or any limit exceeded. Never throws.
StatusOr<nlohmann::json> Parse(std::string_view text, const ParseLimits& limits = {});

// A set of draft-07 schemas addressed by name (their file name in schemas/, e.g.
// "individual.create.schema.json"); "$ref" may point to another schema of the set by that name,
// optionally with a "#/..." fragment. Each schema is compiled once when added (regular expressions
// included), so validation never re-reads a schema. Adding is not thread-safe; once filled, a set
// is immutable and any number of threads may validate against it at once.
class SchemaSet {
 public:
  SchemaSet();
  ~SchemaSet();
  SchemaSet(SchemaSet&&) noexcept;
  SchemaSet& operator=(SchemaSet&&) noexcept;
  // Copies share the compiled schemas (they are immutable).
  SchemaSet(const SchemaSet&);
  SchemaSet& operator=(const SchemaSet&);

  // The schemas/ folder, compiled into the binary.
  static const SchemaSet& Builtin();

  // Compiles `schema` under `name`. INVALID_ARGUMENT when it is not a valid draft-07 schema (a
  // keyword of the wrong type, a regular expression std::regex rejects); ALREADY_EXISTS when the
  // name is taken. A "$ref" to a schema not added yet is not an error until it is used.
  Status Add(std::string name, nlohmann::json schema);
  bool Has(std::string_view name) const;
  // The schema as added, or null.
  const nlohmann::json* Find(std::string_view name) const;
  // Every schema name, in order.
  std::vector<std::string> Names() const;

  // OK when `instance` is valid; otherwise INVALID_ARGUMENT with every violation listed as a
  // FieldError whose path is a JSON pointer into the instance ("/wage/amount"). `schema_name` may
  // carry a fragment ("common.schema.json#/definitions/money"). NOT_FOUND when no such schema.
  Status Validate(std::string_view schema_name, const nlohmann::json& instance) const;

 private:
  // Each schema as added, compiled; copies of a set share them.
  std::map<std::string, std::shared_ptr<const internal::CompiledSchema>, std::less<>> compiled_;
  // Every addressable subschema of every compiled schema, by absolute URI with fragment
  // ("common.schema.json#/definitions/money", "http://example.com/tree#").
  std::unordered_map<std::string, const internal::Node*> index_;
};

}  // namespace homeward::json
