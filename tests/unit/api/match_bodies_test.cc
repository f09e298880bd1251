// The match bodies kept hold at most kMaxBytes, whatever the number of lists.
#include "match_bodies.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace homeward::api {
namespace {

std::shared_ptr<const std::string> Body(size_t bytes) {
  return std::make_shared<const std::string>(bytes, 'x');
}

// Regression: the cache was bounded by entries only, so 20,000 large lists pinned gigabytes.
TEST(MatchBodiesTest, HoldsNoMoreThanItsByteBound) {
  MatchBodies cache;
  const MatchBodies::Stamp stamp{1, 1, 1};
  const size_t large = MatchBodies::kMaxBytes / 10 + 1;
  for (int i = 0; i < 100; ++i) {
    cache.Put("ind_" + std::to_string(i) + "|job|10", stamp, Body(large));
    EXPECT_LE(cache.bytes(), MatchBodies::kMaxBytes);
  }
  EXPECT_NE(cache.Find("ind_99|job|10", stamp), nullptr);  // the newest stays
  cache.Put("too_large", stamp, Body(MatchBodies::kMaxBytes + 1));
  EXPECT_EQ(cache.Find("too_large", stamp), nullptr);
}

TEST(MatchBodiesTest, ReplacingAndErasingGiveTheirBytesBack) {
  MatchBodies cache;
  const MatchBodies::Stamp stamp{1, 1, 1};
  cache.Put("ind_a|job|10", stamp, Body(1000));
  cache.Put("ind_a|job|10", stamp, Body(300));
  cache.Put("ind_a|all|10", stamp, Body(200));
  cache.Put("ind_b|job|10", stamp, Body(50));
  EXPECT_EQ(cache.bytes(), 550u);
  cache.ErasePerson("ind_a");
  EXPECT_EQ(cache.bytes(), 50u);
  EXPECT_EQ(cache.Find("ind_a|job|10", stamp), nullptr);
  EXPECT_NE(cache.Find("ind_b|job|10", stamp), nullptr);
  EXPECT_EQ(cache.Find("ind_b|job|10", MatchBodies::Stamp{2, 1, 1}), nullptr);  // stale
}

}  // namespace
}  // namespace homeward::api
