// The province-wide allocation solver: an optimal, capacity-respecting assignment of people to
// opportunities (job slots and training seats), computed as a min-cost flow with LEMON.
//
// The solver takes a plain Problem (people with their vulnerability, opportunities with the
// places they have left, and the candidate pairs with their match score) and knows nothing of
// the store or the matching engine; adapter.h builds a Problem from the matching engine. It
// maximises the sum over assigned pairs of (score + vulnerability_weight * vulnerability), never
// uses a pair that is not a candidate, never exceeds a capacity and gives each person at most one
// opportunity. Equal-weight alternatives are settled by the order of ids, so the same input (in
// any order) gives the same output. The model, the integer costs and the tie-break are described
// in docs/allocation.md.
//
// Thread-safety: Solve and SolveGreedy are pure functions of their arguments; any number may run
// at once on different threads.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "homeward/base/status.h"
#include "homeward/model/allocation.h"

namespace homeward::allocation {

// Someone to place. `vulnerability` is the person's vulnerability score, 0..100.
struct ProblemPerson {
  std::string id;
  double vulnerability = 0;
};

// A job or training with `capacity` places left (slots or seats not yet filled), >= 0.
struct ProblemOpportunity {
  std::string id;
  int capacity = 0;
};

// A feasible pair: the person (index into Problem::people) passes every eligibility rule of the
// opportunity (index into Problem::opportunities), with match score `score`, 0..100.
struct Candidate {
  int person = 0;
  int opportunity = 0;
  double score = 0;
};

struct Problem {
  std::vector<ProblemPerson> people;
  std::vector<ProblemOpportunity> opportunities;
  std::vector<Candidate> candidates;
};

// The LEMON algorithm that solves each component. Both are exact; network simplex is the faster
// on these sparse bipartite graphs, cost scaling is kept as an independent cross-check.
enum class Algorithm { kNetworkSimplex, kCostScaling };

struct Options {
  // Points of weight a person brings to any assignment per point of vulnerability: with the
  // default 0.25, a person with vulnerability 80 outweighs one with 20 for a contested place
  // unless the other fits it more than 15 score points better. Must lie in [0, 1].
  double vulnerability_weight = 0.25;
  Algorithm algorithm = Algorithm::kNetworkSimplex;
};

struct Placement {
  std::string person_id;
  std::string opportunity_id;
  double score = 0;   // the candidate's match score
  double weight = 0;  // score + vulnerability priority, as the objective counts it
};

enum class UnplacedReason {
  kNoCandidates,  // no candidate opportunity with a place left
  kOutweighed,    // every candidate place went to an assignment of greater total weight
};

struct Unplaced {
  std::string person_id;
  UnplacedReason reason = UnplacedReason::kNoCandidates;
};

// What a greedy assignment (best remaining pair first) achieves on the same problem.
struct GreedyOutcome {
  int assigned = 0;
  double total_score = 0;
  double objective = 0;
};

struct SolveStats {
  int people = 0;
  int opportunities = 0;
  int edges = 0;       // candidate pairs used to build the graph (pairs to full ones dropped)
  int components = 0;  // independent sub-problems solved separately (with at least one edge)
  double elapsed_ms = 0;
};

struct Solution {
  std::vector<Placement> placements;  // ordered by person id
  std::vector<Unplaced> unplaced;     // ordered by person id
  double total_score = 0;             // sum of the placements' scores
  double objective = 0;               // sum of the placements' weights
  // The objective in thousandths of a point, exactly as optimised (weights are rounded to
  // thousandths before solving); compare solutions with this, not with the floating sums.
  int64_t objective_milli = 0;
  SolveStats stats;
  GreedyOutcome greedy;
};

// Solves `problem` exactly. INVALID_ARGUMENT, naming the first problem, for a duplicate id, a
// score or vulnerability outside 0..100 (or not finite), a negative capacity, a candidate that
// points outside the problem, the same pair listed twice, more people than kMaxPeople, or
// options out of range.
StatusOr<Solution> Solve(const Problem& problem, const Options& options = {});

// The greedy baseline: pairs taken best weight first (ties by id order), each taken while the
// person is free and the opportunity has room. Same preconditions as Solve.
StatusOr<GreedyOutcome> SolveGreedy(const Problem& problem, const Options& options = {});

// The most people one problem may hold (the tie-break needs headroom below 2^21 per component).
inline constexpr int kMaxPeople = (1 << 21) - 1;

// "no_candidates" or "outweighed", as the API reports it.
const char* ToString(UnplacedReason reason);

// Copies a solution into the stored record: assignments, unassigned people with their reason,
// the objective and the stats (with the greedy comparison). Leaves the request fields (id,
// province, kind, individuals, created_by) as they are.
void RecordSolution(const Solution& solution, model::Allocation& allocation);

}  // namespace homeward::allocation
