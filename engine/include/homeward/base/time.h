// Calendar dates and RFC 3339 timestamps as API.md uses them (UTC, second precision). What time
// it is comes from a Clock (base/clock.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace homeward {

// A civil date (proleptic Gregorian). Comparable; convertible to a day count.
struct Date {
  int year = 1970;
  int month = 1;
  int day = 1;

  // "2026-11-28" -> Date; nullopt for anything that is not a real calendar date.
  static std::optional<Date> Parse(std::string_view text);
  static Date FromDays(int64_t days_since_epoch);
  int64_t DaysSinceEpoch() const;
  std::string ToString() const;
  Date AddMonths(int months) const;
  // Whole years from this date (a birth date) to `on`.
  int YearsUntil(const Date& on) const;

  friend bool operator==(const Date& a, const Date& b) {
    return a.year == b.year && a.month == b.month && a.day == b.day;
  }
  friend bool operator!=(const Date& a, const Date& b) { return !(a == b); }
  friend bool operator<(const Date& a, const Date& b) {
    return a.DaysSinceEpoch() < b.DaysSinceEpoch();
  }
  friend bool operator<=(const Date& a, const Date& b) { return !(b < a); }
};

// Seconds since the Unix epoch -> "2026-11-28T13:44:32Z".
std::string FormatRfc3339(int64_t unix_seconds);
// Accepts "YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)"; nullopt when malformed.
std::optional<int64_t> ParseRfc3339(std::string_view text);

}  // namespace homeward
