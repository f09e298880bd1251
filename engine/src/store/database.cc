#include "homeward/store/database.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <deque>
#include <functional>
#include <future>
#include <iterator>
#include <string>
#include <thread>
#include <utility>

#include "homeward/base/mutex.h"
#include "internal/connection.h"
#include "internal/migrations.h"
#include "internal/sealing.h"

namespace homeward::store {
namespace {

using internal::Connection;

// Attempts at BEGIN IMMEDIATE / COMMIT while another process holds the lock; each attempt
// already waits up to the busy timeout inside SQLite.
constexpr int kLockAttempts = 3;
// Attempts at a TRUNCATE checkpoint while a reader still holds an old snapshot.
constexpr int kCheckpointAttempts = 50;
// Records sealed per transaction when a plain database is sealed at open, and per queued
// request when records of an older key are re-sealed in the background (small enough that a
// request queued behind one waits a few milliseconds).
constexpr int64_t kSealBatchAtOpen = 2000;
constexpr int64_t kResealBatch = 200;
// The first schema version whose audit log is a hash chain.
constexpr int kAuditChainSchemaVersion = 4;
// Audit rows of an older schema linked into the chain per transaction at open.
constexpr int64_t kLinkBatchAtOpen = 5000;

// Runs a caller's function, keeping its exceptions inside the store.
Status RunGuarded(const std::function<Status(WriteTx&)>& work, WriteTx& tx) {
  try {
    return work(tx);
  } catch (const std::exception&) {
    return Status::Internal("a write request threw an exception");
  }
}

void Complete(const std::function<void(Status)>& done, Status status) {
  if (!done) return;
  try {
    done(std::move(status));
  } catch (...) {
    // The caller's completion is its own business; the writer thread serves everyone else.
  }
}

void Notify(const ChangeListener& listener, const std::vector<Change>& changes) {
  try {
    listener(changes);
  } catch (...) {
    // A listener's failure is its own (the changes are committed either way); the writer
    // thread must go on serving every other request.
  }
}

Status ExecWithRetry(Connection& connection, const char* sql) {
  Status status;
  for (int attempt = 0; attempt < kLockAttempts; ++attempt) {
    status = connection.Exec(sql);
    if (status.code() != StatusCode::kUnavailable) return status;
  }
  return status;
}

// The database file is created readable by its owner only, and an existing one (with the
// write-ahead log and index SQLite keeps beside it, which take its mode) made so.
Status RestrictFileMode(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return Status::FailedPrecondition("cannot open the database file");
  const int changed = ::fchmod(fd, 0600);
  ::close(fd);
  if (changed != 0) return Status::FailedPrecondition("cannot make the database file private");
  for (const char* suffix : {"-wal", "-shm"}) {
    ::chmod((path + suffix).c_str(), 0600);  // absent is fine
  }
  return Status::Ok();
}

// A TRUNCATE checkpoint, retried while readers still hold snapshots of the log.
Status TruncateLog(Connection& writer) {
  for (int attempt = 0; attempt < kCheckpointAttempts; ++attempt) {
    HW_ASSIGN_OR_RETURN(auto checkpoint, writer.Prepare("PRAGMA wal_checkpoint(TRUNCATE)"));
    HW_ASSIGN_OR_RETURN(bool row, checkpoint.Step());
    if (row && checkpoint.Int(0) == 0) return Status::Ok();
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return Status::Unavailable("readers kept the checkpoint from finishing");
}

// Runs `batch` (which handles up to `size` rows and says how many it did) in one write
// transaction after another until one does fewer than `size`. `what` names the work in errors.
Status InBatches(Connection& writer, const std::string& what, int64_t size,
                 const std::function<StatusOr<int64_t>(int64_t)>& batch) {
  for (;;) {
    HW_RETURN_IF_ERROR(writer.Exec("BEGIN IMMEDIATE"));
    StatusOr<int64_t> done_rows = batch(size);
    Status done = done_rows.ok() ? writer.Exec("COMMIT") : done_rows.status();
    if (!done.ok()) {
      writer.Exec("ROLLBACK").IgnoreError();
      return Status(done.code(), what + " failed: " + done.message());
    }
    if (*done_rows < size) return Status::Ok();
  }
}

// Seals every record written plain, in transactions of kSealBatchAtOpen records, then
// checkpoints so that no plain page image stays in the write-ahead log (secure_delete has
// zeroed the space the plain records left in the file).
Status SealPlainRecords(Connection& writer, const crypto::Keyring& keys) {
  HW_ASSIGN_OR_RETURN(int64_t plain,
                      internal::CountUnsealed(writer, keys, internal::Unsealed::kPlain));
  if (plain == 0) return Status::Ok();
  HW_RETURN_IF_ERROR(
      InBatches(writer, "sealing the records written plain", kSealBatchAtOpen, [&](int64_t size) {
        return internal::SealBatch(writer, keys, internal::Unsealed::kPlain, size);
      }));
  return TruncateLog(writer);
}

// Links the audit rows written before the log was a chain to its end.
Status LinkUnchainedAudit(Connection& writer) {
  return InBatches(writer, "linking the audit log", kLinkBatchAtOpen,
                   [&](int64_t size) { return WriteAuditLog(writer).LinkUnchained(size); });
}

}  // namespace

StatusOr<std::map<std::string, std::string>> ReadTx::Pragmas() const {
  std::map<std::string, std::string> values;
  for (const char* name : {"journal_mode", "foreign_keys", "synchronous", "busy_timeout",
                           "trusted_schema", "secure_delete", "user_version"}) {
    HW_ASSIGN_OR_RETURN(values[name], connection_->Pragma(name));
  }
  return values;
}

class Database::Impl {
 public:
  // A queued unit of work for the writer thread: a request (run inside the shared transaction)
  // or maintenance (run alone, outside any transaction, e.g. a checkpoint).
  struct Job {
    std::function<Status(WriteTx&)> request;
    std::function<Status(Connection&)> maintenance;
    std::function<void(Status)> done;
  };

  Impl(std::string path, const Options& options, std::unique_ptr<Connection> writer,
       std::vector<std::unique_ptr<Connection>> readers, int64_t reseal_pending)
      : path_(std::move(path)),
        max_batch_(options.max_batch == 0 ? 1 : options.max_batch),
        writer_(std::move(writer)),
        readers_(std::move(readers)),
        listeners_(std::make_shared<const std::vector<ChangeListener>>()),
        reseal_pending_(reseal_pending) {
    for (auto& reader : readers_) idle_readers_.push_back(reader.get());
    thread_ = std::thread([this] { WriterLoop(); });
    if (reseal_pending > 0) resealer_ = std::thread([this] { ResealLoop(); });
  }

  ~Impl() {
    if (resealer_.joinable()) {
      stop_resealing_ = true;
      resealer_.join();
    }
    {
      MutexLock lock(&queue_mutex_);
      stopping_ = true;
    }
    queue_ready_.Signal();
    thread_.join();
  }

  void Enqueue(Job job) {
    {
      MutexLock lock(&queue_mutex_);
      if (!stopping_) {
        queue_.push_back(std::move(job));
        queue_ready_.Signal();
        return;
      }
    }
    // Only reachable when a Submit races the destructor (a caller's bug); answering beats
    // dropping the request without a word.
    Complete(job.done, Status::Unavailable("the database is closing"));
  }

  // Queues `job` and waits for its outcome.
  Status EnqueueAndWait(Job job) {
    if (std::this_thread::get_id() == thread_.get_id()) {
      return Status::FailedPrecondition("a blocking write from the writer thread would deadlock");
    }
    std::promise<Status> outcome;
    std::future<Status> result = outcome.get_future();
    job.done = [&outcome](Status status) { outcome.set_value(std::move(status)); };
    Enqueue(std::move(job));
    return result.get();
  }

  Connection* LeaseReader() {
    MutexLock lock(&readers_mutex_);
    while (idle_readers_.empty()) reader_free_.Wait(&readers_mutex_);
    Connection* reader = idle_readers_.back();
    idle_readers_.pop_back();
    return reader;
  }

  void ReturnReader(Connection* reader) {
    {
      MutexLock lock(&readers_mutex_);
      idle_readers_.push_back(reader);
    }
    reader_free_.Signal();
  }

  void AddListener(ChangeListener listener) {
    MutexLock lock(&listeners_mutex_);
    auto next = std::make_shared<std::vector<ChangeListener>>(*listeners_);
    next->push_back(std::move(listener));
    listeners_ = std::move(next);
  }

  WriterStats stats() const { return {commits_.load(), requests_.load(), failed_requests_.load()}; }
  SealingStats sealing_stats() const { return {reseal_pending_.load(), resealed_.load()}; }

  const std::string& path() const { return path_; }

 private:
  void WriterLoop() {
    for (;;) {
      std::vector<Job> batch;
      {
        MutexLock lock(&queue_mutex_);
        while (!stopping_ && queue_.empty()) queue_ready_.Wait(&queue_mutex_);
        if (queue_.empty()) return;  // stopping, and everything queued is done
        // Maintenance runs alone; requests run together up to the batch cap.
        if (queue_.front().maintenance) {
          batch.push_back(std::move(queue_.front()));
          queue_.pop_front();
        } else {
          while (!queue_.empty() && !queue_.front().maintenance && batch.size() < max_batch_) {
            batch.push_back(std::move(queue_.front()));
            queue_.pop_front();
          }
        }
      }
      if (batch.front().maintenance) {
        Complete(batch.front().done, batch.front().maintenance(*writer_));
      } else {
        CommitBatch(batch);
      }
    }
  }

  // One transaction for the whole batch, one savepoint per request.
  void CommitBatch(std::vector<Job>& batch) {
    std::shared_ptr<const std::vector<ChangeListener>> listeners;
    {
      MutexLock lock(&listeners_mutex_);
      listeners = listeners_;
    }
    const bool listening = !listeners->empty();

    Status begun = ExecWithRetry(*writer_, "BEGIN IMMEDIATE");
    if (!begun.ok()) {
      for (Job& job : batch) Complete(job.done, begun);
      return;
    }
    std::vector<Status> outcomes(batch.size());
    ChangeLog committed;
    uint64_t failed = 0;
    for (size_t i = 0; i < batch.size(); ++i) {
      ChangeLog changes;
      outcomes[i] = RunRequest(batch[i], listening ? &changes : nullptr);
      if (!writer_->InTransaction()) {
        // SQLite rolled the whole transaction back (a full disk, an I/O error): every request
        // of the batch is lost with it.
        Status lost =
            outcomes[i].ok() ? Status::Internal("the transaction was rolled back") : outcomes[i];
        for (Job& job : batch) Complete(job.done, lost);
        failed_requests_ += batch.size();
        return;
      }
      if (outcomes[i].ok()) {
        std::move(changes.begin(), changes.end(), std::back_inserter(committed));
      } else {
        ++failed;
      }
    }
    Status commit = ExecWithRetry(*writer_, "COMMIT");
    if (!commit.ok()) {
      writer_->Exec("ROLLBACK").IgnoreError();  // may already be rolled back
      for (size_t i = 0; i < batch.size(); ++i) {
        Complete(batch[i].done, outcomes[i].ok() ? commit : outcomes[i]);
      }
      failed_requests_ += batch.size();
      return;
    }
    ++commits_;
    requests_ += batch.size() - failed;
    failed_requests_ += failed;
    if (listening && !committed.empty()) {
      for (const ChangeListener& listener : *listeners) Notify(listener, committed);
    }
    for (size_t i = 0; i < batch.size(); ++i) Complete(batch[i].done, std::move(outcomes[i]));
  }

  // Runs one request inside its own savepoint, rolled back alone when it fails.
  Status RunRequest(Job& job, ChangeLog* changes) {
    HW_RETURN_IF_ERROR(writer_->Exec("SAVEPOINT request"));
    WriteTx tx(*writer_, changes);
    Status outcome = RunGuarded(job.request, tx);
    if (!writer_->InTransaction()) return outcome;
    if (outcome.ok()) {
      Status released = writer_->Exec("RELEASE request");
      if (released.ok()) return outcome;
      outcome = released;
    }
    writer_->Exec("ROLLBACK TO request").IgnoreError();
    writer_->Exec("RELEASE request").IgnoreError();
    return outcome;
  }

  // Re-seals the records of older keys under the current one, a batch per queued request, so
  // that requests keep flowing between batches; stops early when the database closes.
  void ResealLoop() {
    const crypto::Keyring& keys = *writer_->keys();
    while (!stop_resealing_) {
      int64_t sealed = 0;
      Status status = EnqueueAndWait(
          {[&](WriteTx&) -> Status {
             HW_ASSIGN_OR_RETURN(
                 sealed, internal::SealBatch(*writer_, keys, internal::Unsealed::kNotCurrentKey,
                                             kResealBatch));
             return Status::Ok();
           },
           nullptr, nullptr});
      if (!status.ok()) {
        // A full disk or a lock held elsewhere: try again a little later.
        std::this_thread::sleep_for(std::chrono::seconds(1));
        continue;
      }
      resealed_ += sealed;
      reseal_pending_ = std::max<int64_t>(0, reseal_pending_ - sealed);
      if (sealed < kResealBatch) {
        reseal_pending_ = 0;
        return;
      }
    }
  }

  const std::string path_;
  const size_t max_batch_;
  // Used only by the writer thread (and by Open before it starts).
  const std::unique_ptr<Connection> writer_;
  const std::vector<std::unique_ptr<Connection>> readers_;

  Mutex queue_mutex_;
  CondVar queue_ready_;
  std::deque<Job> queue_ HW_GUARDED_BY(queue_mutex_);
  bool stopping_ HW_GUARDED_BY(queue_mutex_) = false;

  Mutex readers_mutex_;
  CondVar reader_free_;
  std::vector<Connection*> idle_readers_ HW_GUARDED_BY(readers_mutex_);

  Mutex listeners_mutex_;
  // Copied on write, so the writer reads a snapshot without holding the lock while calling.
  std::shared_ptr<const std::vector<ChangeListener>> listeners_ HW_GUARDED_BY(listeners_mutex_);

  std::atomic<uint64_t> commits_{0};
  std::atomic<uint64_t> requests_{0};
  std::atomic<uint64_t> failed_requests_{0};

  std::atomic<int64_t> reseal_pending_;
  std::atomic<int64_t> resealed_{0};
  std::atomic<bool> stop_resealing_{false};

  std::thread thread_;  // after everything it uses: starts once it exists
  std::thread resealer_;
};

StatusOr<std::unique_ptr<Database>> Database::Open(const std::string& path,
                                                   const Options& options) {
  if (options.readers < 1) return Status::InvalidArgument("a database needs at least one reader");
  HW_RETURN_IF_ERROR(RestrictFileMode(path));
  internal::ConnectionSettings settings;
  settings.busy_timeout = options.busy_timeout;
  settings.cache_kib = options.writer_cache_kib;
  settings.keys = options.keys;
  settings.clock = options.clock;
  HW_ASSIGN_OR_RETURN(std::unique_ptr<Connection> writer, Connection::Open(path, settings));
  // Before the first write: a wrong key must leave the file as it was.
  HW_RETURN_IF_ERROR(internal::CheckKeys(*writer, writer->keys()));
  HW_ASSIGN_OR_RETURN(std::string version, writer->Pragma("user_version"));
  HW_RETURN_IF_ERROR(internal::Migrate(*writer));
  // Only rows from before the chain are linked: a row slipped in later stays out of it, and
  // verification reports it.
  if (std::stoi(version) < kAuditChainSchemaVersion)
    HW_RETURN_IF_ERROR(LinkUnchainedAudit(*writer));
  int64_t reseal_pending = 0;
  if (options.keys) {
    HW_RETURN_IF_ERROR(SealPlainRecords(*writer, *options.keys));
    HW_ASSIGN_OR_RETURN(
        reseal_pending,
        internal::CountUnsealed(*writer, *options.keys, internal::Unsealed::kNotCurrentKey));
  }

  settings.read_only = true;
  settings.cache_kib = options.reader_cache_kib;
  std::vector<std::unique_ptr<Connection>> readers;
  for (int i = 0; i < options.readers; ++i) {
    HW_ASSIGN_OR_RETURN(std::unique_ptr<Connection> reader, Connection::Open(path, settings));
    readers.push_back(std::move(reader));
  }
  auto impl =
      std::make_unique<Impl>(path, options, std::move(writer), std::move(readers), reseal_pending);
  return std::unique_ptr<Database>(new Database(std::move(impl)));
}

StatusOr<AuditChainCheck> VerifyAuditChain(const std::string& path,
                                           const std::vector<AuditLink>& external) {
  if (::access(path.c_str(), F_OK) != 0) {
    return Status::FailedPrecondition("no database at " + path);
  }
  internal::ConnectionSettings settings;
  settings.read_only = true;
  HW_ASSIGN_OR_RETURN(std::unique_ptr<Connection> connection, Connection::Open(path, settings));
  HW_ASSIGN_OR_RETURN(std::string version, connection->Pragma("user_version"));
  if (std::stoi(version) < kAuditChainSchemaVersion) {
    return Status::FailedPrecondition("the database predates the audit chain (schema version " +
                                      version + "); start the server once to link its audit log");
  }
  HW_RETURN_IF_ERROR(connection->Exec("BEGIN"));  // one snapshot for the whole walk
  StatusOr<AuditChainCheck> check = AuditLog(*connection).VerifyChain(external);
  connection->Exec("COMMIT").IgnoreError();  // a read-only commit cannot lose data
  return check;
}

Database::Database(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Database::~Database() = default;

void Database::Submit(std::function<Status(WriteTx&)> work, std::function<void(Status)> done) {
  impl_->Enqueue({std::move(work), nullptr, std::move(done)});
}

Status Database::Write(std::function<Status(WriteTx&)> work) {
  return impl_->EnqueueAndWait({std::move(work), nullptr, nullptr});
}

Status Database::RunRead(const std::function<void(ReadTx&)>& fn) {
  Connection* reader = impl_->LeaseReader();
  // Ends the read transaction and returns the connection even when `fn` throws.
  struct Lease {
    Impl* impl;
    Connection* reader;
    bool open = false;
    ~Lease() {
      if (open) reader->Exec("COMMIT").IgnoreError();  // a read-only commit cannot lose data
      impl->ReturnReader(reader);
    }
  } lease{impl_.get(), reader};
  HW_RETURN_IF_ERROR(reader->Exec("BEGIN"));
  lease.open = true;
  ReadTx tx(*reader);
  fn(tx);
  return Status::Ok();
}

void Database::AddChangeListener(ChangeListener listener) {
  impl_->AddListener(std::move(listener));
}

Status Database::Checkpoint() {
  return impl_->EnqueueAndWait({nullptr, &TruncateLog, nullptr});
}

void Database::SubmitCheckpoint(std::function<void(Status)> done) {
  impl_->Enqueue({nullptr, &TruncateLog, std::move(done)});
}

WriterStats Database::writer_stats() const {
  return impl_->stats();
}

SealingStats Database::sealing_stats() const {
  return impl_->sealing_stats();
}

const std::string& Database::path() const {
  return impl_->path();
}

}  // namespace homeward::store
