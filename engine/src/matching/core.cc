#include "internal/core.h"

#include <algorithm>
#include <numeric>

#include "homeward/reference/reference.h"

namespace homeward::matching::internal {

uint8_t BenefitMask(const std::vector<std::string>& benefits) {
  uint8_t mask = 0;
  for (const std::string& b : benefits) {
    if (b == "childcare") mask |= kChildcare;
    if (b == "transport") mask |= kTransport;
    // "housing" is the name the schema, the demo and the plugins use; "accommodation" was read
    // before and stays accepted.
    if (b == "housing" || b == "accommodation") mask |= kAccommodation;
    if (b == "meals") mask |= kMeals;
  }
  return mask;
}

Isco Isco::Of(const std::string& code) {
  Isco isco;
  for (char c : code) {
    if (isco.length == 4 || c < '0' || c > '9') break;
    isco.digits[isco.length++] = c;
  }
  return isco;
}

std::array<double, kComponents> NormalisedWeights(const policy::MatchWeights& w) {
  std::array<double, kComponents> out = {w.skills, w.occupation, w.distance,
                                         w.wage,   w.market,     w.preferences};
  for (double& v : out) v = std::max(0.0, v);
  const double sum = std::accumulate(out.begin(), out.end(), 0.0);
  for (double& v : out) v = sum > 0 ? v / sum : 1.0 / kComponents;
  return out;
}

double KmBetween(const Place& a, const Place& b) {
  if (!a.HasCoordinates() || !b.HasCoordinates()) return kNoCoordinate;
  return reference::DistanceKm({a.lat, a.lon}, {b.lat, b.lon});
}

double DistanceScore(const Place& home, double max_commute_km, const Place& place, bool work_abroad,
                     double* km_out) {
  *km_out = KmBetween(home, place);
  return DistanceScoreOf(home.province == place.province, home.district == place.district,
                         max_commute_km, work_abroad, *km_out);
}

double WageTarget(int household_size, double household_income, const MarketFacts& market) {
  // The household's shortfall below the poverty line, or one living wage, whichever is more.
  const double shortfall =
      market.poverty_line * std::max(1, household_size) - std::max(0.0, household_income);
  double target = std::max(market.living_wage, shortfall);
  if (target <= 0) target = market.minimum_wage;
  return target;
}

double PreferencesBase(const JobFacts& job) {
  static constexpr std::array<double, 4> kContract = {100, 80, 60, 40};
  const double contract = kContract[static_cast<size_t>(job.contract)];
  const double hours = std::clamp(100 - std::max(0.0, job.hours - 48) * 5, 0.0, 100.0);
  return contract + hours;
}

double Round2(double value) {
  return std::round(value * 100) / 100;
}

}  // namespace homeward::matching::internal
