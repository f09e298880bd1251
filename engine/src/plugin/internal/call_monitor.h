// Supervises plugin calls in flight so that a call past its limits marks its plugin failed while
// it is still running: new requests then stop using the plugin at once.
//
// A call has two limits: the CPU time its thread may use in it (what a plugin's own work costs,
// whatever else the machine is doing: on a busy machine a call that needs 1 ms can take 50 ms by
// the clock), and a longer time by the clock, past which a call that uses no CPU (waiting on a
// lock, a file, a sleep) counts as stuck.
//
// A call that never returns cannot be cancelled safely inside the process (there is no safe way
// to stop a thread running foreign code); the monitor only makes sure no further call joins it.
// Thread-safe.
#pragma once

#include <pthread.h>
#include <time.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <thread>

#include "homeward/base/mutex.h"

namespace homeward::plugin::internal {

struct CallLimits {
  std::chrono::milliseconds cpu;   // CPU time of the calling thread
  std::chrono::milliseconds wall;  // time by the clock
};

// The CPU time the thread whose CPU clock is `clock` has used so far.
std::chrono::nanoseconds CpuTime(clockid_t clock);

class CallMonitor {
 public:
  using Clock = std::chrono::steady_clock;
  // Called (once per overdue call) with a reason, from the watchdog thread.
  using OnOverdue = std::function<void(std::string reason)>;

  // Registers a call in flight on the calling thread; returns a token for End().
  uint64_t Begin(std::string function, CallLimits limits, OnOverdue on_overdue);
  // Unregisters the call.
  void End(uint64_t token);
  // Reports every call running past one of its limits at `now` (each call once).
  void CheckOverdue(Clock::time_point now);

 private:
  struct InFlight {
    std::string function;
    CallLimits limits;
    Clock::time_point deadline;  // start + limits.wall
    bool watch_cpu;              // cpu_clock could be had
    clockid_t cpu_clock;         // the calling thread's CPU clock
    std::chrono::nanoseconds cpu_start;
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
