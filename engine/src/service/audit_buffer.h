// Audit rows of reads, written to the store in batches.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <thread>
#include <vector>

#include "homeward/base/clock.h"
#include "homeward/base/mutex.h"
#include "homeward/base/status.h"
#include "homeward/model/access.h"
#include "homeward/store/database.h"

namespace homeward::service {

// Holds audit rows that need no transaction of their own (reads and denials) and writes them
// together: the first row into an empty buffer opens a window of `window`, and when it closes
// (or `max_rows` rows wait, or Drain is called) one write takes every waiting row. A read thus
// costs a lock and a push, and the store commits at most ten times a second (at 100 ms) instead of
// once per read. A crash loses at most one window of rows; destruction writes what waits and
// returns once the store has taken every row handed to it (their completions use this object).
class AuditBuffer {
 public:
  // Each row is stamped with `clock`'s time as it is appended.
  AuditBuffer(store::Database& db, const Clock& clock, std::chrono::milliseconds window,
              size_t max_rows);
  ~AuditBuffer();
  AuditBuffer(const AuditBuffer&) = delete;
  AuditBuffer& operator=(const AuditBuffer&) = delete;

  // Queues the row; UNAVAILABLE when it cannot be (the buffer is closing, or kMaxWaiting rows
  // already wait because the store does not take them): the read it records must be refused.
  Status Append(model::AuditEntry entry);
  // Submits every waiting row now; `done` runs once they are committed (writes are ordered, so
  // a read started from `done` sees every row appended before this call).
  void Drain(std::function<void(Status)> done);

  // Rows that never reached the log: refused at Append, and failed in the store.
  uint64_t refused_rows() const { return refused_rows_.load(); }
  uint64_t failed_rows() const { return failed_rows_.load(); }

  static constexpr size_t kMaxWaiting = 1 << 16;

 private:
  void Run();
  // Hands the waiting rows to the store. Called with `mu_` held, so that writes reach the
  // store's queue in the order their rows were taken.
  void SubmitLocked(std::function<void(Status)> done) HW_REQUIRES(mu_);

  store::Database& db_;
  const Clock& clock_;
  const std::chrono::milliseconds window_;
  const size_t max_rows_;
  Mutex mu_;
  CondVar wake_;
  CondVar settled_;  // in_store_queue_ went down
  std::vector<model::AuditEntry> rows_ HW_GUARDED_BY(mu_);
  bool stopping_ HW_GUARDED_BY(mu_) = false;
  size_t in_store_queue_ HW_GUARDED_BY(mu_) = 0;  // rows handed to the store, not yet committed
  std::atomic<uint64_t> refused_rows_{0};
  std::atomic<uint64_t> failed_rows_{0};
  std::thread flusher_;
};

}  // namespace homeward::service
