// The trainings' upper bound, which lets a query skip a training's record, must never be below
// the base score that record gives: a training skipped wrongly could belong in the k best.
#include <gtest/gtest.h>

#include <random>

#include "fake_policy.h"
#include "fixtures.h"
#include "homeward/matching/match.h"
#include "internal/scans.h"

namespace homeward::matching {
namespace {

using ::homeward::testing::FakePolicies;
using testing::kToday;
using testing::LiteracyCourse;
using testing::Sokha;

TEST(TrainingBoundTest, IsNeverBelowTheBaseScore) {
  std::mt19937 rng(23);
  auto pick = [&rng](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
  const std::vector<std::string> skills = {"sewing_machine", "khmer_literacy", "numeracy",
                                           "food_hygiene",   "driving",        "welding"};
  const std::vector<std::string> iscos = {"7533", "7531", "5120", "9329", "7212", "2"};
  const std::vector<std::string> currencies = {"USD", "KHR", "THB", "EUR"};
  auto money = [&](double usd) {
    model::Money m;
    m.currency = currencies[static_cast<size_t>(pick(4))];
    m.amount = pick(3) == 0 ? 0 : usd * (m.currency == "KHR" ? 4100 : m.currency == "THB" ? 35 : 1);
    return m;
  };

  FakePolicies policies;
  policies.Get("KH-8")->set_weights({0.1, 0.1, 0.4, 0.2, 0.1, 0.1});
  std::vector<model::Training> trainings;
  for (int i = 0; i < 400; ++i) {
    model::Training t = LiteracyCourse("trn_" + std::to_string(i));
    if (pick(3) == 0) t.province = "KH-8", t.district = "ស្អាង";
    if (pick(4) == 0) t.location.reset();
    // Up to seven skills (past the inline ones), some listed twice at different levels.
    t.skills_taught.clear();
    for (int n = pick(8); n > 0; --n) {
      t.skills_taught.push_back({skills[static_cast<size_t>(pick(6))], pick(7)});
    }
    t.leads_to.clear();
    for (int n = pick(4); n > 0; --n) t.leads_to.push_back(iscos[static_cast<size_t>(pick(6))]);
    t.cost = money(pick(300));
    t.stipend = money(pick(60));
    t.starts_on =
        pick(4) == 0 ? std::optional<Date>() : Date::FromDays(kToday.DaysSinceEpoch() + pick(150));
    trainings.push_back(std::move(t));
  }

  MatchIndex::State s;
  WriterLock lock(&s.mutex);
  std::vector<internal::TrainingCell> cells;
  for (const model::Training& t : trainings) {
    const uint32_t row = static_cast<uint32_t>(cells.size());
    cells.push_back(
        internal::TrainingCellOf(s, row, s.AddPlace(t.province, t.district, t.location), t));
  }
  const SkillGap gap = {{"driving", 0},
                        {"food_hygiene", 0.5},
                        {"khmer_literacy", 3},
                        {"numeracy", 1.5},
                        {"welding", 2.25}};
  size_t compared = 0, close = 0;
  for (int i = 0; i < 40; ++i) {
    model::Individual p = Sokha();
    p.skills.clear();
    for (int n = pick(4); n > 0; --n) {
      p.skills.push_back({skills[static_cast<size_t>(pick(6))], 1 + pick(5)});
    }
    p.desired_occupations.clear();
    for (int n = pick(3); n > 0; --n) {
      p.desired_occupations.push_back(iscos[static_cast<size_t>(pick(6))]);
    }
    const TrainingScorer scorer(p, gap, kToday);
    const internal::TrainingBound bound(s, p, gap, kToday);
    internal::PolicyCache cache(policies, s.provinces, s.sectors, p, kToday);
    for (size_t row = 0; row < trainings.size(); ++row) {
      const internal::PolicyCache::Entry& policy = cache.For(cells[row].province);
      const double base = scorer.Base(trainings[row], *policy.policy);
      const double most = bound.Of(cells[row], policy);
      ASSERT_GE(most + 1e-9, base) << trainings[row].meta.id << " for person " << i;
      close += most - base < 25;
      ++compared;
    }
  }
  EXPECT_EQ(compared, 40u * 400u);
  EXPECT_GT(close, compared / 4);  // a bound, not just a large number
}

}  // namespace
}  // namespace homeward::matching
