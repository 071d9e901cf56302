#pragma once
// A thin RAII wrapper over the SQLite C API: one connection, cached prepared statements, and
// errors as exceptions carrying SQLite's own message (the store turns them into log lines).
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

#include "server/store/blob.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace duet::server {

class SqliteError : public std::runtime_error {
 public:
  explicit SqliteError(const std::string& what, int code = 0) : std::runtime_error(what), code_(code) {}
  int code() const { return code_; }  // SQLite's primary result code (SQLITE_FULL, ...), 0 if none
  // The database could not take the write now (full, I/O, locked, out of memory), as opposed to a
  // write that can never succeed (a constraint, bad SQL): the first kind is worth trying again.
  bool transient() const;

 private:
  int code_;
};

class Row {
 public:
  explicit Row(sqlite3_stmt* s) : s_(s) {}
  std::string text(int col) const;
  std::int64_t integer(int col) const;
  std::string blob(int col) const;

 private:
  sqlite3_stmt* s_;
};

class Db {
 public:
  explicit Db(const std::string& path);  // opens or creates
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  void exec(const std::string& sql);  // one or more statements, no parameters
  // Runs one statement with parameters; calls `each` for every result row.
  template <class... Args>
  void query(const std::string& sql, const std::function<void(const Row&)>& each, const Args&... args) {
    sqlite3_stmt* s = prepare(sql);
    int i = 0;
    (bind(s, ++i, args), ...);
    step_all(s, sql, each);
  }
  template <class... Args>
  void run(const std::string& sql, const Args&... args) {
    query(sql, std::function<void(const Row&)>{}, args...);
  }
  std::int64_t changes() const;
  // Called after each commit with the WAL's size in pages (sqlite3_wal_hook). Replaces SQLite's
  // automatic checkpoints: whoever sets it decides when to checkpoint. When it returns true, this
  // connection runs a RESTART checkpoint at once (waiting for readers), so the WAL starts over.
  void on_wal_commit(std::function<bool(int pages)> hook);

 private:
  sqlite3_stmt* prepare(const std::string& sql);
  static void bind(sqlite3_stmt* s, int i, std::string_view v);
  static void bind(sqlite3_stmt* s, int i, const std::string& v) { bind(s, i, std::string_view(v)); }
  static void bind(sqlite3_stmt* s, int i, const char* v) { bind(s, i, std::string_view(v)); }
  static void bind(sqlite3_stmt* s, int i, std::int64_t v);
  static void bind(sqlite3_stmt* s, int i, Blob v);
  static void bind(sqlite3_stmt* s, int i, int v) { bind(s, i, static_cast<std::int64_t>(v)); }
  static void bind(sqlite3_stmt* s, int i, bool v) { bind(s, i, static_cast<std::int64_t>(v ? 1 : 0)); }
  void step_all(sqlite3_stmt* s, const std::string& sql, const std::function<void(const Row&)>& each);
  [[noreturn]] void fail(const std::string& what) const;

  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
  std::function<bool(int)> wal_hook_;
};

}  // namespace duet::server
