#include "internal/call_monitor.h"

#include <utility>
#include <vector>

namespace homeward::plugin::internal {

std::chrono::nanoseconds CpuTime(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec);
}

uint64_t CallMonitor::Begin(std::string function, CallLimits limits, OnOverdue on_overdue) {
  // Without the calling thread's CPU clock the watchdog watches the clock only (Call still
  // measures the CPU time when the call returns).
  clockid_t cpu_clock{};
  const bool watch_cpu = pthread_getcpuclockid(pthread_self(), &cpu_clock) == 0;
  const auto cpu_start = watch_cpu ? CpuTime(cpu_clock) : std::chrono::nanoseconds(0);
  MutexLock lock(&mu_);
  const uint64_t token = next_token_++;
  calls_.emplace(token, InFlight{std::move(function), limits, Clock::now() + limits.wall, watch_cpu,
                                 cpu_clock, cpu_start, std::move(on_overdue)});
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
      if (call.reported) continue;
      std::string reason;
      if (now > call.deadline) {
        reason = call.function + " still running after its limit of " +
                 std::to_string(call.limits.wall.count()) + " ms";
      } else if (call.watch_cpu && CpuTime(call.cpu_clock) - call.cpu_start > call.limits.cpu) {
        reason = call.function + " still running after its CPU budget of " +
                 std::to_string(call.limits.cpu.count()) + " ms";
      } else {
        continue;
      }
      call.reported = true;
      overdue.emplace_back(call.on_overdue, std::move(reason));
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
