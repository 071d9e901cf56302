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

bool WalCheckpointer::wal_pages(int pages) noexcept {
  if (pages < pages_) return false;
  if (pages >= 8 * pages_) return true;
  {
    std::lock_guard lock(mutex_);
    wanted_ = true;
  }
  cv_.notify_one();
  return false;
}

void WalCheckpointer::loop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    cv_.wait(lock, [&] { return wanted_ || stopping_; });
    if (stopping_) return;
    wanted_ = false;
    lock.unlock();
    try {
      db_->exec("PRAGMA wal_checkpoint(PASSIVE);");
    } catch (const std::exception& e) {
      log::warn("store_checkpoint_failed", {{"error", e.what()}});
    }
    lock.lock();
  }
}

}  // namespace duet::server
