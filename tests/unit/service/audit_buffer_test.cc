#include "audit_buffer.h"

#include <gtest/gtest.h>

#include <future>
#include <memory>
#include <thread>

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
  auto buffer = std::make_unique<AuditBuffer>(*db, std::chrono::hours(1), 1000);
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

}  // namespace
}  // namespace homeward::service
