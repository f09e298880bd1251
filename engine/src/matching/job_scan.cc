#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <limits>

#include "internal/policy_cache.h"
#include "internal/scans.h"

namespace homeward::matching::internal {

namespace {

// A row that passed the filters, with the filter columns its score reads.
struct Candidate {
  uint32_t row;
  uint32_t district;
  double lat;
  double lon;
  bool abroad;
  RowRulePoints rule_points;
};

// The k best scores seen so far (a min-heap), and the floor below which a score can no longer
// be among them, less `slack`: -infinity until k have been seen (+infinity when k is 0). The
// floor only rises.
class RunningBest {
 public:
  RunningBest(size_t k, double slack)
      : k_(k),
        slack_(slack),
        floor_(k == 0 ? std::numeric_limits<double>::infinity()
                      : -std::numeric_limits<double>::infinity()) {
    heap_.reserve(k);
  }
  double floor() const { return floor_; }
  void Add(double score) {
    if (k_ == 0 || std::isnan(score)) return;
    if (heap_.size() < k_) {
      heap_.push_back(score);
      std::push_heap(heap_.begin(), heap_.end(), std::greater<double>());
    } else if (score > heap_.front()) {
      std::pop_heap(heap_.begin(), heap_.end(), std::greater<double>());
      heap_.back() = score;
      std::push_heap(heap_.begin(), heap_.end(), std::greater<double>());
    } else {
      return;
    }
    if (heap_.size() == k_) floor_ = heap_.front() - slack_;
  }

 private:
  size_t k_;
  double slack_;
  double floor_;
  std::vector<double> heap_;
};

}  // namespace

std::vector<uint8_t> SkillLevelsById(const MatchIndex::State& s, const model::Individual& person) {
  std::vector<uint8_t> levels(s.skills.size(), 0);
  for (const model::SkillLevel& skill : person.skills) {
    const uint32_t id = s.skills.Find(skill.code);
    if (id != kUnknown) {
      levels[id] = std::max(levels[id], static_cast<uint8_t>(std::clamp(skill.level, 0, 5)));
    }
  }
  return levels;
}

JobPass ScanJobs(const MatchIndex::State& s, const model::Individual& person,
                 const policy::PolicyProvider& policies, const Date& today, const JobScan& want) {
  const auto& t = ForLambdas(s.vacancies);
  JobPass pass;
  // Everything about the person, reduced once: place, reach, age, languages, skill levels by
  // interned skill id, desired ISCO digits, household figures.
  const Place home = s.FindPlace(person.province, person.district, person.location);
  const double reach = person.max_commute_km;
  const int age = person.birth_date.YearsUntil(today);
  const int64_t day = today.DaysSinceEpoch();
  const uint64_t languages = s.FindLanguageMask(person.languages);
  const std::vector<uint8_t> levels = SkillLevelsById(s, person);
  std::vector<Isco> desired;
  for (const std::string& code : person.desired_occupations) desired.push_back(Isco::Of(code));
  const int desired_count = static_cast<int>(desired.size());
  const int dependents = person.household.dependents;
  auto level_of = [&levels](uint16_t id) { return static_cast<double>(levels[id]); };
  PolicyCache cache(policies, s.provinces, s.sectors, person, today, &s.rule_points_policy);
  // The gap by skill id: the summed demand, and whether any row lacks it (its demand may be 0).
  std::vector<double> gap(want.gap ? s.skills.size() : 0, 0.0);
  std::vector<uint8_t> in_gap(gap.size(), 0);

  const bool home_has_coordinates = home.HasCoordinates();
  const ReachBox box(home_has_coordinates ? home.lat : 0, home_has_coordinates ? home.lon : 0,
                     reach);
  const double home_cos = CosLat(home.lat);
  const InnerReach near(home.lat, home.lon, home_cos, reach);
  const uint32_t home_district = home.district;
  const ScoreRow* rows = t.score_rows.data();
  pass.scored.reserve(1024);

  // What must be kept: the rows Shortlist keeps (those whose score plus the most their rules
  // can add reaches the k-th best of score plus the least: `shortlist` holds the latter) and the
  // best rows that lack a skill (the pathway targets). A row below both floors, which only rise,
  // would be dropped by both: it is not kept, and when an upper bound of its score (each
  // distance-dependent component at its maximum) is already below, neither its distance nor the
  // rest of its score is computed, unless the gap needs its distance.
  RunningBest shortlist(want.shortlist_k, kRankRounding);
  RunningBest pathway(want.pathway_k, 0);

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
      skills = SkillsScore(level_of, r.skill_ids.data(), r.skill_levels.data(), r.skill_count);
    } else {
      std::vector<uint16_t> ids(r.skill_ids.begin(), r.skill_ids.begin() + r.skill_count);
      std::vector<uint8_t> mins(r.skill_levels.begin(), r.skill_levels.begin() + r.skill_count);
      for (const SkillRef& m : t.more_skills[row]) ids.push_back(m.id), mins.push_back(m.level);
      skills = SkillsScore(level_of, ids.data(), mins.data(), static_cast<int>(ids.size()));
    }
    JobPair pair;
    pair.skills = skills;
    pair.occupation = OccupationScore(desired.data(), desired_count, r.Occupation());
    pair.wage_usd = r.monthly_wage * cache.usd_per_unit()[r.currency];
    pair.wage_target = entry.wage_target;
    pair.demand = demand;
    pair.same_province = home.province == r.province;
    pair.same_district = home_district == c.district;
    pair.work_abroad = c.abroad;
    pair.max_commute_km = reach;
    pair.preferences_base = r.preferences_base;
    pair.benefits = r.benefits;
    pair.dependents = dependents;
    std::array<double, kComponents> sc = JobComponentsAtMost(pair);
    const bool lacks = skills < 100;
    const policy::RuleRange rules = entry.ForVacancy(c.rule_points);
    auto wanted = [&](double score) {
      return score + rules.most >= shortlist.floor() || (lacks && score >= pathway.floor());
    };
    const bool for_gap = want.gap && lacks;
    const bool may_keep = wanted(Combine(sc, entry.weights) + 1e-6);
    if (!for_gap && !may_keep) return;
    const double lat = c.lat;
    const bool placed = home_has_coordinates && !std::isnan(lat);
    // A row only the gap needs is counted without its exact distance when it is certainly in
    // reach.
    const bool certainly_near =
        !may_keep && (c.abroad || (placed && near.Contains(lat, c.lon, r.cos_lat)));
    const double km = placed && !certainly_near
                          ? HaversineKm(home.lat, home.lon, home_cos, lat, c.lon, r.cos_lat)
                          : kNoCoordinate;
    if (!c.abroad && !std::isnan(km) && km > reach) return;
    if (for_gap) {
      auto add_gap = [&](uint16_t id) { gap[id] += demand, in_gap[id] = 1; };
      for (uint8_t j = 0; j < r.skill_count; ++j) {
        if (levels[r.skill_ids[j]] < r.skill_levels[j]) add_gap(r.skill_ids[j]);
      }
      if (r.has_more_skills) {
        for (const SkillRef& m : t.more_skills[row]) {
          if (levels[m.id] < m.level) add_gap(m.id);
        }
      }
    }
    if (!may_keep) return;
    PlaceJobAt(pair, km, sc);
    const double base = Combine(sc, entry.weights);
    if (base + rules.most >= shortlist.floor()) {
      shortlist.Add(base + rules.least);
      pass.scored.push_back({base, row, base, 0, model::OpportunityKind::kJob, rules});
    }
    if (lacks && base >= pathway.floor()) {
      pathway.Add(base);
      pass.lacking.push_back({base, row, base});
    }
  };

  // Rows go through in batches, and each filter column is read only for the rows that passed the
  // more selective ones before it, without branches: first the reach (the latitude cells of the
  // band, then the box; the district when the person has no coordinates), then the others. The
  // survivors' score rows are scattered over the table: each is prefetched kPrefetchAhead rows
  // before it is scored, far enough ahead to hide the wait for memory and near enough that it
  // is still in cache when scored (prefetched a whole batch ahead, the wait for them was still a
  // third of the scoring).
  constexpr size_t kBlock = 2048;
  constexpr size_t kPrefetchAhead = 16;
  std::array<uint32_t, kBlock> band;
  std::array<Candidate, kBlock> ready;
  // ready[0, kept) passed every filter: scores them.
  auto flush = [&](size_t kept) {
    for (size_t i = 0; i < std::min(kept, kPrefetchAhead); ++i) {
      __builtin_prefetch(rows + ready[i].row);
    }
    for (size_t i = 0; i < kept; ++i) {
      if (i + kPrefetchAhead < kept) __builtin_prefetch(rows + ready[i + kPrefetchAhead].row);
      score(ready[i]);
    }
  };
  // Filters band[0, count), rows within reach, on the other columns, then flushes.
  auto submit = [&](size_t count) {
    size_t kept = 0;
    for (size_t i = 0; i < count; ++i) {
      const uint32_t row = band[i];
      const bool keep = (t.open_until[row] >= day) & (t.min_age[row] <= age) &
                        ((t.languages[row] & ~languages) == 0);
      ready[kept] = {row,        t.district[row],    t.lat[row],
                     t.lon[row], t.abroad[row] != 0, t.rule_points[row]};
      kept += keep;
    }
    flush(kept);
  };
  if (home_has_coordinates) {
    // Only the latitude cells of the band are read, then the rows without coordinates or
    // abroad, and all filters are applied to the cells' copies of the filter columns.
    auto filter = [&](const std::vector<VacancyCell>& entries) {
      for (size_t start = 0; start < entries.size(); start += kBlock) {
        const size_t end = std::min(entries.size(), start + kBlock);
        size_t kept = 0;
        for (size_t i = start; i < end; ++i) {
          const VacancyCell& e = entries[i];
          const bool near_e = e.abroad | ((e.lat == e.lat) ? box.Contains(e.lat, e.lon)
                                                           : e.district == home_district);
          const bool keep = near_e & (e.open_until >= day) & (e.min_age <= age) &
                            ((e.languages & ~languages) == 0);
          band[kept] = static_cast<uint32_t>(i);
          kept += keep;
        }
        for (size_t i = 0; i < kept; ++i) {
          const VacancyCell& e = entries[band[i]];
          ready[i] = {e.row, e.district, e.lat, e.lon, e.abroad, e.rule_points};
        }
        flush(kept);
      }
    };
    const auto [first, last] = LatitudeGrid::CellsOf(box.lat, box.max_dlat);
    for (uint32_t cell = first; cell <= last; ++cell) filter(t.cells.Cell(cell));
    filter(t.cells.Cell(LatitudeGrid::kAnywhere));
  } else {
    // Without coordinates, the rows of the person's district and those abroad, in row order.
    const size_t n = t.id.size();
    for (size_t start = 0; start < n; start += kBlock) {
      const size_t end = std::min(n, start + kBlock);
      size_t in_band = 0;
      for (size_t row = start; row < end; ++row) {
        const bool keep = (t.district[row] == home_district) | (t.abroad[row] != 0);
        band[in_band] = static_cast<uint32_t>(row);
        in_band += keep;
      }
      submit(in_band);
    }
  }
  // The floors have risen since the first rows were kept.
  auto drop = [](std::vector<Scored>& rows, auto below) {
    rows.erase(std::remove_if(rows.begin(), rows.end(), below), rows.end());
  };
  drop(pass.scored,
       [floor = shortlist.floor()](const Scored& sc) { return sc.rank + sc.rules.most < floor; });
  drop(pass.lacking, [floor = pathway.floor()](const Scored& sc) { return sc.rank < floor; });
  for (uint32_t id = 0; id < gap.size(); ++id) {
    if (in_gap[id]) pass.gap[s.skills.Name(id)] = gap[id];
  }
  return pass;
}

}  // namespace homeward::matching::internal
