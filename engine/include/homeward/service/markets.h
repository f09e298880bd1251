// What each province brings: its plugin, its market data; and the reference data every province
// shares that admins replace: exchange rates and destination costs.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "homeward/model/exchange_rates.h"
#include "homeward/model/json.h"
#include "homeward/model/market.h"
#include "homeward/offer/comparison.h"
#include "homeward/plugin/plugin_host.h"
#include "homeward/service/caller.h"

namespace homeward::service {

class Markets {
 public:
  explicit Markets(internal::Context& context) : context_(&context) {}

  // Plugins and provinces (the API lets every role list provinces, and admins and analysts read
  // plugins and market data).
  std::vector<plugin::PluginView> Plugins() const;
  StatusOr<plugin::PluginView> Plugin(std::string_view id) const;

  // Loads the plugin folders again (admins); market data replaced through the API stays.
  StatusOr<std::vector<plugin::PluginView>> ReloadPlugins(const Caller& caller);
  std::vector<plugin::ProvinceView> Provinces() const;

  // The market data in force for `province`; NOT_FOUND for an unknown code.
  StatusOr<model::MarketData> Market(std::string_view province) const;

  // Replaces a province's market data (analysts of the province, admins): validated by schema and
  // by the province's plugin, stored as the next version with who and when, and in force for the
  // next match. PERMISSION_DENIED outside the caller's provinces.
  void ReplaceMarket(const Caller& caller, std::string province, model::Json market,
                     Done<model::MarketData> done);

  // Exchange rates (docs/money.md): the table in force (every role may read it).
  model::ExchangeRates ExchangeRatesInForce() const;

  // Replaces the table (admins): validated (each problem named), stored as the next version with
  // who and when, audited, and in force for the next comparison of money (matches, screening,
  // vulnerability on the next write of a person).
  void ReplaceExchangeRates(const Caller& caller, model::ExchangeRates rates,
                            Done<model::ExchangeRates> done);

  // Destination costs for the stay-home comparison (docs/offer-comparison.md): the version in
  // force (every role may read it).
  std::shared_ptr<const offer::CostDataVersion> DestinationCostsInForce() const;

  // Replaces them (admins): the document is checked (offer::ParseCostData names each problem),
  // stored as the next version with who and when, audited, and in force for the next comparison.
  // Comparisons already saved keep their figures and say which version they were made with.
  void ReplaceDestinationCosts(const Caller& caller, model::Json document,
                               Done<offer::CostDataVersion> done);

 private:
  internal::Context* context_;
};

}  // namespace homeward::service
