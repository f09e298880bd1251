// A bounded pool of worker threads for allocations, so that a solve (seconds of CPU for a large
// province) never runs on an HTTP listener thread. The API submits a job and a completion; the
// job runs on a worker and the completion is called there with the job's outcome.
//
// Thread-safety: Submit may be called from any number of threads at once. Destroying the pool
// waits for the jobs already running; jobs still queued are not run and their completions get
// UNAVAILABLE.
#pragma once

#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "homeward/base/mutex.h"
#include "homeward/base/status.h"

namespace homeward::allocation {

class WorkerPool {
 public:
  // Starts `threads` workers (at least one) that take jobs from a queue holding at most
  // `max_queued` jobs waiting to start.
  WorkerPool(int threads, size_t max_queued);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `job`; once a worker has run it, calls `done` with what it returned (an exception it
  // threw becomes INTERNAL). `done` runs on the worker and must not throw. Returns
  // RESOURCE_EXHAUSTED, without queueing, when `max_queued` jobs are already waiting; `done` is
  // then never called.
  template <typename T>
  Status Submit(std::function<StatusOr<T>()> job, std::function<void(StatusOr<T>)> done);

  // Jobs waiting to start (not counting those running).
  size_t queued() const;

 private:
  // A queued unit of work: `run` runs the job and completes it; `cancel` completes it with
  // UNAVAILABLE when the pool shuts down first.
  struct Task {
    std::function<void()> run;
    std::function<void()> cancel;
  };

  Status Enqueue(Task task);
  void WorkLoop();

  const size_t max_queued_;
  mutable Mutex mu_;
  CondVar wake_;
  std::deque<Task> queue_ HW_GUARDED_BY(mu_);
  bool stopping_ HW_GUARDED_BY(mu_) = false;
  std::vector<std::thread> workers_;
};

template <typename T>
Status WorkerPool::Submit(std::function<StatusOr<T>()> job, std::function<void(StatusOr<T>)> done) {
  auto shared_done = std::make_shared<std::function<void(StatusOr<T>)>>(std::move(done));
  Task task;
  task.run = [job = std::move(job), shared_done] {
    std::optional<StatusOr<T>> result;
    try {
      result.emplace(job());
    } catch (const std::exception& e) {
      result.emplace(Status::Internal(std::string("allocation job failed: ") + e.what()));
    } catch (...) {
      result.emplace(Status::Internal("allocation job failed"));
    }
    (*shared_done)(std::move(*result));
  };
  task.cancel = [shared_done] {
    (*shared_done)(Status::Unavailable("the allocation service is shutting down"));
  };
  return Enqueue(std::move(task));
}

}  // namespace homeward::allocation
