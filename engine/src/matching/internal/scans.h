// The scans of the index's columns for one person: the vacancies (ScanJobs, in job_scan.cc:
// filters, base scores and the skill gap) and the open trainings within reach. The caller holds
// the index's lock (shared) throughout.
#pragma once

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
#include "internal/ranking.h"

namespace homeward::matching::internal {

// What a scan of the vacancies is for: the rows Shortlist(rows, shortlist_k) keeps, the
// pathway_k best rows that lack a skill the person does not have (PathwayTargets' choice), and
// the skill gap, which counts every row within reach.
struct JobScan {
  bool gap = false;
  size_t shortlist_k = 0;
  size_t pathway_k = 0;
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
// gives: most trainings of a national index are out of a person's reach, and most of those are
// outside `box` (the reach around home), which is cheaper to test than the distance.
inline bool InReach(const Place& home, const ReachBox& box, double max_commute_km,
                    const Place& training) {
  if (home.HasCoordinates() && training.HasCoordinates()) {
    return box.Contains(training.lat, training.lon) &&
           reference::DistanceKm({home.lat, home.lon}, {training.lat, training.lon}) <=
               max_commute_km;
  }
  return home.district != kUnknown && home.district == training.district;
}

// The open trainings within the person's reach that they are eligible for, in row order; those
// `worth(row, record)` refuses are skipped before their eligibility is checked.
template <typename Worth, typename Visit>
void ForEachOpenTraining(const MatchIndex::State& s, const model::Individual& person,
                         const Date& today, Worth worth, Visit visit) HW_REQUIRES_SHARED(s.mutex) {
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
    if (!worth(row, *t.record[row]) || CheckTraining(person, *t.record[row], today)) continue;
    visit(row, *t.record[row]);
  }
}

}  // namespace homeward::matching::internal
