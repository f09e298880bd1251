// BM_Allocate/P/V: a province-wide allocation of P people to V vacancies, each person with 20
// candidate vacancies (as the matching engine's top-K supplies them), places scarce (about half
// as many slots as people). Reports the optimal and greedy placements as counters.
// BM_AllocateAllKinds/P/O: the same with O opportunities of every kind, as `kind=all` gives them:
// vacancies beside trainings and livelihood programmes, which have far more places each.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "homeward/allocation/solver.h"

namespace homeward::allocation {
namespace {

constexpr int kCandidatesPerPerson = 20;

std::string Hex32(std::mt19937_64& rng) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(32, '0');
  for (char& c : out) c = kDigits[rng() % 16];
  return out;
}

// The places an opportunity has: what `kind=all` mixes. Vacancies have 1-10 slots; a training
// cohort 10-40 seats; a livelihood programme round 10-60 places (the demo's provincial
// programmes: grants, inputs and savings groups are given to groups of that size).
enum class Kinds { kVacanciesOnly, kAll };

int Places(Kinds kinds, std::mt19937_64& rng) {
  std::uniform_int_distribution<int> percent(0, 99);
  const int kind = kinds == Kinds::kAll ? percent(rng) : 0;
  if (kind < 86) return std::uniform_int_distribution<int>(1, 10)(rng);   // vacancy
  if (kind < 98) return std::uniform_int_distribution<int>(10, 40)(rng);  // training
  return std::uniform_int_distribution<int>(10, 60)(rng);                 // programme
}

// `districts` > 1 keeps each person's candidates inside their district (vacancies split evenly),
// so the problem falls apart into that many independent components.
Problem MakeProvince(int people, int vacancies, uint64_t seed, int districts = 1,
                     Kinds kinds = Kinds::kVacanciesOnly) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int> tenths(0, 1000);
  const int per_district = vacancies / districts;
  std::uniform_int_distribution<int> vacancy(0, per_district - 1);
  Problem p;
  p.people.reserve(people);
  p.opportunities.reserve(vacancies);
  p.candidates.reserve(static_cast<size_t>(people) * kCandidatesPerPerson);
  for (int j = 0; j < vacancies; ++j) {
    p.opportunities.push_back({"opp_" + Hex32(rng), Places(kinds, rng)});
  }
  std::vector<int> picked;
  for (int i = 0; i < people; ++i) {
    p.people.push_back({"ind_" + Hex32(rng), tenths(rng) / 10.0});
    picked.clear();
    const int first = (i % districts) * per_district;
    while (static_cast<int>(picked.size()) < std::min(kCandidatesPerPerson, per_district)) {
      const int v = first + vacancy(rng);
      if (std::find(picked.begin(), picked.end(), v) == picked.end()) picked.push_back(v);
    }
    for (int v : picked) p.candidates.push_back({i, v, tenths(rng) / 10.0});
  }
  return p;
}

void RunAllocation(benchmark::State& state, const Problem& problem) {
  Solution last;
  for (auto _ : state) {
    auto solution = Solve(problem);
    if (!solution.ok()) {
      state.SkipWithError(solution.status().ToString().c_str());
      return;
    }
    last = std::move(*solution);
    benchmark::DoNotOptimize(last.objective_milli);
  }
  state.counters["edges"] = last.stats.edges;
  state.counters["components"] = last.stats.components;
  state.counters["placed"] = static_cast<double>(last.placements.size());
  state.counters["greedy_placed"] = last.greedy.assigned;
  state.counters["score_gain"] = last.total_score - last.greedy.total_score;
}

void BM_Allocate(benchmark::State& state) {
  RunAllocation(
      state, MakeProvince(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)), 42));
}

// The same sizes split into independent districts: many smaller flows instead of one.
void BM_AllocateByDistrict(benchmark::State& state) {
  RunAllocation(state,
                MakeProvince(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)), 42,
                             static_cast<int>(state.range(2))));
}

// Vacancies, trainings and programmes together; within 1.5x of BM_Allocate at 50000/5000.
void BM_AllocateAllKinds(benchmark::State& state) {
  RunAllocation(state, MakeProvince(static_cast<int>(state.range(0)),
                                    static_cast<int>(state.range(1)), 42, 1, Kinds::kAll));
}

BENCHMARK(BM_Allocate)
    ->Args({5000, 500})
    ->Args({50000, 5000})
    ->Args({100000, 10000})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_AllocateAllKinds)->Args({50000, 5000})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_AllocateByDistrict)
    ->Args({50000, 5000, 20})
    ->Args({50000, 5000, 200})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace homeward::allocation

BENCHMARK_MAIN();
