#include "auth_throttle.h"

#include <algorithm>
#include <iterator>

namespace homeward::api {

int64_t AuthThrottle::Wait(const std::string& id, Clock::time_point now) const {
  auto it = windows_.find(id);
  if (it == windows_.end() || it->second.failures < limits_.max_failures) return 0;
  const auto left = it->second.start + limits_.window - now;
  if (left <= Clock::duration::zero()) return 0;
  // Rounded up: a client that waits exactly this long is let through.
  return std::chrono::ceil<std::chrono::seconds>(left).count();
}

int64_t AuthThrottle::RetryAfter(std::string_view client, std::string_view key,
                                 Clock::time_point now) {
  MutexLock lock(&mu_);
  int64_t wait = Wait("a:" + std::string(client), now);
  if (!key.empty()) wait = std::max(wait, Wait("k:" + std::string(Prefix(key)), now));
  if (wait > 0) ++refusals_;
  return wait;
}

void AuthThrottle::Failed(std::string_view client, std::string_view key, Clock::time_point now) {
  MutexLock lock(&mu_);
  ++failures_;
  Prune(now);
  Count("a:" + std::string(client), now);
  if (!key.empty()) Count("k:" + std::string(Prefix(key)), now);
}

void AuthThrottle::Count(std::string id, Clock::time_point now) {
  Window& window = windows_[std::move(id)];
  if (window.failures == 0 || now - window.start >= limits_.window) window = {now, 0};
  ++window.failures;
}

void AuthThrottle::Prune(Clock::time_point now) {
  if (windows_.size() < kMaxTracked) return;
  for (auto it = windows_.begin(); it != windows_.end();) {
    it = now - it->second.start >= limits_.window ? windows_.erase(it) : std::next(it);
  }
  if (windows_.size() >= kMaxTracked) windows_.clear();
}

uint64_t AuthThrottle::failures() const {
  MutexLock lock(&mu_);
  return failures_;
}

uint64_t AuthThrottle::refusals() const {
  MutexLock lock(&mu_);
  return refusals_;
}

}  // namespace homeward::api
