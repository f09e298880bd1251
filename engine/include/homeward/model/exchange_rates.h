// Exchange rates between the currencies people in Homeward are paid in (USD, KHR, THB) and the
// conversions every comparison of money goes through (docs/money.md).
//
// Amounts keep the currency they were given in; only comparisons convert, each time with the
// rates in force (reference::RatesInForce()), so a replaced table takes effect at the next
// comparison without rewriting any record.
//
// Rounding: conversions are computed in double precision and are never rounded inside a
// comparison. An amount converted for people to read (RoundForDisplay) is rounded half away
// from zero to the currency's smallest unit in use: 0.01 for USD and THB, 1 riel for KHR.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "homeward/base/status.h"
#include "homeward/model/common.h"

namespace homeward::model {

// The currencies Homeward accepts; every rate is quoted against USD.
inline constexpr std::string_view kBaseCurrency = "USD";
bool IsKnownCurrency(std::string_view currency);

// One rate: how many units of `currency` one US dollar buys, with where the figure comes from.
struct ExchangeRate {
  std::string currency;  // "KHR" or "THB"
  double per_usd = 0;    // > 0
  Date as_of;            // the day the source quoted the rate
  std::string source;    // who published it (e.g. the National Bank of Cambodia's official rate)
  std::string source_url;
  std::string note;  // e.g. that a figure is an estimate and how it was derived
};

// A complete table: one rate for every currency other than USD, versioned like market data.
struct ExchangeRates {
  std::vector<ExchangeRate> rates;
  int version = 0;         // 0: the shipped defaults; 1, 2, ...: replaced through the API
  std::string created_by;  // API key id; empty for the shipped defaults
  std::string created_at;  // RFC 3339 UTC; empty for the shipped defaults

  // The rate of `currency`; nullptr for USD (always 1) or a currency not in the table.
  const ExchangeRate* Find(std::string_view currency) const;

  // `amount` of `currency` in US dollars. NOT_FOUND for a currency without a rate.
  StatusOr<double> ToUsd(double amount, std::string_view currency) const;
  // `usd` US dollars in `currency`.
  StatusOr<double> FromUsd(double usd, std::string_view currency) const;
  // The monthly amount of `money` in US dollars (Money::Monthly, then ToUsd).
  StatusOr<double> MonthlyUsd(const Money& money, double hours_per_week) const;
  // Like ToUsd, but 0 for a currency without a rate (bodies are validated at the edge, so
  // this only matters for data written before a currency was known).
  double UsdOrZero(const Money& money) const;
};

// Checks a table an admin wants to put in force; every problem is named with its JSON pointer
// (a rate not above zero, a currency twice, a missing KHR or THB rate, USD quoted against itself,
// a date in the future). `today` is the server's date.
Status ValidateExchangeRates(const ExchangeRates& rates, const Date& today);

// `amount` rounded half away from zero to the smallest unit of `currency` (see above).
double RoundForDisplay(double amount, std::string_view currency);

}  // namespace homeward::model
