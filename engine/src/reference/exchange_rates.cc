#include "homeward/reference/exchange_rates.h"

#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>
#include <utility>

#include "homeward/base/mutex.h"
#include "homeward/model/json.h"
#include "homeward/reference/embedded_reference.h"

namespace homeward::reference {
namespace {

// The table in force and the lock that guards it, made on first use.
struct InForceTable {
  Mutex mu;
  std::shared_ptr<const model::ExchangeRates> rates HW_GUARDED_BY(mu);
};

InForceTable& InForce() {
  static InForceTable table;
  return table;
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
  InForceTable& in_force = InForce();
  MutexLock lock(&in_force.mu);
  if (!in_force.rates) {
    in_force.rates = std::make_shared<const model::ExchangeRates>(DefaultExchangeRates());
  }
  return in_force.rates;
}

void PutRatesInForce(model::ExchangeRates rates) {
  auto table = std::make_shared<const model::ExchangeRates>(std::move(rates));
  InForceTable& in_force = InForce();
  MutexLock lock(&in_force.mu);
  in_force.rates = std::move(table);
}

}  // namespace homeward::reference
