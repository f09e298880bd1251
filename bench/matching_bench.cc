// Matching benchmarks (docs/matching.md, "Benchmarks"): top-k queries over the columnar index,
// a plain pass over the same columns as a baseline, and the latency of a write.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <map>
#include <memory>

#include "homeward/matching/match_index.h"
#include "matching_synthetic.h"

namespace homeward::bench {
namespace {

const Date kToday{2026, 11, 28};

// A policy with national-looking market figures and no rules, the same for every province.
class BenchPolicy : public policy::ProvincePolicy {
 public:
  BenchPolicy() {
    market_.living_wage = 250;
    market_.poverty_line = 60;
    market_.minimum_wage = 208;
    std::array<double, 12> demand;
    demand.fill(1.2);
    market_.sector_demand["garment"] = demand;
  }
  const std::string& Province() const override { return name_; }
  const std::string& Source() const override { return name_; }
  const model::MarketData& Market() const override { return market_; }
  policy::MatchWeights AdjustWeights(const policy::MatchWeights& d) const override { return d; }
  policy::VulnerabilityWeights AdjustVulnerability(
      const policy::VulnerabilityWeights& d) const override {
    return d;
  }
  std::vector<policy::RuleEffect> JobRules(const model::Individual&,
                                           const model::Vacancy&) const override {
    return {};
  }
  std::vector<policy::RuleEffect> TrainingRules(const model::Individual&,
                                                const model::Training&) const override {
    return {};
  }
  std::vector<model::ScreeningFlag> ScreenVacancy(const model::Vacancy&,
                                                  const model::Employer&) const override {
    return {};
  }

 private:
  std::string name_ = "bench";
  model::MarketData market_;
};

class BenchPolicies : public policy::PolicyProvider {
 public:
  std::shared_ptr<const policy::ProvincePolicy> ForProvince(std::string_view) const override {
    return policy_;
  }

 private:
  std::shared_ptr<const BenchPolicy> policy_ = std::make_shared<BenchPolicy>();
};

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
  BenchPolicies policies;
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

void BM_ScanIndex(benchmark::State& state) {
  Fixture& f = Vacancies(static_cast<int>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(f.index.ScanVacancyColumns());
}
BENCHMARK(BM_ScanIndex)->Arg(10000)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMicrosecond);

void BM_TopCandidatesForVacancy(benchmark::State& state) {
  Fixture& f = People(static_cast<int>(state.range(0)));
  BenchPolicies policies;
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
