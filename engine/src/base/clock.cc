#include "homeward/base/clock.h"

#include <chrono>

namespace homeward {

Date Clock::Today() const {
  const int64_t seconds = NowSeconds();
  return Date::FromDays(seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400);
}

const Clock& Clock::System() {
  static const SystemClock clock;
  return clock;
}

int64_t SystemClock::NowSeconds() const {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return std::chrono::duration_cast<std::chrono::seconds>(now).count() + offset_seconds_;
}

}  // namespace homeward
