// What each province's policy says, looked up once per query: the policy, its match weights,
// market figures and the person's wage target there, and its demand by sector and month.
// One per query; not shared between threads.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

#include "homeward/policy/province_policy.h"
#include "internal/columns.h"
#include "internal/core.h"

namespace homeward::matching::internal {

class PolicyCache {
 public:
  PolicyCache(const policy::PolicyProvider& provider, const Interner& provinces,
              const Interner& sectors, const model::Household& household)
      : provider_(provider),
        provinces_(provinces),
        sectors_(sectors),
        household_(household),
        usd_per_unit_(UsdPerUnit()) {}

  // US dollars per unit of each currency for this query.
  const std::array<double, kCurrencies>& usd_per_unit() const { return usd_per_unit_; }

  struct Entry {
    std::shared_ptr<const policy::ProvincePolicy> policy;
    std::array<double, kComponents> weights{};
    internal::MarketFacts market;
    double wage_target = 0;      // internal::WageTarget for the person's household
    std::vector<double> demand;  // sector * 13 + month -> index; NaN until looked up
  };

  Entry& For(uint32_t province) {
    if (province < entries_.size() && entries_[province]) return *entries_[province];
    if (province >= entries_.size()) entries_.resize(province + 1);
    auto entry_ptr = std::make_unique<Entry>();
    Entry& entry = *entry_ptr;
    entry.policy = provider_.ForProvince(province == kUnknown ? "" : provinces_.Name(province));
    entry.weights =
        internal::NormalisedWeights(entry.policy->AdjustWeights(policy::MatchWeights{}));
    const model::MarketData& m = entry.policy->Market();
    entry.market = {m.living_wage, m.poverty_line, m.minimum_wage, 1.0};
    entry.wage_target =
        internal::WageTarget(household_.size,
                             usd_per_unit_[CurrencyCodeOf(household_.monthly_income.currency)] *
                                 household_.monthly_income.amount,
                             entry.market);
    entry.demand.assign(sectors_.size() * 13, std::numeric_limits<double>::quiet_NaN());
    entries_[province] = std::move(entry_ptr);
    return entry;
  }

  double Demand(Entry& entry, uint32_t sector, int month) {
    double& d = entry.demand[sector * 13 + static_cast<uint32_t>(month)];
    if (std::isnan(d)) d = entry.policy->Market().DemandFor(sectors_.Name(sector), month);
    return d;
  }

 private:
  const policy::PolicyProvider& provider_;
  const Interner& provinces_;
  const Interner& sectors_;
  const model::Household& household_;
  const std::array<double, kCurrencies> usd_per_unit_;
  std::vector<std::unique_ptr<Entry>> entries_;  // by interned province id
};

}  // namespace homeward::matching::internal
