// The Homeward store: one SQLite file in WAL mode (schema in docs/formats/sqlite-schema.md).
//
// Writes are queued to a single writer thread that commits whatever is queued together (group
// commit): one BEGIN IMMEDIATE ... COMMIT for many requests, each request in its own SAVEPOINT
// so that a failing one is rolled back alone. A request completes when its transaction is on
// disk (synchronous=FULL). Reads run on a pool of reader connections, each read transaction on
// one consistent snapshot, never blocked by the writer.
//
// Thread-safety: Database is safe to use from any number of threads. ReadTx and WriteTx belong
// to the thread running them and live only as long as the function given to Read or Submit.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "homeward/base/clock.h"
#include "homeward/base/status.h"
#include "homeward/crypto/keyring.h"
#include "homeward/store/offer_comparisons.h"
#include "homeward/store/reference_versions.h"
#include "homeward/store/repository.h"

namespace homeward::store {

// A read transaction on one consistent snapshot of the database.
class ReadTx {
 public:
  explicit ReadTx(internal::Connection& connection) : connection_(&connection) {}

  Repository<model::Individual> individuals() const {
    return Repository<model::Individual>(*connection_);
  }
  Repository<model::Employer> employers() const {
    return Repository<model::Employer>(*connection_);
  }
  Repository<model::Vacancy> vacancies() const { return Repository<model::Vacancy>(*connection_); }
  Repository<model::Training> trainings() const {
    return Repository<model::Training>(*connection_);
  }
  Repository<model::Programme> programmes() const {
    return Repository<model::Programme>(*connection_);
  }
  Repository<model::Referral> referrals() const {
    return Repository<model::Referral>(*connection_);
  }
  Repository<model::Allocation> allocations() const {
    return Repository<model::Allocation>(*connection_);
  }
  Repository<model::ApiKey> api_keys() const { return Repository<model::ApiKey>(*connection_); }
  AuditLog audit() const { return AuditLog(*connection_); }
  KeptCounts kept_counts() const { return KeptCounts(*connection_); }
  MarketHistory market_data() const { return MarketHistory(*connection_); }
  ReferenceVersions reference_versions(ReferenceTable table) const {
    return ReferenceVersions(*connection_, table);
  }
  OfferComparisons offer_comparisons() const { return OfferComparisons(*connection_); }
  IdempotencyStore idempotency() const { return IdempotencyStore(*connection_); }

  // The connection's settings as SQLite reports them (journal_mode, foreign_keys, ...).
  StatusOr<std::map<std::string, std::string>> Pragmas() const;

 private:
  internal::Connection* connection_;
};

// One request's share of a write transaction: everything it does commits or rolls back together.
class WriteTx {
 public:
  WriteTx(internal::Connection& connection, ChangeLog* changes)
      : connection_(&connection), changes_(changes) {}

  WriteRepository<model::Individual> individuals() const { return {*connection_, changes_}; }
  WriteRepository<model::Employer> employers() const { return {*connection_, changes_}; }
  WriteRepository<model::Vacancy> vacancies() const { return {*connection_, changes_}; }
  WriteRepository<model::Training> trainings() const { return {*connection_, changes_}; }
  WriteRepository<model::Programme> programmes() const { return {*connection_, changes_}; }
  WriteRepository<model::Referral> referrals() const { return {*connection_, changes_}; }
  WriteRepository<model::Allocation> allocations() const { return {*connection_, changes_}; }
  WriteRepository<model::ApiKey> api_keys() const { return {*connection_, changes_}; }
  WriteAuditLog audit() const { return WriteAuditLog(*connection_); }
  WriteMarketHistory market_data() const { return {*connection_, changes_}; }
  WriteReferenceVersions reference_versions(ReferenceTable table) const {
    return WriteReferenceVersions(*connection_, table);
  }
  WriteOfferComparisons offer_comparisons() const { return WriteOfferComparisons(*connection_); }
  WriteIdempotencyStore idempotency() const { return WriteIdempotencyStore(*connection_); }

 private:
  internal::Connection* connection_;
  ChangeLog* changes_;
};

struct Options {
  // Reader connections in the pool; a Read waits when all are busy.
  int readers = 4;
  // How long SQLite waits for a lock held by another process before giving up.
  std::chrono::milliseconds busy_timeout{5000};
  // The most queued requests committed in one transaction.
  size_t max_batch = 512;
  // Page cache of the writer connection and of each reader, in KiB. Ids are random, so inserts
  // touch primary-key pages all over the file; a writer cache that holds them keeps bulk loads
  // fast.
  int64_t writer_cache_kib = 64 * 1024;
  int64_t reader_cache_kib = 16 * 1024;
  // The data keys that seal personal records at rest (individuals, referrals, offer comparisons;
  // see docs/formats/sealed-records.md). With keys, Open refuses a database whose sealed records
  // they do not open, seals the records of a database written plain before it returns, and re-seals
  // in the background the records of older keys under keys->current(). Without keys (tools and
  // tests that hold none), records are written plain and a database with sealed records is
  // refused.
  std::optional<crypto::Keyring> keys;
  // What the records' created_at and updated_at and the audit rows' times read. Must outlive the
  // database.
  const Clock* clock = &Clock::System();
};

// Counters of the writer thread, for metrics and tests.
struct WriterStats {
  uint64_t commits = 0;          // transactions committed
  uint64_t requests = 0;         // requests committed
  uint64_t failed_requests = 0;  // requests rolled back to their savepoint
};

// Progress of the background pass that re-seals records under the current key after a rotation.
struct SealingStats {
  int64_t pending = 0;   // records still sealed with an older key
  int64_t resealed = 0;  // records re-sealed since the database was opened
};

// Told about the changes of each committed transaction, on the writer thread, before the
// transaction's requests complete. Must be quick and must not call Write (it would wait on
// itself); Submit is fine.
using ChangeListener = std::function<void(const std::vector<Change>& changes)>;

class Database {
 public:
  // Opens (creating it when absent, mode 0600) the database at `path`, checks that the keys open
  // its sealed records (before anything is written), applies the numbered migrations it lacks,
  // seals records written plain, asserts its settings and starts the writer thread.
  // FAILED_PRECONDITION when the file was written by a newer Homeward, a setting does not hold,
  // or the keys do not open its records (see Options::keys); the file is then left unchanged.
  static StatusOr<std::unique_ptr<Database>> Open(const std::string& path,
                                                  const Options& options = {});
  // Completes every queued request, then stops the writer thread and closes the connections.
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Queues `work` for the writer thread and returns at once. `done` is called with the outcome
  // (on the writer thread, never on the caller's) once the transaction is on disk or `work` was
  // rolled back: `work`'s own error, or the error that stopped the commit.
  void Submit(std::function<Status(WriteTx&)> work, std::function<void(Status)> done);

  // Runs `work` as Submit does and waits for the outcome. For tools and tests; never call it on
  // an HTTP listener thread, or from a change listener.
  Status Write(std::function<Status(WriteTx&)> work);

  // Runs `fn(ReadTx&)` in a read transaction on a pooled connection and returns what it returns
  // (a Status or a StatusOr<T>); an error starting the transaction is returned instead.
  template <typename F>
  auto Read(F&& fn) -> std::invoke_result_t<F, ReadTx&>;

  // Registers a listener for committed changes (see ChangeListener).
  void AddChangeListener(ChangeListener listener);

  // Copies the write-ahead log into the database file and truncates the log to zero bytes, so
  // that erased records linger in neither file. UNAVAILABLE when readers kept it from finishing.
  // Waits like Write (never from the writer thread).
  Status Checkpoint();

  // Queues the same checkpoint as writer work and returns at once; `done` is called with its
  // outcome on the writer thread. Safe from a write's completion (where Checkpoint would
  // deadlock and is refused): work queued before it is committed before it runs.
  void SubmitCheckpoint(std::function<void(Status)> done);

  WriterStats writer_stats() const;
  SealingStats sealing_stats() const;
  const std::string& path() const;

 private:
  class Impl;
  explicit Database(std::unique_ptr<Impl> impl);
  // Leases a reader connection, opens a read transaction, runs `fn` and ends the transaction.
  Status RunRead(const std::function<void(ReadTx&)>& fn);

  std::unique_ptr<Impl> impl_;
};

// Walks the audit chain of the database at `path` (see AuditLog::VerifyChain) on a read-only
// connection, beside a running server or while it is stopped; writes nothing. FAILED_PRECONDITION
// when the database does not exist or predates the chain (a server links it when it starts).
StatusOr<AuditChainCheck> VerifyAuditChain(const std::string& path,
                                           const std::vector<AuditLink>& external);

template <typename F>
auto Database::Read(F&& fn) -> std::invoke_result_t<F, ReadTx&> {
  using Result = std::invoke_result_t<F, ReadTx&>;
  static_assert(std::is_constructible_v<Result, Status>,
                "a read function returns Status or StatusOr<T>");
  std::optional<Result> result;
  Status started = RunRead([&](ReadTx& tx) { result.emplace(std::forward<F>(fn)(tx)); });
  if (!result) return Result(std::move(started));
  return std::move(*result);
}

}  // namespace homeward::store
