// Builds the allocation solver's plain Problem from the registry and the matching engine's
// output, so that the solver itself stays independent of both.
//
// The matching engine supplies, for each person, their best K feasible matches (eligibility
// checked, score computed, provincial rules applied). The adapter keeps only what an allocation
// may ever assign: people who are active and consent to matching, vacancies that are `open` (so
// cleared by screening) with slots left, trainings with seats left, programmes with places left
// (a programme's capacity is its places), of the requested kind; then
// at most K matches per person, best first.
//
// Thread-safety: pure functions.
#pragma once

#include <vector>

#include "homeward/allocation/solver.h"
#include "homeward/base/status.h"
#include "homeward/base/time.h"
#include "homeward/matching/match.h"
#include "homeward/matching/match_index.h"
#include "homeward/model/allocation.h"
#include "homeward/model/individual.h"
#include "homeward/model/programme.h"
#include "homeward/model/training.h"
#include "homeward/model/vacancy.h"
#include "homeward/policy/province_policy.h"

namespace homeward::allocation {

struct AdapterOptions {
  model::AllocationKind kind = model::AllocationKind::kAll;
  int candidates_per_person = 20;  // K: the most matches kept per person
};

// The problem for `people` against `vacancies`, `trainings` and `programmes`, with candidate
// pairs taken from
// `matches` (in any order; a match naming a person or opportunity left out is ignored, and of a
// pair listed twice the better score counts). Vulnerability comes from each person's assessment.
Problem BuildProblem(const std::vector<model::Individual>& people,
                     const std::vector<model::Vacancy>& vacancies,
                     const std::vector<model::Training>& trainings,
                     const std::vector<matching::Match>& matches,
                     const AdapterOptions& options = {},
                     const std::vector<model::Programme>& programmes = {});

// Asks `index` for each person's best K eligible opportunities of the requested kind (as of
// `today`, under each province's policy) and builds the problem from them as BuildProblem does.
// Matches to opportunities outside `vacancies`, `trainings` and `programmes` (another province,
// say) are
// ignored. Returns the index's first error.
StatusOr<Problem> BuildProblemFromIndex(const matching::MatchIndex& index,
                                        const policy::PolicyProvider& policies, const Date& today,
                                        const std::vector<model::Individual>& people,
                                        const std::vector<model::Vacancy>& vacancies,
                                        const std::vector<model::Training>& trainings,
                                        const AdapterOptions& options = {},
                                        const std::vector<model::Programme>& programmes = {});

}  // namespace homeward::allocation
