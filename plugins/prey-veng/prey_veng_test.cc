// Prey Veng's own rules, through the real host.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "plugin_fixtures.h"
#include "status_matchers.h"

namespace homeward::testing {
namespace {

std::shared_ptr<const policy::ProvincePolicy> PreyVeng(std::unique_ptr<plugin::PluginHost>& host) {
  auto created = plugin::PluginHost::Create(TestHostOptions({ShippedPluginsDir()}));
  EXPECT_TRUE(created.ok()) << created.status();
  host = std::move(created).value();
  return host->ForProvince("KH-14");
}

TEST(PreyVengTest, LocalWorkIsFavouredForSomeoneWhoHasMigratedBefore) {
  std::unique_ptr<plugin::PluginHost> host;
  auto policy = PreyVeng(host);
  auto person = SamplePerson("KH-14");
  person.prior_migration = true;
  const auto local = SampleVacancy("KH-14", "7531", "manufacturing", 220);
  EXPECT_NE(FindRule(policy->JobRules(person, local, kRulesDay), "local-work-for-returnees"),
            nullptr);
  person.prior_migration = false;
  EXPECT_EQ(FindRule(policy->JobRules(person, local, kRulesDay), "local-work-for-returnees"),
            nullptr);
}

TEST(PreyVengTest, CrossBorderRecruitmentThroughABrokerIsBlocked) {
  std::unique_ptr<plugin::PluginHost> host;
  auto policy = PreyVeng(host);
  auto abroad = SampleVacancy("KH-14", "9211", "agriculture", 300);
  abroad.work_abroad = true;
  EXPECT_TRUE(HasFlag(policy->ScreenVacancy(abroad, SampleEmployer("KH-14")), "work_abroad_mou"));
  abroad.description = "Our broker takes you across, no passport needed.";
  EXPECT_TRUE(HasFlag(policy->ScreenVacancy(abroad, SampleEmployer("KH-14")),
                      "irregular_cross_border_recruitment"));
}

// In a rice season, someone who has not migrated can be given at most a programme priority's 4
// points; a returnee in a slack month 10 for a local job (6 + 4: the rice season's 2 cannot come
// with the slack months').
TEST(PreyVengTest, ThePointsRulesCanAddDependOnThePersonAndTheSeason) {
  std::unique_ptr<plugin::PluginHost> host;
  auto policy = PreyVeng(host);
  auto person = SamplePerson("KH-14");
  person.prior_migration = false;
  const policy::RuleRange december = policy->RulePointsFor(person, Date{2026, 12, 1});
  EXPECT_EQ(december.least, -8);
  EXPECT_EQ(december.most, 4);
  person.prior_migration = true;
  EXPECT_EQ(policy->RulePointsFor(person, Date{2026, 4, 1}).most, 10);
}

TEST(PreyVengTest, RiceSeasonsAndSlackMonthsAreInTheMarketData) {
  std::unique_ptr<plugin::PluginHost> host;
  auto policy = PreyVeng(host);
  const auto& market = policy->Market();
  EXPECT_GT(market.DemandFor("agriculture", 12), market.DemandFor("agriculture", 4));
  EXPECT_GT(policy->AdjustWeights(policy::MatchWeights{}).distance,
            policy::MatchWeights{}.distance);
}

}  // namespace
}  // namespace homeward::testing
