#include "server/login_throttle.hpp"

#include <algorithm>

namespace duet::server {

double LoginThrottle::retry_after(const std::string& ip, double now_s) const {
  std::lock_guard lock(mutex_);
  auto it = windows_.find(ip);
  if (it == windows_.end() || it->second.failures < max_failures_) return 0;
  return std::max(0.0, it->second.start + window_s_ - now_s);
}

void LoginThrottle::failed(const std::string& ip, double now_s) {
  std::lock_guard lock(mutex_);
  auto it = windows_.find(ip);
  if (it == windows_.end()) {
    make_room(now_s);
    it = windows_.emplace(ip, Window{now_s, 0}).first;
  }
  Window& w = it->second;
  if (now_s - w.start >= window_s_) w = Window{now_s, 0};
  ++w.failures;
}

std::size_t LoginThrottle::addresses() const {
  std::lock_guard lock(mutex_);
  return windows_.size();
}

// Bounded memory under a spray of addresses: windows that ended go first, then the oldest one.
void LoginThrottle::make_room(double now_s) {
  if (windows_.size() < max_addresses_) return;
  std::erase_if(windows_, [&](const auto& e) { return now_s - e.second.start >= window_s_; });
  if (windows_.size() < max_addresses_) return;
  auto oldest = std::min_element(windows_.begin(), windows_.end(),
                                 [](const auto& a, const auto& b) { return a.second.start < b.second.start; });
  windows_.erase(oldest);
}

}  // namespace duet::server
