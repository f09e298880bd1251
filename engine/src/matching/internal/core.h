// The numeric core of the match score, shared by the record-level functions (match.h) and the
// columnar index: both reduce their inputs to these compact facts, so the index's ranking and
// the explained scores it returns are the same numbers. Pure functions; thread-safe.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "homeward/matching/match.h"

namespace homeward::matching::internal {

inline constexpr double kNoCoordinate = std::numeric_limits<double>::quiet_NaN();
inline constexpr int kMaxInlineSkills = 8;

// Benefits the preferences component looks for.
enum Benefit : uint8_t { kChildcare = 1, kTransport = 2, kAccommodation = 4, kMeals = 8 };
uint8_t BenefitMask(const std::vector<std::string>& benefits);

// An ISCO-08 code as up to 4 digits (empty when none).
struct Isco {
  std::array<char, 4> digits{};
  uint8_t length = 0;
  static Isco Of(const std::string& code);
  // Digits in common from the start (0..4).
  int CommonPrefix(const Isco& other) const {
    int n = 0;
    const int limit = std::min(length, other.length);
    while (n < limit && digits[static_cast<size_t>(n)] == other.digits[static_cast<size_t>(n)]) {
      ++n;
    }
    return n;
  }
};

// Where something is: interned province and district, optional coordinates.
struct Place {
  uint32_t province = 0;
  uint32_t district = 0;
  double lat = kNoCoordinate;
  double lon = kNoCoordinate;
  bool HasCoordinates() const { return !std::isnan(lat); }
};

// What the scoring of one person needs, computed once per query.
struct PersonProfile {
  Place home;
  double max_commute_km = 10;
  std::vector<uint8_t> skill_levels;  // interned skill id -> level (0 = none)
  std::vector<Isco> desired;
  int dependents = 0;
  int household_size = 1;
  double household_income = 0;
};

// What the scoring of one vacancy needs (one index row).
struct JobFacts {
  Place place;
  Isco occupation;
  double monthly_wage = 0;
  double hours = 48;
  model::Contract contract = model::Contract::kPermanent;
  uint8_t benefits = 0;
  bool work_abroad = false;
  // Index only (interned sector, start month 1..12 or 0): kept here so that scoring a row
  // touches one place in memory.
  uint32_t sector = 0;
  uint8_t start_month = 0;
};

// Market figures for the vacancy's province and start month.
struct MarketFacts {
  double living_wage = 0;
  double poverty_line = 0;
  double minimum_wage = 0;
  double demand = 1.0;
};

enum JobComponent { kSkills, kOccupation, kDistance, kWage, kMarket, kPreferences, kComponents };
inline constexpr std::array<const char*, kComponents> kJobComponentNames = {
    "skills", "occupation", "distance", "wage", "market", "preferences"};
inline constexpr std::array<const char*, kComponents> kTrainingComponentNames = {
    "skill_gap", "occupation", "distance", "cost", "market", "schedule"};

std::array<double, kComponents> NormalisedWeights(const policy::MatchWeights& weights);

// Component scores 0..100. `level_of(skill id)` is the person's level of a skill (0 = none).
template <typename LevelOf>
double SkillsScore(LevelOf level_of, const uint16_t* skill_ids, const uint8_t* levels, int count) {
  if (count == 0) return 100;
  double covered = 0;
  for (int i = 0; i < count; ++i) {
    const double have = level_of(skill_ids[i]);
    covered += std::min(1.0, have / std::max<uint8_t>(1, levels[i]));
  }
  return 100 * covered / count;
}
inline double OccupationScore(const Isco* desired, int count, const Isco& occupation) {
  if (count == 0) return 50;
  int best = 0;
  for (int i = 0; i < count; ++i) best = std::max(best, desired[i].CommonPrefix(occupation));
  return 25.0 * best;
}
double DistanceScore(const Place& home, double max_commute_km, const Place& place, bool work_abroad,
                     double* km_out);
// DistanceScore once the distance `km` (NaN when unknown) is known; the same arithmetic.
inline double DistanceScoreOf(bool same_province, bool same_district, double max_commute_km,
                              bool work_abroad, double km) {
  if (work_abroad) return 0;
  double locality = 40;
  if (same_province) locality = same_district ? 100 : 70;
  if (std::isnan(km)) return locality;
  const double reach = std::max(1.0, max_commute_km);
  return locality * (1 - 0.5 * std::min(1.0, km / reach));
}
double WageTarget(int household_size, double household_income, const MarketFacts& market);
inline double WageScore(double monthly_wage, double target) {
  if (target <= 0) return 50;
  return 100 * std::clamp(monthly_wage / target, 0.0, 1.0);
}
inline double MarketScore(double demand) {
  return 100 * std::clamp(demand / 2.0, 0.0, 1.0);
}
// A training's cost component: free with a stipend 100, free 80, else 80 less the cost's share
// of the province's living wage (200 USD where none is known). Amounts in USD.
inline double CostScore(double cost, double stipend, double living_wage) {
  const double reference_wage = living_wage > 0 ? living_wage : 200;
  return cost <= 0 ? (stipend > 0 ? 100 : 80)
                   : 80 * std::clamp(1 - cost / reference_wage, 0.0, 1.0);
}
// A training's schedule component by the days until it starts (-1: no start date announced).
inline double ScheduleScore(int64_t wait) {
  return wait < 0 ? 60 : wait <= 30 ? 100 : wait <= 90 ? 75 : 50;
}
// The part of the preferences component that depends on the job only: contract points + hours
// points.
double PreferencesBase(const JobFacts& job);
// The preferences component: PreferencesBase(job), the job's benefit bits and what the person
// needs of them (childcare for dependents, transport or housing beyond 5 km or at an unknown
// distance).
inline double PreferencesScoreOf(double base, uint8_t benefits, int dependents, double km) {
  int needs = 0;
  int met = 0;
  if (dependents > 0) {
    ++needs;
    met += (benefits & kChildcare) != 0;
  }
  if (std::isnan(km) || km > 5) {
    ++needs;
    met += (benefits & (kTransport | kAccommodation)) != 0;
  }
  const double benefit_points = needs == 0 ? 100 : 100.0 * met / needs;
  return (base + benefit_points) / 3;
}
// Great-circle distance; NaN when either side has no coordinates.
double KmBetween(const Place& a, const Place& b);

// The job score's kernel: a person and a vacancy reduced to what the score reads besides their
// distance. The index's scan, its candidates query and ScoreJob each fill one from their own
// layout and take the components from here, so the three give the same numbers.
struct JobPair {
  double skills = 100;     // SkillsScore
  double occupation = 50;  // OccupationScore
  double wage_usd = 0;     // the monthly wage in US dollars
  double wage_target = 0;  // WageTarget of the person's household
  double demand = 1;       // the market's demand for the sector in the start month
  bool same_province = false;
  bool same_district = false;
  bool work_abroad = false;
  double max_commute_km = 10;
  double preferences_base = 0;  // PreferencesBase of the job
  uint8_t benefits = 0;
  int dependents = 0;
};

// The components with the two that depend on the distance at their most (the whole locality,
// every benefit the person needs met): no distance gives more.
inline std::array<double, kComponents> JobComponentsAtMost(const JobPair& p) {
  return {p.skills,
          p.occupation,
          DistanceScoreOf(p.same_province, p.same_district, p.max_commute_km, p.work_abroad,
                          kNoCoordinate),
          WageScore(p.wage_usd, p.wage_target),
          MarketScore(p.demand),
          (p.preferences_base + 100) / 3};
}

// Sets the two components that depend on the distance `km` (NaN when unknown).
inline void PlaceJobAt(const JobPair& p, double km, std::array<double, kComponents>& components) {
  components[kDistance] =
      DistanceScoreOf(p.same_province, p.same_district, p.max_commute_km, p.work_abroad, km);
  components[kPreferences] = PreferencesScoreOf(p.preferences_base, p.benefits, p.dependents, km);
}

// The six components of a pair at distance `km`.
inline std::array<double, kComponents> JobComponents(const JobPair& p, double km) {
  std::array<double, kComponents> components = JobComponentsAtMost(p);
  PlaceJobAt(p, km, components);
  return components;
}

// Weighted sum of component scores.
inline double Combine(const std::array<double, kComponents>& scores,
                      const std::array<double, kComponents>& weights) {
  double total = 0;
  for (size_t i = 0; i < scores.size(); ++i) total += scores[i] * weights[i];
  return total;
}

// Rounds a score for output (two decimals), so equal inputs print byte-identical JSON.
double Round2(double value);

}  // namespace homeward::matching::internal
