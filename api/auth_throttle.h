// Throttling of failed authentications: a client address, or a key prefix, that failed
// `max_failures` times within `window` is answered 429 (with the seconds until its window ends)
// before its key is even looked up, until the window ends. Keys that authenticate are never
// slowed down. Counts for /v1/metrics.
//
// A key prefix is the first 8 characters of the presented key: enough to tell apart the keys
// an attacker replays from many addresses, too few to help guess one (keys are 32 random
// bytes); it is never logged.
//
// Thread-safety: safe to call from any number of threads at once.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "homeward/base/mutex.h"

namespace homeward::api {

class AuthThrottle {
 public:
  using Clock = std::chrono::steady_clock;
  struct Limits {
    int max_failures = 20;
    std::chrono::seconds window{60};
  };

  AuthThrottle() = default;
  explicit AuthThrottle(Limits limits) : limits_(limits) {}

  // Seconds the caller must wait before trying again; 0 when it may try now. Counts a refusal.
  int64_t RetryAfter(std::string_view client, std::string_view key, Clock::time_point now);
  // Records a failed authentication of `key` (empty when none was given) from `client`.
  void Failed(std::string_view client, std::string_view key, Clock::time_point now);

  uint64_t failures() const;
  uint64_t refusals() const;

  // The part of a key that is counted (and shown nowhere).
  static std::string_view Prefix(std::string_view key) { return key.substr(0, 8); }

 private:
  struct Window {
    Clock::time_point start;
    int failures = 0;
  };
  // Drops the windows that ended, and everything when still too many are tracked.
  void Prune(Clock::time_point now) HW_REQUIRES(mu_);
  int64_t Wait(const std::string& id, Clock::time_point now) const HW_REQUIRES(mu_);
  // Counts one failure in the window of `id`, starting a new window when the last one ended.
  void Count(std::string id, Clock::time_point now) HW_REQUIRES(mu_);

  static constexpr size_t kMaxTracked = 100000;

  const Limits limits_;
  mutable Mutex mu_;
  std::unordered_map<std::string, Window> windows_ HW_GUARDED_BY(mu_);  // "a:"+address, "k:"+prefix
  uint64_t failures_ HW_GUARDED_BY(mu_) = 0;
  uint64_t refusals_ HW_GUARDED_BY(mu_) = 0;
};

}  // namespace homeward::api
