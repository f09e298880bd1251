#include "homeward/matching/match.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <iterator>
#include <map>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "homeward/matching/embedded_programme_scoring.h"
#include "homeward/reference/exchange_rates.h"
#include "homeward/reference/messages.h"
#include "homeward/reference/reference.h"
#include "internal/core.h"

namespace homeward::matching {

namespace {

using internal::kComponents;

// A sentence of the message catalogue: its code, params and English text.
struct Said {
  std::string code;
  model::Json params;
  std::string text;
};

Said Say(const char* code, model::Json params = model::Json::object()) {
  std::string text = reference::RenderMessage(code, params);
  return {code, std::move(params), std::move(text)};
}

int AgeOn(const model::Individual& person, const Date& today) {
  return person.birth_date.YearsUntil(today);
}

// Both places reduced to interned ids relative to the person: same province 1, same district 1.
internal::Place PlaceOf(const std::string& province, const std::string& district,
                        const std::optional<model::GeoPoint>& location,
                        const model::Individual& person) {
  internal::Place place;
  place.province = province == person.province ? 1 : 2;
  place.district = province == person.province && district == person.district ? 1 : 2;
  if (location) {
    place.lat = location->lat;
    place.lon = location->lon;
  }
  return place;
}

struct RecordProfile {
  internal::PersonProfile profile;
  std::map<std::string, uint16_t> skill_ids;

  uint16_t Intern(const std::string& skill) {
    auto [it, added] = skill_ids.emplace(skill, static_cast<uint16_t>(skill_ids.size()));
    if (added) profile.skill_levels.resize(skill_ids.size(), 0);
    return it->second;
  }
};

RecordProfile ProfileOf(const model::Individual& person) {
  RecordProfile r;
  r.profile.home.province = 1;
  r.profile.home.district = 1;
  if (person.location) {
    r.profile.home.lat = person.location->lat;
    r.profile.home.lon = person.location->lon;
  }
  r.profile.max_commute_km = person.max_commute_km;
  for (const model::SkillLevel& s : person.skills) {
    const uint16_t id = r.Intern(s.code);
    r.profile.skill_levels[id] =
        std::max(r.profile.skill_levels[id], static_cast<uint8_t>(std::clamp(s.level, 0, 5)));
  }
  for (const std::string& code : person.desired_occupations) {
    r.profile.desired.push_back(internal::Isco::Of(code));
  }
  r.profile.dependents = person.household.dependents;
  r.profile.household_size = person.household.size;
  r.profile.household_income =
      reference::RatesInForce()->UsdOrZero(person.household.monthly_income);
  return r;
}

internal::MarketFacts MarketOf(const policy::ProvincePolicy& policy, const std::string& sector,
                               int month) {
  const model::MarketData& m = policy.Market();
  return {m.living_wage, m.poverty_line, m.minimum_wage, m.DemandFor(sector, month)};
}

Said DistanceReason(double score, double km, bool abroad, const internal::Place& place) {
  if (abroad) return Say("match.distance.abroad");
  const bool known = !std::isnan(km);
  const char* where =
      place.province != 1
          ? (known ? "match.distance.other_province_km" : "match.distance.other_province")
      : place.district == 1
          ? (known ? "match.distance.home_district_km" : "match.distance.home_district")
          : (known ? "match.distance.home_province_km" : "match.distance.home_province");
  if (!known) return Say(where, {{"score", score}});
  return Say(where, {{"score", score}, {"km", km}});
}

Component Explained(const char* name, double score, double weight, Said said) {
  return {name, score, weight, std::move(said.text), std::move(said.code), std::move(said.params)};
}

Match Assemble(model::OpportunityKind kind, const model::Individual& person, const std::string& id,
               const std::array<double, kComponents>& scores,
               const std::array<double, kComponents>& weights,
               const std::array<const char*, kComponents>& names,
               std::array<Said, kComponents> reasons) {
  Match match;
  match.kind = kind;
  match.individual_id = person.meta.id;
  match.opportunity_id = id;
  for (size_t i = 0; i < scores.size(); ++i) {
    match.components.push_back(Explained(names[i], internal::Round2(scores[i]),
                                         internal::Round2(weights[i]), std::move(reasons[i])));
  }
  match.base_score = internal::Combine(scores, weights);
  match.score = internal::Round2(std::clamp(match.base_score, 0.0, 100.0));
  match.vulnerability = person.vulnerability.score;
  return match;
}

}  // namespace

model::Vulnerability Assess(const model::Individual& person, const policy::ProvincePolicy& policy,
                            const Date& today) {
  const policy::VulnerabilityWeights w = policy.AdjustVulnerability(policy::VulnerabilityWeights{});
  const model::MarketData& market = policy.Market();
  const model::Household& h = person.household;
  model::Vulnerability v;
  auto add = [&v](const char* name, double points, model::Json params = model::Json::object()) {
    if (points <= 0) return;
    const std::string code = std::string("vulnerability.") + name;
    std::string reason = reference::RenderMessage(code, params);
    v.factors.push_back(
        {name, internal::Round2(points), std::move(reason), code, std::move(params)});
  };
  // Compared in US dollars with the rates in force (a riel debt, a baht income).
  const auto rates = reference::RatesInForce();
  const double income = std::max(0.0, rates->UsdOrZero(h.monthly_income));
  const double debt = rates->UsdOrZero(h.debt);
  const double per_head = income / std::max(1, h.size);
  const double line = market.poverty_line > 0 ? market.poverty_line : market.living_wage / 2;
  if (line > 0) {
    const double ratio = per_head / line;
    add("income", w.income * std::clamp((1.5 - ratio), 0.0, 1.0),
        {{"per_head", per_head}, {"poverty_line", line}});
  }
  if (debt > 0) {
    const double yearly = 12 * income;
    const double ratio = yearly > 0 ? debt / yearly : 1.0;
    add("debt", w.debt * std::clamp(ratio, 0.0, 1.0), {{"debt", debt}, {"yearly_income", yearly}});
  }
  add("dependents", w.dependents * std::clamp(h.dependents / 4.0, 0.0, 1.0),
      {{"dependents", h.dependents}});
  if (person.prior_migration) add("prior_migration", w.prior_migration);
  if (person.survivor) add("survivor", w.survivor);
  static constexpr std::array<double, 6> kEducation = {1.0, 0.75, 0.5, 0.25, 0.0, 0.0};
  add("education", w.education * kEducation[static_cast<size_t>(person.education)],
      {{"education", model::ToString(person.education)}});
  const int age = AgeOn(person, today);
  const double band = age < 18 ? 1.0 : age < 25 ? 0.7 : age < 35 ? 0.4 : age < 55 ? 0.2 : 0.5;
  add("age", w.age * band, {{"age", age}});
  if (person.idpoor_level == 1 || person.idpoor_level == 2) {
    add("idpoor", w.idpoor * (*person.idpoor_level == 1 ? 1.0 : policy::kIdPoorLevel2Share),
        {{"level", *person.idpoor_level}});
  }
  if (person.disability) add("disability", w.disability);
  if (person.female_headed_household) add("female_headed_household", w.female_headed_household);
  if (h.members_abroad > 0) {
    add("members_abroad",
        w.members_abroad *
            std::min(1.0, static_cast<double>(h.members_abroad) / policy::kMembersAbroadForFull),
        {{"members", h.members_abroad}});
  }
  double total = 0;
  for (const model::VulnerabilityFactor& f : v.factors) total += f.points;
  v.score = internal::Round2(std::clamp(total, 0.0, 100.0));
  return v;
}

namespace {

// The rule `code` refused the pair, in the catalogue's sentence "exclusion.<code>", or
// `message_code` when the rule has more than one sentence.
Exclusion Excluded(const char* code, model::Json params = model::Json::object(),
                   const char* message_code_or_null = nullptr) {
  std::string message_code =
      message_code_or_null ? message_code_or_null : std::string("exclusion.") + code;
  std::string reason = reference::RenderMessage(message_code, params);
  return Exclusion{code, std::move(reason), std::move(message_code), std::move(params)};
}

void CheckReach(const model::Individual& person, const std::string& province,
                const std::string& district, const std::optional<model::GeoPoint>& location,
                std::vector<Exclusion>& out) {
  if (person.location && location) {
    const double km = reference::DistanceKm(*person.location, *location);
    if (km > person.max_commute_km) {
      out.push_back(
          Excluded("beyond_commute", {{"km", km}, {"max_commute_km", person.max_commute_km}}));
    }
  } else if (province != person.province || district != person.district) {
    out.push_back(Excluded("beyond_commute", model::Json::object(),
                           "exclusion.beyond_commute.no_coordinates"));
  }
}

}  // namespace

std::optional<Exclusion> CheckConsent(const model::Individual& person, const Date& today) {
  if (!person.ConsentsToMatching()) {
    return Excluded("no_consent");
  }
  if (AgeOn(person, today) < 18 && !person.consent.guardian) {
    return Excluded("no_guardian_consent");
  }
  return std::nullopt;
}

namespace {

void CheckPerson(const model::Individual& person, const Date& today, std::vector<Exclusion>& out) {
  if (auto e = CheckConsent(person, today)) out.push_back(std::move(*e));
  if (person.status != model::IndividualStatus::kActive) {
    out.push_back(Excluded("person_not_active"));
  }
}

// The first of a pair's exclusions (CheckJob, CheckTraining, CheckProgramme), if any.
std::optional<Exclusion> FirstOf(std::vector<Exclusion> all) {
  if (all.empty()) return std::nullopt;
  return std::move(all.front());
}

}  // namespace

std::vector<Exclusion> JobExclusions(const model::Individual& person, const model::Vacancy& vacancy,
                                     const Date& today) {
  std::vector<Exclusion> out;
  CheckPerson(person, today, out);
  const int age = AgeOn(person, today);
  if (age < std::max(15, vacancy.min_age)) {
    out.push_back(
        Excluded("under_minimum_age", {{"age", age}, {"min_age", std::max(15, vacancy.min_age)}}));
  }
  if (age < 18 && reference::ReferenceData::Builtin().IsHazardous(vacancy.occupation)) {
    out.push_back(Excluded("hazardous_under_18"));
  }
  if (vacancy.status != model::VacancyStatus::kOpen) {
    out.push_back(Excluded("vacancy_not_open"));
  }
  if (!vacancy.ScreeningCleared()) {
    out.push_back(Excluded("screening_not_clear"));
  }
  if (vacancy.SlotsLeft() == 0) out.push_back(Excluded("no_slots_left"));
  if (vacancy.closes_on && *vacancy.closes_on < today) {
    out.push_back(Excluded("vacancy_closed", {{"date", vacancy.closes_on->ToString()}}));
  }
  if (!vacancy.work_abroad) {
    CheckReach(person, vacancy.province, vacancy.district, vacancy.location, out);
  }
  for (const std::string& language : vacancy.languages) {
    if (std::find(person.languages.begin(), person.languages.end(), language) ==
        person.languages.end()) {
      out.push_back(Excluded("language_missing", {{"language", language}}));
    }
  }
  if (person.do_not_match.Excludes(vacancy.employer_id, vacancy.district)) {
    out.push_back(Excluded("do_not_match"));
  }
  return out;
}

std::optional<Exclusion> CheckJob(const model::Individual& person, const model::Vacancy& vacancy,
                                  const Date& today) {
  return FirstOf(JobExclusions(person, vacancy, today));
}

std::vector<Exclusion> TrainingExclusions(const model::Individual& person,
                                          const model::Training& training, const Date& today) {
  std::vector<Exclusion> out;
  CheckPerson(person, today, out);
  if (AgeOn(person, today) < 15) {
    out.push_back(
        Excluded("under_minimum_age", {{"min_age", 15}}, "exclusion.under_minimum_age.fixed"));
  }
  if (training.SeatsLeft() == 0) out.push_back(Excluded("no_seats_left"));
  if (training.ends_on && *training.ends_on < today) {
    out.push_back(Excluded("training_ended", {{"date", training.ends_on->ToString()}}));
  }
  if (training.starts_on && *training.starts_on < today) {
    out.push_back(Excluded("training_started", {{"date", training.starts_on->ToString()}}));
  }
  CheckReach(person, training.province, training.district, training.location, out);
  return out;
}

std::optional<Exclusion> CheckTraining(const model::Individual& person,
                                       const model::Training& training, const Date& today) {
  return FirstOf(TrainingExclusions(person, training, today));
}

std::vector<Exclusion> ProgrammeExclusions(const model::Individual& person,
                                           const model::Programme& programme, const Date& today) {
  std::vector<Exclusion> out;
  CheckPerson(person, today, out);
  const int age = AgeOn(person, today);
  if (age < 15) {
    out.push_back(
        Excluded("under_minimum_age", {{"min_age", 15}}, "exclusion.under_minimum_age.fixed"));
  }
  if (programme.SeatsLeft() == 0) out.push_back(Excluded("no_places_left"));
  if (programme.ends_on && *programme.ends_on < today) {
    out.push_back(Excluded("programme_ended", {{"date", programme.ends_on->ToString()}}));
  }
  if (programme.location && person.location) {
    CheckReach(person, programme.province, person.district, programme.location, out);
  } else if (programme.province != person.province ||
             (!programme.districts.empty() &&
              std::find(programme.districts.begin(), programme.districts.end(), person.district) ==
                  programme.districts.end())) {
    out.push_back(Excluded("outside_programme_area"));
  }
  const model::ProgrammeEligibility& e = programme.eligibility;
  if (e.min_age && age < *e.min_age) {
    out.push_back(Excluded("below_programme_min_age", {{"age", age}, {"min_age", *e.min_age}}));
  }
  if (e.max_age && age > *e.max_age) {
    out.push_back(Excluded("above_programme_max_age", {{"age", age}, {"max_age", *e.max_age}}));
  }
  if (!e.sexes.empty() && std::find(e.sexes.begin(), e.sexes.end(), person.sex) == e.sexes.end()) {
    out.push_back(Excluded("sex_not_eligible"));
  }
  if (!e.idpoor_levels.empty() &&
      (!person.idpoor_level || std::find(e.idpoor_levels.begin(), e.idpoor_levels.end(),
                                         *person.idpoor_level) == e.idpoor_levels.end())) {
    out.push_back(person.idpoor_level
                      ? Excluded("idpoor_level_not_eligible", {{"level", *person.idpoor_level}})
                      : Excluded("idpoor_level_not_eligible", model::Json::object(),
                                 "exclusion.idpoor_level_not_eligible.none"));
  }
  if (e.max_monthly_income_per_head) {
    const auto rates = reference::RatesInForce();
    const double per_head = std::max(0.0, rates->UsdOrZero(person.household.monthly_income)) /
                            std::max(1, person.household.size);
    const double cap = rates->UsdOrZero(*e.max_monthly_income_per_head);
    if (per_head > cap) {
      out.push_back(
          Excluded("income_per_head_too_high", {{"per_head", per_head}, {"ceiling", cap}}));
    }
  }
  if (e.survivors_only && !person.survivor) {
    out.push_back(Excluded("survivors_only"));
  }
  return out;
}

std::optional<Exclusion> CheckProgramme(const model::Individual& person,
                                        const model::Programme& programme, const Date& today) {
  return FirstOf(ProgrammeExclusions(person, programme, today));
}

Match ScoreJob(const model::Individual& person, const model::Vacancy& vacancy,
               const policy::ProvincePolicy& policy, const Date& today) {
  RecordProfile r = ProfileOf(person);
  std::vector<uint16_t> ids;
  std::vector<uint8_t> levels;
  for (const model::RequiredSkill& s : vacancy.required_skills) {
    ids.push_back(r.Intern(s.code));
    levels.push_back(static_cast<uint8_t>(std::clamp(s.min_level, 1, 5)));
  }
  const internal::PersonProfile& p = r.profile;
  internal::JobFacts job;
  job.place = PlaceOf(vacancy.province, vacancy.district, vacancy.location, person);
  job.occupation = internal::Isco::Of(vacancy.occupation);
  job.monthly_wage =
      reference::RatesInForce()->MonthlyUsd(vacancy.wage, vacancy.hours_per_week).value_or(0);
  job.hours = vacancy.hours_per_week;
  job.contract = vacancy.contract;
  job.benefits = internal::BenefitMask(vacancy.benefits);
  job.work_abroad = vacancy.work_abroad;
  const int month = (vacancy.starts_on ? *vacancy.starts_on : today).month;
  const internal::MarketFacts market = MarketOf(policy, vacancy.sector, month);

  internal::JobPair pair;
  pair.skills =
      internal::SkillsScore([&p](uint16_t id) { return static_cast<double>(p.skill_levels[id]); },
                            ids.data(), levels.data(), static_cast<int>(ids.size()));
  pair.occupation = internal::OccupationScore(p.desired.data(), static_cast<int>(p.desired.size()),
                                              job.occupation);
  pair.wage_usd = job.monthly_wage;
  pair.wage_target = internal::WageTarget(p.household_size, p.household_income, market);
  pair.demand = market.demand;
  pair.same_province = p.home.province == job.place.province;
  pair.same_district = p.home.district == job.place.district;
  pair.work_abroad = job.work_abroad;
  pair.max_commute_km = p.max_commute_km;
  pair.preferences_base = internal::PreferencesBase(job);
  pair.benefits = job.benefits;
  pair.dependents = p.dependents;
  const double km = internal::KmBetween(p.home, job.place);
  const std::array<double, kComponents> s = internal::JobComponents(pair, km);

  int met = 0;
  for (size_t i = 0; i < ids.size(); ++i) met += p.skill_levels[ids[i]] >= levels[i];
  std::array<Said, kComponents> why;
  why[internal::kSkills] = ids.empty()
                               ? Say("match.skills.none_required")
                               : Say("match.skills.met", {{"met", met}, {"required", ids.size()}});
  int prefix = 0;
  for (const internal::Isco& d : p.desired)
    prefix = std::max(prefix, d.CommonPrefix(job.occupation));
  why[internal::kOccupation] =
      p.desired.empty() ? Say("match.occupation.none_desired")
      : prefix == 4     ? Say("match.occupation.exact", {{"occupation", vacancy.occupation}})
                        : Say("match.occupation.shared_digits", {{"digits", prefix}});
  why[internal::kDistance] = DistanceReason(s[internal::kDistance], km, job.work_abroad, job.place);
  why[internal::kWage] = Say(
      "match.wage", {{"monthly_wage", job.monthly_wage}, {"household_needs", pair.wage_target}});
  why[internal::kMarket] = Say("match.market.job", {{"month", month}, {"demand", market.demand}});
  why[internal::kPreferences] =
      Say("match.preferences", {{"contract", model::ToString(vacancy.contract)},
                                {"hours", job.hours},
                                {"score", s[internal::kPreferences]}});
  const auto weights = internal::NormalisedWeights(policy.AdjustWeights(policy::MatchWeights{}));
  return Assemble(model::OpportunityKind::kJob, person, vacancy.meta.id, s, weights,
                  internal::kJobComponentNames, std::move(why));
}

namespace {

// The components of a training for one person, and the figures their reasons quote.
struct TrainingFigures {
  std::array<double, kComponents> s{};
  double closed = 0, total = 0;  // weight of the skill gap the training closes, of all of it
  std::vector<std::string> closes;
  internal::Place place;
  double km = 0, cost = 0, stipend = 0, demand = 0;
  int month = 0;
  int64_t wait = -1;  // days until it starts; -1 when no start date is announced
};

}  // namespace

struct TrainingScorer::State {
  State(const model::Individual& person, const SkillGap& gap, const Date& today)
      : person(person),
        gap(gap),
        today(today),
        r(ProfileOf(person)),
        rates(reference::RatesInForce()) {
    // What every training's gap component reads, once: the gap's total weight (summed in the
    // gap's order, as it always was), each gap skill's place in the gap by code, and the level
    // the person has of it.
    gap_have.reserve(gap.size());
    for (size_t i = 0; i < gap.size(); ++i) {
      const auto& [skill, weight] = gap[i];
      gap_total += weight;
      gap_index.emplace(skill, i);
      auto it = r.skill_ids.find(skill);
      gap_have.push_back(it == r.skill_ids.end() ? 0 : r.profile.skill_levels[it->second]);
    }
  }

  // The figures of `training`.
  TrainingFigures Compute(const model::Training& training, const policy::ProvincePolicy& policy,
                          bool explain) const;
  const std::array<double, kComponents>& WeightsOf(const policy::ProvincePolicy& policy) const {
    auto [it, added] = weights.try_emplace(&policy);
    if (added) {
      it->second = internal::NormalisedWeights(policy.AdjustWeights(policy::MatchWeights{}));
    }
    return it->second;
  }

  const model::Individual& person;
  const SkillGap& gap;
  const Date today;
  const RecordProfile r;
  const std::shared_ptr<const model::ExchangeRates> rates;
  double gap_total = 0;
  std::unordered_map<std::string_view, size_t> gap_index;  // into `gap`, by skill code
  std::vector<int> gap_have;                               // the person's level of gap[i]
  mutable std::vector<size_t> seen, closed;  // Compute's scratch (a scorer serves one query)
  mutable std::map<const policy::ProvincePolicy*, std::array<double, kComponents>> weights;
};

TrainingFigures TrainingScorer::State::Compute(const model::Training& training,
                                               const policy::ProvincePolicy& policy,
                                               bool explain) const {
  const internal::PersonProfile& p = r.profile;
  TrainingFigures f;
  f.total = gap_total;
  // The gap skills the training teaches above the person's level (a skill taught twice counts
  // at its first entry), summed in the gap's order so that the score does not depend on the
  // order the training lists its skills in.
  seen.clear();
  closed.clear();
  for (const model::SkillLevel& taught : training.skills_taught) {
    auto it = gap_index.find(taught.code);
    if (it == gap_index.end()) continue;
    const size_t i = it->second;
    if (std::find(seen.begin(), seen.end(), i) != seen.end()) continue;
    seen.push_back(i);
    if (taught.level > gap_have[i]) closed.push_back(i);
  }
  std::sort(closed.begin(), closed.end());
  for (size_t i : closed) {
    f.closed += gap[i].second;
    if (explain) f.closes.push_back(gap[i].first);
  }
  f.month = (training.starts_on ? *training.starts_on : today).month;

  std::array<double, kComponents>& s = f.s;
  s[0] = f.total > 0 ? 100 * f.closed / f.total : 0;
  s[1] = 0;
  for (const std::string& code : training.leads_to) {
    s[1] = std::max(s[1],
                    internal::OccupationScore(p.desired.data(), static_cast<int>(p.desired.size()),
                                              internal::Isco::Of(code)));
  }
  if (training.leads_to.empty()) {
    s[1] = internal::OccupationScore(p.desired.data(), static_cast<int>(p.desired.size()), {});
  }
  f.cost = rates->UsdOrZero(training.cost);
  f.stipend = rates->UsdOrZero(training.stipend);
  s[3] = internal::CostScore(f.cost, f.stipend, policy.Market().living_wage);
  f.wait = training.starts_on ? training.starts_on->DaysSinceEpoch() - today.DaysSinceEpoch() : -1;
  s[5] = internal::ScheduleScore(f.wait);
  f.place = PlaceOf(training.province, training.district, training.location, person);
  const reference::IscoGroup* leads =
      training.leads_to.empty()
          ? nullptr
          : reference::ReferenceData::Builtin().FindIsco(training.leads_to[0]);
  f.demand = MarketOf(policy, leads ? leads->sector : "", f.month).demand;
  s[2] = internal::DistanceScore(p.home, p.max_commute_km, f.place, false, &f.km);
  s[4] = internal::MarketScore(f.demand);
  return f;
}

TrainingScorer::TrainingScorer(const model::Individual& person, const SkillGap& gap,
                               const Date& today)
    : state_(std::make_unique<State>(person, gap, today)) {}

TrainingScorer::~TrainingScorer() = default;

double TrainingScorer::Base(const model::Training& training,
                            const policy::ProvincePolicy& policy) const {
  return internal::Combine(state_->Compute(training, policy, false).s, state_->WeightsOf(policy));
}

Match TrainingScorer::Explain(const model::Training& training,
                              const policy::ProvincePolicy& policy) const {
  TrainingFigures f = state_->Compute(training, policy, true);
  const std::array<double, kComponents>& s = f.s;
  std::array<Said, kComponents> why;
  why[0] = f.total > 0 ? Say("match.skill_gap.closes", {{"percent", s[0]}})
                       : Say("match.skill_gap.none");
  why[1] = Say("match.occupation.leads_to", {{"score", s[1]}});
  why[2] = DistanceReason(s[2], f.km, false, f.place);
  why[3] = Say("match.cost", {{"cost", f.cost}, {"stipend", f.stipend}});
  why[4] = Say("match.market.training", {{"month", f.month}, {"demand", f.demand}});
  why[5] = f.wait < 0 ? Say("match.schedule.unannounced")
                      : Say("match.schedule.starts_in", {{"days", f.wait}});
  Match match =
      Assemble(model::OpportunityKind::kTraining, state_->person, training.meta.id, s,
               state_->WeightsOf(policy), internal::kTrainingComponentNames, std::move(why));
  match.closes_skills = std::move(f.closes);
  return match;
}

Match ScoreTraining(const model::Individual& person, const model::Training& training,
                    const SkillGap& gap, const policy::ProvincePolicy& policy, const Date& today) {
  return TrainingScorer(person, gap, today).Explain(training, policy);
}

namespace {

// engine/data/reference/programme-scoring.json, read once.
struct ProgrammeScoring {
  struct Kind {
    std::vector<internal::Isco> leads_to;
    std::vector<std::string> skills;
  };
  double need = 0, fit = 0, distance = 0, income_gain = 0, capacity = 0;
  double vulnerability_share = 0, idpoor_share = 0, idpoor_level1 = 0, idpoor_level2 = 0;
  double wish_share = 0, skill_share = 0, no_skill_score = 0;
  double no_shortfall_score = 0, unstated_gain_score = 0;
  double seats_for_full_score = 1;
  std::map<std::string, Kind> kinds;
};

ProgrammeScoring ParseProgrammeScoring(const model::Json& j) {
  ProgrammeScoring s;
  const model::Json& w = j.at("weights");
  const double sum = w.at("need").get<double>() + w.at("fit").get<double>() +
                     w.at("distance").get<double>() + w.at("income_gain").get<double>() +
                     w.at("capacity").get<double>();
  if (sum <= 0) throw std::runtime_error("programme weights sum to zero");
  s.need = w.at("need").get<double>() / sum;
  s.fit = w.at("fit").get<double>() / sum;
  s.distance = w.at("distance").get<double>() / sum;
  s.income_gain = w.at("income_gain").get<double>() / sum;
  s.capacity = w.at("capacity").get<double>() / sum;
  const model::Json& need = j.at("need");
  s.vulnerability_share = need.at("vulnerability_share").get<double>();
  s.idpoor_share = need.at("idpoor_share").get<double>();
  s.idpoor_level1 = need.at("idpoor_level_scores").at("1").get<double>();
  s.idpoor_level2 = need.at("idpoor_level_scores").at("2").get<double>();
  const model::Json& fit = j.at("fit");
  s.wish_share = fit.at("wish_share").get<double>();
  s.skill_share = fit.at("skill_share").get<double>();
  s.no_skill_score = fit.at("no_skill_score").get<double>();
  s.no_shortfall_score = j.at("income_gain").at("no_shortfall_score").get<double>();
  s.unstated_gain_score = j.at("income_gain").at("unstated_gain_score").get<double>();
  s.seats_for_full_score = std::max(1.0, j.at("capacity").at("seats_for_full_score").get<double>());
  for (const auto& [name, kind] : j.at("kinds").items()) {
    ProgrammeScoring::Kind k;
    for (const model::Json& code : kind.at("leads_to")) {
      k.leads_to.push_back(internal::Isco::Of(code.get<std::string>()));
    }
    k.skills = kind.at("skills").get<std::vector<std::string>>();
    s.kinds[name] = std::move(k);
  }
  return s;
}

const ProgrammeScoring& BuiltinProgrammeScoring() {
  // The data is part of the build: malformed data is a build defect and aborts at first use.
  static const ProgrammeScoring* const data = [] {
    try {
      return new ProgrammeScoring(
          ParseProgrammeScoring(model::Json::parse(embedded::find("programme-scoring.json"))));
    } catch (const std::exception& e) {
      std::cerr << "homeward: embedded programme scoring is malformed: " << e.what() << '\n';
      std::abort();
    }
  }();
  return *data;
}

}  // namespace

Match ScoreProgramme(const model::Individual& person, const model::Programme& programme,
                     const policy::ProvincePolicy& policy) {
  const ProgrammeScoring& data = BuiltinProgrammeScoring();
  RecordProfile r = ProfileOf(person);
  const internal::PersonProfile& p = r.profile;
  const auto rates = reference::RatesInForce();
  std::vector<Component> components;

  // Need: the person's vulnerability and the household's IDPoor level.
  const double idpoor = person.idpoor_level == 1   ? data.idpoor_level1
                        : person.idpoor_level == 2 ? data.idpoor_level2
                                                   : 0;
  const double need =
      std::clamp(data.vulnerability_share * person.vulnerability.score + data.idpoor_share * idpoor,
                 0.0, 100.0);
  components.push_back(Explained(
      "need", need, data.need,
      person.idpoor_level
          ? Say("match.need.idpoor",
                {{"vulnerability", person.vulnerability.score}, {"level", *person.idpoor_level}})
          : Say("match.need.no_idpoor", {{"vulnerability", person.vulnerability.score}})));

  // Fit: the occupations the kind of programme leads to against the person's wishes, and
  // whether the person has a skill it builds on.
  const std::string kind_name = model::ToString(programme.kind);
  auto kind = data.kinds.find(kind_name);
  double wish = internal::OccupationScore(p.desired.data(), static_cast<int>(p.desired.size()), {});
  std::string skill_held;
  if (kind != data.kinds.end()) {
    for (const internal::Isco& code : kind->second.leads_to) {
      wish = std::max(wish, internal::OccupationScore(p.desired.data(),
                                                      static_cast<int>(p.desired.size()), code));
    }
    for (const std::string& skill : kind->second.skills) {
      if (r.skill_ids.count(skill) != 0 && p.skill_levels[r.skill_ids.at(skill)] > 0) {
        skill_held = skill;
        break;
      }
    }
  }
  const double skill = skill_held.empty() ? data.no_skill_score : 100;
  const double fit = data.wish_share * wish + data.skill_share * skill;
  components.push_back(Explained(
      "fit", fit, data.fit,
      skill_held.empty()
          ? Say("match.fit.no_skill", {{"kind", kind_name}, {"wish", wish}})
          : Say("match.fit.skill", {{"kind", kind_name}, {"wish", wish}, {"skill", skill_held}})));

  // Distance: the programme's place, or the person's own district when it serves it.
  const bool serves_district = programme.districts.empty() ||
                               std::find(programme.districts.begin(), programme.districts.end(),
                                         person.district) != programme.districts.end();
  internal::Place place =
      PlaceOf(programme.province, serves_district ? person.district : programme.districts.front(),
              programme.location, person);
  double km = 0;
  const double distance = internal::DistanceScore(p.home, p.max_commute_km, place, false, &km);
  components.push_back(
      Explained("distance", distance, data.distance, DistanceReason(distance, km, false, place)));

  // Income gain against the household's shortfall below the poverty line.
  const model::MarketData& market = policy.Market();
  const double line = market.poverty_line > 0 ? market.poverty_line : market.living_wage / 2;
  const double shortfall =
      std::max(0.0, line * std::max(1, p.household_size) - std::max(0.0, p.household_income));
  double gain_score = data.unstated_gain_score;
  Said gain_reason = Say("match.income_gain.unstated");
  if (programme.expected_income_gain) {
    // Stated per month (the schema requires it), in any currency.
    const double gain = std::max(0.0, rates->UsdOrZero(programme.expected_income_gain->money));
    if (shortfall <= 0) {
      gain_score = data.no_shortfall_score;
      gain_reason = Say("match.income_gain.above_poverty_line", {{"gain", gain}});
    } else {
      gain_score = 100 * std::min(1.0, gain / shortfall);
      gain_reason = Say("match.income_gain.shortfall", {{"gain", gain}, {"shortfall", shortfall}});
    }
  }
  components.push_back(
      Explained("income_gain", gain_score, data.income_gain, std::move(gain_reason)));

  // Capacity: the places the provider has left.
  const double left = programme.SeatsLeft();
  const double capacity = 100 * std::min(1.0, left / data.seats_for_full_score);
  components.push_back(
      Explained("capacity", capacity, data.capacity,
                Say("match.capacity", {{"left", left}, {"seats", programme.seats}})));

  Match match;
  match.kind = model::OpportunityKind::kProgramme;
  match.individual_id = person.meta.id;
  match.opportunity_id = programme.meta.id;
  double total = 0;
  for (Component& c : components) {
    total += c.weight * c.score;
    c.score = internal::Round2(c.score);
    c.weight = internal::Round2(c.weight);
  }
  match.components = std::move(components);
  match.base_score = total;
  match.score = internal::Round2(std::clamp(total, 0.0, 100.0));
  match.vulnerability = person.vulnerability.score;
  return match;
}

double CapRuleEffects(std::vector<policy::RuleEffect>& effects, policy::RuleRange range) {
  double total = 0;
  for (policy::RuleEffect& e : effects) {
    const double own = internal::Round2(std::clamp(e.points, range.least, range.most));
    e.points = internal::Round2(std::clamp(total + own, range.least, range.most) - total);
    total += e.points;
  }
  return total;
}

namespace {

// `rules_of(policy)` from the opportunity's policy, then from the person's home province's policy
// when that is another one.
template <typename RulesOf>
std::vector<policy::RuleEffect> BothProvinces(const model::Individual& person,
                                              const std::string& opportunity_province,
                                              const policy::ProvincePolicy& opportunity_policy,
                                              const policy::PolicyProvider& policies,
                                              const Date& today, RulesOf rules_of) {
  std::vector<policy::RuleEffect> effects = rules_of(opportunity_policy);
  CapRuleEffects(effects, opportunity_policy.RulePointsFor(person, today));
  if (person.province.empty() || person.province == opportunity_province) return effects;
  const std::shared_ptr<const policy::ProvincePolicy> home = policies.ForProvince(person.province);
  if (home.get() == &opportunity_policy) return effects;
  std::vector<policy::RuleEffect> more = rules_of(*home);
  CapRuleEffects(more, home->RulePointsFor(person, today));
  for (policy::RuleEffect& e : more) effects.push_back(std::move(e));
  return effects;
}

}  // namespace

std::vector<policy::RuleEffect> JobRulesFor(const model::Individual& person,
                                            const model::Vacancy& vacancy,
                                            const policy::ProvincePolicy& opportunity_policy,
                                            const policy::PolicyProvider& policies,
                                            const Date& today) {
  return std::move(
      JobRulesForEach(person, {policy::Unowned(vacancy)}, opportunity_policy, policies, today)
          .front());
}

std::vector<std::vector<policy::RuleEffect>> JobRulesForEach(
    const model::Individual& person, const std::vector<policy::SharedVacancy>& vacancies,
    const policy::ProvincePolicy& opportunity_policy, const policy::PolicyProvider& policies,
    const Date& today) {
  std::vector<std::vector<policy::RuleEffect>> effects =
      opportunity_policy.JobRulesEach(person, vacancies, today);
  const policy::RuleRange range = opportunity_policy.RulePointsFor(person, today);
  for (std::vector<policy::RuleEffect>& own : effects) CapRuleEffects(own, range);
  if (person.province.empty()) return effects;
  const std::shared_ptr<const policy::ProvincePolicy> home = policies.ForProvince(person.province);
  if (home.get() == &opportunity_policy) return effects;
  // The home province's rules for the vacancies registered in another province, as BothProvinces
  // adds them for a training or a programme.
  std::vector<policy::SharedVacancy> away;
  std::vector<size_t> at;
  for (size_t i = 0; i < vacancies.size(); ++i) {
    if (vacancies[i]->province == person.province) continue;
    away.push_back(vacancies[i]);
    at.push_back(i);
  }
  if (away.empty()) return effects;
  std::vector<std::vector<policy::RuleEffect>> more = home->JobRulesEach(person, away, today);
  const policy::RuleRange home_range = home->RulePointsFor(person, today);
  for (size_t j = 0; j < at.size(); ++j) {
    CapRuleEffects(more[j], home_range);
    for (policy::RuleEffect& e : more[j]) effects[at[j]].push_back(std::move(e));
  }
  return effects;
}

// TrainingRulesFor and ProgrammeRulesFor below are alike: each asks BothProvinces with its own
// record type and policy call.
std::vector<policy::RuleEffect> TrainingRulesFor(const model::Individual& person,
                                                 const model::Training& training,
                                                 const policy::ProvincePolicy& opportunity_policy,
                                                 const policy::PolicyProvider& policies,
                                                 const Date& today) {
  return BothProvinces(
      person, training.province, opportunity_policy, policies, today,
      [&](const policy::ProvincePolicy& p) { return p.TrainingRules(person, training, today); });
}

std::vector<policy::RuleEffect> ProgrammeRulesFor(const model::Individual& person,
                                                  const model::Programme& programme,
                                                  const policy::ProvincePolicy& opportunity_policy,
                                                  const policy::PolicyProvider& policies,
                                                  const Date& today) {
  return BothProvinces(
      person, programme.province, opportunity_policy, policies, today,
      [&](const policy::ProvincePolicy& p) { return p.ProgrammeRules(person, programme, today); });
}

void ApplyRules(std::vector<policy::RuleEffect> effects, Match& match) {
  // The rules already applied come first: capping them again changes nothing.
  std::vector<policy::RuleEffect> all = std::move(match.rules);
  all.insert(all.end(), std::make_move_iterator(effects.begin()),
             std::make_move_iterator(effects.end()));
  const double total = CapRuleEffects(all);
  match.rules.clear();
  for (policy::RuleEffect& e : all) {
    if (e.points != 0) match.rules.push_back(std::move(e));
  }
  match.score = internal::Round2(std::clamp(match.base_score + total, 0.0, 100.0));
}

}  // namespace homeward::matching
