#include "server/store/pg_pool.hpp"

namespace duet::server {
namespace {
// A read that failed inside its transaction leaves it open: end it before the connection's next read.
void end_transaction(PgConn& c) {
  if (!c.ok()) return;
  try {
    c.exec("ROLLBACK");
  } catch (...) {
  }
}
}  // namespace

PgPool::PgPool(std::string conninfo, int size, std::function<void(PgConn&)> setup)
    : conninfo_(std::move(conninfo)), size_(std::max(1, size)), setup_(std::move(setup)) {}

std::unique_ptr<PgConn> PgPool::acquire() {
  {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [&] { return !idle_.empty() || open_ < size_; });
    if (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      return c;
    }
    ++open_;
  }
  try {  // connecting takes a while: not under the lock
    auto c = std::make_unique<PgConn>(conninfo_);
    if (setup_) setup_(*c);
    return c;
  } catch (...) {
    release(nullptr);
    throw;
  }
}

void PgPool::release(std::unique_ptr<PgConn> c) {
  std::lock_guard lock(mutex_);
  if (c && c->ok()) idle_.push_back(std::move(c));
  else --open_;  // a broken one is closed; the next read opens a fresh one
  cv_.notify_one();
}

void PgPool::with(const std::function<void(PgConn&)>& read) {
  auto c = acquire();
  try {
    read(*c);
    release(std::move(c));
    return;
  } catch (const PgError& e) {
    end_transaction(*c);
    if (!e.transient() || c->ok()) {
      release(std::move(c));
      throw;
    }
  } catch (...) {
    end_transaction(*c);
    release(std::move(c));
    throw;
  }
  // The connection broke (a restart, a failover): once more on a fresh one.
  try {
    c->reset();
    if (setup_) setup_(*c);
    read(*c);
  } catch (...) {
    end_transaction(*c);
    release(std::move(c));
    throw;
  }
  release(std::move(c));
}

}  // namespace duet::server
