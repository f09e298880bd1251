// Work the service does once a day while it runs: a thread that calls a task whenever the UTC
// date (as Date::Today() reads it) is past the last day the task ran for.
// Not installed; only engine/src/service includes it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>

#include "homeward/base/time.h"

namespace homeward::service::internal {

class DailyTask {
 public:
  // Runs `task(today)` on its own thread on each day after `done_for` (the day the caller already
  // ran it for); `check_every` is how often the date is read.
  DailyTask(std::function<void(const Date&)> task, Date done_for, std::chrono::seconds check_every)
      : task_(std::move(task)),
        check_every_(check_every),
        last_(done_for),
        thread_([this] { Run(); }) {}

  // Stops the thread, waiting for a run in progress to finish.
  ~DailyTask() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }

  DailyTask(const DailyTask&) = delete;
  DailyTask& operator=(const DailyTask&) = delete;

 private:
  void Run() {
    std::unique_lock<std::mutex> lock(mu_);
    while (!stopping_) {
      const Date today = Date::Today();
      if (last_ != today) {
        lock.unlock();
        task_(today);
        lock.lock();
        last_ = today;
      }
      wake_.wait_for(lock, check_every_, [this] { return stopping_; });
    }
  }

  const std::function<void(const Date&)> task_;
  const std::chrono::seconds check_every_;
  Date last_;  // only the thread touches it once started
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mu_
  std::thread thread_;     // last: started once everything above is ready
};

}  // namespace homeward::service::internal
