#include "internal/columns.h"

#include <cmath>

#include "homeward/reference/exchange_rates.h"

namespace homeward::matching {

namespace internal {

std::array<double, kCurrencies> UsdPerUnit() {
  const auto rates = reference::RatesInForce();
  return {1.0, rates->ToUsd(1, "KHR").value_or(0), rates->ToUsd(1, "THB").value_or(0)};
}

}  // namespace internal

model::Individual MatchIndex::State::Reconstruct(uint32_t row) const {
  const People& t = people;
  model::Individual person;
  person.meta.id = t.id[row];
  person.birth_date = Date::FromDays(t.birth_day[row]);
  const std::string& key = districts.Name(t.district[row]);
  person.province = provinces.Name(t.province[row]);
  person.district = key.substr(key.find('\x1f') + 1);
  if (!std::isnan(t.lat[row])) person.location = model::GeoPoint{t.lat[row], t.lon[row]};
  for (uint32_t id = 0; id < 64 && id < languages.size(); ++id) {
    if (id < 63 && (t.languages[row] >> id & 1)) person.languages.push_back(languages.Name(id));
  }
  for (uint8_t i = 0; i < t.skills[row].count; ++i) {
    person.skills.push_back({skills.Name(t.skills[row].ids[i]), t.skills[row].levels[i]});
  }
  for (const internal::SkillRef& s : t.more_skills[row])
    person.skills.push_back({skills.Name(s.id), s.level});
  person.max_commute_km = t.max_commute_km[row];
  person.household = t.household[row];
  person.vulnerability.score = t.vulnerability[row];
  const People::Rest& rest = t.rest[row];
  person.sex = rest.sex;
  person.education = rest.education;
  person.survivor = rest.survivor;
  person.prior_migration = rest.prior_migration;
  person.status = rest.status;
  person.desired_occupations = rest.desired_codes;
  person.consent.given = (t.matchable[row] & People::kMatchable) != 0;
  if (person.consent.given) person.consent.scope = {model::kScopeMatching};
  person.consent.guardian = rest.guardian;
  person.do_not_match = rest.do_not_match;
  person.idpoor_level = rest.idpoor_level;
  person.disability = rest.disability;
  person.female_headed_household = rest.female_headed_household;
  return person;
}

}  // namespace homeward::matching
