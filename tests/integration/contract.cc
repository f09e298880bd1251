#include "contract.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <mutex>
#include <string_view>

#include "homeward/json/json.h"

namespace homeward::testing {
namespace {

using nlohmann::json;

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// The media type of a Content-Type header, without parameters.
std::string MediaType(const HttpResponse& response) {
  auto it = response.headers.find("content-type");
  if (it == response.headers.end()) return "";
  std::string type = it->second.substr(0, it->second.find(';'));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  return type;
}

// Follows a "#/components/..." reference inside the base document.
const json& Resolve(const json& base, const json& node) {
  if (!node.is_object() || !node.contains("$ref")) return node;
  const std::string ref = node["$ref"].get<std::string>();
  if (ref.rfind("#/", 0) != 0) return node;
  return base.at(json::json_pointer(ref.substr(1)));
}

// The schemas of schemas/ plus each inline response schema, added under a name of its own.
class Contract {
 public:
  Contract() : schemas_(homeward::json::SchemaSet::Builtin()) {
    const json* found = schemas_.Find("openapi.base.json");
    if (found != nullptr) base_ = *found;
  }

  std::string Check(const std::string& method, const std::string& pattern,
                    const HttpResponse& response) {
    const std::string where = method + " " + pattern + " -> " + std::to_string(response.status);
    const json* operation = Operation(method, pattern);
    if (operation == nullptr) return where + ": no such operation in the OpenAPI description";
    const json& responses = operation->at("responses");
    const std::string status = std::to_string(response.status);
    const json* declared = nullptr;
    if (responses.contains(status)) {
      declared = &responses[status];
    } else if (responses.contains("default")) {
      declared = &responses["default"];
    } else {
      return where + ": status not declared";
    }
    const json& resolved = Resolve(base_, *declared);
    if (!resolved.contains("content")) {
      return response.body.empty() ? "" : where + ": a body where none is declared";
    }
    const std::string media = MediaType(response);
    const json& content = resolved["content"];
    if (!content.contains(media)) return where + ": undeclared content type '" + media + "'";
    const json& schema = content[media].value("schema", json::object());
    if (media != "application/json" && media != "application/problem+json") return "";
    json body = json::parse(response.body, nullptr, false);
    if (body.is_discarded()) return where + ": body is not JSON";
    const std::string name = SchemaName(where, schema);
    if (name.empty()) return where + ": the declared schema does not compile";
    Status valid = schemas_.Validate(name, body);
    return valid.ok() ? "" : where + ": " + valid.ToString();
  }

 private:
  const json* Operation(const std::string& method, const std::string& pattern) const {
    if (!base_.contains("paths") || !base_["paths"].contains(pattern)) return nullptr;
    const json& item = base_["paths"][pattern];
    const std::string key = Lower(method);
    return item.contains(key) ? &item[key] : nullptr;
  }

  // The name to validate against: the referenced file, or the inline schema added on first use.
  std::string SchemaName(const std::string& where, const json& schema) {
    if (schema.contains("$ref") && schema.size() == 1) return schema["$ref"].get<std::string>();
    // Named like a sibling of schemas/ so that its relative references resolve there.
    auto [it, added] = inline_names_.try_emplace(
        where, "inline-" + std::to_string(inline_names_.size()) + ".schema.json");
    if (added && !schemas_.Add(it->second, schema).ok()) return "";
    return it->second;
  }

  homeward::json::SchemaSet schemas_;
  json base_;
  std::map<std::string, std::string> inline_names_;  // "GET /v1/x -> 200" -> schema name
};

}  // namespace

std::string ContractViolations(const std::string& method, const std::string& pattern,
                               const HttpResponse& response) {
  static std::mutex mutex;
  static Contract contract;
  std::lock_guard<std::mutex> lock(mutex);
  return contract.Check(method, pattern, response);
}

}  // namespace homeward::testing
