// Conversions between US dollars, riel and baht, and their rounding (docs/money.md). The rates
// here are round numbers chosen so that every expected figure can be checked by hand.
#include "homeward/model/exchange_rates.h"

#include <gtest/gtest.h>

#include "homeward/model/json.h"
#include "status_matchers.h"

namespace homeward::model {
namespace {

using homeward::testing::StatusIs;

ExchangeRates Table(double khr, double thb) {
  ExchangeRates rates;
  rates.rates.push_back({"KHR", khr, Date{2026, 12, 1}, "National Bank of Cambodia", "", ""});
  rates.rates.push_back({"THB", thb, Date{2026, 12, 1}, "Bank of Thailand", "", ""});
  return rates;
}

TEST(ExchangeRatesTest, ConvertsToAndFromUsd) {
  const ExchangeRates rates = Table(4000, 32);
  ASSERT_OK_AND_ASSIGN(double usd, rates.ToUsd(1000000, "KHR"));
  EXPECT_DOUBLE_EQ(usd, 250.0);
  ASSERT_OK_AND_ASSIGN(usd, rates.ToUsd(12000, "THB"));
  EXPECT_DOUBLE_EQ(usd, 375.0);
  ASSERT_OK_AND_ASSIGN(usd, rates.ToUsd(99.5, "USD"));
  EXPECT_DOUBLE_EQ(usd, 99.5);
  ASSERT_OK_AND_ASSIGN(double riel, rates.FromUsd(2.5, "KHR"));
  EXPECT_DOUBLE_EQ(riel, 10000.0);
  EXPECT_THAT(rates.ToUsd(1, "EUR"), StatusIs(StatusCode::kNotFound));
}

TEST(ExchangeRatesTest, MonthlyUsdConvertsThePeriodThenTheCurrency) {
  const ExchangeRates rates = Table(4000, 32);
  // 40,000 riel a day at 48 hours a week: 40,000 x 6 days x 52/12 weeks = 1,040,000 riel.
  ASSERT_OK_AND_ASSIGN(double usd, rates.MonthlyUsd({40000, "KHR", MoneyPeriod::kDay}, 48));
  EXPECT_NEAR(usd, 260.0, 1e-9);
  // 50 baht an hour at 40 hours a week: 50 x 40 x 52/12 = 8,666.67 baht = $270.83.
  ASSERT_OK_AND_ASSIGN(usd, rates.MonthlyUsd({50, "THB", MoneyPeriod::kHour}, 40));
  EXPECT_NEAR(usd, 8666.6666667 / 32, 1e-6);
  EXPECT_DOUBLE_EQ(rates.UsdOrZero({8000, "KHR", MoneyPeriod::kMonth}), 2.0);
  EXPECT_DOUBLE_EQ(rates.UsdOrZero({8000, "EUR", MoneyPeriod::kMonth}), 0.0);
}

TEST(ExchangeRatesTest, ComparisonsAreNotRoundedButDisplayIs) {
  const ExchangeRates rates = Table(4000, 32);
  ASSERT_OK_AND_ASSIGN(double usd, rates.ToUsd(100, "KHR"));
  EXPECT_DOUBLE_EQ(usd, 0.025);  // exact inside a comparison
  // Shown to people: half away from zero to the smallest unit in use.
  EXPECT_DOUBLE_EQ(RoundForDisplay(usd, "USD"), 0.03);
  EXPECT_DOUBLE_EQ(RoundForDisplay(-0.025, "USD"), -0.03);
  EXPECT_DOUBLE_EQ(RoundForDisplay(0.5, "KHR"), 1.0);
  EXPECT_DOUBLE_EQ(RoundForDisplay(1234.4, "KHR"), 1234.0);
  EXPECT_DOUBLE_EQ(RoundForDisplay(2.5, "THB"), 2.5);
  EXPECT_DOUBLE_EQ(RoundForDisplay(270.8333, "USD"), 270.83);
}

TEST(ExchangeRatesTest, ValidationNamesEveryProblem) {
  ExchangeRates rates;
  rates.rates.push_back({"KHR", 0, Date{2099, 1, 1}, " ", "", ""});
  rates.rates.push_back({"KHR", 4000, Date{2026, 1, 1}, "NBC", "", ""});
  rates.rates.push_back({"USD", 1, Date{2026, 1, 1}, "NBC", "", ""});
  Status status = ValidateExchangeRates(rates, Date{2026, 12, 4});
  ASSERT_EQ(status.code(), StatusCode::kInvalidArgument);
  std::vector<std::string> paths;
  for (const FieldError& e : status.errors()) paths.push_back(e.path);
  EXPECT_EQ(paths,
            (std::vector<std::string>{"/rates/0/per_usd", "/rates/0/as_of", "/rates/0/source",
                                      "/rates/1/currency", "/rates/2/currency", "/rates"}));
  EXPECT_TRUE(ValidateExchangeRates(Table(4100, 33), Date{2026, 12, 4}).ok());
}

TEST(ExchangeRatesTest, HouseholdAmountsKeepTheirCurrency) {
  Json in = {{"given_name", "A"},
             {"birth_date", "2001-04-13"},
             {"province", "KH-14"},
             {"household",
              {{"size", 4},
               {"monthly_income", 150},
               {"debt", {{"amount", 6000000}, {"currency", "KHR"}, {"period", "month"}}}}}};
  ASSERT_OK_AND_ASSIGN(Individual person, ParseModel<Individual>(in));
  EXPECT_EQ(person.household.monthly_income.currency, "USD");
  EXPECT_DOUBLE_EQ(person.household.monthly_income.amount, 150);
  EXPECT_EQ(person.household.debt.currency, "KHR");
  EXPECT_DOUBLE_EQ(person.household.debt.amount, 6000000);
  const Json out = person;
  // A USD income is written back as the plain number a USD-only client sent; riel stays money.
  EXPECT_EQ(out["household"]["monthly_income"], Json(150.0));
  EXPECT_EQ(out["household"]["debt"],
            (Json{{"amount", 6000000.0}, {"currency", "KHR"}, {"period", "month"}}));
  EXPECT_DOUBLE_EQ(Table(4000, 32).UsdOrZero(person.household.debt), 1500.0);
}

TEST(ExchangeRatesTest, RoundTripsThroughJson) {
  ExchangeRates rates = Table(4020, 32.5);
  rates.version = 2;
  rates.created_by = "key_1";
  rates.created_at = "2026-12-04T19:00:00Z";
  const Json j = rates;
  EXPECT_EQ(j["base"], "USD");
  ASSERT_OK_AND_ASSIGN(ExchangeRates back, ParseModel<ExchangeRates>(j));
  EXPECT_EQ(Json(back).dump(), j.dump());
}

}  // namespace
}  // namespace homeward::model
