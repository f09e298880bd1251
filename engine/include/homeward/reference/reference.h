// Reference data compiled into the engine from engine/data/reference/ (see docs/reference-data.md):
// the 25 provinces, the ISCO-08 groups in use and the skills taxonomy. Immutable, thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "homeward/model/common.h"

namespace homeward::reference {

struct District {
  std::string name_en;
  std::string name_km;
  model::GeoPoint centroid;
};

struct Province {
  std::string code;  // "KH-12"
  std::string name_en;
  std::string name_km;
  model::GeoPoint centroid;
  std::vector<std::string> borders;  // ISO 3166-1 alpha-2 of land neighbours
  bool coastal = false;
  std::vector<District> districts;
};

struct IscoGroup {
  std::string code;  // 1 to 4 digits
  int level = 4;
  std::string title_en;
  std::string title_km;
  std::string parent;
  bool hazardous = false;  // hazardous work: minimum age 18
  std::string sector;
};

struct Skill {
  std::string id;
  std::string label_en;
  std::string label_km;
  std::string sector;
  std::vector<std::string> isco;
};

class ReferenceData {
 public:
  // The data compiled into the binary; parsed once on first use.
  static const ReferenceData& Builtin();

  const std::vector<Province>& provinces() const { return provinces_; }
  const std::vector<IscoGroup>& isco_groups() const { return isco_; }
  const std::vector<Skill>& skills() const { return skills_; }

  const Province* FindProvince(std::string_view code) const;
  const IscoGroup* FindIsco(std::string_view code) const;
  const Skill* FindSkill(std::string_view id) const;
  // True when the occupation (or any ISCO ancestor of it) is hazardous.
  bool IsHazardous(std::string_view isco) const;

 private:
  std::vector<Province> provinces_;
  std::vector<IscoGroup> isco_;
  std::vector<Skill> skills_;
  // Positions in the vectors above ordered by key, for binary search (matching looks up an
  // ISCO group for every training it scores).
  std::vector<uint32_t> provinces_by_code_, isco_by_code_, skills_by_id_;
  friend class ReferenceLoader;
};

// Great-circle distance in kilometres.
double DistanceKm(const model::GeoPoint& a, const model::GeoPoint& b);

}  // namespace homeward::reference
