// A SQLite connection with a cache of prepared statements, and the statement handle handed out
// from that cache. Private to the store.
//
// Thread-safety: a Connection (and every Statement taken from it) is used by one thread at a
// time; the Database hands each connection to exactly one thread at once.
#pragma once

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "homeward/base/clock.h"
#include "homeward/base/status.h"
#include "homeward/crypto/keyring.h"

namespace homeward::store::internal {

// Maps a SQLite result code to a Status. The message of a code a client may see (a conflict, a
// missing reference, a busy or full database) is a sentence of ours, never SQLite's text; an
// internal error names the operation and SQLite's generic description of the code. Never the SQL
// text or any value, so no personal data.
Status FromSqlite(int rc, std::string_view operation);

// A prepared statement borrowed from a Connection's cache (or owned, when the cache is full).
// Resets itself and clears its bindings when it goes away, ready for the next borrower.
class Statement {
 public:
  // `in_use` is the cache's flag for a borrowed statement (cleared on return); null when the
  // statement is owned and finalized on destruction.
  Statement(sqlite3_stmt* stmt, bool* in_use) : stmt_(stmt), in_use_(in_use) {}
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Binds parameter `index` (1-based). A failure is remembered and reported by Step().
  Statement& Bind(int index, std::string_view text);
  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, double value);
  Statement& BindNull(int index);

  // Runs one step: true when a row is ready, false when the statement is done.
  StatusOr<bool> Step();
  // Steps to completion, expecting no rows.
  Status Run();

  // Column accessors for the current row (0-based).
  std::string_view Text(int column) const;
  int64_t Int(int column) const;
  double Real(int column) const;
  bool IsNull(int column) const;

 private:
  void NoteBind(int rc);

  sqlite3_stmt* stmt_;
  bool* in_use_;
  int bind_rc_ = SQLITE_OK;
};

struct ConnectionSettings {
  std::chrono::milliseconds busy_timeout{5000};
  int64_t cache_kib = 2000;  // SQLite's page cache for this connection
  bool read_only = false;
  // The keys that seal and open personal records; none: they are written plain (and a sealed
  // one cannot be read).
  std::optional<crypto::Keyring> keys;
  const Clock* clock = &Clock::System();  // what the stored times read
};

class Connection {
 public:
  // Opens (creating when writable and absent) the database at `path` and applies the pragmas of
  // docs/formats/sqlite-schema.md, then reads each back and fails unless it holds.
  static StatusOr<std::unique_ptr<Connection>> Open(const std::string& path,
                                                    const ConnectionSettings& settings);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one or more statements that return no rows of interest.
  Status Exec(const char* sql);
  // A prepared statement for `sql`, compiled once per connection and then reused.
  StatusOr<Statement> Prepare(std::string_view sql);
  // The value of `PRAGMA <name>` as text.
  StatusOr<std::string> Pragma(const char* name);
  // Rows changed by the last INSERT, UPDATE or DELETE.
  int64_t Changes() const { return sqlite3_changes64(db_); }
  // False once SQLite has ended the transaction on its own (it does after some I/O errors).
  bool InTransaction() const { return sqlite3_get_autocommit(db_) == 0; }
  // The settings' keys, or null.
  const crypto::Keyring* keys() const { return keys_ ? &*keys_ : nullptr; }
  // The settings' clock.
  const Clock& clock() const { return *clock_; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  Status Configure(const ConnectionSettings& settings);

  // Statements built from filters vary; past this many the cache stops growing.
  static constexpr size_t kMaxCachedStatements = 256;

  sqlite3* db_;
  std::optional<crypto::Keyring> keys_;
  const Clock* clock_ = &Clock::System();
  struct Cached {
    sqlite3_stmt* stmt = nullptr;
    bool in_use = false;  // borrowed; a nested use of the same SQL gets its own statement
  };
  // Node-based, so a Statement may keep a pointer to its entry's flag across insertions.
  std::unordered_map<std::string, Cached> cache_;
};

}  // namespace homeward::store::internal
