#include "homeward/base/time.h"

#include <gtest/gtest.h>

namespace homeward {
namespace {

TEST(DateTest, ParsesRealDatesOnly) {
  ASSERT_TRUE(Date::Parse("2024-02-29"));
  EXPECT_FALSE(Date::Parse("2023-02-29"));
  EXPECT_FALSE(Date::Parse("2023-13-01"));
  EXPECT_FALSE(Date::Parse("2023-1-01"));
  EXPECT_EQ(Date::Parse("2026-11-28")->ToString(), "2026-11-28");
}

TEST(DateTest, DayCountsRoundTrip) {
  for (int64_t d = -800000; d < 800000; d += 997) {
    EXPECT_EQ(Date::FromDays(d).DaysSinceEpoch(), d);
  }
  EXPECT_EQ(Date::Parse("1970-01-01")->DaysSinceEpoch(), 0);
}

TEST(DateTest, AgesAndMonths) {
  Date born = *Date::Parse("2008-11-29");
  EXPECT_EQ(born.YearsUntil(*Date::Parse("2026-11-28")), 17);
  EXPECT_EQ(born.YearsUntil(*Date::Parse("2026-11-29")), 18);
  EXPECT_EQ(Date::Parse("2026-01-31")->AddMonths(1).ToString(), "2026-02-28");
  EXPECT_EQ(Date::Parse("2026-11-15")->AddMonths(3).ToString(), "2027-02-15");
}

TEST(Rfc3339Test, FormatsAndParses) {
  EXPECT_EQ(FormatRfc3339(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(ParseRfc3339("1970-01-01T07:00:00+07:00"), 0);
  EXPECT_EQ(ParseRfc3339("2026-11-28T13:44:32.123Z"), ParseRfc3339("2026-11-28T13:44:32Z"));
  EXPECT_FALSE(ParseRfc3339("2026-11-28 13:44:32"));
  int64_t t = *ParseRfc3339(NowRfc3339());
  EXPECT_EQ(FormatRfc3339(t), NowRfc3339().substr(0, 19) + "Z");
}

}  // namespace
}  // namespace homeward
