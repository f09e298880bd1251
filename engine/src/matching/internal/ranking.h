// Ranking a query's scored rows: the shortlist that rules can still reorder, the rules asked
// for in batches, those that could rank best first, and the k explained matches in their final
// order. Pure; one call per query.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <queue>
#include <string>
#include <vector>

#include "homeward/matching/match.h"
#include "homeward/matching/match_index.h"
#include "internal/core.h"

namespace homeward::matching::internal {

struct Scored {
  double rank;       // what the shortlist orders by: the base score (+ vulnerability term)
  uint32_t row;      // in the table of `kind` (programmes: in TopOpportunities' list of them)
  double base;       // the weighted sum of components
  double extra = 0;  // candidates: kVulnerabilityRankWeight * vulnerability
  model::OpportunityKind kind = model::OpportunityKind::kJob;
  policy::RuleRange rules = {};  // what the pair's rules can move its score by (PairRuleRange)
};

// How far a final rank may lie beyond rank + rules.least or rank + rules.most: the rounding of a
// score to two decimals.
inline constexpr double kRankRounding = 0.01;

// A rank no final rank can reach unless it is among the k best: the k-th best of rank +
// rules.least (less the rounding); -infinity when `scored` has fewer than k entries or k is 0.
double ShortlistFloor(const std::vector<Scored>& scored, size_t k);
// Keeps every entry whose rank + rules.most reaches ShortlistFloor: no rule can lift anything
// else above the k-th, so applying rules to this shortlist only is exact.
void Shortlist(std::vector<Scored>& scored, size_t k);

// Sorts matches by their final rank (the score, plus the vulnerability term for candidates),
// ties by kind then id, and keeps the first k.
void SortAndCut(std::vector<Match>& matches, size_t k, bool candidates);

using Effects = std::optional<std::vector<policy::RuleEffect>>;

// Applies rules to a shortlist, ranks it by the final score exactly as ApplyRules computes it
// (plus the vulnerability term for candidates), ties by kind then id, and explains only the k
// that remain. `rules_of(batch)` returns the rules' effects for each entry of a batch, or nullopt
// to drop the entry; `explain(sc)` scores the pair with its reasons; `prefetch(sc)` may start
// loading what rules_of reads (the shortlist's rows are scattered over the table). The shortlist
// may mix kinds: one pass over all of them calls only the rules of entries that can still reach
// the k best of every kind.
template <typename IdOf, typename RulesOf, typename Explain, typename Prefetch>
std::vector<Match> Finish(const std::vector<Scored>& shortlist, size_t k, bool candidates,
                          IdOf id_of, RulesOf rules_of, Explain explain, Prefetch prefetch) {
  struct Pending {
    double rank;
    const std::string* id;
    const Scored* scored;
    std::vector<policy::RuleEffect> rules;
  };
  // Rules move an entry's score by at most its rules.most (CapRuleEffects), so the shortlist is
  // taken by the most each entry could rank, best first, and stops at the first entry that could
  // not reach the k-th best final rank even so: every entry after it could rank lower still. Most
  // rule calls (each a call into a plugin) are never made.
  if (k == 0) return {};
  std::vector<const Scored*> order;
  order.reserve(shortlist.size());
  for (const Scored& sc : shortlist) order.push_back(&sc);
  auto at_most = [](const Scored* sc) { return sc->rank + sc->rules.most; };
  // Sorted only as far as the pass goes: order[0, sorted) are the best, in order.
  size_t sorted = 0;
  auto sort_through = [&](size_t n) {
    if (n <= sorted) return;
    auto better = [&](const Scored* a, const Scored* b) { return at_most(a) > at_most(b); };
    const auto from = order.begin() + static_cast<ptrdiff_t>(sorted);
    sorted = std::min(order.size(), std::max({n, 2 * sorted, size_t{256}}));
    const auto upto = order.begin() + static_cast<ptrdiff_t>(sorted);
    std::nth_element(from, upto, order.end(), better);
    std::sort(from, upto, better);
  };
  std::priority_queue<double, std::vector<double>, std::greater<double>> best;  // k best ranks
  std::vector<Pending> pending;
  // The rules are asked for in batches, each one exchange with a plugin's process: first the k
  // best, then batches growing to kLargestBatch of the entries that can still reach the k best
  // as they stood after the batch before. An entry asked for that the entry-by-entry pass would
  // have stopped before ranks below the k-th, so the answer is the same.
  constexpr size_t kLargestBatch = 64;
  std::vector<const Scored*> batch;
  for (size_t next = 0, size = std::max<size_t>(k, 8); next < order.size();
       size = std::min(2 * size, kLargestBatch)) {
    batch.clear();
    for (; next < order.size() && batch.size() < size; ++next) {
      sort_through(next + 1);
      const Scored& sc = *order[next];
      if (best.size() == k && at_most(&sc) + kRankRounding < best.top()) {
        next = order.size();
        break;
      }
      prefetch(sc);
      batch.push_back(&sc);
    }
    std::vector<Effects> rules = rules_of(batch);
    for (size_t i = 0; i < batch.size(); ++i) {
      if (!rules[i]) continue;
      const Scored& sc = *batch[i];
      // Capped again to the range the entry was shortlisted with: a plugin reloaded since may
      // declare another.
      const double score = sc.base + CapRuleEffects(*rules[i], sc.rules);
      const double rank = Round2(std::clamp(score, 0.0, 100.0)) + sc.extra;
      pending.push_back({rank, &id_of(sc), &sc, std::move(*rules[i])});
      best.push(rank);
      if (best.size() > k) best.pop();
    }
  }
  auto by_rank = [](const Pending& a, const Pending& b) {
    if (a.rank != b.rank) return a.rank > b.rank;
    if (a.scored->kind != b.scored->kind) return a.scored->kind < b.scored->kind;
    return *a.id < *b.id;
  };
  if (pending.size() > k) {
    std::partial_sort(pending.begin(), pending.begin() + static_cast<ptrdiff_t>(k), pending.end(),
                      by_rank);
    pending.resize(k);
  }
  std::vector<Match> out;
  for (Pending& p : pending) {
    Match m = explain(*p.scored);
    ApplyRules(std::move(p.rules), m);
    out.push_back(std::move(m));
  }
  SortAndCut(out, k, candidates);
  return out;
}

}  // namespace homeward::matching::internal
