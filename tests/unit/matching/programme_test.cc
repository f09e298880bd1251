// Programme eligibility and scoring (docs/matching.md, "Programmes") on hand-computed examples.
// The weights are those of engine/data/reference/programme-scoring.json: need 0.30, fit 0.20,
// distance 0.15, income gain 0.25, capacity 0.10.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "fake_policy.h"
#include "fixtures.h"
#include "homeward/matching/match.h"
#include "homeward/matching/match_index.h"

namespace homeward::matching {
namespace {

using ::homeward::testing::FakePolicies;
using ::homeward::testing::FakePolicy;
using ::testing::DoubleNear;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::kToday;
using testing::Sokha;

// Seeds and fertiliser for the whole of Phnom Penh, 5 of 20 places left, $30 a month more.
model::Programme Inputs() {
  model::Programme p;
  p.meta.id = "prg_inputs";
  p.kind = model::ProgrammeKind::kAgriculturalInputs;
  p.provider = "Provincial Department of Agriculture";
  p.title = "Seeds and fertiliser";
  p.province = "KH-12";
  p.seats = 20;
  p.seats_filled = 15;
  p.expected_income_gain = model::SourcedMoney{model::UsdPerMonth(30), "Provider's monitoring"};
  return p;
}

std::vector<std::string> Codes(const std::vector<Exclusion>& exclusions) {
  std::vector<std::string> codes;
  for (const Exclusion& e : exclusions) codes.push_back(e.code);
  return codes;
}

std::vector<double> Scores(const Match& m) {
  std::vector<double> scores;
  for (const Component& c : m.components) scores.push_back(c.score);
  return scores;
}

TEST(ProgrammeScoreTest, HandComputedComponents) {
  FakePolicy policy("KH-12");  // poverty line $60 a head
  model::Individual person = Sokha();
  person.vulnerability.score = 50;
  person.idpoor_level = 1;
  const Match m = ScoreProgramme(person, Inputs(), policy);
  EXPECT_EQ(m.kind, model::OpportunityKind::kProgramme);
  // Need: 0.7 * 50 + 0.3 * 100 (IDPoor level 1) = 65.
  // Fit: she wants ISCO 7533 (no digit shared with 6111/6121/6122) and has no farming skill:
  //   0.6 * 0 + 0.4 * 30 = 12.
  // Distance: the whole province, her district; no coordinates for the programme: 100.
  // Income gain: shortfall 4 x $60 - $200 = $40; $30 / $40 = 75.
  // Capacity: 5 places left of the 10 that make a full score: 50.
  ASSERT_EQ(m.components.size(), 5u);
  EXPECT_EQ(m.components[0].name, "need");
  EXPECT_EQ(m.components[1].name, "fit");
  EXPECT_EQ(m.components[2].name, "distance");
  EXPECT_EQ(m.components[3].name, "income_gain");
  EXPECT_EQ(m.components[4].name, "capacity");
  EXPECT_THAT(Scores(m), ElementsAre(65, 12, 100, 75, 50));
  std::vector<double> weights;
  for (const Component& c : m.components) weights.push_back(c.weight);
  EXPECT_THAT(weights, ElementsAre(0.3, 0.2, 0.15, 0.25, 0.1));
  // 0.3*65 + 0.2*12 + 0.15*100 + 0.25*75 + 0.1*50 = 19.5 + 2.4 + 15 + 18.75 + 5 = 60.65.
  EXPECT_THAT(m.score, DoubleNear(60.65, 1e-9));
  EXPECT_THAT(m.components[0].reason, HasSubstr("IDPoor level 1"));
  EXPECT_THAT(m.components[3].reason,
              HasSubstr("Adds about $30 a month against a household shortfall of $40"));
  EXPECT_EQ(m.components[4].reason, "5 of 20 places left");
}

TEST(ProgrammeScoreTest, WishesSkillsAnotherDistrictAndNoShortfall) {
  FakePolicy policy("KH-12");
  model::Individual person = Sokha();
  person.vulnerability.score = 40;
  person.idpoor_level = 2;
  person.desired_occupations = {"6111"};
  person.skills.push_back({"vegetable_growing", 2});
  person.household.monthly_income = model::UsdPerMonth(300);  // above 4 x $60
  model::Programme p = Inputs();
  p.districts = {"Doun Penh"};
  p.seats_filled = 0;
  const Match m = ScoreProgramme(person, p, policy);
  // Need 0.7*40 + 0.3*50 = 43; fit 0.6*100 + 0.4*100 = 100; another district of her province 70;
  // no shortfall 20; 20 places left 100.
  EXPECT_THAT(Scores(m), ElementsAre(43, 100, 70, 20, 100));
  // 12.9 + 20 + 10.5 + 5 + 10 = 58.4.
  EXPECT_THAT(m.score, DoubleNear(58.4, 1e-9));
  EXPECT_THAT(m.components[1].reason, HasSubstr("builds on the skill 'vegetable_growing'"));
}

TEST(ProgrammeScoreTest, GainInRielIsConvertedAndAMissingGainScoresNothing) {
  FakePolicy policy("KH-12");
  model::Individual person = Sokha();
  model::Programme riel = Inputs();
  // 120,600 riel at the shipped 4,020 riel to the dollar is $30: the same 75.
  riel.expected_income_gain->money = model::Money{120600, "KHR", model::MoneyPeriod::kMonth};
  EXPECT_THAT(ScoreProgramme(person, riel, policy).components[3].score, DoubleNear(75, 1e-9));
  model::Programme unstated = Inputs();
  unstated.expected_income_gain.reset();
  const Match m = ScoreProgramme(person, unstated, policy);
  EXPECT_EQ(m.components[3].score, 0);
  EXPECT_EQ(m.components[3].reason, "The programme states no expected income gain");
}

TEST(ProgrammeEligibilityTest, AnEligiblePersonHasNoExclusion) {
  model::Individual person = Sokha();  // female, 26, survivor, $50 a head
  person.idpoor_level = 1;
  model::Programme p = Inputs();
  p.eligibility.min_age = 18;
  p.eligibility.max_age = 35;
  p.eligibility.sexes = {model::Sex::kFemale};
  p.eligibility.idpoor_levels = {1, 2};
  // Exactly her income per head is still admitted.
  p.eligibility.max_monthly_income_per_head = model::UsdPerMonth(50);
  p.eligibility.survivors_only = true;
  p.districts = {person.district};
  EXPECT_THAT(ProgrammeExclusions(person, p, kToday), IsEmpty());
  EXPECT_FALSE(CheckProgramme(person, p, kToday).has_value());
}

TEST(ProgrammeEligibilityTest, EveryFailedRuleIsReportedInOrder) {
  model::Individual person = Sokha();
  person.survivor = false;
  model::Programme p = Inputs();
  p.seats_filled = p.seats;
  p.ends_on = Date{2026, 11, 1};
  p.districts = {"Doun Penh"};
  p.eligibility.min_age = 30;
  p.eligibility.sexes = {model::Sex::kMale};
  p.eligibility.idpoor_levels = {1};
  // 40,000 riel is about $9.95 a head; she has $50.
  p.eligibility.max_monthly_income_per_head =
      model::Money{40000, "KHR", model::MoneyPeriod::kMonth};
  p.eligibility.survivors_only = true;
  const std::vector<Exclusion> all = ProgrammeExclusions(person, p, kToday);
  EXPECT_THAT(Codes(all), ElementsAre("no_places_left", "programme_ended", "outside_programme_area",
                                      "below_programme_min_age", "sex_not_eligible",
                                      "idpoor_level_not_eligible", "income_per_head_too_high",
                                      "survivors_only"));
  EXPECT_EQ(all[4 - 1].reason, "Aged 26, below the programme's minimum age of 30");
  EXPECT_THAT(all[6].reason, HasSubstr("$50.00 a month, above the programme's ceiling of $9.95"));
  EXPECT_EQ(CheckProgramme(person, p, kToday)->code, "no_places_left");

  model::Programme old = Inputs();
  old.eligibility.max_age = 25;
  EXPECT_THAT(Codes(ProgrammeExclusions(person, old, kToday)),
              ElementsAre("above_programme_max_age"));
  // A level the programme does not take is named as such.
  person.idpoor_level = 2;
  model::Programme level1 = Inputs();
  level1.eligibility.idpoor_levels = {1};
  const std::vector<Exclusion> level = ProgrammeExclusions(person, level1, kToday);
  ASSERT_EQ(level.size(), 1u);
  EXPECT_EQ(level[0].reason, "IDPoor level 2 is not among the levels the programme takes");
}

TEST(ProgrammeEligibilityTest, AProgrammeWithAPlaceIsReachedByDistance) {
  model::Individual person = Sokha();  // within 10 km of 11.55, 104.92
  model::Programme p = Inputs();
  p.location = model::GeoPoint{11.56, 104.93};
  EXPECT_THAT(ProgrammeExclusions(person, p, kToday), IsEmpty());
  p.location = model::GeoPoint{12.0, 105.5};
  EXPECT_THAT(Codes(ProgrammeExclusions(person, p, kToday)), ElementsAre("beyond_commute"));
}

// A province whose policy puts agricultural inputs first (+5), as a plugin may.
class FarmFirst : public FakePolicy {
 public:
  FarmFirst() : FakePolicy("KH-12") {}
  std::vector<policy::RuleEffect> ProgrammeRules(const model::Individual&,
                                                 const model::Programme& p,
                                                 const Date&) const override {
    if (p.kind != model::ProgrammeKind::kAgriculturalInputs) return {};
    return {{"farm-first", "farm-first", 5, "inputs first"}};
  }
};

TEST(ProgrammeIndexTest, TheProvincesProgrammeRulesMoveTheScore) {
  FakePolicies policies(std::make_shared<FarmFirst>());
  MatchIndex index;
  model::Individual person = Sokha();
  index.UpsertIndividual(person);
  index.UpsertProgramme(Inputs());
  auto found = index.TopOpportunities("ind_sokha", Kind::kProgramme, 10, policies, kToday);
  ASSERT_TRUE(found.ok()) << found.status();
  ASSERT_EQ(found->size(), 1u);
  const Match& m = (*found)[0];
  ASSERT_EQ(m.rules.size(), 1u);
  EXPECT_EQ(m.rules[0].rule, "farm-first");
  EXPECT_THAT(m.score, DoubleNear(m.base_score + 5, 0.01));
}

TEST(ProgrammeIndexTest, KindProgrammeListsOnlyEligibleProgrammesAndAllIncludesThem) {
  FakePolicies policies;
  MatchIndex index;
  model::Individual person = Sokha();
  person.meta.id = "ind_sokha";
  person.idpoor_level = 1;
  index.UpsertIndividual(person);
  index.UpsertProgramme(Inputs());
  model::Programme men = Inputs();
  men.meta.id = "prg_men";
  men.eligibility.sexes = {model::Sex::kMale};
  index.UpsertProgramme(men);
  auto found = index.TopOpportunities("ind_sokha", Kind::kProgramme, 10, policies, kToday);
  ASSERT_TRUE(found.ok()) << found.status();
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].opportunity_id, "prg_inputs");
  auto all = index.TopOpportunities("ind_sokha", Kind::kAll, 10, policies, kToday);
  ASSERT_TRUE(all.ok()) << all.status();
  bool listed = false;
  for (const Match& m : *all) listed |= m.opportunity_id == "prg_inputs";
  EXPECT_TRUE(listed);
  auto jobs = index.TopOpportunities("ind_sokha", Kind::kJob, 10, policies, kToday);
  ASSERT_TRUE(jobs.ok());
  EXPECT_THAT(*jobs, IsEmpty());
  // Gone from the index, gone from the list; the index keeps what eligibility reads.
  EXPECT_EQ(index.FindIndividual("ind_sokha")->idpoor_level, 1);
  index.RemoveProgramme("prg_inputs");
  EXPECT_EQ(index.programme_count(), 1u);
  EXPECT_THAT(*index.TopOpportunities("ind_sokha", Kind::kProgramme, 10, policies, kToday),
              IsEmpty());
}

}  // namespace
}  // namespace homeward::matching
