#include "blocking_store.hpp"

namespace duet::test {

void BlockingStore::block(Read r) {
  std::lock_guard lock(mutex_);
  blocked_[r] = true;
}

void BlockingStore::release(Read r) {
  {
    std::lock_guard lock(mutex_);
    blocked_[r] = false;
  }
  cv_.notify_all();
}

bool BlockingStore::wait_blocked(Read r, int n, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return cv_.wait_for(lock, timeout, [&] { return waiting_[r] >= n; });
}

int BlockingStore::waiting(Read r) {
  std::lock_guard lock(mutex_);
  return waiting_[r];
}

void BlockingStore::pass(Read r) {
  std::unique_lock lock(mutex_);
  ++waiting_[r];
  cv_.notify_all();
  cv_.wait_for(lock, std::chrono::seconds(10), [&] { return !blocked_[r]; });
  --waiting_[r];
  cv_.notify_all();
}

}  // namespace duet::test
