// National defaults: what every province without a working plugin gets.
#include "homeward/policy/national.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "homeward/json/json.h"
#include "homeward/model/json.h"
#include "status_matchers.h"

namespace homeward::policy {
namespace {

using ::homeward::testing::IsOk;

TEST(NationalDefaultsTest, ListsTheTwentyFiveProvincesInCodeOrderWithKhmerNames) {
  const auto& provinces = AllProvinces();
  ASSERT_EQ(provinces.size(), 25u);
  EXPECT_EQ(provinces.front().code, "KH-1");
  EXPECT_EQ(provinces[11].code, "KH-12");
  EXPECT_EQ(provinces[11].name_en, "Phnom Penh");
  EXPECT_EQ(provinces.back().code, "KH-25");
  for (const auto& p : provinces) {
    EXPECT_TRUE(IsProvinceCode(p.code)) << p.code;
    EXPECT_FALSE(p.name_km.empty()) << p.code;
  }
  for (const char* bad : {"KH-0", "KH-26", "KH-01", "KH-", "kh-1", "TH-1", ""}) {
    EXPECT_FALSE(IsProvinceCode(bad)) << bad;
  }
}

TEST(NationalDefaultsTest, EveryProvinceGetsValidNationalMarketData) {
  const NationalPolicyProvider provider;
  for (const auto& p : AllProvinces()) {
    const auto policy = provider.ForProvince(p.code);
    ASSERT_NE(policy, nullptr);
    EXPECT_EQ(policy->Source(), "national");
    EXPECT_EQ(policy->Province(), p.code);
    nlohmann::json j;
    model::to_json(j, policy->Market());
    EXPECT_THAT(json::SchemaSet::Builtin().Validate("market-data.schema.json", j), IsOk())
        << p.code;
  }
  const model::MarketData market = NationalMarket("KH-6");
  EXPECT_EQ(market.minimum_wage, 208);
  EXPECT_GT(market.living_wage, market.poverty_line);
  EXPECT_EQ(*market.MedianWageFor("8153"), 230);
}

TEST(NationalDefaultsTest, WeightsAreTheDefaultsAndThereAreNoProvincialRules) {
  const auto policy = NationalPolicyProvider().ForProvince("KH-20");
  const MatchWeights w = policy->AdjustWeights(MatchWeights{});
  EXPECT_EQ(w.skills, MatchWeights{}.skills);
  EXPECT_EQ(w.wage, MatchWeights{}.wage);
  EXPECT_TRUE(policy->JobRules(model::Individual{}, model::Vacancy{}, Date{2026, 11, 28}).empty());
  EXPECT_TRUE(policy->ScreenVacancy(model::Vacancy{}, model::Employer{}).empty());
}

TEST(NationalDefaultsTest, ReplacementMarketDataIsKeptForTheProvince) {
  model::MarketData market = NationalMarket("KH-21");
  market.living_wage = 275;
  market.version = 3;
  const auto policy = NationalDefaults("KH-21", market);
  EXPECT_EQ(policy->Market().living_wage, 275);
  EXPECT_EQ(policy->Market().version, 3);
  EXPECT_EQ(policy->Market().province, "KH-21");
}

TEST(NationalDefaultsTest, UnknownCodeStillGetsAPolicy) {
  EXPECT_NE(NationalPolicyProvider().ForProvince("KH-99"), nullptr);
}

}  // namespace
}  // namespace homeward::policy
