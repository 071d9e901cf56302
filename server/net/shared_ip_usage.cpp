#include "server/net/shared_ip_usage.hpp"

#include "server/net/ip_limits.hpp"
#include "server/net/registry.hpp"

namespace duet::server {

void SharedIpUsage::message_taken(const std::string& ip) {
  if (!enabled_) return;
  std::lock_guard lock(mutex_);
  ++messages_[ip];
}

void SharedIpUsage::connections_changed(const std::string& ip) {
  if (!enabled_) return;
  std::lock_guard lock(mutex_);
  changed_.insert(ip);
}

SharedIpUsage::Report SharedIpUsage::take_report(const Registry& registry, bool full) {
  Report r;
  r.full = full;
  std::set<std::string> changed;
  {
    std::lock_guard lock(mutex_);
    r.messages.assign(messages_.begin(), messages_.end());
    messages_.clear();
    changed.swap(changed_);
  }
  if (full) {
    for (const auto& [ip, n] : registry.connections_by_ip()) r.connections.emplace_back(ip, static_cast<std::uint32_t>(n));
  } else {
    for (const auto& ip : changed) r.connections.emplace_back(ip, static_cast<std::uint32_t>(registry.connections_of(ip)));
  }
  return r;
}

int SharedIpUsage::remote_connections(const std::string& ip) const {
  if (!enabled_) return 0;
  std::lock_guard lock(mutex_);
  auto it = remote_total_.find(ip);
  return it == remote_total_.end() ? 0 : it->second;
}

void SharedIpUsage::apply(std::int64_t node, const Report& r, IpLimits& limits, double now_s) {
  for (const auto& [ip, n] : r.messages) limits.charge(ip, n, now_s);
  std::lock_guard lock(mutex_);
  auto& theirs = remote_[node];
  auto set = [&](const std::string& ip, std::uint32_t n) {
    auto it = theirs.find(ip);
    const int before = it == theirs.end() ? 0 : static_cast<int>(it->second);
    if (n == 0 && it != theirs.end()) theirs.erase(it);
    else if (n > 0) theirs[ip] = n;
    int& total = remote_total_[ip];
    total += static_cast<int>(n) - before;
    if (total <= 0) remote_total_.erase(ip);
  };
  if (r.full) {
    std::map<std::string, std::uint32_t> now(r.connections.begin(), r.connections.end());
    std::vector<std::string> dropped;
    for (const auto& [ip, _] : theirs)
      if (!now.count(ip)) dropped.push_back(ip);
    for (const auto& ip : dropped) set(ip, 0);
  }
  for (const auto& [ip, n] : r.connections) set(ip, n);
}

void SharedIpUsage::forget(std::int64_t node) {
  std::lock_guard lock(mutex_);
  auto it = remote_.find(node);
  if (it == remote_.end()) return;
  for (const auto& [ip, n] : it->second) {
    int& total = remote_total_[ip];
    total -= static_cast<int>(n);
    if (total <= 0) remote_total_.erase(ip);
  }
  remote_.erase(it);
}

void SharedIpUsage::forget_all() {
  std::lock_guard lock(mutex_);
  remote_.clear();
  remote_total_.clear();
}

std::set<std::int64_t> SharedIpUsage::nodes() const {
  std::lock_guard lock(mutex_);
  std::set<std::int64_t> out;
  for (const auto& [n, _] : remote_) out.insert(n);
  return out;
}

}  // namespace duet::server
