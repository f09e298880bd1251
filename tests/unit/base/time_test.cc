#include "homeward/base/time.h"

#include <gtest/gtest.h>

#include <string>

#include "homeward/base/clock.h"

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
  const std::string now = Clock::System().NowRfc3339();
  EXPECT_EQ(FormatRfc3339(*ParseRfc3339(now)), now);
}

TEST(ClockTest, FixedClockStandsWhereItIsSet) {
  FixedClock clock(Date{2027, 3, 1});
  EXPECT_EQ(clock.NowRfc3339(), "2027-03-01T00:00:00Z");
  EXPECT_EQ(clock.Today(), (Date{2027, 3, 1}));
  clock.Advance(86400 - 1);
  EXPECT_EQ(clock.Today(), (Date{2027, 3, 1}));
  clock.Advance(1);
  EXPECT_EQ(clock.NowRfc3339(), "2027-03-02T00:00:00Z");
}

TEST(ClockTest, SystemClockIsShiftedByItsOffset) {
  const SystemClock ahead(90 * 86400);
  const int64_t gap = ahead.NowSeconds() - Clock::System().NowSeconds();
  EXPECT_GE(gap, 90 * 86400 - 1);
  EXPECT_LE(gap, 90 * 86400 + 1);
  EXPECT_EQ(FixedClock(-1).Today(), (Date{1969, 12, 31}));
}

}  // namespace
}  // namespace homeward
