#include "homeward/allocation/worker_pool.h"

#include <algorithm>

namespace homeward::allocation {

WorkerPool::WorkerPool(int threads, size_t max_queued) : max_queued_(max_queued) {
  const int count = std::max(1, threads);
  workers_.reserve(count);
  for (int i = 0; i < count; ++i) workers_.emplace_back([this] { WorkLoop(); });
}

WorkerPool::~WorkerPool() {
  // Queued jobs are cancelled before the running ones are waited for, so a running job may wait
  // on something a cancellation does.
  std::deque<Task> abandoned;
  {
    MutexLock lock(&mu_);
    stopping_ = true;
    abandoned.swap(queue_);
  }
  wake_.SignalAll();
  for (Task& task : abandoned) task.cancel();
  for (std::thread& worker : workers_) worker.join();
}

Status WorkerPool::Enqueue(Task task) {
  {
    MutexLock lock(&mu_);
    if (stopping_) return Status::Unavailable("the allocation service is shutting down");
    if (queue_.size() >= max_queued_) {
      return Status::ResourceExhausted("too many allocations waiting; try again later");
    }
    queue_.push_back(std::move(task));
  }
  wake_.Signal();
  return Status::Ok();
}

size_t WorkerPool::queued() const {
  MutexLock lock(&mu_);
  return queue_.size();
}

void WorkerPool::WorkLoop() {
  for (;;) {
    Task task;
    {
      MutexLock lock(&mu_);
      while (!stopping_ && queue_.empty()) wake_.Wait(&mu_);
      if (stopping_) return;
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    task.run();
  }
}

}  // namespace homeward::allocation
