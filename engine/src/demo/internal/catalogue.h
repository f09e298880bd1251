// The reference data the generator draws from (provinces with their districts, ISCO-08 unit
// groups with their sector, the skills taxonomy), read from engine/data/reference/ compiled into
// the component. Private to the demo component.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "homeward/base/status.h"
#include "homeward/reference/reference.h"

namespace homeward::demo::internal {

struct Occupation {
  const reference::IscoGroup* group;            // a 4-digit unit group
  std::vector<const reference::Skill*> skills;  // skills whose links name this group
  int major() const { return group->code[0] - '0'; }
};

class Catalogue {
 public:
  // Parsed once from the compiled-in reference files; immutable and thread-safe afterwards.
  static StatusOr<const Catalogue*> Get();

  const reference::Province* FindProvince(std::string_view code) const;
  // Unit groups of `sector` ("garment", "hospitality", ...), in code order; empty when none.
  const std::vector<Occupation>& OccupationsIn(std::string_view sector) const;
  const Occupation* FindOccupation(std::string_view code) const;
  // Skills of `sector` ("core" for literacy, numeracy, languages and the like).
  const std::vector<const reference::Skill*>& SkillsIn(std::string_view sector) const;

 private:
  std::vector<reference::Province> provinces_;
  std::vector<reference::IscoGroup> groups_;
  std::vector<reference::Skill> skills_;
  std::map<std::string, std::vector<Occupation>, std::less<>> occupations_by_sector_;
  std::map<std::string, std::vector<const reference::Skill*>, std::less<>> skills_by_sector_;
  friend StatusOr<Catalogue*> ParseCatalogue();
};

}  // namespace homeward::demo::internal
