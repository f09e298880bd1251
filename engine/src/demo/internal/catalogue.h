// The reference data the generator draws from (provinces with their districts, ISCO-08 unit
// groups with their sector, the skills taxonomy), indexed the way the generator asks for it.
// Private to the demo component.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "homeward/reference/reference.h"

namespace homeward::demo::internal {

struct Occupation {
  const reference::IscoGroup* group;            // a 4-digit unit group
  std::vector<const reference::Skill*> skills;  // skills whose links name this group
  int major() const { return group->code[0] - '0'; }
};

class Catalogue {
 public:
  // Built once from reference::ReferenceData::Builtin(); immutable and thread-safe.
  static const Catalogue& Get();

  const reference::Province* FindProvince(std::string_view code) const;
  // Unit groups of `sector` ("garment", "hospitality", ...), in code order; empty when none.
  const std::vector<Occupation>& OccupationsIn(std::string_view sector) const;
  const Occupation* FindOccupation(std::string_view code) const;
  // Skills of `sector` ("core" for literacy, numeracy, languages and the like).
  const std::vector<const reference::Skill*>& SkillsIn(std::string_view sector) const;

 private:
  explicit Catalogue(const reference::ReferenceData& data);

  const reference::ReferenceData& data_;
  std::map<std::string, std::vector<Occupation>, std::less<>> occupations_by_sector_;
  std::map<std::string, std::vector<const reference::Skill*>, std::less<>> skills_by_sector_;
};

}  // namespace homeward::demo::internal
