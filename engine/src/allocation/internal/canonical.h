// The canonical form of an allocation Problem, shared by the exact solver and the greedy
// baseline: people and opportunities ranked by id, integer weights, candidate pairs sorted by
// (person rank, opportunity rank). Building everything in this order is what makes the outcome
// independent of the order of the input. Private to the allocation component.
#pragma once

#include <cstdint>
#include <vector>

#include "homeward/allocation/solver.h"
#include "homeward/base/status.h"

namespace homeward::allocation::internal {

// Weights are counted in thousandths of a point.
inline constexpr int64_t kMilli = 1000;

struct CanonicalEdge {
  int person = 0;       // person rank
  int opportunity = 0;  // opportunity rank
  int64_t weight_milli = 0;
  int candidate = 0;  // index into Problem::candidates
};

struct CanonicalProblem {
  std::vector<int> person_at;       // rank -> index into Problem::people
  std::vector<int> opportunity_at;  // rank -> index into Problem::opportunities
  std::vector<int> capacity;        // by opportunity rank, capped at the number of people
  // Sorted by (person, opportunity); pairs to an opportunity without room are left out.
  std::vector<CanonicalEdge> edges;
};

// Validates `problem` and `options` (see Solve) and builds the canonical form.
StatusOr<CanonicalProblem> Canonicalize(const Problem& problem, const Options& options);

// The greedy baseline on a canonical problem.
GreedyOutcome Greedy(const Problem& problem, const CanonicalProblem& canonical);

}  // namespace homeward::allocation::internal
