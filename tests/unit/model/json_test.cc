#include "homeward/model/json.h"

#include <gtest/gtest.h>

#include "status_matchers.h"

namespace homeward::model {
namespace {

using homeward::testing::StatusIs;

TEST(ModelJsonTest, IndividualRoundTripsKhmerByteForByte) {
  const std::string khmer = "សុខ ចាន់ដារ៉ា";
  Json in = {
      {"given_name", khmer},
      {"family_name", "ចាន់"},
      {"sex", "female"},
      {"birth_date", "2001-04-13"},
      {"province", "KH-14"},
      {"languages", {"km"}},
      {"education", "lower_secondary"},
      {"skills", {{{"code", "sewing_machine_operation"}, {"level", 3}}}},
      {"household", {{"size", 5}, {"dependents", 3}, {"monthly_income", 120}, {"debt", 800}}},
      {"consent", {{"given", true}, {"date", "2026-11-01"}, {"scope", {"matching"}}}}};
  ASSERT_OK_AND_ASSIGN(Individual person, ParseModel<Individual>(in));
  EXPECT_EQ(person.given_name, khmer);
  EXPECT_EQ(person.education, Education::kLowerSecondary);
  EXPECT_TRUE(person.ConsentsToMatching());
  Json out = person;
  EXPECT_EQ(out["given_name"].get<std::string>(), khmer);
  EXPECT_EQ(out.dump(), Json(out.get<Individual>()).dump());
}

TEST(ModelJsonTest, VulnerabilityFactorsOfThePersonRoundTrip) {
  Json in = {{"given_name", "Dara"},
             {"birth_date", "1990-02-01"},
             {"province", "KH-1"},
             {"idpoor_level", 2},
             {"disability", true},
             {"female_headed_household", true},
             {"household", {{"size", 4}, {"members_abroad", 2}}}};
  ASSERT_OK_AND_ASSIGN(Individual person, ParseModel<Individual>(in));
  EXPECT_EQ(person.idpoor_level, 2);
  EXPECT_TRUE(person.disability);
  EXPECT_TRUE(person.female_headed_household);
  EXPECT_EQ(person.household.members_abroad, 2);
  Json out = person;
  EXPECT_EQ(out["idpoor_level"], 2);
  EXPECT_EQ(out["household"]["members_abroad"], 2);
  // Absent: no Equity Card, no disability recorded, none abroad.
  ASSERT_OK_AND_ASSIGN(Individual plain, ParseModel<Individual>(Json{{"given_name", "Dara"},
                                                                     {"birth_date", "1990-02-01"},
                                                                     {"province", "KH-1"}}));
  EXPECT_FALSE(plain.idpoor_level.has_value());
  EXPECT_TRUE(Json(plain)["idpoor_level"].is_null());
  EXPECT_EQ(plain.household.members_abroad, 0);
}

// A plugin's rules are sent only the vacancy's members they read, written apart from the rest:
// each must come out as the whole document has it, and together they must make the whole.
TEST(ModelJsonTest, VacancyMembersAreWrittenAsTheWholeVacancyWritesThem) {
  Vacancy v;
  v.meta = {"vac_1", "2026-11-01T08:00:00Z", "2026-11-02T08:00:00Z"};
  v.employer_id = "emp_1";
  v.title = "ជាងកាត់ដេរ";
  v.description = "Sewing line, Prey Veng";
  v.occupation = "7533";
  v.sector = "garment";
  v.province = "KH-14";
  v.district = "KH-1401";
  v.location = GeoPoint{11.48, 105.32};
  v.wage = {40000, "KHR", MoneyPeriod::kDay};
  v.required_skills = {{"sewing_machine_operation", 2}};
  v.languages = {"km"};
  v.benefits = {"transport"};
  v.worker_fees = {10, "USD"};
  v.starts_on = Date::Parse("2026-12-01").value();
  v.closes_on = Date::Parse("2026-12-31").value();
  v.screening.flags.push_back(
      {"long_hours", FlagSeverity::kReview, "64 hours a week", "ILO: excessive overtime"});
  v.review = ReviewDecision{"approve", "checked", "key_1", "2026-11-03T08:00:00Z"};
  const Json whole = v;
  Json together = Json::object();
  for (const auto& [name, value] : whole.items()) {
    Json part;
    VacancyMembersToJson(part, v, {name});
    EXPECT_EQ(part, Json({{name, value}})) << name;
    VacancyMembersToJson(part, v, {name + ".inner"});
    EXPECT_EQ(part, Json({{name, value}})) << name << ".inner names its outer member";
    together.update(part);
  }
  EXPECT_EQ(together.dump(), whole.dump());
  Json none;
  VacancyMembersToJson(none, v, {"no_such_member", "wages"});
  EXPECT_EQ(none, Json::object());
}

TEST(ModelJsonTest, UnknownEnumValueIsInvalidArgument) {
  Json in = {{"given_name", "A"}, {"birth_date", "2001-04-13"}, {"province", "KH-1"}, {"sex", "x"}};
  EXPECT_THAT(ParseModel<Individual>(in), StatusIs(StatusCode::kInvalidArgument));
}

TEST(ModelJsonTest, MoneyConvertsToMonthly) {
  Money daily{10, "USD", MoneyPeriod::kDay};
  EXPECT_NEAR(daily.Monthly(48), 10 * 6 * 52.0 / 12.0, 1e-9);
  Money hourly{1.5, "USD", MoneyPeriod::kHour};
  EXPECT_NEAR(hourly.Monthly(40), 1.5 * 40 * 52.0 / 12.0, 1e-9);
}

TEST(ModelJsonTest, MedianWageWalksUpTheIscoHierarchy) {
  MarketData m;
  m.median_wages = {{"75", 220.0}, {"8153", 210.0}};
  EXPECT_EQ(m.MedianWageFor("8153"), 210.0);
  EXPECT_EQ(m.MedianWageFor("7533"), 220.0);
  EXPECT_FALSE(m.MedianWageFor("9313"));
}

}  // namespace
}  // namespace homeward::model
