#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <limits>

#include "internal/policy_cache.h"
#include "internal/scans.h"

namespace homeward::matching::internal {

namespace {

// SkillsScore's coverage of a required level by a held one, [held][required], both 0..5 (as
// the index clamps them): the same expression, so the same numbers, without a division per skill.
const std::array<std::array<double, 6>, 6> kCoverage = [] {
  std::array<std::array<double, 6>, 6> coverage{};
  for (int have = 0; have < 6; ++have) {
    for (int need = 0; need < 6; ++need) {
      coverage[have][need] = std::min(1.0, have / static_cast<double>(std::max(1, need)));
    }
  }
  return coverage;
}();

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
  // Takes in what `other` saw: its k best are among the k best of both.
  void AddAll(const RunningBest& other) {
    for (double score : other.heap_) Add(score);
  }

 private:
  size_t k_;
  double slack_;
  double floor_;
  std::vector<double> heap_;
};

// One thread's share of a scan: the rows it kept, the floors it saw and its part of the gap.
struct Share {
  Share(const MatchIndex::State& s, const model::Individual& person,
        const policy::PolicyProvider& policies, const Date& today, const JobScan& want)
      HW_REQUIRES_SHARED(s.mutex);

  PolicyCache cache;
  // What must be kept: the rows Shortlist keeps (those whose score plus the most their rules
  // can add reaches the k-th best of score plus the least: `shortlist` holds the latter) and
  // the best rows that lack a skill (the pathway targets).
  RunningBest shortlist;
  RunningBest pathway;
  std::vector<Scored> scored;
  std::vector<Scored> lacking;
  std::vector<double> gap;      // the summed demand by skill id
  std::vector<uint8_t> in_gap;  // whether any row lacks the skill (its demand may be 0)
};

Share::Share(const MatchIndex::State& s, const model::Individual& person,
             const policy::PolicyProvider& policies, const Date& today, const JobScan& want)
    : cache(policies, s.provinces, s.sectors, person, today, &s.rule_points_policy),
      shortlist(want.shortlist_k, kRankRounding),
      pathway(want.pathway_k, 0),
      gap(want.gap ? s.skills.size() : 0, 0.0),
      in_gap(gap.size(), 0) {
  scored.reserve(1024);
}

// Everything a scan reads of the person, reduced once, and how it scores a row and files it in
// a share. Read-only: the threads of one scan share it.
class Scanner {
 public:
  Scanner(const MatchIndex::State& s, const model::Individual& person, const Date& today,
          const JobScan& want) HW_REQUIRES_SHARED(s.mutex);

  bool HasCoordinates() const { return home_.HasCoordinates(); }
  // The rows the reach filter reads: those of the latitude cells of the band, then those of no
  // place or abroad.
  std::vector<Span<VacancyCell>> Band() const {
    const auto [first, last] = LatitudeGrid::CellsOf(box_.lat, box_.max_dlat);
    return t_.cells.Band(first, last);
  }

  // Filters the entries of `spans` on all their columns, then scores what passed, into `share`.
  void Cells(const std::vector<Span<VacancyCell>>& spans, Share& share) const {
    std::array<const VacancyCell*, kBlock> ready;
    const uint32_t home_district = home_.district;
    for (const Span<VacancyCell>& span : spans) {
      for (size_t at = 0; at < span.size(); at += kBlock) {
        const VacancyCell* start = span.begin + at;
        const size_t count = std::min(kBlock, span.size() - at);
        size_t kept = 0;
        for (size_t i = 0; i < count; ++i) {
          const VacancyCell& e = start[i];
          const bool near_e = e.abroad | ((e.lat == e.lat) ? box_.Contains(e.lat, e.lon)
                                                           : e.district == home_district);
          const bool keep = near_e & (e.open_until >= day_) & (e.min_age <= age_) &
                            ((e.languages & ~languages_) == 0);
          ready[kept] = &e;
          kept += keep;
        }
        Flush(ready.data(), kept, share);
      }
    }
  }

  // Without coordinates: the rows of the person's district and those abroad, in row order, each
  // survivor copied into an entry as its cell holds it.
  void Rows(Share& share) const {
    std::array<uint32_t, kBlock> band;
    std::array<VacancyCell, kBlock> entries;
    std::array<const VacancyCell*, kBlock> ready;
    const size_t n = t_.id.size();
    for (size_t start = 0; start < n; start += kBlock) {
      const size_t end = std::min(n, start + kBlock);
      size_t in_band = 0;
      for (size_t row = start; row < end; ++row) {
        const bool keep = (t_.district[row] == home_.district) | (t_.abroad[row] != 0);
        band[in_band] = static_cast<uint32_t>(row);
        in_band += keep;
      }
      size_t kept = 0;
      for (size_t i = 0; i < in_band; ++i) {
        const uint32_t row = band[i];
        const bool keep = (t_.open_until[row] >= day_) & (t_.min_age[row] <= age_) &
                          ((t_.languages[row] & ~languages_) == 0);
        entries[kept] = {row,
                         t_.district[row],
                         t_.lat[row],
                         t_.lon[row],
                         t_.open_until[row],
                         t_.languages[row],
                         t_.min_age[row],
                         t_.abroad[row] != 0,
                         t_.rule_points[row],
                         t_.score_rows[row]};
        ready[kept] = &entries[kept];
        kept += keep;
      }
      Flush(ready.data(), kept, share);
    }
  }

 private:
  // Rows go through in blocks, and each filter column is read only for the rows that passed the
  // more selective ones before it, without branches. A block of cell entries (32 KB) is still in
  // the first-level cache when its survivors are scored (blocks of 2,048 made a Phnom Penh query
  // about a millisecond slower). Each survivor's score row is prefetched kPrefetchAhead rows
  // before it is scored, far enough ahead to hide the wait for memory and near enough that it is
  // still in cache when scored: a band's lie in its cells in order, but those of a person
  // without coordinates are scattered over the table.
  static constexpr size_t kBlock = 256;
  static constexpr size_t kPrefetchAhead = 16;

  // Scores *ready[0, kept), which passed every filter.
  void Flush(const VacancyCell* const* ready, size_t kept, Share& share) const {
    for (size_t i = 0; i < std::min(kept, kPrefetchAhead); ++i) {
      __builtin_prefetch(&ready[i]->score);
    }
    for (size_t i = 0; i < kept; ++i) {
      if (i + kPrefetchAhead < kept) __builtin_prefetch(&ready[i + kPrefetchAhead]->score);
      Score(*ready[i], share);
    }
  }

  // Scores a row that passed the filters: exact distance (the reach filter), then the six
  // components, as ScoreJob computes them. A row below both floors of the share, which only
  // rise, would be dropped by both: it is not kept, and when an upper bound of its score (each
  // distance-dependent component at its maximum) is already below, neither its distance nor
  // the rest of its score is computed, unless the gap needs its distance.
  void Score(const VacancyCell& c, Share& share) const {
    const uint32_t row = c.row;
    if (!person_.do_not_match.empty() &&
        person_.do_not_match.Excludes(t_.record[row]->employer_id, t_.record[row]->district)) {
      return;
    }
    const ScoreRow& r = c.score;
    PolicyCache::Entry& entry = share.cache.For(r.province);
    const int month = r.start_month != 0 ? r.start_month : today_.month;
    const double demand = share.cache.Demand(entry, r.sector, month);
    double skills;
    uint8_t lacking = 0;  // bit j: the person's level of inline skill j is below the row's
    if (!r.has_more_skills) {
      // SkillsScore, each skill's coverage from the table of its values.
      double covered = 0;
      for (uint8_t j = 0; j < r.skill_count; ++j) {
        const uint8_t have = levels_[r.skill_ids[j]];
        const uint8_t need = r.skill_levels[j];
        covered += kCoverage[have][need];
        lacking |= static_cast<uint8_t>((have < need) << j);
      }
      skills = r.skill_count == 0 ? 100 : 100 * covered / r.skill_count;
    } else {
      auto level_of = [this](uint16_t id) { return static_cast<double>(levels_[id]); };
      std::vector<uint16_t> ids(r.skill_ids.begin(), r.skill_ids.begin() + r.skill_count);
      std::vector<uint8_t> mins(r.skill_levels.begin(), r.skill_levels.begin() + r.skill_count);
      for (const SkillRef& m : t_.more_skills[row]) ids.push_back(m.id), mins.push_back(m.level);
      skills = SkillsScore(level_of, ids.data(), mins.data(), static_cast<int>(ids.size()));
    }
    JobPair pair;
    pair.skills = skills;
    pair.occupation =
        OccupationScore(desired_.data(), static_cast<int>(desired_.size()), r.Occupation());
    pair.wage_usd = r.monthly_wage * share.cache.usd_per_unit()[r.currency];
    pair.wage_target = entry.wage_target;
    pair.demand = demand;
    pair.same_province = home_.province == r.province;
    pair.same_district = home_.district == c.district;
    pair.work_abroad = c.abroad;
    pair.max_commute_km = reach_;
    pair.preferences_base = r.preferences_base;
    pair.benefits = r.benefits;
    pair.dependents = person_.household.dependents;
    std::array<double, kComponents> sc = JobComponentsAtMost(pair);
    const bool lacks = skills < 100;
    const policy::RuleRange rules = entry.ForVacancy(c.rule_points);
    auto wanted = [&](double score) {
      return score + rules.most >= share.shortlist.floor() ||
             (lacks && score >= share.pathway.floor());
    };
    const bool for_gap = want_.gap && lacks;
    const bool may_keep = wanted(Combine(sc, entry.weights) + 1e-6);
    if (!for_gap && !may_keep) return;
    const double lat = c.lat;
    const bool placed = home_.HasCoordinates() && !std::isnan(lat);
    // A row only the gap needs is counted without its exact distance when it is certainly in
    // reach.
    const bool certainly_near =
        !may_keep && (c.abroad || (placed && near_.Contains(lat, c.lon, r.cos_lat)));
    const double km = placed && !certainly_near
                          ? HaversineKm(home_.lat, home_.lon, home_cos_, lat, c.lon, r.cos_lat)
                          : kNoCoordinate;
    if (!c.abroad && !std::isnan(km) && km > reach_) return;
    if (for_gap) {
      auto add_gap = [&](uint16_t id) { share.gap[id] += demand, share.in_gap[id] = 1; };
      if (!r.has_more_skills) {
        for (; lacking != 0; lacking &= static_cast<uint8_t>(lacking - 1)) {
          add_gap(r.skill_ids[__builtin_ctz(lacking)]);
        }
      } else {
        for (uint8_t j = 0; j < r.skill_count; ++j) {
          if (levels_[r.skill_ids[j]] < r.skill_levels[j]) add_gap(r.skill_ids[j]);
        }
        for (const SkillRef& m : t_.more_skills[row]) {
          if (levels_[m.id] < m.level) add_gap(m.id);
        }
      }
    }
    if (!may_keep) return;
    PlaceJobAt(pair, km, sc);
    const double base = Combine(sc, entry.weights);
    if (base + rules.most >= share.shortlist.floor()) {
      share.shortlist.Add(base + rules.least);
      share.scored.push_back({base, row, base, 0, model::OpportunityKind::kJob, rules});
    }
    if (lacks && base >= share.pathway.floor()) {
      share.pathway.Add(base);
      share.lacking.push_back({base, row, base});
    }
  }

  const MatchIndex::State::Vacancies& t_;
  const model::Individual& person_;
  const Date today_;
  const JobScan want_;
  const Place home_;
  const double reach_;
  const int age_;
  const int64_t day_;
  const uint64_t languages_;
  const std::vector<uint8_t> levels_;  // by interned skill id
  std::vector<Isco> desired_;
  const ReachBox box_;
  const double home_cos_;
  const InnerReach near_;
};

Scanner::Scanner(const MatchIndex::State& s, const model::Individual& person, const Date& today,
                 const JobScan& want)
    : t_(s.vacancies),
      person_(person),
      today_(today),
      want_(want),
      home_(s.FindPlace(person.province, person.district, person.location)),
      reach_(person.max_commute_km),
      age_(person.birth_date.YearsUntil(today)),
      day_(today.DaysSinceEpoch()),
      languages_(s.FindLanguageMask(person.languages)),
      levels_(SkillLevelsById(s, person)),
      box_(home_.HasCoordinates() ? home_.lat : 0, home_.HasCoordinates() ? home_.lon : 0, reach_),
      home_cos_(CosLat(home_.lat)),
      near_(home_.lat, home_.lon, home_cos_, reach_) {
  for (const std::string& code : person.desired_occupations) desired_.push_back(Isco::Of(code));
}

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
  const Scanner scanner(s, person, today, want);
  Share share(s, person, policies, today, want);
  if (!scanner.HasCoordinates()) {
    scanner.Rows(share);
  } else {
    const std::vector<Span<VacancyCell>> spans = scanner.Band();
    if (Entries(spans) < want.split_from) {
      scanner.Cells(spans, share);
    } else {
      // A large band is scanned in two halves at once, the second on a thread of its own; the
      // shares are then joined in order, so that the rows kept are those one pass keeps, in the
      // same order (each share's floors are at most the joined ones).
      Share second(s, person, policies, today, want);
      ReadInHalves(
          spans, [&](const auto& half) { scanner.Cells(half, share); },
          [&](const auto& half) { scanner.Cells(half, second); });
      share.shortlist.AddAll(second.shortlist);
      share.pathway.AddAll(second.pathway);
      share.scored.insert(share.scored.end(), second.scored.begin(), second.scored.end());
      share.lacking.insert(share.lacking.end(), second.lacking.begin(), second.lacking.end());
      for (size_t id = 0; id < share.gap.size(); ++id) {
        share.gap[id] += second.gap[id];
        share.in_gap[id] |= second.in_gap[id];
      }
    }
  }
  JobPass pass;
  // The floors have risen since the first rows were kept.
  auto drop = [](std::vector<Scored>& rows, auto below) {
    rows.erase(std::remove_if(rows.begin(), rows.end(), below), rows.end());
  };
  drop(share.scored, [floor = share.shortlist.floor()](const Scored& sc) {
    return sc.rank + sc.rules.most < floor;
  });
  drop(share.lacking,
       [floor = share.pathway.floor()](const Scored& sc) { return sc.rank < floor; });
  pass.scored = std::move(share.scored);
  pass.lacking = std::move(share.lacking);
  for (uint32_t id = 0; id < share.gap.size(); ++id) {
    if (share.in_gap[id]) pass.gap[s.skills.Name(id)] = share.gap[id];
  }
  return pass;
}

}  // namespace homeward::matching::internal
