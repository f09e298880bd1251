// Matching: the vulnerability assessment, the eligibility filters and the explained 0-100 match
// score of a person against a job, a training or a programme (see docs/matching.md for every
// formula).
//
// Everything here is a pure function of its arguments: thread-safe, no I/O, deterministic.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "homeward/base/time.h"
#include "homeward/model/individual.h"
#include "homeward/model/json.h"
#include "homeward/model/programme.h"
#include "homeward/model/referral.h"
#include "homeward/model/training.h"
#include "homeward/model/vacancy.h"
#include "homeward/policy/province_policy.h"

namespace homeward::matching {

// The person's vulnerability: 0-100 with named factors (docs/matching.md, "Vulnerability").
// Weights are the national defaults adjusted by `policy` (the person's province).
model::Vulnerability Assess(const model::Individual& person, const policy::ProvincePolicy& policy,
                            const Date& today);

// The provincial rules for a pair: those of the opportunity's province (`opportunity_policy`),
// then those of the person's home province when it is another, so that a province's
// rules about its own people (Prey Veng's penalty on work abroad) follow them wherever the
// opportunity is registered (docs/matching.md, "Provincial rules"). Each policy's effects are
// capped to its RulePointsFor(person, today) (CapRuleEffects), so that their sum is within
// PairRuleRange; ApplyRules caps the sum.
std::vector<policy::RuleEffect> JobRulesFor(const model::Individual& person,
                                            const model::Vacancy& vacancy,
                                            const policy::ProvincePolicy& opportunity_policy,
                                            const policy::PolicyProvider& policies,
                                            const Date& today);
// JobRulesFor for each of `vacancies` (all of `opportunity_policy`'s province), in order, each
// policy asked once for all of them (ProvincePolicy::JobRulesEach).
std::vector<std::vector<policy::RuleEffect>> JobRulesForEach(
    const model::Individual& person, const std::vector<policy::SharedVacancy>& vacancies,
    const policy::ProvincePolicy& opportunity_policy, const policy::PolicyProvider& policies,
    const Date& today);
std::vector<policy::RuleEffect> TrainingRulesFor(const model::Individual& person,
                                                 const model::Training& training,
                                                 const policy::ProvincePolicy& opportunity_policy,
                                                 const policy::PolicyProvider& policies,
                                                 const Date& today);
std::vector<policy::RuleEffect> ProgrammeRulesFor(const model::Individual& person,
                                                  const model::Programme& programme,
                                                  const policy::ProvincePolicy& opportunity_policy,
                                                  const policy::PolicyProvider& policies,
                                                  const Date& today);

// Why a pair is not eligible: a stable code and a sentence a person can read, the English of the
// message catalogue's `message_code` ("exclusion.<code>[.<variant>]") with `params`.
struct Exclusion {
  std::string code;
  std::string reason;
  std::string message_code = {};
  model::Json params = model::Json::object();
};

// Whether the person may be matched at all today: consent to matching ("no_consent") and, aged
// 15-17, a guardian's consent ("no_guardian_consent").
std::optional<Exclusion> CheckConsent(const model::Individual& person, const Date& today);

// The declarations below come in threes of the same shape, one per opportunity kind (job,
// training, programme), as each kind is its own record type.

// Every eligibility rule the pair fails (empty when eligible), in a fixed order: the person's
// consent and status, age, the opportunity's state, reach, languages and, for jobs, the person's
// do-not-match list. Referrals report them all (docs/api.md, "Eligibility at referral").
std::vector<Exclusion> JobExclusions(const model::Individual& person, const model::Vacancy& vacancy,
                                     const Date& today);
std::vector<Exclusion> TrainingExclusions(const model::Individual& person,
                                          const model::Training& training, const Date& today);

// Every rule a programme refuses the person by (docs/matching.md, "Programmes"): the person's
// consent and status, the programme's places and dates, its districts (or reach when it has a
// location), and its eligibility: "below_programme_min_age", "above_programme_max_age",
// "sex_not_eligible", "idpoor_level_not_eligible", "income_per_head_too_high" (the household's
// monthly income per head, converted with the rates in force) and "survivors_only".
std::vector<Exclusion> ProgrammeExclusions(const model::Individual& person,
                                           const model::Programme& programme, const Date& today);

// The first eligibility rule the pair fails, or nullopt when eligible.
std::optional<Exclusion> CheckJob(const model::Individual& person, const model::Vacancy& vacancy,
                                  const Date& today);
std::optional<Exclusion> CheckTraining(const model::Individual& person,
                                       const model::Training& training, const Date& today);
std::optional<Exclusion> CheckProgramme(const model::Individual& person,
                                        const model::Programme& programme, const Date& today);

// One weighted part of a score: `score` 0-100, `weight` normalised (weights sum to 1). `reason`
// is the English sentence of the message catalogue's `code` with `params`
// (homeward/reference/messages.h), which the API renders in the caller's language.
struct Component {
  std::string name;
  double score = 0;
  double weight = 0;
  std::string reason;
  std::string code = {};
  model::Json params = model::Json::object();
};

// A scored pair. score = clamp(sum(weight * component score) + sum(rule points), 0, 100).
struct Match {
  model::OpportunityKind kind = model::OpportunityKind::kJob;
  std::string individual_id;
  std::string opportunity_id;
  double score = 0;
  // The weighted sum of the components before rules (unrounded).
  double base_score = 0;
  std::vector<Component> components;
  std::vector<policy::RuleEffect> rules;
  // Trainings: the skills (taxonomy ids) the person lacks that the training teaches.
  std::vector<std::string> closes_skills;
  // Pathways: the vacancy ids the training makes the person qualified for.
  std::vector<std::string> unlocks;
  // The person's vulnerability score (the secondary ranking weight of candidates).
  double vulnerability = 0;
};

// Scores a job for a person (no eligibility check, no rules). `policy` is the vacancy's province.
Match ScoreJob(const model::Individual& person, const model::Vacancy& vacancy,
               const policy::ProvincePolicy& policy, const Date& today);

// Skill gap of a person toward in-demand local jobs: skill id -> weight (see docs/matching.md).
using SkillGap = std::vector<std::pair<std::string, double>>;

// Scores a training for a person against the person's skill gap; `policy` is the training's
// province.
Match ScoreTraining(const model::Individual& person, const model::Training& training,
                    const SkillGap& gap, const policy::ProvincePolicy& policy, const Date& today);

// ScoreTraining for one person and many trainings: the person's profile is built once and each
// policy's weights are asked once. Base is the match's base_score alone (what a shortlist ranks
// by), Explain the whole match, equal to ScoreTraining's. `person` and `gap` must outlive the
// scorer, and so must every policy passed to it (weights are kept by the policy's address).
// Not thread-safe: one scorer per query.
class TrainingScorer {
 public:
  TrainingScorer(const model::Individual& person, const SkillGap& gap, const Date& today);
  ~TrainingScorer();
  TrainingScorer(const TrainingScorer&) = delete;
  TrainingScorer& operator=(const TrainingScorer&) = delete;

  double Base(const model::Training& training, const policy::ProvincePolicy& policy) const;
  Match Explain(const model::Training& training, const policy::ProvincePolicy& policy) const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Scores a programme for a person with five components: need (vulnerability and IDPoor level),
// fit (occupations and skills against the person's wishes), distance, income_gain (the expected
// monthly gain against the household's shortfall below the poverty line of `policy`, the
// programme's province) and capacity (places left). The weights and figures are the data of
// engine/data/reference/programme-scoring.json.
Match ScoreProgramme(const model::Individual& person, const model::Programme& programme,
                     const policy::ProvincePolicy& policy);

// Caps rule effects so that together they move a score by no less than range.least and no more
// than range.most (by default +-kMaxRulePoints): each is rounded to two decimals, then, in order,
// cut to what keeps the running total within the range (an effect may become 0). Returns the
// total. Applying it twice changes nothing.
double CapRuleEffects(std::vector<policy::RuleEffect>& effects, policy::RuleRange range = {});

// Adds rule effects (capped by CapRuleEffects; those left at 0 are not reported) to `match` and
// recomputes its score.
void ApplyRules(std::vector<policy::RuleEffect> effects, Match& match);

}  // namespace homeward::matching
