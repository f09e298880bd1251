// Records the allocation tests share: people and garment vacancies in Phnom Penh that the
// matching engine finds eligible for each other.
#pragma once

#include <string>

#include "homeward/model/individual.h"
#include "homeward/model/vacancy.h"

namespace homeward::allocation {

inline model::Individual Person(const std::string& id, double vulnerability) {
  model::Individual person;
  person.meta.id = id;
  person.consent.given = true;
  person.vulnerability.score = vulnerability;
  return person;
}

inline model::Vacancy Vacancy(const std::string& id, int slots, int filled = 0,
                              model::VacancyStatus status = model::VacancyStatus::kOpen) {
  model::Vacancy vacancy;
  vacancy.meta.id = id;
  vacancy.slots = slots;
  vacancy.slots_filled = filled;
  vacancy.status = status;
  return vacancy;
}

// A seamstress in Phnom Penh, close to the garment factories below.
inline model::Individual Seamstress(const std::string& id, double vulnerability) {
  model::Individual p = Person(id, vulnerability);
  p.sex = model::Sex::kFemale;
  p.birth_date = Date{2000, 1, 1};
  p.province = "KH-12";
  p.location = model::GeoPoint{11.55, 104.92};
  p.languages = {"km"};
  p.education = model::Education::kPrimary;
  p.skills = {{"sewing_machine", 3}, {"khmer_literacy", 2}};
  p.desired_occupations = {"7533"};
  p.max_commute_km = 10;
  p.consent.scope = {"matching"};
  return p;
}

inline model::Vacancy GarmentJob(const std::string& id, int slots) {
  model::Vacancy v = Vacancy(id, slots);
  v.employer_id = "emp_1";
  v.occupation = "7533";
  v.sector = "garment";
  v.province = "KH-12";
  v.location = model::GeoPoint{11.55, 104.92};
  v.wage.amount = 220;
  v.hours_per_week = 48;
  v.required_skills = {{"sewing_machine", 2}};
  v.languages = {"km"};
  return v;
}

}  // namespace homeward::allocation
