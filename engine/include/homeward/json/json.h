// Strict JSON parsing and JSON Schema (draft-07) validation for everything that enters Homeward:
// request bodies, plugin manifests, market data.
#pragma once

#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "homeward/base/status.h"

namespace homeward::json {

struct ParseLimits {
  size_t max_depth = 32;
  size_t max_string_bytes = 64 * 1024;
  size_t max_array_items = 10000;
  size_t max_object_members = 1000;
};

// Parses `text` with nlohmann's SAX interface. Fails with INVALID_ARGUMENT (and a FieldError
// naming the place) on malformed JSON, invalid UTF-8, a duplicate key in one object, or any limit
// exceeded. Never throws.
StatusOr<nlohmann::json> Parse(std::string_view text, const ParseLimits& limits = {});

// A set of draft-07 schemas addressed by name (their file name in schemas/, e.g.
// "individual.create.schema.json"); "$ref" may point to another schema of the set by that name,
// optionally with a "#/..." fragment. Immutable after construction; thread-safe to use.
class SchemaSet {
 public:
  SchemaSet() = default;
  // The schemas/ folder, compiled into the binary.
  static const SchemaSet& Builtin();

  Status Add(std::string name, nlohmann::json schema);
  bool Has(std::string_view name) const;
  const nlohmann::json* Find(std::string_view name) const;

  // OK when `instance` is valid; otherwise INVALID_ARGUMENT with every violation listed as a
  // FieldError whose path is a JSON pointer into the instance ("/wage/amount").
  Status Validate(std::string_view schema_name, const nlohmann::json& instance) const;

 private:
  std::map<std::string, nlohmann::json, std::less<>> schemas_;
};

}  // namespace homeward::json
