#pragma once
// Connections for the synchronous reads, opened on demand up to a bound; a read waits for a free
// one rather than opening more. A read that finds its connection broken (PostgreSQL restarted)
// reconnects and runs once more before it gives up.
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "server/store/pg_conn.hpp"

namespace duet::server {

class PgPool {
 public:
  // `setup` runs on every new or reconnected connection (session settings).
  PgPool(std::string conninfo, int size, std::function<void(PgConn&)> setup);
  PgPool(const PgPool&) = delete;
  PgPool& operator=(const PgPool&) = delete;

  // Runs `read` on a connection of the pool; rethrows what it throws when a retry does not help.
  void with(const std::function<void(PgConn&)>& read);

 private:
  std::unique_ptr<PgConn> acquire();
  void release(std::unique_ptr<PgConn> c);

  const std::string conninfo_;
  const int size_;
  const std::function<void(PgConn&)> setup_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<PgConn>> idle_;
  int open_ = 0;  // idle and lent out
};

}  // namespace duet::server
