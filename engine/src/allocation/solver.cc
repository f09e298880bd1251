#include "homeward/allocation/solver.h"

#include <lemon/cost_scaling.h>
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

#include <algorithm>
#include <chrono>
#include <numeric>

#include "internal/canonical.h"

namespace homeward::allocation {
namespace {

using internal::CanonicalEdge;
using internal::CanonicalProblem;
using internal::kMilli;

// One unit of weight (a thousandth of a point) is worth kTieSpan units of cost; the tie-break
// terms of all the assignments of a component add up to less than that, so they only ever
// choose among assignments of equal total weight.
constexpr int64_t kTieSpan = int64_t{1} << 21;

// An independent sub-problem: the people and opportunities linked by candidate pairs, and those
// pairs (as ranks, in canonical order).
struct Component {
  std::vector<int> people;
  std::vector<int> opportunities;
  std::vector<const CanonicalEdge*> edges;
};

class DisjointSets {
 public:
  explicit DisjointSets(int n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), 0); }
  int Find(int x) {
    while (parent_[x] != x) {
      parent_[x] = parent_[parent_[x]];
      x = parent_[x];
    }
    return x;
  }
  void Join(int a, int b) {
    a = Find(a);
    b = Find(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);
  }

 private:
  std::vector<int> parent_;
};

// The components of a problem, and where each person and opportunity sits in its component.
struct Components {
  std::vector<Component> list;         // numbered in order of their first person
  std::vector<int> person_local;       // by person rank: index in its component's `people`
  std::vector<int> opportunity_local;  // by opportunity rank: index in its `opportunities`
};

// Splits the canonical problem into its connected components, each listing its members in rank
// order.
Components SplitComponents(const CanonicalProblem& canonical) {
  const int people = static_cast<int>(canonical.person_at.size());
  const int opportunities = static_cast<int>(canonical.opportunity_at.size());
  DisjointSets sets(people + opportunities);
  for (const CanonicalEdge& e : canonical.edges) sets.Join(e.person, people + e.opportunity);

  Components out;
  out.person_local.assign(people, -1);
  out.opportunity_local.assign(opportunities, -1);
  std::vector<int> component_of_root(people + opportunities, -1);
  for (const CanonicalEdge& e : canonical.edges) {
    int& c = component_of_root[sets.Find(e.person)];
    if (c < 0) {
      c = static_cast<int>(out.list.size());
      out.list.emplace_back();
    }
    Component& component = out.list[c];
    component.edges.push_back(&e);
    if (out.person_local[e.person] < 0) {
      out.person_local[e.person] = static_cast<int>(component.people.size());
      component.people.push_back(e.person);
    }
    if (out.opportunity_local[e.opportunity] < 0) {
      out.opportunity_local[e.opportunity] = 0;  // placed below, once sorted
      component.opportunities.push_back(e.opportunity);
    }
  }
  for (Component& component : out.list) {
    std::sort(component.opportunities.begin(), component.opportunities.end());
    for (size_t i = 0; i < component.opportunities.size(); ++i) {
      out.opportunity_local[component.opportunities[i]] = static_cast<int>(i);
    }
  }
  return out;
}

// The cost of using edge number `position` (in canonical order) of a component with `edges`
// edges, where at most `max_assigned` edges can carry flow. Negative: assigning always pays.
// The tie-break term, between 1 and the per-edge budget, is largest for the first pair in id
// order, so among equal-weight assignments the one using earlier (person, opportunity) pairs
// wins; it also makes a zero-weight pair still worth taking.
int64_t EdgeCost(const CanonicalEdge& e, int64_t position, int64_t edges, int64_t max_assigned) {
  const int64_t budget = std::max<int64_t>(1, (kTieSpan - 1) / std::max<int64_t>(1, max_assigned));
  const int64_t tie = 1 + (edges - 1 - position) * (budget - 1) / std::max<int64_t>(1, edges - 1);
  return -(e.weight_milli * kTieSpan + tie);
}

Status CheckOptimal(bool optimal) {
  if (!optimal) return Status::Internal("the allocation flow has no optimal solution");
  return Status::Ok();
}

// Solves one component as a min-cost circulation: source -> person (capacity 1), person ->
// opportunity (capacity 1, cost from EdgeCost), opportunity -> sink (its places left), and a
// free sink -> source arc, so the amount of flow is whatever minimises the cost. Sets
// `chosen[i]` for the component's edges that carry flow.
Status SolveComponent(const Component& component, const Components& components,
                      const CanonicalProblem& canonical, Algorithm algorithm,
                      std::vector<const CanonicalEdge*>& chosen) {
  using Graph = lemon::SmartDigraph;
  const int people = static_cast<int>(component.people.size());
  const int opportunities = static_cast<int>(component.opportunities.size());
  const int edges = static_cast<int>(component.edges.size());

  Graph graph;
  graph.reserveNode(people + opportunities + 2);
  graph.reserveArc(edges + people + opportunities + 1);
  const Graph::Node source = graph.addNode();
  const Graph::Node sink = graph.addNode();
  std::vector<Graph::Node> person_node(people);
  std::vector<Graph::Node> opportunity_node(opportunities);
  for (auto& node : person_node) node = graph.addNode();
  for (auto& node : opportunity_node) node = graph.addNode();

  Graph::ArcMap<int> capacity(graph);
  Graph::ArcMap<int64_t> cost(graph, 0);
  int64_t room = 0;
  for (int i = 0; i < people; ++i) capacity[graph.addArc(source, person_node[i])] = 1;
  for (int i = 0; i < opportunities; ++i) {
    const int places = canonical.capacity[component.opportunities[i]];
    capacity[graph.addArc(opportunity_node[i], sink)] = places;
    room += places;
  }
  capacity[graph.addArc(sink, source)] = people;

  const int64_t max_assigned = std::min<int64_t>(people, room);
  std::vector<Graph::Arc> edge_arc(edges);
  for (int i = 0; i < edges; ++i) {
    const CanonicalEdge& e = *component.edges[i];
    const Graph::Arc arc =
        graph.addArc(person_node[components.person_local[e.person]],
                     opportunity_node[components.opportunity_local[e.opportunity]]);
    capacity[arc] = 1;
    cost[arc] = EdgeCost(e, i, edges, max_assigned);
    edge_arc[i] = arc;
  }

  auto collect = [&](const auto& algo) {
    for (int i = 0; i < edges; ++i) {
      if (algo.flow(edge_arc[i]) > 0) chosen.push_back(component.edges[i]);
    }
  };
  if (algorithm == Algorithm::kCostScaling) {
    using Algo = lemon::CostScaling<Graph, int, int64_t>;
    Algo algo(graph);
    algo.upperMap(capacity).costMap(cost);
    HW_RETURN_IF_ERROR(CheckOptimal(algo.run() == Algo::OPTIMAL));
    collect(algo);
  } else {
    using Algo = lemon::NetworkSimplex<Graph, int, int64_t>;
    Algo algo(graph);
    algo.upperMap(capacity).costMap(cost);
    // Candidate-list pricing measured faster than the default block search on these graphs
    // (bench/allocation_bench.cc: about 40% less time at 100,000 people).
    HW_RETURN_IF_ERROR(CheckOptimal(algo.run(Algo::CANDIDATE_LIST) == Algo::OPTIMAL));
    collect(algo);
  }
  return Status::Ok();
}

Solution Assemble(const Problem& problem, const CanonicalProblem& canonical,
                  const std::vector<const CanonicalEdge*>& chosen) {
  const int people = static_cast<int>(canonical.person_at.size());
  std::vector<const CanonicalEdge*> placement_of(people, nullptr);
  for (const CanonicalEdge* e : chosen) placement_of[e->person] = e;
  std::vector<char> has_candidates(people, 0);
  for (const CanonicalEdge& e : canonical.edges) has_candidates[e.person] = 1;

  Solution solution;
  solution.placements.reserve(chosen.size());
  for (int rank = 0; rank < people; ++rank) {
    const std::string& person_id = problem.people[canonical.person_at[rank]].id;
    if (const CanonicalEdge* e = placement_of[rank]) {
      const double score = problem.candidates[e->candidate].score;
      const double weight = static_cast<double>(e->weight_milli) / kMilli;
      solution.placements.push_back(
          {person_id, problem.opportunities[canonical.opportunity_at[e->opportunity]].id, score,
           weight});
      solution.total_score += score;
      solution.objective_milli += e->weight_milli;
    } else {
      solution.unplaced.push_back({person_id, has_candidates[rank]
                                                  ? UnplacedReason::kOutweighed
                                                  : UnplacedReason::kNoCandidates});
    }
  }
  solution.objective = static_cast<double>(solution.objective_milli) / kMilli;
  return solution;
}

}  // namespace

StatusOr<Solution> Solve(const Problem& problem, const Options& options) {
  const auto started = std::chrono::steady_clock::now();
  HW_ASSIGN_OR_RETURN(CanonicalProblem canonical, internal::Canonicalize(problem, options));

  const Components components = SplitComponents(canonical);
  std::vector<const CanonicalEdge*> chosen;
  for (const Component& component : components.list) {
    HW_RETURN_IF_ERROR(SolveComponent(component, components, canonical, options.algorithm, chosen));
  }

  Solution solution = Assemble(problem, canonical, chosen);
  solution.greedy = internal::Greedy(problem, canonical);
  solution.stats.people = static_cast<int>(problem.people.size());
  solution.stats.opportunities = static_cast<int>(problem.opportunities.size());
  solution.stats.edges = static_cast<int>(canonical.edges.size());
  solution.stats.components = static_cast<int>(components.list.size());
  solution.stats.elapsed_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return solution;
}

StatusOr<GreedyOutcome> SolveGreedy(const Problem& problem, const Options& options) {
  HW_ASSIGN_OR_RETURN(CanonicalProblem canonical, internal::Canonicalize(problem, options));
  return internal::Greedy(problem, canonical);
}

void RecordSolution(const Solution& solution, model::Allocation& allocation) {
  allocation.assignments.clear();
  allocation.assignments.reserve(solution.placements.size());
  for (const Placement& p : solution.placements) {
    allocation.assignments.push_back({p.person_id, p.opportunity_id, p.score});
  }
  allocation.unassigned.clear();
  for (const Unplaced& u : solution.unplaced) {
    allocation.unassigned.push_back({u.person_id, ToString(u.reason)});
  }
  allocation.objective = solution.objective;
  model::AllocationStats& stats = allocation.stats;
  stats.people = solution.stats.people;
  stats.opportunities = solution.stats.opportunities;
  stats.edges = solution.stats.edges;
  stats.components = solution.stats.components;
  stats.objective = solution.objective;
  stats.elapsed_ms = solution.stats.elapsed_ms;
  stats.total_score = solution.total_score;
  stats.greedy_assigned = solution.greedy.assigned;
  stats.greedy_total_score = solution.greedy.total_score;
}

const char* ToString(UnplacedReason reason) {
  switch (reason) {
    case UnplacedReason::kNoCandidates:
      return "no_candidates";
    case UnplacedReason::kOutweighed:
      return "outweighed";
  }
  return "no_candidates";
}

}  // namespace homeward::allocation
