#include "server/store/pg_conn.hpp"

#include <libpq-fe.h>

#include <memory>

namespace duet::server {
namespace {

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

std::string trimmed(const char* message) {
  std::string s = message ? message : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// Throws unless `r` is a success; the error carries the statement's SQLSTATE.
void check(PGconn* conn, const PGresult* r, const std::string& sql) {
  const ExecStatusType status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return;
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  const std::string message = trimmed(r ? PQresultErrorMessage(r) : PQerrorMessage(conn));
  throw PgError(message + " (in: " + sql.substr(0, 80) + ")", state ? state : "");
}

}  // namespace

bool PgError::transient() const {
  // No SQLSTATE: the connection broke. Class 08: connection exceptions; 40: serialization failures
  // and deadlocks; 53: insufficient resources (disk full, out of memory, too many connections);
  // 57: operator intervention (shutdown, crash recovery); 58: system errors (I/O).
  if (sqlstate_.size() != 5) return true;
  const std::string cls = sqlstate_.substr(0, 2);
  return cls == "08" || cls == "40" || cls == "53" || cls == "57" || cls == "58";
}

std::string PgRow::text(int col) const {
  if (PQgetisnull(r_, row_, col)) return {};
  return std::string(PQgetvalue(r_, row_, col), static_cast<std::size_t>(PQgetlength(r_, row_, col)));
}

std::string PgRow::bytea(int col) const {
  const std::string hex = text(col);
  auto nibble = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
  std::string out;
  if (hex.size() < 2 || hex[0] != '\\' || hex[1] != 'x') return out;
  out.reserve((hex.size() - 2) / 2);
  for (std::size_t i = 2; i + 1 < hex.size(); i += 2) out.push_back(char(nibble(hex[i]) << 4 | nibble(hex[i + 1])));
  return out;
}

std::string PgConn::param(Blob v) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex = "\\x";
  hex.reserve(2 + 2 * v.bytes.size());
  for (unsigned char c : v.bytes) {
    hex.push_back(kDigits[c >> 4]);
    hex.push_back(kDigits[c & 15]);
  }
  return hex;
}

std::int64_t PgRow::integer(int col) const {
  if (PQgetisnull(r_, row_, col)) return 0;
  return std::stoll(PQgetvalue(r_, row_, col));
}

bool PgRow::boolean(int col) const {
  const char* v = PQgetvalue(r_, row_, col);
  return v && v[0] == 't';
}

PgConn::PgConn(const std::string& conninfo) {
  conn_ = PQconnectdb(conninfo.c_str());
  if (!conn_ || PQstatus(conn_) != CONNECTION_OK) {
    const std::string message = conn_ ? trimmed(PQerrorMessage(conn_)) : "out of memory";
    if (conn_) PQfinish(conn_);
    conn_ = nullptr;
    throw PgError("cannot connect to PostgreSQL: " + message, "");
  }
  // Notices (e.g. "relation already exists, skipping") are not errors; keep them off stderr.
  PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);
}

PgConn::~PgConn() {
  if (conn_) PQfinish(conn_);
}

bool PgConn::ok() const { return conn_ && PQstatus(conn_) == CONNECTION_OK; }

void PgConn::reset() {
  PQreset(conn_);
  if (PQstatus(conn_) != CONNECTION_OK) throw PgError("cannot reconnect to PostgreSQL: " + trimmed(PQerrorMessage(conn_)), "");
}

void PgConn::exec(const std::string& sql) {
  ResultPtr r(PQexec(conn_, sql.c_str()));
  check(conn_, r.get(), sql);
}

void PgConn::run_params(const std::string& sql, const std::vector<std::string>& params,
                        const std::function<void(const PgRow&)>& each) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p.c_str());
  ResultPtr r(PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr,
                           nullptr, 0));
  check(conn_, r.get(), sql);
  if (!each) return;
  const int rows = PQntuples(r.get());
  for (int i = 0; i < rows; ++i) each(PgRow(r.get(), i));
}

}  // namespace duet::server
