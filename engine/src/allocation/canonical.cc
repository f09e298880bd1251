#include "internal/canonical.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

namespace homeward::allocation::internal {
namespace {

int64_t ToMilli(double points) {
  return static_cast<int64_t>(std::llround(points * static_cast<double>(kMilli)));
}

bool InPercentRange(double value) {
  return std::isfinite(value) && value >= 0 && value <= 100;
}

// Indices of `items` ordered by id; INVALID_ARGUMENT when two share an id.
template <typename T>
StatusOr<std::vector<int>> OrderById(const std::vector<T>& items, const char* what) {
  std::vector<int> order(items.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int a, int b) { return items[a].id < items[b].id; });
  for (size_t i = 1; i < order.size(); ++i) {
    if (items[order[i - 1]].id == items[order[i]].id) {
      return Status::InvalidArgument(std::string("duplicate ") + what + " id " +
                                     items[order[i]].id);
    }
  }
  return order;
}

std::vector<int> Ranks(const std::vector<int>& order) {
  std::vector<int> rank(order.size());
  for (size_t r = 0; r < order.size(); ++r) rank[order[r]] = static_cast<int>(r);
  return rank;
}

Status CheckInputs(const Problem& problem, const Options& options) {
  if (!std::isfinite(options.vulnerability_weight) || options.vulnerability_weight < 0 ||
      options.vulnerability_weight > 1) {
    return Status::InvalidArgument("vulnerability_weight must lie in [0, 1]");
  }
  if (problem.people.size() > static_cast<size_t>(kMaxPeople)) {
    return Status::InvalidArgument("too many people for one allocation (at most " +
                                   std::to_string(kMaxPeople) + ")");
  }
  if (problem.opportunities.size() > static_cast<size_t>(kMaxPeople) ||
      problem.candidates.size() > static_cast<size_t>(INT32_MAX)) {
    return Status::InvalidArgument("problem too large for one allocation");
  }
  for (const auto& person : problem.people) {
    if (!InPercentRange(person.vulnerability)) {
      return Status::InvalidArgument("vulnerability of " + person.id + " is outside 0..100");
    }
  }
  for (const auto& opportunity : problem.opportunities) {
    if (opportunity.capacity < 0) {
      return Status::InvalidArgument("negative capacity for " + opportunity.id);
    }
  }
  const int people = static_cast<int>(problem.people.size());
  const int opportunities = static_cast<int>(problem.opportunities.size());
  for (const auto& c : problem.candidates) {
    if (c.person < 0 || c.person >= people || c.opportunity < 0 || c.opportunity >= opportunities) {
      return Status::InvalidArgument("a candidate points outside the problem");
    }
    if (!InPercentRange(c.score)) {
      return Status::InvalidArgument("score outside 0..100 for " + problem.people[c.person].id +
                                     " and " + problem.opportunities[c.opportunity].id);
    }
  }
  return Status::Ok();
}

}  // namespace

StatusOr<CanonicalProblem> Canonicalize(const Problem& problem, const Options& options) {
  HW_RETURN_IF_ERROR(CheckInputs(problem, options));
  CanonicalProblem out;
  HW_ASSIGN_OR_RETURN(out.person_at, OrderById(problem.people, "individual"));
  HW_ASSIGN_OR_RETURN(out.opportunity_at, OrderById(problem.opportunities, "opportunity"));
  const std::vector<int> person_rank = Ranks(out.person_at);
  const std::vector<int> opportunity_rank = Ranks(out.opportunity_at);

  const int people = static_cast<int>(problem.people.size());
  out.capacity.resize(out.opportunity_at.size());
  for (size_t r = 0; r < out.opportunity_at.size(); ++r) {
    out.capacity[r] = std::min(problem.opportunities[out.opportunity_at[r]].capacity, people);
  }

  std::vector<int64_t> priority_milli(problem.people.size());
  for (size_t i = 0; i < problem.people.size(); ++i) {
    priority_milli[i] = ToMilli(problem.people[i].vulnerability * options.vulnerability_weight);
  }

  out.edges.reserve(problem.candidates.size());
  for (size_t i = 0; i < problem.candidates.size(); ++i) {
    const Candidate& c = problem.candidates[i];
    const int opportunity = opportunity_rank[c.opportunity];
    if (out.capacity[opportunity] == 0) continue;
    out.edges.push_back({person_rank[c.person], opportunity,
                         ToMilli(c.score) + priority_milli[c.person], static_cast<int>(i)});
  }
  std::sort(out.edges.begin(), out.edges.end(), [](const CanonicalEdge& a, const CanonicalEdge& b) {
    return a.person != b.person ? a.person < b.person : a.opportunity < b.opportunity;
  });
  for (size_t i = 1; i < out.edges.size(); ++i) {
    const CanonicalEdge& a = out.edges[i - 1];
    const CanonicalEdge& b = out.edges[i];
    if (a.person == b.person && a.opportunity == b.opportunity) {
      return Status::InvalidArgument(
          "candidate pair listed twice: " + problem.people[out.person_at[a.person]].id + " and " +
          problem.opportunities[out.opportunity_at[a.opportunity]].id);
    }
  }
  return out;
}

GreedyOutcome Greedy(const Problem& problem, const CanonicalProblem& canonical) {
  const auto& edges = canonical.edges;
  std::vector<int> order(edges.size());
  std::iota(order.begin(), order.end(), 0);
  // Heaviest first; equal weights in canonical (id) order, as the exact solver breaks ties.
  std::stable_sort(order.begin(), order.end(),
                   [&](int a, int b) { return edges[a].weight_milli > edges[b].weight_milli; });
  std::vector<int> room = canonical.capacity;
  std::vector<char> placed(canonical.person_at.size(), 0);
  GreedyOutcome outcome;
  int64_t objective_milli = 0;
  for (int i : order) {
    const CanonicalEdge& e = edges[i];
    if (placed[e.person] || room[e.opportunity] == 0) continue;
    placed[e.person] = 1;
    --room[e.opportunity];
    ++outcome.assigned;
    outcome.total_score += problem.candidates[e.candidate].score;
    objective_milli += e.weight_milli;
  }
  outcome.objective = static_cast<double>(objective_milli) / kMilli;
  return outcome;
}

}  // namespace homeward::allocation::internal
