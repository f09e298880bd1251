#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <limits>
#include <unordered_map>

#include "internal/scans.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "internal/policy_cache.h"

namespace homeward::matching::internal {

namespace {

// A row that passed the filters, with the filter columns its score reads.
struct Candidate {
  uint32_t row;
  uint32_t district;
  double lat;
  double lon;
  bool abroad;
};

// Writes to `band` the rows first + i (i < count) whose latitude lat[i] is within `half_band`
// degrees of `center`, or NaN (no coordinates), or that are abroad; returns how many, in order.
size_t LatitudeBand(const double* lat, const uint8_t* abroad, size_t count, uint32_t first,
                    double center, double half_band, uint32_t* band) {
  size_t in_band = 0;
  size_t done = 0;
#if defined(__SSE2__)
  // 16 rows at a time: a bit per row, then the set bits' rows.
  const __m128d centre = _mm_set1_pd(center);
  const __m128d half = _mm_set1_pd(half_band);
  const __m128d magnitude = _mm_castsi128_pd(_mm_set1_epi64x(INT64_MAX));
  const __m128i zero = _mm_setzero_si128();
  for (; done + 16 <= count; done += 16) {
    unsigned bits = 0;
    for (unsigned j = 0; j < 16; j += 2) {
      const __m128d off = _mm_and_pd(_mm_sub_pd(_mm_loadu_pd(lat + done + j), centre), magnitude);
      bits |= static_cast<unsigned>(_mm_movemask_pd(_mm_cmpngt_pd(off, half))) << j;
    }
    const __m128i away = _mm_loadu_si128(reinterpret_cast<const __m128i*>(abroad + done));
    bits |= ~static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(away, zero))) & 0xffffu;
    while (bits != 0) {
      band[in_band++] = first + static_cast<uint32_t>(done + __builtin_ctz(bits));
      bits &= bits - 1;
    }
  }
#endif
  for (size_t i = done; i < count; ++i) {
    const bool keep = !(std::fabs(lat[i] - center) > half_band) | (abroad[i] != 0);
    band[in_band] = first + static_cast<uint32_t>(i);
    in_band += keep;
  }
  return in_band;
}

}  // namespace

JobPass ScanJobs(const MatchIndex::State& s, const model::Individual& person,
                 const policy::PolicyProvider& policies, const Date& today, bool want_gap,
                 size_t shortlist_k) {
  const auto& t = ForLambdas(s.vacancies);
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
    if (prune && Combine(sc, entry.weights) + 1e-6 < threshold) return;
    const double lat = c.lat;
    const double km = home_has_coordinates && !std::isnan(lat)
                          ? HaversineKm(home.lat, home.lon, home_cos, lat, c.lon, r.cos_lat)
                          : kNoCoordinate;
    if (!c.abroad && !std::isnan(km) && km > reach) return;
    PlaceJobAt(pair, km, sc);
    const double base = Combine(sc, entry.weights);
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
      size_t in_band = 0;
      if (home_has_coordinates) {
        // NaN (no coordinates) is kept: `near` decides by district.
        in_band = LatitudeBand(t.lat.data() + start, t.abroad.data() + start, len,
                               static_cast<uint32_t>(start), band_lat, band_dlat, band.data());
        size_t in_reach = 0;
        for (size_t i = 0; i < in_band; ++i) {
          const uint32_t row = band[i];
          band[in_reach] = row;
          in_reach += near(row);
        }
        in_band = in_reach;
      } else {
        const uint32_t* district = t.district.data() + start;
        const uint8_t* abroad = t.abroad.data() + start;
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

}  // namespace homeward::matching::internal
