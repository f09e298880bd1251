#include "audit_buffer.h"

#include <gtest/gtest.h>

#include <future>
#include <memory>
#include <thread>

#include "homeward/base/clock.h"
#include "homeward/store/database.h"
#include "temp_dir.h"

namespace homeward::service {
namespace {

// Blocks the store's writer until the returned promise is set.
std::promise<void> HoldWriter(store::Database& db) {
  std::promise<void> release;
  db.Submit(
      [gate = release.get_future().share()](store::WriteTx&) {
        gate.wait();
        return Status::Ok();
      },
      [](const Status&) {});
  return release;
}

model::AuditEntry Row(std::string subject) {
  return {"", "", "system", "individual.read", std::move(subject), "allowed", ""};
}

size_t AuditRows(store::Database& db) {
  auto page = db.Read([](store::ReadTx& tx) {
    store::ListOptions options;
    options.limit = store::ListOptions::kMaxLimit;
    return tx.audit().List(options);
  });
  return page.ok() ? page->items.size() : 0;
}

// A batch drained just before the buffer goes is still in the store's queue when the destructor
// runs; its completion updates the buffer. The destructor must wait for it (without the wait,
// AddressSanitizer reports a heap-use-after-free on the writer thread here).
TEST(AuditBufferTest, DestructionWaitsForTheBatchesTheStoreStillHolds) {
  testing::TempDir dir;
  auto db = store::Database::Open(dir.File("audit.db")).value();
  std::promise<void> release = HoldWriter(*db);
  auto buffer = std::make_unique<AuditBuffer>(*db, Clock::System(), std::chrono::hours(1), 1000);
  ASSERT_TRUE(buffer->Append(Row("drained")).ok());
  buffer->Drain([](const Status&) {});
  ASSERT_TRUE(buffer->Append(Row("waiting")).ok());

  std::thread releaser([&release] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    release.set_value();
  });
  buffer.reset();
  releaser.join();

  EXPECT_EQ(AuditRows(*db), 2u);
}

// A row is stamped with the buffer's clock when it is appended (the time of the read it
// records), not when the store writes it.
TEST(AuditBufferTest, RowsAreStampedByTheClockWhenAppended) {
  testing::TempDir dir;
  auto db = store::Database::Open(dir.File("audit.db")).value();
  FixedClock clock(Date{2027, 3, 1});
  AuditBuffer buffer(*db, clock, std::chrono::hours(1), 1000);
  ASSERT_TRUE(buffer.Append(Row("read")).ok());
  clock.Advance(3600);
  std::promise<Status> written;
  buffer.Drain([&written](Status status) { written.set_value(std::move(status)); });
  ASSERT_TRUE(written.get_future().get().ok());
  auto page = db->Read([](store::ReadTx& tx) { return tx.audit().List(store::ListOptions{}); });
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].at, "2027-03-01T00:00:00Z");
}

}  // namespace
}  // namespace homeward::service
