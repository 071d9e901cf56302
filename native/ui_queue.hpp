#pragma once
// Hands work from network threads to the UI thread: the UI thread drains it between frames.
// Items can be due later (the injected network delay); they run in the order they were posted.
#include <chrono>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>

#include "model/types.hpp"

namespace duet::native {

inline TimeMs wall_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

class UiQueue {
 public:
  // `wake` is called from any thread after a post (glfwPostEmptyEvent natively).
  explicit UiQueue(std::function<void()> wake = {}) : wake_(std::move(wake)) {}
  void set_wake(std::function<void()> wake) {
    std::lock_guard lock(mu_);
    wake_ = std::move(wake);
  }

  void post(std::function<void()> fn, TimeMs due = 0) {
    std::function<void()> wake;
    {
      std::lock_guard lock(mu_);
      items_.push_back({due, std::move(fn)});
      wake = wake_;
    }
    if (wake) wake();
  }

  // Runs what is due, in order; stops at the first item not yet due so order is kept.
  // Returns how many ran.
  int drain(TimeMs now) {
    int ran = 0;
    for (;;) {
      std::function<void()> fn;
      {
        std::lock_guard lock(mu_);
        if (items_.empty() || items_.front().due > now) break;
        fn = std::move(items_.front().fn);
        items_.pop_front();
      }
      fn();
      ++ran;
    }
    return ran;
  }

  std::optional<TimeMs> next_due() const {
    std::lock_guard lock(mu_);
    if (items_.empty()) return std::nullopt;
    return items_.front().due;
  }

 private:
  struct Item {
    TimeMs due;
    std::function<void()> fn;
  };
  mutable std::mutex mu_;
  std::deque<Item> items_;
  std::function<void()> wake_;
};

}  // namespace duet::native
