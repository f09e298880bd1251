// The scans of the index's columns for one person: the vacancies (ScanJobs, in job_scan.cc:
// filters, base scores and the skill gap) and the open trainings within reach. The caller holds
// the index's lock (shared) throughout.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "homeward/base/time.h"
#include "homeward/matching/match.h"
#include "homeward/reference/reference.h"
#include "internal/columns.h"
#include "internal/geometry.h"
#include "internal/policy_cache.h"
#include "internal/ranking.h"

namespace homeward::matching::internal {

// The person's skill levels (clamped to 0..5) by interned skill id; 0 for a skill they lack.
std::vector<uint8_t> SkillLevelsById(const MatchIndex::State& s, const model::Individual& person)
    HW_REQUIRES_SHARED(s.mutex);

// A band of at least this many rows is scanned in two halves at once (ScanJobs): at Phnom
// Penh's density the scan is most of a query's time, and a thread costs tens of microseconds.
inline constexpr size_t kSplitScanFrom = size_t{1} << 16;

// What a scan of the vacancies is for: the rows Shortlist(rows, shortlist_k) keeps, the
// pathway_k best rows that lack a skill the person does not have (PathwayTargets' choice), and
// the skill gap, which counts every row within reach; and from how many rows in the band it is
// split in two.
struct JobScan {
  bool gap = false;
  size_t shortlist_k = 0;
  size_t pathway_k = 0;
  size_t split_from = kSplitScanFrom;
};

// What a scan of the vacancies gives: rows that passed the filters with their base scores (at
// least those each list was asked for, and not all the others), and the skill gap.
struct JobPass {
  std::vector<Scored> scored;         // for the shortlist
  std::vector<Scored> lacking;        // rows that lack a skill, for the pathway targets
  std::map<std::string, double> gap;  // skill id -> summed demand of the jobs that need it
};

// Scans the vacancy columns for one person: filters, base scores and the person's skill gap.
JobPass ScanJobs(const MatchIndex::State& s, const model::Individual& person,
                 const policy::PolicyProvider& policies, const Date& today, const JobScan& want)
    HW_REQUIRES_SHARED(s.mutex);

// Whether a training is within the person's reach as CheckTraining decides it (the distance
// when both have coordinates, else the same district), without writing the reason a refusal
// gives, in two steps: most trainings of a national index are out of a person's reach, and most
// of those are outside `box` (the reach around home), which is cheaper to test than the
// distance. InBox first, then, for what passes and is still worth it, InReach.
inline bool InBox(const Place& home, const ReachBox& box, const Place& training) {
  if (home.HasCoordinates() && training.HasCoordinates()) {
    return box.Contains(training.lat, training.lon);
  }
  return home.district != kUnknown && home.district == training.district;
}
inline bool InReach(const Place& home, double max_commute_km, const Place& training) {
  return !home.HasCoordinates() || !training.HasCoordinates() ||
         reference::DistanceKm({home.lat, home.lon}, {training.lat, training.lon}) <=
             max_commute_km;
}

// A training's row as its latitude cell files it: its place (`place`, as the index interned it),
// seats, dates and the facts its bound reads (interning the skills it teaches).
TrainingCell TrainingCellOf(MatchIndex::State& s, uint32_t row, const Place& place,
                            const model::Training& training) HW_REQUIRES(s.mutex);

// At least TrainingScorer::Base of a training row for one person, from the index's columns
// alone: the distance and the market's demand at their most (100), the other components as Base
// computes them. A query reads a training's record only when this bound can still reach its k
// best.
class TrainingBound {
 public:
  TrainingBound(const MatchIndex::State& s, const model::Individual& person, const SkillGap& gap,
                const Date& today) HW_REQUIRES_SHARED(s.mutex);
  // `policy`: the training's province's entry of the query's PolicyCache.
  double Of(const TrainingCell& training, const PolicyCache::Entry& policy) const;

 private:
  std::vector<double> gap_;    // the gap's weight by interned skill id (0: not in the gap)
  std::vector<uint8_t> have_;  // the person's level by interned skill id
  double total_ = 0;           // the gap's weight, summed in its order (as TrainingScorer does)
  std::vector<Isco> desired_;
  std::array<double, kCurrencies> usd_per_unit_;
  int64_t day_;
};

// The open trainings within the person's reach that they are eligible for: those in the
// latitude cells of the person's reach (every cell for a person without coordinates); those
// `worth(cell)` refuses are skipped before their distance is computed and their record read.
template <typename Worth, typename Visit>
void ForEachOpenTraining(const MatchIndex::State& s, const model::Individual& person,
                         const Date& today, Worth worth, Visit visit) HW_REQUIRES_SHARED(s.mutex) {
  const MatchIndex::State::Trainings& t = ForLambdas(s.trainings);
  const Place home = s.FindPlace(person.province, person.district, person.location);
  const ReachBox box(home.HasCoordinates() ? home.lat : 0, home.HasCoordinates() ? home.lon : 0,
                     person.max_commute_km);
  const int64_t day = today.DaysSinceEpoch();
  auto each = [&](uint32_t cell) {
    for (const TrainingCell& e : t.cells.Cell(cell)) {
      if (!e.seats || e.ends_day < day || (e.starts_day != INT64_MAX && e.starts_day < day) ||
          !InBox(home, box, e.place()) || !worth(e) ||
          !InReach(home, person.max_commute_km, e.place()) ||
          CheckTraining(person, *t.record[e.row], today)) {
        continue;
      }
      visit(e.row, *t.record[e.row]);
    }
  };
  if (home.HasCoordinates()) {
    const auto [first, last] = LatitudeGrid::CellsOf(box.lat, box.max_dlat);
    for (uint32_t cell = first; cell <= last; ++cell) each(cell);
  } else {
    for (uint32_t cell = 0; cell < LatitudeGrid::kAnywhere; ++cell) each(cell);
  }
  each(LatitudeGrid::kAnywhere);  // without coordinates: InReach decides by district
}

}  // namespace homeward::matching::internal
