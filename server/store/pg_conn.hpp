#pragma once
// A thin RAII wrapper over libpq: one connection, statements with text parameters, and errors as
// exceptions carrying PostgreSQL's message and SQLSTATE (the store turns them into log lines and
// decides whether a write is worth trying again).
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "server/store/blob.hpp"

struct pg_conn;
struct pg_result;

namespace duet::server {

class PgError : public std::runtime_error {
 public:
  PgError(const std::string& what, std::string sqlstate) : std::runtime_error(what), sqlstate_(std::move(sqlstate)) {}
  const std::string& sqlstate() const { return sqlstate_; }  // "" when the connection itself failed
  // The server could not take the statement now (connection lost, shutting down, out of resources,
  // a serialization conflict), as opposed to one that can never succeed (a constraint, bad SQL).
  bool transient() const;

 private:
  std::string sqlstate_;
};

class PgRow {
 public:
  PgRow(const pg_result* r, int row) : r_(r), row_(row) {}
  std::string text(int col) const;
  std::int64_t integer(int col) const;
  bool boolean(int col) const;
  std::string bytea(int col) const;  // a BYTEA column (text format: "\\x" and hex)

 private:
  const pg_result* r_;
  int row_;
};

class PgConn {
 public:
  // Connects (a libpq conninfo string or postgresql:// URI); throws PgError when it cannot.
  explicit PgConn(const std::string& conninfo);
  ~PgConn();
  PgConn(const PgConn&) = delete;
  PgConn& operator=(const PgConn&) = delete;

  // One or more statements, no parameters.
  void exec(const std::string& sql);
  // One statement with parameters ($1, $2, ...); calls `each` for every result row.
  template <class... Args>
  void query(const std::string& sql, const std::function<void(const PgRow&)>& each, const Args&... args) {
    std::vector<std::string> params;
    params.reserve(sizeof...(args));
    (params.push_back(param(args)), ...);
    run_params(sql, params, each);
  }
  template <class... Args>
  void run(const std::string& sql, const Args&... args) {
    query(sql, std::function<void(const PgRow&)>{}, args...);
  }

  bool ok() const;  // the connection is up (as far as libpq knows)
  void reset();     // reconnects with the same conninfo; throws PgError when it cannot

 private:
  static std::string param(std::string_view v) { return std::string(v); }
  static std::string param(const std::string& v) { return v; }
  static std::string param(const char* v) { return v; }
  static std::string param(std::int64_t v) { return std::to_string(v); }
  static std::string param(int v) { return std::to_string(v); }
  static std::string param(bool v) { return v ? "true" : "false"; }
  static std::string param(Blob v);  // for a BYTEA column: hex in the text format
  void run_params(const std::string& sql, const std::vector<std::string>& params,
                  const std::function<void(const PgRow&)>& each);

  pg_conn* conn_ = nullptr;
};

}  // namespace duet::server
