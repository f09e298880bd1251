// Banteay Meanchey's own rules, through the real host.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "plugin_fixtures.h"
#include "status_matchers.h"

namespace homeward::testing {
namespace {

TEST(BanteayMeancheyTest, RecruitmentOnABorderPassIsBlocked) {
  auto host = plugin::PluginHost::Create(TestHostOptions({ShippedPluginsDir()}));
  ASSERT_TRUE(host.ok()) << host.status();
  auto job = SampleVacancy("KH-1", "9211", "agriculture", 10);
  job.wage.period = model::MoneyPeriod::kDay;
  job.contract = model::Contract::kDaily;
  job.work_abroad = true;
  job.description = "Cross at Poipet with a border pass, work on farms near Aranyaprathet.";
  const auto flags = (*host)->ForProvince("KH-1")->ScreenVacancy(job, SampleEmployer("KH-1"));
  ASSERT_TRUE(HasFlag(flags, "irregular_cross_border_recruitment"));
  EXPECT_EQ(flags.front().severity, model::FlagSeverity::kBlock);
}

TEST(BanteayMeancheyTest, ReturneesAreMatchedToLocalWorkBeforeCrossBorderDayLabour) {
  auto host = plugin::PluginHost::Create(TestHostOptions({ShippedPluginsDir()}));
  ASSERT_TRUE(host.ok()) << host.status();
  auto policy = (*host)->ForProvince("KH-1");
  auto person = SamplePerson("KH-1");
  person.prior_migration = true;
  const auto local =
      policy->JobRules(person, SampleVacancy("KH-1", "8153", "garment", 230), kRulesDay);
  EXPECT_NE(FindRule(local, "local-work-for-returnees"), nullptr);
  auto day = SampleVacancy("KH-1", "9211", "agriculture", 10);
  day.contract = model::Contract::kDaily;
  day.work_abroad = true;
  const auto day_effects = policy->JobRules(person, day, kRulesDay);
  const auto* rule = FindRule(day_effects, "cross-border-day-labour");
  ASSERT_NE(rule, nullptr);
  EXPECT_LT(rule->points, 0);
}

}  // namespace
}  // namespace homeward::testing
