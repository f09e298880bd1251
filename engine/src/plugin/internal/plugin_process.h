// One plugin host process, seen from the server: it is started on one verified plugin library,
// answers calls one at a time over its socket (internal/wire.h), and is killed the moment it
// misbehaves: a call past its deadline, an answer that is not the protocol, memory over its
// limit. A process that died or was killed stays dead; every later call fails at once with the
// first reason. The plugin is started again only by loading it again (an admin's reload).
//
// Thread-safe: calls from several threads wait for each other.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "homeward/base/mutex.h"
#include "homeward/base/status.h"
#include "internal/wire.h"

namespace homeward::plugin::internal {

struct ProcessOptions {
  std::filesystem::path program;  // homeward-plugin-host
  std::filesystem::path library;  // the verified copy of the plugin's library
  size_t memory_limit = 0;        // bytes of resident memory; 0: no limit
};

class PluginProcess {
 public:
  using Clock = std::chrono::steady_clock;
  // The least time between two reads of the process's resident memory: what it can touch in
  // that time (a few MiB) is all it can go over its limit by before it is stopped.
  static constexpr std::chrono::milliseconds kMemoryCheckInterval{1};
  // Receives each line the plugin logs while a call is waited for, with the call's index in its
  // frame.
  using OnLog = std::function<void(size_t call, const wire::Log&)>;

  // Starts the process and waits up to `limit` for its hello. FAILED_PRECONDITION when the
  // process cannot start or cannot load the library, with the reason.
  static StatusOr<std::unique_ptr<PluginProcess>> Start(const ProcessOptions& options,
                                                        std::chrono::milliseconds limit);
  // Closes the socket, which asks the process to destroy the plugin and exit; kills it if it
  // has not exited shortly after.
  ~PluginProcess();
  PluginProcess(const PluginProcess&) = delete;
  PluginProcess& operator=(const PluginProcess&) = delete;

  // The plugin's table as the process found it.
  const wire::Hello& hello() const { return hello_; }

  // Makes the calls of `call` in one exchange, waiting up to `limit` by the clock for each
  // reply and checking the process's memory after each (when kMemoryCheckInterval has passed
  // since the last check), and appends the replies to `replies`, one per call, in order.
  // UNAVAILABLE with the reason when the process is (or is now) dead: it is killed on any
  // failure, and `replies` holds the replies received before it.
  Status Call(const wire::Call& call, std::chrono::milliseconds limit, const OnLog& on_log,
              std::vector<wire::Reply>& replies);

 private:
  PluginProcess(pid_t pid, int fd, size_t memory_limit);
  // Reads until a whole frame is at hand, until `deadline`.
  StatusOr<std::string> ReceiveFrame(Clock::time_point deadline, std::chrono::milliseconds limit)
      HW_REQUIRES(mu_);
  // Kills and reaps the process, keeps `reason` (the first one) and returns it as UNAVAILABLE.
  Status Kill(std::string reason) HW_REQUIRES(mu_);
  // How the process ended, once it has (e.g. "killed by signal 11 (Segmentation fault)").
  std::string HowItEnded() HW_REQUIRES(mu_);
  // Its resident memory now, in bytes; 0 when it cannot be read.
  size_t ResidentBytes() const;

  Mutex mu_;
  const pid_t pid_;
  int fd_ HW_GUARDED_BY(mu_);
  const size_t memory_limit_;
  const int statm_fd_;  // /proc/<pid>/statm, open while the process lives; -1 without a limit
  Clock::time_point memory_checked_ HW_GUARDED_BY(mu_);  // the last read of its memory
  bool reaped_ HW_GUARDED_BY(mu_) = false;
  std::string dead_ HW_GUARDED_BY(mu_);    // why it is dead; empty while it lives
  std::string buffer_ HW_GUARDED_BY(mu_);  // bytes read past the last whole frame
  wire::Hello hello_;                      // set once by Start()
};

}  // namespace homeward::plugin::internal
