// What each province's policy says, looked up once per query: the policy, its match weights,
// market figures and the person's wage target there, what rules can move the score of the
// person's pairs there, and its demand by sector and month. One per query; not shared between
// threads.
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

static_assert(RowRulePoints::kFar == policy::kMaxRulePoints);

class PolicyCache {
 public:
  using Policies = std::vector<std::shared_ptr<const policy::ProvincePolicy>>;

  // `vacancy_rule_policies`: by interned province, the policy whose vacancy ranges the index
  // holds (MatchIndex::State::rule_points_policy); null when the query reads none.
  PolicyCache(const policy::PolicyProvider& provider, const Interner& provinces,
              const Interner& sectors, const model::Individual& person, const Date& today,
              const Policies* vacancy_rule_policies = nullptr)
      : provider_(provider),
        vacancy_rule_policies_(vacancy_rule_policies),
        provinces_(provinces),
        sectors_(sectors),
        person_(person),
        today_(today),
        household_(person.household),
        home_(person.province.empty() ? nullptr : provider.ForProvince(person.province)),
        usd_per_unit_(UsdPerUnit()) {}

  // The policy of the person's home province; null when they have none.
  const policy::ProvincePolicy* home() const { return home_.get(); }

  // US dollars per unit of each currency for this query.
  const std::array<double, kCurrencies>& usd_per_unit() const { return usd_per_unit_; }

  struct Entry {
    std::shared_ptr<const policy::ProvincePolicy> policy;
    std::array<double, kComponents> weights{};
    internal::MarketFacts market;
    double wage_target = 0;        // internal::WageTarget for the person's household
    policy::RuleRange rules;       // policy::PairRuleRange of the person's pairs in the province
    policy::RuleRange own;         // the province's policy's part of it (RulePointsFor)
    policy::RuleRange home{0, 0};  // the home province's part (none, or the same policy: 0)
    bool vacancy_ranges = false;   // the index's vacancy ranges of the province are this policy's
    std::vector<double> demand;    // sector * 13 + month -> index; NaN until looked up

    // The range of the person's pair with a vacancy row of the province whose own range the
    // index holds as `vacancy`: the policy's part cut to it when it is this policy's.
    policy::RuleRange ForVacancy(const RowRulePoints& vacancy) const {
      if (!vacancy_ranges) return rules;
      return policy::Plus(policy::Within(own, {static_cast<double>(vacancy.least),
                                               static_cast<double>(vacancy.most)}),
                          home);
    }
  };

  Entry& For(uint32_t province) {
    if (province < entries_.size() && entries_[province]) return *entries_[province];
    return Add(province);
  }

  double Demand(Entry& entry, uint32_t sector, int month) {
    double& d = entry.demand[sector * 13 + static_cast<uint32_t>(month)];
    if (std::isnan(d)) d = entry.policy->Market().DemandFor(sectors_.Name(sector), month);
    return d;
  }

 private:
  // For's first look-up of a province, kept out of line: the scan calls For for every row.
  __attribute__((noinline)) Entry& Add(uint32_t province) {
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
    entry.own = entry.policy->RulePointsFor(person_, today_);
    if (home_ != nullptr && home_ != entry.policy)
      entry.home = home_->RulePointsFor(person_, today_);
    entry.rules = policy::Plus(entry.own, entry.home);
    entry.vacancy_ranges = vacancy_rule_policies_ != nullptr && province != kUnknown &&
                           province < vacancy_rule_policies_->size() &&
                           (*vacancy_rule_policies_)[province] == entry.policy;
    entry.demand.assign(sectors_.size() * 13, std::numeric_limits<double>::quiet_NaN());
    entries_[province] = std::move(entry_ptr);
    return entry;
  }

  const policy::PolicyProvider& provider_;
  const Policies* vacancy_rule_policies_;
  const Interner& provinces_;
  const Interner& sectors_;
  const model::Individual& person_;
  const Date today_;
  const model::Household& household_;
  const std::shared_ptr<const policy::ProvincePolicy> home_;  // null: the person has no province
  const std::array<double, kCurrencies> usd_per_unit_;
  std::vector<std::unique_ptr<Entry>> entries_;  // by interned province id
};

}  // namespace homeward::matching::internal
