#include "server/net/ip_slots.hpp"

namespace duet::server {

std::unique_ptr<IpSlots::Slot> IpSlots::acquire(const std::string& ip, int limit) {
  std::lock_guard lock(mutex_);
  int& n = held_[ip];
  if (n >= limit) return nullptr;
  ++n;
  return std::make_unique<Slot>(*this, ip);
}

int IpSlots::held(const std::string& ip) const {
  std::lock_guard lock(mutex_);
  auto it = held_.find(ip);
  return it == held_.end() ? 0 : it->second;
}

void IpSlots::release(const std::string& ip) {
  std::lock_guard lock(mutex_);
  auto it = held_.find(ip);
  if (it != held_.end() && --it->second <= 0) held_.erase(it);
}

}  // namespace duet::server
