// Synthetic people and vacancies for the matching benchmarks: spread over the districts of the
// 25 provinces of the reference data (or of one), with random skills and occupations from the
// taxonomy.
// Deterministic for a given seed.
#pragma once

#include <random>
#include <string>
#include <vector>

#include "homeward/model/individual.h"
#include "homeward/model/vacancy.h"
#include "homeward/reference/reference.h"

namespace homeward::bench {

class MatchingWorld {
 public:
  // `only_province` (an ISO code): every place in that province instead of all 25.
  explicit MatchingWorld(uint32_t seed, const std::string& only_province = "") : rng_(seed) {
    const auto& ref = reference::ReferenceData::Builtin();
    for (const auto& province : ref.provinces()) {
      if (!only_province.empty() && province.code != only_province) continue;
      if (province.districts.empty()) {
        places_.push_back({province.code, province.name_km, province.centroid});
      }
      for (const auto& district : province.districts) {
        places_.push_back({province.code, district.name_km, district.centroid});
      }
    }
    for (const auto& skill : ref.skills()) skills_.push_back(skill.id);
    for (const auto& group : ref.isco_groups()) {
      if (group.level == 4) occupations_.push_back(group.code);
    }
  }

  model::Vacancy Vacancy(int i) {
    const Place& place = Pick(places_);
    model::Vacancy v;
    v.meta.id = "vac_" + std::to_string(10000000 + i);
    v.occupation = Pick(occupations_);
    v.sector = kSectors[Index(std::size(kSectors))];
    v.province = place.province;
    v.district = place.district;
    v.location = Jitter(place.point);
    v.slots = 1 + static_cast<int>(Index(5));
    v.wage.amount = Uniform(150, 450);
    v.hours_per_week = Uniform(40, 56);
    v.contract = static_cast<model::Contract>(Index(4));
    if (Index(3) == 0) v.benefits = {"transport"};
    if (Index(4) == 0) v.benefits.push_back("childcare");
    for (size_t n = Index(4); n > 0; --n) {
      v.required_skills.push_back({Pick(skills_), 1 + static_cast<int>(Index(4))});
    }
    v.min_age = 18;
    v.starts_on = Date{2027, 1 + static_cast<int>(Index(12)), 1};
    v.status = model::VacancyStatus::kOpen;
    return v;
  }

  model::Individual Person(int i) {
    const Place& place = Pick(places_);
    model::Individual p;
    p.meta.id = "ind_" + std::to_string(10000000 + i);
    p.birth_date = Date{1975 + static_cast<int>(Index(33)), 1 + static_cast<int>(Index(12)), 1};
    p.province = place.province;
    p.district = place.district;
    p.location = Jitter(place.point);
    p.languages = {"km"};
    for (size_t n = 1 + Index(4); n > 0; --n) {
      p.skills.push_back({Pick(skills_), 1 + static_cast<int>(Index(5))});
    }
    p.desired_occupations = {Pick(occupations_)};
    p.max_commute_km = Uniform(5, 25);
    p.household = {1 + static_cast<int>(Index(7)), static_cast<int>(Index(4)),
                   model::UsdPerMonth(Uniform(50, 500)), model::UsdPerMonth(Uniform(0, 3000))};
    p.consent.given = true;
    p.vulnerability.score = Uniform(0, 100);
    return p;
  }

 private:
  struct Place {
    std::string province;
    std::string district;
    model::GeoPoint point;
  };
  static constexpr const char* kSectors[] = {"garment",     "construction", "agriculture",
                                             "hospitality", "retail",       "manufacturing"};

  size_t Index(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }
  double Uniform(double lo, double hi) {
    return std::uniform_real_distribution<double>(lo, hi)(rng_);
  }
  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[Index(items.size())];
  }
  model::GeoPoint Jitter(model::GeoPoint p) {
    return {p.lat + Uniform(-0.08, 0.08), p.lon + Uniform(-0.08, 0.08)};
  }

  std::mt19937 rng_;
  std::vector<Place> places_;
  std::vector<std::string> skills_;
  std::vector<std::string> occupations_;
};

}  // namespace homeward::bench
