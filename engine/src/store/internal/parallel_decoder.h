// Decodes stored rows on several threads while the caller keeps stepping SQLite, then hands the
// records back in row order. Streaming a million records is dominated by JSON parsing; this
// spreads it over the machine's cores. Private to the store.
//
// Thread-safety: Push, Next and the destructor are called by one thread (the one streaming);
// the decode function runs on worker threads and must touch nothing but its input.
#pragma once

#include <algorithm>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "homeward/base/mutex.h"
#include "homeward/base/status.h"

namespace homeward::store::internal {

// A row as SQLite returned it: id, created_at, updated_at, doc.
struct RawRow {
  std::string id;
  std::string created_at;
  std::string updated_at;
  std::string doc;
};

template <typename T>
class ParallelDecoder {
 public:
  using Decode = std::function<StatusOr<T>(const RawRow&)>;

  // A chunk of decoded rows, or the first error decoding it.
  struct Decoded {
    Status status;
    std::vector<T> records;
  };

  ParallelDecoder(unsigned threads, Decode decode) : decode_(std::move(decode)) {
    for (unsigned i = 0; i < threads; ++i) workers_.emplace_back([this] { Work(); });
  }

  ~ParallelDecoder() {
    {
      MutexLock lock(&mutex_);
      stopping_ = true;
    }
    work_ready_.SignalAll();
    for (std::thread& worker : workers_) worker.join();
  }

  ParallelDecoder(const ParallelDecoder&) = delete;
  ParallelDecoder& operator=(const ParallelDecoder&) = delete;

  // Queues a chunk of rows for decoding.
  void Push(std::vector<RawRow> rows) {
    {
      MutexLock lock(&mutex_);
      pending_.push_back({next_pushed_++, std::move(rows)});
    }
    work_ready_.Signal();
  }

  // Chunks pushed and not yet taken back with Next().
  size_t in_flight() const { return next_pushed_ - next_taken_; }

  // Waits for the oldest chunk not yet taken back and returns it. Precondition: in_flight() > 0.
  Decoded Next() {
    MutexLock lock(&mutex_);
    while (done_.count(next_taken_) == 0) done_ready_.Wait(&mutex_);
    auto it = done_.find(next_taken_++);
    Decoded decoded = std::move(it->second);
    done_.erase(it);
    return decoded;
  }

 private:
  void Work() {
    for (;;) {
      std::pair<size_t, std::vector<RawRow>> chunk;
      {
        MutexLock lock(&mutex_);
        while (!stopping_ && pending_.empty()) work_ready_.Wait(&mutex_);
        if (stopping_) return;
        chunk = std::move(pending_.front());
        pending_.pop_front();
      }
      Decoded decoded;
      decoded.records.reserve(chunk.second.size());
      for (const RawRow& row : chunk.second) {
        StatusOr<T> record = decode_(row);
        if (!record.ok()) {
          decoded.status = record.status();
          break;
        }
        decoded.records.push_back(std::move(record).value());
      }
      {
        MutexLock lock(&mutex_);
        done_.emplace(chunk.first, std::move(decoded));
      }
      done_ready_.Signal();
    }
  }

  const Decode decode_;
  std::vector<std::thread> workers_;
  Mutex mutex_;
  CondVar work_ready_;
  CondVar done_ready_;
  std::deque<std::pair<size_t, std::vector<RawRow>>> pending_ HW_GUARDED_BY(mutex_);
  std::map<size_t, Decoded> done_ HW_GUARDED_BY(mutex_);
  bool stopping_ HW_GUARDED_BY(mutex_) = false;
  size_t next_pushed_ = 0;  // used by the streaming thread only
  size_t next_taken_ = 0;   // used by the streaming thread only
};

}  // namespace homeward::store::internal
