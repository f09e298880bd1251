#include "homeward/store/backup.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "homeward/crypto/backup_file.h"
#include "internal/connection.h"
#include "internal/migrations.h"
#include "internal/sealing.h"

namespace homeward::store {
namespace {

// Pages copied per step of the online backup: small enough for steady progress.
constexpr int kPagesPerStep = 1024;

using internal::Connection;
using internal::ConnectionSettings;
using internal::FromSqlite;

bool Exists(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0;
}

// A scratch file beside `path` (same file system, so a rename is atomic; same protection as the
// database), created empty with mode 0600 and removed when this goes away unless released.
class Scratch {
 public:
  static StatusOr<std::unique_ptr<Scratch>> Create(const std::string& beside, const char* kind) {
    std::string name = beside + "." + kind + "-XXXXXX";
    const int fd = ::mkstemp(name.data());
    if (fd < 0) return Status::FailedPrecondition("cannot create a scratch file beside " + beside);
    ::close(fd);
    return std::unique_ptr<Scratch>(new Scratch(std::move(name)));
  }
  ~Scratch() {
    if (path_.empty()) return;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) ::unlink((path_ + suffix).c_str());
  }
  const std::string& path() const { return path_; }
  std::string Release() { return std::exchange(path_, {}); }

 private:
  explicit Scratch(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

// A raw SQLite handle for the backup API and the lock check, closed when it goes away.
class Handle {
 public:
  static StatusOr<Handle> Open(const std::string& path, int flags) {
    sqlite3* db = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_EXRESCODE, nullptr);
    if (rc != SQLITE_OK) {
      sqlite3_close_v2(db);
      return FromSqlite(rc, "open database");
    }
    return Handle(db);
  }
  Handle(Handle&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}
  ~Handle() {
    if (db_ != nullptr) sqlite3_close_v2(db_);
  }
  sqlite3* get() const { return db_; }
  Status Exec(const char* sql) {
    const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
    return FromSqlite(rc == SQLITE_OK ? rc : sqlite3_extended_errcode(db_), "execute");
  }

 private:
  explicit Handle(sqlite3* db) : db_(db) {}
  sqlite3* db_;
};

// Copies every page of `source` as of one read transaction into a new database at `copy`.
Status CopyPages(const std::string& source, const std::string& copy,
                 const BackupProgress& progress) {
  HW_ASSIGN_OR_RETURN(Handle from, Handle::Open(source, SQLITE_OPEN_READWRITE));
  sqlite3_busy_timeout(from.get(), 5000);
  // The read transaction stays open across every step, so the copy is one snapshot and
  // concurrent writers never make the backup start over.
  HW_RETURN_IF_ERROR(from.Exec("BEGIN; SELECT count(*) FROM sqlite_schema;"));
  HW_ASSIGN_OR_RETURN(Handle to, Handle::Open(copy, SQLITE_OPEN_READWRITE));
  sqlite3_backup* backup = sqlite3_backup_init(to.get(), "main", from.get(), "main");
  if (backup == nullptr) return FromSqlite(sqlite3_errcode(to.get()), "start the backup");
  int rc = SQLITE_OK;
  do {
    rc = sqlite3_backup_step(backup, kPagesPerStep);
    const int total = sqlite3_backup_pagecount(backup);
    if (progress) progress("copying", total - sqlite3_backup_remaining(backup), total);
  } while (rc == SQLITE_OK);
  const int finished = sqlite3_backup_finish(backup);
  from.Exec("COMMIT").IgnoreError();  // a read transaction: nothing to lose
  if (rc != SQLITE_DONE) return FromSqlite(rc, "copy the database");
  if (finished != SQLITE_OK) return FromSqlite(finished, "finish the backup");
  return Status::Ok();
}

// Checks a database file that is about to become the live one.
Status CheckRestored(const std::string& path, const crypto::Keyring& keys) {
  ConnectionSettings settings;
  settings.keys = keys;
  HW_ASSIGN_OR_RETURN(std::unique_ptr<Connection> connection, Connection::Open(path, settings));
  HW_ASSIGN_OR_RETURN(std::string integrity, connection->Pragma("integrity_check"));
  if (integrity != "ok") {
    return Status::InvalidArgument("the backup's database fails its integrity check");
  }
  HW_ASSIGN_OR_RETURN(std::string version, connection->Pragma("user_version"));
  if (std::stoi(version) > internal::LatestSchemaVersion()) {
    return Status::FailedPrecondition("the backup has schema version " + version +
                                      ", newer than this build's");
  }
  return internal::CheckKeys(*connection, connection->keys());
}

}  // namespace

Status BackupDatabase(const std::string& db_path, const crypto::Keyring& keys,
                      const std::string& to, const BackupProgress& progress) {
  if (!Exists(db_path)) return Status::FailedPrecondition("no database at " + db_path);
  if (Exists(to)) return Status::AlreadyExists(to + " exists");
  {
    // The key file must be this database's: a backup it cannot open would be worthless.
    ConnectionSettings settings;
    settings.keys = keys;
    HW_ASSIGN_OR_RETURN(std::unique_ptr<Connection> connection,
                        Connection::Open(db_path, settings));
    HW_RETURN_IF_ERROR(internal::CheckKeys(*connection, connection->keys()));
  }
  HW_ASSIGN_OR_RETURN(std::unique_ptr<Scratch> copy, Scratch::Create(db_path, "backup"));
  HW_RETURN_IF_ERROR(CopyPages(db_path, copy->path(), progress));
  return crypto::EncryptFile(copy->path(), to, keys.current(), [&](uint64_t done, uint64_t total) {
    if (progress) progress("encrypting", done, total);
  });
}

Status RestoreDatabase(const std::string& from, const crypto::Keyring& keys,
                       const std::string& db_path, const BackupProgress& progress) {
  HW_ASSIGN_OR_RETURN(std::unique_ptr<Scratch> restored, Scratch::Create(db_path, "restore"));
  ::unlink(restored->path().c_str());  // decrypted into a file made exclusively, 0600
  HW_RETURN_IF_ERROR(
      crypto::DecryptFile(from, restored->path(), keys, [&](uint64_t done, uint64_t total) {
        if (progress) progress("decrypting", done, total);
      }));
  HW_RETURN_IF_ERROR(CheckRestored(restored->path(), keys));

  if (Exists(db_path)) {
    // An exclusive lock fails while any other connection (a running server) has the file open.
    // Closing it afterwards checkpoints and removes the old write-ahead log, so that no frame
    // of the old database is ever applied to the restored one.
    HW_ASSIGN_OR_RETURN(Handle current, Handle::Open(db_path, SQLITE_OPEN_READWRITE));
    if (!current.Exec("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; COMMIT;").ok()) {
      return Status::FailedPrecondition("the database " + db_path +
                                        " is in use: stop homeward-server first");
    }
  }
  for (const char* suffix : {"-wal", "-shm"}) {
    if (Exists(db_path + suffix) && ::unlink((db_path + suffix).c_str()) != 0) {
      return Status::FailedPrecondition("cannot remove " + db_path + suffix);
    }
  }
  if (::rename(restored->path().c_str(), db_path.c_str()) != 0) {
    return Status::FailedPrecondition("cannot put the restored database in place of " + db_path);
  }
  restored->Release();
  std::string folder = db_path.substr(0, db_path.find_last_of('/') + 1);
  const int dir = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);  // the rename itself reaches the disk
    ::close(dir);
  }
  return Status::Ok();
}

}  // namespace homeward::store
