// The scans of the index's columns for one person: the vacancies (ScanJobs, in job_scan.cc:
// filters, base scores and the skill gap) and the open trainings within reach. The caller holds
// the index's lock (shared) throughout.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <future>
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

// How many entries runs of latitude cells hold, and the runs cut in two of about as many entries
// each, in order: a large band is read in two halves at once.
template <typename Entry>
size_t Entries(const std::vector<Span<Entry>>& spans) {
  size_t entries = 0;
  for (const Span<Entry>& span : spans) entries += span.size();
  return entries;
}
template <typename Entry>
std::array<std::vector<Span<Entry>>, 2> Halves(const std::vector<Span<Entry>>& spans) {
  std::array<std::vector<Span<Entry>>, 2> halves;
  size_t left = Entries(spans) / 2;
  for (const Span<Entry>& span : spans) {
    if (left >= span.size()) {
      halves[0].push_back(span);
      left -= span.size();
    } else if (left > 0) {
      halves[0].push_back({span.begin, span.begin + left});
      halves[1].push_back({span.begin + left, span.end});
      left = 0;
    } else {
      halves[1].push_back(span);
    }
  }
  return halves;
}

// Reads the two halves of `spans` at once: `second` on a thread of its own, `first` on this one.
template <typename Entry, typename First, typename Second>
void ReadInHalves(const std::vector<Span<Entry>>& spans, First first, Second second) {
  const std::array<std::vector<Span<Entry>>, 2> halves = Halves(spans);
  std::future<void> done = std::async(std::launch::async, [&] { second(halves[1]); });
  first(halves[0]);
  done.get();
}

// A band of at least this many training entries is read in two halves at once (TopOpportunities):
// each entry in reach is bounded (TrainingBound), a few tens of nanoseconds, and Phnom Penh's band
// holds some 38,000 of them at scale 500.
inline constexpr size_t kSplitTrainingsFrom = size_t{1} << 13;

// Where a person's open trainings are looked for: the entries of the latitude cells of the
// person's reach (every cell for a person without coordinates) and those without coordinates.
class TrainingReach {
 public:
  TrainingReach(const MatchIndex::State& s, const model::Individual& person, const Date& today)
      HW_REQUIRES_SHARED(s.mutex)
      : t_(ForLambdas(s.trainings)),
        person_(person),
        today_(today),
        day_(today.DaysSinceEpoch()),
        home_(s.FindPlace(person.province, person.district, person.location)),
        box_(home_.HasCoordinates() ? home_.lat : 0, home_.HasCoordinates() ? home_.lon : 0,
             person.max_commute_km) {}

  // The entries to read (those without coordinates last: InReach decides them by district).
  std::vector<Span<TrainingCell>> Band() const {
    const auto [first, last] = home_.HasCoordinates()
                                   ? LatitudeGrid::CellsOf(box_.lat, box_.max_dlat)
                                   : std::pair<uint32_t, uint32_t>{0, LatitudeGrid::kAnywhere - 1};
    return t_.cells.Band(first, last);
  }

  // The open trainings of `spans` within the person's reach that they are eligible for; those
  // `worth(entry)` refuses are skipped before their distance is computed and their record read.
  template <typename Worth, typename Visit>
  void ForEach(const std::vector<Span<TrainingCell>>& spans, Worth worth, Visit visit) const {
    for (const Span<TrainingCell>& span : spans) {
      for (const TrainingCell* e = span.begin; e != span.end; ++e) {
        if (!e->seats || e->ends_day < day_ ||
            (e->starts_day != INT64_MAX && e->starts_day < day_) ||
            !InBox(home_, box_, e->place()) || !worth(*e) ||
            !InReach(home_, person_.max_commute_km, e->place()) ||
            CheckTraining(person_, *t_.record[e->row], today_)) {
          continue;
        }
        visit(e->row, *t_.record[e->row]);
      }
    }
  }

 private:
  const MatchIndex::State::Trainings& t_;
  const model::Individual& person_;
  const Date today_;
  const int64_t day_;
  const Place home_;
  const ReachBox box_;
};

// The open trainings within the person's reach that they are eligible for (TrainingReach), in
// one pass.
template <typename Worth, typename Visit>
void ForEachOpenTraining(const MatchIndex::State& s, const model::Individual& person,
                         const Date& today, Worth worth, Visit visit) HW_REQUIRES_SHARED(s.mutex) {
  const TrainingReach reach(s, person, today);
  reach.ForEach(reach.Band(), worth, visit);
}

}  // namespace homeward::matching::internal
