#include "internal/catalogue.h"

namespace homeward::demo::internal {

Catalogue::Catalogue(const reference::ReferenceData& data) : data_(data) {
  for (const reference::Skill& skill : data.skills()) {
    skills_by_sector_[skill.sector].push_back(&skill);
  }
  for (const reference::IscoGroup& group : data.isco_groups()) {
    if (group.level != 4 || group.sector.empty()) continue;
    Occupation occupation{&group, {}};
    for (const reference::Skill& skill : data.skills()) {
      for (const std::string& code : skill.isco) {
        if (code == group.code) occupation.skills.push_back(&skill);
      }
    }
    occupations_by_sector_[group.sector].push_back(std::move(occupation));
  }
}

const Catalogue& Catalogue::Get() {
  static const Catalogue catalogue(reference::ReferenceData::Builtin());
  return catalogue;
}

const reference::Province* Catalogue::FindProvince(std::string_view code) const {
  return data_.FindProvince(code);
}

const std::vector<Occupation>& Catalogue::OccupationsIn(std::string_view sector) const {
  static const std::vector<Occupation> kNone;
  auto it = occupations_by_sector_.find(sector);
  return it == occupations_by_sector_.end() ? kNone : it->second;
}

const Occupation* Catalogue::FindOccupation(std::string_view code) const {
  for (const auto& [sector, occupations] : occupations_by_sector_) {
    for (const Occupation& occupation : occupations) {
      if (occupation.group->code == code) return &occupation;
    }
  }
  return nullptr;
}

const std::vector<const reference::Skill*>& Catalogue::SkillsIn(std::string_view sector) const {
  static const std::vector<const reference::Skill*> kNone;
  auto it = skills_by_sector_.find(sector);
  return it == skills_by_sector_.end() ? kNone : it->second;
}

}  // namespace homeward::demo::internal
