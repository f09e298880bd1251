#include "homeward/matching/match_index.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <map>
#include <type_traits>

#include "homeward/reference/reference.h"
#include "internal/columns.h"
#include "internal/core.h"
#include "internal/pathways.h"
#include "internal/policy_cache.h"
#include "internal/ranking.h"
#include "internal/scans.h"

namespace homeward::matching {

namespace {

using internal::CosLat;
using internal::CurrencyCodeOf;
using internal::DayOr;
using internal::Effects;
using internal::Finish;
using internal::ForLambdas;
using internal::Isco;
using internal::JobPass;
using internal::kCurrencies;
using internal::kKmPerRadian;
using internal::kMaxInlineDesired;
using internal::kPathwayJobs;
using internal::kRadians;
using internal::PathwayTarget;
using internal::PathwayTargets;
using internal::Place;
using internal::PolicyCache;
using internal::ScanJobs;
using internal::Scored;
using internal::ScoreRow;
using internal::Shortlist;
using internal::ShortlistFloor;
using internal::SkillRef;
using internal::SkillSet;
using internal::TrainingBound;
using internal::UsdPerUnit;
using internal::ValueFor;

// A copy of the record of `id` in one of the opportunity tables, or nullopt; the caller holds
// the reader lock (FindVacancy, FindTraining, FindProgramme).
template <typename Table>
auto RecordOf(const Table& table, std::string_view id)
    -> std::optional<std::decay_t<decltype(*table.record.front())>> {
  auto it = table.row_of.find(std::string(id));
  if (it == table.row_of.end()) return std::nullopt;
  return *table.record[it->second];
}

}  // namespace

MatchIndex::MatchIndex() : state_(std::make_unique<State>()) {}
MatchIndex::~MatchIndex() = default;

void MatchIndex::UpsertVacancy(const model::Vacancy& v) {
  auto record = std::make_shared<const model::Vacancy>(v);
  const bool hazardous = reference::ReferenceData::Builtin().IsHazardous(v.occupation);
  State& s = *state_;
  WriterLock lock(&s.mutex);
  State::Vacancies& t = s.vacancies;
  const uint32_t row = State::RowFor(t, v.meta.id);
  t.id[row] = v.meta.id;
  const bool open =
      v.status == model::VacancyStatus::kOpen && v.ScreeningCleared() && v.SlotsLeft() > 0;
  t.open_until[row] = open ? DayOr(v.closes_on, INT64_MAX) : INT64_MIN;
  const int min_age = std::clamp(std::max(15, v.min_age), 0, 255);
  t.min_age[row] = static_cast<uint8_t>(hazardous ? std::max(18, min_age) : min_age);
  const Place place = s.AddPlace(v.province, v.district, v.location);
  t.lat[row] = place.lat, t.lon[row] = place.lon;
  t.province[row] = place.province, t.district[row] = place.district;
  t.abroad[row] = v.work_abroad;
  t.languages[row] = s.AddLanguageMask(v.languages);
  t.sector[row] = s.sectors.Of(v.sector);
  t.start_month[row] = static_cast<uint8_t>(v.starts_on ? v.starts_on->month : 0);
  t.facts[row].sector = t.sector[row];
  t.facts[row].start_month = t.start_month[row];
  internal::JobFacts& f = t.facts[row];
  f.place = place;
  f.occupation = Isco::Of(v.occupation);
  f.monthly_wage = v.wage.Monthly(v.hours_per_week);  // in v.wage.currency, as r.monthly_wage
  f.hours = v.hours_per_week;
  f.contract = v.contract;
  f.benefits = internal::BenefitMask(v.benefits);
  f.work_abroad = v.work_abroad;
  s.FillSkills(v.required_skills, t.skills[row], t.more_skills[row]);
  ScoreRow& r = t.score_rows[row];
  r.cos_lat = CosLat(place.lat);
  r.monthly_wage = f.monthly_wage;
  r.currency = CurrencyCodeOf(v.wage.currency);
  r.preferences_base = internal::PreferencesBase(f);
  r.province = place.province, r.sector = f.sector;
  r.skill_ids = t.skills[row].ids, r.skill_levels = t.skills[row].levels;
  r.skill_count = t.skills[row].count, r.has_more_skills = t.skills[row].has_more;
  r.occupation = f.occupation.digits;
  r.benefits = f.benefits, r.start_month = f.start_month;
  t.rule_points[row] = {};  // for a new version of the record: not known until refreshed
  t.cells.Set({row,
               place.district,
               place.lat,
               place.lon,
               t.open_until[row],
               t.languages[row],
               t.min_age[row],
               v.work_abroad,
               {},
               r});
  t.record[row] = std::move(record);
}

size_t MatchIndex::RefreshRulePoints(const policy::PolicyProvider& policies) {
  State& s = *state_;
  MutexLock refreshing(&s.refreshing_rule_points);
  using Policy = std::shared_ptr<const policy::ProvincePolicy>;
  // By interned province: its policy now, and the rows to ask it about with their records (the
  // versions asked about: a row rewritten meanwhile is not given an answer for the old one).
  std::vector<Policy> now;
  std::vector<std::vector<uint32_t>> rows;
  std::vector<std::vector<std::shared_ptr<const model::Vacancy>>> records;
  {
    ReaderLock lock(&s.mutex);
    const State::Vacancies& t = ForLambdas(s.vacancies);
    now.resize(s.provinces.size());
    for (uint32_t p = 0; p < now.size(); ++p) now[p] = policies.ForProvince(s.provinces.Name(p));
    rows.resize(now.size());
    records.resize(now.size());
    for (uint32_t row = 0; row < t.id.size(); ++row) {
      const uint32_t p = t.province[row];
      if (p >= now.size()) continue;  // no province: its rows are never narrowed
      const bool current = p < s.rule_points_policy.size() && s.rule_points_policy[p] == now[p];
      if (current && t.rule_points[row].known) continue;
      rows[p].push_back(row);
      records[p].push_back(t.record[row]);
    }
  }
  size_t asked = 0;
  std::vector<std::vector<policy::RuleRange>> ranges(now.size());
  for (uint32_t p = 0; p < now.size(); ++p) {
    if (rows[p].empty()) continue;
    std::vector<const model::Vacancy*> vacancies;
    vacancies.reserve(records[p].size());
    for (const auto& record : records[p]) vacancies.push_back(record.get());
    ranges[p] = now[p]->VacancyRulePoints(vacancies);
    asked += vacancies.size();
  }
  WriterLock lock(&s.mutex);
  State::Vacancies& t = s.vacancies;
  // Ranges a province's former policy gave no longer hold: forgotten before the new ones are
  // taken (a row moved since it was read keeps none, and the next refresh asks about it).
  std::vector<uint8_t> changed(now.size(), 0);
  bool any_changed = false;
  s.rule_points_policy.resize(std::max(s.rule_points_policy.size(), now.size()));
  for (uint32_t p = 0; p < now.size(); ++p) {
    changed[p] = s.rule_points_policy[p] != now[p];
    any_changed |= changed[p] != 0;
    s.rule_points_policy[p] = now[p];
  }
  if (any_changed) {
    for (uint32_t row = 0; row < t.id.size(); ++row) {
      const uint32_t p = t.province[row];
      if (p < now.size() && changed[p]) t.SetRulePoints(row, {});
    }
  }
  for (uint32_t p = 0; p < now.size(); ++p) {
    for (size_t j = 0; j < rows[p].size(); ++j) {
      const uint32_t row = rows[p][j];
      if (row >= t.id.size() || t.record[row] != records[p][j]) continue;
      t.SetRulePoints(row, internal::RowRulePoints::Of(ranges[p][j].least, ranges[p][j].most));
    }
  }
  return asked;
}

void MatchIndex::UpsertTraining(const model::Training& training) {
  auto record = std::make_shared<const model::Training>(training);
  State& s = *state_;
  WriterLock lock(&s.mutex);
  State::Trainings& t = s.trainings;
  const uint32_t row = State::RowFor(t, training.meta.id);
  t.id[row] = training.meta.id;
  const Place place = s.AddPlace(training.province, training.district, training.location);
  t.place[row] = place;
  t.cells.Set(internal::TrainingCellOf(s, row, place, training));
  t.record[row] = std::move(record);
}

void MatchIndex::UpsertProgramme(const model::Programme& programme) {
  auto record = std::make_shared<const model::Programme>(programme);
  State& s = *state_;
  WriterLock lock(&s.mutex);
  State::Programmes& t = s.programmes;
  const uint32_t row = State::RowFor(t, programme.meta.id);
  t.id[row] = programme.meta.id;
  t.seats[row] = programme.SeatsLeft() > 0;
  t.ends_day[row] = DayOr(programme.ends_on, INT64_MAX);
  t.record[row] = std::move(record);
}

void MatchIndex::UpsertIndividual(const model::Individual& p) {
  State& s = *state_;
  WriterLock lock(&s.mutex);
  State::People& t = s.people;
  const uint32_t row = State::RowFor(t, p.meta.id);
  t.id[row] = p.meta.id;
  const bool matchable = p.ConsentsToMatching() && p.status == model::IndividualStatus::kActive;
  t.matchable[row] =
      matchable ? static_cast<uint8_t>(State::People::kMatchable |
                                       (p.consent.guardian ? 0 : State::People::kNeedsAdult) |
                                       (p.do_not_match.empty() ? 0 : State::People::kHasDoNotMatch))
                : 0;
  t.birth_day[row] = p.birth_date.DaysSinceEpoch();
  const Place place = s.AddPlace(p.province, p.district, p.location);
  t.lat[row] = place.lat, t.lon[row] = place.lon;
  t.province[row] = place.province, t.district[row] = place.district;
  t.max_commute_km[row] = p.max_commute_km;
  t.languages[row] = s.AddLanguageMask(p.languages);
  s.FillSkills(p.skills, t.skills[row], t.more_skills[row]);
  t.desired_count[row] = 0;
  for (const std::string& code : p.desired_occupations) {
    if (t.desired_count[row] == kMaxInlineDesired) break;
    t.desired[row][t.desired_count[row]++] = Isco::Of(code);
  }
  t.household[row] = p.household;
  t.vulnerability[row] = static_cast<float>(p.vulnerability.score);
  t.rest[row] = {p.sex,
                 p.education,
                 p.survivor,
                 p.prior_migration,
                 p.status,
                 p.desired_occupations,
                 p.consent.guardian,
                 p.do_not_match,
                 p.idpoor_level,
                 p.disability,
                 p.female_headed_household};
}

void MatchIndex::RemoveIndividual(std::string_view id) {
  State& s = *state_;
  WriterLock lock(&s.mutex);
  State::Remove(s.people, id);
}
void MatchIndex::RemoveVacancy(std::string_view id) {
  State& s = *state_;
  WriterLock lock(&s.mutex);
  State::Remove(s.vacancies, id);
}
void MatchIndex::RemoveTraining(std::string_view id) {
  State& s = *state_;
  WriterLock lock(&s.mutex);
  State::Remove(s.trainings, id);
}
void MatchIndex::RemoveProgramme(std::string_view id) {
  State& s = *state_;
  WriterLock lock(&s.mutex);
  State::Remove(s.programmes, id);
}

StatusOr<std::vector<Match>> MatchIndex::TopOpportunities(std::string_view person_id, Kind kind,
                                                          int k,
                                                          const policy::PolicyProvider& policies,
                                                          const Date& today) const {
  std::optional<model::Individual> person = FindIndividual(person_id);
  if (!person) return Status::NotFound("no individual " + std::string(person_id));
  return TopOpportunities(*person, kind, k, policies, today);
}

StatusOr<std::vector<Match>> MatchIndex::TopOpportunities(const model::Individual& person,
                                                          Kind kind, int k,
                                                          const policy::PolicyProvider& policies,
                                                          const Date& today) const {
  if (k < 0) return Status::InvalidArgument("k must not be negative");
  if (std::optional<Exclusion> refused = CheckConsent(person, today)) {
    return Status::FailedPrecondition(refused->code + ": " + refused->reason);
  }
  const size_t limit = static_cast<size_t>(k);
  const State& s = *state_;
  ReaderLock lock(&s.mutex);
  const bool want_jobs = kind == Kind::kJob || kind == Kind::kAll;
  const bool want_trainings = kind == Kind::kTraining || kind == Kind::kAll;
  const bool want_programmes = kind == Kind::kProgramme || kind == Kind::kAll;
  const State::Vacancies& vacancies = ForLambdas(s.vacancies);
  const State::Trainings& trainings = ForLambdas(s.trainings);
  JobPass jobs;
  if (want_jobs || want_trainings) {
    jobs = ScanJobs(s, person, policies, today,
                    {want_trainings, want_jobs ? limit : 0, want_trainings ? kPathwayJobs : 0});
  }
  // Which of the person's best jobs each training would open (API: a training match's unlocks).
  const std::vector<PathwayTarget> targets =
      want_trainings ? PathwayTargets(s, person, std::move(jobs.lacking))
                     : std::vector<PathwayTarget>{};

  // The candidates of every kind asked for, ranked by their base scores in one list: one
  // shortlist and one pass of rules, so that for kind=all only what can still reach the k best
  // of all kinds asks a plugin (a person's trainings mostly rank below their jobs).
  std::vector<Scored> scored;
  if (want_jobs) scored = std::move(jobs.scored);
  const SkillGap gap(jobs.gap.begin(), jobs.gap.end());
  std::optional<TrainingScorer> scorer;
  PolicyCache cache(policies, s.provinces, s.sectors, person, today);
  auto training_policy = [&](uint32_t row) -> const policy::ProvincePolicy& {
    return *cache.For(trainings.place[row].province).policy;
  };
  if (want_trainings) {
    scorer.emplace(person, gap, today);
    // The shortlist floor of all kinds is at least that of the jobs alone, so Shortlist keeps no
    // training whose score plus the most its rules add is below it: one whose upper bound
    // (distance and demand at their most) already is, is neither checked nor scored.
    const double floor = ShortlistFloor(scored, limit) - 1e-6;
    const TrainingBound bound(s, person, gap, today);
    const internal::TrainingReach reach(s, person, today);
    // Bounds, checks and scores the trainings of `spans`, into `out`; a thread's own `c` and `sc`.
    auto pass = [&](const std::vector<internal::Span<internal::TrainingCell>>& spans,
                    PolicyCache& c, const TrainingScorer& sc, std::vector<Scored>& out) {
      auto may_reach = [&](const internal::TrainingCell& t) {
        if (std::isinf(floor)) return true;
        const PolicyCache::Entry& entry = c.For(t.province);
        return bound.Of(t, entry) + entry.rules.most >= floor;
      };
      reach.ForEach(spans, may_reach, [&](uint32_t row, const model::Training& t) {
        const PolicyCache::Entry& entry = c.For(trainings.place[row].province);
        const double base = sc.Base(t, *entry.policy);
        out.push_back({base, row, base, 0, model::OpportunityKind::kTraining, entry.rules});
      });
    };
    const std::vector<internal::Span<internal::TrainingCell>> band = reach.Band();
    if (internal::Entries(band) < internal::kSplitTrainingsFrom) {
      pass(band, cache, *scorer, scored);
    } else {
      // The second half on a thread of its own, with its own policy cache and scorer (both
      // remember what they looked up); its rows follow the first half's, as one pass gives them.
      PolicyCache second_cache(policies, s.provinces, s.sectors, person, today);
      const TrainingScorer second_scorer(person, gap, today);
      std::vector<Scored> second;
      internal::ReadInHalves(
          band, [&](const auto& half) { pass(half, cache, *scorer, scored); },
          [&](const auto& half) { pass(half, second_cache, second_scorer, second); });
      scored.insert(scored.end(), second.begin(), second.end());
    }
  }
  struct ProgrammeScoring {
    const model::Programme* programme;
    std::shared_ptr<const policy::ProvincePolicy> policy;
    Match match;
  };
  std::vector<ProgrammeScoring> programme_scoring;  // Scored::row indexes it
  if (want_programmes) {
    const int64_t day = today.DaysSinceEpoch();
    for (uint32_t row = 0; row < s.programmes.id.size(); ++row) {
      if (!s.programmes.seats[row] || s.programmes.ends_day[row] < day) continue;
      const model::Programme& p = *s.programmes.record[row];
      if (CheckProgramme(person, p, today)) continue;
      auto policy = policies.ForProvince(p.province);
      Match match = ScoreProgramme(person, p, *policy);
      scored.push_back({match.base_score, static_cast<uint32_t>(programme_scoring.size()),
                        match.base_score, 0, model::OpportunityKind::kProgramme,
                        policy::PairRuleRange(*policy, cache.home(), person, today)});
      programme_scoring.push_back({&p, std::move(policy), std::move(match)});
    }
  }
  Shortlist(scored, limit);

  const bool recheck = s.languages.size() > 63;
  std::vector<std::shared_ptr<const policy::ProvincePolicy>> by_province(s.provinces.size());
  auto job_policy = [&](uint32_t row) -> const policy::ProvincePolicy& {
    auto& slot = by_province[vacancies.province[row]];
    if (!slot) slot = policies.ForProvince(vacancies.record[row]->province);
    return *slot;
  };
  return Finish(
      scored, limit, false,
      [&](const Scored& sc) -> const std::string& {
        switch (sc.kind) {
          case model::OpportunityKind::kJob:
            return vacancies.id[sc.row];
          case model::OpportunityKind::kTraining:
            return trainings.id[sc.row];
          case model::OpportunityKind::kProgramme:
            break;
        }
        return programme_scoring[sc.row].match.opportunity_id;
      },
      [&](const std::vector<const Scored*>& batch) {
        std::vector<Effects> effects(batch.size());
        // The batch's jobs, by their province's policy: one call of each policy for all of them.
        std::map<const policy::ProvincePolicy*, std::vector<size_t>> jobs_of;
        for (size_t i = 0; i < batch.size(); ++i) {
          const Scored& sc = *batch[i];
          switch (sc.kind) {
            case model::OpportunityKind::kJob:
              if (!recheck || !CheckJob(person, *vacancies.record[sc.row], today)) {
                jobs_of[&job_policy(sc.row)].push_back(i);
              }
              break;
            case model::OpportunityKind::kTraining:
              effects[i] = TrainingRulesFor(person, *trainings.record[sc.row],
                                            training_policy(sc.row), policies, today);
              break;
            case model::OpportunityKind::kProgramme: {
              const ProgrammeScoring& p = programme_scoring[sc.row];
              effects[i] = ProgrammeRulesFor(person, *p.programme, *p.policy, policies, today);
              break;
            }
          }
        }
        for (const auto& [policy, at] : jobs_of) {
          std::vector<policy::SharedVacancy> asked;
          for (size_t i : at) asked.push_back(vacancies.record[batch[i]->row]);
          std::vector<std::vector<policy::RuleEffect>> rules =
              JobRulesForEach(person, asked, *policy, policies, today);
          for (size_t j = 0; j < at.size(); ++j) effects[at[j]] = std::move(rules[j]);
        }
        return effects;
      },
      [&](const Scored& sc) {
        switch (sc.kind) {
          case model::OpportunityKind::kJob:
            return ScoreJob(person, *vacancies.record[sc.row], job_policy(sc.row), today);
          case model::OpportunityKind::kTraining: {
            const model::Training& t = *trainings.record[sc.row];
            Match m = scorer->Explain(t, training_policy(sc.row));
            m.unlocks = ValueFor(targets, t).unlocks;
            return m;
          }
          case model::OpportunityKind::kProgramme:
            break;
        }
        return programme_scoring[sc.row].match;
      },
      [&](const Scored& sc) {
        if (sc.kind != model::OpportunityKind::kJob) return;
        __builtin_prefetch(&vacancies.record[sc.row]);
        __builtin_prefetch(&vacancies.province[sc.row]);
      });
}

StatusOr<std::vector<Match>> MatchIndex::TopCandidates(std::string_view vacancy_id, int k,
                                                       const policy::PolicyProvider& policies,
                                                       const Date& today) const {
  if (k < 0) return Status::InvalidArgument("k must not be negative");
  const State& s = *state_;
  ReaderLock lock(&s.mutex);
  auto found = s.vacancies.row_of.find(std::string(vacancy_id));
  if (found == s.vacancies.row_of.end()) {
    return Status::NotFound("no vacancy " + std::string(vacancy_id));
  }
  const uint32_t vrow = found->second;
  const model::Vacancy& vacancy = *s.vacancies.record[vrow];
  std::vector<Match> out;
  if (s.vacancies.open_until[vrow] < today.DaysSinceEpoch()) return out;

  const internal::JobFacts& f = s.vacancies.facts[vrow];
  const std::array<double, kCurrencies> usd_per_unit = UsdPerUnit();
  const double wage_usd = f.monthly_wage * usd_per_unit[CurrencyCodeOf(vacancy.wage.currency)];
  const SkillSet& req = s.vacancies.skills[vrow];
  std::vector<SkillRef> required;
  for (uint8_t i = 0; i < req.count; ++i) required.push_back({req.ids[i], req.levels[i]});
  for (const SkillRef& r : s.vacancies.more_skills[vrow]) required.push_back(r);
  std::vector<uint16_t> req_ids;
  std::vector<uint8_t> req_levels;
  for (const SkillRef& r : required) req_ids.push_back(r.id), req_levels.push_back(r.level);

  const int min_age = s.vacancies.min_age[vrow];
  const int64_t born_by = today.AddMonths(-12 * min_age).DaysSinceEpoch();
  const int64_t adult_born_by = today.AddMonths(-12 * 18).DaysSinceEpoch();
  const uint64_t needed_languages = s.vacancies.languages[vrow];
  auto policy = policies.ForProvince(vacancy.province);
  const auto weights = internal::NormalisedWeights(policy->AdjustWeights(policy::MatchWeights{}));
  internal::MarketFacts market{policy->Market().living_wage, policy->Market().poverty_line,
                               policy->Market().minimum_wage, 1.0};
  market.demand = policy->Market().DemandFor(
      vacancy.sector, vacancy.starts_on ? vacancy.starts_on->month : today.month);
  // The vacancy's side of every pair; each person fills in theirs.
  internal::JobPair pair;
  pair.wage_usd = wage_usd;
  pair.demand = market.demand;
  pair.work_abroad = f.work_abroad;
  pair.preferences_base = internal::PreferencesBase(f);
  pair.benefits = f.benefits;

  const auto& t = s.people;
  std::vector<Scored> scored;
  for (uint32_t row = 0; row < t.id.size(); ++row) {
    const uint8_t matchable = t.matchable[row];
    if (!matchable || t.birth_day[row] > born_by) continue;
    if ((matchable & State::People::kNeedsAdult) && t.birth_day[row] > adult_born_by) continue;
    if ((matchable & State::People::kHasDoNotMatch) &&
        t.rest[row].do_not_match.Excludes(vacancy.employer_id, vacancy.district)) {
      continue;
    }
    const double reach = t.max_commute_km[row];
    const Place home{t.province[row], t.district[row], t.lat[row], t.lon[row]};
    if (!f.work_abroad) {
      if (home.HasCoordinates() && f.place.HasCoordinates()) {
        // The meridian arc between the latitudes is a lower bound of the distance.
        if (std::fabs(home.lat - f.place.lat) * kRadians * kKmPerRadian > reach) continue;
      } else if (home.district != f.place.district) {
        continue;
      }
    }
    if ((needed_languages & ~t.languages[row]) != 0) continue;
    const double km = internal::KmBetween(home, f.place);
    if (!f.work_abroad && !std::isnan(km) && km > reach) continue;
    const SkillSet& have = t.skills[row];
    const auto& more = t.more_skills[row];
    auto level_of = [&have, &more](uint16_t id) {
      for (uint8_t i = 0; i < have.count; ++i) {
        if (have.ids[i] == id) return static_cast<double>(have.levels[i]);
      }
      if (have.has_more) {
        for (const SkillRef& r : more) {
          if (r.id == id) return static_cast<double>(r.level);
        }
      }
      return 0.0;
    };
    const model::Household& h = t.household[row];
    const double household_usd =
        h.monthly_income.amount * usd_per_unit[CurrencyCodeOf(h.monthly_income.currency)];
    pair.skills = internal::SkillsScore(level_of, req_ids.data(), req_levels.data(),
                                        static_cast<int>(req_ids.size()));
    pair.occupation =
        internal::OccupationScore(t.desired[row].data(), t.desired_count[row], f.occupation);
    pair.wage_target = internal::WageTarget(h.size, household_usd, market);
    pair.same_province = home.province == f.place.province;
    pair.same_district = home.district == f.place.district;
    pair.max_commute_km = reach;
    pair.dependents = h.dependents;
    const double base = internal::Combine(internal::JobComponents(pair, km), weights);
    const double extra = kVulnerabilityRankWeight * static_cast<double>(t.vulnerability[row]);
    scored.push_back({base + extra, row, base, extra});
  }
  Shortlist(scored, static_cast<size_t>(k));
  const bool recheck = s.languages.size() > 63;
  const std::vector<std::string>& person_ids = ForLambdas(s.people).id;
  // The lambdas below run while this function holds the lock.
  auto person_of = [&s](uint32_t row) HW_NO_THREAD_SAFETY_ANALYSIS { return s.Reconstruct(row); };
  return Finish(
      scored, static_cast<size_t>(k), true,
      [&](const Scored& sc) -> const std::string& { return person_ids[sc.row]; },
      [&](const std::vector<const Scored*>& batch) {
        // One person each: asked one by one.
        std::vector<Effects> effects(batch.size());
        for (size_t i = 0; i < batch.size(); ++i) {
          const model::Individual person = person_of(batch[i]->row);
          if (recheck && CheckJob(person, vacancy, today)) continue;
          effects[i] = JobRulesFor(person, vacancy, *policy, policies, today);
        }
        return effects;
      },
      [&](const Scored& sc) { return ScoreJob(person_of(sc.row), vacancy, *policy, today); },
      [](const Scored&) {});
}

std::optional<model::Vacancy> MatchIndex::FindVacancy(std::string_view id) const {
  const State& s = *state_;
  ReaderLock lock(&s.mutex);
  return RecordOf(s.vacancies, id);
}

std::optional<model::Training> MatchIndex::FindTraining(std::string_view id) const {
  const State& s = *state_;
  ReaderLock lock(&s.mutex);
  return RecordOf(s.trainings, id);
}

std::optional<model::Programme> MatchIndex::FindProgramme(std::string_view id) const {
  const State& s = *state_;
  ReaderLock lock(&s.mutex);
  return RecordOf(s.programmes, id);
}

std::optional<model::Individual> MatchIndex::FindIndividual(std::string_view id) const {
  const State& s = *state_;
  ReaderLock lock(&s.mutex);
  auto it = s.people.row_of.find(std::string(id));
  if (it == s.people.row_of.end()) return std::nullopt;
  return s.Reconstruct(it->second);
}

std::optional<std::string> MatchIndex::ProvinceOfIndividual(std::string_view id) const {
  const State& s = *state_;
  ReaderLock lock(&s.mutex);
  auto it = s.people.row_of.find(std::string(id));
  if (it == s.people.row_of.end()) return std::nullopt;
  return s.provinces.Name(s.people.province[it->second]);
}

// Each count below reads one table's size under the reader lock; they differ only in the table.
size_t MatchIndex::individual_count() const {
  const State& s = *state_;
  ReaderLock lock(&s.mutex);
  return s.people.id.size();
}
size_t MatchIndex::vacancy_count() const {
  const State& s = *state_;
  ReaderLock lock(&s.mutex);
  return s.vacancies.id.size();
}
size_t MatchIndex::training_count() const {
  const State& s = *state_;
  ReaderLock lock(&s.mutex);
  return s.trainings.id.size();
}
size_t MatchIndex::programme_count() const {
  const State& s = *state_;
  ReaderLock lock(&s.mutex);
  return s.programmes.id.size();
}

double MatchIndex::ScanVacancyColumns() const {
  const State& s = *state_;
  ReaderLock lock(&s.mutex);
  const auto& t = s.vacancies;
  double sum = 0;
  for (size_t row = 0; row < t.id.size(); ++row) {
    sum += t.min_age[row] + static_cast<double>(t.open_until[row] & 0xff) + t.abroad[row] +
           t.lat[row] + static_cast<double>(t.languages[row] & 1) + t.district[row];
  }
  return sum;
}

}  // namespace homeward::matching
