#pragma once
// Wrong agent tokens per client IP, by time: after `max_failures` wrong tokens within `window_s`
// seconds, that address's agent_hello is refused until the window has passed. Kept outside the hub
// (its own small mutex), so a flood of guesses is turned away before it costs the hub's lock, a
// hash or a store lookup. Reconnecting does not reset it. Time is passed in (seconds, monotonic).
#include <cstddef>
#include <map>
#include <mutex>
#include <string>

namespace duet::server {

class LoginThrottle {
 public:
  LoginThrottle(int max_failures, double window_s, std::size_t max_addresses = 100'000)
      : max_failures_(max_failures), window_s_(window_s), max_addresses_(max_addresses) {}

  // Seconds until `ip` may try again; 0 when it may try now.
  double retry_after(const std::string& ip, double now_s) const;
  void failed(const std::string& ip, double now_s);
  std::size_t addresses() const;

 private:
  struct Window {
    double start = 0;
    int failures = 0;
  };
  void make_room(double now_s);  // under the lock

  const int max_failures_;
  const double window_s_;
  const std::size_t max_addresses_;
  mutable std::mutex mutex_;
  std::map<std::string, Window> windows_;
};

}  // namespace duet::server
