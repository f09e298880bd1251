// A province's labour-market data, supplied by its plugin and replaceable through the API.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace homeward::model {

struct SeasonalPeriod {
  std::string name;            // e.g. "wet-season rice planting"
  std::string sector;          // e.g. "agriculture"
  int from_month = 1;          // 1..12
  int to_month = 12;           // may wrap around the year end
  double labour_demand = 1.0;  // multiplier on the sector's demand
};

struct MarketData {
  std::string province;                        // ISO 3166-2:KH
  double living_wage = 0;                      // USD per month, one worker
  double poverty_line = 0;                     // USD per person per month
  double minimum_wage = 0;                     // USD per month, national anchor
  std::map<std::string, double> median_wages;  // ISCO-08 code -> USD per month
  // sector -> demand index per month (index 0 = January), 1.0 = normal, higher = more hiring.
  std::map<std::string, std::array<double, 12>> sector_demand;
  std::vector<SeasonalPeriod> seasons;
  std::string source;
  std::string as_of;  // YYYY-MM-DD
  int version = 0;    // increases with every replacement through the API

  // The median monthly wage for `isco`, walking up the ISCO hierarchy (7533 -> 753 -> 75 -> 7).
  std::optional<double> MedianWageFor(const std::string& isco) const;
  // Demand index for `sector` in `month` (1..12); 1.0 when unknown.
  double DemandFor(const std::string& sector, int month) const;
};

}  // namespace homeward::model
