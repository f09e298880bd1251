#include "homeward/reference/reference.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>
#include <numeric>

#include "homeward/reference/embedded_reference.h"

namespace homeward::reference {

namespace {

using nlohmann::json;

std::string StringOr(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

model::GeoPoint PointOf(const json& object) {
  return model::GeoPoint{object.at("lat").get<double>(), object.at("lon").get<double>()};
}

// The positions of `items` ordered by `field`.
template <typename T>
std::vector<uint32_t> OrderBy(const std::vector<T>& items, std::string T::*field) {
  std::vector<uint32_t> order(items.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(),
                   [&](uint32_t a, uint32_t b) { return items[a].*field < items[b].*field; });
  return order;
}

// The first item whose `field` is `key`, through `order` (OrderBy's).
template <typename T>
const T* FindByKey(const std::vector<T>& items, const std::vector<uint32_t>& order,
                   std::string_view key, std::string T::*field) {
  auto it = std::lower_bound(order.begin(), order.end(), key, [&](uint32_t i, std::string_view k) {
    return std::string_view(items[i].*field) < k;
  });
  return it != order.end() && items[*it].*field == key ? &items[*it] : nullptr;
}

}  // namespace

// Parses the embedded files; the data is part of the build, so malformed data is a build defect
// and aborts at first use (tests catch it before any release).
class ReferenceLoader {
 public:
  static ReferenceData Load() {
    ReferenceData data;
    try {
      const json provinces = json::parse(embedded::find("provinces.json"));
      for (const json& p : provinces.at("provinces")) {
        Province province;
        province.code = p.at("code").get<std::string>();
        province.name_en = p.at("name_en").get<std::string>();
        province.name_km = p.at("name_km").get<std::string>();
        province.centroid = PointOf(p.at("centroid"));
        province.borders = p.value("borders", std::vector<std::string>{});
        province.coastal = p.value("coastal", false);
        for (const json& d : p.value("districts", json::array())) {
          province.districts.push_back(District{d.at("name_en").get<std::string>(),
                                                d.at("name_km").get<std::string>(), PointOf(d)});
        }
        data.provinces_.push_back(std::move(province));
      }
      const json isco = json::parse(embedded::find("isco08.json"));
      for (const json& g : isco.at("groups")) {
        IscoGroup group;
        group.code = g.at("code").get<std::string>();
        group.level = g.value("level", static_cast<int>(group.code.size()));
        group.title_en = StringOr(g, "title_en");
        group.title_km = StringOr(g, "title_km");
        group.parent = StringOr(g, "parent");
        group.hazardous = g.value("hazardous", false);
        group.sector = StringOr(g, "sector");
        data.isco_.push_back(std::move(group));
      }
      const json skills = json::parse(embedded::find("skills.json"));
      for (const json& s : skills.at("skills")) {
        Skill skill;
        skill.id = s.at("id").get<std::string>();
        skill.label_en = StringOr(s, "label_en");
        skill.label_km = StringOr(s, "label_km");
        skill.sector = StringOr(s, "sector");
        skill.isco = s.value("isco", std::vector<std::string>{});
        data.skills_.push_back(std::move(skill));
      }
    } catch (const json::exception& e) {
      std::cerr << "homeward: embedded reference data is malformed: " << e.what() << '\n';
      std::abort();
    }
    data.provinces_by_code_ = OrderBy(data.provinces_, &Province::code);
    data.isco_by_code_ = OrderBy(data.isco_, &IscoGroup::code);
    data.skills_by_id_ = OrderBy(data.skills_, &Skill::id);
    return data;
  }
};

const ReferenceData& ReferenceData::Builtin() {
  static const ReferenceData data = ReferenceLoader::Load();
  return data;
}

const Province* ReferenceData::FindProvince(std::string_view code) const {
  return FindByKey(provinces_, provinces_by_code_, code, &Province::code);
}

const IscoGroup* ReferenceData::FindIsco(std::string_view code) const {
  return FindByKey(isco_, isco_by_code_, code, &IscoGroup::code);
}

const Skill* ReferenceData::FindSkill(std::string_view id) const {
  return FindByKey(skills_, skills_by_id_, id, &Skill::id);
}

bool ReferenceData::IsHazardous(std::string_view isco) const {
  // Walk up the parent chain; also try the code's prefixes, since a unit group absent from the
  // table still belongs to its minor, sub-major and major groups.
  for (std::size_t len = isco.size(); len > 0; --len) {
    for (const IscoGroup* group = FindIsco(isco.substr(0, len)); group != nullptr;
         group = group->parent.empty() ? nullptr : FindIsco(group->parent)) {
      if (group->hazardous) return true;
    }
  }
  return false;
}

double DistanceKm(const model::GeoPoint& a, const model::GeoPoint& b) {
  constexpr double kEarthRadiusKm = 6371.0088;
  constexpr double kRadians = 3.14159265358979323846 / 180.0;
  const double dlat = (b.lat - a.lat) * kRadians;
  const double dlon = (b.lon - a.lon) * kRadians;
  const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(a.lat * kRadians) * std::cos(b.lat * kRadians) * std::sin(dlon / 2) *
                       std::sin(dlon / 2);
  return 2 * kEarthRadiusKm * std::asin(std::sqrt(std::min(1.0, h)));
}

}  // namespace homeward::reference
