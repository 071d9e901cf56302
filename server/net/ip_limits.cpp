#include "server/net/ip_limits.hpp"

#include <algorithm>

namespace duet::server {

// Idle this long, an entry is as good as new: its bucket is full again and its abuse window is over.
IpLimits::IpLimits(const LimitsConfig& L)
    : rate_(L.ip_messages_per_s),
      burst_(L.ip_burst),
      window_s_(L.abuse_window_s),
      idle_s_(std::max<double>(L.abuse_window_s, L.ip_burst / L.ip_messages_per_s)),
      abuse_violations_(L.abuse_violations),
      max_entries_(std::max<std::size_t>(1, L.ip_entries)) {}

IpLimits::Entry& IpLimits::touch(const std::string& ip, double now_s) {
  if (auto it = by_ip_.find(ip); it != by_ip_.end()) {
    lru_.splice(lru_.begin(), lru_, it->second);
    it->second->last_seen = now_s;
    return *it->second;
  }
  if (by_ip_.size() >= max_entries_) {
    forget_idle(now_s);
    if (by_ip_.size() >= max_entries_) {  // all busy: the least recently seen goes
      by_ip_.erase(lru_.back().ip);
      lru_.pop_back();
    }
  }
  lru_.push_front(Entry{ip, TokenBucket(rate_, burst_), now_s, now_s, 0});
  by_ip_.emplace(ip, lru_.begin());
  return lru_.front();
}

bool IpLimits::take(const std::string& ip, double now_s) {
  std::lock_guard lock(mutex_);
  return touch(ip, now_s).bucket.take(now_s);
}

void IpLimits::charge(const std::string& ip, double n, double now_s) {
  std::lock_guard lock(mutex_);
  touch(ip, now_s).bucket.charge(n, now_s);
}

bool IpLimits::violation(const std::string& ip, double now_s) {
  std::lock_guard lock(mutex_);
  Entry& e = touch(ip, now_s);
  if (now_s - e.window_start > window_s_) {
    e.window_start = now_s;
    e.violations = 0;
  }
  return ++e.violations >= abuse_violations_;
}

// The list is in order of last use, so the idle ones are at its end.
void IpLimits::forget_idle(double now_s) {
  while (!lru_.empty() && now_s - lru_.back().last_seen > idle_s_) {
    by_ip_.erase(lru_.back().ip);
    lru_.pop_back();
  }
}

void IpLimits::sweep(double now_s) {
  std::lock_guard lock(mutex_);
  forget_idle(now_s);
}

std::size_t IpLimits::size() const {
  std::lock_guard lock(mutex_);
  return by_ip_.size();
}

}  // namespace duet::server
