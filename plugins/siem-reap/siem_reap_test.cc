// Siem Reap's own rules, through the real host.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "plugin_fixtures.h"
#include "status_matchers.h"

namespace homeward::testing {
namespace {

TEST(SiemReapTest, TourismHighSeasonShowsInTheMarketData) {
  auto host = plugin::PluginHost::Create(TestHostOptions({ShippedPluginsDir()}));
  ASSERT_TRUE(host.ok()) << host.status();
  const auto& market = (*host)->ForProvince("KH-17")->Market();
  EXPECT_GT(market.DemandFor("hospitality", 12), market.DemandFor("hospitality", 7));
}

TEST(SiemReapTest, EnglishCountsForTourismJobs) {
  auto host = plugin::PluginHost::Create(TestHostOptions({ShippedPluginsDir()}));
  ASSERT_TRUE(host.ok()) << host.status();
  auto person = SamplePerson("KH-17");
  person.languages = {"km", "en"};
  const auto job = SampleVacancy("KH-17", "4224", "hospitality", 260);
  EXPECT_NE(FindRule((*host)->ForProvince("KH-17")->JobRules(person, job, kRulesDay),
                     "english-for-tourism"),
            nullptr);
}

TEST(SiemReapTest, KaraokeJobWithEmployerHousingIsHeldForReview) {
  auto host = plugin::PluginHost::Create(TestHostOptions({ShippedPluginsDir()}));
  ASSERT_TRUE(host.ok()) << host.status();
  auto job = SampleVacancy("KH-17", "5131", "hospitality", 200);
  job.title = "KTV hostess";
  job.benefits = {"housing"};
  const auto flags = (*host)->ForProvince("KH-17")->ScreenVacancy(job, SampleEmployer("KH-17"));
  ASSERT_TRUE(HasFlag(flags, "entertainment_venue"));
  EXPECT_EQ(flags.front().severity, model::FlagSeverity::kReview);
}

}  // namespace
}  // namespace homeward::testing
