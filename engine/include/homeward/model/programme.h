// A livelihood programme: an opportunity that is neither a vacancy nor a training course (a
// start-up grant, agricultural inputs, a savings group, cash-for-work...), with who it is for
// (eligibility) and what it is worth to a household (support given, expected income gain).
// See docs/api.md ("Programmes") and docs/matching.md ("Programmes").
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "homeward/model/common.h"
#include "homeward/model/individual.h"

namespace homeward::model {

enum class ProgrammeKind {
  kSelfEmploymentGrant,
  kAgriculturalInputs,
  kHomeGardenFoodSecurity,
  kSavingsGroup,
  kCashForWork,
  kApprenticeship,
  kOther,
};

// Who a programme is for. Every rule left unset admits everyone.
struct ProgrammeEligibility {
  std::optional<int> min_age;
  std::optional<int> max_age;
  std::vector<Sex> sexes;          // empty: every sex
  std::vector<int> idpoor_levels;  // IDPoor levels 1 and/or 2; empty: IDPoor not required
  std::optional<Money> max_monthly_income_per_head;  // household income / household size
  bool survivors_only = false;
};

// Money a month with where the figure comes from.
struct SourcedMoney {
  Money money;
  std::string source;
};

struct Programme {
  RecordMeta meta;
  ProgrammeKind kind = ProgrammeKind::kOther;
  std::string provider;
  std::string title;
  std::string description;
  std::string province;
  std::vector<std::string> districts;  // empty: the whole province
  std::optional<GeoPoint> location;
  int seats = 1;
  std::optional<Date> starts_on;
  std::optional<Date> ends_on;
  ProgrammeEligibility eligibility;
  Money support;                                     // the value given to a participant
  std::optional<SourcedMoney> expected_income_gain;  // per month, with its source
  int seats_filled = 0;                              // read-only: participants enrolled

  int SeatsLeft() const { return seats > seats_filled ? seats - seats_filled : 0; }
};

}  // namespace homeward::model
