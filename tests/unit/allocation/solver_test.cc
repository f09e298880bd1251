#include "homeward/allocation/solver.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <lemon/cost_scaling.h>
#include <lemon/smart_graph.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <numeric>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "status_matchers.h"

namespace homeward::allocation {
namespace {

using ::homeward::testing::IsOk;
using ::homeward::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::IsEmpty;

std::string PersonId(int i) {
  return "ind_" + std::to_string(1000 + i);
}
std::string OpportunityId(int i) {
  return "vac_" + std::to_string(1000 + i);
}

// A random instance: each person gets up to `max_degree` distinct candidate opportunities.
// Scores are drawn from a small set so that ties are common.
Problem RandomProblem(std::mt19937& rng, int people, int opportunities, int max_degree,
                      int max_capacity) {
  Problem p;
  std::uniform_int_distribution<int> vulnerability(0, 4);
  std::uniform_int_distribution<int> capacity(0, max_capacity);
  std::uniform_int_distribution<int> score(0, 20);
  std::uniform_int_distribution<int> degree(0, std::min(max_degree, opportunities));
  for (int i = 0; i < people; ++i) p.people.push_back({PersonId(i), 25.0 * vulnerability(rng)});
  for (int j = 0; j < opportunities; ++j)
    p.opportunities.push_back({OpportunityId(j), capacity(rng)});
  std::vector<int> all(opportunities);
  std::iota(all.begin(), all.end(), 0);
  for (int i = 0; i < people; ++i) {
    std::shuffle(all.begin(), all.end(), rng);
    const int d = degree(rng);
    for (int k = 0; k < d; ++k) p.candidates.push_back({i, all[k], 5.0 * score(rng)});
  }
  return p;
}

int64_t WeightMilli(const Problem& p, const Candidate& c, double vulnerability_weight) {
  return std::llround(c.score * 1000) +
         std::llround(p.people[c.person].vulnerability * vulnerability_weight * 1000);
}

// The best objective over every assignment, by enumeration.
int64_t BruteForceBest(const Problem& p, double vulnerability_weight) {
  std::vector<std::vector<Candidate>> by_person(p.people.size());
  for (const Candidate& c : p.candidates) by_person[c.person].push_back(c);
  std::vector<int> room;
  for (const auto& o : p.opportunities) room.push_back(o.capacity);
  int64_t best = 0;
  std::function<void(size_t, int64_t)> visit = [&](size_t person, int64_t total) {
    if (person == by_person.size()) {
      best = std::max(best, total);
      return;
    }
    visit(person + 1, total);  // this person left out
    for (const Candidate& c : by_person[person]) {
      if (room[c.opportunity] == 0) continue;
      --room[c.opportunity];
      visit(person + 1, total + WeightMilli(p, c, vulnerability_weight));
      ++room[c.opportunity];
    }
  };
  visit(0, 0);
  return best;
}

// The best objective by a formulation independent of the solver's: each person supplies one
// unit that reaches the sink through an opportunity (earning its weight) or through a free
// bypass arc, solved with LEMON's cost scaling on unperturbed costs.
int64_t CostScalingBest(const Problem& p, double vulnerability_weight) {
  lemon::SmartDigraph g;
  std::vector<lemon::SmartDigraph::Node> person, opportunity;
  for (size_t i = 0; i < p.people.size(); ++i) person.push_back(g.addNode());
  for (size_t j = 0; j < p.opportunities.size(); ++j) opportunity.push_back(g.addNode());
  const auto sink = g.addNode();
  lemon::SmartDigraph::ArcMap<int> upper(g);
  lemon::SmartDigraph::ArcMap<int64_t> cost(g, 0);
  lemon::SmartDigraph::NodeMap<int> supply(g, 0);
  for (size_t i = 0; i < p.people.size(); ++i) {
    supply[person[i]] = 1;
    upper[g.addArc(person[i], sink)] = 1;
  }
  supply[sink] = -static_cast<int>(p.people.size());
  for (size_t j = 0; j < p.opportunities.size(); ++j) {
    upper[g.addArc(opportunity[j], sink)] = p.opportunities[j].capacity;
  }
  for (const Candidate& c : p.candidates) {
    const auto arc = g.addArc(person[c.person], opportunity[c.opportunity]);
    upper[arc] = 1;
    cost[arc] = -WeightMilli(p, c, vulnerability_weight);
  }
  lemon::CostScaling<lemon::SmartDigraph, int, int64_t> algo(g);
  algo.upperMap(upper).costMap(cost).supplyMap(supply);
  EXPECT_EQ(algo.run(), decltype(algo)::OPTIMAL);
  return -algo.totalCost();
}

// Every constraint a user relies on: only candidate pairs, one opportunity per person, no
// capacity exceeded, everyone either placed or listed as unplaced (exactly once).
void ExpectFeasible(const Problem& p, const Solution& s) {
  std::map<std::pair<std::string, std::string>, double> candidates;
  for (const Candidate& c : p.candidates) {
    candidates[{p.people[c.person].id, p.opportunities[c.opportunity].id}] = c.score;
  }
  std::map<std::string, int> capacity;
  for (const auto& o : p.opportunities) capacity[o.id] = o.capacity;
  std::map<std::string, int> used;
  std::set<std::string> seen;
  for (const Placement& placement : s.placements) {
    auto it = candidates.find({placement.person_id, placement.opportunity_id});
    ASSERT_NE(it, candidates.end()) << placement.person_id << " -> " << placement.opportunity_id;
    EXPECT_EQ(placement.score, it->second);
    EXPECT_TRUE(seen.insert(placement.person_id).second) << placement.person_id << " placed twice";
    ++used[placement.opportunity_id];
  }
  for (const auto& [id, count] : used) EXPECT_LE(count, capacity[id]) << id;
  for (const Unplaced& u : s.unplaced) {
    EXPECT_TRUE(seen.insert(u.person_id).second) << u.person_id << " listed twice";
  }
  EXPECT_EQ(seen.size(), p.people.size());
}

TEST(SolverTest, MatchesBruteForceOnRandomSmallInstances) {
  std::mt19937 rng(7);
  for (int round = 0; round < 400; ++round) {
    std::uniform_int_distribution<int> size(1, 7);
    const Problem p = RandomProblem(rng, size(rng), size(rng), 4, 2);
    for (double w : {0.0, 0.25, 1.0}) {
      Options options;
      options.vulnerability_weight = w;
      ASSERT_OK_AND_ASSIGN(Solution s, Solve(p, options));
      ExpectFeasible(p, s);
      ASSERT_EQ(s.objective_milli, BruteForceBest(p, w)) << "round " << round << " w " << w;
      ASSERT_OK_AND_ASSIGN(GreedyOutcome greedy, SolveGreedy(p, options));
      EXPECT_LE(std::llround(greedy.objective * 1000), s.objective_milli);
    }
  }
}

TEST(SolverTest, EqualsCostScalingOnRandomMediumInstances) {
  std::mt19937 rng(11);
  for (int round = 0; round < 500; ++round) {
    std::uniform_int_distribution<int> people(10, 80), opportunities(3, 30);
    const Problem p = RandomProblem(rng, people(rng), opportunities(rng), 6, 4);
    ASSERT_OK_AND_ASSIGN(Solution simplex, Solve(p));
    ExpectFeasible(p, simplex);
    ASSERT_EQ(simplex.objective_milli, CostScalingBest(p, Options{}.vulnerability_weight))
        << "round " << round;
    Options scaling;
    scaling.algorithm = Algorithm::kCostScaling;
    ASSERT_OK_AND_ASSIGN(Solution scaled, Solve(p, scaling));
    ExpectFeasible(p, scaled);
    ASSERT_EQ(scaled.objective_milli, simplex.objective_milli) << "round " << round;
  }
}

// The same problem with people, opportunities and candidates listed in another order.
Problem Shuffled(const Problem& p, std::mt19937& rng) {
  std::vector<int> person_order(p.people.size()), opportunity_order(p.opportunities.size());
  std::iota(person_order.begin(), person_order.end(), 0);
  std::iota(opportunity_order.begin(), opportunity_order.end(), 0);
  std::shuffle(person_order.begin(), person_order.end(), rng);
  std::shuffle(opportunity_order.begin(), opportunity_order.end(), rng);
  std::vector<int> person_at(p.people.size()), opportunity_at(p.opportunities.size());
  Problem q;
  for (size_t i = 0; i < person_order.size(); ++i) {
    person_at[person_order[i]] = static_cast<int>(i);
    q.people.push_back(p.people[person_order[i]]);
  }
  for (size_t j = 0; j < opportunity_order.size(); ++j) {
    opportunity_at[opportunity_order[j]] = static_cast<int>(j);
    q.opportunities.push_back(p.opportunities[opportunity_order[j]]);
  }
  for (const Candidate& c : p.candidates) {
    q.candidates.push_back({person_at[c.person], opportunity_at[c.opportunity], c.score});
  }
  std::shuffle(q.candidates.begin(), q.candidates.end(), rng);
  return q;
}

std::vector<std::pair<std::string, std::string>> Pairs(const Solution& s) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const Placement& placement : s.placements) {
    out.emplace_back(placement.person_id, placement.opportunity_id);
  }
  return out;
}

TEST(SolverTest, ShuffledInputGivesIdenticalOutput) {
  std::mt19937 rng(23);
  for (int round = 0; round < 100; ++round) {
    const Problem p = RandomProblem(rng, 40, 12, 5, 3);
    ASSERT_OK_AND_ASSIGN(Solution first, Solve(p));
    for (int k = 0; k < 3; ++k) {
      ASSERT_OK_AND_ASSIGN(Solution again, Solve(Shuffled(p, rng)));
      ASSERT_EQ(Pairs(again), Pairs(first)) << "round " << round;
      EXPECT_EQ(again.objective_milli, first.objective_milli);
      EXPECT_EQ(again.greedy.assigned, first.greedy.assigned);
    }
  }
}

TEST(SolverTest, EqualAlternativesGoToTheEarlierIds) {
  Problem p;
  p.people = {{"ind_b", 0}, {"ind_a", 0}};
  p.opportunities = {{"vac_y", 1}, {"vac_x", 1}};
  // Each person is worth the same in either place; only one of them can take vac_x's place
  // and one vac_y's, so every full assignment ties.
  p.candidates = {{0, 0, 50}, {0, 1, 50}, {1, 0, 50}, {1, 1, 50}};
  ASSERT_OK_AND_ASSIGN(Solution s, Solve(p));
  EXPECT_THAT(Pairs(s), ElementsAre(std::pair<std::string, std::string>{"ind_a", "vac_x"},
                                    std::pair<std::string, std::string>{"ind_b", "vac_y"}));

  Problem one_place;
  one_place.people = {{"ind_b", 0}, {"ind_a", 0}};
  one_place.opportunities = {{"vac_x", 1}};
  one_place.candidates = {{0, 0, 70}, {1, 0, 70}};
  ASSERT_OK_AND_ASSIGN(Solution t, Solve(one_place));
  EXPECT_THAT(Pairs(t), ElementsAre(std::pair<std::string, std::string>{"ind_a", "vac_x"}));
}

TEST(SolverTest, TheMoreVulnerablePersonWinsAContestedPlace) {
  Problem p;
  p.people = {{"ind_a", 10}, {"ind_b", 90}};
  p.opportunities = {{"vac_x", 1}};
  p.candidates = {{0, 0, 70}, {1, 0, 60}};  // a fits 10 points better; b is 80 more vulnerable
  ASSERT_OK_AND_ASSIGN(Solution s, Solve(p));
  EXPECT_THAT(Pairs(s), ElementsAre(std::pair<std::string, std::string>{"ind_b", "vac_x"}));
  EXPECT_DOUBLE_EQ(s.objective, 60 + 0.25 * 90);
  EXPECT_DOUBLE_EQ(s.total_score, 60);

  Options no_priority;
  no_priority.vulnerability_weight = 0;
  ASSERT_OK_AND_ASSIGN(Solution t, Solve(p, no_priority));
  EXPECT_THAT(Pairs(t), ElementsAre(std::pair<std::string, std::string>{"ind_a", "vac_x"}));
}

TEST(SolverTest, PlacesMorePeopleThanGreedyWhenItMatters) {
  Problem p;
  p.people = {{"ind_a", 0}, {"ind_b", 0}};
  p.opportunities = {{"vac_x", 1}, {"vac_y", 1}};
  // Greedy gives vac_x to ind_a (its best pair) and leaves ind_b, who can only take vac_x, out.
  p.candidates = {{0, 0, 90}, {0, 1, 80}, {1, 0, 85}};
  ASSERT_OK_AND_ASSIGN(Solution s, Solve(p));
  EXPECT_THAT(Pairs(s), ElementsAre(std::pair<std::string, std::string>{"ind_a", "vac_y"},
                                    std::pair<std::string, std::string>{"ind_b", "vac_x"}));
  EXPECT_DOUBLE_EQ(s.total_score, 165);
  EXPECT_EQ(s.greedy.assigned, 1);
  EXPECT_DOUBLE_EQ(s.greedy.total_score, 90);
}

TEST(SolverTest, ZeroWeightPairsAreStillTakenAndFullOnesNever) {
  Problem p;
  p.people = {{"ind_a", 0}, {"ind_b", 0}, {"ind_c", 0}};
  p.opportunities = {{"vac_full", 0}, {"vac_x", 1}};
  p.candidates = {{0, 1, 0}, {1, 0, 100}, {2, 1, 0}};
  ASSERT_OK_AND_ASSIGN(Solution s, Solve(p));
  EXPECT_THAT(Pairs(s), ElementsAre(std::pair<std::string, std::string>{"ind_a", "vac_x"}));
  EXPECT_THAT(s.unplaced,
              ElementsAre(AllOf(Field(&Unplaced::person_id, "ind_b"),
                                Field(&Unplaced::reason, UnplacedReason::kNoCandidates)),
                          AllOf(Field(&Unplaced::person_id, "ind_c"),
                                Field(&Unplaced::reason, UnplacedReason::kOutweighed))));
  EXPECT_EQ(s.stats.edges, 2);  // the pair to the full vacancy is dropped
}

TEST(SolverTest, IndependentGroupsAreSolvedSeparately) {
  Problem p;
  p.people = {{"ind_a", 0}, {"ind_b", 0}, {"ind_c", 0}, {"ind_d", 0}};
  p.opportunities = {{"vac_x", 1}, {"vac_y", 1}, {"trn_z", 2}};
  p.candidates = {{0, 0, 50}, {1, 0, 40}, {2, 1, 30}, {3, 2, 20}};
  ASSERT_OK_AND_ASSIGN(Solution s, Solve(p));
  EXPECT_EQ(s.stats.components, 3);
  EXPECT_EQ(s.stats.people, 4);
  EXPECT_EQ(s.stats.opportunities, 3);
  EXPECT_EQ(s.placements.size(), 3u);
}

TEST(SolverTest, TheStoredRecordCarriesAssignmentsReasonsAndTheGreedyComparison) {
  Problem p;
  p.people = {{"ind_a", 0}, {"ind_b", 0}, {"ind_c", 0}};
  p.opportunities = {{"vac_x", 1}, {"vac_y", 1}};
  p.candidates = {{0, 0, 90}, {0, 1, 80}, {1, 0, 85}};
  ASSERT_OK_AND_ASSIGN(Solution s, Solve(p));
  model::Allocation record;
  record.province = "KH-14";
  RecordSolution(s, record);
  ASSERT_EQ(record.assignments.size(), 2u);
  EXPECT_EQ(record.assignments[0].individual_id, "ind_a");
  EXPECT_EQ(record.assignments[0].opportunity_id, "vac_y");
  EXPECT_EQ(record.assignments[0].score, 80);
  ASSERT_EQ(record.unassigned.size(), 1u);
  EXPECT_EQ(record.unassigned[0].individual_id, "ind_c");
  EXPECT_EQ(record.unassigned[0].reason, "no_candidates");
  EXPECT_EQ(record.province, "KH-14");
  EXPECT_DOUBLE_EQ(record.objective, 165);
  EXPECT_EQ(record.stats.people, 3);
  EXPECT_EQ(record.stats.edges, 3);
  EXPECT_DOUBLE_EQ(record.stats.total_score, 165);
  EXPECT_EQ(record.stats.greedy_assigned, 1);
  EXPECT_DOUBLE_EQ(record.stats.greedy_total_score, 90);
}

TEST(SolverTest, AnEmptyProblemPlacesNoOne) {
  ASSERT_OK_AND_ASSIGN(Solution s, Solve(Problem{}));
  EXPECT_THAT(s.placements, IsEmpty());
  EXPECT_THAT(s.unplaced, IsEmpty());
  EXPECT_EQ(s.objective_milli, 0);
}

TEST(SolverTest, RefusesMalformedProblems) {
  Problem base;
  base.people = {{"ind_a", 50}};
  base.opportunities = {{"vac_x", 1}};
  base.candidates = {{0, 0, 50}};
  ASSERT_THAT(Solve(base), IsOk());

  auto refused = [](Problem p, Options options = {}) {
    return Solve(p, options).status().code() == StatusCode::kInvalidArgument;
  };
  Problem p = base;
  p.people.push_back({"ind_a", 0});
  EXPECT_TRUE(refused(p)) << "duplicate person id";
  p = base;
  p.opportunities.push_back({"vac_x", 1});
  EXPECT_TRUE(refused(p)) << "duplicate opportunity id";
  p = base;
  p.candidates.push_back({0, 0, 40});
  EXPECT_TRUE(refused(p)) << "pair listed twice";
  p = base;
  p.candidates[0].score = 100.5;
  EXPECT_TRUE(refused(p)) << "score above 100";
  p = base;
  p.candidates[0].score = std::nan("");
  EXPECT_TRUE(refused(p)) << "score not a number";
  p = base;
  p.people[0].vulnerability = -1;
  EXPECT_TRUE(refused(p)) << "negative vulnerability";
  p = base;
  p.opportunities[0].capacity = -1;
  EXPECT_TRUE(refused(p)) << "negative capacity";
  p = base;
  p.candidates[0].opportunity = 1;
  EXPECT_TRUE(refused(p)) << "candidate outside the problem";
  Options options;
  options.vulnerability_weight = 2;
  EXPECT_TRUE(refused(base, options)) << "weight out of range";
  EXPECT_THAT(SolveGreedy(p), StatusIs(StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace homeward::allocation
