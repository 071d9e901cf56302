#include "server/store/sqlite_db.hpp"

#include <sqlite3.h>

namespace duet::server {

std::string Row::text(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, col));
  return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(s_, col))) : std::string();
}

std::int64_t Row::integer(int col) const { return sqlite3_column_int64(s_, col); }

std::string Row::blob(int col) const {
  const auto* p = static_cast<const char*>(sqlite3_column_blob(s_, col));
  return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(s_, col))) : std::string();
}

Db::Db(const std::string& path) {
  const int rc = sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                                 nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw SqliteError("cannot open " + path + ": " + msg);
  }
  sqlite3_busy_timeout(db_, 5000);
}

Db::~Db() {
  for (auto& [sql, s] : statements_) sqlite3_finalize(s);
  sqlite3_close(db_);
}

bool SqliteError::transient() const {
  switch (code_) {
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_NOMEM:
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PROTOCOL:
    case SQLITE_INTERRUPT: return true;
    default: return false;
  }
}

void Db::fail(const std::string& what) const {
  throw SqliteError(what + ": " + sqlite3_errmsg(db_), sqlite3_errcode(db_) & 0xff);
}

void Db::exec(const std::string& sql) {
  char* err = nullptr;
  if (const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err); rc != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    throw SqliteError("sql failed: " + msg, rc & 0xff);
  }
}

sqlite3_stmt* Db::prepare(const std::string& sql) {
  if (auto it = statements_.find(sql); it != statements_.end()) return it->second;
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &s, nullptr) != SQLITE_OK)
    fail("cannot prepare \"" + sql + "\"");
  statements_.emplace(sql, s);
  return s;
}

void Db::bind(sqlite3_stmt* s, int i, std::string_view v) {
  sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
}

void Db::bind(sqlite3_stmt* s, int i, std::int64_t v) { sqlite3_bind_int64(s, i, v); }
void Db::bind(sqlite3_stmt* s, int i, Blob v) {
  sqlite3_bind_blob64(s, i, v.bytes.data(), v.bytes.size(), SQLITE_TRANSIENT);
}

void Db::step_all(sqlite3_stmt* s, const std::string& sql, const std::function<void(const Row&)>& each) {
  struct Reset {
    sqlite3_stmt* s;
    ~Reset() {
      sqlite3_reset(s);
      sqlite3_clear_bindings(s);
    }
  } reset{s};
  for (;;) {
    const int rc = sqlite3_step(s);
    if (rc == SQLITE_DONE) return;
    if (rc != SQLITE_ROW) fail("sql failed \"" + sql + "\"");
    if (each) each(Row(s));
  }
}

std::int64_t Db::changes() const { return sqlite3_changes64(db_); }

void Db::on_wal_commit(std::function<bool(int)> hook) {
  wal_hook_ = std::move(hook);
  sqlite3_wal_hook(
      db_,
      [](void* self, sqlite3* db, const char* name, int pages) {
        bool restart = false;
        try {  // nothing may unwind through SQLite's C frames
          restart = static_cast<Db*>(self)->wal_hook_(pages);
        } catch (...) {
        }
        // As SQLite's own automatic checkpoint does, from the hook; a failure leaves the WAL to grow.
        if (restart) sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_RESTART, nullptr, nullptr);
        return SQLITE_OK;
      },
      this);
}

}  // namespace duet::server
