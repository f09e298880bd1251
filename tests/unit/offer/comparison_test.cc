// The stay-home comparison's arithmetic on examples computed by hand (docs/offer-comparison.md
// shows the same ones), the validation of an offer, and the shipped cost data.
#include "homeward/offer/comparison.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "homeward/reference/messages.h"
#include "khmer.h"

namespace homeward::offer {
namespace {

using homeward::testing::HasKhmer;
using ::testing::DoubleNear;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::Pointwise;

model::ExchangeRates TestRates() {
  model::ExchangeRates rates;
  rates.rates = {{"KHR", 4000, Date(), "test", "", ""}, {"THB", 30, Date(), "test", "", ""}};
  return rates;
}

Figure Amount(double amount, const std::string& currency, const std::string& source) {
  Figure f;
  f.value = amount;
  f.currency = currency;
  f.as_of = "2026-12-01";
  f.source = source;
  f.estimate = true;
  f.note = "test figure";
  return f;
}

Figure Value(double value, const std::string& source) {
  return Amount(value, "", source);
}

// Thailand with round figures: contracts of 24 (regular) and 12 (irregular) months, 3% and 15%
// of the wage lost, 4% and 8% of what is sent home paid to send it; Bangkok: 4,500 baht of
// living and 3,000 baht of accommodation a month.
CostData TestData() {
  CostData data;
  Country th;
  th.code = "TH";
  th.name = {"Thailand", "ប្រទេសថៃ"};
  th.contract_months = {Value(24, "mou"), Value(12, "irregular horizon")};
  th.income_lost_share = {Value(0.03, "lost regular"), Value(0.15, "lost irregular")};
  th.remittance_cost_share = {Value(0.04, "send regular"), Value(0.08, "send irregular")};
  th.places.push_back({"bangkok",
                       {"Bangkok", "បាងកក"},
                       Amount(4500, "THB", "living bkk"),
                       Amount(3000, "THB", "room bkk")});
  data.countries.push_back(th);
  data.home.commute_cost_per_km = Amount(150, "KHR", "fuel");
  data.home.unmeasured_commute_km = Value(5, "district trip");
  data.home.childcare_per_month = Amount(120000, "KHR", "childcare");
  data.home.default_debt_interest_rate_month = Value(0.015, "nbc cap");
  return data;
}

Offer BangkokOffer() {
  Offer offer;
  offer.country = "TH";
  offer.place = "bangkok";
  offer.wage = {12000, "THB", model::MoneyPeriod::kMonth};
  offer.hours_per_week = 48;
  offer.recruitment_fees = {15000, "THB", model::MoneyPeriod::kMonth};
  return offer;
}

std::vector<double> Amounts(const NetIncome& income) {
  std::vector<double> amounts;
  for (const Line& line : income.lines) amounts.push_back(line.amount);
  return amounts;
}

TEST(OfferNetTest, IrregularOfferWithFeesOnLoanInDollars) {
  Offer offer = BangkokOffer();
  offer.channel = Channel::kIrregular;
  offer.fees_financed_by_debt = true;
  offer.debt_interest_rate_month = 0.03;
  auto income = OfferNet(offer, TestData(), TestRates(), "USD");
  ASSERT_TRUE(income.ok()) << income.status().ToString();
  // wage 12,000 / 30 = 400; fees 500 / 12 = 41.67; interest 0.03 * 500 * 13 / 24 = 8.125 ->
  // 8.13; living 150; room 100; lost 0.15 * 400 = 60; sent 400 - 41.67 - 8.13 - 150 - 100 - 60
  // = 40.20, sending 0.08 * 40.20 = 3.216 -> 3.22; net 36.98.
  EXPECT_THAT(
      Amounts(*income),
      Pointwise(DoubleNear(1e-6), std::vector<double>{400, -41.67, -8.13, -150, -100, -60, -3.22}));
  EXPECT_DOUBLE_EQ(income->net_monthly, 36.98);
  EXPECT_THAT(income->lines[1].label, HasSubstr("15,000 THB spread over 12 months"));
  EXPECT_THAT(income->lines[1].source, HasSubstr("irregular horizon"));
  EXPECT_THAT(income->lines[2].label, HasSubstr("3% a month"));
  EXPECT_EQ(income->lines[2].source, "The rate the person gave");
  EXPECT_THAT(income->lines[5].label, HasSubstr("irregular channel (15%"));
  EXPECT_THAT(income->lines[6].label, HasSubstr("Cost of sending 40.20 USD home (8%)"));
  for (const Line& line : income->lines) EXPECT_THAT(line.source, Not(IsEmpty())) << line.label;
  // Every label is the catalogue's sentence, and reads in Khmer with the same figures.
  for (const Line& line : income->lines) {
    EXPECT_TRUE(reference::HasMessage(line.code)) << line.code;
    EXPECT_EQ(reference::RenderMessage(line.code, line.params), line.label);
    EXPECT_TRUE(
        HasKhmer(reference::RenderMessage(line.code, line.params, reference::Language::kKhmer)))
        << line.code;
  }
  EXPECT_EQ(income->lines[1].code, "offer.line.recruitment_fees");
  EXPECT_THAT(reference::RenderMessage(income->lines[1].code, income->lines[1].params,
                                       reference::Language::kKhmer),
              HasSubstr("15,000 THB"));
  EXPECT_THAT(reference::RenderMessage(income->lines[5].code, income->lines[5].params,
                                       reference::Language::kKhmer),
              HasSubstr("មិនស្របច្បាប់"));
}

TEST(OfferNetTest, RegularOfferInRielWithItsOwnContractAndRoom) {
  Offer offer = BangkokOffer();
  offer.channel = Channel::kRegular;
  offer.contract_months = 24;
  offer.accommodation_cost = model::Money{2000, "THB", model::MoneyPeriod::kMonth};
  auto income = OfferNet(offer, TestData(), TestRates(), "KHR");
  ASSERT_TRUE(income.ok()) << income.status().ToString();
  // wage 12,000 THB = 1,600,000 riel; fees 2,000,000 / 24 = 83,333; no loan, no interest line;
  // living 600,000; room 2,000 THB = 266,667; lost 0.03 * 1,600,000 = 48,000; sent 602,000,
  // sending 0.04 * 602,000 = 24,080; net 577,920.
  EXPECT_THAT(Amounts(*income),
              Pointwise(DoubleNear(1e-6),
                        std::vector<double>{1600000, -83333, -600000, -266667, -48000, -24080}));
  EXPECT_DOUBLE_EQ(income->net_monthly, 577920);
  EXPECT_EQ(income->lines[1].source,
            "The offer, as the person received it; months: The offer, "
            "as the person received it");
  EXPECT_EQ(income->lines[3].label, "Accommodation, as the offer states it");
}

TEST(OfferNetTest, DebtWithoutARateUsesTheLegalCeiling) {
  Offer offer = BangkokOffer();
  offer.channel = Channel::kRegular;
  offer.fees_financed_by_debt = true;
  offer.recruitment_fees.amount = 18000;  // 600 USD
  auto income = OfferNet(offer, TestData(), TestRates(), "USD");
  ASSERT_TRUE(income.ok());
  // 0.015 * 600 * 25 / 48 = 4.6875 -> 4.69 over the regular 24 months.
  EXPECT_DOUBLE_EQ(income->lines[2].amount, -4.69);
  EXPECT_THAT(income->lines[2].source, HasSubstr("nbc cap (2026-12-01; estimate"));
}

TEST(OfferNetTest, CostsAboveTheWageSendNothingHome) {
  Offer offer = BangkokOffer();
  offer.wage = {300, "THB", model::MoneyPeriod::kDay};  // 300 * 6 * 52/12 = 7,800 baht
  offer.recruitment_fees = {60000, "THB", model::MoneyPeriod::kMonth};
  auto income = OfferNet(offer, TestData(), TestRates(), "THB");
  ASSERT_TRUE(income.ok());
  // 7,800 - 5,000 - 4,500 - 3,000 - 1,170 = -5,870; nothing left to send.
  EXPECT_THAT(Amounts(*income), Pointwise(DoubleNear(1e-6), std::vector<double>{7800, -5000, -4500,
                                                                                -3000, -1170, 0}));
  EXPECT_DOUBLE_EQ(income->net_monthly, -5870);
  EXPECT_THAT(income->lines[0].label, HasSubstr("300 THB a day, 48 hours a week"));
}

LocalJob Job(const std::string& id, model::Money wage, double hours) {
  LocalJob job;
  job.opportunity_id = id;
  job.title = "Job " + id;
  job.wage = wage;
  job.hours_per_week = hours;
  return job;
}

TEST(LocalNetTest, CommuteAndChildcareComeOffTheWage) {
  LocalJob job = Job("vac_1", {800000, "KHR", model::MoneyPeriod::kMonth}, 48);
  job.commute_km = 10;
  auto income = LocalNet(job, /*dependents=*/2, TestData().home, TestRates(), "KHR");
  ASSERT_TRUE(income.ok());
  // 6 days * 52/12 = 26 days; 2 * 10 km * 150 riel * 26 = 78,000; childcare 120,000.
  EXPECT_THAT(Amounts(*income),
              Pointwise(DoubleNear(1e-6), std::vector<double>{800000, -78000, -120000}));
  EXPECT_DOUBLE_EQ(income->net_monthly, 602000);
  EXPECT_THAT(income->lines[1].label, HasSubstr("10 km each way on 26.0 days"));
  EXPECT_EQ(income->lines[2].source,
            "childcare (2026-12-01; estimate, derivation in docs/offer-comparison.md)");
}

TEST(LocalNetTest, BenefitsCostNothingAndUnmeasuredDistanceIsAssumed) {
  LocalJob paid = Job("vac_2", {30000, "KHR", model::MoneyPeriod::kDay}, 40);
  paid.transport_provided = true;
  paid.childcare_provided = true;
  auto with_benefits = LocalNet(paid, 1, TestData().home, TestRates(), "KHR");
  ASSERT_TRUE(with_benefits.ok());
  // 30,000 * 40/8 * 52/12 = 650,000.
  EXPECT_THAT(Amounts(*with_benefits),
              Pointwise(DoubleNear(1e-6), std::vector<double>{650000, 0, 0}));

  LocalJob far = Job("vac_3", {200, "USD", model::MoneyPeriod::kMonth}, 48);
  auto unmeasured = LocalNet(far, 0, TestData().home, TestRates(), "USD");
  ASSERT_TRUE(unmeasured.ok());
  // 2 * 5 km * 150 riel * 26 days = 39,000 riel = 9.75 USD; no dependents, no childcare line.
  EXPECT_THAT(Amounts(*unmeasured), Pointwise(DoubleNear(1e-6), std::vector<double>{200, -9.75}));
  EXPECT_THAT(unmeasured->lines[1].source, HasSubstr("distance: district trip"));
}

TEST(ConcludeTest, StayingHomeKeepsMoreInBothLanguages) {
  Comparison c;
  c.currency = "KHR";
  c.offer = BangkokOffer();
  c.offer.channel = Channel::kRegular;
  c.offer_income.net_monthly = 577920;
  c.local = {{"vac_1", "Sewing operator", {602000, {}}}, {"vac_2", "Rice mill", {650000, {}}}};
  Conclude(c, TestData());
  EXPECT_DOUBLE_EQ(c.difference, -72080);  // against the best local net, not the first
  EXPECT_EQ(c.summary.en,
            "In Bangkok, Thailand, this offer would leave about 577,920 riel a month after fees, "
            "debt, living and remittance costs and the income expected to be lost on the regular "
            "channel. The best local job found (Rice mill) would leave about 650,000 riel a month, "
            "so staying home keeps 72,080 riel more each month.");
  EXPECT_THAT(c.summary.km, HasSubstr("បាងកក ប្រទេសថៃ"));
  EXPECT_THAT(c.summary.km, HasSubstr("577,920 រៀល"));
  EXPECT_THAT(c.summary.km, HasSubstr("ការនៅស្រុកនៅសល់ច្រើនជាង 72,080 រៀល"));
  // Two sentences, each ending with a Khmer full stop.
  size_t stops = 0;
  for (size_t at = c.summary.km.find("។"); at != std::string::npos;
       at = c.summary.km.find("។", at + 1)) {
    ++stops;
  }
  EXPECT_EQ(stops, 2u);
}

TEST(ConcludeTest, NoLocalJobAndALoss) {
  Comparison c;
  c.currency = "USD";
  c.offer = BangkokOffer();
  c.offer_income.net_monthly = -12.5;
  Conclude(c, TestData());
  EXPECT_DOUBLE_EQ(c.difference, 0);
  EXPECT_THAT(c.summary.en, HasSubstr("would leave nothing"));
  EXPECT_THAT(c.summary.en, HasSubstr("by about 12.50 US dollars a month."));
  EXPECT_THAT(c.summary.en, HasSubstr("No local job matched this person yet"));
  EXPECT_THAT(c.summary.km, HasSubstr("12.50 ដុល្លារ"));
}

TEST(ValidateTest, NamesEveryProblem) {
  Offer offer = BangkokOffer();
  offer.country = "JP";
  offer.wage.amount = 0;
  offer.debt_interest_rate_month = 0.05;
  offer.accommodation_cost = model::Money{100, "THB", model::MoneyPeriod::kDay};
  Status status = Validate(offer, TestData());
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(status.errors(), ElementsAre(Field(&FieldError::path, "/destination/country"),
                                           Field(&FieldError::path, "/wage/amount"),
                                           Field(&FieldError::path, "/debt_interest_rate_month"),
                                           Field(&FieldError::path, "/accommodation_cost/period")));
  EXPECT_THAT(status.errors()[0].message, HasSubstr("known: TH"));

  offer = BangkokOffer();
  offer.place = "phuket";
  status = Validate(offer, TestData());
  ASSERT_EQ(status.errors().size(), 1u);
  EXPECT_EQ(status.errors()[0].path, "/destination/place");
  EXPECT_THAT(status.errors()[0].message, HasSubstr("known: bangkok"));
  EXPECT_TRUE(Validate(BangkokOffer(), TestData()).ok());
}

TEST(ComparisonCurrencyTest, TheHouseholdsOwnCurrency) {
  const model::Money usd = model::UsdPerMonth(100);
  const model::Money riel{400000, "KHR", model::MoneyPeriod::kMonth};
  const model::Money baht{3000, "THB", model::MoneyPeriod::kMonth};
  EXPECT_EQ(ComparisonCurrency(usd, usd), "USD");
  EXPECT_EQ(ComparisonCurrency(usd, riel), "KHR");
  EXPECT_EQ(ComparisonCurrency(baht, riel), "THB");
}

TEST(ScreeningInputTest, TheOfferIsAWorkAbroadVacancyWithItsFees) {
  Offer offer = BangkokOffer();
  offer.employer_holds_documents = true;
  offer.description = "Factory work";
  const model::Vacancy v = OfferAsVacancy(offer, TestData(), "KH-14");
  EXPECT_TRUE(v.work_abroad);
  EXPECT_TRUE(v.employer_holds_documents);
  EXPECT_EQ(v.worker_fees.amount, 15000);
  EXPECT_EQ(v.province, "KH-14");
  EXPECT_EQ(v.title, "Work in Bangkok, Thailand");

  const Date today = *Date::Parse("2026-12-04");
  offer.channel = Channel::kIrregular;
  EXPECT_FALSE(OfferRecruiter(offer, today).recruitment_licence.has_value());
  offer.channel = Channel::kRegular;
  auto licence = OfferRecruiter(offer, today).recruitment_licence;
  ASSERT_TRUE(licence.has_value());
  EXPECT_FALSE(licence->verified);
  EXPECT_FALSE(licence->expires_on < today);

  EXPECT_FALSE(AppliesToOffers({"unverified_employer", model::FlagSeverity::kReview, "", ""}));
  EXPECT_TRUE(AppliesToOffers({"fee_charged_to_worker", model::FlagSeverity::kBlock, "", ""}));
}

TEST(ComparisonJsonTest, RoundTripsWithKhmer) {
  Comparison c;
  c.meta = {"ofc_1", "2026-12-04T22:00:00Z", "2026-12-04T22:00:00Z"};
  c.individual_id = "ind_1";
  c.currency = "KHR";
  c.exchange_rates_version = 3;
  c.offer = BangkokOffer();
  c.offer.debt_interest_rate_month = 0.02;
  c.offer.fees_financed_by_debt = true;
  c.offer_income = {
      100,
      {{"Food and daily needs in Bangkok, Thailand", "offer.line.living",
        model::Json{{"where", "Bangkok, Thailand"}, {"where_km", "បាងកក ថៃ"}}, 100, "offer"}}};
  // A line saved before lines had codes.
  c.local = {{"vac_1", "Job", {50, {{"Wage", "", model::Json::object(), 50, "vacancy"}}}}};
  c.difference = 50;
  c.summary = {"Two sentences. Here.", "ប្រយោគពីរ។ នៅទីនេះ។"};
  const model::Json j = c;
  EXPECT_EQ(j["offer"]["net_monthly_income"]["currency"], "KHR");
  EXPECT_EQ(j["offer"]["lines"][0]["amount"]["amount"], 100);
  EXPECT_EQ(j["offer"]["lines"][0]["code"], "offer.line.living");
  EXPECT_EQ(j["offer"]["lines"][0]["params"]["where_km"], "បាងកក ថៃ");
  EXPECT_FALSE(j["local"][0]["lines"][0].contains("code"));
  EXPECT_EQ(j["difference"]["period"], "month");
  const Comparison back = j.get<Comparison>();
  EXPECT_EQ(model::Json(back), j);
  EXPECT_EQ(back.summary.km, c.summary.km);
}

TEST(BuiltinCostDataTest, EveryDestinationAndFigureIsSourcedAndDated) {
  const CostData& data = BuiltinCostData().data;
  for (const auto& [country, place] : {std::pair{"TH", "bangkok"},
                                       {"TH", "rayong"},
                                       {"TH", "chonburi"},
                                       {"TH", "border_provinces"},
                                       {"MY", "all"},
                                       {"KR", "eps"}}) {
    EXPECT_NE(data.FindPlace(country, place), nullptr) << country << " " << place;
  }
  std::vector<const Figure*> figures = {
      &data.home.commute_cost_per_km, &data.home.unmeasured_commute_km,
      &data.home.childcare_per_month, &data.home.default_debt_interest_rate_month};
  for (const Country& country : data.countries) {
    EXPECT_THAT(country.name.km, Not(IsEmpty()));
    for (const ByChannel* pair :
         {&country.remittance_cost_share, &country.income_lost_share, &country.contract_months}) {
      figures.push_back(&pair->regular);
      figures.push_back(&pair->irregular);
    }
    for (const Place& place : country.places) {
      EXPECT_THAT(place.name.km, Not(IsEmpty()));
      figures.push_back(&place.living);
      figures.push_back(&place.accommodation);
      EXPECT_TRUE(model::IsKnownCurrency(place.living.currency)) << place.id;
      EXPECT_TRUE(model::IsKnownCurrency(place.accommodation.currency)) << place.id;
    }
  }
  for (const Figure* f : figures) {
    EXPECT_THAT(f->source, Not(IsEmpty()));
    EXPECT_TRUE(Date::Parse(f->as_of).has_value()) << f->source;
    EXPECT_THAT(f->note, Not(IsEmpty())) << f->source;  // an estimate says how it was derived
    EXPECT_GT(f->value, 0) << f->source;
  }
}

// The paths of the errors of a refused cost data document.
std::vector<std::string> ErrorPaths(const StatusOr<CostData>& parsed) {
  std::vector<std::string> paths;
  for (const FieldError& error : parsed.status().errors()) paths.push_back(error.path);
  return paths;
}

TEST(ParseCostDataTest, ReadsTheShippedDocument) {
  const StatusOr<CostData> parsed =
      ParseCostData(BuiltinCostData().document, Date::Parse("2026-12-05"));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->countries.size(), BuiltinCostData().data.countries.size());
  ASSERT_NE(parsed->FindPlace("TH", "bangkok"), nullptr);
  EXPECT_EQ(parsed->FindPlace("TH", "bangkok")->accommodation.currency, "THB");
}

TEST(ParseCostDataTest, NamesEachProblemTheSchemaCannotSee) {
  model::Json doc = BuiltinCostData().document;
  doc["countries"][2]["country"] = "TH";                                 // twice
  doc["countries"][0]["places"][2]["place"] = "bangkok";                 // twice in TH
  doc["countries"][0]["remittance_cost_share"]["regular"]["value"] = 1;  // a share of 100%
  doc["countries"][1]["contract_months"]["irregular"]["value"] = 0;      // no contract
  doc["home"]["unmeasured_commute_km"]["as_of"] = "2026-02-30";          // no such day
  doc["home"]["childcare_per_month"]["as_of"] = "2026-12-06";            // tomorrow
  doc["countries"][1]["places"][0]["living"]["note"] = "";               // estimate, no note
  const StatusOr<CostData> parsed = ParseCostData(doc, Date::Parse("2026-12-05"));
  ASSERT_EQ(parsed.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorPaths(parsed), (std::vector<std::string>{
                                    "/home/unmeasured_commute_km/as_of",
                                    "/home/childcare_per_month/as_of",
                                    "/countries/0/remittance_cost_share/regular/value",
                                    "/countries/0/places/2/place",
                                    "/countries/1/contract_months/irregular/value",
                                    "/countries/1/places/0/living/note",
                                    "/countries/2/country",
                                }));
  EXPECT_THAT(parsed.status().errors()[6].message, HasSubstr("/countries/0"));
}

TEST(ParseCostDataTest, WithoutADateAFutureFigureIsAccepted) {
  // Stored data is read back without the date check, so that a server whose clock runs behind
  // the admin's still starts.
  model::Json doc = BuiltinCostData().document;
  doc["home"]["childcare_per_month"]["as_of"] = "2030-01-01";
  EXPECT_FALSE(ParseCostData(doc, Date::Parse("2026-12-05")).ok());
  EXPECT_TRUE(ParseCostData(doc, std::nullopt).ok());
}

TEST(ParseCostDataTest, AWrongShapeIsAnErrorNotACrash) {
  for (const char* text : {"{}", R"({"home": 1, "countries": []})", "[]", "null"}) {
    EXPECT_EQ(ParseCostData(model::Json::parse(text), std::nullopt).status().code(),
              StatusCode::kInvalidArgument)
        << text;
  }
}

TEST(CostDataInForceTest, AReplacementIsSeenByTheNextReaderAndNotByAnEarlierOne) {
  const std::shared_ptr<const CostDataVersion> earlier = CostDataInForce();
  CostDataVersion replacement = BuiltinCostData();
  replacement.version = 7;
  replacement.data.countries.pop_back();
  PutCostDataInForce(replacement);
  EXPECT_EQ(CostDataInForce()->version, 7);
  EXPECT_EQ(CostDataInForce()->data.FindCountry("KR"), nullptr);
  EXPECT_EQ(earlier->version, 0);
  EXPECT_NE(earlier->data.FindCountry("KR"), nullptr);
  PutCostDataInForce(BuiltinCostData());
}

}  // namespace
}  // namespace homeward::offer
