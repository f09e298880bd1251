// Exchange rates replaced through the API, every version kept (docs/money.md). The shipped
// defaults are version 0 and live in the reference data, not here.
#pragma once

#include <string_view>
#include <vector>

#include "homeward/base/status.h"
#include "homeward/model/exchange_rates.h"

namespace homeward::store {

namespace internal {
class Connection;
}

class ExchangeRateHistory {
 public:
  explicit ExchangeRateHistory(internal::Connection& connection) : connection_(&connection) {}
  // The latest stored table; NOT_FOUND when none was ever stored.
  StatusOr<model::ExchangeRates> Current() const;
  // Every stored table, newest first (empty when none).
  StatusOr<std::vector<model::ExchangeRates>> History() const;

 protected:
  internal::Connection* connection_;
};

class WriteExchangeRateHistory : public ExchangeRateHistory {
 public:
  using ExchangeRateHistory::ExchangeRateHistory;
  // Stores `rates` as the next version, made by `by`, and returns it with version, created_by
  // and created_at set.
  StatusOr<model::ExchangeRates> Put(model::ExchangeRates rates, std::string_view by) const;
};

}  // namespace homeward::store
