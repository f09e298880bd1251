#include "internal/call_monitor.h"

#include <utility>
#include <vector>

namespace homeward::plugin::internal {

uint64_t CallMonitor::Begin(std::string function, std::chrono::milliseconds budget,
                            OnOverdue on_overdue) {
  MutexLock lock(&mu_);
  const uint64_t token = next_token_++;
  calls_.emplace(
      token, InFlight{std::move(function), Clock::now() + budget, budget, std::move(on_overdue)});
  return token;
}

void CallMonitor::End(uint64_t token) {
  MutexLock lock(&mu_);
  calls_.erase(token);
}

void CallMonitor::CheckOverdue(Clock::time_point now) {
  std::vector<std::pair<OnOverdue, std::string>> overdue;
  {
    MutexLock lock(&mu_);
    for (auto& [token, call] : calls_) {
      if (call.reported || now <= call.deadline) continue;
      call.reported = true;
      overdue.emplace_back(call.on_overdue, call.function + " still running after its budget of " +
                                                std::to_string(call.budget.count()) + " ms");
    }
  }
  // Outside the lock: the callback takes the plugin's own lock.
  for (auto& [on_overdue, reason] : overdue) on_overdue(std::move(reason));
}

Watchdog::Watchdog(CallMonitor& monitor, std::chrono::milliseconds period)
    : monitor_(monitor), period_(period), thread_([this] { Run(); }) {}

Watchdog::~Watchdog() {
  {
    MutexLock lock(&mu_);
    stop_ = true;
  }
  wake_.SignalAll();
  thread_.join();
}

void Watchdog::Run() {
  MutexLock lock(&mu_);
  while (true) {
    const auto next_check = std::chrono::steady_clock::now() + period_;
    while (!stop_ && wake_.WaitUntil(&mu_, next_check)) {
    }
    if (stop_) return;
    lock.Unlock();
    monitor_.CheckOverdue(CallMonitor::Clock::now());
    lock.Lock();
  }
}

}  // namespace homeward::plugin::internal
