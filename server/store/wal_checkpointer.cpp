#include "server/store/wal_checkpointer.hpp"

#include "server/log.hpp"
#include "server/store/sqlite_db.hpp"

namespace duet::server {

WalCheckpointer::WalCheckpointer(const std::string& path, int pages)
    : db_(std::make_unique<Db>(path)), pages_(pages), thread_([this] { loop(); }) {}

WalCheckpointer::~WalCheckpointer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_one();
  thread_.join();
}

void WalCheckpointer::wal_pages(int pages) noexcept {
  if (pages < pages_) return;
  {
    std::lock_guard lock(mutex_);
    wanted_ = true;
    pages_seen_ = pages;
  }
  cv_.notify_one();
}

void WalCheckpointer::loop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    cv_.wait(lock, [&] { return wanted_ || stopping_; });
    if (stopping_) return;
    wanted_ = false;
    const bool far_behind = pages_seen_ >= 8 * pages_;
    lock.unlock();
    try {
      db_->exec(far_behind ? "PRAGMA wal_checkpoint(RESTART);" : "PRAGMA wal_checkpoint(PASSIVE);");
    } catch (const std::exception& e) {
      log::warn("store_checkpoint_failed", {{"error", e.what()}});
    }
    lock.lock();
  }
}

}  // namespace duet::server
