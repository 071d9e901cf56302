#pragma once
// Open connections per client IP, for a cap (plain HTTP connections, before any upgrade): one address
// must not hold every file descriptor of the process. A Slot gives its place back when destroyed.
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace duet::server {

class IpSlots {
 public:
  class Slot {
   public:
    Slot(IpSlots& owner, std::string ip) : owner_(owner), ip_(std::move(ip)) {}
    ~Slot() { owner_.release(ip_); }
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;

   private:
    IpSlots& owner_;
    std::string ip_;
  };

  // nullptr when `ip` already holds `limit` slots.
  std::unique_ptr<Slot> acquire(const std::string& ip, int limit);
  int held(const std::string& ip) const;

 private:
  void release(const std::string& ip);

  mutable std::mutex mutex_;
  std::map<std::string, int> held_;  // only addresses holding at least one slot
};

}  // namespace duet::server
