// Koh Kong's own rules, through the real host.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "plugin_fixtures.h"
#include "status_matchers.h"

namespace homeward::testing {
namespace {

TEST(KohKongTest, FishingWorkAbroadIsBlocked) {
  auto host = plugin::PluginHost::Create(TestHostOptions({ShippedPluginsDir()}));
  ASSERT_TRUE(host.ok()) << host.status();
  auto policy = (*host)->ForProvince("KH-9");
  auto job = SampleVacancy("KH-9", "6223", "fishing", 350);
  job.title = "Crew for Thai trawler";
  job.work_abroad = true;
  const auto flags = policy->ScreenVacancy(job, SampleEmployer("KH-9"));
  ASSERT_TRUE(HasFlag(flags, "forced_labour_at_sea"));
  for (const auto& f : flags) {
    if (f.code == "forced_labour_at_sea") {
      EXPECT_EQ(f.severity, model::FlagSeverity::kBlock);
      EXPECT_EQ(f.source, "plugin:koh-kong/fishing-abroad");
    }
  }
}

TEST(KohKongTest, BoatOwnerKeepingDocumentsIsBlockedEvenAtHome) {
  auto host = plugin::PluginHost::Create(TestHostOptions({ShippedPluginsDir()}));
  ASSERT_TRUE(host.ok()) << host.status();
  auto job = SampleVacancy("KH-9", "6222", "fishing", 220);
  job.employer_holds_documents = true;
  EXPECT_TRUE(HasFlag((*host)->ForProvince("KH-9")->ScreenVacancy(job, SampleEmployer("KH-9")),
                      "fishing_document_retention"));
}

TEST(KohKongTest, OffshoreFishingScoresBelowShoreBasedWork) {
  auto host = plugin::PluginHost::Create(TestHostOptions({ShippedPluginsDir()}));
  ASSERT_TRUE(host.ok()) << host.status();
  auto policy = (*host)->ForProvince("KH-9");
  const auto offshore = policy->JobRules(SamplePerson("KH-9"),
                                         SampleVacancy("KH-9", "6223", "fishing", 300), kRulesDay);
  const auto shore = policy->JobRules(SamplePerson("KH-9"),
                                      SampleVacancy("KH-9", "6221", "fishing", 200), kRulesDay);
  ASSERT_NE(FindRule(offshore, "offshore-fishing"), nullptr);
  EXPECT_LT(FindRule(offshore, "offshore-fishing")->points, 0);
  EXPECT_NE(FindRule(shore, "shore-based-fisheries"), nullptr);
}

}  // namespace
}  // namespace homeward::testing
