#include <algorithm>

#include "internal/scans.h"

namespace homeward::matching::internal {

TrainingCell TrainingCellOf(MatchIndex::State& s, uint32_t row, const Place& place,
                            const model::Training& training) {
  TrainingCell cell{row,
                    place.province,
                    place.district,
                    training.SeatsLeft() > 0,
                    place.lat,
                    place.lon,
                    DayOr(training.starts_on, INT64_MAX),
                    DayOr(training.ends_on, INT64_MAX),
                    {}};
  TrainingFacts& f = cell.facts;
  for (const model::SkillLevel& skill : training.skills_taught) {
    f.AddTaught({static_cast<uint16_t>(s.skills.Of(skill.code)),
                 static_cast<uint8_t>(std::clamp(skill.level, 0, 6))});
  }
  for (const std::string& code : training.leads_to) f.AddLeadsTo(Isco::Of(code));
  auto currency = [](const std::string& code) -> uint8_t {
    const uint8_t known = CurrencyCodeOf(code);
    return known != kUsd || code == "USD" ? known : uint8_t{kCurrencies};
  };
  f.cost = training.cost.amount, f.cost_currency = currency(training.cost.currency);
  f.stipend = training.stipend.amount, f.stipend_currency = currency(training.stipend.currency);
  return cell;
}

TrainingBound::TrainingBound(const MatchIndex::State& s, const model::Individual& person,
                             const SkillGap& gap, const Date& today)
    : gap_(s.skills.size(), 0.0),
      have_(SkillLevelsById(s, person)),
      usd_per_unit_(UsdPerUnit()),
      day_(today.DaysSinceEpoch()) {
  for (const auto& [skill, weight] : gap) {
    total_ += weight;
    const uint32_t id = s.skills.Find(skill);
    if (id != kUnknown) gap_[id] = weight;
  }
  for (const std::string& code : person.desired_occupations) desired_.push_back(Isco::Of(code));
}

double TrainingBound::Of(const TrainingCell& training, const PolicyCache::Entry& policy) const {
  const TrainingFacts& f = training.facts;
  std::array<double, kComponents> c{};
  // The gap skills it teaches above the person's level. Base counts a skill listed twice at its
  // first entry, once, and sums in the gap's order: counting every entry that qualifies, in the
  // training's order, is at least that (less a rounding far below the callers' margin).
  double closed = 0;
  f.ForEachTaught([&](const SkillRef& taught) {
    if (taught.level > have_[taught.id]) closed += gap_[taught.id];
  });
  c[0] = total_ > 0 ? 100 * closed / total_ : 0;
  const int desired = static_cast<int>(desired_.size());
  c[1] = f.leads_to_count == 0 ? OccupationScore(desired_.data(), desired, {}) : 0;
  f.ForEachLeadsTo([&](const Isco& isco) {
    c[1] = std::max(c[1], OccupationScore(desired_.data(), desired, isco));
  });
  c[2] = 100;  // DistanceScore's most
  // A currency the columns do not convert counts at the cost component's most.
  const bool converted = f.cost_currency != kCurrencies && f.stipend_currency != kCurrencies;
  c[3] = converted
             ? CostScore(f.cost * usd_per_unit_[f.cost_currency],
                         f.stipend * usd_per_unit_[f.stipend_currency], policy.market.living_wage)
             : 100;
  c[4] = 100;  // MarketScore's most
  const int64_t wait = training.starts_day == INT64_MAX ? -1 : training.starts_day - day_;
  c[5] = ScheduleScore(wait);
  return Combine(c, policy.weights);
}

}  // namespace homeward::matching::internal
