// Compiles a draft-07 schema document into internal::Node graphs (see internal/schema.h).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string_view>

#include "internal/schema.h"

namespace homeward::json::internal {
namespace {

using nlohmann::json;

std::optional<uint8_t> TypeBit(const std::string& name) {
  if (name == "null") return kTypeNull;
  if (name == "boolean") return kTypeBoolean;
  if (name == "object") return kTypeObject;
  if (name == "array") return kTypeArray;
  if (name == "number") return kTypeNumber;
  if (name == "string") return kTypeString;
  if (name == "integer") return kTypeInteger;
  return std::nullopt;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      int hi = HexValue(text[i + 1]);
      int lo = HexValue(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

// "base#frag%22x" -> "base#frag\"x": the form under which nodes are indexed.
std::string NormalizeUri(const std::string& uri) {
  size_t hash = uri.find('#');
  if (hash == std::string::npos) return uri + "#";
  return uri.substr(0, hash + 1) + PercentDecode(std::string_view(uri).substr(hash + 1));
}

std::string WithoutFragment(const std::string& uri) {
  return uri.substr(0, uri.find('#'));
}

}  // namespace

// Walks one document depth-first, keeping the JSON pointer of the current subschema and the
// "$id" scopes that enclose it, so that every subschema can be addressed the ways draft-07 allows.
class SchemaCompiler {
 public:
  explicit SchemaCompiler(CompiledSchema& out) : out_(out) {}

  Status Run(const std::string& name) {
    scopes_.push_back({name, 0});
    out_.root_ = Compile(out_.document_, name);
    CompileReferencedLocations(name);
    return status_;
  }

 private:
  struct Scope {
    std::string uri;       // without fragment
    size_t pointer_start;  // where this scope's JSON pointer starts in pointer_
  };

  // A "$ref" may point anywhere in its document, also inside a keyword this compiler does not
  // walk ("#/my_schemas/a"); such targets are compiled too, until no reference is left dangling.
  void CompileReferencedLocations(const std::string& name) {
    const std::string prefix = name + "#";
    for (size_t i = 0; i < out_.nodes_.size() && status_.ok(); ++i) {
      const std::string& ref = out_.nodes_[i]->ref;
      if (ref.rfind(prefix, 0) != 0 || IsAddressed(ref)) continue;
      std::string pointer = ref.substr(prefix.size());
      const json* target = Resolve(out_.document_, pointer);
      if (target == nullptr) continue;  // reported when used
      pointer_ = pointer;
      Compile(*target, name);
      pointer_.clear();
    }
  }

  bool IsAddressed(const std::string& uri) const {
    return std::any_of(out_.addresses_.begin(), out_.addresses_.end(),
                       [&](const auto& address) { return address.first == uri; });
  }

  // The value at a JSON pointer ("/a/b~1c/0") in `document`, or null.
  static const json* Resolve(const json& document, const std::string& pointer) {
    const json* at = &document;
    size_t pos = 0;
    while (pos < pointer.size()) {
      if (pointer[pos] != '/') return nullptr;
      size_t end = pointer.find('/', pos + 1);
      if (end == std::string::npos) end = pointer.size();
      std::string token;
      for (size_t i = pos + 1; i < end; ++i) {
        if (pointer[i] == '~' && i + 1 < end && (pointer[i + 1] == '0' || pointer[i + 1] == '1')) {
          token += pointer[++i] == '0' ? '~' : '/';
        } else {
          token += pointer[i];
        }
      }
      if (at->is_object()) {
        auto it = at->find(token);
        if (it == at->end()) return nullptr;
        at = &*it;
      } else if (at->is_array() && !token.empty() && token.size() < 10 &&
                 token.find_first_not_of("0123456789") == std::string::npos &&
                 std::stoull(token) < at->size()) {
        at = &(*at)[std::stoull(token)];
      } else {
        return nullptr;
      }
      pos = end;
    }
    return at;
  }

  void Error(const std::string& message) {
    if (status_.ok()) {
      status_ =
          Status::InvalidArgument("invalid schema", {{pointer_.empty() ? "/" : pointer_, message}});
    }
  }

  void Register(const Node* node) {
    for (const Scope& scope : scopes_) {
      out_.addresses_.emplace_back(scope.uri + "#" + pointer_.substr(scope.pointer_start), node);
    }
  }

  const Node* Compile(const json& schema, const std::string& base) {
    out_.nodes_.push_back(std::make_unique<Node>());
    Node* node = out_.nodes_.back().get();
    if (schema.is_boolean()) {
      node->always = schema.get<bool>();
      Register(node);
      return node;
    }
    if (!schema.is_object()) {
      Error("a schema must be an object or a boolean");
      return node;
    }
    auto ref = schema.find("$ref");
    if (ref != schema.end()) {
      if (!ref->is_string()) Error("\"$ref\" must be a string");
      Register(node);
      if (ref->is_string()) node->ref = NormalizeUri(ResolveUri(base, ref->get<std::string>()));
      // "$ref" makes draft-07 ignore its siblings, "$id" included; definitions stay addressable.
      CompileDefinitions(schema, base);
      return node;
    }
    std::string scope_base = base;
    bool new_scope = false;
    auto id = schema.find("$id");
    if (id != schema.end() && id->is_string()) {
      std::string resolved = ResolveUri(base, id->get<std::string>());
      if (id->get<std::string>().rfind('#', 0) == 0) {
        out_.addresses_.emplace_back(NormalizeUri(resolved), node);
      } else {
        scope_base = WithoutFragment(resolved);
        scopes_.push_back({scope_base, pointer_.size()});
        new_scope = true;
      }
    }
    Register(node);
    CompileKeywords(schema, scope_base, *node);
    if (new_scope) scopes_.pop_back();
    return node;
  }

  const Node* Sub(const json& schema, const std::string& base, std::string_view keyword) {
    PointerSegment segment(pointer_, keyword);
    return Nested(schema, base);
  }

  const Node* Sub(const json& schema, const std::string& base, std::string_view keyword,
                  std::string_view name) {
    PointerSegment outer(pointer_, keyword);
    PointerSegment inner(pointer_, name);
    return Nested(schema, base);
  }

  // Compile() one level down, refusing documents deep enough to exhaust the stack.
  const Node* Nested(const json& schema, const std::string& base) {
    if (depth_ >= kMaxSchemaDepth) {
      Error("schema nested deeper than " + std::to_string(kMaxSchemaDepth) + " levels");
      out_.nodes_.push_back(std::make_unique<Node>());
      return out_.nodes_.back().get();
    }
    ++depth_;
    const Node* node = Compile(schema, base);
    --depth_;
    return node;
  }

  std::vector<const Node*> SubList(const json& list, const std::string& base,
                                   std::string_view keyword) {
    std::vector<const Node*> out;
    if (!list.is_array() || list.empty()) {
      Error("\"" + std::string(keyword) + "\" must be a non-empty array of schemas");
      return out;
    }
    for (size_t i = 0; i < list.size(); ++i) {
      out.push_back(Sub(list[i], base, keyword, std::to_string(i)));
    }
    return out;
  }

  void CompileDefinitions(const json& schema, const std::string& base) {
    auto defs = schema.find("definitions");
    if (defs == schema.end()) return;
    if (!defs->is_object()) return Error("\"definitions\" must be an object");
    for (const auto& [name, sub] : defs->items()) Sub(sub, base, "definitions", name);
  }

  void Number(const json& schema, const char* keyword, std::optional<double>& out) {
    auto it = schema.find(keyword);
    if (it == schema.end()) return;
    if (!it->is_number()) return Error(std::string("\"") + keyword + "\" must be a number");
    out = it->get<double>();
  }

  void Count(const json& schema, const char* keyword, std::optional<size_t>& out) {
    auto it = schema.find(keyword);
    if (it == schema.end()) return;
    if (!it->is_number() || it->get<double>() < 0 ||
        std::floor(it->get<double>()) != it->get<double>()) {
      return Error(std::string("\"") + keyword + "\" must be a non-negative integer");
    }
    // Anything beyond 2^53 is as good as unlimited (and would not convert exactly).
    out = it->get<double>() > 9e15 ? SIZE_MAX : static_cast<size_t>(it->get<double>());
  }

  std::unique_ptr<Pattern> Regex(const json& source) {
    if (!source.is_string()) {
      Error("a pattern must be a string");
      return nullptr;
    }
    try {
      return std::make_unique<Pattern>(
          Pattern{source.get<std::string>(),
                  std::regex(source.get<std::string>(), std::regex::ECMAScript)});
    } catch (const std::regex_error& e) {
      Error("pattern " + source.dump() +
            " is not a regular expression std::regex accepts: " + e.what());
      return nullptr;
    }
  }

  void CompileKeywords(const json& s, const std::string& base, Node& node) {
    CompileDefinitions(s, base);
    CompileGeneric(s, node);
    CompileNumber(s, node);
    CompileString(s, node);
    CompileArray(s, base, node);
    CompileObject(s, base, node);
    CompileCombinators(s, base, node);
  }

  void CompileGeneric(const json& s, Node& node) {
    if (auto it = s.find("type"); it != s.end()) {
      const json names = it->is_array() ? *it : json::array({*it});
      for (const json& name : names) {
        auto bit = name.is_string() ? TypeBit(name.get<std::string>()) : std::nullopt;
        if (!bit) return Error("\"type\" names an unknown type: " + name.dump());
        node.types |= *bit;
      }
    }
    if (auto it = s.find("enum"); it != s.end()) {
      if (!it->is_array()) return Error("\"enum\" must be an array");
      node.enum_values = &*it;
    }
    if (auto it = s.find("const"); it != s.end()) node.const_value = &*it;
  }

  // A line per numeric keyword; alike in shape only to from_json(CheckInAnswers) in
  // model/json.cc, which reads a check-in's optional answers.
  void CompileNumber(const json& s, Node& node) {
    Number(s, "minimum", node.minimum);
    Number(s, "maximum", node.maximum);
    Number(s, "exclusiveMinimum", node.exclusive_minimum);
    Number(s, "exclusiveMaximum", node.exclusive_maximum);
    Number(s, "multipleOf", node.multiple_of);
    if (node.multiple_of && *node.multiple_of <= 0) Error("\"multipleOf\" must be greater than 0");
  }

  void CompileString(const json& s, Node& node) {
    Count(s, "minLength", node.min_length);
    Count(s, "maxLength", node.max_length);
    if (auto it = s.find("pattern"); it != s.end()) node.pattern = Regex(*it);
    if (auto it = s.find("format"); it != s.end() && it->is_string()) {
      const auto& format = it->get_ref<const std::string&>();
      if (format == "date") node.format = Format::kDate;
      if (format == "date-time") node.format = Format::kDateTime;
      if (format == "email") node.format = Format::kEmail;
    }
  }

  void CompileArray(const json& s, const std::string& base, Node& node) {
    if (auto it = s.find("items"); it != s.end()) {
      if (it->is_array()) {
        for (size_t i = 0; i < it->size(); ++i) {
          node.tuple_items.push_back(Sub((*it)[i], base, "items", std::to_string(i)));
        }
        if (auto more = s.find("additionalItems"); more != s.end()) {
          node.additional_items = Sub(*more, base, "additionalItems");
        }
      } else {
        node.items = Sub(*it, base, "items");
      }
    }
    Count(s, "minItems", node.min_items);
    Count(s, "maxItems", node.max_items);
    if (auto it = s.find("uniqueItems"); it != s.end()) {
      if (!it->is_boolean()) return Error("\"uniqueItems\" must be a boolean");
      node.unique_items = it->get<bool>();
    }
    if (auto it = s.find("contains"); it != s.end()) node.contains = Sub(*it, base, "contains");
  }

  void CompileObject(const json& s, const std::string& base, Node& node) {
    if (auto it = s.find("properties"); it != s.end()) {
      if (!it->is_object()) return Error("\"properties\" must be an object");
      for (const auto& [name, sub] : it->items()) {
        node.properties.emplace_back(name, Sub(sub, base, "properties", name));
      }
      std::sort(node.properties.begin(), node.properties.end(),
                [](const auto& a, const auto& b) { return a.first < b.first; });
    }
    if (auto it = s.find("patternProperties"); it != s.end()) {
      if (!it->is_object()) return Error("\"patternProperties\" must be an object");
      for (const auto& [source, sub] : it->items()) {
        auto pattern = Regex(json(source));
        const Node* target = Sub(sub, base, "patternProperties", source);
        if (pattern) node.pattern_properties.emplace_back(std::move(*pattern), target);
      }
    }
    if (auto it = s.find("additionalProperties"); it != s.end()) {
      node.additional_properties = Sub(*it, base, "additionalProperties");
    }
    if (auto it = s.find("required"); it != s.end()) {
      if (!it->is_array()) return Error("\"required\" must be an array of names");
      for (const json& name : *it) {
        if (!name.is_string()) return Error("\"required\" must be an array of names");
        node.required.push_back(name.get<std::string>());
      }
    }
    Count(s, "minProperties", node.min_properties);
    Count(s, "maxProperties", node.max_properties);
    if (auto it = s.find("dependencies"); it != s.end()) {
      if (!it->is_object()) return Error("\"dependencies\" must be an object");
      for (const auto& [name, dependency] : it->items()) {
        if (dependency.is_array()) {
          std::vector<std::string> names;
          for (const json& other : dependency) {
            if (!other.is_string()) return Error("a property dependency must list names");
            names.push_back(other.get<std::string>());
          }
          node.property_dependencies.emplace_back(name, std::move(names));
        } else {
          node.schema_dependencies.emplace_back(name, Sub(dependency, base, "dependencies", name));
        }
      }
    }
    if (auto it = s.find("propertyNames"); it != s.end()) {
      node.property_names = Sub(*it, base, "propertyNames");
    }
  }

  void CompileCombinators(const json& s, const std::string& base, Node& node) {
    if (auto it = s.find("allOf"); it != s.end()) node.all_of = SubList(*it, base, "allOf");
    if (auto it = s.find("anyOf"); it != s.end()) node.any_of = SubList(*it, base, "anyOf");
    if (auto it = s.find("oneOf"); it != s.end()) node.one_of = SubList(*it, base, "oneOf");
    if (auto it = s.find("not"); it != s.end()) node.not_schema = Sub(*it, base, "not");
    if (auto it = s.find("if"); it != s.end()) node.if_schema = Sub(*it, base, "if");
    if (auto it = s.find("then"); it != s.end()) node.then_schema = Sub(*it, base, "then");
    if (auto it = s.find("else"); it != s.end()) node.else_schema = Sub(*it, base, "else");
  }

  static constexpr int kMaxSchemaDepth = 200;

  CompiledSchema& out_;
  int depth_ = 0;
  std::string pointer_;
  std::vector<Scope> scopes_;
  Status status_;
};

StatusOr<std::shared_ptr<const CompiledSchema>> CompiledSchema::Compile(const std::string& name,
                                                                        nlohmann::json document) {
  auto compiled = std::make_shared<CompiledSchema>();
  compiled->document_ = std::move(document);
  SchemaCompiler compiler(*compiled);
  HW_RETURN_IF_ERROR(compiler.Run(name));
  return std::shared_ptr<const CompiledSchema>(std::move(compiled));
}

std::string ResolveUri(const std::string& base, const std::string& reference) {
  if (reference.empty()) return WithoutFragment(base);
  if (reference[0] == '#') return WithoutFragment(base) + reference;
  size_t colon = reference.find(':');
  size_t first_delimiter = reference.find_first_of("/?#");
  if (colon != std::string::npos && colon < first_delimiter) return reference;  // has a scheme
  std::string base_doc = WithoutFragment(base);
  size_t scheme_end = base_doc.find("://");
  size_t authority_end = scheme_end == std::string::npos
                             ? 0
                             : std::min(base_doc.find('/', scheme_end + 3), base_doc.size());
  if (reference.rfind("//", 0) == 0) {
    return scheme_end == std::string::npos ? reference
                                           : base_doc.substr(0, scheme_end + 1) + reference;
  }
  if (reference[0] == '/') return base_doc.substr(0, authority_end) + reference;
  size_t last_slash = base_doc.rfind('/');
  if (last_slash == std::string::npos || last_slash < authority_end) {
    return base_doc.substr(0, authority_end) + (authority_end > 0 ? "/" : "") + reference;
  }
  return base_doc.substr(0, last_slash + 1) + reference;
}

void AppendPointerSegment(std::string& pointer, std::string_view segment) {
  pointer += '/';
  for (char c : segment) {
    if (c == '~') {
      pointer += "~0";
    } else if (c == '/') {
      pointer += "~1";
    } else {
      pointer += c;
    }
  }
}

std::string ChildPointer(std::string pointer, std::string_view segment) {
  AppendPointerSegment(pointer, segment);
  return pointer;
}

}  // namespace homeward::json::internal
