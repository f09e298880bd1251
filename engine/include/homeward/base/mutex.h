// Mutex, MutexLock and CondVar: std::mutex and std::condition_variable with clang thread-safety
// annotations (base/thread_annotations.h), the way leveldb's port::Mutex wraps them, so that a
// member declared HW_GUARDED_BY(mu_) is checked by the clang build (-Wthread-safety) at every
// access. libstdc++'s std::mutex carries no annotations, hence the wrapper. SharedMutex, with
// ReaderLock and WriterLock, does the same for std::shared_mutex: a member guarded by one may be
// read under either lock and written only under a WriterLock.
//
// Thread-safety: a Mutex, a SharedMutex and a CondVar are meant to be shared; a MutexLock,
// ReaderLock or WriterLock belongs to one thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <shared_mutex>

#include "homeward/base/thread_annotations.h"

namespace homeward {

class HW_CAPABILITY("mutex") Mutex {
 public:
  Mutex() = default;
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  void Lock() HW_ACQUIRE() { mu_.lock(); }
  void Unlock() HW_RELEASE() { mu_.unlock(); }

 private:
  friend class CondVar;
  std::mutex mu_;
};

// Holds `mu` from construction to destruction; Unlock() and Lock() let go of it and take it again
// in between (for work that must run outside the lock).
class HW_SCOPED_CAPABILITY MutexLock {
 public:
  explicit MutexLock(Mutex* mu) HW_ACQUIRE(mu) : mu_(mu) { mu_->Lock(); }
  ~MutexLock() HW_RELEASE() {
    if (held_) mu_->Unlock();
  }
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

  void Unlock() HW_RELEASE() {
    mu_->Unlock();
    held_ = false;
  }
  void Lock() HW_ACQUIRE() {
    mu_->Lock();
    held_ = true;
  }

 private:
  Mutex* const mu_;
  bool held_ = true;
};

// A lock many readers may hold at once, or one writer alone.
class HW_CAPABILITY("shared mutex") SharedMutex {
 public:
  SharedMutex() = default;
  SharedMutex(const SharedMutex&) = delete;
  SharedMutex& operator=(const SharedMutex&) = delete;

  void Lock() HW_ACQUIRE() { mu_.lock(); }
  void Unlock() HW_RELEASE() { mu_.unlock(); }
  void LockShared() HW_ACQUIRE_SHARED() { mu_.lock_shared(); }
  void UnlockShared() HW_RELEASE_SHARED() { mu_.unlock_shared(); }

 private:
  std::shared_mutex mu_;
};

// ReaderLock and WriterLock below are alike but for shared or alone: each carries its own
// thread-safety annotations (shared or exclusive), so they are two classes.

// Holds `mu` shared (for reading) from construction to destruction.
class HW_SCOPED_CAPABILITY ReaderLock {
 public:
  explicit ReaderLock(SharedMutex* mu) HW_ACQUIRE_SHARED(mu) : mu_(mu) { mu_->LockShared(); }
  ~ReaderLock() HW_RELEASE() { mu_->UnlockShared(); }
  ReaderLock(const ReaderLock&) = delete;
  ReaderLock& operator=(const ReaderLock&) = delete;

 private:
  SharedMutex* const mu_;
};

// Holds `mu` alone (for writing) from construction to destruction.
class HW_SCOPED_CAPABILITY WriterLock {
 public:
  explicit WriterLock(SharedMutex* mu) HW_ACQUIRE(mu) : mu_(mu) { mu_->Lock(); }
  ~WriterLock() HW_RELEASE() { mu_->Unlock(); }
  WriterLock(const WriterLock&) = delete;
  WriterLock& operator=(const WriterLock&) = delete;

 private:
  SharedMutex* const mu_;
};

// A condition variable waited on with a Mutex held. Wakes may be spurious: wait in a loop that
// checks the condition, which the analysis then sees read under the lock.
class CondVar {
 public:
  // Releases `mu` while waiting; holds it again on return.
  void Wait(Mutex* mu) HW_REQUIRES(mu) {
    std::unique_lock<std::mutex> lock(mu->mu_, std::adopt_lock);
    cv_.wait(lock);
    lock.release();
  }
  // As Wait; false when `deadline` passed first.
  bool WaitUntil(Mutex* mu, std::chrono::steady_clock::time_point deadline) HW_REQUIRES(mu) {
    std::unique_lock<std::mutex> lock(mu->mu_, std::adopt_lock);
    const bool woken = cv_.wait_until(lock, deadline) == std::cv_status::no_timeout;
    lock.release();
    return woken;
  }
  void Signal() { cv_.notify_one(); }
  void SignalAll() { cv_.notify_all(); }

 private:
  std::condition_variable cv_;
};

}  // namespace homeward
