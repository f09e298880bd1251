// BuildOpenApi: schemas/openapi.base.json plus every schema it names, as one OpenAPI 3.0.3
// document.
#include "homeward/json/openapi.h"

#include <cctype>
#include <deque>
#include <map>
#include <string>
#include <utility>

namespace homeward::json {
namespace {

using nlohmann::json;

constexpr char kBaseDocument[] = "openapi.base.json";
constexpr char kComponentsPrefix[] = "#/components/schemas/";

// "vacancy-review.create.schema.json" -> "VacancyReviewCreate"; "geo_point" -> "GeoPoint".
std::string CamelCase(std::string_view text) {
  std::string out;
  bool upper = true;
  for (char c : text) {
    if (c == '-' || c == '_' || c == '.') {
      upper = true;
    } else {
      out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
      upper = false;
    }
  }
  return out;
}

std::string Stem(std::string_view file) {
  constexpr std::string_view kSuffixes[] = {".schema.json", ".json"};
  for (std::string_view suffix : kSuffixes) {
    if (file.size() > suffix.size() && file.substr(file.size() - suffix.size()) == suffix) {
      return std::string(file.substr(0, file.size() - suffix.size()));
    }
  }
  return std::string(file);
}

// Copies the schemas the base document names into components/schemas, converting each from
// draft-07 to the OpenAPI 3.0 dialect as it goes.
class OpenApiBuilder {
 public:
  explicit OpenApiBuilder(const SchemaSet& schemas) : schemas_(schemas) {}

  StatusOr<json> Build() {
    const json* base = schemas_.Find(kBaseDocument);
    if (base == nullptr) return Status::NotFound(std::string("no ") + kBaseDocument);
    json document = *base;
    HW_RETURN_IF_ERROR(RewriteRefs(document, kBaseDocument));
    json components = json::object();
    while (!pending_.empty()) {
      auto [name, target] = std::move(pending_.front());
      pending_.pop_front();
      HW_ASSIGN_OR_RETURN(json schema, Lookup(target.first, target.second));
      HW_RETURN_IF_ERROR(ConvertSchema(schema, target.first));
      components[name] = std::move(schema);
    }
    json& existing = document["components"]["schemas"];
    if (existing.is_null()) existing = json::object();
    for (auto& [name, schema] : components.items()) existing[name] = std::move(schema);
    return document;
  }

 private:
  using Target = std::pair<std::string, std::string>;  // file, JSON pointer in it

  // The component name of a reference from `file`, queueing the target the first time.
  StatusOr<std::string> ComponentFor(const std::string& ref, const std::string& file) {
    size_t hash = ref.find('#');
    std::string target_file = hash == 0 ? file : ref.substr(0, hash);
    std::string pointer = hash == std::string::npos ? "" : ref.substr(hash + 1);
    std::string name = CamelCase(Stem(target_file));
    const std::string kDefinitions = "/definitions/";
    if (pointer.rfind(kDefinitions, 0) == 0 &&
        pointer.find('/', kDefinitions.size()) == std::string::npos) {
      name += CamelCase(pointer.substr(kDefinitions.size()));
    } else if (!pointer.empty()) {
      return Status::InvalidArgument("cannot lift " + ref + " from " + file +
                                     " into components: only whole files and definitions");
    }
    Target target{target_file, pointer};
    auto [it, inserted] = names_.emplace(target, name);
    if (inserted) {
      if (auto original = Lookup(target_file, pointer); original.ok()) {
        if (auto type = original->find("type"); type != original->end() && type->is_string()) {
          types_[name] = type->get<std::string>();
        }
      }
      for (const auto& [other, taken] : names_) {
        if (taken == name && other != target) {
          return Status::InvalidArgument("two schemas would both be called " + name);
        }
      }
      pending_.emplace_back(name, target);
    }
    return it->second;
  }

  StatusOr<json> Lookup(const std::string& file, const std::string& pointer) const {
    const json* schema = schemas_.Find(file);
    if (schema == nullptr)
      return Status::NotFound("the OpenAPI document refers to " + file +
                              ", which is not in schemas/");
    if (pointer.empty()) return *schema;
    const json* definitions = schema->contains("definitions") ? &(*schema)["definitions"] : nullptr;
    std::string name = pointer.substr(std::string("/definitions/").size());
    if (definitions == nullptr || !definitions->contains(name)) {
      return Status::NotFound(file + " has no #" + pointer);
    }
    return (*definitions)[name];
  }

  // In the hand-written base document only: every "$ref" to a schema file becomes a component.
  Status RewriteRefs(json& value, const std::string& file) {
    if (value.is_array()) {
      for (json& item : value) HW_RETURN_IF_ERROR(RewriteRefs(item, file));
    } else if (value.is_object()) {
      auto ref = value.find("$ref");
      if (ref != value.end() && ref->is_string() && ref->get_ref<const std::string&>()[0] != '#') {
        HW_ASSIGN_OR_RETURN(std::string name, ComponentFor(ref->get<std::string>(), file));
        *ref = kComponentsPrefix + name;
        return Status::Ok();
      }
      for (auto& [key, member] : value.items()) HW_RETURN_IF_ERROR(RewriteRefs(member, file));
    }
    return Status::Ok();
  }

  // Turns one draft-07 schema (of `file`) into an OpenAPI 3.0 Schema Object, in place.
  Status ConvertSchema(json& schema, const std::string& file) {
    if (schema.is_boolean()) {
      schema = schema.get<bool>() ? json::object() : json{{"not", json::object()}};
      return Status::Ok();
    }
    if (!schema.is_object()) return Status::InvalidArgument("not a schema in " + file);
    // Keywords OpenAPI 3.0 does not have. What they assert is still checked by the server,
    // which validates with the draft-07 originals.
    for (const char* keyword :
         {"$schema", "$id", "$comment", "definitions", "dependencies", "propertyNames", "contains",
          "if", "then", "else", "additionalItems", "patternProperties"}) {
      schema.erase(keyword);
    }
    if (auto ref = schema.find("$ref"); ref != schema.end()) return ConvertRef(schema, file);
    if (auto it = schema.find("const"); it != schema.end()) {
      schema["enum"] = json::array({*it});
      schema.erase("const");
    }
    ConvertTypeList(schema);
    ConvertExclusiveBounds(schema);
    ConvertNullInEnum(schema);
    for (const char* keyword : {"items", "additionalProperties", "not"}) {
      if (auto it = schema.find(keyword); it != schema.end()) {
        if (std::string_view(keyword) == "additionalProperties" && it->is_boolean()) continue;
        if (std::string_view(keyword) == "items" && it->is_array()) {
          *it = json::object();  // tuples do not exist in OpenAPI 3.0
          continue;
        }
        HW_RETURN_IF_ERROR(ConvertSchema(*it, file));
      }
    }
    if (auto it = schema.find("properties"); it != schema.end()) {
      for (auto& [name, property] : it->items()) HW_RETURN_IF_ERROR(ConvertSchema(property, file));
    }
    for (const char* keyword : {"allOf", "anyOf", "oneOf"}) {
      if (auto it = schema.find(keyword); it != schema.end()) {
        for (json& alternative : *it) HW_RETURN_IF_ERROR(ConvertSchema(alternative, file));
      }
    }
    if (auto it = schema.find("allOf"); it != schema.end()) {
      // Alternatives left empty by the removal of if/then/else match anything: drop them.
      json kept = json::array();
      for (json& part : *it) {
        if (!part.empty()) kept.push_back(std::move(part));
      }
      if (kept.empty()) {
        schema.erase("allOf");
      } else {
        *it = std::move(kept);
      }
    }
    ConvertNullAlternative(schema);
    return Status::Ok();
  }

  // {"enum": ["a", null]} -> {"type": "string", "enum": ["a", null], "nullable": true}: in
  // OpenAPI 3.0, null is allowed only by "nullable", which needs a "type" beside it.
  static void ConvertNullInEnum(json& schema) {
    auto it = schema.find("enum");
    if (it == schema.end() || !it->is_array()) return;
    bool has_null = false;
    std::string type;
    for (const json& v : *it) {
      if (v.is_null()) {
        has_null = true;
      } else if (v.is_string()) {
        type = type.empty() || type == "string" ? "string" : "mixed";
      } else {
        type = "mixed";
      }
    }
    if (!has_null) return;
    schema["nullable"] = true;
    if (!schema.contains("type") && type == "string") schema["type"] = type;
  }

  // A "$ref" points to a component; siblings (a description) move beside an allOf, because a
  // Reference Object may not have any.
  Status ConvertRef(json& schema, const std::string& file) {
    HW_ASSIGN_OR_RETURN(std::string name, ComponentFor(schema["$ref"].get<std::string>(), file));
    json reference = {{"$ref", kComponentsPrefix + name}};
    schema.erase("$ref");
    if (schema.empty()) {
      schema = std::move(reference);
      return Status::Ok();
    }
    schema["allOf"] = json::array({std::move(reference)});
    return Status::Ok();
  }

  // "type": ["string", "null"] -> "type": "string", "nullable": true.
  static void ConvertTypeList(json& schema) {
    auto it = schema.find("type");
    if (it == schema.end() || !it->is_array()) return;
    json types = json::array();
    for (const json& type : *it) {
      if (type == "null") {
        schema["nullable"] = true;
      } else {
        types.push_back(type);
      }
    }
    if (types.size() == 1) {
      *it = types[0];
    } else {
      schema.erase("type");
      json alternatives = json::array();
      for (const json& type : types) alternatives.push_back({{"type", type}});
      schema["anyOf"] = std::move(alternatives);
    }
  }

  // Draft-07's numeric exclusiveMinimum/Maximum -> OpenAPI 3.0's boolean form.
  static void ConvertExclusiveBounds(json& schema) {
    for (auto [exclusive, inclusive] :
         {std::pair{"exclusiveMinimum", "minimum"}, std::pair{"exclusiveMaximum", "maximum"}}) {
      auto it = schema.find(exclusive);
      if (it == schema.end() || !it->is_number()) continue;
      schema[inclusive] = *it;
      *it = true;
    }
  }

  // {"anyOf": [X, {"type": "null"}]} -> {"allOf": [X], "nullable": true}: OpenAPI 3.0 has no
  // null type.
  void ConvertNullAlternative(json& schema) const {
    auto it = schema.find("anyOf");
    if (it == schema.end()) return;
    json kept = json::array();
    bool had_null = false;
    for (json& alternative : *it) {
      if (alternative == json{{"type", "null"}}) {
        had_null = true;
      } else {
        kept.push_back(std::move(alternative));
      }
    }
    if (!had_null) {
      *it = std::move(kept);
      return;
    }
    schema["nullable"] = true;
    if (kept.size() == 1) {
      schema.erase("anyOf");
      if (!schema.contains("type")) schema["type"] = TypeOf(kept[0]);
      schema["allOf"] = std::move(kept);
    } else {
      *it = std::move(kept);
    }
  }

  // The "type" a (converted) schema asserts, following one reference; "object" when unknown
  // (the one type every Homeward schema without a scalar type has).
  std::string TypeOf(const json& schema) const {
    if (auto type = schema.find("type"); type != schema.end() && type->is_string()) {
      return type->get<std::string>();
    }
    if (auto ref = schema.find("$ref"); ref != schema.end()) {
      auto it = types_.find(ref->get<std::string>().substr(sizeof(kComponentsPrefix) - 1));
      if (it != types_.end()) return it->second;
    }
    return "object";
  }

  const SchemaSet& schemas_;
  std::map<Target, std::string> names_;
  std::map<std::string, std::string> types_;  // component name -> its "type", when one
  std::deque<std::pair<std::string, Target>> pending_;
};

}  // namespace

StatusOr<nlohmann::json> BuildOpenApi(const SchemaSet& schemas) {
  try {
    return OpenApiBuilder(schemas).Build();
  } catch (const nlohmann::json::exception& e) {
    return Status::Internal(std::string("building the OpenAPI document: ") + e.what());
  }
}

}  // namespace homeward::json
