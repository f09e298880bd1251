// Supervises plugin calls in flight so that a call stuck past its time budget marks its plugin
// failed while it is still running: new requests then stop using the plugin at once.
//
// A call that never returns cannot be cancelled safely inside the process (there is no safe way
// to stop a thread running foreign code); the monitor only makes sure no further call joins it.
// Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <thread>

#include "homeward/base/mutex.h"

namespace homeward::plugin::internal {

class CallMonitor {
 public:
  using Clock = std::chrono::steady_clock;
  // Called (once per overdue call) with a reason, from the watchdog thread.
  using OnOverdue = std::function<void(std::string reason)>;

  // Registers a call in flight; returns a token for End().
  uint64_t Begin(std::string function, std::chrono::milliseconds budget, OnOverdue on_overdue);
  // Unregisters the call.
  void End(uint64_t token);
  // Reports every call running past its budget at `now` (each one once).
  void CheckOverdue(Clock::time_point now);

 private:
  struct InFlight {
    std::string function;
    Clock::time_point deadline;
    std::chrono::milliseconds budget;
    OnOverdue on_overdue;
    bool reported = false;
  };
  Mutex mu_;
  uint64_t next_token_ HW_GUARDED_BY(mu_) = 1;
  std::map<uint64_t, InFlight> calls_ HW_GUARDED_BY(mu_);
};

// A thread that asks a CallMonitor for overdue calls every `period` until destroyed.
class Watchdog {
 public:
  Watchdog(CallMonitor& monitor, std::chrono::milliseconds period);
  ~Watchdog();
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

 private:
  void Run();

  CallMonitor& monitor_;
  std::chrono::milliseconds period_;
  Mutex mu_;
  CondVar wake_;
  bool stop_ HW_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace homeward::plugin::internal
