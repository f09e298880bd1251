#include "homeward/reference/reference.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "homeward/reference/exchange_rates.h"

namespace homeward::reference {
namespace {

using ::testing::DoubleNear;

TEST(ReferenceDataTest, HasTheTwentyFiveProvincesWithUniqueCodes) {
  const ReferenceData& data = ReferenceData::Builtin();
  ASSERT_EQ(data.provinces().size(), 25u);
  std::set<std::string> codes;
  for (const Province& p : data.provinces()) codes.insert(p.code);
  EXPECT_EQ(codes.size(), 25u);
}

TEST(ReferenceDataTest, KhmerNamesRoundTrip) {
  const ReferenceData& data = ReferenceData::Builtin();
  const Province* phnom_penh = data.FindProvince("KH-12");
  ASSERT_NE(phnom_penh, nullptr);
  EXPECT_EQ(phnom_penh->name_en, "Phnom Penh");
  EXPECT_EQ(phnom_penh->name_km, "ភ្នំពេញ");
  const Province* battambang = data.FindProvince("KH-2");
  ASSERT_NE(battambang, nullptr);
  EXPECT_EQ(battambang->name_km, "បាត់ដំបង");
  const Skill* literacy = data.FindSkill("khmer_literacy");
  ASSERT_NE(literacy, nullptr);
  EXPECT_EQ(literacy->label_km, "អក្ខរកម្មភាសាខ្មែរ (អាន និងសរសេរ)");
}

TEST(ReferenceDataTest, UnknownCodesAreNotFound) {
  const ReferenceData& data = ReferenceData::Builtin();
  EXPECT_EQ(data.FindProvince("KH-99"), nullptr);
  EXPECT_EQ(data.FindIsco("99999"), nullptr);
  EXPECT_EQ(data.FindSkill("levitation"), nullptr);
}

// The lookups search an index ordered by code: each entry must be found as itself, whatever
// its place in the file, and a prefix or extension of a code is not that code.
TEST(ReferenceDataTest, EveryCodeFindsItsOwnEntry) {
  const ReferenceData& data = ReferenceData::Builtin();
  for (const Province& p : data.provinces()) EXPECT_EQ(data.FindProvince(p.code), &p) << p.code;
  for (const IscoGroup& g : data.isco_groups()) EXPECT_EQ(data.FindIsco(g.code), &g) << g.code;
  for (const Skill& s : data.skills()) EXPECT_EQ(data.FindSkill(s.id), &s) << s.id;
  EXPECT_EQ(data.FindProvince("KH-1"), &data.provinces()[0]);
  EXPECT_EQ(data.FindProvince("KH-"), nullptr);
  EXPECT_EQ(data.FindProvince("KH-12 "), nullptr);
  EXPECT_EQ(data.FindIsco(""), nullptr);
}

TEST(ReferenceDataTest, IsHazardousWalksUpTheIscoChain) {
  const ReferenceData& data = ReferenceData::Builtin();
  EXPECT_TRUE(data.IsHazardous("7112"));   // bricklayers: flagged itself
  EXPECT_TRUE(data.IsHazardous("7119"));   // not in the table: its minor group 711 is hazardous
  EXPECT_TRUE(data.IsHazardous("54"));     // protective services
  EXPECT_FALSE(data.IsHazardous("4110"));  // general office clerks
  EXPECT_FALSE(data.IsHazardous("1411"));
  EXPECT_FALSE(data.IsHazardous(""));
}

TEST(ReferenceDataTest, EveryParentAndSkillOccupationExists) {
  const ReferenceData& data = ReferenceData::Builtin();
  for (const IscoGroup& g : data.isco_groups()) {
    if (!g.parent.empty()) {
      EXPECT_NE(data.FindIsco(g.parent), nullptr) << g.code;
    }
  }
  for (const Skill& s : data.skills()) {
    for (const std::string& code : s.isco) EXPECT_NE(data.FindIsco(code), nullptr) << s.id;
  }
}

TEST(DistanceKmTest, MatchesKnownDistances) {
  const model::GeoPoint phnom_penh{11.5564, 104.9282};
  const model::GeoPoint siem_reap{13.3633, 103.8564};
  EXPECT_THAT(DistanceKm(phnom_penh, siem_reap), DoubleNear(231.0, 3.0));
  EXPECT_DOUBLE_EQ(DistanceKm(phnom_penh, phnom_penh), 0.0);
  EXPECT_DOUBLE_EQ(DistanceKm(phnom_penh, siem_reap), DistanceKm(siem_reap, phnom_penh));
}

}  // namespace
}  // namespace homeward::reference

namespace homeward::reference {
namespace {

TEST(ExchangeRatesReferenceTest, DefaultsQuoteRielAndBahtWithSources) {
  const model::ExchangeRates& rates = DefaultExchangeRates();
  EXPECT_EQ(rates.version, 0);
  EXPECT_EQ(rates.created_by, "builtin");
  for (const char* currency : {"KHR", "THB"}) {
    const model::ExchangeRate* rate = rates.Find(currency);
    ASSERT_NE(rate, nullptr) << currency;
    EXPECT_GT(rate->per_usd, 0);
    EXPECT_FALSE(rate->source.empty());
    EXPECT_FALSE(rate->note.empty()) << "an estimate says how it was derived";
  }
  EXPECT_TRUE(model::ValidateExchangeRates(rates, rates.rates[0].as_of).ok());
}

TEST(ExchangeRatesReferenceTest, APutTableIsInForceAtOnce) {
  auto before = RatesInForce();
  model::ExchangeRates table = DefaultExchangeRates();
  table.rates[0].per_usd = 5000;
  table.version = 7;
  PutRatesInForce(table);
  EXPECT_EQ(RatesInForce()->version, 7);
  EXPECT_EQ(before->version, 0) << "a reader keeps the table it got";
  PutRatesInForce(DefaultExchangeRates());
}

}  // namespace
}  // namespace homeward::reference
