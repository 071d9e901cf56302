#include "server/net/registry.hpp"

#include <algorithm>

namespace duet::server {

SessionId Registry::next_id() {
  std::lock_guard lock(mutex_);
  return ++next_;
}

void Registry::set_id_base(SessionId base) {
  std::lock_guard lock(mutex_);
  next_ = std::max(next_, base);
}

void Registry::close_all(std::uint16_t code, const std::string& reason) {
  std::vector<std::shared_ptr<Connection>> all;
  {
    std::lock_guard lock(mutex_);
    for (auto& [id, weak] : sessions_)
      if (auto c = weak.lock()) all.push_back(std::move(c));
  }
  for (auto& c : all) c->close(code, reason);
}

void Registry::add(SessionId id, std::weak_ptr<Connection> c) {
  std::lock_guard lock(mutex_);
  sessions_[id] = std::move(c);
}

void Registry::remove(SessionId id) {
  std::lock_guard lock(mutex_);
  sessions_.erase(id);
}

std::size_t Registry::size() const {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

std::shared_ptr<Connection> Registry::find(SessionId id) const {
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(id);
  return it == sessions_.end() ? nullptr : it->second.lock();
}

void Registry::send(SessionId to, std::shared_ptr<const std::string> frame) {
  if (auto c = find(to)) c->send(std::move(frame));
}

void Registry::set_executor(std::optional<net::any_io_executor> ex) {
  std::lock_guard lock(mutex_);
  executor_ = std::move(ex);
}

// Parcels wait in the outbox; only the first one into an empty outbox posts, so the I/O side wakes
// once for everything a commit released (its callbacks run back to back), not once per operation.
void Registry::deliver(std::vector<Parcel> parcels) {
  std::unique_lock lock(mutex_);
  if (!executor_) {  // no I/O threads (tests, or stopped): deliver from here
    lock.unlock();
    return deliver_here(parcels);
  }
  if (!outbox_.empty()) {  // a drain is already on its way and takes these too
    outbox_.insert(outbox_.end(), std::make_move_iterator(parcels.begin()), std::make_move_iterator(parcels.end()));
    return;
  }
  outbox_ = std::move(parcels);
  auto ex = *executor_;
  lock.unlock();
  net::post(ex, [this] { drain_outbox(); });
}

void Registry::drain_outbox() {
  std::vector<Parcel> parcels;
  {
    std::lock_guard lock(mutex_);
    parcels.swap(outbox_);
  }
  deliver_here(parcels);
}

void Registry::deliver_here(std::vector<Parcel>& parcels) {
  std::vector<std::shared_ptr<Connection>> to(parcels.size());
  {
    std::lock_guard lock(mutex_);  // once for the whole commit
    for (std::size_t i = 0; i < parcels.size(); ++i)
      if (auto it = sessions_.find(parcels[i].to); it != sessions_.end()) to[i] = it->second.lock();
  }
  for (std::size_t i = 0; i < parcels.size(); ++i) {
    if (!to[i]) continue;
    if (!parcels[i].frames.empty()) to[i]->send_all(std::move(parcels[i].frames));
    if (parcels[i].close) to[i]->close(parcels[i].code, parcels[i].reason);
  }
}

void Registry::sweep(double now_s) {
  std::vector<std::shared_ptr<Connection>> live;
  {
    std::lock_guard lock(mutex_);
    live.reserve(sessions_.size());
    for (const auto& [id, weak] : sessions_)
      if (auto c = weak.lock()) live.push_back(std::move(c));
  }
  for (const auto& c : live) c->check_idle(now_s);  // outside the lock: they may post
}

void Registry::close(SessionId to, std::uint16_t code, const std::string& reason) {
  if (auto c = find(to)) c->close(code, reason);
}

bool Registry::acquire_ip(const std::string& ip, int limit) {
  std::lock_guard lock(mutex_);
  int& n = per_ip_[ip];
  if (n >= limit) return false;
  ++n;
  return true;
}

void Registry::release_ip(const std::string& ip) {
  std::lock_guard lock(mutex_);
  auto it = per_ip_.find(ip);
  if (it == per_ip_.end()) return;
  if (--it->second <= 0) per_ip_.erase(it);  // its message bucket and abuse count stay (IpLimits)
}

int Registry::connections_of(const std::string& ip) const {
  std::lock_guard lock(mutex_);
  auto it = per_ip_.find(ip);
  return it == per_ip_.end() ? 0 : it->second;
}

std::map<std::string, int> Registry::connections_by_ip() const {
  std::lock_guard lock(mutex_);
  return per_ip_;
}

}  // namespace duet::server
