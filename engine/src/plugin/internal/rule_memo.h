// A plugin's job-rule answers, remembered so that a shortlist asks the plugin's process only
// about pairs it has not answered before.
//
// A rule function answers from its input alone (docs/plugin-guide.md, "Declaring what your
// rules read"): the person as the plugin reads them (the members it declared) with the month,
// and the vacancy with its money converted at the exchange rates in force. So an answer is kept
// under the vacancy record itself, the rates table, and the person's part of the input as sent.
// The memo holds the record and the table, so that their addresses cannot be reused for
// another: an edited vacancy is a new record and replaced rates a new table, and neither is
// answered from before. A vacancy that owns nothing (policy::Unowned) is never kept.
//
// Bounded: two generations of at most kVacancies vacancies each, and at most kPeoplePerVacancy
// answers for each; when the newer generation is full the older is dropped, so what is still
// asked about stays and the rest goes. Thread-safe.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "homeward/base/mutex.h"
#include "homeward/model/exchange_rates.h"
#include "homeward/policy/province_policy.h"

namespace homeward::plugin::internal {

class JobRuleMemo {
 public:
  using Rates = std::shared_ptr<const model::ExchangeRates>;
  static constexpr size_t kVacancies = size_t{1} << 17;
  static constexpr size_t kPeoplePerVacancy = 8;

  // What is remembered of one vacancy for one person.
  struct Recall {
    std::optional<std::vector<policy::RuleEffect>> effects;  // the answer, when there is one
    std::string input;  // the vacancy's rules input written before at these rates; "" when none
  };

  // What is remembered of each of `vacancies`, in order, for the person part `person` at `rates`.
  std::vector<Recall> Find(const std::vector<policy::SharedVacancy>& vacancies, const Rates& rates,
                           std::string_view person);
  // Keeps the answer `effects` for `vacancy` (whose rules input at `rates` is `input`) and the
  // person part `person`.
  void Keep(const policy::SharedVacancy& vacancy, const Rates& rates, std::string input,
            std::string person, std::vector<policy::RuleEffect> effects);

 private:
  struct Entry {
    policy::SharedVacancy vacancy;
    Rates rates;
    std::string input;
    std::vector<std::pair<std::string, std::vector<policy::RuleEffect>>> answers;  // oldest first
  };
  using Generation = std::unordered_map<const model::Vacancy*, Entry>;

  // The entry of `vacancy` in the newer generation, moved there from the older when it was
  // there; null when neither has it.
  Entry* Current(const model::Vacancy* vacancy) HW_REQUIRES(mu_);

  Mutex mu_;
  Generation newer_ HW_GUARDED_BY(mu_);
  Generation older_ HW_GUARDED_BY(mu_);
};

}  // namespace homeward::plugin::internal
