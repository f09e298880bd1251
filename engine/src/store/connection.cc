#include "internal/connection.h"

#include <string>
#include <utility>

namespace homeward::store::internal {

Status FromSqlite(int rc, std::string_view operation) {
  switch (rc & 0xFF) {
    case SQLITE_OK:
    case SQLITE_ROW:
    case SQLITE_DONE:
      return Status::Ok();
    case SQLITE_CONSTRAINT:
      if (rc == SQLITE_CONSTRAINT_PRIMARYKEY || rc == SQLITE_CONSTRAINT_UNIQUE) {
        return Status::AlreadyExists("a record with this id or key already exists");
      }
      return Status::FailedPrecondition(
          "the change refers to a record that does not exist, or removes one still referred to");
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status::Unavailable("the database is busy; try again");
    case SQLITE_FULL:
      return Status::ResourceExhausted("the database is full");
    default:
      // Never shown to a client (internal errors answer a generic 500); kept for logs and tools.
      return Status::Internal(std::string(operation) + ": " + sqlite3_errstr(rc));
  }
}

Statement::Statement(Statement&& other) noexcept
    : stmt_(std::exchange(other.stmt_, nullptr)),
      in_use_(std::exchange(other.in_use_, nullptr)),
      bind_rc_(other.bind_rc_) {}

Statement::~Statement() {
  if (stmt_ == nullptr) return;
  if (in_use_ == nullptr) {
    sqlite3_finalize(stmt_);
    return;
  }
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  *in_use_ = false;
}

void Statement::NoteBind(int rc) {
  if (bind_rc_ == SQLITE_OK) bind_rc_ = rc;
}

Statement& Statement::Bind(int index, std::string_view text) {
  NoteBind(
      sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
  return *this;
}

Statement& Statement::Bind(int index, int64_t value) {
  NoteBind(sqlite3_bind_int64(stmt_, index, value));
  return *this;
}

Statement& Statement::Bind(int index, double value) {
  NoteBind(sqlite3_bind_double(stmt_, index, value));
  return *this;
}

Statement& Statement::BindNull(int index) {
  NoteBind(sqlite3_bind_null(stmt_, index));
  return *this;
}

StatusOr<bool> Statement::Step() {
  if (bind_rc_ != SQLITE_OK) return FromSqlite(bind_rc_, "bind");
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  // sqlite3_step returns the extended code because extended result codes are enabled.
  return FromSqlite(rc, "step");
}

Status Statement::Run() {
  for (;;) {
    HW_ASSIGN_OR_RETURN(bool row, Step());
    if (!row) return Status::Ok();
  }
}

std::string_view Statement::Text(int column) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  if (text == nullptr) return {};
  return {text, static_cast<size_t>(sqlite3_column_bytes(stmt_, column))};
}

int64_t Statement::Int(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

double Statement::Real(int column) const {
  return sqlite3_column_double(stmt_, column);
}

bool Statement::IsNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

StatusOr<std::unique_ptr<Connection>> Connection::Open(const std::string& path,
                                                       const ConnectionSettings& settings) {
  // Each connection is used by one thread at a time, so SQLite's own mutexes are not needed.
  int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  flags |= settings.read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_close_v2(db);
    return FromSqlite(rc, "open database");
  }
  sqlite3_extended_result_codes(db, 1);
  std::unique_ptr<Connection> connection(new Connection(db));
  connection->keys_ = settings.keys;
  connection->clock_ = settings.clock;
  HW_RETURN_IF_ERROR(connection->Configure(settings));
  return connection;
}

Connection::~Connection() {
  for (auto& [sql, cached] : cache_) sqlite3_finalize(cached.stmt);
  sqlite3_close_v2(db_);
}

Status Connection::Configure(const ConnectionSettings& settings) {
  // Refuse SQL that could corrupt the file on purpose (writable_schema and the like).
  sqlite3_db_config(db_, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  const std::string timeout = std::to_string(settings.busy_timeout.count());
  if (!settings.read_only) HW_RETURN_IF_ERROR(Exec("PRAGMA journal_mode = WAL"));
  HW_RETURN_IF_ERROR(Exec(("PRAGMA busy_timeout = " + timeout).c_str()));
  // A negative cache_size is in KiB rather than pages.
  HW_RETURN_IF_ERROR(Exec(("PRAGMA cache_size = -" + std::to_string(settings.cache_kib)).c_str()));
  HW_RETURN_IF_ERROR(
      Exec("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA trusted_schema = OFF; "
           "PRAGMA secure_delete = ON;"));

  // Assert the settings by reading them back: a pragma SQLite does not know, or one a
  // compile-time option pins, is silently ignored when set.
  const std::pair<const char*, std::string> expected[] = {
      {"journal_mode", "wal"},   {"foreign_keys", "1"},   {"synchronous", "2"},
      {"busy_timeout", timeout}, {"trusted_schema", "0"}, {"secure_delete", "1"},
  };
  for (const auto& [name, value] : expected) {
    HW_ASSIGN_OR_RETURN(std::string actual, Pragma(name));
    if (actual != value) {
      return Status::FailedPrecondition(std::string("pragma ") + name + " is " + actual +
                                        ", expected " + value);
    }
  }
  return Status::Ok();
}

Status Connection::Exec(const char* sql) {
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
  return FromSqlite(rc == SQLITE_OK ? rc : sqlite3_extended_errcode(db_), "execute");
}

StatusOr<Statement> Connection::Prepare(std::string_view sql) {
  std::string key(sql);
  auto it = cache_.find(key);
  if (it != cache_.end() && !it->second.in_use) {
    it->second.in_use = true;
    return Statement(it->second.stmt, &it->second.in_use);
  }
  const bool cache = it == cache_.end() && cache_.size() < kMaxCachedStatements;
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              cache ? SQLITE_PREPARE_PERSISTENT : 0, &stmt, nullptr);
  if (rc != SQLITE_OK) return FromSqlite(rc, "prepare");
  if (!cache) return Statement(stmt, nullptr);
  Cached& entry = cache_[std::move(key)];
  entry = Cached{stmt, true};
  return Statement(stmt, &entry.in_use);
}

StatusOr<std::string> Connection::Pragma(const char* name) {
  HW_ASSIGN_OR_RETURN(Statement stmt, Prepare(std::string("PRAGMA ") + name));
  HW_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return Status::Internal(std::string("pragma ") + name + " returned nothing");
  return std::string(stmt.Text(0));
}

}  // namespace homeward::store::internal
