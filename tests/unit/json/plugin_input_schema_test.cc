// The plugin contract's person input: what the host hands a plugin's rules
// (plugin::internal::PersonForRules) is valid against schemas/plugin-person-input.schema.json,
// and the schema refuses anything beyond it (a name, a birth date), so that a field added to the
// input is a deliberate change of the contract.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "homeward/json/json.h"
#include "internal/plugin_policy.h"
#include "status_matchers.h"

namespace homeward::json {
namespace {

using ::homeward::testing::IsOk;
using ::homeward::testing::StatusIs;

constexpr char kSchema[] = "plugin-person-input.schema.json";
const Date kToday{2026, 11, 28};

// A person with every field the input reads set, amounts in riel.
model::Individual FullPerson() {
  model::Individual p;
  p.given_name = "Sokha";
  p.family_name = "Chan";
  p.sex = model::Sex::kFemale;
  p.birth_date = Date{2004, 3, 9};
  p.province = "KH-14";
  p.district = "Kampong Trabaek";
  p.commune = "Prasat";
  p.location = model::GeoPoint{11.2, 105.4};
  p.languages = {"km", "th"};
  p.education = model::Education::kLowerSecondary;
  p.skills = {{"sewing_machine_operation", 3}, {"rice_farming", 2}};
  p.desired_occupations = {"7531", "6111"};
  p.max_commute_km = 25;
  p.household = {6, 3, model::Money{800000, "KHR"}, model::Money{4000000, "KHR"}, 2};
  p.prior_migration = true;
  p.survivor = true;
  p.idpoor_level = 1;
  p.disability = true;
  p.female_headed_household = true;
  p.vulnerability.score = 72.5;
  return p;
}

TEST(PluginInputSchemaTest, PersonInputAsTheHostBuildsItMatchesTheSchema) {
  const nlohmann::json full = plugin::internal::PersonForRules(FullPerson(), kToday);
  EXPECT_THAT(SchemaSet::Builtin().Validate(kSchema, full), IsOk()) << full.dump();
  // 800,000 riel arrive as about 200 dollars, whatever the rate in force.
  EXPECT_GT(full["household"]["monthly_income"].get<double>(), 100);
  EXPECT_LT(full["household"]["monthly_income"].get<double>(), 400);

  // The fewest fields: no district, skills or Equity Card, no debt, amounts in baht.
  model::Individual sparse;
  sparse.birth_date = Date{2010, 1, 1};
  sparse.province = "KH-3";
  sparse.household.monthly_income = model::Money{3000, "THB"};
  const nlohmann::json minimal = plugin::internal::PersonForRules(sparse, kToday);
  EXPECT_THAT(SchemaSet::Builtin().Validate(kSchema, minimal), IsOk()) << minimal.dump();
  EXPECT_TRUE(minimal["idpoor_level"].is_null());
}

TEST(PluginInputSchemaTest, SchemaRefusesPersonalDataBeyondTheContract) {
  const nlohmann::json input = plugin::internal::PersonForRules(FullPerson(), kToday);
  for (const char* leak : {"given_name", "family_name", "birth_date", "commune", "location"}) {
    nlohmann::json more = input;
    more[leak] = "x";
    EXPECT_THAT(SchemaSet::Builtin().Validate(kSchema, more),
                StatusIs(StatusCode::kInvalidArgument))
        << leak;
  }
  nlohmann::json riel = input;
  riel["household"]["debt"] = {{"amount", 4000000}, {"currency", "KHR"}};
  EXPECT_THAT(SchemaSet::Builtin().Validate(kSchema, riel), StatusIs(StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace homeward::json
