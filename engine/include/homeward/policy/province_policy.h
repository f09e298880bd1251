// What a province contributes to matching and screening: its market data, weight overrides and
// named rules. The plugin host implements this for provinces with a plugin; national defaults
// serve the others and any province whose plugin has failed.
//
// A ProvincePolicy is an immutable snapshot: thread-safe, and safe to keep using after a plugin
// reload (it holds whatever it needs, the plugin's library included, alive).
#pragma once

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "homeward/base/time.h"
#include "homeward/model/employer.h"
#include "homeward/model/individual.h"
#include "homeward/model/market.h"
#include "homeward/model/programme.h"
#include "homeward/model/training.h"
#include "homeward/model/vacancy.h"

namespace homeward::policy {

// MatchWeights and VulnerabilityWeights are plain numbers with defaults, like AllocationStats
// (model/allocation.h), GreedyOutcome (allocation/solver.h), MarketFacts (matching/internal/core.h)
// and Counts (demo/demo.h); the meanings differ.

// Weights of the match score components; they are normalised to sum to 1 before use.
struct MatchWeights {
  double skills = 0.30;
  double occupation = 0.20;
  double distance = 0.15;
  double wage = 0.15;
  double market = 0.10;
  double preferences = 0.10;
};

// Weights of the vulnerability factors (points each factor can contribute at most; the score is
// capped at 100). Documented in docs/matching.md.
struct VulnerabilityWeights {
  double income = 25;
  double debt = 15;
  double dependents = 10;
  double prior_migration = 10;
  double survivor = 20;
  double education = 10;
  double age = 10;
  double idpoor = 20;  // full for IDPoor level 1, kIdPoorLevel2Share of it for level 2
  double disability = 10;
  double female_headed_household = 10;
  double members_abroad = 10;  // full from kMembersAbroadForFull members abroad
};

inline constexpr double kIdPoorLevel2Share = 0.5;
inline constexpr int kMembersAbroadForFull = 2;

// A named scoring rule that fired for one (person, opportunity) pair: it moves the score by
// `points` (bounded by its policy's RulePoints() and kMaxRulePoints) and says why.
struct RuleEffect {
  std::string plugin;  // plugin id, or "national"
  std::string rule;    // rule id within the plugin
  double points = 0;
  std::string reason;
  std::string reason_km = {};  // the plugin's own Khmer for `reason`, when it gives one
};

inline constexpr double kMaxRulePoints = 15;

// The least and the most a policy's rules together move one pair's score: least <= 0 <= most,
// both within +-kMaxRulePoints. Matching caps each policy's effects to the range it declares,
// and the narrower the range, the fewer pairs its rules are asked about (docs/matching.md).
struct RuleRange {
  double least = -kMaxRulePoints;
  double most = kMaxRulePoints;
};

using SharedVacancy = std::shared_ptr<const model::Vacancy>;
// `vacancy` as a SharedVacancy that owns nothing: for a record the caller keeps alive and that
// no policy may keep.
inline SharedVacancy Unowned(const model::Vacancy& vacancy) {
  return SharedVacancy(SharedVacancy(), &vacancy);
}

class ProvincePolicy {
 public:
  virtual ~ProvincePolicy() = default;

  // "KH-12"; the plugin id ("phnom-penh") or "national" for the defaults.
  virtual const std::string& Province() const = 0;
  virtual const std::string& Source() const = 0;

  virtual const model::MarketData& Market() const = 0;
  // What this policy's rules together can move a score by, for any pair and kind: by default
  // as far as any rule may.
  virtual RuleRange RulePoints() const { return {}; }
  // What they can move a score by for `person`'s pairs on `today`, within RulePoints(): by
  // default RulePoints(). Matching caps each answer of this policy's rules for the person to it.
  virtual RuleRange RulePointsFor(const model::Individual& /*person*/,
                                  const Date& /*today*/) const {
    return RulePoints();
  }
  virtual MatchWeights AdjustWeights(const MatchWeights& defaults) const = 0;
  virtual VulnerabilityWeights AdjustVulnerability(const VulnerabilityWeights& defaults) const = 0;

  // Scoring rules for a shortlisted pair on `today` (the person's age, the month); called only on
  // a shortlist, never per index row.
  virtual std::vector<RuleEffect> JobRules(const model::Individual& person,
                                           const model::Vacancy& vacancy,
                                           const Date& today) const = 0;
  // JobRules for one person and each of `vacancies`, one list per vacancy in order: the
  // shortlist of a query asks its province's plugin once, not once per vacancy. A vacancy is
  // shared so that a policy may keep the record and remember its answer for exactly that
  // version of it (the index hands out the records it holds); one that owns nothing (an
  // aliasing pointer without an owner, use_count() 0) is only read during the call. By default,
  // JobRules for each.
  virtual std::vector<std::vector<RuleEffect>> JobRulesEach(
      const model::Individual& person, const std::vector<SharedVacancy>& vacancies,
      const Date& today) const {
    std::vector<std::vector<RuleEffect>> effects;
    effects.reserve(vacancies.size());
    for (const SharedVacancy& vacancy : vacancies) {
      effects.push_back(JobRules(person, *vacancy, today));
    }
    return effects;
  }
  // What this policy's job rules can move the score of any person's pair with each of
  // `vacancies` by, on any date and at any exchange rates, within RulePoints(): one range per
  // vacancy, in order; by default RulePoints() for each. The matching index keeps each answer
  // beside its vacancy (asked once per version of the record and of the policy) and caps the
  // rules' effects of a pair with the vacancy to it (docs/matching.md).
  virtual std::vector<RuleRange> VacancyRulePoints(
      const std::vector<const model::Vacancy*>& vacancies) const {
    return std::vector<RuleRange>(vacancies.size(), RulePoints());
  }
  virtual std::vector<RuleEffect> TrainingRules(const model::Individual& person,
                                                const model::Training& training,
                                                const Date& today) const = 0;
  // The province's rules and priorities for a livelihood programme; none by default (the
  // national policy has none, and plugins built before ABI minor 2 supply none).
  virtual std::vector<RuleEffect> ProgrammeRules(const model::Individual& /*person*/,
                                                 const model::Programme& /*programme*/,
                                                 const Date& /*today*/) const {
    return {};
  }

  // The province's own screening rules for a vacancy (core rules run in engine/screening).
  virtual std::vector<model::ScreeningFlag> ScreenVacancy(
      const model::Vacancy& vacancy, const model::Employer& employer) const = 0;
};

// Both ranges at once: what lies within each (both hold 0).
inline RuleRange Within(RuleRange a, RuleRange b) {
  return {std::max(a.least, b.least), std::min(a.most, b.most)};
}
// The range of two policies' rules together, within +-kMaxRulePoints.
inline RuleRange Plus(RuleRange a, RuleRange b) {
  return {std::max(a.least + b.least, -kMaxRulePoints), std::min(a.most + b.most, kMaxRulePoints)};
}

// What the rules of a pair of `person`'s can move its score by on `today` in all (RulePointsFor):
// the opportunity's province's, plus the person's home province's when that is another policy
// (`home` null: the person has none), within +-kMaxRulePoints.
inline RuleRange PairRuleRange(const ProvincePolicy& opportunity, const ProvincePolicy* home,
                               const model::Individual& person, const Date& today) {
  const RuleRange range = opportunity.RulePointsFor(person, today);
  if (home == nullptr || home == &opportunity) return range;
  return Plus(range, home->RulePointsFor(person, today));
}

// Finds the policy in force for a province. Implementations are thread-safe; the returned
// pointer stays valid for as long as the caller holds it, even across a plugin reload.
class PolicyProvider {
 public:
  virtual ~PolicyProvider() = default;
  // Never null: provinces without a (working) plugin get national defaults.
  virtual std::shared_ptr<const ProvincePolicy> ForProvince(std::string_view province) const = 0;
};

}  // namespace homeward::policy
