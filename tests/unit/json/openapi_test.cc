// BuildOpenApi: the document served at GET /v1/openapi.json.
#include "homeward/json/openapi.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "homeward/json/json.h"
#include "status_matchers.h"
#include "temp_dir.h"

namespace homeward::json {
namespace {

using ::homeward::testing::StatusIs;
using Json = nlohmann::json;

class OpenApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto built = BuildOpenApi(SchemaSet::Builtin());
    ASSERT_TRUE(built.ok()) << built.status();
    document_ = new Json(std::move(built).value());
  }
  static void TearDownTestSuite() {
    delete document_;
    document_ = nullptr;
  }
  static const Json& Doc() { return *document_; }

 private:
  static Json* document_;
};

Json* OpenApiTest::document_ = nullptr;

TEST_F(OpenApiTest, EveryOperationHasItsOwnId) {
  EXPECT_EQ(Doc()["openapi"], "3.0.3");
  std::set<std::string> operation_ids;
  for (const auto& [path, item] : Doc()["paths"].items()) {
    for (const auto& [method, operation] : item.items()) {
      if (method == "parameters") continue;
      ASSERT_TRUE(operation["operationId"].is_string()) << method << " " << path;
      EXPECT_TRUE(operation_ids.insert(operation["operationId"].get<std::string>()).second)
          << "duplicate operationId " << operation["operationId"];
    }
  }
}

using Route = std::pair<std::string, std::string>;  // "GET", "/v1/individuals/{}"

// A path with its parameters unnamed, so that "{id}" and "{code}" compare by place.
std::string Unnamed(const std::string& path) {
  std::string out;
  bool in_parameter = false;
  for (char c : path) {
    if (c == '}') in_parameter = false;
    if (!in_parameter) out += c;
    if (c == '{') in_parameter = true;
  }
  return out;
}

bool IsMethod(const std::string& word) {
  return word == "GET" || word == "POST" || word == "PUT" || word == "PATCH" || word == "DELETE";
}

// Every route docs/api.md names, in any of its forms: "GET /v1/audit?subject=",
// "POST/GET /v1/individuals", "`GET`/`PUT /v1/exchange-rates`". (Hand-written: GCC 12 warns
// inside std::regex at -O1.)
std::set<Route> RoutesOfTheContract() {
  std::ifstream in(::homeward::testing::SourceDir() / "docs" / "api.md");
  std::stringstream text;
  text << in.rdbuf();
  const std::string doc = text.str();
  const auto in_path = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("_./{}-").find(c) != std::string_view::npos;
  };
  std::set<Route> routes;
  for (size_t at = doc.find(" /v1/"); at != std::string::npos; at = doc.find(" /v1/", at + 1)) {
    size_t end = at + 1;
    while (end < doc.size() && in_path(doc[end])) ++end;
    std::string path = doc.substr(at + 1, end - at - 1);
    while (path.back() == '.' || path.back() == '-' || path.back() == '/') path.pop_back();
    size_t begin = at;
    while (begin > 0 && (std::isupper(static_cast<unsigned char>(doc[begin - 1])) ||
                         doc[begin - 1] == '/' || doc[begin - 1] == '`')) {
      --begin;
    }
    std::string word;
    for (size_t i = begin; i <= at; ++i) {
      if (i < at && std::isupper(static_cast<unsigned char>(doc[i]))) {
        word += doc[i];
        continue;
      }
      if (IsMethod(word)) routes.insert({word, Unnamed(path)});
      word.clear();
    }
  }
  return routes;
}

// docs/api.md is the contract outside clients are written against; the OpenAPI document is built
// from the schemas the server validates with. Every route of one is in the other.
TEST_F(OpenApiTest, TheContractAndTheOpenApiDocumentNameTheSameRoutes) {
  std::set<Route> described;
  for (const auto& [path, item] : Doc()["paths"].items()) {
    for (const auto& [method, operation] : item.items()) {
      if (method == "parameters") continue;
      std::string upper = method;
      std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
      described.insert({upper, Unnamed(path)});
    }
  }
  const std::set<Route> contract = RoutesOfTheContract();
  ASSERT_GT(contract.size(), 40u) << "docs/api.md not found or its routes not recognised";
  std::vector<Route> only_in_contract;
  std::set_difference(contract.begin(), contract.end(), described.begin(), described.end(),
                      std::back_inserter(only_in_contract));
  std::vector<Route> only_in_openapi;
  std::set_difference(described.begin(), described.end(), contract.begin(), contract.end(),
                      std::back_inserter(only_in_openapi));
  for (const auto& [method, path] : only_in_contract) {
    ADD_FAILURE() << method << " " << path << " is in docs/api.md but not in the OpenAPI document";
  }
  for (const auto& [method, path] : only_in_openapi) {
    ADD_FAILURE() << method << " " << path << " is in the OpenAPI document but not in docs/api.md";
  }
}

TEST_F(OpenApiTest, EveryOperationButThePublicOnesNeedsAKeyAndAnswersProblems) {
  for (const auto& [path, item] : Doc()["paths"].items()) {
    for (const auto& [method, operation] : item.items()) {
      if (method == "parameters") continue;
      const bool is_public = path == "/v1/health" || path == "/v1/openapi.json";
      EXPECT_EQ(operation.contains("security"), is_public) << method << " " << path;
      if (!is_public) {
        EXPECT_TRUE(operation["responses"].contains("401")) << method << " " << path;
      }
    }
  }
  const Json& problem = Doc()["components"]["responses"]["BadRequest"]["content"];
  EXPECT_TRUE(problem.contains("application/problem+json"));
  EXPECT_TRUE(Doc()["paths"]["/v1/reports/summary"]["get"]["responses"]["200"]["content"].contains(
      "text/csv"));
}

// Every "$ref" of the document, and whether it resolves inside it.
void CheckRefs(const Json& root, const Json& value, const std::string& where, int& count) {
  if (value.is_array()) {
    for (size_t i = 0; i < value.size(); ++i) {
      CheckRefs(root, value[i], where + "/" + std::to_string(i), count);
    }
    return;
  }
  if (!value.is_object()) return;
  if (auto ref = value.find("$ref"); ref != value.end()) {
    ++count;
    const std::string target = ref->get<std::string>();
    ASSERT_EQ(target.rfind("#/", 0), 0u) << where << " refers outside: " << target;
    EXPECT_TRUE(root.contains(Json::json_pointer(target.substr(1)))) << where << ": " << target;
    EXPECT_EQ(value.size(), 1u) << where << ": a reference with siblings";
  }
  for (const auto& [key, member] : value.items()) CheckRefs(root, member, where + "/" + key, count);
}

TEST_F(OpenApiTest, EveryReferenceResolvesInsideTheDocument) {
  int count = 0;
  CheckRefs(Doc(), Doc(), "", count);
  EXPECT_GT(count, 100);
  EXPECT_TRUE(Doc()["components"]["schemas"].contains("VacancyCreate"));
  EXPECT_TRUE(Doc()["components"]["schemas"].contains("CommonMoney"));
}

// Draft-07 keywords and forms that OpenAPI 3.0 does not have.
void CheckDialect(const Json& value, const std::string& where) {
  if (value.is_array()) {
    for (const Json& item : value) CheckDialect(item, where);
    return;
  }
  if (!value.is_object()) return;
  for (const char* keyword : {"$schema", "const", "definitions", "if", "propertyNames"}) {
    EXPECT_FALSE(value.contains(keyword)) << where << " has " << keyword;
  }
  if (auto type = value.find("type"); type != value.end() && !type->is_object()) {
    EXPECT_TRUE(type->is_string()) << where << " has type " << *type;
  }
  if (value.contains("nullable")) {
    EXPECT_TRUE(value.contains("type")) << where;
  }
  for (const auto& [key, member] : value.items()) {
    // Under "properties" the keys are field names, which may well be "const" or "type".
    if (key == "properties") {
      for (const auto& [name, property] : member.items()) {
        CheckDialect(property, where + "/properties/" + name);
      }
    } else {
      CheckDialect(member, where + "/" + key);
    }
  }
}

TEST_F(OpenApiTest, SchemasAreInTheOpenApi30Dialect) {
  CheckDialect(Doc()["components"]["schemas"], "#/components/schemas");
  const Json& money = Doc()["components"]["schemas"]["CommonMoney"];
  EXPECT_EQ(money["properties"]["currency"]["enum"], Json::array({"USD", "KHR", "THB"}));
  // "const" (draft-07) becomes a one-value "enum" (OpenAPI 3.0).
  EXPECT_EQ(Doc()["components"]["schemas"]["ExchangeRates"]["properties"]["base"]["enum"],
            Json::array({"USD"}));
  const Json& cursor = Doc()["components"]["schemas"]["CommonNextCursor"];
  EXPECT_EQ(cursor["type"], "string");
  EXPECT_EQ(cursor["nullable"], true);
}

TEST(OpenApiBuildTest, MissingSchemaIsNamed) {
  SchemaSet set;
  ASSERT_TRUE(set.Add("openapi.base.json",
                      {{"openapi", "3.0.3"},
                       {"paths",
                        {{"/x",
                          {{"get",
                            {{"responses",
                              {{"200",
                                {{"content",
                                  {{"application/json",
                                    {{"schema", {{"$ref", "gone.schema.json"}}}}}}}}}}}}}}}}}})
                  .ok());
  auto built = BuildOpenApi(set);
  ASSERT_THAT(built, StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(built.status().message(), ::testing::HasSubstr("gone.schema.json"));
  EXPECT_THAT(BuildOpenApi(SchemaSet()), StatusIs(StatusCode::kNotFound));
}

}  // namespace
}  // namespace homeward::json
