// The index's columns: interned names, the compact rows a job score reads, and MatchIndex::State,
// the tables of vacancies, trainings, programmes and people (a vector per field, rows addressed
// by a dense row number) with the lock that guards them. See docs/matching.md ("Index").
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "homeward/base/mutex.h"
#include "homeward/matching/match_index.h"
#include "internal/core.h"
#include "internal/geometry.h"

namespace homeward::matching::internal {

inline constexpr uint32_t kUnknown = UINT32_MAX;
inline constexpr int kMaxInlineDesired = 4;

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

// What the upper bound of a training's score (TrainingBound) reads: skills taught and ISCO
// groups led to, up to four of each inline and the rest (rare) in overflow vectors, and the money.
// A training often leads to three or four occupations (one skill's ISCO groups, or each skill's
// first); with two inline, reading the overflow's heap block was two thirds of a Phnom Penh
// query's time bounding trainings.
struct TrainingFacts {
  static constexpr int kInline = 4;
  std::array<SkillRef, kInline> taught{};  // in the record's order; levels clamped to 0..6
  std::array<Isco, kInline> leads_to{};
  uint8_t taught_count = 0;
  uint8_t leads_to_count = 0;
  uint8_t cost_currency = 0;     // CurrencyCode; kCurrencies for any other currency
  uint8_t stipend_currency = 0;  // likewise
  double cost = 0;               // in cost_currency
  double stipend = 0;            // in stipend_currency
  std::vector<SkillRef> more_taught;
  std::vector<Isco> more_leads_to;

  void AddTaught(SkillRef skill) {
    if (taught_count < kInline) {
      taught[taught_count++] = skill;
    } else {
      more_taught.push_back(skill);
    }
  }
  void AddLeadsTo(Isco isco) {
    if (leads_to_count < leads_to.size()) {
      leads_to[leads_to_count++] = isco;
    } else {
      more_leads_to.push_back(isco);
    }
  }
  template <typename F>
  void ForEachTaught(F f) const {
    for (uint8_t i = 0; i < taught_count; ++i) f(taught[i]);
    for (const SkillRef& skill : more_taught) f(skill);
  }
  template <typename F>
  void ForEachLeadsTo(F f) const {
    for (uint8_t i = 0; i < leads_to_count; ++i) f(leads_to[i]);
    for (const Isco& isco : more_leads_to) f(isco);
  }
};

// A training row as its latitude cell holds it: what the open, reach and bound tests of a query
// read, so that they do not touch the table's columns.
struct TrainingCell {
  uint32_t row;
  uint32_t province;
  uint32_t district;
  bool seats;  // a seat left
  double lat;
  double lon;
  int64_t starts_day;
  int64_t ends_day;
  TrainingFacts facts;

  bool Anywhere() const { return std::isnan(lat); }
  Place place() const { return {province, district, lat, lon}; }
};

// What scoring a vacancy row that passed the filters reads besides its filter columns
// (coordinates, district), in one cache line (index only; `facts` and `skills` hold the same
// values for the other queries). The row's latitude cell holds a copy (VacancyCell), which the
// scan of a band reads; the column serves the scan by district of a person without coordinates.
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

// A vacancy row as its latitude cell holds it: its filter columns, then its score row in the
// next cache line. A band's rows are thus scored in the order they lie in memory (read by row
// from the table, each a cache miss of its own, a Phnom Penh person's scan took a third longer).
struct VacancyCell {
  uint32_t row;
  uint32_t district;
  double lat;
  double lon;
  int64_t open_until;
  uint64_t languages;
  uint8_t min_age;
  bool abroad;
  RowRulePoints rule_points = {};  // the row's, for the score (in the padding)
  ScoreRow score;                  // as the table's score_rows holds it

  bool Anywhere() const { return abroad || std::isnan(lat); }
};

// Wages stay in the index in the vacancy's currency and are converted when a query scores them,
// with the exchange rates in force when the query starts (a replaced table counts at once).
enum CurrencyCode : uint8_t { kUsd, kKhr, kThb, kCurrencies };

inline uint8_t CurrencyCodeOf(const std::string& currency) {
  return currency == "KHR" ? kKhr : currency == "THB" ? kThb : kUsd;
}

// US dollars per unit of each CurrencyCode (0 for a currency without a rate).
std::array<double, kCurrencies> UsdPerUnit();

inline std::string DistrictKey(const std::string& province, const std::string& district) {
  return province + '\x1f' + district;
}

inline int64_t DayOr(const std::optional<Date>& date, int64_t fallback) {
  return date ? date->DaysSinceEpoch() : fallback;
}

// `guarded` through a reference the thread-safety analysis does not follow, for the lambdas of a
// function that holds the lock they need (taking it still requires that lock).
template <typename T>
const T& ForLambdas(const T& guarded) {
  return guarded;
}

}  // namespace homeward::matching::internal

namespace homeward::matching {

// Every table and interner is read with `mutex` held shared and written with it held alone;
// the clang build checks it (HW_GUARDED_BY). A helper that is given the State says what it needs
// (HW_REQUIRES_SHARED(s.mutex)). The analysis does not follow a lock into a lambda, so a query's
// lambdas, which run within the function that holds it, read the tables through ForLambdas.
struct MatchIndex::State {
  mutable SharedMutex mutex;
  internal::Interner provinces HW_GUARDED_BY(mutex);
  internal::Interner districts HW_GUARDED_BY(mutex);
  internal::Interner skills HW_GUARDED_BY(mutex);
  internal::Interner languages HW_GUARDED_BY(mutex);
  internal::Interner sectors HW_GUARDED_BY(mutex);

  uint64_t AddLanguageMask(const std::vector<std::string>& codes) HW_REQUIRES(mutex) {
    uint64_t mask = 0;
    for (const std::string& code : codes) {
      mask |= uint64_t{1} << std::min<uint32_t>(languages.Of(code), 63);
    }
    return mask;
  }
  uint64_t FindLanguageMask(const std::vector<std::string>& codes) const HW_REQUIRES_SHARED(mutex) {
    uint64_t mask = 0;
    for (const std::string& code : codes) {
      const uint32_t id = languages.Find(code);
      if (id != internal::kUnknown) mask |= uint64_t{1} << std::min<uint32_t>(id, 63);
    }
    return mask;
  }

  // Vacancies, Trainings, Programmes and People below share one shape (row_of, a vector per
  // column, ForEachColumn); their columns differ, so each is its own struct.

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
    std::vector<internal::SkillSet> skills;
    std::vector<internal::ScoreRow> score_rows;
    std::vector<std::vector<internal::SkillRef>> more_skills;
    std::vector<std::shared_ptr<const model::Vacancy>> record;
    // What the job rules of the row's province can move its pairs' scores by (as its cell holds
    // it too); known only for the policy of rule_points_policy.
    std::vector<internal::RowRulePoints> rule_points;
    internal::LatitudeCells<internal::VacancyCell> cells;

    template <typename F>
    void ForEachColumn(F f) {
      f(id), f(open_until), f(min_age), f(lat), f(lon), f(province), f(district), f(abroad);
      f(languages), f(sector), f(start_month), f(facts), f(skills), f(score_rows);
      f(more_skills), f(record), f(rule_points);
    }
    void SetRulePoints(uint32_t row, internal::RowRulePoints points) {
      rule_points[row] = points;
      if (internal::VacancyCell* cell = cells.Find(row)) cell->rule_points = points;
    }
  } vacancies HW_GUARDED_BY(mutex);
  // By interned province: the policy whose VacancyRulePoints the known rule_points of the
  // province's vacancy rows came from (MatchIndex::RefreshRulePoints). A query whose policy for
  // the province is another does not read them.
  std::vector<std::shared_ptr<const policy::ProvincePolicy>> rule_points_policy
      HW_GUARDED_BY(mutex);
  // Serialises RefreshRulePoints.
  Mutex refreshing_rule_points;

  struct Trainings {
    std::unordered_map<std::string, uint32_t> row_of;
    std::vector<std::string> id;
    std::vector<internal::Place> place;  // interned province and district, coordinates
    std::vector<std::shared_ptr<const model::Training>> record;
    // Every row, with what a query's open, reach and bound tests read (seats, dates, facts).
    internal::LatitudeCells<internal::TrainingCell> cells;

    template <typename F>
    void ForEachColumn(F f) {
      f(id), f(place), f(record);
    }
  } trainings HW_GUARDED_BY(mutex);

  // Programmes are few per province (tens): a plain pass over them per query.
  struct Programmes {
    std::unordered_map<std::string, uint32_t> row_of;
    std::vector<std::string> id;
    std::vector<uint8_t> seats;  // a place left
    std::vector<int64_t> ends_day;
    std::vector<std::shared_ptr<const model::Programme>> record;

    template <typename F>
    void ForEachColumn(F f) {
      f(id), f(seats), f(ends_day), f(record);
    }
  } programmes HW_GUARDED_BY(mutex);

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
    std::vector<internal::SkillSet> skills;
    std::vector<std::vector<internal::SkillRef>> more_skills;
    std::vector<std::array<internal::Isco, internal::kMaxInlineDesired>> desired;
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

    template <typename F>
    void ForEachColumn(F f) {
      f(id), f(matchable), f(birth_day), f(lat), f(lon), f(province), f(district);
      f(max_commute_km), f(languages), f(skills), f(more_skills), f(desired), f(desired_count);
      f(household), f(vulnerability), f(rest);
    }
  } people HW_GUARDED_BY(mutex);

  // Whether a table files its rows in latitude cells.
  template <typename Table>
  static constexpr bool kFiled =
      std::is_same_v<Table, Vacancies> || std::is_same_v<Table, Trainings>;

  // The row of `key` in `table`, a new last row when it has none.
  template <typename Table>
  static uint32_t RowFor(Table& table, const std::string& key) {
    auto [it, added] = table.row_of.emplace(key, static_cast<uint32_t>(table.id.size()));
    if (added) ResizeAll(table, table.id.size() + 1);
    return it->second;
  }

  // Removes the row of `key` (the last row takes its place).
  template <typename Table>
  static void Remove(Table& table, std::string_view key) {
    auto it = table.row_of.find(std::string(key));
    if (it == table.row_of.end()) return;
    const uint32_t row = it->second;
    const uint32_t last = static_cast<uint32_t>(table.id.size() - 1);
    table.row_of.erase(it);
    if constexpr (kFiled<Table>) table.cells.Erase(row);
    if (row != last) {
      MoveRow(table, last, row);
      table.row_of[table.id[row]] = row;
    }
    ResizeAll(table, last);
  }

  // Every column of a table, for resizing and moving rows: one list per table, in its
  // ForEachColumn (the latitude cells, which file rows rather than hold a value per row, apart).
  template <typename Table>
  static void ResizeAll(Table& t, size_t n) {
    t.ForEachColumn([n](auto& column) { column.resize(n); });
    if constexpr (kFiled<Table>) t.cells.Resize(n);
  }
  template <typename Table>
  static void MoveRow(Table& t, uint32_t from, uint32_t to) {
    t.ForEachColumn([from, to](auto& column) { column[to] = std::move(column[from]); });
    if constexpr (kFiled<Table>) t.cells.Move(from, to);
  }

  // A person's skill listed twice counts at its highest level (as in match.cc); a vacancy's
  // requirements are kept as listed.
  static bool Merge(internal::SkillSet& set, std::vector<internal::SkillRef>& more, uint16_t id,
                    uint8_t level) {
    for (uint8_t i = 0; i < set.count; ++i) {
      if (set.ids[i] == id) {
        set.levels[i] = std::max(set.levels[i], level);
        return true;
      }
    }
    for (internal::SkillRef& r : more) {
      if (r.id == id) {
        r.level = std::max(r.level, level);
        return true;
      }
    }
    return false;
  }

  template <typename Items>
  void FillSkills(const Items& items, internal::SkillSet& set,
                  std::vector<internal::SkillRef>& more) HW_REQUIRES(mutex) {
    constexpr bool kMerge = std::is_same_v<typename Items::value_type, model::SkillLevel>;
    set = internal::SkillSet{};
    more.clear();
    for (const auto& item : items) {
      const auto id = static_cast<uint16_t>(skills.Of(item.code));
      const auto level = static_cast<uint8_t>(std::clamp(LevelOf(item), 0, 5));
      if (kMerge && Merge(set, more, id, level)) continue;
      if (set.count < internal::kMaxInlineSkills) {
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

  internal::Place AddPlace(const std::string& province, const std::string& district,
                           const std::optional<model::GeoPoint>& location) HW_REQUIRES(mutex) {
    return PlaceAt(provinces.Of(province), districts.Of(internal::DistrictKey(province, district)),
                   location);
  }
  internal::Place FindPlace(const std::string& province, const std::string& district,
                            const std::optional<model::GeoPoint>& location) const
      HW_REQUIRES_SHARED(mutex) {
    return PlaceAt(provinces.Find(province),
                   districts.Find(internal::DistrictKey(province, district)), location);
  }
  static internal::Place PlaceAt(uint32_t province, uint32_t district,
                                 const std::optional<model::GeoPoint>& location) {
    internal::Place place{province, district};
    if (location) place.lat = location->lat, place.lon = location->lon;
    return place;
  }

  model::Individual Reconstruct(uint32_t row) const HW_REQUIRES_SHARED(mutex);
};

}  // namespace homeward::matching
