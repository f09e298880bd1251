#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "fake_policy.h"
#include "fixtures.h"
#include "homeward/matching/match.h"

namespace homeward::matching {
namespace {

using ::homeward::testing::FakePolicies;
using ::homeward::testing::FakePolicy;
using ::testing::DoubleNear;
using ::testing::ElementsAre;
using ::testing::Field;
using testing::GarmentJob;
using testing::kToday;
using testing::LiteracyCourse;
using testing::Sokha;

const Component& Named(const Match& m, const std::string& name) {
  for (const Component& c : m.components) {
    if (c.name == name) return c;
  }
  ADD_FAILURE() << "no component " << name;
  return m.components.front();
}

TEST(AssessTest, HandComputedFactors) {
  FakePolicy policy("KH-12");
  const model::Vulnerability v = Assess(Sokha(), policy, kToday);
  // Income: $50 a head against $60: 25 * (1.5 - 50/60) = 16.67. Debt $600 against $2400 a year:
  // 15 * 0.25 = 3.75. Two dependents: 10 * 2/4 = 5. Survivor: 20. Primary education:
  // 10 * 0.75 = 7.5. Aged 26: 10 * 0.4 = 4.
  EXPECT_THAT(v.factors,
              ElementsAre(Field(&model::VulnerabilityFactor::points, DoubleNear(16.67, 0.01)),
                          Field(&model::VulnerabilityFactor::points, 3.75),
                          Field(&model::VulnerabilityFactor::points, 5),
                          Field(&model::VulnerabilityFactor::points, 20),
                          Field(&model::VulnerabilityFactor::points, 7.5),
                          Field(&model::VulnerabilityFactor::points, 4)));
  EXPECT_EQ(v.factors[3].name, "survivor");
  EXPECT_DOUBLE_EQ(v.score, 56.92);
}

// Each of the later factors (docs/matching.md) on its own, beside Sokha's 56.92.
double Extra(const model::Individual& person, const policy::ProvincePolicy& policy,
             const std::string& factor) {
  for (const model::VulnerabilityFactor& f : Assess(person, policy, kToday).factors) {
    if (f.name == factor) return f.points;
  }
  return 0;
}

TEST(AssessTest, IdPoorDisabilityWomanHeadedHouseholdAndMembersAbroad) {
  FakePolicy policy("KH-12");
  model::Individual person = Sokha();
  EXPECT_EQ(Extra(person, policy, "idpoor"), 0);
  person.idpoor_level = 1;
  EXPECT_EQ(Extra(person, policy, "idpoor"), 20);
  EXPECT_DOUBLE_EQ(Assess(person, policy, kToday).score, 76.92);
  person.idpoor_level = 2;
  EXPECT_EQ(Extra(person, policy, "idpoor"), 10);  // half for "poor"
  person.idpoor_level = 3;                         // no such level: ignored
  EXPECT_EQ(Extra(person, policy, "idpoor"), 0);
  person.idpoor_level.reset();

  person.disability = true;
  EXPECT_EQ(Extra(person, policy, "disability"), 10);
  person.disability = false;
  person.female_headed_household = true;
  EXPECT_EQ(Extra(person, policy, "female_headed_household"), 10);
  person.female_headed_household = false;

  person.household.members_abroad = 1;
  EXPECT_EQ(Extra(person, policy, "members_abroad"), 5);
  person.household.members_abroad = 4;
  EXPECT_EQ(Extra(person, policy, "members_abroad"), 10);

  // Every factor at once stays within 100; a province may weigh one differently.
  person.idpoor_level = 1;
  person.disability = true;
  person.female_headed_household = true;
  EXPECT_DOUBLE_EQ(Assess(person, policy, kToday).score, 100);
  policy::VulnerabilityWeights w;
  w.idpoor = 5;
  policy.set_vulnerability(w);
  EXPECT_EQ(Extra(person, policy, "idpoor"), 5);
}

TEST(AssessTest, ProvinceWeightsOverrideAndScoreIsCapped) {
  FakePolicy policy("KH-12");
  policy::VulnerabilityWeights w;
  w.survivor = 90;
  w.income = 40;
  policy.set_vulnerability(w);
  EXPECT_DOUBLE_EQ(Assess(Sokha(), policy, kToday).score, 100);
}

TEST(ScoreJobTest, HandComputedComponents) {
  FakePolicy policy("KH-12");
  const Match m = ScoreJob(Sokha(), GarmentJob(), policy, kToday);
  // Skills: sewing met, literacy missing -> (1 + 0) / 2.
  EXPECT_DOUBLE_EQ(Named(m, "skills").score, 50);
  EXPECT_EQ(Named(m, "skills").reason, "Meets 1 of 2 required skill levels");
  EXPECT_DOUBLE_EQ(Named(m, "occupation").score, 100);
  EXPECT_DOUBLE_EQ(Named(m, "distance").score, 100);
  // Target max(living wage 250, 4 * 60 - 200) = 250; $200 pays 80%.
  EXPECT_DOUBLE_EQ(Named(m, "wage").score, 80);
  // December garment demand 1.5 -> 75.
  EXPECT_DOUBLE_EQ(Named(m, "market").score, 75);
  EXPECT_DOUBLE_EQ(Named(m, "preferences").score, 100);
  EXPECT_DOUBLE_EQ(Named(m, "skills").weight, 0.3);
  // 0.3*50 + 0.2*100 + 0.15*100 + 0.15*80 + 0.1*75 + 0.1*100
  EXPECT_DOUBLE_EQ(m.score, 79.5);
}

TEST(ScoreJobTest, HousingCountsLikeTransportForAJobFarFromHome) {
  FakePolicy policy("KH-12");
  model::Individual p = Sokha();
  p.household.dependents = 0;
  model::Vacancy v = GarmentJob();
  v.location = model::GeoPoint{13.36, 103.86};  // far from home: transport or housing needed
  v.benefits = {};
  const double without = Named(ScoreJob(p, v, policy, kToday), "preferences").score;
  v.benefits = {"transport"};
  const double transport = Named(ScoreJob(p, v, policy, kToday), "preferences").score;
  v.benefits = {"housing"};
  const double housing = Named(ScoreJob(p, v, policy, kToday), "preferences").score;
  EXPECT_GT(transport, without);
  EXPECT_DOUBLE_EQ(housing, transport);
}

TEST(ScoreJobTest, PartialOccupationCreditAlongTheIscoHierarchy) {
  FakePolicy policy("KH-12");
  model::Vacancy v = GarmentJob();
  v.occupation = "7531";  // tailors: shares 753
  EXPECT_DOUBLE_EQ(Named(ScoreJob(Sokha(), v, policy, kToday), "occupation").score, 75);
  v.occupation = "9329";
  EXPECT_DOUBLE_EQ(Named(ScoreJob(Sokha(), v, policy, kToday), "occupation").score, 0);
}

TEST(ScoreJobTest, StayLocalThenProvinceThenElsewhereAndAbroadPenalised) {
  FakePolicy policy("KH-12");
  model::Individual p = Sokha();
  p.location.reset();
  model::Vacancy v = GarmentJob();
  v.location.reset();
  EXPECT_DOUBLE_EQ(Named(ScoreJob(p, v, policy, kToday), "distance").score, 100);
  v.district = "ដង្កោ";
  EXPECT_DOUBLE_EQ(Named(ScoreJob(p, v, policy, kToday), "distance").score, 70);
  v.province = "KH-8";
  EXPECT_DOUBLE_EQ(Named(ScoreJob(p, v, policy, kToday), "distance").score, 40);
  v.work_abroad = true;
  EXPECT_DOUBLE_EQ(Named(ScoreJob(p, v, policy, kToday), "distance").score, 0);
}

TEST(ScoreJobTest, ProvinceWeightsApply) {
  FakePolicy policy("KH-12");
  policy::MatchWeights w{};
  w.skills = 1;
  w.occupation = w.distance = w.wage = w.market = w.preferences = 0;
  policy.set_weights(w);
  EXPECT_DOUBLE_EQ(ScoreJob(Sokha(), GarmentJob(), policy, kToday).score, 50);
}

TEST(ApplyRulesTest, RulesAreBoundedAndReported) {
  FakePolicy policy("KH-12");
  Match m = ScoreJob(Sokha(), GarmentJob(), policy, kToday);
  ApplyRules({{"phnom-penh", "ក្បួនធំ", 40, "ពិន្ទុបន្ថែម"}, {"phnom-penh", "zero", 0, ""}}, m);
  ASSERT_EQ(m.rules.size(), 1u);
  EXPECT_DOUBLE_EQ(m.rules[0].points, policy::kMaxRulePoints);
  EXPECT_DOUBLE_EQ(m.score, 94.5);
  // Rules together move a score by at most kMaxRulePoints: a further bonus has no room left.
  ApplyRules({{"phnom-penh", "again", 10, ""}}, m);
  EXPECT_EQ(m.rules.size(), 1u);
  EXPECT_DOUBLE_EQ(m.score, 94.5);
}

TEST(ApplyRulesTest, RulesAreCappedTogetherInOrder) {
  std::vector<policy::RuleEffect> effects = {{"p", "a", 10, ""},
                                             {"p", "b", 10, ""},
                                             {"p", "c", -40, ""},
                                             {"p", "d", -15, ""},
                                             {"p", "e", 3.333, ""}};
  EXPECT_NEAR(CapRuleEffects(effects), -11.67, 1e-9);
  EXPECT_DOUBLE_EQ(effects[0].points, 10);
  EXPECT_DOUBLE_EQ(effects[1].points, 5);    // the total reached +15
  EXPECT_DOUBLE_EQ(effects[2].points, -15);  // each effect at most 15 points
  EXPECT_DOUBLE_EQ(effects[3].points, -15);  // down to -15 in all
  EXPECT_NEAR(effects[4].points, 3.33, 1e-9);
  std::vector<policy::RuleEffect> again = effects;
  EXPECT_NEAR(CapRuleEffects(again), -11.67, 1e-9);  // idempotent
  EXPECT_DOUBLE_EQ(again[1].points, 5);
}

TEST(ApplyRulesTest, EffectsAreCappedToARange) {
  std::vector<policy::RuleEffect> effects = {
      {"p", "a", -9, ""}, {"p", "b", 8, ""}, {"p", "c", 8, ""}, {"p", "d", 8, ""}};
  EXPECT_NEAR(CapRuleEffects(effects, {-5, 12}), 12, 1e-9);
  EXPECT_DOUBLE_EQ(effects[0].points, -5);  // the total at least -5
  EXPECT_DOUBLE_EQ(effects[2].points, 8);
  EXPECT_DOUBLE_EQ(effects[3].points, 1);  // the total reached 12
}

// Each province's rules are cut to the range its policy declares before the person's home
// province's are added: together they stay within the sum of the two (policy::PairRuleRange).
TEST(ApplyRulesTest, EachProvincesRulesAreCutToTheRangeItDeclares) {
  FakePolicies policies;
  policies.Get("KH-12")->set_rule_points({-5, 12});
  policies.Get("KH-12")->set_job_rule([](const model::Individual&, const model::Vacancy&) {
    return std::vector<policy::RuleEffect>{{"pp", "a", 10, ""}, {"pp", "b", 10, ""}};
  });
  policies.Get("KH-12")->set_training_rule([](const model::Individual&, const model::Training&) {
    return std::vector<policy::RuleEffect>{{"pp", "c", -8, ""}};
  });
  policies.Get("KH-8")->set_rule_points({0, 2});
  policies.Get("KH-8")->set_job_rule([](const model::Individual&, const model::Vacancy&) {
    return std::vector<policy::RuleEffect>{{"kandal", "d", 5, ""}};
  });
  policies.Get("KH-8")->set_training_rule([](const model::Individual&, const model::Training&) {
    return std::vector<policy::RuleEffect>{{"kandal", "e", -1, ""}};
  });
  model::Individual person = Sokha();
  person.province = "KH-8";
  const auto pp = policies.ForProvince("KH-12");
  EXPECT_THAT(
      JobRulesFor(person, GarmentJob(), *pp, policies, kToday),
      ElementsAre(Field(&policy::RuleEffect::points, 10), Field(&policy::RuleEffect::points, 2),
                  Field(&policy::RuleEffect::points, 2)));
  EXPECT_THAT(
      TrainingRulesFor(person, LiteracyCourse(), *pp, policies, kToday),
      ElementsAre(Field(&policy::RuleEffect::points, -5), Field(&policy::RuleEffect::points, 0)));
  const policy::RuleRange pair =
      policy::PairRuleRange(*pp, policies.ForProvince("KH-8").get(), person, kToday);
  EXPECT_DOUBLE_EQ(pair.least, -5);
  EXPECT_DOUBLE_EQ(pair.most, 14);
  EXPECT_DOUBLE_EQ(policy::PairRuleRange(*pp, pp.get(), person, kToday).most, 12);
  EXPECT_DOUBLE_EQ(policy::PairRuleRange(*pp, nullptr, person, kToday).least, -5);
  // A narrower range for this person (RulePointsFor) is the one their effects are cut to.
  policies.Get("KH-12")->set_rule_points_for([](const model::Individual&) {
    return policy::RuleRange{-2, 6};
  });
  EXPECT_THAT(
      JobRulesFor(person, GarmentJob(), *pp, policies, kToday),
      ElementsAre(Field(&policy::RuleEffect::points, 6), Field(&policy::RuleEffect::points, 0),
                  Field(&policy::RuleEffect::points, 2)));
  EXPECT_THAT(
      TrainingRulesFor(person, LiteracyCourse(), *pp, policies, kToday),
      ElementsAre(Field(&policy::RuleEffect::points, -2), Field(&policy::RuleEffect::points, 0)));
  EXPECT_DOUBLE_EQ(
      policy::PairRuleRange(*pp, policies.ForProvince("KH-8").get(), person, kToday).most, 8);
}

// The guardian's consent a person aged 15-17 needs before any matching.
model::Guardian Mother() {
  return model::Guardian{"Chan Dara", "mother", Date{2026, 1, 1}};
}

struct ExclusionCase {
  const char* code;
  std::function<void(model::Individual&, model::Vacancy&)> change;
};

TEST(CheckJobTest, EachFilterExcludesWithItsReason) {
  const std::vector<ExclusionCase> cases = {
      {"no_consent", [](auto& p, auto&) { p.consent.given = false; }},
      {"no_consent", [](auto& p, auto&) { p.consent.scope = {"referral"}; }},
      {"no_guardian_consent",
       [](auto& p, auto&) {
         p.birth_date = Date{2010, 1, 1};
       }},
      {"person_not_active", [](auto& p, auto&) { p.status = model::IndividualStatus::kPlaced; }},
      {"under_minimum_age",
       [](auto& p, auto&) {
         p.birth_date = Date{2012, 1, 1};
         p.consent.guardian = Mother();
       }},
      {"under_minimum_age",
       [](auto& p, auto& v) {
         p.birth_date = Date{2010, 1, 1};
         p.consent.guardian = Mother();
         v.min_age = 18;
       }},
      {"hazardous_under_18",
       [](auto& p, auto& v) {
         p.birth_date = Date{2010, 1, 1};
         p.consent.guardian = Mother();
         v.min_age = 15;
         v.occupation = "7112";
       }},
      {"vacancy_not_open", [](auto&, auto& v) { v.status = model::VacancyStatus::kFilled; }},
      {"screening_not_clear",
       [](auto&, auto& v) { v.screening.status = model::ScreeningStatus::kReview; }},
      {"no_slots_left", [](auto&, auto& v) { v.slots_filled = 2; }},
      {"vacancy_closed",
       [](auto&, auto& v) {
         v.closes_on = Date{2026, 11, 27};
       }},
      {"beyond_commute",
       [](auto&, auto& v) {
         v.location = model::GeoPoint{13.36, 103.86};
       }},
      {"beyond_commute",
       [](auto&, auto& v) {
         v.location.reset();
         v.district = "ដង្កោ";
       }},
      {"language_missing",
       [](auto&, auto& v) {
         v.languages = {"km", "th"};
       }},
  };
  ASSERT_FALSE(CheckJob(Sokha(), GarmentJob(), kToday).has_value());
  for (const ExclusionCase& c : cases) {
    model::Individual p = Sokha();
    model::Vacancy v = GarmentJob();
    c.change(p, v);
    const auto exclusion = CheckJob(p, v, kToday);
    ASSERT_TRUE(exclusion.has_value()) << c.code;
    EXPECT_EQ(exclusion->code, c.code);
    EXPECT_FALSE(exclusion->reason.empty());
  }
}

TEST(CheckJobTest, FifteenYearOldsMayTakeLightWorkAndAbroadIsNotACommute) {
  model::Individual p = Sokha();
  p.birth_date = Date{2011, 6, 1};
  model::Vacancy v = GarmentJob();
  v.min_age = 15;
  EXPECT_EQ(CheckJob(p, v, kToday)->code, "no_guardian_consent");
  p.consent.guardian = Mother();
  EXPECT_FALSE(CheckJob(p, v, kToday).has_value());
  v = GarmentJob();
  v.location = model::GeoPoint{13.75, 100.5};  // Bangkok
  v.work_abroad = true;
  EXPECT_FALSE(CheckJob(Sokha(), v, kToday).has_value());
}

TEST(CheckTrainingTest, EachFilterExcludesWithItsReason) {
  EXPECT_FALSE(CheckTraining(Sokha(), LiteracyCourse(), kToday).has_value());
  model::Training t = LiteracyCourse();
  t.seats_filled = 20;
  EXPECT_EQ(CheckTraining(Sokha(), t, kToday)->code, "no_seats_left");
  t = LiteracyCourse();
  t.starts_on = Date{2026, 10, 1};
  t.ends_on = Date{2026, 11, 1};
  EXPECT_EQ(CheckTraining(Sokha(), t, kToday)->code, "training_ended");
  t.ends_on = Date{2027, 1, 1};
  EXPECT_EQ(CheckTraining(Sokha(), t, kToday)->code, "training_started");
  t = LiteracyCourse();
  t.location = model::GeoPoint{13.36, 103.86};
  EXPECT_EQ(CheckTraining(Sokha(), t, kToday)->code, "beyond_commute");
}

TEST(ScoreTrainingTest, HandComputedGapClosure) {
  FakePolicy policy("KH-12");
  const SkillGap gap = {{"khmer_literacy", 3}, {"numeracy", 1}};
  const Match m = ScoreTraining(Sokha(), LiteracyCourse(), gap, policy, kToday);
  EXPECT_DOUBLE_EQ(Named(m, "skill_gap").score, 75);  // closes 3 of 4
  EXPECT_THAT(m.closes_skills, ElementsAre("khmer_literacy"));
  EXPECT_DOUBLE_EQ(Named(m, "occupation").score, 100);
  EXPECT_DOUBLE_EQ(Named(m, "cost").score, 100);      // free, with a stipend
  EXPECT_DOUBLE_EQ(Named(m, "schedule").score, 100);  // starts in 12 days
}

// Each gap skill counts once, at the first entry that teaches it, whatever order the training
// lists its skills in; a skill taught at or below the person's level closes nothing; the skills
// closed are named in the gap's order.
TEST(ScoreTrainingTest, EachGapSkillClosesOnceWhateverTheTeachingOrder) {
  FakePolicy policy("KH-12");
  const SkillGap gap = {{"khmer_literacy", 3}, {"numeracy", 1}, {"sewing_machine", 4}};
  model::Training t = LiteracyCourse();
  t.skills_taught = {{"sewing_machine", 3},  // Sokha has it at 3: closes nothing
                     {"numeracy", 1},        // closes 1 of 8
                     {"khmer_literacy", 2},  // closes 3 of 8
                     {"numeracy", 4},        // taught again: not counted twice
                     {"carpentry", 2}};      // not in the gap
  const Match m = ScoreTraining(Sokha(), t, gap, policy, kToday);
  EXPECT_DOUBLE_EQ(Named(m, "skill_gap").score, 50);  // closes 4 of 8
  EXPECT_THAT(m.closes_skills, ElementsAre("khmer_literacy", "numeracy"));
  std::reverse(t.skills_taught.begin(), t.skills_taught.end());
  const Match reversed = ScoreTraining(Sokha(), t, gap, policy, kToday);
  EXPECT_DOUBLE_EQ(Named(reversed, "skill_gap").score, 50);
  EXPECT_THAT(reversed.closes_skills, ElementsAre("khmer_literacy", "numeracy"));
}

TEST(ApplyRulesTest, KeepsAPluginsKhmerReasonAsItCame) {
  FakePolicy policy("KH-12");
  Match m = ScoreJob(Sokha(), GarmentJob(), policy, kToday);
  ApplyRules({{"phnom-penh", "local_first", 5, "ការងារក្នុងស្រុក"}}, m);
  EXPECT_EQ(m.score, 84.5);
  ASSERT_EQ(m.components.size(), 6u);
  EXPECT_EQ(m.components[0].name, "skills");
  ASSERT_EQ(m.rules.size(), 1u);
  EXPECT_EQ(m.rules[0].points, 5.0);
  EXPECT_EQ(m.rules[0].reason, "ការងារក្នុងស្រុក");
}

}  // namespace
}  // namespace homeward::matching
