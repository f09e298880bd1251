// Battambang's own rules, through the real host.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "plugin_fixtures.h"
#include "status_matchers.h"

namespace homeward::testing {
namespace {

TEST(BattambangTest, CrossBorderFarmLabourWithFeesIsBlocked) {
  auto host = plugin::PluginHost::Create(TestHostOptions({ShippedPluginsDir()}));
  ASSERT_TRUE(host.ok()) << host.status();
  auto policy = (*host)->ForProvince("KH-2");
  auto job = SampleVacancy("KH-2", "9211", "agriculture", 280);
  job.contract = model::Contract::kSeasonal;
  job.work_abroad = true;
  EXPECT_TRUE(HasFlag(policy->ScreenVacancy(job, SampleEmployer("KH-2")), "work_abroad_mou"));
  job.worker_fees.amount = 150;
  EXPECT_TRUE(HasFlag(policy->ScreenVacancy(job, SampleEmployer("KH-2")),
                      "irregular_cross_border_recruitment"));
}

TEST(BattambangTest, YearRoundProcessingWorkIsFavoured) {
  auto host = plugin::PluginHost::Create(TestHostOptions({ShippedPluginsDir()}));
  ASSERT_TRUE(host.ok()) << host.status();
  auto person = SamplePerson("KH-2");
  const auto mill = SampleVacancy("KH-2", "8160", "food_processing", 230);
  EXPECT_NE(FindRule((*host)->ForProvince("KH-2")->JobRules(person, mill, kRulesDay),
                     "year-round-processing"),
            nullptr);
}

}  // namespace
}  // namespace homeward::testing
