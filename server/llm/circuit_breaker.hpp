#pragma once
// Stops asking an endpoint that keeps failing: `failures` failures in a row open the breaker for
// `cooldown`; then one request may try (half-open): its success closes the breaker, its failure opens
// it again. Time comes in from the caller, so tests need no clock. Not thread-safe: one owner thread.
#include <chrono>

namespace duet::server::llm {

class CircuitBreaker {
 public:
  using Clock = std::chrono::steady_clock;
  enum class State { closed, open, half_open };

  CircuitBreaker(int failures, std::chrono::milliseconds cooldown) : limit_(failures), cooldown_(cooldown) {}
  // May a request go to the endpoint now? In half-open, only the first caller gets true.
  bool allow(Clock::time_point now);
  void success();
  void failure(Clock::time_point now);
  State state() const { return state_; }

 private:
  int limit_;
  std::chrono::milliseconds cooldown_;
  State state_ = State::closed;
  int in_a_row_ = 0;
  bool trial_out_ = false;  // half-open: the one trial request is under way
  Clock::time_point opened_at_{};
};

}  // namespace duet::server::llm
