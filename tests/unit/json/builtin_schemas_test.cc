// The compiled-in schemas/ folder: every file is there, the response schemas accept exactly what
// the model's to_json emits, and the request schemas accept good bodies and refuse mass assignment.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "homeward/base/id.h"
#include "homeward/json/json.h"
#include "homeward/model/json.h"
#include "status_matchers.h"
#include "temp_dir.h"

namespace homeward::json {
namespace {

using ::homeward::testing::IsOk;
using ::homeward::testing::StatusIs;
using Json = nlohmann::json;

const SchemaSet& Schemas() {
  return SchemaSet::Builtin();
}

TEST(BuiltinSchemasTest, EverySchemaFileIsCompiledIn) {
  int files = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(::homeward::testing::SourceDir() / "schemas")) {
    if (entry.path().extension() != ".json") continue;
    EXPECT_TRUE(Schemas().Has(entry.path().filename().string())) << entry.path();
    ++files;
  }
  EXPECT_GE(files, 30);
}

TEST(BuiltinSchemasTest, ShippedDestinationCostsAreAValidReplacement) {
  // An admin can GET the shipped costs, edit a figure and PUT them back.
  std::ifstream in(::homeward::testing::SourceDir() /
                   "engine/data/reference/destination-costs.json");
  const Json shipped = Json::parse(in);
  EXPECT_THAT(Schemas().Validate("destination-costs.replace.schema.json", shipped), IsOk());
  Json in_force = shipped;
  in_force["version"] = 0;
  in_force["created_by"] = "builtin";
  in_force["created_at"] = shipped["published"];
  EXPECT_THAT(Schemas().Validate("destination-costs.schema.json", in_force), IsOk());

  Json amount_as_value = shipped;
  amount_as_value["home"]["childcare_per_month"].erase("amount");
  amount_as_value["home"]["childcare_per_month"]["value"] = 1;
  EXPECT_THAT(Schemas().Validate("destination-costs.replace.schema.json", amount_as_value),
              StatusIs(StatusCode::kInvalidArgument));
  Json bad_code = shipped;
  bad_code["countries"][0]["country"] = "Thailand";
  EXPECT_THAT(Schemas().Validate("destination-costs.replace.schema.json", bad_code),
              StatusIs(StatusCode::kInvalidArgument));
}

model::RecordMeta Meta(std::string_view prefix) {
  return {NewId(prefix), "2026-11-28T13:44:32Z", "2026-11-28T13:44:32Z"};
}

model::Money Usd(double amount, model::MoneyPeriod period = model::MoneyPeriod::kMonth) {
  model::Money money;
  money.amount = amount;
  money.period = period;
  return money;
}

TEST(BuiltinSchemasTest, IndividualAsReturnedMatchesItsSchema) {
  model::Individual person;
  person.meta = Meta("ind");
  person.given_name = "សុខា";
  person.sex = model::Sex::kFemale;
  person.birth_date = *Date::Parse("2003-04-05");
  person.province = "KH-12";
  person.languages = {"km"};
  person.skills = {{"garment_sewing", 3}};
  person.desired_occupations = {"7533"};
  person.consent.given = true;
  person.consent.date = *Date::Parse("2026-11-01");
  person.consent.scope = {"matching"};
  person.vulnerability.factors = {{"debt", 12.5, "debt above two months of income"}};
  EXPECT_THAT(Schemas().Validate("individual.schema.json", Json(person)), IsOk());
  person.location = model::GeoPoint{11.55, 104.92};
  EXPECT_THAT(Schemas().Validate("individual.schema.json", Json(person)), IsOk());
  EXPECT_THAT(Schemas().Validate("individual.minimal.schema.json", model::MinimalView(person)),
              IsOk());
}

TEST(BuiltinSchemasTest, EmployerVacancyTrainingAsReturnedMatchTheirSchemas) {
  model::Employer employer;
  employer.meta = Meta("emp");
  employer.name = "Phnom Penh Garments";
  employer.province = "KH-12";
  employer.sector = "garment";
  EXPECT_THAT(Schemas().Validate("employer.schema.json", Json(employer)), IsOk());
  employer.registration_number = "CO-1234";
  employer.contact.email = "hr@example.com.kh";
  EXPECT_THAT(Schemas().Validate("employer.schema.json", Json(employer)), IsOk());

  model::Vacancy vacancy;
  vacancy.meta = Meta("vac");
  vacancy.employer_id = employer.meta.id;
  vacancy.title = "Sewing machine operator";
  vacancy.occupation = "7533";
  vacancy.province = "KH-12";
  vacancy.wage = Usd(250);
  vacancy.required_skills = {{"garment_sewing", 2}};
  vacancy.screening.flags = {
      {"long_hours", model::FlagSeverity::kReview, "60 hours a week", "ILO"}};
  EXPECT_THAT(Schemas().Validate("vacancy.schema.json", Json(vacancy)), IsOk());
  vacancy.review =
      model::ReviewDecision{"approve", "checked by phone", NewId("key"), "2026-11-28T14:00:00Z"};
  vacancy.starts_on = *Date::Parse("2027-01-04");
  EXPECT_THAT(Schemas().Validate("vacancy.schema.json", Json(vacancy)), IsOk());

  model::Training training;
  training.meta = Meta("trn");
  training.provider = "NTTI";
  training.title = "Electrical installation";
  training.province = "KH-12";
  training.stipend = Usd(2, model::MoneyPeriod::kDay);
  EXPECT_THAT(Schemas().Validate("training.schema.json", Json(training)), IsOk());
}

TEST(BuiltinSchemasTest, ProgrammeAsReturnedMatchesItsSchemaAndReadsBack) {
  model::Programme programme;
  programme.meta = Meta("prg");
  programme.kind = model::ProgrammeKind::kCashForWork;
  programme.provider = "Provincial Department of Rural Development";
  programme.title = "Canal repair";
  programme.province = "KH-14";
  programme.districts = {"Kamchay Mear"};
  programme.eligibility.min_age = 18;
  programme.eligibility.sexes = {model::Sex::kFemale, model::Sex::kMale};
  programme.eligibility.idpoor_levels = {1};
  programme.eligibility.max_monthly_income_per_head =
      model::Money{300000, "KHR", model::MoneyPeriod::kMonth};
  programme.support = model::Money{40000, "KHR", model::MoneyPeriod::kDay};
  programme.expected_income_gain =
      model::SourcedMoney{model::Money{600000, "KHR", model::MoneyPeriod::kMonth}, "A study"};
  const Json body = Json(programme);
  EXPECT_THAT(Schemas().Validate("programme.schema.json", body), IsOk()) << body.dump();
  auto back = model::ParseModel<model::Programme>(body);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(Json(*back), body);
  // Without the optional parts, as a bare POST makes it.
  model::Programme bare;
  bare.meta = Meta("prg");
  bare.provider = "P";
  bare.title = "T";
  bare.province = "KH-1";
  EXPECT_THAT(Schemas().Validate("programme.schema.json", Json(bare)), IsOk());
}

TEST(BuiltinSchemasTest, ReferralAllocationKeyAuditAsReturnedMatchTheirSchemas) {
  model::Referral referral;
  referral.meta = Meta("ref");
  referral.individual_id = NewId("ind");
  referral.opportunity_id = NewId("vac");
  referral.province = "KH-12";
  referral.employer_id = NewId("emp");
  referral.history = {{std::nullopt, model::ReferralStatus::kProposed, NewId("key"),
                       "2026-11-28T13:44:32Z", "", std::nullopt},
                      {model::ReferralStatus::kProposed, model::ReferralStatus::kRejected,
                       NewId("key"), "2026-11-29T09:00:00Z", "", std::string("distance")}};
  EXPECT_THAT(Schemas().Validate("referral.schema.json", Json(referral)), IsOk());

  model::Allocation allocation;
  allocation.meta = Meta("alc");
  allocation.province = "KH-12";
  allocation.assignments = {{NewId("ind"), NewId("trn"), 71.5}};
  allocation.unassigned = {{NewId("ind"), "no feasible opportunity"}};
  allocation.created_by = NewId("key");
  EXPECT_THAT(Schemas().Validate("allocation.schema.json", Json(allocation)), IsOk());

  model::ApiKey key;
  key.meta = Meta("key");
  key.role = model::Role::kOfficer;
  key.provinces = {"KH-12", "KH-7"};
  key.label = "Kampot desk";
  EXPECT_THAT(Schemas().Validate("api-key.schema.json", Json(key)), IsOk());
  Json created = key;
  created["key"] = RandomSecret();
  EXPECT_THAT(Schemas().Validate("api-key.created.schema.json", created), IsOk());

  model::AuditEntry entry{NewId("aud"),
                          "2026-11-28T13:44:32Z",
                          "system",
                          "individual.read",
                          NewId("ind"),
                          "allowed",
                          ""};
  EXPECT_THAT(Schemas().Validate("audit-entry.schema.json", Json(entry)), IsOk());
  entry.action = "individual.break_glass";
  entry.detail = "Medical emergency";
  EXPECT_THAT(Schemas().Validate("audit-entry.schema.json", Json(entry)), IsOk());
}

TEST(BuiltinSchemasTest, GoodRequestBodiesPass) {
  EXPECT_THAT(Schemas().Validate("individual.create.schema.json",
                                 {{"given_name", "Dara"},
                                  {"sex", "male"},
                                  {"birth_date", "2004-01-31"},
                                  {"province", "KH-2"},
                                  {"consent", {{"given", true}, {"scope", {"matching"}}}}}),
              IsOk());
  EXPECT_THAT(
      Schemas().Validate("vacancy.create.schema.json",
                         {{"title", "Rice harvest"},
                          {"occupation", "9211"},
                          {"province", "KH-2"},
                          {"wage", {{"amount", 10}, {"currency", "USD"}, {"period", "day"}}},
                          {"slots", 20},
                          {"hours_per_week", 40},
                          {"contract", "seasonal"}}),
      IsOk());
  EXPECT_THAT(Schemas().Validate("vacancy-review.create.schema.json",
                                 {{"decision", "block"}, {"note", "recruiter charges a fee"}}),
              IsOk());
  EXPECT_THAT(
      Schemas().Validate("allocation.create.schema.json", {{"province", "KH-2"}, {"kind", "all"}}),
      IsOk());
}

TEST(BuiltinSchemasTest, RefusingAReferralNeedsAReasonFromTheList) {
  const SchemaSet& set = Schemas();
  Status status = set.Validate("referral.patch.schema.json", {{"status", "rejected"}});
  ASSERT_THAT(status.errors(), ::testing::SizeIs(1));
  EXPECT_EQ(status.errors()[0].path, "/reason");
  EXPECT_EQ(status.errors()[0].message, "is required");
  EXPECT_THAT(set.Validate("referral.patch.schema.json",
                           {{"status", "rejected"}, {"reason", "wage_too_low"}}),
              IsOk());
  EXPECT_THAT(set.Validate("referral.patch.schema.json", {{"status", "left"}, {"reason", "other"}}),
              StatusIs(StatusCode::kInvalidArgument));  // "other" needs a note
  EXPECT_THAT(set.Validate("referral.patch.schema.json", {{"follow_up_on", nullptr}}), IsOk());
}

TEST(BuiltinSchemasTest, PatchNeedsAFieldAndRefusesReadOnlyOnes) {
  EXPECT_THAT(Schemas().Validate("individual.patch.schema.json", Json::object()),
              StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(Schemas().Validate("individual.patch.schema.json", {{"vulnerability", {}}}),
              StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(Schemas().Validate("employer.patch.schema.json", {{"verified", true}}),
              StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(Schemas().Validate("employer.admin-patch.schema.json", {{"verified", true}}), IsOk());
  EXPECT_THAT(Schemas().Validate("vacancy-review.create.schema.json",
                                 {{"decision", "approve"}, {"note", "   "}}),
              StatusIs(StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace homeward::json
