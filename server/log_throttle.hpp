#pragma once
// Lets one log line per interval through and counts the others, for events that can repeat
// thousands of times a second (accept failures when the process is out of descriptors): the log
// must not become the next thing that fills the disk. Thread-safe.
#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>

namespace duet::server {

class LogThrottle {
 public:
  using Clock = std::chrono::steady_clock;
  explicit LogThrottle(Clock::duration interval) : interval_(interval) {}

  // nullopt: stay quiet (counted); otherwise log now, with how many lines were held back since.
  std::optional<std::size_t> admit(Clock::time_point now = Clock::now()) {
    std::lock_guard lock(mutex_);
    if (last_ && now - *last_ < interval_) {
      ++suppressed_;
      return std::nullopt;
    }
    last_ = now;
    const std::size_t held_back = suppressed_;
    suppressed_ = 0;
    return held_back;
  }

 private:
  const Clock::duration interval_;
  std::mutex mutex_;
  std::optional<Clock::time_point> last_;
  std::size_t suppressed_ = 0;
};

}  // namespace duet::server
