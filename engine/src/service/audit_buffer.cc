#include "audit_buffer.h"

#include <memory>
#include <utility>

namespace homeward::service {

AuditBuffer::AuditBuffer(store::Database& db, const Clock& clock, std::chrono::milliseconds window,
                         size_t max_rows)
    : db_(db), clock_(clock), window_(window), max_rows_(max_rows), flusher_([this] { Run(); }) {}

AuditBuffer::~AuditBuffer() {
  {
    MutexLock lock(&mu_);
    stopping_ = true;
  }
  wake_.Signal();
  flusher_.join();
  MutexLock lock(&mu_);
  if (!rows_.empty()) SubmitLocked([](const Status&) {});
  // Every batch's completion updates this object: wait for the store to finish them all.
  while (in_store_queue_ != 0) settled_.Wait(&mu_);
}

Status AuditBuffer::Append(model::AuditEntry entry) {
  entry.at = clock_.NowRfc3339();  // the time of the read, not of the write
  bool wake = false;
  {
    MutexLock lock(&mu_);
    if (stopping_ || rows_.size() + in_store_queue_ >= kMaxWaiting) {
      ++refused_rows_;
      return Status::Unavailable("the audit log is not taking rows; try again");
    }
    rows_.push_back(std::move(entry));
    wake = rows_.size() == 1 || rows_.size() >= max_rows_;
  }
  if (wake) wake_.Signal();
  return Status::Ok();
}

void AuditBuffer::Drain(std::function<void(Status)> done) {
  MutexLock lock(&mu_);
  SubmitLocked(std::move(done));
}

void AuditBuffer::Run() {
  MutexLock lock(&mu_);
  while (true) {
    while (!stopping_ && rows_.empty()) wake_.Wait(&mu_);
    if (stopping_) return;
    const auto closes = std::chrono::steady_clock::now() + window_;
    while (!stopping_ && rows_.size() < max_rows_ && wake_.WaitUntil(&mu_, closes)) {
    }
    if (stopping_) return;
    if (!rows_.empty()) SubmitLocked([](const Status&) {});
  }
}

void AuditBuffer::SubmitLocked(std::function<void(Status)> done) {
  const size_t count = rows_.size();
  in_store_queue_ += count;
  auto failed = std::make_shared<uint64_t>(0);
  // A row the store refuses is counted and the others still go in (a failed INSERT undoes only
  // itself); a transaction that fails loses, and counts, them all.
  db_.Submit(
      [rows = std::exchange(rows_, {}), failed](store::WriteTx& tx) mutable {
        for (model::AuditEntry& row : rows) {
          if (!tx.audit().Append(std::move(row)).ok()) ++*failed;
        }
        return Status::Ok();
      },
      [this, count, failed, done = std::move(done)](Status status) {
        {
          MutexLock lock(&mu_);
          failed_rows_ += status.ok() ? *failed : count;
          in_store_queue_ -= count;
          // Under the lock: once it is released the destructor may end this object.
          settled_.SignalAll();
        }
        done(std::move(status));
      });
}

}  // namespace homeward::service
