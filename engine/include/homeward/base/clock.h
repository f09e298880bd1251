// What time it is, read through a Clock that the service and the store are given in their options,
// so that nothing in the engine reads the system clock behind its caller's back and a test can fix
// the time (FixedClock). The server passes a SystemClock, shifted when asked
// (homeward-server --clock-offset-days, for tests and drills).
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "homeward/base/time.h"

namespace homeward {

// Thread-safe: every implementation may be read from any thread.
class Clock {
 public:
  virtual ~Clock() = default;
  // Seconds since the Unix epoch.
  virtual int64_t NowSeconds() const = 0;
  // Now as "2026-11-28T13:44:32Z".
  std::string NowRfc3339() const { return FormatRfc3339(NowSeconds()); }
  // The UTC date now.
  Date Today() const;

  // The system's clock, unshifted: the default of every options struct that takes a clock.
  static const Clock& System();
};

class SystemClock final : public Clock {
 public:
  explicit SystemClock(int64_t offset_seconds = 0) : offset_seconds_(offset_seconds) {}
  int64_t NowSeconds() const override;

 private:
  const int64_t offset_seconds_;
};

// Stands where it is set until it is moved.
class FixedClock final : public Clock {
 public:
  explicit FixedClock(int64_t unix_seconds) : now_(unix_seconds) {}
  // At midnight UTC of `date`.
  explicit FixedClock(const Date& date) : now_(date.DaysSinceEpoch() * 86400) {}
  int64_t NowSeconds() const override { return now_.load(std::memory_order_relaxed); }
  void Advance(int64_t seconds) { now_.fetch_add(seconds, std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> now_;
};

}  // namespace homeward
