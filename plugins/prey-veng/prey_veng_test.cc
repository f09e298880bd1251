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
