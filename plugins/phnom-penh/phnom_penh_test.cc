// Phnom Penh's own rules, through the real host.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "plugin_fixtures.h"
#include "status_matchers.h"

namespace homeward::testing {
namespace {

class PhnomPenhTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto host = plugin::PluginHost::Create(TestHostOptions({ShippedPluginsDir()}));
    ASSERT_TRUE(host.ok()) << host.status();
    host_ = std::move(host).value();
    policy_ = host_->ForProvince("KH-12");
    ASSERT_EQ(policy_->Source(), "phnom-penh");
  }
  std::unique_ptr<plugin::PluginHost> host_;
  std::shared_ptr<const policy::ProvincePolicy> policy_;
};

TEST_F(PhnomPenhTest, CityLivingCostsRaiseTheLivingWageAboveTheNationalDefault) {
  EXPECT_GT(policy_->Market().living_wage, host_->ForProvince("KH-4")->Market().living_wage);
  EXPECT_EQ(policy_->Market().minimum_wage, 208);
}

TEST_F(PhnomPenhTest, GarmentJobBelowTheLegalMinimumIsPenalisedAndHeldForReview) {
  const auto below = SampleVacancy("KH-12", "8153", "garment", 180);
  const auto effects = policy_->JobRules(SamplePerson("KH-12"), below, kRulesDay);
  const auto* rule = FindRule(effects, "garment-legal-minimum");
  ASSERT_NE(rule, nullptr);
  EXPECT_LT(rule->points, 0);
  EXPECT_TRUE(
      HasFlag(policy_->ScreenVacancy(below, SampleEmployer("KH-12")), "below_legal_minimum_wage"));
  const auto legal = SampleVacancy("KH-12", "8153", "garment", 230);
  const auto legal_effects = policy_->JobRules(SamplePerson("KH-12"), legal, kRulesDay);
  ASSERT_NE(FindRule(legal_effects, "garment-legal-minimum"), nullptr);
  EXPECT_GT(FindRule(legal_effects, "garment-legal-minimum")->points, 0);
}

TEST_F(PhnomPenhTest, BrickKilnWithALoanIsBlocked) {
  auto kiln = SampleVacancy("KH-12", "9313", "construction", 220);
  kiln.title = "Brick kiln workers wanted";
  kiln.description = "We give a loan to your family before you start.";
  const auto flags = policy_->ScreenVacancy(kiln, SampleEmployer("KH-12"));
  ASSERT_TRUE(HasFlag(flags, "brick_kiln_debt_bondage"));
  EXPECT_EQ(flags.front().severity, model::FlagSeverity::kBlock);
}

// Only a parent of young children can be given the childcare bonus: the most the rules add for
// anyone else is three points less, so fewer of their jobs' rules are asked.
TEST_F(PhnomPenhTest, ThePointsRulesCanAddDependOnTheChildrenAtHome) {
  auto person = SamplePerson("KH-12");
  person.household.dependents = 0;
  const policy::RuleRange alone = policy_->RulePointsFor(person, kRulesDay);
  person.household.dependents = 3;
  const policy::RuleRange parent = policy_->RulePointsFor(person, kRulesDay);
  EXPECT_EQ(alone.least, -15);
  EXPECT_EQ(alone.most, 9);
  EXPECT_EQ(parent.most, policy_->RulePoints().most);
}

// A vacancy's own range holds only the rules that can fire for it: an office job with no
// benefits can be moved by none, and the matching index then asks about it only when its score
// alone reaches a person's best.
TEST_F(PhnomPenhTest, AVacancysRangeHoldsOnlyTheRulesThatCanFireForIt) {
  const auto office = SampleVacancy("KH-12", "4110", "services", 300);
  auto garment = SampleVacancy("KH-12", "8153", "garment", 230);
  auto builder = SampleVacancy("KH-12", "9313", "construction", 220);
  builder.contract = model::Contract::kDaily;
  builder.benefits = {"housing", "childcare"};
  const std::vector<policy::RuleRange> ranges =
      policy_->VacancyRulePoints({&office, &garment, &builder});
  ASSERT_EQ(ranges.size(), 3u);
  EXPECT_EQ(ranges[0].least, 0);
  EXPECT_EQ(ranges[0].most, 0);
  EXPECT_EQ(ranges[1].least, -10);  // below the minimum at some exchange rate
  EXPECT_EQ(ranges[1].most, 5);
  EXPECT_EQ(ranges[2].least, -5);
  EXPECT_EQ(ranges[2].most, 7);
  // Every answer of the rules for these vacancies lies within its range, for a parent too.
  auto parent = SamplePerson("KH-12");
  parent.household.dependents = 3;
  const std::vector<const model::Vacancy*> all = {&office, &garment, &builder};
  for (size_t i = 0; i < all.size(); ++i) {
    double total = 0;
    for (const policy::RuleEffect& e : policy_->JobRules(parent, *all[i], kRulesDay)) {
      total += e.points;
    }
    EXPECT_GE(total, ranges[i].least) << i;
    EXPECT_LE(total, ranges[i].most) << i;
  }
}

TEST_F(PhnomPenhTest, WagesWeighMoreAndDistanceLess) {
  const auto w = policy_->AdjustWeights(policy::MatchWeights{});
  EXPECT_GT(w.wage, policy::MatchWeights{}.wage);
  EXPECT_LT(w.distance, policy::MatchWeights{}.distance);
}

}  // namespace
}  // namespace homeward::testing
