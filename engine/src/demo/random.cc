#include "internal/random.h"

#include <numeric>

namespace homeward::demo::internal {
namespace {

// SplitMix64's finaliser: spreads nearby inputs (seed, kind, index) over the whole range.
uint64_t Mix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

}  // namespace

Random::Random(uint64_t seed, Stream stream, uint64_t index)
    : engine_(Mix(Mix(Mix(seed) ^ static_cast<uint64_t>(stream)) ^ index)) {}

int64_t Random::Between(int64_t lo, int64_t hi) {
  if (hi <= lo) return lo;
  const uint64_t span = static_cast<uint64_t>(hi - lo) + 1;
  if (span == 0) return static_cast<int64_t>(Next());  // the whole 64-bit range
  // The largest multiple of span that fits; draws above it would favour small results.
  const uint64_t limit = UINT64_MAX - UINT64_MAX % span;
  uint64_t draw;
  do {
    draw = Next();
  } while (draw >= limit);
  return lo + static_cast<int64_t>(draw % span);
}

double Random::Unit() {
  return static_cast<double>(Next() >> 11) * (1.0 / 9007199254740992.0);  // 2^-53
}

size_t Random::Weighted(const std::vector<int>& weights) {
  const int64_t total = std::accumulate(weights.begin(), weights.end(), int64_t{0});
  int64_t draw = Between(0, total - 1);
  for (size_t i = 0; i < weights.size(); ++i) {
    if (draw < weights[i]) return i;
    draw -= weights[i];
  }
  return weights.size() - 1;
}

}  // namespace homeward::demo::internal
