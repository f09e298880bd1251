// Clang thread-safety annotations (https://clang.llvm.org/docs/ThreadSafetyAnalysis.html), as
// leveldb and abseil use them: members say which mutex guards them and functions which mutex
// they need, and a clang build with -Wthread-safety checks every access. Under other compilers
// the macros expand to nothing.
#pragma once

#if defined(__clang__)
#define HW_THREAD_ANNOTATION_(x) __attribute__((x))
#else
#define HW_THREAD_ANNOTATION_(x)
#endif

// A type that is a lock (homeward::Mutex).
#define HW_CAPABILITY(name) HW_THREAD_ANNOTATION_(capability(name))
// An RAII type that holds a lock for its lifetime (homeward::MutexLock).
#define HW_SCOPED_CAPABILITY HW_THREAD_ANNOTATION_(scoped_lockable)
// The member is read and written only with `mu` held.
#define HW_GUARDED_BY(mu) HW_THREAD_ANNOTATION_(guarded_by(mu))
// What the pointer points at is read and written only with `mu` held.
#define HW_PT_GUARDED_BY(mu) HW_THREAD_ANNOTATION_(pt_guarded_by(mu))
// The caller must hold the locks.
#define HW_REQUIRES(...) HW_THREAD_ANNOTATION_(requires_capability(__VA_ARGS__))
// The caller must hold the locks, at least shared (for reading).
#define HW_REQUIRES_SHARED(...) HW_THREAD_ANNOTATION_(requires_shared_capability(__VA_ARGS__))
// The caller must not hold the locks (the function takes them).
#define HW_EXCLUDES(...) HW_THREAD_ANNOTATION_(locks_excluded(__VA_ARGS__))
// The function takes the locks and returns holding them.
#define HW_ACQUIRE(...) HW_THREAD_ANNOTATION_(acquire_capability(__VA_ARGS__))
// The function takes the locks shared (for reading) and returns holding them.
#define HW_ACQUIRE_SHARED(...) HW_THREAD_ANNOTATION_(acquire_shared_capability(__VA_ARGS__))
// The function releases locks the caller holds.
#define HW_RELEASE(...) HW_THREAD_ANNOTATION_(release_capability(__VA_ARGS__))
// The function releases shared locks the caller holds.
#define HW_RELEASE_SHARED(...) HW_THREAD_ANNOTATION_(release_shared_capability(__VA_ARGS__))
// The function returns the lock named.
#define HW_RETURN_CAPABILITY(x) HW_THREAD_ANNOTATION_(lock_returned(x))
// Turns the analysis off for one function; say why beside it.
#define HW_NO_THREAD_SAFETY_ANALYSIS HW_THREAD_ANNOTATION_(no_thread_safety_analysis)
