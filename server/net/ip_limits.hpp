#pragma once
// What one client address may still do, kept by time rather than by connection: its message bucket
// (shared by all its connections) and its count of violations in the abuse window. A client that
// closes and reconnects continues where it was; an entry leaves only once it has nothing left to
// remember (idle for longer than the bucket needs to refill and the abuse window lasts). The table is
// bounded: past `max_entries` addresses the least recently seen is forgotten, so churn through many
// addresses costs a fixed amount of memory.
#include <cstddef>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>

#include "server/config.hpp"
#include "server/net/token_bucket.hpp"

namespace duet::server {

class IpLimits {
 public:
  explicit IpLimits(const LimitsConfig& limits);

  // A token of the address's bucket; false when it is empty (the message is rate-limited).
  bool take(const std::string& ip, double now_s);
  // `n` messages the address sent to other nodes of the cluster (SharedIpUsage): they count here too.
  void charge(const std::string& ip, double n, double now_s);
  // Counts a bad or rate-limited frame; true when the address has reached abuse_violations within the
  // current abuse window: the connection that sent it is closed.
  bool violation(const std::string& ip, double now_s);
  // Forgets the addresses that have been idle long enough to have nothing left to limit.
  void sweep(double now_s);
  std::size_t size() const;

 private:
  struct Entry {
    std::string ip;
    TokenBucket bucket;
    double last_seen = 0;
    double window_start = 0;
    int violations = 0;
  };
  Entry& touch(const std::string& ip, double now_s);  // under the lock
  void forget_idle(double now_s);                     // under the lock

  const double rate_, burst_, window_s_, idle_s_;
  const int abuse_violations_;
  const std::size_t max_entries_;
  mutable std::mutex mutex_;
  std::list<Entry> lru_;  // most recently seen first
  std::unordered_map<std::string, std::list<Entry>::iterator> by_ip_;
};

}  // namespace duet::server
