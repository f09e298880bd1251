// The exchange rates in force in this process: the shipped defaults
// (engine/data/reference/exchange-rates.json) until the service puts a replaced table in force.
// Every comparison of money reads them here, so a replacement takes effect at the next one.
//
// Thread-safety: both functions may be called from any thread; a reader keeps the table it got
// even while it is replaced.
#pragma once

#include <memory>

#include "homeward/model/exchange_rates.h"

namespace homeward::reference {

// The shipped default table (version 0), parsed once.
const model::ExchangeRates& DefaultExchangeRates();

// The table in force: the last one given to PutRatesInForce, else the defaults.
std::shared_ptr<const model::ExchangeRates> RatesInForce();
void PutRatesInForce(model::ExchangeRates rates);

}  // namespace homeward::reference
