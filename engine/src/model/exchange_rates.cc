#include "homeward/model/exchange_rates.h"

#include <cmath>
#include <set>
#include <utility>

namespace homeward::model {

bool IsKnownCurrency(std::string_view currency) {
  return currency == "USD" || currency == "KHR" || currency == "THB";
}

const ExchangeRate* ExchangeRates::Find(std::string_view currency) const {
  for (const ExchangeRate& rate : rates) {
    if (rate.currency == currency) return &rate;
  }
  return nullptr;
}

StatusOr<double> ExchangeRates::ToUsd(double amount, std::string_view currency) const {
  if (currency == kBaseCurrency) return amount;
  const ExchangeRate* rate = Find(currency);
  if (rate == nullptr || !(rate->per_usd > 0)) {
    return Status::NotFound("no exchange rate in force for " + std::string(currency));
  }
  return amount / rate->per_usd;
}

StatusOr<double> ExchangeRates::FromUsd(double usd, std::string_view currency) const {
  if (currency == kBaseCurrency) return usd;
  const ExchangeRate* rate = Find(currency);
  if (rate == nullptr || !(rate->per_usd > 0)) {
    return Status::NotFound("no exchange rate in force for " + std::string(currency));
  }
  return usd * rate->per_usd;
}

StatusOr<double> ExchangeRates::MonthlyUsd(const Money& money, double hours_per_week) const {
  return ToUsd(money.Monthly(hours_per_week), money.currency);
}

double ExchangeRates::UsdOrZero(const Money& money) const {
  return ToUsd(money.amount, money.currency).value_or(0);
}

Status ValidateExchangeRates(const ExchangeRates& rates, const Date& today) {
  std::vector<FieldError> errors;
  std::set<std::string> seen;
  for (size_t i = 0; i < rates.rates.size(); ++i) {
    const ExchangeRate& rate = rates.rates[i];
    const std::string at = "/rates/" + std::to_string(i);
    if (rate.currency == kBaseCurrency) {
      errors.push_back({at + "/currency", "USD is the base currency and has no rate"});
    } else if (!IsKnownCurrency(rate.currency)) {
      errors.push_back({at + "/currency", "must be KHR or THB"});
    } else if (!seen.insert(rate.currency).second) {
      errors.push_back({at + "/currency", "appears twice; give one rate per currency"});
    }
    if (!(rate.per_usd > 0) || !std::isfinite(rate.per_usd)) {
      errors.push_back({at + "/per_usd", "must be a number above zero"});
    }
    if (today < rate.as_of) errors.push_back({at + "/as_of", "is in the future"});
    if (rate.source.find_first_not_of(" \t\r\n") == std::string::npos) {
      errors.push_back({at + "/source", "must name who published the rate"});
    }
  }
  for (const char* currency : {"KHR", "THB"}) {
    if (seen.count(currency) == 0 && rates.Find(currency) == nullptr) {
      errors.push_back({"/rates", std::string("needs a rate for ") + currency});
    }
  }
  if (errors.empty()) return Status::Ok();
  return Status::InvalidArgument("the exchange rates are not valid", std::move(errors));
}

double RoundForDisplay(double amount, std::string_view currency) {
  const double unit = currency == "KHR" ? 1.0 : 0.01;
  return std::round(amount / unit) * unit;
}

}  // namespace homeward::model
