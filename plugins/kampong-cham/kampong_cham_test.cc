// Kampong Cham's own rules, through the real host.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "plugin_fixtures.h"
#include "status_matchers.h"

namespace homeward::testing {
namespace {

TEST(KampongChamTest, RubberTappingStopsInTheLeafFallMonths) {
  auto host = plugin::PluginHost::Create(TestHostOptions({ShippedPluginsDir()}));
  ASSERT_TRUE(host.ok()) << host.status();
  const auto& market = (*host)->ForProvince("KH-3")->Market();
  EXPECT_LT(market.DemandFor("rubber", 3), 0.5);
  EXPECT_GT(market.DemandFor("rubber", 8), 1.0);
  EXPECT_GT(market.DemandFor("cashew", 3), market.DemandFor("cashew", 9));
}

TEST(KampongChamTest, PlantationWageAdvanceAndUnderAgeWorkAreHeldForReview) {
  auto host = plugin::PluginHost::Create(TestHostOptions({ShippedPluginsDir()}));
  ASSERT_TRUE(host.ok()) << host.status();
  auto policy = (*host)->ForProvince("KH-3");
  auto job = SampleVacancy("KH-3", "9211", "rubber", 190);
  job.title = "Rubber tappers";
  EXPECT_TRUE(policy->ScreenVacancy(job, SampleEmployer("KH-3")).empty());
  job.description = "Advance of 200 dollars, repaid from wages.";
  job.min_age = 16;
  const auto flags = policy->ScreenVacancy(job, SampleEmployer("KH-3"));
  EXPECT_TRUE(HasFlag(flags, "wage_advance_debt"));
  EXPECT_TRUE(HasFlag(flags, "hazardous_work_minor"));
}

TEST(KampongChamTest, TappersAreMatchedToRubberWork) {
  auto host = plugin::PluginHost::Create(TestHostOptions({ShippedPluginsDir()}));
  ASSERT_TRUE(host.ok()) << host.status();
  auto person = SamplePerson("KH-3");
  person.skills = {{"rubber_tapping", 4}};
  auto job = SampleVacancy("KH-3", "9211", "rubber", 190);
  EXPECT_NE(
      FindRule((*host)->ForProvince("KH-3")->JobRules(person, job, kRulesDay), "tapping-skill"),
      nullptr);
}

// Out of the leaf fall and the cashew harvest, a person who has not migrated and does not tap
// rubber can be given nothing by a job's rules, only a training's pathway bonus; a returnee who
// taps in the harvest, up to the most the manifest declares.
TEST(KampongChamTest, ThePointsRulesCanAddDependOnThePersonAndTheMonth) {
  auto host = plugin::PluginHost::Create(TestHostOptions({ShippedPluginsDir()}));
  ASSERT_TRUE(host.ok()) << host.status();
  auto policy = (*host)->ForProvince("KH-3");
  auto person = SamplePerson("KH-3");
  person.prior_migration = false;
  person.skills = {{"sewing", 3}};
  const policy::RuleRange december = policy->RulePointsFor(person, Date{2026, 12, 1});
  EXPECT_EQ(december.least, 0);
  EXPECT_EQ(december.most, 4);
  person.prior_migration = true;
  person.skills = {{"rubber_tapping", 4}};
  const policy::RuleRange march = policy->RulePointsFor(person, Date{2026, 3, 1});
  EXPECT_EQ(march.least, -5);
  EXPECT_EQ(march.most, policy->RulePoints().most);
}

}  // namespace
}  // namespace homeward::testing
