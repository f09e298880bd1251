#include "internal/catalogue.h"

#include <memory>
#include <nlohmann/json.hpp>

#include "homeward_demo_reference.h"

namespace homeward::demo::internal {
namespace {

using Json = nlohmann::json;

model::GeoPoint PointOf(const Json& j) {
  return {j.at("lat").get<double>(), j.at("lon").get<double>()};
}

std::string TextOr(const Json& j, const char* key) {
  auto it = j.find(key);
  return it == j.end() || it->is_null() ? std::string() : it->get<std::string>();
}

void ReadProvinces(const Json& doc, std::vector<reference::Province>& out) {
  for (const Json& p : doc.at("provinces")) {
    reference::Province province;
    province.code = p.at("code").get<std::string>();
    province.name_en = p.at("name_en").get<std::string>();
    province.name_km = p.at("name_km").get<std::string>();
    province.centroid = PointOf(p.at("centroid"));
    province.borders = p.value("borders", std::vector<std::string>());
    province.coastal = p.value("coastal", false);
    for (const Json& d : p.at("districts")) {
      province.districts.push_back(
          {d.at("name_en").get<std::string>(), d.at("name_km").get<std::string>(), PointOf(d)});
    }
    out.push_back(std::move(province));
  }
}

void ReadGroups(const Json& doc, std::vector<reference::IscoGroup>& out) {
  for (const Json& g : doc.at("groups")) {
    out.push_back({g.at("code").get<std::string>(), g.at("level").get<int>(),
                   g.at("title_en").get<std::string>(), TextOr(g, "title_km"), TextOr(g, "parent"),
                   g.value("hazardous", false), TextOr(g, "sector")});
  }
}

void ReadSkills(const Json& doc, std::vector<reference::Skill>& out) {
  for (const Json& s : doc.at("skills")) {
    out.push_back({s.at("id").get<std::string>(), s.at("label_en").get<std::string>(),
                   TextOr(s, "label_km"), TextOr(s, "sector"),
                   s.value("isco", std::vector<std::string>())});
  }
}

}  // namespace

StatusOr<Catalogue*> ParseCatalogue() {
  auto catalogue = std::make_unique<Catalogue>();
  try {
    ReadProvinces(Json::parse(embedded::provinces_json()), catalogue->provinces_);
    ReadGroups(Json::parse(embedded::isco08_json()), catalogue->groups_);
    ReadSkills(Json::parse(embedded::skills_json()), catalogue->skills_);
  } catch (const Json::exception& e) {
    return Status::Internal(std::string("reference data does not parse: ") + e.what());
  }
  // Vectors are complete, so pointers into them stay valid from here on.
  for (const reference::Skill& skill : catalogue->skills_) {
    catalogue->skills_by_sector_[skill.sector].push_back(&skill);
  }
  for (const reference::IscoGroup& group : catalogue->groups_) {
    if (group.level != 4 || group.sector.empty()) continue;
    Occupation occupation{&group, {}};
    for (const reference::Skill& skill : catalogue->skills_) {
      for (const std::string& code : skill.isco) {
        if (code == group.code) occupation.skills.push_back(&skill);
      }
    }
    catalogue->occupations_by_sector_[group.sector].push_back(std::move(occupation));
  }
  return catalogue.release();
}

StatusOr<const Catalogue*> Catalogue::Get() {
  // Parsed once; kept for the life of the process like the data compiled into it.
  static const StatusOr<Catalogue*> catalogue = ParseCatalogue();
  if (!catalogue.ok()) return catalogue.status();
  return static_cast<const Catalogue*>(*catalogue);
}

const reference::Province* Catalogue::FindProvince(std::string_view code) const {
  for (const auto& province : provinces_) {
    if (province.code == code) return &province;
  }
  return nullptr;
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
