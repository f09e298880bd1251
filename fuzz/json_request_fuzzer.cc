// libFuzzer target: a request body as the API reads it. Strict parsing, then validation against
// every schema a request is checked with, then the conversion to the domain model of the bodies
// that passed (which assumes its input passed the schema and must then never throw).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "homeward/json/json.h"
#include "homeward/model/json.h"

namespace {

// Request schemas: what POST, PATCH and PUT bodies are validated against.
std::vector<std::string> RequestSchemas() {
  std::vector<std::string> names;
  for (const std::string& name : homeward::json::SchemaSet::Builtin().Names()) {
    if (name.find(".create.") != std::string::npos || name.find("patch.") != std::string::npos ||
        name == "market-data.schema.json") {
      names.push_back(name);
    }
  }
  return names;
}

template <typename T>
void ParseIfValid(const char* schema, const nlohmann::json& doc) {
  if (homeward::json::SchemaSet::Builtin().Validate(schema, doc).ok()) {
    homeward::model::ParseModel<T>(doc).status().IgnoreError();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::vector<std::string> schemas = RequestSchemas();
  auto doc = homeward::json::Parse(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!doc.ok()) return 0;
  for (const std::string& name : schemas) {
    homeward::json::SchemaSet::Builtin().Validate(name, *doc).IgnoreError();
  }
  ParseIfValid<homeward::model::Individual>("individual.create.schema.json", *doc);
  ParseIfValid<homeward::model::Employer>("employer.create.schema.json", *doc);
  ParseIfValid<homeward::model::Vacancy>("vacancy.create.schema.json", *doc);
  ParseIfValid<homeward::model::Training>("training.create.schema.json", *doc);
  ParseIfValid<homeward::model::Programme>("programme.create.schema.json", *doc);
  ParseIfValid<homeward::model::MarketData>("market-data.schema.json", *doc);
  return 0;
}
