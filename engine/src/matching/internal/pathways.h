// Pathways: the trainings that close the skills a person lacks for their best jobs. The targets
// (those jobs and what each lacks) and what a training does for them are also what a training
// match's `unlocks` reads.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "homeward/model/individual.h"
#include "homeward/model/training.h"
#include "internal/columns.h"
#include "internal/ranking.h"

namespace homeward::matching::internal {

// One of the person's best jobs that they lack skills for: what a training may unlock.
struct PathwayTarget {
  const model::Vacancy* vacancy;
  double score;
  std::map<std::string, int> missing;  // skill -> level required
};

inline constexpr size_t kPathwayJobs = 20;

// The person's best jobs (at most kPathwayJobs, best first) among `scored` that they lack skills
// for, with what each lacks (`scored`: JobPass::lacking of a scan asked for kPathwayJobs).
std::vector<PathwayTarget> PathwayTargets(const MatchIndex::State& s,
                                          const model::Individual& person,
                                          std::vector<Scored> scored) HW_REQUIRES_SHARED(s.mutex);

// What `training` does for the targets: the vacancies whose every missing skill it teaches
// (sorted), the skills it closes among those missing, and its value (each target's score times
// the share of its missing skills the training closes).
struct PathwayValue {
  double value = 0;
  std::vector<std::string> unlocks;
  std::vector<std::string> closes;
};

PathwayValue ValueFor(const std::vector<PathwayTarget>& targets, const model::Training& training);

}  // namespace homeward::matching::internal
