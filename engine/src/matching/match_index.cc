#include "homeward/matching/match_index.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <mutex>
#include <queue>
#include <set>
#include <shared_mutex>
#include <type_traits>
#include <unordered_map>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "homeward/reference/exchange_rates.h"
#include "homeward/reference/reference.h"
#include "internal/core.h"

namespace homeward::matching {

namespace {

using internal::Isco;
using internal::kComponents;
using internal::kMaxInlineSkills;
using internal::Place;

constexpr uint32_t kUnknown = UINT32_MAX;
constexpr double kKmPerRadian = 6371.0088;
constexpr double kRadians = 3.14159265358979323846 / 180.0;
constexpr int kMaxInlineDesired = 4;
constexpr size_t kPathwayJobs = 20;

// Strings to dense ids; ids are never reused, so a stale id can only fail to match.
class Interner {
 public:
  uint32_t Of(const std::string& name) {
    auto [it, added] = ids_.emplace(name, static_cast<uint32_t>(names_.size()));
    if (added) names_.push_back(name);
    return it->second;
  }
  uint32_t Find(const std::string& name) const {
    auto it = ids_.find(name);
    return it == ids_.end() ? kUnknown : it->second;
  }
  const std::string& Name(uint32_t id) const { return names_[id]; }
  size_t size() const { return names_.size(); }

 private:
  std::unordered_map<std::string, uint32_t> ids_;
  std::vector<std::string> names_;
};

// Skill ids and levels: a few inline, the rest (rare) in an overflow vector.
struct SkillSet {
  std::array<uint16_t, kMaxInlineSkills> ids{};
  std::array<uint8_t, kMaxInlineSkills> levels{};
  uint8_t count = 0;
  bool has_more = false;  // the row's overflow vector is not empty
};

struct SkillRef {
  uint16_t id;
  uint8_t level;
};

// What scoring a vacancy row that passed the filters reads besides its filter columns
// (coordinates, district), in one cache line (index only; `facts` and `skills` hold the same
// values for the other queries).
struct alignas(64) ScoreRow {
  double cos_lat = internal::kNoCoordinate;  // CosLat(lat)
  double monthly_wage = 0;      // in the vacancy's own currency (`currency`); UsdPerUnit converts
  double preferences_base = 0;  // internal::PreferencesBase of the job
  uint32_t province = 0;
  uint32_t sector = 0;
  std::array<uint16_t, kMaxInlineSkills> skill_ids{};
  std::array<uint8_t, kMaxInlineSkills> skill_levels{};
  std::array<char, 4> occupation{};  // ISCO digits, 0 after the last (as in Isco)
  uint8_t skill_count = 0;
  // Bit-fields without initializers (C++17): rows are value-initialized, so they start at 0.
  uint8_t has_more_skills : 1;
  uint8_t currency : 2;  // CurrencyCode of monthly_wage
  uint8_t benefits = 0;
  uint8_t start_month = 0;  // 1..12, 0 = not set (work abroad is in the filter columns)

  Isco Occupation() const {
    Isco isco;
    isco.digits = occupation;
    while (isco.length < 4 && occupation[isco.length] != 0) ++isco.length;
    return isco;
  }
};
static_assert(sizeof(ScoreRow) == 64, "one cache line");

// Wages stay in the index in the vacancy's currency and are converted when a query scores them,
// with the exchange rates in force when the query starts (a replaced table counts at once).
enum CurrencyCode : uint8_t { kUsd, kKhr, kThb, kCurrencies };

uint8_t CurrencyCodeOf(const std::string& currency) {
  return currency == "KHR" ? kKhr : currency == "THB" ? kThb : kUsd;
}

// US dollars per unit of each CurrencyCode (0 for a currency without a rate).
std::array<double, kCurrencies> UsdPerUnit() {
  const auto rates = reference::RatesInForce();
  return {1.0, rates->ToUsd(1, "KHR").value_or(0), rates->ToUsd(1, "THB").value_or(0)};
}

// Vacancy rows by latitude cell (each cell's rows in row order, with a copy of their filter
// columns), so that a job query for a person with coordinates reads only the cells of its
// latitude band; rows without coordinates and work abroad, which such a query must also
// consider, have a list of their own.
class LatitudeCells {
 public:
  struct Entry {
    uint32_t row;
    uint32_t district;
    double lat;
    double lon;
    int64_t open_until;
    uint64_t languages;
    uint8_t min_age;
    bool abroad;
  };
  static constexpr double kDegrees = 0.1;
  static constexpr uint32_t kCells = 1800;       // -90 to 90 degrees
  static constexpr uint32_t kAnywhere = kCells;  // no coordinates, or work abroad
  // Added to a band's edges before looking up their cells, far above the rounding error of a
  // latitude difference, so that every row the band test keeps is in the cells read.
  static constexpr double kMargin = 1e-6;

  LatitudeCells() : cells_(kCells + 1) {}

  // The cell of a latitude (not NaN); monotonic, and clamped to the cells.
  static uint32_t CellOf(double lat) {
    const double cell = std::floor((lat + 90) / kDegrees);
    if (!(cell >= 0)) return 0;
    return cell >= kCells - 1 ? kCells - 1 : static_cast<uint32_t>(cell);
  }

  const std::vector<Entry>& Cell(uint32_t cell) const { return cells_[cell]; }

  void Resize(size_t rows) { cell_of_.resize(rows, kNone); }

  // Files (or refiles) a row.
  void Set(const Entry& entry) {
    Erase(entry.row);
    const uint32_t cell = entry.abroad || std::isnan(entry.lat) ? kAnywhere : CellOf(entry.lat);
    std::vector<Entry>& entries = cells_[cell];
    entries.insert(Find(entries, entry.row), entry);
    cell_of_[entry.row] = cell;
  }

  void Erase(uint32_t row) {
    const uint32_t cell = cell_of_[row];
    if (cell == kNone) return;
    std::vector<Entry>& entries = cells_[cell];
    entries.erase(Find(entries, row));
    cell_of_[row] = kNone;
  }

  // Row `from` is renumbered `to` (whose own entry is already erased).
  void Move(uint32_t from, uint32_t to) {
    const uint32_t cell = cell_of_[from];
    if (cell == kNone) return;
    std::vector<Entry>& entries = cells_[cell];
    auto it = Find(entries, from);
    Entry moved = *it;
    moved.row = to;
    entries.erase(it);
    entries.insert(Find(entries, to), moved);
    cell_of_[from] = kNone;
    cell_of_[to] = cell;
  }

 private:
  static constexpr uint32_t kNone = UINT32_MAX;
  static std::vector<Entry>::iterator Find(std::vector<Entry>& entries, uint32_t row) {
    return std::lower_bound(entries.begin(), entries.end(), row,
                            [](const Entry& e, uint32_t r) { return e.row < r; });
  }

  std::vector<std::vector<Entry>> cells_;
  std::vector<uint32_t> cell_of_;  // by row
};

// A row that passed the filters, with the filter columns its score reads.
struct Candidate {
  uint32_t row;
  uint32_t district;
  double lat;
  double lon;
  bool abroad;
};

double CosLat(double lat) {
  return std::cos(lat * kRadians);
}

// reference::DistanceKm with both latitudes' cosines given (CosLat): the same operations in the
// same order, so the same number.
inline double HaversineKm(double lat_a, double lon_a, double cos_a, double lat_b, double lon_b,
                          double cos_b) {
  const double dlat = (lat_b - lat_a) * kRadians;
  const double dlon = (lon_b - lon_a) * kRadians;
  const double sin_dlat = std::sin(dlat / 2);
  const double sin_dlon = std::sin(dlon / 2);
  const double h = sin_dlat * sin_dlat + cos_a * cos_b * sin_dlon * sin_dlon;
  return 2 * kKmPerRadian * std::asin(std::sqrt(std::min(1.0, h)));
}

std::string DistrictKey(const std::string& province, const std::string& district) {
  return province + '\x1f' + district;
}

// A box around a point that holds every point within `km` of it: outside the box is beyond
// `km`, inside still needs the exact distance. Conservative (never excludes a point in reach).
struct ReachBox {
  ReachBox(double lat, double lon, double km) : lat(lat), lon(lon) {
    // The great-circle distance is at least the meridian arc between the two latitudes.
    max_dlat = km / kKmPerRadian / kRadians;
    // Haversine: h >= cos(lat1) cos(lat2) sin^2(dlon/2), and within the latitude band
    // cos(lat2) >= cos(|lat1| + band).
    const double far_lat = std::min(90.0, std::fabs(lat) + max_dlat) * kRadians;
    const double c = std::sqrt(std::max(0.0, std::cos(lat * kRadians) * std::cos(far_lat)));
    const double s = std::sin(std::min(km / (2 * kKmPerRadian), 3.14159265358979323846 / 2));
    max_dlon = c <= s ? 360.0 : 2 * std::asin(s / c) / kRadians;
  }
  // False for points beyond reach; true for the rest (and for NaN coordinates' callers to
  // discard).
  bool Contains(double other_lat, double other_lon) const {
    const double dlon = std::fabs(other_lon - lon);
    return (std::fabs(other_lat - lat) <= max_dlat) & (std::min(dlon, 360 - dlon) <= max_dlon);
  }
  double lat;
  double lon;
  double max_dlat;
  double max_dlon;
};

int64_t DayOr(const std::optional<Date>& date, int64_t fallback) {
  return date ? date->DaysSinceEpoch() : fallback;
}

}  // namespace

struct MatchIndex::State {
  mutable std::shared_mutex mutex;
  Interner provinces;
  Interner districts;
  Interner skills;
  Interner languages;
  Interner sectors;

  uint64_t LanguageMask(const std::vector<std::string>& codes, bool add) {
    uint64_t mask = 0;
    for (const std::string& code : codes) {
      const uint32_t id = add ? languages.Of(code) : languages.Find(code);
      if (id != kUnknown) mask |= uint64_t{1} << std::min<uint32_t>(id, 63);
    }
    return mask;
  }
  uint64_t FindLanguageMask(const std::vector<std::string>& codes) const {
    uint64_t mask = 0;
    for (const std::string& code : codes) {
      const uint32_t id = languages.Find(code);
      if (id != kUnknown) mask |= uint64_t{1} << std::min<uint32_t>(id, 63);
    }
    return mask;
  }

  // Vacancies. Filter columns first, then the facts the score needs.
  struct Vacancies {
    std::unordered_map<std::string, uint32_t> row_of;
    std::vector<std::string> id;
    // The last day the vacancy takes people (closes_on, or no limit) when it is open, its
    // screening clear and a slot left; INT64_MIN otherwise.
    std::vector<int64_t> open_until;
    // The minimum age: max(15, min_age), and at least 18 for a hazardous occupation.
    std::vector<uint8_t> min_age;
    std::vector<double> lat;
    std::vector<double> lon;
    std::vector<uint32_t> province;
    std::vector<uint32_t> district;
    std::vector<uint8_t> abroad;
    std::vector<uint64_t> languages;
    std::vector<uint32_t> sector;
    std::vector<uint8_t> start_month;  // 0 = not set
    std::vector<internal::JobFacts> facts;
    std::vector<SkillSet> skills;
    std::vector<ScoreRow> score_rows;
    std::vector<std::vector<SkillRef>> more_skills;
    std::vector<std::shared_ptr<const model::Vacancy>> record;
    LatitudeCells cells;
  } vacancies;

  struct Trainings {
    std::unordered_map<std::string, uint32_t> row_of;
    std::vector<std::string> id;
    std::vector<uint8_t> seats;  // a seat left
    std::vector<int64_t> starts_day;
    std::vector<int64_t> ends_day;
    std::vector<Place> place;  // interned province and district, coordinates
    std::vector<std::shared_ptr<const model::Training>> record;
  } trainings;

  // Programmes are few per province (tens): a plain pass over them per query.
  struct Programmes {
    std::unordered_map<std::string, uint32_t> row_of;
    std::vector<std::string> id;
    std::vector<uint8_t> seats;  // a place left
    std::vector<int64_t> ends_day;
    std::vector<std::shared_ptr<const model::Programme>> record;
  } programmes;

  struct People {
    std::unordered_map<std::string, uint32_t> row_of;
    std::vector<std::string> id;
    // kMatchable: consent to matching and active; kNeedsAdult: no guardian's consent, so
    // matchable only from 18; kHasDoNotMatch: rest.do_not_match lists something.
    static constexpr uint8_t kMatchable = 1, kNeedsAdult = 2, kHasDoNotMatch = 4;
    std::vector<uint8_t> matchable;
    std::vector<int64_t> birth_day;
    std::vector<double> lat;
    std::vector<double> lon;
    std::vector<uint32_t> province;
    std::vector<uint32_t> district;
    std::vector<double> max_commute_km;
    std::vector<uint64_t> languages;
    std::vector<SkillSet> skills;
    std::vector<std::vector<SkillRef>> more_skills;
    std::vector<std::array<Isco, kMaxInlineDesired>> desired;
    std::vector<uint8_t> desired_count;
    std::vector<model::Household> household;
    std::vector<float> vulnerability;
    // Kept only to give plugins' rules and FindIndividual a faithful record.
    struct Rest {
      model::Sex sex;
      model::Education education;
      bool survivor;
      bool prior_migration;
      model::IndividualStatus status;
      std::vector<std::string> desired_codes;
      std::optional<model::Guardian> guardian;
      model::DoNotMatch do_not_match;
      // What programmes' eligibility reads.
      std::optional<int> idpoor_level;
      bool disability;
      bool female_headed_household;
    };
    std::vector<Rest> rest;
  } people;

  template <typename Table, typename Fill>
  void Upsert(Table& table, const std::string& key, Fill fill) {
    auto [it, added] = table.row_of.emplace(key, static_cast<uint32_t>(table.id.size()));
    if (added) ResizeAll(table, table.id.size() + 1);
    fill(it->second);
  }

  template <typename Table>
  void Remove(Table& table, std::string_view key) {
    auto it = table.row_of.find(std::string(key));
    if (it == table.row_of.end()) return;
    const uint32_t row = it->second;
    const uint32_t last = static_cast<uint32_t>(table.id.size() - 1);
    table.row_of.erase(it);
    Forget(table, row);
    if (row != last) {
      MoveRow(table, last, row);
      table.row_of[table.id[row]] = row;
    }
    ResizeAll(table, last);
  }

  static void ResizeAll(Vacancies& t, size_t n) {
    t.id.resize(n), t.open_until.resize(n), t.min_age.resize(n), t.lat.resize(n), t.lon.resize(n),
        t.province.resize(n);
    t.district.resize(n), t.abroad.resize(n), t.languages.resize(n), t.sector.resize(n);
    t.start_month.resize(n), t.facts.resize(n), t.skills.resize(n), t.score_rows.resize(n);
    t.more_skills.resize(n), t.record.resize(n), t.cells.Resize(n);
  }
  static void MoveRow(Vacancies& t, uint32_t from, uint32_t to) {
    t.id[to] = std::move(t.id[from]), t.open_until[to] = t.open_until[from];
    t.min_age[to] = t.min_age[from], t.lat[to] = t.lat[from], t.lon[to] = t.lon[from];
    t.province[to] = t.province[from], t.district[to] = t.district[from];
    t.abroad[to] = t.abroad[from], t.languages[to] = t.languages[from];
    t.sector[to] = t.sector[from], t.start_month[to] = t.start_month[from];
    t.facts[to] = t.facts[from], t.skills[to] = t.skills[from];
    t.score_rows[to] = t.score_rows[from];
    t.cells.Move(from, to);
    t.more_skills[to] = std::move(t.more_skills[from]), t.record[to] = std::move(t.record[from]);
  }
  static void Forget(Vacancies& t, uint32_t row) { t.cells.Erase(row); }
  static void Forget(Trainings&, uint32_t) {}
  static void Forget(Programmes&, uint32_t) {}
  static void Forget(People&, uint32_t) {}
  static void ResizeAll(Trainings& t, size_t n) {
    t.id.resize(n), t.seats.resize(n), t.starts_day.resize(n), t.ends_day.resize(n);
    t.place.resize(n), t.record.resize(n);
  }
  static void MoveRow(Trainings& t, uint32_t from, uint32_t to) {
    t.id[to] = std::move(t.id[from]), t.seats[to] = t.seats[from];
    t.starts_day[to] = t.starts_day[from], t.ends_day[to] = t.ends_day[from];
    t.place[to] = t.place[from], t.record[to] = std::move(t.record[from]);
  }
  static void ResizeAll(Programmes& t, size_t n) {
    t.id.resize(n), t.seats.resize(n), t.ends_day.resize(n), t.record.resize(n);
  }
  static void MoveRow(Programmes& t, uint32_t from, uint32_t to) {
    t.id[to] = std::move(t.id[from]), t.seats[to] = t.seats[from];
    t.ends_day[to] = t.ends_day[from], t.record[to] = std::move(t.record[from]);
  }
  static void ResizeAll(People& t, size_t n) {
    t.id.resize(n), t.matchable.resize(n), t.birth_day.resize(n), t.lat.resize(n);
    t.lon.resize(n), t.province.resize(n), t.district.resize(n), t.max_commute_km.resize(n);
    t.languages.resize(n), t.skills.resize(n), t.more_skills.resize(n), t.desired.resize(n);
    t.desired_count.resize(n), t.household.resize(n), t.vulnerability.resize(n);
    t.rest.resize(n);
  }
  static void MoveRow(People& t, uint32_t from, uint32_t to) {
    t.id[to] = std::move(t.id[from]), t.matchable[to] = t.matchable[from];
    t.birth_day[to] = t.birth_day[from], t.lat[to] = t.lat[from], t.lon[to] = t.lon[from];
    t.province[to] = t.province[from], t.district[to] = t.district[from];
    t.max_commute_km[to] = t.max_commute_km[from], t.languages[to] = t.languages[from];
    t.skills[to] = t.skills[from], t.more_skills[to] = std::move(t.more_skills[from]);
    t.desired[to] = t.desired[from], t.desired_count[to] = t.desired_count[from];
    t.household[to] = t.household[from], t.vulnerability[to] = t.vulnerability[from];
    t.rest[to] = std::move(t.rest[from]);
  }

  // A person's skill listed twice counts at its highest level (as in match.cc); a vacancy's
  // requirements are kept as listed.
  static bool Merge(SkillSet& set, std::vector<SkillRef>& more, uint16_t id, uint8_t level) {
    for (uint8_t i = 0; i < set.count; ++i) {
      if (set.ids[i] == id) {
        set.levels[i] = std::max(set.levels[i], level);
        return true;
      }
    }
    for (SkillRef& r : more) {
      if (r.id == id) {
        r.level = std::max(r.level, level);
        return true;
      }
    }
    return false;
  }

  template <typename Items>
  void FillSkills(const Items& items, SkillSet& set, std::vector<SkillRef>& more) {
    constexpr bool kMerge = std::is_same_v<typename Items::value_type, model::SkillLevel>;
    set = SkillSet{};
    more.clear();
    for (const auto& item : items) {
      const auto id = static_cast<uint16_t>(skills.Of(item.code));
      const auto level = static_cast<uint8_t>(std::clamp(LevelOf(item), 0, 5));
      if (kMerge && Merge(set, more, id, level)) continue;
      if (set.count < kMaxInlineSkills) {
        set.ids[set.count] = id;
        set.levels[set.count++] = level;
      } else {
        more.push_back({id, level});
        set.has_more = true;
      }
    }
  }
  static int LevelOf(const model::SkillLevel& s) { return s.level; }
  static int LevelOf(const model::RequiredSkill& s) { return std::max(1, s.min_level); }

  Place PlaceOf(const std::string& province, const std::string& district,
                const std::optional<model::GeoPoint>& location, bool add) {
    Place place;
    place.province = add ? provinces.Of(province) : provinces.Find(province);
    const std::string key = DistrictKey(province, district);
    place.district = add ? districts.Of(key) : districts.Find(key);
    if (location) place.lat = location->lat, place.lon = location->lon;
    return place;
  }
  Place FindPlace(const std::string& province, const std::string& district,
                  const std::optional<model::GeoPoint>& location) const {
    return const_cast<State*>(this)->PlaceOf(province, district, location, false);
  }

  model::Individual Reconstruct(uint32_t row) const;
};

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
  for (const SkillRef& s : t.more_skills[row])
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

MatchIndex::MatchIndex() : state_(std::make_unique<State>()) {}
MatchIndex::~MatchIndex() = default;

void MatchIndex::UpsertVacancy(const model::Vacancy& v) {
  auto record = std::make_shared<const model::Vacancy>(v);
  const bool hazardous = reference::ReferenceData::Builtin().IsHazardous(v.occupation);
  std::unique_lock lock(state_->mutex);
  State& s = *state_;
  s.Upsert(s.vacancies, v.meta.id, [&](uint32_t row) {
    State::Vacancies& t = s.vacancies;
    t.id[row] = v.meta.id;
    const bool open =
        v.status == model::VacancyStatus::kOpen && v.ScreeningCleared() && v.SlotsLeft() > 0;
    t.open_until[row] = open ? DayOr(v.closes_on, INT64_MAX) : INT64_MIN;
    const int min_age = std::clamp(std::max(15, v.min_age), 0, 255);
    t.min_age[row] = static_cast<uint8_t>(hazardous ? std::max(18, min_age) : min_age);
    const Place place = s.PlaceOf(v.province, v.district, v.location, true);
    t.lat[row] = place.lat, t.lon[row] = place.lon;
    t.province[row] = place.province, t.district[row] = place.district;
    t.abroad[row] = v.work_abroad;
    t.languages[row] = s.LanguageMask(v.languages, true);
    t.sector[row] = s.sectors.Of(v.sector);
    t.start_month[row] = static_cast<uint8_t>(v.starts_on ? v.starts_on->month : 0);
    t.facts[row].sector = t.sector[row];
    t.facts[row].start_month = t.start_month[row];
    internal::JobFacts& f = t.facts[row];
    f.place = place;
    f.occupation = Isco::Of(v.occupation);
    f.monthly_wage = v.wage.Monthly(v.hours_per_week);  // in v.wage.currency, as r.monthly_wage
    f.hours = v.hours_per_week;
    f.contract = v.contract;
    f.benefits = internal::BenefitMask(v.benefits);
    f.work_abroad = v.work_abroad;
    s.FillSkills(v.required_skills, t.skills[row], t.more_skills[row]);
    ScoreRow& r = t.score_rows[row];
    r.cos_lat = CosLat(place.lat);
    r.monthly_wage = f.monthly_wage;
    r.currency = CurrencyCodeOf(v.wage.currency);
    r.preferences_base = internal::PreferencesBase(f);
    r.province = place.province, r.sector = f.sector;
    r.skill_ids = t.skills[row].ids, r.skill_levels = t.skills[row].levels;
    r.skill_count = t.skills[row].count, r.has_more_skills = t.skills[row].has_more;
    r.occupation = f.occupation.digits;
    r.benefits = f.benefits, r.start_month = f.start_month;
    t.cells.Set({row, place.district, place.lat, place.lon, t.open_until[row], t.languages[row],
                 t.min_age[row], v.work_abroad});
    t.record[row] = std::move(record);
  });
}

void MatchIndex::UpsertTraining(const model::Training& training) {
  auto record = std::make_shared<const model::Training>(training);
  std::unique_lock lock(state_->mutex);
  State& s = *state_;
  s.Upsert(s.trainings, training.meta.id, [&](uint32_t row) {
    State::Trainings& t = s.trainings;
    t.id[row] = training.meta.id;
    t.seats[row] = training.SeatsLeft() > 0;
    t.starts_day[row] = DayOr(training.starts_on, INT64_MAX);
    t.ends_day[row] = DayOr(training.ends_on, INT64_MAX);
    t.place[row] = s.PlaceOf(training.province, training.district, training.location, true);
    for (const model::SkillLevel& skill : training.skills_taught) s.skills.Of(skill.code);
    t.record[row] = std::move(record);
  });
}

void MatchIndex::UpsertProgramme(const model::Programme& programme) {
  auto record = std::make_shared<const model::Programme>(programme);
  std::unique_lock lock(state_->mutex);
  State& s = *state_;
  s.Upsert(s.programmes, programme.meta.id, [&](uint32_t row) {
    State::Programmes& t = s.programmes;
    t.id[row] = programme.meta.id;
    t.seats[row] = programme.SeatsLeft() > 0;
    t.ends_day[row] = DayOr(programme.ends_on, INT64_MAX);
    t.record[row] = std::move(record);
  });
}

void MatchIndex::UpsertIndividual(const model::Individual& p) {
  std::unique_lock lock(state_->mutex);
  State& s = *state_;
  s.Upsert(s.people, p.meta.id, [&](uint32_t row) {
    State::People& t = s.people;
    t.id[row] = p.meta.id;
    const bool matchable = p.ConsentsToMatching() && p.status == model::IndividualStatus::kActive;
    t.matchable[row] =
        matchable
            ? static_cast<uint8_t>(State::People::kMatchable |
                                   (p.consent.guardian ? 0 : State::People::kNeedsAdult) |
                                   (p.do_not_match.empty() ? 0 : State::People::kHasDoNotMatch))
            : 0;
    t.birth_day[row] = p.birth_date.DaysSinceEpoch();
    const Place place = s.PlaceOf(p.province, p.district, p.location, true);
    t.lat[row] = place.lat, t.lon[row] = place.lon;
    t.province[row] = place.province, t.district[row] = place.district;
    t.max_commute_km[row] = p.max_commute_km;
    t.languages[row] = s.LanguageMask(p.languages, true);
    s.FillSkills(p.skills, t.skills[row], t.more_skills[row]);
    t.desired_count[row] = 0;
    for (const std::string& code : p.desired_occupations) {
      if (t.desired_count[row] == kMaxInlineDesired) break;
      t.desired[row][t.desired_count[row]++] = Isco::Of(code);
    }
    t.household[row] = p.household;
    t.vulnerability[row] = static_cast<float>(p.vulnerability.score);
    t.rest[row] = {p.sex,
                   p.education,
                   p.survivor,
                   p.prior_migration,
                   p.status,
                   p.desired_occupations,
                   p.consent.guardian,
                   p.do_not_match,
                   p.idpoor_level,
                   p.disability,
                   p.female_headed_household};
  });
}

void MatchIndex::RemoveIndividual(std::string_view id) {
  std::unique_lock lock(state_->mutex);
  state_->Remove(state_->people, id);
}
void MatchIndex::RemoveVacancy(std::string_view id) {
  std::unique_lock lock(state_->mutex);
  state_->Remove(state_->vacancies, id);
}
void MatchIndex::RemoveTraining(std::string_view id) {
  std::unique_lock lock(state_->mutex);
  state_->Remove(state_->trainings, id);
}
void MatchIndex::RemoveProgramme(std::string_view id) {
  std::unique_lock lock(state_->mutex);
  state_->Remove(state_->programmes, id);
}

namespace {

// Per-query cache of what each province's policy says (policies are looked up once).
class PolicyCache {
 public:
  PolicyCache(const policy::PolicyProvider& provider, const Interner& provinces,
              const Interner& sectors, const model::Household& household)
      : provider_(provider),
        provinces_(provinces),
        sectors_(sectors),
        household_(household),
        usd_per_unit_(UsdPerUnit()) {}

  // US dollars per unit of each currency for this query.
  const std::array<double, kCurrencies>& usd_per_unit() const { return usd_per_unit_; }

  struct Entry {
    std::shared_ptr<const policy::ProvincePolicy> policy;
    std::array<double, kComponents> weights{};
    internal::MarketFacts market;
    double wage_target = 0;      // internal::WageTarget for the person's household
    std::vector<double> demand;  // sector * 13 + month -> index; NaN until looked up
  };

  Entry& For(uint32_t province) {
    if (province < entries_.size() && entries_[province]) return *entries_[province];
    if (province >= entries_.size()) entries_.resize(province + 1);
    auto entry_ptr = std::make_unique<Entry>();
    Entry& entry = *entry_ptr;
    entry.policy = provider_.ForProvince(province == kUnknown ? "" : provinces_.Name(province));
    entry.weights =
        internal::NormalisedWeights(entry.policy->AdjustWeights(policy::MatchWeights{}));
    const model::MarketData& m = entry.policy->Market();
    entry.market = {m.living_wage, m.poverty_line, m.minimum_wage, 1.0};
    entry.wage_target =
        internal::WageTarget(household_.size,
                             usd_per_unit_[CurrencyCodeOf(household_.monthly_income.currency)] *
                                 household_.monthly_income.amount,
                             entry.market);
    entry.demand.assign(sectors_.size() * 13, std::numeric_limits<double>::quiet_NaN());
    entries_[province] = std::move(entry_ptr);
    return entry;
  }

  double Demand(Entry& entry, uint32_t sector, int month) {
    double& d = entry.demand[sector * 13 + static_cast<uint32_t>(month)];
    if (std::isnan(d)) d = entry.policy->Market().DemandFor(sectors_.Name(sector), month);
    return d;
  }

 private:
  const policy::PolicyProvider& provider_;
  const Interner& provinces_;
  const Interner& sectors_;
  const model::Household& household_;
  const std::array<double, kCurrencies> usd_per_unit_;
  std::vector<std::unique_ptr<Entry>> entries_;  // by interned province id
};

// Whether a training is within the person's reach as CheckTraining decides it (the distance
// when both have coordinates, else the same district), without writing the reason a refusal
// gives: most trainings of a national index are out of a person's reach, and most of those are
// outside `box` (the reach around home), which is cheaper to test than the distance.
bool InReach(const Place& home, const ReachBox& box, double max_commute_km, const Place& training) {
  if (home.HasCoordinates() && training.HasCoordinates()) {
    return box.Contains(training.lat, training.lon) &&
           reference::DistanceKm({home.lat, home.lon}, {training.lat, training.lon}) <=
               max_commute_km;
  }
  return home.district != kUnknown && home.district == training.district;
}

// The open trainings within the person's reach that they are eligible for, in row order.
template <typename Visit>
void ForEachOpenTraining(const MatchIndex::State& s, const model::Individual& person,
                         const Date& today, Visit visit) {
  const MatchIndex::State::Trainings& t = s.trainings;
  const Place home = s.FindPlace(person.province, person.district, person.location);
  const ReachBox box(home.HasCoordinates() ? home.lat : 0, home.HasCoordinates() ? home.lon : 0,
                     person.max_commute_km);
  const int64_t day = today.DaysSinceEpoch();
  for (uint32_t row = 0; row < t.id.size(); ++row) {
    if (!t.seats[row] || t.ends_day[row] < day ||
        (t.starts_day[row] != INT64_MAX && t.starts_day[row] < day) ||
        !InReach(home, box, person.max_commute_km, t.place[row])) {
      continue;
    }
    if (CheckTraining(person, *t.record[row], today)) continue;
    visit(row, *t.record[row]);
  }
}

struct Scored {
  double rank;       // what the shortlist orders by: the base score (+ vulnerability term)
  uint32_t row;      // in the table of `kind` (programmes: in TopOpportunities' list of them)
  double base;       // the weighted sum of components
  double extra = 0;  // candidates: kVulnerabilityRankWeight * vulnerability
  model::OpportunityKind kind = model::OpportunityKind::kJob;
};

// Keeps every entry within 2 * kMaxRulePoints of the k-th best rank: no rule can lift anything
// below that above the k-th, so applying rules to this shortlist only is exact.
void Shortlist(std::vector<Scored>& scored, size_t k) {
  if (scored.size() <= k || k == 0) return;
  auto better = [](const Scored& a, const Scored& b) { return a.rank > b.rank; };
  std::nth_element(scored.begin(), scored.begin() + static_cast<ptrdiff_t>(k - 1), scored.end(),
                   better);
  const double threshold = scored[k - 1].rank - 2 * policy::kMaxRulePoints - 1e-9;
  scored.erase(std::remove_if(scored.begin(), scored.end(),
                              [threshold](const Scored& s) { return s.rank < threshold; }),
               scored.end());
}

void SortAndCut(std::vector<Match>& matches, size_t k, bool candidates) {
  auto rank = [candidates](const Match& m) {
    return candidates ? m.score + kVulnerabilityRankWeight * m.vulnerability : m.score;
  };
  std::sort(matches.begin(), matches.end(), [&](const Match& a, const Match& b) {
    const double ra = rank(a), rb = rank(b);
    if (ra != rb) return ra > rb;
    if (a.kind != b.kind) return a.kind < b.kind;
    return (candidates ? a.individual_id < b.individual_id : a.opportunity_id < b.opportunity_id);
  });
  if (matches.size() > k) matches.resize(k);
}

using Effects = std::optional<std::vector<policy::RuleEffect>>;

// Applies rules to a shortlist, ranks it by the final score exactly as ApplyRules computes it
// (plus the vulnerability term for candidates), ties by kind then id, and explains only the k
// that remain. `rules_of(batch)` returns the rules' effects for each entry of a batch, or nullopt
// to drop the entry; `explain(sc)` scores the pair with its reasons; `prefetch(sc)` may start
// loading what rules_of reads (the shortlist's rows are scattered over the table). The shortlist
// may mix kinds: one pass over all of them calls only the rules of entries that can still reach
// the k best of every kind.
template <typename IdOf, typename RulesOf, typename Explain, typename Prefetch>
std::vector<Match> Finish(const std::vector<Scored>& shortlist, size_t k, bool candidates,
                          IdOf id_of, RulesOf rules_of, Explain explain, Prefetch prefetch) {
  struct Pending {
    double rank;
    const std::string* id;
    const Scored* scored;
    std::vector<policy::RuleEffect> rules;
  };
  // Rules move a score by at most kMaxRulePoints in all (CapRuleEffects), so the shortlist is
  // taken best first and stops at the first entry that could not reach the k-th best final rank
  // even with the largest bonus: every entry after it ranks lower still. Most rule calls (each a
  // call into a plugin) are never made.
  if (k == 0) return {};
  std::vector<const Scored*> order;
  order.reserve(shortlist.size());
  for (const Scored& sc : shortlist) order.push_back(&sc);
  std::sort(order.begin(), order.end(),
            [](const Scored* a, const Scored* b) { return a->rank > b->rank; });
  std::priority_queue<double, std::vector<double>, std::greater<double>> best;  // k best ranks
  constexpr double kReach = policy::kMaxRulePoints + 0.01;  // plus the rounding of a score
  std::vector<Pending> pending;
  // The rules are asked for in batches, each one exchange with a plugin's process: first the k
  // best, then batches growing to kLargestBatch of the entries that can still reach the k best
  // as they stood after the batch before. An entry asked for that the entry-by-entry pass would
  // have stopped before ranks below the k-th, so the answer is the same.
  constexpr size_t kLargestBatch = 64;
  std::vector<const Scored*> batch;
  for (size_t next = 0, size = std::max<size_t>(k, 8); next < order.size();
       size = std::min(2 * size, kLargestBatch)) {
    batch.clear();
    for (; next < order.size() && batch.size() < size; ++next) {
      const Scored& sc = *order[next];
      if (best.size() == k && sc.rank + kReach < best.top()) {
        next = order.size();
        break;
      }
      prefetch(sc);
      batch.push_back(&sc);
    }
    std::vector<Effects> rules = rules_of(batch);
    for (size_t i = 0; i < batch.size(); ++i) {
      if (!rules[i]) continue;
      const Scored& sc = *batch[i];
      const double score = sc.base + CapRuleEffects(*rules[i]);
      const double rank = internal::Round2(std::clamp(score, 0.0, 100.0)) + sc.extra;
      pending.push_back({rank, &id_of(sc), &sc, std::move(*rules[i])});
      best.push(rank);
      if (best.size() > k) best.pop();
    }
  }
  auto by_rank = [](const Pending& a, const Pending& b) {
    if (a.rank != b.rank) return a.rank > b.rank;
    if (a.scored->kind != b.scored->kind) return a.scored->kind < b.scored->kind;
    return *a.id < *b.id;
  };
  if (pending.size() > k) {
    std::partial_sort(pending.begin(), pending.begin() + static_cast<ptrdiff_t>(k), pending.end(),
                      by_rank);
    pending.resize(k);
  }
  std::vector<Match> out;
  for (Pending& p : pending) {
    Match m = explain(*p.scored);
    m.candidate = candidates;
    ApplyRules(std::move(p.rules), m);
    out.push_back(std::move(m));
  }
  SortAndCut(out, k, candidates);
  return out;
}

struct JobPass {
  std::vector<Scored> scored;
  std::map<std::string, double> gap;  // skill id -> summed demand of the jobs that need it
};

}  // namespace

namespace {

// Scans the vacancy columns for one person: filters, base scores and the person's skill gap.
// With `shortlist_k` > 0 (and no gap wanted), rows that Shortlist(scored, shortlist_k) would drop
// may be left out of `scored`, and those that certainly would are not fully scored.
JobPass ScanJobs(const MatchIndex::State& s, const model::Individual& person,
                 const policy::PolicyProvider& policies, const Date& today, bool want_gap,
                 size_t shortlist_k);

// One of the person's best jobs that they lack skills for: what a training may unlock.
struct PathwayTarget {
  const model::Vacancy* vacancy;
  double score;
  std::map<std::string, int> missing;  // skill -> level required
};

// The person's best jobs (at most kPathwayJobs, best first) among `scored` that they lack skills
// for, with what each lacks.
std::vector<PathwayTarget> PathwayTargets(const MatchIndex::State& s,
                                          const model::Individual& person,
                                          std::vector<Scored> scored) {
  std::map<std::string, int> have;
  for (const model::SkillLevel& skill : person.skills) {
    have[skill.code] = std::max(have[skill.code], skill.level);
  }
  auto better = [&](const Scored& a, const Scored& b) {
    if (a.rank != b.rank) return a.rank > b.rank;
    return s.vacancies.id[a.row] < s.vacancies.id[b.row];
  };
  // The best jobs in order, sorted only as far as needed: a national index scores every open
  // job, and the targets are among the first few unless the person has most skills already.
  std::vector<PathwayTarget> targets;
  size_t sorted = 0;
  for (size_t next = 0; next < scored.size() && targets.size() < kPathwayJobs; ++next) {
    if (next == sorted) {
      const size_t from = sorted;
      sorted = std::min(scored.size(), std::max<size_t>(4 * kPathwayJobs, 2 * sorted));
      std::partial_sort(scored.begin() + static_cast<ptrdiff_t>(from),
                        scored.begin() + static_cast<ptrdiff_t>(sorted), scored.end(), better);
    }
    const model::Vacancy& v = *s.vacancies.record[scored[next].row];
    PathwayTarget target{&v, scored[next].rank, {}};
    for (const model::RequiredSkill& r : v.required_skills) {
      auto it = have.find(r.code);
      if (it == have.end() || it->second < r.min_level) target.missing[r.code] = r.min_level;
    }
    if (!target.missing.empty()) targets.push_back(std::move(target));
  }
  return targets;
}

// What `training` does for the targets: the vacancies whose every missing skill it teaches
// (sorted), the skills it closes among those missing, and its value (each target's score times
// the share of its missing skills the training closes).
struct PathwayValue {
  double value = 0;
  std::vector<std::string> unlocks;
  std::vector<std::string> closes;
};

PathwayValue ValueFor(const std::vector<PathwayTarget>& targets, const model::Training& training) {
  std::map<std::string, int> taught;
  for (const model::SkillLevel& skill : training.skills_taught) taught[skill.code] = skill.level;
  PathwayValue out;
  std::set<std::string> closes;
  for (const PathwayTarget& target : targets) {
    size_t closed = 0;
    for (const auto& [skill, level] : target.missing) {
      auto it = taught.find(skill);
      if (it != taught.end() && it->second >= level) ++closed, closes.insert(skill);
    }
    out.value += target.score * static_cast<double>(closed) / target.missing.size();
    if (closed == target.missing.size()) out.unlocks.push_back(target.vacancy->meta.id);
  }
  std::sort(out.unlocks.begin(), out.unlocks.end());
  out.closes.assign(closes.begin(), closes.end());
  return out;
}

}  // namespace

StatusOr<std::vector<Match>> MatchIndex::TopOpportunities(std::string_view person_id, Kind kind,
                                                          int k,
                                                          const policy::PolicyProvider& policies,
                                                          const Date& today) const {
  std::optional<model::Individual> person = FindIndividual(person_id);
  if (!person) return Status::NotFound("no individual " + std::string(person_id));
  return TopOpportunities(*person, kind, k, policies, today);
}

StatusOr<std::vector<Match>> MatchIndex::TopOpportunities(const model::Individual& person,
                                                          Kind kind, int k,
                                                          const policy::PolicyProvider& policies,
                                                          const Date& today) const {
  if (k < 0) return Status::InvalidArgument("k must not be negative");
  if (std::optional<Exclusion> refused = CheckConsent(person, today)) {
    return Status::FailedPrecondition(refused->code + ": " + refused->reason);
  }
  const size_t limit = static_cast<size_t>(k);
  std::shared_lock lock(state_->mutex);
  const State& s = *state_;
  const bool want_jobs = kind == Kind::kJob || kind == Kind::kAll;
  const bool trainings = kind == Kind::kTraining || kind == Kind::kAll;
  const bool programmes = kind == Kind::kProgramme || kind == Kind::kAll;
  JobPass jobs;
  if (want_jobs || trainings) {
    jobs = ScanJobs(s, person, policies, today, trainings, trainings ? 0 : limit);
  }
  // Which of the person's best jobs each training would open (API: a training match's unlocks).
  const std::vector<PathwayTarget> targets =
      trainings ? PathwayTargets(s, person, jobs.scored) : std::vector<PathwayTarget>{};

  // The candidates of every kind asked for, ranked by their base scores in one list: one
  // shortlist and one pass of rules, so that for kind=all only what can still reach the k best
  // of all kinds asks a plugin (a person's trainings mostly rank below their jobs).
  std::vector<Scored> scored;
  if (want_jobs) scored = std::move(jobs.scored);
  const SkillGap gap(jobs.gap.begin(), jobs.gap.end());
  std::optional<TrainingScorer> scorer;
  PolicyCache cache(policies, s.provinces, s.sectors, person.household);
  auto training_policy = [&](uint32_t row) -> const policy::ProvincePolicy& {
    return *cache.For(s.trainings.place[row].province).policy;
  };
  if (trainings) {
    scorer.emplace(person, gap, today);
    ForEachOpenTraining(s, person, today, [&](uint32_t row, const model::Training& t) {
      const double base = scorer->Base(t, training_policy(row));
      scored.push_back({base, row, base, 0, model::OpportunityKind::kTraining});
    });
  }
  struct ProgrammeScoring {
    const model::Programme* programme;
    std::shared_ptr<const policy::ProvincePolicy> policy;
    Match match;
  };
  std::vector<ProgrammeScoring> programme_scoring;  // Scored::row indexes it
  if (programmes) {
    const int64_t day = today.DaysSinceEpoch();
    for (uint32_t row = 0; row < s.programmes.id.size(); ++row) {
      if (!s.programmes.seats[row] || s.programmes.ends_day[row] < day) continue;
      const model::Programme& p = *s.programmes.record[row];
      if (CheckProgramme(person, p, today)) continue;
      auto policy = policies.ForProvince(p.province);
      Match match = ScoreProgramme(person, p, *policy);
      scored.push_back({match.base_score, static_cast<uint32_t>(programme_scoring.size()),
                        match.base_score, 0, model::OpportunityKind::kProgramme});
      programme_scoring.push_back({&p, std::move(policy), std::move(match)});
    }
  }
  Shortlist(scored, limit);

  const bool recheck = s.languages.size() > 63;
  std::vector<std::shared_ptr<const policy::ProvincePolicy>> by_province(s.provinces.size());
  auto job_policy = [&](uint32_t row) -> const policy::ProvincePolicy& {
    auto& slot = by_province[s.vacancies.province[row]];
    if (!slot) slot = policies.ForProvince(s.vacancies.record[row]->province);
    return *slot;
  };
  return Finish(
      scored, limit, false,
      [&](const Scored& sc) -> const std::string& {
        switch (sc.kind) {
          case model::OpportunityKind::kJob:
            return s.vacancies.id[sc.row];
          case model::OpportunityKind::kTraining:
            return s.trainings.id[sc.row];
          case model::OpportunityKind::kProgramme:
            break;
        }
        return programme_scoring[sc.row].match.opportunity_id;
      },
      [&](const std::vector<const Scored*>& batch) {
        std::vector<Effects> effects(batch.size());
        // The batch's jobs, by their province's policy: one call of each policy for all of them.
        std::map<const policy::ProvincePolicy*, std::vector<size_t>> jobs_of;
        for (size_t i = 0; i < batch.size(); ++i) {
          const Scored& sc = *batch[i];
          switch (sc.kind) {
            case model::OpportunityKind::kJob:
              if (!recheck || !CheckJob(person, *s.vacancies.record[sc.row], today)) {
                jobs_of[&job_policy(sc.row)].push_back(i);
              }
              break;
            case model::OpportunityKind::kTraining:
              effects[i] = TrainingRulesFor(person, *s.trainings.record[sc.row],
                                            training_policy(sc.row), policies, today);
              break;
            case model::OpportunityKind::kProgramme: {
              const ProgrammeScoring& p = programme_scoring[sc.row];
              effects[i] = ProgrammeRulesFor(person, *p.programme, *p.policy, policies, today);
              break;
            }
          }
        }
        for (const auto& [policy, at] : jobs_of) {
          std::vector<const model::Vacancy*> vacancies;
          for (size_t i : at) vacancies.push_back(s.vacancies.record[batch[i]->row].get());
          std::vector<std::vector<policy::RuleEffect>> rules =
              JobRulesForEach(person, vacancies, *policy, policies, today);
          for (size_t j = 0; j < at.size(); ++j) effects[at[j]] = std::move(rules[j]);
        }
        return effects;
      },
      [&](const Scored& sc) {
        switch (sc.kind) {
          case model::OpportunityKind::kJob:
            return ScoreJob(person, *s.vacancies.record[sc.row], job_policy(sc.row), today);
          case model::OpportunityKind::kTraining: {
            const model::Training& t = *s.trainings.record[sc.row];
            Match m = scorer->Explain(t, training_policy(sc.row));
            m.unlocks = ValueFor(targets, t).unlocks;
            return m;
          }
          case model::OpportunityKind::kProgramme:
            break;
        }
        return programme_scoring[sc.row].match;
      },
      [&](const Scored& sc) {
        if (sc.kind != model::OpportunityKind::kJob) return;
        __builtin_prefetch(&s.vacancies.record[sc.row]);
        __builtin_prefetch(&s.vacancies.province[sc.row]);
      });
}

namespace {

JobPass ScanJobs(const MatchIndex::State& s, const model::Individual& person,
                 const policy::PolicyProvider& policies, const Date& today, bool want_gap,
                 size_t shortlist_k) {
  const auto& t = s.vacancies;
  JobPass pass;
  // Everything about the person, reduced once: place, reach, age, languages, skill levels by
  // interned skill id, desired ISCO digits, household figures.
  const Place home = s.FindPlace(person.province, person.district, person.location);
  const double reach = person.max_commute_km;
  const int age = person.birth_date.YearsUntil(today);
  const int64_t day = today.DaysSinceEpoch();
  const uint64_t languages = s.FindLanguageMask(person.languages);
  std::vector<uint8_t> levels(s.skills.size(), 0);
  for (const model::SkillLevel& skill : person.skills) {
    const uint32_t id = s.skills.Find(skill.code);
    if (id != kUnknown)
      levels[id] = std::max(levels[id], static_cast<uint8_t>(std::clamp(skill.level, 0, 5)));
  }
  std::vector<Isco> desired;
  for (const std::string& code : person.desired_occupations) desired.push_back(Isco::Of(code));
  const int desired_count = static_cast<int>(desired.size());
  const int dependents = person.household.dependents;
  auto level_of = [&levels](uint16_t id) { return static_cast<double>(levels[id]); };
  PolicyCache cache(policies, s.provinces, s.sectors, person.household);
  std::unordered_map<uint16_t, double> gap;

  const bool home_has_coordinates = home.HasCoordinates();
  const ReachBox box(home_has_coordinates ? home.lat : 0, home_has_coordinates ? home.lon : 0,
                     reach);
  const double home_cos = CosLat(home.lat);
  const uint32_t home_district = home.district;
  const ScoreRow* rows = t.score_rows.data();
  pass.scored.reserve(1024);

  // Shortlist keeps the rows within 2 * kMaxRulePoints of the k-th best base score. The k-th
  // best so far (a min-heap of the k best) can only rise, so a row below the threshold it gives
  // would be dropped by Shortlist too: it is not kept, and when an upper bound of its score
  // (each distance-dependent component at its maximum) is already below, neither its distance
  // nor the rest of its score is computed.
  const bool prune = shortlist_k > 0 && !want_gap;
  std::vector<double> best;  // min-heap of the best base scores so far, at most shortlist_k
  best.reserve(shortlist_k);
  double threshold = -std::numeric_limits<double>::infinity();
  auto keep_best = [&](double base) {
    if (std::isnan(base)) return;
    if (best.size() < shortlist_k) {
      best.push_back(base);
      std::push_heap(best.begin(), best.end(), std::greater<double>());
    } else if (base > best.front()) {
      std::pop_heap(best.begin(), best.end(), std::greater<double>());
      best.back() = base;
      std::push_heap(best.begin(), best.end(), std::greater<double>());
    } else {
      return;
    }
    if (best.size() == shortlist_k) threshold = best.front() - 2 * policy::kMaxRulePoints - 1e-9;
  };

  // Scores a row that passed the filters: exact distance (the reach filter), then the six
  // components, as ScoreJob computes them.
  const bool has_do_not_match = !person.do_not_match.empty();
  auto score = [&](const Candidate& c) {
    const uint32_t row = c.row;
    if (has_do_not_match &&
        person.do_not_match.Excludes(t.record[row]->employer_id, t.record[row]->district)) {
      return;
    }
    const ScoreRow& r = rows[row];
    PolicyCache::Entry& entry = cache.For(r.province);
    const int month = r.start_month != 0 ? r.start_month : today.month;
    const double demand = cache.Demand(entry, r.sector, month);
    double skills;
    if (!r.has_more_skills) {
      skills =
          internal::SkillsScore(level_of, r.skill_ids.data(), r.skill_levels.data(), r.skill_count);
    } else {
      std::vector<uint16_t> ids(r.skill_ids.begin(), r.skill_ids.begin() + r.skill_count);
      std::vector<uint8_t> mins(r.skill_levels.begin(), r.skill_levels.begin() + r.skill_count);
      for (const SkillRef& m : t.more_skills[row]) ids.push_back(m.id), mins.push_back(m.level);
      skills =
          internal::SkillsScore(level_of, ids.data(), mins.data(), static_cast<int>(ids.size()));
    }
    const bool abroad = c.abroad;
    const bool same_province = home.province == r.province;
    const bool same_district = home_district == c.district;
    std::array<double, kComponents> sc = {
        skills,
        internal::OccupationScore(desired.data(), desired_count, r.Occupation()),
        0,
        internal::WageScore(r.monthly_wage * cache.usd_per_unit()[r.currency], entry.wage_target),
        internal::MarketScore(demand),
        0};
    if (prune) {
      // Upper bounds: distance at most the locality (NaN km), benefits at most 100.
      std::array<double, kComponents> bound = sc;
      bound[internal::kDistance] = internal::DistanceScoreOf(same_province, same_district, reach,
                                                             abroad, internal::kNoCoordinate);
      bound[internal::kPreferences] = (r.preferences_base + 100) / 3;
      if (internal::Combine(bound, entry.weights) + 1e-6 < threshold) return;
    }
    const double lat = c.lat;
    const double km = home_has_coordinates && !std::isnan(lat)
                          ? HaversineKm(home.lat, home.lon, home_cos, lat, c.lon, r.cos_lat)
                          : internal::kNoCoordinate;
    if (!abroad && !std::isnan(km) && km > reach) return;
    sc[internal::kDistance] =
        internal::DistanceScoreOf(same_province, same_district, reach, abroad, km);
    sc[internal::kPreferences] =
        internal::PreferencesScoreOf(r.preferences_base, r.benefits, dependents, km);
    const double base = internal::Combine(sc, entry.weights);
    if (prune) {
      if (base < threshold) return;
      keep_best(base);
    }
    pass.scored.push_back({base, row, base});
    if (want_gap && skills < 100) {
      for (uint8_t j = 0; j < r.skill_count; ++j) {
        if (levels[r.skill_ids[j]] < r.skill_levels[j]) gap[r.skill_ids[j]] += demand;
      }
      if (r.has_more_skills) {
        for (const SkillRef& m : t.more_skills[row]) {
          if (levels[m.id] < m.level) gap[m.id] += demand;
        }
      }
    }
  };

  // Rows go through in batches, and each filter column is read only for the rows that passed the
  // more selective ones before it, without branches: first the reach (latitude band, then the
  // box; the district when the person has no coordinates), then the other filters. The
  // survivors' score rows are prefetched and scored after the next batch's filters, by which
  // time they are in cache.
  constexpr size_t kBlock = 2048;
  std::array<uint32_t, kBlock> band;
  std::array<std::array<Candidate, kBlock>, 2> ready;
  std::array<size_t, 2> ready_count = {0, 0};
  size_t cur = 0;
  // ready[cur][0, kept) passed every filter: prefetches their score rows, then scores the
  // previous batch.
  auto flush = [&](size_t kept) {
    for (size_t i = 0; i < kept; ++i) __builtin_prefetch(rows + ready[cur][i].row);
    ready_count[cur] = kept;
    cur ^= 1;
    for (size_t i = 0; i < ready_count[cur]; ++i) score(ready[cur][i]);
    ready_count[cur] = 0;
  };
  // Filters band[0, count), rows within reach, on the other columns, then flushes.
  auto submit = [&](size_t count) {
    std::array<Candidate, kBlock>& out = ready[cur];
    size_t kept = 0;
    for (size_t i = 0; i < count; ++i) {
      const uint32_t row = band[i];
      const bool keep = (t.open_until[row] >= day) & (t.min_age[row] <= age) &
                        ((t.languages[row] & ~languages) == 0);
      out[kept] = {row, t.district[row], t.lat[row], t.lon[row], t.abroad[row] != 0};
      kept += keep;
    }
    flush(kept);
  };
  // Whether a row is within reach: abroad, in the box, or without coordinates in the district.
  auto near = [&](uint32_t row) {
    const double lat = t.lat[row];
    const bool has_coordinates = home_has_coordinates & (lat == lat);
    return (t.abroad[row] != 0) |
           (has_coordinates ? box.Contains(lat, t.lon[row]) : t.district[row] == home_district);
  };
  const double band_lat = box.lat;
  const double band_dlat = box.max_dlat;
  if (prune && home_has_coordinates) {
    // The order of the rows does not matter here (no gap): only the latitude cells of the band
    // are read, then the rows without coordinates or abroad, and all filters are applied to the
    // cells' copies of the filter columns.
    auto filter = [&](const std::vector<LatitudeCells::Entry>& entries) {
      for (size_t start = 0; start < entries.size(); start += kBlock) {
        const size_t end = std::min(entries.size(), start + kBlock);
        size_t kept = 0;
        for (size_t i = start; i < end; ++i) {
          const LatitudeCells::Entry& e = entries[i];
          const bool near_e = e.abroad | ((e.lat == e.lat) ? box.Contains(e.lat, e.lon)
                                                           : e.district == home_district);
          const bool keep = near_e & (e.open_until >= day) & (e.min_age <= age) &
                            ((e.languages & ~languages) == 0);
          band[kept] = static_cast<uint32_t>(i);
          kept += keep;
        }
        std::array<Candidate, kBlock>& out = ready[cur];
        for (size_t i = 0; i < kept; ++i) {
          const LatitudeCells::Entry& e = entries[band[i]];
          out[i] = {e.row, e.district, e.lat, e.lon, e.abroad};
        }
        flush(kept);
      }
    };
    const uint32_t first = LatitudeCells::CellOf(band_lat - band_dlat - LatitudeCells::kMargin);
    const uint32_t last = LatitudeCells::CellOf(band_lat + band_dlat + LatitudeCells::kMargin);
    for (uint32_t cell = first; cell <= last; ++cell) filter(t.cells.Cell(cell));
    filter(t.cells.Cell(LatitudeCells::kAnywhere));
  } else {
    // Every row, in row order.
    const size_t n = t.id.size();
    for (size_t start = 0; start < n; start += kBlock) {
      const size_t end = std::min(n, start + kBlock);
      const size_t len = end - start;
      const double* lat = t.lat.data() + start;
      const uint8_t* abroad = t.abroad.data() + start;
      size_t in_band = 0;
      if (home_has_coordinates) {
        // NaN (no coordinates) is kept: `near` decides by district.
        size_t done = 0;
#if defined(__SSE2__)
        // 16 rows at a time: a bit per row, then the set bits' rows.
        const __m128d center = _mm_set1_pd(band_lat);
        const __m128d half_band = _mm_set1_pd(band_dlat);
        const __m128d magnitude = _mm_castsi128_pd(_mm_set1_epi64x(INT64_MAX));
        const __m128i zero = _mm_setzero_si128();
        for (; done + 16 <= len; done += 16) {
          unsigned bits = 0;
          for (unsigned j = 0; j < 16; j += 2) {
            const __m128d off =
                _mm_and_pd(_mm_sub_pd(_mm_loadu_pd(lat + done + j), center), magnitude);
            bits |= static_cast<unsigned>(_mm_movemask_pd(_mm_cmpngt_pd(off, half_band))) << j;
          }
          const __m128i away = _mm_loadu_si128(reinterpret_cast<const __m128i*>(abroad + done));
          bits |= ~static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(away, zero))) & 0xffffu;
          while (bits != 0) {
            band[in_band++] = static_cast<uint32_t>(start + done + __builtin_ctz(bits));
            bits &= bits - 1;
          }
        }
#endif
        for (size_t i = done; i < len; ++i) {
          const bool keep = !(std::fabs(lat[i] - band_lat) > band_dlat) | (abroad[i] != 0);
          band[in_band] = static_cast<uint32_t>(start + i);
          in_band += keep;
        }
        size_t in_reach = 0;
        for (size_t i = 0; i < in_band; ++i) {
          const uint32_t row = band[i];
          band[in_reach] = row;
          in_reach += near(row);
        }
        in_band = in_reach;
      } else {
        const uint32_t* district = t.district.data() + start;
        for (size_t i = 0; i < len; ++i) {
          const bool keep = (district[i] == home_district) | (abroad[i] != 0);
          band[in_band] = static_cast<uint32_t>(start + i);
          in_band += keep;
        }
      }
      submit(in_band);
    }
  }
  flush(0);  // scores the last batch
  for (const auto& [id, weight] : gap) pass.gap[s.skills.Name(id)] = weight;
  return pass;
}

}  // namespace

StatusOr<std::vector<Match>> MatchIndex::TopCandidates(std::string_view vacancy_id, int k,
                                                       const policy::PolicyProvider& policies,
                                                       const Date& today) const {
  if (k < 0) return Status::InvalidArgument("k must not be negative");
  std::shared_lock lock(state_->mutex);
  const State& s = *state_;
  auto found = s.vacancies.row_of.find(std::string(vacancy_id));
  if (found == s.vacancies.row_of.end()) {
    return Status::NotFound("no vacancy " + std::string(vacancy_id));
  }
  const uint32_t vrow = found->second;
  const model::Vacancy& vacancy = *s.vacancies.record[vrow];
  std::vector<Match> out;
  if (s.vacancies.open_until[vrow] < today.DaysSinceEpoch()) return out;

  const internal::JobFacts& f = s.vacancies.facts[vrow];
  const std::array<double, kCurrencies> usd_per_unit = UsdPerUnit();
  const double wage_usd = f.monthly_wage * usd_per_unit[CurrencyCodeOf(vacancy.wage.currency)];
  const SkillSet& req = s.vacancies.skills[vrow];
  std::vector<SkillRef> required;
  for (uint8_t i = 0; i < req.count; ++i) required.push_back({req.ids[i], req.levels[i]});
  for (const SkillRef& r : s.vacancies.more_skills[vrow]) required.push_back(r);
  std::vector<uint16_t> req_ids;
  std::vector<uint8_t> req_levels;
  for (const SkillRef& r : required) req_ids.push_back(r.id), req_levels.push_back(r.level);

  const int min_age = s.vacancies.min_age[vrow];
  const int64_t born_by = today.AddMonths(-12 * min_age).DaysSinceEpoch();
  const int64_t adult_born_by = today.AddMonths(-12 * 18).DaysSinceEpoch();
  const uint64_t needed_languages = s.vacancies.languages[vrow];
  auto policy = policies.ForProvince(vacancy.province);
  const auto weights = internal::NormalisedWeights(policy->AdjustWeights(policy::MatchWeights{}));
  internal::MarketFacts market{policy->Market().living_wage, policy->Market().poverty_line,
                               policy->Market().minimum_wage, 1.0};
  market.demand = policy->Market().DemandFor(
      vacancy.sector, vacancy.starts_on ? vacancy.starts_on->month : today.month);
  const double market_score = internal::MarketScore(market.demand);

  const auto& t = s.people;
  std::vector<Scored> scored;
  for (uint32_t row = 0; row < t.id.size(); ++row) {
    const uint8_t matchable = t.matchable[row];
    if (!matchable || t.birth_day[row] > born_by) continue;
    if ((matchable & State::People::kNeedsAdult) && t.birth_day[row] > adult_born_by) continue;
    if ((matchable & State::People::kHasDoNotMatch) &&
        t.rest[row].do_not_match.Excludes(vacancy.employer_id, vacancy.district)) {
      continue;
    }
    const double reach = t.max_commute_km[row];
    const Place home{t.province[row], t.district[row], t.lat[row], t.lon[row]};
    if (!f.work_abroad) {
      if (home.HasCoordinates() && f.place.HasCoordinates()) {
        // The meridian arc between the latitudes is a lower bound of the distance.
        if (std::fabs(home.lat - f.place.lat) * kRadians * kKmPerRadian > reach) continue;
      } else if (home.district != f.place.district) {
        continue;
      }
    }
    if ((needed_languages & ~t.languages[row]) != 0) continue;
    double km = 0;
    const double distance = internal::DistanceScore(home, reach, f.place, f.work_abroad, &km);
    if (!f.work_abroad && !std::isnan(km) && km > reach) continue;
    const SkillSet& have = t.skills[row];
    const auto& more = t.more_skills[row];
    auto level_of = [&have, &more](uint16_t id) {
      for (uint8_t i = 0; i < have.count; ++i) {
        if (have.ids[i] == id) return static_cast<double>(have.levels[i]);
      }
      if (have.has_more) {
        for (const SkillRef& r : more) {
          if (r.id == id) return static_cast<double>(r.level);
        }
      }
      return 0.0;
    };
    const model::Household& h = t.household[row];
    const double household_usd =
        h.monthly_income.amount * usd_per_unit[CurrencyCodeOf(h.monthly_income.currency)];
    std::array<double, kComponents> sc = {
        internal::SkillsScore(level_of, req_ids.data(), req_levels.data(),
                              static_cast<int>(req_ids.size())),
        internal::OccupationScore(t.desired[row].data(), t.desired_count[row], f.occupation),
        distance,
        internal::WageScore(wage_usd, internal::WageTarget(h.size, household_usd, market)),
        market_score,
        internal::PreferencesScore(h.dependents, f, km)};
    const double base = internal::Combine(sc, weights);
    const double extra = kVulnerabilityRankWeight * static_cast<double>(t.vulnerability[row]);
    scored.push_back({base + extra, row, base, extra});
  }
  Shortlist(scored, static_cast<size_t>(k));
  const bool recheck = s.languages.size() > 63;
  return Finish(
      scored, static_cast<size_t>(k), true,
      [&](const Scored& sc) -> const std::string& { return s.people.id[sc.row]; },
      [&](const std::vector<const Scored*>& batch) {
        // One person each: asked one by one.
        std::vector<Effects> effects(batch.size());
        for (size_t i = 0; i < batch.size(); ++i) {
          const model::Individual person = s.Reconstruct(batch[i]->row);
          if (recheck && CheckJob(person, vacancy, today)) continue;
          effects[i] = JobRulesFor(person, vacancy, *policy, policies, today);
        }
        return effects;
      },
      [&](const Scored& sc) { return ScoreJob(s.Reconstruct(sc.row), vacancy, *policy, today); },
      [](const Scored&) {});
}

StatusOr<std::vector<Match>> MatchIndex::Pathways(const model::Individual& person, int k,
                                                  const policy::PolicyProvider& policies,
                                                  const Date& today) const {
  if (k < 0) return Status::InvalidArgument("k must not be negative");
  if (std::optional<Exclusion> refused = CheckConsent(person, today)) {
    return Status::FailedPrecondition(refused->code + ": " + refused->reason);
  }
  std::shared_lock lock(state_->mutex);
  const State& s = *state_;
  JobPass jobs = ScanJobs(s, person, policies, today, false, 0);
  const std::vector<PathwayTarget> targets = PathwayTargets(s, person, std::move(jobs.scored));
  SkillGap gap;
  {
    std::map<std::string, double> weights;
    for (const PathwayTarget& target : targets) {
      for (const auto& [skill, level] : target.missing) weights[skill] += target.score;
    }
    gap.assign(weights.begin(), weights.end());
  }
  struct Option {
    double value;
    Match match;
  };
  std::vector<Option> options;
  const TrainingScorer scorer(person, gap, today);
  PolicyCache cache(policies, s.provinces, s.sectors, person.household);
  ForEachOpenTraining(s, person, today, [&](uint32_t row, const model::Training& t) {
    PathwayValue pathway = ValueFor(targets, t);
    if (pathway.value <= 0) return;
    Match m = scorer.Explain(t, *cache.For(s.trainings.place[row].province).policy);
    m.closes_skills = std::move(pathway.closes);
    m.unlocks = std::move(pathway.unlocks);
    options.push_back({pathway.value, std::move(m)});
  });
  std::sort(options.begin(), options.end(), [](const Option& a, const Option& b) {
    if (a.value != b.value) return a.value > b.value;
    return a.match.opportunity_id < b.match.opportunity_id;
  });
  std::vector<Match> out;
  for (Option& o : options) {
    if (out.size() == static_cast<size_t>(k)) break;
    out.push_back(std::move(o.match));
  }
  return out;
}

std::optional<model::Vacancy> MatchIndex::FindVacancy(std::string_view id) const {
  std::shared_lock lock(state_->mutex);
  auto it = state_->vacancies.row_of.find(std::string(id));
  if (it == state_->vacancies.row_of.end()) return std::nullopt;
  return *state_->vacancies.record[it->second];
}

std::optional<model::Training> MatchIndex::FindTraining(std::string_view id) const {
  std::shared_lock lock(state_->mutex);
  auto it = state_->trainings.row_of.find(std::string(id));
  if (it == state_->trainings.row_of.end()) return std::nullopt;
  return *state_->trainings.record[it->second];
}

std::optional<model::Programme> MatchIndex::FindProgramme(std::string_view id) const {
  std::shared_lock lock(state_->mutex);
  auto it = state_->programmes.row_of.find(std::string(id));
  if (it == state_->programmes.row_of.end()) return std::nullopt;
  return *state_->programmes.record[it->second];
}

std::optional<model::Individual> MatchIndex::FindIndividual(std::string_view id) const {
  std::shared_lock lock(state_->mutex);
  auto it = state_->people.row_of.find(std::string(id));
  if (it == state_->people.row_of.end()) return std::nullopt;
  return state_->Reconstruct(it->second);
}

std::optional<std::string> MatchIndex::ProvinceOfIndividual(std::string_view id) const {
  std::shared_lock lock(state_->mutex);
  auto it = state_->people.row_of.find(std::string(id));
  if (it == state_->people.row_of.end()) return std::nullopt;
  return state_->provinces.Name(state_->people.province[it->second]);
}

size_t MatchIndex::individual_count() const {
  std::shared_lock lock(state_->mutex);
  return state_->people.id.size();
}
size_t MatchIndex::vacancy_count() const {
  std::shared_lock lock(state_->mutex);
  return state_->vacancies.id.size();
}
size_t MatchIndex::training_count() const {
  std::shared_lock lock(state_->mutex);
  return state_->trainings.id.size();
}
size_t MatchIndex::programme_count() const {
  std::shared_lock lock(state_->mutex);
  return state_->programmes.id.size();
}

double MatchIndex::ScanVacancyColumns() const {
  std::shared_lock lock(state_->mutex);
  const auto& t = state_->vacancies;
  double sum = 0;
  for (size_t row = 0; row < t.id.size(); ++row) {
    sum += t.min_age[row] + static_cast<double>(t.open_until[row] & 0xff) + t.abroad[row] +
           t.lat[row] + static_cast<double>(t.languages[row] & 1) + t.district[row];
  }
  return sum;
}

}  // namespace homeward::matching
