// Work the service does once a day while it runs: a thread that calls a task whenever the UTC
// date (as its clock reads it) is past the last day the task ran for.
// Not installed; only engine/src/service includes it.
#pragma once

#include <chrono>
#include <functional>
#include <thread>
#include <utility>

#include "homeward/base/clock.h"
#include "homeward/base/mutex.h"

namespace homeward::service::internal {

class DailyTask {
 public:
  // Runs `task(today)` on its own thread on each day after `done_for` (the day the caller already
  // ran it for); `check_every` is how often the date is read.
  DailyTask(std::function<void(const Date&)> task, const Clock& clock, Date done_for,
            std::chrono::seconds check_every)
      : task_(std::move(task)),
        clock_(clock),
        check_every_(check_every),
        last_(done_for),
        thread_([this] { Run(); }) {}

  // Stops the thread, waiting for a run in progress to finish.
  ~DailyTask() {
    {
      MutexLock lock(&mu_);
      stopping_ = true;
    }
    wake_.SignalAll();
    thread_.join();
  }

  DailyTask(const DailyTask&) = delete;
  DailyTask& operator=(const DailyTask&) = delete;

 private:
  void Run() {
    MutexLock lock(&mu_);
    while (!stopping_) {
      const Date today = clock_.Today();
      if (last_ != today) {
        lock.Unlock();
        task_(today);
        lock.Lock();
        last_ = today;
      }
      const auto next_check = std::chrono::steady_clock::now() + check_every_;
      while (!stopping_ && wake_.WaitUntil(&mu_, next_check)) {
      }
    }
  }

  const std::function<void(const Date&)> task_;
  const Clock& clock_;
  const std::chrono::seconds check_every_;
  Date last_;  // only the thread touches it once started
  Mutex mu_;
  CondVar wake_;
  bool stopping_ HW_GUARDED_BY(mu_) = false;
  std::thread thread_;  // last: started once everything above is ready
};

}  // namespace homeward::service::internal
