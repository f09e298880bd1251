// Records shared by the matching tests: a person in Phnom Penh and a garment vacancy next door.
#pragma once

#include <string>

#include "homeward/matching/match.h"
#include "homeward/model/individual.h"
#include "homeward/model/json.h"
#include "homeward/model/training.h"
#include "homeward/model/vacancy.h"

namespace homeward::matching::testing {

inline const Date kToday{2026, 11, 28};

inline model::Individual Sokha() {
  model::Individual p;
  p.meta.id = "ind_sokha";
  p.given_name = "សុខា";
  p.family_name = "ចាន់";
  p.sex = model::Sex::kFemale;
  p.birth_date = Date{2000, 1, 1};
  p.province = "KH-12";
  p.district = "ចំការមន";
  p.location = model::GeoPoint{11.55, 104.92};
  p.languages = {"km"};
  p.education = model::Education::kPrimary;
  p.skills = {{"sewing_machine", 3}};
  p.desired_occupations = {"7533"};
  p.max_commute_km = 10;
  p.household = {4, 2, model::UsdPerMonth(200), model::UsdPerMonth(600)};
  p.survivor = true;
  p.consent.given = true;
  p.consent.scope = {"matching"};
  return p;
}

inline model::Vacancy GarmentJob(std::string id = "vac_garment") {
  model::Vacancy v;
  v.meta.id = std::move(id);
  v.employer_id = "emp_1";
  v.title = "ជាងដេរ";
  v.occupation = "7533";
  v.sector = "garment";
  v.province = "KH-12";
  v.district = "ចំការមន";
  v.location = model::GeoPoint{11.55, 104.92};
  v.slots = 2;
  v.wage.amount = 200;
  v.hours_per_week = 48;
  v.contract = model::Contract::kPermanent;
  v.benefits = {"childcare"};
  v.required_skills = {{"sewing_machine", 3}, {"khmer_literacy", 2}};
  v.min_age = 18;
  v.languages = {"km"};
  v.starts_on = Date{2026, 12, 1};
  v.status = model::VacancyStatus::kOpen;
  return v;
}

inline model::Training LiteracyCourse(std::string id = "trn_literacy") {
  model::Training t;
  t.meta.id = std::move(id);
  t.provider = "មជ្ឈមណ្ឌលបណ្តុះបណ្តាល";
  t.title = "អក្ខរកម្មភាសាខ្មែរ";
  t.skills_taught = {{"khmer_literacy", 2}};
  t.leads_to = {"7533"};
  t.province = "KH-12";
  t.district = "ចំការមន";
  t.location = model::GeoPoint{11.56, 104.92};
  t.seats = 20;
  t.starts_on = Date{2026, 12, 10};
  t.ends_on = Date{2027, 2, 10};
  t.stipend.amount = 30;
  return t;
}

// Every field of a match as one line of text, for tests that compare two matches exactly (doubles
// written to round-trip) and print them when they differ.
inline std::string Text(const Match& m) {
  model::Json components = model::Json::array();
  for (const Component& c : m.components) {
    components.push_back({c.name, c.score, c.weight, c.reason, c.code, c.params});
  }
  model::Json rules = model::Json::array();
  for (const policy::RuleEffect& r : m.rules) {
    rules.push_back({r.plugin, r.rule, r.points, r.reason, r.reason_km});
  }
  return model::Json{model::ToString(m.kind),
                     m.individual_id,
                     m.opportunity_id,
                     m.score,
                     m.base_score,
                     components,
                     rules,
                     m.closes_skills,
                     m.unlocks,
                     m.vulnerability}
      .dump();
}

}  // namespace homeward::matching::testing
