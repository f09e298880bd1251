// Value types shared by every resource of the domain model (see docs/api.md).
// Plain structs: no invariants beyond what the JSON Schemas in schemas/ enforce at the edge.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "homeward/base/time.h"

namespace homeward::model {

struct GeoPoint {
  double lat = 0;
  double lon = 0;
};

enum class MoneyPeriod { kMonth, kDay, kHour };

// An amount of money per period, in the currency it was given in: "USD", "KHR" or "THB"
// (model/exchange_rates.h converts between them with the rates in force).
struct Money {
  double amount = 0;
  std::string currency = "USD";
  MoneyPeriod period = MoneyPeriod::kMonth;

  // The amount per month in the same currency, assuming `hours_per_week` of work (a day is 8 hours,
  // a month is 52/12 weeks). Used to compare wages with monthly market figures.
  double Monthly(double hours_per_week) const;
};

// `amount` US dollars a month (household amounts given as plain numbers are this).
inline Money UsdPerMonth(double amount) {
  return Money{amount, "USD", MoneyPeriod::kMonth};
}

// A skill a person has (level 1..5) or a vacancy requires (min_level 1..5); `code` is an id of
// the skills taxonomy (engine/data/reference/skills.json).
struct SkillLevel {
  std::string code;
  int level = 1;
};

// Identity and timestamps every stored resource carries.
struct RecordMeta {
  std::string id;
  std::string created_at;  // RFC 3339 UTC
  std::string updated_at;  // RFC 3339 UTC
};

}  // namespace homeward::model
