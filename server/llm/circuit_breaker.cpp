#include "server/llm/circuit_breaker.hpp"

namespace duet::server::llm {

bool CircuitBreaker::allow(Clock::time_point now) {
  if (state_ == State::open && now - opened_at_ >= cooldown_) state_ = State::half_open, trial_out_ = false;
  switch (state_) {
    case State::closed: return true;
    case State::open: return false;
    case State::half_open:
      if (trial_out_) return false;
      trial_out_ = true;
      return true;
  }
  return false;
}

void CircuitBreaker::success() {
  state_ = State::closed;
  in_a_row_ = 0;
  trial_out_ = false;
}

void CircuitBreaker::failure(Clock::time_point now) {
  ++in_a_row_;
  if (state_ == State::half_open || in_a_row_ >= limit_) {
    state_ = State::open;
    opened_at_ = now;
    trial_out_ = false;
  }
}

}  // namespace duet::server::llm
