// Portable random draws for the demo generator. std::mt19937_64's output is fixed by the C++
// standard, but the std:: distributions are not, so ranges are mapped here with integer
// arithmetic and exact double conversions only. Private to the demo component.
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

namespace homeward::demo::internal {

// What a record's stream is drawn for; each record gets a stream of its own, so that one kind
// of record never shifts another when counts change.
enum class Stream : uint64_t {
  kEmployer = 1,
  kVacancyCount,
  kVacancy,
  kTraining,
  kIndividual,
  kProgramme,
  // Two years of history (docs/demo-data.md, "History"): the opportunities of the past and
  // each person's referrals.
  kPastVacancyCount,
  kPastVacancy,
  kPastTraining,
  kPastProgramme,
  kHistory,
};

class Random {
 public:
  explicit Random(uint64_t seed) : engine_(seed) {}
  // The stream for record `index` of kind `stream` under the generator's `seed`.
  Random(uint64_t seed, Stream stream, uint64_t index);

  uint64_t Next() { return engine_(); }
  // An integer in [lo, hi], uniformly (rejection sampling, no modulo bias).
  int64_t Between(int64_t lo, int64_t hi);
  // A double in [0, 1) built from the top 53 bits.
  double Unit();
  // A double in [lo, hi).
  double Uniform(double lo, double hi) { return lo + (hi - lo) * Unit(); }
  // True with probability `p`.
  bool Chance(double p) { return Unit() < p; }
  // An index into `weights`, each chosen in proportion to its (non-negative) weight.
  size_t Weighted(const std::vector<int>& weights);

  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[static_cast<size_t>(Between(0, static_cast<int64_t>(items.size()) - 1))];
  }

 private:
  std::mt19937_64 engine_;
};

}  // namespace homeward::demo::internal
