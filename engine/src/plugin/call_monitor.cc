#include "internal/call_monitor.h"

#include <utility>
#include <vector>

namespace homeward::plugin::internal {

uint64_t CallMonitor::Begin(std::string function, std::chrono::milliseconds budget,
                            OnOverdue on_overdue) {
  std::lock_guard<std::mutex> lock(mu_);
  const uint64_t token = next_token_++;
  calls_.emplace(
      token, InFlight{std::move(function), Clock::now() + budget, budget, std::move(on_overdue)});
  return token;
}

void CallMonitor::End(uint64_t token) {
  std::lock_guard<std::mutex> lock(mu_);
  calls_.erase(token);
}

void CallMonitor::CheckOverdue(Clock::time_point now) {
  std::vector<std::pair<OnOverdue, std::string>> overdue;
  {
    std::lock_guard<std::mutex> lock(mu_);
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
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void Watchdog::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!wake_.wait_for(lock, period_, [this] { return stop_; })) {
    lock.unlock();
    monitor_.CheckOverdue(CallMonitor::Clock::now());
    lock.lock();
  }
}

}  // namespace homeward::plugin::internal
