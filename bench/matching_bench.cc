// Matching benchmarks (docs/matching.md, "Benchmarks"): top-k queries over the columnar index,
// a plain pass over the same columns as a baseline, and the latency of a write.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <map>
#include <memory>

#include "fake_policy.h"
#include "homeward/matching/match_index.h"
#include "matching_synthetic.h"

namespace homeward::bench {
namespace {

const Date kToday{2026, 11, 28};

// One policy for every province: national-looking market figures, flat garment demand, no rules.
testing::FakePolicies BenchPolicies() {
  auto policy = std::make_shared<testing::FakePolicy>("bench", "bench");
  policy->market().sector_demand["garment"].fill(1.2);
  return testing::FakePolicies(std::move(policy));
}

// One index per size, built on first use and shared by the benchmarks of that size.
struct Fixture {
  matching::MatchIndex index;
  std::vector<model::Individual> people;  // query subjects
  std::vector<std::string> vacancy_ids;
};

Fixture& Vacancies(int n) {
  static std::map<int, std::unique_ptr<Fixture>> fixtures;
  auto& slot = fixtures[n];
  if (!slot) {
    slot = std::make_unique<Fixture>();
    MatchingWorld world(42);
    for (int i = 0; i < n; ++i) slot->index.UpsertVacancy(world.Vacancy(i));
    for (int i = 0; i < 256; ++i) slot->people.push_back(world.Person(i));
  }
  return *slot;
}

Fixture& People(int n) {
  static std::map<int, std::unique_ptr<Fixture>> fixtures;
  auto& slot = fixtures[n];
  if (!slot) {
    slot = std::make_unique<Fixture>();
    MatchingWorld world(7);
    for (int i = 0; i < n; ++i) slot->index.UpsertIndividual(world.Person(i));
    for (int i = 0; i < 256; ++i) {
      model::Vacancy v = world.Vacancy(i);
      slot->vacancy_ids.push_back(v.meta.id);
      slot->index.UpsertVacancy(v);
    }
  }
  return *slot;
}

void BM_TopJobsForPerson(benchmark::State& state) {
  Fixture& f = Vacancies(static_cast<int>(state.range(0)));
  const testing::FakePolicies policies = BenchPolicies();
  size_t i = 0;
  size_t found = 0;
  for (auto _ : state) {
    auto top = f.index.TopOpportunities(f.people[i++ % f.people.size()], matching::Kind::kJob, 10,
                                        policies, kToday);
    found += top->size();
    benchmark::DoNotOptimize(top);
  }
  state.counters["matches_per_query"] =
      static_cast<double>(found) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_TopJobsForPerson)
    ->Arg(10000)
    ->Arg(100000)
    ->Arg(1000000)
    ->Unit(benchmark::kMicrosecond);

// kind=all for people of a city whose vacancies are mostly within their reach, as Phnom
// Penh's are at `homeward-demo --scale 500` (224,712 of 750,000): the scan scores every row in
// reach, for the skill gap that weighs trainings (no trainings here: the scan and the gap alone).
void BM_TopAllForPersonInOneCity(benchmark::State& state) {
  static std::map<int, std::unique_ptr<Fixture>> fixtures;
  const int n = static_cast<int>(state.range(0));
  auto& f = fixtures[n];
  if (!f) {
    f = std::make_unique<Fixture>();
    MatchingWorld world(11, "KH-12");
    for (int i = 0; i < n; ++i) f->index.UpsertVacancy(world.Vacancy(i));
    for (int i = 0; i < 256; ++i) f->people.push_back(world.Person(i));
  }
  const testing::FakePolicies policies = BenchPolicies();
  size_t i = 0;
  for (auto _ : state) {
    auto top = f->index.TopOpportunities(f->people[i++ % f->people.size()], matching::Kind::kAll,
                                         10, policies, kToday);
    benchmark::DoNotOptimize(top);
  }
}
BENCHMARK(BM_TopAllForPersonInOneCity)->Arg(200000)->Unit(benchmark::kMicrosecond);

void BM_ScanIndex(benchmark::State& state) {
  Fixture& f = Vacancies(static_cast<int>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(f.index.ScanVacancyColumns());
}
BENCHMARK(BM_ScanIndex)->Arg(10000)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMicrosecond);

void BM_TopCandidatesForVacancy(benchmark::State& state) {
  Fixture& f = People(static_cast<int>(state.range(0)));
  const testing::FakePolicies policies = BenchPolicies();
  size_t i = 0;
  size_t found = 0;
  for (auto _ : state) {
    auto top =
        f.index.TopCandidates(f.vacancy_ids[i++ % f.vacancy_ids.size()], 10, policies, kToday);
    found += top->size();
    benchmark::DoNotOptimize(top);
  }
  state.counters["matches_per_query"] =
      static_cast<double>(found) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_TopCandidatesForVacancy)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMicrosecond);

// Time from the start of a vacancy write until a query may see it: the write itself (a query
// that starts after UpsertVacancy returns sees the new row).
void BM_IndexUpdate(benchmark::State& state) {
  Fixture& f = Vacancies(100000);
  MatchingWorld world(99);
  std::vector<model::Vacancy> changes;
  for (int i = 0; i < 1024; ++i) {
    model::Vacancy v = world.Vacancy(i * 97);  // ids that exist in the index
    changes.push_back(v);
  }
  size_t i = 0;
  for (auto _ : state) f.index.UpsertVacancy(changes[i++ % changes.size()]);
}
BENCHMARK(BM_IndexUpdate)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace homeward::bench

BENCHMARK_MAIN();
