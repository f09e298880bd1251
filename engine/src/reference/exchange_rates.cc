#include "homeward/reference/exchange_rates.h"

#include <cstdlib>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <utility>

#include "homeward/model/json.h"
#include "homeward/reference/embedded_reference.h"

namespace homeward::reference {
namespace {

std::mutex& InForceMutex() {
  static std::mutex mutex;
  return mutex;
}

std::shared_ptr<const model::ExchangeRates>& InForce() {
  static std::shared_ptr<const model::ExchangeRates> rates;
  return rates;
}

}  // namespace

const model::ExchangeRates& DefaultExchangeRates() {
  // The data is part of the build: malformed data is a build defect and aborts at first use.
  static const model::ExchangeRates* const rates = [] {
    try {
      const nlohmann::json doc = nlohmann::json::parse(embedded::find("exchange-rates.json"));
      auto* parsed = new model::ExchangeRates(doc.get<model::ExchangeRates>());
      parsed->version = 0;
      parsed->created_by = "builtin";
      parsed->created_at = doc.at("published").get<std::string>();
      return parsed;
    } catch (const std::exception& e) {
      std::cerr << "homeward: embedded exchange rates are malformed: " << e.what() << '\n';
      std::abort();
    }
  }();
  return *rates;
}

std::shared_ptr<const model::ExchangeRates> RatesInForce() {
  std::lock_guard<std::mutex> lock(InForceMutex());
  if (!InForce()) InForce() = std::make_shared<const model::ExchangeRates>(DefaultExchangeRates());
  return InForce();
}

void PutRatesInForce(model::ExchangeRates rates) {
  auto table = std::make_shared<const model::ExchangeRates>(std::move(rates));
  std::lock_guard<std::mutex> lock(InForceMutex());
  InForce() = std::move(table);
}

}  // namespace homeward::reference
