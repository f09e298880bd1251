#include "internal/ranking.h"

#include <functional>
#include <limits>

namespace homeward::matching::internal {

double ShortlistFloor(const std::vector<Scored>& scored, size_t k) {
  if (k == 0 || scored.size() < k) return -std::numeric_limits<double>::infinity();
  std::vector<double> lows;
  lows.reserve(scored.size());
  for (const Scored& s : scored) lows.push_back(s.rank + s.rules.least);
  std::nth_element(lows.begin(), lows.begin() + static_cast<ptrdiff_t>(k - 1), lows.end(),
                   std::greater<>());
  return lows[k - 1] - kRankRounding;
}

void Shortlist(std::vector<Scored>& scored, size_t k) {
  if (scored.size() <= k || k == 0) return;
  const double floor = ShortlistFloor(scored, k);
  scored.erase(std::remove_if(scored.begin(), scored.end(),
                              [floor](const Scored& s) { return s.rank + s.rules.most < floor; }),
               scored.end());
}

void SortAndCut(std::vector<Match>& matches, size_t k, bool candidates) {
  auto rank = [candidates](const Match& m) {
    return candidates ? m.score + kVulnerabilityRankWeight * m.vulnerability : m.score;
  };
  std::sort(matches.begin(), matches.end(), [&](const Match& a, const Match& b) {
    const double ra = rank(a), rb = rank(b);
    if (ra != rb) return ra > rb;
    if (a.kind != b.kind) return a.kind < b.kind;
    return (candidates ? a.individual_id < b.individual_id : a.opportunity_id < b.opportunity_id);
  });
  if (matches.size() > k) matches.resize(k);
}

}  // namespace homeward::matching::internal
