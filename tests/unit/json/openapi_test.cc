// BuildOpenApi: the document served at GET /v1/openapi.json.
#include "homeward/json/openapi.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <utility>

#include "homeward/json/json.h"
#include "status_matchers.h"

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

// Every route of API.md, as (method, path).
const std::pair<const char*, const char*> kApiRoutes[] = {
    {"post", "/v1/api-keys"},
    {"get", "/v1/api-keys"},
    {"delete", "/v1/api-keys/{id}"},
    {"post", "/v1/individuals"},
    {"get", "/v1/individuals"},
    {"get", "/v1/individuals/{id}"},
    {"patch", "/v1/individuals/{id}"},
    {"delete", "/v1/individuals/{id}"},
    {"get", "/v1/individuals/{id}/matches"},
    {"post", "/v1/employers"},
    {"get", "/v1/employers"},
    {"get", "/v1/employers/{id}"},
    {"patch", "/v1/employers/{id}"},
    {"post", "/v1/vacancies"},
    {"get", "/v1/vacancies"},
    {"get", "/v1/vacancies/{id}"},
    {"patch", "/v1/vacancies/{id}"},
    {"post", "/v1/vacancies/{id}/review"},
    {"get", "/v1/vacancies/{id}/candidates"},
    {"post", "/v1/trainings"},
    {"get", "/v1/trainings"},
    {"get", "/v1/trainings/{id}"},
    {"patch", "/v1/trainings/{id}"},
    {"post", "/v1/programmes"},
    {"get", "/v1/programmes"},
    {"get", "/v1/programmes/{id}"},
    {"patch", "/v1/programmes/{id}"},
    {"post", "/v1/allocations"},
    {"get", "/v1/allocations/{id}"},
    {"post", "/v1/referrals"},
    {"get", "/v1/referrals"},
    {"get", "/v1/referrals/{id}"},
    {"patch", "/v1/referrals/{id}"},
    {"get", "/v1/plugins"},
    {"get", "/v1/plugins/{id}"},
    {"post", "/v1/plugins/reload"},
    {"get", "/v1/provinces"},
    {"get", "/v1/provinces/{code}/market"},
    {"put", "/v1/provinces/{code}/market"},
    {"get", "/v1/reports/summary"},
    {"get", "/v1/audit"},
    {"get", "/v1/health"},
    {"get", "/v1/metrics"},
    {"get", "/v1/openapi.json"},
};

TEST_F(OpenApiTest, EveryRouteOfTheApiIsDescribed) {
  EXPECT_EQ(Doc()["openapi"], "3.0.3");
  std::set<std::string> operation_ids;
  for (const auto& [method, path] : kApiRoutes) {
    const Json& operation = Doc()["paths"][path][method];
    ASSERT_TRUE(operation.is_object()) << method << " " << path;
    EXPECT_TRUE(operation_ids.insert(operation["operationId"].get<std::string>()).second)
        << "duplicate operationId " << operation["operationId"];
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
