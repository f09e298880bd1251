#include "audit_buffer.h"

#include <utility>

#include "homeward/base/time.h"

namespace homeward::service {

AuditBuffer::AuditBuffer(store::Database& db, std::chrono::milliseconds window, size_t max_rows)
    : db_(db), window_(window), max_rows_(max_rows), flusher_([this] { Run(); }) {}

AuditBuffer::~AuditBuffer() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_one();
  flusher_.join();
  std::lock_guard<std::mutex> lock(mu_);
  if (!rows_.empty()) SubmitLocked([](const Status&) {});
}

void AuditBuffer::Append(model::AuditEntry entry) {
  entry.at = NowRfc3339();  // the time of the read, not of the write
  bool wake = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    rows_.push_back(std::move(entry));
    wake = rows_.size() == 1 || rows_.size() >= max_rows_;
  }
  if (wake) wake_.notify_one();
}

void AuditBuffer::Drain(std::function<void(Status)> done) {
  std::lock_guard<std::mutex> lock(mu_);
  SubmitLocked(std::move(done));
}

void AuditBuffer::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    wake_.wait(lock, [this] { return stopping_ || !rows_.empty(); });
    if (stopping_) return;
    const auto closes = std::chrono::steady_clock::now() + window_;
    wake_.wait_until(lock, closes, [this] { return stopping_ || rows_.size() >= max_rows_; });
    if (stopping_) return;
    if (!rows_.empty()) SubmitLocked([](const Status&) {});
  }
}

void AuditBuffer::SubmitLocked(std::function<void(Status)> done) {
  db_.Submit(
      [rows = std::exchange(rows_, {})](store::WriteTx& tx) mutable {
        for (model::AuditEntry& row : rows) {
          RETURN_IF_ERROR(tx.audit().Append(std::move(row)).status());
        }
        return Status::Ok();
      },
      std::move(done));
}

}  // namespace homeward::service
