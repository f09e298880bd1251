#include "internal/ranking.h"

#include <functional>
#include <limits>

namespace homeward::matching::internal {

void Shortlist(std::vector<Scored>& scored, size_t k) {
  if (scored.size() <= k || k == 0) return;
  auto better = [](const Scored& a, const Scored& b) { return a.rank > b.rank; };
  std::nth_element(scored.begin(), scored.begin() + static_cast<ptrdiff_t>(k - 1), scored.end(),
                   better);
  const double threshold = scored[k - 1].rank - 2 * policy::kMaxRulePoints - 1e-9;
  scored.erase(std::remove_if(scored.begin(), scored.end(),
                              [threshold](const Scored& s) { return s.rank < threshold; }),
               scored.end());
}

double KthBestRank(const std::vector<Scored>& scored, size_t k) {
  if (k == 0 || scored.size() < k) return -std::numeric_limits<double>::infinity();
  std::vector<double> ranks;
  ranks.reserve(scored.size());
  for (const Scored& s : scored) ranks.push_back(s.rank);
  std::nth_element(ranks.begin(), ranks.begin() + static_cast<ptrdiff_t>(k - 1), ranks.end(),
                   std::greater<>());
  return ranks[k - 1];
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
